//! The content of each overlay: help, search, review, glossary, details, quit, save, problems.

use std::ops::Range;

use ratatui::style::Modifier;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use super::page::{Ctx, message_segs};
use super::rich::{Rich, Seg, truncate};
use crate::engine::answer;
use crate::guide::text::{sanitize, sanitize_line};
use crate::search::{Field, Hit, Target};
use crate::tui::app::{App, Message, Overlay, SaveDialog, SearchState};
use crate::tui::keymap::{self, Context};

/// What an overlay shows: a title, lines fixed at the top (the search box), the body that
/// scrolls, and whether it wants the whole screen or just enough room.
pub(crate) struct OverlayContent {
    pub title: String,
    pub header: Rich,
    pub body: Rich,
    pub tall: bool,
}

/// Builds the content of the open overlay for an inner width.
pub(crate) fn content(app: &App, overlay: &Overlay, width: usize) -> OverlayContent {
    let cx = Ctx::new(app);
    let mut header = Rich::new(width);
    let mut body = Rich::new(width);
    let (title, tall) = match overlay {
        Overlay::Help { .. } => {
            help(&cx, &mut body);
            ("Keys", false)
        }
        Overlay::Search(s) => {
            search(&cx, s, &mut header, &mut body);
            ("Search", true)
        }
        Overlay::Review { cursor, .. } => {
            review(&cx, *cursor, &mut body);
            ("Your answers", true)
        }
        Overlay::Glossary { .. } => {
            glossary(&cx, &mut body);
            ("Terms on this screen", false)
        }
        Overlay::Details { target, .. } => {
            details(&cx, *target, &mut body);
            ("Details", false)
        }
        Overlay::Quit => {
            body.wrap(&[Seg::new("Your checklist is not saved yet.", cx.t.heading)], vec![], vec![]);
            body.blank();
            body.wrap(
                &[
                    Seg::new("Quit anyway? Press ", cx.t.text),
                    Seg::new("y", cx.t.key),
                    Seg::new(" to quit, ", cx.t.text),
                    Seg::new("s", cx.t.key),
                    Seg::new(" to save it first, or ", cx.t.text),
                    Seg::new("n", cx.t.key),
                    Seg::new(" to stay.", cx.t.text),
                ],
                vec![],
                vec![],
            );
            ("Quit?", false)
        }
        Overlay::Save(d) => {
            save(&cx, d, &mut body);
            ("Save your checklist", false)
        }
        Overlay::About { .. } => {
            about(&cx, &mut body);
            ("About this guide", true)
        }
        Overlay::Problems { .. } => {
            let problems = app.problems.as_deref().unwrap_or_default();
            let heading = if problems.lines().any(|l| l.starts_with("error[")) {
                "The guide file has problems. Your answers are safe; fix the file and save it."
            } else {
                "The guide runs, but some [[tests]] scenarios have mistakes: each is left out until it is fixed."
            };
            body.wrap(&[Seg::new(heading, cx.t.heading)], vec![], vec![]);
            body.blank();
            for fitted in super::problems::fit(problems, body.width) {
                match fitted {
                    super::problems::Fitted::Exact(line) => {
                        body.line(vec![Span::styled(sanitize_line(&line).into_owned(), cx.t.text)]);
                    }
                    super::problems::Fitted::Wrap { text, indent } => {
                        let first = text.len() - text.trim_start().len();
                        let pad = |n: usize| vec![Span::raw(" ".repeat(n))];
                        body.wrap(&[Seg::new(text.trim_start(), cx.t.text)], pad(first), pad(indent));
                    }
                }
            }
            ("Problems in the guide", true)
        }
    };
    OverlayContent { title: title.to_string(), header, body, tall }
}

