//! What applies to a profile: each item's conditions, the scope rules that take items out,
//! and parents. Decided as a type (`Reason`), turned into words only when shown.

use crate::catalog::Index;
use crate::profile::Profile;
use std::collections::HashMap;

/// Why an item does not apply to a profile: decided here as a type, turned into words only
/// when shown (`Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Its parent item does not apply.
    Parent(crate::catalog::Text),
    /// The profile does not meet its conditions (the unmet condition, in words).
    Unmet(String),
    /// A scope rule that holds for the profile takes it out of scope.
    ExcludedBy {
        rule: crate::catalog::Text,
        title: crate::catalog::Text,
    },
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Parent(id) => write!(f, "its parent {id} does not apply"),
            Reason::Unmet(why) => f.write_str(why),
            Reason::ExcludedBy { rule, title } => {
                write!(f, "out of scope by rule {rule}: {title}")
            }
        }
    }
}

/// Why each item of the catalog does not apply to `profile` (`None` where it applies): its
/// own conditions, a scope rule that holds for the profile and excludes it, or its parent.
pub fn applicability(index: &Index, profile: &Profile) -> Vec<Option<Reason>> {
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
    let mut reasons: Vec<Option<Reason>> = Vec::with_capacity(catalog.items.len());
    let mut position: HashMap<&str, usize> = HashMap::with_capacity(catalog.items.len());
    for (i, item) in catalog.items.iter().enumerate() {
        position.insert(&*item.id, i);
        let parent_reason = item
            .parent
            .as_ref()
            .filter(|p| {
                position
                    .get(p.as_str())
                    .is_some_and(|&pi| reasons[pi].is_some())
            })
            .map(|p| Reason::Parent(p.clone()));
        let reason = parent_reason
            .or_else(|| {
                profile
                    .unmet(&item.when, &catalog.prerequisites)
                    .map(Reason::Unmet)
            })
            .or_else(|| {
                excluded.get(&*item.id).map(|r| Reason::ExcludedBy {
                    rule: r.id.clone(),
                    title: r.title.clone(),
                })
            });
        reasons.push(reason);
    }
    reasons
}

/// Fails, naming each item and why, when any of `targets` does not apply to the profile;
/// `what` completes "use --force to ...".
impl super::Engagement<'_> {
    pub fn refuse_inapplicable(&self, targets: &[usize], what: &str) -> anyhow::Result<()> {
        let refused: Vec<String> = targets
            .iter()
            .filter_map(|&i| {
                self.reasons[i]
                    .as_ref()
                    .map(|why| format!("{} ({why})", self.index.catalog.items[i].id))
            })
            .collect();
        if refused.is_empty() {
            return Ok(());
        }
        anyhow::bail!(
            "{} not apply to this engagement's profile: {}; nothing was written (use --force to {what} anyway)",
            if refused.len() == 1 {
                "this item does"
            } else {
                "these items do"
            },
            refused.join("; ")
        )
    }
}
