//! Feeling native: completion scripts (run through bash itself), the man page, guided init,
//! colour decisions, quiet broken pipes, and what a person sees in a real terminal (tmux at 80
//! and 200 columns), kept as text snapshots in tests/snapshots/tmux/.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --test cli native` rewrites the snapshots (read the diff
//! before committing). Tests that need tmux or bash print a message and pass when they are
//! absent; CI installs tmux so they run there.

use crate::harness::{BIN, Env};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The tool is installed (and this is Unix: the probes use `:` PATHs and `sh -c`).
pub(crate) fn has(tool: &str) -> bool {
    cfg!(unix)
        && Command::new(tool)
            .arg(if tool == "tmux" { "-V" } else { "--version" })
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// An engagement with something in every state.
fn engagement() -> Env {
    let env = Env::new();
    env.init(&["--licenses", "500"]);
    env.run(&["start", "intune.mdm-authority"]).ok();
    env.run(&["done", "intune.mdm-authority.set", "-m", "set on the call"])
        .ok();
    env.run(&[
        "block",
        "aadp-connect.connect-health",
        "-m",
        "waiting for the customer's proxy change",
    ])
    .ok();
    env.run(&[
        "note",
        "initiate.start",
        "-m",
        "kickoff booked for Tuesday with the customer's IT lead and the security team",
    ])
    .ok();
    env
}

// ---------------------------------------------------------------------------------------------
// Completions and the man page

#[test]
fn completion_scripts_for_every_shell() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = env.run(&["completions", shell]).ok();
        assert!(out.stdout.len() > 1000, "{shell}: {}", out.stdout);
        assert!(out.stdout.contains("completions"), "{shell}");
    }
    env.run(&["completions", "tcsh"]).code(2);
}

#[test]
fn bash_parses_the_script_and_completes_item_ids() {
    if !has("bash") {
        eprintln!("skipped: bash is not installed");
        return;
    }
    let env = Env::new();
    let script = env.run(&["completions", "bash"]).ok().stdout;
    let path = env.write("fasttrack.bash", &script);
    let syntax = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(syntax.status.success(), "{:?}", syntax);
    let complete = |words: &str, cword: usize| -> Vec<String> {
        assert_eq!(words.split(' ').count() - 1, cword, "{words}");
        crate::firsthour::bash_candidates(&env, &path, words)
    };
    // Outside an engagement: every id of the catalog.
    let ids = complete("fasttrack done intune.mdm", 2);
    assert!(ids.contains(&"intune.mdm-authority".to_owned()), "{ids:?}");
    assert!(ids.iter().all(|i| i.starts_with("intune.mdm")), "{ids:?}");
    // After a global flag with a value, and for `catalog show`.
    let ids = complete("fasttrack --color never show intune.mdm", 4);
    assert!(ids.contains(&"intune.mdm-authority".to_owned()), "{ids:?}");
    let ids = complete("fasttrack catalog show intune.mdm", 3);
    assert!(ids.contains(&"intune.mdm-authority".to_owned()), "{ids:?}");
    // Commands and flags still come from clap's part of the script.
    let words = complete("fasttrack sta", 1);
    assert!(words.contains(&"status".to_owned()), "{words:?}");
    let flags = complete("fasttrack done --f", 2);
    assert!(flags.contains(&"--force".to_owned()), "{flags:?}");
    // A note is free text, not an id.
    let note = complete("fasttrack done -m intune.mdm", 3);
    assert!(
        !note.contains(&"intune.mdm-authority".to_owned()),
        "{note:?}"
    );
}

