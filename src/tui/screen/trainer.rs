//! Trainer mode: one case on the whole screen, told step by step in a centred
//! column, then the questions, the reveal and the session's score. Right and
//! wrong are said in words and markers, not colour alone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::model::Entry;
use crate::text::{counted, one_line, sanitize, wrap};
use crate::training::{Back, Case, HIDDEN_CODE, Order, Session, Stage, hide_code};
use crate::tui::action::Action;
use crate::tui::app::{App, Trainer};
use crate::tui::screen::detail::{note_lines, note_source_lines};
use crate::tui::screen::status;
use crate::tui::theme::Theme;

/// The reading width: long lines are hard to follow on a projector.
const MAX_COLUMN: u16 = 84;

/// The trainer's regions on `screen`: the case's column, the speaker notes
/// when shown, and the status line.
/// The fewest rows above the status line that leave room for the speaker
/// notes below the case.
pub const NOTES_MIN_BODY: u16 = 8;

struct Regions {
    column: Rect,
    notes: Option<Rect>,
    status: Rect,
}

fn regions(trainer: &Trainer, screen: Rect) -> Regions {
    let [body, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(screen);
    let (main, notes) = if trainer.speaker_notes && body.height >= NOTES_MIN_BODY {
        let [main, notes] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
        (main, Some(notes))
    } else {
        (body, None)
    };
    Regions {
        column: column(main),
        notes,
        status,
    }
}

/// The case (or the summary) laid out for a column `width` wide, and the
/// answer line under a question, which stays in view below it.
fn main_lines(
    app: &App,
    trainer: &Trainer,
    width: usize,
) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    if trainer.session.finished {
        (summary_lines(app, &trainer.session, width), Vec::new())
    } else {
        case_lines(app, trainer, width)
    }
}

/// The header (up to its blank line), which stays in view, and the lines
/// below it, which scroll: the case number is never scrolled away.
fn split_header(mut lines: Vec<Line<'static>>) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let head = lines
        .iter()
        .position(|line| line.width() == 0)
        .map_or(0, |blank| blank + 1);
    let body = lines.split_off(head);
    (lines, body)
}

/// The case laid out in `column`: its pinned header, the lines below it,
/// the pinned answer line under a question, and the rows the middle has.
/// Drawing, paging and the scroll limit all start from here.
struct Laid {
    head: Vec<Line<'static>>,
    body: Vec<Line<'static>>,
    foot: Vec<Line<'static>>,
    rows: usize,
}

/// The fewest rows the question and its choices keep before the answer
/// line gives up its blank line and hint (the status line says Enter
/// answers).
const QUESTION_ROWS: usize = 8;

fn laid_out(app: &App, trainer: &Trainer, column: Rect) -> Laid {
    let (lines, mut foot) = main_lines(app, trainer, usize::from(column.width));
    let (head, body) = split_header(lines);
    let height = usize::from(column.height);
    if height < head.len() + foot.len() + QUESTION_ROWS && foot.len() > 1 {
        foot = vec![foot.swap_remove(1)];
    }
    let rows = height.saturating_sub(head.len() + foot.len());
    Laid {
        head,
        body,
        foot,
        rows,
    }
}

/// Between the case and the coding steps.
const CODING_STEPS: &str = "Coding steps";
/// The questions' headings, which `question_scroll` finds the question by.
const CODE_QUESTION: &str = "Which code?";
const MODIFIER_QUESTION: &str = "Which modifier?";
/// Marks the choice picked, which `question_scroll` keeps in view.
const PICKED: &str = "▸";
/// Starts the line that keeps the class's code answer in view while the
/// modifier is asked.
const CODE_ANSWERED: &str = "Code answered:";

/// Under a question whose answer the class has seen.
const NOT_SCORED: &str = "(Not scored: its answer was shown.)";

/// The scroll that shows a question from its heading when the question and
/// its choices are taller than the window: anchored at the bottom, as the
/// case is told, the heading and the situation would be above the top.
pub fn question_scroll(app: &App, trainer: &Trainer, screen: Rect) -> usize {
    let laid = laid_out(app, trainer, regions(trainer, screen).column);
    let overflow = laid.body.len().saturating_sub(laid.rows);
    // From the code answered, when the modifier is asked: it is part of
    // the question's screen.
    let heading = laid.body.iter().rposition(|line| {
        let text = line.to_string();
        text == CODE_QUESTION || text == MODIFIER_QUESTION
    });
    let heading = heading.map(|at| {
        let answered = |line: &Line| line.to_string().starts_with(CODE_ANSWERED);
        match laid.body[..at].iter().rposition(answered) {
            // Unless the window is too short for it and the question's
            // heading and first line below it: the question comes first.
            Some(line) if at - line <= 3 && at - line + 2 <= laid.rows => line,
            _ => at,
        }
    });
    // The choice picked stays in view too, below the heading if it must:
    // a class answering 3 in a short window sees the 3 it answers.
    let top = match (heading, picked_lines(&laid.body)) {
        // A choice taller than the window shows from its start.
        (Some(at), Some((first, last))) if last >= at + laid.rows => {
            Some((last + 1 - laid.rows).min(first))
        }
        (heading, _) => heading,
    };
    match top {
        Some(at) if at < overflow => overflow - at,
        _ => 0,
    }
}