fn help(cx: &Ctx<'_>, r: &mut Rich) {
    let app = cx.app;
    let state = app.key_state();
    let contexts = screen_contexts(app);
    let key_w = (r.width / 3).clamp(6, 13);
    for (ctx, rows) in keymap::help(&contexts, state) {
        r.blank();
        r.line(vec![Span::styled(ctx.title(), cx.t.heading)]);
        let mut rows = rows;
        if ctx.takes_text() {
            rows.insert(0, ("letters".to_string(), "Type your answer"));
        }
        for (keys, description) in rows {
            let keys = truncate(&keys, key_w);
            let pad = " ".repeat(key_w + 1 - keys.width());
            r.wrap(
                &[Seg::new(description, cx.t.text)],
                vec![Span::raw("  "), Span::styled(keys, cx.t.key), Span::raw(pad)],
                vec![Span::raw(" ".repeat(key_w + 3))],
            );
        }
    }
}

/// The contexts of the screen under the overlays (what `?` explains).
pub(crate) fn screen_contexts(app: &App) -> Vec<Context> {
    let first = app.page_context();
    match first {
        Context::Editing => vec![first, Context::Global],
        // The box is a step away (e or Tab): its typing keys are listed too.
        Context::Input => vec![first, Context::Editing, Context::Walk, Context::Global],
        _ => vec![first, Context::Walk, Context::Global],
    }
}

fn highlighted(cx: &Ctx<'_>, text: &str, ranges: &[Range<usize>], style: ratatui::style::Style) -> Vec<Seg> {
    let mut segs = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        if r.start > at {
            segs.push(Seg::new(&text[at..r.start], style));
        }
        segs.push(Seg::new(&text[r.clone()], style.patch(cx.t.matched)));
        at = r.end;
    }
    if at < text.len() {
        segs.push(Seg::new(&text[at..], style));
    }
    segs
}

/// A window of `text` around the first match that fits `width`, with the ranges moved to match.
fn snippet(text: &str, ranges: &[Range<usize>], width: usize) -> (String, Vec<Range<usize>>) {
    let first = ranges.first().map_or(0, |r| r.start);
    let lead_chars = 16;
    let mut start = first;
    for (n, (i, _)) in text[..first].char_indices().rev().enumerate() {
        start = i;
        if n + 1 >= lead_chars {
            break;
        }
    }
    // Start at the beginning of a word, never in the middle of one.
    if start > 0 && text[..start].chars().next_back().is_some_and(char::is_alphanumeric) {
        let skip = text[start..first].find(|c: char| !c.is_alphanumeric()).map_or(first - start, |k| k);
        start += skip;
        start += text[start..first].find(|c: char| c.is_alphanumeric()).unwrap_or(first - start);
    }
    let mut out = String::new();
    let prefix = if start > 0 { "…" } else { "" };
    out.push_str(prefix);
    let mut used = prefix.width();
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
        end = start + i + c.len_utf8();
    }
    if end < text.len() {
        out.push('…');
    }
    let shift = prefix.len();
    let moved = ranges
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start + shift..r.end - start + shift)
        .collect();
    (out, moved)
}

