//! The documented content format is the real one: the complete example in
//! `content/README.md` loads with no finding, and the built-in set follows the
//! rules the README states.

use cptref::loader::{SourceFile, load_files};
use cptref::model::NoteKind;
use cptref::registry::Registry;

fn readme_example() -> String {
    let readme = std::fs::read_to_string("content/README.md").unwrap();
    let start = readme.find("## A complete example").unwrap();
    let block = &readme[start..];
    let open = block.find("```toml\n").unwrap() + "```toml\n".len();
    let close = block[open..].find("```").unwrap();
    block[open..open + close].to_owned()
}

#[test]
fn the_readme_example_is_a_clean_entry() {
    let content = load_files(
        vec![SourceFile::toml("README example", &readme_example())],
        Registry::builtin(),
    );
    assert!(content.findings.is_empty(), "{:#?}", content.findings);
    let entry = content.entries[0].entry();
    assert_eq!(entry.code, "99990");
    assert_eq!(entry.clinical.steps.len(), 4);
    assert_eq!(entry.notes.len(), 3);
}

#[test]
fn the_builtin_entries_carry_the_required_corrections() {
    let content = cptref::loader::load(&cptref::loader::ContentSource::Builtin).unwrap();
    let entry = |code: &str| content.get(code).unwrap().entry();
    let errata = |code: &str| -> String {
        entry(code)
            .notes
            .iter()
            .filter(|n| n.kind == NoteKind::Erratum)
            .map(|n| n.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // 64632 is Morton's neuroma, not thoracic radicular pain.
    assert!(
        entry("64632")
            .title
            .contains("plantar common digital nerve")
    );
    assert!(entry("64632").clinical.scenario.contains("Morton"));
    assert!(!entry("64632").clinical.scenario.contains("T6"));
    // 64640 is the residual code; lumbar medial branches are 64635/64636.
    assert!(
        entry("64640")
            .title
            .to_lowercase()
            .contains("peripheral nerve")
            && entry("64640").title.contains("no code of its own")
    );
    assert!(errata("64640").contains("64635"));
    // No modifier 11 and no 26 anywhere in the built-in modifier tables.
    for loaded in &content.entries {
        for modifier in &loaded.entry().modifiers {
            assert!(
                !["11", "26"].contains(&modifier.code.as_str()),
                "{} lists {}",
                loaded.code,
                modifier.code
            );
        }
    }
    assert!(errata("64624").contains("11"));
    assert!(errata("64632").contains("26"));
    // 64633: one facet joint, +64634 for each more, thermal RF only.
    assert!(entry("64633").billing.overview.contains("64634"));
    assert!(entry("64633").related.iter().any(|r| r.code == "64634"));
    assert!(errata("64633").contains("64999"));
    // Placeholder and truncated rows are not carried over.
    for loaded in &content.entries {
        let json = serde_json::to_string(loaded.entry()).unwrap();
        assert!(
            !json.contains("Data not available in the input"),
            "{}",
            loaded.code
        );
        for modifier in &loaded.entry().modifiers {
            assert!(
                !modifier.description.trim().is_empty() && !modifier.when_to_use.trim().is_empty()
            );
            // The README's rule: the situation names not the procedure.
            assert!(
                !modifier.when_to_use.contains(&loaded.code),
                "{} {}: {}",
                loaded.code,
                modifier.code,
                modifier.when_to_use
            );
            // CPT's own modifier names are the AMA's text (the research
            // sheet, section 5): the table says it in other words.
            let description = modifier.description.to_lowercase();
            for official in [
                "bilateral procedure",
                "reduced service",
                "increased procedural",
                "distinct procedural",
                "multiple procedures",
            ] {
                assert!(
                    !description.contains(official),
                    "{} {}: {}",
                    loaded.code,
                    modifier.code,
                    modifier.description
                );
            }
        }
        assert!(
            !loaded.entry().clinical.steps.is_empty(),
            "{} has no steps",
            loaded.code
        );
    }
}

/// The README's rule for the scenario and `steps`: the class sees them
/// before it is asked, so they name no modifier (and so give no modifier
/// question away).
#[test]
fn the_builtin_cases_and_steps_name_no_modifier() {
    let content = cptref::loader::load(&cptref::loader::ContentSource::Builtin).unwrap();
    let registry = Registry::builtin();
    for loaded in &content.entries {
        let clinical = &loaded.entry().clinical;
        for step in clinical.steps.iter().chain([&clinical.scenario]) {
            let named: Vec<&str> = step
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| registry.get(word).is_some() && *word == word.to_ascii_uppercase())
                .filter(|word| word.chars().any(|c| c.is_ascii_alphabetic()) || word.len() == 2)
                .collect();
            assert!(named.is_empty(), "{}: {named:?} in {step:?}", loaded.code);
        }
    }
}

/// The trainer hides an entry's own code in its case and steps, but not
/// other codes: a step that names another built-in code ("after the block,
/// 64454") strikes that code off the class's choices, and one that names
/// an add-on ("+64634 for each further joint") points to the code it adds
/// to.
#[test]
fn the_builtin_cases_and_steps_name_no_other_builtin_code_or_add_on() {
    let content = cptref::loader::load(&cptref::loader::ContentSource::Builtin).unwrap();
    let codes: Vec<&str> = content
        .entries
        .iter()
        .map(|loaded| loaded.code.as_str())
        .collect();
    for loaded in &content.entries {
        let clinical = &loaded.entry().clinical;
        for step in clinical.steps.iter().chain([&clinical.scenario]) {
            let others: Vec<&str> = step
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| codes.contains(word) && *word != loaded.code)
                .collect();
            assert!(others.is_empty(), "{}: {others:?} in {step:?}", loaded.code);
            let add_on = step.split_whitespace().any(|word| {
                word.strip_prefix('+')
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            });
            assert!(!add_on, "{}: an add-on code in {step:?}", loaded.code);
        }
    }
}

