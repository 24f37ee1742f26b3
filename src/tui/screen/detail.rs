//! The detail pane: one entry laid out as numbered sections, with the
//! modifier table, related codes as links, and notes whose markers stand out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use crate::model::{Entry, NoteKind};
use crate::registry::Registry;
use crate::show::{note_marker, payer_lines};
use crate::text::{one_line, paragraph_lines, sanitize, table_lines, wrap};

use crate::tui::app::{App, Focus};
use crate::tui::layout::inner;
use crate::tui::theme::Theme;

const INDENT: &str = "  ";

/// A place Tab can move to: a section heading or a related-code link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// A section, numbered from 1 as the heading shows.
    Section { number: usize, name: String },
    /// The related code at this index of the entry's `related` list.
    Link { related: usize, code: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopAt {
    pub stop: Stop,
    pub line: usize,
}

/// An entry laid out for a given width: its lines and where its stops are.
#[derive(Debug, Clone)]
pub struct Document {
    pub lines: Vec<Line<'static>>,
    pub stops: Vec<StopAt>,
}

struct Builder {
    lines: Vec<Line<'static>>,
    stops: Vec<StopAt>,
    theme: Theme,
}

impl Builder {
    fn plain(&mut self, text: String) {
        self.lines.push(Line::raw(text));
    }

    fn styled(&mut self, text: String, style: Style) {
        self.lines.push(Line::styled(text, style));
    }

    /// Paragraphs of a required field, or a visible note that it is missing.
    fn required_text(&mut self, text: &str, width: usize) {
        if text.trim().is_empty() {
            let style = self.theme.warning();
            self.styled(format!("{INDENT}{}", crate::text::MISSING_TEXT), style);
        }
        for line in paragraph_lines(&sanitize(text), width, INDENT) {
            self.plain(line);
        }
    }

    /// One of the standard sections, under its fixed number.
    fn section(&mut self, number: usize) {
        let name = section_name(number).unwrap_or_default().to_owned();
        self.heading(number, name);
    }

    /// A section whose heading comes from the content (an imported
    /// publication's own heading): a stop for Tab, with no number.
    fn section_named(&mut self, name: String) {
        self.heading(0, name);
    }

    fn heading(&mut self, number: usize, name: String) {
        if !self.lines.is_empty() {
            self.lines.push(Line::default());
        }
        let line = self.lines.len();
        let heading = match number {
            0 => format!("  {name}"),
            n => format!("{n} {name}"),
        };
        self.stops.push(StopAt {
            stop: Stop::Section { number, name },
            line,
        });
        self.styled(heading, self.theme.heading());
    }
}

// The standard sections, each always under its own number so that a
// digit goes to the same section in every entry (a section an entry lacks
// leaves its number unused).
use crate::show::SECTIONS;

/// The section that holds what a search matched in `field`, past the
/// top of the entry (a match in the code, title or summary is at the top).
pub fn section_of(field: crate::search::Field) -> Option<usize> {
    use crate::search::Field;
    match field {
        Field::Code | Field::CodeDigits | Field::Title | Field::Summary => None,
        Field::Billing => Some(2),
        Field::Scenario => Some(3),
        Field::Modifier | Field::ModifierDescription => Some(4),
        Field::Related => Some(5),
        Field::Diagnoses => Some(6),
        Field::Notes => Some(7),
        Field::Payers => Some(8),
    }
}

/// The name of standard section `number` (from 1).
pub fn section_name(number: usize) -> Option<&'static str> {
    SECTIONS.get(number.checked_sub(1)?).copied()
}

/// Lays `entry` out in `width` columns. `selected` is the index of the stop
/// under the cursor, drawn reversed; `in_set` tells the related codes that
/// can be opened from those that are not in the content set.
pub fn document(
    entry: &Entry,
    registry: &Registry,
    in_set: &dyn Fn(&str) -> bool,
    width: usize,
    theme: Theme,
    selected: Option<usize>,
) -> Document {
    let mut doc = build(entry, registry, in_set, width.max(10), theme);
    // The stop under the cursor is marked after layout, where its line is
    // known: reversed as a whole for a heading, on the code for a link.
    if let Some(at) = selected.and_then(|i| doc.stops.get(i)) {
        let line = &mut doc.lines[at.line];
        match at.stop {
            Stop::Section { .. } => line.style = line.style.patch(theme.selected()),
            Stop::Link { .. } => {
                if let Some(code) = line.spans.get_mut(1) {
                    code.style = code.style.patch(theme.selected());
                }
            }
        }
    }
    doc
}

