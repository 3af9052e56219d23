//! Working as a team and across customers: journals shared with git (union merge, conflicts,
//! resolve), assignments and due dates, undo, checkpoint calls and the portfolio.

use crate::harness::Env;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn items(env: &Env, dir: &Path) -> Vec<Value> {
    env.cmd()
        .args(["--state"])
        .args([dir.join("fasttrack.jsonl")])
        .args(["items", "--json"])
        .run()
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

fn item<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// Runs fasttrack in `dir` as `who`.
fn ft(dir: &Path, who: &str, args: &[&str]) -> crate::harness::Output {
    crate::harness::Cmd::new(dir)
        .env("FASTTRACK_USER", who)
        .args(args)
        .run()
}

/// Runs git with a fixed identity and no user or system configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "pull.rebase=false",
        ])
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn have_git() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

fn date(days_from_today: i64) -> String {
    (chrono::Local::now().date_naive() + chrono::Duration::days(days_from_today))
        .format("%Y-%m-%d")
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Git-shared journals

#[test]
fn two_clones_merge_their_journals_and_flag_the_item_both_changed() {
    if !have_git() {
        eprintln!("skipped: no git binary");
        return;
    }
    let env = Env::new();
    let root = env.path();
    git(root, &["init", "--bare", "-q", "origin.git"]);
    git(root, &["clone", "-q", "origin.git", "a"]);
    let a = root.join("a");
    let b = root.join("b");
    ft(&a, "ann", &["init", "--customer", "Contoso"]).ok();
    assert_eq!(
        std::fs::read_to_string(a.join(".gitattributes")).unwrap(),
        "fasttrack.jsonl merge=union\n"
    );
    git(&a, &["add", "."]);
    git(&a, &["commit", "-q", "-m", "start"]);
    git(&a, &["push", "-q", "origin", "HEAD:main"]);
    git(root, &["clone", "-q", "origin.git", "b"]);

    // Both change intune.mdm-authority without seeing each other; each changes one more item.
    ft(
        &a,
        "ann",
        &["done", "intune.mdm-authority", "-m", "ann: set on the call"],
    )
    .ok();
    ft(&a, "ann", &["start", "general.remote-support"]).ok();
    ft(
        &b,
        "bob",
        &[
            "block",
            "intune.mdm-authority",
            "-m",
            "bob: waiting for the admin",
        ],
    )
    .ok();
    ft(&b, "bob", &["start", "initiate.start"]).ok();
    ft(
        &b,
        "bob",
        &["note", "general.tools-docs", "-m", "docs sent"],
    )
    .ok();
    git(&a, &["commit", "-q", "-am", "ann"]);
    git(&b, &["commit", "-q", "-am", "bob"]);
    git(&a, &["push", "-q", "origin", "HEAD:main"]);
    git(&b, &["pull", "-q", "--no-edit", "origin", "main"]);
    git(&b, &["push", "-q", "origin", "HEAD:main"]);
    git(&a, &["pull", "-q", "--no-edit", "origin", "main"]);

    // The merge kept every line once, and both clones derive the same state.
    let lines = std::fs::read_to_string(b.join("fasttrack.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 6, "{lines}");
    assert!(!lines.contains("<<<<"), "{lines}");
    let (ia, ib) = (items(&env, &a), items(&env, &b));
    assert_eq!(ia, ib);
    assert_eq!(item(&ia, "general.remote-support")["status"], "in-progress");
    assert_eq!(item(&ia, "initiate.start")["status"], "in-progress");
    assert_eq!(item(&ia, "general.tools-docs")["conflict"], false);

    // The later change holds the status; the item is flagged with both sides and notes.
    let m = item(&ia, "intune.mdm-authority");
    assert_eq!(m["status"], "blocked");
    assert_eq!(m["conflict"], true);
    let sides = m["conflicting"].as_array().unwrap();
    assert_eq!(sides.len(), 2);
    assert_eq!(sides[0]["by"], "bob");
    assert_eq!(sides[0]["note"], "bob: waiting for the admin");
    assert_eq!(sides[1]["by"], "ann");
    assert_eq!(sides[1]["note"], "ann: set on the call");
    assert_eq!(item(&ia, "general.remote-support")["conflict"], false);
    ft(&a, "ann", &["status"])
        .ok()
        .stdout_has("Conflicts (1)")
        .stdout_has("ann: set on the call")
        .stdout_has("bob: waiting for the admin");
    let status = ft(&a, "ann", &["status", "--json"]).ok().json();
    assert_eq!(status["conflicts"][0]["id"], "intune.mdm-authority");

    // resolve settles it with a change that supersedes both sides.
    ft(&a, "ann", &["resolve", "general.remote-support", "done"])
        .code(1)
        .stderr_has("no conflicting changes");
    ft(
        &a,
        "ann",
        &[
            "resolve",
            "intune.mdm-authority",
            "done",
            "-m",
            "agreed: it is set",
        ],
    )
    .ok()
    .stdout_has("resolved: intune.mdm-authority is done");
    let ia = items(&env, &a);
    let m = item(&ia, "intune.mdm-authority");
    assert_eq!(
        (m["status"].as_str(), m["conflict"].as_bool()),
        (Some("done"), Some(false))
    );
    let last: Value =
        serde_json::from_str(env.read("a/fasttrack.jsonl").lines().last().unwrap()).unwrap();
    assert_eq!(last["op"], "resolve");
    let mut superseded: Vec<String> = last["supersedes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    superseded.sort();
    let mut heads: Vec<String> = sides
        .iter()
        .map(|s| s["change"].as_str().unwrap().to_owned())
        .collect();
    heads.sort();
    assert_eq!(superseded, heads);
    assert!(!ft(&a, "ann", &["status"]).ok().stdout.contains("Conflicts"));

    // Clone b, which has not seen the resolution, carries on: the conflict comes back there.
    git(&a, &["commit", "-q", "-am", "resolved"]);
    git(&a, &["push", "-q", "origin", "HEAD:main"]);
    ft(&b, "bob", &["reopen", "intune.mdm-authority"]).ok();
    git(&b, &["commit", "-q", "-am", "bob again"]);
    git(&b, &["pull", "-q", "--no-edit", "origin", "main"]);
    assert_eq!(
        item(&items(&env, &b), "intune.mdm-authority")["conflict"],
        true
    );
}

#[test]
fn exact_duplicate_lines_from_a_merge_count_once() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["done", "intune.mdm-authority"]).ok();
    let text = env.read("fasttrack.jsonl");
    let last = text.lines().last().unwrap().to_owned();
    env.write("fasttrack.jsonl", format!("{text}{last}\n"));
    let it = env.run(&["items", "--json"]).ok().json();
    let m = item(it.as_array().unwrap(), "intune.mdm-authority");
    assert_eq!(
        (m["status"].as_str(), m["conflict"].as_bool()),
        (Some("done"), Some(false))
    );
}

#[test]
fn lines_without_prev_are_never_taken_for_a_conflict() {
    let env = Env::new();
    env.init(&[]);
    let mut text = env.read("fasttrack.jsonl");
    for (id, s) in [("a1", "done"), ("a2", "blocked")] {
        text.push_str(&format!(
            r#"{{"id":"{id}","at":"2026-01-01T00:00:0{}.000000Z","by":"x","op":"done","item":"intune.mdm-authority","status":"{s}"}}"#,
            &id[1..]
        ));
        text.push('\n');
    }
    env.write("fasttrack.jsonl", text);
    let it = env.run(&["items", "--json"]).ok().json();
    assert_eq!(
        item(it.as_array().unwrap(), "intune.mdm-authority")["conflict"],
        false
    );
}

#[test]
fn init_adds_the_union_rule_once_and_keeps_other_lines() {
    let env = Env::new();
    env.write(".gitattributes", "*.md text");
    env.init(&[]);
    assert_eq!(
        env.read(".gitattributes"),
        "*.md text\nfasttrack.jsonl merge=union\n"
    );
    // Another journal in the same folder gets its own line; an existing one is not repeated.
    env.run(&["--state", "second.jsonl", "init", "--customer", "Fabrikam"])
        .ok();
    std::fs::remove_file(env.journal()).unwrap();
    env.init(&[]);
    assert_eq!(
        env.read(".gitattributes"),
        "*.md text\nfasttrack.jsonl merge=union\nsecond.jsonl merge=union\n"
    );
}

// ---------------------------------------------------------------------------------------
// Owners and dates

#[test]
fn assign_sets_assignee_and_dates_that_drive_items_and_status() {
    let env = Env::new();
    env.init(&[]);
    env.run(&[
        "assign",
        "intune.mdm-authority",
        "general.remote-support",
        "--owner",
        "ann",
        "--due",
        &date(-2),
    ])
    .ok()
    .stdout_has("assigned: intune.mdm-authority  owner ann, due");
    env.run(&[
        "assign",
        "initiate.start",
        "--owner",
        "bob",
        "--due",
        &date(3),
    ])
    .ok();
    env.run(&["assign", "initiate.start", "--next-action", &date(1)])
        .ok();
    env.run(&["done", "general.remote-support"]).ok();
    env.run(&["assign", "initiate.start", "--owner", "bob"])
        .ok()
        .stdout_has("unchanged");

    let it = env.run(&["items", "--json"]).ok().json();
    let it = it.as_array().unwrap();
    let m = item(it, "intune.mdm-authority");
    assert_eq!(m["assignee"], "ann");
    assert_eq!(m["due"], date(-2));
    assert_eq!(m["owner"], "fasttrack", "owner stays the catalog's side");
    let s = item(it, "initiate.start");
    assert_eq!(
        (s["assignee"].as_str(), s["next_action"].clone()),
        (Some("bob"), Value::from(date(1)))
    );

    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["items", "--ids"];
        all.extend_from_slice(args);
        env.run(&all)
            .ok()
            .stdout
            .lines()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        ids(&["--overdue"]),
        ["intune.mdm-authority"],
        "done items are not overdue"
    );
    assert_eq!(
        ids(&["--mine", "--by", "ann"]),
        ["general.remote-support", "intune.mdm-authority"]
    );
    let mine = env
        .cmd()
        .env("FASTTRACK_USER", "bob")
        .args(["items", "--ids", "--mine"])
        .run()
        .ok();
    assert_eq!(mine.stdout.trim(), "initiate.start");
    env.run(&["items"]).ok().stdout_has("assignee");

    let st = env.run(&["status", "--json"]).ok().json();
    assert_eq!(
        (st["overdue"].as_u64(), st["due_soon"].as_u64()),
        (Some(1), Some(1))
    );
    env.run(&["status"])
        .ok()
        .stdout_has("1 overdue, 1 due this week");

    env.run(&[
        "assign",
        "intune.mdm-authority",
        "--owner",
        "none",
        "--due",
        "none",
    ])
    .ok()
    .stdout_has("owner cleared, due cleared");
    let it = env.run(&["items", "--json"]).ok().json();
    let m = item(it.as_array().unwrap(), "intune.mdm-authority");
    assert!(m["assignee"].is_null() && m["due"].is_null());
}

#[test]
fn assign_refuses_dates_that_are_not_iso_and_empty_requests() {
    let env = Env::new();
    env.init(&[]);
    let before = env.read("fasttrack.jsonl");
    for (flag, value) in [
        ("--due", "25/11/2026"),
        ("--next-action", "next week"),
        ("--due", "2026-02-30"),
    ] {
        env.run(&["assign", "intune.mdm-authority", flag, value])
            .code(2)
            .stderr_has("expected YYYY-MM-DD");
    }
    env.run(&["assign", "intune.mdm-authority"])
        .code(2)
        .stderr_has("--owner NAME");
    env.run(&["assign", "no.such.item", "--owner", "ann"])
        .code(1);
    assert_eq!(env.read("fasttrack.jsonl"), before, "nothing written");
}

// ---------------------------------------------------------------------------------------
// Undo

#[test]
fn undo_reverts_my_last_change_with_a_new_one_and_walks_back() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["start", "intune.mdm-authority", "-m", "first"])
        .ok();
    env.run(&["done", "intune.mdm-authority", "-m", "second"])
        .ok();
    env.run(&["--by", "bob", "assign", "initiate.start", "--owner", "bob"])
        .ok();
    env.run(&["assign", "general.remote-support", "--due", "2030-01-01"])
        .ok();
    let lines = env.journal_lines().len();

    env.run(&["undo", "--dry-run"])
        .ok()
        .stdout_has("would undo: assign general.remote-support");
    assert_eq!(env.journal_lines().len(), lines);
    env.run(&["undo"])
        .ok()
        .stdout_has("undone: assign general.remote-support");
    env.run(&["undo"])
        .ok()
        .stdout_has("undone: done intune.mdm-authority")
        .stdout_has("is in-progress again");
    let it = env.run(&["items", "--json"]).ok().json();
    let it = it.as_array().unwrap();
    let m = item(it, "intune.mdm-authority");
    assert_eq!(
        (m["status"].as_str(), m["note"].as_str()),
        (Some("in-progress"), Some("first"))
    );
    assert!(item(it, "general.remote-support")["due"].is_null());
    assert_eq!(
        item(it, "initiate.start")["assignee"],
        "bob",
        "bob's change is not mine"
    );
    env.run(&["undo"]).ok();
    let it = env.run(&["items", "--json"]).ok().json();
    let m = item(it.as_array().unwrap(), "intune.mdm-authority");
    assert_eq!(m["status"], "not-started");
    assert!(m["note"].is_null());
    env.run(&["undo"]).code(1).stderr_has("no change to undo");
    env.run(&["log", "general.remote-support"])
        .ok()
        .stdout_has("due 2030-01-01")
        .stdout_has("due cleared");
    // Nothing was rewritten: three undo lines were added.
    let now = env.journal_lines();
    assert_eq!(now.len(), lines + 3);
    assert!(now[lines..].iter().all(|l| l.contains(r#""op":"undo""#)));
}

#[test]
fn undo_refuses_when_someone_changed_the_item_since() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["done", "intune.mdm-authority"]).ok();
    env.run(&["--by", "bob", "block", "intune.mdm-authority", "-m", "no"])
        .ok();
    env.run(&["undo"])
        .code(1)
        .stderr_has("changed after your change");
}

