//! `fasttrack init`: start an engagement (never over an existing one).

use super::Invocation;
use crate::catalog::{Forests, Index, List, Prerequisite, Service, Text};
use crate::cli::{InitArgs, ProfileFlags};
use crate::engagement::applicability;
use crate::error::usage;
use crate::journal::{self, JournalHeader, format::CatalogAtStart};
use crate::profile::Profile;
use crate::prompt::Prompter;
use anyhow::{Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, args: InitArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
    if !args.force
        && let Some(outer) = enclosing_journal(ctx)
    {
        refuse_nested(ctx, &outer)?;
    }
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
    let profile = crate::args::profile(&args.profile, &index.catalog.prerequisites)?;
    start(ctx, &index, customer, profile)
}

/// Writes the journal's header and prints the plan.
fn start(
    ctx: &mut Invocation,
    index: &Index,
    customer: String,
    profile: Profile,
) -> Result<ExitCode> {
    let path = match &ctx.global.state {
        Some(p) => journal::discover::explicit(p),
        None => ctx.cwd.join(journal::FILE_NAME),
    };
    let header = JournalHeader {
        format: journal::format::FORMAT.into(),
        version: journal::format::VERSION,
        engagement: journal::new_id(),
        customer,
        catalog: CatalogAtStart {
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

/// The journal of an engagement this folder already belongs to: one in a parent folder (one
/// here is refused by `create` itself). None with `--state`, which names the place outright.
fn enclosing_journal(ctx: &Invocation) -> Option<PathBuf> {
    if ctx.global.state.is_some() {
        return None;
    }
    let found = journal::locate(None, &ctx.cwd).ok()?;
    (found.exists && found.path.parent() != Some(ctx.cwd.as_path())).then_some(found.path)
}

/// A second engagement nested in another is almost always a mistake: on a terminal, ask;
/// elsewhere refuse (exit 1), naming the journal and `--force`.
fn refuse_nested(ctx: &mut Invocation, outer: &Path) -> Result<()> {
    let what = format!(
        "this folder already belongs to the engagement in {}",
        outer.display()
    );
    if interactive(ctx) {
        let stdin = std::io::stdin();
        let width = ctx.out.width;
        let mut p = Prompter::new(stdin.lock(), &mut ctx.out);
        p.width = width;
        p.hint = ": answer y to start a nested engagement, or run init elsewhere".into();
        p.say(&format!("Note: {what}."))?;
        if p.confirm("Start a second engagement inside it", false)? {
            return Ok(());
        }
        bail!("{what}; nothing was written");
    }
    bail!(
        "{what}; nothing was written (run fasttrack from there, init in another folder, or add --force to nest a second engagement here)"
    )
}

/// Guided init only happens when a person is there to answer: standard input and standard
/// output both terminals. Anything else (scripts, CI, pipes) gets the usage error instead.
fn interactive(ctx: &Invocation) -> bool {
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
fn guided(ctx: &mut Invocation, index: &Index) -> Result<ExitCode> {
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
        |a| parse_services_by_name(a, &index.catalog.synonyms),
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
    for pre in relevant_prerequisites(index, &services, forests) {
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

/// Services as a customer names them: the ids, or a catalog synonym of one ("azure ad",
/// "entra id" for aad-premium; "comanagement"), or its name ("Azure AD Premium").
pub fn parse_services_by_name(
    answer: &str,
    synonyms: &[List<Text>],
) -> Result<Vec<Service>, String> {
    let mut ids = Vec::new();
    for part in answer.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match service_named(part, synonyms) {
            Some(s) => ids.push(s.as_str()),
            None => {
                return Err(format!(
                    "unknown service {part:?}: expected intune, aad-premium or co-management (names such as \"azure ad\" work too), comma-separated"
                ));
            }
        }
    }
    Profile::parse_services(&ids.join(","))
}

fn service_named(name: &str, synonyms: &[List<Text>]) -> Option<Service> {
    let name = name
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // "Azure AD Premium" is "azure ad" with the plan's name on it.
    let stem = name
        .strip_suffix(" premium")
        .or_else(|| name.strip_suffix("-premium"))
        .unwrap_or(&name);
    let group: Vec<&str> = synonyms
        .iter()
        .find(|g| g.iter().any(|w| w.as_str() == name || w.as_str() == stem))
        .map(|g| g.iter().map(|w| w.as_str()).collect())
        .unwrap_or_default();
    Service::ALL.into_iter().find(|s| {
        let id = s.as_str();
        let base = id.strip_suffix("-premium").unwrap_or(id);
        name == id || stem == base || group.contains(&id) || group.contains(&base)
    })
}

/// The prerequisites worth asking about for these services and this topology: those an item
/// or a scope rule depends on (`requires` or `unless`) under a condition these services and
/// forests can meet. The others could change nothing, so guided init does not ask them (and
/// answers no): a single forest is not asked about trusts between forests.
pub fn relevant_prerequisites<'a>(
    index: &'a Index,
    services: &[Service],
    forests: Forests,
) -> Vec<&'a Prerequisite> {
    let c = &index.catalog;
    let whens = c
        .items
        .iter()
        .map(|i| &i.when)
        .chain(c.rules.iter().map(|r| &r.when));
    let mut used: Vec<&str> = Vec::new();
    for w in whens {
        if (w.services.is_empty() || w.services.iter().any(|s| services.contains(s)))
            && w.forests.is_none_or(|f| f == forests)
        {
            used.extend(w.requires.iter().chain(w.unless.iter()).map(|p| p.as_str()));
        }
    }
    c.prerequisites
        .iter()
        .filter(|p| used.contains(&p.id.as_str()))
        .collect()
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
        assert_eq!(
            crate::args::profile(&flags, &index.catalog.prerequisites).unwrap(),
            profile
        );
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

    fn ids(p: Vec<&Prerequisite>) -> Vec<&str> {
        p.into_iter().map(|p| p.id.as_str()).collect()
    }

    #[test]
    fn only_the_prerequisites_the_services_need_are_asked() {
        let index = Index::new(crate::catalog::embedded());
        let multi = Forests::Multiple;
        let all = ids(relevant_prerequisites(&index, &Service::ALL, multi));
        let intune = ids(relevant_prerequisites(&index, &[Service::Intune], multi));
        let comgmt = ids(relevant_prerequisites(
            &index,
            &[Service::CoManagement],
            multi,
        ));
        eprintln!("all {all:?}\nintune {intune:?}\nco-management {comgmt:?}");
        assert_eq!(all.len(), index.catalog.prerequisites.len());
        let single = ids(relevant_prerequisites(
            &index,
            &Service::ALL,
            Forests::Single,
        ));
        assert!(all.contains(&"forest-trusts"), "{all:?}");
        assert!(!single.contains(&"forest-trusts"), "{single:?}");
        assert!(!intune.contains(&"intune-existing"), "{intune:?}");
        assert!(comgmt.contains(&"intune-existing"), "{comgmt:?}");
        assert!(intune.len() < all.len());
    }

    #[test]
    fn services_are_known_by_their_catalog_synonyms() {
        let index = Index::new(crate::catalog::embedded());
        let parse = |a: &str| parse_services_by_name(a, &index.catalog.synonyms);
        assert_eq!(parse("azure ad"), Ok(vec![Service::AadPremium]));
        assert_eq!(parse("Azure AD Premium"), Ok(vec![Service::AadPremium]));
        assert_eq!(
            parse("Entra ID, intune"),
            Ok(vec![Service::Intune, Service::AadPremium])
        );
        assert_eq!(parse("co management"), Ok(vec![Service::CoManagement]));
        assert_eq!(parse("aad-premium"), Ok(vec![Service::AadPremium]));
        let e = parse("exchange").unwrap_err();
        assert!(e.contains("unknown service \"exchange\""), "{e}");
        assert!(parse("mdm").is_err());
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
