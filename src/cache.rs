//! The content cache: a folder's loaded and indexed content kept on disk, so
//! that a start where no file changed reads one file instead of thousands.
//!
//! The cache holds each content file's name and stamp (size, times, file
//! number), the code and title of each entry, the findings and the search
//! index. The rest of an entry is read from its own file when it is first
//! shown. Any change to the list of files, or to one file's stamp, makes the
//! whole cache stale; a cache that cannot be read is reported and written again. A start
//! looks up the files the cache names (`Opened::fresh`), rather than listing
//! every file's stamp and comparing: the lookups are most of a start's time
//! on a large folder. It lists the folder for files that came only when the
//! folder's own stamp (`FolderStamp`, kept beside the cache in a
//! `StampFile`) moved since the folder was last listed. A large folder's
//! watch (`watch`) can vouch that nothing changed, which spares the
//! lookups and the checksum both. Entries are made from the mapped cache
//! as they are wanted (`entries`).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::audit::{Finding, FindingKind};
use crate::entries::Entries;
use crate::loader::{self, Content, Format, LoadedEntry};
use crate::registry::Registry;
use crate::search::{Bytes, SearchIndex};
use crate::watch::CacheIdentity;

/// The environment variable naming the folder caches go in.
pub const DIR_VARIABLE: &str = "CPTREF_CACHE_DIR";

const MAGIC: &[u8; 8] = b"cptref\x1ac";
/// Bumped whenever the layout below changes, or what a cache holds for the
/// same files does (which of two files with one code is loaded, say).
const LAYOUT: u32 = 43;

/// The layout caches are written in, for a folder watch to tell whether it
/// reads them as its askers do.
pub fn layout_version() -> u32 {
    LAYOUT
}

/// Of the shipped assets a cache's content depends on: the modifier
/// registry decides findings, and the abbreviations what the search index
/// holds. A build with other assets does not use the cache.
fn assets_checksum() -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(crate::registry::BUILTIN.as_bytes());
    hasher.update(crate::abbreviations::BUILTIN.as_bytes());
    hasher.finalize()
}

/// A content file as listed: what it is, where, and its stamp.
#[derive(Debug, Clone)]
pub struct Listed {
    pub format: Format,
    /// The path as shown to the user.
    pub shown: String,
    pub path: PathBuf,
    pub stamp: Stamp,
}

/// A folder's content files as listed, with how the folder itself stood
/// just before: `folder_stamp` lets a later start skip listing the folder.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub files: Vec<Listed>,
    pub folder_stamp: Option<FolderStamp>,
    /// When the files' stamps were taken (`now`), if they were.
    pub listed_at: Option<i128>,
    /// Names of content files that are not files (a link to nothing, a
    /// folder): shown, each with what it is instead, to report.
    pub not_files: Vec<(String, &'static str)>,
}

impl std::ops::Deref for Listing {
    type Target = [Listed];

    fn deref(&self) -> &[Listed] {
        &self.files
    }
}

/// What tells whether names came or went in a folder: making, removing or
/// renaming a file in it moves the folder's change time (POSIX), and that
/// time cannot be set back. A start whose folder has the stamp the cache
/// was written with need not list it; each file is still looked up, since
/// writing into a file leaves its folder as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderStamp {
    device: u64,
    inode: u64,
    modified: i128,
    changed: i128,
}

/// How long ago a folder must have changed for its stamp to be relied on:
/// the system's clock moves in ticks (a few milliseconds here, two seconds
/// on some file systems), and a file made in the tick in which the folder
/// was stamped would leave its times as they were.
const SETTLED_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

