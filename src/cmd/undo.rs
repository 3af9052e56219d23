//! `fasttrack undo`: revert the last change you made. The journal is never rewritten: an
//! `undo` change names the change it `reverts` and carries the fields it restores. Run it
//! again to walk further back.

use super::Invocation;
use crate::cli::UndoArgs;
use crate::engagement::Engagement;
use crate::journal::{self, Change, ChangeExtras, Op};
use anyhow::{Result, bail};
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, args: UndoArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
    let (mut locked, e) = ctx.lock(&index)?;
    let me = ctx.who();
    // Built once: asking "is this change undone?" by a scan per later change made `undo`
    // quadratic (100,000 note/undo changes took 30 s under the lock).
    let reverted = reverted_ids(&e.changes);
    let Some(pos) = last_undoable(&e.changes, &me) else {
        bail!(
            "{} has no change to undo in this engagement; nothing was written",
            crate::term::clean(&me)
        );
    };
    let target = &e.changes[pos];
    let what = describe(target);
    let undo = match target.item.as_deref() {
        _ if target.op == Op::Profile => bail!(
            "your last change is a profile change ({what}); set the old value with `fasttrack profile set`; nothing was written"
        ),
        None if target.op == Op::Checkpoint => Change {
            op: Op::Undo,
            more: ChangeExtras {
                reverts: Some(target.id.clone()),
                ..ChangeExtras::default()
            }
            .boxed(),
            ..Change::default()
        },
        None => bail!("cannot undo {what}: it names no item; nothing was written"),
        Some(item) => {
            if let Some(later) = e.changes[pos + 1..].iter().find(|c| {
                c.item.as_deref() == Some(item)
                    && !(c.by == me && (c.op == Op::Undo || reverted.contains(&*c.id)))
            }) {
                bail!(
                    "{item} changed after your change ({} by {} at {}); nothing was written: set it as you want it instead",
                    crate::term::clean(later.op.as_str()),
                    crate::term::clean(&later.by),
                    crate::time::human(&later.at)
                );
            }
            let before =
                Engagement::from_changes(&index, e.header.clone(), e.changes[..pos].to_vec());
            let state = match index.item_index(item) {
                Some(i) => before.items[i].clone(),
                None => before.unknown.get(item).cloned().unwrap_or_default(),
            };
            let restore = |touched: &Option<Cow<str>>, old: &Option<String>| {
                touched
                    .as_ref()
                    .map(|_| Cow::Owned(old.clone().unwrap_or_default()))
            };
            let last = match index.item_index(item) {
                Some(i) => e.items[i].last_change.clone(),
                None => e.unknown.get(item).and_then(|s| s.last_change.clone()),
            };
            let touched = target.more();
            Change {
                op: Op::Undo,
                item: Some(item.to_owned().into()),
                status: target.status.as_ref().map(|_| state.status.as_str().into()),
                note: restore(&target.note, &state.note),
                more: ChangeExtras {
                    reverts: Some(target.id.clone()),
                    assignee: restore(&touched.assignee, &state.assignee),
                    due: restore(&touched.due, &state.due),
                    next_action: restore(&touched.next_action, &state.next_action),
                    ..ChangeExtras::default()
                }
                .boxed(),
                prev: Some(last.unwrap_or_default().into()),
                forced: target.forced,
                ..Change::default()
            }
        }
    };
    if args.dry_run {
        writeln!(ctx.out, "would undo: {what}")?;
        return Ok(ExitCode::SUCCESS);
    }
    let undo = Change {
        id: journal::new_id().into(),
        at: journal::time::next(crate::engagement::latest_time(&e.changes)).into(),
        by: me.into(),
        ..undo
    };
    locked.append(std::slice::from_ref(&undo))?;
    drop(locked);
    let result = match (&undo.item, &undo.status) {
        (Some(item), Some(s)) => format!("; {item} is {s} again"),
        _ => String::new(),
    };
    writeln!(ctx.out, "undone: {what}{result}")?;
    Ok(ExitCode::SUCCESS)
}

/// The ids of the changes some `undo` reverts.
fn reverted_ids(changes: &[Change]) -> HashSet<&str> {
    changes
        .iter()
        .filter(|c| c.op == Op::Undo)
        .filter_map(|c| c.more().reverts.as_deref())
        .collect()
}

/// The latest change by `me` that is not an undo and not yet undone (index into `changes`).
pub fn last_undoable(changes: &[Change], me: &str) -> Option<usize> {
    let reverted = reverted_ids(changes);
    changes
        .iter()
        .rposition(|c| c.by == me && c.op != Op::Undo && !reverted.contains(&*c.id))
}

/// A change in a few words: "done intune.mdm-authority (2026-11-05 10:00 UTC)".
fn describe(c: &Change) -> String {
    let mut s = crate::term::clean(c.op.as_str()).into_owned();
    if let Some(item) = &c.item {
        s.push(' ');
        s.push_str(&crate::term::clean(item));
    }
    if let Some((k, v)) = c.setting() {
        s.push_str(&format!(
            " {} = {}",
            crate::term::clean(k),
            crate::term::clean(v)
        ));
    }
    if let Some(n) = &c.note {
        s.push_str(&format!(" \"{}\"", crate::term::clean(n)));
    }
    s.push_str(&format!(" ({})", crate::time::human(&c.at)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, by: &str, op: &str, reverts: Option<&str>) -> Change {
        Change {
            id: id.to_owned().into(),
            by: by.to_owned().into(),
            op: op.to_owned().into(),
            more: ChangeExtras {
                reverts: reverts.map(|r| r.to_owned().into()),
                ..ChangeExtras::default()
            }
            .boxed(),
            ..Change::default()
        }
    }

    #[test]
    fn undo_walks_back_through_my_changes_only() {
        let mut changes = vec![
            c("1", "ann", "done", None),
            c("2", "bob", "start", None),
            c("3", "ann", "note", None),
        ];
        assert_eq!(last_undoable(&changes, "ann"), Some(2));
        assert_eq!(last_undoable(&changes, "bob"), Some(1));
        assert_eq!(last_undoable(&changes, "cy"), None);
        changes.push(c("4", "ann", "undo", Some("3")));
        assert_eq!(last_undoable(&changes, "ann"), Some(0));
        changes.push(c("5", "ann", "undo", Some("1")));
        assert_eq!(last_undoable(&changes, "ann"), None);
    }
}
