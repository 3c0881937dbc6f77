//! Any text as an answers file, walked over the default guide as `guidepost export --answers`
//! does: the result is a checklist or a message, never a panic, and neither can carry an escape
//! sequence to the terminal.

#![no_main]

use guidepost::engine::{answers_file, walk};
use guidepost::guide::diagnostic::Color;
use guidepost_fuzz::{Choices, assert_terminal_safe, default_guide, inspect};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let guide = default_guide();
    let answers = match answers_file::parse("answers.toml", text, Color::Never) {
        Ok(a) => a,
        Err(e) => {
            assert_terminal_safe(&e.to_string(), "an answers file error");
            return;
        }
    };
    match walk::walk(guide, &answers) {
        Ok(session) => inspect(guide, &session, &mut Choices::new(text.as_bytes())),
        Err(e) => assert_terminal_safe(&e.to_string(), "a walk error"),
    }
});
