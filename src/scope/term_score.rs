//! Scope questions, how one word of a question scored in one document: shared, not copied,
//! so a long question's hundred-odd matches cost no allocation per word.

use super::Field;
use serde::{Serialize, Serializer};
use std::rc::Rc;

/// A word of the question, shared by every match that has it (see `ScopeIndex::search`).
pub type Word = Rc<str>;

/// How one query term scored in one document.
#[derive(Debug, Clone, Serialize)]
pub struct TermScore {
    #[serde(serialize_with = "word")]
    pub term: Word,
    pub idf: f64,
    /// (field, occurrences) where the term was found.
    pub fields: Fields,
    pub contribution: f64,
}

/// A term's occurrences per field (in `Field::ALL` order), written out as its (field,
/// occurrences) pairs where it occurs.
#[derive(Debug, Clone, Copy)]
pub struct Fields(pub [u16; 4]);

impl Fields {
    /// (field, occurrences) where the term occurs.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, u16)> + '_ {
        Field::ALL
            .iter()
            .zip(self.0)
            .filter(|(_, n)| *n > 0)
            .map(|(f, n)| (f.as_str(), n))
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

fn word<S: Serializer>(w: &Word, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(w)
}

/// Whether `term` is one of `list`.
pub fn listed(list: &[String], term: &str) -> bool {
    list.iter().any(|w| w == term)
}
