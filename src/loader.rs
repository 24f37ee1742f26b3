//! The loader: reads a content set (the built-in one or a folder), parses each
//! file into an `Entry` and gathers every problem as a `Finding`. One broken
//! file never hides the good ones.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::audit::{Finding, FindingKind, audit_entry};
use crate::cache::{self, FolderStamp, Listed, Listing, Stamp};
use crate::entries::Entries;
use crate::location::{KeyPath, Location, Places, key_at};
use crate::model::Entry;
use crate::publication::{self, Undecodable};
use crate::registry::Registry;
use crate::search::SearchIndex;

include!(concat!(env!("OUT_DIR"), "/builtin_content.rs"));

/// Where content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentSource {
    /// The set compiled into the binary from `content/`.
    Builtin,
    /// A folder of `.toml` files the user points at.
    Folder(PathBuf),
}

/// An entry and the file it came from. The code and title are always at
/// hand, since lists and searches show only those; an entry that came from
/// the cache is read from its file the first time the rest is wanted.
#[derive(Debug, Clone)]
pub struct LoadedEntry {
    pub code: String,
    pub title: String,
    /// The file as shown to the user.
    pub path: String,
    /// Boxed: an entry is large, and a set from the cache holds 100,000
    /// of these with the entry not yet read.
    entry: OnceLock<Box<Entry>>,
    /// Where to read the entry when it is not in hand yet, and the stamp
    /// the file had when the set was loaded.
    file: Option<(Stored, Format, crate::cache::Stamp)>,
}

/// Where an entry's file is, when it must be read again.
#[derive(Debug, Clone)]
enum Stored {
    /// At `path`, the path as shown (true of every name that is UTF-8,
    /// which saves a second copy of each path).
    AsShown,
    /// Here: the shown path lost something of the real one.
    At(PathBuf),
}

impl LoadedEntry {
    pub fn new(entry: Entry, path: String) -> LoadedEntry {
        LoadedEntry {
            code: entry.code.clone(),
            title: crate::text::title_or_missing(&entry.title).to_owned(),
            path,
            entry: OnceLock::from(Box::new(entry)),
            file: None,
        }
    }

    /// An entry known by code and title, to be read from `path` when
    /// needed (`set_file` when the real path is another).
    pub(crate) fn unread(
        code: String,
        title: String,
        path: String,
        format: Format,
        stamp: crate::cache::Stamp,
    ) -> LoadedEntry {
        LoadedEntry {
            code,
            title,
            path,
            entry: OnceLock::new(),
            file: Some((Stored::AsShown, format, stamp)),
        }
    }

    /// Reads the entry from `file` rather than the path shown, when the two
    /// differ.
    pub(crate) fn set_file(&mut self, file: &Path) {
        if let Some((stored, _, _)) = &mut self.file
            && file.as_os_str() != self.path.as_str()
        {
            *stored = Stored::At(file.to_owned());
        }
    }

    /// The whole entry.
    pub fn entry(&self) -> &Entry {
        self.entry.get_or_init(|| Box::new(self.read()))
    }

    /// Reads the entry from its file. The file was checked against the
    /// cache when the content was loaded; if it has changed since then in a
    /// way that loses the entry, the entry says so rather than showing
    /// something else under this code.
    fn read(&self) -> Entry {
        let Some((stored, format, stamp)) = &self.file else {
            return self.lost("it is not in memory".into());
        };
        let file = match stored {
            Stored::AsShown => PathBuf::from(&self.path),
            Stored::At(file) => file.clone(),
        };
        // Changed, but still an entry of this code: its new text is shown,
        // and said to be new, since the list and the search still go by
        // the text the set was loaded with.
        let changed = crate::cache::Stamp::of_path(&file).is_some_and(|now| now != *stamp);
        let job = Job {
            path: self.path.clone(),
            format: *format,
            body: Body::File(file),
            racy: false,
        };
        let parsed = parse_job(&job, Registry::builtin_ref());
        match parsed.entry {
            Some(mut entry) if entry.code == self.code && changed => {
                entry.summary = format!(
                    "(cptref: {} changed since cptref loaded this content, so the list and the search still \
                     go by what it held then; start cptref again to search what it holds now, \
                     shown here.)\n\n{}",
                    self.path, entry.summary
                );
                entry
            }
            Some(entry) if entry.code == self.code => entry,
            Some(entry) => self.lost(format!("the file now holds code {}", entry.code)),
            // What went wrong, as `check` would say it: a file gone says
            // so, not that it no longer parses.
            None => match parsed.findings.first() {
                Some(finding) if finding.kind == FindingKind::Unreadable => {
                    self.lost(finding.message.clone())
                }
                Some(finding) => {
                    self.lost(format!("the file no longer parses: {}", finding.message))
                }
                None => self.lost("the file no longer parses".into()),
            },
        }
    }

    fn lost(&self, reason: String) -> Entry {
        // The other required sections point to the summary rather than say
        // the file lacks them.
        let see_summary = "(not read again: see the summary)".to_owned();
        let mut entry = Entry {
            code: self.code.clone(),
            title: self.title.clone(),
            summary: format!(
                "cptref could not read this entry again from {}: {reason}. \
                 The file changed after cptref started; start it again to see the change.",
                self.path
            ),
            ..Entry::default()
        };
        entry.billing.overview.clone_from(&see_summary);
        entry.clinical.scenario = see_summary;
        entry.unreadable = Some(reason);
        entry
    }
}

/// A loaded content set: the entries that loaded, in code order, and every
/// problem found on the way.
#[derive(Debug, Clone)]
pub struct Content {
    pub entries: Entries,
    pub findings: Vec<Finding>,
    pub registry: Registry,
    /// How many content files were read, loaded or not.
    pub files: usize,
    /// What the user should know about how the content was loaded (a
    /// cache that could not be used, say), one sentence each.
    pub notices: Vec<String>,
    /// Whether this came from the content cache rather than the files.
    pub from_cache: bool,
    /// A checksum of the text read from each file stamped too soon after it
    /// changed, by the path shown (see `cache::Stamp::racy`).
    pub(crate) checksums: HashMap<String, u32>,
    index: OnceLock<Arc<SearchIndex>>,
}

impl Content {
    pub fn new(
        entries: impl Into<Entries>,
        findings: Vec<Finding>,
        registry: Registry,
        files: usize,
    ) -> Content {
        Content {
            entries: entries.into(),
            findings,
            registry,
            files,
            notices: Vec::new(),
            from_cache: false,
            checksums: HashMap::new(),
            index: OnceLock::new(),
        }
    }

    pub fn get(&self, code: &str) -> Option<&LoadedEntry> {
        self.position(code).map(|i| &self.entries[i])
    }

