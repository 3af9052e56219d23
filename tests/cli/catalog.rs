//! The catalog: embedded, listed, shown, validated; broken and hostile catalog files refused
//! with the file, the line and what is wrong.

use crate::harness::Env;
use serde_json::Value;

/// The built-in catalog, as `catalog --json` prints it.
pub fn catalog_json(env: &Env) -> Value {
    env.run(&["catalog", "--json"]).ok().json()
}

/// A small valid catalog in the file format, to break in the tests.
const MINI: &str = r#"catalog:
  id: mini
  title: Mini
  version: "1"
  sources:
    - { id: doc, title: Doc, file: doc.md }
phases:
  - { id: initiate, name: Initiate }
sections:
  - id: start
    phase: initiate
    name: Start
    owner: fasttrack
    source: { doc: doc, heading: Start }
items:
  - id: start.kickoff
    section: start
    title: Hold the kick-off
rules:
  - id: remote-only
    verdict: out-of-scope
    title: No on-site work
    statement: Everything is remote.
    items: [start.kickoff]
    source: { doc: doc, heading: Start }
"#;

#[test]
fn catalog_lists_phases_in_order() {
    let env = Env::new();
    let v = catalog_json(&env);
    let phases: Vec<&str> = v["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        phases,
        ["general", "initiate", "assess", "remediate", "enable"]
    );
    for key in ["id", "phase", "section", "title", "owner"] {
        assert!(
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i.get(key).is_some()),
            "every item has {key}"
        );
    }
    for key in ["id", "verdict", "statement"] {
        assert!(
            v["rules"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r.get(key).is_some()),
            "every rule has {key}"
        );
    }
    let order: Vec<usize> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            phases
                .iter()
                .position(|p| *p == i["phase"].as_str().unwrap())
                .unwrap()
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "items come in phase order"
    );
    env.run(&["catalog"])
        .ok()
        .stdout_has("Initiate")
        .stdout_has("Enable")
        .stdout_has("Sources:");
}

#[test]
fn catalog_show_gives_an_item_or_rule_with_its_source() {
    let env = Env::new();
    env.run(&["catalog", "show", "intune.mdm-authority"])
        .ok()
        .stdout_has("intune.mdm-authority")
        .stdout_has("source:")
        .stdout_has("FastTrack responsibilities");
    env.run(&["catalog", "show", "adfs-multi-forest"])
        .ok()
        .stdout_has("out-of-scope");
    let v = env
        .run(&["catalog", "show", "adfs-multi-forest", "--json"])
        .ok()
        .json();
    assert_eq!(v["kind"], "rule");
    env.run(&["catalog", "show", "intune.nothing-like-this"])
        .code(1)
        .stderr_has("unknown item");
}

#[test]
fn a_valid_catalog_file_validates_and_can_replace_the_built_in_one() {
    let env = Env::new();
    let path = env.write("mini.yaml", MINI);
    env.run(&["catalog", "validate", path.to_str().unwrap()])
        .ok()
        .stdout_has("valid catalog mini 1");
    let v = env
        .cmd()
        .env("FASTTRACK_CATALOG", &path)
        .args(["catalog", "--json"])
        .run()
        .ok()
        .json();
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    env.run(&[
        "--catalog",
        path.to_str().unwrap(),
        "init",
        "--customer",
        "Mini",
    ])
    .ok();
    env.run(&["--catalog", path.to_str().unwrap(), "done", "kickoff"])
        .ok();
}

/// Validates `text` and returns stderr, asserting exit 1 and a first line naming the file.
fn invalid(env: &Env, text: &str) -> String {
    let path = env.write("bad.yaml", text);
    let out = env
        .run(&["catalog", "validate", path.to_str().unwrap()])
        .code(1);
    let first = out.stderr.lines().next().unwrap_or_default().to_owned();
    assert!(
        first.starts_with("error: invalid catalog ") && first.contains("bad.yaml"),
        "{}",
        out.stderr
    );
    out.stderr
}

