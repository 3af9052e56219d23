//! The weekly status update (`fasttrack summary`): one model of what changed since a day and
//! what comes next, rendered as text for the terminal, Markdown for an email, or JSON. Pure:
//! the time it is built for is passed in.

use crate::catalog::Text;
use crate::engagement::Engagement;
use crate::journal::Status;
use crate::report::rows::{Counts, ItemRow, StatusReport, is_overdue};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::fmt::Write;

/// How far ahead "due soon" looks.
pub const DUE_WITHIN_DAYS: u64 = 14;
/// How many next items are listed.
pub const NEXT_ITEMS: usize = 5;

/// Where the period starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SinceFrom {
    /// The last checkpoint call (the default when there is one).
    LastCheckpoint,
    /// 7 days ago (the default without a checkpoint).
    LastWeek,
    /// A date given with --since.
    Date,
}

/// One item in a list of the update.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: Text,
    pub title: Text,
    pub status: Status,
    pub assignee: Option<String>,
    pub due: Option<String>,
    pub note: Option<String>,
    /// When it was done (UTC, RFC 3339), in the "done" list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
}

impl Entry {
    fn of(r: &ItemRow) -> Entry {
        Entry {
            id: r.id.clone(),
            title: r.title.clone(),
            status: r.status,
            assignee: r.assignee.clone(),
            due: r.due.clone(),
            note: r.note.clone(),
            done_at: None,
        }
    }
}

/// The update.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub customer: String,
    /// The start of the period (UTC, RFC 3339) and where it comes from.
    pub since: String,
    pub since_from: SinceFrom,
    pub overall: Counts,
    pub current_phase: Option<Text>,
    /// The current phase's name, for the progress line.
    pub current_phase_name: Option<Text>,
    /// Items done in the period and still done, in the order they were done.
    pub done: Vec<Entry>,
    pub blocked: Vec<Entry>,
    pub overdue: Vec<Entry>,
    /// Open items due from today to 14 days on.
    pub due_soon: Vec<Entry>,
    pub next: Vec<Entry>,
}

/// The start of the period: `date` at local midnight, else the last checkpoint, else 7 days
/// before `now`.
pub fn since(
    report: &StatusReport,
    date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, SinceFrom) {
    if let Some(d) = date {
        let t = d
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(chrono::Local).earliest())
            .map_or(now, |t| t.with_timezone(&Utc));
        return (t, SinceFrom::Date);
    }
    let held = report
        .last_checkpoint
        .as_ref()
        .and_then(|c| DateTime::parse_from_rfc3339(&c.held).ok());
    match held {
        Some(t) => (t.with_timezone(&Utc), SinceFrom::LastCheckpoint),
        None => (now - chrono::Days::new(7), SinceFrom::LastWeek),
    }
}

/// Builds the update from the engagement's rows (catalog order) for the period from `start`.
pub fn build(
    e: &Engagement,
    report: &StatusReport,
    rows: &[ItemRow],
    (start, from): (DateTime<Utc>, SinceFrom),
    now: DateTime<Utc>,
) -> Summary {
    let today = now.with_timezone(&chrono::Local).date_naive();
    let open = |r: &&ItemRow| r.applicable && !r.status.is_closed();
    // Done in the period: the journal's done changes from `start`, for items still done.
    let mut done: Vec<Entry> = Vec::new();
    for c in &e.changes {
        let at = DateTime::parse_from_rfc3339(&c.at).map(|t| t.with_timezone(&Utc));
        if c.status.as_deref() != Some(Status::Done.as_str()) || at.is_ok_and(|t| t < start) {
            continue;
        }
        if at.is_err() {
            continue;
        }
        let Some(item) = c.item.as_deref().and_then(|i| e.index.item(i)) else {
            continue;
        };
        let Some(row) = rows.iter().find(|r| r.id == item.id) else {
            continue;
        };
        if row.status != Status::Done {
            continue;
        }
        done.retain(|d| d.id != row.id);
        done.push(Entry {
            done_at: Some(crate::time::rfc3339_seconds(&c.at)),
            ..Entry::of(row)
        });
    }
    let soon_end = today + chrono::Days::new(DUE_WITHIN_DAYS);
    let due_soon = |r: &&ItemRow| {
        r.due
            .as_deref()
            .and_then(crate::time::date)
            .is_some_and(|d| d >= today && d <= soon_end)
    };
    let ongoing = |r: &&ItemRow| e.index.phase(&r.phase).is_some_and(|p| p.ongoing);
    Summary {
        customer: report.customer.clone(),
        since: start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        since_from: from,
        overall: report.overall.clone(),
        current_phase: report.current_phase.clone(),
        current_phase_name: report.current_phase.as_ref().and_then(|p| {
            report
                .phases
                .iter()
                .find(|row| row.id == *p)
                .map(|row| row.name.clone())
        }),
        done,
        blocked: report.blocked.iter().map(Entry::of).collect(),
        overdue: rows
            .iter()
            .filter(|r| is_overdue(r, today))
            .map(Entry::of)
            .collect(),
        due_soon: rows
            .iter()
            .filter(open)
            .filter(due_soon)
            .map(Entry::of)
            .collect(),
        next: rows
            .iter()
            .filter(|r| r.applicable && matches!(r.status, Status::NotStarted | Status::InProgress))
            .filter(|r| !ongoing(r))
            .take(NEXT_ITEMS)
            .map(Entry::of)
            .collect(),
    }
}

