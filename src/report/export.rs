//! The export report: the engagement header and one row per catalog item (or the action plan),
//! built once from `ItemRow`/`StatusReport` so that CSV, Markdown, JSON, HTML and Excel carry
//! exactly the same facts. Pure: the export time is passed in.

use crate::catalog::{Owner, Text};
use crate::journal::Status;
use crate::profile::Profile;
use crate::report::rows::{
    CatalogVersion, CheckpointRow, Counts, Filter, ItemRow, PhaseRow, StatusReport, is_due_soon,
    is_overdue,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

/// The version of the JSON export document; raised when a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// What the export shows: every item, or the action plan (open applicable items, blocked first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    Items,
    ActionPlan,
}

/// The filters the export was made with, so a reader knows what is left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Filters {
    pub phase: Option<String>,
    pub status: Option<Status>,
    pub owner: Option<Owner>,
}

impl Filters {
    /// "phase enable, status blocked", or `None` when nothing was filtered.
    pub fn describe(&self) -> Option<String> {
        let parts: Vec<String> = [
            self.phase.as_deref().map(|p| format!("phase {p}")),
            self.status.map(|s| format!("status {}", s.as_str())),
            self.owner.map(|o| format!("owner {}", o.as_str())),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// Who the export is about and where the engagement stands. Progress is always the whole
/// engagement's, whatever the filters.
#[derive(Debug, Clone, Serialize)]
pub struct ExportHeader {
    pub customer: String,
    pub profile: Profile,
    /// The profile in one line, as `status` shows it.
    pub profile_summary: String,
    pub catalog: CatalogVersion,
    /// When the export was made (UTC, RFC 3339, seconds).
    pub exported_at: String,
    pub view: View,
    pub filters: Filters,
    pub current_phase: Option<Text>,
    pub overall: Counts,
    pub phases: Vec<PhaseRow>,
    /// Checkpoint calls with the customer, in the order held.
    pub checkpoints: Vec<CheckpointRow>,
    /// Applicable open items overdue, and due within 7 days, on the export's day.
    pub overdue: usize,
    pub due_soon: usize,
    /// Whole days since the last checkpoint call (null when there is none).
    pub days_since_checkpoint: Option<i64>,
    /// Applicable items done at the end of each day something changed, oldest first.
    pub progress: Vec<ProgressPoint>,
    /// The month of the newest source ("2018-12"): the benefit as Microsoft documented it.
    pub documented: Option<String>,
    /// The documents the catalog restates, with their public addresses.
    pub sources: Vec<SourceLine>,
}

/// A source document of the catalog, as the report cites it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceLine {
    pub title: String,
    pub url: Option<String>,
    /// The document's date (YYYY-MM-DD).
    pub date: Option<String>,
}

/// The catalog's sources and the month they document, for the export's header.
pub fn sources(h: &crate::catalog::CatalogHeader) -> (Vec<SourceLine>, Option<String>) {
    let lines = h
        .sources
        .iter()
        .map(|s| SourceLine {
            title: s.title.to_string(),
            url: s.url.as_deref().map(str::to_owned),
            date: s.date.as_deref().map(str::to_owned),
        })
        .collect();
    (lines, h.documented().map(str::to_owned))
}

/// Where the engagement stood at the end of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressPoint {
    /// The day (YYYY-MM-DD, local time).
    pub date: String,
    pub done: usize,
    pub applicable: usize,
}

/// One item as every export shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub phase: Text,
    pub phase_name: Text,
    pub section: Text,
    pub section_name: Text,
    pub id: Text,
    pub title: Text,
    pub owner: Owner,
    pub applicable: bool,
    /// Why the item does not apply to this profile (null when it does).
    pub not_applicable_reason: Option<String>,
    pub status: Status,
    /// When the item last changed (UTC, RFC 3339, seconds), and who changed it.
    pub updated: Option<String>,
    pub updated_by: Option<String>,
    pub note: Option<String>,
    /// The person assigned and the due date (YYYY-MM-DD), when set with `assign`.
    pub assignee: Option<String>,
    pub due: Option<String>,
    /// The next action date (YYYY-MM-DD), when set with `assign --next`.
    pub next_action: Option<String>,
    /// Open, applicable and due before the export's day.
    pub overdue: bool,
    /// Open, applicable and due within 7 days of the export's day.
    pub due_soon: bool,
}

/// An export: the header, and the rows in the order they are shown.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub header: ExportHeader,
    pub items: Vec<Row>,
}

impl Export {
    /// The action plan adds columns the customer fills in (owner, target date, comment).
    pub fn action_plan(&self) -> bool {
        self.header.view == View::ActionPlan
    }

    /// The rows that are blocked (for the HTML's "blocked first" list).
    pub fn blocked(&self) -> impl Iterator<Item = &Row> {
        self.items
            .iter()
            .filter(|r| r.applicable && r.status == Status::Blocked)
    }

    /// A phase's display name.
    pub fn phase_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.header
            .phases
            .iter()
            .find(|p| p.id == id)
            .map_or(id, |p| p.name.as_str())
    }
}

