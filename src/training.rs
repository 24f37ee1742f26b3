//! Trainer sessions: walk a class through each case step by step, ask
//! "which code?" and "which modifier?", reveal the answers and keep score.
//! Everything comes from the content; nothing here knows about the terminal.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::loader::Content;
use crate::model::{Entry, ModifierUse};
use crate::registry::Registry;
use crate::text::counted;

/// How many choices a question offers (fewer when the content has fewer).
pub const CHOICES: usize = 4;

/// What is hidden in the walkthrough where the case's own code appears.
pub const HIDDEN_CODE: &str = "•••••";

/// The order cases come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Shuffled, reproducibly for a given seed.
    Shuffle,
    /// By code (a class that knows the order can guess the first and last
    /// cases' codes: shuffle for a test).
    Code,
    /// As the codes were named, for a lesson planned in its order (the
    /// content's own order when none are named).
    Given,
}

/// Where a case is in its walkthrough.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Steps are being revealed one at a time.
    Steps,
    /// "Which code?"
    CodeQuestion,
    /// "Which modifier?" for a situation from the modifier table.
    ModifierQuestion,
    /// Answers, explanations and the entry's cautions and errata.
    Reveal,
}

/// A "which modifier?" question: a situation and the modifier it calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModifierQuestion {
    /// As the content has it: the question hides the code where it asks.
    pub situation: String,
    pub answer: String,
    pub choices: Vec<String>,
}

/// One case of a session: an entry and how far the class has got with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Index into the content's entries.
    pub entry: usize,
    pub code: String,
    /// The steps to reveal, with the case's own code hidden: first the
    /// case as told (its scenario, a sentence at a time), then the entry's
    /// coding steps.
    pub steps: Vec<String>,
    /// How many of `steps` tell the case; the rest are coding steps.
    pub story: usize,
    /// The steps that begin a new paragraph of the case (after its first).
    pub paragraphs: Vec<usize>,
    /// How many steps are on screen (at least one).
    pub shown: usize,
    pub stage: Stage,
    pub code_choices: Vec<String>,
    pub code_answer: Option<String>,
    pub modifier: Option<ModifierQuestion>,
    pub modifier_answer: Option<String>,
    /// Where the case was when `r` revealed it before its questions were
    /// answered: ← goes back there, so a reveal pressed too soon does not
    /// cost the class its questions.
    pub revealed_from: Option<(Stage, usize)>,
    /// The answers as they stood before `r` counted a choice picked but
    /// not entered: ← puts them back with the reveal.
    pub answers_before_reveal: Option<Answers>,
    /// The code was on screen, in the answers, before the class's own
    /// answer stood: an answer given after that is not scored.
    pub code_shown: bool,
    /// The modifier answers that were on screen before the class answered
    /// them: a question drawn again with another answer is a fresh one.
    pub modifiers_shown: Vec<String>,
    /// The code answer was given after the code was shown, or changed
    /// after the modifier question (`code_changed`).
    pub code_late: bool,
    /// The code answer was changed after the modifier question, drawn
    /// from the right code's table, had been shown: it may have told the
    /// class which code, so the new answer is not scored.
    pub code_changed: bool,
    /// The code answer as it stood when the modifier question was first
    /// shown.
    pub code_at_modifier_question: Option<String>,
    /// The modifier answer was given after its answer was shown.
    pub modifier_late: bool,
    /// The answers have been on screen since the code was answered: the
    /// answer is kept as given, even where ← hides them again. An answer
    /// given after a reveal was hidden can still be changed, until the
    /// answers show again.
    pub code_answer_fixed: bool,
}

/// A case's answers, kept across a reveal that ← may take back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    code: Option<String>,
    modifier: Option<String>,
    code_late: bool,
    code_changed: bool,
    modifier_late: bool,
}

impl Case {
    /// Whether the reveal graded a choice picked but not entered, which ←
    /// takes back with the answers.
    pub fn reveal_took_a_pick(&self) -> bool {
        self.answers_before_reveal.as_ref().is_some_and(|before| {
            before.code != self.code_answer || before.modifier != self.modifier_answer
        })
    }

    fn answers(&self) -> Answers {
        Answers {
            code: self.code_answer.clone(),
            modifier: self.modifier_answer.clone(),
            code_late: self.code_late,
            code_changed: self.code_changed,
            modifier_late: self.modifier_late,
        }
    }

    fn put_back(&mut self, answers: Answers) {
        self.code_answer = answers.code;
        self.modifier_answer = answers.modifier;
        self.code_late = answers.code_late;
        self.code_changed = answers.code_changed;
        self.modifier_late = answers.modifier_late;
    }

    /// Marks the answers on screen as shown, where the class had given none
    /// of its own (`before`).
    fn shown_unanswered(&mut self, before: &Answers) {
        self.code_shown |= before.code.is_none();
        if let Some(answer) = self.modifier.as_ref().map(|q| q.answer.clone())
            && before.modifier.is_none()
        {
            self.modifier_shown(answer);
        }
    }

    /// Marks the modifier `code` as on screen.
    fn modifier_shown(&mut self, code: String) {
        if !self.modifiers_shown.contains(&code) {
            self.modifiers_shown.push(code);
        }
    }

    /// The choices of the question on screen (none between questions).
    pub fn choices(&self) -> &[String] {
        match (self.stage, &self.modifier) {
            (Stage::CodeQuestion, _) => &self.code_choices,
            (Stage::ModifierQuestion, Some(question)) => &question.choices,
            _ => &[],
        }
    }

    pub fn code_correct(&self) -> Option<bool> {
        self.code_answer
            .as_ref()
            .map(|answer| answer.eq_ignore_ascii_case(&self.code))
    }

    pub fn modifier_correct(&self) -> Option<bool> {
        let question = self.modifier.as_ref()?;
        self.modifier_answer
            .as_ref()
            .map(|answer| answer.eq_ignore_ascii_case(&question.answer))
    }
}

