//! The interactive interface driven by key strings, with no terminal: screens are drawn into
//! ratatui's `TestBackend` and snapshotted, and styles that carry meaning are checked apart.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};

use crossterm::event::KeyEventKind;
use guidepost::engine::Session;
use guidepost::guide::{CheckOptions, Guide, Value, load_path, load_str};
use guidepost::tui::app::{Overlay, Screen};
use guidepost::tui::{App, AppOptions, theme};
use ratatui::style::Modifier;

use crate::support::default_guide;
use crate::support::tui::{Harness, Recorder, find, key_event};

fn fixture() -> Guide {
    let loaded = load_path(Path::new("tests/fixtures/tui/every-kind.toml"), CheckOptions::default());
    loaded.guide.unwrap_or_else(|| panic!("fixture does not load: {:?}", loaded.diagnostics))
}

/// Walks the fixture to its checklist: trails, gravel, $1,200, "Sam".
fn walk_to_end(h: &mut Harness) {
    h.keys("enter enter 2 space enter");
    h.type_text("$1,200").keys("enter");
    h.type_text("Sam").keys("enter enter");
    assert_eq!(h.current(), "done", "{}", h.screen());
}

// ---------------------------------------------------------------------------------------------
// Every kind of screen
// ---------------------------------------------------------------------------------------------

#[test]
fn start_screen_shows_summary_disclaimer_and_reviewed_date() {
    let h = Harness::new(fixture(), 80, 24);
    let s = h.screen();
    assert!(s.contains("Facts checked 27 Nov 2026"), "{s}");
    assert!(s.contains("Press Enter to begin"));
    assert!(s.contains("Questions? Call the shop at 555-0100."), "the banner is always visible");
    insta::assert_snapshot!("start_80x24", s);
    insta::assert_snapshot!("start_120x40", Harness::new(fixture(), 120, 40).screen());
}

#[test]
fn the_preview_drawn_while_a_guide_loads_is_its_start_screen_without_the_count() {
    for (guide, text) in [
        (fixture(), std::fs::read_to_string("tests/fixtures/tui/every-kind.toml").unwrap()),
        (default_guide(), guidepost::builtin::default_guide().text.to_string()),
    ] {
        let meta = guidepost::guide::preview::meta(&text, true).unwrap();
        let options = || AppOptions { size: (80, 24), ..AppOptions::default() };
        let preview = Harness { app: App::preview(meta, options()), hooks: Recorder::default(), size: (80, 24) };
        let loaded = Harness::with(guide, options());
        let (p, l) = (preview.screen(), loaded.screen());
        // Line for line the same, so nothing moves when the guide arrives: only the count differs.
        let differ: Vec<(&str, &str)> = p.lines().zip(l.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(differ.len(), 1, "{p}\n{l}");
        assert!(differ[0].0.contains("Getting the questions ready…"), "{p}");
        assert!(differ[0].1.contains("About "), "{l}");
    }
    let text = std::fs::read_to_string("tests/fixtures/tui/every-kind.toml").unwrap();
    let meta = guidepost::guide::preview::meta(&text, true).unwrap();
    let preview = Harness {
        app: App::preview(meta, AppOptions { size: (80, 24), ..AppOptions::default() }),
        hooks: Recorder::default(),
        size: (80, 24),
    };
    insta::assert_snapshot!("start_preview_80x24", preview.screen());
}

#[test]
fn info_page_renders_markup_links_terms_and_resources() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter");
    let s = h.screen();
    assert!(s.contains("• It takes two minutes."));
    assert!(s.contains("our site (https://example.org/bikes)"), "URLs are shown in full");
    assert!(s.contains("Choosing a bike › Welcome"), "the breadcrumb names the page");
    insta::assert_snapshot!("info_80x24", s);
    h.resize(120, 40);
    insta::assert_snapshot!("info_120x40", h.screen());
}

#[test]
fn glossary_terms_are_underlined_not_coloured() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter");
    let buf = h.buffer();
    let (x, y) = find(&buf, "frame size").unwrap();
    let cell = &buf[(x, y)];
    assert!(cell.modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn choice_highlights_with_a_marker_and_reverse_and_shows_help() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter");
    let s = h.screen();
    assert!(s.contains("> 1. Getting to work"));
    assert!(s.contains("Daily rides on roads and paths."), "help of the highlighted option");
    insta::assert_snapshot!("choice_80x24", s);
    h.keys("down");
    let buf = h.buffer();
    let (x, y) = find(&buf, "> 2. Trails").unwrap();
    assert!(buf[(x + 5, y)].modifier.contains(Modifier::REVERSED), "the highlighted label is reversed");
    assert!(!buf[(x + 5, y + 1)].modifier.contains(Modifier::REVERSED));
    assert!(h.screen().contains("Rough ground and hills."));
    assert_eq!(h.cursor(), Some((x, y)), "the terminal cursor sits on the highlighted row");
    h.resize(120, 40);
    insta::assert_snapshot!("choice_120x40", h.screen());
}

