//! Who owns a journal file, who is running the tool, and who else may write the file: the
//! facts the discovery's ownership rule, the permission warnings and the "permission denied"
//! message are made of. Unix only; elsewhere every file counts as the user's own.

use std::fmt;
use std::path::Path;

/// A user, by id, with the login name when the password file has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub uid: u32,
    pub name: Option<String>,
}

impl fmt::Display for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{name} (uid {})", self.uid),
            None => write!(f, "uid {}", self.uid),
        }
    }
}

/// The effective user of this process (root is root: never exempt from the ownership rule).
#[cfg(unix)]
pub fn current() -> User {
    user(rustix::process::geteuid().as_raw())
}

/// The user with id `uid`, named from `/etc/passwd` (users known only to a directory service
/// are shown by id).
#[cfg(unix)]
pub fn user(uid: u32) -> User {
    let name = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|line| {
                let mut fields = line.split(':');
                let name = fields.next()?;
                let id = fields.nth(1)?.parse::<u32>().ok()?;
                (id == uid && !name.is_empty()).then(|| name.to_owned())
            })
        });
    User { uid, name }
}

/// Who owns `meta`'s file, when that is not the current user; `None` when it is (or on a
/// platform where the tool does not check: see docs/journal-discovery.md).
pub fn foreign(meta: &std::fs::Metadata) -> Option<(User, User)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let me = rustix::process::geteuid().as_raw();
        (meta.uid() != me).then(|| (user(meta.uid()), user(me)))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// A journal that users other than its owner may write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loose {
    /// The permission bits (e.g. 0o664).
    pub mode: u32,
}

impl Loose {
    /// Who may write besides the owner, in words.
    pub fn who(&self) -> &'static str {
        match (self.mode & 0o020 != 0, self.mode & 0o002 != 0) {
            (true, true) => "its group and everyone else",
            (true, false) => "its group",
            _ => "everyone",
        }
    }
}

/// The journal at `path` is group- or world-writable (`None` when it is not, cannot be
/// inspected, or the platform has no such bits).
pub fn loose(path: &Path) -> Option<Loose> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o7777;
        (mode & 0o022 != 0).then_some(Loose { mode })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The one-line warning for a loosened journal, with the `chmod` that fixes it.
pub fn loose_warning(path: &Path, l: &Loose) -> String {
    let fix = format!("`chmod go-w {}`", quoted(path));
    let fix = match std::fs::metadata(path).ok().as_ref().and_then(foreign) {
        Some((owner, _)) => format!("ask its owner, {owner}, to run {fix}"),
        None => format!("{fix} makes it writable by you alone"),
    };
    format!(
        "{} can be written by {} (mode {:04o}), so they can change this engagement's record; {fix}",
        path.display(),
        l.who(),
        l.mode,
    )
}

/// Prints [`loose_warning`] on stderr when the journal at `path` is loose.
pub fn warn_if_loose(path: &Path) {
    if let Some(l) = loose(path) {
        eprintln!("warning: {}", crate::term::clean(&loose_warning(path, &l)));
    }
}

/// The error for a journal this user may not open: whose it is and what to do, instead of a
/// bare "Permission denied".
pub fn denied(path: &Path, e: std::io::Error) -> anyhow::Error {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let owner = user(meta.uid());
        let me = current();
        let mode = meta.permissions().mode() & 0o7777;
        return if owner == me {
            anyhow::anyhow!(
                "cannot open {}: your own file's permissions (mode {mode:04o}) do not let you read and write it; `chmod u+rw {}` restores them",
                path.display(),
                quoted(path)
            )
        } else {
            anyhow::anyhow!(
                "cannot open {}: it belongs to {owner}, its mode is {mode:04o} and you are {me}; ask its owner for access (a shared group and `chmod g+rw`), or work on your own copy with --state COPY",
                path.display()
            )
        };
    }
    anyhow::anyhow!(
        "cannot open {}: {e}; check that you may read and write the file (and the folder that holds it)",
        path.display()
    )
}

/// `path` as a POSIX shell word: as it is when that is safe, else in single quotes.
pub fn quoted(path: &Path) -> String {
    let s = path.display().to_string();
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+,:@%".contains(&b))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn loose_names_who_may_write() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("j");
        std::fs::write(&p, "").unwrap();
        for (mode, expect) in [
            (0o600, None),
            (0o644, None),
            (0o664, Some("its group")),
            (0o646, Some("everyone")),
            (0o666, Some("its group and everyone else")),
        ] {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
            assert_eq!(loose(&p).map(|l| l.who()), expect, "mode {mode:o}");
        }
    }

    #[test]
    fn own_files_are_not_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("j");
        std::fs::write(&p, "").unwrap();
        assert_eq!(foreign(&std::fs::metadata(&p).unwrap()), None);
        assert_eq!(user(0).name.as_deref(), Some("root"));
    }

    #[test]
    fn quoting() {
        assert_eq!(quoted(Path::new("/a/b.jsonl")), "/a/b.jsonl");
        assert_eq!(quoted(Path::new("/a b/it's")), "'/a b/it'\\''s'");
    }
}
