//! Any bytes as a saved session file for the default guide, read and replayed as resuming does:
//! the result is a walk or a clear problem, never a panic, and nothing that reaches the terminal
//! can carry an escape sequence.

#![no_main]

use std::sync::OnceLock;

use guidepost::engine::replay::replay;
use guidepost::guide::{Guide, load_str};
use guidepost::store::record;
use guidepost_fuzz::{Choices, assert_terminal_safe, check_options, inspect};
use libfuzzer_sys::fuzz_target;

fn guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| {
        let b = guidepost::builtin::default_guide();
        load_str(b.file, b.text, check_options()).guide.expect("the default guide loads")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let guide = guide();
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
