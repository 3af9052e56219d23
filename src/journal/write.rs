//! Writing a journal: take the exclusive lock, read and check what is there, move a torn tail
//! aside, append whole lines, fsync, release (on drop). Nothing already written is rewritten.

use super::format::{Change, JournalHeader};
use super::read::{Loaded, parse_as};
use crate::atomic::sync_dir;
use anyhow::{Context, Result, bail};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A journal held under its exclusive lock, with its content as read under that lock.
pub struct Locked {
    file: File,
    /// The file's length as read: what a failed append is cut back to.
    len: u64,
    /// The bytes after the last newline, when they are a torn write (moved aside before an
    /// append).
    torn_bytes: Option<Vec<u8>>,
    pub loaded: Loaded,
}

/// Locks the journal at `path` for writing and reads it. Refuses a journal with unreadable
/// lines: appending would bury the damage.
///
/// The file's bytes are kept until the process ends and the changes borrow their strings from
/// them (as `read::read_for_process` does): a writer holds about the journal once, plus the
/// changes' fixed parts, not a copy of every string.
pub fn lock(path: &Path) -> Result<Locked> {
    let (file, bytes) = super::read::read_locked(path, super::lock::Mode::Write)?;
    let len = bytes.len() as u64;
    let bytes: &'static [u8] = bytes.leak();
    let loaded = parse_as(path, bytes, |c| c)?;
    if let Some(bad) = loaded
        .problems
        .iter()
        .find(|p| matches!(p.trouble, super::read::Trouble::BadLine { .. }))
    {
        bail!(
            "{}:{}: {}; nothing was written: run `fasttrack doctor` to see what is wrong",
            path.display(),
            bad.line,
            bad.describe()
        );
    }
    let torn_bytes = loaded
        .torn
        .as_ref()
        .map(|t| bytes[t.offset as usize..].to_vec());
    Ok(Locked {
        file,
        len,
        torn_bytes,
        loaded,
    })
}

impl Locked {
    /// Appends `changes` as whole lines in one write and makes them durable before returning.
    /// All or nothing: when the write or the sync fails (a full disk), the file is cut back to
    /// its length before, still under the lock, so an error means nothing was recorded.
    pub fn append(&mut self, changes: &[Change]) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let path = self.loaded.path.clone();
        if let Some(torn) = self.loaded.torn.take() {
            let fragment = self.torn_bytes.take().unwrap_or_default();
            let aside = save_torn(&path, &fragment)?;
            self.file
                .set_len(torn.offset)
                .and_then(|()| self.file.sync_all())
                .with_context(|| format!("cannot cut the torn tail from {}", path.display()))?;
            self.len = torn.offset;
            eprintln!(
                "warning: {}:{}: moved an incomplete last line ({} bytes) to {}",
                path.display(),
                torn.line,
                torn.len,
                aside.display()
            );
        }
        let mut buf = Vec::with_capacity(changes.len() * 160 + 1);
        if self.loaded.unterminated {
            buf.push(b'\n');
        }
        // A batch is marked on each of its changes, so a reader can tell a torn batch whose
        // first lines are whole from a finished one.
        let batch = (changes.len() > 1).then(|| format!("{}/{}", changes[0].id, changes.len()));
        for c in changes {
            match &batch {
                Some(b) => {
                    let mut c = c.clone();
                    c.more_mut().batch = Some(b.clone().into());
                    serde_json::to_writer(&mut buf, &c)
                }
                None => serde_json::to_writer(&mut buf, c),
            }
            .context("cannot encode a change")?;
            buf.push(b'\n');
        }
        let written = write_paced(&mut self.file, &buf).and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            let cut = self
                .file
                .set_len(self.len)
                .and_then(|()| self.file.sync_all());
            return Err(match cut {
                Ok(()) => anyhow::anyhow!(
                    "cannot append to {}: {e}; nothing was written (free some space and try again)",
                    path.display()
                ),
                Err(cut) => anyhow::anyhow!(
                    "cannot append to {}: {e}, and cannot cut the partial write back ({cut}): run `fasttrack doctor`",
                    path.display()
                ),
            });
        }
        self.loaded.unterminated = false;
        self.len += buf.len() as u64;
        Ok(())
    }
}

/// Writes `buf`. Test builds pause halfway when FASTTRACK_TEST_PAUSE_MS is set, so a test can
/// kill the process mid-write and check that a torn line is handled.
fn write_paced(file: &mut File, buf: &[u8]) -> std::io::Result<()> {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("FASTTRACK_TEST_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        let half = buf.len() / 2;
        file.write_all(&buf[..half])?;
        file.flush()?;
        std::thread::sleep(std::time::Duration::from_millis(ms));
        return file.write_all(&buf[half..]);
    }
    file.write_all(buf)
}

