//! The audit: what is wrong with loaded content, as `Finding`s that name the
//! file, the place and the reason. It checks one entry at a time against the
//! modifier registry; the loader adds what only the whole set shows.

use std::fmt;

use serde::Serialize;

use crate::search::is_blank as blank;

use crate::location::{KeyPath, Location};
use crate::model::{Entry, NoteKind, is_cpt_code, is_icd10_code};
use crate::registry::Registry;

/// What kind of problem a finding reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The file could not be read (permissions, not UTF-8).
    Unreadable,
    /// The file is not valid TOML or does not fit the content format.
    Parse,
    /// The entry's own code is not in CPT shape.
    CodeShape,
    /// Another file already defines this code.
    DuplicateCode,
    /// A required key or section is absent or empty.
    MissingSection,
    /// A modifier that the registry does not know.
    UnknownModifier,
    /// A related code not in CPT shape.
    RelatedCodeShape,
    /// A diagnosis code not in ICD-10-CM shape.
    DiagnosisCodeShape,
    /// A note kind other than caution, erratum or tip.
    NoteKind,
    /// A publication sentence that stands in for missing text ("Data not
    /// available in the input.").
    Placeholder,
    /// A modifier table row cut short in a publication.
    TruncatedRow,
    /// A modifier listed twice in one entry's table.
    DuplicateModifier,
    /// A related code that is the entry's own.
    RelatedToItself,
}

impl FindingKind {
    /// Every kind, in declaration order (the cache stores a kind as its
    /// place here).
    pub const ALL: [FindingKind; 13] = [
        FindingKind::Unreadable,
        FindingKind::Parse,
        FindingKind::CodeShape,
        FindingKind::DuplicateCode,
        FindingKind::MissingSection,
        FindingKind::UnknownModifier,
        FindingKind::RelatedCodeShape,
        FindingKind::DiagnosisCodeShape,
        FindingKind::NoteKind,
        FindingKind::Placeholder,
        FindingKind::TruncatedRow,
        FindingKind::DuplicateModifier,
        FindingKind::RelatedToItself,
    ];
}

/// How a finding about a content name that is no file begins.
pub const NOT_A_FILE: &str = "not a file but";
/// The finding of an entry without its `code` key.
pub const MISSING_CODE: &str = "missing required key `code`";
/// The finding of an entry whose `code` is there but empty (`code = ""`).
pub const EMPTY_CODE: &str = "`code` is empty: an entry needs its code";
/// The finding of an entry whose `code` holds only white space or
/// invisible marks (a zero-width space).
pub const BLANK_CODE: &str = "`code` holds only spaces or invisible marks: an entry needs its code";
/// The finding of an entry file with nothing in it but blank lines and
/// comments.
pub const EMPTY_FILE: &str = "the file is empty: an entry needs `code`, `title`, `summary`, \
     `overview` in [billing] and `scenario` in [clinical]";
/// The finding of a publication without its `CPT NNNNN: Title` line.
pub const PUBLICATION_WITHOUT_CODE: &str =
    "no `CPT NNNNN: Title` line, so the document names no code";

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub kind: FindingKind,
    pub message: String,
}

impl Finding {
    pub fn new(path: &str, location: Option<Location>, kind: FindingKind, message: String) -> Self {
        Finding {
            path: path.to_owned(),
            line: location.map(|l| l.line),
            column: location.map(|l| l.column),
            kind,
            message,
        }
    }

    /// Whether this finding kept its file's entry out of the set: the file
    /// could not be read or parsed, names no code, or names one another
    /// file has.
    pub fn left_out_its_entry(&self) -> bool {
        match self.kind {
            FindingKind::Unreadable | FindingKind::Parse | FindingKind::DuplicateCode => true,
            FindingKind::MissingSection => [
                MISSING_CODE,
                EMPTY_CODE,
                BLANK_CODE,
                PUBLICATION_WITHOUT_CODE,
                EMPTY_FILE,
            ]
            .contains(&self.message.as_str()),
            _ => false,
        }
    }

    /// Whether this finding is about a content name that is no file (a
    /// link to nothing, a folder named `x.toml`), which no count of files
    /// read takes in.
    pub fn names_no_file(&self) -> bool {
        self.kind == FindingKind::Unreadable && self.message.starts_with(NOT_A_FILE)
    }

