//! From raw structs to a checked [`Guide`], collecting every problem on the way.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::condition::{self, CondErrorKind, Expr, Type, VarInfo};
use super::diagnostic::{Code, Diagnostic, Severity};
use super::model::Unit;
use super::model::{
    Cell, Choice, Computed, Guide, Item, ItemId, Meta, Node, NodeId, NodeKind, Question, Resource, ResourceId, Row,
    Rule, Scenario, Section, SectionId, Source, SourceId, SourceKind,
};
use super::raw::{Date, Describe, RawFile, RawNode, Sp};
use super::routes;
use super::source::{FileId, SourceMap};
use super::suggest::closest;
use super::text::{self, LinkTarget};
use super::value::Value;

/// What the checks need to know about the world.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// Today, for "reviewed more than a year ago".
    pub today: Date,
    /// Whether to measure how plainly the text reads (W0108, W0109). Those warnings are for
    /// authors; running a guide for a person skips the work so the first screen comes sooner.
    pub readability: bool,
    /// Whether a mistake in a `[[tests]]` scenario is only a warning (the scenario is left
    /// out): while an author previews a guide, a wrong test must not hide the guide itself.
    pub tests_as_warnings: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self { today: Date::today(), readability: true, tests_as_warnings: false }
    }
}

/// Longest title that fits a breadcrumb.
pub const MAX_TITLE: usize = 60;
/// Default `max_len` of text questions.
pub const DEFAULT_MAX_LEN: usize = 500;
/// Most nodes, items or resources a guide may have; far beyond any real guide, it keeps a
/// hostile file from exhausting memory in later passes.
pub const MAX_ENTRIES: usize = 200_000;

/// How many values of a circle in `[values]` its message names.
const CYCLE_NAMES: usize = 5;

/// The error for a guide over [`MAX_ENTRIES`], counted over all its files.
pub(crate) fn too_many_entries(main_file: FileId, total: usize) -> Diagnostic {
    Diagnostic::new(
        Code::TooMany,
        main_file,
        0..0,
        format!("the guide has {total} nodes, items and resources; at most {MAX_ENTRIES} are allowed"),
    )
    .help("split it into several guides")
}

/// The part of a TOML string's span that holds `inner` (a byte range of the string's value), so
/// a message about a condition or a template can point at the exact characters the author
/// typed, escapes included. Falls back to the whole string when it cannot be mapped.
///
/// This maps the whole string; for several ranges of one string use [`InnerSpans`].
pub fn inner_span(sources: &SourceMap, sp: &Sp<String>, inner: Range<usize>) -> Range<usize> {
    InnerSpans::new(sources, sp).span(inner)
}

/// Places any number of ranges of one string's value in the file, mapping the string once, on
/// first use: a text with thousands of links or slots costs one pass, not one per link.
pub struct InnerSpans<'s> {
    sources: &'s SourceMap,
    sp: &'s Sp<String>,
    map: std::cell::OnceCell<Option<super::string_map::ValueMap>>,
}

impl<'s> InnerSpans<'s> {
    /// Nothing is mapped until the first [`InnerSpans::span`].
    pub fn new(sources: &'s SourceMap, sp: &'s Sp<String>) -> Self {
        InnerSpans { sources, sp, map: std::cell::OnceCell::new() }
    }

    /// See [`inner_span`].
    pub fn span(&self, inner: Range<usize>) -> Range<usize> {
        let sp = self.sp;
        let map = self.map.get_or_init(|| {
            let raw = self.sources.get(sp.file)?.text.get(sp.span.clone())?;
            super::string_map::ValueMap::new(raw, &sp.v)
        });
        match map.as_ref().and_then(|m| m.range(&inner)) {
            // An empty range (the end of the text) still needs one character for the caret.
            Some(r) if r.is_empty() => sp.span.start + r.start..sp.span.start + r.start + 1,
            Some(r) => sp.span.start + r.start..sp.span.start + r.end,
            None => sp.span.clone(),
        }
    }
}

/// The `[table]` header a table's span starts with, so "is missing" points at `[guide]` itself;
/// an empty range at the start when there is none.
fn header(sources: &SourceMap, file: FileId, span: &Range<usize>) -> Range<usize> {
    let len = sources
        .get(file)
        .and_then(|f| f.text.get(span.start..))
        .filter(|rest| rest.starts_with('['))
        .and_then(|rest| rest.lines().next()?.find(']'))
        .map_or(0, |i| i + 1);
    span.start..span.start + len
}

/// `file:line` of a span, for "the first is at …".
fn place(sources: &SourceMap, file: FileId, span: &Range<usize>) -> String {
    sources.get(file).map_or_else(String::new, |f| format!("{}:{}", f.name, f.line_col(span.start).0))
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn is_var(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.len() <= 128
        && !matches!(s, "and" | "or" | "not" | "in" | "true" | "false" | "answered")
}

/// A usable name close to `s`, for the help of a name that is not one: `pto-days` becomes
/// `pto_days`, `2nd` becomes `n_2nd`, `in` becomes `in_`.
fn as_var(s: &str) -> String {
    let mut out: String = s.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if out.starts_with(|c: char| c.is_ascii_digit())
        && let Some((head, tail)) = out.split_once('_')
        && tail.starts_with(|c: char| c.is_ascii_alphabetic())
    {
        // `2nd_insurance` reads best as `insurance_2nd`.
        out = format!("{tail}_{head}");
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert_str(0, "n_");
    }
    out.truncate(128);
    if !is_var(&out) {
        out.push('_');
    }
    out
}

/// What is wrong with a name that [`is_var`] refuses, in a few words.
fn var_problem(s: &str) -> String {
    if matches!(s, "and" | "or" | "not" | "in" | "true" | "false" | "answered") {
        return format!("`{s}` is a word conditions use");
    }
    if s.len() > 128 {
        return "longer than 128 characters".to_string();
    }
    match s.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '_') {
        Some(' ') => "has a space".to_string(),
        Some(c) => format!("has a \"{c}\""),
        None => "starts with a digit".to_string(),
    }
}

/// How to write a link target that is not one: a phone number needs `tel:`, a web address its
/// `https://`.
fn link_help(url: &str) -> String {
    let phone = !url.is_empty() && url.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone {
        let digits: String = url.chars().filter(|c| !c.is_whitespace()).collect();
        format!(
            "for a phone number write tel: before it, as in (tel:{digits}); for a web page write https://…; for a resource, resource:ID"
        )
    } else if url.contains('.') && !url.contains(' ') && !url.contains(':') {
        format!(
            "write the whole web address, starting with https:// as in (https://{url}); for a resource, resource:ID"
        )
    } else {
        "link to a web page as https://…, to a phone number as tel:…, to an email address as mailto:…, or to a \
         resource as resource:ID"
            .to_string()
    }
}

/// Is this a URL a person can safely be sent to?
pub fn is_safe_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > 8
        && url.bytes().all(|b| b.is_ascii_graphic())
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn quoted_list(items: &[&str]) -> String {
    let shown: Vec<String> = items.iter().take(8).map(|s| format!("\"{s}\"")).collect();
    let more = if items.len() > 8 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// Most ids listed when a reference points nowhere and none is close enough to suggest: a short
/// list shows the author what exists, a long one buries the message.
const FEW_IDS: usize = 8;

/// The help for a reference that points nowhere: the closest id when one is a likely typo; when
/// none is and there are only a few, every id there is ("the sections are: \"now\""), then
/// `otherwise`.
fn unknown_help<'k>(name: &str, plural: &str, ids: impl Iterator<Item = &'k str> + Clone, otherwise: &str) -> String {
    if let Some(s) = closest(name, ids.clone()) {
        return format!("did you mean \"{s}\"?");
    }
    let mut all: Vec<&str> = ids.take(FEW_IDS + 1).collect();
    if all.is_empty() || all.len() > FEW_IDS {
        return otherwise.to_string();
    }
    all.sort_unstable();
    format!("the {plural} are: {}; {otherwise}", quoted_list(&all))
}

struct Checker<'a> {
    sources: &'a SourceMap,
    diags: Vec<Diagnostic>,
    node_keys: HashMap<String, (NodeId, FileId, Range<usize>)>,
    section_keys: HashMap<String, SectionId>,
    item_keys: HashMap<String, ItemId>,
    resource_keys: HashMap<String, ResourceId>,
    /// Ids of `[[guide.sources]]`; when there are any, content is expected to cite them (W0110).
    source_keys: HashMap<String, SourceId>,
    /// Vars of questions marked `private = true`.
    private_vars: HashSet<String>,
    vars: HashMap<String, VarInfo>,
    value_names: HashSet<String>,
    used_resources: HashSet<ResourceId>,
    /// Vars of questions that are already reported as broken (no or an unknown `type`), so
    /// conditions, text and tests that use them do not add a second, misleading error.
    broken_vars: HashSet<String>,
    /// Keys that were written but could not be read, already reported as the wrong type: by
    /// file, the start of their table's span, and key (see `RawFile::unreadable`).
    unreadable: HashSet<(FileId, usize, String)>,
    /// The node being converted: a mistyped `next` never means the node itself, so it is left
    /// out of the did-you-mean.
    converting: Option<String>,
}

