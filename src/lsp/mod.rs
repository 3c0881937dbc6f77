//! `guidepost lsp`: a language server for guide files, so authors get the checks of `validate`
//! as they type, with completion, hover, navigation, rename and quick fixes in their editor.
//!
//! [`server::Server`] answers messages and holds no I/O; [`run`] feeds it from stdio. Analysis
//! reuses the loader's pieces (raw structs with spans, the checks, the path finder), with the
//! editor's unsaved text taking the place of the disk's.

mod actions;
mod analysis;
mod completion;
mod diagnostics;
mod hover;
mod index;
mod lookup;
mod navigation;
mod position;
mod rename;
pub mod server;
mod transport;

use std::io::{self, BufReader};
use std::sync::mpsc;

use lsp_server::Message;

pub use server::Server;

/// Most messages taken off the queue at once.
const BATCH: usize = 64;

/// Serves the protocol on stdin and stdout until `exit` or the end of input; returns the exit
/// code the protocol asks for (0 after `shutdown`, 1 without).
///
/// Input is read on its own thread, so edits that arrived while a large guide was being checked
/// are seen together and only the latest text of each document is checked.
pub fn run() -> io::Result<u8> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = BufReader::new(stdin.lock());
        loop {
            let incoming = transport::read(&mut input);
            let end = matches!(incoming, transport::Incoming::End);
            if tx.send(incoming).is_err() || end {
                return;
            }
        }
    });
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut server = Server::new();
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH
            && let Ok(more) = rx.try_recv()
        {
            batch.push(more);
        }
        let mut messages = Vec::new();
        let mut end = false;
        for incoming in batch {
            match incoming {
                transport::Incoming::Message(m) => messages.push(m),
                transport::Incoming::Malformed(reason) => transport::parse_error(&mut out, &reason)?,
                transport::Incoming::End => end = true,
            }
        }
        for m in coalesce(messages) {
            for reply in server.handle(m) {
                transport::write(&mut out, &reply)?;
            }
            if let Some(code) = server.exit_code() {
                return Ok(code);
            }
        }
        if end {
            break;
        }
    }
    Ok(1)
}

/// Drops a full-text change of a document when a later one in the same batch replaces it and no
/// request comes between them (a request may be about the text as it was).
fn coalesce(messages: Vec<Message>) -> Vec<Message> {
    let uri_of_change = |m: &Message| match m {
        Message::Notification(n) if n.method == "textDocument/didChange" => {
            n.params.get("textDocument").and_then(|d| d.get("uri")).and_then(|u| u.as_str()).map(str::to_string)
        }
        _ => None,
    };
    let mut keep = vec![true; messages.len()];
    for (i, m) in messages.iter().enumerate() {
        let Some(uri) = uri_of_change(m) else { continue };
        for later in &messages[i + 1..] {
            if matches!(later, Message::Request(_)) {
                break;
            }
            if uri_of_change(later).as_deref() == Some(uri.as_str()) {
                keep[i] = false;
                break;
            }
        }
    }
    messages.into_iter().zip(keep).filter_map(|(m, k)| k.then_some(m)).collect()
}

#[cfg(test)]
mod tests {
    use lsp_server::{Notification, Request, RequestId};
    use serde_json::json;

    use super::*;

    fn change(uri: &str, text: &str) -> Message {
        Notification::new(
            "textDocument/didChange".to_string(),
            json!({ "textDocument": { "uri": uri, "version": 1 }, "contentChanges": [{ "text": text }] }),
        )
        .into()
    }

    fn texts(messages: &[Message]) -> Vec<String> {
        messages
            .iter()
            .map(|m| match m {
                Message::Notification(n) => n.params["contentChanges"][0]["text"].as_str().unwrap_or("").to_string(),
                Message::Request(r) => r.method.clone(),
                Message::Response(_) => String::new(),
            })
            .collect()
    }

    #[test]
    fn only_the_latest_text_of_a_burst_of_edits_is_checked() {
        let batch = vec![
            change("file:///a", "1"),
            change("file:///b", "x"),
            change("file:///a", "2"),
            change("file:///a", "3"),
        ];
        assert_eq!(texts(&coalesce(batch)), ["x", "3"]);
    }

    #[test]
    fn an_edit_a_request_may_be_about_is_kept() {
        let hover = Request::new(RequestId::from(1), "textDocument/hover".to_string(), json!({})).into();
        let batch = vec![change("file:///a", "1"), hover, change("file:///a", "2")];
        assert_eq!(texts(&coalesce(batch)), ["1", "textDocument/hover", "2"]);
    }
}
