//! Places in a content file: key paths (`modifiers[2].code`) and the line and
//! column they stand at, so every message can point at the text to fix.

use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Name(String),
    Index(usize),
}

/// Where a value sits in a TOML document, as a coder would write it:
/// `modifiers[2].code`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Key>);

impl KeyPath {
    pub fn root() -> KeyPath {
        KeyPath(Vec::new())
    }

    pub fn name(mut self, name: &str) -> KeyPath {
        self.0.push(Key::Name(name.to_owned()));
        self
    }

    pub fn index(mut self, index: usize) -> KeyPath {
        self.0.push(Key::Index(index));
        self
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.0.iter().enumerate() {
            match key {
                Key::Name(name) if i == 0 => write!(f, "{name}")?,
                Key::Name(name) => write!(f, ".{name}")?,
                Key::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A 1-based line and column; the column counts characters, not bytes, so it
/// matches what an editor shows on a line with en dashes or curly quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The line and column of a byte offset in `text`. An offset past the end
    /// or inside a character clamps to the nearest character start before it.
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// Whether a TOML error is about a number past what TOML holds ("invalid
/// type: integer `…` as i128", or past what the parser keeps), which a
/// content file and the configuration say in a user's words.
pub fn number_too_large(message: &str) -> bool {
    message.contains(" as i128") || message.contains("u64 value was too large")
}

/// Where to place TOML's "recursion limit" error, which comes with no
/// place, and what to say instead: at the key with the most dotted parts
/// (a byte offset). `None` for any other error.
pub fn nested_too_deep(text: &str, error: &toml::de::Error) -> Option<(usize, String)> {
    if error.span().is_some() || !error.message().contains("recursion limit") {
        return None;
    }
    let (at, parts) = most_dotted_key(text)?;
    Some((
        at,
        format!("nested too deep to read: this key has {parts} dotted parts"),
    ))
}

/// Where the key or table name with the most dotted parts starts (a byte
/// offset), and how many parts it has: for an error about nesting too deep,
/// which TOML reports with no place. Dots inside quotes are counted too;
/// the line is a hint, where the text is known to be nested too deep.
pub fn most_dotted_key(text: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let key = line.trim_start();
        let key = if key.starts_with('[') {
            key
        } else {
            key.split('=').next().unwrap_or_default()
        };
        let parts = key.matches('.').count() + 1;
        if !key.starts_with('#') && parts > 1 && best.is_none_or(|(_, most)| parts > most) {
            best = Some((start + indent, parts));
        }
        start += line.len();
    }
    best
}

/// Where the first string of a TOML `text` that is not closed on its line
/// opens (a byte offset), if one is not. TOML's own error for a missing
/// quote points past the line's end, at whatever the parser met next; a
/// person wants the quote that is missing. Multi-line strings (`"""`,
/// `'''`) may span lines and are stepped over; a `#` outside a string
/// starts a comment.
pub fn unclosed_string(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // The closing delimiter of the multi-line string `at` is inside.
    let mut multi_line: Option<&[u8]> = None;
    while at < bytes.len() {
        if let Some(close) = multi_line {
            if bytes[at..].starts_with(close) {
                // Quotes right after the delimiter belong to the string.
                at += close.len();
                while bytes.get(at) == Some(&close[0]) {
                    at += 1;
                }
                multi_line = None;
            } else {
                // A basic string's escaped quote does not close it.
                at += if close[0] == b'"' && bytes[at] == b'\\' {
                    2
                } else {
                    1
                };
            }
            continue;
        }
        match bytes[at] {
            b'#' => {
                // A comment runs to the end of its line.
                at = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |end| at + end);
            }
            quote @ (b'"' | b'\'') => {
                let triple: &[u8] = if quote == b'"' { b"\"\"\"" } else { b"'''" };
                if bytes[at..].starts_with(triple) {
                    multi_line = Some(triple);
                    at += 3;
                    continue;
                }
                let open = at;
                at += 1;
                loop {
                    match bytes.get(at) {
                        None | Some(b'\n') => return Some(open),
                        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => return Some(open),
                        Some(b'\\') if quote == b'"' => at += 2,
                        Some(&b) if b == quote => {
                            at += 1;
                            break;
                        }
                        Some(_) => at += 1,
                    }
                }
            }
            _ => at += 1,
        }
    }
    None
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where the keys of one document are: parsed once, with its line starts,
/// so that a file with thousands of findings places each without parsing
/// or scanning the file again.
pub struct Places<'a> {
    text: &'a str,
    root: Option<Spanned<DeValue<'a>>>,
    /// The byte offset of each line's first character.
    line_starts: Vec<usize>,
}

impl<'a> Places<'a> {
    pub fn new(text: &'a str) -> Places<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Places {
            text,
            root: parse_document(text),
            line_starts,
        }
    }

    /// The byte span of the value at `path`, or of its nearest parent that
    /// exists (a missing key is best shown at the table that should hold it;
    /// for a missing top-level key, that is the whole file, from its start).
    pub fn span_of(&self, path: &KeyPath) -> Option<Range<usize>> {
        let mut value = self.root.as_ref()?;
        let mut span = Some(0..self.text.len());
        for key in &path.0 {
            match child(value, key) {
                Some(next) => {
                    value = next;
                    span = Some(next.span());
                }
                None => break,
            }
        }
        span
    }

    /// Whether the document has a value at `path` (`code = ""` has one).
    pub fn holds(&self, path: &KeyPath) -> bool {
        self.root
            .as_ref()
            .and_then(|root| path.0.iter().try_fold(root, |value, key| child(value, key)))
            .is_some()
    }

    /// The line and column of the key that ends `path` (`x` in
    /// `list = { x = "reveal" }`), where an error about the setting as a
    /// whole belongs; the value's place where the key is not found.
    pub fn key_location_of(&self, path: &KeyPath) -> Option<Location> {
        let key_span = path.0.split_last().and_then(|(last, parent)| {
            let Key::Name(name) = last else {
                return None;
            };
            let value = parent
                .iter()
                .try_fold(self.root.as_ref()?, |value, key| child(value, key))?;
            let DeValue::Table(table) = value.get_ref() else {
                return None;
            };
            table
                .get_key_value(name.as_str())
                .map(|(key, _)| key.span())
        });
        match key_span {
            Some(span) => Some(self.location_at(span.start)),
            None => self.location_of(path),
        }
    }

    /// The line and column where the value at `path` (or its nearest
    /// parent) starts.
    pub fn location_of(&self, path: &KeyPath) -> Option<Location> {
        self.span_of(path).map(|span| self.location_at(span.start))
    }

    /// As `Location::of_offset`, by the line starts found once.
    fn location_at(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        Location {
            line,
            column: self.text[line_start..offset].chars().count() + 1,
        }
    }
}

/// What TOML's bare "duplicate key" at `offset` (where the key given a
/// second time starts, bare or quoted) names: that key, or the table whose
/// header is written twice (`[keys.list]`).
pub fn duplicate_named(text: &str, offset: usize) -> Option<String> {
    let rest = &text[offset.min(text.len())..];
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |at| at + 1);
    let line = text[line_start..].lines().next().unwrap_or_default().trim();
    if line.starts_with('[') {
        let header = line
            .split(']')
            .next()
            .unwrap_or(line)
            .trim_start_matches('[');
        return Some(format!(
            "duplicate table `[{}]`: it is given twice; put its keys under one",
            header.trim()
        ));
    }
    let key: String = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..]
            .chars()
            .take_while(|&c| c != quote && c != '\n')
            .collect(),
        _ => rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .collect(),
    };
    (!key.is_empty()).then(|| format!("duplicate key `{key}`: it is given twice"))
}

