//! The command line: argument parsing and the scripting subcommands (`list`,
//! `show`, `search`, `check`). Output goes to a writer so tests and pipes see
//! exactly what a terminal would, minus colour.

use std::io::{self, IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::config::{self, Config, ConfigError};
use crate::loader::{self, Content, ContentSource};
use crate::show::{CODE, DIM, Painter, render_entry};
use crate::text::{counted, one_line, shell_word};
use crate::training::{Order, Session};
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: nothing found (unknown code, no search hit) or, for `check`,
/// problems found.
pub const EXIT_FOUND_NOTHING: u8 = 1;
/// Exit status: bad usage or content that cannot be read at all.
pub const EXIT_ERROR: u8 = 2;
/// Exit status: `list`, `show` or `search` did its work, but content files
/// did not load (bad input, which a script should not miss; the entries
/// that loaded are still listed or shown).
pub const EXIT_FILES_LEFT_OUT: u8 = 3;
/// Exit status: the browser's terminal hung up (SIGHUP, or the terminal
/// gone), as a shell reports a command SIGHUP ended.
pub const EXIT_HANGUP: u8 = 129;

/// How many of `content`'s files were left out (did not parse, repeat a
/// code, could not be read).
fn files_left_out(content: &Content) -> usize {
    content
        .findings
        .iter()
        .filter(|finding| finding.left_out_its_entry())
        .count()
}

/// " (3 files not loaded)" after a count of problems, or nothing. Content
/// names that are no file (a link to nothing, a folder) are counted apart:
/// the count of files read leaves them out.
fn not_loaded(content: &Content) -> String {
    let not_files = content
        .findings
        .iter()
        .filter(|finding| finding.names_no_file())
        .count();
    let files = files_left_out(content) - not_files;
    let names = match not_files {
        1 => "1 content name that is not a file".to_owned(),
        n => format!("{n} content names that are not files"),
    };
    match (files, not_files) {
        (0, 0) => String::new(),
        (0, _) => format!(" ({names})"),
        (_, 0) => format!(" ({} not loaded)", counted(files, "file", "files")),
        _ => format!(" ({} not loaded; {names})", counted(files, "file", "files")),
    }
}

/// `done`, a command's status over `content`, or `EXIT_FILES_LEFT_OUT`
/// where it succeeded with files left out.
fn left_out_said(done: io::Result<ExitCode>, content: &Content) -> io::Result<ExitCode> {
    let done = done?;
    Ok(
        if files_left_out(content) > 0 && done == ExitCode::from(EXIT_OK) {
            ExitCode::from(EXIT_FILES_LEFT_OUT)
        } else {
            done
        },
    )
}

/// The environment variable naming the content folder.
pub const CONTENT_VARIABLE: &str = "CPTREF_CONTENT";
/// The environment variable that turns the content cache off.
pub const NO_CACHE_VARIABLE: &str = "CPTREF_NO_CACHE";

/// The section `show --section` names: its number (1 to 9) or the start
/// of its name, in any case.
fn section_named(given: &str) -> Result<usize, String> {
    let names = crate::show::SECTIONS;
    let listed = || {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{} {name}", i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let given = given.trim();
    if let Ok(number) = given.parse::<usize>() {
        return if (1..=names.len()).contains(&number) {
            Ok(number)
        } else {
            Err(format!(
                "sections go from 1 to {}: {}",
                names.len(),
                listed()
            ))
        };
    }
    let lower = given.to_lowercase();
    let matching: Vec<usize> = (0..names.len())
        .filter(|&i| !lower.is_empty() && names[i].to_lowercase().starts_with(&lower))
        .collect();
    match matching[..] {
        [one] => Ok(one + 1),
        [] => Err(format!(
            "no section `{given}`; the sections are {}",
            listed()
        )),
        _ => Err(format!(
            "`{given}` starts {}; give more of the name, or its number",
            matching
                .iter()
                .map(|&i| names[i])
                .collect::<Vec<_>>()
                .join(" and ")
        )),
    }
}

/// What `CPTREF_NO_CACHE` says: `1`, `true`, `yes`, `y`, `on` turn the
/// cache off, their opposites keep it; anything else is a slip to be told
/// of (`None`), not taken for either.
pub fn no_cache_switch(value: &str) -> Option<bool> {
    // Spaces around it are a slip, as around `CPTREF_CONTENT`'s folder.
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "on" => Some(true),
        "0" | "false" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// A terminal reference browser for CPT procedure codes.
///
/// With no subcommand it opens the full-screen browser (or, when output is
/// not a terminal, prints the code list).
#[derive(Debug, Parser)]
#[command(
    name = "cptref",
    version,
    about,
    max_term_width = 100,
    after_help = "Configuration: $CPTREF_CONFIG, else config.toml in the user's configuration\n\
                  folder (~/.config/cptref on Linux): a default content folder and key bindings."
)]
pub struct Cli {
    /// Load content from this folder of .toml entries (and .txt publications)
    /// instead of the built-in set.
    #[arg(long, global = true, value_name = "DIR", env = CONTENT_VARIABLE)]
    pub content: Option<PathBuf>,

    /// Read and parse every content file, neither reading nor writing the
    /// content cache (kept in $CPTREF_CACHE_DIR, else the user's cache folder).
    #[arg(
        long,
        global = true,
        env = NO_CACHE_VARIABLE,
        value_parser = |value: &str| no_cache_switch(value).ok_or("not a switch")
    )]
    pub no_cache: bool,

    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColourChoice::Auto, value_name = "WHEN")]
    pub color: ColourChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColourChoice {
    /// Colour when writing to a terminal that can show it (`TERM` set, not
    /// `dumb`) and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every code with its title.
    List {
        /// Print a JSON array of {code, title}.
        #[arg(long)]
        json: bool,
    },
    /// Show everything about one code.
    Show {
        /// The CPT code, e.g. 64633, or a claim line (64624-RT, 64624 RT).
        #[arg(required = true, num_args = 1.., value_name = "CODE")]
        code: Vec<String>,
        /// Print the entry as a JSON object with the content file's keys.
        #[arg(long)]
        json: bool,
        /// Wrap at this many columns, 30 to 1000 (default: the terminal's
        /// width up to 100, for lines short enough to read; 80 when piped).
        #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(30..=1000))]
        width: Option<u16>,
        /// Print only this section (under the code and title), by number as
        /// the browser's digits go (1 Summary … 4 Modifiers … 9 Sources) or
        /// by the start of its name (mod, billing).
        #[arg(long, value_name = "SECTION", value_parser = section_named, conflicts_with = "json")]
        section: Option<usize>,
    },
    /// Search codes, titles, modifiers and text; best matches first.
    Search {
        /// Words to look for: a code or its start (6463), words (genicular
        /// ablation), an abbreviation (RFA), a modifier (50) or a claim line
        /// (64624-RT); filters mod:50, payer:medicare, site:office,
        /// kind:erratum, a range 64630-64640 or a prefix 6463*.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Print a JSON array of {code, title, score, field}.
        #[arg(long)]
        json: bool,
        /// Show at most this many results.
        #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
    },
    /// Trainer mode: walk through cases step by step, then ask for the code
    /// and a modifier, reveal and score.
    #[command(
        after_help = "Keys: Space or → next step · ← back · 1–4, or a code or modifier \
        typed, then Enter answers · r reveal · n speaker notes · Esc leaves for the browser · \
        q quits. While a modifier is asked, letters type: Ctrl-r, Ctrl-n and Ctrl-c there. \
        ? lists every key."
    )]
    Train {
        /// The codes to train on (default: every entry); a range (64630-64640)
        /// or a prefix (6463*) takes the entries in it.
        codes: Vec<String>,
        /// Seed for the order, the code choices and the modifier situations:
        /// the same seed asks a class the same questions again. Without
        /// one, a fresh seed under 10000 is picked, so it never reads as a
        /// code.
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// The order of the cases.
        #[arg(long, value_enum, default_value_t = Order::Shuffle)]
        order: Order,
        /// Show the code question's choices as codes alone, without their
        /// titles, so the class answers from what it knows of the codes
        /// (the reveal still gives the titles).
        #[arg(long)]
        codes_only: bool,
        /// When the session ends, print its result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Turn source publications (plain-text documents) into content files,
    /// one per document, named by code; their findings go into the file as
    /// comments.
    Import {
        /// The publication files to read.
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// The folder to write into.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// Overwrite files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Validate a content folder (without DIR, the content the other commands
    /// use) and print every problem as path:line:column: message.
    Check {
        /// The folder to check.
        dir: Option<PathBuf>,
        /// Print the findings as a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Watch a large content folder and vouch for its cache (see `watch`):
    /// started by cptref itself, in the background.
    #[command(hide = true)]
    WatchFolder {
        folder: PathBuf,
        cache_file: PathBuf,
    },
}

/// Has a folder watch vouch for the cache of `source` from now on, when it
/// is a folder large enough to need one (`watch::ensure`).
fn watch_folder(source: &ContentSource, cache_dir: Option<&Path>, files: usize) {
    if let (ContentSource::Folder(dir), Some(cache_dir)) = (source, cache_dir)
        && let Ok(program) = std::env::current_exe()
    {
        let cache_file = crate::cache::file_for(cache_dir, dir);
        crate::watch::ensure(dir, &cache_file, files, &program);
    }
}

/// Runs the parsed command line, writing results to `out` and diagnostics
/// to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    if let Some(Command::WatchFolder { folder, cache_file }) = &cli.command {
        // No one reads what it would say: it runs with no terminal.
        return Ok(match crate::watch::serve(folder, cache_file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(EXIT_ERROR),
        });
    }
    let colour = wants_colour(cli.color);
    let (config, keymap, config_path) = match configured() {
        Ok(configured) => configured,
        Err(error) => {
            // It quotes the file, which may hold anything.
            writeln!(err, "error: {}", one_line(&error.to_string()))?;
            return Ok(ExitCode::from(EXIT_ERROR));
        }
    };
    // A file named on purpose and not there is likely a slip in its name;
    // the defaults still serve, as ripgrep does with its config path.
    let config_missing = std::env::var_os(config::FILE_VARIABLE)
        .filter(|named| !named.is_empty() && !Path::new(named).exists())
        .map(|named| {
            format!(
                "{} names {}, which does not exist; the default settings are used",
                config::FILE_VARIABLE,
                one_line(&Path::new(&named).display().to_string())
            )
        });
    if let Some(warning) = &config_missing {
        writeln!(err, "warning: {warning}")?;
    }
    let source = match (&cli.command, &cli.content, &config.content) {
        (Some(Command::Check { dir: Some(dir), .. }), _, _) => ContentSource::Folder(dir.clone()),
        (_, Some(dir), _) | (_, None, Some(dir)) => ContentSource::Folder(dir.clone()),
        (_, None, None) => ContentSource::Builtin,
    };
    // A folder the configuration file names is not on the command line:
    // a problem with it says where it was set.
    let set_in = match (&cli.command, &cli.content, &config_path) {
        (Some(Command::Check { dir: Some(_), .. }), _, _) | (_, Some(_), _) => String::new(),
        (_, None, Some(path)) if config.content.is_some() => {
            format!(" (the folder `content` names in {})", path.display())
        }
        _ => String::new(),
    };
    let checking = matches!(cli.command, Some(Command::Check { .. }));
    // Loaded only by the commands that read a content set (not `import`).
    let cache_dir = if cli.no_cache {
        None
    } else {
        crate::cache::default_dir()
    };
    // Not dropped by the commands that print: the process ends after them
    // and frees it at once, where a large set freed entry by entry would
    // hold up the exit by tens of milliseconds. (The trainer takes it back.)
    let load = |err: &mut dyn Write| -> io::Result<Option<ManuallyDrop<Content>>> {
        let loaded = match &cache_dir {
            Some(dir) => loader::load_cached(&source, dir),
            None => loader::load(&source),
        };
        if let Ok(content) = &loaded {
            watch_folder(&source, cache_dir.as_deref(), content.files);
        }
        match loaded {
            // `check` says so in its own words, after its count.
            Ok(content) if content.files == 0 && !checking => {
                say_no_files(err, &source, &content, &set_in)?;
                Ok(None)
            }
            Ok(content) => {
                for notice in &content.notices {
                    writeln!(err, "warning: {notice}")?;
                }
                Ok(Some(ManuallyDrop::new(content)))
            }
            Err(error) => {
                writeln!(err, "error: {error}{set_in}")?;
                Ok(None)
            }
        }
    };
    let failed = || Ok(ExitCode::from(EXIT_ERROR));
    // What the commands that print about the content start with: the set,
    // and a pointer to `check` when it has problems.
    let load_and_warn = |err: &mut dyn Write| -> io::Result<Option<ManuallyDrop<Content>>> {
        let Some(content) = load(err)? else {
            return Ok(None);
        };
        if !content.findings.is_empty() {
            // The files left out are why the exit status is not 0.
            let not_loaded = not_loaded(&content);
            writeln!(
                err,
                "warning: {} in the content{not_loaded}; run `cptref check{}` for details",
                counted(content.findings.len(), "problem", "problems"),
                check_folder(&source)
            )?;
        }
        Ok(Some(content))
    };

    // The browser needs a terminal on both ends; piped, it prints the list.
    let on_terminal = io::stdout().is_terminal() && io::stdin().is_terminal();
    match cli.command {
        None if on_terminal && crate::tui::cannot_draw().is_none() => {
            // A large folder shows its first screen from the cache, or from
            // its first files, and is checked or read whole behind it.
            let started = loader::start(&source, cache_dir.as_deref(), loader::QUICK_START_FROM);
            let mut start = match started {
                Ok(start) => start,
                Err(error) => {
                    writeln!(err, "error: {error}{set_in}")?;
                    return failed();
                }
            };
            if start.content.files == 0 {
                say_no_files(err, &source, &start.content, &set_in)?;
                return failed();
            }
            let files = start
                .rest
                .as_ref()
                .map_or(start.content.files, |rest| rest.files());
            watch_folder(&source, cache_dir.as_deref(), files);
            for notice in &start.content.notices {
                writeln!(err, "warning: {notice}")?;
            }
            // Said on the status line too, where the browser hides the
            // terminal's lines until it closes.
            start.content.notices.splice(0..0, config_missing);
            let ended = crate::tui::run(start, None, keymap, browser_theme(cli.color))?;
            // A session opened with `t` is scored as one `cptref train`
            // opened: the screen that showed it is gone.
            if let Some(result) = &ended.browser_training {
                let _ = writeln!(out, "{}", training_score(result));
            }
            for notice in &ended.notices {
                writeln!(err, "warning: {notice}")?;
            }
            Ok(exit_for(&ended, err))
        }
        None => {
            // On a terminal that cannot draw, said: the list alone would
            // look like the browser failing.
            if on_terminal && let Some(why) = crate::tui::cannot_draw() {
                writeln!(
                    err,
                    "note: {why}, so the browser cannot draw its screen; the code list follows"
                )?;
            }
            let Some(content) = load(err)? else {
                return failed();
            };
            left_out_said(list(&content, false, Painter { colour }, out), &content)
        }
        Some(Command::Import {
            files,
            out: folder,
            force,
        }) => import(&files, &folder, force, out, err),
        // Served before anything else, above.
        Some(Command::WatchFolder { .. }) => failed(),
        Some(Command::Check { json, .. }) => {
            let Some(content) = load(err)? else {
                return failed();
            };
            check(&content, &source, &set_in, json, out, err)
        }
        Some(Command::Train {
            codes,
            seed,
            order,
            codes_only,
            json,
        }) => {
            let Some(content) = load(err)? else {
                return failed();
            };
            train(
                ManuallyDrop::into_inner(content),
                Lesson {
                    codes: &codes,
                    seed,
                    order,
                    codes_only,
                    source: &source,
                },
                (keymap, browser_theme(cli.color)),
                json,
                out,
                err,
            )
        }
        Some(Command::List { json }) => match load_and_warn(err)? {
            Some(content) => left_out_said(list(&content, json, Painter { colour }, out), &content),
            None => failed(),
        },
        Some(Command::Show {
            code,
            json,
            width,
            section,
        }) => match load_and_warn(err)? {
            Some(content) => {
                let width = width
                    .map(usize::from)
                    .unwrap_or_else(|| terminal_width().unwrap_or(80));
                // A claim line copied with a space comes as two words.
                let shown = show(
                    (&content, &source),
                    &code.join(" "),
                    json,
                    section,
                    width,
                    Painter { colour },
                    out,
                    err,
                );
                left_out_said(shown, &content)
            }
            None => failed(),
        },
        Some(Command::Search { query, json, limit }) => match load_and_warn(err)? {
            Some(content) => {
                let found = search(
                    (&content, &source),
                    &query.join(" "),
                    json,
                    limit as usize,
                    Painter { colour },
                    out,
                    err,
                );
                left_out_said(found, &content)
            }
            None => failed(),
        },
    }
}

