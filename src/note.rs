//! A note typed by the user (`-m TEXT`, or `-m -` for standard input): the rules every verb
//! that takes one applies before anything is written.

use crate::error::usage;
use anyhow::Result;

/// Notes longer than this are refused: a journal line is read whole by every command.
pub const MAX_NOTE_BYTES: usize = 1024 * 1024;

/// Checks a note typed by the user: not blank, not huge. `-m -` reads the note from standard
/// input (for long notes: an argument is limited to 128 KiB on Linux).
pub fn check_note(note: Option<String>) -> Result<Option<String>> {
    let note = match note.as_deref() {
        Some("-") => Some(read_stdin_note()?),
        _ => note,
    };
    match note {
        Some(n) if n.trim().is_empty() => Err(usage("the note is empty: give some text with -m")),
        Some(n) if n.len() > MAX_NOTE_BYTES => Err(usage(format!(
            "the note is {} bytes, over the 1 MiB limit; attach a file to the engagement folder and note its name",
            n.len()
        ))),
        other => Ok(other),
    }
}

fn read_stdin_note() -> Result<String> {
    use std::io::{IsTerminal, Read};
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("Type the note, then Ctrl-D:");
    }
    // Room for the note, its line ending and one byte more: a longer input is refused whole,
    // never cut to fit.
    let limit = MAX_NOTE_BYTES as u64 + 3;
    let mut bytes = Vec::new();
    stdin
        .lock()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot read the note from standard input: {e}"))?;
    if bytes.len() as u64 >= limit {
        return Err(too_long("over"));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| usage("the note on standard input is not UTF-8 text"))?;
    Ok(text.trim_end_matches(['\n', '\r']).to_owned())
}

fn too_long(size: &str) -> anyhow::Error {
    usage(format!(
        "the note is {size} 1 MiB, the limit; nothing was written: attach a file to the engagement folder and note its name"
    ))
}
