//! What `fasttrack doctor` finds in a journal's raw bytes, and the one repair that is always
//! safe: drop lines that repeat an earlier line byte for byte, move a torn tail aside, add a
//! missing final newline. Everything else (garbage lines, one change id with two contents, a
//! bad header) needs a person, so it is reported and left exactly as it is.
//!
//! Pure functions over bytes, so the guarantees are unit- and property-tested here.

use super::format::{FORMAT, VERSION};
use super::read::{Loaded, Trouble, parse};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

/// What kind of problem a finding is (its JSON spelling is kebab-case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Empty,
    NotAJournal,
    NewerVersion,
    BadHeader,
    BadLine,
    ExactDuplicate,
    DuplicateId,
    TornTail,
    MissingNewline,
    UnknownItem,
    UnknownOp,
    UnknownStatus,
    BadProfileChange,
    /// A change's time is unreadable, has no zone, or lies outside 2000–2100.
    UntrustedTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// 1-based line number, when the problem sits on one line.
    pub line: Option<usize>,
    pub kind: Kind,
    pub message: String,
    /// `--repair` fixes it (otherwise a person must).
    pub repairable: bool,
    /// What to do about it.
    pub advice: String,
}

/// The journal as doctor sees it: the findings, and the tolerant reading when the header
/// could be read at all.
pub struct Diagnosis {
    pub findings: Vec<Finding>,
    pub loaded: Option<Loaded>,
}

/// Examines a journal's bytes.
pub fn diagnose(path: &Path, bytes: &[u8]) -> Diagnosis {
    let loaded = match parse(path, bytes) {
        Ok(l) => l,
        Err(e) => {
            return Diagnosis {
                findings: vec![header_finding(bytes, e.to_string())],
                loaded: None,
            };
        }
    };
    let mut findings = Vec::new();
    for p in &loaded.problems {
        let (kind, repairable, advice) = match &p.trouble {
            Trouble::BadLine { .. } => (
                Kind::BadLine,
                false,
                format!(
                    "edit or delete line {} by hand (fasttrack cannot guess what it meant)",
                    p.line
                ),
            ),
            Trouble::ExactDuplicate { .. } => (
                Kind::ExactDuplicate,
                true,
                "`fasttrack doctor --repair` drops the repeat".to_owned(),
            ),
            Trouble::DuplicateId { first, .. } => (
                Kind::DuplicateId,
                false,
                format!(
                    "decide which of lines {first} and {} is right and delete the other by hand",
                    p.line
                ),
            ),
        };
        findings.push(Finding {
            line: Some(p.line),
            kind,
            message: p.describe(),
            repairable,
            advice,
        });
    }
    for (e, key) in untrusted_times(&loaded) {
        let why = super::time::check(&e.change.at).expect_err("untrusted");
        findings.push(Finding {
            line: Some(e.line),
            kind: Kind::UntrustedTime,
            message: format!(
                "change {} has the time {:?}, {}: the replay places it just after the line before it",
                e.change.id,
                e.change.at,
                why.describe()
            ),
            repairable: true,
            advice: format!(
                "`fasttrack doctor --repair` sets it to {}, where the replay already places it (the backup keeps the original)",
                super::time::format(key)
            ),
        });
    }
    if let Some(t) = &loaded.torn {
        findings.push(Finding {
            line: Some(t.line),
            kind: Kind::TornTail,
            message: format!(
                "incomplete last line ({} bytes, an interrupted write); readers leave it out",
                t.len
            ),
            repairable: true,
            advice: format!(
                "`fasttrack doctor --repair` (or the next change) moves it to {}",
                super::write::torn_path(path).display()
            ),
        });
    }
    if loaded.unterminated {
        let line = loaded.changes.last().map(|e| e.line);
        findings.push(Finding {
            line,
            kind: Kind::MissingNewline,
            message: "the last line is a complete change without its final newline (a hand edit?); it is read".into(),
            repairable: true,
            advice: "`fasttrack doctor --repair` (or the next change) adds the newline".into(),
        });
    }
    Diagnosis {
        findings,
        loaded: Some(loaded),
    }
}

/// The changes whose time the replay does not trust, with the time it orders them by.
fn untrusted_times(loaded: &Loaded) -> Vec<(&super::read::Entry, chrono::DateTime<chrono::Utc>)> {
    if loaded
        .changes
        .iter()
        .all(|e| super::time::check(&e.change.at).is_ok())
    {
        return Vec::new();
    }
    let keys = super::time::replay_keys(loaded.changes.iter().map(|e| &*e.change.at));
    loaded
        .changes
        .iter()
        .zip(keys)
        .filter(|(e, _)| super::time::check(&e.change.at).is_err())
        .collect()
}

