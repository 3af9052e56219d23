//! The first hour with the tool: conditions in words, completion, ids, errors that name the
//! fix, and starting an engagement.

use crate::harness::Env;

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
