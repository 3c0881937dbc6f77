//! `guidepost lsp`: a language server for guide files, so authors get the checks of `validate`
//! as they type, with completion, hover, navigation, rename and quick fixes in their editor.
//!
//! [`server::Server`] answers messages and holds no I/O; [`run`] feeds it from stdio. Analysis
//! reuses the loader's pieces (raw structs with spans, the checks, the path finder), with the
//! editor's unsaved text taking the place of the disk's.

mod actions;
mod analysis;
mod completion;
mod diagnostics;
mod hover;
mod index;
mod lookup;
mod navigation;
mod position;
mod rename;
pub mod server;
mod transport;

use std::io::{self, BufReader};

pub use server::Server;

/// Serves the protocol on stdin and stdout until `exit` or the end of input; returns the exit
/// code the protocol asks for (0 after `shutdown`, 1 without).
pub fn run() -> io::Result<u8> {
    let stdin = io::stdin();
    let mut input = BufReader::new(stdin.lock());
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut server = Server::new();
    loop {
        match transport::read(&mut input) {
            transport::Incoming::End => return Ok(1),
            transport::Incoming::Malformed(reason) => transport::parse_error(&mut out, &reason)?,
            transport::Incoming::Message(m) => {
                for reply in server.handle(m) {
                    transport::write(&mut out, &reply)?;
                }
                if let Some(code) = server.exit_code() {
                    return Ok(code);
                }
            }
        }
    }
}