/// A whole session: the cases in order and which one is on screen.
///
/// A case is made when the class reaches it: choosing its distractors looks
/// at every entry, so making all of a large set's cases up front would keep
/// the trainer from opening for minutes. They are made in order from one
/// generator, so the same seed still gives the same session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub seed: u64,
    pub order: Order,
    /// The cases reached so far; the last is the one on screen (never
    /// empty).
    pub cases: Vec<Case>,
    /// The entry of every case, reached or not, in order.
    entries: Vec<usize>,
    /// Every entry's title words, for choosing distractors.
    words: Vec<Vec<String>>,
    rng: fastrand::Rng,
    /// Past the last case: the score summary is on screen.
    pub finished: bool,
    /// The code question's choices are shown as codes alone, without
    /// their titles: the class answers from what it knows of the codes.
    pub codes_only: bool,
    /// Cases stepped back from (the last stepped back from last), to be
    /// shown again as they were (their choices already drawn, their answers
    /// given) when the class moves on.
    ahead: Vec<Case>,
}

/// Where ← takes a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    /// The step before, or from the code question back to the steps.
    Step,
    /// From answers revealed with `r` before the questions were answered,
    /// back to where the case was: a reveal pressed too soon does not cost
    /// the class its questions.
    HideAnswers,
    /// From a case's first step, or its answers given in full, to the
    /// answers of the case before, for a class that moved on too soon.
    PreviousCase,
    /// From the summary to the last case's answers.
    LastCase,
    /// From the modifier question back to the code question, its answer
    /// taken back: a presenter who entered the wrong choice mends it
    /// before the reveal.
    CodeQuestion,
    /// Nowhere: the first step of the first case, or answers given in
    /// full.
    Nowhere,
}

/// Why a session could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("no entry for code `{0}`")]
    UnknownCode(String),
    #[error("there are no entries to train on")]
    Empty,
}

impl Session {
    /// A session over `codes` (every entry when empty), in `order`. The same
    /// seed gives the same order, choices and questions.
    pub fn new(
        content: &Content,
        codes: &[String],
        order: Order,
        seed: u64,
    ) -> Result<Session, SessionError> {
        let mut entries: Vec<usize> = if codes.is_empty() {
            (0..content.entries.len()).collect()
        } else {
            codes
                .iter()
                .map(|code| {
                    let wanted = code.trim().to_ascii_uppercase();
                    content
                        .position(&wanted)
                        .ok_or_else(|| SessionError::UnknownCode(code.clone()))
                })
                .collect::<Result<_, _>>()?
        };
        // A code named twice is one case, where it was first named.
        let mut named = vec![false; content.entries.len()];
        entries.retain(|&entry| !std::mem::replace(&mut named[entry], true));
        if entries.is_empty() {
            return Err(SessionError::Empty);
        }
        let mut rng = fastrand::Rng::with_seed(seed);
        match order {
            Order::Shuffle => rng.shuffle(&mut entries),
            // Entries are kept in code order.
            Order::Code => entries.sort_unstable(),
            Order::Given => {}
        }
        let words = all_title_words(content);
        let first = new_case(content, &words, entries[0], &mut rng);
        Ok(Session {
            seed,
            order,
            cases: vec![first],
            ahead: Vec::new(),
            entries,
            words,
            rng,
            finished: false,
            codes_only: false,
        })
    }

    /// Whether a case is being told (its steps or questions are on screen),
    /// rather than revealed or the session summed up.
    pub fn telling(&self) -> bool {
        !self.finished && self.case().stage != Stage::Reveal
    }

    /// The number of the case on screen, from 0.
    pub fn current(&self) -> usize {
        self.cases.len() - 1
    }

    /// How many cases the session has, reached or not.
    pub fn case_count(&self) -> usize {
        self.entries.len()
    }

    /// The entry of every case, reached or not, in order.
    pub fn entries(&self) -> &[usize] {
        &self.entries
    }

    pub fn case(&self) -> &Case {
        self.cases.last().expect("a session has a case")
    }

    /// The question on screen, if one is: the code or the modifier.
    pub fn asking(&self) -> Option<Stage> {
        let stage = self.case().stage;
        (!self.finished && matches!(stage, Stage::CodeQuestion | Stage::ModifierQuestion))
            .then_some(stage)
    }

    fn case_mut(&mut self) -> &mut Case {
        self.cases.last_mut().expect("a session has a case")
    }

    /// Space or →: the next step, then the questions, then the next case
    /// (made from `content`, the set the session was made from).
    pub fn advance(&mut self, content: &Content) {
        if self.finished {
            return;
        }
        let case = self.case_mut();
        match case.stage {
            Stage::Steps if case.shown < case.steps.len() => case.shown += 1,
            Stage::Steps => case.stage = Stage::CodeQuestion,
            // A question moves on only when answered (or with reveal).
            Stage::CodeQuestion | Stage::ModifierQuestion => {}
            Stage::Reveal => self.next_case(content),
        }
    }

    /// `a` while the case is told: its telling finished, the questions
    /// now, before the coding steps that would answer them (they show with
    /// the answers; ← from the question goes on telling them).
    pub fn ask_now(&mut self) {
        if self.finished {
            return;
        }
        let case = self.case_mut();
        if case.stage == Stage::Steps {
            case.shown = case.shown.max(case.story).max(1).min(case.steps.len());
            case.stage = Stage::CodeQuestion;
        }
    }

    /// Where ← takes the session from where it is.
    pub fn back(&self) -> Back {
        if self.finished {
            return Back::LastCase;
        }
        let case = self.case();
        match case.stage {
            Stage::Steps if case.shown > 1 => Back::Step,
            Stage::Steps if self.cases.len() > 1 => Back::PreviousCase,
            // From answers given in full, on back through the cases before:
            // a trainer going over an earlier case with the class.
            Stage::Reveal if case.revealed_from.is_none() && self.cases.len() > 1 => {
                Back::PreviousCase
            }
            Stage::CodeQuestion => Back::Step,
            Stage::ModifierQuestion if !case.code_answer_fixed => Back::CodeQuestion,
            Stage::Reveal if case.revealed_from.is_some() => Back::HideAnswers,
            _ => Back::Nowhere,
        }
    }

