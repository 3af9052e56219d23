//! `fasttrack catalog`: the phases with their item counts; `show ID`; `validate FILE`;
//! `--json` for the whole catalog.

use super::{Invocation, print_json};
use crate::catalog::{Owner, load};
use crate::cli::{CatalogAction, CatalogArgs};
use crate::report::table::new_table;
use anyhow::Result;
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Serialize)]
struct Json<'a> {
    catalog: &'a crate::catalog::CatalogHeader,
    /// The month of the newest source ("2018-12"): the benefit as Microsoft documented it.
    documented: Option<&'a str>,
    phases: &'a [crate::catalog::Phase],
    sections: &'a [crate::catalog::Section],
    prerequisites: &'a [crate::catalog::Prerequisite],
    synonyms: &'a [crate::catalog::List<crate::catalog::Text>],
    renamed: &'a [crate::catalog::Renamed],
    items: &'a [crate::catalog::Item],
    rules: &'a [crate::catalog::Rule],
}

pub fn run(ctx: &mut Invocation, args: CatalogArgs) -> Result<ExitCode> {
    match args.action {
        Some(CatalogAction::Validate { file }) => validate(ctx, &file),
        Some(CatalogAction::Show(show)) => {
            let index = ctx.index()?;
            super::show::show(ctx, &index, None, &show)
        }
        None => {
            let index = ctx.index()?;
            let c = &index.catalog;
            if args.json {
                print_json(
                    ctx,
                    &Json {
                        catalog: &c.header,
                        documented: c.header.documented(),
                        phases: &c.phases,
                        sections: &c.sections,
                        prerequisites: &c.prerequisites,
                        synonyms: &c.synonyms,
                        renamed: &c.renamed,
                        items: &c.items,
                        rules: &c.rules,
                    },
                )?;
                return Ok(ExitCode::SUCCESS);
            }
            let documented = c
                .header
                .documented()
                .map(|d| format!(", as documented by Microsoft, {d}"))
                .unwrap_or_default();
            writeln!(
                ctx.out,
                "{} {} ({} items, {} scope rules){documented}",
                c.header.title,
                c.header.version,
                c.items.len(),
                c.rules.len()
            )?;
            let mut t = new_table(
                &ctx.out,
                &["phase", "section", "fasttrack", "customer", "rules"],
            );
            let right = |n: usize| Cell::new(n).set_alignment(CellAlignment::Right);
            for p in &c.phases {
                for (n, sec) in c.sections.iter().filter(|s| s.phase == p.id).enumerate() {
                    let in_section = || c.items.iter().filter(|i| i.section == sec.id);
                    // A rule counts where an item it names (by id) sits: looked up, not
                    // searched for (the search was 1.1M of the command's 2.6M instructions).
                    let in_this = |id: &crate::catalog::Text| {
                        index
                            .item(id)
                            .is_some_and(|i| i.id == *id && i.section == sec.id)
                    };
                    let rules = c
                        .rules
                        .iter()
                        .filter(|r| r.items.iter().chain(&r.excludes).any(in_this));
                    t.add_row(vec![
                        Cell::new(if n == 0 { p.name.as_str() } else { "" }),
                        Cell::new(&sec.name),
                        right(in_section().filter(|i| i.owner == Owner::Fasttrack).count()),
                        right(in_section().filter(|i| i.owner == Owner::Customer).count()),
                        right(rules.count()),
                    ]);
                }
            }
            writeln!(ctx.out, "{t}")?;
            writeln!(ctx.out, "Sources:")?;
            for s in &c.header.sources {
                let date = s
                    .date
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default();
                writeln!(ctx.out, "  {:<22} {}{date}", s.id, s.title)?;
                if let Some(url) = &s.url {
                    writeln!(ctx.out, "  {:<22} {url}", "")?;
                }
                if let (Some(repo), Some(path)) = (&s.repo, &s.repo_path) {
                    writeln!(ctx.out, "  {:<22} also {repo}: {path}", "")?;
                }
            }
            if let Some(d) = c.header.documented() {
                writeln!(
                    ctx.out,
                    "The catalog restates these pages as Microsoft published them up to {d}; \
                     check the addresses above for today's terms."
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Checks a catalog file and lists every problem (exit 1 when there is any); warnings (a
/// keyword that would let an out-of-scope rule deny an in-scope item, a `beyond` phrase an
/// entry uses) go to stderr and leave the exit code at 0.
fn validate(ctx: &mut Invocation, file: &std::path::Path) -> Result<ExitCode> {
    let c = load::load_file(file)?;
    let clashes = crate::catalog::lint::keyword_clashes(&c);
    let overlaps = crate::catalog::lint::beyond_overlaps(&c);
    let warnings = clashes
        .iter()
        .map(ToString::to_string)
        .chain(overlaps.iter().map(ToString::to_string));
    for warning in warnings {
        eprintln!(
            "warning: {}: {}",
            file.display(),
            crate::term::clean(&warning)
        );
    }
    writeln!(
        ctx.out,
        "{}: valid catalog {} {} ({} phases, {} items, {} rules)",
        file.display(),
        c.header.id,
        c.header.version,
        c.phases.len(),
        c.items.len(),
        c.rules.len()
    )?;
    Ok(ExitCode::SUCCESS)
}
