//! Times start to the first full screen as the browser does it, without a
//! terminal: start the content (built-in, or DIR from the content cache or
//! its first files, as `cptref` does), draw one 80×24 frame; then times the
//! rest of the start (checking the folder, or reading it all) that the
//! browser does in the background.
//! `cargo run --release --example first_frame -- [DIR] [--no-cache]`.
use std::time::Instant;

use cptref::cache;
use cptref::loader::{ContentSource, QUICK_START_FROM, start};
use cptref::tui::app::App;
use cptref::tui::screen::view;
use cptref::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn main() {
    let began = Instant::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let source = match args.iter().find(|a| !a.starts_with("--")) {
        Some(dir) => ContentSource::Folder(dir.into()),
        None => ContentSource::Builtin,
    };
    let cache_dir = cache::default_dir().filter(|_| !args.iter().any(|a| a == "--no-cache"));
    let started = start(&source, cache_dir.as_deref(), QUICK_START_FROM).expect("content loads");
    let from_cache = started.content.from_cache;
    let loaded = began.elapsed();
    let app = App::new(
        started.content,
        Theme { colour: true },
        Rect::new(0, 0, 80, 24),
    );
    let indexed = began.elapsed();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal.draw(|frame| view(&app, frame)).expect("a frame");
    let drawn = began.elapsed();
    println!(
        "{} entries{}: loaded {loaded:.2?}, indexed {indexed:.2?}, first frame {drawn:.2?}",
        app.content.entries.len(),
        if from_cache { " (from the cache)" } else { "" }
    );
    if let Some(rest) = started.rest {
        let what = rest.describe();
        let mut replaced_at = None;
        let mut entries = 0;
        let notices = rest
            .finish(
                |content| {
                    replaced_at = Some(began.elapsed());
                    entries = content.entries.len();
                },
                || true,
            )
            .expect("the rest loads");
        match replaced_at {
            Some(at) => println!("{what}: {entries} entries ready at {at:.2?}"),
            None => println!("{what}: nothing changed"),
        }
        println!("rest done at {:.2?} {notices:?}", began.elapsed());
    }
}
