//! Scope questions, part two: the verdict. From the ranked rules and items and, when known,
//! the customer's profile: a holding out-of-scope rule wins; a conditional rule gives its
//! condition unless the profile settles it; an item is in scope when FastTrack owns it and it
//! applies, the customer's when the customer owns it; a weak match is "not covered", never a
//! guess. Without a profile the question is answered for representative profiles and the
//! answer says on what it depends.

use super::index::{DocRef, Hit, Query, ScopeIndex};
use crate::catalog::{Forests, Identity, Index, Owner, Text, Verdict, When};
use crate::engagement::{Reason, applicability};
use crate::profile::Profile;
use serde::Serialize;

/// Below this share of the question's weight, the best match does not answer the question.
pub const MIN_COVERAGE: f64 = 0.5;
/// The matched terms must together be at least this specific (their idf sum, as a share of
/// the idf of a term no entry uses): "configure it" matches half the catalog and answers
/// nothing.
pub const MIN_SPECIFICITY: f64 = 0.3;
/// A match may lack one word of the question the catalog never uses ("regular calls", "speed
/// up") only when it covers at least this share of the question's weight: an unknown word is
/// as likely the topic ("a discount on licences") as filler.
pub const MIN_TOLERANT_COVERAGE: f64 = 0.7;
/// Once the best match answers the question, others that match a good part of it stay in
/// the running (the AD FS item behind the multiple-forest rule, say): they decide when the
/// better ones do not hold for the profile.
pub const MIN_RELATED_COVERAGE: f64 = 0.25;
pub const MIN_RELATED_SCORE: f64 = 0.35;
/// A holding out-of-scope rule overrides a better-ranked match when it scores at least this
/// share of the best score.
pub const OUT_RULE_RATIO: f64 = 0.75;
/// An exclusion that always holds but matches no word its FastTrack neighbours lack still
/// speaks to the question when it scores this many times better than they do.
pub const SPECIFIC_RATIO: f64 = 1.5;
/// Matches considered for the verdict and shown.
pub const TOP: usize = 5;

/// The answer's verdict: a rule's three and "not covered".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    InScope,
    Conditional,
    OutOfScope,
    NotCovered,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::InScope => "in-scope",
            Outcome::Conditional => "conditional",
            Outcome::OutOfScope => "out-of-scope",
            Outcome::NotCovered => "not-covered",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Outcome::InScope => "in scope",
            Outcome::Conditional => "conditional",
            Outcome::OutOfScope => "out of scope",
            Outcome::NotCovered => "not covered",
        }
    }
}

impl From<Verdict> for Outcome {
    fn from(v: Verdict) -> Outcome {
        match v {
            Verdict::InScope => Outcome::InScope,
            Verdict::Conditional => Outcome::Conditional,
            Verdict::OutOfScope => Outcome::OutOfScope,
        }
    }
}

/// One rule or item that matched, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub kind: &'static str,
    pub id: Text,
    pub title: Text,
    /// A rule's own verdict; for an item, what it means for the profile (or profiles).
    pub verdict: Outcome,
    /// The source heading.
    pub section: Text,
    /// The source document and heading, in words.
    pub source: String,
    pub score: f64,
    #[serde(skip)]
    pub hit: Hit,
}

/// Where the answer depends on the profile: one verdict for one kind of profile.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub verdict: Outcome,
    /// "with multiple forests", "otherwise".
    pub profile: String,
}

/// The whole answer: one model for the table, the paragraph and the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub question: String,
    pub verdict: Outcome,
    pub answer: String,
    pub conditions: Vec<String>,
    pub matches: Vec<Match>,
    /// The profile answered for; `null`: every profile (see `depends`).
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends: Vec<Case>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// What one rule or item says for one profile.
#[derive(Debug, Clone, PartialEq)]
struct Judgement {
    verdict: Outcome,
    /// One sentence.
    why: String,
    condition: Option<String>,
}

