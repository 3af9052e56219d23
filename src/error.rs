//! Errors that choose their own exit code. Everything else is an anyhow error (exit 1).
//!
//! Exit codes: 0 success; 1 an error the user can fix (bad id, missing engagement, corrupt
//! journal, invalid catalog, ...); 2 a usage error (bad flags or arguments).

use std::fmt;

pub const EXIT_OK: u8 = 0;
pub const EXIT_ERROR: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// A mistake in how the command was called that clap cannot see (exit 2).
#[derive(Debug)]
pub struct Usage(pub String);

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// An error whose one-line message is followed by detail lines (every problem of a catalog,
/// say), printed after the first line.
#[derive(Debug)]
pub struct Detailed {
    pub message: String,
    pub details: Vec<String>,
}

impl fmt::Display for Detailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Detailed {}

/// Shorthand for a usage error.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Usage(message.into()))
}
