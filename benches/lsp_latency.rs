//! Editor latency over stdio with the real binary: time from a `didChange` to the
//! `publishDiagnostics` of that version, for a one-character edit inside table 三, against the
//! floor — a null tower-lsp-server (same crate, same runtime setup and allocator as
//! `nianbao lsp`) that publishes an empty list for every opened or changed version. Both are
//! child processes driven over stdio pipes by this process, the client, which parses every
//! message it reads as an editor does.
//!
//! Scenarios: seed 001 (11 KB), a 5 MB document (seed 001 + the real corpus repeated), a 5 MB
//! single report (the same text inside seed 001's section 六), and the 5 MB document again while the server indexes a workspace folder of ~3,000 reports (copies
//! of the real corpus under varied organ names). Then memory with 200 open copies and the time
//! from spawning the server to its `initialize` response.
//!
//! `cargo bench --bench lsp_latency` (prints medians and ratios; no criterion: each sample is a
//! round trip through a child process, and what matters is the ratio measured in one run).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The same allocator and settings as the `nianbao` binary (src/main.rs): the null server
/// runs in this binary and must pay what the real one pays for memory.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8; 60] = nianbao::lsp::memory::JEMALLOC_CONF;

const ROUNDS: usize = 200;

/// Files in the indexing scenario's workspace folder.
const WORKSPACE_FILES: usize = 3_000;

/// The null server: tower-lsp-server with nothing behind it.
mod null {
    use tower_lsp_server::jsonrpc::Result;
    use tower_lsp_server::ls_types::*;
    use tower_lsp_server::{Client, LanguageServer, LspService, Server};

    struct Null {
        client: Client,
    }

    impl LanguageServer for Null {
        async fn initialize(&self, _: InitializeParams) -> Result<InitializeResult> {
            let sync = TextDocumentSyncCapability::Kind(TextDocumentSyncKind::INCREMENTAL);
            Ok(InitializeResult {
                capabilities: ServerCapabilities {
                    text_document_sync: Some(sync),
                    ..Default::default()
                },
                ..Default::default()
            })
        }

        async fn shutdown(&self) -> Result<()> {
            Ok(())
        }

        async fn did_open(&self, params: DidOpenTextDocumentParams) {
            let doc = params.text_document;
            let version = Some(doc.version);
            self.client
                .publish_diagnostics(doc.uri, Vec::new(), version)
                .await;
        }

        async fn did_change(&self, params: DidChangeTextDocumentParams) {
            let doc = params.text_document;
            let version = Some(doc.version);
            self.client
                .publish_diagnostics(doc.uri, Vec::new(), version)
                .await;
        }
    }

    /// Serve on stdio as `nianbao::lsp::run_stdio` does: the same runtime, its thread hooks
    /// and jemalloc controls.
    pub fn serve() {
        nianbao::lsp::memory::no_thread_cache();
        nianbao::lsp::memory::purge_in_background();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .on_thread_park(nianbao::lsp::memory::flush_thread_cache)
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let (service, socket) = LspService::new(|client| Null { client });
            Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
                .serve(service)
                .await;
        });
        runtime.shutdown_background();
    }
}

fn send(w: &mut ChildStdin, msg: &Value) {
    let body = serde_json::to_vec(msg).unwrap();
    write!(w, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
    w.write_all(&body).unwrap();
    w.flush().unwrap();
}

/// One message and the length of its body.
fn recv(r: &mut BufReader<ChildStdout>) -> (Value, usize) {
    let mut len = 0;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).unwrap();
    (serde_json::from_slice(&body).unwrap(), len)
}

struct Server {
    child: Child,
    w: ChildStdin,
    r: BufReader<ChildStdout>,
    startup: Duration,
    /// The server said its workspace index is complete (`window/logMessage`).
    indexed: bool,
    /// Body length of the last message read.
    last_len: usize,
}

impl Server {
    fn send(&mut self, msg: &Value) {
        send(&mut self.w, msg);
    }

    /// Read until a message satisfies `pred`; answer server requests with null and note the
    /// end of workspace indexing.
    fn until(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let (m, len) = recv(&mut self.r);
            self.last_len = len;
            if m.get("id").is_some() && m.get("method").is_some() {
                self.send(&json!({"jsonrpc": "2.0", "id": m["id"], "result": null}));
            }
            let log = m["params"]["message"].as_str().unwrap_or_default();
            if m["method"] == "window/logMessage" && log.contains("reports indexed") {
                self.indexed = true;
            }
            if pred(&m) {
                return m;
            }
        }
    }

    fn diagnostics_of(&mut self, version: i64) -> Value {
        self.until(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        })
    }
}

