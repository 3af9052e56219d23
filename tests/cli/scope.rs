//! `fasttrack scope`: customer questions, asked as customers ask them, against the real
//! embedded catalog (the table is the accuracy measure in the README, "Accuracy"); the engine's
//! mechanics (profiles, flags, JSON shape, hostile input) against a small fixture catalog.

use crate::harness::{Env, Output};

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

/// Asks the embedded catalog (`catalog/ems.yaml`), as a consultant would.
fn ask_real(env: &Env, question: &str, flags: &str) -> Output {
    let mut args = vec!["scope", "--json"];
    args.extend(flags.split_whitespace());
    args.push(question);
    env.run(&args)
}

/// The question tables (`tests/scope/*.tsv`), run in-process through the engine: the accuracy
/// measure of docs/scope.md. `tuning.tsv` is what the engine was tuned on; the `outsider-*.tsv`
/// sets were written by people who never saw the catalog or the code, and have been tuning
/// material since they were first scored. Only a set nobody tuned on predicts unseen questions.
mod tables {
    use fasttrack::catalog::Index;
    use fasttrack::profile::Profile;
    use fasttrack::scope::{Confidence, Outcome, ScopeIndex, answer};
    use std::collections::HashMap;

    /// The tuning set must stay at or above this share right.
    pub const TUNING_FLOOR: f64 = 0.9;
    /// `outsider-b.tsv` was the held-out set until it was first scored (79.3%, 2026-12-02);
    /// tuning material since (87.2%), so its floor guards against regressions only.
    pub const OUTSIDER_B_FLOOR: f64 = 0.85;
    /// `outsider-a.tsv` was written from the source pages by someone who had seen neither the
    /// catalog nor the code, and held out until it was first scored (59.3%, 2026-12-02); it has
    /// been tuning material since, so its floor guards against regressions only.
    pub const OUTSIDER_A_FLOOR: f64 = 0.89;
    /// `outsider-c.tsv` (186 questions) was written on 2026-12-02 from the source pages alone,
    /// by someone who had seen neither the catalog, the code nor the other tables, and held out
    /// until then. First score 123/186 (66.1%, 13 confidently wrong) before the engine change
    /// that day, 133/186 (71.5%, 7) after it, never tuned on until then; tuning material since
    /// (149/186, 80.1%), so its floor guards against regressions only.
    pub const OUTSIDER_C_FLOOR: f64 = 0.78;
    /// `outsider-d.tsv` (120 questions, in many voices) was written the same way by a third
    /// reader and held out as `heldout-3.tsv`: 94/120 (78.3%), 3 confidently wrong, with the
    /// engine as 2026-12-02 began, 100/120 (83.3%), 1, at its last unseen score. Tuning
    /// material since, so its floor guards against regressions only.
    pub const OUTSIDER_D_FLOOR: f64 = 0.82;
    /// `outsider-e.tsv` (150 questions, in many voices) was written on 2026-12-02 from the
    /// source pages alone by a fourth reader and held out as `heldout-5.tsv`: 120/150 (80.0%),
    /// 1 confidently wrong, as the day's third round began; 129/150 (86.0%), 1, after it, its
    /// last unseen score. Tuning material since, so its floor guards against regressions only.
    pub const OUTSIDER_E_FLOOR: f64 = 0.85;
    /// `heldout-6.tsv` (150 questions) was written on 2026-12-02 from the source pages alone by
    /// a fifth reader, who saw neither the catalog, the code nor the other tables. First score,
    /// with the engine as the day's fourth round began: 123/150 (82.0%), 5 confidently wrong;
    /// after it, 125/150 (83.3%), 7.
    /// Never tuned on: the test prints neither its misses nor its score, only whether it holds
    /// its floor, which guards against regressions.
    pub const HELDOUT_6_FLOOR: f64 = 0.8;

    pub struct Row {
        pub line: usize,
        pub accept: Vec<String>,
        pub flags: String,
        pub question: String,
        pub top: Option<String>,
    }

