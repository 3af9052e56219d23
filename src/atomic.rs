//! Writing a whole file atomically: a temp file in the same folder, written, synced, then
//! renamed over the target (or, without `force`, linked in only if nothing is there), and the
//! folder synced. A reader sees the old file or the new one, never half of either. The one
//! place files are replaced: exports (`write`) and the journal's repair (`replace`).

use anyhow::{Context, Result, anyhow, bail};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path`. An existing file is replaced only with `force`; otherwise it is
/// left untouched and the error says how to replace it.
pub fn write(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            dir.display()
        );
    }
    if path.is_dir() {
        bail!("cannot write {}: it is a folder", path.display());
    }
    if let Ok(meta) = path.symlink_metadata() {
        if !force {
            return Err(exists(path));
        }
        refuse_to_replace(path, &meta)?;
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".fasttrack-").suffix(".tmp");
    // tempfile asks for 0600; asking for 0666 instead lets the umask decide, as for any file
    // the user creates (open(2) applies the umask to the mode it is given).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", tmp.path().display()))?;
    if force {
        rename_over(tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                exists(path)
            } else {
                anyhow!(e.error).context(format!("cannot write {}", path.display()))
            }
        })?;
    }
    sync_dir(path);
    Ok(())
}

/// What `--force` may never replace: anything but a regular file (a symlink, a pipe, a
/// device), and a fasttrack journal, known by its header whatever its name.
fn refuse_to_replace(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    if !meta.file_type().is_file() {
        bail!(
            "{} is not a regular file (a symlink, a pipe or a device?); nothing was written, even with --force: choose another name",
            path.display()
        );
    }
    Ok(())
}

fn exists(path: &Path) -> anyhow::Error {
    anyhow!(
        "{} already exists; nothing was written (use --force to replace it)",
        path.display()
    )
}

/// Replaces the file at `path` with `bytes` atomically: a temp file with an unpredictable name
/// in the same folder (created exclusively, so no planted link is followed), fsync, the old
/// file's permissions, rename over, fsync the folder. A crash leaves the old or the new file.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".fasttrack-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temp file in {}", dir.display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", tmp.path().display()))?;
    rename_over(tmp, path).with_context(|| format!("cannot replace {}", path.display()))?;
    sync_dir(path);
    Ok(())
}

/// Renames a written temp file over `path` with `std::fs::rename`, not tempfile's `persist`:
/// on Windows (10 1607 and later) std renames with POSIX semantics, so the journal is replaced
/// even while another process (a reader, a waiting writer, this one) has it open, where
/// `persist`'s MoveFileEx fails with "Access is denied". On Unix both are rename(2).
fn rename_over(tmp: tempfile::NamedTempFile, path: &Path) -> std::io::Result<()> {
    let tmp = tmp.into_temp_path();
    std::fs::rename(&tmp, path)?;
    // The name is gone (renamed): nothing left for the guard to delete.
    let _ = tmp.keep();
    Ok(())
}

/// Makes a new directory entry durable (best effort: not every platform can open a folder).
pub fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_refuses_to_clobber_and_replaces_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write(&p, b"one", false).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        let err = write(&p, b"two", false).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write(&p, b"three", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["out.csv"]);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope").join("out.csv");
        let err = write(&p, b"x", false).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
    }
}
