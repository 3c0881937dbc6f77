//! A one-megabyte paste, from the moment the terminal hands it over to the next frame. Run with
//! `cargo bench --bench paste`.
//!
//! A paste goes into the box with focus as one line, cut at the box's limit; it must be handled
//! within a frame or two (a few milliseconds), however much text arrives. Three boxes: a text
//! answer (20 characters here), the search query (200) and the save dialog's path (4,096).
#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyEvent, KeyEventKind, KeyEventState};
use guidepost::guide::{CheckOptions, Guide, load_path};
use guidepost::tui::keymap::parse_key;
use guidepost::tui::{App, AppOptions, NoHooks, perform, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn fixture() -> Guide {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/every-kind.toml");
    load_path(&path, CheckOptions::default()).guide.unwrap()
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

/// An app with the given box in focus, after the keys that lead there.
fn app_at(keys: &str) -> App {
    let mut app = App::new(fixture(), AppOptions { size: (80, 24), ..AppOptions::default() });
    press(&mut app, keys);
    app
}

fn paste_and_draw(app: &mut App, text: &str, term: &mut Terminal<TestBackend>) {
    for effect in app.paste(text) {
        perform(app, effect, &mut NoHooks);
    }
    term.draw(|f| view::render(app, f)).unwrap();
}

fn bench(c: &mut Criterion) {
    let megabyte = "Molina Healthcare\n3\n2\n".repeat(1_000_000 / 21 + 1);
    assert!(megabyte.len() >= 1_000_000);
    let mut group = c.benchmark_group("paste_1mb");
    let boxes = [
        ("text_answer", "enter enter 1 8 0 0 enter"),
        ("search_query", "enter enter /"),
        // The walk to the checklist, then the save dialog.
        ("save_path", "enter enter 1 8 0 0 enter enter enter s"),
    ];
    for (name, keys) in boxes {
        let template = app_at(keys);
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        group.bench_function(name, |b| {
            b.iter_batched(
                || App::new(template.guide().clone(), AppOptions { size: (80, 24), ..AppOptions::default() }),
                |mut app| {
                    press(&mut app, keys);
                    paste_and_draw(&mut app, black_box(&megabyte), &mut term);
                    app
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
