//! Finding the journal safely: another user's journal found by walking up is refused (and
//! nothing is written), `--state` and the trust list use it on purpose, the walk stops at a
//! ceiling, above the home folder and at a filesystem boundary, loosened journals are warned
//! about, and `portfolio` applies the same ownership rule. Unix only: Windows does not check
//! owners (docs/journal-discovery.md).
#![cfg(unix)]

use crate::harness::{Cmd, Env, Output};
use std::path::{Path, PathBuf};

/// The uid of `nobody` on Debian and most Linux systems.
const NOBODY: u32 = 65534;

/// Gives `path` to `nobody`; false (with a message) where this process may not (not root).
fn give_away(path: &Path) -> bool {
    match std::os::unix::fs::chown(path, Some(NOBODY), None) {
        Ok(()) => true,
        Err(e) => {
            eprintln!(
                "skipped: cannot give {} to uid {NOBODY}: {e} (run the tests as root)",
                path.display()
            );
            false
        }
    }
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A run in `dir` with its own (empty) trust list in `env`.
fn at(env: &Env, dir: &Path) -> Cmd {
    Cmd::new(dir).env("XDG_CONFIG_HOME", env.join("config"))
}

fn run_at(env: &Env, dir: &Path, args: &[&str]) -> Output {
    at(env, dir).args(args).run()
}

/// An engagement in `env`'s folder owned by nobody, and a subfolder to run from; `None` when
/// the test cannot give the file away.
fn foreign_engagement(env: &Env) -> Option<PathBuf> {
    run_at(env, env.path(), &["init", "--customer", "Contoso"]).ok();
    if !give_away(&env.journal()) {
        return None;
    }
    let sub = env.join("clients/sub");
    std::fs::create_dir_all(&sub).unwrap();
    Some(sub)
}

/// The journal's bytes and modification time, to prove nothing touched it.
fn snapshot(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    let meta = std::fs::metadata(path).unwrap();
    (std::fs::read(path).unwrap(), meta.modified().unwrap())
}

/// Every file under `dir`, to prove no new one appeared.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn another_users_journal_found_walking_up_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let Some(sub) = foreign_engagement(&env) else {
        return;
    };
    let before = snapshot(&env.journal());
    let listing = files(env.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    for args in [
        &["note", "initiate.start", "-m", "not yours"][..],
        &["done", "initiate.start"],
        &["status"],
        &[],
        &["doctor", "--repair"],
        &["export", "--format", "csv", "-o", "out.csv"],
    ] {
        let out = run_at(&env, &sub, args).code(1);
        let journal = env.journal().display().to_string();
        out.stderr_has(&format!(
            "not using {journal}: it belongs to nobody (uid {NOBODY})"
        ))
        .stderr_has(&format!("--state {journal}"))
        .stderr_has(&format!("`fasttrack trust {}`", env.path().display()));
    }
    assert_eq!(snapshot(&env.journal()), before, "the journal was touched");
    assert_eq!(files(env.path()), listing, "a file was written");
}

#[test]
fn state_and_fasttrack_state_use_another_users_journal_as_given() {
    let env = Env::new();
    let Some(sub) = foreign_engagement(&env) else {
        return;
    };
    let journal = env.journal();
    run_at(
        &env,
        &sub,
        &["--state", journal.to_str().unwrap(), "status"],
    )
    .ok()
    .stdout_has("Contoso");
    at(&env, &sub)
        .env("FASTTRACK_STATE", &journal)
        .args(["note", "initiate.start", "-m", "on purpose"])
        .run()
        .ok();
    assert!(env.read("fasttrack.jsonl").contains("on purpose"));
    // The folder that holds the journal names it too.
    run_at(
        &env,
        &sub,
        &["--state", env.path().to_str().unwrap(), "status"],
    )
    .ok()
    .stdout_has("Contoso");
}

