//! What the browser can be asked to do. Keys and mouse events become
//! `Action`s; `update` is the only thing that acts on them. The bindable
//! actions have snake_case names so a keymap can name them.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use crate::loader::Content;
use crate::search::Hit;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    /// Move the results selection.
    SelectNext,
    SelectPrevious,
    SelectPageDown,
    SelectPageUp,
    SelectFirst,
    SelectLast,
    /// Show the selected entry and move focus to the detail.
    OpenDetail,
    /// Go back one level: close an overlay, leave the detail, clear the query.
    Back,
    /// Put the cursor in the search box.
    FocusSearch,
    /// In the detail, scroll to the next line holding a word of the
    /// search.
    NextMatch,
    /// In the detail, scroll back to the line before holding a word of the
    /// search.
    PreviousMatch,
    /// Move from the search box to the results list, where letters such
    /// as `q` and `t` are commands.
    FocusList,
    /// Delete the character before the cursor in the search box.
    DeleteBackward,
    /// Delete the character under the cursor in the search box.
    DeleteForward,
    /// Delete the word before the cursor in the search box.
    DeleteWord,
    /// Empty the search box.
    ClearQuery,
    /// Keep the query selected by `/` and type after it.
    KeepQuery,
    /// Move the search box's cursor a character left or right, or to the
    /// start or end of the query.
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    /// Scroll the detail (or an open overlay).
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    ScrollTop,
    ScrollBottom,
    /// Move between the detail's sections and links.
    NextStop,
    PreviousStop,
    /// Jump to the detail's section N (1-based).
    JumpToSection(usize),
    /// Open the related code under the cursor.
    FollowLink,
    HistoryBack,
    HistoryForward,
    ToggleHelp,
    ToggleFindings,
    /// Start trainer mode on the shown entry.
    StartTraining,
    /// Put the shown entry's code on the clipboard.
    CopyCode,
    /// Trainer: the next step, question or case.
    NextStep,
    /// Trainer: the previous step.
    PreviousStep,
    /// Trainer: the questions now, once the case is told, before the coding
    /// steps (which answer them); the steps show with the answers.
    AskNow,
    /// Trainer: show or hide the presenter's notes.
    ToggleSpeakerNotes,
    /// Trainer: scroll the presenter's notes, which have their own pane.
    ScrollNotesDown,
    ScrollNotesUp,
    /// Trainer: show the answers now.
    Reveal,
    /// Trainer: give the typed or picked answer (or move on when there is no
    /// question).
    SubmitAnswer,
    /// Typed text for the search box (not bindable).
    #[serde(skip)]
    Type(char),
    /// A letter typed in the detail that no key there is bound to: it
    /// starts a new search, as `/` and the letter would (not bindable).
    #[serde(skip)]
    Unbound(char),
    /// Text pasted (the terminal marks it as such): typed as it is, its line
    /// breaks as spaces, none taken for a key such as Enter or `q`.
    #[serde(skip)]
    Paste(String),
    #[serde(skip)]
    Resize {
        width: u16,
        height: u16,
    },
    #[serde(skip)]
    Click {
        column: u16,
        row: u16,
    },
    #[serde(skip)]
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    /// Results of a background search for query number `generation`.
    #[serde(skip)]
    SearchDone {
        generation: u64,
        hits: std::sync::Arc<Vec<Hit>>,
        /// For no hits, the query with its misspelt words put right
        /// (`SearchIndex::suggestion`).
        suggestion: Option<String>,
    },
    /// The background search for query number `generation` has taken long
    /// enough (a long paste over a large set) that the list says so.
    #[serde(skip)]
    SearchSlow {
        generation: u64,
    },
    /// A background load finished with a content set that differs from the
    /// one on show.
    #[serde(skip)]
    ContentReplaced(SharedContent),
    /// A background load is done; what the user should know about it.
    #[serde(skip)]
    LoadFinished {
        notices: Vec<String>,
    },
}

/// A content set handed from a background load to `update`. Two are equal
/// when they are the same set.
#[derive(Debug, Clone)]
pub struct SharedContent(pub Arc<Content>);

impl PartialEq for SharedContent {
    fn eq(&self, other: &SharedContent) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedContent {}

impl Action {
    /// Whether the program brings this about by itself (a resize, a search
    /// or load finishing), not the user: it leaves what the user's last key
    /// set up (a message, a selected query, a question asked) as it is.
    pub fn is_from_program(&self) -> bool {
        matches!(
            self,
            Action::Resize { .. }
                | Action::SearchDone { .. }
                | Action::SearchSlow { .. }
                | Action::ContentReplaced(_)
                | Action::LoadFinished { .. }
        )
    }

