//! Engagements: init, the verbs, the reading commands, applicability, bad input.

use crate::harness::Env;
use serde_json::Value;

/// Every item of the built-in catalog, as `catalog --json` lists them.
fn catalog_items(env: &Env) -> Vec<Value> {
    env.run(&["catalog", "--json"]).ok().json()["items"]
        .as_array()
        .unwrap()
        .clone()
}

fn items_json(env: &Env) -> Vec<Value> {
    env.run(&["items", "--json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

fn item<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

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

#[test]
fn init_writes_a_header_with_the_profile_and_defaults() {
    let env = Env::new();
    env.init(&[]);
    let lines = env.journal_lines();
    assert_eq!(lines.len(), 1);
    let h: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(h["format"], "fasttrack-journal");
    assert_eq!(h["version"], 1);
    assert_eq!(h["customer"], "Contoso");
    assert_eq!(h["catalog"]["id"], "fasttrack-ems");
    assert_eq!(
        h["profile"]["services"],
        serde_json::json!(["intune", "aad-premium", "co-management"])
    );
    assert_eq!(h["profile"]["forests"], "single");
    assert_eq!(h["profile"]["identity"], "managed");
    assert_eq!(h["by"], "tester");
    assert!(h["created"].as_str().unwrap().ends_with('Z'));
}

#[cfg(unix)]
#[test]
fn journal_is_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.init(&[]);
    let mode = std::fs::metadata(env.journal())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn init_rejects_bad_profile_values_as_usage_errors() {
    let env = Env::new();
    for (flag, value, hint) in [
        (
            "--services",
            "exchange",
            "intune, aad-premium, co-management",
        ),
        ("--forests", "three", "single or multiple"),
        ("--identity", "hybrid", "cloud, managed or federated"),
        ("--licenses", "lots", "whole number"),
        ("--prerequisites", "unicorn", "expected some of"),
    ] {
        env.run(&["init", "--customer", "C", flag, value])
            .code(2)
            .stderr_has(hint);
        assert!(
            !env.journal().exists(),
            "{flag} {value} must not create a journal"
        );
    }
    env.run(&["init", "--customer", "  "])
        .code(2)
        .stderr_has("customer name is empty");
    env.run(&["init"]).code(2).stderr_has("--customer");
}

#[test]
fn verbs_record_changes_with_who_when_and_note() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["start", "intune.mdm-authority"])
        .ok()
        .stdout_has("in-progress: intune.mdm-authority");
    env.run(&["done", "intune.mdm-authority", "-m", "set on the call"])
        .ok();
    env.run(&[
        "block",
        "intune.mdm-authority.set",
        "-m",
        "waiting for admin",
    ])
    .ok();
    env.run(&[
        "--by",
        "ann",
        "note",
        "intune.mdm-authority.set",
        "-m",
        "admin is back monday",
    ])
    .ok();
    env.run(&["skip", "general.remote-support", "-m", "customer declined"])
        .ok();
    env.run(&["reopen", "general.remote-support"]).ok();
    let lines = env.journal_lines();
    assert_eq!(lines.len(), 7);
    let changes: Vec<Value> = lines[1..]
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ops: Vec<&str> = changes.iter().map(|c| c["op"].as_str().unwrap()).collect();
    assert_eq!(ops, ["start", "done", "block", "note", "skip", "reopen"]);
    assert_eq!(changes[1]["status"], "done");
    assert_eq!(changes[1]["note"], "set on the call");
    assert_eq!(changes[3]["by"], "ann");
    assert!(changes[3].get("status").is_none());
    assert_eq!(changes[0]["by"], "tester");
    assert_eq!(
        changes[1]["prev"], changes[0]["id"],
        "each change names the item's previous change"
    );
    let ids: std::collections::HashSet<&str> =
        changes.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 6);
    for c in &changes {
        let at = c["at"].as_str().unwrap();
        assert!(
            at.ends_with('Z') && at.len() == 27,
            "UTC RFC 3339 with microseconds: {at}"
        );
    }

    let items = items_json(&env);
    assert_eq!(item(&items, "intune.mdm-authority")["status"], "done");
    assert_eq!(
        item(&items, "intune.mdm-authority")["note"],
        "set on the call"
    );
    assert_eq!(
        item(&items, "intune.mdm-authority.set")["status"],
        "blocked"
    );
    assert_eq!(
        item(&items, "intune.mdm-authority.set")["note"],
        "admin is back monday"
    );
    assert_eq!(item(&items, "intune.mdm-authority.set")["by"], "ann");
    assert_eq!(
        item(&items, "general.remote-support")["status"],
        "not-started"
    );
}

