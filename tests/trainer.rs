//! Trainer mode through `update()`: the whole flow from steps to summary, and
//! snapshots of each stage at a laptop (80×24) and a projector (120×35) size.

mod common;
use common::{draw, key, press, screen_text, status_line};

use cptref::loader::{Content, ContentSource, load};
use cptref::training::{Order, Session, Stage};
use cptref::tui::action::Action;
use cptref::tui::app::{App, Focus, Trainer, open_reported_training, update};
use cptref::tui::keymap::Key;
use cptref::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

fn content() -> Content {
    load(&ContentSource::Builtin).unwrap()
}

fn trainer_app(codes: &[&str], order: Order, seed: u64, width: u16, height: u16) -> App {
    trainer_app_on(content(), codes, order, seed, width, height)
}

/// `trainer_app` on `content` instead of the built-in set.
fn trainer_app_on(
    content: Content,
    codes: &[&str],
    order: Order,
    seed: u64,
    width: u16,
    height: u16,
) -> App {
    let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
    let session = Session::new(&content, &codes, order, seed).unwrap();
    let mut app = App::new(
        content,
        Theme { colour: true },
        Rect::new(0, 0, width, height),
    );
    // As `cptref train` opens it.
    app.trainer = Some(Trainer::reported(session));
    app
}

/// The screen's text with its line breaks and runs of spaces as one space:
/// what a sentence wrapped over lines is looked for in.
fn screen_words(app: &App) -> String {
    screen_text(app)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const SPACE: Key = Key::char(' ');

fn trainer(app: &App) -> &Trainer {
    app.trainer.as_ref().expect("trainer mode is on")
}

fn stage(app: &App) -> Stage {
    trainer(app).session.case().stage
}

/// Presses Space until the code question is on screen.
fn to_code_question(app: &mut App) {
    for _ in 0..20 {
        if stage(app) == Stage::CodeQuestion {
            return;
        }
        press(app, &[SPACE]);
    }
    panic!("never reached the code question");
}

/// Answers the code question with `code` (right) and checks the modifier
/// question is next.
fn to_modifier_question(app: &mut App, code: &str) {
    to_code_question(app);
    if trainer(app).session.case().code_choices.is_empty() {
        // A set of one entry offers no choices: the code is typed.
        enter_typed(app, code);
    } else {
        let keys = pick(app, code);
        press(app, &keys);
    }
    assert_eq!(stage(app), Stage::ModifierQuestion);
}

/// Types `text` as an answer, then Enter.
fn enter_typed(app: &mut App, text: &str) {
    let mut keys: Vec<Key> = text.chars().map(Key::char).collect();
    keys.push(key(KeyCode::Enter));
    press(app, &keys);
}

/// The keys that pick the choice holding `answer` (1 to 4), then Enter.
fn pick(app: &App, answer: &str) -> [Key; 2] {
    let case = trainer(app).session.case();
    let choices = match case.stage {
        Stage::CodeQuestion => case.code_choices.clone(),
        Stage::ModifierQuestion => case.modifier.as_ref().unwrap().choices.clone(),
        other => panic!("no question at {other:?}"),
    };
    let n = choices.iter().position(|c| c == answer).unwrap() + 1;
    [
        Key::char(char::from_digit(n as u32, 10).unwrap()),
        key(KeyCode::Enter),
    ]
}

fn modifier_answer(app: &App) -> String {
    let case = trainer(app).session.case();
    case.modifier.as_ref().unwrap().answer.clone()
}

fn wrong_choice(app: &App) -> String {
    let case = trainer(app).session.case();
    case.code_choices
        .iter()
        .find(|c| **c != case.code)
        .unwrap()
        .clone()
}

#[test]
fn steps_go_forward_and_back_with_space_and_arrows() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    let steps = trainer(&app).session.case().steps.len();
    assert_eq!(trainer(&app).session.case().shown, 1);
    press(&mut app, &[SPACE, key(KeyCode::Right)]);
    assert_eq!(trainer(&app).session.case().shown, 3);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(trainer(&app).session.case().shown, 2);
    for _ in 0..steps {
        press(&mut app, &[SPACE]);
    }
    assert_eq!(stage(&app), Stage::CodeQuestion);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(
        stage(&app),
        Stage::Steps,
        "← from the question returns to the steps"
    );
}

#[test]
fn a_right_code_and_modifier_score_two_of_two() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_modifier_question(&mut app, "64633");
    let answer = modifier_answer(&app);
    let keys = pick(&app, &answer);
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::Reveal);
    press(&mut app, &[SPACE]);
    assert!(trainer(&app).session.finished);
    let result = app.training_result().unwrap();
    assert_eq!((result.right, result.answered), (2, 2));
}

#[test]
fn a_typed_wrong_code_is_marked_wrong() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_code_question(&mut app);
    for c in "6462x4".chars() {
        press(&mut app, &[Key::char(c)]);
    }
    assert_eq!(
        trainer(&app).typed,
        "64624",
        "letters other than F and T are not typed"
    );
    press(
        &mut app,
        &[key(KeyCode::Backspace), Key::char('4'), key(KeyCode::Enter)],
    );
    let case = trainer(&app).session.case();
    assert_eq!(case.code_answer.as_deref(), Some("64624"));
    assert_eq!(case.code_correct(), Some(false));
}

#[test]
fn r_reveals_without_an_answer() {
    let mut app = trainer_app(&["64624"], Order::Code, 1, 80, 24);
    press(&mut app, &[Key::char('r')]);
    assert_eq!(stage(&app), Stage::Reveal);
    let result = app.training_result().unwrap();
    assert_eq!(result.cases[0].code_correct, None);
    assert!(result.cases[0].completed);
}

#[test]
fn scrolling_stops_at_the_end_so_the_first_key_back_moves_the_case() {
    // Wide enough for the header on one line.
    let mut app = trainer_app(&["64624"], Order::Code, 1, 48, 12);
    press(&mut app, &[Key::char('r')]);
    assert_eq!(stage(&app), Stage::Reveal);
    let top = screen_text(&app);
    press(&mut app, &[key(KeyCode::PageDown); 20]);
    let at_end = screen_text(&app);
    assert_ne!(at_end, top, "the reveal is longer than 12 lines");
    press(&mut app, &[key(KeyCode::Up)]);
    assert_ne!(screen_text(&app), at_end, "one key up moves the reveal");
    press(&mut app, &[key(KeyCode::End)]);
    assert_eq!(screen_text(&app), at_end, "End goes to the end");
    press(&mut app, &[key(KeyCode::Home)]);
    assert_eq!(screen_text(&app), top, "Home goes to the top");
    // Lines out of sight are said to be there, above or below, by an arrow
    // in the margin, a blank cell off the text, which may fill the column
    // (46 cells here).
    assert!(top.contains('↓') && !top.contains('↑'), "{top}");
    assert!(at_end.contains('↑') && !at_end.contains('↓'), "{at_end}");
    for line in top.lines().chain(at_end.lines()) {
        if let Some(at) = line.find(['↑', '↓']) {
            assert_eq!(line[..at].chars().count(), 47, "in the margin: {line:?}");
            assert!(line[..at].ends_with(' '), "off the text: {line:?}");
        }
    }
    // A page is the view's height, less a line kept in sight.
    let unmarked = |text: String| text.replace(['↑', '↓'], " ");
    press(&mut app, &[key(KeyCode::PageDown)]);
    let paged = unmarked(screen_text(&app));
    let last_of_top = unmarked(top.clone()).lines().nth(10).unwrap().to_owned();
    assert_eq!(
        paged.lines().nth(2).unwrap(),
        last_of_top,
        "{top}\n---\n{paged}"
    );
}

#[test]
fn the_wheel_scrolls_the_case_and_the_notes_keep_the_scroll_in_range() {
    let mut app = trainer_app(&["64624"], Order::Code, 1, 80, 16);
    press(&mut app, &[Key::char('r')]);
    let top = screen_text(&app);
    let wheel = |down| Action::Wheel {
        column: 10,
        row: 5,
        down,
    };
    update(&mut app, wheel(true));
    assert_ne!(screen_text(&app), top, "the wheel scrolled the reveal");
    update(&mut app, wheel(false));
    assert_eq!(screen_text(&app), top);
    // At the end of the reveal, the notes take room and the scroll limit
    // grows; closing them shrinks it, and the scroll with it.
    press(&mut app, &[Key::char('n')]);
    press(&mut app, &[key(KeyCode::PageDown); 20]);
    press(&mut app, &[Key::char('n')]);
    let at_end = screen_text(&app);
    press(&mut app, &[key(KeyCode::Up)]);
    assert_ne!(screen_text(&app), at_end, "one key up moves the reveal");
}

#[test]
fn the_answer_hint_wraps_in_a_narrow_window() {
    let mut app = trainer_app(&["64633"], Order::Code, 3, 40, 30);
    to_code_question(&mut app);
    let screen = screen_text(&app);
    let hint: Vec<&str> = screen
        .lines()
        .skip_while(|line| !line.contains("Press 1–4"))
        .take(2)
        .map(str::trim)
        .collect();
    assert_eq!(
        hint,
        ["Press 1–4 or type the code, then", "Enter."],
        "{screen}"
    );
}

