//! A guard in front of tower-lsp-server's input: every frame that reaches it is a well-formed
//! JSON-RPC message.
//!
//! tower-lsp-server 0.23 stops serving at the first frame it cannot decode (a body that is not
//! JSON or not a JSON-RPC message, a header block without `Content-Length`): its read loop ends
//! on the decoder's error. [`Guarded`] re-frames the input and replaces each such frame by a
//! request to [`INVALID_MESSAGE`] (id taken from the bad message when it has one, else `null`),
//! which the server answers with the JSON-RPC error (-32700 parse error / -32600 invalid
//! request) and logs. Good frames pass unchanged apart from their headers, which are rewritten
//! to a bare `Content-Length`.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, ReadBuf};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The method bad frames are turned into.
pub const INVALID_MESSAGE: &str = "nianbao/invalidMessage";

/// A header block longer than this without its blank line is dropped as garbage.
const MAX_HEADER: usize = 8 * 1024;

/// Params of an [`INVALID_MESSAGE`] request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvalidMessage {
    /// -32700 (parse error) or -32600 (invalid request).
    pub code: i64,
    pub reason: String,
}

pub struct Guarded<R> {
    inner: R,
    /// Bytes read but not yet framed.
    pending: Vec<u8>,
    /// Framed bytes ready for the reader.
    ready: VecDeque<u8>,
    eof: bool,
}

impl<R> Guarded<R> {
    pub fn new(inner: R) -> Self {
        Guarded {
            inner,
            pending: Vec::new(),
            ready: VecDeque::new(),
            eof: false,
        }
    }

    /// Move the next complete frame (good or replaced) from `pending` to `ready`.
    fn frame_one(&mut self) -> bool {
        let Some(end) = find(&self.pending, b"\r\n\r\n") else {
            if self.pending.len() > MAX_HEADER {
                self.pending.clear();
                self.push_invalid(Value::Null, -32700, "header block too long, dropped");
                return true;
            }
            return false;
        };
        let Some(len) = content_length(&self.pending[..end]) else {
            self.pending.drain(..end + 4);
            self.push_invalid(
                Value::Null,
                -32700,
                "message without a valid Content-Length header, dropped",
            );
            return true;
        };
        let body_start = end + 4;
        if self.pending.len() < body_start + len {
            return false;
        }
        let body: Vec<u8> = self
            .pending
            .drain(..body_start + len)
            .skip(body_start)
            .collect();
        match check(&body) {
            Ok(()) => self.push_frame(&body),
            Err((id, code, reason)) => self.push_invalid(id, code, &reason),
        }
        true
    }

    fn push_frame(&mut self, body: &[u8]) {
        self.ready
            .extend(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        self.ready.extend(body);
    }

    fn push_invalid(&mut self, id: Value, code: i64, reason: &str) {
        let msg = json!({"jsonrpc": "2.0", "id": id, "method": INVALID_MESSAGE,
                         "params": InvalidMessage { code, reason: reason.to_owned() }});
        self.push_frame(msg.to_string().as_bytes());
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(headers: &[u8]) -> Option<usize> {
    let headers = std::str::from_utf8(headers).ok()?;
    headers.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })
}

/// Would tower-lsp-server decode this body? If not: the id to answer (when the body has one),
/// the error code, and why.
fn check(body: &[u8]) -> Result<(), (Value, i64, String)> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Err((Value::Null, -32700, format!("body is not JSON: {e}"))),
    };
    let decoded = match value.get("method") {
        None => serde_json::from_value::<Response>(value.clone()).map(drop),
        Some(_) => serde_json::from_value::<Request>(value.clone()).map(drop),
    };
    match decoded {
        Ok(()) => Ok(()),
        Err(e) => {
            let id = match value.get("id") {
                Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                _ => Value::Null,
            };
            Err((id, -32600, format!("not a JSON-RPC message: {e}")))
        }
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for Guarded<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if !this.ready.is_empty() {
                let n = buf.remaining().min(this.ready.len());
                let (a, b) = this.ready.as_slices();
                let from_a = n.min(a.len());
                buf.put_slice(&a[..from_a]);
                buf.put_slice(&b[..n - from_a]);
                this.ready.drain(..n);
                return Poll::Ready(Ok(()));
            }
            if this.frame_one() {
                continue;
            }
            if this.eof {
                return Poll::Ready(Ok(())); // end of input; an incomplete last frame is dropped
            }
            let mut chunk = [0u8; 8192];
            let mut chunk_buf = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.inner).poll_read(cx, &mut chunk_buf) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(())) if chunk_buf.filled().is_empty() => this.eof = true,
                Poll::Ready(Ok(())) => this.pending.extend_from_slice(chunk_buf.filled()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    async fn through(input: &[u8]) -> Vec<Value> {
        let mut out = Vec::new();
        Guarded::new(input).read_to_end(&mut out).await.unwrap();
        let mut msgs = Vec::new();
        let mut rest = &out[..];
        while let Some(end) = find(rest, b"\r\n\r\n") {
            let len = content_length(&rest[..end]).unwrap();
            msgs.push(serde_json::from_slice(&rest[end + 4..end + 4 + len]).unwrap());
            rest = &rest[end + 4 + len..];
        }
        assert!(rest.is_empty());
        msgs
    }

    #[tokio::test]
    async fn good_frames_pass_and_bad_ones_become_invalid_message_requests() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown","params":null}"#;
        let response = r#"{"jsonrpc":"2.0","id":7,"result":null}"#;
        let input = [
            frame(good),
            frame("{{{{"),
            "Content-Type: text/plain\r\n\r\n".to_owned(),
            frame(r#"{"jsonrpc":"2.0","id":5,"method":42}"#),
            "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}".to_owned(),
            frame(response),
            frame("总计"),
            "Content-Length: 99\r\n\r\n{\"trunc".to_owned(),
        ]
        .concat();
        let msgs = through(input.as_bytes()).await;
        let invalid = |id: Value, code: i64| (id, code);
        let got: Vec<_> = msgs
            .iter()
            .map(|m| match m["method"].as_str() {
                Some(INVALID_MESSAGE) => {
                    invalid(m["id"].clone(), m["params"]["code"].as_i64().unwrap())
                }
                _ => (m.clone(), 0),
            })
            .collect();
        assert_eq!(
            got,
            [
                (serde_json::from_str(good).unwrap(), 0),
                invalid(Value::Null, -32700),
                invalid(Value::Null, -32700),
                invalid(json!(5), -32600),
                invalid(Value::Null, -32600),
                (serde_json::from_str(response).unwrap(), 0),
                invalid(Value::Null, -32700),
            ]
        );
    }
}
