//! Faults an adversarial pass found: times the replay cannot trust, exports over a journal,
//! half-recorded batches, cut notes, FIFOs, silent lock waits, floods of warnings, followed
//! links and odd headers. Each test failed before its fix.

use crate::harness::{BIN, Env, Output};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ITEM: &str = "intune.mdm-authority";

fn line(id: &str, at: &str, op: &str, item: &str, status: &str) -> String {
    format!(
        r#"{{"id":"{id}","at":"{at}","by":"tester","op":"{op}","item":"{item}","status":"{status}","prev":""}}"#
    )
}

fn append(env: &Env, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(env.journal())
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

fn status_of(env: &Env, item: &str) -> String {
    let v = env.run(&["show", item, "--json"]).ok().json();
    v["state"]["status"].as_str().unwrap_or_default().to_owned()
}

/// The `at` of the journal's last line, checked to be a time the tool can read back.
fn last_time(env: &Env) -> String {
    let lines = env.journal_lines();
    let v: serde_json::Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    let at = v["at"].as_str().unwrap().to_owned();
    let t = chrono::DateTime::parse_from_rfc3339(&at)
        .unwrap_or_else(|e| panic!("the tool wrote a time it cannot read back: {at} ({e})"));
    assert!(
        (2000..2100).contains(&chrono::Datelike::year(&t)),
        "the tool wrote {at}"
    );
    at
}

/// Runs `cmd` and kills it if it takes longer than `limit` (a hang is a failure, not a stuck
/// test run).
fn run_bounded(mut cmd: Command, limit: Duration) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!(
                "fasttrack did not finish in {limit:?}; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn bin(env: &Env) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(env.path())
        .env_remove("FASTTRACK_STATE")
        .env_remove("FASTTRACK_CATALOG")
        .env("FASTTRACK_USER", "tester")
        .env("TZ", "UTC");
    c
}

// ---------------------------------------------------------------------------------------
// 1. Times the replay cannot trust

#[test]
fn a_far_future_zoneless_or_unreadable_time_never_voids_a_later_change() {
    for bad in [
        "9999-12-31T23:59:59.999999Z",
        "2999-06-01T00:00:00.000000Z",
        "2026-12-02T23:00:00",
        "yesterday",
        "1970-01-01T00:00:00Z",
    ] {
        let env = Env::new();
        env.init(&[]);
        append(
            &env,
            &format!("{}\n", line("bad1", bad, "done", ITEM, "done")),
        );
        assert_eq!(status_of(&env, ITEM), "done", "{bad}");
        env.run(&["start", ITEM, "-m", "after the bad line"]).ok();
        assert_eq!(status_of(&env, ITEM), "in-progress", "{bad}");
        let first = last_time(&env);
        env.run(&["note", ITEM, "-m", "second"]).ok();
        assert!(last_time(&env) > first, "{bad}");
        // `log --since` shows the new changes; `undo` takes back the latest.
        let log = env
            .run(&["log", "--since", "2020-01-01", "--json"])
            .ok()
            .json();
        let notes: Vec<&str> = log
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["note"].as_str())
            .collect();
        assert!(notes.contains(&"second"), "{bad}: {notes:?}");
        env.run(&["undo"]).ok().stdout_has("undone: note");
        // doctor names the line; --repair fixes it safely and the state stays as it was.
        let out = env.run(&["doctor"]).code(1).stdout_has("line 2:");
        assert!(out.stdout.contains("time"), "{bad}: {}", out.stdout);
        if !crate::harness::can_replace_open_files(
            "a_far_future_zoneless_or_unreadable_time_never_voids_a_later_change (its repair)",
        ) {
            continue;
        }
        env.run(&["doctor", "--repair"]).code(0);
        env.run(&["doctor"]).ok().stdout_has("healthy");
        assert_eq!(status_of(&env, ITEM), "in-progress", "{bad}");
        env.run(&["reopen", ITEM]).ok();
        assert_eq!(status_of(&env, ITEM), "not-started", "{bad}");
    }
}

#[test]
fn a_change_dated_after_the_bad_line_in_the_file_still_wins_after_repair() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["done", ITEM]).ok();
    append(
        &env,
        &format!(
            "{}\n",
            line(
                "bad1",
                "9999-12-31T23:59:59.999999Z",
                "block",
                ITEM,
                "blocked"
            )
        ),
    );
    env.run(&["skip", ITEM, "-m", "not needed"]).ok();
    assert_eq!(status_of(&env, ITEM), "skipped");
    if !crate::harness::can_replace_open_files(
        "a_change_dated_after_the_bad_line_in_the_file_still_wins_after_repair",
    ) {
        return;
    }
    env.run(&["doctor", "--repair"]).ok();
    assert_eq!(status_of(&env, ITEM), "skipped");
}

