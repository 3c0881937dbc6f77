//! Saved sessions: round trips, a guide that changed in between, and files that cannot be used.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use guidepost::engine::Session;
use guidepost::engine::replay::Flag;
use guidepost::guide::{CheckOptions, Guide, Value, load_path};
use guidepost::store::{Autosave, Problem, Store, StoreError};

use crate::support::guidepost;

fn fixture(name: &str) -> Guide {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions").join(name);
    load_path(&path, CheckOptions::default()).guide.expect("the fixture loads")
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Welcome, red bag, the cat, 4 days, "Ada": standing on the compare page.
fn walked(guide: &Guide) -> Session {
    let mut s = Session::new(guide);
    s.advance(guide).unwrap();
    s.answer(guide, &text("red")).unwrap();
    s.answer(guide, &Value::List(vec!["cat".into()])).unwrap();
    s.answer(guide, &Value::Number(4.0)).unwrap();
    s.answer(guide, &text("Ada")).unwrap();
    s
}

fn current_key(guide: &Guide, s: &Session) -> String {
    guide.node(s.current()).key.clone()
}

#[test]
fn a_saved_session_resumes_at_the_same_page_with_every_answer_and_tick() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut session = walked(&guide);
    session.toggle("tickets");
    store.save(&guide, &session, None).unwrap();

    let resumed = store.load(&guide).unwrap().expect("a session was saved");
    assert!(resumed.flags.is_empty(), "{:?}", resumed.flags);
    assert!(!resumed.guide_changed);
    assert_eq!(resumed.answers, 4);
    assert!(!resumed.finished);
    assert_eq!(current_key(&guide, &resumed.session), "modes");
    assert_eq!(resumed.session.all_answers(), session.all_answers());
    assert_eq!(resumed.session.ticked(), session.ticked());
    let path = |s: &Session| s.history().iter().map(|v| guide.node(v.node).key.clone()).collect::<Vec<_>>();
    assert_eq!(path(&resumed.session), path(&session));
}

#[test]
fn dormant_answers_are_saved_and_come_back() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut session = walked(&guide);
    // Back to the bag: the later answers are no longer on the path, but are kept.
    assert!(session.jump_to(1));
    store.save(&guide, &session, None).unwrap();
    let resumed = store.load(&guide).unwrap().unwrap();
    assert_eq!(current_key(&guide, &resumed.session), "color");
    assert_eq!(resumed.session.stored("name"), Some(&text("Ada")));
    assert_eq!(resumed.session.stored("days"), Some(&Value::Number(4.0)));
}

