//! Reading a journal: one buffered read, line by line, tolerant where it is safe to be.
//!
//! - The header must be valid and of a version we know, or nothing is read.
//! - A last line without its newline is a torn write (a crash mid-append): it is left out and
//!   reported; the next write moves it aside before appending.
//! - A line that does not parse in the middle is reported with its number and skipped by
//!   readers; writers refuse to append to such a journal until `fasttrack doctor` mends it.
//! - Exact duplicate lines (a merge artefact) count once; two different lines with one change
//!   id are reported and the first is kept.

use super::format::{Change, ChangeOf, FORMAT, JournalHeader, VERSION};
pub use super::lock::Mode;
use anyhow::{Context, Result, bail};
use std::fs::File;
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

/// How many line problems a reading command lists before counting the rest.
pub const SHOWN_WARNINGS: usize = 5;

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
    pub header: JournalHeader,
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

    /// One warning line per problem, for a reading command's standard error: the first
    /// [`SHOWN_WARNINGS`], then how many more (a million bad lines must not print a million
    /// lines on every read).
    pub fn warnings(&self) -> Vec<String> {
        let shown = self.path.display();
        let relevant = || {
            self.problems
                .iter()
                .filter(|p| !matches!(p.trouble, Trouble::ExactDuplicate { .. }))
        };
        let hidden = relevant().count().saturating_sub(SHOWN_WARNINGS);
        let mut out: Vec<String> = relevant()
            .take(SHOWN_WARNINGS)
            .map(|p| {
                format!(
                    "{shown}:{}: {}; skipped (run `fasttrack doctor`)",
                    p.line,
                    p.describe()
                )
            })
            .collect();
        if hidden > 0 {
            out.push(format!(
                "{shown}: and {hidden} more (run `fasttrack doctor`)"
            ));
        }
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

/// The largest journal read (a year of a busy engagement is a few megabytes): a larger file
/// is refused before it is parsed, not read until memory runs out.
pub const MAX_JOURNAL_BYTES: u64 = 1 << 30;

/// Opens the journal at `path` under its lock and reads all of it, refusing more than
/// [`MAX_JOURNAL_BYTES`]: the one way fasttrack reads a journal's bytes. A shared lock
/// ([`Mode::Read`]) means no append is seen half written; the exclusive one ([`Mode::Write`]) that
/// nothing changes until the returned file is dropped.
pub fn read_locked(path: &Path, mode: Mode) -> Result<(File, Vec<u8>)> {
    let mut file = super::lock::open_locked(path, mode)?;
    let hint = file
        .metadata()
        .map_or(0, |m| m.len().min(MAX_JOURNAL_BYTES));
    let mut bytes = Vec::with_capacity(hint as usize + 1);
    (&mut file)
        .take(MAX_JOURNAL_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > MAX_JOURNAL_BYTES {
        bail!(
            "{} is larger than {} MiB, more than any journal fasttrack writes; nothing was read: check --state",
            path.display(),
            MAX_JOURNAL_BYTES >> 20
        );
    }
    Ok((file, bytes))
}

/// Reads the journal at `path` (under a shared lock, released before parsing).
pub fn read(path: &Path) -> Result<Loaded> {
    let (_, bytes) = read_locked(path, Mode::Read)?;
    parse(path, &bytes)
}

/// [`read`] for a command that reads and then ends: the file's buffer is kept until the
/// process exits, and the changes borrow their strings from it instead of copying each one
/// (at 30,000 changes, seven allocations a line were a fifth of `status`).
pub fn read_for_process(path: &Path) -> Result<Loaded> {
    let (_, bytes) = read_locked(path, Mode::Read)?;
    let bytes: &'static [u8] = bytes.leak();
    parse_as(path, bytes, |c| c)
}

/// Parses a whole journal.
///
/// Cost matters here (a long journal is read by every command): lines are found with
/// `memchr`, each is checked as UTF-8 once so serde_json need not re-check every string, and
/// duplicate ids are found afterwards by sorting indexes, without copying or hashing an id.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Loaded> {
    parse_as(path, bytes, ChangeOf::into_owned)
}

/// The UTF-8 byte-order mark some Windows editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// [`parse`], keeping each change as `keep` makes it (borrowing from `bytes` or owning).
pub(crate) fn parse_as<'a>(
    path: &Path,
    bytes: &'a [u8],
    keep: impl Fn(ChangeOf<'a>) -> Change,
) -> Result<Loaded> {
    let shown = path.display();
    // A byte-order mark is read past; offsets (the torn tail's) stay offsets in the file.
    let skip = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let bytes = &bytes[skip..];
    let (body, torn) = match memchr::memrchr(b'\n', bytes) {
        Some(last) if last + 1 == bytes.len() => (bytes, None),
        Some(last) => (&bytes[..=last], Some(last + 1)),
        None => (&bytes[..0], if bytes.is_empty() { None } else { Some(0) }),
    };
    let mut lines = split_lines(body);
    let first = lines.next().filter(|l| !l.is_empty());
    let header_line = match (first, torn) {
        (Some(l), _) => l,
        (None, Some(_)) if bytes.contains(&b'\r') && bytes.starts_with(b"{") => bail!(
            "{shown}: the file has no newline, only carriage returns (saved with old Mac line endings?); \
             nothing was read: run `fasttrack doctor`, and keep the file"
        ),
        (None, Some(_)) if !bytes.starts_with(b"{\"format\":\"fasttrack-journal\"") => {
            bail!("{shown}: line 1: not a fasttrack journal (no journal header)")
        }
        (None, Some(_)) => bail!(
            "{shown}: line 1: the journal header is incomplete (no newline after it: an interrupted `fasttrack init`, or a hand edit); \
             nothing was read: run `fasttrack doctor`, and keep the file"
        ),
        (None, None) => bail!(
            "{shown}: the file is empty, not an engagement journal; remove it or run `fasttrack init` elsewhere"
        ),
    };
    let header = parse_header(path, header_line)?;

    // One slot per line, reserved once: growing a vector of changes copies every one of them.
    let expected = memchr::memchr_iter(b'\n', body).count();
    let mut changes = Vec::with_capacity(expected);
    let mut problems = Vec::new();
    // The whole body checked as UTF-8 at once (each line's text is then a slice of it); only
    // when that fails is each line checked on its own, so that one bad line spoils no other.
    let whole = std::str::from_utf8(body).ok();
    let mut line = 1;
    for raw in lines {
        line += 1;
        let text = trim_ascii(raw);
        if text.is_empty() {
            continue;
        }
        let read = match whole {
            Some(whole) => parse_str(trim_str(whole, body, raw)),
            None => parse_change(text),
        };
        match read {
            Ok(change) if change.id.is_empty() || change.op.is_missing() => {
                problems.push(LineProblem {
                    line,
                    trouble: Trouble::BadLine {
                        message: "no id or op".into(),
                    },
                })
            }
            Ok(change) => {
                changes.push(Entry {
                    line,
                    change: keep(change),
                });
            }
            Err(e) => problems.push(LineProblem {
                line,
                trouble: Trouble::BadLine {
                    message: short_json_error(&e),
                },
            }),
        }
    }
    drop_duplicates(&mut changes, body, &mut problems);
    let mut torn = torn.map(|offset| Torn {
        offset: (offset + skip) as u64,
        line: line + 1,
        len: bytes.len() - offset,
    });
    let mut unterminated = false;
    if let Some(t) = &torn
        && let Some(change) = complete_change(&bytes[t.offset as usize - skip..])
        && !changes.iter().any(|e| e.change.id == change.id)
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
    // A batch is written in one append, each change marked `ID/N`: fewer than N of the last
    // batch's changes at the end of the file mean that append was cut short after its first
    // lines, so they are part of the torn write, not changes.
    if let Some(cut) = torn_batch(&changes) {
        let line = changes[cut].line;
        let offset = memchr::memchr_iter(b'\n', bytes)
            .nth(line - 2)
            .map_or(bytes.len(), |p| p + 1);
        changes.truncate(cut);
        torn = Some(Torn {
            offset: (offset + skip) as u64,
            line,
            len: bytes.len() - offset,
        });
        unterminated = false;
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

/// Where the last batch starts in `changes` if fewer of its changes are there than its mark
/// says; `None` when the last change is no batch's or its batch is whole.
fn torn_batch(changes: &[Entry]) -> Option<usize> {
    let mark = changes.last()?.change.more().batch.as_deref()?;
    let size: usize = mark.rsplit_once('/')?.1.parse().ok()?;
    let run = changes
        .iter()
        .rev()
        .take_while(|e| e.change.more().batch.as_deref() == Some(mark))
        .count();
    (run < size).then(|| changes.len() - run)
}

/// The lines of `body` (which ends with a newline, or is empty), without their newlines.
fn split_lines(body: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', body).map(move |end| {
        let line = &body[start..end];
        start = end + 1;
        line
    })
}

/// `raw` (a line of `body`, which `whole` is as text) as text, trimmed as [`trim_ascii`] trims.
fn trim_str<'a>(whole: &'a str, body: &[u8], raw: &[u8]) -> &'a str {
    // `raw` is a slice of `body`: its offset is the distance between the two starts.
    let start = raw.as_ptr() as usize - body.as_ptr() as usize;
    whole[start..start + raw.len()].trim_ascii()
}

