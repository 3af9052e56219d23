//! PowerShell: clap's script completes commands and flags but no values. This wraps it: a
//! completer that answers item ids (as bash does) and the values of flags and positionals
//! that have a fixed set (statuses, phases, formats, ...), and hands everything else to
//! clap's script block.

use super::IdCommand;

/// A PowerShell single-quoted string.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn list<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<String> = words.map(quote).collect();
    format!("@({})", v.join(", "))
}

/// `path|--flag` and `path|#N` (the Nth positional) to their values, for every command.
pub(super) fn values_table(cmd: &clap::Command) -> Vec<(String, Vec<String>)> {
    fn walk(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
        let here = path.join(" ");
        for (n, a) in cmd.get_positionals().enumerate() {
            if let Some(v) = values(a) {
                out.push((format!("{here}|#{n}"), v));
            }
        }
        for a in cmd.get_arguments().filter(|a| !a.is_positional()) {
            let Some(v) = values(a) else { continue };
            for l in a.get_long_and_visible_aliases().into_iter().flatten() {
                out.push((format!("{here}|--{l}"), v.clone()));
            }
            for s in a.get_short_and_visible_aliases().into_iter().flatten() {
                out.push((format!("{here}|-{s}"), v.clone()));
            }
        }
        for sub in cmd.get_subcommands() {
            path.push(sub.get_name().to_owned());
            walk(sub, path, out);
            path.pop();
        }
    }
    fn values(a: &clap::Arg) -> Option<Vec<String>> {
        if !a.get_action().takes_values() {
            return None;
        }
        let v: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|p| !p.is_hide_set())
            .map(|p| p.get_name().to_owned())
            .collect();
        (!v.is_empty()).then_some(v)
    }
    let mut out = Vec::new();
    walk(cmd, &mut Vec::new(), &mut out);
    out
}

/// clap's script with its completer turned into `$clap`, and ours registered in its place.
pub fn wrap(clap_script: &str, cmd: &clap::Command, ids: &[IdCommand]) -> String {
    let register = "Register-ArgumentCompleter -Native -CommandName 'fasttrack' -ScriptBlock {";
    let body = clap_script.replacen(register, "$__fasttrackClap = {", 1);
    let table: Vec<String> = values_table(cmd)
        .into_iter()
        .map(|(k, v)| {
            format!(
                "        {} = {}",
                quote(&k),
                list(v.iter().map(String::as_str))
            )
        })
        .collect();
    let value_opts = super::value_options(cmd);
    let parents = super::parents(cmd);
    let many: Vec<String> = ids
        .iter()
        .filter(|c| c.many)
        .map(IdCommand::words)
        .collect();
    let one: Vec<String> = ids
        .iter()
        .filter(|c| !c.many)
        .map(IdCommand::words)
        .collect();
    format!(
        r#"{body}
# Item ids (from `fasttrack items --ids --all`) and flag values, which clap's script leaves out.
& {{
    $clap = $__fasttrackClap
    $values = @{{
{table}
    }}
    $valueOptions = {value_opts}
    $parents = {parents}
    $idsMany = {many}
    $idsOne = {one}
    Register-ArgumentCompleter -Native -CommandName 'fasttrack' -ScriptBlock {{
        param($wordToComplete, $commandAst, $cursorPosition)
        $words = @($commandAst.CommandElements |
            Where-Object {{ $_.Extent.StartOffset -lt $cursorPosition }} |
            ForEach-Object {{ $_.Extent.Text }})
        if ($wordToComplete -ne '' -and $words.Count -gt 1) {{
            $words = @($words[0..($words.Count - 2)])
        }}
        $path = ''; $npos = 0; $skip = $false
        for ($i = 1; $i -lt $words.Count; $i++) {{
            $w = $words[$i]
            if ($skip) {{ $skip = $false; continue }}
            if ($valueOptions -contains $w) {{ $skip = $true; continue }}
            if ($w.StartsWith('-')) {{ continue }}
            if ($path -eq '' -or $parents -contains $path) {{ $path = "$path $w".Trim() }} else {{ $npos++ }}
        }}
        $prev = if ($words.Count -gt 1) {{ $words[-1] }} else {{ '' }}
        $offer = $null
        if ($valueOptions -contains $prev) {{
            $offer = $values["$path|$prev"]
        }} elseif (-not $wordToComplete.StartsWith('-')) {{
            if ($idsMany -contains $path -or ($idsOne -contains $path -and $npos -eq 0)) {{
                $offer = @(& fasttrack items --ids --all 2>$null)
            }} else {{
                $offer = $values["$path|#$npos"]
            }}
        }}
        if ($null -ne $offer) {{
            $offer | Where-Object {{ $_ -like "$wordToComplete*" }} | ForEach-Object {{
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }}
            return
        }}
        & $clap $wordToComplete $commandAst $cursorPosition
    }}.GetNewClosure()
}}
"#,
        table = table.join("\n"),
        value_opts = list(value_opts.iter().map(String::as_str)),
        parents = list(parents.iter().map(String::as_str)),
        many = list(many.iter().map(String::as_str)),
        one = list(one.iter().map(String::as_str)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn script() -> String {
        String::from_utf8(super::super::script(crate::cli::Shell::Powershell)).unwrap()
    }

    #[test]
    fn clap_completer_is_wrapped_not_registered_twice() {
        let s = script();
        assert_eq!(s.matches("Register-ArgumentCompleter").count(), 1, "{s}");
        assert!(s.contains("$__fasttrackClap = {"));
        assert!(s.contains("}.GetNewClosure()"));
    }

    #[test]
    fn ids_and_values_are_in_the_tables() {
        let s = script();
        assert!(
            s.contains("$idsMany = @('start', 'done', 'block', 'skip', 'reopen', 'assign')"),
            "{s}"
        );
        assert!(s.contains("'show'") && s.contains("'resolve'") && s.contains("'catalog show'"));
        assert!(
            s.contains(
                "'items|--phase' = @('general', 'initiate', 'assess', 'remediate', 'enable')"
            ),
            "{s}"
        );
        assert!(
            s.contains(
                "'items|--status' = @('not-started', 'in-progress', 'blocked', 'done', 'skipped')"
            ),
            "{s}"
        );
        assert!(
            s.contains("'export|-f' = @('csv', 'markdown', 'json', 'html', 'xlsx')"),
            "{s}"
        );
        assert!(s.contains("'resolve|#1' = @("), "{s}");
        assert!(
            s.contains("'items|--color' = @('auto', 'always', 'never')"),
            "{s}"
        );
    }

    #[test]
    fn the_tables_come_from_the_cli() {
        let mut cmd = crate::cli::FullCli::command();
        cmd.build();
        let t = values_table(&cmd);
        assert!(t.iter().any(|(k, _)| k == "init|--services"));
        assert!(t.iter().any(|(k, _)| k == "profile set|#0"));
        // A PowerShell hashtable literal with a repeated key (case-insensitively) fails to load.
        let mut keys: Vec<String> = t.iter().map(|(k, _)| k.to_lowercase()).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }
}
