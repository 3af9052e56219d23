//! What a writing command costs on a long journal, measured on the real binary: peak memory
//! of one `note` on a journal of about 100 MB (the budget: twice the journal plus 20 MB), and
//! the time of `undo` after 40,000 and 100,000 note/undo changes (it must grow linearly).
//!
//! `cargo bench --bench writers` (GNU time, `/usr/bin/time`, gives the peak memory; without it
//! only times are shown). `FT_BIN=path` measures another build (an older one, say);
//! `WRITER_MB=100` sets the journal size, `RUNS=3` the runs per figure (the median is shown).
//! Exits 1 when a figure is over its budget.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ITEM: &str = "intune.mdm-authority";

fn main() {
    // `cargo bench` passes `--bench`; this harness takes no options.
    let bin = std::env::var_os("FT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_fasttrack")));
    let mb: usize = env_or("WRITER_MB", 100);
    let runs: usize = env_or("RUNS", 3);
    let dir = tempfile::tempdir().expect("a temp folder");
    println!("binary: {}", bin.display());
    let mut over = false;

    let big = journal(&bin, dir.path(), "big", |out| notes(out, mb << 20));
    let size = std::fs::metadata(&big).unwrap().len();
    let (wall, rss) = median(runs, || {
        measure(&bin, &big, &["note", ITEM, "-m", "one more"])
    });
    let budget = 2 * size + (20 << 20);
    println!(
        "note on a {:.1} MB journal: {:.2} s, peak {} (budget {:.0} MB)",
        mb_of(size),
        wall.as_secs_f64(),
        rss.map_or("unmeasured (no /usr/bin/time)".into(), |r| format!(
            "{:.0} MB",
            mb_of(r)
        )),
        mb_of(budget)
    );
    over |= rss.is_some_and(|r| r > budget);

    let mut times = Vec::new();
    for n in [40_000, 100_000] {
        let j = journal(&bin, dir.path(), &format!("undo{n}"), |out| {
            note_undo(out, n)
        });
        let (wall, _) = median(runs, || measure(&bin, &j, &["undo"]));
        println!(
            "undo after {n} note/undo changes: {:.3} s",
            wall.as_secs_f64()
        );
        times.push(wall.as_secs_f64());
    }
    // Linear: 2.5 times the changes may take at most about 2.5 times as long (4x allows for
    // noise and start-up); the quadratic version took 15 times as long.
    let ratio = times[1] / times[0].max(1e-3);
    println!("undo 100,000 / 40,000: {ratio:.1}x (linear: about 2.5x)");
    over |= ratio > 4.0;
    if over {
        eprintln!("over budget");
        std::process::exit(1);
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn mb_of(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

/// A new engagement `name` made by the binary, with generated change lines appended.
fn journal(bin: &Path, dir: &Path, name: &str, body: impl Fn(&mut Vec<u8>)) -> PathBuf {
    let path = dir.join(format!("{name}.jsonl"));
    let ok = Command::new(bin)
        .args(["--state"])
        .arg(&path)
        .args(["init", "--customer", "Bench", "--services", "intune"])
        .env("FASTTRACK_USER", "bench")
        .stdout(Stdio::null())
        .status()
        .expect("run fasttrack init")
        .success();
    assert!(ok, "fasttrack init failed");
    let mut out = Vec::new();
    body(&mut out);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(&out).unwrap();
    path
}

fn at(i: usize) -> String {
    let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap()
        + chrono::Duration::seconds(i as i64);
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Notes of about 200 bytes on one item, each seeing the one before, up to `bytes`.
fn notes(out: &mut Vec<u8>, bytes: usize) {
    let text = "call notes: the customer confirmed the proxy change, the pilot group and the schedule; next: enrol the pilot devices and review the compliance policies with the security team ";
    let mut prev = String::new();
    let mut i = 0;
    while out.len() < bytes {
        let id = format!("{i:016x}");
        writeln!(
            out,
            r#"{{"id":"{id}","at":"{}","by":"bench","op":"note","item":"{ITEM}","note":"{text}{i}","prev":"{prev}"}}"#,
            at(i)
        )
        .unwrap();
        prev = id;
        i += 1;
    }
}

/// `done`, then `n` changes alternating note and its undo, all by `bench` on one item: the
/// next `undo` takes back the `done` and looks at every change after it.
fn note_undo(out: &mut Vec<u8>, n: usize) {
    writeln!(
        out,
        r#"{{"id":"d0","at":"{}","by":"bench","op":"done","item":"{ITEM}","status":"done","prev":""}}"#,
        at(0)
    )
    .unwrap();
    let mut prev = "d0".to_owned();
    for i in 1..=n {
        let id = format!("{i:016x}");
        if i % 2 == 1 {
            writeln!(
                out,
                r#"{{"id":"{id}","at":"{}","by":"bench","op":"note","item":"{ITEM}","note":"n{i}","prev":"{prev}"}}"#,
                at(i)
            )
            .unwrap();
        } else {
            writeln!(
                out,
                r#"{{"id":"{id}","at":"{}","by":"bench","op":"undo","item":"{ITEM}","note":"","prev":"{prev}","reverts":"{:016x}"}}"#,
                at(i),
                i - 1
            )
            .unwrap();
        }
        prev = id;
    }
}

/// Runs the binary on a copy of `journal` (a write changes it); wall time and peak memory.
fn measure(bin: &Path, journal: &Path, args: &[&str]) -> (Duration, Option<u64>) {
    let copy = journal.with_extension("run.jsonl");
    std::fs::copy(journal, &copy).unwrap();
    let gnu_time = Path::new("/usr/bin/time").exists();
    let mut cmd = if gnu_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("--state")
        .arg(&copy)
        .args(args)
        .env("FASTTRACK_USER", "bench")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd.output().expect("run fasttrack");
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "fasttrack {args:?} failed: {stderr}");
    let rss = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .map(|kb| kb * 1024);
    std::fs::remove_file(&copy).unwrap();
    (wall, rss)
}

fn median(runs: usize, mut f: impl FnMut() -> (Duration, Option<u64>)) -> (Duration, Option<u64>) {
    let mut all: Vec<(Duration, Option<u64>)> = (0..runs.max(1)).map(|_| f()).collect();
    all.sort_by_key(|r| r.0);
    let wall = all[all.len() / 2].0;
    let mut rss: Vec<u64> = all.iter().filter_map(|r| r.1).collect();
    rss.sort_unstable();
    (wall, rss.get(rss.len() / 2).copied())
}
