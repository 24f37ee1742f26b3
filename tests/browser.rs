//! The browser without a terminal: `update()` driven by key sequences, and
//! insta snapshots of whole screens drawn on ratatui's `TestBackend`.

mod common;
use common::{draw, key, press, screen_text, status_line};

use cptref::loader::{Content, ContentSource, load};
use cptref::search::Field;
use std::sync::Arc;

use cptref::tui::action::{Action, SharedContent};
use cptref::tui::app::{App, CopyRoute, Focus, Overlay, SearchRequest, Visit, update};
use cptref::tui::keymap::Key;
use cptref::tui::screen::view;
use cptref::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

fn builtin() -> Content {
    load(&ContentSource::Builtin).unwrap()
}

fn broken() -> Content {
    load(&ContentSource::Folder("tests/fixtures/broken".into())).unwrap()
}

fn app_with(content: impl Into<Arc<Content>>, width: u16, height: u16) -> App {
    App::new(
        content,
        Theme { colour: true },
        Rect::new(0, 0, width, height),
    )
}

fn app() -> App {
    app_with(builtin(), 100, 30)
}

fn type_text(app: &mut App, text: &str) {
    let keys: Vec<Key> = text.chars().map(Key::char).collect();
    press(app, &keys);
}

fn shown_code(app: &App) -> String {
    app.shown_entry().unwrap().code.clone()
}

fn result_codes(app: &App) -> Vec<String> {
    app.hits
        .iter()
        .map(|h| app.content.entries[h.entry].code.clone())
        .collect()
}

/// The row of `code` among the results.
fn row_of(app: &App, code: &str) -> usize {
    result_codes(app)
        .iter()
        .position(|c| c == code)
        .unwrap_or_else(|| panic!("{code} not found"))
}

#[test]
fn an_empty_query_lists_every_code_in_order_with_the_first_selected() {
    let app = app();
    assert_eq!(app.focus, Focus::Search);
    assert_eq!(
        result_codes(&app),
        ["64454", "64624", "64632", "64633", "64640"]
    );
    assert_eq!(app.selected, 0);
}

#[test]
fn typing_refilters_and_selects_the_first_result() {
    let mut app = app();
    press(&mut app, &[key(KeyCode::Down)]);
    assert_eq!(app.selected, 1);
    type_text(&mut app, "genic");
    assert_eq!(app.query, "genic");
    assert_eq!(&result_codes(&app)[..2], ["64454", "64624"]);
    assert!(!result_codes(&app).contains(&"64633".to_string()));
    assert_eq!(app.selected, 0);
    assert_eq!(app.hits[0].field, Field::Title);
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!(app.query, "geni");
}

#[test]
fn q_types_in_the_search_box_but_quits_elsewhere() {
    let mut app = app();
    type_text(&mut app, "q");
    assert!(!app.should_quit);
    assert_eq!(app.query, "q");
    let mut app = self::app();
    press(&mut app, &[key(KeyCode::Enter), Key::char('q')]);
    assert!(app.should_quit);
    let mut app = self::app();
    press(&mut app, &[Key::ctrl('c')]);
    assert!(app.should_quit);
}

#[test]
fn the_selection_moves_with_arrows_and_control_keys_while_typing() {
    let mut app = app();
    type_text(&mut app, "646");
    for (keys, expected) in [
        (vec![key(KeyCode::Down)], 1),
        (vec![Key::ctrl('n')], 2),
        (vec![Key::ctrl('j')], 3),
        (vec![Key::ctrl('p')], 2),
        (vec![Key::ctrl('k'), key(KeyCode::Up)], 0),
        (vec![key(KeyCode::Up)], 0),
    ] {
        press(&mut app, &keys);
        assert_eq!(app.selected, expected, "after {keys:?}");
        assert_eq!(app.query, "646", "moving must not type");
    }
}

#[test]
fn three_keystrokes_reach_the_modifiers_of_64633() {
    let mut app = app();
    // "64633" is typed; then Enter and 4 open the detail at section 4.
    type_text(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Enter), Key::char('4')]);
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!(shown_code(&app), "64633");
    let doc = app.detail_document(app.areas().detail.unwrap());
    let top: String = doc.lines[app.detail_scroll]
        .spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect();
    assert_eq!(top, "4 Modifiers");
}

#[test]
fn back_from_the_detail_the_next_code_typed_replaces_the_last() {
    // A coder's loop: a code, its entry, Esc, the next code.
    let mut app = app();
    type_text(&mut app, "64633");
    press(
        &mut app,
        &[key(KeyCode::Enter), Key::char('y'), key(KeyCode::Esc)],
    );
    assert_eq!(app.focus, Focus::Search);
    assert!(app.query_selected);
    // The status line says how to keep it, before a letter typed takes it.
    let status = status_line(&app);
    assert!(status.starts_with(" → keep query"), "{status}");
    type_text(&mut app, "64624");
    assert_eq!(app.query, "64624");
    assert_eq!(result_codes(&app)[0], "64624");
    // Any other key keeps the query, to mend it.
    let mut app = self::app();
    type_text(&mut app, "genic");
    press(
        &mut app,
        &[key(KeyCode::Enter), key(KeyCode::Esc), key(KeyCode::End)],
    );
    type_text(&mut app, "ular");
    assert_eq!(app.query, "genicular");
}

#[test]
fn digits_typed_in_the_detail_say_they_jump_to_sections() {
    let mut app = app();
    type_text(&mut app, "64624");
    press(&mut app, &[key(KeyCode::Enter), Key::char('4')]);
    // One digit is a jump, and says nothing; nor do jumps made on
    // purpose, one after another.
    assert_eq!(app.message, None);
    type_text(&mut app, "857");
    assert_eq!(app.message, None);
    press(&mut app, &[key(KeyCode::Down)]);
    // A code typed there is taken a digit at a time: that is said, from
    // the third digit, though 64624 has no section 6 to jump to.
    type_text(&mut app, "646");
    assert_eq!(
        app.message.as_deref(),
        Some("Digits here jump to sections; a whole code typed is searched for (/ searches now).")
    );
    let status = status_line(&app);
    assert!(status.contains("searches now)."), "{status}");
}

#[test]
fn a_code_typed_in_the_detail_is_searched_for_and_esc_goes_back_to_the_place_read() {
    for (typed, query) in [
        ("64633", "64633"),
        // A 0 is no section's key, nor a dash: they go on the code.
        ("64640", "64640"),
        ("64624-RT", "64624-RT"),
    ] {
        let mut app = app();
        type_text(&mut app, "64624");
        press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Down)]);
        let place = app.detail_scroll;
        assert!(place > 0);
        type_text(&mut app, typed);
        assert_eq!(app.focus, Focus::Search, "{typed}");
        assert_eq!(app.query, query);
        if typed.len() == 5 {
            assert_eq!(
                app.message.as_deref(),
                Some("The code typed, searched for; Esc goes back to 64624."),
                "{typed}"
            );
        }
        // Not the code left behind: the code typed is the list's first.
        assert_eq!(shown_code(&app), query[..5]);
        press(&mut app, &[key(KeyCode::Esc)]);
        assert_eq!(app.focus, Focus::Detail, "{typed}");
        assert_eq!(shown_code(&app), "64624");
        assert_eq!(app.detail_scroll, place, "{typed}");
        assert_eq!(app.query, "64624");
    }
    // A section read first (`4`, the modifiers), then a code typed off
    // the claim: the code is searched for, and Esc goes back to the
    // modifiers, where the code was typed from.
    for (typed, query) in [("64633", "64633"), ("64624-RT", "64624-RT")] {
        let mut app = app();
        type_text(&mut app, "64640");
        press(&mut app, &[key(KeyCode::Enter), Key::char('4')]);
        let place = (app.detail_scroll, app.detail_stop);
        assert!(place.0 > 0);
        type_text(&mut app, typed);
        assert_eq!((app.focus, app.query.as_str()), (Focus::Search, query));
        press(&mut app, &[key(KeyCode::Esc)]);
        assert_eq!(shown_code(&app), "64640");
        assert_eq!((app.detail_scroll, app.detail_stop), place, "{typed}");
    }
    // Section jumps made on purpose stay jumps: five digits that start no
    // code.
    let mut app = app();
    type_text(&mut app, "64624");
    press(&mut app, &[key(KeyCode::Enter)]);
    type_text(&mut app, "45712");
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!(app.query, "64624");
    // A code that starts with 0, which is no section's digit.
    let mut app = self::app();
    type_text(&mut app, "64624");
    press(&mut app, &[key(KeyCode::Enter)]);
    type_text(&mut app, "0213T");
    assert_eq!((app.focus, app.query.as_str()), (Focus::Search, "0213T"));
    // The code typed, opened, then Backspace: back to the first entry
    // where it was read before the digits, not where they jumped.
    let mut app = self::app();
    type_text(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Down)]);
    let place = app.detail_scroll;
    type_text(&mut app, "64624");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64624");
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!(shown_code(&app), "64633");
    assert_eq!(app.detail_scroll, place);
}

#[test]
fn a_letter_with_no_key_in_the_detail_starts_a_new_search() {
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "genic");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.focus, Focus::Detail);
    // The detail's help says so.
    let help: String = cptref::tui::screen::help::lines(&app, 200)
        .iter()
        .map(|line| line.to_string())
        .collect();
    assert!(
        help.contains("a letter no key above takes starts a new search"),
        "{help}"
    );
    // And the mouse's part, with the way to select text by hand.
    assert!(help.contains("Mouse"), "{help}");
    assert!(help.contains("Shift-drag") && help.contains("selects text to copy by hand"));
    // `f` is bound to nothing in the detail: it starts a search, as `/f`
    // would, and the rest of the word goes into the box, where `t` and
    // `q` are letters, not the trainer and quitting.
    type_text(&mut app, "facet");
    assert_eq!(app.focus, Focus::Search);
    assert_eq!(app.query, "facet");
    assert!(app.trainer.is_none() && !app.should_quit);
    assert_eq!(result_codes(&app)[0], "64633");
    // A letter that is a key here still does what it is bound to.
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.focus, Focus::Detail);
    press(&mut app, &[Key::char('q')]);
    assert!(app.should_quit);
}

#[test]
fn a_misspelt_search_offers_the_words_meant_and_enter_takes_them() {
    let mut app = app();
    type_text(&mut app, "genicular abalation");
    assert!(app.hits.is_empty());
    assert_eq!(app.suggestion.as_deref(), Some("genicular ablation"));
    let screen = screen_text(&app);
    assert!(
        screen.contains("Did you mean genicular ablation?"),
        "{screen}"
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.query, "genicular ablation");
    assert_eq!(result_codes(&app)[0], "64624");
    assert_eq!(app.focus, Focus::Search);
    assert_eq!(app.suggestion, None);
    // Enter again opens the top result, as ever.
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64624");
    // From the list, the same.
    let mut app = self::app();
    type_text(&mut app, "genicluar");
    press(&mut app, &[key(KeyCode::Tab), key(KeyCode::Enter)]);
    assert_eq!(app.query, "genicular");
    // Searched in the background, the same.
    let mut app = background_app();
    let request = typed_for_background(&mut app, "genicluar");
    answer(&mut app, &request);
    assert_eq!(app.suggestion.as_deref(), Some("genicular"));
    press(&mut app, &[key(KeyCode::Enter)]);
    let request = app.pending_search.take().unwrap();
    assert_eq!(request.query, "genicular");
    answer(&mut app, &request);
    assert_eq!(result_codes(&app)[0], "64454");
}

#[test]
fn a_diagnosis_code_no_entry_names_offers_its_category_and_enter_takes_it() {
    let mut app = app();
    type_text(&mut app, "M54.50");
    assert!(app.hits.is_empty());
    assert_eq!(app.suggestion.as_deref(), Some("M54"));
    let screen = screen_text(&app);
    assert!(screen.contains("Enter searches for M54"), "{screen}");
    assert!(!screen.contains("Did you mean"), "{screen}");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.query, "M54");
    assert_eq!(result_codes(&app), ["64633"]);
    // A code whose category no entry lists offers nothing.
    let mut app = self::app();
    type_text(&mut app, "M99.99");
    assert_eq!(app.suggestion, None);
    // Nor does one among other words: the note says what to search.
    let mut app = self::app();
    type_text(&mut app, "M54.50 facet");
    assert_eq!(app.suggestion, None);
}

#[test]
fn tab_goes_on_through_the_panes_and_shift_tab_comes_back() {
    let mut app = app();
    type_text(&mut app, "genic");
    press(&mut app, &[key(KeyCode::Tab)]);
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &[key(KeyCode::Tab)]);
    assert_eq!(app.focus, Focus::Detail);
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &[key(KeyCode::BackTab)]);
    assert_eq!(app.focus, Focus::Search);
    assert_eq!(app.query, "genic");
}

#[test]
fn n_steps_to_words_joined_by_a_hyphen_in_the_query() {
    let mut app = app();
    type_text(&mut app, "genicular-nerve");
    press(&mut app, &[key(KeyCode::Enter), Key::char('n')]);
    let said = app.message.clone().unwrap_or_default();
    assert!(said.starts_with("Match "), "{said}");
}

#[test]
fn esc_goes_back_one_level_then_clears_the_query() {
    let mut app = app();
    type_text(&mut app, "genic");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.focus, Focus::Detail);
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.focus, Focus::Search);
    assert_eq!(app.query, "genic");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.query, "");
    assert_eq!(app.hits.len(), 5);
    // With nothing to clear, Esc stays in the search box: a word typed
    // next would find the list's one-letter commands. Tab goes there.
    let status = status_line(&app);
    assert!(!status.contains("Esc"), "{status}");
    assert!(status.contains("Tab to list"), "{status}");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.focus, Focus::Search);
    assert_eq!(
        app.message.as_deref(),
        Some("Nothing to clear. Tab moves to the list. Ctrl-c quits.")
    );
    let mut narrow = app_with(builtin(), 40, 12);
    press(&mut narrow, &[key(KeyCode::Esc)]);
    assert_eq!(narrow.message.as_deref(), Some("Tab: list. Ctrl-c: quit."));
    type_text(&mut app, "thoracic");
    assert_eq!((app.focus, app.query.as_str()), (Focus::Search, "thoracic"));
    assert!(app.trainer.is_none());
    press(&mut app, &[key(KeyCode::Esc), key(KeyCode::Tab)]);
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &[Key::char('/')]);
    assert_eq!(app.focus, Focus::Search);
    // With no query to clear, Esc in the list goes back to the search box.
    press(&mut app, &[key(KeyCode::Esc)]);
    let status = status_line(&app);
    assert!(status.contains("Esc to search"), "{status}");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.focus, Focus::Search);
}

