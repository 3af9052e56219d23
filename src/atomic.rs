//! Writing a whole file atomically: a temp file in the same folder, written, synced, then
//! renamed over the target (or, without `force`, linked in only if nothing is there), and the
//! folder synced. A reader sees the old file or the new one, never half of either.

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
        crate::journal::write::rename_over(tmp, path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                exists(path)
            } else {
                anyhow!(e.error).context(format!("cannot write {}", path.display()))
            }
        })?;
    }
    crate::journal::write::sync_dir(path);
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
    if is_journal(path) {
        bail!(
            "{} is a fasttrack journal; an export never replaces one, even with --force: choose another name",
            path.display()
        );
    }
    Ok(())
}

/// Whether the file at `path` starts with a journal header (after a byte-order mark).
fn is_journal(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(64 * 1024).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    #[derive(serde::Deserialize)]
    struct Probe {
        format: Option<String>,
    }
    serde_json::from_slice::<Probe>(first.trim_ascii())
        .is_ok_and(|p| p.format.as_deref() == Some(crate::journal::format::FORMAT))
}

fn exists(path: &Path) -> anyhow::Error {
    anyhow!(
        "{} already exists; nothing was written (use --force to replace it)",
        path.display()
    )
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
