//! Who is recording a change: `--by`, FASTTRACK_USER, git's user.name, or the login name.

use std::process::{Command, Stdio};

pub fn who(flag: Option<&str>) -> String {
    let pick = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    pick(flag.map(str::to_owned))
        .or_else(|| pick(std::env::var("FASTTRACK_USER").ok()))
        .or_else(|| pick(git_user_name()))
        .or_else(|| pick(std::env::var("USER").ok()))
        .or_else(|| pick(std::env::var("USERNAME").ok()))
        .or_else(|| pick(std::env::var("LOGNAME").ok()))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn git_user_name() -> Option<String> {
    let out = Command::new("git")
        .args(["config", "user.name"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok()
}