    /// Whether the action belongs to trainer mode, and does nothing in the
    /// browser.
    pub fn is_trainers(&self) -> bool {
        matches!(
            self,
            Action::NextStep
                | Action::PreviousStep
                | Action::AskNow
                | Action::ToggleSpeakerNotes
                | Action::ScrollNotesDown
                | Action::ScrollNotesUp
                | Action::Reveal
                | Action::SubmitAnswer
        )
    }

    /// Whether trainer mode does something with the action (the browser's
    /// others, a result to select or a section to jump to, mean nothing
    /// there).
    pub fn works_in_trainer(&self) -> bool {
        self.is_trainers()
            || matches!(
                self,
                Action::ScrollDown
                    | Action::ScrollUp
                    | Action::PageDown
                    | Action::PageUp
                    | Action::ScrollTop
                    | Action::ScrollBottom
                    | Action::DeleteBackward
                    | Action::Back
                    | Action::Quit
                    | Action::ToggleHelp
            )
    }

    /// The action's name as a configuration file writes it (`reveal`,
    /// `jump_to_section`).
    pub fn config_name(&self) -> String {
        match toml::Value::try_from(self) {
            Ok(toml::Value::String(name)) => name,
            Ok(toml::Value::Table(table)) => table.keys().next().cloned().unwrap_or_default(),
            _ => format!("{self:?}"),
        }
    }

    /// What the action does, in a few words, for the help overlay and the
    /// status line.
    pub fn label(&self) -> String {
        match self {
            Action::Quit => "quit".into(),
            Action::SelectNext => "next result".into(),
            Action::SelectPrevious => "previous result".into(),
            Action::SelectPageDown => "page of results down".into(),
            Action::SelectPageUp => "page of results up".into(),
            Action::SelectFirst => "first result".into(),
            Action::SelectLast => "last result".into(),
            Action::OpenDetail => "open".into(),
            Action::Back => "back".into(),
            Action::FocusSearch => "search".into(),
            Action::FocusList => "to list".into(),
            Action::NextMatch => "next match".into(),
            Action::PreviousMatch => "previous match".into(),
            Action::DeleteBackward => "delete character".into(),
            Action::DeleteForward => "delete next character".into(),
            Action::DeleteWord => "delete word".into(),
            Action::ClearQuery => "clear search".into(),
            Action::KeepQuery => "keep the query, to add to it".into(),
            Action::CursorLeft => "cursor left".into(),
            Action::CursorRight => "cursor right".into(),
            Action::CursorStart => "cursor to start".into(),
            Action::CursorEnd => "cursor to end".into(),
            Action::ScrollDown => "scroll down".into(),
            Action::ScrollUp => "scroll up".into(),
            Action::PageDown => "page down".into(),
            Action::PageUp => "page up".into(),
            Action::ScrollTop => "top".into(),
            Action::ScrollBottom => "bottom".into(),
            Action::NextStop => "next section or link".into(),
            Action::PreviousStop => "previous section or link".into(),
            Action::JumpToSection(n) => match crate::tui::screen::detail::section_name(*n) {
                Some(name) => format!("to {name}"),
                None => format!("section {n}"),
            },
            Action::FollowLink => "open related code".into(),
            Action::HistoryBack => "history back".into(),
            Action::HistoryForward => "history forward".into(),
            Action::ToggleHelp => "help".into(),
            Action::ToggleFindings => "content problems".into(),
            Action::StartTraining => "trainer mode".into(),
            Action::CopyCode => "copy code".into(),
            Action::NextStep => "next".into(),
            Action::PreviousStep => "previous step".into(),
            Action::AskNow => "questions now".into(),
            Action::ToggleSpeakerNotes => "speaker notes".into(),
            Action::ScrollNotesDown => "scroll notes down".into(),
            Action::ScrollNotesUp => "scroll notes up".into(),
            Action::Reveal => "reveal".into(),
            Action::SubmitAnswer => "answer".into(),
            Action::Type(_) => "type".into(),
            Action::Unbound(_) => "no key".into(),
            Action::Paste(_) => "paste".into(),
            Action::Resize { .. }
            | Action::Click { .. }
            | Action::Wheel { .. }
            | Action::SearchDone { .. }
            | Action::SearchSlow { .. }
            | Action::ContentReplaced(_)
            | Action::LoadFinished { .. } => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindable_actions_have_snake_case_names() {
        let action: Action = serde_json::from_str("\"select_next\"").unwrap();
        assert_eq!(action, Action::SelectNext);
        let jump: Action = serde_json::from_str("{\"jump_to_section\": 3}").unwrap();
        assert_eq!(jump, Action::JumpToSection(3));
        assert_eq!(
            serde_json::to_string(&Action::ToggleFindings).unwrap(),
            "\"toggle_findings\""
        );
    }
}
