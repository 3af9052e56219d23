//! Scope questions, the words: a question and the catalog's rules and items are reduced to
//! the same terms (case and punctuation folded, light stemming, stop words dropped, the
//! catalog's synonym groups collapsed to one term each, a misspelt word corrected to the
//! nearest word the catalog uses). The vocabulary of the field lives in the catalog
//! (`synonyms`, `keywords`), never here: this file knows only English filler.

use crate::catalog::{List, Text};
use std::collections::{HashMap, HashSet};

/// Words that carry no topic in a scope question ("can you help us set up ...").
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "actually",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anything",
    "are",
    "as",
    "ask",
    "asking",
    "at",
    "be",
    "been",
    "being",
    "both",
    "but",
    "by",
    "can",
    "care",
    "come",
    "could",
    "cover",
    "covered",
    "covers",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "each",
    "either",
    "else",
    "every",
    "everything",
    "engineer",
    "engineers",
    "fasttrack",
    "folks",
    "for",
    "from",
    "get",
    "gets",
    "getting",
    "give",
    "going",
    "gonna",
    "got",
    "guys",
    "had",
    "handle",
    "has",
    "have",
    "having",
    "he",
    "hello",
    "help",
    "helping",
    "her",
    "here",
    "hey",
    "hi",
    "him",
    "his",
    "hook",
    "how",
    "i",
    "if",
    "in",
    "include",
    "included",
    "instead",
    "includes",
    "including",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "kind",
    "let",
    "lets",
    "like",
    "look",
    "make",
    "may",
    "me",
    "microsoft",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "need",
    "needs",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "offer",
    "ok",
    "okay",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "part",
    "please",
    "possible",
    "problem",
    "put",
    "question",
    "really",
    "responsibility",
    "responsible",
    "same",
    "scope",
    "scoped",
    "set",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "someone",
    "something",
    "sort",
    "still",
    "such",
    "sure",
    "take",
    "team",
    "tell",
    "than",
    "thank",
    "thanks",
    "today",
    "turn",
    "switch",
    "use",
    "using",
    "currently",
    "now",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "up",
    "us",
    "very",
    "wanna",
    "want",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "work",
    "works",
    "would",
    "yes",
    "you",
    "your",
    "yours",
    "yourself",
];

/// Verbs of doing that say nothing about the topic ("install", "configure", "deploy"): they
/// score when a document has them, but a document without them is not held to lack part of
/// the question ("can you install AD FS" is about AD FS).
pub const ACTION_WORDS: &[&str] = &[
    "build",
    "configure",
    "connect",
    "create",
    "deploy",
    "do",
    "enable",
    "implement",
    "install",
    "integrate",
    "provide",
    "roll",
    "rollout",
    "run",
    "setup",
    "support",
    "write",
];

/// A light English stemmer: plurals, -ing, -ed, -ation, -ment, -ion, -ate, a final e and a
/// doubled final consonant, so that "configure", "configured", "configuring" and
/// "configuration" meet, as do "enrol", "enrolled" and "enrollment". Words with digits or
/// outside ASCII, and short words, are left alone.
pub fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.is_ascii() || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_owned();
    }
    let mut s = word.to_owned();
    // Plurals.
    if s.ends_with("ies") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if s.ends_with("sses") {
        s.truncate(s.len() - 2);
    } else if s.ends_with('s') && !["ss", "us", "is"].iter().any(|e| s.ends_with(e)) {
        s.pop();
    }
    // Adverbs ("securely", "automatically").
    if s.ends_with("ly") && s.len() >= 6 {
        s.truncate(s.len() - 2);
        if s.ends_with("al") && s.len() >= 6 {
            s.truncate(s.len() - 2);
        }
    }
    // Suffixes, repeatedly ("provisioning" -> "provision" -> "provis").
    for _ in 0..3 {
        let n = s.len();
        if s.ends_with("ation") && n - 5 >= 4 {
            s.truncate(n - 5);
        } else if s.ends_with("ment") && n - 4 >= 4 {
            s.truncate(n - 4);
        } else if s.ends_with("ate") && n - 3 >= 4 {
            s.truncate(n - 3);
        } else if (s.ends_with("ing") && n - 3 >= 3) || (s.ends_with("ed") && n - 2 >= 3) {
            s.truncate(if s.ends_with("ing") { n - 3 } else { n - 2 });
            // "-ated", "-ating" are "-ate".
            if s.ends_with("at") && s.len() - 2 >= 4 {
                s.truncate(s.len() - 2);
            }
        } else if s.ends_with("ion") && n - 3 >= 4 && matches!(s.as_bytes()[n - 4], b't' | b's') {
            s.truncate(n - 3);
        } else {
            break;
        }
    }
    if s.len() > 4 && s.ends_with('e') {
        s.pop();
    }
    let b = s.as_bytes();
    let n = b.len();
    if n >= 4
        && b[n - 1] == b[n - 2]
        && !matches!(b[n - 1], b's' | b'a' | b'e' | b'i' | b'o' | b'u')
    {
        s.pop();
    }
    s
}

