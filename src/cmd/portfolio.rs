//! `fasttrack portfolio [DIR...]`: every engagement journal under some folders, one row each,
//! so a consultant sees their whole book at a glance. The walk never follows a symlinked
//! folder (no loops), skips `.git`, `target` and `node_modules`, follows a symlinked journal
//! (listed once with its target), skips a journal another user owns unless its folder is
//! trusted (the rule the upward search applies), and turns anything it skips into a warning;
//! journals are read and replayed on a few threads.

use super::{Invocation, print_json};
use crate::catalog::{Index, Text};
use crate::cli::{PortfolioArgs, PortfolioSort};
use crate::engagement::Engagement;
use crate::error::usage;
use crate::journal;
use crate::report::rows::{Activity, item_rows, status_report_on};
use crate::term::clean;
use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Folders the walk never enters: they hold no engagements and can be huge.
const SKIPPED: [&str; 3] = [".git", "target", "node_modules"];

/// One engagement in the portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioRow {
    pub customer: String,
    /// The journal's path (lossy where the name is not UTF-8).
    pub path: String,
    /// The first phase with open items (a phase id), null when all is done.
    pub current_phase: Option<Text>,
    pub percent: f64,
    pub blocked: usize,
    pub overdue: usize,
    /// Items with unsettled concurrent changes.
    pub conflicts: usize,
    /// The latest change (or the creation) and who made it.
    pub last_activity: Activity,
    /// Whole days since the last activity.
    pub idle_days: i64,
}

pub fn run(ctx: &mut Invocation, args: PortfolioArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
    if let Some(p) = &args.phase
        && p != "complete"
        && index.phase(p).is_none()
    {
        let ids: Vec<&str> = index.catalog.phases.iter().map(|p| p.id.as_str()).collect();
        return Err(usage(format!(
            "unknown phase {:?}: expected one of {}, complete",
            clean(p),
            ids.join(", ")
        )));
    }
    let roots = if args.dirs.is_empty() {
        vec![ctx.cwd.clone()]
    } else {
        args.dirs.clone()
    };
    let mut warnings = Vec::new();
    let journals = find_journals(&roots, &mut warnings);
    let now = Utc::now();
    let results = load_all(&index, &journals, now);
    for w in &warnings {
        eprintln!("warning: {}", clean(w));
    }
    let mut rows = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(row) => rows.push(row),
            Err(w) => eprintln!("warning: {}", clean(&w)),
        }
    }
    rows.retain(|r| match args.phase.as_deref() {
        None => true,
        Some("complete") => r.current_phase.is_none(),
        Some(p) => r.current_phase.as_deref() == Some(p),
    });
    if let Some(days) = args.stale {
        rows.retain(|r| r.idle_days >= i64::from(days));
    }
    sort(&mut rows, args.sort);
    if args.json {
        print_json(ctx, &rows)?;
    } else if rows.is_empty() {
        writeln!(
            ctx.out,
            "No engagements found{}.",
            if args.phase.is_some() || args.stale.is_some() {
                " that match"
            } else {
                ""
            }
        )?;
    } else {
        let t = crate::report::table::portfolio(
            &ctx.out,
            rows.iter()
                .map(|r| crate::report::table::PortfolioLine {
                    customer: clean(&r.customer).into_owned(),
                    phase: match &r.current_phase {
                        Some(p) => index.phase(p).map_or(p, |ph| &ph.name).to_string(),
                        None => "complete".to_owned(),
                    },
                    percent: r.percent,
                    blocked: r.blocked,
                    overdue: r.overdue,
                    conflicts: r.conflicts,
                    when: crate::time::human(&r.last_activity.at),
                    by: clean(&r.last_activity.by).into_owned(),
                    idle_days: r.idle_days,
                    path: clean(&r.path).into_owned(),
                })
                .collect(),
        );
        writeln!(ctx.out, "{t}")?;
        writeln!(ctx.out, "{} engagement(s)", rows.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn sort(rows: &mut [PortfolioRow], key: PortfolioSort) {
    match key {
        PortfolioSort::Activity => rows.sort_by(|a, b| {
            time(&b.last_activity.at)
                .cmp(&time(&a.last_activity.at))
                .then_with(|| a.path.cmp(&b.path))
        }),
        PortfolioSort::Progress => rows.sort_by(|a, b| {
            a.percent
                .total_cmp(&b.percent)
                .then_with(|| a.path.cmp(&b.path))
        }),
        PortfolioSort::Customer => rows.sort_by(|a, b| {
            a.customer
                .to_lowercase()
                .cmp(&b.customer.to_lowercase())
                .then_with(|| a.path.cmp(&b.path))
        }),
    }
}

fn time(at: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Every `fasttrack.jsonl` under `roots`, sorted. Folders that cannot be read are reported in
/// `warnings` and skipped; symlinked folders are not entered; a symlinked journal is read
/// through its link. A root may itself be a journal, used as given (as `--state` is); a journal
/// the scan finds is skipped, with a warning, when another user owns it and its folder is not
/// trusted (`fasttrack trust`).
pub fn find_journals(roots: &[PathBuf], warnings: &mut Vec<String>) -> Vec<PathBuf> {
    let mut given = Vec::new();
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = Vec::new();
    for root in roots {
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => stack.push(root.clone()),
            Ok(m) if m.is_file() => given.push(root.clone()),
            Ok(_) => warnings.push(format!(
                "{}: not a folder or a file; skipped",
                root.display()
            )),
            Err(e) => warnings.push(format!("cannot read {}: {e}; skipped", root.display())),
        }
    }
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                warnings.push(format!(
                    "cannot read folder {}: {e}; skipped",
                    dir.display()
                ));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    warnings.push(format!("cannot read in {}: {e}; skipped", dir.display()));
                    continue;
                }
            };
            let Ok(kind) = entry.file_type() else {
                warnings.push(format!("cannot stat {}; skipped", entry.path().display()));
                continue;
            };
            let name = entry.file_name();
            if kind.is_dir() {
                if !SKIPPED.iter().any(|s| name == *s) {
                    stack.push(entry.path());
                }
            } else if name == journal::FILE_NAME && (kind.is_file() || kind.is_symlink()) {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found.dedup();
    let found = owned_or_trusted(found, warnings);
    let mut all = given;
    all.extend(found);
    all.sort();
    all.dedup();
    once_each(all)
}

/// The scanned journals this user may use: their own, or in a trusted folder (as the upward
/// search decides); the rest are named in `warnings`, with who owns them and how to include
/// them. A link that leads nowhere or to something not a file is named too.
fn owned_or_trusted(found: Vec<PathBuf>, warnings: &mut Vec<String>) -> Vec<PathBuf> {
    let mut trust = None;
    found
        .into_iter()
        .filter(|path| {
            let meta = match std::fs::metadata(path) {
                Ok(m) if m.is_file() => m,
                Ok(_) => {
                    warnings.push(format!("{}: a link to something not a file; skipped", path.display()));
                    return false;
                }
                Err(e) => {
                    warnings.push(format!("cannot follow the link {}: {e}; skipped", path.display()));
                    return false;
                }
            };
            let Some((owner, _)) = journal::owner::foreign(&meta) else {
                return true;
            };
            if trust
                .get_or_insert_with(journal::trust::TrustList::load)
                .trusts(path)
            {
                return true;
            }
            let dir = path.parent().unwrap_or(Path::new("/"));
            warnings.push(format!(
                "{}: belongs to {owner}, not to you; skipped (`fasttrack trust {}` includes it, `fasttrack portfolio {}` reads it once)",
                path.display(),
                journal::owner::quoted(dir),
                journal::owner::quoted(path),
            ));
            false
        })
        .collect()
}

/// `paths` less those that name a file listed earlier (a link and its target): one row each.
fn once_each(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    paths
        .into_iter()
        .filter(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())))
        .collect()
}