#[test]
fn the_trust_list_makes_the_walk_use_another_users_journal() {
    let env = Env::new();
    let Some(sub) = foreign_engagement(&env) else {
        return;
    };
    let dir = std::fs::canonicalize(env.path()).unwrap();
    run_at(&env, &sub, &["trust"])
        .ok()
        .stdout_has("No trusted folders");
    // A journal stands for its folder.
    run_at(&env, &sub, &["trust", "../../fasttrack.jsonl"])
        .ok()
        .stdout_has(&format!("Trusted: {}", dir.display()));
    assert!(
        env.read("config/fasttrack/trusted-folders")
            .contains(&format!("\n{}\n", dir.display()))
    );
    run_at(&env, &sub, &["status"]).ok().stdout_has("Contoso");
    run_at(&env, &sub, &["note", "initiate.start", "-m", "trusted"]).ok();
    assert!(env.read("fasttrack.jsonl").contains("trusted"));
    run_at(&env, &sub, &["trust"])
        .ok()
        .stdout_has(&dir.display().to_string());

    run_at(&env, &sub, &["trust", "--remove", dir.to_str().unwrap()])
        .ok()
        .stdout_has("No longer trusted");
    run_at(&env, &sub, &["status"])
        .code(1)
        .stderr_has("not using");

    // `DIR/*` trusts the folders under DIR.
    let parent = dir.parent().unwrap();
    run_at(&env, &sub, &["trust", &format!("{}/*", parent.display())]).ok();
    run_at(&env, &sub, &["status"]).ok().stdout_has("Contoso");
}

#[test]
fn a_group_or_world_writable_journal_gets_a_warning_with_the_chmod() {
    let env = Env::new();
    env.init(&[]);
    let journal = env.journal();
    for (mode, who) in [(0o660, "its group"), (0o606, "everyone")] {
        chmod(&journal, mode);
        let fix = format!("`chmod go-w {}`", journal.display());
        env.run(&["status"])
            .ok()
            .stderr_has(&format!("can be written by {who} (mode 0{mode:o})"))
            .stderr_has(&fix);
        env.run(&["doctor"]).stderr_has(&fix);
    }
    chmod(&journal, 0o600);
    let out = env.run(&["status"]).ok();
    assert!(!out.stderr.contains("can be written"), "{}", out.stderr);
}

#[test]
fn the_walk_stops_at_a_ceiling() {
    let env = Env::new();
    env.init(&[]);
    let sub = env.join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    let ceiling = |c: &Path| at(&env, &sub).env("FASTTRACK_CEILING_DIRECTORIES", c);
    // Without a ceiling the journal two folders up is found.
    run_at(&env, &sub, &["status"]).ok().stdout_has("Contoso");
    ceiling(&env.path().join("a"))
        .args(["status"])
        .run()
        .code(1)
        .stderr_has("no engagement at")
        .stderr_has("listed in FASTTRACK_CEILING_DIRECTORIES");
    ceiling(env.path())
        .run()
        .ok()
        .stdout_has("No engagement here")
        .stdout_has("the search stopped before");
    // A ceiling is never entered, but the folder the search starts from is always searched.
    Cmd::new(env.path())
        .env("FASTTRACK_CEILING_DIRECTORIES", env.path())
        .args(["status"])
        .run()
        .ok();
}

#[test]
fn the_walk_stays_inside_the_home_folder() {
    let env = Env::new();
    env.init(&[]);
    let project = env.join("home/ann/project");
    std::fs::create_dir_all(&project).unwrap();
    let out = at(&env, &project)
        .env("HOME", env.join("home/ann"))
        .args(["note", "initiate.start", "-m", "x"])
        .run()
        .code(1);
    out.stderr_has("above your home folder");
    assert!(!env.read("fasttrack.jsonl").contains("\"x\""));
}

#[cfg(target_os = "linux")]
#[test]
fn the_walk_stops_at_a_filesystem_boundary() {
    // /proc is its own filesystem everywhere Linux runs, so a walk from inside it stops there.
    let inside = Path::new("/proc/sys");
    if !inside.is_dir() {
        eprintln!("skipped: no /proc/sys");
        return;
    }
    let env = Env::new();
    at(&env, inside)
        .env("HOME", env.path())
        .run()
        .ok()
        .stdout_has("which is on another filesystem");
}