#[test]
fn key_releases_are_ignored() {
    let mut h = Harness::new(fixture(), 80, 24);
    let mut release = key_event("enter");
    release.kind = KeyEventKind::Release;
    assert!(h.app.handle_key(&release).is_empty());
    assert_eq!(h.app.screen(), Screen::Start);
}

#[test]
fn number_keys_pick_and_continue() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 2");
    assert_eq!(h.current(), "terrain");
    assert_eq!(h.app.session().stored("use"), Some(&Value::Text("trails".into())));
    assert!(h.hooks.calls > 0, "the session is handed to the hooks after every answer");
}

#[test]
fn multi_enforces_min_and_max_with_clear_messages() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 2");
    insta::assert_snapshot!("multi_80x24", h.screen());
    h.keys("enter");
    assert!(h.screen().contains("! Pick at least 1."));
    assert_eq!(h.current(), "terrain");
    h.keys("1 2 3");
    assert!(h.screen().contains("! You can pick up to 2."), "{}", h.screen());
    insta::assert_snapshot!("multi_max_80x24", h.screen());
    h.keys("2 3");
    assert!(h.screen().contains("[x] 1. Gravel"));
    assert!(h.screen().contains("[ ] 2. Roots and rocks"));
    assert!(h.screen().contains("[x] 3. Sand"), "{}", h.screen());
    h.keys("enter");
    assert_eq!(h.current(), "budget");
    assert_eq!(h.app.session().stored("terrain"), Some(&Value::List(vec!["gravel".into(), "sand".into()])));
}

#[test]
fn number_input_edits_with_a_cursor_and_checks_bounds() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 1");
    let s = h.screen();
    assert!(s.contains("e.g. 800"), "placeholder while empty");
    assert!(s.contains("dollars"), "unit after the input");
    insta::assert_snapshot!("number_80x24", s);
    h.type_text("50").keys("enter");
    assert!(h.screen().contains("! Enter a number of at least 100."), "{}", h.screen());
    assert_eq!(h.current(), "budget");
    h.keys("home").type_text("1").keys("end backspace delete").type_text("2");
    assert_eq!(h.app.page().input.text(), "152");
    h.keys("left left right");
    assert_eq!(h.app.page().input.cursor(), 2);
    let buf = h.buffer();
    let (x, y) = find(&buf, "152").unwrap();
    assert_eq!(h.cursor(), Some((x + 2, y)), "the cursor sits in the input");
    h.keys("ctrl-c");
    h.keys("end backspace backspace backspace");
    h.type_text("abc");
    assert!(h.screen().contains("! Only digits go here"));
    h.type_text("$1,200").keys("enter");
    assert_eq!(h.current(), "name");
    assert_eq!(h.app.session().stored("budget"), Some(&Value::Number(1200.0)));
}

#[test]
fn text_input_shows_placeholder_and_skips_when_optional() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 1");
    h.type_text("800").keys("enter");
    let s = h.screen();
    assert!(s.contains("e.g. Sam"));
    assert!(s.contains("Optional: leave it empty and press Enter to skip."));
    insta::assert_snapshot!("text_80x24", s);
    h.type_text("A very long name that goes on");
    assert!(h.screen().contains("! Keep it to 20 characters."));
    assert_eq!(h.app.page().input.len(), 20);
    for _ in 0..20 {
        h.keys("backspace");
    }
    h.keys("enter");
    assert_eq!(h.current(), "compare", "an empty optional answer skips");
    assert_eq!(h.app.session().stored("name"), None);
}

#[test]
fn an_optional_choice_is_skipped_with_x_and_says_so() {
    let path = Path::new("tests/fixtures/authoring/optional-choice.toml");
    let guide = load_path(path, CheckOptions::default()).guide.unwrap();
    let mut h = Harness::new(guide, 80, 24);
    h.keys("enter enter");
    h.type_text("14").keys("enter");
    assert_eq!(h.current(), "employer");
    let s = h.screen();
    assert!(s.contains("Optional: press x to skip it."), "{s}");
    assert!(s.contains("x skip"), "the footer offers the key:\n{s}");
    h.keys("x");
    assert_eq!(h.current(), "weeks", "x leaves the choice unanswered and goes on");
    assert_eq!(h.app.session().stored("employer"), None);
    // Back on a question that must be answered, x does nothing.
    h.keys("shift-tab shift-tab");
    assert_eq!(h.current(), "months");
}

#[test]
fn esc_leaves_the_input_then_backspace_goes_back() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 1");
    h.type_text("12").keys("backspace");
    assert_eq!(h.app.page().input.text(), "1", "inside the box Backspace edits");
    h.keys("esc q");
    assert_eq!(h.app.page().input.text(), "1", "q no longer types once the box is left");
    h.keys("backspace");
    assert_eq!(h.current(), "use", "outside the box Backspace goes back");
    assert_eq!(h.app.page().cursor, 0, "the stored answer is highlighted again");
}

