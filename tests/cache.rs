//! The content cache: a folder loads the same from the cache as from its
//! files, any change to a file makes the cache stale, and a damaged or
//! unwritable cache is reported and never stops the content loading.

mod common;
use common::cptref;

use std::fs;
use std::path::{Path, PathBuf};

use cptref::cache::{self, FolderStamp, Lookup};
use cptref::loader::{
    Content, ContentSource, QUICK_START_FROM, Start, folder_listing, load, load_cached, start,
};
use proptest::prelude::*;
use tempfile::TempDir;

/// A folder with the built-in entries and the broken fixtures (so findings
/// are cached too), and an empty cache folder.
fn setup() -> (TempDir, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    fs::create_dir(&content).unwrap();
    for dir in ["content", "tests/fixtures/broken"] {
        for item in fs::read_dir(dir).unwrap() {
            let path = item.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                fs::copy(&path, content.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let cache = root.path().join("cache");
    (root, content, cache)
}

fn load_through(content: &Path, cache: &Path) -> Content {
    load_cached(&ContentSource::Folder(content.to_owned()), cache).unwrap()
}

/// The folder read and parsed afresh, as for writing a cache (with the
/// checksums of files that changed too lately to trust their stamps).
fn read_afresh(content: &Path) -> Content {
    let nowhere = tempfile::tempdir().unwrap();
    let loaded = load_through(content, nowhere.path());
    assert!(!loaded.from_cache);
    loaded
}

fn cache_file(content: &Path, cache: &Path) -> PathBuf {
    cache::file_for(cache, content)
}

/// What a user sees of a content set: codes, titles, findings and the
/// results of a few searches.
fn seen(content: &Content) -> String {
    let mut out = String::new();
    for loaded in &content.entries {
        out += &format!("{} {} {}\n", loaded.code, loaded.title, loaded.path);
    }
    for finding in &content.findings {
        out += &format!("{finding}\n");
    }
    let index = content.index();
    for query in [
        "6463",
        "genicular ablation",
        "gencl",
        "mod:50",
        "kind:erratum",
        "facet",
    ] {
        let hits: Vec<String> = index
            .search(query)
            .iter()
            .map(|h| {
                format!(
                    "{}:{}:{}",
                    content.entries[h.entry].code,
                    h.score,
                    h.field.as_str()
                )
            })
            .collect();
        out += &format!("{query}: {}\n", hits.join(" "));
    }
    out
}

#[test]
fn an_unchanged_folder_loads_from_the_cache_exactly_as_from_its_files() {
    let (_root, content, cache) = setup();
    let first = load_through(&content, &cache);
    assert!(!first.from_cache);
    assert!(first.notices.is_empty(), "{:?}", first.notices);
    assert!(cache_file(&content, &cache).is_file());

    let second = load_through(&content, &cache);
    assert!(second.from_cache);
    assert!(second.notices.is_empty(), "{:?}", second.notices);
    let files = load(&ContentSource::Folder(content.clone())).unwrap();
    assert_eq!(seen(&second), seen(&files));
    assert_eq!(second.files, files.files);
    assert!(
        !second.findings.is_empty(),
        "the broken fixtures have findings"
    );
    // The rest of each entry is read from its file when wanted.
    for (cached, read) in second.entries.iter().zip(&files.entries) {
        assert_eq!(cached.entry(), read.entry());
    }
}

#[test]
fn a_folder_with_no_content_files_leaves_no_cache() {
    let root = tempfile::tempdir().unwrap();
    let (content, cache) = (root.path().join("empty"), root.path().join("cache"));
    fs::create_dir(&content).unwrap();
    let _ = load_cached(&ContentSource::Folder(content.clone()), &cache);
    assert!(!cache_file(&content, &cache).exists());
    // Once it has files, it is cached as any folder is.
    fs::copy("content/64624.toml", content.join("64624.toml")).unwrap();
    load_through(&content, &cache);
    assert!(cache_file(&content, &cache).exists());
}

#[test]
fn a_change_to_any_file_makes_the_cache_stale() {
    let (_root, content, cache) = setup();
    load_through(&content, &cache);
    let file = content.join("64633.toml");

    // Same size, new time.
    let later =
        fs::metadata(&file).unwrap().modified().unwrap() + std::time::Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert!(!load_through(&content, &cache).from_cache);
    assert!(load_through(&content, &cache).from_cache);

    // New text.
    let text = fs::read_to_string(&file).unwrap();
    let retitled = text.replacen("title = \"", "title = \"Retitled: ", 1);
    fs::write(&file, retitled).unwrap();
    let title = |loaded: Content| loaded.get("64633").unwrap().title.clone();
    let reloaded = load_through(&content, &cache);
    assert!(!reloaded.from_cache);
    assert!(title(reloaded).starts_with("Retitled: "));
    assert!(title(load_through(&content, &cache)).starts_with("Retitled: "));

    // Same size, and its time set back as `touch -r` does: its change
    // time and the size are all that tell.
    let before = fs::metadata(&file).unwrap().modified().unwrap();
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("Retitled: ", "Xetitled: ", 1)).unwrap();
    let reopened = fs::File::options().write(true).open(&file).unwrap();
    reopened.set_modified(before).unwrap();
    assert_eq!(fs::metadata(&file).unwrap().len(), text.len() as u64);
    assert!(title(load_through(&content, &cache)).starts_with("Xetitled: "));

    // A file gone, a file come.
    fs::rename(&file, content.join("moved.txt.bak")).unwrap();
    let without = load_through(&content, &cache);
    assert!(!without.from_cache);
    assert!(without.get("64633").is_none());
    fs::rename(content.join("moved.txt.bak"), &file).unwrap();
    let with = load_through(&content, &cache);
    assert!(!with.from_cache);
    assert!(with.get("64633").is_some());
}

#[test]
fn only_content_files_coming_or_going_make_the_cache_stale() {
    let (_root, content, cache) = setup();
    load_through(&content, &cache);

    // What is not a content file changes nothing.
    fs::write(content.join("README.md"), "notes").unwrap();
    fs::write(content.join(".64633.toml.swp"), "swap").unwrap();
    fs::write(content.join(".draft.toml"), "code = \"99999\"").unwrap();
    assert!(load_through(&content, &cache).from_cache);
    // A folder with a content file's name is reported (a content problem
    // is never silent), so it makes the cache stale once.
    fs::create_dir(content.join("archive.toml")).unwrap();
    let reported = load_through(&content, &cache);
    assert!(!reported.from_cache);
    assert!(
        reported
            .findings
            .iter()
            .any(|f| f.path.ends_with("archive.toml") && f.message.contains("a folder"))
    );
    assert!(load_through(&content, &cache).from_cache);

    // A file that becomes a folder is gone.
    let file = content.join("64633.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::remove_file(&file).unwrap();
    fs::create_dir(&file).unwrap();
    let without = load_through(&content, &cache);
    assert!(!without.from_cache);
    assert!(without.get("64633").is_none());
    assert!(load_through(&content, &cache).from_cache);

    // A link to a file is a file.
    fs::remove_dir(&file).unwrap();
    let outside = content.parent().unwrap().join("64633.toml");
    fs::write(&outside, text).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, &file).unwrap();
        let linked = load_through(&content, &cache);
        assert!(!linked.from_cache);
        assert!(linked.get("64633").is_some());
        assert!(load_through(&content, &cache).from_cache);
        // A change to the file it links to is a change.
        fs::write(&outside, fs::read_to_string(&outside).unwrap() + "\n").unwrap();
        assert!(!load_through(&content, &cache).from_cache);
    }
}

/// A file written into again within the same tick of the clock as its
/// text was read keeps its stamp: the cache keeps the checksum of the text
/// read for each file that changed that lately, and a start reads such
/// files again. The race is staged by writing a cache whose checksums are
/// those of the text before a same-size change, with the stamps after it
/// (on a file system whose times are exact, it cannot happen by itself).
#[test]
fn a_file_changed_in_the_tick_it_was_read_is_read_again() {
    let (_root, content, cache) = setup();
    let file = content.join("64633.toml");
    let before = read_afresh(&content);
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("title = \"", "title = \"Retitled ", 1)).unwrap();
    let listing = folder_listing(&content, true).unwrap();
    cache::write(&cache_file(&content, &cache), &content, &listing, &before).unwrap();
    let loaded = load_through(&content, &cache);
    assert!(!loaded.from_cache, "the file's text is not the one read");
    assert!(loaded.get("64633").unwrap().title.starts_with("Retitled "));
    // Written now with the text it has, the cache serves the next start.
    assert!(load_through(&content, &cache).from_cache);
}