#[test]
fn a_changed_guide_flags_the_changed_and_removed_questions_and_asks_again() {
    let before = fixture("small.toml");
    let after = fixture("small-changed.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    store.save(&before, &walked(&before), None).unwrap();

    let resumed = store.load(&after).unwrap().unwrap();
    assert!(resumed.guide_changed);
    assert_eq!(
        resumed.flags,
        vec![Flag::Changed { var: "color".into(), title: "Bag colour".into() }, Flag::Gone { var: "pets".into() },]
    );
    let lines: Vec<String> = resumed.flags.iter().map(Flag::describe).collect();
    assert_eq!(
        lines,
        [
            "“Bag colour” has changed since you answered it; please answer it again.",
            "The question for “pets” is no longer in the guide.",
        ]
    );
    // The changed question is asked again; the answers after it wait, unchanged.
    let mut session = resumed.session;
    assert_eq!(current_key(&after, &session), "color");
    assert_eq!(session.stored("days"), Some(&Value::Number(4.0)));
    session.answer(&after, &text("green")).unwrap();
    session.fast_forward(&after);
    assert_eq!(current_key(&after, &session), "done", "every later answer still counts, up to the end");
    // The removed question's answer is still kept, so saving again loses nothing.
    assert_eq!(session.stored("pets"), Some(&Value::List(vec!["cat".into()])));
}

/// Writes `bytes` as the fixture guide's session file, loads it, and returns the error.
fn load_broken(bytes: &[u8]) -> (StoreError, tempfile::TempDir) {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    std::fs::write(store.path_for("small-trip").unwrap(), bytes).unwrap();
    let err = store.load(&guide).unwrap_err();
    // Set aside, so the next load starts fresh and the bytes are still there.
    assert!(store.load(&guide).unwrap().is_none());
    if let StoreError::Unusable { set_aside, .. } = &err {
        assert_eq!(std::fs::read(set_aside).unwrap(), bytes, "the file is kept byte for byte");
    }
    (err, dir)
}

fn saved_json() -> String {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let path = store.save(&guide, &walked(&guide), None).unwrap();
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_truncated_session_is_set_aside_with_a_clear_message() {
    let json = saved_json();
    for cut in [json.len() / 2, json.len() - 3, 1, 0] {
        let (err, dir) = load_broken(&json.as_bytes()[..cut]);
        let StoreError::Unusable { problem, set_aside, .. } = &err else { panic!("{err:?}") };
        assert_eq!(*problem, Problem::Truncated, "cut at {cut}");
        assert_eq!(set_aside, &dir.path().join("small-trip.json.corrupt-1"));
        assert_eq!(
            err.to_string(),
            format!(
                "the saved session {} cannot be used: the file is cut short. It was kept as {}",
                dir.path().join("small-trip.json").display(),
                set_aside.display()
            )
        );
    }
}

#[test]
fn a_damaged_session_is_set_aside() {
    let (err, _dir) = load_broken(b"{\"format\": 1, \"guide\": 7 }");
    let StoreError::Unusable { problem: Problem::Damaged(detail), .. } = &err else { panic!("{err:?}") };
    assert!(detail.contains("invalid type"), "{detail}");
    let (err, _dir) = load_broken(b"not json at all");
    assert!(matches!(&err, StoreError::Unusable { problem: Problem::Damaged(_), .. }), "{err:?}");
    let (err, _dir) = load_broken(b"{\"answers\": {}}");
    assert!(err.to_string().contains("it has no format number"), "{err}");
}

#[test]
fn a_session_from_a_newer_guidepost_is_kept_aside_not_misread() {
    let json = saved_json().replacen("\"format\": 1", "\"format\": 7", 1);
    let (err, dir) = load_broken(json.as_bytes());
    let StoreError::Unusable { problem, set_aside, .. } = &err else { panic!("{err:?}") };
    assert_eq!(*problem, Problem::Newer(7));
    assert_eq!(set_aside, &dir.path().join("small-trip.json.newer-1"));
    assert!(
        err.to_string()
            .contains("written by a newer version of guidepost (session format 7; this version reads format 1)"),
        "{err}"
    );
}

#[test]
fn a_session_of_another_guide_is_set_aside() {
    let json = saved_json().replacen("\"id\": \"small-trip\"", "\"id\": \"ketamine-coverage\"", 1);
    let (err, _dir) = load_broken(json.as_bytes());
    assert!(err.to_string().contains("it belongs to another guide (\"ketamine-coverage\")"), "{err}");
}

#[test]
fn setting_aside_never_overwrites_an_earlier_file_set_aside() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let file = store.path_for("small-trip").unwrap();
    std::fs::write(&file, "first").unwrap();
    store.load(&guide).unwrap_err();
    std::fs::write(&file, "second").unwrap();
    store.load(&guide).unwrap_err();
    assert_eq!(std::fs::read_to_string(dir.path().join("small-trip.json.corrupt-1")).unwrap(), "first");
    assert_eq!(std::fs::read_to_string(dir.path().join("small-trip.json.corrupt-2")).unwrap(), "second");
}

#[test]
fn answers_from_an_old_guide_that_no_longer_fit_are_asked_again() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    // A hand-edited file: 99 days is over the maximum of 30, and no fingerprints.
    let saved = saved_json();
    assert!(saved.contains("\"days\": 4"), "{saved}");
    let json = saved.replace("\"days\": 4", "\"days\": 99.0");
    let json = json.split("\"fingerprints\"").next().unwrap().to_string()
        + "\"path\""
        + json.split("\"path\"").nth(1).unwrap();
    std::fs::write(store.path_for("small-trip").unwrap(), json).unwrap();
    let resumed = store.load(&guide).unwrap().unwrap();
    assert!(matches!(&resumed.flags[..], [Flag::Invalid { var, .. }] if var == "days"), "{:?}", resumed.flags);
    assert_eq!(current_key(&guide, &resumed.session), "days");
}

