//! `guidepost lsp` through its real stdio protocol: scripted JSON-RPC sessions for diagnostics,
//! completion, hover, navigation, rename, code actions and robustness, and one session with
//! Neovim's built-in client when `nvim` is installed.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{BIN, guidepost};

const TIMEOUT: Duration = Duration::from_secs(20);

/// A language client speaking to a real `guidepost lsp` process.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications that arrived while waiting for something else.
    notes: Vec<Value>,
    next_id: i64,
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = guidepost(&["lsp"])
            .env("XDG_CACHE_HOME", root.join(".cache"))
            .command()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice::<Value>(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut c = Client { child, stdin, incoming: rx, notes: Vec::new(), next_id: 1 };
        let init = c.request("initialize", json!({ "capabilities": {}, "rootUri": uri(root), "processId": null }));
        assert!(init["result"]["capabilities"]["completionProvider"].is_object(), "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, msg: &Value) {
        self.send_raw(&frame(&msg.to_string()));
    }

    fn notify(&mut self, method: &str, params: Value) {
        let mut msg = json!({ "jsonrpc": "2.0", "method": method });
        msg["params"] = params;
        self.send(&msg);
    }

    fn next(&mut self, deadline: Instant) -> Value {
        match self.incoming.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        msg["params"] = params;
        self.send(&msg);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self.next(deadline);
            if m["id"] == json!(id) {
                return m;
            }
            self.notes.push(m);
        }
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// The next diagnostics published for a file.
    fn diagnostics(&mut self, file: &Path) -> Vec<Value> {
        let want = uri(file);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self
                .notes
                .iter()
                .position(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == json!(want))
            {
                let n = self.notes.remove(i);
                return n["params"]["diagnostics"].as_array().unwrap().clone();
            }
            let m = self.next(deadline);
            self.notes.push(m);
        }
    }

    fn open(&mut self, file: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri(file), "languageId": "toml", "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, file: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(file), "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// Ends the session the way an editor does and returns the exit code.
    fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    fn wait(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The fixture guide (main.toml including extra.toml), copied to a fresh folder.
fn fixture() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp");
    for name in ["main.toml", "extra.toml"] {
        std::fs::copy(src.join(name), root.join(name)).unwrap();
    }
    (dir, root.join("main.toml"), root.join("extra.toml"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The LSP position of the `nth` (0-based) occurrence of `needle`, plus `shift` characters.
fn pos(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} not in text")).0 + shift;
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": col })
}

fn at(file: &Path, text: &str, needle: &str, shift: usize) -> Value {
    json!({ "textDocument": { "uri": uri(file) }, "position": pos(text, needle, 0, shift) })
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

fn labels(items: &Value) -> Vec<String> {
    let list = items.as_array().or_else(|| items["items"].as_array()).unwrap();
    list.iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

/// Applies LSP text edits (ASCII text) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap().to_string()))
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Diagnostics as you type

#[test]
fn diagnostics_follow_unsaved_edits_and_land_in_the_file_they_are_about() {
    let (dir, main, extra) = fixture();
    let mut c = Client::start(dir.path());
    let text = read(&main);
    c.open(&main, &text);
    assert_eq!(codes(&c.diagnostics(&main)), Vec::<String>::new());
    let in_extra = c.diagnostics(&extra);
    assert_eq!(codes(&in_extra), vec!["W0102"], "the untested item is in the included file");
    assert_eq!(in_extra[0]["range"]["start"], json!({ "line": 1, "character": 11 }));
    assert_eq!(in_extra[0]["severity"], 2);
    // The code links to its explanation, the text of `guidepost explain W0102`.
    let href = in_extra[0]["codeDescription"]["href"].as_str().unwrap();
    let explained = std::fs::read_to_string(href.strip_prefix("file://").unwrap()).unwrap();
    assert!(explained.contains("W0102") && explained.contains("[[tests]]"), "{explained}");

    // A typo, not saved: the error and its exact range, with the fix in the message.
    let typo = text.replace("next = \"plan\"", "next = \"plam\"");
    c.change(&main, 2, &typo);
    let d = c.diagnostics(&main);
    assert_eq!(codes(&d), vec!["E0301"]);
    assert_eq!(d[0]["range"]["start"], pos(&typo, "\"plam\"", 0, 0));
    assert!(d[0]["message"].as_str().unwrap().contains("did you mean \"plan\""), "{}", d[0]);
    assert_eq!(read(&main), text, "nothing is written to disk");
    // As with `validate`, untested items are only looked for in a guide without errors.
    assert_eq!(codes(&c.diagnostics(&extra)), Vec::<String>::new());

    // An unsaved edit of the included file counts too, and a duplicate points at the first.
    let extra_text = read(&extra);
    c.open(&extra, &format!("{extra_text}\n[checklist.call]\ntext = \"Again.\"\n"));
    let d = c.diagnostics(&extra);
    let dup = d.iter().find(|d| d["code"] == "E0206").unwrap_or_else(|| panic!("{d:?}"));
    let related = &dup["relatedInformation"][0];
    assert_eq!(related["message"], "first defined here");
    assert_eq!(related["location"]["uri"], json!(uri(&main)));
    assert_eq!(related["location"]["range"]["start"], pos(&text, "call]", 0, 0));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn broken_toml_is_reported_and_the_last_good_model_still_completes() {
    let (dir, main, _) = fixture();
    let mut c = Client::start(dir.path());
    let text = read(&main);
    c.open(&main, &text);
    c.diagnostics(&main);
    let broken = text.replace("next = \"plan\"", "next = \"");
    c.change(&main, 2, &broken);
    let d = c.diagnostics(&main);
    assert_eq!(codes(&d), vec!["E0101"], "{d:?}");
    let items = c.result("textDocument/completion", at(&main, &broken, "next = \"\n", 8));
    let got = labels(&items);
    for node in ["welcome", "plan", "route", "cost", "done"] {
        assert!(got.contains(&node.to_string()), "{node} missing from {got:?}");
    }
    // Going to a definition still works in the rest of the file.
    let def = c.result("textDocument/definition", at(&main, &broken, "next = \"done\"", 9));
    assert_eq!(def[0]["range"]["start"], pos(&text, "done]", 0, 0));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn unused_things_are_tagged_unnecessary() {
    let (dir, main, _) = fixture();
    let mut c = Client::start(dir.path());
    let text = read(&main).replace("[sections.before]", "[sections.unused]\ntitle = \"Nobody\"\n\n[sections.before]");
    c.open(&main, &text);
    let d = c.diagnostics(&main);
    let w = d.iter().find(|d| d["code"] == "W0104").unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(w["tags"], json!([1]));
}

// ---------------------------------------------------------------------------------------------
// Completion

#[test]
fn completion_offers_what_each_place_can_hold() {
    let (dir, main, _) = fixture();
    let mut c = Client::start(dir.path());
    let text = read(&main);
    c.open(&main, &text);
    c.diagnostics(&main);

    let complete = |c: &mut Client, text: &str, needle: &str, shift: usize| {
        c.change(&main, 2, text);
        c.result("textDocument/completion", at(&main, text, needle, shift))
    };
    // Node ids after `next =`, each with its type and title.
    let t = text.replace("next = \"route\"", "next = \"ro");
    let items = complete(&mut c, &t, "next = \"ro", 10);
    let route = items.as_array().unwrap().iter().find(|i| i["label"] == "cost").unwrap();
    assert_eq!(route["detail"], "number: Cost");

    // Vars in a condition, and the values of the var a text is compared with.
    let t = text.replace("when = 'plan == \"ppo\"'", "when = 'plan == \"");
    let items = complete(&mut c, &t, "when = 'plan == \"", 17);
    assert_eq!(labels(&items), vec!["ppo", "hmo"]);
    assert_eq!(items[0]["detail"], "A PPO plan");
    let t = text.replace("when = 'plan == \"ppo\"'", "when = '");
    assert!(labels(&complete(&mut c, &t, "when = '", 8)).contains(&"cost".to_string()));

    // `{...}` slots and their filters.
    let t = text.replace("Call your {plan|or:insurance} plan.", "Call your {");
    assert!(labels(&complete(&mut c, &t, "Call your {", 11)).contains(&"plan".to_string()));
    let t = text.replace("Call your {plan|or:insurance} plan.", "Call your {plan|");
    assert_eq!(labels(&complete(&mut c, &t, "Call your {plan|", 16)), vec!["money", "or:"]);

    // Test answers: the values of the var answered.
    let t = text.replace("answers = { plan = \"ppo\", cost = 10 }", "answers = { plan = \"");
    assert_eq!(labels(&complete(&mut c, &t, "answers = { plan = \"", 20)), vec!["ppo", "hmo"]);

    // Sections, resources, node types.
    let t = text.replace("section = \"before\"", "section = \"");
    assert_eq!(labels(&complete(&mut c, &t, "section = \"", 11)), vec!["before"]);
    let t = text.replace("resources = [\"helpline\"]", "resources = [\"");
    assert_eq!(labels(&complete(&mut c, &t, "resources = [\"", 14)), vec!["helpline"]);
    let t = text.replace("type = \"end\"", "type = \"");
    assert!(labels(&complete(&mut c, &t, "type = \"", 8)).contains(&"branch".to_string()));

    // Keys a choice node may have, and only those.
    let t = text.replace("var = \"plan\"\n", "var = \"plan\"\nopt\n");
    let keys = labels(&complete(&mut c, &t, "opt\n", 3));
    assert!(keys.contains(&"optional".to_string()) && keys.contains(&"options".to_string()), "{keys:?}");
    assert!(!keys.contains(&"rules".to_string()), "{keys:?}");
    assert_eq!(c.shutdown(), 0);
}

// ---------------------------------------------------------------------------------------------
// Hover

fn hover_text(c: &mut Client, file: &Path, text: &str, needle: &str, shift: usize) -> String {
    let r = c.result("textDocument/hover", at(file, text, needle, shift));
    r["contents"]["value"].as_str().unwrap_or_else(|| panic!("no hover: {r}")).to_string()
}

#[test]
fn hover_explains_nodes_vars_terms_and_codes() {
    let (dir, main, extra) = fixture();
    let mut c = Client::start(dir.path());
    let text = read(&main);
    c.open(&main, &text);
    c.diagnostics(&main);
    let h = hover_text(&mut c, &main, &text, "next = \"cost\"", 9);
    assert!(h.contains("**number** node `cost`: Cost") && h.contains("Reached from: `route`"), "{h}");
    let h = hover_text(&mut c, &main, &text, "{plan|", 2);
    assert!(h.contains("set by plan") && h.contains("`ppo`: A PPO plan") && h.contains("`hmo`: An HMO plan"), "{h}");
    let h = hover_text(&mut c, &main, &text, "deductible.\"", 3);
    assert!(h.contains("What you pay each year"), "{h}");
    // A code written anywhere, and the code of a diagnostic under the cursor.
    let t = format!("# see E0308\n{text}");
    c.change(&main, 2, &t);
    let h = hover_text(&mut c, &main, &t, "E0308", 2);
    assert!(h.contains("E0308") && h.contains("otherwise"), "{h}");
    let extra_text = read(&extra);
    c.open(&extra, &extra_text);
    let h = hover_text(&mut c, &extra, &extra_text, "ask_hmo", 2);
    assert!(h.contains("W0102"), "{h}");
}

// ---------------------------------------------------------------------------------------------
// Navigation

#[test]
fn navigation_goes_to_definitions_references_and_symbols() {
    let (dir, main, extra) = fixture();
    let mut c = Client::start(dir.path());
    let text = read(&main);
    let extra_text = read(&extra);
    c.open(&main, &text);
    c.diagnostics(&main);

    // A var used in the included file's condition is defined by the question in main.toml.
    c.open(&extra, &extra_text);
    let def = c.result("textDocument/definition", at(&extra, &extra_text, "plan ==", 1));
    assert_eq!(def[0]["uri"], json!(uri(&main)));
    assert_eq!(def[0]["range"]["start"], pos(&text, "var = \"plan\"", 0, 7));
    // The include itself leads to the file.
    let def = c.result("textDocument/definition", at(&main, &text, "extra.toml", 2));
    assert_eq!(def["uri"], json!(uri(&extra)));
    // A resource used in main.toml is defined in the included file.
    let def = c.result("textDocument/definition", at(&main, &text, "\"helpline\"", 2));
    assert_eq!(def[0]["uri"], json!(uri(&extra)));

    // Every use of `plan` (the var): definition, conditions, slots and a test, in both files.
    let mut params = at(&main, &text, "var = \"plan\"", 8);
    params["context"] = json!({ "includeDeclaration": true });
    let refs = c.result("textDocument/references", params);
    let refs = refs.as_array().unwrap();
    assert_eq!(refs.len(), 6, "{refs:?}");
    assert!(refs.iter().any(|r| r["uri"] == json!(uri(&extra))));

    // The outline: nodes with their options, the checklist by section.
    let syms = c.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri(&main) } }));
    let names: Vec<&str> = syms.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["nodes", "checklist: before", "sections", "glossary"]);
    let plan = &syms[0]["children"][1];
    assert_eq!(plan["name"], "plan");
    assert_eq!(plan["detail"], "choice: Your plan");
    assert_eq!(plan["children"][1]["name"], "hmo");

    // Workspace symbols, across files.
    let found = c.result("workspace/symbol", json!({ "query": "HEL" }));
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["name"], "helpline");
    assert_eq!(found[0]["location"]["uri"], json!(uri(&extra)));
}

// ---------------------------------------------------------------------------------------------
// Rename

fn rename(c: &mut Client, file: &Path, text: &str, needle: &str, shift: usize, to: &str) -> Value {
    let mut params = at(file, text, needle, shift);
    params["newName"] = json!(to);
    c.request("textDocument/rename", params)
}

#[test]
fn rename_changes_every_use_in_every_file_and_refuses_bad_names() {
    let (dir, main, extra) = fixture();
    let mut c = Client::start(dir.path());
    let text = read(&main);
    let extra_text = read(&extra);
    c.open(&main, &text);
    c.diagnostics(&main);

    let prep = c.result("textDocument/prepareRename", at(&main, &text, "[nodes.plan]", 8));
    assert_eq!(prep["placeholder"], "plan");

    // The var `plan`: the question, conditions, slots and the test, in main.toml and extra.toml.
    let r = rename(&mut c, &main, &text, "var = \"plan\"", 8, "coverage");
    let changes = &r["result"]["changes"];
    let new_main = apply(&text, changes[uri(&main)].as_array().unwrap());
    let new_extra = apply(&extra_text, changes[uri(&extra)].as_array().unwrap());
    assert!(new_main.contains("var = \"coverage\"") && new_main.contains("when = 'coverage == \"ppo\"'"));
    assert!(new_main.contains("{coverage}") && new_main.contains("{coverage|or:insurance}"));
    assert!(new_main.contains("answers = { coverage = \"ppo\""));
    assert!(new_main.contains("[nodes.plan]"), "the node keeps its id");
    assert!(new_extra.contains("when = 'coverage == \"hmo\"'"));

    // The node `plan`: its header, its option tables and every `next`.
    let r = rename(&mut c, &main, &text, "[nodes.plan]", 8, "insurance");
    let renamed = apply(&text, r["result"]["changes"][uri(&main)].as_array().unwrap());
    assert!(renamed.contains("[nodes.insurance]") && renamed.contains("[[nodes.insurance.options]]"));
    assert!(renamed.contains("next = \"insurance\"") && renamed.contains("var = \"plan\""));
    c.change(&main, 2, &renamed);
    assert_eq!(codes(&c.diagnostics(&main)), Vec::<String>::new(), "the renamed guide is still valid");

    // An option value, in conditions and tests.
    let r = rename(&mut c, &main, &renamed, "value = \"ppo\"", 9, "preferred");
    let t = apply(&renamed, r["result"]["changes"][uri(&main)].as_array().unwrap());
    assert!(
        t.contains("value = \"preferred\"")
            && t.contains("plan == \"preferred\"")
            && t.contains("plan = \"preferred\"")
    );

    // Refused: a name that is taken, or not an id.
    let r = rename(&mut c, &main, &renamed, "[nodes.cost]", 8, "done");
    assert!(r["error"]["message"].as_str().unwrap().contains("already a node"), "{r}");
    let r = rename(&mut c, &main, &renamed, "[nodes.cost]", 8, "two words");
    assert!(r["error"]["message"].as_str().unwrap().contains("not an id"), "{r}");
    let r = rename(&mut c, &main, &renamed, "var = \"cost\"", 8, "and");
    assert!(r["error"]["message"].as_str().unwrap().contains("not a var name"), "{r}");
}

// ---------------------------------------------------------------------------------------------
// Code actions

fn actions(c: &mut Client, file: &Path, text: &str, needle: &str) -> Vec<Value> {
    let p = pos(text, needle, 0, 0);
    let r = c.result(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(file) }, "range": { "start": p, "end": p }, "context": { "diagnostics": [] } }),
    );
    r.as_array().unwrap().clone()
}

