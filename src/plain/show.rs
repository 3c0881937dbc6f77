//! What plain mode prints: each page as plain lines a screen reader reads in order, wrapped to
//! 80 columns, with markup reduced to text. Pure functions returning strings; the caller
//! cleans and writes them.

use super::parse::{Command, as_typed, fallback, number_range};
use crate::engine::Session;
use crate::engine::answer::describe;
use crate::engine::compare;
use crate::export::text::WIDTH;
use crate::guide::text::{render_markup, sanitize_line, to_plain};
use crate::guide::{Guide, Node, NodeId, NodeKind};
use crate::wrap::wrap;

/// Interpolated, one-line text (titles, labels).
fn line_of(session: &Session, guide: &Guide, text: &str) -> String {
    sanitize_line(&session.env(guide).interpolate(text)).into_owned()
}

/// Marked-up text as plain, wrapped paragraphs.
fn body_of(session: &Session, guide: &Guide, text: &str, indent: &str) -> String {
    let env = session.env(guide);
    let plain = to_plain(&render_markup(text, &env.lookup()));
    wrap(&plain, WIDTH, indent, indent)
}

/// The lines at the very start: what the guide is, the banner, the disclaimer, how to answer.
pub fn intro(guide: &Guide) -> String {
    let meta = &guide.meta;
    let mut out = wrap(&sanitize_line(&meta.title), WIDTH, "", "");
    if let Some(b) = &meta.banner {
        out.push_str(&wrap(&sanitize_line(b), WIDTH, "", ""));
    }
    let empty = Session::new(guide);
    if !meta.summary.trim().is_empty() {
        out.push('\n');
        out.push_str(&body_of(&empty, guide, &meta.summary, ""));
    }
    out.push('\n');
    out.push_str(&body_of(&empty, guide, &meta.disclaimer, ""));
    out.push_str(&about(guide));
    out.push('\n');
    out.push_str(&wrap(
        "Answer each question by typing and pressing Enter. Type back to change your last answer, \
         review to see your answers, help for more, or quit to stop. Your answers are saved as you go.",
        WIDTH,
        "",
        "",
    ));
    out
}

/// "About this guide": who wrote it, who paid, conflicts, how it is kept up to date, how to
/// report an error, and when the facts were checked; empty when the guide says none of it.
pub fn about(guide: &Guide) -> String {
    let meta = &guide.meta;
    let parts = meta.about();
    if parts.is_empty() {
        return String::new();
    }
    let empty = Session::new(guide);
    let mut out = String::from("\nAbout this guide:\n");
    for (_, label, text) in parts {
        let plain = to_plain(&render_markup(text, &empty.env(guide).lookup()));
        out.push_str(&wrap(&format!("{label}: {plain}"), WIDTH, "  ", "    "));
    }
    if let Some(d) = meta.reviewed {
        out.push_str(&wrap(&format!("Facts last checked: {d}"), WIDTH, "  ", "    "));
    }
    out
}

/// "Question 3 · 2–4 questions left" above a question; the range alone above a page.
pub fn progress(guide: &Guide, session: &Session) -> String {
    let p = session.progress(guide);
    if guide.node(session.current()).is_question() {
        format!("Question {} · {}", p.answered + 1, p.describe())
    } else {
        p.describe()
    }
}

/// The page on screen: progress, title, text, options or grid, and what to type.
pub fn page(guide: &Guide, session: &Session) -> String {
    let id = session.current();
    let node = guide.node(id);
    let mut out = String::new();
    out.push_str(&progress(guide, session));
    out.push('\n');
    let mut title = line_of(session, guide, &node.title);
    if node.question.as_ref().is_some_and(|q| q.optional) {
        title.push_str(" (optional)");
    }
    out.push_str(&wrap(&title, WIDTH, "", ""));
    if !node.text.trim().is_empty() {
        out.push_str(&body_of(session, guide, &node.text, ""));
    }
    match &node.kind {
        NodeKind::Choice { options } | NodeKind::Multi { options, .. } => {
            for (i, o) in options.iter().enumerate() {
                let number = format!("  {}. ", i + 1);
                let hang = " ".repeat(number.len());
                out.push_str(&wrap(&line_of(session, guide, &o.label), WIDTH, &number, &hang));
                if let Some(help) = &o.help {
                    out.push_str(&body_of(session, guide, help, &hang));
                }
            }
        }
        NodeKind::Compare { columns, rows, .. } => {
            let grid = compare::resolve(columns, rows, &session.env(guide));
            for (c, column) in grid.columns.iter().enumerate() {
                out.push('\n');
                for row in &grid.rows {
                    let cell = row.cells.get(c).map_or(String::new(), compare::CellView::marked);
                    out.push_str(&wrap(&format!("{column}: {}: {cell}", row.marked_label()), WIDTH, "", "  "));
                }
            }
            if grid.any_highlight() {
                out.push('\n');
                out.push_str(&wrap(compare::LEGEND, WIDTH, "", ""));
            }
        }
        _ => {}
    }
    out.push_str(&wrap(
        &hint(node, session.stored(node.question.as_ref().map_or("", |q| q.var.as_str()))),
        WIDTH,
        "",
        "",
    ));
    out
}

