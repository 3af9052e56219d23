//! Scope questions, the ranking: BM25 over the weighted fields of every rule and item, rules
//! weighted above items, with a bonus for word pairs found side by side ("inbound
//! provisioning" beats "outbound provisioning"), and each match's coverage of the question.

use super::words::{ACTION_WORDS, Analyzer, Correction, SCALE_WORDS, stem, words};
use crate::catalog::{Catalog, Text};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// A term of the index: borrowed from the binary for the embedded catalog's index (written
/// out by build.rs), owned for one built at run time.
pub(crate) type Term = Cow<'static, str>;

/// Distinct terms of a question that are scored; the rest are ignored (a 10,000-word question
/// must stay fast and cannot be "about" more than this anyway).
pub const MAX_QUERY_TERMS: usize = 64;
/// Words of a question read at all.
pub const MAX_QUERY_WORDS: usize = 2_000;

/// The weight of a word the catalog never uses, as a share of the rarest term's.
pub const UNKNOWN_SHARE: f64 = 0.75;

/// An unknown word written as a name weighs this many times an unknown word in coverage.
pub const NAME_FACTOR: f64 = 2.0;

/// Nouns after which a name is a place ("the Berlin office"), not a product.
const PLACE_NOUNS: &[&str] = &[
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

/// BM25 saturation and length normalisation (the usual values).
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A rule states scope outright; an item only implies it.
pub const RULE_WEIGHT: f64 = 1.25;
pub const ITEM_WEIGHT: f64 = 1.0;
/// Bonus per word pair of the question found side by side in a document, times the mean idf
/// of the pair.
pub const PAIR_WEIGHT: f64 = 0.6;

/// A term whose idf is below this share of the rarest term's idf is generic
/// ("device", "user", "intune" in an Intune catalog): it adds to the score but is not a topic
/// the answer must cover.
pub const GENERIC_IDF_SHARE: f64 = 0.4;

/// The fields of a document and their weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Text,
    Keywords,
    Context,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Title, Field::Text, Field::Keywords, Field::Context];

    pub fn weight(self) -> f64 {
        match self {
            Field::Title => 2.5,
            Field::Text => 1.0,
            Field::Keywords => 3.0,
            Field::Context => 0.5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Text => "text",
            Field::Keywords => "keywords",
            Field::Context => "section",
        }
    }
}