#[test]
fn compare_grid_fits_80_columns() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 1");
    h.type_text("800").keys("enter enter");
    assert_eq!(h.current(), "compare");
    insta::assert_snapshot!("compare_80x24", h.screen());
}

#[test]
fn a_wide_compare_grid_turns_to_one_option_per_block_when_narrow() {
    // Reach the grid with a walk that takes the first option or the default everywhere.
    let guide = default_guide();
    let mut session = Session::new(&guide);
    let mut steps = 0;
    while guide.node(session.current()).key != "alternatives" && steps < 200 {
        steps += 1;
        let node = guide.node(session.current());
        match (&node.kind, &node.question) {
            (_, Some(q)) => {
                let v = q.default.clone().unwrap_or_else(|| match &node.kind {
                    guidepost::guide::NodeKind::Choice { options } => Value::Text(options[0].value.clone()),
                    guidepost::guide::NodeKind::Multi { .. } => Value::List(vec![]),
                    guidepost::guide::NodeKind::Number { min, .. } => Value::Number(min.unwrap_or(1.0).max(1.0)),
                    _ => Value::Text("x".into()),
                });
                session.answer(&guide, &v).unwrap();
            }
            _ => session.advance(&guide).unwrap(),
        }
    }
    assert_eq!(guide.node(session.current()).key, "alternatives");
    let mut h = Harness::with(guide, AppOptions { size: (80, 24), session: Some(session), ..AppOptions::default() });
    let s = h.screen();
    assert!(s.contains("Stay with or adjust your care"));
    assert!(s.contains("How well it works: In a large study"), "row labels stay beside their values: {s}");
    insta::assert_snapshot!("default_compare_80x24", s);
    h.resize(120, 40);
    let wide = h.screen();
    assert!(wide.contains("How well it works"));
    insta::assert_snapshot!("default_compare_120x40", wide);
}

#[test]
fn checklist_ticks_and_opens_details() {
    let mut h = Harness::new(fixture(), 80, 24);
    walk_to_end(&mut h);
    let s = h.screen();
    assert!(s.contains("Before you buy"));
    assert!(s.contains("> [ ] Measure your leg"));
    assert!(s.contains("Book a test ride for Sam."));
    insta::assert_snapshot!("checklist_80x24", s);
    let calls = h.hooks.calls;
    h.keys("space");
    assert_eq!(h.hooks.calls, calls + 1, "a tick is handed to the hooks");
    assert!(h.hooks.last.as_ref().unwrap().ticked().contains("measure"));
    assert!(h.screen().contains("> [x] Measure your leg"));
    assert!(h.app.session().ticked().contains("measure"));
    h.keys("enter");
    let s = h.screen();
    assert!(s.contains("Stand against a wall"), "details open: {s}");
    assert!(s.contains("Phone: 555-0100"));
    insta::assert_snapshot!("checklist_details_80x24", s);
    h.keys("enter down");
    assert!(!h.screen().contains("Stand against a wall"));
    h.resize(120, 40);
    insta::assert_snapshot!("checklist_120x40", h.screen());
    h.keys("backspace");
    assert_eq!(h.current(), "compare");
    h.keys("enter");
    assert!(h.screen().contains("[x] Measure your leg"), "ticks stay ticked in the session");
}

// ---------------------------------------------------------------------------------------------
// Overlays
// ---------------------------------------------------------------------------------------------

#[test]
fn help_lists_the_keys_of_the_screen_from_the_keymap() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter ?");
    let s = h.screen();
    assert!(s.contains("Choosing one option"));
    assert!(s.contains("Choose that option by its number"));
    assert!(!s.contains("Tick or untick"), "keys of other screens are left out");
    insta::assert_snapshot!("help_choice_80x24", s);
    h.keys("esc");
    assert!(h.app.overlay().is_none());
    h.resize(120, 40).keys("?");
    insta::assert_snapshot!("help_choice_120x40", h.screen());
}

#[test]
fn the_footer_shows_only_keys_that_work_here() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter");
    let footer = h.text().lines().last().unwrap().to_string();
    assert!(footer.contains("Enter choose"));
    assert!(footer.contains("? help"));
    assert!(!footer.contains("save"), "no checklist yet: {footer}");
    walk_to_end(&mut Harness::new(fixture(), 80, 24));
    let mut h = Harness::new(fixture(), 80, 24);
    walk_to_end(&mut h);
    let footer = h.text().lines().last().unwrap().to_string();
    assert!(footer.contains("s save"), "{footer}");
    assert!(footer.contains("Space tick"));
}