#[test]
fn a_verb_that_changes_nothing_says_so_and_writes_nothing() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["done", "intune.mdm-authority"]).ok();
    let before = env.read("fasttrack.jsonl");
    env.run(&["done", "intune.mdm-authority"])
        .ok()
        .stdout_has("unchanged: intune.mdm-authority is already done");
    env.run(&["reopen", "general.remote-support"])
        .ok()
        .stdout_has("already not-started");
    assert_eq!(env.read("fasttrack.jsonl"), before);
}

#[test]
fn block_and_skip_need_a_note_and_notes_must_not_be_blank() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["block", "intune.mdm-authority"])
        .code(2)
        .stderr_has("--note");
    env.run(&["skip", "intune.mdm-authority"])
        .code(2)
        .stderr_has("--note");
    env.run(&["note", "intune.mdm-authority", "-m", "   "])
        .code(2)
        .stderr_has("note is empty");
    assert_eq!(env.journal_lines().len(), 1);
}

#[test]
fn several_ids_in_one_command_are_checked_before_any_is_written() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["done", "intune.mdm-authority", "intune.mdm-autority"])
        .code(1)
        .stderr_has("unknown item \"intune.mdm-autority\"")
        .stderr_has("did you mean intune.mdm-authority");
    assert_eq!(
        env.journal_lines().len(),
        1,
        "nothing written when one id is bad"
    );
    env.run(&["done", "intune.mdm-authority", "intune.mdm-authority.set"])
        .ok();
    assert_eq!(env.journal_lines().len(), 3);
}

#[test]
fn ids_resolve_by_alias_prefix_and_last_segment() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["start", "data-warehouse"])
        .ok()
        .stdout_has("intune.data-warehouse ");
    env.run(&["start", "mdm-authority"])
        .code(1)
        .stderr_has("ambiguous id \"mdm-authority\"")
        .stderr_has("\n  intune.mdm-authority  ")
        .stderr_has("\n  comgmt.mdm-authority  ");
    let items = catalog_items(&env);
    let unique_prefix = "general.remote-sup";
    assert_eq!(
        items
            .iter()
            .filter(|i| i["id"].as_str().unwrap().starts_with(unique_prefix))
            .count(),
        1
    );
    env.run(&["start", unique_prefix])
        .ok()
        .stdout_has("general.remote-support");
    env.run(&["start", "intune."])
        .code(1)
        .stderr_has("ambiguous id \"intune.\"");
    env.run(&["start", "../../etc/passwd"])
        .code(1)
        .stderr_has("unknown item \"../../etc/passwd\"");
}

#[test]
fn status_json_has_the_documented_fields_and_counts() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["done", "intune.mdm-authority"]).ok();
    env.run(&["block", "intune.mdm-authority.set", "-m", "why"])
        .ok();
    let v = env.run(&["status", "--json"]).ok().json();
    assert_eq!(v["customer"], "Contoso");
    assert_eq!(v["profile"]["forests"], "single");
    let phases = v["phases"].as_array().unwrap();
    let ids: Vec<&str> = phases.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["general", "initiate", "assess", "remediate", "enable"]
    );
    for key in [
        "id",
        "name",
        "total",
        "applicable",
        "not_started",
        "in_progress",
        "blocked",
        "done",
        "skipped",
        "percent",
    ] {
        assert!(phases[0].get(key).is_some(), "phase lacks {key}");
    }
    let sum = |k: &str| phases.iter().map(|p| p[k].as_u64().unwrap()).sum::<u64>();
    for k in [
        "total",
        "applicable",
        "not_started",
        "in_progress",
        "blocked",
        "done",
        "skipped",
    ] {
        assert_eq!(
            sum(k),
            v["overall"][k].as_u64().unwrap(),
            "overall {k} is the sum of the phases"
        );
    }
    assert_eq!(v["overall"]["done"], 1);
    assert_eq!(v["overall"]["blocked"], 1);
    let o = &v["overall"];
    let expect = (1000.0 / (o["applicable"].as_f64().unwrap() - o["skipped"].as_f64().unwrap()))
        .round()
        / 10.0;
    assert_eq!(o["percent"].as_f64().unwrap(), expect);
    assert!(v["current_phase"].is_string());
    assert_ne!(
        v["current_phase"], "general",
        "General holds through every phase; it is never the current one"
    );
}

