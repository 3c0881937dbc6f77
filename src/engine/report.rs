//! Everything an export shows, gathered once from the guide and the session, so every format
//! says the same thing.

use serde::Serialize;

use super::answer;
use super::compare;
use super::session::Session;
use crate::guide::model::{NodeKind, SourceId};
use crate::guide::text::{Block, LinkTarget, parse_markup, render_markup, sanitize, sanitize_line, to_plain};
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
    /// Its language (BCP 47 tag), so a page can tell screen readers how to pronounce it.
    pub language: String,
    /// When the facts were last checked (YYYY-MM-DD).
    pub reviewed: Option<String>,
    /// Information, not advice.
    pub disclaimer: String,
    /// The always-visible line, e.g. a crisis number.
    pub banner: Option<String>,
    /// Who wrote it, who paid, conflicts, how it is kept up to date, how to report an error:
    /// only what the guide says, in that order.
    pub about: Vec<AboutLine>,
}

/// One part of "About this guide".
#[derive(Debug, Clone, Serialize)]
pub struct AboutLine {
    /// The `[guide]` key it comes from: `author`, `funding`, `conflicts`, `updates` or `contact`.
    pub key: String,
    /// Its heading, e.g. "Written by".
    pub label: String,
    /// What the guide says, as plain text.
    pub text: String,
    /// The same as styled blocks, for exports that keep links (see [`ItemLine::blocks`]).
    #[serde(skip)]
    pub blocks: Vec<Block>,
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
    /// The question is marked private (listed only when the person chose to include it).
    pub private: bool,
}

/// One checklist item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemLine {
    /// Its key.
    pub id: String,
    /// The line, as plain text.
    pub text: String,
    /// The line as styled blocks, for exports that keep bold, emphasis and links. Markup is
    /// parsed before answers are filled in, so an answer can never add a link or a style.
    #[serde(skip)]
    pub blocks: Vec<Block>,
    /// The details, as plain text.
    pub details: Option<String>,
    /// The details as styled blocks (see `blocks`).
    #[serde(skip)]
    pub details_blocks: Option<Vec<Block>>,
    /// Ticked by the person.
    pub ticked: bool,
    /// Keys of the resources attached.
    pub resources: Vec<String>,
    /// The numbers of the sources behind it, in [`Report::sources`].
    pub sources: Vec<usize>,
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
    /// Its number, counted from 1 in order of first use, when the guide cites its sources;
    /// `None` in a guide that cites nothing (then every source is listed).
    pub number: Option<usize>,
    /// Its id in the guide, if it has one.
    pub id: Option<String>,
    /// `official`, `peer-reviewed`, `preprint`, `news` or `clinic`, when the guide says.
    pub kind: Option<String>,
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

impl SourceLine {
    /// Its kind and date as people read them after the title: "official, 2025-06-01";
    /// empty when the guide gives neither.
    pub fn facts(&self) -> String {
        [self.kind.as_deref(), self.date.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")
    }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The shape's version.
    pub format: u32,
    /// The guide.
    pub guide: GuideInfo,
    /// Answers on the path, in the order asked (private ones only when included).
    pub answers: Vec<AnswerLine>,
    /// How many answers to private questions were left out of `answers`.
    pub private_answers_left_out: usize,
    /// The checklist.
    pub checklist: Vec<SectionLine>,
    /// Resources the checklist points to.
    pub resources: Vec<ResourceLine>,
    /// Where the facts come from: in a guide that cites its sources, those behind this
    /// checklist and the path to it, numbered; otherwise every source of the guide.
    pub sources: Vec<SourceLine>,
    /// Terms the checklist uses.
    pub glossary: Vec<TermLine>,
}

/// Choices the person makes about what a report holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// List the answers to private questions too (they are left out unless the person asks).
    pub include_private: bool,
}

fn plain(markup: &str) -> String {
    to_plain(&parse_markup(markup))
}

/// Blocks with every text and link target cleaned of control characters.
fn clean_blocks(mut blocks: Vec<Block>) -> Vec<Block> {
    for block in &mut blocks {
        let (Block::Paragraph(inlines) | Block::ListItem(inlines)) = block;
        for inline in inlines {
            inline.text = sanitize(&inline.text).into_owned();
            inline.link = inline.link.take().map(|l| match l {
                LinkTarget::Url(u) => LinkTarget::Url(sanitize_line(&u).into_owned()),
                LinkTarget::Resource(r) => LinkTarget::Resource(sanitize_line(&r).into_owned()),
            });
        }
    }
    blocks
}

/// Gathers the report for a session, leaving out private answers.
pub fn build(guide: &Guide, session: &Session) -> Report {
    build_with(guide, session, ReportOptions::default())
}

