//! `cptref import`: turns source publications into content files, one per
//! document, named by code, with the publication's findings written into the
//! file as comments for the editor to resolve. Files are written atomically
//! and never overwritten without `--force`.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::audit::FindingKind;
use crate::loader::read_text;
use crate::model::is_cpt_code;
use crate::publication::{self, Publication};
use crate::registry::Registry;

/// What happened to one document.
#[derive(Debug)]
pub enum Outcome {
    /// Written to `path`, with this many findings noted in it; `made_folder`
    /// when the folder it went into was made for it.
    Written {
        path: PathBuf,
        findings: usize,
        made_folder: bool,
    },
    /// Not written: `path` exists and `--force` was not given.
    Exists { path: PathBuf },
    /// Not written: `path` was written from `first` earlier in the same
    /// run, which `--force` does not undo (two publications of one code).
    Repeated { path: PathBuf, first: PathBuf },
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// `reason` starts with its place when it has one (`:2:291: …`), else
    /// with `: `, so the error reads `path:line:column: message` as
    /// `check`'s do.
    #[error("{path}{reason}")]
    Unreadable { path: String, reason: String },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    /// A content file given to import: importing it would read it as a
    /// publication and, with `--force`, write the result over it.
    #[error("{path} is a content file already; import reads source publications (.txt)")]
    ContentFile { path: String },
    #[error("{path} would be written over itself")]
    OverItself { path: String },
    /// Text with no `CPT NNNNN: Title` line and no heading of a
    /// publication's: what was written from it would never load.
    #[error(
        "{path} is not a publication: it has no `CPT NNNNN: Title` line and none of a \
         publication's headings"
    )]
    NotAPublication { path: String },
    #[error("cannot create the folder {}: {source}", path.display())]
    MakeFolder { path: PathBuf, source: io::Error },
    /// The content file would be more than a content file may hold (its
    /// findings quote rows: a table of thousands of broken rows), so it
    /// would never load.
    #[error(
        "{path}: its content file would be {size} bytes, over the {} a content file may \
         hold, so it is not written",
        publication::MAX_BYTES
    )]
    TooLarge { path: String, size: usize },
}

/// One `cptref import` of several publications: `--force` replaces files
/// that were there before the run, never one the run itself wrote.
pub struct Run {
    force: bool,
    /// Each file written so far, with the publication it came from.
    written: std::collections::HashMap<PathBuf, PathBuf>,
}

impl Run {
    pub fn new(force: bool) -> Run {
        Run {
            force,
            written: Default::default(),
        }
    }

    /// Imports one publication into `out`.
    pub fn import(
        &mut self,
        source: &Path,
        out: &Path,
        registry: &Registry,
    ) -> Result<Outcome, ImportError> {
        if source
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"))
        {
            return Err(ImportError::ContentFile {
                path: source.display().to_string(),
            });
        }
        let target = target_of(source, out, registry)?;
        // Through a link, say: the publication would be lost to its import.
        if same_file(source, &target.path) {
            return Err(ImportError::OverItself {
                path: source.display().to_string(),
            });
        }
        if let Some(first) = self.written.get(&target.path) {
            return Ok(Outcome::Repeated {
                path: target.path,
                first: first.clone(),
            });
        }
        // Made only now, when there is a file to put in it: a run that
        // reads nothing leaves no empty folder behind.
        let made_folder = !out.exists();
        if made_folder {
            std::fs::create_dir_all(out).map_err(|source| ImportError::MakeFolder {
                path: out.to_owned(),
                source,
            })?;
        }
        match write_atomically(&target.path, target.body.as_bytes(), self.force)? {
            true => {
                self.written.insert(target.path.clone(), source.to_owned());
                Ok(Outcome::Written {
                    path: target.path,
                    findings: target.findings,
                    made_folder,
                })
            }
            false => Ok(Outcome::Exists { path: target.path }),
        }
    }
}

