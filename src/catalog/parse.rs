//! Read catalog YAML safely: a size cap before parsing, no anchors or aliases, a nesting limit
//! and an event budget, so a hostile file fails fast instead of eating memory or the stack.
//!
//! Shared with `build.rs`, so it uses only `std`, `serde-saphyr` and the catalog's own types.

use super::digest::Problem;
use super::model::CatalogFile;

/// A catalog file larger than this is refused before parsing (the real one is ~60 KB).
pub const MAX_CATALOG_BYTES: usize = 4 * 1024 * 1024;

/// Parses catalog YAML into its file form; the error names the line and column.
pub fn parse(text: &str) -> Result<CatalogFile, Problem> {
    if text.len() > MAX_CATALOG_BYTES {
        return Err(Problem {
            line: None,
            column: None,
            message: format!(
                "file is {} bytes, over the {} byte limit for a catalog",
                text.len(),
                MAX_CATALOG_BYTES
            ),
        });
    }
    let mut budget = serde_saphyr::Budget::default();
    budget.max_aliases = 0;
    budget.max_anchors = 0;
    budget.max_depth = 32;
    budget.flow_nesting_limit = 32;
    budget.max_events = 500_000;
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options::<CatalogFile>(text, options).map_err(|e| {
        let line = e.location().map(|l| l.line() as usize).filter(|&l| l > 0);
        let column = e
            .location()
            .map(|l| l.column() as usize)
            .filter(|&c| c > 0 && line.is_some());
        let text = e.without_snippet().to_string();
        let mut message = one_line(&text);
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        if message.contains("budget breached: Anchors")
            || message.contains("budget breached: Aliases")
        {
            message = "YAML anchors and aliases (&name, *name) are not allowed in a catalog".into();
        } else if message.contains("budget breached") || message.contains("recursion limit") {
            message = format!("too large or too deeply nested for a catalog ({message})");
        }
        Problem {
            line,
            column,
            message,
        }
    })
}

/// The parser's message, folded onto one line without its own location prefix.
fn one_line(text: &str) -> String {
    let mut out = String::new();
    for part in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(part);
    }
    out
}