/// What to type on this page, with the answer Enter keeps in brackets.
pub fn hint(node: &Node, stored: Option<&crate::guide::Value>) -> String {
    let optional = node.question.as_ref().is_some_and(|q| q.optional);
    let mut text = match &node.kind {
        NodeKind::Info { .. } | NodeKind::Compare { .. } => "Press Enter to go on.".to_string(),
        NodeKind::Choice { .. } => "Type the number of your answer.".to_string(),
        NodeKind::Multi { min, max, options, .. } => {
            let mut t = "Type the numbers of all that apply, like 1 3.".to_string();
            if *min == 0 {
                t.push_str(" Type none for none.");
            } else if *min > 1 {
                t.push_str(&format!(" Pick at least {min}."));
            }
            if *max < options.len() {
                t.push_str(&format!(" Pick at most {max}."));
            }
            t
        }
        NodeKind::Number { unit, .. } => {
            let range = number_range(node);
            match unit {
                Some(u) => format!("{} ({})", range.trim_end_matches('.'), sanitize_line(&u.other)) + ".",
                None => range,
            }
        }
        NodeKind::Text { max_len, placeholder, .. } => {
            let mut t = format!("Type your answer (up to {max_len} characters)");
            if let Some(p) = placeholder {
                t.push_str(&format!(", for example: {}", sanitize_line(p).trim_start_matches("e.g. ")));
            }
            t.push('.');
            t
        }
        NodeKind::Branch { .. } | NodeKind::End => String::new(),
    };
    if optional && stored.is_none() {
        text.push_str(" Press Enter to skip.");
    }
    match (stored, fallback(node, None)) {
        (Some(v), _) => text.push_str(&format!(" [your answer: {}]", sanitize_line(&as_typed(node, v)))),
        (None, Some(v)) => text.push_str(&format!(" [default: {}]", sanitize_line(&as_typed(node, v)))),
        (None, None) => {}
    }
    text
}

/// The commands, the banner, and the glossary terms on this page.
pub fn help(guide: &Guide, session: &Session) -> String {
    let mut out = String::new();
    if let Some(b) = &guide.meta.banner {
        out.push_str(&wrap(&sanitize_line(b), WIDTH, "", ""));
        out.push('\n');
    }
    out.push_str("Commands you can type at any prompt:\n");
    for (_, word, what) in Command::ALL {
        out.push_str(&wrap(what, WIDTH, &format!("  {word:<7} "), "          "));
    }
    out.push_str(&wrap(
        "To answer a text question with one of these words, put it in quotes, like \"help\".",
        WIDTH,
        "",
        "",
    ));
    let terms = terms_on(guide, session, session.current());
    if !terms.is_empty() {
        out.push_str("\nWords on this page:\n");
        for (term, definition) in terms {
            out.push_str(&wrap(&format!("{term}: {definition}"), WIDTH, "  ", "    "));
        }
    }
    out
}

/// Glossary entries whose terms appear on a page (title, text, labels, option help).
fn terms_on(guide: &Guide, session: &Session, id: NodeId) -> Vec<(String, String)> {
    let node = guide.node(id);
    let env = session.env(guide);
    let mut texts = vec![env.interpolate(&node.title), env.interpolate(&node.text)];
    for o in node.options() {
        texts.push(env.interpolate(&o.label));
        texts.extend(o.help.as_deref().map(|h| env.interpolate(h)));
    }
    if let NodeKind::Compare { columns, rows, .. } = &node.kind {
        let grid = compare::resolve(columns, rows, &env);
        texts.extend(grid.columns);
        for r in grid.rows {
            texts.push(r.label);
            texts.extend(r.cells.into_iter().map(|c| c.text));
        }
    }
    guide
        .glossary_used_in(texts.iter().map(String::as_str))
        .into_iter()
        .map(|(t, d)| (sanitize_line(t).into_owned(), sanitize_line(d).into_owned()))
        .collect()
}

/// The answers on the path so far, each with why its question was asked.
pub fn review(guide: &Guide, session: &Session) -> String {
    let history = session.history();
    let mut out = String::new();
    let mut n = 0;
    for (index, visit) in history[..history.len().saturating_sub(1)].iter().enumerate() {
        let node = guide.node(visit.node);
        let Some(q) = &node.question else { continue };
        n += 1;
        let answer = session.stored(&q.var).map_or_else(|| "(skipped)".to_string(), |v| describe(node, v));
        let first = format!("  {n}. ");
        let hang = " ".repeat(first.len());
        out.push_str(&wrap(
            &format!("{}: {}", line_of(session, guide, &node.title), sanitize_line(&answer)),
            WIDTH,
            &first,
            &hang,
        ));
        let why = crate::engine::why::why_asked(guide, session, index).describe(guide);
        out.push_str(&wrap(&format!("Why: {}", sanitize_line(&why)), WIDTH, &hang, &hang));
    }
    if n == 0 {
        return "You have not answered any questions yet.\n".to_string();
    }
    format!("Your answers so far:\n{out}To change one, type back until you reach it.\n")
}