#[test]
fn search_builds_lazily_highlights_and_jumps_to_an_answered_question() {
    let mut h = Harness::new(fixture(), 80, 24);
    walk_to_end(&mut h);
    assert!(!h.app.search_ready(), "the index is not built before the first search");
    h.keys("/");
    assert!(h.app.search_ready());
    h.type_text("budgt");
    let s = h.screen();
    assert!(s.contains("Budget"), "{s}");
    insta::assert_snapshot!("search_80x24", s);
    let buf = h.buffer();
    let (x, y) = find(&buf, "Budget").unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED), "matched characters are marked");
    h.keys("enter");
    assert_eq!(h.current(), "budget", "an answered question opens for change");
    assert_eq!(h.app.page().input.text(), "1200");
    h.keys("end backspace backspace backspace backspace").type_text("2000").keys("enter");
    assert_eq!(h.current(), "done", "after the change the walk returns to the end");
    assert!(h.screen().contains("Keep to $2,000."));
}

#[test]
fn search_says_when_a_question_is_not_reached_yet() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter / ");
    h.type_text("terrain");
    h.keys("enter");
    assert!(matches!(h.app.overlay(), Some(Overlay::Search(_))), "the search stays open");
    let s = h.screen();
    assert!(s.contains("You have not reached “Terrain” yet"), "{s}");
    insta::assert_snapshot!("search_not_reached_80x24", s);
}

#[test]
fn search_opens_resources_and_terms() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("/");
    h.type_text("bike shop").keys("enter");
    assert!(matches!(h.app.overlay(), Some(Overlay::Details { .. })));
    assert!(h.screen().contains("Phone: 555-0100"));
    h.keys("esc /");
    h.type_text("frame size").keys("enter");
    let s = h.screen();
    assert!(s.contains("How tall the frame is"), "{s}");
}

#[test]
fn review_shows_why_and_changes_an_early_answer_keeping_dormant_answers() {
    let mut h = Harness::new(fixture(), 80, 24);
    walk_to_end(&mut h);
    h.keys("r");
    let s = h.screen();
    assert!(s.contains("Main use"));
    assert!(s.contains("Why asked:"));
    insta::assert_snapshot!("review_80x24", s);
    // The welcome page is listed first; the first question after it.
    h.keys("home down enter");
    assert_eq!(h.current(), "use");
    assert_eq!(h.app.page().cursor, 1, "the current answer is highlighted");
    // Commuting skips the terrain question: the terrain answer becomes dormant.
    h.keys("1");
    assert_eq!(h.current(), "done", "the other answers still apply, so the walk returns to the end");
    assert!(!h.screen().contains("Ask about suspension"));
    // Back to trails: the dormant terrain answer comes back.
    h.keys("r home down enter 2");
    assert_eq!(h.current(), "done");
    assert!(h.screen().contains("Ask about suspension for gravel."), "{}", h.screen());
}

#[test]
fn going_back_preselects_stored_answers() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 2 space enter");
    h.keys("esc backspace");
    assert_eq!(h.current(), "terrain");
    assert!(h.screen().contains("[x] 1. Gravel"));
    h.keys("backspace");
    assert_eq!(h.current(), "use");
    assert!(h.screen().contains("> 2. Trails"));
}

#[test]
fn glossary_lists_terms_on_the_screen() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter g");
    let s = h.screen();
    assert!(s.contains("How tall the frame is; it must fit your leg."));
    insta::assert_snapshot!("glossary_80x24", s);
    h.keys("esc enter g");
    assert!(h.screen().contains("There are no glossary terms on this screen."));
}

// ---------------------------------------------------------------------------------------------
// Saving and quitting
// ---------------------------------------------------------------------------------------------

fn save_app(dir: &Path) -> Harness {
    let mut h =
        Harness::with(fixture(), AppOptions { size: (80, 24), save_dir: dir.to_path_buf(), ..AppOptions::default() });
    walk_to_end(&mut h);
    h
}

fn dialog_path(h: &Harness) -> String {
    match h.app.overlay() {
        Some(Overlay::Save(d)) => d.path.text().to_string(),
        other => panic!("no save dialog: {other:?}"),
    }
}

fn clear_path(h: &mut Harness) {
    let n = dialog_path(h).chars().count();
    h.keys("end");
    for _ in 0..n {
        h.keys("backspace");
    }
}

#[test]
fn save_dialog_offers_a_free_name_in_the_current_folder() {
    let mut h = Harness::new(fixture(), 80, 24);
    walk_to_end(&mut h);
    h.keys("s");
    assert_eq!(dialog_path(&h), "./every-kind-checklist.md");
    insta::assert_snapshot!("save_dialog_80x24", h.screen());
    h.keys("tab");
    assert_eq!(dialog_path(&h), "./every-kind-checklist.txt");
    assert!(h.screen().contains("Format: plain text"));
    h.keys("tab tab tab");
    assert_eq!(dialog_path(&h), "./every-kind-checklist.md");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("every-kind-checklist.md"), "taken").unwrap();
    let mut h = save_app(dir.path());
    h.keys("s");
    assert_eq!(PathBuf::from(dialog_path(&h)), dir.path().join("every-kind-checklist-2.md"));
}

