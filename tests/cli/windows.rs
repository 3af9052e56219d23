//! What Windows does differently, proven on every platform where the behaviour is the same
//! and under Wine (CI's Windows stage) where it is not: long notes through standard input (a
//! Windows command line holds 32,767 UTF-16 units), CRLF journals from git's autocrlf, paths
//! with spaces and backslashes, the default `--by` from USERNAME, colour and NO_COLOR, two
//! writers at once, and replacing a journal that another process holds open.

use crate::harness::{Env, can_replace_open_files};

const ITEM: &str = "intune.mdm-authority";

/// The notes in the journal, oldest first.
fn notes(env: &Env) -> Vec<String> {
    let log = env.run(&["log", "--json"]).ok().json();
    log.as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["note"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn long_notes_travel_through_standard_input_whole() {
    let env = Env::new();
    env.init(&[]);
    // Over Windows' whole command line (32,767 UTF-16 units) and Linux's one argument (128 KiB).
    let big: String = "Ünïcödé notes travel through -m -; ".repeat(6_000);
    assert!(big.encode_utf16().count() > 32_767 && big.len() > 128 * 1024);
    env.cmd()
        .args(["note", ITEM, "-m", "-"])
        .stdin(format!("{big}\r\n"))
        .run()
        .ok();
    assert_eq!(
        notes(&env),
        [big.as_str()],
        "the note, whole, its CRLF dropped"
    );
}

/// git's `core.autocrlf=true` checks a journal out with CRLF line ends: it must read the same,
/// stay healthy, and take new lines.
#[test]
fn a_journal_with_crlf_line_ends_reads_the_same_and_takes_new_lines() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["start", ITEM]).ok();
    env.run(&["note", ITEM, "-m", "before the checkout"]).ok();
    let lf_status = env.run(&["status", "--json"]).ok().json();
    let lf = env.read("fasttrack.jsonl");
    assert!(!lf.contains('\r'));
    env.write("fasttrack.jsonl", lf.replace('\n', "\r\n"));

    assert_eq!(env.run(&["status", "--json"]).ok().json(), lf_status);
    assert_eq!(notes(&env), ["before the checkout"]);
    env.run(&["doctor"]).ok().stdout_has("healthy");
    env.run(&["note", ITEM, "-m", "after the checkout"]).ok();
    assert_eq!(notes(&env), ["before the checkout", "after the checkout"]);
    env.run(&["done", ITEM, "-m", "set"]).ok();
    let doc = env.run(&["status", "--json"]).ok().json();
    assert_ne!(doc, lf_status, "the new lines count");
    env.run(&["doctor"]).ok().stdout_has("healthy");
    // The old lines are left as they were (CRLF); nothing already written is rewritten.
    let now = env.read("fasttrack.jsonl");
    assert!(now.starts_with(&lf.replace('\n', "\r\n")), "{now}");
}

#[test]
fn paths_with_spaces_and_backslashes_work() {
    let env = Env::new();
    let folder = env.join("Ann Lee").join("Contoso engagement (2026)");
    std::fs::create_dir_all(&folder).unwrap();
    let journal = folder.join("fasttrack.jsonl");
    // On Windows, spell it the way Explorer copies it: backslashes only.
    let spelled = if cfg!(windows) {
        journal.to_str().unwrap().replace('/', "\\")
    } else {
        journal.to_str().unwrap().to_owned()
    };
    env.run(&["--state", &spelled, "init", "--customer", "Contoso"])
        .ok();
    assert!(journal.is_file());
    env.run(&["--state", &spelled, "done", ITEM, "-m", "set"])
        .ok();
    env.cmd()
        .args(["status"])
        .env("FASTTRACK_STATE", &spelled)
        .run()
        .ok()
        .stdout_has("Contoso");
    let out = folder.join("report with spaces.csv");
    let out = if cfg!(windows) {
        out.to_str().unwrap().replace('/', "\\")
    } else {
        out.to_str().unwrap().to_owned()
    };
    env.run(&["--state", &spelled, "export", "--format", "csv", "-o", &out])
        .ok();
    let csv = std::fs::read_to_string(folder.join("report with spaces.csv")).unwrap();
    assert!(csv.contains(ITEM), "{csv}");
    // A repair writes its temp file and backup beside the journal, in the folder with spaces.
    if !can_replace_open_files("paths_with_spaces_and_backslashes_work (its repair)") {
        return;
    }
    let text = std::fs::read_to_string(&journal).unwrap();
    std::fs::write(&journal, format!("{text}{{\"id\":\"torn")).unwrap();
    env.run(&["--state", &spelled, "doctor", "--repair"])
        .ok()
        .stdout_has("healthy");
    assert!(folder.join("fasttrack.jsonl.torn").is_file());
}

