//! `fasttrack scope`: is this in scope? A customer's question is reduced to terms (`words`),
//! ranked against the catalog's rules and items (`rank`), read for the facts it states
//! (`facts`), decided for the profile (`verdict`, over the profiles it depends on: `cases`)
//! and put into words (`explain`). Everything is derived from the catalog and the question;
//! nothing here imports from `cmd`.

pub mod cases;
pub mod explain;
pub mod facts;
pub mod rank;
pub mod verdict;
pub mod words;

pub use rank::ScopeIndex;

use crate::catalog::{Index, Text, Verdict};
use crate::engagement::applicability;
use crate::profile::Profile;
use explain::not_covered_text;
use facts::{forests_words, stated_forests};
use rank::{DocRef, Hit};
use serde::Serialize;
use verdict::Ctx;

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
