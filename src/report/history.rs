//! A journal change as people read it: one line (time, who, what, the note) in `log` and in
//! `show`'s history, wrapped at words to the terminal.

use crate::journal::{Change, Op};
use crate::term::{clean, local_time};
use std::io::Write;

/// A change as one log line (time, who, op, item, status, note), wrapped at words to the
/// terminal with the following lines under the op; a line break in the note stays one.
pub fn write_change(out: &mut crate::term::Out, c: &Change) -> std::io::Result<()> {
    let line = change_line(c);
    writeln!(out, "{}", crate::term::wrap_hanging(&line, out.width, 24))
}

/// One change on one line: time, who, what, the note.
pub fn change_line(c: &Change) -> String {
    let mut line = format!(
        "  {}  {:<12} {:<7}",
        local_time(&c.at),
        clean(&c.by),
        clean(c.op.as_str())
    );
    if let Some(item) = &c.item {
        line.push_str(&format!(" {}", clean(item)));
    }
    if let Some(s) = &c.status {
        line.push_str(&format!(" → {}", clean(s)));
    }
    let m = c.more();
    if let Some((k, v)) = c.setting() {
        line.push_str(&format!(" {} = {}", clean(k), clean(v)));
    }
    for (label, v) in [
        ("owner", &m.assignee),
        ("due", &m.due),
        ("next action", &m.next_action),
        ("held", &m.held),
        ("reverts", &m.reverts),
    ] {
        match v.as_deref() {
            Some("") => line.push_str(&format!(" {label} cleared")),
            Some(v) if label == "held" => line.push_str(&format!(" {label} {}", local_time(v))),
            Some(v) => line.push_str(&format!(" {label} {}", clean(v))),
            None => {}
        }
    }
    if !m.attendees.is_empty() {
        line.push_str(&format!(" with {}", clean(&m.attendees.join(", "))));
    }
    if !m.supersedes.is_empty() {
        line.push_str(&format!(" supersedes {}", clean(&m.supersedes.join(", "))));
    }
    if let Some(n) = c
        .note
        .as_deref()
        .filter(|n| c.op != Op::Undo || !n.is_empty())
    {
        line.push_str(&format!("  \"{}\"", crate::term::clean_lines(n)));
    }
    if c.forced {
        line.push_str("  (forced)");
    }
    line
}