#[test]
fn man_page_is_roff_with_every_command() {
    let out = Env::new().run(&["man"]).ok();
    assert!(out.stdout.starts_with(".ie") || out.stdout.contains("\n.TH fasttrack 1"));
    assert!(out.stdout.contains(".TH fasttrack 1"));
    for section in [
        ".SH SYNOPSIS",
        ".SH COMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH EXAMPLES",
    ] {
        assert!(out.stdout.contains(section), "no {section}");
    }
    for cmd in [
        "init",
        "status",
        "items",
        "show",
        "next",
        "done",
        "block",
        "scope",
        "export",
        "catalog",
        "doctor",
        "completions",
    ] {
        assert!(
            out.stdout.contains(&format!(".SS \"fasttrack {cmd}\"")),
            "no section for {cmd}"
        );
    }
    assert!(!out.stdout.contains('\x1b'));
}

// ---------------------------------------------------------------------------------------------
// Init without a terminal, colour, broken pipes

#[test]
fn init_never_prompts_without_a_terminal() {
    let env = Env::new();
    let out = env.cmd().args(["init"]).stdin("Contoso\n").run().code(2);
    assert!(
        out.stderr.starts_with("error: no customer"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(!env.journal().exists());
}

#[test]
fn colour_follows_flags_and_environment_in_pipes() {
    let env = engagement();
    for cmd in [
        &["items"][..],
        &["status"],
        &["next"],
        &["show", "intune.mdm-authority"],
    ] {
        let plain = env.run(cmd).ok();
        assert!(!plain.stdout.contains('\x1b'), "{cmd:?} coloured a pipe");
        // On Windows the table cells are styled by crossterm, which writes colour into a pipe
        // only when TERM names a terminal (Git Bash and MSYS set it): see docs/windows.md.
        let term = if cfg!(windows) { "xterm-256color" } else { "" };
        let with = |k: &str, v: &str| {
            let mut c = env.cmd().args(cmd).env(k, v);
            if !term.is_empty() {
                c = c.env("TERM", term);
            }
            c.run().ok().stdout
        };
        assert!(with("CLICOLOR_FORCE", "1").contains("\x1b["), "{cmd:?}");
        assert!(!with("CLICOLOR_FORCE", "0").contains('\x1b'), "{cmd:?}");
        let mut always = vec!["--color", "always"];
        always.extend_from_slice(cmd);
        let forced = env
            .cmd()
            .args(&always)
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .run()
            .ok();
        // Skipped on Windows (said once, below the loop).
        if !cfg!(windows) {
            assert!(forced.stdout.contains("\x1b["), "{cmd:?}: --color always");
        }
        let no = env
            .cmd()
            .args(cmd)
            .env("NO_COLOR", "1")
            .env("CLICOLOR_FORCE", "1")
            .run()
            .ok();
        assert!(
            !no.stdout.contains('\x1b'),
            "{cmd:?}: NO_COLOR beats CLICOLOR_FORCE"
        );
        let mut never = vec!["--color", "never"];
        never.extend_from_slice(cmd);
        let never = env.cmd().args(&never).env("CLICOLOR_FORCE", "1").run().ok();
        assert!(!never.stdout.contains('\x1b'), "{cmd:?}: --color never");
    }
    if cfg!(windows) {
        crate::harness::skip(
            "colour_follows_flags_and_environment_in_pipes (--color always with TERM=dumb)",
            "into a pipe on Windows crossterm leaves the table cells plain (without a console \
             it asks TERM); see docs/windows.md",
        );
    }
    // Machine formats never carry colour, whatever is asked.
    for cmd in [
        &["items", "--json"][..],
        &["status", "--json"],
        &["export", "--format", "csv"],
    ] {
        let mut args = vec!["--color", "always"];
        args.extend_from_slice(cmd);
        assert!(!env.run(&args).ok().stdout.contains('\x1b'), "{cmd:?}");
    }
    // In a pipe the status table has no progress bar; the percentage has its own column.
    let status = env.run(&["status"]).ok().stdout;
    assert!(
        status.contains("done %") && !status.contains('░'),
        "{status}"
    );
}

/// Runs `fasttrack ARGS` with standard output read by a reader that stops after one line.
fn read_one_line_then_close(env: &Env, args: &[&str]) -> (i32, String) {
    let mut child = env.cmd().args(args).spawn();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(!line.is_empty());
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn broken_pipes_end_quietly() {
    let env = engagement();
    // Enough output to outgrow the pipe's buffer (64 KiB on Linux) after the reader has gone.
    for args in [
        &["items", "--all"][..],
        &["items", "--all", "--json"],
        &["catalog", "--json"],
        &["man"],
        &["export", "--format", "csv"],
    ] {
        let (code, stderr) = read_one_line_then_close(&env, args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// A real terminal

/// A private tmux server (its own socket) running one shell command in a pane of a given
/// size, so the program sees a terminal: colour on, widths from the terminal.
pub(crate) struct Tmux {
    socket: String,
    dir: PathBuf,
}

impl Tmux {
    pub(crate) fn start(env: &Env, width: u16, command: &str) -> Tmux {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "fasttrack-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let t = Tmux {
            socket,
            dir: env.path().to_owned(),
        };
        let bin_dir = Path::new(BIN).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        // The pane stays after the command ends, so it can be read.
        let script = format!("{command}; printf '\\n[end]'; sleep 600");
        let ok = t
            .cmd()
            .args(["-f", "/dev/null", "new-session", "-d", "-x"])
            .arg(width.to_string())
            .args(["-y", "200", "sh", "-c", &script])
            .current_dir(&t.dir)
            .env("PATH", path)
            .env("TERM", "xterm-256color")
            .env("FASTTRACK_USER", "tester")
            .env("TZ", "UTC")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("FASTTRACK_STATE")
            .env_remove("FASTTRACK_CATALOG")
            .status()
            .unwrap()
            .success();
        assert!(ok, "tmux new-session failed");
        t
    }

    pub(crate) fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]);
        c
    }

    /// The pane's text, with colours (`-e`) when asked.
    pub(crate) fn capture(&self, escapes: bool) -> String {
        let mut c = self.cmd();
        c.args(["capture-pane", "-p", "-J", "-t", "0"]);
        if escapes {
            c.arg("-e");
        }
        // -J joins lines the terminal wrapped: a line longer than the pane shows up as one.
        let out = c.output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits for `needle` on the screen.
    pub(crate) fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |screen| screen.contains(needle))
    }

    /// Waits until the screen passes `test` (`what` names it in the failure).
    pub(crate) fn wait_until(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture(false);
            if test(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `text` without pressing Enter.
    pub(crate) fn type_text(&self, text: &str) {
        let ok = self
            .cmd()
            .args(["send-keys", "-t", "0", "-l", text])
            .status();
        assert!(ok.unwrap().success());
    }

    /// Presses one key by its tmux name (`Tab`, `C-c`).
    pub(crate) fn press(&self, key: &str) {
        let ok = self.cmd().args(["send-keys", "-t", "0", key]).status();
        assert!(ok.unwrap().success());
    }

    pub(crate) fn send(&self, keys: &str) {
        let ok = self
            .cmd()
            .args(["send-keys", "-t", "0", "-l", keys])
            .status();
        assert!(ok.unwrap().success());
        let ok = self.cmd().args(["send-keys", "-t", "0", "Enter"]).status();
        assert!(ok.unwrap().success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").stderr(Stdio::null()).status();
    }
}

/// Strips SGR escape sequences (`ESC [ ... m`).
pub fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Times (YYYY-MM-DD HH:MM) and the temp folder vary from run to run.
pub fn normalise(text: &str, dir: &Path) -> String {
    let text = text.replace(&dir.display().to_string(), "<dir>");
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let pattern = "dddd-dd-dd dd:dd";
    let p: Vec<char> = pattern.chars().collect();
    while i < b.len() {
        let fits = i + p.len() <= b.len()
            && p.iter().zip(&b[i..]).all(|(p, c)| {
                if *p == 'd' {
                    c.is_ascii_digit()
                } else {
                    p == c
                }
            });
        if fits {
            out.push_str("YYYY-MM-DD hh:mm");
            i += p.len();
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    let mut s = lines.join("\n").trim_end().to_owned();
    s.push('\n');
    s
}

pub fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/tmux")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `UPDATE_SNAPSHOTS=1 cargo test --test cli native` to write it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs; if the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test --test cli \
         native` and read the diff\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

#[test]
fn what_a_person_sees_at_80_and_200_columns() {
    if !has("tmux") {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let env = engagement();
    let views: [(&str, &str); 4] = [
        ("status", "fasttrack status"),
        ("items", "fasttrack items --phase initiate"),
        ("next", "fasttrack next"),
        ("show", "fasttrack show intune.mdm-authority"),
    ];
    for width in [80u16, 200] {
        for (name, command) in views {
            let tmux = Tmux::start(&env, width, command);
            tmux.wait_for("[end]");
            let coloured = tmux.capture(true);
            let text = strip_sgr(&coloured);
            let text = text.trim_end().trim_end_matches("[end]");
            // Nothing wider than the terminal (a wrapped line would have been joined by -J).
            for line in text.lines() {
                assert!(
                    line.trim_end().chars().count() <= usize::from(width),
                    "{name} at {width}: a line is wider than the terminal:\n{line}"
                );
            }
            match name {
                "status" => {
                    assert!(text.contains('░') && text.contains("progress"), "{text}");
                    assert!(coloured.contains('\x1b'), "no colour on a terminal");
                }
                "items" => {
                    assert!(text.contains("initiate.define-services"), "{text}");
                    assert!(text.contains("kickoff booked"), "{text}");
                }
                "show" => assert!(coloured.contains('\x1b'), "no colour on a terminal"),
                _ => {}
            }
            snapshot(&format!("{name}-{width}.txt"), &normalise(text, env.path()));
        }
    }
}

#[test]
fn status_words_are_coloured_on_a_terminal() {
    if !has("tmux") {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let env = engagement();
    let tmux = Tmux::start(
        &env,
        200,
        "fasttrack items --all --status done; fasttrack items --all --status blocked; \
         fasttrack items --all --status in-progress",
    );
    tmux.wait_for("[end]");
    let screen = tmux.capture(true);
    let find = |word: &str| {
        screen
            .lines()
            .find(|l| strip_sgr(l).contains(&format!(" {word} ")))
            .unwrap_or_else(|| panic!("no {word} row:\n{screen}"))
            .to_owned()
    };
    // comfy-table writes the 256-colour palette: 10 / 2 green, 9 / 1 red, 11 / 3 yellow; tmux
    // may report the basic form (32, 31, 33).
    let coloured = |line: String, codes: [&str; 3]| {
        assert!(codes.iter().any(|c| line.contains(c)), "{line:?}");
    };
    coloured(find("done"), ["\x1b[38;5;10m", "\x1b[38;5;2m", "\x1b[32m"]);
    coloured(
        find("blocked"),
        ["\x1b[38;5;9m", "\x1b[38;5;1m", "\x1b[31m"],
    );
    coloured(
        find("in-progress"),
        ["\x1b[38;5;11m", "\x1b[38;5;3m", "\x1b[33m"],
    );
}

/// An overdue due date stands out in colour (red and bold), and only an overdue one; without
/// colour the same table has no escape at all.
#[test]
fn an_overdue_due_date_is_red_and_bold() {
    let env = Env::new();
    env.init(&["--licenses", "500"]);
    env.run(&[
        "assign",
        "customer.kickoff",
        "--owner",
        "Ann",
        "--due",
        "2020-01-06",
    ])
    .ok();
    env.run(&[
        "assign",
        "initiate.start",
        "--owner",
        "Bo",
        "--due",
        "2099-01-05",
    ])
    .ok();
    let out = env.run(&["items", "--all", "--color", "always"]).ok();
    let line = |needle: &str| {
        out.stdout
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in:\n{}", out.stdout))
    };
    let red = ["\x1b[38;5;9m", "\x1b[38;5;1m", "\x1b[31m"];
    let overdue = line("2020-01-06");
    assert!(red.iter().any(|c| overdue.contains(c)), "{overdue:?}");
    assert!(overdue.contains("\x1b[1m"), "not bold: {overdue:?}");
    let later = line("2099-01-05");
    assert!(!red.iter().any(|c| later.contains(c)), "{later:?}");
    let plain = env.run(&["items", "--all", "--color", "never"]).ok();
    assert!(!plain.stdout.contains('\x1b'), "{}", plain.stdout);
}

#[test]
fn guided_init_asks_each_question_and_prints_the_plan() {
    if !has("tmux") {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let env = Env::new();
    let tmux = Tmux::start(&env, 80, "fasttrack init");
    tmux.wait_for("Customer name:");
    tmux.send("");
    tmux.wait_for("a name is needed");
    tmux.send("Fabrikam");
    tmux.wait_for("[intune,aad-premium,co-management]:");
    tmux.send("intune");
    tmux.wait_for("(single or multiple) [single]:");
    tmux.send("three");
    tmux.wait_for("expected single or multiple");
    tmux.send("multiple");
    tmux.wait_for("[managed]:");
    tmux.send("federated");
    tmux.wait_for("[not known]:");
    tmux.send("800");
    // The prerequisites Intune needs, from the catalog: yes to the first, the default (no) to
    // the rest.
    let catalog = env.run(&["catalog", "--json"]).ok().json();
    let prerequisites = catalog["prerequisites"].as_array().unwrap().clone();
    let mut n = 0;
    let screen = loop {
        // Long questions wrap at words, so "(y/n)" and "[no]:" may sit on two lines.
        let screen = tmux.wait_until(&format!("question {}", n + 1), |s| {
            s.matches("[no]:").count() == n + 1 || s.contains("[end]")
        });
        if screen.contains("[end]") {
            break screen;
        }
        tmux.send(if n == 0 { "y" } else { "" });
        n += 1;
    };
    assert!(
        n > 0 && n < prerequisites.len(),
        "{n} prerequisite questions"
    );
    for line in screen.lines() {
        // The command line stays whole to be copied; the temp folder's path has no spaces.
        let exempt = line.starts_with("The same") || line.starts_with("Started");
        assert!(line.chars().count() <= 80 || exempt, "{line}");
    }
    assert!(
        screen.contains("Started the engagement for Fabrikam"),
        "{screen}"
    );
    assert!(
        screen.contains("Plan:") && screen.contains("items apply"),
        "{screen}"
    );
    let first = prerequisites[0]["id"].as_str().unwrap();
    let same = format!(
        "fasttrack init --customer Fabrikam --services intune --forests multiple --identity \
         federated --licenses 800 --prerequisites {first}"
    );
    assert!(screen.contains(&same), "{screen}");
    // The flags give the same engagement without questions.
    let profile = env.run(&["profile", "--json"]).ok().json();
    let other = Env::new();
    let args: Vec<&str> = same.split(' ').skip(1).collect();
    other.run(&args).ok();
    assert_eq!(other.run(&["profile", "--json"]).ok().json(), profile);
}

#[test]
fn guided_init_stops_at_the_end_of_input() {
    if !has("tmux") {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let env = Env::new();
    let tmux = Tmux::start(&env, 80, "fasttrack init; echo \"exit=$?\"");
    tmux.wait_for("Customer name:");
    let ok = tmux.cmd().args(["send-keys", "-t", "0", "C-d"]).status();
    assert!(ok.unwrap().success());
    let screen = tmux.wait_for("[end]");
    assert!(screen.contains("error: init stopped"), "{screen}");
    assert!(screen.contains("exit=2"), "{screen}");
    assert!(!env.journal().exists());
}
