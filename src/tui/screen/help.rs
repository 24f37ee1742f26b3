//! The help overlay: every key, grouped by where it applies, read from the
//! keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::text::wrap;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::layout::overlay;

/// The column the actions' labels start in, when there is room for it.
const KEYS_WIDTH: usize = 24;

/// The help text for an overlay `width` columns wide inside: one line per
/// action with all its keys, the label wrapped beside them; where that
/// leaves too little room, the label goes under its keys.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    laid(app, width).0
}

/// The help text's lines (as `lines`), each with the number of the heading
/// or key entry it belongs to: what keeps a reader's place when the window
/// is resized and the entries wrap anew.
pub fn laid(app: &App, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    // A column kept clear of the box's right border, so that a line that
    // fills the box does not run into it.
    let width = width.saturating_sub(1).max(1);
    let theme = app.theme;
    let mut lines = Vec::new();
    let mut items: Vec<usize> = Vec::new();
    // Called after each heading or entry: its lines get the next number.
    let mut ended = |lines: &Vec<Line<'static>>| {
        let next = items.last().map_or(0, |last| last + 1);
        items.resize(lines.len(), next);
    };
    let mut contexts = vec![
        Context::Search,
        Context::List,
        Context::Detail,
        Context::Help,
        Context::Findings,
        Context::Trainer,
        Context::Global,
    ];
    // The keys of where help was opened from come first: a presenter
    // opening help in front of a class wants the trainer's, a reader in
    // the detail the detail's, not a page down.
    let opened_from = app.context_beneath_overlay();
    contexts.retain(|&c| c != opened_from);
    contexts.insert(0, opened_from);
    let side_by_side = width >= KEYS_WIDTH + 16;
    let entry = |lines: &mut Vec<Line<'static>>, keys: String, label: String| {
        if side_by_side {
            // Keys too many for their column (a configuration can add
            // some) get a line of their own above the label.
            let keys = if keys.width() + 3 > KEYS_WIDTH {
                for part in wrap(&keys, width, "  ", "  ") {
                    lines.push(Line::styled(part, theme.code()));
                }
                String::new()
            } else {
                keys
            };
            let label = wrap(&label, width - KEYS_WIDTH, "", "");
            for (i, part) in label.into_iter().enumerate() {
                let keys = if i == 0 { keys.as_str() } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<w$}", w = KEYS_WIDTH - 2), theme.code()),
                    Span::raw(part),
                ]));
            }
        } else {
            for part in wrap(&keys, width, "  ", "  ") {
                lines.push(Line::styled(part, theme.code()));
            }
            for part in wrap(&label, width, "      ", "      ") {
                lines.push(Line::raw(part));
            }
        }
    };
    for context in contexts {
        if !lines.is_empty() {
            lines.push(Line::default());
            ended(&lines);
        }
        lines.push(Line::styled(context.title(), theme.heading()));
        ended(&lines);
        for action in app.keymap.actions_in(context) {
            let keys: Vec<String> = app
                .keymap
                .keys_for(context, &action)
                .iter()
                .map(ToString::to_string)
                .collect();
            entry(&mut lines, keys.join(", "), label(context, &action));
            ended(&lines);
        }
        if context == Context::Search {
            entry(
                &mut lines,
                "other keys".into(),
                "type into the search (`?` in an empty box opens this help)".into(),
            );
            ended(&lines);
            // What may be typed, so that it need not be looked up in the
            // README: every word must match.
            entry(
                &mut lines,
                "finds".into(),
                format!(
                    "a code or its start (6463), words (genicular abl), a modifier (50), \
                     a claim line's code (64624-RT), an abbreviation ({})",
                    crate::abbreviations::shorts().join(", ")
                ),
            );
            ended(&lines);
            entry(
                &mut lines,
                "filters".into(),
                "mod:50 payer:medicare site:office kind:erratum 64630-64640 6463*".into(),
            );
            ended(&lines);
        }
        if context == Context::List {
            entry(
                &mut lines,
                "other keys".into(),
                "a letter or digit no key above takes goes on the end of the query, in the search box"
                    .into(),
            );
            ended(&lines);
        }
        if context == Context::Detail {
            entry(
                &mut lines,
                "other keys".into(),
                "a letter no key above takes starts a new search, as / and the letter would; \
                 Esc, while it is typed, comes back here"
                    .into(),
            );
            ended(&lines);
        }
        // Answers are typed, not bound; while the modifier question is
        // asked, letters type too (`rt`), so Ctrl keys stand in for them.
        if context == Context::Trainer {
            // The choices the question on screen offers (none in a set of
            // one entry), else the most a question offers.
            let choices = app
                .trainer
                .as_ref()
                .filter(|trainer| !trainer.session.finished)
                .map(|trainer| {
                    let case = trainer.session.case();
                    // While the case is told, the code question to come.
                    match case.stage {
                        crate::training::Stage::ModifierQuestion => case.choices().len(),
                        _ => case.code_choices.len(),
                    }
                });
            let (keys, what) = match choices {
                Some(0) => (
                    "typed".to_owned(),
                    "the code (all five characters) typed out",
                ),
                Some(n) => (
                    format!(
                        "1{}, or typed",
                        if n > 1 {
                            format!("–{n}")
                        } else {
                            String::new()
                        }
                    ),
                    "a choice, or the code (all five characters) or modifier typed out",
                ),
                None => (
                    format!("1–{}, or typed", crate::training::CHOICES),
                    "a choice, or the code (all five characters) or modifier typed out",
                ),
            };
            entry(
                &mut lines,
                keys,
                format!(
                    "{what}, then Enter (or Space, →) to answer; while a modifier is asked, letters type, so \
                     use the Ctrl keys, and the arrow keys to scroll"
                ),
            );
            ended(&lines);
        }
    }
    // The browser takes the mouse, which changes what a plain drag does:
    // said here, where a coder looks for how to copy text by hand.
    lines.push(Line::default());
    ended(&lines);
    lines.push(Line::styled("Mouse", theme.heading()));
    ended(&lines);
    for (keys, what) in [
        (
            "click",
            "selects a result or focuses a pane; on a related code (→), opens it",
        ),
        ("wheel", "scrolls the pane under the pointer"),
        (
            "Shift-drag",
            "selects text to copy by hand, as the browser takes plain drags (Option-drag in iTerm2)",
        ),
    ] {
        entry(&mut lines, keys.into(), what.into());
        ended(&lines);
    }
    (lines, items)
}