#[test]
fn an_answer_that_is_neither_a_choice_nor_a_code_is_refused_not_marked_wrong() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_code_question(&mut app);
    press(&mut app, &[Key::char('9'), key(KeyCode::Enter)]);
    assert_eq!(stage(&app), Stage::CodeQuestion, "9 is not among 1–4");
    assert!(app.message.as_deref().unwrap().contains("press 1–4"));
    // A refused answer stays typed, to be mended or finished.
    assert_eq!(trainer(&app).typed, "9");
    press(&mut app, &[key(KeyCode::Backspace)]);
    press(
        &mut app,
        &[Key::char('6'), Key::char('4'), key(KeyCode::Enter)],
    );
    assert_eq!(stage(&app), Stage::CodeQuestion, "64 is not a whole code");
    assert_eq!(trainer(&app).typed, "64");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(trainer(&app).typed, "", "Esc clears it");
    let keys = pick(&app, "64633");
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    press(&mut app, &[Key::char('5'), key(KeyCode::Enter)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion, "5 is not among 1–4");
    press(&mut app, &[key(KeyCode::Esc)]);
    press(
        &mut app,
        &[Key::char('1'), Key::char('1'), key(KeyCode::Enter)],
    );
    assert_eq!(stage(&app), Stage::ModifierQuestion, "11 is not a choice");
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .ends_with("press 1–4 or type a modifier among them."),
        "{:?}",
        app.message
    );
    press(&mut app, &[key(KeyCode::Esc)]);
    let keys = pick(&app, &modifier_answer(&app));
    press(&mut app, &keys);
    let result = app.training_result().unwrap();
    assert_eq!((result.right, result.answered), (2, 2));
}

#[test]
fn the_class_session_is_the_one_reported_after_another_is_opened_with_t() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_code_question(&mut app);
    let keys = pick(&app, "64633");
    press(&mut app, &keys);
    // An answer given: Esc asks first.
    press(&mut app, &[key(KeyCode::Esc), key(KeyCode::Esc)]);
    assert!(app.trainer.is_none());
    app.focus = Focus::List;
    press(&mut app, &[Key::char('t')]);
    assert!(app.trainer.is_some(), "a second session from the browser");
    let result = app.training_result().unwrap();
    assert_eq!(result.cases[0].code, "64633");
    assert_eq!(result.cases[0].code_correct, Some(true));
}

#[test]
fn sessions_opened_with_t_take_the_seeds_on_from_the_runs_own() {
    // The program starts `next_seed` at a fresh seed; each `t` takes the
    // next, so a class meets other choices each session and each run.
    let mut app = App::new(content(), Theme { colour: false }, Rect::new(0, 0, 100, 30));
    app.next_seed = 9_998;
    let mut seeds = Vec::new();
    for _ in 0..3 {
        let code: Vec<Key> = "64633".chars().map(Key::char).collect();
        press(&mut app, &code);
        press(&mut app, &[key(KeyCode::Enter), Key::char('t')]);
        seeds.push(trainer(&app).session.seed);
        assert!(screen_text(&app).contains(&format!("seed {}", seeds.last().unwrap())));
        press(&mut app, &[key(KeyCode::Esc), Key::ctrl('u')]);
    }
    // Under five digits, as `cptref train` keeps them.
    assert_eq!(seeds, [9_998, 9_999, 0]);
}

#[test]
fn what_to_press_is_not_dim_for_a_projector() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 120, 35);
    to_code_question(&mut app);
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let row = buffer
        .content
        .chunks(width)
        .find(|row| {
            let text: String = row.iter().map(|cell| cell.symbol()).collect();
            text.contains("or type the code, then Enter.")
        })
        .expect("the hint is on screen");
    let at = row
        .iter()
        .position(|cell| cell.symbol() == "P")
        .expect("the hint starts with Press");
    assert!(
        !row[at].modifier.contains(ratatui::style::Modifier::DIM),
        "the hint is dim"
    );
    // Nor the speaker notes' title, which names their keys.
    press(&mut app, &[Key::char('n')]);
    let terminal = draw(&app);
    let cells = &terminal.backend().buffer().content;
    let text: Vec<&str> = cells.iter().map(|cell| cell.symbol()).collect();
    let at = text
        .windows(8)
        .position(|w| w.concat() == "Speaker ")
        .expect("the notes' title is on screen");
    assert!(
        !cells[at].modifier.contains(ratatui::style::Modifier::DIM),
        "the notes' title is dim"
    );
    // Nor what a wrong answer is, which the class learns from.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 120, 35);
    to_code_question(&mut app);
    enter_typed(&mut app, "64640");
    press(&mut app, &[Key::ctrl('r')]);
    let terminal = draw(&app);
    let cells = &terminal.backend().buffer().content;
    let text: Vec<&str> = cells.iter().map(|cell| cell.symbol()).collect();
    let given = "(the answer given)";
    let at = text
        .windows(given.chars().count())
        .position(|w| w.concat() == given)
        .expect("the wrong answer is said");
    assert!(
        !cells[at].modifier.contains(ratatui::style::Modifier::DIM),
        "what the wrong answer is, is dim"
    );
}

#[test]
fn the_notes_title_names_the_key_that_hides_them_now() {
    let mut app = trainer_app(&["64624"], Order::Code, 3, 120, 35);
    press(&mut app, &[Key::char('n')]);
    assert!(screen_text(&app).contains(" Speaker notes (n hides, [ ] scroll) "));
    // While a modifier is asked, `n` types: Ctrl-n hides them there.
    to_modifier_question(&mut app, "64624");
    let screen = screen_text(&app);
    assert!(
        screen.contains(" Speaker notes (Ctrl-n hides, [ ] scroll) "),
        "{screen}"
    );
}

#[test]
fn speaker_notes_longer_than_their_pane_show_arrows() {
    let mut app = trainer_app(&["64624"], Order::Code, 3, 100, 24);
    press(&mut app, &[Key::char('n')]);
    let notes_rows = |app: &App| -> Vec<String> {
        let screen = screen_text(app);
        let lines: Vec<String> = screen.lines().map(str::to_owned).collect();
        let title = lines
            .iter()
            .position(|line| line.contains("Speaker notes"))
            .expect("the notes are on screen");
        lines[title + 1..lines.len() - 1].to_vec()
    };
    let rows = notes_rows(&app);
    assert!(rows.last().unwrap().trim_end().ends_with('↓'), "{rows:#?}");
    assert!(!rows[0].contains('↑'), "{rows:#?}");
    press(&mut app, &[Key::char(']')]);
    let rows = notes_rows(&app);
    assert!(rows[0].trim_end().ends_with('↑'), "{rows:#?}");
}

#[test]
fn help_in_the_trainer_starts_with_the_trainer_keys() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    press(&mut app, &[Key::char('?')]);
    let screen = screen_text(&app);
    let first_heading = screen.lines().nth(3).unwrap_or_default();
    assert!(first_heading.contains("Trainer mode"), "{screen}");
    // How to answer, which no key binding says.
    let words: Vec<String> = cptref::tui::screen::help::lines(&app, 60)
        .iter()
        .map(|line| line.to_string())
        .collect();
    let words = words
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("1–4, or typed a choice, or the code (all five characters) or modifier typed out, then Enter (or Space, →) to answer"),
        "{words}"
    );
    // And what ← and Esc do beyond their names.
    for said in [
        "← previous step; at the modifier question, back to the code question; after r pressed before the questions were answered, hide the answers again (an answer given before r stays as given); from a case's first step, its answers given in full or the summary, back to the case before",
        "Esc clear the answer typed, else leave for the browser (asked first in the middle of a session of several cases, which leaving ends, or of one case answered before its reveal)",
        "q, Ctrl-c quit cptref, not only the trainer (in the middle of a session of several cases, or of one case answered before its reveal, asked first) 1–4",
        "so use the Ctrl keys, and the arrow keys to scroll",
        "↓, j scroll down (with the arrow keys while a modifier is asked)",
    ] {
        assert!(words.contains(said), "{said} in {words}");
    }
}

#[test]
fn r_after_picking_a_choice_reveals_with_that_answer() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_code_question(&mut app);
    let [choice, _enter] = pick(&app, "64633");
    press(&mut app, &[choice, Key::char('r')]);
    assert_eq!(stage(&app), Stage::Reveal);
    let result = app.training_result().unwrap();
    assert_eq!(result.cases[0].code_correct, Some(true));
    assert_eq!(result.cases[0].modifier_correct, None);
}

#[test]
fn speaker_notes_toggle_with_n() {
    let mut app = trainer_app(&["64624"], Order::Code, 1, 80, 24);
    assert!(!trainer(&app).speaker_notes, "hidden by default");
    press(&mut app, &[Key::char('n')]);
    assert!(trainer(&app).speaker_notes);
    // The notes run past their pane; ] and [ scroll them, and stop at
    // their end.
    let first = screen_text(&app);
    press(&mut app, &[Key::char(']')]);
    let scrolled = screen_text(&app);
    assert_ne!(scrolled, first, "the notes scrolled");
    press(&mut app, &[Key::char(']'); 200]);
    let at_end = screen_text(&app);
    press(&mut app, &[Key::char('[')]);
    assert_ne!(screen_text(&app), at_end, "one key back moves them");
    press(&mut app, &[Key::char('['); 200]);
    assert_eq!(screen_text(&app), first);
    press(&mut app, &[Key::char('n')]);
    assert!(!trainer(&app).speaker_notes);
}

#[test]
fn the_reveal_and_the_speaker_notes_give_each_cautions_source() {
    // Where the publication was wrong, the class sees what says so.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 120, 200);
    press(&mut app, &[Key::char('n')]);
    let notes = screen_words(&app);
    assert!(
        notes.contains("Source: research sheet domain.md [S27] CMS RAC topic 0095"),
        "{notes}"
    );
    // A site the entry does not give is said not to be stated.
    let mut plantar = trainer_app(&["64632"], Order::Code, 1, 120, 200);
    press(&mut plantar, &[Key::char('n')]);
    let notes = screen_words(&plantar);
    assert!(
        notes.contains("Site of service: not stated in this entry (see the notes)"),
        "{notes}"
    );
    press(&mut app, &[Key::char('n')]);
    to_modifier_question(&mut app, "64633");
    press(&mut app, &[Key::ctrl('r')]);
    let revealed = screen_words(&app);
    let cautions = revealed
        .split_once("Cautions and errata")
        .map(|(_, after)| after.to_owned())
        .unwrap_or_default();
    assert!(
        cautions.contains(
            "Source: research sheet domain.md [S27] CMS RAC topic 0095; [S11b] AAPC \
             Neurosurgery Coding Alert (50 vs RT/LT)"
        ),
        "{revealed}"
    );
}

