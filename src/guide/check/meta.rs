//! `[guide]`: the guide's id, title, disclaimer and the other facts about it, its review date and
//! its sources; and `format`, in every file.

use super::links::is_safe_url;
use super::wording::{header, quoted_list};
use super::{CheckOptions, Checker};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{Meta, NodeId, Source, SourceKind};
use crate::guide::raw::{RawFile, Sp};
use crate::guide::suggest::closest;

/// Every file says `format = 1`, or nothing (included files); the main file must say it.
pub(super) fn check_formats(c: &mut Checker<'_>, files: &[RawFile]) {
    let Some(main) = files.first() else { return };
    let main_file = main.file;
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
}

/// The node `[guide] start` names.
pub(super) fn start(c: &mut Checker<'_>, main: &RawFile) -> Option<NodeId> {
    let start = main.guide.as_ref().and_then(|g| g.start.as_ref()).and_then(|s| c.resolve_node(s, "`start`"));
    if let Some(g) = main.guide.as_ref().filter(|g| g.start.is_none()) {
        let span = header(c.sources, main.file, &g.span);
        c.missing(main.file, span, "start", "[guide]", "add start = \"ID\" naming the first node");
    }
    start
}

/// `[guide]`, with its facts checked; `None` when there is no `[guide]`.
pub(super) fn convert_meta(c: &mut Checker<'_>, main: &RawFile, opts: CheckOptions) -> Option<Meta> {
    let file = main.file;
    let Some(g) = &main.guide else {
        let len = c.sources.get(file).map_or(0, |f| f.text.len());
        let d = Diagnostic::new(Code::MissingKey, file, 0..len.min(1), "the guide has no [guide] table")
            .label("[guide] is missing")
            .help("add a [guide] table with id, title, start and disclaimer");
        c.push(d);
        return None;
    };
    let at = header(c.sources, file, &g.span);
    let req = |c: &mut Checker<'_>, v: &Option<Sp<String>>, key: &str, help: &str, markup: bool| -> String {
        c.opt_text(v.as_ref(), || format!("the guide's `{key}`"), markup).unwrap_or_else(|| {
            c.missing(file, at.clone(), key, "[guide]", help);
            String::new()
        })
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
        Some(r) if r.v.days() > opts.today.days().max(crate::date::today().days()) + 1 => {
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
        let title = c.opt_text(s.title.as_ref(), "a source's title", false).unwrap_or_else(|| {
            c.missing(file, s.span.clone(), "title", "a [[guide.sources]] entry", "add title = \"…\"");
            String::new()
        });
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
