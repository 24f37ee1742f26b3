//! Entries as readable terminal text for `cptref show`: headed sections, the
//! modifier table in aligned columns, notes with markers that read without
//! colour, all wrapped to a given width.

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthStr;

use crate::model::{Entry, NoteKind};
use crate::registry::Registry;
use crate::text::{paragraph_lines, sanitize, table_lines, wrap};

const INDENT: &str = "  ";
const HEADING: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
pub(crate) const CODE: Style = Style::new().bold();
pub(crate) const DIM: Style = Style::new().dimmed();
const ERRATUM: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const CAUTION: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const TIP: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

/// Below this many columns of text the modifier table becomes a list: its
/// three columns would break words in two.
const TABLE_MIN_WIDTH: usize = 44;

/// Applies styles only when colour is wanted.
#[derive(Debug, Clone, Copy)]
pub struct Painter {
    pub colour: bool,
}

impl Painter {
    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.colour {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    }
}

/// The marker a note carries; words, so it survives `NO_COLOR` and a pipe.
pub fn note_marker(kind: &NoteKind) -> String {
    match kind {
        NoteKind::Erratum => "!! ERRATUM".into(),
        NoteKind::Caution => "!  CAUTION".into(),
        NoteKind::Tip => "-  TIP".into(),
        // A note whose kind was left out (a finding says so) is still a note.
        NoteKind::Other(other) if other.trim().is_empty() => "-  NOTE".to_owned(),
        NoteKind::Other(other) => format!("-  {}", sanitize(other).to_uppercase()),
    }
}

/// The lines of the Payers section at `width`: each group of payers a
/// sentence names together, then that sentence, quoted and indented (the
/// `bool` marks its lines), so the list says what the entry says of them.
pub fn payer_lines(entry: &Entry, width: usize) -> Vec<(String, bool)> {
    let mut lines = Vec::new();
    for mention in entry.payer_mentions() {
        let names: Vec<String> = mention.payers.iter().map(|p| sanitize(p)).collect();
        for l in wrap(&names.join(", "), width, INDENT, INDENT) {
            lines.push((l, false));
        }
        if let Some(sentence) = &mention.sentence {
            let quoted = format!("“{}”", sanitize(sentence));
            let hang = format!("{INDENT}  ");
            for l in wrap(&quoted, width, &hang, &hang) {
                lines.push((l, true));
            }
        }
    }
    lines
}

/// Renders a whole entry at `width` columns (at least 30).
pub fn render_entry(entry: &Entry, registry: &Registry, width: usize, painter: Painter) -> String {
    render(entry, registry, width, painter, None)
}

/// The sections of an entry, numbered from 1 in this order wherever they
/// are named by number (`show --section 4`, the browser's digits).
pub const SECTIONS: [&str; 9] = [
    "Summary",
    "Billing",
    "Clinical scenario",
    "Modifiers",
    "Related codes",
    "Diagnoses (ICD-10-CM)",
    "Notes",
    "Payers",
    "Sources",
];

/// The entry's heading and its section `number` (see `SECTIONS`) as
/// `render_entry` lays them out; `None` where the entry has no such
/// section.
pub fn render_section(
    entry: &Entry,
    registry: &Registry,
    width: usize,
    painter: Painter,
    number: usize,
) -> Option<String> {
    let name = SECTIONS.get(number.checked_sub(1)?)?;
    let text = render(entry, registry, width, painter, Some(name));
    let heading = painter.paint(HEADING, &name.to_uppercase());
    text.lines().any(|line| line == heading).then_some(text)
}