    /// ←: as `back` says. Answers taken back after `r` pressed too soon
    /// have shown the modifier question's answer: the question is drawn
    /// again from a row of the entry's table whose answer has not been
    /// shown, where it has one (`content` is the set the session was made
    /// from).
    pub fn go_back(&mut self, content: &Content) {
        if self.back() == Back::HideAnswers {
            let case = self.case();
            let mut shown = case.modifiers_shown.clone();
            shown.extend(case.modifier.as_ref().map(|q| q.answer.clone()));
            let entry = content.entries[case.entry].entry();
            // The reveal's why (the billing overview) may say which
            // situation takes a modifier ("both sides take modifier 50"):
            // shown too. (Its notes name modifiers in lists, "the RT, LT
            // and 50 rows", which tell no situation's answer.)
            let named: Vec<String> = entry
                .modifiers
                .iter()
                .map(|m| m.code.to_ascii_uppercase())
                .filter(|code| mentions_code(&entry.billing.overview, code))
                .filter(|code| !shown.contains(code))
                .collect();
            shown.extend(named.iter().cloned());
            // One side's answer shown tells the other's: a class that saw
            // "left: LT" is not asked "right: which?".
            let mirrored: Vec<String> = shown
                .iter()
                .filter_map(|code| match code.as_str() {
                    "RT" => Some("LT"),
                    "LT" => Some("RT"),
                    _ => None,
                })
                .filter(|mirror| !shown.iter().any(|code| code == mirror))
                .map(str::to_owned)
                .collect();
            shown.extend(mirrored.iter().cloned());
            let asked = case.modifier.is_some();
            // A generator of its own, so that the cases still to come draw
            // what they would have without this reveal: a seed replays.
            let mut rng = fastrand::Rng::with_seed(
                self.seed ^ ((self.cases.len() as u64) << 32) ^ shown.len() as u64,
            );
            let fresh = if asked {
                modifier_question(entry, &content.registry, &mut rng, &shown)
                    .filter(|question| !shown.contains(&question.answer))
            } else {
                None
            };
            let case = self.case_mut();
            for code in named.into_iter().chain(mirrored) {
                case.modifier_shown(code);
            }
            if let Some(fresh) = fresh {
                case.modifier = Some(fresh);
                // An answer to the question shown is none to the new one.
                if let Some(answers) = case.answers_before_reveal.as_mut() {
                    answers.modifier = None;
                    answers.modifier_late = false;
                }
            }
        }
        match self.back() {
            Back::LastCase => self.finished = false,
            Back::PreviousCase => self.ahead.extend(self.cases.pop()),
            Back::Step => {
                let case = self.case_mut();
                match case.stage {
                    Stage::Steps => case.shown -= 1,
                    _ => case.stage = Stage::Steps,
                }
            }
            // The answer stays recorded until another is given: a stray ←
            // costs the class nothing.
            Back::CodeQuestion => self.case_mut().stage = Stage::CodeQuestion,
            Back::HideAnswers => {
                let case = self.case_mut();
                if let Some((mut stage, shown)) = case.revealed_from.take() {
                    if let Some(answers) = case.answers_before_reveal.take() {
                        case.put_back(answers);
                    }
                    // A code answer the reveal fixed is not asked again.
                    if stage == Stage::CodeQuestion && case.code_answer_fixed {
                        stage = if case.modifier.is_some() {
                            Stage::ModifierQuestion
                        } else {
                            Stage::Reveal
                        };
                    }
                    (case.stage, case.shown) = (stage, shown);
                }
            }
            Back::Nowhere => {}
        }
    }

    /// Answers the question on screen. `answer` is a choice number (`1` to
    /// the number of choices) or a code typed in full. Returns false when the
    /// answer is empty or no question is open.
    pub fn answer(&mut self, answer: &str) -> bool {
        let answer = answer.trim();
        if answer.is_empty() || self.finished {
            return false;
        }
        let case = self.case_mut();
        // A choice's number, or (for the code) a whole code typed out;
        // anything else is refused rather than marked wrong.
        // `typed_length`: how long an answer typed out must be; `None`
        // takes only the choices themselves.
        let pick = |choices: &[String], typed_length: Option<usize>| -> Option<String> {
            let typed = answer.to_ascii_uppercase();
            match answer.parse::<usize>() {
                Ok(n) if answer.len() == 1 => (1..=choices.len())
                    .contains(&n)
                    .then(|| choices[n - 1].clone()),
                _ if choices.contains(&typed) => Some(typed),
                _ => (Some(typed.chars().count()) == typed_length).then_some(typed),
            }
        };
        match case.stage {
            Stage::CodeQuestion => {
                // Once the answers were shown, the code answer stands,
                // whatever is typed over it.
                let kept = case.code_answer.clone().filter(|_| case.code_answer_fixed);
                let Some(answer) = kept.or_else(|| pick(case.choices(), Some(5))) else {
                    return false;
                };
                if !case.code_answer_fixed {
                    // (The answers shown are the stronger reason, said as it.)
                    case.code_changed = !case.code_shown
                        && case
                            .code_at_modifier_question
                            .as_ref()
                            .is_some_and(|first| *first != answer);
                    case.code_late = case.code_shown || case.code_changed;
                }
                case.code_answer = Some(answer);
                case.stage = if case.modifier.is_some() {
                    Stage::ModifierQuestion
                } else {
                    Stage::Reveal
                };
                if case.stage == Stage::ModifierQuestion && case.code_at_modifier_question.is_none()
                {
                    case.code_at_modifier_question = case.code_answer.clone();
                }
                // Asked before the coding steps were told: they end the
                // answers, all of them.
                if case.stage == Stage::Reveal {
                    case.shown = case.steps.len();
                }
                case.code_answer_fixed |= case.stage == Stage::Reveal;
                true
            }
            Stage::ModifierQuestion => {
                // A modifier is one of the choices, by number or typed
                // (`50`): a typing slip such as `11` is not an answer.
                let Some(answer) = pick(case.choices(), None) else {
                    return false;
                };
                case.modifier_late = case
                    .modifier
                    .as_ref()
                    .is_some_and(|question| case.modifiers_shown.contains(&question.answer));
                case.modifier_answer = Some(answer);
                case.stage = Stage::Reveal;
                case.shown = case.steps.len();
                case.code_answer_fixed = true;
                true
            }
            Stage::Steps | Stage::Reveal => false,
        }
    }

    /// `r` with `picked` on screen at a question: counted as the answer if
    /// it is one (false if it is not), then the answers shown. Hidden
    /// again with ←, the reveal takes that answer back too, so a reveal
    /// pressed too soon does not cost the class the question.
    pub fn reveal_with(&mut self, picked: &str) -> bool {
        if self.finished {
            return true;
        }
        let case = self.case();
        let before = (case.stage, case.shown);
        let answers = case.answers();
        // An answer given before the reveal is fixed by it, as ever.
        let fixed_before = case.code_answer_fixed || case.code_answer.is_some();
        let asking = matches!(before.0, Stage::CodeQuestion | Stage::ModifierQuestion);
        let answered = asking && !picked.trim().is_empty() && self.answer(picked);
        self.reveal();
        let case = self.case_mut();
        case.shown_unanswered(&answers);
        if answered {
            case.revealed_from = Some(before);
            case.answers_before_reveal = Some(answers);
            if before.0 == Stage::CodeQuestion {
                case.code_answer_fixed = fixed_before;
            }
        }
        answered || picked.trim().is_empty() || !asking
    }

