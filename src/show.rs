//! Entries as readable terminal text for `cptref show`: headed sections, the
//! modifier table in aligned columns, notes with markers that read without
//! colour, all wrapped to a given width.

use anstyle::{AnsiColor, Style};
use textwrap::{Options, WordSplitter};
use unicode_width::UnicodeWidthStr;

use crate::model::{Entry, NoteKind};
use crate::registry::Registry;
use crate::text::sanitize;

const INDENT: &str = "  ";
const HEADING: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
const CODE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const ERRATUM: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const CAUTION: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const TIP: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

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
        NoteKind::Other(other) => format!("-  {}", sanitize(other).to_uppercase()),
    }
}

/// Renders a whole entry at `width` columns (at least 30).
pub fn render_entry(entry: &Entry, registry: &Registry, width: usize, painter: Painter) -> String {
    let width = width.max(30);
    let body = width - INDENT.len();
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };

    let title = sanitize(&entry.title);
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
        out_line("");
        out_line(&painter.paint(HEADING, &name.to_uppercase()));
    };

    section(&mut line, "Summary");
    paragraphs(&entry.summary, body, &mut line);

    section(&mut line, "Billing");
    paragraphs(&entry.billing.overview, body, &mut line);
    let labelled = [
        ("Service type", entry.billing.service_type.as_deref()),
        ("Site of service", entry.billing.site_of_service.as_deref()),
    ];
    if labelled.iter().any(|(_, value)| value.is_some()) {
        line("");
    }
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
    paragraphs(&entry.clinical.scenario, body, &mut line);
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
        for l in table(["Code", "Description", "When to use"], &rows, body, painter) {
            line(&format!("{INDENT}{l}"));
        }
        let unknown: Vec<&str> = entry
            .modifiers
            .iter()
            .filter(|m| registry.get(&m.code).is_none())
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
        for (i, note) in entry.notes.iter().enumerate() {
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
        let payers = entry
            .payers
            .iter()
            .map(|p| sanitize(p))
            .collect::<Vec<_>>()
            .join(", ");
        for l in wrap(&payers, width, INDENT, INDENT) {
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

/// Wraps text with separate first-line and following-line indents.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    // Breaking inside hyphenated words ("non-radicular") hurts scanning more
    // than a slightly ragged edge.
    let options = Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(WordSplitter::NoHyphenation);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.trim_end().to_owned())
        .collect()
}

/// Paragraphs separated by blank lines, each wrapped and indented.
fn paragraphs(text: &str, width: usize, line: &mut dyn FnMut(&str)) {
    let text = sanitize(text);
    for (i, paragraph) in text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        if i > 0 {
            line("");
        }
        let joined = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        for l in wrap(&joined, width + INDENT.len(), INDENT, INDENT) {
            line(&l);
        }
    }
}

/// A table whose cells wrap within their column; columns are sized to the
/// widest code and a fair share of the rest.
pub fn table(
    headers: [&str; 3],
    rows: &[[String; 3]],
    width: usize,
    painter: Painter,
) -> Vec<String> {
    const GAP: usize = 2;
    let first = rows
        .iter()
        .map(|r| r[0].width())
        .chain([headers[0].width()])
        .max()
        .unwrap_or(4);
    let rest = width.saturating_sub(first + 2 * GAP).max(24);
    let second = (rest * 2 / 5).max(12);
    let third = rest.saturating_sub(second).max(12);
    let widths = [first, second, third];

    let render_row = |cells: [&str; 3], style: Option<Style>| {
        let mut lines = Vec::new();
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(widths)
            .map(|(cell, w)| {
                let options = Options::new(w).word_splitter(WordSplitter::NoHyphenation);
                let lines: Vec<String> = textwrap::wrap(cell, options)
                    .into_iter()
                    .map(|l| l.into_owned())
                    .collect();
                if lines.is_empty() {
                    vec![String::new()]
                } else {
                    lines
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for row in 0..height {
            let mut text = String::new();
            for (col, cell) in wrapped.iter().enumerate() {
                let part = cell.get(row).map(String::as_str).unwrap_or("");
                text.push_str(part);
                if col < 2 {
                    text.push_str(&" ".repeat(widths[col] - part.width().min(widths[col]) + GAP));
                }
            }
            let text = text.trim_end().to_owned();
            lines.push(match style {
                Some(style) => painter.paint(style, &text),
                None => text,
            });
        }
        lines
    };
    let mut lines = render_row(headers, Some(Style::new().bold().underline()));
    if !painter.colour {
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        lines.push(rule.join(&" ".repeat(GAP)));
    }
    for row in rows {
        lines.extend(render_row([&row[0], &row[1], &row[2]], None));
    }
    lines
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
        });
        entry.notes.push(Note {
            kind: NoteKind::Erratum,
            text: "The source said \u{1b}[31mred\u{1b}[0m.".into(),
            source: "A checked sheet.".into(),
        });
        entry
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
