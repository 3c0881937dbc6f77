//! Speed of the language server's request handling, without the pipe: an edit of the default
//! guide (check, index, diagnostics for every file) should be answered within 50 ms and a
//! completion within 20 ms; a generated guide of 10,000 questions should stay under a second.
#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use guidepost::lsp::Server;
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::json;

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A server with the guide open, and the guide's path.
fn open(dir: &Path, text: &str) -> (Server, std::path::PathBuf) {
    let path = dir.join("guide.toml");
    std::fs::write(&path, text).unwrap();
    let path = path.canonicalize().unwrap();
    let mut server = Server::new();
    server.handle(Message::Request(Request::new(
        RequestId::from(0),
        "initialize".to_string(),
        json!({ "capabilities": {} }),
    )));
    let opened = server.handle(Message::Notification(Notification::new(
        "textDocument/didOpen".to_string(),
        json!({ "textDocument": { "uri": uri(&path), "languageId": "toml", "version": 1, "text": text } }),
    )));
    assert!(!opened.is_empty(), "the guide was checked");
    (server, path)
}

fn change(path: &Path, version: i32, text: &str) -> Message {
    Message::Notification(Notification::new(
        "textDocument/didChange".to_string(),
        json!({ "textDocument": { "uri": uri(path), "version": version }, "contentChanges": [{ "text": text }] }),
    ))
}

/// A completion request just inside the quotes of the first `next = "…"`.
fn completion(path: &Path, text: &str) -> Message {
    let at = text.find("next = \"").unwrap() + "next = \"".len();
    let line = text[..at].matches('\n').count();
    let character = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    Message::Request(Request::new(
        RequestId::from(1),
        "textDocument/completion".to_string(),
        json!({ "textDocument": { "uri": uri(path) }, "position": { "line": line, "character": character } }),
    ))
}

fn bench_guide(c: &mut Criterion, name: &str, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, path) = open(dir.path(), text);
    // Alternate between two texts, so every edit is a real change.
    let edited = format!("{text}\n# edited\n");
    let mut version = 1;
    c.bench_function(&format!("lsp edit {name}"), |b| {
        b.iter(|| {
            version += 1;
            let t = if version % 2 == 0 { &edited } else { text };
            black_box(server.handle(change(&path, version, t)))
        });
    });
    let request = completion(&path, text);
    c.bench_function(&format!("lsp completion {name}"), |b| b.iter(|| black_box(server.handle(request.clone()))));
}

fn benches(c: &mut Criterion) {
    let default =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("guides/ketamine-coverage.toml")).unwrap();
    bench_guide(c, "ketamine-coverage", &default);
    bench_guide(c, "generated-10000", &guidepost::generate::guide(10_000));
}

criterion_group! {
    name = lsp;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(lsp);
