//! JSON export: one document with the header and the rows, the stable machine format
//! (fields documented in the README, "The JSON document"; `version` is raised when one changes meaning).

use crate::report::export::{Export, ExportHeader, JSON_VERSION, Row};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    header: &'a ExportHeader,
    items: &'a [Row],
}

/// Writes `e` as pretty JSON and a newline.
pub fn write(e: &Export, mut w: impl Write) -> anyhow::Result<()> {
    let doc = Document {
        format: "fasttrack-export",
        version: JSON_VERSION,
        header: &e.header,
        items: &e.items,
    };
    serde_json::to_writer_pretty(&mut w, &doc)?;
    w.write_all(b"\n")?;
    Ok(())
}
