//! Search over a content set, shared by the CLI and the browser.
//!
//! A query is split into words on white space (quotes around a word
//! dropped, `64630 - 64640` kept as one). Words of the form `mod:50`,
//! `payer:medicare`, `site:office`, `kind:erratum`, a code range
//! `64630-64640` or a code prefix `6463*` are filters; every other word must
//! match somewhere in an entry. Each word is scored in tiers, so a better kind
//! of match always beats a stronger match of a worse kind: exact code, code
//! prefix, modifier code, title word start, title (fuzzy), modifier
//! description (fuzzy), then word starts in the summary, billing and scenario
//! text, the diagnoses, the notes and the payers. Ties go by code. A fuzzy match may skip only a few characters at a
//! time, unless it skips to a word start (`close_enough`): letters strewn
//! over a long title are noise, not a match.
//!
//! Speed at 100,000 entries comes from what is matched and how: cheap
//! character masks turn most entries away before the fuzzy matcher runs, a
//! small per-entry filter does the same for body words, large sets are
//! split across both cores, and every matcher only narrows as a word grows,
//! so `Searcher` searches a longer query within the previous query's hits.
//! Highlights are computed per row, for the rows on screen only.
//!
//! Ranges count characters, not bytes. Text is case-folded one character to
//! one character, so an index into the folded text is an index into the
//! original, also for non-ASCII text.

use std::ops::Range;
use std::sync::Arc;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

use crate::cache::{Corrupt, Reader, Writer};
use crate::model::{Entry, NoteKind};

/// The part of an entry a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Code,
    /// The code's digits in order, not its start: `4624` for 64624, a
    /// first digit left off. Named apart, since `644` also finds 64640
    /// this way, which is not of the 644 family.
    CodeDigits,
    Title,
    /// A modifier code in the entry's modifier table.
    Modifier,
    ModifierDescription,
    Summary,
    Billing,
    Scenario,
    /// The ICD-10-CM codes and titles listed with the entry.
    Diagnoses,
    /// The entry's related codes, with why each relates.
    Related,
    /// The text of the entry's notes.
    Notes,
    /// The names of the payers the entry's facts concern.
    Payers,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::CodeDigits => "code_digits",
            Field::Title => "title",
            Field::Modifier => "modifier",
            Field::ModifierDescription => "modifier_description",
            Field::Summary => "summary",
            Field::Billing => "billing",
            Field::Scenario => "scenario",
            Field::Diagnoses => "diagnoses",
            Field::Related => "related",
            Field::Notes => "notes",
            Field::Payers => "payers",
        }
    }

    /// Where the hit matched, in a word for people (the JSON keeps
    /// `as_str`): `digits` for the code's digits in order, `modifier` for
    /// a modifier's code or its description.
    pub fn label(self) -> &'static str {
        match self {
            Field::CodeDigits => "digits",
            Field::Modifier | Field::ModifierDescription => "modifier",
            other => other.as_str(),
        }
    }
}

/// One entry that matched, with where and how well. Highlight ranges are
/// not part of it: `SearchIndex::highlight` computes them for a row when
/// the row is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Position of the entry in the slice the index was built from.
    pub entry: usize,
    pub score: i64,
    /// The best-scoring field; for modifier fields, `item` says which row.
    pub field: Field,
    pub item: usize,
}

/// What matching an entry leaves for the next keystroke to build on (see
/// `Reuse`), kept in entry order beside the ranked hits rather than in
/// them, so that ranking moves small hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Memo {
    entry: u32,
    /// The last word matched only in the body text. Every other test of a
    /// word only narrows as it grows, so when the next keystroke lengthens
    /// that word, only the body needs testing again.
    body_only: bool,
    /// The words' match as the quick estimate scored it (the top hits are
    /// scored again, but the estimate ranks them all): what the next
    /// keystroke builds on when it adds a word.
    quick: Partial,
    /// The same, of every word but the last: what the next keystroke
    /// builds on when it lengthens the last word.
    earlier: Partial,
}

/// A match of some of a query's words in one entry: their scores' sum, and
/// the least of them (the first of equals), which names the field a hit
/// shows: of `lumbar facet`, "facet" in a title says nothing of where
/// "lumbar" is, and that is where the detail opens and the tag points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Partial {
    score: i64,
    least_score: i64,
    field: Field,
    item: u32,
}

impl Partial {
    /// No words yet.
    const NONE: Partial = Partial {
        score: 0,
        least_score: i64::MAX,
        field: Field::Code,
        item: 0,
    };

    fn and(self, word: &WordMatch) -> Partial {
        let mut next = Partial {
            score: self.score + word.score,
            ..self
        };
        if word.score < self.least_score {
            next.least_score = word.score;
            next.field = word.field;
            next.item = u32::try_from(word.item).unwrap_or(u32::MAX);
        }
        next
    }
}

/// What the hits of the previous keystroke's query can spare this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reuse {
    /// Only which entries to look at.
    Nothing,
    /// The words but the last are the same, and the last one grew.
    LastWordGrew,
    /// A word came after the same words.
    WordAdded,
}

impl Memo {
    fn new(entry: usize, body_only: bool, quick: Partial, earlier: Partial) -> Memo {
        Memo {
            entry: entry as u32,
            body_only,
            quick,
            earlier,
        }
    }
}

/// The entries a search looks at.
enum Within<'a> {
    All,
    /// Those of a narrower query's hits.
    Hits(&'a [Hit]),
    /// Those that matched the query, what matching them left.
    Built(&'a [Memo], &'a Query),
}

/// What an entry's previous hit gives its match now.
#[derive(Clone, Copy)]
struct Given {
    /// The match of the words but the last, when known.
    earlier: Option<Partial>,
    /// The last word can match only in the body.
    body_only: bool,
}

impl Given {
    const NOTHING: Given = Given {
        earlier: None,
        body_only: false,
    };

    fn from(memo: &Memo, reuse: Reuse) -> Given {
        match reuse {
            Reuse::Nothing => Given::NOTHING,
            Reuse::LastWordGrew => Given {
                earlier: Some(memo.earlier),
                body_only: memo.body_only,
            },
            Reuse::WordAdded => Given {
                earlier: Some(memo.quick),
                body_only: false,
            },
        }
    }
}

// Tier floors. A fuzzy score stays well below the gap to the next tier.
const EXACT_CODE: i64 = 1_000_000;
const CODE_PREFIX: i64 = 500_000;
const MODIFIER_CODE: i64 = 200_000;
const MODIFIER_CODE_PREFIX: i64 = 150_000;
const TITLE_WORD: i64 = 100_000;
const TITLE: i64 = 50_000;
const MODIFIER_DESCRIPTION: i64 = 20_000;
const CODE_FUZZY: i64 = 10_000;
const BODY: i64 = 1_000;
/// A title or a modifier's description with the letters of a word the
/// text has elsewhere strewn through it, or a description with those of
/// any word.
const STREWN: i64 = 1;
const FUZZY_CAP: i64 = 9_000;

/// From this many entries a search is split across two threads.
const PARALLEL_FROM: usize = 4_000;

/// Lower-cases a character when that yields exactly one character, and keeps
/// it as it is otherwise, so character positions never shift. Typographic
/// quotes, dashes and fixed spaces become the keys a coder types: the
/// content says “Morton’s” and “64630–64640”, the keyboard `morton's` and
/// `64630-64640`. A Latin letter with an accent is the letter without it,
/// as coders type it: `génicular` and `genicular` are one word.
fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{A0}' | '\u{2007}' | '\u{202F}' => ' ',
        // Full-width digits and Latin letters, as an East Asian input
        // method types them (`６４６２４`): the ASCII ones, one for one.
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFF00 + 0x20).map_or(c, |c| c.to_ascii_lowercase())
        }
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.is_ascii() => l,
                (Some(l), None) => unaccented(l).unwrap_or(l),
                // `İ` lowers to two characters; its letter is `i`.
                _ => unaccented(c).map_or(c, |base| base.to_ascii_lowercase()),
            }
        }
    }
}

/// The ASCII letter `c` is with its accents taken off (`é`: `e`), if it is
/// one: a letter whose canonical decomposition is that letter and marks.
fn unaccented(c: char) -> Option<char> {
    let mut base = None;
    let mut marks_only = true;
    unicode_normalization::char::decompose_canonical(c, |part| match base {
        None => base = Some(part),
        Some(_) => marks_only &= unicode_normalization::char::is_combining_mark(part),
    });
    base.filter(|base| base.is_ascii_alphabetic() && marks_only && base != &c)
}

fn fold(text: &str) -> String {
    if text.is_ascii() {
        // The common case, and many times faster than folding by character.
        text.to_ascii_lowercase()
    } else {
        text.chars().map(fold_char).collect()
    }
}

/// Which ASCII letters and digits occur in a text (bit 63: anything else).
/// A fuzzy pattern can only match text whose mask covers the pattern's.
fn char_mask(text: &str) -> u64 {
    text.chars().fold(0, |mask, c| mask | char_bit(c))
}

fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        'A'..='Z' => 1 << (c as u32 - 'A' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        c if c.is_whitespace() || c.is_ascii_punctuation() => 0,
        _ => 1 << 63,
    }
}

/// The words of `text`: its runs of letters and digits, in order.
fn words(text: &str) -> Words<'_> {
    Words { rest: text }
}

/// The iterator `words` gives. ASCII is tested a byte at a time: decoding
/// every character was a tenth of building the index.
struct Words<'a> {
    rest: &'a str,
}

impl<'a> Words<'a> {
    /// Where the run of characters from `from` for which `is_word(c) ==
    /// inside` ends.
    fn run_end(&self, from: usize, inside: bool) -> usize {
        let bytes = self.rest.as_bytes();
        let mut at = from;
        while let Some(&byte) = bytes.get(at) {
            let (alphanumeric, width) = if byte.is_ascii() {
                (byte.is_ascii_alphanumeric(), 1)
            } else {
                let c = self.rest[at..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            };
            if alphanumeric != inside {
                break;
            }
            at += width;
        }
        at
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = self.run_end(0, false);
        let end = self.run_end(start, true);
        let word = &self.rest[start..end];
        self.rest = &self.rest[end..];
        (!word.is_empty()).then_some(word)
    }
}

/// Bytes of one `Doc` in the content cache.
const DOC_RECORD: usize = 58;

/// What the content cache holds of an index after its docs.
struct AfterDocs {
    strings: Strings,
    titles: String,
    title_ends: Vec<u32>,
    body: BodyIndex,
    code_rank: Vec<u32>,
}

/// The docs in `records`, `DOC_RECORD` bytes each, as `encode` wrote them.
fn read_docs(records: &[u8]) -> Vec<Doc> {
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let u64_at = |b: &[u8], at: usize| {
        let mut eight = [0; 8];
        eight.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(eight)
    };
    let span_at = |b: &[u8], at: usize| Span {
        start: u32_at(b, at),
        len: u32_at(b, at + 4),
    };
    records
        .chunks_exact(DOC_RECORD)
        .map(|b| Doc {
            code: span_at(b, 0),
            title_mask: u64_at(b, 8),
            modifiers: span_at(b, 16),
            modifier_mask: u64_at(b, 24),
            payers: span_at(b, 32),
            site: span_at(b, 40),
            note_kinds: b[48],
            body_first_chars: u64_at(b, 49),
            longest_modifier_code: b[57],
        })
        .collect()
}

/// Bits for note kinds, for the `kind:` filter.
const CAUTION: u8 = 1;
const ERRATUM: u8 = 2;
const TIP: u8 = 4;
/// The kinds `kind:` finds, by the names it takes the start of.
const NOTE_KINDS: [(&str, u8); 3] = [("caution", CAUTION), ("erratum", ERRATUM), ("tip", TIP)];

/// Where one of an entry's strings lies in the index's `Strings`: a byte
/// range of its text, or a run of its modifiers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }

    fn end(self) -> usize {
        self.start as usize + self.len as usize
    }
}

/// One entry's searchable facts. Its strings are spans into the index's
/// `Strings`, one store for every entry rather than several allocations
/// each: reading 100,000 of these from the cache then costs a few
/// milliseconds rather than tens.
#[derive(Debug, Clone, Default)]
struct Doc {
    code: Span,
    title_mask: u64,
    /// A run of `Strings::modifiers`.
    modifiers: Span,
    modifier_mask: u64,
    payers: Span,
    site: Span,
    note_kinds: u8,
    /// First characters of the body's words, for one-letter query words.
    body_first_chars: u64,
    longest_modifier_code: u8,
}

/// An entry's searchable strings before they are packed into `Strings`.
struct DocStrings {
    code: String,
    modifiers: Vec<(String, String)>,
    payers: String,
    site: String,
}

impl Doc {
    fn new(entry: &Entry) -> (Doc, DocStrings) {
        let modifiers: Vec<(String, String)> = entry
            .modifiers
            .iter()
            .map(|m| (m.code.to_ascii_uppercase(), fold(&m.description)))
            .collect();
        let note_kinds = entry.notes.iter().fold(0, |bits, note| {
            bits | match note.kind {
                NoteKind::Caution => CAUTION,
                NoteKind::Erratum => ERRATUM,
                NoteKind::Tip => TIP,
                NoteKind::Other(_) => 0,
            }
        });
        let doc = Doc {
            modifier_mask: modifiers.iter().fold(0, |m, (_, d)| m | char_mask(d)),
            note_kinds,
            longest_modifier_code: modifiers
                .iter()
                .map(|(code, _)| code.len().min(255) as u8)
                .max()
                .unwrap_or(0),
            ..Doc::default()
        };
        let strings = DocStrings {
            code: entry.code.to_ascii_uppercase(),
            modifiers,
            payers: fold(&entry.payers.join("\n")),
            site: fold(entry.billing.site_of_service.as_deref().unwrap_or_default()),
        };
        (doc, strings)
    }
}

/// Every entry's searchable strings: codes, modifier codes and
/// descriptions, payers and site, one after another in one text.
struct Strings {
    text: Text,
    /// Each modifier's code and description.
    modifiers: Vec<[Span; 2]>,
}

/// The text of `Strings`: built in memory, or left in the content cache.
enum Text {
    Built(String),
    InCache {
        bytes: Bytes,
        start: usize,
        len: usize,
    },
}

impl Strings {
    /// Packs each entry's strings, setting the spans of its `Doc`.
    fn pack(docs: Vec<(Doc, DocStrings)>) -> (Vec<Doc>, Strings) {
        let mut text = String::new();
        let mut modifiers = Vec::new();
        let mut packed = Vec::with_capacity(docs.len());
        let put = |text: &mut String, s: &str| {
            let span = Span {
                start: text.len() as u32,
                len: s.len() as u32,
            };
            text.push_str(s);
            span
        };
        for (mut doc, strings) in docs {
            doc.code = put(&mut text, &strings.code);
            doc.payers = put(&mut text, &strings.payers);
            doc.site = put(&mut text, &strings.site);
            doc.modifiers = Span {
                start: modifiers.len() as u32,
                len: strings.modifiers.len() as u32,
            };
            for (code, description) in &strings.modifiers {
                modifiers.push([put(&mut text, code), put(&mut text, description)]);
            }
            packed.push(doc);
        }
        let strings = Strings {
            text: Text::Built(text),
            modifiers,
        };
        (packed, strings)
    }

    /// The string at `span`; empty if the span does not fit (spans are
    /// checked when read from the cache, so that is never expected).
    fn get(&self, span: Span) -> &str {
        match &self.text {
            Text::Built(text) => text.get(span.range()).unwrap_or_default(),
            Text::InCache { bytes, start, len } => {
                if span.end() > *len {
                    return "";
                }
                let bytes: &[u8] = (**bytes).as_ref();
                // Checked as UTF-8 as it is read, a few bytes at a time,
                // rather than copied out of the cache whole.
                bytes
                    .get(start + span.start as usize..start + span.end())
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or_default()
            }
        }
    }

    fn text_len(&self) -> usize {
        match &self.text {
            Text::Built(text) => text.len(),
            Text::InCache { len, .. } => *len,
        }
    }

    fn code(&self, doc: &Doc) -> &str {
        self.get(doc.code)
    }

    fn modifiers(&self, doc: &Doc) -> &[[Span; 2]] {
        self.modifiers
            .get(doc.modifiers.range())
            .unwrap_or_default()
    }

    fn modifier_codes(&self, doc: &Doc) -> impl Iterator<Item = &str> {
        self.modifiers(doc).iter().map(|[code, _]| self.get(*code))
    }

    fn modifier_descriptions(&self, doc: &Doc) -> impl Iterator<Item = &str> {
        self.modifiers(doc)
            .iter()
            .map(|[_, description]| self.get(*description))
    }
}

/// Which entries' body text (`BODY_FIELDS`) has which words: the words in
/// order (so the words starting with a query word are one range) and, for
/// each, the entries, field and mention count (up to 3) packed as
/// `entry << 5 | field << 2 | count`.
struct BodyIndex {
    words: BodyWords,
    postings: Postings,
}

/// The body's words, in order, one after another in one string: a large
/// set has tens of thousands, read from the cache at each start.
struct BodyWords {
    text: String,
    /// `ends[i]` ends word `i`.
    ends: Vec<u32>,
}

impl BodyWords {
    fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> BodyWords {
        let mut text = String::new();
        let mut ends = Vec::new();
        for word in words {
            text.push_str(word);
            ends.push(text.len() as u32);
        }
        BodyWords { text, ends }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = i
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] as usize);
        self.text.get(start..end)
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// The first word for which `before` is false, as a sorted slice's.
    fn partition_point(&self, before: impl Fn(&str) -> bool) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            if before(self.get(middle).unwrap_or_default()) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }
}

/// Bytes that outlive a search index read from them: the content cache,
/// mapped or read into memory.
pub(crate) type Bytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// Each body word's postings: built in memory, or left where they lie in
/// the content cache (most of its bytes) and read as searches need them.
enum Postings {
    Built(Vec<Box<[u32]>>),
    InCache {
        bytes: Bytes,
        /// Where each word's postings start in `bytes`, and how many.
        spans: Vec<(usize, u32)>,
    },
}

impl Postings {
    fn len(&self, word: usize) -> usize {
        match self {
            Postings::Built(postings) => postings[word].len(),
            Postings::InCache { spans, .. } => spans[word].1 as usize,
        }
    }

    fn for_each(&self, word: usize, mut each: impl FnMut(u32)) {
        match self {
            Postings::Built(postings) => postings[word].iter().copied().for_each(each),
            Postings::InCache { bytes, spans } => {
                let (start, count) = spans[word];
                let bytes: &[u8] = (**bytes).as_ref();
                // Spans were checked against the bytes when read.
                let Some(run) = bytes.get(start..start + count as usize * 4) else {
                    return;
                };
                for b in run.chunks_exact(4) {
                    each(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
                }
            }
        }
    }
}

/// Body fields in ranking order: summary, billing, scenario, then what a
/// coder may also look a code up by: a diagnosis code (`M47.812`), a code
/// the entry lists as related (`64634` finds the entries that point to it),
/// words of a note, a payer's name.
const BODY_FIELDS: [Field; 7] = [
    Field::Summary,
    Field::Billing,
    Field::Scenario,
    Field::Diagnoses,
    Field::Related,
    Field::Notes,
    Field::Payers,
];

/// A body posting packs an entry, its field's rank and its mentions (up to
/// 3) into one number: `entry << 5 | rank << 2 | mentions`.
const RANK_BITS: u32 = 3;
const _: () = assert!(BODY_FIELDS.len() <= 1 << RANK_BITS);

/// Whether `word` (folded) is shaped as an ICD-10-CM category: a letter,
/// a digit, and a digit or letter (`m47`).
fn is_icd10_category(word: &str) -> bool {
    matches!(word.as_bytes(), [a, b, c]
        if a.is_ascii_lowercase() && b.is_ascii_digit() && c.is_ascii_alphanumeric())
}

/// Postings gathered for a run of entries, before they are merged.
struct BodyPart {
    ids: rustc_hash::FxHashMap<Box<str>, u32>,
    postings: Vec<Vec<u32>>,
    /// One field's word ids, kept to spare an allocation per field.
    found: Vec<u32>,
    /// The abbreviations' ids, and their meanings' words' (as written and
    /// with an `s`), in `abbreviated`'s order.
    phrases: Vec<PhraseIds>,
    /// Those ids are the part's first, all below this: most words are seen
    /// to be none of them by one comparison.
    phrase_ids_below: u32,
}

struct PhraseIds {
    short: u32,
    words: Vec<[u32; 2]>,
}

/// An abbreviation (folded, `rfa`) and the words it stands for.
type Abbreviated = (Box<str>, Vec<Box<str>>);

/// Marks the index word an abbreviation gets where its meaning is written
/// out: no query word starts with it.
const MEANT: char = '\u{1}';

/// Each abbreviation with the words it stands for. Where a
/// body field has the words one after another, the index gives it the
/// abbreviation as a word too, so `rfa` finds "radiofrequency ablation"
/// in that field, and not "radiofrequency" in one and "ablation" in
/// another.
fn abbreviated() -> &'static [Abbreviated] {
    static PHRASES: std::sync::OnceLock<Vec<Abbreviated>> = std::sync::OnceLock::new();
    PHRASES.get_or_init(|| {
        crate::abbreviations::builtin()
            .iter()
            .flat_map(|a| {
                a.meanings().map(|meaning| {
                    let meaning = fold(meaning);
                    (
                        fold(&a.short).into(),
                        words(&meaning).map(Box::from).collect(),
                    )
                })
            })
            .collect()
    })
}

impl BodyPart {
    fn new() -> BodyPart {
        let mut part = BodyPart {
            ids: Default::default(),
            postings: Vec::new(),
            found: Vec::new(),
            phrases: Vec::new(),
            phrase_ids_below: 0,
        };
        for (short, means) in abbreviated() {
            let words = means
                .iter()
                .map(|word| [part.id(word), part.id(&format!("{word}s"))])
                .collect();
            // Apart from the word as written, so that no word's start
            // (`rf`) finds it.
            let short = part.id(&format!("{MEANT}{short}"));
            part.phrases.push(PhraseIds { short, words });
        }
        part.phrase_ids_below = part.postings.len() as u32;
        part
    }

    /// Adds an entry's body words; returns the mask of their first
    /// characters.
    fn add(&mut self, entry: usize, doc: &Entry) -> u64 {
        let mut first_chars = 0;
        let mut found = std::mem::take(&mut self.found);
        let phrases = std::mem::take(&mut self.phrases);
        let mut progress = [PhraseProgress::default(); crate::abbreviations::MAX];
        for (rank, field) in BODY_FIELDS.into_iter().enumerate() {
            let text = fold(&field_text(doc, field, 0));
            // Each word's id, then the ids sorted to count mentions:
            // sorting numbers is much cheaper than sorting the words.
            found.clear();
            progress.fill(PhraseProgress::default());
            let mut in_phrase = false;
            let mut last_end = 0;
            let mut last_start = 0;
            for word in words(&text) {
                first_chars |= word.chars().next().map_or(0, char_bit);
                let id = self.id(word);
                found.push(id);
                let start = word.as_ptr() as usize - text.as_ptr() as usize;
                // A diagnosis code written with its dot (`m47.812`) is a
                // word too, so that `M54.50` finds that code, not "M54"
                // and "50" anywhere in the field.
                if last_end + 1 == start
                    && text.as_bytes()[last_end] == b'.'
                    && is_icd10_category(&text[last_start..last_end])
                    && word.len() <= 4
                    && word.is_ascii()
                {
                    found.push(self.id(&text[last_start..start + word.len()]));
                }
                // Two words joined by a hyphen (`add-on`) are a word as one
                // too, as coders also write them (`addon`, `followup`).
                if last_end + 1 == start
                    && text.as_bytes()[last_end] == b'-'
                    && last_start < last_end
                    && text[last_start..last_end].chars().all(char::is_alphabetic)
                    && word.chars().all(char::is_alphabetic)
                {
                    let joined = [&text[last_start..last_end], word].concat();
                    found.push(self.id(&joined));
                }
                last_start = start;
                if in_phrase && !joins_a_phrase(&text[last_end..start]) {
                    progress.fill(PhraseProgress::default());
                    in_phrase = false;
                }
                last_end = start + word.len();
                if id < self.phrase_ids_below || in_phrase {
                    in_phrase = false;
                    for (phrase, progress) in phrases.iter().zip(&mut progress) {
                        let is =
                            |i: usize| phrase.words.get(i).is_some_and(|ids| ids.contains(&id));
                        if progress.advance(phrase.words.len(), is) {
                            found.push(phrase.short);
                        }
                        in_phrase |= progress.0 > 0;
                    }
                }
            }
            found.sort_unstable();
            for mentions in found.chunk_by(|a, b| a == b) {
                let packed = (entry as u32) << (RANK_BITS + 2)
                    | (rank as u32) << 2
                    | mentions.len().min(3) as u32;
                self.postings[mentions[0] as usize].push(packed);
            }
        }
        self.found = found;
        self.phrases = phrases;
        first_chars
    }

    /// The id of `word`, given it when new.
    fn id(&mut self, word: &str) -> u32 {
        match self.ids.get(word) {
            Some(&id) => id,
            None => {
                let id = self.postings.len() as u32;
                self.ids.insert(word.into(), id);
                self.postings.push(Vec::new());
                id
            }
        }
    }
}