#[test]
fn status_table_lists_phases_and_blocked_items_with_notes() {
    let env = Env::new();
    env.init(&[]);
    env.run(&[
        "block",
        "intune.mdm-authority",
        "-m",
        "proxy change pending",
    ])
    .ok();
    env.run(&["status"])
        .ok()
        .stdout_has("Contoso")
        .stdout_has("Initiate")
        .stdout_has("Enable")
        .stdout_has("overall")
        .stdout_has("Blocked (1)")
        .stdout_has("proxy change pending");
    // Bare `fasttrack` inside an engagement is `status`.
    env.run(&[]).ok().stdout_has("Blocked (1)");
}

#[test]
fn outside_an_engagement_bare_fasttrack_says_how_to_start() {
    let env = Env::new();
    env.run(&[]).ok().stdout_has("fasttrack init --customer");
    env.run(&["status"])
        .code(1)
        .stderr_has("no engagement")
        .stderr_has("fasttrack init");
    env.run(&["done", "intune.mdm-authority"])
        .code(1)
        .stderr_has("fasttrack init");
    assert!(!env.journal().exists());
}

#[test]
fn the_journal_is_found_in_a_parent_folder_or_given_explicitly() {
    let env = Env::new();
    env.init(&[]);
    std::fs::create_dir_all(env.join("notes/week1")).unwrap();
    let sub = crate::harness::Cmd::new(&env.join("notes/week1"));
    sub.args(["done", "intune.mdm-authority"]).run().ok();
    assert_eq!(env.journal_lines().len(), 2);

    let other = Env::new();
    let path = other.join("custom.jsonl");
    env.run(&[
        "--state",
        path.to_str().unwrap(),
        "init",
        "--customer",
        "Fabrikam",
    ])
    .ok();
    env.cmd()
        .env("FASTTRACK_STATE", &path)
        .args(["status", "--json"])
        .run()
        .ok()
        .stdout_has("Fabrikam");
    assert!(path.exists());
}

#[test]
fn items_filters_and_hides_what_does_not_apply() {
    let env = Env::new();
    env.init(&["--services", "intune"]);
    let all = items_json(&env);
    assert_eq!(
        all.len(),
        catalog_items(&env).len(),
        "JSON always lists every item"
    );
    for key in [
        "id",
        "phase",
        "section",
        "title",
        "owner",
        "status",
        "applicable",
        "note",
        "updated",
    ] {
        assert!(all[0].get(key).is_some(), "item lacks {key}");
    }
    let hidden = all.iter().filter(|i| i["applicable"] == false).count();
    assert!(hidden > 0, "an intune-only profile leaves items out");
    assert!(
        all.iter()
            .filter(|i| i["applicable"] == false)
            .all(|i| i["reason"].is_string())
    );
    let table = env.run(&["items"]).ok();
    assert!(
        table
            .stdout
            .contains(&format!("{hidden} item(s) that do not apply")),
        "{}",
        table.stdout
    );
    let ids = env.run(&["items", "--ids", "--all"]).ok();
    assert_eq!(ids.stdout.lines().count(), all.len());
    let enable = env
        .run(&["items", "--json", "--phase", "enable"])
        .ok()
        .json();
    assert!(
        enable
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["phase"] == "enable")
    );
    let customer = env
        .run(&["items", "--json", "--owner", "customer"])
        .ok()
        .json();
    assert!(
        customer
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["owner"] == "customer")
    );
    env.run(&["done", "intune.mdm-authority"]).ok();
    let done = env
        .run(&["items", "--json", "--status", "done"])
        .ok()
        .json();
    assert_eq!(done.as_array().unwrap().len(), 1);
    env.run(&["items", "--phase", "deploy"])
        .code(2)
        .stderr_has("unknown phase");
}

