//! Tools for people who write guides: a starter file, scenario coverage, long explanations of
//! every diagnostic, drawings of the tree, a JSON Schema for editors, watching files for changes
//! and starting a walk at any node.
//!
//! Everything here is library code the `new`, `test`, `paths`, `explain`, `graph` and `schema`
//! subcommands (and the TUI's `--watch` and `--start-at`) call into; nothing prints.

pub mod coverage;
pub mod diagram;
pub mod explain;
pub mod propose;
pub mod start_at;
pub mod starter;
pub mod watch;

pub use start_at::start_at;

/// The JSON Schema (draft 2020-12) of guide format 1, for editors and TOML language servers.
pub const SCHEMA: &str = include_str!("schema.json");
