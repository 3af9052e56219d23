//! `fasttrack show ID`: one item with its conditions, scope rules, source and history; or a
//! scope rule. Inside an engagement it adds the item's state; outside, the catalog alone.

use super::{Invocation, print_json};
use crate::catalog::{Index, Item, Renamed, Rule};
use crate::cli::ShowArgs;
use crate::engagement::Engagement;
use crate::journal::Change;
use crate::term::style;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Serialize)]
struct ItemView<'a> {
    kind: &'static str,
    #[serde(flatten)]
    item: &'a Item,
    source_text: String,
    /// The public address of the source document.
    source_url: Option<&'a str>,
    /// Old product names the title or detail uses, with today's names.
    current_names: Vec<&'a Renamed>,
    rules: Vec<&'a Rule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<StateView<'a>>,
}

#[derive(Serialize)]
struct StateView<'a> {
    status: &'static str,
    applicable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    note: Option<&'a str>,
    history: Vec<&'a Change>,
}

#[derive(Serialize)]
struct RuleView<'a> {
    kind: &'static str,
    #[serde(flatten)]
    rule: &'a Rule,
    source_text: String,
    source_url: Option<&'a str>,
    current_names: Vec<&'a Renamed>,
}

pub fn run(ctx: &mut Invocation, args: ShowArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
    let engagement = if ctx.located()?.exists {
        Some(ctx.read(&index)?)
    } else {
        None
    };
    let e = engagement.map(|l| Engagement::replay(&index, l));
    show(ctx, &index, e.as_ref(), &args)
}

