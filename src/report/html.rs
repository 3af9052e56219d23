//! HTML export: one self-contained, printable page (inline CSS, no scripts, nothing fetched)
//! with the customer's name, a progress bar per phase, the blocked items first, then the full
//! table. Built with maud, which escapes every value by default: nothing here writes raw HTML
//! from data (the only `PreEscaped` is the style sheet, a constant).

use crate::journal::Status;
use crate::report::export::{Export, PLAN_COLUMNS, Row, human_time, percent};
use crate::report::rows::Counts;
use maud::{DOCTYPE, Markup, PreEscaped, html};

const CSS: &str = include_str!("html.css");

/// Scripts, frames, images and fetches are refused by the page itself: even a value that got
/// through unescaped could not run or call out.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// The export as one HTML document.
pub fn render(e: &Export) -> String {
    let h = &e.header;
    let plan = e.action_plan();
    let kind = if plan {
        "action plan"
    } else {
        "progress report"
    };
    let blocked: Vec<&Row> = e.blocked().collect();
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
                header {
                    p.kicker { "FastTrack EMS onboarding · " (kind) }
                    h1 { (h.customer) }
                    dl.meta {
                        dt { "Profile" } dd { (h.profile_summary) }
                        dt { "Catalog" } dd { (h.catalog.id) " " (h.catalog.version) }
                        dt { "Exported" } dd { (human_time(&h.exported_at)) }
                        @if let Some(p) = &h.current_phase {
                            dt { "Current phase" } dd { (e.phase_name(p)) }
                        }
                        @if let Some(f) = e.header.filters.describe() {
                            dt { "Filtered" } dd { (f) }
                        }
                    }
                }
                section {
                    h2 { "Progress by phase" }
                    table.phases {
                        thead { tr {
                            th { "Phase" } th.bar-col { "Progress" } th.num { "Done %" }
                            th.num { "Done" } th.num { "Applicable" } th.num { "Blocked" }
                            th.num { "Open" } th.num { "Skipped" }
                        } }
                        tbody {
                            @for p in &h.phases { (phase_row(&p.name, &p.counts, false)) }
                            (phase_row("Overall", &h.overall, true))
                        }
                    }
                }
                @if !h.checkpoints.is_empty() {
                    section.checkpoints {
                        h2 { "Checkpoints (" (h.checkpoints.len()) ")" }
                        ul {
                            @for c in &h.checkpoints {
                                li {
                                    strong { (human_time(&c.held)) }
                                    @if !c.attendees.is_empty() { " (with " (c.attendees.join(", ")) ")" }
                                    ": " (c.note)
                                }
                            }
                        }
                    }
                }
                @if !plan && !blocked.is_empty() {
                    section.blocked {
                        h2 { "Blocked (" (blocked.len()) ")" }
                        table.items {
                            thead { tr {
                                th { "ID" } th { "Title" } th { "Phase" } th { "Owner" }
                                th { "Last change" } th { "Note" }
                            } }
                            tbody {
                                @for r in &blocked {
                                    tr {
                                        td.id { (r.id) } td { (r.title) } td { (r.phase_name) }
                                        td { (r.owner.as_str()) } td.when { (last_change(r)) }
                                        td.note { (r.note.as_deref().unwrap_or("")) }
                                    }
                                }
                            }
                        }
                    }
                }
                section {
                    h2 {
                        @if plan { "Action plan" } @else { "All items" }
                        " (" (e.items.len()) ")"
                    }
                    @if plan {
                        p.hint { "Applicable items not yet done, blocked first. The last three columns are for the customer to fill in." }
                    }
                    @if e.items.is_empty() {
                        p { "No items match." }
                    } @else {
                        table.items.plan[plan] {
                            thead { tr {
                                th { "Phase" } th { "Section" } th { "ID" } th { "Title" }
                                th { "Owner" }
                                // Every item of an action plan applies: no column for it.
                                @if !plan { th { "Applies" } }
                                th { "Status" }
                                th { "Last change" } th { "Note" }
                                @if plan { @for c in PLAN_COLUMNS { th.blank { (c) } } }
                            } }
                            tbody {
                                @for r in &e.items { (item_row(r, plan)) }
                            }
                        }
                    }
                }
                footer {
                    "Made with fasttrack from catalog " (h.catalog.id) " " (h.catalog.version)
                    ". Progress counts applicable items; skipped items are left out of the percentage."
                }
            }
        }
    };
    page.into_string()
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
            td.num { (c.open()) }
            td.num { (c.skipped) }
        }
    }
}

fn item_row(r: &Row, plan: bool) -> Markup {
    html! {
        tr class=[(!r.applicable).then_some("na")] {
            td { (r.phase_name) }
            td { (r.section_name) }
            td.id { (r.id) }
            td.title { (r.title) }
            td { (r.owner.as_str()) }
            @if !plan {
                td {
                    @if r.applicable { "yes" } @else {
                        "no" @if let Some(why) = &r.not_applicable_reason { span.why { ": " (why) } }
                    }
                }
            }
            td { span class=(status_class(r.status)) { (r.status.as_str()) } }
            td.when { (last_change(r)) }
            td.note { (r.note.as_deref().unwrap_or("")) }
            @if plan { td.blank {} td.blank {} td.blank {} }
        }
    }
}

fn status_class(s: Status) -> String {
    format!("status st-{}", s.as_str())
}

/// The time on one line, who on the next.
fn last_change(r: &Row) -> Markup {
    html! {
        @if let Some(at) = &r.updated {
            (human_time(at))
            @if let Some(by) = &r.updated_by { br; "by " (by) }
        }
    }
}
