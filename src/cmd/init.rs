//! `fasttrack init`: start an engagement (never over an existing one).

use super::Ctx;
use crate::catalog::Index;
use crate::cli::{InitArgs, ProfileFlags};
use crate::engagement::applicability;
use crate::error::usage;
use crate::journal::{self, Header, format::CatalogRef};
use crate::profile::Profile;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Ctx, args: InitArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
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
            id: index.catalog.header.id.clone(),
            version: index.catalog.header.version.clone(),
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
    let reasons = applicability(&index, &header.profile);
    writeln!(
        ctx.out,
        "Started the engagement for {} in {}",
        crate::term::clean(&header.customer),
        path.display()
    )?;
    writeln!(ctx.out, "Profile: {}", header.profile.summary())?;
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
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
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