#[test]
fn the_answers_end_with_the_case_as_told_with_its_code() {
    // The answers screen stands in for the case; to go over the why, the
    // class needs the case in view, with the code it hid now said.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 120, 200);
    to_modifier_question(&mut app, "64633");
    press(&mut app, &[Key::ctrl('r')]);
    let revealed = screen_words(&app);
    let (_, case) = revealed.split_once("The case ").expect("the case is shown");
    assert!(case.contains("Coding steps"), "{case}");
    assert!(case.contains("part of 64633"), "{case}");
    assert!(!case.contains("•••••"), "{case}");
    // Revealed at the first step, only what was told: the steps still to
    // come are not given away.
    let mut early = trainer_app(&["64633"], Order::Code, 1, 120, 200);
    press(&mut early, &[Key::char('r')]);
    let revealed = screen_words(&early);
    let (_, case) = revealed.split_once("The case ").expect("the case is shown");
    assert!(!case.contains("Coding steps"), "{case}");
}

#[test]
fn the_reveal_shows_the_code_the_question_hid() {
    // A situation that names its own code (64640's XU row, as a team might
    // write it): hidden while asked, shown once answered.
    let text = std::fs::read_to_string("content/64640.toml").unwrap();
    let text = text.replace("usual parts of the main service.", "usual parts of 64640.");
    assert!(text.contains("usual parts of 64640."));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("64640.toml"), text).unwrap();
    let content = || load(&ContentSource::Folder(dir.path().to_owned())).unwrap();
    let seed = (0..200)
        .find(|&seed| {
            let app = trainer_app_on(content(), &["64640"], Order::Code, seed, 100, 30);
            let question = trainer(&app).session.case().modifier.clone();
            question.is_some_and(|q| q.situation.contains("parts of 64640"))
        })
        .expect("a seed asks about the row that names 64640");
    let mut app = trainer_app_on(content(), &["64640"], Order::Code, seed, 100, 30);
    to_modifier_question(&mut app, "64640");
    let asked = screen_words(&app);
    assert!(asked.contains("usual parts of •••••."), "{asked}");
    assert!(!asked.contains("parts of 64640"));
    // Letters type while a modifier is asked.
    press(&mut app, &[Key::ctrl('r')]);
    assert_eq!(stage(&app), Stage::Reveal);
    let revealed = screen_words(&app);
    assert!(revealed.contains("usual parts of 64640."), "{revealed}");
    assert!(!revealed.contains("•••••"), "{revealed}");
    // And the record has it as the content does.
    let result = trainer(&app).session.result(&app.content);
    let situation = result.cases[0].modifier_situation.clone().unwrap();
    assert!(situation.ends_with("usual parts of 64640."), "{situation}");
}

#[test]
fn the_case_scroll_arrows_are_not_drawn_beside_the_help() {
    let mut app = trainer_app(&["64633", "64624"], Order::Given, 42, 80, 24);
    to_code_question(&mut app);
    // Beside the box (the status line, last, names keys).
    let beside = |app: &App| -> String {
        let screen = screen_text(app);
        let rows = screen.lines().count();
        screen
            .lines()
            .take(rows - 1)
            .map(|line| {
                line.rsplit(['│', '┐', '┘'])
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    };
    assert!(beside(&app).contains('↑'), "the case is scrolled");
    press(&mut app, &[Key::char('?')]);
    let outside = beside(&app);
    assert!(!outside.contains(['↑', '↓']), "{outside:?}");
}

#[test]
fn speaker_notes_do_not_follow_into_the_next_case() {
    // Open while the reveal is talked over, they would show the next
    // case's billing before the class has heard it.
    let mut app = trainer_app(&["64624", "64454"], Order::Given, 1, 100, 30);
    to_code_question(&mut app);
    press(&mut app, &[Key::char('r'), Key::char('n')]);
    assert_eq!(stage(&app), Stage::Reveal);
    assert!(trainer(&app).speaker_notes);
    press(&mut app, &[SPACE]);
    assert_eq!(trainer(&app).session.cases.len(), 2, "the next case");
    assert!(!trainer(&app).speaker_notes);
    assert!(!screen_text(&app).contains("Speaker notes ("));
    assert_eq!(
        app.message.as_deref(),
        Some("Speaker notes hidden for the new case: n shows them.")
    );
    // Opened again, they stay through the case's steps.
    press(&mut app, &[Key::char('n'), SPACE, SPACE]);
    assert!(trainer(&app).speaker_notes);
}

#[test]
fn a_seeded_shuffle_is_the_same_for_every_class() {
    let order = |seed| {
        let app = trainer_app(&[], Order::Shuffle, seed, 80, 24);
        trainer(&app)
            .session
            .entries()
            .iter()
            .map(|&entry| app.content.entries[entry].code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(order(42), order(42));
    assert_eq!(order(42).len(), 5);
}

#[test]
fn t_opens_trainer_mode_on_the_selected_entry_and_esc_returns() {
    let content = content();
    let mut app = App::new(content, Theme { colour: true }, Rect::new(0, 0, 100, 30));
    for c in "genic".chars() {
        press(&mut app, &[Key::char(c)]);
    }
    press(
        &mut app,
        &[key(KeyCode::Down), key(KeyCode::Enter), Key::char('3')],
    );
    let scroll = app.detail_scroll;
    press(&mut app, &[Key::char('t')]);
    assert_eq!(trainer(&app).session.cases[0].code, "64624");
    let first_seed = trainer(&app).session.seed;
    press(&mut app, &[Key::char('j'), SPACE]);
    assert_eq!(
        app.detail_scroll, scroll,
        "browser keys do nothing while training"
    );
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.trainer.is_none());
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!(app.query, "genic");
    assert_eq!(app.detail_scroll, scroll, "the browser is where it was");
    // Only the session `cptref train` opened is reported by --json.
    assert!(app.last_training.is_none());
    press(&mut app, &[Key::char('t')]);
    assert_ne!(
        trainer(&app).session.seed,
        first_seed,
        "another session draws other choices"
    );
    press(&mut app, &[Key::char('q')]);
    assert!(app.should_quit);
}

#[test]
fn a_whole_session_ends_in_a_summary() {
    let mut app = trainer_app(&[], Order::Code, 3, 80, 24);
    for _ in 0..5 {
        to_code_question(&mut app);
        let wrong = wrong_choice(&app);
        let keys = pick(&app, &wrong);
        press(&mut app, &keys);
        // Ctrl-r reveals even where `r` would type the R of RT.
        press(&mut app, &[Key::ctrl('r'), SPACE]);
    }
    assert!(trainer(&app).session.finished);
    let result = app.training_result().unwrap();
    assert_eq!(result.cases.len(), 5);
    assert_eq!((result.right, result.answered), (0, 5));
}

// ---- Snapshots ------------------------------------------------------------

fn snapshot(name: &str, app: &App) {
    let terminal = draw(app);
    insta::assert_snapshot!(
        format!("{name}_{}x{}", app.screen.width, app.screen.height),
        terminal.backend()
    );
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 35)];

#[test]
fn snapshot_each_stage() {
    for (width, height) in SIZES {
        let mut app = trainer_app(&["64633", "64632"], Order::Shuffle, 42, width, height);
        snapshot("trainer_step_1", &app);
        press(&mut app, &[SPACE, SPACE, SPACE]);
        snapshot("trainer_step_4", &app);
        press(&mut app, &[Key::char('n')]);
        snapshot("trainer_speaker_notes", &app);
        press(&mut app, &[Key::char('n')]);
        to_code_question(&mut app);
        press(&mut app, &[Key::char('2')]);
        snapshot("trainer_code_question", &app);
        press(&mut app, &[key(KeyCode::Backspace)]);
        let wrong = wrong_choice(&app);
        let keys = pick(&app, &wrong);
        press(&mut app, &keys);
        snapshot("trainer_modifier_question", &app);
        let answer = modifier_answer(&app);
        let keys = pick(&app, &answer);
        press(&mut app, &keys);
        snapshot("trainer_reveal", &app);
        press(&mut app, &[SPACE, Key::char('r'), SPACE]);
        snapshot("trainer_summary", &app);
    }
}

#[test]
fn a_modifier_typed_out_in_letters_answers() {
    let mut app = trainer_app(&["64632"], Order::Code, 1, 80, 24);
    to_modifier_question(&mut app, "64632");
    let choices = trainer(&app)
        .session
        .case()
        .modifier
        .as_ref()
        .unwrap()
        .choices
        .clone();
    let lettered = choices
        .iter()
        .find(|c| c.chars().all(|c| c.is_ascii_alphabetic()) && !c.starts_with('R'))
        .expect("a modifier in letters among the choices")
        .clone();
    // Lower case, as a person types it; it is read as capitals.
    for c in lettered.to_ascii_lowercase().chars() {
        press(&mut app, &[Key::char(c)]);
    }
    assert_eq!(trainer(&app).typed, lettered);
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(stage(&app), Stage::Reveal);
    let result = app.training_result().unwrap();
    assert_eq!(
        result.cases[0].modifier_answer.as_deref(),
        Some(lettered.as_str())
    );
}

#[test]
fn a_small_window_keeps_the_modifier_question_and_the_answer_line_in_view() {
    let mut app = trainer_app(&["64633"], Order::Code, 3, 40, 12);
    to_modifier_question(&mut app, "64633");
    let screen = screen_text(&app);
    for wanted in ["Which modifier?", "Suppose, as a", "Answer: _"] {
        assert!(screen.contains(wanted), "{wanted}:\n{screen}");
    }
    press(&mut app, &[Key::char('1')]);
    assert!(
        screen_text(&app).contains("Answer: 1"),
        "the typed choice shows"
    );
}

#[test]
fn letters_type_while_a_modifier_is_asked_and_ctrl_r_reveals() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_modifier_question(&mut app, "64633");
    // The status line names the keys that work here.
    let status = status_line(&app);
    assert!(status.contains("Ctrl-r reveal"), "{status}");
    // `r`, `q` and `n` type: RT is an answer, right or wrong, and a wrong
    // one such as QN is refused, not taken for quit or notes.
    press(&mut app, &[Key::char('q'), Key::char('n')]);
    assert_eq!(trainer(&app).typed, "QN");
    assert!(!app.should_quit && !trainer(&app).speaker_notes);
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(
        stage(&app),
        Stage::ModifierQuestion,
        "refused, not marked wrong"
    );
    assert_eq!(trainer(&app).typed, "QN", "kept to be mended");
    press(
        &mut app,
        &[key(KeyCode::Backspace), key(KeyCode::Backspace)],
    );
    press(&mut app, &[Key::char('r'), Key::char('t')]);
    assert_eq!(trainer(&app).typed, "RT");
    press(&mut app, &[Key::ctrl('r')]);
    assert_eq!(stage(&app), Stage::Reveal);
}

#[test]
fn esc_clears_a_half_typed_answer_before_it_leaves() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_code_question(&mut app);
    for c in "646".chars() {
        press(&mut app, &[Key::char(c)]);
    }
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.trainer.is_some(), "still in the trainer");
    assert_eq!(trainer(&app).typed, "");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.trainer.is_none());
}