/// A publication made ready to write: where, what, and how many findings
/// the text notes.
struct Target {
    path: PathBuf,
    body: String,
    findings: usize,
}

fn target_of(source: &Path, out: &Path, registry: &Registry) -> Result<Target, ImportError> {
    let text = read_text(source).map_err(|undecodable| ImportError::Unreadable {
        path: source.display().to_string(),
        reason: match undecodable.at {
            Some(at) => format!(":{at}: {}", undecodable.reason),
            None => format!(": {}", undecodable.reason),
        },
    })?;
    let name = source.file_name().map_or_else(
        || source.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let parsed = publication::parse(&text, &name, registry);
    if !parsed.is_one {
        return Err(ImportError::NotAPublication {
            path: source.display().to_string(),
        });
    }
    let stem = if is_cpt_code(&parsed.entry.code) {
        parsed.entry.code.clone()
    } else {
        // No usable code: keep the document's own name so nothing is lost,
        // less any leading dots: a hidden file is not loaded.
        let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned());
        let stem = stem.as_deref().unwrap_or_default().trim_start_matches('.');
        if stem.is_empty() {
            "imported".to_owned()
        } else {
            stem.to_owned()
        }
    };
    let body = to_toml(&parsed, &name);
    if body.len() as u64 > publication::MAX_BYTES {
        return Err(ImportError::TooLarge {
            path: source.display().to_string(),
            size: body.len(),
        });
    }
    Ok(Target {
        path: out.join(format!("{stem}.toml")),
        body,
        findings: parsed.findings.len(),
    })
}

/// The content file for a parsed publication: comments listing what to
/// resolve, then the entry.
pub fn to_toml(parsed: &Publication, source_name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported by cptref from {}.",
        comment_line(source_name)
    );
    if parsed.findings.is_empty() {
        let _ = writeln!(
            out,
            "# The publication had no findings; check its facts all the same."
        );
    } else {
        let _ = writeln!(
            out,
            "# Findings to resolve (line numbers are the publication's); delete this\n\
             # block once each is dealt with:"
        );
        for finding in &parsed.findings {
            let place = finding
                .line
                .map_or_else(String::new, |line| format!("line {line}: "));
            let _ = writeln!(
                out,
                "#   [{}] {place}{}",
                kind_name(finding.kind),
                comment_line(&finding.message)
            );
        }
    }
    out.push('\n');
    out.push_str(&toml::to_string_pretty(&parsed.entry).unwrap_or_default());
    out
}

