//! The verbs that record progress: start, done, block, skip, reopen, note. Each takes the
//! journal's lock, checks every id before writing any, and appends one line per real change.

use super::Ctx;
use crate::error::usage;
use crate::journal::{self, Change, Status};
use anyhow::{Result, bail};
use std::io::Write;
use std::process::ExitCode;

/// Notes longer than this are refused: a journal line is read whole by every command.
pub const MAX_NOTE_BYTES: usize = 1024 * 1024;

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
    fn op(self) -> &'static str {
        match self {
            Verb::Start => "start",
            Verb::Done => "done",
            Verb::Block => "block",
            Verb::Skip => "skip",
            Verb::Reopen => "reopen",
            Verb::Note => "note",
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

/// Checks a note typed by the user: not blank, not huge. `-m -` reads the note from standard
/// input (for long notes: an argument is limited to 128 KiB on Linux).
pub fn check_note(note: Option<String>) -> Result<Option<String>> {
    let note = match note.as_deref() {
        Some("-") => Some(read_stdin_note()?),
        _ => note,
    };
    match note {
        Some(n) if n.trim().is_empty() => Err(usage("the note is empty: give some text with -m")),
        Some(n) if n.len() > MAX_NOTE_BYTES => Err(usage(format!(
            "the note is {} bytes, over the 1 MiB limit; attach a file to the engagement folder and note its name",
            n.len()
        ))),
        other => Ok(other),
    }
}

fn read_stdin_note() -> Result<String> {
    use std::io::{IsTerminal, Read};
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("Type the note, then Ctrl-D:");
    }
    // Room for the note, its line ending and one byte more: a longer input is refused whole,
    // never cut to fit.
    let limit = MAX_NOTE_BYTES as u64 + 3;
    let mut bytes = Vec::new();
    stdin
        .lock()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot read the note from standard input: {e}"))?;
    if bytes.len() as u64 >= limit {
        return Err(too_long("over"));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| usage("the note on standard input is not UTF-8 text"))?;
    Ok(text.trim_end_matches(['\n', '\r']).to_owned())
}

fn too_long(size: &str) -> anyhow::Error {
    usage(format!(
        "the note is {size} 1 MiB, the limit; nothing was written: attach a file to the engagement folder and note its name"
    ))
}

/// Fails, naming each item and why, when any of `targets` does not apply to the profile;
/// `what` completes "use --force to ...".
pub fn refuse_inapplicable(
    e: &crate::engagement::Engagement,
    targets: &[usize],
    what: &str,
) -> Result<()> {
    let refused: Vec<String> = targets
        .iter()
        .filter_map(|&i| {
            e.reasons[i]
                .as_ref()
                .map(|why| format!("{} ({why})", e.index.catalog.items[i].id))
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    bail!(
        "{} not apply to this engagement's profile: {}; nothing was written (use --force to {what} anyway)",
        if refused.len() == 1 {
            "this item does"
        } else {
            "these items do"
        },
        refused.join("; ")
    )
}

pub fn status(
    ctx: &mut Ctx,
    verb: Verb,
    ids: Vec<String>,
    note: Option<String>,
    force: bool,
) -> Result<ExitCode> {
    let note = check_note(note)?;
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
        refuse_inapplicable(&e, &targets, "record it")?;
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
            op: verb.op().into(),
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
