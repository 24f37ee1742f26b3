//! Source publications: our own fixtures for each variant real documents
//! show, the five seed publications when `../shared/seeds/` is there, the
//! `import` and `check` commands, and a property test that no input panics.

mod common;
use common::cptref;

use std::fs;
use std::path::{Path, PathBuf};

use cptref::audit::FindingKind;
use cptref::loader::{Content, ContentSource, load, read_text};
use cptref::publication::{MAX_BYTES, Publication, decode, parse};
use cptref::registry::Registry;
use proptest::prelude::*;

const FIXTURES: &str = "tests/fixtures/publications";

fn fixture(name: &str) -> Publication {
    let path = Path::new(FIXTURES).join(name);
    let text = read_text(&path).unwrap();
    parse(&text, name, Registry::builtin_ref())
}

fn kinds(p: &Publication) -> Vec<FindingKind> {
    p.findings.iter().map(|f| f.kind).collect()
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark() {
    let p = fixture("crlf-bom.txt");
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    assert_eq!(p.entry.code, "99991");
    assert_eq!(p.entry.title, "Windows Line Ends");
    assert!(!p.entry.summary.contains('\r'));
    assert_eq!(p.entry.billing.site_of_service.as_deref(), Some("Office"));
    assert_eq!(p.entry.modifiers[0].code, "RT");
}

#[test]
fn heading_variants_and_other_column_names() {
    let p = fixture("heading-variants.txt");
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    assert_eq!(p.entry.code, "99992");
    assert_eq!(p.entry.billing.overview, "Reported once per encounter.");
    assert_eq!(
        p.entry.billing.service_type.as_deref(),
        Some("Made-up service")
    );
    assert_eq!(
        p.entry.billing.site_of_service.as_deref(),
        Some("Ambulatory surgical center")
    );
    assert_eq!(p.entry.clinical.scenario, "A made-up patient.");
    let codes: Vec<&str> = p.entry.modifiers.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["LT", "50"], "rows without outer pipes");
    assert_eq!(p.entry.modifiers[1].description, "Bilateral procedure");
}

#[test]
fn curly_quotes_and_dashes_survive() {
    let p = fixture("curly.txt");
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    assert_eq!(p.entry.title, "A Title With an En Dash");
    assert!(p.entry.summary.contains("“curly quotes”"));
    assert!(p.entry.billing.overview.contains("It’s reported"));
    assert_eq!(
        p.entry.modifiers[0].when_to_use,
        "Fewer than the usual “three” targets were treated."
    );
}

#[test]
fn extra_blank_lines_and_wrapped_paragraphs() {
    let p = fixture("blank-lines.txt");
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    assert_eq!(
        p.entry.summary,
        "A first paragraph that is wrapped over two lines.\n\nA second paragraph."
    );
    assert_eq!(p.entry.modifiers.len(), 1);
}

#[test]
fn unknown_headings_are_kept_as_sections() {
    let p = fixture("unknown-heading.txt");
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    assert_eq!(p.entry.sections.len(), 1);
    assert_eq!(p.entry.sections[0].heading, "Payer Coverage Notes");
    assert!(p.entry.sections[0].text.contains("prior authorization"));
    assert_eq!(p.entry.billing.overview, "Reported once.");
}

#[test]
fn a_missing_section_is_reported_not_fatal() {
    let p = fixture("missing-section.txt");
    assert_eq!(kinds(&p), [FindingKind::MissingSection]);
    assert!(p.findings[0].message.contains("Clinical Context"));
    assert_eq!(p.entry.code, "99996");
    assert_eq!(p.entry.modifiers.len(), 1);
}

#[test]
fn placeholders_truncated_rows_unknown_modifiers_and_bad_codes() {
    let p = fixture("problems.txt");
    let found: Vec<(Option<usize>, FindingKind)> =
        p.findings.iter().map(|f| (f.line, f.kind)).collect();
    assert_eq!(
        found,
        [
            (Some(2), FindingKind::CodeShape),
            (Some(6), FindingKind::Placeholder),
            (Some(9), FindingKind::Placeholder),
            (Some(13), FindingKind::UnknownModifier),
            (Some(15), FindingKind::TruncatedRow),
        ]
    );
    assert_eq!(p.entry.clinical.scenario, "A made-up patient.");
    assert_eq!(p.entry.modifiers.len(), 1);
}