/// `line` with its `at` value `old` replaced by `new` (both as JSON strings); `None` when the
/// value cannot be found as written.
fn retime(line: &[u8], old: &str, new: &str) -> Option<Vec<u8>> {
    let old = serde_json::to_string(old).ok()?;
    let new = serde_json::to_string(new).ok()?;
    let text = std::str::from_utf8(line).ok()?;
    let mut from = 0;
    while let Some(i) = text[from..].find(&old) {
        let at = from + i;
        let before = text[..at].trim_end();
        if let Some(key) = before.strip_suffix(':')
            && key.trim_end().ends_with("\"at\"")
        {
            let mut out = text[..at].to_owned();
            out.push_str(&new);
            out.push_str(&text[at + old.len()..]);
            return Some(out.into_bytes());
        }
        from = at + old.len();
    }
    None
}

/// Classifies a journal whose header cannot be read.
fn header_finding(bytes: &[u8], message: String) -> Finding {
    #[derive(serde::Deserialize)]
    struct Probe {
        format: Option<String>,
        version: Option<u64>,
    }
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let probe = serde_json::from_slice::<Probe>(first.trim_ascii()).ok();
    let (kind, advice) = if bytes.iter().all(u8::is_ascii_whitespace) {
        (
            Kind::Empty,
            "remove the file, or restore it from a backup (`fasttrack.jsonl.bak-*`) or a copy",
        )
    } else {
        match probe {
            Some(Probe {
                format: Some(f),
                version: Some(v),
            }) if f == FORMAT && v > u64::from(VERSION) => (
                Kind::NewerVersion,
                "upgrade fasttrack; do not edit the file with this version",
            ),
            Some(Probe {
                format: Some(f), ..
            }) if f == FORMAT => (
                Kind::BadHeader,
                "mend line 1 by hand from a backup or a copy of the journal",
            ),
            _ => (
                Kind::NotAJournal,
                "this is not a fasttrack journal: check --state, or move the file away",
            ),
        }
    };
    let message = match message.split_once(": ") {
        // The reader's message starts with the path; the report names the file already.
        Some((_, rest)) => rest.to_owned(),
        None => message,
    };
    Finding {
        line: Some(1).filter(|_| kind != Kind::Empty),
        kind,
        message,
        repairable: false,
        advice: advice.to_owned(),
    }
}

/// The safe repair of a journal: its new content, the torn fragment to keep aside, and what
/// was done. `None` when there is nothing safe to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub journal: Vec<u8>,
    pub torn: Option<Vec<u8>>,
    /// Line numbers dropped as exact repeats of earlier lines.
    pub dropped: Vec<usize>,
    pub newline_added: bool,
    /// Line numbers whose untrusted time was set to the one the replay uses.
    pub retimed: Vec<usize>,
}

