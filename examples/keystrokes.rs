//! Times each keystroke of typed queries through `update()` over a content
//! folder, as the browser's search worker runs them, and prints the median
//! and worst: `cargo run --release --example keystrokes -- DIR [QUERY…]`.
use std::time::{Duration, Instant};

use cptref::loader::{ContentSource, load};
use cptref::tui::action::Action;
use cptref::tui::app::{App, update};
use cptref::tui::theme::Theme;
use ratatui::layout::Rect;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: keystrokes DIR [QUERY…]");
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = [
            "genicular ablation",
            "ablation",
            "nerve block 50",
            "6463",
            "mod:50 knee",
        ]
        .map(String::from)
        .to_vec();
    }
    let content = load(&ContentSource::Folder(dir.into())).expect("content loads");
    let mut app = App::new(content, Theme { colour: true }, Rect::new(0, 0, 100, 30));
    app.background_search = false;
    let mut all: Vec<Duration> = Vec::new();
    for query in &queries {
        update(&mut app, Action::ClearQuery);
        let mut times = Vec::new();
        for ch in query.chars() {
            let start = Instant::now();
            update(&mut app, Action::Type(ch));
            times.push(start.elapsed());
        }
        let worst = times.iter().max().copied().unwrap_or_default();
        println!(
            "{query:>20}: {} keystrokes, worst {worst:.2?}, {} hits",
            times.len(),
            app.hits.len()
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "all {} keystrokes: median {:.2?}, worst {:.2?}",
        all.len(),
        all[all.len() / 2],
        all[all.len() - 1]
    );
}
