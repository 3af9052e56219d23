//! Scope questions, the verdict: from the ranked rules and items and the customer's profile
//! (with the facts the question states), a holding out-of-scope rule wins; a conditional rule
//! gives its condition unless the profile settles it; an item is in scope when FastTrack owns
//! it and it applies, the customer's when the customer owns it. Without a profile the
//! question is decided for each representative profile and the answer says on what it
//! depends.

use super::cases::{Dims, representative};
use super::facts::Facts;
use super::rank::{DocRef, Hit, listed};
use super::words::stem;
use super::{Answer, Case, OUT_RULE_RATIO, Outcome, SPECIFIC_RATIO};
use crate::catalog::{Index, Owner, Verdict, When};
use crate::engagement::{Reason, applicability};
use crate::profile::Profile;

/// What one rule or item says for one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub(super) verdict: Outcome,
    /// One sentence.
    pub(super) why: String,
    pub(super) condition: Option<String>,
}

/// Why each item of the catalog does not apply to a profile (`None`: it applies), shared.
pub type Reasons = std::rc::Rc<Vec<Option<Reason>>>;

/// One question being judged: the catalog, what the question states and asks, and the rules
/// among its matches; it decides the verdict (here) and puts it into words (`explain`).
pub struct Judge<'a> {
    pub(super) index: &'a Index,
    /// Everything the question states (see `facts`).
    pub(super) facts: &'a Facts,
    /// Terms that never make an exclusion specific: verbs of doing, and the words naming
    /// what the question says the customer already has.
    pub(super) plain: Vec<String>,
    /// The question's terms.
    pub(super) asked: Vec<String>,
    /// The question's words, each stemmed, no phrase joined ("hybrid" of "hybrid Azure AD
    /// join" is one).
    pub(super) stems: Vec<String>,
    /// FastTrack items beyond the shown matches that lack no word of the question: an item a
    /// profile does not meet may have a sibling for it among them.
    pub(super) alternatives: Vec<&'a Hit>,
    /// The applicability of every item for each profile asked about so far (the matches and
    /// the profiles an answer is decided for ask for the same few).
    pub(super) applicable: std::cell::RefCell<Vec<(Profile, Reasons)>>,
    /// Whether the customer's profile gives a licence count (the profiles an answer without
    /// one is decided for only suppose one).
    pub(super) licences_known: bool,
    pub(super) analyzer: &'a super::words::Analyzer,
    /// The rules among the matches: only these qualify an item (a limit on Outlook mobile
    /// says nothing about app protection asked on its own).
    pub(super) rules: Vec<usize>,
}

/// A match lacking words of the question and covering less than this share of what the best
/// match covers is about a neighbouring question.
pub const OFF_TOPIC_SHARE: f64 = 0.7;

/// When a rule holds. A conditional rule without its own `when` takes the prerequisites of
/// the items it is about ("TeamViewer integration" needs what the TeamViewer item needs).
pub fn rule_when(c: &crate::catalog::Catalog, r: &crate::catalog::Rule) -> When {
    if !r.when.is_empty() || r.verdict != Verdict::Conditional {
        return r.when.clone();
    }
    let mut w = When::default();
    for id in &r.items {
        if let Some(it) = c.items.iter().find(|it| &it.id == id) {
            for req in &it.when.requires {
                if !w.requires.contains(req) {
                    w.requires.to_mut().push(req.clone());
                }
            }
        }
    }
    w
}

/// Whether a match has `term` in its subject (title or keywords), not only in its running
/// text.
fn in_subject(h: &Hit, term: &str) -> bool {
    h.terms.iter().any(|t| {
        *t.term == *term
            && t.fields
                .iter()
                .any(|(f, _)| f == "title" || f == "keywords")
    })
}

/// Words of a question that go past a limit ("all", "not just", "the rest", "extra").
const BEYOND_WORDS: &[&str] = &[
    "beyond",
    "all",
    "every",
    "everyone",
    "everybody",
    "rest",
    "remaining",
    "entire",
    "whole",
    "full",
    "just",
    "extra",
    "more",
    "additional",
    "production",
];

