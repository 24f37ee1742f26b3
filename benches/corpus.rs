//! A synthetic content set for benchmarks: N content files with CPT-shaped
//! codes, titles and prose of varied length, modifiers, related codes and
//! notes. Shared by the benches and `examples/gen_corpus.rs`. Every word is
//! made up from the lists below; nothing here is clinical fact.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const ACTIONS: &[&str] = &[
    "Destruction",
    "Injection",
    "Excision",
    "Repair",
    "Biopsy",
    "Ablation",
    "Neurolysis",
    "Aspiration",
    "Incision",
    "Reconstruction",
    "Fixation",
    "Decompression",
    "Revision",
    "Arthroscopy",
    "Drainage",
    "Removal",
    "Implantation",
    "Stimulation",
    "Imaging",
    "Evaluation",
];
const AGENTS: &[&str] = &[
    "by neurolytic agent",
    "of anesthetic and/or steroid",
    "with imaging guidance",
    "under fluoroscopy",
    "by radiofrequency",
    "percutaneous",
    "open approach",
    "endoscopic",
    "with ultrasound guidance",
    "by chemical agent",
];
const PARTS: &[&str] = &[
    "genicular nerve branches",
    "facet joint nerves",
    "plantar common digital nerve",
    "peripheral nerve",
    "sacroiliac joint",
    "cervical spine",
    "thoracic spine",
    "lumbar spine",
    "knee joint",
    "shoulder joint",
    "hip joint",
    "ankle",
    "wrist",
    "elbow",
    "intercostal nerve",
    "occipital nerve",
    "sciatic nerve",
    "femoral nerve",
    "brachial plexus",
    "trigeminal nerve",
    "median nerve",
    "ulnar nerve",
    "tibial nerve",
    "sural nerve",
    "pudendal nerve",
    "celiac plexus",
    "stellate ganglion",
    "lumbar sympathetic chain",
    "paravertebral space",
    "epidural space",
];
const QUALIFIERS: &[&str] = &[
    "single level",
    "each additional level",
    "unilateral",
    "bilateral",
    "first joint",
    "each additional joint",
    "with imaging",
    "without imaging",
    "initial",
    "subsequent",
];
const WORDS: &[&str] = &[
    "patient",
    "pain",
    "chronic",
    "relief",
    "procedure",
    "session",
    "imaging",
    "guidance",
    "needle",
    "physician",
    "documentation",
    "payer",
    "coverage",
    "policy",
    "diagnostic",
    "therapeutic",
    "block",
    "ablation",
    "nerve",
    "branch",
    "joint",
    "level",
    "side",
    "report",
    "unit",
    "modifier",
    "bilateral",
    "left",
    "right",
    "office",
    "facility",
    "outpatient",
    "surgical",
    "center",
    "hospital",
    "department",
    "authorization",
    "criteria",
    "conservative",
    "therapy",
    "failed",
    "weeks",
    "months",
    "follow-up",
    "evaluation",
    "symptoms",
    "function",
    "mobility",
    "assessment",
    "consent",
    "sterile",
    "technique",
    "local",
    "anesthetic",
    "steroid",
    "agent",
    "radiofrequency",
    "thermal",
    "chemical",
    "pulsed",
    "lesion",
    "temperature",
    "placement",
    "fluoroscopic",
    "ultrasound",
    "contrast",
    "confirmation",
    "stimulation",
    "sensory",
    "motor",
    "response",
    "recovery",
    "discharge",
    "instructions",
    "medication",
    "anticoagulation",
    "history",
    "examination",
    "findings",
    "indication",
    "contraindication",
    "risk",
    "benefit",
    "outcome",
    "duration",
    "repeat",
    "interval",
    "frequency",
    "limit",
    "bundled",
    "separately",
    "included",
    "excluded",
    "global",
    "period",
    "knee",
    "spine",
    "foot",
    "neck",
    "back",
    "shoulder",
    "hip",
    "cervical",
    "thoracic",
    "lumbar",
];
const MODIFIERS: &[(&str, &str)] = &[
    ("RT", "Right side"),
    ("LT", "Left side"),
    ("50", "Both sides, same session"),
    ("52", "Less than the full service"),
    ("59", "Separate, distinct service"),
    ("XS", "Separate structure"),
    ("22", "Substantially more work than usual"),
    ("XU", "Unusual non-overlapping service"),
    ("GA", "Waiver of liability on file"),
    ("KX", "Requirements met"),
];
const NOTE_KINDS: &[&str] = &["caution", "erratum", "tip"];

/// The code of entry `i`: Category I codes first, then Category III (`T`).
pub fn code(i: usize) -> String {
    if i < 90_000 {
        format!("{:05}", 10_000 + i)
    } else {
        format!("{:04}T", i - 90_000)
    }
}

struct Words(fastrand::Rng);

