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