/// A column of the item table. CSV, Markdown, HTML and Excel take their titles and cells from
/// here; Excel also decides on it which cells are dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Phase,
    Section,
    Id,
    Title,
    Owner,
    Applies,
    WhyNot,
    Status,
    Assignee,
    Due,
    NextAction,
    Overdue,
    LastChange,
    ChangedBy,
    Note,
    /// The action plan's columns for the customer: filled from the assignee and due date
    /// when they are set, else left blank to fill in.
    PlanOwner,
    PlanDate,
    Comment,
}

impl Column {
    pub fn title(self) -> &'static str {
        match self {
            Column::Phase => "Phase",
            Column::Section => "Section",
            Column::Id => "ID",
            Column::Title => "Title",
            Column::Owner => "Owner",
            Column::Applies => "Applies",
            Column::WhyNot => "Why not",
            Column::Status => "Status",
            Column::Assignee => "Assignee",
            Column::Due => "Due date",
            Column::NextAction => "Next action",
            Column::Overdue => "Overdue",
            Column::LastChange => "Last change (UTC)",
            Column::ChangedBy => "Changed by",
            Column::Note => "Note",
            Column::PlanOwner => "Customer owner",
            Column::PlanDate => "Target date",
            Column::Comment => "Comment",
        }
    }

    /// Holds a calendar date (YYYY-MM-DD) or a time.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Column::Due | Column::NextAction | Column::PlanDate | Column::LastChange
        )
    }
}

/// The columns of the item table (CSV, Excel), in order. The action plan carries the
/// assignee and due date in its customer columns instead of their own.
pub fn columns(plan: bool) -> Vec<Column> {
    use Column::*;
    if plan {
        vec![
            Phase, Section, Id, Title, Owner, Status, NextAction, Overdue, LastChange, ChangedBy,
            Note, PlanOwner, PlanDate, Comment,
        ]
    } else {
        vec![
            Phase, Section, Id, Title, Owner, Applies, WhyNot, Status, Assignee, Due, NextAction,
            Overdue, LastChange, ChangedBy, Note,
        ]
    }
}

/// The action plan's customer columns.
pub const PLAN_COLUMNS: [&str; 3] = ["Customer owner", "Target date", "Comment"];

/// Builds the export from the engagement's rows (all of them, catalog order) and status report.
pub fn build(
    report: &StatusReport,
    progress: Vec<ProgressPoint>,
    rows: &[ItemRow],
    filter: &Filter,
    view: View,
    now: DateTime<Utc>,
) -> Export {
    let today = now.with_timezone(&chrono::Local).date_naive();
    let phase_name = |id: &Text| {
        report
            .phases
            .iter()
            .find(|p| p.id == *id)
            .map_or_else(|| id.clone(), |p| p.name.clone())
    };
    let mut items: Vec<Row> = rows
        .iter()
        .filter(|r| filter.keep(r))
        .filter(|r| view == View::Items || (r.applicable && is_open(r.status)))
        .map(|r| Row {
            phase: r.phase.clone(),
            phase_name: phase_name(&r.phase),
            section: r.section.clone(),
            section_name: r.section_name.clone(),
            id: r.id.clone(),
            title: r.title.clone(),
            owner: r.owner,
            applicable: r.applicable,
            not_applicable_reason: if r.applicable { None } else { r.reason.clone() },
            status: r.status,
            updated: r.updated.as_deref().map(utc_seconds),
            updated_by: r.by.clone(),
            note: r.note.clone(),
            assignee: r.assignee.clone(),
            due: r.due.clone(),
            next_action: r.next_action.clone(),
            overdue: is_overdue(r, today),
            due_soon: is_due_soon(r, today),
        })
        .collect();
    if view == View::ActionPlan {
        // Stable: blocked first, then catalog order.
        items.sort_by_key(|r| r.status != Status::Blocked);
    }
    Export {
        header: ExportHeader {
            customer: report.customer.clone(),
            profile: report.profile.clone(),
            profile_summary: report.profile.summary(),
            catalog: report.catalog.clone(),
            exported_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
            view,
            filters: Filters {
                phase: filter.phase.clone(),
                status: filter.status,
                owner: filter.owner,
            },
            current_phase: report.current_phase.clone(),
            overall: report.overall.clone(),
            phases: report.phases.clone(),
            checkpoints: report.checkpoints.clone(),
            overdue: rows.iter().filter(|r| is_overdue(r, today)).count(),
            due_soon: rows.iter().filter(|r| is_due_soon(r, today)).count(),
            days_since_checkpoint: report.days_since_checkpoint,
            progress,
            documented: None,
            sources: Vec::new(),
        },
        items,
    }
}

/// Not yet done and not skipped: what an action plan lists.
fn is_open(s: Status) -> bool {
    matches!(s, Status::NotStarted | Status::InProgress | Status::Blocked)
}

/// A journal time (UTC, RFC 3339, any precision) to the second; kept as it is if unreadable.
pub fn utc_seconds(at: &str) -> String {
    crate::time::rfc3339_seconds(at)
}

/// A time for people (status, HTML, Markdown): the one human format of `time::human`.
pub fn human_time(at: &str) -> String {
    crate::time::human(at)
}

