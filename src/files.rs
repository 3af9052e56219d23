//! The files the tool reads: only regular files, for the journal and a catalog alike (opening
//! a FIFO blocks for ever, and a device such as /dev/zero never ends).

use anyhow::Result;
use std::path::Path;

/// Refuses anything but a regular file (checked before opening, since opening a FIFO blocks,
/// and again on what was opened).
pub fn require_regular(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    anyhow::bail!(
        "{} is not a regular file (a folder, a pipe or a device?); nothing was read: check the path",
        path.display()
    )
}