#[test]
fn state_naming_a_folder_means_the_journal_in_it_and_empty_means_unset() {
    let env = Env::new();
    std::fs::create_dir_all(env.join("contoso")).unwrap();
    env.run(&["--state", "contoso", "init", "--customer", "Contoso"])
        .ok();
    assert!(env.join("contoso/fasttrack.jsonl").is_file());
    env.run(&["--state", "contoso", "status"])
        .ok()
        .stdout_has("Contoso");
    Cmd::new(&env.join("contoso"))
        .env("FASTTRACK_STATE", "")
        .args(["status"])
        .run()
        .ok()
        .stdout_has("Contoso");
}

#[test]
fn a_journal_you_may_not_open_says_whose_it_is() {
    let env = Env::new();
    env.init(&[]);
    chmod(env.path(), 0o755);
    chmod(&env.journal(), 0o600);
    let setpriv = Path::new("/usr/bin/setpriv");
    if !setpriv.exists() || !give_away(&env.journal()) {
        eprintln!("skipped: needs root and setpriv to run as another user");
        return;
    }
    // Back to root, run as nobody.
    std::os::unix::fs::chown(env.journal(), Some(0), None).unwrap();
    let ran = std::process::Command::new(setpriv)
        .args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
        .arg(crate::harness::BIN)
        .args(["status", "--state", "fasttrack.jsonl"])
        .env("HOME", env.path())
        .current_dir(env.path())
        .env_remove("FASTTRACK_STATE")
        .output()
        .unwrap();
    let out = Output {
        code: ran.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&ran.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&ran.stderr).into_owned(),
    };
    if out.stderr.contains("setpriv:") {
        eprintln!("skipped: setpriv failed: {}", out.stderr);
        return;
    }
    out.code(1)
        .stderr_has("it belongs to root (uid 0), its mode is 0600 and you are nobody")
        .stderr_has("--state COPY");
}

#[test]
fn portfolio_skips_and_names_other_users_journals_and_follows_linked_ones() {
    let env = Env::new();
    for name in ["mine", "theirs"] {
        std::fs::create_dir_all(env.join(name)).unwrap();
        run_at(&env, &env.join(name), &["init", "--customer", name]).ok();
    }
    std::fs::create_dir_all(env.join("linked")).unwrap();
    std::os::unix::fs::symlink(
        env.join("mine/fasttrack.jsonl"),
        env.join("linked/fasttrack.jsonl"),
    )
    .unwrap();
    std::fs::create_dir_all(env.join("elsewhere")).unwrap();
    run_at(&env, &env.join("elsewhere"), &["init", "--customer", "far"]).ok();
    let far = env.join("book/far");
    std::fs::create_dir_all(&far).unwrap();
    std::os::unix::fs::symlink(
        env.join("elsewhere/fasttrack.jsonl"),
        far.join("fasttrack.jsonl"),
    )
    .unwrap();
    let book = env.join("book");
    let customers = |out: &Output| -> Vec<String> {
        let mut c: Vec<String> = out
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["customer"].as_str().unwrap().to_owned())
            .collect();
        c.sort();
        c
    };
    // A linked journal is read through its link, and a journal and a link to it give one row.
    let out = run_at(&env, env.path(), &["portfolio", "--json"]).ok();
    assert_eq!(customers(&out), ["far", "mine", "theirs"]);
    let out = run_at(
        &env,
        env.path(),
        &["portfolio", "--json", book.to_str().unwrap()],
    )
    .ok();
    assert_eq!(customers(&out), ["far"]);

    if !give_away(&env.join("theirs/fasttrack.jsonl")) {
        return;
    }
    let out = run_at(&env, env.path(), &["portfolio", "--json"]).ok();
    assert_eq!(customers(&out), ["far", "mine"]);
    out.stderr_has(&format!(
        "{}: belongs to nobody (uid {NOBODY}), not to you; skipped",
        env.join("theirs/fasttrack.jsonl").display()
    ));
    // Named on the command line, a journal is used as given; trusted, it is scanned.
    let theirs = env.join("theirs/fasttrack.jsonl");
    let out = run_at(
        &env,
        env.path(),
        &["portfolio", "--json", theirs.to_str().unwrap()],
    )
    .ok();
    assert_eq!(customers(&out), ["theirs"]);
    run_at(&env, env.path(), &["trust", "theirs"]).ok();
    let out = run_at(&env, env.path(), &["portfolio", "--json"]).ok();
    assert_eq!(customers(&out), ["far", "mine", "theirs"]);
}
