//! Scope questions, the language help is given in: "can the sessions be in Japanese?", "our
//! staff speak Cantonese". The catalog's rule on support languages lists them as keywords; a
//! language the question asks for is either among them (the rule answers) or not (no: the
//! rule says which are offered). A language named in passing ("our Japanese subsidiary") is
//! not asked for: only one after "in", "speak" or before "speaking", "speaker(s)" or
//! "language" is.

use super::rank::{DocRef, Hit};
use super::verdict::Judge;
use super::{Answer, Confidence, Outcome};
use crate::catalog::Catalog;
use crate::profile::Profile;

/// Languages a customer may ask for, as written in lower case (a closed class of words, like
/// the money words: not the catalog's, which lists only those offered).
const LANGUAGES: &[&str] = &[
    "afrikaans",
    "arabic",
    "bahasa",
    "bengali",
    "bulgarian",
    "cantonese",
    "catalan",
    "chinese",
    "croatian",
    "czech",
    "danish",
    "dutch",
    "english",
    "estonian",
    "finnish",
    "flemish",
    "french",
    "german",
    "greek",
    "hebrew",
    "hindi",
    "hungarian",
    "indonesian",
    "italian",
    "japanese",
    "korean",
    "latvian",
    "lithuanian",
    "malay",
    "mandarin",
    "norwegian",
    "persian",
    "polish",
    "portuguese",
    "romanian",
    "russian",
    "serbian",
    "slovak",
    "slovenian",
    "spanish",
    "swahili",
    "swedish",
    "tagalog",
    "thai",
    "turkish",
    "ukrainian",
    "urdu",
    "vietnamese",
    "welsh",
];

/// Words before a language that make it asked for.
const BEFORE: &[&str] = &[
    "in", "speak", "speaks", "speaking", "offer", "support", "supports",
];
/// Words after a language that make it asked for.
const AFTER: &[&str] = &[
    "speaking",
    "speaker",
    "speakers",
    "language",
    "speaking?",
    "supported",
    "available",
    "possible",
    "ok",
    "okay",
    "interpreter",
];

/// Answers `a` when the question asks help in a language and the catalog lists the languages
/// offered: yes for one listed, no naming it otherwise. `false`: nothing to answer here.
pub(super) fn answer(
    judge: &Judge,
    question: &str,
    profile: Option<&Profile>,
    a: &mut Answer,
) -> bool {
    let catalog = &judge.index.catalog;
    let Some((lang, i)) = asked(question).and_then(|lang| rule(catalog).map(|i| (lang, i))) else {
        return false;
    };
    let r = &catalog.rules[i];
    let cite = judge.index.cite(&r.source);
    let stmt = r.statement.trim_end_matches('.');
    let shown = capitalised(&lang);
    a.confidence = Confidence::High;
    a.facts.push(format!("asks for help in {shown}"));
    if offered(catalog, i, &lang) {
        a.verdict = r.verdict.into();
        a.answer = format!(
            "Yes: {shown} is offered. {stmt} (rule {}; source: {cite}).",
            r.id
        );
    } else {
        a.verdict = Outcome::OutOfScope;
        a.answer = format!(
            "No: help is not offered in {shown}. {stmt} (rule {}; source: {cite}).",
            r.id
        );
    }
    a.matches = vec![judge.view(&Hit::unranked(DocRef::Rule(i)), profile)];
    true
}

/// `word` with its first letter in upper case ("japanese": "Japanese").
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The language the question asks help in, as written in lower case.
pub fn asked(question: &str) -> Option<String> {
    let words: Vec<String> = question
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().enumerate().find_map(|(i, w)| {
        let w = w.trim_end_matches("-speaking");
        let asked = LANGUAGES.contains(&w)
            && (i
                .checked_sub(1)
                .is_some_and(|p| BEFORE.contains(&words[p].as_str()))
                || words
                    .get(i + 1)
                    .is_some_and(|n| AFTER.contains(&n.as_str()))
                || words[i].ends_with("-speaking"));
        asked.then(|| w.to_owned())
    })
}

/// The rule that lists the languages help is given in: the one whose keywords name the most
/// languages (at least three), if any.
pub fn rule(catalog: &Catalog) -> Option<usize> {
    catalog
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let n = r
                .keywords
                .iter()
                .filter(|k| LANGUAGES.contains(&k.as_str()))
                .count();
            (n, i)
        })
        .filter(|&(n, _)| n >= 3)
        .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)))
        .map(|(_, i)| i)
}

/// Whether the rule at `i` offers `language`.
pub fn offered(catalog: &Catalog, i: usize, language: &str) -> bool {
    catalog.rules[i]
        .keywords
        .iter()
        .any(|k| k.as_str() == language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_is_asked_for_only_where_help_is_given_in_it() {
        assert_eq!(
            asked("can the sessions be in Japanese?").as_deref(),
            Some("japanese")
        );
        assert_eq!(
            asked("our staff speak Cantonese").as_deref(),
            Some("cantonese")
        );
        assert_eq!(
            asked("a Dutch-speaking engineer?").as_deref(),
            Some("dutch")
        );
        assert_eq!(
            asked("any Polish speakers on your team").as_deref(),
            Some("polish")
        );
        assert_eq!(asked("our Japanese subsidiary needs Intune"), None);
        assert_eq!(asked("set up Intune in our office"), None);
    }

    #[test]
    fn the_built_in_catalog_has_one_language_rule() {
        let c = crate::catalog::embedded();
        let i = rule(&c).expect("a rule listing languages");
        assert!(offered(&c, i, "japanese"));
        assert!(!offered(&c, i, "cantonese"));
    }
}
