//! Helpers shared by the test files: the binary with a pinned environment,
//! keys pressed through the browser's keymap, and the screen drawn.
// Each test file uses some of these, not all.
#![allow(dead_code)]

use assert_cmd::Command;
use cptref::tui::app::{App, update};
use cptref::tui::keymap::Key;
use cptref::tui::screen::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

/// An empty configuration file: the defaults. (One named that is not
/// there is warned about, as a slip in its name.)
pub const NO_CONFIG: &str = "/dev/null";

/// The `cptref` binary on the built-in content, plain output and a cache
/// folder under `target/`, whatever the developer's shell has set.
pub fn cptref() -> Command {
    let mut cmd = Command::cargo_bin("cptref").unwrap();
    cmd.env_remove("CPTREF_CONTENT")
        .env_remove("NO_COLOR")
        .env_remove("CPTREF_NO_CACHE")
        .env_remove("CPTREF_WATCH_FROM")
        // The developer's own configuration file stays out of the tests.
        .env("CPTREF_CONFIG", NO_CONFIG)
        .env(
            "CPTREF_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        );
    cmd
}

/// `cptref()` as a plain process, for a test that hands it a standard
/// output of its own (a closed pipe, a full device), which `assert_cmd`
/// keeps for itself.
pub fn cptref_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cptref"));
    cmd.env("CPTREF_CONFIG", NO_CONFIG)
        .env_remove("CPTREF_CONTENT")
        .env("CPTREF_NO_CACHE", "1");
    cmd
}

/// Each key as the keymap binds it, through `update`.
pub fn press(app: &mut App, keys: &[Key]) {
    for key in keys {
        if let Some(action) = app.action_for_key(*key) {
            update(app, action);
        }
    }
}

pub fn key(code: KeyCode) -> Key {
    Key::plain(code)
}

/// The screen as `view` draws `app`, on a test terminal of its size.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.screen.width, app.screen.height)).unwrap();
    terminal.draw(|frame| view(app, frame)).unwrap();
    terminal
}

/// The drawn screen's text, one line per row.
pub fn screen_text(app: &App) -> String {
    let terminal = draw(app);
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(usize::from(buffer.area.width))
        .map(|row| row.iter().map(|cell| cell.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The status line as drawn: the screen's last row.
pub fn status_line(app: &App) -> String {
    screen_text(app)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// 64624's built-in file with a modifier row, 76, that the registry lacks
/// (as a folder's own content may have).
pub fn genicular_ablation_with_modifier_76() -> String {
    std::fs::read_to_string("content/64624.toml")
        .unwrap()
        .replacen(
            "[[related]]",
            "[[modifiers]]\ncode = \"76\"\ndescription = \"Repeat procedure\"\n\
         when_to_use = \"Done again the same day.\"\n\n[[related]]",
            1,
        )
}
