//! An engagement: the catalog, the journal's changes replayed into each item's state, and the
//! profile deciding what applies. Everything here is derived, by pure functions.

use crate::catalog::{Index, Item};
use crate::journal::read::Loaded;
use crate::journal::{Change, JournalHeader, Op, Status};
use crate::profile::Profile;
use std::collections::{BTreeMap, HashSet};

mod applicability;
mod conflicts;
mod order;
mod problem;

pub use applicability::{Reason, applicability};
pub use conflicts::{ConflictSide, conflicts};
pub use order::{latest_time, sort_changes};
pub use problem::{ProblemKind, ReplayProblem};

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
    /// The person assigned (`assign --owner`), the due date and the next action date
    /// (YYYY-MM-DD as written; checked when recorded).
    pub assignee: Option<String>,
    pub due: Option<String>,
    pub next_action: Option<String>,
    /// Unsettled concurrent edits (empty: none): one side per branch, latest first.
    pub conflict: Vec<ConflictSide>,
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
            assignee: None,
            due: None,
            next_action: None,
            conflict: Vec::new(),
        }
    }
}

pub struct Engagement<'c> {
    pub index: &'c Index,
    pub header: JournalHeader,
    pub customer: String,
    pub profile: Profile,
    /// Every change, in replay order (time, then id).
    pub changes: Vec<Change>,
    /// State per catalog item, parallel to `index.catalog.items`.
    pub items: Vec<ItemState>,
    /// Changes naming ids the catalog does not have (kept, never dropped).
    pub unknown: BTreeMap<String, ItemState>,
    /// Why each catalog item does not apply (`None`: it applies).
    pub reasons: Vec<Option<Reason>>,
    /// Changes the replay could not use, or used only in part (unknown op, status or item,
    /// bad profile value), in replay order.
    pub problems: Vec<ReplayProblem>,
    /// Checkpoint calls (indexes into `changes`), not undone, in the order they were held.
    pub checkpoints: Vec<usize>,
}

impl<'c> Engagement<'c> {
    /// Replays a loaded journal against the catalog; its problems name their lines.
    pub fn replay(index: &'c Index, loaded: Loaded) -> Engagement<'c> {
        // Two passes, so that the changes are collected in place, each moved once.
        let lines: Vec<usize> = loaded.changes.iter().map(|e| e.line).collect();
        let changes: Vec<Change> = loaded.changes.into_iter().map(|e| e.change).collect();
        Engagement::build(index, loaded.header, changes, Some(lines))
    }

    /// Replays changes made or kept in memory (their problems name no line).
    pub fn from_changes(
        index: &'c Index,
        header: JournalHeader,
        changes: Vec<Change>,
    ) -> Engagement<'c> {
        Engagement::build(index, header, changes, None)
    }

