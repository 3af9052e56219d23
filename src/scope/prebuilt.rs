//! The embedded catalog's ranking index, built at build time: build.rs runs `ScopeIndex::new`
//! (this crate's `rank.rs` and `words.rs`, compiled into it) over `catalog/ems.yaml` and writes
//! the documents, document frequencies and typo vocabulary out as static data, so a `scope`
//! run does not analyse the catalog's text again. A catalog file gets its index built at run
//! time by the same code.

use super::rank::{Doc, DocRef, ScopeIndex, Term};
use super::words::Analyzer;
use crate::catalog::Catalog;
use std::borrow::Cow::{self, Borrowed};

struct Prebuilt {
    docs: &'static [Doc],
    df: &'static [(Term, u32)],
    avg_len: f64,
    vocabulary: &'static [Cow<'static, str>],
    phrases: &'static [(Cow<'static, str>, Cow<'static, str>)],
    longest: usize,
    canonical: &'static [Cow<'static, str>],
}

static PREBUILT: Prebuilt = include!(concat!(env!("OUT_DIR"), "/scope_index.rs"));

/// The ranking index for `catalog`: the one built into the binary when `catalog` is the
/// embedded catalog, else one built now.
pub fn index(catalog: &Catalog) -> ScopeIndex {
    if !crate::catalog::load::is_embedded(catalog) {
        return ScopeIndex::new(catalog);
    }
    ScopeIndex {
        analyzer: Analyzer::prebuilt(
            PREBUILT.phrases,
            PREBUILT.longest,
            PREBUILT.canonical,
            PREBUILT.vocabulary,
        ),
        docs: Borrowed(PREBUILT.docs),
        df: Borrowed(PREBUILT.df),
        avg_len: PREBUILT.avg_len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index written out at build time is the one built now from the same catalog.
    #[test]
    fn the_prebuilt_index_is_the_one_built_at_run_time() {
        let catalog = crate::catalog::embedded();
        let built = ScopeIndex::new(&catalog);
        let pre = index(&catalog);
        assert!(
            matches!(pre.docs, Borrowed(_)),
            "the embedded catalog's index is prebuilt"
        );
        assert_eq!(built.avg_len.to_bits(), pre.avg_len.to_bits());
        assert_eq!(built.df[..], pre.df[..]);
        assert_eq!(built.analyzer.vocabulary[..], pre.analyzer.vocabulary[..]);
        assert_eq!(built.analyzer.phrases[..], pre.analyzer.phrases[..]);
        assert_eq!(built.analyzer.canonical[..], pre.analyzer.canonical[..]);
        assert_eq!(built.analyzer.longest, pre.analyzer.longest);
        assert_eq!(built.docs.len(), pre.docs.len());
        for (a, b) in built.docs.iter().zip(pre.docs.iter()) {
            assert_eq!(a.what, b.what);
            assert_eq!(a.tf[..], b.tf[..]);
            assert_eq!(a.pairs[..], b.pairs[..]);
            assert_eq!(a.len.to_bits(), b.len.to_bits());
        }
        // Not the embedded catalog (a copy changed): built at run time.
        let mut other = catalog.clone();
        other.items.to_mut().truncate(3);
        assert!(matches!(index(&other).docs, Cow::Owned(_)));
    }
}