fn build(
    entry: &Entry,
    registry: &Registry,
    in_set: &dyn Fn(&str) -> bool,
    width: usize,
    theme: Theme,
) -> Document {
    let mut b = Builder {
        lines: Vec::new(),
        stops: Vec::new(),
        theme,
    };
    let title = format!("{}  {}", one_line(&entry.code), one_line(&entry.title));
    let hang = " ".repeat(entry.code.chars().count() + 2);
    for line in wrap(&title, width, "", &hang) {
        b.styled(line, theme.code());
    }

    b.section(1);
    b.required_text(&entry.summary, width);

    b.section(2);
    b.required_text(&entry.billing.overview, width);
    // Apart from the overview, as `show` has them.
    b.plain(String::new());
    let site = crate::show::site_of_service(entry);
    for (label, value) in [
        ("Service type", entry.billing.service_type.as_deref()),
        ("Site of service", Some(site.as_str())),
    ] {
        if let Some(value) = value {
            let lines = wrap(
                &format!("{label}: {}", sanitize(value)),
                width,
                INDENT,
                "    ",
            );
            let head = format!("{INDENT}{label}:");
            for (i, line) in lines.into_iter().enumerate() {
                // A pane narrower than the label wraps the label itself;
                // then the first line is drawn plain.
                match line.strip_prefix(&head) {
                    Some(rest) if i == 0 => b.lines.push(Line::from(vec![
                        Span::styled(head.clone(), theme.code()),
                        Span::raw(rest.to_owned()),
                    ])),
                    _ => b.plain(line),
                }
            }
        }
    }

    b.section(3);
    b.required_text(&entry.clinical.scenario, width);
    if !entry.clinical.steps.is_empty() {
        b.plain(String::new());
        b.styled(format!("{INDENT}Steps"), theme.code());
        let digits = entry.clinical.steps.len().to_string().len();
        for (i, step) in entry.clinical.steps.iter().enumerate() {
            let first = format!("{INDENT}{:>digits$}. ", i + 1);
            let rest = " ".repeat(first.len());
            for line in wrap(&sanitize(step), width, &first, &rest) {
                b.plain(line);
            }
        }
    }

    for section in &entry.sections {
        b.section_named(sanitize(&section.heading));
        b.required_text(&section.text, width);
    }

    if !entry.modifiers.is_empty() {
        b.section(4);
        if width >= TABLE_MIN_WIDTH {
            modifier_table(&mut b, entry, registry, width);
        } else {
            modifier_list(&mut b, entry, registry, width);
        }
        // Said in words under the table, as the rows the registry lacks
        // are: a coder weighs a row no source backs.
        if let Some(said) = crate::model::unconfirmed_rows(&entry.modifiers) {
            let style = b.theme.caution();
            for line in wrap(&sanitize(&said), width, INDENT, INDENT) {
                b.styled(line, style);
            }
        }
    }

    if !entry.related.is_empty() {
        b.section(5);
        let code_width = entry
            .related
            .iter()
            .map(|r| r.code.chars().count())
            .max()
            .unwrap_or(5);
        for (i, related) in entry.related.iter().enumerate() {
            // Only a code in the set is a link, with an arrow; the others
            // say why Enter cannot open them.
            let openable = in_set(&related.code);
            if openable {
                let line_index = b.lines.len();
                b.stops.push(StopAt {
                    stop: Stop::Link {
                        related: i,
                        code: related.code.clone(),
                    },
                    line: line_index,
                });
            }
            let (arrow, code_style) = if openable {
                ("→", theme.link())
            } else {
                (" ", theme.dim())
            };
            let why = sanitize(&related.why);
            let code = format!("{:<code_width$}", sanitize(&related.code));
            let first = format!("{INDENT}{arrow} {code}  ");
            let rest = " ".repeat(first.chars().count());
            for (j, line) in wrap(&why, width, &first, &rest).into_iter().enumerate() {
                if j == 0 {
                    let why = line.chars().skip(first.chars().count()).collect::<String>();
                    b.lines.push(Line::from(vec![
                        Span::raw(format!("{INDENT}{arrow} ")),
                        Span::styled(code.clone(), code_style),
                        Span::raw(format!("  {why}")),
                    ]));
                } else {
                    b.plain(line);
                }
            }
        }
    }

    if entry.related.iter().any(|r| !in_set(&r.code)) {
        let note = "Codes without an arrow are not in this content set.";
        for line in wrap(note, width, INDENT, INDENT) {
            b.styled(line, theme.dim());
        }
    }

    if !entry.diagnoses.is_empty() {
        b.section(6);
        let code_width = entry
            .diagnoses
            .iter()
            .map(|d| d.code.chars().count())
            .max()
            .unwrap_or(7);
        for diagnosis in &entry.diagnoses {
            let first = format!("{INDENT}{:<code_width$}  ", sanitize(&diagnosis.code));
            let rest = " ".repeat(first.chars().count());
            for line in wrap(&sanitize(&diagnosis.title), width, &first, &rest) {
                b.plain(line);
            }
        }
    }

    if !entry.notes.is_empty() {
        b.section(7);
        for (i, note) in entry.notes_in_reading_order().enumerate() {
            if i > 0 {
                b.plain(String::new());
            }
            note_lines(&note.kind, &note.text, width, theme, &mut b.lines);
            note_source_lines(&note.source, width, theme.dim(), &mut b.lines);
        }
    }

    if !entry.payers.is_empty() {
        b.section(8);
        let dim = theme.dim();
        for (line, quoted) in payer_lines(entry, width) {
            if quoted {
                b.styled(line, dim);
            } else {
                b.plain(line);
            }
        }
    }

    if !entry.sources.is_empty() {
        b.section(9);
        for source in &entry.sources {
            for line in wrap(&sanitize(source), width, "  - ", "    ") {
                b.plain(line);
            }
        }
    }

    Document {
        lines: b.lines,
        stops: b.stops,
    }
}