fn search(cx: &Ctx<'_>, s: &SearchState, header: &mut Rich, r: &mut Rich) {
    let query = sanitize_line(s.query.text()).into_owned();
    let at = header.line(vec![Span::styled("Find: ", cx.t.dim), Span::styled(query.clone(), cx.t.text)]);
    header.cursor = Some((at, (6 + s.query.cursor_width()) as u16));
    header.line(vec![Span::styled("─".repeat(header.width), cx.t.dim)]);
    let Some(index) = cx.app.index.as_ref() else { return };
    if query.trim().is_empty() {
        r.wrap(
            &[Seg::new(
                "Type to search questions, options, checklist items, resources and terms. Enter opens the highlighted result.",
                cx.t.dim,
            )],
            vec![],
            vec![],
        );
        return;
    }
    if s.hits.is_empty() {
        r.wrap(&[Seg::new(format!("Nothing matches “{query}”."), cx.t.dim)], vec![], vec![]);
        return;
    }
    let kind_w = 10;
    for (i, hit) in s.hits.iter().enumerate() {
        let selected = i == s.cursor;
        let start = r.len();
        let marker = if selected { Span::styled("> ", cx.t.marker) } else { Span::raw("  ") };
        let kind = Span::styled(format!("{:<kind_w$}", hit_kind(cx, hit)), cx.t.dim);
        let style = if selected { cx.t.selected } else { cx.t.text };
        let title = index.title(hit);
        let title_segs = match hit.field {
            Field::Title => highlighted(cx, title, &hit.ranges, style),
            Field::Body => vec![Seg::new(title, style)],
        };
        let mut title_segs = title_segs;
        // Options of different questions can read alike ("Yes", "Not sure"): name the question.
        if let Target::Option { node, .. } = hit.target {
            let question = cx.line_text(&cx.app.guide.node(node).title);
            title_segs.push(Seg::new(format!("  in “{question}”"), cx.t.dim));
        }
        r.wrap(&title_segs, vec![marker, kind], vec![Span::raw(" ".repeat(kind_w + 2))]);
        if hit.field == Field::Body {
            let room = r.width.saturating_sub(kind_w + 2);
            let (text, ranges) = snippet(index.body(hit), &hit.ranges, room);
            let segs = highlighted(cx, &text, &ranges, cx.t.dim);
            r.wrap(&segs, vec![Span::raw(" ".repeat(kind_w + 2))], vec![Span::raw(" ".repeat(kind_w + 2))]);
        }
        let range = start..r.len();
        if selected {
            r.focus = Some(range.clone());
        }
        r.items.push(range);
    }
    if s.hits.len() >= crate::search::MAX_HITS {
        r.blank();
        r.wrap(&[Seg::new("Only the best matches are shown; type more to narrow them.", cx.t.dim)], vec![], vec![]);
    }
}

