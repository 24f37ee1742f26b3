//! The benchmark corpus: what the benches measure must be content that
//! `check` finds nothing wrong with, or they would time the error paths.

#[path = "../benches/corpus.rs"]
mod corpus;

use cptref::loader::{ContentSource, load};

#[test]
fn a_generated_corpus_loads_without_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(dir.path(), 400, corpus::SEED).unwrap();
    let content = load(&ContentSource::Folder(dir.path().to_owned())).unwrap();
    assert_eq!(content.entries.len(), 400);
    assert!(
        content.findings.is_empty(),
        "{:#?}",
        &content.findings[..3.min(content.findings.len())]
    );
}