    /// Reads a table: a header line, tab-separated, columns by name (extra ones allowed).
    pub fn read(path: &std::path::Path) -> Vec<Row> {
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines = text.lines().enumerate();
        let (_, header) = lines.next().expect("a header line");
        let cols: HashMap<&str, usize> = header
            .split('\t')
            .enumerate()
            .map(|(i, c)| (c.trim(), i))
            .collect();
        let col = |name: &str| cols.get(name).copied();
        let (accept, question) = (col("accept").unwrap(), col("question").unwrap());
        lines
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|(n, l)| {
                let f: Vec<&str> = l.split('\t').collect();
                let get = |c: Option<usize>| {
                    c.and_then(|c| f.get(c))
                        .map(|s| s.trim().to_owned())
                        .unwrap_or_default()
                };
                Row {
                    line: n + 1,
                    accept: get(Some(accept))
                        .split('|')
                        .map(|s| s.trim().to_owned())
                        .collect(),
                    flags: get(col("flags")),
                    question: get(Some(question)),
                    top: Some(get(col("top"))).filter(|t| !t.is_empty()),
                }
            })
            .collect()
    }

    /// The `scope` profile flags, parsed in-process; `None` when no flag is given.
    pub fn profile(flags: &str, index: &Index) -> Option<Profile> {
        let words: Vec<&str> = flags.split_whitespace().collect();
        if words.is_empty() {
            return None;
        }
        let mut p = Profile::default();
        for pair in words.chunks(2) {
            let [flag, value] = pair else {
                panic!("flag without a value: {flags}")
            };
            match *flag {
                "--forests" => p.forests = Profile::parse_forests(value).unwrap(),
                "--identity" => p.identity = Profile::parse_identity(value).unwrap(),
                "--licenses" => p.licenses = Some(Profile::parse_licenses(value).unwrap()),
                "--services" => p.services = Profile::parse_services(value).unwrap(),
                "--prerequisites" => {
                    p.prerequisites =
                        Profile::parse_prerequisites(value, &index.catalog.prerequisites).unwrap()
                }
                other => panic!("unknown flag {other} in {flags}"),
            }
        }
        Some(p)
    }

    pub struct Score {
        pub total: usize,
        pub right: usize,
        pub confidently_wrong: usize,
        pub misses: Vec<String>,
        /// Per confidence level (high, medium, low): answers, right, confidently wrong.
        pub by_confidence: [(usize, usize, usize); 3],
    }

    pub fn score(rows: &[Row], index: &Index, scope: &ScopeIndex) -> Score {
        let mut s = Score {
            total: rows.len(),
            right: 0,
            confidently_wrong: 0,
            misses: Vec::new(),
            by_confidence: [(0, 0, 0); 3],
        };
        for r in rows {
            let p = profile(&r.flags, index);
            let a = answer(index, scope, &r.question, p.as_ref());
            let got = a.verdict.as_str();
            let accepts = |v: Outcome| r.accept.iter().any(|x| x == v.as_str());
            let best = a.matches.first().map(|m| m.id.as_str());
            let ok = accepts(a.verdict) && r.top.as_deref().is_none_or(|t| best == Some(t));
            let confidently_wrong = (a.verdict == Outcome::InScope
                && accepts(Outcome::OutOfScope)
                && !accepts(Outcome::InScope))
                || (a.verdict == Outcome::OutOfScope
                    && accepts(Outcome::InScope)
                    && !accepts(Outcome::OutOfScope));
            let level = &mut s.by_confidence[match a.confidence {
                Confidence::High => 0,
                Confidence::Medium => 1,
                Confidence::Low => 2,
            }];
            level.0 += 1;
            level.1 += usize::from(ok);
            level.2 += usize::from(confidently_wrong);
            if ok {
                s.right += 1;
            } else {
                s.confidently_wrong += usize::from(confidently_wrong);
                s.misses.push(format!(
                    "line {}{}: {:?} {}: accepts {} {:?}, got {got} ({}) {best:?}",
                    r.line,
                    if confidently_wrong {
                        " (CONFIDENTLY WRONG)"
                    } else {
                        ""
                    },
                    r.question,
                    r.flags,
                    r.accept.join("|"),
                    r.top,
                    a.confidence.as_str()
                ));
            }
        }
        s
    }
}

