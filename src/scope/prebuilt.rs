//! The embedded catalog's ranking index, built at build time: build.rs runs `ScopeIndex::new`
//! (this crate's `rank.rs` and `words.rs`, compiled into it) over `catalog/ems.yaml` and writes
//! the documents, document frequencies and typo vocabulary out as static data, so a `scope`
//! run does not analyse the catalog's text again. A catalog file gets its index built at run
//! time by the same code.
//!
//! The data holds no pointers (one string blob, and integers that name its strings by
//! number): a pointer in a `static` is a relocation the loader applies at every start of the
//! tool, whatever the command, and dirties its page. It is read out the first time a
//! `ScopeIndex` is asked for, into lists that live to the end of the process (every term a
//! borrow of the blob, every document's runs a borrow of two long lists), so the index handed
//! out borrows everything, as the one written as Rust data did.

use super::rank::{Doc, DocRef, ScopeIndex, Term};
use super::words::Analyzer;
use crate::catalog::Catalog;
use std::borrow::Cow::Borrowed;
use std::sync::OnceLock;

/// Written by build.rs (`scope_index`): `STRINGS` and `ENDS` (string `i` ends at `ENDS[i]`
/// and starts where string `i - 1` ends); per document `DOC_WHAT` (`ITEM` set for an item,
/// else a rule; the rest its number), `DOC_LEN` (bits of an `f64`), and the end of its run
/// in `PAIRS` (word pairs by term number, a position in `DF`, borrowed as they are); then `DF`, `VOCABULARY`, `PHRASES`, `CANONICAL` by string number; the
/// postings (`POSTINGS`, each term's run ending at `POSTING_ENDS`, borrowed as they are); the
/// prerequisites' keys (`KEY_TERMS` by string number, each key ending at `KEY_ENDS`, each
/// prerequisite's keys ending at `PREREQUISITE_KEY_ENDS`); `AVG_LEN` (bits) and `LONGEST`.
mod data {
    include!(concat!(env!("OUT_DIR"), "/scope_index.rs"));
}

/// The index's lists read out of `data`, once per process: each document's run of `pairs` is
/// a borrowed slice of the long static list.
struct Read {
    docs: Vec<Doc>,
    keys: Vec<Vec<Vec<Term>>>,
    df: Vec<(Term, u32)>,
    vocabulary: Vec<Term>,
    phrases: Vec<(Term, Term)>,
    canonical: Vec<Term>,
}

static READ: OnceLock<Read> = OnceLock::new();

/// The ranking index for `catalog`: the one built into the binary when `catalog` is the
/// embedded catalog, else one built now.
pub fn index(catalog: &Catalog) -> ScopeIndex {
    if !crate::catalog::load::is_embedded(catalog) {
        return ScopeIndex::new(catalog);
    }
    let read = READ.get_or_init(read);
    ScopeIndex {
        analyzer: Analyzer::prebuilt(
            &read.phrases,
            data::LONGEST,
            &read.canonical,
            &read.vocabulary,
        ),
        docs: Borrowed(&read.docs),
        df: Borrowed(&read.df),
        postings: Borrowed(&data::POSTINGS),
        posting_ends: Borrowed(&data::POSTING_ENDS),
        avg_len: f64::from_bits(data::AVG_LEN),
        keys: Borrowed(&read.keys),
    }
}