/// A cache written with a settled folder stamp: the folder is not listed
/// again while its stamp holds (each file is still looked up). A folder
/// made by a test has changed too lately to be settled, so the stamp is
/// put in by hand.
fn write_settled(content: &Path, cache: &Path, leave_out: Option<&str>) {
    let mut listing = folder_listing(content, true).unwrap();
    listing.folder_stamp = FolderStamp::of(content);
    assert!(listing.folder_stamp.is_some());
    let loaded = read_afresh(content);
    listing
        .files
        .retain(|listed| Some(listed.path.file_name().unwrap().to_str().unwrap()) != leave_out);
    cache::write(&cache_file(content, cache), content, &listing, &loaded).unwrap();
}

#[test]
fn a_settled_folder_is_not_listed_again_yet_every_change_shows() {
    let (_root, content, cache) = setup();
    load_through(&content, &cache);
    assert_eq!(
        FolderStamp::settled(&content),
        None,
        "a folder changed just now is not settled"
    );
    write_settled(&content, &cache, None);
    let files = load_through(&content, &cache);
    assert!(files.from_cache);
    let count = files.files;

    // Past a tick of the clock, so that the folder's times can move.
    let tick = || std::thread::sleep(std::time::Duration::from_millis(50));
    tick();
    fs::copy(content.join("64633.toml"), content.join("64633-copy.toml")).unwrap();
    let came = load_through(&content, &cache);
    assert!(!came.from_cache, "a file that came");
    assert_eq!(came.files, count + 1);

    write_settled(&content, &cache, None);
    tick();
    let stamp = FolderStamp::of(&content);
    let file = content.join("64624.toml");
    fs::write(&file, fs::read_to_string(&file).unwrap() + "\n").unwrap();
    assert_eq!(FolderStamp::of(&content), stamp, "writing into a file");
    assert!(!load_through(&content, &cache).from_cache, "a file changed");

    write_settled(&content, &cache, None);
    tick();
    fs::remove_file(content.join("64633-copy.toml")).unwrap();
    let gone = load_through(&content, &cache);
    assert!(!gone.from_cache, "a file gone");
    assert_eq!(gone.files, count);

    // The shortcut itself: a file the cache does not list (one that holds
    // no entry, so the entries still name their files) goes unseen
    // while the folder keeps the stamp (which no real file coming allows).
    write_settled(&content, &cache, Some("10002.toml"));
    assert!(load_through(&content, &cache).from_cache);
    tick();
    fs::write(content.join("README.md"), "notes").unwrap();
    assert!(
        !load_through(&content, &cache).from_cache,
        "the folder changed, so it is listed and the file is found"
    );
}

