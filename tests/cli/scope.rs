//! `fasttrack scope`: customer questions, asked as customers ask them, against a fixture
//! catalog shaped like the real one (rules with conditions, customer-owned items, synonyms,
//! prerequisites, a licence limit). The table is the accuracy measure of the README.

use crate::harness::{Env, Output};
use std::time::Instant;

fn catalog() -> String {
    format!(
        "{}/tests/fixtures/scope-catalog.yaml",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn ask(env: &Env, question: &str, extra: &[&str]) -> Output {
    let cat = catalog();
    let mut args = vec!["--catalog", cat.as_str(), "scope", "--json"];
    args.extend_from_slice(extra);
    args.push(question);
    env.run(&args)
}

/// (question, expected verdict, expected best match). Asked with no profile, so a verdict
/// that depends on the profile is `conditional`.
const QUESTIONS: &[(&str, &str, Option<&str>)] = &[
    (
        "Will you set up AD FS for our three forests?",
        "conditional",
        Some("adfs-multi-forest"),
    ),
    (
        "Can you write custom sync rules for us?",
        "out-of-scope",
        Some("custom-sync-rules"),
    ),
    (
        "Could you tweak the sync rules in Azure AD Connect to filter attributes?",
        "out-of-scope",
        Some("custom-sync-rules"),
    ),
    (
        "Can you set up provisioning from Workday into AD?",
        "out-of-scope",
        Some("inbound-provisioning"),
    ),
    (
        "We want inbound provisioning from SuccessFactors, is that covered?",
        "out-of-scope",
        Some("inbound-provisioning"),
    ),
    (
        "Will you configure outbound provisioning to our SaaS apps?",
        "in-scope",
        Some("aad.outbound-provisioning"),
    ),
    (
        "Is there a limit on how many SaaS apps you integrate?",
        "conditional",
        Some("saas-three-apps"),
    ),
    (
        "Can you integrate more than three apps?",
        "conditional",
        Some("saas-three-apps"),
    ),
    (
        "How many SaaS apps will you integrate for single sign-on?",
        "conditional",
        Some("aad.saas-apps"),
    ),
    (
        "Can you connect Salesforce, ServiceNow and Box for SSO?",
        "conditional",
        Some("aad.saas-apps"),
    ),
    (
        "Do you manage our PCs with the old Intune client agent?",
        "out-of-scope",
        Some("classic-pc-management"),
    ),
    (
        "Can you migrate our devices from AirWatch?",
        "out-of-scope",
        Some("third-party-mdm"),
    ),
    (
        "We use Jamf today, will you move the Macs over?",
        "out-of-scope",
        Some("third-party-mdm"),
    ),
    (
        "Can you push our GPOs for us?",
        "out-of-scope",
        Some("outside-intune"),
    ),
    (
        "Will you configure settings outside Intune?",
        "out-of-scope",
        Some("outside-intune"),
    ),
    (
        "Can you set up TeamViewer for remote help?",
        "conditional",
        None,
    ),
    (
        "Are we eligible with 100 licences?",
        "conditional",
        Some("eligibility-150"),
    ),
    (
        "Will someone come on site to help?",
        "out-of-scope",
        Some("on-site"),
    ),
    (
        "Can you send an engineer onsite for the rollout?",
        "out-of-scope",
        Some("on-site"),
    ),
    (
        "Will you install Azure AD Connect?",
        "in-scope",
        Some("aad.connect"),
    ),
    (
        "Can you help us turn on password hash sync?",
        "in-scope",
        Some("aad.phs"),
    ),
    ("Do you set up PHS?", "in-scope", Some("aad.phs")),
    (
        "Can you enable pass-through authentication?",
        "in-scope",
        Some("aad.pta"),
    ),
    (
        "Will you configure PTA agents?",
        "in-scope",
        Some("aad.pta"),
    ),
    (
        "Can you roll out SSPR with password writeback?",
        "in-scope",
        Some("aad.sspr"),
    ),
    (
        "Do you do self service password reset?",
        "in-scope",
        Some("aad.sspr"),
    ),
    (
        "Can you turn on MFA for all users?",
        "in-scope",
        Some("aad.mfa"),
    ),
    (
        "Will you set up multi-factor authentication with the Authenticator app?",
        "in-scope",
        Some("aad.mfa"),
    ),
    (
        "Can you build our conditional access policies?",
        "in-scope",
        Some("aad.conditional-access"),
    ),
    (
        "Will you set the MDM authority to Intune?",
        "in-scope",
        Some("intune.mdm-authority"),
    ),
    (
        "Can you enroll our iPhones?",
        "in-scope",
        Some("intune.ios-enrollment"),
    ),
    (
        "Do you configure the Apple push notification certificate?",
        "in-scope",
        Some("intune.ios-enrollment"),
    ),
    (
        "Can you set up Android Enterprise work profiles?",
        "in-scope",
        Some("intune.android-enterprise"),
    ),
    (
        "Will you configure Windows Autopilot for OOBE?",
        "in-scope",
        Some("intune.autopilot"),
    ),
    (
        "Can you hook up our Apple VPP token?",
        "in-scope",
        Some("intune.vpp"),
    ),
    (
        "Will you create compliance policies for our devices?",
        "in-scope",
        Some("intune.compliance"),
    ),
    (
        "Can you do MAM without enrollment for BYOD phones?",
        "in-scope",
        Some("intune.app-protection"),
    ),
    (
        "Will you configure app protection policies?",
        "in-scope",
        Some("intune.app-protection"),
    ),
    (
        "Can you deploy SCEP certificates through NDES?",
        "conditional",
        Some("intune.certificates"),
    ),
    (
        "Will you integrate Defender ATP with Intune?",
        "conditional",
        Some("intune.defender"),
    ),
    (
        "Can you set up co-management with SCCM?",
        "conditional",
        Some("comgmt.enable"),
    ),
    (
        "Will you configure a CMG for our ConfigMgr clients?",
        "conditional",
        Some("comgmt.cmg"),
    ),
    (
        "Will you buy the licences for us?",
        "out-of-scope",
        Some("customer.licences"),
    ),
    (
        "Do you provide the servers and the test devices?",
        "out-of-scope",
        Some("customer.hardware"),
    ),
    (
        "Will you train our helpdesk and write the end user comms?",
        "out-of-scope",
        Some("customer.communications"),
    ),
    (
        "Do you run the kickoff call?",
        "in-scope",
        Some("initiate.kickoff"),
    ),
    (
        "Will you assess our current environment?",
        "in-scope",
        Some("assess.environment"),
    ),
    (
        "Will you migrate our mailboxes to Exchange Online?",
        "not-covered",
        None,
    ),
    (
        "Can you configure our Cisco firewall rules?",
        "not-covered",
        None,
    ),
    (
        "Do you set up Teams phone system and calling plans?",
        "not-covered",
        None,
    ),
    (
        "Can you build our SharePoint intranet?",
        "not-covered",
        None,
    ),
    ("Will you upgrade our SQL servers?", "not-covered", None),
    (
        "Can you help us with Google Workspace migration?",
        "not-covered",
        None,
    ),
    (
        "Will you write PowerShell scripts for our payroll?",
        "not-covered",
        None,
    ),
    ("Can you configure it?", "not-covered", None),
    ("Do you support Azure Virtual Desktop?", "not-covered", None),
];

/// Every question must come back right: the set is small enough to keep whole, and a wrong
/// answer costs a consultant more than a failing test costs us. Not-covered questions are
/// counted separately and must all be right (a guessed in-scope is the worst outcome).
#[test]
fn customer_questions_get_the_right_verdict() {
    let env = Env::new();
    let mut right = 0;
    let mut wrong = Vec::new();
    let mut unknown_total = 0;
    let mut unknown_right = 0;
    for (q, verdict, top) in QUESTIONS {
        let v = ask(&env, q, &[]).ok().json();
        let got = v["verdict"].as_str().unwrap_or_default();
        let best = v["matches"][0]["id"].as_str();
        let ok = got == *verdict && top.is_none_or(|t| best == Some(t));
        if *verdict == "not-covered" {
            unknown_total += 1;
            unknown_right += usize::from(ok);
        }
        if ok {
            right += 1;
        } else {
            wrong.push(format!(
                "{q:?}: expected {verdict} {top:?}, got {got} {best:?}"
            ));
        }
    }
    println!(
        "scope accuracy: {right} of {} questions right ({unknown_right} of {unknown_total} not-covered)",
        QUESTIONS.len()
    );
    assert!(QUESTIONS.len() >= 40);
    assert_eq!(unknown_right, unknown_total, "{wrong:#?}");
    assert_eq!(right, QUESTIONS.len(), "{wrong:#?}");
}

#[test]
fn every_rule_is_reachable_by_some_question() {
    let env = Env::new();
    let cat = catalog();
    let rules = env
        .run(&["--catalog", &cat, "scope", "--list", "--json"])
        .ok()
        .json();
    for r in rules.as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let found = QUESTIONS.iter().any(|(q, _, top)| {
            *top == Some(id) || ask(&env, q, &[]).json()["matches"][0]["id"] == id
        });
        assert!(found, "no question finds rule {id}");
    }
}

#[test]
fn adfs_follows_the_forest_topology() {
    let env = Env::new();
    let q = "can you install ADFS for us?";
    let multi = ask(&env, q, &["--forests", "multiple"]).ok().json();
    assert_eq!(multi["verdict"], "out-of-scope", "{multi:#}");
    assert_eq!(multi["matches"][0]["id"], "adfs-multi-forest");
    let single = ask(&env, q, &["--forests", "single", "--identity", "federated"])
        .ok()
        .json();
    assert_eq!(single["verdict"], "in-scope", "{single:#}");
    let managed = ask(&env, q, &["--forests", "single", "--identity", "managed"])
        .ok()
        .json();
    assert_eq!(managed["verdict"], "conditional", "{managed:#}");
    assert!(managed["answer"].as_str().unwrap().contains("federated"));
    let any = ask(&env, q, &[]).ok().json();
    assert_eq!(any["verdict"], "conditional");
    assert!(any["profile"].is_null());
    let depends = any["depends"].as_array().unwrap();
    assert!(
        depends
            .iter()
            .any(|c| c["verdict"] == "out-of-scope" && c["profile"] == "with multiple forests"),
        "{any:#}"
    );
    assert!(
        depends.iter().any(|c| c["verdict"] == "in-scope"
            && c["profile"]
                .as_str()
                .unwrap()
                .contains("a single forest and a federated identity target")),
        "{any:#}"
    );
}

#[test]
fn the_engagement_profile_is_used_and_flags_override_it() {
    let env = Env::new();
    let cat = catalog();
    env.run(&[
        "--catalog",
        &cat,
        "init",
        "--customer",
        "Contoso",
        "--forests",
        "multiple",
    ])
    .ok();
    let v = ask(&env, "deploy AD FS", &[]).ok().json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    assert!(v["profile"].as_str().unwrap().contains("multiple forests"));
    let v = ask(
        &env,
        "deploy AD FS",
        &["--forests", "single", "--identity", "federated"],
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "in-scope", "{v:#}");
}

#[test]
fn prerequisites_and_licences_settle_conditions() {
    let env = Env::new();
    let q = "Can you set up TeamViewer for remote help?";
    let with = ask(&env, q, &["--prerequisites", "teamviewer"]).ok().json();
    assert_eq!(with["verdict"], "in-scope", "{with:#}");
    let without = ask(&env, q, &["--services", "intune"]).ok().json();
    assert_ne!(without["verdict"], "in-scope", "{without:#}");
    let small = ask(&env, "are we eligible?", &["--licenses", "100"])
        .ok()
        .json();
    assert_eq!(small["verdict"], "out-of-scope", "{small:#}");
    let large = ask(&env, "are we eligible?", &["--licenses", "500"])
        .ok()
        .json();
    assert_eq!(large["verdict"], "in-scope", "{large:#}");
}

#[test]
fn inbound_and_outbound_provisioning_are_told_apart() {
    let env = Env::new();
    let inbound = ask(&env, "inbound provisioning", &[]).ok().json();
    assert_eq!(inbound["verdict"], "out-of-scope");
    let outbound = ask(&env, "outbound provisioning", &[]).ok().json();
    assert_eq!(outbound["verdict"], "in-scope");
    assert_eq!(outbound["matches"][0]["id"], "aad.outbound-provisioning");
}

#[test]
fn json_has_the_documented_shape() {
    let env = Env::new();
    let v = ask(&env, "can you write custom sync rules?", &[])
        .ok()
        .json();
    for key in ["question", "verdict", "answer", "conditions", "matches"] {
        assert!(v.get(key).is_some(), "no {key}: {v:#}");
    }
    let m = &v["matches"][0];
    assert_eq!(m["kind"], "rule");
    assert_eq!(m["id"], "custom-sync-rules");
    for key in ["title", "verdict", "section", "score"] {
        assert!(m.get(key).is_some(), "match lacks {key}: {m:#}");
    }
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("FastTrack responsibilities")
    );
}