#[test]
fn saving_writes_the_ticked_checklist_and_shows_the_full_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = save_app(dir.path());
    h.keys("space s enter");
    let path = dir.path().join("every-kind-checklist.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("[x] Measure your leg"), "ticked items are saved ticked:\n{text}");
    assert!(text.contains("[ ] Buy a good lock."));
    assert!(h.app.overlay().is_none());
    assert_eq!(h.app.saved_path(), Some(path.as_path()));
    let status = h.app.status().unwrap().text.clone();
    assert_eq!(status, format!("Saved to {}", path.display()));
    // After a successful save, q quits without asking.
    assert_eq!(h.app.handle_key(&key_event("q")), vec![guidepost::tui::Effect::Quit]);
}

#[test]
fn the_format_follows_the_typed_extension() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = save_app(dir.path());
    h.keys("s");
    clear_path(&mut h);
    let target = dir.path().join("list.json");
    h.type_text(&target.to_string_lossy());
    assert!(h.screen().contains("Format: JSON"));
    h.keys("enter");
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.trim_start().starts_with('{'));
}

#[test]
fn a_failed_save_keeps_the_dialog_open_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = save_app(dir.path());
    h.keys("s");
    clear_path(&mut h);
    let target = dir.path().join("missing").join("list.md");
    h.type_text(&target.to_string_lossy()).keys("enter");
    assert!(matches!(h.app.overlay(), Some(Overlay::Save(_))), "the dialog stays open");
    assert_eq!(dialog_path(&h), target.to_string_lossy(), "the path is kept for editing");
    let s = h.screen();
    assert!(s.contains("! Could not save: the folder"), "{s}");
    assert!(s.contains("does not exist"));
    // Fix the path: remove "missing/" and save.
    clear_path(&mut h);
    h.type_text(&dir.path().join("list.md").to_string_lossy()).keys("enter");
    assert!(h.app.overlay().is_none());
    assert!(dir.path().join("list.md").exists());
}

#[test]
fn an_existing_file_is_only_replaced_after_asking() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("mine.md");
    std::fs::write(&target, "keep me").unwrap();
    let mut h = save_app(dir.path());
    h.keys("s");
    clear_path(&mut h);
    h.type_text(&target.to_string_lossy()).keys("enter");
    let s = h.screen();
    assert!(s.contains("mine.md already exists. Replace it? y/n"), "{s}");
    insta::assert_snapshot!("save_replace_80x24", s.replace(&*dir.path().to_string_lossy(), "[TMP]"));
    h.keys("n");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(matches!(h.app.overlay(), Some(Overlay::Save(_))));
    h.keys("enter y");
    assert!(std::fs::read_to_string(&target).unwrap().contains("Measure your leg"));
}

#[test]
fn quitting_with_an_unsaved_checklist_asks_first() {
    let mut h = Harness::new(fixture(), 80, 24);
    assert_eq!(h.app.handle_key(&key_event("q")), vec![guidepost::tui::Effect::Quit], "nothing to lose yet");
    walk_to_end(&mut h);
    assert!(h.app.handle_key(&key_event("q")).is_empty());
    assert!(matches!(h.app.overlay(), Some(Overlay::Quit)));
    insta::assert_snapshot!("quit_80x24", h.screen());
    h.keys("n");
    assert!(h.app.overlay().is_none());
    h.keys("q");
    assert_eq!(h.app.handle_key(&key_event("y")), vec![guidepost::tui::Effect::Quit]);
}

#[test]
fn ctrl_c_quits_at_once_from_anywhere() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 1");
    assert_eq!(h.app.handle_key(&key_event("ctrl-c")), vec![guidepost::tui::Effect::Interrupt], "even while typing");
    let mut h = Harness::new(fixture(), 80, 24);
    walk_to_end(&mut h);
    h.keys("s");
    assert_eq!(h.app.handle_key(&key_event("ctrl-c")), vec![guidepost::tui::Effect::Interrupt], "even in a dialog");
}

// ---------------------------------------------------------------------------------------------
// Sizes, colour, safety
// ---------------------------------------------------------------------------------------------

#[test]
fn a_too_small_window_asks_for_more_room() {
    let mut h = Harness::new(fixture(), 39, 10);
    let s = h.screen();
    assert!(s.contains("Make the window larger"), "{s}");
    insta::assert_snapshot!("too_small_39x10", s);
    h.resize(1, 1);
    let _ = h.screen();
    h.keys("enter down");
    h.resize(80, 24);
    assert!(h.screen().contains("Main use") || h.screen().contains("Welcome"));
}

