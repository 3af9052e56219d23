//! `fasttrack scope QUESTION...`: is this in scope? The verdict, a paragraph, the condition and
//! the matching rules and items with their source; `--list` for every rule; `--explain` for
//! how each match scored. The profile comes from the flags, else the engagement, else none
//! (then the answer covers every profile).

use super::{Invocation, print_json};
use crate::catalog::Index;
use crate::cli::{ProfileFlags, ScopeArgs};
use crate::engagement::Engagement;
use crate::error::usage;
use crate::profile::Profile;
use crate::report::table::{field, new_table};
use crate::scope::rank::{Hit, TermScore};
use crate::scope::{Answer, Outcome, ScopeIndex};
use crate::scope::{Match, RuleLine};
use crate::term::{Out, clean, style};
use anyhow::Result;
use comfy_table::{Cell, CellAlignment, Color};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

/// Where the profile came from.
enum Source {
    Flags,
    Engagement,
    None,
}

pub fn run(ctx: &mut Invocation, args: ScopeArgs) -> Result<ExitCode> {
    let index = ctx.index()?;
    if args.list {
        let rules = crate::scope::list(&index);
        if args.json {
            print_json(ctx, &rules)?;
        } else {
            render_list(&mut ctx.out, &rules)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let question = args.question.join(" ");
    if question.trim().is_empty() {
        return Err(usage(
            "the question is empty: ask in the customer's words, e.g. fasttrack scope \"can you set up AD FS?\"",
        ));
    }
    let chars = question.chars().count();
    if chars > crate::scope::MAX_QUESTION_CHARS {
        return Err(usage(format!(
            "the question is {chars} characters long; the limit is {}: ask one thing, in a sentence or two",
            crate::scope::MAX_QUESTION_CHARS
        )));
    }
    if let Some(c) = question.chars().find(|c| c.is_control()) {
        return Err(usage(format!(
            "the question holds a control character (U+{:04X}): type it as plain text on one line",
            u32::from(c)
        )));
    }
    let (profile, source) = profile(ctx, &args.profile, &index)?;
    let scope: ScopeIndex = crate::scope::prebuilt::index(&index.catalog);
    let a = crate::scope::answer(&index, &scope, &question, profile.as_ref());
    if args.json {
        let explain = args
            .explain
            .then(|| a.matches.iter().map(explain).collect());
        print_json(
            ctx,
            &JsonAnswer {
                answer: &a,
                explain,
            },
        )?;
    } else {
        render(&mut ctx.out, &a, &source, args.explain)?;
    }
    for n in &a.notes {
        eprintln!("note: {n}");
    }
    super::leave_to_exit(a);
    super::leave_to_exit(scope);
    super::leave_to_exit(index);
    Ok(ExitCode::SUCCESS)
}

fn any_flag(f: &ProfileFlags) -> bool {
    f.services.is_some()
        || f.forests.is_some()
        || f.identity.is_some()
        || f.licenses.is_some()
        || f.prerequisites.is_some()
}

fn profile(
    ctx: &Invocation,
    flags: &ProfileFlags,
    index: &Index,
) -> Result<(Option<Profile>, Source)> {
    if any_flag(flags) {
        return Ok((
            Some(crate::args::profile(flags, &index.catalog.prerequisites)?),
            Source::Flags,
        ));
    }
    if ctx.located()?.exists {
        let loaded = ctx.read(index)?;
        let e = Engagement::replay(index, loaded);
        return Ok((Some(e.profile), Source::Engagement));
    }
    Ok((None, Source::None))
}

#[derive(Serialize)]
struct JsonAnswer<'a> {
    #[serde(flatten)]
    answer: &'a Answer,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Vec<Explain<'a>>>,
}

/// How one match scored: BM25 per term and field, the pair bonus, the kind weight.
#[derive(Serialize)]
struct Explain<'a> {
    id: &'a str,
    score: f64,
    bm25: f64,
    pair_bonus: f64,
    kind_weight: f64,
    coverage: f64,
    /// Topic terms of the question this match lacks.
    missed: Vec<&'a str>,
    terms: &'a [TermScore],
    pairs: Vec<String>,
}

