//! The content model: one `Entry` per CPT code, as written in a content file.
//!
//! The model mirrors the TOML format key for key (see `content/README.md`), so
//! the same types deserialise a content file and serialise `--json` output.
//! Required text fields default to empty rather than failing the parse: a
//! missing section is a `Finding` from the audit, not a lost file.

use serde::{Deserialize, Serialize};

/// Everything the tool knows about one procedure code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default, deserialize_with = "table_only::one")]
    pub billing: Billing,
    #[serde(default, deserialize_with = "table_only::one")]
    pub clinical: Clinical,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "table_only::each"
    )]
    pub modifiers: Vec<ModifierUse>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "table_only::each"
    )]
    pub related: Vec<Related>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "table_only::each"
    )]
    pub diagnoses: Vec<Diagnosis>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "table_only::each"
    )]
    pub notes: Vec<Note>,
    /// Further sections under headings of their own (kept from imported
    /// publications whose headings the tool does not know).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "table_only::each"
    )]
    pub sections: Vec<Section>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Why the entry's file could not be read again after a start from
    /// the cache, when it could not: the entry is then its code, its title
    /// and a summary saying so. Never read from or written to a file.
    #[serde(skip)]
    pub unreadable: Option<String>,
}

/// Tables read only as tables. serde lets a struct be written as an array of
/// its fields in order (`billing = ["text"]`, `modifiers = [["RT", …]]`),
/// which would pass unnamed values by the content format's rule that
/// every key is named and known; here such an array is an error.
mod table_only {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor, value::MapAccessDeserializer};

    struct Table<T>(T);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Table<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Only<T>(PhantomData<T>);
            impl<'de, T: Deserialize<'de>> Visitor<'de> for Only<T> {
                type Value = T;

                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str(
                        "a table of named keys, as `[billing]` or `[[modifiers]]` writes one",
                    )
                }

                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                    T::deserialize(MapAccessDeserializer::new(map))
                }
            }
            deserializer.deserialize_map(Only(PhantomData)).map(Table)
        }
    }

    pub fn one<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
        Table::deserialize(d).map(|table| table.0)
    }

    pub fn each<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        let tables = Vec::<Table<T>>::deserialize(d)?;
        Ok(tables.into_iter().map(|table| table.0).collect())
    }
}

/// How the code is billed: what it covers, what kind of service, where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Billing {
    #[serde(default)]
    pub overview: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_of_service: Option<String>,
}

/// The teaching case: a scenario and the steps a trainer walks through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clinical {
    #[serde(default)]
    pub scenario: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
}

/// One row of an entry's modifier table: a modifier and when it applies to
/// this code. What the modifier means in general lives in the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModifierUse {
    // Each key of a row may be left out: the audit names what is missing
    // and the rest of the entry still loads.
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub when_to_use: String,
    /// Where the row's use for this code was checked: the fact sheet's
    /// source numbers, a document, or `BK` for background knowledge that
    /// no source checked confirms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What the modifier table says under its rows of those that no source
/// checked backs (`ModifierUse::unconfirmed`), if any: "Unconfirmed
/// (background knowledge only): RT, LT", and after it the rows that only
/// the source publication gives.
pub fn unconfirmed_rows(rows: &[ModifierUse]) -> Option<String> {
    let on = |basis: Unconfirmed| -> Vec<&str> {
        rows.iter()
            .filter(|row| row.unconfirmed() == Some(basis))
            .map(|row| row.code.as_str())
            .collect()
    };
    let (known, published) = (
        on(Unconfirmed::BackgroundKnowledge),
        on(Unconfirmed::PublicationAlone),
    );
    let listed = |codes: &[&str]| match codes.len() {
        n if n == rows.len() && n > 1 => "every row".to_owned(),
        _ => codes.join(", "),
    };
    match (known.is_empty(), published.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!(
            "Unconfirmed (background knowledge only): {}",
            listed(&known)
        )),
        (true, false) => Some(format!(
            "Unconfirmed (the source publication alone): {}",
            listed(&published)
        )),
        (false, false) => Some(format!(
            "Unconfirmed (background knowledge only): {}; (the source publication alone): {}",
            listed(&known),
            listed(&published)
        )),
    }
}

/// What a modifier row that no source checked backs rests on instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unconfirmed {
    /// `BK`: the researcher's background knowledge.
    BackgroundKnowledge,
    /// `publication`: only the source publication the entry started from,
    /// which is known to have errors, lists it.
    PublicationAlone,
}

impl ModifierUse {
    /// Whether the row rests on background knowledge alone (`BK`, or
    /// `[BK]` as the fact sheet writes it): it is then shown as
    /// unconfirmed.
    pub fn is_unconfirmed(&self) -> bool {
        self.unconfirmed() == Some(Unconfirmed::BackgroundKnowledge)
    }

