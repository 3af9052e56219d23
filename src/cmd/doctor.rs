//! `fasttrack doctor [--repair] [--json]`: reads the journal's raw bytes, lists everything
//! wrong with it (line by line), and with `--repair` fixes only what is safe to fix, under the
//! exclusive lock, after a backup copy, by an atomic replace. Exit 0 healthy, 1 otherwise.

use super::{Invocation, print_json};
use crate::cli::DoctorArgs;
use crate::engagement::{Engagement, ProblemKind};
use crate::journal::lock::open_error;
use crate::journal::read::{Mode, read_locked};
use crate::journal::repair::{Finding, Kind, Plan, diagnose, plan};
use crate::journal::write;
use crate::term::clean;
use anyhow::{Context, Result};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Serialize)]
struct Report {
    path: PathBuf,
    healthy: bool,
    /// Readable changes.
    changes: usize,
    findings: Vec<Finding>,
    repair: Option<Repaired>,
}

#[derive(Serialize)]
struct Repaired {
    backup: PathBuf,
    dropped_lines: Vec<usize>,
    torn_moved_to: Option<PathBuf>,
    newline_added: bool,
    /// Lines whose untrusted time was set to the one the replay uses.
    retimed_lines: Vec<usize>,
}

pub fn run(ctx: &mut Invocation, args: DoctorArgs) -> Result<ExitCode> {
    let at = ctx.located()?;
    if !at.exists {
        return Err(open_error(&at.path, std::io::ErrorKind::NotFound.into()));
    }
    crate::journal::owner::warn_if_loose(&at.path);
    // Repair the file itself, not a link to it: the temp file goes beside the real file.
    let path = if args.repair {
        std::fs::canonicalize(&at.path)
            .with_context(|| format!("cannot resolve {}", at.path.display()))?
    } else {
        at.path.clone()
    };
    let index = ctx.index()?;

    let mode = if args.repair { Mode::Write } else { Mode::Read };
    let (file, bytes) = read_locked(&path, mode)?;
    let mut diagnosis = diagnose(&path, &bytes);

    let mut repaired = None;
    if args.repair
        && let Some(loaded) = &diagnosis.loaded
        && let Some(p) = plan(&bytes, loaded)
    {
        repaired = Some(apply(&path, &bytes, &p)?);
        diagnosis = diagnose(&path, &p.journal);
    }
    drop(file);

    let mut findings = diagnosis.findings;
    let changes = diagnosis.loaded.as_ref().map_or(0, |l| l.changes.len());
    if let Some(loaded) = diagnosis.loaded {
        findings.extend(engagement_findings(&Engagement::replay(&index, loaded)));
    }
    findings.sort_by_key(|f| f.line.unwrap_or(0));
    let report = Report {
        path: at.path.clone(),
        healthy: findings.is_empty(),
        changes,
        findings,
        repair: repaired,
    };
    if args.json {
        print_json(ctx, &report)?;
    } else {
        print_text(ctx, &report, args.repair)?;
    }
    Ok(if report.healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(crate::error::EXIT_ERROR)
    })
}

/// Carries out a repair plan: backup first, then the torn fragment aside, then the new
/// journal in one atomic replace. Called with the exclusive lock held.
fn apply(path: &Path, old: &[u8], p: &Plan) -> Result<Repaired> {
    let backup = write::backup(path, old)?;
    let torn_moved_to = match &p.torn {
        Some(fragment) => Some(write::save_torn(path, fragment)?),
        None => None,
    };
    crate::atomic::replace(path, &p.journal)?;
    Ok(Repaired {
        backup,
        dropped_lines: p.dropped.clone(),
        torn_moved_to,
        newline_added: p.newline_added,
        retimed_lines: p.retimed.clone(),
    })
}

