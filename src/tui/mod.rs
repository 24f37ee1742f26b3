//! The full-screen browser: terminal set-up and restore, the event loop, and
//! the background search worker. State and drawing live in `app` and
//! `screen`; this module only moves events to `update` and frames to the
//! terminal.

pub mod action;
pub mod app;
pub mod keymap;
pub mod layout;
pub mod screen;
pub mod theme;

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Once};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Rect;
use signal_hook::consts::{
    SIGALRM, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2,
};
use signal_hook::iterator::Signals;

use self::action::{Action, SharedContent};
use self::app::{App, SearchRequest, update};
use self::keymap::{Key, Keymap};
use self::theme::Theme;
use crate::loader::{Rest, Start};
use crate::search::{SearchIndex, Searcher};
use crate::training::{Session, SessionResult};

/// Everything the event loop waits on.
enum Event {
    Terminal(TermEvent),
    /// SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2 or SIGALRM (its
    /// number), or the terminal
    /// gone (`None`): leave cleanly.
    Signal(Option<i32>),
    /// SIGTSTP (`kill -TSTP`, a job stopped): give the terminal back, stop,
    /// and take it again when continued.
    Suspend,
    /// What a background worker (search, load) came back with.
    Worker(Action),
}

/// How the browser ended.
#[derive(Debug)]
pub struct Ended {
    /// The result of the session `cptref train` opened, if any.
    pub training: Option<SessionResult>,
    /// The result of the last session opened with `t` in the browser.
    pub browser_training: Option<SessionResult>,
    /// The signal that ended it (SIGTERM, SIGHUP, SIGINT), if one did: the
    /// process should report it in its exit status, as a shell does.
    pub signal: Option<i32>,
    /// Warnings from the load that went on behind the first screen, to say
    /// on standard error.
    pub notices: Vec<String>,
    /// The error that ended it when the terminal could no longer be drawn
    /// on.
    pub lost_terminal: Option<io::Error>,
}

/// Runs the browser until the user quits, starting in trainer mode when a
/// session is given. What the start left to do (checking or reading the
/// folder) goes on in the background while the first screen is up. The
/// terminal is restored on every way out: a normal quit, an error, a signal
/// or a panic.
pub fn run(
    start: Start,
    training: Option<Session>,
    keymap: Keymap,
    theme: Theme,
) -> io::Result<Ended> {
    install_panic_hook();
    // Caught from before the terminal is taken, so that a signal in the
    // first milliseconds (while a large set's first screen is laid out)
    // cannot end the process with the terminal still raw: it waits, and
    // the loop leaves cleanly for it.
    // And the others whose default is to end the process (USR1, USR2,
    // ALRM): ended by one, the terminal would be left raw.
    let signals = Signals::new([
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGUSR1, SIGUSR2, SIGALRM,
    ])?;
    let guard = TerminalGuard::enter()?;
    let mut rest = None;
    let result = event_loop(start, training, keymap, theme, signals, &mut rest);
    // The terminal is given back before a cache write is waited for.
    drop(guard);
    drop(rest);
    result
}

