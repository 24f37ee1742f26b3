//! The browser's state and `update`, the one function that changes it.
//! Everything the screen shows is derived from `App`; nothing else mutates it.

use std::sync::Arc;

use ratatui::layout::{Position, Rect};
use unicode_segmentation::UnicodeSegmentation;

use super::action::Action;
use super::keymap::{Context, Key, Keymap};
use super::layout::{Areas, inner};
use super::screen::detail::{Document, Stop, document, text_width};
use super::screen::{self, findings, help};
use super::theme::Theme;
use crate::loader::{Content, LoadedEntry};
use crate::search::{Hit, SearchIndex, Searcher};
use crate::training::{Back, Order, Session, SessionResult, Stage};

/// Content sets at least this large are searched off the UI thread, so typing
/// never waits on a search.
pub const BACKGROUND_SEARCH_FROM: usize = 5_000;

/// Lines the mouse wheel moves per notch.
const WHEEL_LINES: usize = 3;

/// Where typing and keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The search box: printable keys edit the query.
    Search,
    /// The results list.
    List,
    /// The detail view of the shown entry.
    Detail,
}

/// A panel drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Findings,
}

/// Trainer mode over the browser: the session and what the presenter sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trainer {
    pub session: Session,
    /// The answer being typed (a choice number or a code).
    pub typed: String,
    /// The presenter's notes are on screen.
    pub speaker_notes: bool,
    /// Lines scrolled away from the natural position (the newest step at the
    /// bottom while telling the case; the top for reveal and summary).
    pub scroll: usize,
    /// Lines of the speaker notes scrolled away from their top.
    pub notes_scroll: usize,
    /// The session `cptref train` opened, whose result `--json` reports;
    /// one started with `t` from the browser afterwards is not.
    pub reported: bool,
    /// Esc (`Back`) or a quit key (`Quit`) was pressed once in the middle
    /// of a session of several cases: pressed again, it leaves or quits;
    /// any other key carries on.
    pub leave_asked: Option<Action>,
    /// `typed` is the answer given before ← came back to the question:
    /// Enter keeps it, and a key typed starts a new one in its place.
    pub typed_is_given: bool,
}

impl Trainer {
    /// Come (again) to a code question already answered: the answer given
    /// is typed, to keep (Enter or Space) or to change by typing; what the
    /// status line says of it, in full and short (see `fitted`).
    fn offer_given_answer(&mut self) -> Option<(String, String)> {
        if self.session.asking() != Some(Stage::CodeQuestion) {
            return None;
        }
        let given = self.session.case().code_answer.clone()?;
        self.typed.clone_from(&given);
        self.typed_is_given = true;
        // A set of one entry offers no choices to press.
        let other = if self.session.case().code_choices.is_empty() {
            "a code"
        } else {
            "a choice or a code"
        };
        Some((
            format!("Enter keeps {given}; {other} typed replaces it."),
            format!("Enter keeps {given}; or type anew."),
        ))
    }

    pub fn new(session: Session) -> Trainer {
        Trainer {
            session,
            typed: String::new(),
            speaker_notes: false,
            scroll: 0,
            notes_scroll: 0,
            reported: false,
            leave_asked: None,
            typed_is_given: false,
        }
    }

    /// Back to the natural place of a case that changed: the case and the
    /// notes both scrolled to where a new one starts.
    fn reset_scroll(&mut self) {
        self.scroll = 0;
        self.notes_scroll = 0;
    }

    /// The session `cptref train` opens.
    pub fn reported(session: Session) -> Trainer {
        Trainer {
            reported: true,
            ..Trainer::new(session)
        }
    }
}

/// Opens the session `cptref train` asked for. Leaving it lands on the
/// list, where `q` still quits. A set with content problems says so once,
/// as the session starts: the class is shown no count, but the trainer
/// learns that a case they prepared may be missing.
pub fn open_reported_training(app: &mut App, session: Session) {
    app.trainer = Some(Trainer::reported(session));
    app.focus = Focus::List;
    let problems = app.content.findings.len();
    if problems > 0 {
        let them = if problems == 1 { "it" } else { "them" };
        (app.message, app.fitted) = fitted(
            app.screen,
            format!(
                "{} in the content, so a case may be missing; `cptref check` on the same \
                 folder lists {them}.",
                crate::text::counted(problems, "problem", "problems")
            ),
            format!(
                "! {}; a case may be missing",
                crate::text::counted(problems, "problem", "problems")
            ),
        );
    }
}

/// A search the run loop should hand to the background worker.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub generation: u64,
    pub query: String,
    /// The index to search: a new one when the content was replaced.
    pub index: Arc<SearchIndex>,
}

/// How a copied code leaves the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyRoute {
    /// Into tmux's paste buffer, which tmux says it took (and passes on to
    /// the terminal's clipboard as its settings allow).
    TmuxBuffer,
    /// An OSC 52 request to the terminal, which may ignore it unseen.
    TerminalRequest,
}

pub struct App {
    /// Shared so a background load can hand over a new set whole.
    pub content: Arc<Content>,
    pub keymap: Keymap,
    pub theme: Theme,

    pub query: String,
    /// Where in `query` the search box's cursor is: a byte offset, at the
    /// start of a grapheme (or the end).
    pub cursor: usize,
    /// Remembers the hits on the way to the current query (foreground
    /// searches; the background worker keeps its own).
    pub searcher: Searcher,
    pub hits: Arc<Vec<Hit>>,
    /// Warnings the background load gave, to print when the browser ends.
    pub late_notices: Vec<String>,
    /// Whole codes the query names that no entry has: the hits are then
    /// entries that mention them, which the list says.
    pub codes_without_entry: Vec<String>,
    /// What the short codes of the query are, where the hits leave it
    /// unsaid: `mod:TC` that no table lists, `24` a place of service; and,
    /// with no hits, a `payer:` that no payer list has.
    pub short_code_notes: Vec<crate::loader::CodeNote>,
    /// Index into `hits`.
    pub selected: usize,
    /// First visible row of the results list.
    pub list_offset: usize,
    pub focus: Focus,
    /// Where Esc from the detail returns to.
    pub focus_before_detail: Focus,
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,

    /// The entry the detail shows when it is not the selected result (after
    /// following a link or going through history); an index into entries.
    pub pinned: Option<usize>,
    pub detail_scroll: usize,
    /// The place a resize kept the detail at, with the scroll it set and
    /// the entry shown: while neither has changed, the next resize keeps
    /// that place too, rather than the place as laid out at the size
    /// between, so that resizing to and fro does not drift.
    pub resized_at: Option<(Anchor, usize, Option<usize>)>,
    /// The stop (section or link) under the detail cursor.
    pub detail_stop: Option<usize>,
    pub back: Vec<Visit>,
    /// The entry last read in the detail and left for the list: opening
    /// another puts it in the history, so Backspace goes back to it.
    pub last_read: Option<Visit>,
    pub forward: Vec<Visit>,

    pub screen: Rect,
    /// A one-off message for the status line.
    pub message: Option<String>,
    /// The forms of `message` when it has a short one, so that a resize
    /// picks the one that fits again.
    pub fitted: Option<Fitted>,
    /// The query is selected, after `/`: typing replaces it.
    pub query_selected: bool,
    /// Where `/` was just pressed, for Esc to return to; gone with the
    /// next key.
    pub slash_from: Option<Focus>,
    /// The entry to select when the next hits come (after the query was
    /// cleared).
    pub reselect: Option<usize>,
    /// The entry last opened from the list or the search box, and where
    /// its detail was scrolled then (at the match the search found, if
    /// below the top); gone once the reader moves the detail.
    pub opened_scroll: Option<(usize, usize)>,
    /// Text for the run loop to put on the clipboard; taken by it.
    pub clipboard: Option<String>,
    /// How the run loop copies, which decides what a copy may claim.
    pub copy_route: CopyRoute,
    pub should_quit: bool,
    /// What a background load is doing (checking the folder against the
    /// cache, reading the rest of the files), while it is.
    pub loading: Option<String>,
    /// A new content set that came while the trainer was on; it replaces
    /// the shown one when the trainer is left, since the trainer's cases
    /// point into the shown one.
    pub waiting_content: Option<Arc<Content>>,

    pub background_search: bool,
    pub search_generation: u64,
    /// The generation of the query whose hits are on show: behind
    /// `search_generation` while a background search is on its way.
    pub hits_generation: u64,
    /// The search on its way has taken long enough to say so on the list
    /// (`Action::SearchSlow`): the hits shown are an older query's.
    pub search_slow: bool,
    /// Enter was pressed in the search box while its search was on its
    /// way: the top hit opens when the answer comes.
    pub open_when_searched: bool,
    /// A search for the run loop to start; taken by it.
    pub pending_search: Option<SearchRequest>,

    /// Trainer mode, drawn instead of the browser while it is on.
    pub trainer: Option<Trainer>,
    /// The result of the session `cptref train` opened, kept when it is
    /// left.
    pub last_training: Option<SessionResult>,
    /// The result of the last session opened with `t`, kept when it is
    /// left: its score is said when the program ends, as `cptref train`'s.
    pub last_browser_training: Option<SessionResult>,
    /// The seed of the next session opened with `t`: a fresh one each
    /// run of the program (`tui::run` sets it), so that a class meets other
    /// choices each time; 1 as `new` makes it, for tests.
    pub next_seed: u64,
    /// For a query that finds nothing, the query with its misspelt words
    /// put right, or a diagnosis code's category (`M54` for `M54.50`),
    /// which does find something: offered, and Enter takes it.
    pub suggestion: Option<String>,
    /// The search and the place in the detail that `/` or a letter typed
    /// there left (`Action::Unbound`): Esc, while the new search is being
    /// typed, goes back to them, so a stray key or a search given up on
    /// costs nothing.
    pub left_detail: Option<Box<LeftDetail>>,
    /// The digits of section jumps made one after another: three or more
    /// that start a code are most likely that code, meant for the search
    /// box. Digits before them that start none are dropped as they come
    /// (`4`, to read the modifiers, then `64624` off the claim).
    pub jumps_in_a_row: String,
    /// Where the detail was read before each of those jumps, to go back
    /// to (before the first) when they turn out to be a code.
    pub places_before_jumps: Vec<(usize, Option<usize>)>,
}