/// Reads and summarises each journal, on up to 4 threads; results in `paths` order.
pub fn load_all(
    index: &Index,
    paths: &[PathBuf],
    now: DateTime<Utc>,
) -> Vec<Result<PortfolioRow, String>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
        .min(paths.len().div_ceil(8))
        .max(1);
    if workers == 1 {
        return paths.iter().map(|p| summarise(index, p, now)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<Result<PortfolioRow, String>>> = Vec::new();
    out.resize_with(paths.len(), || None);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(p) = paths.get(i) else { break };
                        done.push((i, summarise(index, p, now)));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            for (i, r) in h.join().expect("a portfolio worker panicked") {
                out[i] = Some(r);
            }
        }
    });
    out.into_iter()
        .map(|r| r.expect("every path read"))
        .collect()
}

/// One journal as a portfolio row, or a warning saying why it was skipped.
pub fn summarise(index: &Index, path: &Path, now: DateTime<Utc>) -> Result<PortfolioRow, String> {
    let loaded = journal::read::read(path).map_err(|e| format!("{e:#}; skipped"))?;
    if loaded.is_corrupt() || loaded.torn.is_some() {
        eprintln!(
            "warning: {}: some lines are damaged and were left out (run `fasttrack doctor` there)",
            clean(&path.display().to_string())
        );
    }
    let e = Engagement::replay(index, loaded);
    let today: NaiveDate = now.with_timezone(&chrono::Local).date_naive();
    let rows = item_rows(&e);
    let report = status_report_on(&e, &rows, today);
    let idle_days = time(&report.last_activity.at).map_or(0, |t| (now - t).num_days());
    Ok(PortfolioRow {
        customer: report.customer,
        path: path.display().to_string(),
        current_phase: report.current_phase,
        percent: report.overall.percent,
        blocked: report.overall.blocked,
        overdue: report.overdue,
        conflicts: report.conflicts.len(),
        last_activity: report.last_activity,
        idle_days,
    })
}