#[test]
fn every_builtin_modifier_row_names_its_source_and_the_unconfirmed_agree_with_the_sheet() {
    let content = cptref::loader::load(&cptref::loader::ContentSource::Builtin).unwrap();
    for loaded in &content.entries {
        let entry = loaded.entry();
        for row in &entry.modifiers {
            assert!(
                !row.source.as_deref().unwrap_or_default().trim().is_empty(),
                "{} {} names no source",
                entry.code,
                row.code
            );
        }
        // An entry with unconfirmed rows says so in a caution too, for the
        // reader of its notes.
        if entry.modifiers.iter().any(|row| row.is_unconfirmed()) {
            assert!(
                entry.notes.iter().any(|note| note.kind == NoteKind::Caution
                    && note.text.contains("background knowledge")),
                "{}",
                entry.code
            );
        }
    }
    // The fact sheet backs 64633's rows (S5, S6, S27) and 64624's 22 (S11);
    // the rest of 64624's rest on background knowledge.
    let unconfirmed = |code: &str| -> Vec<String> {
        content
            .get(code)
            .unwrap()
            .entry()
            .modifiers
            .iter()
            .filter(|row| row.is_unconfirmed())
            .map(|row| row.code.clone())
            .collect()
    };
    assert!(unconfirmed("64633").is_empty());
    assert_eq!(unconfirmed("64624"), ["RT", "LT", "50", "52"]);
}