/// Conditions of topology (forests, identity) say where a rule applies, not what the customer
/// must bring: a profile outside them is simply not what the rule is about.
pub(super) fn is_topology(w: &When) -> bool {
    w.forests.is_some() || !w.identity.is_empty()
}

/// The topology part of a condition (forests, identity), without what the customer brings.
pub(super) fn topology(w: &When) -> When {
    When {
        forests: w.forests,
        identity: w.identity.clone(),
        ..When::default()
    }
}

impl<'a> Judge<'a> {
    /// The applicability of every item for `p` (see `engagement::applicability`), worked out
    /// once per profile.
    pub(super) fn reasons(&self, p: &Profile) -> Reasons {
        let mut cache = self.applicable.borrow_mut();
        if let Some((_, r)) = cache.iter().find(|(q, _)| q == p) {
            return r.clone();
        }
        let r = std::rc::Rc::new(applicability(self.index, p));
        cache.push((p.clone(), r.clone()));
        r
    }

    /// Whether a FastTrack responsibility (an item FastTrack owns, a rule that is not an
    /// exclusion) is behind this match.
    pub(super) fn is_fasttrack(&self, d: DocRef) -> bool {
        let c = &self.index.catalog;
        match d {
            DocRef::Rule(i) => c.rules[i].verdict != Verdict::OutOfScope,
            DocRef::Item(i) => c.items[i].owner == Owner::Fasttrack,
        }
    }

    /// Whether an exclusion that always holds says more about the question than the
    /// FastTrack responsibilities matched beside it: it must match a word of the question they
    /// lack ("on-premises MFA server" beside "turn on MFA"; "Autopilot without Intune" beside
    /// "Autopilot in Intune") or score well above them. Otherwise it is about a neighbouring
    /// case, not this one.
    pub(super) fn specific(&self, h: &Hit, hits: &[&Hit]) -> bool {
        // A conditional rule whose condition excepts what the question names ("PCs other than
        // Windows 10", asked about Windows 10) says nothing here.
        let silent = |o: &Hit| match o.what {
            DocRef::Rule(i) => {
                let r = &self.index.catalog.rules[i];
                r.verdict == Verdict::Conditional
                    && self.excepted(r.condition.as_deref().unwrap_or(""))
            }
            DocRef::Item(_) => false,
        };
        let others: Vec<&&Hit> = hits
            .iter()
            .filter(|o| self.is_fasttrack(o.what) && !silent(o))
            .collect();
        let best = others.iter().map(|o| o.score).fold(0.0, f64::max);
        others.is_empty()
            || self.score_beyond_denied(h) >= SPECIFIC_RATIO * best
            // Two words of the question side by side that none of them has ("mailbox
            // policies" beside "Outlook mobile needs mailboxes in Exchange Online").
            || h.pairs.iter().any(|p| {
                !listed(&self.plain, &p.0)
                    && !listed(&self.plain, &p.1)
                    && !others.iter().any(|o| o.pairs.contains(p))
            })
            || h.terms.iter().any(|t| {
                // A verb of doing, or what the question says the customer already has, makes
                // no exclusion specific ("support", "we have a CA").
                !listed(&self.plain, &t.term)
                    && !others
                        .iter()
                        .any(|o| o.terms.iter().any(|u| u.term == t.term))
            })
    }

    /// A match's score less what the words the question denies ("not an on-prem server")
    /// brought it.
    fn score_beyond_denied(&self, h: &Hit) -> f64 {
        let denied: f64 = h
            .terms
            .iter()
            .filter(|t| listed(&self.facts.denied_terms, &t.term))
            .map(|t| t.contribution)
            .sum();
        h.score - denied * h.kind_weight
    }