struct Ctx<'a> {
    index: &'a Index,
    /// The forest topology the question states, which the answer takes over the profile's.
    forests: Option<Forests>,
    /// The rules among the matches: only these qualify an item (a limit on Outlook mobile
    /// says nothing about app protection asked on its own).
    rules: Vec<usize>,
}

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

/// Conditions of topology (forests, identity) say where a rule applies, not what the customer
/// must bring: a profile outside them is simply not what the rule is about.
fn is_topology(w: &When) -> bool {
    w.forests.is_some() || !w.identity.is_empty()
}

/// The forest topology the question itself states ("our three forests", "one forest"): the
/// vocabulary is the catalog's synonym groups whose first members are "multiple forests" and
/// "single forest"; a catalog without them states nothing.
fn stated_forests(scope: &ScopeIndex, q: &Query) -> Option<Forests> {
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

fn forests_words(f: Forests) -> &'static str {
    match f {
        Forests::Single => "a single forest",
        Forests::Multiple => "multiple forests",
    }
}

/// Answers `question`. `profile`: the customer's, or `None` to answer for every profile.
/// A forest topology the question states beats the profile's for this answer, and the answer
/// says so.
pub fn answer(
    index: &Index,
    scope: &ScopeIndex,
    question: &str,
    profile: Option<&Profile>,
) -> Answer {
    let q = scope.query(question);
    let mut notes = Vec::new();
    if q.truncated {
        notes.push(format!(
            "only the first {} distinct words of the question were used",
            q.distinct.len()
        ));
    }
    let mut a = Answer {
        question: question.to_owned(),
        verdict: Outcome::NotCovered,
        answer: String::new(),
        conditions: Vec::new(),
        matches: Vec::new(),
        profile: profile.map(Profile::summary),
        depends: Vec::new(),
        notes,
    };
    if q.distinct.is_empty() {
        a.answer = "The question has no searchable words, only common ones such as \"can\", \
                    \"you\" or \"set up\". Name the service, feature or task, for example \
                    \"can you configure the MDM authority?\"."
            .into();
        return a;
    }
    let stated = stated_forests(scope, &q);
    // The profile the answer is for: the customer's, with the topology the question states.
    let mut lead = None;
    let effective: Option<Profile> = match (profile, stated) {
        (Some(p), Some(f)) if p.forests != f => {
            lead = Some(format!(
                "Your question says {}; the profile says {}. With {}:",
                forests_words(f),
                forests_words(p.forests),
                forests_words(f)
            ));
            Some(Profile {
                forests: f,
                ..p.clone()
            })
        }
        (None, Some(f)) => {
            lead = Some(format!(
                "Your question says {}. With {}:",
                forests_words(f),
                forests_words(f)
            ));
            None
        }
        (p, _) => p.cloned(),
    };
    let profile = effective.as_ref();
    let hits = scope.search(&q);
    let floor = MIN_SPECIFICITY * scope.idf("\u{0}");
    // A match answers the question when it covers most of its weight, is specific enough and
    // lacks none of its topic terms the catalog knows: "migrate our mailboxes" is not answered
    // by a rule about mailbox policies, however well "mailbox" scores.
    let answers = |h: &Hit| {
        h.coverage >= MIN_COVERAGE
            && h.matched_idf >= floor
            && match h.missed.as_slice() {
                [] => true,
                [one] => q.unknown.contains(one) && h.coverage >= MIN_TOLERANT_COVERAGE,
                _ => false,
            }
    };
    let confident: Vec<&Hit> = match hits.iter().find(|h| answers(h)) {
        Some(top) => std::iter::once(top)
            .chain(hits.iter().filter(|h| {
                !std::ptr::eq(*h, top)
                    && h.matched_idf >= floor
                    && shares_term(h, top)
                    && (answers(h)
                        || (h.coverage >= MIN_RELATED_COVERAGE
                            && h.score >= MIN_RELATED_SCORE * top.score))
            }))
            .take(TOP)
            .collect(),
        None => Vec::new(),
    };
    let shown: Vec<&Hit> = if confident.is_empty() {
        hits.iter().take(3).collect()
    } else {
        confident.clone()
    };
    let cx = Ctx {
        index,
        forests: stated,
        rules: confident
            .iter()
            .filter_map(|h| match h.what {
                DocRef::Rule(i) => Some(i),
                DocRef::Item(_) => None,
            })
            .collect(),
    };
    a.matches = shown.iter().map(|h| cx.view(h, profile)).collect();
    if confident.is_empty() {
        a.answer = not_covered_text(&cx, &q, hits.first());
        return a;
    }
    match profile {
        Some(p) => {
            let reasons = applicability(index, p);
            let (j, n) = cx.decide(&confident, p, &reasons);
            // The match that decided comes first.
            let decided = a.matches.remove(n);
            a.matches.insert(0, decided);
            a.verdict = j.verdict;
            a.answer = j.why;
            a.conditions.extend(j.condition);
        }
        None => cx.decide_for_all(&confident, &mut a),
    }
    if let (Some(lead), Some(f)) = (lead, stated) {
        a.answer = format!("{lead} {}", a.answer);
        a.conditions
            .insert(0, format!("the question says {}", forests_words(f)));
    }
    a
}

