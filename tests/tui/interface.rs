//! The interface as a first-time user meets it, on any terminal: every screen at the smallest,
//! a small, the usual and a wide window, on light and dark themes; paging through text before
//! moving on; pasting; saving and quitting. Screens are drawn into ratatui's `TestBackend`.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};

use guidepost::guide::{CheckOptions, Guide, load_path};
use guidepost::tui::app::{Overlay, Screen};
use guidepost::tui::theme::{self, contrast, rgb_of};
use guidepost::tui::{AppOptions, Effect, NoHooks, perform};
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use crate::support::tui::Harness;

fn fixture() -> Guide {
    let loaded = load_path(Path::new("tests/fixtures/tui/every-kind.toml"), CheckOptions::default());
    loaded.guide.unwrap_or_else(|| panic!("fixture does not load: {:?}", loaded.diagnostics))
}

fn long_pages() -> Guide {
    let loaded = load_path(Path::new("tests/fixtures/tui/long-pages.toml"), CheckOptions::default());
    loaded.guide.unwrap_or_else(|| panic!("fixture does not load: {:?}", loaded.diagnostics))
}

// ---------------------------------------------------------------------------------------------
// Every screen touched, at four sizes, on light and dark
// ---------------------------------------------------------------------------------------------

const SIZES: [(u16, u16); 4] = [(40, 10), (50, 15), (80, 24), (160, 50)];

/// The screens, each reached from a fresh start by keys.
const SCREENS: [(&str, &str); 8] = [
    ("start", ""),
    ("info", "enter"),
    ("choice", "enter enter"),
    ("multi", "enter enter 2"),
    ("number", "enter enter 1"),
    ("text", "enter enter 1 8 0 0 enter"),
    ("checklist", "enter enter 1 8 0 0 enter enter enter"),
    ("review", "enter enter 1 8 0 0 enter esc r"),
];

/// Presses Enter (reading on through long pages) and the other keys of a path, whatever the
/// window size: an Enter is repeated while it only scrolled the page.
fn reach(h: &mut Harness, path: &str) {
    for k in path.split_whitespace() {
        if k == "enter" {
            let screen = (h.app.screen(), h.current());
            for _ in 0..20 {
                h.keys("enter");
                if (h.app.screen(), h.current()) != screen || h.app.overlay().is_some() {
                    break;
                }
            }
        } else {
            h.keys(k);
        }
    }
}

/// Every coloured cell against the theme's background: text drawn in a colour, and reversed
/// cells (whose colour becomes their background), must reach `least`.
fn assert_readable(buf: &Buffer, background: (u8, u8, u8), least: f64, what: &str) {
    for cell in &buf.content {
        if cell.symbol().trim().is_empty() && !cell.modifier.contains(Modifier::REVERSED) {
            continue;
        }
        if let Some(rgb) = rgb_of(cell.fg) {
            let ratio = contrast(rgb, background);
            assert!(ratio >= least, "{what}: {:?} in {:?} is {ratio:.2}:1", cell.symbol(), cell.fg);
        } else {
            assert_eq!(cell.fg, ratatui::style::Color::Reset, "{what}: {:?} has an unmeasurable colour", cell.symbol());
        }
    }
}

#[test]
fn every_screen_at_every_size_on_light_and_dark() {
    for (name, path) in SCREENS {
        for (w, h_) in SIZES {
            let mut dark = Harness::themed(fixture(), (w, h_), theme::DARK);
            let mut light = Harness::themed(fixture(), (w, h_), theme::LIGHT);
            reach(&mut dark, path);
            reach(&mut light, path);
            let screen = dark.screen();
            assert_eq!(screen, light.screen(), "{name} {w}x{h_}: the theme changes colours, never the layout");
            assert_readable(&dark.buffer(), (0, 0, 0), 4.5, &format!("{name} {w}x{h_} dark"));
            assert_readable(&dark.buffer(), (0x28, 0x2c, 0x34), 4.5, &format!("{name} {w}x{h_} dark"));
            assert_readable(&light.buffer(), (255, 255, 255), 4.5, &format!("{name} {w}x{h_} light"));
            assert_readable(&light.buffer(), (0xfd, 0xf6, 0xe3), 4.5, &format!("{name} {w}x{h_} light"));
            insta::assert_snapshot!(format!("{name}_{w}x{h_}"), screen);
        }
    }
}