    /// What the row rests on where no source checked backs it: `BK` alone,
    /// or a source starting with the word `publication` (the source
    /// publication alone, its reason after it).
    pub fn unconfirmed(&self) -> Option<Unconfirmed> {
        fn bare(word: &str) -> &str {
            word.trim_matches(['[', ']', ',', ';', ':'])
        }
        let source = self.source.as_deref().unwrap_or_default();
        let first = source.split_whitespace().next().map(bare)?;
        if source
            .split_whitespace()
            .all(|word| bare(word).eq_ignore_ascii_case("BK"))
        {
            Some(Unconfirmed::BackgroundKnowledge)
        } else if first.eq_ignore_ascii_case("publication") {
            Some(Unconfirmed::PublicationAlone)
        } else {
            None
        }
    }
}

/// A neighbouring code and, in one line, how it relates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub why: String,
}

/// An ICD-10-CM diagnosis commonly reported with the code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagnosis {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub title: String,
}

/// A section of free text under its own heading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    // Left out, the section is reported (`check`), not its file dropped.
    #[serde(default)]
    pub heading: String,
    #[serde(default)]
    pub text: String,
}

/// A remark attached to an entry, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    #[serde(default)]
    pub kind: NoteKind,
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// What a note is for. A kind outside the three is kept (as `Other`) so the
/// entry still loads and the audit can name the bad value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum NoteKind {
    /// Something a coder must watch for before billing.
    Caution,
    /// A correction of a source publication.
    Erratum,
    /// A practice hint.
    Tip,
    Other(String),
}

/// A note whose `kind` was left out: the audit asks for one.
impl Default for NoteKind {
    fn default() -> Self {
        NoteKind::Other(String::new())
    }
}

impl NoteKind {
    pub fn as_str(&self) -> &str {
        match self {
            NoteKind::Caution => "caution",
            NoteKind::Erratum => "erratum",
            NoteKind::Tip => "tip",
            NoteKind::Other(other) => other,
        }
    }

    /// Cautions and errata are the notes a coder must not miss.
    pub fn stands_out(&self) -> bool {
        matches!(self, NoteKind::Caution | NoteKind::Erratum)
    }
}

impl From<String> for NoteKind {
    fn from(value: String) -> Self {
        match value.as_str() {
            "caution" => NoteKind::Caution,
            "erratum" => NoteKind::Erratum,
            "tip" => NoteKind::Tip,
            _ => NoteKind::Other(value),
        }
    }
}

impl From<NoteKind> for String {
    fn from(kind: NoteKind) -> Self {
        kind.as_str().to_owned()
    }
}

/// Payers an entry names and what its text says of them: the first
/// sentence that names them (`Entry::payer_mentions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayerMention {
    /// The payers that sentence names, in the entry's order.
    pub payers: Vec<String>,
    /// The sentence, or none where no text names the payer.
    pub sentence: Option<String>,
}