/// "33.3%", or a dash for a phase with nothing applicable (not a misleading 100%).
pub fn percent(c: &Counts) -> String {
    if c.applicable == 0 {
        "—".to_owned()
    } else {
        format!("{}%", c.percent)
    }
}

/// "yes", or "no" for an item that does not apply.
pub fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// A row's cell in `column`, as CSV writes it (times in UTC RFC 3339, dates YYYY-MM-DD).
pub fn cell(r: &Row, column: Column) -> &str {
    fn opt(v: &Option<String>) -> &str {
        v.as_deref().unwrap_or("")
    }
    match column {
        Column::Phase => &r.phase_name,
        Column::Section => &r.section_name,
        Column::Id => &r.id,
        Column::Title => &r.title,
        Column::Owner => r.owner.as_str(),
        Column::Applies => yes_no(r.applicable),
        Column::WhyNot => opt(&r.not_applicable_reason),
        Column::Status => r.status.as_str(),
        Column::Assignee | Column::PlanOwner => opt(&r.assignee),
        Column::Due | Column::PlanDate => opt(&r.due),
        Column::NextAction => opt(&r.next_action),
        Column::Overdue => {
            if r.overdue {
                "overdue"
            } else {
                ""
            }
        }
        Column::LastChange => opt(&r.updated),
        Column::ChangedBy => opt(&r.updated_by),
        Column::Note => opt(&r.note),
        Column::Comment => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Owner;

    fn row(id: &'static str, status: Status, applicable: bool) -> ItemRow {
        ItemRow {
            id: id.into(),
            phase: "enable".into(),
            section: "intune".into(),
            title: format!("title of {id}").into(),
            owner: Owner::Fasttrack,
            status,
            applicable,
            reason: (!applicable).then(|| "service intune not in the profile".into()),
            note: None,
            updated: Some("2026-01-02T03:04:05.678901Z".into()),
            by: Some("tester".into()),
            assignee: None,
            due: None,
            next_action: None,
            conflict: false,
            conflicting: vec![],
            depth: 0,
            section_name: "Intune".into(),
        }
    }

    fn report() -> StatusReport {
        StatusReport {
            customer: "Contoso".into(),
            profile: Profile::default(),
            catalog: CatalogVersion {
                id: "fasttrack-ems".into(),
                version: "1".into(),
            },
            current_phase: None,
            phases: vec![PhaseRow {
                id: "enable".into(),
                name: "Enable".into(),
                counts: Counts::default(),
            }],
            overall: Counts::default(),
            blocked: vec![],
            unknown_items: vec![],
            overdue: 0,
            due_soon: 0,
            conflicts: vec![],
            last_checkpoint: None,
            days_since_checkpoint: None,
            checkpoints: vec![],
            last_activity: crate::report::rows::Activity {
                at: "2026-01-01T00:00:00Z".into(),
                by: "tester".into(),
            },
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-05T10:00:00.123Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn items_view_keeps_every_filtered_row_in_catalog_order() {
        let rows = [
            row("a", Status::Done, true),
            row("b", Status::Blocked, true),
            row("c", Status::NotStarted, false),
        ];
        let e = build(
            &report(),
            vec![],
            &rows,
            &Filter::default(),
            View::Items,
            now(),
        );
        let ids: Vec<&str> = e.items.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(e.header.exported_at, "2026-11-05T10:00:00Z");
        assert_eq!(e.items[0].updated.as_deref(), Some("2026-01-02T03:04:05Z"));
        assert_eq!(e.items[0].phase_name, "Enable");
        assert_eq!(e.items[0].not_applicable_reason, None);
        assert!(e.items[2].not_applicable_reason.is_some());
    }

    #[test]
    fn action_plan_lists_open_applicable_items_blocked_first() {
        let rows = [
            row("a", Status::NotStarted, true),
            row("b", Status::Done, true),
            row("c", Status::Blocked, true),
            row("d", Status::Skipped, true),
            row("e", Status::NotStarted, false),
            row("f", Status::InProgress, true),
            row("g", Status::Blocked, true),
        ];
        let e = build(
            &report(),
            vec![],
            &rows,
            &Filter::default(),
            View::ActionPlan,
            now(),
        );
        let ids: Vec<&str> = e.items.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["c", "g", "a", "f"]);
        assert!(e.action_plan());
    }

    #[test]
    fn filters_apply_and_are_recorded() {
        let rows = [
            row("a", Status::Done, true),
            row("b", Status::Blocked, true),
        ];
        let f = Filter {
            status: Some(Status::Blocked),
            ..Filter::default()
        };
        let e = build(&report(), vec![], &rows, &f, View::Items, now());
        assert_eq!(e.items.len(), 1);
        assert_eq!(e.header.filters.status, Some(Status::Blocked));
    }

    #[test]
    fn times_are_normalised_to_utc_seconds() {
        assert_eq!(
            utc_seconds("2026-01-02T04:04:05.9+01:00"),
            "2026-01-02T03:04:05Z"
        );
        assert_eq!(utc_seconds("garbage"), "garbage");
    }
}