/// Every table in tests/scope is scored; the tuning set must stay above its floor, a held-out
/// set above its own.
#[test]
fn question_tables_score_above_their_floors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scope");
    let index = fasttrack::catalog::Index::new(fasttrack::catalog::embedded());
    let scope = fasttrack::scope::ScopeIndex::new(&index.catalog);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let rows = tables::read(path);
        let s = tables::score(&rows, &index, &scope);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let share = s.right as f64 / s.total.max(1) as f64;
        // A held-out table's score and misses are not printed: reading them is the first step
        // to tuning on it, and then its score no longer predicts unseen questions. It is scored
        // on purpose, in aggregate only, at the start and the end of a round, with
        // FASTTRACK_SCORE_HELD_OUT=1 (docs/scope.md).
        let held_out = name.starts_with("heldout");
        if held_out && std::env::var_os("FASTTRACK_SCORE_HELD_OUT").is_none() {
            println!(
                "{name}: held out, {} questions, scored against its floor only",
                s.total
            );
        } else if held_out {
            println!(
                "{name}: {}/{} right ({:.1}%), {} confidently wrong",
                s.right,
                s.total,
                share * 100.0,
                s.confidently_wrong
            );
            for (level, (n, right, cw)) in ["high", "medium", "low"].iter().zip(s.by_confidence) {
                println!("  {level}: {right}/{n} right, {cw} confidently wrong");
            }
        } else {
            println!(
                "{name}: {}/{} right ({:.1}%), {} wrong, {} confidently wrong",
                s.right,
                s.total,
                share * 100.0,
                s.total - s.right,
                s.confidently_wrong
            );
            for (level, (n, right, cw)) in ["high", "medium", "low"].iter().zip(s.by_confidence) {
                println!("  {level}: {right}/{n} right, {cw} confidently wrong");
            }
            for m in &s.misses {
                println!("  {m}");
            }
        }
        let floor = match name.as_str() {
            "tuning.tsv" => tables::TUNING_FLOOR,
            "outsider-b.tsv" => tables::OUTSIDER_B_FLOOR,
            "outsider-c.tsv" => tables::OUTSIDER_C_FLOOR,
            "outsider-d.tsv" => tables::OUTSIDER_D_FLOOR,
            "outsider-e.tsv" => tables::OUTSIDER_E_FLOOR,
            "heldout-6.tsv" => tables::HELDOUT_6_FLOOR,
            "outsider-a.tsv" => tables::OUTSIDER_A_FLOOR,
            _ => 0.0,
        };
        if share < floor {
            failures.push(format!(
                "{name}: {:.1}% right, floor {:.1}%",
                share * 100.0,
                floor * 100.0
            ));
        }
    }
    assert!(files.iter().any(|p| p.ends_with("tuning.tsv")));
    assert!(failures.is_empty(), "{failures:?}");
}

/// The tuning set's expected first matches, for the rule coverage check below.
fn tuning_tops() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scope/tuning.tsv");
    tables::read(&path)
        .into_iter()
        .filter_map(|r| r.top)
        .collect()
}

/// Every rule of the real catalog is the expected first match of some question.
#[test]
fn every_real_rule_is_asked_about() {
    let env = Env::new();
    let rules = env.run(&["scope", "--list", "--json"]).ok().json();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 50);
    let tops = tuning_tops();
    let missing: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .filter(|id| !tops.iter().any(|t| t == id))
        .collect();
    assert!(missing.is_empty(), "no question for rules {missing:?}");
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

/// The example: a single-forest engagement, a question about three forests. The
/// question's topology decides, and the answer says it differs from the profile.
#[test]
fn the_question_topology_beats_the_engagement_profile() {
    let env = Env::new();
    env.run(&[
        "init",
        "--customer",
        "C",
        "--services",
        "intune,aad-premium",
        "--forests",
        "single",
        "--identity",
        "federated",
    ])
    .ok();
    let v = ask_real(&env, "will you set up AD FS for our three forests?", "")
        .ok()
        .json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    assert_eq!(v["matches"][0]["id"], "adfs-multi-forest", "{v:#}");
    assert!(v["profile"].as_str().unwrap().contains("single forest"));
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .starts_with("Your question says multiple forests; the profile says a single forest."),
        "{v:#}"
    );
    assert_eq!(v["conditions"][0], "the question says multiple forests");
    let v = ask_real(&env, "can you install AD FS for us?", "")
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