/// Whether `text` has `name` as whole words, in any case.
fn names_whole(text: &str, name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() {
        return false;
    }
    let lower = text.to_lowercase();
    let wanted = name.to_lowercase();
    lower.match_indices(&wanted).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + wanted.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

impl Entry {
    /// The notes as a reader takes them: cautions first (what to do), then
    /// tips, then errata (where a source was wrong) and any other kind,
    /// each kind in the file's order.
    pub fn notes_in_reading_order(&self) -> impl Iterator<Item = &Note> {
        let rank = |note: &&Note| match note.kind {
            NoteKind::Caution => 0,
            NoteKind::Tip => 1,
            NoteKind::Erratum => 2,
            NoteKind::Other(_) => 3,
        };
        let mut notes: Vec<&Note> = self.notes.iter().collect();
        notes.sort_by_key(rank);
        notes.into_iter()
    }

    /// The entry's payers with what it says of each: the first sentence
    /// naming it in the summary, the billing text, a caution or tip, the
    /// coding steps, then an erratum; else the first sentence of a note
    /// whose source names it. Payers a sentence names together are listed
    /// together, in the order of the first; a bare list of names would
    /// read as the payers that cover the code, which they may not (64624's
    /// call it investigational).
    pub fn payer_mentions(&self) -> Vec<PayerMention> {
        use unicode_segmentation::UnicodeSegmentation;
        let advice = |note: &&Note| matches!(note.kind, NoteKind::Caution | NoteKind::Tip);
        let texts = [
            self.summary.as_str(),
            self.billing.overview.as_str(),
            self.billing.site_of_service.as_deref().unwrap_or_default(),
        ]
        .into_iter()
        .chain(
            self.notes
                .iter()
                .filter(advice)
                .map(|note| note.text.as_str()),
        )
        .chain(self.clinical.steps.iter().map(String::as_str))
        .chain(
            self.notes
                .iter()
                .filter(|note| !advice(note))
                .map(|note| note.text.as_str()),
        );
        // (Where the payer is named, the sentence to show, and the note a
        // payer named only as its source is vouched for by.)
        let mut sentences: Vec<(&str, &str, Option<&str>)> = texts
            .flat_map(|text| text.unicode_sentences())
            .map(|sentence| (sentence.trim(), sentence.trim(), None))
            .collect();
        // Named only as a note's source (`Palmetto GBA … pages`): the
        // note's first sentence is what the entry says on its word.
        sentences.extend(self.notes_in_reading_order().filter_map(|note| {
            let first = note.text.unicode_sentences().next()?.trim();
            Some((note.source.as_str(), first, Some(note.text.as_str())))
        }));
        let mut mentions: Vec<PayerMention> = Vec::new();
        for payer in &self.payers {
            let found = sentences
                .iter()
                .find(|(named_in, _, _)| names_whole(named_in, payer));
            let sentence = found.map(|(_, sentence, _)| (*sentence).to_owned());
            // Named only as the source of a note that names a payer listed
            // already (Palmetto GBA's pages, behind Medicare's rule): with
            // that payer.
            let vouched = found.and_then(|(_, _, note)| *note);
            let same = |mention: &&mut PayerMention| {
                (sentence.is_some() && mention.sentence == sentence)
                    || vouched.is_some_and(|note| {
                        mention.payers.iter().any(|named| names_whole(note, named))
                    })
            };
            match mentions.iter_mut().find(same) {
                Some(mention) => mention.payers.push(payer.clone()),
                None => mentions.push(PayerMention {
                    payers: vec![payer.clone()],
                    sentence,
                }),
            }
        }
        mentions
    }

    /// Whether the entry's modifier table lists `modifier` (`rt` is RT).
    pub fn lists_modifier(&self, modifier: &str) -> bool {
        self.modifiers
            .iter()
            .any(|listed| listed.code.eq_ignore_ascii_case(modifier))
    }

    /// Parses one content file. Unknown keys are errors so a typo cannot
    /// silently drop a section.
    pub fn from_toml(text: &str) -> Result<Entry, toml::de::Error> {
        toml::from_str(text)
    }
}

/// A CPT code: four digits, then a digit (Category I), `F` (Category II) or
/// `T` (Category III).
pub fn is_cpt_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 5
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && (bytes[4].is_ascii_digit() || bytes[4] == b'F' || bytes[4] == b'T')
}

/// `code` (in capitals) as claims write an ICD-10-CM code, without its dot
/// (`M47812`), given its dot (`M47.812`), when that makes one.
pub fn icd10_with_dot(code: &str) -> Option<String> {
    if code.contains('.') {
        return None;
    }
    let rest = code.get(3..).filter(|rest| !rest.is_empty())?;
    let dotted = format!("{}.{rest}", &code[..3]);
    is_icd10_code(&dotted).then_some(dotted)
}

