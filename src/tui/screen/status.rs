//! The status line: the keys that matter where the focus is, read from the
//! keymap, a load still going on in the background, and the count of
//! content problems.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::text::counted;
use crate::training::{Back, Stage};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;

/// The actions worth a place on the status line, per context, most useful
/// first; the line keeps as many as fit.
fn highlights(context: Context) -> &'static [Action] {
    use Action as A;
    match context {
        Context::Search => &[
            A::SelectNext,
            A::OpenDetail,
            A::Back,
            A::CopyCode,
            A::ToggleHelp,
            A::Quit,
            A::FocusList,
        ],
        Context::List => &[
            A::SelectNext,
            A::OpenDetail,
            A::FocusSearch,
            A::CopyCode,
            A::Back,
            A::ToggleHelp,
            A::Quit,
            A::StartTraining,
        ],
        Context::Detail => &[
            A::ScrollDown,
            A::NextStop,
            A::FollowLink,
            A::Back,
            A::CopyCode,
            A::ToggleHelp,
            A::Quit,
            A::NextMatch,
            A::HistoryBack,
            A::StartTraining,
        ],
        // The toggle is said only where no key is bound to Back (`hints`).
        Context::Help => &[A::ScrollDown, A::Back, A::ToggleHelp, A::Quit],
        Context::Findings => &[A::ScrollDown, A::Back, A::ToggleFindings, A::Quit],
        Context::Trainer => &[],
        Context::Global => &[],
    }
}

/// The trainer's keys depend on the stage: steps, a question, the reveal or
/// the summary.
fn trainer_highlights(app: &App) -> &'static [Action] {
    use Action as A;
    let Some(trainer) = &app.trainer else {
        return &[];
    };
    let session = &trainer.session;
    if session.finished {
        return &[
            A::ScrollDown,
            A::PreviousStep,
            A::Back,
            A::ToggleHelp,
            A::Quit,
        ];
    }
    match session.case().stage {
        Stage::Steps => &[
            A::NextStep,
            A::AskNow,
            A::PreviousStep,
            A::Reveal,
            A::ToggleSpeakerNotes,
            A::Back,
            A::ToggleHelp,
            A::Quit,
        ],
        // ← (back to the steps, or to the code question to mend its
        // answer) before the notes: a narrow status line keeps the way to
        // undo a key pressed by mistake. Quitting too, which at the
        // modifier question is no longer `q` (it types).
        Stage::CodeQuestion | Stage::ModifierQuestion => &[
            A::SubmitAnswer,
            A::Reveal,
            A::PreviousStep,
            A::Back,
            A::Quit,
            A::ToggleSpeakerNotes,
            A::ToggleHelp,
        ],
        // ← takes back answers revealed with `r` before the questions were
        // answered, or goes to the case before (left out where it goes
        // nowhere).
        Stage::Reveal => &[
            A::NextStep,
            A::PreviousStep,
            A::ScrollDown,
            A::Back,
            A::ToggleHelp,
            A::Quit,
        ],
    }
}

/// When the search box holds a whole code that is not in the set but a
/// content file named after it failed to load, says so: the code would
/// otherwise just be missing from the list.
pub fn unloaded_code(app: &App, room: usize) -> Option<String> {
    let code = app.query.trim().to_ascii_uppercase();
    if app.trainer.is_some() || !(code.len() == 5 && crate::search::looks_like_code(&code)) {
        return None;
    }
    let finding = app
        .content
        .findings
        .iter()
        .find(|finding| finding.left_out_its_entry() && finding.file_named(&code))?;
    let key = app
        .keymap
        .keys_for(app.context(), &Action::ToggleFindings)
        .first()
        .copied();
    // Another file with the code stands in for it: said, so that its
    // entry is not taken for the real one.
    let standing_in = match app.content.get(&code) {
        Some(loaded) if loaded.path != finding.path => Some(loaded.path.as_str()),
        Some(_) => return None,
        None => None,
    };
    // The longest that fits: in a narrow window the files by name alone,
    // then the key without its words, rather than a message cut short.
    let name = |path: &str| {
        std::path::Path::new(path).file_name().map_or_else(
            || path.to_owned(),
            |name| name.to_string_lossy().into_owned(),
        )
    };
    let said = |path: String, shown: Option<String>, why: &str| {
        let shown = shown
            .map(|shown| format!("; shown: {shown}"))
            .unwrap_or_default();
        let key = key.map(|key| format!(" ({key}{why})")).unwrap_or_default();
        format!("{path} did not load{shown}{key}.")
    };
    let forms = [
        said(
            finding.path.clone(),
            standing_in.map(str::to_owned),
            " lists why",
        ),
        said(name(&finding.path), standing_in.map(name), " lists why"),
        said(name(&finding.path), standing_in.map(name), ""),
        // The other file unnamed, then not said at all: the content
        // problems (F2) name it, as `check` does.
        said(
            name(&finding.path),
            standing_in.map(|_| "another file".to_owned()),
            "",
        ),
        said(name(&finding.path), None, ""),
    ];
    let fits = |form: &&String| form.width() < room;
    forms.iter().find(fits).or(forms.last()).cloned()
}