/// The first and last lines of the choice picked (a title may wrap), among
/// the lines of the question's screen.
fn picked_lines(body: &[Line]) -> Option<(usize, usize)> {
    let first = body
        .iter()
        .rposition(|line| line.to_string().trim_start().starts_with(PICKED))?;
    // Its title's further lines are indented past the choice's number.
    let more = body[first + 1..]
        .iter()
        .take_while(|line| {
            let text = line.to_string();
            let rest = text.trim_start();
            !rest.is_empty()
                && !rest.starts_with(|c: char| c.is_ascii_digit())
                && text.starts_with("    ")
        })
        .count();
    Some((first, first + more))
}

/// The scroll that brings the choice just picked into view, moving the
/// case as little as it can; `None` when it is in view, or none is picked.
/// (Taking a pick back moves nothing: the question stays as it was read.)
pub fn picked_scroll(app: &App, trainer: &Trainer, screen: Rect) -> Option<usize> {
    let laid = laid_out(app, trainer, regions(trainer, screen).column);
    let overflow = laid.body.len().saturating_sub(laid.rows);
    let (first, last) = picked_lines(&laid.body)?;
    // Told from the bottom: the scroll counts lines up from the end.
    let start = overflow - trainer.scroll.min(overflow);
    let top = if first < start {
        first
    } else if last >= start + laid.rows {
        (last + 1).saturating_sub(laid.rows).min(first)
    } else {
        return None;
    };
    Some(overflow - top.min(overflow))
}

/// A page of the case on `screen`: the scrolling part's height less one
/// line kept in sight.
pub fn page(app: &App, trainer: &Trainer, screen: Rect) -> usize {
    let laid = laid_out(app, trainer, regions(trainer, screen).column);
    laid.rows.saturating_sub(1).max(1)
}

/// How far the case can scroll on `screen`: its lines past one column's
/// height, so scrolling stops at the end and the first key back moves it.
pub fn max_scroll(app: &App, trainer: &Trainer, screen: Rect) -> usize {
    let laid = laid_out(app, trainer, regions(trainer, screen).column);
    laid.body.len().saturating_sub(laid.rows)
}

pub fn render(app: &App, frame: &mut Frame) {
    let Some(trainer) = &app.trainer else {
        return;
    };
    let Regions {
        column,
        notes,
        status,
    } = regions(trainer, frame.area());
    status::render(app, frame, status);

    let Laid {
        head: mut visible,
        body,
        foot,
        rows,
    } = laid_out(app, trainer, column);
    let overflow = body.len().saturating_sub(rows);
    let start = if trainer.session.telling() {
        overflow - trainer.scroll.min(overflow)
    } else {
        trainer.scroll.min(overflow)
    };
    let head_rows = visible.len();
    let body_rows = body.len().min(rows);
    visible.extend(body.into_iter().skip(start).take(rows));
    visible.extend(foot);
    frame.render_widget(Paragraph::new(visible), column);
    // Lines scrolled out of the window are said to be there, by an arrow
    // in the margin beside the first or last row: a cut-off list of
    // choices would read as a short one. A blank cell of the margin keeps
    // it off the text, which may run to the column's last cell, where
    // there is room for one.
    let gutter = u16::from(column.right().saturating_add(1) < frame.area().right());
    let row = |row: usize| (row < usize::from(column.height)).then(|| column.y + row as u16);
    more_marks(
        app,
        frame,
        column.right() + gutter,
        [
            (start > 0, row(head_rows)),
            (
                start < overflow,
                row(head_rows + body_rows.saturating_sub(1)),
            ),
        ],
    );

    if let Some(area) = notes {
        render_speaker_notes(app, trainer, frame, area);
    }
}

