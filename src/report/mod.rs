//! Reports: the row models every view is built from, and their renderers.

pub mod export;
pub mod rows;
pub mod table;
