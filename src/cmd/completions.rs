//! `fasttrack completions SHELL`: clap_complete's static script for the commands, flags and
//! the values clap knows (value enums and the catalog's choices, see `crate::choices`), plus a
//! few lines that complete item ids from `fasttrack items --ids --all` (which works inside an
//! engagement and outside one). For PowerShell, whose clap script completes no values at
//! all, the added lines complete flag values too.
//!
//! Which arguments are ids, and which flags take a value, is read from the clap definition, so
//! a new verb that takes ids completes them in every shell without a change here.
//!
//! Why not clap_complete's dynamic `CompleteEnv`: it sits behind the `unstable-dynamic`
//! feature, whose interface still changes between minor versions; the static script plus a
//! small hook is stable, readable and testable with the shells themselves.

mod powershell;

use super::Invocation;
use crate::cli::Shell;
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, shell: Shell) -> Result<ExitCode> {
    ctx.out.write_all(&script(shell))?;
    Ok(ExitCode::SUCCESS)
}

/// A command whose positional arguments are item ids.
#[derive(Debug, Clone, PartialEq)]
pub struct IdCommand {
    /// The subcommand names from the top: `["catalog", "show"]`.
    pub path: Vec<String>,
    /// Every positional is an id (`done A B C`), not only the first (`resolve ID STATUS`).
    pub many: bool,
}

impl IdCommand {
    pub(super) fn words(&self) -> String {
        self.path.join(" ")
    }
}

/// The commands whose first positional argument is named `id` or `ids`, in definition order.
pub fn id_commands() -> Vec<IdCommand> {
    fn walk(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<IdCommand>) {
        for sub in cmd.get_subcommands() {
            path.push(sub.get_name().to_owned());
            if let Some(first) = sub.get_positionals().next() {
                match first.get_id().as_str() {
                    "ids" => out.push(IdCommand {
                        path: path.clone(),
                        many: true,
                    }),
                    "id" => out.push(IdCommand {
                        path: path.clone(),
                        many: false,
                    }),
                    _ => {}
                }
            }
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(&crate::cli::FullCli::command(), &mut Vec::new(), &mut out);
    out
}

/// Every `--long` and `-s` that takes a value, anywhere in the tree (so a completer can skip
/// the value when it counts positional words).
pub(super) fn value_options(cmd: &clap::Command) -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            if a.is_positional() || !a.get_action().takes_values() {
                continue;
            }
            let names = a
                .get_long_and_visible_aliases()
                .into_iter()
                .flatten()
                .map(|l| format!("--{l}"))
                .chain(
                    a.get_short_and_visible_aliases()
                        .into_iter()
                        .flatten()
                        .map(|s| format!("-{s}")),
                );
            for n in names {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, &mut out);
    out
}

/// The flags that take a comma-separated list (value name `LIST`) of offered values, with
/// them: bash completes the value after the last comma.
fn list_options(cmd: &clap::Command) -> Vec<(String, Vec<String>)> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, Vec<String>)>) {
        for a in cmd.get_arguments() {
            let is_list = a
                .get_value_names()
                .is_some_and(|n| n.iter().any(|n| n.as_str() == "LIST"));
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .map(|p| p.get_name().to_owned())
                .collect();
            if !is_list || values.is_empty() {
                continue;
            }
            for l in a.get_long_and_visible_aliases().into_iter().flatten() {
                let flag = format!("--{l}");
                if !out.iter().any(|(f, _)| *f == flag) {
                    out.push((flag, values.clone()));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, &mut out);
    out
}

/// The commands that have subcommands (`catalog`, `profile`): their next word names one.
pub(super) fn parents(cmd: &clap::Command) -> Vec<String> {
    cmd.get_subcommands()
        .filter(|s| s.get_subcommands().any(|c| c.get_name() != "help"))
        .map(|s| s.get_name().to_owned())
        .collect()
}

/// The whole completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    use clap_complete::Shell as S;
    let mut cmd = crate::cli::FullCli::command();
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
    cmd.build();
    let ids = id_commands();
    match shell {
        Shell::Bash => buf.extend_from_slice(bash_ids(&cmd, &ids).as_bytes()),
        Shell::Zsh => {
            let text = String::from_utf8_lossy(&buf).into_owned();
            buf = zsh_ids(&text).into_bytes();
        }
        Shell::Fish => buf.extend_from_slice(fish_ids(&cmd, &ids).as_bytes()),
        Shell::Powershell => {
            let text = String::from_utf8_lossy(&buf).into_owned();
            buf = powershell::wrap(&text, &cmd, &ids).into_bytes();
        }
        Shell::Elvish => {}
    }
    buf
}

/// Bash case patterns: `"catalog show"|"show"`.
fn patterns(words: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = words.map(|w| format!("\"{w}\"")).collect();
    if v.is_empty() {
        "\"-\"".into() // matches no path
    } else {
        v.join("|")
    }
}

/// Bash: a wrapper around clap's `_fasttrack` that answers id positions itself.
fn bash_ids(cmd: &clap::Command, ids: &[IdCommand]) -> String {
    let value_opts = value_options(cmd);
    format!(
        r#"
# Item ids: fasttrack completes them from `fasttrack items --ids --all`.
_fasttrack_with_ids() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}" path="" npos=0 i w
    for (( i = 1; i < COMP_CWORD; i++ )); do
        w="${{COMP_WORDS[i]}}"
        case "$w" in
            {value_opts}) (( i++ )) ;;
            -*) ;;
            *) case "$path" in
                   ""|{parents}) path="${{path:+$path }}$w" ;;
                   *) (( npos++ )) ;;
               esac ;;
        esac
    done
    if [[ "$cur" == *,* ]]; then
        case "$prev" in
{lists}
        esac
    fi
    case "$prev" in {value_opts}) _fasttrack "$@"; return ;; esac
    if [[ "$cur" != -* ]]; then
        case "$path" in
            {many}) npos=0 ;;
            {one}) ;;
            *) npos=1 ;;
        esac
        if (( npos == 0 )); then
            COMPREPLY=( $(compgen -W "$(command fasttrack items --ids --all 2>/dev/null)" -- "$cur") )
            return 0
        fi
    fi
    _fasttrack "$@"
}}
complete -F _fasttrack_with_ids -o nosort -o bashdefault -o default fasttrack
"#,
        value_opts = value_opts.join("|"),
        lists = list_options(cmd)
            .into_iter()
            .map(|(flag, values)| format!(
                "            {flag}) COMPREPLY=( $(compgen -P \"${{cur%,*}},\" -W \"{}\" -- \"${{cur##*,}}\") ); return 0 ;;",
                values.join(" ")
            ))
            .collect::<Vec<_>>()
            .join("\n"),
        parents = patterns(parents(cmd).into_iter()),
        many = patterns(ids.iter().filter(|c| c.many).map(IdCommand::words)),
        one = patterns(ids.iter().filter(|c| !c.many).map(IdCommand::words)),
    )
}