impl App {
    /// The search box's cursor, kept inside the query (a setting of the
    /// field from outside `update` cannot put it past the end).
    pub fn cursor(&self) -> usize {
        let mut at = self.cursor.min(self.query.len());
        while !self.query.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    pub fn new(content: impl Into<Arc<Content>>, theme: Theme, screen: Rect) -> App {
        let content: Arc<Content> = content.into();
        let index = content.index();
        let background_search = content.entries.len() >= BACKGROUND_SEARCH_FROM;
        let hits = Arc::new(index.search(""));
        // A cache that could not be used is worth a word; the CLI printed
        // it too, but the browser's screen hides that.
        let message = content.notices.first().map(|n| format!("warning: {n}"));
        App {
            searcher: Searcher::new(index),
            content,
            keymap: Keymap::default(),
            theme,
            query: String::new(),
            cursor: 0,
            hits,
            late_notices: Vec::new(),
            codes_without_entry: Vec::new(),
            short_code_notes: Vec::new(),
            selected: 0,
            list_offset: 0,
            focus: Focus::Search,
            focus_before_detail: Focus::Search,
            overlay: None,
            overlay_scroll: 0,
            pinned: None,
            detail_scroll: 0,
            resized_at: None,
            detail_stop: None,
            back: Vec::new(),
            last_read: None,
            forward: Vec::new(),
            screen,
            message,
            fitted: None,
            query_selected: false,
            slash_from: None,
            reselect: None,
            opened_scroll: None,
            clipboard: None,
            copy_route: CopyRoute::TerminalRequest,
            should_quit: false,
            loading: None,
            waiting_content: None,
            background_search,
            search_generation: 0,
            hits_generation: 0,
            search_slow: false,
            open_when_searched: false,
            pending_search: None,
            left_detail: None,
            trainer: None,
            last_training: None,
            last_browser_training: None,
            next_seed: 1,
            suggestion: None,
            jumps_in_a_row: String::new(),
            places_before_jumps: Vec::new(),
        }
    }

    /// The search index of the content on show.
    pub fn index(&self) -> &Arc<SearchIndex> {
        self.searcher.index()
    }

    /// The result of the session `cptref train` opened: from the screen
    /// while it is on, else as it was left.
    pub fn training_result(&self) -> Option<SessionResult> {
        match &self.trainer {
            Some(trainer) if trainer.reported => Some(trainer.session.result(&self.content)),
            _ => self.last_training.clone(),
        }
    }

    /// The result of the last session opened with `t`, on or left.
    pub fn browser_training_result(&self) -> Option<SessionResult> {
        match &self.trainer {
            Some(trainer) if !trainer.reported => Some(trainer.session.result(&self.content)),
            _ => self.last_browser_training.clone(),
        }
    }

    /// The keymap context for the current focus and overlay.
    pub fn context(&self) -> Context {
        match self.overlay {
            Some(Overlay::Help) => Context::Help,
            Some(Overlay::Findings) => Context::Findings,
            None => self.context_beneath_overlay(),
        }
    }

    /// The context an overlay was opened from (or is, without one).
    pub fn context_beneath_overlay(&self) -> Context {
        match self.focus {
            _ if self.trainer.is_some() => Context::Trainer,
            Focus::Search => Context::Search,
            Focus::List => Context::List,
            Focus::Detail => Context::Detail,
        }
    }

    /// What the screen says of `suggestion`: a misspelling's put right
    /// form is asked about; a diagnosis code's category is what the query
    /// meant too, only wider.
    pub fn suggestion_offer(&self) -> Option<String> {
        let suggested = self.suggestion.as_deref()?;
        let shown = crate::text::one_line(suggested);
        let widened = crate::search::Query::parse(&self.query)
            .dotted_diagnoses()
            .any(|code| code.split('.').next() == Some(suggested));
        // `payer:aetna` that no payer list holds: its name as words.
        let filtered = {
            let query = crate::search::Query::parse(&self.query);
            query
                .filtered_payers()
                .chain(query.filtered_sites())
                .any(|value| value.eq_ignore_ascii_case(suggested))
        };
        Some(if widened {
            format!("Enter searches for {shown}, the code's category.")
        } else if filtered {
            format!("Enter searches for {shown} in the entries' text.")
        } else {
            format!("Did you mean {shown}? Enter searches for it.")
        })
    }

    /// The first key that does `action` here: a key bound to it that
    /// types instead (`r` or `q` at the trainer's modifier question) is
    /// passed over.
    pub fn key_that_does(&self, action: &Action) -> Option<Key> {
        self.keymap
            .keys_for(self.context(), action)
            .into_iter()
            .find(|key| self.action_for_key(*key).as_ref() == Some(action))
    }

    /// What a key press means here; `None` when it means nothing.
    pub fn action_for_key(&self, key: Key) -> Option<Action> {
        let context = self.context();
        let bound = self.keymap.action(context, key);
        // A class typing `rt` means RT, not reveal (nor `q` quit, `n`
        // notes); Ctrl-r still reveals, and the status line says so.
        let spelling = context == Context::Trainer
            && key.typed_char().is_some_and(|c| self.spells_a_modifier(c));
        if spelling && let Some(c) = key.typed_char() {
            return Some(Action::Type(c));
        }
        if let Some(action) = bound {
            return Some(action);
        }
        match (context, key.typed_char()) {
            // Typing in the list starts a search, as in a file picker.
            (Context::Search | Context::List | Context::Trainer, Some(c)) => Some(Action::Type(c)),
            // A word typed while the detail has the keys (beside the list,
            // it is easy to think the box has them): said, not lost.
            // A 0 is no section's: the start of a code (`0213T`, `01996`),
            // or the rest of one after digits typed (`10005`).
            (Context::Detail, Some(c)) if c.is_alphabetic() || c == '0' => Some(Action::Unbound(c)),
            // After digits that start a code, the rest of it (the dash of
            // `64624-RT`).
            (Context::Detail, Some(c)) if !c.is_whitespace() && goes_on_a_code(self, c) => {
                Some(Action::Unbound(c))
            }
            _ => None,
        }
    }

    /// Whether the letter `c`, typed in the trainer, is part of a modifier
    /// being answered: while the modifier question is asked, every letter
    /// is, so a wrong answer such as RT is refused, never taken for `r`.
    fn spells_a_modifier(&self, c: char) -> bool {
        c.is_ascii_alphabetic()
            && self
                .trainer
                .as_ref()
                .and_then(|trainer| trainer.session.asking())
                == Some(Stage::ModifierQuestion)
    }

    pub fn areas(&self) -> Areas {
        Areas::new(self.screen, self.focus == Focus::Detail)
    }

    /// The index into `content.entries` of the entry the detail shows.
    pub fn shown_index(&self) -> Option<usize> {
        self.pinned
            .or_else(|| self.hits.get(self.selected).map(|hit| hit.entry))
    }

    pub fn shown_entry(&self) -> Option<&LoadedEntry> {
        self.shown_index().map(|i| &self.content.entries[i])
    }

    /// The detail laid out for a pane of `area`.
    pub fn detail_document(&self, area: Rect) -> Document {
        self.document_of(self.shown_index(), area)
    }

    /// Entry `entry` laid out as the detail shows it in a pane of `area`.
    fn document_of(&self, entry: Option<usize>, area: Rect) -> Document {
        match entry.and_then(|entry| self.content.entries.get(entry)) {
            Some(loaded) => document(
                loaded.entry(),
                &self.content.registry,
                &|code| self.content.position(code).is_some(),
                text_width(area),
                self.theme,
                self.detail_stop,
            ),
            None => Document {
                lines: Vec::new(),
                stops: Vec::new(),
            },
        }
    }

    /// Whether scrolling down would move what is in view: the status line
    /// offers it only then.
    pub fn can_scroll_down(&self) -> bool {
        if self.overlay.is_some() {
            return self.overlay_scroll < self.max_overlay_scroll();
        }
        if let Some(shown) = &self.trainer {
            // While the case is told, down goes back toward the newest step.
            return if shown.session.telling() {
                shown.scroll > 0
            } else {
                shown.scroll < screen::trainer::max_scroll(self, shown, self.screen)
            };
        }
        self.detail_scroll < self.max_detail_scroll()
    }

    /// Whether the detail cursor is on a related-code link, which Enter
    /// follows.
    pub fn on_link(&self) -> bool {
        let Some(stop) = self.detail_stop else {
            return false;
        };
        let doc = self.detail_document(self.detail_area());
        doc.stops
            .get(stop)
            .is_some_and(|at| matches!(at.stop, Stop::Link { .. }))
    }

    /// The detail pane as it would be drawn with the detail focused.
    fn detail_area(&self) -> Rect {
        Areas::new(self.screen, true).detail.unwrap_or(self.screen)
    }

    fn detail_height(&self) -> usize {
        usize::from(inner(self.detail_area()).height).max(1)
    }

    fn list_height(&self) -> usize {
        Areas::new(self.screen, false)
            .list
            .map(|list| usize::from(inner(list).height))
            .unwrap_or(1)
            .max(1)
    }

    fn max_detail_scroll(&self) -> usize {
        let lines = self.detail_document(self.detail_area()).lines.len();
        lines.saturating_sub(self.detail_height())
    }

    /// How far the open overlay can scroll: scrolling stops at its last
    /// line, so the first key back up moves it.
    fn max_overlay_scroll(&self) -> usize {
        match self.overlay {
            Some(Overlay::Help) => help::max_scroll(self, self.screen),
            Some(Overlay::Findings) => findings::max_scroll(self, self.screen),
            None => 0,
        }
    }
}

/// What the browser showed when a search was begun from the detail (`/`,
/// or a letter that is no key there): the query and its results, and the
/// entry and place read.
#[derive(Debug, Clone)]
pub struct LeftDetail {
    query: String,
    cursor: usize,
    hits: Arc<Vec<Hit>>,
    codes_without_entry: Vec<String>,
    short_code_notes: Vec<crate::loader::CodeNote>,
    suggestion: Option<String>,
    selected: usize,
    list_offset: usize,
    pinned: Option<usize>,
    detail_scroll: usize,
    detail_stop: Option<usize>,
    focus_before_detail: Focus,
}

impl LeftDetail {
    fn of(app: &App) -> LeftDetail {
        LeftDetail {
            query: app.query.clone(),
            cursor: app.cursor,
            hits: Arc::clone(&app.hits),
            codes_without_entry: app.codes_without_entry.clone(),
            short_code_notes: app.short_code_notes.clone(),
            suggestion: app.suggestion.clone(),
            selected: app.selected,
            list_offset: app.list_offset,
            pinned: app.pinned,
            detail_scroll: app.detail_scroll,
            detail_stop: app.detail_stop,
            focus_before_detail: app.focus_before_detail,
        }
    }

    /// Puts the browser back as it was; a search still out for the letter
    /// is then stale.
    fn restore(self, app: &mut App) {
        app.query = self.query;
        app.cursor = self.cursor;
        app.hits = self.hits;
        app.codes_without_entry = self.codes_without_entry;
        app.short_code_notes = self.short_code_notes;
        app.suggestion = self.suggestion;
        app.search_generation += 1;
        app.hits_generation = app.search_generation;
        app.search_slow = false;
        app.pending_search = None;
        app.selected = self.selected;
        app.list_offset = self.list_offset;
        app.pinned = self.pinned;
        app.detail_scroll = self.detail_scroll;
        app.detail_stop = self.detail_stop;
        app.focus_before_detail = self.focus_before_detail;
        app.focus = Focus::Detail;
    }
}

/// An entry seen in the detail, and where the reader was in it, so going
/// back through the history returns to that place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    /// An index into `content.entries`.
    pub entry: usize,
    /// The top line as a section (or link) and the lines into it, which
    /// survive the window being resized meanwhile; `None` for the top.
    pub anchor: Option<Anchor>,
    /// The section or link under the cursor.
    pub stop: Option<usize>,
}

impl Visit {
    /// A visit to `entry` from its top.
    pub fn to(entry: usize) -> Visit {
        Visit {
            entry,
            anchor: None,
            stop: None,
        }
    }
}

/// Where the reader is in the detail, as a visit to come back to.
fn here(app: &App, entry: usize) -> Visit {
    Visit {
        entry,
        anchor: detail_anchor(app),
        stop: app.detail_stop,
    }
}

/// Applies one action to the state. The only place `App` changes.
pub fn update(app: &mut App, action: Action) {
    // A window too small to draw shows none of what a key would do: a
    // trainer's answer or reveal would happen unseen. Keys wait for it to
    // grow, but for quitting.
    if app.areas().too_small && !action.is_from_program() && action != Action::Quit {
        return;
    }
    // However the detail is left (Esc, `/`, a click on the list), the entry
    // read there is kept, to go in the history when another is opened. Its
    // place is worked out only then: laying the entry out on every key
    // read in the detail would be work thrown away.
    let reading =
        (app.focus == Focus::Detail && app.trainer.is_none() && !action.is_from_program())
            .then(|| {
                // Digits that turn out to be a code typed leave the entry
                // where it was read before them, not where they jumped.
                let (scroll, stop) = if digits_become_a_code(app, &action) {
                    place_before_jumps(app)
                } else {
                    (app.detail_scroll, app.detail_stop)
                };
                app.shown_index().map(|entry| (entry, scroll, stop))
            })
            .flatten();
    let resize = matches!(action, Action::Resize { .. });
    let place = |app: &App| (app.detail_scroll, app.detail_stop, app.shown_index());
    let (before, opened) = (place(app), app.opened_scroll);
    apply(app, action);
    // The detail moved by the reader (a digit, a scroll, a link) is no
    // longer where it opened, even back on the same line: a resize then
    // keeps the reader's place, not the match's.
    if !resize && place(app) != before && app.opened_scroll == opened {
        app.opened_scroll = None;
    }
    if let Some((entry, scroll, stop)) = reading
        && app.focus != Focus::Detail
        && app.back.last().map(|v| v.entry) != Some(entry)
    {
        let anchor = match scroll {
            0 => None,
            _ => Some(anchor_in(
                &app.document_of(Some(entry), app.detail_area()),
                scroll,
            )),
        };
        app.last_read = Some(Visit {
            entry,
            anchor,
            stop,
        });
    }
}