/// A folder of the repository, which last changed when it was checked out:
/// settled, as a test's own folders never are.
fn settled_fixture(path: &str) -> &Path {
    let folder = Path::new(path);
    assert!(
        FolderStamp::settled(folder).is_some(),
        "{path} changed in the last seconds"
    );
    folder
}

#[test]
fn a_settled_folder_keeps_its_stamp_beside_the_cache() {
    let root = tempfile::tempdir().unwrap();
    let cache = root.path().join("cache");
    let folder = settled_fixture("tests/fixtures/broken");
    assert!(!load_through(folder, &cache).from_cache);
    let stamp_file = cache_file(folder, &cache).with_extension("folder");
    let kept = fs::read(&stamp_file).expect("the stamp is kept with the cache");

    // A cache written while its folder was still changing has no stamp: the
    // next start lists the folder and keeps the stamp then.
    fs::remove_file(&stamp_file).unwrap();
    assert!(load_through(folder, &cache).from_cache);
    assert_eq!(fs::read(&stamp_file).unwrap(), kept);

    // A damaged stamp, or one kept for another cache, is not used.
    for damaged in [&b"not a stamp"[..], &kept[..kept.len() - 1]] {
        fs::write(&stamp_file, damaged).unwrap();
        assert!(load_through(folder, &cache).from_cache);
        assert_eq!(fs::read(&stamp_file).unwrap(), kept);
    }
    let mut other = kept.clone();
    other[12] ^= 1; // the cache's checksum
    fs::write(&stamp_file, &other).unwrap();
    assert!(load_through(folder, &cache).from_cache);
    assert_eq!(fs::read(&stamp_file).unwrap(), kept);
}

