//! The configuration file: a default content folder and key bindings that
//! change the browser's keymap. Read once at start; a file that is not there
//! is no configuration, and a broken one is an error that names the place.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::location::{KeyPath, Location, Places};
use crate::tui::action::Action;
use crate::tui::keymap::Context;

/// The environment variable naming the configuration file.
pub const FILE_VARIABLE: &str = "CPTREF_CONFIG";

/// The value that takes a key's binding away: `"q" = "unbound"` in
/// `[keys.list]` makes `q` start a search there.
pub const UNBOUND: &str = "unbound";

/// What the configuration file asks for.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Config {
    /// The content folder to load when neither `--content` nor
    /// `CPTREF_CONTENT` names one.
    pub content: Option<PathBuf>,
    /// Key bindings, in file order.
    pub keys: Vec<KeySetting>,
}

/// One line of a `[keys.<part>]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct KeySetting {
    /// The part of the screen, as named in the file (`list`, `detail`, …).
    pub part: String,
    /// The key, as named in the file (`c`, `Ctrl-y`, `F2`, `PgDn`).
    pub key: String,
    /// What it does there; `None` to unbind it.
    pub action: Option<Action>,
    /// Where the key is, for an error about it.
    pub at: Option<Location>,
}

/// A configuration file that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub at: Option<Location>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => write!(f, "{}:{at}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The file as written, before its keys are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    content: Option<String>,
    /// In file order (toml's `preserve_order`): a later line about the same
    /// key wins, and keys are shown in the order written.
    #[serde(default)]
    keys: toml::Table,
}

/// Where the configuration file is: `$CPTREF_CONFIG`, else `config.toml` in
/// the user's configuration folder (`$XDG_CONFIG_HOME/cptref` or
/// `~/.config/cptref` on Linux).
pub fn default_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(FILE_VARIABLE).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().ok()?;
    Some(base.config_dir().join("cptref").join("config.toml"))
}

/// Reads the configuration file at `path`; no file is the default
/// configuration.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let error = |at, message: String| ConfigError {
        path: path.to_owned(),
        at,
        message,
    };
    let bytes = match read_bounded(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(error(None, format!("cannot read it: {e}"))),
    };
    if bytes.len() as u64 > MAX_BYTES {
        return Err(error(
            None,
            format!("a configuration file is limited to {MAX_BYTES} bytes; this one is larger"),
        ));
    }
    // Placed as a content file's would be: an editor finds the byte.
    let text = crate::publication::decode(bytes).map_err(|e| error(e.at, e.reason))?;
    parse(&text, path).map_err(|(at, message)| error(at, message))
}

/// The most a configuration file may hold: far more than any needs.
const MAX_BYTES: u64 = 2 * 1024 * 1024;