#[test]
fn code_actions_fix_typos_add_an_otherwise_and_a_missing_test() {
    let (dir, main, extra) = fixture();
    let mut c = Client::start(dir.path());
    let text = read(&main);
    c.open(&main, &text);
    c.diagnostics(&main);

    // Did you mean: the fix writes the suggestion in place of the typo.
    let typo = text.replace("next = \"plan\"", "next = \"plam\"");
    c.change(&main, 2, &typo);
    c.diagnostics(&main);
    let a = actions(&mut c, &main, &typo, "plam");
    assert_eq!(a[0]["title"], "Change to \"plan\"");
    assert_eq!(apply(&typo, a[0]["edit"]["changes"][uri(&main)].as_array().unwrap()), text);

    // A branch without an otherwise gets one, leading where its last rule leads.
    let no_otherwise = text.replace("  { next = \"done\" },\n", "  { when = 'plan == \"hmo\"', next = \"done\" },\n");
    c.change(&main, 3, &no_otherwise);
    assert_eq!(codes(&c.diagnostics(&main)), vec!["E0308"]);
    let a = actions(&mut c, &main, &no_otherwise, "rules = [");
    assert!(a[0]["title"].as_str().unwrap().starts_with("Add an otherwise rule"), "{a:?}");
    let fixed = apply(&no_otherwise, a[0]["edit"]["changes"][uri(&main)].as_array().unwrap());
    c.change(&main, 4, &fixed);
    assert_eq!(codes(&c.diagnostics(&main)), Vec::<String>::new(), "{fixed}");

    // An untested item gets a scenario whose answers reach it.
    c.change(&main, 5, &text);
    c.diagnostics(&main);
    let extra_text = read(&extra);
    c.open(&extra, &extra_text);
    assert_eq!(codes(&c.diagnostics(&extra)), vec!["W0102"]);
    let a = actions(&mut c, &extra, &extra_text, "ask_hmo");
    assert_eq!(a[0]["title"], "Add a [[tests]] scenario that produces \"ask_hmo\"");
    let with_test = apply(&extra_text, a[0]["edit"]["changes"][uri(&extra)].as_array().unwrap());
    assert!(with_test.contains("answers = { plan = \"hmo\" }"), "{with_test}");
    c.change(&extra, 2, &with_test);
    assert_eq!(codes(&c.diagnostics(&extra)), Vec::<String>::new(), "{with_test}");
}

