//! Scope questions, the ranking: BM25 over the weighted fields of every rule and item, rules
//! weighted above items, with a bonus for word pairs found side by side ("inbound
//! provisioning" beats "outbound provisioning"), and each match's coverage of the question.

use super::words::{ACTION_WORDS, Analyzer, Correction, PLACE_NOUNS, SCALE_WORDS, stem, words};
use crate::catalog::{Catalog, Text};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// One document that uses a term (by position in the index's documents) and the term's
/// occurrences there per field (in `Field::ALL` order).
pub(crate) type Posting = (u32, [u16; 4]);

/// A document analysed (its pairs still to be numbered), its terms with their occurrences per
/// field, and its word pairs.
type Analysed = (Doc, HashMap<String, [u16; 4]>, HashSet<(String, String)>);

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
    /// Weighted length.
    pub(crate) len: f64,
    /// Word pairs found side by side in any field or keyword, by term number (see
    /// `ScopeIndex::df`), sorted.
    pub(crate) pairs: Cow<'static, [[u32; 2]]>,
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
    /// Each term's postings, in `df`'s order: the documents that use it (by position in
    /// `docs`, ascending) with its occurrences per field (in `Field::ALL` order). Term `i`'s
    /// run ends at `posting_ends[i]` and starts where term `i - 1`'s ends. A question's term
    /// is looked up once, not once per document.
    pub(crate) postings: Cow<'static, [Posting]>,
    pub(crate) posting_ends: Cow<'static, [u32]>,
    pub(crate) avg_len: f64,
    /// The words that name each of the catalog's prerequisites in a question (see
    /// `prerequisite_keys`), in the catalog's order: derived from the catalog alone, so worked
    /// out with the index (at build time for the embedded catalog), not per question.
    pub(crate) keys: Cow<'static, [Vec<Vec<Term>>]>,
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
    pub pairs: Vec<(Word, Word)>,
    /// Share of the question's weight (idf) this document matches, 0..1.
    pub coverage: f64,
    /// The idf mass of the question's topic terms (not verbs of doing) this document matches.
    pub matched_idf: f64,
    /// The question's topic terms (see `Query::topic`) this document lacks: a match that misses one answers a different question.
    pub missed: Vec<Word>,
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
        let mut docs = Vec::with_capacity(raw.len());
        let mut doc_pairs = Vec::with_capacity(raw.len());
        // Term -> its postings, documents in order.
        let mut by_term: HashMap<String, Vec<Posting>> = HashMap::new();
        for (n, (what, f, k)) in raw.iter().enumerate() {
            let (doc, tf, pairs) = Doc::new(&analyzer, *what, [&f[0], &f[1], &f[2], &f[3]], k);
            let n = u32::try_from(n).expect("fewer than 2^32 documents");
            for (t, counts) in tf {
                by_term.entry(t).or_default().push((n, counts));
            }
            docs.push(doc);
            doc_pairs.push(pairs);
        }
        // The vocabulary for correcting misspelt words: every term of the index (a synonym
        // group's words too), learnt from the analysis already done.
        analyzer.learn_terms(by_term.keys());
        let mut by_term: Vec<(String, Vec<Posting>)> = by_term.into_iter().collect();
        by_term.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut df: Vec<(Term, u32)> = Vec::with_capacity(by_term.len());
        let mut postings = Vec::new();
        let mut posting_ends = Vec::with_capacity(by_term.len());
        for (t, p) in by_term {
            df.push((
                Cow::Owned(t),
                u32::try_from(p.len()).expect("fewer than 2^32 documents"),
            ));
            postings.extend(p);
            posting_ends.push(u32::try_from(postings.len()).expect("fewer than 2^32 postings"));
        }
        // Each document's pairs by term number (every word of a pair is one of its terms).
        let number = |t: &str| {
            let i = df.binary_search_by(|(x, _)| x.as_ref().cmp(t));
            u32::try_from(i.expect("a pair's words are terms")).expect("fewer than 2^32 terms")
        };
        for (d, pairs) in docs.iter_mut().zip(doc_pairs) {
            let mut pairs: Vec<[u32; 2]> =
                pairs.iter().map(|(a, b)| [number(a), number(b)]).collect();
            pairs.sort_unstable();
            d.pairs = Cow::Owned(pairs);
        }
        let avg_len = if docs.is_empty() {
            1.0
        } else {
            (docs.iter().map(|d| d.len).sum::<f64>() / docs.len() as f64).max(1.0)
        };
        let mut index = ScopeIndex {
            analyzer,
            docs: Cow::Owned(docs),
            df: Cow::Owned(df),
            postings: Cow::Owned(postings),
            posting_ends: Cow::Owned(posting_ends),
            avg_len,
            keys: Cow::Borrowed(&[]),
        };
        let keys = index
            .keys_of(&catalog.prerequisites)
            .into_iter()
            .map(|p| {
                p.into_iter()
                    .map(|k| k.into_iter().map(Cow::Owned).collect())
                    .collect()
            })
            .collect::<Vec<_>>();
        index.keys = Cow::Owned(keys);
        index
    }

    /// A term's number: its position in `df` (and in `posting_ends`).
    fn term_number(&self, term: &str) -> Option<usize> {
        self.df.binary_search_by(|(t, _)| t.as_ref().cmp(term)).ok()
    }

    /// The documents that use term number `i`, ascending, with its occurrences per field.
    fn postings_of(&self, i: usize) -> &[Posting] {
        let start = if i == 0 {
            0
        } else {
            self.posting_ends[i - 1] as usize
        };
        &self.postings[start..self.posting_ends[i] as usize]
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
        self.idf_of_df(self.df_of(term).unwrap_or(0))
    }

    fn idf_of_df(&self, df: u32) -> f64 {
        let n = self.docs.len() as f64;
        let df = df as f64;
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
        let written_words = words(question);
        let all_words = written_words.len();
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
        for w in written_words.iter().take(MAX_QUERY_WORDS) {
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

    /// Every document matching at least one term, best first. Each term of the question is
    /// looked up once; the documents are then walked in order beside each term's postings
    /// (a cursor per term), and a `Hit` is built only for a document some term matched.
    pub fn search(&self, q: &Query) -> Vec<Hit> {
        const NONE: &[Posting] = &[];
        let postings = |i: Option<usize>| i.map_or(NONE, |i| self.postings_of(i));
        let numbers: Vec<Option<usize>> = q.distinct.iter().map(|t| self.term_number(t)).collect();
        let looked: Vec<&[Posting]> = numbers.iter().map(|&i| postings(i)).collect();
        let idfs: Vec<f64> = looked
            .iter()
            .map(|p| self.idf_of_df(u32::try_from(p.len()).unwrap_or(u32::MAX)))
            .collect();
        let is_action: Vec<bool> = q
            .distinct
            .iter()
            .map(|t| q.actions.contains(t.as_str()))
            .collect();
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
        // Word pairs side by side in the question, by their terms' places in `distinct`.
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for w in q.sequence.windows(2) {
            let place = |t: &String| q.distinct.iter().position(|d| d == t);
            if let (Some(a), Some(b)) = (place(&w[0]), place(&w[1]))
                && a != b
                && !pairs.contains(&(a, b))
            {
                pairs.push((a, b));
                if pairs.len() >= MAX_QUERY_TERMS {
                    break;
                }
            }
        }
        let topic: Vec<&[Posting]> = q
            .topic
            .iter()
            .map(|t| postings(self.term_number(t)))
            .collect();
        // Each term's place in its postings: the first entry at or after the document at hand.
        let mut at = vec![0usize; looked.len()];
        let mut topic_at = vec![0usize; topic.len()];
        // Each word once, shared by every match that has it.
        let shared: Vec<Word> = q.distinct.iter().map(|t| Rc::from(t.as_str())).collect();
        let topic_words: Vec<Word> = q.topic.iter().map(|t| Rc::from(t.as_str())).collect();
        let mut hits = Vec::new();
        for (n, d) in self.docs.iter().enumerate() {
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            let norm = K1 * (1.0 - B + B * d.len / self.avg_len);
            let contribution = |idf: f64, tf: &[u16; 4]| {
                let wtf: f64 = Field::ALL
                    .iter()
                    .zip(tf)
                    .map(|(f, &n)| f.weight() * f64::from(n))
                    .sum();
                idf * wtf * (K1 + 1.0) / (wtf + norm)
            };
            // The first pass scores without allocating.
            let (mut matched, mut bm25, mut matched_idf, mut matched_actions) = (0, 0.0, 0.0, 0.0);
            for (i, p) in looked.iter().enumerate() {
                let Some(tf) = advance(p, &mut at[i], n) else {
                    continue;
                };
                matched += 1;
                bm25 += contribution(idfs[i], tf);
                if is_action[i] {
                    matched_actions += idfs[i];
                } else {
                    matched_idf += idfs[i];
                }
            }
            if matched == 0 {
                continue;
            }
            let tf_at = |i: usize| here(looked[i], at[i], n);
            let mut terms = Vec::with_capacity(matched);
            for (i, t) in shared.iter().enumerate() {
                let Some(tf) = tf_at(i) else { continue };
                terms.push(TermScore {
                    term: Rc::clone(t),
                    idf: idfs[i],
                    fields: Fields(*tf),
                    contribution: contribution(idfs[i], tf),
                });
            }
            let mut pair_bonus = 0.0;
            let mut found = Vec::new();
            for &(a, b) in &pairs {
                // A document has a pair only if it has both its terms.
                let (ta, tb) = (&shared[a], &shared[b]);
                if let (Some(_), Some(_), Some(na), Some(nb)) =
                    (tf_at(a), tf_at(b), numbers[a], numbers[b])
                    && d.has_pair(na as u32, nb as u32)
                {
                    pair_bonus += PAIR_WEIGHT * (idfs[a] + idfs[b]) / 2.0;
                    found.push((Rc::clone(ta), Rc::clone(tb)));
                }
            }
            let kind_weight = match d.what {
                DocRef::Rule(_) => RULE_WEIGHT,
                DocRef::Item(_) => ITEM_WEIGHT,
            };
            // The topic terms this document lacks: counted, then copied into a list of that size.
            let mut lacks = 0;
            for (p, at) in topic.iter().zip(&mut topic_at) {
                lacks += usize::from(advance(p, at, n).is_none());
            }
            let mut missed = Vec::with_capacity(lacks);
            for (j, t) in topic_words.iter().enumerate() {
                if here(topic[j], topic_at[j], n).is_none() {
                    missed.push(Rc::clone(t));
                }
            }
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
                missed,
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(order(a.what, b.what)));
        hits
    }
}

/// Moves `at` along postings `p` to the first entry at or after document `n`: the term's
/// occurrences there if `n` uses it.
fn advance<'p>(p: &'p [Posting], at: &mut usize, n: u32) -> Option<&'p [u16; 4]> {
    while p.get(*at).is_some_and(|(d, _)| *d < n) {
        *at += 1;
    }
    here(p, *at, n)
}

