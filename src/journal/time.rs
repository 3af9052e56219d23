//! Journal times: the one format the tool writes, the range it trusts (2000 to 2100), and
//! where the replay puts a change whose time it cannot trust.
//!
//! A change's `at` orders the replay. A time that cannot be read (no zone, not RFC 3339) or
//! lies outside 2000–2100 (a bad clock, a bad merge, `9999-12-31`) is not trusted: the replay
//! places that change one microsecond after the change before it in the file, as if it had
//! been written then. So such a line can neither jump ahead of every later change (voiding
//! them) nor fall behind every earlier one, and the tool's next time is computed from trusted
//! times only: it never writes a time it cannot read back. `doctor` names these lines and
//! `doctor --repair` writes the time the replay already uses, so the state does not change.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

/// The first year the tool trusts or accepts as a date.
pub const FIRST_YEAR: i32 = 2000;
/// The first year after the range (2100 and later are refused).
pub const END_YEAR: i32 = 2100;

/// Why a time is not trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untrusted {
    /// Not a time at all.
    Unreadable,
    /// A date and time without a zone (`2026-12-02T23:00:00`): which instant is unknown.
    NoZone,
    /// Before 2000.
    FarPast,
    /// In 2100 or later.
    FarFuture,
}

impl Untrusted {
    pub fn describe(self) -> &'static str {
        match self {
            Untrusted::Unreadable => "not a time the tool can read",
            Untrusted::NoZone => "a time without a zone",
            Untrusted::FarPast => "before 2000",
            Untrusted::FarFuture => "in 2100 or later",
        }
    }
}

/// `at` as a trusted UTC time, or why it is not one.
pub fn check(at: &str) -> Result<DateTime<Utc>, Untrusted> {
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let t = t.with_timezone(&Utc);
            if t.year() < FIRST_YEAR {
                Err(Untrusted::FarPast)
            } else if t.year() >= END_YEAR {
                Err(Untrusted::FarFuture)
            } else {
                Ok(t)
            }
        }
        Err(_) if NaiveDateTime::parse_from_str(at.trim(), "%Y-%m-%dT%H:%M:%S%.f").is_ok() => {
            Err(Untrusted::NoZone)
        }
        Err(_) => Err(Untrusted::Unreadable),
    }
}

/// Whether `date` lies in the range the tool accepts (2000-01-01 to 2099-12-31).
pub fn sane_date(date: NaiveDate) -> bool {
    (FIRST_YEAR..END_YEAR).contains(&date.year())
}

/// The journal's format: UTC, microseconds, `Z`.
pub fn format(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn start() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a valid date")
        .and_utc()
}

/// The time the replay orders each change by, for changes given in file order: its own time
/// when trusted, else one microsecond after the one before it (2000-01-01 for the first).
pub fn replay_keys<'a>(ats: impl IntoIterator<Item = &'a str>) -> Vec<DateTime<Utc>> {
    let mut prev = start();
    ats.into_iter()
        .map(|at| {
            prev = check(at).unwrap_or_else(|_| prev + Duration::microseconds(1));
            prev
        })
        .collect()
}

/// Now in the journal's format, later than `after` (the latest replay time so far, when there
/// is one): the changes one clone writes stay in order even if the clock steps back. Always a
/// time [`check`] trusts.
pub fn next(after: Option<DateTime<Utc>>) -> String {
    let now = Utc::now();
    let t = match after {
        Some(last) if last >= now => last + Duration::microseconds(1),
        _ => now,
    };
    if check(&format(t)).is_ok() {
        format(t)
    } else {
        format(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_times_are_classified() {
        assert!(check("2026-11-01T10:00:00.000000Z").is_ok());
        assert!(check("2026-11-01T10:00:00+02:00").is_ok());
        assert_eq!(
            check("9999-12-31T23:59:59.999999Z"),
            Err(Untrusted::FarFuture)
        );
        assert_eq!(check("2100-01-01T00:00:00Z"), Err(Untrusted::FarFuture));
        assert_eq!(check("1970-01-01T00:00:00Z"), Err(Untrusted::FarPast));
        assert_eq!(check("2026-12-02T23:00:00"), Err(Untrusted::NoZone));
        assert_eq!(check("+10000-01-01T00:00:00Z"), Err(Untrusted::Unreadable));
        assert_eq!(check(""), Err(Untrusted::Unreadable));
    }

    #[test]
    fn an_untrusted_time_follows_the_line_before_it() {
        let keys = replay_keys([
            "2026-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999Z",
            "nonsense",
            "2026-01-02T00:00:00Z",
        ]);
        assert_eq!(format(keys[1]), "2026-01-01T00:00:00.000001Z");
        assert_eq!(format(keys[2]), "2026-01-01T00:00:00.000002Z");
        assert_eq!(format(keys[3]), "2026-01-02T00:00:00.000000Z");
        assert_eq!(format(replay_keys(["x"])[0]), "2000-01-01T00:00:00.000001Z");
    }

    #[test]
    fn the_next_time_is_always_readable_and_later() {
        let late = check("2099-12-31T23:59:59.999999Z").unwrap();
        assert!(check(&next(Some(late))).is_ok());
        let soon = Utc::now() + Duration::hours(1);
        assert_eq!(next(Some(soon)), format(soon + Duration::microseconds(1)));
        assert!(next(None).as_str() > "2026");
    }
}
