//! What each screen says, as wrapped [`Rich`] text: the start screen and one builder per kind of
//! node. Key handling measures with the same builders, so scrolling and drawing always agree.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use super::rich::{Rich, Seg, truncate};
use crate::engine::Env;
use crate::engine::answer;
use crate::guide::text::{Block, LinkTarget, TermFinder, render_markup, sanitize_line};
use crate::guide::{Guide, NodeKind, ResourceId};
use crate::tui::app::{App, Message, Screen, Tone};
use crate::tui::links::is_linkable;
use crate::tui::theme::Theme;

/// What a builder needs: the app, its theme, the answers and the glossary terms.
pub(crate) struct Ctx<'a> {
    pub app: &'a App,
    pub t: Theme,
    pub env: Env,
    terms: &'a TermFinder,
}

impl<'a> Ctx<'a> {
    pub fn new(app: &'a App) -> Ctx<'a> {
        Ctx { app, t: app.theme, env: app.session.env(&app.guide), terms: app.guide.term_finder() }
    }

    fn guide(&self) -> &'a Guide {
        &self.app.guide
    }

    /// A title or label with answers filled in, on one line.
    pub fn line_text(&self, s: &str) -> String {
        sanitize_line(&self.env.interpolate(s)).into_owned()
    }

    /// Segments for plain text with glossary terms marked.
    pub fn term_segs(&self, r: &mut Rich, text: &str, style: Style) -> Vec<Seg> {
        let mut segs = Vec::new();
        let mut at = 0;
        for (range, idx) in self.terms.find(text) {
            if range.start > at {
                segs.push(Seg::new(&text[at..range.start], style));
            }
            segs.push(Seg::new(&text[range.clone()], style.patch(self.t.term)));
            r.terms.insert(idx);
            at = range.end;
        }
        if at < text.len() {
            segs.push(Seg::new(&text[at..], style));
        }
        segs
    }

    /// Light markup rendered into `r`: paragraphs, bullets, bold, emphasis, links (with the
    /// address written out) and glossary terms. `indent` spaces go before every line. Returns the
    /// resources the text links to.
    pub fn markup(&self, r: &mut Rich, src: &str, base: Style, indent: usize) -> Vec<ResourceId> {
        self.markup_with(r, src, base, indent, Vec::new(), None)
    }

    /// Like [`Ctx::markup`], with the first line of the first block starting with `first` (a
    /// marker such as `> [x] `) and the rest indented to match.
    pub fn markup_with(
        &self,
        r: &mut Rich,
        src: &str,
        base: Style,
        indent: usize,
        first: Vec<Span<'static>>,
        hang: Option<usize>,
    ) -> Vec<ResourceId> {
        let blocks = render_markup(src, &self.env.lookup());
        let mut resources = Vec::new();
        let pad = " ".repeat(indent);
        let hang_pad = " ".repeat(hang.unwrap_or(indent));
        let mut first = Some(first).filter(|f| !f.is_empty());
        let mut prev_list: Option<bool> = None;
        for block in &blocks {
            let (list, inlines) = match block {
                Block::Paragraph(i) => (false, i),
                Block::ListItem(i) => (true, i),
            };
            if prev_list.is_some() && !(list && prev_list == Some(true)) {
                r.blank();
            }
            prev_list = Some(list);
            let mut segs = Vec::new();
            for inline in inlines {
                let mut style = base;
                if inline.bold {
                    style = style.add_modifier(Modifier::BOLD);
                }
                if inline.emph {
                    style = style.add_modifier(Modifier::ITALIC);
                }
                match &inline.link {
                    Some(LinkTarget::Url(url)) => {
                        let linkable = is_linkable(url).then(|| url.clone());
                        segs.push(Seg {
                            text: inline.text.clone(),
                            style: style.patch(self.t.link),
                            link: linkable.clone(),
                        });
                        if inline.text != *url {
                            segs.push(Seg::new(" (", self.t.dim));
                            segs.push(Seg { text: url.clone(), style: self.t.dim, link: linkable });
                            segs.push(Seg::new(")", self.t.dim));
                        }
                    }
                    Some(LinkTarget::Resource(key)) => {
                        segs.push(Seg::new(inline.text.clone(), style.add_modifier(Modifier::BOLD)));
                        if let Some(id) = self.guide().resource_id(key)
                            && !resources.contains(&id)
                        {
                            resources.push(id);
                        }
                    }
                    None => segs.extend(self.term_segs(r, &inline.text, style)),
                }
            }
            let (lead, rest) = match (first.take(), list) {
                (Some(f), true) => {
                    let mut f = f;
                    f.push(Span::raw("• "));
                    (f, format!("{hang_pad}  "))
                }
                (Some(f), false) => (f, hang_pad.clone()),
                (None, true) => (vec![Span::raw(format!("{pad}• "))], format!("{pad}  ")),
                (None, false) => (vec![Span::raw(pad.clone())], pad.clone()),
            };
            r.wrap(&segs, lead, vec![Span::raw(rest)]);
        }
        if let Some(f) = first {
            // The text was empty: still show the marker.
            r.line(f);
        }
        resources
    }

