//! Catalog warnings: things that parse and check fine but make `scope` answer wrongly. A
//! keyword shared by an out-of-scope rule and an in-scope item lets a question about the item
//! be answered "No" by the rule (how "pilot users" came to deny test users). A phrase of the
//! `beyond` list (topics the sources never mention) that an entry's own words use makes the
//! catalog both cover a topic and deny knowing it.

use super::model::{Catalog, Owner, Text, Verdict};
use std::collections::HashMap;
use std::fmt;

/// A keyword of an out-of-scope rule that is also a keyword of an item FastTrack owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordClash {
    pub rule: Text,
    pub rule_keyword: Text,
    pub item: Text,
    pub item_keyword: Text,
}

impl fmt::Display for KeywordClash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "keyword {:?} of out-of-scope rule {} ",
            self.rule_keyword.as_str(),
            self.rule
        )?;
        if self.rule_keyword == self.item_keyword {
            f.write_str("is also a keyword")?;
        } else {
            write!(
                f,
                "means the same as keyword {:?}",
                self.item_keyword.as_str()
            )?;
        }
        write!(
            f,
            " of in-scope item {}: a question about the item may be answered No; keep the \
             keyword on one of them",
            self.item
        )
    }
}

/// Every clash, in catalog order. Keywords compare after the synonym groups fold them
/// ("intune agent" and "pc agent" are one term). A rule that `excludes` the item is left
/// alone: taking that item out of scope, when the rule holds, is its purpose.
pub fn keyword_clashes(c: &Catalog) -> Vec<KeywordClash> {
    let mut canonical: HashMap<&str, &str> = HashMap::new();
    for group in &c.synonyms {
        if let Some(first) = group.first() {
            for word in group.iter() {
                canonical.entry(word.as_str()).or_insert(first.as_str());
            }
        }
    }
    let fold = |k: &Text| -> String {
        let k = k.trim().to_lowercase();
        canonical.get(k.as_str()).map_or(k, |c| (*c).to_owned())
    };
    let mut out = Vec::new();
    for rule in c.rules.iter().filter(|r| r.verdict == Verdict::OutOfScope) {
        let rule_words: Vec<(String, &Text)> = rule.keywords.iter().map(|k| (fold(k), k)).collect();
        for item in c.items.iter().filter(|i| i.owner == Owner::Fasttrack) {
            if rule.excludes.contains(&item.id) {
                continue;
            }
            let mut seen: Vec<String> = Vec::new();
            for ik in &item.keywords {
                let folded = fold(ik);
                if seen.contains(&folded) {
                    continue;
                }
                if let Some((_, rk)) = rule_words.iter().find(|(w, _)| *w == folded) {
                    seen.push(folded);
                    out.push(KeywordClash {
                        rule: rule.id.clone(),
                        rule_keyword: (*rk).clone(),
                        item: item.id.clone(),
                        item_keyword: ik.clone(),
                    });
                }
            }
        }
    }
    out
}

/// A phrase of a `beyond` entry that an item's or rule's title, text or keywords use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeyondOverlap {
    pub beyond: Text,
    pub phrase: Text,
    pub entry: Text,
}

impl fmt::Display for BeyondOverlap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "phrase {:?} of beyond entry {} is also in {}: a question about what {} covers \
             would be answered not-covered; drop or narrow the phrase",
            self.phrase.as_str(),
            self.beyond,
            self.entry,
            self.entry
        )
    }
}

/// Every `beyond` phrase found, as whole words and ignoring case, in an item's title, detail
/// or keywords or a rule's title, statement or keywords; in catalog order.
pub fn beyond_overlaps(c: &Catalog) -> Vec<BeyondOverlap> {
    let entries = c
        .items
        .iter()
        .map(|i| {
            let texts = [Some(&i.title), i.detail.as_ref()].into_iter().flatten();
            (
                &i.id,
                texts.chain(&i.keywords).map(|t| t.to_lowercase()).collect(),
            )
        })
        .chain(c.rules.iter().map(|r| {
            let texts = [&r.title, &r.statement].into_iter().chain(&r.keywords);
            (&r.id, texts.map(|t| t.to_lowercase()).collect())
        }));
    let entries: Vec<(&Text, Vec<String>)> = entries.collect();
    let mut out = Vec::new();
    for b in c.beyond.iter() {
        for phrase in b.phrases.iter() {
            for (id, texts) in &entries {
                if texts.iter().any(|t| has_words(t, phrase)) {
                    out.push(BeyondOverlap {
                        beyond: b.id.clone(),
                        phrase: phrase.clone(),
                        entry: (*id).clone(),
                    });
                }
            }
        }
    }
    out
}

/// Whether `phrase` occurs in `text` with no letter or digit on either side.
fn has_words(text: &str, phrase: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(phrase).any(|(at, _)| {
        !alnum(text[..at].chars().next_back()) && !alnum(text[at + phrase.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in catalog's `beyond` list names nothing an entry speaks of.
    #[test]
    fn the_real_catalog_has_no_beyond_overlap() {
        let found = beyond_overlaps(&crate::catalog::embedded());
        let shown: Vec<String> = found.iter().map(|o| o.to_string()).collect();
        assert!(found.is_empty(), "{shown:#?}");
    }

    #[test]
    fn phrases_match_whole_words_only() {
        assert!(has_words("install the azure arc agent", "arc"));
        assert!(!has_words("search the archive", "arc"));
        assert!(has_words("arc", "arc"));
    }

    /// The built-in catalog warns of nothing (each clash found was a wrong answer).
    #[test]
    fn the_real_catalog_has_no_keyword_clash() {
        let clashes = keyword_clashes(&crate::catalog::embedded());
        let shown: Vec<String> = clashes.iter().map(|c| c.to_string()).collect();
        assert!(clashes.is_empty(), "{shown:#?}");
    }
}
