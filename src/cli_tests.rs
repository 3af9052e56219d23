//! Tests of the command-line definition: consistent, documented, and the deferred one equal to
//! the one built whole.

#[test]
fn cli_definition_is_consistent() {
    use clap::CommandFactory;
    super::Cli::command().debug_assert();
    super::FullCli::command().debug_assert();
}

/// The deferred definition, once built, is the whole one: the same commands at every depth,
/// with the same arguments and the same help text.
#[test]
fn the_deferred_and_the_whole_definition_agree() {
    use clap::CommandFactory;
    fn walk(cmd: &mut clap::Command, path: &str, out: &mut Vec<String>) {
        let mut args: Vec<String> = cmd.get_arguments().map(|a| format!("{a:?}")).collect();
        args.sort();
        out.push(format!(
            "{path}\n{}\n{}",
            args.join("\n"),
            cmd.render_long_help()
        ));
        for sub in cmd.get_subcommands_mut() {
            let name = format!("{path} {}", sub.get_name());
            // `help`'s own tree of command names (`help profile set`) serves completion
            // only; the deferred build stops it at the first level, and `help profile set`
            // still finds its page through the real tree (tests/cli checks the help).
            if !name.starts_with("fasttrack help ") {
                walk(sub, &name, out);
            }
        }
    }
    let (mut deferred, mut whole) = (super::Cli::command(), super::FullCli::command());
    deferred.build();
    whole.build();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    walk(&mut deferred, "fasttrack", &mut a);
    walk(&mut whole, "fasttrack", &mut b);
    assert!(a.len() > 30, "{} commands", a.len());
    assert_eq!(a.len(), b.len());
    for (a, b) in a.iter().zip(&b) {
        assert_eq!(a, b);
    }
}

/// Every command (and sub-subcommand) has a one-line summary and examples in its help.
#[test]
fn every_command_has_a_summary_and_examples() {
    use clap::CommandFactory;
    fn check(cmd: &clap::Command, path: &str) {
        for sub in cmd.get_subcommands() {
            let name = format!("{path} {}", sub.get_name());
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert!(!about.trim().is_empty(), "`{name}` has no summary");
            check(sub, &name);
            if path != "fasttrack" {
                continue; // nested actions share their parent's examples
            }
            let after = sub
                .get_after_help()
                .map(|a| a.to_string())
                .unwrap_or_default();
            assert!(
                after.contains("Example"),
                "`{name} --help` shows no example"
            );
        }
    }
    check(&super::FullCli::command(), "fasttrack");
}
