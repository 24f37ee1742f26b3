//! Drawing: a pure function of `App`, one module per region of the screen.

pub mod detail;
pub mod findings;
pub mod help;
pub mod results;
pub mod search;
pub mod status;
pub mod trainer;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Overlay};
use super::layout::{MIN_HEIGHT, MIN_WIDTH};

/// Draws the whole screen for `app`.
pub fn view(app: &App, frame: &mut Frame) {
    let areas = app.areas();
    if areas.too_small {
        let message = format!("Window too small: need {MIN_WIDTH}×{MIN_HEIGHT}");
        frame.render_widget(
            Paragraph::new(Line::from(message)).wrap(Wrap { trim: true }),
            frame.area(),
        );
        return;
    }
    if app.trainer.is_some() {
        trainer::render(app, frame);
        if app.overlay == Some(Overlay::Help) {
            help::render(app, frame);
        }
        return;
    }
    search::render(app, frame, areas.search);
    if let Some(list) = areas.list {
        results::render(app, frame, list);
    }
    if let Some(detail) = areas.detail {
        detail::render(app, frame, detail);
    }
    status::render(app, frame, areas.status);
    match app.overlay {
        Some(Overlay::Help) => help::render(app, frame),
        Some(Overlay::Findings) => findings::render(app, frame),
        None => {}
    }
}