#[test]
fn text_output_shows_verdict_source_and_explanation() {
    let env = Env::new();
    let cat = catalog();
    env.run(&[
        "--catalog",
        &cat,
        "scope",
        "--explain",
        "will",
        "you",
        "set",
        "up",
        "MFA?",
    ])
    .ok()
    .stdout_has("IN-SCOPE")
    .stdout_has("aad.mfa")
    .stdout_has("Enable phase - Azure AD Premium")
    .stdout_has("bm25")
    .stdout_has("idf");
    let v = ask(&env, "inbound provisioning", &["--explain"])
        .ok()
        .json();
    let e = &v["explain"][0];
    assert!(e["bm25"].as_f64().unwrap() > 0.0);
    assert!(!e["pairs"].as_array().unwrap().is_empty(), "{v:#}");
}

#[test]
fn list_shows_every_rule_with_its_verdict() {
    let env = Env::new();
    let cat = catalog();
    let out = env.run(&["--catalog", &cat, "scope", "--list"]).ok();
    for id in [
        "adfs-multi-forest",
        "custom-sync-rules",
        "eligibility-150",
        "on-site",
    ] {
        assert!(out.stdout.contains(id), "{}", out.stdout);
    }
    assert!(out.stdout.contains("10 rules"));
    let v = env
        .run(&["--catalog", &cat, "scope", "--list", "--json"])
        .ok()
        .json();
    assert_eq!(v.as_array().unwrap().len(), 10);
    assert_eq!(v[0]["verdict"], "out-of-scope");
}