    /// `r`: show the answers now, whatever was answered.
    pub fn reveal(&mut self) {
        if !self.finished {
            let case = self.case_mut();
            if case.stage != Stage::Reveal {
                case.revealed_from = Some((case.stage, case.shown));
            }
            let before = case.answers();
            case.shown_unanswered(&before);
            case.code_answer_fixed |= case.code_answer.is_some();
            case.shown = case.steps.len();
            case.stage = Stage::Reveal;
        }
    }

    fn next_case(&mut self, content: &Content) {
        if let Some(case) = self.ahead.pop() {
            self.cases.push(case);
            return;
        }
        match self.entries.get(self.cases.len()) {
            Some(&entry) => {
                let case = new_case(content, &self.words, entry, &mut self.rng);
                self.cases.push(case);
            }
            None => self.finished = true,
        }
    }

    /// The session's result for a trainer's records: every case, those not
    /// reached with their code and title only.
    pub fn result(&self, content: &Content) -> SessionResult {
        // Cases stepped back from were reached, and keep their answers.
        let reached = self.cases.len() + self.ahead.len();
        let not_reached = self.entries[reached..].iter().map(|&entry| {
            let loaded = &content.entries[entry];
            CaseResult {
                code: loaded.code.clone(),
                title: loaded.title.clone(),
                completed: false,
                code_answer: None,
                code_correct: None,
                code_after_reveal: false,
                code_changed: false,
                code_asked: false,
                modifier_situation: None,
                modifier_expected: None,
                modifier_answer: None,
                modifier_correct: None,
                modifier_after_reveal: false,
            }
        });
        let cases: Vec<CaseResult> = self
            .cases
            .iter()
            .chain(self.ahead.iter().rev())
            .map(|case| {
                // A modifier question drawn for a case left before it was
                // put is no part of the record: the class never saw it.
                let put = matches!(case.stage, Stage::ModifierQuestion | Stage::Reveal)
                    || case.code_answer.is_some()
                    || case.modifier_answer.is_some();
                let modifier = case.modifier.as_ref().filter(|_| put);
                CaseResult {
                    code: case.code.clone(),
                    title: content.entries[case.entry].title.clone(),
                    completed: case.stage == Stage::Reveal,
                    code_answer: case.code_answer.clone(),
                    code_correct: case.code_correct(),
                    code_after_reveal: case.code_late && case.code_answer.is_some(),
                    code_changed: case.code_changed && case.code_answer.is_some(),
                    code_asked: case.stage != Stage::Steps || case.code_answer.is_some(),
                    modifier_situation: modifier.map(|q| q.situation.clone()),
                    modifier_expected: modifier.map(|q| q.answer.clone()),
                    modifier_answer: case.modifier_answer.clone(),
                    modifier_correct: case.modifier_correct(),
                    modifier_after_reveal: case.modifier_late && case.modifier_answer.is_some(),
                }
            })
            .chain(not_reached)
            .collect();
        SessionResult {
            codes_only: self.codes_only,
            ..SessionResult::new(self.seed, self.order, cases)
        }
    }
}

/// What `cptref train --json` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionResult {
    pub seed: u64,
    pub order: Order,
    /// The code choices were shown without their titles
    /// (`--codes-only`).
    pub codes_only: bool,
    /// Answers that were right, of `answered`.
    pub right: usize,
    /// Answers given before the answer was shown: those scored.
    pub answered: usize,
    /// Answers given after the answer was shown, not scored.
    pub after_reveal: usize,
    /// Questions put to the class and never answered (revealed first, or
    /// on screen when the session was left), as the score line says them.
    pub unanswered: usize,
    pub cases: Vec<CaseResult>,
}

impl SessionResult {
    /// The result of `cases`, with the answers counted.
    pub fn new(seed: u64, order: Order, cases: Vec<CaseResult>) -> SessionResult {
        let answers = cases.iter().flat_map(|c| {
            [
                (c.code_correct, c.code_after_reveal),
                (c.modifier_correct, c.modifier_after_reveal),
            ]
        });
        let (mut right, mut answered, mut after_reveal) = (0, 0, 0);
        for answer in answers {
            match answer {
                (Some(_), true) => after_reveal += 1,
                (Some(correct), false) => {
                    answered += 1;
                    right += usize::from(correct);
                }
                (None, _) => {}
            }
        }
        let mut result = SessionResult {
            seed,
            order,
            codes_only: false,
            right,
            answered,
            after_reveal,
            unanswered: 0,
            cases,
        };
        result.unanswered = result.asked().saturating_sub(answered + after_reveal);
        result
    }

    /// The questions put to the class: both of every case that reached its
    /// reveal (one, where a case has no modifier question), and those
    /// answered or on screen in a case left before its reveal.
    pub fn asked(&self) -> usize {
        self.cases
            .iter()
            .map(|case| {
                if case.completed {
                    1 + usize::from(case.modifier_expected.is_some())
                } else {
                    usize::from(case.code_correct.is_some() || case.code_asked)
                        + usize::from(
                            case.modifier_correct.is_some() || case.modifier_situation.is_some(),
                        )
                }
            })
            .sum()
    }