/// The bytes of the file at `path`, up to one past `MAX_BYTES`. A plain
/// file or a device (`/dev/null`, for no configuration) is read; a pipe
/// would wait for a writer, and a folder holds no text. Opened without
/// waiting, so a pipe is told apart rather than waited on, and read no
/// further than the limit, so a device that never ends (`/dev/zero`)
/// does.
fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = crate::loader::open_without_waiting(path)?;
    let kind = file.metadata()?.file_type();
    #[cfg(unix)]
    let device = std::os::unix::fs::FileTypeExt::is_char_device(&kind);
    #[cfg(not(unix))]
    let device = false;
    if !kind.is_file() && !device {
        return Err(std::io::Error::other("it is not a file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The configuration in `text`, from the file at `path` (which a relative
/// content folder is taken from).
fn parse(text: &str, path: &Path) -> Result<Config, (Option<Location>, String)> {
    let written: Written = toml::from_str(text).map_err(|e| {
        if let Some((at, message)) = crate::location::nested_too_deep(text, &e) {
            return (Some(Location::of_offset(text, at)), message);
        }
        let at = e.span().map(|span| Location::of_offset(text, span.start));
        let mut message = e.message().trim().to_owned();
        if crate::location::number_too_large(&message) {
            message = "a number too large for TOML (the one number a setting takes is a \
                       section's, from 1 to 9)"
                .to_owned();
        }
        // Which key or table, as a content file's errors say.
        if message == "duplicate key"
            && let Some(named) = e
                .span()
                .and_then(|span| crate::location::duplicate_named(text, span.start))
        {
            message = named;
        } else if let Some(key) = e
            .span()
            .and_then(|span| crate::location::key_at(text, span.start))
        {
            message.push_str(&format!(" (at key `{key}`)"));
            if key.to_string() == "keys" {
                message.push_str("; key bindings go in tables, as in [keys.list]");
            }
        }
        (at, message)
    })?;
    let places = Places::new(text);
    // Empty is unset, as for CPTREF_CONTENT.
    let content = written
        .content
        .filter(|folder| !crate::search::is_blank(folder))
        .map(|folder| folder_from(&folder, path));
    let mut keys = Vec::new();
    for (part, table) in written.keys {
        let part_path = KeyPath::root().name("keys").name(&part);
        if Context::from_part(&part).is_none() {
            let names = Context::PARTS.iter().map(|(name, _)| *name);
            let said = match nearest(&part, names.clone()) {
                Some(meant) => format!("did you mean [keys.{meant}]?"),
                None => format!("use {}", names.collect::<Vec<_>>().join(", ")),
            };
            return Err((
                places.key_location_of(&part_path),
                format!("unknown part of the screen `{part}` in [keys]: {said}"),
            ));
        }
        let toml::Value::Table(table) = table else {
            return Err((
                places.location_of(&part_path),
                format!("`keys.{part}` must be a table of keys, as in [keys.{part}]"),
            ));
        };
        for (key, value) in table {
            let at = places.location_of(&part_path.clone().name(&key));
            let action = match value {
                toml::Value::String(name) if name == UNBOUND => None,
                toml::Value::String(name) if name == "jump_to_section" => {
                    return Err((
                        at,
                        format!(
                            "`{key}` in [keys.{part}]: jump_to_section needs the section's \
                             number, as in {{ jump_to_section = 4 }}"
                        ),
                    ));
                }
                toml::Value::Table(inline)
                    if inline.is_empty() || inline.keys().any(|k| k != JUMP) =>
                {
                    let Some(inner) = inline.keys().find(|k| *k != JUMP) else {
                        return Err((at, format!("`{key}` in [keys.{part}]: {}", what_to_give())));
                    };
                    let at = places.key_location_of(&part_path.clone().name(&key).name(inner));
                    let named = toml::Value::String(inner.clone()).try_into::<Action>();
                    let said = match named {
                        Ok(_) => format!("{inner} takes no value; write {key} = \"{inner}\""),
                        Err(e) if inline.len() == 1 => misspelt_action(e.message().trim())
                            .unwrap_or_else(|| format!("no action `{inner}`; {}", what_to_give())),
                        Err(_) => {
                            format!("one action per key; {{ {JUMP} = N }} takes nothing beside it")
                        }
                    };
                    return Err((at, format!("`{key}` in [keys.{part}]: {said}")));
                }
                toml::Value::Table(inline)
                    if inline
                        .get(JUMP)
                        .and_then(toml::Value::as_integer)
                        .is_some_and(|n| !(1..=9).contains(&n)) =>
                {
                    let n = inline
                        .get(JUMP)
                        .and_then(toml::Value::as_integer)
                        .unwrap_or(0);
                    // At the number, which is what to change.
                    let at = places.location_of(&part_path.clone().name(&key).name(JUMP));
                    return Err((
                        at,
                        format!(
                            "`{key}` in [keys.{part}]: {JUMP} takes a section from 1 to 9, not {n}"
                        ),
                    ));
                }
                value @ (toml::Value::String(_) | toml::Value::Table(_)) => {
                    let section_given = value
                        .get("jump_to_section")
                        .is_some_and(|section| !section.is_integer());
                    Some(value.try_into::<Action>().map_err(|e| {
                        let message = e.message().trim();
                        let said = if section_given {
                            "jump_to_section takes a section's number, a whole number from 1 \
                             to 9 without quotes, as in { jump_to_section = 4 }"
                                .to_owned()
                        } else {
                            misspelt_action(message).unwrap_or_else(|| message.to_owned())
                        };
                        (at, format!("`{key}` in [keys.{part}]: {said}"))
                    })?)
                }
                _ => {
                    return Err((at, format!("`{key}` in [keys.{part}]: {}", what_to_give())));
                }
            };
            keys.push(KeySetting {
                part: part.clone(),
                at: places.key_location_of(&part_path.clone().name(&key)),
                key,
                action,
            });
        }
    }
    Ok(Config { content, keys })
}

/// The one action that takes a value, in an inline table.
const JUMP: &str = "jump_to_section";

/// What a key's setting may be.
fn what_to_give() -> String {
    format!("give an action's name in quotes, \"{UNBOUND}\", or {{ {JUMP} = N }}")
}

/// For an action name that is none (serde's "unknown variant `copy_cod`,
/// expected one of …", all 45 of them), the one it is nearest to, when one
/// is near enough to be what was meant.
fn misspelt_action(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown variant `")?;
    let (given, rest) = rest.split_once('`')?;
    let names = rest.split('`').skip(1).step_by(2).chain([UNBOUND]);
    let meant = nearest(given, names)?;
    Some(format!("no action `{given}`; did you mean `{meant}`?"))
}

/// Of `names`, the one nearest to `given`, when it is near enough to be
/// what was meant.
fn nearest<'a>(given: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let (distance, nearest) = names
        .map(|name| (strsim::damerau_levenshtein(given, name), name))
        .min()?;
    (distance <= 2.max(given.chars().count() / 4)).then_some(nearest)
}

/// A content folder as the file names it: `~/` is the home folder, and a
/// relative folder is taken from the configuration file's own folder.
fn folder_from(folder: &str, config: &Path) -> PathBuf {
    if let Some(rest) = folder
        .strip_prefix('~')
        .filter(|r| r.is_empty() || r.starts_with('/'))
        && let Ok(home) = etcetera::home_dir()
    {
        return home.join(rest.trim_start_matches('/'));
    }
    let folder = PathBuf::from(folder);
    match config.parent() {
        Some(parent) if folder.is_relative() => parent.join(folder),
        _ => folder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Config, (Option<Location>, String)> {
        parse(text, Path::new("/home/coder/.config/cptref/config.toml"))
    }

    #[test]
    fn keys_name_actions_and_the_content_folder_is_taken_from_the_file() {
        let config = parsed(
            "content = \"entries\"\n\n[keys.list]\nc = \"copy_code\"\nq = \"unbound\"\n\n[keys.detail]\n\"Ctrl-5\" = { jump_to_section = 5 }\n",
        )
        .unwrap();
        assert_eq!(
            config.content,
            Some(PathBuf::from("/home/coder/.config/cptref/entries"))
        );
        let keys: Vec<(&str, &str, Option<Action>)> = config
            .keys
            .iter()
            .map(|k| (k.part.as_str(), k.key.as_str(), k.action.clone()))
            .collect();
        assert_eq!(
            keys,
            // In file order.
            [
                ("list", "c", Some(Action::CopyCode)),
                ("list", "q", None),
                ("detail", "Ctrl-5", Some(Action::JumpToSection(5))),
            ]
        );
        // At the key, which an error about it names.
        assert_eq!(config.keys[0].at, Some(Location { line: 4, column: 1 }));
    }

    #[test]
    fn a_misspelt_part_is_placed_at_its_name_and_put_right() {
        // Even with no keys under it, where it would bind nothing.
        for text in ["[keys.detial]\n", "[keys.detial]\nc = \"copy_code\"\n"] {
            let (at, message) = parsed(text).unwrap_err();
            assert_eq!(at, Some(Location { line: 1, column: 7 }), "{text}");
            assert!(
                message.ends_with(
                    "unknown part of the screen `detial` in [keys]: did you mean [keys.detail]?"
                ),
                "{message}"
            );
        }
        let (at, message) = parsed("[keys]\ndetial = { c = \"copy_code\" }\n").unwrap_err();
        assert_eq!(at, Some(Location { line: 2, column: 1 }));
        assert!(message.contains("did you mean [keys.detail]?"), "{message}");
        // Far from every part: all seven are named.
        let (_, message) = parsed("[keys.sidebar]\n").unwrap_err();
        assert!(
            message.ends_with("use search, list, detail, help, findings, trainer, global"),
            "{message}"
        );
    }

    #[test]
    fn an_inline_table_is_placed_at_the_key_inside_it() {
        let error = |text: &str| parsed(&format!("[keys.detail]\n{text}\n")).unwrap_err();
        let (at, message) = error("x = { jump_to_sectoin = 5 }");
        assert_eq!(at, Some(Location { line: 2, column: 7 }));
        assert!(
            message.ends_with("no action `jump_to_sectoin`; did you mean `jump_to_section`?"),
            "{message}"
        );
        let (at, message) = error("x = { copy_code = 1 }");
        assert_eq!(at, Some(Location { line: 2, column: 7 }));
        assert!(
            message.ends_with("copy_code takes no value; write x = \"copy_code\""),
            "{message}"
        );
        let (at, message) = error("x = { jump_to_section = 5, extra = 1 }");
        assert_eq!(
            at,
            Some(Location {
                line: 2,
                column: 28
            })
        );
        assert!(message.contains("one action per key"), "{message}");
        let (_, message) = error("x = { jump_to_section = 1.5 }");
        assert!(
            message.ends_with(
                "a whole number from 1 to 9 without quotes, as in { jump_to_section = 4 }"
            ),
            "{message}"
        );
        for huge in ["99999999999999999999", "9223372036854775808"] {
            let (_, message) = error(&format!("x = {{ jump_to_section = {huge} }}"));
            assert!(
                message.starts_with("a number too large for TOML"),
                "{message}"
            );
        }
        let (at, message) = error("x = {}");
        assert_eq!(at, Some(Location { line: 2, column: 5 }));
        assert!(
            message.ends_with(
                "give an action's name in quotes, \"unbound\", or { jump_to_section = N }"
            ),
            "{message}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_names_its_setting() {
        let (at, message) = parsed("content = 5\n").unwrap_err();
        assert_eq!(
            at,
            Some(Location {
                line: 1,
                column: 11
            })
        );
        assert!(message.ends_with("(at key `content`)"), "{message}");
        let (_, message) = parsed("keys = [1]\n").unwrap_err();
        assert!(
            message.ends_with("(at key `keys`); key bindings go in tables, as in [keys.list]"),
            "{message}"
        );
    }

    #[test]
    fn mistakes_are_placed_in_the_file() {
        let (at, message) = parsed("[keys.list]\nc = \"copy\"\n").unwrap_err();
        assert_eq!(at, Some(Location { line: 2, column: 5 }));
        assert!(message.contains("`c` in [keys.list]"), "{message}");
        assert!(
            message.contains("copy_code"),
            "the known actions are listed: {message}"
        );

        let (at, message) = parsed("[keys.list]\nc = 5\n").unwrap_err();
        assert_eq!(at.map(|l| l.line), Some(2));
        assert!(
            message.contains("give an action's name in quotes"),
            "{message}"
        );

        let (at, message) = parsed("colour = \"always\"\n").unwrap_err();
        assert_eq!(at, Some(Location { line: 1, column: 1 }));
        assert!(message.contains("unknown field `colour`"), "{message}");

        let (at, _) = parsed("[keys.list\n").unwrap_err();
        assert_eq!(at.map(|l| l.line), Some(1));

        let deep = format!("[keys.list]\na{}= 1\n", ".a".repeat(99));
        let (at, message) = parsed(&deep).unwrap_err();
        assert_eq!(at, Some(Location { line: 2, column: 1 }));
        assert_eq!(
            message,
            "nested too deep to read: this key has 100 dotted parts"
        );
    }

    #[test]
    fn an_empty_content_folder_is_none_and_a_tilde_is_home() {
        assert_eq!(parsed("content = \"\"\n").unwrap().content, None);
        if let Ok(home) = etcetera::home_dir() {
            assert_eq!(
                parsed("content = \"~\"\n").unwrap().content,
                Some(home.clone())
            );
            assert_eq!(
                parsed("content = \"~/entries\"\n").unwrap().content,
                Some(home.join("entries"))
            );
        }
    }

    #[test]
    fn no_file_is_the_default_configuration() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(&dir.path().join("config.toml")), Ok(Config::default()));
    }
}
