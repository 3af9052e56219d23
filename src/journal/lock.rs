//! Opening a journal under its lock, and making sure the lock is on the file the path still
//! names: `fasttrack doctor --repair` replaces the journal by renaming a new file over it, so
//! a process that was waiting for the lock on the old file must not read or append to it.

use super::read::open_error;
use anyhow::{Context, Result};
use std::fs::{File, OpenOptions};
use std::path::Path;

/// How the journal is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read-only, shared lock: readers run side by side and never see a half-written line.
    Read,
    /// Read and append, exclusive lock: one writer at a time.
    Write,
}

/// Opens `path` and locks it; retries when the file was replaced while we waited.
pub fn open_locked(path: &Path, mode: Mode) -> Result<File> {
    for _ in 0..100 {
        let mut options = OpenOptions::new();
        options.read(true);
        if mode == Mode::Write {
            options.append(true);
        }
        let file = options.open(path).map_err(|e| open_error(path, e))?;
        match mode {
            Mode::Read => file.lock_shared(),
            Mode::Write => file.lock(),
        }
        .with_context(|| format!("cannot lock {}", path.display()))?;
        if still_named(&file, path)? {
            return Ok(file);
        }
    }
    anyhow::bail!(
        "{}: the file keeps being replaced while fasttrack waits for it; is another program rewriting it?",
        path.display()
    )
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
