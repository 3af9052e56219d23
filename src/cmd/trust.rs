//! `fasttrack trust [PATH] [--remove]`: the user's list of folders whose journals are used even
//! when another user owns them (see `journal::trust` and docs/journal-discovery.md).

use super::Invocation;
use crate::cli::TrustArgs;
use crate::journal::trust::{self, Entry, TrustList};
use anyhow::Result;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, args: TrustArgs) -> Result<ExitCode> {
    let file = trust::file().map_or_else(
        || "(no config folder)".to_owned(),
        |f| f.display().to_string(),
    );
    let Some(given) = args.path else {
        return list(ctx, &file);
    };
    let given = if given.as_os_str() == "*" {
        given
    } else if given.is_relative() {
        ctx.cwd.join(given)
    } else {
        given
    };
    // `DIR/*` (and `*`) are kept as patterns; anything else must be a folder or a file there.
    let line = match Entry::parse(&given.display().to_string()) {
        Some(Entry::All) => given.clone(),
        Some(Entry::Under(dir)) => PathBuf::from(format!(
            "{}{}*",
            trust::folder_of(&dir)?.display(),
            std::path::MAIN_SEPARATOR
        )),
        _ if args.remove => given.clone(),
        _ => trust::folder_of(&given)?,
    };
    if args.remove {
        if trust::remove(&line)? {
            writeln!(ctx.out, "No longer trusted: {} (in {file})", show(&line))?;
        } else {
            writeln!(ctx.out, "{} was not on the list in {file}", show(&line))?;
        }
    } else if trust::add(&line)? {
        writeln!(
            ctx.out,
            "Trusted: {}: a fasttrack.jsonl there is used even when another user owns it (in {file})",
            show(&line)
        )?;
    } else {
        writeln!(ctx.out, "{} is trusted already (in {file})", show(&line))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn list(ctx: &mut Invocation, file: &str) -> Result<ExitCode> {
    let entries = TrustList::load().entries;
    if entries.is_empty() {
        writeln!(
            ctx.out,
            "No trusted folders ({file}): only journals you own are found by searching upwards."
        )?;
    } else {
        writeln!(ctx.out, "Trusted folders ({file}):")?;
        for e in &entries {
            let shown = match e {
                Entry::All => "* (every folder)".to_owned(),
                Entry::Under(p) => format!("{}/* (and every folder under it)", show(p)),
                Entry::Folder(p) => show(p),
            };
            writeln!(ctx.out, "  {shown}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(p: &Path) -> String {
    crate::term::clean(&p.display().to_string()).into_owned()
}
