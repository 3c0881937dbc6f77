//! Drawing one frame of every kind of screen, and a headless export. Run with
//! `cargo bench --bench frames`.
//!
//! Frames are drawn into ratatui's `TestBackend` at 80x24 and 120x40: the cost of laying out and
//! styling a screen, without a terminal. A frame should take well under a millisecond so that
//! typing never waits for the screen. The default guide has every kind of question; the
//! `every-kind` fixture adds a second guide written differently (glossary terms, resources).
//!
//! The export group walks the default guide with an answers file, builds the report and renders
//! each of the four formats: what `guidepost export` does after loading.
#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyEvent, KeyEventKind, KeyEventState};
use guidepost::engine::answers_file;
use guidepost::engine::{Session, answer, report, walk};
use guidepost::export::{self, Format};
use guidepost::guide::diagnostic::Color;
use guidepost::guide::{CheckOptions, Guide, NodeKind, Value, load_path, load_str};
use guidepost::tui::keymap::parse_key;
use guidepost::tui::{App, AppOptions, NoHooks, perform, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn default_guide() -> Guide {
    let b = guidepost::builtin::default_guide();
    load_str(b.file, b.text, CheckOptions::default()).guide.unwrap()
}

fn fixture() -> Guide {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/every-kind.toml");
    load_path(&path, CheckOptions::default()).guide.unwrap()
}

fn answers(name: &str) -> BTreeMap<String, Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers").join(name);
    answers_file::read(&path, Color::Never).unwrap_or_else(|_| panic!("{name} does not read"))
}

fn press(app: &mut App, keys: &str) {
    for spec in keys.split_whitespace() {
        let k = parse_key(spec).unwrap();
        let key =
            KeyEvent { code: k.code, modifiers: k.modifiers, kind: KeyEventKind::Press, state: KeyEventState::NONE };
        for effect in app.handle_key(&key) {
            perform(app, effect, &mut NoHooks);
        }
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, &if c == ' ' { "space".to_string() } else { c.to_string() });
    }
}

fn app(guide: &Guide, size: (u16, u16)) -> App {
    App::new(guide.clone(), AppOptions { size, ..AppOptions::default() })
}

/// The default guide walked with the given answers, as `walk` does, but stopped at the first
/// page of `kind`; `None` when this walk meets no such page (the fixture has every kind).
fn default_at(guide: &Guide, all: &BTreeMap<String, Value>, kind: &str, size: (u16, u16)) -> Option<App> {
    let mut session = Session::new(guide);
    for _ in 0..guide.nodes.len() {
        let node = guide.node(session.current());
        if kind_name(&node.kind) == kind {
            break;
        }
        match &node.question {
            None => session.advance(guide).unwrap(),
            Some(q) => match all.get(&q.var).or(q.default.as_ref()) {
                Some(v) => session.answer(guide, &answer::validate(node, v).unwrap()).unwrap(),
                None => session.answer(guide, &Value::List(Vec::new())).or_else(|_| session.skip(guide)).unwrap(),
            },
        }
    }
    (kind_name(&guide.node(session.current()).kind) == kind)
        .then(|| App::new(guide.clone(), AppOptions { size, session: Some(session), ..AppOptions::default() }))
}

fn kind_name(kind: &NodeKind) -> &'static str {
    kind.node_type().name
}

/// Screens of the fixture, reached with the same keys a person would press.
fn fixture_screens(guide: &Guide, size: (u16, u16)) -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    out.push(("start", app(guide, size)));
    let mut a = app(guide, size);
    press(&mut a, "enter");
    out.push(("info", a));
    let mut a = app(guide, size);
    press(&mut a, "enter enter");
    out.push(("choice", a));
    let mut a = app(guide, size);
    press(&mut a, "enter enter 2");
    out.push(("multi", a));
    let mut a = app(guide, size);
    press(&mut a, "enter enter 1");
    out.push(("number", a));
    let mut a = app(guide, size);
    press(&mut a, "enter enter 1");
    type_text(&mut a, "800");
    press(&mut a, "enter");
    out.push(("text", a));
    let mut a = app(guide, size);
    press(&mut a, "enter enter 1");
    type_text(&mut a, "800");
    press(&mut a, "enter enter");
    out.push(("compare", a));
    let mut a = app(guide, size);
    press(&mut a, "enter enter 2 space enter");
    type_text(&mut a, "$1,200");
    press(&mut a, "enter");
    type_text(&mut a, "Sam");
    press(&mut a, "enter enter enter");
    out.push(("end", a));
    let mut a = app(guide, size);
    press(&mut a, "enter enter ?");
    out.push(("help", a));
    let mut a = app(guide, size);
    press(&mut a, "/");
    type_text(&mut a, "budgt");
    out.push(("search", a));
    out
}

fn default_screens(guide: &Guide, size: (u16, u16)) -> Vec<(&'static str, App)> {
    let all = answers("medicare.toml");
    let mut out = vec![("start", app(guide, size))];
    for kind in ["info", "choice", "multi", "number", "text", "compare", "end"] {
        if let Some(a) = default_at(guide, &all, kind, size) {
            out.push((kind, a));
        }
    }
    let mut a = app(guide, size);
    press(&mut a, "enter ?");
    out.push(("help", a));
    let mut a = app(guide, size);
    press(&mut a, "/");
    type_text(&mut a, "prior auth");
    out.push(("search", a));
    out
}

fn frames(c: &mut Criterion) {
    let guides = [("default", default_guide()), ("every-kind", fixture())];
    for (name, guide) in &guides {
        for size in [(80, 24), (120, 40)] {
            let mut group = c.benchmark_group(format!("frame/{name}/{}x{}", size.0, size.1));
            let screens = if *name == "default" { default_screens(guide, size) } else { fixture_screens(guide, size) };
            for (screen, app) in &screens {
                let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
                group.bench_function(*screen, |b| {
                    b.iter(|| {
                        term.draw(|f| view::render(black_box(app), f)).unwrap();
                    });
                });
            }
            group.finish();
        }
    }
}

fn exports(c: &mut Criterion) {
    let guide = default_guide();
    let given = answers("employer-four-meds.toml");
    let mut group = c.benchmark_group("export/default");
    group.bench_function("walk+report", |b| {
        b.iter(|| report::build(&guide, &walk::walk(&guide, black_box(&given)).unwrap()));
    });
    let built = report::build(&guide, &walk::walk(&guide, &given).unwrap());
    for (name, format) in
        [("md", Format::Markdown), ("txt", Format::Text), ("json", Format::Json), ("html", Format::Html)]
    {
        group.bench_function(name, |b| b.iter(|| export::render(format, black_box(&built))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(1));
    targets = frames, exports
}
criterion_main!(benches);
