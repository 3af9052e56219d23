//! Opening a journal under its lock, and making sure the lock is on the file the path still
//! names: `fasttrack doctor --repair` replaces the journal by renaming a new file over it, so
//! a process that was waiting for the lock on the old file must not read or append to it.
//!
//! Only a regular file is opened (a FIFO would block for ever, `/dev/zero` never ends). A
//! lock held by another process is waited for, saying so after half a second, and given up
//! after `--wait` seconds (default 10) with exit 1.

use anyhow::{Context, Result};
use std::fs::{File, OpenOptions};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long to wait for another process's lock, in milliseconds (`--wait`).
static WAIT_MS: AtomicU64 = AtomicU64::new(10_000);

/// Sets how long a command waits for the journal's lock before giving up (`--wait SECONDS`).
pub fn set_wait(wait: Duration) {
    WAIT_MS.store(
        u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
}

/// After this long a waiting command says what it is waiting for.
const SAY_AFTER: Duration = Duration::from_millis(500);

/// How the journal is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read-only, shared lock: readers run side by side and never see a half-written line.
    Read,
    /// Read and append, exclusive lock: one writer at a time.
    Write,
}

/// Opens `path` and locks it; retries when the file was replaced while we waited. Commands
/// read a journal through `read::read_locked`, which uses this.
pub(super) fn open_locked(path: &Path, mode: Mode) -> Result<File> {
    for _ in 0..100 {
        let mut options = OpenOptions::new();
        options.read(true);
        if mode == Mode::Write {
            options.append(true);
        }
        if let Ok(meta) = std::fs::metadata(path) {
            crate::files::require_regular(path, &meta)?;
        }
        let file = options.open(path).map_err(|e| open_error(path, e))?;
        let meta = file
            .metadata()
            .with_context(|| format!("cannot inspect {}", path.display()))?;
        crate::files::require_regular(path, &meta)?;
        wait_for_lock(&file, path, mode)?;
        if still_named(&file, path)? {
            return Ok(file);
        }
    }
    anyhow::bail!(
        "{}: the file keeps being replaced while fasttrack waits for it; is another program rewriting it?",
        path.display()
    )
}

/// Takes the lock, waiting for another process to release it: silent for half a second, then
/// saying so once, and giving up after the `--wait` time.
fn wait_for_lock(file: &File, path: &Path, mode: Mode) -> Result<()> {
    use std::fs::TryLockError;
    let start = Instant::now();
    let limit = Duration::from_millis(WAIT_MS.load(Ordering::Relaxed));
    let mut said = false;
    loop {
        let tried = match mode {
            Mode::Read => file.try_lock_shared(),
            Mode::Write => file.try_lock(),
        };
        match tried {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
        let waited = start.elapsed();
        if waited >= limit {
            anyhow::bail!(
                "gave up after waiting {:.1} s for {} (another fasttrack is writing); nothing was read or written: try again, or wait longer with --wait SECONDS",
                waited.as_secs_f64(),
                crate::term::clean(&path.to_string_lossy())
            );
        }
        if !said && waited >= SAY_AFTER {
            eprintln!(
                "waiting for {} (another fasttrack is writing)…",
                crate::term::clean(&path.to_string_lossy())
            );
            said = true;
        }
        std::thread::sleep(Duration::from_millis(20).min(limit.saturating_sub(waited)));
    }
}

/// The open `file` is the one `path` names now (not one renamed away or replaced).
fn still_named(file: &File, path: &Path) -> Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let held = file
            .metadata()
            .with_context(|| format!("cannot inspect {}", path.display()))?;
        Ok(match std::fs::metadata(path) {
            Ok(now) => now.dev() == held.dev() && now.ino() == held.ino(),
            Err(_) => false,
        })
    }
    // Windows replaces a file another handle has open with POSIX semantics (10 1607 and
    // later): the old file lives on, nameless, for its handles. Compare volume and file index.
    #[cfg(windows)]
    {
        use winapi_util::file::information;
        let held =
            information(file).with_context(|| format!("cannot inspect {}", path.display()))?;
        Ok(match File::open(path).and_then(|now| information(&now)) {
            Ok(now) => {
                now.volume_serial_number() == held.volume_serial_number()
                    && now.file_index() == held.file_index()
            }
            Err(_) => false,
        })
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (file, path);
        Ok(true)
    }
}

pub fn open_error(path: &Path, e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        anyhow::anyhow!(
            "no engagement at {}: run `fasttrack init --customer NAME` to start one",
            path.display()
        )
    } else if e.kind() == std::io::ErrorKind::PermissionDenied {
        super::owner::denied(path, e)
    } else {
        anyhow::anyhow!("cannot open {}: {e}", path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A writer waiting for the lock while the journal is replaced by a rename (as
    /// `doctor --repair` does) ends up holding the new file, not the unlinked old one.
    #[test]
    fn a_waiting_writer_follows_a_replaced_journal() {
        if cfg!(windows) && std::path::Path::new(r"C:\windows\system32\winecfg.exe").exists() {
            println!(
                "SKIP a_waiting_writer_follows_a_replaced_journal: Wine 8 refuses to rename over \
                 a file that a handle has open (no POSIX-semantics rename); Windows 10 1607 and \
                 later, and Linux, can"
            );
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        std::fs::write(&path, "old\n").unwrap();
        let holder = open_locked(&path, Mode::Write).unwrap();
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut f = open_locked(&path, Mode::Write).unwrap();
                let mut s = String::new();
                f.read_to_string(&mut s).unwrap();
                s
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(100));
        let new = dir.path().join("j.new");
        std::fs::write(&new, "new\n").unwrap();
        std::fs::rename(&new, &path).unwrap();
        drop(holder);
        assert_eq!(waiter.join().unwrap(), "new\n");
    }
}
