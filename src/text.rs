//! Text hygiene shared by every output: content text is made safe to send to a
//! terminal, and char ranges are mapped to graphemes for styling.

use std::ops::Range;

use textwrap::{Options, WordSeparator, WordSplitter};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Replaces control characters with visible placeholders so content text can
/// never move the cursor, change colours or ring the bell. Newlines stay; a
/// tab becomes spaces; C0 controls show as their Unicode control pictures
/// (ESC as `␛`), DEL, C1 controls and bidirectional overrides as `�`.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        push_safe(&mut out, lone_return_as_newline(c, chars.peek()));
    }
    out
}

/// A carriage return not before a newline is a line break (as old Mac
/// files end lines), not a character to drop: "A\rB" is two lines, not
/// "AB". Before a newline it goes, as a Windows line end's does.
fn lone_return_as_newline(c: char, next: Option<&char>) -> char {
    if c == '\r' && next != Some(&'\n') {
        '\n'
    } else {
        c
    }
}

/// `sanitize` for a one-line row, with a newline shown as a space, and
/// `ranges` (char indices into `text`, as search gives them) moved onto the
/// same characters of the result: a tab before a match widens the row by
/// three characters, which would otherwise shift its highlight.
pub fn sanitize_line(text: &str, ranges: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(text.len());
    // Where each char of `text` starts in `out`, counted in chars, and
    // where the last one ends.
    let mut starts = Vec::with_capacity(text.len() + 1);
    let mut count = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        starts.push(count);
        let before = out.len();
        let c = lone_return_as_newline(c, chars.peek());
        let line_break = c == '\n' || is_other_line_break(c);
        push_safe(&mut out, if line_break { ' ' } else { c });
        count += out[before..].chars().count();
    }
    starts.push(count);
    let at = |i: usize| starts[i.min(starts.len() - 1)];
    let ranges = ranges
        .iter()
        .map(|range| at(range.start)..at(range.end))
        .filter(|range| !range.is_empty())
        .collect();
    (out, ranges)
}