#[test]
fn a_question_taller_than_the_window_shows_from_its_heading() {
    let mut app = trainer_app(&["64624"], Order::Code, 1, 40, 12);
    to_code_question(&mut app);
    assert!(
        screen_text(&app).contains("Which code?"),
        "{}",
        screen_text(&app)
    );
    // Space while the question waits changes nothing, and says why.
    press(&mut app, &[SPACE]);
    assert!(
        screen_text(&app).contains("Which code?"),
        "{}",
        screen_text(&app)
    );
    // Whole on a 40-column status line: the long form would lose its end.
    assert_eq!(
        app.message.as_deref(),
        Some("Answer: press 1–4, Enter; r reveals.")
    );
    let status = status_line(&app);
    assert!(
        status.contains("Answer: press 1–4, Enter; r reveals."),
        "{status}"
    );
    let keys = pick(&app, "64624");
    press(&mut app, &keys);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Which modifier?") && screen.contains("Suppose, as a"),
        "{screen}"
    );
    assert!(screen.contains("Answer: _"), "{screen}");
    // The choices past the bottom are a scroll away.
    press(&mut app, &[key(KeyCode::End)]);
    assert!(screen_text(&app).contains("  4  "), "{}", screen_text(&app));
}

#[test]
fn a_modifier_meaning_no_checked_source_covers_is_shown_as_unchecked() {
    // 64624 with one modifier, 76, whose meaning a registry has from
    // background knowledge only. (The built-in registry has none today:
    // its five such meanings were taken out, as no source backs them.)
    let text = std::fs::read_to_string("content/64624.toml").unwrap();
    let start = text.find("[[modifiers]]").unwrap();
    let end = text.find("[[related]]").unwrap();
    let text = format!(
        "{}[[modifiers]]\ncode = \"76\"\ndescription = \"Repeat procedure\"\n\
         when_to_use = \"The same physician did the ablation again later that day.\"\n\n{}",
        &text[..start],
        &text[end..]
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("64624.toml"), text).unwrap();
    let mut content = load(&ContentSource::Folder(dir.path().to_owned())).unwrap();
    let registry = std::fs::read_to_string("assets/modifiers.toml").unwrap()
        + "\n[[modifiers]]\ncode = \"76\"\nkind = \"CPT\"\n\
           meaning = \"The same physician repeated the procedure.\"\nsource = \"BK\"\n";
    content.registry = cptref::registry::Registry::from_toml(&registry).unwrap();
    let mut app = trainer_app_on(content, &["64624"], Order::Code, 1, 120, 60);
    to_modifier_question(&mut app, "64624");
    assert_eq!(modifier_answer(&app), "76");
    let keys = pick(&app, "76");
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::Reveal);
    let screen = screen_words(&app);
    assert!(
        screen.contains("Meaning (background knowledge, not checked against a source): The same physician repeated"),
        "{screen}"
    );
    // A meaning with a source says nothing of the kind.
    let mut app = trainer_app(&["64624"], Order::Code, 1, 120, 60);
    to_modifier_question(&mut app, "64624");
    let answer = modifier_answer(&app);
    let keys = pick(&app, &answer);
    press(&mut app, &keys);
    let screen = screen_text(&app);
    assert!(screen.contains("Meaning: "), "{screen}");
    assert!(!screen.contains("not checked"), "{screen}");
}

#[test]
fn the_case_is_told_before_the_coding_steps() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 60);
    let story = trainer(&app).session.case().story;
    assert!(story > 0);
    // The patient first, unnumbered.
    let screen = screen_text(&app);
    assert!(
        screen.contains("  An adult has chronic neck pain"),
        "{screen}"
    );
    assert!(!screen.contains("Coding steps"), "{screen}");
    for _ in 0..story {
        press(&mut app, &[SPACE]);
    }
    // Then the coding steps under their heading, numbered from 1.
    let screen = screen_text(&app);
    assert!(screen.contains("Coding steps"), "{screen}");
    assert!(
        screen.contains("1. Confirm the documented pain is facet-mediated"),
        "{screen}"
    );
    let told = screen.find("An adult has chronic neck pain").unwrap();
    assert!(told < screen.find("Coding steps").unwrap());
}

#[test]
fn esc_in_a_session_of_several_cases_asks_before_it_leaves() {
    let mut app = trainer_app(&["64633", "64624"], Order::Code, 1, 100, 30);
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.trainer.is_some(), "one Esc does not end the session");
    let status = status_line(&app);
    assert!(
        status.contains("Esc again ends the session and goes to the browser; any other key stays."),
        "{status}"
    );
    // Any other key carries on, doing nothing else, and the next Esc asks
    // again.
    press(&mut app, &[SPACE, key(KeyCode::Esc)]);
    assert!(app.trainer.is_some());
    assert_eq!(trainer(&app).session.case().shown, 1);
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.trainer.is_none(), "a second Esc leaves");
    // A session of one case (`t` on an entry) leaves at once.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.trainer.is_none());
}

#[test]
fn quitting_a_session_of_several_cases_asks_first_too() {
    let mut app = trainer_app(&["64633", "64624"], Order::Code, 1, 100, 30);
    press(&mut app, &[Key::char('q')]);
    assert!(!app.should_quit, "one q does not end the class's session");
    let status = status_line(&app);
    assert!(
        status.contains("Press again to quit; any other key stays."),
        "{status}"
    );
    // A narrow status line gets it whole, in fewer words.
    let mut narrow = trainer_app(&["64633", "64624"], Order::Code, 1, 30, 12);
    press(&mut narrow, &[Key::char('q')]);
    let status = status_line(&narrow);
    assert!(status.contains("Again quits; others stay."), "{status}");
    // Esc then only stays: it does not arm a leave, one Esc short of it.
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(!app.should_quit && app.trainer.is_some());
    assert_eq!(app.message.as_deref(), Some("Carrying on."));
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.trainer.is_some(), "asked again first");
    // Ctrl-c answers that with no; then it asks, and pressed again quits.
    press(&mut app, &[Key::ctrl('c'), Key::ctrl('c')]);
    assert!(!app.should_quit);
    press(&mut app, &[Key::ctrl('c')]);
    assert!(app.should_quit, "pressed again, it quits");
    // A session of one case quits at once.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    press(&mut app, &[Key::char('q')]);
    assert!(app.should_quit);
}

#[test]
fn a_reveal_pressed_too_soon_can_be_taken_back_with_left() {
    let mut app = trainer_app(&["64633", "64624"], Order::Code, 1, 100, 30);
    press(&mut app, &[SPACE, SPACE]);
    press(&mut app, &[Key::char('r')]);
    assert_eq!(stage(&app), Stage::Reveal);
    let status = status_line(&app);
    assert!(status.contains("← hide answers"), "{status}");
    // ← goes back to the step the class was on, and the questions follow.
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::Steps);
    assert_eq!(trainer(&app).session.case().shown, 3);
    to_modifier_question(&mut app, "64624");
    // The code was answered after that reveal was hidden: it can still be
    // changed, as if no reveal had been pressed.
    let screen = screen_text(&app);
    assert!(screen.contains("(← to change it)"), "{screen}");
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::CodeQuestion);
    press(&mut app, &[SPACE]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    press(&mut app, &[Key::ctrl('r')]);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    // Answers given in full reveal for good: ← does nothing there.
    let answer = modifier_answer(&app);
    let keys = pick(&app, &answer);
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::Reveal);
    let status = status_line(&app);
    assert!(!status.contains("hide answers"), "{status}");
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::Reveal);
    let result = app.training_result().unwrap();
    assert_eq!(result.cases[0].code_correct, Some(true));
    assert_eq!(result.cases[0].modifier_correct, Some(true));
}

#[test]
fn answers_taken_back_ask_another_modifier_than_the_one_shown() {
    // 64624's table has five rows: the reveal showed one, so the question
    // asked after ← is drawn from another.
    for seed in 1..20 {
        let mut app = trainer_app(&["64624"], Order::Code, seed, 100, 40);
        to_code_question(&mut app);
        let shown = modifier_answer(&app);
        press(&mut app, &[Key::char('r')]);
        assert_eq!(stage(&app), Stage::Reveal);
        press(&mut app, &[key(KeyCode::Left)]);
        assert_eq!(stage(&app), Stage::CodeQuestion);
        to_modifier_question(&mut app, "64624");
        assert_ne!(modifier_answer(&app), shown, "seed {seed}");
    }
}