/// Zsh: clap's script completes ids as files (`_default`); point the arguments named `id`
/// and `ids` at a function that lists the ids instead.
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
        let spec = line
            .trim_start()
            .trim_start_matches(['\'', '*'])
            .trim_start_matches(':');
        let is_id = spec.starts_with("id -- ") || spec.starts_with("ids -- ");
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

/// Fish: clap's lines complete flags and their values but no positional values; one more
/// `complete` line answers item ids and the positionals that have a fixed set (`resolve ID
/// STATUS`, `profile set KEY`), from a function that finds the position on the line.
fn fish_ids(cmd: &clap::Command, ids: &[IdCommand]) -> String {
    let words = |v: Vec<String>| {
        v.iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let positional: Vec<(String, Vec<String>)> = powershell::values_table(cmd)
        .into_iter()
        .filter(|(k, _)| k.contains("|#"))
        .collect();
    let keys = words(positional.iter().map(|(k, _)| k.clone()).collect());
    let cases: String = positional
        .iter()
        .map(|(k, v)| {
            format!(
                "        case '{k}'\n            printf '%s\\n' {}\n",
                words(v.clone())
            )
        })
        .collect();
    format!(
        r#"
# Item ids (from `fasttrack items --ids --all`) and positional values.
function __fasttrack_position
    set -l words (commandline -opc)
    set -e words[1]
    set -l path ''
    set -l npos 0
    set -l skip 0
    for w in $words
        if test $skip = 1
            set skip 0
            continue
        end
        if contains -- $w {value_opts}
            set skip 1
            continue
        end
        string match -q -- '-*' $w; and continue
        if test -z "$path"; or contains -- "$path" {parents}
            set path (string trim -- "$path $w")
        else
            set npos (math $npos + 1)
        end
    end
    test (count $words) -gt 0; and contains -- $words[-1] {value_opts}; and return 1
    if contains -- "$path" {many}; or begin; contains -- "$path" {one}; and test $npos -eq 0; end
        echo ids
        return 0
    end
    contains -- "$path|#$npos" {keys}; or return 1
    echo "$path|#$npos"
end

function __fasttrack_candidates
    set -l position (__fasttrack_position); or return
    switch $position
        case ids
            command fasttrack items --ids --all 2>/dev/null
{cases}    end
end

complete -c fasttrack -n __fasttrack_position -f -a "(__fasttrack_candidates)"
"#,
        value_opts = words(value_options(cmd)),
        parents = words(parents(cmd)),
        many = words(
            ids.iter()
                .filter(|c| c.many)
                .map(IdCommand::words)
                .collect()
        ),
        one = words(
            ids.iter()
                .filter(|c| !c.many)
                .map(IdCommand::words)
                .collect()
        ),
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
    fn every_verb_that_takes_ids_is_found() {
        let ids = id_commands();
        let words: Vec<String> = ids.iter().map(IdCommand::words).collect();
        for verb in [
            "show",
            "log",
            "start",
            "done",
            "block",
            "skip",
            "reopen",
            "note",
            "assign",
            "resolve",
            "catalog show",
        ] {
            assert!(
                words.contains(&verb.to_owned()),
                "{verb} missing: {words:?}"
            );
        }
        let resolve = ids.iter().find(|c| c.words() == "resolve").unwrap();
        assert!(!resolve.many, "resolve takes one id, then a status");
        let assign = ids.iter().find(|c| c.words() == "assign").unwrap();
        assert!(assign.many);
    }

    #[test]
    fn zsh_completes_ids_with_the_id_function() {
        let s = String::from_utf8(script(Shell::Zsh)).unwrap();
        let uses = s.matches(":_fasttrack_item_ids'").count();
        assert_eq!(uses, id_commands().len(), "{s}");
        assert!(s.starts_with("#compdef fasttrack\n"));
    }
}