/// Guidance is FastTrack's, the work is the customer's: what the question asks settles a
/// FastTrack task that a customer duty nearly matches as well.
#[test]
fn guide_us_and_do_it_for_us_are_told_apart() {
    let env = Env::new();
    let verdict = |q: &str| ask_real(&env, q, "").ok().json()["verdict"].clone();
    assert_eq!(
        verdict("Which firewall ports do we need to open? Can you guide us?"),
        "in-scope"
    );
    assert_eq!(
        verdict("Will your engineer log into our firewall and open the ports for us?"),
        "conditional"
    );
    assert_eq!(
        verdict("Who actually configures the firewall ports on our edge firewall?"),
        "out-of-scope"
    );
}

/// A question about money, or a product the catalog never names, is not covered; the answer
/// says why, and never shows an internal stem.
#[test]
fn prices_and_unknown_products_are_not_covered() {
    let env = Env::new();
    let v = ask_real(
        &env,
        "Can you get us a discount on our licence purchase?",
        "",
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "not-covered", "{v:#}");
    assert!(v["answer"].as_str().unwrap().contains("prices"), "{v:#}");
    let v = ask_real(
        &env,
        "Can FastTrack help us hook up Microsoft Sentinel?",
        "",
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "not-covered", "{v:#}");
    assert_eq!(v["unknown_words"], serde_json::json!(["sentinel"]), "{v:#}");
}

