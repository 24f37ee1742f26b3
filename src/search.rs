//! Search over a content set, shared by the CLI and the browser.
//!
//! A query is split on white space and every word must match somewhere in an
//! entry. Each word is scored in tiers, so a better kind of match always wins
//! over a stronger match of a worse kind: exact code, code prefix, modifier
//! code, title (fuzzy), modifier description (fuzzy), then whole-word-prefix
//! matches in the summary, billing and scenario text. Ties go by code.
//!
//! Highlight ranges count characters, not bytes. Text is case-folded one
//! character to one character, so an index into the folded text is an index
//! into the original, also for non-ASCII text.

use std::ops::Range;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

use crate::model::Entry;

/// The part of an entry a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Code,
    Title,
    /// A modifier code in the entry's modifier table.
    Modifier,
    ModifierDescription,
    Summary,
    Billing,
    Scenario,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Title => "title",
            Field::Modifier => "modifier",
            Field::ModifierDescription => "modifier_description",
            Field::Summary => "summary",
            Field::Billing => "billing",
            Field::Scenario => "scenario",
        }
    }
}

/// One entry that matched, with where and how well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Position of the entry in the slice the index was built from.
    pub entry: usize,
    pub score: i64,
    /// The best-scoring field; for modifier fields, `item` says which row.
    pub field: Field,
    pub item: usize,
    /// Character ranges to highlight in that field's text (see `field_text`).
    pub ranges: Vec<Range<usize>>,
}

// Tier floors. A fuzzy score stays well below the gap to the next tier.
const EXACT_CODE: i64 = 1_000_000;
const CODE_PREFIX: i64 = 500_000;
const MODIFIER_CODE: i64 = 100_000;
const TITLE: i64 = 50_000;
const MODIFIER_DESCRIPTION: i64 = 20_000;
const CODE_FUZZY: i64 = 10_000;
const BODY: i64 = 1_000;
const FUZZY_CAP: i64 = 9_000;

/// Case-folded text whose characters line up one to one with the original.
#[derive(Debug, Clone)]
struct Folded(String);

impl Folded {
    fn new(text: &str) -> Folded {
        Folded(text.chars().map(fold_char).collect())
    }
}

/// Lower-cases a character when that yields exactly one character, and keeps
/// it as it is otherwise, so character positions never shift.
fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[derive(Debug, Clone)]
struct Doc {
    code: String,
    title: Folded,
    modifier_codes: Vec<String>,
    modifier_descriptions: Vec<Folded>,
    body: [(Field, Folded); 3],
}

/// A content set prepared for searching.
pub struct SearchIndex {
    docs: Vec<Doc>,
    matcher: SkimMatcherV2,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.docs.len())
            .finish()
    }
}

