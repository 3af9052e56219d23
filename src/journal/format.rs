//! The journal's line types. `fasttrack.jsonl` is JSON Lines: a header line describing the
//! engagement, then one line per change, appended and never rewritten.
//!
//! Compatibility: readers ignore fields they do not know and keep changes whose op or status
//! they do not know (shown as such), so a journal touched by a newer minor release still
//! loads; a newer `version` is refused, because its meaning may have changed.

use super::fields::change_line;
pub use super::op::Op;
use crate::profile::Profile;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

pub const FORMAT: &str = "fasttrack-journal";
pub const VERSION: u32 = 1;
pub const FILE_NAME: &str = "fasttrack.jsonl";

/// The first line of a journal: the engagement it records (format, customer, catalog,
/// profile when started).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalHeader {
    pub format: String,
    pub version: u32,
    /// A random id for the engagement (tells two engagements of one customer apart).
    pub engagement: String,
    pub customer: String,
    pub catalog: CatalogAtStart,
    pub profile: Profile,
    /// UTC, RFC 3339.
    pub created: String,
    pub by: String,
}

/// The catalog the engagement was started with (`catalog` in the header): its id and version
/// (the catalog in use now may be another).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogAtStart {
    pub id: String,
    pub version: String,
}

/// Item statuses, with their journal spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    NotStarted,
    InProgress,
    Blocked,
    Done,
    /// The customer will not do it.
    Skipped,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Blocked,
        Status::Done,
        Status::Skipped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::InProgress => "in-progress",
            Status::Blocked => "blocked",
            Status::Done => "done",
            Status::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Done or skipped: nothing more to do.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Skipped)
    }
}

/// One change. Fields a given op does not use are absent from its line.
///
/// Strings are `Cow`s: a journal read for a command borrows them from the file's buffer, which
/// lives as long as the process (see `read::read`), so reading a line allocates nothing for a
/// field without escapes; changes made in memory own theirs.
pub type Change = ChangeOf<'static>;

change_line! {
    /// A change whose strings may borrow from a buffer living for `'a` (see [`Change`]).
    ///
    /// The fields every op uses are here; those of a few ops are boxed in [`ChangeExtras`], so
    /// that a change is 208 bytes, not 392: at 30,000 changes the changes were half of
    /// `status`'s memory, and on these machines each page first touched costs about 2 µs. On a
    /// line, the fields are written in the order listed here, then [`ChangeExtras`]'s.
    pub struct ChangeOf<'a> {
        /// Unique, random: tells changes apart across clones of a shared journal.
        pub id: Cow<'a, str>,
        /// UTC, RFC 3339 with microseconds.
        pub at: Cow<'a, str>,
        pub by: Cow<'a, str>,
        /// What the change does (an op this version does not know is kept as written).
        pub op: Op,
        pub item: Option<Cow<'a, str>>,
        /// The item's status after this change, in its journal spelling.
        pub status: Option<Cow<'a, str>>,
        pub note: Option<Cow<'a, str>>,
        /// The id of the item's latest change its author had seen (conflict detection).
        pub prev: Option<Cow<'a, str>>,
        /// Marked although it did not apply to the profile (`--force`).
        pub forced: bool,
    }

    /// The fields only a few ops use: `profile`, `assign`, `checkpoint`, `resolve` and `undo`
    /// (read them through [`ChangeOf::more`]).
    pub struct ChangeExtras<'a> {
        /// For `profile`: the key changed and its new value.
        pub key: Option<Cow<'a, str>>,
        pub value: Option<Cow<'a, str>>,
        /// For `assign` (and an `undo` of one): the person assigned, the due date and the next
        /// action date (YYYY-MM-DD). Absent: unchanged; an empty string: cleared.
        pub assignee: Option<Cow<'a, str>>,
        pub due: Option<Cow<'a, str>>,
        pub next_action: Option<Cow<'a, str>>,
        /// For `checkpoint`: when the call was held (UTC, RFC 3339; `at` is when it was
        /// recorded) and who attended. The summary is the `note`.
        pub held: Option<Cow<'a, str>>,
        pub attendees: Vec<String>,
        /// For `resolve`: the conflicting changes this one settles.
        pub supersedes: Vec<String>,
        /// For `undo`: the change it reverts.
        pub reverts: Option<Cow<'a, str>>,
        /// On every change of a batch written in one append (`done A B C`): the first
        /// change's id and the batch's size, `ID/N`. A reader that finds fewer than N changes
        /// of the last batch at the end of the file treats them as a torn write.
        pub batch: Option<Cow<'a, str>>,
    }
}

static NO_EXTRAS: ChangeExtras<'static> = ChangeExtras::EMPTY;

impl<'a> ChangeExtras<'a> {
    /// Boxed for a change, or `None` when every field is empty.
    pub fn boxed(self) -> Option<Box<ChangeExtras<'a>>> {
        (self != NO_EXTRAS).then(|| Box::new(self))
    }
}

impl<'a> ChangeOf<'a> {
    pub fn status(&self) -> Option<Status> {
        self.status.as_deref().and_then(Status::parse)
    }

