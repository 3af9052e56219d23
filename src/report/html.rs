//! HTML export: one self-contained, printable page (inline CSS and SVG, no scripts, nothing
//! fetched): a headline, progress over time, what the customer needs to do, the applicable
//! items by phase, and the items that do not apply apart with their reason. Built with maud,
//! which escapes every value by default: nothing here writes raw HTML from data (the only
//! `PreEscaped` is the style sheet, a constant).

use crate::catalog::Owner;
use crate::journal::Status;
use crate::report::export::{Export, Row, human_time, percent};
use crate::report::rows::Counts;
use maud::{DOCTYPE, Markup, PreEscaped, html};

const CSS: &str = include_str!("html.css");

/// Scripts, frames, images and fetches are refused by the page itself: even a value that got
/// through unescaped could not run or call out.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// Why an item is on the "What we need from you" list, most pressing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    Blocked,
    Overdue,
    DueSoon,
    /// A customer item of the current phase.
    Yours,
}

impl Need {
    fn words(self) -> &'static str {
        match self {
            Need::Blocked => "blocked",
            Need::Overdue => "overdue",
            Need::DueSoon => "due soon",
            Need::Yours => "yours to do",
        }
    }
}

/// The items the customer is asked about: every blocked, overdue or soon-due item, and the
/// customer's own open items of the current phase; most pressing first, then catalog order.
pub fn needs(e: &Export) -> Vec<(Need, &Row)> {
    let current = e.header.current_phase.as_deref();
    let mut list: Vec<(Need, &Row)> = e
        .items
        .iter()
        .filter(|r| r.applicable && !r.status.is_closed())
        .filter_map(|r| {
            let need = if r.status == Status::Blocked {
                Need::Blocked
            } else if r.overdue {
                Need::Overdue
            } else if r.due_soon {
                Need::DueSoon
            } else if r.owner == Owner::Customer && Some(r.phase.as_str()) == current {
                Need::Yours
            } else {
                return None;
            };
            Some((need, r))
        })
        .collect();
    list.sort_by_key(|(need, _)| *need);
    list
}