#[test]
fn a_folder_with_a_link_to_nothing_keeps_no_stamp() {
    let root = tempfile::tempdir().unwrap();
    let cache = root.path().join("cache");
    // `later.toml` links to a file not yet written: when it is, the folder
    // stays as it was, so each start must list it to find the new file.
    let folder = settled_fixture("tests/fixtures/link-to-nothing");
    let stamp_file = cache_file(folder, &cache).with_extension("folder");
    // Listed to be read, and listed again to be checked: neither keeps one.
    assert!(!load_through(folder, &cache).from_cache);
    assert!(!stamp_file.exists());
    assert!(load_through(folder, &cache).from_cache);
    assert!(!stamp_file.exists());
}

#[test]
fn the_cache_serves_the_folder_however_it_is_named() {
    let (_root, content, cache) = setup();
    load_through(&content, &cache);
    let renamed = content.join(".");
    let loaded = load_through(&renamed, &cache);
    assert!(loaded.from_cache, "{:?}", loaded.notices);
    let entry = loaded.get("64633").unwrap();
    // Shown as named this time, and read from there.
    assert_eq!(entry.path, renamed.join("64633.toml").display().to_string());
    assert_eq!(entry.entry().code, "64633");
    // Findings name their files, and a repeated code the other file, as
    // the folder is named this time too.
    let from_files = load(&ContentSource::Folder(renamed.clone())).unwrap();
    assert_eq!(seen(&loaded), seen(&from_files));
    let repeated = loaded
        .findings
        .iter()
        .find(|f| f.message.contains("already defined in"))
        .unwrap();
    assert!(
        repeated
            .message
            .contains(&renamed.join("10001.toml").display().to_string()),
        "{repeated}"
    );
    assert!(load_through(&content, &cache).from_cache);
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_read_from_the_cache_by_its_real_name() {
    use std::os::unix::ffi::OsStrExt;
    let (_root, content, cache) = setup();
    let odd = content.join(std::ffi::OsStr::from_bytes(b"caf\xe9.toml"));
    fs::rename(content.join("64633.toml"), &odd).unwrap();
    let first = load_through(&content, &cache);
    assert!(!first.from_cache);
    let second = load_through(&content, &cache);
    assert!(second.from_cache, "{:?}", second.notices);
    assert_eq!(second.get("64633").unwrap().entry().code, "64633");
    assert_eq!(seen(&second), seen(&first));
}

/// A quick start of `content` (as the browser does for large folders), with
/// the rest done at once: the start, and the content the rest replaced it
/// with, if any.
fn quick_start(content: &Path, cache: Option<&Path>) -> (Start, Option<String>, Vec<String>) {
    let mut started = start(&ContentSource::Folder(content.to_owned()), cache, 0).unwrap();
    let rest = started
        .rest
        .take()
        .expect("a quick start leaves work for later");
    let mut replaced = None;
    let notices = rest
        .finish(|content| replaced = Some(seen(&content)), || true)
        .unwrap();
    (started, replaced, notices)
}

#[test]
fn a_quick_start_shows_the_cache_and_checks_the_folder_behind_it() {
    let (_root, content, cache) = setup();
    let full = seen(&load(&ContentSource::Folder(content.clone())).unwrap());

    // Nothing cached: the first files are shown, then all of them, and the
    // cache is written after.
    let (started, replaced, notices) = quick_start(&content, Some(&cache));
    assert!(!started.content.from_cache);
    assert_eq!(replaced.as_deref(), Some(full.as_str()));
    assert!(notices.is_empty(), "{notices:?}");
    assert!(cache_file(&content, &cache).exists());

    // Cached and unchanged: shown from the cache as it is, and the check
    // finds nothing to replace.
    let (started, replaced, notices) = quick_start(&content, Some(&cache));
    assert!(started.content.from_cache);
    assert_eq!(seen(&started.content), full);
    assert_eq!(replaced, None);
    assert!(notices.is_empty(), "{notices:?}");
    // Entries read from their files on demand match the files.
    assert_eq!(
        started.content.get("64633").unwrap().entry(),
        load(&ContentSource::Folder(content.clone()))
            .unwrap()
            .get("64633")
            .unwrap()
            .entry()
    );

    // A file changed since: the cache is shown first, then replaced by the
    // folder as it is now, and the next start has it cached.
    let file = content.join("64633.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("title = \"", "title = \"Retitled: ", 1),
    )
    .unwrap();
    let now = seen(&load(&ContentSource::Folder(content.clone())).unwrap());
    let (started, replaced, _) = quick_start(&content, Some(&cache));
    assert!(started.content.from_cache);
    assert!(
        !started
            .content
            .get("64633")
            .unwrap()
            .title
            .starts_with("Retitled")
    );
    assert_eq!(replaced.as_deref(), Some(now.as_str()));
    let (started, replaced, _) = quick_start(&content, Some(&cache));
    assert_eq!(seen(&started.content), now);
    assert_eq!(replaced, None);

    // A file gone is a change too.
    fs::remove_file(&file).unwrap();
    let (_, replaced, _) = quick_start(&content, Some(&cache));
    assert!(!replaced.unwrap().contains("64633 "));
}

