//! Every name a guide defines and every place it is used, with spans, read from the raw structs
//! (which keep where each value was written) rather than the checked model, so it exists even for
//! a guide with errors and reaches inside conditions, `{...}` slots and tests.

use std::ops::Range;

use crate::guide::raw::{RawFile, Sp};
use crate::guide::string_map::source_range;
use crate::guide::text::{LinkTarget, link_targets};
use crate::guide::value::Value;

use super::analysis::Analysis;

/// What sort of name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `[nodes.ID]`.
    Node,
    /// A question's `var`, or a `[values]` name (both are read in conditions and slots).
    Var,
    /// An option's `value`; its scope is the question's var.
    Value,
    /// `[sections.ID]`.
    Section,
    /// `[resources.ID]`.
    Resource,
    /// A `[[guide.sources]]` id.
    Source,
    /// `[checklist.ID]`.
    Item,
    /// A `[glossary]` term.
    Term,
}

impl Kind {
    /// The word used in messages.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Node => "node",
            Kind::Var => "var",
            Kind::Value => "option value",
            Kind::Section => "section",
            Kind::Resource => "resource",
            Kind::Source => "source",
            Kind::Item => "checklist item",
            Kind::Term => "glossary term",
        }
    }
}

/// One definition or use of a name.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// What sort of name.
    pub kind: Kind,
    /// The name.
    pub name: String,
    /// For option values, the var they belong to.
    pub scope: Option<String>,
    /// The file (index into [`Analysis::files`]).
    pub file: usize,
    /// The bytes of the name itself (never the quotes), in the text the file was parsed from.
    pub span: Range<usize>,
    /// True for the definition.
    pub def: bool,
    /// For definitions: a short description (a node's type and title, an option's label).
    pub detail: String,
}

/// A reference to another file.
#[derive(Debug, Clone)]
pub struct Include {
    /// The including file.
    pub file: usize,
    /// The path as written, without quotes.
    pub span: Range<usize>,
    /// The file it names, when it is part of the guide.
    pub target: Option<usize>,
}

/// All names of one guide.
#[derive(Debug, Default)]
pub struct Index {
    /// Definitions and uses, in file order.
    pub occurrences: Vec<Occurrence>,
    /// `include` entries.
    pub includes: Vec<Include>,
}

impl Index {
    /// Reads every file's last good parse.
    pub fn build(analysis: &Analysis) -> Index {
        let mut index = Index::default();
        for (f, data) in analysis.files.iter().enumerate() {
            let Some(parsed) = &data.parsed else { continue };
            let mut b = Builder { file: f, text: &parsed.text, out: &mut index.occurrences };
            b.file_entries(&parsed.raw);
            for inc in &parsed.raw.include {
                let dir = data.path.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
                let target_path = super::analysis::normalize(&dir.join(&inc.v));
                let canon = target_path.canonicalize().unwrap_or(target_path);
                let target = analysis.file_index(&canon);
                index.includes.push(Include { file: f, span: unquote(&parsed.text, &inc.span), target });
            }
        }
        index
    }

    /// The occurrence under a byte offset of a file.
    pub fn at(&self, file: usize, offset: usize) -> Option<&Occurrence> {
        self.occurrences.iter().find(|o| o.file == file && o.span.start <= offset && offset <= o.span.end)
    }

    /// Definitions of a name.
    pub fn defs<'a>(
        &'a self,
        kind: Kind,
        name: &'a str,
        scope: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.all(kind, name, scope).filter(|o| o.def)
    }

    /// Every occurrence (definitions and uses) of a name.
    pub fn all<'a>(
        &'a self,
        kind: Kind,
        name: &'a str,
        scope: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.occurrences.iter().filter(move |o| {
            o.kind == kind && o.name == name && (kind != Kind::Value || scope.is_none() || o.scope.as_deref() == scope)
        })
    }

    /// Distinct definitions of one kind.
    pub fn defs_of(&self, kind: Kind) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| o.def && o.kind == kind)
    }
}

/// The inside of a quoted string's span (`"x"` → `x`); a bare key's span as it is.
pub fn unquote(text: &str, span: &Range<usize>) -> Range<usize> {
    let s = text.get(span.clone()).unwrap_or("");
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if s.len() >= 2 * q.len() && s.starts_with(q) && s.ends_with(q) {
            return span.start + q.len()..span.end - q.len();
        }
    }
    span.clone()
}

/// Words of the condition language that are not names.
const KEYWORDS: &[&str] = &["and", "or", "not", "in", "true", "false", "answered"];

/// A token of a condition that matters for names: an identifier or a string literal, with its
/// byte range in the condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A var or computed value name.
    Name(Range<usize>),
    /// A quoted text, range without the quotes.
    Text(Range<usize>),
    /// `and`, `or`, `not`, `(`, `)`, `[`... anything that separates comparisons.
    Break,
    /// Any other operator.
    Other,
}

