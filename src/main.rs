//! The `cptref` binary: parses the command line and hands over to `cli::run`.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use cptref::cli::{self, Cli};

fn main() -> ExitCode {
    // `CPTREF_CONTENT=` (set, but empty) means no folder, as an empty
    // `NO_COLOR` means colour; clap would take it for a missing value.
    // Spaces or invisible marks alone are empty too, as for `content` in
    // the configuration.
    // `CPTREF_NO_CACHE=` likewise means what not setting it does.
    for variable in [cli::CONTENT_VARIABLE, cli::NO_CACHE_VARIABLE] {
        if std::env::var_os(variable)
            .is_some_and(|value| value.to_str().is_some_and(cptref::search::is_blank))
        {
            // SAFETY: no other thread has been started yet to read the
            // environment at the same time.
            unsafe { std::env::remove_var(variable) };
        }
    }
    // clap would blame `--no-cache` for a slip in the variable.
    if let Some(value) = std::env::var_os(cli::NO_CACHE_VARIABLE)
        && value.to_str().and_then(cli::no_cache_switch).is_none()
    {
        let _ = writeln!(
            Shown(io::stderr()),
            "error: {}={} is not a switch: give 1, true, yes or on to turn the cache \
             off, 0, false, no or off (or nothing) to keep it",
            cli::NO_CACHE_VARIABLE,
            cptref::text::shell_word(&value.to_string_lossy())
        );
        return ExitCode::from(cli::EXIT_ERROR);
    }
    if let Some(value) = std::env::var_os(cptref::watch::FROM_VARIABLE)
        && value
            .to_str()
            .is_none_or(|value| cptref::watch::from_setting(Some(value)).is_err())
    {
        let _ = writeln!(
            Shown(io::stderr()),
            "error: {}={} is not a number of files: give how many content files a folder \
             needs for a folder watch (5000 when unset), or 0 for none",
            cptref::watch::FROM_VARIABLE,
            cptref::text::shell_word(&value.to_string_lossy())
        );
        return ExitCode::from(cli::EXIT_ERROR);
    }
    let cli = match Cli::try_parse().or_else(help_asked_of_help) {
        Ok(cli) => cli,
        Err(usage) => return usage_said(&usage),
    };
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = io::BufWriter::new(ReaderGone(stdout.lock()));
    let mut err = Shown(stderr.lock());
    let result = cli::run(cli, &mut out, &mut err).and_then(|code| match out.flush() {
        // A browser its terminal hung up on leaves output it could not
        // write; the hang-up is the news, in the exit status.
        Err(_) if code == ExitCode::from(cli::EXIT_HANGUP) => Ok(code),
        flushed => flushed.map(|()| code),
    });
    match result {
        Ok(code) => code,
        // A closed pipe (`cptref list | head -1`) is the reader's choice, not a failure.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}

/// `cptref help --help` (or `help show -h`) asks for help as plainly as
/// `cptref help` does, where clap takes the flag for a command's name: the
/// command line is read again without it.
fn help_asked_of_help(usage: clap::Error) -> Result<Cli, clap::Error> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let flag = match usage.get(ContextKind::InvalidSubcommand) {
        Some(ContextValue::String(flag)) if usage.kind() == ErrorKind::InvalidSubcommand => flag,
        _ => return Err(usage),
    };
    if flag != "--help" && flag != "-h" {
        return Err(usage);
    }
    let mut args: Vec<_> = std::env::args_os().collect();
    let Some(at) = args.iter().rposition(|arg| arg == flag.as_str()) else {
        return Err(usage);
    };
    args.remove(at);
    Cli::try_parse_from(args)
}

/// Says what clap made of a command line it did not run: help, the version
/// or a usage error. Help that could not be written (`cptref --help
/// >/dev/full`) is a failure, as it is for `ls`; a reader who closed the pipe
/// early (`cptref --help | head -1`) chose to.
fn usage_said(usage: &clap::Error) -> ExitCode {
    match usage.print().and_then(|()| io::stdout().flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            let _ = writeln!(Shown(io::stderr()), "error: {error}");
            ExitCode::from(cli::EXIT_ERROR)
        }
        _ => ExitCode::from(u8::try_from(usage.exit_code()).unwrap_or(cli::EXIT_ERROR)),
    }
}

/// Standard output whose reader may stop reading (`cptref check | head`):
/// what is written after that is dropped, and the command goes on to the
/// exit status its work earns (1 for problems found, 3 for files left out),
/// as though the reader had taken it all.
struct ReaderGone<W: Write>(W);

impl<W: Write> Write for ReaderGone<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self.0.write(bytes) {
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(bytes.len()),
            written => written,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.0.flush() {
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            flushed => flushed,
        }
    }
}

/// Standard error as messages are shown: what they quote (a file's name, a
/// folder given, a line of a file) may hold control characters, which are
/// shown as `cptref::text::sanitize` shows them, never sent to the terminal
/// to act on. Nothing here writes to standard error to colour it.
///
/// A message that cannot be written (`2>/dev/full`, a closed pipe) is
/// dropped: a warning nobody can read is no reason to stop the browser or
/// to change the exit status the work earned.
struct Shown<W: Write>(W);

impl<W: Write> Write for Shown<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        // Formatting writes whole pieces of text; bytes that are not text
        // pass as they are.
        let _ = match std::str::from_utf8(bytes) {
            Ok(text) => self.0.write_all(cptref::text::sanitize(text).as_bytes()),
            Err(_) => self.0.write_all(bytes),
        };
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}
