//! Markdown export (GitHub-flavoured): the header, a per-phase summary table and the item
//! table, ready to paste into an email, a wiki or a Teams message. Every value from a user or
//! the catalog goes through `text`, so that no note can break the table or become markup.

use crate::report::export::{Export, PLAN_COLUMNS, Row, human_time, percent, yes_no};
use crate::report::rows::Counts;
use crate::term::{bar, clean};
use std::fmt::Write;

/// The export as a Markdown document.
pub fn render(e: &Export) -> String {
    let h = &e.header;
    let mut s = String::with_capacity(1024 + e.items.len() * 256);
    let title = if e.action_plan() {
        "FastTrack EMS onboarding: action plan"
    } else {
        "FastTrack EMS onboarding: progress"
    };
    let _ = writeln!(s, "# {} — {title}\n", text(&h.customer));
    let _ = writeln!(s, "- **Profile:** {}", text(&h.profile_summary));
    let _ = writeln!(
        s,
        "- **Catalog:** {} {}",
        text(&h.catalog.id),
        text(&h.catalog.version)
    );
    let _ = writeln!(s, "- **Exported:** {}", text(&human_time(&h.exported_at)));
    let _ = writeln!(
        s,
        "- **Overall:** {} done ({} of {} applicable items; {} blocked, {} skipped)",
        percent(&h.overall),
        h.overall.done,
        h.overall.applicable,
        h.overall.blocked,
        h.overall.skipped
    );
    if h.overdue > 0 || h.due_soon > 0 {
        let _ = writeln!(
            s,
            "- **Due:** {} overdue, {} due within 7 days",
            h.overdue, h.due_soon
        );
    }
    let filters = [
        h.filters
            .phase
            .as_deref()
            .map(|p| format!("phase {}", text(p))),
        h.filters.status.map(|x| format!("status {}", x.as_str())),
        h.filters.owner.map(|o| format!("owner {}", o.as_str())),
    ];
    let filters: Vec<String> = filters.into_iter().flatten().collect();
    if !filters.is_empty() {
        let _ = writeln!(s, "- **Filtered:** {}", filters.join(", "));
    }

    s.push_str("\n## Progress by phase\n\n");
    s.push_str("| Phase | Applicable | Done | In progress | Blocked | Not started | Skipped | Done % | Progress |\n");
    s.push_str("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for p in &h.phases {
        let c = &p.counts;
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            text(&p.name),
            c.applicable,
            c.done,
            c.in_progress,
            c.blocked,
            c.not_started,
            c.skipped,
            percent(c),
            progress(c)
        );
    }
    let c = &h.overall;
    let _ = writeln!(
        s,
        "| **Overall** | {} | {} | {} | {} | {} | {} | {} | {} |",
        c.applicable,
        c.done,
        c.in_progress,
        c.blocked,
        c.not_started,
        c.skipped,
        percent(c),
        progress(c)
    );

    if !h.checkpoints.is_empty() {
        let _ = writeln!(s, "\n## Checkpoints ({})\n", h.checkpoints.len());
        for c in &h.checkpoints {
            let with = if c.attendees.is_empty() {
                String::new()
            } else {
                format!(" (with {})", text(&c.attendees.join(", ")))
            };
            let _ = writeln!(
                s,
                "- **{}**{with}: {}",
                text(&human_time(&c.held)),
                text(&c.note)
            );
        }
    }

    let _ = writeln!(
        s,
        "\n## {} ({})\n",
        if e.action_plan() {
            "Action plan"
        } else {
            "Items"
        },
        e.items.len()
    );
    if e.items.is_empty() {
        s.push_str("No items match.\n");
        return s;
    }
    let plan = e.action_plan();
    let mut header = vec!["Phase", "Section", "ID", "Title", "Owner"];
    // Every item of an action plan applies: no column for it.
    if !plan {
        header.push("Applies");
    }
    header.push("Status");
    if !plan {
        header.extend(["Assignee", "Due"]);
    }
    header.extend(["Next action", "Last change", "Note"]);
    if plan {
        header.extend(PLAN_COLUMNS);
    }
    let _ = writeln!(s, "| {} |", header.join(" | "));
    let _ = writeln!(s, "|{}", " --- |".repeat(header.len()));
    for r in &e.items {
        let _ = write!(
            s,
            "| {} | {} | `{}` | {} | {} |",
            text(&r.phase_name),
            text(&r.section_name),
            code(&r.id),
            text(&r.title),
            r.owner.as_str(),
        );
        if !plan {
            let _ = write!(s, " {} |", applies(r));
        }
        let _ = write!(s, " {} |", r.status.as_str());
        if !plan {
            let _ = write!(
                s,
                " {} | {} |",
                text(r.assignee.as_deref().unwrap_or("")),
                due(r)
            );
        }
        let _ = write!(
            s,
            " {} | {} | {} |",
            text(r.next_action.as_deref().unwrap_or("")),
            text(&last_change(r)),
            text(r.note.as_deref().unwrap_or(""))
        );
        if plan {
            // The customer's columns, filled from the assignment when there is one.
            let _ = write!(
                s,
                " {} | {} |  |",
                text(r.assignee.as_deref().unwrap_or("")),
                due(r)
            );
        }
        s.push('\n');
    }
    s
}

fn progress(c: &Counts) -> String {
    if c.applicable == 0 {
        String::new()
    } else {
        bar(c.percent, 10)
    }
}

/// The due date, "**overdue**" after it when the item is open and late.
fn due(r: &Row) -> String {
    let d = text(r.due.as_deref().unwrap_or(""));
    if r.overdue {
        format!("{d} **overdue**")
    } else {
        d
    }
}

fn applies(r: &Row) -> String {
    match &r.not_applicable_reason {
        Some(why) if !r.applicable => format!("no: {}", text(why)),
        _ => yes_no(r.applicable).to_owned(),
    }
}

/// "2026-11-05 10:00 UTC by alice", or empty.
fn last_change(r: &Row) -> String {
    match (&r.updated, &r.updated_by) {
        (Some(at), Some(by)) => format!("{} by {by}", human_time(at)),
        (Some(at), None) => human_time(at),
        _ => String::new(),
    }
}

/// Text for a table cell: every character that Markdown, GitHub's extensions or inline HTML
/// give a meaning to is backslash-escaped (so `<script>` shows as text and `|` cannot end the
/// cell), line breaks become `<br>`, other control characters are shown escaped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let normalised = s.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in normalised.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in clean(line).chars() {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '$'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// An id in a code span: ids are catalog-checked, but a backtick or pipe is still refused.
fn code(s: &str) -> String {
    clean(s).replace(['`', '|'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_pipes_and_line_breaks() {
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(text("one\ntwo\r\nthree"), "one<br>two<br>three");
        assert_eq!(
            text("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(text("![x](javascript:y)"), "!\\[x\\](javascript:y)");
        assert_eq!(text("Müller & Söhne"), "Müller \\& Söhne");
        assert_eq!(text("bell\x07"), "bell\\\\u{7}");
    }
}