#[test]
fn bad_yaml_is_located_by_line_and_column() {
    let env = Env::new();
    let err = invalid(
        &env,
        &MINI.replace("title: Hold the kick-off", "title: [Hold the kick-off"),
    );
    assert!(err.contains("line 18"), "{err}");
}

#[test]
fn unknown_fields_are_named() {
    let env = Env::new();
    let err = invalid(
        &env,
        &MINI.replace(
            "    title: Hold the kick-off",
            "    title: Hold the kick-off\n    colour: red",
        ),
    );
    assert!(
        err.contains("unknown field `colour`") && err.contains("line 19"),
        "{err}"
    );
}

#[test]
fn every_semantic_problem_is_listed() {
    let env = Env::new();
    let text = MINI
        .replace("items: [start.kickoff]", "items: [start.nothing]")
        .replace("title: Hold the kick-off", "title: \"\"")
        + "  - id: remote-only\n    verdict: in-scope\n    title: Twice\n    statement: Again.\n    source: { doc: nodoc, heading: X }\n";
    let err = invalid(&env, &text);
    assert!(err.contains("4 problems"), "{err}");
    assert!(err.contains("empty title"), "{err}");
    assert!(err.contains("unknown item \"start.nothing\""), "{err}");
    assert!(
        err.contains("duplicate id \"remote-only\"") && err.contains("line 26"),
        "{err}"
    );
    assert!(err.contains("unknown source document \"nodoc\""), "{err}");
}

#[test]
fn unsafe_ids_are_refused() {
    let env = Env::new();
    for bad in ["start/../kickoff", "Start.Kickoff", "\"start.\\u001b[31m\""] {
        let err = invalid(
            &env,
            &MINI
                .replace("id: start.kickoff", &format!("id: {bad}"))
                .replace("[start.kickoff]", "[]"),
        );
        assert!(err.contains("item id"), "{bad}: {err}");
        assert!(
            !err.contains('\u{1b}'),
            "control characters are escaped in errors"
        );
    }
}