#[test]
fn list_and_delete_name_each_session() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    assert!(store.list().unwrap().is_empty(), "a missing folder lists nothing");
    let mut session = walked(&guide);
    session.advance(&guide).unwrap();
    assert!(session.is_finished(&guide));
    store.save(&guide, &session, None).unwrap();
    std::fs::write(dir.path().join("broken-one.json"), "{").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a session").unwrap();

    let list = store.list().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0].id, "broken-one");
    assert_eq!(list[0].problem, Some(Problem::Truncated));
    assert_eq!(list[1].id, "small-trip");
    assert_eq!(list[1].title.as_deref(), Some("Plan a small trip"));
    assert_eq!(list[1].answers, 4);
    assert!(list[1].finished);

    let err = store.delete("small-trp").unwrap_err();
    assert_eq!(err.to_string(), "there is no saved session for \"small-trp\" (did you mean \"small-trip\"?)");
    // A second window's separate walk is listed after the guide's own session, and deleting
    // the guide's session leaves it.
    let own = dir.path().join("small-trip.json");
    let separate = dir.path().join("small-trip.separate-1795788185-4242.json");
    std::fs::copy(&own, &separate).unwrap();
    let list = store.list().unwrap();
    assert_eq!(list.len(), 3, "{list:?}");
    assert_eq!((list[1].id.as_str(), list[1].separate), ("small-trip", false));
    assert_eq!((list[2].id.as_str(), list[2].separate, &list[2].path), ("small-trip", true, &separate));
    let gone = store.delete("small-trip").unwrap();
    assert_eq!(gone.answers, 4);
    assert!(!gone.separate && separate.exists(), "the separate walk is kept");
    assert!(store.load(&guide).unwrap().is_none());
    std::fs::remove_file(&separate).unwrap();
}

#[test]
fn starting_fresh_keeps_the_previous_session() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    assert_eq!(store.keep_previous("small-trip").unwrap(), None);
    store.save(&guide, &walked(&guide), None).unwrap();
    let kept = store.keep_previous("small-trip").unwrap().unwrap();
    assert_eq!(kept, dir.path().join("small-trip.json.previous"));
    assert!(std::fs::read_to_string(kept).unwrap().contains("\"Ada\""));
    assert!(store.load(&guide).unwrap().is_none());
}

#[test]
fn autosave_writes_nothing_until_the_person_does_something() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let mut auto = Autosave::new(Store::at(dir.path().join("sessions")));
    let mut session = Session::new(&guide);
    auto.save(&guide, &session).unwrap();
    assert!(!dir.path().join("sessions").exists(), "opening a guide and leaving saves nothing");
    session.advance(&guide).unwrap();
    auto.save(&guide, &session).unwrap();
    session.answer(&guide, &text("blue")).unwrap();
    auto.save(&guide, &session).unwrap();
    let file = dir.path().join("sessions/small-trip.json");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("\"color\": \"blue\""), "{saved}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        let folder = std::fs::metadata(dir.path().join("sessions")).unwrap().permissions().mode() & 0o777;
        assert_eq!(folder, 0o700);
    }
}

#[test]
fn autosave_records_where_the_checklist_was_saved() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut auto = Autosave::new(store.clone());
    let session = walked(&guide);
    auto.checklist_saved(&guide, &session, &dir.path().join("list.md")).unwrap();
    let resumed = store.load(&guide).unwrap().unwrap();
    assert_eq!(resumed.checklist.unwrap().path, dir.path().join("list.md"));
}

#[test]
fn an_unwritable_store_says_which_file_was_not_saved() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("state");
    std::fs::write(&blocker, "a file where the folder should be").unwrap();
    let mut auto = Autosave::new(Store::at(blocker.join("sessions")));
    let err = auto.save(&guide, &walked(&guide)).unwrap_err();
    assert!(err.starts_with("your answers were not saved: cannot create the folder"), "{err}");
    assert!(err.contains(&blocker.join("sessions").display().to_string()), "{err}");
}