    /// The score in words: "3 of 3 questions right", of the questions the
    /// class answered before the answers were shown; those left unanswered
    /// (the answers shown first) are said apart, so a reveal without an
    /// answer is not hidden by a perfect-looking score, nor counted as
    /// wrong: the class was never tested on it.
    pub fn score(&self) -> String {
        // Every answer is to a question asked, so `asked` is never less.
        let asked = self.asked();
        let mut score = if asked == 0 {
            "no questions asked".to_owned()
        } else if self.answered == 0 {
            "no question scored".to_owned()
        } else {
            format!(
                "{} of {} right",
                self.right,
                counted(self.answered, "question", "questions")
            )
        };
        let mut apart = Vec::new();
        let unanswered = self.unanswered;
        if unanswered > 0 {
            apart.push(format!("{unanswered} not answered"));
        }
        // Answered with the answer already on screen: no test of the class.
        let changed = self
            .cases
            .iter()
            .filter(|case| case.code_changed && case.code_correct.is_some())
            .count();
        let after_reveal = self.after_reveal - changed.min(self.after_reveal);
        if after_reveal > 0 {
            apart.push(format!(
                "{after_reveal} answered after the answers were shown, not scored"
            ));
        }
        if changed > 0 {
            apart.push(format!(
                "{changed} changed after the modifier question was shown, not scored"
            ));
        }
        if !apart.is_empty() {
            score += &format!(" ({})", apart.join(", "));
        }
        // Left before its end, the session says so: a score that looks
        // whole should not hide the cases the class never finished.
        if let Some(left_at) = self.cases.iter().position(|case| !case.completed) {
            score += &format!("; left at case {} of {}", left_at + 1, self.cases.len());
        }
        score
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    pub code: String,
    pub title: String,
    /// The case reached its reveal.
    pub completed: bool,
    pub code_answer: Option<String>,
    pub code_correct: Option<bool>,
    /// The code answer was given after the answers had shown the code (or
    /// changed after the modifier question, drawn from the right code's
    /// table, was shown), so it is not scored.
    pub code_after_reveal: bool,
    /// Of `code_after_reveal`: the code answer was changed after the
    /// modifier question was shown.
    #[serde(skip)]
    pub code_changed: bool,
    /// The code question was put to the class, answered or not (a session
    /// left with it on screen asked it).
    #[serde(skip)]
    pub code_asked: bool,
    pub modifier_situation: Option<String>,
    pub modifier_expected: Option<String>,
    pub modifier_answer: Option<String>,
    pub modifier_correct: Option<bool>,
    /// As `code_after_reveal`, for the modifier.
    pub modifier_after_reveal: bool,
}

fn new_case(
    content: &Content,
    words: &[Vec<String>],
    index: usize,
    rng: &mut fastrand::Rng,
) -> Case {
    let entry = content.entries[index].entry();
    let walkthrough = walkthrough(entry);
    Case {
        entry: index,
        code: entry.code.clone(),
        steps: walkthrough.steps,
        story: walkthrough.story,
        paragraphs: walkthrough.paragraphs,
        shown: 1,
        stage: Stage::Steps,
        code_choices: code_choices_among(content, words, index, rng),
        code_answer: None,
        modifier: modifier_question(entry, &content.registry, rng, &[]),
        modifier_answer: None,
        revealed_from: None,
        answers_before_reveal: None,
        code_answer_fixed: false,
        code_shown: false,
        modifiers_shown: Vec::new(),
        code_late: false,
        code_changed: false,
        code_at_modifier_question: None,
        modifier_late: false,
    }
}

/// What a trainer reveals of an entry, a step at a time.
#[derive(Debug, PartialEq, Eq)]
struct Walkthrough {
    steps: Vec<String>,
    story: usize,
    paragraphs: Vec<usize>,
}

/// The steps a trainer reveals: the case first, its scenario a sentence at
/// a time (the class has to hear the patient before it can code), then the
/// entry's coding steps; the case's own code is hidden throughout so the
/// steps do not give the answer away.
fn walkthrough(entry: &Entry) -> Walkthrough {
    let mut steps: Vec<String> = Vec::new();
    let mut paragraphs = Vec::new();
    // Paragraphs are parted by a blank line (which may hold spaces, or end
    // in a carriage return).
    let lines: Vec<&str> = entry.clinical.scenario.lines().collect();
    for paragraph in lines.split(|line| line.trim().is_empty()) {
        let paragraph = paragraph.join(" ");
        let before = steps.len();
        for sentence in paragraph
            .unicode_sentences()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
        {
            // Unicode's rules end a sentence at "Dr." before a capital; a
            // title is never a sentence's end.
            let in_paragraph = steps.len() > before;
            match steps.last_mut() {
                Some(last) if in_paragraph && ends_in_a_title(last) => {
                    last.push(' ');
                    last.push_str(&sentence);
                }
                _ => steps.push(sentence),
            }
        }
        if before > 0 && steps.len() > before {
            paragraphs.push(before);
        }
    }
    // With no case to tell, the class is told so, in place of the case and
    // not as a numbered coding step.
    if steps.is_empty() {
        steps.push(if entry.clinical.steps.is_empty() {
            "(This entry has no case and no coding steps.)".to_owned()
        } else {
            "(This entry has no case to tell; its coding steps follow.)".to_owned()
        });
    }
    let story = steps.len();
    steps.extend(entry.clinical.steps.iter().cloned());
    Walkthrough {
        steps: steps
            .into_iter()
            .map(|step| hide_code(&step, &entry.code))
            .collect(),
        story,
        paragraphs,
    }
}

/// Whether `sentence` ends in a title that goes before a name ("Dr.").
fn ends_in_a_title(sentence: &str) -> bool {
    const TITLES: [&str; 6] = ["dr.", "mr.", "mrs.", "ms.", "prof.", "st."];
    let last = sentence.rsplit(' ').next().unwrap_or_default();
    TITLES.iter().any(|title| last.eq_ignore_ascii_case(title))
}

/// `text` with every mention of `code` hidden.
pub fn hide_code(text: &str, code: &str) -> String {
    if code.is_empty() {
        text.to_owned()
    } else {
        text.replace(code, HIDDEN_CODE)
    }
}

/// Every entry's title words, in entry order: worked out once for a whole
/// session rather than once per case.
fn all_title_words(content: &Content) -> Vec<Vec<String>> {
    content
        .entries
        .iter()
        .map(|loaded| title_words(&loaded.title))
        .collect()
}

/// The right code and up to three distractors, near neighbours first (same
/// code range, then shared title words, then numeric closeness), shuffled;
/// none in a set of one entry.
fn code_choices_among(
    content: &Content,
    words: &[Vec<String>],
    index: usize,
    rng: &mut fastrand::Rng,
) -> Vec<String> {
    let right = &content.entries[index];
    let right_words = &words[index];
    let number = |code: &str| {
        code.get(..4)
            .and_then(|d| d.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let mut others: Vec<(usize, i64, &str)> = content
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(i, loaded)| {
            let code = loaded.code.as_str();
            let same_range = code
                .chars()
                .zip(right.code.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let shared = words[i].iter().filter(|w| right_words.contains(w)).count();
            let distance = (number(code) - number(&right.code)).abs();
            // Same range (the first three digits) counts as one shared word.
            let nearness = shared + usize::from(same_range >= 3);
            (nearness, distance, code)
        })
        .collect();
    let nearest_first = |a: &(usize, i64, &str), b: &(usize, i64, &str)| {
        b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2))
    };
    // Only the nearest few are wanted: picked out, then ordered, rather
    // than sorting every entry (most of a case's making on a large set).
    let wanted = (CHOICES - 1).min(others.len());
    // With no other code to offer, one choice would be the answer: the
    // class types the code instead.
    if wanted == 0 {
        return Vec::new();
    }
    if wanted < others.len() {
        others.select_nth_unstable_by(wanted - 1, nearest_first);
    }
    others[..wanted].sort_by(nearest_first);
    let mut choices: Vec<String> = std::iter::once(right.code.clone())
        .chain(others[..wanted].iter().map(|o| o.2.to_owned()))
        .collect();
    rng.shuffle(&mut choices);
    choices
}

/// Title words that say something (not "of", "the", "and").
fn title_words(title: &str) -> Vec<String> {
    title
        .unicode_words()
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 3)
        .collect()
}