fn apply(app: &mut App, action: Action) {
    let (query_selected, slash_from) = (app.query_selected, app.slash_from);
    // A search begun from the detail (`/`, or a letter that is no key
    // there) can be taken back with Esc while it is still being typed:
    // any key that is not editing the query lets it stand.
    let editing = app.focus == Focus::Search
        && matches!(
            action,
            Action::Type(_)
                | Action::Paste(_)
                | Action::DeleteBackward
                | Action::DeleteForward
                | Action::DeleteWord
                | Action::ClearQuery
                | Action::CursorLeft
                | Action::CursorRight
                | Action::CursorStart
                | Action::CursorEnd
                | Action::Resize { .. }
        );
    // Only Esc uses it; an editing key leaves it where it is.
    let left_detail = if action.is_from_program() || editing {
        None
    } else {
        app.left_detail.take()
    };
    if !action.is_from_program() {
        // A key that is no command after digits goes on the code they
        // started (`64640`'s 0, `64624-RT`'s dash): kept for it.
        if !matches!(action, Action::JumpToSection(_) | Action::Unbound(_)) {
            forget_jumps(app);
        }
        app.message = None;
        app.open_when_searched = false;
        app.query_selected = false;
        app.slash_from = None;
    }
    if app.trainer.is_some() && app.overlay.is_none() {
        let asked = |app: &App| {
            let session = &app.trainer.as_ref()?.session;
            Some((session.cases.len(), session.asking()?))
        };
        let before = asked(app);
        if update_trainer(app, &action) {
            // A question just asked shows from its heading; a choice
            // picked in a short window is brought into view.
            let now = asked(app);
            if now.is_some() && now != before {
                show_question(app);
            } else if now.is_some() && matches!(action, Action::Type(_)) {
                scroll_trainer_to(app, screen::trainer::picked_scroll);
            }
            return;
        }
    }
    match action {
        Action::Quit => app.should_quit = true,
        // `?` is the first key many try for help. A query of `?` alone
        // finds nothing, so in an empty search box it opens the help.
        Action::Type('?') if app.focus == Focus::Search && app.query.is_empty() => {
            toggle_overlay(app, Overlay::Help);
        }
        Action::Type(c) => type_into_query(app, c.encode_utf8(&mut [0; 4]), query_selected),
        // Pasted while reading, as a letter typed there: a new search, not
        // words stuck on the end of the one that opened the entry, and Esc
        // goes back to the entry.
        Action::Paste(text) if app.focus == Focus::Detail => {
            let text = pasted(&text);
            if !text.trim().is_empty() {
                forget_jumps(app);
                search_from_detail(app, text.trim(), true, "A new search");
            }
        }
        // One search for the whole paste, not one per character.
        Action::Paste(text) => {
            let text = pasted(&text);
            if !text.is_empty() {
                type_into_query(app, &text, query_selected);
            }
        }
        Action::DeleteBackward if app.focus == Focus::List && app.query.is_empty() => {
            travel(app, false)
        }
        Action::DeleteBackward if app.focus == Focus::List => {
            app.focus = Focus::Search;
            app.cursor = app.query.len();
            let at = app.cursor;
            delete_query(app, grapheme_before(&app.query, at)..at);
        }
        Action::DeleteBackward if query_selected => clear_query(app),
        Action::DeleteBackward => {
            let at = app.cursor();
            delete_query(app, grapheme_before(&app.query, at)..at);
        }
        Action::DeleteForward if query_selected => clear_query(app),
        Action::DeleteForward => {
            let at = app.cursor();
            delete_query(app, at..grapheme_after(&app.query, at));
        }
        Action::DeleteWord if query_selected => clear_query(app),
        Action::DeleteWord => {
            // As in a shell: the spaces before the cursor, then the word.
            let at = app.cursor();
            let kept = app.query[..at]
                .trim_end()
                .trim_end_matches(|c: char| !c.is_whitespace())
                .len();
            delete_query(app, kept..at);
        }
        // After `/`, as in an address bar: the query stays, with the cursor
        // at the side the arrow points to.
        Action::CursorLeft if query_selected => app.cursor = 0,
        Action::CursorLeft => app.cursor = grapheme_before(&app.query, app.cursor()),
        Action::CursorRight if query_selected => app.cursor = app.query.len(),
        Action::CursorRight => app.cursor = grapheme_after(&app.query, app.cursor()),
        Action::CursorStart => app.cursor = 0,
        Action::CursorEnd => app.cursor = app.query.len(),
        Action::ClearQuery => {
            clear_query(app);
            if app.focus == Focus::List {
                app.focus = Focus::Search;
            }
        }
        Action::FocusSearch => {
            app.overlay = None;
            if app.focus != Focus::Search {
                app.slash_from = Some(app.focus);
            }
            if app.focus == Focus::Detail && app.shown_entry().is_some() {
                app.left_detail = Some(Box::new(LeftDetail::of(app)));
            }
            app.focus = Focus::Search;
            // As in an address bar: the next key typed starts a new query,
            // and any other key keeps this one.
            app.query_selected = !app.query.is_empty();
        }
        Action::FocusList => {
            if app.focus == Focus::Search {
                app.focus = Focus::List;
            }
        }
        Action::KeepQuery => {}
        Action::SelectNext => select(app, app.selected.saturating_add(1)),
        Action::SelectPrevious => select(app, app.selected.saturating_sub(1)),
        Action::SelectPageDown => select(app, app.selected + app.list_height()),
        Action::SelectPageUp => select(app, app.selected.saturating_sub(app.list_height())),
        Action::SelectFirst => select(app, 0),
        Action::SelectLast => select(app, app.hits.len().saturating_sub(1)),
        Action::OpenDetail => {
            if app.focus == Focus::Search && app.hits_generation != app.search_generation {
                // The hits on show are for an older query; the user means
                // the top hit of the one typed.
                app.open_when_searched = true;
            } else if app.hits.is_empty()
                && matches!(app.focus, Focus::Search | Focus::List)
                && let Some(suggested) = app.suggestion.take()
            {
                // Nothing found, and a misspelling put right finds
                // something: Enter searches for that.
                app.query = suggested;
                app.cursor = app.query.len();
                query_changed(app);
                app.message = Some(format!(
                    "Searched for {}.",
                    crate::text::one_line(&app.query)
                ));
            } else if app.hits.is_empty()
                && matches!(app.focus, Focus::Search | Focus::List)
                && !app.query.trim().is_empty()
                && app.loading.is_none()
            {
                // Said, rather than Enter doing nothing at all.
                (app.message, app.fitted) = fitted(
                    app.screen,
                    "Nothing to open: no entry matches the search.".to_owned(),
                    "No entry matches: nothing to open.".to_owned(),
                );
            } else {
                open_detail(app);
            }
        }
        // Esc while a search begun in the detail is typed: back to the
        // search before it and the place read.
        Action::Back if app.focus == Focus::Search && left_detail.is_some() => {
            if let Some(left) = left_detail {
                left.restore(app);
            }
        }
        // Esc right after `/` takes it back: the query and the place in the
        // detail stay as they were.
        Action::Back if app.focus == Focus::Search && slash_from.is_some() => {
            app.focus = slash_from.unwrap_or(Focus::List);
        }
        Action::Back => back(app),
        Action::ScrollDown => scroll(app, 1, true),
        Action::ScrollUp => scroll(app, 1, false),
        Action::PageDown => scroll(app, page(app), true),
        Action::PageUp => scroll(app, page(app), false),
        Action::ScrollTop => {
            if app.overlay.is_some() {
                app.overlay_scroll = 0;
            } else {
                app.detail_scroll = 0;
                app.detail_stop = None;
            }
        }
        Action::ScrollBottom => {
            if app.overlay.is_some() {
                app.overlay_scroll = app.max_overlay_scroll();
            } else {
                app.detail_scroll = app.max_detail_scroll();
                app.detail_stop = None;
            }
        }
        Action::NextMatch => move_to_match(app, true),
        Action::PreviousMatch => move_to_match(app, false),
        Action::NextStop => move_stop(app, true),
        Action::PreviousStop => move_stop(app, false),
        Action::JumpToSection(number) => {
            // Five digits in a row, the first three a code's: a code typed
            // without `/`, searched for as though it had been.
            let code_typed = digits_become_a_code(app, &action);
            app.places_before_jumps
                .push((app.detail_scroll, app.detail_stop));
            app.jumps_in_a_row
                .extend(char::from_digit(number as u32, 10));
            let dropped = digits_starting_no_code(app, &app.jumps_in_a_row);
            app.jumps_in_a_row.drain(..dropped);
            app.places_before_jumps.drain(..dropped);
            if code_typed {
                search_for_jumps(app, None);
                return;
            }
            let jumped = jump_to_section(app, number);
            let typed = &app.jumps_in_a_row;
            // Three digits in a row that start a code: most likely that
            // code, typed without `/`; said whether or not this one had a
            // section to jump to.
            let code_typed = typed.len() >= 3 && starts_a_code(app, typed);
            let search = app
                .keymap
                .keys_for(Context::Detail, &Action::FocusSearch)
                .first()
                .map(|key| key.to_string());
            if code_typed && let Some(search) = search {
                (app.message, app.fitted) = fitted(
                    app.screen,
                    format!(
                        "Digits here jump to sections; a whole code typed is searched for ({search} \
                         searches now)."
                    ),
                    format!("Digits jump to sections; {search} searches."),
                );
            } else if !jumped {
                let (code, unreadable) = app.shown_entry().map_or((String::new(), false), |e| {
                    (e.code.clone(), e.entry().unreadable.is_some())
                });
                app.message = Some(match screen::detail::section_name(number) {
                    // Its sections are not missing; they were not read.
                    _ if unreadable => {
                        format!("{code} could not be read again; its summary says why.")
                    }
                    Some(name) => format!("{code} has no {name} section."),
                    None => format!("There is no section {number}."),
                });
            }
        }
        // A word typed while the detail has the keys: its first letter that
        // is no key starts a new search, as `/` and that letter would, so
        // the rest of the word goes into the box rather than to the keys
        // (`q` quitting halfway through `technique`).
        Action::Unbound(c) if goes_on_a_code(app, c) => {
            search_for_jumps(app, Some(c));
        }
        Action::Unbound(c) => {
            forget_jumps(app);
            search_from_detail(app, &c.to_string(), false, "A new search");
        }
        Action::FollowLink => follow_link(app),
        Action::HistoryBack => travel(app, false),
        Action::HistoryForward => travel(app, true),
        Action::StartTraining => match app.shown_entry() {
            // Its file went since the start: there is no case to tell.
            Some(loaded) if loaded.entry().unreadable.is_some() => {
                app.message = Some(format!(
                    "{} could not be read again, so it has no case to train on; its summary \
                     says why.",
                    crate::text::one_line(&loaded.code)
                ));
            }
            Some(loaded) => {
                let code = loaded.code.clone();
                // Each session opened with `t` draws other choices, yet
                // `update` stays a function of its inputs.
                let seed = app.next_seed;
                // Under five digits, as `cptref train` keeps its seeds.
                app.next_seed = (seed + 1) % crate::training::SEEDS_BELOW;
                if let Ok(session) = Session::new(&app.content, &[code], Order::Code, seed) {
                    app.trainer = Some(Trainer::new(session));
                }
            }
            None => app.message = Some("Select a code to train on first.".into()),
        },
        // A code typed that has no entry, copied from the search box: the
        // top row is another code, which a coder in a hurry would paste
        // for the one typed. Picked in the list, it is copied, and said.
        Action::CopyCode
            if app.focus == Focus::Search
                && app.pinned.is_none()
                && let Some(searched) = app.codes_without_entry.first() =>
        {
            let searched = crate::text::one_line(searched);
            let pick = app
                .key_that_does(&Action::FocusList)
                .map(|key| format!("; {key} to pick one of the entries that mention it"))
                .unwrap_or_default();
            (app.message, app.fitted) = fitted(
                app.screen,
                format!("Nothing copied: no entry has {searched}{pick}."),
                format!("No entry has {searched}; nothing copied."),
            );
        }
        Action::CopyCode => match app.shown_entry() {
            Some(loaded) => {
                let code = loaded.code.clone();
                let shown = crate::text::one_line(&code);
                let listed = app
                    .hits
                    .get(app.selected)
                    .map(|hit| &app.content.entries[hit.entry].code)
                    .filter(|listed| **listed != code);
                let searched = app.codes_without_entry.first();
                // A terminal asked by escape sequence never answers, so
                // the message claims no more than the asking.
                let (copied, copied_short) = match app.copy_route {
                    CopyRoute::TmuxBuffer => ("Copied", "Copied"),
                    CopyRoute::TerminalRequest => ("Asked the terminal to copy", "Asked to copy"),
                };
                // A code copied is pasted into a claim: where it is not the
                // one the list points at or the one searched for, the
                // message says so before it is pasted.
                (app.message, app.fitted) = match (listed, searched) {
                    (Some(listed), _) if app.pinned.is_some() => fitted(
                        app.screen,
                        format!(
                            "{copied} {shown}, the entry shown (the list points at {}).",
                            crate::text::one_line(listed)
                        ),
                        format!("{copied_short} {shown} (shown)."),
                    ),
                    (_, Some(searched)) => {
                        let searched = crate::text::one_line(searched);
                        fitted(
                            app.screen,
                            format!("{copied} {shown}, not {searched}: no entry has {searched}."),
                            format!("{copied_short} {shown}, not {searched}."),
                        )
                    }
                    _ => fitted(
                        app.screen,
                        format!("{copied} {shown}."),
                        format!("{copied_short} {shown}."),
                    ),
                };
                app.clipboard = Some(code);
            }
            None => app.message = Some("No code to copy.".into()),
        },
        // Trainer actions outside trainer mode do nothing.
        Action::NextStep
        | Action::PreviousStep
        | Action::AskNow
        | Action::ToggleSpeakerNotes
        | Action::ScrollNotesDown
        | Action::ScrollNotesUp
        | Action::Reveal
        | Action::SubmitAnswer => {}
        Action::ToggleHelp => toggle_overlay(app, Overlay::Help),
        Action::ToggleFindings => toggle_overlay(app, Overlay::Findings),
        Action::Resize { width, height } => {
            // The detail's lines wrap anew: keep the reader in the section
            // (or at the link) they were reading, as far through it.
            let anchor = match app.resized_at {
                Some((anchor, scroll, shown))
                    if scroll == app.detail_scroll && shown == app.shown_index() =>
                {
                    Some(anchor)
                }
                _ => detail_anchor(app),
            };
            // A match in view where the detail opened at it (the row a
            // filter opened at) stays in view, though the lines above it in
            // its section wrap onto more. Scrolled from there, the reader's
            // place is the top line, kept by the anchor.
            // Only where the detail opened and was not moved since: a
            // section a digit took may sit where a match would open it in
            // one size and not in another.
            let match_shown = at_opened_match(app)
                && app.opened_scroll == app.shown_index().map(|entry| (entry, app.detail_scroll));
            let was = app.screen;
            app.screen = Rect::new(0, 0, width, height);
            // The help's entries wrap anew too: the one at the top stays.
            if app.overlay == Some(Overlay::Help) {
                app.overlay_scroll =
                    screen::help::scroll_after_resize(app, app.overlay_scroll, was, app.screen);
            }
            scroll_to_anchor(app, anchor);
            clamp_scrolls(app);
            app.resized_at = anchor.map(|anchor| (anchor, app.detail_scroll, app.shown_index()));
            refit_message(app);
            // Where opening it puts it in the new size, so that it is
            // still there for the next resize.
            if match_shown && let Some(opened) = opened_at_match(app) {
                app.detail_scroll = opened;
                app.opened_scroll = app.shown_index().map(|entry| (entry, opened));
            }
            // A question on screen shows from its heading in the new size
            // too (a window moved onto a projector).
            if app
                .trainer
                .as_ref()
                .is_some_and(|t| t.session.asking().is_some())
            {
                show_question(app);
            }
            // A window too small to draw has no list to fit the selection
            // in; the list keeps its place for when the window grows.
            if !app.areas().too_small {
                keep_selection_visible(app);
            }
        }
        Action::Click { column, row } => click(app, Position::new(column, row)),
        Action::Wheel { column, row, down } => wheel(app, Position::new(column, row), down),
        Action::SearchDone {
            generation,
            hits,
            suggestion,
        } => {
            // An answer to an older query is stale: the user has typed since.
            if generation == app.search_generation {
                set_hits(app, hits);
                app.suggestion = suggestion;
                if std::mem::take(&mut app.open_when_searched) {
                    open_detail(app);
                }
            }
        }
        Action::SearchSlow { generation } => {
            app.search_slow =
                generation == app.search_generation && app.hits_generation != generation;
        }
        Action::ContentReplaced(content) => {
            app.loading = None;
            // A set from the cache is replaced only when a file changed
            // since the cache was written; the user may be reading an entry
            // that is about to change, so it is worth a word.
            if app.content.from_cache {
                app.message = Some("Content files changed since the last run: reloaded.".into());
            }
            if app.trainer.is_some() {
                app.waiting_content = Some(content.0);
            } else {
                replace_content(app, content.0);
            }
        }
        Action::LoadFinished { notices } => {
            app.loading = None;
            if let Some(notice) = notices.first() {
                app.message = Some(format!("warning: {notice}"));
            }
            // Said again, whole, on standard error once the browser is
            // closed: the status line may have had room for its start.
            app.late_notices.extend(notices);
        }
    }
}