    /// Where the entry for `code` is in `entries` (kept in code order).
    pub fn position(&self, code: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|loaded| loaded.code.as_str().cmp(code))
            .ok()
    }

    /// The whole codes `query` names (`64625`) that no entry has: its hits
    /// are then entries that mention the code, not the code's own.
    pub fn codes_without_entry(&self, query: &crate::search::Query) -> Vec<String> {
        let mut missing: Vec<String> = Vec::new();
        // Each once, in the order typed: a pasted list may name one twice.
        for code in query.whole_codes() {
            if self.position(code).is_none() && !missing.iter().any(|m| m == code) {
                missing.push(code.to_owned());
            }
        }
        missing
    }

    /// What the short codes in `query` are, where its hits leave a coder
    /// guessing: a modifier `mod:` looks for that no entry's table lists
    /// (`mod:TC`) or that is no modifier (`mod:11`); a modifier searched for
    /// alone that no table lists (`TC`); a place of service searched for by
    /// its number (`24`), whose hits mention it. `hits` are the query's:
    /// they answer most of it without another search (the typing path
    /// at 100,000 entries comes here on every key).
    pub fn short_code_notes(
        &self,
        query: &crate::search::Query,
        hits: &[crate::search::Hit],
    ) -> Vec<CodeNote> {
        let registry = &self.registry;
        let listed = |modifier: &str| {
            hits.iter()
                .any(|hit| hit.field == crate::search::Field::Modifier)
                || !self.index().search(&format!("mod:{modifier}")).is_empty()
        };
        let unlisted_modifier = |code: &str, modifier: &crate::registry::Modifier| CodeNote {
            full: format!(
                "{code} is a modifier ({}); no entry's modifier table lists it",
                crate::text::sentence_part(&modifier.meaning)
            ),
            briefer: vec![format!("no table lists {code}")],
        };
        let mut notes = Vec::new();
        for wanted in query.filtered_modifiers() {
            // One character is the start of many (`mod:5`). With hits,
            // every filter held for them: some table lists it.
            if wanted.chars().count() != 2 || !hits.is_empty() || listed(&wanted) {
                continue;
            }
            let place = registry.place_of_service(&wanted);
            let unknown = format!(
                "{wanted} is not a modifier cptref knows, and no entry's modifier table lists it"
            );
            notes.push(if let Some(modifier) = registry.get(&wanted) {
                unlisted_modifier(&wanted, modifier)
            } else if let Some(not) = registry.not_a_modifier(&wanted) {
                CodeNote {
                    full: not.explained(),
                    briefer: vec![format!("{wanted} is no modifier")],
                }
            } else if let Some(place) =
                place.filter(|_| crate::registry::below_modifier_numbers(&wanted))
            {
                CodeNote {
                    full: format!("{wanted} is not a modifier: it is {}", place.named()),
                    briefer: vec![format!("{wanted} is no modifier")],
                }
            } else if let Some(place) = place {
                CodeNote {
                    full: format!("{unknown}; it is also {}", place.named()),
                    briefer: vec![format!("{wanted}: no modifier cptref knows")],
                }
            } else {
                CodeNote {
                    full: unknown,
                    briefer: vec![format!("{wanted}: no modifier cptref knows")],
                }
            });
        }
        let Some(word) = query.only_word() else {
            // Beside other words (`50 knee`), a modifier's digits still
            // start codes, whose entries come first when they hold the
            // other words too.
            let starts_first = |digits: &str| {
                hits.first()
                    .is_some_and(|hit| self.entries[hit.entry].code.starts_with(digits))
            };
            for word in query.words_upper() {
                if let Some(modifier) = registry.get(word)
                    && word.chars().all(|c| c.is_ascii_digit())
                    && query.filtered_modifiers().next().is_none()
                    && starts_first(word)
                {
                    notes.push(CodeNote {
                        full: format!(
                            "{word} is also a modifier ({}): mod:{word} in its place lists only \
                             the entries whose table has it",
                            crate::text::sentence_part(&modifier.meaning)
                        ),
                        briefer: vec![
                            format!("{word} is also a modifier: mod:{word}"),
                            format!("modifier: mod:{word}"),
                        ],
                    });
                }
            }
            return notes;
        };
        if let Some(modifier) = registry.get(word) {
            // Codes the digits start (`50` finds 50020) rank first, which
            // buries the modifier a coder may have meant.
            let buried = || {
                hits.first()
                    .is_some_and(|hit| hit.field == crate::search::Field::Code)
                    && hits
                        .iter()
                        .any(|hit| hit.field == crate::search::Field::Modifier)
            };
            if !listed(word) {
                notes.push(unlisted_modifier(word, modifier));
            } else if buried() {
                notes.push(CodeNote {
                    full: format!(
                        "{word} is also a modifier ({}): mod:{word} lists only the entries \
                     whose table has it",
                        crate::text::sentence_part(&modifier.meaning)
                    ),
                    briefer: vec![
                        format!("{word} is also a modifier: mod:{word}"),
                        format!("modifier: mod:{word}"),
                    ],
                });
            }
        }
        if let Some(place) = registry.place_of_service(word) {
            let also = if registry.get(word).is_some() {
                "also "
            } else {
                ""
            };
            notes.push(CodeNote {
                full: format!("{word} is {also}{}", place.named()),
                briefer: [
                    Some(format!("POS {word}: {}", place.kind())),
                    crate::abbreviations::short_for(place.kind()).map(|short| match also {
                        "" => format!("POS {word}: {short}"),
                        _ => format!("{word} is also POS {word}: {short}"),
                    }),
                    Some(format!("{word} is {also}POS {word}")),
                ]
                .into_iter()
                .flatten()
                .collect(),
            });
        }
        notes
    }

    /// What to say of the modifiers of a claim line in `query`
    /// (`64632-TC`), which is searched by its code: a modifier that is none
    /// (`11`), one cptref does not know, one the entry's table does not
    /// list.
    pub fn claim_notes(&self, query: &crate::search::Query) -> Vec<CodeNote> {
        let registry = &self.registry;
        let mut notes = Vec::new();
        for claim in query.claims() {
            for not in claim
                .modifiers
                .iter()
                .filter_map(|m| registry.not_a_modifier(m))
            {
                notes.push(CodeNote {
                    full: format!("{}; it was left out of the search", not.explained()),
                    briefer: vec![format!("{} is no modifier", not.code)],
                });
            }
            let entry = self.get(&claim.code).map(LoadedEntry::entry);
            for modifier in &claim.modifiers {
                let known = registry.get(modifier).is_some();
                let listed = entry.as_ref().is_some_and(|e| e.lists_modifier(modifier));
                if !known && registry.not_a_modifier(modifier).is_none() {
                    // As `show` says it: the entry's own table is not
                    // contradicted.
                    let listed = if listed {
                        " (its modifier table lists it)"
                    } else {
                        ""
                    };
                    notes.push(CodeNote {
                        full: format!(
                            "{modifier} is not a modifier cptref knows{listed}; {} was searched for",
                            claim.code
                        ),
                        briefer: vec![format!("{modifier}: no modifier cptref knows")],
                    });
                } else if known && entry.is_some() && !listed {
                    notes.push(CodeNote {
                        full: format!("{}'s modifier table does not list {modifier}", claim.code),
                        briefer: vec![
                            format!("its table does not list {modifier}"),
                            format!("not in its table: {modifier}"),
                        ],
                    });
                }
            }
        }
        notes
    }

    /// What to say of a `payer:` or `site:` filter that no entry matches
    /// (`payer:aetna`, `site:podiatrist`): where the filter looks, and
    /// whether the entries' text names it, with the search that finds it
    /// there.
    pub fn filter_notes(&self, query: &crate::search::Query) -> Vec<String> {
        let index = self.index();
        let payers = query.filtered_payers().map(|payer| {
            let shown = crate::text::one_line(payer);
            let said =
                format!("no entry lists a payer named `{shown}` (payer: looks in payer lists)");
            ("payer", payer, said)
        });
        let sites = query.filtered_sites().map(|site| {
            let shown = crate::text::one_line(site);
            let said = format!(
                "no entry's site of service names `{shown}` (site: looks at the site of service)"
            );
            ("site", site, said)
        });
        payers
            .chain(sites)
            .filter(|(name, value, _)| index.search(&format!("{name}:{value}")).is_empty())
            .map(|(_, value, said)| {
                let shown = crate::text::one_line(value);
                let elsewhere = match index.search(value).len() {
                    0 => String::new(),
                    n => format!(
                        "; {} {} `{shown}` in {} text (search for `{shown}` alone)",
                        crate::text::counted(n, "entry", "entries"),
                        if n == 1 { "names" } else { "name" },
                        if n == 1 { "its" } else { "their" },
                    ),
                };
                format!("{said}{elsewhere}")
            })
            .collect()
    }

    /// What to say of a diagnosis code that no entry names (`M54.50`):
    /// whether entries list other codes of its category, with the search
    /// that finds them, so that a near code is not taken for it.
    pub fn diagnosis_notes(&self, query: &crate::search::Query) -> Vec<String> {
        self.diagnosis_said(query, true)
    }

    /// Of `diagnosis_notes`, those that point to a category some entry
    /// lists: what `show` adds to its own word that no entry names the code.
    pub fn diagnosis_pointers(&self, query: &crate::search::Query) -> Vec<String> {
        self.diagnosis_said(query, false)
    }

    fn diagnosis_said(&self, query: &crate::search::Query, unlisted_too: bool) -> Vec<String> {
        let index = self.index();
        query
            .dotted_diagnoses()
            .filter(|code| index.search(code).is_empty())
            .filter_map(|code| {
                let shown = crate::text::one_line(&code);
                let category = code.split('.').next().unwrap_or_default();
                Some(match index.entries_listing_category(category) {
                    // Without its dot (`G0260`) it may be a HCPCS code:
                    // said to be a diagnosis only where one is listed near.
                    0 if !unlisted_too || !query.has_word(&code) => return None,
                    0 => format!("no entry names the diagnosis {shown}"),
                    n => format!(
                        "no entry names the diagnosis {shown}; {} {} other {category} codes \
                         (search for `{category}`)",
                        crate::text::counted(n, "entry", "entries"),
                        if n == 1 { "lists" } else { "list" },
                    ),
                })
            })
            .collect()
    }

    /// The search index, built on first use unless it came from the cache.
    pub fn index(&self) -> Arc<SearchIndex> {
        Arc::clone(self.index.get_or_init(|| {
            Arc::new(SearchIndex::new(
                self.entries.iter().map(LoadedEntry::entry),
            ))
        }))
    }

    pub(crate) fn set_index(&mut self, index: Arc<SearchIndex>) {
        self.index = OnceLock::from(index);
    }
}

