//! The guide format: reading, checking and the model every other part uses.
//!
//! Data flows one way: files are parsed into [`raw`] structs that keep spans, [`check`] turns
//! them into a [`model::Guide`] while collecting [`diagnostic`]s, and nothing downstream ever
//! sees an unchecked reference.

pub mod check;
pub mod condition;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod preview;
pub mod raw;
pub mod readability;
pub mod routes;
pub mod source;
pub mod string_map;
pub mod suggest;
pub mod text;
pub mod unanswered;
pub mod value;

pub use check::CheckOptions;
pub use diagnostic::{Code, Diagnostic, Severity};
pub use load::{Loaded, load_path, load_static, load_str};
pub use model::{Guide, ItemId, Node, NodeId, NodeKind, ResourceId, SectionId};
pub use value::Value;