#[test]
fn typing_in_the_list_starts_a_search() {
    let mut app = app();
    press(&mut app, &[key(KeyCode::Tab)]);
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &[Key::char('j')]);
    assert_eq!(app.selected, 1, "j moves in the list");
    type_text(&mut app, "6");
    assert_eq!(app.focus, Focus::Search);
    assert_eq!(app.query, "6");
    // Backspace in the list takes the last character off the query, as
    // letters typed there go on its end.
    type_text(&mut app, "463");
    press(&mut app, &[key(KeyCode::Tab), key(KeyCode::Backspace)]);
    assert_eq!((app.focus, app.query.as_str()), (Focus::Search, "646"));
    // Cleared from the list, the query is typed anew in the search box,
    // where a word's first letter is not a command.
    press(&mut app, &[key(KeyCode::Tab), key(KeyCode::Esc)]);
    assert_eq!((app.focus, app.query.as_str()), (Focus::Search, ""));
    type_text(&mut app, "query");
    assert!(!app.should_quit);
    assert_eq!(app.query, "query");
    // With no query it goes back in the history.
    press(&mut app, &[Key::ctrl('u'), key(KeyCode::Tab)]);
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!(app.message.as_deref(), Some("Nothing to go back to."));
    // In an entry opened from the list, Backspace points to Esc.
    press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Backspace)]);
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!(
        app.message.as_deref(),
        Some("Nothing to go back to in the history; Esc goes back to the list.")
    );
}

#[test]
fn history_back_is_offered_only_with_somewhere_to_go() {
    let mut app = app_with(builtin(), 200, 30);
    type_text(&mut app, "64454");
    press(&mut app, &[key(KeyCode::Enter)]);
    let status = status_line(&app);
    assert!(!status.contains("history back"), "{status}");
    press(
        &mut app,
        &[Key::char('5'), key(KeyCode::Tab), key(KeyCode::Enter)],
    );
    assert_eq!(shown_code(&app), "64624");
    let status = status_line(&app);
    assert!(status.contains("Backspace history back"), "{status}");
}

#[test]
fn the_detail_scrolls_and_jumps_between_sections() {
    let mut app = app();
    type_text(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Enter)]);
    press(&mut app, &[key(KeyCode::Down), Key::char('j')]);
    assert_eq!(app.detail_scroll, 2);
    press(&mut app, &[Key::char('k')]);
    assert_eq!(app.detail_scroll, 1);
    press(&mut app, &[key(KeyCode::PageDown)]);
    assert!(app.detail_scroll > 10);
    press(&mut app, &[key(KeyCode::Home)]);
    assert_eq!(app.detail_scroll, 0);
    press(&mut app, &[key(KeyCode::End)]);
    let at_end = app.detail_scroll;
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::PageDown)]);
    assert_eq!(app.detail_scroll, at_end, "no scrolling past the end");
    press(
        &mut app,
        &[key(KeyCode::Home), key(KeyCode::Tab), key(KeyCode::Tab)],
    );
    assert_eq!(app.detail_stop, Some(1));
    press(&mut app, &[key(KeyCode::BackTab)]);
    assert_eq!(app.detail_stop, Some(0));
    press(&mut app, &[Key::char('9')]);
    let doc = app.detail_document(app.areas().detail.unwrap());
    let stop = &doc.stops[app.detail_stop.unwrap()];
    assert_eq!(doc.lines[stop.line].to_string(), "9 Sources");
    assert!(app.detail_scroll <= stop.line);

    // 64454 lists no diagnoses: 6 says so, and the sections after it keep
    // their numbers, so 7 is the notes and 9 the sources in every entry.
    let mut app = self::app();
    type_text(&mut app, "64454");
    press(&mut app, &[key(KeyCode::Enter), Key::char('6')]);
    assert_eq!(
        app.message.as_deref(),
        Some("64454 has no Diagnoses (ICD-10-CM) section.")
    );
    for (digit, heading) in [('7', "7 Notes"), ('9', "9 Sources")] {
        press(&mut app, &[Key::char(digit)]);
        let doc = app.detail_document(app.areas().detail.unwrap());
        let stop = &doc.stops[app.detail_stop.unwrap()];
        assert_eq!(doc.lines[stop.line].to_string(), heading);
    }
}

#[test]
fn n_goes_through_a_hyphened_word_where_the_entry_writes_it_together() {
    // 64633's detail says "add-on" four times; its "one", "on" and "additional"
    // are not matches of `add-on`.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "add-on");
    assert_eq!(result_codes(&app)[0], "64633");
    press(&mut app, &[key(KeyCode::Enter), Key::char('n')]);
    assert_eq!(app.message.as_deref(), Some("Match 1 of 4."));
}

#[test]
fn tab_in_the_detail_goes_on_from_what_is_on_screen() {
    // Paged on past the section a digit took, Tab goes to the first
    // section or link below the top of the pane, not to the one after the
    // section left behind; Shift-Tab from the end goes to one above.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "64624");
    press(
        &mut app,
        &[
            key(KeyCode::Enter),
            Key::char('4'),
            key(KeyCode::PageDown),
            key(KeyCode::PageDown),
        ],
    );
    let doc = app.detail_document(app.areas().detail.unwrap());
    let top = app.detail_scroll;
    press(&mut app, &[key(KeyCode::Tab)]);
    let taken = doc.stops[app.detail_stop.unwrap()].line;
    let below: Vec<usize> = doc
        .stops
        .iter()
        .map(|s| s.line)
        .filter(|&l| l > top)
        .collect();
    assert_eq!(Some(&taken), below.first(), "top {top}");
    press(&mut app, &[key(KeyCode::End)]);
    let top = app.detail_scroll;
    press(&mut app, &[key(KeyCode::BackTab)]);
    let taken = doc.stops[app.detail_stop.unwrap()].line;
    let above: Vec<usize> = doc
        .stops
        .iter()
        .map(|s| s.line)
        .filter(|&l| l < top)
        .collect();
    assert_eq!(Some(&taken), above.last(), "top {top}");
    assert!(app.detail_scroll < top, "the view moved up to it");
}

#[test]
fn related_codes_are_links_with_history() {
    let mut app = app();
    type_text(&mut app, "64454");
    press(
        &mut app,
        &[key(KeyCode::Enter), Key::char('5'), key(KeyCode::Tab)],
    );
    assert_eq!(shown_code(&app), "64454");
    // On a link, and only there, the status line says what Enter does.
    assert!(status_line(&app).contains("Enter open related code"));
    press(&mut app, &[Key::char('5')]);
    assert!(
        !status_line(&app).contains("Enter"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &[key(KeyCode::Tab)]);
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64624", "the first related code of 64454");
    assert_eq!(app.focus, Focus::Detail);
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!(shown_code(&app), "64454");
    press(&mut app, &[Key::alt(KeyCode::Right)]);
    assert_eq!(shown_code(&app), "64624");
    press(&mut app, &[Key::alt(KeyCode::Left)]);
    assert_eq!(shown_code(&app), "64454");
    press(&mut app, &[Key::alt(KeyCode::Left)]);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("Nothing to go back")
    );
}

#[test]
fn tab_skips_related_codes_outside_the_content_set() {
    let mut app = app();
    type_text(&mut app, "64633");
    // Of 64633's related codes only 64640 is in the built-in set: the first
    // Tab after the heading lands on it, and Enter opens it.
    press(
        &mut app,
        &[
            key(KeyCode::Enter),
            Key::char('5'),
            key(KeyCode::Tab),
            key(KeyCode::Enter),
        ],
    );
    assert_eq!(shown_code(&app), "64640");
    assert_eq!(app.message, None, "no 'not in this content set'");
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!(shown_code(&app), "64633");
}

#[test]
fn help_and_findings_open_and_close() {
    let mut app = app_with(broken(), 100, 30);
    // In the search box `!` is typed, so the status line names F2 there.
    assert_eq!(app.focus, Focus::Search);
    let status = status_line(&app);
    assert!(status.contains("9 content problems (F2)"), "{status}");
    press(&mut app, &[key(KeyCode::F(2))]);
    assert_eq!(app.overlay, Some(Overlay::Findings));
    assert_eq!(app.query, "");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.overlay, None);
    assert_eq!(app.focus, Focus::Search);
    press(&mut app, &[key(KeyCode::Tab)]);
    press(&mut app, &[Key::char('?')]);
    assert_eq!(app.overlay, Some(Overlay::Help));
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.overlay, None);
    press(&mut app, &[Key::char('!')]);
    assert_eq!(app.overlay, Some(Overlay::Findings));
    press(&mut app, &[Key::char('!')]);
    assert_eq!(app.overlay, None);
    press(&mut app, &[key(KeyCode::F(1))]);
    assert_eq!(app.overlay, Some(Overlay::Help));
    assert_eq!(app.focus, Focus::List, "overlays do not move the focus");
}

#[test]
fn overlays_scroll_to_their_last_line_and_the_first_key_back_moves_them() {
    // At 40 columns the findings wrap to several lines each; the overlay
    // must still reach its last line, and pressing a key down past the
    // end must not bank lines that Up then has to spend.
    let mut app = app_with(broken(), 40, 12);
    press(&mut app, &[key(KeyCode::Tab), Key::char('!')]);
    assert_eq!(app.overlay, Some(Overlay::Findings));
    press(&mut app, &[key(KeyCode::End)]);
    let at_end = screen_text(&app);
    assert!(
        at_end.contains("broken`."),
        "the last line of the overlay is in view:\n{at_end}"
    );
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(screen_text(&app), at_end, "nothing lies past the end");
    assert!(
        !status_line(&app).contains("scroll down"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &[key(KeyCode::Up)]);
    assert_ne!(screen_text(&app), at_end, "one key up moves the overlay");
    assert!(
        status_line(&app).contains("scroll down"),
        "{}",
        status_line(&app)
    );

    let mut app = app_with(builtin(), 40, 12);
    press(&mut app, &[key(KeyCode::F(1)), key(KeyCode::End)]);
    let at_end = screen_text(&app);
    press(&mut app, &[key(KeyCode::PageDown)]);
    assert_eq!(screen_text(&app), at_end);
    press(&mut app, &[key(KeyCode::Up)]);
    assert_ne!(screen_text(&app), at_end, "one key up moves the help");
}

#[test]
fn narrow_windows_show_list_and_detail_by_turns() {
    let mut app = app_with(builtin(), 40, 12);
    assert!(app.areas().list.is_some() && app.areas().detail.is_none());
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.areas().list.is_none() && app.areas().detail.is_some());
    press(&mut app, &[key(KeyCode::Esc)]);
    assert!(app.areas().list.is_some());
}

#[test]
fn clicks_select_results_and_focus_panes_and_the_wheel_scrolls() {
    let mut app = app();
    // The list starts at row 3 with its border; row 5 is the third result.
    update(&mut app, Action::Click { column: 5, row: 6 });
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.selected, 2);
    update(
        &mut app,
        Action::Click {
            column: 70,
            row: 10,
        },
    );
    assert_eq!(app.focus, Focus::Detail);
    update(
        &mut app,
        Action::Wheel {
            column: 70,
            row: 10,
            down: true,
        },
    );
    assert_eq!(app.detail_scroll, 3);
    update(
        &mut app,
        Action::Wheel {
            column: 5,
            row: 6,
            down: true,
        },
    );
    assert_eq!(
        app.selected, 4,
        "the wheel over the list moves the selection"
    );
    update(&mut app, Action::Click { column: 5, row: 1 });
    assert_eq!(app.focus, Focus::Search);
    // The wheel over the detail makes it the pane the keys go to: a digit
    // after it jumps to a section, not into the search box.
    update(
        &mut app,
        Action::Wheel {
            column: 70,
            row: 10,
            down: true,
        },
    );
    assert_eq!(app.focus, Focus::Detail);
    let query = app.query.clone();
    press(&mut app, &[Key::char('4')]);
    assert_eq!(app.query, query);
    assert_eq!(app.focus, Focus::Detail);
}

#[test]
fn stale_background_results_are_dropped() {
    let mut app = background_app();
    let first = typed_for_background(&mut app, "geni");
    let second = typed_for_background(&mut app, "c");
    assert_eq!(second.query, "genic");
    assert!(second.generation > first.generation);
    update(
        &mut app,
        Action::SearchDone {
            generation: first.generation,
            hits: Default::default(),
            suggestion: None,
        },
    );
    assert_eq!(app.hits.len(), 5, "the stale answer was ignored");
    answer(&mut app, &second);
    assert_eq!(app.hits.len(), 3);
}

/// The built-in set, searched as a large one is: off the UI thread.
fn background_app() -> App {
    let mut app = app();
    app.background_search = true;
    app
}

/// Types `text` and takes the search it asks the run loop for.
fn typed_for_background(app: &mut App, text: &str) -> SearchRequest {
    type_text(app, text);
    app.pending_search.take().unwrap()
}

/// The background search's answer to `request`, as the run loop gives it.
fn answer(app: &mut App, request: &SearchRequest) {
    let hits = Arc::new(app.index().search(&request.query));
    let suggestion = app.index().suggestion_for(&request.query, &hits);
    update(
        app,
        Action::SearchDone {
            generation: request.generation,
            hits,
            suggestion,
        },
    );
}

#[test]
fn enter_pressed_before_a_background_search_answers_opens_its_top_hit() {
    let mut app = background_app();
    let request = typed_for_background(&mut app, "64633");
    // The list still holds every code, 64454 first; Enter must not open it.
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.focus, Focus::Search, "nothing opens before the answer");
    answer(&mut app, &request);
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!(shown_code(&app), "64633");

    // A key pressed while waiting means the user moved on.
    let mut app = background_app();
    let request = typed_for_background(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Down)]);
    answer(&mut app, &request);
    assert_eq!(app.focus, Focus::Search);
}

