//! Reports: the row models every view is built from, and their renderers.

pub mod chart;
pub mod csv;
pub mod export;
pub mod history;
pub mod html;
pub mod json;
pub mod markdown;
pub mod progress;
pub mod rows;
pub mod summary;
pub mod table;
pub mod xlsx;