    /// Whether `h` lacks topic words of the question that another match in the running has:
    /// it answers a neighbouring question ("up to three SaaS apps" for "AD FS for our three
    /// forests") and must not decide, whether or not the better matches hold for the profile.
    ///
    /// So is a match covering well under the best match's share of the question
    /// (`OFF_TOPIC_SHARE`).
    pub(super) fn off_topic(h: &Hit, hits: &[&Hit]) -> bool {
        let best = hits.iter().map(|o| o.coverage).fold(0.0, f64::max);
        !h.missed.is_empty()
            && (h.coverage < OFF_TOPIC_SHARE * best
                || hits.iter().any(|o| {
                    !std::ptr::eq(*o, h)
                        && o.missed.is_empty()
                        && h.missed
                            .iter()
                            .all(|t| o.terms.iter().any(|u| &u.term == t))
                }))
    }

    /// A boundary the question straddles: the exclusion lacks a word of the question that a
    /// FastTrack entry scoring nearly as well has ("enrol our pilot users": the customer
    /// enrols users beyond the test accounts, FastTrack guides setting up test users). The
    /// answer is conditional and names both sides.
    fn straddle(&self, h: &Hit, hits: &[&Hit]) -> Option<Judgement> {
        if h.missed.is_empty() {
            return None;
        }
        let o = hits.iter().find(|o| {
            self.is_fasttrack(o.what)
                && o.score >= OUT_RULE_RATIO * h.score
                && h.missed
                    .iter()
                    .any(|t| o.terms.iter().any(|u| &u.term == t))
        })?;
        Some(Judgement {
            verdict: Outcome::Conditional,
            why: format!(
                "It depends on which side of a boundary the request falls. FastTrack's side: {} \
                 The other side: {}",
                self.statement(o.what),
                self.statement(h.what)
            ),
            condition: Some("which side of the boundary the request is on".into()),
        })
    }

    /// Whether a FastTrack entry outweighs an exclusion that always holds: it scores nearly as
    /// well, has a word of the question the exclusion lacks, and lacks no word the exclusion
    /// has beyond what the question states as context ("we run SCCM current branch; can you
    /// help us enable co-management": the current branch is the customer's and is already
    /// there; turning co-management on is FastTrack's). The exclusion says nothing against it.
    fn outweighed(&self, h: &Hit, hits: &[&Hit]) -> bool {
        let context = &self.facts.context_terms;
        super::boundary::always_holds(self.index, h.what)
            && !h.missed.is_empty()
            && hits.iter().any(|o| {
                self.is_fasttrack(o.what)
                    && o.score >= OUT_RULE_RATIO * h.score
                    && o.missed
                        .iter()
                        .all(|t| h.missed.contains(t) || listed(context, t) || !in_subject(h, t))
                    && h.missed
                        .iter()
                        .any(|t| o.terms.iter().any(|u| &u.term == t))
            })
    }

    /// Whether an exclusion matches the question only in the words of its condition: "AD FS with
    /// multiple forests" for "Azure AD Connect sync for our three forests". A rule speaks to a
    /// question through its subject: a word of its title or keywords that is neither a word of
    /// its condition (its forests, its text) nor a verb of doing.
    pub(super) fn off_subject(&self, h: &Hit) -> bool {
        let DocRef::Rule(i) = h.what else {
            return false;
        };
        let r = &self.index.catalog.rules[i];
        if r.verdict != Verdict::OutOfScope {
            return false;
        }
        let mut condition: Vec<String> = r
            .condition
            .as_deref()
            .map(|c| self.analyzer.terms(c, 50))
            .unwrap_or_default();
        if let Some(f) = r.when.forests {
            condition.extend(self.analyzer.terms(super::facts::forests_words(f), 8));
        }
        if condition.is_empty() {
            return false;
        }
        !h.terms.iter().any(|t| {
            !listed(&condition, &t.term)
                && !listed(&self.plain, &t.term)
                && t.fields
                    .iter()
                    .any(|(f, _)| f == "title" || f == "keywords")
        })
    }

