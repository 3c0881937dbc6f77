//! The server's state and its answer to each message, with no I/O: the stdio loop, the tests and
//! the benchmarks all feed it messages and read back what it would send.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, HoverProviderCapability,
    InitializeParams, OneOf, PublishDiagnosticsParams, RenameOptions, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
    WorkDoneProgressOptions,
};
use serde_json::Value as Json;

use super::analysis::{self, Analysis, Parsed};
use super::index::Index;
use super::position::{path_to_uri, uri_to_path};
use super::{actions, completion, diagnostics, hover, navigation, rename};
use crate::guide::Guide;
use crate::guide::load::MAX_FILE_BYTES;
use crate::read::{Allow, read_bounded};

/// A document the editor has open.
#[derive(Debug, Clone)]
pub struct Doc {
    /// As the editor names it.
    pub uri: Uri,
    /// The editor's text, saved or not.
    pub text: String,
    /// The editor's version number.
    pub version: i32,
}

/// One guide and what is known about it.
#[derive(Debug)]
pub struct GuideState {
    /// The latest check.
    pub analysis: Analysis,
    /// Its names.
    pub index: Index,
    /// The latest checked guide without errors (kept while the author is mid-edit).
    pub guide: Option<Guide>,
}

/// A request's failure, sent back as a JSON-RPC error.
#[derive(Debug)]
pub struct Failure {
    /// JSON-RPC error code.
    pub code: i32,
    /// Why, for the person.
    pub message: String,
}

impl Failure {
    /// A request that cannot be carried out as asked (the reason is shown to the person).
    pub fn refused(message: impl Into<String>) -> Self {
        Self { code: ErrorCode::RequestFailed as i32, message: message.into() }
    }

    fn invalid(message: impl Into<String>) -> Self {
        Self { code: ErrorCode::InvalidParams as i32, message: message.into() }
    }
}

/// The language server.
#[derive(Debug, Default)]
pub struct Server {
    docs: HashMap<PathBuf, Doc>,
    /// By main file.
    guides: HashMap<PathBuf, GuideState>,
    /// The last good parse of each file.
    previous: HashMap<PathBuf, Arc<Parsed>>,
    /// Files diagnostics were last sent for, by main file, so they can be cleared.
    published: HashMap<PathBuf, Vec<PathBuf>>,
    /// Workspace folders, searched for guides on a workspace symbol request.
    roots: Vec<PathBuf>,
    scanned: bool,
    shutting_down: bool,
    exit: Option<u8>,
}

impl Server {
    /// A server waiting for `initialize`.
    pub fn new() -> Self {
        Self::default()
    }

    /// `Some(code)` once `exit` arrived: 0 after `shutdown`, 1 without.
    pub fn exit_code(&self) -> Option<u8> {
        self.exit
    }

    /// Answers one message. Whatever happens while answering, the server stays up: a failure
    /// becomes an error reply.
    pub fn handle(&mut self, message: Message) -> Vec<Message> {
        let id = match &message {
            Message::Request(r) => Some(r.id.clone()),
            _ => None,
        };
        match catch_unwind(AssertUnwindSafe(|| self.dispatch(message))) {
            Ok(out) => out,
            Err(_) => id
                .map(|id| {
                    vec![Response::new_err(id, ErrorCode::InternalError as i32, "internal error".to_string()).into()]
                })
                .unwrap_or_default(),
        }
    }

    fn dispatch(&mut self, message: Message) -> Vec<Message> {
        match message {
            Message::Request(req) => self.request(req),
            Message::Notification(n) => self.notification(n),
            Message::Response(_) => Vec::new(),
        }
    }

    fn request(&mut self, req: Request) -> Vec<Message> {
        let Request { id, method, params } = req;
        if self.shutting_down && method != "shutdown" {
            return vec![error(id, ErrorCode::InvalidRequest as i32, "the server is shutting down")];
        }
        let result: Result<Json, Failure> = match method.as_str() {
            "initialize" => Ok(self.initialize(params)),
            "shutdown" => {
                self.shutting_down = true;
                Ok(Json::Null)
            }
            "textDocument/completion" => parse(params).map(|p| to_json(&completion::complete(self, &p))),
            "textDocument/hover" => parse(params).map(|p| to_json(&hover::hover(self, &p))),
            "textDocument/definition" => parse(params).map(|p| to_json(&navigation::definition(self, &p))),
            "textDocument/references" => parse(params).map(|p| to_json(&navigation::references(self, &p))),
            "textDocument/documentSymbol" => parse(params).map(|p| to_json(&navigation::document_symbols(self, &p))),
            "workspace/symbol" => parse(params).map(|p| {
                self.scan_roots();
                to_json(&navigation::workspace_symbols(self, &p))
            }),
            "textDocument/prepareRename" => parse(params).and_then(|p| rename::prepare(self, &p).map(|r| to_json(&r))),
            "textDocument/rename" => parse(params).and_then(|p| rename::rename(self, &p).map(|r| to_json(&r))),
            "textDocument/codeAction" => parse(params).map(|p| to_json(&actions::code_actions(self, &p))),
            _ => Err(Failure { code: ErrorCode::MethodNotFound as i32, message: format!("no method {method}") }),
        };
        let reply = match result {
            Ok(v) => Response { id, response_result: Ok(v) },
            Err(f) => return vec![error(id, f.code, &f.message)],
        };
        vec![reply.into()]
    }