/// `render_entry`, or with `only` the heading and the section of that
/// name.
fn render(
    entry: &Entry,
    registry: &Registry,
    width: usize,
    painter: Painter,
    only: Option<&str>,
) -> String {
    let width = width.max(30);
    let body = width - INDENT.len();
    let mut out = String::new();
    // Whether the section being laid out is written: every one, or the
    // one asked for (the heading above the sections always).
    let keep = std::cell::Cell::new(true);
    let mut line = |s: &str| {
        if keep.get() {
            out.push_str(s);
            out.push('\n');
        }
    };

    let title = sanitize(crate::text::title_or_missing(&entry.title));
    let head = format!("{}  {}", entry.code, title);
    for (i, l) in wrap(&head, width, "", &" ".repeat(entry.code.width() + 2))
        .into_iter()
        .enumerate()
    {
        if i == 0 {
            let rest = l.strip_prefix(&entry.code).unwrap_or(&l);
            line(&format!(
                "{}{}",
                painter.paint(CODE, &entry.code),
                painter.paint(CODE, rest)
            ));
        } else {
            line(&painter.paint(CODE, &l));
        }
    }
    line(&"=".repeat(head.width().min(width)));

    let section = |out_line: &mut dyn FnMut(&str), name: &str| {
        keep.set(only.is_none_or(|only| only == name));
        out_line("");
        out_line(&painter.paint(HEADING, &name.to_uppercase()));
    };

    section(&mut line, "Summary");
    paragraphs(&entry.summary, body, painter, &mut line);

    section(&mut line, "Billing");
    paragraphs(&entry.billing.overview, body, painter, &mut line);
    let site = site_of_service(entry);
    let labelled = [
        ("Service type", entry.billing.service_type.as_deref()),
        ("Site of service", Some(site.as_str())),
    ];
    line("");
    for (label, value) in labelled {
        if let Some(value) = value {
            let head = format!("{INDENT}{label}: ");
            let hang = " ".repeat(INDENT.len() + 2);
            for l in wrap(&format!("{head}{}", sanitize(value)), width, "", &hang) {
                line(&l);
            }
        }
    }

    section(&mut line, "Clinical scenario");
    paragraphs(&entry.clinical.scenario, body, painter, &mut line);
    if !entry.clinical.steps.is_empty() {
        line("");
        line(&format!(
            "{INDENT}{}",
            painter.paint(Style::new().bold(), "Steps")
        ));
        let number_width = entry.clinical.steps.len().to_string().len();
        for (i, step) in entry.clinical.steps.iter().enumerate() {
            let first = format!("{INDENT}{:>number_width$}. ", i + 1);
            let hang = " ".repeat(first.len());
            for l in wrap(&sanitize(step), width, &first, &hang) {
                line(&l);
            }
        }
    }

    for extra in &entry.sections {
        section(&mut line, &sanitize(&extra.heading));
        paragraphs(&extra.text, body, painter, &mut line);
    }

    if !entry.modifiers.is_empty() {
        section(&mut line, "Modifiers");
        let rows: Vec<[String; 3]> = entry
            .modifiers
            .iter()
            .map(|m| {
                [
                    sanitize(&m.code),
                    sanitize(&m.description),
                    sanitize(&m.when_to_use),
                ]
            })
            .collect();
        if body >= TABLE_MIN_WIDTH {
            for l in table(["Code", "Description", "When to use"], &rows, body, painter) {
                line(&format!("{INDENT}{l}"));
            }
        } else {
            // Too narrow for three columns without breaking words: each
            // modifier as its code and description, then when to use it.
            for (i, [code, description, when]) in rows.iter().enumerate() {
                if i > 0 {
                    line("");
                }
                let hang = " ".repeat(INDENT.len() + code.width() + 1);
                let head = format!("{code} {description}");
                for (j, l) in wrap(&head, width, INDENT, &hang).into_iter().enumerate() {
                    if j == 0 {
                        let rest = l
                            .strip_prefix(INDENT)
                            .and_then(|l| l.strip_prefix(code.as_str()));
                        line(&format!(
                            "{INDENT}{}{}",
                            painter.paint(CODE, code),
                            rest.unwrap_or_default()
                        ));
                    } else {
                        line(&l);
                    }
                }
                for l in wrap(when, width, &hang, &hang) {
                    line(&l);
                }
            }
        }
        let unknown: Vec<&str> = entry
            .modifiers
            .iter()
            .filter(|m| !m.code.trim().is_empty() && registry.get(&m.code).is_none())
            .map(|m| m.code.as_str())
            .collect();
        if !unknown.is_empty() {
            line(&format!(
                "{INDENT}{}",
                painter.paint(
                    ERRATUM,
                    &format!("Not in the modifier registry: {}", unknown.join(", "))
                )
            ));
        }
        if let Some(said) = crate::model::unconfirmed_rows(&entry.modifiers) {
            for l in wrap(&sanitize(&said), width, INDENT, INDENT) {
                let text = l.strip_prefix(INDENT).unwrap_or(&l);
                line(&format!("{INDENT}{}", painter.paint(CAUTION, text)));
            }
        }
    }

    if !entry.related.is_empty() {
        section(&mut line, "Related codes");
        let code_width = entry
            .related
            .iter()
            .map(|r| r.code.width())
            .max()
            .unwrap_or(5);
        for related in &entry.related {
            let first = format!("{INDENT}{:<code_width$}  ", sanitize(&related.code));
            let hang = " ".repeat(first.width());
            for l in wrap(&sanitize(&related.why), width, &first, &hang) {
                line(&l);
            }
        }
    }

    if !entry.diagnoses.is_empty() {
        section(&mut line, "Diagnoses (ICD-10-CM)");
        let code_width = entry
            .diagnoses
            .iter()
            .map(|d| d.code.width())
            .max()
            .unwrap_or(7);
        for diagnosis in &entry.diagnoses {
            let first = format!("{INDENT}{:<code_width$}  ", sanitize(&diagnosis.code));
            let hang = " ".repeat(first.width());
            for l in wrap(&sanitize(&diagnosis.title), width, &first, &hang) {
                line(&l);
            }
        }
    }

    if !entry.notes.is_empty() {
        section(&mut line, "Notes");
        for (i, note) in entry.notes_in_reading_order().enumerate() {
            if i > 0 {
                line("");
            }
            let marker = note_marker(&note.kind);
            let style = match note.kind {
                NoteKind::Erratum => ERRATUM,
                NoteKind::Caution => CAUTION,
                NoteKind::Tip => TIP,
                NoteKind::Other(_) => DIM,
            };
            let hang = " ".repeat(INDENT.len() + 3);
            let text = format!("{INDENT}{marker}: {}", sanitize(&note.text));
            for (j, l) in wrap(&text, width, "", &hang).into_iter().enumerate() {
                match l.strip_prefix(&format!("{INDENT}{marker}")) {
                    Some(rest) if j == 0 => {
                        line(&format!("{INDENT}{}{rest}", painter.paint(style, &marker)))
                    }
                    _ => line(&l),
                }
            }
            if !note.source.is_empty() {
                for l in wrap(
                    &format!("Source: {}", sanitize(&note.source)),
                    width,
                    &hang,
                    &hang,
                ) {
                    line(&painter.paint(DIM, &l));
                }
            }
        }
    }

    if !entry.payers.is_empty() {
        section(&mut line, "Payers");
        for (l, _) in payer_lines(entry, width) {
            line(&l);
        }
    }

    if !entry.sources.is_empty() {
        section(&mut line, "Sources");
        for source in &entry.sources {
            for l in wrap(&sanitize(source), width, "  - ", "    ") {
                line(&l);
            }
        }
    }
    out
}

