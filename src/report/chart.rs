//! The HTML report's progress chart: inline SVG drawn from the journal's progress series (no
//! script, no external file), so the page stays one self-contained file that prints.

use crate::report::export::ProgressPoint;
use maud::{Markup, html};

const W: f64 = 640.0;
const H: f64 = 180.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;

/// Percent done of applicable (not skipped) items at a point.
fn percent(p: &ProgressPoint) -> f64 {
    if p.applicable == 0 {
        0.0
    } else {
        p.done as f64 * 100.0 / p.applicable as f64
    }
}

/// The chart, or a sentence when the journal has nothing to draw.
pub fn progress(points: &[ProgressPoint]) -> Markup {
    if points.is_empty() {
        return html! { p.hint { "No progress recorded yet." } };
    }
    let days: Vec<i64> = points
        .iter()
        .map(|p| {
            crate::time::date(&p.date)
                .map(|d| i64::from(chrono::Datelike::num_days_from_ce(&d)))
                .unwrap_or_default()
        })
        .collect();
    let first = days[0];
    let span = (days[days.len() - 1] - first).max(1) as f64;
    let x = |d: i64| LEFT + (d - first) as f64 / span * (W - LEFT - RIGHT);
    let y = |pct: f64| TOP + (100.0 - pct.clamp(0.0, 100.0)) / 100.0 * (H - TOP - BOTTOM);
    // A step line: the level holds until the next day something changed.
    let mut line = Vec::with_capacity(points.len() * 2);
    for (i, p) in points.iter().enumerate() {
        let (px, py) = (x(days[i]), y(percent(p)));
        if i > 0 {
            line.push(format!("{px:.1},{:.1}", y(percent(&points[i - 1]))));
        }
        line.push(format!("{px:.1},{py:.1}"));
    }
    let last = points.last().expect("not empty");
    let end_x = x(days[days.len() - 1]);
    let base = y(0.0);
    let area = format!(
        "{LEFT:.1},{base:.1} {} {end_x:.1},{base:.1}",
        line.join(" ")
    );
    let label = format!(
        "Applicable items done, from {} ({:.0}%) to {} ({:.0}%: {} of {})",
        points[0].date,
        percent(&points[0]),
        last.date,
        percent(last),
        last.done,
        last.applicable
    );
    html! {
        svg.chart viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(label)
            xmlns="http://www.w3.org/2000/svg" {
            title { (label) }
            @for pct in [0.0, 25.0, 50.0, 75.0, 100.0] {
                line.grid x1=(LEFT) x2=(W - RIGHT) y1=(format!("{:.1}", y(pct))) y2=(format!("{:.1}", y(pct))) {}
                text.axis x=(LEFT - 6.0) y=(format!("{:.1}", y(pct) + 4.0)) text-anchor="end" { (pct) "%" }
            }
            polygon.area points=(area) {}
            polyline.line points=(line.join(" ")) {}
            circle.dot cx=(format!("{end_x:.1}")) cy=(format!("{:.1}", y(percent(last)))) r="3.5" {}
            text.axis x=(LEFT) y=(H - 6.0) text-anchor="start" { (points[0].date) }
            @if points.len() > 1 {
                text.axis x=(W - RIGHT) y=(H - 6.0) text-anchor="end" { (last.date) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(date: &str, done: usize) -> ProgressPoint {
        ProgressPoint {
            date: date.into(),
            done,
            applicable: 10,
        }
    }

    #[test]
    fn draws_a_step_line_from_first_to_last_day() {
        let svg = progress(&[p("2026-11-01", 0), p("2026-11-03", 5)]).into_string();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(!svg.contains("<script"));
        assert!(svg.contains("2026-11-01") && svg.contains("2026-11-03"));
        // 50 % at the end: halfway down the plot area.
        assert!(svg.contains(&format!("cy=\"{:.1}\"", 10.0 + 0.5 * (180.0 - 34.0))));
        assert!(progress(&[]).into_string().contains("No progress"));
    }
}