fn import(
    files: &[PathBuf],
    folder: &std::path::Path,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    // A folder named for the output is made, as `mkdir -p` would, with the
    // first file to go in it; a file of that name is left alone.
    if folder.exists() && !folder.is_dir() {
        writeln!(err, "error: {} is not a folder", folder.display())?;
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    let registry = crate::registry::Registry::builtin_ref();
    let mut status = EXIT_OK;
    let mut run = crate::import::Run::new(force);
    for file in files {
        match run.import(file, folder, registry) {
            Ok(crate::import::Outcome::Written {
                path,
                findings,
                made_folder,
            }) => {
                // The names as given may hold anything: shown, not acted on.
                if made_folder {
                    writeln!(out, "created the folder {}", shown(folder))?;
                }
                writeln!(
                    out,
                    "wrote {} from {} ({findings} finding{} to resolve)",
                    shown(&path),
                    shown(file),
                    if findings == 1 { "" } else { "s" }
                )?
            }
            Ok(crate::import::Outcome::Exists { path }) => {
                writeln!(
                    err,
                    "skipped {}: {} exists (use --force to overwrite)",
                    file.display(),
                    path.display()
                )?;
                status = status.max(EXIT_FOUND_NOTHING);
            }
            Ok(crate::import::Outcome::Repeated { path, first }) => {
                writeln!(
                    err,
                    "skipped {}: {} was written from {} in this run (same code)",
                    file.display(),
                    path.display(),
                    first.display()
                )?;
                status = status.max(EXIT_FOUND_NOTHING);
            }
            Err(error) => {
                writeln!(err, "error: {error}")?;
                status = EXIT_ERROR;
            }
        }
    }
    Ok(ExitCode::from(status))
}

/// The configuration file's settings, with its keys made into the browser's
/// keymap.
fn configured() -> Result<(Config, Keymap, Option<PathBuf>), ConfigError> {
    let Some(path) = config::default_path() else {
        return Ok((Config::default(), Keymap::default(), None));
    };
    let config = config::load(&path)?;
    let keymap = Keymap::configured(&config.keys).map_err(|(i, message)| ConfigError {
        path: path.clone(),
        at: config.keys[i].at,
        message,
    })?;
    Ok((config, keymap, Some(path)))
}

/// What `cptref train` was asked to teach.
struct Lesson<'a> {
    codes: &'a [String],
    seed: Option<u64>,
    order: Order,
    codes_only: bool,
    /// Where the content came from, for a command to suggest.
    source: &'a ContentSource,
}

