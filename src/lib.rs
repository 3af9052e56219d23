//! fasttrack: walk a Microsoft FastTrack EMS onboarding engagement through its phases.
//!
//! The catalog (`catalog/ems.yaml`, embedded) is data; the journal (`fasttrack.jsonl`) is
//! facts, appended and never rewritten; everything shown is derived from the two.

pub mod args;
pub mod atomic;
pub mod catalog;
pub mod choices;
pub mod cli;
pub mod cmd;
pub mod engagement;
pub mod error;
pub mod files;
pub mod ids;
pub mod journal;
pub mod note;
pub mod panic;
pub mod profile;
pub mod prompt;
pub mod report;
pub mod scope;
pub mod term;
pub mod time;
pub mod who;

use clap::Parser;
use std::process::ExitCode;

/// Parses the command line, runs it and reports errors: the whole program.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                error::EXIT_USAGE
            } else {
                error::EXIT_OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    // Debug builds only: lets the tests see the panic hook at work.
    #[cfg(debug_assertions)]
    if std::env::var_os("FASTTRACK_TEST_PANIC").is_some() {
        panic!("FASTTRACK_TEST_PANIC is set");
    }
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => ExitCode::from(report_error(&e)),
    }
}

/// Prints an error (one line first, detail after) and returns its exit code.
fn report_error(e: &anyhow::Error) -> u8 {
    let broken_pipe = |c: &(dyn std::error::Error + 'static)| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    };
    if e.chain().any(broken_pipe) {
        return error::EXIT_OK;
    }
    let first = term::clean(&e.to_string()).into_owned();
    eprintln!("error: {first}");
    if let Some(d) = e.downcast_ref::<error::Detailed>() {
        for line in &d.details {
            eprintln!("  {}", term::clean(line));
        }
    }
    for cause in e.chain().skip(1) {
        eprintln!("  caused by: {}", term::clean(&cause.to_string()));
    }
    if e.downcast_ref::<error::Usage>().is_some() {
        error::EXIT_USAGE
    } else {
        error::EXIT_ERROR
    }
}
