//! The results list: code and title per row, matched characters highlighted,
//! the selection marked, and a count such as `2/5`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::search::{Field, Hit};
use crate::text::{char_ranges_to_graphemes, sanitize_line};
use crate::tui::app::{App, Focus};
use crate::tui::layout::inner;
use crate::tui::theme::Theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let focused = app.focus == Focus::List && app.overlay.is_none();
    let count = if app.hits.is_empty() {
        "0/0".to_owned()
    } else {
        format!("{}/{}", app.selected + 1, app.hits.len())
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" Results ")
        .title_top(Line::from(format!(" {count} ")).right_aligned())
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        });
    let rows = inner(area);
    let width = usize::from(rows.width);
    let lines: Vec<Line> = if app.hits.is_empty() {
        vec![Line::styled("No match.", theme.dim())]
    } else {
        app.hits
            .iter()
            .enumerate()
            .skip(app.list_offset)
            .take(usize::from(rows.height))
            .map(|(i, hit)| row(app, hit, i == app.selected, width, theme))
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn row(app: &App, hit: &Hit, selected: bool, width: usize, theme: Theme) -> Line<'static> {
    // A row shows only the code and title, which every entry has at hand:
    // an entry from the cache is not read from its file for a row.
    let entry = &app.content.entries[hit.entry];
    // The marker keeps the selection visible where reverse video is lost.
    let marker = if selected { "▸ " } else { "  " };
    let mut spans = vec![Span::raw(marker)];
    // Highlights are worked out here, for the rows on screen only.
    let lit = match hit.field {
        Field::Code => app.index().highlight_in(&entry.code, hit.field, &app.query),
        Field::Title => app
            .index()
            .highlight_in(&entry.title, hit.field, &app.query),
        _ => Vec::new(),
    };
    let no_ranges = Vec::new();
    let ranges = |field| {
        if hit.field == field { &lit } else { &no_ranges }
    };
    let (code, code_lit) = sanitize_line(&entry.code, ranges(Field::Code));
    spans.extend(highlighted(&code, &code_lit, theme.code(), theme));
    spans.push(Span::raw("  "));
    let (title, title_lit) = sanitize_line(&entry.title, ranges(Field::Title));
    spans.extend(highlighted(&title, &title_lit, Style::new(), theme));
    let mut line = truncate(Line::from(spans), width);
    if selected {
        line = line.patch_style(theme.selected());
    }
    line
}

/// Splits `text` into spans with the characters in `ranges` highlighted,
/// whole graphemes at a time.
pub fn highlighted(
    text: &str,
    ranges: &[std::ops::Range<usize>],
    base: Style,
    theme: Theme,
) -> Vec<Span<'static>> {
    let ranges = char_ranges_to_graphemes(text, ranges);
    let mut spans = Vec::new();
    let mut current = String::new();
    let mut current_lit = false;
    for (g, grapheme) in text.graphemes(true).enumerate() {
        let lit = ranges.iter().any(|r| r.contains(&g));
        if lit != current_lit && !current.is_empty() {
            let style = if current_lit {
                base.patch(theme.highlight())
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut current), style));
        }
        current_lit = lit;
        current.push_str(grapheme);
    }
    if !current.is_empty() {
        let style = if current_lit {
            base.patch(theme.highlight())
        } else {
            base
        };
        spans.push(Span::styled(current, style));
    }
    spans
}

/// Cuts a line to `width` columns, ending in `…` when something was cut.
fn truncate(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut used = 0;
    let mut spans = Vec::new();
    let room = width.saturating_sub(1);
    'outer: for span in line.spans {
        let mut kept = String::new();
        for grapheme in span.content.graphemes(true) {
            let w = grapheme.width();
            if used + w > room {
                if !kept.is_empty() {
                    spans.push(Span::styled(kept, span.style));
                }
                break 'outer;
            }
            used += w;
            kept.push_str(grapheme);
        }
        spans.push(Span::styled(kept, span.style));
    }
    if width > 0 {
        spans.push(Span::raw("…"));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_cover_whole_non_ascii_graphemes() {
        let theme = Theme { colour: true };
        let spans = highlighted("Névrome – “Morton”", &[11..17], Style::new(), theme);
        let lit: Vec<&str> = spans
            .iter()
            .filter(|s| s.style == theme.highlight())
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(lit, ["Morton"]);
    }

    #[test]
    fn long_rows_end_in_an_ellipsis() {
        let line = truncate(Line::from("64633  Facet joint nerve destruction"), 12);
        assert_eq!(line.width(), 12);
        assert!(line.to_string().ends_with('…'));
    }
}
