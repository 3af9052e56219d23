//! The journal's line types. `fasttrack.jsonl` is JSON Lines: a header line describing the
//! engagement, then one line per change, appended and never rewritten.
//!
//! Compatibility: readers ignore fields they do not know and keep changes whose op or status
//! they do not know (shown as such), so a journal touched by a newer minor release still
//! loads; a newer `version` is refused, because its meaning may have changed.

use crate::profile::Profile;
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Change {
    /// Unique, random: tells changes apart across clones of a shared journal.
    pub id: String,
    /// UTC, RFC 3339 with microseconds.
    pub at: String,
    pub by: String,
    /// start, done, block, skip, reopen, note, profile, ... (unknown ops are kept).
    pub op: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The item's status after this change, in its journal spelling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The id of the item's latest change its author had seen (conflict detection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// Marked although it did not apply to the profile (`--force`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
    /// For `profile`: the key changed and its new value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For `assign` (and an `undo` of one): the person assigned, the due date and the next
    /// action date (YYYY-MM-DD). Absent: unchanged; an empty string: cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_action: Option<String>,
    /// For `checkpoint`: when the call was held (UTC, RFC 3339; `at` is when it was recorded)
    /// and who attended. The summary is the `note`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
    /// For `resolve`: the conflicting changes this one settles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supersedes: Vec<String>,
    /// For `undo`: the change it reverts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverts: Option<String>,
}

impl Change {
    pub fn status(&self) -> Option<Status> {
        self.status.as_deref().and_then(Status::parse)
    }
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
        assert_eq!(serde_json::from_str::<Change>(newer).unwrap(), c);
    }
}