/// Splits text into lower-case words: letters and digits (any script) are kept, apostrophes
/// dropped ("customer's" is "customers"), everything else separates.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`') {
            // inside a word: drop
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Turns text into terms: words, stemmed, synonym phrases collapsed, stop words dropped.
pub struct Analyzer {
    /// A phrase's stems joined by spaces -> its group's canonical term.
    phrases: HashMap<String, String>,
    /// The longest phrase, in words.
    longest: usize,
    stop: HashSet<&'static str>,
}

impl Analyzer {
    pub fn new(synonyms: &[List<Text>]) -> Analyzer {
        let mut phrases = HashMap::new();
        let mut longest = 1;
        for group in synonyms {
            let forms: Vec<Vec<String>> = group
                .iter()
                .map(|p| words(p).iter().map(|w| stem(w)).collect::<Vec<_>>())
                .filter(|f: &Vec<String>| !f.is_empty())
                .collect();
            let Some(first) = forms.first() else { continue };
            let canonical = first.join("_");
            for f in &forms {
                longest = longest.max(f.len());
                phrases
                    .entry(f.join(" "))
                    .or_insert_with(|| canonical.clone());
            }
        }
        Analyzer {
            phrases,
            longest,
            stop: STOP_WORDS.iter().copied().collect(),
        }
    }

    /// The terms of `text`, in order (at most `limit` words read).
    pub fn terms(&self, text: &str, limit: usize) -> Vec<String> {
        let raw = words(text);
        let raw = &raw[..raw.len().min(limit)];
        let stems: Vec<String> = raw.iter().map(|w| stem(w)).collect();
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        let mut key = String::new();
        while i < raw.len() {
            let mut matched = false;
            for len in (1..=self.longest.min(raw.len() - i)).rev() {
                key.clear();
                for (k, s) in stems[i..i + len].iter().enumerate() {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(s);
                }
                if let Some(c) = self.phrases.get(key.as_str()) {
                    out.push(c.clone());
                    i += len;
                    matched = true;
                    break;
                }
            }
            if !matched {
                if !self.stop.contains(raw[i].as_str()) {
                    out.push(stems[i].clone());
                }
                i += 1;
            }
        }
        out
    }

    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(words: &[&str]) {
        let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
        assert!(
            stems.windows(2).all(|w| w[0] == w[1]),
            "{words:?} -> {stems:?}"
        );
    }

    #[test]
    fn word_families_meet() {
        same(&[
            "configure",
            "configured",
            "configuring",
            "configuration",
            "configurations",
        ]);
        same(&["provision", "provisioning", "provisioned"]);
        same(&["forest", "forests"]);
        same(&["policy", "policies"]);
        same(&["federate", "federated", "federation"]);
        same(&[
            "install",
            "installed",
            "installing",
            "installation",
            "installs",
        ]);
        same(&["manage", "managed", "management", "managing"]);
        same(&[
            "enroll",
            "enrolled",
            "enrollment",
            "enrolling",
            "enrol",
            "enrolment",
        ]);
        same(&["sync", "synced", "syncing"]);
        same(&["deploy", "deployed", "deployment", "deploying"]);
        same(&["migrate", "migrated", "migration", "migrating"]);
        same(&["authenticate", "authentication", "authenticating"]);
        same(&["protect", "protection"]);
        same(&["device", "devices"]);
        same(&["rule", "rules"]);
        same(&["map", "mapping"]);
    }

    #[test]
    fn short_foreign_and_numeric_words_are_kept() {
        for w in ["ios", "o365", "können", "mdm", "status", "access"] {
            assert_eq!(stem(w), w);
        }
    }

    #[test]
    fn words_fold_case_and_punctuation() {
        assert_eq!(
            words("Will you set up AD-FS for our customer's 3 forests?!"),
            [
                "will",
                "you",
                "set",
                "up",
                "ad",
                "fs",
                "for",
                "our",
                "customers",
                "3",
                "forests"
            ]
        );
        assert_eq!(words("Ünïcödé — 日本語 🙂"), ["ünïcödé", "日本語"]);
        assert!(words("?!... ").is_empty());
    }

    #[test]
    fn synonyms_collapse_longest_phrase_first() {
        let a = Analyzer::new(&[
            List::from(vec![
                "aad".into(),
                "azure ad".into(),
                "azure active directory".into(),
            ]),
            List::from(vec!["ad fs".into(), "adfs".into()]),
            List::from(vec!["ad".into(), "active directory".into()]),
        ]);
        assert_eq!(a.terms("Azure Active Directory", 100), ["aad"]);
        assert_eq!(
            a.terms("azure AD and on-prem AD", 100),
            ["aad", "prem", "ad"]
        );
        assert_eq!(a.terms("Can you deploy ADFS?", 100), ["deploy", "ad_fs"]);
        assert_eq!(a.terms("AD FS", 100), ["ad_fs"]);
        assert!(a.terms("can you do it for us", 100).is_empty());
    }
}
