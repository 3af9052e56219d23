//! What a journal change does (its `op`), as a type: code decides on the variant, never on the
//! spelling. An op this version does not know (from a newer fasttrack) is kept as written, so
//! such a journal still reads, and a change carrying one writes back byte for byte.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A change's op, with its journal spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Op {
    /// `start`: the item is in progress.
    Start,
    /// `done`
    Done,
    /// `block`: waiting on something (the note says what).
    Block,
    /// `skip`: the customer will not do it.
    Skip,
    /// `reopen`: back to not started.
    Reopen,
    /// `note`: a note, the status unchanged.
    Note,
    /// `profile`: one profile key set (`key`, `value`).
    Profile,
    /// `assign`: owner, due date, next action.
    Assign,
    /// `resolve`: settles a conflict between clones (`supersedes`).
    Resolve,
    /// `undo`: reverts one change (`reverts`), carrying the fields it restores.
    Undo,
    /// `checkpoint`: a call with the customer (`held`, `attendees`, the summary in `note`).
    Checkpoint,
    /// An op this version does not know, as written (empty: the line had none).
    Unknown(String),
}

impl Op {
    /// Every op this version writes.
    pub const KNOWN: [Op; 11] = [
        Op::Start,
        Op::Done,
        Op::Block,
        Op::Skip,
        Op::Reopen,
        Op::Note,
        Op::Profile,
        Op::Assign,
        Op::Resolve,
        Op::Undo,
        Op::Checkpoint,
    ];

    /// The journal spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Op::Start => "start",
            Op::Done => "done",
            Op::Block => "block",
            Op::Skip => "skip",
            Op::Reopen => "reopen",
            Op::Note => "note",
            Op::Profile => "profile",
            Op::Assign => "assign",
            Op::Resolve => "resolve",
            Op::Undo => "undo",
            Op::Checkpoint => "checkpoint",
            Op::Unknown(s) => s,
        }
    }

    /// The op spelled `s` (an unknown one kept as written).
    pub fn parse(s: &str) -> Op {
        match s {
            "start" => Op::Start,
            "done" => Op::Done,
            "block" => Op::Block,
            "skip" => Op::Skip,
            "reopen" => Op::Reopen,
            "note" => Op::Note,
            "profile" => Op::Profile,
            "assign" => Op::Assign,
            "resolve" => Op::Resolve,
            "undo" => Op::Undo,
            "checkpoint" => Op::Checkpoint,
            other => Op::Unknown(other.to_owned()),
        }
    }

    /// A change with this op sets its item's status (its `status` field).
    pub fn sets_status(&self) -> bool {
        matches!(
            self,
            Op::Start | Op::Done | Op::Block | Op::Skip | Op::Reopen | Op::Resolve
        )
    }

    /// The line named no op at all (or an empty one).
    pub fn is_missing(&self) -> bool {
        matches!(self, Op::Unknown(s) if s.is_empty())
    }
}

/// No op yet: a change being built sets its own.
impl Default for Op {
    fn default() -> Op {
        Op::Unknown(String::new())
    }
}

impl From<&str> for Op {
    fn from(s: &str) -> Op {
        Op::parse(s)
    }
}

impl From<String> for Op {
    fn from(s: String) -> Op {
        match Op::parse(&s) {
            Op::Unknown(_) => Op::Unknown(s),
            known => known,
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Op {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Op {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Op, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Op::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip_and_unknown_ops_are_kept_as_written() {
        for op in Op::KNOWN {
            assert_eq!(Op::parse(op.as_str()), op);
            assert_eq!(
                serde_json::to_string(&op).unwrap(),
                format!("\"{}\"", op.as_str())
            );
        }
        let newer = Op::parse("milestone");
        assert_eq!(newer, Op::Unknown("milestone".into()));
        assert_eq!(serde_json::to_string(&newer).unwrap(), "\"milestone\"");
        assert_eq!(
            serde_json::from_str::<Op>("\"d\\u006fne\"").unwrap(),
            Op::Done
        );
        assert!(Op::default().is_missing() && !newer.is_missing());
        assert!(Op::Resolve.sets_status() && !Op::Undo.sets_status() && !newer.sets_status());
    }
}
