//! Any text as an answers file, walked over the default guide as `guidepost export --answers`
//! does: the result is a checklist or a message, never a panic, and neither can carry an escape
//! sequence to the terminal.

#![no_main]

use std::sync::OnceLock;

use guidepost::engine::{answers_file, walk};
use guidepost::guide::diagnostic::Color;
use guidepost::guide::{Guide, load_str};
use guidepost_fuzz::{Choices, assert_terminal_safe, check_options, inspect};
use libfuzzer_sys::fuzz_target;

fn guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| {
        let b = guidepost::builtin::default_guide();
        load_str(b.file, b.text, check_options()).guide.expect("the default guide loads")
    })
}

fuzz_target!(|text: &str| {
    let guide = guide();
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