impl BodyIndex {
    /// Joins parts built over consecutive runs of entries, in entry order.
    fn merge(parts: Vec<BodyPart>) -> BodyIndex {
        let mut all: rustc_hash::FxHashMap<Box<str>, Vec<u32>> = Default::default();
        for part in parts {
            let mut by_id: Vec<(Box<str>, u32)> = part.ids.into_iter().collect();
            by_id.sort_unstable_by_key(|(_, id)| *id);
            for ((word, _), postings) in by_id.into_iter().zip(part.postings) {
                // Each part has the abbreviations' words, found or not.
                if !postings.is_empty() {
                    all.entry(word).or_default().extend(postings);
                }
            }
        }
        let mut sorted: Vec<(Box<str>, Vec<u32>)> = all.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let words = BodyWords::new(sorted.iter().map(|(word, _)| &**word));
        let postings = sorted
            .into_iter()
            .map(|(_, postings)| postings.into_boxed_slice())
            .collect();
        BodyIndex {
            words,
            postings: Postings::Built(postings),
        }
    }

    /// Whether `word` is an indexed word itself.
    fn has_word(&self, word: &str) -> bool {
        let at = self.words.partition_point(|w| w < word);
        self.words.get(at) == Some(word)
    }

    /// Whether an indexed word starts with `prefix` (or is it).
    fn starts_a_word(&self, prefix: &str) -> bool {
        let at = self.words.partition_point(|w| w < prefix);
        self.words.get(at).is_some_and(|w| w.starts_with(prefix))
    }

    /// The indexed word one letter from `word` (a letter changed, added,
    /// taken out, or two swapped). Ties go to a word that `in_title` says
    /// is in a title (what a coder looks a code up by: `facte` is "facet",
    /// not the "facts" of a note), then to the word that starts as `word`
    /// does for longer, then to the word in more entries, then the first.
    fn nearest_word(&self, word: &str, in_title: impl Fn(&str) -> bool) -> Option<&str> {
        use std::cmp::Reverse;
        let length = word.chars().count();
        let shared_start = |other: &str| {
            word.chars()
                .zip(other.chars())
                .take_while(|(a, b)| a == b)
                .count()
        };
        self.words
            .iter()
            .enumerate()
            .filter(|(_, candidate)| {
                // Abbreviations' meanings, codes and numbers are no spelling.
                candidate.chars().all(char::is_alphabetic)
                    && candidate.chars().count().abs_diff(length) <= 1
                    && strsim::osa_distance(word, candidate) == 1
            })
            .min_by_key(|&(i, candidate)| {
                (
                    !in_title(candidate),
                    Reverse(shared_start(candidate)),
                    Reverse(self.postings.len(i)),
                    i,
                )
            })
            .map(|(_, candidate)| candidate)
    }

    /// For each entry, its best body score for words starting with `prefix`
    /// (0: none): `(fields - rank) * 100 + mentions`.
    fn scores(&self, prefix: &str, entries: usize) -> Vec<u16> {
        self.scores_of(prefix, entries, false)
    }

    /// The same, for `word` itself alone (or with an `s`) when `whole`.
    fn scores_of(&self, prefix: &str, entries: usize, whole: bool) -> Vec<u16> {
        self.scores_where(prefix, entries, whole, None)
    }

    /// `scores`, in one field only.
    fn scores_in(&self, prefix: &str, entries: usize, field: Field) -> Vec<u16> {
        let rank = BODY_FIELDS.iter().position(|f| *f == field);
        self.scores_where(prefix, entries, false, rank)
    }

    /// `scores_of`, in the field of rank `only` alone where one is given.
    fn scores_where(
        &self,
        prefix: &str,
        entries: usize,
        whole: bool,
        only: Option<usize>,
    ) -> Vec<u16> {
        let mut scores = vec![0u16; entries];
        let start = self.words.partition_point(|w| w < prefix);
        for (i, word) in self.words.iter().enumerate().skip(start) {
            if !word.starts_with(prefix) {
                break;
            }
            if whole && !matches!(&word[prefix.len()..], "" | "s") {
                continue;
            }
            self.postings.for_each(i, |packed| {
                let entry = (packed >> (RANK_BITS + 2)) as usize;
                let rank = ((packed >> 2) & ((1 << RANK_BITS) - 1)) as usize;
                if only.is_some_and(|only| only != rank) {
                    return;
                }
                // Only a damaged cache could hold a rank past the fields.
                let Some(from_last) = BODY_FIELDS.len().checked_sub(rank) else {
                    return;
                };
                let score = from_last as u16 * 100 + (packed & 3) as u16;
                if let Some(best) = scores.get_mut(entry) {
                    *best = (*best).max(score);
                }
            });
        }
        scores
    }
}

/// A filter word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Filter {
    /// `mod:50`: a modifier in the table starting with this.
    Modifier(String),
    /// `payer:medicare`: a payer name containing this; when it is an
    /// abbreviation (`payer:bcbs`), having it or its meaning written out.
    Payer(String, Option<Box<Word>>),
    /// `site:office`: the site of service containing this; when it is an
    /// abbreviation (`site:asc`), having it as a word or its meaning
    /// written out (the word, with its forms).
    Site(String, Option<Box<Word>>),
    /// `kind:erratum`: a note of a kind starting with this.
    NoteKind(String),
    /// `64630-64640`: codes in this range, inclusive. A shorter second
    /// code takes in every code it starts (`64630-6464` ends at 64649;
    /// `64630-`, at the last code).
    CodeRange(String, String),
    /// `6463*`: codes starting with this.
    CodePrefix(String),
}

/// A parsed query: the words that must match and the filters that must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    raw: String,
    words: Vec<Word>,
    filters: Vec<Filter>,
    /// Filters named with nothing after the colon (`payer:`), as while one
    /// is typed: left out, since they would keep every entry.
    unfinished: Vec<String>,
    /// Claim lines (`64624-rt`): each code, searched among the words, with
    /// its modifiers, in capitals.
    claims: Vec<Claim>,
}

/// A code with the modifiers a claim line bills it with (`64624-RT`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub code: String,
    pub modifiers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    folded: String,
    upper: String,
    chars: usize,
    mask: u64,
    code_like: bool,
    /// When it is an abbreviation (`rfa`), what counts as the word: itself
    /// as a whole word, and the words it stands for, written one after
    /// another. It then matches nothing else: not `rfactor`, nor letters
    /// strewn through a title.
    forms: Vec<Vec<Box<str>>>,
    /// A word of words joined by hyphens (`genicular-nerve`), with spaces
    /// for them: a title may write the words apart ("Genicular nerve").
    spaced: Option<String>,
    /// Of a `spaced` word, whether its parts are marked wherever each
    /// stands, as for a text that never writes them together (see
    /// `Query::marking_in`).
    apart: bool,
}

/// One token of a query: a word to match, or a filter.
enum Token {
    Word(Word),
    Filter(Filter),
    /// A claim line's code and modifiers: its modifiers say how the code
    /// was billed, not which entry to find, so the code alone is searched.
    Claim(Word, Claim),
}

impl Token {
    /// The token `folded`, one of `tokens`' (which folds the query).
    fn parse(folded: String) -> Token {
        // Before ranges: `64624-50` is a code and its modifier.
        if let Some(claim) = Claim::of(&folded) {
            return Token::Claim(Word::new(claim.code.to_ascii_lowercase()), claim);
        }
        let filter = folded.split_once(':').and_then(|(key, value)| {
            // `payer:"blue cross"`: the quotes say where the value ends.
            let value = value
                .trim_matches(['"', '\''])
                .replace(QUOTED_SPACE, " ")
                .trim()
                .to_owned();
            match key {
                "mod" | "modifier" => Some(Filter::Modifier(value.to_ascii_uppercase())),
                "payer" => {
                    let word = Some(Box::new(Word::new(value.clone())))
                        .filter(|word| word.is_abbreviation());
                    Some(Filter::Payer(value, word))
                }
                "site" => {
                    let word = Some(Box::new(Word::new(value.clone())))
                        .filter(|word| word.is_abbreviation());
                    Some(Filter::Site(value, word))
                }
                "kind" => Some(Filter::NoteKind(note_kind_named(&value).unwrap_or(value))),
                _ => None,
            }
        });
        let filter = filter.or_else(|| {
            let (low, high) = folded.split_once('-')?;
            let (mut low, mut high) = (low.to_ascii_uppercase(), high.to_ascii_uppercase());
            // The second code may be partway typed (it then takes in every
            // code it starts), or not yet begun after a whole first code:
            // the list changes with each character instead of emptying
            // until the range is whole. `10-` or `2020-` on the way to
            // `10-day` or a span of years is no range.
            let range = looks_like_code(&low)
                && if high.is_empty() {
                    low.len() == 5
                } else {
                    looks_like_code(&high)
                };
            // `64640-64630` means the same codes as `64630-64640`, and so,
            // while it is typed, does `64640-6463`: a whole first code is
            // past every code the second starts. Ends of different lengths
            // otherwise (`9-10`) are not compared as text.
            let comparable = low.len() == high.len() || (low.len() == 5 && !high.is_empty());
            if range && comparable && low > high && !low.starts_with(&high) {
                std::mem::swap(&mut low, &mut high);
            }
            range.then_some(Filter::CodeRange(low, high))
        });
        let filter = filter.or_else(|| {
            // `6463**` as `6463*`: one star says it, more say it too.
            let prefix = folded.strip_suffix('*')?.trim_end_matches('*');
            looks_like_code(prefix).then(|| Filter::CodePrefix(prefix.to_ascii_uppercase()))
        });
        match filter {
            Some(filter) => Token::Filter(filter),
            None => Token::Word(Word::new(folded)),
        }
    }

    /// Which kind of token this is: a word, or which filter. Growing a token
    /// only narrows its matches while its kind stays the same; a range is
    /// never treated as narrowing (a half-typed range means something else).
    fn kind(&self) -> Option<u8> {
        Some(match self {
            // A word of marks alone (`(`) matches by its characters, but one
            // with a letter after the marks (`(p`) by the letter's body
            // words: not a narrowing.
            Token::Word(word) if !word.folded.chars().any(char::is_alphanumeric) => return None,
            // A whole abbreviation also finds what its meaning does, which
            // the word on its way to it (`rf`) may not have found, and finds
            // nothing fuzzily: growing into one or out of it is no narrowing.
            Token::Word(word) if word.is_abbreviation() => 6,
            // A word grown to `FUZZY_MIN` letters matches titles fuzzily,
            // which it did not on the way there.
            Token::Word(word) if word.chars < FUZZY_MIN => 9,
            Token::Word(_) => 0,
            // The code it stands for need not be among the hits of the
            // text on the way to it (`64624-r`).
            Token::Claim(..) => 8,
            Token::Filter(Filter::Modifier(_)) => 1,
            // `payer:"blue c"` finds "BlueCross" as well, which need not
            // have been found with `blue` on the way to it.
            Token::Filter(Filter::Payer(name, None)) if name.contains(' ') => 11,
            Token::Filter(Filter::Payer(_, None)) => 2,
            // As for a site: `payer:bcb` on the way found none of it.
            Token::Filter(Filter::Payer(_, Some(_))) => 10,
            // An abbreviation finds its meaning, which the text on the way
            // to it (`site:as`) may not have found.
            Token::Filter(Filter::Site(_, Some(_))) => 7,
            Token::Filter(Filter::Site(_, None)) => 3,
            Token::Filter(Filter::NoteKind(_)) => 4,
            Token::Filter(Filter::CodePrefix(_)) => 5,
            Token::Filter(Filter::CodeRange(..)) => return None,
        })
    }
}

impl Word {
    /// The word with its hyphens taken out (`addon` of `add-on`), as the
    /// index holds a hyphened pair of the text.
    fn joined(&self) -> String {
        self.folded.split('-').collect()
    }

    fn is_abbreviation(&self) -> bool {
        !self.forms.is_empty()
    }

    /// Where `text` (folded) has one of the word's forms, when it is an
    /// abbreviation: byte ranges, of each form in turn.
    fn forms_in<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        self.forms.iter().flat_map(|form| phrases_in(text, form))
    }

    /// The query word `folded`, one of `tokens`'.
    fn new(folded: String) -> Word {
        // `mbbs` is the plural of one.
        let singular = folded.strip_suffix('s').filter(|_| folded.len() > 3);
        let is_short = |word: &str| abbreviated().iter().any(|(short, _)| **short == *word);
        let short = [Some(folded.as_str()), singular]
            .into_iter()
            .flatten()
            .find(|word| is_short(word));
        let forms = short
            .map(|short| {
                let meanings = abbreviated()
                    .iter()
                    .filter(|(of, _)| **of == *short)
                    .map(|(_, meaning)| meaning.clone());
                std::iter::once(vec![Box::from(short)])
                    .chain(meanings)
                    .collect()
            })
            .unwrap_or_default();
        let parts: Vec<&str> = folded.split('-').collect();
        let spaced = (parts.len() > 1
            && parts
                .iter()
                .all(|part| !part.is_empty() && part.chars().all(char::is_alphabetic)))
        .then(|| parts.join(" "));
        Word {
            upper: folded.to_ascii_uppercase(),
            chars: folded.chars().count(),
            mask: char_mask(&folded),
            code_like: looks_like_code(&folded),
            folded,
            forms,
            spaced,
            apart: true,
        }
    }
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut query = Query {
            raw: text.to_owned(),
            ..Query::default()
        };
        for token in tokens(text) {
            let named = token.clone();
            match Token::parse(token) {
                Token::Filter(
                    Filter::Modifier(value)
                    | Filter::Payer(value, _)
                    | Filter::Site(value, _)
                    | Filter::NoteKind(value),
                ) if value.is_empty() => {
                    // `payer:"`, a quote opened, is the filter's name alone.
                    let name = named.split_inclusive(':').next().unwrap_or_default();
                    query.unfinished.push(name.to_owned());
                }
                Token::Filter(filter) => query.filters.push(filter),
                // A dash or a star with no letter or digit (`knee - 64454`
                // half typed, `A & B`) is no word to look for: it would
                // keep only titles that happen to hold one.
                // An emoji or a dingbat is something typed to find, though:
                // it finds what has it (nothing, most likely), not all.
                Token::Word(word)
                    if !word
                        .folded
                        .chars()
                        .any(|c| c.is_alphanumeric() || is_pictograph(c)) => {}
                Token::Word(word) => query.words.push(word),
                Token::Claim(word, claim) => {
                    query.words.push(word);
                    query.claims.push(claim);
                }
            }
        }
        query
    }

    /// Whether every entry matching `self` also matches `previous`, so that
    /// `self` can be searched among `previous`'s hits: the text only grew,
    /// and each of `previous`'s tokens kept its kind.
    pub fn narrows(&self, previous: &Query) -> bool {
        if !self.raw.starts_with(&previous.raw) {
            return false;
        }
        let new = tokens(&self.raw);
        tokens(&previous.raw)
            .into_iter()
            .zip(new)
            .all(|(old, new)| {
                let old = Token::parse(old).kind();
                old.is_some() && old == Token::parse(new).kind()
            })
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.filters.is_empty()
    }

    /// What the hits of `previous`, a query this one narrows, can spare
    /// it: its words are `previous`'s with the last lengthened, or with one
    /// more (the filters may differ).
    fn reuse_of(&self, previous: &Query) -> Reuse {
        let same = |a: &[Word], b: &[Word]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.folded == b.folded)
        };
        let (Some((last, words)), Some((old_last, old_words))) =
            (self.words.split_last(), previous.words.split_last())
        else {
            return Reuse::Nothing;
        };
        if same(words, old_words) && last.folded.starts_with(&old_last.folded) {
            Reuse::LastWordGrew
        } else if same(words, &previous.words) {
            Reuse::WordAdded
        } else {
            Reuse::Nothing
        }
    }

    /// The whole codes among the query's words (`64625`), in capitals.
    pub fn whole_codes(&self) -> impl Iterator<Item = &str> {
        self.words
            .iter()
            .filter(|word| word.code_like && word.upper.len() == 5)
            .map(|word| word.upper.as_str())
    }

    /// The modifiers `mod:` filters look for (`mod:TC`), in capitals.
    pub fn filtered_modifiers(&self) -> impl Iterator<Item = String> {
        self.filters.iter().filter_map(|filter| match filter {
            Filter::Modifier(modifier) => Some(modifier.to_ascii_uppercase()),
            _ => None,
        })
    }

    /// The payers `payer:` filters look for (`payer:anthem`), as typed.
    /// The values of the query's `site:` filters, as typed (folded).
    pub fn filtered_sites(&self) -> impl Iterator<Item = &str> {
        self.filters.iter().filter_map(|filter| match filter {
            Filter::Site(site, _) => Some(site.as_str()),
            _ => None,
        })
    }

    pub fn filtered_payers(&self) -> impl Iterator<Item = &str> {
        self.filters.iter().filter_map(|filter| match filter {
            Filter::Payer(payer, _) => Some(payer.as_str()),
            _ => None,
        })
    }

    /// Whether the query names codes alone: a range (`64630-64640`) or a
    /// prefix (`6463*`), with no word.
    pub fn names_codes_only(&self) -> bool {
        self.words.is_empty()
            && !self.filters.is_empty()
            && self
                .filters
                .iter()
                .all(|filter| matches!(filter, Filter::CodeRange(..) | Filter::CodePrefix(_)))
    }

    /// The diagnosis codes typed, in capitals and with their dot: typed
    /// with it (`M54.50`), or as claims write them without (`M549`,
    /// `M5450`, which is HCPCS-shaped too; where it finds nothing, the
    /// diagnosis is what it was most likely).
    pub fn dotted_diagnoses(&self) -> impl Iterator<Item = String> + '_ {
        self.words.iter().filter_map(|word| {
            let code = word.upper.as_str();
            if code.contains('.') {
                crate::model::is_icd10_code(code).then(|| code.to_owned())
            } else {
                crate::model::icd10_with_dot(code)
            }
        })
    }

    /// Whether `code` (in capitals) is a word of the query as typed.
    pub fn has_word(&self, code: &str) -> bool {
        self.words.iter().any(|word| word.upper == code)
    }

    /// The query's words (not its filters), upper-cased as codes are
    /// (`50`, `RT`).
    pub fn words_upper(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|word| word.upper.as_str())
    }

    /// The query's one word, in capitals, when it is nothing else (`TC`,
    /// `24`).
    pub fn only_word(&self) -> Option<&str> {
        match (&self.words[..], &self.filters[..]) {
            ([word], []) => Some(word.upper.as_str()),
            _ => None,
        }
    }

    /// Character ranges of `text` (a line of an entry as shown) that the
    /// query's words of two characters or more start, and where its
    /// abbreviations' forms stand: what the detail marks. One letter would
    /// mark nearly every line.
    pub fn marks_in(&self, text: &str) -> Vec<Range<usize>> {
        let marked = |w: &&Word| w.chars >= BODY_WORD_MIN;
        if !self.marks_anything() {
            return Vec::new();
        }
        let folded = fold(text);
        let mut ranges = Vec::new();
        for word in self.words.iter().filter(marked) {
            if word.is_abbreviation() {
                ranges.extend(forms_ranges(&folded, word));
                continue;
            }
            ranges.extend(word_start_ranges(&folded, &word.folded));
            // Words joined by hyphens (`genicular-nerve`), each where it
            // stands, as the search finds them: the text may write them
            // apart, or wrap between them.
            if let Some(spaced) = &word.spaced {
                if word.apart {
                    for part in word.folded.split('-').filter(|p| p.chars().count() >= 2) {
                        ranges.extend(word_start_ranges(&folded, part));
                    }
                } else {
                    // Where the text writes the words together only:
                    // apart, they would mark every "on" and "one".
                    ranges.extend(word_start_ranges(&folded, spaced));
                    let joined = word.joined();
                    ranges.extend(word_start_ranges(&folded, &joined));
                }
            }
            // As the search finds it: `addon` finds "add-on".
            ranges.extend(hyphen_joined_ranges(&folded, &word.folded));
            // As the search finds it: `medicare's` finds "Medicare".
            if let Some(base) = possessive_base(&word.folded) {
                ranges.extend(word_start_ranges(&folded, base));
            }
            // As the search finds it: `mortons` finds "Morton's".
            if let Some(stem) = plural_stem(&word.folded) {
                ranges.extend(whole_word_ranges(&folded, stem, true));
            }
            // As the search finds it: `add-ons` finds "add-on".
            if let Some(stem) = hyphened_plural_stem(&word.folded) {
                for part in stem.split('-').filter(|p| p.chars().count() >= 2) {
                    ranges.extend(word_start_ranges(&folded, part));
                }
            }
            // A diagnosis code typed as claims write it (`m47812`) is
            // written with its dot in the entry.
            if let Some(dotted) = crate::model::icd10_with_dot(&word.upper) {
                ranges.extend(word_start_ranges(&folded, &fold(&dotted)));
            }
        }
        // What the filters found: the payer, the site, the modifier, the
        // kind of note.
        for filter in &self.filters {
            match filter {
                // `site:asc`, `payer:bcbs`: what they stand for, as found.
                Filter::Payer(_, Some(word)) | Filter::Site(_, Some(word)) => {
                    ranges.extend(forms_ranges(&folded, word));
                }
                Filter::Payer(value, _) | Filter::Site(value, _) | Filter::NoteKind(value)
                    if !value.is_empty() =>
                {
                    ranges.extend(word_start_ranges(&folded, &fold(value)));
                    // `payer:"blue cross"` found "BlueCross" too: marked.
                    if matches!(filter, Filter::Payer(..)) && value.contains(' ') {
                        ranges.extend(word_start_ranges(&folded, &fold(&value.replace(' ', ""))));
                    }
                }
                // A modifier the filter's value starts (`mod:5`: 50, 52),
                // written as modifiers are, in two capitals or digits:
                // not a section's number 5, nor the X of "X{EPSU}".
                Filter::Modifier(code) if !code.is_empty() => {
                    let chars: Vec<char> = text.chars().collect();
                    ranges.extend(
                        word_start_ranges(&folded, &fold(code))
                            .into_iter()
                            .map(|range| range.start..range.start + MODIFIER_CHARS)
                            .filter(|range| {
                                let ends =
                                    chars.get(range.end).is_none_or(|c| !c.is_alphanumeric());
                                ends && chars.get(range.clone()).is_some_and(|modifier| {
                                    modifier
                                        .iter()
                                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                                })
                            }),
                    );
                }
                _ => {}
            }
        }
        // A claim line's modifiers (`64624-RT`), where the table and the
        // notes name them.
        for claim in &self.claims {
            for modifier in &claim.modifiers {
                ranges.extend(whole_word_ranges(&folded, &fold(modifier), false));
            }
        }
        ranges.sort_by_key(|r| r.start);
        merge(ranges)
    }

    /// `marks_in` of each of `lines` (a paragraph as wrapped on screen),
    /// with a phrase the wrap parted (`ambulatory` / `surgical center`)
    /// marked on both lines, as it is on one.
    pub fn marks_in_lines(&self, lines: &[String]) -> Vec<Vec<Range<usize>>> {
        let mut marks: Vec<Vec<Range<usize>>> =
            lines.iter().map(|line| self.marks_in(line)).collect();
        if !self.marks_phrases() {
            return marks;
        }
        for i in 1..lines.len() {
            let (before, after) = (lines[i - 1].trim_end(), &lines[i]);
            let next = after.trim_start();
            if before.is_empty() || next.is_empty() {
                continue;
            }
            let end = before.chars().count();
            let lead = after.chars().count() - next.chars().count();
            for range in self.marks_in(&format!("{before} {next}")) {
                // Only what runs across the join: the rest each line has.
                if range.start < end && range.end > end + 1 {
                    marks[i - 1].push(range.start..end);
                    marks[i].push(lead..range.end - (end + 1) + lead);
                }
            }
        }
        for line in &mut marks {
            line.sort_by_key(|range| range.start);
            *line = merge(std::mem::take(line));
        }
        marks
    }

    /// The query as it marks one entry's text, `lines`: a word typed with
    /// a hyphen (`add-on`) marks only where the text writes its parts
    /// together ("add-on", "add on", "addon") when it does so anywhere, as
    /// the search ranks such text first; else each part where it stands.
    pub fn marking_in(&self, lines: &[String]) -> Query {
        let mut query = self.clone();
        if !self.has_hyphened_words() {
            return query;
        }
        let folded: Vec<String> = lines.iter().map(|line| fold(line)).collect();
        for word in &mut query.words {
            let Some(spaced) = &word.spaced else {
                continue;
            };
            let joined = word.joined();
            let together = |text: &str| {
                [word.folded.as_str(), spaced, &joined]
                    .iter()
                    .any(|form| word_start_in(text, form))
            };
            // A wrap may part the words.
            let written = folded.iter().any(|line| together(line))
                || folded.windows(2).any(|pair| {
                    together(&format!("{} {}", pair[0].trim_end(), pair[1].trim_start()))
                });
            word.apart = !written;
        }
        query
    }

    /// Whether a word was typed with a hyphen between letters (`add-on`),
    /// which `marking_in` weighs against the text.
    pub fn has_hyphened_words(&self) -> bool {
        self.words.iter().any(|word| word.spaced.is_some())
    }

    /// Whether anything the query marks is more than one word: an
    /// abbreviation's meaning, a filter's value of several words, words
    /// typed with a hyphen that the text writes together.
    fn marks_phrases(&self) -> bool {
        let abbreviation = |word: &Word| word.is_abbreviation();
        self.words.iter().any(abbreviation)
            || self
                .words
                .iter()
                .any(|word| word.spaced.is_some() && !word.apart)
            || self.filters.iter().any(|filter| match filter {
                Filter::Payer(value, word) | Filter::Site(value, word) => {
                    value.contains(' ') || word.as_deref().is_some_and(abbreviation)
                }
                _ => false,
            })
    }

    /// Whether `marks_in` can mark anything: a word of two characters or
    /// more, or a filter with something to mark.
    pub fn marks_anything(&self) -> bool {
        self.words.iter().any(|w| w.chars >= BODY_WORD_MIN)
            || self.filters.iter().any(|filter| {
                matches!(
                    filter,
                    Filter::Modifier(_)
                        | Filter::Payer(..)
                        | Filter::Site(..)
                        | Filter::NoteKind(_)
                )
            })
    }

    /// The claim lines among the query's words (`64624-rt`).
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// The filters named with nothing after their colon (`payer:`), which
    /// the search leaves out.
    pub fn unfinished_filters(&self) -> &[String] {
        &self.unfinished
    }

    /// What to say of each filter named with no value: "`payer:` needs a
    /// value, as in `payer:medicare`".
    pub fn unfinished_notes(&self) -> Vec<String> {
        self.unfinished
            .iter()
            .map(|name| {
                let example = match name.as_str() {
                    "mod:" | "modifier:" => "50",
                    "payer:" => "medicare",
                    "site:" => "office",
                    _ => "erratum",
                };
                format!("`{name}` needs a value, as in `{name}{example}`")
            })
            .collect()
    }

    /// What may be why nothing matches, said in words: a `kind:` filter
    /// that names no kind of note, a word written as a filter that is none
    /// (`payor:medicare`, searched for as words).
    pub fn no_match_notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.names_no_note_kind() {
            notes.push("kind: takes caution, erratum or tip".to_owned());
        }
        for token in tokens(&self.raw) {
            let Some((name, value)) = token.split_once(':') else {
                continue;
            };
            // Not a web address (`https://…`).
            let named = name.len() >= 2
                && name.bytes().all(|b| b.is_ascii_alphabetic())
                && !value.starts_with('/');
            if !named || FILTER_NAMES.contains(&name) {
                continue;
            }
            // One letter off, or two in a longer name (`modifer`).
            let near = FILTER_NAMES.iter().copied().find(|filter| {
                strsim::damerau_levenshtein(name, filter) <= 1 + usize::from(name.len() >= 6)
            });
            let meant = near
                .map(|filter| format!("; did you mean {filter}:?"))
                .unwrap_or_default();
            notes.push(format!(
                "{name}: is not a filter (mod:, payer:, site:, kind:), so it is searched as \
                 words{meant}"
            ));
        }
        if let Some(range) = self.range_written_otherwise() {
            notes.push(format!(
                "for a range of codes, join them with a dash: {range}"
            ));
        }
        notes
    }

    /// Two codes joined as a range is written elsewhere (`64630..64640`,
    /// `64630 to 64640`, `6463*-6464*`): the range as it is written here,
    /// with the dash that makes one (`64630-64640`).
    pub fn range_written_otherwise(&self) -> Option<String> {
        let parts: Vec<String> = self
            .raw
            .split(|c: char| c.is_whitespace() || c == '.' || c == '*' || c == '-')
            .filter(|part| !part.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        let codes: Vec<&String> = parts.iter().filter(|p| looks_like_code(p)).collect();
        // A dash alone between them is a range already, or a claim line
        // (`64640-50`).
        let long_codes = codes.len() == 2 && codes.iter().all(|code| code.len() >= 3);
        let joined = long_codes
            && match parts.as_slice() {
                [_, to, _] => to == "to" || to == "through" || to == "thru",
                [_, _] => self.raw.contains("..") || self.raw.contains("*-"),
                _ => false,
            };
        let ranged = self
            .filters
            .iter()
            .any(|f| matches!(f, Filter::CodeRange(..)));
        (joined && !ranged).then(|| {
            format!(
                "{}-{}",
                codes[0].to_ascii_uppercase(),
                codes[codes.len() - 1].to_ascii_uppercase()
            )
        })
    }

    /// Whether a `kind:` filter names no kind of note, so nothing can match.
    pub fn names_no_note_kind(&self) -> bool {
        self.filters.iter().any(|filter| {
            matches!(filter, Filter::NoteKind(kind)
                if !NOTE_KINDS.iter().any(|(name, _)| name.starts_with(kind.as_str())))
        })
    }
}

