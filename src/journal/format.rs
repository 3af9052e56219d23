//! The journal's line types. `fasttrack.jsonl` is JSON Lines: a header line describing the
//! engagement, then one line per change, appended and never rewritten.
//!
//! Compatibility: readers ignore fields they do not know and keep changes whose op or status
//! they do not know (shown as such), so a journal touched by a newer minor release still
//! loads; a newer `version` is refused, because its meaning may have changed.

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
/// field without escapes; changes made in memory own theirs (or borrow a literal, like `op`).
pub type Change = ChangeOf<'static>;

/// A change whose strings may borrow from a buffer living for `'a` (see [`Change`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChangeOf<'a> {
    /// Unique, random: tells changes apart across clones of a shared journal.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// UTC, RFC 3339 with microseconds.
    #[serde(borrow)]
    pub at: Cow<'a, str>,
    #[serde(borrow)]
    pub by: Cow<'a, str>,
    /// start, done, block, skip, reopen, note, profile, ... (unknown ops are kept).
    #[serde(borrow)]
    pub op: Cow<'a, str>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub item: Option<Cow<'a, str>>,
    /// The item's status after this change, in its journal spelling.
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub note: Option<Cow<'a, str>>,
    /// The id of the item's latest change its author had seen (conflict detection).
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub prev: Option<Cow<'a, str>>,
    /// Marked although it did not apply to the profile (`--force`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
    /// For `profile`: the key changed and its new value.
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub key: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<Cow<'a, str>>,
    /// For `assign` (and an `undo` of one): the person assigned, the due date and the next
    /// action date (YYYY-MM-DD). Absent: unchanged; an empty string: cleared.
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub assignee: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub due: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_action: Option<Cow<'a, str>>,
    /// For `checkpoint`: when the call was held (UTC, RFC 3339; `at` is when it was recorded)
    /// and who attended. The summary is the `note`.
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub held: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
    /// For `resolve`: the conflicting changes this one settles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supersedes: Vec<String>,
    /// For `undo`: the change it reverts.
    #[serde(
        borrow,
        default,
        deserialize_with = "opt_cow",
        skip_serializing_if = "Option::is_none"
    )]
    pub reverts: Option<Cow<'a, str>>,
}

impl ChangeOf<'_> {
    pub fn status(&self) -> Option<Status> {
        self.status.as_deref().and_then(Status::parse)
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
            op: own(self.op),
            item: opt(self.item),
            status: opt(self.status),
            note: opt(self.note),
            prev: opt(self.prev),
            forced: self.forced,
            key: opt(self.key),
            value: opt(self.value),
            assignee: opt(self.assignee),
            due: opt(self.due),
            next_action: opt(self.next_action),
            held: opt(self.held),
            attendees: self.attendees,
            supersedes: self.supersedes,
            reverts: opt(self.reverts),
        }
    }
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
        assert_eq!(serde_json::from_str::<ChangeOf>(newer).unwrap(), c);
        // Borrowed from the line where there is nothing to unescape, owned where there is.
        let parsed: ChangeOf =
            serde_json::from_str(r#"{"id":"a","at":"t","by":"b\\u0041","op":"note"}"#).unwrap();
        assert!(matches!(parsed.id, Cow::Borrowed("a")) && matches!(parsed.by, Cow::Owned(_)));
    }
}