#[test]
fn a_quick_start_without_a_cache_reads_the_rest_and_writes_nothing() {
    let (_root, content, cache) = setup();
    let full = seen(&load(&ContentSource::Folder(content.clone())).unwrap());
    let (started, replaced, notices) = quick_start(&content, None);
    assert!(!started.content.from_cache);
    assert_eq!(replaced.as_deref(), Some(full.as_str()));
    assert!(notices.is_empty());
    assert!(!cache.exists());
}

#[test]
fn a_quick_start_reports_a_damaged_cache_and_reads_the_files() {
    let (_root, content, cache) = setup();
    load_through(&content, &cache);
    let file = cache_file(&content, &cache);
    let mut bytes = fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&file, bytes).unwrap();
    let (started, replaced, notices) = quick_start(&content, Some(&cache));
    assert!(!started.content.from_cache);
    // Said once the rest is read and the cache written again, with how
    // that went: one notice.
    assert!(started.content.notices.is_empty());
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("was ignored") && notices[0].ends_with("it was written again"),
        "{notices:?}"
    );
    assert!(replaced.is_some());
    assert!(load_through(&content, &cache).from_cache);
}

#[test]
fn a_quick_start_says_once_that_a_cache_can_be_neither_used_nor_written() {
    let (_root, content, cache) = setup();
    let file = cptref::cache::file_for(&cache, &content);
    fs::create_dir_all(file.join("in-the-way")).unwrap();
    let (started, replaced, notices) = quick_start(&content, Some(&cache));
    assert!(started.content.notices.is_empty());
    assert!(replaced.is_some());
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0]
            .contains("was ignored: cannot read it: it is not a file; writing it again failed:"),
        "{notices:?}"
    );
}

#[test]
fn a_small_folder_starts_whole() {
    let (_root, content, cache) = setup();
    for cached in [None, Some(cache.as_path())] {
        let started = start(
            &ContentSource::Folder(content.clone()),
            cached,
            QUICK_START_FROM,
        )
        .unwrap();
        assert!(started.rest.is_none());
        assert_eq!(
            seen(&started.content),
            seen(&load(&ContentSource::Folder(content.clone())).unwrap())
        );
    }
    assert!(cache_file(&content, &cache).exists());
}

