//! Editor latency over stdio with the real binary: time from a `didChange` to the
//! `publishDiagnostics` of that version, for a one-character edit inside table 三, against the
//! floor — the same harness driving a minimal server that publishes an empty list at once.
//! Also the time from spawning the server to its `initialize` response.
//!
//! `cargo bench --bench lsp_latency` (prints medians and ratios; no criterion: each sample is a
//! round trip through a child process, and what matters is the ratio measured in one run).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ROUNDS: usize = 200;

fn send(w: &mut ChildStdin, msg: &Value) {
    let body = serde_json::to_vec(msg).unwrap();
    write!(w, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
    w.write_all(&body).unwrap();
    w.flush().unwrap();
}

fn recv(r: &mut BufReader<ChildStdout>) -> Value {
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
    serde_json::from_slice(&body).unwrap()
}

/// Read until a message satisfies `pred`; answer server requests with null.
fn until(
    r: &mut BufReader<ChildStdout>,
    w: &mut ChildStdin,
    pred: impl Fn(&Value) -> bool,
) -> Value {
    loop {
        let m = recv(r);
        if m.get("id").is_some() && m.get("method").is_some() {
            send(w, &json!({"jsonrpc": "2.0", "id": m["id"], "result": null}));
        }
        if pred(&m) {
            return m;
        }
    }
}

struct Server {
    child: Child,
    w: ChildStdin,
    r: BufReader<ChildStdout>,
    startup: Duration,
}

fn start(cmd: &mut Command) -> Server {
    let t = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut w = child.stdin.take().unwrap();
    let mut r = BufReader::new(child.stdout.take().unwrap());
    send(
        &mut w,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "capabilities": {}}}),
    );
    until(&mut r, &mut w, |m| m["id"] == 1);
    let startup = t.elapsed();
    send(
        &mut w,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    Server {
        child,
        w,
        r,
        startup,
    }
}

/// Median time from a one-character `didChange` inside table 三 to the diagnostics of that version.
fn latency(s: &mut Server, text: &str) -> Duration {
    let uri = "file:///bench/report.txt";
    send(
        &mut s.w,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    );
    until(&mut s.r, &mut s.w, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1
    });
    // the 自然人 cell of （一）予以公开 in seed 001's layout: line 89 (0-based), "60 |"
    let line = text
        .split('\n')
        .position(|l| l == "60 |")
        .expect("a `60 |` line");
    let mut times = Vec::with_capacity(ROUNDS);
    for k in 0..ROUNDS {
        let version = k as i64 + 2;
        let digit = if k % 2 == 0 { "7" } else { "6" };
        let t = Instant::now();
        send(
            &mut s.w,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 1}}, "text": digit}]}}),
        );
        until(&mut s.r, &mut s.w, |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        times.push(t.elapsed());
    }
    times.sort();
    times[ROUNDS / 2]
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
    send(
        &mut s.w,
        &json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": null}),
    );
    until(&mut s.r, &mut s.w, |m| m["id"] == 99);
    send(
        &mut s.w,
        &json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    );
    let _ = s.child.wait();
}

/// The floor: a server that does nothing but answer `initialize` and publish an empty list for
/// every opened or changed version. Runs when this binary is started with `NB_FLOOR_SERVER=1`.
fn floor_server() {
    let stdin = std::io::stdin();
    let mut r = BufReader::new(stdin.lock());
    let mut out = std::io::stdout().lock();
    loop {
        let mut len = 0;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap() == 0 {
                return;
            }
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
        let m: Value = serde_json::from_slice(&body).unwrap();
        let reply = match m["method"].as_str() {
            Some("initialize") => Some(
                json!({"jsonrpc": "2.0", "id": m["id"], "result": {"capabilities": {"textDocumentSync": 2}}}),
            ),
            Some("shutdown") => Some(json!({"jsonrpc": "2.0", "id": m["id"], "result": null})),
            Some("exit") => return,
            Some("textDocument/didOpen") | Some("textDocument/didChange") => Some(
                json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                "params": {"uri": m["params"]["textDocument"]["uri"], "version": m["params"]["textDocument"]["version"], "diagnostics": []}}),
            ),
            _ => None,
        };
        if let Some(reply) = reply {
            let body = serde_json::to_vec(&reply).unwrap();
            write!(out, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
            out.write_all(&body).unwrap();
            out.flush().unwrap();
        }
    }
}

fn main() {
    if std::env::var_os("NB_FLOOR_SERVER").is_some() {
        return floor_server();
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
    while big.len() < 5_000_000 {
        for o in &others {
            big.push('\n');
            big.push_str(o);
        }
    }
    let nianbao = env!("CARGO_BIN_EXE_nianbao");
    let me = std::env::current_exe().unwrap();
    println!("LSP latency: median of {ROUNDS} one-character edits inside table 三, didChange → publishDiagnostics");
    for (name, text) in [
        ("typical (seed 001, 11 KB)", &typical),
        ("5 MB (seed 001 + the real corpus repeated)", &big),
    ] {
        let mut floor = start(Command::new(&me).env("NB_FLOOR_SERVER", "1"));
        let f = latency(&mut floor, text);
        stop(floor);
        let mut srv = start(Command::new(nianbao).arg("lsp"));
        let n = latency(&mut srv, text);
        stop(srv);
        println!(
            "  {name:<44} floor {:>9.1?}  nianbao {:>9.1?}  ratio {:.2}  above floor {:>9.1?}",
            f,
            n,
            n.as_secs_f64() / f.as_secs_f64(),
            n.saturating_sub(f)
        );
    }
    // memory: RSS of the server with 200 copies of the typical report open, per byte of text
    let mut srv = start(Command::new(nianbao).arg("lsp"));
    let before = rss_kib(srv.child.id());
    let copies = 200;
    for i in 0..copies {
        let uri = format!("file:///bench/copy{i}.txt");
        send(
            &mut srv.w,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": typical}}}),
        );
        until(&mut srv.r, &mut srv.w, |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        });
    }
    let after = rss_kib(srv.child.id());
    for i in 0..copies {
        let uri = format!("file:///bench/copy{i}.txt");
        send(
            &mut srv.w,
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
    let mut startups = Vec::new();
    for _ in 0..21 {
        let s = start(Command::new(nianbao).arg("lsp"));
        startups.push(s.startup);
        stop(s);
    }
    startups.sort();
    println!(
        "  startup to initialize response (median of 21): {:.1?}",
        startups[10]
    );
}
