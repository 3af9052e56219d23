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

/// `THH:MM:SS.ffffffZ`, a time of day without a leap second. Checked eight bytes at a time:
/// it runs once per change of a long journal.
fn is_canonical_clock(b: &[u8]) -> bool {
    /// Each byte an ASCII digit.
    fn all_digits(x: u64) -> bool {
        const HIGH_NIBBLES: u64 = u64::from_ne_bytes([0xF0; 8]);
        const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
        const SIXES: u64 = u64::from_ne_bytes([0x06; 8]);
        // 0x30..=0x39 are the bytes whose high nibble is 3 and stays 3 when 6 is added (a
        // carry out of a byte needs a high nibble of F, which the first test refuses).
        x & HIGH_NIBBLES == ZEROS && x.wrapping_add(SIXES) & HIGH_NIBBLES == ZEROS
    }
    /// `x` with the bytes under `mask` made `0`, once they are as `expected`.
    fn punctuated(x: u64, mask: u64, expected: u64) -> bool {
        const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
        x & mask == expected && all_digits(x & !mask | ZEROS & mask)
    }
    let Ok(&[b'T', ref hms @ .., dot, f0, f1, f2, f3, f4, f5, zed]) = <&[u8; 17]>::try_from(b)
    else {
        return false;
    };
    let hms: [u8; 8] = *hms;
    // `HH:MM:SS`: colons at bytes 2 and 5 (little-endian: byte i is bits 8i..8i+8).
    const COLONS_AT: u64 = 0x0000_FF00_00FF_0000;
    const COLONS: u64 = 0x0000_3A00_003A_0000;
    // `.ffffffZ`: the point at byte 0, the Z at byte 7.
    const ENDS_AT: u64 = 0xFF00_0000_0000_00FF;
    const ENDS: u64 = 0x5A00_0000_0000_002E;
    let frac = u64::from_le_bytes([dot, f0, f1, f2, f3, f4, f5, zed]);
    if !punctuated(u64::from_le_bytes(hms), COLONS_AT, COLONS) || !punctuated(frac, ENDS_AT, ENDS) {
        return false;
    }
    let two = |i: usize| (hms[i] - b'0') * 10 + (hms[i + 1] - b'0');
    two(0) < 24 && two(3) < 60 && two(6) < 60
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check as it was written before it went eight bytes at a time: one digit range at a
    /// time, each field's bounds, chrono for the date.
    fn reference(at: &str) -> bool {
        let b = at.as_bytes();
        if b.len() != 27 {
            return false;
        }
        let digits = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, &d| {
                d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
            })
        };
        let punct = [
            (4, b'-'),
            (7, b'-'),
            (10, b'T'),
            (13, b':'),
            (16, b':'),
            (19, b'.'),
            (26, b'Z'),
        ];
        if !punct.iter().all(|&(i, c)| b[i] == c) || digits(20..26).is_none() {
            return false;
        }
        let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = (
            digits(0..4),
            digits(5..7),
            digits(8..10),
            digits(11..13),
            digits(14..16),
            digits(17..19),
        ) else {
            return false;
        };
        h < 24
            && mi < 60
            && s < 60
            && (crate::journal::time::FIRST_YEAR as u32..crate::journal::time::END_YEAR as u32)
                .contains(&y)
            && chrono::NaiveDate::from_ymd_opt(y as i32, mo, d).is_some()
    }

    /// Every byte of a few times replaced by every other byte (and the times cut short or
    /// made longer): the fast check answers as the reference does, each time.
    #[test]
    fn the_fast_check_agrees_with_the_reference() {
        for base in [
            "2026-01-31T23:59:59.000001Z",
            "2026-01-01T00:00:00.000000Z",
            "2024-02-29T19:09:09.999999Z",
            "2026-12-31T09:50:50.123456Z",
        ] {
            assert!(is_canonical_time(base), "{base}");
            for i in 0..base.len() {
                for c in 0..=255u8 {
                    let mut b = base.as_bytes().to_vec();
                    b[i] = c;
                    let Ok(at) = String::from_utf8(b) else {
                        continue;
                    };
                    assert_eq!(is_canonical_time(&at), reference(&at), "{at:?}");
                }
                assert!(!is_canonical_time(&base[..i]));
            }
            assert!(!is_canonical_time(&format!("{base}0")));
        }
    }
}