/// Whether `c` acts on a terminal rather than shows: a control character
/// (C0, DEL, C1), a line or paragraph separator (U+2028, U+2029), or a
/// bidirectional embedding, override or isolate, which reorders
/// the text around it on screen, so a title could show other words than it
/// holds.
pub fn acts_on_terminal(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// The line and paragraph separators other than `\n` (NEL, U+2028,
/// U+2029): terminals move the cursor for some and not others, so they are
/// shown as the line break they mean.
fn is_other_line_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn push_safe(out: &mut String, c: char) {
    match c {
        '\n' => out.push('\n'),
        // A paragraph separator parts paragraphs, as a blank line does.
        '\u{2029}' => out.push_str("\n\n"),
        c if is_other_line_break(c) => out.push('\n'),
        // A soft hyphen is a hint for breaking lines, which the wrapping
        // here does not take; terminals differ on whether to draw it.
        '\u{ad}' => {}
        '\t' => out.push_str("    "),
        '\r' => {}
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        c if acts_on_terminal(c) => out.push('\u{fffd}'),
        _ => out.push(c),
    }
}

/// `text` (made one line) as one word for a POSIX shell, to paste: as it is
/// when it has only characters no shell treats specially, else in single
/// quotes.
pub fn shell_word(text: &str) -> String {
    let text = one_line(text);
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:@%+=,-".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// `sanitize` for text shown on one line (a code, a title): a newline in it
/// shows as a space.
pub fn one_line(text: &str) -> String {
    sanitize_line(text, &[]).0
}

/// What stands in for a required text an entry lacks, in the browser and
/// in `show`.
pub const MISSING_TEXT: &str = "(missing from the content file)";

/// What stands in for a title an entry lacks, in lists, rows and `show`.
pub const MISSING_TITLE: &str = "(title missing from the content file)";

/// `title` as lists, rows and `show` give it: `MISSING_TITLE` where the
/// entry has none, since a row with nothing after its code would read as
/// a slip of the screen (`check` says what the file lacks).
pub fn title_or_missing(title: &str) -> &str {
    if title.trim().is_empty() {
        MISSING_TITLE
    } else {
        title
    }
}

/// `n` with the word for one or for many: "1 problem", "9 problems".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Maps character ranges (as search returns them) to grapheme ranges, so a
/// highlight never splits a letter from its combining accent.
pub fn char_ranges_to_graphemes(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    // For each grapheme, the char index it starts at.
    let mut starts = Vec::new();
    let mut chars = 0;
    for grapheme in text.graphemes(true) {
        starts.push(chars);
        chars += grapheme.chars().count();
    }
    let grapheme_of = |char_index: usize| match starts.binary_search(&char_index) {
        Ok(g) => g,
        Err(g) => g.saturating_sub(1),
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        if range.start >= chars || range.is_empty() {
            continue;
        }
        let start = grapheme_of(range.start);
        let end = grapheme_of(range.end.min(chars) - 1) + 1;
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// Wraps text to `width` columns with separate first-line and following-line
/// indents, at spaces only. Hyphenated words are not split: "non-radicular"
/// broken across lines hurts scanning more than a slightly ragged edge; nor
/// are a range at its dash ("64633–64636") or words joined by a slash
/// ("rami/medial"), which Unicode's line breaking would part. A word wider
/// than the line is still cut.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation);
    // A web address, path or hyphenated file name wider than the line
    // breaks after a `/` or `-`, not wherever the line ends: each such place
    // in it is followed by a mark and a space to break at, taken out again
    // once the lines are made.
    let room = width.saturating_sub(first.width().max(rest.width()));
    let too_wide = |word: &str| word.width() > room && !inner_breaks(word, room).is_empty();
    let marked =
        (text.contains(['/', '-']) && !text.contains(BREAK_MARK) && text.split(' ').any(too_wide))
            .then(|| {
                let words: Vec<String> = text
                    .split(' ')
                    .map(|word| {
                        if !too_wide(word) {
                            return word.to_owned();
                        }
                        let mut marked = String::with_capacity(word.len() + 8);
                        let mut from = 0;
                        for at in inner_breaks(word, room) {
                            marked.push_str(&word[from..at]);
                            marked.push(BREAK_MARK);
                            marked.push(' ');
                            from = at;
                        }
                        marked.push_str(&word[from..]);
                        marked
                    })
                    .collect();
                words.join(" ")
            });
    textwrap::wrap(marked.as_deref().unwrap_or(text), options)
        .into_iter()
        .map(|line| match marked {
            Some(_) => line
                .replace(&format!("{BREAK_MARK} "), "")
                .replace(BREAK_MARK, "")
                .trim_end()
                .to_owned(),
            None => line.trim_end().to_owned(),
        })
        .collect()
}

/// The byte offsets in `word` that a line too narrow for it may break at:
/// just after each `/` with a letter or digit before and after it (not the
/// `/` a path starts with, a trailing one, nor the `//` after `https:`),
/// and, in a part between them
/// still wider than `room`, after each `-` between letters or digits.
fn inner_breaks(word: &str, room: usize) -> Vec<usize> {
    let after_each = |part: &str, mark: char| -> Vec<usize> {
        part.char_indices()
            .filter(|&(at, c)| {
                c == mark
                    && part[..at].chars().any(char::is_alphanumeric)
                    && !part[..at].ends_with(mark)
                    && part[at + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            })
            .map(|(at, _)| at + 1)
            .collect()
    };
    let slashes = after_each(word, '/');
    let mut breaks = Vec::new();
    let mut from = 0;
    for to in slashes.iter().copied().chain([word.len()]) {
        let part = &word[from..to];
        if part.width() > room {
            breaks.extend(after_each(part, '-').into_iter().map(|at| from + at));
        }
        if to < word.len() {
            breaks.push(to);
        }
        from = to;
    }
    breaks
}

/// Marks a place `wrap` may break a word too wide for its line; no text
/// holds it (it is a control character, shown as a placeholder).
const BREAK_MARK: char = '\u{1}';

/// A space that must not become a line break: no-break, narrow no-break
/// and figure spaces.
fn is_fixed_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// Paragraphs (separated by blank lines) wrapped to `width` with `indent`,
/// with one blank line between them; line breaks inside a paragraph are
/// treated as spaces.
pub fn paragraph_lines(text: &str, width: usize, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, paragraph) in text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        if i > 0 {
            lines.push(String::new());
        }
        // A fixed space (`80\u{a0}°C`) is kept: it is there so that the line
        // does not break at it.
        let joined = paragraph
            .split(|c: char| c.is_whitespace() && !is_fixed_space(c))
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        lines.extend(wrap(&joined, width, indent, indent));
    }
    lines
}

/// A three-column table laid out in plain text: the header lines, a rule of
/// dashes under each column, and each row's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLines {
    pub header: Vec<String>,
    pub rule: String,
    pub rows: Vec<Vec<String>>,
}

/// Lays out a table in `width` columns: each column as wide as its widest
/// cell where that fits; else the first so, the rest shared two to three
/// (what one of them does not need going to the other), every cell wrapped
/// inside its column. Narrow widths keep a readable minimum and may
/// overflow.
pub fn table_lines(headers: [&str; 3], rows: &[[String; 3]], width: usize) -> TableLines {
    const GAP: usize = 2;
    let natural = |column: usize| {
        rows.iter()
            .map(|r| r[column].width())
            .chain([headers[column].width()])
            .max()
            .unwrap_or(4)
    };
    let first = natural(0);
    let rest = width.saturating_sub(first + 2 * GAP).max(16);
    let (widest_second, widest_third) = (natural(1), natural(2));
    let second = (rest * 2 / 5).max(8).min(widest_second);
    let third = rest.saturating_sub(second).max(8).min(widest_third);
    let second = rest.saturating_sub(third).max(second).min(widest_second);
    let widths = [first, second, third];

    let layout_row = |cells: [&str; 3]| -> Vec<String> {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(widths)
            .map(|(cell, w)| {
                let lines = wrap(cell, w, "", "");
                if lines.is_empty() {
                    vec![String::new()]
                } else {
                    lines
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|row| {
                let mut text = String::new();
                for (col, cell) in wrapped.iter().enumerate() {
                    let part = cell.get(row).map(String::as_str).unwrap_or("");
                    text.push_str(part);
                    if col < 2 {
                        let pad = widths[col].saturating_sub(part.width()) + GAP;
                        text.push_str(&" ".repeat(pad));
                    }
                }
                text.trim_end().to_owned()
            })
            .collect()
    };
    TableLines {
        header: layout_row(headers),
        rule: widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join(&" ".repeat(GAP)),
        rows: rows
            .iter()
            .map(|r| layout_row([&r[0], &r[1], &r[2]]))
            .collect(),
    }
}

/// A count with thousands separated by commas, as people read them
/// (`100,000`).
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A sentence (a modifier's meaning) to put in brackets inside another: its
/// first letter small, unless the word is one in capitals (`PC`), and no
/// full stop.
pub fn sentence_part(sentence: &str) -> String {
    let sentence = sentence.trim().trim_end_matches('.');
    let mut chars = sentence.chars();
    match (chars.next(), chars.next()) {
        // `Right side`, and `A service` (a word of one letter).
        (Some(first), second) if second.is_none_or(|c| c.is_lowercase() || c == ' ') => {
            format!("{}{}", first.to_lowercase(), &sentence[first.len_utf8()..])
        }
        _ => sentence.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meaning_in_brackets_starts_small_unless_its_word_is_in_capitals() {
        assert_eq!(
            sentence_part("Right side of the body."),
            "right side of the body"
        );
        assert_eq!(
            sentence_part("A service that is separate"),
            "a service that is separate"
        );
        assert_eq!(sentence_part("PC/TC split applies."), "PC/TC split applies");
        assert_eq!(sentence_part("X"), "x");
    }

    proptest::proptest! {
        /// A highlighted run of the raw text lands on exactly what that run
        /// becomes once made safe, whatever tabs and controls come before.
        #[test]
        fn highlights_follow_their_characters(
            text in "[a-z–“\t\r\n\u{1b}\u{7f}\u{9b} ]{0,40}",
            start in 0usize..45,
            len in 0usize..45,
        ) {
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let end = (start + len).min(chars.len());
            let (row, lit) = sanitize_line(&text, &[start..end]);
            let mut run: String = chars[start..end].iter().collect();
            // A carriage return the run ends on goes where a newline
            // follows it in the text, as it goes in the whole row.
            if run.ends_with('\r') && chars.get(end) == Some(&'\n') {
                run.pop();
            }
            let expected = sanitize_line(&run, &[]).0;
            let shown: String = match lit.first() {
                Some(range) => row.chars().skip(range.start).take(range.len()).collect(),
                None => String::new(),
            };
            proptest::prop_assert_eq!(shown, expected);
        }
    }

    #[test]
    fn a_row_keeps_its_highlight_on_the_matched_characters() {
        // "genicular" is chars 5..14 of the raw title; the tab before it
        // becomes four spaces and the carriage return goes.
        let (row, lit) = sanitize_line("knee\tgenicular\r\nnerve\u{1b}", &[5..14, 16..21]);
        assert_eq!(row, "knee    genicular nerve\u{241b}");
        let chars: Vec<char> = row.chars().collect();
        let shown: Vec<String> = lit
            .iter()
            .map(|r| chars[r.clone()].iter().collect())
            .collect();
        assert_eq!(shown, ["genicular", "nerve"]);
        // Curly quotes and en dashes are one char each, before and after.
        let (row, lit) = sanitize_line("“A”\t–\tB", &[6..7]);
        assert_eq!(row, "“A”    –    B");
        assert_eq!(lit, [12..13]);
    }

    #[test]
    fn counts_read_with_thousands_marked() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{7}c"), "a␛[31mb␇c");
        assert_eq!(sanitize("x\u{9b}y\r\nz\tw"), "x\u{fffd}y\nz    w");
        assert_eq!(sanitize("Morton’s – ok"), "Morton’s – ok");
        // Text that would read backwards, or reorder what follows it.
        assert_eq!(
            sanitize("a\u{202e}cba\u{2066}d\u{2069}"),
            "a\u{fffd}cba\u{fffd}d\u{fffd}"
        );
        assert_eq!(one_line("9990\u{1b}[2J\ntitle"), "9990␛[2J title");
        // A carriage return alone parts lines, as an old Mac file's does,
        // rather than vanishing and joining two words.
        assert_eq!(sanitize("A\rB\r\nC"), "A\nB\nC");
        assert_eq!(one_line("A\rB"), "A B");
        assert_eq!(
            sanitize_line("A\rB", &[2..3]),
            ("A B".to_owned(), vec![2..3])
        );
    }

    #[test]
    fn char_ranges_map_to_whole_graphemes() {
        // "é" as e + combining acute: two chars, one grapheme.
        let text = "ne\u{301}vrome";
        assert_eq!(char_ranges_to_graphemes(text, &[1..2]), [1..2]);
        assert_eq!(char_ranges_to_graphemes(text, &[2..4]), [1..3]);
        assert_eq!(char_ranges_to_graphemes(text, &[0..1, 1..2]), [0..2]);
        assert!(char_ranges_to_graphemes(text, &[40..41]).is_empty());
    }

    #[test]
    fn lines_break_at_spaces_not_inside_a_range_or_at_a_slash() {
        assert_eq!(
            wrap("ablation is 64633 (64633–64636) here", 26, "", ""),
            ["ablation is 64633", "(64633–64636) here"]
        );
        assert_eq!(
            wrap("at the dorsal rami/medial branch", 24, "", ""),
            ["at the dorsal", "rami/medial branch"]
        );
        assert_eq!(
            wrap("a non-radicular pain", 14, "", ""),
            ["a", "non-radicular", "pain"]
        );
        // Too wide for any line, a word is cut all the same; a web address,
        // after one of its slashes.
        assert_eq!(wrap("abcdefgh", 4, "", ""), ["abcd", "efgh"]);
        assert_eq!(
            wrap(
                "see mirahealth.care/reference/cpt/64640 here",
                28,
                "  ",
                "  "
            ),
            ["  see mirahealth.care/", "  reference/cpt/64640 here"]
        );
        assert_eq!(
            wrap(
                "see https://mirahealth.care/reference/cpt/64640",
                24,
                "",
                ""
            ),
            ["see", "https://mirahealth.care/", "reference/cpt/64640"]
        );
        // One that fits stays whole.
        assert_eq!(
            wrap("see mirahealth.care/cpt/64640", 40, "", ""),
            ["see mirahealth.care/cpt/64640"]
        );
        // Not after the slash a path starts with, and at a slash before a
        // hyphen; a long file name, after one of its hyphens.
        assert_eq!(
            wrap("run `cptref check /tmp/a-long-folder-name`.", 20, "", ""),
            ["run `cptref", "check /tmp/", "a-long-folder-name`."]
        );
        assert_eq!(
            wrap(
                "unlisted-procedure-with-a-long-name.toml:2:9: bad",
                22,
                "",
                ""
            ),
            ["unlisted-procedure-", "with-a-long-", "name.toml:2:9: bad"]
        );
    }

    #[test]
    fn tables_wrap_cells_inside_their_columns() {
        let rows = [[
            "RT".to_owned(),
            "Right side".to_owned(),
            "Only the right knee is treated – never both".to_owned(),
        ]];
        let table = table_lines(["Code", "Description", "When to use"], &rows, 40);
        assert_eq!(table.header, ["Code  Description  When to use"]);
        let column = table.header[0].find("When").unwrap();
        assert!(table.rows[0].len() > 1, "{table:?}");
        for line in &table.rows[0][1..] {
            assert_eq!(line.find(|c: char| c != ' '), Some(column), "{table:?}");
        }
        assert!(table.rows[0].iter().all(|l| l.width() <= 40));
        // Wide, no column is wider than its widest cell, and the rule
        // under each is as wide as the column.
        let table = table_lines(["Code", "Description", "When to use"], &rows, 200);
        assert_eq!(table.header, ["Code  Description  When to use"]);
        assert_eq!(
            table.rows[0],
            ["RT    Right side   Only the right knee is treated – never both"]
        );
        assert_eq!(table.rule, format!("----  -----------  {}", "-".repeat(43)));
        // Where one column needs less than its share, the other takes it.
        let table = table_lines(["Code", "Description", "When to use"], &rows, 62);
        assert_eq!(table.rows[0].len(), 1, "{table:?}");
    }

    #[test]
    fn paragraphs_keep_their_breaks() {
        let lines = paragraph_lines("One two\nthree.\n\nFour.", 20, "  ");
        assert_eq!(lines, ["  One two three.", "", "  Four."]);
    }

    #[test]
    fn other_line_separators_are_shown_as_the_breaks_they_mean() {
        assert_eq!(sanitize("a\u{2028}b\u{2029}c\u{85}d"), "a\nb\n\nc\nd");
        assert_eq!(one_line("a\u{2028}b\u{2029}c\u{85}d"), "a b c d");
        assert!(acts_on_terminal('\u{2028}') && acts_on_terminal('\u{2029}'));
        assert_eq!(sanitize("soft\u{ad}hyphen"), "softhyphen");
    }

    #[test]
    fn a_fixed_space_is_no_place_to_break_a_line() {
        // Without the fixed space, the line would break before `°C`.
        let lines = paragraph_lines("below 80\u{a0}°C here", 9, "");
        assert_eq!(lines, ["below", "80\u{a0}°C", "here"]);
        let lines = paragraph_lines("below 80 °C here", 9, "");
        assert_eq!(lines, ["below 80", "°C here"]);
    }
}