#[test]
fn the_banner_stays_at_every_size_that_can_show_a_line() {
    for (w, h_) in SIZES.into_iter().chain([(60, 12), (100, 30), (200, 60)]) {
        for (_, path) in SCREENS {
            let mut h = Harness::themed(fixture(), (w, h_), theme::DARK);
            reach(&mut h, path);
            assert!(h.screen().contains("Questions? Call the shop"), "{w}x{h_} {path}:\n{}", h.screen());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// No text skipped
// ---------------------------------------------------------------------------------------------

#[test]
fn enter_on_a_long_page_shows_the_rest_before_moving_on() {
    let mut h = Harness::themed(long_pages(), (50, 15), theme::DARK);
    h.keys("enter");
    assert_eq!(h.current(), "long");
    let first = h.screen();
    assert!(first.contains("First paragraph"), "the page opens at its top:\n{first}");
    assert!(first.contains("↓ More below: Enter shows it"), "{first}");
    assert!(first.contains("Enter read on"), "the footer says what Enter does now:\n{first}");
    insta::assert_snapshot!("long_page_top_50x15", first);
    let mut presses = 0;
    while !h.screen().contains("The key sentence is here at the end.") {
        h.keys("enter");
        presses += 1;
        assert_eq!(h.current(), "long", "Enter moved on before the last line was shown:\n{}", h.screen());
        assert!(presses < 20);
    }
    assert!(presses >= 1);
    let bottom = h.screen();
    assert!(!bottom.contains("More below"), "{bottom}");
    assert!(bottom.contains("Enter continue"), "{bottom}");
    h.keys("enter");
    assert_eq!(h.current(), "count", "at the bottom Enter continues");
}

#[test]
fn a_question_with_long_text_keeps_the_question_and_the_box_in_view() {
    let mut h = Harness::themed(long_pages(), (50, 15), theme::DARK);
    reach(&mut h, "enter enter");
    assert_eq!(h.current(), "count");
    let s = h.screen();
    assert!(s.contains("How many infusions have you had?"), "the question shows:\n{s}");
    assert!(s.contains("╭"), "the box shows:\n{s}");
    assert!(s.contains("↓ More below") || s.contains('↑'), "the page says text is out of view:\n{s}");
    insta::assert_snapshot!("long_question_50x15", s);
    // Enter answers a question as always, even with text out of view.
    h.type_text("3");
    h.keys("enter");
    assert_eq!(h.current(), "done");
}

#[test]
fn the_start_screen_opens_at_its_top() {
    let h = Harness::themed(long_pages(), (50, 15), theme::DARK);
    let s = h.screen();
    assert!(s.contains("Long pages"), "{s}");
    assert_eq!(h.app.page().scroll, 0);
}

// ---------------------------------------------------------------------------------------------
// Paste is text
// ---------------------------------------------------------------------------------------------

#[test]
fn a_paste_goes_into_the_box_and_never_answers() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter 1 8 0 0 enter");
    assert_eq!(h.current(), "name");
    h.paste("Molina Healthcare\n3\n2\n");
    assert_eq!(h.current(), "name", "the paste answered nothing");
    // The box holds 20 characters: the paste is cut there, with a note.
    assert_eq!(h.input(), "Molina Healthcare 3 ");
    let s = h.screen();
    assert!(s.contains("The paste was cut to fit: at most 20 characters here."), "{s}");
    insta::assert_snapshot!("paste_cut_80x24", s);
}

#[test]
fn a_paste_into_a_number_keeps_the_digits() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter 1");
    assert_eq!(h.current(), "budget");
    h.paste("1,200\n");
    assert_eq!(h.input(), "1,200");
    h.keys("enter");
    assert_eq!(h.current(), "name");
}

#[test]
fn a_paste_with_no_box_in_focus_is_ignored() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter");
    assert_eq!(h.current(), "use");
    h.paste("2\n");
    assert_eq!(h.current(), "use");
    assert_eq!(h.app.page().cursor, 0);
}