/// Start a server and complete `initialize`, with `root` as its workspace folder if given.
fn start(cmd: &mut Command, root: Option<&Path>) -> Server {
    let t = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        // a panic of the server shows instead of a silent wait for its answer
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let w = child.stdin.take().unwrap();
    let r = BufReader::new(child.stdout.take().unwrap());
    let mut s = Server {
        child,
        w,
        r,
        startup: Duration::ZERO,
        indexed: false,
        last_len: 0,
    };
    let mut params = json!({"processId": null, "capabilities": {}});
    if let Some(root) = root {
        let uri = format!("file://{}", root.display());
        params["rootUri"] = json!(uri);
        params["workspaceFolders"] = json!([{"uri": uri, "name": "ws"}]);
    }
    s.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params}));
    s.until(|m| m["id"] == 1);
    s.startup = t.elapsed();
    s.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    s
}

/// One sample: a round trip, and whether the workspace was still being indexed at its end.
#[derive(Clone, Copy)]
struct Sample {
    time: Duration,
    indexing: bool,
}

/// `ROUNDS` one-character `didChange`s inside table 三, each timed to the diagnostics of that
/// version; also the body length of the last publication.
fn edits(s: &mut Server, text: &str, uri: &str) -> (Vec<Sample>, usize) {
    s.send(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    );
    s.diagnostics_of(1);
    // the 自然人 cell of （一）予以公开 in seed 001's layout: line 89 (0-based), "60 |"
    let line = text
        .split('\n')
        .position(|l| l == "60 |")
        .expect("a `60 |` line");
    let mut samples = Vec::with_capacity(ROUNDS);
    for k in 0..ROUNDS {
        let version = k as i64 + 2;
        let digit = if k % 2 == 0 { "7" } else { "6" };
        let t = Instant::now();
        s.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 1}}, "text": digit}]}}),
        );
        s.diagnostics_of(version);
        let time = t.elapsed();
        samples.push(Sample {
            time,
            indexing: !s.indexed,
        });
    }
    (samples, s.last_len)
}

/// Median and maximum.
fn stats(times: &mut [Duration]) -> (Duration, Duration) {
    if times.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    times.sort();
    (times[times.len() / 2], times[times.len() - 1])
}

/// Resident set size of a process, from /proc (Linux).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn stop(mut s: Server) {
    s.send(&json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": null}));
    s.until(|m| m["id"] == 99);
    s.send(&json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let _ = s.child.wait();
}

/// Two-character place names, distinct for every `i` below 1,024.
fn place(i: usize) -> String {
    const A: [char; 32] = [
        '东', '西', '南', '北', '中', '上', '下', '新', '长', '平', '安', '宁', '永', '嘉', '丰',
        '兴', '清', '河', '山', '江', '海', '阳', '泉', '林', '华', '金', '石', '云', '龙', '凤',
        '和', '顺',
    ];
    format!("{}{}", A[i % 32], A[(i / 32) % 32])
}

/// A workspace folder of [`WORKSPACE_FILES`] reports: the real corpus's reports, each copied
/// under many organs (the city's name replaced), one folder per organ.
fn workspace(corpus: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut reports: Vec<(String, String)> = std::fs::read_dir(corpus.join("real"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") && !n.starts_with("013"))
        .map(|n| {
            (
                std::fs::read_to_string(corpus.join("real").join(&n)).unwrap(),
                n,
            )
        })
        .collect();
    reports.sort_by(|a, b| a.1.cmp(&b.1));
    let mut written = 0;
    for organ in 0.. {
        let folder = dir.path().join(format!("organ{organ:04}"));
        std::fs::create_dir(&folder).unwrap();
        for (text, name) in &reports {
            let city = ["平潭", "洪泽", "淮安"]
                .into_iter()
                .find(|c| text.contains(c))
                .unwrap_or("平潭");
            let text = text.replace(city, &place(organ));
            std::fs::write(folder.join(name), text).unwrap();
            written += 1;
            if written == WORKSPACE_FILES {
                return dir;
            }
        }
    }
    unreachable!()
}

/// One line of figures: floor and server medians, ratio and difference.
fn report(name: &str, floor: &mut [Duration], server: &mut [Duration], payload: usize) {
    let ((f, _), (n, max)) = (stats(floor), stats(server));
    println!(
        "  {name:<44} floor {f:>9.1?}  nianbao {n:>9.1?} (max {max:>8.1?}, n={})  ratio {:.2}  above floor {:>9.1?}  payload {payload} B",
        server.len(),
        n.as_secs_f64() / f.as_secs_f64(),
        n.saturating_sub(f)
    );
}

fn times(samples: &[Sample], keep: impl Fn(&Sample) -> bool) -> Vec<Duration> {
    samples.iter().filter(|s| keep(s)).map(|s| s.time).collect()
}

/// Floor and server on `text`, each in a fresh process, with `root` as the workspace folder.
fn scenario(name: &str, text: &str, root: Option<&Path>) {
    let me = std::env::current_exe().unwrap();
    let nianbao = server_binary();
    let uri = "file:///bench/report.txt";
    let mut floor = start(Command::new(&me).env("NB_FLOOR_SERVER", "1"), root);
    let (f, _) = edits(&mut floor, text, uri);
    stop(floor);
    let mut srv = start(Command::new(nianbao).arg("lsp"), root);
    let (mut n, payload) = edits(&mut srv, text, uri);
    let mut floor = times(&f, |_| true);
    if root.is_none() {
        report(name, &mut floor, &mut times(&n, |_| true), payload);
    } else {
        let during = &mut times(&n, |s| s.indexing);
        report(&format!("{name}, indexing"), &mut floor, during, payload);
        // then as many edits (of another document) against the complete index
        while !srv.indexed {
            srv.until(|m| m["method"] == "window/logMessage");
        }
        n.extend(edits(&mut srv, text, "file:///bench/again.txt").0);
        let after = &mut times(&n, |s| !s.indexing);
        report(&format!("{name}, indexed"), &mut floor, after, payload);
    }
    stop(srv);
}

/// The server measured: this build's `nianbao`, or the binary `NB_BENCH_SERVER` names (another
/// build, to compare two in one run of the floor).
fn server_binary() -> std::ffi::OsString {
    std::env::var_os("NB_BENCH_SERVER").unwrap_or_else(|| env!("CARGO_BIN_EXE_nianbao").into())
}

/// RSS of the server with 200 copies of the typical report open, per byte of text.
fn memory(typical: &str) {
    let mut srv = start(Command::new(server_binary()).arg("lsp"), None);
    let before = rss_kib(srv.child.id());
    let copies = 200;
    for i in 0..copies {
        let uri = format!("file:///bench/copy{i}.txt");
        srv.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": typical}}}),
        );
        srv.until(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        });
    }
    let after = rss_kib(srv.child.id());
    for i in 0..copies {
        let uri = format!("file:///bench/copy{i}.txt");
        srv.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}}),
        );
    }
    std::thread::sleep(Duration::from_millis(300));
    let closed = rss_kib(srv.child.id());
    stop(srv);
    let per_doc = (after.saturating_sub(before) as f64 * 1024.0) / copies as f64;
    println!(
        "  memory: RSS {before} KiB → {after} KiB with {copies} open copies of a {} B report: {:.0} B per document = {:.1}× its text; {closed} KiB after closing them",
        typical.len(),
        per_doc,
        per_doc / typical.len() as f64
    );
}