/// A centred column with margins that grow with the screen.
fn column(area: Rect) -> Rect {
    let margin = if area.width >= 100 { 4 } else { 2 };
    let width = area
        .width
        .saturating_sub(2 * margin)
        .min(MAX_COLUMN)
        .max(area.width.min(10));
    let top = if area.height >= 20 { 1 } else { 0 };
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + top,
        width,
        height: area.height.saturating_sub(top),
    }
}

fn wrapped(
    lines: &mut Vec<Line<'static>>,
    text: &str,
    width: usize,
    first: &str,
    rest: &str,
    style: Style,
) {
    for line in wrap(text, width, first, rest) {
        lines.push(Line::styled(line, style));
    }
}

/// A line of styled spans wrapped to `width` at spaces, each style kept,
/// following lines starting with `indent`: verdicts and headers read whole
/// in a narrow window.
fn wrap_spans(spans: Vec<Span<'static>>, width: usize, indent: &str) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut at_break = false;
    for span in spans {
        for piece in span.content.split_inclusive(' ') {
            // Spaces where a line was broken are dropped, not carried over.
            if at_break && piece.trim().is_empty() {
                continue;
            }
            let fits = used + piece.trim_end().width() <= width;
            if !fits && used > indent.width() && !current.is_empty() {
                lines.push(Line::from(std::mem::take(&mut current)));
                current.push(Span::raw(indent.to_owned()));
                used = indent.width();
                if piece.trim().is_empty() {
                    at_break = true;
                    continue;
                }
            }
            at_break = false;
            current.push(Span::styled(piece.to_owned(), span.style));
            used += piece.width();
        }
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

/// The trainer's header line, wrapped where it must, between its fields
/// only: a line that ends on "Code" of "Code question", or on a dot, reads
/// as a field of its own.
fn header(session: &Session, detail: &str, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let case = format!("Case {}/{}", session.current() + 1, session.case_count());
    // In code order too: the seed also draws the choices and their order,
    // so a trainer needs it to ask the same questions again.
    let fields = vec![
        Span::styled("Trainer", theme.heading()),
        Span::raw(case.clone()),
        Span::raw(detail.to_owned()),
        Span::styled(format!("seed {}", session.seed), theme.dim()),
    ];
    let full: usize = fields
        .iter()
        .map(|field| field.width() + FIELD_GAP.width())
        .sum();
    // A window too narrow for the whole header on two lines gets the case
    // and the step alone, so that the question keeps its rows.
    if full > width * 2 {
        let short = format!("{case} · {detail}");
        if short.width() <= width {
            return vec![Line::styled(short, theme.heading())];
        }
        // Which question is on matters more than a line of the case.
        if detail.width() <= width {
            return vec![
                Line::styled(case, theme.heading()),
                Line::styled(detail.to_owned(), theme.heading()),
            ];
        }
        return vec![Line::styled(case, theme.heading())];
    }
    fields_wrapped(fields, width)
}

/// Between a header's fields.
const FIELD_GAP: &str = "  ·  ";

/// Header fields joined by `FIELD_GAP`, a line broken between two fields
/// where the next would not fit; the line after starts with the dot.
fn fields_wrapped(fields: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    for field in fields {
        match lines.last_mut() {
            Some(line) if line.width() + FIELD_GAP.width() + field.width() <= width => {
                line.spans.push(Span::raw(FIELD_GAP));
                line.spans.push(field);
            }
            Some(_) => lines.push(Line::from(vec![Span::raw(FIELD_GAP.trim_start()), field])),
            None => lines.push(Line::from(field)),
        }
    }
    lines
}

fn case_lines(
    app: &App,
    trainer: &Trainer,
    width: usize,
) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let theme = app.theme;
    let session = &trainer.session;
    let case = session.case();
    let mut lines = Vec::new();
    let mut foot = Vec::new();
    if case.stage == Stage::Reveal {
        lines.extend(header(session, "Answers", width, theme));
        lines.push(Line::default());
        let entry = app.content.entries[case.entry].entry();
        reveal_lines(app, case, entry, width, &mut lines);
        return (lines, foot);
    }
    // Once the steps are all told, the header says which question is on.
    let detail = match case.stage {
        Stage::CodeQuestion => "Code question".to_owned(),
        Stage::ModifierQuestion => "Modifier question".to_owned(),
        _ => format!("Step {}/{}", case.shown, case.steps.len()),
    };
    lines.extend(header(session, &detail, width, theme));
    lines.push(Line::default());
    told_lines(case, case.shown, None, "", width, theme, &mut lines);

    match case.stage {
        Stage::CodeQuestion => {
            lines.push(Line::default());
            lines.push(Line::styled(CODE_QUESTION, theme.heading()));
            // The answers were shown: said where the question is, for as
            // long as it is asked, not only in a passing message.
            if case.code_shown {
                lines.push(Line::raw(NOT_SCORED));
            } else if case.code_at_modifier_question.is_some() && !case.code_answer_fixed {
                wrapped(&mut lines, CHANGE_NOT_SCORED, width, "", "", Style::new());
            }
            let choices: Vec<(String, String)> = case
                .code_choices
                .iter()
                .map(|code| {
                    let title = app
                        .content
                        .get(code)
                        .filter(|_| !trainer.session.codes_only)
                        .map(|e| one_line(&e.title))
                        .unwrap_or_default();
                    (code.clone(), title)
                })
                .collect();
            choice_lines(&choices, &trainer.typed, width, theme, &mut lines);
            let mut how = match case.code_choices.len() {
                0 => "Type the code, then Enter.".to_owned(),
                n => format!("{} or type the code, then Enter.", press(n)),
            };
            // Emptied by Esc, the box does not take back the answer given:
            // said, since it no longer shows it.
            if trainer.typed.is_empty()
                && let Some(given) = &case.code_answer
            {
                how = format!(
                    "{how} The answer given, {}, stands until another is entered.",
                    one_line(given)
                );
            }
            answer_line(&how, &trainer.typed, width, theme, &mut foot);
        }
        Stage::ModifierQuestion => {
            if let Some(question) = &case.modifier {
                // The code the class gave stays in view, and ← takes it
                // back, until the reveal.
                if let Some(answer) = &case.code_answer {
                    let change = if session.back() == Back::CodeQuestion {
                        " (← to change it)"
                    } else if case.code_answer_fixed {
                        // Why ← does not go back to it.
                        " (kept: the answers were shown)"
                    } else {
                        ""
                    };
                    lines.push(Line::default());
                    wrapped(
                        &mut lines,
                        &format!("{CODE_ANSWERED} {}{change}", one_line(answer)),
                        width,
                        "",
                        "  ",
                        Style::default(),
                    );
                }
                lines.push(Line::default());
                lines.push(Line::styled(MODIFIER_QUESTION, theme.heading()));
                if case.modifiers_shown.contains(&question.answer) {
                    lines.push(Line::raw(NOT_SCORED));
                }
                // The situation is the question's own, which may not be the
                // case just told (both knees, where the case had one): said
                // so, or a class reads it as contradicting the case.
                let code = &app.content.entries[case.entry].entry().code;
                wrapped(
                    &mut lines,
                    &format!(
                        "Suppose, as a variation on this case: {}",
                        hide_code(&sanitize(&question.situation), code)
                    ),
                    width,
                    "",
                    "  ",
                    Style::new(),
                );
                let choices: Vec<(String, String)> = question
                    .choices
                    .iter()
                    .map(|c| (c.clone(), String::new()))
                    .collect();
                choice_lines(&choices, &trainer.typed, width, theme, &mut lines);
                answer_line(
                    &format!(
                        "{} or type the modifier, then Enter.",
                        press(question.choices.len())
                    ),
                    &trainer.typed,
                    width,
                    theme,
                    &mut foot,
                );
            }
        }
        Stage::Steps if case.shown == case.steps.len() => {
            lines.push(Line::default());
            lines.push(Line::raw(
                "That is the whole case. Space asks the questions.",
            ));
        }
        Stage::Steps | Stage::Reveal => {}
    }
    (lines, foot)
}

/// The case as told so far: prose, a sentence to a line and a blank line
/// between paragraphs, then the coding steps numbered from 1, the newest
/// step lit while steps are told. `code`, once the answers are shown, is
/// put back where the telling hid it.
fn told_lines(
    case: &Case,
    told: usize,
    code: Option<&str>,
    indent: &str,
    width: usize,
    theme: Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let coding_steps = case.steps.len() - case.story;
    let digits = coding_steps.to_string().len();
    for (i, step) in case.steps.iter().take(told).enumerate() {
        let telling = i < case.story;
        if i == case.story && case.story > 0 {
            lines.push(Line::default());
            lines.push(Line::styled(
                format!("{indent}{CODING_STEPS}"),
                theme.heading(),
            ));
        }
        if i > 0 && (!telling || case.paragraphs.contains(&i)) {
            lines.push(Line::default());
        }
        let newest = i + 1 == told && case.stage == Stage::Steps;
        let style = if newest { theme.code() } else { Style::new() };
        let first = if telling {
            indent.to_owned()
        } else {
            format!("{indent}{:>digits$}. ", i - case.story + 1)
        };
        let rest = " ".repeat(first.chars().count());
        let step = match code {
            Some(code) => step.replace(HIDDEN_CODE, code),
            None => step.clone(),
        };
        wrapped(lines, &sanitize(&step), width, &first, &rest, style);
    }
}

fn choice_lines(
    choices: &[(String, String)],
    typed: &str,
    width: usize,
    theme: Theme,
    lines: &mut Vec<Line<'static>>,
) {
    for (i, (code, title)) in choices.iter().enumerate() {
        let code = one_line(code);
        let number = (i + 1).to_string();
        // A code answer given before (offered again after ←) is typed
        // out: its choice is the one picked.
        let picked = typed == number || typed.eq_ignore_ascii_case(&code);
        let marker = if picked { PICKED } else { " " };
        let text = if title.is_empty() {
            format!("{marker} {number}  {code}")
        } else {
            format!("{marker} {number}  {code}  {title}")
        };
        let style = if picked {
            theme.selected()
        } else {
            Style::new()
        };
        // A long title's following lines start under its first word.
        let under_title = " ".repeat(format!("{marker} {number}  {code}  ").width());
        wrapped(lines, &text, width, "", &under_title, style);
    }
}

fn answer_line(
    hint: &str,
    typed: &str,
    width: usize,
    theme: Theme,
    lines: &mut Vec<Line<'static>>,
) {
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("Answer: ", theme.code()),
        Span::raw(typed.to_owned()),
        Span::styled("_", theme.dim()),
    ]));
    // What to press, read from the back of a room: not dim.
    wrapped(lines, hint, width, "", "", Style::default());
}

