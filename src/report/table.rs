//! Terminal tables (comfy-table): fitted to the terminal's width, wrapped, coloured only when
//! colour is on. Every cell that holds user text goes through `term::clean`.

use crate::journal::Status;
use crate::report::rows::{ItemRow, PhaseRow};
use crate::term::{self, Out, style};
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table, presets};

/// How a table is drawn: with colour or not, for a terminal or not. `Out` knows both; the
/// benchmarks build one without touching standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub color: bool,
    pub tty: bool,
}

impl From<&Out> for Look {
    fn from(out: &Out) -> Look {
        Look {
            color: out.color,
            tty: out.tty,
        }
    }
}

/// A table styled the house way for `out`.
pub fn new_table(out: &Out, header: &[&str]) -> Table {
    new_table_for(out.into(), header)
}

/// A table styled the house way for `look`.
pub fn new_table_for(out: Look, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    if out.color {
        t.enforce_styling();
        t.set_header(
            header
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
    } else {
        if !out.tty {
            t.force_no_tty();
        }
        t.set_header(header.iter().map(Cell::new));
    }
    t
}

pub fn status_cell(out: &Out, s: Status) -> Cell {
    status_cell_for(out.into(), s)
}

fn status_cell_for(out: Look, s: Status) -> Cell {
    let cell = Cell::new(s.as_str());
    if !out.color {
        return cell;
    }
    match s {
        Status::Done => cell.fg(Color::Green),
        Status::Blocked => cell.fg(Color::Red),
        Status::InProgress => cell.fg(Color::Yellow),
        Status::Skipped => cell.fg(Color::DarkGrey),
        Status::NotStarted => cell,
    }
}

fn num(n: usize) -> Cell {
    Cell::new(n).set_alignment(CellAlignment::Right)
}

/// The phase table of `status`.
pub fn phases(out: &Out, rows: &[PhaseRow], overall: &crate::report::rows::Counts) -> Table {
    phases_for(out.into(), rows, overall)
}

/// The phase table of `status`, drawn for `out`.
pub fn phases_for(out: Look, rows: &[PhaseRow], overall: &crate::report::rows::Counts) -> Table {
    let mut header = vec![
        "phase", "items", "apply", "todo", "doing", "blocked", "done", "skipped", "done %",
    ];
    if out.tty {
        header.push("progress");
    }
    let mut t = new_table_for(out, &header);
    let mut line = |name: &str, c: &crate::report::rows::Counts, bold: bool| {
        let mut cells = vec![
            if bold && out.color {
                Cell::new(name).add_attribute(Attribute::Bold)
            } else {
                Cell::new(name)
            },
            num(c.total),
            num(c.applicable),
            num(c.not_started),
            num(c.in_progress),
            if c.blocked > 0 && out.color {
                num(c.blocked).fg(Color::Red)
            } else {
                num(c.blocked)
            },
            num(c.done),
            num(c.skipped),
            Cell::new(format!("{:.1}", c.percent)).set_alignment(CellAlignment::Right),
        ];
        if out.tty {
            cells.push(Cell::new(term::bar(c.percent, 12)));
        }
        t.add_row(cells);
    };
    for r in rows {
        line(&r.name, &r.counts, false);
    }
    line("overall", overall, true);
    t
}

/// The item table of `items` and `next`.
pub fn items(out: &Out, rows: &[&ItemRow], show_reason: bool) -> Table {
    items_for(out.into(), rows, show_reason)
}

/// The item table of `items` and `next`, drawn for `out`.
pub fn items_for(out: Look, rows: &[&ItemRow], show_reason: bool) -> Table {
    let mut header = vec!["id", "phase", "owner", "status", "title"];
    if show_reason {
        header.push("applies");
    }
    // Assignments and conflicts get columns only when some row has one.
    let assigned = rows.iter().any(|r| r.assignee.is_some() || r.due.is_some());
    if assigned {
        header.extend(["assignee", "due"]);
    }
    header.push("note");
    let mut t = new_table_for(out, &header);
    for r in rows {
        let indent = "  ".repeat(r.depth as usize);
        let mut cells = vec![
            Cell::new(&r.id),
            Cell::new(&r.phase),
            Cell::new(r.owner.as_str()),
            status_cell_for(out, r.status),
            Cell::new(format!("{indent}{}", r.title)),
        ];
        if show_reason {
            cells.push(Cell::new(match &r.reason {
                None => "yes".to_owned(),
                Some(why) => format!("no: {why}"),
            }));
        }
        if assigned {
            cells.push(Cell::new(
                r.assignee
                    .as_deref()
                    .map(|a| term::clean(a).into_owned())
                    .unwrap_or_default(),
            ));
            cells.push(Cell::new(
                r.due
                    .as_deref()
                    .map(|d| term::clean(d).into_owned())
                    .unwrap_or_default(),
            ));
        }
        let note = r
            .note
            .as_deref()
            .map(|n| term::clean(n).into_owned())
            .unwrap_or_default();
        cells.push(Cell::new(if r.conflict {
            format!(
                "CONFLICT ({} sides; see `fasttrack show {}`) {note}",
                r.conflicting.len(),
                r.id
            )
        } else {
            note
        }));
        t.add_row(cells);
    }
    t
}

/// `label: value` lines, the label dimmed.
pub fn field(out: &Out, label: &str, value: &str) -> String {
    format!(
        "{} {}",
        out.paint(style::DIM, &format!("{label:>10}:")),
        value
    )
}