/// A neighbouring product or task the sources never mention (the catalog's `beyond` list) is
/// answered not-covered by name, even when other words of the question match an entry; an
/// exclusion rule that answers what is asked of it keeps its "no".
#[test]
fn a_neighbour_the_sources_never_mention_is_named_as_not_covered() {
    let env = Env::new();
    let v = ask_real(
        &env,
        "Can FastTrack migrate our mailboxes from Exchange 2016 to Exchange Online?",
        "",
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "not-covered", "{v:#}");
    assert_eq!(v["beyond"]["id"], "mailbox-migration", "{v:#}");
    let answer = v["answer"].as_str().unwrap();
    assert!(
        answer.contains("do not speak of mailbox migration to Exchange Online"),
        "{answer}"
    );
    // The same words without the neighbour: an entry answers, and no `beyond` field.
    let v = ask_real(
        &env,
        "Can you help us deploy Outlook for iOS and Android securely for our Exchange Online mailboxes?",
        "",
    )
    .ok()
    .json();
    assert_ne!(v["verdict"], "not-covered", "{v:#}");
    assert!(v.get("beyond").is_none(), "{v:#}");
    // An exclusion about what is asked ("decommission") answers, neighbour or not.
    let v = ask_real(
        &env,
        "Will you decommission our old MobileIron servers after the move?",
        "",
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    assert_eq!(v["matches"][0]["id"], "decommissioning", "{v:#}");
    assert!(v.get("beyond").is_none(), "{v:#}");
    // ... but only if it matched more than the neighbour's own words: the Intune security
    // baselines feature is not the exclusion about policies beyond the baseline.
    let v = ask_real(&env, "Can you configure the Intune security baseline?", "")
        .ok()
        .json();
    assert_eq!(v["verdict"], "not-covered", "{v:#}");
    assert_eq!(v["beyond"]["id"], "intune-security-baselines", "{v:#}");
    // The text answer names it too.
    let out = env.run(&[
        "scope",
        "--color",
        "never",
        "is Microsoft Sentinel part of this?",
    ]);
    out.ok()
        .stdout_has("NOT-COVERED")
        .stdout_has("Microsoft Sentinel or another SIEM");
}

/// A language the question asks help in is answered by the rule listing the languages
/// offered: yes for one it lists, no for one it does not, and the fact is named.
/// Each Autopilot scenario has its own Windows 10 version: the one the question names is the
/// one its version is held to, and a question naming none is told it depends.
#[test]
fn a_version_is_held_to_the_autopilot_scenario_asked_about() {
    let env = Env::new();
    let verdict = |q: &str| ask_real(&env, q, "").ok().json()["verdict"].clone();
    assert_eq!(
        verdict("hybrid Azure AD join Autopilot on Windows 10 1803?"),
        "out-of-scope"
    );
    assert_eq!(
        verdict("Autopilot with Azure AD join on Windows 10 1803?"),
        "in-scope"
    );
    assert_eq!(
        verdict("Autopilot self-deploying mode on 1809?"),
        "in-scope"
    );
    assert_eq!(verdict("Autopilot on Windows 10 1803?"), "conditional");
    let v = ask_real(&env, "hybrid autopilot on win10 1803 machines?", "")
        .ok()
        .json();
    let answer = v["answer"].as_str().unwrap();
    assert!(
        answer.contains("below the 1809 the rule asks for, for hybrid Azure AD join"),
        "{v:#}"
    );
    // Bringing the devices to that version is the customer's.
    let v = ask_real(
        &env,
        "can you upgrade our laptops to 1809 so hybrid autopilot works?",
        "",
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("FastTrack does not upgrade it"),
        "{v:#}"
    );
}

/// Neighbouring work the sources never mention (in-place upgrades, gold images, GPO
/// migration, Windows Hello and BitLocker) is named as not covered.
#[test]
fn upgrades_images_and_gpo_migration_are_not_covered() {
    let env = Env::new();
    for (q, id) in [
        (
            "We need to in-place upgrade 3,000 PCs from Windows 7 to Windows 10",
            "os-upgrades",
        ),
        (
            "Will you build our Windows 11 gold image?",
            "image-building",
        ),
        ("Can you migrate our GPOs to Intune?", "gpo-migration"),
        // Not the business hours rule ("business"), not "blocker" (a typo's reading).
        (
            "can you configure windows hello for business",
            "windows-security-features",
        ),
        (
            "help with bitlocker policies in intune",
            "windows-security-features",
        ),
    ] {
        let v = ask_real(&env, q, "").ok().json();
        assert_eq!(v["verdict"], "not-covered", "{q}: {v:#}");
        assert_eq!(v["beyond"]["id"], id, "{q}: {v:#}");
    }
}

/// "No enrolment beyond the test accounts" says nothing against enrolling test devices, and
/// still says no to enrolling all of them.
#[test]
fn an_exclusion_beyond_a_limit_holds_only_past_it() {
    let env = Env::new();
    let verdict = |q: &str| ask_real(&env, q, "").ok().json()["verdict"].clone();
    assert_ne!(
        verdict("can you help enroll 20 test devices"),
        "out-of-scope"
    );
    assert_eq!(
        verdict("can FastTrack enroll all 800 devices for us?"),
        "out-of-scope"
    );
    assert_eq!(
        verdict("Can you enroll all 4,000 of our user accounts for us, not just the test ones?"),
        "out-of-scope"
    );
}

/// A rule whose condition excepts what the question names ("PCs other than Windows 10") is
/// no FastTrack side against the exclusion that names it: the Intune PC agent on Windows 10
/// is not supported.
#[test]
fn the_pc_agent_on_windows_10_is_out_of_scope() {
    let env = Env::new();
    let q = "can you set up the Intune PC agent on our Windows 10 laptops?";
    let v = ask_real(&env, q, "").ok().json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    assert_eq!(v["matches"][0]["id"], "classic-pc-management", "{v:#}");
}

/// Across forests, password writeback is supported and every other writeback is not: an
/// exclusion whose condition excepts what the question names says nothing against it, unless
/// the question also asks for what it excludes.
#[test]
fn password_writeback_across_forests_is_the_exception() {
    let env = Env::new();
    let verdict = |q: &str| ask_real(&env, q, "").ok().json()["verdict"].clone();
    assert_eq!(
        verdict("We've got 2 forests and want password writeback for SSPR. Supported?"),
        "in-scope"
    );
    assert_eq!(
        verdict("two forests, can you set up group writeback?"),
        "out-of-scope"
    );
    assert_eq!(
        verdict("4 forests: password writeback is fine, but we also want device writeback"),
        "out-of-scope"
    );
}

/// Help is remote and in business hours: "come to our office" is on-site work, not Office
/// apps, and "available during business hours?" is answered yes.
#[test]
fn help_is_remote_and_in_business_hours() {
    let env = Env::new();
    let top = |q: &str| {
        let v = ask_real(&env, q, "").ok().json();
        (v["verdict"].clone(), v["matches"][0]["id"].clone())
    };
    assert_eq!(
        top("can someone come to our office for the rollout?"),
        ("out-of-scope".into(), "remote-only".into())
    );
    assert_eq!(
        top("Is FastTrack support available during business hours?"),
        ("in-scope".into(), "business-hours".into())
    );
    assert_eq!(
        top("can we get help on weekends?"),
        ("out-of-scope".into(), "after-hours".into())
    );
}

/// The customer's part in what FastTrack runs with it (a `joint` item) answers "will you help
/// us ...?" with yes; a duty of the customer's own still answers no.
#[test]
fn a_joint_activity_is_fasttrack_s_with_the_customer() {
    let env = Env::new();
    let v = ask_real(
        &env,
        "will you help us outline our user provisioning approach?",
        "",
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "in-scope", "{v:#}");
    assert!(
        v["answer"].as_str().unwrap().contains("who takes part"),
        "{v:#}"
    );
    let v = ask_real(&env, "will you write our helpdesk documentation?", "")
        .ok()
        .json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
}

/// "Customers" is filler, not the customer's duties: a plan question is not answered by the
/// rule that readying AD is the customer's.
#[test]
fn customers_is_no_topic() {
    let env = Env::new();
    let v = ask_real(&env, "Do you support Entra ID P1 only customers?", "")
        .ok()
        .json();
    assert_ne!(v["verdict"], "out-of-scope", "{v:#}");
}

/// A question in the negative ("you don't do X, right?") is answered about X.
#[test]
fn a_question_in_the_negative_is_about_what_it_names() {
    let env = Env::new();
    let v = ask_real(&env, "you don't do the end-user training, correct?", "")
        .ok()
        .json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    assert_eq!(v["matches"][0]["id"], "end-user-training", "{v:#}");
}

/// "Up to three or more" gallery apps: a count within three is FastTrack's, and the answer
/// says it read the count; more is the condition's "not ruled out".
#[test]
fn a_count_of_apps_within_the_limit_is_in_scope() {
    let env = Env::new();
    let v = ask_real(
        &env,
        "SSO for Salesforce, ServiceNow and Workday from the gallery, can you guide us on those 3?",
        "",
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "in-scope", "{v:#}");
    assert_eq!(v["matches"][0]["id"], "aadp-connect.saas-sso", "{v:#}");
    assert_eq!(
        v["facts"],
        serde_json::json!(["a count of 3, where the rule names up to 3"]),
        "{v:#}"
    );
    let v = ask_real(&env, "we need SSO for 25 SaaS apps from the gallery", "")
        .ok()
        .json();
    assert_eq!(v["verdict"], "conditional", "{v:#}");
    let v = ask_real(
        &env,
        "Can you integrate more than three SaaS apps with SSO?",
        "",
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "conditional", "{v:#}");
}

#[test]
fn a_language_asked_for_is_offered_or_not() {
    let env = Env::new();
    let v = ask_real(
        &env,
        "can your sessions be held in Korean for our Seoul team?",
        "",
    )
    .ok()
    .json();
    assert_eq!(v["verdict"], "in-scope", "{v:#}");
    assert_eq!(v["matches"][0]["id"], "support-languages", "{v:#}");
    let v = ask_real(&env, "Is Dutch supported for the calls?", "")
        .ok()
        .json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    let v = ask_real(&env, "our admins only speak Dutch, is that a problem?", "")
        .ok()
        .json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    assert_eq!(
        v["facts"],
        serde_json::json!(["asks for help in Dutch"]),
        "{v:#}"
    );
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("not offered in Dutch"),
        "{v:#}"
    );
}

