//! The search box at the top of the screen.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::text::sanitize;
use crate::tui::app::{App, Focus};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Search && app.overlay.is_none();
    let theme = app.theme;
    let query = sanitize(&app.query);
    let prompt = "/ ";
    let placeholder = if query.is_empty() && focused {
        Span::styled("code, words or modifier", theme.dim())
    } else {
        Span::raw("")
    };
    let bordered = area.height >= 3;
    let text_area = if bordered {
        crate::tui::layout::inner(area)
    } else {
        area
    };
    // Keep the end of a long query, where the cursor is, in view.
    let room = usize::from(text_area.width).saturating_sub(prompt.len() + 1);
    let mut shown = query.as_str();
    while shown.width() > room {
        let mut chars = shown.chars();
        chars.next();
        shown = chars.as_str();
    }
    let typed = if app.query_selected && focused {
        Span::styled(shown.to_owned(), theme.selected())
    } else {
        Span::raw(shown.to_owned())
    };
    let line = Line::from(vec![Span::styled(prompt, theme.code()), typed, placeholder]);
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
        let x = text_area.x + (prompt.len() + shown.width()) as u16;
        frame.set_cursor_position(Position::new(
            x.min(text_area.right().saturating_sub(1)),
            text_area.y,
        ));
    }
}