#[test]
fn an_empty_file_is_all_missing_sections() {
    let p = fixture("empty.txt");
    assert_eq!(p.findings.len(), 5);
    assert!(kinds(&p).iter().all(|k| *k == FindingKind::MissingSection));
}

#[test]
fn binary_huge_and_one_line_files_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("binary.txt");
    fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    assert!(read_text(&binary).unwrap_err().reason.contains("binary"));

    // 50 MB, sparse: refused by its size before a byte is read.
    let huge = dir.path().join("huge.txt");
    fs::File::create(&huge)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let refused = read_text(&huge).unwrap_err().reason;
    assert!(refused.contains("52428800 bytes"), "{refused}");
    assert!(refused.contains(&MAX_BYTES.to_string()));

    // One line just under the limit.
    let line = dir.path().join("line.txt");
    fs::write(&line, "x".repeat(MAX_BYTES as usize - 10)).unwrap();
    let text = read_text(&line).unwrap();
    let p = parse(&text, "line.txt", Registry::builtin_ref());
    assert!(kinds(&p).contains(&FindingKind::MissingSection));

    // The folder still loads: each file is a finding, none a crash.
    let content = load(&ContentSource::Folder(dir.path().to_owned())).unwrap();
    assert_eq!(
        content
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Unreadable)
            .count(),
        2
    );
}

#[test]
fn check_lists_publication_findings_as_json_and_exits_one() {
    let output = cptref()
        .args(["check", FIXTURES, "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let placeholder = findings
        .iter()
        .find(|f| f["kind"] == "placeholder")
        .expect("a placeholder finding");
    assert_eq!(placeholder["line"], 6);
    assert!(
        placeholder["path"]
            .as_str()
            .unwrap()
            .ends_with("problems.txt")
    );
    assert!(
        placeholder["message"]
            .as_str()
            .unwrap()
            .contains("Data not available")
    );
}

#[test]
fn a_folder_mixes_toml_and_publications_and_toml_wins_a_code() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        Path::new(FIXTURES).join("curly.txt"),
        dir.path().join("curly.txt"),
    )
    .unwrap();
    fs::write(
        dir.path().join("zz.toml"),
        "code = \"99993\"\ntitle = \"Curated\"\nsummary = \"s\"\n[billing]\noverview = \"o\"\n\
         [clinical]\nscenario = \"c\"\n",
    )
    .unwrap();
    let content = load(&ContentSource::Folder(dir.path().to_owned())).unwrap();
    assert_eq!(content.entries.len(), 1);
    assert_eq!(content.entries[0].title, "Curated");
    assert_eq!(content.findings[0].kind, FindingKind::DuplicateCode);
    assert!(content.findings[0].path.ends_with("curly.txt"));
    // Placed at the line that gives the code.
    assert_eq!(
        (content.findings[0].line, content.findings[0].column),
        (Some(2), Some(1))
    );
}

fn import_into(dir: &Path, files: &[PathBuf], extra: &[&str]) -> std::process::Output {
    cptref()
        .arg("import")
        .args(files)
        .arg("--out")
        .arg(dir)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn an_import_source_that_is_no_text_is_placed_as_check_places_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("scan.txt");
    fs::write(&binary, b"CPT 64624: Title\nab\0c").unwrap();
    let output = import_into(&dir.path().join("out"), std::slice::from_ref(&binary), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: {}:2:3: binary data (a NUL byte), not a text document\n",
            binary.display()
        )
    );
}

