//! Replay order: the one order every clone derives from the same lines, whatever their order
//! in the file, and the time the next change must follow.

use crate::journal::Change;

/// Replay order: by time, then by change id, so every clone of a shared journal derives the
/// same state from the same lines whatever their order in the file. `changes` come in file
/// order: a change whose time is not trusted (see `journal::time`) is placed just after the
/// one before it in the file.
pub fn sort_changes(changes: &mut [Change]) {
    if let Some(order) = replay_order(changes) {
        permute(changes, &order);
    }
}

/// Where each change goes in replay order (`order[k]`: the index of the `k`th change), or
/// `None` when `changes` are in replay order already (see [`sort_changes`]).
pub(super) fn replay_order(changes: &[Change]) -> Option<Vec<usize>> {
    use chrono::{DateTime, Utc};
    // Fast path: the tool writes every time as `YYYY-MM-DDTHH:MM:SS.ffffffZ`, whose text order
    // is its time order; a journal of such times already in order needs no date parsing.
    // Consecutive changes mostly fall on one day: its date is checked once (the calendar check
    // was most of this function's cost at 30,000 changes).
    let mut valid_day: &[u8] = b"";
    if changes.iter().all(|c| {
        let b = c.at.as_bytes();
        match b.split_at_checked(10) {
            Some((day, clock)) if day == valid_day => is_canonical_clock(clock),
            Some((day, _)) if is_canonical_time(&c.at) => {
                valid_day = day;
                true
            }
            _ => false,
        }
    }) && changes
        .windows(2)
        .all(|w| (&w[0].at, &w[0].id) <= (&w[1].at, &w[1].id))
    {
        return None;
    }
    let keys = crate::journal::time::replay_keys(changes.iter().map(|c| &*c.at));
    let mut keyed: Vec<(DateTime<Utc>, usize)> = keys.into_iter().zip(0..).collect();
    if keyed
        .windows(2)
        .all(|w| (w[0].0, &changes[w[0].1].id) <= (w[1].0, &changes[w[1].1].id))
    {
        return None;
    }
    keyed.sort_by(|a, b| (a.0, &changes[a.1].id).cmp(&(b.0, &changes[b.1].id)));
    Some(keyed.into_iter().map(|(_, i)| i).collect())
}

/// Puts `items` in `order` (as [`replay_order`] gives it), moving each once.
pub(super) fn permute<T: Default>(items: &mut [T], order: &[usize]) {
    let mut taken: Vec<Option<T>> = items.iter_mut().map(|c| Some(std::mem::take(c))).collect();
    for (slot, &i) in items.iter_mut().zip(order) {
        *slot = taken[i].take().expect("each index once");
    }
}

/// The latest replay time of `changes` (in replay order): the time the next change must
/// follow. Only trusted times count (see `journal::time`).
pub fn latest_time(changes: &[Change]) -> Option<chrono::DateTime<chrono::Utc>> {
    let last = changes.last()?;
    match crate::journal::time::check(&last.at) {
        Ok(t) => Some(t),
        Err(_) => crate::journal::time::replay_keys(changes.iter().map(|c| &*c.at))
            .into_iter()
            .max(),
    }
}

/// `YYYY-MM-DDTHH:MM:SS.ffffffZ` naming a real UTC time (no leap second): the journal's own
/// format, which sorts as text in time order and which chrono reads as the same instant.
pub(super) fn is_canonical_time(at: &str) -> bool {
    at.as_bytes()
        .split_at_checked(10)
        .is_some_and(|(day, clock)| is_canonical_day(day) && is_canonical_clock(clock))
}

/// The value of the ASCII digits `b`, or `None` if any is not a digit.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// `YYYY-MM-DD`, a real date in the years the journal accepts.
fn is_canonical_day(b: &[u8]) -> bool {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
        return false;
    };
    let (Some(y), Some(mo), Some(d)) = (
        digits(&[y0, y1, y2, y3]),
        digits(&[m0, m1]),
        digits(&[d0, d1]),
    ) else {
        return false;
    };
    (crate::journal::time::FIRST_YEAR as u32..crate::journal::time::END_YEAR as u32).contains(&y)
        && chrono::NaiveDate::from_ymd_opt(y as i32, mo, d).is_some()
}

/// `THH:MM:SS.ffffffZ`, a time of day without a leap second.
fn is_canonical_clock(b: &[u8]) -> bool {
    let [b'T', h0, h1, b':', m0, m1, b':', s0, s1, b'.', f @ .., b'Z'] = b else {
        return false;
    };
    let (Some(h), Some(mi), Some(s)) = (
        digits(&[*h0, *h1]),
        digits(&[*m0, *m1]),
        digits(&[*s0, *s1]),
    ) else {
        return false;
    };
    f.len() == 6 && f.iter().all(u8::is_ascii_digit) && h < 24 && mi < 60 && s < 60
}