impl Checker<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// True when `key` was written in the table at `anchor` but had the wrong type, so saying it
    /// is missing would contradict the error already given.
    fn was_unreadable(&self, file: FileId, anchor: usize, key: &str) -> bool {
        self.unreadable.contains(&(file, anchor, key.to_string()))
    }

    fn missing(&mut self, file: FileId, span: Range<usize>, key: &str, what: impl Describe + Copy, help: &str) {
        if self.was_unreadable(file, span.start, key) {
            return;
        }
        let d = Diagnostic::new(Code::MissingKey, file, span, format!("{} has no `{key}`", what.describe()))
            .label(format!("`{key}` is required here"))
            .help(help.to_string());
        self.push(d);
    }

    /// Refuses an id with characters other than letters, digits, `_` and `-`: ids appear in
    /// links (`resource:ID`), graphs and file names, and are shown back in messages.
    fn id_chars(&mut self, id: &Sp<String>, kind: &str, help: &str) {
        if is_id(&id.v) {
            return;
        }
        let invisible = text::first_invisible(&id.v);
        let (span, message) = match invisible {
            Some((at, c)) => (
                inner_span(self.sources, id, at..at + c.len_utf8()),
                format!(
                    "{kind} id \"{}\" has an invisible {} in it",
                    id.v.replace(text::is_invisible, "").escape_debug(),
                    text::describe_char(c)
                ),
            ),
            None => (id.span.clone(), format!("{kind} id \"{}\" has characters that are not allowed", id.v)),
        };
        let d = Diagnostic::new(Code::BadId, id.file, span, message)
            .label("use letters, digits, `_` and `-`")
            .help(help.to_string());
        self.push(d);
    }

    fn resolve_node(&mut self, sp: &Sp<String>, what: impl Describe + Copy) -> Option<NodeId> {
        if let Some((id, _, _)) = self.node_keys.get(&sp.v) {
            return Some(*id);
        }
        let converting = self.converting.clone();
        let help = unknown_help(
            &sp.v,
            "nodes",
            self.node_keys.keys().map(String::as_str).filter(|k| converting.as_deref() != Some(*k)),
            "define the node as [nodes.ID], or point to an existing one",
        );
        let d = Diagnostic::new(
            Code::UnknownNode,
            sp.file,
            sp.span.clone(),
            format!("{} names a node \"{}\" that does not exist", what.describe(), sp.v),
        )
        .label("no node has this id")
        .help(help);
        self.push(d);
        None
    }

    fn resolve_resource(
        &mut self,
        sp: &Sp<String>,
        span: Range<usize>,
        what: impl Describe + Copy,
    ) -> Option<ResourceId> {
        if let Some(id) = self.resource_keys.get(&sp.v) {
            self.used_resources.insert(*id);
            return Some(*id);
        }
        let help = unknown_help(
            &sp.v,
            "resources",
            self.resource_keys.keys().map(String::as_str),
            "define it as [resources.ID] with a title and a url or phone",
        );
        let d = Diagnostic::new(
            Code::UnknownResource,
            sp.file,
            span,
            format!("{} names a resource \"{}\" that does not exist", what.describe(), sp.v),
        )
        .label("no resource has this id")
        .help(help);
        self.push(d);
        None
    }

    /// The sources a `sources = [...]` list cites; an id no source has is reported (E0311).
    fn resolve_sources(&mut self, list: &[Sp<String>], what: impl Describe + Copy) -> Vec<SourceId> {
        let mut out = Vec::with_capacity(list.len());
        for sp in list {
            if let Some(id) = self.source_keys.get(&sp.v) {
                if !out.contains(id) {
                    out.push(*id);
                }
                continue;
            }
            let help = closest(&sp.v, self.source_keys.keys().map(String::as_str)).map_or_else(
                || {
                    if self.source_keys.is_empty() {
                        "give the source an id in [[guide.sources]], e.g. id = \"cms-abn\"".to_string()
                    } else {
                        let mut ids: Vec<&str> = self.source_keys.keys().map(String::as_str).collect();
                        ids.sort_unstable();
                        format!("the source ids are: {}", quoted_list(&ids))
                    }
                },
                |s| format!("did you mean \"{s}\"?"),
            );
            let d = Diagnostic::new(
                Code::UnknownSource,
                sp.file,
                sp.span.clone(),
                format!("{} cites a source \"{}\" that does not exist", what.describe(), sp.v),
            )
            .label("no source has this id")
            .help(help);
            self.push(d);
        }
        out
    }

    /// Warns about content that cites nothing, in a guide whose sources have ids (W0110).
    fn uncited(&mut self, file: FileId, span: Range<usize>, what: impl Describe + Copy, example: &str) {
        if self.source_keys.is_empty() {
            return;
        }
        let d = Diagnostic::new(Code::Uncited, file, span, format!("{} cites no source", what.describe()))
            .label("no `sources`")
            .help(format!("name the sources behind it, e.g. {example}"));
        self.push(d);
    }

    /// Warns when checklist text would print a private answer (W0111).
    fn private_slots(&mut self, sp: &Sp<String>, what: impl Describe + Copy) {
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
    fn text(&mut self, sp: &Sp<String>, what: impl Describe + Copy, markup: bool) {
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
                let span = place.span(range);
                match target {
                    LinkTarget::Resource(id) => {
                        let key = Sp::new(id, span.clone(), sp.file);
                        self.resolve_resource(&key, span, || format!("a link in {}", what.describe()));
                    }
                    LinkTarget::Url(url) => {
                        if !is_safe_url(&url) && !url.starts_with("mailto:") && !url.starts_with("tel:") {
                            let d = Diagnostic::new(
                                Code::BadLink,
                                sp.file,
                                span,
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

    fn opt_text(&mut self, sp: Option<&Sp<String>>, what: impl Describe + Copy, markup: bool) -> Option<String> {
        let sp = sp?;
        self.text(sp, what, markup);
        Some(sp.v.clone())
    }

    /// Refuses a condition or value expression holding a control character: both are shown
    /// back to people ("why was I asked this?"), so they may no more carry one than any text.
    fn expression_controls(&mut self, sp: &Sp<String>, what: impl Describe + Copy) -> bool {
        let Some((at, c)) = text::forbidden_char(&sp.v) else { return false };
        let span = inner_span(self.sources, sp, at..at + c.len_utf8());
        let d = Diagnostic::new(
            Code::ControlCharacter,
            sp.file,
            span,
            format!("{} contains a {}", what.describe(), text::describe_char(c)),
        )
        .label("not allowed in an expression")
        .help("remove it; an expression is made of names, values and operators");
        self.push(d);
        true
    }

    fn condition(&mut self, sp: &Sp<String>, what: impl Describe + Copy, want: Type) -> Option<Expr> {
        if self.expression_controls(sp, what) {
            return None;
        }
        let expr = match condition::parse(&sp.v) {
            Ok(e) => e,
            Err(e) => {
                let d = Diagnostic::new(
                    Code::ConditionSyntax,
                    sp.file,
                    inner_span(self.sources, sp, e.span.clone()),
                    format!("{}: {}", what.describe(), e.message),
                )
                .label(e.label.unwrap_or_else(|| "cannot be read as a condition".to_string()))
                .maybe_help(e.help);
                self.push(d);
                return None;
            }
        };
        match expr.check(&self.vars) {
            Ok(ty) if ty == want => Some(expr),
            Ok(ty) => {
                let (want_s, got_s) = (type_word(want), type_word(ty));
                let d = Diagnostic::new(
                    Code::ConditionType,
                    sp.file,
                    sp.span.clone(),
                    format!("{} must give {want_s}, but this gives {got_s}", what.describe()),
                )
                .label(format!("gives {got_s}"))
                .help(if want == Type::Bool {
                    "compare it with something, e.g. `sessions > 6` or `insurance == \"none\"`"
                } else {
                    "use arithmetic on numbers, e.g. `sessions * price`"
                });
                self.push(d);
                None
            }
            Err(errors) => {
                for e in errors {
                    let code = match &e.kind {
                        CondErrorKind::UnknownName(name) if self.broken_vars.contains(name) => continue,
                        CondErrorKind::UnknownName(_) => Code::ConditionUnknownName,
                        CondErrorKind::UnknownValue => Code::ConditionUnknownValue,
                        CondErrorKind::Type => Code::ConditionType,
                        CondErrorKind::Syntax => Code::ConditionSyntax,
                    };
                    let d = Diagnostic::new(
                        code,
                        sp.file,
                        inner_span(self.sources, sp, e.span.clone()),
                        format!("{}: {}", what.describe(), e.message),
                    )
                    .label(e.label.unwrap_or_else(|| "here".to_string()))
                    .maybe_help(e.help);
                    self.push(d);
                }
                None
            }
        }
    }
}

fn type_word(t: Type) -> &'static str {
    match t {
        Type::Bool => "true or false",
        Type::Number => "a number",
        Type::Text => "text",
        Type::List => "a list",
    }
}

/// Checks raw files (the main file first) and builds the guide, or explains why it cannot.
///
/// The files' text comes back inside the guide, or alone when the guide has errors, so the
/// diagnostics can always be rendered against it.
pub fn check(files: &[RawFile], sources: SourceMap, opts: CheckOptions) -> (Result<Guide, SourceMap>, Vec<Diagnostic>) {
    let (guide, diags) = check_files(files, &sources, opts);
    match guide {
        Some(mut g) => {
            g.sources = sources;
            (Ok(g), diags)
        }
        None => (Err(sources), diags),
    }
}

fn check_files(files: &[RawFile], sources: &SourceMap, opts: CheckOptions) -> (Option<Guide>, Vec<Diagnostic>) {
    let mut c = Checker {
        sources,
        diags: Vec::new(),
        node_keys: HashMap::new(),
        section_keys: HashMap::new(),
        item_keys: HashMap::new(),
        resource_keys: HashMap::new(),
        source_keys: HashMap::new(),
        private_vars: HashSet::new(),
        vars: HashMap::new(),
        value_names: HashSet::new(),
        used_resources: HashSet::new(),
        broken_vars: HashSet::new(),
        unreadable: files
            .iter()
            .flat_map(|f| f.unreadable.iter().map(|(at, key)| (f.file, *at, key.clone())))
            .collect(),
        converting: None,
    };
    let Some(main) = files.first() else { return (None, c.diags) };
    let main_file = main.file;
    let main_len = sources.get(main_file).map_or(0, |f| f.text.len());

    // format
    match &main.format {
        None if c.was_unreadable(main_file, 0, "format") => {}
        None => {
            let d = Diagnostic::new(Code::BadFormat, main_file, 0..0, "the guide does not say which format it uses")
                .label("`format` is missing")
                .help("add `format = 1` as the first line");
            c.push(d);
        }
        Some(f) if f.v != 1 => {
            let d = Diagnostic::new(
                Code::BadFormat,
                main_file,
                f.span.clone(),
                format!("this guide uses format {}, and this program reads format 1", f.v),
            )
            .label("unsupported format")
            .help(if f.v > 1 {
                "update guidepost to a version that reads this format"
            } else {
                "write `format = 1`"
            });
            c.push(d);
        }
        Some(_) => {}
    }
    for f in files.iter().skip(1) {
        if let Some(fm) = &f.format
            && fm.v != 1
        {
            let d = Diagnostic::new(
                Code::BadFormat,
                f.file,
                fm.span.clone(),
                format!("this file uses format {}, and this program reads format 1", fm.v),
            )
            .label("unsupported format")
            .help("write `format = 1`, or leave it out of included files");
            c.push(d);
        }
    }

    let total_nodes: usize = files.iter().map(|f| f.nodes.len() + f.checklist.len() + f.resources.len()).sum();
    if total_nodes > MAX_ENTRIES {
        c.push(too_many_entries(main_file, total_nodes));
        return (None, c.diags);
    }

    // First pass: every id, so references can be resolved in any order.
    let mut all_nodes: Vec<&RawNode> = Vec::new();
    for f in files {
        for n in &f.nodes {
            c.id_chars(&n.id, "node", "rename it, e.g. [nodes.my_question]");
            if let Some((_, file, span)) = c.node_keys.get(&n.id.v) {
                let d = Diagnostic::new(
                    Code::DuplicateId,
                    n.id.file,
                    n.id.span.clone(),
                    format!("node \"{}\" is defined twice", n.id.v),
                )
                .label("second definition")
                .help(format!("the first is at {}; rename one of them", place(sources, *file, span)));
                c.push(d);
                continue;
            }
            let id = NodeId(all_nodes.len() as u32);
            c.node_keys.insert(n.id.v.clone(), (id, n.id.file, n.id.span.clone()));
            all_nodes.push(n);
        }
    }
    let mut sections = Vec::new();
    let mut section_spans = Vec::new();
    // Titles may name any var or value, which are only known further down: checked there.
    let mut section_titles: Vec<(&Sp<String>, String)> = Vec::new();
    for f in files {
        for s in &f.sections {
            c.id_chars(&s.id, "section", "rename it, e.g. [sections.before_you_call]");
            if let Some(first) = c.section_keys.get(&s.id.v) {
                let first: &Sp<String> = &section_spans[first.0 as usize];
                let d = Diagnostic::new(
                    Code::DuplicateId,
                    s.id.file,
                    s.id.span.clone(),
                    format!("section \"{}\" is defined twice", s.id.v),
                )
                .label("second definition")
                .help(format!("the first is at {}; rename one of them", place(sources, first.file, &first.span)));
                c.push(d);
                continue;
            }
            let title = if let Some(t) = &s.title {
                section_titles.push((t, format!("the title of section `{}`", s.id.v)));
                t.v.clone()
            } else {
                c.missing(
                    s.id.file,
                    s.id.span.clone(),
                    "title",
                    || format!("section `{}`", s.id.v),
                    "add title = \"…\" under the section",
                );
                s.id.v.clone()
            };
            c.section_keys.insert(s.id.v.clone(), SectionId(sections.len() as u32));
            sections.push(Section { key: s.id.v.clone(), title });
            section_spans.push(s.id.clone());
        }
    }
    let mut resources = Vec::new();
    let mut resource_spans: Vec<&super::raw::RawResource> = Vec::new();
    for f in files {
        for r in &f.resources {
            c.id_chars(&r.id, "resource", "rename it");
            if let Some(first) = c.resource_keys.get(&r.id.v) {
                let first: &Sp<String> = &resource_spans[first.0 as usize].id;
                let d = Diagnostic::new(
                    Code::DuplicateId,
                    r.id.file,
                    r.id.span.clone(),
                    format!("resource \"{}\" is defined twice", r.id.v),
                )
                .label("second definition")
                .help(format!("the first is at {}; rename one of them", place(sources, first.file, &first.span)));
                c.push(d);
                continue;
            }
            c.resource_keys.insert(r.id.v.clone(), ResourceId(resources.len() as u32));
            resources.push(Resource { key: r.id.v.clone(), title: String::new(), url: None, phone: None, text: None });
            resource_spans.push(r);
        }
    }
    let mut item_firsts: Vec<&Sp<String>> = Vec::new();
    for f in files {
        for it in &f.checklist {
            c.id_chars(&it.id, "checklist item", "rename it, e.g. [checklist.call_insurer]");
            if let Some(first) = c.item_keys.get(&it.id.v) {
                let first = item_firsts[first.0 as usize];
                let d = Diagnostic::new(
                    Code::DuplicateId,
                    it.id.file,
                    it.id.span.clone(),
                    format!("checklist item \"{}\" is defined twice", it.id.v),
                )
                .label("second definition")
                .help(format!("the first is at {}; rename one of them", place(sources, first.file, &first.span)));
                c.push(d);
                continue;
            }
            c.item_keys.insert(it.id.v.clone(), ItemId(item_firsts.len() as u32));
            item_firsts.push(&it.id);
        }
    }
    // Source ids: the index is the source's place in [[guide.sources]], as in `Meta::sources`.
    for (i, s) in main.guide.iter().flat_map(|g| g.sources.iter()).enumerate() {
        let Some(id) = &s.id else { continue };
        c.id_chars(id, "source", "rename it, e.g. id = \"cms-abn\"");
        if let Some(first) = c.source_keys.get(&id.v) {
            let first = main.guide.as_ref().and_then(|g| g.sources[first.0 as usize].id.as_ref());
            let at = first.map_or_else(String::new, |f| place(sources, f.file, &f.span));
            let d = Diagnostic::new(
                Code::DuplicateId,
                id.file,
                id.span.clone(),
                format!("two sources have the id \"{}\"", id.v),
            )
            .label("second source with this id")
            .help(format!("the first is at {at}; give each source its own id"));
            c.push(d);
            continue;
        }
        c.source_keys.insert(id.v.clone(), SourceId(i as u32));
    }

    // Vars and their types.
    let mut var_index = HashMap::new();
    for (i, n) in all_nodes.iter().enumerate() {
        let kind = n.kind.as_ref().map_or("", |k| k.v.as_str());
        let ty = match kind {
            "choice" | "text" => Type::Text,
            "multi" => Type::List,
            "number" => Type::Number,
            _ => {
                if !super::raw::NODE_TYPES.contains(&kind)
                    && let Some(var) = &n.var
                {
                    c.broken_vars.insert(var.v.clone());
                }
                continue;
            }
        };
        let Some(var) = &n.var else {
            c.missing(
                n.id.file,
                n.id.span.clone(),
                "var",
                || format!("{kind} node `{}`", n.id.v),
                "add var = \"name\": the answer is stored under this name",
            );
            continue;
        };
        if !is_var(&var.v) {
            let d = Diagnostic::new(
                Code::BadId,
                var.file,
                var.span.clone(),
                format!("the answer's name (`var`) \"{}\" {}", var.v, var_problem(&var.v)),
            )
            .label("letters, digits and `_` only, starting with a letter")
            .help(format!("conditions and text refer to the answer by this name; write var = \"{}\"", as_var(&var.v)));
            c.push(d);
            continue;
        }
        if let Some(other) = var_index.get(&var.v) {
            let other: &NodeId = other;
            let d = Diagnostic::new(
                Code::DuplicateVar,
                var.file,
                var.span.clone(),
                format!(
                    "node `{}` already stores its answer under the name (`var`) \"{}\"",
                    all_nodes[other.0 as usize].id.v, var.v
                ),
            )
            .label("used twice")
            .help("give each question a name of its own that says what the answer is");
            c.push(d);
            continue;
        }
        let values = matches!(kind, "choice" | "multi").then(|| {
            let mut values: Vec<String> = Vec::with_capacity(n.options.len());
            for v in n.options.iter().filter_map(|o| o.value.as_ref()) {
                if !values.contains(&v.v) {
                    values.push(v.v.clone());
                }
            }
            values
        });
        if n.private.as_ref().is_some_and(|p| p.v) {
            c.private_vars.insert(var.v.clone());
        }
        c.vars.insert(var.v.clone(), VarInfo { ty, values });
        var_index.insert(var.v.clone(), NodeId(i as u32));
    }

    check_was(&mut c, &all_nodes, &var_index);

    // [values]: names, dependency order, types.
    let mut raw_values: Vec<&(Sp<String>, Sp<String>)> = Vec::new();
    for f in files {
        for v in &f.values {
            if !is_var(&v.0.v) {
                let d = Diagnostic::new(
                    Code::BadId,
                    v.0.file,
                    v.0.span.clone(),
                    format!("value name \"{}\" is not a usable name", v.0.v),
                )
                .label("start with a letter; use letters, digits and `_`")
                .help("rename it");
                c.push(d);
                continue;
            }
            if c.vars.contains_key(&v.0.v) || c.value_names.contains(&v.0.v) {
                let d = Diagnostic::new(
                    Code::DuplicateVar,
                    v.0.file,
                    v.0.span.clone(),
                    format!("\"{}\" is already the name of a question's answer (its `var`) or another value", v.0.v),
                )
                .label("used twice")
                .help("rename the value");
                c.push(d);
                continue;
            }
            c.value_names.insert(v.0.v.clone());
            raw_values.push(v);
        }
    }
    let values = order_values(&mut c, &raw_values);
    for (title, what) in &section_titles {
        c.text(title, what, false);
    }

    // Nodes.
    let mut nodes = Vec::with_capacity(all_nodes.len());
    for n in &all_nodes {
        nodes.push(convert_node(&mut c, n));
    }

    // Meta.
    let meta = convert_meta(&mut c, main, main_file, main_len, opts);
    let start = main.guide.as_ref().and_then(|g| g.start.as_ref()).and_then(|s| c.resolve_node(s, "`start`"));
    if main.guide.as_ref().is_some_and(|g| g.start.is_none()) {
        let span = main.guide.as_ref().map_or(0..0, |g| header(sources, main_file, &g.span));
        c.missing(main_file, span, "start", "[guide]", "add start = \"ID\" naming the first node");
    }

    // Checklist.
    let mut checklist: Vec<Item> = Vec::with_capacity(c.item_keys.len());
    let mut item_spans: Vec<(FileId, Range<usize>)> = Vec::with_capacity(c.item_keys.len());
    let mut used_sections = HashSet::new();
    // A second definition of an id was reported above; only the first is converted.
    let mut converted: HashSet<&str> = HashSet::with_capacity(c.item_keys.len());
    for f in files {
        for it in &f.checklist {
            if !converted.insert(it.id.v.as_str()) {
                continue;
            }
            let what = format!("checklist item `{}`", it.id.v);
            let section = if let Some(s) = &it.section {
                if let Some(id) = c.section_keys.get(&s.v) {
                    used_sections.insert(*id);
                    Some(*id)
                } else {
                    let help = unknown_help(
                        &s.v,
                        "sections",
                        c.section_keys.keys().map(String::as_str),
                        "define it as [sections.ID] with a title",
                    );
                    let d = Diagnostic::new(
                        Code::UnknownSection,
                        s.file,
                        s.span.clone(),
                        format!("{what} names a section \"{}\" that does not exist", s.v),
                    )
                    .label("no section has this id")
                    .help(help);
                    c.push(d);
                    None
                }
            } else {
                c.missing(
                    it.id.file,
                    it.id.span.clone(),
                    "section",
                    &what,
                    "add section = \"ID\" naming one of the [sections]",
                );
                None
            };
            let text = if let Some(t) = &it.text {
                c.text(t, &what, true);
                c.private_slots(t, &what);
                t.v.clone()
            } else {
                c.missing(it.id.file, it.id.span.clone(), "text", &what, "add text = \"…\": the line the person reads");
                String::new()
            };
            let details = c.opt_text(it.details.as_ref(), || format!("the details of {what}"), true);
            if let Some(d) = &it.details {
                c.private_slots(d, || format!("the details of {what}"));
            }
            let item_sources = c.resolve_sources(&it.sources, &what);
            if it.sources.is_empty() {
                c.uncited(it.id.file, it.id.span.clone(), &what, "sources = [\"cms-abn\"]");
            }
            let when = it.when.as_ref().and_then(|w| c.condition(w, || format!("the `when` of {what}"), Type::Bool));
            let had_when = it.when.is_some();
            let mut res = Vec::new();
            for r in &it.resources {
                if let Some(id) = c.resolve_resource(r, r.span.clone(), &what) {
                    res.push(id);
                }
            }
            if let Some(section) = section
                && (when.is_some() || !had_when)
            {
                item_spans.push((it.id.file, it.id.span.clone()));
                checklist.push(Item {
                    key: it.id.v.clone(),
                    section,
                    text,
                    details,
                    when,
                    resources: res,
                    sources: item_sources,
                });
            }
        }
    }

    // Resources (texts may link to other resources).
    for (i, r) in resource_spans.iter().enumerate() {
        let what = format!("resource `{}`", r.id.v);
        let title = if let Some(t) = &r.title {
            c.text(t, || format!("the title of {what}"), false);
            t.v.clone()
        } else {
            c.missing(r.id.file, r.id.span.clone(), "title", &what, "add title = \"…\"");
            r.id.v.clone()
        };
        if let Some(u) = &r.url
            && !is_safe_url(&u.v)
        {
            let d = Diagnostic::new(
                Code::BadLink,
                u.file,
                u.span.clone(),
                format!("the url of {what} is not a web address"),
            )
            .label("expected https://…")
            .help("write the full address, starting with https://");
            c.push(d);
        }
        if r.url.is_none() && r.phone.is_none() {
            c.missing(
                r.id.file,
                r.id.span.clone(),
                "url",
                &what,
                "give a resource a url, a phone, or both, so people can reach it",
            );
        }
        let phone = c.opt_text(r.phone.as_ref(), || format!("the phone of {what}"), false);
        let text = c.opt_text(r.text.as_ref(), || format!("the text of {what}"), true);
        resources[i] = Resource { key: r.id.v.clone(), title, url: r.url.as_ref().map(|u| u.v.clone()), phone, text };
    }

    // Glossary.
    let mut glossary = Vec::new();
    for f in files {
        for (term, def) in &f.glossary {
            c.text(term, "a glossary term", false);
            c.text(def, || format!("the definition of \"{}\"", term.v), false);
            glossary.push((term.v.clone(), def.v.clone()));
        }
    }

    // Unused sections and resources. When some item names a section or resource that does not
    // exist, it probably meant one of these, so calling them unused would only add noise.
    let unknown_section = c.diags.iter().any(|d| d.code == Code::UnknownSection);
    let unknown_resource = c.diags.iter().any(|d| d.code == Code::UnknownResource);
    for (i, s) in section_spans.iter().enumerate() {
        if !unknown_section && !used_sections.contains(&SectionId(i as u32)) {
            let d = Diagnostic::new(
                Code::UnusedSection,
                s.file,
                s.span.clone(),
                format!("section \"{}\" has no checklist items", s.v),
            )
            .label("never used")
            .help("add items with section = \"…\", or remove the section");
            c.push(d);
        }
    }
    for (i, r) in resource_spans.iter().enumerate() {
        if !unknown_resource && !c.used_resources.contains(&ResourceId(i as u32)) {
            let d = Diagnostic::new(
                Code::UnusedResource,
                r.id.file,
                r.id.span.clone(),
                format!("resource \"{}\" is not used by any checklist item or link", r.id.v),
            )
            .label("never used")
            .help("attach it to an item with resources = [\"…\"], link it as [label](resource:ID), or remove it");
            c.push(d);
        }
    }

    // Readability of what people read (warnings only).
    if opts.readability {
        c.diags.extend(super::readability::check_files(sources, files));
    }

    // Tests.
    let mut tests = Vec::new();
    let before_tests = c.diags.len();
    for f in files {
        for t in &f.tests {
            let errors = c.diags.iter().filter(|d| d.is_error()).count();
            if let Some(s) = convert_test(&mut c, t, &nodes) {
                // A scenario with an error of its own is left out when its errors are lowered.
                if !opts.tests_as_warnings || c.diags.iter().filter(|d| d.is_error()).count() == errors {
                    tests.push(s);
                }
            }
        }
    }
    if opts.tests_as_warnings {
        for d in &mut c.diags[before_tests..] {
            d.severity = Severity::Warning;
        }
    }

    // Graph checks need every node converted.
    let has_errors = c.diags.iter().any(Diagnostic::is_error);
    let (Some(start), Some(meta), false) = (start, meta, has_errors) else {
        return (None, c.diags);
    };
    let nodes: Vec<Node> = nodes.into_iter().flatten().collect();
    if nodes.len() != all_nodes.len() {
        return (None, c.diags);
    }
    let spans: Vec<(FileId, Range<usize>)> = all_nodes.iter().map(|n| (n.id.file, n.id.span.clone())).collect();
    let graph_diags = routes::check(&nodes, start, &spans);
    let bounds = routes::question_bounds(&nodes);
    c.diags.extend(graph_diags);
    let raw_items: Vec<&super::raw::RawItem> = files.iter().flat_map(|f| f.checklist.iter()).collect();
    c.diags.extend(super::unanswered::check(sources, &nodes, start, &all_nodes, &checklist, &raw_items));
    let node_index = std::mem::take(&mut c.node_keys).into_iter().map(|(k, (id, _, _))| (k, id)).collect();
    let diags = std::mem::take(&mut c.diags);
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let renamed = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.question.as_ref().map(|q| (i, q)))
        .flat_map(|(i, q)| q.was.iter().map(move |w| (w.clone(), NodeId(i as u32))))
        .collect();
    let guide = Guide {
        meta,
        start,
        nodes,
        sections,
        checklist,
        resources,
        glossary,
        values,
        tests,
        sources: SourceMap::default(),
        bounds,
        item_spans,
        node_index,
        var_index,
        renamed,
        term_finder: std::sync::OnceLock::new(),
    };
    (Some(guide), diags)
}

fn order_values(c: &mut Checker<'_>, raw: &[&(Sp<String>, Sp<String>)]) -> Vec<Computed> {
    let mut parsed: Vec<(usize, Expr)> = Vec::new();
    for (i, (name, src)) in raw.iter().enumerate() {
        if c.expression_controls(src, &format!("value `{}`", name.v)) {
            continue;
        }
        match condition::parse(&src.v) {
            Ok(e) => parsed.push((i, e)),
            Err(e) => {
                let d = Diagnostic::new(
                    Code::ConditionSyntax,
                    src.file,
                    inner_span(c.sources, src, e.span.clone()),
                    format!("value `{}`: {}", name.v, e.message),
                )
                .label(e.label.unwrap_or_else(|| "cannot be read as an expression".to_string()))
                .maybe_help(e.help);
                c.push(d);
            }
        }
    }
    // Kahn's algorithm over value-to-value references.
    let index: HashMap<&str, usize> = raw.iter().enumerate().map(|(i, (n, _))| (n.v.as_str(), i)).collect();
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); raw.len()];
    let mut exprs: Vec<Option<Expr>> = vec![None; raw.len()];
    for (i, e) in parsed {
        for (name, _) in e.names() {
            if let Some(&j) = index.get(name)
                && !deps[i].contains(&j)
            {
                deps[i].push(j);
            }
        }
        exprs[i] = Some(e);
    }
    // Strongly connected components come dependencies first; any component with more than one
    // value, or a value that uses itself, is a circle.
    let mut order = Vec::new();
    for comp in routes::components(&deps) {
        let [only] = comp.as_slice() else {
            // A circle of thousands of values is named by its first few, not in a huge message.
            let mut names: Vec<String> = comp.iter().take(CYCLE_NAMES).map(|&j| format!("`{}`", raw[j].0.v)).collect();
            if comp.len() > CYCLE_NAMES {
                names.push(format!("{} more", comp.len() - CYCLE_NAMES));
            }
            let (name, src) = raw[comp[0]];
            let d = Diagnostic::new(
                Code::ValueCycle,
                src.file,
                name.span.clone(),
                format!("values {} depend on each other in a circle", and_list(&names)),
            )
            .label("part of a circle")
            .help("compute one of them from answers only, so the circle is broken");
            c.push(d);
            // Known as numbers, so values that use them are not also reported as unknown.
            for &j in &comp {
                c.vars.insert(raw[j].0.v.clone(), VarInfo { ty: Type::Number, values: None });
            }
            continue;
        };
        if deps[*only].contains(only) {
            let (name, src) = raw[*only];
            let d = Diagnostic::new(
                Code::ValueCycle,
                src.file,
                name.span.clone(),
                format!("value `{}` is computed from itself", name.v),
            )
            .label("uses itself")
            .help("compute it from answers, or from other values");
            c.push(d);
            c.vars.insert(name.v.clone(), VarInfo { ty: Type::Number, values: None });
            continue;
        }
        order.push(*only);
    }
    // Type-check in dependency order, adding each value once checked: a number, or a named
    // condition (true or false) that `when` and `rules` can use by name.
    let mut out = Vec::new();
    for i in order {
        let (name, src) = raw[i];
        let Some(e) = &exprs[i] else { continue };
        let ty = if let Ok(ty @ (Type::Number | Type::Bool)) = e.check(&c.vars) {
            out.push(Computed { name: name.v.clone(), expr: e.clone() });
            ty
        } else {
            // Reported as for a number, the more common kind of value.
            let _ = c.condition(src, || format!("value `{}`", name.v), Type::Number);
            Type::Number
        };
        c.vars.insert(name.v.clone(), VarInfo { ty, values: None });
    }
    out
}

fn convert_meta(c: &mut Checker<'_>, main: &RawFile, file: FileId, len: usize, opts: CheckOptions) -> Option<Meta> {
    let Some(g) = &main.guide else {
        let d = Diagnostic::new(Code::MissingKey, file, 0..len.min(1), "the guide has no [guide] table")
            .label("[guide] is missing")
            .help("add a [guide] table with id, title, start and disclaimer");
        c.push(d);
        return None;
    };
    let at = header(c.sources, file, &g.span);
    let req = |c: &mut Checker<'_>, v: &Option<Sp<String>>, key: &str, help: &str, markup: bool| -> String {
        if let Some(s) = v {
            c.text(s, || format!("the guide's `{key}`"), markup);
            s.v.clone()
        } else {
            c.missing(file, at.clone(), key, "[guide]", help);
            String::new()
        }
    };
    let id = req(c, &g.id, "id", "add id = \"my-guide\" (lowercase letters, digits and -)", false);
    if let Some(sp) = &g.id
        && !(sp.v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !sp.v.is_empty()
            && sp.v.len() <= 64)
    {
        let d = Diagnostic::new(
            Code::BadId,
            sp.file,
            sp.span.clone(),
            format!("guide id \"{}\" must use only lowercase letters, digits and -", sp.v),
        )
        .label("not allowed")
        .help("it names export and session files, e.g. id = \"appeal-denied-claim\"");
        c.push(d);
    }
    let title = req(c, &g.title, "title", "add title = \"…\"", false);
    let disclaimer = req(
        c,
        &g.disclaimer,
        "disclaimer",
        "add disclaimer = \"Information, not advice…\"; it is shown on the start screen and in every export",
        true,
    );
    let summary = c.opt_text(g.summary.as_ref(), "the guide's `summary`", true).unwrap_or_default();
    let banner = c.opt_text(g.banner.as_ref(), "the guide's `banner`", false);
    let language = c.opt_text(g.language.as_ref(), "the guide's `language`", false).unwrap_or_else(|| "en".to_string());
    let version = c.opt_text(g.version.as_ref(), "the guide's `version`", false).unwrap_or_default();
    let author = c.opt_text(g.author.as_ref(), "the guide's `author`", true);
    let funding = c.opt_text(g.funding.as_ref(), "the guide's `funding`", true);
    let conflicts = c.opt_text(g.conflicts.as_ref(), "the guide's `conflicts`", true);
    let updates = c.opt_text(g.updates.as_ref(), "the guide's `updates`", true);
    let contact = c.opt_text(g.contact.as_ref(), "the guide's `contact`", true);
    match &g.reviewed {
        None if c.was_unreadable(file, g.span.start, "reviewed") => {}
        None => {
            let d = Diagnostic::new(
                Code::NoReviewed,
                file,
                at.clone(),
                "the guide does not say when its facts were last checked",
            )
            .label("no `reviewed` date")
            .help("add reviewed = 2026-11-27 (the date you last checked the facts) to [guide]");
            c.push(d);
        }
        Some(r) if opts.today.days() - r.v.days() > 365 => {
            let d = Diagnostic::new(
                Code::StaleReviewed,
                r.file,
                r.span.clone(),
                format!("the facts were last checked on {}, more than a year ago", r.v),
            )
            .label("over a year old")
            .help("check the facts again and update `reviewed`");
            c.push(d);
        }
        // Judged against the clock too: `today` may be pinned (tests) to a day before the one an
        // author wrote, and a day ahead is allowed for time zones.
        Some(r) if r.v.days() > opts.today.days().max(Date::today().days()) + 1 => {
            let d = Diagnostic::new(
                Code::FutureReviewed,
                r.file,
                r.span.clone(),
                format!("the facts cannot have been checked on {}: that day is still to come", r.v),
            )
            .label("in the future")
            .help(format!("write the day you last checked the facts, today ({}) at the latest", opts.today));
            c.push(d);
        }
        Some(_) => {}
    }
    let mut sources = Vec::new();
    for s in &g.sources {
        let title = if let Some(t) = &s.title {
            c.text(t, "a source's title", false);
            t.v.clone()
        } else {
            c.missing(file, s.span.clone(), "title", "a [[guide.sources]] entry", "add title = \"…\"");
            String::new()
        };
        if let Some(u) = &s.url
            && !is_safe_url(&u.v)
        {
            let d = Diagnostic::new(Code::BadLink, u.file, u.span.clone(), "a source's url is not a web address")
                .label("expected https://…")
                .help("write the full address, starting with https://");
            c.push(d);
        }
        let kind = s.kind.as_ref().and_then(|k| {
            let kind = SourceKind::parse(&k.v);
            if kind.is_none() {
                let kinds: Vec<&str> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
                let help = closest(&k.v, kinds.iter().copied()).map_or_else(
                    || format!("use one of: {}", quoted_list(&kinds)),
                    |x| format!("did you mean \"{x}\"? The kinds are: {}", quoted_list(&kinds)),
                );
                let d = Diagnostic::new(
                    Code::InvalidValue,
                    k.file,
                    k.span.clone(),
                    format!("a source has the kind \"{}\", which is not one of the kinds", k.v),
                )
                .label("unknown kind")
                .help(help);
                c.push(d);
            }
            kind
        });
        sources.push(Source {
            key: s.id.as_ref().map(|i| i.v.clone()),
            title,
            url: s.url.as_ref().map(|u| u.v.clone()),
            date: s.date.as_ref().map(|d| d.v),
            kind,
        });
    }
    Some(Meta {
        id,
        title,
        summary,
        language,
        version,
        reviewed: g.reviewed.as_ref().map(|r| r.v),
        disclaimer,
        banner,
        target_grade: g.target_grade.as_ref().map(|t| t.v),
        author,
        funding,
        conflicts,
        updates,
        contact,
        sources,
    })
}