/// What a short code in a query is (`Content::short_code_notes`): said in
/// full, and in fewer words for a narrow place, shortest last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeNote {
    pub full: String,
    pub briefer: Vec<String>,
}

/// A content set that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read content folder {}: {source}", folder_named(path))]
    Folder { path: PathBuf, source: io::Error },
    #[error("{} is not a folder", folder_named(path))]
    NotAFolder { path: PathBuf },
}

/// A folder's name as an error gives it: in backquotes where spaces at its
/// ends (or nothing at all) would be lost in the sentence.
fn folder_named(path: &Path) -> String {
    let name = path.display().to_string();
    if name.is_empty() || name.trim() != name {
        format!("`{name}`")
    } else {
        name
    }
}

/// The two kinds of content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// A `.toml` entry in the content format.
    Toml,
    /// A `.txt` source publication, read by `publication::parse`.
    Publication,
}

/// A content file before parsing: its display path and its text, or why the
/// text could not be had.
pub struct SourceFile {
    pub path: String,
    pub text: Result<String, Undecodable>,
    pub format: Format,
}

impl SourceFile {
    pub fn toml(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.to_owned(),
            text: Ok(text.to_owned()),
            format: Format::Toml,
        }
    }
}

/// Loads a content set. Only an unreadable folder is an error; problems with
/// single files become findings.
pub fn load(source: &ContentSource) -> Result<Content, LoadError> {
    let jobs = match source {
        ContentSource::Builtin => builtin_files().into_iter().map(Job::from).collect(),
        ContentSource::Folder(dir) => {
            let listing = folder_listing(dir, false)?;
            return Ok(load_listed(&listing, &listing, None));
        }
    };
    Ok(load_jobs(jobs, Registry::builtin()))
}

/// Loads `files` of `listing` (all of them, or its first few), reporting
/// the content files' names in it that are not files: a content problem is
/// never silent.
fn load_listed(listing: &Listing, files: &[Listed], listed_at: Option<i128>) -> Content {
    let mut content = load_jobs(jobs_of(files, listed_at), Registry::builtin());
    if !listing.not_files.is_empty() {
        content
            .findings
            .extend(listing.not_files.iter().map(|(shown, what)| {
                Finding::new(
                    shown,
                    None,
                    FindingKind::Unreadable,
                    format!("{} {what}, so not loaded", crate::audit::NOT_A_FILE),
                )
            }));
        content
            .findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    content
}

/// A file to load: its text in hand, or a path to read it from (read by
/// the worker that parses it, so a large folder is never all in memory).
struct Job {
    path: String,
    format: Format,
    body: Body,
    /// Its stamp was taken too soon after it changed to be trusted (see
    /// `cache::Stamp::racy`): the cache keeps a checksum of its text.
    racy: bool,
}

enum Body {
    Text(Result<String, Undecodable>),
    File(PathBuf),
}

impl Job {
    /// The file's text: borrowed when in hand, read from disk otherwise.
    fn text(&self) -> Result<Cow<'_, str>, Undecodable> {
        match &self.body {
            Body::Text(Ok(text)) => Ok(Cow::Borrowed(text)),
            Body::Text(Err(reason)) => Err(reason.clone()),
            Body::File(path) => read_text(path).map(Cow::Owned),
        }
    }
}

impl From<SourceFile> for Job {
    fn from(file: SourceFile) -> Job {
        Job {
            path: file.path,
            format: file.format,
            body: Body::Text(file.text),
            racy: false,
        }
    }
}

/// One file after parsing and auditing.
struct Parsed {
    entry: Option<Entry>,
    findings: Vec<Finding>,
    /// Of the text read, when it could be (`text_checksum`).
    checksum: Option<u32>,
}

/// The checksum of a content file's text as read (`read_text`): what tells
/// a file written into again within the same tick of the clock from the
/// text that was parsed.
pub(crate) fn text_checksum(text: &str) -> u32 {
    crc32fast::hash(text.as_bytes())
}

/// A content file's text as a coder types and reads it: letters and their
/// accents composed (NFC), where a PDF or macOS pasted them as a letter
/// and a mark, and invisible in-word marks dropped (a soft hyphen, a word
/// joiner), so that `génicular` or `radio\u{AD}frequency` is found by the
/// word typed whole. Lines stay as they are, so findings keep their lines.
fn as_typed(text: &str) -> Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    const INVISIBLE: [char; 3] = ['\u{AD}', '\u{2060}', '\u{FEFF}'];
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let composed = is_nfc_quick(text.chars()) == IsNormalized::Yes;
    if composed && !text.contains(INVISIBLE) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|c| !INVISIBLE.contains(c))
            .nfc()
            .collect(),
    )
}

fn builtin_files() -> Vec<SourceFile> {
    BUILTIN_FILES
        .iter()
        .map(|(name, text)| SourceFile::toml(&format!("<built-in>/{name}"), text))
        .collect()
}

/// The content files of a folder, in load order: curated `.toml` entries
/// before `.txt` publications (so a `.toml` file keeps its code when a
/// publication names it too), then by path. Stamps are read only when
/// `stamped` (they cost a lookup per file). The folder's own stamp is taken
/// first, so that a file that comes while it is listed moves it.
pub fn folder_listing(dir: &Path, stamped: bool) -> Result<Listing, LoadError> {
    let folder_error = |source| LoadError::Folder {
        path: dir.to_owned(),
        source,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(LoadError::NotAFolder {
            path: dir.to_owned(),
        });
    }
    let folder_stamp = FolderStamp::settled(dir);
    let mut found = Vec::new();
    for item in fs::read_dir(dir).map_err(folder_error)? {
        let item = item.map_err(folder_error)?;
        let name = item.file_name();
        if let Some(format) = content_format(&name) {
            found.push((format, name, item));
        }
    }
    // All in one folder, so names order the paths (and compare faster).
    found.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let listed = |format: Format, name: &OsStr, stamp: Stamp| {
        let path = dir.join(name);
        Listed {
            format,
            shown: path.display().to_string(),
            path,
            stamp,
        }
    };
    // The folder's listing says what each name is; only links cost a
    // lookup.
    let mut files = Vec::with_capacity(found.len());
    let mut not_files = Vec::new();
    for (format, name, item) in &found {
        match not_a_file(item) {
            None => files.push(listed(*format, name, Stamp::default())),
            Some(what) => not_files.push((dir.join(name).display().to_string(), what)),
        }
    }
    // A content file's name that is not a file (a link to nothing, a
    // folder) can become one without the folder changing: the folder's
    // stamp cannot vouch for it.
    let only_files = not_files.is_empty();
    let listing = Listing {
        files,
        folder_stamp: folder_stamp.filter(|_| only_files),
        listed_at: None,
        not_files,
    };
    if stamped {
        with_stamps(dir, listing)
    } else {
        Ok(listing)
    }
}

