//! Scope questions, what one rule or item says for one profile: a rule's verdict with its
//! condition settled by the profile and the question's facts (a stated version, a condition
//! that excepts what is asked), an item's by its owner, its applicability and the conditional
//! rules about it among the matches.

use super::Outcome;
use super::count;
use super::facts::{names_versions, versions};
use super::rank::listed;
use super::verdict::{Judge, Judgement, is_topology, rule_when, topology};
use super::words::{stem, words};
use crate::catalog::{Owner, Verdict};
use crate::engagement::Reason;
use crate::profile::Profile;

/// Words of a condition's cases that name no case ("for hybrid join, and for ...").
const CASE_FILLER: &[&str] = &["and", "for", "or", "the", "with", "later"];

impl<'a> Judge<'a> {
    /// Whether a condition excepts something the question names: the words after "other
    /// than", "except", "not" or "without" in it are all among the question's terms.
    pub(super) fn excepted(&self, condition: &str) -> bool {
        self.exception(condition).is_some()
    }

    /// The terms of what a condition excepts ("other than password writeback"), when the
    /// question names all of them.
    fn exception(&self, condition: &str) -> Option<Vec<String>> {
        let lower = condition.to_lowercase();
        ["other than ", "except ", "not ", "without "]
            .iter()
            .find_map(|cue| {
                lower.split(cue).skip(1).find_map(|rest| {
                    let rest = rest.split([',', ';', '.']).next().unwrap_or("");
                    let terms = self.analyzer.terms(rest, 20);
                    (!terms.is_empty() && terms.iter().all(|t| self.asked.contains(t)))
                        .then_some(terms)
                })
            })
    }

    /// Whether an exclusion is about the other cases than the one the question names: its
    /// condition excepts what the question names, and it matches nothing of the question
    /// beyond that exception, its condition and verbs of doing ("password writeback with two
    /// forests" against "no other writeback across forests"; not "... but also group
    /// writeback").
    pub(super) fn excepts_the_question(&self, h: &super::rank::Hit) -> bool {
        let super::rank::DocRef::Rule(i) = h.what else {
            return false;
        };
        let cond = self.index.catalog.rules[i]
            .condition
            .as_deref()
            .unwrap_or("");
        let Some(exception) = self.exception(cond) else {
            return false;
        };
        let condition = self.analyzer.terms(cond, 50);
        h.terms.iter().all(|t| {
            listed(&exception, &t.term)
                || listed(&condition, &t.term)
                || listed(&self.plain, &t.term)
                || listed(&self.facts.context_terms, &t.term)
        })
    }

    /// Whether the question asks FastTrack to upgrade or patch something ("can FastTrack
    /// upgrade them", "will you patch our DCs"): a verb of upgrading within four words after
    /// "you" or "FastTrack".
    fn asks_to_upgrade(&self) -> bool {
        let upgrade = ["upgrad", "patch", "updat"].map(stem);
        let asked = ["you", "u", "fasttrack", "fasttrak"].map(stem);
        self.stems.iter().enumerate().any(|(n, w)| {
            upgrade.contains(w)
                && self.stems[n.saturating_sub(4)..n]
                    .iter()
                    .any(|x| asked.contains(x))
        })
    }