/// Puts a new content set in place of the shown one, keeping what the user
/// was looking at where the new set still has it: the query, the selected
/// code, the pinned entry and the history.
fn replace_content(app: &mut App, content: Arc<Content>) {
    let code_of = |i: usize| app.content.entries.get(i).map(|e| e.code.clone());
    // The selection stays on its code when the user chose it (moved to it,
    // or is reading it); the top hit, selected of itself, gives way to the
    // new set's top. A code waiting to be selected again is one chosen.
    let chosen = app.selected != 0 || app.focus == Focus::Detail;
    let selected = app.reselect.take().and_then(code_of).or_else(|| {
        let hit = app.hits.get(app.selected).filter(|_| chosen)?;
        code_of(hit.entry)
    });
    let pinned = app.pinned.and_then(code_of);
    // Each visit by its code, keeping the place; a changed entry may be
    // shorter, which the scroll clamp sees to.
    let by_code = |visits: &[Visit]| -> Vec<(String, Visit)> {
        visits
            .iter()
            .filter_map(|v| Some((code_of(v.entry)?, *v)))
            .collect()
    };
    let back = by_code(&app.back);
    let forward = by_code(&app.forward);
    let last_read = by_code(app.last_read.as_slice());

    let shown_before = app.shown_entry().map(|e| e.code.clone());
    let placed = |visits: Vec<(String, Visit)>| -> Vec<Visit> {
        visits
            .into_iter()
            .filter_map(|(code, visit)| {
                Some(Visit {
                    entry: content.position(&code)?,
                    ..visit
                })
            })
            .collect()
    };
    app.back = placed(back);
    app.forward = placed(forward);
    app.last_read = placed(last_read).pop();
    app.pinned = pinned.as_deref().and_then(|code| content.position(code));
    app.searcher = Searcher::new(content.index());
    app.background_search = content.entries.len() >= BACKGROUND_SEARCH_FROM;
    app.content = content;
    if app.pinned.is_none() && app.focus == Focus::Detail && pinned.is_some() {
        app.focus = Focus::List;
    }

    let (scroll, stop) = (app.detail_scroll, app.detail_stop);
    // The hits in hand point into the old set, so the new ones are found
    // here rather than in the background, once; an answer still on its way
    // for the old set is dropped by its generation.
    app.search_generation += 1;
    let hits = app.searcher.search(&app.query);
    let pinned = app.pinned;
    let suggestion = app.index().suggestion_for(&app.query, &hits);
    set_hits(app, hits);
    // A query that finds nothing in the whole set either may be misspelt,
    // as in the part read first.
    app.suggestion = suggestion;
    // The entry that was selected stays selected, and a pinned one pinned.
    app.pinned = pinned;
    // Enter waited for an answer for the old set; the top hit of the new
    // one is what it meant.
    let open = std::mem::take(&mut app.open_when_searched);
    if let Some(code) = selected.filter(|_| !open) {
        app.selected = app
            .hits
            .iter()
            .position(|hit| app.content.entries[hit.entry].code == code)
            .unwrap_or(0);
        keep_selection_visible(app);
    }
    // The same entry still on show keeps its place in the detail.
    if app.shown_entry().map(|e| e.code.clone()) == shown_before && shown_before.is_some() {
        app.detail_scroll = scroll;
        app.detail_stop = stop;
    }
    clamp_scrolls(app);
    if open {
        app.pinned = None;
        open_detail(app);
    }
}

/// Brings every scroll position within what there is to scroll, after the
/// screen or the text changed size.
fn clamp_scrolls(app: &mut App) {
    app.detail_scroll = app.detail_scroll.min(app.max_detail_scroll());
    app.overlay_scroll = app.overlay_scroll.min(app.max_overlay_scroll());
    if let Some(shown) = &app.trainer {
        let max = screen::trainer::max_scroll(app, shown, app.screen);
        let max_notes = screen::trainer::max_notes_scroll(app, shown, app.screen);
        if let Some(shown) = app.trainer.as_mut() {
            shown.scroll = shown.scroll.min(max);
            shown.notes_scroll = shown.notes_scroll.min(max_notes);
        }
    }
}

fn open_detail(app: &mut App) {
    if app.shown_index().is_none() {
        return;
    }
    // Another entry than the one read last: that one goes in the history,
    // so that a coder comparing two codes goes back with Backspace.
    if let Some(last) = app.last_read.take()
        && Some(last.entry) != app.shown_index()
    {
        app.back.push(last);
        app.forward.clear();
    }
    app.focus_before_detail = app.focus;
    app.focus = Focus::Detail;
    // A result found further down than the top (a payer, a modifier, a
    // note) opens where it was found, so the reader need not hunt for
    // why it is listed; a detail already scrolled stays where it is.
    let found_in = app
        .hits
        .get(app.selected)
        .filter(|_| app.pinned.is_none() && app.detail_scroll == 0 && app.detail_stop.is_none())
        .and_then(|hit| screen::detail::section_of(hit.field));
    if let Some(number) = found_in
        && jump_to_section(app, number)
        && let Some(name) = screen::detail::section_name(number)
    {
        (app.message, app.fitted) = fitted(
            app.screen,
            format!("Opened at {name}, where the search found it."),
            format!("At {name}, where found."),
        );
        scroll_to_match(app);
    } else if app.pinned.is_none()
        && app.detail_scroll == 0
        && app.detail_stop.is_none()
        && app.hits.get(app.selected).map(|hit| hit.field) == Some(crate::search::Field::Summary)
    {
        // The summary is at the top, but its matching sentence may be
        // below the window (`genicular ablation` on 64454, whose summary
        // says "ablation" in its last paragraph): there, it opens at it.
        let doc = app.detail_document(app.detail_area());
        let height = app.detail_height();
        let below = section_stop(&doc, 1).and_then(|stop| {
            let line = summary_match_line(app, &doc, stop).filter(|&line| line >= height)?;
            Some((stop, line))
        });
        if let Some((stop, line)) = below {
            go_to_stop(app, &doc, stop);
            let max = doc.lines.len().saturating_sub(height);
            let top = doc.stops.get(stop).map_or(0, |s| s.line);
            app.detail_scroll = opening_above(&doc, line, top, height).min(max);
            (app.message, app.fitted) = fitted(
                app.screen,
                "Opened at Summary, where the search found it.".to_owned(),
                "At Summary, where found.".to_owned(),
            );
        }
    }
    open_at_claimed_modifier(app);
    // Where it opened, for a resize to tell the match's place from one
    // the reader has moved to.
    app.opened_scroll = app.shown_index().map(|entry| (entry, app.detail_scroll));
}

/// Lines kept above a match scrolled to, so that it is read in context.
const MATCH_CONTEXT: usize = 2;

/// The characters of a code (`64624`, `0213T`).
const CODE_DIGITS: usize = 5;

/// Whether `typed` (digits of section jumps made one after another)
/// starts a code of the content's, by its first three.
fn starts_a_code(app: &App, typed: &str) -> bool {
    let typed = typed.get(..3).unwrap_or(typed);
    app.content
        .entries
        .iter()
        .any(|entry| entry.code.starts_with(typed))
}

/// How many of the first of `typed` (digits of section jumps) start no
/// code, the rest being three or fewer or starting one: those of jumps
/// made to read, before a code was typed.
fn digits_starting_no_code(app: &App, typed: &str) -> usize {
    (0..typed.len())
        .find(|&at| typed.len() - at < 3 || starts_a_code(app, &typed[at..]))
        .unwrap_or(typed.len())
}

