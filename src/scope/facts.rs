//! Scope questions, the facts a question states: forest topology, licence count, Windows and
//! Windows Server versions, and which of the catalog's prerequisites the customer has or
//! lacks ("we have TeamViewer", "we don't have E5"). They beat the profile's for the answer,
//! and the answer says which it read.

use super::rank::{Query, ScopeIndex, Term};
use super::words::words;
use crate::catalog::{Forests, Identity, Index, Prerequisite};
use crate::profile::Profile;
use std::borrow::Cow;
use std::cell::OnceCell;

/// The forest topology the question itself states ("our three forests", "one forest"): the
/// vocabulary is the catalog's synonym groups whose first members are "multiple forests" and
/// "single forest"; a catalog without them states nothing.
pub fn stated_forests(scope: &ScopeIndex, q: &Query) -> Option<Forests> {
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

/// The identity target the question names: password hash sync or pass-through
/// authentication is a managed target (the catalog's synonym groups with those first
/// members), federated identities or federation a federated one; naming both, or neither,
/// states nothing. Naming AD FS alone states no target: "can you install AD FS?" asks
/// whether it is covered, and the answer says on what that depends.
pub fn stated_identity(scope: &ScopeIndex, q: &Query, question: &str) -> Option<Identity> {
    let says = |phrase: &str| match scope.analyzer.terms(phrase, 8).as_slice() {
        [term] => q.distinct.contains(term),
        _ => false,
    };
    let managed = says("password hash sync") || says("pass-through authentication");
    let federated = words(question)
        .iter()
        .any(|w| matches!(w.as_str(), "federated" | "federation" | "federate"));
    match (managed, federated) {
        (true, false) => Some(Identity::Managed),
        (false, true) => Some(Identity::Federated),
        _ => None,
    }
}

/// Whether the question names directory synchronization (the catalog's "Azure AD Connect"
/// synonym group, or a managed target).
pub fn names_sync(scope: &ScopeIndex, q: &Query) -> bool {
    [
        "azure ad connect",
        "password hash sync",
        "pass-through authentication",
    ]
    .iter()
    .any(|phrase| match scope.analyzer.terms(phrase, 8).as_slice() {
        [term] => q.distinct.contains(term),
        _ => false,
    })
}

pub fn forests_words(f: Forests) -> &'static str {
    match f {
        Forests::Single => "a single forest",
        Forests::Multiple => "multiple forests",
    }
}

/// What the question states about the customer, read before the verdict.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub forests: Option<Forests>,
    /// The identity target the question names ("password hash sync": managed; "federated
    /// identities": federated).
    pub identity: Option<Identity>,
    /// The question names directory synchronization ("Entra Connect", "directory sync"): its
    /// accounts are synchronized, not cloud-only, whichever target they sign in with.
    pub synchronized: bool,
    /// "120 seats", "500 EMS licences".
    pub licenses: Option<u32>,
    /// Prerequisite ids the question says the customer has ("we have TeamViewer").
    pub has: Vec<String>,
    /// Prerequisite ids it says the customer lacks ("we don't have E5").
    pub lacks: Vec<String>,
    /// Prerequisite ids it asks FastTrack to obtain for the customer ("sign us up for a
    /// TeamViewer subscription", "build our certificate authority"): the customer brings
    /// these, so a rule needing one is no help here.
    pub acquires: Vec<String>,
    /// The terms of clauses stating what the customer has or does ("we run SCCM current
    /// branch", "legal already wrote the text"): context, not what is asked.
    pub context_terms: Vec<String>,
    /// The words naming the prerequisites the customer has, as terms (internal: they make
    /// no exclusion specific).
    pub has_terms: Vec<String>,
    /// The terms a clause denies, after its negation ("not an on-prem server"): internal, they
    /// make no exclusion specific.
    pub denied_terms: Vec<String>,
    /// The terms of a purpose the question gives ("so ppl stop calling the helpdesk", "so we
    /// can enrol iPads"): why it asks, not what (internal).
    pub purpose_terms: Vec<String>,
    /// The people a question names as who it is for ("for our admins", "for guest users"):
    /// who benefits, not what is asked (internal).
    pub beneficiary_terms: Vec<String>,
    /// A Windows 10 version ("1809"; "20H2" reads as 2009).
    pub windows: Option<u32>,
    /// A Windows Server version ("Windows Server 2012 R2" reads as 2012).
    pub server: Option<u32>,
    /// The counts it gives ("two apps", "those 3"), for a condition that names a limit.
    pub counts: Vec<super::count::Count>,
}

