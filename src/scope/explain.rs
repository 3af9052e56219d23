//! Scope questions, the words shown: each rule's or item's statement with its source, its
//! condition, the not-covered answer, the match as listed. Internal terms never reach the
//! user: unknown words are shown as the question spelt them.

use super::cases::representative;
use super::rank::{DocRef, Hit, Query};
use super::verdict::Judge;
use super::{Match, Outcome};
use crate::catalog::{Beyond, Owner};
use crate::profile::Profile;

pub fn not_covered_text(judge: &Judge, q: &Query, best: Option<&Hit>) -> String {
    let mut s = "The FastTrack EMS documents in the catalog do not cover this: nothing matches \
                 the question well enough. Do not promise it; check with the FastTrack team."
        .to_owned();
    if let Some(h) = best {
        let (id, title) = judge.names(h.what);
        s.push_str(&format!(
            " The closest entry, {id} \"{title}\", matches {:.0}% of the question.",
            h.coverage * 100.0
        ));
    }
    if !q.unknown_words.is_empty() {
        let shown: Vec<&str> = q.unknown_words.iter().take(5).map(String::as_str).collect();
        s.push_str(&format!(
            " Words the catalog never uses: {}.",
            shown.join(", ")
        ));
    }
    s
}

/// The answer for a question about a neighbouring topic the sources never mention.
pub fn beyond_text(b: &Beyond, judge: &Judge, best: Option<&Hit>) -> String {
    let mut s = format!(
        "Not covered: the FastTrack EMS documents do not speak of {}. Do not promise it; check \
         with the FastTrack team.",
        b.name
    );
    if let Some(h) = best {
        let (id, title) = judge.names(h.what);
        s.push_str(&format!(
            " The nearest entry the catalog has is {id} \"{title}\", about something else."
        ));
    }
    s
}

impl<'a> Judge<'a> {
    pub(super) fn names(&self, d: DocRef) -> (&'a str, &'a str) {
        let c = &self.index.catalog;
        match d {
            DocRef::Rule(i) => (&c.rules[i].id, &c.rules[i].title),
            DocRef::Item(i) => (&c.items[i].id, &c.items[i].title),
        }
    }

    pub(super) fn view(&self, h: &Hit, profile: Option<&Profile>) -> Match {
        let c = &self.index.catalog;
        let (kind, id, title, section, source, verdict) = match h.what {
            DocRef::Rule(i) => {
                let r = &c.rules[i];
                (
                    "rule",
                    &r.id,
                    &r.title,
                    &r.section,
                    &r.source,
                    r.verdict.into(),
                )
            }
            DocRef::Item(i) => {
                let it = &c.items[i];
                let verdict = match profile {
                    Some(p) => {
                        let reasons = self.reasons(p);
                        self.judge_item(i, p, &reasons).verdict
                    }
                    None => {
                        let mut seen = Vec::new();
                        for p in representative(&[h], self.index, self.facts) {
                            let reasons = self.reasons(&p);
                            let v = self.judge_item(i, &p, &reasons).verdict;
                            if !seen.contains(&v) {
                                seen.push(v);
                            }
                        }
                        if seen.len() == 1 {
                            seen[0]
                        } else {
                            Outcome::Conditional
                        }
                    }
                };
                (
                    "item",
                    &it.id,
                    &it.title,
                    &it.source.heading,
                    &it.source,
                    verdict,
                )
            }
        };
        Match {
            kind,
            id: id.clone(),
            title: title.clone(),
            verdict,
            section: section.clone(),
            source: self.index.cite(source),
            score: (h.score * 100.0).round() / 100.0,
            hit: h.clone(),
        }
    }

    /// What a rule or item says, with its source, as one sentence.
    pub(super) fn statement(&self, d: DocRef) -> String {
        let c = &self.index.catalog;
        match d {
            DocRef::Rule(i) => {
                let r = &c.rules[i];
                format!(
                    "{} (rule {}; source: {}).",
                    r.statement.trim_end_matches('.'),
                    r.id,
                    self.index.cite(&r.source)
                )
            }
            DocRef::Item(i) => {
                let it = &c.items[i];
                let owner = match it.owner {
                    Owner::Fasttrack => "FastTrack guides",
                    Owner::Customer => "The customer does",
                };
                format!(
                    "{owner} \"{}\" ({}; source: {}).",
                    it.title,
                    it.id,
                    self.index.cite(&it.source)
                )
            }
        }
    }

    /// A rule's or item's condition in words.
    pub(super) fn condition(&self, d: DocRef) -> Option<String> {
        let c = &self.index.catalog;
        let text = match d {
            DocRef::Rule(i) => c.rules[i]
                .condition
                .as_deref()
                .map_or_else(|| c.rules[i].when.describe(), str::to_owned),
            DocRef::Item(i) => c.items[i].when.describe(),
        };
        Some(text).filter(|t| !t.is_empty())
    }
}
