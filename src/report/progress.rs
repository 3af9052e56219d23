//! Progress over time, read from the journal: the journal is an event log, so replaying it up
//! to the end of each day gives how many applicable items were done that day (the HTML
//! report's chart, the JSON export's `progress`).

use crate::engagement::Engagement;
use crate::journal::Status;
use crate::report::export::ProgressPoint;
use chrono::NaiveDate;

/// At most this many points: a longer history keeps its first and last days and an even
/// sample between them (the chart is a few hundred pixels wide).
const MAX_POINTS: usize = 120;

/// Applicable items done at the end of each day the journal changed, from the day the
/// engagement started. Applicability is each day's own (a profile change moves it).
pub fn series(e: &Engagement) -> Vec<ProgressPoint> {
    let changes = &e.changes;
    // The index just past each day's last change, with its day.
    let mut ends: Vec<(NaiveDate, usize)> = Vec::new();
    for (n, c) in changes.iter().enumerate() {
        let Some(day) = crate::time::local_date(&c.at) else {
            continue;
        };
        match ends.last_mut() {
            Some((d, end)) if *d == day => *end = n + 1,
            // Sorted by time, so a day never comes back; an out-of-order one starts anew.
            _ => ends.push((day, n + 1)),
        }
    }
    let mut points = Vec::with_capacity(ends.len().min(MAX_POINTS) + 1);
    if let Some(start) = crate::time::local_date(&e.header.created)
        && ends.first().is_none_or(|(d, _)| *d > start)
    {
        points.push(point(e, start, 0));
    }
    for (day, end) in sample(&ends) {
        points.push(point(e, day, end));
    }
    points
}

fn sample(ends: &[(NaiveDate, usize)]) -> Vec<(NaiveDate, usize)> {
    if ends.len() <= MAX_POINTS {
        return ends.to_vec();
    }
    let last = ends.len() - 1;
    (0..MAX_POINTS)
        .map(|i| ends[i * last / (MAX_POINTS - 1)])
        .collect()
}

fn point(e: &Engagement, day: NaiveDate, end: usize) -> ProgressPoint {
    // The last day's state is the engagement's own: no second replay of the whole journal.
    let replayed;
    let then = if end == e.changes.len() {
        e
    } else {
        replayed = Engagement::from_changes(e.index, e.header.clone(), e.changes[..end].to_vec());
        &replayed
    };
    let (mut done, mut applicable) = (0, 0);
    for (i, _, state) in then.rows() {
        if then.applies(i) && state.status != Status::Skipped {
            applicable += 1;
            done += usize::from(state.status == Status::Done);
        }
    }
    ProgressPoint {
        date: day.format("%Y-%m-%d").to_string(),
        done,
        applicable,
    }
}
