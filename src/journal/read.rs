//! Reading a journal: one buffered read, line by line, tolerant where it is safe to be.
//!
//! - The header must be valid and of a version we know, or nothing is read.
//! - A last line without its newline is a torn write (a crash mid-append): it is left out and
//!   reported; the next write moves it aside before appending.
//! - A line that does not parse in the middle is reported with its number and skipped by
//!   readers; writers refuse to append to such a journal until `fasttrack doctor` mends it.
//! - Exact duplicate lines (a merge artefact) count once; two different lines with one change
//!   id are reported and the first is kept.

use super::format::{Change, FORMAT, Header, VERSION};
use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Entry {
    /// 1-based line number in the file.
    pub line: usize,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// The line is not a valid change.
    BadLine { message: String },
    /// The line repeats an earlier line byte for byte.
    ExactDuplicate { first: usize },
    /// The line reuses an earlier line's change id with different content.
    DuplicateId { id: String, first: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub trouble: Trouble,
}

impl LineProblem {
    pub fn describe(&self) -> String {
        match &self.trouble {
            Trouble::BadLine { message } => format!("not a valid change ({message})"),
            Trouble::ExactDuplicate { first } => format!("repeats line {first} exactly"),
            Trouble::DuplicateId { id, first } => {
                format!("reuses change id {id} of line {first} with different content")
            }
        }
    }
}

/// The fragment after the last newline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Torn {
    pub offset: u64,
    pub line: usize,
    pub len: usize,
}

#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub header: Header,
    pub changes: Vec<Entry>,
    pub problems: Vec<LineProblem>,
    pub torn: Option<Torn>,
    /// The last line is a complete change but lacks its newline (a hand edit): it is read as
    /// a change, and the next write adds the newline before appending.
    pub unterminated: bool,
}

impl Loaded {
    /// Problems that make a write unsafe (a line we cannot read).
    pub fn is_corrupt(&self) -> bool {
        self.problems
            .iter()
            .any(|p| matches!(p.trouble, Trouble::BadLine { .. }))
    }

    /// One warning line per problem, for a reading command's standard error.
    pub fn warnings(&self) -> Vec<String> {
        let shown = self.path.display();
        let mut out: Vec<String> = self
            .problems
            .iter()
            .filter(|p| !matches!(p.trouble, Trouble::ExactDuplicate { .. }))
            .map(|p| {
                format!(
                    "{shown}:{}: {}; skipped (run `fasttrack doctor`)",
                    p.line,
                    p.describe()
                )
            })
            .collect();
        if let Some(t) = &self.torn {
            out.push(format!(
                "{shown}:{}: incomplete last line ({} bytes, an interrupted write); left out, and moved to {}.torn by the next change",
                t.line,
                t.len,
                shown
            ));
        }
        out
    }
}

/// Reads the journal at `path` under a shared lock, so a concurrent append is never seen half
/// written.
pub fn read(path: &Path) -> Result<Loaded> {
    let mut file = super::lock::open_locked(path, super::lock::Mode::Read)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    drop(file);
    parse(path, &bytes)
}

pub fn open_error(path: &Path, e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        anyhow::anyhow!(
            "no engagement at {}: run `fasttrack init --customer NAME` to start one",
            path.display()
        )
    } else {
        anyhow::anyhow!("cannot open {}: {e}", path.display())
    }
}