fn startup() {
    let mut startups = Vec::new();
    for _ in 0..21 {
        let s = start(Command::new(server_binary()).arg("lsp"), None);
        startups.push(s.startup);
        stop(s);
    }
    let (median, _) = stats(&mut startups);
    println!("  startup to initialize response (median of 21): {median:.1?}");
}

fn main() {
    if std::env::var_os("NB_FLOOR_SERVER").is_some() {
        return null::serve();
    }
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let typical = std::fs::read_to_string(corpus.join("seeds/001_7d7228ee9adc21b3.txt")).unwrap();
    let mut big = typical.clone();
    let others: Vec<String> = std::fs::read_dir(corpus.join("real"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('0'))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    // two 5 MB documents: a file of reports one after another (the checks read the first
    // report only, up to the next one's section 一), and one report whose section 六 holds the
    // same text with its headings undone (`一、` → `一是`), so that all of it is this report's
    // prose
    let mut one = typical.clone();
    while big.len() < 5_000_000 {
        for o in &others {
            big.push('\n');
            big.push_str(o);
            one.push('\n');
            one.push_str(&o.replace('、', "是"));
        }
    }
    println!("LSP latency: {ROUNDS} one-character edits inside table 三, didChange → publishDiagnostics, medians");
    if wanted("typical") {
        scenario("typical (seed 001, 11 KB)", &typical, None);
    }
    if wanted("5mb") {
        scenario("5 MB (seed 001 + the real corpus repeated)", &big, None);
    }
    if wanted("5mb-one") {
        scenario(
            "5 MB, one report (the same text inside seed 001's section 六)",
            &one,
            None,
        );
    }
    if wanted("workspace") {
        let ws = workspace(&corpus);
        let files = format!("{WORKSPACE_FILES} reports in the workspace");
        scenario(&format!("typical, {files}"), &typical, Some(ws.path()));
        scenario(&format!("5 MB, {files}"), &big, Some(ws.path()));
    }
    if wanted("memory") {
        memory(&typical);
    }
    if wanted("startup") {
        startup();
    }
}

/// Whether to run the part `name`: every part, unless arguments name some
/// (`cargo bench --bench lsp_latency -- workspace startup`; parts: typical, 5mb, 5mb-one,
/// workspace, memory, startup).
fn wanted(name: &str) -> bool {
    let named: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    named.is_empty() || named.iter().any(|a| a == name)
}