#[test]
fn no_color_draws_no_colour_and_keeps_markers() {
    let mut h = Harness::with(fixture(), AppOptions { theme: theme::MONOCHROME, ..AppOptions::default() });
    h.keys("enter enter");
    let buf = h.buffer();
    for cell in &buf.content {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "no colour at {:?}", cell.symbol());
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    let (x, y) = find(&buf, "> 1. Getting to work").unwrap();
    assert!(buf[(x + 5, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn answers_cannot_put_escape_sequences_on_the_screen() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 1");
    h.type_text("800").keys("enter");
    h.app.apply(guidepost::tui::Action::Insert('\u{1b}'));
    h.type_text("[2J").keys("enter");
    let buf = h.buffer();
    assert!(buf.content.iter().all(|c| !c.symbol().contains('\u{1b}')));
}

#[test]
fn links_are_emitted_cell_by_cell_when_enabled() {
    let mut h = Harness::with(fixture(), AppOptions { links: true, ..AppOptions::default() });
    h.keys("enter");
    let buf = h.buffer();
    let linked: Vec<_> = buf.content.iter().filter(|c| c.symbol().starts_with("\u{1b}]8;")).collect();
    assert!(!linked.is_empty());
    for c in linked {
        assert!(c.symbol().contains("https://example.org/bikes") || c.symbol().contains("https://example.org/shop"));
        assert_eq!(c.diff_option, ratatui::buffer::CellDiffOption::ForcedWidth(std::num::NonZeroU16::MIN));
    }
}

#[test]
fn a_resumed_walk_skips_the_start_screen_and_shows_the_message() {
    let guide = fixture();
    let mut session = Session::new(&guide);
    session.advance(&guide).unwrap();
    let h = Harness::with(
        guide,
        AppOptions {
            session: Some(session),
            start_message: Some("Welcome back: 1 answer needs a second look".into()),
            ..AppOptions::default()
        },
    );
    assert_eq!(h.app.screen(), Screen::Walk);
    assert!(h.screen().contains("Welcome back: 1 answer needs a second look"));
}

#[test]
fn a_reloaded_guide_keeps_the_answers_and_the_place() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.keys("enter enter 2 space enter");
    assert_eq!(h.current(), "budget");
    let text = std::fs::read_to_string("tests/fixtures/tui/every-kind.toml")
        .unwrap()
        .replace("How much can you spend?", "What can you spend?");
    let guide = load_str("every-kind.toml", &text, CheckOptions::default()).guide.unwrap();
    guidepost::tui::update::reload(&mut h.app, Ok(guide));
    assert_eq!(h.current(), "budget");
    assert!(h.screen().contains("What can you spend?"));
    guidepost::tui::update::reload(&mut h.app, Err("every-kind.toml:3:1: error: something is wrong".into()));
    assert!(h.screen().contains("something is wrong"));
    assert!(matches!(h.app.overlay(), Some(Overlay::Problems { .. })));
    assert_eq!(h.current(), "budget", "the old guide keeps running");
    let fixed = load_str("every-kind.toml", &text, CheckOptions::default()).guide.unwrap();
    guidepost::tui::update::reload(&mut h.app, Ok(fixed));
    assert!(h.app.overlay().is_none(), "the problems go away once the guide is fixed");
    assert_eq!(h.current(), "budget");
    assert_eq!(h.app.session().stored("terrain"), Some(&Value::List(vec!["gravel".into()])));
}

#[test]
fn every_question_screen_at_120x40() {
    let mut h = Harness::new(fixture(), 120, 40);
    h.keys("enter enter 2");
    insta::assert_snapshot!("multi_120x40", h.screen());
    h.keys("space enter");
    insta::assert_snapshot!("number_120x40", h.screen());
    h.type_text("800").keys("enter");
    insta::assert_snapshot!("text_120x40", h.screen());
    h.keys("enter");
    insta::assert_snapshot!("compare_120x40", h.screen());
}

#[test]
fn the_default_guide_starts_calmly_and_its_crisis_page_lists_help() {
    let mut h = Harness::new(default_guide(), 80, 24);
    let s = h.screen();
    assert!(s.contains("Crisis? Call or text 988. Emergency: 911"));
    insta::assert_snapshot!("default_start_80x24", s);
    h.keys("enter enter");
    insta::assert_snapshot!("default_safety_80x24", h.screen());
    h.keys("2");
    let s = h.screen();
    assert!(s.contains("Help is here right now"));
    insta::assert_snapshot!("default_crisis_80x24", s);
    h.keys("pagedown");
    let s = h.screen();
    assert!(s.contains("Resources"), "the linked resources are listed under the text: {s}");
    insta::assert_snapshot!("default_crisis_scrolled_80x24", s);
}

#[test]
fn past_the_last_item_the_page_scrolls_to_what_is_below() {
    let mut h = Harness::new(fixture(), 80, 24);
    walk_to_end(&mut h);
    assert!(!h.screen().contains("Press s to save this checklist"));
    h.keys("end down down down down");
    let s = h.screen();
    assert!(s.contains("Open every day."), "{s}");
    assert!(s.contains("Press s to save this checklist to a file."));
    h.keys("up");
    assert!(h.screen().contains("> [ ] Keep to $1,200."), "the highlight moves and comes into view");
}

#[test]
fn saving_from_an_earlier_question_saves_the_whole_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = save_app(dir.path());
    h.keys("backspace");
    assert_eq!(h.current(), "compare");
    h.keys("s enter");
    let text = std::fs::read_to_string(dir.path().join("every-kind-checklist.md")).unwrap();
    assert!(text.contains("Keep to $1,200."), "{text}");
    assert!(text.contains("Buy a good lock."));
}

#[test]
fn the_smallest_supported_window_still_reads_well() {
    let mut h = Harness::new(default_guide(), 40, 10);
    // Enter shows the rest of each page before moving on, so it takes a few presses here.
    for _ in 0..30 {
        if h.screen().contains("> 1. Yes, I am safe") {
            break;
        }
        h.keys("enter");
    }
    let s = h.screen();
    assert!(s.contains("> 1. Yes, I am safe"), "{s}");
    assert!(s.contains("? help"), "the help key always fits in the footer: {s}");
    insta::assert_snapshot!("default_safety_40x10", s);
    h.keys("?");
    insta::assert_snapshot!("help_40x10", h.screen());
    h.keys("esc /");
    h.type_text("appeal");
    insta::assert_snapshot!("search_40x10", h.screen());
}

#[test]
fn every_screen_draws_at_any_size_without_panicking() {
    let sizes = [0u16, 1, 2, 5, 9, 10, 11, 16, 24, 39, 40, 41, 80, 119, 200];
    let setups: &[&str] = &[
        "",
        "enter",
        "enter enter",
        "enter enter 2",
        "enter enter 2 space enter",
        "enter enter ?",
        "enter enter /",
        "enter enter 1 r",
        "enter g",
        "enter / s h o p enter",
    ];
    let mut states: Vec<Harness> = setups
        .iter()
        .map(|keys| {
            let mut h = Harness::new(fixture(), 80, 24);
            h.keys(keys);
            h
        })
        .collect();
    for keys in ["enter", "s", "q", "s tab"] {
        let mut end = Harness::new(fixture(), 80, 24);
        walk_to_end(&mut end);
        end.keys(keys);
        states.push(end);
    }
    for mut h in states {
        for &w in &sizes {
            for &hh in &sizes {
                h.resize(w, hh);
                let _ = h.buffer();
                h.keys("down");
                let _ = h.buffer();
            }
        }
        h.resize(80, 24);
        let _ = h.screen();
    }
}

// ---------------------------------------------------------------------------------------------
// Sources, answer-dependent grids, disclosure and private answers
// ---------------------------------------------------------------------------------------------

fn cited() -> Guide {
    let loaded = load_path(Path::new("tests/fixtures/sessions/cited.toml"), CheckOptions::default());
    loaded.guide.unwrap_or_else(|| panic!("fixture does not load: {:?}", loaded.diagnostics))
}

/// Walks the cited fixture to its grid: cost and visits matter, 34, bipolar disorder.
fn walk_to_grid(h: &mut Harness) {
    h.keys("enter enter 1 2 enter");
    h.type_text("34").keys("enter 1");
    assert_eq!(h.current(), "options", "{}", h.screen());
}

#[test]
fn a_compare_row_that_matters_is_starred_bold_and_explained_without_colour() {
    let mut h =
        Harness::with(cited(), AppOptions { theme: theme::MONOCHROME, size: (80, 24), ..AppOptions::default() });
    walk_to_grid(&mut h);
    let s = h.screen();
    insta::assert_snapshot!("compare_highlighted_80x24", s);
    assert!(s.contains("★ what you said matters to you"), "{s}");
    assert!(s.contains("Mood caution"), "a row shown for this answer:\n{s}");
    let buf = h.buffer();
    let (x, y) = find(&buf, "★ Cost").unwrap();
    assert!(buf[(x + 2, y)].modifier.contains(Modifier::BOLD), "the highlighted label is bold");
    let (x, y) = find(&buf, "About $400").unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD), "the highlighted row's cells are bold");
    let (x, y) = find(&buf, "Six in two").unwrap();
    assert!(!buf[(x, y)].modifier.contains(Modifier::BOLD), "a row that is not highlighted is not bold");
    assert!(s.contains("★ Twice a week"), "a highlighted cell is starred:\n{s}");
}