fn event_loop(
    start: Start,
    training: Option<Session>,
    keymap: Keymap,
    theme: Theme,
    signals: Signals,
    rest: &mut Option<RestOfLoad>,
) -> io::Result<Ended> {
    let mut terminal = Terminal::new(CrosstermBackend::new(screen_writer()))?;
    let size = terminal.size()?;
    let screen = Rect::new(0, 0, size.width, size.height);
    // crossterm leaves out colours under NO_COLOR on its own; the theme has
    // already weighed NO_COLOR against `--color`.
    ratatui::crossterm::style::force_color_output(theme.colour);
    let mut app = App::new(start.content, theme, screen);
    app.keymap = keymap;
    app.next_seed = crate::training::fresh_seed();
    if in_tmux() {
        app.copy_route = app::CopyRoute::TmuxBuffer;
    }
    if let Some(session) = training {
        app::open_reported_training(&mut app, session);
    }

    let (events, inbox) = mpsc::channel();
    spawn_input_reader(events.clone());
    spawn_signal_listener(signals, events.clone());
    spawn_hangup_watch(events.clone());
    // The worker is there even for a small set: a background load can
    // replace it with a large one.
    let searches = spawn_search_worker(Arc::clone(app.index()), events.clone())?;
    // Kept by `run` past the loop, however it ends: see `RestOfLoad::drop`.
    if let Some(load) = start.rest {
        app.loading = Some(load.describe());
        *rest = Some(spawn_rest_of_load(load, events.clone())?);
    }

    let mut signal = None;
    let mut lost = None;
    loop {
        // A resize before the input reader began listening for them (in
        // the first milliseconds) sends no event: the size is asked again
        // before each frame, so the layout never stays at a size gone.
        if let Ok(size) = terminal.size()
            && (size.width, size.height) != (app.screen.width, app.screen.height)
        {
            update(
                &mut app,
                Action::Resize {
                    width: size.width,
                    height: size.height,
                },
            );
        }
        // A terminal gone (a window closed, ssh dropped) ends the session
        // with what it holds, so a trainer's record is still written.
        if let Err(error) = terminal.draw(|frame| screen::view(&app, frame)) {
            // EIO is a terminal that hung up (the window closed before its
            // SIGHUP came): ended as the signal would end it.
            if error.raw_os_error() == Some(rustix::io::Errno::IO.raw_os_error()) {
                signal = Some(SIGHUP);
                ENDED_BY_SIGNAL.store(true, std::sync::atomic::Ordering::SeqCst);
            } else {
                lost = Some(error);
            }
            break;
        }
        // A search still out after a moment is said on the list, where
        // the hits shown are an older query's.
        let pending = app.hits_generation != app.search_generation && !app.search_slow;
        let first = if pending {
            match inbox.recv_timeout(SEARCH_SLOW_AFTER) {
                Ok(event) => event,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let generation = app.search_generation;
                    update(&mut app, Action::SearchSlow { generation });
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            let Ok(event) = inbox.recv() else { break };
            event
        };
        // Apply everything already queued before drawing again, so a burst
        // of keys (a paste, key repeat) costs one frame, not one per key.
        for event in std::iter::once(first).chain(inbox.try_iter()) {
            if let Event::Signal(Some(number)) = event {
                signal = Some(number);
            }
            // Ctrl-Z stops the job, as in less or vim (raw mode makes it a
            // key, not the signal), unless the keymap gives it a use.
            let suspends = match &event {
                Event::Suspend => true,
                Event::Terminal(TermEvent::Key(pressed)) => {
                    pressed.kind == KeyEventKind::Press
                        && pressed.code == KeyCode::Char('z')
                        && pressed.modifiers == KeyModifiers::CONTROL
                        && app.action_for_key(Key::from_event(*pressed)).is_none()
                }
                _ => false,
            };
            if suspends {
                suspend(&mut terminal);
                continue;
            }
            if let Some(action) = to_action(&app, event) {
                update(&mut app, action);
            }
        }
        if let Some(request) = app.pending_search.take() {
            let _ = searches.send(request);
        }
        // Inside tmux, tmux passes the code on to the terminal itself; a
        // request of our own as well would leave two copies in its buffers.
        if let Some(text) = app.clipboard.take()
            && !copy_in_tmux(&text)
        {
            let backend = terminal.backend_mut();
            // A terminal that does not keep clipboard requests ignores this.
            let _ = backend
                .write_all(clipboard_request(&text).as_bytes())
                .and_then(|()| backend.flush());
        }
        // A signal ends the program whatever the screen would ask first (a
        // trainer session of several cases asks before it quits): a
        // supervisor sends one, then kills.
        if signal.is_some() {
            ENDED_BY_SIGNAL.store(true, std::sync::atomic::Ordering::SeqCst);
            break;
        }
        if app.should_quit {
            break;
        }
    }
    // ratatui shows the cursor again when its terminal is dropped, and on
    // a terminal that is gone that fails with a message whose own writing
    // panics; shown here, a failure means there is nothing to restore.
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
    Ok(Ended {
        training: app.training_result(),
        browser_training: app.browser_training_result(),
        signal,
        notices: std::mem::take(&mut app.late_notices),
        lost_terminal: lost,
    })
}

/// The escape sequence (OSC 52) that asks the terminal to put `text` on the
/// system clipboard. It travels with the screen's own output, so it works
/// over ssh and inside tmux (with `set-clipboard` on, tmux's default being
/// to pass it to the terminal around it), where no clipboard program could.
fn clipboard_request(text: &str) -> String {
    use base64::prelude::{BASE64_STANDARD, Engine as _};
    format!("\x1b]52;c;{}\x07", BASE64_STANDARD.encode(text))
}

/// Inside tmux, puts `text` in tmux's paste buffer and asks tmux to pass
/// it on to the terminal's clipboard: tmux's default (`set-clipboard
/// external`) drops a program's own clipboard request. Whether that worked;
/// outside tmux, or where tmux fails, the program's own request is left to
/// do it.
fn copy_in_tmux(text: &str) -> bool {
    use std::process::{Command, Stdio};
    if !in_tmux() {
        return false;
    }
    // `-w` (tmux 3.2 and later) is what reaches the clipboard; an older
    // tmux refuses it, and gets the buffer alone.
    for args in [&["load-buffer", "-w", "-"][..], &["load-buffer", "-"][..]] {
        let child = Command::new("tmux")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut child) = child else {
            return false;
        };
        let written = child
            .stdin
            .take()
            .is_some_and(|mut stdin| stdin.write_all(text.as_bytes()).is_ok());
        match finished_in_time(&mut child) {
            Some(true) if written => {
                // The buffer alone (an old tmux) does not reach the clipboard.
                return args.contains(&"-w");
            }
            Some(_) => {}
            // A tmux that does not answer would freeze the browser, keys
            // and signals with it: given up on, and not asked again.
            None => return false,
        }
    }
    false
}