fn convert_node(c: &mut Checker<'_>, n: &RawNode) -> Option<Node> {
    c.converting = Some(n.id.v.clone());
    let node = convert_node_itself(c, n);
    c.converting = None;
    node
}

fn convert_node_itself(c: &mut Checker<'_>, n: &RawNode) -> Option<Node> {
    let Some(kind_sp) = &n.kind else {
        c.missing(
            n.id.file,
            n.id.span.clone(),
            "type",
            || format!("node `{}`", n.id.v),
            "add type = \"info\" (or choice, multi, number, text, branch, compare, end)",
        );
        return None;
    };
    let kind = kind_sp.v.as_str();
    if !super::raw::NODE_TYPES.contains(&kind) {
        let help = closest(kind, super::raw::NODE_TYPES.iter().copied()).map_or_else(
            || "use one of: info, choice, multi, number, text, branch, compare, end".to_string(),
            |s| format!("did you mean \"{s}\"?"),
        );
        let d = Diagnostic::new(
            Code::InvalidValue,
            kind_sp.file,
            kind_sp.span.clone(),
            format!("node `{}` has an unknown type \"{kind}\"", n.id.v),
        )
        .label("unknown type")
        .help(help);
        c.push(d);
        return None;
    }
    let what = format!("node `{}`", n.id.v);
    let title = match &n.title {
        Some(t) => {
            c.text(t, || format!("the title of {what}"), false);
            if t.v.chars().count() > MAX_TITLE {
                let d = Diagnostic::new(
                    Code::LongTitle,
                    t.file,
                    t.span.clone(),
                    format!(
                        "the title of {what} is {} characters long; the breadcrumb shows {MAX_TITLE}",
                        t.v.chars().count()
                    ),
                )
                .label("too long for the breadcrumb")
                .help("shorten it; put the full question in `text`");
                c.push(d);
            }
            t.v.clone()
        }
        None => n.id.v.clone(),
    };
    let text = c.opt_text(n.text.as_ref(), || format!("the text of {what}"), true).unwrap_or_default();
    let next = |c: &mut Checker<'_>, required: bool| -> Option<NodeId> {
        match &n.next {
            Some(s) => c.resolve_node(s, || format!("the `next` of {what}")),
            None if required => {
                c.missing(
                    n.id.file,
                    n.id.span.clone(),
                    "next",
                    &what,
                    "add next = \"ID\" naming the node that comes after this one",
                );
                None
            }
            None => None,
        }
    };
    let optional = n.optional.as_ref().is_some_and(|o| o.v);
    let mut question = n.var.as_ref().map(|v| Question {
        var: v.v.clone(),
        optional,
        default: n.default.as_ref().map(|d| d.v.clone()),
        private: n.private.as_ref().is_some_and(|p| p.v),
        was: n.was.iter().map(|w| w.v.clone()).collect(),
        skip_to: None,
    });
    let sources = c.resolve_sources(&n.sources, || format!("the `sources` of {what}"));
    let kind = match kind {
        "info" => NodeKind::Info { next: next(c, true)? },
        "end" => NodeKind::End,
        "choice" | "multi" => {
            let node_next = if kind == "choice" && optional && n.next.is_none() {
                // Skipping an optional choice picks no option, so no option's `next` applies.
                c.missing(
                    n.id.file,
                    n.id.span.clone(),
                    "next",
                    &what,
                    "an optional choice needs next = \"ID\": the node the walk goes to when the person skips \
                     it (or remove optional = true)",
                );
                None
            } else {
                next(c, kind == "multi")
            };
            let options = convert_options(c, n, kind, node_next)?;
            if kind == "choice" {
                if let Some(q) = question.as_mut()
                    && optional
                {
                    q.skip_to = node_next;
                }
                if let Some(d) = &n.default
                    && !matches!(&d.v, Value::Text(t) if options.iter().any(|o| &o.value == t))
                {
                    let values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
                    let near = match &d.v {
                        Value::Text(t) => closest(t, values.iter().copied()),
                        _ => None,
                    };
                    let rule = near.map_or_else(
                        || format!("it must be one of the option values: {}", quoted_list(&values)),
                        |x| format!("did you mean \"{x}\"?"),
                    );
                    default_error(c, d, &what, "not one of the options", &rule);
                }
                NodeKind::Choice { options }
            } else {
                let count = options.len();
                let min = n.min.as_ref().map_or(0.0, |m| m.v);
                let max = n.max.as_ref().map_or(count as f64, |m| m.v);
                bounds_check(c, n, &what, Some(min), Some(max), true)?;
                if let Some(d) = &n.default {
                    let label = match &d.v {
                        Value::List(l) => {
                            if let Some(bad) = l.iter().find(|x| !options.iter().any(|o| &o.value == *x)) {
                                Some(format!("\"{bad}\" is not one of the options"))
                            } else if (l.len() as f64) < min || (l.len() as f64) > max {
                                Some(format!("{} ticked", l.len()))
                            } else {
                                None
                            }
                        }
                        _ => Some("not a list".to_string()),
                    };
                    if let Some(label) = label {
                        let (lo, hi) = (super::value::format_number(min), super::value::format_number(max));
                        default_error(
                            c,
                            d,
                            &what,
                            &label,
                            &format!("it must be a list of {lo} to {hi} of the option values"),
                        );
                    }
                }
                NodeKind::Multi { options, min: min.max(0.0) as usize, max: max.max(0.0) as usize, next: node_next? }
            }
        }
        "number" => {
            let min = n.min.as_ref().map(|m| m.v);
            let max = n.max.as_ref().map(|m| m.v);
            bounds_check(c, n, &what, min, max, false)?;
            if let Some(d) = &n.default {
                let label = match d.v {
                    Value::Number(x) if min.is_some_and(|m| x < m) => "below the minimum",
                    Value::Number(x) if max.is_some_and(|m| x > m) => "above the maximum",
                    Value::Number(_) => "",
                    _ => "not a number",
                };
                if !label.is_empty() {
                    default_error(c, d, &what, label, &format!("it must be a number{}", bounds_words(min, max)));
                }
            }
            let whole = n.whole.as_ref().is_some_and(|w| w.v);
            if whole {
                // A count's bounds and default are counts too.
                let fractional = [("min", n.min.as_ref()), ("max", n.max.as_ref())]
                    .into_iter()
                    .filter_map(|(k, v)| v.filter(|v| v.v.fract() != 0.0).map(|v| (k, v.span.clone(), v.v)))
                    .chain(n.default.as_ref().and_then(|d| match d.v {
                        Value::Number(x) if x.fract() != 0.0 => Some(("default", d.span.clone(), x)),
                        _ => None,
                    }));
                for (key, span, x) in fractional.collect::<Vec<_>>() {
                    let d = Diagnostic::new(
                        Code::InvalidValue,
                        n.id.file,
                        span,
                        format!(
                            "`{key}` of {what} is {}, but the question takes whole numbers",
                            super::value::format_number(x)
                        ),
                    )
                    .label("not a whole number")
                    .help("write a whole number here, or remove `whole = true` if fractions are answers");
                    c.push(d);
                }
            }
            let unit = match (&n.unit, &n.unit_forms) {
                (_, Some((one, other))) => {
                    let one = c.opt_text(Some(one), || format!("the unit of {what}"), false);
                    let other = c.opt_text(Some(other), || format!("the unit of {what}"), false);
                    one.zip(other).map(|(one, other)| Unit { one, other })
                }
                (Some(u), None) => {
                    c.opt_text(Some(u), || format!("the unit of {what}"), false).map(|u| Unit::from_plural(&u))
                }
                (None, None) => None,
            };
            let placeholder = c.opt_text(n.placeholder.as_ref(), || format!("the placeholder of {what}"), false);
            NodeKind::Number { min, max, unit, whole, placeholder, next: next(c, true)? }
        }
        "text" => {
            let max_len = n.max_len.as_ref().map_or(DEFAULT_MAX_LEN as f64, |m| m.v);
            if max_len < 1.0 || max_len.fract() != 0.0 {
                let sp = n.max_len.as_ref().map_or(n.id.span.clone(), |m| m.span.clone());
                let d = Diagnostic::new(
                    Code::InvalidValue,
                    n.id.file,
                    sp,
                    format!("the `max_len` of {what} must be a whole number of at least 1"),
                )
                .label("not a length")
                .help("e.g. max_len = 80");
                c.push(d);
            }
            if let Some(d) = &n.default
                && !matches!(&d.v, Value::Text(t) if t.chars().count() as f64 <= max_len)
            {
                let label = match &d.v {
                    Value::Text(t) => format!("{} characters", t.chars().count()),
                    _ => "not text".to_string(),
                };
                let rule = format!("it must be text of at most {} characters", super::value::format_number(max_len));
                default_error(c, d, &what, &label, &rule);
            }
            let placeholder = c.opt_text(n.placeholder.as_ref(), || format!("the placeholder of {what}"), false);
            NodeKind::Text { placeholder, max_len: max_len.max(1.0) as usize, next: next(c, true)? }
        }
        "branch" => NodeKind::Branch { rules: convert_rules(c, n, &what)? },
        "compare" => {
            let columns: Vec<String> = n
                .columns
                .iter()
                .map(|col| {
                    c.text(col, || format!("a column of {what}"), false);
                    col.v.clone()
                })
                .collect();
            if columns.is_empty() {
                c.missing(n.id.file, n.id.span.clone(), "columns", &what, "add columns = [\"Option A\", \"Option B\"]");
            }
            let mut rows = Vec::new();
            for r in &n.rows {
                let label = if let Some(l) = &r.label {
                    c.text(l, || format!("a row label of {what}"), false);
                    l.v.clone()
                } else {
                    c.missing(n.id.file, r.span.clone(), "label", || format!("a row of {what}"), "add label = \"…\"");
                    String::new()
                };
                let row_what = || format!("the row \"{}\" of {what}", r.label.as_ref().map_or("", |l| l.v.as_str()));
                let cells: Vec<Cell> = r.cells.iter().map(|cell| convert_cell(c, n, cell, &what)).collect();
                let when = r
                    .when
                    .as_ref()
                    .and_then(|w| c.condition(w, || format!("the `when` of {}", row_what()), Type::Bool));
                let highlight = r
                    .highlight
                    .as_ref()
                    .and_then(|h| c.condition(h, || format!("the `highlight` of {}", row_what()), Type::Bool));
                let row_sources = c.resolve_sources(&r.sources, row_what);
                if r.sources.is_empty() && r.cells.iter().all(|cell| cell.sources.is_empty()) {
                    c.uncited(
                        n.id.file,
                        r.span.clone(),
                        row_what,
                        "{ label = \"…\", cells = [\"…\"], sources = [\"cms-abn\"] }",
                    );
                }
                if r.cells.len() != columns.len() && !columns.is_empty() {
                    let d = Diagnostic::new(
                        Code::InvalidValue,
                        n.id.file,
                        r.span.clone(),
                        format!("a row of {what} has {} cells for {} columns", r.cells.len(), columns.len()),
                    )
                    .label("cells do not match columns")
                    .help("give one cell per column, in the same order (use \"\" for an empty cell)");
                    c.push(d);
                }
                rows.push(Row { label, cells, when, highlight, sources: row_sources });
            }
            if n.rows.is_empty() {
                c.missing(
                    n.id.file,
                    n.id.span.clone(),
                    "rows",
                    &what,
                    "add rows = [ { label = \"…\", cells = [\"…\", \"…\"] } ]",
                );
            }
            NodeKind::Compare { columns, rows, next: next(c, true)? }
        }
        _ => return None,
    };
    Some(Node { key: n.id.v.clone(), title, text, kind, question, sources })
}

