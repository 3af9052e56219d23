//! `fasttrack init`: start an engagement (never over an existing one).

use super::Ctx;
use crate::catalog::Index;
use crate::cli::{InitArgs, ProfileFlags};
use crate::engagement::applicability;
use crate::error::usage;
use crate::journal::{self, Header, format::CatalogRef};
use crate::profile::Profile;
use crate::prompt::Prompter;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Ctx, args: InitArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
    if args.customer.is_none() && no_profile_flags(&args.profile) && interactive(ctx) {
        return guided(ctx, &index);
    }
    let customer = match args.customer.as_deref().map(str::trim) {
        Some(c) if !c.is_empty() => c.to_owned(),
        Some(_) => return Err(usage("the customer name is empty: give --customer NAME")),
        None => {
            return Err(usage(
                "no customer: give --customer NAME (e.g. fasttrack init --customer Contoso)",
            ));
        }
    };
    let profile = profile_from_flags(&args.profile, &index)?;
    start(ctx, &index, customer, profile)
}

/// Writes the journal's header and prints the plan.
fn start(ctx: &mut Ctx, index: &Index, customer: String, profile: Profile) -> Result<ExitCode> {
    let path = match &ctx.global.state {
        Some(p) => p.clone(),
        None => ctx.cwd.join(journal::FILE_NAME),
    };
    let header = Header {
        format: journal::format::FORMAT.into(),
        version: journal::format::VERSION,
        engagement: journal::new_id(),
        customer,
        catalog: CatalogRef {
            id: index.catalog.header.id.to_string(),
            version: index.catalog.header.version.to_string(),
        },
        profile,
        created: journal::timestamp(None),
        by: ctx.who(),
    };
    journal::write::create(&path, &header)?;
    if let Err(e) = union_merge(&path) {
        eprintln!(
            "warning: cannot add the union merge rule to .gitattributes: {e:#}; add `{} merge=union` by hand if the journal is shared with git",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
    }
    let reasons = applicability(index, &header.profile);
    writeln!(
        ctx.out,
        "Started the engagement for {} in {}",
        crate::term::clean(&header.customer),
        path.display()
    )?;
    let summary = crate::term::wrap(&header.profile.summary(), ctx.out.width, 9);
    writeln!(ctx.out, "Profile: {summary}")?;
    writeln!(ctx.out, "Plan:")?;
    for phase in &index.catalog.phases {
        let (total, apply) = index
            .catalog
            .items
            .iter()
            .zip(&reasons)
            .filter(|(item, _)| item.phase == phase.id)
            .fold((0, 0), |(t, a), (_, r)| {
                (t + 1, a + usize::from(r.is_none()))
            });
        writeln!(
            ctx.out,
            "  {:<10} {apply:>3} of {total:>3} items apply",
            phase.name
        )?;
    }
    writeln!(
        ctx.out,
        "Next: `fasttrack next` for the first items, `fasttrack status` for the overview."
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Guided init only happens when a person is there to answer: standard input and standard
/// output both terminals. Anything else (scripts, CI, pipes) gets the usage error instead.
fn interactive(ctx: &Ctx) -> bool {
    use std::io::IsTerminal;
    ctx.out.tty && std::io::stdin().is_terminal()
}

fn no_profile_flags(f: &ProfileFlags) -> bool {
    f.services.is_none()
        && f.forests.is_none()
        && f.identity.is_none()
        && f.licenses.is_none()
        && f.prerequisites.is_none()
}

/// `fasttrack init` on a terminal without flags: the scoping questions one by one.
fn guided(ctx: &mut Ctx, index: &Index) -> Result<ExitCode> {
    let answers = {
        let stdin = std::io::stdin();
        let width = ctx.out.width;
        let mut p = Prompter::new(stdin.lock(), &mut ctx.out);
        p.width = width;
        ask(&mut p, index)?
    };
    let (customer, profile) = answers;
    writeln!(ctx.out)?;
    let code = start(ctx, index, customer.clone(), profile.clone())?;
    writeln!(
        ctx.out,
        "The same without questions: {}",
        command_line(&customer, &profile)
    )?;
    Ok(code)
}

/// The questions, in the order a scoping call takes them; defaults as the flags have them.
pub fn ask<R: std::io::BufRead, W: Write>(
    p: &mut Prompter<R, W>,
    index: &Index,
) -> Result<(String, Profile)> {
    p.hint = ": answer each question, or give the flags (fasttrack init --help)".into();
    p.say("New engagement: a few scoping questions (Enter keeps the default in brackets).")?;
    let d = Profile::default();
    let customer = p.ask("Customer name", None, |a| {
        if a.is_empty() {
            Err("a name is needed, e.g. Contoso".into())
        } else {
            Ok(a.to_owned())
        }
    })?;
    let all: Vec<&str> = d.services.iter().map(|s| s.as_str()).collect();
    let services = p.ask(
        "Services to onboard (intune, aad-premium, co-management)",
        Some(&all.join(",")),
        Profile::parse_services,
    )?;
    let forests = p.ask(
        "Active Directory forests (single or multiple)",
        Some(d.forests.as_str()),
        Profile::parse_forests,
    )?;
    let identity = p.ask(
        "Identity target (cloud, managed or federated)",
        Some(d.identity.as_str()),
        Profile::parse_identity,
    )?;
    let licenses = p.ask(
        "Eligible licences (a whole number; Enter if not known)",
        Some("not known"),
        |a| {
            if a == "not known" {
                Ok(None)
            } else {
                Profile::parse_licenses(a).map(Some)
            }
        },
    )?;
    let mut prerequisites = Vec::new();
    for pre in &index.catalog.prerequisites {
        let question = match &pre.question {
            Some(q) => q.trim_end_matches('?').to_owned() + "?",
            None => format!("Does the customer have {}?", pre.name),
        };
        if p.confirm(&question, false)? {
            prerequisites.push(pre.id.to_string());
        }
    }
    Ok((
        customer,
        Profile {
            services,
            forests,
            identity,
            licenses,
            prerequisites,
        },
    ))
}

/// The `init` command line that gives the same engagement.
pub fn command_line(customer: &str, p: &Profile) -> String {
    let quoted = if customer
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        customer.to_owned()
    } else {
        format!("'{}'", customer.replace('\'', "'\\''"))
    };
    let services: Vec<&str> = p.services.iter().map(|s| s.as_str()).collect();
    let mut s = format!(
        "fasttrack init --customer {} --services {} --forests {} --identity {}",
        crate::term::clean(&quoted),
        services.join(","),
        p.forests.as_str(),
        p.identity.as_str()
    );
    if let Some(n) = p.licenses {
        s.push_str(&format!(" --licenses {n}"));
    }
    if !p.prerequisites.is_empty() {
        s.push_str(&format!(" --prerequisites {}", p.prerequisites.join(",")));
    }
    s
}

/// Makes git merge the journal by keeping both sides' lines: appends `NAME merge=union` to the
/// `.gitattributes` beside the journal, unless a line already says so. Other lines are kept.
pub fn union_merge(journal: &std::path::Path) -> Result<()> {
    use anyhow::Context;
    let Some(name) = journal.file_name().and_then(|n| n.to_str()) else {
        anyhow::bail!("the journal's name is not UTF-8");
    };
    let dir = match journal.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let path = dir.join(".gitattributes");
    let existing = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let text = String::from_utf8_lossy(&existing);
    if has_union_rule(&text, name) {
        return Ok(());
    }
    let mut add = String::new();
    if !existing.is_empty() && !existing.ends_with(b"\n") {
        add.push('\n');
    }
    add.push_str(&format!(
        "{} merge=union\n",
        name.replace(' ', "[[:space:]]")
    ));
    let mut f = crate::journal::write::append_beside(&path)?;
    f.write_all(add.as_bytes())
        .and_then(|()| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Whether a `.gitattributes` text already gives `name` the union merge driver.
fn has_union_rule(text: &str, name: &str) -> bool {
    let pattern = name.replace(' ', "[[:space:]]");
    text.lines().any(|line| {
        let mut words = line.split_whitespace();
        words.next() == Some(pattern.as_str()) && words.any(|w| w == "merge=union")
    })
}

/// The profile the flags describe, defaults for what they leave out. Bad values are usage
/// errors (exit 2) that show the expected form.
pub fn profile_from_flags(flags: &ProfileFlags, index: &Index) -> Result<Profile> {
    let mut p = Profile::default();
    if let Some(v) = &flags.services {
        p.services = Profile::parse_services(v).map_err(usage)?;
    }
    if let Some(v) = &flags.forests {
        p.forests = Profile::parse_forests(v).map_err(usage)?;
    }
    if let Some(v) = &flags.identity {
        p.identity = Profile::parse_identity(v).map_err(usage)?;
    }
    if let Some(v) = &flags.licenses {
        p.licenses = Some(Profile::parse_licenses(v).map_err(usage)?);
    }
    if let Some(v) = &flags.prerequisites {
        p.prerequisites =
            Profile::parse_prerequisites(v, &index.catalog.prerequisites).map_err(usage)?;
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guided_answers_make_the_same_profile_as_the_flags() {
        let index = Index::new(crate::catalog::embedded());
        let n = index.catalog.prerequisites.len();
        let mut input = String::from("Contoso Ltd\nintune\nthree\nmultiple\nfederated\n800\n");
        input.push_str("y\n");
        input.push_str(&"\n".repeat(n - 1));
        let mut p = Prompter::new(input.as_bytes(), Vec::new());
        let (customer, profile) = ask(&mut p, &index).unwrap();
        let shown = String::from_utf8(p.output_ref().clone()).unwrap();
        assert!(shown.contains("expected single or multiple"), "{shown}");
        assert_eq!(customer, "Contoso Ltd");
        let line = command_line(&customer, &profile);
        assert_eq!(
            line,
            format!(
                "fasttrack init --customer 'Contoso Ltd' --services intune --forests multiple --identity federated --licenses 800 --prerequisites {}",
                index.catalog.prerequisites[0].id
            )
        );
        let flags = ProfileFlags {
            services: Some("intune".into()),
            forests: Some("multiple".into()),
            identity: Some("federated".into()),
            licenses: Some("800".into()),
            prerequisites: Some(index.catalog.prerequisites[0].id.to_string()),
        };
        assert_eq!(profile_from_flags(&flags, &index).unwrap(), profile);
    }

    #[test]
    fn guided_defaults_are_the_flag_defaults() {
        let index = Index::new(crate::catalog::embedded());
        let input = format!(
            "Contoso\n{}",
            "\n".repeat(4 + index.catalog.prerequisites.len())
        );
        let mut p = Prompter::new(input.as_bytes(), Vec::new());
        let (_, profile) = ask(&mut p, &index).unwrap();
        assert_eq!(profile, Profile::default());
    }

    #[test]
    fn union_rule_is_recognised_only_for_the_journal() {
        assert!(has_union_rule(
            "*.txt text\nfasttrack.jsonl  merge=union\n",
            "fasttrack.jsonl"
        ));
        assert!(!has_union_rule(
            "fasttrack.jsonl -text\n",
            "fasttrack.jsonl"
        ));
        assert!(!has_union_rule(
            "other.jsonl merge=union\n",
            "fasttrack.jsonl"
        ));
        assert!(has_union_rule(
            "my[[:space:]]file.jsonl merge=union",
            "my file.jsonl"
        ));
    }
}