/// The key path of the innermost value whose span holds `offset`: names the
/// key at fault when the parser reports only a position.
pub fn key_at(text: &str, offset: usize) -> Option<KeyPath> {
    let root = parse_document(text)?;
    let mut best = None;
    find_key(root.get_ref(), offset, &KeyPath::root(), &mut best);
    best
}

/// Walks the whole tree: a table's span covers only its header, so a child
/// can hold the offset when its parent does not. The deepest hit wins.
fn find_key(value: &DeValue<'_>, offset: usize, path: &KeyPath, best: &mut Option<KeyPath>) {
    match value {
        DeValue::Table(table) => {
            for (key, child) in table.iter() {
                let child_path = path.clone().name(key.get_ref());
                if contains(key.span(), offset) || contains(child.span(), offset) {
                    *best = Some(child_path.clone());
                }
                find_key(child.get_ref(), offset, &child_path, best);
            }
        }
        DeValue::Array(array) => {
            for (i, child) in array.iter().enumerate() {
                let child_path = path.clone().index(i);
                if contains(child.span(), offset) {
                    *best = Some(child_path.clone());
                }
                find_key(child.get_ref(), offset, &child_path, best);
            }
        }
        _ => {}
    }
}

/// The whole document as one spanned table value, or `None` when it is not
/// well-formed TOML.
/// The value under `key` in `value` (a table's by name, an array's by
/// place).
fn child<'v, 'a>(value: &'v Spanned<DeValue<'a>>, key: &Key) -> Option<&'v Spanned<DeValue<'a>>> {
    match key {
        Key::Name(name) => value.get_ref().get(name.as_str()),
        Key::Index(index) => value.get_ref().get(*index),
    }
}

