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