/// Below this width three columns leave too little room for words, so the
/// modifiers are listed one under another instead.
const TABLE_MIN_WIDTH: usize = 48;

fn modifier_table(b: &mut Builder, entry: &Entry, registry: &Registry, width: usize) {
    let theme = b.theme;
    let rows: Vec<[String; 3]> = entry
        .modifiers
        .iter()
        .map(|m| {
            // Said in words: colour alone would vanish under NO_COLOR.
            let unknown = unknown_note(registry, &m.code);
            [
                sanitize(&m.code),
                format!("{}{unknown}", sanitize(&m.description)),
                sanitize(&m.when_to_use),
            ]
        })
        .collect();
    let table = table_lines(
        ["Code", "Description", "When to use"],
        &rows,
        width.saturating_sub(INDENT.len()),
    );
    for line in table.header {
        b.styled(format!("{INDENT}{line}"), theme.table_header());
    }
    if !theme.colour {
        b.plain(format!("{INDENT}{}", table.rule));
    }
    for (row, modifier) in table.rows.into_iter().zip(&entry.modifiers) {
        let style = if registry.get(&modifier.code).is_some() {
            Style::new()
        } else {
            theme.erratum()
        };
        for line in row {
            b.styled(format!("{INDENT}{line}"), style);
        }
    }
}

/// What a modifier row says of a code the registry lacks: that it is not
/// in it, or, for a row that left its code out, that it has none.
fn unknown_note(registry: &Registry, code: &str) -> &'static str {
    if registry.get(code).is_some() {
        ""
    } else if code.trim().is_empty() {
        " (no code given)"
    } else {
        " (not in registry)"
    }
}

/// The modifier table for narrow panes: each modifier's code and description
/// on one line, when to use it indented below.
fn modifier_list(b: &mut Builder, entry: &Entry, registry: &Registry, width: usize) {
    let theme = b.theme;
    for (i, modifier) in entry.modifiers.iter().enumerate() {
        if i > 0 {
            b.plain(String::new());
        }
        let unknown = unknown_note(registry, &modifier.code);
        let head = format!(
            "{} {}{unknown}",
            sanitize(&modifier.code),
            sanitize(&modifier.description)
        );
        let style = if unknown.is_empty() {
            theme.code()
        } else {
            theme.erratum()
        };
        for line in wrap(&head, width, INDENT, "     ") {
            b.styled(line, style);
        }
        for line in wrap(&sanitize(&modifier.when_to_use), width, "     ", "     ") {
            b.plain(line);
        }
    }
}