/// A situation from the modifier table and the modifier it calls for, with
/// the table's other modifiers (then related ones from the registry) as
/// distractors. Rows whose situation names their own modifier are used only
/// when no other row will do, since they give the answer away.
fn modifier_question(
    entry: &Entry,
    registry: &Registry,
    rng: &mut fastrand::Rng,
    // Modifiers whose rows are not to be asked of, where another will do.
    avoid: &[String],
) -> Option<ModifierQuestion> {
    // A row whose code is none (`11`, a place of service) is no answer
    // and no choice: `check` reports it.
    let askable =
        |m: &&ModifierUse| !m.code.trim().is_empty() && registry.not_a_modifier(&m.code).is_none();
    let usable: Vec<_> = entry
        .modifiers
        .iter()
        .filter(askable)
        .filter(|m| !m.when_to_use.trim().is_empty())
        .collect();
    let others: Vec<_> = usable
        .iter()
        .filter(|m| !avoid.iter().any(|avoid| m.code.eq_ignore_ascii_case(avoid)))
        .copied()
        .collect();
    let usable = if others.is_empty() { usable } else { others };
    // A row only the source publication gives (a cut-off table's bare
    // `22` row) is asked of only where no other will do: a class is not
    // scored on what no source checked confirms.
    let checked: Vec<_> = usable
        .iter()
        .filter(|m| m.unconfirmed() != Some(crate::model::Unconfirmed::PublicationAlone))
        .copied()
        .collect();
    let usable = if checked.is_empty() { usable } else { checked };
    let fair: Vec<_> = usable
        .iter()
        .filter(|m| !mentions_code(&m.when_to_use, &m.code))
        .copied()
        .collect();
    let pool = if fair.is_empty() { &usable } else { &fair };
    let chosen = *pool.get(rng.usize(..pool.len().max(1)))?;

    let mut choices: Vec<String> = vec![chosen.code.to_ascii_uppercase()];
    // A row with the same situation would be a second right answer
    // (`check` reports it): not offered.
    let same_situation = |m: &ModifierUse| {
        m.when_to_use
            .trim()
            .eq_ignore_ascii_case(chosen.when_to_use.trim())
    };
    let second_answers: Vec<String> = entry
        .modifiers
        .iter()
        .filter(|m| same_situation(m))
        .map(|m| m.code.to_ascii_uppercase())
        .filter(|code| *code != choices[0])
        .collect();
    for m in entry.modifiers.iter().filter(askable) {
        let code = m.code.to_ascii_uppercase();
        if second_answers.contains(&code) {
            continue;
        }
        if choices.len() < CHOICES && !choices.contains(&code) {
            choices.push(code);
        }
    }
    let kind = registry.get(&chosen.code).map(|m| m.kind);
    let mut extra: Vec<String> = registry
        .iter()
        .filter(|m| Some(m.kind) == kind || kind.is_none())
        .map(|m| m.code.to_ascii_uppercase())
        .filter(|code| !choices.contains(code) && !second_answers.contains(code))
        .collect();
    rng.shuffle(&mut extra);
    for code in extra {
        if choices.len() >= CHOICES {
            break;
        }
        choices.push(code);
    }
    rng.shuffle(&mut choices);
    Some(ModifierQuestion {
        // Whole: the question hides the code where it asks, and the reveal
        // and the record show the situation as the content has it.
        situation: chosen.when_to_use.clone(),
        answer: chosen.code.to_ascii_uppercase(),
        choices,
    })
}

/// Whether `text` names `code` as a word (so "50" in "RT lines instead of 50").
fn mentions_code(text: &str, code: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| word.eq_ignore_ascii_case(code))
}

/// Seeds chosen for the user stay below this: the header shows the seed to
/// the class, and a seed such as 646327 would show them the code 64632
/// before the reveal.
pub const SEEDS_BELOW: u64 = 10_000;