/// Words that deny what follows in their clause ("we don't have", "no E5", "without a CA").
const NEGATIONS: &[&str] = &[
    "no", "not", "dont", "doesnt", "didnt", "havent", "hasnt", "without", "lack", "lacking",
    "never", "none", "nor", "neither", "cannot", "cant", "arent", "isnt",
];
/// Who a negation is about when it is FastTrack's ("you don't do X, right?", "FastTrack can't
/// help with X?"): the question still asks about X, it denies nothing of the customer's.
const ASKED_SUBJECTS: &[&str] = &["you", "u", "ya", "guys", "fasttrack", "fasttrak", "team"];

/// Where a clause's denial starts: its first negation that is not about FastTrack ("we don't
/// have E5": yes; "you don't do the training, right?": no).
fn denial(w: &[String]) -> Option<usize> {
    w.iter().enumerate().position(|(i, x)| {
        NEGATIONS.contains(&x.as_str())
            && !w[i.saturating_sub(2)..i]
                .iter()
                .any(|y| ASKED_SUBJECTS.contains(&y.as_str()))
    })
}

/// Who a purpose clause is about, after "so" ("so we can", "so that", "so ppl stop").
const PURPOSE_SUBJECTS: &[&str] = &[
    "we", "that", "they", "ppl", "people", "users", "staff", "our", "i", "it", "he", "she",
];
/// Words that, after "for", name who a question is for ("for our admins").
const PEOPLE: &[&str] = &[
    "admin",
    "admins",
    "administrator",
    "administrators",
    "user",
    "users",
    "staff",
    "employee",
    "employees",
    "people",
    "colleagues",
    "students",
    "teachers",
    "executives",
    "managers",
    "developers",
    "contractors",
    "clinicians",
    "nurses",
    "doctors",
];
/// Words that may stand between "for" and the people it names ("for all of our users").
const DETERMINERS: &[&str] = &[
    "our", "the", "my", "all", "of", "those", "these", "some", "a", "few", "its", "every",
];
/// Words that state possession in their clause ("we have", "we already run", "we bought").
const POSSESSION: &[&str] = &[
    "have",
    "has",
    "got",
    "own",
    "already",
    "bought",
    "purchased",
    "licensed",
    "subscribed",
    "hold",
    "existing",
    "weve",
    "ive",
];
/// Verbs that state possession only after a subject ("we use X", "we're running X", "we're
/// fully on Exchange Online"; not "help us use X", which asks for it).
const POSSESSION_AFTER_SUBJECT: &[&str] = &["use", "using", "run", "running", "subscribe"];
/// The words before "on" that make it possession ("we're on E5", "we're fully on Exchange
/// Online"; not "not on-premises").
const ON_AFTER: &[&str] = &["were", "are", "fully", "entirely", "already", "100", "now"];
/// The subjects (and the adverbs and negations between subject and verb) that make those
/// verbs possession: "we still use", "we don't use" (a lack, read as such).
const SUBJECTS: &[&str] = &[
    "dont",
    "doesnt",
    "didnt",
    "never",
    "not",
    "longer",
    "we",
    "i",
    "they",
    "were",
    "are",
    "still",
    "currently",
    "also",
    "is",
    "its",
];

/// Verbs that ask for something to be obtained ("buy", "sign us up for", "build our CA").
const ACQUISITION: &[&str] = &[
    "buy", "purchase", "procure", "pay", "build", "obtain", "acquire",
];
/// Words that make a clause about connecting to something, not obtaining it ("build the
/// TeamViewer integration").
const CONNECTING: &[&str] = &[
    "integrate",
    "integration",
    "connect",
    "connector",
    "integrating",
];

/// Where a clause asks for something to be obtained (the index of its verb), unless it is
/// about connecting to it.
fn acquisition(w: &[String]) -> Option<usize> {
    if w.iter().any(|x| CONNECTING.contains(&x.as_str())) {
        return None;
    }
    w.iter().enumerate().position(|(i, x)| {
        ACQUISITION.contains(&x.as_str())
            || (x == "sign" && w[i + 1..].iter().take(2).any(|y| y == "up"))
    })
}

