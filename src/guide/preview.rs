//! The `[guide]` table read on its own.
//!
//! Parsing and checking a whole guide takes milliseconds (seconds for a very large one), but the
//! start screen needs only the title, summary, disclaimer and banner. Reading just the part of
//! the file up to the end of `[guide]` lets the interface draw the start screen at once while the
//! rest loads; the checked guide then replaces the preview before any key is handled.
//!
//! A preview is only ever a shortcut: when the part cannot be cut out cleanly or does not read as
//! a complete `[guide]` table, there is no preview and the caller waits for the full load, which
//! reports any problem in the usual way.

use toml::de::DeTable;

use super::model::Meta;
use super::raw;
use super::source::FileId;
use super::text::forbidden_char;

/// The guide's `[guide]` table as the start screen needs it, without its sources; `None` when
/// it cannot be read on its own (see the module documentation). `text` is the main file, or
/// only its beginning when `whole` is false (then the table must end within it).
pub fn meta(text: &str, whole: bool) -> Option<Meta> {
    let end = guide_table_end(text).filter(|&end| whole || end < text.len())?;
    // Cut at a line that merely looks like a table header (inside a multi-line string or array),
    // the part ends in an unclosed string or array and fails to parse: no preview, never a wrong one.
    let root = DeTable::parse(&text[..end]).ok()?;
    let mut diags = Vec::new();
    let file = raw::read_file(root.get_ref(), FileId(0), true, &mut diags);
    // Included files hold no `[guide]`, so a guide that includes others previews the same way.
    if !diags.is_empty() {
        return None;
    }
    let g = file.guide?;
    let text_of = |v: Option<raw::Sp<String>>| v.map(|s| s.v).filter(|s| forbidden_char(s).is_none());
    let title = text_of(g.title)?;
    let disclaimer = text_of(g.disclaimer)?;
    let id = g.id?.v;
    let summary = match g.summary {
        Some(s) => text_of(Some(s))?,
        None => String::new(),
    };
    // An optional text is kept only when it is clean; one that is not gives no preview at all.
    let optional = |v: Option<raw::Sp<String>>| -> Option<Option<String>> {
        match v {
            Some(s) => Some(Some(text_of(Some(s))?)),
            None => Some(None),
        }
    };
    let banner = optional(g.banner)?;
    let author = optional(g.author)?;
    let funding = optional(g.funding)?;
    let conflicts = optional(g.conflicts)?;
    let updates = optional(g.updates)?;
    let contact = optional(g.contact)?;
    Some(Meta {
        id,
        title,
        summary,
        language: g.language.map_or_else(|| "en".to_string(), |l| l.v),
        version: g.version.map(|v| v.v).unwrap_or_default(),
        reviewed: g.reviewed.map(|r| r.v),
        disclaimer,
        banner,
        target_grade: g.target_grade.map(|t| t.v),
        author,
        funding,
        conflicts,
        updates,
        contact,
        sources: Vec::new(),
    })
}

/// The `[guide] id` alone, for finding a guide by id among many files without loading each;
/// `None` when the table cannot be cut out and read (the file is then known by its name).
pub fn id(text: &str) -> Option<String> {
    let end = guide_table_end(text)?;
    let root = DeTable::parse(text.get(..end)?).ok()?;
    let (_, guide) = root.get_ref().iter().find(|(k, _)| k.get_ref() == "guide")?;
    let (_, id) = guide.get_ref().as_table()?.iter().find(|(k, _)| k.get_ref() == "id")?;
    id.get_ref().as_str().map(str::to_string)
}

