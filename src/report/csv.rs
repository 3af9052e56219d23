//! CSV export (the csv crate: a header row, RFC 4180 quoting). Any cell a spreadsheet could
//! take for a formula is neutralised with a leading `'`.

use crate::report::export::{Export, cell, columns};
use std::borrow::Cow;
use std::io::Write;

/// Writes the item table of `e` as CSV.
pub fn write(e: &Export, w: impl Write) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    let columns = columns(e.action_plan());
    out.write_record(columns.iter().map(|c| c.title()))?;
    for r in &e.items {
        let record: Vec<Cow<'_, str>> = columns.iter().map(|&c| defuse(cell(r, c))).collect();
        out.write_record(record.iter().map(|c| c.as_bytes()))?;
    }
    out.flush()?;
    Ok(())
}

/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, prefixed with `'`
/// so that Excel, LibreOffice and Google Sheets show it as text instead of running it.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_neutralised() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(defuse(bad), format!("'{bad}"));
        }
        for fine in ["", "plain", " =not a formula", "'quoted", "a=b"] {
            assert_eq!(defuse(fine), fine);
        }
    }
}
