//! Where a catalog comes from: the pre-digested copy built into the binary, or a file.

use super::digest::{Problem, digest};
use super::model::Catalog;
use super::parse::{MAX_CATALOG_BYTES, parse};
use crate::error::Detailed;
use anyhow::{Context, Result};
use std::io::Read;
use std::path::Path;

/// The catalog built into the binary, as Rust data that `build.rs` wrote out digested and
/// checked: every string and list of it is a borrow of the binary.
static EMBEDDED: Catalog = {
    use super::model::*;
    use std::borrow::Cow::Borrowed;
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"))
};

/// The catalog built into the binary (checked when the binary was built). Nothing to decode:
/// the copy shares every string and list with the binary.
pub fn embedded() -> Catalog {
    EMBEDDED.clone()
}

/// Whether `catalog` is the embedded one unchanged: everything the scope index is built from
/// (rules, items, sections, synonyms) still borrows the embedded lists. A copy changed, or a
/// file with the same text, is not (and gets its scope index built at run time).
pub fn is_embedded(catalog: &Catalog) -> bool {
    fn same<T: Clone>(a: &[T], b: &[T]) -> bool {
        std::ptr::eq(a, b)
    }
    same(&catalog.rules, &EMBEDDED.rules)
        && same(&catalog.items, &EMBEDDED.items)
        && same(&catalog.sections, &EMBEDDED.sections)
        && same(&catalog.synonyms, &EMBEDDED.synonyms)
}

/// Reads, parses and checks a catalog file. Every problem found is in the error's details.
pub fn load_file(path: &Path) -> Result<Catalog> {
    let text = read_capped(path)?;
    check_text(path, &text)
}

/// Parses and checks catalog text read from `path`.
pub fn check_text(path: &Path, text: &str) -> Result<Catalog> {
    let file = parse(text).map_err(|p| problems(path, vec![p]))?;
    let catalog = digest(file, text).map_err(|list| problems(path, list))?;
    let found = control_characters(&catalog);
    if !found.is_empty() {
        return Err(problems(path, found));
    }
    Ok(catalog)
}

/// Every catalog string holding a control character (ESC, BEL, ... ; line breaks and tabs are
/// text): a catalog's ids and titles reach the terminal, where such characters are commands.
fn control_characters(catalog: &Catalog) -> Vec<Problem> {
    fn walk(v: &serde_json::Value, at: &mut String, out: &mut Vec<Problem>) {
        match v {
            serde_json::Value::String(s) => {
                if let Some(c) = s
                    .chars()
                    .find(|&c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
                {
                    out.push(Problem {
                        line: None,
                        column: None,
                        message: format!(
                            "{at}: control character U+{:04X} in the text; remove it",
                            u32::from(c)
                        ),
                    });
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = at.len();
                    at.push_str(&format!("[{i}]"));
                    walk(item, at, out);
                    at.truncate(len);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    let len = at.len();
                    if !at.is_empty() {
                        at.push('.');
                    }
                    at.push_str(k);
                    walk(item, at, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(catalog) {
        walk(&v, &mut String::new(), &mut out);
    }
    out
}

fn problems(path: &Path, list: Vec<Problem>) -> anyhow::Error {
    let shown = path.display();
    let message = match list.as_slice() {
        [one] => format!("invalid catalog {shown}: {one}"),
        many => format!("invalid catalog {shown}: {} problems", many.len()),
    };
    let details = if list.len() > 1 {
        list.iter().map(|p| format!("{shown}: {p}")).collect()
    } else {
        Vec::new()
    };
    anyhow::Error::new(Detailed { message, details })
}

/// Reads at most the catalog size cap (plus one byte to notice a larger file), as UTF-8.
fn read_capped(path: &Path) -> Result<String> {
    let shown = path.display();
    // A pipe would block the open for ever, a device never ends: only a regular file is read.
    if let Ok(meta) = std::fs::metadata(path) {
        crate::files::require_regular(path, &meta)?;
    }
    let file = std::fs::File::open(path).with_context(|| format!("cannot open catalog {shown}"))?;
    crate::files::require_regular(
        path,
        &file
            .metadata()
            .with_context(|| format!("cannot inspect catalog {shown}"))?,
    )?;
    let mut bytes = Vec::new();
    file.take(MAX_CATALOG_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read catalog {shown}"))?;
    if bytes.len() > MAX_CATALOG_BYTES {
        anyhow::bail!(
            "invalid catalog {shown}: larger than the {} MiB limit for a catalog; is this the right file?",
            MAX_CATALOG_BYTES / (1024 * 1024)
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        anyhow::anyhow!("invalid catalog {shown}: line {line}: not UTF-8 text")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `embedded()` copies no string or list: they all stay in the binary.
    #[test]
    fn the_embedded_catalog_is_borrowed_from_the_binary() {
        use std::borrow::Cow;
        let c = embedded();
        assert!(std::ptr::eq(&*c.items, &*EMBEDDED.items));
        assert!(std::ptr::eq(&*c.rules, &*EMBEDDED.rules));
        let borrowed = |t: &crate::catalog::Text| matches!(t.0, Cow::Borrowed(_));
        assert!(c.items.iter().all(|i| {
            borrowed(&i.id) && borrowed(&i.title) && matches!(i.keywords.0, Cow::Borrowed(_))
        }));
        assert!(c.synonyms.iter().flatten().all(borrowed));
    }

    /// The same catalog read from its file (owning its strings) equals the embedded one
    /// (borrowing them): the data `build.rs` writes out is the digested catalog, exactly.
    #[test]
    fn a_catalog_file_gives_the_same_catalog() {
        let text = include_str!("../../catalog/ems.yaml");
        let from_file = check_text(Path::new("ems.yaml"), text).unwrap();
        assert_eq!(from_file, embedded());
    }
}
