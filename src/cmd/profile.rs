//! `fasttrack profile [set KEY VALUE]`: the customer's profile; a change is journalled.

use super::{Invocation, print_json};
use crate::cli::{ProfileAction, ProfileArgs};
use crate::engagement::Engagement;
use crate::error::usage;
use crate::journal::{self, Change, ChangeExtras};
use crate::profile::set_key as set_profile_key;
use crate::report::table::field;
use crate::term::clean;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Serialize)]
struct View<'a> {
    customer: &'a str,
    #[serde(flatten)]
    profile: &'a crate::profile::Profile,
}

pub fn run(ctx: &mut Invocation, args: ProfileArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
    match args.action {
        None => {
            let loaded = ctx.read(&index)?;
            let e = Engagement::replay(&index, loaded);
            if args.json {
                print_json(
                    ctx,
                    &View {
                        customer: &e.customer,
                        profile: &e.profile,
                    },
                )?;
            } else {
                let p = &e.profile;
                let out = &mut ctx.out;
                let services: Vec<&str> = p.services.iter().map(|s| s.as_str()).collect();
                writeln!(out, "{}", field(out, "customer", &clean(&e.customer)))?;
                writeln!(out, "{}", field(out, "services", &services.join(", ")))?;
                writeln!(out, "{}", field(out, "forests", p.forests.as_str()))?;
                writeln!(out, "{}", field(out, "identity", p.identity.as_str()))?;
                let lic = p.licenses.map_or("not given".to_owned(), |n| n.to_string());
                writeln!(out, "{}", field(out, "licenses", &lic))?;
                let pre = if p.prerequisites.is_empty() {
                    "none".to_owned()
                } else {
                    p.prerequisites.join(", ")
                };
                writeln!(out, "{}", field(out, "prereqs", &pre))?;
            }
        }
        Some(ProfileAction::Set { key, value }) => {
            let (mut locked, e) = ctx.lock(&index)?;
            let (mut profile, mut customer) = (e.profile.clone(), e.customer.clone());
            let key = key.trim().to_ascii_lowercase();
            set_profile_key(
                &mut profile,
                &mut customer,
                &key,
                &value,
                &index.catalog.prerequisites,
            )
            .map_err(usage)?;
            if profile == e.profile && customer == e.customer {
                writeln!(
                    ctx.out,
                    "unchanged: {key} is already {}; nothing written",
                    clean(&value)
                )?;
                return Ok(ExitCode::SUCCESS);
            }
            let change = Change {
                id: journal::new_id().into(),
                at: journal::time::next(crate::engagement::latest_time(&e.changes)).into(),
                by: ctx.who().into(),
                op: journal::Op::Profile,
                more: ChangeExtras {
                    key: Some(key.clone().into()),
                    value: Some(value.trim().to_owned().into()),
                    ..ChangeExtras::default()
                }
                .boxed(),
                ..Change::default()
            };
            locked.append(&[change])?;
            drop(locked);
            let before = crate::engagement::applicability(&index, &e.profile)
                .iter()
                .filter(|r| r.is_none())
                .count();
            let after = crate::engagement::applicability(&index, &profile)
                .iter()
                .filter(|r| r.is_none())
                .count();
            writeln!(ctx.out, "profile: {key} = {}", clean(value.trim()))?;
            writeln!(ctx.out, "Applicable items: {before} → {after}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