/// How long a background search runs before the list says it is still
/// searching: longer than nearly every keystroke's search at 100,000
/// entries, so the list does not flicker while typing.
const SEARCH_SLOW_AFTER: Duration = Duration::from_millis(300);

/// Whether the browser runs inside tmux, which copies by its own buffer.
fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|tmux| !tmux.is_empty())
}

/// How long the clipboard helper may take before it is given up on.
const CLIPBOARD_TIMEOUT: Duration = Duration::from_secs(1);

/// Whether `child` succeeded, waiting at most `CLIPBOARD_TIMEOUT`; `None`
/// when it took longer (it is then killed) or could not be waited for.
fn finished_in_time(child: &mut std::process::Child) -> Option<bool> {
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status.success()),
            Ok(None) if started.elapsed() < CLIPBOARD_TIMEOUT => {
                thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

fn to_action(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Signal(_) => Some(Action::Quit),
        Event::Suspend => None,
        Event::Worker(action) => Some(action),
        Event::Terminal(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
            app.action_for_key(Key::from_event(key))
        }
        Event::Terminal(TermEvent::Mouse(mouse)) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: mouse.column,
                row: mouse.row,
                down: mouse.kind == MouseEventKind::ScrollDown,
            }),
            _ => None,
        },
        Event::Terminal(TermEvent::Resize(width, height)) => Some(Action::Resize { width, height }),
        // Over help or the problems list there is no box to paste into.
        Event::Terminal(TermEvent::Paste(text)) if app.overlay.is_none() => {
            Some(Action::Paste(text))
        }
        Event::Terminal(_) => None,
    }
}

fn spawn_input_reader(events: Sender<Event>) {
    thread::spawn(move || {
        while let Ok(event) = event::read() {
            if events.send(Event::Terminal(event)).is_err() {
                break;
            }
        }
        // The terminal went away: ask the loop to finish.
        let _ = events.send(Event::Signal(None));
    });
}