#[test]
fn import_writes_files_check_accepts_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = ["crlf-bom.txt", "problems.txt", "unknown-heading.txt"]
        .iter()
        .map(|n| Path::new(FIXTURES).join(n))
        .collect();
    let output = import_into(dir.path(), &files, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("99991.toml"));
    // The bad code cannot name the file, so the document's name does.
    assert!(dir.path().join("problems.toml").exists());
    let problems = fs::read_to_string(dir.path().join("problems.toml")).unwrap();
    assert!(problems.contains("# Findings to resolve"));
    assert!(problems.contains("[placeholder] line 6"));

    // `check` accepts what import wrote, but for the bad code it keeps.
    let content: Content = load(&ContentSource::Folder(dir.path().to_owned())).unwrap();
    let kinds: Vec<FindingKind> = content.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FindingKind::CodeShape]);
    let heading = &content.get("99995").unwrap().entry().sections[0].heading;
    assert_eq!(heading, "Payer Coverage Notes");

    // A second import leaves the files alone…
    fs::write(dir.path().join("99991.toml"), "edited by hand").unwrap();
    let output = import_into(dir.path(), &files[..1], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("use --force"));
    assert_eq!(
        fs::read_to_string(dir.path().join("99991.toml")).unwrap(),
        "edited by hand"
    );
    // …unless forced.
    let output = import_into(dir.path(), &files[..1], &["--force"]);
    assert!(output.status.success());
    assert!(
        fs::read_to_string(dir.path().join("99991.toml"))
            .unwrap()
            .contains("99991")
    );
}

#[test]
fn import_makes_the_output_folder_but_not_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new").join("entries");
    // A publication that cannot be read leaves no folder behind.
    let missing = [dir.path().join("no-such.txt")];
    let output = import_into(&out, &missing, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stdout).is_empty());
    assert!(!dir.path().join("new").exists());
    let files = [
        Path::new(FIXTURES).join("crlf-bom.txt"),
        dir.path().join("no-such.txt"),
    ];
    let output = import_into(&out, &files, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("created the folder").count(), 1, "{stdout}");
    assert!(out.join("99991.toml").exists());
    // A file where the folder should be is an error, and is left alone.
    let file = dir.path().join("a-file");
    fs::write(&file, "mine").unwrap();
    let output = import_into(&file, &files, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a folder"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn import_never_writes_over_what_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    // A content file given to import, with --force, where it would land.
    let entry = dir.path().join("64624.toml");
    fs::copy("content/64624.toml", &entry).unwrap();
    let before = fs::read_to_string(&entry).unwrap();
    let output = import_into(dir.path(), std::slice::from_ref(&entry), &["--force"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(
            "64624.toml is a content file already; import reads source publications (.txt)"
        ),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(fs::read_to_string(&entry).unwrap(), before);
    // A publication whose target is a link to itself.
    let publication = dir.path().join("curly.txt");
    fs::copy(Path::new(FIXTURES).join("curly.txt"), &publication).unwrap();
    let text = fs::read_to_string(&publication).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&publication, dir.path().join("99993.toml")).unwrap();
        let output = import_into(dir.path(), std::slice::from_ref(&publication), &["--force"]);
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains("would be written over itself"));
        assert_eq!(fs::read_to_string(&publication).unwrap(), text);
    }
}

#[cfg(unix)]
#[test]
fn import_over_a_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("99993.toml");
    fs::write(&target, "old").unwrap();
    // 0666: a umask (022 as a rule) would take bits from it if applied.
    fs::set_permissions(&target, fs::Permissions::from_mode(0o666)).unwrap();
    let files = [Path::new(FIXTURES).join("curly.txt")];
    let output = import_into(dir.path(), &files, &["--force"]);
    assert!(output.status.success());
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o666);
    assert_ne!(fs::read_to_string(&target).unwrap(), "old");
}

#[test]
fn import_of_an_unreadable_file_names_it_and_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let output = import_into(dir.path(), &[dir.path().join("missing.txt")], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.txt"));
}

/// What a seed publication is expected to give: code, title, modifier rows
/// kept, and the findings (kind and line).
type Expected = (
    &'static str,
    &'static str,
    usize,
    &'static [(FindingKind, usize)],
);

