//! `fasttrack items`: the items with their status, filtered.

use super::{Invocation, print_json};

use crate::cli::ItemsArgs;
use crate::engagement::Engagement;

use crate::report::rows::{ItemRow, item_rows};
use crate::report::table;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, args: ItemsArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
    let mut filter = crate::args::item_filter(&index, &args.filters)?;
    if args.mine {
        filter.assignee = Some(ctx.who());
    }
    if args.overdue {
        filter.overdue_on = Some(chrono::Local::now().date_naive());
    }
    if args.ids && !ctx.located()?.exists {
        // Completion scripts call this anywhere: without an engagement, list every id.
        for item in &index.catalog.items {
            writeln!(ctx.out, "{}", item.id)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let loaded = ctx.read(&index)?;
    let e = Engagement::replay(&index, loaded);
    let rows = item_rows(&e);
    let kept: Vec<&ItemRow> = rows.iter().filter(|r| filter.keep(r)).collect();
    if args.json {
        print_json(ctx, &kept)?;
    } else if args.ids {
        for r in kept.iter().filter(|r| args.all || r.applicable) {
            writeln!(ctx.out, "{}", r.id)?;
        }
    } else {
        let shown: Vec<&ItemRow> = kept
            .iter()
            .copied()
            .filter(|r| args.all || r.applicable)
            .collect();
        if shown.is_empty() {
            writeln!(ctx.out, "No items match.")?;
        } else {
            let t = table::items(&ctx.out, &shown, args.all);
            writeln!(ctx.out, "{t}")?;
            let hidden = kept.len() - shown.len();
            if hidden > 0 {
                writeln!(
                    ctx.out,
                    "{hidden} item(s) that do not apply to this profile are hidden; --all shows them."
                )?;
            }
        }
    }
    super::leave_to_exit((rows, e));
    super::leave_to_exit(index);
    Ok(ExitCode::SUCCESS)
}