    /// A resource: its name, phone, address and what it offers.
    pub fn resource(&self, r: &mut Rich, id: ResourceId, indent: usize) {
        let res = self.guide().resource(id);
        let pad = " ".repeat(indent);
        r.wrap(
            &[Seg::new(self.line_text(&res.title), self.t.heading)],
            vec![Span::raw(pad.clone())],
            vec![Span::raw(pad.clone())],
        );
        let inner = indent + 2;
        let ipad = " ".repeat(inner);
        if let Some(phone) = &res.phone {
            r.wrap(
                &[Seg::new("Phone: ", self.t.dim), Seg::new(sanitize_line(phone), self.t.text)],
                vec![Span::raw(ipad.clone())],
                vec![Span::raw(ipad.clone())],
            );
        }
        if let Some(url) = &res.url {
            let link = is_linkable(url).then(|| url.clone());
            r.wrap(
                &[Seg::new("Web: ", self.t.dim), Seg { text: url.clone(), style: self.t.link, link }],
                vec![Span::raw(ipad.clone())],
                vec![Span::raw(ipad.clone())],
            );
        }
        if let Some(text) = &res.text {
            self.markup(r, text, self.t.text, inner);
        }
    }
}

/// A message as segments: errors start with `!` so they never rely on colour.
pub(crate) fn message_segs(t: &Theme, m: &Message) -> Vec<Seg> {
    match m.tone {
        Tone::Error => vec![Seg::new(format!("! {}", m.text), t.error)],
        Tone::Success => vec![Seg::new(format!("✓ {}", m.text), t.success)],
        Tone::Info => vec![Seg::new(m.text.clone(), t.text.add_modifier(Modifier::BOLD))],
    }
}

/// How many lines the page's title takes at a width.
pub(crate) fn title_len(app: &App, width: usize) -> usize {
    let cx = Ctx::new(app);
    let node = app.guide.node(app.page.node);
    let mut r = Rich::new(width);
    r.wrap(&[Seg::new(cx.line_text(&node.title), cx.t.heading)], vec![], vec![]);
    r.len()
}

