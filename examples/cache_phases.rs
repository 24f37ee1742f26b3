//! Times the parts of a start from the content cache: reading and decoding
//! the cache, then checking the folder against it; then the query shapes of
//! BENCHMARKS.md on the index read from the cache, and, for comparison,
//! listing the folder with every file's stamp (what a stale cache costs on
//! top of reading the files). Last, the floor under any start that checks
//! every file: listing the folder's names alone, and looking up each file's
//! stamp on one thread.
//! `cargo run --release --example cache_phases -- DIR` (cache folder from
//! CPTREF_CACHE_DIR or the default; run `cptref --content DIR list` first).
use std::path::Path;
use std::time::Instant;

use cptref::cache;
use cptref::loader::folder_listing;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: cache_phases DIR");
    let dir = Path::new(&dir);
    let cache_dir = cache::default_dir().expect("a cache folder");
    let file = cache::file_for(&cache_dir, dir);
    for _ in 0..3 {
        let start = Instant::now();
        let opened = cache::open(&file, dir);
        let read = start.elapsed();
        let checking = Instant::now();
        let fresh = opened.fresh(dir);
        let checked = checking.elapsed();
        if let Ok(content) = &fresh {
            let index = content.index();
            for query in ["100", "ablation", "gencl abl", "genicular ablation", "zzqx"] {
                let t = Instant::now();
                let hits = index.search(query).len();
                println!("  {query:>20}: {:.2?} ({hits} hits)", t.elapsed());
            }
        }
        let dropping = Instant::now();
        let is_fresh = fresh.is_ok();
        drop(fresh);
        let dropped = dropping.elapsed();
        let listing = Instant::now();
        let files = folder_listing(dir, true).expect("the folder lists").len();
        println!(
            "{files} files: cache read {read:.2?}, checked {checked:.2?} (fresh: {is_fresh}), \
             dropped {dropped:.2?}; a full listing with stamps takes {:.2?}",
            listing.elapsed()
        );
    }
    let listing = Instant::now();
    let names: Vec<_> = std::fs::read_dir(dir)
        .expect("the folder lists")
        .map(|item| item.expect("an entry").file_name())
        .collect();
    let listed = names.len();
    println!("listing the names alone: {:.2?}", listing.elapsed());
    let folder = cache::Folder::open(dir).expect("the folder opens");
    for _ in 0..3 {
        let looking = Instant::now();
        let found = names
            .iter()
            .filter(|name| folder.file_stamp(name).is_some())
            .count();
        println!(
            "looking up {found} of {listed} stamps on one thread: {:.2?}",
            looking.elapsed()
        );
    }
}