// ---------------------------------------------------------------------------------------------
// Robustness

#[test]
fn hostile_input_gets_answers_or_clean_errors_and_the_server_stays_up() {
    let (dir, main, _) = fixture();
    let mut c = Client::start(dir.path());
    // Not JSON, then JSON that is not JSON-RPC: each answered with a parse error.
    c.send_raw(&frame("{ not json"));
    c.send_raw(&frame("[1, 2, 3]"));
    let deadline = Instant::now() + TIMEOUT;
    for _ in 0..2 {
        let m = c.next(deadline);
        assert_eq!(m["error"]["code"], -32700, "{m}");
    }
    // Unknown methods, bad parameters and unknown files.
    let r = c.request("no/such/method", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("textDocument/hover", at(&dir.path().join("nowhere.toml"), "x", "x", 0));
    assert_eq!(r["result"], Value::Null);

    // Half-typed and hostile texts: every request on every position answers.
    let text = read(&main);
    let texts = [
        String::new(),
        "format = 1\n[guide]\n".to_string(),
        text[..text.len() / 2].to_string(),
        text.replace('"', ""),
        format!("format = 1\n[guide]\nid = \"x\"\n{}= 1\n", "a.".repeat(5000)),
        format!("format = 1\n[guide]\ntitle = \"{}\"\n", "\u{1b}[31m".repeat(100)),
        format!("format = 1\n[guide]\nstart = \"{}\"\n", "é😀".repeat(10_000)),
        "format = 1\n[guide]\n[nodes.a]\ntype = \"branch\"\nrules = [{ when = '((((((((((((((', next = \"a\" }]\n"
            .to_string(),
        format!(
            "format = 1\n[guide]\ninclude = [\"../../../../etc/passwd\", \"main.toml\", \"{}\"]\n",
            "x/".repeat(500)
        ),
    ];
    for (v, t) in texts.iter().enumerate() {
        c.change(&main, i32::try_from(v).unwrap() + 2, t);
        c.diagnostics(&main);
        let lines = t.lines().count().max(1);
        for line in [0, lines / 2, lines + 5] {
            for character in [0, 3, 10_000] {
                let p = json!({ "textDocument": { "uri": uri(&main) }, "position": { "line": line, "character": character } });
                for method in [
                    "textDocument/completion",
                    "textDocument/hover",
                    "textDocument/definition",
                    "textDocument/prepareRename",
                ] {
                    let r = c.request(method, p.clone());
                    assert!(r.get("result").is_some() || r["error"]["code"] == -32803, "{method} on text {v}: {r}");
                }
                let mut refs = p.clone();
                refs["context"] = json!({ "includeDeclaration": true });
                assert!(c.request("textDocument/references", refs).get("result").is_some());
                let mut ren = p.clone();
                ren["newName"] = json!("x");
                let r = c.request("textDocument/rename", ren);
                assert!(r.get("result").is_some() || r["error"]["code"] == -32803, "{r}");
            }
        }
        c.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri(&main) } }));
        c.result(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri(&main) }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } }, "context": { "diagnostics": [] } }),
        );
    }
    c.result("workspace/symbol", json!({ "query": "" }));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn the_manual_page_lists_the_server() {
    let page = guidepost(&["man"]).run().stdout;
    assert!(page.contains(".SS \"guidepost lsp\"") && page.contains("Language Server Protocol"), "{page}");
}