    /// Whether the question itself states the fact an exclusion's condition turns on ("we
    /// only have 120 licences" for the rule about fewer than 150; "no E5" for a rule unless
    /// E5), or the profile knows the licence count a licence rule turns on: the exclusion is
    /// then the question's point, however well a broader rule scores.
    fn settled_by_question(&self, w: &When) -> bool {
        let f = self.facts;
        ((f.licenses.is_some() || self.licences_known)
            && (w.min_licenses.is_some() || w.max_licenses.is_some()))
            || w.unless
                .iter()
                .any(|p| f.has.iter().any(|h| h == p.as_str()))
            || w.requires
                .iter()
                .any(|p| f.lacks.iter().any(|l| l == p.as_str()))
    }

    /// An exclusion that always holds (no `when`) but is not specific to the question.
    pub(super) fn beside_the_point(&self, h: &Hit, hits: &[&Hit]) -> bool {
        let c = &self.index.catalog;
        let unconditional = match h.what {
            DocRef::Rule(i) => {
                c.rules[i].verdict == Verdict::OutOfScope && c.rules[i].when.is_empty()
            }
            DocRef::Item(i) => c.items[i].owner == Owner::Customer,
        };
        unconditional && (!self.specific(h, hits) || self.already_met(h) || self.short_of(h))
    }

    /// Whether an exclusion is about going beyond something the question names and the
    /// question does not go beyond it: "No enrolment beyond the test accounts" says nothing
    /// against enrolling 20 test devices, but does against "all 4,000, not just the test ones".
    fn short_of(&self, h: &Hit) -> bool {
        let c = &self.index.catalog;
        let title = match h.what {
            DocRef::Rule(i) => c.rules[i].title.as_str(),
            DocRef::Item(i) => c.items[i].title.as_str(),
        };
        let going_beyond = BEYOND_WORDS.iter().any(|w| self.stems.contains(&stem(w)));
        !going_beyond
            && title.split_once(" beyond ").is_some_and(|(_, limit)| {
                let terms = self.analyzer.terms(limit, 20);
                let named = terms.iter().filter(|t| self.asked.contains(t)).count();
                named > 0 && named * 2 >= terms.len()
            })
    }

    /// Whether a duty's title names what the question says the customer already has ("we
    /// already have a CA and Wi-Fi" for "Provide CA, Wi-Fi and VPN infrastructure"): the duty
    /// is met, and says nothing against the question.
    fn already_met(&self, h: &Hit) -> bool {
        h.terms.iter().any(|t| {
            listed(&self.facts.has_terms, &t.term) && t.fields.iter().any(|(f, _)| f == "title")
        })
    }

