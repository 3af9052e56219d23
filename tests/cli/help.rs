//! The help and usage errors the binary prints are the whole command line's: clap builds only
//! the running command's arguments (`defer`), and these tests hold what every command prints
//! to what the fully built definition (the one the completion scripts and the man page come
//! from) gives for the same arguments.

use crate::harness::Env;
use clap::CommandFactory;

/// Every command path: `[]`, `["status"]`, `["profile", "set"]`, ...
fn paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        out.push(path.to_vec());
        for sub in cmd.get_subcommands() {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_owned());
            walk(sub, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(&fasttrack::cli::FullCli::command(), &[], &mut out);
    out
}

/// What the whole definition prints for `args`: its text and exit code.
fn expected(args: &[&str]) -> (String, i32) {
    let argv = [&["fasttrack"][..], args].concat();
    match fasttrack::cli::FullCli::command().try_get_matches_from(argv) {
        Ok(_) => panic!("`fasttrack {}` parsed", args.join(" ")),
        Err(e) => (e.to_string(), e.exit_code()),
    }
}

/// The binary's own name (`fasttrack.exe` on Windows) made `fasttrack`.
fn plain(text: &str) -> String {
    text.replace("fasttrack.exe", "fasttrack")
        .trim_end()
        .to_owned()
}

#[test]
fn every_help_page_and_usage_error_is_the_whole_definitions() {
    let env = Env::new();
    let paths = paths();
    assert!(paths.len() > 30, "{} commands", paths.len());
    for path in &paths {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let mut runs = vec![
            [&path[..], &["--help"]].concat(),
            [&path[..], &["-h"]].concat(),
            [&path[..], &["--no-such-flag"]].concat(),
        ];
        if path.first() != Some(&"help") {
            runs.push([&["help"][..], &path[..]].concat());
        }
        for args in runs {
            let (text, code) = expected(&args);
            let out = env.run(&args).code(code);
            let printed = if code == 0 { out.stdout } else { out.stderr };
            assert_eq!(
                plain(&printed),
                plain(&text),
                "fasttrack {}",
                args.join(" ")
            );
        }
    }
}