#[test]
fn back_in_the_list_the_row_under_the_marker_is_what_enter_opens() {
    let mut app = app_with(builtin(), 60, 20);
    type_text(&mut app, "64454");
    press(
        &mut app,
        &[key(KeyCode::Enter), Key::char('5'), key(KeyCode::Tab)],
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64624", "a link was followed");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.focus, Focus::Search, "back where the detail was opened");
    assert_eq!(shown_code(&app), "64454", "the selected row shows again");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64454");
    // The entry left is one step back in the history.
    press(&mut app, &[Key::alt(KeyCode::Left)]);
    assert_eq!(shown_code(&app), "64624");
    // Reached by the history from the list, the detail goes back to it.
    // Esc leaves the detail, Esc clears the query, Tab moves to the list.
    press(
        &mut app,
        &[key(KeyCode::Esc), key(KeyCode::Esc), key(KeyCode::Tab)],
    );
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!(app.focus, Focus::Detail);
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn a_taller_window_shows_the_rows_above_rather_than_blank_ones() {
    // Two rows of results at this height.
    let mut app = app_with(builtin(), 100, 8);
    press(&mut app, &[key(KeyCode::Tab), key(KeyCode::End)]);
    assert_eq!(app.selected, 4);
    assert!(app.list_offset > 0);
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    assert_eq!(app.list_offset, 0, "all five rows fit");
    // A window too small to draw leaves the list where it was.
    press(&mut app, &[key(KeyCode::Home), key(KeyCode::Down)]);
    update(
        &mut app,
        Action::Resize {
            width: 10,
            height: 4,
        },
    );
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    assert_eq!((app.selected, app.list_offset), (1, 0));
}

// ---- Snapshots ------------------------------------------------------------

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (40, 12)];

fn snapshot_at_each_size(name: &str, content: fn() -> Content, keys: &[Key], text: &str) {
    for (width, height) in SIZES {
        let mut app = app_with(content(), width, height);
        type_text(&mut app, text);
        press(&mut app, keys);
        let terminal = draw(&app);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn snapshot_start() {
    snapshot_at_each_size("start", builtin, &[], "");
}

#[test]
fn snapshot_typed_query() {
    snapshot_at_each_size("query_genic", builtin, &[], "genic");
}

#[test]
fn snapshot_detail_of_64633_at_its_modifier_table() {
    snapshot_at_each_size(
        "detail_64633_modifiers",
        builtin,
        &[key(KeyCode::Enter), Key::char('4')],
        "64633",
    );
}

#[test]
fn snapshot_help() {
    snapshot_at_each_size("help", builtin, &[key(KeyCode::F(1))], "");
}

#[test]
fn snapshot_findings() {
    snapshot_at_each_size("findings", broken, &[key(KeyCode::Tab), Key::char('!')], "");
}

#[test]
fn snapshot_tiny_terminals() {
    for (width, height) in [(20, 6), (19, 6), (30, 5)] {
        let mut app = app_with(builtin(), width, height);
        type_text(&mut app, "646");
        let terminal = draw(&app);
        insta::assert_snapshot!(format!("tiny_{width}x{height}"), terminal.backend());
    }
    // Three rows of ten show the way out before why.
    let app = app_with(builtin(), 10, 3);
    let first = screen_text(&app)
        .lines()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        first.contains("Ctrl-c") && first.contains("quits"),
        "{first}"
    );
}

#[test]
fn every_size_from_tiny_to_huge_draws_without_panic() {
    // The broken fixtures, and the built-in set (whose billing labels are
    // longer than the narrowest detail pane).
    for content in [Arc::new(broken()), Arc::new(builtin())] {
        every_size_draws(&content);
    }
}

fn every_size_draws(content: &Arc<Content>) {
    for width in [1, 5, 19, 20, 21, 39, 40, 79, 80, 81, 200] {
        for height in [1, 3, 5, 6, 7, 11, 12, 24, 60] {
            for keys in [
                vec![],
                vec![key(KeyCode::Enter), Key::char('4')],
                vec![key(KeyCode::F(1))],
                vec![key(KeyCode::Esc), Key::char('!')],
            ] {
                let mut app = app_with(Arc::clone(content), width, height);
                press(&mut app, &keys);
                let _ = draw(&app);
            }
        }
    }
}

// ---- Styles on cells ------------------------------------------------------

fn find(terminal: &Terminal<TestBackend>, text: &str) -> (u16, u16) {
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        let row: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        if let Some(byte) = row.find(text) {
            let x = row[..byte].chars().count() as u16;
            return (x, y);
        }
    }
    panic!("{text:?} not on screen:\n{}", terminal.backend());
}

#[test]
fn errata_stand_out_in_colour_and_in_words() {
    for colour in [true, false] {
        let mut app = App::new(builtin(), Theme { colour }, Rect::new(0, 0, 120, 40));
        type_text(&mut app, "64633");
        press(&mut app, &[key(KeyCode::Enter), Key::char('7')]);
        // The cautions come first; the errata below them.
        for _ in 0..10 {
            if screen_text(&app).contains("!! ERRATUM") {
                break;
            }
            press(&mut app, &[key(KeyCode::PageDown)]);
        }
        let terminal = draw(&app);
        let (x, y) = find(&terminal, "!! ERRATUM");
        let cell = &terminal.backend().buffer()[(x, y)];
        assert!(cell.modifier.contains(Modifier::BOLD));
        if colour {
            assert_eq!(cell.fg, Color::Red);
        } else {
            assert_eq!(cell.fg, Color::Reset, "NO_COLOR means no colour");
        }
    }
}

#[test]
fn without_colour_the_modifier_tables_header_does_not_look_like_a_match() {
    let mut app = App::new(builtin(), Theme { colour: false }, Rect::new(0, 0, 120, 40));
    type_text(&mut app, "50");
    press(&mut app, &[key(KeyCode::Enter), Key::char('4')]);
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let (x, y) = find(&terminal, "When to use");
    let header = buffer[(x, y)].modifier;
    let (x, y) = find(&terminal, "   50 ");
    let matched = buffer[(x + 3, y)].modifier;
    assert!(
        matched.contains(Modifier::BOLD | Modifier::UNDERLINED),
        "{matched:?}"
    );
    assert!(header.contains(Modifier::BOLD), "{header:?}");
    assert_ne!(header, matched);
}

#[test]
fn matched_characters_are_highlighted() {
    // Wide enough for the list to show "genicular" in full.
    let mut app = app_with(builtin(), 200, 30);
    type_text(&mut app, "genic");
    let terminal = draw(&app);
    let (x, y) = find(&terminal, "64624  Genicular nerve ablation");
    let x = x + "64624  ".len() as u16;
    assert!(x < 60, "found in the results list");
    let buffer = terminal.backend().buffer();
    for dx in 0..5 {
        assert_eq!(buffer[(x + dx, y)].fg, Color::Yellow);
        assert!(buffer[(x + dx, y)].modifier.contains(Modifier::UNDERLINED));
    }
    // The letters after the match are plain.
    assert_ne!(buffer[(x + 6, y)].fg, Color::Yellow);

    // A code prefix lights up the code's first characters only.
    let mut app = self::app();
    type_text(&mut app, "6463");
    let terminal = draw(&app);
    let (x, y) = find(&terminal, "64632  ");
    let buffer = terminal.backend().buffer();
    assert_eq!(buffer[(x + 3, y)].fg, Color::Yellow);
    assert_ne!(buffer[(x + 4, y)].fg, Color::Yellow);
}

#[test]
fn the_status_line_counts_content_problems() {
    let app = app_with(broken(), 100, 30);
    let terminal = draw(&app);
    let (_, y) = find(&terminal, "! 9 content problems");
    assert_eq!(y, 29);
}

#[test]
fn a_notice_from_loading_is_on_the_status_line_at_the_start() {
    let mut content = builtin();
    content
        .notices
        .push("the content cache /x.cache was ignored: it ends too soon".into());
    let app = app_with(content, 120, 30);
    let backend = TestBackend::new(120, 30);
    let mut terminal = Terminal::new(backend).unwrap();
    terminal.draw(|frame| view(&app, frame)).unwrap();
    let screen = format!("{:?}", terminal.backend().buffer());
    assert!(
        screen.contains("warning: the content cache /x.cache was ignored"),
        "{screen}"
    );
}

#[test]
fn a_warning_from_the_background_load_is_cut_with_an_ellipsis_and_kept_whole() {
    let mut app = app_with(builtin(), 80, 24);
    let notice = "the content cache /home/coder/.cache/cptref/big-32661235.cache was \
                  ignored: it ends too soon; it was written again"
        .to_owned();
    update(
        &mut app,
        Action::LoadFinished {
            notices: vec![notice.clone()],
        },
    );
    let status = status_line(&app);
    assert!(status.trim_end().ends_with('…'), "{status}");
    assert!(
        status.starts_with(" warning: the content cache"),
        "{status}"
    );
    // Kept whole, to be printed when the browser ends.
    assert_eq!(app.late_notices, [notice]);
}

// ---- Content replaced by a background load -------------------------------

/// The built-in set without the codes named.
fn builtin_without(codes: &[&str]) -> Content {
    let full = builtin();
    let entries: Vec<_> = full
        .entries
        .iter()
        .filter(|e| !codes.contains(&e.code.as_str()))
        .cloned()
        .collect();
    Content::new(entries, Vec::new(), full.registry.clone(), full.files)
}

fn replace(app: &mut App, content: Content) {
    update(
        app,
        Action::ContentReplaced(SharedContent(Arc::new(content))),
    );
}

#[test]
fn a_replaced_set_still_offers_a_spelling_put_right() {
    // Typed while only some files were read: the whole set has no match
    // either, and the misspelt word is put right as it would be typed anew.
    let mut app = app_with(builtin_without(&["64454", "64624"]), 100, 30);
    app.loading = Some("reading 5 files".into());
    type_text(&mut app, "genicluar");
    assert!(app.hits.is_empty());
    replace(&mut app, builtin());
    assert!(app.hits.is_empty());
    assert_eq!(app.suggestion.as_deref(), Some("genicular"));
    let words = screen_text(&app)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("Did you mean genicular?"), "{words}");
}

#[test]
fn a_replaced_set_keeps_the_query_and_the_selected_code() {
    // The first screen of a start that had read only some of the files.
    let mut app = app_with(builtin_without(&["64454", "64633"]), 100, 30);
    app.loading = Some("reading 5 files".into());
    type_text(&mut app, "64");
    press(&mut app, &[key(KeyCode::Down)]);
    assert_eq!(result_codes(&app), ["64624", "64632", "64640"]);
    assert_eq!(shown_code(&app), "64632");
    assert!(screen_text(&app).contains("reading 5 files…"));

    replace(&mut app, builtin());
    assert_eq!(app.query, "64");
    assert_eq!(
        result_codes(&app),
        ["64454", "64624", "64632", "64633", "64640"]
    );
    assert_eq!(shown_code(&app), "64632", "the selection stays on its code");
    assert_eq!(app.loading, None);
    assert!(!screen_text(&app).contains("reading 5 files"));
    // Nothing to say: the start had not come from the cache.
    assert_eq!(app.message, None);
    type_text(&mut app, "633");
    assert_eq!(result_codes(&app)[0], "64633", "searches use the new set");
}

#[test]
fn a_replaced_set_shows_its_own_top_hit_when_none_was_chosen() {
    // The first files had 64624 on top; the whole set puts 64454 first.
    let mut app = app_with(builtin_without(&["64454"]), 100, 30);
    type_text(&mut app, "64");
    assert_eq!(shown_code(&app), "64624");
    replace(&mut app, builtin());
    assert_eq!(app.selected, 0);
    assert_eq!(
        shown_code(&app),
        "64454",
        "the new set's top, not the old one"
    );

    // Reading the detail is a choice: the entry stays on show.
    let mut app = app_with(builtin_without(&["64454"]), 100, 30);
    type_text(&mut app, "64");
    press(&mut app, &[key(KeyCode::Enter)]);
    replace(&mut app, builtin());
    assert_eq!(shown_code(&app), "64624");
}

#[test]
fn a_replaced_set_keeps_the_pinned_entry_and_drops_history_it_lost() {
    let mut content = builtin();
    content.from_cache = true;
    let mut app = app_with(content, 100, 30);
    let index_of = |app: &App, code: &str| app.content.position(code).unwrap();
    app.pinned = Some(index_of(&app, "64640"));
    app.back = vec![
        Visit::to(index_of(&app, "64454")),
        Visit::to(index_of(&app, "64633")),
    ];
    app.focus = Focus::Detail;

    replace(&mut app, builtin_without(&["64454"]));
    assert_eq!(shown_code(&app), "64640");
    assert_eq!(app.focus, Focus::Detail);
    let back: Vec<&str> = app
        .back
        .iter()
        .map(|v| app.content.entries[v.entry].code.as_str())
        .collect();
    assert_eq!(back, ["64633"]);
    // A set shown from the cache is replaced only when files changed; the
    // word stays when the load reports it is done.
    assert!(app.message.as_deref().unwrap().contains("changed"));
    update(&mut app, Action::LoadFinished { notices: vec![] });
    assert!(app.message.as_deref().unwrap().contains("changed"));
}

#[test]
fn a_set_that_comes_during_training_waits_until_the_trainer_is_left() {
    let mut app = app();
    update(&mut app, Action::StartTraining);
    assert!(app.trainer.is_some());
    let before = Arc::clone(&app.content);
    replace(&mut app, builtin_without(&["64454"]));
    assert!(
        Arc::ptr_eq(&before, &app.content),
        "the trainer's set stays"
    );
    assert!(app.waiting_content.is_some());
    update(&mut app, Action::Back);
    assert!(app.trainer.is_none());
    assert_eq!(app.content.entries.len(), 4);
    assert_eq!(result_codes(&app).len(), 4);
}