/// The tokens of a query as typed or pasted: split on white space, with
/// quotes around a word dropped (`"genicular nerve"` is two words; there
/// are no phrases), and a range typed with spaces (`64630 - 64640`) made
/// one token.
fn tokens(text: &str) -> Vec<String> {
    read_words(text, true)
}

/// Invisible marks that come pasted with a code or word from a PDF or a
/// web page: a soft hyphen, a zero-width space or joiner, a word joiner, a
/// byte-order mark, and the marks that set the direction of text (left-to-
/// right and right-to-left marks, embeddings, overrides and isolates, the
/// Arabic letter mark), which pages in more than one script put around
/// codes.
const INVISIBLE: [char; 18] = [
    '\u{AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{200E}', '\u{200F}',
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{061C}',
];

/// Whether `text` holds nothing but white space and invisible marks: what
/// looks empty on screen.
pub fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || INVISIBLE.contains(&c))
}

/// `text` without the invisible marks in it.
pub fn without_invisible(text: &str) -> String {
    text.replace(INVISIBLE, "")
}

/// `tokens`, for a command given the whole text at once (`show`, `train`):
/// nothing in it is on its way to something else, so a letter after a
/// code (`64624 x`) stays, for the command to say what it is.
fn command_tokens(text: &str) -> Vec<String> {
    read_words(text, false)
}

/// The words of a query (see `tokens`); `typing` when it may stop partway
/// through a word, as the search box's does at each keystroke.
fn read_words(text: &str, typing: bool) -> Vec<String> {
    // An accent typed or pasted as a mark of its own (`e` and U+0301, as
    // macOS and PDFs give it) is joined to its letter first, so that
    // folding takes it off as it does from `é`. The query alone is changed:
    // highlights are places in the content's text.
    // Invisible marks pasted with a word or code from a PDF or a web page
    // (a soft hyphen, a zero-width space or joiner, a byte-order mark) are
    // dropped too: `646\u{AD}24` is 64624, as the content's own are dropped
    // when it is read.
    let composed: String;
    let text = if text.is_ascii() {
        text
    } else {
        use unicode_normalization::UnicodeNormalization;
        composed = text
            .chars()
            .filter(|c| !INVISIBLE.contains(c))
            .nfc()
            .collect();
        &composed
    };
    // Folded first, so every quote and dash `fold` knows is one of these.
    let folded = quoted_values_joined(fold(text));
    // Codes pasted from a claim come parted by commas or semicolons, and
    // words copied from prose bring their brackets and stops; none of
    // them is searched for. (A colon, a star and a dash are: filters,
    // prefixes and ranges.)
    let mut words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .map(|word| {
            const AROUND: [char; 12] =
                ['"', '\'', '(', ')', '[', ']', '{', '}', '<', '>', '«', '»'];
            let word = word
                .trim_matches(AROUND)
                .trim_start_matches('/')
                .trim_end_matches(['.', '!', '?', '…', '+'])
                .trim_matches(AROUND);
            // An add-on code as CPT writes it (`+64634`) is the code, and
            // so is one written as a number (`#64624`), labelled
            // (`cpt:64624`, `code:64624`) or followed by a colon (`64624:`).
            let word = ["+", "#", "cpt:", "cpt#", "code:"]
                .iter()
                .find_map(|mark| word.strip_prefix(mark))
                .or_else(|| word.strip_suffix(':'))
                .filter(|code| looks_like_code(code))
                .unwrap_or(word);
            // A hyphen typed last after letters (`genicular-`, on the way
            // to `genicular-nerve`) joins nothing yet.
            match word.strip_suffix('-') {
                Some(letters)
                    if !letters.is_empty() && letters.chars().all(char::is_alphabetic) =>
                {
                    letters
                }
                _ => word,
            }
        })
        .filter(|word| !word.is_empty())
        .collect();
    // An abbreviation hyphened to a word (`si-joint`, `knee-oa`, as prose
    // writes "SI-joint") is two words: the abbreviation is matched whole,
    // never as the start of "single". (Looked at only where a hyphen is:
    // a query is parsed again for many a line drawn.)
    if words.iter().any(|word| word.contains('-')) {
        words = words
            .into_iter()
            .flat_map(|word| {
                let parts: Vec<&str> = word.split('-').collect();
                let spelled = parts.len() > 1
                    && parts
                        .iter()
                        .all(|part| !part.is_empty() && part.chars().all(char::is_alphabetic));
                let abbreviation =
                    |part: &&str| abbreviated().iter().any(|(short, _)| **short == **part);
                if spelled && parts.iter().any(abbreviation) {
                    parts
                } else {
                    vec![word]
                }
            })
            .collect();
    }
    let code = |word: &str| looks_like_code(word);
    let whole_code = |word: &str| word.len() == 5 && looks_like_code(word);
    let code_then_dash = |word: &str| word.strip_suffix('-').is_some_and(looks_like_code);
    let dash_then_code = |word: &str| word.strip_prefix('-').is_some_and(looks_like_code);
    // A modifier's first character typed last after a whole code and any
    // modifiers (`64624 x`, `64624 50 x`, on the way to XS; `64624 5`, on
    // the way to 59) is left out for now, not searched for as a character
    // that keeps only what holds an `x` or a word starting with 5.
    if typing && let Some((last, before)) = words.split_last() {
        let modifiers = before
            .iter()
            .rev()
            .take_while(|word| {
                known_modifier(word)
                    || (word.len() == 2 && word.bytes().all(|b| b.is_ascii_digit()))
            })
            .count();
        let code = before[..before.len() - modifiers].last().copied();
        if let Some(code) = code.filter(|code| whole_code(code))
            && before[before.len() - modifiers..]
                .iter()
                .all(|word| known_modifier(word) || digits_after(code, word))
            && (starts_a_modifier(last) || first_digit_after(code, last))
        {
            words.pop();
        }
    }
    let mut tokens = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let (token, used) = match words[i..] {
            [low, "-", high, ..] if code(low) && code(high) => (format!("{low}-{high}"), 3),
            [low, high, ..]
                if (code_then_dash(low) && code(high)) || (code(low) && dash_then_code(high)) =>
            {
                (format!("{low}{high}"), 2)
            }
            // Partway typed: the second code is still to come.
            [low, "-"] if code(low) => (format!("{low}-"), 2),
            // A code and its modifier typed with a spaced dash.
            [low, "-", high, ..] if Claim::of(&format!("{low}-{high}")).is_some() => {
                (format!("{low}-{high}"), 3)
            }
            // Or with a space alone, as a claim is often copied: a whole
            // code, then modifiers (`64624 xs`, `64624 rt xs`, `64624 50`,
            // `64624 59`). Letters only when the registry knows them
            // (`64633 ct` is two words); two digits as the dashed form takes
            // them, known or not, unless they start the code, as a second
            // code being typed does (`64624 64`, on to 64640).
            [low, _, ..] if whole_code(low) => {
                let modifiers = words[i + 1..]
                    .iter()
                    .take_while(|word| known_modifier(word) || digits_after(low, word))
                    .count();
                (words[i..i + 1 + modifiers].join("-"), 1 + modifiers)
            }
            // Or its first digit (`64624-5`, on the way to 59), which as
            // the end of a range would run back below the code and put
            // other codes first for a keystroke.
            [word]
                if typing
                    && word.split_once('-').is_some_and(|(low, next)| {
                        whole_code(low)
                            && (starts_a_modifier(next)
                                || (first_digit_after(low, next)
                                    && next.as_bytes()[0] < low.as_bytes()[0]))
                    }) =>
            {
                (word[..5].to_owned(), 1)
            }
            // A claim line on its way to another modifier (`64624-rt-`,
            // `64624-rt-l`, `64624rt-`): the claim so far, not the words of
            // a claim line that is none.
            [word] if typing && claim_so_far(word).is_some() => {
                (claim_so_far(word).unwrap_or_default(), 1)
            }
            _ => (
                glued_claim(words[i]).unwrap_or_else(|| words[i].to_owned()),
                1,
            ),
        };
        tokens.push(token);
        i += used;
    }
    tokens
}

/// What a space inside a filter's quoted value (`payer:"blue cross"`) is
/// while the query is split into words, so that the value stays one token;
/// a character of Unicode's private use, which no keyboard types.
const QUOTED_SPACE: char = '\u{E000}';

/// `folded`, with the spaces inside each filter's quoted value
/// (`payer:"blue cross"`, `site:'hospital outpatient'`) made `QUOTED_SPACE`.
/// A quote not yet closed, as while it is typed, runs to the end.
fn quoted_values_joined(folded: String) -> String {
    if !folded.contains(':') || !folded.contains(['"', '\'']) {
        return folded;
    }
    let mut joined = String::with_capacity(folded.len());
    let mut rest = folded.as_str();
    let mut word_start = true;
    while let Some(c) = rest.chars().next() {
        let value = FILTER_NAMES
            .iter()
            .filter(|_| word_start)
            .find_map(|name| rest.strip_prefix(name)?.strip_prefix(':'))
            .filter(|value| value.starts_with(['"', '\'']));
        if let Some(value) = value {
            let quote = &value[..1];
            let end = value[1..].find(quote).map_or(value.len(), |at| at + 2);
            joined.push_str(&rest[..rest.len() - value.len()]);
            joined.extend(
                value[..end]
                    .chars()
                    .map(|c| if c.is_whitespace() { QUOTED_SPACE } else { c }),
            );
            rest = &value[end..];
            word_start = false;
            continue;
        }
        joined.push(c);
        word_start = c.is_whitespace() || c == ',' || c == ';';
        rest = &rest[c.len_utf8()..];
    }
    joined
}

fn known_modifier(word: &str) -> bool {
    word.len() == 2 && crate::registry::Registry::builtin_ref().get(word).is_some()
}

/// Whether `word`, after the whole code `code`, is two digits that a claim
/// line puts there as a modifier: ones that do not start the code.
fn digits_after(code: &str, word: &str) -> bool {
    word.len() == 2 && word.bytes().all(|b| b.is_ascii_digit()) && !code.starts_with(word)
}

/// The claim line `word` holds before a modifier being typed after it
/// (see `tokens`), dashed as a query takes it.
fn claim_so_far(word: &str) -> Option<String> {
    let (head, last) = word.rsplit_once('-')?;
    let head = glued_claim(head).unwrap_or_else(|| head.to_owned());
    let claim = Claim::of(&head)?;
    let coming = last.is_empty() || starts_a_modifier(last) || first_digit_after(&claim.code, last);
    coming.then_some(head)
}

/// Whether `word`, after the whole code `code`, is the first digit of two
/// that `digits_after` takes for a modifier.
fn first_digit_after(code: &str, word: &str) -> bool {
    word.len() == 1 && word.bytes().all(|b| b.is_ascii_digit()) && !code.starts_with(word)
}

/// Whether `text` is one letter that a modifier the registry knows starts
/// with (`x` of XS, `r` of RT).
fn starts_a_modifier(text: &str) -> bool {
    let mut chars = text.chars();
    let (Some(letter), None) = (chars.next(), chars.next()) else {
        return false;
    };
    letter.is_ascii_alphabetic()
        && crate::registry::Registry::builtin_ref()
            .iter()
            .any(|modifier| {
                modifier
                    .code
                    .chars()
                    .next()
                    .is_some_and(|first| first.eq_ignore_ascii_case(&letter))
            })
}

/// A claim line written with no dash (`64624rt`, as some claim exports
/// give it), dashed as a query takes it: a whole code, then a modifier the
/// registry knows with a letter in it. Only a known one: the word may be
/// anything else typed, and two digits after a code are more likely a
/// longer number than a modifier.
fn glued_claim(word: &str) -> Option<String> {
    let (code, modifier) = (word.get(..5)?, word.get(5..)?);
    let known = known_modifier(modifier) && modifier.bytes().any(|b| b.is_ascii_alphabetic());
    (looks_like_code(code) && known).then(|| format!("{code}-{modifier}"))
}

/// The one code a command given a code (`show`, `train`) takes `text` for:
/// read as a query reads it, so that the brackets, stops and commas around a
/// pasted code and the `+` of an add-on are not part of it. Text that is
/// not one word is given back trimmed, for the command to say what it is.
pub fn one_code(text: &str) -> String {
    // A dash or a plus left over after the code (`64624 -`) is no word.
    let words: Vec<String> = command_tokens(text)
        .into_iter()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    match words.as_slice() {
        [one] if !one.contains('-') => one.to_ascii_uppercase(),
        [one] if one.strip_suffix('-').is_some_and(looks_like_code) => {
            one.trim_end_matches('-').to_ascii_uppercase()
        }
        _ => text.replace(INVISIBLE, "").trim().to_ascii_uppercase(),
    }
}

/// The codes a command given codes (`train`) takes `text` for: each word
/// read as `one_code` reads it, so that codes pasted together from a claim
/// (`64624,64633`) are each one; a claim line's code for a claim line.
pub fn codes_in(text: &str) -> Vec<String> {
    if let Some(claim) = Claim::in_text(text) {
        return vec![claim.code];
    }
    let codes: Vec<String> = command_tokens(text)
        .iter()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| Claim::of(word).map_or_else(|| one_code(word), |claim| claim.code))
        .collect();
    if codes.is_empty() {
        vec![one_code(text)]
    } else {
        codes
    }
}

impl Claim {
    /// The claim line `token` is (`64624-rt`, `20610-50`, `64624-rt-lt`),
    /// when each part after a dash is a modifier: a known one, a code known
    /// to be mistaken for one (`64624-11`: not a range back to code 11), or
    /// any two characters (see below). A range typed a character at a time
    /// (`10021-59999`) passes through such a pair for a keystroke; a
    /// claim's code is what is meant when typing stops there.
    fn of(token: &str) -> Option<Claim> {
        let mut parts = token.split('-');
        let code = parts.next()?;
        let modifiers: Vec<&str> = parts.collect();
        let registry = crate::registry::Registry::builtin_ref();
        // Two characters after a whole code are a modifier as claims write
        // it, known or not (58, 80, QZ), rather than a range back to a
        // two-digit code; unless they start the code, as a range typed a
        // character at a time does (`64630-64`, on to 64640).
        let modifier_shaped = |m: &str| {
            m.len() == 2 && m.bytes().all(|b| b.is_ascii_alphanumeric()) && !code.starts_with(m)
        };
        let all_modifiers = !modifiers.is_empty()
            && modifiers.iter().all(|m| {
                registry.get(m).is_some()
                    || registry.not_a_modifier(m).is_some()
                    || modifier_shaped(m)
            });
        (code.len() == 5 && looks_like_code(code) && all_modifiers).then(|| {
            // A modifier written twice (`64624-RT-RT`) is one.
            let mut unique: Vec<String> = Vec::new();
            for modifier in modifiers.iter().map(|m| m.to_ascii_uppercase()) {
                if !unique.contains(&modifier) {
                    unique.push(modifier);
                }
            }
            Claim {
                code: code.to_ascii_uppercase(),
                modifiers: unique,
            }
        })
    }

