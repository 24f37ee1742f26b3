//! The folder watch: once a command has used the cache of a folder large
//! enough, a background cptref vouches for the cache, stops vouching the
//! moment a content file changes, vouches for the cache written again, and
//! leaves when it has no more reason to stay. (Linux only: it is told of
//! changes by inotify.)
#![cfg(target_os = "linux")]

mod common;
use common::cptref;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cptref::cache;
use cptref::watch::{self, CacheIdentity};
use tempfile::TempDir;

/// A content folder with the built-in entries and an empty cache folder.
fn setup() -> (TempDir, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    fs::create_dir(&content).unwrap();
    for item in fs::read_dir("content").unwrap() {
        let path = item.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            fs::copy(&path, content.join(path.file_name().unwrap())).unwrap();
        }
    }
    let cache = root.path().join("cache");
    (root, content, cache)
}

/// `cptref search` over `content`, watching folders from one file.
fn search(content: &Path, cache: &Path, query: &str) -> String {
    let output = cptref()
        .env("CPTREF_CACHE_DIR", cache)
        .env(watch::FROM_VARIABLE, "1")
        .args(["search", "--content"])
        .arg(content)
        .arg(query)
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// Whether the folder's watch vouches for its cache file as it is now.
fn vouched(content: &Path, cache: &Path) -> bool {
    let cache_file = cache::file_for(cache, content);
    let Ok(metadata) = fs::metadata(&cache_file) else {
        return false;
    };
    watch::vouches(&cache_file, CacheIdentity::of(&metadata).unwrap())
}

/// Waits, up to ten seconds, for `condition`.
fn eventually(condition: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// The processes watching for the cache folder `cache`.
fn watches(cache: &Path) -> usize {
    let cache = cache.to_string_lossy().into_owned();
    fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|item| fs::read(item.path().join("cmdline")).ok())
        .map(|line| String::from_utf8_lossy(&line).replace('\0', " "))
        .filter(|line| line.contains(" watch-folder ") && line.contains(&cache))
        .count()
}

#[test]
fn a_watch_vouches_until_a_file_changes_and_again_for_the_new_cache() {
    let (_root, content, cache) = setup();
    assert!(search(&content, &cache, "64624").contains("64624"));
    assert!(
        eventually(|| vouched(&content, &cache)),
        "the watch started by the search never vouched for the cache"
    );
    assert_eq!(watches(&cache), 1);

    // Written in place at the same size, its time set back: its stamp
    // could not tell in the same tick, but the watch is told at once.
    let file = content.join("64624.toml");
    let before = fs::metadata(&file).unwrap().modified().unwrap();
    let text = fs::read_to_string(&file).unwrap();
    let changed = text.replacen("title = \"", "title = \"Zqx ", 1);
    fs::write(&file, &changed).unwrap();
    fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(before)
        .unwrap();
    assert!(
        !vouched(&content, &cache),
        "the watch still vouched for the cache after a file changed"
    );
    assert!(search(&content, &cache, "zqx").contains("64624  Zqx"));
    // The cache written again by that search is vouched for in turn, and
    // the search from it finds the change.
    assert!(eventually(|| vouched(&content, &cache)));
    assert!(search(&content, &cache, "zqx").contains("64624  Zqx"));
    assert_eq!(watches(&cache), 1, "a second watch was started");
}

#[test]
fn a_file_that_came_or_went_stops_the_vouching() {
    let (_root, content, cache) = setup();
    search(&content, &cache, "64624");
    assert!(eventually(|| vouched(&content, &cache)));
    fs::remove_file(content.join("64640.toml")).unwrap();
    assert!(!vouched(&content, &cache));
    assert!(!search(&content, &cache, "64640").contains("64640  "));
    assert!(eventually(|| vouched(&content, &cache)));
    let copied = fs::read_to_string(content.join("64633.toml"))
        .unwrap()
        .replace("64633", "64635");
    // Made under another name and renamed in, as editors save.
    fs::write(content.join(".draft"), copied).unwrap();
    fs::rename(content.join(".draft"), content.join("64635.toml")).unwrap();
    assert!(!vouched(&content, &cache));
    assert!(search(&content, &cache, "64635").contains("64635  "));
}

#[test]
fn a_watch_leaves_when_its_socket_goes_and_never_vouches_for_links() {
    let (_root, content, cache) = setup();
    search(&content, &cache, "64624");
    assert!(eventually(|| vouched(&content, &cache)));
    fs::remove_file(watch::socket_for(&cache::file_for(&cache, &content))).unwrap();
    assert!(
        eventually(|| watches(&cache) == 0),
        "the watch stayed after its socket was removed"
    );

    // A content file that is a link can change where no watch sees it.
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("64635.toml");
    let copied = fs::read_to_string(content.join("64633.toml"))
        .unwrap()
        .replace("64633", "64635");
    fs::write(&target, copied).unwrap();
    std::os::unix::fs::symlink(&target, content.join("64635.toml")).unwrap();
    assert!(search(&content, &cache, "64635").contains("64635  "));
    assert!(
        eventually(|| watches(&cache) == 0),
        "a watch stayed for a folder with a linked file"
    );
    assert!(!vouched(&content, &cache));
    // Nor is one started again for the same cache, to leave again.
    assert!(search(&content, &cache, "64635").contains("64635  "));
    assert_eq!(watches(&cache), 0, "a watch was started again");
}

#[test]
fn a_file_with_a_second_name_elsewhere_is_never_vouched_for() {
    let (root, content, cache) = setup();
    let elsewhere = root.path().join("64640.toml");
    fs::hard_link(content.join("64640.toml"), &elsewhere).unwrap();
    search(&content, &cache, "64624");
    assert!(
        eventually(|| watches(&cache) == 0),
        "a watch stayed for a folder with a hard-linked file"
    );
    assert!(!vouched(&content, &cache));
    // Written through the other name: the next search finds it.
    let text = fs::read_to_string(&elsewhere).unwrap();
    fs::write(&elsewhere, text.replacen("title = \"", "title = \"Zqx ", 1)).unwrap();
    assert!(search(&content, &cache, "zqx").contains("64640  Zqx"));
}

#[test]
fn no_watch_below_the_number_of_files_or_without_a_cache() {
    let (_root, content, cache) = setup();
    cptref()
        .env("CPTREF_CACHE_DIR", &cache)
        .env(watch::FROM_VARIABLE, "6")
        .args(["search", "--content"])
        .arg(&content)
        .arg("64624")
        .assert()
        .success();
    cptref()
        .env("CPTREF_CACHE_DIR", &cache)
        .env(watch::FROM_VARIABLE, "1")
        .args(["search", "--no-cache", "--content"])
        .arg(&content)
        .arg("64624")
        .assert()
        .success();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(watches(&cache), 0);
    assert!(!watch::socket_for(&cache::file_for(&cache, &content)).exists());
}

#[test]
fn a_number_of_files_that_is_no_number_is_refused_and_blank_is_the_default() {
    cptref()
        .env(watch::FROM_VARIABLE, "5k")
        .arg("list")
        .assert()
        .code(2)
        .stderr(
            "error: CPTREF_WATCH_FROM=5k is not a number of files: give how many content \
             files a folder needs for a folder watch (5000 when unset), or 0 for none\n",
        );
    assert_eq!(
        watch::from_setting(Some(" ")),
        Ok(Some(watch::DEFAULT_FROM))
    );
    assert_eq!(watch::from_setting(None), Ok(Some(watch::DEFAULT_FROM)));
    assert_eq!(watch::from_setting(Some("0")), Ok(None));
    assert_eq!(watch::from_setting(Some("12")), Ok(Some(12)));
    assert_eq!(watch::from_setting(Some("-1")), Err(watch::NotANumber));
    cptref()
        .env(watch::FROM_VARIABLE, "")
        .arg("list")
        .assert()
        .success();
}
