//! Unit tests of the word analyser: stems, synonyms, typo correction.

use super::*;

fn same(words: &[&str]) {
    let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
    assert!(
        stems.windows(2).all(|w| w[0] == w[1]),
        "{words:?} -> {stems:?}"
    );
}

#[test]
fn word_families_meet() {
    same(&[
        "configure",
        "configured",
        "configuring",
        "configuration",
        "configurations",
    ]);
    same(&["provision", "provisioning", "provisioned"]);
    same(&["forest", "forests"]);
    same(&["policy", "policies"]);
    same(&["federate", "federated", "federation"]);
    same(&[
        "install",
        "installed",
        "installing",
        "installation",
        "installs",
    ]);
    same(&["manage", "managed", "management", "managing"]);
    same(&[
        "enroll",
        "enrolled",
        "enrollment",
        "enrolling",
        "enrol",
        "enrolment",
    ]);
    same(&["sync", "synced", "syncing"]);
    same(&["deploy", "deployed", "deployment", "deploying"]);
    same(&["migrate", "migrated", "migration", "migrating"]);
    same(&["authenticate", "authentication", "authenticating"]);
    same(&["protect", "protection"]);
    same(&["device", "devices"]);
    same(&["rule", "rules"]);
    same(&["map", "mapping"]);
}

#[test]
fn short_foreign_and_numeric_words_are_kept() {
    for w in ["ios", "o365", "können", "mdm", "status", "access"] {
        assert_eq!(stem(w), w);
    }
}

#[test]
fn words_fold_case_and_punctuation() {
    assert_eq!(
        words("Will you set up AD-FS for our customer's 3 forests?!"),
        [
            "will",
            "you",
            "set",
            "up",
            "ad",
            "fs",
            "for",
            "our",
            "customers",
            "3",
            "forests"
        ]
    );
    assert_eq!(words("Ünïcödé — 日本語 🙂"), ["ünïcödé", "日本語"]);
    assert!(words("?!... ").is_empty());
}

#[test]
fn synonyms_collapse_longest_phrase_first() {
    let a = Analyzer::new(&[
        List::from(vec![
            "aad".into(),
            "azure ad".into(),
            "azure active directory".into(),
        ]),
        List::from(vec!["ad fs".into(), "adfs".into()]),
        List::from(vec!["ad".into(), "active directory".into()]),
    ]);
    assert_eq!(a.terms("Azure Active Directory", 100), ["aad"]);
    assert_eq!(
        a.terms("azure AD and on-prem AD", 100),
        ["aad", "prem", "ad"]
    );
    assert_eq!(a.terms("Can you deploy ADFS?", 100), ["deploy", "ad_fs"]);
    assert_eq!(a.terms("AD FS", 100), ["ad_fs"]);
    assert!(a.terms("can you do it for us", 100).is_empty());
}

#[test]
fn misspelt_words_are_read_as_the_catalogs_and_short_ones_left_alone() {
    let mut a = Analyzer::new(&[List::from(vec![
        "autopilot".into(),
        "windows autopilot".into(),
    ])]);
    a.learn([
        "Configure the MDM authority",
        "Compliance policies",
        "Autopilot profiles",
    ]);
    let (terms, fixes) = a.read("confgure the autpilot complaince", 100);
    assert_eq!(
        terms,
        [
            stem("configure"),
            "autopilot".to_owned(),
            stem("compliance")
        ]
    );
    assert_eq!(fixes.len(), 3);
    assert_eq!(fixes[1].written, "autpilot");
    // What is shown is a word, never a stem.
    let shown: Vec<&str> = fixes.iter().map(|f| f.read_as.as_str()).collect();
    assert_eq!(shown, ["configure", "autopilot", "compliance"]);
    // A word the stemmer cannot strip ("adoptoin") is compared in its plain form; a real
    // word whose stem is short ("making") is not corrected.
    a.learn(["User adoption", "Mark the devices"]);
    let (_, fixes) = a.read("adoptoin making", 100);
    assert_eq!(fixes.len(), 1);
    assert_eq!(fixes[0].read_as, "adoption");
    // Four letters or fewer: never corrected ("mdx" is not "mdm").
    let (terms, fixes) = a.read("mdx", 100);
    assert_eq!((terms, fixes.len()), (vec!["mdx".to_owned()], 0));
}

/// Stop words are looked up by bisection.
#[test]
fn stop_words_are_sorted() {
    assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
}
