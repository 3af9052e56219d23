//! Finding the engagement's journal: `--state` / FASTTRACK_STATE as given, else the nearest
//! `fasttrack.jsonl` walking up from the current folder, as git finds `.git`, with git's
//! safeguards (CVE-2022-24765): a journal another user owns is not used unless its folder is
//! trusted, and the walk stops at a filesystem boundary, above the home folder and at
//! FASTTRACK_CEILING_DIRECTORIES. The rules are in docs/journal-discovery.md.

use super::FILE_NAME;
use super::owner::{self, User};
use super::trust::TrustList;
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable listing folders the walk never enters (as git's
/// GIT_CEILING_DIRECTORIES; `:`-separated, `;` on Windows).
pub const CEILINGS: &str = "FASTTRACK_CEILING_DIRECTORIES";

/// Where the journal is, or would go.
#[derive(Debug)]
pub struct Located {
    pub path: PathBuf,
    pub exists: bool,
    /// Why the walk ended before the root, when it found nothing.
    pub stop: Option<Stop>,
}

/// Why the walk stopped before the filesystem's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The parent is on another filesystem.
    Boundary(PathBuf),
    /// The parent is the home folder's parent.
    Home(PathBuf),
    /// The parent is listed in FASTTRACK_CEILING_DIRECTORIES.
    Ceiling(PathBuf),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Boundary(p) => write!(
                f,
                "the search stopped before {}, which is on another filesystem",
                p.display()
            ),
            Stop::Home(p) => write!(
                f,
                "the search stopped before {}, above your home folder",
                p.display()
            ),
            Stop::Ceiling(p) => write!(
                f,
                "the search stopped before {}, listed in {CEILINGS}",
                p.display()
            ),
        }
    }
}

/// A journal found by walking up that another user owns, in a folder not on the trust list.
#[derive(Debug)]
pub struct Refused {
    pub path: PathBuf,
    pub owner: User,
    pub me: User,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = self.path.parent().unwrap_or(Path::new("/"));
        write!(
            f,
            "not using {}: it belongs to {} and you are {}; it was found by searching the folders above this one, where another user's journal could be planted; to use it on purpose, give --state {} (or FASTTRACK_STATE), or trust its folder with `fasttrack trust {}`",
            self.path.display(),
            self.owner,
            self.me,
            owner::quoted(&self.path),
            owner::quoted(dir),
        )
    }
}

impl std::error::Error for Refused {}

/// The journal `--state` / FASTTRACK_STATE names: a folder stands for the `fasttrack.jsonl`
/// in it. Trusted as given, whoever owns it.
pub fn explicit(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(FILE_NAME)
    } else {
        path.to_path_buf()
    }
}

/// The journal to use: [`explicit`] when given, else the nearest `fasttrack.jsonl` from `cwd`
/// up, within the limits [`limits`] reads. A found journal another user owns is refused unless
/// the trust list names its folder. Not found: `here` is where a new one would go.
pub fn locate(explicit_path: Option<&Path>, cwd: &Path) -> Result<Located, Refused> {
    if let Some(p) = explicit_path {
        let path = explicit(p);
        return Ok(Located {
            exists: path.exists(),
            path,
            stop: None,
        });
    }
    walk(cwd, &limits(), TrustList::load)
}

/// The folders the walk does not enter.
#[derive(Debug, Default)]
pub struct Limits {
    /// The home folder's parent (the walk stays inside the home folder when it starts there).
    pub home_parent: Option<PathBuf>,
    /// FASTTRACK_CEILING_DIRECTORIES.
    pub ceilings: Vec<PathBuf>,
}

/// The limits from the environment: HOME (USERPROFILE on Windows) and FASTTRACK_CEILING_DIRECTORIES,
/// each made absolute and free of links where the folder exists.
pub fn limits() -> Limits {
    let real = |p: PathBuf| std::fs::canonicalize(&p).unwrap_or(p);
    let home = std::env::home_dir().filter(|h| h.is_absolute()).map(real);
    let ceilings = std::env::var_os(CEILINGS)
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| p.is_absolute())
                .map(real)
                .collect()
        })
        .unwrap_or_default();
    Limits {
        home_parent: home.and_then(|h| h.parent().map(Path::to_path_buf)),
        ceilings,
    }
}

