//! The interactive interface: screens drawn into ratatui's `TestBackend` and snapshotted, and the
//! real binary in a pseudo-terminal.
//!
//! - `screens`, `interface`: key strings in, frames out, at several sizes and themes.
//! - `pty`: the binary in a pseudo-terminal; the terminal is always restored.
//! - `signals`: termination signals caught while the interface starts.

#[allow(dead_code)] // each test crate uses part of what they share
#[path = "../support/mod.rs"]
mod support;

mod interface;
mod pty;
mod screens;
mod signals;
