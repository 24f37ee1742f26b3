//! The `cptref` binary: parses the command line and hands over to `cli::run`.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use cptref::cli::{self, Cli};

fn main() -> ExitCode {
    // `CPTREF_CONTENT=` (set, but empty) means no folder, as an empty
    // `NO_COLOR` means colour; clap would take it for a missing value.
    if std::env::var_os(cli::CONTENT_VARIABLE).is_some_and(|value| value.is_empty()) {
        // SAFETY: no other thread has been started yet to read the
        // environment at the same time.
        unsafe { std::env::remove_var(cli::CONTENT_VARIABLE) };
    }
    let cli = Cli::parse();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let result = cli::run(cli, &mut out, &mut err).and_then(|code| out.flush().map(|()| code));
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
