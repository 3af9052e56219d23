//! The engagement journal (`fasttrack.jsonl`): where it is, its line format, reading and
//! appending.

pub mod discover;
mod fields;
pub mod format;
pub mod lock;
pub mod op;
pub mod owner;
pub mod read;
pub mod repair;
pub mod scan;
pub mod time;
pub mod trust;
pub mod write;

pub use discover::{Located, locate};
pub use format::{Change, ChangeExtras, FILE_NAME, JournalHeader, Status};
pub use op::Op;

/// A new random id (64 bits, hex), from the standard library's randomly seeded hasher.
pub fn new_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{:016x}", h.finish())
}

/// Now in the journal's time format (UTC, microseconds), later than `after` when that is a
/// time the tool trusts (see [`time`]), so that the changes one clone writes stay in order
/// even if the clock steps back. Always a time the tool can read back.
pub fn timestamp(after: Option<&str>) -> String {
    time::next(after.and_then(|a| time::check(a).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ() {
        let a: std::collections::HashSet<String> = (0..1000).map(|_| new_id()).collect();
        assert_eq!(a.len(), 1000);
    }

    #[test]
    fn timestamps_never_go_back() {
        let future = "2099-01-01T00:00:00.000000Z";
        assert_eq!(timestamp(Some(future)), "2099-01-01T00:00:00.000001Z");
        assert!(timestamp(Some("2999-01-01T00:00:00.000000Z")).starts_with("20"));
        assert!(timestamp(Some("2000-01-01T00:00:00Z")).starts_with("20"));
        assert!(timestamp(None).as_str() > "2026");
    }
}