    /// Whether the file this finding is about is named after `code`
    /// (`64624.toml` for 64624).
    pub fn file_named(&self, code: &str) -> bool {
        std::path::Path::new(&self.path)
            .file_stem()
            .is_some_and(|stem| stem.eq_ignore_ascii_case(code))
    }

    /// Findings sort by file, then place, so `check` reads top to bottom.
    pub fn sort_key(&self) -> (&str, usize, usize) {
        (&self.path, self.line.unwrap_or(0), self.column.unwrap_or(0))
    }
}

/// `path:line:column: message`, the shape editors and terminals can jump to.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "{}:{line}:{column}: {}", self.path, self.message)
            }
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// A problem in one entry, placed by key path; the loader turns the key path
/// into a line and column because only it holds the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: KeyPath,
    pub kind: FindingKind,
    pub message: String,
}

/// Checks one entry on its own: code shapes, required sections, modifiers and
/// note kinds.
pub fn audit_entry(entry: &Entry, registry: &Registry) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut report =
        |key: KeyPath, kind, message: String| problems.push(Problem { key, kind, message });
    let root = KeyPath::root;

    if blank(&entry.code) {
        // At the key when it is there but empty (`code = ""`), or holds
        // only spaces, which the loader trims to nothing to look up.
        let message = if entry.code.is_empty() {
            EMPTY_CODE
        } else {
            BLANK_CODE
        };
        report(
            root().name("code"),
            FindingKind::MissingSection,
            message.into(),
        );
    } else if !is_cpt_code(&entry.code) {
        // Spaces around it or small letters are read past (the entry is
        // found as `1234F`): said as what it is read as, not as a code
        // that will not load.
        let read_as = crate::search::without_invisible(&entry.code)
            .trim()
            .to_ascii_uppercase();
        let message = if is_cpt_code(&read_as) {
            format!(
                "code `{}` is read as `{read_as}`: write it so (capitals, nothing around it)",
                entry.code
            )
        } else {
            format!(
                "code `{}` is not in CPT shape (four digits, then a digit, F or T)",
                entry.code
            )
        };
        report(root().name("code"), FindingKind::CodeShape, message);
    }

    let required = [
        (entry.title.as_str(), root().name("title"), "`title`"),
        (entry.summary.as_str(), root().name("summary"), "`summary`"),
        (
            entry.billing.overview.as_str(),
            root().name("billing").name("overview"),
            "`overview` in [billing]",
        ),
        (
            entry.clinical.scenario.as_str(),
            root().name("clinical").name("scenario"),
            "`scenario` in [clinical]",
        ),
    ];
    for (text, key, name) in required {
        if blank(text) {
            report(
                key,
                FindingKind::MissingSection,
                format!("missing required {name}"),
            );
        }
    }

    for (i, modifier) in entry.modifiers.iter().enumerate() {
        if blank(&modifier.code) {
            report(
                root().name("modifiers").index(i).name("code"),
                FindingKind::MissingSection,
                format!("missing required `code` for modifier row {}", i + 1),
            );
        } else if registry.get(&modifier.code).is_none() {
            report(
                root().name("modifiers").index(i).name("code"),
                FindingKind::UnknownModifier,
                registry.not_in_registry(&modifier.code),
            );
        }
    }

    // The first row of each modifier and of each situation, looked up
    // rather than searched for: a table of thousands of rows (a generated
    // file) is checked in a moment, not in seconds.
    let mut first_of_code = std::collections::HashMap::new();
    let mut first_of_situation = std::collections::HashMap::new();
    // A row without its description or its situation leaves the table
    // with a blank, and the trainer without the modifier's question.
    for (i, modifier) in entry.modifiers.iter().enumerate() {
        let row = || root().name("modifiers").index(i);
        for (text, key) in [
            (&modifier.description, "description"),
            (&modifier.when_to_use, "when_to_use"),
        ] {
            if blank(text) {
                // At the key when it is there but blank, else at the row.
                report(
                    row().name(key),
                    FindingKind::MissingSection,
                    format!(
                        "missing required `{key}` for modifier `{}`",
                        modifier.code.trim()
                    ),
                );
            }
        }
        let code = modifier.code.trim().to_ascii_lowercase();
        let first = first_of_code.get(&code).copied();
        first_of_code.entry(code.clone()).or_insert(i);
        // Given but blank, a source reads as one that was checked.
        if modifier.source.as_deref().is_some_and(blank) {
            report(
                row().name("source"),
                FindingKind::MissingSection,
                format!(
                    "`source` for modifier `{}` is empty; name where the row was checked, \
                     or BK for background knowledge",
                    modifier.code.trim()
                ),
            );
        }
        // The same situation for two modifiers: the trainer, asking which
        // modifier a situation takes, could not tell which was meant.
        let situation = modifier.when_to_use.trim().to_ascii_lowercase();
        // (A modifier listed twice is said so below.) The earliest row of
        // the situation with another code than this row's: the situation's
        // first row, or else its first row of another code than that one.
        let same = if situation.is_empty() {
            None
        } else {
            let (first, second): &mut ((String, usize), Option<usize>) = first_of_situation
                .entry(situation)
                .or_insert(((code.clone(), i), None));
            if first.0 != code {
                second.get_or_insert(i);
                Some(first.1)
            } else {
                second.filter(|&row| row < i)
            }
        };
        if let Some(same) = same {
            report(
                row().name("when_to_use"),
                FindingKind::DuplicateModifier,
                format!(
                    "modifiers `{}` and `{}` have the same `when_to_use`; say what tells \
                     them apart (the trainer asks which modifier a situation takes)",
                    entry.modifiers[same].code.trim(),
                    modifier.code.trim()
                ),
            );
        }
        if let Some(first) = first.filter(|_| !blank(&modifier.code)) {
            report(
                row().name("code"),
                FindingKind::DuplicateModifier,
                format!(
                    "modifier `{}` is listed twice in the table (rows {} and {})",
                    modifier.code.trim(),
                    first + 1,
                    i + 1
                ),
            );
        }
    }

    for (i, related) in entry.related.iter().enumerate() {
        if blank(&related.code) {
            report(
                root().name("related").index(i).name("code"),
                FindingKind::MissingSection,
                format!("missing required `code` for related row {}", i + 1),
            );
        } else if !is_cpt_code(&related.code) {
            report(
                root().name("related").index(i).name("code"),
                FindingKind::RelatedCodeShape,
                format!("related code `{}` is not in CPT shape", related.code),
            );
        } else if related.code.trim().eq_ignore_ascii_case(entry.code.trim()) {
            report(
                root().name("related").index(i).name("code"),
                FindingKind::RelatedToItself,
                format!(
                    "related row {} names this entry's own code `{}`",
                    i + 1,
                    related.code.trim()
                ),
            );
        }
        // Shown as a link with nothing beside it.
        if !blank(&related.code) && blank(&related.why) {
            report(
                root().name("related").index(i).name("why"),
                FindingKind::MissingSection,
                format!(
                    "missing required `why` for related code `{}` (how it relates)",
                    related.code.trim()
                ),
            );
        }
    }

    for (i, diagnosis) in entry.diagnoses.iter().enumerate() {
        if blank(&diagnosis.code) {
            report(
                root().name("diagnoses").index(i).name("code"),
                FindingKind::MissingSection,
                format!("missing required `code` for diagnosis row {}", i + 1),
            );
        } else if !is_icd10_code(&diagnosis.code) {
            report(
                root().name("diagnoses").index(i).name("code"),
                FindingKind::DiagnosisCodeShape,
                format!(
                    "diagnosis code `{}` is not in ICD-10-CM shape (like M47.812)",
                    diagnosis.code
                ),
            );
        }
        if !blank(&diagnosis.code) && blank(&diagnosis.title) {
            report(
                root().name("diagnoses").index(i).name("title"),
                FindingKind::MissingSection,
                format!(
                    "missing required `title` for diagnosis `{}`",
                    diagnosis.code.trim()
                ),
            );
        }
    }

    // Lists of names, where a blank one would show as an empty line.
    for (key, items, what) in [
        ("payers", &entry.payers, "payer"),
        ("sources", &entry.sources, "source"),
    ] {
        for (i, item) in items.iter().enumerate() {
            if blank(item) {
                report(
                    root().name(key).index(i),
                    FindingKind::MissingSection,
                    format!("{what} {} is empty", i + 1),
                );
            }
        }
    }

    // A blank step would show as its number alone.
    for (i, step) in entry.clinical.steps.iter().enumerate() {
        if blank(step) {
            report(
                root().name("clinical").name("steps").index(i),
                FindingKind::MissingSection,
                format!("step {} is empty", i + 1),
            );
        }
    }

    for (i, section) in entry.sections.iter().enumerate() {
        for (key, value) in [("heading", &section.heading), ("text", &section.text)] {
            if blank(value) {
                report(
                    root().name("sections").index(i).name(key),
                    FindingKind::MissingSection,
                    format!("section {} has no {key}", i + 1),
                );
            }
        }
    }

    for (i, note) in entry.notes.iter().enumerate() {
        if note.kind == NoteKind::default() {
            report(
                root().name("notes").index(i).name("kind"),
                FindingKind::NoteKind,
                format!(
                    "missing required `kind` for note {} (caution, erratum or tip)",
                    i + 1
                ),
            );
        } else if let NoteKind::Other(kind) = &note.kind {
            report(
                root().name("notes").index(i).name("kind"),
                FindingKind::NoteKind,
                format!("note kind `{kind}` is not one of caution, erratum, tip"),
            );
        }
        // A note with nothing to say would show as its kind alone.
        if blank(&note.text) {
            report(
                root().name("notes").index(i).name("text"),
                FindingKind::MissingSection,
                format!("note {} has no text", i + 1),
            );
        }
    }

    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_at_its_own_place() {
        for (place, kind) in FindingKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, place);
        }
    }
    use crate::model::{Diagnosis, ModifierUse, Note, Related};

    /// A modifier row with a description and the situation given.
    fn row(code: &str, when_to_use: &str) -> ModifierUse {
        ModifierUse {
            code: code.into(),
            description: "d".into(),
            when_to_use: when_to_use.into(),
            ..ModifierUse::default()
        }
    }

    fn complete_entry() -> Entry {
        let mut entry = Entry {
            code: "64624".into(),
            title: "t".into(),
            summary: "s".into(),
            ..Entry::default()
        };
        entry.billing.overview = "o".into();
        entry.clinical.scenario = "c".into();
        entry
    }

    fn kinds(entry: &Entry) -> Vec<(String, FindingKind)> {
        audit_entry(entry, &Registry::builtin())
            .into_iter()
            .map(|p| (p.key.to_string(), p.kind))
            .collect()
    }

    #[test]
    fn a_complete_entry_has_no_findings() {
        assert!(kinds(&complete_entry()).is_empty());
    }

    #[test]
    fn each_rule_reports_at_its_key() {
        let mut entry = complete_entry();
        entry.code = "6462".into();
        entry.summary = "  ".into();
        entry.modifiers.push(ModifierUse {
            code: "11".into(),
            ..ModifierUse::default()
        });
        entry.related.push(Related {
            code: "6445X".into(),
            why: String::new(),
        });
        entry.diagnoses.push(Diagnosis {
            code: "M47812".into(),
            title: String::new(),
        });
        entry.notes.push(Note {
            kind: NoteKind::Other("warning".into()),
            text: "x".into(),
            source: String::new(),
        });
        entry.notes.push(Note {
            kind: NoteKind::Tip,
            text: " ".into(),
            source: String::new(),
        });
        assert_eq!(
            kinds(&entry),
            vec![
                ("code".into(), FindingKind::CodeShape),
                ("summary".into(), FindingKind::MissingSection),
                ("modifiers[0].code".into(), FindingKind::UnknownModifier),
                (
                    "modifiers[0].description".into(),
                    FindingKind::MissingSection
                ),
                (
                    "modifiers[0].when_to_use".into(),
                    FindingKind::MissingSection
                ),
                ("related[0].code".into(), FindingKind::RelatedCodeShape),
                ("related[0].why".into(), FindingKind::MissingSection),
                ("diagnoses[0].code".into(), FindingKind::DiagnosisCodeShape),
                ("diagnoses[0].title".into(), FindingKind::MissingSection),
                ("notes[0].kind".into(), FindingKind::NoteKind),
                ("notes[1].text".into(), FindingKind::MissingSection),
            ]
        );
    }

    #[test]
    fn blank_names_headings_and_a_code_related_to_itself_are_reported() {
        let mut entry = complete_entry();
        entry.payers = vec!["Anthem".into(), " ".into()];
        entry.sources = vec![String::new()];
        entry.related.push(Related {
            code: "64624".into(),
            why: "x".into(),
        });
        entry.sections.push(crate::model::Section {
            heading: String::new(),
            text: "t".into(),
        });
        entry.clinical.steps = vec!["a".into(), " ".into()];
        let messages: Vec<String> = audit_entry(&entry, &Registry::builtin())
            .into_iter()
            .map(|p| format!("{}: {}", p.key, p.message))
            .collect();
        assert_eq!(
            messages,
            [
                "related[0].code: related row 1 names this entry's own code `64624`",
                "payers[1]: payer 2 is empty",
                "sources[0]: source 1 is empty",
                "clinical.steps[1]: step 2 is empty",
                "sections[0].heading: section 1 has no heading",
            ]
        );
    }

    #[test]
    fn repeated_modifiers_and_situations_name_their_first_rows() {
        let mut entry = complete_entry();
        entry.modifiers = vec![
            row("RT", "w1"),
            row("LT", "W1 "),
            row("rt", "w1"),
            row("50", "w2"),
            row("50", "w2"),
            row("LT", "w3"),
            row("RT", "w3"),
        ];
        let messages: Vec<String> = audit_entry(&entry, &Registry::builtin())
            .into_iter()
            .map(|p| format!("{}: {}", p.key, p.message))
            .collect();
        let same = |a: &str, b: &str| {
            format!(
                "modifiers `{a}` and `{b}` have the same `when_to_use`; say what tells them \
                 apart (the trainer asks which modifier a situation takes)"
            )
        };
        assert_eq!(
            messages,
            [
                format!("modifiers[1].when_to_use: {}", same("RT", "LT")),
                format!("modifiers[2].when_to_use: {}", same("LT", "rt")),
                "modifiers[2].code: modifier `rt` is listed twice in the table (rows 1 and 3)"
                    .to_owned(),
                "modifiers[4].code: modifier `50` is listed twice in the table (rows 4 and 5)"
                    .to_owned(),
                "modifiers[5].code: modifier `LT` is listed twice in the table (rows 2 and 6)"
                    .to_owned(),
                format!("modifiers[6].when_to_use: {}", same("LT", "RT")),
                "modifiers[6].code: modifier `RT` is listed twice in the table (rows 1 and 7)"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn a_modifier_row_needs_its_words_once() {
        let mut entry = complete_entry();
        entry.modifiers = vec![row("50", "w"), row("RT", " "), row("50", "w")];
        let problems = audit_entry(&entry, &Registry::builtin());
        let found: Vec<(String, FindingKind, &str)> = problems
            .iter()
            .map(|p| (p.key.to_string(), p.kind, p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "modifiers[1].when_to_use".into(),
                    FindingKind::MissingSection,
                    "missing required `when_to_use` for modifier `RT`"
                ),
                (
                    "modifiers[2].code".into(),
                    FindingKind::DuplicateModifier,
                    "modifier `50` is listed twice in the table (rows 1 and 3)"
                ),
            ]
        );
        // A source given but blank.
        entry.modifiers = vec![ModifierUse {
            source: Some(" ".into()),
            ..row("RT", "w")
        }];
        let problems = audit_entry(&entry, &Registry::builtin());
        assert_eq!(
            (problems[0].key.to_string(), problems[0].message.as_str()),
            (
                "modifiers[0].source".into(),
                "`source` for modifier `RT` is empty; name where the row was checked, or BK for \
                 background knowledge"
            )
        );
        // Two modifiers for one situation; a row with no code.
        entry.modifiers = vec![
            row("RT", "One side."),
            row("LT", " one side. "),
            row(" ", "x"),
        ];
        let problems = audit_entry(&entry, &Registry::builtin());
        let found: Vec<(String, &str)> = problems
            .iter()
            .map(|p| (p.key.to_string(), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "modifiers[2].code".into(),
                    "missing required `code` for modifier row 3"
                ),
                (
                    "modifiers[1].when_to_use".into(),
                    "modifiers `RT` and `LT` have the same `when_to_use`; say what tells them \
                     apart (the trainer asks which modifier a situation takes)"
                ),
            ]
        );
        entry.modifiers = vec![row("11", "w")];
        let problems = audit_entry(&entry, &Registry::builtin());
        assert_eq!(
            problems[0].message,
            "modifier `11` does not exist: 11 is place of service 11 (an office)"
        );
    }

    #[test]
    fn findings_print_as_path_line_column() {
        let placed = Finding::new(
            "content/x.toml",
            Some(Location { line: 3, column: 8 }),
            FindingKind::UnknownModifier,
            "modifier `11` is not in the modifier registry".into(),
        );
        assert_eq!(
            placed.to_string(),
            "content/x.toml:3:8: modifier `11` is not in the modifier registry"
        );
        let unplaced = Finding::new("x.toml", None, FindingKind::Unreadable, "gone".into());
        assert_eq!(unplaced.to_string(), "x.toml: gone");
    }
}