#[test]
fn a_damaged_cache_is_reported_ignored_and_written_again() {
    let (_root, content, cache) = setup();
    let expected = seen(&load_through(&content, &cache));
    let file = cache_file(&content, &cache);
    let bytes = fs::read(&file).unwrap();

    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("cut short", bytes[..bytes.len() / 2].to_vec()),
        ("a byte flipped near the end", {
            let mut b = bytes.clone();
            let at = b.len() - 10;
            b[at] ^= 0x55;
            b
        }),
        ("not a cache at all", b"hello, world\n".to_vec()),
        ("empty", Vec::new()),
    ];
    for (how, damage) in damaged {
        fs::write(&file, damage).unwrap();
        let loaded = load_through(&content, &cache);
        assert!(!loaded.from_cache, "{how}");
        assert_eq!(loaded.notices.len(), 1, "{how}: {:?}", loaded.notices);
        assert!(
            loaded.notices[0].contains("was ignored"),
            "{how}: {:?}",
            loaded.notices
        );
        assert_eq!(seen(&loaded), expected, "{how}");
        let again = load_through(&content, &cache);
        assert!(
            again.from_cache && again.notices.is_empty(),
            "{how}: rewritten"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_content_name_that_is_not_a_file_coming_or_going_is_seen_from_the_cache() {
    let (_root, content, cache) = setup();
    let not_files = |loaded: &Content| {
        loaded
            .findings
            .iter()
            .filter(|f| f.message.starts_with("not a file"))
            .count()
    };
    let first = load_through(&content, &cache);
    assert_eq!(not_files(&first), 0);
    // One comes: the cache, which has no finding for it, is not used.
    std::os::unix::fs::symlink("nowhere", content.join("11111.toml")).unwrap();
    let came = load_through(&content, &cache);
    assert!(!came.from_cache);
    assert_eq!(not_files(&came), 1);
    let again = load_through(&content, &cache);
    assert!(again.from_cache);
    assert_eq!(not_files(&again), 1);
    // It becomes another thing that is no file: the cache says what it
    // was, so it is not used.
    fs::remove_file(content.join("11111.toml")).unwrap();
    fs::create_dir(content.join("11111.toml")).unwrap();
    let folder = load_through(&content, &cache);
    assert!(!folder.from_cache);
    let said = |loaded: &Content| {
        loaded
            .findings
            .iter()
            .find(|f| f.message.starts_with("not a file"))
            .map(|f| f.message.clone())
            .unwrap_or_default()
    };
    assert!(said(&folder).contains("a folder"), "{}", said(&folder));
    assert!(said(&load_through(&content, &cache)).contains("a folder"));
    // It goes: nor is the cache that has one.
    fs::remove_dir(content.join("11111.toml")).unwrap();
    let gone = load_through(&content, &cache);
    assert!(!gone.from_cache);
    assert_eq!(not_files(&gone), 0);
}

#[test]
fn a_cache_that_can_be_neither_used_nor_written_again_is_said_once() {
    let (_root, content, cache) = setup();
    // A folder, with something in it, where the cache file goes: it cannot
    // be read as a cache, nor replaced by one.
    let file = cptref::cache::file_for(&cache, &content);
    fs::create_dir_all(file.join("in-the-way")).unwrap();
    let loaded = load_through(&content, &cache);
    assert!(loaded.get("64633").is_some());
    assert_eq!(loaded.notices.len(), 1, "{:?}", loaded.notices);
    let notice = &loaded.notices[0];
    assert!(
        notice.contains("was ignored: cannot read it: it is not a file; writing it again failed:"),
        "{notice}"
    );
}

#[test]
fn an_unwritable_cache_folder_is_reported_and_the_content_still_loads() {
    let (root, content, _) = setup();
    let blocked = root.path().join("not-a-folder");
    fs::write(&blocked, "a file where the cache folder would be").unwrap();
    let loaded = load_through(&content, &blocked);
    assert!(loaded.get("64633").is_some());
    assert_eq!(loaded.notices.len(), 1, "{:?}", loaded.notices);
    assert!(loaded.notices[0].contains("could not write the content cache"));
    assert!(
        loaded.notices[0].contains("not-a-folder is a file, not a folder"),
        "{}",
        loaded.notices[0]
    );
    // The same when the file is further up.
    let below = load_through(&content, &blocked.join("cptref"));
    assert!(
        below.notices[0].contains("not-a-folder is a file, not a folder"),
        "{}",
        below.notices[0]
    );
}

/// A pipe where the cache or the folder's stamp would be: opening one waits
/// for a writer, so a start that opened it would never end.
#[cfg(unix)]
#[test]
fn a_pipe_in_place_of_the_cache_is_not_waited_for() {
    let (_root, content, cache) = setup();
    load_through(&content, &cache);
    let cache_path = cache_file(&content, &cache);
    let fifo = |path: &Path| {
        use rustix::fs::{CWD, FileType, Mode, mknodat};
        let _ = fs::remove_file(path);
        mknodat(CWD, path, FileType::Fifo, Mode::RUSR | Mode::WUSR, 0).unwrap();
    };
    let load_within_seconds = || {
        let (sent, got) = std::sync::mpsc::channel();
        let (content, cache) = (content.clone(), cache.clone());
        std::thread::spawn(move || sent.send(load_through(&content, &cache)).unwrap());
        got.recv_timeout(std::time::Duration::from_secs(20))
            .expect("the start ended")
    };
    fifo(&cache_path.with_extension("folder"));
    assert!(load_within_seconds().from_cache);

    fifo(&cache_path);
    let loaded = load_within_seconds();
    assert!(!loaded.from_cache);
    assert!(loaded.get("64633").is_some());
    assert!(
        loaded.notices[0].contains("cannot read it: it is not a file"),
        "{:?}",
        loaded.notices
    );
    // Written again in its place.
    assert!(load_within_seconds().from_cache);
}

#[test]
fn temporary_files_left_by_a_killed_write_are_removed() {
    let (_root, content, cache) = setup();
    load_through(&content, &cache);
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    let left = |name: &str, written: Option<std::time::SystemTime>| {
        let path = cache.join(name);
        let file = fs::File::create(&path).unwrap();
        if let Some(time) = written {
            file.set_modified(time).unwrap();
        }
        path
    };
    let abandoned = left(".cptref-a1b2c3.tmp", Some(long_ago));
    let being_written = left(".cptref-d4e5f6.tmp", None);
    let not_ours = left(".tmpa1b2c3", Some(long_ago));
    assert!(load_through(&content, &cache).from_cache);
    assert!(!abandoned.exists());
    assert!(being_written.exists());
    assert!(not_ours.exists());
}

#[test]
fn an_entry_whose_file_changes_after_the_start_says_so() {
    let (_root, content, cache) = setup();
    load_through(&content, &cache);
    let cached = load_through(&content, &cache);
    assert!(cached.from_cache);
    let file = content.join("64633.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("code = \"64633\"", "code = \"64634\"", 1),
    )
    .unwrap();
    let entry = cached.get("64633").unwrap().entry();
    assert_eq!(entry.code, "64633");
    assert!(
        entry.summary.contains("could not read this entry again"),
        "{}",
        entry.summary
    );
    assert!(entry.summary.contains("64634"), "{}", entry.summary);
    // A file gone is said to be gone, and the other sections point to the
    // summary rather than say the file lacks them.
    fs::remove_file(content.join("64624.toml")).unwrap();
    let entry = cached.get("64624").unwrap().entry();
    assert!(
        entry.summary.contains("No such file") && !entry.summary.contains("parses"),
        "{}",
        entry.summary
    );
    assert_eq!(entry.billing.overview, "(not read again: see the summary)");
    assert_eq!(entry.clinical.scenario, "(not read again: see the summary)");
    // Changed but still its entry: the new text, said to be new, since the
    // list and the search go by the old.
    let file = content.join("64632.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("title = \"", "title = \"CHANGED ", 1)).unwrap();
    let entry = cached.get("64632").unwrap().entry();
    assert!(entry.title.starts_with("CHANGED "), "{}", entry.title);
    assert!(
        entry.summary.starts_with("(cptref: ")
            && entry
                .summary
                .contains("64632.toml changed since cptref loaded this content"),
        "{}",
        entry.summary
    );
    assert!(!cached.get("64632").unwrap().title.starts_with("CHANGED"));
    // Unchanged, it reads as it is.
    let entry = cached.get("64640").unwrap().entry();
    assert!(!entry.summary.starts_with("(cptref: "), "{}", entry.summary);
}

