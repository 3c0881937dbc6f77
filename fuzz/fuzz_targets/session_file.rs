//! Any bytes as a saved session file for the default guide, read and replayed as resuming does:
//! the result is a walk or a clear problem, never a panic, and nothing that reaches the terminal
//! can carry an escape sequence.

#![no_main]

use guidepost::engine::replay::replay;
use guidepost::store::record;
use guidepost_fuzz::{Choices, assert_terminal_safe, default_guide, inspect};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let guide = default_guide();
    match record::parse(bytes, &guide.meta.id) {
        Ok(r) => {
            let replayed = replay(guide, &r.answers, &r.fingerprints, &r.path, r.ticked.clone());
            for flag in &replayed.flags {
                assert_terminal_safe(&flag.describe(), "a replay flag");
            }
            inspect(guide, &replayed.session, &mut Choices::new(bytes));
        }
        Err(problem) => assert_terminal_safe(&problem.describe(), "a session file problem"),
    }
});
