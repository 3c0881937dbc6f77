//! Author-written text: interpolation, light markup, glossary terms and terminal safety.
//!
//! Titles, labels, body text and checklist items all go through here, so a guide author learns
//! one small language and every screen, export and error message treats it the same way.
//!
//! The folder, one concern a file:
//!
//! * `template`: `{name|filter}` slots, parsed at load time and filled in at display time;
//! * `filters`: what may follow `|` in a slot (`money`, `count:one:other`, `or:`), in one table;
//! * `markup`: paragraphs, `- ` lists, `**bold**`, `*emphasis*` and `[links](target)`;
//! * `glossary`: finding glossary terms in text, for marking them on screen;
//! * `safety`: characters an author may not use, invisible characters, and making any string
//!   safe to print on a terminal.
//!
//! The rules, in the order a piece of text meets them:
//!
//! * **Load time.** [`forbidden_char`] refuses control characters and bidi overrides, because
//!   they can rewrite what a terminal shows. [`parse_template`] reports broken `{…}` slots with an
//!   exact span, and [`link_targets`] hands every link target to the loader so unknown resources
//!   and bad URLs are caught before anyone reads the guide.
//! * **Display time.** [`render_markup`] parses the *raw* source into blocks and only then fills
//!   in answers, so an answer can never inject markup. Nothing at display time fails: a broken
//!   template shows its source, unmatched `*` or `[` show as themselves.
//! * **Output.** [`sanitize`] and [`sanitize_line`] make any string (answers come from people and
//!   session files, not only from the checked guide) safe to print.
//!
//! Everything runs on every frame, so every function here is linear in its input (up to a factor
//! for the number of glossary terms) and nothing recurses.

mod filters;
mod glossary;
mod markup;
mod safety;
mod template;

pub use filters::{Filter, money};
pub use glossary::{TermFinder, find_terms};
pub use markup::{Block, Inline, LinkTarget, link_targets, parse_markup, render_markup, to_plain};
pub use safety::{
    Misplaced, article, describe_char, first_invisible, forbidden_char, is_invisible, misplaced_invisible, sanitize,
    sanitize_line,
};
pub use template::{NOT_ANSWERED, Part, Slot, Template, TextError, interpolate, parse_template};

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
