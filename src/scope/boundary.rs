//! Scope questions, the boundary between FastTrack's guidance and the customer's own work:
//! FastTrack guides remotely and works with test users; doing the work across the estate is
//! the customer's. When a "yes" (a FastTrack task) and a "no" (a customer duty, an exclusion)
//! both match, what the question asks of FastTrack decides: guidance ("can you guide us",
//! "which ports do we open") keeps the "yes", the work itself ("log into our firewall and
//! open the ports for us", "who configures ...") is the customer's, and a question that says
//! neither gets `conditional` naming both sides.

use super::rank::{DocRef, listed};
use super::verdict::Judge;
use super::words::words;
use super::{Answer, Confidence, Match, Outcome};
use crate::catalog::{Owner, Verdict};

/// What the question asks of FastTrack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Advice, a walk-through, an answer ("can you guide us", "how do we", "which ports").
    Guidance,
    /// The work done for the customer ("for us", "on our behalf", "log into our firewall").
    Work,
    /// Whose work it is ("who configures ...", "who is responsible for ...", "or do we?").
    Whose,
    /// Neither is said ("will you set up X?").
    Unsaid,
}

/// Words asking for advice or a walk-through.
const GUIDANCE: &[&str] = &[
    "guide",
    "guiding",
    "guidance",
    "advise",
    "advice",
    "advising",
    "recommend",
    "recommendation",
    "recommendations",
    "explain",
    "show",
    "walk",
    "assist",
    "assistance",
    "help",
    "helping",
    "review",
    "coach",
    "how",
    "which",
    "what",
    "whats",
];

/// Verbs of doing that, after "who", ask whose work something is.
const DOING: &[&str] = &[
    "configures",
    "configure",
    "fixes",
    "fix",
    "does",
    "do",
    "installs",
    "install",
    "builds",
    "build",
    "performs",
    "perform",
    "makes",
    "make",
    "sets",
    "implements",
    "deploys",
    "opens",
    "changes",
    "runs",
    "handles",
    "signs",
    "leads",
    "writes",
    "enrolls",
    "enrols",
    "uploads",
    "registers",
    "buys",
    "pays",
];

impl Ask {
    /// Reads what `question` asks of FastTrack.
    pub fn read(question: &str) -> Ask {
        let w = words(question);
        let at = |i: usize, s: &str| w.get(i).is_some_and(|x| x == s);
        let whose = w.iter().enumerate().any(|(i, x)| match x.as_str() {
            // "who configures", "who actually fixes", "who is responsible for".
            "who" => w[i + 1..]
                .iter()
                .take(3)
                .any(|y| DOING.contains(&y.as_str()) || y == "responsible"),
            // "..., or do we?"
            "or" => at(i + 1, "do") && at(i + 2, "we"),
            _ => false,
        });
        let work = w.iter().enumerate().any(|(i, x)| match x.as_str() {
            // "for us", "for our whole company" is scale, not work.
            "for" => at(i + 1, "us"),
            "behalf" => i > 0 && at(i - 1, "our"),
            "log" | "logon" | "remote" => at(i + 1, "into") || at(i + 1, "in"),
            "login" => at(i + 1, "to"),
            "hands" => at(i + 1, "on"),
            "yourselves" => true,
            _ => false,
        });
        if whose {
            Ask::Whose
        } else if work {
            Ask::Work
        } else if w.iter().any(|x| GUIDANCE.contains(&x.as_str())) {
            Ask::Guidance
        } else {
            Ask::Unsaid
        }
    }
}

/// Whether `d` is a duty of the customer's or an exclusion that always holds (no `when`).
pub(super) fn always_holds(index: &crate::catalog::Index, d: DocRef) -> bool {
    let c = &index.catalog;
    match d {
        DocRef::Item(i) => c.items[i].owner == Owner::Customer,
        DocRef::Rule(i) => c.rules[i].verdict == Verdict::OutOfScope && c.rules[i].when.is_empty(),
    }
}

/// A match on the other side of the answer's verdict sharing its topic scores at least this
/// share of the deciding match: the question straddles the boundary between them.
pub const BOUNDARY_RATIO: f64 = 0.6;