/// Paragraphs separated by blank lines, each wrapped and indented; a text
/// the entry must have and lacks says so, as the browser does.
fn paragraphs(text: &str, width: usize, painter: Painter, line: &mut dyn FnMut(&str)) {
    if text.trim().is_empty() {
        line(&format!(
            "{INDENT}{}",
            painter.paint(ERRATUM, crate::text::MISSING_TEXT)
        ));
    }
    for l in paragraph_lines(&sanitize(text), width + INDENT.len(), INDENT) {
        line(&l);
    }
}

/// The modifier table: a bold header, a rule when there is no colour to set
/// the header apart, and rows whose cells wrap within their column.
pub fn table(
    headers: [&str; 3],
    rows: &[[String; 3]],
    width: usize,
    painter: Painter,
) -> Vec<String> {
    let table = table_lines(headers, rows, width);
    let mut lines: Vec<String> = table
        .header
        .iter()
        .map(|l| painter.paint(Style::new().bold().underline(), l))
        .collect();
    if !painter.colour {
        lines.push(table.rule);
    }
    lines.extend(table.rows.into_iter().flatten());
    lines
}

/// Where the entry says the service is done; said to be not stated where
/// it gives none, since where a service is done is what a coder looks for
/// under billing, and a missing line reads as one cut off. A note that
/// speaks of the site of service (why none is given) is pointed to.
pub fn site_of_service(entry: &Entry) -> String {
    if let Some(site) = entry.billing.site_of_service.as_deref()
        && !site.trim().is_empty()
    {
        return site.to_owned();
    }
    let noted = entry
        .notes
        .iter()
        .any(|note| note.text.to_lowercase().contains("site of service"));
    if noted {
        "not stated in this entry (see the notes)".to_owned()
    } else {
        "not stated in this entry".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ModifierUse, Note};

    fn sample() -> Entry {
        let mut entry = Entry {
            code: "99990".into(),
            title: "A made–up procedure".into(),
            summary: "First paragraph.\n\nSecond paragraph.".into(),
            ..Entry::default()
        };
        entry.billing.overview = "Billed once per session.".into();
        entry.clinical.scenario = "A patient.".into();
        entry.clinical.steps = vec!["Examine.".into(), "Treat.".into()];
        entry.modifiers.push(ModifierUse {
            code: "RT".into(),
            description: "Right side".into(),
            when_to_use: "When only the right side is treated in this session, which is common."
                .into(),
            ..ModifierUse::default()
        });
        entry.notes.push(Note {
            kind: NoteKind::Erratum,
            text: "The source said \u{1b}[31mred\u{1b}[0m.".into(),
            source: "A checked sheet.".into(),
        });
        entry
    }

    #[test]
    fn a_missing_summary_is_said_to_be_missing() {
        let mut entry = sample();
        entry.summary = String::new();
        let text = render_entry(&entry, &Registry::builtin(), 60, Painter { colour: false });
        assert!(
            text.contains("SUMMARY\n  (missing from the content file)\n"),
            "{text}"
        );
        assert!(
            !render_entry(
                &sample(),
                &Registry::builtin(),
                60,
                Painter { colour: false }
            )
            .contains("missing")
        );
    }

    #[test]
    fn plain_output_has_sections_markers_and_no_escapes() {
        let text = render_entry(
            &sample(),
            &Registry::builtin(),
            60,
            Painter { colour: false },
        );
        for heading in [
            "SUMMARY",
            "BILLING",
            "CLINICAL SCENARIO",
            "MODIFIERS",
            "NOTES",
        ] {
            assert!(text.contains(heading), "{heading} missing:\n{text}");
        }
        assert!(text.contains("!! ERRATUM: The source said ␛[31mred␛[0m."));
        assert!(text.contains("\n  1. Examine.\n"));
        assert!(
            !text.contains('\u{1b}'),
            "no raw escape may reach the terminal"
        );
        assert!(text.lines().all(|l| l.width() <= 60), "{text}");
    }

    #[test]
    fn modifier_cells_wrap_in_their_column() {
        let text = render_entry(
            &sample(),
            &Registry::builtin(),
            50,
            Painter { colour: false },
        );
        let rows: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != "MODIFIERS")
            .skip(1)
            .take(4)
            .collect();
        assert!(rows[0].starts_with("  Code  Description"), "{rows:?}");
        assert!(rows[2].starts_with("  RT    Right side"), "{rows:?}");
        let column = rows[2].find("When").unwrap();
        assert_eq!(rows[3].find(|c: char| c != ' '), Some(column), "{rows:?}");
    }

    #[test]
    fn colour_is_only_added_when_asked() {
        let text = render_entry(
            &sample(),
            &Registry::builtin(),
            60,
            Painter { colour: true },
        );
        assert!(text.contains("\u{1b}[1m"));
    }
}