#[test]
fn the_cli_uses_the_cache_folder_it_is_given_and_none_with_no_cache() {
    let (_root, content, cache) = setup();
    let run = |extra: &[&str]| {
        cptref()
            .env(cache::DIR_VARIABLE, &cache)
            .args(["search", "genicular", "--content"])
            .arg(&content)
            .args(extra)
            .output()
            .unwrap()
    };
    // The broken fixtures copied in leave files out: exit 3, the work done.
    let done = |output: &std::process::Output| output.status.code() == Some(3);
    let output = run(&["--no-cache"]);
    assert!(done(&output), "{output:?}");
    assert!(!cache.exists(), "--no-cache wrote a cache");

    // The variable reads as a switch: 1 turns the cache off, 0 leaves it on.
    let list_with = |switch: &str| {
        cptref()
            .env(cache::DIR_VARIABLE, &cache)
            .env("CPTREF_NO_CACHE", switch)
            .args(["list", "--content"])
            .arg(&content)
            .output()
            .unwrap()
    };
    let switched = list_with("1");
    assert!(done(&switched), "{switched:?}");
    assert!(!cache.exists(), "CPTREF_NO_CACHE=1 wrote a cache");
    let kept = list_with("0");
    assert!(done(&kept), "{kept:?}");
    assert!(
        cache_file(&content, &cache).is_file(),
        "CPTREF_NO_CACHE=0 wrote no cache"
    );
    fs::remove_dir_all(&cache).unwrap();
    // Set but empty, as though not set; a value that is no switch is a
    // slip, said, not taken for either.
    let empty = list_with("");
    assert!(done(&empty), "{empty:?}");
    assert!(cache_file(&content, &cache).is_file());
    fs::remove_dir_all(&cache).unwrap();
    let slip = list_with("garbage");
    assert_eq!(slip.status.code(), Some(2), "{slip:?}");
    assert!(
        String::from_utf8_lossy(&slip.stderr)
            .starts_with("error: CPTREF_NO_CACHE=garbage is not a switch: give 1, true, yes or on"),
        "{slip:?}"
    );
    assert!(!cache.exists());
    // Spaces around a switch are a slip of the shell, not another value;
    // a value with a space inside is quoted in the error, as typed.
    let spaced = list_with("1 ");
    assert!(done(&spaced), "{spaced:?}");
    assert!(!cache.exists());
    let slip = list_with("of f");
    assert!(
        String::from_utf8_lossy(&slip.stderr).starts_with("error: CPTREF_NO_CACHE='of f' is not"),
        "{slip:?}"
    );

    let cold = run(&[]);
    assert!(cache_file(&content, &cache).is_file());
    let warm = run(&[]);
    assert_eq!(cold.stdout, warm.stdout);
    assert!(String::from_utf8_lossy(&warm.stdout).contains("64624"));

    fs::write(cache_file(&content, &cache), "damaged").unwrap();
    let damaged = run(&[]);
    assert!(done(&damaged), "{damaged:?}");
    assert_eq!(damaged.stdout, warm.stdout);
    let stderr = String::from_utf8_lossy(&damaged.stderr);
    assert!(
        stderr.contains("warning: the content cache") && stderr.contains("was ignored"),
        "{stderr}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever happens to the bytes of a cache, reading it gives an answer
    /// (never a panic), and a cache it accepts is the content itself.
    #[test]
    fn damaged_caches_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..8), cut in any::<prop::sample::Index>(), shorten in any::<bool>()) {
        let (_root, content, cache) = SHARED.with(|s| s.clone());
        let file = cache_file(&content, &cache);
        let listing = folder_listing(&content, true).unwrap();
        let mut bytes = fs::read(&file).unwrap();
        for (at, mask) in &flips {
            let at = at.index(bytes.len());
            bytes[at] ^= mask;
        }
        if shorten {
            bytes.truncate(cut.index(bytes.len()));
        }
        let damaged = file.with_extension("damaged");
        fs::write(&damaged, &bytes).unwrap();
        if let Lookup::Fresh(loaded) = cache::open(&damaged, &content).check(&content, &listing) {
            let files = load(&ContentSource::Folder(content.clone())).unwrap();
            prop_assert_eq!(seen(&loaded), seen(&files));
        }
    }
}

thread_local! {
    /// One cached folder for every case of the property above.
    static SHARED: (std::sync::Arc<TempDir>, PathBuf, PathBuf) = {
        let (root, content, cache) = setup();
        load_through(&content, &cache);
        (std::sync::Arc::new(root), content, cache)
    };
}
