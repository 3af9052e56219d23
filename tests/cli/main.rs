//! The integration tests: one binary, a module per area, each running the real `fasttrack`.

mod harness;

mod adversarial;
mod catalog;
mod engagement;
mod export;
mod firsthour;
mod help;
mod native;
mod reliability;
mod report;
mod scope;
mod sources;
mod tables;
mod team;
mod trust;
mod windows;
