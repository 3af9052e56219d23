//! `fasttrack resolve ID STATUS [-m NOTE]`: settle an item changed on two clones at once. The
//! `resolve` change names the changes it supersedes; both sides stay in the journal.

use super::Invocation;
use crate::cli::ResolveArgs;
use crate::journal::{self, Change, ChangeExtras};
use anyhow::{Result, bail};
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, args: ResolveArgs) -> Result<ExitCode> {
    let note = crate::note::check_note(args.note)?;
    let index = ctx.index()?;
    let i = crate::ids::resolve(&index, &args.id)?;
    let id = index.catalog.items[i].id.clone();
    let (mut locked, e) = ctx.lock(&index)?;
    let state = &e.items[i];
    if state.conflict.is_empty() {
        bail!(
            "{id} has no conflicting changes; nothing was written (set its status with `fasttrack {} {id}`)",
            verb(args.status)
        );
    }
    let supersedes: Vec<String> = state
        .conflict
        .iter()
        .map(|s| e.changes[s.head].id.to_string())
        .collect();
    let at = journal::time::next(crate::engagement::latest_time(&e.changes));
    let change = Change {
        id: journal::new_id().into(),
        at: at.into(),
        by: ctx.who().into(),
        op: journal::Op::Resolve,
        item: Some(id.clone().into()),
        status: Some(args.status.as_str().into()),
        note: note.map(Into::into),
        prev: Some(state.last_change.clone().unwrap_or_default().into()),
        more: ChangeExtras {
            supersedes,
            ..ChangeExtras::default()
        }
        .boxed(),
        ..Change::default()
    };
    locked.append(std::slice::from_ref(&change))?;
    drop(locked);
    writeln!(
        ctx.out,
        "resolved: {id} is {} (settles {} conflicting changes; both stay in `fasttrack log {id}`)",
        args.status.as_str(),
        change.more().supersedes.len()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn verb(s: journal::Status) -> &'static str {
    match s {
        journal::Status::NotStarted => "reopen",
        journal::Status::InProgress => "start",
        journal::Status::Blocked => "block",
        journal::Status::Done => "done",
        journal::Status::Skipped => "skip",
    }
}
