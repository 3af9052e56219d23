//! Raw clap values made into validated domain values before any work is done (as ripgrep
//! turns its low-level arguments into high-level ones): a profile from the profile flags, a
//! report filter from the item filters. Bad values are usage errors (exit 2).

use crate::profile::Profile;
use crate::report::rows::Filter;
use anyhow::Result;

/// The profile the flags describe, defaults for what they leave out. Bad values are usage
/// errors (exit 2) that show the expected form.
pub fn profile(
    flags: &crate::cli::ProfileFlags,
    prerequisites: &[crate::catalog::Prerequisite],
) -> Result<Profile> {
    let mut p = Profile::default();
    if let Some(v) = &flags.services {
        p.services = Profile::parse_services(v).map_err(crate::error::usage)?;
    }
    if let Some(v) = &flags.forests {
        p.forests = Profile::parse_forests(v).map_err(crate::error::usage)?;
    }
    if let Some(v) = &flags.identity {
        p.identity = Profile::parse_identity(v).map_err(crate::error::usage)?;
    }
    if let Some(v) = &flags.licenses {
        p.licenses = Some(Profile::parse_licenses(v).map_err(crate::error::usage)?);
    }
    if let Some(v) = &flags.prerequisites {
        p.prerequisites =
            Profile::parse_prerequisites(v, prerequisites).map_err(crate::error::usage)?;
    }
    Ok(p)
}

/// Checks the filter flags against the catalog (an unknown phase is a usage error).
pub fn item_filter(index: &crate::catalog::Index, f: &crate::cli::ItemFilters) -> Result<Filter> {
    if let Some(p) = &f.phase
        && index.phase(p).is_none()
    {
        let ids: Vec<&str> = index.catalog.phases.iter().map(|p| p.id.as_str()).collect();
        return Err(crate::error::usage(format!(
            "unknown phase {:?}: expected one of {}",
            crate::term::clean(p),
            ids.join(", ")
        )));
    }
    Ok(Filter {
        phase: f.phase.clone(),
        status: f.status,
        owner: f.owner.map(|o| match o {
            crate::cli::OwnerArg::Fasttrack => crate::catalog::Owner::Fasttrack,
            crate::cli::OwnerArg::Customer => crate::catalog::Owner::Customer,
        }),
        ..Filter::default()
    })
}
