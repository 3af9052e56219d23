//! The journal's line types. `fasttrack.jsonl` is JSON Lines: a header line describing the
//! engagement, then one line per change, appended and never rewritten.
//!
//! Compatibility: readers ignore fields they do not know and keep changes whose op or status
//! they do not know (shown as such), so a journal touched by a newer minor release still
//! loads; a newer `version` is refused, because its meaning may have changed.

pub use super::op::Op;
use crate::profile::Profile;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

pub const FORMAT: &str = "fasttrack-journal";
pub const VERSION: u32 = 1;
pub const FILE_NAME: &str = "fasttrack.jsonl";

/// The first line of a journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// A random id for the engagement (tells two engagements of one customer apart).
    pub engagement: String,
    pub customer: String,
    pub catalog: CatalogRef,
    pub profile: Profile,
    /// UTC, RFC 3339.
    pub created: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRef {
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

/// A change whose strings may borrow from a buffer living for `'a` (see [`Change`]).
///
/// The fields every op uses are here; those of a few ops are boxed in [`More`], so that a
/// change is 208 bytes, not 392: at 30,000 changes the changes were half of `status`'s memory,
/// and on these machines each page first touched costs about 2 µs. The line format is
/// [`Line`]'s, unchanged.
#[derive(Debug, Clone, PartialEq, Default)]
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
    /// The fields of `profile`, `assign`, `checkpoint`, `resolve` and `undo` changes; `None`
    /// when the change has none of them (read them through [`ChangeOf::more`]).
    pub more: Option<Box<More<'a>>>,
}

/// The fields only a few ops use (see [`ChangeOf::more`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct More<'a> {
    /// For `profile`: the key changed and its new value.
    pub key: Option<Cow<'a, str>>,
    pub value: Option<Cow<'a, str>>,
    /// For `assign` (and an `undo` of one): the person assigned, the due date and the next
    /// action date (YYYY-MM-DD). Absent: unchanged; an empty string: cleared.
    pub assignee: Option<Cow<'a, str>>,
    pub due: Option<Cow<'a, str>>,
    pub next_action: Option<Cow<'a, str>>,
    /// For `checkpoint`: when the call was held (UTC, RFC 3339; `at` is when it was recorded)
    /// and who attended. The summary is the `note`.
    pub held: Option<Cow<'a, str>>,
    pub attendees: Vec<String>,
    /// For `resolve`: the conflicting changes this one settles.
    pub supersedes: Vec<String>,
    /// For `undo`: the change it reverts.
    pub reverts: Option<Cow<'a, str>>,
}

static NO_MORE: More<'static> = More {
    key: None,
    value: None,
    assignee: None,
    due: None,
    next_action: None,
    held: None,
    attendees: Vec::new(),
    supersedes: Vec::new(),
    reverts: None,
};

impl<'a> More<'a> {
    /// Boxed for a change, or `None` when every field is empty.
    pub fn boxed(self) -> Option<Box<More<'a>>> {
        (self != NO_MORE).then(|| Box::new(self))
    }
}

impl<'a> ChangeOf<'a> {
    pub fn status(&self) -> Option<Status> {
        self.status.as_deref().and_then(Status::parse)
    }

    /// The fields of the few ops that use them (all empty for the others).
    pub fn more(&self) -> &More<'a> {
        self.more.as_deref().unwrap_or(&NO_MORE)
    }

    /// A `profile` change's key and new value, when it has both.
    pub fn setting(&self) -> Option<(&str, &str)> {
        let m = self.more();
        m.key.as_deref().zip(m.value.as_deref())
    }

    /// [`ChangeOf::more`], to set a field.
    pub fn more_mut(&mut self) -> &mut More<'a> {
        self.more.get_or_insert_default()
    }

    /// The same change owning its strings (free of the buffer it was read from).
    pub fn into_owned(self) -> Change {
        fn own(s: Cow<'_, str>) -> Cow<'static, str> {
            Cow::Owned(s.into_owned())
        }
        fn opt(s: Option<Cow<'_, str>>) -> Option<Cow<'static, str>> {
            s.map(own)
        }
        ChangeOf {
            id: own(self.id),
            at: own(self.at),
            by: own(self.by),
            op: self.op,
            item: opt(self.item),
            status: opt(self.status),
            note: opt(self.note),
            prev: opt(self.prev),
            forced: self.forced,
            more: self.more.map(|m| {
                let m = *m;
                Box::new(More {
                    key: opt(m.key),
                    value: opt(m.value),
                    assignee: opt(m.assignee),
                    due: opt(m.due),
                    next_action: opt(m.next_action),
                    held: opt(m.held),
                    attendees: m.attendees,
                    supersedes: m.supersedes,
                    reverts: opt(m.reverts),
                })
            }),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for ChangeOf<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let l = Line::deserialize(d)?;
        Ok(ChangeOf {
            id: l.id,
            at: l.at,
            by: l.by,
            op: Op::parse(&l.op),
            item: l.item,
            status: l.status,
            note: l.note,
            prev: l.prev,
            forced: l.forced,
            more: More {
                key: l.key,
                value: l.value,
                assignee: l.assignee,
                due: l.due,
                next_action: l.next_action,
                held: l.held,
                attendees: l.attendees.into_owned(),
                supersedes: l.supersedes.into_owned(),
                reverts: l.reverts,
            }
            .boxed(),
        })
    }
}

impl Serialize for ChangeOf<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fn b<'r>(v: &'r Option<Cow<'_, str>>) -> Option<Cow<'r, str>> {
            v.as_deref().map(Cow::Borrowed)
        }
        let m = self.more();
        Line {
            id: Cow::Borrowed(&self.id),
            at: Cow::Borrowed(&self.at),
            by: Cow::Borrowed(&self.by),
            op: Cow::Borrowed(self.op.as_str()),
            item: b(&self.item),
            status: b(&self.status),
            note: b(&self.note),
            prev: b(&self.prev),
            forced: self.forced,
            key: b(&m.key),
            value: b(&m.value),
            assignee: b(&m.assignee),
            due: b(&m.due),
            next_action: b(&m.next_action),
            held: b(&m.held),
            attendees: Cow::Borrowed(&m.attendees),
            supersedes: Cow::Borrowed(&m.supersedes),
            reverts: b(&m.reverts),
        }
        .serialize(s)
    }
}

/// A change line as JSON: the journal format, field by field in the order they are written.
#[derive(Serialize, Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    at: Cow<'a, str>,
    #[serde(borrow)]
    by: Cow<'a, str>,
    #[serde(borrow)]
    op: Cow<'a, str>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    item: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    status: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    note: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    prev: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    forced: bool,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    key: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    value: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    assignee: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    due: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    next_action: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    held: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "<[String]>::is_empty")]
    attendees: Cow<'a, [String]>,
    #[serde(default, skip_serializing_if = "<[String]>::is_empty")]
    supersedes: Cow<'a, [String]>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    reverts: Option<Cow<'a, str>>,
}

/// An optional string borrowed from the input when it has no escapes (serde borrows a bare
/// `Cow<str>` field on request, never one inside an `Option`).
fn opt_cow<'de: 'a, 'a, D>(d: D) -> Result<Option<Cow<'a, str>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Ok(Option::<Borrowed<'a>>::deserialize(d)?.map(|b| b.0))
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
