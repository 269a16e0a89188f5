//! The server's live heap returns to where it was once every document is closed, and stays
//! bounded while the editor does not read: a counting allocator (this test binary only)
//! measures bytes allocated and not yet freed.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Duration;

use common::*;
use nianbao::lsp::Engine;
use serde_json::json;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - layout.size() as isize, Ordering::Relaxed);
        System.realloc(ptr, layout, new)
    }
}

#[global_allocator]
static A: Counting = Counting;

/// The tests of this binary share the counter: one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// The live heap once it has stopped moving: unchanged over half a second, after the
/// server's clean-up that follows the last close (200 ms after it) had time to run. On a
/// loaded machine that clean-up can come late, and a single reading taken before it counted
/// the document table's capacity as growth.
async fn settled_live() -> isize {
    let mut last = live();
    let mut still = 0;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = live();
        still = if now == last { still + 1 } else { 0 };
        last = now;
        if still >= 5 {
            break;
        }
    }
    last
}

/// Rounds of `n` documents (seed 004, each a little different) opened, changed, analysed and
/// closed; the live heap after each round.
#[allow(clippy::await_holding_lock)]
async fn rounds(engine: Engine, sizes: &[usize]) -> Vec<isize> {
    let text = std::fs::read_to_string(format!(
        "{}/tests/corpus/seeds/004_f1ad9a8ab402356f.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    // Held across awaits on purpose: the tests of this file measure one global heap counter,
    // so they run one after the other (each on its own runtime, no lock taken inside).
    let _one_at_a_time = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut c = Client::utf16(engine).await;
    let uri = |i: usize| format!("file:///tmp/nianbao-mem/doc-{i:04}.txt");
    let mut marks = Vec::new();
    for &n in sizes {
        for i in 0..n {
            c.open(&uri(i), &format!("{text}\n附{i}\n")).await;
        }
        let edit = json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "X"}]);
        for i in 0..n {
            c.change(&uri(i), 2, edit.clone()).await;
        }
        for i in 0..n {
            c.diagnostics(&uri(i), json!(2)).await;
        }
        for i in 0..n {
            c.notify(
                "textDocument/didClose",
                json!({"textDocument": td(&uri(i))}),
            )
            .await;
        }
        c.settle(Duration::from_millis(300)).await;
        c.backlog = Default::default();
        c.all = Default::default();
        marks.push(settled_live().await);
        eprintln!(
            "{n} documents opened and closed: live heap {} bytes",
            live()
        );
    }
    assert!(c.shutdown_and_exit().await);
    marks
}

/// The server's own state: with a stand-in engine (no caches of its own), the live heap after
/// closing every document is where it was after the first round, round after round. (A closed
/// URI's publication record is dropped once nothing holds it, so no round leaves one per URI.)
///
/// The bound is absolute: the in-memory pipes and the framing buffers on both sides keep the
/// largest backlog they saw (up to a few 8 KiB buffers), and a loaded machine makes a later
/// round's backlog the largest. Anything kept per document would instead grow with the 3,000
/// documents of rounds 2–4: 22 bytes per document exceed the bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_heap_returns_after_closing_every_document() {
    let marks = rounds(fake(), &[1000, 1000, 1000, 1000]).await;
    for m in &marks[1..] {
        assert!((*m - marks[0]).abs() <= 64 * 1024, "{marks:?}");
    }
}

/// The same with the real engine: numbers only (the regex crate keeps a lazy-DFA cache per
/// thread that ran a search, so the first rounds grow the heap by a few MB and later ones by
/// little). `cargo test --release --test lsp_memory -- --ignored --nocapture`
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "figures for the report"]
async fn live_heap_with_the_real_engine() {
    let marks = rounds(Engine::default(), &[1, 300, 300, 300, 300, 300]).await;
    eprintln!("{marks:?}");
}

/// An editor that stops reading: the server keeps taking its input and analysing, but the
/// publications wait for the editor (`src/lsp/outbox.rs`) instead of piling up in memory, and
/// every document's diagnostics arrive once it reads again. Seed 001's findings make each
/// publication about 20 KB of JSON and a `serde_json::Value` tree of ~300 KB while queued:
/// with 100 documents and nothing read, the server held 76 KB per document with the outbox
/// and 373 KB without it (the bound is between).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::await_holding_lock)]
async fn a_client_that_stops_reading_holds_up_publications_not_memory() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _one_at_a_time = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let text = std::fs::read_to_string(format!(
        "{}/tests/corpus/seeds/001_7d7228ee9adc21b3.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let (mut client_w, server_r) = tokio::io::duplex(1 << 13);
    let (server_w, mut client_r) = tokio::io::duplex(1 << 13);
    let server = tokio::spawn(nianbao::lsp::serve(server_r, server_w, Engine::default()));
    let frame = |msg: serde_json::Value| {
        let body = serde_json::to_vec(&msg).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend(body);
        frame
    };
    let open = |i: usize| {
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": format!("file:///tmp/nianbao-slow/doc-{i:04}.txt"), "languageId": "plaintext",
            "version": 1, "text": format!("{text}\n附{i}\n")}}})
    };
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": {"processId": null, "rootUri": null, "capabilities": {}}});
    client_w.write_all(&frame(init)).await.unwrap();
    // as an editor does: nothing more until the answer to `initialize`
    let mut answer = Vec::new();
    while !answer.windows(6).any(|w| w == b"\"id\":1") {
        let mut byte = [0u8; 256];
        let got = client_r.read(&mut byte).await.unwrap();
        answer.extend_from_slice(&byte[..got]);
    }
    client_w
        .write_all(&frame(
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ))
        .await
        .unwrap();
    // one document first: the patterns' caches and the analysis threads are not per document
    client_w.write_all(&frame(open(0))).await.unwrap();
    let before = settled_live().await;
    let n = 100;
    for i in 1..=n {
        client_w.write_all(&frame(open(i))).await.unwrap();
    }
    let held = settled_live().await - before;
    let per_document = held / n as isize;
    eprintln!(
        "{n} documents opened, output unread: {held} bytes held, {per_document} per document"
    );

    // reading again: every document's publication arrives
    let mut published = std::collections::HashSet::new();
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while published.len() < n + 1 && tokio::time::Instant::now() < deadline {
        let got = tokio::time::timeout(Duration::from_secs(5), client_r.read(&mut chunk))
            .await
            .unwrap_or_else(|_| {
                let missing: Vec<usize> = (0..=n)
                    .filter(|i| {
                        !published.contains(&format!("file:///tmp/nianbao-slow/doc-{i:04}.txt"))
                    })
                    .collect();
                panic!(
                    "output stopped after {} publications; missing {missing:?}",
                    published.len()
                )
            })
            .unwrap();
        buf.extend_from_slice(&chunk[..got]);
        while let Some(msg) = take_frame(&mut buf) {
            if msg["method"] == "textDocument/publishDiagnostics" {
                published.insert(msg["params"]["uri"].as_str().unwrap().to_owned());
            }
        }
    }
    assert_eq!(
        published.len(),
        n + 1,
        "every document's diagnostics arrive"
    );
    drop(client_w);
    let _ = tokio::time::timeout(Duration::from_secs(5), server).await;
    assert!(
        per_document < 150_000,
        "{per_document} bytes held per document while the editor did not read"
    );
}