#[test]
fn a_megabyte_paste_is_cut_at_once() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter 1 8 0 0 enter");
    let big = "word and line\n".repeat(80_000);
    assert!(big.len() > 1_000_000);
    h.paste(&big);
    assert_eq!(h.input().chars().count(), 20);
    h.keys("esc /");
    h.paste(&big);
    match h.app.overlay() {
        Some(Overlay::Search(s)) => assert_eq!(s.query.len(), 200),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Messages whole and true
// ---------------------------------------------------------------------------------------------

fn at_checklist(dir: &Path) -> Harness {
    let mut h = Harness::with(
        fixture(),
        AppOptions { size: (80, 24), save_dir: dir.to_path_buf(), theme: theme::DARK, ..AppOptions::default() },
    );
    reach(&mut h, "enter enter 1 8 0 0 enter enter enter");
    assert_eq!(h.current(), "done");
    h
}

#[test]
fn save_in_the_quit_question_saves_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = at_checklist(dir.path());
    h.keys("q");
    assert!(matches!(h.app.overlay(), Some(Overlay::Quit)));
    h.keys("s");
    let effects = h.effects("enter");
    assert!(effects.contains(&Effect::Quit), "{effects:?}");
    assert!(dir.path().join("every-kind-checklist.md").exists());
}

#[test]
fn saving_again_offers_to_update_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = at_checklist(dir.path());
    h.keys("s enter");
    let first = h.app.saved_path().unwrap().to_path_buf();
    h.keys("space s");
    match h.app.overlay() {
        Some(Overlay::Save(d)) => assert_eq!(PathBuf::from(d.path.text()), first),
        other => panic!("{other:?}"),
    }
    h.keys("enter");
    assert!(h.app.overlay().is_none(), "updating the same file does not ask to replace it");
    assert!(std::fs::read_to_string(&first).unwrap().contains("[x] Measure your leg"));
    assert!(!dir.path().join("every-kind-checklist-2.md").exists(), "no -2 copy");
}

#[test]
fn status_lines_wrap_whole_and_clear_on_the_next_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = at_checklist(dir.path());
    h.size = (40, 12);
    h.app.resize(40, 12);
    h.keys("s enter");
    let status = h.app.status().unwrap().text.clone();
    let s = h.screen();
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '"').collect::<String>();
    assert!(squeeze(&s).contains(&squeeze(&status)), "the whole message shows: {status:?}\n{s}");
    h.keys("down");
    assert!(h.app.status().is_none(), "the next key clears it");
}

#[test]
fn a_resumed_walk_remembers_where_its_checklist_went() {
    let dir = tempfile::tempdir().unwrap();
    let h = at_checklist(dir.path());
    let path = dir.path().join("mine.md");
    let session = h.app.session().clone();
    for fresh in [true, false] {
        let mut r = Harness::with(
            fixture(),
            AppOptions {
                size: (80, 24),
                session: Some(session.clone()),
                saved: Some((path.clone(), fresh)),
                ..AppOptions::default()
            },
        );
        assert_eq!(r.app.saved_path(), Some(path.as_path()));
        let quits = r.effects("q");
        assert_eq!(quits.contains(&Effect::Quit), fresh, "an up-to-date checklist needs no question");
        assert_eq!(r.app.screen(), Screen::Walk);
    }
}

// ---------------------------------------------------------------------------------------------
// Small windows keep what matters
// ---------------------------------------------------------------------------------------------

#[test]
fn the_banner_stays_even_below_the_smallest_layout() {
    for (w, h_) in [(39, 10), (30, 8), (60, 4), (20, 3), (80, 1), (40, 2)] {
        let h = Harness::themed(fixture(), (w, h_), theme::DARK);
        let first_line: String = h.screen().lines().next().unwrap().to_string();
        assert!(first_line.contains("Questions?"), "{w}x{h_}:\n{}", h.screen());
    }
    let h = Harness::themed(fixture(), (30, 8), theme::DARK);
    insta::assert_snapshot!("too_small_30x8", h.screen());
}