impl FolderStamp {
    /// The stamp of `folder` as it is now; `None` where the system gives
    /// none (or not on Unix).
    pub fn of(folder: &Path) -> Option<FolderStamp> {
        #[cfg(unix)]
        {
            let stat = rustix::fs::stat(folder).ok()?;
            // The casts: field types differ between systems.
            Some(FolderStamp {
                device: stat.st_dev as u64,
                inode: stat.st_ino as u64,
                modified: nanos(stat.st_mtime as i64, stat.st_mtime_nsec as i64),
                changed: nanos(stat.st_ctime as i64, stat.st_ctime_nsec as i64),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = folder;
            None
        }
    }

    /// The stamp of `folder`, when it is settled (`is_settled`).
    pub fn settled(folder: &Path) -> Option<FolderStamp> {
        FolderStamp::of(folder).filter(FolderStamp::is_settled)
    }

    /// Whether the folder last changed long enough ago (`SETTLED_AFTER`)
    /// that any later change moves its stamp.
    fn is_settled(&self) -> bool {
        let settled_before = now().map(|now| now - SETTLED_AFTER.as_nanos() as i128);
        settled_before.is_some_and(|before| self.changed < before && self.modified < before)
    }
}

/// Where a folder's stamp is kept: in a small file beside the folder's
/// cache, with the checksum of the cache it speaks for. Apart from the
/// cache, so that a folder that settles after its cache was written gets
/// its stamp without the cache being written again.
#[derive(Debug, Clone)]
pub struct StampFile {
    path: PathBuf,
    checksum: u32,
}

const STAMP_MAGIC: &[u8; 8] = b"cptref\x1as";

impl StampFile {
    fn beside(cache_file: &Path, checksum: u32) -> StampFile {
        StampFile {
            path: cache_file.with_extension("folder"),
            checksum,
        }
    }

    /// The folder's stamp, when the file holds one for this cache.
    fn read(&self) -> Option<FolderStamp> {
        let mut bytes = Vec::new();
        let (file, _) = loader::open_plain_file(&self.path).ok()?;
        io::Read::read_to_end(&mut io::Read::take(file, 128), &mut bytes).ok()?;
        let mut r = Reader::new(&bytes);
        let ours = r.take(STAMP_MAGIC.len()).ok()? == STAMP_MAGIC
            && r.u32().ok()? == LAYOUT
            && r.u32().ok()? == self.checksum;
        let stamp = FolderStamp {
            device: r.u64().ok()?,
            inode: r.u64().ok()?,
            modified: r.i128().ok()?,
            changed: r.i128().ok()?,
        };
        (ours && r.is_done()).then_some(stamp)
    }

    /// Keeps `stamp`, written whole or not at all. A stamp that cannot be
    /// written only costs the next start a listing of the folder, so the
    /// error is not reported (writing the cache itself reports one).
    fn write(&self, stamp: FolderStamp) {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(STAMP_MAGIC);
        out.u32(LAYOUT);
        out.u32(self.checksum);
        out.u64(stamp.device);
        out.u64(stamp.inode);
        out.i128(stamp.modified);
        out.i128(stamp.changed);
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let _ = temporary_in(dir).and_then(|mut temporary| {
            temporary.write_all(&out.bytes)?;
            temporary.persist(&self.path).map_err(|e| e.error)?;
            Ok(())
        });
    }

    /// Drops a stamp kept for an older cache.
    fn remove(&self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// What tells one version of a file from another: its size and times, and
/// which file it is. The change time moves whenever anything about the file
/// does, its text or its permissions (a file that could not be read), and
/// when its modification time is set back (`touch -r`); the file's number
/// tells a file saved over by another from the one before.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (before it: negative).
    pub modified: i128,
    /// Change time, likewise (the modification time where there is none).
    pub changed: i128,
    /// The file's number in its file system (0 where there is none).
    pub inode: u64,
}

/// At most this many files changed too lately to trust their stamps
/// (`Stamp::racy`) are kept with a checksum of their text, to be read again
/// at each start; more (a folder written all at once) are kept as changed,
/// and the next start reads the folder again.
const RACY_CHECKED: usize = 4096;

impl Stamp {
    /// The stamp of the file at `path` as it is now, following a link;
    /// `None` where it cannot be looked at.
    pub(crate) fn of_path(path: &Path) -> Option<Stamp> {
        #[cfg(unix)]
        {
            rustix::fs::stat(path)
                .ok()
                .map(|stat| Stamp::of_stat(&stat))
        }
        #[cfg(not(unix))]
        {
            fs::metadata(path).ok().map(|metadata| Stamp::of(&metadata))
        }
    }

    // The casts are needed where the fields have other types.
    #[cfg(unix)]
    #[allow(clippy::unnecessary_cast)]
    fn of_stat(stat: &rustix::fs::Stat) -> Stamp {
        // The casts: field types differ between systems; times before
        // 1970 are negative whatever the field's type says.
        Stamp {
            size: stat.st_size as u64,
            modified: nanos(stat.st_mtime as i64, stat.st_mtime_nsec as i64),
            changed: nanos(stat.st_ctime as i64, stat.st_ctime_nsec as i64),
            inode: stat.st_ino as u64,
        }
    }

    /// Whether a change made in the same tick of the clock as `listed_at`,
    /// when the stamp was taken, could leave it as it is: the file changed
    /// within `SETTLED_AFTER` of then. Such a file may have been written
    /// into again, at the same size, after it was read, without its stamp
    /// showing it (git's "racily clean" files).
    pub(crate) fn racy(&self, listed_at: i128) -> bool {
        let margin = SETTLED_AFTER.as_nanos() as i128;
        (listed_at - margin..listed_at + margin).contains(&self.changed)
    }

    #[cfg(not(unix))]
    fn of(metadata: &fs::Metadata) -> Stamp {
        let modified = metadata.modified().map_or(0, |time| {
            match time.duration_since(std::time::UNIX_EPOCH) {
                Ok(after) => after.as_nanos() as i128,
                Err(before) => -(before.duration().as_nanos() as i128),
            }
        });
        Stamp {
            size: metadata.len(),
            modified,
            changed: modified,
            inode: 0,
        }
    }
}

/// Nanoseconds since the epoch, from a time's seconds and nanoseconds.
fn nanos(seconds: i64, nanoseconds: i64) -> i128 {
    i128::from(seconds) * 1_000_000_000 + i128::from(nanoseconds)
}

/// The time now, as `nanos` gives it; `None` before the epoch.
pub fn now() -> Option<i128> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(now.as_nanos() as i128)
}

/// A folder whose files are looked up by name. On Unix the lookups are made
/// relative to the open folder, which spares the system walking the
/// folder's path once per file: on a large folder the lookups are most of
/// the time a start from the cache takes.
pub struct Folder {
    #[cfg(unix)]
    fd: rustix::fd::OwnedFd,
    #[cfg(not(unix))]
    path: PathBuf,
}

impl Folder {
    pub fn open(path: &Path) -> io::Result<Folder> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::open(path, flags, Mode::empty())?;
            Ok(Folder { fd })
        }
        #[cfg(not(unix))]
        Ok(Folder {
            path: path.to_owned(),
        })
    }

    /// The stamp of the file `name` in this folder, following a link; `None`
    /// when there is no such file (or it is a folder, or cannot be looked
    /// at).
    pub fn file_stamp(&self, name: impl AsRef<Path>) -> Option<Stamp> {
        #[cfg(unix)]
        {
            let stat =
                rustix::fs::statat(&self.fd, name.as_ref(), rustix::fs::AtFlags::empty()).ok()?;
            let kind = rustix::fs::FileType::from_raw_mode(stat.st_mode as _);
            (kind == rustix::fs::FileType::RegularFile).then(|| Stamp::of_stat(&stat))
        }
        #[cfg(not(unix))]
        {
            let metadata = fs::metadata(self.path.join(name)).ok()?;
            metadata.is_file().then(|| Stamp::of(&metadata))
        }
    }
}

/// The folder caches go in: `$CPTREF_CACHE_DIR`, else the user's cache
/// folder (`$XDG_CACHE_HOME/cptref` or `~/.cache/cptref` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DIR_VARIABLE).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().ok()?;
    Some(base.cache_dir().join("cptref"))
}