    /// The claim line `text` is as a whole, written as a query takes it
    /// (`64624-RT`, `64624 rt`, `64624–RT`), for a command given one code.
    pub fn in_text(text: &str) -> Option<Claim> {
        Claim::of(&command_tokens(text).join("-"))
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

/// The text of `field` in `entry` that highlight ranges refer to.
pub fn field_text(entry: &Entry, field: Field, item: usize) -> String {
    match field {
        Field::Code | Field::CodeDigits => entry.code.clone(),
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
        // Claims carry ICD-10-CM codes without the dot: both forms are
        // searched.
        Field::Diagnoses => entry
            .diagnoses
            .iter()
            .map(|d| {
                let plain = d.code.replace('.', "");
                if plain == d.code {
                    format!("{} {}", d.code, d.title)
                } else {
                    format!("{} {plain} {}", d.code, d.title)
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Field::Related => entry
            .related
            .iter()
            .map(|r| format!("{} {}", r.code, r.why))
            .collect::<Vec<_>>()
            .join("\n"),
        Field::Notes => entry
            .notes
            .iter()
            .map(|n| n.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        Field::Payers => entry.payers.join("\n"),
    }
}

/// The kind of note a word names, in the singular or plural (`errata`,
/// `tips`), as `kind:` takes it.
fn note_kind_named(word: &str) -> Option<String> {
    let kind = match word {
        "erratum" | "errata" | "erratums" => "erratum",
        "caution" | "cautions" => "caution",
        "tip" | "tips" => "tip",
        _ => return None,
    };
    Some(kind.to_owned())
}

/// A query with the body scores of its words, worked out once per search.
struct Matching<'q> {
    query: &'q Query,
    body: &'q [Arc<Vec<u16>>],
    /// Per query word: whether the content's text has it as a word of its
    /// own (`pain`), not only as letters a fuzzy match may string together.
    known: &'q [bool],
}

/// How many words' body scores are remembered: while a query is typed, its
/// finished words stay the same from keystroke to keystroke.
const REMEMBERED_WORDS: usize = 8;

/// The names a filter is written with, before its colon (see
/// `Token::parse`).
const FILTER_NAMES: [&str; 5] = ["mod", "modifier", "payer", "site", "kind"];

/// Whether `word` is written as a filter (`mod:50`, `Site:office`), with
/// or without its value.
pub fn is_filter(word: &str) -> bool {
    word.split_once(':')
        .is_some_and(|(name, _)| FILTER_NAMES.contains(&name.to_ascii_lowercase().as_str()))
}

/// Whether `c` is an emoji or a dingbat (`🦵`, `✓`): no punctuation, but
/// no letter either.
fn is_pictograph(c: char) -> bool {
    matches!(u32::from(c), 0x2600..=0x27BF | 0x1F000..=0x1FAFF)
}

/// The characters of a modifier (`50`, `RT`, `XS`).
const MODIFIER_CHARS: usize = 2;

/// Query words shorter than this match a title or a modifier's description
/// only where one of its words starts with them, not by letters strewn
/// through it: two letters are in order in nearly every title (`tc` in
/// "thoracic", `oa` in "of the knee (anesthetic"), and would bury what
/// they name among them. A code's digits still match in order.
const FUZZY_MIN: usize = 3;

/// Body words shorter than this are not looked up in the postings: nearly
/// every entry has a word starting with any one letter, so a mask of first
/// letters answers them.
const BODY_WORD_MIN: usize = 2;

/// How many of the best hits the fuzzy matcher scores after the quick
/// estimate has ranked them all.
const RESCORED: usize = 200;

/// How many of `hits` (ranked by the quick estimate) the fuzzy matcher
/// scores: `RESCORED`, or as many more as end the run of equal estimates
/// the last of them is in, so that hits matched alike are scored alike
/// and stay in code order; where that run is too long, none of it, for
/// the same reason.
fn rescored_top(hits: &[Hit]) -> usize {
    let top = hits.len().min(RESCORED);
    let Some(edge) = top.checked_sub(1).map(|last| hits[last].score) else {
        return 0;
    };
    let run_end = hits[top..]
        .iter()
        .position(|hit| hit.score != edge)
        .map_or(hits.len(), |n| top + n);
    if run_end <= RESCORED_MOST {
        run_end
    } else {
        hits.partition_point(|hit| hit.score > edge)
    }
}

/// The most hits `rescored_top` lets the fuzzy matcher score.
const RESCORED_MOST: usize = 2 * RESCORED;

/// How fuzzy matches are scored: quickly for ranking a whole set, or by
/// the fuzzy matcher for the hits at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scorer {
    Quick,
    Precise,
}

/// Whether `pattern`'s characters occur in `text` in order (the fuzzy
/// matcher's own condition for a match), with a rough score in the fuzzy
/// matcher's spirit: matched characters count, more so at word starts and
/// in runs; skipped characters cost a little.
fn quick_fuzzy_score(text: &str, pattern: &str) -> Option<i64> {
    if text.is_ascii() && pattern.is_ascii() {
        // By bytes: the common case, on the hot path.
        in_order_score(
            text.bytes(),
            pattern.bytes().filter(|b| !b.is_ascii_whitespace()),
            |a, b| a.eq_ignore_ascii_case(&b),
            |b| b.is_ascii_alphanumeric(),
        )
    } else {
        in_order_score(
            text.chars(),
            pattern.chars().filter(|c| !c.is_whitespace()),
            |a, b| a.eq_ignore_ascii_case(&b),
            char::is_alphanumeric,
        )
    }
}

/// The most characters a fuzzy match may skip between two matched ones in
/// one word; it goes on in the next word only at that word's start, and
/// skips no word. A match also starts at a word start: `gencl` finds
/// "genicular" and `gna` "genicular nerve ablation", but `facet` does not
/// find "of the genicular nerve branches" in letters strewn across five
/// words, nor `ngs` "imagi*ng*, *s*ingle", nor `neck` "genicular *ne*rve
/// blo*ck*", nor `foot` "*f*acet nerve ablation, *o*ne *o*r *t*horacic".
const FUZZY_GAP: usize = 4;

/// Whether `pattern`, whose characters occur in `text` in order, occurs
/// there starting at a word start, with no gap wider than `FUZZY_GAP` nor
/// across words except before a word start. Both are folded (see `fold`), or both
/// upper-case codes. Matches only narrow as the pattern grows, as
/// `Searcher` needs: a match of a longer pattern holds one of each of its
/// starts.
fn close_enough(text: &str, pattern: &str) -> bool {
    if text.is_ascii() && pattern.is_ascii() {
        closely_in_order(
            text.as_bytes(),
            pattern.as_bytes(),
            |a, b| a == b,
            |b| match b {
                b'\'' => Class::Apostrophe,
                b if b.is_ascii_alphanumeric() => Class::Letter,
                _ => Class::Other,
            },
        )
    } else {
        let text: Vec<char> = text.chars().collect();
        let pattern: Vec<char> = pattern.chars().filter(|c| !c.is_whitespace()).collect();
        closely_in_order(
            &text,
            &pattern,
            |a, b| a.eq_ignore_ascii_case(&b),
            |c| match c {
                '\'' | '\u{2019}' => Class::Apostrophe,
                c if c.is_alphanumeric() => Class::Letter,
                _ => Class::Other,
            },
        )
    }
}

/// What a character is to the word-start rule of `close_enough`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter or digit.
    Letter,
    /// Inside a word after a letter (the s of "Morton's" starts none), a
    /// quote before one (the t of "'trigger'" starts a word).
    Apostrophe,
    Other,
}

/// Whether the character at `i` starts a word.
fn starts_word<T: Copy>(text: &[T], i: usize, class: &impl Fn(T) -> Class) -> bool {
    match i.checked_sub(1).map(|before| class(text[before])) {
        None | Some(Class::Other) => true,
        Some(Class::Letter) => false,
        Some(Class::Apostrophe) => i < 2 || class(text[i - 2]) != Class::Letter,
    }
}

/// `close_enough` over bytes or characters alike: for each pattern
/// character in turn, where in `text` it can be matched, given where the
/// previous one could.
fn closely_in_order<T: Copy>(
    text: &[T],
    pattern: &[T],
    same: impl Fn(T, T) -> bool,
    class: impl Fn(T) -> Class,
) -> bool {
    if text.len() > 128 || pattern.is_empty() || pattern.len() > 16 {
        return closely_in_order_by_place(text, pattern, same, class);
    }
    // One bit a place, all places at once, and the text read once: this
    // runs on the typing path.
    let mut places = [0u128; 16];
    let mut word_starts = 0u128;
    // Between words: a gap does not run on past one.
    let mut between = 0u128;
    for (i, &t) in text.iter().enumerate() {
        if starts_word(text, i, &class) {
            word_starts |= 1 << i;
        }
        if class(t) == Class::Other {
            between |= 1 << i;
        }
        for (bits, &wanted) in places.iter_mut().zip(pattern) {
            if same(t, wanted) {
                *bits |= 1 << i;
            }
        }
    }
    let mut reached = places[0] & word_starts;
    // The starts of words of letters or digits: what a match may go on at.
    let starts = word_starts & !between;
    for &wanted in &places[1..pattern.len()] {
        if reached == 0 {
            return false;
        }
        // The places up to a gap after one reached, in its word.
        let mut near = 0;
        let mut going = reached;
        for _ in 0..=FUZZY_GAP {
            going <<= 1;
            near |= going;
            going &= !between;
        }
        // And the start of the word after each one reached.
        let mut next_starts = 0;
        let mut each = reached;
        while each != 0 {
            let place = each & each.wrapping_neg();
            each &= each - 1;
            let after = starts & !(place | (place - 1));
            next_starts |= after & after.wrapping_neg();
        }
        reached = wanted & (near | next_starts);
    }
    reached != 0
}

/// `closely_in_order` for any length of text, a place at a time.
fn closely_in_order_by_place<T: Copy>(
    text: &[T],
    pattern: &[T],
    same: impl Fn(T, T) -> bool,
    class: impl Fn(T) -> Class,
) -> bool {
    let Some((&first, rest)) = pattern.split_first() else {
        return true;
    };
    let word_start: Vec<bool> = (0..text.len())
        .map(|i| starts_word(text, i, &class))
        .collect();
    let mut reached: Vec<bool> = text
        .iter()
        .zip(&word_start)
        .map(|(&t, &start)| same(t, first) && start)
        .collect();
    for &wanted in rest {
        // Whether the previous character was matched since the last start
        // of a word, and the last place it was in the word the scan is in.
        let mut since_start = false;
        let mut last_in_word: Option<usize> = None;
        for (i, &t) in text.iter().enumerate() {
            let start = word_start[i] && class(t) != Class::Other;
            let next_word = start && since_start;
            if start {
                since_start = false;
            }
            let previous_in_word = last_in_word;
            if reached[i] {
                since_start = true;
                last_in_word = Some(i);
            } else if class(t) == Class::Other {
                last_in_word = None;
            }
            reached[i] = same(t, wanted)
                && (next_word || previous_in_word.is_some_and(|at| i - at - 1 <= FUZZY_GAP));
        }
    }
    reached.contains(&true)
}

/// The in-order match and score of `quick_fuzzy_score`, over bytes or
/// characters alike.
fn in_order_score<T: Copy>(
    text: impl Iterator<Item = T>,
    pattern: impl Iterator<Item = T>,
    same: impl Fn(T, T) -> bool,
    is_word: impl Fn(T) -> bool,
) -> Option<i64> {
    let mut wanted = pattern.peekable();
    wanted.peek()?;
    let mut score = 0;
    let mut previous_is_word = false;
    let mut run = false;
    for item in text {
        let Some(&next) = wanted.peek() else { break };
        if same(item, next) {
            wanted.next();
            score += 16;
            if !previous_is_word {
                score += 8;
            }
            if run {
                score += 4;
            }
            run = true;
        } else {
            run = false;
            score -= 1;
        }
        previous_is_word = is_word(item);
    }
    wanted.peek().is_none().then_some(score.max(1))
}

/// Added to a body score (field rank × 100 + mentions, under 1,000) where
/// a hyphened query word's parts stand joined in the text (see
/// `SearchIndex::body_scores`), so that those entries rank first.
const JOINED: u16 = 1_000;

/// How one query word matched one entry.
struct WordMatch {
    score: i64,
    field: Field,
    item: usize,
    /// Found in the body, after every other field was tried.
    body_only: bool,
}

/// The match of `word` in an entry's body, whose score for the word is
/// `body` (see `BodyIndex::scores`): reached when no other field matched.
fn body_match(word: &Word, body: u16) -> Option<WordMatch> {
    // A word this short matched on its first letter, before the body index.
    if body == 0 || word.chars < BODY_WORD_MIN {
        return None;
    }
    // Summary before billing before scenario and the rest; an entry that
    // mentions the word more is more about it.
    let rank = BODY_FIELDS.len() - usize::from(body % JOINED / 100);
    let field = BODY_FIELDS[rank.min(BODY_FIELDS.len() - 1)];
    Some(WordMatch {
        score: BODY + i64::from(body),
        field,
        item: 0,
        body_only: true,
    })
}

/// A content set prepared for searching.
pub struct SearchIndex {
    docs: Vec<Doc>,
    strings: Strings,
    /// Every entry's folded title, one after another in entry order, so a
    /// search reads them front to back; `title_ends[i]` ends entry `i`'s.
    titles: String,
    title_ends: Vec<u32>,
    body: BodyIndex,
    /// Body scores of recent query words, newest last.
    remembered: std::sync::Mutex<Vec<(String, Arc<Vec<u16>>)>>,
    /// Each entry's position in code order, for breaking ties without
    /// comparing strings.
    code_rank: Vec<u32>,
    matcher: SkimMatcherV2,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.docs.len())
            .finish()
    }
}

impl SearchIndex {
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> SearchIndex {
        let entries: Vec<&Entry> = entries.into_iter().collect();
        let build = |offset: usize, run: &[&Entry]| {
            let mut part = BodyPart::new();
            let docs: Vec<(Doc, DocStrings)> = run
                .iter()
                .enumerate()
                .map(|(i, entry)| {
                    let first_chars = part.add(offset + i, entry);
                    let (doc, strings) = Doc::new(entry);
                    let doc = Doc {
                        body_first_chars: first_chars,
                        ..doc
                    };
                    (doc, strings)
                })
                .collect();
            (docs, part)
        };
        let (docs, body) = if entries.len() >= PARALLEL_FROM {
            let half = entries.len() / 2;
            let (first, second) = entries.split_at(half);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| build(0, first));
                let (mine, mine_part) = build(half, second);
                let (mut docs, part) = other
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                docs.extend(mine);
                (docs, BodyIndex::merge(vec![part, mine_part]))
            })
        } else {
            let (docs, part) = build(0, &entries);
            (docs, BodyIndex::merge(vec![part]))
        };
        let (mut docs, strings) = Strings::pack(docs);
        let mut by_code: Vec<usize> = (0..docs.len()).collect();
        by_code.sort_by(|&a, &b| strings.code(&docs[a]).cmp(strings.code(&docs[b])));
        let mut code_rank = vec![0; docs.len()];
        for (rank, entry) in by_code.into_iter().enumerate() {
            code_rank[entry] = rank as u32;
        }
        let mut titles = String::new();
        let mut title_ends = Vec::with_capacity(entries.len());
        // Each title is folded once, here, for the arena and its mask.
        for (doc, entry) in docs.iter_mut().zip(&entries) {
            let title = fold(&entry.title);
            doc.title_mask = char_mask(&title);
            titles.push_str(&title);
            title_ends.push(titles.len() as u32);
        }
        SearchIndex::from_parts(docs, strings, titles, title_ends, body, code_rank)
    }

    fn from_parts(
        docs: Vec<Doc>,
        strings: Strings,
        titles: String,
        title_ends: Vec<u32>,
        body: BodyIndex,
        code_rank: Vec<u32>,
    ) -> SearchIndex {
        SearchIndex {
            docs,
            strings,
            titles,
            title_ends,
            body,
            remembered: Default::default(),
            code_rank,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Writes the index for the content cache.
    pub(crate) fn encode(&self, out: &mut Writer) {
        // Fixed-size records, then the strings they point into: read back
        // without an allocation per entry.
        out.u32(self.docs.len() as u32);
        let span = |out: &mut Writer, span: Span| {
            out.u32(span.start);
            out.u32(span.len);
        };
        for doc in &self.docs {
            span(out, doc.code);
            out.u64(doc.title_mask);
            span(out, doc.modifiers);
            out.u64(doc.modifier_mask);
            span(out, doc.payers);
            span(out, doc.site);
            out.u8(doc.note_kinds);
            out.u64(doc.body_first_chars);
            out.u8(doc.longest_modifier_code);
        }
        out.str(self.strings.get(Span {
            start: 0,
            len: self.strings.text_len() as u32,
        }));
        out.u32(self.strings.modifiers.len() as u32);
        for [code, description] in &self.strings.modifiers {
            span(out, *code);
            span(out, *description);
        }
        out.str(&self.titles);
        out.u32s(&self.title_ends);
        out.u32s(&self.code_rank);
        // Words with their counts, then every posting in one run, so a
        // cache reader can leave the postings where they are.
        out.u32(self.body.words.len() as u32);
        let mut total = 0u64;
        for (i, word) in self.body.words.iter().enumerate() {
            out.str(word);
            let count = self.body.postings.len(i);
            out.u32(count as u32);
            total += count as u64;
        }
        out.u64(total * 4);
        out.bytes.reserve(total as usize * 4);
        for i in 0..self.body.words.len() {
            self.body
                .postings
                .for_each(i, |n| out.bytes.extend_from_slice(&n.to_le_bytes()));
        }
    }

    /// Reads an index `encode` wrote, checking whatever could otherwise make
    /// a search fail.
    /// The body postings stay in `bytes`, which `r` reads.
    pub(crate) fn decode(r: &mut Reader, bytes: &Bytes) -> Result<SearchIndex, Corrupt> {
        let count = r.count(DOC_RECORD)?;
        let records = r.take(count * DOC_RECORD)?;
        // The records are read on a second thread while the rest is: on a
        // large set each takes milliseconds, and a search from the cache
        // waits for both.
        std::thread::scope(|scope| {
            let reading = scope.spawn(|| read_docs(records));
            let rest = SearchIndex::decode_rest(r, bytes);
            let docs = reading
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            let rest = rest?;
            SearchIndex::check_docs(&docs, &rest)?;
            Ok(SearchIndex::from_parts(
                docs,
                rest.strings,
                rest.titles,
                rest.title_ends,
                rest.body,
                rest.code_rank,
            ))
        })
    }

    /// What an index `encode` wrote holds after its docs.
    fn decode_rest(r: &mut Reader, bytes: &Bytes) -> Result<AfterDocs, Corrupt> {
        let corrupt = |what: &str| Corrupt(format!("its index has {what}"));
        fn span(r: &mut Reader) -> Result<Span, Corrupt> {
            Ok(Span {
                start: r.u32()?,
                len: r.u32()?,
            })
        }
        let text_len = r.u32()? as usize;
        let text_start = r.offset();
        r.take(text_len)?;
        let modifiers = r.count(16)?;
        let mut modifier_spans = Vec::with_capacity(modifiers);
        for _ in 0..modifiers {
            modifier_spans.push([span(r)?, span(r)?]);
        }
        let fits = |span: &Span| span.end() <= text_len;
        if !modifier_spans.iter().flatten().all(fits) {
            return Err(corrupt("a string out of place"));
        }
        let strings = Strings {
            text: Text::InCache {
                bytes: Arc::clone(bytes),
                start: text_start,
                len: text_len,
            },
            modifiers: modifier_spans,
        };
        let titles = r.str()?.to_owned();
        let title_ends = r.u32s()?;
        let mut start = 0;
        for &end in &title_ends {
            let end = end as usize;
            if end < start || !titles.is_char_boundary(end) {
                return Err(corrupt("a title out of place"));
            }
            start = end;
        }
        let code_rank = r.u32s()?;
        let count = r.count(8)?;
        let mut text = Vec::new();
        let mut ends = Vec::with_capacity(count);
        let mut counts = Vec::with_capacity(count);
        for _ in 0..count {
            let length = r.u32()? as usize;
            text.extend_from_slice(r.take(length)?);
            ends.push(text.len() as u32);
            counts.push(r.u32()?);
        }
        // Read as text once, all words together; then each must end where
        // a character does.
        let text = String::from_utf8(text).map_err(|_| Corrupt("a text is not UTF-8".into()))?;
        if !ends.iter().all(|&end| text.is_char_boundary(end as usize)) {
            return Err(corrupt("a word out of place"));
        }
        let words = BodyWords { text, ends };
        if !words.iter().is_sorted() {
            return Err(corrupt("its words out of order"));
        }
        let length = r.u64()?;
        let total: u64 = counts.iter().map(|&n| u64::from(n) * 4).sum();
        if length != total {
            return Err(corrupt("postings of the wrong length"));
        }
        let mut start = r.offset();
        r.take(usize::try_from(length).map_err(|_| corrupt("too many postings"))?)?;
        let spans = counts
            .into_iter()
            .map(|n| {
                let span = (start, n);
                start += n as usize * 4;
                span
            })
            .collect();
        let body = BodyIndex {
            words,
            postings: Postings::InCache {
                bytes: Arc::clone(bytes),
                spans,
            },
        };
        Ok(AfterDocs {
            strings,
            titles,
            title_ends,
            body,
            code_rank,
        })
    }

    /// Whether the docs read fit the rest of the index.
    fn check_docs(docs: &[Doc], rest: &AfterDocs) -> Result<(), Corrupt> {
        let AfterDocs {
            strings,
            titles,
            title_ends,
            code_rank,
            ..
        } = rest;
        let corrupt = |what: &str| Corrupt(format!("its index has {what}"));
        let count = docs.len();
        let (text_len, modifiers) = (strings.text_len(), strings.modifiers.len());
        let fits = |span: &Span| span.end() <= text_len;
        if !docs.iter().all(|doc| {
            fits(&doc.code)
                && fits(&doc.payers)
                && fits(&doc.site)
                && doc.modifiers.end() <= modifiers
        }) {
            return Err(corrupt("a string out of place"));
        }
        if title_ends.len() != count
            || title_ends
                .last()
                .is_some_and(|&end| end as usize != titles.len())
            || code_rank.len() != count
            || code_rank.iter().any(|&rank| rank as usize >= count)
        {
            return Err(corrupt("the wrong number of titles or codes"));
        }
        Ok(())
    }

    fn title(&self, entry: usize) -> &str {
        let start = entry
            .checked_sub(1)
            .map_or(0, |previous| self.title_ends[previous] as usize);
        &self.titles[start..self.title_ends[entry] as usize]
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// For a query that finds nothing, the query with each misspelt word
    /// (`genicluar`, `abalation`: a word of five letters or more that no
    /// word of the content starts with) put right, as the nearest word the
    /// content has; `None` where no such query finds anything. A fuzzy
    /// match finds a word with letters left out already, but not one with
    /// a letter swapped, doubled or wrong. A word one letter off is a slip;
    /// two off is as likely another word (`medicaid` is not `medicare`,
    /// `unilateral` not `bilateral`), so it is left as typed.
    pub fn suggestion(&self, query: &str) -> Option<String> {
        let mut changed = false;
        let mut put_right = |word: &str| -> String {
            let plain = word.chars().count() >= 5 && word.chars().all(char::is_alphabetic);
            // Looked for only for a word the content has none like: a
            // look means going through every word it has.
            if !plain || self.body.starts_a_word(word) {
                return word.to_owned();
            }
            // A title's word first: the words a coder looks for most, some
            // of them (`genicular`, in a large set) in no body text.
            let nearest = self.nearest_title_word(word).or_else(|| {
                self.body
                    .nearest_word(word, |candidate| {
                        (0..self.docs.len()).any(|i| word_start_in(self.title(i), candidate))
                    })
                    .map(str::to_owned)
            });
            match nearest {
                Some(nearest) => {
                    changed = true;
                    nearest
                }
                None => word.to_owned(),
            }
        };
        // A payer or site misspelt after its filter (`payer:anthm`): put
        // right to a word the set's payers or sites have.
        let value_put_right = |token: &str| -> Option<String> {
            let (name, value) = token.split_once(':')?;
            let field = match name {
                "payer" => |doc: &Doc| doc.payers,
                "site" => |doc: &Doc| doc.site,
                _ => return None,
            };
            if value.chars().count() < 5 || !value.chars().all(char::is_alphabetic) {
                return None;
            }
            let mut words: Vec<&str> = self
                .docs
                .iter()
                .flat_map(|doc| {
                    self.strings
                        .get(field(doc))
                        .split(|c: char| !c.is_alphanumeric())
                })
                .filter(|word| !word.is_empty())
                .collect();
            words.sort_unstable();
            words.dedup();
            if words.iter().any(|word| word.starts_with(value)) {
                return None;
            }
            let nearest = words
                .into_iter()
                .find(|word| strsim::osa_distance(word, value) == 1)?;
            Some(format!("{name}:{nearest}"))
        };
        let mut words: Vec<String> = Vec::new();
        let mut value_changed = false;
        for token in tokens(query) {
            // A kind of note searched for as a word (`errata`): its label
            // is not in its text, so the filter is what finds it.
            if let Some(kind) = note_kind_named(&token.to_lowercase()) {
                words.push(format!("kind:{kind}"));
                value_changed = true;
                continue;
            }
            if let Some(value) = value_put_right(&token) {
                words.push(value);
                value_changed = true;
                continue;
            }
            // Each word of words joined by hyphens (`genicluar-nerve`) too.
            words.push(
                token
                    .split('-')
                    .map(&mut put_right)
                    .collect::<Vec<_>>()
                    .join("-"),
            );
        }
        let suggested = words.join(" ");
        ((changed || value_changed) && !self.search(&suggested).is_empty()).then_some(suggested)
    }

    /// The word of a title one letter off `word` (folded), sharing the
    /// longest start with it, then the most titles', then the first in
    /// alphabetical order; none where a title word starts with `word`.
    fn nearest_title_word(&self, word: &str) -> Option<String> {
        let length = word.chars().count();
        let mut counts: rustc_hash::FxHashMap<&str, usize> = Default::default();
        for entry in 0..self.docs.len() {
            for candidate in words(self.title(entry)) {
                if candidate.starts_with(word) {
                    return None;
                }
                if candidate.chars().count().abs_diff(length) <= 1
                    && candidate.chars().all(char::is_alphabetic)
                {
                    *counts.entry(candidate).or_default() += 1;
                }
            }
        }
        let shared_start = |other: &str| {
            word.chars()
                .zip(other.chars())
                .take_while(|(a, b)| a == b)
                .count()
        };
        counts
            .into_iter()
            .filter(|(candidate, _)| strsim::osa_distance(word, candidate) == 1)
            .min_by_key(|&(candidate, count)| {
                (
                    std::cmp::Reverse(shared_start(candidate)),
                    std::cmp::Reverse(count),
                    candidate,
                )
            })
            .map(|(candidate, _)| candidate.to_owned())
    }

    /// `suggestion` for `query` when its `hits` are none; else none.
    pub fn suggestion_for(&self, query: &str, hits: &[Hit]) -> Option<String> {
        if hits.is_empty() {
            self.suggestion(query)
                .or_else(|| self.diagnosis_widened(&Query::parse(query)))
                .or_else(|| self.filter_as_words(query))
        } else {
            None
        }
    }

    /// For a query that is one `payer:` or `site:` filter no entry matches
    /// (`payer:aetna`), its value as words where the text names it: what
    /// Enter searches for instead, as the no-match note says.
    fn filter_as_words(&self, query: &str) -> Option<String> {
        let (name, value) = query.trim().split_once(':')?;
        let value = value.trim_matches(['"', '\'']).trim();
        let words = matches!(name.to_ascii_lowercase().as_str(), "payer" | "site")
            && !value.is_empty()
            && !value.contains(char::is_whitespace)
            && !self.search(value).is_empty();
        words.then(|| value.to_owned())
    }

    /// How many entries list diagnosis codes of `category` (`M54`) in
    /// their diagnosis table: read off that field's postings, not by a
    /// whole search, since it is asked at a keystroke that found nothing.
    pub fn entries_listing_category(&self, category: &str) -> usize {
        self.body
            .scores_in(&fold(category), self.docs.len(), Field::Diagnoses)
            .iter()
            .filter(|&&score| score > 0)
            .count()
    }

    /// For a query that is one diagnosis code and found nothing (`M54.50`),
    /// its category (`M54`) where an entry lists codes of it: what Enter
    /// searches for instead, as the no-match note offers.
    fn diagnosis_widened(&self, query: &Query) -> Option<String> {
        query.only_word()?;
        let code = query.dotted_diagnoses().next()?;
        let category = code.split('.').next()?;
        (self.entries_listing_category(category) > 0).then(|| category.to_owned())
    }

    /// Ranked hits for `query`, best first. An empty query lists every entry
    /// in code order.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.search_query(&Query::parse(query), None)
    }

    /// Ranked hits for `query`, looking only at `within` when given (the
    /// hits of a query this one narrows).
    pub fn search_query(&self, query: &Query, within: Option<&[Hit]>) -> Vec<Hit> {
        let within = within.map_or(Within::All, Within::Hits);
        self.search_within(query, within).0
    }

    /// Ranked hits for `query` among the entries `within` names, and what
    /// they leave for the next keystroke, in entry order.
    fn search_within(&self, query: &Query, within: Within) -> (Vec<Hit>, Vec<Memo>) {
        let body: Vec<Arc<Vec<u16>>> = query
            .words
            .iter()
            .map(|word| self.body_scores_remembered(word))
            .collect();
        let known: Vec<bool> = query
            .words
            .iter()
            .map(|word| self.body.has_word(&word.folded))
            .collect();
        let matching = &Matching {
            query,
            body: &body,
            known: &known,
        };
        // In entry order, so the entries are read front to back rather
        // than in the previous ranking's order.
        let (mut hits, memo) = match within {
            Within::Built(memo, previous) => {
                let reuse = query.reuse_of(previous);
                self.match_all(matching, memo, |m| {
                    (m.entry as usize, Given::from(m, reuse))
                })
            }
            Within::Hits(hits) => {
                let mut entries: Vec<usize> = hits.iter().map(|h| h.entry).collect();
                entries.sort_unstable();
                self.match_all(matching, &entries, |&entry| (entry, Given::NOTHING))
            }
            Within::All => {
                let entries: Vec<usize> = (0..self.docs.len()).collect();
                self.match_all(matching, &entries, |&entry| (entry, Given::NOTHING))
            }
        };
        self.sort(&mut hits);
        // The fuzzy matcher's score is too dear to compute for every entry
        // of a large set, so entries are first ranked with a quick estimate;
        // the fuzzy matcher then scores the top of the list, which is all
        // anyone reads, and puts it in its final order.
        let top = rescored_top(&hits);
        for hit in &mut hits[..top] {
            if let Some((precise, _)) =
                self.match_doc(hit.entry, Given::NOTHING, matching, Scorer::Precise)
            {
                *hit = precise;
            }
        }
        self.sort(&mut hits[..top]);
        self.put_pasted_codes_first(query, &mut hits);
        (hits, memo)
    }

    /// Codes pasted together from a claim (`64633 64624`) are each looked
    /// up: every code's own entry first, in the order typed, then the
    /// entries that mention them all, which the words alone would find.
    /// (The entries added match the query less than the rest, so a longer
    /// query, searched among these hits, still finds all it should.)
    /// So too while the next code is typed (`64624 6463`): the codes
    /// before it keep their entries first.
    fn put_pasted_codes_first(&self, query: &Query, hits: &mut Vec<Hit>) {
        let codes: Vec<&str> = query.whole_codes().collect();
        let next_typed = query.words.split_last().is_some_and(|(last, before)| {
            last.code_like
                && last.upper.len() < 5
                && !before.is_empty()
                && before.len() == codes.len()
        });
        let pasted = codes.len() >= 2 && codes.len() == query.words.len();
        if !(pasted || next_typed) || !query.filters.is_empty() {
            return;
        }
        let mut own = Vec::new();
        for code in codes {
            let Some(entry) =
                (0..self.docs.len()).find(|&entry| self.strings.code(&self.docs[entry]) == code)
            else {
                continue;
            };
            if own.iter().any(|hit: &Hit| hit.entry == entry) {
                continue;
            }
            hits.retain(|hit| hit.entry != entry);
            own.push(Hit {
                entry,
                score: EXACT_CODE,
                field: Field::Code,
                item: 0,
            });
        }
        hits.splice(0..0, own);
    }

    /// Best score first, then code order. Keys are packed into one number
    /// first, so the sort compares integers instead of looking up ranks.
    fn sort(&self, hits: &mut [Hit]) {
        let mut keys: Vec<(u64, u32)> = hits
            .iter()
            .enumerate()
            .map(|(i, hit)| {
                let score = u64::try_from(hit.score.max(0))
                    .unwrap_or(0)
                    .min((1 << 40) - 1);
                let rank = u64::from(self.code_rank[hit.entry]);
                (
                    ((1u64 << 40) - 1 - score) << 24 | rank.min((1 << 24) - 1),
                    i as u32,
                )
            })
            .collect();
        keys.sort_unstable();
        let sorted: Vec<Hit> = keys.iter().map(|&(_, i)| hits[i as usize]).collect();
        hits.copy_from_slice(&sorted);
    }

    fn body_scores_remembered(&self, word: &Word) -> Arc<Vec<u16>> {
        let mut remembered = self
            .remembered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, scores)) = remembered.iter().find(|(w, _)| *w == word.folded) {
            return Arc::clone(scores);
        }
        let scores = Arc::new(self.body_scores(word));
        if remembered.len() >= REMEMBERED_WORDS {
            remembered.remove(0);
        }
        remembered.push((word.folded.clone(), Arc::clone(&scores)));
        scores
    }

    /// Body scores of `word` for every entry. A word with characters other
    /// than letters and digits ("non-radicular") matches where each of its
    /// parts starts a word.
    fn body_scores(&self, word: &Word) -> Vec<u16> {
        if word.chars < BODY_WORD_MIN {
            return vec![0; self.docs.len()];
        }
        // The index holds an abbreviation where its meaning is written out,
        // as well as where it is itself: as a whole word, either way.
        if word.is_abbreviation() {
            let short = word.forms.first().and_then(|form| form.first());
            let short = short.map_or(word.folded.as_str(), |short| &**short);
            let mut scores = self.body.scores_of(short, self.docs.len(), true);
            let meant = self
                .body
                .scores_of(&format!("{MEANT}{short}"), self.docs.len(), true);
            for (score, meant) in scores.iter_mut().zip(meant) {
                *score = (*score).max(meant);
            }
            return scores;
        }
        // A diagnosis code with its dot is one word of the index, not its
        // parts found apart.
        let dotted = word.folded.contains('.') && crate::model::is_icd10_code(&word.upper);
        let mut parts = words(if dotted { "" } else { &word.folded });
        let first = if dotted {
            Some(word.folded.as_str())
        } else {
            parts.next()
        };
        let Some(first) = first else {
            return vec![0; self.docs.len()];
        };
        let mut scores = self.body.scores(first, self.docs.len());
        // `mortons` or `blocks` typed for "Morton's" or "block": a plural
        // or a possessive without its apostrophe finds the word itself.
        // (The word without its `s` starts every word `mortons` does, so
        // a longer word still finds only what a shorter one did.)
        if let Some(stem) = plural_stem(&word.folded) {
            let stems = self.body.scores_of(stem, self.docs.len(), true);
            for (score, stem) in scores.iter_mut().zip(stems) {
                *score = (*score).max(stem);
            }
        }
        // The `s` of a possessive (`medicare's`) is no word to find: the
        // text may well write the word without it.
        let possessive = possessive_base(&word.folded).is_some();
        // `add-ons` typed for "add-on": the last word's `s` may be the
        // plural's. (It finds no entry `add-on` did not.)
        let plural_last = hyphened_plural_stem(&word.folded).and_then(|stem| stem.rsplit_once('-'));
        let mut parts = parts.peekable();
        while let Some(part) = parts.next() {
            if possessive && part == "s" {
                continue;
            }
            let mut more = self.body.scores(part, self.docs.len());
            if let Some((_, last)) = plural_last.filter(|_| parts.peek().is_none()) {
                let whole = self.body.scores_of(last, self.docs.len(), true);
                for (score, whole) in more.iter_mut().zip(whole) {
                    *score = (*score).max(whole);
                }
            }
            for (score, other) in scores.iter_mut().zip(more) {
                *score = if other == 0 { 0 } else { (*score).min(other) };
            }
        }
        // Words joined by a hyphen (`add-on`) rank where the text joins
        // them too ("add-on", "addon") above where it has them apart ("add
        // the modifier … on"), whatever the fields: the index holds each
        // hyphened pair of the text as one word as well.
        if word.spaced.is_some() {
            let joined = word.joined();
            let mut together = self.body.scores(&joined, self.docs.len());
            if let Some(stem) = hyphened_plural_stem(&word.folded) {
                let stem: String = stem.split('-').collect();
                let whole = self.body.scores_of(&stem, self.docs.len(), true);
                for (score, whole) in together.iter_mut().zip(whole) {
                    *score = (*score).max(whole);
                }
            }
            for (score, together) in scores.iter_mut().zip(together) {
                if together > 0 {
                    *score = (*score).max(together + JOINED);
                }
            }
        }
        // A diagnosis code typed with its dot (`M47.812`), as the table
        // prints it, or its category alone (`M47`), is found in the table
        // (which holds it without the dot too) rather than in the scenario
        // or a note that also names it.
        if crate::model::is_icd10_code(&word.upper) {
            let listed = self.body.scores_in(
                &word.folded.replace('.', ""),
                self.docs.len(),
                Field::Diagnoses,
            );
            for (score, listed) in scores.iter_mut().zip(listed) {
                if listed > 0 {
                    *score = listed;
                }
            }
        }
        scores
    }

    /// The hits among `candidates`, each an entry and what its previous
    /// hit gives (`candidate`), in their order; on both cores when they are
    /// many.
    fn match_all<T: Sync>(
        &self,
        query: &Matching,
        candidates: &[T],
        candidate: impl Fn(&T) -> (usize, Given) + Sync,
    ) -> (Vec<Hit>, Vec<Memo>) {
        let match_some = |some: &[T]| -> (Vec<Hit>, Vec<Memo>) {
            some.iter()
                .filter_map(|item| {
                    let (entry, given) = candidate(item);
                    self.match_doc(entry, given, query, Scorer::Quick)
                })
                .unzip()
        };
        if candidates.len() < PARALLEL_FROM {
            return match_some(candidates);
        }
        let (first, second) = candidates.split_at(candidates.len() / 2);
        std::thread::scope(|scope| {
            let other = scope.spawn(|| match_some(second));
            let (mut hits, mut memo) = match_some(first);
            let (more_hits, more_memo) = other
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            hits.extend(more_hits);
            memo.extend(more_memo);
            (hits, memo)
        })
    }

    /// The hit of `entry`, if any, building on what its previous hit
    /// gives, and what it leaves for the next keystroke.
    fn match_doc(
        &self,
        entry: usize,
        given: Given,
        matching: &Matching,
        scorer: Scorer,
    ) -> Option<(Hit, Memo)> {
        let query = matching.query;
        let doc = &self.docs[entry];
        if !query
            .filters
            .iter()
            .all(|f| filter_holds(&self.strings, doc, f))
        {
            return None;
        }
        if query.words.is_empty() {
            // Found by filters alone: the first one says where.
            let (field, item) = match query.filters.first() {
                Some(Filter::Modifier(prefix)) => (
                    Field::Modifier,
                    self.strings
                        .modifier_codes(doc)
                        .position(|code| code.starts_with(prefix.as_str()))
                        .unwrap_or(0),
                ),
                Some(Filter::Payer(..)) => (Field::Payers, 0),
                Some(Filter::Site(..)) => (Field::Billing, 0),
                Some(Filter::NoteKind(_)) => (Field::Notes, 0),
                Some(Filter::CodeRange(..) | Filter::CodePrefix(_)) | None => (Field::Code, 0),
            };
            let hit = Hit {
                entry,
                score: 0,
                field,
                item,
            };
            return Some((hit, Memo::new(entry, false, Partial::NONE, Partial::NONE)));
        }
        let last = query.words.len() - 1;
        let (mut earlier, from) = match given.earlier {
            Some(earlier) => (earlier, last),
            None => (Partial::NONE, 0),
        };
        let match_word = |i: usize| {
            let (word, body) = (&query.words[i], matching.body[i][entry]);
            let known = matching.known[i];
            self.match_word(doc, self.title(entry), word, body, known, scorer)
        };
        for i in from..last {
            earlier = earlier.and(&match_word(i)?);
        }
        let found = if given.body_only {
            body_match(&query.words[last], matching.body[last][entry])?
        } else {
            match_word(last)?
        };
        let all = earlier.and(&found);
        let hit = Hit {
            entry,
            score: all.score,
            field: all.field,
            item: all.item as usize,
        };
        Some((hit, Memo::new(entry, found.body_only, all, earlier)))
    }

    /// The best match of one word in one entry, if any.
    fn match_word(
        &self,
        doc: &Doc,
        title: &str,
        word: &Word,
        body: u16,
        known: bool,
        scorer: Scorer,
    ) -> Option<WordMatch> {
        let hit = |score, field, item| {
            Some(WordMatch {
                score,
                field,
                item,
                body_only: false,
            })
        };
        let code = self.strings.code(doc);
        // Exact also where the code is of no CPT shape (`1000X`, which
        // `check` reports): listed and shown, it is found by it too.
        if code == word.upper {
            return hit(EXACT_CODE, Field::Code, 0);
        }
        if word.code_like && code.starts_with(&word.upper) {
            return hit(CODE_PREFIX, Field::Code, 0);
        }
        // Modifier codes are a few characters: a longer word cannot be one,
        // and the codes need not be read.
        if word.upper.len() <= usize::from(doc.longest_modifier_code) {
            let mut codes = self.strings.modifier_codes(doc);
            if let Some(item) = codes.position(|c| c == word.upper) {
                return hit(MODIFIER_CODE, Field::Modifier, item);
            }
            if let Some(item) = self
                .strings
                .modifier_codes(doc)
                .position(|c| c.starts_with(&word.upper))
            {
                return hit(MODIFIER_CODE_PREFIX, Field::Modifier, item);
            }
        }
        // A title that lacks a letter of the word has it neither whole nor
        // joined by a hyphen: most titles of a large set, told by their
        // masks without reading them.
        let has_letters = word.mask & !doc.title_mask == 0;
        let in_title = if word.is_abbreviation() {
            word.forms_in(title).next().is_some()
        } else {
            has_letters
                && (word_start_in(title, &word.folded)
                    || word
                        .spaced
                        .as_ref()
                        .is_some_and(|spaced| word_start_in(title, spaced))
                    // `followup` for a title's "follow-up", as in the body.
                    || hyphen_joined_in(title, &word.folded))
                // `knees` for a title's "knee", as in the body.
                || plural_stem(&word.folded).is_some_and(|stem| whole_word_in(title, stem))
                // `knee's` for a title's "knee", as the body finds it.
                || possessive_base(&word.folded).is_some_and(|base| word_start_in(title, base))
                // `add-ons` for a title's "add-on", as the body finds it.
                || hyphened_plural_in(title, &word.folded)
        };
        if in_title {
            return hit(TITLE_WORD, Field::Title, 0);
        }
        let covers = |mask: u64| word.mask & !mask == 0;
        let in_order = |text: &str, pattern: &str| match scorer {
            Scorer::Quick => quick_fuzzy_score(text, pattern),
            Scorer::Precise => self.matcher.fuzzy_match(text, pattern),
        };
        let fuzzy = |text: &str, pattern: &str| {
            in_order(text, pattern).filter(|_| close_enough(text, pattern))
        };
        // An abbreviation's letters strewn through a title or description
        // say nothing: it matches where it or its meaning is written. Nor
        // do one or two letters' (`tc` in "thoracic"): see `FUZZY_MIN`.
        let fuzzy_too = !word.is_abbreviation() && word.chars >= FUZZY_MIN;
        // A word the text has as a word (`pain`) means that word: its
        // letters strewn through a title ("percutaneous ankle, initial")
        // rank below it in the body, kept for last; a word the text does
        // not have (`gencl`) is an abbreviation, and a title is where it
        // is looked for.
        let mut strewn = None;
        if fuzzy_too
            && covers(doc.title_mask)
            && let Some(score) = fuzzy(title, &word.folded)
        {
            if !known {
                return hit(TITLE + score.clamp(0, FUZZY_CAP), Field::Title, 0);
            }
            strewn = Some((score, Field::Title, 0));
        }
        // Letters strewn through a description (`spine` in "Separate
        // practitioner") rank below a word of the body text too. A word of
        // the description that the query word starts is ranked with the
        // descriptions.
        if fuzzy_too && covers(doc.modifier_mask) {
            let best = self
                .strings
                .modifier_descriptions(doc)
                .enumerate()
                .filter_map(|(i, d)| {
                    let score = fuzzy(d, &word.folded)?;
                    let word_start = word_start_in(d, &word.folded)
                        || hyphen_joined_in(d, &word.folded)
                        || hyphened_plural_in(d, &word.folded);
                    Some((word_start, score, i))
                })
                .max_by_key(|(word_start, score, _)| (*word_start, *score));
            match best {
                Some((true, score, item)) => {
                    return hit(
                        MODIFIER_DESCRIPTION + score.clamp(0, FUZZY_CAP),
                        Field::ModifierDescription,
                        item,
                    );
                }
                Some((false, score, item)) if strewn.is_none() => {
                    strewn = Some((score, Field::ModifierDescription, item));
                }
                _ => {}
            }
        }
        // Codes have no words: the gap rule is for prose, and `4624` may
        // well mean 64624. Not two digits (`24`, `46`): those are in most
        // codes, and more likely a number in the text (POS 24).
        // The digits unbroken (`4624` in 64624, as a code's end is often
        // what is remembered) before digits strewn through a code (40624):
        // ends first.
        if word.code_like && word.chars >= FUZZY_MIN && code.contains(&word.upper) {
            let unbroken = CODE_FUZZY + FUZZY_CAP + 1 + i64::from(code.ends_with(&word.upper));
            return hit(unbroken, Field::CodeDigits, 0);
        }
        if word.code_like
            && word.chars >= FUZZY_MIN
            && let Some(score) = in_order(code, &word.upper)
        {
            return hit(CODE_FUZZY + score.clamp(0, FUZZY_CAP), Field::CodeDigits, 0);
        }
        if word.chars < BODY_WORD_MIN {
            // One letter: any body word starting with it will do. Kept so
            // that a word only ever narrows its matches as it grows.
            let first = word.folded.chars().next().map_or(0, char_bit);
            return (first != 0 && doc.body_first_chars & first == first).then_some(WordMatch {
                score: BODY,
                field: Field::Summary,
                item: 0,
                body_only: false,
            });
        }
        match (body_match(word, body), strewn) {
            // Not body alone: a longer word may match the description still.
            (Some(found), Some(_)) => Some(WordMatch {
                body_only: false,
                ..found
            }),
            (Some(found), None) => Some(found),
            (None, Some((score, field, item))) => {
                hit(STREWN + score.clamp(0, BODY - STREWN - 1), field, item)
            }
            (None, None) => None,
        }
    }

    /// Character ranges to highlight in the text of `hit.field` (see
    /// `field_text`) for `query`. Meant for the rows on screen: it redoes the
    /// matching for one field of one entry.
    pub fn highlight(&self, entry: &Entry, hit: &Hit, query: &str) -> Vec<Range<usize>> {
        self.highlight_in(&field_text(entry, hit.field, hit.item), hit.field, query)
    }

    /// Character ranges to highlight in `text`, the text of `field`, for
    /// `query`: for callers that have the field's text without the entry.
    pub fn highlight_in(&self, text: &str, field: Field, query: &str) -> Vec<Range<usize>> {
        self.highlight_in_parsed(text, field, &Query::parse(query))
    }

    /// `highlight_in`, for a query parsed once for many texts (the rows
    /// of a frame).
    pub fn highlight_in_parsed(
        &self,
        text: &str,
        field: Field,
        query: &Query,
    ) -> Vec<Range<usize>> {
        let text = fold(text);
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for word in &query.words {
            match field {
                Field::Code | Field::Modifier => {
                    if text.to_ascii_uppercase().starts_with(&word.upper) {
                        ranges.push(0..word.chars);
                    }
                }
                Field::CodeDigits => {
                    if let Some((_, indices)) = self.matcher.fuzzy_indices(&text, &word.folded) {
                        ranges.extend(indices.into_iter().map(|i| i..i + 1));
                    }
                }
                _ if word.is_abbreviation() => ranges.extend(forms_ranges(&text, word)),
                Field::Title | Field::ModifierDescription => {
                    let mut starts = word_start_ranges(&text, &word.folded);
                    if starts.is_empty()
                        && let Some(spaced) = &word.spaced
                    {
                        starts = word_start_ranges(&text, spaced);
                    }
                    if starts.is_empty()
                        && let Some(stem) = plural_stem(&word.folded)
                    {
                        starts = whole_word_ranges(&text, stem, false);
                    }
                    if starts.is_empty() {
                        starts = hyphen_joined_ranges(&text, &word.folded);
                    }
                    if starts.is_empty()
                        && let Some(stem) = hyphened_plural_stem(&word.folded)
                    {
                        starts = whole_word_ranges(&text, stem, false);
                        if starts.is_empty() {
                            starts = whole_word_ranges(&text, &stem.replace('-', " "), false);
                        }
                    }
                    if starts.is_empty()
                        && let Some(base) = possessive_base(&word.folded)
                    {
                        starts = word_start_ranges(&text, base);
                    }
                    if let Some(first) = starts.into_iter().next() {
                        ranges.push(first);
                    } else if word.chars >= FUZZY_MIN
                        && close_enough(&text, &word.folded)
                        && let Some((_, indices)) = self.matcher.fuzzy_indices(&text, &word.folded)
                    {
                        // Only where the word matched the title: a word
                        // found in the body (`the`) marks no letters
                        // strewn through it ("ano-the-r").
                        ranges.extend(indices.into_iter().map(|i| i..i + 1));
                    }
                }
                Field::Summary
                | Field::Billing
                | Field::Scenario
                | Field::Diagnoses
                | Field::Related
                | Field::Notes
                | Field::Payers => {
                    ranges.extend(word_start_ranges(&text, &word.folded));
                    if let Some(spaced) = &word.spaced {
                        ranges.extend(word_start_ranges(&text, spaced));
                    }
                }
            }
        }
        ranges.sort_by_key(|r| r.start);
        merge(ranges)
    }

    /// The characters a code near another shares with it from the start,
    /// at least: `64` for 64635 and 64633.
    const NEAR_SHARES: usize = 2;

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
        let shared = |c: &str| {
            c.chars()
                .zip(wanted.chars())
                .take_while(|(a, b)| a == b)
                .count()
        };
        // A code of another range (99213 beside nerve destruction codes) is
        // near none of them, however close its number.
        let mut codes: Vec<&str> = self
            .docs
            .iter()
            .map(|d| self.strings.code(d))
            .filter(|c| shared(c) >= Self::NEAR_SHARES)
            .collect();
        codes.sort_by_key(|c| {
            (
                std::cmp::Reverse(shared(c)),
                (number(c) - number(&wanted)).abs(),
                c.to_string(),
            )
        });
        codes.into_iter().take(count).map(str::to_owned).collect()
    }
}