#[test]
fn embedded_catalog_answers_too() {
    let env = Env::new();
    env.run(&["scope", "--list"]).ok();
    let v = env
        .run(&["scope", "--json", "Will you migrate our mailboxes?"])
        .ok()
        .json();
    assert_eq!(v["verdict"], "not-covered");
}

#[test]
fn empty_question_is_a_usage_error() {
    let env = Env::new();
    env.run(&["scope"]).code(2);
    env.run(&["scope", ""])
        .code(2)
        .stderr_has("question is empty");
    env.run(&["scope", "   ", "\t"]).code(2);
}

#[test]
fn stop_words_only_get_a_clear_answer() {
    let env = Env::new();
    let v = ask(&env, "can you do it for us?", &[]).ok().json();
    assert_eq!(v["verdict"], "not-covered");
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("no searchable words")
    );
}

#[test]
fn hostile_questions_are_answered_quickly() {
    let env = Env::new();
    let long = "please configure intune compliance policies for our devices ".repeat(1_250);
    let start = Instant::now();
    let v = ask(&env, &long, &[]).ok().json();
    assert!(
        start.elapsed().as_secs() < 10,
        "a 10,000-word question took too long"
    );
    assert!(v["verdict"].is_string());
    let words: String = (0..10_000).map(|i| format!("w{i} ")).collect();
    let out = ask(&env, &words, &[]).ok();
    assert_eq!(out.json()["verdict"], "not-covered");
    assert!(out.stderr.contains("only the first"), "{}", out.stderr);
    for q in [
        "Können Sie Intune für uns einrichten?",
        "インチューンを設定できますか",
        "🙂🙂🙂",
        "\u{202e}MFA\u{1b}[31m",
        "ÀÉÎÕÜ ß ﬁ",
    ] {
        let v = ask(&env, q, &[]).ok().json();
        assert!(v["verdict"].is_string(), "{q:?}");
    }
}
