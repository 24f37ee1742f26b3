//! Text hygiene shared by every output: content text is made safe to send to a
//! terminal, and char ranges are mapped to graphemes for styling.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Replaces control characters with visible placeholders so content text can
/// never move the cursor, change colours or ring the bell. Newlines stay; a
/// tab becomes spaces; C0 controls show as their Unicode control pictures
/// (ESC as `␛`), DEL and C1 controls as `�`.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\r' => {}
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}'..='\u{9f}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{7}c"), "a␛[31mb␇c");
        assert_eq!(sanitize("x\u{9b}y\r\nz\tw"), "x\u{fffd}y\nz    w");
        assert_eq!(sanitize("Morton’s – ok"), "Morton’s – ok");
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
}