fn filter_holds(strings: &Strings, doc: &Doc, filter: &Filter) -> bool {
    match filter {
        Filter::Modifier(code) => strings
            .modifier_codes(doc)
            .any(|c| c.starts_with(code.as_str())),
        Filter::Payer(name, abbreviation) => {
            let payers = strings.get(doc.payers);
            // `payer:"blue cross"` finds "BlueCross" too: payers write
            // their names both ways.
            payers.contains(name.as_str())
                || (name.contains(' ') && contains_spaces_aside(payers, name))
                || abbreviation
                    .as_ref()
                    .is_some_and(|word| word.forms_in(payers).next().is_some())
        }
        Filter::Site(place, abbreviation) => {
            let site = strings.get(doc.site);
            match abbreviation {
                Some(word) => word.forms_in(site).next().is_some(),
                None => site.contains(place.as_str()),
            }
        }
        Filter::NoteKind(kind) => NOTE_KINDS
            .iter()
            .any(|(name, bit)| name.starts_with(kind.as_str()) && doc.note_kinds & bit != 0),
        Filter::CodeRange(low, high) => {
            let code = strings.code(doc);
            code.len() == 5
                && low.as_str() <= code
                && (code <= high.as_str() || code.starts_with(high.as_str()))
        }
        Filter::CodePrefix(prefix) => strings.code(doc).starts_with(prefix.as_str()),
    }
}

/// Whether `text` holds `wanted` with the spaces of both left out
/// ("bluecross" holds "blue cross"), without building either so: a filter
/// is tested on every entry at each keystroke.
fn contains_spaces_aside(text: &str, wanted: &str) -> bool {
    fn unspaced(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
        s.char_indices().filter(|&(_, c)| c != ' ')
    }
    let Some((_, first)) = unspaced(wanted).next() else {
        return true;
    };
    unspaced(text).filter(|&(_, c)| c == first).any(|(at, _)| {
        let mut rest = unspaced(&text[at..]).map(|(_, c)| c);
        unspaced(wanted).all(|(_, c)| rest.next() == Some(c))
    })
}

/// Whether a word of `text` starts with `word`.
fn word_start_in(text: &str, word: &str) -> bool {
    if word.is_ascii() {
        // The common case, on the hot path: a byte walk beats setting up a
        // substring search for every entry. It holds while the text is
        // ASCII, which it learns on the way, rather than in a walk of its
        // own first.
        let (bytes, wanted) = (text.as_bytes(), word.as_bytes());
        let Some((&first, _)) = wanted.split_first() else {
            return true;
        };
        let mut previous_is_word = false;
        for (i, &byte) in bytes.iter().enumerate() {
            if !byte.is_ascii() {
                return word_starts(text, word).next().is_some();
            }
            if byte == first && !previous_is_word && bytes[i..].starts_with(wanted) {
                return true;
            }
            previous_is_word = byte.is_ascii_alphanumeric();
        }
        return false;
    }
    word_starts(text, word).next().is_some()
}

/// Whether `word` stands whole in `text` (both folded): a word start with
/// no letter or digit after it.
fn whole_word_in(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The character positions in `text` where a word starting with `word`
/// starts: `word` follows the start of the text or a character that is not
/// a letter or digit. Ranking and highlighting both use it, so what ranks
/// as a word start is highlighted as one.
fn word_starts<'t>(text: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    let mut previous_is_word = false;
    text.char_indices()
        .enumerate()
        .filter_map(move |(char_index, (byte_index, c))| {
            let starts = !previous_is_word && text[byte_index..].starts_with(word);
            previous_is_word = c.is_alphanumeric();
            starts.then_some(char_index)
        })
}

/// Character ranges of the words in `text` (as shown) that start with
/// `word`, both folded as search folds them: where a word stands in a
/// title, for a row that shows part of it.
pub fn word_places(text: &str, word: &str) -> Vec<Range<usize>> {
    word_start_ranges(&fold(text), &fold(word))
}

/// Character ranges of the words in `text` that start with `word`.
fn word_start_ranges(text: &str, word: &str) -> Vec<Range<usize>> {
    let len = word.chars().count();
    word_starts(text, word).map(|i| i..i + len).collect()
}

/// Whether `text` (folded) has two words joined by a hyphen whose letters
/// start with `word` (`hyphen_joined_ranges`); quick where it has no
/// hyphen, as most titles do not.
fn hyphen_joined_in(text: &str, word: &str) -> bool {
    text.contains('-') && !hyphen_joined_ranges(text, word).is_empty()
}

/// Character ranges in `text` (folded) of two words joined by a hyphen
/// whose letters, the hyphen left out, start with `word` (`addon` in
/// "add-on"): from the first word's start to the last letter matched.
/// Where `word` fits in the first word alone, `word_start_ranges` has it.
fn hyphen_joined_ranges(text: &str, word: &str) -> Vec<Range<usize>> {
    let wanted: Vec<char> = word.chars().collect();
    if wanted.is_empty() || !wanted.iter().all(|c| c.is_alphabetic()) {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let letters_from = |from: usize| {
        chars[from..]
            .iter()
            .position(|c| !c.is_alphabetic())
            .map_or(chars.len(), |n| from + n)
    };
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = chars[i].is_alphabetic() && (i == 0 || !chars[i - 1].is_alphanumeric());
        if !starts_word {
            i += 1;
            continue;
        }
        let first_end = letters_from(i);
        let first = first_end - i;
        if first < wanted.len()
            && chars.get(first_end) == Some(&'-')
            && chars[i..first_end] == wanted[..first]
        {
            let second_end = letters_from(first_end + 1);
            let rest = wanted.len() - first;
            let whole_word = chars.get(second_end).is_none_or(|c| !c.is_alphanumeric());
            if whole_word
                && second_end - (first_end + 1) >= rest
                && chars[first_end + 1..first_end + 1 + rest] == wanted[first..]
            {
                ranges.push(i..first_end + 1 + rest);
            }
        }
        i = first_end;
    }
    ranges
}