#[test]
fn next_walks_open_items_in_catalog_order() {
    let env = Env::new();
    env.init(&[]);
    let first = env.run(&["next", "--json", "-n", "3"]).ok().json();
    let ids: Vec<String> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(
        first
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["phase"] != "general")
    );
    env.run(&["done", &ids[0]]).ok();
    let after = env.run(&["next", "--json", "-n", "1"]).ok().json();
    assert_eq!(after[0]["id"], ids[1].as_str());
}

#[test]
fn show_gives_what_where_from_and_history() {
    let env = Env::new();
    env.run(&["show", "intune.mdm-authority"])
        .ok()
        .stdout_has("intune.mdm-authority")
        .stdout_has("FastTrack responsibilities");
    env.init(&[]);
    env.run(&["done", "intune.mdm-authority", "-m", "on the call"])
        .ok();
    env.run(&["show", "intune.mdm-authority"])
        .ok()
        .stdout_has("History:")
        .stdout_has("on the call");
    let v = env
        .run(&["show", "intune.mdm-authority", "--json"])
        .ok()
        .json();
    assert_eq!(v["id"], "intune.mdm-authority");
    assert_eq!(v["state"]["status"], "done");
    assert_eq!(v["state"]["history"].as_array().unwrap().len(), 1);
    assert!(v["source_text"].as_str().unwrap().contains("Intune"));
}

#[test]
fn log_lists_changes_filtered_by_item_and_date() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["start", "intune.mdm-authority"]).ok();
    env.run(&["done", "general.remote-support", "-m", "kick-off held"])
        .ok();
    let all = env.run(&["log", "--json"]).ok().json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    for key in ["at", "by", "op", "item", "status"] {
        assert!(all[0].get(key).is_some(), "change lacks {key}");
    }
    let one = env
        .run(&["log", "intune.mdm-authority", "--json"])
        .ok()
        .json();
    assert_eq!(one.as_array().unwrap().len(), 1);
    let future = env
        .run(&["log", "--since", "2999-01-01", "--json"])
        .ok()
        .json();
    assert_eq!(future.as_array().unwrap().len(), 0);
    let past = env.run(&["log", "--since", "2000-01-01"]).ok();
    assert!(past.stdout.contains("kick-off held"));
    env.run(&["log", "--since", "25/11/2026"])
        .code(2)
        .stderr_has("expected YYYY-MM-DD");
}

#[test]
fn profile_shows_and_changes_with_a_journal_line() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["profile"])
        .ok()
        .stdout_has("single")
        .stdout_has("managed");
    env.run(&["profile", "set", "forests", "multiple"])
        .ok()
        .stdout_has("Applicable items:");
    env.run(&["profile", "set", "forests", "multiple"])
        .ok()
        .stdout_has("unchanged");
    env.run(&["profile", "set", "colour", "blue"])
        .code(2)
        .stderr_has("unknown profile key");
    env.run(&["profile", "set", "identity", "hybrid"])
        .code(2)
        .stderr_has("cloud, managed or federated");
    let lines = env.journal_lines();
    assert_eq!(lines.len(), 2);
    let c: Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(
        (c["op"].as_str(), c["key"].as_str(), c["value"].as_str()),
        (Some("profile"), Some("forests"), Some("multiple"))
    );
    assert_eq!(
        env.run(&["profile", "--json"]).ok().json()["forests"],
        "multiple"
    );
    env.run(&["profile", "set", "customer", "Contoso Ltd"]).ok();
    assert_eq!(
        env.run(&["status", "--json"]).ok().json()["customer"],
        "Contoso Ltd"
    );
}

#[test]
fn a_newer_journal_version_is_refused() {
    let env = Env::new();
    env.init(&[]);
    let text = env
        .read("fasttrack.jsonl")
        .replace("\"version\":1", "\"version\":2");
    env.write("fasttrack.jsonl", &text);
    env.run(&["status"])
        .code(1)
        .stderr_has("newer fasttrack")
        .stderr_has("upgrade");
    env.run(&["done", "intune.mdm-authority"])
        .code(1)
        .stderr_has("newer fasttrack");
    assert_eq!(env.read("fasttrack.jsonl"), text);
}