/// Changes the replay cannot use, as the replay reports them: items the catalog lacks,
/// unknown ops and statuses, profile changes that cannot apply. Readers keep and show them;
/// doctor names their lines.
fn engagement_findings(e: &Engagement) -> Vec<Finding> {
    let newer = "written by a newer fasttrack? upgrade; the replay ignores it";
    let ignored = "the replay ignores it; delete the line by hand if it is a mistake";
    let profile = "the replay ignores it; record the right value with `fasttrack profile set`";
    e.problems
        .iter()
        .map(|p| {
            let c = &e.changes[p.change];
            let (kind, message, advice) = match &p.kind {
                ProblemKind::UnknownOp => (
                    Kind::UnknownOp,
                    format!("change {} has the unknown op {:?}", c.id, c.op.as_str()),
                    newer,
                ),
                ProblemKind::UnknownStatus => (
                    Kind::UnknownStatus,
                    format!(
                        "change {} has the unknown status {:?}",
                        c.id,
                        c.status.as_deref().unwrap_or_default()
                    ),
                    newer,
                ),
                ProblemKind::NoItem => (
                    Kind::BadLine,
                    format!("change {} ({}) names no item", c.id, c.op),
                    ignored,
                ),
                ProblemKind::UndoWithoutTarget => (
                    Kind::BadLine,
                    format!(
                        "change {} ({}) names neither an item nor the change it reverts",
                        c.id, c.op
                    ),
                    ignored,
                ),
                ProblemKind::ProfileWithoutSetting => (
                    Kind::BadProfileChange,
                    format!("profile change {} cannot be applied: no key or value", c.id),
                    profile,
                ),
                ProblemKind::BadProfileValue { why } => (
                    Kind::BadProfileChange,
                    format!("profile change {} cannot be applied: {why}", c.id),
                    profile,
                ),
                ProblemKind::UnknownItem => (
                    Kind::UnknownItem,
                    format!(
                        "change {} names item {:?}, which catalog {} does not have",
                        c.id,
                        c.item.as_deref().unwrap_or_default(),
                        e.index.catalog.header.id
                    ),
                    "use the catalog the engagement was started with (--catalog), or ignore it: the change is kept",
                ),
            };
            Finding {
                line: p.line,
                kind,
                message,
                repairable: false,
                advice: advice.to_owned(),
            }
        })
        .collect()
}

fn print_text(ctx: &mut Invocation, r: &Report, repairing: bool) -> Result<()> {
    let shown = clean(&r.path.to_string_lossy()).into_owned();
    if let Some(done) = &r.repair {
        let mut did = Vec::new();
        if !done.dropped_lines.is_empty() {
            did.push(format!(
                "dropped {} line(s) repeating an earlier line exactly ({})",
                done.dropped_lines.len(),
                join_numbers(&done.dropped_lines)
            ));
        }
        if let Some(t) = &done.torn_moved_to {
            did.push(format!(
                "moved the incomplete last line to {}",
                clean(&t.to_string_lossy())
            ));
        }
        if !done.retimed_lines.is_empty() {
            did.push(format!(
                "set the untrusted time of {} line(s) to the time the replay uses ({})",
                done.retimed_lines.len(),
                join_numbers(&done.retimed_lines)
            ));
        }
        if done.newline_added {
            did.push("added the missing final newline".into());
        }
        writeln!(ctx.out, "repaired {shown}: {}", did.join("; "))?;
        writeln!(
            ctx.out,
            "  backup of the old file: {}",
            clean(&done.backup.to_string_lossy())
        )?;
    }
    if r.healthy {
        writeln!(
            ctx.out,
            "{shown}: healthy ({} change{})",
            r.changes,
            if r.changes == 1 { "" } else { "s" }
        )?;
        return Ok(());
    }
    writeln!(
        ctx.out,
        "{shown}: {} problem{}",
        r.findings.len(),
        if r.findings.len() == 1 { "" } else { "s" }
    )?;
    for f in &r.findings {
        let place = f.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        writeln!(ctx.out, "  {place}{}", clean(&f.message))?;
        writeln!(ctx.out, "    → {}", clean(&f.advice))?;
    }
    let fixable = r.findings.iter().filter(|f| f.repairable).count();
    if !repairing && fixable > 0 {
        writeln!(
            ctx.out,
            "Run `fasttrack doctor --repair` to fix {fixable} of them safely (a backup is made first)."
        )?;
    } else if repairing && r.findings.iter().any(|f| !f.repairable) {
        let backup = r
            .repair
            .as_ref()
            .map(|d| {
                format!(
                    " (the backup {} is kept)",
                    clean(&d.backup.to_string_lossy())
                )
            })
            .unwrap_or_default();
        writeln!(
            ctx.out,
            "--repair left these alone: they need a person. Edit the file by hand as advised{backup}, then run `fasttrack doctor` again."
        )?;
    }
    Ok(())
}

fn join_numbers(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(10).map(|n| format!("line {n}")).collect();
    let more = lines.len().saturating_sub(10);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
