//! Scope questions, the profiles an answer depends on: without a customer profile, one
//! profile per combination of the facts the matched entries depend on (less those the
//! question states), and the words for a group of them ("with multiple forests").

use super::facts::Facts;
use super::rank::{DocRef, Hit};
use super::verdict::rule_when;
use crate::catalog::{Forests, Identity, Index, When};
use crate::profile::Profile;

/// The profile facts the matched rules and items (and the rules excluding those items)
/// depend on, and one profile per combination of them; `forests`: the topology the question
/// states, the only one then.
pub fn representative(hits: &[&Hit], index: &Index, facts: &Facts) -> Vec<Profile> {
    let forests = facts.forests;
    let c = &index.catalog;
    let mut whens: Vec<&When> = Vec::new();
    let mut owned: Vec<When> = Vec::new();
    for h in hits {
        match h.what {
            DocRef::Rule(i) => owned.push(rule_when(c, &c.rules[i])),
            DocRef::Item(i) => {
                let it = &c.items[i];
                whens.push(&it.when);
                let mut parent = it.parent.as_deref();
                while let Some(pid) = parent {
                    match index.item(pid) {
                        Some(p) => {
                            whens.push(&p.when);
                            parent = p.parent.as_deref();
                        }
                        None => break,
                    }
                }
                for r in &c.rules {
                    if r.excludes.contains(&it.id) {
                        whens.push(&r.when);
                    }
                }
            }
        }
    }
    whens.extend(owned.iter());
    let forests: Vec<Forests> = if let Some(f) = forests {
        vec![f]
    } else if whens.iter().any(|w| w.forests.is_some()) {
        Forests::ALL.to_vec()
    } else {
        vec![Forests::Single]
    };
    let best_item = hits
        .iter()
        .copied()
        .find(|h| matches!(h.what, DocRef::Item(_)));
    let synchronized = facts.synchronized || asks_for_sync(best_item, index);
    let identities: Vec<Identity> = if let Some(i) = facts.identity {
        vec![i]
    } else if whens.iter().any(|w| !w.identity.is_empty()) {
        // Synchronized accounts are not cloud-only ones.
        Identity::ALL
            .into_iter()
            .filter(|i| !(synchronized && *i == Identity::Cloud))
            .collect()
    } else {
        vec![Identity::Managed]
    };
    let mut prereqs: Vec<String> = Vec::new();
    for w in &whens {
        for id in w.requires.iter().chain(&w.unless) {
            if !prereqs.iter().any(|p| p == id) {
                prereqs.push(id.to_string());
            }
        }
    }
    // What the question says the customer has or lacks is fixed in every profile.
    let fix = |mut set: Vec<String>| {
        for id in &facts.has {
            if !set.contains(id) {
                set.push(id.clone());
            }
        }
        set.retain(|id| !facts.lacks.contains(id));
        set
    };
    let mut prereq_sets: Vec<Vec<String>> = Vec::new();
    for set in [Vec::new(), prereqs] {
        let set = fix(set);
        if !prereq_sets.contains(&set) {
            prereq_sets.push(set);
        }
    }
    let mut licences: Vec<Option<u32>> = Vec::new();
    for w in &whens {
        for b in [w.min_licenses, w.max_licenses].into_iter().flatten() {
            for v in [b.saturating_sub(1), b] {
                if !licences.contains(&Some(v)) {
                    licences.push(Some(v));
                }
            }
        }
    }
    licences.sort();
    if let Some(n) = facts.licenses {
        licences = vec![Some(n)];
    }
    if licences.is_empty() {
        licences.push(None);
    }
    let mut out = Vec::new();
    for &f in &forests {
        for &id in &identities {
            for pre in &prereq_sets {
                for &l in &licences {
                    out.push(Profile {
                        forests: f,
                        identity: id,
                        prerequisites: pre.clone(),
                        licenses: l,
                        ..Profile::default()
                    });
                }
            }
        }
    }
    out
}