impl<'a> Judge<'a> {
    /// The match on the other side of the answer's verdict that shares a topic word with the
    /// deciding one: a customer duty or exclusion beside a "yes", a FastTrack task beside a
    /// "no".
    fn other_side<'m>(&self, a: &'m Answer) -> Option<&'m Match> {
        let decided = a.matches.first()?;
        let shares = |m: &Match| {
            m.hit.terms.iter().any(|t| {
                !listed(&self.plain, &t.term) && decided.hit.terms.iter().any(|u| u.term == t.term)
            })
        };
        a.matches.iter().skip(1).find(|m| {
            shares(m)
                && match a.verdict {
                    Outcome::OutOfScope => m.verdict == Outcome::InScope,
                    Outcome::InScope => m.verdict == Outcome::OutOfScope,
                    _ => false,
                }
        })
    }

    /// Whether `d` is a duty of the customer's or an exclusion that always holds: the work
    /// side of a boundary.
    fn is_duty(&self, d: DocRef) -> bool {
        always_holds(self.index, d)
    }

    /// Settles a "yes" that a customer duty nearly matches as well, by what the question asks
    /// (see `Ask`), and names the other side of the boundary in the answer.
    pub(super) fn settle_boundary(&self, a: &mut Answer, ask: Ask) {
        let whose_question = ask == Ask::Whose && a.verdict == Outcome::InScope;
        let Some(other) = self.other_side(a) else {
            // "Who configures the MDM authority?": FastTrack guides, the customer does it.
            if whose_question {
                a.verdict = Outcome::Conditional;
                a.conditions
                    .push("FastTrack guides; the customer does the work".into());
                a.answer = format!(
                    "{} The question asks whose work it is: FastTrack guides it remotely; \
                     carrying it out is the customer's.",
                    a.answer
                );
            }
            return;
        };
        let s = self.statement(other.hit.what);
        let decided = &a.matches[0];
        // A weak answer whose other side covers as much of the question, each holding a word
        // the other lacks: the evidence picks no side, so the answer names both.
        let holds = |m: &Match, n: &Match| {
            n.hit
                .missed
                .iter()
                .any(|t| m.hit.terms.iter().any(|u| &u.term == t))
        };
        if a.confidence == Confidence::Low
            && other.hit.coverage >= decided.hit.coverage
            && holds(other, decided)
            && holds(decided, other)
        {
            a.verdict = Outcome::Conditional;
            a.conditions
                .push("which of the two closest entries the question is about".into());
            a.answer = format!(
                "{} As close, on the other side: {s} Confirm which one the question means.",
                a.answer
            );
            return;
        }
        let duty = a.verdict == Outcome::InScope && self.is_duty(other.hit.what);
        let close = duty && other.hit.score >= BOUNDARY_RATIO * decided.hit.score;
        let whose = match other.hit.what {
            DocRef::Item(i) if self.index.catalog.items[i].owner == Owner::Customer => {
                "the customer's job"
            }
            _ => "outside FastTrack's part",
        };
        let text = if a.verdict == Outcome::OutOfScope {
            format!("What FastTrack does guide nearby: {s}")
        } else if whose_question && close {
            a.verdict = Outcome::OutOfScope;
            a.conditions
                .push("the customer does the work; FastTrack guides it".into());
            format!(
                "But the question asks whose work it is, and that is {whose}: {s} FastTrack \
                 gives remote guidance; it does not do the customer's work."
            )
        } else if whose_question || (close && ask == Ask::Work) {
            a.verdict = Outcome::Conditional;
            a.conditions
                .push("FastTrack guides; the customer does the work".into());
            format!(
                "It depends on what is asked: guidance is FastTrack's, the work itself is \
                 {whose}: {s}"
            )
        } else {
            format!("The boundary, {whose}: {s}")
        };
        a.answer = format!("{} {text}", a.answer);
    }
}

#[cfg(test)]
mod tests {
    use super::Ask;

    #[test]
    fn guidance_work_or_neither_is_read() {
        for (question, asked) in [
            (
                "which firewall ports do we open? can you guide us",
                Ask::Guidance,
            ),
            (
                "Will your engineer log into our firewall and open the ports for us?",
                Ask::Work,
            ),
            ("Who actually configures the firewall ports?", Ask::Whose),
            ("will your team make the fixes, or do we?", Ask::Whose),
            ("will you set up conditional access?", Ask::Unsaid),
        ] {
            assert_eq!(Ask::read(question), asked, "{question}");
        }
    }
}
