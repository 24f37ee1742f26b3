//! Golden-file tests of the scripting CLI: the real binary, run without a
//! terminal, compared with files in `tests/golden/`. Run with
//! `UPDATE_GOLDEN=1 cargo test --test cli` to rewrite them after an intended
//! change, then read the diff.

mod common;
use common::cptref;

use std::fs;
use std::path::Path;

use predicates::prelude::*;

const BROKEN: &str = "tests/fixtures/broken";

/// Compares `actual` with the golden file `name`, or rewrites it.
fn golden(name: &str, actual: &str) {
    let path = Path::new("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

fn stdout_of(args: &[&str], status: i32) -> String {
    let output = cptref().args(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(status),
        "cptref {args:?}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn list_prints_code_and_title() {
    golden("list.txt", &stdout_of(&["list"], 0));
}

#[test]
fn no_subcommand_prints_the_list_for_now() {
    assert_eq!(stdout_of(&[], 0), stdout_of(&["list"], 0));
}

#[test]
fn list_json_is_an_array_of_code_and_title() {
    let out = stdout_of(&["list", "--json"], 0);
    golden("list.json", &out);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(items[0]["code"], "64454");
    assert!(items.iter().all(|i| i.as_object().unwrap().len() == 2));
}

#[test]
fn show_prints_the_whole_entry_plain_when_piped() {
    let out = stdout_of(&["show", "64633"], 0);
    golden("show-64633.txt", &out);
    assert!(!out.contains('\u{1b}'), "no colour without a terminal");
    assert!(out.lines().all(|l| columns(l) <= 80));
    for heading in [
        "SUMMARY",
        "BILLING",
        "CLINICAL SCENARIO",
        "MODIFIERS",
        "RELATED CODES",
        "DIAGNOSES (ICD-10-CM)",
        "NOTES",
        "SOURCES",
    ] {
        assert!(out.contains(&format!("\n{heading}\n")), "{heading} missing");
    }
    assert!(out.contains("!! ERRATUM:"));
}

fn columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

#[test]
fn show_wraps_to_the_width_asked() {
    let out = stdout_of(&["show", "64632", "--width", "60"], 0);
    golden("show-64632-w60.txt", &out);
    assert!(out.lines().all(|l| columns(l) <= 60));
}

#[test]
fn show_colours_only_when_asked() {
    let out = stdout_of(&["show", "64624", "--color", "always"], 0);
    assert!(out.contains("\u{1b}["));
}

#[test]
fn list_and_search_colour_the_code_when_asked_and_only_then() {
    for command in [&["list"][..], &["search", "genic"]] {
        let asked = [command, &["--color", "always"]].concat();
        let out = stdout_of(&asked, 0);
        assert!(out.starts_with("\u{1b}[1m64"), "{command:?}: {out}");
        let plain = stdout_of(command, 0);
        assert!(!plain.contains('\u{1b}'), "{command:?}: {plain}");
        // The words are the same either way.
        let stripped: String = out
            .replace("\u{1b}[1m", "")
            .replace("\u{1b}[2m", "")
            .replace("\u{1b}[0m", "");
        assert_eq!(stripped, plain);
    }
}

#[test]
fn show_json_has_the_content_file_keys() {
    let out = stdout_of(&["show", "64624", "--json"], 0);
    let entry: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(entry["code"], "64624");
    assert!(entry["billing"]["overview"].is_string());
    assert!(entry["clinical"]["steps"].is_array());
    assert!(entry["modifiers"][0]["when_to_use"].is_string());
    assert!(
        entry["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "erratum")
    );
    // The JSON reads back as a content file would.
    let text = toml::to_string(&entry).unwrap();
    assert!(text.contains("code = \"64624\""));
}

#[test]
fn show_of_an_unknown_code_suggests_the_nearest() {
    cptref()
        .args(["show", "64635"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no entry for code `64635`; nearest: 64633, 64632, 64640",
        ));
    // No code at all is a usage mistake.
    cptref()
        .args(["show", " "])
        .assert()
        .code(2)
        .stderr("error: no code given; as in `cptref show 64624`\n");
    // And the entries that list it as related; a search finds them too.
    cptref()
        .args(["show", "64634"])
        .assert()
        .code(1)
        .stderr(predicate::str::ends_with(
            "nearest: 64633, 64632, 64640\nnote: listed as related by 64633, 64640\n",
        ));
    let found = stdout_of(&["search", "64634"], 0);
    assert!(
        found.contains(
            "64640  Peripheral nerve neurolysis, a named nerve with no code of its own  [related]"
        ),
        "{found}"
    );
}

#[test]
fn a_code_suggested_or_a_config_quoted_never_sends_a_raw_escape() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("content/64624.toml").unwrap();
    let text = text.replacen("code = \"64624\"", "code = \"9990\\u001b[2J\"", 1);
    std::fs::write(dir.path().join("64624.toml"), text).unwrap();
    let shown = cptref()
        .arg("--content")
        .arg(dir.path())
        .args(["show", "9990"])
        .output()
        .unwrap();
    let said = String::from_utf8(shown.stderr).unwrap();
    assert!(said.contains("it starts 9990␛[2J"), "{said}");
    assert!(!said.contains('\u{1b}'), "{said:?}");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[keys.list]\nc = \"\\u001b[2Jquit\"\n").unwrap();
    let run = cptref()
        .env("CPTREF_CONFIG", &config)
        .arg("list")
        .output()
        .unwrap();
    let said = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(said.contains("␛[2Jquit"), "{said}");
    assert!(!said.contains('\u{1b}'), "{said:?}");
    // A folder or file named with one, in errors and in what import says.
    let gone = dir.path().join("nope\u{1b}[2J");
    let run = cptref()
        .arg("--content")
        .arg(&gone)
        .arg("list")
        .output()
        .unwrap();
    let said = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(said.contains("nope␛[2J"), "{said}");
    assert!(!said.contains('\u{1b}'), "{said:?}");
    let publication = dir.path().join("we\u{1b}ird.txt");
    std::fs::copy("tests/fixtures/publications/curly.txt", &publication).unwrap();
    let run = cptref()
        .args(["import", "--out"])
        .arg(dir.path().join("out"))
        .arg(&publication)
        .output()
        .unwrap();
    let said = String::from_utf8(run.stdout).unwrap();
    assert!(run.status.success());
    assert!(
        said.contains("from ") && said.contains("we␛ird.txt"),
        "{said}"
    );
    assert!(!said.contains('\u{1b}'), "{said:?}");
}

#[test]
fn json_escapes_what_a_terminal_would_act_on_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("content/64624.toml")
        .unwrap()
        .replacen(
            "title = \"Genicular",
            "title = \"A \\u202e B \\u009b C \\u001b D Genicular",
            1,
        );
    std::fs::write(dir.path().join("64624.toml"), text).unwrap();
    let listed = cptref()
        .arg("--content")
        .arg(dir.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    let json = String::from_utf8(listed.stdout).unwrap();
    assert!(json.contains("A \\u202e B \\u009b C \\u001b D"), "{json}");
    assert!(!json.contains(['\u{202e}', '\u{9b}', '\u{1b}']), "{json:?}");
    let read: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        read[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("A \u{202e} B \u{9b} C \u{1b} D")
    );
}

#[test]
fn search_ranks_title_matches_first() {
    let out = stdout_of(&["search", "genicular"], 0);
    golden("search-genicular.txt", &out);
    let codes: Vec<&str> = out.lines().map(|l| &l[..5]).collect();
    assert_eq!(&codes[..2], ["64454", "64624"]);
}

#[test]
fn search_takes_several_words_and_a_modifier() {
    let out = stdout_of(&["search", "genicular", "ablation"], 0);
    assert!(out.starts_with("64624"));
    let out = stdout_of(&["search", "50", "--limit", "2"], 0);
    assert_eq!(out.lines().count(), 2);
    assert!(out.lines().all(|l| l.ends_with("[modifier]")));
}

#[test]
fn search_json_is_ranked_with_score_and_field() {
    let out = stdout_of(&["search", "6463", "--json"], 0);
    golden("search-6463.json", &out);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(hits[0]["code"], "64632");
    assert_eq!(hits[0]["field"], "code");
    let scores: Vec<i64> = hits.iter().map(|h| h["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn search_without_a_hit_exits_one_and_says_so_on_standard_error() {
    cptref()
        .args(["search", "zzzzqqq"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("no entry matches `zzzzqqq`\n");
    cptref()
        .args(["search", "kind:warning"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "note: kind: takes caution, erratum or tip",
        ));
    // A kind of note searched for as a word: its label is not in its text,
    // so the filter is offered.
    cptref().args(["search", "errata"]).assert().code(1).stderr(
        "no entry matches `errata`\n\
         note: did you mean `kind:erratum`? run: cptref search kind:erratum\n",
    );
    // And as a filter's value, plural or not.
    for typed in ["kind:errata", "kind:tips", "kind:cautions"] {
        cptref().args(["search", typed]).assert().success();
    }
    // A filter's name misspelt, or one there is not: said, with the one
    // meant when it is near, whether or not the words find something.
    cptref()
        .args(["search", "payor:medicare"])
        .assert()
        .code(1)
        .stderr(
            "no entry matches `payor:medicare`\n\
             note: payor: is not a filter (mod:, payer:, site:, kind:), so it is searched as \
             words; did you mean payer:?\n",
        );
    cptref()
        .args(["search", "place:office"])
        .assert()
        .success()
        .stderr(
            "note: place: is not a filter (mod:, payer:, site:, kind:), so it is searched as \
             words\n",
        );
    // `code:` labels a code, as `CPT:` does.
    cptref()
        .args(["search", "code:64624"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64624  "))
        .stderr("");
    // A payer or site misspelt after its filter is put right to one the
    // content has.
    cptref()
        .args(["search", "payer:anthm"])
        .assert()
        .code(1)
        .stderr(
            "no entry matches `payer:anthm`\n\
             note: did you mean `payer:anthem`? run: cptref search payer:anthem\n",
        );
    cptref()
        .args(["search", "site:ofice"])
        .assert()
        .code(1)
        .stderr(predicate::str::ends_with(
            "note: did you mean `site:office`? run: cptref search site:office\n",
        ));
    // Nor is a web address a filter.
    cptref()
        .args(["search", "https://example.org"])
        .assert()
        .code(1)
        .stderr("no entry matches `https://example.org`\n");
}

#[test]
fn search_for_nothing_or_a_filter_with_no_value_is_an_error() {
    // Punctuation alone is nothing to search for, a dash as a comma.
    for nothing in ["  ", ",", "-", "*"] {
        cptref()
            .args(["search", "--", nothing])
            .assert()
            .code(2)
            .stdout("")
            .stderr("error: nothing to search for; `cptref list` lists every code\n");
    }
    cptref()
        .args(["search", "payer:"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: `payer:` needs a value, as in `payer:medicare`\n");
    // Beside words it is left out, with a note, and the words are searched.
    cptref()
        .args(["search", "mod:", "genicular"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("64454  "))
        .stdout(predicate::str::contains("[modifier]").not())
        .stderr("note: `mod:` needs a value, as in `mod:50`; it was left out\n");
}

#[test]
fn a_folder_with_no_content_files_is_an_error_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "not content").unwrap();
    let folder = dir.path().to_str().unwrap();
    let said = format!("error: no content files (.toml or .txt) in {folder}\n");
    for args in [
        vec!["list"],
        vec!["search", "knee"],
        vec!["show", "64624"],
        vec!["train", "--json"],
    ] {
        cptref()
            .arg("--content")
            .arg(folder)
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(said.clone());
    }
    // `check` says so with exit 1, and prints no JSON saying nothing is
    // wrong.
    for json in [false, true] {
        cptref()
            .args(["check", folder])
            .args(json.then_some("--json"))
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::ends_with(said.clone()));
    }
}

#[test]
fn check_of_the_builtin_set_is_clean() {
    cptref()
        .arg("check")
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains(
            "5 entries loaded from 5 files; 0 findings",
        ));
}

#[test]
fn check_reports_every_problem_with_its_place() {
    let out = stdout_of(&["check", BROKEN], 1);
    golden("check-broken.txt", &out);
    for expected in [
        "10002.toml:4:17: unclosed array",
        "10003.toml:3:1: unknown field `sumary`",
        "10004.toml:12:8: modifier `11` does not exist: 11 is place of service 11 (an office)",
        "duplicate.toml:1:8: code `10001` is already defined",
    ] {
        assert!(out.contains(expected), "{expected} missing from:\n{out}");
    }
}

#[test]
fn check_json_lists_findings_with_kind_and_place() {
    let out = stdout_of(&["check", BROKEN, "--json"], 1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(findings.len(), 9);
    let unknown = findings
        .iter()
        .find(|f| f["kind"] == "unknown_modifier")
        .unwrap();
    assert_eq!(unknown["line"], 12);
    assert_eq!(unknown["column"], 8);
}

#[test]
fn good_files_still_load_beside_broken_ones() {
    let output = cptref()
        .args(["--content", BROKEN, "list"])
        .output()
        .unwrap();
    // Listed, and the files left out said by the exit status as well as
    // on standard error.
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "10001  Sample procedure – left or right knee\n\
         10004  Problems the audit finds\n\
         1000X  A code of the wrong shape\n"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("warning: 9 problems in the content (3 files not loaded); run `cptref check")
    );
    // Nothing found stays 1; content with problems but no file left out
    // is 0 (the built-in set has none).
    cptref()
        .args(["--content", BROKEN, "search", "zzqx"])
        .assert()
        .code(1);
}

/// An emoji is something typed to find, not punctuation to drop: nothing
/// has it, so nothing matches (1), rather than nothing to search for (2).
#[test]
fn an_emoji_searched_for_matches_nothing() {
    cptref()
        .args(["search", "\u{1f9b5}"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no entry matches `\u{1f9b5}`"));
    cptref().args(["search", "-"]).assert().code(2);
}

/// An entry without a title is listed, searched and shown with words that
/// say so, not a blank after its code.
#[test]
fn an_entry_without_a_title_says_so_where_its_title_would_be() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string("content/64454.toml").unwrap();
    let text: String = text
        .lines()
        .filter(|line| !line.starts_with("title = "))
        .map(|line| format!("{line}\n"))
        .collect();
    fs::write(dir.path().join("64454.toml"), text).unwrap();
    let on_folder = || {
        let mut command = cptref();
        command.arg("--content").arg(dir.path());
        command
    };
    let listed = on_folder().arg("list").output().unwrap();
    assert_eq!(
        String::from_utf8(listed.stdout).unwrap(),
        "64454  (title missing from the content file)\n"
    );
    let shown = show_in(dir.path(), "64454");
    assert!(
        String::from_utf8(shown.stdout)
            .unwrap()
            .starts_with("64454  (title missing from the content file)\n"),
    );
    // The words stand in for it; they are not the entry's to be found by.
    on_folder()
        .args(["search", "title missing"])
        .assert()
        .code(1);
}

/// The `check` command suggested for a folder whose name starts with `-`
/// runs as pasted: `./-dash`, not an option.
#[test]
fn the_check_suggested_for_a_folder_named_like_an_option_runs() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("-dash");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("bad.toml"), "x =").unwrap();
    let output = cptref()
        .current_dir(dir.path())
        .args(["--content=-dash", "list"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("run `cptref check ./-dash` for details"),
        "{stderr}"
    );
    cptref()
        .current_dir(dir.path())
        .args(["check", "./-dash"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("bad.toml"));
}

/// A content name that is no file is counted apart from the files read:
/// more files "not loaded" than were read would make no sense.
#[test]
fn names_that_are_no_file_are_counted_apart_from_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy("content/64624.toml", dir.path().join("64624.toml")).unwrap();
    fs::write(dir.path().join("bad.toml"), "x =").unwrap();
    fs::create_dir(dir.path().join("folder.toml")).unwrap();
    std::os::unix::fs::symlink("nowhere.toml", dir.path().join("gone.toml")).unwrap();
    let output = cptref().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.ends_with(
            "1 entry loaded from 2 files (1 file not loaded; 2 content names that are not \
             files); 3 findings\n"
        ),
        "{said}"
    );
}

/// A reader that stops reading (`cptref check | head -1`) does not change
/// what the work earned: problems found are still exit 1, files left out
/// still exit 3, and a clean run 0.
#[test]
fn a_closed_pipe_keeps_the_exit_status() {
    let status_with_pipe_closed = |args: &[&str]| {
        let mut child = common::cptref_process()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        child.wait().unwrap().code()
    };
    assert_eq!(status_with_pipe_closed(&["check", BROKEN]), Some(1));
    assert_eq!(
        status_with_pipe_closed(&["--content", BROKEN, "list"]),
        Some(3)
    );
    assert_eq!(
        status_with_pipe_closed(&["--content", BROKEN, "show", "10001"]),
        Some(3)
    );
    assert_eq!(status_with_pipe_closed(&["list"]), Some(0));
}

#[test]
fn the_environment_variable_picks_the_folder() {
    cptref()
        .env("CPTREF_CONTENT", BROKEN)
        .args(["show", "10001"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("Sample procedure"));
}

#[test]
fn an_empty_content_variable_means_the_built_in_set() {
    // Spaces or invisible marks alone too, as `content = " "` in the
    // configuration.
    for empty in ["", " ", " \t", "\u{200b}"] {
        let output = cptref()
            .env("CPTREF_CONTENT", empty)
            .arg("list")
            .output()
            .unwrap();
        assert!(output.status.success(), "{empty:?}: {output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 5);
    }
    // Named on the command line, it is a folder that is not there, and
    // its name is quoted so that the spaces show.
    cptref()
        .args(["--content", " ", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: cannot read content folder ` `: ",
        ));
}

#[test]
fn a_missing_folder_is_an_error() {
    // As the README's table of exit codes says: 2, for `check` too.
    for args in [
        &["--content", "tests/fixtures/no-such-folder", "list"][..],
        &["check", "tests/fixtures/no-such-folder"][..],
    ] {
        cptref()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "error: cannot read content folder tests/fixtures/no-such-folder",
            ));
    }
}

#[test]
fn help_says_what_the_tool_is() {
    cptref()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("opens the full-screen browser"));
}

#[test]
fn help_asked_of_help_is_help() {
    // clap took the flag after `help` for the name of a command.
    for args in [&["help", "--help"][..], &["help", "-h"]] {
        cptref()
            .args(args)
            .assert()
            .success()
            .stdout(predicate::str::contains("opens the full-screen browser"));
    }
    cptref()
        .args(["help", "show", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: cptref show"));
    // A command that is none is still named as the slip.
    cptref()
        .args(["help", "shwo", "--help"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unrecognized subcommand 'shwo'"));
}

/// Output that could not be written is a failure, whatever was asked for.
#[test]
#[cfg(target_os = "linux")]
fn output_to_a_full_device_is_an_error() {
    for args in [
        &["--help"][..],
        &["--version"],
        &["list"],
        &["show", "64624"],
    ] {
        let ran = common::cptref_process()
            .args(args)
            .stdout(fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(ran.status.code(), Some(2), "{args:?}");
        let said = String::from_utf8_lossy(&ran.stderr);
        assert!(said.contains("No space left on device"), "{args:?}: {said}");
    }
}

/// A warning that cannot be written changes nothing: the exit status is
/// the one the work earned.
#[test]
#[cfg(target_os = "linux")]
fn messages_to_a_full_device_keep_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy("content/64624.toml", dir.path().join("64624.toml")).unwrap();
    fs::write(dir.path().join("99999.toml"), "code = \n").unwrap();
    let ran = common::cptref_process()
        .args(["--no-cache", "list", "--content"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&ran.stdout).starts_with("64624  "));
}

#[test]
fn usage_errors_exit_two() {
    cptref().args(["frobnicate"]).assert().code(2);
    cptref().args(["search"]).assert().code(2);
    // A width that would allocate without end, and a limit that would
    // print nothing and say nothing was found, are refused up front.
    cptref()
        .args(["show", "64454", "--width", "18446744073709551615"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--width"));
    cptref()
        .args(["show", "64454", "--width", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("30..=1000"));
    cptref()
        .args(["search", "--limit", "0", "knee"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--limit"));
}

#[test]
fn check_of_a_folder_with_no_content_files_fails() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.md"), "not content").unwrap();
    // The error alone: no count of nothing loaded from nothing before it.
    cptref()
        .args(["check", dir.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(format!(
            "error: no content files (.toml or .txt) in {}\n",
            dir.path().display()
        ));
    // An upper-case extension is a content file all the same.
    fs::copy("content/64454.toml", dir.path().join("64454.TOML")).unwrap();
    cptref()
        .args(["check", dir.path().to_str().unwrap()])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "1 entry loaded from 1 file; 0 findings",
        ));
}

/// A folder holding one entry, 10001, whose title and summary are the TOML
/// string bodies given (escapes and all).
fn one_entry_folder(title: &str, summary: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("10001.toml"),
        format!(
            "code = \"10001\"\ntitle = \"{title}\"\nsummary = \"{summary}\"\n\
             [billing]\noverview = \"x\"\n[clinical]\nscenario = \"x\"\n"
        ),
    )
    .unwrap();
    dir
}

#[test]
fn a_line_break_in_a_title_cannot_forge_a_row() {
    let dir = one_entry_folder(r"First line\n99999  Fake entry", "x");
    let folder = dir.path().to_str().unwrap();
    for args in [vec!["list"], vec!["search", "first"]] {
        let output = cptref()
            .arg("--content")
            .arg(folder)
            .args(&args)
            .output()
            .unwrap();
        let out = String::from_utf8(output.stdout).unwrap();
        assert_eq!(out.lines().count(), 1, "{args:?}: {out:?}");
        assert!(
            out.starts_with("10001  First line 99999  Fake entry"),
            "{out:?}"
        );
    }
}

#[test]
fn control_characters_in_content_never_reach_the_terminal() {
    let dir = one_entry_folder(r"Evil \u001b[2J title", r"\u0007");
    let output = cptref()
        .args(["--content", dir.path().to_str().unwrap(), "show", "10001"])
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("Evil ␛[2J title"));
}

#[test]
fn train_without_a_terminal_still_checks_its_codes_first() {
    // An unknown code: exit 1, with the nearest codes, terminal or not.
    let output = cptref().args(["train", "64625"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nearest: 64624"), "{stderr}");
    // The start of one: the codes it starts.
    let output = cptref().args(["train", "6462"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("it starts 64624"), "{stderr}");
    // A known code needs the terminal the test does not give it.
    let output = cptref().args(["train", "64624"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("needs a terminal"));
}

/// `cptref show CODE` over the folder `dir`, read afresh.
fn show_in(dir: &std::path::Path, code: &str) -> std::process::Output {
    cptref()
        .args(["--no-cache", "--content"])
        .arg(dir)
        .args(["show", code])
        .output()
        .unwrap()
}

#[test]
fn show_of_a_code_whose_file_did_not_load_points_at_that_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("knee-block.toml"),
        "code = \"64454\"\ntitle = \"unclosed\nsummary = \"s\"\n",
    )
    .unwrap();
    let output = show_in(dir.path(), "64454");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no entry for code `64454`"), "{stderr}");
    assert!(
        stderr.contains("knee-block.toml:2:")
            && stderr.contains("(this file mentions 64454 and did not load)"),
        "{stderr}"
    );
    // A file named for the code that lacks its `code` key is named too.
    std::fs::remove_file(dir.path().join("knee-block.toml")).unwrap();
    std::fs::write(dir.path().join("64454.toml"), "title = \"Knee block\"\n").unwrap();
    let output = show_in(dir.path(), "64454");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("64454.toml:1:1: missing required key `code`"),
        "{stderr}"
    );
    // A code inside a longer one is not named by the file: 6445 is not.
    let output = show_in(dir.path(), "6445");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("and did not load"), "{stderr}");
    // An empty file is said to be, once, and named after the code.
    std::fs::write(dir.path().join("64454.toml"), "# to do\n\n").unwrap();
    let output = show_in(dir.path(), "64454");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "64454.toml:1:1: the file is empty: an entry needs `code`, `title`, `summary`, \
             `overview` in [billing] and `scenario` in [clinical] (this file is named after \
             64454 and did not load)"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("64454.toml").count(), 1, "{stderr}");
}

#[test]
fn a_copy_left_with_another_code_does_not_hide_the_file_named_after_it() {
    let dir = tempfile::tempdir().unwrap();
    for code in ["64624", "64633"] {
        fs::copy(
            format!("content/{code}.toml"),
            dir.path().join(format!("{code}.toml")),
        )
        .unwrap();
    }
    // 00000.toml and 64624.toml both hold 64633; 64633.toml is the real one.
    let copy = fs::read_to_string("content/64624.toml").unwrap().replacen(
        "code = \"64624\"",
        "code = \"64633\"",
        1,
    );
    fs::write(dir.path().join("00000.toml"), &copy).unwrap();
    fs::write(dir.path().join("64624.toml"), &copy).unwrap();
    let shown = show_in(dir.path(), "64633");
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.starts_with("64633  Facet nerve ablation"), "{shown}");
    // Each copy names the file that holds the code, not another copy.
    let checked = cptref().arg("check").arg(dir.path()).output().unwrap();
    let said = String::from_utf8(checked.stdout).unwrap();
    let holder = format!(
        "is already defined in {}",
        dir.path().join("64633.toml").display()
    );
    assert_eq!(said.matches(&holder).count(), 2, "{said}");
    // The copies are the problems, and 64624's own file says why it is missing.
    let output = show_in(dir.path(), "64624");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("64624.toml:1:8: code `64633` is already defined in")
            && stderr.contains(
                "64633.toml; this file is not loaded (this file is named after 64624 and did not load)"
            ),
        "{stderr}"
    );
}

#[test]
fn a_file_left_out_that_only_mentions_the_code_is_not_given_as_its_entry() {
    // dup.toml is a second 64640, which mentions 64632; 64632's own file
    // is missing, and dup.toml is no reason for that.
    let dir = tempfile::tempdir().unwrap();
    for code in ["64624", "64640"] {
        fs::copy(
            format!("content/{code}.toml"),
            dir.path().join(format!("{code}.toml")),
        )
        .unwrap();
    }
    fs::copy("content/64640.toml", dir.path().join("dup.toml")).unwrap();
    let output = show_in(dir.path(), "64632");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no entry for code `64632`"), "{stderr}");
    assert!(!stderr.contains("dup.toml"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_content_file_name_that_is_not_a_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy("content/64624.toml", dir.path().join("64624.toml")).unwrap();
    std::os::unix::fs::symlink("/nowhere/at/all", dir.path().join("99991.toml")).unwrap();
    fs::create_dir(dir.path().join("99990.toml")).unwrap();
    let checked = cptref().args(["check"]).arg(dir.path()).output().unwrap();
    assert_eq!(checked.status.code(), Some(1));
    let said = String::from_utf8(checked.stdout).unwrap();
    assert!(
        said.contains("99990.toml: not a file but a folder, so not loaded")
            && said.contains(
                "99991.toml: not a file but a link to nothing (or to itself), so not loaded"
            ),
        "{said}"
    );
    // And a code named after one says why it is missing.
    let shown = show_in(dir.path(), "99991");
    let stderr = String::from_utf8_lossy(&shown.stderr);
    assert!(
        stderr.contains("(this file is named after 99991 and did not load)"),
        "{stderr}"
    );
    // A pipe or a device under a content name is never read: looking for
    // a missing code's mention must not wait on it, or read without end.
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.path().join("44444.toml"))
        .status()
        .unwrap();
    assert!(fifo.success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("66666.toml")).unwrap();
    cptref()
        .arg("--content")
        .arg(dir.path())
        .args(["show", "12345"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no entry for code `12345`"));
}

#[test]
fn a_code_written_in_small_letters_is_reported_and_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string("content/64624.toml").unwrap().replacen(
        "code = \"64624\"",
        "code = \"1234f\"",
        1,
    );
    fs::write(dir.path().join("64624.toml"), text).unwrap();
    let checked = cptref().args(["check"]).arg(dir.path()).output().unwrap();
    let said = String::from_utf8(checked.stdout).unwrap();
    assert!(
        said.contains("code `1234f` is read as `1234F`: write it so"),
        "{said}"
    );
    for typed in ["1234f", "1234F"] {
        let shown = show_in(dir.path(), typed);
        assert_eq!(shown.status.code(), Some(0), "{typed}");
        assert!(
            String::from_utf8(shown.stdout)
                .unwrap()
                .starts_with("1234F  ")
        );
    }
    // A related code in small letters links to it too.
    let text = fs::read_to_string("content/64633.toml").unwrap().replacen(
        "code = \"64634\"",
        "code = \"1234f\"",
        1,
    );
    fs::write(dir.path().join("64633.toml"), text).unwrap();
    let content = cptref::loader::load(&cptref::loader::ContentSource::Folder(
        dir.path().to_owned(),
    ))
    .unwrap();
    let related = &content.get("64633").unwrap().entry().related;
    assert!(related.iter().any(|r| r.code == "1234F"), "{related:?}");
}

#[test]
fn a_narrow_show_lists_the_modifiers_rather_than_break_words() {
    let out = stdout_of(&["show", "64624", "--width", "30"], 0);
    assert!(out.lines().all(|l| columns(l) <= 30), "{out}");
    assert!(out.contains("\n  RT Right side\n"), "{out}");
    assert!(
        !out.contains("Descript"),
        "no table header to break:\n{out}"
    );
}

#[test]
fn the_configuration_file_sets_the_content_folder_and_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let entries = dir.path().join("entries");
    std::fs::create_dir(&entries).unwrap();
    std::fs::copy("content/64632.toml", entries.join("64632.toml")).unwrap();
    let config = dir.path().join("config.toml");
    // A folder named relative to the configuration file.
    std::fs::write(
        &config,
        "content = \"entries\"\n\n[keys.list]\nc = \"copy_code\"\n",
    )
    .unwrap();
    let listed = cptref()
        .env("CPTREF_CONFIG", &config)
        .arg("list")
        .output()
        .unwrap();
    assert!(listed.status.success());
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with("64632"));
    // --content still wins.
    let builtin = cptref()
        .env("CPTREF_CONFIG", &config)
        .args(["--content", "content", "list"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&builtin.stdout).lines().count(), 5);
    // A folder with no content file, for check too, says where it was set.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::write(&config, "content = \"empty\"\n").unwrap();
    cptref()
        .env("CPTREF_CONFIG", &config)
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::ends_with(format!(
            "empty (the folder `content` names in {})\n",
            config.display()
        )));
    // A folder that is not there says where it was set.
    std::fs::write(&config, "content = \"gone\"\n").unwrap();
    cptref()
        .env("CPTREF_CONFIG", &config)
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "gone: No such file or directory (os error 2) (the folder `content` names in {})",
            config.display()
        )));

    // A mistake is an error with its place, and nothing runs.
    for (text, said) in [
        (
            "[keys.list]\nc = \"copy_code\"\nx = \"kopy\"\n",
            "config.toml:3:5: `x` in [keys.list]",
        ),
        (
            "[keys.detail]\n\"Ctl-y\" = \"copy_code\"\n",
            "config.toml:2:1: unknown key `Ctl-y`",
        ),
        (
            "[keys.search]\nx = \"quit\"\n",
            "config.toml:2:1: `x` in [keys.search] could no longer be typed into the search box",
        ),
        (
            "[keys.detail]\n\"Alt-5\" = { jump_to_section = 0 }\n",
            // At the number, which is what to change.
            "config.toml:2:31: `Alt-5` in [keys.detail]: jump_to_section takes a section from 1 to 9, not 0",
        ),
        (
            "[keys.trainer]\nf = \"quit\"\n",
            "config.toml:2:1: `f` in [keys.trainer] could no longer be typed in an answer",
        ),
        // An action bound where it does nothing.
        (
            "[keys.list]\nx = \"reveal\"\n",
            "config.toml:2:1: `x` in [keys.list]: reveal does nothing there; it works in \
             [keys.trainer] or [keys.global]",
        ),
        (
            "[keys.search]\n\"Ctrl-x\" = \"next_step\"\n",
            "config.toml:2:1: `Ctrl-x` in [keys.search]: next_step does nothing there",
        ),
        // A key or a table given twice is named.
        (
            "[keys.list]\nc = \"quit\"\nc = \"copy_code\"\n",
            "config.toml:3:1: duplicate key `c`: it is given twice",
        ),
        (
            "[keys.list]\nc = \"quit\"\n[keys.list]\nd = \"quit\"\n",
            "config.toml:3:7: duplicate table `[keys.list]`: it is given twice; put its keys \
             under one",
        ),
        (
            "[keys.help]\n\"Ctrl-x\" = \"reveal\"\n",
            "config.toml:2:1: `Ctrl-x` in [keys.help]: reveal does nothing there; the trainer's \
             actions wait while it is open",
        ),
        (
            "[keys.findings]\n\"Ctrl-o\" = \"submit_answer\"\n",
            "config.toml:2:1: `Ctrl-o` in [keys.findings]: submit_answer does nothing there",
        ),
        (
            "[keys.trainer]\n\"Alt-x\" = { jump_to_section = 3 }\n",
            "config.toml:2:1: `Alt-x` in [keys.trainer]: jump_to_section does nothing there; \
             the trainer has no use for it",
        ),
        // A misspelt action is named with the one meant.
        (
            "[keys.list]\nc = \"copy_cod\"\n",
            "config.toml:2:5: `c` in [keys.list]: no action `copy_cod`; did you mean `copy_code`?",
        ),
        (
            "[keys.list]\nq = \"unboud\"\n",
            "config.toml:2:5: `q` in [keys.list]: no action `unboud`; did you mean `unbound`?",
        ),
        (
            "[keys.detail]\n\"Alt-5\" = { jump_to_section = \"5\" }\n",
            "`Alt-5` in [keys.detail]: jump_to_section takes a section's number, a whole \
             number from 1 to 9 without quotes, as in { jump_to_section = 4 }",
        ),
        // In an inline table, at the key itself, not at the table's name.
        (
            "[keys]\nlist = { c = \"copy_code\", x = \"reveal\" }\n",
            "config.toml:2:27: `x` in [keys.list]: reveal does nothing there",
        ),
        (
            "[keys]\ndetail = { \"Ctl-y\" = \"copy_code\" }\n",
            "config.toml:2:12: unknown key `Ctl-y`",
        ),
    ] {
        std::fs::write(&config, text).unwrap();
        let output = cptref()
            .env("CPTREF_CONFIG", &config)
            .arg("list")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(said), "{stderr}");
    }
}

#[test]
fn a_configuration_that_is_no_file_or_never_ends_is_refused_not_waited_on() {
    // /dev/null is no configuration, as the tests use it.
    cptref()
        .env("CPTREF_CONFIG", "/dev/null")
        .arg("list")
        .assert()
        .success();
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("config.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    cptref()
        .env("CPTREF_CONFIG", &pipe)
        .arg("list")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(format!(
            "error: {}: cannot read it: it is not a file\n",
            pipe.display()
        ));
    cptref()
        .env("CPTREF_CONFIG", "/dev/zero")
        .arg("list")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(
            "error: /dev/zero: a configuration file is limited to 2097152 bytes; this one is \
             larger\n",
        );
}

#[test]
fn the_readme_configuration_example_loads_and_its_action_list_is_whole() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let from = readme.find("**The configuration file**").unwrap();
    let block = &readme[from..];
    let start = block.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &block[start..start + block[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, example).unwrap();
    let config = cptref::config::load(&path).unwrap();
    assert!(cptref::tui::keymap::Keymap::configured(&config.keys).is_ok());
    // The README's list of actions names every action a key can do, and
    // nothing else.
    let from = block.find("Actions: ").unwrap();
    let actions = &block[from..from + block[from..].find("The help overlay").unwrap()];
    for name in actions.split('`').skip(1).step_by(2) {
        if name.contains(' ') || name == "jump_to_section" {
            continue;
        }
        let parsed: Result<cptref::tui::action::Action, _> =
            serde_json::from_str(&format!("\"{name}\""));
        assert!(parsed.is_ok(), "`{name}` in the README is no action");
    }
    let keymap = cptref::tui::keymap::Keymap::default();
    for context in [
        cptref::tui::keymap::Context::Search,
        cptref::tui::keymap::Context::List,
        cptref::tui::keymap::Context::Detail,
        cptref::tui::keymap::Context::Help,
        cptref::tui::keymap::Context::Findings,
        cptref::tui::keymap::Context::Trainer,
        cptref::tui::keymap::Context::Global,
    ] {
        for action in keymap.actions_in(context) {
            let name = serde_json::to_value(&action).unwrap();
            let name = match &name {
                serde_json::Value::String(name) => name.clone(),
                other => other.as_object().unwrap().keys().next().unwrap().clone(),
            };
            assert!(
                actions.contains(&format!("`{name}`")),
                "{name} is not in the README"
            );
        }
    }
}

#[test]
fn show_names_an_unreadable_file_called_after_the_code() {
    let dir = tempfile::tempdir().unwrap();
    // Latin-1, not UTF-8: the file cannot be read as text.
    std::fs::write(
        dir.path().join("64624.toml"),
        b"code = \"64624\"\ntitle = \"caf\xe9\"\n",
    )
    .unwrap();
    let output = show_in(dir.path(), "64624");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("64624.toml:2:") && stderr.contains("did not load"),
        "{stderr}"
    );
}

#[test]
fn a_modifier_no_table_lists_is_said_to_be_one() {
    // What TC finds is only what mentions it, or looks like it.
    cptref()
        .args(["search", "tc"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "note: TC is a modifier (only the technical part",
        ))
        .stderr(predicate::str::ends_with(
            "; no entry's modifier table lists it\n",
        ));
    // One some table lists says nothing more.
    cptref()
        .args(["search", "50"])
        .assert()
        .success()
        .stderr("");
    // As `mod:` looks for it, after the line that nothing matched; a code
    // that is no modifier says what it is.
    cptref()
        .args(["search", "mod:TC"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "no entry matches `mod:TC`\nnote: TC is a modifier (only the technical part",
        ));
    cptref().args(["search", "mod:19"]).assert().code(1).stderr(
        "no entry matches `mod:19`\nnote: 19 is not a modifier: it is place of service 19 \
             (a hospital outpatient department)\n",
    );
}

#[test]
fn a_modifier_behind_codes_its_digits_start_is_pointed_to() {
    // 50590 ranks before 64624, whose table lists 50: the modifier a coder
    // may have meant is named, with the filter that finds it alone.
    let dir = tempfile::tempdir().unwrap();
    fs::copy("content/64624.toml", dir.path().join("64624.toml")).unwrap();
    fs::write(
        dir.path().join("50590.toml"),
        "code = \"50590\"\ntitle = \"Kidney stone treatment\"\nsummary = \"x\"\n\
         [billing]\noverview = \"x\"\n[clinical]\nscenario = \"x\"\n",
    )
    .unwrap();
    let search = |query: &str| {
        let output = cptref()
            .arg("--content")
            .arg(dir.path())
            .args(["search", query])
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (found, said) = search("50");
    assert!(found.starts_with("50590  "), "{found}");
    assert!(found.contains("64624  "), "{found}");
    assert!(
        said.starts_with("note: 50 is also a modifier (the same procedure was done on both sides")
            && said.ends_with("): mod:50 lists only the entries whose table has it\n"),
        "{said}"
    );
    // With the modifier first, or no code it starts, nothing to point to.
    assert_eq!(search("mod:50").1, "");
    assert_eq!(search("RT").1, "");
    // Beside another word, where the code the digits start comes first.
    let (found, said) = search("50 kidney");
    assert!(found.starts_with("50590  "), "{found}");
    assert!(
        said.starts_with("note: 50 is also a modifier (")
            && said.ends_with("): mod:50 in its place lists only the entries whose table has it\n"),
        "{said}"
    );
    assert_eq!(search("50 knee").1, "");
    assert!(!search("mod:50 kidney").1.contains("also a modifier"));
}

#[test]
fn a_place_of_service_searched_or_shown_by_number_is_said_to_be_one() {
    // The entries listed name POS 24 as a site of service.
    cptref()
        .args(["search", "24"])
        .assert()
        .success()
        .stdout(predicate::str::contains("64624  "))
        .stderr("note: 24 is place of service 24 (an ambulatory surgical center)\n");
    cptref().args(["show", "24"]).assert().code(1).stderr(
        "error: `24` is place of service 24 (an ambulatory surgical center), not a procedure \
         code, and no modifier cptref knows; to find the entries that mention it, run: cptref \
         search 24\n",
    );
    // Below 22, no modifier at all.
    cptref()
        .args(["show", "19"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: `19` is place of service 19 (a hospital outpatient department), neither a \
             procedure code nor a modifier;",
        ));
    // 22 is a modifier first.
    cptref()
        .args(["show", "22"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            ") and also place of service 22 (a hospital outpatient department); to find the \
             entries that list it, run: cptref search mod:22\n",
        ));
}

#[test]
fn rfa_finds_the_genicular_ablation_before_the_block() {
    // RFA is written out in 64624's text: the ablation, not the block
    // that only names it as the next step, comes first.
    let found = cptref()
        .args(["search", "genicular", "rfa"])
        .output()
        .unwrap();
    let found = String::from_utf8(found.stdout).unwrap();
    assert!(found.starts_with("64624  "), "{found}");
}

#[test]
fn si_is_the_sacroiliac_joint_not_the_start_of_single() {
    let codes = |query: &str| -> Vec<String> {
        let found = cptref().args(["search", query]).output().unwrap();
        String::from_utf8(found.stdout)
            .unwrap()
            .lines()
            .map(|line| line[..5].to_owned())
            .collect()
    };
    // 64640 names the sacroiliac joint among the nerves it is not for;
    // 64633, a single facet joint, no longer comes first.
    assert_eq!(codes("si joint"), ["64640", "64624"]);
    assert_eq!(codes("SI"), codes("sacroiliac"));
    // A longer word is searched as ever.
    assert_eq!(codes("single")[0], "64633");
}

#[test]
fn a_search_that_finds_nothing_offers_the_words_meant() {
    cptref()
        .args(["search", "genicular", "abalation"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "no entry matches `genicular abalation`\n\
             note: did you mean `genicular ablation`? run: cptref search 'genicular ablation'\n",
        );
    // One letter from a title's word and from a note's: the title's,
    // which is what a coder looks a code up by ("facts" starts as `facte`
    // does for longer).
    cptref().args(["search", "facte"]).assert().code(1).stderr(
        "no entry matches `facte`\n\
             note: did you mean `facet`? run: cptref search facet\n",
    );
    cptref()
        .args(["search", "zzqx"])
        .assert()
        .code(1)
        .stderr("no entry matches `zzqx`\n");
}

#[test]
fn show_of_words_points_to_search_instead_of_nearest_codes() {
    cptref()
        .args(["show", "genicular"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "error: `genicular` is not a code; to look for it in the text, run: \
             cptref search genicular\n",
        );
    // Misspelt, the search to run is for the words put right.
    cptref()
        .args(["show", "genicluar"])
        .assert()
        .code(1)
        .stderr(
            "error: `genicluar` is not a code; did you mean `genicular`? run: \
             cptref search genicular\n",
        );
    // `train` speaks of words as they were given too, not as codes.
    cptref()
        .args(["train", "Genicular nerve"])
        .assert()
        .code(1)
        .stderr(
            "error: `Genicular nerve` is not a code; to look for it in the text, run: \
             cptref search 'Genicular nerve'\n",
        );
    // Quoted for the shell when it is more than letters and digits, so
    // that it can be pasted as it is; after `--` when it starts with a dash.
    for (words, suggested) in [
        ("morton's neuroma", "cptref search 'morton'\\''s neuroma'"),
        ("x;touch>file", "cptref search 'x;touch>file'"),
        ("`id`", "cptref search '`id`'"),
        ("$HOME", "cptref search '$HOME'"),
        ("-genicular", "cptref search -- -genicular"),
    ] {
        cptref()
            .args(["show", "--", words])
            .assert()
            .code(1)
            .stderr(predicate::str::ends_with(format!("run: {suggested}\n")));
    }
    // With the same content folder.
    cptref()
        .args(["--content", "content", "show", "clinic"])
        .assert()
        .code(1)
        .stderr(predicate::str::ends_with(
            "run: cptref search --content content clinic\n",
        ));
    // The start of a code: the codes it starts are named, as the search
    // box would list them.
    cptref().args(["show", "6463"]).assert().code(1).stderr(
        "error: `6463` is the start of a code, not a whole one (codes have five \
             characters): it starts 64632, 64633; to list them, run: cptref search '6463*'\n",
    );
    cptref()
        .args(["show", "646"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "it starts 64624, 64632, 64633 and 1 more; to list them",
        ));
    // `train` takes the prefix itself, and is pointed to it.
    cptref().args(["train", "6462"]).assert().code(1).stderr(
        "error: `6462` is the start of a code, not a whole one (codes have five \
             characters): it starts 64624; to train on it, run: cptref train '6462*'\n",
    );
    // Written as a prefix, or one or two digits (two are not taken for a
    // modifier cptref lacks where they start codes): the same.
    for start in ["6463*", "6463**", "6", "64"] {
        cptref()
            .args(["show", start])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "is the start of a code, not a whole one",
            ));
    }
    // A range is several codes, which search lists: a usage mistake, as
    // two codes are.
    for range in ["64630-64640", "64630 - 64640", "64630–64640"] {
        cptref().args(["show", range]).assert().code(2).stderr(
            "error: `64630-64640` is a range of codes; show takes one; to list them, run: \
             cptref search 64630-64640\n",
        );
    }
    // Written another way, as search says: with the dash it takes.
    for range in ["64630..64640", "64630 to 64640"] {
        cptref()
            .args(["show", range])
            .assert()
            .code(2)
            .stderr(format!(
                "error: `{range}` is a range of codes (with a dash: 64630-64640); show takes one; \
             to list them, run: cptref search 64630-64640\n"
            ));
        cptref()
            .args(["train", range])
            .assert()
            .code(2)
            .stderr(format!(
                "error: `{range}` is a range of codes written another way; join them with a dash: \
             cptref train 64630-64640\n"
            ));
    }
    // Digits that start none and share no start with any code here: the
    // range the set covers is said, not codes near only in number.
    for code in ["9999", "99213"] {
        cptref()
            .args(["show", code])
            .assert()
            .code(1)
            .stderr(format!(
                "error: no entry for code `{code}`; no code here is near it (the codes run from \
             64454 to 64640)\n"
            ));
    }
    // One of the same range is offered its neighbours.
    cptref()
        .args(["show", "64999"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: no entry for code `64999`; nearest: 64640, 64633, 64632\n",
        ));
}

#[test]
fn search_for_a_code_with_no_entry_says_the_list_only_mentions_it() {
    // 64625 has no entry; 64640 and 64624 mention it.
    cptref()
        .args(["search", "64625"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64640  "))
        .stderr("note: no entry has the code 64625; the entries listed mention it\n");
    // Each named once, as a pasted list may repeat one.
    cptref()
        .args(["search", "64634 64635 64634"])
        .assert()
        .success()
        .stderr("note: no entry has the code 64634, 64635; the entries listed mention it\n");
    // A code that has an entry, or a code's start, gets no note.
    cptref()
        .args(["search", "64624"])
        .assert()
        .success()
        .stderr("");
    cptref()
        .args(["search", "6462"])
        .assert()
        .success()
        .stderr("");
    // One whose file did not load: named, as `show` names it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("content/64624.toml", dir.path().join("64624.toml")).unwrap();
    std::fs::copy("content/64624.toml", dir.path().join("99990.toml")).unwrap();
    let output = cptref()
        .arg("--content")
        .arg(dir.path())
        .args(["search", "99990"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no entry matches `99990`\n")
            && stderr.contains("99990.toml:1:8: code `64624` is already defined in")
            && stderr.ends_with("(this file is named after 99990 and did not load)\n"),
        "{stderr}"
    );
}

#[test]
fn a_folder_whose_only_content_name_is_a_link_to_nothing_says_so() {
    cptref()
        .args(["--content", "tests/fixtures/link-to-nothing", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: no content files (.toml or .txt) in tests/fixtures/link-to-nothing\n\
             note: tests/fixtures/link-to-nothing/later.toml: not a file but a link to nothing",
        ));
}

#[test]
fn show_of_a_code_with_modifiers_shows_the_code_and_names_them() {
    for written in ["64624-RT", "64624 rt", "64624-50-RT"] {
        cptref()
            .args(["show", written])
            .assert()
            .success()
            .stdout(predicate::str::starts_with("64624  "))
            .stderr(predicate::str::starts_with("note: showing 64624; "));
    }
    cptref().args(["show", "64624-RT"]).assert().stderr(
        "note: showing 64624; RT is a modifier (right side of the body), in its table on \
             background knowledge only (unconfirmed)\n",
    );
    // A row on a checked source is said to be there too.
    cptref().args(["show", "64633-50"]).assert().stderr(
        "note: showing 64633; 50 is a modifier (the same procedure was done on both sides of \
             the body at the same session), in its modifier table\n",
    );
    // Something after the dash that is no modifier cptref knows: the code,
    // and a word about the rest.
    cptref()
        .args(["show", "64624-99"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64624  "))
        .stderr("note: showing 64624; 99 is not a modifier cptref knows\n");
}

#[test]
fn show_of_a_modifier_or_a_diagnosis_code_says_what_it_is() {
    cptref().args(["show", "50"]).assert().code(1).stderr(
        "error: `50` is a modifier, not a code (the same procedure was done on both sides of \
         the body at the same session); to find the entries that list it, run: cptref search mod:50\n",
    );
    for written in ["M47.812", "M47812"] {
        cptref()
            .args(["show", written])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "is an ICD-10-CM diagnosis code, not a CPT code",
            ));
    }
}

#[test]
fn show_of_a_search_filter_points_to_search() {
    // Not read as a code `MOD:50` that no entry has.
    cptref().args(["show", "mod:50"]).assert().code(2).stderr(
        "error: `mod:50` is a search filter, not a code; to list the entries it finds, \
         run: cptref search mod:50\n",
    );
    cptref()
        .args(["show", "Site:office"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("run: cptref search Site:office"));
    // Without its value, not pointed to a search that would fail.
    cptref()
        .args(["show", "mod:"])
        .assert()
        .code(2)
        .stderr("error: `mod:` is a search filter: `mod:` needs a value, as in `mod:50`\n");
    // `train` says the same of it, with the same status.
    cptref().args(["train", "mod:50"]).assert().code(2).stderr(
        "error: `mod:50` is a search filter, not a code; to list the entries it finds, \
             run: cptref search mod:50\n",
    );
}

#[test]
fn eleven_after_a_code_is_said_to_be_no_modifier_rather_than_read_as_a_range() {
    // Not the range from code 11 up to 64624, which held 64454.
    cptref()
        .args(["search", "64624-11"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64624  "))
        .stdout(predicate::str::contains("[code]").count(1))
        .stderr(
            "note: 11 is not a modifier: it is place of service 11 (an office); \
             it was left out of the search\n",
        );
    cptref()
        .args(["show", "64624-11"])
        .assert()
        .success()
        .stderr(
            "note: showing 64624; 11 is not a modifier: it is place of service 11 (an office)\n",
        );
    // A modifier cptref has no meaning for is still a modifier, not a range
    // back to a code 58.
    cptref()
        .args(["search", "64624-58"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64624  "))
        .stdout(predicate::str::contains("[code]").count(1))
        .stderr("note: 58 is not a modifier cptref knows; 64624 was searched for\n");
    cptref().args(["show", "11"]).assert().code(1).stderr(
        "error: `11` is place of service 11 (an office), neither a procedure code nor a modifier\n",
    );
}

#[test]
fn an_empty_code_to_train_is_a_usage_error_and_long_arguments_are_echoed_cut() {
    cptref()
        .args(["train", ""])
        .assert()
        .code(2)
        .stderr("error: an empty code was given; as in `cptref train 64624`\n");
    let long = "zq".repeat(200);
    cptref()
        .args(["search", &long])
        .assert()
        .code(1)
        .stderr(format!("no entry matches `{}…`\n", &long[..60]));
}

#[test]
fn a_claim_line_is_searched_by_its_code_and_says_when_the_table_lacks_the_modifier() {
    cptref()
        .args(["search", "64640-50"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64640  "))
        .stderr("note: 64640's modifier table does not list 50\n");
    cptref()
        .args(["show", "64632–50"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not in its modifier table"));
    // A diagnosis code no entry lists gets no search that finds nothing.
    cptref().args(["show", "M17.11"]).assert().code(1).stderr(
        "error: `M17.11` is an ICD-10-CM diagnosis code, not a CPT code, and no entry mentions it\n",
    );
    // A letter and four digits is how HCPCS Level II codes are written
    // too: not said to be a diagnosis, unless an entry lists it as one.
    cptref().args(["show", "G0260"]).assert().code(1).stderr(
        "error: `G0260` is not a CPT code: a letter and four digits is an HCPCS Level II code, \
         or an ICD-10-CM diagnosis code written without its dot, and no entry mentions it\n",
    );
    cptref()
        .args(["show", "M47812"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: `M47812` is an ICD-10-CM diagnosis code, not a CPT code;",
        ));
}

#[test]
fn train_takes_a_claim_lines_code() {
    // The code is found (a terminal is what is missing here), where it
    // was reported as no entry.
    cptref()
        .args(["train", "64624-RT"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: trainer mode needs a terminal: standard input, and standard output or \
             standard error",
        ));
}

#[test]
fn a_configuration_that_strands_the_user_or_unbinds_nothing_is_refused_at_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let refused = |text: &str| {
        fs::write(&config, text).unwrap();
        let run = cptref()
            .env("CPTREF_CONFIG", &config)
            .arg("list")
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{text}");
        let said = String::from_utf8(run.stderr).unwrap();
        said.replace(&config.display().to_string(), "FILE")
    };
    assert_eq!(
        refused(
            "[keys.global]\n\"Ctrl-c\" = \"unbound\"\n[keys.trainer]\nq = \"unbound\"\nEsc = \"unbound\"\n"
        ),
        "error: FILE:5:1: no key would leave the trainer for the browser any more; keep Esc bound\n"
    );
    for (part, keys) in [
        ("help", ["Esc", "q", "?", "F1"]),
        ("findings", ["Esc", "q", "!", "F2"]),
    ] {
        let unbound: String = keys
            .iter()
            .map(|k| format!("\"{k}\" = \"unbound\"\n"))
            .collect();
        let said = refused(&format!("[keys.{part}]\n{unbound}"));
        assert!(said.contains("no key would close the"), "{said}");
    }
    assert_eq!(
        refused("[keys.global]\nq = \"unbound\"\n"),
        "error: FILE:2:1: `q` has no binding in [keys.global] to take away; unbind it where it \
         is bound: [keys.list], [keys.detail], [keys.help], [keys.findings], [keys.trainer]\n"
    );
    assert_eq!(
        refused("[keys.detail]\n  \"Alt-1\" = \"jump_to_section\"\n"),
        "error: FILE:2:13: `Alt-1` in [keys.detail]: jump_to_section needs the section's \
         number, as in { jump_to_section = 4 }\n"
    );
    // An unknown key is placed at the key, not at its action.
    assert_eq!(
        refused("[keys.list]\n  \"Ctrl-Hyper-z\" = \"quit\"\n"),
        "error: FILE:2:3: unknown key `Ctrl-Hyper-z`: name a character, or Space, Enter, Esc, \
         Tab, Shift-Tab, Backspace, Delete, Up, Down, Left, Right, PgUp, PgDn, Home, End or \
         F1–F12, with Ctrl-, Alt- or Shift- before it\n"
    );
    // A byte that is not UTF-8 is placed as in a content file.
    fs::write(&config, b"content = \"caf\xe9\"\n").unwrap();
    let run = cptref()
        .env("CPTREF_CONFIG", &config)
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("config.toml:1:15: a byte that is not UTF-8"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Named and not there: said, and the defaults serve.
    cptref()
        .env("CPTREF_CONFIG", dir.path().join("confg.toml"))
        .arg("list")
        .assert()
        .success()
        .stderr(predicate::str::contains("confg.toml, which does not exist"));
}

#[test]
fn show_and_train_take_a_code_as_a_query_reads_it() {
    // Pasted with the punctuation around it, or written as an add-on.
    for written in ["64624,", "(64624)", "64624.", "“64624”", " 64624 "] {
        cptref()
            .args(["show", written])
            .assert()
            .success()
            .stdout(predicate::str::starts_with("64624  Genicular"));
    }
    cptref()
        .args(["show", "+64634"])
        .assert()
        .code(1)
        // Named as read, as `train` names it.
        .stderr(predicate::str::contains(
            "no entry for code `64634`; nearest: 64633",
        ))
        .stderr(predicate::str::contains(
            "listed as related by 64633, 64640",
        ));
    // A claim line written without its dash, as some exports give it.
    cptref()
        .args(["show", "64624RT"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64624  "))
        .stderr(
            "note: showing 64624; RT is a modifier (right side of the body), in its table on \
             background knowledge only (unconfirmed)\n",
        );
    // Two digits glued to a code are not read as a modifier.
    cptref()
        .args(["show", "6462450"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: no entry for code `6462450`",
        ));
    // The trainer checks its codes the same way: the stop after a code in
    // a list is not part of it.
    cptref()
        .args(["train", "99999,", "64624,"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: no entry for code `99999`",
        ));
}

#[test]
fn search_for_an_add_on_as_written_notes_that_no_entry_has_it() {
    let found = cptref().args(["search", "+64634"]).output().unwrap();
    assert_eq!(found.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(found.stderr).unwrap(),
        "note: no entry has the code 64634; the entries listed mention it\n"
    );
    let found = String::from_utf8(found.stdout).unwrap();
    assert!(found.starts_with("64633  "), "{found}");
}

#[test]
fn a_two_character_code_no_registry_knows_is_said_to_be_neither() {
    cptref().args(["show", "76"]).assert().code(1).stderr(
        "error: `76` is not a code (codes have five characters), nor a modifier cptref knows\n",
    );
    // A folder whose entry lists it: the search that finds it, and the
    // claim line's note does not contradict the table.
    let dir = tempfile::tempdir().unwrap();
    let text = common::genicular_ablation_with_modifier_76();
    std::fs::write(dir.path().join("64624.toml"), text).unwrap();
    let shown = show_in(dir.path(), "76");
    let said = String::from_utf8(shown.stderr).unwrap();
    assert!(
        said.contains("some entries list it, run: cptref search --content"),
        "{said}"
    );
    assert!(said.contains(" mod:76"), "{said}");
    let shown = show_in(dir.path(), "64624-76");
    let said = String::from_utf8(shown.stderr).unwrap();
    assert!(
        said.contains(
            "note: showing 64624; 76 is in its modifier table, but is not a modifier cptref knows"
        ),
        "{said}"
    );
}

#[test]
fn train_takes_codes_pasted_together_and_show_says_punctuation_is_no_code() {
    cptref()
        .args(["train", "64624,99999"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: no entry for code `99999`",
        ));
    for nothing in ["+", ",", "-"] {
        cptref()
            .args(["show", "--", nothing])
            .assert()
            .code(1)
            .stderr(format!("error: `{nothing}` is not a code\n"));
    }
}

#[test]
fn show_takes_one_code_and_a_search_note_does_not_contradict_the_table() {
    cptref()
        .args(["show", "64624,64633"])
        .assert()
        .code(2)
        .stderr("error: `64624,64633` holds 2 codes; show takes one, as in `cptref show 64624`\n");
    cptref()
        .args(["show", "64624+"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64624  "));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("64624.toml"),
        common::genicular_ablation_with_modifier_76(),
    )
    .unwrap();
    cptref()
        .args(["--no-cache", "--content"])
        .arg(dir.path())
        .args(["search", "64624-76"])
        .assert()
        .success()
        .stderr(predicate::str::ends_with(
            "note: 76 is not a modifier cptref knows (its modifier table lists it); 64624 was \
             searched for\n",
        ));
}

#[test]
fn show_does_not_drop_a_letter_after_the_code() {
    // Typed into the search box, `64624 x` is on its way to XS; given to
    // `show` whole, the x is part of what was asked for, and said, as
    // after a dash.
    for written in [&["64624", "x"][..], &["64624-x"][..]] {
        cptref()
            .arg("show")
            .args(written)
            .assert()
            .success()
            .stdout(predicate::str::starts_with("64624  "))
            .stderr("note: showing 64624; X is not a modifier cptref knows\n");
    }
}

#[test]
fn show_takes_a_claim_line_given_as_two_words() {
    cptref()
        .args(["show", "64624", "RT"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64624  "))
        .stderr(
            "note: showing 64624; RT is a modifier (right side of the body), in its table on \
             background knowledge only (unconfirmed)\n",
        );
    cptref()
        .args(["show", "64624", "64633"])
        .assert()
        .code(2)
        .stderr("error: `64624 64633` holds 2 codes; show takes one, as in `cptref show 64624`\n");
}

#[test]
fn show_of_a_claim_line_for_a_code_with_no_entry_speaks_of_the_code() {
    for written in ["64634 rt", "64634-rt"] {
        cptref().args(["show", written]).assert().code(1).stderr(
            "error: no entry for code `64634`; nearest: 64633, 64632, 64640\n\
             note: listed as related by 64633, 64640\n",
        );
    }
    // Two digits after a whole code are a modifier, spaced as with a dash:
    // 64624 first, not the entry that mentions it and lists 59.
    for written in ["64624 59", "64624-59"] {
        cptref()
            .args(["search", written])
            .assert()
            .success()
            .stdout(predicate::str::starts_with("64624  "))
            .stderr("note: 64624's modifier table does not list 59\n");
    }
    // Two digits first make no difference once a letter modifier follows.
    for written in ["64624 rt xs", "64624 50 xs"] {
        cptref()
            .args(["search", written])
            .assert()
            .success()
            .stdout(predicate::str::starts_with("64624  "))
            .stderr("note: 64624's modifier table does not list XS\n");
    }
}

#[test]
fn the_plain_list_says_where_a_hit_matched_in_words_and_json_keeps_the_field() {
    cptref()
        .args(["search", "right side"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[modifier]\n"))
        .stdout(predicate::str::contains("modifier_description").not());
    cptref()
        .args(["search", "--json", "right side"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"field\": \"modifier_description\"",
        ))
        .stdout(predicate::str::contains("label").not());
}

#[test]
fn a_payer_filter_no_list_matches_says_where_the_name_is() {
    // The errata name Aetna among a publication's boilerplate payers; no
    // entry lists it as a payer.
    cptref()
        .args(["search", "payer:aetna"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "note: no entry lists a payer named `aetna` (payer: looks in payer lists); ",
        ))
        .stderr(predicate::str::contains(
            "name `aetna` in their text (search for `aetna` alone)",
        ));
    cptref()
        .args(["search", "payer:zzqx"])
        .assert()
        .code(1)
        .stderr(predicate::str::ends_with(
            "note: no entry lists a payer named `zzqx` (payer: looks in payer lists)\n",
        ));
    // A site likewise: 64632 gives none, and says in a note why podiatrists'
    // offices are not stated.
    cptref()
        .args(["search", "site:podiatrist"])
        .assert()
        .code(1)
        .stderr(predicate::str::ends_with(
            "note: no entry's site of service names `podiatrist` (site: looks at the site of \
             service); 1 entry names `podiatrist` in its text (search for `podiatrist` alone)\n",
        ));
}

#[test]
fn bilateral_finds_the_entries_whose_tables_list_modifier_50() {
    // The word coders use for 50 is in its rows' description.
    cptref()
        .args(["search", "bilateral"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "64454  Genicular nerve block of the knee (anesthetic, steroid or both)  [modifier]\n\
             64624  Genicular nerve ablation for knee pain  [modifier]\n\
             64633  Facet nerve ablation, one cervical or thoracic joint, with imaging  [modifier]\n",
        ));
}

#[test]
fn an_entry_without_a_site_of_service_says_so_where_one_is_looked_for() {
    cptref()
        .args(["show", "64632"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "  Site of service: not stated in this entry (see the notes)\n",
        ));
}

#[test]
fn problems_that_leave_no_file_out_keep_the_exit_status_0() {
    // An unknown modifier is a problem, but the entry loads.
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("64624.toml"),
        common::genicular_ablation_with_modifier_76(),
    )
    .unwrap();
    cptref()
        .arg("--content")
        .arg(dir.path())
        .arg("list")
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "warning: 1 problem in the content; run",
        ));
}

#[test]
fn check_counts_the_files_not_loaded_as_list_does() {
    cptref()
        .args(["check", BROKEN])
        .assert()
        .code(1)
        .stderr(predicate::str::ends_with(
            "3 entries loaded from 6 files (3 files not loaded); 9 findings\n",
        ));
    cptref()
        .args(["check", "content"])
        .assert()
        .code(0)
        .stderr("5 entries loaded from 5 files; 0 findings\n");
}

#[test]
fn payer_bcbs_finds_the_blue_plans_however_their_names_are_written() {
    // "BlueCross BlueShield of South Carolina" and "Blue Cross NC".
    cptref()
        .args(["search", "payer:bcbs"])
        .assert()
        .success()
        .stdout(
            "64454  Genicular nerve block of the knee (anesthetic, steroid or both)  [payers]\n\
             64624  Genicular nerve ablation for knee pain  [payers]\n",
        );
    // On the way to it, `payer:bcb` is a name, which no payer has.
    cptref().args(["search", "payer:bcb"]).assert().code(1);
}

#[test]
fn a_diagnosis_code_no_entry_names_is_not_found_by_its_parts() {
    // 64633 lists M54.2 and M54.6, and its text has 50 (a modifier): no
    // match for M54.50, but a pointer to the codes of its category.
    cptref()
        .args(["search", "M54.50"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "no entry matches `M54.50`\n\
             note: no entry names the diagnosis M54.50; 1 entry lists other M54 codes \
             (search for `M54`)\n",
        );
    // Written as claims write it, without its dot: the same pointer, in
    // search and show alike.
    let pointer = "note: no entry names the diagnosis M54.50; 1 entry lists other M54 codes \
                   (search for `M54`)\n";
    for (args, code) in [
        (["search", "M5450"], 1),
        (["show", "M5450"], 1),
        (["show", "M54.50"], 1),
    ] {
        cptref()
            .args(args)
            .assert()
            .code(code)
            .stderr(predicate::str::ends_with(pointer));
    }
    // A letter and four digits, where no entry lists its category, may be
    // HCPCS (G0260): not said to be a diagnosis.
    cptref()
        .args(["search", "G0260"])
        .assert()
        .code(1)
        .stderr("no entry matches `G0260`\n");
    // Named by a caution, not the table: found there.
    cptref()
        .args(["search", "M47.22"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("64633  ").and(predicate::str::contains("[notes]")));
    // Named by a caution alone, it is not said to be listed.
    cptref()
        .args(["show", "M47.22"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "not a CPT code; to find the entries that mention it, run: cptref search M47.22\n",
        ));
    cptref()
        .args(["show", "M47.812"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("to find the entries that list it"));
    cptref()
        .args(["search", "payer:\"blue cross\""])
        .assert()
        .success()
        .stdout(predicate::str::contains("64624  ").and(predicate::str::contains("[payers]")));
}

#[test]
fn train_takes_a_range_or_a_prefix_as_the_codes_in_it() {
    // Taken (the trainer then needs a terminal, which a test has not).
    for given in ["64630-64640", "6463*"] {
        cptref()
            .args(["train", given])
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with(
                "error: trainer mode needs a terminal",
            ));
    }
    cptref()
        .args(["train", "70000-70010"])
        .assert()
        .code(1)
        .stderr("error: no entry has a code in `70000-70010`; `cptref list` lists the codes\n");
}

#[test]
fn show_section_prints_the_heading_and_one_section() {
    for given in ["4", "mod", "Modifiers"] {
        let output = cptref()
            .args(["show", "64624", "--section", given])
            .output()
            .unwrap();
        assert!(output.status.success(), "{given}: {output:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.starts_with("64624  Genicular nerve ablation for knee pain\n"),
            "{text}"
        );
        assert!(text.contains("\nMODIFIERS\n"), "{text}");
        assert!(text.contains("Both sides (bilateral)"), "{text}");
        // Nothing of the other sections.
        for other in ["SUMMARY", "BILLING", "NOTES", "SOURCES"] {
            assert!(!text.contains(other), "{given}: {other} in {text}");
        }
    }
    // A section the entry lacks: said, with how to see the rest.
    cptref()
        .args(["show", "64640", "--section", "payers"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: 64640 has no Payers section; run cptref show 64640 for the whole entry\n");
    // A name that starts two sections, or none, or a number past 9.
    cptref()
        .args(["show", "64624", "--section", "s"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`s` starts Summary and Sources; give more of the name, or its number",
        ));
    cptref()
        .args(["show", "64624", "--section", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "sections go from 1 to 9: 1 Summary",
        ));
    cptref()
        .args(["show", "64624", "--section", "4", "--json"])
        .assert()
        .code(2);
}
