//! `fasttrack completions SHELL`: clap_complete's static script for the flags and commands,
//! plus, for bash, zsh and fish, a few lines that complete item ids from
//! `fasttrack items --ids --all` (which works inside an engagement and outside one).
//!
//! Why not clap_complete's dynamic `CompleteEnv`: it sits behind the `unstable-dynamic`
//! feature, whose interface still changes between minor versions; the static script plus a
//! small hook is stable, readable and testable with the shells themselves.

use super::Ctx;
use crate::cli::Shell;
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

/// The commands whose positional arguments are item ids.
pub const ID_COMMANDS: [&str; 8] = [
    "show", "start", "done", "block", "skip", "reopen", "note", "log",
];

pub fn run(ctx: &mut Ctx, shell: Shell) -> Result<ExitCode> {
    ctx.out.write_all(&script(shell))?;
    Ok(ExitCode::SUCCESS)
}

/// The whole completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    use clap_complete::Shell as S;
    let mut cmd = crate::cli::Cli::command();
    let name = cmd.get_name().to_owned();
    let mut buf = Vec::new();
    let generator = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    clap_complete::generate(generator, &mut cmd, &name, &mut buf);
    match shell {
        Shell::Bash => buf.extend_from_slice(bash_ids().as_bytes()),
        Shell::Zsh => {
            let text = String::from_utf8_lossy(&buf).into_owned();
            buf = zsh_ids(&text).into_bytes();
        }
        Shell::Fish => buf.extend_from_slice(fish_ids().as_bytes()),
        Shell::Powershell | Shell::Elvish => {}
    }
    buf
}

/// Bash: a wrapper around clap's `_fasttrack` that answers id positions itself.
fn bash_ids() -> String {
    format!(
        r#"
# Item ids: fasttrack completes them from `fasttrack items --ids --all`.
_fasttrack_with_ids() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}" sub="" i w
    for (( i = 1; i < COMP_CWORD; i++ )); do
        w="${{COMP_WORDS[i]}}"
        case "$w" in
            --state|--catalog|--color|--by) (( i++ )) ;;
            -*) ;;
            *) sub="$w"; break ;;
        esac
    done
    if [[ "$sub" == catalog && "${{COMP_WORDS[i+1]}}" == show ]]; then sub=show; fi
    case "$sub" in
        {commands})
            case "$prev" in -m|--note|--since|--state|--catalog|--by) ;; *)
                if [[ "$cur" != -* ]]; then
                    COMPREPLY=( $(compgen -W "$(command fasttrack items --ids --all 2>/dev/null)" -- "$cur") )
                    return 0
                fi ;;
            esac ;;
    esac
    _fasttrack "$@"
}}
complete -F _fasttrack_with_ids -o nosort -o bashdefault -o default fasttrack
"#,
        commands = ID_COMMANDS.join("|")
    )
}

/// Zsh: clap's script completes ids as files (`_default`); point those arguments at a
/// function that lists the ids instead.
fn zsh_ids(script: &str) -> String {
    let function = "
(( $+functions[_fasttrack_item_ids] )) ||
_fasttrack_item_ids() {
    local -a ids
    ids=( ${(f)\"$(command fasttrack items --ids --all 2>/dev/null)\"} )
    _describe -t ids 'item id' ids
}
";
    let mut out = String::with_capacity(script.len() + function.len());
    for line in script.lines() {
        let is_id = line.contains("::ids -- Item ids:")
            || line.contains(":id -- Item or rule id")
            || line.contains(":id -- Item id:")
            || line.contains("::id -- Only the changes of this item:");
        if is_id {
            out.push_str(&line.replace(":_default'", ":_fasttrack_item_ids'"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    // The function must exist before compdef calls `_fasttrack`; put it after `#compdef`.
    match out.find('\n') {
        Some(first) => out.insert_str(first + 1, function),
        None => out.push_str(function),
    }
    out
}

/// Fish: one more `complete` line for the commands that take ids.
fn fish_ids() -> String {
    format!(
        "\n# Item ids, from `fasttrack items --ids --all`.\ncomplete -c fasttrack -n \"__fish_seen_subcommand_from {}\" -f -a \"(command fasttrack items --ids --all 2>/dev/null)\"\n",
        ID_COMMANDS.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Powershell,
            Shell::Elvish,
        ] {
            let s = String::from_utf8(script(shell)).unwrap();
            assert!(s.len() > 1000, "{shell:?}: {s}");
            assert!(s.contains("completions"), "{shell:?} lacks the subcommands");
        }
    }

    #[test]
    fn zsh_completes_ids_with_the_id_function() {
        let s = String::from_utf8(script(Shell::Zsh)).unwrap();
        // show, start, done, block, skip, reopen, note, log, catalog show
        let uses = s.matches(":_fasttrack_item_ids'").count();
        assert!(
            uses >= 9,
            "only {uses} id arguments use the id function:\n{s}"
        );
        assert!(s.starts_with("#compdef fasttrack\n"));
    }
}