/// With no --by, no FASTTRACK_USER and no git user.name, changes are recorded under the login
/// name: USERNAME on Windows (USER is a Unix variable).
#[test]
fn the_default_author_is_the_login_name_when_git_has_no_user_name() {
    let env = Env::new();
    env.init(&[]);
    let empty = env.write("empty.gitconfig", "");
    let run = |args: &[&str]| {
        env.cmd()
            .args(args)
            .env_remove("FASTTRACK_USER")
            .env_remove("USER")
            .env_remove("LOGNAME")
            .env("USERNAME", "ann.lee")
            .env("GIT_CONFIG_GLOBAL", &empty)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", env.path())
            .env("USERPROFILE", env.path())
            .run()
    };
    run(&["note", ITEM, "-m", "by the login name"]).ok();
    let log = env.run(&["log", "--json"]).ok().json();
    assert_eq!(log[0]["by"], "ann.lee", "{log}");
    run(&["items", "--mine"]).ok();
}

/// Colour: never in a pipe by default; NO_COLOR turns it off, --color always and
/// CLICOLOR_FORCE turn it on, on Windows as elsewhere (there with TERM set, as Git Bash sets
/// it: without a console crossterm colours table cells only then; see docs/windows.md).
#[test]
fn colour_follows_no_color_and_the_flags() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["block", ITEM, "-m", "waiting"]).ok();
    let plain = env.run(&["status"]).ok();
    assert!(!plain.stdout.contains('\x1b'), "{}", plain.stdout);
    let always = env
        .cmd()
        .args(["--color", "always", "status"])
        .env("TERM", "xterm-256color")
        .run()
        .ok();
    assert!(always.stdout.contains("\x1b["), "{}", always.stdout);
    let forced = env
        .cmd()
        .args(["status"])
        .env("CLICOLOR_FORCE", "1")
        .env("TERM", "xterm-256color")
        .run()
        .ok();
    assert!(forced.stdout.contains("\x1b["), "{}", forced.stdout);
    let no = env
        .cmd()
        .args(["status"])
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .run()
        .ok();
    assert!(!no.stdout.contains('\x1b'), "{}", no.stdout);
}

/// Two processes append at once, many times: the lock between processes loses nothing.
#[test]
fn two_writers_at_once_lose_nothing() {
    let env = Env::new();
    env.init(&[]);
    let per = 15;
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let dir = env.path().to_owned();
            std::thread::spawn(move || {
                for n in 0..per {
                    let out = crate::harness::Cmd::new(&dir)
                        .args(["--by", who, "note", ITEM, "-m", &format!("{who}{n}")])
                        .run();
                    assert_eq!(out.code, 0, "{who}{n}: {}", out.stderr);
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let mut got = notes(&env);
    got.sort();
    let mut want: Vec<String> = (0..per)
        .flat_map(|n| [format!("a{n}"), format!("b{n}")])
        .collect();
    want.sort();
    assert_eq!(got, want);
    env.run(&["doctor"]).ok().stdout_has("healthy");
}

/// `doctor --repair` replaces the journal while another process (here: this test, like an
/// editor or a backup tool) has it open: the repair goes through and the holder keeps reading
/// the old file.
#[test]
fn a_repair_replaces_the_journal_while_another_process_has_it_open() {
    if !can_replace_open_files("a_repair_replaces_the_journal_while_another_process_has_it_open") {
        return;
    }
    let env = Env::new();
    env.init(&[]);
    env.run(&["note", ITEM, "-m", "first"]).ok();
    let text = env.read("fasttrack.jsonl");
    let torn = format!("{text}{{\"id\":\"torn");
    env.write("fasttrack.jsonl", &torn);
    let mut holder = std::fs::File::open(env.journal()).unwrap();
    env.run(&["doctor", "--repair"]).ok().stdout_has("healthy");
    assert_eq!(env.read("fasttrack.jsonl"), text);
    let mut held = String::new();
    std::io::Read::read_to_string(&mut holder, &mut held).unwrap();
    assert_eq!(held, torn, "the holder still reads the file it opened");
    env.run(&["note", ITEM, "-m", "second"]).ok();
    assert_eq!(notes(&env), ["first", "second"]);
}

/// A writer holds the lock (paused halfway through its line) while `doctor --repair` and a
/// second writer wait for it; the repair then replaces the journal the second writer has
/// open. The second writer must append to the new journal, not the replaced one.
#[test]
fn writers_waiting_on_a_repair_append_to_the_new_journal() {
    if !can_replace_open_files("writers_waiting_on_a_repair_append_to_the_new_journal") {
        return;
    }
    let env = Env::new();
    env.init(&[]);
    env.run(&["note", ITEM, "-m", "first"]).ok();
    // A line a merge doubled: something for the repair to fix that writers still accept.
    let text = env.read("fasttrack.jsonl");
    let last = text.lines().last().unwrap().to_owned();
    env.write("fasttrack.jsonl", format!("{text}{last}\n"));
    let holder = env
        .cmd()
        .args(["note", ITEM, "-m", "held"])
        .env("FASTTRACK_TEST_PAUSE_MS", "400")
        .spawn();
    let repair = env.cmd().args(["doctor", "--repair"]).spawn();
    let waiter = env.cmd().args(["note", ITEM, "-m", "waited"]).spawn();
    for (name, child) in [("holder", holder), ("repair", repair), ("waiter", waiter)] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut got = notes(&env);
    got.sort();
    assert_eq!(got, ["first", "held", "waited"]);
    env.run(&["doctor"]).ok().stdout_has("healthy");
}