#[test]
fn the_end_of_a_background_load_clears_the_status_and_tells_what_went_wrong() {
    let mut app = app();
    app.loading = Some("checking 5 files".into());
    assert!(screen_text(&app).contains("checking 5 files…"));
    update(&mut app, Action::LoadFinished { notices: vec![] });
    assert_eq!(app.loading, None);
    assert_eq!(app.message, None);
    app.loading = Some("checking 5 files".into());
    update(
        &mut app,
        Action::LoadFinished {
            notices: vec!["could not write the content cache /x: denied".into()],
        },
    );
    assert!(screen_text(&app).contains("warning: could not write the content cache /x: denied"));
}

#[test]
fn a_narrow_window_still_shows_a_load_in_progress() {
    let mut app = app_with(builtin(), 40, 12);
    app.loading = Some("reading 100,000 files".into());
    let status = status_line(&app);
    assert!(status.trim_end().ends_with("loading…"), "{status}");
    assert!(!status.contains("reading"), "{status}");
    let mut app = app_with(builtin(), 100, 30);
    app.loading = Some("reading 100,000 files".into());
    let status = status_line(&app);
    assert!(status.contains("reading 100,000 files…"), "{status}");
}

#[test]
fn the_shown_code_is_copied_from_the_search_box_the_list_and_the_detail() {
    let mut app = app();
    type_text(&mut app, "genic");
    press(&mut app, &[Key::ctrl('y')]);
    assert_eq!(app.clipboard.take().as_deref(), Some("64454"));
    assert_eq!(app.query, "genic", "Ctrl-y is not typed");
    // A terminal asked by OSC 52 never says whether it copied.
    assert_eq!(
        app.message.as_deref(),
        Some("Asked the terminal to copy 64454.")
    );
    // tmux says it took the code into its buffer.
    app.copy_route = CopyRoute::TmuxBuffer;
    press(&mut app, &[Key::ctrl('y')]);
    assert_eq!(app.clipboard.take().as_deref(), Some("64454"));
    assert_eq!(app.message.as_deref(), Some("Copied 64454."));
    app.copy_route = CopyRoute::TerminalRequest;
    // Esc clears the query, Tab moves to the list.
    press(
        &mut app,
        &[key(KeyCode::Esc), key(KeyCode::Tab), key(KeyCode::Down)],
    );
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &[Key::char('y')]);
    assert_eq!(app.clipboard.take().as_deref(), Some("64624"));
    press(&mut app, &[key(KeyCode::Enter), Key::char('y')]);
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!(app.clipboard.take().as_deref(), Some("64624"));
    // Nothing to copy: no result.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "zzqx");
    press(&mut app, &[Key::ctrl('y')]);
    assert_eq!(app.clipboard, None);
    assert_eq!(app.message.as_deref(), Some("No code to copy."));
}

#[test]
fn a_copy_that_is_not_the_code_searched_or_listed_says_so() {
    // 64634 has no entry; the list holds entries that mention it. From
    // the search box nothing is copied.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "64634");
    press(&mut app, &[Key::ctrl('y')]);
    assert_eq!(app.clipboard, None);
    assert_eq!(
        app.message.as_deref(),
        Some("Nothing copied: no entry has 64634; Tab to pick one of the entries that mention it.")
    );
    // Picked in the list, the row is copied, and said.
    press(&mut app, &[key(KeyCode::Tab), Key::char('y')]);
    assert_eq!(app.clipboard.take().as_deref(), Some("64633"));
    assert_eq!(
        app.message.as_deref(),
        Some("Asked the terminal to copy 64633, not 64634: no entry has 64634.")
    );
    let mut narrow = app_with(builtin(), 40, 12);
    type_text(&mut narrow, "64634");
    press(&mut narrow, &[Key::ctrl('y')]);
    assert_eq!(
        narrow.message.as_deref(),
        Some("No entry has 64634; nothing copied.")
    );
    press(&mut narrow, &[key(KeyCode::Tab), Key::char('y')]);
    assert_eq!(
        narrow.message.as_deref(),
        Some("Asked to copy 64633, not 64634.")
    );
    // A link followed from 64624's related codes: the detail shows 64454
    // while the list still points at 64624.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "64624");
    press(
        &mut app,
        &[
            key(KeyCode::Enter),
            Key::char('5'),
            key(KeyCode::Tab),
            key(KeyCode::Enter),
            Key::char('y'),
        ],
    );
    let copied = app.clipboard.take().unwrap();
    assert_ne!(copied, "64624");
    assert_eq!(
        app.message.as_deref(),
        Some(
            format!(
                "Asked the terminal to copy {copied}, the entry shown (the list points at 64624)."
            )
            .as_str()
        )
    );
}

#[test]
fn the_way_to_help_stays_on_a_short_status_line() {
    for width in [40, 60, 80, 100] {
        let mut app = app_with(builtin(), width, 24);
        press(&mut app, &[key(KeyCode::Enter)]);
        let screen = screen_text(&app);
        let status = screen.lines().last().unwrap();
        assert!(status.contains("? help"), "{width}: {status}");
    }
}

#[test]
fn slash_selects_the_query_so_the_next_code_typed_replaces_it() {
    let mut app = app();
    type_text(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.focus, Focus::Detail);
    press(&mut app, &[Key::char('/')]);
    assert!(app.query_selected);
    type_text(&mut app, "64624");
    assert_eq!(app.query, "64624");
    assert_eq!(shown_code(&app), "64624");
    // Backspace on a selected query clears it all.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "genic");
    press(
        &mut app,
        &[key(KeyCode::Enter), Key::char('/'), key(KeyCode::Backspace)],
    );
    assert_eq!(app.query, "");
    // Any other key keeps the query, and typing then goes on the end.
    type_text(&mut app, "genic");
    press(
        &mut app,
        &[key(KeyCode::Enter), Key::char('/'), key(KeyCode::Down)],
    );
    assert!(!app.query_selected);
    type_text(&mut app, "u");
    assert_eq!(app.query, "genicu");
}

#[test]
fn history_back_returns_to_the_place_left() {
    let mut app = app();
    type_text(&mut app, "64624");
    press(
        &mut app,
        &[key(KeyCode::Enter), Key::char('5'), key(KeyCode::Tab)],
    );
    let (scroll, stop) = (app.detail_scroll, app.detail_stop);
    assert!(scroll > 0 && stop.is_some());
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64454");
    assert_eq!(app.detail_scroll, 0);
    // The detail's title says where Backspace goes back to.
    assert!(screen_text(&app).contains(" 64454 ← 64624 "));
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!(shown_code(&app), "64624");
    assert_eq!((app.detail_scroll, app.detail_stop), (scroll, stop));
    // Back at the start, the title says where forward goes.
    assert!(screen_text(&app).contains(" 64624 → 64454 "));
    // And forward again, to the top of 64454 where it was left.
    press(&mut app, &[Key::alt(KeyCode::Right)]);
    assert_eq!(shown_code(&app), "64454");
    assert_eq!(app.detail_scroll, 0);
}

#[test]
fn a_place_above_the_first_section_is_kept_too() {
    // One line down the entry's heading, before any section starts: going
    // back there (or resizing) keeps the line, not the top.
    let mut app = app();
    type_text(&mut app, "64454");
    press(&mut app, &[key(KeyCode::Enter), Key::char('j')]);
    assert_eq!(app.detail_scroll, 1);
    press(&mut app, &[key(KeyCode::Esc), Key::ctrl('u')]);
    type_text(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64633");
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!(shown_code(&app), "64454");
    assert_eq!(app.detail_scroll, 1);
    update(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    assert_eq!(app.detail_scroll, 1);
}

#[test]
fn a_resize_keeps_the_section_being_read() {
    let mut app = app();
    type_text(&mut app, "64624");
    press(&mut app, &[key(KeyCode::Enter), Key::char('4')]);
    for (width, height) in [(40, 12), (200, 60), (100, 30), (40, 12)] {
        update(&mut app, Action::Resize { width, height });
        let screen = screen_text(&app);
        assert!(
            screen.contains("4 Modifiers"),
            "{width}x{height}:\n{screen}"
        );
    }
}

#[test]
fn a_resize_keeps_the_top_line_scrolled_to_past_a_match() {
    // Scrolled by the reader inside Notes, where 64624 is named further
    // down: a shorter window keeps the top line, and does not jump to the
    // match as it does for a detail still where the search opened it.
    let mut app = app();
    type_text(&mut app, "64624");
    press(&mut app, &[key(KeyCode::Enter), Key::char('7')]);
    press(&mut app, &[Key::char('j'); 10]);
    let top = app.detail_scroll;
    for height in [15, 30, 12] {
        update(&mut app, Action::Resize { width: 100, height });
        assert_eq!(app.detail_scroll, top, "at 100x{height}");
    }
}

#[test]
fn a_wider_or_narrower_window_keeps_the_text_read_near_the_top() {
    // Lines wrap anew: the place is as far through the section, not as many
    // lines into it, which at another width is other text.
    let mut app = app();
    type_text(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Home)]);
    press(&mut app, &[Key::char('j'); 20]);
    let top_words = |app: &App, rows: usize| -> String {
        screen_text(app)
            .lines()
            .skip(4)
            .take(rows)
            // The rightmost pane's text: the detail's, beside the list or
            // alone.
            .filter_map(|line| line.split('│').rev().nth(1))
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let before = top_words(&app, 1);
    assert!(!before.is_empty());
    for width in [130, 70, 100] {
        update(&mut app, Action::Resize { width, height: 30 });
        let near = top_words(&app, 3);
        let kept = before.split(' ').filter(|word| near.contains(word)).count();
        assert!(
            kept * 2 >= before.split(' ').count(),
            "at {width}: {before:?} not near the top: {near:?}"
        );
    }
    // Back at the width it was read at, the same line, however many times
    // the window went wider and narrower on the way.
    let scroll = app.detail_scroll;
    for _ in 0..3 {
        for width in [130, 70, 100] {
            update(&mut app, Action::Resize { width, height: 30 });
        }
        assert_eq!(app.detail_scroll, scroll);
        assert_eq!(top_words(&app, 1), before);
    }
}

#[test]
fn a_narrow_detail_keeps_the_way_back_on_the_status_line() {
    // At 50 columns only the detail shows: Esc is the way to the list.
    for width in [40, 50, 60, 100] {
        let mut app = app_with(builtin(), width, 15);
        type_text(&mut app, "64624");
        press(&mut app, &[key(KeyCode::Enter)]);
        let status = status_line(&app);
        assert!(
            status.contains("Esc back") && status.contains("? help"),
            "{width}: {status}"
        );
    }
}

#[test]
fn no_match_says_what_in_the_query_may_be_why() {
    // As `search` says on standard error: a misnamed filter, a kind of
    // note that is none.
    for (typed, said) in [
        ("payor:medicare", "did you mean payer:?"),
        ("kind:warning", "kind: takes caution, erratum or tip"),
    ] {
        let mut app = app_with(builtin(), 120, 30);
        type_text(&mut app, typed);
        assert!(app.hits.is_empty());
        let screen = screen_text(&app)
            .lines()
            .flat_map(|line| line.split('│'))
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(screen.contains(said), "{typed}: {screen}");
    }
}

#[test]
fn a_kind_of_note_typed_as_a_word_is_offered_as_the_filter_and_enter_takes_it() {
    let mut app = app_with(builtin(), 120, 30);
    type_text(&mut app, "errata");
    assert!(app.hits.is_empty());
    assert_eq!(app.suggestion.as_deref(), Some("kind:erratum"));
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.query, "kind:erratum");
    assert_eq!(app.hits.len(), 5);
}

#[test]
fn a_narrow_list_says_once_on_its_border_where_every_row_matched() {
    let mut app = app_with(builtin(), 80, 24);
    type_text(&mut app, "RT");
    let screen = screen_text(&app);
    assert!(screen.contains("┌ Results · modifier ─"), "{screen}");
    assert!(!screen.contains("· modifier│"), "{screen}");
    assert!(screen.contains("Genicular nerve abla…"), "{screen}");
    // Wide, or found in different ways: each row says it.
    let mut wide = app_with(builtin(), 160, 30);
    type_text(&mut wide, "RT");
    let screen = screen_text(&wide);
    assert!(screen.contains("┌ Results ─"), "{screen}");
    assert!(screen.contains(" · modifier"), "{screen}");
    // Most rows found one way: the border says it, and the row found
    // another way says its own.
    let mut app = app_with(builtin(), 80, 24);
    type_text(&mut app, "50");
    let screen = screen_text(&app);
    assert!(screen.contains("┌ Results · modifier ─"), "{screen}");
    assert!(!screen.contains("· modifier│"), "{screen}");
    assert!(screen.contains(" · notes│"), "{screen}");
    assert!(screen.contains("64624  Genicular nerve abla…│"), "{screen}");
    // A row found by its title has no tag to tell it apart: each says it.
    let mut app = app_with(builtin(), 80, 24);
    type_text(&mut app, "gen");
    let screen = screen_text(&app);
    assert!(screen.contains("┌ Results ─"), "{screen}");
    assert!(screen.contains(" · summary│"), "{screen}");
}

#[test]
fn clearing_the_query_keeps_the_selected_code() {
    let mut app = app();
    type_text(&mut app, "genic");
    press(&mut app, &[key(KeyCode::Down)]);
    assert_eq!(shown_code(&app), "64624");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.query, "");
    assert_eq!(app.hits.len(), 5);
    assert_eq!(shown_code(&app), "64624");
    // Typing afresh starts at the top again.
    type_text(&mut app, "6");
    assert_eq!(app.selected, 0);
}

#[test]
fn clearing_the_query_keeps_the_selected_code_when_the_search_runs_behind() {
    let mut app = background_app();
    let request = typed_for_background(&mut app, "genic");
    answer(&mut app, &request);
    press(&mut app, &[key(KeyCode::Down)]);
    assert_eq!(shown_code(&app), "64624");
    press(&mut app, &[key(KeyCode::Esc)]);
    let request = app.pending_search.take().unwrap();
    answer(&mut app, &request);
    assert_eq!(app.hits.len(), 5);
    assert_eq!(shown_code(&app), "64624");
}

