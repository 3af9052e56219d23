//! Engagements: init, the verbs, the reading commands, applicability, bad input.

use crate::harness::Env;

#[test]
fn init_creates_a_journal_and_refuses_to_overwrite_it() {
    let env = Env::new();
    env.init(&[])
        .stdout_has("Started the engagement for Contoso");
    let before = env.read("fasttrack.jsonl");
    env.run(&["init", "--customer", "Other"])
        .code(1)
        .stderr_has("already exists");
    assert_eq!(env.read("fasttrack.jsonl"), before);
}