/// Whether a clause states that the customer has something.
fn possession(w: &[String]) -> bool {
    w.iter().enumerate().any(|(i, x)| {
        POSSESSION.contains(&x.as_str())
            || (POSSESSION_AFTER_SUBJECT.contains(&x.as_str())
                && i > 0
                && SUBJECTS.contains(&w[i - 1].as_str()))
            || (x == "on" && i > 0 && ON_AFTER.contains(&w[i - 1].as_str()))
    })
}
/// Words that make a clause about a purchase or a plan, where a count of people is a licence
/// count.
const PURCHASE_WORDS: &[&str] = &[
    "bought",
    "buy",
    "purchased",
    "licensed",
    "subscription",
    "subscribed",
    "plan",
    "e3",
    "e5",
    "p1",
    "p2",
    "ems",
    "sku",
    "standalone",
];
/// Nouns that a count before them makes a licence count.
const LICENCE_NOUNS: &[&str] = &[
    "licence", "licences", "license", "licenses", "seat", "seats",
];

impl Facts {
    /// Reads the facts `question` states against the catalog's `prerequisites`.
    pub fn read(
        scope: &ScopeIndex,
        q: &Query,
        question: &str,
        prerequisites: &[Prerequisite],
    ) -> Facts {
        let mut f = Facts {
            forests: stated_forests(scope, q),
            identity: stated_identity(scope, q, question),
            synchronized: names_sync(scope, q),
            ..Facts::default()
        };
        let lower = without_thousands_commas(&question.to_lowercase());
        // The prerequisites' keys, worked out once if a clause speaks of having or lacking.
        let keys = OnceCell::new();
        // What the question asks, outside purposes and denials (its terms are worked out
        // only if a purpose or a denial was read).
        let mut asked: Vec<String> = Vec::new();
        for clause in lower.split(['.', ',', ';', '?', '!', '\n']) {
            let w = words(clause);
            f.read_counts(&w);
            f.counts.extend(super::count::counts(&scope.analyzer, &w));
            f.read_versions(&w);
            f.read_prerequisites(scope, clause, &w, prerequisites, &keys);
            // Where what the clause asks ends: before a purpose or a denial.
            let mut asked_end = w.len();
            if let Some(n) = w
                .windows(2)
                .position(|p| p[0] == "so" && PURPOSE_SUBJECTS.contains(&p[1].as_str()))
            {
                asked_end = n;
                for t in scope.analyzer.terms(&w[n + 1..].join(" "), 200) {
                    if !f.purpose_terms.contains(&t) {
                        f.purpose_terms.push(t);
                    }
                }
            }
            // "for our admins", "for all of our users": who it is for.
            for (n, x) in w.iter().enumerate() {
                if x != "for" {
                    continue;
                }
                let rest = w[n + 1..]
                    .iter()
                    .skip_while(|y| DETERMINERS.contains(&y.as_str()));
                if let Some(p) = rest.take(2).find(|y| PEOPLE.contains(&y.as_str())) {
                    for t in scope.analyzer.terms(p, 2) {
                        if !f.beneficiary_terms.contains(&t) {
                            f.beneficiary_terms.push(t);
                        }
                    }
                }
            }
            // "we don't have TeamViewer" states a fact about a prerequisite (read above); the
            // question is still about TeamViewer.
            let possession = possession(&w);
            // "while we're fixing stuff in remediation": what the customer does meanwhile.
            let meanwhile = w.len() > 1
                && matches!(w[0].as_str(), "while" | "whilst")
                && SUBJECTS.contains(&w[1].as_str());
            if (possession || meanwhile) && denial(&w).is_none() {
                for t in scope.analyzer.terms(clause, 200) {
                    if !f.context_terms.contains(&t) {
                        f.context_terms.push(t);
                    }
                }
            }
            if let Some(n) = denial(&w).filter(|_| !possession) {
                asked_end = asked_end.min(n);
                for t in scope.analyzer.terms(&w[n + 1..].join(" "), 200) {
                    if !f.denied_terms.contains(&t) {
                        f.denied_terms.push(t);
                    }
                }
            }
            asked.push(w[..asked_end].join(" "));
        }
        // A word the question also asks about is not set aside as purpose or denial: "deploy
        // AD FS for us so we can federate" is about AD FS.
        if !f.purpose_terms.is_empty() || !f.denied_terms.is_empty() {
            let asked = scope.analyzer.terms(&asked.join(" . "), 400);
            f.purpose_terms.retain(|t| !asked.contains(t));
            f.denied_terms.retain(|t| !asked.contains(t));
        }
        f
    }