#[test]
fn left_from_a_new_case_or_the_summary_goes_back_to_the_answers_before() {
    let mut app = trainer_app(&["64633", "64624"], Order::Code, 1, 100, 40);
    to_modifier_question(&mut app, "64624");
    let answer = modifier_answer(&app);
    let keys = pick(&app, &answer);
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::Reveal);
    // Space moves on to the next case; ← at its first step comes back.
    press(&mut app, &[SPACE]);
    let next = trainer(&app).session.case().clone();
    assert_eq!(next.code, "64633");
    let status = status_line(&app);
    assert!(status.contains("← previous case"), "{status}");
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(trainer(&app).session.case().code, "64624");
    assert_eq!(stage(&app), Stage::Reveal);
    assert!(screen_text(&app).contains("✓ RIGHT"));
    // On again: the same case as before, its choices unchanged.
    press(&mut app, &[SPACE]);
    assert_eq!(*trainer(&app).session.case(), next);
    // From the summary, back to the last case's answers.
    to_modifier_question(&mut app, "64633");
    let answer = modifier_answer(&app);
    let keys = pick(&app, &answer);
    press(&mut app, &keys);
    press(&mut app, &[SPACE]);
    assert!(trainer(&app).session.finished);
    let status = status_line(&app);
    assert!(status.contains("← last case"), "{status}");
    press(&mut app, &[key(KeyCode::Left)]);
    assert!(!trainer(&app).session.finished);
    assert_eq!(trainer(&app).session.case().code, "64633");
    assert_eq!(stage(&app), Stage::Reveal);
    // And on back from answers to the answers before, as far as the first.
    let status = status_line(&app);
    assert!(status.contains("← previous case"), "{status}");
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(trainer(&app).session.case().code, "64624");
    assert_eq!(stage(&app), Stage::Reveal);
    // The case stepped back from keeps its record meanwhile.
    let result = app.training_result().unwrap();
    assert_eq!(result.cases.len(), 2);
    assert!(result.cases.iter().all(|case| case.completed));
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(trainer(&app).session.case().code, "64624");
    press(&mut app, &[SPACE]);
    assert_eq!(trainer(&app).session.case().code, "64633");
    assert_eq!(stage(&app), Stage::Reveal);
    press(&mut app, &[SPACE]);
    assert!(trainer(&app).session.finished);
    let result = app.training_result().unwrap();
    assert_eq!(result.cases.len(), 2);
    assert!(result.cases.iter().all(|case| case.completed));
}

#[test]
fn the_code_answered_stays_in_view_and_left_takes_it_back_before_the_reveal() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 40);
    to_code_question(&mut app);
    // A wrong choice entered by mistake.
    let wrong = trainer(&app)
        .session
        .case()
        .code_choices
        .iter()
        .position(|code| code != "64633")
        .unwrap();
    press(
        &mut app,
        &[
            Key::char(char::from(b'1' + wrong as u8)),
            key(KeyCode::Enter),
        ],
    );
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    let given = trainer(&app).session.case().code_answer.clone().unwrap();
    let screen = screen_text(&app);
    assert!(
        screen.contains(&format!("Code answered: {given} (← to change it)")),
        "{screen}"
    );
    let status = screen.lines().last().unwrap().to_owned();
    assert!(status.contains("← change code"), "{status}");
    // Back at the code question, the answer is still recorded and typed,
    // to keep with Space or Enter, or to change.
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::CodeQuestion);
    assert_eq!(
        trainer(&app).session.case().code_answer.as_deref(),
        Some(given.as_str())
    );
    assert_eq!(trainer(&app).typed, given);
    press(&mut app, &[SPACE]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    press(&mut app, &[key(KeyCode::Left), key(KeyCode::Esc)]);
    let keys = pick(&app, "64633");
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    // Once the answers have been shown, the code answer is fixed: ← hides
    // them, and goes no further back.
    press(&mut app, &[Key::ctrl('r'), key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Code answered: 64633 (kept: the answers were shown)"),
        "{screen}"
    );
    assert!(!screen.contains("to change it"), "{screen}");
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    let keys = pick(&app, &modifier_answer(&app));
    press(&mut app, &keys);
    let result = app.training_result().unwrap();
    assert_eq!(result.cases[0].code_correct, Some(true));
}

#[test]
fn a_tiny_window_keeps_the_question_in_view_under_a_one_line_header() {
    let mut app = trainer_app(&["64633", "64624"], Order::Shuffle, 42, 20, 6);
    to_code_question(&mut app);
    let screen = screen_text(&app);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines[0].trim(), "Case 1/2", "{screen}");
    assert!(screen.contains("Which code?"), "{screen}");
    assert!(screen.contains("Answer: _"), "{screen}");
}

#[test]
fn a_paste_at_a_question_is_the_answer_typed() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_code_question(&mut app);
    update(&mut app, Action::Paste("64633\n".into()));
    assert_eq!(trainer(&app).typed, "64633");
    assert_eq!(
        stage(&app),
        Stage::CodeQuestion,
        "the line break is no Enter"
    );
}

#[test]
fn a_question_stays_in_view_when_the_window_grows() {
    let mut app = trainer_app(&["64624"], Order::Code, 1, 40, 12);
    to_code_question(&mut app);
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    let screen = screen_text(&app);
    assert!(screen.contains("Which code?"), "{screen}");
    assert!(screen.contains("  1  "), "{screen}");
}

#[test]
fn the_choice_picked_stays_in_view_in_a_short_window() {
    let mut app = trainer_app(&["64624"], Order::Code, 1, 60, 20);
    to_code_question(&mut app);
    press(&mut app, &[Key::char('4')]);
    update(
        &mut app,
        Action::Resize {
            width: 40,
            height: 12,
        },
    );
    let screen = screen_text(&app);
    assert!(screen.contains("▸ 4  "), "{screen}");
    assert!(screen.contains("Answer: 4"), "{screen}");
    // Taking a pick back moves nothing; picked in the short window,
    // another choice comes into view, the whole of its title.
    let before = screen.replace('▸', " ");
    press(&mut app, &[key(KeyCode::Backspace)]);
    let taken_back = screen_text(&app).replace('▸', " ");
    let rows = |text: &str| text.lines().take(10).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(rows(&taken_back), rows(&before));
    press(&mut app, &[Key::char('1')]);
    assert!(screen_text(&app).contains("▸ 1  "), "{}", screen_text(&app));
    press(&mut app, &[key(KeyCode::Backspace), Key::char('4')]);
    let screen = screen_text(&app);
    let fourth = trainer(&app).session.case().choices()[3].clone();
    let last_word = app.content.get(&fourth).unwrap().entry().title.clone();
    let last_word = last_word.split_whitespace().last().unwrap().to_owned();
    assert!(
        screen.contains("▸ 4  ") && screen.contains(&last_word),
        "{screen}"
    );
}

#[test]
fn speaker_notes_in_a_window_too_short_for_them_say_so() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 40, 6);
    press(&mut app, &[Key::char('n')]);
    let status = status_line(&app);
    // In fewer words, whole at 40 columns.
    assert!(status.contains("Notes need 9 rows or more."), "{status}");
    // Once the window has room, they show.
    update(
        &mut app,
        Action::Resize {
            width: 40,
            height: 20,
        },
    );
    assert!(
        screen_text(&app).contains("Speaker notes"),
        "{}",
        screen_text(&app)
    );
    // And the message that they need room is gone with it.
    assert_eq!(app.message, None);
    let status = status_line(&app);
    assert!(!status.contains("rows or more"), "{status}");
    // Wider but still too short, the message says its long form.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 40, 6);
    press(&mut app, &[Key::char('n')]);
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 6,
        },
    );
    assert_eq!(
        app.message.as_deref(),
        Some("Speaker notes show in a window of 9 rows or more.")
    );
}

#[test]
fn the_trainer_shows_no_count_of_content_problems_to_the_class() {
    let content = load(&ContentSource::Folder("tests/fixtures/broken".into())).unwrap();
    assert!(!content.findings.is_empty());
    let session = Session::new(&content, &["10001".to_owned()], Order::Code, 1).unwrap();
    let mut app = App::new(content, Theme { colour: true }, Rect::new(0, 0, 100, 30));
    let browser = screen_text(&app);
    assert!(browser.contains("content problems"), "{browser}");
    // Said once as the session opens, for the trainer: a case they meant
    // to use may be missing.
    open_reported_training(&mut app, session);
    let status = status_line(&app);
    assert!(
        status.contains("problems in the content, so a case may be missing"),
        "{status}"
    );
    // Narrower, still why it matters, not the count alone.
    let mut narrow = App::new(
        load(&ContentSource::Folder("tests/fixtures/broken".into())).unwrap(),
        Theme { colour: true },
        Rect::new(0, 0, 80, 24),
    );
    let session = Session::new(&narrow.content, &["10001".to_owned()], Order::Code, 1).unwrap();
    open_reported_training(&mut narrow, session);
    let status = status_line(&narrow);
    assert!(
        status.contains("problems; a case may be missing"),
        "{status}"
    );
    // Then no count stays on the class's screen.
    press(&mut app, &[SPACE]);
    let status = status_line(&app);
    assert!(
        !status.contains("content problem") && !status.contains('!'),
        "{status}"
    );
}

#[test]
fn a_choice_pressed_after_left_replaces_the_answer_given() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_code_question(&mut app);
    let typed: Vec<Key> = "12345".chars().map(Key::char).collect();
    press(&mut app, &typed);
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(trainer(&app).typed, "12345");
    assert_eq!(
        app.message.as_deref(),
        Some("Enter keeps 12345; a choice or a code typed replaces it.")
    );
    let keys = pick(&app, "64633");
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    assert_eq!(
        trainer(&app).session.case().code_answer.as_deref(),
        Some("64633")
    );
}