/// "Page", "Question", "Option", "Checklist"... with a note for things not reachable yet.
fn hit_kind(cx: &Ctx<'_>, hit: &Hit) -> &'static str {
    match hit.target {
        Target::Node(id) if cx.app.guide.node(id).is_question() => "Question",
        t => t.kind_name(),
    }
}

fn review(cx: &Ctx<'_>, cursor: usize, r: &mut Rich) {
    let app = cx.app;
    let entries = app.review_entries();
    if entries.is_empty() {
        r.wrap(&[Seg::new("Nothing answered yet. Your answers will be listed here.", cx.t.dim)], vec![], vec![]);
        return;
    }
    r.wrap(
        &[Seg::new(
            "Every step so far, with why it came up. Enter goes back to one so you can change your answer; your \
             other answers are kept.",
            cx.t.dim,
        )],
        vec![],
        vec![],
    );
    for (n, &index) in entries.iter().enumerate() {
        let visit = &app.session.history()[index];
        let node = app.guide.node(visit.node);
        let selected = n == cursor;
        r.blank();
        let start = r.len();
        let marker = if selected { Span::styled("> ", cx.t.marker) } else { Span::raw("  ") };
        let style = if selected { cx.t.selected } else { cx.t.heading };
        r.wrap(&[Seg::new(cx.line_text(&node.title), style)], vec![marker], vec![Span::raw("  ")]);
        // Pages read are listed too, each with why it came up; only questions have an answer.
        if node.is_question() {
            let shown = match node.question.as_ref().and_then(|q| app.session.stored(&q.var)) {
                Some(v) => sanitize_line(&answer::describe(node, v)).into_owned(),
                None => "(skipped)".to_string(),
            };
            r.wrap(
                &[Seg::new("Your answer: ", cx.t.dim), Seg::new(shown, cx.t.text)],
                vec![Span::raw("  ")],
                vec![Span::raw("    ")],
            );
        }
        let why = crate::engine::why::why_asked(&app.guide, &app.session, index).describe_at(&app.guide, visit.node);
        let why = sanitize_line(&why).into_owned();
        let label = if node.is_question() { "Why asked: " } else { "Why shown: " };
        r.wrap(&[Seg::new(label, cx.t.dim), Seg::new(why, cx.t.dim)], vec![Span::raw("  ")], vec![Span::raw("    ")]);
        let range = start..r.len();
        if selected {
            r.focus = Some(range.clone());
        }
        r.items.push(range);
    }
}

fn glossary(cx: &Ctx<'_>, r: &mut Rich) {
    let app = cx.app;
    let pv = super::page_view(app);
    let mut terms: Vec<usize> = pv.body.terms.iter().chain(pv.fixed.terms.iter()).copied().collect();
    terms.sort_unstable();
    terms.dedup();
    if terms.is_empty() {
        r.wrap(
            &[Seg::new("There are no glossary terms on this screen. Press / to search every term.", cx.t.dim)],
            vec![],
            vec![],
        );
        return;
    }
    for (n, i) in terms.into_iter().enumerate() {
        let Some((term, definition)) = app.guide.glossary.get(i) else { continue };
        if n > 0 {
            r.blank();
        }
        r.wrap(&[Seg::new(sanitize_line(term), cx.t.heading.add_modifier(Modifier::UNDERLINED))], vec![], vec![]);
        cx.markup(r, definition, cx.t.text, 2);
    }
}

fn details(cx: &Ctx<'_>, target: Target, r: &mut Rich) {
    let app = cx.app;
    match target {
        Target::Item(id) => {
            let item = app.guide.item(id);
            r.line(vec![Span::styled("Checklist item", cx.t.dim)]);
            cx.markup(r, &item.text, cx.t.heading, 0);
            if let Some(d) = &item.details {
                r.blank();
                cx.markup(r, d, cx.t.text, 0);
            }
            for res in &item.resources {
                r.blank();
                cx.resource(r, *res, 0);
            }
            if !item.sources.is_empty() {
                r.blank();
                sources(cx, r, &item.sources, 0);
            }
            r.blank();
            let on_list = app.end_reached && app.session.checklist(&app.guide).contains(id);
            let note = if on_list {
                "This item is on your checklist."
            } else if app.end_reached {
                "This item is not on your checklist: it depends on answers you did not give."
            } else {
                "Whether this item is on your checklist depends on your answers."
            };
            r.wrap(&[Seg::new(note, cx.t.dim)], vec![], vec![]);
        }
        Target::Resource(id) => {
            r.line(vec![Span::styled("Resource", cx.t.dim)]);
            cx.resource(r, id, 0);
        }
        Target::Term(i) => {
            if let Some((term, definition)) = app.guide.glossary.get(i) {
                r.line(vec![Span::styled("Term", cx.t.dim)]);
                r.wrap(&[Seg::new(sanitize_line(term), cx.t.heading)], vec![], vec![]);
                cx.markup(r, definition, cx.t.text, 0);
            }
        }
        Target::Node(_) | Target::Option { .. } => {}
    }
}

/// Who wrote the guide, who paid, conflicts, how it is kept up to date, how to report an error,
/// and when the facts were checked.
fn about(cx: &Ctx<'_>, r: &mut Rich) {
    let meta = &cx.app.guide.meta;
    for (n, (_, label, text)) in meta.about().into_iter().enumerate() {
        if n > 0 {
            r.blank();
        }
        cx.markup_with(r, text, cx.t.text, 0, vec![Span::styled(format!("{label}: "), cx.t.heading)], Some(2));
    }
    if let Some(d) = meta.reviewed {
        r.blank();
        r.wrap(
            &[Seg::new("Facts last checked: ", cx.t.heading), Seg::new(d.short(), cx.t.text)],
            vec![],
            vec![Span::raw("  ")],
        );
    }
}

/// The sources behind a checklist item, one per line: title, kind and date, then the address.
pub(crate) fn sources(cx: &Ctx<'_>, r: &mut Rich, ids: &[crate::guide::model::SourceId], indent: usize) {
    if ids.is_empty() {
        return;
    }
    let pad = " ".repeat(indent);
    r.line(vec![Span::raw(pad.clone()), Span::styled("Sources", cx.t.dim.add_modifier(Modifier::BOLD))]);
    for id in ids {
        let s = cx.app.guide.meta.source(*id);
        let mut facts: Vec<String> = Vec::new();
        if let Some(k) = s.kind {
            facts.push(k.as_str().to_string());
        }
        if let Some(d) = s.date {
            facts.push(d.to_string());
        }
        let mut segs = vec![Seg::new(sanitize_line(&s.title), cx.t.text)];
        if !facts.is_empty() {
            segs.push(Seg::new(format!(" ({})", facts.join(", ")), cx.t.dim));
        }
        r.wrap(&segs, vec![Span::raw(format!("{pad}- "))], vec![Span::raw(format!("{pad}  "))]);
        if let Some(url) = &s.url {
            let link = crate::tui::links::is_linkable(url).then(|| url.clone());
            r.wrap(
                &[Seg { text: sanitize_line(url).into_owned(), style: cx.t.link, link }],
                vec![Span::raw(format!("{pad}  "))],
                vec![Span::raw(format!("{pad}  "))],
            );
        }
    }
}

fn save(cx: &Ctx<'_>, d: &SaveDialog, r: &mut Rich) {
    if !d.preview.complete {
        r.wrap(
            &[Seg::new(
                "Some questions on your new path are not answered yet; the checklist covers your answers so far.",
                cx.t.dim,
            )],
            vec![],
            vec![],
        );
        r.blank();
    }
    let label = "File: ";
    let room = r.width.saturating_sub(label.len()).max(1);
    let text = sanitize(d.path.text()).into_owned();
    let cursor_w = d.path.cursor_width();
    // Show the end of a long path, where the file name is, keeping the cursor visible.
    let skip = (cursor_w + 1).saturating_sub(room);
    let mut shown = String::new();
    let mut skipped = 0;
    let mut used = 0;
    for c in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if skipped < skip {
            skipped += cw;
            continue;
        }
        if used + cw > room {
            break;
        }
        shown.push(c);
        used += cw;
    }
    let at =
        r.line(vec![Span::styled(label, cx.t.dim), Span::styled(shown, cx.t.text.add_modifier(Modifier::UNDERLINED))]);
    if !d.confirm_replace {
        r.cursor = Some((at, (label.len() + cursor_w.saturating_sub(skipped)) as u16));
    }
    r.wrap(
        &[
            Seg::new("Format: ", cx.t.dim),
            Seg::new(d.format.name(), cx.t.text.add_modifier(Modifier::BOLD)),
            Seg::new(format!("  (Tab changes it: {})", crate::export::Format::names_listed()), cx.t.dim),
        ],
        vec![],
        vec![],
    );
    let ticked = d.preview.ticked;
    if ticked > 0 {
        r.wrap(&[Seg::new(format!("Ticked items are saved ticked ({ticked})."), cx.t.dim)], vec![], vec![]);
    }
    let private = d.preview.private;
    if private > 0 {
        let (state, verb) = if d.include_private {
            (format!("Your private answers ({private}) are included."), " to leave them out.")
        } else {
            (format!("Your private answers ({private}) are left out."), " to include them.")
        };
        r.wrap(
            &[
                Seg::new(state, cx.t.text.add_modifier(Modifier::BOLD)),
                Seg::new(" Press ", cx.t.dim),
                Seg::new("Ctrl-P", cx.t.key),
                Seg::new(verb, cx.t.dim),
            ],
            vec![],
            vec![],
        );
    }
    if let Some(e) = &d.error {
        r.blank();
        r.wrap(&message_segs(&cx.t, &Message::error(e.clone())), vec![], vec![Span::raw("  ")]);
    }
    if d.confirm_replace {
        r.blank();
        let name = std::path::Path::new(d.path.text().trim())
            .file_name()
            .map_or_else(|| d.path.text().to_string(), |n| n.to_string_lossy().into_owned());
        let at = r.len();
        r.wrap(
            &[
                Seg::new(format!("{} already exists. Replace it? ", sanitize_line(&name)), cx.t.heading),
                Seg::new("y", cx.t.key),
                Seg::new("/", cx.t.text),
                Seg::new("n", cx.t.key),
            ],
            vec![],
            vec![],
        );
        r.cursor = Some((r.len() - 1, 0));
        r.focus = Some(at..r.len());
    }
}