/// Whether `h` matches one of the terms `top` matches (same topic, not just the same filler).
fn shares_term(h: &Hit, top: &Hit) -> bool {
    h.terms
        .iter()
        .any(|t| top.terms.iter().any(|u| u.term == t.term))
}

fn not_covered_text(cx: &Ctx, q: &Query, best: Option<&Hit>) -> String {
    let mut s = "The FastTrack EMS documents in the catalog do not cover this: nothing matches \
                 the question well enough. Do not promise it; check with the FastTrack team."
        .to_owned();
    if let Some(h) = best {
        let (id, title) = cx.names(h.what);
        s.push_str(&format!(
            " The closest entry, {id} \"{title}\", matches {:.0}% of the question.",
            h.coverage * 100.0
        ));
    }
    if !q.unknown.is_empty() {
        let shown: Vec<&str> = q.unknown.iter().take(5).map(String::as_str).collect();
        s.push_str(&format!(
            " Words the catalog never uses: {}.",
            shown.join(", ")
        ));
    }
    s
}

impl<'a> Ctx<'a> {
    fn names(&self, d: DocRef) -> (&'a str, &'a str) {
        let c = &self.index.catalog;
        match d {
            DocRef::Rule(i) => (&c.rules[i].id, &c.rules[i].title),
            DocRef::Item(i) => (&c.items[i].id, &c.items[i].title),
        }
    }