impl Words {
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.0.usize(..list.len())]
    }

    fn sentence(&mut self) -> String {
        let n = self.0.usize(6..18);
        let mut s = String::new();
        for i in 0..n {
            let w = self.pick(WORDS);
            if i == 0 {
                let mut c = w.chars();
                if let Some(first) = c.next() {
                    s.extend(first.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }

    fn prose(&mut self, min: usize, max: usize) -> String {
        let n = self.0.usize(min..=max);
        (0..n)
            .map(|_| self.sentence())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn quoted(text: &str) -> String {
    format!("{text:?}")
}

/// One content file in the TOML format.
pub fn entry_toml(i: usize, total: usize, seed: u64) -> String {
    let mut w = Words(fastrand::Rng::with_seed(
        seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
    ));
    let title = format!(
        "{} {} {}, {}",
        w.pick(ACTIONS),
        w.pick(AGENTS),
        w.pick(PARTS),
        w.pick(QUALIFIERS)
    );
    let mut out = String::new();
    let _ = writeln!(out, "code = {}", quoted(&code(i)));
    let _ = writeln!(out, "title = {}", quoted(&title));
    let summary = format!("{}\n\n{}", w.prose(2, 6), w.prose(1, 4));
    let _ = writeln!(out, "summary = {}", quoted(&summary));
    let _ = writeln!(out, "payers = [\"Medicare\", \"Example Health\"]");
    let _ = writeln!(out, "sources = [\"synthetic corpus\"]");
    let _ = writeln!(out, "\n[billing]\noverview = {}", quoted(&w.prose(2, 5)));
    let _ = writeln!(out, "service_type = {}", quoted(&w.prose(1, 1)));
    let _ = writeln!(out, "site_of_service = {}", quoted(&w.prose(1, 1)));
    let _ = writeln!(out, "\n[clinical]\nscenario = {}", quoted(&w.prose(3, 8)));
    let steps: Vec<String> = (0..w.0.usize(3..7))
        .map(|_| quoted(&w.sentence()))
        .collect();
    let _ = writeln!(out, "steps = [{}]", steps.join(", "));
    let mut listed = Vec::new();
    for _ in 0..w.0.usize(0..4) {
        let (code, description) = MODIFIERS[w.0.usize(..MODIFIERS.len())];
        // Drawn whether or not the row is kept, so that the rest of the
        // corpus stays as it was before repeats were left out.
        let when_to_use = w.sentence();
        if listed.contains(&code) {
            continue;
        }
        listed.push(code);
        let _ = writeln!(
            out,
            "\n[[modifiers]]\ncode = {}\ndescription = {}\nwhen_to_use = {}",
            quoted(code),
            quoted(description),
            quoted(&when_to_use)
        );
    }
    for _ in 0..w.0.usize(0..3) {
        let other = w.0.usize(..total.max(1));
        // An entry is not related to itself (`check` reports that).
        if other == i {
            continue;
        }
        let _ = writeln!(
            out,
            "\n[[related]]\ncode = {}\nwhy = {}",
            quoted(&self::code(other)),
            quoted(&w.sentence())
        );
    }
    for _ in 0..w.0.usize(0..3) {
        let _ = writeln!(
            out,
            "\n[[notes]]\nkind = {}\ntext = {}\nsource = \"synthetic corpus\"",
            quoted(w.pick(NOTE_KINDS)),
            quoted(&w.prose(1, 3))
        );
    }
    out
}

/// Writes `count` entries into `dir` (created if needed).
pub fn write_corpus(dir: &Path, count: usize, seed: u64) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for i in 0..count {
        fs::write(
            dir.join(format!("{}.toml", code(i))),
            entry_toml(i, count, seed),
        )?;
    }
    Ok(())
}

/// The seed of the benchmarks' corpora (and `gen_corpus`'s default), so
/// that every bench and script measures the same entries.
pub const SEED: u64 = 2026;

/// What a corpus written whole is marked with: a fingerprint of the
/// generator's output, so that a corpus written by an older generator (one
/// that `check` now finds fault with, say) is written again, not measured.
pub fn fingerprint(count: usize, seed: u64) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for i in 0..count.min(64) {
        for byte in entry_toml(i, count, seed).bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{count} {seed} {hash:016x}\n")
}

/// Writes the corpus of `count` entries into `dir` unless it is there
/// already, written whole by this generator; true when it was written.
pub fn ensure_corpus(dir: &Path, count: usize, seed: u64) -> io::Result<bool> {
    let done = dir.join(".complete");
    let mark = fingerprint(count, seed);
    match fs::read_to_string(&done) {
        Ok(written) if written == mark => return Ok(false),
        // One this generator wrote, another way: its files go, so that
        // none is left over from a larger count. A folder not marked is
        // never emptied: it may be anyone's.
        Ok(_) => fs::remove_dir_all(dir)?,
        Err(_) => {}
    }
    write_corpus(dir, count, seed)?;
    fs::write(&done, mark)?;
    Ok(true)
}

/// A corpus of `count` entries under `target/bench-corpus/`, written once
/// and reused by later runs.
pub fn cached_corpus(count: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-corpus")
        .join(count.to_string());
    ensure_corpus(&dir, count, SEED).expect("write the benchmark corpus");
    dir
}