#[test]
fn ctrl_w_deletes_the_last_word_of_the_query() {
    let mut app = app();
    type_text(&mut app, "genicular ablation  ");
    press(&mut app, &[Key::ctrl('w')]);
    assert_eq!(app.query, "genicular ");
    press(&mut app, &[Key::ctrl('w')]);
    assert_eq!(app.query, "");
    assert_eq!(app.hits.len(), 5);
    press(&mut app, &[Key::ctrl('w')]);
    assert_eq!(app.query, "");
}

#[test]
fn the_search_box_cursor_moves_and_edits_where_it_is() {
    let mut app = app();
    type_text(&mut app, "genicular ablation");
    // Back to the start of the second word, and a word typed before it.
    press(&mut app, &[Key::ctrl('w')]);
    type_text(&mut app, "ablation");
    for _ in 0.."ablation".len() {
        press(&mut app, &[key(KeyCode::Left)]);
    }
    type_text(&mut app, "nerve ");
    assert_eq!(app.query, "genicular nerve ablation");
    assert_eq!(app.cursor, "genicular nerve ".len());
    // The results are a fresh search's for the edited query.
    let fresh: Vec<usize> = app
        .index()
        .search(&app.query)
        .iter()
        .map(|h| h.entry)
        .collect();
    let shown: Vec<usize> = app.hits.iter().map(|h| h.entry).collect();
    assert_eq!(shown, fresh);
    assert_eq!(result_codes(&app)[0], "64624");
    // Ctrl-w takes the word before the cursor, not the last one.
    press(&mut app, &[Key::ctrl('w')]);
    assert_eq!(app.query, "genicular ablation");
    // Home, Delete, End, Backspace.
    press(&mut app, &[key(KeyCode::Home), key(KeyCode::Delete)]);
    assert_eq!((app.query.as_str(), app.cursor), ("enicular ablation", 0));
    press(&mut app, &[key(KeyCode::Left), key(KeyCode::Backspace)]);
    assert_eq!(app.query, "enicular ablation");
    press(&mut app, &[key(KeyCode::End), key(KeyCode::Delete)]);
    assert_eq!(app.query, "enicular ablation");
    press(&mut app, &[key(KeyCode::Backspace), key(KeyCode::Right)]);
    assert_eq!((app.query.as_str(), app.cursor), ("enicular ablatio", 16));
    // Readline's keys do the same.
    press(&mut app, &[Key::ctrl('a'), Key::ctrl('f'), Key::ctrl('f')]);
    assert_eq!(app.cursor, 2);
    press(&mut app, &[Key::ctrl('b'), Key::ctrl('e')]);
    assert_eq!(app.cursor, app.query.len());
}

#[test]
fn the_search_box_cursor_steps_over_whole_characters() {
    let mut app = app();
    // An en dash (three bytes) and an e with a combining accent (one
    // character on screen, two chars).
    type_text(&mut app, "a\u{2013}e\u{301}z");
    press(&mut app, &[key(KeyCode::Left), key(KeyCode::Left)]);
    assert_eq!(app.cursor, "a\u{2013}".len());
    press(&mut app, &[key(KeyCode::Delete)]);
    assert_eq!(app.query, "a\u{2013}z");
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!((app.query.as_str(), app.cursor), ("az", 1));
    // The screen's cursor sits after what is before it: the prompt and `a`.
    let mut terminal = draw(&app);
    let position = terminal.get_cursor_position().unwrap();
    assert_eq!((position.x, position.y), (1 + 2 + 1, 1));
}

#[test]
fn a_long_query_keeps_the_cursor_in_view() {
    let mut app = app_with(builtin(), 40, 12);
    let query = "genicular nerve radiofrequency ablation of the knee";
    type_text(&mut app, query);
    let row = |app: &App| screen_text(app).lines().nth(1).unwrap().to_owned();
    // At the end: the end of the query shows, after a `…` for the rest,
    // and the screen's cursor is after it, in the last cell.
    assert!(row(&app).contains("/ …"), "{}", row(&app));
    assert!(
        row(&app).contains("ablation of the knee │"),
        "{}",
        row(&app)
    );
    assert!(!row(&app).contains("genicular"), "{}", row(&app));
    let mut terminal = draw(&app);
    assert_eq!(terminal.get_cursor_position().unwrap().x, 38);
    // At the start: the start shows, a `…` at the end, and the screen's
    // cursor is on the first letter.
    press(&mut app, &[key(KeyCode::Home)]);
    assert!(row(&app).contains("/ genicular nerve"), "{}", row(&app));
    assert!(row(&app).ends_with("…│"), "{}", row(&app));
    let mut terminal = draw(&app);
    assert_eq!(terminal.get_cursor_position().unwrap().x, 1 + 2);
    // A query that fits has neither.
    press(&mut app, &[Key::ctrl('u')]);
    type_text(&mut app, "genicular");
    assert!(!row(&app).contains('…'), "{}", row(&app));
    // Letters two cells wide: as many whole ones as fit, the cursor after.
    press(&mut app, &[Key::ctrl('u')]);
    type_text(&mut app, &"膝".repeat(30));
    assert!(row(&app).contains("/ …膝"), "{}", row(&app));
    assert_eq!(row(&app).matches('膝').count(), 17, "{}", row(&app));
    let mut terminal = draw(&app);
    assert_eq!(terminal.get_cursor_position().unwrap().x, 1 + 2 + 1 + 34);
}

#[test]
fn after_slash_the_arrows_put_the_cursor_at_either_end() {
    let mut app = app();
    type_text(&mut app, "genic");
    press(
        &mut app,
        &[key(KeyCode::Enter), Key::char('/'), key(KeyCode::Left)],
    );
    assert!(!app.query_selected);
    assert_eq!(app.cursor, 0);
    type_text(&mut app, "x ");
    assert_eq!(app.query, "x genic");
    press(
        &mut app,
        &[key(KeyCode::Enter), Key::char('/'), key(KeyCode::Right)],
    );
    type_text(&mut app, "u");
    assert_eq!(app.query, "x genicu");
    // A letter typed from the list goes on the end, wherever the cursor was.
    press(&mut app, &[key(KeyCode::Home)]);
    app.focus = Focus::List;
    press(&mut app, &[Key::char('l')]);
    assert_eq!(app.query, "x genicul");
}

#[test]
fn help_wraps_rather_than_cuts_in_a_narrow_window() {
    let mut app = app_with(builtin(), 40, 12);
    // More keys than their column holds, as a configuration may give.
    let setting = |key: &str| cptref::config::KeySetting {
        part: "list".into(),
        key: key.into(),
        action: Some(Action::CopyCode),
        at: None,
    };
    app.keymap = cptref::tui::keymap::Keymap::configured(&[
        setting("c"),
        setting("Ctrl-Shift-F5"),
        setting("Alt-PgDn"),
    ])
    .unwrap();
    for width in [20, 36, 60, 74] {
        let lines = cptref::tui::screen::help::lines(&app, width);
        assert!(lines.iter().all(|l| l.width() <= width), "{width}");
        let words: String = lines
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for label in [
            "previous section or link",
            "6 to Diagnoses (ICD-10-CM)",
            "type into the search",
            "content problems",
            "c, Ctrl-Shift-F5, Alt-PgDn, y, Ctrl-y copy code",
        ] {
            assert!(words.contains(label), "{width}: {label} in {words}");
        }
    }
    // Wide enough for a label on one line, its words are single-spaced.
    let wide = cptref::tui::screen::help::lines(&app, 200);
    assert!(
        wide.iter().any(|l| l
            .to_string()
            .contains("the end of the query, in the search box")),
        "{wide:?}"
    );
}

#[test]
fn esc_right_after_slash_takes_it_back_and_arrows_keep_the_query() {
    let mut app = app();
    type_text(&mut app, "genic");
    press(
        &mut app,
        &[key(KeyCode::Down), key(KeyCode::Enter), Key::char('4')],
    );
    let (scroll, code) = (app.detail_scroll, shown_code(&app));
    assert!(scroll > 0);
    press(&mut app, &[Key::char('/')]);
    let status = status_line(&app);
    assert!(status.contains("Esc back"), "{status}");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!(app.query, "genic");
    assert_eq!((app.detail_scroll, shown_code(&app)), (scroll, code));
    // With no query too.
    let mut empty = app_with(builtin(), 100, 30);
    press(
        &mut empty,
        &[key(KeyCode::Enter), Key::char('/'), key(KeyCode::Esc)],
    );
    assert_eq!(empty.focus, Focus::Detail);
    // → keeps the query selected by `/`, and typing goes on its end.
    press(&mut app, &[Key::char('/'), key(KeyCode::Right)]);
    assert!(!app.query_selected);
    type_text(&mut app, "u");
    assert_eq!(app.query, "genicu");
    // Ctrl-u clears from the list too (reached with the mouse, say).
    app.focus = Focus::List;
    press(&mut app, &[Key::ctrl('u')]);
    assert_eq!(app.query, "");
}

#[test]
fn a_code_whose_file_did_not_load_is_named_on_the_status_line() {
    let mut app = app_with(broken(), 100, 30);
    type_text(&mut app, "10002");
    let status = status_line(&app);
    assert!(
        status.contains("10002.toml did not load (F2 lists why)."),
        "{status}"
    );
    // The detail pane, with nothing to show, says why as well.
    let words = screen_text(&app)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("No code matches the search: ")
            && words.matches("did not load").count() == 2,
        "{words}"
    );
    // A window too narrow for the whole of it beside the problems' count
    // gets the file by name, then the key alone, whole, and the short count.
    for (width, said) in [
        (60, "10002.toml did not load (F2 lists why)."),
        (40, "10002.toml did not load (F2)."),
    ] {
        let mut app = app_with(broken(), width, 20);
        type_text(&mut app, "10002");
        let status = status_line(&app);
        assert!(status.starts_with(&format!(" {said}")), "{status}");
        let count = format!(" ! {}", app.content.findings.len());
        assert!(status.trim_end().ends_with(&count), "{status}");
    }
    // A code that loaded, or one no file is named after, gets the keys.
    let mut app = app_with(broken(), 100, 30);
    type_text(&mut app, "10001");
    assert!(!screen_text(&app).contains("did not load"));

    // Another file with the code stands in: named too.
    let folder = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string("content/64624.toml").unwrap();
    std::fs::write(folder.path().join("copy.toml"), &good).unwrap();
    std::fs::write(
        folder.path().join("64624.toml"),
        good.replacen("title =", "title = =", 1),
    )
    .unwrap();
    let content = load(&ContentSource::Folder(folder.path().to_owned())).unwrap();
    let mut app = app_with(content, 200, 30);
    type_text(&mut app, "64624");
    let status = status_line(&app);
    assert!(
        status.contains("64624.toml did not load; shown: ") && status.contains("copy.toml"),
        "{status}"
    );
    // Narrower, the message stays whole: the files by name, then the
    // other file unsaid.
    for (width, said) in [
        (60, " 64624.toml did not load; shown: copy.toml (F2)."),
        (40, " 64624.toml did not load (F2)."),
    ] {
        update(&mut app, Action::Resize { width, height: 20 });
        let status = status_line(&app);
        assert!(status.starts_with(said), "{status}");
    }
}

#[test]
fn a_resize_deep_into_a_section_stays_within_it() {
    let mut app = app_with(builtin(), 40, 12);
    type_text(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Enter)]);
    for _ in 0..30 {
        press(&mut app, &[key(KeyCode::Down)]);
    }
    // Thirty lines into the summary at 40 columns; at 200 the summary is a
    // few lines, and the view stays at its end, not in a later section.
    update(
        &mut app,
        Action::Resize {
            width: 200,
            height: 60,
        },
    );
    let screen = screen_text(&app);
    assert!(screen.contains("2 Billing"), "{screen}");
    assert!(!screen.contains("1 Summary"), "{screen}");
}

#[test]
fn a_code_with_no_entry_is_said_under_the_entries_that_mention_it() {
    let mut app = app();
    type_text(&mut app, "64625");
    assert_eq!(result_codes(&app), ["64640", "64624"]);
    let screen = screen_text(&app);
    assert!(
        screen.contains("no entry for 64625; these mention it"),
        "{screen}"
    );
    // A code that has an entry, or the start of one, says nothing.
    press(&mut app, &[key(KeyCode::Backspace)]);
    type_text(&mut app, "4");
    assert!(!screen_text(&app).contains("no entry for"));
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert!(!screen_text(&app).contains("no entry for"));
    // A narrow list says less rather than cut it.
    let mut app = app_with(builtin(), 80, 24);
    type_text(&mut app, "64625");
    let screen = screen_text(&app);
    assert!(screen.contains("└ no entry for 64625 ─"), "{screen}");
}

#[test]
fn a_long_title_with_nothing_lit_keeps_its_end_after_a_cut() {
    let app = app_with(builtin(), 80, 24);
    let screen = screen_text(&app);
    // Titles that start alike stay apart: where the words that tell them
    // apart do not fit, by their starts as far as the row goes; else by
    // their ends, whole words on both sides of the cut.
    for row in [
        "64454  Genicular nerve bloc…",
        "64624  Genicular nerve abla…",
        "64632  Morton’s…nerve",
        "64633  Facet…with imaging",
        "64640  Peripheral…of its own",
    ] {
        assert!(screen.contains(row), "{row}\n{screen}");
    }
}

#[test]
fn question_mark_in_an_empty_search_box_opens_help_and_types_after_words() {
    let mut app = app();
    type_text(&mut app, "?");
    assert!(app.query.is_empty());
    assert!(screen_text(&app).contains(" Keys "));
    press(&mut app, &[key(KeyCode::Esc)]);
    type_text(&mut app, "knee?");
    assert_eq!(app.query, "knee?");
}

#[test]
fn with_no_result_the_status_line_offers_nothing_to_move_to_or_open() {
    let mut app = app();
    type_text(&mut app, "zzqx");
    assert!(app.hits.is_empty());
    let status = status_line(&app);
    assert!(!status.contains("next result"), "{status}");
    assert!(!status.contains("open"), "{status}");
    assert!(status.contains("Esc clear"), "{status}");
}