/// `✓ RIGHT`, `✗ WRONG` or `– NOT ANSWERED`, in words so they survive
/// `NO_COLOR`.
fn verdict(correct: Option<bool>, theme: Theme) -> Span<'static> {
    match correct {
        Some(true) => Span::styled("✓ RIGHT", theme.right()),
        Some(false) => Span::styled("✗ WRONG", theme.erratum()),
        None => Span::styled("– NOT ANSWERED", theme.caution()),
    }
}

/// `✗ WRONG  Code — you answered 64624; it is 64633`, or the right answer
/// alone when the given one was right or missing; `late`, an answer given
/// after the answers had shown it, is said to be no part of the score.
fn verdict_line(
    what: &str,
    (correct, late): (Option<bool>, Option<&'static str>),
    given: Option<&str>,
    expected: &str,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let said = match (given, correct) {
        (Some(given), Some(false)) => format!("— you answered {}; it is ", one_line(given)),
        _ => "— ".to_owned(),
    };
    let mut spans = vec![
        verdict(correct, theme),
        Span::raw(format!("  {what} {said}")),
        Span::styled(one_line(expected), theme.code()),
    ];
    if let Some(late) = late.filter(|_| correct.is_some()) {
        spans.push(Span::styled(late, theme.dim()));
    }
    wrap_spans(spans, width, "  ")
}

/// Said of an answer given after the answers had shown it.
const AFTER_REVEAL: &str = "  (answered after the answers were shown: not scored)";

/// Said of a code answer changed after the modifier question was shown.
const CHANGED_LATE: &str = "  (changed after the modifier question was shown: not scored)";

/// Under the code question asked again from the modifier question.
const CHANGE_NOT_SCORED: &str = "(A changed answer is not scored: the modifier question, drawn from the right code's table, was shown.)";

/// What is said after a code answer that is no part of the score, if it is not.
fn code_late_note(changed: bool, late: bool) -> Option<&'static str> {
    if changed {
        Some(CHANGED_LATE)
    } else {
        late.then_some(AFTER_REVEAL)
    }
}