/// The width the detail text is laid out in, for a pane of `area`.
/// The search as it marks the entry laid out as `doc`: a word typed with
/// a hyphen marks where this entry writes it together, if it does (see
/// `Query::marking_in`). The whole entry is read only for such a word.
pub fn marking_query(query: &str, doc: &Document) -> crate::search::Query {
    let query = crate::search::Query::parse(query);
    if !query.has_hyphened_words() {
        return query;
    }
    let lines: Vec<String> = doc.lines.iter().map(|line| line.to_string()).collect();
    query.marking_in(&lines)
}

pub fn text_width(area: Rect) -> usize {
    // One column of padding on each side of the text.
    usize::from(inner(area).width.saturating_sub(2))
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Detail && app.overlay.is_none();
    let theme = app.theme;
    let mut block = Block::new()
        .borders(Borders::ALL)
        .padding(Padding::left(1))
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        });
    let Some(loaded) = app.shown_entry() else {
        block = block.title(" Detail ");
        // While the rest of the folder is still read, the code may be in it.
        let text = match (app.query.is_empty(), &app.loading) {
            (true, _) => "No entries loaded.",
            (false, Some(_)) => {
                "No code matches the search yet; the rest of the content is still being read."
            }
            // The pane has room to say why the code typed is missing.
            (false, None) => match (
                super::status::unloaded_code(app, usize::MAX),
                app.suggestion_offer(),
            ) {
                (Some(why), _) => &format!("No code matches the search: {why}"),
                (None, Some(offer)) => &format!("No code matches the search. {offer}"),
                (None, None) => "No code matches the search.",
            },
        };
        frame.render_widget(
            Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    };
    let doc = app.detail_document(area);
    let height = usize::from(inner(area).height);
    let scroll = app
        .detail_scroll
        .min(doc.lines.len().saturating_sub(height));
    let position = if doc.lines.len() > height {
        format!(
            " {}% ",
            (scroll + height).min(doc.lines.len()) * 100 / doc.lines.len()
        )
    } else {
        String::new()
    };
    // An entry reached by a link or the history is not the list's
    // selection: the title says so, with where Backspace goes back to, or,
    // at the start of the history, where Alt-→ goes forward to.
    let mut title = vec![Span::raw(format!(" {} ", sanitize(&loaded.code)))];
    if app.pinned.is_some() {
        let (way, to) = match (app.back.last(), app.forward.last()) {
            (Some(before), _) => ("←", Some(before)),
            (None, after) => ("→", after),
        };
        if let Some(visit) = to {
            let code = &app.content.entries[visit.entry].code;
            title.push(Span::styled(
                format!("{way} {} ", sanitize(code)),
                theme.dim(),
            ));
        }
    }
    block = block
        .title(Line::from(title))
        .title_bottom(Line::from(position).right_aligned());
    // The query's words marked where they stand in the lines on screen.
    // A line either side of the window too, for a phrase a wrap parts.
    let query = marking_query(&app.query, &doc);
    let from = scroll.saturating_sub(1);
    let texts: Vec<String> = doc
        .lines
        .iter()
        .skip(from)
        .take(height + 2)
        .map(|line| line.to_string())
        .collect();
    let marks = query.marks_in_lines(&texts);
    let visible: Vec<Line> = doc
        .lines
        .into_iter()
        .skip(from)
        .zip(marks.iter())
        .skip(scroll - from)
        .take(height)
        .map(|(line, marks)| super::lit(line, marks, theme))
        .collect();
    frame.render_widget(Paragraph::new(visible).block(block), area);
}

/// How far a note's lines after the first are indented: past `  E: `.
const NOTE_HANG: usize = INDENT.len() + 3;

