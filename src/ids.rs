//! Ids as users type them: the exact id, a former id (alias), a unique prefix, or a unique last
//! segment (`connect-health` for `aadp-connect.connect-health`). An input that several ids
//! share is an error that lists them with their titles; anything else is an error that names
//! the input and suggests up to three close ids.

use crate::catalog::Index;
use crate::error::Detailed;
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
        const SHOWN: usize = 10;
        let width = several
            .iter()
            .take(SHOWN)
            .map(|&i| items[i].id.chars().count())
            .max()
            .unwrap_or(0);
        let mut choices: Vec<String> = several
            .iter()
            .take(SHOWN)
            .map(|&i| {
                let item = &items[i];
                match index.section(&item.section) {
                    Some(s) => format!(
                        "{:<width$}  {} ({})",
                        item.id.as_str(),
                        item.title.as_str(),
                        s.name.as_str()
                    ),
                    None => format!("{:<width$}  {}", item.id.as_str(), item.title.as_str()),
                }
            })
            .collect();
        if several.len() > SHOWN {
            choices.push(format!("… and {} more", several.len() - SHOWN));
        }
        return Err(anyhow::Error::new(Detailed {
            message: format!(
                "ambiguous id {shown:?}: {} items match it; type one of these ids (or more of it)",
                several.len()
            ),
            details: choices,
        }));
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
