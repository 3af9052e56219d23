//! The first hour with the tool: conditions in words, completion, ids, errors that name the
//! fix, and starting an engagement.

use crate::harness::Env;
use crate::native::{Tmux, has};

#[test]
fn show_words_an_items_condition_as_a_sentence() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["show", "aadp.multi-forest"])
        .ok()
        .stdout_has("applies: with Azure AD Premium onboarded, with more than one AD forest");
}

#[test]
fn block_and_skip_without_a_note_say_how_to_give_one() {
    let env = Env::new();
    env.init(&[]);
    for verb in ["block", "skip"] {
        let out = env
            .run(&[verb, "intune.mdm-authority"])
            .code(2)
            .stderr_has(&format!(
                "`{verb}` needs a note saying why: add -m \"TEXT\""
            ))
            .stderr_has(&format!("fasttrack {verb} intune.mdm-authority -m"));
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    }
    // Nothing was written: the journal holds only its header.
    assert_eq!(env.journal_lines().len(), 1);
    env.run(&["block", "intune.mdm-authority", "-m", "waiting"])
        .ok();
}

#[test]
fn an_ambiguous_last_segment_lists_the_choices_with_their_titles() {
    let env = Env::new();
    env.init(&[]);
    let out = env.run(&["show", "mdm-authority"]).code(1);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines[0].starts_with("error: ambiguous id \"mdm-authority\": 2 items match it"),
        "{}",
        out.stderr
    );
    let catalog = env.run(&["catalog", "--json"]).ok().json();
    for id in ["intune.mdm-authority", "comgmt.mdm-authority"] {
        let title = catalog["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()["title"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            lines[1..]
                .iter()
                .any(|l| l.trim_start().starts_with(id) && l.contains(&title)),
            "{id} {title:?} not listed:\n{}",
            out.stderr
        );
    }
    // The README's example of a unique last segment works.
    env.run(&["show", "connect-health"])
        .ok()
        .stdout_has("aadp-connect.connect-health");
    // Nothing is written by a verb given an ambiguous id.
    env.run(&["done", "mdm-authority"]).code(1);
    assert_eq!(env.journal_lines().len(), 1);
}

#[test]
fn init_inside_an_engagement_refuses_without_force() {
    let env = Env::new();
    env.init(&[]);
    std::fs::create_dir_all(env.join("site/north")).unwrap();
    let sub = env.join("site/north");
    let out = env
        .cmd()
        .args(["init", "--customer", "Nested"])
        .dir(&sub)
        .run()
        .code(1)
        .stderr_has("this folder already belongs to the engagement in")
        .stderr_has("--force");
    assert!(
        out.stderr.contains(&env.journal().display().to_string()),
        "{}",
        out.stderr
    );
    assert!(!sub.join("fasttrack.jsonl").exists());
    // The engagement above is untouched and still the one used here.
    env.cmd()
        .args(["profile", "--json"])
        .dir(&sub)
        .run()
        .ok()
        .stdout_has("Contoso");
    // --force nests one on purpose; --state names the place outright.
    env.cmd()
        .args(["init", "--customer", "Nested", "--force"])
        .dir(&sub)
        .run()
        .ok();
    assert!(sub.join("fasttrack.jsonl").exists());
    env.cmd()
        .args(["--state", "other.jsonl", "init", "--customer", "Other"])
        .dir(&env.join("site"))
        .run()
        .ok();
}

#[test]
fn init_inside_an_engagement_asks_on_a_terminal() {
    if !has("tmux") {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let env = Env::new();
    env.init(&[]);
    std::fs::create_dir_all(env.join("sub")).unwrap();
    let tmux = Tmux::start(
        &env,
        100,
        "cd sub && fasttrack init --customer Nested; echo \"exit=$?\"",
    );
    tmux.wait_for("already belongs to the engagement in");
    tmux.wait_for("Start a second engagement inside it (y/n) [no]:");
    tmux.send("");
    let screen = tmux.wait_for("[end]");
    assert!(screen.contains("exit=1"), "{screen}");
    assert!(!env.join("sub/fasttrack.jsonl").exists());
    let tmux = Tmux::start(&env, 100, "cd sub && fasttrack init --customer Nested");
    tmux.wait_for("(y/n) [no]:");
    tmux.send("y");
    tmux.wait_for("[end]");
    assert!(env.join("sub/fasttrack.jsonl").exists());
}

/// Guided init up to the prerequisite questions; returns the screen at the end.
fn guided(services: &str) -> (Env, String) {
    let env = Env::new();
    let tmux = Tmux::start(&env, 120, "fasttrack init");
    tmux.wait_for("Customer name:");
    tmux.send("Fabrikam");
    tmux.wait_for("Services to onboard (intune, aad-premium, co-management) [intune,aad-premium,co-management]:");
    tmux.send(services);
    tmux.wait_for("(single or multiple) [single]:");
    tmux.send("");
    tmux.wait_for("(cloud, managed or federated) [managed]:");
    tmux.send("");
    tmux.wait_for("[not known]:");
    tmux.send("");
    let mut n = 0;
    let screen = loop {
        let screen = tmux.wait_until("a prerequisite question or the end", |s| {
            s.matches("(y/n) [no]:").count() == n + 1 || s.contains("[end]")
        });
        if screen.contains("[end]") {
            break screen;
        }
        tmux.send("");
        n += 1;
    };
    (env, screen)
}

#[test]
fn guided_init_takes_service_names_and_asks_only_what_they_need() {
    if !has("tmux") {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let co_management_question = "Is Intune already set up in the tenant";
    let (env, screen) = guided("azure ad, intune");
    assert!(!screen.contains("unknown service"), "{screen}");
    assert!(!screen.contains(co_management_question), "{screen}");
    let profile = env.run(&["profile", "--json"]).ok().json();
    assert_eq!(
        profile["services"],
        serde_json::json!(["intune", "aad-premium"]),
        "{profile:#}"
    );
    // Fewer prerequisite questions than the catalog has.
    let catalog = env.run(&["catalog", "--json"]).ok().json();
    let all = catalog["prerequisites"].as_array().unwrap().len();
    let asked = screen.matches("(y/n) [no]:").count();
    assert!(asked < all, "{asked} of {all} asked:\n{screen}");

    let (_, screen) = guided("co management");
    assert!(screen.contains(co_management_question), "{screen}");
    assert!(!screen.contains("TeamViewer"), "{screen}");
}