/// The word a possessive typed stands on (`knee` of `knee's`), which the
/// search finds as the word's first part: of two letters or more.
fn possessive_base(word: &str) -> Option<&str> {
    // Its apostrophe typed, the `s` on its way (`knee'`).
    let base = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix('\''))?;
    (base.chars().count() >= BODY_WORD_MIN && base.chars().all(char::is_alphanumeric))
        .then_some(base)
}

/// The words joined by hyphens that a query word typed with an `s` may
/// stand for (`add-ons`: `add-on`), when its last word, less the `s`, has
/// two letters or more.
fn hyphened_plural_stem(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('s')?;
    let (head, last) = stem.rsplit_once('-')?;
    let letters = |part: &str| !part.is_empty() && part.chars().all(char::is_alphanumeric);
    (head.split('-').all(letters) && letters(last) && last.chars().count() >= 2).then_some(stem)
}

/// Whether `text` (folded) has the words `add-ons` stands for
/// (`hyphened_plural_stem`), joined by hyphens or written apart, each a
/// whole word.
fn hyphened_plural_in(text: &str, word: &str) -> bool {
    hyphened_plural_stem(word).is_some_and(|stem| {
        whole_word_in(text, stem) || whole_word_in(text, &stem.replace('-', " "))
    })
}

/// The word a query word typed with an `s` may stand for (`mortons`:
/// `morton`), when it is one word of four characters or more.
fn plural_stem(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('s').filter(|stem| stem.len() >= 3)?;
    let mut parts = words(word);
    (parts.next() == Some(word) && parts.next().is_none()).then_some(stem)
}

/// Character ranges of `word` standing as a whole word in `text` (both
/// folded), or with an `s` after it when `plural`.
fn whole_word_ranges(text: &str, word: &str, plural: bool) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let ends_word = |at: usize| chars.get(at).is_none_or(|c| !c.is_alphanumeric());
    word_start_ranges(text, word)
        .into_iter()
        .filter_map(|range| {
            if ends_word(range.end) {
                Some(range)
            } else if plural && chars.get(range.end) == Some(&'s') && ends_word(range.end + 1) {
                Some(range.start..range.end + 1)
            } else {
                None
            }
        })
        .collect()
}

/// Character ranges of the abbreviation `word`'s forms in `text` (see
/// `Word::forms_in`).
fn forms_ranges(text: &str, word: &Word) -> Vec<Range<usize>> {
    word.forms_in(text)
        .map(|bytes| {
            let start = text[..bytes.start].chars().count();
            start..start + text[bytes].chars().count()
        })
        .collect()
}

/// How many words of a phrase the words read so far end with.
#[derive(Debug, Clone, Copy, Default)]
struct PhraseProgress(usize);

impl PhraseProgress {
    /// Reads `word`; true when it ends `phrase`. A word is a phrase's word
    /// as written or with an `s` (`blocks` for `block`).
    fn step(&mut self, word: &str, phrase: &[Box<str>]) -> bool {
        self.advance(phrase.len(), |i| {
            phrase
                .get(i)
                .is_some_and(|meant| word == &**meant || word.strip_suffix('s') == Some(meant))
        })
    }

    /// Reads a word that `is` the phrase's `i`th word or not; true when it
    /// ends the phrase, `len` words long.
    fn advance(&mut self, len: usize, is: impl Fn(usize) -> bool) -> bool {
        self.0 = if is(self.0) {
            self.0 + 1
        } else {
            usize::from(is(0))
        };
        let done = len > 0 && self.0 == len;
        if done {
            self.0 = 0;
        }
        done
    }
}

/// Whether what stands between two words lets them be words of one phrase:
/// a space or a hyphen (`place-of-service`), not a stop, a comma or a
/// paragraph's end.
fn joins_a_phrase(between: &str) -> bool {
    between
        .chars()
        .all(|c| c == '-' || (c.is_whitespace() && c != '\n'))
        || between.trim_matches(|c: char| c == ' ' || c == '\t') == "\n"
}

/// Where the folded `text` has `phrase`'s words one after another, as byte
/// ranges from its first word's start to its last word's end.
fn phrases_in<'t>(
    text: &'t str,
    phrase: &'t [Box<str>],
) -> impl Iterator<Item = Range<usize>> + 't {
    let mut progress = PhraseProgress::default();
    let mut starts = std::collections::VecDeque::with_capacity(phrase.len());
    let mut last_end = 0;
    words(text).filter_map(move |word| {
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        if !joins_a_phrase(&text[last_end..start]) {
            progress = PhraseProgress::default();
        }
        last_end = start + word.len();
        if starts.len() == phrase.len() {
            starts.pop_front();
        }
        starts.push_back(start);
        progress
            .step(word, phrase)
            .then(|| starts[starts.len() - phrase.len()]..start + word.len())
    })
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

/// Searches as the user types: remembers the hits of each query on the way
/// to the current one, so a longer query is searched among the hits of the
/// one it extends, and Backspace returns to a remembered answer at once.
pub struct Searcher {
    index: Arc<SearchIndex>,
    /// Queries and their hits, each narrowing the one before.
    trail: Vec<Step>,
}

/// A query as the searcher remembers it.
struct Step {
    query: Query,
    hits: Arc<Vec<Hit>>,
    /// What its matches left for the next keystroke (for the newest few
    /// queries only: each is a few megabytes on a large set).
    built: Option<Vec<Memo>>,
}

/// How many of the newest queries keep what their matches left: enough to
/// type on after a few Backspaces at full speed.
const BUILT_ON: usize = 4;

impl Searcher {
    pub fn new(index: Arc<SearchIndex>) -> Searcher {
        Searcher {
            index,
            trail: Vec::new(),
        }
    }

    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    pub fn search(&mut self, text: &str) -> Arc<Vec<Hit>> {
        let query = Query::parse(text);
        // Keep only the remembered queries the new one narrows.
        while let Some(previous) = self.trail.last() {
            if query.narrows(&previous.query) {
                break;
            }
            self.trail.pop();
        }
        if let Some(previous) = self.trail.last()
            && previous.query.raw == query.raw
        {
            return Arc::clone(&previous.hits);
        }
        let within = match self.trail.last() {
            Some(Step {
                query: previous,
                built: Some(built),
                ..
            }) => Within::Built(built, previous),
            Some(Step { hits, .. }) => Within::Hits(hits),
            None => Within::All,
        };
        let (hits, built) = self.index.search_within(&query, within);
        let hits = Arc::new(hits);
        if !query.is_empty() {
            self.trail.push(Step {
                query,
                hits: Arc::clone(&hits),
                built: Some(built),
            });
            let older = self.trail.len().saturating_sub(BUILT_ON);
            for step in &mut self.trail[..older] {
                step.built = None;
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ModifierUse, Note};

    proptest::proptest! {
        /// The byte walk over a text finds a word start exactly where the
        /// character path does, whether the text is ASCII, or turns out
        /// not to be before, after or inside the match.
        #[test]
        fn a_word_start_is_found_alike_on_either_path(
            text in "[ab é–’-]{0,40}",
            word in "[ab]{1,3}",
        ) {
            proptest::prop_assert_eq!(
                word_start_in(&text, &word),
                word_starts(&text, &word).next().is_some()
            );
        }

        /// The byte-wise word splitter agrees with splitting on every
        /// character that is not a letter or digit, on any text.
        #[test]
        fn words_are_the_runs_of_letters_and_digits(text in "(\\PC|[ a-zA-Z0-9–“”é\u{301}.,-])*") {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), expected);
        }

        /// A close match of a pattern is one of each of its starts, so the
        /// searcher may look for a longer query among a shorter one's hits;
        /// and the byte path agrees with the character path.
        #[test]
        fn close_matches_narrow_as_the_pattern_grows(
            text in "[abc é.'’-]{0,140}",
            pattern in "[abcé]{1,6}",
        ) {
            if quick_fuzzy_score(&text, &pattern).is_some() && close_enough(&text, &pattern) {
                let start = &pattern[..pattern.len() - pattern.chars().last().unwrap().len_utf8()];
                proptest::prop_assert!(start.is_empty() || close_enough(&text, start));
            }
            // The bit-parallel check and the place-at-a-time one (which long
            // texts take) agree, over bytes and over characters.
            let class = |c: char| match c {
                '\'' | '’' => Class::Apostrophe,
                c if c.is_alphanumeric() => Class::Letter,
                _ => Class::Other,
            };
            let chars = |s: &str| s.chars().collect::<Vec<_>>();
            let (text, pattern) = (chars(&text), chars(&pattern));
            let short = text.len() <= 128;
            proptest::prop_assert_eq!(
                closely_in_order(&text, &pattern, |a, b| a == b, class),
                closely_in_order_by_place(&text, &pattern, |a, b| a == b, class),
                "{}", short
            );
            let ascii: String = text.iter().map(|&c| if c == 'é' { 'e' } else if c == '’' { '\'' } else { c }).collect();
            let ascii_pattern: String = pattern.iter().map(|&c| if c == 'é' { 'e' } else { c }).collect();
            proptest::prop_assert_eq!(
                close_enough(&ascii, &ascii_pattern),
                closely_in_order(&chars(&ascii), &chars(&ascii_pattern), |a, b| a == b, class),
            );
        }
    }

    #[test]
    fn fuzzy_matches_may_skip_far_only_to_a_word_start() {
        let title = "neurolytic destruction of the genicular nerve branches of the knee";
        for strewn in ["facet", "joint", "morton", "pos"] {
            assert!(!close_enough(title, strewn), "{strewn}");
        }
        // A match starts a word, and an apostrophe starts none.
        let facet =
            "facet joint nerve destruction with imaging, cervical or thoracic, single joint";
        assert!(!close_enough(facet, "ngs"));
        assert!(!close_enough(
            "common digital nerve (morton's neuroma)",
            "ngs"
        ));
        assert!(close_enough(
            "common digital nerve (morton's neuroma)",
            "mortons"
        ));
        assert!(close_enough("névrome – morton’s", "mortons"));
        // A gap does not run on into the middle of the next word.
        assert!(!close_enough("genicular nerve block of the knee", "neck"));
        assert!(!close_enough(
            "facet nerve ablation, one cervical or thoracic joint",
            "alcoh"
        ));
        assert!(close_enough("genicular nerve block", "nerblo"));
        // Nor does it skip a word.
        let facet = "facet nerve ablation, one cervical or thoracic joint";
        assert!(!close_enough(facet, "foot"));
        assert!(!close_enough(facet, "alco"));
        assert!(!close_enough(
            "peripheral nerve neurolysis, a named nerve",
            "phenol"
        ));
        assert!(close_enough("nerve (anesthetic)", "nan"));
        // An opening quote is no letter: the t of 'trigger' starts a word.
        assert!(close_enough("injection of 'trigger' points", "trgr"));
        assert!(close_enough("injection of ‘trigger’ points", "trgr"));
        for (text, pattern) in [
            ("genicular nerve ablation", "gencl"),
            ("genicular nerve ablation", "gna"),
            ("genicular nerve ablation", "abln"),
            ("névrome – morton", "nvrm"),
            ("névrome – morton", "mtn"),
        ] {
            assert!(close_enough(text, pattern), "{text:?} / {pattern:?}");
        }
        // Through the index: the strewn letters no longer make a title hit.
        let entries = vec![
            entry("64624", title, ""),
            entry("64633", "Facet joint nerve destruction", ""),
        ];
        let index = SearchIndex::new(&entries);
        assert_eq!(codes(&index, &entries, "facet"), ["64633"]);
        // Codes have no words: the rule is for prose. Such a hit is named
        // apart from the code's start, and its digits are lit.
        assert_eq!(codes(&index, &entries, "4624"), ["64624"]);
        let hits = index.search("4624");
        assert_eq!(hits[0].field, Field::CodeDigits);
        assert_eq!(index.highlight_in("64624", hits[0].field, "4624"), [1..5]);
        assert_eq!(index.search("646")[0].field, Field::Code);
        // Two digits are in most codes: no hit by them.
        assert!(codes(&index, &entries, "24").is_empty());
        assert_eq!(codes(&index, &entries, "624"), ["64624"]);
        // The digits unbroken, and at the end, before digits strewn.
        let entries: Vec<Entry> = ["40624", "46240", "14624", "64624", "46124", "46245"]
            .iter()
            .map(|code| entry(code, "Title", ""))
            .collect();
        let index = SearchIndex::new(&entries);
        assert_eq!(
            codes(&index, &entries, "4624"),
            ["46240", "46245", "14624", "64624", "40624", "46124"]
        );
    }

    fn entry(code: &str, title: &str, summary: &str) -> Entry {
        Entry {
            code: code.into(),
            title: title.into(),
            summary: summary.into(),
            ..Entry::default()
        }
    }

    /// Each of `typed`, typed a character at a time into one search box
    /// after the other, finds at each step what a fresh search does.
    fn typing_agrees(index: SearchIndex, typed: &[&str]) {
        let index = Arc::new(index);
        let mut searcher = Searcher::new(Arc::clone(&index));
        for typed in typed {
            for (end, c) in typed.char_indices() {
                let query = &typed[..end + c.len_utf8()];
                assert_eq!(*searcher.search(query), index.search(query), "{query}");
            }
        }
    }

    fn codes(index: &SearchIndex, entries: &[Entry], query: &str) -> Vec<String> {
        index
            .search(query)
            .into_iter()
            .map(|h| entries[h.entry].code.clone())
            .collect()
    }

    #[test]
    fn a_plural_or_a_possessive_typed_without_its_apostrophe_finds_the_word() {
        let entries = vec![
            entry("20001", "One", "Morton\u{2019}s neuroma was treated."),
            entry("20002", "Two", "A block was given."),
            entry("20003", "Three", "Sorting is done."),
        ];
        let index = SearchIndex::new(&entries);
        assert_eq!(codes(&index, &entries, "mortons"), ["20001"]);
        assert_eq!(codes(&index, &entries, "blocks"), ["20002"]);
        // Only the word itself: not every word it starts.
        assert!(codes(&index, &entries, "sorts").is_empty());
    }

