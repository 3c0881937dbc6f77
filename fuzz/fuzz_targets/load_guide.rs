//! Any bytes as a guide file: loading must give a guide or diagnostics, never a panic, and a
//! guide that loads must survive a walk, its checklist and all four exports. The start-screen
//! preview of the same text (its `[guide]` table read alone) must never panic either, and when
//! both it and the guide exist they must agree.

#![no_main]

use guidepost::guide::load::load_bytes;
use guidepost::guide::model::Meta;
use guidepost::guide::preview;
use guidepost_fuzz::{Choices, assert_terminal_safe, check_diagnostics, check_options, exercise_guide};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = load_bytes("fuzz.toml", data.to_vec(), check_options());
    check_diagnostics(&loaded);
    if let Ok(text) = std::str::from_utf8(data) {
        let shown = preview::meta(text, true);
        if let (Some(shown), Some(guide)) = (&shown, &loaded.guide) {
            assert_eq!(
                shown,
                &Meta { sources: Vec::new(), ..guide.meta.clone() },
                "the preview differs from the guide"
            );
        }
        // The beginning of a file, cut anywhere (as when only its first bytes are read).
        let mut cut = text.len() / 2;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let _ = preview::meta(&text[..cut], false);
    }
    if let Some(guide) = &loaded.guide {
        // The walk's decisions come from the input itself, read from the end so they differ
        // from the text the guide was parsed from.
        let decisions: Vec<u8> = data.iter().rev().copied().take(512).collect();
        exercise_guide(guide, &mut Choices::new(&decisions));
        for outcome in guidepost::engine::scenario::run_all(guide) {
            assert_terminal_safe(&outcome.describe(guide), "a scenario's outcome");
        }
    }
});