/// A wrong answer said for what it is, under the right one: "64632 (the
/// answer given): Morton's neuroma…".
fn answer_given(lines: &mut Vec<Line<'static>>, given: &str, what: &str, width: usize) {
    let said = format!("{} (the answer given): {}", one_line(given), sanitize(what));
    // Not dim: what the wrong answer is, is what the class learns from,
    // and dim text fades on a projector.
    wrapped(lines, &said, width, "  ", "    ", Style::new());
}

fn reveal_lines(
    app: &App,
    case: &Case,
    entry: &Entry,
    width: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let theme = app.theme;
    let title = one_line(&entry.title);
    lines.extend(verdict_line(
        "Code",
        (
            case.code_correct(),
            code_late_note(case.code_changed, case.code_late),
        ),
        case.code_answer.as_deref(),
        &entry.code,
        width,
        theme,
    ));
    wrapped(lines, &title, width, "  ", "  ", theme.code());
    // A wrong code said for what it is: how the entry relates it, where it
    // lists it, else its own title, where the content has it.
    if case.code_correct() == Some(false)
        && let Some(given) = case.code_answer.as_deref()
    {
        // The entry's own related list, then the other choices' (a few
        // entries, read once a frame: never the whole set).
        let choices = case
            .code_choices
            .iter()
            .filter_map(|code| app.content.get(code))
            .map(|loaded| loaded.entry());
        let related_in = |listing: &Entry| {
            listing
                .related
                .iter()
                .find(|related| related.code.eq_ignore_ascii_case(given))
                .map(|related| related.why.trim().to_owned())
                .filter(|why| !why.is_empty())
        };
        // Another entry's words about it speak of that entry ("the same
        // nerve"): here only that the entry lists it.
        let elsewhere = || {
            choices.into_iter().find_map(|listing| {
                related_in(listing).map(|_| {
                    format!(
                        "not an entry in this content set; {} lists it among its related codes",
                        one_line(&listing.code)
                    )
                })
            })
        };
        let titled = || app.content.get(given).map(|other| other.title.clone());
        let unknown = || Some("not in this content set".to_owned());
        let what = related_in(entry)
            .or_else(titled)
            .or_else(elsewhere)
            .or_else(unknown);
        if let Some(what) = what {
            answer_given(lines, given, &what, width);
        }
    }
    if let Some(question) = &case.modifier {
        lines.push(Line::default());
        lines.extend(verdict_line(
            "Modifier",
            (
                case.modifier_correct(),
                case.modifier_late.then_some(AFTER_REVEAL),
            ),
            case.modifier_answer.as_deref(),
            &question.answer,
            width,
            theme,
        ));
        wrapped(
            lines,
            &format!("Situation: {}", sanitize(&question.situation)),
            width,
            "  ",
            "    ",
            Style::new(),
        );
        // A folder's content may use a modifier the registry lacks: said,
        // rather than the meaning left out without a word.
        let meaning = match app.content.registry.get(&question.answer) {
            Some(modifier) => format!(
                "Meaning{}: {}",
                if modifier.is_unchecked() {
                    " (background knowledge, not checked against a source)"
                } else {
                    ""
                },
                sanitize(&modifier.meaning)
            ),
            None => {
                let described = entry
                    .modifiers
                    .iter()
                    .find(|row| row.code.eq_ignore_ascii_case(&question.answer))
                    .map(|row| sanitize(&row.description))
                    .filter(|description| !description.trim().is_empty());
                match described {
                    Some(description) => format!(
                        "Meaning (the entry's own; not in cptref's modifier registry): {description}"
                    ),
                    None => "Meaning: not in cptref's modifier registry".to_owned(),
                }
            }
        };
        wrapped(lines, &meaning, width, "  ", "    ", Style::new());
        // A wrong modifier said for what it means, as a wrong code is.
        if case.modifier_correct() == Some(false)
            && let Some(given) = case.modifier_answer.as_deref()
            && let Some(modifier) = app.content.registry.get(given)
        {
            answer_given(lines, given, &modifier.meaning, width);
        }
        // The answer rests on the entry's row: where no source checked backs
        // it, the class is told before it takes the answer as settled.
        let unconfirmed = entry
            .modifiers
            .iter()
            .find(|row| row.code.eq_ignore_ascii_case(&question.answer))
            .and_then(crate::model::ModifierUse::unconfirmed);
        if let Some(basis) = unconfirmed {
            let rests_on = match basis {
                crate::model::Unconfirmed::BackgroundKnowledge => "background knowledge",
                crate::model::Unconfirmed::PublicationAlone => "the source publication alone",
            };
            wrapped(
                lines,
                &format!(
                    "Unconfirmed: that {} takes {} here rests on {rests_on}, not confirmed by \
                     a published source we checked; see the cautions.",
                    sanitize(&entry.code),
                    sanitize(&question.answer)
                ),
                width,
                "  ",
                "    ",
                theme.caution(),
            );
        }
    }

    // The code's why after both verdicts: on a projector's 80×24 the
    // modifier's verdict and situation are then in view with the code's,
    // not below a long overview.
    lines.push(Line::default());
    lines.push(Line::styled(
        format!("Why {}", sanitize(&entry.code)),
        theme.heading(),
    ));
    wrapped(
        lines,
        &sanitize(&entry.billing.overview),
        width,
        "  ",
        "  ",
        Style::new(),
    );

    let warnings: Vec<_> = entry
        .notes_in_reading_order()
        .filter(|n| n.kind.stands_out())
        .collect();
    if !warnings.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled("Cautions and errata", theme.heading()));
        // With their sources: where a publication was wrong, the class
        // sees what says so. Not dim, for a projector.
        for note in warnings {
            note_lines(&note.kind, &note.text, width, theme, lines);
            note_source_lines(&note.source, width, Style::new(), lines);
        }
    }
    // The case as it was told, to go over the why with it in view: the
    // answers screen stands in for it, and ← goes to the case before.
    // A reveal pressed early tells no more of it than was told, since ←
    // takes the reveal back.
    let told = case.revealed_from.map_or(case.shown, |(_, shown)| shown);
    if told > 0 {
        lines.push(Line::default());
        lines.push(Line::styled("The case", theme.heading()));
        // Under its heading, as the other sections of the answers are.
        told_lines(case, told, Some(&entry.code), "  ", width, theme, lines);
    }
}