/// An ICD-10-CM code: a letter, two characters (digit, digit or letter), then
/// optionally a dot and one to four more letters or digits (`M47.812`, `G57.60`).
pub fn is_icd10_code(code: &str) -> bool {
    let (category, detail) = match code.split_once('.') {
        Some((category, detail)) => (category, Some(detail)),
        None => (code, None),
    };
    let cat = category.as_bytes();
    let category_ok = cat.len() == 3
        && cat[0].is_ascii_uppercase()
        && cat[1].is_ascii_digit()
        && (cat[2].is_ascii_digit() || cat[2].is_ascii_uppercase());
    let detail_ok = detail.is_none_or(|d| {
        (1..=4).contains(&d.len())
            && d.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    });
    category_ok && detail_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_read_cautions_then_tips_then_errata_in_file_order() {
        let note = |kind, text: &str| Note {
            kind,
            text: text.into(),
            source: String::new(),
        };
        let entry = Entry {
            notes: vec![
                note(NoteKind::Erratum, "e1"),
                note(NoteKind::Tip, "t1"),
                note(NoteKind::Caution, "c1"),
                note(NoteKind::Erratum, "e2"),
                note(NoteKind::Caution, "c2"),
            ],
            ..Entry::default()
        };
        let read: Vec<&str> = entry
            .notes_in_reading_order()
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(read, ["c1", "c2", "t1", "e1", "e2"]);
    }

    #[test]
    fn payers_come_with_what_the_entry_says_of_them() {
        let note = |kind, text: &str, source: &str| Note {
            kind,
            text: text.into(),
            source: source.into(),
        };
        let entry = Entry {
            payers: vec![
                "Anthem".into(),
                "Blue Cross NC".into(),
                "NGS".into(),
                "Cigna".into(),
            ],
            notes: vec![
                // An erratum naming a payer comes after the advice does.
                note(
                    NoteKind::Erratum,
                    "The publication says Anthem pays. It does not.",
                    "",
                ),
                note(
                    NoteKind::Caution,
                    "Get prior authorization first. Anthem and Blue Cross NC call it investigational.",
                    "NGS pages",
                ),
            ],
            ..Entry::default()
        };
        let mentions = entry.payer_mentions();
        let said: Vec<(Vec<&str>, Option<&str>)> = mentions
            .iter()
            .map(|m| {
                (
                    m.payers.iter().map(String::as_str).collect(),
                    m.sentence.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                // NGS, named only as the source of the caution that names
                // Anthem, goes with Anthem.
                (
                    vec!["Anthem", "Blue Cross NC", "NGS"],
                    Some("Anthem and Blue Cross NC call it investigational.")
                ),
                (vec!["Cigna"], None),
            ]
        );
        // A name inside a word is not the payer's (NGS in "pangs").
        assert!(!names_whole("sharp pangs", "NGS"));
        assert!(names_whole("Anthem/UniCare CG-SURG-25", "unicare"));
    }

    #[test]
    fn a_row_on_background_knowledge_alone_is_unconfirmed() {
        let row = |code: &str, source: &str| ModifierUse {
            code: code.into(),
            source: Some(source.into()),
            ..ModifierUse::default()
        };
        assert!(row("RT", "BK").is_unconfirmed());
        assert!(row("RT", "[BK]").is_unconfirmed());
        assert!(row("RT", " bk ").is_unconfirmed());
        assert!(!row("RT", "S5 S6").is_unconfirmed());
        assert!(!row("RT", "S11 BK").is_unconfirmed());
        // No source given is not the same as background knowledge.
        assert!(!row("RT", "").is_unconfirmed());
        assert_eq!(
            row("22", "publication: its table lists 22").unconfirmed(),
            Some(Unconfirmed::PublicationAlone)
        );
        assert_eq!(row("22", "S11 and the publication").unconfirmed(), None);
        assert_eq!(unconfirmed_rows(&[row("50", "S5"), row("RT", "")]), None);
        assert_eq!(
            unconfirmed_rows(&[row("22", "S11"), row("RT", "BK"), row("LT", "BK")]).as_deref(),
            Some("Unconfirmed (background knowledge only): RT, LT")
        );
        assert_eq!(
            unconfirmed_rows(&[row("RT", "BK"), row("LT", "BK")]).as_deref(),
            Some("Unconfirmed (background knowledge only): every row")
        );
        assert_eq!(
            unconfirmed_rows(&[row("RT", "BK")]).as_deref(),
            Some("Unconfirmed (background knowledge only): RT")
        );
    }

    #[test]
    fn cpt_code_shapes() {
        for good in ["64624", "0213T", "1036F", "99213"] {
            assert!(is_cpt_code(good), "{good} should be a CPT code");
        }
        for bad in ["6462", "646241", "6462X", "A4624", "64f24", "", "64 24"] {
            assert!(!is_cpt_code(bad), "{bad} should not be a CPT code");
        }
    }

    #[test]
    fn icd10_code_shapes() {
        for good in ["M47.812", "G57.60", "M54.2", "M17", "S72.001A", "C7A.01"] {
            assert!(is_icd10_code(good), "{good} should be an ICD-10-CM code");
        }
        for bad in ["m47.812", "47.812", "M4", "M47.", "M47.81234", "M47-812"] {
            assert!(!is_icd10_code(bad), "{bad} should not be an ICD-10-CM code");
        }
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = Entry::from_toml("code = \"64624\"\ntitel = \"typo\"\n").unwrap_err();
        assert!(err.message().contains("titel"), "{}", err.message());
    }

    #[test]
    fn note_kinds_round_trip_and_keep_unknown_values() {
        let entry = Entry::from_toml(
            "code = \"64624\"\n[[notes]]\nkind = \"erratum\"\ntext = \"x\"\n\
             [[notes]]\nkind = \"warning\"\ntext = \"y\"\n",
        )
        .unwrap();
        assert_eq!(entry.notes[0].kind, NoteKind::Erratum);
        assert!(entry.notes[0].kind.stands_out());
        assert_eq!(entry.notes[1].kind, NoteKind::Other("warning".into()));
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["notes"][1]["kind"], "warning");
    }

    #[test]
    fn missing_sections_parse_as_empty() {
        let entry = Entry::from_toml("code = \"64624\"\n").unwrap();
        assert!(entry.title.is_empty());
        assert!(entry.billing.overview.is_empty());
        assert!(entry.clinical.steps.is_empty());
    }
}
