//! Shared by the protocol tests: a stand-in engine, a minimal LSP client over in-memory pipes,
//! and position helpers that model LSP's rules independently of the server.
#![allow(dead_code)] // each test crate uses a different part

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use futures_channel::mpsc;
use nianbao::finding::{Applicability, Edit, Finding, Fix, Related};
use nianbao::lsp::Engine;
use nianbao::model::{Section, Table};
use nianbao::template::{TableTemplate, TemplateYear};
use nianbao::{Analysis, Code, Span};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tokio::time::timeout;

// ------------------------------------------------------------------ the stand-in engine

/// A report snippet with CRLF lines, CJK text and a character outside the BMP before a number.
pub const REPORT: &str = "某县2023年政府信息公开工作年度报告\r\n\
三、收到和处理政府信息公开申请情况\r\n\
𠀀本年新收 10\r\n\
（七）总计 165\r\n\
四、行政复议\r\n";
pub const URI: &str = "file:///tmp/nianbao-test/report.txt";

/// Stand-in for the engine: NB102 on the number after `（七）总计` unless it is 164 (safe fix
/// "164", related: the number after `本年新收`), NB030 on the label `（七）总计`, one section
/// (三) and one table (from `本年新收`'s line to the end of the total). Panics on `PANIC`.
pub fn fake_analyse(text: &str) -> Analysis {
    assert!(!text.contains("PANIC"), "stand-in engine asked to panic");
    let number_after = |label: &str| -> Option<Span> {
        let at = text.find(label)? + label.len();
        let start = at + text[at..].find(|c: char| c.is_ascii_digit())?;
        let len = text[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len() - start);
        Some(Span::new(start, start + len))
    };
    let mut analysis = Analysis::default();
    let Some(total) = number_after("（七）总计") else {
        return analysis;
    };
    let label_at = text.find("（七）总计").unwrap();
    let label = Span::new(label_at, label_at + "（七）总计".len());
    if let Some(heading) = text.find("三、收到和处理政府信息公开申请情况") {
        let h = "三、收到和处理政府信息公开申请情况";
        analysis.report.sections.push(Section {
            number: 3,
            span: Span::new(heading, heading + h.len()),
            heading: h.to_owned(),
        });
    }
    let line_start = |at: usize| text[..at].rfind(['\n', '\r']).map_or(0, |n| n + 1);
    let start = text
        .find("本年新收")
        .map_or(label.start, line_start)
        .min(label.start);
    analysis.report.tables.push(Table::new(
        TableTemplate::s3(TemplateYear::T2021),
        Span::new(start, total.end),
    ));
    if &text[total.start..total.end] != "164" {
        let related = number_after("本年新收").map(|span| Related {
            span,
            message: "本年新收".into(),
        });
        analysis.findings.push(
            Finding::new(
                Code::NB102,
                total,
                format!(
                    "（七）总计 {} ≠ 各项之和 164",
                    &text[total.start..total.end]
                ),
            )
            .with_related(related.into_iter().collect())
            .with_fix(Fix {
                title: "将（七）总计改为164".into(),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: total,
                    replacement: "164".into(),
                }],
            }),
        );
    }
    analysis
        .findings
        .push(Finding::new(Code::NB030, label, "行标题与格式不一致"));
    analysis.findings.sort_by_key(|f| f.span.start);
    analysis
}

pub fn fake() -> Engine {
    Engine {
        analyse: |_, text| fake_analyse(text),
        is_report: nianbao::is_annual_report,
    }
}

// ------------------------------------------------------------------ a minimal LSP client

pub struct Client {
    pub writer: Arc<Mutex<DuplexStream>>,
    pub incoming: mpsc::UnboundedReceiver<Value>,
    /// Received but not yet consumed by a `wait_for`.
    pub backlog: VecDeque<Value>,
    /// Every message received, in order.
    pub all: Vec<Value>,
    pub next_id: i64,
    pub server: JoinHandle<bool>,
    /// What the client answers to `workspace/configuration` (the `nianbao` section).
    pub config: Arc<std::sync::Mutex<Value>>,
}

pub async fn write_frame(w: &Mutex<DuplexStream>, msg: &Value) {
    let body = serde_json::to_vec(msg).unwrap();
    let mut w = w.lock().await;
    w.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await
        .unwrap();
    w.write_all(&body).await.unwrap();
    w.flush().await.unwrap();
}

/// The first complete LSP frame in `buf`, parsed and removed; `None` while it is incomplete.
pub fn take_frame(buf: &mut Vec<u8>) -> Option<Value> {
    let end = buf.windows(4).position(|x| x == b"\r\n\r\n")?;
    let header = String::from_utf8_lossy(&buf[..end]).to_string();
    let len: usize = header
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .expect("Content-Length header")
        .trim()
        .parse()
        .unwrap();
    if buf.len() < end + 4 + len {
        return None;
    }
    let msg = serde_json::from_slice(&buf[end + 4..end + 4 + len]).unwrap();
    buf.drain(..end + 4 + len);
    Some(msg)
}

