//! Conflicts between clones of a shared journal: changes made without seeing each other
//! (they name the same `prev`), and which of them a `resolve` settled.

use crate::journal::{Change, Op};
use std::collections::{HashMap, HashSet};

/// One side of a conflict: the latest status change of a branch, and the latest note on
/// that branch (so that neither side's note is lost from view). Indexes into
/// `Engagement::changes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConflictSide {
    pub head: usize,
    pub note: Option<usize>,
}

/// The unsettled conflicts among one item's changes (`history`: indexes into `changes`, in
/// replay order). Each change names in `prev` the item's latest change its author had seen
/// (`""`: none; absent: unknown, from a hand-written line, and left out). Changes that share
/// a `prev` start branches made without seeing each other; when two or more branches change
/// the status, they conflict. A branch ends at a `resolve`, which names (`supersedes`) the
/// heads it settles: a settled head no longer counts, and a branch that carries on after a
/// resolve from a clone that had not seen it conflicts anew (with the resolve as one side). Returns one side per branch,
/// latest head first; empty when there is no conflict.
pub fn conflicts(changes: &[Change], history: &[usize]) -> Vec<ConflictSide> {
    // Most histories are one line of changes, each naming the one before, so no two share a
    // `prev`: sorting the names shows it without building the map below (which was a quarter
    // of `status` at 30,000 changes).
    let mut prevs: Vec<&str> = history
        .iter()
        .filter_map(|&n| changes[n].prev.as_deref())
        .collect();
    prevs.sort_unstable();
    if prevs.windows(2).all(|w| w[0] != w[1]) {
        return Vec::new();
    }
    let mut by_prev: HashMap<&str, Vec<usize>> = HashMap::new();
    for &n in history {
        if let Some(p) = changes[n].prev.as_deref() {
            by_prev.entry(p).or_default().push(n);
        }
    }
    if by_prev.values().all(|kids| kids.len() < 2) {
        return Vec::new();
    }
    let superseded: HashSet<&str> = history
        .iter()
        .filter(|&&n| changes[n].op == Op::Resolve)
        .flat_map(|&n| changes[n].more().supersedes.iter().map(String::as_str))
        .collect();
    // The latest status change and note of the branch starting at `start`.
    let branch = |start: usize| -> (Option<usize>, Option<usize>) {
        let (mut head, mut note) = (None, None);
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            let c = &changes[n];
            // A resolve ends the branches it settles; as the first change of a branch it
            // is itself one side of a fork (a clone changed the item without seeing it).
            if c.op == Op::Resolve && n != start {
                continue;
            }
            if c.status.is_some() {
                head = head.max(Some(n));
            }
            if c.note.as_deref().is_some_and(|t| !t.is_empty()) {
                note = note.max(Some(n));
            }
            if let Some(kids) = by_prev.get(&*c.id) {
                stack.extend(kids.iter().copied());
            }
        }
        (head, note)
    };
    let mut sides: Vec<ConflictSide> = Vec::new();
    let mut forks: Vec<(&&str, &Vec<usize>)> =
        by_prev.iter().filter(|(_, kids)| kids.len() > 1).collect();
    forks.sort();
    for (_, kids) in forks {
        let heads: Vec<ConflictSide> = kids
            .iter()
            .filter_map(|&k| {
                let (head, note) = branch(k);
                head.map(|head| ConflictSide { head, note })
            })
            .filter(|s| !superseded.contains(&*changes[s.head].id))
            .collect();
        if heads.len() > 1 {
            sides.extend(heads);
        }
    }
    sides.sort_by_key(|s| std::cmp::Reverse(s.head));
    sides.dedup_by_key(|s| s.head);
    sides
}