#[test]
fn a_choice_revealed_with_r_is_taken_back_with_the_reveal() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_code_question(&mut app);
    let [choice, _] = pick(&app, "64633");
    press(&mut app, &[choice, Key::char('r')]);
    assert_eq!(stage(&app), Stage::Reveal);
    assert!(trainer(&app).session.case().code_answer.is_some());
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::CodeQuestion);
    assert_eq!(trainer(&app).session.case().code_answer, None);
    // The question is the class's again, and the answer can be changed.
    to_modifier_question(&mut app, "64633");
    assert!(screen_text(&app).contains("(← to change it)"));
    // The same at the modifier question.
    let answer = modifier_answer(&app);
    let [choice, _] = pick(&app, &answer);
    press(&mut app, &[choice, Key::ctrl('r'), key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    assert_eq!(trainer(&app).session.case().modifier_answer, None);
}

#[test]
fn an_answer_given_after_the_answers_were_shown_is_not_scored() {
    // A wrong choice revealed with r, taken back, then put right: the class
    // had seen the code, so the second answer is no part of the score.
    let mut app = trainer_app(&["64624", "64633"], Order::Given, 7, 100, 30);
    to_code_question(&mut app);
    let choices = trainer(&app).session.case().code_choices.clone();
    let wrong = choices.iter().position(|c| c != "64624").unwrap() + 1;
    let wrong_key = Key::char(char::from_digit(wrong as u32, 10).unwrap());
    press(&mut app, &[wrong_key, Key::char('r')]);
    assert!(screen_words(&app).contains("✗ WRONG"));
    let shown = trainer(&app).session.case().modifier.clone();
    press(&mut app, &[key(KeyCode::Left)]);
    // The status line says the modifier question to come was drawn again,
    // and not as if it were the question on screen.
    assert_eq!(stage(&app), Stage::CodeQuestion);
    assert_ne!(trainer(&app).session.case().modifier, shown);
    assert_eq!(
        app.message.as_deref(),
        Some(
            "Not scored now (the answers were shown); the modifier question to come is drawn \
             anew."
        ),
    );
    to_modifier_question(&mut app, "64624");
    let answer = modifier_answer(&app);
    let keys = pick(&app, &answer);
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::Reveal);
    let screen = screen_words(&app);
    assert!(
        screen.contains("✓ RIGHT Code — 64624 (answered after the answers were shown: not scored)"),
        "{screen}"
    );
    // The modifier question was drawn again from a row not shown: scored.
    assert!(!screen.contains(&format!("Modifier — {answer} (answered after")));
    let result = app.training_result().unwrap();
    let case = &result.cases[0];
    assert_eq!(case.code_correct, Some(true));
    assert!(case.code_after_reveal);
    assert!(!case.modifier_after_reveal);
    assert_eq!(
        (result.right, result.answered, result.after_reveal),
        (1, 1, 1)
    );
    assert!(
        result.score().starts_with(
            "1 of 1 question right (1 answered after the answers were shown, not scored)"
        ),
        "{}",
        result.score()
    );

    // Revealed with nothing answered, then answered: the same.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    press(&mut app, &[Key::char('r')]);
    assert!(screen_words(&app).contains("– NOT ANSWERED Code"));
    press(&mut app, &[key(KeyCode::Left)]);
    to_modifier_question(&mut app, "64633");
    let result = app.training_result().unwrap();
    assert!(result.cases[0].code_after_reveal);
    assert_eq!(result.answered, 0);
    // An answer given, then revealed, then ← and Enter: kept, and scored.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    to_modifier_question(&mut app, "64633");
    press(&mut app, &[Key::char('r'), key(KeyCode::Left)]);
    let result = app.training_result().unwrap();
    assert!(!result.cases[0].code_after_reveal);
    assert_eq!(result.cases[0].code_correct, Some(true));
}

#[test]
fn a_reveal_taken_back_leaves_the_cases_to_come_as_the_seed_draws_them() {
    let case_two = |reveal_first: bool| {
        let mut app = trainer_app(&["64633", "64624"], Order::Given, 42, 100, 30);
        to_code_question(&mut app);
        if reveal_first {
            press(&mut app, &[Key::char('r'), key(KeyCode::Left)]);
        }
        to_modifier_question(&mut app, "64633");
        let keys = pick(&app, &modifier_answer(&app));
        press(&mut app, &keys);
        press(&mut app, &[SPACE]);
        let case = trainer(&app).session.case().clone();
        (case.code, case.code_choices, case.modifier)
    };
    assert_eq!(case_two(true), case_two(false));
}

#[test]
fn a_modifier_the_reveal_named_is_not_asked_again_as_if_unseen() {
    // 64633's why says both sides take 50: after an early reveal, 50 was
    // on screen whatever the question was.
    for seed in 0..20 {
        let mut app = trainer_app(&["64633"], Order::Code, seed, 100, 30);
        to_code_question(&mut app);
        let revealed = modifier_answer(&app);
        press(&mut app, &[Key::char('r')]);
        assert!(screen_words(&app).contains("modifier 50"));
        press(&mut app, &[key(KeyCode::Left)]);
        to_modifier_question(&mut app, "64633");
        let answer = modifier_answer(&app);
        let keys = pick(&app, &answer);
        press(&mut app, &keys);
        let result = app.training_result().unwrap();
        // Seen: 50, the answer the reveal showed, and the other side's,
        // which that tells ("left: LT" tells "right: RT").
        let mirror = match revealed.as_str() {
            "RT" => "LT",
            "LT" => "RT",
            other => other,
        };
        assert_eq!(
            result.cases[0].modifier_after_reveal,
            answer == "50" || answer == revealed || answer == mirror,
            "seed {seed}: {revealed} shown, {answer} asked"
        );
        // A side's mirror is never the fresh question.
        assert!(
            !(revealed != answer && answer == mirror),
            "seed {seed}: {revealed} shown, {answer} asked"
        );
    }
}

#[test]
fn back_to_an_earlier_cases_answers_says_no_question_was_drawn_again() {
    // Case 1 revealed early, then on to case 2: ← shows case 1's answers
    // as they were, and nothing was drawn again.
    let mut app = trainer_app(&["64633", "64624"], Order::Code, 1, 100, 30);
    press(&mut app, &[SPACE, SPACE, Key::char('r'), SPACE]);
    assert_eq!(trainer(&app).session.cases.len(), 2);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(trainer(&app).session.cases.len(), 1);
    assert!(
        !app.message
            .as_deref()
            .is_some_and(|m| m.contains("drawn again")),
        "{:?}",
        app.message
    );
}

#[test]
fn one_case_with_an_answer_given_asks_before_esc_leaves() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    // Nothing answered yet: Esc leaves at once, as ever.
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.trainer.is_none());
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    to_modifier_question(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(
        app.trainer.is_some(),
        "the code answer would be lost unasked"
    );
    assert!(trainer(&app).leave_asked.is_some());
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.trainer.is_none());
}

#[test]
fn keys_wait_while_the_window_is_too_small_to_draw() {
    // At 18×5 nothing of the case shows: a reveal would happen unseen.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 18, 5);
    // It says how to leave, the one key that acts.
    assert!(
        screen_words(&app).contains("quits"),
        "{}",
        screen_text(&app)
    );
    press(&mut app, &[SPACE, Key::char('r')]);
    assert_eq!(stage(&app), Stage::Steps);
    assert_eq!(trainer(&app).session.case().shown, 1);
    // Grown, the keys act again; quitting never waits.
    update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    press(&mut app, &[SPACE]);
    assert_eq!(trainer(&app).session.case().shown, 2);
    update(
        &mut app,
        Action::Resize {
            width: 12,
            height: 4,
        },
    );
    update(&mut app, Action::Quit);
    assert!(app.should_quit || trainer(&app).leave_asked.is_some());
    // At the modifier question letters type: the key named is Ctrl-c,
    // and `q` (typed) does nothing while the window is too small.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_modifier_question(&mut app, "64633");
    let status = status_line(&app);
    assert!(status.contains("Ctrl-c quit"), "{status}");
    update(
        &mut app,
        Action::Resize {
            width: 19,
            height: 5,
        },
    );
    let screen = screen_words(&app);
    assert!(screen.contains("Ctrl-c quits"), "{screen}");
    assert!(!screen.contains(" q quits"), "{screen}");
}

#[test]
fn the_key_that_answers_leave_with_no_does_nothing_else() {
    let mut app = trainer_app(&["64633", "64624"], Order::Code, 1, 80, 24);
    press(&mut app, &[SPACE]);
    let shown = trainer(&app).session.case().shown;
    press(&mut app, &[Key::char('q'), SPACE]);
    assert!(!app.should_quit);
    assert_eq!(
        trainer(&app).session.case().shown,
        shown,
        "Space only stayed"
    );
    assert_eq!(app.message.as_deref(), Some("Carrying on."));
    press(&mut app, &[key(KeyCode::Esc), Key::char('n')]);
    assert!(!trainer(&app).speaker_notes, "n only stayed");
    press(&mut app, &[Key::char('q'), Key::char('q')]);
    assert!(app.should_quit);
}

#[test]
fn the_seed_is_in_the_header_in_code_order_too() {
    // It draws the choices and their order, whatever the cases' order.
    let app = trainer_app(&["64624"], Order::Code, 7, 100, 30);
    let screen = screen_text(&app);
    let header = screen
        .lines()
        .find(|line| line.contains("Trainer"))
        .unwrap();
    assert!(header.contains("seed 7"), "{screen}");
}

#[test]
fn a_code_answer_stays_what_it_was_once_the_answers_were_shown() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    to_modifier_question(&mut app, "64633");
    // Back to the steps and on again: the answer given is there to keep.
    press(&mut app, &[key(KeyCode::Left), key(KeyCode::Left), SPACE]);
    assert_eq!(stage(&app), Stage::CodeQuestion);
    assert_eq!(trainer(&app).typed, "64633");
    // Enter on it kept, or emptied by Esc: the answer given stands, and
    // the empty box says so.
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(
        screen_words(&app).contains("The answer given, 64633, stands until another is entered."),
        "{}",
        screen_text(&app)
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    // Revealed from the code question, then hidden: the code is not
    // asked again, and cannot be changed.
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::CodeQuestion);
    press(&mut app, &[Key::char('r'), key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    let screen = screen_text(&app);
    assert!(
        screen.contains("(kept: the answers were shown)"),
        "{screen}"
    );
    // ← can go no further back, and says why.
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("The code answer stands")),
        "{:?}",
        app.message
    );
    let result = app.training_result().unwrap();
    assert_eq!(result.cases[0].code_correct, Some(true));
    // At the session's first step: said too.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 80, 24);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(app.message.as_deref(), Some("Nothing comes before this."));
    // At the first case's answers, the steps told are not lost: they end
    // the answers.
    to_modifier_question(&mut app, "64633");
    let answer = modifier_answer(&app);
    let keys = pick(&app, &answer);
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::Reveal);
    press(&mut app, &[key(KeyCode::Left)]);
    // At 80 columns, the shorter form.
    assert_eq!(
        app.message.as_deref(),
        Some("First case; the case told is below.")
    );
}

