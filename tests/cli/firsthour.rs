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