    /// The version the question states and the versions of the same family a condition
    /// names, if both are there. A condition of several cases, each its own version ("1703 or
    /// later for Azure AD join; 1809 or later for hybrid Azure AD join"), gives the case the
    /// question names: the one sharing most of its words with the question, then the one with
    /// fewest words the question lacks. A question naming no case gets every version.
    fn stated_version<'c>(&self, condition: &'c str) -> Option<(u32, Vec<u32>, Option<&'c str>)> {
        let named = condition
            .split(';')
            .filter(|case| names_versions(case))
            .filter_map(|case| {
                let (_, what) = case.split_once(" for ")?;
                let mut stems: Vec<String> = words(what)
                    .iter()
                    .filter(|w| !CASE_FILLER.contains(&w.as_str()))
                    .map(|w| stem(w))
                    .collect();
                stems.sort();
                stems.dedup();
                let shared = stems.iter().filter(|t| self.stems.contains(t)).count();
                (shared > 0).then_some((shared, stems.len() - shared, case))
            })
            .max_by_key(|&(shared, lacking, _)| (shared, std::cmp::Reverse(lacking)))
            .map(|(_, _, case)| case);
        let (client, server) = versions(named.unwrap_or(condition));
        // The case in words: "for hybrid Azure AD join".
        let case = named
            .and_then(|c| c.split_once(" for "))
            .map(|(_, what)| what.trim());
        match (self.facts.windows, self.facts.server) {
            (Some(v), _) if !client.is_empty() => Some((v, client, case)),
            (_, Some(v)) if !server.is_empty() => Some((v, server, case)),
            _ => None,
        }
    }

    /// What a rule says for a profile; `None`: an out-of-scope rule that does not hold, so it
    /// says nothing here.
    pub(super) fn judge_rule(&self, i: usize, p: &Profile) -> Option<Judgement> {
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
        // The question asks FastTrack to obtain what the rule needs the customer to bring
        // ("sign us up for a TeamViewer subscription"): the customer's, so no.
        if r.verdict != Verdict::OutOfScope
            && let Some(id) = when
                .requires
                .iter()
                .find(|p| self.facts.acquires.iter().any(|a| a == p.as_str()))
        {
            let name = c
                .prerequisites
                .iter()
                .find(|p| p.id == id.as_str())
                .map_or(id.as_str(), |p| p.name.as_ref());
            return Some(j(
                Outcome::OutOfScope,
                &format!(
                    "No: the customer brings the {name}; FastTrack does not obtain it. What \
                     FastTrack guides once it is there:"
                ),
            ));
        }
        // A condition that excepts what the question names ("PCs other than Windows 10" asked
        // about Windows 10) does not hold: the rule says nothing here.
        if r.verdict == Verdict::Conditional && self.excepted(cond.as_deref().unwrap_or("")) {
            return None;
        }
        // A count the question states within the limit a condition names ("those 3", against
        // "up to three gallery apps") meets it.
        if r.verdict == Verdict::Conditional
            && let Some((most, of)) = count::limit(self.analyzer, cond.as_deref().unwrap_or(""))
            && let Some(n) = count::stated(&self.facts.counts, &of)
            && n <= most
        {
            return Some(j(
                Outcome::InScope,
                &format!("Yes: the question's {n} is within the {most} the rule names."),
            ));
        }
        // A version condition is the customer's environment: asked to bring the environment
        // there ("can you upgrade our DCs to 2019?"), FastTrack's answer is no.
        if r.verdict == Verdict::Conditional
            && names_versions(cond.as_deref().unwrap_or(""))
            && self.asks_to_upgrade()
        {
            return Some(j(
                Outcome::OutOfScope,
                "No: bringing the environment up to the version the rule names is the \
                 customer's; FastTrack does not upgrade it. What the rule asks for:",
            ));
        }
        // A version the question states settles a condition naming versions of its family
        // ("Windows 10 1703 or later", "AD FS on Windows Server 2012 R2"): below the lowest
        // named, no; at or above the highest, yes; between, it depends.
        if r.verdict != Verdict::OutOfScope
            && let Some((stated, named, case)) = self.stated_version(cond.as_deref().unwrap_or(""))
        {
            let lo = named.iter().copied().min().unwrap_or(0);
            let hi = named.iter().copied().max().unwrap_or(0);
            return Some(if stated < lo {
                j(
                    Outcome::OutOfScope,
                    &format!(
                        "No: the question's version ({stated}) is below the {lo} the rule asks for{}.",
                        case.map(|c| format!(", for {c}")).unwrap_or_default()
                    ),
                )
            } else if stated >= hi {
                j(
                    Outcome::InScope,
                    &format!(
                        "Yes: the question's version ({stated}) meets the rule's ({hi} or later{}).",
                        case.map(|c| format!(", for {c}")).unwrap_or_default()
                    ),
                )
            } else {
                j(
                    Outcome::Conditional,
                    &format!(
                        "It depends on the scenario: the question's version ({stated}) meets some of the rule's versions."
                    ),
                )
            });
        }
        // A profile outside the rule's topology (a single forest, for a rule about several) is
        // not what the rule is about.
        let outside = is_topology(&when) && p.unmet(&topology(&when), &c.prerequisites).is_some();
        Some(match (r.verdict, unmet) {
            (Verdict::OutOfScope, None) => j(Outcome::OutOfScope, "No."),
            (Verdict::OutOfScope, Some(_)) => return None,
            (Verdict::Conditional, _) if outside => return None,
            (Verdict::Conditional, _) if licence_unknown => {
                j(Outcome::Conditional, "It depends on the licence count.")
            }
            // The profile cannot settle the condition (a limit, what a topology needs besides
            // the prerequisites it names).
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

    pub(super) fn judge_item(
        &self,
        i: usize,
        p: &Profile,
        reasons: &[Option<Reason>],
    ) -> Judgement {
        let c = &self.index.catalog;
        let it = &c.items[i];
        let cite = self.index.cite(&it.source);
        // The customer's part in what FastTrack runs with it: asked whether FastTrack helps,
        // the answer is yes, and says what the customer brings.
        if it.owner == Owner::Customer && it.joint {
            return Judgement {
                verdict: Outcome::InScope,
                why: format!(
                    "Yes: FastTrack runs this with the customer, who takes part: \"{}\" ({}; \
                     source: {cite}).",
                    it.title, it.id
                ),
                condition: None,
            };
        }
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
        // A rule about this item whose condition excepts what the question names: not for
        // this case ("PCs other than Windows 10" asked about Windows 10).
        if reasons[i].is_none()
            && let Some(r) = c.rules.iter().enumerate().find_map(|(n, r)| {
                (r.verdict == Verdict::Conditional
                    && r.items.contains(&it.id)
                    && self.rules.contains(&n)
                    && self.excepted(r.condition.as_deref().unwrap_or("")))
                .then_some(r)
            })
        {
            return Judgement {
                verdict: Outcome::OutOfScope,
                why: format!(
                    "Not for what the question names: \"{}\" ({}) holds only for {} (rule {}; \
                     source: {cite}).",
                    it.title,
                    it.id,
                    r.condition.as_deref().unwrap_or("another case"),
                    r.id
                ),
                condition: r.condition.as_deref().map(str::to_owned),
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
}