/// The page body (scrolls) and the fixed lines under it (message, option help), for a width.
pub(crate) fn page(app: &App, width: usize) -> (Rich, Rich) {
    let cx = Ctx::new(app);
    let mut body = Rich::new(width);
    let mut fixed = Rich::new(width);
    if app.screen == Screen::Start {
        start(&cx, &mut body);
        return (body, fixed);
    }
    let node = app.guide.node(app.page.node);
    body.wrap(&[Seg::new(cx.line_text(&node.title), cx.t.heading)], vec![], vec![]);
    body.blank();
    let resources = cx.markup(&mut body, &node.text, cx.t.text, 0);
    match &node.kind {
        NodeKind::Choice { options } => {
            body.blank();
            for (i, o) in options.iter().enumerate() {
                let selected = i == app.page.cursor;
                let number = if i < 9 { format!("{}. ", i + 1) } else { "   ".to_string() };
                let label = cx.line_text(&o.label);
                option_row(&cx, &mut body, selected, "", &number, &label);
            }
            if node.question.as_ref().is_some_and(|q| q.optional) {
                body.blank();
                body.wrap(&[Seg::new("Optional: press x to skip it.", cx.t.dim)], vec![], vec![]);
            }
            option_help(&cx, &mut fixed, options.get(app.page.cursor).and_then(|o| o.help.as_deref()));
        }
        NodeKind::Multi { options, min, max, .. } => {
            body.blank();
            body.wrap(&[Seg::new(multi_rule(*min, *max, options.len()), cx.t.dim)], vec![], vec![]);
            body.blank();
            for (i, o) in options.iter().enumerate() {
                let selected = i == app.page.cursor;
                let ticked = app.page.ticks.get(i).copied().unwrap_or(false);
                let number = if i < 9 { format!("{}. ", i + 1) } else { "   ".to_string() };
                let boxed = if ticked { "[x] " } else { "[ ] " };
                option_row(&cx, &mut body, selected, boxed, &number, &cx.line_text(&o.label));
            }
            option_help(&cx, &mut fixed, options.get(app.page.cursor).and_then(|o| o.help.as_deref()));
        }
        NodeKind::Compare { columns, rows, .. } => {
            body.blank();
            super::compare::grid(&cx, &mut body, &crate::engine::compare::resolve(columns, rows, &cx.env));
        }
        NodeKind::End => {
            body.blank();
            checklist(&cx, &mut body);
        }
        NodeKind::Info { .. } | NodeKind::Branch { .. } => {}
        // A box to type in (a number, a date, text): see `guide::entry`.
        _ => {
            body.blank();
            input_box(&cx, &mut body);
        }
    }
    if !resources.is_empty() && !matches!(node.kind, NodeKind::End) {
        body.blank();
        body.line(vec![Span::styled("Resources", cx.t.heading)]);
        for (n, id) in resources.into_iter().enumerate() {
            if n > 0 {
                body.blank();
            }
            cx.resource(&mut body, id, 2);
        }
    }
    if let Some(m) = &app.page.message {
        fixed.line(Vec::new());
        fixed.wrap(&message_segs(&cx.t, m), vec![], vec![Span::raw("  ")]);
    }
    (body, fixed)
}

fn start(cx: &Ctx<'_>, r: &mut Rich) {
    let meta = &cx.guide().meta;
    r.wrap(&[Seg::new(sanitize_line(&meta.title), cx.t.heading)], vec![], vec![]);
    r.blank();
    cx.markup(r, &meta.summary, cx.t.text, 0);
    r.blank();
    let (lo, hi) = cx.guide().questions_left(cx.guide().start);
    let count = match (lo, hi) {
        _ if cx.app.loading => "Getting the questions ready…".to_string(),
        (a, b) if a == b => format!("About {a} question{}.", if a == 1 { "" } else { "s" }),
        (a, b) => format!("About {a} to {b} questions, depending on your answers."),
    };
    r.wrap(&[Seg::new(count, cx.t.dim)], vec![], vec![]);
    if let Some(d) = meta.reviewed {
        r.wrap(&[Seg::new(format!("Facts checked {}.", d.short()), cx.t.dim)], vec![], vec![]);
    }
    r.blank();
    cx.markup(r, &meta.disclaimer, cx.t.dim.add_modifier(Modifier::ITALIC), 0);
    r.blank();
    if let Some(m) = &cx.app.start_message {
        r.wrap(&[Seg::new(sanitize_line(m), cx.t.text.add_modifier(Modifier::BOLD))], vec![], vec![]);
        r.blank();
    }
    let at = r.len();
    r.wrap(
        &[Seg::new("Press ", cx.t.text), Seg::new("Enter", cx.t.key), Seg::new(" to begin.", cx.t.text)],
        vec![],
        vec![],
    );
    // No focus: the start screen opens at its top, and Enter reads on until this line shows.
    r.cursor = Some((at, 0));
}

