//! The keymap: which key does what in which part of the browser. The status
//! line and the help overlay are built from it, so what they show is always
//! what the keys do.

use std::collections::{HashMap, HashSet};
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// The part of the browser a binding applies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Typing in the search box.
    Search,
    /// The results list, not typing.
    List,
    /// The detail view of an entry.
    Detail,
    /// The help overlay.
    Help,
    /// The content-problems overlay.
    Findings,
    /// Trainer mode.
    Trainer,
    /// Everywhere, after the more specific context.
    Global,
}

impl Context {
    /// The names a configuration file's `[keys.<part>]` tables use.
    pub const PARTS: [(&'static str, Context); 7] = [
        ("search", Context::Search),
        ("list", Context::List),
        ("detail", Context::Detail),
        ("help", Context::Help),
        ("findings", Context::Findings),
        ("trainer", Context::Trainer),
        ("global", Context::Global),
    ];

    /// The context a configuration file's `[keys.<part>]` names.
    pub fn from_part(part: &str) -> Option<Context> {
        Context::PARTS
            .iter()
            .find(|(name, _)| *name == part)
            .map(|(_, context)| *context)
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Search => "Search box",
            Context::List => "Results list",
            Context::Detail => "Detail",
            Context::Help => "Help",
            Context::Findings => "Content problems",
            Context::Trainer => "Trainer mode",
            Context::Global => "Everywhere",
        }
    }
}

/// A key with its modifiers, normalised so `Shift-A` and `A` are one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key { code, modifiers }
    }

    pub const fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub const fn alt(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::ALT)
    }

    /// Terminals differ in whether a typed capital carries Shift and in how
    /// they report Shift-Tab; this folds those differences away.
    pub fn from_event(event: KeyEvent) -> Key {
        let mut modifiers =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match event.code {
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if modifiers.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, modifiers }
    }

    /// A printable character typed without Ctrl or Alt.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c)
                if !self
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        }
    }
}

impl std::str::FromStr for Key {
    type Err = String;

