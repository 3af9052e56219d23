//! Scope questions, the facts a question states: forest topology, licence count, Windows and
//! Windows Server versions, and which of the catalog's prerequisites the customer has or
//! lacks ("we have TeamViewer", "we don't have E5"). They beat the profile's for the answer,
//! and the answer says which it read.

use super::rank::{Query, ScopeIndex};
use crate::catalog::Forests;

/// The forest topology the question itself states ("our three forests", "one forest"): the
/// vocabulary is the catalog's synonym groups whose first members are "multiple forests" and
/// "single forest"; a catalog without them states nothing.
pub fn stated_forests(scope: &ScopeIndex, q: &Query) -> Option<Forests> {
    let says = |phrase: &str| match scope.analyzer.terms(phrase, 8).as_slice() {
        [term] => q.distinct.contains(term),
        _ => false,
    };
    match (says("multiple forests"), says("single forest")) {
        (true, false) => Some(Forests::Multiple),
        (false, true) => Some(Forests::Single),
        _ => None,
    }
}

pub fn forests_words(f: Forests) -> &'static str {
    match f {
        Forests::Single => "a single forest",
        Forests::Multiple => "multiple forests",
    }
}
