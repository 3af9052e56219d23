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

// ---------------------------------------------------------------------------------------------
// Completion in the real shells, in a terminal (tmux), as a person presses Tab

/// Starts `shell` in a terminal with the completion script loaded, types `line`, presses Tab
/// (twice in bash, which lists on the second) and returns the screen once every word of
/// `want` is on it.
fn tab(env: &Env, shell: &str, line: &str, want: &[&str]) -> String {
    let script = env.run(&["completions", shell]).ok().stdout;
    let (command, tabs) = match shell {
        "bash" => {
            env.write("sh/fasttrack.bash", &script);
            env.write("sh/rc.bash", "PS1='READY> '\nsource sh/fasttrack.bash\n");
            ("bash --noprofile --rcfile sh/rc.bash -i", 2)
        }
        "zsh" => {
            env.write("sh/_fasttrack", &script);
            env.write(
                "sh/.zshrc",
                "PROMPT='READY> '\nautoload -U compinit\ncompinit -u -D\nsource $ZDOTDIR/_fasttrack\n",
            );
            ("ZDOTDIR=$PWD/sh zsh -i", 1)
        }
        "fish" => {
            env.write("sh/fasttrack.fish", &script);
            env.write(
                "sh/init.fish",
                "set -g fish_greeting\nfunction fish_prompt; echo -n 'READY> '; end\nsource sh/fasttrack.fish\n",
            );
            (
                "HOME=$PWD/sh XDG_CONFIG_HOME=$PWD/sh XDG_DATA_HOME=$PWD/sh fish --no-config -i -C 'source sh/init.fish'",
                1,
            )
        }
        other => panic!("no such shell {other}"),
    };
    let tmux = Tmux::start(env, 200, command);
    tmux.wait_for("READY> ");
    tmux.type_text(line);
    for _ in 0..tabs {
        tmux.press("Tab");
    }
    tmux.wait_until(&format!("{shell} offering {want:?} for {line:?}"), |s| {
        want.iter().all(|w| shown(s, w))
    })
}

/// `word` is on the screen whole, or as fish shows candidates that share a long start: cut
/// to "…" and the end of the word.
fn shown(screen: &str, word: &str) -> bool {
    screen.contains(word)
        || screen.split('…').skip(1).any(|after| {
            let tail = after.split_whitespace().next().unwrap_or("");
            tail.len() >= 5 && word.ends_with(tail)
        })
}

fn completes_in(shell: &str) {
    if !has("tmux") || !has(shell) {
        eprintln!("skipped: tmux or {shell} is not installed (.ci/run installs them)");
        return;
    }
    let env = Env::new();
    env.init(&[]);
    // Item ids for `assign`, which the bash script used to leave to file names.
    let ids = [
        "intune.mdm-authority.set",
        "intune.mdm-authority.test-groups",
        "intune.mdm-authority.portal",
        "intune.mdm-authority.roles",
    ];
    let screen = tab(&env, shell, "fasttrack assign intune.mdm-authority.", &ids);
    assert!(!screen.contains("policies"), "{screen}");
    // The catalog's phases for `items --phase`, not the folder's files.
    let phases = ["general", "initiate", "assess", "remediate", "enable"];
    let screen = tab(&env, shell, "fasttrack items --phase ", &phases);
    assert!(!screen.contains("fasttrack.jsonl"), "{screen}");
    // `resolve` takes an id, then a status.
    let screen = tab(
        &env,
        shell,
        "fasttrack resolve intune.mdm-authority.set ",
        &["not-started", "in-progress", "blocked", "skipped"],
    );
    assert!(!shown(&screen, "intune.mdm-authority.portal"), "{screen}");
}

#[test]
fn bash_completes_ids_and_values_at_the_prompt() {
    completes_in("bash");
}

#[test]
fn zsh_completes_ids_and_values_at_the_prompt() {
    completes_in("zsh");
}

#[test]
fn fish_completes_ids_and_values_at_the_prompt() {
    completes_in("fish");
}

/// The candidates bash's completion function gives for `words` (the last one being typed).
pub(crate) fn bash_candidates(env: &Env, script: &std::path::Path, words: &str) -> Vec<String> {
    let bin_dir = std::path::Path::new(crate::harness::BIN).parent().unwrap();
    let path_var = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cword = words.split(' ').count() - 1;
    let probe = format!(
        "source {}\nCOMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE=\"{words}\"; \
         COMP_POINT=${{#COMP_LINE}}\n_fasttrack_with_ids fasttrack \"${{COMP_WORDS[COMP_CWORD]}}\" \
         \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .current_dir(env.path())
        .env("PATH", &path_var)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_flag_with_a_fixed_set_completes_its_values() {
    if !has("bash") {
        eprintln!("skipped: bash is not installed");
        return;
    }
    let env = Env::new();
    env.init(&[]);
    let script = env.write(
        "sh/fasttrack.bash",
        env.run(&["completions", "bash"]).ok().stdout,
    );
    let catalog = env.run(&["catalog", "--json"]).ok().json();
    let prerequisites: Vec<String> = catalog["prerequisites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    let phases: Vec<String> = catalog["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    let mut portfolio_phases = phases.clone();
    portfolio_phases.push("complete".into());
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("fasttrack items --phase ''", phases.clone()),
        ("fasttrack export --phase ''", phases.clone()),
        ("fasttrack portfolio --phase ''", portfolio_phases),
        (
            "fasttrack items --status ''",
            owned(&["not-started", "in-progress", "blocked", "done", "skipped"]),
        ),
        (
            "fasttrack items --owner ''",
            owned(&["fasttrack", "customer"]),
        ),
        (
            "fasttrack init --services ''",
            owned(&["intune", "aad-premium", "co-management"]),
        ),
        (
            "fasttrack scope --forests ''",
            owned(&["single", "multiple"]),
        ),
        (
            "fasttrack init --identity ''",
            owned(&["cloud", "managed", "federated"]),
        ),
        ("fasttrack init --prerequisites ''", prerequisites),
        (
            "fasttrack export --format ''",
            owned(&["csv", "markdown", "json", "html", "xlsx"]),
        ),
        (
            "fasttrack profile set ''",
            owned(&[
                "customer",
                "services",
                "forests",
                "identity",
                "licenses",
                "prerequisites",
            ]),
        ),
    ];
    for (words, want) in cases {
        let mut got = bash_candidates(&env, &script, words);
        got.retain(|w| !w.starts_with('-')); // a positional's candidates come with the flags
        got.sort();
        let mut want = want;
        want.sort();
        assert_eq!(got, want, "{words}");
    }
    // A comma-separated list completes the value after its last comma.
    let list = bash_candidates(&env, &script, "fasttrack init --services intune,aad");
    assert_eq!(list, ["intune,aad-premium"]);
    let list = bash_candidates(&env, &script, "fasttrack scope --prerequisites e5,t");
    assert_eq!(list, ["e5,teamviewer", "e5,tem"]);
    // An id verb still completes ids after a flag's value: `assign --owner ann <Tab>`.
    let ids = bash_candidates(&env, &script, "fasttrack assign --owner ann intune.mdm");
    assert!(ids.contains(&"intune.mdm-authority".to_owned()), "{ids:?}");
    // ... but not the flag's value itself.
    let owner = bash_candidates(&env, &script, "fasttrack assign --owner intune.mdm");
    assert!(
        !owner.contains(&"intune.mdm-authority".to_owned()),
        "{owner:?}"
    );
}