#[test]
fn a_result_found_below_the_top_opens_at_the_section_that_has_it() {
    let mut app = app();
    type_text(&mut app, "payer:anthem");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.focus, Focus::Detail);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Opened at Payers, where the search found it."),
        "{screen}"
    );
    // Scrolled as far as the section, or the end, allows.
    assert!(app.detail_scroll > 0);
    assert!(screen.contains("8 Payers"), "{screen}");
    assert!(!screen.contains("1 Summary"), "{screen}");
    // Within a long section, the first line with the word is brought into
    // view: 64633's tip is its notes' last.
    let mut app = app_with(builtin(), 100, 24);
    type_text(&mut app, "accepted");
    press(&mut app, &[key(KeyCode::Enter)]);
    let screen = screen_text(&app);
    assert!(screen.contains("TIP: Symptom codes M54.2"), "{screen}");
    assert!(screen.contains("are accepted by some"), "{screen}");
    // A title match opens at the top, with nothing said.
    let mut app = self::app();
    type_text(&mut app, "genic");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.detail_scroll, 0);
    assert!(app.message.is_none());
}

#[test]
fn a_paste_is_typed_into_the_search_box_and_its_keys_do_nothing() {
    let mut app = app();
    // A paste of two lines ending in `q`: one query, no Enter, no quit.
    update(&mut app, Action::Paste("genicular\nabl\tq".into()));
    assert_eq!(app.query, "genicular abl q");
    assert_eq!(app.focus, Focus::Search);
    assert!(!app.should_quit);
    // Pasted from the list, it goes on the query's end, as typing does.
    press(&mut app, &[key(KeyCode::Esc)]);
    app.focus = Focus::List;
    update(&mut app, Action::Paste("64624\r\n".into()));
    assert_eq!(app.focus, Focus::Search);
    assert_eq!(app.query.trim_end(), "64624");
    assert_eq!(result_codes(&app)[0], "64624");
}

#[test]
fn a_paste_while_reading_an_entry_is_a_new_search_that_esc_takes_back() {
    let mut app = app();
    type_text(&mut app, "genic");
    press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Down)]);
    let (code, place) = (shown_code(&app), app.detail_scroll);
    update(&mut app, Action::Paste("knee pain\n".into()));
    assert_eq!(
        (app.focus, app.query.as_str()),
        (Focus::Search, "knee pain")
    );
    assert_eq!(
        app.message.as_deref(),
        Some(format!("A new search; Esc goes back to {code}.").as_str())
    );
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!((shown_code(&app), app.detail_scroll), (code, place));
    assert_eq!(app.query, "genic");
}

#[test]
fn no_match_while_the_rest_is_still_read_says_not_yet() {
    let mut app = app();
    app.loading = Some("reading 20,000 files".into());
    type_text(&mut app, "zzqx");
    let screen = screen_text(&app);
    assert!(screen.contains("No match yet."), "{screen}");
    assert!(screen.contains("still being read"), "{screen}");
    update(&mut app, Action::LoadFinished { notices: vec![] });
    let screen = screen_text(&app);
    assert!(
        screen.contains("No match.") && !screen.contains("yet"),
        "{screen}"
    );
}

#[test]
fn a_section_key_on_an_entry_that_could_not_be_read_again_says_so() {
    let root = tempfile::tempdir().unwrap();
    let (folder, cache) = (root.path().join("content"), root.path().join("cache"));
    std::fs::create_dir(&folder).unwrap();
    for name in ["64624.toml", "64454.toml"] {
        std::fs::copy(format!("content/{name}"), folder.join(name)).unwrap();
    }
    let source = ContentSource::Folder(folder.clone());
    cptref::loader::load_cached(&source, &cache).unwrap();
    let cached = cptref::loader::load_cached(&source, &cache).unwrap();
    assert!(cached.from_cache);
    std::fs::remove_file(folder.join("64624.toml")).unwrap();
    let mut app = app_with(cached, 100, 30);
    type_text(&mut app, "64624");
    press(&mut app, &[key(KeyCode::Enter), Key::char('4')]);
    assert_eq!(
        app.message.as_deref(),
        Some("64624 could not be read again; its summary says why.")
    );
    // Nor is a case made of it for the trainer.
    press(&mut app, &[Key::char('t')]);
    assert!(app.trainer.is_none());
    assert_eq!(
        app.message.as_deref(),
        Some("64624 could not be read again, so it has no case to train on; its summary says why.")
    );
}

#[test]
fn a_claim_line_opens_at_the_modifier_table_and_says_what_it_lacks() {
    let mut app = app_with(builtin(), 100, 16);
    type_text(&mut app, "64624-LT");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64624");
    assert_eq!(app.message.as_deref(), Some("Opened at Modifiers for LT."));
    let screen = screen_text(&app);
    assert!(screen.contains("4 Modifiers"), "{screen}");
    assert!(
        screen.lines().any(|line| line.contains("│   LT ")),
        "the LT row is in view:\n{screen}"
    );

    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "64632-50");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(
        app.message.as_deref(),
        Some("64632's modifier table does not list 50.")
    );

    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "64624-11");
    assert_eq!(result_codes(&app)[0], "64624", "not a range back to 11");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(
        app.message.as_deref(),
        Some("11 is not a modifier: it is place of service 11 (an office).")
    );

    // A modifier a folder's entry lists that the registry lacks: opened at
    // its row all the same, and said to be unknown to the registry only.
    let folder = tempfile::tempdir().unwrap();
    let text = common::genicular_ablation_with_modifier_76();
    std::fs::write(folder.path().join("64624.toml"), text).unwrap();
    let content = load(&ContentSource::Folder(folder.path().to_owned())).unwrap();
    let mut app = app_with(content, 100, 16);
    type_text(&mut app, "64624-76");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(
        app.message.as_deref(),
        Some(
            "Opened at Modifiers for 76. 76 is in its modifier table, but is not a modifier \
             cptref knows."
        )
    );
    let screen = screen_text(&app);
    assert!(
        screen.lines().any(|line| line.contains("│   76 ")),
        "the 76 row is in view:\n{screen}"
    );
}

#[test]
fn the_search_hint_is_whole_in_a_narrow_window() {
    let app = app_with(builtin(), 20, 6);
    let screen = screen_text(&app);
    assert!(screen.contains("/ code or words "), "{screen}");
}

#[test]
fn a_click_on_a_related_code_opens_it() {
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "64624");
    press(&mut app, &[key(KeyCode::Enter), Key::char('5')]);
    let screen = screen_text(&app);
    let (row, text) = screen
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains("→ 64454"))
        .expect("the link is in view");
    let column = text[..text.find("→ 64454").unwrap()].chars().count() + 2;
    // A click on the heading above it opens nothing.
    update(
        &mut app,
        Action::Click {
            column: column as u16,
            row: row as u16 - 1,
        },
    );
    assert_eq!(shown_code(&app), "64624");
    // On the line its reason wraps onto, or on its code: it opens.
    update(
        &mut app,
        Action::Click {
            column: column as u16 + 10,
            row: row as u16 + 1,
        },
    );
    assert_eq!(shown_code(&app), "64454");
    press(&mut app, &[Key::alt(KeyCode::Left)]);
    assert_eq!(shown_code(&app), "64624");
}

#[test]
fn the_detail_marks_the_words_searched_and_n_moves_between_them() {
    let mut app = app_with(builtin(), 100, 24);
    type_text(&mut app, "64999");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64633");
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    // In the detail, right of the list, below the search box.
    let (x, y) = (3..buffer.area.height)
        .find_map(|y| {
            let row: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            let byte = row.rfind("64999")?;
            let x = row[..byte].chars().count() as u16;
            (x > 40).then_some((x, y))
        })
        .expect("64999 in the detail");
    for dx in 0..5 {
        assert!(buffer[(x + dx, y)].modifier.contains(Modifier::UNDERLINED));
    }
    assert!(!buffer[(x + 5, y)].modifier.contains(Modifier::UNDERLINED));
    let status = status_line(&app);
    assert!(status.contains("n next match"), "{status}");

    // The first is below the top lines: n brings it up, then the next.
    press(&mut app, &[Key::char('n')]);
    assert_eq!(app.message.as_deref(), Some("Match 1 of 5."));
    press(&mut app, &[Key::char('n')]);
    assert_eq!(app.message.as_deref(), Some("Match 2 of 5."));
    let doc = app.detail_document(app.areas().detail.unwrap());
    assert!(
        doc.lines[app.detail_scroll + 2]
            .to_string()
            .contains("64999")
    );
    press(&mut app, &[Key::char('N')]);
    assert_eq!(app.message.as_deref(), Some("Match 1 of 5."));
    let first = app.detail_scroll;
    press(&mut app, &[Key::char('N')]);
    assert_eq!(app.detail_scroll, first);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("No more matches above")
    );
    press(&mut app, &[key(KeyCode::End), Key::char('n')]);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("No more matches below")
    );

    // One letter marks nothing, and n says why it has nothing to find.
    let mut app = app_with(builtin(), 100, 24);
    type_text(&mut app, "6");
    press(&mut app, &[key(KeyCode::Enter), Key::char('n')]);
    assert_eq!(
        app.message.as_deref(),
        Some("The search has no word of two characters or more to find here; n and N find those.")
    );
    // With no search at all, it says to search.
    let mut app = app_with(builtin(), 100, 24);
    press(
        &mut app,
        &[key(KeyCode::Tab), key(KeyCode::Enter), Key::char('n')],
    );
    assert_eq!(
        app.message.as_deref(),
        Some("Search for words first; n and N then find them here.")
    );
}

#[test]
fn the_results_count_groups_thousands() {
    let files = (0..1200)
        .map(|i| {
            cptref::loader::SourceFile::toml(
                &format!("{i}.toml"),
                &format!(
                    "code = \"{:05}\"\ntitle = \"Made up\"\nsummary = \"s\"\n[billing]\noverview = \"o\"\n[clinical]\nscenario = \"c\"\n",
                    10000 + i
                ),
            )
        })
        .collect();
    let content = cptref::loader::load_files(files, cptref::registry::Registry::builtin());
    let app = app_with(content, 100, 30);
    assert!(
        screen_text(&app).contains("1/1,200"),
        "{}",
        screen_text(&app)
    );
}

#[test]
fn backspace_goes_back_to_the_entry_read_before_another_was_opened() {
    let mut app = app();
    type_text(&mut app, "64454");
    press(&mut app, &[key(KeyCode::Enter), Key::char('4')]);
    let place = app.detail_scroll;
    assert!(place > 0);
    // Back to the search, another code opened: the first is one step back,
    // at the place it was read.
    press(&mut app, &[key(KeyCode::Esc), Key::ctrl('u')]);
    type_text(&mut app, "64633");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64633");
    press(&mut app, &[key(KeyCode::Backspace)]);
    assert_eq!(shown_code(&app), "64454");
    assert_eq!(app.detail_scroll, place);
    press(&mut app, &[Key::alt(KeyCode::Right)]);
    assert_eq!(shown_code(&app), "64633");
    // Left with `/` for a new search, the same.
    let mut app = self::app();
    type_text(&mut app, "64454");
    press(&mut app, &[key(KeyCode::Enter), Key::char('/')]);
    type_text(&mut app, "64632");
    press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Backspace)]);
    assert_eq!(shown_code(&app), "64454");
    // The same entry opened again is no step.
    press(&mut app, &[key(KeyCode::Esc), key(KeyCode::Esc)]);
    let mut app = self::app();
    type_text(&mut app, "64454");
    press(
        &mut app,
        &[key(KeyCode::Enter), key(KeyCode::Esc), key(KeyCode::Enter)],
    );
    assert!(app.back.is_empty());
}

#[test]
fn help_opens_at_the_keys_of_where_it_was_opened_from() {
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "genic");
    press(&mut app, &[key(KeyCode::Enter), Key::char('?')]);
    assert_eq!(app.overlay, Some(Overlay::Help));
    // The first line inside the box: the detail's heading.
    let screen = screen_text(&app);
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .position(|line| line.contains("┌ Keys"))
        .unwrap();
    assert!(lines[top + 1].contains("│Detail"), "{screen}");
}

#[test]
fn the_help_keeps_the_entry_read_at_its_top_through_a_resize() {
    let mut app = app_with(builtin(), 100, 30);
    press(&mut app, &[key(KeyCode::Tab), Key::char('?')]);
    assert_eq!(app.overlay, Some(Overlay::Help));
    press(&mut app, &[key(KeyCode::PageDown), key(KeyCode::Down)]);
    // The overlay's first line inside its box.
    let top = |app: &App| {
        let screen = screen_text(app);
        let lines: Vec<Vec<char>> = screen.lines().map(|line| line.chars().collect()).collect();
        let (row, column) = lines
            .iter()
            .enumerate()
            .find_map(|(row, line)| {
                let text: String = line.iter().collect();
                let byte = text.find("┌ Keys")?;
                Some((row, text[..byte].chars().count()))
            })
            .unwrap_or_else(|| panic!("no help box:\n{screen}"));
        let inside: String = lines[row + 1][column + 1..]
            .iter()
            .take_while(|c| **c != '│')
            .collect();
        inside.trim_end().to_owned()
    };
    // The first line of an entry (not one of its label's wrapped lines,
    // which sit under the label, far in).
    let mut read = top(&app);
    while read.trim().is_empty() || read.starts_with(&" ".repeat(10)) {
        press(&mut app, &[key(KeyCode::Down)]);
        read = top(&app);
    }
    for (width, height) in [(40, 12), (200, 60), (100, 30)] {
        update(&mut app, Action::Resize { width, height });
        let now = top(&app);
        // The same entry: its keys, its first word (a narrow box puts the
        // label on a line of its own).
        let first = |text: &str| {
            text.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(first(&now), first(&read), "at {width}×{height}");
    }
}

#[test]
fn a_claim_lines_message_is_whole_in_a_narrow_window_and_a_filter_opens_at_its_row() {
    let mut app = app_with(builtin(), 40, 12);
    type_text(&mut app, "64624-59");
    press(&mut app, &[key(KeyCode::Enter)]);
    let status = status_line(&app);
    assert_eq!(app.message.as_deref(), Some("Not in its table: 59."));
    assert!(status.contains("Not in its table: 59."), "{status}");
    // Widened, the window has room for the message in full again.
    update(
        &mut app,
        Action::Resize {
            width: 120,
            height: 30,
        },
    );
    let message = app.message.clone().unwrap();
    assert!(message.len() > "Not in its table: 59.".len(), "{message}");
    let status = status_line(&app);
    assert!(status.contains(&message), "{message:?} cut: {status:?}");
    // `mod:59` opens 64640 with the 59 row in view, not only the section.
    let app = opened_by_mod_59(80, 24);
    let screen = screen_text(&app);
    assert!(
        screen.lines().any(|line| line.contains("│   59 ")),
        "the 59 row is in view:\n{screen}"
    );
}

/// The built-in set in a window of `width` by `height`, `mod:59` searched
/// for and its first result, 64640, opened.
fn opened_by_mod_59(width: u16, height: u16) -> App {
    let mut app = app_with(builtin(), width, height);
    type_text(&mut app, "mod:59");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64640");
    app
}

#[test]
fn the_row_a_filter_opened_at_stays_in_view_through_a_resize() {
    let mut app = opened_by_mod_59(100, 30);
    for (width, height) in [(40, 12), (30, 10), (200, 60), (40, 12)] {
        update(&mut app, Action::Resize { width, height });
        let screen = screen_text(&app);
        assert!(
            screen.lines().any(|line| line.contains(" 59 ")),
            "{width}x{height}: the 59 row is in view:\n{screen}"
        );
    }
}

#[test]
fn a_claim_copied_with_spaces_keeps_every_modifier() {
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "64624 lt rt");
    assert_eq!(result_codes(&app)[0], "64624");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(
        app.message.as_deref(),
        Some("Opened at Modifiers for LT, RT.")
    );
    // A filter's message is whole at 40 columns.
    let mut app = app_with(builtin(), 40, 12);
    type_text(&mut app, "mod:59");
    press(&mut app, &[key(KeyCode::Enter)]);
    let status = status_line(&app);
    let message = app.message.clone().unwrap();
    assert!(status.contains(&message), "{message:?} cut: {status:?}");
}

