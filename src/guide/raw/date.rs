//! Calendar dates as TOML writes them (`reviewed = 2026-11-27`): the one [`Date`] of
//! [`crate::date`], named here for the structs that hold them.

pub use crate::date::Date;