pub fn plan(bytes: &[u8], loaded: &Loaded) -> Option<Plan> {
    let dropped: Vec<usize> = loaded
        .problems
        .iter()
        .filter(|p| matches!(p.trouble, Trouble::ExactDuplicate { .. }))
        .map(|p| p.line)
        .collect();
    let retimes: std::collections::HashMap<usize, (&str, String)> = untrusted_times(loaded)
        .into_iter()
        .map(|(e, key)| (e.line, (&*e.change.at, super::time::format(key))))
        .collect();
    if dropped.is_empty() && loaded.torn.is_none() && !loaded.unterminated && retimes.is_empty() {
        return None;
    }
    let mut retimed = Vec::new();
    let end = loaded
        .torn
        .as_ref()
        .map_or(bytes.len(), |t| t.offset as usize);
    let drop: HashSet<usize> = dropped.iter().copied().collect();
    let mut journal = Vec::with_capacity(end + 1);
    let mut start = 0;
    let mut line = 1;
    while start < end {
        let stop = bytes[start..end]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(end, |i| start + i + 1);
        if drop.contains(&line) {
            // Dropped as a repeat.
        } else if let Some((old, new)) = retimes.get(&line)
            && let Some(fixed) = retime(&bytes[start..stop], old, new)
        {
            journal.extend_from_slice(&fixed);
            retimed.push(line);
        } else {
            journal.extend_from_slice(&bytes[start..stop]);
        }
        start = stop;
        line += 1;
    }
    if loaded.unterminated {
        journal.push(b'\n');
    }
    Some(Plan {
        journal,
        torn: loaded
            .torn
            .as_ref()
            .map(|t| bytes[t.offset as usize..].to_vec()),
        dropped,
        newline_added: loaded.unterminated,
        retimed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HEADER: &str = r#"{"format":"fasttrack-journal","version":1,"engagement":"e1","customer":"C","catalog":{"id":"x","version":"1"},"profile":{"services":["intune"],"forests":"single","identity":"managed"},"created":"2026-01-01T00:00:00Z","by":"a"}"#;

    fn change(id: &str, note: &str) -> String {
        format!(
            r#"{{"id":"{id}","at":"2026-01-01T00:00:01.000000Z","by":"a","op":"note","item":"i","note":"{note}"}}"#
        )
    }

    fn kinds(text: &str) -> Vec<Kind> {
        diagnose(Path::new("j"), text.as_bytes())
            .findings
            .iter()
            .map(|f| f.kind)
            .collect()
    }

    #[test]
    fn header_troubles_are_classified() {
        assert_eq!(kinds(""), [Kind::Empty]);
        assert_eq!(kinds("\n\n"), [Kind::Empty]);
        assert_eq!(kinds("hello world\n"), [Kind::NotAJournal]);
        assert_eq!(kinds("\u{0}\u{1}\u{2}binary"), [Kind::NotAJournal]);
        assert_eq!(kinds("[1,2]\n"), [Kind::NotAJournal]);
        let newer = HEADER.replace("\"version\":1", "\"version\":2");
        assert_eq!(kinds(&format!("{newer}\n")), [Kind::NewerVersion]);
        let broken = HEADER.replace("\"customer\":\"C\",", "");
        assert_eq!(kinds(&format!("{broken}\n")), [Kind::BadHeader]);
    }

    #[test]
    fn line_troubles_are_classified() {
        let text = format!(
            "{HEADER}\n{}\nnot json\n{}\n{}\n{}\n{{\"id\":\"z\",",
            change("a", "x"),
            change("a", "x"),
            change("a", "y"),
            change("b", "x")
        );
        assert_eq!(
            kinds(&text),
            [
                Kind::BadLine,
                Kind::ExactDuplicate,
                Kind::DuplicateId,
                Kind::TornTail
            ]
        );
        let unterminated = format!("{HEADER}\n{}", change("a", "x"));
        assert_eq!(kinds(&unterminated), [Kind::MissingNewline]);
    }

    #[test]
    fn plan_drops_repeats_moves_the_torn_tail_and_keeps_the_rest() {
        let text = format!(
            "{HEADER}\n{}\ngarbage\n{}\n{}\n{{\"id\":\"z\",",
            change("a", "x"),
            change("a", "x"),
            change("a", "y"),
        );
        let d = diagnose(Path::new("j"), text.as_bytes());
        let p = plan(text.as_bytes(), d.loaded.as_ref().unwrap()).unwrap();
        assert_eq!(p.dropped, vec![4]);
        assert_eq!(p.torn.as_deref(), Some(&b"{\"id\":\"z\","[..]));
        let expected = format!(
            "{HEADER}\n{}\ngarbage\n{}\n",
            change("a", "x"),
            change("a", "y")
        );
        assert_eq!(String::from_utf8(p.journal).unwrap(), expected);
    }

    #[test]
    fn nothing_to_plan_for_a_healthy_journal() {
        let text = format!("{HEADER}\n{}\n", change("a", "x"));
        let d = diagnose(Path::new("j"), text.as_bytes());
        assert!(d.findings.is_empty());
        assert!(plan(text.as_bytes(), d.loaded.as_ref().unwrap()).is_none());
    }

    proptest! {
        /// Whatever lines a journal holds, the repair never loses one: each line of the old
        /// file is in the new file, in the torn fragment, or repeats a line that is kept.
        #[test]
        fn repair_never_loses_a_line(
            picks in proptest::collection::vec((0usize..6, 0usize..3), 0..30),
            tail in proptest::option::of("[ -~]{1,20}"),
        ) {
            let pool = [
                change("a", "x"), change("a", "y"), change("b", "x"),
                "garbage".to_owned(), String::new(), change("c", "q\\u001b"),
            ];
            let mut text = format!("{HEADER}\n");
            for (i, _) in &picks {
                text.push_str(&pool[*i]);
                text.push('\n');
            }
            if let Some(t) = &tail {
                text.push_str(t);
            }
            let d = diagnose(Path::new("j"), text.as_bytes());
            let loaded = d.loaded.expect("header is valid");
            let Some(p) = plan(text.as_bytes(), &loaded) else { return Ok(()); };
            let new = String::from_utf8(p.journal.clone()).unwrap();
            let kept: HashSet<&str> = new.lines().collect();
            let torn = p.torn.as_deref().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
            let body = match &loaded.torn { Some(t) => &text[..t.offset as usize], None => &text[..] };
            for line in body.lines() {
                prop_assert!(kept.contains(line), "lost {line:?}");
            }
            if loaded.torn.is_some() {
                prop_assert_eq!(torn, text[body.len()..].to_owned());
            }
            // The repaired journal reads the same changes and has nothing left to repair.
            let again = diagnose(Path::new("j"), new.as_bytes());
            let again_loaded = again.loaded.unwrap();
            let ids = |l: &Loaded| l.changes.iter().map(|e| e.change.id.clone()).collect::<Vec<_>>();
            prop_assert_eq!(ids(&again_loaded), ids(&loaded));
            prop_assert!(plan(new.as_bytes(), &again_loaded).is_none());
        }
    }
}