/// Creates a new journal holding only `header`; never replaces an existing file.
pub fn create(path: &Path, header: &JournalHeader) -> Result<()> {
    let mut line = serde_json::to_vec(header).context("cannot encode the journal header")?;
    line.push(b'\n');
    let mut f = create_private(path, true).map_err(|e| {
        if path.exists() {
            anyhow::anyhow!(
                "an engagement already exists at {}; nothing was changed (use --state PATH to start another one elsewhere)",
                path.display()
            )
        } else {
            e
        }
    })?;
    f.write_all(&line)
        .and_then(|()| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    sync_dir(path);
    Ok(())
}

/// `fasttrack.jsonl.torn` beside the journal.
pub fn torn_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".torn");
    PathBuf::from(s)
}

/// Opens for appending (or creates, with `new`, failing if it exists) a file only the user
/// can read: journals hold customer data.
///
/// Never follows a link, so that a link planted beside the journal cannot redirect a write to
/// another file: `create_new` refuses a symlink by itself, and an existing file we append to
/// (the `.torn` file) is opened with `O_NOFOLLOW` and must have one name only (a hard link
/// would carry the fragment into the file it shares its data with).
pub(crate) fn create_private(path: &Path, new: bool) -> Result<File> {
    if !new && std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
        bail!(
            "{} exists but is not a plain file (a symlink?); nothing was written: move it away",
            path.display()
        );
    }
    let mut o = OpenOptions::new();
    if new {
        o.write(true).create_new(true);
    } else {
        o.append(true).create(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let f = o.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc_eloop()) {
            anyhow::anyhow!(
                "{} is a symlink; nothing was written: move it away",
                path.display()
            )
        } else {
            anyhow::Error::new(e).context(format!("cannot create {}", path.display()))
        }
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let links = f
            .metadata()
            .with_context(|| format!("cannot inspect {}", path.display()))?
            .nlink();
        if links > 1 {
            bail!(
                "{} has {links} hard links (it shares its data with another file); nothing was written: move it away",
                path.display()
            );
        }
    }
    Ok(f)
}

/// Opens a shared file beside the journal (`.gitattributes`) for appending, creating it with
/// the usual permissions; never through a symlink, which could point anywhere.
pub fn append_beside(path: &Path) -> Result<File> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
        bail!(
            "{} is not a plain file (a symlink?); left alone",
            path.display()
        );
    }
    let mut o = OpenOptions::new();
    o.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW);
    }
    o.open(path)
        .with_context(|| format!("cannot open {}", path.display()))
}

/// The error `open` gives for a symlink opened with `O_NOFOLLOW`.
fn libc_eloop() -> i32 {
    #[cfg(unix)]
    {
        libc::ELOOP
    }
    #[cfg(not(unix))]
    {
        -1
    }
}

/// Saves `bytes` beside the journal as `fasttrack.jsonl.bak-<UTC time>` (mode 0600, never
/// replacing a file) before a repair, and returns its path.
pub fn backup(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    for n in 0..100 {
        let mut s = path.as_os_str().to_owned();
        s.push(format!(".bak-{stamp}"));
        if n > 0 {
            s.push(format!("-{n}"));
        }
        let candidate = PathBuf::from(s);
        let mut f = match create_private(&candidate, true) {
            Ok(f) => f,
            Err(_) if std::fs::symlink_metadata(&candidate).is_ok() => continue,
            Err(e) => return Err(e),
        };
        if let Err(e) = f.write_all(bytes).and_then(|()| f.sync_all()) {
            // A partial copy is no backup: remove it rather than leave it to be trusted.
            drop(f);
            let _ = std::fs::remove_file(&candidate);
            return Err(anyhow::Error::new(e).context(format!(
                "cannot write the backup {}; nothing was changed",
                candidate.display()
            )));
        }
        sync_dir(&candidate);
        return Ok(candidate);
    }
    bail!("cannot find a free backup name beside {}", path.display())
}

/// Saves a torn fragment to `fasttrack.jsonl.torn` (appended, with a newline, made durable).
pub fn save_torn(path: &Path, fragment: &[u8]) -> Result<PathBuf> {
    let aside = torn_path(path);
    let mut f = create_private(&aside, false)?;
    f.write_all(fragment)
        .and_then(|()| f.write_all(b"\n"))
        .and_then(|()| f.sync_all())
        .with_context(|| format!("cannot save the torn tail to {}", aside.display()))?;
    sync_dir(&aside);
    Ok(aside)
}
