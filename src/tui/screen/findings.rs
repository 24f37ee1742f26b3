//! The content-problems overlay: every file that failed to load and every
//! finding, with path, place and reason.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::text::sanitize;
use crate::tui::app::App;
use crate::tui::layout::{inner, overlay};

pub fn render(app: &App, frame: &mut Frame) {
    let area = overlay(frame.area(), 100);
    let findings = &app.content.findings;
    let mut body: Vec<Line> = Vec::new();
    if findings.is_empty() {
        body.push(Line::raw("No problems: every content file loaded cleanly."));
    } else {
        for finding in findings {
            body.push(Line::styled(
                sanitize(&finding.to_string()),
                app.theme.warning(),
            ));
        }
        body.push(Line::default());
        body.push(Line::styled(
            "Fix the files, then check them with `cptref check DIR`.",
            app.theme.dim(),
        ));
    }
    let height = usize::from(inner(area).height);
    let scroll = app.overlay_scroll.min(body.len().saturating_sub(height));
    let title = format!(" Content problems: {} ", findings.len());
    let block = Block::new()
        .borders(Borders::ALL)
        .title(title)
        .title_bottom(Line::from(" Esc closes ").right_aligned())
        .border_style(app.theme.focused_border());
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(body)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        area,
    );
}