/// Shows an item or rule; shared with `catalog show`, which passes no engagement.
pub fn show(
    ctx: &mut Invocation,
    index: &Index,
    e: Option<&Engagement>,
    args: &ShowArgs,
) -> Result<ExitCode> {
    if let Some(rule) = index.rule(&args.id)
        && index.item(&args.id).is_none()
    {
        let view = RuleView {
            kind: "rule",
            rule,
            source_text: index.cite(&rule.source),
            source_url: index.source_url(&rule.source),
            current_names: names_in(index, &[&rule.title, &rule.statement]),
        };
        if args.json {
            print_json(ctx, &view)?;
        } else {
            render_rule(ctx, &view)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let i = crate::ids::resolve(index, &args.id)?;
    let item = &index.catalog.items[i];
    let rules: Vec<&Rule> = index
        .catalog
        .rules
        .iter()
        .filter(|r| r.excludes.contains(&item.id) || r.items.contains(&item.id))
        .collect();
    let state = e.map(|e| {
        let s = &e.items[i];
        StateView {
            status: s.status.as_str(),
            applicable: e.applies(i),
            reason: e.reasons[i].as_ref().map(ToString::to_string),
            note: s.note.as_deref(),
            history: s.history.iter().map(|&n| &e.changes[n]).collect(),
        }
    });
    let view = ItemView {
        kind: "item",
        item,
        source_text: index.cite(&item.source),
        source_url: index.source_url(&item.source),
        current_names: names_in(index, &[&item.title, item.detail.as_deref().unwrap_or("")]),
        rules,
        state,
    };
    if args.json {
        print_json(ctx, &view)?;
    } else {
        render_item(ctx, index, &view)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The renamed products `texts` name, each once, in the order they appear.
fn names_in<'a>(index: &'a Index, texts: &[&str]) -> Vec<&'a Renamed> {
    let mut out: Vec<&Renamed> = Vec::new();
    for t in texts {
        for r in crate::catalog::names::current_names(&index.catalog.renamed, t) {
            if !out.iter().any(|o| std::ptr::eq(*o, r)) {
                out.push(r);
            }
        }
    }
    out
}

/// The source's address and "today:" lines (the current names of renamed products).
fn write_names_and_url(
    out: &mut crate::term::Out,
    names: &[&Renamed],
    url: Option<&str>,
) -> Result<()> {
    if let Some(url) = url {
        // An address cannot wrap and still work: a terminal too narrow for it is told where
        // to find it whole (piped output and `--json` always carry it).
        let value = match out.width {
            Some(w) if 12 + url.chars().count() > w => {
                format!("wider than {w} columns; `--json` or a pipe gives it whole")
            }
            _ => url.to_owned(),
        };
        writeln!(
            out,
            "{}",
            crate::report::table::field(out, "address", &value)
        )?;
    }
    for r in names {
        writeln!(
            out,
            "{}",
            crate::report::table::field(out, "today", &format!("{} is now {}", r.old, r.now))
        )?;
    }
    Ok(())
}

fn render_item(ctx: &mut Invocation, index: &Index, v: &ItemView) -> Result<()> {
    let out = &mut ctx.out;
    let item = v.item;
    writeln!(out, "{}  {}", out.paint(style::BOLD, &item.id), item.title)?;
    if let Some(d) = &item.detail {
        writeln!(out, "{}", crate::term::wrap(d, out.width, 0))?;
    }
    let phase = index
        .phase(&item.phase)
        .map_or(item.phase.as_str(), |p| p.name.as_str());
    let section = index
        .section(&item.section)
        .map_or(item.section.as_str(), |s| s.name.as_str());
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::report::table::field(out, "phase", &format!("{phase} › {section}"))
    )?;
    writeln!(
        out,
        "{}",
        crate::report::table::field(out, "owner", item.owner.as_str())
    )?;
    if let Some(parent) = &item.parent {
        writeln!(
            out,
            "{}",
            crate::report::table::field(out, "part of", parent)
        )?;
    }
    let conditions = item.when.describe();
    if !conditions.is_empty() {
        writeln!(
            out,
            "{}",
            crate::report::table::field(out, "applies", &conditions)
        )?;
    }
    if let Some(o) = &item.optional {
        writeln!(out, "{}", crate::report::table::field(out, "optional", o))?;
    }
    writeln!(
        out,
        "{}",
        crate::report::table::field(out, "source", &v.source_text)
    )?;
    write_names_and_url(out, &v.current_names, v.source_url)?;
    if !item.aliases.is_empty() {
        writeln!(
            out,
            "{}",
            crate::report::table::field(out, "formerly", &item.aliases.join(", "))
        )?;
    }
    for r in &v.rules {
        writeln!(
            out,
            "{}",
            crate::report::table::field(
                out,
                "rule",
                &format!("{} [{}] {}", r.id, r.verdict.as_str(), r.statement)
            )
        )?;
    }
    if let Some(s) = &v.state {
        writeln!(out)?;
        let applies = match &s.reason {
            None => "applies to this profile".to_owned(),
            Some(why) => format!("does not apply: {why}"),
        };
        writeln!(
            out,
            "{}",
            crate::report::table::field(out, "status", &format!("{} ({applies})", s.status))
        )?;
        if let Some(n) = s.note {
            writeln!(
                out,
                "{}",
                crate::report::table::field(out, "note", &crate::term::clean_lines(n))
            )?;
        }
        if !s.history.is_empty() {
            writeln!(out, "History:")?;
            for c in &s.history {
                let line = crate::report::history::change_line(c);
                writeln!(out, "{}", crate::term::wrap_hanging(&line, out.width, 20))?;
            }
        }
    }
    Ok(())
}

fn render_rule(ctx: &mut Invocation, v: &RuleView) -> Result<()> {
    let out = &mut ctx.out;
    let rule = v.rule;
    writeln!(
        out,
        "{}  {} [{}]",
        out.paint(style::BOLD, &rule.id),
        rule.title,
        rule.verdict.as_str()
    )?;
    writeln!(
        out,
        "{}",
        crate::term::wrap_hanging(&rule.statement, out.width, 0)
    )?;
    writeln!(out)?;
    if let Some(c) = &rule.condition {
        writeln!(out, "{}", crate::report::table::field(out, "condition", c))?;
    }
    let when = rule.when.describe();
    if !when.is_empty() {
        writeln!(out, "{}", crate::report::table::field(out, "holds", &when))?;
    }
    if !rule.excludes.is_empty() {
        writeln!(
            out,
            "{}",
            crate::report::table::field(out, "excludes", &rule.excludes.join(", "))
        )?;
    }
    if !rule.items.is_empty() {
        writeln!(
            out,
            "{}",
            crate::report::table::field(out, "items", &rule.items.join(", "))
        )?;
    }
    writeln!(
        out,
        "{}",
        crate::report::table::field(out, "source", &v.source_text)
    )?;
    write_names_and_url(out, &v.current_names, v.source_url)?;
    Ok(())
}