/// `listing` (of `dir`) with each file's stamp, less any file that has
/// gone meanwhile. A lookup per file, spread over the cores: on a large
/// folder they are most of a listing's time. A file that cannot be looked
/// at (a folder that may be listed but not entered) stays, with no stamp,
/// so that reading it reports why; its stamp then never matches, and each
/// start reads the folder again until it can be.
fn with_stamps(dir: &Path, listing: Listing) -> Result<Listing, LoadError> {
    let folder = cache::Folder::open(dir).map_err(|source| LoadError::Folder {
        path: dir.to_owned(),
        source,
    })?;
    let listed_at = cache::now();
    let files = spread(&listing, |listed| {
        let stamp = match folder.file_stamp(listed.path.file_name()?) {
            Some(stamp) => stamp,
            None if fs::symlink_metadata(&listed.path)
                .is_err_and(|error| error.kind() != io::ErrorKind::NotFound) =>
            {
                Stamp::default()
            }
            None => return None,
        };
        Some(Listed {
            stamp,
            ..listed.clone()
        })
    });
    Ok(Listing {
        files,
        listed_at,
        ..listing
    })
}

/// What a content file named `name` holds, or `None` when the name is not
/// a content file's: hidden names (the cache, editors' swap files) and other
/// extensions.
pub fn content_format(name: &OsStr) -> Option<Format> {
    if name.as_encoded_bytes().starts_with(b".") {
        return None;
    }
    // Any case: a folder copied from another system may say `.TOML`.
    let extension = Path::new(name).extension()?.to_str()?;
    if extension.eq_ignore_ascii_case("toml") {
        Some(Format::Toml)
    } else if extension.eq_ignore_ascii_case("txt") {
        Some(Format::Publication)
    } else {
        None
    }
}

/// Whether a folder's item is a file, or a link to one.
pub fn is_file(item: &fs::DirEntry) -> bool {
    not_a_file(item).is_none()
}

/// What the folder item `item` is when it is not a file (or a link to
/// one): `None` for a file.
pub(crate) fn not_a_file(item: &fs::DirEntry) -> Option<&'static str> {
    let kind = match item.file_type() {
        Ok(kind) if kind.is_symlink() => match fs::metadata(item.path()) {
            Ok(target) if target.is_file() => return None,
            Ok(target) if target.is_dir() => return Some("a link to a folder"),
            Ok(_) => return Some("a link to something other than a file"),
            Err(_) => return Some("a link to nothing (or to itself)"),
        },
        Ok(kind) => kind,
        Err(_) => return Some("something that cannot be looked at"),
    };
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else {
        Some("something other than a file (a pipe or a device)")
    }
}

/// The files of `listing` to read; `listed_at`, when they were stamped.
fn jobs_of(listing: &[Listed], listed_at: Option<i128>) -> Vec<Job> {
    listing
        .iter()
        .map(|listed| Job {
            path: listed.shown.clone(),
            format: listed.format,
            body: Body::File(listed.path.clone()),
            racy: listed_at.is_some_and(|at| listed.stamp.racy(at)),
        })
        .collect()
}

/// Loads a content set through the content cache in `cache_dir` (see
/// `cache`): from the cache when no file changed, else from the files,
/// writing the cache for next time. The built-in set is never cached.
pub fn load_cached(source: &ContentSource, cache_dir: &Path) -> Result<Content, LoadError> {
    let ContentSource::Folder(dir) = source else {
        return load(source);
    };
    let cache_file = cache::file_for(cache_dir, dir);
    match cache::open(&cache_file, dir).fresh(dir) {
        Ok(content) => Ok(content),
        Err(opened) => Ok(through_cache(
            dir,
            &cache_file,
            opened,
            &folder_listing(dir, true)?,
        )),
    }
}

/// The content from the opened cache when it matches `listing` (stamped),
/// else from the files, writing the cache again. (A cache found `fresh`
/// needs no listing; this compares the whole listing, which also catches
/// a cache that is right for names that are not UTF-8.)
fn through_cache(
    dir: &Path,
    cache_file: &Path,
    opened: cache::Opened,
    listing: &Listing,
) -> Content {
    let ignored = match opened.check(dir, listing) {
        cache::Lookup::Fresh(content) => return *content,
        cache::Lookup::Unusable(why) => Some(why),
        _ => None,
    };
    let mut content = load_listed(listing, listing, listing.listed_at);
    // A folder with no content files, nor names that should be one, is an
    // error to the user, and nothing to keep: no cache is left for it.
    if listing.is_empty() && listing.not_files.is_empty() {
        return content;
    }
    let unwritten = cache::write(cache_file, dir, listing, &content).err();
    content.notices = cache_notices(cache_file, ignored, unwritten);
    content
}

/// What to tell the user about the cache `cache_file` once it was written
/// again: why it was not used (`ignored`, when it was damaged), and the
/// error writing it gave. One notice for one cache: a damaged cache that
/// cannot be written again is said once, with both reasons.
fn cache_notices(
    cache_file: &Path,
    ignored: Option<String>,
    unwritten: Option<io::Error>,
) -> Vec<String> {
    match (ignored, unwritten) {
        (Some(why), unwritten) => vec![ignored_notice(cache_file, &why, unwritten.as_ref())],
        (None, Some(error)) => vec![unwritten_notice(cache_file, &error)],
        (None, None) => Vec::new(),
    }
}

/// What to tell the user about a damaged cache that was not used (`why`):
/// that it was written again, or that writing it failed too.
fn ignored_notice(cache_file: &Path, why: &str, unwritten: Option<&io::Error>) -> String {
    let cache = cache_file.display();
    match unwritten {
        Some(error) => format!(
            "the content cache {cache} was ignored: {why}; writing it again failed: {error}"
        ),
        None => format!("the content cache {cache} was ignored: {why}; it was written again"),
    }
}

/// What to tell the user when the cache `cache_file` could not be written.
fn unwritten_notice(cache_file: &Path, error: &io::Error) -> String {
    format!(
        "could not write the content cache {}: {error}",
        cache_file.display()
    )
}

/// From this many content files the browser shows its first screen before
/// the whole folder is checked or read (`start`); below it, doing it all
/// first takes about a frame's time anyway.
pub const QUICK_START_FROM: usize = 2_000;

/// How many files a start with nothing cached reads before the first screen:
/// enough to fill the list, few enough to take a few tens of milliseconds.
const FIRST_FILES: usize = 500;

/// A content set to show at once, and what is left to confirm or complete
/// it.
pub struct Start {
    pub content: Content,
    pub rest: Option<Rest>,
}

/// The work a quick start left for later, to be done off the UI thread by
/// `Rest::finish`.
pub struct Rest {
    dir: PathBuf,
    cache_file: Option<PathBuf>,
    files: usize,
    work: RestWork,
    /// Why the cache was not used, when it was damaged: said when the rest
    /// is done, with how writing it again went, in one notice.
    ignored: Option<String>,
}

enum RestWork {
    /// The content came from the cache without looking at the folder:
    /// compare the folder with how it was when the cache was written.
    Compare(cache::Written),
    /// Only the first files were read: read them all.
    ReadAll,
}

