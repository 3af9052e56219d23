//! `fasttrack checkpoint -m SUMMARY [--at WHEN] [--attendees LIST]` records a checkpoint call
//! (the Remediate phase runs on them); `fasttrack checkpoints` lists them.

use super::{Invocation, print_json};
use crate::cli::CheckpointArgs;
use crate::engagement::Engagement;
use crate::error::usage;
use crate::journal::{self, Change, ChangeExtras};
use crate::report::rows::checkpoint_rows;
use crate::term::clean;
use anyhow::Result;
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::io::Write;
use std::process::ExitCode;

pub fn record(ctx: &mut Invocation, args: CheckpointArgs) -> Result<ExitCode> {
    let note = crate::note::check_note(Some(args.note))?.unwrap_or_default();
    let held = match &args.at {
        Some(s) => parse_when(s)?,
        None => Utc::now(),
    };
    let attendees: Vec<String> = args
        .attendees
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let index = ctx.index()?;
    let (mut locked, e) = ctx.lock(&index)?;
    let change = Change {
        id: journal::new_id().into(),
        at: journal::time::next(crate::engagement::latest_time(&e.changes)).into(),
        by: ctx.who().into(),
        op: journal::Op::Checkpoint,
        note: Some(note.into()),
        more: ChangeExtras {
            held: Some(held.format("%Y-%m-%dT%H:%M:%SZ").to_string().into()),
            attendees,
            ..ChangeExtras::default()
        }
        .boxed(),
        ..Change::default()
    };
    locked.append(std::slice::from_ref(&change))?;
    drop(locked);
    writeln!(
        ctx.out,
        "checkpoint: {}{}",
        crate::report::export::human_time(change.more().held.as_deref().unwrap_or_default()),
        if change.more().attendees.is_empty() {
            String::new()
        } else {
            format!(" with {}", clean(&change.more().attendees.join(", ")))
        }
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn list(ctx: &mut Invocation, json: bool) -> Result<ExitCode> {
    let index = ctx.index()?;
    let loaded = ctx.read(&index)?;
    let e = Engagement::replay(&index, loaded);
    let rows = checkpoint_rows(&e);
    if json {
        print_json(ctx, &rows)?;
    } else if rows.is_empty() {
        writeln!(
            ctx.out,
            "No checkpoints yet: `fasttrack checkpoint -m SUMMARY` records one."
        )?;
    } else {
        let mut t =
            crate::report::table::new_table(&ctx.out, &["held", "by", "attendees", "summary"]);
        for r in &rows {
            t.add_row([
                crate::report::export::human_time(&r.held),
                clean(&r.by).into_owned(),
                clean(&r.attendees.join(", ")).into_owned(),
                clean(&r.note).into_owned(),
            ]);
        }
        writeln!(ctx.out, "{t}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// RFC 3339, `YYYY-MM-DD HH:MM` (or with a `T`; local time) or `YYYY-MM-DD` (local midnight).
/// Only times from 2000 to 2099 are accepted.
pub fn parse_when(s: &str) -> Result<DateTime<Utc>> {
    let t = parse_any_when(s)?;
    if crate::journal::time::check(&crate::journal::time::format(t)).is_err() {
        return Err(usage(format!(
            "--at: {} is outside the times fasttrack accepts (2000 to 2099)",
            clean(s.trim())
        )));
    }
    Ok(t)
}

fn parse_any_when(s: &str) -> Result<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let local = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    });
    local
        .and_then(|t| Local.from_local_datetime(&t).earliest())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            usage(format!(
                "--at: invalid time {:?}: expected YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" (local time) or RFC 3339, e.g. \"2026-11-12 15:00\"",
                clean(s)
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_accepts_the_documented_forms_only() {
        assert_eq!(
            parse_when("2026-11-12T15:00:00+01:00")
                .unwrap()
                .to_rfc3339(),
            "2026-11-12T14:00:00+00:00"
        );
        for ok in ["2026-11-12 15:00", "2026-11-12T15:00", "2026-11-12"] {
            assert!(parse_when(ok).is_ok(), "{ok}");
        }
        for bad in ["12/11/2026", "yesterday", "2026-11-32", ""] {
            assert!(parse_when(bad).is_err(), "{bad}");
        }
    }
}
