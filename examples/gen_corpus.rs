//! Writes a synthetic content set for benchmarks and load testing:
//! `cargo run --release --example gen_corpus -- DIR COUNT [SEED]`.
//! Not part of the user CLI.

#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(count)) = (args.first(), args.get(1).and_then(|c| c.parse().ok())) else {
        eprintln!("usage: gen_corpus DIR COUNT [SEED]");
        return ExitCode::from(2);
    };
    let seed = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(corpus::SEED);
    // A folder this generator wrote whole before is kept as it is.
    match corpus::ensure_corpus(&PathBuf::from(dir), count, seed) {
        Ok(true) => {
            eprintln!("wrote {count} entries to {dir}");
            ExitCode::SUCCESS
        }
        Ok(false) => {
            eprintln!("{dir} already holds these {count} entries");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
