//! `fasttrack scope`: is this in scope? A customer's question is reduced to terms (`words`),
//! ranked against the catalog's rules and items (`rank`), read for the facts it states
//! (`facts`), decided for the profile (`verdict`, each entry's say in `judgement`, over the
//! profiles it depends on: `cases`, the line between guidance and the customer's work:
//! `boundary`) and put into words (`explain`). Everything is derived from the catalog and the
//! question; nothing here imports from `cmd`.

pub mod beyond;
pub mod boundary;
pub mod cases;
pub mod count;
pub mod explain;
pub mod facts;
pub mod judgement;
pub mod language;
pub mod prebuilt;
pub mod rank;
pub mod verdict;
pub mod words;

pub use rank::ScopeIndex;

use crate::catalog::{Index, Text, Verdict};
use crate::profile::Profile;
use boundary::Ask;
use explain::{beyond_text, not_covered_text};
use facts::Facts;
use rank::{DocRef, Hit, listed};
use serde::Serialize;
use verdict::Judge;

/// The longest question `scope` takes, in characters (a longer one is a usage error).
pub const MAX_QUESTION_CHARS: usize = 2_000;

/// Below this share of the question's weight, the best match does not answer the question.
pub const MIN_COVERAGE: f64 = 0.5;
/// The matched terms must together be at least this specific (their idf sum, as a share of
/// the idf of a term no entry uses): "configure it" matches half the catalog and answers
/// nothing.
pub const MIN_SPECIFICITY: f64 = 0.3;
/// A match covering this share of the question answers it even if it lacks a word of it
/// the catalog knows ("Azure AD" beside an Azure AD Premium item).
pub const MIN_FULL_COVERAGE: f64 = 0.6;
/// A match lacking no word of the question is preferred to a better-scored one that lacks
/// some, if it scores at least this share of it.
pub const FULL_MATCH_RATIO: f64 = 0.5;
/// A match that covers this share of the question, lacks none of its words and needed no
/// correction answers with high confidence.
pub const HIGH_COVERAGE: f64 = 0.75;
/// Below `MIN_COVERAGE`, a match among the best five that still holds this share of the
/// question's weight, and matched words as specific as `MIN_WEAK_SPECIFICITY` rare words,
/// answers at low confidence: the topic is known, the question only says more than the
/// catalog does (context, chat, a reason: "so ppl stop calling the helpdesk"). Words of the
/// question the match lacks lower its confidence, they do not veto it.
pub const MIN_WEAK_COVERAGE: f64 = 0.3;
/// A weak match that holds two of the question's words side by side, as the question has
/// them ("MDM authority", "seamless SSO"), needs only this share of the question: the pair
/// names the topic, the rest is context ("first time doing this"). So does a name of several
/// words the catalog knows as one in the entry's title ("App Proxy", "dynamic groups", "ATA"; not
/// a version, "Windows 10").
pub const MIN_PAIR_COVERAGE: f64 = 0.2;
/// A synonym group's one-word term ("ATA" for "Advanced Threat Analytics") names an entry when it
/// is at least this rare (a common one, "device" for "laptop", does not).
pub const NAME_IDF: f64 = 4.0;

/// Whether a matched term is a name of several words in the entry's title, not a version.
fn names_entry(t: &rank::TermScore, analyzer: &words::Analyzer) -> bool {
    (t.term.contains('_') || (analyzer.is_synonym(&t.term) && t.idf >= NAME_IDF))
        && !t.term.bytes().any(|b| b.is_ascii_digit())
        && t.fields.iter().any(|(f, _)| f == "title")
}

/// The matched words' idf sum a weak match needs, as a share of a word no entry uses.
pub const MIN_WEAK_SPECIFICITY: f64 = 0.8;
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