#[test]
fn the_session_file_has_the_documented_fields() {
    let json: serde_json::Value = serde_json::from_str(&saved_json()).unwrap();
    assert_eq!(json["format"], 1);
    assert_eq!(json["guide"]["id"], "small-trip");
    assert_eq!(json["guide"]["version"], "1");
    assert_eq!(json["guide"]["content_hash"].as_str().unwrap().len(), 16);
    assert_eq!(json["answers"]["days"], 4.0);
    assert_eq!(json["answers"]["pets"], serde_json::json!(["cat"]));
    assert_eq!(json["fingerprints"].as_object().unwrap().len(), 4);
    assert_eq!(json["path"], serde_json::json!(["welcome", "color", "pets", "days", "name", "modes"]));
    assert_eq!(json["finished"], false);
    let saved_at = json["saved_at"].as_str().unwrap();
    assert!(guidepost::store::Timestamp::parse(saved_at).is_some(), "{saved_at}");
}

#[test]
fn an_enormous_session_file_is_set_aside_without_being_read() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let file = std::fs::File::create(store.path_for("small-trip").unwrap()).unwrap();
    file.set_len(17 * 1024 * 1024).unwrap();
    let err = store.load(&guide).unwrap_err();
    assert!(err.to_string().contains("the file is damaged (it is far larger than any session)"), "{err}");
    assert!(dir.path().join("small-trip.json.corrupt-1").exists());
}

#[test]
fn every_cut_of_a_session_file_is_seen_as_cut_short() {
    let json = saved_json();
    let whole = json.trim_end().len();
    for cut in 0..whole {
        assert_eq!(
            guidepost::store::record::parse(&json.as_bytes()[..cut], "small-trip"),
            Err(Problem::Truncated),
            "cut at {cut}"
        );
    }
    assert!(guidepost::store::record::parse(json.as_bytes(), "small-trip").is_ok());
}

proptest::proptest! {
    #[test]
    fn no_bytes_make_reading_a_session_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let _ = guidepost::store::record::parse(&bytes, "small-trip");
    }
}

#[test]
fn a_window_whose_session_another_window_saved_is_told_instead_of_saving_over_it() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let mut first = Autosave::new(Store::at(dir.path()));
    let mut second = Autosave::new(Store::at(dir.path()));
    let mut s = Session::new(&guide);
    s.advance(&guide).unwrap();
    s.answer(&guide, &text("red")).unwrap();
    first.save(&guide, &s).unwrap();
    s.answer(&guide, &Value::List(vec!["cat".into()])).unwrap();
    second.save(&guide, &s).unwrap();
    s.answer(&guide, &Value::Number(4.0)).unwrap();
    let err = first.save(&guide, &s).unwrap_err();
    assert!(err.contains("another window saved this guide's session since"), "{err}");
    let resumed = Store::at(dir.path()).load(&guide).unwrap().unwrap();
    assert_eq!(resumed.answers, 2, "the other window's save is kept");
}

/// Plain guidepost on the small guide with this state folder, input piped in.
fn plain(state: &Path, flag: &str) -> std::process::Child {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/small.toml");
    // Piped runs touch the saved session only when told to (--fresh or --resume).
    guidepost(&[guide.to_str().unwrap(), "--plain", flag]).state(state).spawn()
}

#[test]
fn two_processes_on_one_state_folder_never_save_over_each_other() {
    use std::io::{BufRead, Write};
    let dir = tempfile::tempdir().unwrap();
    // The first window answers one question and waits at the next, holding the session.
    let mut first = plain(dir.path(), "--fresh");
    let mut first_in = first.stdin.take().unwrap();
    first_in.write_all(b"\n1\n").unwrap();
    first_in.flush().unwrap();
    let mut lines = std::io::BufReader::new(first.stdout.take().unwrap()).lines();
    while let Some(Ok(line)) = lines.next() {
        if line.contains("Which pets come along?") {
            break;
        }
    }
    let session = dir.path().join("sessions/small-trip.json");
    let saved = std::fs::read(&session).unwrap();
    // The second, without a terminal, is told and leaves the session alone.
    let mut second = plain(dir.path(), "--fresh");
    second.stdin.take().unwrap().write_all(b"\n2\nnone\n\n\n\n").unwrap();
    let out = second.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "this guide's session is open in another window (process {}); it is left alone and this walk is not saved",
            first.id()
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&session).unwrap(), saved, "the first window's session is untouched");
    // A killed first window leaves a stale lock file, which the next run simply takes.
    first.kill().unwrap();
    first.wait().unwrap();
    let mut third = plain(dir.path(), "--resume");
    third.stdin.take().unwrap().write_all(b"y\n").unwrap();
    let out = third.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("open in another window"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Resuming"), "the saved session resumes");
}