/// Starts a content set for the browser: from the cache, unchecked, or from
/// the first `FIRST_FILES` files, when the folder has `quick_from` files or
/// more; otherwise loads it all (through the cache when `cache_dir` is
/// given) and leaves nothing for later.
pub fn start(
    source: &ContentSource,
    cache_dir: Option<&Path>,
    quick_from: usize,
) -> Result<Start, LoadError> {
    let whole = |content| Start {
        content,
        rest: None,
    };
    let ContentSource::Folder(dir) = source else {
        return load(source).map(whole);
    };
    let cache_file = cache_dir.map(|cache_dir| cache::file_for(cache_dir, dir));
    let mut opened = None;
    if let Some(cache_file) = &cache_file {
        let read = match cache::open(cache_file, dir).vouched() {
            Ok(content) => return Ok(whole(content)),
            Err(read) => read,
        };
        match read.trust_from(quick_from) {
            Ok((content, written)) => {
                let files = content.files;
                return Ok(Start {
                    content,
                    rest: Some(Rest {
                        dir: dir.clone(),
                        cache_file: Some(cache_file.clone()),
                        files,
                        work: RestWork::Compare(written),
                        ignored: None,
                    }),
                });
            }
            // A small set is checked first: that takes about a frame.
            Err(small) => match small.fresh(dir) {
                Ok(content) => return Ok(whole(content)),
                Err(not_fresh) => opened = Some(not_fresh),
            },
        }
    }
    let listing = folder_listing(dir, false)?;
    if listing.len() < quick_from {
        // The cache already read, not fresh, is compared with the whole
        // listing (a small folder: a few milliseconds).
        let content = match (&cache_file, opened) {
            (Some(cache_file), Some(opened)) => {
                through_cache(dir, cache_file, opened, &with_stamps(dir, listing)?)
            }
            _ => load_listed(&listing, &listing, None),
        };
        return Ok(whole(content));
    }
    let first = listing.len().min(FIRST_FILES);
    let content = load_listed(&listing, &listing[..first], None);
    let ignored = match opened {
        Some(cache::Opened::Unusable(why)) => Some(why),
        _ => None,
    };
    Ok(Start {
        content,
        rest: Some(Rest {
            dir: dir.clone(),
            cache_file,
            files: listing.len(),
            work: RestWork::ReadAll,
            ignored,
        }),
    })
}

impl Rest {
    /// How many content files the folder has.
    pub fn files(&self) -> usize {
        self.files
    }

    /// What the rest is, for a status line.
    pub fn describe(&self) -> String {
        let files = crate::text::thousands(self.files);
        match self.work {
            RestWork::Compare(_) => format!("checking {files} files"),
            RestWork::ReadAll => format!("reading {files} files"),
        }
    }

    /// Does the rest. `replace` gets the whole content, indexed, when it
    /// differs from what the start showed (a file changed since the cache
    /// was written, or only the first files were read); the cache is written
    /// after that, so the content is not kept waiting for it, and only if
    /// `may_write` says so (the browser may be quitting). Returns what the
    /// user should know.
    pub fn finish(
        self,
        replace: impl FnOnce(Arc<Content>),
        may_write: impl FnOnce() -> bool,
    ) -> Result<Vec<String>, LoadError> {
        if let RestWork::Compare(written) = &self.work
            && written.unchanged(&self.dir)
        {
            return Ok(Vec::new());
        }
        let stamped = self.cache_file.is_some();
        let listing = folder_listing(&self.dir, stamped)?;
        let content = load_listed(&listing, &listing, listing.listed_at);
        content.index();
        let content = Arc::new(content);
        replace(Arc::clone(&content));
        let Some(cache_file) = self.cache_file.filter(|_| may_write()) else {
            return Ok(Vec::new());
        };
        let unwritten = cache::write(&cache_file, &self.dir, &listing, &content).err();
        Ok(cache_notices(&cache_file, self.ignored, unwritten))
    }
}

/// Reads a content file as text, refusing what is not a plain file (see
/// `open_plain_file`), too large, binary or not UTF-8; a byte-order mark is
/// dropped.
pub fn read_text(path: &Path) -> Result<String, Undecodable> {
    let unreadable = |e: io::Error| Undecodable::from(format!("cannot read file: {e}"));
    let (mut file, metadata) = open_plain_file(path).map_err(unreadable)?;
    let size = metadata.len();
    if size > publication::MAX_BYTES {
        return Err(publication::too_large(size).into());
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    io::Read::read_to_end(&mut file, &mut bytes).map_err(unreadable)?;
    publication::decode(bytes)
}

/// Opens `path` to read; on Unix without waiting, so that a pipe with no
/// writer is opened at once, to be told apart, rather than waited on.
pub(crate) fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    #[cfg(unix)]
    {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
        Ok(fs::File::from(rustix::fs::open(
            path,
            flags,
            Mode::empty(),
        )?))
    }
    #[cfg(not(unix))]
    fs::File::open(path)
}

/// Opens the file at `path` to read, with what the open file says of
/// itself, refusing anything but a plain file: a pipe would wait for a
/// writer, and a device may never end. On Unix it is opened without
/// waiting (a pipe opened plainly blocks until something writes to it)
/// and asked what it is, with no second lookup of the path.
pub(crate) fn open_plain_file(path: &Path) -> io::Result<(fs::File, fs::Metadata)> {
    #[cfg(not(unix))]
    if !fs::metadata(path)?.is_file() {
        return Err(io::Error::other("it is not a file"));
    }
    let file = open_without_waiting(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::other("it is not a file"));
    }
    Ok((file, metadata))
}

/// What a finding of a file named after a code that did not load says
/// before naming the file whose entry shows under the code meanwhile.
pub(crate) const STANDS_IN: &str = "; until it loads, ";

/// Parses and audits files in the order given; of files with one code, the
/// one `load_jobs` chooses keeps it.
pub fn load_files(files: Vec<SourceFile>, registry: Registry) -> Content {
    load_jobs(files.into_iter().map(Job::from).collect(), registry)
}

/// From this many files, parsing is spread over the machine's cores.
const PARALLEL_FROM: usize = 256;

/// `work` done on each item, spread over the machine's cores from
/// `PARALLEL_FROM` items; the results in the items' order.
fn spread<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> Option<R> + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if items.len() < PARALLEL_FROM || threads < 2 {
        return items.iter().filter_map(work).collect();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|part| scope.spawn(move || part.iter().filter_map(work).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    })
}

fn load_jobs(jobs: Vec<Job>, registry: Registry) -> Content {
    let parsed: Vec<Parsed> = spread(&jobs, |job| Some(parse_job(job, &registry)));

    let mut entries: Vec<LoadedEntry> = Vec::with_capacity(jobs.len());
    let mut findings = Vec::new();
    let mut checksums = HashMap::new();
    let mut parsed_entries = Vec::with_capacity(jobs.len());
    for (job, parsed) in jobs.iter().zip(parsed) {
        findings.extend(parsed.findings);
        if let (true, Some(checksum)) = (job.racy, parsed.checksum) {
            checksums.insert(job.path.clone(), checksum);
        }
        parsed_entries.push(parsed.entry);
    }
    // Of files with one code, an entry beats a publication, and the file
    // named after the code beats one named otherwise (a copy left with
    // another code in it must not hide the real one); else the first in
    // name order. Chosen before any is reported, so that every other file
    // names the one that holds the code.
    let mut owner_of_code: HashMap<&str, usize> = HashMap::with_capacity(jobs.len());
    for (index, entry) in parsed_entries.iter().enumerate() {
        let Some(entry) = entry else { continue };
        owner_of_code
            .entry(entry.code.as_str())
            .and_modify(|owner| {
                if claim(&jobs[index], &entry.code) < claim(&jobs[*owner], &entry.code) {
                    *owner = index;
                }
            })
            .or_insert(index);
    }
    // A file named after a code that did not load, while another file has
    // that code: the other's entry is what shows under it, which its
    // finding says (a stray copy must not stand in unnoticed).
    for (job, entry) in jobs.iter().zip(&parsed_entries) {
        let Some(stem) = Path::new(&job.path).file_stem() else {
            continue;
        };
        let code = stem.to_string_lossy().to_ascii_uppercase();
        let Some(&owner) = owner_of_code.get(code.as_str()) else {
            continue;
        };
        if entry.is_some() || jobs[owner].path == job.path {
            continue;
        }
        for finding in findings
            .iter_mut()
            .filter(|f| f.path == job.path && f.left_out_its_entry())
        {
            finding.message.push_str(&format!(
                "{STANDS_IN}{code} shows the entry in {}",
                jobs[owner].path
            ));
        }
    }
    let owners: Vec<Option<usize>> = parsed_entries
        .iter()
        .map(|entry| entry.as_ref().map(|e| owner_of_code[e.code.as_str()]))
        .collect();
    for (index, (entry, owner)) in parsed_entries.into_iter().zip(owners).enumerate() {
        let (Some(entry), Some(owner)) = (entry, owner) else {
            continue;
        };
        let job = &jobs[index];
        if owner == index {
            entries.push(LoadedEntry::new(entry, job.path.clone()));
        } else {
            findings.push(duplicate_finding(job, &entry.code, &jobs[owner].path));
        }
    }

    entries.sort_by(|a, b| a.code.cmp(&b.code));
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut content = Content::new(entries, findings, registry, jobs.len());
    content.checksums = checksums;
    content
}

