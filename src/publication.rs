//! Source publications: the plain-text documents coders and trainers already
//! have ("Summary & Overview", a "CPT NNNNN: Title" line, "Billing Code
//! Overview", "Clinical Context", a pipe table of modifiers), read into an
//! `Entry` with findings for whatever in them is wrong or missing.
//!
//! The parser takes any bytes without panicking: it refuses what is too
//! large or not text, and reports rather than rejects everything else.

use serde::Serialize;

use crate::audit::FindingKind;
use crate::location::Location;
use crate::model::{Entry, ModifierUse, Section, is_cpt_code};
use crate::registry::Registry;

/// Larger files are refused: a publication is a few kilobytes, and reading a
/// stray disk image into memory helps nobody.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;

/// Something wrong with a publication, at a line where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationFinding {
    pub line: Option<usize>,
    pub kind: FindingKind,
    pub message: String,
}

/// A publication read into the content model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub entry: Entry,
    pub findings: Vec<PublicationFinding>,
    /// It has a `CPT NNNNN: Title` line or a heading of a publication's: a
    /// text with neither (a letter, a list) is none.
    pub is_one: bool,
}

/// Turns raw bytes into text: drops a byte-order mark, refuses binary data
/// and text that is not UTF-8.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, Undecodable> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(bytes.len() as u64).into());
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // UTF-16 (as some Windows editors save "Unicode" text): its byte-order
    // mark, or ASCII with every other byte NUL. Said by name, since the
    // fix is to save it again, not that the file is binary.
    let utf16 = bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || (bytes.len() >= 4
            && bytes.len().is_multiple_of(2)
            && (bytes.iter().skip(1).step_by(2).all(|&b| b == 0)
                || bytes.iter().step_by(2).all(|&b| b == 0)));
    if utf16 {
        return Err(Undecodable {
            reason: "UTF-16 text, which cptref does not read; save the document as UTF-8".into(),
            at: None,
        });
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(Undecodable {
            reason: "binary data (a NUL byte), not a text document".into(),
            at: Some(place(&bytes, nul)),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        Undecodable {
            reason: "a byte that is not UTF-8 text; save the document as UTF-8".into(),
            at: Some(place(e.as_bytes(), valid)),
        }
    })
}

/// Why a file's bytes are not text cptref can read, and where in the file
/// when there is a place: an editor finds a stray byte by line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    pub reason: String,
    pub at: Option<Location>,
}

impl From<String> for Undecodable {
    fn from(reason: String) -> Undecodable {
        Undecodable { reason, at: None }
    }
}

impl std::fmt::Display for Undecodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some(at) => write!(f, "{at}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// The line and column of byte `offset`, counting the characters before it
/// on its line (a bad byte before it counts as one).
fn place(bytes: &[u8], offset: usize) -> Location {
    let before = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
    Location::of_offset(&before, before.len())
}

pub fn too_large(size: u64) -> String {
    format!(
        "file is {size} bytes; content files and publications are limited to {} bytes",
        MAX_BYTES
    )
}

/// The parts of a publication, as its headings name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Text before the first heading.
    Preamble,
    Summary,
    Billing,
    /// "Clinical & Coding Specifications": a heading over the two below.
    Specifications,
    Scenario,
    Modifiers,
    /// A heading the parser does not know; an index into the extra sections.
    Extra(usize),
}

