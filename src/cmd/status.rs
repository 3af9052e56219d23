//! `fasttrack status` (and `fasttrack` alone): where the engagement stands, phase by phase.

use super::{Invocation, print_json};
use crate::engagement::Engagement;
use crate::report::rows::{StatusReport, item_rows, status_report};
use crate::report::table;
use crate::term::{clean, style};
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, json: bool) -> Result<ExitCode> {
    let index = ctx.index()?;
    let loaded = ctx.read(&index)?;
    crate::journal::owner::warn_if_loose(&loaded.path);
    let e = Engagement::replay(&index, loaded);
    let rows = item_rows(&e);
    let report = status_report(&e, &rows);
    if json {
        print_json(ctx, &report)?;
    } else {
        render(ctx, &report)?;
    }
    super::leave_to_exit((report, rows, e));
    super::leave_to_exit(index);
    Ok(ExitCode::SUCCESS)
}

/// `fasttrack` with no command: the status inside an engagement, how to start outside one.
pub fn default(ctx: &mut Invocation) -> Result<ExitCode> {
    let at = ctx.located()?;
    if at.exists {
        return run(ctx, false);
    }
    let stop = at.stop.map(|s| format!("; {s}")).unwrap_or_default();
    writeln!(
        ctx.out,
        "No engagement here (no fasttrack.jsonl in this folder or above{stop}).\n\n\
         Start one:        fasttrack init --customer NAME [--services intune,aad-premium,co-management]\n\
         Ask about scope:  fasttrack scope \"can you set up AD FS for three forests?\"\n\
         See the catalog:  fasttrack catalog\n\
         All commands:     fasttrack --help"
    )?;
    Ok(ExitCode::SUCCESS)
}

fn render(ctx: &mut Invocation, r: &StatusReport) -> Result<()> {
    let out = &mut ctx.out;
    let title = format!("{} — FastTrack EMS onboarding", clean(&r.customer));
    writeln!(out, "{}", out.paint(style::BOLD, &title))?;
    writeln!(
        out,
        "{}",
        table::field(out, "profile", &r.profile.summary())
    )?;
    let current: &str = match &r.current_phase {
        Some(p) => r
            .phases
            .iter()
            .find(|row| row.id == *p)
            .map_or(p, |row| &row.name),
        None => "complete: every applicable item is done or skipped",
    };
    writeln!(out, "{}", table::field(out, "phase", current))?;
    writeln!(
        out,
        "{}",
        table::field(
            out,
            "catalog",
            &format!("{} {}", r.catalog.id, r.catalog.version)
        )
    )?;
    if r.overdue > 0 || r.due_soon > 0 {
        let due = format!("{} overdue, {} due this week", r.overdue, r.due_soon);
        let due = if r.overdue > 0 {
            out.paint(style::RED, &due).to_string()
        } else {
            due
        };
        writeln!(out, "{}", table::field(out, "due", &due))?;
    }
    if let Some(c) = &r.last_checkpoint {
        let days = match r.days_since_checkpoint {
            Some(0) => "today".to_owned(),
            Some(1) => "1 day ago".to_owned(),
            Some(d) if d < 0 => format!("in {} days", -d),
            Some(d) => format!("{d} days ago"),
            None => "date unreadable".to_owned(),
        };
        let line = format!(
            "{} ({days}): {}",
            crate::report::export::human_time(&c.held),
            clean(&c.note)
        );
        writeln!(out, "{}", table::field(out, "checkpoint", &line))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", table::phases(out, &r.phases, &r.overall))?;
    if !r.blocked.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            out.paint(style::RED, &format!("Blocked ({})", r.blocked.len()))
        )?;
        for b in &r.blocked {
            let note = b
                .note
                .as_deref()
                .map(crate::term::clean_lines)
                .unwrap_or_default();
            writeln!(
                out,
                "  {}  {}\n      {}",
                b.id,
                b.title,
                crate::term::wrap(&note, out.width, 6)
            )?;
        }
    }
    if !r.conflicts.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            out.paint(
                style::RED,
                &format!(
                    "Conflicts ({}): changed on two clones at once; the later change holds until `fasttrack resolve ID STATUS`",
                    r.conflicts.len()
                )
            )
        )?;
        for row in &r.conflicts {
            writeln!(
                out,
                "  {}  {} (now {})",
                row.id,
                row.title,
                row.status.as_str()
            )?;
            for side in &row.conflicting {
                writeln!(
                    out,
                    "      {} by {} at {}{}",
                    clean(side.status.as_deref().unwrap_or("?")),
                    clean(&side.by),
                    crate::report::export::human_time(&side.at),
                    side.note
                        .as_deref()
                        .map(|n| format!(": \"{}\"", clean(n)))
                        .unwrap_or_default()
                )?;
            }
        }
    }
    if !r.unknown_items.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Unknown items ({}): the journal names ids this catalog does not have; their changes are kept: {}",
            r.unknown_items.len(),
            r.unknown_items
                .iter()
                .map(|s| clean(s).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    Ok(())
}