/// Where the help text shown from line `scroll` on `was` (a screen) is read
/// from on `now`: the line where the entry at its top starts.
pub fn scroll_after_resize(app: &App, scroll: usize, was: Rect, now: Rect) -> usize {
    let width = |screen: Rect| usize::from(crate::tui::layout::inner(area(screen)).width);
    let (_, before) = laid(app, width(was));
    let Some(item) = before.get(scroll) else {
        return scroll;
    };
    let (_, after) = laid(app, width(now));
    after.iter().position(|at| at == item).unwrap_or(scroll)
}

/// What `action` does in `context`, where that is more than its label
/// says: in the trainer, ← and Esc do more than one thing.
fn label(context: Context, action: &Action) -> String {
    match (context, action) {
        (Context::Trainer, Action::PreviousStep) => {
            "previous step; at the modifier question, back to the code question; after r \
             pressed before the questions were answered, hide the answers again (an answer \
             given before r stays as given); from a case's first step, its answers given in \
             full or the summary, back to the case before"
                .into()
        }
        // Letters type while a modifier is asked: `j` and `k` too.
        (Context::Trainer, Action::ScrollDown | Action::ScrollUp) => format!(
            "{} (with the arrow keys while a modifier is asked)",
            action.label()
        ),
        (Context::Search, Action::Back) => "clear the query (after /, back where you were)".into(),
        (Context::List, Action::Back | Action::ClearQuery) => {
            "clear the query and go back to the search box".into()
        }
        (Context::List, Action::DeleteBackward) => {
            "delete the query's last character; with no query, history back".into()
        }
        (Context::Search, Action::ToggleHelp) => "help (or ? with nothing typed)".into(),
        (Context::Global, Action::Quit) => {
            "quit (in the middle of a trainer session of several cases, or of one case \
             answered before its reveal, asked first)"
                .into()
        }
        (Context::Trainer, Action::Quit) => {
            "quit cptref, not only the trainer (in the middle of a session of several cases, \
             or of one case answered before its reveal, asked first)"
                .into()
        }
        (Context::Trainer, Action::Back) => {
            "clear the answer typed, else leave for the browser (asked first in the middle of \
             a session of several cases, which leaving ends, or of one case answered before \
             its reveal)"
                .into()
        }
        _ => action.label(),
    }
}

/// Where the overlay sits on `screen`.
pub fn area(screen: Rect) -> Rect {
    overlay(screen, 76)
}

/// How far the overlay can scroll on `screen`: its lines past the first page.
pub fn max_scroll(app: &App, screen: Rect) -> usize {
    super::overlay_max_scroll(app, area(screen), lines)
}

pub fn render(app: &App, frame: &mut Frame) {
    super::draw_overlay(app, frame, area(frame.area()), " Keys ".into(), lines);
}