    fn sample() -> Vec<Entry> {
        let mut with_modifier = entry("20001", "Bilateral thing", "Nothing about 646.");
        with_modifier.modifiers.push(ModifierUse {
            code: "50".into(),
            description: "Both sides".into(),
            when_to_use: String::new(),
            ..ModifierUse::default()
        });
        with_modifier.payers = vec!["Medicare".into()];
        with_modifier.billing.site_of_service = Some("Office (POS 11)".into());
        with_modifier.notes.push(Note {
            kind: NoteKind::Erratum,
            text: "x".into(),
            source: String::new(),
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

    fn highlighted(index: &SearchIndex, entry: &Entry, query: &str) -> String {
        let hit = index.search(query)[0];
        let text: Vec<char> = field_text(entry, hit.field, hit.item).chars().collect();
        index
            .highlight(entry, &hit, query)
            .iter()
            .flat_map(|r| text[r.clone()].iter())
            .collect()
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
    fn title_word_starts_beat_scattered_fuzzy_matches() {
        let entries = vec![
            entry("10001", "Nerve lesion of the arm", ""),
            entry("10002", "Arm nerve block", ""),
        ];
        let index = SearchIndex::new(&entries);
        // "arm" starts a word in both; "nerb" is fuzzy in both, so ties go by code.
        assert_eq!(codes(&index, &entries, "arm"), ["10001", "10002"]);
        let entries = vec![
            entry("10001", "Alternative rare method", ""),
            entry("10002", "Arm block", ""),
        ];
        let index = SearchIndex::new(&entries);
        assert_eq!(codes(&index, &entries, "arm"), ["10002", "10001"]);
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
    fn filters_narrow_by_modifier_payer_site_kind_and_code() {
        let entries = sample();
        let index = SearchIndex::new(&entries);
        for query in [
            "mod:50",
            "payer:medicare",
            "site:office",
            "kind:erratum",
            "kind:err",
        ] {
            assert_eq!(codes(&index, &entries, query), ["20001"], "{query}");
        }
        assert!(codes(&index, &entries, "kind:tip").is_empty());
        assert_eq!(codes(&index, &entries, "64454-64630"), ["64454", "64624"]);
        assert_eq!(codes(&index, &entries, "64630-64454"), ["64454", "64624"]);
        assert!(codes(&index, &entries, "9-10").is_empty());
        assert_eq!(codes(&index, &entries, "6462*"), ["64624"]);
        assert_eq!(codes(&index, &entries, "mod:50 thing"), ["20001"]);
        assert!(codes(&index, &entries, "mod:50 genicular").is_empty());
        // Found by a filter alone, a hit names the field the filter read.
        for (query, field) in [
            ("mod:50", Field::Modifier),
            ("payer:medicare", Field::Payers),
            ("site:office", Field::Billing),
            ("kind:erratum", Field::Notes),
            ("6462*", Field::Code),
        ] {
            assert_eq!(index.search(query)[0].field, field, "{query}");
        }
    }

    #[test]
    fn a_filter_value_in_quotes_may_hold_spaces() {
        let mut blue = entry("30001", "First", "");
        blue.payers = vec!["Blue Cross NC".into()];
        blue.billing.site_of_service = Some("Hospital outpatient department".into());
        let mut joined = entry("30002", "Second", "Cross-checked, blue.");
        joined.payers = vec!["BlueCross BlueShield of South Carolina".into()];
        joined.billing.site_of_service = Some("Office; outpatient clinic".into());
        let entries = vec![blue, joined];
        let index = SearchIndex::new(&entries);
        assert_eq!(
            tokens(r#"payer:"blue cross" knee"#),
            ["payer:\"blue\u{E000}cross", "knee"]
        );
        // The name written apart or together, as payers write it.
        assert_eq!(
            codes(&index, &entries, r#"payer:"blue cross""#),
            ["30001", "30002"]
        );
        assert_eq!(codes(&index, &entries, "payer:'blue cross nc'"), ["30001"]);
        assert_eq!(codes(&index, &entries, r#"payer:"blue shield""#), ["30002"]);
        assert_eq!(
            codes(&index, &entries, r#"site:"hospital outpatient""#),
            ["30001"]
        );
        assert_eq!(
            codes(&index, &entries, r#"modifier:"" site:“outpatient”"#).len(),
            2
        );
        // A quote still being typed runs to the end.
        assert_eq!(codes(&index, &entries, r#"payer:"blue cross n"#), ["30001"]);
        // Quotes around one word are no part of it.
        assert_eq!(codes(&index, &entries, r#"payer:"carolina""#), ["30002"]);
        assert_eq!(Query::parse(r#"payer:""#).unfinished_filters(), ["payer:"]);
        // Not a filter's name: its quoted words are words, as before.
        assert_eq!(tokens(r#"cross:"blue cross""#), ["cross:\"blue", "cross"]);
        // Typed a keystroke at a time, each answer is a fresh search's.
        let index = Arc::new(index);
        let mut searcher = Searcher::new(Arc::clone(&index));
        let typed = r#"payer:"bl uecross nc" site:"office; o"#;
        for end in (1..=typed.len()).filter(|end| typed.is_char_boundary(*end)) {
            let query = &typed[..end];
            assert_eq!(*searcher.search(query), index.search(query), "{query:?}");
        }
    }

    #[test]
    fn pasted_queries_lose_their_quotes_and_keep_spaced_ranges() {
        let entries = sample();
        let index = SearchIndex::new(&entries);
        // Invisible marks pasted with a code or word are no part of it.
        assert_eq!(tokens("646\u{AD}24"), ["64624"]);
        assert_eq!(tokens("64624\u{200B}"), ["64624"]);
        assert_eq!(
            tokens("genic\u{2060}ular \u{FEFF}knee"),
            ["genicular", "knee"]
        );
        assert_eq!(one_code("\u{FEFF}64624"), "64624");
        // Direction marks, as pages in more than one script put them.
        for mark in [
            '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{061C}',
        ] {
            assert_eq!(tokens(&format!("{mark}64624{mark}")), ["64624"], "{mark:?}");
            assert_eq!(one_code(&format!("{mark}64624")), "64624", "{mark:?}");
        }
        // Nothing but such marks is no code at all.
        assert_eq!(one_code("\u{200B}"), "");
        assert_eq!(
            codes(&index, &entries, "\"genicular nerve\""),
            codes(&index, &entries, "genicular nerve")
        );
        assert_eq!(
            codes(&index, &entries, "“genicular”")[..2],
            ["64454", "64624"]
        );
        assert_eq!(codes(&index, &entries, "64454 - 64630"), ["64454", "64624"]);
        assert_eq!(codes(&index, &entries, "64454 – 64630"), ["64454", "64624"]);
        // A lone quote or dash is no word at all.
        assert_eq!(tokens(" \" x - y "), ["x", "-", "y"]);
        // A space on one side of the dash, or the second code still to come.
        assert_eq!(tokens("64454- 64630"), ["64454-64630"]);
        assert_eq!(tokens("64454 -64630 knee"), ["64454-64630", "knee"]);
        assert_eq!(tokens("knee 64454 -"), ["knee", "64454-"]);
        assert_eq!(tokens("knee - 64454"), ["knee", "-", "64454"]);
        // A word with no letter or digit is not searched for.
        for nothing in ["-", "*", "&", "- * &"] {
            assert!(Query::parse(nothing).is_empty(), "{nothing}");
        }
        assert_eq!(
            codes(&index, &entries, "genicular -"),
            codes(&index, &entries, "genicular")
        );
        // An add-on as CPT writes it is its code; a claim line some exports
        // write without its dash is dashed, for a modifier the registry
        // knows with a letter in it only.
        assert_eq!(tokens("+64634 +knee"), ["64634", "+knee"]);
        assert_eq!(tokens("64624RT 0213Tlt"), ["64624-rt", "0213t-lt"]);
        assert_eq!(
            tokens("6462450 64624qq 64624r"),
            ["6462450", "64624qq", "64624r"]
        );
        // Codes pasted together are each a code to train on.
        assert_eq!(codes_in("64624,64633"), ["64624", "64633"]);
        assert_eq!(
            codes_in("(64624); +64634 64633-rt"),
            ["64624", "64634", "64633"]
        );
        assert_eq!(codes_in("64624 rt"), ["64624"]);
        assert_eq!(codes_in(" , "), [","]);
        for written in ["64624 +", "64624 -", "64624-", "(64624),", "64624+"] {
            assert_eq!(one_code(written), "64624", "{written}");
        }
        // Quoted and spaced, and with any dash or quote `fold` knows.
        for pasted in [
            "\"64454 - 64630\"",
            "64454 \u{2010} 64630",
            "64454 \u{2212} 64630",
        ] {
            assert_eq!(
                codes(&index, &entries, pasted),
                ["64454", "64624"],
                "{pasted}"
            );
        }
        assert_eq!(tokens("„genicular“"), ["genicular"]);
        let typed = Query::parse("64454 - 64630");
        assert!(!typed.narrows(&Query::parse("64454 -")));
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
        assert_eq!(highlighted(&index, &entries[0], "morton"), "Morton");
        // Non-ASCII letters fold too: "épine" finds "ÉPINE".
        assert_eq!(highlighted(&index, &entries[0], "épine"), "ÉPINE");
        // Fuzzy highlights pick the matched letters; the matcher prefers
        // the M that starts a word, after the en dash and the quote.
        assert_eq!(highlighted(&index, &entries[0], "nvrm"), "NvrM");
    }

    #[test]
    fn typed_quotes_and_hyphens_find_typographic_ones() {
        let entries = vec![
            entry("64632", "Nerve destruction (Morton’s neuroma)", ""),
            entry("64640", "Another nerve", "See 64630–64640 for the family."),
        ];
        let index = SearchIndex::new(&entries);
        let hit = index.search("morton's")[0];
        assert_eq!((hit.entry, hit.field), (0, Field::Title));
        assert_eq!(highlighted(&index, &entries[0], "morton's"), "Morton’s");
        // And the other way round: a pasted curly quote or en dash finds
        // what the keyboard's would.
        assert_eq!(codes(&index, &entries, "morton’s"), ["64632"]);
        assert_eq!(codes(&index, &entries, "64630–64640"), ["64632", "64640"]);
        assert_eq!(codes(&index, &entries, "64630-64640"), ["64632", "64640"]);
    }

    #[test]
    fn accents_are_taken_off_letters_both_ways() {
        let entries = vec![
            entry("20001", "Névralgie de Morton", "Traitée à l’hôpital."),
            entry("20002", "Genicular nerve", "Plain text."),
            entry(
                "20003",
                "Straße and Œdème",
                "ß and œ have no accent to take off.",
            ),
        ];
        let index = SearchIndex::new(&entries);
        assert_eq!(codes(&index, &entries, "nevralgie"), ["20001"]);
        assert_eq!(codes(&index, &entries, "hopital traitee"), ["20001"]);
        assert_eq!(codes(&index, &entries, "génicular"), ["20002"]);
        assert_eq!(codes(&index, &entries, "GÉNICULAR"), ["20002"]);
        assert_eq!(highlighted(&index, &entries[0], "nevr"), "Névr");
        // Letters that are not an ASCII letter with marks stay as they are.
        assert_eq!(codes(&index, &entries, "straße"), ["20003"]);
        assert!(codes(&index, &entries, "strasse").is_empty());
        assert_eq!(fold("Œ ß ﬁ é ñ Å ı İ"), "œ ß ﬁ e n a ı i");
        // An accent typed as a mark of its own, as macOS pastes it.
        assert_eq!(codes(&index, &entries, "ge\u{301}nicular"), ["20002"]);
        assert_eq!(codes(&index, &entries, "GENİCULAR"), ["20002"]);
    }

    #[test]
    fn a_filter_with_no_value_yet_is_left_out() {
        let entries = sample();
        let index = SearchIndex::new(&entries);
        for typed in ["payer:", "mod:", "site:", "kind:"] {
            let query = Query::parse(typed);
            assert!(query.is_empty(), "{typed}");
            assert_eq!(query.unfinished_filters(), [typed]);
            // Every entry, found by nothing in particular.
            let hits = index.search(typed);
            assert_eq!(hits.len(), entries.len(), "{typed}");
            assert!(hits.iter().all(|hit| hit.field == Field::Code), "{typed}");
        }
        // With words, the words are searched.
        assert_eq!(
            codes(&index, &entries, "payer: genicular"),
            codes(&index, &entries, "genicular")
        );
        // Once a value is typed it filters.
        assert!(Query::parse("payer:m").unfinished_filters().is_empty());
        assert!(!Query::parse("payer:m").is_empty());
    }

    #[test]
    fn a_range_typed_partway_narrows_as_it_grows() {
        let entries: Vec<Entry> = [
            "64454", "64624", "64632", "64633", "64640", "64650", "65000",
        ]
        .iter()
        .map(|code| entry(code, "Title", ""))
        .collect();
        let index = SearchIndex::new(&entries);
        let typed = [
            ("64630-", vec!["64632", "64633", "64640", "64650", "65000"]),
            ("64630-6", vec!["64632", "64633", "64640", "64650", "65000"]),
            ("64630-64", vec!["64632", "64633", "64640", "64650"]),
            ("64630-646", vec!["64632", "64633", "64640", "64650"]),
            ("64630-6464", vec!["64632", "64633", "64640"]),
            ("64630-64640", vec!["64632", "64633", "64640"]),
            ("64630-64633", vec!["64632", "64633"]),
            ("6463-6463", vec!["64632", "64633"]),
            ("64640-64630", vec!["64632", "64633", "64640"]),
            // Typed high to low: never empty on the way.
            ("64640-6", vec!["64640", "64650", "65000"]),
            ("64640-646", vec!["64640", "64650"]),
            ("64640-6463", vec!["64632", "64633", "64640"]),
            ("64640-64632", vec!["64632", "64633", "64640"]),
            ("6464-6463", vec!["64632", "64633", "64640"]),
            // A prefix, with one star or more.
            ("6463*", vec!["64632", "64633"]),
            ("6463**", vec!["64632", "64633"]),
        ];
        for (query, expected) in typed {
            let mut found = codes(&index, &entries, query);
            found.sort();
            assert_eq!(found, expected, "{query:?}");
        }
        // A dash with no code before it is not a range, nor one after a
        // short first code (`10-day`, `2020-2023` on the way).
        assert!(codes(&index, &entries, "-64640").is_empty());
        for typed in ["50-", "10-", "2020-"] {
            assert!(Query::parse(typed).filters.is_empty(), "{typed}");
        }
    }

    #[test]
    fn code_and_body_highlights() {
        let entries = sample();
        let index = SearchIndex::new(&entries);
        assert_eq!(highlighted(&index, &entries[1], "6462"), "6462");
        let hit = Hit {
            entry: 3,
            score: 0,
            field: Field::Summary,
            item: 0,
        };
        assert_eq!(index.highlight(&entries[3], &hit, "inj"), [5..8]);
    }

    #[test]
    fn the_quick_fuzzy_test_agrees_with_the_fuzzy_matcher_on_what_matches() {
        let matcher = SkimMatcherV2::default().ignore_case();
        for (text, pattern) in [
            ("genicular nerve ablation", "gencl"),
            ("genicular nerve ablation", "gna"),
            ("genicular nerve ablation", "zz"),
            ("genicular nerve ablation", "abln"),
            ("névrome – morton", "nvrm"),
            ("névrome – morton", "mtn"),
            ("abc", "abcd"),
            ("", "a"),
        ] {
            assert_eq!(
                quick_fuzzy_score(text, pattern).is_some(),
                matcher.fuzzy_match(text, pattern).is_some(),
                "{text:?} / {pattern:?}"
            );
        }
        // The byte path and the character path agree.
        assert_eq!(
            quick_fuzzy_score("genicular nerve ablation", "gncl"),
            quick_fuzzy_score("genicular nerve ablation é", "gncl")
        );
        let tight = quick_fuzzy_score("genicular nerve", "gen").unwrap();
        let loose = quick_fuzzy_score("great enlarged nerve", "gen").unwrap();
        assert!(tight > loose);
    }

    #[test]
    fn body_matches_are_word_starts() {
        assert_eq!(
            word_start_ranges("knee – kneel; unknee", "knee"),
            [0..4, 7..11]
        );
        assert_eq!(word_start_ranges("Morton’s neuroma", "neuro"), [9..14]);
        assert!(word_start_in("a knee", "kn"));
        assert!(!word_start_in("unknee", "kn"));
        // A query word that starts with a mark ranks and highlights alike,
        // in ASCII text and not.
        for text in ["knee (posterior)", "knee – (posterior)"] {
            assert!(word_start_in(text, "(pos"), "{text}");
            let start = text.chars().position(|c| c == '(').unwrap();
            assert_eq!(word_start_ranges(text, "(pos"), [start..start + 4]);
        }
        assert!(!word_start_in("knee(posterior)", "(pos"));
        assert!(word_start_ranges("knee(posterior)", "(pos").is_empty());
    }

    #[test]
    fn the_body_index_finds_word_starts_by_field_and_mentions() {
        let mut a = entry("10001", "t", "Knee knee knee pain. Genicular.");
        a.clinical.scenario = "A non-radicular case.".into();
        let mut b = entry("10002", "t", "Shoulder.");
        b.diagnoses.push(crate::model::Diagnosis {
            code: "M47.812".into(),
            title: "Spondylosis, cervical".into(),
        });
        b.notes.push(Note {
            kind: NoteKind::Caution,
            text: "Anthem asks for blocks first.".into(),
            source: String::new(),
        });
        b.payers = vec!["Palmetto GBA".into()];
        b.related.push(crate::model::Related {
            code: "64634".into(),
            why: "Each additional joint.".into(),
        });
        let entries = vec![a, b];
        let index = SearchIndex::new(&entries);
        let word = |w: &str| Query::parse(w).words.remove(0);
        // Seven fields: summary scores 700 and up, then 100 less a field.
        assert_eq!(index.body_scores(&word("kn")), [703, 0]);
        assert_eq!(index.body_scores(&word("genic")), [701, 0]);
        // ("non-radicular" joins what `non-rad` hyphens: 1,000 more.)
        assert_eq!(index.body_scores(&word("non-rad")), [1501, 0]);
        assert_eq!(index.body_scores(&word("shouldered")), [0, 0]);
        assert_eq!(index.body_scores(&word("shoulders")), [0, 701]);
        assert_eq!(index.body_scores(&word("m47.812")), [0, 401]);
        assert_eq!(index.body_scores(&word("64634")), [0, 301]);
        assert_eq!(index.body_scores(&word("anthem")), [0, 201]);
        assert_eq!(index.body_scores(&word("palmetto")), [0, 101]);
        let hits = index.search("64634");
        assert_eq!((hits.len(), hits[0].field), (1, Field::Related));
        assert_eq!(index.highlight(&entries[1], &hits[0], "64634"), [0..5]);
        let hits = index.search("M47.812");
        assert_eq!((hits.len(), hits[0].field), (1, Field::Diagnoses));
        // Named in the scenario too, as the table prints it: the table.
        let mut named = entries.clone();
        named[1].clinical.scenario = "Coded, for example, M47.812.".into();
        let named_index = SearchIndex::new(&named);
        assert_eq!(named_index.search("M47.812")[0].field, Field::Diagnoses);
        // Of two words, the field of the one found less well.
        assert_eq!(named_index.search("M47.812 anthem")[0].field, Field::Notes);
        assert_eq!(named_index.search("anthem M47.812")[0].field, Field::Notes);
        assert_eq!(
            named_index.search("shoulder M47.812")[0].field,
            Field::Diagnoses
        );
        assert_eq!(
            named_index.search("10002 shoulder")[0].field,
            Field::Summary
        );
        assert_eq!(named_index.search("m47.81")[0].field, Field::Diagnoses);
        // Its category alone, which the scenario's word starts too.
        assert_eq!(named_index.search("M47")[0].field, Field::Diagnoses);
        named[1].diagnoses.clear();
        let unlisted = SearchIndex::new(&named);
        assert_eq!(unlisted.search("M47.812")[0].field, Field::Scenario);
        // Another code of the category is not found by its parts: "M54"
        // in the table and "50" elsewhere in the entry are not M54.50.
        let mut near = entries.clone();
        near[1].diagnoses[0].code = "M54.2".into();
        near[1].clinical.scenario = "Modifier 50 does not apply; M47.22 is atypical.".into();
        let near_index = SearchIndex::new(&near);
        assert!(near_index.search("M54.50").is_empty());
        assert!(near_index.search("M54.5").is_empty());
        assert_eq!(near_index.search("M54.2")[0].field, Field::Diagnoses);
        // Named only in the text, it is found where the text names it.
        assert_eq!(near_index.search("M47.22")[0].field, Field::Scenario);
        assert_eq!(near_index.search("m47.2")[0].field, Field::Scenario);
        assert!(near_index.search("M47.24").is_empty());
        // As claims write it, without the dot.
        assert_eq!(index.search("m47812")[0].field, Field::Diagnoses);
        assert_eq!(index.search("anthem")[0].field, Field::Notes);
        assert_eq!(index.search("palmetto")[0].field, Field::Payers);
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
    fn punctuation_pasted_around_words_and_codes_is_not_searched_for() {
        for (typed, expected) in [
            ("64633,64624", vec!["64633", "64624"]),
            ("64633; 64624", vec!["64633", "64624"]),
            ("(genicular), /knee.", vec!["genicular", "knee"]),
            ("M47.812.", vec!["m47.812"]),
            ("6463* payer: 64630-", vec!["6463*", "payer:", "64630-"]),
            ("\"morton's\"", vec!["morton's"]),
            ("«genicular…»", vec!["genicular"]),
            // A code marked as one, labelled or followed by a colon.
            (
                "#64624 cpt:64633 64640: +64634",
                vec!["64624", "64633", "64640", "64634"],
            ),
            ("CPT#64624", vec!["64624"]),
            ("code:64624", vec!["64624"]),
            // Not a word that is no code.
            ("note: #knee", vec!["note:", "#knee"]),
        ] {
            assert_eq!(tokens(typed), expected, "{typed}");
        }
    }

    #[test]
    fn a_word_found_elsewhere_marks_no_letters_strewn_through_the_title() {
        let entries = vec![entry(
            "64640",
            "Neurolytic destruction of another peripheral nerve",
            "Of the nerve.",
        )];
        let index = SearchIndex::new(&entries);
        let hits = index.search("nerve the");
        assert_eq!(hits.len(), 1);
        let title = &entries[0].title;
        let nerve = title.find("nerve").unwrap();
        assert_eq!(
            index.highlight_in(title, Field::Title, "nerve the"),
            [nerve..nerve + 5]
        );
        // A fuzzy title match keeps its letters lit.
        assert!(
            !index
                .highlight_in(title, Field::Title, "neurdest")
                .is_empty()
        );
    }

    #[test]
    fn the_detail_marks_what_the_search_found() {
        let marks = |query: &str, text: &str| Query::parse(query).marks_in(text);
        assert_eq!(marks("mortons", "Morton\u{2019}s neuroma"), [0..6]);
        assert_eq!(marks("blocks", "A block, two blocks"), [2..7, 13..19]);
        assert_eq!(marks("blocks", "blockade"), []);
        assert_eq!(
            marks("64624-RT", "  RT    Right side; RT/LT"),
            [2..4, 20..22]
        );
        assert_eq!(marks("64624-RT", "startled"), []);
        assert_eq!(marks("a", "a knee"), [], "one letter marks nothing");
        // What filters found, and a diagnosis code typed without its dot.
        assert_eq!(marks("payer:anthem", "Anthem asks"), [0..6]);
        assert_eq!(
            marks(
                r#"payer:"blue cross""#,
                "Blue Cross NC, BlueCross BlueShield"
            ),
            [0..10, 15..24]
        );
        assert_eq!(marks("mod:50", "50 and 500"), [0..2]);
        assert_eq!(marks("kind:erratum", "!! ERRATUM: x"), [3..10]);
        assert_eq!(marks("M47812", "M47.812 Spondylosis"), [0..7]);
        assert_eq!(marks("éa1234", "x"), []);
    }

    #[test]
    fn codes_pasted_together_each_find_their_entry_first() {
        let content = crate::loader::load(&crate::loader::ContentSource::Builtin).unwrap();
        let index = content.index();
        let found = |query: &str| -> Vec<(String, Field)> {
            index
                .search(query)
                .iter()
                .map(|hit| (content.entries[hit.entry].code.clone(), hit.field))
                .collect()
        };
        // Each code's own entry in the order typed, then what mentions both.
        let pasted = found("64633 64624");
        assert_eq!(pasted[0], ("64633".to_owned(), Field::Code));
        assert_eq!(pasted[1], ("64624".to_owned(), Field::Code));
        assert_eq!(pasted[2].0, "64640");
        assert_eq!(pasted.len(), 3);
        // While the second is typed, the first keeps its entry first, and
        // each keystroke finds what a search afresh finds.
        let mut searcher = Searcher::new(Arc::clone(&index));
        for typed in [
            "64624 6",
            "64624 64",
            "64624 646",
            "64624 6463",
            "64624 64633",
        ] {
            assert_eq!(
                found(typed)[0],
                ("64624".to_owned(), Field::Code),
                "{typed}"
            );
            assert_eq!(*searcher.search(typed), index.search(typed), "{typed}");
        }
        // A word with them keeps every word's meaning: all must match.
        assert!(
            found("64633 64624 genicular")
                .iter()
                .all(|(_, f)| *f != Field::Code)
        );
    }

    #[test]
    fn nearest_codes_share_the_longest_prefix() {
        let entries = sample();
        let index = SearchIndex::new(&entries);
        assert_eq!(index.nearest_codes("64635", 2), ["64633", "64624"]);
    }

    #[test]
    fn the_searcher_narrows_and_gives_the_same_answers() {
        let entries = sample();
        let index = Arc::new(SearchIndex::new(&entries));
        let mut searcher = Searcher::new(Arc::clone(&index));
        for query in [
            "g",
            "ge",
            "gen",
            "gen ",
            "gen a",
            "gen ab",
            "gen a",
            "ge",
            "",
            "5",
            "50",
            "mod:5",
            "mod:50",
            "6",
            "64",
            "6445",
            "64454-",
            "64454-64630",
            "64454-6463",
            "x",
            "",
            "m",
            "mo",
            "mod",
            "mod:",
            "mod:5",
            "k",
            "kind:",
            "kind:e",
            "6462",
            "6462*",
            "(",
            "(p",
            "(po",
        ] {
            assert_eq!(*searcher.search(query), index.search(query), "{query:?}");
        }
    }

    /// Typed a keystroke at a time over the built-in content, where most
    /// words match in the body only: each answer is the one a fresh search
    /// gives, as a lengthened word tests only the body of such hits.
    #[test]
    fn typing_gives_what_a_fresh_search_gives() {
        let content = crate::loader::load(&crate::loader::ContentSource::Builtin).unwrap();
        let index = content.index();
        let mut searcher = Searcher::new(Arc::clone(&index));
        let mut grown_in_body = 0;
        for phrase in [
            "radiofrequency ablation genicular",
            "fluoroscopic guidance 50",
            "nerve blocks medicare",
            "trigger points",
            "ultrasound gencl",
            "mod:50 knee",
            "rfa genicular",
            "64633 64624 64640 x",
            "64640 64633 nerve",
        ] {
            for end in phrase.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let query = &phrase[..end];
                let hits = searcher.search(query);
                assert_eq!(*hits, index.search(query), "{query:?}");
                let built = searcher.trail.last().and_then(|step| step.built.as_deref());
                let built = built.unwrap_or_default();
                grown_in_body += built.iter().filter(|memo| memo.body_only).count();
            }
            searcher.search("");
        }
        assert!(grown_in_body > 0, "some hits are in the body only");
        let reuse = |new: &str, old: &str| Query::parse(new).reuse_of(&Query::parse(old));
        assert_eq!(reuse("ablat", "abl"), Reuse::LastWordGrew);
        assert_eq!(reuse("gen ablat", "gen abl"), Reuse::LastWordGrew);
        assert_eq!(reuse("gen abl", "gen"), Reuse::WordAdded);
        assert_eq!(reuse("gen abl mod:5", "gen mod:5"), Reuse::WordAdded);
        assert_eq!(reuse("genx abl", "gen abl"), Reuse::Nothing);
        assert_eq!(reuse("mod:50 knee", "mod:50"), Reuse::Nothing);
    }

    /// Enough entries sharing a few words that the quick estimate's ranking
    /// and the fuzzy matcher's rescoring of the top hits both come into
    /// play: typed a keystroke at a time, every answer, ranks and fields
    /// included, is a fresh search's.
    #[test]
    fn typing_many_words_over_many_entries_gives_a_fresh_search() {
        const WORDS: [&str; 14] = [
            "genicular",
            "nerve",
            "ablation",
            "block",
            "knee",
            "radiofrequency",
            "injection",
            "guidance",
            "fluoroscopic",
            "ultrasound",
            "neurolytic",
            "trigger",
            "facet",
            "general",
        ];
        let mut seed: u64 = 7;
        let mut pick = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut text = |words: usize| -> String {
            (0..words)
                .map(|_| WORDS[pick(WORDS.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let entries: Vec<Entry> = (0..800)
            .map(|i| {
                let mut entry = entry(&format!("{}", 20000 + i), &text(3), &text(12));
                if i % 5 == 0 {
                    entry.modifiers.push(ModifierUse {
                        code: "50".into(),
                        description: text(2),
                        when_to_use: String::new(),
                        ..ModifierUse::default()
                    });
                }
                entry
            })
            .collect();
        let index = Arc::new(SearchIndex::new(&entries));
        let mut searcher = Searcher::new(Arc::clone(&index));
        for phrase in [
            "gen abl",
            "nerve bl knee",
            "genicular ablation",
            "knee inj gui",
            "gencl rf",
            "fac ner mod:5",
            "ne bl",
            "rfa kne rfab",
        ] {
            // Back a word at the end, and on again; back a letter, and on.
            let shorter = &phrase[..phrase.rfind(' ').unwrap_or(0)];
            let fewer = &phrase[..phrase.len() - 1];
            let ends = phrase
                .char_indices()
                .map(|(i, c)| &phrase[..i + c.len_utf8()]);
            for query in ends.chain([shorter, phrase, fewer, phrase]) {
                // Not `assert_eq!`: a difference would print 800 hits.
                let same = *searcher.search(query) == index.search(query);
                assert!(same, "{query:?} differs from a fresh search");
            }
            // Edited where the search box's cursor was put: a letter or a
            // space typed, or a letter taken, anywhere, after the phrase.
            for (at, _) in phrase.char_indices().skip(1) {
                for edit in ["e", " ", "l", ""] {
                    let rest = if edit.is_empty() {
                        &phrase[at + 1..]
                    } else {
                        &phrase[at..]
                    };
                    let query = format!("{}{edit}{rest}", &phrase[..at]);
                    for query in [phrase, &query] {
                        let same = *searcher.search(query) == index.search(query);
                        assert!(same, "{query:?} differs from a fresh search");
                    }
                }
            }
            searcher.search("");
        }
        assert!(
            index.search("ne").len() > RESCORED,
            "the rescoring comes into play"
        );
    }

    #[test]
    fn narrowing_is_only_claimed_when_it_holds() {
        let q = Query::parse;
        assert!(q("ge").narrows(&q("g")));
        assert!(q("gene").narrows(&q("gen")));
        // Grown to three letters, a word matches titles fuzzily, which it
        // did not at two.
        assert!(!q("gen").narrows(&q("ge")));
        assert!(q("gen abl").narrows(&q("gen")));
        assert!(!q("ge").narrows(&q("gen")));
        assert!(!q("64454-64630").narrows(&q("64454-6463")));
        // A bracket alone is no word: `(p` is `p`, which narrows nothing.
        assert_eq!(q("(p").words, q("p").words);
        assert!(q("(po").narrows(&q("(p")));
        assert!(!q("64454-6").narrows(&q("64454-")));
        assert!(
            !q("mod:").narrows(&q("mod")),
            "a word turning into a filter"
        );
        assert!(q("mod:50").narrows(&q("mod:5")));
        // An abbreviation finds what `rf` may not have, and `rfab` loses
        // what its meaning found.
        assert!(!q("rfa").narrows(&q("rf")));
        assert!(!q("rfab").narrows(&q("rfa")));
        assert!(q("rfa g").narrows(&q("rfa")));
        assert!(q("RFA genic").narrows(&q("RFA gen")));
    }

    #[test]
    fn an_abbreviation_finds_itself_and_its_meaning_written_out() {
        let mut described = entry("20002", "Knee thing", "No letters r f a here.");
        described.modifiers.push(ModifierUse {
            code: "22".into(),
            description: "Really far apart".into(),
            when_to_use: String::new(),
            ..ModifierUse::default()
        });
        let mut split = entry("20007", "Knee", "Radiofrequency, once.");
        split.billing.overview = "Ablation, elsewhere.".into();
        let entries = vec![
            entry("20001", "Radiofrequency ablation of a knee nerve", "Knee."),
            entry("20003", "Knee", "Heat by radiofrequency ablations."),
            entry("20004", "Knee", "Radiofrequency lesioning, then ablation."),
            entry("20005", "Knee", "Written as RFA in the text."),
            described,
            entry("20006", "Refractory facet arthritis", "Facet."),
            split,
            entry("20008", "Knee", "An rfactor is no abbreviation."),
        ];
        let index = SearchIndex::new(&entries);
        // The title that has the meaning first, as a title word; then the
        // bodies that have it written out (a plural too) or the abbreviation
        // itself. Not: the meaning's words apart, in one field or two; the
        // letters strewn through a title or description; a longer word.
        assert_eq!(codes(&index, &entries, "rfa"), ["20001", "20003", "20005"]);
        assert_eq!(
            codes(&index, &entries, "RFA"),
            codes(&index, &entries, "rfa")
        );
        assert_eq!(
            codes(&index, &entries, "knee rfa"),
            ["20001", "20003", "20005"]
        );
        // A shorter word is matched as any word of its length is, where a
        // word starts with it (not by letters strewn through "Really far
        // apart"), and not by the meaning written out.
        assert_eq!(codes(&index, &entries, "rf"), ["20005", "20008"]);
        // The plural, typed or written, is the abbreviation's.
        assert_eq!(
            codes(&index, &entries, "rfas"),
            codes(&index, &entries, "rfa")
        );
        let plural = vec![entry("20001", "Knee", "Two RFAs were done.")];
        let plural_index = SearchIndex::new(&plural);
        assert_eq!(codes(&plural_index, &plural, "rfa"), ["20001"]);
        // One after another means across a space, a hyphen or a line break,
        // not a stop, a comma or a paragraph's end; other spellings count.
        let apart = vec![
            entry("20001", "Knee", "Heat by radiofrequency\nablation."),
            entry("20002", "Knee", "Heat by radio-frequency ablation."),
            entry("20003", "Knee", "By radiofrequency. Ablation here."),
            entry("20004", "Knee", "By radiofrequency, ablation."),
            entry("20005", "Knee", "By radiofrequency\n\nablation."),
        ];
        let apart_index = SearchIndex::new(&apart);
        assert_eq!(codes(&apart_index, &apart, "rfa"), ["20001", "20002"]);
        let body = field_text(&apart[3], Field::Summary, 0);
        assert!(
            apart_index
                .highlight_in(&body, Field::Summary, "rfa")
                .is_empty()
        );
        assert_eq!(
            highlighted(&index, &entries[0], "rfa"),
            "Radiofrequency ablation"
        );
        let lit = |entry: &Entry| {
            let body = field_text(entry, Field::Summary, 0);
            let ranges = index.highlight_in(&body, Field::Summary, "rfa");
            let chars: Vec<char> = body.chars().collect();
            ranges
                .into_iter()
                .map(|r| chars[r].iter().collect::<String>())
                .collect::<Vec<_>>()
        };
        assert_eq!(lit(&entries[1]), ["radiofrequency ablations"]);
        assert!(lit(&entries[2]).is_empty());
        assert_eq!(lit(&entries[3]), ["RFA"]);
    }

    #[test]
    fn a_code_with_a_modifier_as_claims_write_it_is_the_two() {
        let searched = |text: &str| -> Vec<String> {
            let query = Query::parse(text);
            let words = query.words.iter().map(|w| w.folded.clone());
            words
                .chain(query.filters.iter().map(|f| format!("{f:?}")))
                .collect()
        };
        // The code alone is searched: the entry may not list the modifier.
        assert_eq!(searched("64624-rt"), ["64624"]);
        assert_eq!(searched("64624-50 knee"), ["64624", "knee"]);
        assert_eq!(searched("64624 - 50"), ["64624"]);
        assert_eq!(searched("64624-rt-lt"), ["64624"]);
        assert_eq!(searched("20610-50"), ["20610"]);
        // A modifier cptref has no meaning for, and one that is a letter
        // and a digit, are modifiers too; two digits starting the code are
        // a range on its way.
        assert_eq!(searched("64624-58"), ["64624"]);
        assert_eq!(searched("64624-q5"), ["64624"]);
        assert_eq!(
            searched("64630-64"),
            [format!(
                "{:?}",
                Filter::CodeRange("64630".into(), "64".into())
            )]
        );
        assert_eq!(
            Query::parse("64624-rt-lt").claims(),
            [Claim {
                code: "64624".into(),
                modifiers: vec!["RT".into(), "LT".into()],
            }]
        );
        assert_eq!(
            Claim::in_text("64624 – RT").map(|c| c.code),
            Some("64624".into())
        );
        assert_eq!(
            Claim::in_text("64624 rt RT").map(|c| c.modifiers),
            Some(vec!["RT".to_owned()])
        );
        // A range stays one, and so do its ends while typed.
        assert_eq!(tokens("10021-599"), ["10021-599"]);
        assert_eq!(tokens("64630-64640"), ["64630-64640"]);
        assert_eq!(tokens("64624-xx"), ["64624-xx"]);
        assert_eq!(tokens("64630-6"), ["64630-6"]);
        // A claim line copied with spaces: two digits are a modifier, known
        // or not, unless they start the code; letters, when known.
        assert_eq!(tokens("64624 59"), ["64624-59"]);
        assert_eq!(tokens("64624 50 xs"), ["64624-50-xs"]);
        assert_eq!(tokens("64633 76"), ["64633-76"]);
        assert_eq!(tokens("64624 64"), ["64624", "64"]);
        assert_eq!(tokens("64633 ct"), ["64633", "ct"]);
        // On the way to `-59`, the first digit does not turn the list into
        // a range back to codes starting with 5.
        assert_eq!(tokens("64624-5"), ["64624"]);
        // Nor on the way to a second modifier.
        for typed in ["64624-rt-", "64624-rt-l", "64624rt-", "64624 rt-"] {
            assert_eq!(tokens(typed), ["64624-rt"], "{typed}");
        }
        assert_eq!(tokens("64624-50-5"), ["64624-50"]);
        assert_eq!(tokens("64624-rt-lt"), ["64624-rt-lt"]);
        // Typed a character at a time, the claim's code is not lost among
        // the hits of the text on the way to it (`20001-r`).
        let q = Query::parse;
        assert!(!q("20001-rt").narrows(&q("20001-r")));
        let own = vec![
            entry("20001", "Knee", "Nothing here."),
            entry("20002", "Other", "Mentions 20001 and right."),
        ];
        let own_index = Arc::new(SearchIndex::new(&own));
        let mut searcher = Searcher::new(Arc::clone(&own_index));
        for typed in ["2", "20", "20001", "20001-", "20001-r", "20001-rt"] {
            assert_eq!(*searcher.search(typed), own_index.search(typed), "{typed}");
        }
        for typed in [
            "20001 ",
            "20001 5",
            "20001 59",
            "20001-",
            "20001-5",
            "20001-59",
            "20001-59-",
            "20001-59-r",
            "20001-59-rt",
        ] {
            assert_eq!(*searcher.search(typed), own_index.search(typed), "{typed}");
            assert_eq!(
                own_index.search(typed).first().map(|hit| hit.entry),
                Some(0),
                "the claim's code stays first: {typed}"
            );
        }
        // Likewise with a space for the dash, as a claim is often copied.
        let mut searcher = Searcher::new(Arc::clone(&own_index));
        for typed in [
            "20001",
            "20001 ",
            "20001 x",
            "20001 xs",
            "20001 xs ",
            "20001 xs k",
        ] {
            assert_eq!(*searcher.search(typed), own_index.search(typed), "{typed}");
        }
        let mut searcher = Searcher::new(Arc::clone(&own_index));
        for typed in [
            "20001-", "20001-x", "20001-xs", "20001-x", "20001 k", "20001 kn",
        ] {
            assert_eq!(*searcher.search(typed), own_index.search(typed), "{typed}");
        }
        // On the way to a modifier, its first letter keeps the code alone.
        assert_eq!(tokens("20001 x"), ["20001"]);
        assert_eq!(tokens("20001-x"), ["20001"]);
        assert_eq!(tokens("20001 x knee"), ["20001", "x", "knee"]);
        assert_eq!(tokens("20001 q"), ["20001", "q"]);
        assert_eq!(tokens("20001 xs knee"), ["20001-xs", "knee"]);
        assert_eq!(tokens("20001 rt xs 50 knee"), ["20001-rt-xs-50", "knee"]);
        assert_eq!(tokens("20001 50 knee"), ["20001-50", "knee"]);
        // Two digits, then a letter modifier: a claim all the same.
        assert_eq!(tokens("20001 50 xs"), ["20001-50-xs"]);
        assert_eq!(tokens("20001 50 xs knee"), ["20001-50-xs", "knee"]);
        assert_eq!(tokens("20001 50 x"), ["20001-50"]);
        assert_eq!(tokens("20001 rt x"), ["20001-rt"]);
        assert_eq!(tokens("knee 50 x"), ["knee", "50", "x"]);
        let mut searcher = Searcher::new(Arc::clone(&own_index));
        for typed in [
            "20001 5",
            "20001 50",
            "20001 50 ",
            "20001 50 x",
            "20001 50 xs",
        ] {
            assert_eq!(*searcher.search(typed), own_index.search(typed), "{typed}");
        }
        assert_eq!(tokens("knee xs"), ["knee", "xs"]);
        let entries = sample();
        let index = SearchIndex::new(&entries);
        assert_eq!(codes(&index, &entries, "20001-50"), ["20001"]);
        // 64633 lists no 50, and is found all the same.
        assert_eq!(codes(&index, &entries, "64633-50"), ["64633"]);
    }

    #[test]
    fn words_written_together_find_the_text_that_joins_them_with_a_hyphen() {
        let entries = vec![
            entry(
                "64633",
                "Facet nerve ablation",
                "Report the add-on code per joint.",
            ),
            entry(
                "64640",
                "Named nerve neurolysis",
                "Add a code on the claim.",
            ),
        ];
        let index = SearchIndex::new(&entries);
        assert_eq!(codes(&index, &entries, "addon"), ["64633"]);
        // Typed a letter at a time, on the way there.
        assert_eq!(codes(&index, &entries, "addo"), ["64633"]);
        let query = Query::parse("addon");
        assert_eq!(query.marks_in("the add-on code"), [4..10]);
        assert_eq!(Query::parse("addo").marks_in("the add-on code"), [4..9]);
        // Where the typed word fits in the first word, it is marked as the
        // start of that word, once.
        assert_eq!(Query::parse("add").marks_in("the add-on code"), [4..7]);
        // Not across a space, a digit or a second word that goes on.
        assert!(query.marks_in("add on").is_empty());
        assert!(query.marks_in("add-on2").is_empty());
        assert!(Query::parse("addo").marks_in("add-onto").len() == 1);
        assert!(query.marks_in("64-addon").len() == 1);
        // Marked as the text has it, with letters beyond ASCII.
        assert_eq!(Query::parse("übera").marks_in("– über-all"), [2..8]);
        // In a title or a modifier's description too, ranked as the word
        // written with its hyphen is.
        let mut described = entry("64640", "Named nerve neurolysis", "Nothing.");
        described.modifiers.push(ModifierUse {
            code: "XU".into(),
            description: "Unusual non-overlapping service".into(),
            ..ModifierUse::default()
        });
        let entries = vec![
            entry("64624", "Knee ablation, follow-up", "Nothing."),
            entry(
                "64633",
                "Facet ablation",
                "A followup visit; nonoverlapping.",
            ),
            described,
        ];
        let index = SearchIndex::new(&entries);
        for (written, found) in [
            ("followup", ("64624", Field::Title)),
            ("follow-up", ("64624", Field::Title)),
            ("nonoverlapping", ("64640", Field::ModifierDescription)),
            ("non-overlapping", ("64640", Field::ModifierDescription)),
        ] {
            let hits = index.search(written);
            let first = (entries[hits[0].entry].code.as_str(), hits[0].field);
            assert_eq!(first, found, "{written}");
        }
        assert_eq!(
            index.highlight_in("Knee ablation, follow-up", Field::Title, "followup"),
            [15..24]
        );
        // Typed a character at a time, each step finds what a fresh search
        // does.
        typing_agrees(index, &["followup", "nonoverlapping"]);
    }

    #[test]
    fn words_joined_by_a_hyphen_find_a_title_that_writes_them_apart() {
        let entries = vec![entry("64624", "Genicular nerve ablation", "Knee.")];
        let index = SearchIndex::new(&entries);
        let hits = index.search("genicular-nerve");
        assert_eq!((hits[0].entry, hits[0].field), (0, Field::Title));
        assert_eq!(
            index.highlight_in("Genicular nerve ablation", Field::Title, "genicular-nerve"),
            [0..15]
        );
        // Marked in the detail's lines, for `n` to step to, even where a
        // line breaks between the words.
        let query = Query::parse("genicular-nerve");
        assert_eq!(query.marks_in("of the genicular nerve"), [7..16, 17..22]);
        assert_eq!(query.marks_in("nerve branches"), [0..5]);
        // Marked in the body too.
        assert_eq!(
            index.highlight_in("Of the genicular nerve.", Field::Summary, "genicular-nerve"),
            [7..22]
        );
        // On the way there, the hyphen typed last is no part of the word.
        assert_eq!(tokens("genicular-"), ["genicular"]);
        assert_eq!(index.search("genicular-"), index.search("genicular"));
        // Typed a character at a time, each step finds what a fresh
        // search does.
        let index = Arc::new(SearchIndex::new(&sample()));
        let mut searcher = Searcher::new(Arc::clone(&index));
        let typed = "genicular-nerve";
        for end in 1..=typed.len() {
            let query = &typed[..end];
            assert_eq!(*searcher.search(query), index.search(query), "{query}");
        }
    }

    #[test]
    fn letters_strewn_through_a_modifier_description_rank_below_a_body_word() {
        let mut distinct = entry("64640", "Named nerve neurolysis", "Any named nerve.");
        distinct.modifiers.push(ModifierUse {
            code: "XP".into(),
            description: "Separate practitioner".into(),
            ..ModifierUse::default()
        });
        let entries = vec![
            distinct,
            entry(
                "64633",
                "Facet nerve ablation",
                "A joint of the thoracic spine.",
            ),
        ];
        let index = SearchIndex::new(&entries);
        // s-p-i-n-e are in "Separate practitioner" in order, in two words,
        // but the other entry has the word itself.
        assert_eq!(codes(&index, &entries, "spine"), ["64633", "64640"]);
        let hits = index.search("spine");
        assert_eq!(hits[1].field, Field::ModifierDescription);
        // A word of the description that the query word starts stays above
        // the body, and so do the description's own abbreviated words.
        assert_eq!(codes(&index, &entries, "practi"), ["64640"]);
        assert_eq!(index.search("practi")[0].field, Field::ModifierDescription);
        assert_eq!(codes(&index, &entries, "sep prac"), ["64640"]);
        // Typed a character at a time, each step finds what a fresh search
        // does.
        typing_agrees(index, &["spine", "practitioner"]);
    }

    #[test]
    fn a_plural_typed_finds_a_title_with_the_word_itself() {
        let entries = vec![
            entry("20001", "Genicular nerve block of the knee", "Joint pain."),
            entry("20002", "Knee-joint kneel", "Knees and more."),
            entry("20003", "Kneeling pads", "Nothing here."),
        ];
        let index = SearchIndex::new(&entries);
        let hits = index.search("knees");
        assert_eq!(hits[0].entry, 0);
        assert_eq!(hits[0].field, Field::Title);
        assert_eq!(hits[1].entry, 1);
        assert_eq!(hits[1].field, Field::Title);
        // "Kneeling" is not "knee".
        assert_eq!(hits.len(), 2);
        assert_eq!(
            index.highlight_in("Genicular nerve block of the knee", Field::Title, "knees"),
            [29..33]
        );
        // Typed a character at a time, each step finds what a fresh search
        // does.
        typing_agrees(index, &["knees"]);
    }

    #[test]
    fn a_code_of_no_cpt_shape_is_found_by_itself() {
        let entries = vec![
            entry("1000X", "A code of the wrong shape", "Nothing."),
            entry("10001", "Another", "Nothing."),
        ];
        let index = SearchIndex::new(&entries);
        assert_eq!(codes(&index, &entries, "1000x"), ["1000X"]);
        assert_eq!(index.search("1000X")[0].field, Field::Code);
        typing_agrees(index, &["1000X"]);
    }

    #[test]
    fn a_modifier_filter_partly_typed_marks_the_modifiers_it_found() {
        let marks = |query: &str, text: &str| Query::parse(query).marks_in(text);
        // `mod:5` found 50 and 52: those are marked, not a section's
        // number or a step's.
        assert_eq!(marks("mod:5", "50  Both sides (bilateral)"), [0..2]);
        assert_eq!(marks("mod:5", "52  Less than the full service"), [0..2]);
        assert!(marks("mod:5", "5 Related codes").is_empty());
        assert!(marks("mod:5", "5. Add the modifier for the side").is_empty());
        // `mod:x`: the X-modifiers, not the X of a list of them.
        assert_eq!(marks("mod:x", "XS  Separate structure"), [0..2]);
        assert!(marks("mod:x", "when NCCI edits apply, 59/X{EPSU}").is_empty());
        assert_eq!(marks("mod:r", "RT  Right side"), [0..2]);
        // Whole, as before.
        assert_eq!(marks("mod:50", "append 50 to the line"), [7..9]);
    }

    #[test]
    fn words_typed_with_a_hyphen_rank_where_the_text_joins_them_first() {
        let mut entries = vec![
            entry(
                "20001",
                "Knee block",
                "Add the modifier for one knee; it depends on the side.",
            ),
            entry("20002", "Facet ablation", "Nothing here."),
            entry("20003", "Hip block", "Nothing here."),
        ];
        for (entry, text) in entries[1..]
            .iter_mut()
            .zip(["The add-on code follows it.", "No addon code applies."])
        {
            entry.notes.push(Note {
                kind: NoteKind::Caution,
                text: text.into(),
                source: String::new(),
            });
        }
        let index = SearchIndex::new(&entries);
        // The summary has "add" and "on" apart, so it ranks last, though a
        // summary outranks a note.
        assert_eq!(
            codes(&index, &entries, "add-on"),
            ["20002", "20003", "20001"]
        );
        assert_eq!(
            codes(&index, &entries, "add-ons"),
            ["20002", "20003", "20001"]
        );
        let hits = index.search("add-on");
        assert_eq!(hits[0].field, Field::Notes);
        assert_eq!(hits[2].field, Field::Summary);
        typing_agrees(index, &["add-on", "add-ons"]);
    }

    #[test]
    fn words_typed_with_a_hyphen_mark_where_the_text_writes_them_together() {
        let query = Query::parse("add-on");
        let lines: Vec<String> = ["Add the add-on code.", "one more on the side"]
            .map(String::from)
            .to_vec();
        let marking = query.marking_in(&lines);
        assert_eq!(marking.marks_in(&lines[0]), [8..14]);
        assert!(marking.marks_in(&lines[1]).is_empty());
        // A text that never writes them together: each part, as before.
        let apart = vec!["Add the modifier for one side.".to_string()];
        assert_eq!(query.marking_in(&apart).marks_in(&apart[0]), [0..3, 21..23]);
        // Together across a wrap, and written apart by a space.
        let wrapped: Vec<String> = ["the add", "on code"].map(String::from).to_vec();
        assert_eq!(
            query.marking_in(&wrapped).marks_in_lines(&wrapped),
            [vec![4..7], vec![0..2]]
        );
        let spaced = vec!["an add on code".to_string()];
        assert_eq!(query.marking_in(&spaced).marks_in(&spaced[0]), [3..9]);
    }

    #[test]
    fn full_width_digits_and_letters_find_their_ascii_ones() {
        assert_eq!(fold("６４６２４ ＲＴ ｋｎｅｅ"), "64624 rt knee");
        let entries = vec![entry("64624", "Knee ablation", "Nothing.")];
        let index = SearchIndex::new(&entries);
        assert_eq!(codes(&index, &entries, "６４６２４"), ["64624"]);
        assert_eq!(codes(&index, &entries, "ｋｎｅｅ"), ["64624"]);
        // One character for one, so the marks stand where they should.
        assert_eq!(
            index.highlight_in("Knee ablation", Field::Title, "ａｂｌａｔｉｏｎ"),
            [5..13]
        );
    }

    #[test]
    fn a_plural_of_words_joined_by_a_hyphen_finds_them() {
        let entries = vec![
            entry("20001", "Knee block", "An add-on code is listed with it."),
            entry("20002", "Add-on code for the next level", "Nothing here."),
            entry("20003", "Follow-up visit", "Add the time to the claim."),
            entry("20004", "Addendum", "Only one code."),
        ];
        let index = SearchIndex::new(&entries);
        assert_eq!(codes(&index, &entries, "add-ons"), ["20002", "20001"]);
        assert_eq!(codes(&index, &entries, "follow-ups"), ["20003"]);
        // The word itself, not every word it starts: "once" is not "on".
        assert_eq!(codes(&index, &entries, "add-ones"), Vec::<String>::new());
        assert_eq!(
            Query::parse("add-ons").marks_in("An add-on code is listed with it."),
            [3..6, 7..9]
        );
        assert_eq!(
            index.highlight_in("Add-on code for the next level", Field::Title, "add-ons"),
            [0..6]
        );
        typing_agrees(index, &["add-ons", "follow-ups"]);
    }

    #[test]
    fn a_word_the_text_has_ranks_above_its_letters_strewn_through_a_title() {
        let entries = vec![
            entry("20001", "Percutaneous ankle, initial", "Nothing else."),
            entry("20002", "Knee block", "Pain at rest."),
        ];
        let index = SearchIndex::new(&entries);
        // `pain` is a word of the text: the entry that says it comes first,
        // the letters strewn through the other's title after it.
        assert_eq!(codes(&index, &entries, "pain"), ["20002", "20001"]);
        assert_eq!(index.search("pain")[1].field, Field::Title);
        // `pai` is no word of the text: read as letters to find in a title.
        assert_eq!(codes(&index, &entries, "pai"), ["20001", "20002"]);
        // Typed a character at a time, each step finds what a fresh search
        // does.
        typing_agrees(index, &["pain"]);
    }

    #[test]
    fn entries_matched_alike_are_scored_alike_past_the_rescored_top() {
        // More entries with one title than the fuzzy matcher rescores,
        // beside others with another: the same title, the same score, and
        // code order among them.
        let entries: Vec<Entry> = (0..RESCORED + 120)
            .map(|n| {
                let title = if n % 3 == 0 {
                    "Repair of genicular nerve branches, initial"
                } else {
                    "Genicular nerve branches, subsequent"
                };
                entry(&format!("{:05}", 10000 + n), title, "Nothing.")
            })
            .collect();
        let index = SearchIndex::new(&entries);
        let hits = index.search("gencl");
        assert_eq!(hits.len(), entries.len());
        for pair in hits.windows(2) {
            let (a, b) = (&entries[pair[0].entry], &entries[pair[1].entry]);
            if a.title == b.title {
                assert_eq!(pair[0].score, pair[1].score, "{} {}", a.code, b.code);
                assert!(a.code < b.code, "{} before {}", a.code, b.code);
            }
        }
    }

    #[test]
    fn a_range_written_another_way_is_said_to_take_a_dash() {
        for written in [
            "64630..64640",
            "64630 to 64640",
            "64630 through 64640",
            "6463*-6464*",
        ] {
            let notes = Query::parse(written).no_match_notes();
            assert!(
                notes
                    .iter()
                    .any(|n| n.starts_with("for a range of codes, join them with a dash: 6463")),
                "{written}: {notes:?}"
            );
        }
        // Not a range written right, two codes pasted from a claim, or words.
        for written in ["64630-64640", "64624 64633", "64624 to knee", "6463*"] {
            assert!(
                Query::parse(written).no_match_notes().is_empty(),
                "{written}"
            );
        }
    }

    #[test]
    fn a_possessive_typed_is_found_and_marked_on_its_word() {
        let entries = vec![
            entry("20001", "Genicular nerve block of the knee", "Nothing."),
            entry("20002", "Facet ablation", "Medicare covers it."),
        ];
        let index = SearchIndex::new(&entries);
        let hits = index.search("knee's");
        assert_eq!((hits[0].entry, hits[0].field), (0, Field::Title));
        assert_eq!(
            index.highlight_in("Genicular nerve block of the knee", Field::Title, "knee's"),
            [29..33]
        );
        assert_eq!(codes(&index, &entries, "medicare's"), ["20002"]);
        assert_eq!(
            Query::parse("medicare's").marks_in("Medicare covers it."),
            [0..8]
        );
        typing_agrees(index, &["knee's", "medicare's"]);
        // Not any word with an apostrophe in it.
        assert_eq!(possessive_base("don't"), None);
        assert_eq!(possessive_base("knee'"), Some("knee"));
    }

    #[test]
    fn a_misspelt_word_is_put_right_where_that_finds_something() {
        let entries = vec![
            entry(
                "64624",
                "Genicular nerve ablation",
                "Radiofrequency ablation of the genicular nerves.",
            ),
            entry("64633", "Facet joint ablation", "Thoracic facet joint."),
        ];
        let index = SearchIndex::new(&entries);
        let suggested = |query: &str| index.suggestion(query);
        for (typed, meant) in [
            ("genicluar", "genicular"),
            ("genecular", "genicular"),
            ("abalation", "ablation"),
            ("ablasion", "ablation"),
            ("radiofrequancy", "radiofrequency"),
            ("genicular abalation", "genicular ablation"),
            ("Thorasic", "thoracic"),
        ] {
            assert!(index.search(typed).is_empty(), "{typed} finds something");
            assert_eq!(suggested(typed).as_deref(), Some(meant), "{typed}");
        }
        // A word in titles alone, as in a large set whose prose does not
        // repeat it.
        let titled = vec![
            entry("64624", "Genicular nerve ablation", "Knee pain."),
            entry("64625", "Genicular nerves, other", "Knee."),
            entry("64626", "Fluoroscopy aided", "Imaging."),
        ];
        let titled = SearchIndex::new(&titled);
        for (typed, meant) in [
            ("genicluar", "genicular"),
            ("genicolar", "genicular"),
            ("genicularr", "genicular"),
            ("fluoroscopyy imaging", "fluoroscopy imaging"),
        ] {
            assert!(titled.search(typed).is_empty(), "{typed} finds something");
            assert_eq!(titled.suggestion(typed).as_deref(), Some(meant), "{typed}");
        }
        // A real word the content lacks, two letters from one it has, is
        // not taken for it; nor is a short word one letter off.
        let payers = vec![entry(
            "1",
            "Medicare and UniCare",
            "Medial branch, bilateral; should read.",
        )];
        let payers = SearchIndex::new(&payers);
        for typed in [
            "medicaid",
            "tricare",
            "denial",
            "shoulder",
            "head",
            "toes",
            "unilateral",
        ] {
            assert_eq!(payers.suggestion(typed), None, "{typed}");
        }
        // Too far from any word, a code, or put right and still nothing.
        assert_eq!(suggested("zzqx"), None);
        assert_eq!(suggested("99999"), None);
        assert_eq!(suggested("genicular thorasic"), None);
        // Each of words joined by a hyphen.
        assert_eq!(
            suggested("genicluar-nerves").as_deref(),
            Some("genicular-nerves")
        );
        // A word on its way (`genic`) is left as typed.
        assert_eq!(
            suggested("genic abalation").as_deref(),
            Some("genic ablation")
        );
    }

    #[test]
    fn whole_codes_are_named() {
        let whole = |text: &str| {
            Query::parse(text)
                .whole_codes()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(whole("64625 knee 64633"), ["64625", "64633"]);
        assert_eq!(whole("6462 50"), Vec::<String>::new());
        assert_eq!(whole("1234f"), ["1234F"]);
    }

    #[test]
    fn a_site_filter_takes_an_abbreviation_for_its_meaning() {
        let mut office = entry("20001", "Office thing", "");
        office.billing.site_of_service = Some("Office (POS 11)".into());
        let mut center = entry("20002", "Center thing", "");
        center.billing.site_of_service =
            Some("Ambulatory surgical center or hospital outpatient department".into());
        let mut other = entry("20003", "Other thing", "");
        other.billing.site_of_service =
            Some("Vascular clinic; purpose-built suite; ambulatory surgery centers".into());
        let entries = vec![office, center, other];
        let index = SearchIndex::new(&entries);
        // The meaning, as written or another way (surgery for surgical);
        // not the letters inside another word (vASCular, purPOSe).
        assert_eq!(codes(&index, &entries, "site:asc"), ["20002", "20003"]);
        assert_eq!(codes(&index, &entries, "site:HOPD"), ["20002"]);
        assert_eq!(codes(&index, &entries, "site:pos"), ["20001"]);
        assert_eq!(codes(&index, &entries, "site:office"), ["20001"]);
        // A word that is none is found inside others, as before.
        assert_eq!(codes(&index, &entries, "site:as"), ["20003"]);
        let q = Query::parse;
        assert!(!q("site:asc").narrows(&q("site:as")));
        assert!(!q("site:ascx").narrows(&q("site:asc")));
    }
}