/// Where the detail was read before the digits of the jumps made one after
/// another, where they turn out to be a code.
fn place_before_jumps(app: &App) -> (usize, Option<usize>) {
    app.places_before_jumps
        .first()
        .copied()
        .unwrap_or((app.detail_scroll, app.detail_stop))
}

/// A key that is no digit ends a run of section jumps.
fn forget_jumps(app: &mut App) {
    app.jumps_in_a_row.clear();
    app.places_before_jumps.clear();
}

/// Whether `c`, typed in the detail after the digits of section jumps, goes
/// on the code they were: a 0 after any (no section has it), or any other
/// key that is no command after three that start a code.
fn goes_on_a_code(app: &App, c: char) -> bool {
    let typed = &app.jumps_in_a_row;
    !typed.is_empty() && (c == '0' || (typed.len() >= 3 && starts_a_code(app, typed)))
}

/// Whether `action`, in the detail, turns the digits typed just before it
/// into a code searched for (`search_for_jumps`).
fn digits_become_a_code(app: &App, action: &Action) -> bool {
    match action {
        Action::JumpToSection(n) => {
            let mut typed = app.jumps_in_a_row.clone();
            typed.extend(char::from_digit(*n as u32, 10));
            let typed = &typed[digits_starting_no_code(app, &typed)..];
            typed.len() == CODE_DIGITS && starts_a_code(app, typed)
        }
        Action::Unbound(c) => goes_on_a_code(app, *c),
        _ => false,
    }
}

/// The digits of the jumps just made (and `then`, the key after them) were
/// a code typed: the detail goes back to where it was read before them, and
/// they go to the search box as though `/` had come first; Esc goes back.
fn search_for_jumps(app: &mut App, then: Option<char>) {
    (app.detail_scroll, app.detail_stop) = place_before_jumps(app);
    let mut typed = std::mem::take(&mut app.jumps_in_a_row);
    app.places_before_jumps.clear();
    typed.extend(then);
    search_from_detail(app, &typed, false, "The code typed, searched for");
}

/// `typed` (or `pasted`) goes to the search box, as though `/` had come
/// before it, and Esc goes back to the entry and the place read, as the
/// message (`said`, then which key) tells.
fn search_from_detail(app: &mut App, typed: &str, pasted: bool, said: &str) {
    let left = LeftDetail::of(app);
    let code = app.shown_entry().map(|loaded| loaded.code.clone());
    update(app, Action::FocusSearch);
    if pasted {
        update(app, Action::Paste(typed.to_owned()));
    } else {
        for c in typed.chars() {
            update(app, Action::Type(c));
        }
    }
    if let Some(code) = code
        && let Some(esc) = app.key_that_does(&Action::Back)
    {
        app.left_detail = Some(Box::new(left));
        app.message = Some(format!(
            "{said}; {esc} goes back to {}.",
            crate::text::one_line(&code)
        ));
    }
}

/// Scrolls the detail to the next (or previous) line holding a word of
/// the search, placing it a little below the top; the status line says
/// which match of how many it is.
fn move_to_match(app: &mut App, forward: bool) {
    let query = crate::search::Query::parse(&app.query);
    if !query.marks_anything() {
        // A search of one character (`5`) or of codes alone was made, but
        // marks nothing to go to.
        app.message = Some(if app.query.trim().is_empty() {
            "Search for words first; n and N then find them here.".into()
        } else {
            "The search has no word of two characters or more to find here; n and N find those."
                .into()
        });
        return;
    }
    let doc = app.detail_document(app.detail_area());
    let texts: Vec<String> = doc.lines.iter().map(|line| line.to_string()).collect();
    let counted = occurrences(&screen::detail::marking_query(&app.query, &doc), &texts);
    // The lines where a match starts: a phrase the wrap parted is one.
    let lines: Vec<usize> = (0..texts.len())
        .filter(|&i| counted.starting[i] > 0)
        .collect();
    if lines.is_empty() {
        app.message = Some("No word of the search is in this entry.".into());
        return;
    }
    let mut at = app.detail_scroll + MATCH_CONTEXT;
    // Opened at the match the search found, in view: the first n goes on
    // to the next, not to that one again.
    if forward
        && at_opened_match(app)
        && let Some(line) = match_line(app, &doc)
    {
        at = at.max(line);
    }
    let target = if forward {
        lines.iter().position(|&line| line > at)
    } else {
        lines.iter().rposition(|&line| line < at)
    };
    let way = if forward { "below" } else { "above" };
    let Some(index) = target else {
        app.message = Some(format!("No more matches {way}."));
        return;
    };
    let scroll = lines[index]
        .saturating_sub(MATCH_CONTEXT)
        .min(app.max_detail_scroll());
    if scroll == app.detail_scroll {
        // The end of the entry is in view, and the match with it.
        let end = if forward { "last" } else { "first" };
        app.message = Some(format!("No more matches {way}; the {end} is in view."));
        return;
    }
    app.detail_scroll = scroll;
    app.detail_stop = None;
    let line = lines[index];
    app.message = Some(format!(
        "Match {} of {}.",
        counted.before[line] + 1,
        counted.total
    ));
}

/// The search's matches in the detail, counted in each paragraph as one
/// text, so that a phrase the wrap parts is one match and the count stays
/// the same whatever the width.
struct Occurrences {
    /// Per line: the matches that start before it.
    before: Vec<usize>,
    /// Per line: the matches that start on it.
    starting: Vec<usize>,
    total: usize,
}

fn occurrences(query: &crate::search::Query, texts: &[String]) -> Occurrences {
    let mut counted = Occurrences {
        before: vec![0; texts.len()],
        starting: vec![0; texts.len()],
        total: 0,
    };
    let mut i = 0;
    while i < texts.len() {
        if texts[i].trim().is_empty() {
            counted.before[i] = counted.total;
            i += 1;
            continue;
        }
        // A run of lines with text: a paragraph, or a table's rows, whose
        // words a match counts the same joined.
        let first = i;
        let mut joined = String::new();
        let mut starts = Vec::new();
        while i < texts.len() && !texts[i].trim().is_empty() {
            if !joined.is_empty() {
                joined.push(' ');
            }
            starts.push(joined.chars().count());
            joined.push_str(texts[i].trim());
            i += 1;
        }
        let marks = query.marks_in(&joined);
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(usize::MAX);
            counted.before[first + k] =
                counted.total + marks.iter().filter(|m| m.start < start).count();
            counted.starting[first + k] = marks
                .iter()
                .filter(|m| (start..end).contains(&m.start))
                .count();
        }
        counted.total += marks.len();
    }
    counted
}

/// The section number of the modifier table (as `section_name` counts).
const MODIFIERS_SECTION: usize = 4;

/// A claim line typed (`64624-RT`) opens its code's entry at the modifier
/// table, with the row of the modifier in view, and says when the table
/// lacks it or it is no modifier at all (`64624-11`).
fn open_at_claimed_modifier(app: &mut App) {
    if app.pinned.is_some() {
        return;
    }
    let Some(loaded) = app.shown_entry() else {
        return;
    };
    let query = crate::search::Query::parse(&app.query);
    let Some(claim) = query
        .claims()
        .iter()
        .find(|claim| claim.code.eq_ignore_ascii_case(&loaded.code))
    else {
        return;
    };
    let entry = loaded.entry();
    let registry = &app.content.registry;
    // A modifier the table lists is opened at, known to the registry or
    // not (a folder's content may use one it lacks).
    let (listed, unlisted): (Vec<&String>, Vec<&String>) = claim
        .modifiers
        .iter()
        .filter(|m| registry.get(m).is_some() || entry.lists_modifier(m))
        .partition(|m| entry.lists_modifier(m));
    // Each thing said, in full and in a few words for a narrow status line
    // (where the full sentence would lose the modifier it is about).
    let mut said: Vec<(String, String)> = Vec::new();
    if !listed.is_empty() {
        let listed: Vec<&str> = listed.iter().map(|m| m.as_str()).collect();
        let listed = listed.join(", ");
        said.push((
            format!("Opened at Modifiers for {listed}."),
            format!("At {listed}."),
        ));
    }
    if !unlisted.is_empty() {
        let unlisted: Vec<&str> = unlisted.iter().map(|m| m.as_str()).collect();
        let unlisted = unlisted.join(", ");
        said.push((
            format!("{}'s modifier table does not list {unlisted}.", loaded.code),
            format!("Not in its table: {unlisted}."),
        ));
    }
    for modifier in &claim.modifiers {
        let listed = entry.lists_modifier(modifier);
        if let Some(clause) = registry.not_known_in(modifier, listed) {
            let short = match registry.not_a_modifier(modifier) {
                Some(_) => format!("{modifier} is no modifier."),
                None => format!("{modifier}: no modifier cptref knows."),
            };
            said.push((format!("{clause}."), short));
        }
    }
    let row = listed.first().map(|m| m.to_string());
    if said.is_empty() {
        return;
    }
    let (long, short): (Vec<String>, Vec<String>) = said.into_iter().unzip();
    (app.message, app.fitted) = fitted(app.screen, long.join(" "), short.join(" "));
    // Only a modifier is looked for in the table; `11` is none.
    let modifiers = listed.len() + unlisted.len();
    if modifiers == 0 || !jump_to_section(app, MODIFIERS_SECTION) {
        return;
    }
    // The row of the first modifier listed, in view below its heading.
    let Some(row) = row else { return };
    let doc = app.detail_document(app.detail_area());
    let start = app
        .detail_stop
        .and_then(|stop| doc.stops.get(stop))
        .map_or(0, |stop| stop.line);
    let at = doc.lines.iter().skip(start).position(|line| {
        let text = line.to_string();
        let text = text.trim_start();
        text.strip_prefix(row.as_str())
            .is_some_and(|rest| rest.starts_with(' '))
    });
    let at = at.map(|at| start + at);
    // In view below its heading where the pane has room for both, else
    // at the pane's top.
    let height = app.detail_height();
    if let Some(line) = at
        && line >= app.detail_scroll + height.saturating_sub(1)
    {
        let context = if height > 4 { MATCH_CONTEXT } else { 0 };
        let max = doc.lines.len().saturating_sub(height);
        app.detail_scroll = line.saturating_sub(context).min(max);
    }
}

/// Within the section the detail was opened at, brings the first line with
/// a word of the query into view, when it is below the first half of the
/// page: a note far down a long list of notes, say.
fn scroll_to_match(app: &mut App) {
    if let Some(opened) = opened_at_match(app) {
        app.detail_scroll = opened;
    }
}

/// Whether the detail is scrolled where opening it at its section and the
/// query's match there puts it (see `scroll_to_match`), not moved by the
/// reader since.
fn at_opened_match(app: &App) -> bool {
    opened_at_match(app) == Some(app.detail_scroll)
}

/// Where opening the detail at its section and the query's match there
/// scrolls it: the section's top (as `go_to_stop` puts it), or the match
/// with `MATCH_CONTEXT` lines above it where that is below the first half
/// of the page.
fn opened_at_match(app: &App) -> Option<usize> {
    let doc = app.detail_document(app.detail_area());
    let line = match_line(app, &doc)?;
    let section = app.detail_stop.and_then(|stop| doc.stops.get(stop))?;
    let height = app.detail_height();
    let max = doc.lines.len().saturating_sub(height);
    let section_top = section.line.min(max);
    Some(if line >= section_top + height / 2 {
        opening_above(&doc, line, section_top, height).min(max)
    } else {
        section_top
    })
}

/// The line to open the detail at for a match on `line`: the start of its
/// paragraph (a note from its kind, a field from its label), not below
/// `floor`, where the match is then still in the pane with a line below
/// it; else the start of the match's sentence where the match is then
/// still in the pane; else `MATCH_CONTEXT` lines above the match, so that
/// the tail of the paragraph before is not read as part of this one.
fn opening_above(doc: &Document, line: usize, floor: usize, height: usize) -> usize {
    // Paragraphs are parted by blank lines; a field or a note hangs its
    // lines under its first, which stands out to the left.
    let indent = |i: usize| {
        let text = doc.lines[i].to_string();
        let trimmed = text.trim_start();
        (!trimmed.is_empty()).then(|| text.len() - trimmed.len())
    };
    let mut start = line;
    while start > floor {
        let (Some(above), Some(here)) = (indent(start - 1), indent(start)) else {
            break;
        };
        if above > here {
            // The tail of the field or note before.
            break;
        }
        start -= 1;
        if above < here {
            break;
        }
    }
    if line - start + 1 < height {
        return start;
    }
    // The paragraph is taller than the pane: the sentence that holds the
    // match, from its start, where that fits with the match in view.
    let text = |i: usize| doc.lines[i].to_string();
    let nearest = (start.max(line + 2 - height)..=line)
        .rev()
        .find(|&i| ends_sentence(&text(i - 1)) || (i < line && ends_sentence_inside(&text(i))));
    nearest.unwrap_or_else(|| line.saturating_sub(MATCH_CONTEXT).max(floor))
}

