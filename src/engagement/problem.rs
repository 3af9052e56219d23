//! What the replay could not use, as values: which change, on which journal line, and why.
//! `doctor` lists them; readers keep every change whatever its problem.

/// A change the replay could not use, or used only in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayProblem {
    /// The change (an index into `Engagement::changes`).
    pub change: usize,
    /// The journal line it was read from; `None` for changes made in memory.
    pub line: Option<usize>,
    pub kind: ProblemKind,
}

/// Why the replay could not use a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// An op this version does not know (from a newer fasttrack?): the status is left alone.
    UnknownOp,
    /// A change that sets the status names one this version does not know, or none.
    UnknownStatus,
    /// A change that needs an item names none: ignored.
    NoItem,
    /// An `undo` naming neither an item nor the change it reverts: ignored.
    UndoWithoutTarget,
    /// A `profile` change without its key or value: ignored.
    ProfileWithoutSetting,
    /// A `profile` change whose value cannot apply: ignored. `why` is the profile's own
    /// explanation, for people.
    BadProfileValue { why: String },
    /// The first change naming an item the catalog does not have (in file order when lines are
    /// known). Its changes are kept, under `Engagement::unknown`.
    UnknownItem,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Index;
    use crate::engagement::Engagement;

    const HEADER: &str = r#"{"format":"fasttrack-journal","version":1,"engagement":"e1","customer":"C","catalog":{"id":"x","version":"1"},"profile":{"services":["intune"],"forests":"single","identity":"managed"},"created":"2026-01-01T00:00:00Z","by":"a"}"#;

    /// A change line at second `s`, with `rest` (the fields after `op`).
    fn line(id: &str, s: u32, op: &str, rest: &str) -> String {
        format!(
            r#"{{"id":"{id}","at":"2026-01-01T00:00:{s:02}.000000Z","by":"a","op":"{op}"{rest}}}"#
        )
    }

    #[test]
    fn problems_are_values_naming_their_change_and_line() {
        let known = r#","item":"intune.mdm-authority""#;
        let lines = [
            HEADER.to_owned(),
            line(
                "a",
                9,
                "done",
                r#","item":"not.in.catalog","status":"done""#,
            ), // line 2
            line("b", 1, "milestone", known),
            line("c", 2, "done", &format!(r#"{known},"status":"finished""#)),
            line("d", 3, "note", ""),
            line("e", 4, "undo", ""),
            line("f", 5, "profile", r#","key":"forests""#),
            line("g", 6, "profile", r#","key":"forests","value":"seven""#),
            line("h", 7, "note", r#","item":"not.in.catalog""#),
            line("i", 8, "wobble", ""), // line 10
        ];
        let text = lines.join("\n") + "\n";
        let loaded =
            crate::journal::read::parse(std::path::Path::new("j"), text.as_bytes()).unwrap();
        let index = Index::new(crate::catalog::embedded());
        let e = Engagement::replay(&index, loaded);
        let found: Vec<(&str, Option<usize>, &ProblemKind)> = e
            .problems
            .iter()
            .map(|p| (&*e.changes[p.change].id, p.line, &p.kind))
            .collect();
        let why = match &found[5].2 {
            ProblemKind::BadProfileValue { why } => why.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            found,
            [
                ("b", Some(3), &ProblemKind::UnknownOp),
                ("c", Some(4), &ProblemKind::UnknownStatus),
                ("d", Some(5), &ProblemKind::NoItem),
                ("e", Some(6), &ProblemKind::UndoWithoutTarget),
                ("f", Some(7), &ProblemKind::ProfileWithoutSetting),
                ("g", Some(8), &ProblemKind::BadProfileValue { why }),
                ("i", Some(10), &ProblemKind::UnknownOp),
                ("i", Some(10), &ProblemKind::NoItem),
                // The first line naming the unknown item, though it comes last in time.
                ("a", Some(2), &ProblemKind::UnknownItem),
            ]
        );
    }
}
