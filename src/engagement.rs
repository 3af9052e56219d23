//! An engagement: the catalog, the journal's changes replayed into each item's state, and the
//! profile deciding what applies. Everything here is derived, by pure functions.

use crate::catalog::{Index, Item};
use crate::journal::read::Loaded;
use crate::journal::{Change, Header, Status};
use crate::profile::Profile;
use std::collections::{BTreeMap, HashMap};

/// Who changed an item last, and when (UTC, RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub at: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemState {
    pub status: Status,
    pub note: Option<String>,
    pub updated: Option<Stamp>,
    /// Id of the latest change (the `prev` of the next one).
    pub last_change: Option<String>,
    /// Indexes into `Engagement::changes`.
    pub history: Vec<usize>,
    /// Marked while it did not apply (`--force`).
    pub forced: bool,
}

impl Default for ItemState {
    fn default() -> ItemState {
        ItemState {
            status: Status::NotStarted,
            note: None,
            updated: None,
            last_change: None,
            history: Vec::new(),
            forced: false,
        }
    }
}

pub struct Engagement<'c> {
    pub index: &'c Index,
    pub header: Header,
    pub customer: String,
    pub profile: Profile,
    /// Every change, in replay order (time, then id).
    pub changes: Vec<Change>,
    /// State per catalog item, parallel to `index.catalog.items`.
    pub items: Vec<ItemState>,
    /// Changes naming ids the catalog does not have (kept, never dropped).
    pub unknown: BTreeMap<String, ItemState>,
    /// Why each catalog item does not apply (`None`: it applies).
    pub reasons: Vec<Option<String>>,
    /// Changes the replay could not use (unknown op or status, bad profile value).
    pub ignored: Vec<String>,
}

impl<'c> Engagement<'c> {
    /// Replays a loaded journal against the catalog.
    pub fn replay(index: &'c Index, loaded: Loaded) -> Engagement<'c> {
        let changes: Vec<Change> = loaded.changes.into_iter().map(|e| e.change).collect();
        Engagement::from_changes(index, loaded.header, changes)
    }

    pub fn from_changes(
        index: &'c Index,
        header: Header,
        mut changes: Vec<Change>,
    ) -> Engagement<'c> {
        sort_changes(&mut changes);
        let mut items = vec![ItemState::default(); index.catalog.items.len()];
        let mut unknown: BTreeMap<String, ItemState> = BTreeMap::new();
        let mut profile = header.profile.clone();
        let mut customer = header.customer.clone();
        let mut ignored = Vec::new();
        for (n, c) in changes.iter().enumerate() {
            if c.op == "profile" {
                match apply_profile(&mut profile, &mut customer, c, index) {
                    Ok(()) => {}
                    Err(why) => ignored.push(format!("change {}: {why}", c.id)),
                }
                continue;
            }
            let Some(item) = c.item.as_deref() else {
                ignored.push(format!("change {}: op {:?} without an item", c.id, c.op));
                continue;
            };
            let state = match index.item_index(item) {
                Some(i) => &mut items[i],
                None => unknown.entry(item.to_owned()).or_default(),
            };
            state.history.push(n);
            match c.op.as_str() {
                "note" => {}
                "start" | "done" | "block" | "skip" | "reopen" | "resolve" => match c.status() {
                    Some(s) => state.status = s,
                    None => ignored.push(format!("change {}: unknown status {:?}", c.id, c.status)),
                },
                other => ignored.push(format!(
                    "change {}: unknown op {other:?} (from a newer fasttrack?)",
                    c.id
                )),
            }
            if let Some(note) = &c.note {
                state.note = Some(note.clone());
            }
            state.forced |= c.forced;
            state.updated = Some(Stamp {
                at: c.at.clone(),
                by: c.by.clone(),
            });
            state.last_change = Some(c.id.clone());
        }
        let reasons = applicability(index, &profile);
        Engagement {
            index,
            header,
            customer,
            profile,
            changes,
            items,
            unknown,
            reasons,
            ignored,
        }
    }

    pub fn applies(&self, i: usize) -> bool {
        self.reasons[i].is_none()
    }

