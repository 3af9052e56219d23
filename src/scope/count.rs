//! Scope questions, counts: the number of something a question gives ("two apps", "those 3",
//! "three in total") and the limit a rule's condition names ("up to three gallery
//! applications"). A count within the limit meets that part of the condition.

use super::words::{Analyzer, words};

/// Number words a count may be written in, by value.
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];
/// Words before a number that make it a count of what the question is about ("those 3").
const POINTING: &[&str] = &["those", "these", "the", "all", "just", "only"];
/// Words after a number that make it a count of what the question is about ("3 in total").
const TOTAL: &[&str] = &["total", "altogether", "overall"];

/// Words before a number that put the count past it ("more than three").
const EXCEEDING: &[&str] = &[
    "more than",
    "over",
    "above",
    "beyond",
    "at least",
    "upwards of",
];

/// A number, in digits or in words ("3", "three").
pub fn number(word: &str) -> Option<u32> {
    word.parse().ok().or_else(|| {
        NUMBER_WORDS
            .iter()
            .position(|w| *w == word)
            .and_then(|n| u32::try_from(n).ok())
    })
}

/// A count the question states: the number, and the terms of the two words after it (what is
/// counted); `bare` when it counts what the question is about without naming it ("those 3",
/// "three in total").
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub n: u32,
    pub of: Vec<String>,
    pub bare: bool,
}

/// The counts in one clause's words (lower case).
pub fn counts(analyzer: &Analyzer, w: &[String]) -> Vec<Count> {
    let mut out = Vec::new();
    for (i, word) in w.iter().enumerate() {
        let Some(mut n) = number(word) else { continue };
        // "more than three", "over 3": past the number.
        let before = |k: usize| i >= k && EXCEEDING.contains(&w[i - k..i].join(" ").as_str());
        if before(1) || before(2) {
            n = n.saturating_add(1);
        }
        let next: Vec<&str> = w[i + 1..].iter().take(2).map(String::as_str).collect();
        let bare = (i > 0 && POINTING.contains(&w[i - 1].as_str()) && next.is_empty())
            || next.iter().any(|x| TOTAL.contains(x))
            || next.first() == Some(&"of") && next.get(1) == Some(&"them");
        out.push(Count {
            n,
            of: analyzer.terms(&next.join(" "), 4),
            bare,
        });
    }
    out
}

/// The limit a condition names: "up to three gallery applications" is 3, of the terms of the
/// four words after the number.
pub fn limit(analyzer: &Analyzer, condition: &str) -> Option<(u32, Vec<String>)> {
    let w = words(condition);
    let at = w
        .windows(3)
        .position(|x| x[0] == "up" && x[1] == "to" && number(&x[2]).is_some())?;
    let n = number(&w[at + 2])?;
    let of = analyzer.terms(
        &w[at + 3..]
            .iter()
            .take(4)
            .cloned()
            .collect::<Vec<_>>()
            .join(" "),
        6,
    );
    Some((n, of))
}

/// The count the question gives of what a limit counts: one naming a counted term, or a bare
/// one ("those 3").
pub fn stated(counts: &[Count], of: &[String]) -> Option<u32> {
    counts
        .iter()
        .find(|c| c.of.iter().any(|t| of.contains(t)))
        .or_else(|| counts.iter().find(|c| c.bare))
        .map(|c| c.n)
}