/// "Pick at least 1, up to 3." for a multi question. The keys are in the footer; saying them
/// here too would give the screen two instructions.
fn multi_rule(min: usize, max: usize, count: usize) -> String {
    match (min, max) {
        (0, m) if m >= count => "Pick any that apply, or none.".to_string(),
        (0, 1) => "Pick one, or none.".to_string(),
        (0, m) => format!("Pick up to {m}, or none."),
        (a, m) if m >= count => format!("Pick at least {a}."),
        (a, m) if a == m => format!("Pick {a}."),
        (a, m) => format!("Pick at least {a}, up to {m}."),
    }
}

/// One option: marker, optional checkbox, number and label, wrapped under the label.
fn option_row(cx: &Ctx<'_>, r: &mut Rich, selected: bool, boxed: &str, number: &str, label: &str) {
    let marker = if selected { Span::styled("> ", cx.t.marker) } else { Span::raw("  ") };
    let lead = vec![marker, Span::styled(format!("{boxed}{number}"), if selected { cx.t.marker } else { cx.t.text })];
    let hang = 2 + boxed.width() + number.width();
    let style = if selected { cx.t.selected } else { cx.t.text };
    let segs = cx.term_segs(r, label, style);
    let range = r.wrap(&segs, lead, vec![Span::raw(" ".repeat(hang))]);
    if selected {
        r.focus = Some(range.clone());
        r.cursor = Some((range.start, 0));
    }
    r.items.push(range);
}

fn option_help(cx: &Ctx<'_>, fixed: &mut Rich, help: Option<&str>) {
    if let Some(h) = help {
        fixed.line(Vec::new());
        cx.markup(fixed, h, cx.t.dim, 2);
    }
}

/// The answer box of a number or text question, with its hint and the cursor inside.
fn input_box(cx: &Ctx<'_>, r: &mut Rich) {
    let app = cx.app;
    let node = app.guide.node(app.page.node);
    let Some(entry) = node.kind.entry() else { return };
    let typed = app.page.input.text();
    let hint = cx.line_text(&entry.hint(typed, app.page.input.len(), crate::date::today()));
    // The unit beside the box reads with what is typed so far: "1 infusion", "2 infusions".
    let unit = entry.unit_for(typed).map(|u| cx.line_text(u));
    let placeholder = node.kind.placeholder().map(str::to_string);
    let optional = node.question.as_ref().is_some_and(|q| q.optional);
    let unit_w = unit.as_ref().map_or(0, |u| u.width() + 1);
    let widest = entry.widest();
    let inner = r.width.saturating_sub(4 + unit_w).clamp(1, widest);
    let border = if app.page.editing { cx.t.border } else { cx.t.border_idle };
    let input = &app.page.input;
    // Keep the cursor inside the box by scrolling the text, a character at a time.
    let cursor_w = input.cursor_width();
    let skip_w = (cursor_w + 1).saturating_sub(inner);
    let mut shown = String::new();
    let mut skipped = 0;
    let mut used = 0;
    for c in input.text().chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if skipped < skip_w {
            skipped += cw;
            continue;
        }
        if used + cw > inner {
            break;
        }
        shown.push(c);
        used += cw;
    }
    let content = if input.is_empty() {
        let p = placeholder.as_deref().map(|p| cx.line_text(p)).unwrap_or_default();
        Span::styled(truncate(&p, inner), cx.t.placeholder)
    } else if input.is_prefilled() && app.page.editing {
        // Shown selected: typing replaces it.
        Span::styled(sanitize_line(&shown).into_owned(), cx.t.text.add_modifier(ratatui::style::Modifier::REVERSED))
    } else {
        Span::styled(sanitize_line(&shown).into_owned(), cx.t.text)
    };
    let content_w = content.content.width();
    let top = r.line(vec![Span::styled(format!("╭{}╮", "─".repeat(inner + 2)), border)]);
    let mut mid = vec![
        Span::styled("│ ", border),
        content,
        Span::raw(" ".repeat(inner.saturating_sub(content_w))),
        Span::styled(" │", border),
    ];
    if let Some(u) = unit {
        mid.push(Span::styled(format!(" {u}"), cx.t.text));
    }
    let mid_at = r.line(mid);
    r.line(vec![Span::styled(format!("╰{}╯", "─".repeat(inner + 2)), border)]);
    r.focus = Some(top..top + 3);
    if app.page.editing {
        r.cursor = Some((mid_at, (2 + cursor_w.saturating_sub(skipped)) as u16));
    }
    let mut hints = vec![Seg::new(hint, cx.t.dim)];
    if optional {
        hints.push(Seg::new(" Optional: leave it empty and press Enter to skip.", cx.t.dim));
    }
    if !app.page.editing {
        hints.push(Seg::new(" Press e to edit.", cx.t.dim));
    }
    r.wrap(&hints, vec![], vec![]);
    // The answer stored before (if any) reads as its label, so a dormant answer is recognisable.
    if let Some(q) = &node.question
        && let Some(v) = app.session.stored(&q.var)
        && !matches!(v, crate::guide::Value::Text(t) if t.trim() == input.text().trim())
        && !matches!(v, crate::guide::Value::Number(n) if crate::guide::value::format_number(*n) == input.text().trim())
    {
        r.wrap(&[Seg::new(format!("Before: {}", sanitize_line(&answer::describe(node, v))), cx.t.dim)], vec![], vec![]);
    }
}