/// The cache file for a content folder: one per folder, named by a hash of
/// its absolute path (the path itself is inside, and checked).
pub fn file_for(cache_dir: &Path, folder: &Path) -> PathBuf {
    let folder = absolute(folder);
    let hash = crc32fast::hash(folder.to_string_lossy().as_bytes());
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(32)
        .collect::<String>();
    cache_dir.join(format!("{name}-{hash:08x}.cache"))
}

fn absolute(folder: &Path) -> PathBuf {
    fs::canonicalize(folder)
        .or_else(|_| std::path::absolute(folder))
        .unwrap_or_else(|_| folder.to_owned())
}

/// What reading a cache came to.
#[derive(Debug)]
pub enum Lookup {
    /// Nothing changed: the content, ready to show.
    Fresh(Box<Content>),
    /// No cache yet.
    Missing,
    /// Some file changed, came or went.
    Stale,
    /// The cache is damaged or unreadable; the reason.
    Unusable(String),
}

/// A cache file read and decoded, not yet compared with the folder: reading
/// it can go on while the folder is listed.
pub enum Opened {
    Read(Box<Decoded>),
    Missing,
    /// Written by another version of cptref.
    OtherVersion,
    Unusable(String),
}

/// The cache's content, its entries reading their files by the paths the
/// cache lists.
pub struct Decoded {
    front: Front,
    index: SearchIndex,
    stamp_file: StampFile,
    /// Which cache file this is, for a folder watch.
    identity: Option<CacheIdentity>,
    /// Whether the folder's watch vouched that the cache is current.
    vouched: bool,
}

/// Temporary files, which become a cache or a stamp when whole, are named
/// so, so that those left by a cptref killed while writing can be told from
/// anything else in the cache folder and removed.
const TEMPORARY: (&str, &str) = (".cptref-", ".tmp");

/// How long a temporary file goes unwritten before it counts as left
/// behind: one being written changes all the time.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

fn temporary_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(TEMPORARY.0)
        .suffix(TEMPORARY.1)
        .tempfile_in(dir)
        // Its error names a file that was never made.
        .map_err(|error| {
            let kind = error.kind();
            io::Error::new(
                kind,
                format!("cannot make a file in {}: {kind}", dir.display()),
            )
        })
}

/// Removes the temporary files that a cptref killed while writing left in
/// the cache folder `dir` (a cache's is as large as the cache).
fn remove_abandoned(dir: &Path) {
    let Ok(items) = fs::read_dir(dir) else {
        return;
    };
    for item in items.flatten() {
        let name = item.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMPORARY.0) && name.ends_with(TEMPORARY.1)) {
            continue;
        }
        let idle = item
            .metadata()
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok());
        if idle.is_some_and(|idle| idle > ABANDONED_AFTER) {
            let _ = fs::remove_file(item.path());
        }
    }
}

/// Reads and decodes the cache file of `folder`, first removing what an
/// earlier cptref, killed while writing, left in the cache folder. The
/// folder's watch, if it has one, is asked whether the cache is current
/// (see `watch`); a cache it vouches for is not checksummed again either:
/// the watch did that.
pub fn open(cache_file: &Path, folder: &Path) -> Opened {
    open_asking(cache_file, folder, true)
}

fn open_asking(cache_file: &Path, folder: &Path, ask_watch: bool) -> Opened {
    if let Some(dir) = cache_file.parent() {
        remove_abandoned(dir);
    }
    let (bytes, identity) = match map(cache_file) {
        Ok(bytes) => bytes,
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Opened::Missing;
        }
        Err(error) => return Opened::Unusable(format!("cannot read it: {error}")),
    };
    // Entries' paths are shown as the folder was named this time.
    let in_folder = folder.join("");
    let vouched =
        ask_watch && identity.is_some_and(|identity| crate::watch::vouches(cache_file, identity));
    match decode(&bytes, &in_folder.to_string_lossy(), cache_file, !vouched) {
        Ok(Some(mut decoded)) => {
            decoded.identity = identity;
            decoded.vouched = vouched;
            Opened::Read(Box::new(decoded))
        }
        Ok(None) => Opened::OtherVersion,
        Err(Corrupt(why)) => Opened::Unusable(why),
    }
}

impl Opened {
    /// The content, if no file of `folder` changed, came or went since the
    /// cache was written; else the cache, given back for `check` against a
    /// full listing. This looks up each file the cache lists by name while
    /// it lists the folder for files that came, so it costs about half of
    /// listing the folder with each file's stamp and comparing.
    pub fn fresh(self, folder: &Path) -> Result<Content, Opened> {
        match self {
            Opened::Read(decoded)
                if decoded.vouched
                    || files_unchanged(
                        folder,
                        decoded.front.listing.get(),
                        &decoded.stamp_file,
                    ) =>
            {
                Ok(decoded.into_content())
            }
            other => Err(other),
        }
    }

    /// The content, when the folder's watch vouched that nothing changed;
    /// else the cache, given back.
    pub fn vouched(self) -> Result<Content, Opened> {
        match self {
            Opened::Read(decoded) if decoded.vouched => Ok(decoded.into_content()),
            other => Err(other),
        }
    }

    /// The content, if the cache was written for `folder` with its files
    /// as `listing` has them now.
    pub fn check(self, folder: &Path, listing: &Listing) -> Lookup {
        let decoded = match self {
            Opened::Read(decoded) => decoded,
            Opened::Missing => return Lookup::Missing,
            Opened::OtherVersion => return Lookup::Stale,
            Opened::Unusable(why) => return Lookup::Unusable(why),
        };
        if !listing_matches(decoded.front.listing.get(), folder, listing) {
            return Lookup::Stale;
        }
        // The listing matched, so the paths shown are the same; a name that
        // is not UTF-8 is read by its real path.
        let kept = Arc::clone(&decoded.front.kept);
        let mut content = decoded.into_content();
        let not_utf8 = listing
            .iter()
            .any(|listed| listed.path.as_os_str() != listed.shown.as_str());
        if not_utf8 {
            for (i, loaded) in content.entries.whole_mut().iter_mut().enumerate() {
                if let Some(listed) = listing.get(kept.file_of(i)) {
                    loaded.set_file(&listed.path);
                }
            }
        }
        Lookup::Fresh(Box::new(content))
    }