/// One compare cell: its text, and the conditions and sources a table cell may have.
fn convert_cell(c: &mut Checker<'_>, n: &RawNode, cell: &super::raw::RawCell, what: &str) -> Cell {
    let text = if let Some(t) = &cell.text {
        c.text(t, || format!("a cell of {what}"), false);
        t.v.clone()
    } else {
        c.missing(
            n.id.file,
            cell.span.clone(),
            "text",
            || format!("a cell of {what}"),
            "add text = \"…\": what the cell says",
        );
        String::new()
    };
    let when =
        cell.when.as_ref().and_then(|w| c.condition(w, || format!("the `when` of a cell of {what}"), Type::Bool));
    let highlight = cell
        .highlight
        .as_ref()
        .and_then(|h| c.condition(h, || format!("the `highlight` of a cell of {what}"), Type::Bool));
    let sources = c.resolve_sources(&cell.sources, || format!("a cell of {what}"));
    Cell { text, when, highlight, sources }
}

fn bounds_words(min: Option<f64>, max: Option<f64>) -> String {
    use super::value::format_number as f;
    match (min, max) {
        (Some(a), Some(b)) => format!(" from {} to {}", f(a), f(b)),
        (Some(a), None) => format!(" of at least {}", f(a)),
        (None, Some(b)) => format!(" of at most {}", f(b)),
        (None, None) => String::new(),
    }
}