/// One change line. A line of the shape the tool writes is cut at its quotes
/// ([`super::scan`]); other valid UTF-8 goes through serde_json's `from_str`, which trusts it;
/// anything else through `from_slice`, whose error names the bad bytes.
fn parse_change(text: &[u8]) -> serde_json::Result<ChangeOf<'_>> {
    match std::str::from_utf8(text) {
        Ok(s) => parse_str(s),
        Err(_) => serde_json::from_slice(text),
    }
}

/// [`parse_change`] for a line already known to be UTF-8.
fn parse_str(s: &str) -> serde_json::Result<ChangeOf<'_>> {
    super::scan::change(s).map_or_else(|| serde_json::from_str(s), Ok)
}

/// Keeps the first change of each id (in line order) and reports the later ones: as exact
/// duplicates when their text is the first one's byte for byte, else as reused ids.
/// `body` holds the lines the changes were read from; `problems` stays in line order.
fn drop_duplicates(changes: &mut Vec<Entry>, body: &[u8], problems: &mut Vec<LineProblem>) {
    // u32 indexes, half the memory of usize ones: a journal of at most MAX_JOURNAL_BYTES has
    // fewer lines than a u32 counts.
    let mut order: Vec<u32> = (0..changes.len() as u32).collect();
    // Stable, so each id's first line comes first within its run.
    order.sort_by(|&a, &b| {
        changes[a as usize]
            .change
            .id
            .cmp(&changes[b as usize].change.id)
    });
    let id = |i: u32| &changes[i as usize].change.id;
    let mut dropped = vec![false; changes.len()];
    let mut any = false;
    // The text of each line, found only when some id repeats (rarely): line `n` is `lines[n - 1]`.
    let mut lines: Vec<&[u8]> = Vec::new();
    for run in order.chunk_by(|&a, &b| id(a) == id(b)) {
        let (&kept, later) = run.split_first().expect("chunks are never empty");
        let kept = kept as usize;
        for &i in later {
            let i = i as usize;
            if lines.is_empty() {
                lines = split_lines(body).collect();
            }
            let text = |n: usize| trim_ascii(lines[changes[n].line - 1]);
            any = true;
            dropped[i] = true;
            let first = changes[kept].line;
            let trouble = if text(i) == text(kept) {
                Trouble::ExactDuplicate { first }
            } else {
                Trouble::DuplicateId {
                    id: changes[i].change.id.to_string(),
                    first,
                }
            };
            problems.push(LineProblem {
                line: changes[i].line,
                trouble,
            });
        }
    }
    if any {
        let mut i = 0;
        changes.retain(|_| {
            i += 1;
            !dropped[i - 1]
        });
        problems.sort_by_key(|p| p.line);
    }
}

