//! End to end, as a person would use it: the real binary in a real terminal
//! (tmux), driven by keystrokes and read off the screen. tmux is required;
//! `.ci/run` installs it.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A private tmux server, so the test never touches the user's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// A server with a shell in a window of `width` by `height`, at its
    /// prompt.
    fn start(width: u16, height: u16) -> Tmux {
        let version = Command::new("tmux").arg("-V").output();
        assert!(
            version.is_ok_and(|o| o.status.success()),
            "tmux is required for the end-to-end tests; .ci/run installs it (apt-get install tmux)"
        );
        // One server per test: the tests run in parallel.
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let tmux = Tmux {
            socket: format!(
                "cptref-e2e-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ),
        };
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            concat!(
                "env -u NO_COLOR -u CPTREF_CONTENT -u CPTREF_NO_CACHE CPTREF_CONFIG=/dev/null \
                 CPTREF_CACHE_DIR=",
                env!("CARGO_TARGET_TMPDIR"),
                "/cache PS1='$ ' sh"
            ),
        ]);
        tmux.wait_for("the shell prompt", |s| s.contains('$'));
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            output.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn send(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "t", key]);
            // Keys sent back to back can merge into one escape sequence
            // (Esc then `?` reads as Alt-?); a person never types that fast.
            sleep(Duration::from_millis(60));
        }
    }

    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    fn screen(&self) -> String {
        String::from_utf8(self.run(&["capture-pane", "-p", "-t", "t"]).stdout).unwrap()
    }

    /// The screen with its colours and bold as escape sequences.
    fn screen_styled(&self) -> String {
        String::from_utf8(self.run(&["capture-pane", "-p", "-e", "-t", "t"]).stdout).unwrap()
    }

    /// Waits until the screen satisfies `ready`, and returns it. The limit
    /// only keeps a broken build from hanging the suite.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {what}; the screen was:\n{screen}");
            }
            sleep(Duration::from_millis(50));
        }
    }

    fn resize(&self, width: u16, height: u16) {
        self.run(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // The server leaves its socket file behind when killed.
        let socket = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "#{socket_path}",
            ])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
        if let Some(socket) = socket.filter(|s| !s.is_empty()) {
            let _ = std::fs::remove_file(socket);
        }
    }
}

