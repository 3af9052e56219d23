//! Scope questions, the neighbours the sources never mention: the catalog's `beyond` list
//! ("mailbox migration", "Microsoft Sentinel"). A question that names one is about something
//! the FastTrack EMS documents do not cover, however well its other words ("mailbox",
//! "Exchange Online") match an entry. A phrase is found as consecutive terms of the question,
//! read by the same analyzer as the catalog (stems, synonyms, typo corrections), so "migrating
//! our mailboxes" finds "migrate mailboxes".

use super::rank::{DocRef, Hit, Query, has_run, listed};
use super::words::Analyzer;
use super::{Answer, Outcome};
use crate::catalog::{Beyond, Catalog, Index, Verdict};

/// The longest phrase read, in words.
const MAX_PHRASE_WORDS: usize = 8;

/// The first neighbouring topic, in catalog order, that `sequence` (the question's terms, in
/// order) names, with the terms of the phrase found; `text` is the question as written, for
/// a cheap first look.
pub fn named<'c>(
    catalog: &'c Catalog,
    analyzer: &Analyzer,
    text: &str,
    sequence: &[String],
) -> Option<(&'c Beyond, Vec<String>)> {
    let lower = text.to_lowercase();
    catalog.beyond.iter().find_map(|b| {
        b.phrases.iter().find_map(|p| {
            if !may_contain(&lower, p) {
                return None;
            }
            let terms = analyzer.read(p, MAX_PHRASE_WORDS).0;
            has_run(sequence, &terms).then_some((b, terms))
        })
    })
}

/// Whether the answer `a` is an exclusion rule's "no" about what the question asks of the
/// neighbour (`phrase`, its terms): the rule that decided matched a word beyond the phrase's
/// own and verbs of doing ("decommission" for "our old MobileIron servers"), so its answer,
/// with its source, stands; an exclusion that matched only the neighbour's words ("security
/// baseline" for the Intune feature) does not.
pub fn excluded(index: &Index, a: &Answer, hits: &[Hit], q: &Query, phrase: &[String]) -> bool {
    let rules = &index.catalog.rules;
    a.verdict == Outcome::OutOfScope
        && a.matches.first().is_some_and(|m| {
            hits.iter().any(|h| {
                matches!(h.what, DocRef::Rule(i)
                    if rules[i].id == m.id && rules[i].verdict == Verdict::OutOfScope)
                    && h.terms
                        .iter()
                        .any(|t| !q.actions.contains(&*t.term) && !listed(phrase, &t.term))
            })
        })
}

/// Whether every word of `phrase` could be in `lower` (its first four letters are): a phrase
/// that fails this cannot match, so the analyzer need not read it.
fn may_contain(lower: &str, phrase: &str) -> bool {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let end = w.char_indices().nth(4).map_or(w.len(), |(i, _)| i);
            lower.contains(&w[..end])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(terms: &[&str]) -> Vec<String> {
        terms.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_phrase_is_found_only_as_consecutive_terms() {
        let hay = v(&["migrat", "mailbox", "exchang"]);
        assert!(has_run(&hay, &v(&["migrat", "mailbox"])));
        assert!(!has_run(&hay, &v(&["mailbox", "migrat"])));
        assert!(!has_run(&hay, &v(&["migrat", "exchang"])));
        assert!(!has_run(&hay, &[]));
    }

    /// Every phrase of the built-in list reads to some terms, and a phrase of one term is a
    /// word no entry uses: "Microsoft Forms" reads as "form", which every request form has.
    #[test]
    fn every_built_in_phrase_is_specific() {
        let c = crate::catalog::embedded();
        let index = crate::scope::prebuilt::index(&c);
        for b in c.beyond.iter() {
            for p in b.phrases.iter() {
                let terms = index.analyzer.read(p, MAX_PHRASE_WORDS).0;
                assert!(!terms.is_empty(), "{}: {p:?} reads to nothing", b.id);
                if let [one] = &terms[..] {
                    assert_eq!(
                        index.df(one),
                        0,
                        "{}: {p:?} reads as {one:?}, a catalog word",
                        b.id
                    );
                }
            }
        }
    }

    #[test]
    fn the_first_look_needs_every_word_head() {
        assert!(may_contain(
            "can you migrate our mailboxes",
            "migrate mailboxes"
        ));
        assert!(!may_contain(
            "can you migrate our devices",
            "migrate mailboxes"
        ));
    }
}
