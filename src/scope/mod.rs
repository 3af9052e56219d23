//! `fasttrack scope`: is this in scope? The catalog's rules and items ranked against a
//! customer's question (`index`), then turned into a verdict with its source (`answer`).

pub mod answer;
pub mod index;

pub use answer::{Answer, Outcome, answer, list};
pub use index::ScopeIndex;