    /// Catalog items with their state and applicability, in catalog order.
    pub fn rows(&self) -> impl Iterator<Item = (usize, &Item, &ItemState)> {
        self.index
            .catalog
            .items
            .iter()
            .zip(&self.items)
            .enumerate()
            .map(|(i, (item, state))| (i, item, state))
    }
}

/// Replay order: by time, then by change id, so every clone of a shared journal derives the
/// same state from the same lines whatever their order in the file.
pub fn sort_changes(changes: &mut [Change]) {
    use chrono::{DateTime, Utc};
    let key = |c: &Change| {
        DateTime::parse_from_rfc3339(&c.at)
            .map(|t| t.with_timezone(&Utc))
            .ok()
    };
    let mut keyed: Vec<(Option<DateTime<Utc>>, usize)> = changes.iter().map(key).zip(0..).collect();
    if keyed
        .windows(2)
        .all(|w| (w[0].0, &changes[w[0].1].id) <= (w[1].0, &changes[w[1].1].id))
    {
        return;
    }
    keyed.sort_by(|a, b| (a.0, &changes[a.1].id).cmp(&(b.0, &changes[b.1].id)));
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut taken: Vec<Option<Change>> = changes
        .iter_mut()
        .map(|c| Some(std::mem::take(c)))
        .collect();
    for (slot, i) in changes.iter_mut().zip(order) {
        *slot = taken[i].take().expect("each index once");
    }
}

fn apply_profile(
    profile: &mut Profile,
    customer: &mut String,
    c: &Change,
    index: &Index,
) -> Result<(), String> {
    let (Some(key), Some(value)) = (c.key.as_deref(), c.value.as_deref()) else {
        return Err("profile change without key or value".into());
    };
    set_profile_key(profile, customer, key, value, &index.catalog.prerequisites)
}

/// Sets one profile key from its text form (shared by `profile set` and the replay).
pub fn set_profile_key(
    profile: &mut Profile,
    customer: &mut String,
    key: &str,
    value: &str,
    prerequisites: &[crate::catalog::Prerequisite],
) -> Result<(), String> {
    match key {
        "customer" => {
            let v = value.trim();
            if v.is_empty() {
                return Err("the customer name is empty".into());
            }
            *customer = v.to_owned();
        }
        "services" => profile.services = Profile::parse_services(value)?,
        "forests" => profile.forests = Profile::parse_forests(value)?,
        "identity" => profile.identity = Profile::parse_identity(value)?,
        "licenses" | "licences" => profile.licenses = Some(Profile::parse_licenses(value)?),
        "prerequisites" => {
            profile.prerequisites = Profile::parse_prerequisites(value, prerequisites)?
        }
        other => {
            return Err(format!(
                "unknown profile key {other:?}: expected one of {}",
                crate::profile::KEYS.join(", ")
            ));
        }
    }
    Ok(())
}