    pub fn is_empty(&self) -> bool {
        *self == Facts::default()
    }

    /// The profile with the question's facts in place of its own.
    pub fn apply(&self, p: &Profile) -> Profile {
        let mut p = p.clone();
        if let Some(f) = self.forests {
            p.forests = f;
        }
        if let Some(i) = self.identity {
            p.identity = i;
        }
        if let Some(n) = self.licenses {
            p.licenses = Some(n);
        }
        for id in &self.has {
            if !p.prerequisites.contains(id) {
                p.prerequisites.push(id.clone());
            }
        }
        p.prerequisites.retain(|id| !self.lacks.contains(id));
        p
    }

    /// Each fact in words ("multiple forests", "100 licences", "no TeamViewer subscription").
    pub fn describe(&self, index: &Index) -> Vec<String> {
        let name = |id: &str| {
            index
                .catalog
                .prerequisites
                .iter()
                .find(|p| p.id == id)
                .map_or_else(|| id.to_owned(), |p| p.name.to_string())
        };
        let mut out = Vec::new();
        if let Some(f) = self.forests {
            out.push(forests_words(f).to_owned());
        }
        if let Some(i) = self.identity {
            out.push(format!("a {} identity target", i.as_str()));
        }
        if let Some(n) = self.licenses {
            out.push(format!("{n} licences"));
        }
        if let Some(v) = self.windows {
            out.push(format!("Windows 10 version {v}"));
        }
        if let Some(v) = self.server {
            out.push(format!("Windows Server {v}"));
        }
        out.extend(self.has.iter().map(|id| format!("has {}", name(id))));
        out.extend(self.lacks.iter().map(|id| format!("no {}", name(id))));
        out
    }

    /// The facts as conditions of the answer ("the question says multiple forests").
    pub fn conditions(&self, index: &Index) -> Vec<String> {
        self.describe(index)
            .into_iter()
            .map(|f| format!("the question says {f}"))
            .collect()
    }

    /// The sentence that opens the answer when the question states facts: what it says and,
    /// where the profile says otherwise, that the question's facts are the ones used.
    pub fn lead(
        &self,
        profile: Option<&Profile>,
        effective: Option<&Profile>,
        index: &Index,
    ) -> Option<String> {
        let said = self.describe(index);
        if said.is_empty() {
            return None;
        }
        let said = said.join(", ");
        Some(match (profile, effective) {
            (Some(p), Some(e))
                if p.forests != e.forests
                    && self.licenses.is_none_or(|n| p.licenses == Some(n)) =>
            {
                format!(
                    "Your question says {}; the profile says {}. With {}:",
                    forests_words(e.forests),
                    forests_words(p.forests),
                    forests_words(e.forests)
                )
            }
            (Some(p), Some(e)) if p != e => {
                format!(
                    "Your question says {said}, which the answer takes over the profile's. With {said}:"
                )
            }
            _ => format!("Your question says {said}. With {said}:"),
        })
    }

    fn read_counts(&mut self, w: &[String]) {
        // In a clause about what was bought ("we bought P2 for 300 people", "on Microsoft 365
        // E5 for 3,000 users"), a count of people is the licence count; elsewhere ("MFA for
        // 50 pilot users") it is not.
        let bought = w.iter().any(|x| PURCHASE_WORDS.contains(&x.as_str()));
        for (i, word) in w.iter().enumerate() {
            let Ok(n) = word.parse::<u32>() else { continue };
            // A licence noun within the next five words: "500 EMS licences", "120 seats", "300
            // Intune for Education licences".
            let next = || w[i + 1..].iter().take(5);
            if next().any(|x| LICENCE_NOUNS.contains(&x.as_str()))
                || (bought && next().any(|x| PEOPLE.contains(&x.as_str())))
            {
                self.licenses.get_or_insert(n);
            }
        }
    }

    fn read_versions(&mut self, w: &[String]) {
        let (client, server) = scan_versions(w);
        if let Some(&v) = client.first() {
            self.windows.get_or_insert(v);
        }
        if let Some(&v) = server.first() {
            self.server.get_or_insert(v);
        }
    }