#[test]
fn a_place_of_service_or_a_modifier_no_table_lists_is_said_in_the_list() {
    // `24` finds the entries whose site of service names POS 24: the list
    // says what 24 is, as its narrow border has room for.
    let mut app = self::app();
    type_text(&mut app, "24");
    assert!(!app.hits.is_empty());
    let screen = screen_text(&app);
    assert!(
        screen.contains("└ POS 24: ambulatory surgical center ─"),
        "{screen}"
    );
    // 19 is said by its abbreviation where the place's words do not fit;
    // 22 is a modifier first.
    press(
        &mut app,
        &[key(KeyCode::Backspace), key(KeyCode::Backspace)],
    );
    type_text(&mut app, "19");
    assert!(screen_text(&app).contains("└ POS 19: HOPD ─"));
    press(
        &mut app,
        &[key(KeyCode::Backspace), key(KeyCode::Backspace)],
    );
    type_text(&mut app, "22");
    assert!(screen_text(&app).contains("└ 22 is also POS 22: HOPD ─"));
    // A modifier the registry has and lists in tables says nothing.
    press(
        &mut app,
        &[key(KeyCode::Backspace), key(KeyCode::Backspace)],
    );
    type_text(&mut app, "50");
    assert!(!screen_text(&app).contains("POS"));
    // With nothing found, the list says why in full.
    let mut app = self::app();
    type_text(&mut app, "mod:11");
    assert!(app.hits.is_empty());
    let screen = list_pane_words(&app);
    assert!(
        screen.contains("11 is not a modifier: it is place of service 11 (an office)"),
        "{screen}"
    );
    let mut app = self::app();
    type_text(&mut app, "mod:tc");
    let screen = list_pane_words(&app);
    assert!(
        screen.contains("no entry's modifier table lists it"),
        "{screen}"
    );
}

/// The words of the results pane, row after row, as one line: what it says
/// wrapped, read as a sentence.
fn list_pane_words(app: &App) -> String {
    let screen = screen_text(app);
    let list: Vec<&str> = screen
        .lines()
        .filter_map(|row| row.split_once("││").map(|(list, _)| list))
        .map(|list| list.trim_start_matches('│'))
        .collect();
    list.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_payer_filter_no_list_matches_says_so_in_the_list() {
    let mut app = self::app();
    type_text(&mut app, "payer:aetna");
    assert!(app.hits.is_empty());
    let words = list_pane_words(&app);
    assert!(
        words.contains("no entry lists a payer named `aetna` (payer: looks in payer lists)"),
        "{words}"
    );
}

#[test]
fn a_claim_lines_modifier_is_said_under_the_list_before_the_code_is_opened() {
    let mut app = self::app();
    type_text(&mut app, "64632-TC");
    assert_eq!(result_codes(&app)[0], "64632");
    assert!(screen_text(&app).contains("└ its table does not list TC ─"));
    let mut app = app_with(builtin(), 160, 30);
    type_text(&mut app, "64624-58");
    assert!(
        screen_text(&app).contains("└ 58 is not a modifier cptref knows; 64624 was searched for ─")
    );
    // One its table lists says nothing.
    let mut app = self::app();
    type_text(&mut app, "64624-RT");
    assert!(!screen_text(&app).contains("└ 64624"));
    assert!(!screen_text(&app).contains("table does not list"));
}

#[test]
fn a_filter_with_no_value_yet_says_what_it_needs_under_the_list() {
    let mut app = app_with(builtin(), 160, 30);
    type_text(&mut app, "payer:");
    assert_eq!(app.hits.len(), 5);
    assert!(
        screen_text(&app).contains("└ `payer:` needs a value, as in `payer:medicare` ─"),
        "{}",
        screen_text(&app)
    );
    type_text(&mut app, "anthem");
    assert!(!screen_text(&app).contains("needs a value"));
}

#[test]
fn a_row_found_elsewhere_too_lights_its_title_words() {
    // `steroid` is in 64624's text, not its title: the row is tagged where
    // that word is, and Genicular is still lit in its title.
    let mut app = app_with(builtin(), 100, 24);
    type_text(&mut app, "genicular steroid");
    let at = row_of(&app, "64624");
    assert_ne!(app.hits[at].field, cptref::search::Field::Title);
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let (x, y) = (3..buffer.area.height)
        .find_map(|y| {
            let row: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            let byte = row.find("64624  Genicular")?;
            Some((row[..byte].chars().count() as u16 + 7, y))
        })
        .expect("64624's row");
    for dx in 0..9 {
        assert!(buffer[(x + dx, y)].modifier.contains(Modifier::UNDERLINED));
    }
    assert!(!buffer[(x + 10, y)].modifier.contains(Modifier::UNDERLINED));
    // A whole title keeps its tag beside it; one cut short, at the row's
    // end, where such tags line up.
    let mut wide = app_with(builtin(), 200, 30);
    type_text(&mut wide, "genicular steroid");
    assert!(
        screen_text(&wide).contains("for knee pain · scenario  "),
        "{}",
        screen_text(&wide)
    );
    let mut narrow = app_with(builtin(), 80, 24);
    type_text(&mut narrow, "50");
    assert!(
        screen_text(&narrow).contains(" · notes│"),
        "{}",
        screen_text(&narrow)
    );
}

#[test]
fn a_summary_hit_opens_at_the_sentence_below_the_window() {
    // 64454 is a summary hit of `genicular ablation`: "ablation" is in the
    // last paragraph of its summary, below an 80×24 window.
    let mut app = app_with(builtin(), 80, 24);
    type_text(&mut app, "genicular ablation");
    let at = row_of(&app, "64454");
    assert_eq!(app.hits[at].field, cptref::search::Field::Summary);
    app.selected = at;
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.detail_scroll > 0);
    assert_eq!(
        app.message.as_deref(),
        Some("Opened at Summary, where the search found it.")
    );
    assert!(
        screen_text(&app).contains("genicular ablation"),
        "{}",
        screen_text(&app)
    );
    // In a window tall enough to show it from the top, it opens at the top.
    let mut tall = app_with(builtin(), 80, 60);
    type_text(&mut tall, "genicular ablation");
    tall.selected = at;
    press(&mut tall, &[key(KeyCode::Enter)]);
    assert_eq!(tall.detail_scroll, 0);
    assert_eq!(tall.message, None);
}

#[test]
fn a_summary_hit_in_a_tall_paragraph_opens_at_its_sentence() {
    // At 39×12 64640's second summary paragraph is taller than the pane;
    // "edition" ends its last sentence, which starts mid-line after "not
    // 64640.": the detail opens at that line, not two lines above the hit.
    let mut app = app_with(builtin(), 39, 12);
    type_text(&mut app, "edition");
    assert_eq!(result_codes(&app), ["64640"]);
    press(&mut app, &[key(KeyCode::Enter)]);
    let screen = screen_text(&app);
    let first = screen.lines().nth(2).unwrap_or_default();
    assert!(first.contains("64640. Sources disagree"), "{screen}");
    assert!(screen.contains("edition in use."), "{screen}");
}