/// What a document is: a scope rule or an item, by position in the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocRef {
    Rule(usize),
    Item(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct Doc {
    pub(crate) what: DocRef,
    /// Term -> occurrences per field (in `Field::ALL` order), sorted by term.
    pub(crate) tf: Cow<'static, [(Term, [u16; 4])]>,
    /// Weighted length.
    pub(crate) len: f64,
    /// Word pairs found side by side in any field or keyword, sorted.
    pub(crate) pairs: Cow<'static, [(Term, Term)]>,
}

/// The ranking index over a catalog's rules and items. The embedded catalog's is built by
/// build.rs with this same code and written out as static data (see `scope::prebuilt`); a
/// catalog file's is built at run time. Sorted slices searched by bisection, so the two
/// layouts are one.
pub struct ScopeIndex {
    pub analyzer: Analyzer,
    pub(crate) docs: Cow<'static, [Doc]>,
    /// Term -> how many documents use it, sorted by term.
    pub(crate) df: Cow<'static, [(Term, u32)]>,
    pub(crate) avg_len: f64,
}

/// How one query term scored in one document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TermScore {
    pub term: String,
    pub idf: f64,
    /// (field, occurrences) where the term was found.
    pub fields: Vec<(&'static str, u16)>,
    pub contribution: f64,
}

/// One ranked document with its score explained.
#[derive(Debug, Clone)]
pub struct Hit {
    pub what: DocRef,
    pub score: f64,
    pub bm25: f64,
    pub pair_bonus: f64,
    pub kind_weight: f64,
    pub terms: Vec<TermScore>,
    pub pairs: Vec<(String, String)>,
    /// Share of the question's weight (idf) this document matches, 0..1.
    pub coverage: f64,
    /// The idf mass of the question's topic terms (not verbs of doing) this document matches.
    pub matched_idf: f64,
    /// The question's topic terms (see `Query::topic`) this document lacks: a match that misses one answers a different question.
    pub missed: Vec<String>,
}

impl Hit {
    /// An entry no word of the question reached, brought in by a fact the question or the
    /// profile states (a licence count below the threshold): it scores nothing.
    pub fn unranked(what: DocRef) -> Hit {
        Hit {
            what,
            score: 0.0,
            bm25: 0.0,
            pair_bonus: 0.0,
            kind_weight: 1.0,
            terms: Vec::new(),
            pairs: Vec::new(),
            coverage: 0.0,
            matched_idf: 0.0,
            missed: Vec::new(),
        }
    }
}

/// A question reduced to terms.
#[derive(Debug, Clone)]
pub struct Query {
    /// Content terms in order (for pairs).
    pub sequence: Vec<String>,
    /// Distinct terms, first occurrence first, capped at `MAX_QUERY_TERMS`.
    pub distinct: Vec<String>,
    /// Terms no document of the catalog contains.
    pub unknown: Vec<String>,
    /// Those words as the question spells them, for the user.
    pub unknown_words: Vec<String>,
    /// Misspelt words read as the catalog's.
    pub corrections: Vec<Correction>,
    /// Terms that are verbs of doing or words of scale (see `ACTION_WORDS`, `SCALE_WORDS`).
    pub actions: HashSet<String>,
    /// Terms that carry the question's topic: not verbs of doing, not generic (see
    /// `GENERIC_IDF_SHARE`), not numbers the catalog never uses.
    pub topic: Vec<String>,
    /// Words were dropped by the caps.
    pub truncated: bool,
    /// Unknown terms the question writes as names ("Sentinel", "Citrix", "AirWatch"): a
    /// product or company the catalog never names is the question's topic, not filler.
    pub names: Vec<String>,
}

/// Whether `needle` occurs in `hay` as consecutive terms (an empty needle never does): how a
/// phrase of several terms (a prerequisite's keyword, a neighbour's phrase) is found in a
/// question's terms.
pub fn has_run(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

impl ScopeIndex {
    pub fn new(catalog: &Catalog) -> ScopeIndex {
        let mut analyzer = Analyzer::new(&catalog.synonyms);
        // Each entry's fields (title, text, keywords, context) before analysis.
        let mut raw: Vec<(DocRef, [String; 4], Vec<&str>)> =
            Vec::with_capacity(catalog.rules.len() + catalog.items.len());
        let section_name = |id: &str| {
            catalog
                .sections
                .iter()
                .find(|s| s.id == id)
                .map_or("", |s| s.name.as_str())
        };
        for (i, r) in catalog.rules.iter().enumerate() {
            let mut text = r.statement.to_string();
            if let Some(c) = &r.condition {
                text.push_str(" . ");
                text.push_str(c);
            }
            let keywords: Vec<&str> = r
                .keywords
                .iter()
                .chain(&r.aliases)
                .map(Text::as_str)
                .chain(std::iter::once(r.id.as_str()))
                .collect();
            raw.push((
                DocRef::Rule(i),
                [
                    r.title.to_string(),
                    text,
                    String::new(),
                    r.section.to_string(),
                ],
                keywords,
            ));
        }
        for (i, item) in catalog.items.iter().enumerate() {
            let last = item.id.rsplit('.').next().unwrap_or(&item.id);
            let keywords: Vec<&str> = item
                .keywords
                .iter()
                .map(Text::as_str)
                .chain(std::iter::once(last))
                .collect();
            // The context flows down: a sub-bullet is about its section and its parents
            // ("multiple forests" for the items under the multiple-forest bullet).
            let mut context = section_name(&item.section).to_owned();
            let mut parent = item.parent.as_deref();
            while let Some(pid) = parent {
                match catalog.items.iter().find(|p| p.id == pid) {
                    Some(p) => {
                        context.push_str(" . ");
                        context.push_str(&p.title);
                        parent = p.parent.as_deref();
                    }
                    None => break,
                }
            }
            raw.push((
                DocRef::Item(i),
                [
                    item.title.to_string(),
                    item.detail.as_deref().unwrap_or("").to_owned(),
                    String::new(),
                    context,
                ],
                keywords,
            ));
        }
        let docs: Vec<Doc> = raw
            .iter()
            .map(|(what, f, k)| Doc::new(&analyzer, *what, [&f[0], &f[1], &f[2], &f[3]], k))
            .collect();
        let mut df: HashMap<String, u32> = HashMap::new();
        for d in &docs {
            for (t, _) in d.tf.iter() {
                *df.entry(t.to_string()).or_default() += 1;
            }
        }
        // The vocabulary for correcting misspelt words: every term of the index (a synonym
        // group's words too), learnt from the analysis already done.
        analyzer.learn_terms(df.keys());
        let mut df: Vec<(Term, u32)> = df.into_iter().map(|(t, n)| (Cow::Owned(t), n)).collect();
        df.sort_unstable();
        let avg_len = if docs.is_empty() {
            1.0
        } else {
            (docs.iter().map(|d| d.len).sum::<f64>() / docs.len() as f64).max(1.0)
        };
        ScopeIndex {
            analyzer,
            docs: Cow::Owned(docs),
            df: Cow::Owned(df),
            avg_len,
        }
    }

    fn df_of(&self, term: &str) -> Option<u32> {
        self.df
            .binary_search_by(|(t, _)| t.as_ref().cmp(term))
            .ok()
            .map(|i| self.df[i].1)
    }

    fn knows(&self, term: &str) -> bool {
        self.df_of(term).is_some()
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// How many rules and items use `term`.
    pub fn df(&self, term: &str) -> u32 {
        self.df_of(term).unwrap_or(0)
    }

    /// Inverse document frequency (BM25's, never negative).
    pub fn idf(&self, term: &str) -> f64 {
        let n = self.docs.len() as f64;
        let df = self.df_of(term).unwrap_or(0) as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The weight a term the catalog never uses counts with in coverage: a share
    /// (`UNKNOWN_SHARE`) of the rarest possible term's. Such a word may be the topic ("Jamf")
    /// or filler ("datacenter"); a number is a quantity or a version, and counts for little.
    pub fn unknown_weight(&self, term: &str) -> f64 {
        let share = if term.bytes().all(|b| b.is_ascii_digit()) {
            0.2
        } else {
            UNKNOWN_SHARE
        };
        share * self.idf("\u{0}")
    }

    pub fn query(&self, question: &str) -> Query {
        let all_words = words(question).len();
        let (sequence, corrections) = self.analyzer.read(question, MAX_QUERY_WORDS);
        let mut seen = HashSet::new();
        let mut distinct = Vec::new();
        for t in &sequence {
            if seen.insert(t.as_str()) {
                distinct.push(t.clone());
            }
        }
        let truncated = all_words > MAX_QUERY_WORDS || distinct.len() > MAX_QUERY_TERMS;
        distinct.truncate(MAX_QUERY_TERMS);
        let unknown: Vec<String> = distinct
            .iter()
            .filter(|t| !self.knows(t))
            .cloned()
            .collect();
        // The unknown words as the question spells them (never a stem).
        let mut unknown_words: Vec<String> = Vec::new();
        for w in words(question).iter().take(MAX_QUERY_WORDS) {
            // Numbers are quantities or versions (read as facts), not unknown topics.
            if unknown.contains(&stem(w))
                && !w.bytes().all(|b| b.is_ascii_digit())
                && !unknown_words.contains(w)
            {
                unknown_words.push(w.clone());
            }
        }
        // Unknown words written with a capital or in capitals: names, unless a place noun
        // follows ("the Berlin office", "our Frankfurt team": context, not topic).
        let mut names: Vec<String> = Vec::new();
        let written: Vec<&str> = question
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for (i, w) in written.iter().enumerate() {
            let place = written
                .get(i + 1)
                .is_some_and(|n| PLACE_NOUNS.contains(&n.to_lowercase().as_str()));
            if w.chars().any(char::is_uppercase) && !w.chars().any(|c| c.is_ascii_digit()) && !place
            {
                let t = stem(&w.to_lowercase());
                if unknown.contains(&t) && !names.contains(&t) {
                    names.push(t);
                }
            }
        }
        let actions: HashSet<String> = ACTION_WORDS
            .iter()
            .chain(SCALE_WORDS)
            .map(|w| stem(w))
            .filter(|t| distinct.contains(t))
            .collect();
        let generic = GENERIC_IDF_SHARE * self.idf("\u{0}");
        // Only words the catalog uses can be missing from a match: a word it never uses
        // ("Jamf", "datacenter", "1709") lowers the match's coverage, never vetoes it.
        let topic = distinct
            .iter()
            .filter(|t| !actions.contains(t.as_str()) && self.knows(t) && self.idf(t) >= generic)
            .cloned()
            .collect();
        Query {
            sequence,
            distinct,
            unknown,
            unknown_words,
            corrections,
            actions,
            topic,
            truncated,
            names,
        }
    }

    /// Every document matching at least one term, best first.
    pub fn search(&self, q: &Query) -> Vec<Hit> {
        let idfs: Vec<f64> = q.distinct.iter().map(|t| self.idf(t)).collect();
        // Coverage counts every term but unmatched verbs of doing; unknown terms count at
        // `unknown_weight`.
        let topic_weight: f64 = q
            .distinct
            .iter()
            .zip(&idfs)
            .filter(|(t, _)| !q.actions.contains(t.as_str()))
            .map(|(t, idf)| {
                if self.knows(t) {
                    *idf
                } else {
                    self.unknown_weight(t)
                        * if q.names.contains(t) {
                            NAME_FACTOR
                        } else {
                            1.0
                        }
                }
            })
            .sum();
        let wanted: HashSet<&str> = q.distinct.iter().map(String::as_str).collect();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for w in q.sequence.windows(2) {
            let p = (w[0].as_str(), w[1].as_str());
            if p.0 != p.1 && wanted.contains(p.0) && wanted.contains(p.1) && !pairs.contains(&p) {
                pairs.push(p);
                if pairs.len() >= MAX_QUERY_TERMS {
                    break;
                }
            }
        }
        let mut hits = Vec::new();
        for d in self.docs.iter() {
            let mut terms = Vec::new();
            let mut bm25 = 0.0;
            let mut matched_idf = 0.0;
            let mut matched_actions = 0.0;
            for (t, &idf) in q.distinct.iter().zip(&idfs) {
                let Some(tf) = d.tf_of(t) else {
                    continue;
                };
                let wtf: f64 = Field::ALL
                    .iter()
                    .zip(tf)
                    .map(|(f, &n)| f.weight() * f64::from(n))
                    .sum();
                let norm = K1 * (1.0 - B + B * d.len / self.avg_len);
                let c = idf * wtf * (K1 + 1.0) / (wtf + norm);
                bm25 += c;
                if q.actions.contains(t.as_str()) {
                    matched_actions += idf;
                } else {
                    matched_idf += idf;
                }
                terms.push(TermScore {
                    term: t.clone(),
                    idf,
                    fields: Field::ALL
                        .iter()
                        .zip(tf)
                        .filter(|(_, n)| **n > 0)
                        .map(|(f, &n)| (f.as_str(), n))
                        .collect(),
                    contribution: c,
                });
            }
            if terms.is_empty() {
                continue;
            }
            let mut pair_bonus = 0.0;
            let mut found = Vec::new();
            for &(a, b) in &pairs {
                if d.has_pair(a, b) {
                    pair_bonus += PAIR_WEIGHT * (self.idf(a) + self.idf(b)) / 2.0;
                    found.push((a.to_owned(), b.to_owned()));
                }
            }
            let kind_weight = match d.what {
                DocRef::Rule(_) => RULE_WEIGHT,
                DocRef::Item(_) => ITEM_WEIGHT,
            };
            hits.push(Hit {
                what: d.what,
                score: (bm25 + pair_bonus) * kind_weight,
                bm25,
                pair_bonus,
                kind_weight,
                terms,
                pairs: found,
                coverage: if topic_weight + matched_actions > 0.0 {
                    ((matched_idf + matched_actions) / (topic_weight + matched_actions)).min(1.0)
                } else {
                    0.0
                },
                matched_idf,
                missed: q
                    .topic
                    .iter()
                    .filter(|t| d.tf_of(t).is_none())
                    .cloned()
                    .collect(),
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(order(a.what, b.what)));
        hits
    }
}

/// Ties: rules before items, then catalog order.
fn order(a: DocRef, b: DocRef) -> std::cmp::Ordering {
    let key = |d: DocRef| match d {
        DocRef::Rule(i) => (0, i),
        DocRef::Item(i) => (1, i),
    };
    key(a).cmp(&key(b))
}

impl Doc {
    fn new(analyzer: &Analyzer, what: DocRef, fields: [&str; 4], keywords: &[&str]) -> Doc {
        let mut tf: HashMap<String, [u16; 4]> = HashMap::new();
        let mut pairs: HashSet<(String, String)> = HashSet::new();
        let mut len = 0.0;
        let mut add = |terms: &[String], f: usize| {
            for t in terms {
                let e = tf.entry(t.clone()).or_default();
                e[f] = e[f].saturating_add(1);
            }
            for w in terms.windows(2) {
                pairs.insert((w[0].clone(), w[1].clone()));
            }
            len += Field::ALL[f].weight() * terms.len() as f64;
        };
        for (f, text) in fields.iter().enumerate() {
            if !text.is_empty() {
                add(&analyzer.terms(text, usize::MAX), f);
            }
        }
        for k in keywords {
            add(&analyzer.terms(k, usize::MAX), 2);
        }
        let mut tf: Vec<(Term, [u16; 4])> =
            tf.into_iter().map(|(t, n)| (Cow::Owned(t), n)).collect();
        tf.sort_unstable();
        let mut pairs: Vec<(Term, Term)> = pairs
            .into_iter()
            .map(|(a, b)| (Cow::Owned(a), Cow::Owned(b)))
            .collect();
        pairs.sort_unstable();
        Doc {
            what,
            tf: Cow::Owned(tf),
            len,
            pairs: Cow::Owned(pairs),
        }
    }

    fn tf_of(&self, term: &str) -> Option<&[u16; 4]> {
        self.tf
            .binary_search_by(|(t, _)| t.as_ref().cmp(term))
            .ok()
            .map(|i| &self.tf[i].1)
    }

    fn has_pair(&self, a: &str, b: &str) -> bool {
        self.pairs
            .binary_search_by(|(x, y)| (x.as_ref(), y.as_ref()).cmp(&(a, b)))
            .is_ok()
    }
}