/// A seed for a session the user did not seed.
pub fn fresh_seed() -> u64 {
    fastrand::u64(..SEEDS_BELOW)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::{ContentSource, load};

    fn content() -> Content {
        load(&ContentSource::Builtin).unwrap()
    }

    fn codes(session: &Session) -> Vec<String> {
        let content = content();
        session
            .entries()
            .iter()
            .map(|&entry| content.entries[entry].code.clone())
            .collect()
    }

    #[test]
    fn a_modifier_question_has_one_right_choice_and_asks_no_code_that_is_none() {
        let row = |code: &str, when: &str| ModifierUse {
            code: code.into(),
            description: "d".into(),
            when_to_use: when.into(),
            ..ModifierUse::default()
        };
        // RT and LT share a situation; 11 is a place of service.
        let entry = Entry {
            modifiers: vec![
                row("RT", "One side was treated."),
                row("LT", "one side was treated."),
                row("11", "An office."),
                row("50", "Both sides."),
            ],
            ..Entry::default()
        };
        let registry = Registry::builtin();
        for seed in 0..200 {
            let mut rng = fastrand::Rng::with_seed(seed);
            let question = modifier_question(&entry, &registry, &mut rng, &[]).unwrap();
            assert_ne!(question.answer, "11");
            assert!(!question.choices.iter().any(|c| c == "11"), "{question:?}");
            let sides = question
                .choices
                .iter()
                .filter(|c| *c == "RT" || *c == "LT")
                .count();
            if question.answer != "50" {
                assert_eq!(sides, 1, "{question:?}");
            }
        }
    }

    #[test]
    fn an_unasked_for_seed_is_too_short_to_spell_a_code() {
        for _ in 0..10_000 {
            let seed = fresh_seed().to_string();
            assert!(seed.len() < 5, "{seed} could read as a five-character code");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_session() {
        let content = content();
        let a = Session::new(&content, &[], Order::Shuffle, 7).unwrap();
        let b = Session::new(&content, &[], Order::Shuffle, 7).unwrap();
        assert_eq!(a, b);
        let orders: std::collections::HashSet<Vec<String>> = (0..20)
            .map(|seed| codes(&Session::new(&content, &[], Order::Shuffle, seed).unwrap()))
            .collect();
        assert!(orders.len() > 1, "different seeds shuffle differently");
        // In the order named, or by code.
        let named = ["64633".to_owned(), "64454".to_owned(), "64624".to_owned()];
        let given = Session::new(&content, &named, Order::Given, 7).unwrap();
        assert_eq!(codes(&given), named);
        let by_code = Session::new(&content, &named, Order::Code, 7).unwrap();
        assert_eq!(codes(&by_code), ["64454", "64624", "64633"]);
        let by_code = Session::new(&content, &[], Order::Code, 7).unwrap();
        assert_eq!(
            codes(&by_code),
            ["64454", "64624", "64632", "64633", "64640"]
        );
    }

    #[test]
    fn cases_are_made_as_they_are_reached_the_same_for_the_same_seed() {
        let content = content();
        let walk = |seed| {
            let mut session = Session::new(&content, &[], Order::Shuffle, seed).unwrap();
            assert_eq!(session.cases.len(), 1, "only the first case up front");
            assert_eq!(session.case_count(), 5);
            session.reveal();
            session.advance(&content);
            assert_eq!(session.cases.len(), 2);
            // Stopped here, every case is in the result; those not reached
            // have their code and title only.
            let early = session.result(&content);
            assert_eq!(early.cases.len(), 5);
            assert!(early.cases[0].completed);
            for (case, &entry) in early.cases.iter().zip(session.entries()).skip(2) {
                assert_eq!(case.code, content.entries[entry].code);
                assert!(!case.completed);
                assert_eq!(case.modifier_expected, None);
            }
            while !session.finished {
                session.reveal();
                session.advance(&content);
            }
            session.cases
        };
        let cases = walk(9);
        assert_eq!(cases.len(), 5);
        assert_eq!(cases, walk(9));
        assert_ne!(cases, walk(10), "another seed, another session");
    }

    #[test]
    fn a_case_walks_through_steps_questions_and_reveal() {
        let content = content();
        let mut session = Session::new(&content, &["64633".into()], Order::Code, 1).unwrap();
        let steps = session.case().steps.len();
        assert_eq!(session.case().shown, 1);
        session.go_back(&content);
        assert_eq!(session.case().shown, 1, "no step before the first");
        for _ in 1..steps {
            session.advance(&content);
        }
        assert_eq!(session.case().shown, steps);
        session.go_back(&content);
        assert_eq!(session.case().shown, steps - 1);
        session.advance(&content);
        session.advance(&content);
        assert_eq!(session.case().stage, Stage::CodeQuestion);
        session.advance(&content);
        assert_eq!(
            session.case().stage,
            Stage::CodeQuestion,
            "an answer is needed"
        );
        assert!(session.answer("64633"));
        assert_eq!(session.case().stage, Stage::ModifierQuestion);
        let right = session.case().modifier.as_ref().unwrap().answer.clone();
        assert!(session.answer(&right.to_lowercase()));
        assert_eq!(session.case().stage, Stage::Reveal);
        assert_eq!(session.case().code_correct(), Some(true));
        assert_eq!(session.case().modifier_correct(), Some(true));
        session.advance(&content);
        assert!(session.finished);
        let result = session.result(&content);
        assert_eq!((result.right, result.answered), (2, 2));
    }

    #[test]
    fn choice_numbers_pick_from_the_choices() {
        let content = content();
        let mut session = Session::new(&content, &["64624".into()], Order::Code, 3).unwrap();
        session.reveal();
        let case = session.case().clone();
        assert_eq!(case.stage, Stage::Reveal);
        assert_eq!(case.code_answer, None, "reveal does not answer");

        let mut session = Session::new(&content, &["64624".into()], Order::Code, 3).unwrap();
        for _ in 0..20 {
            session.advance(&content);
        }
        let wrong = session
            .case()
            .code_choices
            .iter()
            .position(|c| c != "64624")
            .unwrap();
        assert!(session.answer(&(wrong + 1).to_string()));
        assert_eq!(session.case().code_correct(), Some(false));
        assert_ne!(session.case().code_answer.as_deref(), Some("64624"));
    }

    #[test]
    fn choices_are_four_near_neighbours_with_the_right_one_among_them() {
        let content = content();
        let mut rng = fastrand::Rng::with_seed(5);
        let index = content
            .entries
            .iter()
            .position(|e| e.code == "64624")
            .unwrap();
        let choices = code_choices_among(&content, &all_title_words(&content), index, &mut rng);
        assert_eq!(choices.len(), 4);
        assert!(choices.contains(&"64624".to_string()));
        // 64454 is outside the 646xx range but shares "genicular nerve …
        // knee", and 64633 shares "nerve ablation", so they are nearer
        // distractors than 64632, which shares only "nerve".
        let mut sorted = choices.clone();
        sorted.sort();
        assert_eq!(sorted, ["64454", "64624", "64633", "64640"]);
    }

    #[test]
    fn with_fewer_entries_there_are_fewer_choices() {
        let mut content = content();
        content.entries.truncate(2);
        let mut rng = fastrand::Rng::with_seed(5);
        assert_eq!(
            code_choices_among(&content, &all_title_words(&content), 0, &mut rng).len(),
            2
        );
    }

    #[test]
    fn the_walkthrough_tells_the_case_then_the_steps_and_hides_the_code() {
        let content = content();
        let entry = content.get("64633").unwrap().entry();
        let told = walkthrough(entry);
        // The case first, then the coding steps, none naming the code.
        assert_eq!(
            told.steps[0],
            "An adult has chronic neck pain attributed to cervical facet joint disease, documented as cervical spondylosis without myelopathy or radiculopathy."
        );
        assert_eq!(told.steps.len(), told.story + entry.clinical.steps.len());
        assert_eq!(told.steps[told.story], entry.clinical.steps[0]);
        assert!(told.steps.iter().all(|s| !s.contains("64633")));
        assert!(told.steps.iter().any(|s| s.contains(HIDDEN_CODE)));

        let mut bare = entry.clone();
        bare.clinical.steps.clear();
        bare.clinical.scenario = "An adult has neck pain. Blocks helped!\n\nWhat next?".into();
        assert_eq!(
            walkthrough(&bare),
            Walkthrough {
                steps: vec![
                    "An adult has neck pain.".into(),
                    "Blocks helped!".into(),
                    "What next?".into()
                ],
                story: 3,
                paragraphs: vec![2],
            }
        );
        // No case: said so, as the case, before the numbered steps.
        let mut untold = entry.clone();
        untold.clinical.scenario = " ".into();
        let told = walkthrough(&untold);
        assert_eq!(
            told.steps[0],
            "(This entry has no case to tell; its coding steps follow.)"
        );
        assert_eq!(told.story, 1);
        assert_eq!(told.steps.len(), 1 + entry.clinical.steps.len());
        untold.clinical.steps.clear();
        assert_eq!(
            walkthrough(&untold),
            Walkthrough {
                steps: vec!["(This entry has no case and no coding steps.)".into()],
                story: 1,
                paragraphs: vec![],
            }
        );
        // A title before a name does not end the sentence.
        bare.clinical.scenario = "Dr. Smith saw her at 3.5 p.m. today. She went home.".into();
        assert_eq!(
            walkthrough(&bare).steps,
            ["Dr. Smith saw her at 3.5 p.m. today.", "She went home."]
        );
    }

    #[test]
    fn modifier_questions_prefer_situations_that_do_not_name_the_answer() {
        let content = content();
        for loaded in &content.entries {
            for seed in 0..10 {
                let mut rng = fastrand::Rng::with_seed(seed);
                let question =
                    modifier_question(loaded.entry(), &content.registry, &mut rng, &[]).unwrap();
                assert!(question.choices.contains(&question.answer));
                assert_eq!(question.choices.len(), 4, "{}", loaded.code);
                let fair_exists = loaded
                    .entry()
                    .modifiers
                    .iter()
                    .any(|m| !mentions_code(&m.when_to_use, &m.code));
                if fair_exists {
                    assert!(!mentions_code(&question.situation, &question.answer));
                }
            }
        }
    }

    #[test]
    fn a_row_only_the_source_publication_gives_is_not_asked_of_where_another_will_do() {
        let content = content();
        let loaded = content.entries.iter().find(|e| e.code == "64624").unwrap();
        // 64624's 22 row rests on a cut-off table's bare row alone.
        assert!(loaded.entry().modifiers.iter().any(|m| m.code == "22"
            && m.unconfirmed() == Some(crate::model::Unconfirmed::PublicationAlone)));
        for seed in 0..40 {
            let mut rng = fastrand::Rng::with_seed(seed);
            let question =
                modifier_question(loaded.entry(), &content.registry, &mut rng, &[]).unwrap();
            assert_ne!(question.answer, "22", "seed {seed}");
        }
    }

    #[test]
    fn unknown_codes_are_refused() {
        let content = content();
        assert_eq!(
            Session::new(&content, &["99999".into()], Order::Code, 0),
            Err(SessionError::UnknownCode("99999".into()))
        );
    }

    #[test]
    fn the_score_says_questions_left_unanswered_apart() {
        let case = |completed, code_correct, modifier_correct| CaseResult {
            code: "64633".into(),
            title: String::new(),
            completed,
            code_answer: None,
            code_correct,
            code_after_reveal: false,
            code_changed: false,
            code_asked: false,
            modifier_situation: None,
            modifier_expected: Some("50".into()),
            modifier_answer: None,
            modifier_correct,
            modifier_after_reveal: false,
        };
        let result = |cases| SessionResult::new(1, Order::Code, cases);
        // Revealed unanswered, then left after one right answer: the two
        // the class never tried are said, not scored as wrong.
        let left = result(vec![case(true, None, None), case(false, Some(true), None)]);
        assert_eq!(
            left.score(),
            "1 of 1 question right (2 not answered); left at case 2 of 2"
        );
        let none = result(vec![case(true, None, None)]);
        assert_eq!(none.score(), "no question scored (2 not answered)");
        let all = result(vec![case(true, Some(true), Some(false))]);
        assert_eq!(all.score(), "1 of 2 questions right");
        // Answered with the answer on screen: out of the total too.
        let late = result(vec![CaseResult {
            code_after_reveal: true,
            ..case(true, Some(true), Some(false))
        }]);
        assert_eq!(
            late.score(),
            "0 of 1 question right (1 answered after the answers were shown, not scored)"
        );
        let only_late = result(vec![CaseResult {
            code_after_reveal: true,
            modifier_after_reveal: true,
            ..case(true, Some(true), Some(true))
        }]);
        assert_eq!(
            only_late.score(),
            "no question scored (2 answered after the answers were shown, not scored)"
        );
        assert_eq!(
            result(vec![case(false, None, None)]).score(),
            "no questions asked; left at case 1 of 1"
        );
        // Left with the code question on screen: asked, not answered.
        let on_screen = CaseResult {
            code_asked: true,
            ..case(false, None, None)
        };
        let left_on_screen = result(vec![on_screen]);
        assert_eq!(
            left_on_screen.score(),
            "no question scored (1 not answered); left at case 1 of 1"
        );
        // `--json` counts it too.
        assert_eq!(left_on_screen.unanswered, 1);
        assert_eq!(result(vec![case(false, None, None)]).unanswered, 0);
        // Two right, then quit at the next case's question.
        let quit = result(vec![
            case(true, Some(true), Some(true)),
            case(false, None, None),
        ]);
        assert_eq!(quit.score(), "2 of 2 questions right; left at case 2 of 2");
    }

    #[test]
    fn a_code_named_twice_is_one_case() {
        let content = content();
        let codes = ["64633".into(), "64624".into(), "64633".into()];
        let session = Session::new(&content, &codes, Order::Shuffle, 5).unwrap();
        assert_eq!(session.case_count(), 2);
    }
}