/// Reads (when needed), parses and audits one file.
fn parse_job(job: &Job, registry: &Registry) -> Parsed {
    let mut findings = Vec::new();
    let text = match job.text() {
        Ok(text) => text,
        Err(error) => {
            findings.push(Finding::new(
                &job.path,
                error.at,
                FindingKind::Unreadable,
                error.reason,
            ));
            return Parsed {
                entry: None,
                findings,
                checksum: None,
            };
        }
    };
    let checksum = Some(text_checksum(&text));
    // One finding for an empty entry file, not one for each thing it lacks.
    let blank = |line: &str| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    };
    if job.format == Format::Toml && text.lines().all(blank) {
        findings.push(Finding::new(
            &job.path,
            Some(Location { line: 1, column: 1 }),
            FindingKind::MissingSection,
            crate::audit::EMPTY_FILE.to_owned(),
        ));
        return Parsed {
            entry: None,
            findings,
            checksum,
        };
    }
    let written = text;
    let text = as_typed(&written);
    let entry = match job.format {
        Format::Toml => match Entry::from_toml(&text) {
            Ok(mut entry) => {
                let problems = audit_entry(&entry, registry);
                // Codes are looked up and typed without regard to case;
                // kept as written (and reported as written, above), `1234f`
                // would be listed but could not be shown.
                // Spaces around it (`" 64624 "`) too: reported, and the
                // entry still found by its code.
                entry.code = crate::search::without_invisible(&entry.code)
                    .trim()
                    .to_ascii_uppercase();
                for related in &mut entry.related {
                    related.code = related.code.trim().to_ascii_uppercase();
                }
                for row in &mut entry.modifiers {
                    row.code = row.code.trim().to_owned();
                }
                // Most files have no problem; those that do are parsed for
                // places once, however many they have.
                if !problems.is_empty() {
                    let places = Places::new(&written);
                    for problem in problems {
                        // An empty code the file does not write is one it
                        // lacks.
                        let message = if problem.message == crate::audit::EMPTY_CODE
                            && !places.holds(&problem.key)
                        {
                            crate::audit::MISSING_CODE.to_owned()
                        } else {
                            problem.message
                        };
                        findings.push(Finding::new(
                            &job.path,
                            places.location_of(&problem.key),
                            problem.kind,
                            message,
                        ));
                    }
                }
                Some(entry)
            }
            Err(error) => {
                // Placed in the file as written, where an editor counts
                // the columns.
                let as_written = match text {
                    Cow::Owned(_) => Entry::from_toml(&written).err(),
                    Cow::Borrowed(_) => None,
                };
                let finding = match as_written {
                    Some(error) => parse_finding(&job.path, &written, &error),
                    None => parse_finding(&job.path, &text, &error),
                };
                findings.push(finding);
                None
            }
        },
        Format::Publication => {
            let name = Path::new(&job.path)
                .file_name()
                .map_or(job.path.clone(), |n| n.to_string_lossy().into_owned());
            let parsed = publication::parse(&text, &name, registry);
            for finding in parsed.findings {
                let location = finding.line.map(|line| Location { line, column: 1 });
                findings.push(Finding::new(
                    &job.path,
                    location,
                    finding.kind,
                    finding.message,
                ));
            }
            Some(parsed.entry)
        }
    };
    Parsed {
        // An entry without a code cannot be looked up; its finding says so.
        entry: entry.filter(|e| !e.code.is_empty()),
        findings,
        checksum,
    }
}

/// How strong `job`'s claim to `code` is, strongest first: an entry file
/// before a publication, then a file named after the code.
fn claim(job: &Job, code: &str) -> (bool, bool) {
    let named = Path::new(&job.path)
        .file_stem()
        .is_some_and(|stem| stem.to_string_lossy().eq_ignore_ascii_case(code));
    (job.format != Format::Toml, !named)
}

/// The finding for a file that repeats a code, placed at its `code` key
/// (the file is read again for that: duplicates are rare).
fn duplicate_finding(job: &Job, code: &str, owner: &str) -> Finding {
    let location = match (job.format, job.text()) {
        (Format::Toml, Ok(text)) => Places::new(&text).location_of(&KeyPath::root().name("code")),
        // A publication's code is on its `CPT NNNNN: Title` line.
        (Format::Publication, Ok(text)) => {
            publication::code_line(&text).map(|line| Location { line, column: 1 })
        }
        _ => None,
    };
    Finding::new(
        &job.path,
        location,
        FindingKind::DuplicateCode,
        format!("code `{code}` is already defined in {owner}; this file is not loaded"),
    )
}

/// A parse finding at byte `at` of `text`, naming the key written before
/// it on its line.
fn placed_parse_finding(path: &str, text: &str, at: usize, message: &str) -> Finding {
    let mut message = message.to_owned();
    if let Some(key) = key_before(text, at) {
        message.push_str(&format!(" (at key `{key}`)"));
    }
    Finding::new(
        path,
        Some(Location::of_offset(text, at)),
        FindingKind::Parse,
        message,
    )
}

/// The key of the `key = value` line where byte `at` of `text` is in the
/// value.
fn key_before(text: &str, at: usize) -> Option<&str> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let (key, _) = text[start..at].split_once('=')?;
    let key = key.trim();
    (!key.is_empty()).then_some(key)
}

/// Where the value of the `key = value` line holding byte `at` of `text`
/// starts, when it is words with no quotes (not `true`, `false`, `inf` or
/// `nan`; numbers, dates, arrays and tables start otherwise).
fn bare_words_at(text: &str, at: usize) -> Option<usize> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let after_equals = &line[line.find('=')? + 1..];
    let value = after_equals.trim_start();
    let first_word = value.split([' ', ',', '#']).next()?;
    let keyword = ["true", "false", "inf", "nan"].contains(&first_word);
    let first = value.chars().next()?;
    (first.is_alphabetic() && !keyword).then(|| end - value.len())
}