#[test]
fn a_corrupt_line_is_named_and_blocks_writes() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["done", "intune.mdm-authority"]).ok();
    let mut text = env.read("fasttrack.jsonl");
    text.push_str("this is not json\n");
    env.write("fasttrack.jsonl", &text);
    env.run(&["status"])
        .ok()
        .stderr_has("fasttrack.jsonl:3: not a valid change");
    env.run(&["done", "general.remote-support"])
        .code(1)
        .stderr_has("fasttrack.jsonl:3")
        .stderr_has("nothing was written");
    assert_eq!(env.read("fasttrack.jsonl"), text);
    env.write("fasttrack.jsonl", "");
    env.run(&["status"]).code(1).stderr_has("empty");
    env.write("fasttrack.jsonl", b"\x00\x01\x02binary\xff\xfe");
    env.run(&["status"])
        .code(1)
        .stderr_has("not a fasttrack journal");
}

#[test]
fn a_torn_last_line_is_read_around_then_moved_aside() {
    let env = Env::new();
    env.init(&[]);
    env.run(&["done", "intune.mdm-authority"]).ok();
    let whole = env.read("fasttrack.jsonl");
    let torn = format!("{whole}{{\"id\":\"abc\",\"at\":\"2026-");
    env.write("fasttrack.jsonl", &torn);
    env.run(&["status", "--json"])
        .ok()
        .stderr_has("incomplete last line");
    assert_eq!(env.read("fasttrack.jsonl"), torn, "a read never writes");
    env.run(&["done", "general.remote-support"])
        .ok()
        .stderr_has("moved an incomplete last line");
    assert_eq!(
        env.read("fasttrack.jsonl.torn"),
        "{\"id\":\"abc\",\"at\":\"2026-\n"
    );
    let now = env.read("fasttrack.jsonl");
    assert!(now.starts_with(&whole));
    assert_eq!(now.lines().count(), 3);
    env.run(&["status"]).ok();
}