    /// A key as the help overlay names it (`c`, `Ctrl-y`, `Alt-←`, `F2`,
    /// `PgDn`, `Shift-Tab`), or with words for the arrows (`Left`).
    fn from_str(text: &str) -> Result<Key, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (modifier, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if modifiers.contains(modifier) {
                return Err(format!("key `{text}` names `{}` twice", &rest[..len]));
            }
            modifiers |= modifier;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let one = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "↑" => KeyCode::Up,
            "↓" => KeyCode::Down,
            "←" => KeyCode::Left,
            "→" => KeyCode::Right,
            name => match (
                one,
                name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()),
            ) {
                // No key types one of these as itself: a terminal sends a
                // control character for Ctrl and a letter, or for a named key.
                (Some(c), _) if c.is_control() => {
                    return Err(format!(
                        "key `{}` is a control character, which no key types as itself; name \
                         the key instead, as in Ctrl-a, Tab, Enter or Esc",
                        c.escape_unicode()
                    ));
                }
                (Some(c), _) if c != ' ' && c.is_whitespace() => {
                    return Err(format!(
                        "key `{}` is a space other than the space bar's; name that one Space",
                        c.escape_unicode()
                    ));
                }
                // Marks of no width (a zero-width space, a variation
                // selector, an accent alone) and the fillers drawn as
                // nothing.
                (Some(c), _)
                    if c != ' ' && crate::search::is_blank(&c.to_string())
                        || unicode_width::UnicodeWidthChar::width(c) == Some(0)
                        || matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}') =>
                {
                    return Err(format!(
                        "key `{}` is an invisible character, which no key types; name a key \
                         that can be seen",
                        c.escape_unicode()
                    ));
                }
                (Some(c), _) => KeyCode::Char(c),
                (None, Some(n @ 1..=12)) => KeyCode::F(n),
                _ => {
                    return Err(format!(
                        "unknown key `{text}`: name a character, or Space, Enter, Esc, Tab, Shift-Tab, \
                             Backspace, Delete, Up, Down, Left, Right, PgUp, PgDn, Home, End or F1–F12, \
                             with Ctrl-, Alt- or Shift- before it"
                    ));
                }
            },
        };
        // As `from_event` folds a key pressed, so the two compare equal.
        // Shift makes the capital, or Tab the back-tab, as a terminal
        // reports them; `from_event` then drops Shift as it does there.
        let shift = modifiers.contains(KeyModifiers::SHIFT);
        // Shift with a digit or a sign types another character, which the
        // keyboard decides (`!` for 1 on many): as the plain key, it would
        // take that key over without a word.
        if let KeyCode::Char(c) = code
            && shift
            && c.is_ascii_digit()
        {
            return Err(format!(
                "key `{text}`: Shift with `{c}` types another character, which depends on the \
                 keyboard; name the character it types (`!` for Shift-1 on a US keyboard)"
            ));
        }
        if let KeyCode::Char(c) = code
            && shift
            && c.is_ascii_punctuation()
        {
            return Err(format!(
                "key `{text}`: a sign is named as it is typed, Shift and all: write `{c}` alone, \
                 or the sign Shift makes of it"
            ));
        }
        let code = match code {
            KeyCode::Tab if shift => KeyCode::BackTab,
            KeyCode::Char(c) if shift => KeyCode::Char(c.to_ascii_uppercase()),
            other => other,
        };
        Ok(Key::from_event(KeyEvent::new(code, modifiers)))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            write!(f, "Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            write!(f, "Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            write!(f, "Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => write!(f, "Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => write!(f, "↑"),
            KeyCode::Down => write!(f, "↓"),
            KeyCode::Left => write!(f, "←"),
            KeyCode::Right => write!(f, "→"),
            KeyCode::Enter => write!(f, "Enter"),
            KeyCode::Esc => write!(f, "Esc"),
            KeyCode::Tab => write!(f, "Tab"),
            KeyCode::BackTab => write!(f, "Shift-Tab"),
            KeyCode::Backspace => write!(f, "Backspace"),
            KeyCode::Delete => write!(f, "Delete"),
            KeyCode::PageUp => write!(f, "PgUp"),
            KeyCode::PageDown => write!(f, "PgDn"),
            KeyCode::Home => write!(f, "Home"),
            KeyCode::End => write!(f, "End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Bindings in the order the help overlay lists them.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Context, Key, Action)>,
    /// Keys a configuration took away in a context: they do nothing there,
    /// not even what the global bindings give them.
    unbound: HashSet<(Context, Key)>,
    /// Each key's action in each context (the first binding's), looked up
    /// at every key press and for every key the status line names.
    actions: HashMap<(Context, Key), Action>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        use Action as A;
        use Context::*;
        use KeyCode as K;
        let mut bindings = Vec::new();
        let mut bind = |context, keys: &[Key], action: Action| {
            for key in keys {
                bindings.push((context, *key, action.clone()));
            }
        };
        let up = Key::plain(K::Up);
        let down = Key::plain(K::Down);

        for context in [Search, List] {
            bind(
                context,
                &[down, Key::ctrl('n'), Key::ctrl('j')],
                A::SelectNext,
            );
            bind(
                context,
                &[up, Key::ctrl('p'), Key::ctrl('k')],
                A::SelectPrevious,
            );
            bind(context, &[Key::plain(K::PageDown)], A::SelectPageDown);
            bind(context, &[Key::plain(K::PageUp)], A::SelectPageUp);
            bind(context, &[Key::plain(K::Enter)], A::OpenDetail);
        }
        bind(Search, &[Key::plain(K::Backspace)], A::DeleteBackward);
        bind(Search, &[Key::ctrl('w')], A::DeleteWord);
        bind(Search, &[Key::plain(K::Delete)], A::DeleteForward);
        // As in a shell's line editor; after `/`, the query stays and the
        // cursor goes to its start or end, as in an address bar.
        bind(
            Search,
            &[Key::plain(K::Left), Key::ctrl('b')],
            A::CursorLeft,
        );
        bind(
            Search,
            &[Key::plain(K::Right), Key::ctrl('f')],
            A::CursorRight,
        );
        bind(
            Search,
            &[Key::plain(K::Home), Key::ctrl('a')],
            A::CursorStart,
        );
        bind(Search, &[Key::plain(K::End), Key::ctrl('e')], A::CursorEnd);
        bind(Search, &[Key::ctrl('u')], A::ClearQuery);
        bind(Search, &[Key::plain(K::Esc)], A::Back);
        bind(Search, &[Key::plain(K::Tab)], A::FocusList);

        bind(List, &[Key::char('j')], A::SelectNext);
        bind(List, &[Key::char('k')], A::SelectPrevious);
        bind(List, &[Key::plain(K::Home), Key::char('g')], A::SelectFirst);
        bind(List, &[Key::plain(K::End), Key::char('G')], A::SelectLast);
        bind(List, &[Key::plain(K::Esc)], A::Back);
        bind(List, &[Key::ctrl('u')], A::ClearQuery);
        // Tab goes on through the panes, as from the search box to here.
        bind(List, &[Key::plain(K::Tab)], A::OpenDetail);
        bind(List, &[Key::plain(K::BackTab)], A::FocusSearch);

        for context in [Detail, Help, Findings] {
            bind(context, &[down, Key::char('j')], A::ScrollDown);
            bind(context, &[up, Key::char('k')], A::ScrollUp);
            bind(
                context,
                &[Key::plain(K::PageDown), Key::char(' ')],
                A::PageDown,
            );
            bind(context, &[Key::plain(K::PageUp)], A::PageUp);
            bind(
                context,
                &[Key::plain(K::Home), Key::char('g')],
                A::ScrollTop,
            );
            bind(
                context,
                &[Key::plain(K::End), Key::char('G')],
                A::ScrollBottom,
            );
        }
        bind(Detail, &[Key::plain(K::Tab)], A::NextStop);
        bind(Detail, &[Key::plain(K::BackTab)], A::PreviousStop);
        for n in 1..=9 {
            let digit = char::from_digit(n as u32, 10).unwrap_or('1');
            bind(Detail, &[Key::char(digit)], A::JumpToSection(n));
        }
        bind(Detail, &[Key::plain(K::Enter)], A::FollowLink);
        bind(Detail, &[Key::plain(K::Esc)], A::Back);
        bind(Detail, &[Key::plain(K::Backspace)], A::HistoryBack);
        // As in less, after a search.
        bind(Detail, &[Key::char('n')], A::NextMatch);
        bind(Detail, &[Key::char('N')], A::PreviousMatch);
        // As letters go on the end of the query, Backspace takes one off;
        // with no query it goes back in the history, as in the detail.
        bind(List, &[Key::plain(K::Backspace)], A::DeleteBackward);

        bind(Search, &[Key::ctrl('y')], A::CopyCode);
        for context in [List, Detail] {
            bind(context, &[Key::char('y'), Key::ctrl('y')], A::CopyCode);
            bind(context, &[Key::char('t')], A::StartTraining);
            bind(context, &[Key::char('/')], A::FocusSearch);
            bind(context, &[Key::char('q')], A::Quit);
            bind(context, &[Key::char('?')], A::ToggleHelp);
            bind(context, &[Key::char('!')], A::ToggleFindings);
        }

        for context in [Help, Findings] {
            bind(context, &[Key::plain(K::Esc)], A::Back);
            bind(context, &[Key::char('q')], A::Back);
        }
        bind(Help, &[Key::char('?')], A::ToggleHelp);
        bind(Findings, &[Key::char('!')], A::ToggleFindings);

        bind(
            Trainer,
            &[Key::char(' '), Key::plain(K::Right)],
            A::NextStep,
        );
        bind(Trainer, &[Key::plain(K::Left)], A::PreviousStep);
        bind(Trainer, &[Key::char('a')], A::AskNow);
        bind(Trainer, &[Key::plain(K::Enter)], A::SubmitAnswer);
        bind(Trainer, &[Key::plain(K::Backspace)], A::DeleteBackward);
        bind(Trainer, &[Key::char('r'), Key::ctrl('r')], A::Reveal);
        bind(
            Trainer,
            &[Key::char('n'), Key::ctrl('n')],
            A::ToggleSpeakerNotes,
        );
        bind(
            Trainer,
            &[Key::char(']'), Key::new(K::Down, KeyModifiers::SHIFT)],
            A::ScrollNotesDown,
        );
        bind(
            Trainer,
            &[Key::char('['), Key::new(K::Up, KeyModifiers::SHIFT)],
            A::ScrollNotesUp,
        );
        bind(Trainer, &[down, Key::char('j')], A::ScrollDown);
        bind(Trainer, &[up, Key::char('k')], A::ScrollUp);
        bind(Trainer, &[Key::plain(K::PageDown)], A::PageDown);
        bind(Trainer, &[Key::plain(K::PageUp)], A::PageUp);
        bind(Trainer, &[Key::plain(K::Home)], A::ScrollTop);
        bind(Trainer, &[Key::plain(K::End)], A::ScrollBottom);
        bind(Trainer, &[Key::plain(K::Esc)], A::Back);
        bind(Trainer, &[Key::char('?')], A::ToggleHelp);
        bind(Trainer, &[Key::char('q')], A::Quit);

        bind(Global, &[Key::alt(K::Left)], A::HistoryBack);
        bind(Global, &[Key::alt(K::Right)], A::HistoryForward);
        bind(Global, &[Key::plain(K::F(1))], A::ToggleHelp);
        // `!` types into the search box; F2 opens the problems from there.
        bind(Global, &[Key::plain(K::F(2))], A::ToggleFindings);
        bind(Global, &[Key::ctrl('c')], A::Quit);
        Keymap::new(bindings, HashSet::new())
    }
}

impl Keymap {
    fn new(bindings: Vec<(Context, Key, Action)>, unbound: HashSet<(Context, Key)>) -> Keymap {
        let mut actions = HashMap::with_capacity(bindings.len());
        for (context, key, action) in &bindings {
            actions
                .entry((*context, *key))
                .or_insert_with(|| action.clone());
        }
        Keymap {
            bindings,
            unbound,
            actions,
        }
    }

    /// The default keymap changed by a configuration file's `[keys]`
    /// tables: each key named takes the action given (in place of what it
    /// did there), or no action (`"unbound"`). An unknown key name is the
    /// setting's index with the reason.
    pub fn configured(settings: &[crate::config::KeySetting]) -> Result<Keymap, (usize, String)> {
        // Each setting as read; a key named twice in a part (two spellings of
        // one key) takes the later one. Kept to hash lookups, so a file of
        // thousands of bindings starts as fast as a short one.
        let mut read: Vec<(Context, Key, Option<Action>)> = Vec::with_capacity(settings.len());
        let mut last_setting: HashMap<(Context, Key), usize> = HashMap::new();
        for (i, setting) in settings.iter().enumerate() {
            let context = Context::from_part(&setting.part).ok_or_else(|| {
                let names: Vec<&str> = Context::PARTS.iter().map(|(name, _)| *name).collect();
                (
                    i,
                    format!(
                        "unknown part of the screen `{}` in [keys]: use {}",
                        setting.part,
                        names.join(", ")
                    ),
                )
            })?;
            let key: Key = setting.key.parse().map_err(|why| (i, why))?;
            // A letter has no global binding to take away: it is bound in
            // the parts where it is a command, and unbound there.
            if context == Context::Global && setting.action.is_none() && key.typed_char().is_some()
            {
                let defaults = Keymap::default();
                let parts: Vec<String> = Context::PARTS
                    .iter()
                    .filter(|(_, c)| {
                        defaults
                            .bindings
                            .iter()
                            .any(|(b, k, _)| b == c && *k == key)
                    })
                    .map(|(name, _)| format!("[keys.{name}]"))
                    .collect();
                let message = if parts.is_empty() {
                    format!(
                        "`{}` is bound nowhere, so there is nothing to unbind",
                        setting.key
                    )
                } else {
                    format!(
                        "`{}` has no binding in [keys.global] to take away; unbind it where it \
                         is bound: {}",
                        setting.key,
                        parts.join(", ")
                    )
                };
                return Err((i, message));
            }
            // A letter bound in the search box would do its action there
            // instead of typing (unbinding one changes nothing).
            let typed_over = context == Context::Global
                || (context == Context::Search && setting.action.is_some());
            if typed_over && key.typed_char().is_some() {
                return Err((
                    i,
                    format!(
                        "`{}` in [keys.{}] could no longer be typed into the search box; \
                         bind it in [keys.list] or [keys.detail]",
                        setting.key, setting.part
                    ),
                ));
            }
            // In the trainer a code is typed out: its digits, and its last
            // letter (F or T), must stay keys that type.
            if context == Context::Trainer
                && setting.action.is_some()
                && key
                    .typed_char()
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, 'f' | 'F' | 't' | 'T'))
            {
                return Err((
                    i,
                    format!(
                        "`{}` in [keys.trainer] could no longer be typed in an answer (codes are \
                         digits with a last F or T)",
                        setting.key
                    ),
                ));
            }
            if let Some(Action::JumpToSection(n)) = setting.action
                && !(1..=9).contains(&n)
            {
                return Err((
                    i,
                    format!(
                        "`{}` in [keys.{}]: jump_to_section takes a section from 1 to 9, not {n}",
                        setting.key, setting.part
                    ),
                ));
            }
            // An action bound where it does nothing would be listed in the
            // help overlay and leave the key dead.
            if let Some(action) = &setting.action {
                let (idle, instead) = match context {
                    Context::Search | Context::List | Context::Detail => (
                        action.is_trainers(),
                        "it works in [keys.trainer] or [keys.global]",
                    ),
                    Context::Trainer => (
                        !action.works_in_trainer(),
                        "the trainer has no use for it; bind it in [keys.search], [keys.list] \
                         or [keys.detail]",
                    ),
                    // Over them the trainer takes no key: its actions wait
                    // until they close.
                    Context::Help | Context::Findings => (
                        action.is_trainers(),
                        "the trainer's actions wait while it is open; bind it in [keys.trainer]",
                    ),
                    Context::Global => (false, ""),
                };
                if idle {
                    return Err((
                        i,
                        format!(
                            "`{}` in [keys.{}]: {} does nothing there; {instead}",
                            setting.key,
                            setting.part,
                            action.config_name()
                        ),
                    ));
                }
            }
            last_setting.insert((context, key), read.len());
            read.push((context, key, setting.action.clone()));
        }
        let defaults = Keymap::default().bindings;
        let given: Vec<(Context, Key, Option<Action>)> = read
            .into_iter()
            .enumerate()
            .filter(|(n, (c, k, _))| last_setting.get(&(*c, *k)) == Some(n))
            .map(|(_, setting)| setting)
            .collect();
        // Keys given an action go where that action's first default key in
        // their part is (kept or not), ahead of the defaults, so the status
        // line and the help overlay name the key the user chose first. An
        // action with no default key there has its keys at the end. (A
        // scan of the defaults: they are few, and actions are not hashed.)
        let mut before_default: HashMap<usize, Vec<Key>> = HashMap::new();
        let mut at_end = Vec::new();
        let mut unbound = HashSet::new();
        for (context, key, action) in &given {
            let Some(action) = action else {
                unbound.insert((*context, *key));
                continue;
            };
            match defaults
                .iter()
                .position(|(c, _, a)| c == context && a == action)
            {
                Some(first) => before_default.entry(first).or_default().push(*key),
                None => at_end.push((*context, *key, action.clone())),
            }
        }
        let mut bindings = Vec::with_capacity(defaults.len() + given.len());
        for (n, (context, key, action)) in defaults.iter().enumerate() {
            if let Some(keys) = before_default.remove(&n) {
                bindings.extend(keys.into_iter().map(|k| (*context, k, action.clone())));
            }
            if !last_setting.contains_key(&(*context, *key)) {
                bindings.push((*context, *key, action.clone()));
            }
        }
        bindings.extend(at_end);
        let keymap = Keymap::new(bindings, unbound);
        keymap.check_ways_out(settings)?;
        Ok(keymap)
    }

    /// Refuses a keymap that leaves no key to quit the browser, to leave
    /// the trainer, or to close an overlay: a class would be stuck there.
    /// The error is the last setting that touched that part (or global).
    fn check_ways_out(
        &self,
        settings: &[crate::config::KeySetting],
    ) -> Result<(), (usize, String)> {
        use Action as A;
        use Context as C;
        let defaults = Keymap::default();
        // Quitting the whole program is no way to leave the trainer for
        // the browser, or to close an overlay.
        let checks: [(&[C], &[A], &str); 4] = [
            (
                &[C::Search, C::List, C::Detail],
                &[A::Quit],
                "quit the browser",
            ),
            (
                &[C::Trainer],
                &[A::Back],
                "leave the trainer for the browser",
            ),
            (&[C::Help], &[A::Back, A::ToggleHelp], "close the help"),
            (
                &[C::Findings],
                &[A::Back, A::ToggleFindings],
                "close the content problems",
            ),
        ];
        for (parts, actions, what) in checks {
            let way_out = parts.iter().any(|part| {
                actions
                    .iter()
                    .any(|action| !self.keys_for(*part, action).is_empty())
            });
            if way_out {
                continue;
            }
            let touched = settings.iter().rposition(|setting| {
                Context::from_part(&setting.part)
                    .is_some_and(|c| c == C::Global || parts.contains(&c))
            });
            let mut keep: Vec<String> = Vec::new();
            for part in parts {
                for action in actions {
                    for key in defaults.keys_for(*part, action) {
                        let key = key.to_string();
                        if !keep.contains(&key) {
                            keep.push(key);
                        }
                    }
                }
            }
            return Err((
                touched.unwrap_or(0),
                match keep.as_slice() {
                    [one] => format!("no key would {what} any more; keep {one} bound"),
                    _ => format!(
                        "no key would {what} any more; keep one of {} bound",
                        keep.join(", ")
                    ),
                },
            ));
        }
        Ok(())
    }

    /// The action for `key` in `context`, falling back to the global
    /// bindings.
    pub fn action(&self, context: Context, key: Key) -> Option<Action> {
        if self.unbound.contains(&(context, key)) {
            return None;
        }
        let find = |ctx: Context| self.actions.get(&(ctx, key)).cloned();
        find(context).or_else(|| find(Context::Global))
    }

    /// Every key bound to `action` in `context` (global ones last).
    pub fn keys_for(&self, context: Context, action: &Action) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bindings
            .iter()
            .filter(|(c, _, a)| *c == context && a == action)
            .map(|(_, k, _)| *k)
            .collect();
        for (_, key, _) in self
            .bindings
            .iter()
            .filter(|(c, _, a)| *c == Context::Global && a == action)
        {
            // A global key counts only where the context does not rebind it.
            if self.action(context, *key).as_ref() == Some(action) && !keys.contains(key) {
                keys.push(*key);
            }
        }
        keys
    }

    /// The actions bound in `context`, each once, in binding order.
    pub fn actions_in(&self, context: Context) -> Vec<Action> {
        let mut actions: Vec<Action> = Vec::new();
        for (c, _, action) in &self.bindings {
            if *c == context && !actions.contains(action) {
                actions.push(action.clone());
            }
        }
        actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_bindings_win_over_global_ones() {
        let keymap = Keymap::default();
        assert_eq!(keymap.action(Context::Search, Key::char('q')), None);
        assert_eq!(
            keymap.action(Context::List, Key::char('q')),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action(Context::Search, Key::ctrl('c')),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action(Context::Detail, Key::plain(KeyCode::Backspace)),
            Some(Action::HistoryBack)
        );
        assert_eq!(
            keymap.action(Context::Search, Key::plain(KeyCode::Backspace)),
            Some(Action::DeleteBackward)
        );
    }

    #[test]
    fn a_control_or_invisible_character_is_no_key_name() {
        let said = "\u{1}".parse::<Key>().unwrap_err();
        assert!(
            said.starts_with("key `\\u{1}` is a control character"),
            "{said}"
        );
        let said = "Alt-\u{200b}".parse::<Key>().unwrap_err();
        assert!(
            said.starts_with("key `\\u{200b}` is an invisible"),
            "{said}"
        );
        for invisible in [
            '\u{34f}',
            '\u{fe0f}',
            '\u{e0001}',
            '\u{115f}',
            '\u{3164}',
            '\u{180e}',
            '\u{301}',
        ] {
            let said = invisible.to_string().parse::<Key>().unwrap_err();
            assert!(said.contains("is an invisible character"), "{said}");
        }
        for space in ['\u{2028}', '\u{2002}', '\u{3000}', '\u{a0}'] {
            let said = space.to_string().parse::<Key>().unwrap_err();
            assert!(said.contains("is a space other than"), "{said}");
        }
        // The named keys and the space stay.
        assert_eq!(" ".parse::<Key>(), Ok(Key::char(' ')));
        assert_eq!("Ctrl-a".parse::<Key>(), Ok(Key::ctrl('a')));
    }

    #[test]
    fn keys_are_normalised_and_named() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(shifted), Key::char('G'));
        let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(back_tab).to_string(), "Shift-Tab");
        assert_eq!(Key::ctrl('n').to_string(), "Ctrl-n");
        assert_eq!(Key::alt(KeyCode::Left).to_string(), "Alt-←");
    }

    #[test]
    fn every_key_reads_back_from_its_name() {
        let keymap = Keymap::default();
        for (_, key, _) in &keymap.bindings {
            assert_eq!(key.to_string().parse::<Key>(), Ok(*key), "{key}");
        }
        for (name, key) in [
            ("ctrl-Y", Key::ctrl('y')),
            ("Left", Key::plain(KeyCode::Left)),
            ("Shift-g", Key::char('G')),
            ("-", Key::char('-')),
            ("Alt--", Key::new(KeyCode::Char('-'), KeyModifiers::ALT)),
            ("F12", Key::plain(KeyCode::F(12))),
        ] {
            assert_eq!(name.parse::<Key>(), Ok(key), "{name}");
        }
        for bad in [
            "",
            "Ctl-y",
            "F13",
            "Hyper-x",
            "Ctrl-",
            "Ctrl-Ctrl-x",
            "Alt-ctrl-alt-x",
            // The character Shift makes of a digit depends on the keyboard.
            "Shift-1",
            "Ctrl-Shift-5",
            "Shift-/",
        ] {
            assert!(bad.parse::<Key>().is_err(), "{bad}");
        }
        assert_eq!(
            "Ctrl-Alt-ctrl-x".parse::<Key>(),
            Err("key `Ctrl-Alt-ctrl-x` names `ctrl-` twice".to_owned())
        );
    }

    fn setting(part: &str, key: &str, action: Option<Action>) -> crate::config::KeySetting {
        crate::config::KeySetting {
            part: part.into(),
            key: key.into(),
            action,
            at: None,
        }
    }

    #[test]
    fn configured_keys_come_first_in_written_order_and_a_key_set_twice_takes_the_later() {
        let keymap = Keymap::configured(&[
            setting("list", "x", Some(Action::Quit)),
            setting("list", "Ctrl-x", Some(Action::Quit)),
            // The same key by another name: the later setting stands.
            setting("list", "ctrl-x", Some(Action::CopyCode)),
            // No default key for this action in the list: at the end.
            setting("list", "z", Some(Action::HistoryBack)),
        ])
        .unwrap();
        assert_eq!(
            keymap.keys_for(Context::List, &Action::Quit),
            vec![Key::char('x'), Key::char('q'), Key::ctrl('c')]
        );
        assert_eq!(
            keymap.keys_for(Context::List, &Action::CopyCode),
            vec![Key::ctrl('x'), Key::char('y'), Key::ctrl('y')]
        );
        assert_eq!(
            keymap.keys_for(Context::List, &Action::HistoryBack),
            vec![Key::char('z'), Key::alt(KeyCode::Left)]
        );
        // An action whose default key was taken away keeps its place for
        // the key given in its stead.
        let keymap = Keymap::configured(&[
            setting("list", "y", None),
            setting("list", "c", Some(Action::CopyCode)),
        ])
        .unwrap();
        assert_eq!(
            keymap.keys_for(Context::List, &Action::CopyCode),
            vec![Key::char('c'), Key::ctrl('y')]
        );
        // Thousands of bindings are read, each where it was put.
        let names: Vec<String> = (0..5_000)
            .map(|n| format!("Alt-{}", char::from_u32(0x4e00 + n).unwrap()))
            .collect();
        let many: Vec<_> = names
            .iter()
            .map(|name| setting("detail", name, Some(Action::CopyCode)))
            .collect();
        let keymap = Keymap::configured(&many).unwrap();
        let keys = keymap.keys_for(Context::Detail, &Action::CopyCode);
        assert_eq!(keys.len(), 5_002);
        assert_eq!(keys[0], names[0].parse().unwrap());
        assert_eq!(keys[4_999], names[4_999].parse().unwrap());
        assert_eq!(keys[5_000], Key::char('y'));
    }

    #[test]
    fn a_configuration_rebinds_and_unbinds_keys_where_it_says() {
        let keymap = Keymap::configured(&[
            setting("list", "c", Some(Action::CopyCode)),
            setting("list", "q", None),
            setting("detail", "y", Some(Action::Quit)),
        ])
        .unwrap();
        assert_eq!(
            keymap.action(Context::List, Key::char('c')),
            Some(Action::CopyCode)
        );
        assert_eq!(
            keymap.keys_for(Context::List, &Action::CopyCode)[0],
            Key::char('c')
        );
        assert_eq!(keymap.action(Context::List, Key::char('q')), None);
        assert_eq!(
            keymap.action(Context::Detail, Key::char('y')),
            Some(Action::Quit)
        );
        // Elsewhere the defaults stand.
        assert_eq!(
            keymap.action(Context::Detail, Key::char('q')),
            Some(Action::Quit)
        );
        let bad = Keymap::configured(&[setting("list", "Ctl-y", Some(Action::Quit))]);
        assert!(bad.is_err_and(|(i, why)| i == 0 && why.contains("unknown key `Ctl-y`")));
        let bad = Keymap::configured(&[setting("lists", "c", Some(Action::Quit))]);
        assert!(bad.is_err_and(|(_, why)| why.contains("unknown part of the screen `lists`")));
        // A letter everywhere would stop it being typed in the search box.
        let bad = Keymap::configured(&[setting("global", "c", Some(Action::CopyCode))]);
        assert!(bad.is_err_and(|(_, why)| why.contains("could no longer be typed")));
        // Unbinding a key the global bindings also give takes it away there.
        let keymap = Keymap::configured(&[setting("detail", "F1", None)]).unwrap();
        assert_eq!(
            keymap.action(Context::Detail, Key::plain(KeyCode::F(1))),
            None
        );
        assert_eq!(
            keymap.action(Context::List, Key::plain(KeyCode::F(1))),
            Some(Action::ToggleHelp)
        );
        // A later line about the same key wins.
        let keymap = Keymap::configured(&[
            setting("list", "PgDn", Some(Action::Quit)),
            setting("list", "PageDown", Some(Action::SelectLast)),
        ])
        .unwrap();
        assert_eq!(
            keymap.action(Context::List, Key::plain(KeyCode::PageDown)),
            Some(Action::SelectLast)
        );
    }

    #[test]
    fn keys_for_lists_global_keys_where_not_shadowed() {
        let keymap = Keymap::default();
        let quit = keymap.keys_for(Context::List, &Action::Quit);
        assert_eq!(quit, [Key::char('q'), Key::ctrl('c')]);
        let back = keymap.keys_for(Context::Search, &Action::HistoryBack);
        assert_eq!(back, [Key::alt(KeyCode::Left)]);
    }
}
