//! Times the phases of a start over a content folder, cold and from the
//! content cache, and a few searches:
//! `cargo run --release --example phases -- DIR`.
use std::path::Path;
use std::time::Instant;

use cptref::cache;
use cptref::loader::{self, ContentSource};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: phases DIR");
    let dir = Path::new(&dir);
    let cache_dir = tempfile::tempdir().expect("a temporary folder");

    let t = Instant::now();
    let content = loader::load(&ContentSource::Folder(dir.into())).unwrap();
    eprintln!(
        "load       {:?} ({} entries)",
        t.elapsed(),
        content.entries.len()
    );
    let t = Instant::now();
    let index = content.index();
    eprintln!("index      {:?}", t.elapsed());

    let t = Instant::now();
    let listing = loader::folder_listing(dir, true).unwrap();
    eprintln!("listing    {:?} (with stamps)", t.elapsed());
    let file = cache::file_for(cache_dir.path(), dir);
    let t = Instant::now();
    cache::write(&file, dir, &listing, &content).unwrap();
    eprintln!("write      {:?}", t.elapsed());
    let t = Instant::now();
    let bytes = std::fs::read(&file).unwrap();
    eprintln!("read       {:?} ({} bytes)", t.elapsed(), bytes.len());
    let t = Instant::now();
    match cache::open(&file, dir).check(dir, &listing) {
        cache::Lookup::Fresh(c) => {
            eprintln!("from cache {:?} ({} entries)", t.elapsed(), c.entries.len())
        }
        other => eprintln!("cache not used: {other:?}"),
    }

    for q in [
        "g",
        "a",
        "ge",
        "100",
        "ablation",
        "gencl abl",
        "genicular ablation",
        "zzqx",
        "mod:50",
    ] {
        let t = Instant::now();
        let n = index.search(q).len();
        eprintln!("{q:>20}: {:>10.2?}  {n} hits", t.elapsed());
    }
}
