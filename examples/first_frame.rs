//! Times start to the first full screen, without a terminal: load the
//! content (built-in, or DIR through the content cache as `cptref` does),
//! build or read the search index, draw one 80×24 frame.
//! `cargo run --release --example first_frame -- [DIR] [--no-cache]`.
use std::time::Instant;

use cptref::cache;
use cptref::loader::{ContentSource, load, load_cached};
use cptref::tui::app::App;
use cptref::tui::screen::view;
use cptref::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn main() {
    let start = Instant::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let source = match args.iter().find(|a| !a.starts_with("--")) {
        Some(dir) => ContentSource::Folder(dir.into()),
        None => ContentSource::Builtin,
    };
    let cache_dir = cache::default_dir().filter(|_| !args.iter().any(|a| a == "--no-cache"));
    let content = match &cache_dir {
        Some(dir) => load_cached(&source, dir),
        None => load(&source),
    }
    .expect("content loads");
    let from_cache = content.from_cache;
    let loaded = start.elapsed();
    let app = App::new(content, Theme { colour: true }, Rect::new(0, 0, 80, 24));
    let indexed = start.elapsed();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal.draw(|frame| view(&app, frame)).expect("a frame");
    let drawn = start.elapsed();
    println!(
        "{} entries{}: loaded {loaded:.2?}, indexed {indexed:.2?}, first frame {drawn:.2?}",
        app.content.entries.len(),
        if from_cache { " (from the cache)" } else { "" }
    );
}