// ---------------------------------------------------------------------------------------
// 2. Exports never replace a journal

#[test]
fn export_never_replaces_a_journal_or_anything_not_a_regular_file() {
    let env = Env::new();
    env.init(&[]);
    let before = std::fs::read(env.journal()).unwrap();
    env.run(&[
        "export",
        "--format",
        "csv",
        "-o",
        "fasttrack.jsonl",
        "--force",
    ])
    .code(1)
    .stderr_has("journal");
    assert_eq!(std::fs::read(env.journal()).unwrap(), before);
    // By its header, whatever its name.
    env.write("copy.txt", &before);
    env.run(&["export", "--format", "csv", "-o", "copy.txt", "--force"])
        .code(1)
        .stderr_has("journal");
    assert_eq!(std::fs::read(env.join("copy.txt")).unwrap(), before);
    // A symlink is not replaced, and its target is untouched.
    env.write("target.csv", "keep me");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(env.join("target.csv"), env.join("link.csv")).unwrap();
        env.run(&["export", "--format", "csv", "-o", "link.csv", "--force"])
            .code(1)
            .stderr_has("not a regular file");
        assert!(
            std::fs::symlink_metadata(env.join("link.csv"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(env.read("target.csv"), "keep me");
    }
    // An ordinary earlier export is still replaced with --force.
    env.write("old.csv", "old");
    env.run(&["export", "--format", "csv", "-o", "old.csv", "--force"])
        .ok();
    assert_ne!(env.read("old.csv"), "old");
}

// ---------------------------------------------------------------------------------------
// 3. A batch is all or nothing

#[cfg(unix)]
fn five_items(env: &Env) -> Vec<String> {
    let v = env.run(&["items", "--json"]).ok().json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .take(5)
        .collect()
}

#[cfg(unix)]
#[test]
fn a_batch_that_hits_a_full_disk_records_nothing() {
    let env = Env::new();
    env.init(&[]);
    let ids = five_items(&env);
    let before = std::fs::read(env.journal()).unwrap();
    // RLIMIT_FSZ stands in for a full disk: writes past 8 KiB fail with EFBIG (SIGXFSZ is
    // ignored, so the process sees the error instead of dying).
    let note = "x".repeat(2000);
    let script = format!(
        "trap '' XFSZ; ulimit -f 16; exec \"$0\" done --force {} -m {note}",
        ids.join(" ")
    );
    let out = run_bounded(
        {
            let mut c = Command::new("sh");
            c.current_dir(env.path())
                .env("FASTTRACK_USER", "tester")
                .env_remove("FASTTRACK_STATE")
                .args(["-c", &script, BIN]);
            c
        },
        Duration::from_secs(30),
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("nothing was written"), "{out:?}");
    assert_eq!(std::fs::read(env.journal()).unwrap(), before);
    env.run(&["doctor"]).ok();
}

// ---------------------------------------------------------------------------------------
// 4. A note from standard input over 1 MiB is refused whole

#[test]
fn a_stdin_note_over_1_mib_is_refused_whole() {
    let env = Env::new();
    env.init(&[]);
    let before = std::fs::read(env.journal()).unwrap();
    let mut note = "x".repeat(1024 * 1024);
    note.push_str("\nand the rest\n");
    env.cmd()
        .args(["note", ITEM, "-m", "-"])
        .stdin(note)
        .run()
        .code(2)
        .stderr_has("1 MiB");
    assert_eq!(std::fs::read(env.journal()).unwrap(), before);
    // Exactly 1 MiB plus its newline is fine.
    let mut note = "y".repeat(1024 * 1024);
    note.push('\n');
    env.cmd()
        .args(["note", ITEM, "-m", "-"])
        .stdin(note)
        .run()
        .ok();
}

// ---------------------------------------------------------------------------------------
// 5. Non-regular files are refused, reads are capped

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_not_read() {
    let env = Env::new();
    env.init(&[]);
    let fifo = env.join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (flag, path) in [
        ("--state", fifo.to_str().unwrap()),
        ("--catalog", fifo.to_str().unwrap()),
        ("--state", "/dev/zero"),
        ("--catalog", "/dev/zero"),
    ] {
        let mut c = bin(&env);
        c.args([flag, path, "status"]);
        let out = run_bounded(c, Duration::from_secs(20));
        assert_eq!(out.code, 1, "{flag} {path}: {out:?}");
        assert!(out.stderr.contains("not a regular file"), "{out:?}");
    }
}

// ---------------------------------------------------------------------------------------
// 6. Waiting for the lock says so, and gives up

#[test]
fn waiting_for_the_lock_says_so_and_gives_up_after_wait_seconds() {
    let env = Env::new();
    env.init(&[]);
    let held = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .open(env.journal())
        .unwrap();
    held.lock().unwrap();
    let before = std::fs::read(env.journal()).unwrap();
    let mut c = bin(&env);
    c.args(["done", ITEM, "--wait", "1"]);
    let out = run_bounded(c, Duration::from_secs(30));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr.contains("(another fasttrack is writing)"),
        "{out:?}"
    );
    assert!(out.stderr.contains("--wait"), "{out:?}");
    let mut c = bin(&env);
    c.args(["status", "--wait", "1"]);
    let out = run_bounded(c, Duration::from_secs(30));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("waiting for"), "{out:?}");
    drop(held);
    assert_eq!(std::fs::read(env.journal()).unwrap(), before);
    env.run(&["done", ITEM, "--wait", "1"]).ok();
    // The environment sets it too.
    env.cmd()
        .env("FASTTRACK_WAIT", "x")
        .args(["status"])
        .run()
        .code(2);
}