/// How far the answer can be trusted: how much of the question the deciding entries cover,
/// and whether words had to be corrected or were unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

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
    pub confidence: Confidence,
    pub answer: String,
    /// The facts read from the question, in words ("multiple forests", "100 licences").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
    /// Misspelt words read as catalog words ("autpilot" as "autopilot").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrected: Vec<String>,
    /// Words of the question the catalog never uses (as written).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_words: Vec<String>,
    pub conditions: Vec<String>,
    pub matches: Vec<Match>,
    /// The profile answered for; `null`: every profile (see `depends`).
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends: Vec<Case>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The neighbouring topic the question names, which the sources do not cover (the
    /// catalog's `beyond` list); the verdict is then `not-covered`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beyond: Option<Neighbour>,
}

/// A neighbouring topic the sources do not cover, as the answer names it.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    pub id: Text,
    pub name: Text,
}

/// Answers `question`. `profile`: the customer's, or `None` to answer for every profile.
/// The facts the question states (forests, licences, versions, prerequisites it has or
/// lacks) beat the profile's for this answer, and the answer says which it read.
pub fn answer(
    index: &Index,
    scope: &ScopeIndex,
    question: &str,
    profile: Option<&Profile>,
) -> Answer {
    let mut q = scope.query(question);
    let mut notes = Vec::new();
    if q.truncated {
        notes.push(format!(
            "only the first {} distinct words of the question were used",
            q.distinct.len()
        ));
    }
    let facts = Facts::read(scope, &q, question, &index.catalog.prerequisites);
    let mut a = Answer {
        question: question.to_owned(),
        verdict: Outcome::NotCovered,
        confidence: Confidence::Low,
        answer: String::new(),
        facts: facts.describe(index),
        corrected: q
            .corrections
            .iter()
            .map(|c| format!("{} (read as {})", c.written, c.read_as))
            .collect(),
        unknown_words: q.unknown_words.clone(),
        conditions: Vec::new(),
        matches: Vec::new(),
        profile: profile.map(Profile::summary),
        depends: Vec::new(),
        notes,
        beyond: None,
    };
    if q.distinct.is_empty() {
        a.answer = "The question has no searchable words, only common ones such as \"can\", \
                    \"you\" or \"set up\". Name the service, feature or task, for example \
                    \"can you configure the MDM authority?\"."
            .into();
        return a;
    }
    // The profile the answer is for: the customer's, with the facts the question states.
    let effective: Option<Profile> = profile.map(|p| facts.apply(p));
    let lead = facts.lead(profile, effective.as_ref(), index);
    let profile = effective.as_ref();
    // What a clause denies ("not an on-prem server") is not what the question asks about.
    // Nor is the purpose it gives ("so ppl stop calling the helpdesk"), unless that is all.
    // Nor is who it is for ("for our admins").
    let aside = |t: &String| {
        facts.denied_terms.contains(t)
            || facts.purpose_terms.contains(t)
            || facts.beneficiary_terms.contains(t)
    };
    if q.distinct.iter().any(|t| !aside(t)) {
        q.distinct.retain(|t| !aside(t));
        q.topic.retain(|t| !aside(t));
    }
    let hits = scope.search(&q);
    let floor = MIN_SPECIFICITY * scope.idf("\u{0}");
    // A match answers the question when it covers most of its weight, is specific enough and
    // lacks none of its topic terms the catalog knows: "migrate our mailboxes" is not answered
    // by a rule about mailbox policies, however well "mailbox" scores. Words the catalog
    // never uses only lower the coverage.
    let answers = |h: &Hit| {
        h.matched_idf >= floor
            && (h.coverage >= MIN_FULL_COVERAGE
                || (h.coverage >= MIN_COVERAGE && h.missed.is_empty()))
    };
    // A chatty question ("so ppl stop calling the helpdesk") says more than any entry: the
    // best match that still holds a rare word's worth of the question answers, weakly.
    let weak = |h: &Hit| {
        h.matched_idf >= floor
            && ((h.coverage >= MIN_WEAK_COVERAGE
                && h.matched_idf >= MIN_WEAK_SPECIFICITY * scope.idf("\u{0}"))
                || (h.coverage >= MIN_PAIR_COVERAGE
                    && (!h.pairs.is_empty()
                        || h.terms.iter().any(|t| names_entry(t, &scope.analyzer)))))
    };
    // Among the matches that answer, the best that lacks no word of the question, unless it
    // scores far below the best ("MFA for all our users": the MFA item, not the rule about
    // enrolling all users that lacks "MFA").
    let answering: Vec<&Hit> = hits.iter().filter(|h| answers(h)).take(2 * TOP).collect();
    let first = answering.first().map(|h| h.score).unwrap_or(0.0);
    let full = answering
        .iter()
        .find(|h| h.missed.is_empty() && h.score >= FULL_MATCH_RATIO * first);
    let (top, confidence) = match full.or(answering.first()).copied() {
        Some(top) => {
            let clean = q.corrections.is_empty()
                && q.unknown_words
                    .iter()
                    .all(|w| w.bytes().all(|b| b.is_ascii_digit()));
            let c = if top.coverage >= HIGH_COVERAGE && clean {
                Confidence::High
            } else {
                Confidence::Medium
            };
            (Some(top), c)
        }
        None => (hits.iter().take(TOP).find(|h| weak(h)), Confidence::Low),
    };
    let mut confident: Vec<&Hit> = match top {
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
    // A licence count the question or the profile gives settles eligibility for whatever is
    // asked: below the threshold, the exclusion that turns on it is the answer ("we have 140
    // EMS licences, can you help us onboard Intune?"), if the question touches it at all.
    let licences = facts.licenses.or(profile.and_then(|p| p.licenses));
    let c = &index.catalog;
    let ineligible = licences.and_then(|n| {
        c.rules.iter().position(|r| {
            r.verdict == Verdict::OutOfScope
                && (r.when.max_licenses.is_some_and(|m| n < m)
                    || r.when.min_licenses.is_some_and(|m| n >= m))
        })
    });
    // The exclusion as ranked, or, if no word of the question reached it, unranked.
    let unranked = ineligible
        .filter(|&i| !hits.iter().any(|h| h.what == DocRef::Rule(i)))
        .map(|i| Hit::unranked(DocRef::Rule(i)));
    if let (Some(i), false) = (ineligible, confident.is_empty()) {
        let h = hits
            .iter()
            .find(|h| h.what == DocRef::Rule(i))
            .or(unranked.as_ref());
        if let Some(h) = h
            && !confident.iter().any(|o| std::ptr::eq(*o, h))
        {
            confident.insert(0, h);
            confident.truncate(TOP);
        }
    }
    let shown: Vec<&Hit> = if confident.is_empty() {
        hits.iter().take(3).collect()
    } else {
        confident.clone()
    };
    let judge = Judge {
        index,
        facts: &facts,
        asked: q.distinct.clone(),
        stems: words::words(question).iter().map(|w| words::stem(w)).collect(),
        licences_known: profile.is_some_and(|p| p.licenses.is_some()),
        applicable: Default::default(),
        alternatives: hits
            .iter()
            .take(4 * TOP)
            .filter(|h| {
                h.missed.is_empty()
                    && h.matched_idf >= floor
                    && matches!(h.what, DocRef::Item(i) if index.catalog.items[i].owner == crate::catalog::Owner::Fasttrack)
            })
            .collect(),
        analyzer: &scope.analyzer,
        plain: q
            .actions
            .iter()
            .filter(|t| !words::SCALE_WORDS.iter().any(|w| words::stem(w) == **t))
            .cloned()
            .chain(facts.has_terms.iter().cloned())
            .chain(facts.denied_terms.iter().cloned())
            .collect(),
        rules: confident
            .iter()
            .filter_map(|h| match h.what {
                DocRef::Rule(i) => Some(i),
                DocRef::Item(_) => None,
            })
            .collect(),
    };
    a.matches = shown.iter().map(|h| judge.view(h, profile)).collect();
    // A question about money ("a discount on our licences", "what does E3 cost") is answered
    // only by an entry that speaks of it: the documents say nothing about prices.
    let money: Vec<String> = words::MONEY_WORDS
        .iter()
        .map(|w| words::stem(w))
        .filter(|t| q.distinct.contains(t))
        .collect();
    let unpriced = !money.is_empty()
        && confident
            .first()
            .is_none_or(|h| !h.terms.iter().any(|t| listed(&money, &t.term)));
    // A language the question asks help in is answered by the rule that lists the languages
    // offered, whatever else matches: yes if it lists it, no otherwise ("in Cantonese").
    if language::answer(&judge, question, profile, &mut a) {
        return a;
    }
    // A neighbour the sources never mention ("migrate our mailboxes", "Sentinel") is the
    // question's subject, whatever else of it an entry matches; unless an exclusion rule
    // answers what is asked of it ("decommission our old MobileIron servers"): that "no",
    // with its source, says more.
    let neighbour = beyond::named(&index.catalog, &scope.analyzer, question, &q.sequence);
    let beyond_answer = |a: &mut Answer, b: &crate::catalog::Beyond, confidence| {
        a.verdict = Outcome::NotCovered;
        a.confidence = confidence;
        a.answer = beyond_text(b, &judge, hits.first());
        a.conditions.clear();
        a.depends.clear();
        a.beyond = Some(Neighbour {
            id: b.id.clone(),
            name: b.name.clone(),
        });
    };
    if let (Some((b, _)), true) = (&neighbour, confident.is_empty()) {
        beyond_answer(&mut a, b, Confidence::High);
        return a;
    }
    if confident.is_empty() || unpriced {
        a.answer = not_covered_text(&judge, &q, hits.first());
        if unpriced {
            a.answer.push_str(
                " The documents say nothing about prices, discounts, bills or refunds: those \
                 are for the Microsoft account team or the reseller.",
            );
        }
        return a;
    }
    a.confidence = confidence;
    match profile {
        Some(p) => {
            let reasons = judge.reasons(p);
            let (j, n) = judge.decide(&confident, p, &reasons);
            // The match that decided comes first.
            let decided = a.matches.remove(n);
            a.matches.insert(0, decided);
            a.verdict = j.verdict;
            a.answer = j.why;
            a.conditions.extend(j.condition);
        }
        None => judge.decide_for_all(&confident, &mut a),
    }
    // A count the question gives against the limit a matched rule names is a fact it read.
    for m in &a.matches {
        if let DocRef::Rule(i) = m.hit.what
            && let Some((most, of)) = index.catalog.rules[i]
                .condition
                .as_deref()
                .and_then(|c| count::limit(&scope.analyzer, c))
            && let Some(n) = count::stated(&facts.counts, &of)
        {
            a.facts
                .push(format!("a count of {n}, where the rule names up to {most}"));
            break;
        }
    }
    judge.settle_boundary(&mut a, Ask::read(question));
    let by_exclusion = neighbour
        .as_ref()
        .is_some_and(|(_, phrase)| beyond::excluded(index, &a, &hits, &q, phrase));
    if let Some((b, _)) = neighbour.as_ref().filter(|_| !by_exclusion) {
        beyond_answer(&mut a, b, Confidence::Medium);
        return a;
    }
    if a.confidence == Confidence::Low {
        a.answer = format!(
            "A weak match: the catalog knows the topic but not all the question says; check the \
             entries below. {}",
            a.answer
        );
    }
    if let Some(lead) = lead {
        a.answer = format!("{lead} {}", a.answer);
    }
    a.conditions.splice(0..0, facts.conditions(index));
    a
}

/// Whether `h` matches one of the terms `top` matches (same topic, not just the same filler).
fn shares_term(h: &Hit, top: &Hit) -> bool {
    h.terms
        .iter()
        .any(|t| top.terms.iter().any(|u| u.term == t.term))
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
    use crate::catalog::{Forests, Identity};
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