fn summary_lines(app: &App, session: &Session, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let result = session.result(&app.content);
    // Wrapped as every other trainer screen is: at 40 columns the score
    // and the seed were cut short.
    let mut lines = fields_wrapped(
        vec![
            Span::styled("Trainer", theme.heading()),
            Span::raw("Session summary"),
        ],
        width,
    );
    lines.push(Line::default());
    wrapped(
        &mut lines,
        &format!("Score: {}", result.score()),
        width,
        "",
        "",
        theme.code(),
    );
    let cases = counted(session.case_count(), "case", "cases");
    // The seed replays the session's questions in either order.
    let order = match session.order {
        Order::Shuffle => format!("{cases}, shuffled with seed {}", session.seed),
        Order::Code => format!("{cases} in code order, seed {}", session.seed),
        Order::Given => format!("{cases} in the order named, seed {}", session.seed),
    };
    wrapped(&mut lines, &order, width, "", "", theme.dim());
    for (i, case) in result.cases.iter().enumerate() {
        lines.push(Line::default());
        wrapped(
            &mut lines,
            &format!(
                "{}. {}  {}",
                i + 1,
                one_line(&case.code),
                one_line(&case.title)
            ),
            width,
            "",
            "   ",
            theme.code(),
        );
        let mut code = vec![Span::raw("   Code: "), verdict(case.code_correct, theme)];
        if let Some(answer) = &case.code_answer {
            code.push(Span::raw(format!(" ({})", sanitize(answer))));
        }
        if let Some(late) = code_late_note(case.code_changed, case.code_after_reveal) {
            code.push(Span::styled(late, theme.dim()));
        }
        lines.extend(wrap_spans(code, width, "     "));
        if let Some(expected) = &case.modifier_expected {
            let mut modifier = vec![
                Span::raw("   Modifier: "),
                verdict(case.modifier_correct, theme),
            ];
            match (&case.modifier_answer, case.modifier_correct) {
                (Some(answer), Some(false)) => modifier.push(Span::raw(format!(
                    " ({}, expected {})",
                    sanitize(answer),
                    sanitize(expected)
                ))),
                (Some(answer), _) => modifier.push(Span::raw(format!(" ({})", sanitize(answer)))),
                (None, _) => {
                    modifier.push(Span::raw(format!(" (expected {})", sanitize(expected))))
                }
            }
            if case.modifier_after_reveal {
                modifier.push(Span::styled(AFTER_REVEAL, theme.dim()));
            }
            lines.extend(wrap_spans(modifier, width, "     "));
        }
    }
    lines
}