const SEEDS: [Expected; 5] = [
    (
        "64624",
        "Genicular Nerve Neurolysis for Knee Pain",
        0,
        &[
            (FindingKind::UnknownModifier, 16),
            (FindingKind::TruncatedRow, 17),
        ],
    ),
    (
        "64454",
        "Image-Guided Genicular Nerve Injection for Knee Pain",
        0,
        &[(FindingKind::UnknownModifier, 17)],
    ),
    (
        "64632",
        "Neurolysis for Destruction of Pain-Carrying Nerves",
        1,
        &[
            (FindingKind::Placeholder, 10),
            (FindingKind::TruncatedRow, 18),
        ],
    ),
    (
        "64640",
        "Neurolysis by Chemical, Heat, or Radiofrequency Techniques",
        0,
        &[(FindingKind::UnknownModifier, 17)],
    ),
    (
        "64633",
        "Neurolytic Destruction of Cervical/Thoracic Facet Joint Nerves",
        2,
        &[],
    ),
];

#[test]
fn the_five_seed_publications_import_with_the_expected_findings() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!(
            "{} is absent: the seed import test has nothing to check here",
            seeds.display()
        );
        return;
    }
    let mut files: Vec<PathBuf> = fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "five seed publications");

    let out = tempfile::tempdir().unwrap();
    let output = import_into(out.path(), &files, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let imported = load(&ContentSource::Folder(out.path().to_owned())).unwrap();
    assert!(
        imported.findings.is_empty(),
        "check accepts the imports: {:#?}",
        imported.findings
    );

    let published = load(&ContentSource::Folder(seeds.clone())).unwrap();
    for (code, title, rows, expected) in SEEDS {
        let entry = &imported
            .get(code)
            .unwrap_or_else(|| panic!("{code} imported"))
            .entry();
        assert_eq!(entry.title, title);
        assert_eq!(entry.modifiers.len(), rows, "{code}: modifier rows kept");
        let path = &published.get(code).unwrap().path;
        let found: Vec<(FindingKind, usize)> = published
            .findings
            .iter()
            .filter(|f| &f.path == path)
            .map(|f| (f.kind, f.line.unwrap_or(0)))
            .collect();
        assert_eq!(found, expected, "{code}: findings");
        let text = fs::read_to_string(out.path().join(format!("{code}.toml"))).unwrap();
        assert!(
            !text.contains("Data not available in the input.\n"),
            "{code}"
        );
    }
    // The unknown modifier 11 is named where it occurs.
    let eleven = published
        .findings
        .iter()
        .filter(|f| f.message.contains("modifier `11`"))
        .count();
    assert_eq!(eleven, 3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_in_no_panic_out(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(text) = decode(bytes) {
            let _ = parse(&text, "fuzz.txt", Registry::builtin_ref());
        }
    }

    #[test]
    fn any_text_in_no_panic_out(text in "(?s).{0,600}") {
        let p = parse(&text, "fuzz.txt", Registry::builtin_ref());
        // Whatever was kept is reachable from the model, never lost to a crash.
        prop_assert!(p.entry.sources == vec!["fuzz.txt".to_string()]);
    }

    #[test]
    fn publication_shaped_noise_does_not_panic(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("Summary & Overview".to_string()),
                Just("Coding Specifications".to_string()),
                Just("| Modifier | Description | When to Use |".to_string()),
                Just("|---|---|---|".to_string()),
                "CPT [0-9A-Z]{0,7}[:–-]? ?.{0,20}",
                "[|A-Z0-9 ]{0,30}",
                ".{0,80}",
            ],
            0..40,
        )
    ) {
        let text = lines.join("\r\n");
        let _ = parse(&text, "fuzz.txt", Registry::builtin_ref());
    }
}

#[test]
fn a_hidden_publication_with_no_code_is_imported_under_a_name_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let hidden = dir.path().join(".notes.txt");
    fs::write(
        &hidden,
        "Summary & Overview\nA publication with no code in it.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = import_into(&out, std::slice::from_ref(&hidden), &[]);
    assert!(output.status.success(), "{output:?}");
    assert!(out.join("notes.toml").exists());
    assert!(!out.join(".notes.toml").exists());
    // Text with no code line and none of a publication's headings is no
    // publication: nothing is written from it, and it is said (exit 2).
    fs::write(&hidden, "hello world, this is a shopping list\n").unwrap();
    let out = dir.path().join("none");
    let output = import_into(&out, std::slice::from_ref(&hidden), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(
            ".notes.txt is not a publication: it has no `CPT NNNNN: Title` line and none of \
             a publication's headings"
        ),
        "{output:?}"
    );
    assert!(!out.exists());
}