// ---------------------------------------------------------------------------------------
// Checkpoints

#[test]
fn checkpoints_are_recorded_listed_shown_in_status_and_exported() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["checkpoints"])
        .ok()
        .stdout_has("No checkpoints yet");
    env.run(&[
        "checkpoint",
        "-m",
        "Remediation review: PKI done",
        "--at",
        "2026-01-05 15:00",
        "--attendees",
        "ann, bob",
    ])
    .ok()
    .stdout_has("with ann, bob");
    env.run(&["checkpoint", "-m", "Weekly call"]).ok();
    env.run(&["checkpoint", "-m", "x", "--at", "next tuesday"])
        .code(2)
        .stderr_has("YYYY-MM-DD");
    let list = env.run(&["checkpoints", "--json"]).ok().json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["held"], "2026-01-05T15:00:00Z");
    assert_eq!(list[0]["attendees"], serde_json::json!(["ann", "bob"]));
    assert_eq!(list[1]["note"], "Weekly call");
    env.run(&["checkpoints"]).ok().stdout_has("PKI done");
    let st = env.run(&["status", "--json"]).ok().json();
    assert_eq!(st["last_checkpoint"]["note"], "Weekly call");
    assert_eq!(st["days_since_checkpoint"], 0);
    env.run(&["status"]).ok().stdout_has("(today): Weekly call");
    let doc: Value = serde_json::from_str(&env.run(&["export", "-f", "json"]).ok().stdout).unwrap();
    assert_eq!(doc["header"]["checkpoints"].as_array().unwrap().len(), 2);
    env.run(&["export", "-f", "markdown"])
        .ok()
        .stdout_has("## Checkpoints (2)");
    env.run(&["export", "-f", "html"])
        .ok()
        .stdout_has("Checkpoints (2)");
    env.run(&["doctor"]).ok();
    // Undo removes the last one.
    env.run(&["undo"]).ok().stdout_has("undone: checkpoint");
    let list = env.run(&["checkpoints", "--json"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------
// Portfolio

fn engagement(env: &Env, folder: &str, customer: &str, by: &str, verbs: &[&[&str]]) {
    let dir = env.join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    ft(&dir, by, &["init", "--customer", customer]).ok();
    for v in verbs {
        ft(&dir, by, v).ok();
    }
}

/// The portfolio's numbers are right-aligned under their headings, so 10 and 0 line up by
/// their last digit as a spreadsheet would show them.
#[test]
fn portfolio_numbers_are_right_aligned() {
    let env = Env::new();
    let blocked: Vec<&str> = [
        "initiate.start",
        "initiate.define-services",
        "initiate.eligibility",
        "initiate.request-help",
        "initiate.schedule",
        "general.remote-support",
        "general.tools-docs",
        "general.representative",
        "assess.remediation-timeline",
        "assess.remediation-checklist",
    ]
    .to_vec();
    let mut block = vec!["block"];
    block.extend(&blocked);
    block.extend(["-m", "waiting"]);
    engagement(&env, "a", "Alpha", "ann", &[&block]);
    engagement(&env, "b", "Beta", "bob", &[]);
    let out = env
        .run(&["portfolio", "--color", "never", "--sort", "customer"])
        .ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    let header = lines
        .iter()
        .find(|l| l.contains("blocked"))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    let end = header.find("blocked").unwrap() + "blocked".len();
    let cell = |customer: &str| {
        let row = lines
            .iter()
            .find(|l| l.contains(customer))
            .unwrap_or_else(|| panic!("no {customer}: {}", out.stdout));
        let head: String = row.chars().take(end).collect();
        let after = row.chars().nth(end).unwrap_or(' ');
        assert!(
            after == ' ',
            "{customer}: the number runs past its heading: {row:?}"
        );
        assert!(
            head.ends_with(|c: char| c.is_ascii_digit()),
            "{customer}: the number does not end under its heading: {row:?}"
        );
        head.split_whitespace().last().unwrap_or("").to_owned()
    };
    assert_eq!(cell("Alpha"), "10", "{}", out.stdout);
    assert_eq!(cell("Beta"), "0", "{}", out.stdout);
}

#[test]
fn portfolio_lists_every_engagement_and_skips_what_it_cannot_read() {
    let env = Env::new();
    engagement(
        &env,
        "clients/contoso",
        "Contoso",
        "ann",
        &[&["done", "intune.mdm-authority"]],
    );
    engagement(
        &env,
        "clients/fabrikam",
        "Fabrikam",
        "bob",
        &[
            &["block", "initiate.start", "-m", "no admin"],
            &["assign", "general.remote-support", "--due", "2020-01-01"],
        ],
    );
    engagement(&env, "woodgrove", "Woodgrove", "cy", &[]);
    env.write("clients/broken/fasttrack.jsonl", "not a journal\n");
    env.write("clients/.git/fasttrack.jsonl", "ignored\n");
    env.write("node_modules/x/fasttrack.jsonl", "ignored\n");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(env.path(), env.join("clients/loop")).unwrap();
        use std::os::unix::ffi::OsStrExt;
        let odd = env.path().join(std::ffi::OsStr::from_bytes(b"odd-\xff"));
        std::fs::create_dir_all(&odd).unwrap();
        ft(&odd, "dee", &["init", "--customer", "Odd"]).ok();
    }

    let out = env.run(&["portfolio", "--json", "--sort", "customer"]).ok();
    assert!(
        out.stderr.contains("broken") && out.stderr.contains("skipped"),
        "{}",
        out.stderr
    );
    let rows = out.json();
    let rows = rows.as_array().unwrap();
    let customers: Vec<&str> = rows
        .iter()
        .map(|r| r["customer"].as_str().unwrap())
        .collect();
    let mut expected = vec!["Contoso", "Fabrikam", "Woodgrove"];
    if cfg!(unix) {
        expected.insert(2, "Odd");
    }
    assert_eq!(customers, expected);
    let f = &rows[1];
    assert_eq!(f["blocked"], 1);
    assert_eq!(f["overdue"], 1);
    assert_eq!(f["conflicts"], 0);
    assert_eq!(f["last_activity"]["by"], "bob");
    assert_eq!(
        f["current_phase"], "initiate",
        "General is ongoing, never current"
    );
    assert!(rows[0]["percent"].as_f64().unwrap() > 0.0);

    let by = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["portfolio", "--json"];
        all.extend_from_slice(args);
        env.run(&all)
            .ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["customer"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(by(&["--sort", "progress"])[expected.len() - 1], "Contoso");
    assert_eq!(
        by(&["clients"]),
        ["Fabrikam", "Contoso"],
        "latest activity first"
    );
    assert!(by(&["--stale", "3"]).is_empty());
    assert_eq!(by(&["--phase", "enable"]).len(), 0);
    env.run(&["portfolio", "--phase", "nowhere"]).code(2);
    env.run(&["portfolio", "missing-folder"])
        .ok()
        .stderr_has("missing-folder")
        .stdout_has("No engagements found");
    env.run(&["portfolio"])
        .ok()
        .stdout_has("Fabrikam")
        .stdout_has("engagement(s)");
}

#[cfg(unix)]
#[test]
fn portfolio_skips_unreadable_folders_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    engagement(&env, "ok", "Contoso", "ann", &[]);
    engagement(&env, "locked", "Secret", "ann", &[]);
    let locked = env.join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&locked).is_ok(); // root reads anything
    let out = env.run(&["portfolio", "--json"]).ok();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let rows = out.json().as_array().unwrap().len();
    if !readable {
        out.stderr_has("cannot read folder");
    }
    assert!(rows >= 1);
}
