//! The catalog against its sources, bullet by bullet: every list bullet, note and table row of
//! Microsoft's seven FastTrack EMS pages, restated in our own words in
//! `tests/fixtures/source-bullets.txt` under the page and heading it sits in, names the catalog
//! entries that carry it; and every item and rule of the catalog goes back to one of them. A
//! bullet dropped from the catalog, or an entry with nothing behind it, fails here.

use crate::catalog::catalog_json;
use crate::harness::Env;
use serde_json::Value;
use std::collections::HashSet;

const LIST: &str = include_str!("../fixtures/source-bullets.txt");

/// One bullet: its source page and heading, our restatement, the entries that carry it.
struct Bullet {
    doc: &'static str,
    heading: &'static str,
    text: &'static str,
    entries: Vec<&'static str>,
}

fn bullets() -> Vec<Bullet> {
    let mut out = Vec::new();
    let (mut doc, mut heading) = ("", "");
    for (n, line) in LIST.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (left, right) = line
            .split_once(" | ")
            .unwrap_or_else(|| panic!("source-bullets.txt line {}: no ` | `", n + 1));
        if let Some(d) = left.strip_prefix('@') {
            (doc, heading) = (d, right);
            continue;
        }
        assert!(
            !doc.is_empty(),
            "line {}: a bullet before any heading",
            n + 1
        );
        out.push(Bullet {
            doc,
            heading,
            text: left,
            entries: right.split_whitespace().collect(),
        });
    }
    out
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_source_bullet_has_a_catalog_entry() {
    let env = Env::new();
    let v = catalog_json(&env);
    let (items, rules, sections) = (ids(&v, "items"), ids(&v, "rules"), ids(&v, "sections"));
    let known: HashSet<&str> = items
        .iter()
        .chain(&rules)
        .chain(&sections)
        .map(String::as_str)
        .collect();
    let sources: HashSet<String> = ids(&v["catalog"], "sources").into_iter().collect();
    let list = bullets();
    let mut missing = Vec::new();
    for b in &list {
        assert!(
            sources.contains(b.doc),
            "{} is a source of the catalog",
            b.doc
        );
        assert!(
            !b.entries.is_empty(),
            "{} › {}: {}",
            b.doc,
            b.heading,
            b.text
        );
        for id in b.entries.iter().filter(|id| !known.contains(**id)) {
            missing.push(format!("{} › {}: {:?} -> {id}", b.doc, b.heading, b.text));
        }
    }
    assert!(
        missing.is_empty(),
        "bullets without their entry: {missing:#?}"
    );
    for s in &sources {
        assert!(
            list.iter().any(|b| b.doc == s.as_str()),
            "no bullet listed for source {s}"
        );
    }
    // The seven pages hold 288 bullets, notes and table rows; a few are listed twice, once
    // per heading they touch.
    assert!(list.len() >= 288, "{} bullets listed", list.len());
}

/// No entry without a bullet behind it: the catalog invents nothing.
#[test]
fn every_catalog_entry_goes_back_to_a_bullet() {
    let env = Env::new();
    let v = catalog_json(&env);
    let list = bullets();
    let cited: HashSet<&str> = list
        .iter()
        .flat_map(|b| b.entries.iter().copied())
        .collect();
    let unbacked: Vec<String> = ids(&v, "items")
        .into_iter()
        .chain(ids(&v, "rules"))
        .filter(|id| !cited.contains(id.as_str()))
        .collect();
    assert!(
        unbacked.is_empty(),
        "entries with no source bullet: {unbacked:?}"
    );
}

/// A bullet of FastTrack's responsibilities is a FastTrack item; one of the customer's is a
/// customer item.
#[test]
fn bullets_keep_their_owner() {
    let env = Env::new();
    let v = catalog_json(&env);
    let items = v["items"].as_array().unwrap();
    for b in bullets() {
        let owner = match b.doc {
            "responsibilities" => "fasttrack",
            "your-responsibilities" => "customer",
            _ => continue,
        };
        for id in &b.entries {
            if let Some(item) = items.iter().find(|i| i["id"] == *id) {
                assert_eq!(
                    item["owner"], owner,
                    "{} › {}: {:?}",
                    b.doc, b.heading, b.text
                );
            }
        }
    }
}