pub async fn read_frames(
    mut r: DuplexStream,
    tx: mpsc::UnboundedSender<Value>,
    w: Arc<Mutex<DuplexStream>>,
    config: Arc<std::sync::Mutex<Value>>,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        while let Some(msg) = take_frame(&mut buf) {
            if msg.get("method").is_some() && msg.get("id").is_some() {
                // a request from the server: workspace/configuration gets `config`,
                // workspace/applyEdit `applied`, the rest (workspace/diagnostic/refresh) null
                let result = match msg["method"].as_str() {
                    Some("workspace/configuration") => json!([config.lock().unwrap().clone()]),
                    // the edit is not applied here: tests read it from the request itself
                    Some("workspace/applyEdit") => json!({"applied": true}),
                    Some("window/showDocument") => json!({"success": true}),
                    _ => Value::Null,
                };
                let answer = json!({"jsonrpc": "2.0", "id": msg["id"], "result": result});
                write_frame(&w, &answer).await;
            }
            if tx.unbounded_send(msg).is_err() {
                return;
            }
        }
        match r.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

pub const WAIT: Duration = Duration::from_secs(5);
/// How long the workspace's indexing may take in a test ([`Client::wait_for_index`]).
pub const INDEX_WAIT: Duration = Duration::from_secs(120);

/// The next message from the server, `None` once its output has closed.
async fn next(incoming: &mut mpsc::UnboundedReceiver<Value>) -> Option<Value> {
    use futures_core::Stream;
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *incoming).poll_next(cx)).await
}

/// Capacity of each in-memory pipe between client and server.
const PIPE_BYTES: usize = 1 << 13;

impl Client {
    pub fn spawn(engine: Engine) -> Client {
        let (client_w, server_r) = tokio::io::duplex(PIPE_BYTES);
        let (server_w, client_r) = tokio::io::duplex(PIPE_BYTES);
        let server = tokio::spawn(nianbao::lsp::serve(server_r, server_w, engine));
        let writer = Arc::new(Mutex::new(client_w));
        // futures' channel, not tokio's: tokio's keeps the blocks of its longest backlog for
        // reuse, which `tests/lsp_memory.rs` would count as growth of the server
        let (tx, incoming) = mpsc::unbounded();
        let config = Arc::new(std::sync::Mutex::new(Value::Null));
        tokio::spawn(read_frames(client_r, tx, writer.clone(), config.clone()));
        Client {
            writer,
            incoming,
            backlog: VecDeque::new(),
            all: Vec::new(),
            next_id: 1,
            server,
            config,
        }
    }

    /// Spawn, `initialize` with `capabilities`, `initialized`. Returns the initialize result.
    pub async fn start(engine: Engine, capabilities: Value) -> (Client, Value) {
        let mut c = Client::spawn(engine);
        let res = c
            .request(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
            )
            .await;
        c.notify("initialized", json!({})).await;
        (c, res["result"].clone())
    }

    /// Spawn with `folder` as the only workspace folder, and wait until the server has indexed
    /// it (the `$/progress` end).
    pub async fn in_workspace(engine: Engine, folder: &std::path::Path) -> Client {
        let folder = tower_lsp_server::ls_types::Uri::from_file_path(folder).unwrap();
        let mut c = Client::spawn(engine);
        c.request(
            "initialize",
            json!({"processId": null, "capabilities": {"window": {"workDoneProgress": true}},
                   "workspaceFolders": [{"uri": folder.as_str(), "name": "w"}]}),
        )
        .await;
        c.notify("initialized", json!({})).await;
        c.wait_for_index().await;
        c
    }

    pub async fn utf16(engine: Engine) -> Client {
        Client::start(engine, json!({})).await.0
    }

    pub async fn utf8(engine: Engine) -> Client {
        Client::start(
            engine,
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        )
        .await
        .0
    }