/// A row of a table that leaves out its key still lets the entry load, and
/// the finding names the row where it starts.
#[test]
fn a_row_missing_a_key_is_found_at_the_row_and_hides_nothing() {
    let toml = "code = \"10001\"\ntitle = \"t\"\nsummary = \"s\"\n\
                [billing]\noverview = \"o\"\n[clinical]\nscenario = \"c\"\n\
                [[modifiers]]\ndescription = \"d\"\nwhen_to_use = \"w\"\n\
                [[related]]\nwhy = \"x\"\n\
                [[diagnoses]]\ntitle = \"y\"\n\
                [[notes]]\ntext = \"n\"\n\
                [[notes]]\nkind = \"tip\"\n";
    let content = load_files(
        vec![SourceFile::toml("10001.toml", toml)],
        Registry::builtin(),
    );
    assert_eq!(content.entries.len(), 1);
    // Shown as a note all the same.
    let shown = cptref::show::note_marker(&content.entries[0].entry().notes[0].kind);
    assert_eq!(shown, "-  NOTE");
    let said: Vec<(Option<usize>, &str)> = content
        .findings
        .iter()
        .map(|f| (f.line, f.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (Some(8), "missing required `code` for modifier row 1"),
            (Some(11), "missing required `code` for related row 1"),
            (Some(13), "missing required `code` for diagnosis row 1"),
            (
                Some(15),
                "missing required `kind` for note 1 (caution, erratum or tip)"
            ),
            (Some(17), "note 2 has no text"),
        ]
    );
}

#[test]
fn a_table_written_as_an_array_of_values_is_refused_at_its_key() {
    // serde would read `[["RT", "Right", …]]` as a row by the fields' order:
    // values with no key, past the rule that every key is named.
    let head = "code = \"10001\"\ntitle = \"t\"\nsummary = \"s\"\n";
    for (rest, line, key) in [
        ("billing = [\"o\", \"svc\"]\n", 4, "billing"),
        ("clinical = [\"c\", [\"a\"]]\n", 4, "clinical"),
        (
            "modifiers = [[\"RT\", \"Right\", \"w\"]]\n",
            4,
            "modifiers[0]",
        ),
        ("notes = [[\"tip\", \"text\"]]\n", 4, "notes[0]"),
        ("[[billing]]\noverview = \"o\"\n", 4, "billing[0]"),
    ] {
        let content = load_files(
            vec![SourceFile::toml("10001.toml", &format!("{head}{rest}"))],
            Registry::builtin(),
        );
        assert!(content.entries.is_empty(), "{rest}");
        let finding = &content.findings[0];
        assert_eq!(finding.line, Some(line), "{rest}");
        assert!(
            finding
                .message
                .starts_with("invalid type: array, expected a table of named keys")
                && finding.message.ends_with(&format!("(at key `{key}`)")),
            "{rest}: {}",
            finding.message
        );
    }
}

#[test]
fn a_section_without_its_heading_is_reported_and_its_entry_loads() {
    let toml = "code = \"10001\"\ntitle = \"t\"\nsummary = \"s\"\n\
                [billing]\noverview = \"o\"\n[clinical]\nscenario = \"c\"\n\
                [[sections]]\ntext = \"T\"\n";
    let content = load_files(
        vec![SourceFile::toml("10001.toml", toml)],
        Registry::builtin(),
    );
    assert_eq!(content.entries.len(), 1);
    let said: Vec<&str> = content
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(said, ["section 1 has no heading"]);
}

#[test]
fn a_value_where_an_array_belongs_is_said_in_tomls_words() {
    let head = "code = \"10001\"\ntitle = \"t\"\nsummary = \"s\"\n";
    for (rest, said) in [
        (
            "payers = \"Anthem\"\n",
            "invalid type: string \"Anthem\", expected an array (as [\"a\", \"b\"]) (at key `payers`)",
        ),
        (
            "[modifiers]\ncode = \"RT\"\n",
            "invalid type: table, expected an array (its rows are written [[name]], with two \
             brackets) (at key `modifiers`)",
        ),
    ] {
        let content = load_files(
            vec![SourceFile::toml("10001.toml", &format!("{head}{rest}"))],
            Registry::builtin(),
        );
        assert_eq!(content.findings[0].message, said, "{rest}");
    }
}

#[test]
fn a_number_too_large_for_toml_is_said_in_plain_words() {
    let content = load_files(
        vec![SourceFile::toml(
            "10001.toml",
            "code = 99999999999999999999\ntitle = \"t\"\n",
        )],
        Registry::builtin(),
    );
    assert_eq!(
        content.findings[0].message,
        "a number too large for TOML; a code, as any text, goes in quotes: \"64624\" (at key `code`)"
    );
}
