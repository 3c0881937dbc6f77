//! The real binary run as people and editors run it: subcommands, exit codes and messages,
//! plain mode through pipes, the authoring commands, and the language server over stdio.
//!
//! - `authoring`: `new`, `test`, `paths`, `explain`, `graph`, `schema` and the documentation's
//!   examples.
//! - `commands`: `validate`, `export`, `list`, the guide library, completions, the manual page.
//! - `errors`: every way the command line can point at something that is not there.
//! - `plain`: plain mode with answers piped in, sessions saved and resumed.
//! - `lsp`: `guidepost lsp` through its JSON-RPC protocol.

#[allow(dead_code)] // each test crate uses part of what they share
#[path = "../support/mod.rs"]
mod support;

mod authoring;
mod commands;
mod errors;
mod lsp;
mod plain;