fn default_error(c: &mut Checker<'_>, d: &Sp<Value>, what: &str, label: &str, rule: &str) {
    let diag = Diagnostic::new(
        Code::DefaultOutOfBounds,
        d.file,
        d.span.clone(),
        format!("the default of {what} is not an answer the question accepts"),
    )
    .label(label.to_string())
    .help(format!("change the default; {rule}"));
    c.push(diag);
}

fn bounds_check(
    c: &mut Checker<'_>,
    n: &RawNode,
    what: &str,
    min: Option<f64>,
    max: Option<f64>,
    counts: bool,
) -> Option<()> {
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        let sp = n.min.as_ref().map_or(n.id.span.clone(), |m| m.span.clone());
        let d = Diagnostic::new(
            Code::BadBounds,
            n.id.file,
            sp,
            format!(
                "{what} has min {} greater than max {}",
                super::value::format_number(a),
                super::value::format_number(b)
            ),
        )
        .label("min is above max")
        .help("swap them, or raise max");
        c.push(d);
        return None;
    }
    let not_a_count = |m: f64| m < 0.0 || m.fract() != 0.0;
    if counts && (min.is_some_and(not_a_count) || max.is_some_and(not_a_count)) {
        // Point at the bound that is wrong, written or not (an unwritten one is its default).
        let culprit = [&n.min, &n.max].into_iter().flatten().find(|m| not_a_count(m.v));
        let sp = culprit.map_or(n.id.span.clone(), |m| m.span.clone());
        let d = Diagnostic::new(
            Code::InvalidValue,
            n.id.file,
            sp,
            format!("the min and max of {what} count ticked options, so they must be whole numbers of 0 or more"),
        )
        .label("not a count")
        .help("e.g. min = 1, max = 3");
        c.push(d);
        return None;
    }
    Some(())
}