/// `fragment` as a valid change, if it is one.
pub fn complete_change(fragment: &[u8]) -> Option<Change> {
    let text = trim_ascii(fragment);
    if !text.ends_with(b"}") {
        return None;
    }
    serde_json::from_slice::<ChangeOf>(text)
        .ok()
        .filter(|c| !c.id.is_empty() && !c.op.is_missing())
        .map(ChangeOf::into_owned)
}

pub fn parse_header(path: &Path, line: &[u8]) -> Result<JournalHeader> {
    let shown = path.display();
    #[derive(serde::Deserialize)]
    struct Probe {
        format: Option<String>,
        version: Option<serde_json::Value>,
    }
    let probe: Probe = serde_json::from_slice(trim_ascii(line)).map_err(|_| {
        anyhow::anyhow!(
            "{shown}: line 1: not a fasttrack journal (the first line is not a journal header)"
        )
    })?;
    if probe.format.as_deref() != Some(FORMAT) {
        bail!("{shown}: line 1: not a fasttrack journal (format is not {FORMAT:?})");
    }
    match probe.version.as_ref().map(|v| (v.as_u64(), v)) {
        Some((Some(v), _)) if v > u64::from(VERSION) => bail!(
            "{shown}: written by a newer fasttrack (journal version {v}; this one reads up to {VERSION}); upgrade fasttrack to use it"
        ),
        Some((Some(v), _)) if v >= 1 => {}
        Some((_, v)) => bail!(
            "{shown}: line 1: the journal header says version {v}, which no fasttrack writes (versions start at 1); run `fasttrack doctor`, and keep the file"
        ),
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

    fn batched(id: &str, mark: &str) -> String {
        change(id).replace('}', &format!(r#","batch":"{mark}"}}"#))
    }

    /// Fewer changes of the last batch than its mark says are a torn write from the first of
    /// them, whatever follows; a whole batch, or fewer of an earlier one, are changes.
    #[test]
    fn a_cut_batch_is_torn_from_its_first_line() {
        let whole = format!(
            "{HEADER}\n{}\n{}\n{}\n",
            change("a"),
            batched("b", "b/2"),
            batched("c", "b/2")
        );
        let l = load(&whole).unwrap();
        assert_eq!(l.changes.len(), 3);
        assert!(l.torn.is_none());

        let head = format!("{HEADER}\n{}\n", change("a"));
        let cut = format!(
            "{head}{}\n{}\n{{\"id\":\"e",
            batched("b", "b/3"),
            batched("c", "b/3")
        );
        let l = load(&cut).unwrap();
        assert_eq!(l.changes.len(), 1, "only the change before the batch");
        let t = l.torn.expect("the batch is torn");
        assert_eq!(t.offset as usize, head.len());
        assert_eq!(t.line, 3);
        assert_eq!(t.len, cut.len() - head.len());

        // Cut at a line's end: no torn tail, yet the batch is not whole.
        let cut = format!("{head}{}\n", batched("b", "b/2"));
        let l = load(&cut).unwrap();
        assert_eq!(l.changes.len(), 1);
        assert_eq!(l.torn.unwrap().offset as usize, head.len());
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

    /// Duplicates are found after the lines are read: the first of each id is kept wherever
    /// it is, and problems are still reported in line order.
    #[test]
    fn duplicates_keep_the_first_line_and_line_order() {
        let other = change("b").replace("done\"}", "blocked\"}");
        let text = format!(
            "{HEADER}\n{}\n{}\n{}\ngarbage\n{other}\n{}\n",
            change("b"),
            change("a"),
            change("b"),
            change("c"),
        );
        let l = load(&text).unwrap();
        let kept: Vec<(usize, &str)> = l.changes.iter().map(|e| (e.line, &*e.change.id)).collect();
        assert_eq!(kept, vec![(2, "b"), (3, "a"), (7, "c")]);
        let problems: Vec<(usize, Trouble)> = l
            .problems
            .iter()
            .map(|p| (p.line, p.trouble.clone()))
            .collect();
        assert_eq!(problems[0], (4, Trouble::ExactDuplicate { first: 2 }));
        assert!(matches!(problems[1], (5, Trouble::BadLine { .. })));
        assert_eq!(
            problems[2],
            (
                6,
                Trouble::DuplicateId {
                    id: "b".into(),
                    first: 2
                }
            )
        );
        // An unterminated last line reusing a kept id is not read as a change.
        let l = load(&format!("{HEADER}\n{}\n{}", change("a"), change("a"))).unwrap();
        assert_eq!(l.changes.len(), 1);
        assert!(!l.unterminated && l.torn.is_some());
    }

    /// A line that is not UTF-8 spoils no other: the body is then read line by line, and an
    /// exact duplicate is still told from a reused id by its text.
    #[test]
    fn a_line_that_is_not_utf8_spoils_no_other() {
        let mut text = format!("{HEADER}\n{}\n", change("a")).into_bytes();
        text.extend_from_slice(b"{\"id\":\"\xFF\"}\n");
        let reused = change("a").replace("done\"}", "blocked\"}");
        text.extend_from_slice(format!("{}\n{reused}\n{}\n", change("a"), change("b")).as_bytes());
        for bytes in [
            text.clone(),
            text.iter()
                .map(|&b| if b == 0xFF { b'x' } else { b })
                .collect(),
        ] {
            let l = parse(Path::new("j"), &bytes).unwrap();
            let kept: Vec<&str> = l.changes.iter().map(|e| &*e.change.id).collect();
            assert_eq!(kept, ["a", "b"]);
            let problems: Vec<(usize, &Trouble)> =
                l.problems.iter().map(|p| (p.line, &p.trouble)).collect();
            assert!(matches!(problems[0], (3, Trouble::BadLine { .. })));
            assert_eq!(problems[1], (4, &Trouble::ExactDuplicate { first: 2 }));
            assert!(matches!(
                problems[2],
                (5, Trouble::DuplicateId { first: 2, .. })
            ));
        }
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
