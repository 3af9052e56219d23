//! The report models: one per view, built once from an engagement and fed to every renderer
//! (table, JSON, CSV, Markdown, HTML, Excel), so that they never disagree.

use crate::catalog::{Owner, Text};
use crate::engagement::Engagement;
use crate::journal::Status;
use crate::profile::Profile;
use serde::Serialize;

/// Counts of a phase (or the whole engagement). Status counts are over applicable items.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub applicable: usize,
    pub not_started: usize,
    pub in_progress: usize,
    pub blocked: usize,
    pub done: usize,
    pub skipped: usize,
    /// done / (applicable - skipped), in percent, one decimal; 100 when nothing is left.
    pub percent: f64,
}

impl Counts {
    fn add(&mut self, applies: bool, status: Status) {
        self.total += 1;
        if !applies {
            return;
        }
        self.applicable += 1;
        match status {
            Status::NotStarted => self.not_started += 1,
            Status::InProgress => self.in_progress += 1,
            Status::Blocked => self.blocked += 1,
            Status::Done => self.done += 1,
            Status::Skipped => self.skipped += 1,
        }
    }

    fn finish(&mut self) {
        let base = self.applicable - self.skipped;
        self.percent = if base == 0 {
            100.0
        } else {
            (self.done as f64 * 1000.0 / base as f64).round() / 10.0
        };
    }

    /// Applicable items neither done nor skipped.
    pub fn open(&self) -> usize {
        self.not_started + self.in_progress + self.blocked
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseRow {
    pub id: Text,
    pub name: Text,
    #[serde(flatten)]
    pub counts: Counts,
}

/// One catalog item as every view shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: Text,
    pub phase: Text,
    pub section: Text,
    pub title: Text,
    pub owner: Owner,
    pub status: Status,
    pub applicable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub note: Option<String>,
    /// When it last changed (UTC, RFC 3339), and by whom.
    pub updated: Option<String>,
    pub by: Option<String>,
    /// The person assigned with `assign --owner` (`owner` above is the catalog's side,
    /// fasttrack or customer, and keeps its meaning).
    pub assignee: Option<String>,
    /// Due date and next action date, YYYY-MM-DD.
    pub due: Option<String>,
    pub next_action: Option<String>,
    /// Concurrent changes (from merged clones) not yet settled with `resolve`.
    pub conflict: bool,
    /// The sides of the conflict, latest first (absent when there is none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicting: Vec<ConflictSideRow>,
    #[serde(skip)]
    pub depth: u8,
    #[serde(skip)]
    pub section_name: Text,
}

/// One side of a conflict: the change and the latest note of its branch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictSideRow {
    pub change: String,
    pub status: Option<String>,
    pub at: String,
    pub by: String,
    pub note: Option<String>,
}

/// A checkpoint call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckpointRow {
    pub id: String,
    /// When it was held (UTC, RFC 3339, as recorded).
    pub held: String,
    /// Who recorded it.
    pub by: String,
    pub attendees: Vec<String>,
    pub note: String,
}

/// The latest change of an engagement (or its creation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    pub at: String,
    pub by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogVersion {
    pub id: Text,
    pub version: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub customer: String,
    pub profile: Profile,
    pub catalog: CatalogVersion,
    /// The first phase (not counting General) with open applicable items; null when all is done.
    pub current_phase: Option<Text>,
    pub phases: Vec<PhaseRow>,
    pub overall: Counts,
    /// Blocked applicable items, catalog order.
    pub blocked: Vec<ItemRow>,
    /// Ids in the journal that the catalog does not have.
    pub unknown_items: Vec<String>,
    /// Applicable open items whose due date is before today.
    pub overdue: usize,
    /// Applicable open items due today or within the next 7 days.
    pub due_soon: usize,
    /// Items with unsettled concurrent changes, catalog order.
    pub conflicts: Vec<ItemRow>,
    /// The latest checkpoint call, and whole days since it (null when there is none).
    pub last_checkpoint: Option<CheckpointRow>,
    pub days_since_checkpoint: Option<i64>,
    /// Every checkpoint, in the order held (for exports; `checkpoints` lists them).
    #[serde(skip)]
    pub checkpoints: Vec<CheckpointRow>,
    /// The latest change, or the engagement's creation when there is none.
    pub last_activity: Activity,
}

