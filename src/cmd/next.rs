//! `fasttrack next`: the next open applicable items in catalog order (blocked ones are left
//! for `status`, which lists them with their notes; so are the General items, which hold
//! through every phase).

use super::{Invocation, print_json};
use crate::cli::NextArgs;
use crate::engagement::Engagement;
use crate::journal::Status;
use crate::report::rows::{ItemRow, item_rows};
use crate::report::table;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, args: NextArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
    let loaded = ctx.read(&index)?;
    let e = Engagement::replay(&index, loaded);
    let rows = item_rows(&e);
    let next: Vec<&ItemRow> = rows
        .iter()
        .filter(|r| r.applicable && matches!(r.status, Status::NotStarted | Status::InProgress))
        .filter(|r| index.phase(&r.phase).is_none_or(|p| !p.ongoing))
        .take(args.count)
        .collect();
    if args.json {
        print_json(ctx, &next)?;
    } else if next.is_empty() {
        writeln!(
            ctx.out,
            "Nothing left to start: every applicable item is done, skipped or blocked."
        )?;
    } else {
        let t = table::items(&ctx.out, &next, false);
        writeln!(ctx.out, "{t}")?;
    }
    Ok(ExitCode::SUCCESS)
}