/// Splits a condition into tokens; never fails, so half-typed conditions still complete.
pub fn tokens(src: &str) -> Vec<Token> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let word = &src[start..i];
            out.push(match word {
                "and" | "or" | "not" => Token::Break,
                w if KEYWORDS.contains(&w) => Token::Other,
                _ => Token::Name(start..i),
            });
        } else if c == b'"' || c == b'\'' {
            let start = i + 1;
            i += 1;
            while i < b.len() && b[i] != c {
                i += 1;
            }
            out.push(Token::Text(start..i));
            i += 1;
        } else if c == b'(' || c == b')' {
            out.push(Token::Break);
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else {
            out.push(Token::Other);
            i += 1;
        }
    }
    out
}

/// The var a quoted text at `tokens[at]` is compared with: the name before it in the same
/// comparison, else the name after it (`"a" in ticked`).
pub fn compared_var<'s>(src: &'s str, toks: &[Token], at: usize) -> Option<&'s str> {
    let back = toks[..at].iter().rev().take_while(|t| **t != Token::Break).find_map(|t| match t {
        Token::Name(r) => src.get(r.clone()),
        _ => None,
    });
    back.or_else(|| {
        toks[at + 1..].iter().take_while(|t| **t != Token::Break).find_map(|t| match t {
            Token::Name(r) => src.get(r.clone()),
            _ => None,
        })
    })
}

/// The `{name|filter}` slots of a text: the name's byte range in the text.
pub fn slots(src: &str) -> Vec<Range<usize>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            if b.get(i + 1) == Some(&b'{') {
                i += 2;
                continue;
            }
            let start = i + 1;
            let mut j = start;
            while j < b.len() && !matches!(b[j], b'|' | b'}' | b'{' | b'\n') {
                j += 1;
            }
            let name = &src[start..j];
            let lead = name.len() - name.trim_start().len();
            let trimmed = name.trim();
            if !trimmed.is_empty() {
                out.push(start + lead..start + lead + trimmed.len());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

struct Builder<'a> {
    file: usize,
    text: &'a str,
    out: &'a mut Vec<Occurrence>,
}

