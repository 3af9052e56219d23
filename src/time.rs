//! Times as people and machines read them: one human format everywhere a person reads a time
//! (status, log, undo, exports), RFC 3339 UTC wherever a program does (journal, JSON, CSV).

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat, Utc};

/// A journal time for people: local time to the minute, then the zone: "2026-12-02 00:14 UTC",
/// or "2026-12-02 01:14 +01:00" away from UTC. An unreadable time is shown as it is.
pub fn human(at: &str) -> String {
    match DateTime::parse_from_rfc3339(at.trim()) {
        Ok(t) => human_of(t.with_timezone(&Local).fixed_offset()),
        Err(_) => at.to_owned(),
    }
}

/// `t` in the human format, in its own offset.
pub fn human_of(t: DateTime<FixedOffset>) -> String {
    let zone = if t.offset().local_minus_utc() == 0 {
        "UTC".to_owned()
    } else {
        t.format("%:z").to_string()
    };
    format!("{} {zone}", t.format("%Y-%m-%d %H:%M"))
}

/// A journal time (any precision, any offset) as RFC 3339 UTC to the second; kept as it is
/// when unreadable.
pub fn rfc3339_seconds(at: &str) -> String {
    DateTime::parse_from_rfc3339(at.trim()).map_or_else(
        |_| at.to_owned(),
        |t| {
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true)
        },
    )
}

/// A journal time's day in local time, when it is readable.
pub fn local_date(at: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(at.trim())
        .ok()
        .map(|t| t.with_timezone(&Local).date_naive())
}

/// A calendar date as written with `assign --due` (YYYY-MM-DD).
pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Today, in local time.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Parses YYYY-MM-DD, or says what form is expected.
pub fn parse_date(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        crate::error::usage(format!(
            "invalid date {:?}: expected YYYY-MM-DD, e.g. 2026-11-25",
            s
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_time_is_minutes_and_a_zone() {
        let t = DateTime::parse_from_rfc3339("2026-12-02T00:14:57.811825Z").unwrap();
        assert_eq!(human_of(t), "2026-12-02 00:14 UTC");
        let t = DateTime::parse_from_rfc3339("2026-12-02T01:14:00+01:00").unwrap();
        assert_eq!(human_of(t), "2026-12-02 01:14 +01:00");
        assert_eq!(human("garbage"), "garbage");
    }

    #[test]
    fn machine_time_is_utc_seconds() {
        assert_eq!(
            rfc3339_seconds("2026-01-02T04:04:05.9+01:00"),
            "2026-01-02T03:04:05Z"
        );
        assert_eq!(rfc3339_seconds("x"), "x");
        assert_eq!(date("2026-01-15"), NaiveDate::from_ymd_opt(2026, 1, 15));
        assert_eq!(date("15/01/2026"), None);
    }
}
