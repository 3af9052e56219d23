//! A small builder around the real binary: a temp folder per test, the tool's own environment
//! variables cleared, exit code, stdout and stderr captured.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_fasttrack");

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Asserts exit code 0 and returns self.
    #[track_caller]
    pub fn ok(self) -> Output {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts the exit code and returns self.
    #[track_caller]
    pub fn code(self, code: i32) -> Output {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Output {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Output {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// A temp folder to run the tool in.
pub struct Env {
    dir: tempfile::TempDir,
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The engagement journal's path in this folder.
    pub fn journal(&self) -> PathBuf {
        self.join("fasttrack.jsonl")
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.join(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
    }

    pub fn cmd(&self) -> Cmd {
        Cmd::new(self.path())
    }

    /// Runs `fasttrack ARGS` in this folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).run()
    }

    /// `fasttrack init --customer Contoso EXTRA...`, asserted to succeed.
    pub fn init(&self, extra: &[&str]) -> Output {
        let mut args = vec!["init", "--customer", "Contoso"];
        args.extend_from_slice(extra);
        self.run(&args).ok()
    }

    /// Lines of the journal.
    pub fn journal_lines(&self) -> Vec<String> {
        self.read("fasttrack.jsonl")
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// One invocation being built.
pub struct Cmd {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

impl Cmd {
    pub fn new(dir: &Path) -> Cmd {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(dir);
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy().into_owned();
            if k.starts_with("FASTTRACK_")
                || matches!(
                    k.as_str(),
                    "NO_COLOR" | "CLICOLOR_FORCE" | "RUST_BACKTRACE" | "COLUMNS"
                )
            {
                cmd.env_remove(k);
            }
        }
        cmd.env("FASTTRACK_USER", "tester");
        cmd.env("TZ", "UTC");
        Cmd { cmd, stdin: None }
    }

    pub fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Cmd {
        self.cmd.env(k, v);
        self
    }

    /// Runs in `dir` instead of the test's folder.
    pub fn dir(mut self, dir: &Path) -> Cmd {
        self.cmd.current_dir(dir);
        self
    }

    pub fn env_remove(mut self, k: &str) -> Cmd {
        self.cmd.env_remove(k);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Cmd {
        self.stdin = Some(input.into());
        self
    }

    pub fn run(mut self) -> Output {
        self.cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(Stdio::piped());
        let input = self.stdin.take();
        let out = run_to_end(&mut self.cmd, input.as_deref());
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Starts the process without waiting (for concurrency and kill tests).
    pub fn spawn(mut self) -> std::process::Child {
        self.cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(Stdio::null());
        spawn(&mut self.cmd)
    }
}

/// This is a Windows build running under Wine (CI's Windows stage), not on Windows itself.
/// Wine prefixes hold winecfg.exe; Windows never does.
pub fn under_wine() -> bool {
    cfg!(windows)
        && (std::env::var_os("WINEPREFIX").is_some()
            || Path::new(r"C:\windows\system32\winecfg.exe").exists())
}

/// Windows' STATUS_DLL_INIT_FAILED (0xC0000142) as an exit code: the loader gave up before
/// the program's own code ran.
const DLL_INIT_FAILED: i32 = 0xC000_0142_u32 as i32;

/// Runs `cmd` to the end, feeding it `input` when its stdin is piped.
///
/// Under Wine, and only there, a start now and then fails under load before the tool runs at
/// all: CreateProcess refuses with ERROR_INTERNAL_ERROR (1359), or the process dies in the
/// loader with STATUS_DLL_INIT_FAILED and no output. Nothing of the tool's was tested yet, so
/// that start is retried, a few times. Any other failure to start fails the test.
pub fn run_to_end(cmd: &mut Command, input: Option<&[u8]>) -> std::process::Output {
    let mut tries = 0;
    loop {
        let mut child = spawn(cmd);
        if let Some(mut stdin) = child.stdin.take()
            && let Some(input) = input
        {
            let _ = stdin.write_all(input);
        }
        let out = child.wait_with_output().expect("wait for fasttrack");
        let never_ran = out.status.code() == Some(DLL_INIT_FAILED)
            && out.stdout.is_empty()
            && out.stderr.is_empty();
        if under_wine() && never_ran && tries < 5 {
            tries += 1;
            std::thread::sleep(std::time::Duration::from_millis(200));
            continue;
        }
        return out;
    }
}

/// Starts the tool, retrying a start Wine refused under load (see [`run_to_end`]).
fn spawn(cmd: &mut Command) -> std::process::Child {
    let mut tries = 0;
    loop {
        match cmd.spawn() {
            Ok(child) => return child,
            Err(e) if under_wine() && e.raw_os_error() == Some(1359) && tries < 5 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            Err(e) => panic!("spawn fasttrack: {e:?}"),
        }
    }
}

/// A test that cannot check its subject here says so, in a line CI's Windows stage counts:
/// `SKIP <test>: <why>`. The test then passes; the reason must say what would show it.
pub fn skip(test: &str, why: &str) {
    println!("SKIP {test}: {why}");
}

/// `doctor --repair` renames a new journal over one that is open (its own locked handle, and
/// any other process's). Windows 10 1607 and later do that with POSIX semantics; Wine 8 has
/// none and refuses ("Access denied"). False, after saying so, under Wine.
pub fn can_replace_open_files(test: &str) -> bool {
    if under_wine() {
        skip(
            test,
            "Wine 8 refuses to rename over a file that a handle has open (Access denied: it \
             has no POSIX-semantics rename), so doctor --repair cannot replace the journal \
             there; Windows 10 1607 and later, and Linux, can",
        );
        return false;
    }
    true
}
