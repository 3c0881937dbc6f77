//! The file as written: plain structs that mirror the TOML, every value with its span.
//!
//! Reading never stops at the first problem. Unknown keys, missing keys and wrong types are all
//! collected as diagnostics, and whatever could be read is kept, so the checks that follow can
//! report the rest of the file's problems in the same run.
//!
//! - [`spanned`]: [`Sp`], a value with the place it was written, and [`InnerSpans`], the place of
//!   characters inside a string.
//! - [`date`]: [`Date`], the calendar dates TOML writes bare.
//! - [`tables`]: one struct per table (`RawFile`, `RawNode`, `RawItem`, …).
//! - [`keys`]: the keys each table allows and the node types ([`NODE_TYPES`], [`node_keys`]);
//!   the reader and the language server both use these lists.
//! - `describe`: how readers and checks name the subject of a message, lazily.
//! - `scalars`: one TOML value as a number, and the words for a wrong type.
//! - `reader`: reading one key of a table as the expected type.
//! - `file`: reading a whole file table by table ([`read_file`], [`read_answers`]).

pub mod date;
mod describe;
mod file;
pub mod keys;
mod reader;
mod scalars;
pub mod spanned;
pub mod tables;

pub use date::Date;
pub(crate) use describe::Describe;
pub use file::{read_answers, read_file};
pub use keys::{
    CELL_KEYS, GUIDE_KEYS, ITEM_KEYS, NODE_COMMON_KEYS, NODE_TYPES, OPTION_KEYS, RESOURCE_KEYS, ROW_KEYS, RULE_KEYS,
    SECTION_KEYS, SOURCE_KEYS, TEST_KEYS, TOP_KEYS, node_keys,
};
pub use scalars::MAX_NUMBER;
pub use spanned::{InnerSpans, Sp, inner_span};
pub use tables::{
    RawCell, RawFile, RawItem, RawMeta, RawNode, RawOption, RawResource, RawRow, RawRule, RawSection, RawSource,
    RawTest,
};