fn convert_options(c: &mut Checker<'_>, n: &RawNode, kind: &str, node_next: Option<NodeId>) -> Option<Vec<Choice>> {
    let what = format!("{kind} node `{}`", n.id.v);
    if n.options.is_empty() {
        if c.was_unreadable(n.id.file, n.id.span.start, "options") {
            return None;
        }
        let span = n.options_span.clone().unwrap_or(n.id.span.clone());
        let d = Diagnostic::new(Code::NoOptions, n.id.file, span, format!("{what} has no options"))
            .label("nothing to choose")
            .help("add options = [ { value = \"yes\", label = \"Yes\" }, { value = \"no\", label = \"No\" } ]");
        c.push(d);
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for o in &n.options {
        let Some(value) = &o.value else {
            c.missing(
                n.id.file,
                o.span.clone(),
                "value",
                || format!("an option of {what}"),
                "add value = \"…\": what conditions compare against",
            );
            ok = false;
            continue;
        };
        if let Some(prev) = out.iter().position(|x: &Choice| x.value == value.v) {
            let d = Diagnostic::new(
                Code::DuplicateOption,
                value.file,
                value.span.clone(),
                format!("{what} has two options with the value \"{}\"", value.v),
            )
            .label("duplicate value")
            .help(format!("option {} already uses it; give each option its own value", prev + 1));
            c.push(d);
            ok = false;
            continue;
        }
        if let Some((at, ch)) = text::first_invisible(&value.v) {
            let d = Diagnostic::new(
                Code::ControlCharacter,
                value.file,
                inner_span(c.sources, value, at..at + ch.len_utf8()),
                format!("an option value of {what} has an invisible {}", text::describe_char(ch)),
            )
            .label("invisible here")
            .help("remove it: a value that looks like another must be the same value to conditions and saved answers");
            c.push(d);
            ok = false;
        } else {
            c.text(value, || format!("an option value of {what}"), false);
        }
        let label = if let Some(l) = &o.label {
            c.text(l, || format!("an option label of {what}"), false);
            l.v.clone()
        } else {
            c.missing(
                n.id.file,
                o.span.clone(),
                "label",
                || format!("an option of {what}"),
                "add label = \"…\": what the person reads",
            );
            ok = false;
            String::new()
        };
        let help = c.opt_text(o.help.as_ref(), || format!("an option's help in {what}"), false);
        let next = match (&o.next, kind) {
            (Some(s), "choice") => {
                let r = c.resolve_node(s, || format!("an option of {what}"));
                ok &= r.is_some();
                r
            }
            (Some(s), _) => {
                let d = Diagnostic::new(
                    Code::UnknownKey,
                    s.file,
                    s.span.clone(),
                    format!("options of {what} cannot have their own `next`"),
                )
                .label("only choice options can")
                .help("a multi answer has several values; use a branch node after it to route on them");
                c.push(d);
                ok = false;
                None
            }
            (None, "choice") => {
                if n.next.is_none() {
                    // Only the last option has a `next`: most likely the node's, written below
                    // the option tables.
                    let only_last = n.options.last().is_some_and(|l| l.next.is_some())
                        && n.options.iter().filter(|x| x.next.is_some()).count() == 1;
                    let help = if only_last {
                        format!(
                            "the `next` below the last [[nodes.{0}.options]] belongs to that option only; to send \
                             every option there, move the line up, above the first [[nodes.{0}.options]]",
                            n.id.v
                        )
                    } else {
                        "give the option a next = \"ID\", or give the node one as the default for all options"
                            .to_string()
                    };
                    c.missing(n.id.file, o.span.clone(), "next", || format!("option \"{}\" of {what}", value.v), &help);
                    ok = false;
                }
                node_next
            }
            (None, _) => None,
        };
        let sources = c.resolve_sources(&o.sources, || format!("option \"{}\" of {what}", value.v));
        out.push(Choice {
            value: value.v.clone(),
            label,
            help,
            next,
            sources,
            was: o.was.iter().map(|w| w.v.clone()).collect(),
        });
    }
    ok.then_some(out)
}

fn convert_rules(c: &mut Checker<'_>, n: &RawNode, what: &str) -> Option<Vec<Rule>> {
    let mut rules = Vec::new();
    let mut ok = true;
    let mut otherwise_at = None;
    for (i, r) in n.rules.iter().enumerate() {
        let when = if let Some(w) = &r.when {
            let e = c.condition(w, || format!("a rule of {what}"), Type::Bool);
            ok &= e.is_some();
            e
        } else {
            otherwise_at.get_or_insert(i);
            None
        };
        let why = c.opt_text(r.why.as_ref(), || format!("a rule's `why` in {what}"), false);
        let next = if let Some(s) = &r.next {
            c.resolve_node(s, || format!("a rule of {what}"))
        } else {
            c.missing(n.id.file, r.span.clone(), "next", || format!("a rule of {what}"), "add next = \"ID\"");
            None
        };
        match next {
            Some(next) => rules.push(Rule { when, next, why }),
            None => ok = false,
        }
    }
    match otherwise_at {
        None if c.was_unreadable(n.id.file, n.id.span.start, "rules") => return None,
        None => {
            let span = n.rules_span.clone().unwrap_or(n.id.span.clone());
            let d = Diagnostic::new(Code::NoOtherwise, n.id.file, span, format!("{what} has no rule without `when`"))
                .label("no otherwise")
                .help("add a last rule with no `when`, e.g. { next = \"ID\" }, for when no other rule holds");
            c.push(d);
            return None;
        }
        Some(i) if i + 1 != n.rules.len() => {
            let d = Diagnostic::new(
                Code::NoOtherwise,
                n.id.file,
                n.rules[i].span.clone(),
                format!("in {what}, the rule without `when` is not the last, so the rules after it never apply"),
            )
            .label("otherwise comes too early")
            .help("move the rule without `when` to the end");
            c.push(d);
            return None;
        }
        Some(_) => {}
    }
    ok.then_some(rules)
}

fn convert_test(c: &mut Checker<'_>, t: &super::raw::RawTest, nodes: &[Option<Node>]) -> Option<Scenario> {
    let name = t.name.as_ref().map_or_else(|| "unnamed scenario".to_string(), |n| n.v.clone());
    let what = format!("scenario \"{name}\"");
    let file = t.name.as_ref().map_or(FileId(0), |n| n.file);
    if t.name.is_none() {
        let f = t.expect.first().map_or(FileId(0), |e| e.file);
        c.missing(
            f,
            t.span.clone(),
            "name",
            "a [[tests]] scenario",
            "add name = \"…\" so failures can say which scenario failed",
        );
    }
    let mut ok = true;
    let mut answers = Vec::new();
    for (var, val) in &t.answers {
        if c.broken_vars.contains(&var.v) {
            ok = false;
            continue;
        }
        let Some(info) = c.vars.get(&var.v).filter(|_| !c.value_names.contains(&var.v)) else {
            let names: Vec<&str> = c.vars.keys().filter(|k| !c.value_names.contains(*k)).map(String::as_str).collect();
            let help = closest(&var.v, names.iter().copied()).map_or_else(
                || unknown_help(&var.v, "vars", names.iter().copied(), "use the `var` of a question"),
                |s| format!("did you mean `{s}`?"),
            );
            let d = Diagnostic::new(
                Code::TestUnknownVar,
                var.file,
                var.span.clone(),
                format!("{what} answers `{}`, but no question stores its answer under that name", var.v),
            )
            .label("no question has this `var`")
            .help(help);
            c.push(d);
            ok = false;
            continue;
        };
        let problem = match (&val.v, info.ty) {
            (Value::Text(s), Type::Text) => info.values.as_ref().and_then(|vals| {
                (!vals.contains(s)).then(|| {
                    let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
                    closest(s, refs.iter().copied()).map_or_else(
                        || format!("the values are: {}", quoted_list(&refs)),
                        |x| format!("did you mean \"{x}\"?"),
                    )
                })
            }),
            (Value::List(items), Type::List) => info.values.as_ref().and_then(|vals| {
                items.iter().find(|s| !vals.contains(s)).map(|bad| {
                    let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
                    closest(bad, refs.iter().copied()).map_or_else(
                        || format!("\"{bad}\" is not one of: {}", quoted_list(&refs)),
                        |x| format!("\"{bad}\": did you mean \"{x}\"?"),
                    )
                })
            }),
            (Value::Number(_), Type::Number) => None,
            (_, ty) => Some(format!(
                "`{}` takes {}",
                var.v,
                match ty {
                    Type::Text => "text (a string)",
                    Type::List => "a list of option values",
                    Type::Number => "a number",
                    Type::Bool => "true or false",
                }
            )),
        };
        if let Some(help) = problem {
            let d = Diagnostic::new(
                Code::TestUnknownValue,
                val.file,
                val.span.clone(),
                format!("{what} gives `{}` a value its question cannot take", var.v),
            )
            .label("not a possible answer")
            .help(help);
            c.push(d);
            ok = false;
            continue;
        }
        answers.push((var.v.clone(), val.v.clone()));
    }
    let mut item_list = |c: &mut Checker<'_>, list: &[Sp<String>]| -> Vec<ItemId> {
        let mut out = Vec::new();
        for e in list {
            if let Some(id) = c.item_keys.get(&e.v) {
                out.push(*id);
            } else {
                let help = unknown_help(
                    &e.v,
                    "checklist items",
                    c.item_keys.keys().map(String::as_str),
                    "name a [checklist.ID] item",
                );
                let d = Diagnostic::new(
                    Code::TestUnknownItem,
                    e.file,
                    e.span.clone(),
                    format!("{what} names a checklist item \"{}\" that does not exist", e.v),
                )
                .label("unknown item")
                .help(help);
                c.push(d);
                ok = false;
            }
        }
        out
    };
    let expect = item_list(c, &t.expect);
    let reject = item_list(c, &t.reject);
    let mut resolve = |c: &mut Checker<'_>, s: &Sp<String>| -> Option<NodeId> {
        if let Some((id, _, _)) = c.node_keys.get(&s.v) {
            return Some(*id);
        }
        let help = unknown_help(&s.v, "nodes", c.node_keys.keys().map(String::as_str), "name a node id");
        let d = Diagnostic::new(
            Code::TestUnknownItem,
            s.file,
            s.span.clone(),
            format!("{what} names a node \"{}\" that does not exist", s.v),
        )
        .label("unknown node")
        .help(help);
        c.push(d);
        ok = false;
        None
    };
    let path = t.path.as_ref().map(|p| p.iter().filter_map(|s| resolve(c, s)).collect::<Vec<_>>());
    let ends = t.ends.as_ref().and_then(|s| resolve(c, s));
    if let (Some(e), Some(sp)) = (ends, &t.ends)
        && nodes.get(e.0 as usize).and_then(Option::as_ref).is_some_and(|n| !matches!(n.kind, NodeKind::End))
    {
        let d = Diagnostic::new(
            Code::TestUnknownItem,
            sp.file,
            sp.span.clone(),
            format!("{what} expects to end at \"{}\", which is not an end node", sp.v),
        )
        .label("not an end node")
        .help("name a node with type = \"end\"");
        c.push(d);
        ok = false;
    }
    let _ = file;
    ok.then_some(Scenario { name, answers, expect, reject, path, ends })
}