/// What ends a sentence, before a closing quote or bracket.
const SENTENCE_ENDS: [char; 3] = ['.', '?', '!'];
const CLOSERS: [char; 4] = ['”', '’', '"', ')'];

/// Whether `line` ends a sentence.
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(CLOSERS)
        .ends_with(SENTENCE_ENDS)
}

/// Whether a sentence ends inside `line` and another starts after it: a
/// full stop (or `?`, `!`) and a space before a capital or a digit, which
/// leaves out abbreviations inside a sentence (`e.g. the`).
fn ends_sentence_inside(line: &str) -> bool {
    let line = line.trim();
    line.match_indices(SENTENCE_ENDS).any(|(at, _)| {
        let after = line[at + 1..].trim_start_matches(CLOSERS);
        after.starts_with(' ')
            && after
                .trim_start()
                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    })
}

/// The first line of `doc` (the detail as laid out) with a word of the
/// query in the section the detail was opened at, while the detail shows
/// the selected result.
fn match_line(app: &App, doc: &Document) -> Option<usize> {
    let (Some(hit), Some(stop)) = (app.hits.get(app.selected).copied(), app.detail_stop) else {
        return None;
    };
    if app.shown_index() != Some(hit.entry) {
        return None;
    }
    let lines = section_lines(doc, stop)?;
    let index = app.index();
    // What the detail marks counts too: a filter's value (`mod:59`) is no
    // word to highlight, but its row is what was searched for.
    let query = screen::detail::marking_query(&app.query, doc);
    let texts: Vec<String> = doc.lines[lines.clone()]
        .iter()
        .map(|line| line.to_string())
        .collect();
    let marks = query.marks_in_lines(&texts);
    lines
        .zip(&texts)
        .zip(&marks)
        .find_map(|((line, text), marks)| {
            (!index.highlight_in(text, hit.field, &app.query).is_empty() || !marks.is_empty())
                .then_some(line)
        })
}

/// The lines of `doc` from its stop `stop` to the next section's heading.
fn section_lines(doc: &Document, stop: usize) -> Option<std::ops::Range<usize>> {
    let start = doc.stops.get(stop)?.line;
    let end = doc
        .stops
        .iter()
        .filter(|s| matches!(s.stop, Stop::Section { .. }) && s.line > start)
        .map(|s| s.line)
        .min()
        .unwrap_or(doc.lines.len());
    Some(start..end)
}

/// The first line of the summary (at stop `stop`) holding a word of the
/// query that the title does not: the word that made the hit a summary
/// hit (`ablation` of `genicular ablation`, on a genicular block).
fn summary_match_line(app: &App, doc: &Document, stop: usize) -> Option<usize> {
    let title = &app.shown_entry()?.title;
    let words: Vec<crate::search::Query> = app
        .query
        .split_whitespace()
        .map(crate::search::Query::parse)
        .filter(|word| word.marks_anything() && word.marks_in(title).is_empty())
        .collect();
    section_lines(doc, stop)?.find(|&line| {
        let text = doc.lines[line].to_string();
        words.iter().any(|word| !word.marks_in(&text).is_empty())
    })
}

/// The stop of standard section `number` in `doc`, if it has one.
fn section_stop(doc: &Document, number: usize) -> Option<usize> {
    doc.stops
        .iter()
        .position(|s| matches!(s.stop, Stop::Section { number: n, .. } if n == number && n > 0))
}

/// Scrolls the detail to standard section `number`; false when the shown
/// entry has none.
fn jump_to_section(app: &mut App, number: usize) -> bool {
    let doc = app.detail_document(app.detail_area());
    let found = section_stop(&doc, number);
    if let Some(stop) = found {
        go_to_stop(app, &doc, stop);
    }
    found.is_some()
}

/// Where the grapheme before byte `at` of `text` starts (0 at the start).
fn grapheme_before(text: &str, at: usize) -> usize {
    text[..at]
        .grapheme_indices(true)
        .next_back()
        .map_or(0, |(start, _)| start)
}

/// Where the grapheme at byte `at` of `text` ends (`at` at the end).
fn grapheme_after(text: &str, at: usize) -> usize {
    text[at..]
        .graphemes(true)
        .next()
        .map_or(at, |grapheme| at + grapheme.len())
}

/// Scrolls the trainer's case so that the question on screen shows from
/// its heading.
fn show_question(app: &mut App) {
    scroll_trainer_to(app, |app, trainer, screen| {
        Some(screen::trainer::question_scroll(app, trainer, screen))
    });
}

/// Sets the trainer's scroll to what `scroll_of` works out from the case
/// as laid out on screen, where it works one out.
fn scroll_trainer_to(app: &mut App, scroll_of: fn(&App, &Trainer, Rect) -> Option<usize>) {
    let scroll = app
        .trainer
        .as_ref()
        .and_then(|trainer| scroll_of(app, trainer, app.screen));
    if let (Some(trainer), Some(scroll)) = (app.trainer.as_mut(), scroll) {
        trainer.scroll = scroll;
    }
}

/// Text typed or pasted into the search box, at the cursor. Typed from the
/// list, it goes on the query's end; over a selected query, it replaces it.
fn type_into_query(app: &mut App, text: &str, query_selected: bool) {
    if query_selected {
        app.query.clear();
    }
    if query_selected || app.focus != Focus::Search {
        app.cursor = app.query.len();
    }
    app.reselect = None;
    app.focus = Focus::Search;
    let at = app.cursor();
    app.query.insert_str(at, text);
    app.cursor = at + text.len();
    query_changed(app);
}

/// Pasted text as it is typed: line breaks and tabs as spaces (a paste of
/// several lines is one query), other control characters left out.
fn pasted(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect()
}

/// Takes `range` (bytes, at grapheme boundaries) out of the query, leaving
/// the cursor where it was.
fn delete_query(app: &mut App, range: std::ops::Range<usize>) {
    if range.is_empty() {
        return;
    }
    app.query.replace_range(range.clone(), "");
    app.cursor = range.start;
    query_changed(app);
}

fn query_changed(app: &mut App) {
    app.search_generation += 1;
    if app.background_search {
        app.pending_search = Some(SearchRequest {
            generation: app.search_generation,
            query: app.query.clone(),
            index: Arc::clone(app.index()),
        });
    } else {
        let hits = app.searcher.search(&app.query);
        let suggestion = app.index().suggestion_for(&app.query, &hits);
        set_hits(app, hits);
        app.suggestion = suggestion;
    }
}

fn set_hits(app: &mut App, hits: Arc<Vec<Hit>>) {
    app.hits_generation = app.search_generation;
    app.search_slow = false;
    app.hits = hits;
    app.suggestion = None;
    let query = crate::search::Query::parse(&app.query);
    app.codes_without_entry = app.content.codes_without_entry(&query);
    // A filter named with no value yet (`payer:`) leaves the list as it
    // was: what it needs is said under it.
    app.short_code_notes = query
        .unfinished_filters()
        .iter()
        .zip(query.unfinished_notes())
        .map(|(name, full)| crate::loader::CodeNote {
            full,
            briefer: vec![format!("{name} needs a value")],
        })
        .collect();
    app.short_code_notes.extend(app.content.claim_notes(&query));
    app.short_code_notes
        .extend(app.content.short_code_notes(&query, &app.hits));
    if app.hits.is_empty() {
        let mut said = app.content.filter_notes(&query);
        said.extend(app.content.diagnosis_notes(&query));
        app.short_code_notes
            .extend(said.into_iter().map(|full| crate::loader::CodeNote {
                full,
                briefer: Vec::new(),
            }));
    }
    app.list_offset = 0;
    app.detail_scroll = 0;
    app.detail_stop = None;
    app.selected = 0;
    app.pinned = None;
    if let Some(entry) = app.reselect.take()
        && let Some(at) = app.hits.iter().position(|hit| hit.entry == entry)
    {
        app.selected = at;
        keep_selection_visible(app);
    }
}

/// Empties the query. The full list comes back with the code that was
/// selected still selected: clearing is a step back, not a new search.
fn clear_query(app: &mut App) {
    if !app.query.is_empty() {
        app.reselect = app.hits.get(app.selected).map(|hit| hit.entry);
        app.query.clear();
        app.cursor = 0;
        query_changed(app);
    }
}

fn select(app: &mut App, index: usize) {
    // A choice made while a cleared query's list is on its way stands.
    app.reselect = None;
    if app.hits.is_empty() {
        return;
    }
    let index = index.min(app.hits.len() - 1);
    if index != app.selected || app.pinned.is_some() {
        app.selected = index;
        app.pinned = None;
        app.detail_scroll = 0;
        app.detail_stop = None;
    }
    keep_selection_visible(app);
}

fn keep_selection_visible(app: &mut App) {
    let height = app.list_height();
    // A taller list shows the rows above rather than blank rows below.
    app.list_offset = app.list_offset.min(app.hits.len().saturating_sub(height));
    if app.selected < app.list_offset {
        app.list_offset = app.selected;
    } else if app.selected >= app.list_offset + height {
        app.list_offset = app.selected + 1 - height;
    }
}

fn back(app: &mut App) {
    if app.overlay.take().is_some() {
        return;
    }
    match app.focus {
        Focus::Detail => {
            app.focus = if app.focus_before_detail == Focus::Detail {
                Focus::List
            } else {
                app.focus_before_detail
            };
            // Back in the search box, as after `/`: the next code typed
            // replaces the one just looked up, and any other key keeps it.
            app.query_selected = app.focus == Focus::Search && !app.query.is_empty();
            // Back in the list, the detail shows the selected row again, so
            // Enter and `t` act on the row the marker is on; the entry
            // reached by a link or the history is one step back.
            if let Some(pinned) = app.pinned.take() {
                let selected = app.hits.get(app.selected).map(|hit| hit.entry);
                if selected != Some(pinned) {
                    app.back.push(here(app, pinned));
                    app.forward.clear();
                }
                app.detail_scroll = 0;
                app.detail_stop = None;
            }
        }
        // Not to the list: a word typed next, taken for the list's
        // one-letter commands, could quit or start the trainer.
        Focus::Search if app.query.is_empty() => {
            let key = |context, action| {
                app.keymap
                    .keys_for(context, &action)
                    .first()
                    .map(|key| key.to_string())
            };
            let to_list = key(Context::Search, Action::FocusList)
                .map(|key| format!(" {key} moves to the list."))
                .unwrap_or_default();
            let quit = key(Context::Search, Action::Quit)
                .map(|key| format!(" {key} quits."))
                .unwrap_or_default();
            let said = format!("Nothing to clear.{to_list}{quit}");
            // The keys, where the window is too narrow for the sentence.
            let short = format!(
                "{}{}",
                to_list.replace(" moves to the", ":"),
                quit.replace(" quits", ": quit")
            );
            (app.message, app.fitted) = fitted(app.screen, said, short.trim().to_owned());
        }
        // Cleared in the list, the query is typed anew in the search box,
        // where a word's letters are not taken for the list's commands.
        Focus::List => {
            clear_query(app);
            app.focus = Focus::Search;
        }
        Focus::Search => clear_query(app),
    }
}

/// A page's worth of lines: the view's height less one line kept in sight.
fn page(app: &App) -> usize {
    let height = match app.overlay {
        Some(Overlay::Help) => usize::from(inner(help::area(app.screen)).height),
        Some(Overlay::Findings) => usize::from(inner(findings::area(app.screen)).height),
        None => app.detail_height(),
    };
    height.saturating_sub(1).max(1)
}

/// A scroll position moved `lines` down or up, kept within `0..=max`.
fn stepped(at: usize, lines: usize, down: bool, max: usize) -> usize {
    if down {
        at.saturating_add(lines).min(max)
    } else {
        at.min(max).saturating_sub(lines)
    }
}