#[test]
fn a_narrow_window_wraps_the_summary_and_keeps_a_step_name_whole() {
    // The header breaks between its fields, not inside "Code question".
    let mut app = trainer_app(&["64624", "64633"], Order::Code, 5, 40, 12);
    to_code_question(&mut app);
    let screen = screen_text(&app);
    assert!(screen.contains("question"), "{screen}");
    assert!(
        screen
            .lines()
            .all(|line| !line.trim_end().ends_with("Code")),
        "{screen}"
    );
    let mut app = trainer_app(&["64624", "64633"], Order::Code, 5, 30, 12);
    // Too narrow for the header on two lines: the case and the question
    // are kept, the question on a line of its own.
    to_code_question(&mut app);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Case 1/2") && screen.contains("Code question"),
        "{screen}"
    );
    for _ in 0..2 {
        to_code_question(&mut app);
        press(&mut app, &[Key::ctrl('r'), SPACE]);
    }
    assert!(trainer(&app).session.finished);
    let score = app.training_result().unwrap().score();
    let words = screen_words(&app);
    for whole in [
        "Trainer · Session summary".to_owned(),
        format!("Score: {score}"),
        "2 cases in code order, seed 5".to_owned(),
    ] {
        assert!(words.contains(&whole), "{whole:?} in {words}");
    }
}

#[test]
fn trainer_messages_are_whole_on_a_40_column_status_line() {
    let whole = |app: &App| {
        let message = app.message.clone().expect("a message");
        let status = status_line(app);
        assert!(status.contains(&message), "{message:?} cut: {status:?}");
    };
    let mut app = trainer_app(&["64624", "64633"], Order::Code, 1, 40, 12);
    to_code_question(&mut app);
    let keys: Vec<Key> = "646244".chars().map(Key::char).collect();
    press(&mut app, &keys);
    whole(&app);
    // A code answered, then ← from the modifier question back to it.
    press(&mut app, &[key(KeyCode::Backspace); 6]);
    press(&mut app, &[Key::char('1'), key(KeyCode::Enter)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::CodeQuestion);
    whole(&app);
    // A wrong modifier typed, then revealed.
    press(&mut app, &[key(KeyCode::Enter)]);
    press(&mut app, &[Key::char('6'), Key::char('3')]);
    press(&mut app, &[Key::ctrl('r')]);
    whole(&app);
    // Speaker notes asked for in a window too short for them.
    let mut app = trainer_app(&["64624"], Order::Code, 1, 40, 8);
    press(&mut app, &[Key::char('n')]);
    whole(&app);
}

#[test]
fn a_set_of_one_entry_asks_for_the_code_typed_not_picked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("content/64624.toml", dir.path().join("64624.toml")).unwrap();
    let content = load(&ContentSource::Folder(dir.path().to_owned())).unwrap();
    let mut app = trainer_app_on(content, &["64624"], Order::Code, 1, 80, 24);
    to_code_question(&mut app);
    // One choice would be the answer: there are none, and the help says
    // so.
    assert!(trainer(&app).session.case().code_choices.is_empty());
    let help: Vec<String> = cptref::tui::screen::help::lines(&app, 200)
        .iter()
        .map(|line| line.to_string())
        .collect();
    assert!(
        help.iter()
            .any(|line| line.trim_start().starts_with("typed ")
                && line.contains(" the code (all five characters) typed out, then Enter")),
        "{help:#?}"
    );
    let screen = screen_words(&app);
    assert!(screen.contains("Type the code, then Enter."), "{screen}");
    assert!(!screen.contains("64624"), "{screen}");
    press(&mut app, &[Key::char('1'), key(KeyCode::Enter)]);
    assert_eq!(
        app.message.as_deref(),
        Some("1 is not a code: type all five characters.")
    );
    press(&mut app, &[key(KeyCode::Backspace)]);
    let code: Vec<Key> = "64624".chars().map(Key::char).collect();
    press(&mut app, &code);
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(trainer(&app).session.case().code_correct(), Some(true));
    // Back at the question, no choice is offered to replace the answer.
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(
        app.message.as_deref(),
        Some("Enter keeps 64624; a code typed replaces it.")
    );
}

#[test]
fn a_modifier_the_registry_lacks_is_revealed_with_the_entrys_own_description() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("64624.toml"),
        common::genicular_ablation_with_modifier_76(),
    )
    .unwrap();
    let content = load(&ContentSource::Folder(dir.path().to_owned())).unwrap();
    let asked_of_76 = (1..200).find_map(|seed| {
        let mut app = trainer_app_on(content.clone(), &["64624"], Order::Code, seed, 120, 60);
        to_modifier_question(&mut app, "64624");
        (modifier_answer(&app) == "76").then_some(app)
    });
    let mut app = asked_of_76.expect("a seed that asks of 76");
    let keys = pick(&app, "76");
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::Reveal);
    let screen = screen_words(&app);
    assert!(
        screen.contains(
            "Meaning (the entry's own; not in cptref's modifier registry): Repeat procedure"
        ),
        "{screen}"
    );
}

#[test]
fn a_code_answer_offered_again_after_going_back_marks_its_choice() {
    let mut app = trainer_app(&["64624"], Order::Code, 1, 100, 30);
    to_code_question(&mut app);
    press(&mut app, &[Key::char('2'), key(KeyCode::Enter)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::CodeQuestion);
    let second = trainer(&app).session.case().choices()[1].clone();
    let screen = screen_text(&app);
    assert!(screen.contains(&format!("▸ 2  {second}")), "{screen}");
    assert!(screen.contains(&format!("Answer: {second}")), "{screen}");
}

#[test]
fn in_the_smallest_window_the_modifier_question_shows_its_heading() {
    let mut app = trainer_app(&["64624"], Order::Code, 42, 30, 8);
    to_code_question(&mut app);
    press(&mut app, &[Key::char('2'), key(KeyCode::Enter)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    let screen = screen_text(&app);
    assert!(screen.contains("Which modifier?"), "{screen}");
    // With room, the code answered is kept above it.
    let mut app = trainer_app(&["64624"], Order::Code, 42, 80, 24);
    to_code_question(&mut app);
    press(&mut app, &[Key::char('2'), key(KeyCode::Enter)]);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Code answered:") && screen.contains("Which modifier?"),
        "{screen}"
    );
}

#[test]
fn codes_only_shows_the_code_choices_without_titles_and_the_record_says_so() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    to_code_question(&mut app);
    // With titles, as by default.
    assert!(screen_text(&app).contains("64633  Facet nerve ablation"));
    app.trainer.as_mut().unwrap().session.codes_only = true;
    let screen = screen_text(&app);
    assert!(screen.contains("Which code?"), "{screen}");
    let choices: Vec<&str> = screen
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with(|c: char| c.is_ascii_digit()) && line.contains("  6"))
        .collect();
    assert_eq!(choices.len(), 4, "{screen}");
    for choice in &choices {
        // `1  64633`, and nothing after the code.
        assert_eq!(choice.split_whitespace().count(), 2, "{choice}");
    }
    // The reveal still names the code's title.
    press(&mut app, &[Key::char('r')]);
    assert!(screen_text(&app).contains("Facet nerve ablation"));
    let result = app.training_result().unwrap();
    assert!(result.codes_only);
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["codes_only"], true);
}

#[test]
fn the_reveal_says_when_the_modifier_answer_rests_on_background_knowledge() {
    // 64624's rows but 22 rest on background knowledge; 64633's on sources.
    for (code, unconfirmed) in [("64624", true), ("64633", false)] {
        let mut app = trainer_app(&[code], Order::Code, 1, 100, 60);
        press(&mut app, &[Key::char('r')]);
        assert_eq!(stage(&app), Stage::Reveal);
        let answer = trainer(&app)
            .session
            .case()
            .modifier
            .as_ref()
            .unwrap()
            .answer
            .clone();
        let said = screen_words(&app).contains(&format!(
            "Unconfirmed: that {code} takes {answer} here rests on background knowledge"
        ));
        assert_eq!(said, unconfirmed && answer != "22", "{code} {answer}");
    }
    // 64624's 22 row rests on the source publication's table alone: it is
    // not asked of while another row will do. Where every row is such a
    // row, the reveal says what its answer rests on.
    let text = std::fs::read_to_string("content/64624.toml")
        .unwrap()
        .replace(
            "source = \"BK\"",
            "source = \"publication: its table alone\"",
        );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("64624.toml"), text).unwrap();
    let content = load(&ContentSource::Folder(dir.path().to_owned())).unwrap();
    let mut app = trainer_app_on(content, &["64624"], Order::Code, 1, 100, 60);
    let answer = modifier_answer(&app);
    press(&mut app, &[Key::char('r')]);
    assert!(
        screen_words(&app).contains(&format!(
            "Unconfirmed: that 64624 takes {answer} here rests on the source publication alone,"
        )),
        "{}",
        screen_words(&app)
    );
}

#[test]
fn a_wrong_code_is_said_for_what_it_is_at_the_reveal() {
    // 64633's entry relates 64640: its line says how.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 60);
    to_code_question(&mut app);
    enter_typed(&mut app, "64640");
    press(&mut app, &[Key::ctrl('r')]);
    let words = screen_words(&app);
    assert!(
        words.contains("64640 (the answer given): Catch-all neurolysis code for named nerves"),
        "{words}"
    );
    // One it does not relate, by the title of its own entry.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 60);
    to_code_question(&mut app);
    enter_typed(&mut app, "64632");
    press(&mut app, &[Key::ctrl('r')]);
    assert!(screen_words(&app).contains("64632 (the answer given): Morton’s neuroma"));
    // A right answer says nothing of the kind.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 60);
    to_modifier_question(&mut app, "64633");
    press(&mut app, &[Key::ctrl('r')]);
    assert!(!screen_words(&app).contains("(the answer given)"));
}