// ---------------------------------------------------------------------------------------
// 7. Warnings are capped

#[test]
fn a_flood_of_bad_lines_prints_a_few_warnings_and_a_count() {
    let env = Env::new();
    env.init(&[]);
    append(&env, &"garbage\n".repeat(500));
    let out = env.run(&["status"]).ok();
    let warnings = out.stderr.lines().filter(|l| l.contains("warning")).count();
    assert!(warnings <= 11, "{warnings} warning lines:\n{}", out.stderr);
    out.stderr_has("and 495 more (run `fasttrack doctor`)");
}

// ---------------------------------------------------------------------------------------
// 9. Links beside the journal are not followed

#[cfg(unix)]
#[test]
fn init_does_not_append_through_a_gitattributes_symlink() {
    let env = Env::new();
    env.write("elsewhere", "precious\n");
    std::os::unix::fs::symlink(env.join("elsewhere"), env.join(".gitattributes")).unwrap();
    let out = env.run(&["init", "--customer", "Contoso"]);
    assert_eq!(env.read("elsewhere"), "precious\n", "{out:?}");
    out.stderr_has(".gitattributes");
}

#[cfg(unix)]
#[test]
fn a_hard_linked_torn_file_is_refused() {
    let env = Env::new();
    env.init(&[]);
    append(&env, r#"{"id":"torn","at":"2026"#);
    env.write("elsewhere", "precious\n");
    std::fs::hard_link(env.join("elsewhere"), env.join("fasttrack.jsonl.torn")).unwrap();
    env.run(&["note", ITEM, "-m", "x"])
        .code(1)
        .stderr_has("link");
    assert_eq!(env.read("elsewhere"), "precious\n");
}

// ---------------------------------------------------------------------------------------
// 10. Control characters never reach the terminal raw

#[test]
fn csv_and_html_exports_to_stdout_escape_control_characters() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["note", ITEM, "-m", "hi \u{1b}[2J\u{1b}]0;PWN\u{7} there"])
        .ok();
    for format in ["csv", "html", "markdown", "json"] {
        let out = env.run(&["export", "--format", format]).ok();
        assert!(
            !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
            "{format}: {:?}",
            out.stdout
        );
    }
}

#[test]
fn catalog_validate_refuses_control_characters() {
    let env = Env::new();
    let yaml =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/ems.yaml")).unwrap();
    let at = yaml.find("title: ").unwrap();
    let end = at + yaml[at..].find('\n').unwrap();
    let hostile = format!(
        "{}title: \"\\e[2J\\e]0;PWN\\a\"{}",
        &yaml[..at],
        &yaml[end..]
    );
    env.write("hostile.yaml", hostile);
    env.run(&["catalog", "validate", "hostile.yaml"])
        .code(1)
        .stderr_has("control character");
}

// ---------------------------------------------------------------------------------------
// Smaller

#[test]
fn a_byte_order_mark_is_accepted() {
    let env = Env::new();
    env.init(&[]);
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(std::fs::read(env.journal()).unwrap());
    std::fs::write(env.journal(), bytes).unwrap();
    env.run(&["status"]).ok();
    env.run(&["done", ITEM]).ok();
    assert_eq!(status_of(&env, ITEM), "done");
}