fn scroll(app: &mut App, lines: usize, down: bool) {
    if app.overlay.is_some() {
        app.overlay_scroll = stepped(app.overlay_scroll, lines, down, app.max_overlay_scroll());
        return;
    }
    app.detail_scroll = stepped(app.detail_scroll, lines, down, app.max_detail_scroll());
}

/// The last stop (section or link) that starts at or above the detail's
/// top line, and how many lines below it that line is.
fn detail_anchor(app: &App) -> Option<Anchor> {
    if app.detail_scroll == 0 || app.shown_index().is_none() {
        return None;
    }
    Some(anchor_in(
        &app.detail_document(app.detail_area()),
        app.detail_scroll,
    ))
}

/// A place in the detail that survives the entry being laid out anew: the
/// last stop (section or link) at or above the top line and the lines into
/// it, or, above the first stop (the entry's heading and summary), the
/// lines into the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// An index into the document's stops; `None` above the first.
    pub stop: Option<usize>,
    pub into: usize,
    /// The lines of that part as laid out when the anchor was taken: laid
    /// out anew at another width, the place is as far through it.
    pub of: usize,
}

/// The first and last-but-one lines of the part of `doc` from `stop` to
/// the next stop (from the top, above the first).
fn part_of(doc: &Document, stop: Option<usize>) -> Option<(usize, usize)> {
    let (from, next) = match stop {
        Some(stop) => {
            let at = doc.stops.get(stop)?;
            (at.line, doc.stops.get(stop + 1).map(|s| s.line))
        }
        None => (0, doc.stops.first().map(|s| s.line)),
    };
    Some((from, next.unwrap_or(doc.lines.len()).max(from + 1)))
}

/// `doc`'s line `scroll` as an anchor (see `Visit::anchor`).
fn anchor_in(doc: &Document, scroll: usize) -> Anchor {
    let stop = doc.stops.iter().rposition(|at| at.line <= scroll);
    let (from, next) = part_of(doc, stop).unwrap_or((0, scroll + 1));
    Anchor {
        stop,
        into: scroll - from,
        of: next - from,
    }
}

/// Scrolls the detail to `anchor` as the entry is laid out now: as far
/// through the same part (the same lines into it, where it is laid out as
/// it was), but no further than that part goes.
fn scroll_to_anchor(app: &mut App, anchor: Option<Anchor>) {
    let Some(Anchor { stop, into, of }) = anchor else {
        return;
    };
    let doc = app.detail_document(app.detail_area());
    let Some((from, next)) = part_of(&doc, stop) else {
        return;
    };
    let lines = next - from;
    // Rounded down: better a line of what was read above than one of it
    // lost.
    let into = if lines == of || of == 0 {
        into
    } else {
        into * lines / of
    };
    app.detail_scroll = from + into.min(lines - 1);
}

fn go_to_stop(app: &mut App, doc: &Document, stop: usize) {
    if let Some(at) = doc.stops.get(stop) {
        app.detail_stop = Some(stop);
        let max = doc.lines.len().saturating_sub(app.detail_height());
        // Links stay where they are when already in view; sections go to the top.
        let in_view =
            at.line >= app.detail_scroll && at.line < app.detail_scroll + app.detail_height();
        if matches!(at.stop, Stop::Section { .. }) || !in_view {
            app.detail_scroll = at.line.min(max);
        }
    }
}

fn move_stop(app: &mut App, forward: bool) {
    let doc = app.detail_document(app.detail_area());
    let count = doc.stops.len();
    if count == 0 {
        return;
    }
    let top = app.detail_scroll;
    let bottom = top + app.detail_height();
    let in_view = |i: usize| {
        doc.stops
            .get(i)
            .is_some_and(|at| at.line >= top && at.line < bottom)
    };
    let next = match app.detail_stop.filter(|&i| in_view(i)) {
        Some(i) if forward => (i + 1) % count,
        Some(i) => (i + count - 1) % count,
        // Scrolled away from the last stop, or none taken yet: the reader
        // means the next section or link after what is on screen, not
        // after a stop left behind.
        None if forward => doc.stops.iter().position(|at| at.line > top).unwrap_or(0),
        None => doc
            .stops
            .iter()
            .rposition(|at| at.line < top)
            .unwrap_or(count - 1),
    };
    go_to_stop(app, &doc, next);
}

fn follow_link(app: &mut App) {
    let doc = app.detail_document(app.detail_area());
    let Some(Stop::Link { code, .. }) = app
        .detail_stop
        .and_then(|i| doc.stops.get(i))
        .map(|s| s.stop.clone())
    else {
        app.message = Some("Tab to a related code, then Enter opens it.".into());
        return;
    };
    let Some(target) = app.content.position(&code) else {
        app.message = Some(format!("{code} is not in this content set."));
        return;
    };
    if let Some(current) = app.shown_index() {
        app.back.push(here(app, current));
    }
    app.forward.clear();
    show_pinned(app, target);
}

/// Moves through the history of opened entries, one step back or forward.
fn travel(app: &mut App, forward: bool) {
    let current = app.shown_index().map(|entry| here(app, entry));
    let (from, to) = if forward {
        (&mut app.forward, &mut app.back)
    } else {
        (&mut app.back, &mut app.forward)
    };
    let Some(next) = from.pop() else {
        let way = if forward { "forward" } else { "back" };
        // From an entry, back may mean the list it was opened from.
        let esc = (app.focus == Focus::Detail && !forward)
            .then(|| app.key_that_does(&Action::Back))
            .flatten();
        match esc {
            Some(esc) => {
                let to = match app.focus_before_detail {
                    Focus::Search => "search box",
                    _ => "list",
                };
                (app.message, app.fitted) = fitted(
                    app.screen,
                    format!("Nothing to go back to in the history; {esc} goes back to the {to}."),
                    format!("No history; {esc} to the {to}."),
                );
            }
            None => app.message = Some(format!("Nothing to go {way} to.")),
        }
        return;
    };
    to.extend(current);
    show_pinned(app, next.entry);
    scroll_to_anchor(app, next.anchor);
    app.detail_stop = next.stop;
    clamp_scrolls(app);
}

fn show_pinned(app: &mut App, entry: usize) {
    app.pinned = Some(entry);
    if app.focus != Focus::Detail {
        app.focus_before_detail = app.focus;
    }
    app.focus = Focus::Detail;
    app.detail_scroll = 0;
    app.detail_stop = None;
}

fn toggle_overlay(app: &mut App, which: Overlay) {
    app.overlay = if app.overlay == Some(which) {
        None
    } else {
        Some(which)
    };
    app.overlay_scroll = 0;
}

fn click(app: &mut App, at: Position) {
    if app.overlay.is_some() {
        return;
    }
    let areas = app.areas();
    if areas.search.contains(at) {
        app.focus = Focus::Search;
    } else if let Some(list) = areas.list.filter(|list| list.contains(at)) {
        app.focus = Focus::List;
        let rows = inner(list);
        if rows.contains(at) {
            let index = app.list_offset + usize::from(at.y - rows.y);
            if index < app.hits.len() {
                select(app, index);
            }
        }
    } else if let Some(detail) = areas.detail.filter(|detail| detail.contains(at))
        && app.shown_index().is_some()
    {
        if app.focus != Focus::Detail {
            app.focus_before_detail = app.focus;
        }
        app.focus = Focus::Detail;
        // A click on a related code's line (or the lines its reason
        // wraps onto) opens it, as Enter on it does.
        let text = inner(detail);
        if text.contains(at) {
            let doc = app.detail_document(detail);
            let scroll = app
                .detail_scroll
                .min(doc.lines.len().saturating_sub(usize::from(text.height)));
            let line = scroll + usize::from(at.y - text.y);
            let stop = doc.stops.iter().rposition(|stop| stop.line <= line);
            let on_link = line < doc.lines.len()
                && stop.is_some_and(|i| {
                    let start = doc.stops[i].line;
                    matches!(doc.stops[i].stop, Stop::Link { .. })
                        && doc.lines[start + 1..=line.min(doc.lines.len() - 1)]
                            .iter()
                            .all(|l| l.to_string().starts_with("      "))
                });
            if on_link {
                app.detail_stop = stop;
                follow_link(app);
            }
        }
    }
}

fn wheel(app: &mut App, at: Position, down: bool) {
    if app.overlay.is_some() {
        scroll(app, WHEEL_LINES, down);
        return;
    }
    let areas = app.areas();
    if areas.list.is_some_and(|list| list.contains(at)) {
        let target = if down {
            app.selected + WHEEL_LINES
        } else {
            app.selected.saturating_sub(WHEEL_LINES)
        };
        select(app, target);
    } else if areas.detail.is_some_and(|detail| detail.contains(at)) {
        // Scrolling the detail is reading it: the keys that follow (a
        // section's digit, `n`) are the detail's, as after a click there.
        if app.focus != Focus::Detail && app.shown_index().is_some() {
            app.focus_before_detail = app.focus;
            app.focus = Focus::Detail;
        }
        scroll(app, WHEEL_LINES, down);
    }
}

fn scroll_trainer(app: &mut App, lines: usize, down: bool) {
    let Some(shown) = &app.trainer else {
        return;
    };
    let max = screen::trainer::max_scroll(app, shown, app.screen);
    // While the case is told the newest step sits at the bottom, so
    // scrolling up moves away from it; the reveal and summary read from the
    // top.
    let from_bottom = shown.session.telling();
    let Some(shown) = app.trainer.as_mut() else {
        return;
    };
    shown.scroll = stepped(shown.scroll, lines, down != from_bottom, max);
}