/// How the update is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Plain text, wrapped to `width` columns when there is one.
    Text {
        width: Option<usize>,
    },
    Markdown,
}

/// The update as text or Markdown.
pub fn render(s: &Summary, style: Style) -> String {
    let md = style == Style::Markdown;
    let width = match style {
        Style::Text { width } => width,
        Style::Markdown => None,
    };
    let esc = |t: &str| -> String {
        if md {
            crate::report::markdown::text(t)
        } else {
            crate::term::clean(t).into_owned()
        }
    };
    let mut out = String::new();
    let since_day = crate::time::human(&s.since);
    let since_day = since_day.split(' ').next().unwrap_or_default();
    let from = match s.since_from {
        SinceFrom::LastCheckpoint => " (the last checkpoint)",
        SinceFrom::LastWeek => " (the last 7 days)",
        SinceFrom::Date => "",
    };
    let title = format!("{} — FastTrack EMS onboarding update", esc(&s.customer));
    if md {
        let _ = writeln!(out, "## {title}\n");
    } else {
        let _ = writeln!(out, "{title}");
    }
    let phase = match &s.current_phase_name {
        Some(p) => format!("phase {}", esc(p)),
        None => "every applicable item is done or skipped".to_owned(),
    };
    let pct = if s.overall.applicable == 0 {
        "—".to_owned()
    } else {
        format!("{}%", s.overall.percent)
    };
    let progress = format!(
        "Progress: {pct} done ({} of {} applicable items), {phase}.",
        s.overall.done, s.overall.applicable
    );
    let _ = writeln!(out, "{}", line(&progress, width, 0));
    let heading = |out: &mut String, text: String| {
        if md {
            let _ = writeln!(out, "\n**{text}**\n");
        } else {
            let _ = writeln!(out, "\n{text}");
        }
    };
    let item = |e: &Entry, extra: String| -> String {
        let id = if md {
            format!("`{}`", e.id.replace('`', ""))
        } else {
            e.id.to_string()
        };
        format!("- {id}  {}{extra}", esc(&e.title))
    };
    let who = |e: &Entry| -> String {
        e.assignee
            .as_deref()
            .map(|a| format!(", {}", esc(a)))
            .unwrap_or_default()
    };
    let note = |e: &Entry| -> String {
        e.note
            .as_deref()
            .map(|n| {
                let n = esc(&n.replace("\r\n", "\n").replace('\n', " / "));
                format!(": {n}")
            })
            .unwrap_or_default()
    };
    let due_who = |e: &Entry| -> String {
        match (e.due.as_deref(), e.assignee.as_deref()) {
            (Some(d), Some(a)) => format!(" (due {}, {})", esc(d), esc(a)),
            (Some(d), None) => format!(" (due {})", esc(d)),
            (None, _) => who(e),
        }
    };
    let lists: [(String, Vec<String>); 5] = [
        (
            format!("Done since {since_day}{from} ({})", s.done.len()),
            s.done.iter().map(|e| item(e, String::new())).collect(),
        ),
        (
            format!("Blocked ({})", s.blocked.len()),
            s.blocked
                .iter()
                .map(|e| item(e, format!("{}{}", note(e), who(e))))
                .collect(),
        ),
        (
            format!("Overdue ({})", s.overdue.len()),
            s.overdue.iter().map(|e| item(e, due_who(e))).collect(),
        ),
        (
            format!(
                "Due in the next {DUE_WITHIN_DAYS} days ({})",
                s.due_soon.len()
            ),
            s.due_soon.iter().map(|e| item(e, due_who(e))).collect(),
        ),
        (
            "Next".to_owned(),
            s.next.iter().map(|e| item(e, who(e))).collect(),
        ),
    ];
    for (title, lines) in lists {
        heading(&mut out, title);
        if lines.is_empty() {
            let _ = writeln!(out, "{}", if md { "- none" } else { "  none" });
        }
        for l in lines {
            if md {
                let _ = writeln!(out, "{l}");
            } else {
                let _ = writeln!(out, "  {}", line(&l, width.map(|w| w.saturating_sub(2)), 4));
            }
        }
    }
    out
}

/// A line wrapped at words with a hanging indent (whole when there is no width).
fn line(text: &str, width: Option<usize>, indent: usize) -> String {
    crate::term::wrap_hanging(text, width, indent)
}
