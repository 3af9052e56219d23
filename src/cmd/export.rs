//! `fasttrack export`: the progress table (or the action plan) as CSV, Markdown, JSON, HTML or
//! Excel, to standard output or atomically to a file.

use super::Invocation;
use crate::cli::{ExportArgs, ExportFormat};
use crate::engagement::Engagement;
use crate::error::usage;
use crate::report::export::{self, View};
use crate::report::rows::{item_rows, status_report};
use crate::report::{csv, html, json, markdown, xlsx};
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: &mut Invocation, args: ExportArgs) -> Result<ExitCode> {
    if args.format == ExportFormat::Xlsx && args.output.is_none() {
        return Err(usage(
            "--format xlsx writes a binary file: give one with -o FILE (e.g. -o contoso.xlsx)",
        ));
    }
    if args.force && args.output.is_none() {
        return Err(usage(
            "--force replaces the file given with -o; there is none",
        ));
    }
    let index = ctx.index()?;
    let filter = crate::args::item_filter(&index, &args.filters)?;
    let loaded = ctx.read(&index)?;
    let e = Engagement::replay(&index, loaded);
    let rows = item_rows(&e);
    let report = status_report(&e, &rows);
    let view = if args.open {
        View::ActionPlan
    } else {
        View::Items
    };
    // Replaying the journal day by day is for the chart and the JSON only.
    let progress = match args.format {
        ExportFormat::Html | ExportFormat::Json => crate::report::progress::series(&e),
        _ => Vec::new(),
    };
    let doc = export::build(&report, progress, &rows, &filter, view, chrono::Utc::now());
    let mut doc = doc;
    (doc.header.sources, doc.header.documented) = export::sources(&index.catalog.header);
    let bytes = render(&doc, args.format)?;
    match &args.output {
        Some(path) => {
            if crate::journal::format::is_journal_file(path) {
                anyhow::bail!(
                    "{} is a fasttrack journal; an export never replaces one, even with --force: choose another name",
                    path.display()
                );
            }
            crate::atomic::write(path, &bytes, args.force)?;
            eprintln!(
                "Wrote {} ({} item{}) to {}",
                format_name(args.format),
                doc.items.len(),
                if doc.items.len() == 1 { "" } else { "s" },
                path.display()
            );
        }
        None => ctx.out.write_all(&crate::term::clean_document(&bytes))?,
    }
    super::leave_to_exit((bytes, doc, report, rows, e));
    super::leave_to_exit(index);
    Ok(ExitCode::SUCCESS)
}

fn render(doc: &export::Export, format: ExportFormat) -> Result<Vec<u8>> {
    Ok(match format {
        ExportFormat::Csv => {
            let mut buf = Vec::new();
            csv::write(doc, &mut buf).context("cannot write the CSV")?;
            buf
        }
        ExportFormat::Markdown => markdown::render(doc).into_bytes(),
        ExportFormat::Json => {
            let mut buf = Vec::new();
            json::write(doc, &mut buf)?;
            buf
        }
        ExportFormat::Html => html::render(doc).into_bytes(),
        ExportFormat::Xlsx => xlsx::render(doc).context("cannot build the workbook")?,
    })
}

fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Csv => "CSV",
        ExportFormat::Markdown => "Markdown",
        ExportFormat::Json => "JSON",
        ExportFormat::Html => "HTML",
        ExportFormat::Xlsx => "Excel",
    }
}