#[test]
fn a_narrow_footer_keeps_back_save_quit_and_help() {
    for (path, want) in [
        ("enter enter", vec!["← back", "q quit", "? help"]),
        ("enter enter 1 8 0 0 enter enter enter", vec!["s save", "q quit", "? help"]),
    ] {
        let mut h = Harness::themed(fixture(), (40, 10), theme::DARK);
        reach(&mut h, path);
        let footer = h.screen().lines().last().unwrap().to_string();
        for key in want {
            assert!(footer.contains(key), "{key} is missing from {footer}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Keys people already know
// ---------------------------------------------------------------------------------------------

#[test]
fn shift_tab_goes_back_from_anywhere_even_inside_a_box() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter 1 8 0 0 enter");
    assert_eq!(h.current(), "name");
    assert!(h.app.page().editing, "the text box has focus");
    h.keys("shift-tab");
    assert_eq!(h.current(), "budget", "one key, not Esc then ←");
    assert!(h.app.page().editing);
    h.keys("shift-tab");
    assert_eq!(h.current(), "use");
    h.keys("r shift-tab");
    assert!(h.app.overlay().is_none(), "an overlay closes on the way back");
    assert_eq!(h.current(), "welcome");
}

#[test]
fn a_box_edits_with_the_usual_shell_keys() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter 1 8 0 0 enter");
    h.type_text("Sam Lee Smith");
    h.keys("ctrl-w");
    assert_eq!(h.input(), "Sam Lee ");
    h.keys("ctrl-a");
    assert_eq!(h.app.page().input.cursor(), 0);
    h.keys("alt-right ctrl-k");
    assert_eq!(h.input(), "Sam");
    h.keys("ctrl-e alt-left ctrl-u");
    assert_eq!(h.input(), "Sam");
    h.keys("ctrl-e ctrl-u");
    assert_eq!(h.input(), "");
    // The same keys work in the search box.
    h.keys("esc / ");
    h.type_text("frame size");
    h.keys("ctrl-w");
    match h.app.overlay() {
        Some(Overlay::Search(s)) => assert_eq!(s.query.text(), "frame "),
        other => panic!("{other:?}"),
    }
}

#[test]
fn help_pages_and_jumps_by_the_screen() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter");
    h.keys("? pagedown");
    let Some(Overlay::Help { scroll }) = h.app.overlay().cloned() else { panic!() };
    assert!(scroll > 5, "PgDn moves a screen, not a line: {scroll}");
    h.keys("end");
    let Some(Overlay::Help { scroll: bottom }) = h.app.overlay().cloned() else { panic!() };
    assert!(bottom >= scroll);
    assert!(h.screen().contains("Show every key that works here") || bottom > 0);
    h.keys("home");
    assert_eq!(h.app.overlay(), Some(&Overlay::Help { scroll: 0 }));
}

#[test]
fn review_pages_by_the_screen() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter 2 space enter 8 0 0 enter enter enter");
    assert_eq!(h.current(), "done");
    h.keys("r home");
    assert!(matches!(h.app.overlay(), Some(Overlay::Review { cursor: 0, .. })));
    h.keys("end");
    let Some(Overlay::Review { cursor: last, .. }) = h.app.overlay().cloned() else { panic!() };
    assert_eq!(last, 5, "every step: the welcome page, main use, terrain, budget, name, the grid");
    h.keys("home pagedown");
    let Some(Overlay::Review { cursor, .. }) = h.app.overlay().cloned() else { panic!() };
    assert!(cursor >= 2, "a page of answers, not one: {cursor}");
}

#[test]
fn the_mouse_scrolls_highlights_and_picks_when_asked_for() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter");
    let buf = h.buffer();
    let row = (0..buf.area.height)
        .find(|&y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect::<String>().contains("Weekend fun"))
        .unwrap();
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    };
    h.app.mouse(&click);
    assert_eq!(h.app.page().cursor, 2, "a click highlights the option");
    assert_eq!(h.current(), "use");
    for effect in h.app.mouse(&click) {
        perform(&mut h.app, effect, &mut NoHooks);
    }
    assert_eq!(h.current(), "budget", "a second click chooses it");
    let wheel =
        MouseEvent { kind: MouseEventKind::ScrollUp, column: 10, row, modifiers: crossterm::event::KeyModifiers::NONE };
    h.keys("shift-tab");
    assert_eq!(h.app.page().cursor, 2, "back on the question, the answer given is highlighted");
    h.app.mouse(&wheel);
    assert_eq!(h.app.page().cursor, 1, "the wheel moves like the arrows");
}

