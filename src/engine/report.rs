//! Everything an export shows, gathered once from the guide and the session, so every format
//! says the same thing.

use serde::Serialize;

use super::answer;
use super::session::Session;
use crate::guide::text::{find_terms, parse_markup, sanitize, to_plain};
use crate::guide::{Guide, Value};

/// The version of the JSON shape; bumped only when a field changes meaning or disappears.
pub const REPORT_FORMAT: u32 = 1;

/// The guide, as exports name it.
#[derive(Debug, Clone, Serialize)]
pub struct GuideInfo {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its content version.
    pub version: String,
    /// When the facts were last checked (YYYY-MM-DD).
    pub reviewed: Option<String>,
    /// Information, not advice.
    pub disclaimer: String,
    /// The always-visible line, e.g. a crisis number.
    pub banner: Option<String>,
}

/// One answer on the path.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerLine {
    /// The var.
    pub var: String,
    /// The question's node id.
    pub node: String,
    /// The question's title.
    pub question: String,
    /// The value as stored.
    pub value: Value,
    /// The value as a person reads it (labels, units).
    pub shown: String,
}

/// One checklist item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemLine {
    /// Its key.
    pub id: String,
    /// The line, as plain text.
    pub text: String,
    /// The line with light markup.
    pub markup: String,
    /// The details, as plain text.
    pub details: Option<String>,
    /// The details with light markup.
    pub details_markup: Option<String>,
    /// Ticked by the person.
    pub ticked: bool,
    /// Keys of the resources attached.
    pub resources: Vec<String>,
}

/// One checklist section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionLine {
    /// Its key.
    pub id: String,
    /// Its heading.
    pub title: String,
    /// Its items.
    pub items: Vec<ItemLine>,
}

/// A resource.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceLine {
    /// Its key.
    pub id: String,
    /// Its name.
    pub title: String,
    /// A link.
    pub url: Option<String>,
    /// A phone number.
    pub phone: Option<String>,
    /// What it offers, as plain text.
    pub text: Option<String>,
}

/// A source of the guide's facts.
#[derive(Debug, Clone, Serialize)]
pub struct SourceLine {
    /// Its title.
    pub title: String,
    /// Where it is.
    pub url: Option<String>,
    /// Its date (YYYY-MM-DD).
    pub date: Option<String>,
}

/// A glossary entry used by the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct TermLine {
    /// The term.
    pub term: String,
    /// What it means.
    pub definition: String,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The shape's version.
    pub format: u32,
    /// The guide.
    pub guide: GuideInfo,
    /// Answers on the path, in the order asked.
    pub answers: Vec<AnswerLine>,
    /// The checklist.
    pub checklist: Vec<SectionLine>,
    /// Resources the checklist points to.
    pub resources: Vec<ResourceLine>,
    /// Where the facts come from.
    pub sources: Vec<SourceLine>,
    /// Terms the checklist uses.
    pub glossary: Vec<TermLine>,
}

fn plain(markup: &str) -> String {
    to_plain(&parse_markup(markup))
}

/// Gathers the report for a session. Every text is cleaned of control characters here, so no
/// export can carry an escape sequence.
pub fn build(guide: &Guide, session: &Session) -> Report {
    let clean = |s: &str| sanitize(s).into_owned();
    let meta = &guide.meta;
    let env = session.env(guide);
    let mut answers = Vec::new();
    for (var, value) in session.path_answers(guide) {
        let Some(id) = guide.var_node(var) else { continue };
        let node = guide.node(id);
        answers.push(AnswerLine {
            var: var.to_string(),
            node: node.key.clone(),
            question: clean(&env.interpolate(&node.title)),
            value: sanitize_value(value),
            shown: clean(&answer::describe(node, value)),
        });
    }
    let checklist = session.checklist(guide);
    let sections: Vec<SectionLine> = checklist
        .sections
        .iter()
        .map(|s| SectionLine {
            id: guide.section(s.id).key.clone(),
            title: clean(&s.title),
            items: s
                .items
                .iter()
                .map(|i| ItemLine {
                    id: i.key.clone(),
                    text: clean(&plain(&i.text)),
                    markup: clean(&i.text),
                    details: i.details.as_deref().map(|d| clean(&plain(d))),
                    details_markup: i.details.as_deref().map(clean),
                    ticked: session.ticked().contains(&i.key),
                    resources: i.resources.iter().map(|r| guide.resource(*r).key.clone()).collect(),
                })
                .collect(),
        })
        .collect();
    let resources = checklist
        .resources()
        .into_iter()
        .map(|r| {
            let r = guide.resource(r);
            ResourceLine {
                id: r.key.clone(),
                title: clean(&r.title),
                url: r.url.clone(),
                phone: r.phone.as_deref().map(clean),
                text: r.text.as_deref().map(|t| clean(&plain(&env.interpolate(t)))),
            }
        })
        .collect();
    let sources = meta
        .sources
        .iter()
        .map(|s| SourceLine { title: clean(&s.title), url: s.url.clone(), date: s.date.map(|d| d.to_string()) })
        .collect();
    let terms: Vec<&str> = guide.glossary.iter().map(|(t, _)| t.as_str()).collect();
    let mut used = vec![false; terms.len()];
    for item in checklist.items() {
        for text in std::iter::once(&item.text).chain(item.details.as_ref()) {
            for (_, t) in find_terms(text, &terms) {
                used[t] = true;
            }
        }
    }
    let glossary = guide
        .glossary
        .iter()
        .zip(used)
        .filter(|(_, u)| *u)
        .map(|((t, d), _)| TermLine { term: clean(t), definition: clean(d) })
        .collect();
    Report {
        format: REPORT_FORMAT,
        guide: GuideInfo {
            id: meta.id.clone(),
            title: clean(&meta.title),
            version: clean(&meta.version),
            reviewed: meta.reviewed.map(|d| d.to_string()),
            disclaimer: clean(&plain(&meta.disclaimer)),
            banner: meta.banner.as_deref().map(clean),
        },
        answers,
        checklist: sections,
        resources,
        sources,
        glossary,
    }
}

fn sanitize_value(v: &Value) -> Value {
    match v {
        Value::Text(t) => Value::Text(sanitize(t).into_owned()),
        Value::List(l) => Value::List(l.iter().map(|x| sanitize(x).into_owned()).collect()),
        other => other.clone(),
    }
}