/// The due date of an open applicable item, when it has a valid one.
fn open_due(row: &ItemRow) -> Option<chrono::NaiveDate> {
    if !row.applicable || row.status.is_closed() {
        return None;
    }
    row.due
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Due before `today`, applicable and neither done nor skipped.
pub fn is_overdue(row: &ItemRow, today: chrono::NaiveDate) -> bool {
    open_due(row).is_some_and(|d| d < today)
}

/// Due from `today` to 7 days on, applicable and neither done nor skipped.
pub fn is_due_soon(row: &ItemRow, today: chrono::NaiveDate) -> bool {
    open_due(row).is_some_and(|d| d >= today && d <= today + chrono::Days::new(7))
}

/// The checkpoint calls of an engagement, in the order held.
pub fn checkpoint_rows(e: &Engagement) -> Vec<CheckpointRow> {
    e.checkpoints
        .iter()
        .map(|&n| {
            let c = &e.changes[n];
            CheckpointRow {
                id: c.id.to_string(),
                held: c.more().held.as_deref().unwrap_or(&c.at).to_owned(),
                by: c.by.to_string(),
                attendees: c.more().attendees.clone(),
                note: c.note.clone().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

/// The item rows of an engagement, in catalog order.
pub fn item_rows(e: &Engagement) -> Vec<ItemRow> {
    e.rows()
        .map(|(i, item, state)| ItemRow {
            id: item.id.clone(),
            phase: item.phase.clone(),
            section: item.section.clone(),
            section_name: e
                .index
                .section(&item.section)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            title: item.title.clone(),
            owner: item.owner,
            status: state.status,
            applicable: e.applies(i),
            reason: e.reasons[i].as_ref().map(ToString::to_string),
            note: state.note.clone(),
            updated: state.updated.as_ref().map(|s| s.at.clone()),
            by: state.updated.as_ref().map(|s| s.by.clone()),
            assignee: state.assignee.clone(),
            due: state.due.clone(),
            next_action: state.next_action.clone(),
            conflict: !state.conflict.is_empty(),
            conflicting: state
                .conflict
                .iter()
                .map(|side| {
                    let c = &e.changes[side.head];
                    ConflictSideRow {
                        change: c.id.to_string(),
                        status: c.status.as_deref().map(str::to_owned),
                        at: c.at.to_string(),
                        by: c.by.to_string(),
                        note: side
                            .note
                            .and_then(|n| e.changes[n].note.as_deref().map(str::to_owned)),
                    }
                })
                .collect(),
            depth: item.depth,
        })
        .collect()
}

pub fn status_report(e: &Engagement, rows: &[ItemRow]) -> StatusReport {
    status_report_on(e, rows, chrono::Local::now().date_naive())
}

/// The status report as of `today` (due dates are counted against it).
pub fn status_report_on(
    e: &Engagement,
    rows: &[ItemRow],
    today: chrono::NaiveDate,
) -> StatusReport {
    let catalog = &e.index.catalog;
    let mut phases: Vec<PhaseRow> = catalog
        .phases
        .iter()
        .map(|p| PhaseRow {
            id: p.id.clone(),
            name: p.name.clone(),
            counts: Counts::default(),
        })
        .collect();
    let mut overall = Counts::default();
    for row in rows {
        if let Some(p) = phases.iter_mut().find(|p| p.id == row.phase) {
            p.counts.add(row.applicable, row.status);
        }
        overall.add(row.applicable, row.status);
    }
    phases.iter_mut().for_each(|p| p.counts.finish());
    overall.finish();
    let current_phase = catalog
        .phases
        .iter()
        .zip(&phases)
        .find(|(def, row)| !def.ongoing && row.counts.open() > 0)
        .map(|(def, _)| def.id.clone());
    let checkpoints = checkpoint_rows(e);
    let days_since_checkpoint = checkpoints.last().and_then(|c| {
        chrono::DateTime::parse_from_rfc3339(&c.held)
            .ok()
            .map(|t| (today - t.with_timezone(&chrono::Local).date_naive()).num_days())
    });
    StatusReport {
        customer: e.customer.clone(),
        profile: e.profile.clone(),
        catalog: CatalogVersion {
            id: catalog.header.id.clone(),
            version: catalog.header.version.clone(),
        },
        current_phase,
        phases,
        overall,
        blocked: rows
            .iter()
            .filter(|r| r.applicable && r.status == Status::Blocked)
            .cloned()
            .collect(),
        unknown_items: e.unknown.keys().cloned().collect(),
        overdue: rows.iter().filter(|r| is_overdue(r, today)).count(),
        due_soon: rows.iter().filter(|r| is_due_soon(r, today)).count(),
        conflicts: rows.iter().filter(|r| r.conflict).cloned().collect(),
        last_checkpoint: checkpoints.last().cloned(),
        days_since_checkpoint,
        checkpoints,
        last_activity: match e.changes.last() {
            Some(c) => Activity {
                at: c.at.to_string(),
                by: c.by.to_string(),
            },
            None => Activity {
                at: e.header.created.clone(),
                by: e.header.by.clone(),
            },
        },
    }
}

/// Filters shared by `items` and `export`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub phase: Option<String>,
    pub status: Option<Status>,
    pub owner: Option<Owner>,
    /// Only items assigned to this person.
    pub assignee: Option<String>,
    /// Only items overdue as of this day.
    pub overdue_on: Option<chrono::NaiveDate>,
}

impl Filter {
    pub fn keep(&self, row: &ItemRow) -> bool {
        self.phase.as_ref().is_none_or(|p| *p == row.phase)
            && self.status.is_none_or(|s| s == row.status)
            && self.owner.is_none_or(|o| o == row.owner)
            && self
                .assignee
                .as_ref()
                .is_none_or(|a| row.assignee.as_ref() == Some(a))
            && self.overdue_on.is_none_or(|d| is_overdue(row, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_leaves_out_skipped_items() {
        let mut c = Counts::default();
        c.add(true, Status::Done);
        c.add(true, Status::Skipped);
        c.add(true, Status::NotStarted);
        c.add(false, Status::Done);
        c.finish();
        assert_eq!(
            (c.total, c.applicable, c.done, c.skipped, c.not_started),
            (4, 3, 1, 1, 1)
        );
        assert_eq!(c.percent, 50.0);
        let mut empty = Counts::default();
        empty.finish();
        assert_eq!(empty.percent, 100.0);
    }
}