#[test]
fn the_help_lists_the_editing_keys() {
    let mut h = Harness::themed(fixture(), (80, 50), theme::DARK);
    reach(&mut h, "enter enter 1");
    h.keys("esc ?");
    let mut s = h.screen();
    h.keys("end");
    s.push_str(&h.screen());
    for k in ["Ctrl-U", "Ctrl-W", "Ctrl-K", "Home/Ctrl-A", "End/Ctrl-E", "Alt-←", "Shift-Tab"] {
        assert!(s.contains(k), "{k} is not in the help:\n{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// Search that finds what people type
// ---------------------------------------------------------------------------------------------

fn search_guide() -> Guide {
    let src = r#"
format = 1
[guide]
id = "s"
title = "Search test"
summary = "s"
language = "en"
version = "1"
start = "plan"
disclaimer = "d"

[nodes.plan]
type = "choice"
title = "Your plan"
text = "Does your plan have a deductible?"
var = "plan"
next = "drug"
options = [ { value = "yes", label = "Yes" }, { value = "no", label = "No" } ]

[nodes.drug]
type = "choice"
title = "Nasal spray"
text = "Have you been offered Spravato (esketamine)?"
var = "drug"
next = "done"
options = [ { value = "yes", label = "Yes" }, { value = "no", label = "No" } ]

[nodes.done]
type = "end"
title = "Your checklist"
"#;
    guidepost::guide::load_str("s.toml", src, CheckOptions::default()).guide.unwrap()
}

fn hits_text(h: &Harness) -> String {
    h.screen()
}

#[test]
fn search_forgives_a_typo_in_a_long_word() {
    let mut h = Harness::themed(search_guide(), (80, 24), theme::DARK);
    h.keys("/");
    h.type_text("deductable");
    let s = hits_text(&h);
    assert!(s.contains("Your plan"), "{s}");
    h.keys("ctrl-u");
    h.type_text("spravto");
    assert!(hits_text(&h).contains("Nasal spray"), "{}", hits_text(&h));
}

#[test]
fn option_results_name_their_question() {
    let mut h = Harness::themed(search_guide(), (80, 24), theme::DARK);
    h.keys("/ Y e s");
    let s = h.screen();
    assert!(s.contains("Yes  in “Your plan”"), "{s}");
    assert!(s.contains("Yes  in “Nasal spray”"), "{s}");
    insta::assert_snapshot!("search_options_80x24", s);
}

#[test]
fn snippets_leave_out_values_not_given_and_start_at_a_word() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    h.keys("/");
    h.type_text("used bike");
    let s = h.screen();
    assert!(s.contains("used bike"), "{s}");
    assert!(!s.contains("not answered"), "{s}");
    h.keys("ctrl-u");
    h.type_text("further");
    let s = h.screen();
    let snippet = s.lines().find(|l| l.contains("further")).unwrap();
    let start = snippet.trim_matches(|c| c == '"' || c == ' ' || c == '│').trim_start_matches('…');
    assert!(
        start.starts_with(|c: char| c.is_uppercase()) || snippet.contains("…") || start.starts_with("With"),
        "{snippet}"
    );
}

#[test]
fn an_option_result_opens_its_question_on_that_option_and_esc_returns() {
    let mut h = Harness::themed(fixture(), (80, 24), theme::DARK);
    reach(&mut h, "enter enter 1");
    assert_eq!(h.current(), "budget");
    h.keys("esc /");
    h.type_text("Weekend");
    h.keys("enter");
    assert_eq!(h.current(), "use");
    assert_eq!(h.app.page().cursor, 2, "the option found is highlighted, not the answer given");
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '"').collect::<String>();
    assert!(squeeze(&h.screen()).contains("Escreturnstowhereyouwere"), "{}", h.screen());
    h.keys("esc");
    assert_eq!(h.current(), "budget", "Esc goes back to where the search began");
}

// ---------------------------------------------------------------------------------------------
// Wide windows used well
// ---------------------------------------------------------------------------------------------

/// The column where `needle` starts on the screen, and its row.
fn position(h: &Harness, needle: &str) -> Option<(usize, usize)> {
    h.screen().lines().enumerate().find_map(|(y, l)| l.find(needle).map(|b| (l[..b].chars().count(), y)))
}

#[test]
fn prose_runs_to_about_a_hundred_columns_and_the_banner_stays_put() {
    let mut h = Harness::themed(long_pages(), (160, 50), theme::DARK);
    h.keys("enter");
    let widest = h.screen().lines().map(|l| l.trim_matches(|c| c == '"').trim().chars().count()).max().unwrap();
    assert!((90..=100).contains(&widest), "prose uses about 100 columns, not 80: {widest}\n{}", h.screen());
    // The banner is at the same place on a plain page and on a full-width comparison.
    let mut f = Harness::themed(fixture(), (160, 50), theme::DARK);
    let banner_start = position(&f, "Questions?").unwrap();
    reach(&mut f, "enter enter 1 8 0 0 enter enter");
    assert_eq!(f.current(), "compare");
    assert_eq!(position(&f, "Questions?").unwrap(), banner_start, "{}", f.screen());
    insta::assert_snapshot!("compare_160x50", f.screen());
}

#[test]
fn the_comparison_is_a_table_whenever_it_fits() {
    for width in [80, 120, 160] {
        let mut h = Harness::themed(fixture(), (width, 30), theme::DARK);
        reach(&mut h, "enter enter 1 8 0 0 enter enter");
        assert_eq!(h.current(), "compare");
        let s = h.screen();
        let header = s.lines().find(|l| l.contains("City bike")).unwrap();
        assert!(header.contains("Gravel bike") && header.contains("Mountain bike"), "a table at {width}:\n{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// Whole numbers and plurals
// ---------------------------------------------------------------------------------------------

#[test]
fn a_count_takes_whole_numbers_and_its_unit_follows_the_number() {
    let mut h = Harness::themed(long_pages(), (80, 30), theme::DARK);
    reach(&mut h, "enter enter");
    assert_eq!(h.current(), "count");
    let s = h.screen();
    assert!(s.contains("A whole number from 0 infusions to 100 infusions."), "{s}");
    h.type_text("2.");
    assert!(h.screen().contains("! Whole numbers only here, like 3."), "{}", h.screen());
    h.type_text("5");
    assert_eq!(h.input(), "25", "the point is left out");
    h.keys("ctrl-u");
    h.type_text("1");
    let s = h.screen();
    let row = s.lines().find(|l| l.contains("│ 1")).unwrap();
    assert!(row.contains("│ infusion ") || row.trim_end_matches(['"', ' ']).ends_with("infusion"), "{row}");
    h.keys("enter");
    assert_eq!(h.current(), "done");
    h.keys("r");
    assert!(h.screen().contains("Your answer: 1 infusion"), "{}", h.screen());
}

#[test]
fn the_save_dialog_says_a_folder_is_a_folder_and_refuses_formats_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = at_checklist(dir.path());
    h.keys("s ctrl-u");
    h.type_text(&dir.path().to_string_lossy());
    h.keys("enter");
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '"' && *c != '│').collect::<String>();
    assert!(squeeze(&h.screen()).contains("isafolder;addafilename"), "{}", h.screen());
    assert!(!h.screen().contains("Replace it?"), "{}", h.screen());
    h.keys("ctrl-u");
    h.type_text(&dir.path().join("out.pdf").to_string_lossy());
    h.keys("enter");
    assert!(squeeze(&h.screen()).contains("A.pdffilecannotbewrittenhere."), "{}", h.screen());
    assert!(!dir.path().join("out.pdf").exists());
}

// ---------------------------------------------------------------------------------------------
// A date question
// ---------------------------------------------------------------------------------------------

fn date_guide() -> Guide {
    let loaded = load_path(Path::new("tests/fixtures/tui/date.toml"), crate::support::opts());
    loaded.guide.unwrap_or_else(|| panic!("fixture does not load: {:?}", loaded.diagnostics))
}

#[test]
fn a_date_reads_back_spelled_out_while_it_is_typed() {
    let mut h = Harness::new(date_guide(), 60, 14);
    reach(&mut h, "enter");
    assert_eq!(h.current(), "letter");
    assert!(h.text().contains("A date from December 2, 2016 to today."), "{}", h.screen());
    for typed in ["10/01/2026", "2026-10-01", "Oct 1 2026"] {
        h.keys("ctrl-u").type_text(typed);
        assert!(h.text().contains("Reads as October 1, 2026."), "{typed}:\n{}", h.screen());
    }
    // Month first, as in the US: 02/03 is February 3, and the screen says so before Enter.
    h.keys("ctrl-u").type_text("02/03/2026");
    insta::assert_snapshot!("date_typed_60x14", h.screen());
}

#[test]
fn a_date_that_is_not_a_day_or_out_of_range_is_refused_with_the_fix() {
    let mut h = Harness::new(date_guide(), 90, 20);
    reach(&mut h, "enter");
    h.type_text("02/31/2026").keys("enter");
    assert_eq!(h.current(), "letter");
    assert!(h.text().contains("! “02/31/2026”: February has 28 days; check the day."), "{}", h.screen());
    h.keys("ctrl-u").type_text("12/25/2026").keys("enter");
    assert_eq!(h.current(), "letter");
    assert!(h.text().contains("Enter a date on or before November 30, 2026."), "{}", h.screen());
    h.keys("ctrl-u").type_text("Oct 1 2026").keys("enter");
    assert_eq!(h.current(), "done");
    assert!(h.text().contains("Appeal by March 30, 2027; the letter is 60 days old."), "{}", h.screen());
}