#[test]
fn the_server_exits_at_the_end_of_input_and_on_exit_without_shutdown() {
    let (dir, _, _) = fixture();
    let mut c = Client::start(dir.path());
    c.stdin = None;
    assert_eq!(c.wait(), 1, "end of input without shutdown");
    let mut c = Client::start(dir.path());
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 1, "exit without shutdown");
    let mut c = Client::start(dir.path());
    c.request("shutdown", Value::Null);
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600, "requests after shutdown are refused: {r}");
    assert_eq!(c.shutdown(), 0);
}

// ---------------------------------------------------------------------------------------------
// A real editor

/// Neovim's built-in client, headless: it starts the server, shows its diagnostics, and goes to
/// a definition through it.
#[test]
fn neovim_shows_diagnostics_and_goes_to_definitions() {
    if Command::new("nvim").arg("--version").output().is_err() {
        println!("skipped: nvim is not installed (.ci/run installs it with apt-get)");
        return;
    }
    let (dir, main, _) = fixture();
    let text = read(&main).replace("next = \"plan\"", "next = \"plam\"");
    std::fs::write(&main, &text).unwrap();
    let out = dir.path().join("nvim-out.txt");
    let script = dir.path().join("client.lua");
    // Line of `next = "done"` in the rules (1-based for nvim), column inside the id.
    let line = text[..text.find("next = \"done\"").unwrap()].matches('\n').count() + 1;
    let col = text.lines().nth(line - 1).unwrap().find("done").unwrap();
    std::fs::write(
        &script,
        format!(
            r#"
local out = {{}}
local id = vim.lsp.start_client({{ name = "guidepost", cmd = {{ "{bin}", "lsp" }}, root_dir = "{root}" }})
vim.lsp.buf_attach_client(0, id)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  table.insert(out, "diagnostic " .. d.lnum .. " " .. code .. " " .. d.message:gsub("\n.*", ""))
end
vim.api.nvim_win_set_cursor(0, {{ {line}, {col} }})
local res = vim.lsp.buf_request_sync(0, "textDocument/definition", vim.lsp.util.make_position_params(), 20000)
for _, r in pairs(res or {{}}) do
  for _, loc in ipairs(r.result or {{}}) do
    table.insert(out, "definition " .. loc.range.start.line)
  end
end
vim.fn.writefile(out, "{out}")
vim.cmd("qa!")
"#,
            bin = BIN,
            root = dir.path().display(),
            out = out.display(),
        ),
    )
    .unwrap();
    let mut nvim = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .arg(&main)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while nvim.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = nvim.kill();
            panic!("nvim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let got = std::fs::read_to_string(&out).unwrap_or_default();
    let typo_line = text[..text.find("plam").unwrap()].matches('\n').count();
    assert!(got.contains(&format!("diagnostic {typo_line} E0301 ")), "{got}");
    let done_line = text[..text.find("[nodes.done]").unwrap()].matches('\n').count();
    assert!(got.contains(&format!("definition {done_line}")), "{got}");
}