/// Ends the program as SIGHUP would when its terminal hangs up (the window
/// closed, ssh dropped) and no SIGHUP comes (a wrapper ignores it): the
/// input reader then reads the dead terminal over and over, at full speed,
/// without an error, and a trainer's record would never be written.
fn spawn_hangup_watch(events: Sender<Event>) {
    #[cfg(unix)]
    thread::spawn(move || {
        use rustix::event::{PollFd, PollFlags, poll};
        let stdin = io::stdin();
        // No events asked for: poll returns only on a hangup or an error.
        let mut watched = [PollFd::new(&stdin, PollFlags::empty())];
        loop {
            match poll(&mut watched, None) {
                Ok(_) => {
                    let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
                    if watched[0].revents().intersects(gone) {
                        let _ = events.send(Event::Signal(Some(SIGHUP)));
                        return;
                    }
                }
                Err(rustix::io::Errno::INTR) => {}
                Err(_) => return,
            }
        }
    });
    #[cfg(not(unix))]
    let _ = events;
}

/// Set when a signal (or a hangup) has ended the browser: the process is
/// already ending for it, writing what it must (a trainer's record).
static ENDED_BY_SIGNAL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn spawn_signal_listener(mut signals: Signals, events: Sender<Event>) {
    thread::spawn(move || {
        for signal in signals.forever() {
            let event = if signal == SIGTSTP {
                Event::Suspend
            } else {
                Event::Signal(Some(signal))
            };
            if events.send(event).is_err() {
                if signal == SIGTSTP {
                    let _ = signal_hook::low_level::raise(SIGSTOP);
                    continue;
                }
                // Ending for a signal already: a second one (the SIGHUP
                // that follows a hangup) must not cut the record short.
                if ENDED_BY_SIGNAL.load(std::sync::atomic::Ordering::SeqCst) {
                    continue;
                }
                // The browser has closed and the process is finishing (a
                // cache write, say): the signal does what it does by
                // default, so Ctrl-C still ends a wait that runs long.
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                break;
            }
        }
    });
}

/// Stops the process as SIGTSTP would, with the terminal given back to the
/// shell first, and takes it again (raw, the alternate screen, a full
/// redraw) when the process is continued.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Box<dyn Write + Send>>>) {
    restore_terminal();
    // Stops here until SIGCONT (`fg`).
    let _ = signal_hook::low_level::raise(SIGSTOP);
    if enable_raw_mode()
        .and_then(|()| TerminalGuard::take_screen())
        .is_ok()
    {
        // What was on screen is gone: all of it is drawn again. (Not by
        // `clear`, which first asks the terminal where its cursor is, and
        // the answer goes to the input reader.)
        if let Ok(size) = terminal.size() {
            let _ = terminal.resize(Rect::new(0, 0, size.width, size.height));
        }
    }
}

/// The thread finishing a quick start.
struct RestOfLoad {
    thread: Option<thread::JoinHandle<()>>,
    /// `WORKING`, then `WRITING` once it starts on the cache, or `QUITTING`
    /// if the browser quit first.
    state: Arc<AtomicU8>,
}

const WORKING: u8 = 0;
const WRITING: u8 = 1;
const QUITTING: u8 = 2;

impl Drop for RestOfLoad {
    /// On the way out. Reading files can simply stop with the process, but
    /// a cache half written would leave its temporary file behind, so a
    /// write that has begun is waited for, and one that has not will not
    /// begin.
    fn drop(&mut self) {
        if self.state.swap(QUITTING, Ordering::SeqCst) == WRITING
            && let Some(thread) = self.thread.take()
        {
            let _ = thread.join();
        }
    }
}