/// `was` keeps saved answers working across renames, so an old name must not collide with a name
/// in use: an earlier var must not be a var today nor claimed twice, and an option's earlier value
/// must not be another option's value or claimed twice within its question.
fn check_was(c: &mut Checker<'_>, nodes: &[&RawNode], var_index: &HashMap<String, NodeId>) {
    let mut claimed: HashMap<&str, &str> = HashMap::new();
    for n in nodes {
        for old in &n.was {
            let problem = if !is_var(&old.v) {
                Some(format!("`was` name \"{}\" is not a usable answer name", old.v))
            } else if let Some(id) = var_index.get(&old.v) {
                Some(format!(
                    "`was` names \"{}\", which is still the answer name (`var`) of node `{}`",
                    old.v, nodes[id.0 as usize].id.v
                ))
            } else {
                claimed
                    .insert(old.v.as_str(), n.id.v.as_str())
                    .map(|first| format!("`was` name \"{}\" is already claimed by node `{first}`", old.v))
            };
            if let Some(message) = problem {
                let d = Diagnostic::new(Code::DuplicateVar, old.file, old.span.clone(), message)
                    .label("an earlier name must be free")
                    .help("list in `was` only names the guide no longer uses, each under one question");
                c.push(d);
            }
        }
        let values: Vec<&str> = n.options.iter().filter_map(|o| o.value.as_ref().map(|v| v.v.as_str())).collect();
        let mut old_values: Vec<&str> = Vec::new();
        for o in &n.options {
            for old in &o.was {
                let taken = if values.contains(&old.v.as_str()) {
                    Some("is still the value of an option")
                } else if old_values.contains(&old.v.as_str()) {
                    Some("is already the earlier value of another option")
                } else {
                    None
                };
                if let Some(taken) = taken {
                    let d = Diagnostic::new(
                        Code::DuplicateOption,
                        old.file,
                        old.span.clone(),
                        format!("earlier value \"{}\" in node `{}` {taken}", old.v, n.id.v),
                    )
                    .label("used twice")
                    .help("an earlier value must map to exactly one option, and no option may still have it");
                    c.push(d);
                } else {
                    old_values.push(old.v.as_str());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::load::load_str;
    use super::*;

    /// A small guide with a choice, a number, a section and an item; `extra` is appended.
    fn guide(extra: &str) -> String {
        format!(
            r#"format = 1
[guide]
id = "t"
title = "T"
start = "ask"
disclaimer = "d"
reviewed = 2026-11-01
[sections.call]
title = "Call"
[nodes.ask]
type = "choice"
var = "answer"
next = "count"
options = [ {{ value = "yes", label = "Yes" }}, {{ value = "no", label = "No" }} ]
[nodes.count]
type = "number"
var = "count"
next = "done"
[nodes.done]
type = "end"
[checklist.first]
section = "call"
text = "First."
{extra}"#
        )
    }

    fn codes(text: &str) -> Vec<&'static str> {
        let opts = CheckOptions { today: Date { year: 2026, month: 11, day: 27 }, ..CheckOptions::default() };
        load_str("t.toml", text, opts).diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn the_test_guide_loads() {
        assert_eq!(codes(&guide("")), Vec::<&str>::new());
    }

    #[test]
    fn control_characters_in_conditions_and_values_are_refused() {
        let when = guide("when = \"answer == \\\"y\\u001b[2J\\\"\"\n");
        assert_eq!(codes(&when), ["E0503"]);
        let value = guide("[values]\ntotal = \"count * 2 \\u202e\"\n");
        assert_eq!(codes(&value), ["E0503"]);
    }

    #[test]
    fn section_and_item_ids_with_odd_characters_are_refused() {
        let section = guide("[sections.\"call\\u001b[2J\"]\ntitle = \"S\"\n");
        assert!(codes(&section).contains(&"E0205"), "{:?}", codes(&section));
        let item = guide("[checklist.\"second one\"]\nsection = \"call\"\ntext = \"T\"\n");
        assert_eq!(codes(&item), ["E0205"]);
    }

    #[test]
    fn a_section_title_may_name_any_var_or_value() {
        let text = guide("[values]\ntotal = \"count * 2\"\n")
            .replace("title = \"Call\"", "title = \"Before {answer} ({count}, {total|money})\"");
        assert_eq!(codes(&text), Vec::<&str>::new());
        let typo = text.replace("{answer}", "{answr}");
        assert_eq!(codes(&typo), ["E0502"]);
    }
}
