//! The library without a terminal: guides loaded and checked, sessions walked, checklists
//! exported, sessions saved, and input written to break all of it.
//!
//! - `invalid`: one broken guide per diagnostic, its whole message snapshotted.
//! - `shipped`: the guides in `guides/` are clean and pass their own scenarios.
//! - `session`: walking, going back, progress, "why was I asked this?".
//! - `exports`: every export format, snapshotted.
//! - `plain`: plain mode driven through the library with typed lines.
//! - `store`: saved sessions and the files that cannot be used.
//! - `hostile`, `properties`, `robustness`: hostile input and generated guides and answers.

#[allow(dead_code)] // each test crate uses part of what they share
#[path = "../support/mod.rs"]
mod support;

mod exports;
mod hostile;
mod invalid;
mod plain;
mod properties;
mod robustness;
mod session;
mod shipped;
mod store;
