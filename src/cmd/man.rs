//! `fasttrack man`: the manual page, in roff, generated from the same clap definition as
//! `--help` so the two never disagree. One page holds every command (clap_mangen alone would
//! point at `fasttrack-init(1)` and friends, pages nobody installs).

use super::Invocation;
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation) -> Result<ExitCode> {
    ctx.out.write_all(page()?.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The whole page.
pub fn page() -> std::io::Result<String> {
    // Not built: each command's section lists its own options, not the global ones again.
    let cmd = crate::cli::FullCli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    man.render_extra_section(&mut buf)?;
    // Examples are laid out by hand: no filling (.nf), or roff would justify them.
    let mut page = String::from_utf8_lossy(&buf).replace(".SH EXTRA\n", ".SH EXAMPLES\n.nf\n");
    page.push_str(".fi\n");
    page.push_str(".SH COMMANDS\n");
    for sub in cmd.get_subcommands() {
        let name = format!("fasttrack {}", sub.get_name());
        let sub_man = clap_mangen::Man::new(sub.clone().bin_name(&name));
        let mut b = Vec::new();
        sub_man.render_synopsis_section(&mut b)?;
        sub_man.render_description_section(&mut b)?;
        sub_man.render_options_section(&mut b)?;
        if sub.has_subcommands() {
            sub_man.render_subcommands_section(&mut b)?;
        }
        sub_man.render_extra_section(&mut b)?;
        let text = String::from_utf8_lossy(&b);
        page.push_str(&format!(".SS \"{name}\"\n"));
        let mut examples = false;
        for line in text.lines() {
            // Each command's parts become paragraphs under its own heading.
            match line.strip_prefix(".SH ") {
                Some("SYNOPSIS") => {}
                Some("DESCRIPTION") => page.push_str(".PP\n"),
                Some("EXTRA") => {
                    page.push_str(".PP\n.nf\n");
                    examples = true;
                }
                Some(other) => page.push_str(&format!(".PP\n\\fB{}\\fR\n", title_case(other))),
                None => {
                    page.push_str(line);
                    page.push('\n');
                }
            }
        }
        if examples {
            page.push_str(".fi\n");
        }
    }
    page.push_str(EXIT_STATUS);
    let mut tail = Vec::new();
    man.render_version_section(&mut tail)?;
    page.push_str(&String::from_utf8_lossy(&tail));
    Ok(page)
}

fn title_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"
.TP
0
Success (also when a reader such as \\fBhead\\fR closes the pipe early).
.TP
1
An error you can fix: an unknown item, no engagement here, a damaged journal, an invalid
catalog. The first line on standard error says what; detail follows, indented.
.TP
2
A usage error: bad flags or arguments.
.TP
101
A bug: fasttrack panicked. Please report it.
.SH ENVIRONMENT
.TP
FASTTRACK_STATE, FASTTRACK_CATALOG
Defaults for \\fB\\-\\-state\\fR and \\fB\\-\\-catalog\\fR.
.TP
FASTTRACK_USER
Who records changes, unless \\fB\\-\\-by\\fR says.
.TP
FASTTRACK_CEILING_DIRECTORIES
Folders (separated by colons) that the search for fasttrack.jsonl never enters, as git's
GIT_CEILING_DIRECTORIES.
.TP
XDG_CONFIG_HOME
Where the list of trusted folders lives (fasttrack/trusted-folders; default ~/.config).
.TP
NO_COLOR, CLICOLOR_FORCE, TERM=dumb
With \\fB\\-\\-color auto\\fR: NO_COLOR turns colour off, CLICOLOR_FORCE turns it on in pipes,
TERM=dumb turns it off.
";