/// Whether the best matching item exists only for synchronized accounts (its own or
/// a parent's condition names identity targets, none of them cloud-only): asking for Seamless
/// SSO or password writeback presupposes directory synchronization, so a cloud-only profile
/// is not one the question can be about.
fn asks_for_sync(best: Option<&Hit>, index: &Index) -> bool {
    let Some(DocRef::Item(i)) = best.map(|h| h.what) else {
        return false;
    };
    let mut item = Some(&index.catalog.items[i]);
    while let Some(it) = item {
        if !it.when.identity.is_empty() {
            return !it.when.identity.contains(&Identity::Cloud);
        }
        item = it.parent.as_deref().and_then(|p| index.item(p));
    }
    false
}

/// The values each profile fact takes across the representative profiles.
pub struct Dims {
    forests: Vec<Forests>,
    identity: Vec<Identity>,
    prereqs: Vec<Vec<String>>,
    licences: Vec<Option<u32>>,
}

impl Dims {
    pub(super) fn of(ps: &[&Profile]) -> Dims {
        let mut d = Dims {
            forests: Vec::new(),
            identity: Vec::new(),
            prereqs: Vec::new(),
            licences: Vec::new(),
        };
        d.collect(ps);
        d
    }

    pub(super) fn collect(&mut self, ps: &[&Profile]) {
        for p in ps {
            if !self.forests.contains(&p.forests) {
                self.forests.push(p.forests);
            }
            if !self.identity.contains(&p.identity) {
                self.identity.push(p.identity);
            }
            if !self.prereqs.contains(&p.prerequisites) {
                self.prereqs.push(p.prerequisites.clone());
            }
            if !self.licences.contains(&p.licenses) {
                self.licences.push(p.licenses);
            }
        }
    }

    /// "with multiple forests", "with a single forest and a federated identity target": the
    /// group in words, if it is exactly a combination of values.
    pub(super) fn describe(&self, group: &[&Profile], index: &Index) -> Option<String> {
        let g = Dims::of(group);
        let size = g.forests.len() * g.identity.len() * g.prereqs.len() * g.licences.len();
        if size != group.len() {
            return None;
        }
        let mut parts = Vec::new();
        if g.forests.len() < self.forests.len() {
            parts.push(match g.forests[0] {
                Forests::Single => "a single forest".to_owned(),
                Forests::Multiple => "multiple forests".to_owned(),
            });
        }
        if g.identity.len() < self.identity.len() {
            let names: Vec<&str> = g.identity.iter().map(|i| i.as_str()).collect();
            parts.push(format!("a {} identity target", names.join(" or ")));
        }
        if g.prereqs.len() < self.prereqs.len() {
            let all = self.prereqs.iter().max_by_key(|v| v.len()).cloned();
            let names: Vec<String> = all
                .unwrap_or_default()
                .iter()
                .map(|id| {
                    index
                        .catalog
                        .prerequisites
                        .iter()
                        .find(|p| p.id == *id)
                        .map_or(id.clone(), |p| p.name.to_string())
                })
                .collect();
            if g.prereqs[0].is_empty() {
                parts.push(format!("no {}", names.join(" or ")));
            } else {
                parts.push(names.join(" and "));
            }
        }
        if g.licences.len() < self.licences.len() {
            let lo = g.licences.iter().flatten().min().copied().unwrap_or(0);
            let hi = g.licences.iter().flatten().max().copied().unwrap_or(0);
            let all_lo = self.licences.iter().flatten().min().copied().unwrap_or(0);
            let all_hi = self.licences.iter().flatten().max().copied().unwrap_or(0);
            if lo == all_lo {
                parts.push(format!("at most {hi} licences"));
            } else if hi == all_hi {
                parts.push(format!("at least {lo} licences"));
            } else {
                parts.push(format!("{lo} to {hi} licences"));
            }
        }
        if parts.is_empty() {
            return None;
        }
        Some(format!("with {}", parts.join(" and ")))
    }
}