#[cfg(unix)]
#[test]
fn a_loose_sessions_folder_is_tightened_and_a_named_state_folder_is_left_alone() {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("state");
    std::fs::create_dir_all(named.join("sessions")).unwrap();
    std::fs::set_permissions(&named, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(named.join("sessions"), std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut child = plain(&named, "--fresh");
    child.stdin.take().unwrap().write_all(b"\n1\n").unwrap();
    assert!(child.wait_with_output().unwrap().status.code().is_some());
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&named.join("sessions")), 0o700, "guidepost's own folder is made owner-only");
    assert_eq!(mode(&named), 0o755, "the folder the person named is not changed");
}

#[cfg(unix)]
#[test]
fn a_state_folder_others_can_write_to_is_warned_about_and_left_as_it_is() {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("shared");
    std::fs::create_dir_all(&named).unwrap();
    std::fs::set_permissions(&named, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let mut child = plain(&named, "--fresh");
    child.stdin.take().unwrap().write_all(b"\n1\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("which other users can write to (mode 1777); guidepost leaves it as it is"), "{stderr}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(&named), 0o1777, "the folder the person named is never changed");
    assert_eq!(mode(&named.join("sessions")), 0o700, "sessions are kept owner-only inside it");
}

#[cfg(unix)]
#[test]
fn guidepost_own_loose_state_folder_is_tightened_to_owner_only() {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let own = state.join("guidepost");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::set_permissions(&own, std::fs::Permissions::from_mode(0o755)).unwrap();
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/small.toml");
    let mut child = guidepost(&[guide.to_str().unwrap(), "--plain", "--fresh"])
        .env_remove("GUIDEPOST_STATE_DIR")
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", &state)
        .env("XDG_DATA_HOME", home.path().join("data"))
        .spawn();
    child.stdin.take().unwrap().write_all(b"\n1\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert!(own.join("sessions").is_dir(), "the session was saved there: {stderr}");
    assert_eq!(mode(&own), 0o700, "guidepost's own state folder is made owner-only");
    assert_eq!(mode(&own.join("sessions")), 0o700);
}

#[test]
fn a_finished_walk_over_a_guide_that_gained_a_question_goes_on_to_it_not_to_the_old_checklist() {
    let before = fixture("small.toml");
    let mut session = walked(&before);
    session.advance(&before).unwrap();
    assert!(session.is_finished(&before));
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    store.save(&before, &session, None).unwrap();
    let (question, yes) = store.load(&before).unwrap().unwrap().rerun_question(&before);
    assert!(question.ends_with(". Show that checklist again?"), "{question}");
    assert!(yes);

    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/small.toml"))
        .unwrap()
        .replace(
            "next = \"done\"\n\n[nodes.done]",
            "next = \"umbrella\"\n\n[nodes.umbrella]\ntype = \"choice\"\ntitle = \"An umbrella\"\nvar = \"umbrella\"\n\
             next = \"done\"\noptions = [ { value = \"yes\", label = \"Yes\" }, { value = \"no\", label = \"No\" } ]\n\n\
             [nodes.done]",
        );
    let after = guidepost::guide::load_str("small.toml", &text, CheckOptions::default()).guide.unwrap();
    let resumed = store.load(&after).unwrap().unwrap();
    let (question, yes) = resumed.rerun_question(&after);
    assert!(question.contains("it has changed since and asks “An umbrella” now"), "{question}");
    assert!(yes, "Enter goes on to the new question");
    assert_eq!(current_key(&after, &resumed.session), "umbrella");
}
