//! `fasttrack assign ID... [--owner NAME] [--due DATE] [--next-action DATE]`: who carries an
//! item and by when. One `assign` line per item that changes; `none` clears a field.

use super::Invocation;
use crate::cli::AssignArgs;
use crate::error::usage;
use crate::journal::{self, Change, ChangeExtras};
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

/// The word that clears a field.
const CLEAR: &str = "none";

pub fn run(ctx: &mut Invocation, args: AssignArgs) -> Result<ExitCode> {
    if args.owner.is_none() && args.due.is_none() && args.next_action.is_none() {
        return Err(usage(
            "nothing to assign: give --owner NAME, --due YYYY-MM-DD and/or --next-action YYYY-MM-DD",
        ));
    }
    let assignee = match args.owner.as_deref().map(str::trim) {
        None => None,
        Some("") => {
            return Err(usage(
                "the owner is empty: give a name, or `none` to clear it",
            ));
        }
        Some(CLEAR) => Some(String::new()),
        Some(name) => Some(name.to_owned()),
    };
    let due = date_field(args.due.as_deref(), "--due")?;
    let next_action = date_field(args.next_action.as_deref(), "--next-action")?;
    let index = ctx.index()?;
    let targets = crate::ids::resolve_all(&index, &args.ids)?;
    let (mut locked, e) = ctx.lock(&index)?;
    if !args.force {
        e.refuse_inapplicable(&targets, "assign them")?;
    }
    let by = ctx.who();
    let mut last_at = crate::engagement::latest_time(&e.changes);
    let mut new = Vec::new();
    let mut unchanged = Vec::new();
    for &i in &targets {
        let state = &e.items[i];
        // Only the fields that change are written.
        let differs = |want: &Option<String>, have: &Option<String>| match want {
            None => None,
            Some(w) if w.is_empty() && have.is_none() => None,
            Some(w) if Some(w) == have.as_ref() => None,
            Some(w) => Some(w.clone().into()),
        };
        let item = &index.catalog.items[i];
        let Some(more) = ChangeExtras {
            assignee: differs(&assignee, &state.assignee),
            due: differs(&due, &state.due),
            next_action: differs(&next_action, &state.next_action),
            ..ChangeExtras::default()
        }
        .boxed() else {
            unchanged.push(item.id.clone());
            continue;
        };
        let at = journal::time::next(last_at);
        last_at = journal::time::check(&at).ok();
        new.push(Change {
            id: journal::new_id().into(),
            at: at.into(),
            by: by.clone().into(),
            op: journal::Op::Assign,
            item: Some(item.id.clone().into()),
            prev: Some(state.last_change.clone().unwrap_or_default().into()),
            forced: args.force && !e.applies(i),
            more: Some(more),
            ..Change::default()
        });
    }
    locked.append(&new)?;
    drop(locked);
    for id in &unchanged {
        writeln!(
            ctx.out,
            "unchanged: {id} already has that assignment; nothing written"
        )?;
    }
    for c in &new {
        let mut parts = Vec::new();
        let mut describe = |label: &str, v: &Option<std::borrow::Cow<str>>| match v.as_deref() {
            Some("") => parts.push(format!("{label} cleared")),
            Some(v) => parts.push(format!("{label} {}", crate::term::clean(v))),
            None => {}
        };
        let m = c.more();
        describe("owner", &m.assignee);
        describe("due", &m.due);
        describe("next action", &m.next_action);
        writeln!(
            ctx.out,
            "assigned: {}  {}",
            c.item.as_deref().unwrap_or_default(),
            parts.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A date flag: YYYY-MM-DD (normalised), `none` (an empty string: clear), or a usage error
/// that shows the expected form.
fn date_field(value: Option<&str>, flag: &str) -> Result<Option<String>> {
    match value.map(str::trim) {
        None => Ok(None),
        Some(CLEAR) => Ok(Some(String::new())),
        Some(v) => match crate::time::parse_date(v) {
            Ok(d) if crate::journal::time::sane_date(d) => {
                Ok(Some(d.format("%Y-%m-%d").to_string()))
            }
            Ok(_) => Err(usage(format!(
                "{flag}: {} is outside the dates fasttrack accepts (2000-01-01 to 2099-12-31)",
                crate::term::clean(v)
            ))),
            Err(_) => Err(usage(format!(
                "{flag}: invalid date {:?}: expected YYYY-MM-DD from 2000 to 2099, e.g. 2026-11-25 (or `none` to clear it)",
                crate::term::clean(v)
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_or_refused_with_the_form() {
        assert_eq!(
            date_field(Some(" 2026-11-05 "), "--due")
                .unwrap()
                .as_deref(),
            Some("2026-11-05")
        );
        assert_eq!(
            date_field(Some("none"), "--due").unwrap().as_deref(),
            Some("")
        );
        assert_eq!(date_field(None, "--due").unwrap(), None);
        for bad in ["05/11/2026", "2026-13-01", "tomorrow", "2026-02-30"] {
            let e = date_field(Some(bad), "--due").unwrap_err();
            assert!(e.to_string().contains("YYYY-MM-DD"), "{bad}: {e}");
            assert!(e.downcast_ref::<crate::error::Usage>().is_some());
        }
    }
}