/// The walk itself. `trust` is read only when a journal another user owns turns up.
pub fn walk(
    cwd: &Path,
    limits: &Limits,
    trust: impl FnOnce() -> TrustList,
) -> Result<Located, Refused> {
    let start = device(cwd);
    let mut stop = None;
    for (i, dir) in cwd.ancestors().enumerate() {
        if i > 0 {
            stop = stop_before(dir, start, limits);
            if stop.is_some() {
                break;
            }
        }
        let candidate = dir.join(FILE_NAME);
        let Ok(meta) = std::fs::metadata(&candidate) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        if let Some((owner, me)) = owner::foreign(&meta)
            && !trust().trusts(&candidate)
        {
            return Err(Refused {
                path: candidate,
                owner,
                me,
            });
        }
        return Ok(Located {
            path: candidate,
            exists: true,
            stop: None,
        });
    }
    Ok(Located {
        path: cwd.join(FILE_NAME),
        exists: false,
        stop,
    })
}

/// Whether the walk must stop before entering `dir`.
fn stop_before(dir: &Path, start: Option<u64>, limits: &Limits) -> Option<Stop> {
    if limits.ceilings.iter().any(|c| c == dir) {
        return Some(Stop::Ceiling(dir.to_path_buf()));
    }
    if limits.home_parent.as_deref() == Some(dir) {
        return Some(Stop::Home(dir.to_path_buf()));
    }
    if start.is_some() && device(dir) != start {
        return Some(Stop::Boundary(dir.to_path_buf()));
    }
    None
}

/// The filesystem `dir` is on (Unix's st_dev); `None` elsewhere, where the walk does not
/// check (see docs/journal-discovery.md).
fn device(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(dir).ok().map(|m| m.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// The error for a journal that is not there, saying where the walk stopped if it did.
pub fn not_found(at: &Located) -> anyhow::Error {
    let e = super::lock::open_error(&at.path, std::io::ErrorKind::NotFound.into());
    match &at.stop {
        Some(stop) => anyhow::anyhow!("{e} ({stop})"),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("a/b/c")).unwrap();
        (dir, root)
    }

    fn no_trust() -> TrustList {
        panic!("the trust list is read only for another user's journal")
    }

    #[test]
    fn the_nearest_journal_wins() {
        let (_d, root) = tree();
        std::fs::write(root.join("a").join(FILE_NAME), "").unwrap();
        std::fs::write(root.join("a/b").join(FILE_NAME), "").unwrap();
        let at = walk(&root.join("a/b/c"), &Limits::default(), no_trust).unwrap();
        assert!(at.exists);
        assert_eq!(at.path, root.join("a/b").join(FILE_NAME));
    }

    #[test]
    fn a_ceiling_is_not_entered_but_the_start_is_always_searched() {
        let (_d, root) = tree();
        std::fs::write(root.join("a").join(FILE_NAME), "").unwrap();
        let limits = Limits {
            ceilings: vec![root.join("a")],
            ..Limits::default()
        };
        let at = walk(&root.join("a/b/c"), &limits, no_trust).unwrap();
        assert!(!at.exists);
        assert_eq!(at.path, root.join("a/b/c").join(FILE_NAME));
        assert_eq!(at.stop, Some(Stop::Ceiling(root.join("a"))));
        assert!(walk(&root.join("a"), &limits, no_trust).unwrap().exists);
    }

    #[test]
    fn the_walk_stays_in_the_home_folder() {
        let (_d, root) = tree();
        std::fs::write(root.join(FILE_NAME), "").unwrap();
        let limits = Limits {
            home_parent: Some(root.clone()),
            ..Limits::default()
        };
        let at = walk(&root.join("a/b"), &limits, no_trust).unwrap();
        assert_eq!(at.stop, Some(Stop::Home(root.clone())));
        assert!(!at.exists);
    }

    #[test]
    fn a_folder_named_by_state_means_the_journal_in_it() {
        let (_d, root) = tree();
        assert_eq!(explicit(&root), root.join(FILE_NAME));
        let file = root.join("other.jsonl");
        assert_eq!(explicit(&file), file);
    }
}
