//! The integration tests: one binary, a module per area, each running the real `fasttrack`.

mod harness;

mod catalog;
mod engagement;
mod export;
mod native;
mod reliability;
mod scope;
mod sources;
mod team;