    /// The replay. `lines`, parallel to `changes` in file order, are the journal lines they
    /// were read from.
    fn build(
        index: &'c Index,
        header: JournalHeader,
        mut changes: Vec<Change>,
        mut lines: Option<Vec<usize>>,
    ) -> Engagement<'c> {
        if let Some(order) = order::replay_order(&changes) {
            order::permute(&mut changes, &order);
            if let Some(lines) = &mut lines {
                order::permute(lines, &order);
            }
        }
        let line_of = |n: usize| lines.as_ref().map(|l| l[n]);
        let mut items = vec![ItemState::default(); index.catalog.items.len()];
        let mut unknown: BTreeMap<String, ItemState> = BTreeMap::new();
        let mut profile = header.profile.clone();
        let mut customer = header.customer.clone();
        let mut problems = Vec::new();
        let mut problem = |change: usize, kind: ProblemKind| {
            problems.push(ReplayProblem {
                change,
                line: line_of(change),
                kind,
            })
        };
        // The replay only records indexes; the strings an item shows (note, stamp, last
        // change) are copied once per item afterwards, not once per change.
        let mut last_note: Vec<Option<usize>> = vec![None; items.len()];
        let mut unknown_note: BTreeMap<&str, usize> = BTreeMap::new();
        let mut checkpoints: Vec<usize> = Vec::new();
        let mut undone: HashSet<&str> = HashSet::new();
        let mut last_item: Option<(&str, Option<usize>)> = None;
        for (n, c) in changes.iter().enumerate() {
            match &c.op {
                Op::Checkpoint => {
                    checkpoints.push(n);
                    continue;
                }
                // Undoing a checkpoint (item changes are undone by restoring their fields).
                Op::Undo if c.item.is_none() => {
                    match c.more().reverts.as_deref() {
                        Some(r) => {
                            undone.insert(r);
                        }
                        None => problem(n, ProblemKind::UndoWithoutTarget),
                    }
                    continue;
                }
                Op::Profile => {
                    if let Err(kind) = apply_profile(&mut profile, &mut customer, c, index) {
                        problem(n, kind);
                    }
                    continue;
                }
                _ => {}
            }
            // The status the change sets, if any (an undo carries one only when it restores
            // it).
            let status = match &c.op {
                Op::Note | Op::Assign => None,
                Op::Undo if c.status.is_none() => None,
                op if op.sets_status() || *op == Op::Undo => {
                    let known = c.status();
                    if known.is_none() {
                        problem(n, ProblemKind::UnknownStatus);
                    }
                    known
                }
                _ => {
                    problem(n, ProblemKind::UnknownOp);
                    None
                }
            };
            let Some(item) = c.item.as_deref() else {
                problem(n, ProblemKind::NoItem);
                continue;
            };
            // Consecutive changes mostly name one item: look it up once for the run (the
            // SipHash lookup was 5% of `status` at 30,000 changes).
            let found = match last_item {
                Some((name, found)) if name == item => found,
                _ => {
                    let found = index.item_index(item);
                    last_item = Some((item, found));
                    found
                }
            };
            let state = match found {
                Some(i) => {
                    if c.note.is_some() {
                        last_note[i] = Some(n);
                    }
                    &mut items[i]
                }
                None => {
                    if c.note.is_some() {
                        unknown_note.insert(item, n);
                    }
                    unknown.entry(item.to_owned()).or_default()
                }
            };
            state.history.push(n);
            if let Some(s) = status {
                state.status = s;
            }
            if matches!(c.op, Op::Assign | Op::Undo) {
                apply_assignment(state, c);
            }
            state.forced |= c.forced;
        }
        // Each unknown item once, at its first line in the file (its first change in replay
        // order when the lines are not known).
        for state in unknown.values() {
            let first = state.history.iter().copied().min_by_key(|&n| line_of(n));
            if let Some(n) = first {
                problem(n, ProblemKind::UnknownItem);
            }
        }
        problems.sort_by_key(|p| p.change);
        let finish = |state: &mut ItemState, note: Option<usize>| {
            if let Some(n) = note {
                // An undo restores "no note" as an empty one.
                let c = &changes[n];
                state.note = c
                    .note
                    .as_deref()
                    .filter(|t| c.op != Op::Undo || !t.is_empty())
                    .map(str::to_owned);
            }
            state.conflict = conflicts(&changes, &state.history);
            if let Some(&last) = state.history.last() {
                let c = &changes[last];
                state.updated = Some(Stamp {
                    at: c.at.to_string(),
                    by: c.by.to_string(),
                });
                state.last_change = Some(c.id.to_string());
            }
        };
        for (state, note) in items.iter_mut().zip(last_note) {
            finish(state, note);
        }
        for (id, state) in unknown.iter_mut() {
            finish(state, unknown_note.get(id.as_str()).copied());
        }
        let reasons = applicability(index, &profile);
        checkpoints.retain(|&n| !undone.contains(&*changes[n].id));
        checkpoints
            .sort_by(|&a, &b| checkpoint_time(&changes[a]).cmp(&checkpoint_time(&changes[b])));
        Engagement {
            index,
            header,
            customer,
            profile,
            changes,
            items,
            unknown,
            reasons,
            problems,
            checkpoints,
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

/// Sets the assignment fields a change carries (an empty value clears one).
fn apply_assignment(state: &mut ItemState, c: &Change) {
    let set = |field: &mut Option<String>, value: &Option<std::borrow::Cow<str>>| {
        if let Some(v) = value {
            *field = Some(v.to_string()).filter(|v| !v.is_empty());
        }
    };
    let m = c.more();
    set(&mut state.assignee, &m.assignee);
    set(&mut state.due, &m.due);
    set(&mut state.next_action, &m.next_action);
}

/// When a checkpoint call was held (its `held`, else when it was recorded), as a UTC time.
pub fn checkpoint_time(c: &Change) -> Option<chrono::DateTime<chrono::Utc>> {
    let at = c.more().held.as_deref().unwrap_or(&c.at);
    chrono::DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

fn apply_profile(
    profile: &mut Profile,
    customer: &mut String,
    c: &Change,
    index: &Index,
) -> Result<(), ProblemKind> {
    let Some((key, value)) = c.setting() else {
        return Err(ProblemKind::ProfileWithoutSetting);
    };
    crate::profile::set_key(profile, customer, key, value, &index.catalog.prerequisites)
        .map_err(|why| ProblemKind::BadProfileValue { why })
}

#[cfg(test)]
mod tests {
    use super::order::is_canonical_time;
    use super::*;
    use std::collections::HashMap;

    fn change(id: &str, at: &str, op: &str, status: Option<&str>, note: Option<&str>) -> Change {
        Change {
            id: id.to_owned().into(),
            at: at.to_owned().into(),
            by: format!("by-{id}").into(),
            op: op.to_owned().into(),
            item: Some("x".into()),
            status: status.map(|s| s.to_owned().into()),
            note: note.map(|s| s.to_owned().into()),
            ..Change::default()
        }
    }

    /// A change of item x that saw `prev`, with `status` (or a note when `None`).
    fn seen(id: &str, prev: &str, status: Option<&str>) -> Change {
        let op = if status.is_some() { "done" } else { "note" };
        Change {
            prev: Some(prev.to_owned().into()),
            ..change(id, "2026-01-01T00:00:00.000000Z", op, status, Some(id))
        }
    }

    fn conflict_ids(changes: &[Change]) -> Vec<&str> {
        let all: Vec<usize> = (0..changes.len()).collect();
        conflicts(changes, &all)
            .iter()
            .map(|s| &*changes[s.head].id)
            .collect()
    }

    #[test]
    fn a_chain_of_changes_has_no_conflict() {
        let c = [
            seen("a", "", Some("in-progress")),
            seen("b", "a", Some("done")),
            seen("c", "b", None),
        ];
        assert!(conflict_ids(&c).is_empty());
    }

    #[test]
    fn two_status_changes_after_the_same_prev_conflict_and_keep_both_notes() {
        let c = [
            seen("a", "", Some("in-progress")),
            seen("b", "a", Some("done")),
            seen("c", "a", None),
            seen("d", "c", Some("blocked")),
        ];
        assert_eq!(conflict_ids(&c), ["d", "b"]);
        let all: Vec<usize> = (0..c.len()).collect();
        let sides = conflicts(&c, &all);
        assert_eq!((sides[0].note, sides[1].note), (Some(3), Some(1)));
        // Two first changes (both saw nothing) conflict too.
        assert_eq!(
            conflict_ids(&[seen("a", "", Some("done")), seen("b", "", Some("blocked"))]),
            ["b", "a"]
        );
    }

    #[test]
    fn notes_alone_and_unknown_prevs_never_conflict() {
        let c = [
            seen("a", "", Some("done")),
            seen("b", "a", None),
            seen("c", "a", Some("blocked")),
        ];
        assert!(conflict_ids(&c).is_empty());
        let mut d = c.clone();
        for x in &mut d {
            x.prev = None;
            x.status = Some("done".into());
        }
        assert!(conflict_ids(&d).is_empty());
    }

    #[test]
    fn a_resolve_settles_the_sides_it_names_until_a_branch_carries_on_unseen() {
        let mut c = vec![
            seen("a", "", Some("done")),
            seen("b", "", Some("blocked")),
            Change {
                op: "resolve".into(),
                more: crate::journal::ChangeExtras {
                    supersedes: vec!["a".into(), "b".into()],
                    ..Default::default()
                }
                .boxed(),
                ..seen("r", "b", Some("done"))
            },
            seen("s", "r", Some("in-progress")),
        ];
        assert!(conflict_ids(&c).is_empty());
        // A clone that saw b but not the resolve reopens the item.
        c.push(seen("t", "b", Some("not-started")));
        assert_eq!(conflict_ids(&c), ["t", "s"]);
    }

    #[test]
    fn canonical_times_are_recognised_exactly() {
        assert!(is_canonical_time("2026-01-31T23:59:59.000001Z"));
        for bad in [
            "2026-02-30T00:00:00.000000Z",
            "2026-01-01T24:00:00.000000Z",
            "2026-01-01T00:00:60.000000Z",
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00.000000+00:00",
            "2026-01-01 00:00:00.000000Z",
            "2026-01-01T00:00:00.00000aZ",
        ] {
            assert!(!is_canonical_time(bad), "{bad}");
        }
    }

    #[test]
    fn sorting_matches_time_order_whatever_the_spelling() {
        let mut c = vec![
            change("b", "2026-01-01T00:00:02.000000Z", "note", None, None),
            change("a", "2026-01-01T01:00:01+01:00", "note", None, None),
            change("c", "garbage", "note", None, None),
            change("d", "2026-01-01T00:00:02.000000Z", "note", None, None),
        ];
        sort_changes(&mut c);
        let ids: Vec<&str> = c.iter().map(|c| &*c.id).collect();
        // An unreadable time follows the line before it in the file (a, at 00:00:01Z).
        assert_eq!(ids, ["a", "c", "b", "d"]);
        let mut canonical = vec![
            change("b", "2026-01-01T00:00:02.000000Z", "note", None, None),
            change("a", "2026-01-01T00:00:02.000000Z", "note", None, None),
            change("z", "2026-01-01T00:00:01.000000Z", "note", None, None),
        ];
        sort_changes(&mut canonical);
        let ids: Vec<&str> = canonical.iter().map(|c| &*c.id).collect();
        assert_eq!(ids, ["z", "a", "b"]);
    }

    #[test]
    fn replay_keeps_the_last_note_status_and_stamp_per_item() {
        let index = Index::new(crate::catalog::embedded());
        let item = index.catalog.items[0].id.clone();
        let header = JournalHeader {
            format: crate::journal::format::FORMAT.into(),
            version: 1,
            engagement: "e".into(),
            customer: "C".into(),
            catalog: crate::journal::format::CatalogAtStart {
                id: "x".into(),
                version: "1".into(),
            },
            profile: Profile::default(),
            created: "2026-01-01T00:00:00.000000Z".into(),
            by: "a".into(),
        };
        let t = |s: u32| format!("2026-01-01T00:00:{s:02}.000000Z");
        let mut changes = vec![
            change("1", &t(1), "block", Some("blocked"), Some("waiting")),
            change("2", &t(2), "note", None, Some("asked again")),
            change("3", &t(3), "done", Some("done"), None),
            change("4", &t(4), "start", Some("in-progress"), Some("on it")),
            change("5", &t(5), "wobble", None, None),
        ];
        for c in &mut changes[..4] {
            c.item = Some(item.clone().into());
        }
        changes[4].item = Some("not.in.catalog".into());
        changes[4].forced = true;
        changes.push(change("6", &t(6), "note", None, Some("stray")));
        changes[5].item = Some("not.in.catalog".into());
        let e = Engagement::from_changes(&index, header, changes);
        let s = &e.items[0];
        assert_eq!(s.status, Status::InProgress);
        assert_eq!(s.note.as_deref(), Some("on it"));
        assert_eq!(s.history, [0, 1, 2, 3]);
        assert_eq!(
            s.updated,
            Some(Stamp {
                at: t(4),
                by: "by-4".into()
            })
        );
        assert_eq!(s.last_change.as_deref(), Some("4"));
        let u = &e.unknown["not.in.catalog"];
        assert_eq!((u.note.as_deref(), u.forced), (Some("stray"), true));
        assert_eq!(u.last_change.as_deref(), Some("6"));
        let problems: Vec<(usize, &ProblemKind)> =
            e.problems.iter().map(|p| (p.change, &p.kind)).collect();
        assert_eq!(
            problems,
            [(4, &ProblemKind::UnknownOp), (4, &ProblemKind::UnknownItem)]
        );
        assert!(e.problems.iter().all(|p| p.line.is_none()));
        assert!(e.items[1..].iter().all(|s| *s == ItemState::default()));
    }

    use crate::catalog::Index;
    use crate::journal::format::{CatalogAtStart, FORMAT, VERSION};
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

    fn header() -> JournalHeader {
        JournalHeader {
            format: FORMAT.into(),
            version: VERSION,
            engagement: "e".into(),
            customer: "C".into(),
            catalog: CatalogAtStart {
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
            let e = m.entry(c.item.clone().unwrap().to_string()).or_insert((
                Status::NotStarted,
                None,
                String::new(),
            ));
            if let Some(s) = c.status() {
                e.0 = s;
            }
            if c.note.is_some() {
                e.1 = c.note.as_deref().map(str::to_owned);
            }
            e.2 = c.id.to_string();
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
                        id: format!("{n:04}-{}", crate::journal::new_id()).into(),
                        at: at.into(),
                        by: "t".into(),
                        op: VERBS[*verb].0.into(),
                        item: Some(IDS[*item].into()),
                        status: VERBS[*verb].1.map(|s| s.as_str().into()),
                        note: note.clone().map(Into::into),
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
            prop_assert!(e.problems.is_empty() && e.unknown.is_empty());
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
