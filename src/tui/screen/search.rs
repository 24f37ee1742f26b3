//! The search box at the top of the screen.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::text::sanitize;
use crate::tui::app::{App, Focus};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Search && app.overlay.is_none();
    let theme = app.theme;
    let (before, after) = app.query.split_at(app.cursor());
    let (before, after) = (sanitize(before), sanitize(after));
    let prompt = "/ ";
    let bordered = area.height >= 3;
    let text_area = if bordered {
        crate::tui::layout::inner(area)
    } else {
        area
    };
    // The longest hint that fits whole beside the prompt and the cursor.
    let placeholder = if app.query.is_empty() && focused {
        let room = usize::from(text_area.width).saturating_sub(prompt.len() + 1);
        let hint = ["code, words or modifier", "code or words", "search"]
            .into_iter()
            .find(|hint| hint.width() <= room)
            .unwrap_or_default();
        Span::styled(hint, theme.dim())
    } else {
        Span::raw("")
    };
    // Keep the cursor in view: what is before it loses its start until it
    // fits (with a cell for the cursor), and what follows fills the rest.
    // A `…` stands at a side where the query goes on out of view.
    let room = usize::from(text_area.width).saturating_sub(prompt.len());
    let cut_before = before.width() + 1 > room;
    let room = room.saturating_sub(usize::from(cut_before));
    // Taken from the end, a grapheme at a time: a long paste is measured
    // once, not once for each grapheme dropped.
    let mut start = before.len();
    let mut width = 0;
    for (at, grapheme) in before.grapheme_indices(true).rev() {
        width += grapheme.width();
        if width + 1 > room {
            break;
        }
        start = at;
    }
    let shown_before = &before[start..];
    let mut left = room.saturating_sub(shown_before.width());
    let cut_after = after.width() > left;
    left = left.saturating_sub(usize::from(cut_after));
    let shown_after: String = after
        .graphemes(true)
        .take_while(|grapheme| {
            let fits = grapheme.width() <= left;
            left = left.saturating_sub(grapheme.width());
            fits
        })
        .collect();
    let more = |cut: bool| Span::styled(if cut { "…" } else { "" }, theme.dim());
    let style = if app.query_selected && focused {
        theme.selected()
    } else {
        Style::new()
    };
    let line = Line::from(vec![
        Span::styled(prompt, theme.code()),
        more(cut_before),
        Span::styled(shown_before.to_owned(), style),
        Span::styled(shown_after, style),
        more(cut_after),
        placeholder,
    ]);
    let mut paragraph = Paragraph::new(line);
    if bordered {
        paragraph = paragraph.block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Search ")
                .border_style(if focused {
                    theme.focused_border()
                } else {
                    theme.border()
                }),
        );
    }
    frame.render_widget(paragraph, area);
    if focused {
        let x =
            text_area.x + (prompt.len() + usize::from(cut_before) + shown_before.width()) as u16;
        frame.set_cursor_position(Position::new(
            x.min(text_area.right().saturating_sub(1)),
            text_area.y,
        ));
    }
}