/// Applies an action in trainer mode; returns false for the actions the
/// browser handles the same way (quit, help, resize, search results).
fn update_trainer(app: &mut App, action: &Action) -> bool {
    // A paste is the answer typed: its characters, not keys.
    if let Action::Paste(text) = action {
        for c in pasted(text).chars().filter(|c| !c.is_whitespace()) {
            update_trainer(app, &Action::Type(c));
        }
        return true;
    }
    // Any key but Esc answers "leave?" with no; what the program does by
    // itself (a search, a load, a resize) answers nothing.
    let leave_asked = match app.trainer.as_mut() {
        Some(trainer) if !action.is_from_program() => trainer.leave_asked.take(),
        Some(trainer) => trainer.leave_asked.clone(),
        None => None,
    };
    // The key that answers "leave?" with no does only that: a Space would
    // move the case on, an `n` show the notes on the projector.
    if leave_asked.is_some() && !action.is_from_program() && leave_asked.as_ref() != Some(action) {
        app.message = Some("Carrying on.".to_owned());
        return true;
    }
    match *action {
        Action::ScrollDown | Action::ScrollUp => {
            scroll_trainer(app, 1, *action == Action::ScrollDown);
            return true;
        }
        Action::PageDown | Action::PageUp => {
            let page = app
                .trainer
                .as_ref()
                .map_or(1, |shown| screen::trainer::page(app, shown, app.screen));
            scroll_trainer(app, page, *action == Action::PageDown);
            return true;
        }
        Action::ScrollTop | Action::ScrollBottom => {
            // Far enough to reach either end; the scroll is clamped.
            scroll_trainer(app, usize::MAX / 2, *action == Action::ScrollBottom);
            return true;
        }
        Action::Wheel { down, .. } => {
            scroll_trainer(app, WHEEL_LINES, down);
            return true;
        }
        Action::ScrollNotesDown | Action::ScrollNotesUp => {
            let Some(shown) = &app.trainer else {
                return true;
            };
            let max = screen::trainer::max_notes_scroll(app, shown, app.screen);
            if let Some(shown) = app.trainer.as_mut() {
                let down = *action == Action::ScrollNotesDown;
                shown.notes_scroll = stepped(shown.notes_scroll, 1, down, max);
            }
            return true;
        }
        Action::ToggleSpeakerNotes => {
            let rows = app.screen.height;
            if let Some(shown) = app.trainer.as_mut() {
                shown.speaker_notes = !shown.speaker_notes;
                shown.notes_scroll = 0;
                // Shown once the window has room; said, not left blank.
                if shown.speaker_notes && rows < screen::trainer::NOTES_MIN_BODY + 1 {
                    let rows = screen::trainer::NOTES_MIN_BODY + 1;
                    (app.message, app.fitted) = fitted(
                        app.screen,
                        format!("Speaker notes show in a window of {rows} rows or more."),
                        format!("Notes need {rows} rows or more."),
                    );
                    if let Some(fitted) = app.fitted.as_mut() {
                        fitted.gone_from_rows = Some(rows);
                    }
                }
            }
            clamp_scrolls(app);
            return true;
        }
        _ => {}
    }
    // Named in what is said below, while the session is borrowed.
    let reveal_key = app.key_that_does(&Action::Reveal);
    let Some(trainer) = app.trainer.as_mut() else {
        return false;
    };
    let session = &mut trainer.session;
    let asking = session.asking().is_some();
    match action {
        Action::NextStep | Action::SubmitAnswer => {
            let was = (
                session.cases.len(),
                session.case().stage,
                session.case().shown,
            );
            // Enter on an empty answer where one was given keeps it.
            let given = session.case().code_answer.clone().filter(|_| {
                session.asking() == Some(Stage::CodeQuestion) && trainer.typed.is_empty()
            });
            if let Some(given) = given {
                session.answer(&given);
            } else if asking && !trainer.typed.is_empty() {
                if session.answer(&trainer.typed) {
                    trainer.typed.clear();
                } else {
                    // A slip of the finger should not cost the class a
                    // point: the answer is refused, and said why. It stays
                    // typed, to be finished (`646` on to 64624) or mended.
                    let typed = &trainer.typed;
                    let choices = session.case().choices().len();
                    let press = screen::trainer::press(choices).to_lowercase();
                    let (long, short) = match session.case().stage {
                        Stage::CodeQuestion if choices == 0 => (
                            format!("{typed} is not a code: type all five characters."),
                            format!("{typed}: type a whole code."),
                        ),
                        Stage::CodeQuestion => (
                            format!(
                                "{typed} is not a choice or a code: {press} or type all five characters."
                            ),
                            format!("{typed}: {press} or a whole code."),
                        ),
                        _ => (
                            format!(
                                "{typed} is not a choice: {press} or type a modifier among them."
                            ),
                            format!("{typed}: {press} or a modifier shown."),
                        ),
                    };
                    (app.message, app.fitted) = fitted(app.screen, long, short);
                }
            } else if asking {
                // Space on a question moves nothing: say what it waits for.
                // With no choices offered, the answer is typed alone.
                let (how, short) = match session.case().choices().len() {
                    0 => ("type it".to_owned(), "type it".to_owned()),
                    n => {
                        let press = screen::trainer::press(n).to_lowercase();
                        (format!("{press} or type it"), press)
                    }
                };
                // And the way past it without one: the reveal.
                let (reveal, short) = match reveal_key {
                    Some(key) => (
                        format!(" ({key} shows the answers)"),
                        format!("Answer: {short}, Enter; {key} reveals."),
                    ),
                    None => (String::new(), format!("Answer first: {short}, then Enter.")),
                };
                (app.message, app.fitted) = fitted(
                    app.screen,
                    format!("This question waits for an answer: {how}, then Enter{reveal}."),
                    short,
                );
            } else {
                session.advance(&app.content);
            }
            // Space on a question waiting for its answer changes nothing,
            // and should not move the view.
            let now = (
                session.cases.len(),
                session.case().stage,
                session.case().shown,
            );
            let moved = was != now;
            if moved {
                trainer.reset_scroll();
                if let Some((long, short)) = trainer.offer_given_answer() {
                    (app.message, app.fitted) = fitted(app.screen, long, short);
                }
                // Opened while the last case was discussed, the notes would
                // put the next case's answer on the projector before the
                // class has heard the case.
                let new_case = now.0 > was.0;
                if new_case && trainer.speaker_notes {
                    trainer.speaker_notes = false;
                    let show = app
                        .keymap
                        .keys_for(Context::Trainer, &Action::ToggleSpeakerNotes)
                        .first()
                        .map(|key| format!(": {key} shows them"))
                        .unwrap_or_default();
                    (app.message, app.fitted) = fitted(
                        app.screen,
                        format!("Speaker notes hidden for the new case{show}."),
                        format!("Notes hidden{show}."),
                    );
                }
            }
        }
        Action::AskNow if session.case().stage == Stage::Steps && !session.finished => {
            let untold =
                session.case().steps.len() - session.case().shown.max(session.case().story);
            session.ask_now();
            trainer.reset_scroll();
            if untold > 0 {
                (app.message, app.fitted) = fitted(
                    app.screen,
                    format!(
                        "The questions now; the {} with the answers.",
                        if untold == 1 {
                            "coding step left shows".to_owned()
                        } else {
                            format!("{untold} coding steps left show")
                        }
                    ),
                    "The questions now.".to_owned(),
                );
            }
        }
        Action::AskNow => {}
        // Nowhere to go: said, and the view left where it is.
        Action::PreviousStep if session.back() == Back::Nowhere => {
            let (long, short) = if session.case().stage == Stage::ModifierQuestion {
                (
                    "The code answer stands: the answers were shown, so ← goes no further.",
                    "The code answer stands.",
                )
            } else if session.case().stage == Stage::Reveal {
                // The steps told are not gone: they end the answers.
                (
                    "This is the first case: nothing comes before it. The case as told ends the \
                     answers, below.",
                    "First case; the case told is below.",
                )
            } else {
                ("Nothing comes before this.", "Nothing before this.")
            };
            (app.message, app.fitted) = fitted(app.screen, long.to_owned(), short.to_owned());
        }
        Action::PreviousStep => {
            // The question of the same case: ← to an earlier case's answers
            // shows its question as it was, drawn again or not.
            let asked = |session: &Session| {
                let question = session.case().modifier.as_ref();
                (session.cases.len(), question.map(|q| q.situation.clone()))
            };
            let before = asked(session);
            let hiding = session.back() == Back::HideAnswers;
            session.go_back(&app.content);
            trainer.typed.clear();
            let offered = trainer.offer_given_answer();
            // Said, since the seed promises the same questions: the one the
            // reveal answered is no question any more.
            let after = asked(&trainer.session);
            let case = trainer.session.case();
            let stands = hiding
                && after == before
                && case
                    .modifier
                    .as_ref()
                    .is_some_and(|q| case.modifiers_shown.contains(&q.answer));
            let redrawn = if after.0 == before.0 && after.1 != before.1 {
                // Back at the code question, the modifier question is one
                // still to come: said as that, not as the one on screen.
                Some(if case.stage == Stage::CodeQuestion {
                    (
                        "Not scored now (the answers were shown); the modifier question to \
                         come is drawn anew."
                            .to_owned(),
                        "Not scored; next question drawn anew.".to_owned(),
                    )
                } else {
                    (
                        "The modifier question is drawn again: the reveal showed its answer."
                            .to_owned(),
                        "Modifier question drawn again.".to_owned(),
                    )
                })
            } else if stands {
                // No row of the table is left whose answer was not shown.
                Some((
                    "No other modifier is left to ask: the question stands, its answer shown, \
                     so not scored."
                        .to_owned(),
                    "Same modifier question: not scored.".to_owned(),
                ))
            } else {
                None
            };
            let said = match (redrawn, offered) {
                (Some((long, short)), Some((offer, _))) => Some((format!("{long} {offer}"), short)),
                (said, offered) => said.or(offered),
            };
            if let Some((long, short)) = said {
                (app.message, app.fitted) = fitted(app.screen, long, short);
            }
            trainer.reset_scroll();
        }
        Action::Reveal => {
            // An answer on screen but not yet entered counts: the class
            // saw it picked.
            if !session.reveal_with(if asking { &trainer.typed } else { "" }) {
                (app.message, app.fitted) = fitted(
                    app.screen,
                    format!(
                        "{} is not a choice, so the case is revealed unanswered.",
                        trainer.typed
                    ),
                    format!("{} is no choice: revealed unanswered.", trainer.typed),
                );
            }
            trainer.typed.clear();
            trainer.reset_scroll();
        }
        Action::Type(c) => {
            // Codes are digits with a final F or T; modifiers are digits
            // and letters (50, LT, RT).
            let code_question = asking && session.case().stage == Stage::CodeQuestion;
            let fits = c.is_ascii_digit()
                || if code_question {
                    matches!(c, 'f' | 'F' | 't' | 'T')
                } else {
                    c.is_ascii_alphabetic()
                };
            // Room for a code typed out, or a modifier such as 50.
            let room = if code_question { 5 } else { 2 };
            if asking && fits && std::mem::take(&mut trainer.typed_is_given) {
                trainer.typed.clear();
            }
            if asking && fits && trainer.typed.len() < room {
                trainer.typed.push(c.to_ascii_uppercase());
            } else if asking && fits {
                (app.message, app.fitted) = fitted(
                    app.screen,
                    format!("The answer is {room} characters at most: Backspace to mend it."),
                    format!("{room} characters at most: Backspace."),
                );
            } else if c.is_ascii_digit() && session.case().stage == Stage::Steps {
                // A class calling out a choice while the case is told: said,
                // not lost without a word.
                (app.message, app.fitted) = fitted(
                    app.screen,
                    "Answers are taken at the questions, after the case: Space goes on.".to_owned(),
                    "Answers come after the case.".to_owned(),
                );
            }
        }
        Action::DeleteBackward => {
            trainer.typed.pop();
            trainer.typed_is_given = false;
        }
        // A half-typed answer goes first, as a query does in the search
        // box: one Esc too many must not end the class's session.
        Action::Back if !trainer.typed.is_empty() => trainer.typed.clear(),
        // A class's session of several cases is not ended by one stray
        // key: leaving it loses the cases still to come; nor one case with
        // an answer given, which its reveal has not yet scored.
        Action::Back | Action::Quit
            if leave_asked.as_ref() != Some(action)
                && !session.finished
                && (session.case_count() > 1
                    || (session.case().code_answer.is_some()
                        && session.case().stage != Stage::Reveal)) =>
        {
            trainer.leave_asked = Some(action.clone());
            // Shorter still where a narrow status line would cut how to
            // stay.
            let (long, short) = if *action == Action::Back {
                (
                    "Esc again ends the session and goes to the browser; any other key stays.",
                    "Esc again ends it; others stay.",
                )
            } else {
                (
                    "Press again to quit; any other key stays.",
                    "Again quits; others stay.",
                )
            };
            (app.message, app.fitted) = fitted(app.screen, long.to_owned(), short.to_owned());
        }
        Action::Back => {
            let result = Some(trainer.session.result(&app.content));
            if trainer.reported {
                app.last_training = result;
            } else {
                app.last_browser_training = result;
            }
            app.trainer = None;
            if let Some(content) = app.waiting_content.take() {
                replace_content(app, content);
            }
        }
        Action::Quit | Action::ToggleHelp => return false,
        action if action.is_from_program() => return false,
        // Browser keys mean nothing while training.
        _ => {}
    }
    true
}

/// A status message with a short form for a narrow window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fitted {
    long: String,
    short: String,
    /// The window height from which the message no longer holds (speaker
    /// notes that waited for room show then).
    gone_from_rows: Option<u16>,
}

/// A message and its forms, for `App::message` and `App::fitted`: `long`,
/// or `short` where the window is too narrow for it (see `fitting`).
fn fitted(screen: Rect, long: String, short: String) -> (Option<String>, Option<Fitted>) {
    let said = fitting(screen, long.clone(), short.clone());
    let forms = Fitted {
        long,
        short,
        gone_from_rows: None,
    };
    (Some(said), Some(forms))
}

/// After a resize: a message with a short form says the form that fits
/// now, or nothing when the window has made it untrue.
fn refit_message(app: &mut App) {
    let Some(fitted) = app.fitted.take() else {
        return;
    };
    let said = app.message.as_ref();
    if said != Some(&fitted.long) && said != Some(&fitted.short) {
        // Another message since: the forms were of one gone.
        return;
    }
    if fitted
        .gone_from_rows
        .is_some_and(|rows| app.screen.height >= rows)
    {
        app.message = None;
        return;
    }
    app.message = Some(fitting(
        app.screen,
        fitted.long.clone(),
        fitted.short.clone(),
    ));
    app.fitted = Some(fitted);
}

/// `long` where the status line (a cell of margin, then the message) has
/// room for it whole on `screen`, else `short`: a message cut short loses
/// its end, which is often what to do.
fn fitting(screen: Rect, long: String, short: String) -> String {
    use unicode_width::UnicodeWidthStr;
    if long.width() < usize::from(screen.width) {
        long
    } else {
        short
    }
}