fn notes_block(app: &App, width: u16) -> Block<'static> {
    // The key that hides them now: while a modifier is asked, `n` types.
    let hide = app
        .keymap
        .keys_for(
            crate::tui::keymap::Context::Trainer,
            &Action::ToggleSpeakerNotes,
        )
        .into_iter()
        .find(|key| app.action_for_key(*key) == Some(Action::ToggleSpeakerNotes))
        .map(|key| format!("{key} hides"))
        .unwrap_or_default();
    let keys = if hide.is_empty() {
        "[ ] scroll".to_owned()
    } else {
        format!("{hide}, [ ] scroll")
    };
    // The longest that fits, so that a narrow pane ends no title mid-word.
    let title = [
        format!(" Speaker notes ({keys}) "),
        format!(" Notes ({keys}) "),
        format!(" Notes ({hide}) "),
        " Notes ".to_owned(),
    ]
    .into_iter()
    .filter(|title| !title.contains("()"))
    .find(|title| title.width() + 2 <= usize::from(width))
    .unwrap_or_default();
    let theme = app.theme;
    Block::new()
        .borders(Borders::TOP)
        .title(title)
        .border_style(theme.dim())
        // The keys in the title are read from across a room: not dim.
        .title_style(Style::new().remove_modifier(ratatui::style::Modifier::DIM))
}