/// Folds the ways documents spell the same heading: case, curly quotes,
/// dashes, `&` for "and", a trailing colon, runs of spaces.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().trim_end_matches(':').chars() {
        match c {
            '‘' | '’' | '′' => out.push('\''),
            '“' | '”' => out.push('"'),
            '–' | '—' | '‐' | '‑' => out.push('-'),
            '&' => out.push_str(" and "),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn known_heading(line: &str) -> Option<Part> {
    match normalise(line).as_str() {
        "summary and overview" | "summary" | "overview" | "summary overview" => Some(Part::Summary),
        "billing code overview"
        | "cpt code overview"
        | "code overview"
        | "billing overview"
        | "billing" => Some(Part::Billing),
        "clinical and coding specifications" | "clinical and coding specification" => {
            Some(Part::Specifications)
        }
        "clinical context" | "clinical scenario" | "clinical" => Some(Part::Scenario),
        "coding specifications" | "coding specification" | "modifiers" | "modifier table" => {
            Some(Part::Modifiers)
        }
        _ => None,
    }
}

/// A short title-case line without closing punctuation reads as a heading
/// the parser does not know ("Payer Coverage Notes").
fn looks_like_heading(line: &str) -> bool {
    const SMALL: [&str; 10] = [
        "and", "of", "or", "the", "for", "to", "in", "a", "&", "with",
    ];
    let words: Vec<&str> = line.split_whitespace().collect();
    let first_upper = line.chars().next().is_some_and(char::is_uppercase);
    first_upper
        && (1..=8).contains(&words.len())
        && line.chars().count() <= 60
        && !line.contains('|')
        && !line.contains(": ")
        && !line.ends_with(['.', ',', ';', ':', '!', '?'])
        && words.iter().all(|w| {
            SMALL.contains(&w.to_lowercase().as_str())
                || w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

/// The lines of a publication as `parse` numbers them.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    // \r\n is one line end, and a lone \r (old Mac files) is one too.
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// The number of the line that gives a publication's code, as `parse`
/// reads it (the first `CPT NNNNN: Title` line).
pub fn code_line(text: &str) -> Option<usize> {
    lines(text)
        .position(|line| cpt_line(line.trim()).is_some())
        .map(|index| index + 1)
}

/// `CPT 64624: Title` (or with a dash): the code and the title.
fn cpt_line(line: &str) -> Option<(String, String)> {
    let rest = line.get(..4).filter(|p| p.eq_ignore_ascii_case("cpt "))?;
    let rest = &line[rest.len()..];
    let rest = rest.trim_start();
    let code_end = rest.find(|c: char| !c.is_alphanumeric())?;
    let (code, after) = rest.split_at(code_end);
    let after = after.trim_start();
    let title = after
        .strip_prefix(':')
        .or_else(|| after.strip_prefix('-'))
        .or_else(|| after.strip_prefix('–'))
        .or_else(|| after.strip_prefix('—'))?;
    (!code.is_empty()).then(|| (code.to_owned(), title.trim().to_owned()))
}

/// `Service type: …` and `Typical site of service: …` lines.
fn labelled(line: &str, labels: &[&str]) -> Option<String> {
    let (label, value) = line.split_once(':')?;
    let label = normalise(label);
    labels
        .contains(&label.as_str())
        .then(|| value.trim().to_owned())
}

/// Sentences generated text leaves where it had nothing to say.
fn is_placeholder(sentence: &str) -> bool {
    let folded = normalise(sentence);
    folded.contains("data not available") || folded.contains("not available in the input")
}

/// Text gathered for one part: lines joined into paragraphs.
#[derive(Debug, Default)]
struct Text {
    paragraphs: Vec<String>,
    open: bool,
}

impl Text {
    fn push_line(&mut self, line: &str) {
        match self.paragraphs.last_mut() {
            Some(last) if self.open => {
                last.push(' ');
                last.push_str(line);
            }
            _ => self.paragraphs.push(line.to_owned()),
        }
        // A line that ends a sentence ends the paragraph: publications put
        // one paragraph on each line, wrapped ones continue mid-sentence.
        self.open = !line.ends_with(['.', '!', '?', ':', '"', '”', ')', '’']);
    }

    fn break_paragraph(&mut self) {
        self.open = false;
    }

    fn joined(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Splits a table row on pipes, without the empty cells that a leading or
/// trailing pipe makes.
fn cells(line: &str) -> Vec<String> {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

fn is_rule(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim_matches(':');
        c.len() >= 2 && c.chars().all(|ch| ch == '-')
    })
}

/// Column positions of a modifier table, from its header row.
#[derive(Debug, Clone, Copy)]
struct Columns {
    code: usize,
    description: usize,
    when: usize,
    count: usize,
}

impl Columns {
    fn from_header(cells: &[String]) -> Option<Columns> {
        let find = |words: &[&str]| {
            cells.iter().position(|c| {
                let c = normalise(c);
                words.iter().any(|w| c.contains(w))
            })
        };
        let code = find(&["modifier", "code"])?;
        Some(Columns {
            code,
            description: find(&["description", "meaning"]).unwrap_or(code + 1),
            when: find(&["when", "use"]).unwrap_or(code + 2),
            count: cells.len(),
        })
    }

    fn default_for(count: usize) -> Columns {
        Columns {
            code: 0,
            description: 1,
            when: 2,
            count: count.max(3),
        }
    }
}

/// Reads a publication. `name` goes into the entry's sources.
pub fn parse(text: &str, name: &str, registry: &Registry) -> Publication {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut findings = Vec::new();
    let mut report = |line: Option<usize>, kind, message: String| {
        findings.push(PublicationFinding {
            line,
            kind,
            message,
        })
    };

    let mut entry = Entry {
        sources: vec![name.to_owned()],
        ..Entry::default()
    };
    let mut part = Part::Preamble;
    // Each known heading met, with its line.
    let mut seen: Vec<(Part, usize)> = Vec::new();
    let (mut preamble, mut summary, mut billing, mut scenario) = (
        Text::default(),
        Text::default(),
        Text::default(),
        Text::default(),
    );
    let mut extra: Vec<(String, Text)> = Vec::new();
    let mut columns: Option<Columns> = None;
    let mut cpt_seen = false;

    for (index, raw) in lines(text).enumerate() {
        let number = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            for t in [&mut preamble, &mut summary, &mut billing, &mut scenario] {
                t.break_paragraph();
            }
            if let Part::Extra(i) = part {
                extra[i].1.break_paragraph();
            }
            continue;
        }

        if let Some(next) = known_heading(line) {
            part = next;
            seen.push((next, number));
            columns = None;
            continue;
        }

        if !cpt_seen && let Some((code, title)) = cpt_line(line) {
            cpt_seen = true;
            if !is_cpt_code(&code) {
                report(
                    Some(number),
                    FindingKind::CodeShape,
                    format!(
                        "code `{code}` is not in CPT shape (four digits, then a digit, F or T)"
                    ),
                );
            }
            entry.code = code;
            entry.title = title;
            continue;
        }

        if line.contains('|') && matches!(part, Part::Modifiers) {
            let row = cells(line);
            if is_rule(&row) {
                continue;
            }
            if columns.is_none() {
                if let Some(header) = Columns::from_header(&row) {
                    columns = Some(header);
                    continue;
                }
                // No header: the first row is data, in the usual order.
                columns = Some(Columns::default_for(row.len()));
            }
            let cols = columns.unwrap_or(Columns::default_for(row.len()));
            table_row(&row, cols, number, line, registry, &mut entry, &mut report);
            continue;
        }

        // What is left is prose; placeholder sentences are dropped.
        let kept: Vec<&str> = sentences(line)
            .into_iter()
            .filter(|sentence| {
                let placeholder = is_placeholder(sentence);
                if placeholder {
                    report(
                        Some(number),
                        FindingKind::Placeholder,
                        format!("placeholder text, not carried over: “{}”", sentence.trim()),
                    );
                }
                !placeholder
            })
            .collect();
        if kept.is_empty() {
            continue;
        }
        let line = kept.concat();
        let line = line.trim();

        if part == Part::Billing || part == Part::Preamble {
            if let Some(value) = labelled(line, &["service type", "type of service"]) {
                entry.billing.service_type = Some(value);
                continue;
            }
            if let Some(value) = labelled(
                line,
                &[
                    "typical site of service",
                    "site of service",
                    "place of service",
                ],
            ) {
                entry.billing.site_of_service = Some(value);
                continue;
            }
        }

        if looks_like_heading(line) {
            extra.push((line.to_owned(), Text::default()));
            part = Part::Extra(extra.len() - 1);
            continue;
        }

        match part {
            Part::Preamble => preamble.push_line(line),
            Part::Summary => summary.push_line(line),
            Part::Billing => billing.push_line(line),
            Part::Scenario | Part::Specifications => scenario.push_line(line),
            Part::Modifiers => {
                // Prose in the coding part is kept under its own heading.
                if !matches!(extra.last(), Some((h, _)) if h == "Coding specifications") {
                    extra.push(("Coding specifications".into(), Text::default()));
                }
                if let Some((_, t)) = extra.last_mut() {
                    t.push_line(line);
                }
            }
            Part::Extra(i) => extra[i].1.push_line(line),
        }
    }

    entry.summary = if summary.paragraphs.is_empty() {
        preamble.joined()
    } else {
        summary.joined()
    };
    entry.billing.overview = billing.joined();
    entry.clinical.scenario = scenario.joined();
    entry.sections = extra
        .into_iter()
        .map(|(heading, text)| Section {
            heading,
            text: text.joined(),
        })
        .collect();

    if !cpt_seen {
        report(
            None,
            FindingKind::MissingSection,
            crate::audit::PUBLICATION_WITHOUT_CODE.into(),
        );
    }
    for (wanted, name, filled) in [
        (
            Part::Summary,
            "Summary & Overview",
            !entry.summary.is_empty(),
        ),
        (
            Part::Billing,
            "Billing Code Overview",
            !entry.billing.overview.is_empty(),
        ),
        (
            Part::Scenario,
            "Clinical Context",
            !entry.clinical.scenario.is_empty(),
        ),
        (Part::Modifiers, "Coding Specifications", true),
    ] {
        // A heading with nothing under it is said so, at the heading.
        match seen.iter().find(|(part, _)| *part == wanted) {
            None => report(
                None,
                FindingKind::MissingSection,
                format!("missing section “{name}”"),
            ),
            Some((_, line)) if !filled => report(
                Some(*line),
                FindingKind::MissingSection,
                format!("section “{name}” has no text under its heading"),
            ),
            Some(_) => {}
        }
    }
    Publication {
        entry,
        findings,
        is_one: cpt_seen || !seen.is_empty(),
    }
}

/// One data row of the modifier table: kept when whole and known, reported
/// and dropped otherwise.
fn table_row(
    row: &[String],
    cols: Columns,
    number: usize,
    line: &str,
    registry: &Registry,
    entry: &mut Entry,
    report: &mut impl FnMut(Option<usize>, FindingKind, String),
) {
    let cell = |i: usize| row.get(i).map(String::as_str).unwrap_or("").trim();
    let code = cell(cols.code);
    let (description, when) = (cell(cols.description), cell(cols.when));
    if code.is_empty() {
        return;
    }
    if row.len() < cols.count.min(3) || description.is_empty() || when.is_empty() {
        report(
            Some(number),
            FindingKind::TruncatedRow,
            format!("modifier table row is cut short, not carried over: `{line}`"),
        );
        return;
    }
    if registry.get(code).is_none() {
        report(
            Some(number),
            FindingKind::UnknownModifier,
            format!(
                "{}; row not carried over: `{line}`",
                registry.not_in_registry(code)
            ),
        );
        return;
    }
    // As `check` finds it in an entry: a second row of one modifier would
    // make the file written from this one fail.
    if entry
        .modifiers
        .iter()
        .any(|kept| kept.code.eq_ignore_ascii_case(code))
    {
        report(
            Some(number),
            FindingKind::DuplicateModifier,
            format!(
                "modifier `{}` is listed twice in the table; this row not carried over: `{line}`",
                code.to_ascii_uppercase()
            ),
        );
        return;
    }
    entry.modifiers.push(ModifierUse {
        code: code.to_ascii_uppercase(),
        description: description.to_owned(),
        when_to_use: when.to_owned(),
        ..ModifierUse::default()
    });
}

/// Splits a line after each sentence end, keeping the text whole when joined.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') && chars.peek().is_some_and(|(_, next)| *next == ' ') {
            let end = i + c.len_utf8();
            out.push(&line[start..end]);
            start = end;
        }
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_text_is_named_and_binary_data_still_placed() {
        let utf16: Vec<u8> = "CPT 64624: Title\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        for bytes in [utf16.clone(), [&[0xFF, 0xFE][..], &utf16].concat()] {
            let error = decode(bytes).unwrap_err();
            assert_eq!(
                error.reason,
                "UTF-16 text, which cptref does not read; save the document as UTF-8"
            );
            assert_eq!(error.at, None);
        }
        let binary = decode(b"abc\0def".to_vec()).unwrap_err();
        assert!(binary.reason.starts_with("binary data"));
        assert!(binary.at.is_some());
    }

    fn parse_text(text: &str) -> Publication {
        parse(text, "test.txt", &Registry::builtin())
    }

    const DOC: &str = "Summary & Overview\n\
        CPT 99990: Made-Up Procedure\n\
        A first paragraph. It continues.\n\
        A second paragraph.\n\
        Billing Code Overview\n\
        What is billed.\n\
        Service type: Made-up service\n\
        Typical site of service: Office\n\
        Clinical & Coding Specifications\n\
        Clinical Context\n\
        A made-up patient.\n\
        Coding Specifications\n\
        | Modifier | Description | When to Use |\n\
        |---|---|---|\n\
        RT | Right side | Only the right side.\n";

    #[test]
    fn a_well_formed_document_parses_clean() {
        let p = parse_text(DOC);
        assert!(p.findings.is_empty(), "{:#?}", p.findings);
        assert_eq!(p.entry.code, "99990");
        assert_eq!(p.entry.title, "Made-Up Procedure");
        assert_eq!(
            p.entry.summary,
            "A first paragraph. It continues.\n\nA second paragraph."
        );
        assert_eq!(p.entry.billing.overview, "What is billed.");
        assert_eq!(
            p.entry.billing.service_type.as_deref(),
            Some("Made-up service")
        );
        assert_eq!(p.entry.billing.site_of_service.as_deref(), Some("Office"));
        assert_eq!(p.entry.clinical.scenario, "A made-up patient.");
        assert_eq!(p.entry.modifiers.len(), 1);
        assert_eq!(p.entry.modifiers[0].when_to_use, "Only the right side.");
        assert_eq!(p.entry.sources, ["test.txt"]);
    }

    #[test]
    fn a_line_ended_by_cr_lf_is_one_line() {
        let text = DOC.replace('\n', "\r\n") + "11 | Not real | Never.\r\n";
        let p = parse_text(&text);
        let lines: Vec<Option<usize>> = p.findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [Some(16)]);
        assert_eq!(code_line(&text), code_line(DOC));
        assert_eq!(code_line("a\rCPT 99991: Old Mac\r"), Some(2));
    }

    #[test]
    fn placeholders_truncated_rows_and_unknown_modifiers_are_findings() {
        let text = DOC.replace(
            "What is billed.",
            "What is billed. Data not available in the input.",
        ) + "11 | Not real | Never.\n50 |\nrt | Right again | Twice.\n";
        let p = parse_text(&text);
        let kinds: Vec<(Option<usize>, FindingKind)> =
            p.findings.iter().map(|f| (f.line, f.kind)).collect();
        assert_eq!(
            kinds,
            [
                (Some(6), FindingKind::Placeholder),
                (Some(16), FindingKind::UnknownModifier),
                (Some(17), FindingKind::TruncatedRow),
                (Some(18), FindingKind::DuplicateModifier),
            ]
        );
        assert_eq!(p.entry.billing.overview, "What is billed.");
        assert_eq!(p.entry.modifiers.len(), 1);
        // As `check` says it of an entry: what 11 is.
        assert!(
            p.findings[1]
                .message
                .starts_with("modifier `11` does not exist: 11 is place of service 11"),
            "{}",
            p.findings[1].message
        );
    }

    #[test]
    fn heading_variants_and_line_ends_are_understood() {
        let text = "\u{feff}SUMMARY AND OVERVIEW\r\nCPT 99990 – A Title\r\nText.\r\n\r\n\
                    CPT Code Overview:\r\nBilled.\r\nService Type: X\r\n\
                    Clinical and Coding Specifications\r\nclinical context\r\nCase.\r\n\
                    Coding Specifications\r\nModifier Code | Description | When to Use\r\n\
                    | LT | Left side | Left only. |\r\n";
        let p = parse_text(text);
        assert!(p.findings.is_empty(), "{:#?}", p.findings);
        assert_eq!(p.entry.title, "A Title");
        assert_eq!(p.entry.billing.service_type.as_deref(), Some("X"));
        assert_eq!(p.entry.modifiers[0].code, "LT");
    }

    #[test]
    fn unknown_headings_become_sections_and_missing_ones_findings() {
        let text =
            "Summary & Overview\nCPT 99990: T\nText.\nPayer Coverage Notes\nSome payers differ.\n";
        let p = parse_text(text);
        assert_eq!(p.entry.sections.len(), 1);
        assert_eq!(p.entry.sections[0].heading, "Payer Coverage Notes");
        assert_eq!(p.entry.sections[0].text, "Some payers differ.");
        let missing: Vec<&str> = p
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::MissingSection)
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            missing,
            [
                "missing section “Billing Code Overview”",
                "missing section “Clinical Context”",
                "missing section “Coding Specifications”"
            ]
        );
    }

    #[test]
    fn a_heading_with_no_text_is_said_so_at_its_line() {
        let text = "CPT 99990: T\nSummary & Overview\n\nBilling Code Overview\nBilled once.\n";
        let p = parse_text(text);
        let empty = p
            .findings
            .iter()
            .find(|f| f.message.contains("Summary & Overview"))
            .unwrap();
        assert_eq!(
            empty.message,
            "section “Summary & Overview” has no text under its heading"
        );
        assert_eq!(empty.line, Some(2));
    }

    #[test]
    fn a_bad_code_is_reported_at_its_line() {
        let p = parse_text("Summary\nCPT 6462: Short code\n");
        assert_eq!(p.findings[0].kind, FindingKind::CodeShape);
        assert_eq!(p.findings[0].line, Some(2));
    }

    #[test]
    fn binary_and_oversized_input_is_refused() {
        let error = decode(b"abc\0def".to_vec()).unwrap_err();
        assert!(error.reason.contains("binary"));
        assert_eq!(error.at, Some(Location { line: 1, column: 4 }));
        // The bad byte's place counts characters: the en dash is one.
        let error = decode("ok\nA – b".bytes().chain([0xff, 0x41]).collect()).unwrap_err();
        assert!(error.reason.contains("UTF-8"));
        assert_eq!(error.to_string(), format!("2:6: {}", error.reason));
        assert_eq!(decode(b"\xEF\xBB\xBFok".to_vec()).unwrap(), "ok");
        let big = vec![b'a'; MAX_BYTES as usize + 1];
        let error = decode(big).unwrap_err();
        assert!(error.reason.contains("limited") && error.at.is_none());
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        for text in [
            "",
            "\n\n\n",
            "|",
            "||||",
            "CPT",
            "CPT :",
            "CPT 1:",
            "\r",
            "Coding Specifications\n|",
        ] {
            let _ = parse_text(text);
        }
        let long = "word ".repeat(200_000);
        let p = parse_text(&long);
        assert!(!p.entry.summary.is_empty());
    }
}