impl Builder<'_> {
    fn push(&mut self, kind: Kind, name: &str, scope: Option<&str>, span: Range<usize>, def: bool, detail: String) {
        self.out.push(Occurrence {
            kind,
            name: name.to_string(),
            scope: scope.map(str::to_string),
            file: self.file,
            span,
            def,
            detail,
        });
    }

    fn def(&mut self, kind: Kind, sp: &Sp<String>, scope: Option<&str>, detail: String) {
        let span = unquote(self.text, &sp.span);
        self.push(kind, &sp.v, scope, span, true, detail);
    }

    fn use_(&mut self, kind: Kind, sp: &Sp<String>) {
        let span = unquote(self.text, &sp.span);
        self.push(kind, &sp.v, None, span, false, String::new());
    }

    fn uses(&mut self, kind: Kind, list: &[Sp<String>]) {
        for sp in list {
            self.use_(kind, sp);
        }
    }

    /// A byte range inside a string's value, as bytes of the file (escapes accounted for).
    fn inner(&self, sp: &Sp<String>, inner: &Range<usize>) -> Option<Range<usize>> {
        let raw = self.text.get(sp.span.clone())?;
        source_range(raw, &sp.v, inner).map(|r| sp.span.start + r.start..sp.span.start + r.end)
    }

    fn condition(&mut self, sp: Option<&Sp<String>>) {
        let Some(sp) = sp else { return };
        let src = sp.v.as_str();
        let toks = tokens(src);
        for (i, t) in toks.iter().enumerate() {
            match t {
                Token::Name(r) => {
                    if let Some(span) = self.inner(sp, r) {
                        self.push(Kind::Var, &src[r.clone()], None, span, false, String::new());
                    }
                }
                Token::Text(r) => {
                    let var = compared_var(src, &toks, i);
                    if let (Some(var), Some(span), Some(value)) = (var, self.inner(sp, r), src.get(r.clone())) {
                        self.push(Kind::Value, value, Some(var), span, false, String::new());
                    }
                }
                Token::Break | Token::Other => {}
            }
        }
    }

    fn template(&mut self, sp: Option<&Sp<String>>) {
        let Some(sp) = sp else { return };
        for r in slots(&sp.v) {
            if let Some(span) = self.inner(sp, &r) {
                self.push(Kind::Var, &sp.v[r.clone()], None, span, false, String::new());
            }
        }
        for (target, r) in link_targets(&sp.v) {
            if let LinkTarget::Resource(id) = target
                && let Some(at) = sp.v.get(r.clone()).and_then(|s| s.find(id.as_str()))
            {
                let r = r.start + at..r.start + at + id.len();
                if let Some(span) = self.inner(sp, &r) {
                    self.push(Kind::Resource, &id, None, span, false, String::new());
                }
            }
        }
    }

    fn file_entries(&mut self, raw: &RawFile) {
        if let Some(meta) = &raw.guide {
            if let Some(start) = &meta.start {
                self.use_(Kind::Node, start);
            }
            for s in &meta.sources {
                if let Some(id) = &s.id {
                    let title = s.title.as_ref().map(|t| t.v.clone()).unwrap_or_default();
                    self.def(Kind::Source, id, None, title);
                }
            }
            for t in [&meta.summary, &meta.disclaimer, &meta.banner] {
                self.template(t.as_ref());
            }
        }
        for s in &raw.sections {
            let title = s.title.as_ref().map(|t| t.v.clone()).unwrap_or_default();
            self.def(Kind::Section, &s.id, None, title);
        }
        for n in &raw.nodes {
            let kind = n.kind.as_ref().map_or("?", |k| k.v.as_str());
            let title = n.title.as_ref().map_or(n.id.v.as_str(), |t| t.v.as_str());
            self.def(Kind::Node, &n.id, None, format!("{kind}: {title}"));
            if let Some(var) = &n.var {
                self.def(Kind::Var, var, None, format!("set by {} ({title})", n.id.v));
            }
            if let Some(next) = &n.next {
                self.use_(Kind::Node, next);
            }
            self.template(n.title.as_ref());
            self.template(n.text.as_ref());
            self.uses(Kind::Source, &n.sources);
            for o in &n.options {
                if let (Some(value), Some(var)) = (&o.value, &n.var) {
                    let label = o.label.as_ref().map(|l| l.v.clone()).unwrap_or_default();
                    self.def(Kind::Value, value, Some(&var.v), label);
                }
                if let Some(next) = &o.next {
                    self.use_(Kind::Node, next);
                }
                self.template(o.label.as_ref());
                self.template(o.help.as_ref());
                self.uses(Kind::Source, &o.sources);
            }
            for r in &n.rules {
                self.condition(r.when.as_ref());
                if let Some(next) = &r.next {
                    self.use_(Kind::Node, next);
                }
                self.template(r.why.as_ref());
            }
            for row in &n.rows {
                self.template(row.label.as_ref());
                self.condition(row.when.as_ref());
                self.condition(row.highlight.as_ref());
                self.uses(Kind::Source, &row.sources);
                for c in &row.cells {
                    self.template(c.text.as_ref());
                    self.condition(c.when.as_ref());
                    self.condition(c.highlight.as_ref());
                    self.uses(Kind::Source, &c.sources);
                }
            }
        }
        for (name, expr) in &raw.values {
            self.def(Kind::Var, name, None, format!("computed: {}", expr.v));
            self.condition(Some(expr));
        }
        for item in &raw.checklist {
            let text = item.text.as_ref().map(|t| t.v.clone()).unwrap_or_default();
            self.def(Kind::Item, &item.id, None, text);
            if let Some(section) = &item.section {
                self.use_(Kind::Section, section);
            }
            self.condition(item.when.as_ref());
            self.template(item.text.as_ref());
            self.template(item.details.as_ref());
            self.uses(Kind::Resource, &item.resources);
            self.uses(Kind::Source, &item.sources);
        }
        for r in &raw.resources {
            let title = r.title.as_ref().map(|t| t.v.clone()).unwrap_or_default();
            self.def(Kind::Resource, &r.id, None, title);
            self.template(r.text.as_ref());
        }
        for (term, definition) in &raw.glossary {
            self.def(Kind::Term, term, None, definition.v.clone());
        }
        for t in &raw.tests {
            for (var, value) in &t.answers {
                self.use_(Kind::Var, var);
                self.answer_values(&var.v, value);
            }
            self.uses(Kind::Item, &t.expect);
            self.uses(Kind::Item, &t.reject);
            if let Some(path) = &t.path {
                self.uses(Kind::Node, path);
            }
            if let Some(ends) = &t.ends {
                self.use_(Kind::Node, ends);
            }
        }
    }

    /// The option values in a test's answer: one string, or each string of an array.
    fn answer_values(&mut self, var: &str, value: &Sp<Value>) {
        let wanted: Vec<&str> = match &value.v {
            Value::Text(s) => vec![s.as_str()],
            Value::List(items) => items.iter().map(String::as_str).collect(),
            Value::Bool(_) | Value::Number(_) | Value::Date(_) => return,
        };
        let Some(src) = self.text.get(value.span.clone()) else { return };
        let toks = tokens(src);
        for t in toks {
            if let Token::Text(r) = t
                && let Some(s) = src.get(r.clone())
                && wanted.contains(&s)
            {
                let span = value.span.start + r.start..value.span.start + r.end;
                self.push(Kind::Value, s, Some(var), span, false, String::new());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_compared_with_the_name_beside_it() {
        let src = r#"plan == "ppo" and "ssri" in tried"#;
        let toks = tokens(src);
        let texts: Vec<(&str, Option<&str>)> = toks
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t {
                Token::Text(r) => Some((&src[r.clone()], compared_var(src, &toks, i))),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec![("ppo", Some("plan")), ("ssri", Some("tried"))]);
    }

    #[test]
    fn slots_skip_doubled_braces_and_stop_at_filters() {
        let src = "{{x}} costs {price | money} for { who }";
        let names: Vec<&str> = slots(src).into_iter().map(|r| &src[r]).collect();
        assert_eq!(names, vec!["price", "who"]);
    }
}