#[test]
fn a_compare_row_or_cell_whose_when_fails_is_hidden_or_a_dash() {
    let mut h = Harness::new(cited(), 80, 24);
    h.keys("enter enter enter");
    h.type_text("16").keys("enter 2");
    assert_eq!(h.current(), "options");
    let s = h.screen();
    assert!(!s.contains("Mood caution") && !s.contains('★'), "{s}");
    let row = s.lines().find(|l| l.contains("For adults")).unwrap_or_else(|| panic!("{s}"));
    assert_eq!(row.matches('—').count(), 2, "{row}");
}

#[test]
fn an_opened_checklist_item_shows_its_sources() {
    let mut h = Harness::new(cited(), 80, 24);
    walk_to_grid(&mut h);
    h.keys("enter enter");
    let s = h.screen();
    insta::assert_snapshot!("checklist_item_sources_80x24", s);
    assert!(s.contains("What clinics charge (news)") && s.contains("https://example.org/clinic"), "{s}");
}

#[test]
fn the_start_screen_offers_about_this_guide() {
    let mut h = Harness::new(cited(), 80, 24);
    assert!(h.screen().contains("a about"), "{}", h.screen());
    h.keys("a");
    let s = h.screen();
    insta::assert_snapshot!("about_80x24", s);
    assert!(s.contains("Written by") && s.contains("No one paid for this guide."), "{s}");
    h.keys("esc");
    assert!(h.app.overlay().is_none());
    // A guide that says none of it offers no such key.
    assert!(!Harness::new(fixture(), 80, 24).screen().contains("about"));
    // Small windows still show the start screen and its first key.
    let small = Harness::new(cited(), 40, 10).screen();
    assert!(small.contains("Enter read on"), "{small}");
}