#[test]
fn changes_for_ids_the_catalog_lacks_are_kept_and_listed() {
    let env = Env::new();
    env.init(&[]);
    let mut text = env.read("fasttrack.jsonl");
    text.push_str(r#"{"id":"x1","at":"2026-01-01T00:00:00.000000Z","by":"old","op":"done","item":"intune.retired-thing","status":"done"}"#);
    text.push('\n');
    env.write("fasttrack.jsonl", &text);
    env.run(&["status"])
        .ok()
        .stdout_has("Unknown items (1)")
        .stdout_has("intune.retired-thing");
    let v = env.run(&["status", "--json"]).ok().json();
    assert_eq!(
        v["unknown_items"],
        serde_json::json!(["intune.retired-thing"])
    );
    env.run(&["log", "intune.retired-thing", "--json"])
        .ok()
        .stdout_has("retired-thing");
    env.run(&["done", "intune.mdm-authority"]).ok();
    assert!(
        env.read("fasttrack.jsonl").contains("intune.retired-thing"),
        "never dropped"
    );
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let env = Env::new();
    env.init(&[]);
    let spawn = |who: &'static str| {
        let dir = env.path().to_path_buf();
        std::thread::spawn(move || {
            for n in 0..100 {
                let note = format!("{who}-{n}");
                crate::harness::Cmd::new(&dir)
                    .args(["note", "intune.mdm-authority", "-m", &note])
                    .run()
                    .ok();
            }
        })
    };
    let (a, b) = (spawn("a"), spawn("b"));
    a.join().unwrap();
    b.join().unwrap();
    let lines = env.journal_lines();
    assert_eq!(lines.len(), 201);
    let notes: std::collections::HashSet<String> = lines[1..]
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["note"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(notes.len(), 200);
    assert_eq!(
        env.run(&["log", "--json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len(),
        200
    );
}

/// Which items apply, per profile: the ids that must and must not apply, and the reason words.
fn applies(env: &Env) -> std::collections::HashMap<String, (bool, String)> {
    items_json(env)
        .into_iter()
        .map(|i| {
            let id = i["id"].as_str().unwrap().to_owned();
            (
                id,
                (
                    i["applicable"] == true,
                    i["reason"].as_str().unwrap_or_default().to_owned(),
                ),
            )
        })
        .collect()
}

#[test]
fn intune_only_leaves_out_the_other_services() {
    let env = Env::new();
    env.init(&["--services", "intune"]);
    let a = applies(&env);
    assert!(a["intune.mdm-authority"].0 && a["autopilot.oobe"].0 && a["enable.dns"].0);
    assert!(!a["aadp-connect.mfa"].0 && a["aadp-connect.mfa"].1.contains("aad-premium"));
    assert!(!a["comgmt.cmg"].0 && a["comgmt.cmg"].1.contains("co-management"));
    assert!(
        !a["intune.integrations.teamviewer"].0
            && a["intune.integrations.teamviewer"].1.contains("TeamViewer")
    );
}

#[test]
fn multiple_forests_with_a_federated_target_take_ad_fs_out_by_rule() {
    let env = Env::new();
    env.init(&["--forests", "multiple", "--identity", "federated"]);
    let a = applies(&env);
    for id in ["enable.adfs", "aadp.adfs", "aadp.adfs.install"] {
        assert!(!a[id].0, "{id} must not apply");
    }
    assert!(
        a["enable.adfs"].1.contains("adfs-multi-forest"),
        "{}",
        a["enable.adfs"].1
    );
    assert!(a["aadp.multi-forest.connect-sync"].0);
    assert!(!a["aadp.single-forest.dirsync"].0);
    env.run(&["done", "enable.adfs"])
        .code(1)
        .stderr_has("adfs-multi-forest")
        .stderr_has("--force");
    env.run(&["done", "enable.adfs", "--force"]).ok();
    assert!(env.journal_lines()[1].contains("\"forced\":true"));
}

#[test]
fn single_forest_managed_gets_sync_and_phs_but_no_ad_fs() {
    let env = Env::new();
    env.init(&["--forests", "single", "--identity", "managed"]);
    let a = applies(&env);
    assert!(
        a["enable.single-forest.dirsync"].0
            && a["enable.single-forest.managed-auth"].0
            && a["aadp.any-forest.pta"].0
    );
    assert!(!a["enable.adfs"].0 && a["enable.adfs"].1.contains("federated"));
    assert!(!a["aadp.multi-forest.connect-sync"].0);
    let fed = Env::new();
    fed.init(&["--forests", "single", "--identity", "federated"]);
    let f = applies(&fed);
    assert!(f["enable.adfs"].0 && f["aadp.adfs.install"].0);
}

#[test]
fn cloud_identity_needs_no_directory_sync() {
    let env = Env::new();
    env.init(&["--identity", "cloud"]);
    let a = applies(&env);
    for id in [
        "enable.single-forest.dirsync",
        "aadp.single-forest.dirsync",
        "aadp-connect.dirsync",
        "enable.adfs",
    ] {
        assert!(!a[id].0, "{id} must not apply to cloud identities");
    }
    assert!(a["aadp-connect.sspr"].0 && a["intune.identities"].0);
}

#[test]
fn prerequisites_and_profile_changes_move_applicability() {
    let env = Env::new();
    env.init(&["--prerequisites", "e5,intune-existing"]);
    let a = applies(&env);
    assert!(a["intune.integrations.defender-atp"].0);
    assert!(
        !a["comgmt.prepare-intune"].0 && a["comgmt.prepare-intune"].1.contains("intune-existing")
    );
    env.run(&["profile", "set", "prerequisites", "teamviewer"])
        .ok();
    let b = applies(&env);
    assert!(
        !b["intune.integrations.defender-atp"].0
            && b["intune.integrations.teamviewer"].0
            && b["comgmt.prepare-intune"].0
    );
}

#[test]
fn a_long_note_can_come_from_standard_input() {
    let env = Env::new();
    env.init(&[]);
    let long = "x".repeat(1024 * 1024 - 10) + "\nend";
    env.cmd()
        .args(["note", "intune.mdm-authority", "-m", "-"])
        .stdin(long.clone())
        .run()
        .ok();
    let items = items_json(&env);
    assert_eq!(
        item(&items, "intune.mdm-authority")["note"]
            .as_str()
            .unwrap(),
        long
    );
    let too_long = "y".repeat(1024 * 1024 + 1);
    env.cmd()
        .args(["note", "intune.mdm-authority", "-m", "-"])
        .stdin(too_long)
        .run()
        .code(2)
        .stderr_has("1 MiB limit");
    assert_eq!(env.journal_lines().len(), 2);
}