    fn initialize(&mut self, params: Json) -> Json {
        if let Ok(p) = serde_json::from_value::<InitializeParams>(params) {
            for f in p.workspace_folders.unwrap_or_default() {
                if let Some(path) = uri_to_path(&f.uri) {
                    self.roots.push(path);
                }
            }
            #[allow(deprecated)]
            if self.roots.is_empty()
                && let Some(path) = p.root_uri.as_ref().and_then(uri_to_path)
            {
                self.roots.push(path);
            }
        }
        let capabilities = ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
                ..Default::default()
            })),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(["\"", "{", "|", "[", " ", "."].iter().map(ToString::to_string).collect()),
                ..Default::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            ..Default::default()
        };
        serde_json::json!({
            "capabilities": capabilities,
            "serverInfo": ServerInfo { name: "guidepost".to_string(), version: Some(env!("CARGO_PKG_VERSION").to_string()) },
        })
    }

    fn notification(&mut self, n: Notification) -> Vec<Message> {
        let p = n.params;
        match n.method.as_str() {
            "exit" => {
                self.exit = Some(u8::from(!self.shutting_down));
                Vec::new()
            }
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(p) else {
                    return Vec::new();
                };
                let doc = p.text_document;
                self.changed(doc.uri, Some((doc.text, doc.version)))
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(p) else {
                    return Vec::new();
                };
                // Full sync: the last change holds the whole text.
                let Some(change) = p.content_changes.into_iter().next_back() else { return Vec::new() };
                if change.range.is_some() {
                    return Vec::new();
                }
                self.changed(p.text_document.uri, Some((change.text, p.text_document.version)))
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(p) else {
                    return Vec::new();
                };
                self.changed(p.text_document.uri, None)
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(p) else {
                    return Vec::new();
                };
                let Some(path) = uri_to_path(&p.text_document.uri).map(|p| canonical(&p)) else { return Vec::new() };
                self.docs.remove(&path);
                // The disk's text counts again for the guides it belongs to.
                self.refresh(&path)
            }
            _ => Vec::new(),
        }
    }

    /// A document was opened, edited or saved: check every guide it belongs to.
    fn changed(&mut self, uri: Uri, text: Option<(String, i32)>) -> Vec<Message> {
        let Some(path) = uri_to_path(&uri).map(|p| canonical(&p)) else { return Vec::new() };
        if let Some((text, version)) = text {
            self.docs.insert(path.clone(), Doc { uri, text, version });
        }
        self.refresh(&path)
    }

    fn refresh(&mut self, path: &Path) -> Vec<Message> {
        let mains = self.mains_for(path);
        let mut out = Vec::new();
        if mains.is_empty() && self.docs.contains_key(path) {
            // Not a guide: nothing to say about it (and nothing left from before).
            out.extend(self.publish_empty(path));
        }
        for main in mains {
            out.extend(self.check(&main));
        }
        out
    }

    /// The main files of the guides a file belongs to: itself, when it is a main file, or the
    /// guides that include it (already known, or found in the folders above it).
    fn mains_for(&mut self, path: &Path) -> Vec<PathBuf> {
        let text = self.read(path).unwrap_or_default();
        if analysis::is_main_guide(&text) {
            return vec![path.to_path_buf()];
        }
        let known: Vec<PathBuf> =
            self.guides.iter().filter(|(_, g)| g.analysis.file_index(path).is_some()).map(|(m, _)| m.clone()).collect();
        if !known.is_empty() {
            return known;
        }
        let mut found = Vec::new();
        for dir in path.ancestors().skip(1).take(3) {
            for candidate in toml_files(dir, 100) {
                if candidate == path || self.guides.contains_key(&candidate) {
                    continue;
                }
                let Some(text) = self.read(&candidate) else { continue };
                if !(text.contains("include") && analysis::is_main_guide(&text)) {
                    continue;
                }
                let a = analysis::analyze(&candidate, &|p| self.read(p), &self.previous);
                if a.file_index(path).is_some() {
                    found.push(candidate);
                }
            }
            if !found.is_empty() {
                break;
            }
        }
        found
    }

    /// Re-checks one guide and sends the diagnostics of each of its files.
    fn check(&mut self, main: &Path) -> Vec<Message> {
        let mut a = analysis::analyze(main, &|p| self.read(p), &self.previous);
        for f in &a.files {
            if let (Some(p), false) = (&f.parsed, f.stale) {
                self.previous.insert(f.path.clone(), p.clone());
            }
        }
        let index = Index::build(&a);
        let fresh = a.guide.take();
        let guide = fresh.or_else(|| self.guides.remove(main).and_then(|g| g.guide));
        let mut out = Vec::new();
        let uris: Vec<Option<Uri>> = a.files.iter().map(|f| self.uri_for(&f.path)).collect();
        let uri_of = |i: usize| uris.get(i).cloned().flatten();
        let now: Vec<PathBuf> = a.files.iter().map(|f| f.path.clone()).collect();
        for (i, f) in a.files.iter().enumerate() {
            let Some(uri) = uri_of(i) else { continue };
            let diagnostics = diagnostics::for_file(&a, &index, i, &uri_of);
            let version = self.docs.get(&f.path).map(|d| d.version);
            out.push(notify(
                "textDocument/publishDiagnostics",
                &PublishDiagnosticsParams { uri, diagnostics, version },
            ));
        }
        // Files that left the guide (an include was removed) lose its diagnostics.
        for old in self.published.insert(main.to_path_buf(), now.clone()).unwrap_or_default() {
            if !now.contains(&old) {
                out.extend(self.publish_empty(&old));
            }
        }
        self.guides.insert(main.to_path_buf(), GuideState { analysis: a, index, guide });
        out
    }

    fn publish_empty(&self, path: &Path) -> Option<Message> {
        let uri = self.uri_for(path)?;
        let version = self.docs.get(path).map(|d| d.version);
        Some(notify(
            "textDocument/publishDiagnostics",
            &PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version },
        ))
    }

    /// A file's text: the editor's when it is open, else the disk's.
    pub fn read(&self, path: &Path) -> Option<String> {
        if let Some(doc) = self.docs.get(path) {
            return Some(doc.text.clone());
        }
        let bytes = read_bounded(path, MAX_FILE_BYTES, Allow::RegularFile).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The URI the editor knows a file by.
    pub fn uri_for(&self, path: &Path) -> Option<Uri> {
        self.docs.get(path).map(|d| d.uri.clone()).or_else(|| path_to_uri(path))
    }

    /// The guide a document belongs to and its index there (the guide the file is the main
    /// file of, first).
    pub fn locate(&self, uri: &Uri) -> Option<(&GuideState, usize)> {
        let path = canonical(&uri_to_path(uri)?);
        if let Some(g) = self.guides.get(&path) {
            return Some((g, 0));
        }
        self.guides.values().find_map(|g| g.analysis.file_index(&path).map(|i| (g, i)))
    }

    /// Every guide checked so far.
    pub fn guides(&self) -> impl Iterator<Item = &GuideState> {
        self.guides.values()
    }

    /// Checks the guides found in the workspace folders, once, so workspace symbols cover files
    /// that are not open.
    fn scan_roots(&mut self) {
        if self.scanned {
            return;
        }
        self.scanned = true;
        let mut found = Vec::new();
        for root in self.roots.clone() {
            let mut dirs = vec![(root, 0)];
            while let Some((dir, depth)) = dirs.pop() {
                if found.len() >= 200 {
                    break;
                }
                for f in toml_files(&dir, 200) {
                    if !self.guides.contains_key(&f) && self.read(&f).is_some_and(|t| analysis::is_main_guide(&t)) {
                        found.push(f);
                    }
                }
                if depth < 3 {
                    let subdirs = std::fs::read_dir(&dir).into_iter().flatten().flatten().filter_map(|e| {
                        let name = e.file_name();
                        let hidden = name.to_string_lossy().starts_with('.') || name == "target";
                        (!hidden && e.file_type().is_ok_and(|t| t.is_dir())).then(|| e.path())
                    });
                    dirs.extend(subdirs.take(100).map(|d| (d, depth + 1)));
                }
            }
        }
        for f in found {
            let _ = self.check(&f);
        }
    }
}

/// A path as the guides know it: resolved, when it exists on disk.
pub fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| analysis::normalize(path))
}

/// The `.toml` files of a folder, at most `limit`, in name order.
fn toml_files(dir: &Path, limit: usize) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .take(limit)
        .map(|p| canonical(&p))
        .collect();
    out.sort();
    out
}

fn parse<P: serde::de::DeserializeOwned>(params: Json) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| Failure::invalid(format!("invalid parameters: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

fn error(id: RequestId, code: i32, message: &str) -> Message {
    Response::new_err(id, code, message.to_string()).into()
}

fn notify<T: serde::Serialize>(method: &str, params: &T) -> Message {
    Notification { method: method.to_string(), params: to_json(params) }.into()
}