    /// The content as the cache has it, before the folder is compared with
    /// it, when the cache lists `min_files` files or more: a browser can
    /// show a large set at once and compare while the user reads. The
    /// `Written` says how the folder looked. Otherwise the cache is given
    /// back, for `check`.
    pub fn trust_from(self, min_files: usize) -> Result<(Content, Written), Opened> {
        match self {
            Opened::Read(decoded) if decoded.front.listed >= min_files => {
                let written = Written {
                    listing: decoded.front.listing.clone(),
                    stamp_file: decoded.stamp_file.clone(),
                };
                Ok((decoded.into_content(), written))
            }
            other => Err(other),
        }
    }
}

/// The identity of `folder`'s cache file `cache_file` when it is whole and
/// current: what a folder watch vouches for. Its own watch is not asked.
pub fn current_identity(cache_file: &Path, folder: &Path) -> Option<CacheIdentity> {
    match open_asking(cache_file, folder, false) {
        Opened::Read(decoded)
            if files_unchanged(folder, decoded.front.listing.get(), &decoded.stamp_file) =>
        {
            decoded.identity
        }
        _ => None,
    }
}

/// How the folder's files stood when a cache was written.
pub struct Written {
    listing: Part,
    stamp_file: StampFile,
}

impl Written {
    /// Whether the files of `folder` are still as they were: the same
    /// names, sizes and times.
    pub fn unchanged(&self, folder: &Path) -> bool {
        files_unchanged(folder, self.listing.get(), &self.stamp_file)
    }
}

/// Whether the files of `folder` are those of a cache's `listing`, with the
/// same sizes and times. A name or folder that is not UTF-8 counts as a
/// change: the cache keeps such names only as shown, so the content it
/// holds would read its files by the wrong path. The folder is listed, for
/// files that came, only when it no longer has the stamp kept in
/// `stamp_file`; a listing that finds nothing new keeps the folder's stamp
/// there, once it has settled, for the next start.
fn files_unchanged(folder: &Path, listing: &[u8], stamp_file: &StampFile) -> bool {
    if folder.to_str().is_none() {
        return false;
    }
    let Ok(files) = read_listing(&mut Reader::new(listing)) else {
        return false;
    };
    if files.folder != absolute(folder).to_string_lossy() {
        return false;
    }
    let Ok(lookup) = Folder::open(folder) else {
        return false;
    };
    let kept = stamp_file.read();
    // Taken before the folder is listed, so that a file that comes while it
    // is moves it.
    let current = FolderStamp::of(folder);
    let names_kept = kept.is_some() && current == kept;
    let mut settled = current.filter(|stamp| !names_kept && stamp.is_settled());
    let changed = AtomicBool::new(false);
    let next = AtomicUsize::new(0);
    // Both threads take the files in turns, a batch at a time, and stop at
    // the first change.
    let look_up = || {
        const BATCH: usize = 512;
        while !changed.load(Ordering::Relaxed) {
            let from = next.fetch_add(BATCH, Ordering::Relaxed);
            let Some(batch) = files.files.get(from..(from + BATCH).min(files.files.len())) else {
                return;
            };
            if batch.is_empty() {
                return;
            }
            if batch
                .iter()
                .any(|file| !file.is(lookup.file_stamp(file.name), || folder.join(file.name)))
            {
                changed.store(true, Ordering::Relaxed);
            }
        }
    };
    std::thread::scope(|scope| {
        let helper = scope.spawn(look_up);
        // A file gone fails its lookup; one that came is found by listing
        // the folder, here, while the helper looks up stamps.
        if !names_kept {
            let names = files.files.iter().map(|file| file.name).collect();
            match no_files_came(folder, &names) {
                // The names that are not files are reported with what they
                // are: the same ones, the same things, or the cache's
                // findings are out of date.
                Some(mut not_files) => {
                    not_files.sort_unstable();
                    let mut written: Vec<(String, &str)> = files
                        .not_files
                        .iter()
                        .map(|&(name, what)| (name.to_owned(), what))
                        .collect();
                    written.sort_unstable();
                    if not_files != written {
                        changed.store(true, Ordering::Relaxed);
                    }
                    if !not_files.is_empty() {
                        settled = None;
                    }
                }
                None => changed.store(true, Ordering::Relaxed),
            }
        }
        look_up();
        if helper.join().is_err() {
            changed.store(true, Ordering::Relaxed);
        }
    });
    let unchanged = !changed.load(Ordering::Relaxed);
    if unchanged && let Some(stamp) = settled {
        stamp_file.write(stamp);
    }
    unchanged
}

/// The content names in `folder` that are not files (a link to nothing, a
/// folder), with what each is, and are not among `names`; `None` when one
/// that is a file is not
/// among them (or the folder cannot be listed): a file came. A name that is
/// not a file can become one without the folder changing, so the folder's
/// stamp cannot vouch for a folder that has one.
fn no_files_came(
    folder: &Path,
    names: &rustc_hash::FxHashSet<&str>,
) -> Option<Vec<(String, &'static str)>> {
    let mut not_files = Vec::new();
    for item in fs::read_dir(folder).ok()? {
        let item = item.ok()?;
        let name = item.file_name();
        if loader::content_format(&name).is_none()
            || name.to_str().is_some_and(|name| names.contains(name))
        {
            continue;
        }
        // A file here is one that came.
        let what = loader::not_a_file(&item)?;
        not_files.push((name.to_string_lossy().into_owned(), what));
    }
    Some(not_files)
}