/// The catalog once distorted these source bullets, and `scope` answered them wrongly; each is
/// held here to what the sources say, one question each.
#[test]
fn once_distorted_bullets_are_answered_as_the_sources_say() {
    let env = Env::new();
    let verdict = |q: &str| {
        let v = ask_real(&env, q, "").ok().json();
        (v["verdict"].as_str().unwrap().to_owned(), v)
    };
    let is = |q: &str, accepted: &[&str]| {
        let (got, v) = verdict(q);
        assert!(accepted.contains(&got.as_str()), "{q}: {got}\n{v:#}");
        v
    };
    // Intune PC management (the phases page): FastTrack's, for PCs other than Windows 10;
    // only Windows 10 classic PC management with the agent is ruled out.
    is(
        "Do you help with the software and hardware reports in Intune?",
        &["in-scope", "conditional"],
    );
    is(
        "Will you help us install the Intune client software on our PCs?",
        &["in-scope", "conditional"],
    );
    is(
        "Do you support Windows 10 classic PC management with the Intune PC agent?",
        &["out-of-scope"],
    );
    // Test users are enrolled with FastTrack; everyone else is the customer's: never a plain no.
    is(
        "Can you enroll our pilot users?",
        &["in-scope", "conditional"],
    );
    // Co-management bullets that were missing or denied.
    is(
        "Can you install the Configuration Manager client on devices already enrolled in Intune?",
        &["in-scope"],
    );
    is(
        "Can you explain the benefits of co-management?",
        &["in-scope"],
    );
    // "Up to three (3) or more" SaaS apps: more than three is not ruled out.
    is(
        "Can you integrate more than three SaaS apps with SSO?",
        &["conditional", "in-scope"],
    );
    // The sources say nothing of the Intune security baselines feature.
    is(
        "Can you configure the Intune security baseline?",
        &["not-covered", "conditional"],
    );
    // Requesting help: the request form, or the listed partner; TeamViewer has no part in it.
    let v = is(
        "How do we request FastTrack assistance?",
        &["in-scope", "conditional"],
    );
    assert!(
        !v["answer"].as_str().unwrap().contains("TeamViewer"),
        "{v:#}"
    );
    // A partner can ask on its customer's behalf.
    is(
        "I'm a Microsoft partner - can I request FastTrack help on behalf of my customer?",
        &["in-scope"],
    );
    // A duty to provide a prerequisite applies to the customer who lacks it.
    env.init(&[]);
    let items = env.run(&["items", "--all", "--json"]).ok().json();
    for id in ["customer.defender-licenses", "customer.pki-infrastructure"] {
        let item = items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"));
        assert_eq!(
            item["applicable"], true,
            "{id} applies without the prerequisite: {item:#}"
        );
    }
}

