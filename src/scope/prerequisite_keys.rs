//! Scope questions, the words that name each of the catalog's prerequisites in a question
//! ("TeamViewer", "certificate authority", "partner of record"): derived from the catalog alone,
//! so worked out with the ranking index (at build time for the embedded catalog), never per
//! question.

use super::{ScopeIndex, Term};
use crate::catalog::Prerequisite;
use std::borrow::Cow;

impl ScopeIndex {
    /// The words that name each prerequisite in a question, each key a run of consecutive
    /// terms: the rarest terms of its name (within 80% of its rarest's idf) that no other
    /// prerequisite's name uses, one term each, then its `keywords` ("partner of record",
    /// "Lookout"). Each name is analysed once.
    pub(super) fn keys_of(&self, prerequisites: &[Prerequisite]) -> Vec<Vec<Vec<String>>> {
        let names: Vec<Vec<String>> = prerequisites
            .iter()
            .map(|p| self.analyzer.terms(&p.name, 50))
            .collect();
        (0..names.len())
            .map(|i| {
                // A key names one thing: a synonym group of the catalog ("TeamViewer", "Wi-Fi")
                // or a word at most two entries use; common words ("existing", "tenant") name
                // nothing.
                let unique: Vec<&String> = names[i]
                    .iter()
                    .filter(|t| {
                        !names
                            .iter()
                            .enumerate()
                            .any(|(j, other)| j != i && other.contains(t))
                            && !t.bytes().all(|b| b.is_ascii_digit())
                            && (self.analyzer.is_synonym(t) || self.df(t) <= 2)
                    })
                    .collect();
                let top = unique.iter().map(|t| self.idf(t)).fold(0.0, f64::max);
                let mut keys: Vec<Vec<String>> = unique
                    .into_iter()
                    .filter(|t| self.idf(t) >= 0.8 * top)
                    .map(|t| vec![t.clone()])
                    .collect();
                keys.dedup();
                keys.extend(
                    prerequisites[i]
                        .keywords
                        .iter()
                        .map(|k| self.analyzer.terms(k, 50))
                        .filter(|k| !k.is_empty()),
                );
                keys
            })
            .collect()
    }

    /// The words that name each of `prerequisites` in a question (see `keys_of`): the ones
    /// worked out with the index when they are its catalog's (always, but for a list made up
    /// by hand), else worked out now.
    pub fn prerequisite_keys(&self, prerequisites: &[Prerequisite]) -> Cow<'_, [Vec<Vec<Term>>]> {
        if self.keys.len() == prerequisites.len() {
            return Cow::Borrowed(&self.keys);
        }
        Cow::Owned(
            self.keys_of(prerequisites)
                .into_iter()
                .map(|p| {
                    p.into_iter()
                        .map(|k| k.into_iter().map(Cow::Owned).collect())
                        .collect()
                })
                .collect(),
        )
    }
}
