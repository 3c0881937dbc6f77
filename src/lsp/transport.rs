//! Reading and writing framed JSON-RPC messages on stdio.
//!
//! `lsp-server` has its own stdio threads, but they trust the peer: a `Content-Length` of a
//! terabyte is allocated before reading, and one malformed payload ends the reader. An editor
//! that sends garbage must not take the server down, so framing is read here with a bound, and a
//! payload that is not JSON-RPC is answered with an error and skipped.

use std::io::{self, BufRead, Write};

use lsp_server::Message;

/// Largest message accepted; a guide is at most 16 MiB, and JSON escaping can double it.
pub const MAX_MESSAGE_BYTES: usize = 48 * 1024 * 1024;

/// What came in on the wire.
#[derive(Debug)]
pub enum Incoming {
    /// A well-formed message.
    Message(Message),
    /// A frame whose body is not a JSON-RPC message; the reason is sent back to the client.
    Malformed(String),
    /// The input ended (or broke beyond recovery).
    End,
}

/// Reads one frame. Headers other than `Content-Length` are ignored, as the protocol allows.
pub fn read(input: &mut impl BufRead) -> Incoming {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return Incoming::End,
            Ok(_) => {}
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            // Blank lines between frames are tolerated.
            continue;
        }
        if line.len() > 1024 {
            return Incoming::End;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
            if length.is_none() {
                return Incoming::Malformed(format!("bad Content-Length: {}", value.trim()));
            }
        }
    }
    let length = length.unwrap_or(0);
    if length > MAX_MESSAGE_BYTES {
        // Skip the body in bounded chunks, so the stream stays in step.
        let mut left = length as u64;
        let skipped = io::copy(&mut io::Read::take(&mut *input, left), &mut io::sink()).unwrap_or(0);
        left -= skipped;
        if left > 0 {
            return Incoming::End;
        }
        return Incoming::Malformed(format!("message of {length} bytes is over the limit of {MAX_MESSAGE_BYTES}"));
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).is_err() {
        return Incoming::End;
    }
    match serde_json::from_slice::<Message>(&body) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Malformed(format!("not a JSON-RPC message: {e}")),
    }
}

/// Writes one message and flushes it.
pub fn write(out: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(out)
}

/// The JSON-RPC "parse error" reply to a frame that could not be read (its id is unknown).
pub fn parse_error(out: &mut impl Write, reason: &str) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32700, "message": reason },
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reads_a_message_then_the_end() {
        let text = frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut input = io::Cursor::new(text.into_bytes());
        assert!(matches!(read(&mut input), Incoming::Message(Message::Notification(n)) if n.method == "exit"));
        assert!(matches!(read(&mut input), Incoming::End));
    }

    #[test]
    fn a_malformed_body_is_skipped_and_the_next_frame_still_read() {
        let text = frame("{not json") + &frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut input = io::Cursor::new(text.into_bytes());
        assert!(matches!(read(&mut input), Incoming::Malformed(_)));
        assert!(matches!(read(&mut input), Incoming::Message(_)));
    }

    #[test]
    fn a_huge_length_is_refused_without_allocating_it() {
        let mut input = io::Cursor::new(b"Content-Length: 999999999999\r\n\r\n{}".to_vec());
        assert!(matches!(read(&mut input), Incoming::End));
    }
}