    pub async fn send(&mut self, msg: Value) {
        write_frame(&self.writer, &msg).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Send a request and return the whole response (`result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
            .await
    }

    pub async fn result(&mut self, method: &str, params: Value) -> Value {
        let res = self.request(method, params).await;
        assert!(res.get("error").is_none(), "{method} failed: {res}");
        res["result"].clone()
    }

    pub async fn hover(&mut self, uri: &str, position: Value) -> Value {
        let params = json!({"textDocument": td(uri), "position": position});
        self.result("textDocument/hover", params).await
    }

    /// `textDocument/codeAction` for an empty range at `at` (what editors send), with no
    /// diagnostics in the context; `only` empty = no filter.
    pub async fn code_actions(&mut self, uri: &str, at: &Value, only: &[&str]) -> Value {
        let mut context = json!({"diagnostics": []});
        if !only.is_empty() {
            context["only"] = json!(only);
        }
        let params =
            json!({"textDocument": td(uri), "range": empty_range_at(at), "context": context});
        self.result("textDocument/codeAction", params).await
    }

    pub fn receive(&mut self, msg: Value) {
        self.all.push(msg.clone());
        self.backlog.push_back(msg);
    }

    /// The first message (old or new) matching `pred`, consumed; panics after 5 s.
    pub async fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_longer_for(WAIT, pred).await
    }

    /// The end of the workspace's indexing. The server reads the workspace at the lowest
    /// priority, so while the other tests keep both cores busy it may take far longer than an
    /// answer does.
    pub async fn wait_for_index(&mut self) -> Value {
        let end = |m: &Value| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end";
        self.wait_longer_for(INDEX_WAIT, end).await
    }

    /// [`Client::wait_for`] with a wait of its own (between two messages).
    pub async fn wait_longer_for(
        &mut self,
        wait: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i).unwrap();
        }
        loop {
            let msg = timeout(wait, next(&mut self.incoming))
                .await
                .unwrap_or_else(|_| panic!("timed out; received so far: {:#?}", self.all))
                .expect("server closed its output");
            self.receive(msg);
            if pred(self.backlog.back().unwrap()) {
                return self.backlog.pop_back().unwrap();
            }
        }
    }

    /// Collect whatever arrives within `d`.
    pub async fn settle(&mut self, d: Duration) {
        while let Ok(Some(msg)) = timeout(d, next(&mut self.incoming)).await {
            self.receive(msg);
        }
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        )
        .await;
    }

    pub async fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// The `publishDiagnostics` for `uri` at `version` (`null` for "no version").
    pub async fn diagnostics(&mut self, uri: &str, version: Value) -> Vec<Value> {
        let msg = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            })
            .await;
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub async fn log_containing(&mut self, needle: &str) -> String {
        let msg = self
            .wait_for(|m| {
                m["method"] == "window/logMessage"
                    && m["params"]["message"]
                        .as_str()
                        .is_some_and(|s| s.contains(needle))
            })
            .await;
        msg["params"]["message"].as_str().unwrap().to_owned()
    }

    pub fn published_versions(&self, uri: &str) -> Vec<i64> {
        self.all
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .filter_map(|m| m["params"]["version"].as_i64())
            .collect()
    }

    /// `shutdown` (with `params: null`, as Eglot sends it) then `exit`, with the pipe still
    /// open: the server must stop by itself. Returns what `serve` returned.
    pub async fn shutdown_and_exit(mut self) -> bool {
        let res = self.send_shutdown().await;
        assert_eq!(
            res,
            json!({"jsonrpc": "2.0", "id": res["id"], "result": null})
        );
        self.exit().await
    }

    pub async fn send_shutdown(&mut self) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": "shutdown", "params": null}))
            .await;
        self.wait_for(|m| m["id"] == id).await
    }

    pub async fn exit(mut self) -> bool {
        self.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}))
            .await;
        let server = self.server;
        let ended = timeout(Duration::from_secs(2), server)
            .await
            .expect("server still running 2 s after exit");
        drop(self.writer); // only now: the server had to stop with its input still open
        ended.unwrap()
    }
}

// ------------------------------------------------------------------ position helpers

/// LSP position of byte `offset` in `text`, computed independently of the server: lines end at
/// `\n`, `\r\n`, `\r`; columns in UTF-16 units or bytes.
pub fn lsp_pos(text: &str, offset: usize, utf8: bool) -> Value {
    let (mut line, mut line_start) = (0, 0);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') && i + 1 < offset => {
                i += 1;
                line += 1;
                line_start = i + 1;
            }
            b'\r' | b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let col = if utf8 {
        offset - line_start
    } else {
        text[line_start..offset].encode_utf16().count()
    };
    json!({"line": line, "character": col})
}

pub fn lsp_range(text: &str, needle: &str, utf8: bool) -> Value {
    let at = text.find(needle).unwrap();
    json!({"start": lsp_pos(text, at, utf8), "end": lsp_pos(text, at + needle.len(), utf8)})
}

/// Apply LSP text edits (ranges in the given unit) to `text`.
pub fn apply(text: &str, edits: &[Value], utf8: bool) -> String {
    let to_offset = |p: &Value| -> usize {
        (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .find(|&o| lsp_pos(text, o, utf8) == *p)
            .unwrap()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                to_offset(&e["range"]["start"]),
                to_offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (s, e, new) in spans {
        out.replace_range(s..e, &new);
    }
    out
}

pub fn td(uri: &str) -> Value {
    json!({"uri": uri})
}

pub fn empty_range_at(p: &Value) -> Value {
    json!({"start": p, "end": p})
}
