//! Text a person will read: no control or misplaced invisible characters, `{name}` slots that
//! name an answer or a value, links that lead somewhere, and no private answer in the checklist.

use super::Checker;
use super::links::{is_safe_url, link_help};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::raw::InnerSpans;
use crate::guide::raw::{Describe, Sp};
use crate::guide::suggest::closest;
use crate::guide::text::{self, LinkTarget};

impl Checker<'_> {
    /// Warns when checklist text would print a private answer (W0111).
    pub(super) fn private_slots(&mut self, sp: &Sp<String>, what: impl Describe + Copy) {
        if self.private_vars.is_empty() || !sp.v.contains('{') {
            return;
        }
        let Ok(t) = text::parse_template(&sp.v) else { return };
        let place = InnerSpans::new(self.sources, sp);
        for slot in t.slots() {
            if !self.private_vars.contains(&slot.name) {
                continue;
            }
            let d = Diagnostic::new(
                Code::PrivateInChecklist,
                sp.file,
                place.span(slot.span.clone()),
                format!("{}: `{{{}}}` fills in the answer to a private question", what.describe(), slot.name),
            )
            .label("a private answer")
            .help("private answers are left out of saved checklists unless the person includes them; word the item without the answer, or use a `when` on it instead");
            self.push(d);
        }
    }

    /// Checks text a person will read: no control characters, valid `{...}`, known names, valid links.
    pub(super) fn text(&mut self, sp: &Sp<String>, what: impl Describe + Copy, markup: bool) {
        let place = InnerSpans::new(self.sources, sp);
        if let Some((at, c)) = text::forbidden_char(&sp.v) {
            let span = place.span(at..at + c.len_utf8());
            let name = text::describe_char(c);
            let d = Diagnostic::new(
                Code::ControlCharacter,
                sp.file,
                span,
                format!("{} contains {} {name}", what.describe(), text::article(&name)),
            )
                .label("not allowed in guide text")
                .help("remove it; only newlines and tabs may appear in text (for a line break, use a new line in a \"\"\"multi-line string\"\"\")");
            self.push(d);
            return;
        }
        if let Some((at, c, beside)) = text::misplaced_invisible(&sp.v) {
            let name = text::describe_char(c);
            let at_where = match beside {
                text::Misplaced::Start => "at its start".to_string(),
                text::Misplaced::End => "at its end".to_string(),
                text::Misplaced::Beside(n) if n.is_whitespace() || text::is_invisible(n) => {
                    format!("next to {}", text::describe_char(n))
                }
                text::Misplaced::Beside(n) => format!("next to `{n}`"),
            };
            let d = Diagnostic::new(
                Code::ControlCharacter,
                sp.file,
                place.span(at..at + c.len_utf8()),
                format!("{} has an invisible {name} {at_where}", what.describe()),
            )
            .label("invisible here")
            .help("remove it; invisible characters belong only inside words and emoji of scripts that need them, such as a zero-width joiner in Devanagari or in an emoji sequence");
            self.push(d);
            return;
        }
        // Most text has no `{…}` and no links: nothing more to check.
        let has_slots = sp.v.contains('{') || sp.v.contains('}');
        match if has_slots { text::parse_template(&sp.v) } else { Ok(text::Template::default()) } {
            Err(e) => {
                let d = Diagnostic::new(
                    Code::TextSyntax,
                    sp.file,
                    place.span(e.span.clone()),
                    format!("{}: {}", what.describe(), e.message),
                )
                .label(e.label)
                .maybe_help(e.help);
                self.push(d);
            }
            Ok(t) => {
                for slot in t.slots() {
                    if self.vars.contains_key(&slot.name)
                        || self.value_names.contains(&slot.name)
                        || self.broken_vars.contains(&slot.name)
                    {
                        continue;
                    }
                    let names: Vec<&str> =
                        self.vars.keys().chain(self.value_names.iter()).map(String::as_str).collect();
                    let help = closest(&slot.name, names.iter().copied()).map_or_else(
                        || {
                            "use the `var` of a question or a name from [values]; write {{ for a literal brace"
                                .to_string()
                        },
                        |s| format!("did you mean `{s}`?"),
                    );
                    let d = Diagnostic::new(
                        Code::TextUnknownName,
                        sp.file,
                        place.span(slot.span.clone()),
                        format!(
                            "{} uses `{{{}}}`, but no question or value is called `{}`",
                            what.describe(),
                            slot.name,
                            slot.name
                        ),
                    )
                    .label("unknown name")
                    .help(help);
                    self.push(d);
                }
            }
        }
        if markup && sp.v.contains("](") {
            for (target, range) in text::link_targets(&sp.v) {
                match target {
                    LinkTarget::Resource(id) => {
                        let span = || place.span(range);
                        self.resolve_resource(&id, sp.file, span, || format!("a link in {}", what.describe()));
                    }
                    LinkTarget::Url(url) => {
                        if !is_safe_url(&url) && !url.starts_with("mailto:") && !url.starts_with("tel:") {
                            let d = Diagnostic::new(
                                Code::BadLink,
                                sp.file,
                                place.span(range),
                                format!("a link in {} goes to \"{url}\", which is not a web address", what.describe()),
                            )
                            .label("not a web address, phone number or resource")
                            .help(link_help(&url));
                            self.push(d);
                        }
                    }
                }
            }
        }
    }

    pub(super) fn opt_text(
        &mut self,
        sp: Option<&Sp<String>>,
        what: impl Describe + Copy,
        markup: bool,
    ) -> Option<String> {
        let sp = sp?;
        self.text(sp, what, markup);
        Some(sp.v.clone())
    }
}
