//! Times the phases of a cold start and a few searches over a content
//! folder: `cargo run --release --example phases -- DIR`.
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).expect("usage: phases DIR");
    let t = Instant::now();
    let content = cptref::loader::load(&cptref::loader::ContentSource::Folder(dir.into())).unwrap();
    eprintln!(
        "load  {:?} ({} entries)",
        t.elapsed(),
        content.entries.len()
    );
    let t = Instant::now();
    let index = cptref::search::SearchIndex::new(content.entries.iter().map(|e| &e.entry));
    eprintln!("index {:?}", t.elapsed());
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