/// A parse error as a finding: the parser's message, where it happened, and
/// the key at fault when the text is well-formed enough to tell; for the
/// two commonest slips, a missing quote and words with none, where the
/// person made them.
fn parse_finding(path: &str, text: &str, error: &toml::de::Error) -> Finding {
    // A string not closed on its line, before the place TOML names, is
    // the mistake: TOML's message is about what it met after it.
    let unclosed = crate::location::unclosed_string(text)
        .filter(|&open| error.span().is_none_or(|span| open <= span.start));
    // Words with no quotes, where TOML names only what it met after the
    // first of them (`title = hello world, more`: "unexpected key or
    // value" at the comma). First, since an apostrophe in them
    // (`title = Morton's neuroma, x`) reads as a string left open.
    let bare = error
        .span()
        .and_then(|span| bare_words_at(text, span.start))
        .or_else(|| {
            let open = unclosed?;
            bare_words_at(text, open).filter(|&value| value < open)
        });
    if let Some(value) = bare {
        return placed_parse_finding(path, text, value, "text must be in quotes: \"like this\"");
    }
    if let Some(open) = unclosed {
        return placed_parse_finding(
            path,
            text,
            open,
            "this string is not closed on its line: a closing quote is missing",
        );
    }
    // serde's words for an array and a table, in TOML's. (A map is not
    // always a table: a date is one to serde.)
    let mut message = error
        .message()
        .trim()
        .replace('\n', "; ")
        .replace("invalid type: sequence,", "invalid type: array,")
        .replace(
            "invalid type: map, expected a sequence",
            "invalid type: table, expected an array (its rows are written [[name]], with two \
             brackets)",
        )
        .replace(
            "expected a sequence",
            "expected an array (as [\"a\", \"b\"])",
        );
    if crate::location::number_too_large(&message) {
        message = "a number too large for TOML; a code, as any text, goes in quotes: \"64624\""
            .to_owned();
    }
    if let Some((at, message)) = crate::location::nested_too_deep(text, error) {
        return placed_parse_finding(path, text, at, &message);
    }
    // TOML's words for it ("invalid basic string, expected non-double-quote
    // visible characters") do not say what to do.
    if let Some(at) = error.span().map(|span| span.start)
        && let Some(control) = text.get(at..).and_then(|rest| rest.chars().next())
        && control.is_control()
        && !matches!(control, '\n' | '\r')
    {
        let code = u32::from(control);
        let said = format!(
            "a control character (U+{code:04X}) in a string: take it out, or write it as \\u{code:04X}"
        );
        return placed_parse_finding(path, text, at, &said);
    }
    let location = error.span().map(|span| {
        if let Some(key) = key_at(text, span.start) {
            message.push_str(&format!(" (at key `{key}`)"));
            // A top-level key written under a table (`payers` after
            // [clinical]) belongs to that table in TOML.
            const TOP_LEVEL: [&str; 5] = ["code", "title", "summary", "payers", "sources"];
            let key = key.to_string();
            if let Some((_, name)) = key.rsplit_once('.')
                && TOP_LEVEL.contains(&name)
                && message.starts_with("unknown field")
            {
                message.push_str(&format!(
                    "; `{name}` is a top-level key: move it above the file's first [table]"
                ));
            }
        } else if message == "duplicate key"
            && let Some(named) = crate::location::duplicate_named(text, span.start)
        {
            message = named;
        }
        Location::of_offset(text, span.start)
    });
    Finding::new(path, location, FindingKind::Parse, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile::toml(path, text)
    }

    const GOOD: &str = r#"code = "99990"
title = "A made-up procedure"
summary = "Made up for tests."
[billing]
overview = "Billed once."
[clinical]
scenario = "A patient."
"#;

    #[test]
    fn a_code_written_with_spaces_is_reported_and_still_found() {
        let text = GOOD.replace(r#"code = "99990""#, r#"code = " 99990 ""#);
        let content = load_files(vec![file("a.toml", &text)], Registry::builtin());
        assert_eq!(content.findings.len(), 1, "{:?}", content.findings);
        assert_eq!(
            content.findings[0].message,
            "code ` 99990 ` is read as `99990`: write it so (capitals, nothing around it)"
        );
        assert_eq!(content.get("99990").map(|e| e.code.as_str()), Some("99990"));
    }

    #[test]
    fn short_codes_in_a_query_are_said_where_the_hits_leave_them_unsaid() {
        let content = load(&ContentSource::Builtin).unwrap();
        let said = |query: &str| -> Vec<String> {
            content
                .short_code_notes(
                    &crate::search::Query::parse(query),
                    &content.index().search(query),
                )
                .into_iter()
                .map(|note| note.full)
                .collect()
        };
        let tc = "TC is a modifier (only the technical part of a service that has a separate \
                  professional/technical split is billed); no entry's modifier table lists it";
        assert_eq!(said("mod:tc"), [tc]);
        assert_eq!(said("TC"), [tc]);
        assert_eq!(
            said("mod:11"),
            ["11 is not a modifier: it is place of service 11 (an office)"]
        );
        assert_eq!(
            said("mod:19"),
            ["19 is not a modifier: it is place of service 19 (a hospital outpatient department)"]
        );
        assert_eq!(
            said("mod:24"),
            [
                "24 is not a modifier cptref knows, and no entry's modifier table lists it; it is \
                 also place of service 24 (an ambulatory surgical center)"
            ]
        );
        assert_eq!(
            said("mod:99"),
            ["99 is not a modifier cptref knows, and no entry's modifier table lists it"]
        );
        assert_eq!(
            said("24"),
            ["24 is place of service 24 (an ambulatory surgical center)"]
        );
        assert_eq!(
            said("22"),
            ["22 is also place of service 22 (a hospital outpatient department)"]
        );
        // Listed modifiers, the start of one, and a code among words are
        // what the hits say.
        for query in ["mod:50", "50", "mod:5", "24 knee", "rt", "64624"] {
            assert!(said(query).is_empty(), "{query}: {:?}", said(query));
        }
    }

    #[test]
    fn the_builtin_set_loads_clean() {
        let content = load(&ContentSource::Builtin).unwrap();
        assert!(content.findings.is_empty(), "{:#?}", content.findings);
        let codes: Vec<_> = content.entries.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["64454", "64624", "64632", "64633", "64640"]);
    }

    #[test]
    fn a_broken_file_does_not_hide_the_good_ones() {
        let content = load_files(
            vec![
                file("a.toml", GOOD),
                file("b.toml", "code = \"99991\"\ntitle = [\n"),
                SourceFile {
                    path: "c.toml".into(),
                    text: Err(String::from("not UTF-8 text").into()),
                    format: Format::Toml,
                },
            ],
            Registry::builtin(),
        );
        assert_eq!(content.entries.len(), 1);
        assert_eq!(content.findings.len(), 2);
        assert_eq!(content.findings[0].path, "b.toml");
        assert_eq!(content.findings[0].kind, FindingKind::Parse);
        assert_eq!(content.findings[0].line, Some(2));
        assert_eq!(content.findings[1].kind, FindingKind::Unreadable);
    }

    #[test]
    fn parse_errors_name_the_key_and_place() {
        let text = GOOD.replace("overview = \"Billed once.\"", "overview = 5");
        let content = load_files(vec![file("a.toml", &text)], Registry::builtin());
        let finding = &content.findings[0];
        assert_eq!((finding.line, finding.column), (Some(5), Some(12)));
        assert!(
            finding.message.contains("billing.overview"),
            "{}",
            finding.message
        );

        let typo = GOOD.replace("summary", "sumary");
        let content = load_files(vec![file("a.toml", &typo)], Registry::builtin());
        assert!(content.findings[0].message.contains("sumary"));
        assert_eq!(content.findings[0].line, Some(3));
    }

    #[test]
    fn accents_pasted_apart_and_soft_hyphens_are_read_as_typed() {
        let text = GOOD
            .replace(
                "A made-up procedure",
                "Ge\u{301}nicular radio\u{AD}frequency",
            )
            .replace("A patient.", "Ne\u{301}vrome de\u{2060}cisions.");
        let content = load_files(vec![file("a.toml", &text)], Registry::builtin());
        assert!(content.findings.is_empty(), "{:#?}", content.findings);
        let entry = content.entries[0].entry();
        assert_eq!(entry.title, "G\u{e9}nicular radiofrequency");
        assert_eq!(entry.clinical.scenario, "N\u{e9}vrome decisions.");
        let index = content.index();
        for query in ["genicular", "radiofrequency", "nevrome", "decisions"] {
            assert_eq!(index.search(query).len(), 1, "{query}");
        }
    }

    #[test]
    fn a_parse_error_after_a_pasted_accent_is_placed_as_written() {
        // Five characters before the value as written (`e` and its mark
        // are two), four once composed: the editor counts the first.
        let text = GOOD.replace("summary = \"Made up for tests.\"", "\"e\u{301}x\" = 5 5");
        let content = load_files(vec![file("a.toml", &text)], Registry::builtin());
        let finding = &content.findings[0];
        assert_eq!(finding.kind, FindingKind::Parse);
        let composed = text.replace("e\u{301}", "\u{e9}");
        let content = load_files(vec![file("a.toml", &composed)], Registry::builtin());
        let composed_finding = &content.findings[0];
        assert_eq!(finding.line, Some(3));
        assert_eq!(
            finding.column.map(|c| c - 1),
            composed_finding.column,
            "{finding:?} {composed_finding:?}"
        );
    }

    #[test]
    fn a_key_nested_too_deep_is_placed_at_its_line() {
        let deep = vec!["a"; 20_000].join(".");
        for nested in [format!("[{deep}]\nb = 1\n"), format!("{deep} = 1\n")] {
            let text = format!("{GOOD}x.y = 1\n{nested}");
            let content = load_files(vec![file("a.toml", &text)], Registry::builtin());
            let finding = &content.findings[0];
            assert_eq!((finding.line, finding.column), (Some(9), Some(1)));
            assert_eq!(
                finding.message,
                "nested too deep to read: this key has 20000 dotted parts"
            );
        }
    }

    #[test]
    fn a_missing_quote_or_quotes_are_placed_where_the_value_is() {
        let place = |text: &str| {
            let content = load_files(vec![file("a.toml", text)], Registry::builtin());
            let finding = &content.findings[0];
            (finding.line, finding.column, finding.message.clone())
        };
        // TOML itself names the line after, where it met the next key.
        let unclosed = GOOD.replace("\"A made-up procedure\"", "\"A made-up procedure");
        assert_eq!(
            place(&unclosed),
            (
                Some(2),
                Some(9),
                "this string is not closed on its line: a closing quote is missing (at key `title`)"
                    .to_owned()
            )
        );
        // With an apostrophe in the words too, and a comma after it.
        for words in ["don't know", "Morton's neuroma, destroyed"] {
            let apostrophe = GOOD.replace("\"A made-up procedure\"", words);
            let (line, column, message) = place(&apostrophe);
            assert_eq!((line, column), (Some(2), Some(9)), "{words}: {message}");
            assert!(message.starts_with("text must be in quotes"), "{message}");
        }
        // A top-level key written under a table belongs to that table: said
        // how to mend it.
        let payers_late = format!("{GOOD}payers = [\"Anthem\"]\n");
        let (line, _, message) = place(&payers_late);
        assert_eq!(line, Some(8), "{message}");
        assert!(
            message.ends_with(
                "(at key `clinical.payers`); `payers` is a top-level key: move it above the \
                 file's first [table]"
            ),
            "{message}"
        );
        // A control character in a string, in words that say what to do.
        let escape = GOOD.replace("\"A made-up procedure\"", "\"A \u{1b} procedure\"");
        assert_eq!(
            place(&escape),
            (
                Some(2),
                Some(12),
                "a control character (U+001B) in a string: take it out, or write it as \\u001B \
                 (at key `title`)"
                    .to_owned()
            )
        );
        // TOML itself names the comma.
        let bare = GOOD.replace("\"A made-up procedure\"", "made up, really");
        assert_eq!(
            place(&bare),
            (
                Some(2),
                Some(9),
                "text must be in quotes: \"like this\" (at key `title`)".to_owned()
            )
        );
        // A quote in a comment or a multi-line string is no string to close.
        let fine = GOOD.replace(
            "summary = \"Made up for tests.\"",
            "summary = \"\"\"Made \"up\"\nfor tests.\"\"\" # it's \"fine\nx = [1, 2",
        );
        let (line, _, message) = place(&fine);
        assert_eq!(line, Some(6), "{message}");
        assert!(message.starts_with("missing comma"), "{message}");
    }

    #[test]
    fn a_key_given_twice_or_an_empty_code_is_named_where_it_is() {
        let twice = GOOD.replace(
            "summary = \"Made up for tests.\"",
            "summary = \"a\"\nsummary = \"b\"",
        );
        let content = load_files(vec![file("a.toml", &twice)], Registry::builtin());
        let finding = &content.findings[0];
        assert_eq!(
            (finding.line, finding.message.as_str()),
            (Some(4), "duplicate key `summary`: it is given twice")
        );
        let quoted = twice.replace("summary = \"b\"", "\"summary\" = \"b\"");
        let content = load_files(vec![file("a.toml", &quoted)], Registry::builtin());
        assert_eq!(
            content.findings[0].message,
            "duplicate key `summary`: it is given twice"
        );
        let empty = GOOD.replace("code = \"99990\"", "code = \"\"");
        let content = load_files(vec![file("a.toml", &empty)], Registry::builtin());
        let finding = &content.findings[0];
        assert_eq!(
            (finding.line, finding.column, finding.message.as_str()),
            (Some(1), Some(8), crate::audit::EMPTY_CODE)
        );
        assert!(finding.left_out_its_entry());
        // Spaces alone, which the loader would trim to nothing to look up,
        // leave the entry out in the same way, said as they are.
        for blank in [
            "\" \"",
            "\"\\t\"",
            "\"\\u00A0\"",
            "\"\\u3000\"",
            "\"\\u200B\"",
        ] {
            let spaces = GOOD.replace("\"99990\"", blank);
            let content = load_files(vec![file("a.toml", &spaces)], Registry::builtin());
            let finding = &content.findings[0];
            assert_eq!(
                (finding.line, finding.column, finding.message.as_str()),
                (Some(1), Some(8), crate::audit::BLANK_CODE),
                "{blank}"
            );
            assert!(finding.left_out_its_entry(), "{blank}");
            assert!(content.entries.is_empty(), "{blank}");
        }
    }

    #[test]
    fn the_first_file_keeps_a_duplicate_code() {
        let content = load_files(
            vec![file("a.toml", GOOD), file("b.toml", GOOD)],
            Registry::builtin(),
        );
        assert_eq!(content.entries.len(), 1);
        assert_eq!(content.entries[0].path, "a.toml");
        let finding = &content.findings[0];
        assert_eq!(finding.kind, FindingKind::DuplicateCode);
        assert_eq!((finding.path.as_str(), finding.line), ("b.toml", Some(1)));
        assert!(finding.message.contains("a.toml"));
    }

    #[test]
    fn a_file_named_after_a_code_that_fails_says_which_file_stands_in() {
        let broken = GOOD.replace("title = \"A made-up procedure\"", "title = 5");
        let content = load_files(
            vec![file("99990.toml", &broken), file("a.toml", GOOD)],
            Registry::builtin(),
        );
        assert_eq!(content.entries[0].path, "a.toml");
        let finding = &content.findings[0];
        assert_eq!(finding.path, "99990.toml");
        assert!(
            finding
                .message
                .ends_with("; until it loads, 99990 shows the entry in a.toml"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn audit_findings_carry_line_and_column() {
        let text = format!("{GOOD}\n[[modifiers]]\ncode = \"11\"\n");
        let content = load_files(vec![file("a.toml", &text)], Registry::builtin());
        assert_eq!(
            content.entries.len(),
            1,
            "an unknown modifier keeps the entry"
        );
        let placed = |kind| {
            let finding = content.findings.iter().find(|f| f.kind == kind).unwrap();
            (finding.line, finding.column)
        };
        assert_eq!(placed(FindingKind::UnknownModifier), (Some(10), Some(8)));
        // A row's missing key is placed at the row; a blank one, at itself.
        assert_eq!(placed(FindingKind::MissingSection), (Some(9), Some(1)));
        let blank = format!("{text}description = \"  \"\n");
        let content = load_files(vec![file("a.toml", &blank)], Registry::builtin());
        let finding = content
            .findings
            .iter()
            .find(|f| f.message.contains("`description`"))
            .unwrap();
        assert_eq!((finding.line, finding.column), (Some(11), Some(15)));
    }

    #[test]
    fn a_missing_folder_is_an_error_not_an_empty_set() {
        let err = load(&ContentSource::Folder("/nonexistent/cptref".into())).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/cptref"));
    }
}
