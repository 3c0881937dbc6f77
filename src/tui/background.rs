//! Finding out whether the terminal's background is light or dark, without ever waiting on a
//! terminal that does not answer and without delaying the first frame.
//!
//! The terminal is asked for its background colour (`OSC 11`) followed by a request every
//! terminal answers (primary device attributes), so a terminal that does not know the first
//! question is recognised by its answer to the second at once; only a terminal that answers
//! nothing at all costs the timeout. The question runs on its own thread while the first frame is
//! drawn with the best guess (`COLORFGBG`, else dark), and the answer is collected before the
//! interface starts reading keys, so nothing typed is taken for the terminal's reply.

use std::thread::JoinHandle;
use std::time::Duration;

use super::theme::Background;

/// The longest a silent terminal may hold up reading the first key.
const TIMEOUT: Duration = Duration::from_millis(250);

/// A question to the terminal on its way.
#[derive(Debug)]
pub struct Detection {
    thread: Option<JoinHandle<Option<Background>>>,
}

impl Detection {
    /// Asks the terminal now; call with the terminal in raw mode.
    pub fn start() -> Detection {
        let thread = std::thread::Builder::new()
            .name("guidepost-background".to_string())
            .spawn(|| {
                let options = {
                    let mut o = terminal_colorsaurus::QueryOptions::default();
                    o.timeout = TIMEOUT;
                    o
                };
                let c = terminal_colorsaurus::background_color(options).ok()?;
                let [r, g, b] = [c.r, c.g, c.b].map(|v| (v >> 8) as u8);
                Some(Background::of_rgb((r, g, b)))
            })
            .ok();
        Detection { thread }
    }

    /// The answer, if it has come already (never waits).
    pub fn ready(&mut self) -> Option<Option<Background>> {
        if self.thread.as_ref().is_some_and(JoinHandle::is_finished) { Some(self.wait()) } else { None }
    }

    /// Waits for the answer (at most the timeout); `None` when the terminal did not say.
    pub fn wait(&mut self) -> Option<Background> {
        self.thread.take().and_then(|t| t.join().ok()).flatten()
    }
}

/// The guess before (or without) an answer: `COLORFGBG`, else dark.
pub fn guess() -> Background {
    std::env::var("COLORFGBG").ok().and_then(|v| Background::from_colorfgbg(&v)).unwrap_or_default()
}