/// The term's occurrences in document `n` if entry `at` of its postings `p` is that document's.
fn here(p: &[Posting], at: usize, n: u32) -> Option<&[u16; 4]> {
    p.get(at).filter(|(d, _)| *d == n).map(|(_, tf)| tf)
}

#[path = "prerequisite_keys.rs"]
mod prerequisite_keys;
#[path = "term_score.rs"]
mod term_score;
pub use term_score::{Fields, TermScore, Word, listed};

/// Ties: rules before items, then catalog order.
fn order(a: DocRef, b: DocRef) -> std::cmp::Ordering {
    let key = |d: DocRef| match d {
        DocRef::Rule(i) => (0, i),
        DocRef::Item(i) => (1, i),
    };
    key(a).cmp(&key(b))
}

impl Doc {
    /// The document (its pairs still to be numbered), its terms with their occurrences per
    /// field (for the postings) and its word pairs.
    fn new(analyzer: &Analyzer, what: DocRef, fields: [&str; 4], keywords: &[&str]) -> Analysed {
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
        let doc = Doc {
            what,
            len,
            pairs: Cow::Borrowed(&[]),
        };
        (doc, tf, pairs)
    }

    /// Whether terms number `a` and `b` stand side by side in the document.
    fn has_pair(&self, a: u32, b: u32) -> bool {
        self.pairs.binary_search(&[a, b]).is_ok()
    }
}