fn train(
    content: Content,
    Lesson {
        codes,
        seed,
        order,
        codes_only,
        source,
    }: Lesson,
    (keymap, theme): (Keymap, Theme),
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    // As for `show ''`: a usage mistake, not a code that is missing.
    if codes.iter().any(|code| code.trim().is_empty()) {
        writeln!(
            err,
            "error: an empty code was given; as in `cptref train 64624`"
        )?;
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    let seed = seed.unwrap_or_else(crate::training::fresh_seed);
    // A claim line's code (`64624-RT`) is the code to train on, as for
    // `show` and `search`, and codes pasted together (`64624,64633`) are
    // each one.
    // A range (`64630-64640`) or a prefix (`6463*`) is the entries it
    // takes in, in code order.
    let index = content.index();
    let mut read: Vec<(String, &String)> = Vec::new();
    for given in codes {
        // A range written another way (`64630..64640`), as search and show
        // say: its codes would each be read as a code of its own.
        if let Some(range) = crate::search::Query::parse(given).range_written_otherwise() {
            writeln!(
                err,
                "error: `{}` is a range of codes written another way; join them with a dash: \
                 cptref train {}",
                echoed(given.trim()),
                shell_word(&range)
            )?;
            return Ok(ExitCode::from(EXIT_ERROR));
        }
        if crate::search::Query::parse(given).names_codes_only() {
            let mut within: Vec<String> = index
                .search(given)
                .iter()
                .map(|hit| content.entries[hit.entry].code.clone())
                .collect();
            if within.is_empty() {
                writeln!(
                    err,
                    "error: no entry has a code in `{}`; `cptref list{}` lists the codes",
                    echoed(given.trim()),
                    content_option(source)
                )?;
                return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
            }
            within.sort();
            read.extend(within.into_iter().map(|code| (code, given)));
        } else {
            read.extend(
                crate::search::codes_in(given)
                    .into_iter()
                    .map(|code| (code, given)),
            );
        }
    }
    let codes: Vec<String> = read.iter().map(|(code, _)| code.clone()).collect();
    let session = match Session::new(&content, &codes, order, seed) {
        Ok(mut session) => {
            session.codes_only = codes_only;
            session
        }
        Err(error) => {
            match &error {
                crate::training::SessionError::UnknownCode(code) => {
                    // Words (`genicular nerve`) are spoken of as given, not
                    // as the codes they were read as, word by word.
                    let given = read
                        .iter()
                        .find(|(read, _)| read == code)
                        .map(|(_, given)| given.as_str())
                        .filter(|given| !given.chars().any(|c| c.is_ascii_digit()));
                    // A filter is given as typed, before it was read as a code.
                    let filter = read
                        .iter()
                        .map(|(_, given)| given)
                        .find(|given| crate::search::is_filter(given.trim()));
                    match filter {
                        // A usage mistake, as `show` has it: no entry is
                        // missing, so the content's problems are not why.
                        Some(filter) => {
                            if let Some(said) = filter_given(filter, source, err)? {
                                return Ok(said);
                            }
                        }
                        None => {
                            no_entry(&content, source, given.unwrap_or(code), AskedBy::Train, err)?;
                        }
                    }
                }
                _ => writeln!(err, "error: {error}")?,
            }
            if !content.findings.is_empty() {
                // Likely why: the entries did not load.
                writeln!(
                    err,
                    "note: the content has {}; `cptref check` on the same folder lists them",
                    counted(content.findings.len(), "problem", "problems")
                )?;
            }
            return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
        }
    };
    // After the codes are checked: an unknown code is worth knowing about
    // wherever the command runs.
    if !crate::tui::has_terminal() {
        writeln!(
            err,
            "error: trainer mode needs a terminal: standard input, and standard output or \
             standard error (it draws there when output is redirected)"
        )?;
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    if let Some(why) = crate::tui::cannot_draw() {
        writeln!(
            err,
            "error: trainer mode needs a terminal that can draw a screen, and {why}"
        )?;
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    let problems = content.findings.len();
    let start = loader::Start {
        content,
        rest: None,
    };
    let ended = crate::tui::run(start, Some(session), keymap, theme)?;
    if let Some(result) = &ended.training {
        let score = training_score(result);
        if json {
            write_json(out, result)?;
            // The JSON goes to a file; the score is still for the trainer,
            // where there is a terminal left to say it on (after a hang-up
            // there is not, and the record is what counts).
            let _ = writeln!(err, "{score}");
        } else {
            writeln!(out, "{score}")?;
        }
    }
    // A session opened afterwards with `t`, in the browser Esc led to, is
    // scored as the browser scores it (the JSON is the session asked for).
    if let Some(result) = &ended.browser_training {
        let score = training_score(result);
        if json {
            let _ = writeln!(err, "{score}");
        } else {
            writeln!(out, "{score}")?;
        }
    }
    // Said on the trainer's first screen too, but that is gone now; after
    // the score, which is what was asked for.
    if problems > 0 {
        out.flush()?;
        // Best said: after a hang-up there is no terminal to say it on.
        let _ = writeln!(
            err,
            "warning: {} in the content, so a case may have been missing; run `cptref check{}` for details",
            counted(problems, "problem", "problems"),
            check_folder(source)
        );
    }
    Ok(exit_for(&ended, err))
}

/// A trainer session's score, as said when the program ends.
fn training_score(result: &crate::training::SessionResult) -> String {
    format!("Trainer session (seed {}): {}", result.seed, result.score())
}

/// The exit status of a browser or trainer as it `ended`: 2 when its
/// terminal went away; 128 and the signal's number when a signal ended it,
/// as a shell reports a command a signal killed (143 for SIGTERM), so a
/// script can tell it from a quit.
fn exit_for(ended: &crate::tui::Ended, err: &mut dyn Write) -> ExitCode {
    if let Some(error) = &ended.lost_terminal {
        // Said, though the terminal it would go to may be gone too.
        let _ = writeln!(err, "error: the terminal could not be drawn on: {error}");
        return ExitCode::from(EXIT_ERROR);
    }
    match ended
        .signal
        .and_then(|number| u8::try_from(128 + number).ok())
    {
        Some(status) => ExitCode::from(status),
        None => ExitCode::from(EXIT_OK),
    }
}

/// The browser's colours: as `--color` says, else as `NO_COLOR` does (the
/// browser always has a terminal, so `auto` asks only that).
fn browser_theme(choice: ColourChoice) -> Theme {
    match choice {
        ColourChoice::Always => Theme { colour: true },
        ColourChoice::Never => Theme { colour: false },
        ColourChoice::Auto => Theme::from_env(),
    }
}

fn wants_colour(choice: ColourChoice) -> bool {
    match choice {
        ColourChoice::Always => true,
        ColourChoice::Never => false,
        // A terminal that says it cannot draw (`TERM` dumb or unset) would
        // show colour's escape sequences as text, as it would the screen's.
        ColourChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && io::stdout().is_terminal()
                && crate::tui::cannot_draw().is_none()
        }
    }
}

/// The terminal's width, capped so prose stays readable on wide screens.
fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    let (columns, _) = ratatui::crossterm::terminal::size().ok()?;
    // A terminal that reports no size (a `script` or `docker exec` pty
    // before it is told one) is one of unknown width, as a pipe is.
    (columns > 0).then(|| usize::from(columns).min(100))
}

#[derive(Serialize)]
struct ListItem<'a> {
    code: &'a str,
    title: &'a str,
}

