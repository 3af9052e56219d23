//! The catalog: FastTrack's phases, items and scope rules. The data is `catalog/ems.yaml`,
//! checked and pre-digested at build time; `--catalog FILE` swaps in another one.

pub mod digest;
pub mod lint;
pub mod load;
pub mod model;
pub mod names;
pub mod parse;
mod when;

pub use load::{embedded, load_file};
pub use model::*;

use std::collections::HashMap;

/// A catalog with its lookup tables.
pub struct Index {
    pub catalog: Catalog,
    by_id: HashMap<Text, usize>,
    by_alias: HashMap<Text, usize>,
    rules_by_id: HashMap<Text, usize>,
}

impl Index {
    pub fn new(catalog: Catalog) -> Index {
        let mut by_id = HashMap::with_capacity(catalog.items.len());
        let mut by_alias = HashMap::new();
        for (i, item) in catalog.items.iter().enumerate() {
            by_id.insert(item.id.clone(), i);
            for a in &item.aliases {
                by_alias.insert(a.clone(), i);
            }
        }
        let mut rules_by_id = HashMap::with_capacity(catalog.rules.len());
        for (i, rule) in catalog.rules.iter().enumerate() {
            rules_by_id.insert(rule.id.clone(), i);
            for a in &rule.aliases {
                rules_by_id.insert(a.clone(), i);
            }
        }
        Index {
            catalog,
            by_id,
            by_alias,
            rules_by_id,
        }
    }

    /// The item with this id or former id.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.by_id
            .get(id)
            .or_else(|| self.by_alias.get(id))
            .copied()
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.item_index(id).map(|i| &self.catalog.items[i])
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules_by_id.get(id).map(|&i| &self.catalog.rules[i])
    }

    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.catalog.phases.iter().find(|p| p.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.catalog.sections.iter().find(|s| s.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.catalog.header.sources.iter().find(|s| s.id == id)
    }

    /// The public address of the document `src` cites, when the catalog gives one.
    pub fn source_url(&self, src: &SourceRef) -> Option<&str> {
        self.source(&src.doc).and_then(|d| d.url.as_deref())
    }

    /// "FastTrack responsibilities › Enable phase - Intune (2018-12-04)".
    pub fn cite(&self, src: &SourceRef) -> String {
        match self.source(&src.doc) {
            Some(doc) => match &doc.date {
                Some(date) => format!("{} › {} ({date})", doc.title, src.heading),
                None => format!("{} › {}", doc.title, src.heading),
            },
            None => format!("{} › {}", src.doc, src.heading),
        }
    }
}