/// A listing as a cache holds it (as `encode_listing` writes it).
struct WrittenFiles<'a> {
    folder: &'a str,
    files: Vec<WrittenFile<'a>>,
    /// Content names that were not files (reported as findings), with what
    /// each was, in order.
    not_files: Vec<(&'a str, &'a str)>,
}

struct WrittenFile<'a> {
    name: &'a str,
    format: Format,
    stamp: Stamp,
    /// Of its text, when its stamp was taken too late to trust.
    checksum: Option<u32>,
}

impl WrittenFile<'_> {
    /// Whether the file whose stamp is `stamp` now, at `path`, is still
    /// this one (holding the same text, when its stamp was not trusted).
    /// The path is made only for such a file: most have none to read.
    fn is(&self, stamp: Option<Stamp>, path: impl FnOnce() -> PathBuf) -> bool {
        stamp == Some(self.stamp)
            && self.checksum.is_none_or(|checksum| {
                let text = loader::read_text(&path());
                text.is_ok_and(|text| loader::text_checksum(&text) == checksum)
            })
    }
}

fn read_listing<'a>(r: &mut Reader<'a>) -> Result<WrittenFiles<'a>, Corrupt> {
    let folder = r.str()?;
    let count = r.count(LISTED_RECORD)?;
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        files.push(read_written_file(r)?);
    }
    let not_files = read_not_files(r)?;
    Ok(WrittenFiles {
        folder,
        files,
        not_files,
    })
}

/// The fewest bytes a file's record in the listing takes.
const LISTED_RECORD: usize = 54;

fn read_not_files<'a>(r: &mut Reader<'a>) -> Result<Vec<(&'a str, &'a str)>, Corrupt> {
    let count = r.count(8)?;
    let mut not_files = Vec::with_capacity(count);
    for _ in 0..count {
        not_files.push((r.str()?, r.str()?));
    }
    Ok(not_files)
}

/// Where each file's record starts in the listing `r` is at, and the
/// folder named there; `r` is left after the listing.
fn find_listed(r: &mut Reader) -> Result<Vec<u32>, Corrupt> {
    r.str()?;
    let count = r.count(LISTED_RECORD)?;
    let mut at = Vec::with_capacity(count);
    for _ in 0..count {
        at.push(offset_u32(r.offset())?);
        skip_written_file(r)?;
    }
    read_not_files(r)?;
    Ok(at)
}

fn offset_u32(offset: usize) -> Result<u32, Corrupt> {
    u32::try_from(offset).map_err(|_| Corrupt("it is larger than 4 GiB".into()))
}

/// Past a file's record, as `read_written_file` reads it, but for its name,
/// taken as bytes: read as text when an entry from the file is made.
fn skip_written_file(r: &mut Reader) -> Result<(), Corrupt> {
    r.skip_str()?;
    if r.u8()? > 1 {
        return Err(Corrupt("unknown file format".into()));
    }
    r.take(48)?;
    match r.u8()? {
        0 => {}
        1 => {
            r.take(4)?;
        }
        other => return Err(Corrupt(format!("unknown checksum mark {other}"))),
    }
    Ok(())
}

fn read_written_file<'a>(r: &mut Reader<'a>) -> Result<WrittenFile<'a>, Corrupt> {
    let name = r.str()?;
    let format = match r.u8()? {
        0 => Format::Toml,
        1 => Format::Publication,
        other => return Err(Corrupt(format!("unknown file format {other}"))),
    };
    let stamp = Stamp {
        size: r.u64()?,
        modified: r.i128()?,
        changed: r.i128()?,
        inode: r.u64()?,
    };
    let checksum = match r.u8()? {
        0 => None,
        1 => Some(r.u32()?),
        other => return Err(Corrupt(format!("unknown checksum mark {other}"))),
    };
    Ok(WrittenFile {
        name,
        format,
        stamp,
        checksum,
    })
}

/// Whether a cache's `listing` is `folder`'s as `listing` has it now, a
/// file kept with its checksum holding the same text still.
fn listing_matches(written: &[u8], folder: &Path, listing: &Listing) -> bool {
    let Ok(files) = read_listing(&mut Reader::new(written)) else {
        return false;
    };
    files.folder == absolute(folder).to_string_lossy()
        && files.not_files == not_file_names(&listing.not_files)
        && files.files.len() == listing.len()
        && files
            .files
            .iter()
            .zip(listing.iter())
            .all(|(file, listed)| {
                let name = listed.path.file_name().unwrap_or_default();
                file.name == name.to_string_lossy()
                    && file.format == listed.format
                    && file.is(Some(listed.stamp), || listed.path.clone())
            })
}

impl Decoded {
    fn into_content(self) -> Content {
        let front = self.front;
        let count = front.kept.entries_at.len();
        let kept = Arc::clone(&front.kept);
        let entries = Entries::kept(count, Arc::new(move |i| kept.make(i)));
        let mut content = Content::new(entries, front.findings, Registry::builtin(), front.files);
        content.set_index(Arc::new(self.index));
        content.from_cache = true;
        content
    }
}

/// Writes the cache for `folder` atomically: a reader sees the old cache or
/// the new one, never part of one.
pub fn write(
    cache_file: &Path,
    folder: &Path,
    listing: &Listing,
    content: &Content,
) -> io::Result<()> {
    let (head, body, checksum) = encode(folder, listing, content);
    let dir = cache_file.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|error| {
        // The system's words for it are "File exists" or "Not a
        // directory", naming no file.
        match dir.ancestors().find(|folder| folder.exists()) {
            Some(file) if !file.is_dir() => {
                io::Error::other(format!("{} is a file, not a folder", file.display()))
            }
            _ => error,
        }
    })?;
    let mut temporary = temporary_in(dir)?;
    temporary.write_all(&head)?;
    temporary.write_all(&body)?;
    temporary.persist(cache_file).map_err(|e| e.error)?;
    let stamp_file = StampFile::beside(cache_file, checksum);
    match listing.folder_stamp {
        Some(stamp) => stamp_file.write(stamp),
        None => stamp_file.remove(),
    }
    Ok(())
}