/// The sources behind a session, in order of first use: the checklist's items first, then
/// the pages, chosen options and compare rows on the path. Options of private questions are
/// left out unless private answers are included, since a source can tell what was answered.
fn cited(guide: &Guide, session: &Session, checklist: &super::Checklist, include_private: bool) -> Vec<SourceId> {
    let mut order: Vec<SourceId> = Vec::new();
    let mut add = |ids: &[SourceId]| {
        for id in ids {
            if !order.contains(id) {
                order.push(*id);
            }
        }
    };
    for item in checklist.items() {
        add(&guide.item(item.id).sources);
    }
    let env = session.env(guide);
    for visit in session.history() {
        let node = guide.node(visit.node);
        add(&node.sources);
        if let Some(q) = &node.question
            && (include_private || !q.private)
        {
            let picked: &[String] = match session.stored(&q.var) {
                Some(Value::Text(v)) => std::slice::from_ref(v),
                Some(Value::List(vs)) => vs,
                _ => &[],
            };
            for o in node.options().iter().filter(|o| picked.contains(&o.value)) {
                add(&o.sources);
            }
        }
        if let NodeKind::Compare { columns, rows, .. } = &node.kind {
            for row in compare::resolve(columns, rows, &env).rows {
                add(&row.sources);
            }
        }
    }
    order
}

/// Gathers the report for a session. Every text is cleaned of control characters here, so no
/// export can carry an escape sequence.
pub fn build_with(guide: &Guide, session: &Session, options: ReportOptions) -> Report {
    let clean = |s: &str| sanitize(s).into_owned();
    // Titles, labels and answers stay on one line in every format.
    let line = |s: &str| sanitize_line(s).into_owned();
    let meta = &guide.meta;
    let env = session.env(guide);
    let lookup = env.lookup();
    let blocks_of = |template: &str| clean_blocks(render_markup(template, &lookup));
    let mut answers = Vec::new();
    let mut private_answers_left_out = 0;
    for (var, value) in session.path_answers(guide) {
        let Some(id) = guide.var_node(var) else { continue };
        let node = guide.node(id);
        let private = node.question.as_ref().is_some_and(|q| q.private);
        if private && !options.include_private {
            private_answers_left_out += 1;
            continue;
        }
        answers.push(AnswerLine {
            var: var.to_string(),
            node: node.key.clone(),
            question: line(&env.interpolate(&node.title)),
            value: sanitize_value(value),
            shown: line(&answer::describe(node, value)),
            private,
        });
    }
    let checklist = session.checklist(guide);
    let order =
        if guide.cites_sources() { cited(guide, session, &checklist, options.include_private) } else { Vec::new() };
    let number_of = |id: &SourceId| order.iter().position(|o| o == id).map(|i| i + 1);
    let sections: Vec<SectionLine> = checklist
        .sections
        .iter()
        .map(|s| SectionLine {
            id: guide.section(s.id).key.clone(),
            title: line(&s.title),
            items: s
                .items
                .iter()
                .map(|i| ItemLine {
                    id: i.key.clone(),
                    text: to_plain(&blocks_of(&guide.item(i.id).text)),
                    blocks: blocks_of(&guide.item(i.id).text),
                    details: guide.item(i.id).details.as_deref().map(|d| to_plain(&blocks_of(d))),
                    details_blocks: guide.item(i.id).details.as_deref().map(blocks_of),
                    ticked: session.ticked().contains(&i.key),
                    resources: i.resources.iter().map(|r| guide.resource(*r).key.clone()).collect(),
                    sources: guide.item(i.id).sources.iter().filter_map(number_of).collect(),
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
                title: line(&r.title),
                url: r.url.as_deref().map(clean_url),
                phone: r.phone.as_deref().map(line),
                text: r.text.as_deref().map(|t| to_plain(&blocks_of(t))),
            }
        })
        .collect();
    let source_line = |s: &crate::guide::model::Source, number: Option<usize>| SourceLine {
        number,
        id: s.key.clone(),
        kind: s.kind.map(|k| k.as_str().to_string()),
        title: line(&s.title),
        url: s.url.as_deref().map(clean_url),
        date: s.date.map(|d| d.to_string()),
    };
    let sources = if guide.cites_sources() {
        order.iter().enumerate().map(|(i, id)| source_line(meta.source(*id), Some(i + 1))).collect()
    } else {
        meta.sources.iter().map(|s| source_line(s, None)).collect()
    };
    let about = meta
        .about()
        .into_iter()
        .map(|(key, label, text)| AboutLine {
            key: key.to_string(),
            label: label.to_string(),
            text: to_plain(&blocks_of(text)),
            blocks: blocks_of(text),
        })
        .collect();
    let texts = checklist.items().flat_map(|item| std::iter::once(&item.text).chain(item.details.as_ref()));
    let glossary = guide
        .glossary_used_in(texts.map(String::as_str))
        .into_iter()
        .map(|(t, d)| TermLine { term: line(t), definition: clean(d) })
        .collect();
    Report {
        format: REPORT_FORMAT,
        guide: GuideInfo {
            id: meta.id.clone(),
            title: line(&meta.title),
            version: line(&meta.version),
            language: line(&meta.language),
            reviewed: meta.reviewed.map(|d| d.to_string()),
            disclaimer: clean(&plain(&meta.disclaimer)),
            banner: meta.banner.as_deref().map(line),
            about,
        },
        answers,
        private_answers_left_out,
        checklist: sections,
        resources,
        sources,
        glossary,
    }
}

fn clean_url(url: &str) -> String {
    sanitize_line(url).into_owned()
}

fn sanitize_value(v: &Value) -> Value {
    match v {
        Value::Text(t) => Value::Text(sanitize(t).into_owned()),
        Value::List(l) => Value::List(l.iter().map(|x| sanitize(x).into_owned()).collect()),
        other => other.clone(),
    }
}