    /// "we have X" / "we don't have X" for the catalog's prerequisites, each known by the
    /// rarest words of its name ("TeamViewer", "E5", "certificate authority").
    fn read_prerequisites<'s>(
        &mut self,
        scope: &'s ScopeIndex,
        clause: &str,
        w: &[String],
        prerequisites: &[Prerequisite],
        all_keys: &OnceCell<Cow<'s, [Vec<Vec<Term>>]>>,
    ) {
        let negated = denial(w).is_some();
        let possessed = possession(w);
        if let Some(n) = acquisition(w).filter(|_| !negated && !possessed) {
            let after = scope.analyzer.terms(&w[n..].join(" "), 200);
            let all_keys = all_keys.get_or_init(|| scope.prerequisite_keys(prerequisites));
            for (p, keys) in prerequisites.iter().zip(all_keys.iter()) {
                if keys.iter().any(|k| has_run(&after, k))
                    && !self.acquires.iter().any(|x| *x == *p.id)
                {
                    self.acquires.push(p.id.to_string());
                }
            }
        }
        if !negated && !possessed {
            return;
        }
        let terms = scope.analyzer.terms(clause, 200);
        let all_keys = all_keys.get_or_init(|| scope.prerequisite_keys(prerequisites));
        for (p, keys) in prerequisites.iter().zip(all_keys.iter()) {
            let id = p.id.as_str();
            if !keys.iter().any(|k| has_run(&terms, k)) {
                continue;
            }
            if !negated {
                // The words naming what the customer has make no exclusion specific.
                for k in keys.iter().filter(|k| has_run(&terms, k)).flatten() {
                    if !self.has_terms.iter().any(|t| *t == **k) {
                        self.has_terms.push(k.to_string());
                    }
                }
            }
            let list = if negated {
                &mut self.lacks
            } else {
                &mut self.has
            };
            if !list.iter().any(|x| x == id) {
                list.push((*id).to_owned());
            }
        }
    }
}

/// "2,000 seats" is 2000 seats, not a clause ending in 2: a comma between a digit and three
/// digits is dropped.
fn without_thousands_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let thousands = c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.len() > i + 3
            && chars[i + 1..=i + 3].iter().all(char::is_ascii_digit)
            && chars.get(i + 4).is_none_or(|d| !d.is_ascii_digit());
        if !thousands {
            out.push(c);
        }
    }
    out
}

/// A Windows 10 version: a four-digit release (1507 to 2009, the 15xx..20xx YYMM form) or
/// the half-year form ("20h2", "21h1": read as YY09 and YY03).
fn client_version(word: &str) -> Option<u32> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        let v: u32 = word.parse().ok()?;
        let (yy, mm) = (v / 100, v % 100);
        return ((15..=19).contains(&yy) && (1..=12).contains(&mm)).then_some(v);
    }
    let b = word.as_bytes();
    if b.len() == 4 && b[..2].iter().all(u8::is_ascii_digit) && b[2] == b'h' {
        let yy = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
        return match b[3] {
            b'1' => Some(yy * 100 + 3),
            b'2' => Some(yy * 100 + 9),
            _ => None,
        };
    }
    None
}

/// Versions a text names, by family: (Windows 10 releases, Windows Server years). A number
/// is a server year after "server", a Windows 10 release after "Windows 10", "build" or
/// "version", or when it has the release form anyway ("1809", "20H2").
fn scan_versions(w: &[String]) -> (Vec<u32>, Vec<u32>) {
    let (mut client, mut server) = (Vec::new(), Vec::new());
    let mut in_server = false;
    for (i, word) in w.iter().enumerate() {
        match word.as_str() {
            "server" => in_server = true,
            "windows" if w.get(i + 1).is_some_and(|n| n == "10" || n == "11") => in_server = false,
            "win10" | "windows10" | "build" | "version" => in_server = false,
            _ => {}
        }
        if let Some(v) = client_version(word).filter(|_| !in_server) {
            client.push(v);
        } else if let Ok(y) = word.parse::<u32>()
            && (2000..=2030).contains(&y)
            && in_server
        {
            server.push(y);
        }
    }
    (client, server)
}

/// Whether the key `needle` occurs in `hay` as consecutive terms (see `rank::has_run`).
fn has_run(hay: &[String], needle: &[Term]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w.iter().eq(needle))
}

/// Versions a condition names, by family (see `scan_versions`).
pub fn versions(text: &str) -> (Vec<u32>, Vec<u32>) {
    scan_versions(&words(text))
}

/// Whether `text` names a Windows 10 or a Windows Server version.
pub fn names_versions(text: &str) -> bool {
    let (client, server) = versions(text);
    !client.is_empty() || !server.is_empty()
}

#[cfg(test)]
#[path = "facts_tests.rs"]
mod tests;