/// The cache's header and body, apart: joining them would copy the whole
/// body (119 MB for 100,000 entries) for nothing.
/// The checksum, of the body, goes in the header and is given back too.
fn encode(folder: &Path, listing: &Listing, content: &Content) -> (Vec<u8>, Vec<u8>, u32) {
    let mut head = Writer::default();
    head.bytes.extend_from_slice(MAGIC);
    head.u32(LAYOUT);
    head.str(env!("CARGO_PKG_VERSION"));
    head.u32(assets_checksum());
    let mut body = Writer::default();
    let racy = listing.listed_at.map(|at| Racy {
        listed_at: at,
        checksums: &content.checksums,
        checked: listing.iter().filter(|l| l.stamp.racy(at)).count() <= RACY_CHECKED,
    });
    encode_listing(
        &mut body,
        folder,
        listing,
        &listing.not_files,
        racy.as_ref(),
    );
    let file_of: std::collections::HashMap<&str, u32> = listing
        .iter()
        .enumerate()
        .map(|(i, listed)| (listed.shown.as_str(), i as u32))
        .collect();
    body.u64(content.files as u64);
    body.u32(content.entries.len() as u32);
    for loaded in &content.entries {
        body.u32(
            file_of
                .get(loaded.path.as_str())
                .copied()
                .unwrap_or(u32::MAX),
        );
        body.str(&loaded.code);
        body.str(&loaded.title);
    }
    // Findings name files as the folder was named this time; the next
    // start may name it another way (see `moved_to`).
    body.str(&folder.join("").to_string_lossy());
    body.u32(content.findings.len() as u32);
    for finding in &content.findings {
        body.str(&finding.path);
        body.u64(finding.line.map_or(u64::MAX, |l| l as u64));
        body.u64(finding.column.map_or(u64::MAX, |c| c as u64));
        body.u8(finding.kind as u8);
        body.str(&finding.message);
    }
    let index_at = body.bytes.len();
    content.index().encode(&mut body);
    let checksum = crc32fast::hash(&body.bytes);
    head.u32(checksum);
    head.u64(index_at as u64);
    (head.bytes, body.bytes, checksum)
}

/// How a cache being written treats files changed too lately to trust
/// their stamps (`Stamp::racy`).
struct Racy<'a> {
    listed_at: i128,
    /// Of the text read from each file.
    checksums: &'a std::collections::HashMap<String, u32>,
    /// Few enough to be kept with their checksums.
    checked: bool,
}