#[test]
fn a_wrong_code_outside_the_set_and_a_wrong_modifier_are_said_too() {
    // 64455 has no entry; 64632's related list (a choice's) lists it, whose
    // words ("the same nerve") speak of 64632 and are not repeated.
    let mut app = trainer_app(&[], Order::Code, 1, 100, 60);
    let mut found = false;
    for _ in 0..5 {
        to_code_question(&mut app);
        let choices = trainer(&app).session.case().code_choices.clone();
        let right = trainer(&app).session.case().code.clone();
        enter_typed(&mut app, "64455");
        press(&mut app, &[Key::ctrl('r')]);
        let words = screen_words(&app);
        if right != "64632" && choices.iter().any(|c| c == "64632") {
            assert!(
                words.contains(
                    "64455 (the answer given): not an entry in this content set; 64632 lists \
                     it among its related codes"
                ) && !words.contains("same nerve"),
                "{words}"
            );
            found = true;
        } else if right != "64632" {
            assert!(
                words.contains("64455 (the answer given): not in this content set"),
                "{words}"
            );
        }
        press(&mut app, &[SPACE]);
        if trainer(&app).session.finished {
            break;
        }
    }
    assert!(found, "no case offered 64632 among its choices");
    // A wrong modifier: what it means.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 60);
    to_modifier_question(&mut app, "64633");
    let answer = modifier_answer(&app);
    let wrong = trainer(&app)
        .session
        .case()
        .modifier
        .as_ref()
        .unwrap()
        .choices
        .iter()
        .find(|c| **c != answer)
        .unwrap()
        .clone();
    let keys = pick(&app, &wrong);
    press(&mut app, &keys);
    let meaning = cptref::registry::Registry::builtin()
        .get(&wrong)
        .unwrap()
        .meaning
        .clone();
    let words = screen_words(&app);
    assert!(
        words.contains(&format!("{wrong} (the answer given): {meaning}")),
        "{words}"
    );
}

#[test]
fn the_record_leaves_out_a_modifier_question_never_put() {
    let mut app = trainer_app(&["64633", "64624"], Order::Given, 42, 100, 30);
    // The first case told to its code question, not answered.
    to_code_question(&mut app);
    let result = trainer(&app).session.result(&app.content);
    assert!(trainer(&app).session.case().modifier.is_some());
    assert_eq!(result.cases[0].modifier_situation, None);
    assert_eq!(result.cases[0].modifier_expected, None);
    // Answered, the modifier question is put, and recorded.
    let keys = pick(&app, "64633");
    press(&mut app, &keys);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    let result = trainer(&app).session.result(&app.content);
    let asked = trainer(&app).session.case().modifier.clone().unwrap();
    assert_eq!(result.cases[0].modifier_situation, Some(asked.situation));
    assert_eq!(result.cases[0].modifier_expected, Some(asked.answer));
}

#[test]
fn a_modifier_question_that_cannot_be_drawn_again_says_so() {
    // 64632's table has RT and LT alone: once one is shown, the other is
    // told by it, and no row is left to ask.
    let mut app = trainer_app(&["64632"], Order::Code, 5, 100, 30);
    to_modifier_question(&mut app, "64632");
    let asked = modifier_answer(&app);
    press(&mut app, &[Key::ctrl('r'), key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    assert_eq!(modifier_answer(&app), asked);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("No other modifier is left to ask")),
        "{:?}",
        app.message
    );
    let keys = pick(&app, &asked);
    press(&mut app, &keys);
    let result = app.training_result().unwrap();
    assert!(result.cases[0].modifier_after_reveal);
}

#[test]
fn a_reveal_that_graded_a_pick_says_left_takes_the_pick_back() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    to_code_question(&mut app);
    // Picked, not entered, then revealed: graded on screen.
    press(&mut app, &[Key::char('1'), Key::char('r')]);
    assert_eq!(stage(&app), Stage::Reveal);
    let status = status_line(&app);
    assert!(
        status.contains("← hide answers, take pick back"),
        "{status}"
    );
    // Revealed with nothing picked: the answers alone.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    to_code_question(&mut app);
    press(&mut app, &[Key::char('r')]);
    let status = status_line(&app);
    assert!(
        status.contains("← hide answers") && !status.contains("take pick back"),
        "{status}"
    );
}

#[test]
fn the_speaker_notes_title_shortens_to_fit_a_narrow_window() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 40, 12);
    to_modifier_question(&mut app, "64633");
    // While a modifier is typed, `n` is a letter: Ctrl-n shows the notes.
    press(&mut app, &[Key::ctrl('n')]);
    let screen = screen_text(&app);
    assert!(
        screen.contains(" Notes (Ctrl-n hides, [ ] scroll) "),
        "{screen}"
    );
    // Wide enough, in full.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 30);
    to_modifier_question(&mut app, "64633");
    press(&mut app, &[Key::ctrl('n')]);
    let screen = screen_text(&app);
    assert!(
        screen.contains(" Speaker notes (Ctrl-n hides, [ ] scroll) "),
        "{screen}"
    );
}

#[test]
fn a_question_whose_answer_was_shown_says_it_is_not_scored_while_asked() {
    let mut app = trainer_app(&["64633"], Order::Code, 5, 100, 30);
    to_code_question(&mut app);
    assert!(!screen_text(&app).contains("Not scored"));
    // Shown too soon, then hidden again: the question is asked, and says
    // that it no longer counts.
    let mut app = trainer_app(&["64633"], Order::Code, 5, 100, 30);
    press(&mut app, &[Key::char('r'), key(KeyCode::Left)]);
    to_code_question(&mut app);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Which code?") && screen.contains("(Not scored: its answer was shown.)"),
        "{screen}"
    );
}

#[test]
fn keys_the_class_presses_too_soon_are_answered_with_what_to_do() {
    let mut app = trainer_app(&["64624"], Order::Code, 1, 100, 30);
    // A choice called out while the case is told.
    press(&mut app, &[Key::char('3')]);
    assert_eq!(
        app.message.as_deref(),
        Some("Answers are taken at the questions, after the case: Space goes on.")
    );
    assert_eq!(stage(&app), Stage::Steps);
    // Space at a question names the way past it, too.
    to_code_question(&mut app);
    press(&mut app, &[SPACE]);
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.ends_with("then Enter (r shows the answers)."),
        "{message}"
    );
    to_modifier_question(&mut app, "64624");
    press(&mut app, &[SPACE]);
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.ends_with("(Ctrl-r shows the answers)."),
        "{message}"
    );
}

#[test]
fn a_asks_the_questions_once_the_case_is_told_before_the_coding_steps() {
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 60);
    let (story, steps) = {
        let case = trainer(&app).session.case();
        (case.story, case.steps.len())
    };
    assert!(story < steps);
    let coding_step = trainer(&app).session.case().steps[story].clone();
    let first_words: String = coding_step
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    press(&mut app, &[Key::char('a')]);
    assert_eq!(stage(&app), Stage::CodeQuestion);
    // The whole case is told; no coding step, which would answer it.
    assert_eq!(trainer(&app).session.case().shown, story);
    assert!(
        !screen_words(&app).contains(&first_words),
        "{}",
        screen_words(&app)
    );
    assert_eq!(
        app.message.as_deref(),
        Some(
            format!(
                "The questions now; the {} coding steps left show with the answers.",
                steps - story
            )
            .as_str()
        )
    );
    // ← goes back to telling them, a step at a time.
    press(&mut app, &[key(KeyCode::Left), SPACE]);
    assert_eq!(stage(&app), Stage::Steps);
    assert_eq!(trainer(&app).session.case().shown, story + 1);
    // Asked again and answered, the answers end with every step.
    press(&mut app, &[Key::char('a')]);
    to_modifier_question(&mut app, "64633");
    let answer = modifier_answer(&app);
    enter_typed(&mut app, &answer);
    assert_eq!(stage(&app), Stage::Reveal);
    assert_eq!(trainer(&app).session.case().shown, steps);
}

#[test]
fn a_code_answer_changed_after_the_modifier_question_is_not_scored() {
    // The modifier question is drawn from the right code's table, so it
    // may tell the class its code answer was wrong.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 40);
    to_code_question(&mut app);
    let wrong = wrong_choice(&app);
    enter_typed(&mut app, &wrong);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    press(&mut app, &[key(KeyCode::Left)]);
    assert_eq!(stage(&app), Stage::CodeQuestion);
    assert!(
        screen_words(&app).contains("(A changed answer is not scored: the modifier question"),
        "{}",
        screen_words(&app)
    );
    enter_typed(&mut app, "64633");
    let answer = modifier_answer(&app);
    enter_typed(&mut app, &answer);
    assert_eq!(stage(&app), Stage::Reveal);
    assert!(
        screen_words(&app).contains(
            "✓ RIGHT Code — 64633 (changed after the modifier question was shown: not scored)"
        ),
        "{}",
        screen_words(&app)
    );
    let result = app.training_result().unwrap();
    assert!(result.cases[0].code_after_reveal);
    assert_eq!((result.right, result.answered), (1, 1));
    assert!(
        result
            .score()
            .starts_with("1 of 1 question right (1 changed after the modifier question was shown"),
        "{}",
        result.score()
    );
    // Kept as it was (← and Enter), it is scored.
    let mut app = trainer_app(&["64633"], Order::Code, 1, 100, 40);
    to_code_question(&mut app);
    enter_typed(&mut app, &wrong);
    press(&mut app, &[key(KeyCode::Left), key(KeyCode::Enter)]);
    assert_eq!(stage(&app), Stage::ModifierQuestion);
    let result = app.training_result().unwrap();
    assert!(!result.cases[0].code_after_reveal);
    assert_eq!(result.cases[0].code_correct, Some(false));
}