/// The export as one HTML document.
pub fn render(e: &Export) -> String {
    let h = &e.header;
    let plan = e.action_plan();
    let kind = if plan {
        "action plan"
    } else {
        "progress report"
    };
    let applicable: Vec<&Row> = e.items.iter().filter(|r| r.applicable).collect();
    let not_applicable: Vec<&Row> = e.items.iter().filter(|r| !r.applicable).collect();
    let needs = needs(e);
    let customer_later = e
        .items
        .iter()
        .filter(|r| r.applicable && !r.status.is_closed() && r.owner == Owner::Customer)
        .count()
        - needs
            .iter()
            .filter(|(_, r)| r.owner == Owner::Customer)
            .count();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(concat!("fasttrack ", env!("CARGO_PKG_VERSION")));
                title { (h.customer) " — FastTrack EMS onboarding " (kind) }
                style { (PreEscaped(CSS)) }
            }
            body {
                section.summary {
                header {
                    p.kicker { "FastTrack EMS onboarding · " (kind) }
                    h1 { (h.customer) }
                    dl.meta {
                        dt { "Profile" } dd { (h.profile_summary) }
                        dt { "Catalog" } dd {
                            (h.catalog.id) " " (h.catalog.version)
                            @if let Some(d) = &h.documented { ", as documented by Microsoft, " (d) }
                        }
                        dt { "Exported" } dd { (human_time(&h.exported_at)) }
                        @if let Some(f) = e.header.filters.describe() {
                            dt { "Filtered" } dd { (f) }
                        }
                    }
                }
                (headline(e))
                div.overview {
                    figure.progress {
                        figcaption { "Applicable items done, by date" }
                        (crate::report::chart::progress(&h.progress))
                    }
                    table.phases {
                        thead { tr {
                            th { "Phase" } th.bar-col { "Progress" } th.num { "Done %" }
                            th.num { "Done" } th.num { "Applicable" } th.num { "Blocked" }
                        } }
                        tbody {
                            @for p in &h.phases { (phase_row(&p.name, &p.counts, false)) }
                            (phase_row("Overall", &h.overall, true))
                        }
                    }
                }
                section.need {
                    h2 { "What we need from you" }
                    @if needs.is_empty() {
                        p.hint { "Nothing is blocked, overdue or due soon, and no customer item of the current phase is open." }
                    } @else {
                        table.items.need {
                            thead { tr {
                                th { "Why" } th { "ID" } th { "Title" } th { "Assignee" }
                                th { "Due" } th { "Note" }
                            } }
                            tbody {
                                @for (need, r) in &needs {
                                    tr class=(format!("need-{}", need.words().replace(' ', "-"))) {
                                        td data-label="Why" { (need.words()) }
                                        td.id data-label="ID" { (r.id) }
                                        td.title data-label="Title" { (r.title) }
                                        td data-label="Assignee" { (r.assignee.as_deref().unwrap_or("")) }
                                        td.date data-label="Due" { (due(r)) }
                                        td.note data-label="Note" { (r.note.as_deref().unwrap_or("")) }
                                    }
                                }
                            }
                        }
                    }
                    @if customer_later > 0 {
                        p.hint { (customer_later) " more open customer item" @if customer_later != 1 { "s" } " in the table below." }
                    }
                }
                @if !h.checkpoints.is_empty() {
                    section.checkpoints {
                        h2 { "Checkpoints (" (h.checkpoints.len()) ")" }
                        ul {
                            @for c in h.checkpoints.iter().rev().take(3) {
                                li {
                                    strong { (human_time(&c.held)) }
                                    @if !c.attendees.is_empty() { " (with " (c.attendees.join(", ")) ")" }
                                    ": " (c.note)
                                }
                            }
                        }
                        @if h.checkpoints.len() > 3 {
                            p.hint { "The latest three; " (h.checkpoints.len() - 3) " earlier in the journal (`fasttrack checkpoints`)." }
                        }
                    }
                }
                }
                section.all {
                    h2 {
                        @if plan { "Action plan" } @else { "Applicable items" }
                        " (" (applicable.len()) ")"
                    }
                    @if plan {
                        p.hint { "Applicable items not yet done, blocked first. The customer fills in the last columns where they are empty." }
                    }
                    @if applicable.is_empty() {
                        p { "No items match." }
                    } @else {
                        (item_table(e, &applicable, plan))
                    }
                }
                @if !not_applicable.is_empty() {
                    section.na {
                        details {
                            summary { "Not applicable to this profile (" (not_applicable.len()) ")" }
                            table.items.na {
                                thead { tr { th { "ID" } th { "Title" } th { "Why it does not apply" } } }
                                tbody {
                                    @for r in &not_applicable {
                                        tr {
                                            td.id data-label="ID" { (r.id) }
                                            td.title data-label="Title" { (r.title) }
                                            td.why data-label="Why not" { (r.not_applicable_reason.as_deref().unwrap_or("")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                footer {
                    p {
                        "Made with fasttrack from catalog " (h.catalog.id) " " (h.catalog.version)
                        @if let Some(d) = &h.documented { ", which restates the FastTrack benefit as documented by Microsoft, " (d) }
                        ". Progress counts applicable items; skipped items are left out of the percentage."
                    }
                    @if !h.sources.is_empty() {
                        p.sources-title { "Sources" }
                        ul.sources {
                            @for s in &h.sources {
                                li {
                                    (s.title)
                                    @if let Some(d) = &s.date { " (" (d) ")" }
                                    @if let Some(u) = &s.url { br; span.url { (u) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}

/// The headline: where the engagement stands in six figures, before any table.
fn headline(e: &Export) -> Markup {
    let h = &e.header;
    let c = &h.overall;
    let phase = h
        .current_phase
        .as_deref()
        .map_or("complete", |p| e.phase_name(p));
    let checkpoint = match h.days_since_checkpoint {
        None => "none yet".to_owned(),
        Some(0) => "today".to_owned(),
        Some(1) => "1 day ago".to_owned(),
        Some(d) => format!("{d} days ago"),
    };
    html! {
        div.headline {
            div.big {
                span.pct { (percent(c)) }
                span.label { "done" }
            }
            dl.facts {
                div { dt { "Done" } dd { (c.done) " of " (c.applicable) " applicable" } }
                div { dt { "Phase" } dd { (phase) } }
                div class=[(c.blocked > 0).then_some("alert")] { dt { "Blocked" } dd { (c.blocked) } }
                div class=[(h.overdue > 0).then_some("alert")] { dt { "Overdue" } dd { (h.overdue) } }
                div { dt { "Last checkpoint" } dd { (checkpoint) } }
            }
        }
    }
}

/// The applicable items, grouped by phase under a heading row.
fn item_table(e: &Export, rows: &[&Row], plan: bool) -> Markup {
    let columns = if plan { 8 } else { 7 };
    html! {
        table.items.all.plan[plan] {
            thead { tr {
                th { "ID" } th { "Title" } th { "Owner" } th { "Status" }
                @if plan {
                    th { "Note" } th.blank { "Customer owner" } th.blank { "Target date" } th.blank { "Comment" }
                } @else {
                    th { "Assignee" } th { "Due" } th { "Note" }
                }
            } }
            tbody {
                @for (i, r) in rows.iter().enumerate() {
                    @if i == 0 || rows[i - 1].phase != r.phase {
                        tr.group { th colspan=(columns) scope="rowgroup" { (e.phase_name(&r.phase)) } }
                    }
                    tr class=[r.overdue.then_some("overdue")] {
                        td.id data-label="ID" { (r.id) }
                        td.title data-label="Title" { (r.title) }
                        td.owner data-label="Owner" { (r.owner.as_str()) }
                        td data-label="Status" { span class=(status_class(r.status)) { (r.status.as_str()) } }
                        @if plan {
                            td.note data-label="Note" { (note(r)) }
                            td.blank data-label="Customer owner" { (r.assignee.as_deref().unwrap_or("")) }
                            td.blank.date data-label="Target date" { (due(r)) }
                            td.blank data-label="Comment" {}
                        } @else {
                            td data-label="Assignee" { (r.assignee.as_deref().unwrap_or("")) }
                            td.date data-label="Due" { (due(r)) }
                            td.note data-label="Note" { (note(r)) }
                        }
                    }
                }
            }
        }
    }
}

/// The due date, marked when overdue; the next action date under it.
fn due(r: &Row) -> Markup {
    html! {
        @if let Some(d) = &r.due {
            span.day { (d) }
            @if r.overdue { " " span.late { "overdue" } }
        }
        @if let Some(n) = &r.next_action {
            @if r.due.is_some() { br; }
            span.next { "next " span.day { (n) } }
        }
    }
}

/// The note, and when the item last changed, in small print under it.
fn note(r: &Row) -> Markup {
    html! {
        @if let Some(n) = &r.note { (n) }
        @if let Some(at) = &r.updated {
            @if r.note.is_some() { br; }
            span.when {
                span.day { (human_time(at)) }
                @if let Some(by) = &r.updated_by { " · " (by) }
            }
        }
    }
}

fn phase_row(name: &str, c: &Counts, total: bool) -> Markup {
    let width = format!("width: {:.1}%", c.percent.clamp(0.0, 100.0));
    html! {
        tr class=[total.then_some("total")] {
            th scope="row" { (name) }
            td.bar-col {
                @if c.applicable == 0 {
                    span.why { "no applicable items" }
                } @else {
                    div.bar role="img" aria-label=(format!("{}% done", c.percent)) {
                        div.fill style=(width) {}
                    }
                }
            }
            td.num { (percent(c)) }
            td.num { (c.done) }
            td.num { (c.applicable) }
            td.num { (c.blocked) }
        }
    }
}

fn status_class(s: Status) -> String {
    format!("status st-{}", s.as_str())
}