fn read() -> Read {
    // Each string cut out of the blob once; a term is then one look-up.
    let mut start = 0;
    let strings: Vec<&'static str> = data::ENDS
        .iter()
        .map(|&end| {
            let s = &data::STRINGS[start..end as usize];
            start = end as usize;
            s
        })
        .collect();
    let term = |i: u32| -> Term { Borrowed(strings[i as usize]) };
    let terms = |ids: &[u32]| -> Vec<Term> { ids.iter().map(|&i| term(i)).collect() };
    let pair = |&[a, b]: &[u32; 2]| (term(a), term(b));
    let mut pairs_start = 0;
    let docs = (0..data::DOC_WHAT.len())
        .map(|d| {
            let what = data::DOC_WHAT[d];
            let n = (what & !data::ITEM) as usize;
            let pairs_end = data::DOC_PAIRS_END[d] as usize;
            let doc = Doc {
                what: if what & data::ITEM == 0 {
                    DocRef::Rule(n)
                } else {
                    DocRef::Item(n)
                },
                len: f64::from_bits(data::DOC_LEN[d]),
                pairs: Borrowed(&data::PAIRS[pairs_start..pairs_end]),
            };
            pairs_start = pairs_end;
            doc
        })
        .collect();
    let (mut key_start, mut term_start) = (0, 0);
    let keys = data::PREREQUISITE_KEY_ENDS
        .iter()
        .map(|&end| {
            let ends = &data::KEY_ENDS[key_start..end as usize];
            key_start = end as usize;
            ends.iter()
                .map(|&end| {
                    let key = terms(&data::KEY_TERMS[term_start..end as usize]);
                    term_start = end as usize;
                    key
                })
                .collect()
        })
        .collect();
    Read {
        docs,
        keys,
        df: data::DF.iter().map(|&[t, n]| (term(t), n)).collect(),
        vocabulary: terms(&data::VOCABULARY),
        phrases: data::PHRASES.iter().map(pair).collect(),
        canonical: terms(&data::CANONICAL),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    /// The index written out at build time is the one built now from the same catalog.
    #[test]
    fn the_prebuilt_index_is_the_one_built_at_run_time() {
        let catalog = crate::catalog::embedded();
        let built = ScopeIndex::new(&catalog);
        let pre = index(&catalog);
        assert!(
            matches!(pre.docs, Cow::Borrowed(_)),
            "the embedded catalog's index is prebuilt"
        );
        assert_eq!(built.avg_len.to_bits(), pre.avg_len.to_bits());
        assert_eq!(built.df[..], pre.df[..]);
        assert_eq!(built.postings[..], pre.postings[..]);
        assert_eq!(built.posting_ends[..], pre.posting_ends[..]);
        assert_eq!(built.keys[..], pre.keys[..]);
        assert_eq!(built.keys.len(), catalog.prerequisites.len());
        assert_eq!(built.analyzer.vocabulary[..], pre.analyzer.vocabulary[..]);
        assert_eq!(built.analyzer.phrases[..], pre.analyzer.phrases[..]);
        assert_eq!(built.analyzer.canonical[..], pre.analyzer.canonical[..]);
        assert_eq!(built.analyzer.longest, pre.analyzer.longest);
        assert_eq!(built.docs.len(), pre.docs.len());
        for (a, b) in built.docs.iter().zip(pre.docs.iter()) {
            assert_eq!(a.what, b.what);
            assert_eq!(a.pairs[..], b.pairs[..]);
            assert_eq!(a.len.to_bits(), b.len.to_bits());
        }
        // Every term of the prebuilt index borrows the binary's blob; none is a copy.
        let in_blob = |t: &Term| match t {
            Cow::Borrowed(s) => {
                data::STRINGS
                    .as_bytes()
                    .as_ptr_range()
                    .contains(&s.as_ptr())
                    || s.is_empty()
            }
            Cow::Owned(_) => false,
        };
        assert!(pre.df.iter().all(|(t, _)| in_blob(t)));
        assert!(pre.analyzer.vocabulary.iter().all(in_blob));
        assert!(pre.keys.iter().flatten().flatten().all(in_blob));
        // Not the embedded catalog (a copy changed): built at run time, its terms owned.
        let mut other = catalog.clone();
        other.items.to_mut().truncate(3);
        assert!(
            index(&other)
                .df
                .iter()
                .all(|(t, _)| matches!(t, Cow::Owned(_)))
        );
    }
}
