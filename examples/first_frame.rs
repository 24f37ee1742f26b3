//! Times start to the first full screen, without a terminal: load the
//! content (built-in, or DIR), build the search index, draw one 80×24 frame.
//! `cargo run --release --example first_frame -- [DIR]`.
use std::time::Instant;

use cptref::loader::{ContentSource, load};
use cptref::tui::app::App;
use cptref::tui::screen::view;
use cptref::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn main() {
    let start = Instant::now();
    let source = match std::env::args().nth(1) {
        Some(dir) => ContentSource::Folder(dir.into()),
        None => ContentSource::Builtin,
    };
    let content = load(&source).expect("content loads");
    let loaded = start.elapsed();
    let app = App::new(content, Theme { colour: true }, Rect::new(0, 0, 80, 24));
    let indexed = start.elapsed();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal.draw(|frame| view(&app, frame)).expect("a frame");
    let drawn = start.elapsed();
    println!(
        "{} entries: loaded {loaded:.2?}, indexed {indexed:.2?}, first frame {drawn:.2?}",
        app.content.entries.len()
    );
}
