//! Compiles the default content set into the binary: every `content/*.toml`
//! becomes a `(file name, text)` pair in `BUILTIN_FILES`, so `cptref` works
//! from any folder with no set-up.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("content");
    println!("cargo::rerun-if-changed={}", dir.display());

    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("content/ exists")
        .map(|entry| entry.expect("content/ is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();

    let mut out = String::from("pub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy();
        writeln!(out, "    ({name:?}, include_str!({:?})),", path.display()).unwrap();
    }
    out.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_content.rs"),
        out,
    )
    .unwrap();
}