fn kind_name(kind: FindingKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Text for a comment line: no line breaks, no control characters.
fn comment_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Whether `a` and `b` name one file (both there, the same after links).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes through a temporary file in the same folder and renames it into
/// place, so a reader never sees half a file. Returns false, writing
/// nothing, when the file exists and `force` is off.
fn write_atomically(target: &Path, bytes: &[u8], force: bool) -> Result<bool, ImportError> {
    let error = |source| ImportError::Write {
        path: target.to_owned(),
        source,
    };
    if !force && target.exists() {
        return Ok(false);
    }
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Made as any new file is (0666 less the umask), or as the file it
    // replaces: a temporary file alone would be the owner's only, and
    // colleagues sharing the folder could not read the entry.
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).map_err(error)?;
    // A file replaced keeps its own permissions, whatever the umask says
    // (set on the open file, which the umask does not touch).
    if let Ok(existing) = std::fs::metadata(target) {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(error)?;
    }
    temp.write_all(bytes).map_err(error)?;
    temp.as_file().sync_all().map_err(error)?;
    if force {
        temp.persist(target).map_err(|e| error(e.error))?;
    } else {
        match temp.persist_noclobber(target) {
            Ok(_) => {}
            // Someone wrote it between our check and now: still not ours to
            // overwrite.
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(error(e.error)),
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::{ContentSource, load};

    const DOC: &str = "Summary & Overview\nCPT 99990: Made-Up\nText.\nBilling Code Overview\n\
        Billed.\nClinical & Coding Specifications\nClinical Context\nA case.\n\
        Coding Specifications\n| Modifier | Description | When to Use |\n|---|---|---|\n\
        11 | Not real | Never.\nRT | Right side | Right only.\n50 |\n";

    #[test]
    fn imports_write_a_clean_entry_with_findings_as_comments() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("doc.txt");
        std::fs::write(&source, DOC).unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let outcome = Run::new(false)
            .import(&source, &out, &Registry::builtin())
            .unwrap();
        let Outcome::Written { path, findings, .. } = outcome else {
            panic!("not written: {outcome:?}");
        };
        assert_eq!(path, out.join("99990.toml"));
        assert_eq!(findings, 2);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("# Findings to resolve"));
        assert!(text.contains("[unknown_modifier] line 12: modifier `11`"));
        assert!(text.contains("[truncated_row] line 14"));
        // The written file passes `check`: nothing left for the audit.
        let content = load(&ContentSource::Folder(out.clone())).unwrap();
        assert!(content.findings.is_empty(), "{:#?}", content.findings);
        assert_eq!(content.entries[0].entry().modifiers.len(), 1);
    }

    #[test]
    fn existing_files_are_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("doc.txt");
        std::fs::write(&source, DOC).unwrap();
        let target = dir.path().join("99990.toml");
        std::fs::write(&target, "mine").unwrap();
        let outcome = Run::new(false)
            .import(&source, dir.path(), &Registry::builtin())
            .unwrap();
        assert!(matches!(outcome, Outcome::Exists { .. }));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
        let outcome = Run::new(true)
            .import(&source, dir.path(), &Registry::builtin())
            .unwrap();
        assert!(matches!(outcome, Outcome::Written { .. }));
        assert!(std::fs::read_to_string(&target).unwrap().contains("99990"));
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_forced_run_never_overwrites_what_it_wrote_itself() {
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (dir.path().join("first.txt"), dir.path().join("second.txt"));
        std::fs::write(&first, DOC).unwrap();
        std::fs::write(&second, DOC).unwrap();
        let target = dir.path().join("99990.toml");
        std::fs::write(&target, "from before the run").unwrap();
        let mut run = Run::new(true);
        let registry = Registry::builtin();
        let outcome = run.import(&first, dir.path(), &registry).unwrap();
        assert!(matches!(outcome, Outcome::Written { .. }), "{outcome:?}");
        let outcome = run.import(&second, dir.path(), &registry).unwrap();
        let Outcome::Repeated { path, first: from } = outcome else {
            panic!("written twice: {outcome:?}");
        };
        assert_eq!((path, from), (target.clone(), first));
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.contains("from first.txt"), "{text}");
    }

    #[test]
    fn a_publication_whose_content_file_would_not_load_is_not_written() {
        // Just under the limit itself, with a finding that quotes a line:
        // what import would write is over it.
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("big.txt");
        let filler = "x".repeat(publication::MAX_BYTES as usize - DOC.len() - 100);
        std::fs::write(
            &source,
            format!("{DOC}\nData not available in the input. {filler}\n"),
        )
        .unwrap();
        let out = dir.path().join("out");
        let error = Run::new(false)
            .import(&source, &out, &Registry::builtin())
            .unwrap_err();
        assert!(matches!(error, ImportError::TooLarge { .. }), "{error}");
        assert!(
            error.to_string().contains("so it is not written"),
            "{error}"
        );
        assert!(!out.exists());
    }

    #[test]
    fn unreadable_sources_are_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("binary.txt");
        std::fs::write(&source, b"\x00\x01\x02").unwrap();
        let error = Run::new(false)
            .import(&source, dir.path(), &Registry::builtin())
            .unwrap_err();
        assert!(error.to_string().contains("binary.txt"));
        assert!(error.to_string().contains("binary data"));
    }
}