#[test]
fn a_coder_searches_reads_resizes_and_quits() {
    let tmux = Tmux::start(100, 30);
    tmux.type_text(&format!(
        "echo before-cptref; {}; echo \"exit status $?\"; stty -a",
        env!("CARGO_BIN_EXE_cptref")
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("the browser", |s| s.contains("Search") && s.contains("1/5"));

    tmux.type_text("genic");
    let screen = tmux.wait_for("the filtered results", |s| s.contains("1/3"));
    assert!(
        screen.contains("64624") && screen.contains("64454"),
        "{screen}"
    );
    let list: String = screen
        .lines()
        .map(|l| l.chars().take(40).collect::<String>() + "\n")
        .collect();
    assert!(
        !list.contains("64633"),
        "64633 must not be listed:\n{screen}"
    );

    // Open the second result, then jump to its modifier table (section 4).
    tmux.send(&["Down", "Enter", "4"]);
    let screen = tmux.wait_for("the modifier table", |s| s.contains("4 Modifiers"));
    assert!(
        screen.contains("Code") && screen.contains("When to use"),
        "{screen}"
    );
    assert!(screen.contains("64624"), "{screen}");

    // Copy the code: tmux gets it in its buffer, with its clipboard
    // setting as it comes (`external`, which drops a program's own
    // clipboard request).
    tmux.send(&["y"]);
    tmux.wait_for("the copy message", |s| s.contains("Copied 64624."));
    let buffer = tmux.run(&["show-buffer"]).stdout;
    assert_eq!(String::from_utf8_lossy(&buffer), "64624");
    // With tmux taking programs' clipboard requests too, one copy is one
    // buffer, not two.
    tmux.run(&["set", "-g", "set-clipboard", "on"]);
    tmux.run(&["delete-buffer"]);
    tmux.send(&["y"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let buffers = tmux.run(&["list-buffers"]).stdout;
    assert_eq!(
        String::from_utf8_lossy(&buffers).lines().count(),
        1,
        "{}",
        String::from_utf8_lossy(&buffers)
    );

    // Narrow: the detail takes the whole width; the list is hidden.
    tmux.resize(40, 12);
    let screen = tmux.wait_for("the narrow layout", |s| {
        s.lines().count() <= 12 && !s.contains("Results")
    });
    assert!(screen.lines().all(|l| l.chars().count() <= 40), "{screen}");
    tmux.resize(100, 30);
    tmux.wait_for("the wide layout again", |s| {
        s.contains("Results") && s.contains("4 Modifiers")
    });

    tmux.send(&["q"]);
    let screen = tmux.wait_for("the shell again", |s| {
        s.contains("exit status") && s.contains("icanon")
    });
    assert!(screen.contains("exit status 0"), "{screen}");
    assert!(
        screen.contains("before-cptref"),
        "the shell's screen is back:\n{screen}"
    );
    assert!(!screen.contains("Results"), "{screen}");
    // Raw mode is off again: the terminal echoes and reads lines.
    assert!(
        screen.contains(" icanon") && screen.contains(" echo "),
        "{screen}"
    );
}

#[test]
fn a_clipboard_helper_that_hangs_does_not_freeze_the_browser() {
    // A `tmux` first on the PATH that takes the text and never answers, as
    // a hung tmux server would.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("tmux");
    std::fs::write(&fake, "#!/bin/sh\ncat >/dev/null\nexec sleep 600\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let tmux = Tmux::start(100, 30);
    tmux.type_text(&format!(
        "PATH={}:$PATH {}; echo \"exit status $?\"",
        dir.path().display(),
        env!("CARGO_BIN_EXE_cptref")
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("the browser", |s| s.contains("Search"));
    tmux.type_text("genic");
    tmux.wait_for("the filtered results", |s| s.contains("1/3"));
    tmux.send(&["Tab", "y"]);
    // The copy is given up on, not waited for: the keys work again and
    // the program quits.
    tmux.wait_for("the copy done", |s| s.contains("Copied 64454"));
    tmux.send(&["j", "q"]);
    let screen = tmux.wait_for("the shell again", |s| s.contains("exit status"));
    assert!(screen.contains("exit status 0"), "{screen}");
}

#[test]
fn a_terminal_that_goes_away_ends_the_browser_as_a_hang_up() {
    // The shell outlives its terminal (it ignores SIGHUP) to write down
    // how the browser ended.
    let dir = tempfile::tempdir().unwrap();
    let status = dir.path().join("status");
    let said = dir.path().join("stderr");
    let tmux = Tmux::start(100, 30);
    // (A shell of its own: the prompt's shell gives up without its
    // terminal's job control.)
    tmux.type_text(&format!(
        "sh -c 'trap \"\" HUP; {} 2>{}; echo $? >{}.tmp; mv {}.tmp {}'",
        env!("CARGO_BIN_EXE_cptref"),
        said.display(),
        status.display(),
        status.display(),
        status.display()
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("the browser", |s| s.contains("Search"));
    // Closing the window: the terminal is gone at once.
    tmux.run(&["kill-server"]);
    let start = Instant::now();
    while !status.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the browser did not end"
        );
        sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&status).unwrap().trim(), "129");
    // Nothing said on standard error, and no escape sequence left in it.
    assert_eq!(std::fs::read_to_string(&said).unwrap(), "");
}

#[test]
fn piped_output_is_the_plain_list_not_the_browser() {
    let output = Command::new(env!("CARGO_BIN_EXE_cptref"))
        .env_remove("CPTREF_CONTENT")
        .env("CPTREF_CONFIG", "/dev/null")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 5);
    assert!(!text.contains('\u{1b}'));
}

/// On a terminal that cannot draw (`TERM=dumb`, an editor's shell), the
/// list, with a note why; the trainer refuses.
#[test]
fn a_dumb_terminal_gets_the_list_and_a_note_not_escape_codes() {
    let tmux = Tmux::start(100, 24);
    tmux.type_text(&format!(
        "TERM=dumb {bin}; echo \"exit status $?\"; TERM=dumb {bin} train; echo \"train $?\"",
        bin = env!("CARGO_BIN_EXE_cptref")
    ));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("both", |s| s.contains("train 2"));
    assert!(
        screen.contains("note: TERM is dumb, so the browser cannot draw its screen"),
        "{screen}"
    );
    assert!(screen.contains("64640  Peripheral"), "{screen}");
    assert!(screen.contains("exit status 0"), "{screen}");
    assert!(!screen.contains("Results"), "{screen}");
    assert!(
        screen.contains("trainer mode needs a terminal that can draw a screen, and TERM is dumb"),
        "{screen}"
    );
}

/// Nor does a dumb terminal get colour from the commands, which it would
/// show as text; and a terminal that reports no size (as a `script` or
/// `docker exec` pty may) is printed for at the width of a pipe.
#[test]
fn a_dumb_or_sizeless_terminal_gets_plain_text_at_a_readable_width() {
    let tmux = Tmux::start(100, 24);
    // A shell line run to its end (`{bin}` is the program), and the screen.
    let run = |line: &str| {
        let line = line.replace("{bin}", env!("CARGO_BIN_EXE_cptref"));
        tmux.type_text(&format!("clear; {line}; echo done"));
        tmux.send(&["Enter"]);
        tmux.wait_for("the output", |s| s.contains("done"))
    };
    run("TERM=dumb {bin} show 64624 | head -n 3; TERM=dumb {bin} list | head -n 1");
    let styled = tmux.screen_styled();
    assert!(!styled.contains("\u{1b}[1m"), "{styled}");
    // Piped through head, neither wants colour; on the terminal itself:
    let screen = run("TERM=dumb {bin} search knee");
    assert!(
        screen.contains("64624  Genicular nerve ablation"),
        "{screen}"
    );
    let styled = tmux.screen_styled();
    assert!(!styled.contains("\u{1b}[1m"), "{styled}");

    let screen = run("stty rows 0 cols 0; {bin} --color never show 64624 --section 1");
    // The title on one line, as at 80 columns, not wrapped at 30.
    assert!(
        screen.contains("64624  Genicular nerve ablation for knee pain"),
        "{screen}"
    );
}

/// The pid of the program running in the pane's shell.
fn browser_pid(tmux: &Tmux) -> String {
    let shell = tmux.run(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
    let shell = String::from_utf8(shell.stdout).unwrap().trim().to_owned();
    let children = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
    let pid = String::from_utf8(children.stdout).unwrap();
    let pid = pid.lines().next().unwrap_or_default().to_owned();
    assert!(!pid.is_empty(), "no program runs under the shell {shell}");
    pid
}

/// `signal` (as `kill` names it) ends `cptref ARGS` (the browser, or the
/// trainer) once its screen shows `ready`, with the terminal as it was, and
/// the exit status a shell gives a command the signal killed.
fn signal_restores_the_terminal(args: &str, ready: &str, signal: &str, status: u8) {
    let tmux = Tmux::start(80, 24);
    tmux.type_text(&format!(
        "{} {args}; echo \"exit status $?\"; stty -a",
        env!("CARGO_BIN_EXE_cptref")
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("the program", |s| s.contains(ready));
    let pid = browser_pid(&tmux);
    let killed = Command::new("kill").args([signal, &pid]).status().unwrap();
    assert!(killed.success());
    let screen = tmux.wait_for("the shell again", |s| {
        s.contains("exit status") && s.contains("icanon")
    });
    assert!(
        screen.contains(&format!("exit status {status}")),
        "{screen}"
    );
    assert!(!screen.contains("Results"), "{screen}");
    assert!(
        screen.contains(" icanon") && screen.contains(" echo "),
        "{screen}"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("", "1/5", "-TERM", 143);
}

/// A trainer session of several cases asks before a key quits it; a
/// signal does not wait for an answer.
#[test]
fn sigterm_ends_a_trainer_session_of_several_cases_at_once() {
    signal_restores_the_terminal("train --seed 1", "Case 1/5", "-TERM", 143);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("", "1/5", "-HUP", 129);
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal("", "1/5", "-QUIT", 131);
}

/// Signals no one sends by hand, whose default also ends the process.
#[test]
fn sigusr1_and_sigalrm_restore_the_terminal() {
    signal_restores_the_terminal("", "1/5", "-USR1", 138);
    signal_restores_the_terminal("", "1/5", "-ALRM", 142);
}

/// A job stopped (`kill -TSTP`) gives the terminal back to the shell, and
/// takes it again, drawn afresh, when brought back with `fg`.
#[test]
fn a_stopped_browser_gives_the_terminal_back_and_takes_it_again() {
    let tmux = Tmux::start(80, 24);
    tmux.type_text(env!("CARGO_BIN_EXE_cptref"));
    tmux.send(&["Enter"]);
    tmux.wait_for("the browser", |s| s.contains("1/5"));
    let pid = browser_pid(&tmux);
    let stopped = Command::new("kill").args(["-TSTP", &pid]).status().unwrap();
    assert!(stopped.success());
    tmux.wait_for("the shell, the browser stopped", |s| {
        !s.contains("1/5") && s.contains("Stopped")
    });
    tmux.type_text("stty -a");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("stty", |s| s.contains("icanon"));
    assert!(
        screen.contains(" icanon") && screen.contains(" echo "),
        "{screen}"
    );
    tmux.type_text("fg");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("the browser again", |s| s.contains("1/5"));
    assert!(!screen.contains("icanon"), "drawn afresh: {screen}");
    // Raw again: a letter goes to the query, not to the shell's line.
    tmux.type_text("genic");
    tmux.wait_for("the query typed", |s| {
        s.contains("/ genic") && s.contains("1/3")
    });
    // Ctrl-Z, a key in raw mode, stops it too.
    tmux.send(&["C-z"]);
    tmux.wait_for("the shell, stopped by Ctrl-Z", |s| {
        !s.contains("1/3") && s.matches("Stopped").count() >= 2
    });
    tmux.type_text("fg");
    tmux.send(&["Enter"]);
    tmux.wait_for("the browser again", |s| {
        s.contains("/ genic") && s.contains("1/3")
    });
    tmux.send(&["C-c"]);
    tmux.wait_for("the shell again", |s| !s.contains("1/3"));
}

#[test]
fn a_session_opened_with_t_after_cptref_train_is_scored_as_it_closes() {
    let tmux = Tmux::start(100, 30);
    tmux.type_text(&format!(
        "{} train 64633 --seed 42; echo \"exit status $?\"",
        env!("CARGO_BIN_EXE_cptref")
    ));
    tmux.send(&["Enter"]);
    // Seed 42 itself: the second session's fresh seed may start with 42.
    let seed_42 = |s: &str| {
        s.match_indices("seed 42")
            .any(|(at, seed)| !s[at + seed.len()..].starts_with(|c: char| c.is_ascii_digit()))
    };
    tmux.wait_for("the trainer", seed_42);
    // Esc to the browser, `t` on its code, reveal, Esc, quit.
    tmux.send(&["Escape"]);
    tmux.wait_for("the browser", |s| s.contains("Results"));
    tmux.send(&["t"]);
    tmux.wait_for("a second session", |s| s.contains("Trainer") && !seed_42(s));
    tmux.send(&["r", "Escape"]);
    // On a busy machine Esc and a key after it can reach the program in
    // one read, as Alt and the key: the browser is awaited first.
    tmux.wait_for("the browser again", |s| s.contains("Results"));
    tmux.send(&["q"]);
    let screen = tmux.wait_for("the shell again", |s| s.contains("exit status"));
    assert!(screen.contains("Trainer session (seed 42): "), "{screen}");
    assert_eq!(
        screen.matches("Trainer session (seed ").count(),
        2,
        "both sessions scored:\n{screen}"
    );
}

#[test]
fn a_trainer_walks_one_case_to_the_reveal() {
    let tmux = Tmux::start(120, 35);
    let dir = tempfile::tempdir().unwrap();
    let result = dir.path().join("result.json");
    tmux.type_text(&format!(
        "{} train 64632 --json > {}; echo \"exit status $?\"; cat {}",
        env!("CARGO_BIN_EXE_cptref"),
        result.display(),
        result.display()
    ));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("the first step", |s| s.contains("Step 1/"));
    assert!(!screen.contains("64632"), "the code is hidden:\n{screen}");
    let steps: usize = screen
        .split("Step 1/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("a step count");
    for _ in 1..steps {
        tmux.send(&["Space"]);
    }
    tmux.wait_for("the last step", |s| {
        s.contains(&format!("Step {steps}/{steps}"))
    });
    tmux.send(&["Space"]);
    let screen = tmux.wait_for("the code question", |s| s.contains("Which code?"));
    // Type the right code rather than pick it, then answer the modifier.
    assert!(
        screen.contains("64632"),
        "the choices name the codes:\n{screen}"
    );
    tmux.type_text("64632");
    tmux.send(&["Enter"]);
    tmux.wait_for("the modifier question", |s| s.contains("Which modifier?"));
    tmux.send(&["1", "Enter"]);
    let screen = tmux.wait_for("the reveal", |s| s.contains("Answers"));
    assert!(screen.contains("✓ RIGHT  Code"), "{screen}");
    assert!(
        // Cautions first, then errata, as far as the window shows.
        screen.contains("Cautions and errata")
            && (screen.contains("CAUTION") || screen.contains("ERRATUM")),
        "{screen}"
    );
    tmux.send(&["q"]);
    let screen = tmux.wait_for("the result", |s| {
        s.contains("exit status") && s.contains('}')
    });
    assert!(screen.contains("exit status 0"), "{screen}");
    assert!(screen.contains("\"code_correct\": true"), "{screen}");
    // The score, for the trainer, on the terminal beside the file.
    let score = screen.find("Trainer session (seed ");
    assert!(
        score.is_some_and(|at| at < screen.find("exit status 0").unwrap())
            && screen.contains(" of 2 questions right"),
        "{screen}"
    );
}

#[test]
fn a_session_opened_in_the_browser_is_scored_when_the_browser_closes() {
    let tmux = Tmux::start(100, 30);
    tmux.type_text(&format!(
        "CPTREF_CONFIG=/dev/null {}; echo \"exit status $?\"",
        env!("CARGO_BIN_EXE_cptref"),
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("the browser", |s| s.contains("Results"));
    tmux.type_text("64633");
    tmux.send(&["Tab", "t"]);
    tmux.wait_for("the first step", |s| s.contains("Step 1/"));
    // Left with Esc, the session is still the one scored at the end.
    tmux.send(&["Escape"]);
    tmux.wait_for("the browser again", |s| s.contains("Results"));
    tmux.send(&["q"]);
    let screen = tmux.wait_for("the shell", |s| s.contains("exit status"));
    let score = screen.find("Trainer session (seed ");
    assert!(
        score.is_some_and(|at| at < screen.find("exit status 0").unwrap())
            && screen.contains("no questions asked; left at case 1 of 1"),
        "{screen}"
    );
}

#[test]
fn a_trainer_on_a_folder_with_problems_says_so_as_it_starts_and_ends() {
    // Wide enough for the warning's line not to wrap.
    let tmux = Tmux::start(200, 30);
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/broken");
    tmux.type_text(&format!(
        "{} --content {folder} train 10001; echo \"exit status $?\"",
        env!("CARGO_BIN_EXE_cptref"),
    ));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("the first step", |s| s.contains("Step 1/"));
    assert!(
        screen.contains("in the content, so a case may be missing; `cptref check` on the same folder lists them."),
        "{screen}"
    );
    tmux.send(&["q"]);
    let screen = tmux.wait_for("the shell", |s| s.contains("exit status"));
    let after_score = screen
        .split("no questions asked; left at case 1 of 1")
        .nth(1)
        .unwrap_or_default();
    assert!(
        after_score.contains(&format!(
            "in the content, so a case may have been missing; run `cptref check {folder}` for details"
        )),
        "{screen}"
    );
    assert!(screen.contains("exit status 0"), "{screen}");
}

/// A folder of `count` small made-up entries (codes 10000 upward), enough
/// for the browser's quick start.
fn large_folder(dir: &std::path::Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for n in 0..count {
        let code = 10_000 + n;
        std::fs::write(
            dir.join(format!("{code}.toml")),
            format!(
                "code = \"{code}\"\ntitle = \"Made-up entry {n}\"\nsummary = \"For a test.\"\n"
            ),
        )
        .unwrap();
    }
}

#[test]
fn a_large_folder_opens_at_once_and_catches_up_with_a_changed_file() {
    let count = cptref::loader::QUICK_START_FROM + 100;
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    let cache = root.path().join("cache");
    large_folder(&content, count);
    let command = format!(
        "CPTREF_CACHE_DIR={} {} --content {}",
        cache.display(),
        env!("CARGO_BIN_EXE_cptref"),
        content.display()
    );
    let all = format!("1/{}", cptref::text::thousands(count));

    let tmux = Tmux::start(100, 30);
    // Nothing cached: the first files at once, then all of them.
    tmux.type_text(&command);
    tmux.send(&["Enter"]);
    tmux.wait_for("every entry", |s| s.contains(&all));
    tmux.send(&["C-c"]);
    tmux.wait_for("the shell again", |s| s.trim_end().ends_with('$'));
    let cached: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|item| item.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // Beside the cache, the folder's stamp once the folder has settled.
    let caches = cached.iter().filter(|name| name.ends_with(".cache"));
    assert_eq!(caches.count(), 1, "one cache: {cached:?}");
    assert!(
        cached
            .iter()
            .all(|name| name.ends_with(".cache") || name.ends_with(".folder")),
        "no temporary file: {cached:?}"
    );

    // A file changed since: the cache is shown, the folder checked behind
    // it, and the browser catches up with the change.
    let first = content.join("10000.toml");
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, text.replace("Made-up entry 0", "Retitled entry")).unwrap();
    tmux.type_text(&command);
    tmux.send(&["Enter"]);
    // The list row (the detail reads the file itself, so it has the new
    // title from the start).
    let screen = tmux.wait_for("the changed title in the list", |s| {
        s.contains("▸ 10000  Retitled entry") && s.contains(&all)
    });
    assert!(
        screen.contains("changed since the last run"),
        "the status line says why the list changed:\n{screen}"
    );
    tmux.send(&["C-c"]);
    tmux.wait_for("the shell again", |s| s.trim_end().ends_with('$'));
}

#[test]
fn color_always_colours_the_browser_under_no_color_and_never_does_not() {
    for (flag, coloured) in [("always", true), ("never", false)] {
        let tmux = Tmux::start(80, 24);
        tmux.type_text(&format!(
            "NO_COLOR=1 {} --color {flag}",
            env!("CARGO_BIN_EXE_cptref")
        ));
        tmux.send(&["Enter"]);
        tmux.wait_for("the browser", |s| s.contains("1/5"));
        let styled = tmux.run(&["capture-pane", "-p", "-e", "-t", "t"]).stdout;
        let styled = String::from_utf8_lossy(&styled);
        // 256-colour foregrounds, as the theme sets them.
        assert_eq!(
            styled.contains("\u{1b}[38;5;"),
            coloured,
            "{flag}:\n{styled}"
        );
        tmux.send(&["q"]);
    }
}

/// A terminal that hangs up under a trainer session (its window closed)
/// ends it as SIGHUP does, with the record written, even where a wrapper
/// ignores SIGHUP: crossterm would otherwise read the dead terminal for
/// ever.
#[test]
fn a_trainer_whose_terminal_hangs_up_writes_its_record_and_ends() {
    let tmux = Tmux::start(100, 30);
    let dir = tempfile::tempdir().unwrap();
    let result = dir.path().join("result.json");
    let status = dir.path().join("status");
    tmux.type_text(&format!(
        "sh -c \"trap '' HUP; {} train 64632 64640 --order code --json > {}; echo \\$? > {}\"",
        env!("CARGO_BIN_EXE_cptref"),
        result.display(),
        status.display()
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("the trainer", |s| s.contains("Case 1/2"));
    // Killed here, the server is gone when `Tmux` is dropped: its socket
    // file is removed here too.
    let socket = tmux.run(&["display-message", "-p", "#{socket_path}"]);
    let socket = String::from_utf8_lossy(&socket.stdout).trim().to_owned();
    tmux.run(&["kill-server"]);
    let _ = std::fs::remove_file(socket);
    let mut waited = 0;
    while !status.exists() && waited < 100 {
        sleep(Duration::from_millis(100));
        waited += 1;
    }
    let code = std::fs::read_to_string(&status).expect("the program ended");
    assert_eq!(code.trim(), "129");
    let record = std::fs::read_to_string(&result).unwrap();
    assert!(record.contains("\"cases\""), "{record}");
}