/// The names of a listing's content names that are not files, with what
/// each is, in order.
fn not_file_names<'a>(not_files: &'a [(String, &'static str)]) -> Vec<(&'a str, &'a str)> {
    not_files
        .iter()
        .map(|(shown, what)| {
            let name = Path::new(shown)
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or(shown);
            (name, *what)
        })
        .collect()
}

/// Writes `listing` and the content names in it that are not files; when
/// it is written for a cache, `racy` says how to keep the files changed
/// too lately to trust their stamps: with the checksum of their text, or
/// as changed (a size no file has).
fn encode_listing(
    out: &mut Writer,
    folder: &Path,
    listing: &[Listed],
    not_files: &[(String, &'static str)],
    racy: Option<&Racy>,
) {
    out.str(&absolute(folder).to_string_lossy());
    out.u32(listing.len() as u32);
    for listed in listing {
        // The name alone: the folder may be named another way next time.
        let name = listed.path.file_name().unwrap_or_default();
        out.str(&name.to_string_lossy());
        out.u8(listed.format as u8);
        let stamp = listed.stamp;
        // `Some(None)`: too late to trust, and no checksum to keep.
        let racy_checksum: Option<Option<u32>> =
            racy.filter(|racy| stamp.racy(racy.listed_at)).map(|racy| {
                let checksum = racy.checksums.get(&listed.shown).copied();
                checksum.filter(|_| racy.checked)
            });
        let kept_as_changed = racy_checksum == Some(None);
        out.u64(if kept_as_changed {
            u64::MAX
        } else {
            stamp.size
        });
        out.i128(stamp.modified);
        out.i128(stamp.changed);
        out.u64(stamp.inode);
        match racy_checksum.flatten() {
            Some(checksum) => {
                out.u8(1);
                out.u32(checksum);
            }
            None => out.u8(0),
        }
    }
    // Their findings are in the cache: one that goes, or comes, is a change.
    let names = not_file_names(not_files);
    out.u32(names.len() as u32);
    for (name, what) in names {
        out.str(name);
        out.str(what);
    }
}

/// The cache file's bytes, mapped into memory where the system allows: the
/// body postings, most of the file, then stay in the page cache rather
/// than on the heap.
fn map(cache_file: &Path) -> io::Result<(Bytes, Option<CacheIdentity>)> {
    let (file, metadata) = loader::open_plain_file(cache_file)?;
    let identity = CacheIdentity::of(&metadata);
    // SAFETY: a mapped file must not change while mapped. cptref never
    // writes a cache in place: it writes a new file and renames it over the
    // old one, which leaves this mapping on the old file's bytes.
    let bytes: Bytes = match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => Arc::new(map),
        Err(_) => Arc::new(fs::read(cache_file)?),
    };
    Ok((bytes, identity))
}

/// The cache in `bytes`, or `None` when another version of cptref wrote it.
///
/// The header gives where the index starts, so that it is decoded, and the
/// checksum taken, on a second thread while the entries are: on a large set
/// each takes tens of milliseconds, which is most of a start.
fn decode(
    owner: &Bytes,
    in_folder: &str,
    cache_file: &Path,
    checksummed: bool,
) -> Result<Option<Decoded>, Corrupt> {
    let bytes: &[u8] = (**owner).as_ref();
    let mut head = Reader::new(bytes);
    if head.take(MAGIC.len())? != MAGIC {
        return Err(Corrupt("it is not a cptref cache".into()));
    }
    if head.u32()? != LAYOUT
        || head.str()? != env!("CARGO_PKG_VERSION")
        || head.u32()? != assets_checksum()
    {
        return Ok(None);
    }
    let checksum = head.u32()?;
    let index_at = head.u64()?;
    let body = &bytes[head.at..];
    let index_at = usize::try_from(index_at)
        .ok()
        .filter(|&at| at <= body.len())
        .ok_or_else(|| Corrupt("its index is out of place".into()))?;
    let (front, index) = std::thread::scope(|scope| {
        let indexing = scope.spawn(|| {
            if checksummed && crc32fast::hash(body) != checksum {
                return Err(Corrupt("its checksum does not match".into()));
            }
            let mut r = Reader {
                bytes: body,
                at: index_at,
                base: head.at,
            };
            let index = SearchIndex::decode(&mut r, owner)?;
            if !r.is_done() {
                return Err(Corrupt("it has bytes after its end".into()));
            }
            Ok(index)
        });
        let front = decode_front(
            Reader {
                bytes: &body[..index_at],
                at: 0,
                base: head.at,
            },
            owner,
            in_folder,
        );
        let index = indexing
            .join()
            .unwrap_or_else(|_| Err(Corrupt("reading its index failed".into())));
        (front, index)
    });
    // A bad checksum is the reason to give when there is one: it explains
    // whatever else looks wrong.
    let index = index?;
    let front = front?;
    if index.len() != front.kept.entries_at.len() {
        return Err(Corrupt("its index does not match its entries".into()));
    }
    let stamp_file = StampFile::beside(cache_file, checksum);
    Ok(Some(Decoded {
        front,
        index,
        stamp_file,
        identity: None,
        vouched: false,
    }))
}

/// A cache's content but its index.
struct Front {
    /// The listing as written, to compare with the folder's.
    listing: Part,
    listed: usize,
    files: usize,
    kept: Arc<KeptEntries>,
    findings: Vec<Finding>,
}

/// The listing, entries and findings: everything before the index. The
/// entries are only found, each to be made when first wanted.
fn decode_front(mut r: Reader, owner: &Bytes, in_folder: &str) -> Result<Front, Corrupt> {
    let listing_start = r.offset();
    let files_at = find_listed(&mut r)?;
    let listed = files_at.len();
    let listing = Part {
        bytes: Arc::clone(owner),
        range: listing_start..r.offset(),
    };
    let file_count = r.u64()? as usize;
    let count = r.count(12)?;
    let mut entries_at = Vec::with_capacity(count);
    for _ in 0..count {
        entries_at.push(offset_u32(r.offset())?);
        let file = r.u32()?;
        if file as usize >= listed {
            return Err(Corrupt(format!("an entry names file {file} of {listed}")));
        }
        // Code and title: read as text when the entry is made (its code
        // first, in a search by code). A cache is whole when its checksum
        // matches, so what was written in order is in order.
        r.skip_str()?;
        r.skip_str()?;
    }
    let kept = Arc::new(KeptEntries {
        bytes: Arc::clone(owner),
        in_folder: in_folder.to_owned(),
        entries_at,
        files_at,
    });
    let written_in = r.str()?;
    let count = r.count(25)?;
    let mut findings = Vec::with_capacity(count);
    for _ in 0..count {
        let path = r.str()?.to_owned();
        let line = r.u64()?;
        let column = r.u64()?;
        let kind = r.u8()?;
        let kind = *FindingKind::ALL
            .get(usize::from(kind))
            .ok_or_else(|| Corrupt(format!("unknown finding kind {kind}")))?;
        let message = r.str()?.to_owned();
        let place = |n: u64| (n != u64::MAX).then_some(n as usize);
        findings.push(moved_to(
            Finding {
                path,
                line: place(line),
                column: place(column),
                kind,
                message,
            },
            written_in,
            in_folder,
        ));
    }
    if !r.is_done() {
        return Err(Corrupt("its index is out of place".into()));
    }
    Ok(Front {
        listing,
        listed,
        files: file_count,
        kept,
        findings,
    })
}

/// Where a cache's entries and the files they came from are in its bytes,
/// to make an entry when it is wanted. Every place was read once when the
/// cache was opened, so it reads again.
struct KeptEntries {
    bytes: Bytes,
    in_folder: String,
    entries_at: Vec<u32>,
    files_at: Vec<u32>,
}

impl KeptEntries {
    fn reader_at(&self, at: u32) -> Reader<'_> {
        let mut r = Reader::new((*self.bytes).as_ref());
        r.at = at as usize;
        r
    }

    /// The number, in the listing, of entry `i`'s file.
    fn file_of(&self, i: usize) -> usize {
        self.reader_at(self.entries_at[i]).u32().unwrap_or(0) as usize
    }

    fn make(&self, i: usize) -> LoadedEntry {
        let mut r = self.reader_at(self.entries_at[i]);
        let file = r.u32().unwrap_or(0) as usize;
        let code = r.str().unwrap_or_default().to_owned();
        let title = r.str().unwrap_or_default().to_owned();
        let (name, format, stamp) = self
            .files_at
            .get(file)
            .and_then(|&at| read_written_file(&mut self.reader_at(at)).ok())
            .map_or(("", Format::Toml, Stamp::default()), |written| {
                (written.name, written.format, written.stamp)
            });
        LoadedEntry::unread(
            code,
            title,
            format!("{}{name}", self.in_folder),
            format,
            stamp,
        )
    }
}

/// A part of a cache file's bytes.
#[derive(Clone)]
struct Part {
    bytes: Bytes,
    range: std::ops::Range<usize>,
}

impl Part {
    fn get(&self) -> &[u8] {
        &(*self.bytes).as_ref()[self.range.clone()]
    }
}

/// `finding` as it reads with the folder named `in_folder` rather than
/// `written_in`, as when the cache was written: `./a.toml` from inside the
/// folder is `../notes/a.toml` from beside it. Its path moves, and so does
/// the other file a repeated code names.
fn moved_to(mut finding: Finding, written_in: &str, in_folder: &str) -> Finding {
    if written_in == in_folder {
        return finding;
    }
    if let Some(name) = finding.path.strip_prefix(written_in) {
        finding.path = format!("{in_folder}{name}");
    }
    let (before, after) = (format!(" in {written_in}"), format!(" in {in_folder}"));
    if finding.kind == FindingKind::DuplicateCode {
        finding.message = finding.message.replacen(&before, &after, 1);
    } else if let Some(at) = finding.message.find(crate::loader::STANDS_IN) {
        // The file standing in for one that did not load.
        let tail = finding.message[at..].replacen(&before, &after, 1);
        finding.message.truncate(at);
        finding.message.push_str(&tail);
    }
    finding
}

/// Why a cache could not be read.
#[derive(Debug)]
pub struct Corrupt(pub String);

/// Writes numbers little-endian and strings with their length first.
#[derive(Default)]
pub(crate) struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, n: u8) {
        self.bytes.push(n);
    }
    pub fn u32(&mut self, n: u32) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }
    pub fn u64(&mut self, n: u64) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }
    /// Low half first.
    pub fn i128(&mut self, n: i128) {
        self.u64(n as u64);
        self.u64((n >> 64) as u64);
    }
    pub fn str(&mut self, text: &str) {
        self.u32(text.len() as u32);
        self.bytes.extend_from_slice(text.as_bytes());
    }
    pub fn u32s(&mut self, numbers: &[u32]) {
        self.u32(numbers.len() as u32);
        self.bytes.reserve(numbers.len() * 4);
        self.bytes
            .extend(numbers.iter().flat_map(|n| n.to_le_bytes()));
    }
}