fn list(
    content: &Content,
    json: bool,
    painter: Painter,
    out: &mut dyn Write,
) -> io::Result<ExitCode> {
    if json {
        let items: Vec<ListItem> = content
            .entries
            .iter()
            .map(|e| ListItem {
                code: &e.code,
                title: &e.title,
            })
            .collect();
        write_json(out, &items)?;
    } else {
        for loaded in &content.entries {
            writeln!(
                out,
                "{}  {}",
                painter.paint(CODE, &one_line(&loaded.code)),
                one_line(&loaded.title)
            )?;
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

#[allow(clippy::too_many_arguments)]
fn show(
    (content, source): (&Content, &ContentSource),
    code: &str,
    json: bool,
    section: Option<usize>,
    width: usize,
    painter: Painter,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let wanted = crate::search::one_code(code);
    // Codes pasted together (`64624,64633`): `train` takes them all, but
    // one entry is shown. (A claim line is one code to `codes_in`.)
    let codes = crate::search::codes_in(code);
    let whole_codes = codes
        .iter()
        .all(|code| code.len() == 5 && crate::search::looks_like_code(code));
    if codes.len() > 1 && whole_codes {
        writeln!(
            err,
            "error: `{}` holds {} codes; show takes one, as in `cptref show {}`",
            echoed(code.trim()),
            codes.len(),
            one_line(&codes[0])
        )?;
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    if wanted.is_empty() {
        // As `search` with nothing to search for: a usage mistake.
        writeln!(err, "error: no code given; as in `cptref show 64624`")?;
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    // A code with its modifiers as a claim writes it (`64624-RT`, `64624
    // 50`): the code's entry, with the modifiers named.
    let claim = crate::search::Claim::in_text(code);
    let modifiers: Vec<&crate::registry::Modifier> = claim
        .iter()
        .flat_map(|claim| &claim.modifiers)
        .filter_map(|modifier| content.registry.get(modifier))
        .collect();
    let found = match &claim {
        Some(claim) => content.get(&claim.code),
        None => content.get(&wanted),
    };
    // A code with something after a dash or a space that is no modifier
    // cptref knows (`64624-99`, `64624 x`): the code, and a word about the
    // rest.
    let unknown_suffix = match (found, &claim) {
        (None, None) => wanted
            .split_once(['-', '\u{2013}', '\u{2014}', ' '])
            .map(|(code, rest)| (code.trim(), rest.trim()))
            .filter(|(_, rest)| {
                (1..=3).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_alphanumeric())
            })
            .and_then(|(code, rest)| Some((content.get(code)?, rest))),
        _ => None,
    };
    if let Some((loaded, rest)) = unknown_suffix {
        writeln!(
            err,
            "note: showing {}; {} is not a modifier cptref knows",
            one_line(&loaded.code),
            one_line(rest)
        )?;
    }
    let Some(loaded) = found.or(unknown_suffix.map(|(loaded, _)| loaded)) else {
        if let Some(said) = filter_given(code, source, err)? {
            return Ok(said);
        }
        // A range of codes (`64630-64640`, or with spaces): several, which
        // `search` lists.
        // Or written another way (`64630..64640`, `64630 to 64640`), as
        // search says.
        let written_otherwise = crate::search::Query::parse(&wanted).range_written_otherwise();
        let compact = written_otherwise.clone().unwrap_or_else(|| {
            wanted
                .split_whitespace()
                .collect::<String>()
                .replace(['\u{2013}', '\u{2014}'], "-")
        });
        let range = compact.split_once('-').filter(|(low, high)| {
            (low.len() == 5 || written_otherwise.is_some())
                && crate::search::looks_like_code(low)
                && high.len() >= 3
                && crate::search::looks_like_code(high)
        });
        if claim.is_none() && range.is_some() {
            let written = match &written_otherwise {
                Some(range) => format!(" (with a dash: {range})"),
                None => String::new(),
            };
            writeln!(
                err,
                "error: `{}` is a range of codes{written}; show takes one; to list them, run: \
                 cptref search{} {}",
                echoed(if written.is_empty() { &compact } else { code }),
                content_option(source),
                shell_word(&compact)
            )?;
            return Ok(ExitCode::from(EXIT_ERROR));
        }
        // A claim line's code is the code there is no entry for.
        let code = claim.as_ref().map_or(code, |claim| claim.code.as_str());
        return no_entry(content, source, code, AskedBy::Show, err);
    };
    if let Some(claim) = &claim {
        let mut said: Vec<String> = modifiers
            .iter()
            .map(|m| {
                // Whether and how the table lists it, said here: the
                // table's own word on it is far below, and silence would
                // have to be read as "listed".
                let row = loaded
                    .entry()
                    .modifiers
                    .iter()
                    .find(|row| row.code.eq_ignore_ascii_case(&m.code));
                let listed = match row.map(|row| row.unconfirmed()) {
                    Some(None) => ", in its modifier table",
                    Some(Some(crate::model::Unconfirmed::BackgroundKnowledge)) => {
                        ", in its table on background knowledge only (unconfirmed)"
                    }
                    Some(Some(crate::model::Unconfirmed::PublicationAlone)) => {
                        ", in its table on the source publication alone (unconfirmed)"
                    }
                    None if loaded.entry().lists_modifier(&m.code) => ", in its modifier table",
                    None => ", not in its modifier table",
                };
                format!(
                    "{} is a modifier ({}){listed}",
                    m.code,
                    crate::text::sentence_part(&m.meaning)
                )
            })
            .collect();
        said.extend(claim.modifiers.iter().filter_map(|modifier| {
            let listed = loaded.entry().lists_modifier(modifier);
            content.registry.not_known_in(modifier, listed)
        }));
        writeln!(
            err,
            "note: showing {}; {}",
            one_line(&loaded.code),
            said.join("; ")
        )?;
    }
    if json {
        write_json(out, loaded.entry())?;
    } else if let Some(number) = section {
        let entry = loaded.entry();
        match crate::show::render_section(entry, &content.registry, width, painter, number) {
            Some(text) => out.write_all(text.as_bytes())?,
            None => {
                let name = crate::show::SECTIONS[number - 1];
                writeln!(
                    err,
                    "error: {} has no {name} section; run cptref show {} for the whole entry",
                    one_line(&loaded.code),
                    shell_word(&loaded.code)
                )?;
                return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
            }
        }
    } else {
        out.write_all(render_entry(loaded.entry(), &content.registry, width, painter).as_bytes())?;
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// A path in a line of output: on one line, with its control characters
/// shown, not sent to the terminal.
fn shown(path: &Path) -> String {
    one_line(&path.display().to_string())
}

/// What the user gave, said back in a message: on one line, and cut with
/// `…` past 60 characters, so that a pasted page does not fill the screen.
fn echoed(text: &str) -> String {
    const SHOWN: usize = 60;
    let text = one_line(text);
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// The folder argument of the `cptref check` that lists `source`'s
/// problems, with its space before it; none for the built-in set.
fn check_folder(source: &ContentSource) -> String {
    match source {
        ContentSource::Folder(dir) => format!(" {}", folder_word(dir)),
        ContentSource::Builtin => String::new(),
    }
}

/// `dir` as a word of a command to paste: quoted for the shell, and a
/// relative folder whose name starts with `-` written `./-dash`, which the
/// command line would take for an option.
fn folder_word(dir: &Path) -> String {
    let name = dir.to_string_lossy();
    if name.starts_with('-') {
        shell_word(&format!("./{name}"))
    } else {
        shell_word(&name)
    }
}

/// ` --content DIR` for a command to suggest, when the content came from a
/// folder (quoted for the shell).
fn content_option(source: &ContentSource) -> String {
    match source {
        ContentSource::Folder(dir) => format!(" --content {}", folder_word(dir)),
        ContentSource::Builtin => String::new(),
    }
}

/// Whether `text` is a content file that reads well enough to say its code,
/// and that code is not `code`: a file left out for another reason (its
/// code is another's too) that only mentions `code` is not its entry.
fn holds_another_code(text: &str, code: &str) -> bool {
    let Ok(table) = text.parse::<toml::Table>() else {
        return false;
    };
    table
        .get("code")
        .and_then(toml::Value::as_str)
        .is_some_and(|own| !own.trim().eq_ignore_ascii_case(code))
}

/// Whether `text` names `code` as a word of its own (`9` is not named by
/// `99901`).
fn names(text: &str, code: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word.eq_ignore_ascii_case(code))
}

/// How many of the entries that mention a missing code are read to see
/// whether they list it as related: each is read from its file.
const RELATED_BY_LOOKED_AT: usize = 50;

/// What to say of a search's filter (`mod:50`) given for a code: it names
/// entries, not one code, and `search` takes it; a filter without its
/// value is said to need one. `None` where `given` is no filter.
fn filter_given(
    given: &str,
    source: &ContentSource,
    err: &mut dyn Write,
) -> io::Result<Option<ExitCode>> {
    let given = given.trim();
    if !crate::search::is_filter(given) {
        return Ok(None);
    }
    let unfinished = crate::search::Query::parse(given).unfinished_notes();
    match unfinished.first() {
        Some(unfinished) => writeln!(
            err,
            "error: `{}` is a search filter: {unfinished}",
            echoed(given)
        )?,
        None => writeln!(
            err,
            "error: `{}` is a search filter, not a code; to list the entries it finds, \
             run: cptref search{} {}",
            echoed(given),
            content_option(source),
            shell_word(given)
        )?,
    }
    Ok(Some(ExitCode::from(EXIT_ERROR)))
}

/// Which command asked for a code there is no entry for: the start of a
/// code is pointed to the same command with the codes it starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AskedBy {
    Show,
    Train,
}

/// Says there is no entry for `code`, with the nearest codes there are and
/// the entries that list it as related.
fn no_entry(
    content: &Content,
    source: &ContentSource,
    code: &str,
    asked_by: AskedBy,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let wanted = crate::search::one_code(code);
    // A modifier or a diagnosis code given for a procedure code: the
    // nearest codes would mean nothing; the search that finds it does.
    // As claims write it, a diagnosis code may lack its dot (`M47812`).
    let diagnosis =
        crate::model::is_icd10_code(&wanted) || crate::model::icd10_with_dot(&wanted).is_some();
    if let Some(not) = content.registry.not_a_modifier(&wanted) {
        writeln!(
            err,
            "error: `{}` is {}, neither a procedure code nor a modifier",
            echoed(code.trim()),
            not.is
        )?;
        return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
    }
    let place = content.registry.place_of_service(&wanted);
    let other = if let Some(modifier) = content.registry.get(&wanted) {
        // `22` is also a place of service, which the entries name.
        let also = place
            .map(|place| format!(" and also {}", place.named()))
            .unwrap_or_default();
        Some((
            format!(
                "a modifier, not a code ({}){also}",
                crate::text::sentence_part(&modifier.meaning)
            ),
            format!("mod:{}", modifier.code),
            "list",
        ))
    } else if let Some(place) = place {
        let not = if crate::registry::below_modifier_numbers(&wanted) {
            "neither a procedure code nor a modifier"
        } else {
            "not a procedure code, and no modifier cptref knows"
        };
        if content.index().search(&wanted).is_empty() {
            writeln!(err, "error: `{wanted}` is {}, {not}", place.named())?;
        } else {
            writeln!(
                err,
                "error: `{wanted}` is {}, {not}; to find the entries that mention it, run: \
                 cptref search{} {wanted}",
                place.named(),
                content_option(source)
            )?;
        }
        return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
    } else if diagnosis {
        // A letter and four digits with no dot is also how HCPCS Level II
        // codes are written (G0260, J1040): which one it is, cptref cannot
        // tell, unless an entry lists it as a diagnosis.
        let bytes = wanted.as_bytes();
        let hcpcs_shaped = bytes.len() == 5
            && bytes[0].is_ascii_alphabetic()
            && bytes[1..].iter().all(u8::is_ascii_digit);
        let listed = content
            .index()
            .search(&wanted)
            .iter()
            .any(|hit| hit.field == crate::search::Field::Diagnoses);
        let what = if hcpcs_shaped && !listed {
            "not a CPT code: a letter and four digits is an HCPCS Level II code, or an \
             ICD-10-CM diagnosis code written without its dot"
        } else {
            "an ICD-10-CM diagnosis code, not a CPT code"
        };
        // Named only in a note (M47.22, as atypical), it is not listed.
        let verb = if listed { "list" } else { "mention" };
        Some((what.to_owned(), wanted.clone(), verb))
    } else {
        None
    };
    if let Some((what, query, verb)) = other {
        // The search is suggested only where it finds something.
        if content.index().search(&query).is_empty() {
            writeln!(
                err,
                "error: `{}` is {what}, and no entry {verb}s it",
                echoed(code.trim())
            )?;
            // Entries that list other codes of its category, as `search`
            // says.
            if diagnosis {
                let query = crate::search::Query::parse(&wanted);
                for note in content.diagnosis_pointers(&query) {
                    writeln!(err, "note: {note}")?;
                }
            }
        } else {
            writeln!(
                err,
                "error: `{}` is {what}; to find the entries that {verb} it, run: cptref search{} {}",
                echoed(code.trim()),
                content_option(source),
                shell_word(&query)
            )?;
        }
        return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
    }
    // The start of a code (`6462`, `64`), as the search box takes one: the
    // codes it starts are what was meant, not the nearest to a code it is
    // not. (Before two characters are taken for a modifier cptref lacks.)
    let start = wanted.trim_end_matches('*');
    if (1..5).contains(&start.len()) && start.bytes().all(|b| b.is_ascii_digit()) {
        let wanted = start;
        let query = format!("{wanted}*");
        let started: Vec<String> = content
            .index()
            .search(&query)
            .iter()
            .map(|hit| one_line(&content.entries[hit.entry].code))
            .collect();
        if !started.is_empty() {
            let named = match started.len() {
                1..=3 => started.join(", "),
                n => format!("{} and {} more", started[..3].join(", "), n - 3),
            };
            let them = if started.len() == 1 { "it" } else { "them" };
            let (to, command) = match asked_by {
                AskedBy::Show => ("list", "search"),
                AskedBy::Train => ("train on", "train"),
            };
            writeln!(
                err,
                "error: `{wanted}` is the start of a code, not a whole one (codes have five \
                 characters): it starts {named}; to {to} {them}, run: cptref {command}{} {}",
                content_option(source),
                shell_word(&query)
            )?;
            return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
        }
    }
    // Two characters, as a modifier is written, that the registry lacks
    // (`76`): not a code whose nearest codes would help.
    if wanted.chars().count() == 2 && wanted.chars().all(|c| c.is_ascii_alphanumeric()) {
        let query = format!("mod:{wanted}");
        if content.index().search(&query).is_empty() {
            writeln!(
                err,
                "error: `{wanted}` is not a code (codes have five characters), nor a modifier \
                 cptref knows"
            )?;
        } else {
            writeln!(
                err,
                "error: `{wanted}` is not a code (codes have five characters), nor a modifier \
                 cptref knows; some entries list it, run: cptref search{} {query}",
                content_option(source)
            )?;
        }
        return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
    }
    // Words, not a code: the nearest codes would mean nothing.
    let words = !wanted.chars().any(|c| c.is_ascii_digit()) || wanted.contains(char::is_whitespace);
    if !wanted.is_empty() && words {
        let words = one_line(code.trim());
        // Punctuation alone is nothing a search would look for either.
        if crate::search::Query::parse(&words).is_empty() {
            writeln!(err, "error: `{}` is not a code", echoed(&words))?;
            return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
        }
        let option = content_option(source);
        // Misspelt, the words put right are what to search for.
        let index = content.index();
        if index.search(&words).is_empty()
            && let Some(suggested) = index.suggestion(&words)
        {
            writeln!(
                err,
                "error: `{}` is not a code; did you mean `{}`? run: cptref search{option} {}",
                echoed(&words),
                echoed(&suggested),
                shell_word(&suggested)
            )?;
            return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
        }
        // After `--`, a word starting with a dash is not taken for an option.
        let end = if words.starts_with('-') { " --" } else { "" };
        writeln!(
            err,
            "error: `{}` is not a code; to look for it in the text, run: \
             cptref search{option}{end} {}",
            echoed(&words),
            shell_word(&words)
        )?;
        return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
    }
    let nearest = content.index().nearest_codes(&wanted, 3);
    // The code as read (`64634` for `+64634`), as `train` names it.
    let named = if wanted.is_empty() { code } else { &wanted };
    write!(err, "error: no entry for code `{}`", echoed(named))?;
    let codes = content.entries.iter().map(|loaded| loaded.code.as_str());
    if let (true, Some(low), Some(high)) = (nearest.is_empty(), codes.clone().min(), codes.max()) {
        // What range the set does cover, so that a code of another is
        // seen to be missing from it, not mistyped.
        writeln!(
            err,
            "; no code here is near it (the codes run from {} to {})",
            one_line(low),
            one_line(high)
        )?;
    } else if nearest.is_empty() {
        writeln!(err)?;
    } else {
        let nearest: Vec<String> = nearest.iter().map(|code| one_line(code)).collect();
        writeln!(err, "; nearest: {}", nearest.join(", "))?;
    }
    // A code the set has no entry for may still be one its entries point
    // to; those are among the few entries a search for it finds.
    let hits = if wanted.is_empty() {
        Vec::new()
    } else {
        content.index().search(&wanted)
    };
    let mut related_by: Vec<String> = hits
        .iter()
        .take(RELATED_BY_LOOKED_AT)
        .map(|hit| &content.entries[hit.entry])
        .filter(|loaded| {
            loaded
                .entry()
                .related
                .iter()
                .any(|related| related.code.trim().eq_ignore_ascii_case(&wanted))
        })
        .map(|loaded| one_line(&loaded.code))
        .collect();
    related_by.sort_unstable();
    if !related_by.is_empty() {
        writeln!(err, "note: listed as related by {}", related_by.join(", "))?;
    }
    unloaded_files(content, &wanted, err)?;
    Ok(ExitCode::from(EXIT_FOUND_NOTHING))
}

/// Notes naming the files that did not load and are named after the code
/// `wanted` or mention it: the likeliest reason it has no entry. Such files
/// are few, so each is read again to see whether it names the code.
fn unloaded_files(content: &Content, wanted: &str, err: &mut dyn Write) -> io::Result<()> {
    let unloaded = content.findings.iter().filter(|finding| {
        finding.left_out_its_entry()
            && !wanted.is_empty()
            && (finding.file_named(wanted)
                || loader::read_text(std::path::Path::new(&finding.path))
                    .is_ok_and(|text| names(&text, wanted) && !holds_another_code(&text, wanted)))
    });
    for finding in unloaded.take(3) {
        let how = if finding.file_named(wanted) {
            "is named after"
        } else {
            "mentions"
        };
        writeln!(
            err,
            "note: {} (this file {how} {wanted} and did not load)",
            one_line(&finding.to_string())
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct SearchItem<'a> {
    code: &'a str,
    title: &'a str,
    score: i64,
    field: &'static str,
    /// The field in a word for people, for the plain list.
    #[serde(skip)]
    label: &'static str,
}

fn search(
    (content, source): (&Content, &ContentSource),
    query: &str,
    json: bool,
    limit: usize,
    painter: Painter,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let parsed = crate::search::Query::parse(query);
    let unfinished = parsed.unfinished_notes();
    if parsed.is_empty() {
        let why = match unfinished.first() {
            Some(unfinished) => unfinished.clone(),
            None => "nothing to search for; `cptref list` lists every code".to_owned(),
        };
        writeln!(err, "error: {why}")?;
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    for unfinished in &unfinished {
        writeln!(err, "note: {unfinished}; it was left out")?;
    }
    let index = content.index();
    let hits = index.search_query(&parsed, None);
    let items: Vec<SearchItem> = hits
        .iter()
        .take(limit)
        .map(|hit| {
            let loaded = &content.entries[hit.entry];
            SearchItem {
                code: &loaded.code,
                title: &loaded.title,
                score: hit.score,
                field: hit.field.as_str(),
                label: hit.field.label(),
            }
        })
        .collect();
    if json {
        write_json(out, &items)?;
    } else {
        for item in &items {
            writeln!(
                out,
                "{}  {}  {}",
                painter.paint(CODE, &one_line(item.code)),
                one_line(item.title),
                painter.paint(DIM, &format!("[{}]", item.label))
            )?;
        }
    }
    // A claim line (`64640-50`) is searched by its code; whether the
    // entry's table lists the modifier is worth a word.
    for note in content.claim_notes(&parsed) {
        writeln!(err, "note: {}", one_line(&note.full))?;
    }
    // The list of a code with no entry holds the entries that mention it:
    // said, so that its first line is not taken for the code's own.
    let missing = content.codes_without_entry(&parsed);
    if !missing.is_empty() && !items.is_empty() {
        let missing: Vec<String> = missing.iter().map(|code| one_line(code)).collect();
        writeln!(
            err,
            "note: no entry has the code {}; the entries listed mention it",
            missing.join(", ")
        )?;
    }
    let mut suggested_any = false;
    if items.is_empty() {
        // Said on standard error, so a script reading the list gets none.
        writeln!(err, "no entry matches `{}`", echoed(query))?;
        if let Some(suggested) = content.index().suggestion(query) {
            suggested_any = true;
            writeln!(
                err,
                "note: did you mean `{}`? run: cptref search{} {}",
                echoed(&suggested),
                content_option(source),
                shell_word(&suggested)
            )?;
        }
    }
    // A modifier searched for that no entry's table lists (`TC`), or a
    // place of service (`24`): what is listed is only what mentions it.
    for note in content.short_code_notes(&parsed, &hits) {
        writeln!(err, "note: {}", one_line(&note.full))?;
    }
    // Not beside a payer put right (`payer:anthm`), which says it.
    if items.is_empty() && !suggested_any {
        for note in content.filter_notes(&parsed) {
            writeln!(err, "note: {note}")?;
        }
        for note in content.diagnosis_notes(&parsed) {
            writeln!(err, "note: {note}")?;
        }
    }
    // What in the query may be why: said with hits too, since a word
    // written as a filter that is none is searched as words, which may
    // well find something.
    for note in parsed.no_match_notes() {
        writeln!(err, "note: {}", one_line(&note))?;
    }
    if items.is_empty() {
        // A whole code searched for whose file did not load: as `show`
        // says, and the browser.
        for code in parsed.whole_codes() {
            unloaded_files(content, code, err)?;
        }
        return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// What to say of a content source with no content files: most likely the
/// wrong folder, or files not named .toml or .txt.
fn no_files(source: &ContentSource) -> String {
    match source {
        ContentSource::Folder(dir) => {
            format!("no content files (.toml or .txt) in {}", dir.display())
        }
        ContentSource::Builtin => "no content files (.toml or .txt)".to_owned(),
    }
}

/// The error for a content source that loaded no file, and under it why
/// each name that should have been a content file was not one (a link to
/// nothing), as `check` would say.
fn say_no_files(
    err: &mut dyn Write,
    source: &ContentSource,
    content: &Content,
    set_in: &str,
) -> io::Result<()> {
    writeln!(err, "error: {}{set_in}", no_files(source))?;
    for finding in &content.findings {
        writeln!(err, "note: {finding}")?;
    }
    Ok(())
}

fn check(
    content: &Content,
    source: &ContentSource,
    set_in: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    // A folder with no content file was not checked: no JSON saying it
    // has no problems, as for a folder that cannot be read.
    let checked_nothing = content.files == 0 && content.findings.is_empty();
    if json && !checked_nothing {
        write_json(out, &content.findings)?;
    } else if !json {
        for finding in &content.findings {
            writeln!(out, "{}", one_line(&finding.to_string()))?;
        }
    }
    if checked_nothing {
        // A check that looked at nothing has passed nothing: most likely
        // the wrong folder, or files not named .toml or .txt. (A count of
        // nothing loaded from nothing would only stand in its way.)
        writeln!(err, "error: {}{set_in}", no_files(source))?;
        return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
    }
    // As list's warning says it.
    let not_loaded = not_loaded(content);
    writeln!(
        err,
        "{} loaded from {}{not_loaded}; {}",
        counted(content.entries.len(), "entry", "entries"),
        counted(content.files, "file", "files"),
        counted(content.findings.len(), "finding", "findings"),
    )?;
    if content.files == 0 {
        writeln!(err, "error: {}{set_in}", no_files(source))?;
        return Ok(ExitCode::from(EXIT_FOUND_NOTHING));
    }
    Ok(ExitCode::from(if content.findings.is_empty() {
        EXIT_OK
    } else {
        EXIT_FOUND_NOTHING
    }))
}

/// JSON as `serde_json` pretty-prints it, with what would act on a terminal
/// it is shown on (`text::acts_on_terminal`) written as `\u` escapes: the
/// same data to a JSON reader. serde_json escapes the C0 controls in
/// strings itself (the line breaks and spaces between values are its
/// own); the rest can only stand inside strings, so they are escaped in the
/// text as a whole.
fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let json = serde_json::to_string_pretty(value)?;
    let mut plain = 0;
    for (at, c) in json.char_indices() {
        if c > '\u{1f}' && crate::text::acts_on_terminal(c) {
            out.write_all(&json.as_bytes()[plain..at])?;
            write!(out, "\\u{:04x}", u32::from(c))?;
            plain = at + c.len_utf8();
        }
    }
    out.write_all(&json.as_bytes()[plain..])?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_always_and_never_hold_in_the_browser_too() {
        assert!(browser_theme(ColourChoice::Always).colour);
        assert!(!browser_theme(ColourChoice::Never).colour);
    }
}