#[test]
fn a_cr_only_journal_or_a_header_without_newline_points_to_doctor() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["note", ITEM, "-m", "x"]).ok();
    let text = env.read("fasttrack.jsonl");
    env.write("fasttrack.jsonl", text.replace('\n', "\r"));
    let out = env.run(&["status"]).code(1).stderr_has("doctor");
    assert!(!out.stderr.contains("remove"), "{}", out.stderr);
    let header = text.lines().next().unwrap().to_owned();
    env.write("fasttrack.jsonl", &header);
    let out = env.run(&["status"]).code(1).stderr_has("doctor");
    assert!(!out.stderr.contains("remove"), "{}", out.stderr);
}

#[test]
fn odd_header_versions_are_errors_that_name_the_version() {
    for v in ["0", "4294967296", "-1", "1.5"] {
        let env = Env::new();
        env.init(&[]);
        let text =
            env.read("fasttrack.jsonl")
                .replacen("\"version\":1", &format!("\"version\":{v}"), 1);
        env.write("fasttrack.jsonl", text);
        env.run(&["status"])
            .code(1)
            .stderr_has(&format!("version {v}"));
    }
}

#[test]
fn dates_outside_2000_to_2100_are_refused() {
    let env = Env::new();
    env.init(&[]);
    for due in ["+10000-01-01", "9999-12-31", "1999-12-31"] {
        env.run(&["assign", ITEM, "--due", due])
            .code(2)
            .stderr_has("2000");
    }
    env.run(&["assign", ITEM, "--due", "2099-12-31"]).ok();
    for at in [
        "9999-12-31T23:59:59+05:17",
        "1900-01-01",
        "2100-01-01T00:00:00Z",
    ] {
        env.run(&["checkpoint", "-m", "call", "--at", at])
            .code(2)
            .stderr_has("2000");
    }
    env.run(&["checkpoint", "-m", "call", "--at", "2026-11-12 15:00"])
        .ok();
}

#[test]
fn doctor_names_an_unknown_status_without_debug_formatting() {
    let env = Env::new();
    env.init(&[]);
    append(
        &env,
        &format!(
            "{}\n",
            line(
                "x1",
                "2026-11-01T00:00:00.000000Z",
                "done",
                ITEM,
                "exploded"
            )
        ),
    );
    let out = env.run(&["doctor"]).code(1).stdout_has("\"exploded\"");
    assert!(!out.stdout.contains("Some("), "{}", out.stdout);
}

#[cfg(unix)]
#[test]
fn a_failed_backup_leaves_no_partial_copy() {
    let env = Env::new();
    env.init(&[]);
    for i in 0..20 {
        env.run(&["note", ITEM, "-m", &format!("{i} {}", "y".repeat(600))])
            .ok();
    }
    let lines = env.journal_lines();
    append(&env, &format!("{}\n", lines[3]));
    let script = "trap '' XFSZ; ulimit -f 8; exec \"$0\" doctor --repair";
    let out = run_bounded(
        {
            let mut c = Command::new("sh");
            c.current_dir(env.path())
                .env("FASTTRACK_USER", "tester")
                .env_remove("FASTTRACK_STATE")
                .args(["-c", script, BIN]);
            c
        },
        Duration::from_secs(30),
    );
    assert_eq!(out.code, 1, "{out:?}");
    let leftovers: Vec<_> = std::fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".bak-") || n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn hostile_notes_and_names_reach_no_command_output_raw() {
    let env = Env::new();
    env.init(&[]);
    let hostile = "a\u{1b}[2J\u{1b}]0;PWN\u{7}b";
    env.run(&["--by", hostile, "block", ITEM, "-m", hostile])
        .ok();
    env.run(&["--by", hostile, "checkpoint", "-m", hostile])
        .ok();
    env.run(&["--by", hostile, "assign", ITEM, "--owner", hostile])
        .ok();
    for args in [
        vec!["status"],
        vec!["items"],
        vec!["items", "--status", "blocked"],
        vec!["show", ITEM],
        vec!["next"],
        vec!["log"],
        vec!["checkpoints"],
        vec!["export", "--format", "markdown"],
        vec!["export", "--format", "csv", "--open"],
        vec!["doctor"],
        vec!["undo", "--by", hostile, "--dry-run"],
    ] {
        let out = env.run(&args);
        for (what, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{args:?} {what}: {text:?}"
            );
        }
    }
}