#[test]
fn the_save_dialog_leaves_private_answers_out_until_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::with(
        cited(),
        AppOptions { size: (80, 24), save_dir: dir.path().to_path_buf(), ..AppOptions::default() },
    );
    walk_to_grid(&mut h);
    h.keys("enter s");
    let s = h.screen().replace(dir.path().to_str().unwrap(), "<dir>");
    insta::assert_snapshot!("save_dialog_private_80x24", s);
    assert!(s.contains("Your private answers (2) are left out. Press Ctrl-P to include them."), "{s}");
    h.keys("enter");
    let left_out = std::fs::read_to_string(dir.path().join("visit-ready-checklist.md")).unwrap();
    assert!(!left_out.contains("Your age") && left_out.contains("2 private answers are not listed here"), "{left_out}");

    h.keys("s ctrl-p");
    assert!(h.screen().contains("Your private answers (2) are included. Press Ctrl-P to leave them out."));
    // Saving again updates the same file.
    h.keys("enter");
    let included = std::fs::read_to_string(dir.path().join("visit-ready-checklist.md")).unwrap();
    assert!(included.contains("- **Your age**: 34") && included.contains("- **Bipolar disorder**: Yes"), "{included}");
}

/// The rendered problems of `text`, as watch mode shows them.
fn problems_of(text: &str) -> String {
    let loaded = load_str("g.toml", text, CheckOptions::default());
    assert!(loaded.guide.is_none());
    guidepost::guide::diagnostic::render_all(
        &loaded.diagnostics,
        loaded.sources(),
        guidepost::guide::diagnostic::Color::Never,
    )
}

#[test]
fn the_problems_overlay_keeps_the_caret_under_the_mistake_at_any_width() {
    let text = std::fs::read_to_string("tests/fixtures/tui/every-kind.toml").unwrap();
    let target = "next = \"budget\"";
    assert!(text.contains(target));
    let long = format!("next = \"budgte\" # {}", "a comment that makes the line long ".repeat(4));
    let problems = problems_of(&text.replacen(target, &long, 1));
    for width in [40u16, 60, 80, 120] {
        let mut h = Harness::new(fixture(), width, 30);
        h.keys("enter");
        guidepost::tui::update::reload(&mut h.app, Err(problems.clone()));
        let screen = h.screen();
        let lines: Vec<&str> = screen.lines().collect();
        let at = lines.iter().position(|l| l.contains("| next = \"budgte\"")).unwrap_or_else(|| panic!("{screen}"));
        let caret_line = lines[at + 1];
        let caret = caret_line.find('^').unwrap_or_else(|| panic!("no caret under the line at {width}:\n{screen}"));
        let under: String = lines[at].chars().skip(caret_line[..caret].chars().count()).take(8).collect();
        assert_eq!(under, "\"budgte\"", "at {width} columns the caret points at {under:?}:\n{screen}");
    }
}

#[test]
fn every_page_says_why_it_came_up_from_the_review_and_with_w() {
    let text = r#"
format = 1
[guide]
id = "why"
title = "Why"
start = "months"
disclaimer = "Information, not advice."
reviewed = 2026-11-01
[values]
eligible = "months >= 12"
[nodes.months]
type = "number"
title = "Months in the job"
var = "months"
next = "route"
[nodes.route]
type = "branch"
rules = [
  { when = "eligible", next = "fmla", why = "A year in the job makes you eligible for FMLA leave." },
  { next = "done" },
]
[nodes.fmla]
type = "info"
title = "FMLA leave"
text = "You can take up to 12 weeks."
next = "done"
[nodes.done]
type = "end"
"#;
    let guide = load_str("why.toml", text, CheckOptions::default()).guide.unwrap();
    let mut h = Harness::new(guide, 80, 24);
    h.keys("enter");
    h.type_text("14").keys("enter");
    assert_eq!(h.current(), "fmla");
    h.keys("w");
    let s = h.screen();
    assert!(s.contains("Why this page: Because you answered “14” to “Months in"), "{s}");
    assert!(s.contains("Why this page: Because you answered “14” to “Months in the job”. A year in"), "{s}");
    h.keys("enter r");
    let s = h.screen();
    assert!(s.contains("FMLA leave"), "the page read is in the review:\n{s}");
    assert!(s.contains("Why shown: Because you answered “14”"), "{s}");
}