fn explain(m: &Match) -> Explain<'_> {
    let h: &Hit = &m.hit;
    Explain {
        id: &m.id,
        score: round(h.score),
        bm25: round(h.bm25),
        pair_bonus: round(h.pair_bonus),
        kind_weight: h.kind_weight,
        coverage: round(h.coverage),
        missed: h.missed.iter().map(|t| &**t).collect(),
        terms: &h.terms,
        pairs: h.pairs.iter().map(|(a, b)| format!("{a} {b}")).collect(),
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn verdict_text(out: &Out, v: Outcome) -> String {
    let s = match v {
        Outcome::InScope => style::GREEN,
        Outcome::Conditional => style::YELLOW,
        Outcome::OutOfScope => style::RED,
        Outcome::NotCovered => style::DIM,
    };
    out.paint(s.bold(), &v.as_str().to_uppercase()).into_owned()
}

fn verdict_cell(out: &Out, v: Outcome) -> Cell {
    let cell = Cell::new(v.as_str());
    if !out.color {
        return cell;
    }
    match v {
        Outcome::InScope => cell.fg(Color::Green),
        Outcome::Conditional => cell.fg(Color::Yellow),
        Outcome::OutOfScope => cell.fg(Color::Red),
        Outcome::NotCovered => cell.fg(Color::DarkGrey),
    }
}

fn render(out: &mut Out, a: &Answer, source: &Source, explain: bool) -> Result<()> {
    writeln!(
        out,
        "{}  {}",
        verdict_text(out, a.verdict),
        clean(&a.question)
    )?;
    // Prose wraps at words to the terminal (whole lines in a pipe).
    writeln!(out, "{}", crate::term::wrap(&a.answer, out.width, 0))?;
    writeln!(out)?;
    if a.verdict != Outcome::NotCovered {
        writeln!(out, "{}", field(out, "confidence", a.confidence.as_str()))?;
    }
    if !a.facts.is_empty() {
        writeln!(out, "{}", field(out, "facts read", &a.facts.join("; ")))?;
    }
    if !a.corrected.is_empty() {
        writeln!(out, "{}", field(out, "corrected", &a.corrected.join(", ")))?;
    }
    if !a.unknown_words.is_empty() && a.verdict != Outcome::NotCovered {
        writeln!(
            out,
            "{}",
            field(out, "not in the catalog", &a.unknown_words.join(", "))
        )?;
    }
    for c in &a.conditions {
        writeln!(out, "{}", field(out, "condition", c))?;
    }
    let profile = match (source, &a.profile) {
        (Source::Flags, Some(p)) => format!("{p} (from the flags)"),
        (Source::Engagement, Some(p)) => format!("{p} (from the engagement)"),
        _ => "none given: answered for every profile (--forests, --identity, ... to choose one)"
            .to_owned(),
    };
    writeln!(out, "{}", field(out, "profile", &profile))?;
    if !a.matches.is_empty() {
        writeln!(out)?;
        let label = if a.verdict == Outcome::NotCovered {
            "Closest entries (too weak to answer):"
        } else {
            "Matches, best first:"
        };
        writeln!(out, "{label}")?;
        // The source goes under the title: a column of its own does not fit 80 columns.
        let mut t = new_table(out, &["id (kind)", "verdict", "score", "title and source"]);
        for m in &a.matches {
            t.add_row(vec![
                Cell::new(format!("{}\n({})", m.id, m.kind)),
                verdict_cell(out, m.verdict),
                Cell::new(format!("{:.2}", m.score)).set_alignment(CellAlignment::Right),
                Cell::new(format!("{}\n{}", m.title, m.source)),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    if explain {
        writeln!(out)?;
        writeln!(
            out,
            "How the matches scored (BM25, k1 1.2, b 0.75; field weights title {} text {} keywords {} section {}):",
            crate::scope::rank::Field::Title.weight(),
            crate::scope::rank::Field::Text.weight(),
            crate::scope::rank::Field::Keywords.weight(),
            crate::scope::rank::Field::Context.weight(),
        )?;
        for m in &a.matches {
            let h = &m.hit;
            writeln!(
                out,
                "  {} {}: {:.2} = (bm25 {:.2} + pairs {:.2}) × {} weight {}; covers {:.0}% of the question",
                m.kind,
                m.id,
                h.score,
                h.bm25,
                h.pair_bonus,
                m.kind,
                h.kind_weight,
                h.coverage * 100.0
            )?;
            for t in &h.terms {
                let fields: Vec<String> =
                    t.fields.iter().map(|(f, n)| format!("{f}×{n}")).collect();
                writeln!(
                    out,
                    "    {:<18} idf {:>5.2}  in {:<28} +{:.2}",
                    clean(&t.term),
                    t.idf,
                    fields.join(" "),
                    t.contribution
                )?;
            }
            if !h.missed.is_empty() {
                writeln!(out, "    lacks the question's {}", h.missed.join(", "))?;
            }
            for (a, b) in &h.pairs {
                writeln!(out, "    pair \"{} {}\" side by side", clean(a), clean(b))?;
            }
        }
    }
    Ok(())
}

fn render_list(out: &mut Out, rules: &[RuleLine]) -> Result<()> {
    if rules.is_empty() {
        writeln!(out, "The catalog has no scope rules.")?;
        return Ok(());
    }
    // Grouped by verdict, exclusions first: what a consultant must not promise.
    for (v, heading) in [
        (Outcome::OutOfScope, "Out of scope"),
        (Outcome::Conditional, "Conditional"),
        (Outcome::InScope, "In scope"),
    ] {
        let group: Vec<&RuleLine> = rules.iter().filter(|r| r.verdict == v).collect();
        if group.is_empty() {
            continue;
        }
        writeln!(out, "{heading} ({}):", group.len())?;
        let mut t = new_table(out, &["id", "rule, condition and source"]);
        for r in group {
            let mut text = format!("{}\n{}", r.title, r.statement);
            if let Some(c) = &r.condition {
                text.push_str(&format!("\ncondition: {c}"));
            }
            text.push_str(&format!("\n{}", r.source));
            t.add_row(vec![Cell::new(&r.id), Cell::new(text)]);
        }
        writeln!(out, "{t}")?;
        writeln!(out)?;
    }
    let count = |v: Outcome| rules.iter().filter(|r| r.verdict == v).count();
    writeln!(
        out,
        "{} rules: {} in scope, {} conditional, {} out of scope",
        rules.len(),
        count(Outcome::InScope),
        count(Outcome::Conditional),
        count(Outcome::OutOfScope)
    )?;
    Ok(())
}