/// The checklist, grouped by section, ticks and open details included, then every resource.
fn checklist(cx: &Ctx<'_>, r: &mut Rich) {
    let app = cx.app;
    let list = app.session.checklist(&app.guide);
    if list.sections.is_empty() {
        r.wrap(&[Seg::new("Nothing to do for now: your answers add no checklist items.", cx.t.text)], vec![], vec![]);
        return;
    }
    let ticked = app.session.ticked();
    let mut index = 0;
    for section in &list.sections {
        r.blank();
        r.wrap(&[Seg::new(sanitize_line(&section.title), cx.t.heading)], vec![], vec![]);
        for item in &section.items {
            let selected = index == app.page.cursor;
            let marker = if selected { Span::styled("> ", cx.t.marker) } else { Span::raw("  ") };
            let boxed = if ticked.contains(&item.key) { "[x] " } else { "[ ] " };
            let lead = vec![marker, Span::styled(boxed, if selected { cx.t.marker } else { cx.t.text })];
            let style = if selected { cx.t.selected } else { cx.t.text };
            let source = &app.guide.item(item.id);
            let start = r.len();
            cx.markup_with(r, &source.text, style, 6, lead, Some(6));
            if app.page.open == Some(index) {
                if let Some(d) = &source.details {
                    r.blank();
                    cx.markup(r, d, cx.t.text, 6);
                }
                for id in &item.resources {
                    r.blank();
                    cx.resource(r, *id, 6);
                }
                if !source.sources.is_empty() {
                    r.blank();
                    super::overlay::sources(cx, r, &source.sources, 6);
                }
                r.blank();
            }
            let range = start..r.len();
            if selected {
                r.focus = Some(range.clone());
                r.cursor = Some((start, 0));
            }
            r.items.push(range);
            index += 1;
        }
    }
    let resources = list.resources();
    if !resources.is_empty() {
        r.blank();
        r.line(vec![Span::styled("Resources", cx.t.heading)]);
        for (n, id) in resources.into_iter().enumerate() {
            if n > 0 {
                r.blank();
            }
            cx.resource(r, id, 2);
        }
    }
    r.blank();
    let saved = match &app.saved {
        Some(p) if app.saved_fresh => format!("Saved to {}.", sanitize_line(&p.to_string_lossy())),
        _ => "Press s to save this checklist to a file.".to_string(),
    };
    r.wrap(&[Seg::new(saved, cx.t.dim)], vec![], vec![]);
}
