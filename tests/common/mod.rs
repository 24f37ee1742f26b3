//! Helpers shared by the test files: the binary with a pinned environment,
//! and keys pressed through the browser's keymap.
// Each test file uses some of these, not all.
#![allow(dead_code)]

use assert_cmd::Command;
use cptref::tui::app::{App, update};
use cptref::tui::keymap::Key;
use ratatui::crossterm::event::KeyCode;

/// The `cptref` binary on the built-in content, plain output and a cache
/// folder under `target/`, whatever the developer's shell has set.
pub fn cptref() -> Command {
    let mut cmd = Command::cargo_bin("cptref").unwrap();
    cmd.env_remove("CPTREF_CONTENT")
        .env_remove("NO_COLOR")
        .env_remove("CPTREF_NO_CACHE")
        .env(
            "CPTREF_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
        );
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