/// Parses a whole journal.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Loaded> {
    let shown = path.display();
    let (body, torn) = match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last) if last + 1 == bytes.len() => (bytes, None),
        Some(last) => (&bytes[..=last], Some(last + 1)),
        None => (&bytes[..0], if bytes.is_empty() { None } else { Some(0) }),
    };
    let mut lines = body.split(|&b| b == b'\n');
    let first = lines.next().filter(|l| !l.is_empty());
    let header_line = match (first, torn) {
        (Some(l), _) => l,
        (None, Some(_)) if !bytes.starts_with(b"{\"format\":\"fasttrack-journal\"") => {
            bail!("{shown}: line 1: not a fasttrack journal (no journal header)")
        }
        (None, Some(_)) => bail!(
            "{shown}: line 1: the journal header is incomplete (an interrupted `fasttrack init`?); \
             remove the file and run `fasttrack init` again"
        ),
        (None, None) => bail!(
            "{shown}: the file is empty, not an engagement journal; remove it or run `fasttrack init` elsewhere"
        ),
    };
    let header = parse_header(path, header_line)?;

    let mut changes = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, (usize, &[u8])> = HashMap::new();
    for (i, raw) in lines.enumerate() {
        let line = i + 2;
        let text = trim_ascii(raw);
        if text.is_empty() {
            continue;
        }
        match serde_json::from_slice::<Change>(text) {
            Ok(change) if change.id.is_empty() || change.op.is_empty() => {
                problems.push(LineProblem {
                    line,
                    trouble: Trouble::BadLine {
                        message: "no id or op".into(),
                    },
                })
            }
            Ok(change) => match seen.get(&change.id) {
                Some(&(first, earlier)) if earlier == text => problems.push(LineProblem {
                    line,
                    trouble: Trouble::ExactDuplicate { first },
                }),
                Some(&(first, _)) => problems.push(LineProblem {
                    line,
                    trouble: Trouble::DuplicateId {
                        id: change.id.clone(),
                        first,
                    },
                }),
                None => {
                    seen.insert(change.id.clone(), (line, text));
                    changes.push(Entry { line, change });
                }
            },
            Err(e) => problems.push(LineProblem {
                line,
                trouble: Trouble::BadLine {
                    message: short_json_error(&e),
                },
            }),
        }
    }
    let mut torn = torn.map(|offset| Torn {
        offset: offset as u64,
        line: bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1,
        len: bytes.len() - offset,
    });
    let mut unterminated = false;
    if let Some(t) = &torn
        && let Some(change) = complete_change(&bytes[t.offset as usize..])
        && !seen.contains_key(&change.id)
    {
        // A write cut short can never end in a whole JSON object, since each line is
        // written as `{...}\n`: this is a finished line that only lacks its newline.
        changes.push(Entry {
            line: t.line,
            change,
        });
        unterminated = true;
        torn = None;
    }
    Ok(Loaded {
        path: path.to_path_buf(),
        header,
        changes,
        problems,
        torn,
        unterminated,
    })
}

/// `fragment` as a valid change, if it is one.
pub fn complete_change(fragment: &[u8]) -> Option<Change> {
    let text = trim_ascii(fragment);
    if !text.ends_with(b"}") {
        return None;
    }
    serde_json::from_slice::<Change>(text)
        .ok()
        .filter(|c| !c.id.is_empty() && !c.op.is_empty())
}

pub fn parse_header(path: &Path, line: &[u8]) -> Result<Header> {
    let shown = path.display();
    #[derive(serde::Deserialize)]
    struct Probe {
        format: Option<String>,
        version: Option<u32>,
    }
    let probe: Probe = serde_json::from_slice(trim_ascii(line)).map_err(|_| {
        anyhow::anyhow!(
            "{shown}: line 1: not a fasttrack journal (the first line is not a journal header)"
        )
    })?;
    if probe.format.as_deref() != Some(FORMAT) {
        bail!("{shown}: line 1: not a fasttrack journal (format is not {FORMAT:?})");
    }
    match probe.version {
        Some(v) if v > VERSION => bail!(
            "{shown}: written by a newer fasttrack (journal version {v}; this one reads up to {VERSION}); upgrade fasttrack to use it"
        ),
        Some(_) => {}
        None => bail!("{shown}: line 1: the journal header has no version"),
    }
    serde_json::from_slice(trim_ascii(line)).map_err(|e| {
        anyhow::anyhow!(
            "{shown}: line 1: invalid journal header: {}",
            short_json_error(&e)
        )
    })
}

fn trim_ascii(line: &[u8]) -> &[u8] {
    line.trim_ascii()
}