fn parse_document(text: &str) -> Option<Spanned<DeValue<'_>>> {
    let table = DeTable::parse(text).ok()?;
    let span = table.span();
    Some(Spanned::new(span, DeValue::Table(table.into_inner())))
}

fn contains(span: Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "code = \"64624\"\ntitle = \"Knee – nerve\"\n\n[[modifiers]]\ncode = \"RT\"\n\n[[modifiers]]\ncode = \"ZZ\"\n";

    #[test]
    fn offsets_become_lines_and_character_columns() {
        assert_eq!(Location::of_offset(DOC, 0), Location { line: 1, column: 1 });
        // The en dash is three bytes but one column.
        let after_dash = DOC.find("nerve").unwrap();
        assert_eq!(
            Location::of_offset(DOC, after_dash),
            Location {
                line: 2,
                column: 17
            }
        );
        assert_eq!(Location::of_offset(DOC, DOC.len() + 10).line, 9);
    }

    #[test]
    fn places_agree_with_offsets_counted_from_the_start() {
        let places = Places::new(DOC);
        for offset in 0..=DOC.len() + 2 {
            assert_eq!(
                places.location_at(offset),
                Location::of_offset(DOC, offset),
                "at {offset}"
            );
        }
        let second = KeyPath::root().name("modifiers").index(1).name("code");
        assert_eq!(
            places.location_of(&second),
            Some(Location { line: 8, column: 8 })
        );
    }

    #[test]
    fn key_paths_resolve_to_their_value() {
        let path = KeyPath::root().name("modifiers").index(1).name("code");
        assert_eq!(path.to_string(), "modifiers[1].code");
        let span = Places::new(DOC).span_of(&path).unwrap();
        assert_eq!(&DOC[span.clone()], "\"ZZ\"");
        assert_eq!(
            Location::of_offset(DOC, span.start),
            Location { line: 8, column: 8 }
        );
    }

    #[test]
    fn a_missing_key_points_at_its_parent() {
        let path = KeyPath::root()
            .name("modifiers")
            .index(0)
            .name("when_to_use");
        let span = Places::new(DOC).span_of(&path).unwrap();
        assert_eq!(&DOC[span.clone()], "[[modifiers]]");
        assert_eq!(Location::of_offset(DOC, span.start).line, 4);
    }

    #[test]
    fn a_missing_top_level_key_points_at_the_start_of_the_file() {
        let path = KeyPath::root().name("summary");
        assert_eq!(
            Places::new(DOC).location_of(&path),
            Some(Location { line: 1, column: 1 })
        );
    }

    #[test]
    fn offsets_name_the_key_at_fault() {
        let offset = DOC.find("\"ZZ\"").unwrap() + 1;
        assert_eq!(
            key_at(DOC, offset).unwrap().to_string(),
            "modifiers[1].code"
        );
    }
}
