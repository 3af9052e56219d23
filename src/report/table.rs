//! Terminal tables (comfy-table): fitted to the terminal's width, wrapped, coloured only when
//! colour is on. Every cell that holds user text goes through `term::clean`.

use crate::journal::Status;
use crate::report::rows::{ItemRow, PhaseRow};
use crate::term::{self, Out, style};
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, LineStyle, Table,
    TableStyle, Width,
};

/// The house look: a rule under the header, two spaces between columns, no boxes. Boxes
/// cost three columns per column, which at 80 columns left the titles a word wide.
const HOUSE: TableStyle = TableStyle::new().header_separator(LineStyle::none().fill('─'));

/// The terminal's width when the table goes to one.
fn width_for(out: Look) -> Option<usize> {
    if out.tty {
        term::terminal_width()
    } else {
        None
    }
}

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
    t.load_style(HOUSE);
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
        "phase", "items", "apply", "todo", "doing", "blocked", "done", "skipped",
    ];
    // On a terminal the percentage sits after a bar as wide as the terminal allows.
    let bar_width = out.tty.then(|| {
        let name = rows
            .iter()
            .map(|r| r.name.chars().count())
            .max()
            .unwrap_or(7);
        let fixed = name.max(7) + 5 + 5 + 4 + 5 + 7 + 4 + 7 + 2 * 9 + " 100.0%".len();
        width_for(out).map_or(12, |w| w.saturating_sub(fixed).clamp(8, 24))
    });
    header.push(if bar_width.is_some() {
        "progress"
    } else {
        "done %"
    });
    let mut t = new_table_for(out, &header);
    let mut line = |name: &str, c: &crate::report::rows::Counts, bold: bool| {
        let cells = vec![
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
            match bar_width {
                Some(w) => Cell::new(format!("{} {:>5.1}%", term::bar(c.percent, w), c.percent)),
                None => Cell::new(format!("{:.1}", c.percent)).set_alignment(CellAlignment::Right),
            },
        ];
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

/// The item table of `items` and `next`, drawn for `out`. On a narrow terminal the phase
/// column goes first, then the owner, so the title keeps room to be read; ids never wrap
/// (they are what gets copied); titles and notes wrap. Pipes and files get every column.
pub fn items_for(out: Look, rows: &[&ItemRow], show_reason: bool) -> Table {
    let width = width_for(out);
    let has_notes = rows.iter().any(|r| r.note.is_some());
    let id_w = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(2);
    let (mut phase, mut owner) = (true, true);
    let note = has_notes || width.is_none();
    if let Some(w) = width {
        let wrapped = 1 + usize::from(show_reason) + usize::from(note);
        let need = |phase: bool, owner: bool| {
            let mut n = id_w + 11 + 2 * (2 + wrapped) + 28 * wrapped;
            if phase {
                n += 9 + 2;
            }
            if owner {
                n += 9 + 2;
            }
            n
        };
        if need(phase, owner) > w {
            phase = false;
        }
        if need(phase, owner) > w {
            owner = false;
        }
    }
    let mut header = vec!["id"];
    if phase {
        header.push("phase");
    }
    if owner {
        header.push("owner");
    }
    header.extend(["status", "title"]);
    if show_reason {
        header.push("applies");
    }
    // Assignments get columns only when some row has one.
    let assigned = rows.iter().any(|r| r.assignee.is_some() || r.due.is_some());
    if assigned {
        header.extend(["assignee", "due"]);
    }
    if note {
        header.push("note");
    }
    let mut t = new_table_for(out, &header);
    if let Some(w) = width {
        t.set_width(u16::try_from(w).unwrap_or(u16::MAX));
        let mut constraints = vec![ColumnConstraint::Absolute(Width::Fixed(
            u16::try_from(id_w + 2).unwrap_or(u16::MAX),
        ))];
        constraints.resize(header.len(), ColumnConstraint::ContentWidth);
        // Titles first: the note and the reason wrap harder.
        let title = header.iter().position(|h| *h == "title").unwrap_or(0);
        for (i, c) in constraints.iter_mut().enumerate().skip(title) {
            *c = if i == title {
                ColumnConstraint::LowerBoundary(Width::Fixed(24))
            } else {
                ColumnConstraint::LowerBoundary(Width::Fixed(12))
            };
        }
        t.set_constraints(constraints);
    }
    for r in rows {
        let indent = "  ".repeat(r.depth as usize);
        let mut cells = vec![Cell::new(&r.id)];
        if phase {
            cells.push(Cell::new(&r.phase));
        }
        if owner {
            cells.push(Cell::new(r.owner.as_str()));
        }
        cells.push(status_cell_for(out, r.status));
        cells.push(Cell::new(format!("{indent}{}", r.title)));
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
        if note {
            let text = r
                .note
                .as_deref()
                .map(|n| term::clean(n).into_owned())
                .unwrap_or_default();
            cells.push(Cell::new(if r.conflict {
                format!(
                    "CONFLICT ({} sides; see `fasttrack show {}`) {text}",
                    r.conflicting.len(),
                    r.id
                )
            } else {
                text
            }));
        }
        t.add_row(cells);
    }
    t
}

/// `label: value` lines, the label dimmed.
pub fn field(out: &Out, label: &str, value: &str) -> String {
    format!(
        "{} {}",
        out.paint(style::DIM, &format!("{label:>10}:")),
        term::wrap(value, out.width, 12)
    )
}
