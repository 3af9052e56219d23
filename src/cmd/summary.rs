//! `fasttrack summary`: the weekly status update a consultant pastes into an email.

use super::{Invocation, print_json};
use crate::cli::{SummaryArgs, SummaryFormat};
use crate::engagement::Engagement;
use crate::error::usage;
use crate::report::rows::{item_rows, status_report};
use crate::report::summary::{self, Style};
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, args: SummaryArgs) -> Result<ExitCode> {
    // "last-checkpoint" is the default spelled out; anything else is a date.
    let date = match args.since.as_deref().map(str::trim) {
        None | Some("last-checkpoint") => None,
        Some(s) => Some(crate::time::date(s).ok_or_else(|| {
            usage(format!(
                "invalid --since {:?}: expected YYYY-MM-DD (e.g. 2026-11-25) or last-checkpoint",
                crate::term::clean(s)
            ))
        })?),
    };
    let index = ctx.index()?;
    let loaded = ctx.read(&index)?;
    let e = Engagement::replay(&index, loaded);
    let rows = item_rows(&e);
    let report = status_report(&e, &rows);
    let now = chrono::Utc::now();
    let period = summary::since(&report, date, now);
    let s = summary::build(&e, &report, &rows, period, now);
    if args.json {
        print_json(ctx, &s)?;
    } else {
        let style = match args.format {
            SummaryFormat::Text => Style::Text {
                width: ctx.out.width,
            },
            SummaryFormat::Markdown => Style::Markdown,
        };
        let text = summary::render(&s, style);
        ctx.out.write_all(text.as_bytes())?;
    }
    super::leave_to_exit((s, report, rows, e));
    super::leave_to_exit(index);
    Ok(ExitCode::SUCCESS)
}
