//! Times the parts of a start from the content cache: listing the folder
//! with each file's stamp, then reading and checking the cache; then the
//! query shapes of BENCHMARKS.md on the index read from the cache.
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
    for _ in 0..3 {
        let start = Instant::now();
        let listing = folder_listing(dir, true).expect("the folder lists");
        let listed = start.elapsed();
        let file = cache::file_for(&cache_dir, dir);
        let lookup = cache::read(&file, dir, &listing);
        let read = start.elapsed();
        let fresh = matches!(lookup, cache::Lookup::Fresh(_));
        if let cache::Lookup::Fresh(content) = &lookup {
            let index = content.index();
            for query in ["100", "ablation", "gencl abl", "genicular ablation", "zzqx"] {
                let t = Instant::now();
                let hits = index.search(query).len();
                println!("  {query:>20}: {:.2?} ({hits} hits)", t.elapsed());
            }
        }
        let dropping = Instant::now();
        drop(lookup);
        println!(
            "{} files: listed with stamps {listed:.2?}, cache read {:.2?} (fresh: {fresh}), dropped {:.2?}",
            listing.len(),
            read - listed,
            dropping.elapsed()
        );
    }
}