/// A licence count below the threshold, in the question or the profile, settles eligibility
/// for whatever is asked; "2,000 seats" is two thousand.
#[test]
fn a_licence_count_settles_eligibility_for_any_question() {
    let env = Env::new();
    let v = ask_real(&env, "we only have 90 seats, can you set up SSPR?", "")
        .ok()
        .json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    assert_eq!(v["matches"][0]["id"], "eligibility-under-150", "{v:#}");
    let v = ask_real(&env, "can you set up SSPR?", "--licenses 100")
        .ok()
        .json();
    assert_eq!(v["verdict"], "out-of-scope", "{v:#}");
    let v = ask_real(&env, "We bought 2,000 EMS E3 seats - eligible?", "")
        .ok()
        .json();
    assert_eq!(v["facts"], serde_json::json!(["2000 licences"]), "{v:#}");
    assert_ne!(v["verdict"], "out-of-scope", "{v:#}");
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
fn hostile_questions_get_an_answer_or_a_one_line_error() {
    let env = Env::new();
    // Over 2,000 characters: a usage error that says the limit.
    let long = "please configure intune compliance policies for our devices ".repeat(40);
    let out = ask(&env, &long, &[])
        .code(2)
        .stderr_has("the limit is 2000");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    // Exactly at the limit: answered.
    let at_limit: String = "mfa ".repeat(500);
    assert_eq!(at_limit.chars().count(), 2_000);
    assert!(ask(&env, &at_limit, &[]).ok().json()["verdict"].is_string());
    // Control characters (an escape sequence, a NUL, a newline): a usage error.
    for q in ["MFA\u{1b}[31m", "MFA\u{7}", "set up\nMFA"] {
        let out = ask(&env, q, &[]).code(2).stderr_has("control character");
        assert_eq!(out.stderr.lines().count(), 1, "{q:?}: {}", out.stderr);
    }
    // Many distinct words: answered, with a note that only the first were used.
    let words: String = (0..300).map(|i| format!("w{i} ")).collect();
    let out = ask(&env, &words, &[]).ok();
    assert_eq!(out.json()["verdict"], "not-covered");
    assert!(out.stderr.contains("only the first"), "{}", out.stderr);
    for q in [
        "Können Sie Intune für uns einrichten?",
        "インチューンを設定できますか",
        "🙂🙂🙂",
        "\u{202e}MFA",
        "ÀÉÎÕÜ ß ﬁ",
    ] {
        let v = ask(&env, q, &[]).ok().json();
        assert!(v["verdict"].is_string(), "{q:?}");
    }
}
