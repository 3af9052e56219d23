//! Ids as users type them: the exact id, a former id (alias), a unique prefix, or a unique last
//! segment (`mdm-authority` for `intune.mdm-authority`). Anything else is an error that names
//! the input and suggests up to three close ids.

use crate::catalog::Index;
use crate::term::clean;
use anyhow::{Result, bail};

/// The catalog index of the item `input` names.
pub fn resolve(index: &Index, input: &str) -> Result<usize> {
    if let Some(i) = index.item_index(input) {
        return Ok(i);
    }
    let wanted = input.trim().to_ascii_lowercase();
    if let Some(i) = index.item_index(&wanted) {
        return Ok(i);
    }
    let items = &index.catalog.items;
    let suffix = format!(".{wanted}");
    let by_segment: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].id.ends_with(&suffix))
        .collect();
    if by_segment.len() == 1 {
        return Ok(by_segment[0]);
    }
    let by_prefix: Vec<usize> = if wanted.is_empty() {
        Vec::new()
    } else {
        (0..items.len())
            .filter(|&i| items[i].id.starts_with(&wanted))
            .collect()
    };
    if by_prefix.len() == 1 {
        return Ok(by_prefix[0]);
    }
    let shown = clean(input);
    let several = if by_segment.len() > 1 {
        by_segment
    } else {
        by_prefix
    };
    if several.len() > 1 {
        let names: Vec<&str> = several
            .iter()
            .take(5)
            .map(|&i| items[i].id.as_str())
            .collect();
        let more = if several.len() > 5 {
            format!(" and {} more", several.len() - 5)
        } else {
            String::new()
        };
        bail!(
            "ambiguous id {shown:?}: it matches {}{more}; type more of it",
            names.join(", ")
        );
    }
    let hints = suggest(index, &wanted);
    if hints.is_empty() {
        bail!("unknown item {shown:?}: see `fasttrack items --all` for the ids");
    }
    bail!("unknown item {shown:?}: did you mean {}?", hints.join(", "))
}

/// The catalog indexes of every id in `inputs`, each once, in the order given. The first id
/// that does not resolve is the error, so a command checks all of them before writing any.
pub fn resolve_all(index: &Index, inputs: &[String]) -> Result<Vec<usize>> {
    let mut out: Vec<usize> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let i = resolve(index, input)?;
        if !out.contains(&i) {
            out.push(i);
        }
    }
    Ok(out)
}

/// Up to three ids close to `input`, best first.
pub fn suggest(index: &Index, input: &str) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = index
        .catalog
        .items
        .iter()
        .map(|item| {
            let last = item.id.rsplit('.').next().unwrap_or(&item.id);
            let score =
                strsim::jaro_winkler(input, &item.id).max(strsim::jaro_winkler(input, last));
            (score, item.id.as_str())
        })
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, id)| id.to_owned())
        .collect()
}