/// Where the `[guide]` table's own keys end: the start of the next line that opens a table
/// (`[…]` or `[[…]]`), or the end of the text.
fn guide_table_end(text: &str) -> Option<usize> {
    let mut offset = 0;
    let mut in_guide = false;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if !trimmed.starts_with('[') {
            continue;
        }
        if in_guide {
            return Some(start);
        }
        let header = trimmed.split('#').next().unwrap_or("").trim_end();
        in_guide = header == "[guide]";
    }
    in_guide.then_some(text.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::guide::{CheckOptions, load_str};

    #[test]
    fn every_built_in_guide_previews_as_its_checked_meta() {
        for b in crate::builtin::BUILTINS {
            let checked = load_str(b.file, b.text, CheckOptions::default()).guide.unwrap().meta;
            let preview = meta(b.text, true).unwrap();
            assert_eq!(preview, Meta { sources: Vec::new(), ..checked }, "{}", b.file);
        }
    }

    const REST: &str = "\n[[guide.sources]]\ntitle = \"A source\"\n\n[nodes.start]\ntype = \"end\"\n";

    #[test]
    fn the_table_is_cut_at_the_next_header() {
        let text = format!("format = 1\n\n[guide] # the guide\nid = \"g\"\ntitle = \"T\"\ndisclaimer = \"D\"\n{REST}");
        let m = meta(&text, true).unwrap();
        assert_eq!((m.id.as_str(), m.title.as_str(), m.disclaimer.as_str()), ("g", "T", "D"));
        assert_eq!(m.banner, None);
        assert_eq!(m.language, "en");
    }

    #[test]
    fn a_header_inside_a_multi_line_string_gives_no_preview() {
        let text = format!(
            "format = 1\n[guide]\nid = \"g\"\ntitle = \"T\"\nsummary = \"\"\"\n[not a header]\n\"\"\"\ndisclaimer = \"D\"\n{REST}"
        );
        assert_eq!(meta(&text, true), None);
    }

    #[test]
    fn missing_or_unusable_tables_give_no_preview() {
        // No [guide] table at all, or written inline.
        assert_eq!(meta("format = 1\n[nodes.start]\ntype = \"end\"\n", true), None);
        assert_eq!(meta("format = 1\nguide = { id = \"g\", title = \"T\", disclaimer = \"D\" }\n", true), None);
        // Required keys missing, a wrong type, an unknown key, a control character.
        assert_eq!(meta("[guide]\nid = \"g\"\ndisclaimer = \"D\"\n", true), None);
        assert_eq!(meta("[guide]\nid = \"g\"\ntitle = 3\ndisclaimer = \"D\"\n", true), None);
        assert_eq!(meta("[guide]\nid = \"g\"\ntitel = \"T\"\ntitle = \"T\"\ndisclaimer = \"D\"\n", true), None);
        assert_eq!(meta("[guide]\nid = \"g\"\ntitle = \"T\\u001b[2J\"\ndisclaimer = \"D\"\n", true), None);
        // Not TOML at all.
        assert_eq!(meta("[guide]\nid = \n", true), None);
        assert_eq!(meta("", true), None);
    }

    #[test]
    fn the_beginning_of_a_file_previews_only_when_the_table_ends_within_it() {
        let text = format!("[guide]\nid = \"g\"\ntitle = \"T\"\ndisclaimer = \"D\"\nbanner = \"B\"\n{REST}");
        assert!(meta(&text, false).is_some());
        // Cut after the title: the rest of the table (the disclaimer, the banner) is unknown.
        let cut = text.find("disclaimer").unwrap();
        assert_eq!(meta(&text[..cut], false), None);
        let cut = text.find("banner").unwrap();
        assert_eq!(meta(&text[..cut], false), None);
    }

    #[test]
    fn a_guide_that_includes_other_files_previews_from_its_main_file() {
        let m = meta("[guide]\nid = \"g\"\ntitle = \"T\"\ndisclaimer = \"D\"\ninclude = [\"more.toml\"]\n", true);
        assert_eq!(m.map(|m| m.title), Some("T".to_string()));
    }

    #[test]
    fn the_disclosure_keys_preview_as_they_load() {
        let text = "format = 1\n[guide]\nid = \"g\"\ntitle = \"T\"\nstart = \"end\"\ndisclaimer = \"D\"\n\
                    reviewed = 2026-11-01\nauthor = \"The **team**\"\nfunding = \"No one\"\nconflicts = \"None\"\n\
                    updates = \"Every six months\"\ncontact = \"[Write to us](mailto:a@example.org)\"\n\
                    [nodes.end]\ntype = \"end\"\n";
        let checked = load_str("g.toml", text, CheckOptions::default()).guide.unwrap().meta;
        let preview = meta(text, true).unwrap();
        assert_eq!(preview.author.as_deref(), Some("The **team**"));
        assert_eq!(preview, Meta { sources: Vec::new(), ..checked });
        // A control character in any of them gives no preview, as for the title.
        assert_eq!(meta(&text.replace("No one", "No\\u001b[2J one"), true), None);
    }

    #[test]
    fn the_id_is_read_even_when_the_rest_of_the_table_is_wrong() {
        assert_eq!(
            id("format = 1\n[guide]\nid = \"g\"\ntitel = 3\n[nodes.start]\ntype = \"end\"\n").as_deref(),
            Some("g")
        );
        assert_eq!(id("[guide]\ntitle = \"T\"\n"), None);
        assert_eq!(id("[guide]\nid = 3\n"), None);
        assert_eq!(id("[nodes.start]\ntype = \"end\"\n"), None);
        assert_eq!(id("[guide]\nid = \"g\n"), None);
    }

    #[test]
    fn a_guide_table_that_ends_the_file_is_read_whole() {
        let m = meta("format = 1\n[guide]\nid = \"g\"\ntitle = \"T\"\ndisclaimer = \"D\"\nbanner = \"Call 988\"", true)
            .unwrap();
        assert_eq!(m.banner.as_deref(), Some("Call 988"));
    }
}
