//! The verbs that record progress: start, done, block, skip, reopen, note. Each takes the
//! journal's lock, checks every id before writing any, and appends one line per real change.

use super::Invocation;
use crate::error::usage;
use crate::journal::{self, Change, Op, Status};
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Start,
    Done,
    Block,
    Skip,
    Reopen,
    Note,
}

impl Verb {
    fn op(self) -> Op {
        match self {
            Verb::Start => Op::Start,
            Verb::Done => Op::Done,
            Verb::Block => Op::Block,
            Verb::Skip => Op::Skip,
            Verb::Reopen => Op::Reopen,
            Verb::Note => Op::Note,
        }
    }

    /// The status the verb sets (`None`: it leaves the status alone).
    fn target(self) -> Option<Status> {
        match self {
            Verb::Start => Some(Status::InProgress),
            Verb::Done => Some(Status::Done),
            Verb::Block => Some(Status::Blocked),
            Verb::Skip => Some(Status::Skipped),
            Verb::Reopen => Some(Status::NotStarted),
            Verb::Note => None,
        }
    }
}

pub fn status(
    ctx: &mut Invocation,
    verb: Verb,
    ids: Vec<String>,
    note: Option<String>,
    force: bool,
) -> Result<ExitCode> {
    let note = crate::note::check_note(note)?;
    if note.is_none() && matches!(verb, Verb::Block | Verb::Skip) {
        return Err(usage(format!(
            "`{0}` needs a note saying why: add -m \"TEXT\" (or --note), e.g. fasttrack {0} {1} -m \"waiting for the customer\"",
            verb.op(),
            crate::term::clean(ids.first().map_or("ID", String::as_str))
        )));
    }
    let index = ctx.index()?;
    let targets = crate::ids::resolve_all(&index, &ids)?;
    let (mut locked, e) = ctx.lock(&index)?;

    if !force {
        e.refuse_inapplicable(&targets, "record it")?;
    }

    let by = ctx.who();
    let mut last_at = crate::engagement::latest_time(&e.changes);
    let mut new = Vec::new();
    let mut unchanged = Vec::new();
    for &i in &targets {
        let item = &index.catalog.items[i];
        let state = &e.items[i];
        if let Some(target) = verb.target()
            && state.status == target
            && note.as_ref().is_none_or(|n| state.note.as_ref() == Some(n))
        {
            unchanged.push((item.id.clone(), target));
            continue;
        }
        let at = journal::time::next(last_at);
        last_at = journal::time::check(&at).ok();
        new.push(Change {
            id: journal::new_id().into(),
            at: at.into(),
            by: by.clone().into(),
            op: verb.op(),
            item: Some(item.id.clone().into()),
            status: verb.target().map(|s| s.as_str().into()),
            note: note.clone().map(Into::into),
            // "" says "I saw no change of this item": a first change, not an unknown one.
            prev: Some(state.last_change.clone().unwrap_or_default().into()),
            forced: force && !e.applies(i),
            ..Change::default()
        });
    }
    locked.append(&new)?;
    drop(locked);

    for (id, status) in &unchanged {
        writeln!(
            ctx.out,
            "unchanged: {id} is already {}; nothing written",
            status.as_str()
        )?;
    }
    for c in &new {
        let id = c.item.as_deref().unwrap_or_default();
        let title = index.item(id).map(|i| i.title.as_str()).unwrap_or_default();
        let what = c.status.as_deref().unwrap_or("noted");
        writeln!(ctx.out, "{what}: {id}  {title}")?;
        if let Some(i) = index.item_index(id)
            && !e.items[i].conflict.is_empty()
            && c.status.is_some()
        {
            eprintln!(
                "warning: {id} has conflicting changes from a merge; `fasttrack resolve {id} STATUS` settles them"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