/// The text of `field` in `entry` that a hit's ranges refer to.
pub fn field_text(entry: &Entry, field: Field, item: usize) -> String {
    match field {
        Field::Code => entry.code.clone(),
        Field::Title => entry.title.clone(),
        Field::Modifier => entry
            .modifiers
            .get(item)
            .map(|m| m.code.clone())
            .unwrap_or_default(),
        Field::ModifierDescription => entry
            .modifiers
            .get(item)
            .map(|m| m.description.clone())
            .unwrap_or_default(),
        Field::Summary => entry.summary.clone(),
        Field::Billing => [
            Some(entry.billing.overview.as_str()),
            entry.billing.service_type.as_deref(),
            entry.billing.site_of_service.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n"),
        Field::Scenario => std::iter::once(entry.clinical.scenario.as_str())
            .chain(entry.clinical.steps.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// A query word that reads as (the start of) a CPT code: `6463`, `0213T`.
pub fn looks_like_code(word: &str) -> bool {
    let bytes = word.as_bytes();
    match bytes.len() {
        1..=4 => bytes.iter().all(u8::is_ascii_digit),
        5 => {
            bytes[..4].iter().all(u8::is_ascii_digit)
                && matches!(bytes[4], b'0'..=b'9' | b'F' | b'T' | b'f' | b't')
        }
        _ => false,
    }
}

/// How one query word matched one entry.
struct WordMatch {
    score: i64,
    field: Field,
    item: usize,
    ranges: Vec<Range<usize>>,
}

impl SearchIndex {
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> SearchIndex {
        let docs = entries
            .into_iter()
            .map(|entry| Doc {
                code: entry.code.to_ascii_uppercase(),
                title: Folded::new(&entry.title),
                modifier_codes: entry
                    .modifiers
                    .iter()
                    .map(|m| m.code.to_ascii_uppercase())
                    .collect(),
                modifier_descriptions: entry
                    .modifiers
                    .iter()
                    .map(|m| Folded::new(&m.description))
                    .collect(),
                body: [Field::Summary, Field::Billing, Field::Scenario]
                    .map(|field| (field, Folded::new(&field_text(entry, field, 0)))),
            })
            .collect();
        SearchIndex {
            docs,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Ranked hits for `query`, best first. An empty query lists every entry
    /// in code order.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let words: Vec<String> = query.split_whitespace().map(|w| Folded::new(w).0).collect();
        let mut hits: Vec<Hit> = if words.is_empty() {
            (0..self.docs.len())
                .map(|entry| Hit {
                    entry,
                    score: 0,
                    field: Field::Code,
                    item: 0,
                    ranges: Vec::new(),
                })
                .collect()
        } else {
            (0..self.docs.len())
                .filter_map(|i| self.match_doc(i, &words))
                .collect()
        };
        hits.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| self.docs[a.entry].code.cmp(&self.docs[b.entry].code))
        });
        hits
    }

    fn match_doc(&self, entry: usize, words: &[String]) -> Option<Hit> {
        let matches: Vec<WordMatch> = words
            .iter()
            .map(|word| self.match_word(&self.docs[entry], word))
            .collect::<Option<_>>()?;
        let best = matches.iter().max_by_key(|m| m.score)?;
        let (field, item) = (best.field, best.item);
        let mut ranges: Vec<Range<usize>> = matches
            .iter()
            .filter(|m| m.field == field && m.item == item)
            .flat_map(|m| m.ranges.iter().cloned())
            .collect();
        ranges.sort_by_key(|r| r.start);
        Some(Hit {
            entry,
            score: matches.iter().map(|m| m.score).sum(),
            field,
            item,
            ranges: merge(ranges),
        })
    }

    /// The best match of one folded word in one entry, if any.
    fn match_word(&self, doc: &Doc, word: &str) -> Option<WordMatch> {
        let upper = word.to_ascii_uppercase();
        let chars = word.chars().count();
        if looks_like_code(word) {
            if doc.code == upper {
                return Some(WordMatch {
                    score: EXACT_CODE,
                    field: Field::Code,
                    item: 0,
                    ranges: vec![0..chars],
                });
            }
            if doc.code.starts_with(&upper) {
                return Some(WordMatch {
                    score: CODE_PREFIX,
                    field: Field::Code,
                    item: 0,
                    ranges: vec![0..chars],
                });
            }
        }
        if let Some(item) = doc.modifier_codes.iter().position(|c| *c == upper) {
            return Some(WordMatch {
                score: MODIFIER_CODE,
                field: Field::Modifier,
                item,
                ranges: vec![0..chars],
            });
        }

        let fuzzy = |text: &str, floor: i64, field: Field, item: usize| {
            self.matcher
                .fuzzy_indices(text, word)
                .map(|(score, indices)| WordMatch {
                    score: floor + score.clamp(0, FUZZY_CAP),
                    field,
                    item,
                    ranges: indices_to_ranges(&indices),
                })
        };
        let mut best = fuzzy(&doc.title.0, TITLE, Field::Title, 0);
        if best.is_none() {
            best = doc
                .modifier_descriptions
                .iter()
                .enumerate()
                .filter_map(|(i, d)| {
                    fuzzy(&d.0, MODIFIER_DESCRIPTION, Field::ModifierDescription, i)
                })
                .max_by_key(|m| m.score);
        }
        if best.is_none() {
            best = fuzzy(&doc.code.to_ascii_lowercase(), CODE_FUZZY, Field::Code, 0);
        }
        if best.is_none() {
            best = doc
                .body
                .iter()
                .enumerate()
                .find_map(|(rank, (field, text))| {
                    let ranges = word_prefix_ranges(&text.0, word);
                    (!ranges.is_empty()).then(|| WordMatch {
                        // Summary before billing before scenario; more
                        // mentions rank a little higher.
                        score: BODY + (3 - rank as i64) * 100 + ranges.len().min(50) as i64,
                        field: *field,
                        item: 0,
                        ranges,
                    })
                });
        }
        best
    }

    /// Codes nearest to one that does not exist: longest shared prefix first,
    /// then numeric distance.
    pub fn nearest_codes(&self, code: &str, count: usize) -> Vec<String> {
        let wanted = code.trim().to_ascii_uppercase();
        let number = |c: &str| {
            c.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse::<i64>()
                .unwrap_or(0)
        };
        let mut codes: Vec<&str> = self.docs.iter().map(|d| d.code.as_str()).collect();
        codes.sort_by_key(|c| {
            let shared = c
                .chars()
                .zip(wanted.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (
                std::cmp::Reverse(shared),
                (number(c) - number(&wanted)).abs(),
                c.to_string(),
            )
        });
        codes.into_iter().take(count).map(str::to_owned).collect()
    }
}

/// Character ranges of the words in `text` that start with `word`.
fn word_prefix_ranges(text: &str, word: &str) -> Vec<Range<usize>> {
    let len = word.chars().count();
    let mut ranges = Vec::new();
    let mut previous_is_word = false;
    for (char_index, (byte_index, c)) in text.char_indices().enumerate() {
        let is_word = c.is_alphanumeric();
        if is_word && !previous_is_word && text[byte_index..].starts_with(word) {
            ranges.push(char_index..char_index + len);
        }
        previous_is_word = is_word;
    }
    ranges
}

fn indices_to_ranges(indices: &[usize]) -> Vec<Range<usize>> {
    merge(indices.iter().map(|&i| i..i + 1).collect())
}

/// Joins touching or overlapping ranges; expects them sorted by start.
fn merge(ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModifierUse;

    fn entry(code: &str, title: &str, summary: &str) -> Entry {
        Entry {
            code: code.into(),
            title: title.into(),
            summary: summary.into(),
            ..Entry::default()
        }
    }

    fn codes(index: &SearchIndex, entries: &[Entry], query: &str) -> Vec<String> {
        index
            .search(query)
            .into_iter()
            .map(|h| entries[h.entry].code.clone())
            .collect()
    }

    fn sample() -> Vec<Entry> {
        let mut with_modifier = entry("20001", "Bilateral thing", "Nothing about 646.");
        with_modifier.modifiers.push(ModifierUse {
            code: "50".into(),
            description: "Both sides".into(),
            when_to_use: String::new(),
        });
        vec![
            entry("64633", "Facet nerve ablation", "Cervical facet joints."),
            entry("64624", "Genicular nerve ablation", "Knee."),
            entry(
                "10646",
                "Code with 646 inside",
                "Mentions 6463 in its text.",
            ),
            entry("64454", "Genicular nerve block", "Knee injection."),
            with_modifier,
        ]
    }

    #[test]
    fn code_prefix_beats_fuzzy() {
        let entries = sample();
        let index = SearchIndex::new(&entries);
        let found = codes(&index, &entries, "646");
        assert_eq!(&found[..2], ["64624", "64633"]);
        assert_eq!(
            found[2], "10646",
            "fuzzy code and title matches come after prefixes"
        );
        assert!(!found.contains(&"64454".to_string()));
        assert_eq!(codes(&index, &entries, "64633")[0], "64633");
    }

    #[test]
    fn exact_code_beats_prefix() {
        let entries = vec![entry("64634", "Add-on", ""), entry("64633", "Single", "")];
        let index = SearchIndex::new(&entries);
        let hits = index.search("64633");
        assert_eq!(entries[hits[0].entry].code, "64633");
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn title_beats_body_and_every_word_must_match() {
        let mut entries = sample();
        entries.push(entry(
            "99999",
            "Unrelated",
            "Once mentions genicular branches.",
        ));
        let index = SearchIndex::new(&entries);
        let found = codes(&index, &entries, "genicular");
        assert_eq!(found, ["64454", "64624", "99999"]);
        assert_eq!(codes(&index, &entries, "genicular ablation"), ["64624"]);
        assert_eq!(
            codes(&index, &entries, "genicular zzz"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn modifier_codes_are_found() {
        let entries = sample();
        let index = SearchIndex::new(&entries);
        let hits = index.search("50");
        assert_eq!(entries[hits[0].entry].code, "20001");
        assert_eq!(hits[0].field, Field::Modifier);
    }

    #[test]
    fn empty_query_lists_all_in_code_order() {
        let entries = sample();
        let index = SearchIndex::new(&entries);
        assert_eq!(
            codes(&index, &entries, "  "),
            ["10646", "20001", "64454", "64624", "64633"]
        );
    }

    #[test]
    fn highlight_ranges_count_characters_in_non_ascii_text() {
        let entries = vec![entry("99991", "Névrome – “Morton” ÉPINE", "")];
        let index = SearchIndex::new(&entries);
        let hit = &index.search("morton")[0];
        assert_eq!(hit.field, Field::Title);
        let title: Vec<char> = entries[0].title.chars().collect();
        let highlighted: String = hit
            .ranges
            .iter()
            .flat_map(|r| title[r.clone()].iter())
            .collect();
        assert_eq!(highlighted, "Morton");
        // Non-ASCII letters fold too: "épine" finds "ÉPINE".
        let hit = &index.search("épine")[0];
        let highlighted: String = hit
            .ranges
            .iter()
            .flat_map(|r| title[r.clone()].iter())
            .collect();
        assert_eq!(highlighted, "ÉPINE");
    }

    #[test]
    fn body_matches_are_word_prefixes() {
        assert_eq!(
            word_prefix_ranges("knee – kneel; unknee", "knee"),
            [0..4, 7..11]
        );
        assert_eq!(word_prefix_ranges("Morton’s neuroma", "neuro"), [9..14]);
    }

    #[test]
    fn code_shaped_words() {
        for yes in ["6", "6463", "64633", "0213T", "1036f"] {
            assert!(looks_like_code(yes), "{yes}");
        }
        for no in ["", "646333", "64x", "genic", "RT"] {
            assert!(!looks_like_code(no), "{no}");
        }
    }

    #[test]
    fn nearest_codes_share_the_longest_prefix() {
        let entries = sample();
        let index = SearchIndex::new(&entries);
        assert_eq!(index.nearest_codes("64635", 2), ["64633", "64624"]);
    }
}