/// Reads what `Writer` wrote; every read checks it stays inside the bytes.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Where `bytes` starts in the whole file.
    base: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            at: 0,
            base: 0,
        }
    }
    /// Where the next read starts in the whole file.
    pub fn offset(&self) -> usize {
        self.base + self.at
    }
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| Corrupt("it ends too soon".into()))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }
    pub fn u8(&mut self) -> Result<u8, Corrupt> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Result<u32, Corrupt> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Two `u64`s, low half first.
    pub fn i128(&mut self) -> Result<i128, Corrupt> {
        let low = self.u64()?;
        let high = self.u64()?;
        Ok(((u128::from(high) << 64) | u128::from(low)) as i128)
    }

    pub fn u64(&mut self) -> Result<u64, Corrupt> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes([
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
        ]))
    }
    /// A count of items at least `item_size` bytes each, refused when the
    /// bytes left could not hold them (so a damaged count cannot ask for a
    /// huge allocation).
    pub fn count(&mut self, item_size: usize) -> Result<usize, Corrupt> {
        let n = self.u32()? as usize;
        if n.saturating_mul(item_size.max(1)) > self.bytes.len() - self.at {
            return Err(Corrupt("a count is larger than the file".into()));
        }
        Ok(n)
    }
    /// Past a text, without reading it.
    pub fn skip_str(&mut self) -> Result<(), Corrupt> {
        let n = self.u32()? as usize;
        self.take(n).map(drop)
    }
    pub fn str(&mut self) -> Result<&'a str, Corrupt> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| Corrupt("a text is not UTF-8".into()))
    }
    pub fn u32s(&mut self) -> Result<Vec<u32>, Corrupt> {
        let n = self.count(4)?;
        Ok(self
            .take(n * 4)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_finding_read_from_another_folder_name_names_its_files_so() {
        let finding = |kind, message: &str| Finding {
            path: "c9/64624.toml".into(),
            line: Some(2),
            column: Some(9),
            kind,
            message: message.into(),
        };
        let stand_in = finding(
            FindingKind::Parse,
            "extra `=` in c9 notes; until it loads, 64624 shows the entry in c9/copy.toml",
        );
        let moved = moved_to(stand_in, "c9/", "/tmp/c9/");
        assert_eq!(moved.path, "/tmp/c9/64624.toml");
        assert_eq!(
            moved.message,
            "extra `=` in c9 notes; until it loads, 64624 shows the entry in /tmp/c9/copy.toml"
        );
        let duplicate = finding(
            FindingKind::DuplicateCode,
            "code `64624` is already defined in c9/a.toml; this file is not loaded",
        );
        assert!(
            moved_to(duplicate, "c9/", "/tmp/c9/")
                .message
                .contains("in /tmp/c9/a.toml;")
        );
    }

    use super::*;

    /// A file changed too lately to trust its stamp is kept with its text's
    /// checksum; when too many are, as changed, so that the next start
    /// reads the folder again rather than each of them.
    #[test]
    fn files_changed_too_lately_keep_a_checksum_or_count_as_changed() {
        let listed = |name: &str, changed: i128| Listed {
            format: Format::Toml,
            shown: name.into(),
            path: PathBuf::from(name),
            stamp: Stamp {
                size: 10,
                modified: changed,
                changed,
                inode: 1,
            },
        };
        let second = 1_000_000_000;
        let listing = [listed("late.toml", 100 * second), listed("settled.toml", 0)];
        let checksums = [("late.toml".into(), 7), ("settled.toml".into(), 8)].into();
        for (checked, late) in [(true, (10, Some(7))), (false, (u64::MAX, None))] {
            let racy = Racy {
                listed_at: 101 * second,
                checksums: &checksums,
                checked,
            };
            let mut out = Writer::default();
            encode_listing(&mut out, Path::new("/folder"), &listing, &[], Some(&racy));
            let files = read_listing(&mut Reader::new(&out.bytes)).unwrap().files;
            assert_eq!((files[0].stamp.size, files[0].checksum), late);
            assert_eq!((files[1].stamp.size, files[1].checksum), (10, None));
        }
    }
}