#[test]
fn a_wide_status_line_names_the_trainer_key() {
    let mut app = app_with(builtin(), 200, 40);
    type_text(&mut app, "genic");
    press(&mut app, &[key(KeyCode::Tab)]);
    assert!(
        status_line(&app).trim_end().ends_with("t trainer mode"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(
        status_line(&app).contains("  t trainer mode"),
        "{}",
        status_line(&app)
    );
    // At 100 columns it fits to the last column.
    let mut hundred = app_with(builtin(), 100, 30);
    type_text(&mut hundred, "genic");
    press(&mut hundred, &[key(KeyCode::Tab)]);
    assert!(
        status_line(&hundred).ends_with("t trainer mode"),
        "{}",
        status_line(&hundred)
    );
    // Last to go where the line is short of room.
    let mut narrow = app_with(builtin(), 80, 24);
    press(&mut narrow, &[key(KeyCode::Enter)]);
    assert!(
        !status_line(&narrow).contains("trainer"),
        "{}",
        status_line(&narrow)
    );
}

#[test]
fn the_match_count_is_the_same_at_every_width() {
    // Counted as the text has them, not as lines: a phrase the wrap parts
    // at one width and not at another is one match at both.
    let mut totals = Vec::new();
    for (width, height) in [(40, 12), (100, 30), (200, 60)] {
        for query in ["genic", "ambulatory surgical"] {
            let mut app = app_with(builtin(), width, height);
            type_text(&mut app, query);
            press(
                &mut app,
                &[key(KeyCode::Enter), Key::char('g'), Key::char('n')],
            );
            let message = app.message.clone().unwrap_or_default();
            let total = message
                .strip_prefix("Match ")
                .and_then(|rest| rest.split_once(" of "))
                .map(|(_, total)| total.trim_end_matches('.').to_owned())
                .unwrap_or_else(|| panic!("{width}×{height} {query}: {message}"));
            totals.push((query, total));
        }
    }
    for (query, total) in &totals {
        let first = totals.iter().find(|(q, _)| q == query).unwrap();
        assert_eq!(total, &first.1, "{query}: {totals:?}");
    }
}

/// The first line of the detail pane as drawn, without its border, at a
/// window 100 wide (the list takes the first 40 columns).
fn detail_top_line(app: &App) -> String {
    let screen = screen_text(app);
    let line = screen.lines().nth(4).unwrap_or_default();
    line.chars().skip(41).collect::<String>().trim().to_owned()
}

#[test]
fn a_hit_in_a_field_or_note_opens_at_its_first_line() {
    // "office" is on the site of service's fourth line, below the middle
    // of the pane: the detail opens at the field's label, not at a line
    // of it nor at the tail of the field before.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "site:office");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64454");
    assert!(
        detail_top_line(&app).starts_with("Site of service:"),
        "{}",
        screen_text(&app)
    );
    // In a small window too, where the label and the hit both fit.
    let mut small = app_with(builtin(), 40, 12);
    type_text(&mut small, "site:office");
    press(&mut small, &[key(KeyCode::Enter)]);
    let screen = screen_text(&small);
    assert!(
        screen.contains("Site of service:") && screen.contains("office"),
        "{screen}"
    );
    // An erratum opens at its kind, not at the previous note's source.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "kind:erratum");
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64624");
    assert!(
        detail_top_line(&app).starts_with("!! ERRATUM:"),
        "{}",
        screen_text(&app)
    );
}

#[test]
fn help_with_esc_and_q_unbound_names_the_key_that_closes_it() {
    let mut app = app_with(builtin(), 100, 30);
    let unbound = |key: &str| cptref::config::KeySetting {
        part: "help".into(),
        key: key.into(),
        action: None,
        at: None,
    };
    app.keymap = cptref::tui::keymap::Keymap::configured(&[unbound("Esc"), unbound("q")]).unwrap();
    press(&mut app, &[key(KeyCode::F(1))]);
    assert!(app.overlay.is_some());
    let screen = screen_text(&app);
    assert!(!screen.contains("Esc closes"), "{screen}");
    assert!(screen.contains("? closes"), "{screen}");
    let status = screen.lines().last().unwrap().to_owned();
    assert!(status.contains("? close"), "{status}");
    press(&mut app, &[Key::char('?')]);
    assert!(app.overlay.is_none());
    // As it comes, Esc closes it, and the toggle is not offered too.
    let mut app = app_with(builtin(), 100, 30);
    press(&mut app, &[key(KeyCode::F(1))]);
    let screen = screen_text(&app);
    assert!(screen.contains("Esc closes"), "{screen}");
    let status = screen.lines().last().unwrap().to_owned();
    assert!(
        status.contains("Esc close") && !status.contains("? close"),
        "{status}"
    );
}

#[test]
fn a_search_that_takes_long_is_said_on_the_list_until_it_answers() {
    let mut app = background_app();
    let first = typed_for_background(&mut app, "genic");
    let request = typed_for_background(&mut app, "ular");
    // The run loop's timer for the first query comes too late: a newer
    // one is on its way, and its own timer will say so.
    update(
        &mut app,
        Action::SearchSlow {
            generation: first.generation,
        },
    );
    assert!(!screen_text(&app).contains("searching…"));
    update(
        &mut app,
        Action::SearchSlow {
            generation: request.generation,
        },
    );
    assert!(
        screen_text(&app).contains("Results · searching…"),
        "{}",
        screen_text(&app)
    );
    answer(&mut app, &request);
    assert!(!screen_text(&app).contains("searching…"));
    assert_eq!(result_codes(&app)[0], "64454");
}

#[test]
fn esc_right_after_a_stray_letter_in_the_detail_goes_back_to_what_was_read() {
    for background in [false, true] {
        let mut app = app_with(builtin(), 100, 30);
        app.background_search = background;
        type_text(&mut app, "genic");
        if background {
            let request = app.pending_search.take().unwrap();
            answer(&mut app, &request);
        }
        press(
            &mut app,
            &[key(KeyCode::Down), key(KeyCode::Enter), Key::char('4')],
        );
        assert_eq!(shown_code(&app), "64624");
        let (scroll, stop) = (app.detail_scroll, app.detail_stop);
        press(&mut app, &[Key::char('l')]);
        // The run loop sends the letter's search at once.
        let stray = app.pending_search.take();
        assert_eq!(stray.is_some(), background);
        assert_eq!((app.query.as_str(), app.focus), ("l", Focus::Search));
        assert_eq!(
            app.message.as_deref(),
            Some("A new search; Esc goes back to 64624.")
        );
        press(&mut app, &[key(KeyCode::Esc)]);
        assert_eq!(app.query, "genic");
        assert_eq!(app.focus, Focus::Detail);
        assert_eq!(shown_code(&app), "64624");
        assert_eq!((app.detail_scroll, app.detail_stop), (scroll, stop));
        assert_eq!(result_codes(&app).len(), 3);
        // The letter's search, still out, is stale when it answers.
        if let Some(request) = stray {
            answer(&mut app, &request);
        }
        assert_eq!(app.query, "genic");
        assert_eq!(result_codes(&app).len(), 3);
        // A word typed on, and mended, is still taken back by Esc.
        press(&mut app, &[Key::char('f')]);
        type_text(&mut app, "acetx");
        press(&mut app, &[key(KeyCode::Backspace)]);
        if background {
            let request = app.pending_search.take().unwrap();
            answer(&mut app, &request);
        }
        press(&mut app, &[key(KeyCode::Esc)]);
        assert_eq!((app.query.as_str(), app.focus), ("genic", Focus::Detail));
        assert_eq!(shown_code(&app), "64624");
        assert_eq!((app.detail_scroll, app.detail_stop), (scroll, stop));
        // A key that is no editing lets the search stand: Esc is then Esc.
        press(&mut app, &[Key::char('f')]);
        type_text(&mut app, "acet");
        if background {
            let request = app.pending_search.take().unwrap();
            answer(&mut app, &request);
        }
        press(&mut app, &[key(KeyCode::Down), key(KeyCode::Esc)]);
        assert_eq!(app.focus, Focus::Search);
        assert_eq!(app.query, "");
    }
}

#[test]
fn esc_while_a_search_begun_with_slash_in_the_detail_is_typed_goes_back() {
    // Reading 64624's notes, `/` and a new word, then Esc: back to 64624
    // at its notes, with the search that found it, not the new word's top
    // hit (64633).
    let mut app = app_with(builtin(), 80, 24);
    type_text(&mut app, "64624");
    press(&mut app, &[key(KeyCode::Enter), Key::char('7')]);
    let (scroll, stop) = (app.detail_scroll, app.detail_stop);
    press(&mut app, &[Key::char('/')]);
    type_text(&mut app, "imaging");
    assert_eq!(shown_code(&app), "64633");
    // As the status line says.
    assert!(
        status_line(&app).contains("Esc back"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!((app.query.as_str(), app.focus), ("64624", Focus::Detail));
    assert_eq!(shown_code(&app), "64624");
    assert_eq!((app.detail_scroll, app.detail_stop), (scroll, stop));
    // Searched with Enter, the new entry stands.
    press(&mut app, &[Key::char('/')]);
    type_text(&mut app, "imaging");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(shown_code(&app), "64633");
    assert_eq!(app.focus, Focus::Detail);
}

#[test]
fn a_filter_by_abbreviation_marks_and_opens_at_what_it_stands_for() {
    let query = cptref::search::Query::parse("site:asc");
    let text = "Site of service: an ambulatory surgical center (POS 24)";
    let marked: Vec<&str> = query.marks_in(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(marked, ["ambulatory surgical center"]);
    let query = cptref::search::Query::parse("payer:bcbs");
    let text = "Anthem, BlueCross BlueShield of South Carolina";
    let marked: Vec<&str> = query.marks_in(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(marked, ["BlueCross BlueShield"]);
    // The detail opens at the site's label, as for the words written out.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "site:asc");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(
        detail_top_line(&app).starts_with("Site of service:"),
        "{}",
        screen_text(&app)
    );
}

#[test]
fn an_abbreviation_hyphened_to_a_word_is_two_words_typed_or_pasted() {
    for (query, first) in [("si-joint", "64640"), ("knee-oa", "64454")] {
        // Typed a character at a time, narrowing as it goes, the same as
        // searched at once.
        let mut app = app();
        type_text(&mut app, query);
        let typed = result_codes(&app);
        let at_once: Vec<String> = app
            .index()
            .search(query)
            .iter()
            .map(|hit| app.content.entries[hit.entry].code.clone())
            .collect();
        assert_eq!(typed, at_once, "{query}");
        assert_eq!(typed[0], first, "{query}");
        let spaced: Vec<String> = app
            .index()
            .search(&query.replace('-', " "))
            .iter()
            .map(|hit| app.content.entries[hit.entry].code.clone())
            .collect();
        assert_eq!(typed, spaced, "{query}");
    }
}

#[test]
fn a_diagnosis_code_without_its_dot_is_offered_its_category_too() {
    let mut app = app();
    type_text(&mut app, "M5450");
    assert_eq!(app.suggestion.as_deref(), Some("M54"));
    assert!(screen_text(&app).contains("Enter searches for M54"));
    let mut app = self::app();
    type_text(&mut app, "G0260");
    assert_eq!(app.suggestion, None);
    // A small window, whose list has no room for the offer, says it on the
    // status line.
    let mut small = app_with(builtin(), 40, 12);
    type_text(&mut small, "M54.50");
    let status = status_line(&small);
    assert!(status.contains("Enter search M54"), "{status}");
}

#[test]
fn a_phrase_parted_by_the_wrap_is_marked_and_found_on_both_lines() {
    let query = cptref::search::Query::parse("site:asc");
    let lines = [
        "     publication: an ambulatory".to_owned(),
        "     surgical center (POS 24), a".to_owned(),
        "     hospital".to_owned(),
    ];
    let marks = query.marks_in_lines(&lines);
    let marked = |i: usize| -> Vec<String> {
        marks[i]
            .iter()
            .map(|r| lines[i].chars().skip(r.start).take(r.len()).collect())
            .collect()
    };
    assert_eq!(marked(0), ["ambulatory"]);
    assert_eq!(marked(1), ["surgical center"]);
    assert!(marks[2].is_empty());
    // A small window, where the site's phrase wraps: opened at the label,
    // and `n` finds it.
    let mut small = app_with(builtin(), 40, 12);
    type_text(&mut small, "site:asc");
    press(&mut small, &[key(KeyCode::Enter)]);
    let screen = screen_text(&small);
    assert!(screen.contains("Site of service:"), "{screen}");
    press(&mut small, &[Key::char('n')]);
    assert_ne!(
        small.message.as_deref(),
        Some("No word of the search is in this entry.")
    );
}

#[test]
fn a_narrow_list_keeps_quit_and_a_long_offer_keeps_its_enter() {
    let mut app = app_with(builtin(), 40, 12);
    type_text(&mut app, "genic");
    press(&mut app, &[key(KeyCode::Tab)]);
    assert!(
        status_line(&app).contains("q quit"),
        "{}",
        status_line(&app)
    );
    assert!(
        status_line(&app).contains("y copy code"),
        "{}",
        status_line(&app)
    );
    let mut app = app_with(builtin(), 40, 12);
    type_text(&mut app, "genicluar");
    assert!(
        status_line(&app).contains("Enter search it"),
        "{}",
        status_line(&app)
    );
    assert!(status_line(&app).contains("quit"), "{}", status_line(&app));
}

#[test]
fn a_modifier_row_without_its_code_says_so_in_the_table() {
    let toml = "code = \"10001\"\ntitle = \"t\"\nsummary = \"s\"\n[billing]\noverview = \"o\"\n\
                [clinical]\nscenario = \"c\"\n[[modifiers]]\ndescription = \"Left side\"\n\
                when_to_use = \"w\"\n";
    let content = cptref::loader::load_files(
        vec![cptref::loader::SourceFile::toml("10001.toml", toml)],
        cptref::registry::Registry::builtin(),
    );
    for width in [100, 40] {
        let mut app = app_with(content.clone(), width, 30);
        press(
            &mut app,
            &[key(KeyCode::Tab), key(KeyCode::Enter), Key::char('4')],
        );
        let screen = screen_text(&app);
        assert!(screen.contains("Left side (no code given)"), "{screen}");
        assert!(!screen.contains("not in registry"), "{screen}");
    }
}

#[test]
fn a_title_word_of_a_search_found_in_the_text_stays_in_view_in_a_long_row() {
    // `knee` is in the title, far along; `pain` only in the summary: the
    // row is tagged for the summary, and keeps the title's `knee` in view.
    let title = "Reconstruction with ultrasound guidance of the knee joint, subsequent";
    let toml = format!(
        "code = \"10001\"\ntitle = \"{title}\"\nsummary = \"Chronic pain.\"\n[billing]\n\
         overview = \"o\"\n[clinical]\nscenario = \"c\"\n"
    );
    let content = cptref::loader::load_files(
        vec![cptref::loader::SourceFile::toml("10001.toml", &toml)],
        cptref::registry::Registry::builtin(),
    );
    let mut app = app_with(content, 80, 24);
    type_text(&mut app, "knee pain");
    let screen = screen_text(&app);
    let row = screen
        .lines()
        .find(|line| line.contains("▸ 10001"))
        .unwrap_or_default();
    assert!(row.contains("knee"), "{row:?} in {screen}");
    assert!(row.contains("Recon"), "{screen}");
}

#[test]
fn the_first_n_after_opening_at_a_match_goes_to_the_next_one() {
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "50");
    press(
        &mut app,
        &[key(KeyCode::Tab), key(KeyCode::End), key(KeyCode::Enter)],
    );
    assert_eq!(shown_code(&app), "64632");
    assert_eq!(
        app.message.as_deref(),
        Some("Opened at Notes, where the search found it.")
    );
    let scroll = app.detail_scroll;
    // The match found is in view already: n goes on to the next.
    press(&mut app, &[Key::char('n')]);
    let message = app.message.clone().unwrap_or_default();
    assert!(message.starts_with("Match 2 of "), "{message}");
    assert!(app.detail_scroll > scroll);
    // And N back to the first.
    press(&mut app, &[Key::char('N')]);
    let message = app.message.clone().unwrap_or_default();
    assert!(message.starts_with("Match 1 of "), "{message}");
}

#[test]
fn a_narrow_status_line_keeps_the_way_into_an_entry_and_offers_nothing_an_empty_list_cannot_do() {
    for (width, height) in [(40, 12), (50, 15)] {
        let mut app = app_with(builtin(), width, height);
        type_text(&mut app, "genic");
        press(&mut app, &[key(KeyCode::Tab)]);
        let status = status_line(&app);
        assert!(status.contains("Enter open"), "{width}: {status}");
        assert!(status.contains("help"), "{width}: {status}");
    }
    // Nothing found: no list to go to, nor a code to train on.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "zzqx");
    let status = status_line(&app);
    assert!(!status.contains("Tab"), "{status}");
    press(&mut app, &[key(KeyCode::Tab)]);
    let status = status_line(&app);
    assert!(!status.contains("trainer"), "{status}");
    // Enter says there is nothing to open, rather than doing nothing.
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(
        app.message.as_deref(),
        Some("Nothing to open: no entry matches the search.")
    );
}

#[test]
fn enter_on_a_payer_filter_no_entry_lists_searches_its_name_as_words() {
    let mut app = app();
    type_text(&mut app, "payer:aetna");
    assert!(app.hits.is_empty());
    assert_eq!(
        app.suggestion_offer().as_deref(),
        Some("Enter searches for aetna in the entries' text.")
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.query, "aetna");
    assert!(!app.hits.is_empty());
    assert_eq!(app.message.as_deref(), Some("Searched for aetna."));
}

#[test]
fn a_digit_back_to_the_section_an_entry_opened_at_is_the_readers_place() {
    // 64624 opens at Related codes, where the search for 64640 found it;
    // `2` then `5` come back to that section's top, which a resize keeps
    // at the top rather than scrolling to the match below it.
    let mut app = app_with(builtin(), 100, 30);
    type_text(&mut app, "64640");
    let at = row_of(&app, "64624");
    app.selected = at;
    press(
        &mut app,
        &[key(KeyCode::Enter), Key::char('2'), Key::char('5')],
    );
    update(
        &mut app,
        Action::Resize {
            width: 40,
            height: 12,
        },
    );
    let doc = app.detail_document(app.areas().detail.unwrap());
    assert_eq!(
        doc.lines[app.detail_scroll].to_string().trim(),
        "5 Related codes"
    );
}

#[test]
fn a_section_jumped_to_stays_at_the_top_through_a_resize_and_back() {
    // The code searched for is also a match in the section a digit took:
    // the section's top, not the match, is the reader's place.
    for (code, digit, heading) in [("64633", '2', "2 Billing"), ("64624", '7', "7 Notes")] {
        let mut app = app_with(builtin(), 100, 30);
        type_text(&mut app, code);
        press(&mut app, &[key(KeyCode::Enter), Key::char(digit)]);
        assert_eq!(detail_top_line(&app).trim_end_matches('│').trim(), heading);
        for (width, height) in [(200, 60), (100, 30)] {
            update(&mut app, Action::Resize { width, height });
        }
        assert_eq!(
            detail_top_line(&app).trim_end_matches('│').trim(),
            heading,
            "{code}"
        );
    }
}