/// How far the speaker notes can scroll on `screen`: their lines past
/// their pane's height (none while they are hidden).
pub fn max_notes_scroll(app: &App, trainer: &Trainer, screen: Rect) -> usize {
    let Some(area) = regions(trainer, screen).notes else {
        return 0;
    };
    let inner = column(notes_block(app, area.width).inner(area));
    notes_lines(app, trainer, usize::from(inner.width))
        .len()
        .saturating_sub(usize::from(inner.height))
}

fn render_speaker_notes(app: &App, trainer: &Trainer, frame: &mut Frame, area: Rect) {
    let block = notes_block(app, area.width);
    let inner = column(block.inner(area));
    frame.render_widget(block, area);
    let lines = notes_lines(app, trainer, usize::from(inner.width));
    let height = usize::from(inner.height);
    let total = lines.len();
    let start = trainer.notes_scroll.min(total.saturating_sub(height));
    let visible: Vec<Line> = lines.into_iter().skip(start).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    // Notes scrolled out of the pane are said to be there, as the case's
    // are: an arrow a blank cell off the text.
    if height > 0 {
        more_marks(
            app,
            frame,
            inner.right().saturating_add(1),
            [
                (start > 0, Some(inner.y)),
                (start + height < total, Some(inner.bottom() - 1)),
            ],
        );
    }
}

/// Arrows in column `x` saying that lines are scrolled out of view above
/// (`↑`, on the first row given) or below (`↓`, on the second): each where
/// its lines are hidden and it has a row, and the screen a column for it.
fn more_marks(app: &App, frame: &mut Frame, x: u16, [above, below]: [(bool, Option<u16>); 2]) {
    // Beside an overlay drawn over the case, they would read as its own.
    if x >= frame.area().right() || app.overlay.is_some() {
        return;
    }
    for ((hidden, y), mark) in [(above, "↑"), (below, "↓")] {
        if let (true, Some(y)) = (hidden, y) {
            // Not dim: on a projector dim text is often lost.
            frame.render_widget(Paragraph::new(Span::raw(mark)), Rect::new(x, y, 1, 1));
        }
    }
}

/// The speaker notes for the case on screen, `width` wide.
fn notes_lines(app: &App, trainer: &Trainer, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let session = &trainer.session;
    if session.finished {
        return Vec::new();
    }
    let case = session.case();
    let entry = app.content.entries[case.entry].entry();
    // Until the reveal the notes keep the answer hidden too.
    let hide = |text: &str| {
        let text = sanitize(text);
        if case.stage == Stage::Reveal {
            text
        } else {
            hide_code(&text, &entry.code)
        }
    };
    let mut lines = Vec::new();
    // The code's number is hidden, but the billing text describes the
    // code as its choice does, and the notes may name the codes it is not
    // and the modifier the class is to be asked for: said, for a presenter
    // whose screen the class sees.
    if case.stage != Stage::Reveal {
        wrapped(
            &mut lines,
            "For the presenter: these describe the code and may name the modifier; not for the class’s eyes before the answers.",
            width,
            "",
            "  ",
            theme.dim(),
        );
    }
    wrapped(
        &mut lines,
        &format!("Billing: {}", hide(&entry.billing.overview)),
        width,
        "",
        "  ",
        Style::new(),
    );
    // Said where the entry gives none, as the detail says it.
    wrapped(
        &mut lines,
        &format!(
            "Site of service: {}",
            hide(&crate::show::site_of_service(entry))
        ),
        width,
        "",
        "  ",
        Style::new(),
    );
    // Under a heading of their own, as at the reveal: indented, they read
    // as part of the site of service.
    if !entry.notes.is_empty() {
        lines.push(Line::styled("Notes", theme.heading()));
    }
    for note in entry.notes_in_reading_order() {
        note_lines(&note.kind, &hide(&note.text), width, theme, &mut lines);
        note_source_lines(&hide(&note.source), width, Style::new(), &mut lines);
    }
    lines
}

/// The keys that pick a choice: "Press 1–4", or "Press 1" for one.
pub fn press(choices: usize) -> String {
    match choices {
        0 | 1 => "Press 1".to_owned(),
        n => format!("Press 1–{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::press;

    #[test]
    fn one_choice_is_pressed_alone() {
        assert_eq!(press(1), "Press 1");
        assert_eq!(press(4), "Press 1–4");
    }
}
