//! Drawing: a pure function of `App`, one module per region of the screen.

pub mod detail;
pub mod findings;
pub mod help;
pub mod results;
pub mod search;
pub mod status;
pub mod trainer;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::app::{App, Overlay};
use super::layout::{MIN_HEIGHT, MIN_WIDTH, inner};
use super::theme::Theme;

/// How far an overlay in `area` can scroll: its lines past the first page.
/// Overlays lay out their own lines (`lines`, for the width inside the box)
/// rather than let the paragraph wrap them, so that scrolling knows where
/// the last one is.
fn overlay_max_scroll(
    app: &App,
    area: Rect,
    lines: fn(&App, usize) -> Vec<Line<'static>>,
) -> usize {
    lines(app, usize::from(inner(area).width))
        .len()
        .saturating_sub(usize::from(inner(area).height))
}

/// Draws an overlay box titled `title` in `area`, over what is below,
/// showing its lines from the overlay's scroll.
fn draw_overlay(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    title: String,
    lines: fn(&App, usize) -> Vec<Line<'static>>,
) {
    let body = lines(app, usize::from(inner(area).width));
    let height = usize::from(inner(area).height);
    let scroll = app.overlay_scroll.min(body.len().saturating_sub(height));
    let block = Block::new()
        .borders(Borders::ALL)
        .title(title)
        .title_bottom(
            Line::from(
                overlay_closer(app)
                    .map(|key| format!(" {key} closes "))
                    .unwrap_or_default(),
            )
            .right_aligned(),
        )
        .border_style(app.theme.focused_border());
    let visible: Vec<Line> = body.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(visible).block(block), area);
}

/// The first key that closes the overlay shown: Esc, unless the keymap
/// took it away, then the key that toggles it (`?`, `!`).
pub(crate) fn overlay_closer(app: &App) -> Option<crate::tui::keymap::Key> {
    use crate::tui::action::Action;
    let toggle = match app.context() {
        crate::tui::keymap::Context::Findings => Action::ToggleFindings,
        _ => Action::ToggleHelp,
    };
    app.key_that_does(&Action::Back)
        .or_else(|| app.key_that_does(&toggle))
}

/// Draws the whole screen for `app`.
pub fn view(app: &App, frame: &mut Frame) {
    let areas = app.areas();
    if areas.too_small {
        // Keys wait for the window to grow, but quitting: said how.
        // (`keys_for` holds the global keys that act here too; at the
        // trainer's modifier question `q` types, and Ctrl-c quits.)
        let quit = app
            .key_that_does(&crate::tui::action::Action::Quit)
            .map(|key| format!("{key} quits. "))
            .unwrap_or_default();
        // The way out first: a very small window shows only the start.
        let message = format!("{quit}Window too small: need {MIN_WIDTH}×{MIN_HEIGHT}");
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

/// `line` with the characters in `ranges` (character indices into the
/// line's text) marked as search matches, each span keeping its style.
pub(crate) fn lit(
    line: Line<'static>,
    ranges: &[std::ops::Range<usize>],
    theme: Theme,
) -> Line<'static> {
    if ranges.is_empty() {
        return line;
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for span in line.spans {
        let len = span.content.chars().count();
        let local: Vec<std::ops::Range<usize>> = ranges
            .iter()
            .filter(|r| r.start < at + len && r.end > at)
            .map(|r| r.start.saturating_sub(at)..(r.end - at).min(len))
            .collect();
        if local.is_empty() {
            spans.push(span);
        } else {
            spans.extend(results::highlighted(
                &span.content,
                &local,
                span.style,
                theme,
            ));
        }
        at += len;
    }
    Line::from(spans).style(line.style)
}

/// Cuts a line to `width` columns, ending in `…` when something was cut.
pub(crate) fn truncate(line: Line<'static>, width: usize) -> Line<'static> {
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
    // `genicular …` reads as a cut after a whole word; `genicular…` as
    // the cut it is.
    if let Some(last) = spans.last_mut()
        && last.content.ends_with(' ')
    {
        last.content = last.content.trim_end().to_owned().into();
    }
    if width > 0 {
        spans.push(Span::raw("…"));
    }
    Line::from(spans)
}
