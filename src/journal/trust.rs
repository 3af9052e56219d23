//! The user's list of trusted folders (`fasttrack trust PATH`): a journal found by walking
//! up, or by `portfolio`'s scan, that another user owns is used only when its folder is on
//! this list. One folder per line in `<config dir>/fasttrack/trusted-folders`; `DIR/*` trusts
//! every folder under DIR, `*` alone every folder; blank lines and `#` comments are ignored.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// The list file's name inside the tool's config folder.
pub const FILE: &str = "trusted-folders";

/// The tool's config folder: `$XDG_CONFIG_HOME/fasttrack` or `~/.config/fasttrack` (Linux and
/// other Unix), `~/Library/Application Support/fasttrack` (macOS), `%APPDATA%\fasttrack`
/// (Windows). `None` when the environment names no home.
pub fn config_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        var("APPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        var("XDG_CONFIG_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| var("HOME").map(|h| h.join(".config")))
    };
    base.map(|b| b.join("fasttrack"))
}

/// The list file's path.
pub fn file() -> Option<PathBuf> {
    config_dir().map(|d| d.join(FILE))
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// `*`: every folder.
    All,
    /// `DIR/*`: every folder under DIR (and DIR itself).
    Under(PathBuf),
    /// `DIR`: that folder only.
    Folder(PathBuf),
}

impl Entry {
    pub fn parse(line: &str) -> Option<Entry> {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return None;
        }
        if line.trim() == "*" {
            return Some(Entry::All);
        }
        match line.strip_suffix("/*").or_else(|| line.strip_suffix("\\*")) {
            Some(dir) => Some(Entry::Under(PathBuf::from(dir))),
            None => Some(Entry::Folder(PathBuf::from(line))),
        }
    }

    /// Whether this entry trusts the (canonical) folder `dir`.
    fn trusts(&self, dir: &Path) -> bool {
        let same = |p: &Path| p == dir || std::fs::canonicalize(p).is_ok_and(|c| c == dir);
        let under = |p: &Path| {
            dir.starts_with(p) || std::fs::canonicalize(p).is_ok_and(|c| dir.starts_with(c))
        };
        match self {
            Entry::All => true,
            Entry::Folder(p) => same(p),
            Entry::Under(p) => under(p),
        }
    }
}

/// The list as read from the user's config (empty when there is no file).
#[derive(Debug, Default)]
pub struct TrustList {
    pub entries: Vec<Entry>,
}

impl TrustList {
    /// Reads the list; a file that cannot be read trusts nothing, with a warning.
    pub fn load() -> TrustList {
        let Some(path) = file() else {
            return TrustList::default();
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => TrustList {
                entries: text.lines().filter_map(Entry::parse).collect(),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => TrustList::default(),
            Err(e) => {
                eprintln!(
                    "warning: cannot read the trusted folders in {}: {e}; trusting none",
                    path.display()
                );
                TrustList::default()
            }
        }
    }

    /// Whether the journal at `journal` lies in a trusted folder.
    pub fn trusts(&self, journal: &Path) -> bool {
        if self.entries.is_empty() {
            return false;
        }
        let Some(dir) = journal.parent() else {
            return false;
        };
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        self.entries.iter().any(|e| e.trusts(&dir))
    }
}

/// The folder `path` names for the list: a journal file stands for its folder; the result is
/// absolute and free of links, so the walk's folders compare equal to it.
pub fn folder_of(path: &Path) -> Result<PathBuf> {
    let real =
        std::fs::canonicalize(path).with_context(|| format!("cannot find {}", path.display()))?;
    if real.is_dir() {
        return Ok(real);
    }
    match real.parent() {
        Some(dir) => Ok(dir.to_path_buf()),
        None => bail!("{} has no folder", path.display()),
    }
}

/// Adds `dir` (already canonical) to the list; false when it was there already.
pub fn add(dir: &Path) -> Result<bool> {
    let (path, text) = read_for_edit()?;
    let line = dir.display().to_string();
    if text.lines().any(|l| l.trim_end_matches('\r') == line) {
        return Ok(false);
    }
    let mut new = text;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    if new.is_empty() {
        new.push_str("# Folders whose fasttrack.jsonl is used even when another user owns it.\n");
        new.push_str("# Edited by `fasttrack trust`; see docs/journal-discovery.md.\n");
    }
    new.push_str(&line);
    new.push('\n');
    save(&path, &new)?;
    Ok(true)
}

/// Removes the line that names `dir` (as given or canonical); false when none did.
pub fn remove(dir: &Path) -> Result<bool> {
    let (path, text) = read_for_edit()?;
    let real = std::fs::canonicalize(dir).ok();
    let matches = |l: &str| {
        let l = Path::new(l.trim_end_matches('\r'));
        l == dir || real.as_deref() == Some(l)
    };
    if !text.lines().any(matches) {
        return Ok(false);
    }
    let kept: String = text
        .lines()
        .filter(|l| !matches(l))
        .map(|l| format!("{l}\n"))
        .collect();
    save(&path, &kept)?;
    Ok(true)
}

fn read_for_edit() -> Result<(PathBuf, String)> {
    let Some(path) = file() else {
        bail!(
            "no home folder in the environment (HOME), so there is no config folder for the trusted folders"
        )
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((path, String::new())),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn save(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    crate::atomic::write(path, text.as_bytes(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse() {
        assert_eq!(Entry::parse("# note"), None);
        assert_eq!(Entry::parse("   "), None);
        assert_eq!(Entry::parse("*"), Some(Entry::All));
        assert_eq!(
            Entry::parse("/srv/shared/*"),
            Some(Entry::Under("/srv/shared".into()))
        );
        assert_eq!(
            Entry::parse("/srv/a b\r"),
            Some(Entry::Folder("/srv/a b".into()))
        );
    }

    #[test]
    fn entries_trust_their_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let sub = root.join("a").join("b");
        std::fs::create_dir_all(&sub).unwrap();
        let list = |e: Entry| TrustList { entries: vec![e] };
        let j = sub.join("fasttrack.jsonl");
        assert!(list(Entry::Folder(sub.clone())).trusts(&j));
        assert!(!list(Entry::Folder(root.clone())).trusts(&j));
        assert!(list(Entry::Under(root.clone())).trusts(&j));
        assert!(list(Entry::All).trusts(&j));
        assert!(!TrustList::default().trusts(&j));
    }
}
