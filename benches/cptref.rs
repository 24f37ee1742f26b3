//! Speed at scale: cold load of a folder, a start from the content cache,
//! the browser's first frame, search per query shape, typing a
//! query one keystroke at a time through `update()`, a full frame, and a
//! trainer session over every entry. Runs
//! on synthetic corpora of 10,000 and 100,000 entries written once under
//! `target/bench-corpus/` (see `corpus.rs`). `cargo bench`; figures and how
//! to read them are in BENCHMARKS.md.

mod corpus;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cptref::loader::{Content, ContentSource, QUICK_START_FROM, load, load_cached, start};
use cptref::training::{Order, Session};
use cptref::tui::action::Action;
use cptref::tui::app::{App, update};
use cptref::tui::screen::view;
use cptref::tui::theme::Theme;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const SIZES: [usize; 2] = [10_000, 100_000];

/// The query shapes of BENCHMARKS.md.
const QUERIES: [(&str, &str); 5] = [
    ("code_prefix", "100"),
    ("one_word", "ablation"),
    ("fuzzy_abbreviation", "gencl abl"),
    ("two_words", "genicular ablation"),
    ("no_match", "zzqx"),
];

/// What a coder types, one character at a time.
const TYPED: &str = "genicular ablation";

fn content(size: usize) -> Content {
    load(&ContentSource::Folder(corpus::cached_corpus(size))).expect("the corpus loads")
}

fn cold_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for size in SIZES {
        let dir = corpus::cached_corpus(size);
        group.bench_function(BenchmarkId::new("folder_and_index", size), |b| {
            b.iter(|| {
                let content = load(&ContentSource::Folder(dir.clone())).unwrap();
                let index = content.index();
                black_box((content.entries.len(), index.len()))
            })
        });
        // A start with nothing changed: the cache read, and the folder
        // checked against it (every file's size and time).
        let cache_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-cache");
        let source = ContentSource::Folder(dir.clone());
        assert!(
            !load_cached(&source, &cache_dir)
                .unwrap()
                .notices
                .iter()
                .any(|n| n.contains("could not"))
        );
        group.bench_function(BenchmarkId::new("from_cache", size), |b| {
            b.iter(|| {
                let content = load_cached(&source, &cache_dir).unwrap();
                assert!(content.from_cache);
                black_box(content.entries.len())
            })
        });
    }
    group.finish();
}

/// The browser's start to its first frame on a large folder (80×24): from
/// the cache, unchecked (the check runs behind the first frame), and with
/// nothing cached, from the first files.
fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    let cache_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-cache");
    let draw = |content: Content| {
        let app = App::new(content, Theme { colour: true }, Rect::new(0, 0, 80, 24));
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| view(&app, frame)).unwrap();
        black_box(app.hits.len())
    };
    for size in SIZES {
        let source = ContentSource::Folder(corpus::cached_corpus(size));
        load_cached(&source, &cache_dir).unwrap();
        group.bench_function(BenchmarkId::new("from_cache", size), |b| {
            b.iter(|| {
                let started = start(&source, Some(&cache_dir), QUICK_START_FROM).unwrap();
                assert!(started.content.from_cache);
                draw(started.content)
            })
        });
        group.bench_function(BenchmarkId::new("first_files", size), |b| {
            b.iter(|| {
                let started = start(&source, None, QUICK_START_FROM).unwrap();
                assert!(started.rest.is_some());
                draw(started.content)
            })
        });
    }
    group.finish();
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.sample_size(20);
    for size in SIZES {
        let index = content(size).index();
        for (shape, query) in QUERIES {
            group.bench_function(BenchmarkId::new(shape, size), |b| {
                b.iter(|| black_box(index.search(black_box(query)).len()))
            });
        }
    }
    group.finish();
}

/// Each keystroke of `TYPED`: from the state after the previous keystroke,
/// type one character (the search runs in `update`, as the worker would run
/// it). Only the keystroke is timed; the Backspace that takes it back for
/// the next iteration is not, as it is a different keystroke (before the
/// fifteenth session both were timed together, so the third letter, where
/// neither is remembered, counted twice).
fn typing(c: &mut Criterion) {
    let mut group = c.benchmark_group("typing");
    group.sample_size(20);
    for size in SIZES {
        let mut app = App::new(
            content(size),
            Theme { colour: true },
            Rect::new(0, 0, 100, 30),
        );
        app.background_search = false;
        for (n, ch) in TYPED.chars().enumerate() {
            let typed: String = TYPED.chars().take(n).collect();
            let id = format!("{size}/{:02}_{}{}", n + 1, typed.replace(' ', "_"), ch);
            group.bench_function(id, |b| {
                b.iter_custom(|iterations| {
                    let mut typing = Duration::ZERO;
                    for _ in 0..iterations {
                        let start = Instant::now();
                        update(&mut app, Action::Type(ch));
                        black_box(app.hits.len());
                        typing += start.elapsed();
                        update(&mut app, Action::DeleteBackward);
                    }
                    typing
                })
            });
            assert_eq!(app.query, typed);
            update(&mut app, Action::Type(ch));
        }
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.sample_size(30);
    let size = 100_000;
    // One load for both sizes: the frame, not the load, is measured.
    let content = Arc::new(content(size));
    for (width, height) in [(80, 24), (200, 60)] {
        let mut app = App::new(
            Arc::clone(&content),
            Theme { colour: true },
            Rect::new(0, 0, width, height),
        );
        app.background_search = false;
        for ch in "gen abl".chars() {
            update(&mut app, Action::Type(ch));
        }
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        group.bench_function(format!("{size}/{width}x{height}"), |b| {
            b.iter(|| {
                terminal.draw(|frame| view(&app, frame)).unwrap();
            })
        });
    }
    group.finish();
}

/// A trainer session over every entry, as `cptref train` opens one: opening
/// it (the first case made), and each next case, made when it is reached
/// (its distractors chosen among every entry, its file read).
fn trainer(c: &mut Criterion) {
    let mut group = c.benchmark_group("trainer");
    group.sample_size(10);
    let cache_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-cache");
    for size in SIZES {
        let source = ContentSource::Folder(corpus::cached_corpus(size));
        let content = load_cached(&source, &cache_dir).expect("the corpus loads");
        group.bench_function(BenchmarkId::new("open", size), |b| {
            b.iter(|| {
                let session = Session::new(&content, &[], Order::Shuffle, 7).unwrap();
                black_box(session.case_count())
            })
        });
        let mut session = Session::new(&content, &[], Order::Shuffle, 7).unwrap();
        group.bench_function(BenchmarkId::new("next_case", size), |b| {
            b.iter(|| {
                session.reveal();
                session.advance(&content);
                black_box(session.current())
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    search,
    typing,
    render,
    cold_load,
    first_frame,
    trainer
);
criterion_main!(benches);
