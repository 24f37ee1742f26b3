//! The content-problems overlay: every file that failed to load and every
//! finding, with path, place and reason.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use crate::text::{sanitize, shell_word, wrap};
use crate::tui::app::App;
use crate::tui::layout::overlay;

/// Where the overlay sits on `screen`.
pub fn area(screen: Rect) -> Rect {
    overlay(screen, 100)
}

/// The overlay's text wrapped to `width` columns. Wrapped here rather than
/// by the paragraph so that scrolling knows how many lines there are and
/// can stop at the last one.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let findings = &app.content.findings;
    let mut body: Vec<Line> = Vec::new();
    let mut wrapped = |text: &str, style: Style| {
        // Following lines are indented so each finding reads as one item.
        for line in wrap(text, width, "", "  ") {
            body.push(Line::styled(line, style));
        }
    };
    if findings.is_empty() {
        wrapped(
            "No problems: every content file loaded cleanly.",
            Style::default(),
        );
    } else {
        for finding in findings {
            wrapped(&sanitize(&finding.to_string()), app.theme.warning());
        }
        body.push(Line::default());
        // The folder the files are in, as `check` takes it.
        let folder = findings
            .first()
            .and_then(|finding| std::path::Path::new(&finding.path).parent())
            .filter(|folder| !folder.as_os_str().is_empty())
            .map(|folder| format!(" {}", shell_word(&folder.to_string_lossy())))
            .unwrap_or_default();
        let hint = format!("Fix the files, then check them with `cptref check{folder}`.");
        for line in wrap(&hint, width, "", "") {
            body.push(Line::styled(line, app.theme.dim()));
        }
    }
    body
}

/// How far the overlay can scroll on `screen`: its lines past the first page.
pub fn max_scroll(app: &App, screen: Rect) -> usize {
    super::overlay_max_scroll(app, area(screen), lines)
}

pub fn render(app: &App, frame: &mut Frame) {
    let title = format!(" Content problems: {} ", app.content.findings.len());
    super::draw_overlay(app, frame, area(frame.area()), title, lines);
}
