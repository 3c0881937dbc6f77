//! Any bytes as a guide file: loading must give a guide or diagnostics, never a panic, and a
//! guide that loads must survive a walk, its checklist and all four exports.

#![no_main]

use guidepost::guide::load::load_bytes;
use guidepost_fuzz::{Choices, assert_terminal_safe, check_diagnostics, check_options, exercise_guide};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = load_bytes("fuzz.toml", data.to_vec(), check_options());
    check_diagnostics(&loaded);
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
