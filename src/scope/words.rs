//! Scope questions, the words: a question and the catalog's rules and items are reduced to
//! the same terms (case and punctuation folded, light stemming, stop words dropped, the
//! catalog's synonym groups collapsed to one term each, a misspelt word corrected to the
//! nearest word the catalog uses). The vocabulary of the field lives in the catalog
//! (`synonyms`, `keywords`), never here: this file knows only English filler.

use crate::catalog::{List, Text};
use std::borrow::Cow;
use std::collections::HashMap;

#[path = "stop_words.rs"]
mod stop_words;
use stop_words::STOP_WORDS;

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
    "onboard",
    "integrate",
    "provide",
    "roll",
    "rollout",
    "run",
    "setup",
    "support",
    "write",
];

/// Words of money: prices, discounts, bills and refunds. The FastTrack documents say
/// nothing about them; a question about one is answered only by an entry that uses the word.
pub const MONEY_WORDS: &[&str] = &[
    "price",
    "prices",
    "pricing",
    "priced",
    "cost",
    "costs",
    "discount",
    "discounts",
    "refund",
    "refunds",
    "invoice",
    "invoices",
    "invoiced",
    "billing",
    "billed",
    "bill",
    "overbilled",
    "overcharged",
    "quote",
    "cheaper",
    "payment",
    "rebate",
];

/// Nouns after which a name is a place ("the Berlin office"), not a product.
pub const PLACE_NOUNS: &[&str] = &[
    "office",
    "offices",
    "team",
    "teams",
    "site",
    "sites",
    "campus",
    "branch",
    "datacenter",
    "datacentre",
    "hq",
    "headquarters",
    "region",
    "plant",
    "clinic",
    "store",
    "staff",
];

/// Words of scale ("all devices", "every user", "the entire company"): they score where an
/// entry speaks of scale (enrolling beyond the test accounts), but an entry without them is
/// not held to lack part of the question.
pub const SCALE_WORDS: &[&str] = &[
    "all",
    "entire",
    "every",
    "everybody",
    "everyone",
    "each",
    "whole",
    "rest",
    "remaining",
];

/// Endings a catalog stem takes in plain text, to compare a misspelt word with.
const SURFACE_SUFFIXES: &[&str] = &["", "e", "s", "ed", "ing", "ion", "ation", "ment", "er"];

/// A misspelt word is corrected to a catalog word within this edit distance: one edit for
/// words of five to seven letters, two from eight (shorter words are left alone: too many
/// real words are one edit apart).
fn max_edits(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

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
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
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
    /// A phrase's stems joined by spaces -> its group's canonical term, sorted by phrase.
    pub(crate) phrases: Cow<'static, [(Cow<'static, str>, Cow<'static, str>)]>,
    /// The longest phrase, in words.
    pub(crate) longest: usize,
    /// Every stem the catalog uses (its texts, keywords and synonyms): a question's word
    /// outside it is corrected to the nearest one, if one is near enough. Empty: no correction.
    /// Sorted, without repeats (searched by bisection; the embedded catalog's is written out
    /// by build.rs).
    pub(crate) vocabulary: Cow<'static, [Cow<'static, str>]>,
    /// Each synonym group's term, sorted, without repeats.
    pub(crate) canonical: Cow<'static, [Cow<'static, str>]>,
}

