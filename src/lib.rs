//! guidepost walks a person through a decision, one keyboard-driven question at a time, and hands
//! them a personalized checklist at the end. The questions are a tree authored in TOML.
//!
//! The map of the crate, in the direction data flows:
//! - [`guide`]: the format. Files are read into raw structs with spans, checked into a
//!   [`guide::Guide`] that cannot hold a dangling reference, with diagnostics for people.
//! - [`engine`]: a [`engine::Session`] walks a guide (answer, back, jump and change), computes
//!   progress and why each question was asked, and builds the personalized checklist.
//! - [`export`]: the checklist as Markdown, plain text, JSON or HTML.
//! - [`plain`]: the guide as plain lines for screen readers, dumb terminals and pipes.
//! - [`library`]: guides found by id in the folders a person keeps them in, after the built-in ones.
//! - [`store`]: saved sessions, written after every answer and replayed on resume.
//! - [`search`]: fuzzy search over questions, options, checklist items, resources and terms.
//! - [`tui`]: the interactive terminal interface (the only module that knows about terminals).
//! - [`lsp`]: the language server, so editors show the checks, completion and navigation.
//! - [`cli`]: the subcommands, each a thin call into the library.
//! - [`read`], [`write`](mod@write), [`hash`], [`thousands`], [`wrap`], [`parallel`]: one home each for
//!   reading files within limits, writing them atomically, stable digests, grouped digits, word
//!   wrapping and work spread over the machine's cores.
//!
//! Nothing outside the terminal layer knows about terminals.

pub mod authoring;
pub mod builtin;
pub mod cli;
pub mod date;
pub mod engine;
pub mod export;
pub mod generate;
pub mod guide;
pub mod hash;
pub mod library;
pub mod lsp;
pub mod parallel;
pub mod plain;
pub mod read;
pub mod search;
pub mod store;
pub mod thousands;
pub mod tui;
pub mod wrap;
pub mod write;
