//! Terminal tables (comfy-table): fitted to the terminal's width, wrapped, coloured only when
//! colour is on. Every cell that holds user text goes through `term::clean`.

use crate::journal::Status;
use crate::report::rows::{ItemRow, PhaseRow, is_overdue};
use crate::term::{self, Out, style};
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, LineStyle, Table,
    TableStyle, Width,
};

/// The house look: a rule under the header, two spaces between columns, no boxes. Boxes
/// cost three columns per column, which at 80 columns left the titles a word wide.
const HOUSE: TableStyle = TableStyle::new().header_separator(LineStyle::none().fill('─'));

/// The terminal's width when the table goes to one.
fn width_for(out: TableOutput) -> Option<usize> {
    if out.tty {
        term::terminal_width()
    } else {
        None
    }
}

/// How a table is drawn: with colour or not, for a terminal or not. `Out` knows both; the
/// benchmarks build one without touching standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOutput {
    pub color: bool,
    pub tty: bool,
}

impl From<&Out> for TableOutput {
    fn from(out: &Out) -> TableOutput {
        TableOutput {
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
pub fn new_table_for(out: TableOutput, header: &[&str]) -> Table {
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

fn status_cell_for(out: TableOutput, s: Status) -> Cell {
    status_cell_with(out, s, s.as_str())
}

/// A status cell showing `text`, coloured after `s`.
fn status_cell_with(out: TableOutput, s: Status, text: &str) -> Cell {
    let cell = Cell::new(text);
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
pub fn phases_for(
    out: TableOutput,
    rows: &[PhaseRow],
    overall: &crate::report::rows::Counts,
) -> Table {
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

/// How the item table is laid out at a width: which columns show and which fold into others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    phase: bool,
    owner: bool,
    /// Notes under the title (indented) instead of in a column of their own.
    note_in_title: bool,
    /// Assignee and due date stacked in one column instead of two.
    who_due_stacked: bool,
    /// Status in short words (todo, doing), as the phase table says them.
    short_status: bool,
    /// Assignee and due date under the title instead of in a column.
    who_in_title: bool,
}

/// The longest word of `text`, in characters: a column narrower than this would split it.
fn longest_word(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
}

/// The item table of `items` and `next`, drawn for `out`. On a narrow terminal the phase
/// column goes first, then the owner; then notes move under the titles and the assignee and
/// due date share a column, so the title keeps room to be read. Ids, dates and names never
/// wrap mid-word (ids are what gets copied); titles and notes wrap at words. Pipes and files
/// get every column.
pub fn items_for(out: TableOutput, rows: &[&ItemRow], show_reason: bool) -> Table {
    let width = width_for(out);
    let has_notes = rows.iter().any(|r| r.note.is_some() || r.conflict);
    let id_w = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(2);
    // Assignments get columns only when some row has one.
    let assigned = rows
        .iter()
        .any(|r| r.assignee.is_some() || r.due.is_some() || r.next_action.is_some());
    let who_w = rows
        .iter()
        .filter_map(|r| r.assignee.as_deref())
        .map(|a| a.chars().count())
        .max()
        .unwrap_or(0);
    let name_word = rows
        .iter()
        .filter_map(|r| r.assignee.as_deref())
        .map(longest_word)
        .max()
        .unwrap_or(0);
    // "next 2026-01-15" under the due date when a next action is set.
    let due_w = if rows.iter().any(|r| r.next_action.is_some()) {
        15
    } else {
        10
    };
    let title_word = rows
        .iter()
        .map(|r| longest_word(&r.title))
        .max()
        .unwrap_or(8);
    let mut layout = Layout {
        phase: true,
        owner: true,
        note_in_title: false,
        who_due_stacked: false,
        short_status: false,
        who_in_title: false,
    };
    let note_col = |l: &Layout| (has_notes || width.is_none()) && !l.note_in_title;
    if let Some(w) = width {
        // The narrowest each layout can be: fixed columns whole, wrapped ones at their floor.
        let need = |l: &Layout| {
            let status = if l.short_status { 7 } else { 11 };
            // A title narrower than 24 is hard to read: fold columns before that.
            let mut n = (id_w + 2) + (status + 2) + (title_word.max(24) + 2);
            if l.phase {
                n += 9 + 2;
            }
            if l.owner {
                n += 9 + 2;
            }
            if show_reason {
                n += 12 + 2;
            }
            if note_col(l) {
                n += 14 + 2;
            }
            if assigned && !l.who_in_title {
                n += if l.who_due_stacked {
                    who_w.min(16).max(name_word).max(due_w) + 2
                } else {
                    who_w.min(16).max(name_word) + 2 + due_w + 2
                };
            }
            n
        };
        let steps: [fn(&mut Layout); 6] = [
            |l| l.phase = false,
            |l| l.owner = false,
            |l| l.who_due_stacked = true,
            |l| l.note_in_title = true,
            |l| l.short_status = true,
            |l| l.who_in_title = true,
        ];
        for step in steps {
            if need(&layout) <= w {
                break;
            }
            step(&mut layout);
        }
    }
    let note = note_col(&layout);
    let mut header = vec!["id"];
    if layout.phase {
        header.push("phase");
    }
    if layout.owner {
        header.push("owner");
    }
    header.extend(["status", "title"]);
    if show_reason {
        header.push("applies");
    }
    if assigned && !layout.who_in_title {
        if layout.who_due_stacked {
            header.push("who / due");
        } else {
            header.extend(["assignee", "due"]);
        }
    }
    if note {
        header.push("note");
    }
    let mut t = new_table_for(out, &header);
    if let Some(w) = width {
        t.set_width(u16::try_from(w).unwrap_or(u16::MAX));
        let fixed = |n: usize| {
            ColumnConstraint::Absolute(Width::Fixed(u16::try_from(n + 2).unwrap_or(u16::MAX)))
        };
        let at_least = |n: usize| {
            ColumnConstraint::LowerBoundary(Width::Fixed(u16::try_from(n).unwrap_or(16)))
        };
        let constraints: Vec<ColumnConstraint> = header
            .iter()
            .map(|h| match *h {
                "id" => fixed(id_w),
                "phase" | "owner" | "status" => ColumnConstraint::ContentWidth,
                // Titles first: the note and the reason wrap harder; no word is ever split.
                "title" => at_least(title_word.max(16) + 2),
                "due" => fixed(due_w),
                "assignee" => fixed(who_w.min(16).max(name_word)),
                "who / due" => fixed(who_w.min(16).max(name_word).max(due_w)),
                _ => at_least(12),
            })
            .collect();
        t.set_constraints(constraints);
    }
    for r in rows {
        let indent = "  ".repeat(r.depth as usize);
        let mut cells = vec![Cell::new(&r.id)];
        if layout.phase {
            cells.push(Cell::new(&r.phase));
        }
        if layout.owner {
            cells.push(Cell::new(r.owner.as_str()));
        }
        cells.push(if layout.short_status {
            status_cell_with(out, r.status, short_status(r.status))
        } else {
            status_cell_for(out, r.status)
        });
        let note_text = note_text(r);
        let mut title = format!("{indent}{}", term::clean(&r.title));
        if layout.note_in_title && !note_text.is_empty() {
            // No-break spaces: the table would drop a plain indent.
            for line in note_text.lines() {
                title.push_str(&format!("\n{indent}\u{a0}\u{a0}{line}"));
            }
        }
        let overdue = is_overdue(r, crate::time::today());
        if assigned && layout.who_in_title {
            let mut parts: Vec<String> = Vec::new();
            if let Some(a) = &r.assignee {
                parts.push(term::clean(a).into_owned());
            }
            if let Some(d) = &r.due {
                parts.push(format!(
                    "due {}{}",
                    term::clean(d),
                    if overdue { " (overdue)" } else { "" }
                ));
            }
            if let Some(n) = &r.next_action {
                parts.push(format!("next {}", term::clean(n)));
            }
            if !parts.is_empty() {
                title.push_str(&format!("\n{indent}\u{a0}\u{a0}{}", parts.join(" · ")));
            }
        }
        cells.push(Cell::new(title));
        if show_reason {
            cells.push(Cell::new(match &r.reason {
                None => "yes".to_owned(),
                Some(why) => format!("no: {why}"),
            }));
        }
        if assigned && !layout.who_in_title {
            let who = r
                .assignee
                .as_deref()
                .map(|a| term::clean(a).into_owned())
                .unwrap_or_default();
            let mut due = r
                .due
                .as_deref()
                .map(|d| term::clean(d).into_owned())
                .unwrap_or_default();
            if let Some(n) = &r.next_action {
                due.push_str(&format!("\nnext {}", term::clean(n)));
            }
            let due_cell = |text: String| {
                let c = Cell::new(text);
                if overdue && out.color {
                    c.fg(Color::Red).add_attribute(Attribute::Bold)
                } else {
                    c
                }
            };
            if layout.who_due_stacked {
                let both = [who, due]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                cells.push(due_cell(both));
            } else {
                cells.push(Cell::new(who));
                cells.push(due_cell(due));
            }
        }
        if note {
            cells.push(Cell::new(note_text));
        }
        t.add_row(cells);
    }
    t
}

/// The status in the phase table's short words.
fn short_status(s: Status) -> &'static str {
    match s {
        Status::NotStarted => "todo",
        Status::InProgress => "doing",
        Status::Blocked => "blocked",
        Status::Done => "done",
        Status::Skipped => "skipped",
    }
}

/// A row's note as lines (a newline in a note is a line break, never `\n`), with the
/// conflict warning first when there is one.
fn note_text(r: &ItemRow) -> String {
    let text = r.note.as_deref().map(term::clean_lines).unwrap_or_default();
    if r.conflict {
        format!(
            "CONFLICT ({} sides; see `fasttrack show {}`) {text}",
            r.conflicting.len(),
            r.id
        )
    } else {
        text
    }
}

/// One engagement as the portfolio table shows it (already cleaned for the terminal).
#[derive(Debug, Clone)]
pub struct PortfolioLine {
    pub customer: String,
    pub phase: String,
    pub percent: f64,
    pub blocked: usize,
    pub overdue: usize,
    pub conflicts: usize,
    pub when: String,
    pub by: String,
    pub idle_days: i64,
    pub path: String,
}

/// The table of `portfolio`: numbers and percentages right-aligned; the last activity on two
/// lines (time, then who); names wrap at words; on a narrow terminal the conflicts column goes
/// when no engagement has any, then journal paths are shortened from the left ("…/contoso/
/// fasttrack.jsonl"), never split.
pub fn portfolio(out: &Out, lines: Vec<PortfolioLine>) -> Table {
    let look: TableOutput = out.into();
    let width = width_for(look);
    let conflicts = lines.iter().any(|l| l.conflicts > 0) || width.is_none();
    let longest = |f: &dyn Fn(&PortfolioLine) -> usize| lines.iter().map(f).max().unwrap_or(0);
    let customer = longest(&|l| longest_word(&l.customer)).max(16);
    let phase = longest(&|l| l.phase.chars().count()).max(5);
    let when = longest(&|l| l.when.chars().count()).max(13);
    let path_w = longest(&|l| l.path.chars().count());
    let numbers = (6 + 2) + (7 + 2) + (7 + 2) + if conflicts { 9 + 2 } else { 0 };
    let used = (customer + 2) + (phase + 2) + numbers + (when + 2);
    // The journal's own column while it has room for 24 characters; else its path goes under
    // the customer, shortened from the left to the customer column.
    let path_room = width.map(|w| w.saturating_sub(used + 2));
    let path_column = path_room.is_none_or(|room| room >= path_w.min(24));
    let mut header = vec!["customer", "phase", "done %", "blocked", "overdue"];
    if conflicts {
        header.push("conflicts");
    }
    header.push("last activity");
    if path_column {
        header.push("journal");
    }
    let mut t = new_table_for(look, &header);
    if let Some(w) = width {
        t.set_width(u16::try_from(w).unwrap_or(u16::MAX));
        let fixed = |n: usize| {
            ColumnConstraint::Absolute(Width::Fixed(u16::try_from(n + 2).unwrap_or(u16::MAX)))
        };
        let mut c = vec![
            ColumnConstraint::LowerBoundary(Width::Fixed(
                u16::try_from(customer + 2).unwrap_or(u16::MAX),
            )),
            fixed(phase),
            ColumnConstraint::ContentWidth,
            ColumnConstraint::ContentWidth,
            ColumnConstraint::ContentWidth,
        ];
        if conflicts {
            c.push(ColumnConstraint::ContentWidth);
        }
        c.push(fixed(when));
        if path_column {
            c.push(ColumnConstraint::ContentWidth);
        }
        t.set_constraints(c);
    }
    let shorten = |path: String, room: usize| -> String {
        let chars: Vec<char> = path.chars().collect();
        if chars.len() <= room {
            path
        } else {
            let keep: String = chars[chars.len() - (room - 1)..].iter().collect();
            format!("…{keep}")
        }
    };
    for l in lines {
        let (name, path) = match (path_column, path_room) {
            (true, Some(room)) => (l.customer, Some(shorten(l.path, room.max(12)))),
            (true, None) => (l.customer, Some(l.path)),
            (false, _) => {
                // The folder tells engagements apart; every journal has the same file name.
                let folder = l
                    .path
                    .strip_suffix("fasttrack.jsonl")
                    .map_or(l.path.as_str(), |f| f)
                    .to_owned();
                let folder = shorten(folder, customer);
                (format!("{}\n{folder}", l.customer), None)
            }
        };
        let mut cells = vec![
            Cell::new(name),
            Cell::new(l.phase),
            Cell::new(format!("{:.1}", l.percent)),
            Cell::new(l.blocked),
            Cell::new(l.overdue),
        ];
        if conflicts {
            cells.push(Cell::new(l.conflicts));
        }
        // Pipes and files keep one line per engagement.
        let sep = if width.is_some() { "\n" } else { " " };
        cells.push(Cell::new(format!(
            "{}{sep}by {} ({}d)",
            l.when, l.by, l.idle_days
        )));
        cells.extend(path.map(Cell::new));
        t.add_row(cells);
    }
    for i in 2..if conflicts { 6 } else { 5 } {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
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