/// A question's word the analyzer corrected: as written, and the catalog word it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub written: String,
    pub read_as: String,
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
        let mut canonical: Vec<Cow<'static, str>> =
            phrases.values().map(|c| Cow::Owned(c.clone())).collect();
        canonical.sort_unstable();
        canonical.dedup();
        let mut phrases: Vec<(Cow<'static, str>, Cow<'static, str>)> = phrases
            .into_iter()
            .map(|(p, c)| (Cow::Owned(p), Cow::Owned(c)))
            .collect();
        phrases.sort_unstable();
        Analyzer {
            canonical: Cow::Owned(canonical),
            phrases: Cow::Owned(phrases),
            longest,
            vocabulary: Cow::Borrowed(&[]),
        }
    }

    /// An analyzer built before (the embedded catalog's, written out by build.rs): its
    /// phrases, longest phrase, synonym terms and vocabulary, each sorted.
    pub(crate) fn prebuilt(
        phrases: &'static [(Cow<'static, str>, Cow<'static, str>)],
        longest: usize,
        canonical: &'static [Cow<'static, str>],
        vocabulary: &'static [Cow<'static, str>],
    ) -> Analyzer {
        Analyzer {
            phrases: Cow::Borrowed(phrases),
            longest,
            vocabulary: Cow::Borrowed(vocabulary),
            canonical: Cow::Borrowed(canonical),
        }
    }

    /// The canonical term of the synonym phrase `key` (stems joined by spaces).
    fn phrase(&self, key: &str) -> Option<&str> {
        self.phrases
            .binary_search_by(|(p, _)| p.as_ref().cmp(key))
            .ok()
            .map(|i| self.phrases[i].1.as_ref())
    }

    /// Whether a phrase of several words starts with `stem` (the phrases are sorted, so those
    /// that start with "stem " follow where it would be).
    fn starts_phrase(&self, stem: &str) -> bool {
        let at = self.phrases.partition_point(|(p, _)| p.as_ref() <= stem);
        self.phrases.get(at).is_some_and(|(p, _)| {
            p.len() > stem.len() && p.starts_with(stem) && p.as_bytes()[stem.len()] == b' '
        })
    }

    /// Learns the catalog's words for correcting misspelt words of questions: the terms of its
    /// entries (a synonym group's term stands for its phrases' words, added here).
    pub fn learn_terms<'t>(&mut self, terms: impl IntoIterator<Item = &'t String>) {
        let mut vocabulary: Vec<Cow<'static, str>> = self.vocabulary.to_vec();
        vocabulary.extend(terms.into_iter().map(|t| Cow::Owned(t.clone())));
        vocabulary.extend(
            self.phrases
                .iter()
                .flat_map(|(k, _)| k.split(' '))
                .map(|w| Cow::Owned(w.to_owned())),
        );
        vocabulary.sort_unstable();
        vocabulary.dedup();
        self.vocabulary = Cow::Owned(vocabulary);
    }

    fn knows(&self, stem: &str) -> bool {
        self.vocabulary
            .binary_search_by(|v| v.as_ref().cmp(stem))
            .is_ok()
    }

    /// Learns the words of `texts` (for tests and small catalogs).
    pub fn learn<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) {
        let stems: Vec<String> = texts
            .into_iter()
            .flat_map(|t| words(t).into_iter().map(|w| stem(&w)))
            .collect();
        self.learn_terms(&stems);
    }

    /// The catalog stem nearest to `stem` within `max_edits`, if there is exactly one best.
    fn correct(&self, word: &str, stem: &str) -> Option<(&str, String)> {
        // The stem's length counts too: "making" stems to "mak", as near "mark" as any typo.
        let limit = max_edits(word.chars().count().min(stem.chars().count() + 1));
        if limit == 0
            || self.knows(stem)
            || self.is_stop_word(word)
            || !word.bytes().all(|b| b.is_ascii_lowercase())
        {
            return None;
        }
        let mut best: Option<(usize, &str)> = None;
        let mut tie = false;
        for v in self.vocabulary.iter() {
            // A typo seldom changes the first letter; a real word that does ("chase" and
            // "phase") is another word, not a typo.
            if v.len().abs_diff(stem.len()) > limit
                || v.len() < 4
                || v.as_bytes().first() != stem.as_bytes().first()
            {
                continue;
            }
            let d = strsim::osa_distance(stem, v);
            let v: &str = v;
            if d > limit {
                continue;
            }
            match best {
                Some((bd, bv)) if d > bd || (d == bd && v >= bv) => {
                    tie |= d == bd && v != bv;
                }
                Some((bd, _)) => {
                    tie = d == bd;
                    best = Some((d, v));
                }
                None => best = Some((d, v)),
            }
        }
        if best.is_some() {
            // Two catalog words equally near: do not guess. Shown: the catalog's stem with the
            // written word's ending ("complaince": "compliance"), never the stem itself.
            let ending = word.get(stem.len()..).unwrap_or("");
            return best
                .filter(|_| !tie)
                .map(|(_, v)| (v, format!("{v}{ending}")));
        }
        // A typo the stemmer cannot strip ("adoptoin"): compare the word with the stems' plain
        // forms ("adopt" + "ion"), one edit at most (two read "printers" as "pointer").
        let limit = 1;
        let mut best: Option<(usize, &str, &str)> = None;
        let mut tie = false;
        let mut form = String::with_capacity(word.len() + 2);
        for v in self.vocabulary.iter() {
            // A typo in the first two letters is left alone here (as the first is above).
            if v.len() < 4 || v.as_bytes().get(..2) != word.as_bytes().get(..2) {
                continue;
            }
            for suffix in SURFACE_SUFFIXES {
                if (v.len() + suffix.len()).abs_diff(word.len()) > limit {
                    continue;
                }
                form.clear();
                form.push_str(v);
                form.push_str(suffix);
                let d = strsim::osa_distance(word, &form);
                let v: &str = v;
                match best {
                    _ if d > limit => {}
                    Some((bd, bv, _)) if d > bd || (d == bd && v == bv) => {}
                    Some((bd, _, _)) if d == bd => tie = true,
                    _ => {
                        best = Some((d, v, suffix));
                        tie = false;
                    }
                }
            }
        }
        best.filter(|_| !tie)
            .map(|(_, v, suffix)| (v, format!("{v}{suffix}")))
    }

    /// The terms of `text` and the corrections made to read them.
    pub fn read(&self, text: &str, limit: usize) -> (Vec<String>, Vec<Correction>) {
        let raw = words(text);
        let raw = &raw[..raw.len().min(limit)];
        let mut fixes = Vec::new();
        let stems: Vec<String> = raw
            .iter()
            .map(|w| {
                let s = stem(w);
                match self.correct(w, &s) {
                    Some((v, shown)) => {
                        fixes.push(Correction {
                            written: w.clone(),
                            read_as: shown,
                        });
                        v.to_owned()
                    }
                    None => s,
                }
            })
            .collect();
        (self.collapse(raw, &stems), fixes)
    }

    /// The terms of `text`, in order (at most `limit` words read).
    pub fn terms(&self, text: &str, limit: usize) -> Vec<String> {
        let raw = words(text);
        let raw = &raw[..raw.len().min(limit)];
        let stems: Vec<String> = raw.iter().map(|w| stem(w)).collect();
        self.collapse(raw, &stems)
    }

    /// Synonym phrases collapsed (longest first), stop words dropped.
    fn collapse(&self, raw: &[String], stems: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        let mut key = String::new();
        while i < raw.len() {
            let mut matched = false;
            // Phrases of several words are tried only if one starts with this stem.
            let longest = if self.starts_phrase(&stems[i]) {
                self.longest
            } else {
                1
            };
            for len in (1..=longest.min(raw.len() - i)).rev() {
                key.clear();
                for (k, s) in stems[i..i + len].iter().enumerate() {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(s);
                }
                if let Some(c) = self.phrase(&key) {
                    out.push(c.to_owned());
                    i += len;
                    matched = true;
                    break;
                }
            }
            if !matched {
                if !self.is_stop_word(&raw[i]) {
                    out.push(stems[i].clone());
                }
                i += 1;
            }
        }
        out
    }

    /// Whether `term` is a synonym group's term (what the catalog names with several words).
    pub fn is_synonym(&self, term: &str) -> bool {
        self.canonical
            .binary_search_by(|c| c.as_ref().cmp(term))
            .is_ok()
    }

    pub fn is_stop_word(&self, word: &str) -> bool {
        STOP_WORDS.binary_search(&word).is_ok()
    }
}

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