    /// The verdict for one profile, and which match decided it.
    pub(super) fn decide(
        &self,
        hits: &[&Hit],
        p: &Profile,
        reasons: &[Option<Reason>],
    ) -> (Judgement, usize) {
        let c = &self.index.catalog;
        let top = hits[0].score;
        // A holding out-of-scope rule that matches nearly as well as the best wins.
        for (n, h) in hits.iter().enumerate() {
            if let DocRef::Rule(i) = h.what {
                let r = &c.rules[i];
                let settled = self.settled_by_question(&r.when);
                if r.verdict == Verdict::OutOfScope
                    && (h.score >= OUT_RULE_RATIO * top || settled)
                    && p.unmet(&r.when, &c.prerequisites).is_none()
                    && !self.excepts_the_question(h)
                    && (settled || (!Self::off_topic(h, hits) && !self.off_subject(h)))
                    && !self.beside_the_point(h, hits)
                    && (settled || !self.outweighed(h, hits))
                {
                    // A licence count settles eligibility for whatever is asked: no boundary.
                    let counted =
                        settled && (r.when.max_licenses.is_some() || r.when.min_licenses.is_some());
                    if !counted && let Some(j) = self.straddle(h, hits) {
                        return (j, n);
                    }
                    return (self.judge_rule(i, p).expect("holds"), n);
                }
            }
        }
        // A condition the question says is not met ("no hybrid" for a rule asking for
        // Exchange Online or hybrid Exchange): whatever answers, it depends on that.
        if let Some(j) = self.denied_condition(hits) {
            return j;
        }
        let mut passed = None;
        // An item whose condition this profile does not meet answers only if no other match
        // applies.
        let mut unmet_item = None;
        for (n, h) in hits.iter().enumerate() {
            if Self::off_topic(h, hits)
                || self.beside_the_point(h, hits)
                || self.off_subject(h)
                || self.excepts_the_question(h)
                || (!self.is_fasttrack(h.what) && self.outweighed(h, hits))
            {
                passed.get_or_insert(n);
                continue;
            }
            let j = match h.what {
                DocRef::Rule(i) => self.judge_rule(i, p),
                DocRef::Item(i) => {
                    // An item a matched rule takes out of scope: the rule is the answer.
                    if let Some((m, r)) = hits.iter().enumerate().find_map(|(m, o)| match o.what {
                        DocRef::Rule(r)
                            if c.rules[r].excludes.contains(&c.items[i].id)
                                && p.unmet(&c.rules[r].when, &c.prerequisites).is_none() =>
                        {
                            Some((m, r))
                        }
                        _ => None,
                    }) && let Some(j) = self.judge_rule(r, p)
                    {
                        return (j, m);
                    }
                    let j = self.judge_item(i, p, reasons);
                    if reasons[i]
                        .as_ref()
                        .is_some_and(|r| !matches!(r, Reason::ExcludedBy { .. }))
                    {
                        unmet_item.get_or_insert((j, n));
                        continue;
                    }
                    Some(j)
                }
            };
            match j {
                Some(j) => return (j, n),
                None => {
                    passed.get_or_insert(n);
                }
            }
        }
        if let Some((j, n)) = unmet_item {
            // A sibling for this profile: the multiple-forest item beside the single-forest one
            // that matched best ("configure Entra Connect" holds for either topology).
            let sibling = self.alternatives.iter().find_map(|h| match h.what {
                DocRef::Item(i)
                    if reasons[i].is_none()
                        && h.coverage + 1e-9 >= hits[n].coverage
                        && !hits.iter().any(|o| std::ptr::eq(*o, *h)) =>
                {
                    Some(i)
                }
                _ => None,
            });
            return match sibling {
                Some(i) => (self.judge_item(i, p, reasons), n),
                None => (j, n),
            };
        }
        // Only rules that do not hold for this profile, or exclusions beside the point,
        // matched.
        let n = passed.unwrap_or(0);
        let (statement, condition, source, unmet) = match hits[n].what {
            DocRef::Rule(i) => {
                let r = &c.rules[i];
                (
                    r.statement.as_str(),
                    r.condition.as_deref().map(str::to_owned),
                    &r.source,
                    p.unmet(&rule_when(c, r), &c.prerequisites)
                        .unwrap_or_else(|| "it is about a neighbouring case".into()),
                )
            }
            DocRef::Item(i) => {
                let it = &c.items[i];
                (
                    it.title.as_str(),
                    None,
                    &it.source,
                    "it is about a neighbouring case".into(),
                )
            }
        };
        (
            Judgement {
                verdict: Outcome::Conditional,
                why: format!(
                    "The closest rule does not apply to this profile: {statement} ({}; {unmet}). \
                     No item of the catalog says FastTrack does it otherwise: confirm with the \
                     FastTrack team. Source: {}.",
                    condition.as_deref().unwrap_or("see the rule"),
                    self.index.cite(source)
                ),
                condition,
            },
            n,
        )
    }