/// `key label` pairs for the status line, from the keymap, with the
/// action each is for.
pub fn hints(app: &App) -> Vec<(Action, String, String)> {
    let context = app.context();
    let actions = if context == Context::Trainer {
        trainer_highlights(app)
    } else {
        highlights(context)
    };
    // A query selected (after `/`, or back from the detail) goes at the
    // next letter typed: the way to keep it comes first.
    let keep = (context == Context::Search && app.query_selected)
        .then(|| {
            app.keymap
                .keys_for(context, &Action::CursorRight)
                .first()
                .copied()
        })
        .flatten()
        .map(|key| {
            (
                Action::CursorRight,
                key.to_string(),
                "keep query".to_owned(),
            )
        });
    let rest = actions
        .iter()
        // Enter follows a link only when the cursor is on one, and down
        // scrolls only when there is more below.
        .filter(|action| **action != Action::FollowLink || app.on_link())
        .filter(|action| **action != Action::ScrollDown || app.can_scroll_down())
        // ← where it goes nowhere is not offered.
        .filter(|action| {
            **action != Action::PreviousStep
                || app
                    .trainer
                    .as_ref()
                    .is_none_or(|t| t.session.back() != Back::Nowhere)
        })
        // Matches to move to only with words searched for.
        .filter(|action| {
            **action != Action::NextMatch
                || crate::search::Query::parse(&app.query).marks_anything()
        })
        // Over help or the problems, the toggle closes them only where no
        // key goes back (`keys.help` with Esc and q unbound).
        .filter(|action| {
            !matches!(
                (action, context),
                (Action::ToggleHelp, Context::Help) | (Action::ToggleFindings, Context::Findings)
            ) || app.key_that_does(&Action::Back).is_none()
        })
        // Back in the history only when there is somewhere to go.
        .filter(|action| **action != Action::HistoryBack || !app.back.is_empty())
        // With nothing typed, Esc has nothing to clear.
        .filter(|action| {
            **action != Action::Back
                || context != Context::Search
                || !app.query.is_empty()
                || app.slash_from.is_some()
        })
        // With no results there is nothing to move to, open or copy; Enter
        // then takes an offer (a spelling put right, a diagnosis's
        // category), which a small window may show nowhere else.
        .filter(|action| {
            !matches!(
                action,
                Action::SelectNext
                    | Action::OpenDetail
                    | Action::CopyCode
                    | Action::FocusList
                    | Action::StartTraining
            ) || !app.hits.is_empty()
                || context == Context::Trainer
                || (**action == Action::OpenDetail && app.suggestion.is_some())
        })
        .filter_map(|action| {
            // The first key that does it here: in the trainer `r` types the
            // R of RT when that is a choice, and Ctrl-r reveals.
            let first = app.key_that_does(action)?;
            let label = match action {
                // Esc takes back a search begun in the detail.
                Action::Back
                    if context == Context::Search
                        && (app.slash_from.is_some() || app.left_detail.is_some()) =>
                {
                    "back".to_owned()
                }
                Action::Back if context == Context::List && app.query.is_empty() => {
                    "to search".to_owned()
                }
                Action::Back if matches!(context, Context::Search | Context::List) => {
                    "clear".to_owned()
                }
                Action::Back | Action::ToggleHelp | Action::ToggleFindings
                    if matches!(context, Context::Help | Context::Findings) =>
                {
                    "close".to_owned()
                }
                Action::Back
                    if context == Context::Trainer
                        && app.trainer.as_ref().is_some_and(|t| !t.typed.is_empty()) =>
                {
                    "clear answer".to_owned()
                }
                Action::Back if context == Context::Trainer => "leave".to_owned(),
                // Short, so that a narrow line keeps it: a longer offer is
                // in the list above.
                Action::OpenDetail if app.hits.is_empty() => match app.suggestion.as_deref() {
                    Some(offer) if offer.chars().count() <= 6 => {
                        format!("search {}", crate::text::one_line(offer))
                    }
                    _ => "search it".to_owned(),
                },
                Action::ToggleSpeakerNotes
                    if app.trainer.as_ref().is_some_and(|t| t.speaker_notes) =>
                {
                    "hide notes".to_owned()
                }
                Action::PreviousStep => match app.trainer.as_ref().map(|t| t.session.back()) {
                    Some(Back::LastCase) => "last case".to_owned(),
                    Some(Back::HideAnswers)
                        if app
                            .trainer
                            .as_ref()
                            .is_some_and(|t| t.session.case().reveal_took_a_pick()) =>
                    {
                        "hide answers, take pick back".to_owned()
                    }
                    Some(Back::HideAnswers) => "hide answers".to_owned(),
                    Some(Back::PreviousCase) => "previous case".to_owned(),
                    Some(Back::CodeQuestion) => "change code".to_owned(),
                    _ => Action::PreviousStep.label(),
                },
                other => other.label(),
            };
            Some((action.clone(), first.to_string(), label))
        });
    keep.into_iter().chain(rest).collect()
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let problems = app.content.findings.len();
    let width = usize::from(area.width);
    // Room for the message beside the problems' count in its short form.
    let short_count = format!(" ! {problems} ").width();
    let message = app
        .message
        .clone()
        .or_else(|| unloaded_code(app, width.saturating_sub(short_count)));
    // Not in the trainer: a class has no use for the count, and no key
    // there opens the list.
    let right = if problems > 0 && app.trainer.is_none() {
        // The key that opens the list from here.
        let key = app
            .keymap
            .keys_for(app.context(), &Action::ToggleFindings)
            .first()
            .copied();
        let key = key.map(|k| format!(" ({k})")).unwrap_or_default();
        let long = format!(
            " ! {}{key} ",
            counted(problems, "content problem", "content problems")
        );
        // Narrow windows keep the count and give the room to the keys, or
        // to a message that would not fit whole beside the long form.
        let message_cut = message
            .as_ref()
            .is_some_and(|message| format!(" {message}").width() + long.width() > width);
        if long.width() * 2 <= width && !message_cut {
            long
        } else {
            format!(" ! {problems} ")
        }
    } else {
        String::new()
    };
    // A background load in progress is worth the room before the keys: the
    // list may still change under the user. A narrow window gets it short.
    let loading = match &app.loading {
        Some(loading) => [format!(" {loading}… "), " loading… ".to_owned()]
            .into_iter()
            .find(|text| (text.width() + right.width()) * 2 <= width)
            .unwrap_or_default(),
        None => String::new(),
    };
    let room = width.saturating_sub(right.width() + loading.width());
    let mut spans = Vec::new();
    let mut used = 0;
    if let Some(message) = message {
        // A message too long for the line ends in `…`, so that it is seen
        // to go on (a warning is said again on quitting).
        let line = super::truncate(Line::from(format!(" {message}")), room.max(1));
        used = line.width();
        spans.extend(line.spans);
    } else {
        let hints = hints(app);
        let part = |key: &str, label: &str| format!(" {key} {label} ").width();
        // The way to every other key, in the list the way into an entry, in
        // the detail the way back out of it (in a narrow window, the only
        // way to the list), quitting, and the copying a coder came for:
        // these keep their places on a short line, in that order as far as
        // they fit, and the other hints give way.
        let rank = |action: &Action| {
            [
                (Action::ToggleHelp, None),
                (Action::OpenDetail, Some(Context::List)),
                (Action::OpenDetail, Some(Context::Search)),
                (Action::Back, Some(Context::Detail)),
                (Action::Quit, Some(Context::Search)),
                (Action::Quit, Some(Context::List)),
                (Action::CopyCode, Some(Context::Detail)),
                (Action::CopyCode, Some(Context::List)),
            ]
            .iter()
            .position(|(kept, context)| {
                kept == action && context.is_none_or(|context| context == app.context())
            })
        };
        let mut ranked: Vec<(usize, usize)> = hints
            .iter()
            .enumerate()
            .filter_map(|(at, (action, _, _))| Some((rank(action)?, at)))
            .collect();
        ranked.sort();
        let mut reserved = 0;
        let mut kept = vec![false; hints.len()];
        for (_, at) in ranked {
            let (_, key, label) = &hints[at];
            let width = part(key, label);
            if reserved + width <= room {
                reserved += width;
                kept[at] = true;
            }
        }
        for ((_, key, label), is_kept) in hints.into_iter().zip(kept) {
            let width = part(&key, &label);
            if is_kept {
                reserved -= width;
            }
            // The space after a part may fall off the line's end.
            if used + width - 1 + reserved > room {
                continue;
            }
            used += width;
            spans.push(Span::styled(format!(" {key}"), theme.code()));
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    if !(right.is_empty() && loading.is_empty()) && used <= room {
        spans.push(Span::raw(" ".repeat(room - used)));
        spans.push(Span::styled(loading, theme.code()));
        spans.push(Span::styled(right, theme.warning()));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status()),
        area,
    );
}