/// Why each item of the catalog does not apply to `profile` (`None` where it applies): its
/// own conditions, a scope rule that holds for the profile and excludes it, or its parent.
pub fn applicability(index: &Index, profile: &Profile) -> Vec<Option<String>> {
    let catalog = &index.catalog;
    let mut excluded: HashMap<&str, &crate::catalog::Rule> = HashMap::new();
    for rule in &catalog.rules {
        if !rule.excludes.is_empty() && profile.unmet(&rule.when, &catalog.prerequisites).is_none()
        {
            for id in &rule.excludes {
                excluded.entry(id.as_str()).or_insert(rule);
            }
        }
    }
    let mut reasons: Vec<Option<String>> = Vec::with_capacity(catalog.items.len());
    let mut position: HashMap<&str, usize> = HashMap::with_capacity(catalog.items.len());
    for (i, item) in catalog.items.iter().enumerate() {
        position.insert(item.id.as_str(), i);
        let parent_reason = item
            .parent
            .as_deref()
            .and_then(|p| position.get(p))
            .and_then(|&pi| reasons[pi].as_ref())
            .map(|_| {
                format!(
                    "its parent {} does not apply",
                    item.parent.as_deref().unwrap_or_default()
                )
            });
        let reason = parent_reason
            .or_else(|| profile.unmet(&item.when, &catalog.prerequisites))
            .or_else(|| {
                excluded
                    .get(item.id.as_str())
                    .map(|r| format!("out of scope by rule {}: {}", r.id, r.title))
            });
        reasons.push(reason);
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Index;
    use crate::journal::format::{CatalogRef, FORMAT, VERSION};
    use proptest::prelude::*;

    /// Ids present in the seed catalog and in the full one.
    const IDS: [&str; 3] = [
        "general.remote-support",
        "intune.mdm-authority",
        "intune.mdm-authority.set",
    ];
    const VERBS: [(&str, Option<Status>); 6] = [
        ("start", Some(Status::InProgress)),
        ("done", Some(Status::Done)),
        ("block", Some(Status::Blocked)),
        ("skip", Some(Status::Skipped)),
        ("reopen", Some(Status::NotStarted)),
        ("note", None),
    ];

    fn header() -> Header {
        Header {
            format: FORMAT.into(),
            version: VERSION,
            engagement: "e".into(),
            customer: "C".into(),
            catalog: CatalogRef {
                id: "fasttrack-ems".into(),
                version: "1".into(),
            },
            profile: Profile::default(),
            created: "2026-01-01T00:00:00Z".into(),
            by: "t".into(),
        }
    }

    /// The model: apply each change in the order it was made, to a plain map.
    fn apply_in_memory(changes: &[Change]) -> HashMap<String, (Status, Option<String>, String)> {
        let mut m: HashMap<String, (Status, Option<String>, String)> = HashMap::new();
        for c in changes {
            let e = m.entry(c.item.clone().unwrap()).or_insert((
                Status::NotStarted,
                None,
                String::new(),
            ));
            if let Some(s) = c.status() {
                e.0 = s;
            }
            if c.note.is_some() {
                e.1 = c.note.clone();
            }
            e.2 = c.id.clone();
        }
        m
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128)))]

        /// Writing changes to a journal (in any line order, as merged clones may have them),
        /// reading it back and replaying it gives the state of applying them in memory.
        #[test]
        fn replaying_the_journal_equals_applying_in_memory(
            steps in proptest::collection::vec(
                (0..IDS.len(), 0..VERBS.len(), proptest::option::of("\\PC{0,12}|[\\x00-\\x1f\\x7f]{1,4}")),
                0..60,
            ),
            seed in any::<u64>(),
        ) {
            let index = Index::new(crate::catalog::embedded());
            let mut last: Option<String> = None;
            let changes: Vec<Change> = steps
                .iter()
                .enumerate()
                .map(|(n, (item, verb, note))| {
                    let at = crate::journal::timestamp(last.as_deref());
                    last = Some(at.clone());
                    Change {
                        id: format!("{n:04}-{}", crate::journal::new_id()),
                        at,
                        by: "t".into(),
                        op: VERBS[*verb].0.into(),
                        item: Some(IDS[*item].into()),
                        status: VERBS[*verb].1.map(|s| s.as_str().into()),
                        note: note.clone(),
                        ..Change::default()
                    }
                })
                .collect();
            // Shuffle the lines deterministically from the seed.
            let mut lines: Vec<String> = changes
                .iter()
                .map(|c| serde_json::to_string(c).unwrap())
                .collect();
            let mut s = seed;
            for i in (1..lines.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                lines.swap(i, (s >> 33) as usize % (i + 1));
            }
            let mut text = serde_json::to_string(&header()).unwrap();
            text.push('\n');
            for l in &lines {
                text.push_str(l);
                text.push('\n');
            }
            let loaded = crate::journal::read::parse(std::path::Path::new("j"), text.as_bytes()).unwrap();
            prop_assert!(loaded.problems.is_empty() && loaded.torn.is_none());
            let e = Engagement::replay(&index, loaded);
            prop_assert_eq!(&e.changes, &changes);
            prop_assert!(e.ignored.is_empty() && e.unknown.is_empty());
            let model = apply_in_memory(&changes);
            for id in IDS {
                let state = &e.items[index.item_index(id).unwrap()];
                let (status, note, last) = model
                    .get(id)
                    .cloned()
                    .unwrap_or((Status::NotStarted, None, String::new()));
                prop_assert_eq!(state.status, status);
                prop_assert_eq!(&state.note, &note);
                prop_assert_eq!(state.last_change.clone().unwrap_or_default(), last);
            }
        }
    }
}