    /// A conditional rule among the matches whose condition names something the question
    /// denies ("with no hybrid"): `conditional`, naming the condition the question says is
    /// not met.
    fn denied_condition(&self, hits: &[&Hit]) -> Option<(Judgement, usize)> {
        let c = &self.index.catalog;
        hits.iter().enumerate().find_map(|(n, h)| {
            let DocRef::Rule(i) = h.what else {
                return None;
            };
            let r = &c.rules[i];
            let cond = r.condition.as_deref()?;
            if r.verdict != Verdict::Conditional || Self::off_topic(h, hits) {
                return None;
            }
            let denied: Vec<String> = self
                .analyzer
                .terms(cond, 50)
                .into_iter()
                .filter(|t| self.facts.denied_terms.contains(t))
                .collect();
            if denied.is_empty() {
                return None;
            }
            Some((
                Judgement {
                    verdict: Outcome::Conditional,
                    why: format!(
                        "Only if the condition is met, and the question says part of it is not: \
                         {} (rule {}; condition: {cond}; source: {}).",
                        r.statement.trim_end_matches('.'),
                        r.id,
                        self.index.cite(&r.source)
                    ),
                    condition: Some(cond.to_owned()),
                },
                n,
            ))
        })
    }

    /// No profile: decide for each representative profile; one verdict if they agree,
    /// otherwise `conditional` with what it depends on.
    pub(super) fn decide_for_all(&self, hits: &[&Hit], a: &mut Answer) {
        let profiles = representative(hits, self.index, self.facts);
        let mut outcomes: Vec<(Profile, Judgement, DocRef)> = Vec::with_capacity(profiles.len());
        for p in profiles {
            let reasons = self.reasons(&p);
            let (j, n) = self.decide(hits, &p, &reasons);
            outcomes.push((p, j, hits[n].what));
        }
        let first = &outcomes[0].1;
        if outcomes.iter().all(|(_, j, _)| j.verdict == first.verdict) {
            // The match that decided comes first.
            if let Some(n) = a.matches.iter().position(|m| m.hit.what == outcomes[0].2) {
                let decided = a.matches.remove(n);
                a.matches.insert(0, decided);
            }
            a.verdict = first.verdict;
            a.answer = first.why.clone();
            a.conditions.extend(first.condition.clone());
            return;
        }
        let mut groups: Vec<(Outcome, Vec<&Profile>, Vec<DocRef>)> = Vec::new();
        for (p, j, d) in &outcomes {
            match groups.iter_mut().find(|g| g.0 == j.verdict) {
                Some(g) => {
                    g.1.push(p);
                    if !g.2.contains(d) {
                        g.2.push(*d);
                    }
                }
                None => groups.push((j.verdict, vec![p], vec![*d])),
            }
        }
        let dims = Dims::of(&outcomes.iter().map(|(p, _, _)| p).collect::<Vec<_>>());
        // Describe each group that is a clean slice of the profiles; the rest is "otherwise".
        let rank = |v: Outcome| match v {
            Outcome::OutOfScope => 0,
            Outcome::Conditional => 1,
            Outcome::InScope => 2,
            Outcome::NotCovered => 3,
        };
        let mut cases: Vec<(Case, &[DocRef])> = groups
            .iter()
            .map(|(v, ps, docs)| {
                let profile = dims
                    .describe(ps, self.index)
                    .unwrap_or_else(|| "otherwise".into());
                (
                    Case {
                        verdict: *v,
                        profile,
                    },
                    docs.as_slice(),
                )
            })
            .collect();
        cases.sort_by_key(|(c, _)| (c.profile == "otherwise", rank(c.verdict)));
        let summary: Vec<String> = cases
            .iter()
            .map(|(c, _)| format!("{} {}", c.verdict.words(), c.profile))
            .collect();
        let mut sources: Vec<String> = Vec::new();
        for (_, docs) in &cases {
            for d in docs.iter() {
                let s = self.statement(*d);
                if !sources.contains(&s) {
                    sources.push(s);
                }
                if let Some(c) = self.condition(*d)
                    && !a.conditions.contains(&c)
                {
                    a.conditions.push(c);
                }
            }
        }
        a.verdict = Outcome::Conditional;
        a.answer = format!(
            "It depends on the customer's profile: {}. {}",
            summary.join("; "),
            sources.join(" ")
        );
        a.conditions.extend(summary);
        a.depends = cases.into_iter().map(|(c, _)| c).collect();
    }
}