    /// The fields of the few ops that use them (all empty for the others).
    pub fn more(&self) -> &ChangeExtras<'a> {
        self.more.as_deref().unwrap_or(&NO_EXTRAS)
    }

    /// A `profile` change's key and new value, when it has both.
    pub fn setting(&self) -> Option<(&str, &str)> {
        let m = self.more();
        m.key.as_deref().zip(m.value.as_deref())
    }

    /// [`ChangeOf::more`], to set a field.
    pub fn more_mut(&mut self) -> &mut ChangeExtras<'a> {
        self.more.get_or_insert_default()
    }
}

/// Whether the file at `path` starts with a journal header (after a byte-order mark),
/// whatever its name: an export never replaces one.
pub fn is_journal_file(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(64 * 1024).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    #[derive(serde::Deserialize)]
    struct Probe {
        format: Option<String>,
    }
    serde_json::from_slice::<Probe>(first.trim_ascii())
        .is_ok_and(|p| p.format.as_deref() == Some(FORMAT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_strings_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        assert_eq!(Status::parse("waiting"), None);
    }

    #[test]
    fn change_lines_omit_unused_fields_and_ignore_unknown_ones() {
        let c = Change {
            id: "a1".into(),
            at: "2026-01-01T00:00:00.000000Z".into(),
            by: "ann".into(),
            op: "note".into(),
            item: Some("x".into()),
            note: Some("hi".into()),
            ..Change::default()
        };
        let line = serde_json::to_string(&c).unwrap();
        assert_eq!(
            line,
            r#"{"id":"a1","at":"2026-01-01T00:00:00.000000Z","by":"ann","op":"note","item":"x","note":"hi"}"#
        );
        let newer = r#"{"id":"a1","at":"2026-01-01T00:00:00.000000Z","by":"ann","op":"note","item":"x","note":"hi","colour":"red"}"#;
        assert!(c.more.is_none());
        assert_eq!(serde_json::from_str::<ChangeOf>(newer).unwrap(), c);
    }

    /// Reading through serde_json keeps serde's rules for a struct, and its messages.
    #[test]
    fn the_serde_json_reader_refuses_and_ignores_as_serde_does() {
        let err = |l: &str| serde_json::from_str::<ChangeOf>(l).unwrap_err().to_string();
        assert!(err(r#"{"id":"a","at":"t","by":"b"}"#).starts_with("missing field `op`"));
        let twice = r#"{"id":"a","at":"t","by":"b","op":"x","id":"b"}"#;
        assert!(err(twice).starts_with("duplicate field `id`"));
        let flag = r#"{"id":"a","at":"t","by":"b","op":"x","forced":"yes"}"#;
        assert!(err(flag).starts_with("invalid type: string \"yes\", expected a boolean"));
        assert!(err(r#"{"id":"a","at":"t","by":"b","op":1}"#).contains("expected a string"));
        // Escaped names and values, `null` for an optional field, unknown fields of any shape.
        let line =
            r#"{"\u0069d":"a","at":"t","by":"b","op":"n\u006fte","key":null,"colour":[1,{}]}"#;
        let c: ChangeOf = serde_json::from_str(line).unwrap();
        assert_eq!((&*c.id, &c.op), ("a", &Op::Note));
        assert!(c.more.is_none());
    }

    /// Every field is written, in the declared order, when it has something in it.
    #[test]
    fn fields_are_written_in_their_declared_order() {
        let c = Change {
            id: "i".into(),
            at: "a".into(),
            by: "b".into(),
            op: Op::Undo,
            item: Some("x".into()),
            status: Some("done".into()),
            note: Some("n".into()),
            prev: Some("".into()),
            forced: true,
            more: ChangeExtras {
                key: Some("k".into()),
                value: Some("v".into()),
                assignee: Some("o".into()),
                due: Some("d".into()),
                next_action: Some("".into()),
                held: Some("h".into()),
                attendees: vec!["p".into()],
                supersedes: vec!["s".into()],
                reverts: Some("r".into()),
                batch: Some("i/2".into()),
            }
            .boxed(),
        };
        let line = serde_json::to_string(&c).unwrap();
        assert_eq!(
            line,
            r#"{"id":"i","at":"a","by":"b","op":"undo","item":"x","status":"done","note":"n","prev":"","forced":true,"key":"k","value":"v","assignee":"o","due":"d","next_action":"","held":"h","attendees":["p"],"supersedes":["s"],"reverts":"r","batch":"i/2"}"#
        );
        let fields: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&line).unwrap();
        assert_eq!(fields.len(), Field::NAMES.len());
        assert_eq!(serde_json::from_str::<ChangeOf>(&line).unwrap(), c);
    }

    /// A change whose op this version does not know reads (fast path and serde_json alike)
    /// and writes back byte for byte.
    #[test]
    fn unknown_ops_read_and_write_back_unchanged() {
        let line = r#"{"id":"a1","at":"2026-01-01T00:00:00.000000Z","by":"ann","op":"milestone","item":"x","status":"signed-off"}"#;
        let fast = super::super::scan::change(line).unwrap();
        let slow: ChangeOf = serde_json::from_str(line).unwrap();
        assert_eq!(fast, slow);
        assert_eq!(fast.op, Op::Unknown("milestone".into()));
        assert_eq!(serde_json::to_string(&fast).unwrap(), line);
    }
}