/// A note as the detail pane and the trainer show it: its kind's marker
/// styled, its text wrapped under the marker.
pub(crate) fn note_lines(
    kind: &NoteKind,
    text: &str,
    width: usize,
    theme: Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let marker = note_marker(kind);
    let style = match kind {
        NoteKind::Erratum => theme.erratum(),
        NoteKind::Caution => theme.caution(),
        NoteKind::Tip => theme.tip(),
        NoteKind::Other(_) => theme.dim(),
    };
    let full = format!("{marker}: {}", sanitize(text));
    let hang = " ".repeat(NOTE_HANG);
    for (i, line) in wrap(&full, width, INDENT, &hang).into_iter().enumerate() {
        match line.strip_prefix(&format!("{INDENT}{marker}")) {
            Some(rest) if i == 0 => lines.push(Line::from(vec![
                Span::raw(INDENT),
                Span::styled(marker.clone(), style),
                Span::raw(rest.to_owned()),
            ])),
            _ => lines.push(Line::raw(line)),
        }
    }
}

/// A note's source, under its text (nothing where it has none).
pub(crate) fn note_source_lines(
    source: &str,
    width: usize,
    style: Style,
    lines: &mut Vec<Line<'static>>,
) {
    if source.is_empty() {
        return;
    }
    let hang = " ".repeat(NOTE_HANG);
    let said = format!("Source: {}", sanitize(source));
    lines.extend(
        wrap(&said, width, &hang, &hang)
            .into_iter()
            .map(|line| Line::styled(line, style)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::{ContentSource, load};

    #[test]
    fn sections_are_numbered_stops_and_links_follow_them() {
        let content = load(&ContentSource::Builtin).unwrap();
        let entry = content.get("64633").unwrap().entry();
        let in_set = |code: &str| content.get(code).is_some();
        let doc = document(
            entry,
            &content.registry,
            &in_set,
            70,
            Theme { colour: false },
            None,
        );
        let names: Vec<String> = doc
            .stops
            .iter()
            .map(|s| match &s.stop {
                Stop::Section { number, name } => format!("{number} {name}"),
                Stop::Link { code, .. } => format!("→{code}"),
            })
            .collect();
        assert_eq!(
            &names[..5],
            [
                "1 Summary",
                "2 Billing",
                "3 Clinical scenario",
                "4 Modifiers",
                "5 Related codes"
            ]
        );
        // 64634 is not in the built-in set; 64490 neither; 64640 is.
        assert_eq!(names[5], "→64640");
        let text: Vec<String> = doc.lines.iter().map(|l| l.to_string()).collect();
        let words = text
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            words.contains(
                "source we checked). Codes without an arrow are not in this content set. 6 Diagnoses"
            ),
            "{words}"
        );
        assert!(!words.contains("→ 64634"), "{words}");
        for stop in &doc.stops {
            let text: String = doc.lines[stop.line]
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect();
            match &stop.stop {
                Stop::Section { name, .. } => assert!(text.ends_with(name), "{text}"),
                Stop::Link { code, .. } => assert!(text.contains(code.as_str()), "{text}"),
            }
        }
    }

    #[test]
    fn each_standard_section_keeps_its_number_and_others_have_none() {
        let content = load(&ContentSource::Builtin).unwrap();
        let mut entry = content.get("64624").unwrap().entry().clone();
        entry.diagnoses.clear();
        entry.sections.push(crate::model::Section {
            heading: "Procedure details".into(),
            text: "As the publication had it.".into(),
        });
        let doc = document(
            &entry,
            &content.registry,
            &|_| false,
            70,
            Theme { colour: false },
            None,
        );
        let headings: Vec<String> = doc
            .stops
            .iter()
            .map(|stop| doc.lines[stop.line].to_string())
            .collect();
        assert_eq!(
            headings,
            [
                "1 Summary",
                "2 Billing",
                "3 Clinical scenario",
                "  Procedure details",
                "4 Modifiers",
                "5 Related codes",
                "7 Notes",
                "8 Payers",
                "9 Sources"
            ]
        );
        assert_eq!(section_name(6), Some("Diagnoses (ICD-10-CM)"));
        assert_eq!(section_name(0), None);
        assert_eq!(section_name(10), None);
    }

    #[test]
    fn lines_fit_the_width() {
        let content = load(&ContentSource::Builtin).unwrap();
        for loaded in &content.entries {
            let doc = document(
                loaded.entry(),
                &content.registry,
                &|code| content.get(code).is_some(),
                50,
                Theme { colour: true },
                None,
            );
            for line in &doc.lines {
                assert!(line.width() <= 50, "{} too wide: {line:?}", loaded.code);
            }
        }
    }
}