fn short_json_error(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = r#"{"format":"fasttrack-journal","version":1,"engagement":"e1","customer":"C","catalog":{"id":"x","version":"1"},"profile":{"services":["intune"],"forests":"single","identity":"managed"},"created":"2026-01-01T00:00:00Z","by":"a"}"#;

    fn change(id: &str) -> String {
        format!(
            r#"{{"id":"{id}","at":"2026-01-01T00:00:01.000000Z","by":"a","op":"done","item":"i","status":"done"}}"#
        )
    }

    fn load(text: &str) -> Result<Loaded> {
        parse(Path::new("j.jsonl"), text.as_bytes())
    }

    #[test]
    fn reads_header_and_changes() {
        let text = format!("{HEADER}\n{}\n{}\n", change("a"), change("b"));
        let l = load(&text).unwrap();
        assert_eq!(l.header.customer, "C");
        assert_eq!(l.changes.len(), 2);
        assert_eq!(l.changes[1].line, 3);
        assert!(l.problems.is_empty() && l.torn.is_none());
    }

    #[test]
    fn torn_tail_is_left_out_and_located() {
        let text = format!("{HEADER}\n{}\n{{\"id\":\"b\",\"at", change("a"));
        let l = load(&text).unwrap();
        assert_eq!(l.changes.len(), 1);
        let t = l.torn.unwrap();
        assert_eq!(t.line, 3);
        assert_eq!(t.offset as usize + t.len, text.len());
    }

    #[test]
    fn bad_lines_and_duplicates_are_reported() {
        let text = format!(
            "{HEADER}\n{}\ngarbage\n{}\n{}\n",
            change("a"),
            change("a"),
            change("a").replace("done\"}", "blocked\"}")
        );
        let l = load(&text).unwrap();
        assert_eq!(l.changes.len(), 1);
        assert!(l.is_corrupt());
        let kinds: Vec<usize> = l.problems.iter().map(|p| p.line).collect();
        assert_eq!(kinds, vec![3, 4, 5]);
        assert!(matches!(
            l.problems[1].trouble,
            Trouble::ExactDuplicate { first: 2 }
        ));
        assert!(matches!(
            l.problems[2].trouble,
            Trouble::DuplicateId { first: 2, .. }
        ));
    }

    #[test]
    fn crlf_lines_are_read() {
        let text = format!("{HEADER}\r\n{}\r\n", change("a"));
        assert_eq!(load(&text).unwrap().changes.len(), 1);
    }

    #[test]
    fn refuses_what_is_not_a_journal() {
        for bad in [
            "",
            "hello\n",
            "{\"format\":\"other\"}\n",
            "\u{0}\u{1}binary",
            "{\"format\":\"fasttrack-journal\"}\n",
        ] {
            assert!(load(bad).is_err(), "{bad:?}");
        }
        let newer = HEADER.replace("\"version\":1", "\"version\":9");
        let err = load(&format!("{newer}\n")).unwrap_err().to_string();
        assert!(err.contains("newer fasttrack"), "{err}");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)))]

            /// Any bytes at all: Ok or Err, never a panic.
            #[test]
            fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
                let _ = parse(Path::new("j"), &bytes);
            }

            /// A valid header followed by any bytes: always loads, and every line is a
            /// change, a reported problem, blank, or the torn tail.
            #[test]
            fn a_valid_header_and_any_body_loads(body in proptest::collection::vec(any::<u8>(), 0..4096)) {
                let mut bytes = format!("{HEADER}\n").into_bytes();
                bytes.extend_from_slice(&body);
                let l = parse(Path::new("j"), &bytes).expect("the header is valid");
                let lines = bytes.split(|&b| b == b'\n').count();
                prop_assert!(l.changes.len() + l.problems.len() < lines);
            }

            /// Cutting a good journal anywhere loses at most the line that was cut.
            #[test]
            fn a_cut_journal_keeps_every_whole_line(n in 1usize..20, cut in any::<prop::sample::Index>()) {
                let mut text = format!("{HEADER}\n");
                for i in 0..n {
                    text.push_str(&change(&format!("c{i}")));
                    text.push('\n');
                }
                let cut = HEADER.len() + 1 + cut.index(text.len() - HEADER.len() - 1);
                let l = parse(Path::new("j"), &text.as_bytes()[..cut]).unwrap();
                let whole = text[..cut].matches('\n').count() - 1;
                prop_assert!(l.problems.is_empty());
                prop_assert!(l.changes.len() == whole || (l.changes.len() == whole + 1 && l.unterminated));
                prop_assert_eq!(l.torn.is_some(), !text[..cut].ends_with('\n') && !l.unterminated);
            }
        }
    }
}