    fn view(&self, h: &Hit, profile: Option<&Profile>) -> Match {
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
                        let reasons = applicability(self.index, p);
                        self.judge_item(i, p, &reasons).verdict
                    }
                    None => {
                        let mut seen = Vec::new();
                        for p in representative(&[h], self.index, self.forests) {
                            let reasons = applicability(self.index, &p);
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

    /// Whether a FastTrack responsibility (an item FastTrack owns, a rule that is not an
    /// exclusion) is behind this match.
    fn is_fasttrack(&self, d: DocRef) -> bool {
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
    fn specific(&self, h: &Hit, hits: &[&Hit]) -> bool {
        let others: Vec<&&Hit> = hits.iter().filter(|o| self.is_fasttrack(o.what)).collect();
        let best = others.iter().map(|o| o.score).fold(0.0, f64::max);
        others.is_empty()
            || h.score >= SPECIFIC_RATIO * best
            || h.terms.iter().any(|t| {
                !others
                    .iter()
                    .any(|o| o.terms.iter().any(|u| u.term == t.term))
            })
    }

    /// Whether `h` lacks topic words of the question that another match in the running has:
    /// it answers a neighbouring question ("up to three SaaS apps" for "AD FS for our three
    /// forests") and must not decide, whether or not the better matches hold for the profile.
    fn off_topic(h: &Hit, hits: &[&Hit]) -> bool {
        !h.missed.is_empty()
            && hits.iter().any(|o| {
                !std::ptr::eq(*o, h)
                    && h.missed
                        .iter()
                        .all(|t| o.terms.iter().any(|u| &u.term == t))
            })
    }

    /// An exclusion that always holds (no `when`) but is not specific to the question.
    fn beside_the_point(&self, h: &Hit, hits: &[&Hit]) -> bool {
        let c = &self.index.catalog;
        let unconditional = match h.what {
            DocRef::Rule(i) => {
                c.rules[i].verdict == Verdict::OutOfScope && c.rules[i].when.is_empty()
            }
            DocRef::Item(i) => c.items[i].owner == Owner::Customer,
        };
        unconditional && !self.specific(h, hits)
    }

    /// The verdict for one profile, and which match decided it.
    fn decide(&self, hits: &[&Hit], p: &Profile, reasons: &[Option<Reason>]) -> (Judgement, usize) {
        let c = &self.index.catalog;
        let top = hits[0].score;
        // A holding out-of-scope rule that matches nearly as well as the best wins.
        for (n, h) in hits.iter().enumerate() {
            if let DocRef::Rule(i) = h.what {
                let r = &c.rules[i];
                if r.verdict == Verdict::OutOfScope
                    && h.score >= OUT_RULE_RATIO * top
                    && p.unmet(&r.when, &c.prerequisites).is_none()
                    && !Self::off_topic(h, hits)
                    && !self.beside_the_point(h, hits)
                {
                    return (self.judge_rule(i, p).expect("holds"), n);
                }
            }
        }
        let mut passed = None;
        // An item whose condition this profile does not meet answers only if no other match
        // applies.
        let mut unmet_item = None;
        for (n, h) in hits.iter().enumerate() {
            if Self::off_topic(h, hits) || self.beside_the_point(h, hits) {
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
        if let Some(found) = unmet_item {
            return found;
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

    /// What a rule says for a profile; `None`: an out-of-scope rule that does not hold, so it
    /// says nothing here.
    fn judge_rule(&self, i: usize, p: &Profile) -> Option<Judgement> {
        let c = &self.index.catalog;
        let r = &c.rules[i];
        let cite = self.index.cite(&r.source);
        let when = rule_when(c, r);
        let cond = r
            .condition
            .as_deref()
            .map(str::to_owned)
            .or_else(|| Some(when.describe()).filter(|s| !s.is_empty()));
        let stmt = r.statement.trim_end_matches('.');
        let unmet = p.unmet(&when, &c.prerequisites);
        let licence_unknown =
            p.licenses.is_none() && (when.min_licenses.is_some() || when.max_licenses.is_some());
        let j = |verdict: Outcome, lead: &str| Judgement {
            verdict,
            why: format!("{lead} {} (rule {}; source: {cite}).", stmt, r.id),
            condition: cond.clone(),
        };
        Some(match (r.verdict, unmet) {
            (Verdict::OutOfScope, None) => j(Outcome::OutOfScope, "No."),
            (Verdict::OutOfScope, Some(_)) => return None,
            (Verdict::Conditional, _) if licence_unknown => {
                j(Outcome::Conditional, "It depends on the licence count.")
            }
            // The profile cannot settle the condition (a limit, a topology's requirement).
            (Verdict::Conditional, None) if when.is_empty() || is_topology(&when) => j(
                Outcome::Conditional,
                &format!(
                    "Yes, under a condition: {}.",
                    cond.as_deref().unwrap_or("see the rule")
                ),
            ),
            (Verdict::Conditional, None) => j(
                Outcome::InScope,
                "Yes: this profile meets the rule's condition.",
            ),
            (Verdict::Conditional, Some(_)) if is_topology(&when) => return None,
            (Verdict::Conditional, Some(why)) => Judgement {
                verdict: Outcome::OutOfScope,
                why: format!(
                    "Not for this profile ({why}). {} (rule {}; source: {cite}).",
                    stmt, r.id
                ),
                condition: cond.clone(),
            },
            (Verdict::InScope, None) => j(Outcome::InScope, "Yes."),
            (Verdict::InScope, Some(why)) => Judgement {
                verdict: Outcome::Conditional,
                why: format!(
                    "Only under a condition this profile does not meet ({why}). {} (rule {}; \
                     source: {cite}).",
                    stmt, r.id
                ),
                condition: Some(why),
            },
        })
    }

    fn judge_item(&self, i: usize, p: &Profile, reasons: &[Option<Reason>]) -> Judgement {
        let c = &self.index.catalog;
        let it = &c.items[i];
        let cite = self.index.cite(&it.source);
        if it.owner == Owner::Customer {
            return Judgement {
                verdict: Outcome::OutOfScope,
                why: format!(
                    "No: this is the customer's responsibility: \"{}\" ({}; source: {cite}). \
                     FastTrack can advise, the customer does it.",
                    it.title, it.id
                ),
                condition: None,
            };
        }
        match &reasons[i] {
            // A conditional rule about this item (a limit, a subscription) qualifies it.
            None if let Some(j) = c.rules.iter().enumerate().find_map(|(n, r)| {
                (r.verdict == Verdict::Conditional
                    && r.items.contains(&it.id)
                    && self.rules.contains(&n))
                .then(|| self.judge_rule(n, p))
                .flatten()
                .filter(|j| j.verdict != Outcome::InScope)
            }) =>
            {
                j
            }
            None => {
                let mut why = format!(
                    "Yes: FastTrack guides this: \"{}\" ({}; source: {cite}).",
                    it.title, it.id
                );
                if let Some(o) = &it.optional {
                    why.push_str(&format!(" The source hedges it: {o}."));
                }
                let cond = it.when.describe();
                Judgement {
                    verdict: Outcome::InScope,
                    why,
                    condition: Some(cond).filter(|s| !s.is_empty()),
                }
            }
            Some(reason @ Reason::ExcludedBy { .. }) => Judgement {
                verdict: Outcome::OutOfScope,
                why: format!(
                    "No, for this profile: \"{}\" ({}) is {reason}. Source: {cite}.",
                    it.title, it.id
                ),
                condition: None,
            },
            Some(reason) => Judgement {
                verdict: Outcome::Conditional,
                why: format!(
                    "Only under a condition this profile does not meet ({reason}): \"{}\" ({}; \
                     source: {cite}).",
                    it.title, it.id
                ),
                condition: Some(reason.to_string()),
            },
        }
    }

    /// No profile: decide for each representative profile; one verdict if they agree,
    /// otherwise `conditional` with what it depends on.
    fn decide_for_all(&self, hits: &[&Hit], a: &mut Answer) {
        let profiles = representative(hits, self.index, self.forests);
        let mut outcomes: Vec<(Profile, Judgement, DocRef)> = Vec::with_capacity(profiles.len());
        for p in profiles {
            let reasons = applicability(self.index, &p);
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

    /// What a rule or item says, with its source, as one sentence.
    fn statement(&self, d: DocRef) -> String {
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
    fn condition(&self, d: DocRef) -> Option<String> {
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

/// The profile facts the matched rules and items (and the rules excluding those items)
/// depend on, and one profile per combination of them; `forests`: the topology the question
/// states, the only one then.
fn representative(hits: &[&Hit], index: &Index, forests: Option<Forests>) -> Vec<Profile> {
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
    let identities: Vec<Identity> = if whens.iter().any(|w| !w.identity.is_empty()) {
        Identity::ALL.to_vec()
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
    let prereq_sets: Vec<Vec<String>> = if prereqs.is_empty() {
        vec![Vec::new()]
    } else {
        vec![Vec::new(), prereqs]
    };
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

/// The values each profile fact takes across the representative profiles.
struct Dims {
    forests: Vec<Forests>,
    identity: Vec<Identity>,
    prereqs: Vec<Vec<String>>,
    licences: Vec<Option<u32>>,
}

impl Dims {
    fn of(ps: &[&Profile]) -> Dims {
        let mut d = Dims {
            forests: Vec::new(),
            identity: Vec::new(),
            prereqs: Vec::new(),
            licences: Vec::new(),
        };
        d.collect(ps);
        d
    }

    fn collect(&mut self, ps: &[&Profile]) {
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
    fn describe(&self, group: &[&Profile], index: &Index) -> Option<String> {
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

/// `scope --list`: every rule with its verdict, in catalog order.
#[derive(Debug, Clone, Serialize)]
pub struct RuleLine {
    pub id: Text,
    pub verdict: Outcome,
    pub title: Text,
    pub statement: Text,
    pub condition: Option<Text>,
    pub section: Text,
    pub source: String,
}

pub fn list(index: &Index) -> Vec<RuleLine> {
    index
        .catalog
        .rules
        .iter()
        .map(|r| RuleLine {
            id: r.id.clone(),
            verdict: r.verdict.into(),
            title: r.title.clone(),
            statement: r.statement.clone(),
            condition: r.condition.clone(),
            section: r.section.clone(),
            source: index.cite(&r.source),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Index, load::check_text};

    const YAML: &str = r#"
catalog:
  id: t
  title: T
  version: "1"
  sources: [{ id: d, title: Doc, file: d.md }]
phases: [{ id: enable, name: Enable }]
synonyms: [[ad fs, adfs]]
sections:
  - { id: s, phase: enable, name: S, owner: fasttrack, source: { doc: d, heading: H } }
  - { id: c, phase: enable, name: C, owner: customer, source: { doc: d, heading: Yours } }
items:
  - { id: s.adfs, section: s, title: Deploy AD FS, when: { identity: [federated] } }
  - { id: s.mfa, section: s, title: Configure MFA }
  - { id: c.licences, section: c, title: Buy the licences }
  - { id: s.a, section: s, title: Enrol iOS devices }
  - { id: s.b, section: s, title: Enrol Android devices }
  - { id: s.c, section: s, title: Create compliance policies }
  - { id: s.d, section: s, title: Register Autopilot devices }
  - { id: s.e, section: s, title: Connect the VPP token }
  - { id: s.f, section: s, title: Set the MDM authority }
rules:
  - id: adfs-multi
    verdict: out-of-scope
    title: No AD FS with multiple forests
    statement: No AD FS with multiple forests.
    when: { forests: multiple }
    excludes: [s.adfs]
    keywords: [ad fs, forests]
    source: { doc: d, heading: H }
"#;

    fn index() -> Index {
        Index::new(check_text(std::path::Path::new("t.yaml"), YAML).unwrap())
    }

    fn ask(q: &str, p: Option<&Profile>) -> Answer {
        let i = index();
        let s = ScopeIndex::new(&i.catalog);
        answer(&i, &s, q, p)
    }

    #[test]
    fn verdicts_follow_owner_and_profile() {
        assert_eq!(ask("configure MFA", None).verdict, Outcome::InScope);
        assert_eq!(ask("buy licences", None).verdict, Outcome::OutOfScope);
        let multi = Profile {
            forests: Forests::Multiple,
            identity: Identity::Federated,
            ..Profile::default()
        };
        assert_eq!(ask("adfs", Some(&multi)).verdict, Outcome::OutOfScope);
        let single = Profile {
            identity: Identity::Federated,
            ..Profile::default()
        };
        assert_eq!(ask("adfs", Some(&single)).verdict, Outcome::InScope);
        assert_eq!(
            ask("adfs", Some(&Profile::default())).verdict,
            Outcome::Conditional
        );
    }

    #[test]
    fn without_a_profile_the_answer_says_what_it_depends_on() {
        let a = ask("AD FS for our forests", None);
        assert_eq!(a.verdict, Outcome::Conditional);
        assert!(
            a.depends
                .iter()
                .any(|c| c.verdict == Outcome::OutOfScope && c.profile == "with multiple forests"),
            "{a:#?}"
        );
    }

    #[test]
    fn weak_or_empty_matches_are_not_covered() {
        assert_eq!(
            ask("migrate our mailboxes", None).verdict,
            Outcome::NotCovered
        );
        let a = ask("can you do it for us", None);
        assert_eq!(a.verdict, Outcome::NotCovered);
        assert!(a.answer.contains("no searchable words"));
    }
}
