//! `fasttrack log [ID] [--since DATE]`: the journal's changes, oldest first.

use super::{Invocation, print_json};
use crate::cli::LogArgs;
use crate::engagement::Engagement;

use crate::journal::Change;
use anyhow::Result;
use chrono::{DateTime, Local};
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, args: LogArgs) -> Result<ExitCode> {
    let since = match &args.since {
        Some(s) => Some(crate::time::parse_date(s)?),
        None => None,
    };
    let index = ctx.index()?;
    let loaded = ctx.read(&index)?;
    let e = Engagement::replay(&index, loaded);
    let item: Option<&str> = match &args.id {
        None => None,
        Some(id) if e.unknown.contains_key(id) => Some(id),
        Some(id) => Some(&index.catalog.items[crate::ids::resolve(&index, id)?].id),
    };
    let keep = |c: &&Change| {
        let item_ok = item.is_none_or(|want| {
            c.item
                .as_deref()
                .is_some_and(|got| got == want || index.item(got).is_some_and(|i| i.id == want))
        });
        let date_ok = since.is_none_or(|d| {
            DateTime::parse_from_rfc3339(&c.at)
                .is_ok_and(|t| t.with_timezone(&Local).date_naive() >= d)
        });
        item_ok && date_ok
    };
    let shown: Vec<&Change> = e.changes.iter().filter(keep).collect();
    if args.json {
        print_json(ctx, &shown)?;
    } else if shown.is_empty() {
        writeln!(ctx.out, "No changes.")?;
    } else {
        for c in shown {
            crate::report::history::write_change(&mut ctx.out, c)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