/// Finishes a quick start on its own thread: the new content, if any, then
/// word that it is done.
fn spawn_rest_of_load(rest: Rest, events: Sender<Event>) -> io::Result<RestOfLoad> {
    let state = Arc::new(AtomicU8::new(WORKING));
    let shared = Arc::clone(&state);
    let thread = thread::Builder::new()
        .name(LOAD_THREAD.into())
        .spawn(move || {
            let replaced = |content| {
                let action = Action::ContentReplaced(SharedContent(content));
                let _ = events.send(Event::Worker(action));
            };
            let may_write = || {
                shared
                    .compare_exchange(WORKING, WRITING, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
            };
            let notices = match rest.finish(replaced, may_write) {
                Ok(notices) => notices,
                Err(error) => vec![format!(
                    "could not look at the content folder again: {error}"
                )],
            };
            let _ = events.send(Event::Worker(Action::LoadFinished { notices }));
        })?;
    Ok(RestOfLoad {
        thread: Some(thread),
        state,
    })
}

/// Searches on its own thread; when queries pile up, only the newest is run.
fn spawn_search_worker(
    index: Arc<SearchIndex>,
    events: Sender<Event>,
) -> io::Result<Sender<SearchRequest>> {
    let (requests, inbox): (Sender<SearchRequest>, Receiver<SearchRequest>) = mpsc::channel();
    thread::Builder::new()
        .name(SEARCH_THREAD.into())
        .spawn(move || {
            let mut searcher = Searcher::new(index);
            while let Ok(first) = inbox.recv() {
                let newest = inbox.try_iter().last().unwrap_or(first);
                if !Arc::ptr_eq(searcher.index(), &newest.index) {
                    searcher = Searcher::new(newest.index);
                }
                let hits = searcher.search(&newest.query);
                // Worked out here, off the screen's thread: on a large set
                // it looks through every word.
                let suggestion = searcher.index().suggestion_for(&newest.query, &hits);
                let done = Action::SearchDone {
                    generation: newest.generation,
                    hits,
                    suggestion,
                };
                if events.send(Event::Worker(done)).is_err() {
                    break;
                }
            }
        })?;
    Ok(requests)
}

/// Raw mode, the alternate screen, mouse capture and bracketed paste,
/// undone on drop.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        enable_raw_mode()?;
        let guard = TerminalGuard;
        TerminalGuard::take_screen()?;
        Ok(guard)
    }

    /// The alternate screen, the mouse and bracketed paste.
    fn take_screen() -> io::Result<()> {
        execute!(
            screen_writer(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Where the screen is drawn: standard output, or standard error when
/// output is redirected (`cptref train --json > result.json`), so the
/// redirected stream gets only the result.
fn screen_writer() -> Box<dyn Write + Send> {
    // Decided once: a terminal that hung up is no terminal any more, and
    // restoring it must not then write its escapes into a redirected
    // standard error (a log).
    static ON_STDOUT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON_STDOUT.get_or_init(|| io::stdout().is_terminal()) {
        Box::new(io::stdout())
    } else {
        Box::new(io::stderr())
    }
}

/// Why the terminal cannot draw a screen, if it cannot: `TERM` unset, or
/// `dumb` (an editor's shell buffer, say), which would show the escape
/// sequences as text.
pub fn cannot_draw() -> Option<&'static str> {
    match std::env::var("TERM") {
        Ok(term) if term == "dumb" => Some("TERM is dumb"),
        Ok(term) if !term.is_empty() => None,
        _ => Some("TERM is not set"),
    }
}

/// Whether there is a terminal to draw on and read keys from.
pub fn has_terminal() -> bool {
    io::stdin().is_terminal() && (io::stdout().is_terminal() || io::stderr().is_terminal())
}

/// Puts the terminal back as the shell expects it. Safe to call twice.
fn restore_terminal() {
    let _ = execute!(
        screen_writer(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// The browser's own long-lived threads, named so a panic message says
/// which it was.
const SEARCH_THREAD: &str = "cptref-search";
const LOAD_THREAD: &str = "cptref-load";

/// Restores the terminal before the panic message is printed, so the message
/// is readable and the shell usable. A panic on any thread but the main one
/// ends the process too: the screen has just been given back to the shell,
/// so drawing on would garble it, and a search or load would silently stop.
/// (A thread that re-raises a helper's panic does not run this hook again,
/// so the helper's own panic must end it.)
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
            if thread::current().name() != Some("main") {
                std::process::exit(101);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clipboard_request_carries_the_text_in_base64() {
        // "64624" in base64 is "NjQ2MjQ=".
        assert_eq!(clipboard_request("64624"), "\u{1b}]52;c;NjQ2MjQ=\u{7}");
    }
}