#[test]
fn hostile_catalogs_fail_fast_and_cleanly() {
    let env = Env::new();
    let laughs = {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10u8 {
            let (n, p) = ((b'a' + i) as char, (b'a' + i - 1) as char);
            s.push_str(&format!(
                "{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            ));
        }
        s
    };
    let aliased = MINI.replace(
        "  - { id: initiate, name: Initiate }",
        "  - &p { id: initiate, name: Initiate }\n  - *p",
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "billion laughs",
            laughs.into_bytes(),
            "error: invalid catalog",
        ),
        ("an alias", aliased.into_bytes(), "anchors and aliases"),
        (
            "100,000 nested brackets",
            "[".repeat(100_000).into_bytes(),
            "nested",
        ),
        ("20 MB", vec![b'a'; 20 * 1024 * 1024], "4 MiB limit"),
        ("binary", vec![0xff, 0xfe, 0x00, 0x01], "not UTF-8"),
    ];
    for (what, bytes, expect) in cases {
        let path = env.write("hostile.yaml", &bytes);
        let out = env
            .run(&["catalog", "validate", path.to_str().unwrap()])
            .code(1);
        assert!(out.stderr.contains(expect), "{what}: {}", out.stderr);
        assert!(
            !out.stderr.contains("panicked") && !out.stderr.contains("bug"),
            "{what}: {}",
            out.stderr
        );
        env.run(&["--catalog", path.to_str().unwrap(), "catalog"])
            .code(1)
            .stderr_has(expect);
    }
}

/// For each section of the primary source, the bullets we expect, by words of their titles
/// (lower case), in the source's order. Written from a reading of the source, independently
/// of the catalog's wording where the words allow.
const FIDELITY: &[(&str, &[&str])] = &[
    ("general", &["remote", "documentation", "representative"]),
    (
        "initiate",
        &[
            "onboarding",
            "services",
            "eligibility",
            "request for assistance",
            "kick-off",
        ],
    ),
    (
        "assess",
        &[
            "administration",
            "guide",
            "dns",
            "client",
            "provisioned",
            "services",
            "timeline",
            "checklist",
            "adoption",
        ],
    ),
    ("remediate", &["calls", "verify the remediation"]),
    (
        "enable",
        &[
            "tenant",
            "firewall",
            "dns",
            "test network",
            "single forest",
            "synchronization",
            "phs or pta",
            "ad fs",
            "single sign-on",
            "tenants",
        ],
    ),
    (
        "enable-aadp",
        &[
            "tenant",
            "firewall",
            "dns",
            "test network",
            "single forest",
            "synchronization",
            "phs or pta",
            "multiple forests",
            "several forests",
            "single or multiple",
            "pass-through",
            "seamless",
            "prerequisites",
            "limits",
            "troubleshoot",
            "sync",
            "ad fs",
            "install ad fs",
            "single sign-on",
            "test users",
        ],
    ),
    (
        "enable-aadp-connect",
        &[
            "provision users",
            "azure ad connect",
            "password reset",
            "mfa",
            "saas",
            "outbound provisioning",
            "brand",
            "groups",
            "application proxy",
            "connect health",
            "conditional access",
            "terms of use",
            "identity protection",
            "privileged",
            "access reviews",
        ],
    ),
    (
        "enable-intune",
        &[
            "identities",
            "license",
            "users",
            "mdm authority",
            "set intune",
            "test groups",
            "portal",
            "roles",
            "mdm policies",
            "deploy apps",
            "office",
            "volume",
            "wi-fi",
            "exchange connector",
            "device configuration",
            "conditional access",
            "app protection",
            "conditional access for managed apps",
            "user groups",
            "usage reports",
            "app configuration",
            "lob",
            "enroll",
            "data warehouse",
            "partner",
            "teamviewer",
            "threat defense",
            "telecom",
            "defender",
            "software updates",
            "adoption",
            "pc management",
            "client software",
            "software and hardware reports",
        ],
    ),
    (
        "enable-autopilot",
        &[
            "autopilot",
            "intune",
            "dynamic groups",
            "branding",
            "profiles",
            "out-of-box",
            "auto-enrollment",
        ],
    ),
    (
        "enable-comanagement",
        &[
            "co-management brings",
            "license",
            "identities",
            "users",
            "auto-enrollment",
            "hybrid azure ad join",
            "cloud management gateway",
            "users",
            "prepare intune",
            "mdm authority",
            "set intune",
            "test groups",
            "portal",
            "roles",
            "app protection",
            "windows 10",
            "co-management",
            "workloads",
            "configmgr client",
            "monitor",
        ],
    ),
];

#[test]
fn every_bullet_of_the_primary_source_is_an_item_in_order() {
    let env = Env::new();
    let v = catalog_json(&env);
    let items = v["items"].as_array().unwrap();
    for (section, expected) in FIDELITY {
        let titles: Vec<String> = items
            .iter()
            .filter(|i| i["section"] == *section)
            .map(|i| i["title"].as_str().unwrap().to_lowercase())
            .collect();
        assert_eq!(
            titles.len(),
            expected.len(),
            "section {section}: {titles:#?}"
        );
        for (title, words) in titles.iter().zip(expected.iter()) {
            assert!(
                title.contains(words),
                "section {section}: {title:?} should be about {words:?}"
            );
        }
        assert!(
            items
                .iter()
                .filter(|i| i["section"] == *section)
                .all(|i| i["owner"] == "fasttrack")
        );
    }
}

#[test]
fn customer_responsibilities_and_scope_notes_are_all_there() {
    let env = Env::new();
    let v = catalog_json(&env);
    let items = v["items"].as_array().unwrap();
    let customer: Vec<&Value> = items.iter().filter(|i| i["owner"] == "customer").collect();
    // 26 general bullets (one split in three), 2 initiate, 6 assess, 2 remediate, 8 enable.
    assert_eq!(customer.len(), 46);
    for phase in ["general", "initiate", "assess", "remediate", "enable"] {
        assert!(
            customer.iter().any(|i| i["phase"] == phase),
            "customer items in {phase}"
        );
    }
    let rules = v["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // Every NOTE and IMPORTANT box of the primary source, and the siblings' limits.
    for id in [
        "custom-sync-rules",
        "adfs-multi-forest",
        "pta-multi-forest",
        "writeback-multi-forest",
        "classic-pc-management",
        "autopilot-outside-intune",
        "autopilot-configmgr",
        "outlook-mailbox-policies",
        "identity-one-time",
        "pki-infrastructure",
        "configmgr-setup",
        "defender-atp-licensing",
        "autopilot-hardware-ids",
        "saas-sso-apps",
        "inbound-provisioning",
        "eligibility-150",
        "limited-services",
        "remote-only",
        "onprem-mfa",
    ] {
        assert!(ids.contains(&id), "rule {id}");
    }
    for r in rules {
        assert!(
            !r["keywords"].as_array().unwrap().is_empty(),
            "rule {} has keywords",
            r["id"]
        );
        assert!(r["source"]["doc"].is_string() && r["section"].is_string());
    }
    let adfs = rules
        .iter()
        .find(|r| r["id"] == "adfs-multi-forest")
        .unwrap();
    assert_eq!(adfs["verdict"], "out-of-scope");
    assert_eq!(adfs["when"]["forests"], "multiple");
    let excluded: Vec<&str> = adfs["excludes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        excluded.contains(&"enable.adfs") && excluded.contains(&"aadp.adfs"),
        "{excluded:?}"
    );
}

#[test]
fn catalog_states_the_sources_date_and_addresses() {
    let env = Env::new();
    let out = env.run(&["catalog"]).ok();
    let first = out.stdout.lines().next().unwrap_or_default().to_owned();
    assert!(
        first.contains("as documented by Microsoft, 2018-12"),
        "{first}"
    );
    out.stdout_has(
        "https://learn.microsoft.com/enterprise-mobility-security/solutions/fasttrack-center-benefit-process-for-ems-phases",
    )
    .stdout_has("MicrosoftDocs/EMDocs: EMDocs/Solutions/fasttrack-center-benefit-process-for-ems-phases.md");
    let v = catalog_json(&env);
    assert_eq!(v["documented"], "2018-12");
    for s in v["catalog"]["sources"].as_array().unwrap() {
        let file = s["file"].as_str().unwrap();
        let page = file.strip_suffix(".md").unwrap();
        assert_eq!(
            s["url"],
            format!("https://learn.microsoft.com/enterprise-mobility-security/solutions/{page}"),
            "{s}"
        );
        assert_eq!(s["repo"], "MicrosoftDocs/EMDocs");
        assert_eq!(s["repo_path"], format!("EMDocs/Solutions/{file}"));
    }
}

#[test]
fn show_gives_the_source_address_and_today_s_product_names() {
    let env = Env::new();
    env.run(&["catalog", "show", "aadp-connect.connect-health"])
        .ok()
        .stdout_has("address: https://learn.microsoft.com/enterprise-mobility-security/solutions/fasttrack-center-benefit-process-for-ems-fasttrack-responsibilities")
        .stdout_has("Azure AD Connect Health is now Microsoft Entra Connect Health");
    let v = env
        .run(&["show", "intune.integrations.defender-atp", "--json"])
        .ok()
        .json();
    assert_eq!(
        v["current_names"][0]["now"],
        "Microsoft Defender for Endpoint"
    );
    assert!(
        v["source_url"]
            .as_str()
            .unwrap()
            .starts_with("https://learn.microsoft.com/")
    );
    let rule = env
        .run(&["catalog", "show", "limited-services", "--json"])
        .ok()
        .json();
    let now: Vec<&str> = rule["current_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["now"].as_str().unwrap())
        .collect();
    assert!(
        now.contains(&"Microsoft Defender for Cloud Apps"),
        "{now:?}"
    );
    // A title in today's words names no old product.
    let v = env
        .run(&["show", "general.remote-support", "--json"])
        .ok()
        .json();
    assert_eq!(v["current_names"].as_array().unwrap().len(), 0);
}

/// A `beyond` phrase (a topic the sources never mention) that an entry's own words use is a
/// warning naming both; the file stays valid.
#[test]
fn validate_warns_when_a_beyond_phrase_is_what_an_entry_says() {
    let env = Env::new();
    let overlap = MINI.replace(
        "\nsections:\n",
        "\nbeyond:\n  - id: meetings\n    name: meetings\n    phrases: [kick-off, teams rooms]\n\nsections:\n",
    );
    assert_ne!(overlap, MINI, "the fixture has a sections list");
    let path = env.write("beyond.yaml", &overlap);
    env.run(&["catalog", "validate", path.to_str().unwrap()])
        .ok()
        .stdout_has("valid catalog mini 1")
        .stderr_has("warning:")
        .stderr_has("phrase \"kick-off\" of beyond entry meetings is also in start.kickoff");
    let out = env
        .run(&["catalog", "validate", path.to_str().unwrap()])
        .ok();
    assert!(!out.stderr.contains("teams rooms"), "{}", out.stderr);
    // A beyond id is an id like any other: one an item uses is a problem, not a warning.
    let taken = overlap.replace("  - id: meetings\n", "  - id: start.kickoff\n");
    let path = env.write("taken.yaml", &taken);
    env.run(&["catalog", "validate", path.to_str().unwrap()])
        .code(1)
        .stderr_has("start.kickoff");
}

#[test]
fn validate_warns_when_an_out_of_scope_keyword_is_an_in_scope_item_s() {
    let env = Env::new();
    let clash = MINI
        .replace(
            "    title: Hold the kick-off\n",
            "    title: Hold the kick-off\n    keywords: [kickoff, first meeting]\n",
        )
        .replace(
            "    items: [start.kickoff]\n",
            "    items: [start.kickoff]\n    keywords: [on-site, first meeting]\n",
        );
    let path = env.write("clash.yaml", &clash);
    env.run(&["catalog", "validate", path.to_str().unwrap()])
        .ok()
        .stdout_has("valid catalog mini 1")
        .stderr_has("warning:")
        .stderr_has("\"first meeting\"")
        .stderr_has("out-of-scope rule remote-only")
        .stderr_has("in-scope item start.kickoff");
    // A rule that takes the item out of scope on purpose (`excludes`) is no clash.
    let excluded = clash.replace(
        "    items: [start.kickoff]\n",
        "    excludes: [start.kickoff]\n",
    );
    let path = env.write("excludes.yaml", &excluded);
    let out = env
        .run(&["catalog", "validate", path.to_str().unwrap()])
        .ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    // The built-in catalog has no clash.
    let real = format!("{}/catalog/ems.yaml", env!("CARGO_MANIFEST_DIR"));
    let out = env.run(&["catalog", "validate", &real]).ok();
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    out.stdout_has("valid catalog fasttrack-ems 2026.12.2");
}

#[test]
fn bad_source_addresses_and_renamed_entries_are_named() {
    let env = Env::new();
    let text = MINI.replace(
        "    - { id: doc, title: Doc, file: doc.md }",
        "    - { id: doc, title: Doc, file: doc.md, url: \"http://x y\", repo: Org/Repo, date: \"12/4/2018\" }",
    ) + "renamed:\n  - { old: Old, now: New }\n  - { old: Old, now: Newer }\n";
    let err = invalid(&env, &text);
    assert!(err.contains("https://"), "{err}");
    assert!(err.contains("repo_path"), "{err}");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    assert!(err.contains("renamed lists \"Old\" twice"), "{err}");
}
