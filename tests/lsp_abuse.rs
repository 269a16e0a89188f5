//! The language server under abuse, in process with the real engine: requests before
//! `initialize`, changes to documents that are not open, stale versions, positions past the
//! end, 10,000 rapid incremental edits of one document and 1,000 documents opened, changed and
//! closed. The server answers with errors or ignores, never stops, and what it publishes last
//! for each document is exactly a full analysis of the text the client holds.
//! (Malformed frames, unknown methods and the rest: tests/lsp_protocol.rs. Memory after closing
//! everything, on the real binary: scripts/lsp-rss.py.)

mod common;

use common::*;
use nianbao::lsp::Engine;
use nianbao::Severity;
use serde_json::{json, Value};

fn seed(name: &str) -> String {
    let path = format!("{}/tests/corpus/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A seed cut to its title and tables 三 and 四 (a third of the text: the tests analyse it
/// thousands of times in a debug build).
fn tables_of(name: &str) -> String {
    let text = seed(name);
    let title = &text[..text.find('\n').unwrap() + 1];
    let start = text.find("三、收到和处理政府信息公开申请情况").unwrap();
    let end = text.find("五、").unwrap_or(text.len());
    format!("{title}{}", &text[start..end])
}

/// What a full analysis of `text` should publish: (code, severity, start, end) in UTF-16.
fn expected(text: &str) -> Vec<(String, i64, Value, Value)> {
    let mut out: Vec<_> = nianbao::analyse(text)
        .findings
        .iter()
        .map(|f| {
            let sev = match f.severity {
                Severity::Error => 1,
                Severity::Warning => 2,
                Severity::Information => 3,
                Severity::Hint => 4,
            };
            (
                f.code.to_string(),
                sev,
                lsp_pos(text, f.span.start, false),
                lsp_pos(text, f.span.end, false),
            )
        })
        .collect();
    out.sort_by_key(|x| format!("{x:?}"));
    out
}

fn published(diags: &[Value]) -> Vec<(String, i64, Value, Value)> {
    let mut out: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_i64().unwrap(),
                d["range"]["start"].clone(),
                d["range"]["end"].clone(),
            )
        })
        .collect();
    out.sort_by_key(|x| format!("{x:?}"));
    out
}

/// A small deterministic generator (no dependency, same edits every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_before_initialize_are_refused_and_initialize_still_works() {
    let mut c = Client::spawn(Engine::default());
    let early = c
        .request(
            "textDocument/hover",
            json!({"textDocument": td(URI), "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(
        early["error"]["code"], -32002,
        "server not initialized: {early}"
    );
    let early = c.request("nianbao/noSuchMethod", json!({})).await;
    assert!(early.get("error").is_some(), "{early}");
    // notifications before initialize are dropped, not remembered
    c.open(URI, REPORT).await;
    c.change(URI, 2, json!([{"text": "x"}])).await;
    let res = c
        .request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        )
        .await;
    assert!(res["result"]["capabilities"].is_object(), "{res}");
    c.notify("initialized", json!({})).await;
    let hover = c.hover(URI, json!({"line": 0, "character": 0})).await;
    assert!(hover.is_null(), "the early open was not kept: {hover}");
    c.open(URI, REPORT).await;
    let diags = c.diagnostics(URI, json!(1)).await;
    assert_eq!(published(&diags), expected(REPORT));
    assert!(c.shutdown_and_exit().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_to_documents_never_opened_are_ignored() {
    let mut c = Client::utf16(Engine::default()).await;
    let never = "file:///tmp/nianbao-abuse/never-opened.txt";
    c.change(
        never,
        7,
        json!([{"range": {"start": {"line": 3, "character": 1}, "end": {"line": 9, "character": 0}}, "text": "1"}]),
    )
    .await;
    c.log_containing("not open").await;
    c.notify("textDocument/didClose", json!({"textDocument": td(never)}))
        .await;
    c.log_containing("not open").await;
    c.notify("textDocument/didSave", json!({"textDocument": td(never)}))
        .await;
    let hover = c.hover(never, json!({"line": 0, "character": 0})).await;
    assert!(hover.is_null());
    assert!(c.shutdown_and_exit().await);
}

/// 10,000 incremental edits sent as fast as the pipe takes them: digits changed, separators,
/// line breaks, full-width digits and section numbers inserted, ranges deleted; among them
/// inserts past the end of a line and past the end of the document (clamped), stale versions
/// (ignored) and changes to another, unopened document (ignored). The last publication is the
/// analysis of the client's text, and versions never go back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_rapid_edits_end_in_the_analysis_of_the_final_text() {
    const TOKENS: &[&str] = &[
        "|",
        " ",
        "\t",
        "１",
        "7",
        "12",
        "\n",
        "三、",
        "（七）总计",
        "0",
    ];
    let mut c = Client::utf16(Engine::default()).await;
    // a title line makes the text a report (nianbao::corpus::identify); edits leave it alone
    const TITLE: &str = "长春市二道区人民政府2022年政府信息公开工作年度报告\n";
    let mut text = format!("{TITLE}{}", tables_of("001_7d7228ee9adc21b3.txt"));
    c.open(URI, &text).await;
    let mut rng = Lcg(2024);
    let mut version = 1;
    for i in 0..10_000 {
        let boundaries = |t: &str| -> Vec<usize> { t.char_indices().map(|(p, _)| p).collect() };
        if i % 997 == 0 {
            // a stale version: ignored, the text stays
            c.change(URI, version - 1, json!([{"text": "stale"}])).await;
            c.change(
                "file:///tmp/nianbao-abuse/unopened.txt",
                version + 1,
                json!([{"text": "x"}]),
            )
            .await;
            continue;
        }
        version += 1;
        let (range, new_text, start, end) = if i % 1000 == 500 {
            // past the end of the document: appended
            let far = json!({"line": 1_000_000, "character": 3});
            (
                json!({"start": far, "end": far}),
                "\n附注 3".to_owned(),
                text.len(),
                text.len(),
            )
        } else if i % 1000 == 250 {
            // past the end of a line: at the end of its content
            let line = rng.next(text.matches('\n').count());
            let line_start = text
                .split_inclusive('\n')
                .take(line)
                .map(str::len)
                .sum::<usize>();
            let line_end = line_start
                + text[line_start..]
                    .find('\n')
                    .unwrap_or(text.len() - line_start);
            let far = json!({"line": line, "character": 100_000});
            (
                json!({"start": far, "end": far}),
                " | 5".to_owned(),
                line_end,
                line_end,
            )
        } else {
            let b = boundaries(&text);
            // the title that makes the text a report is left alone (a text that stops being
            // one gets one empty list and nothing more: tests/lsp_protocol.rs)
            let markers: Vec<(usize, usize)> = text
                .match_indices(TITLE)
                .map(|(p, m)| (p, p + m.len()))
                .collect();
            let (start, end, new_text) = loop {
                let (start, end, new_text) = match rng.next(3) {
                    0 => {
                        // a number replaced by another
                        let digits: Vec<usize> = text
                            .match_indices(|c: char| c.is_ascii_digit())
                            .map(|(p, _)| p)
                            .collect();
                        let at = digits[rng.next(digits.len())];
                        (at, at + 1, rng.next(10).to_string())
                    }
                    1 => {
                        let at = b[rng.next(b.len())];
                        (at, at, TOKENS[rng.next(TOKENS.len())].to_owned())
                    }
                    _ => {
                        let k = rng.next(b.len());
                        let end = b.get(k + 1 + rng.next(3)).copied().unwrap_or(text.len());
                        (b[k], end, String::new())
                    }
                };
                if !markers.iter().any(|&(ms, me)| start < me && end > ms) {
                    break (start, end, new_text);
                }
            };
            let range =
                json!({"start": lsp_pos(&text, start, false), "end": lsp_pos(&text, end, false)});
            (range, new_text, start, end)
        };
        text.replace_range(start..end, &new_text);
        c.change(URI, version, json!([{"range": range, "text": new_text}]))
            .await;
    }
    assert!(nianbao::is_annual_report(&text));
    let diags = c.diagnostics(URI, json!(version)).await;
    assert_eq!(published(&diags), expected(&text));
    let versions = c.published_versions(URI);
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "versions went back"
    );
    // one more whole-document change: the server's text really is the client's
    version += 1;
    c.change(URI, version, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ""}]))
        .await;
    assert_eq!(
        published(&c.diagnostics(URI, json!(version)).await),
        expected(&text)
    );
    assert!(c.shutdown_and_exit().await);
}

/// 1,000 documents opened, each changed once, then all closed: each one's diagnostics are the
/// analysis of its text, each close clears them, and the server is still serving after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_documents_opened_changed_and_closed() {
    let mut c = Client::utf16(Engine::default()).await;
    let base = tables_of("004_f1ad9a8ab402356f.txt");
    let uri = |i: usize| format!("file:///tmp/nianbao-abuse/doc-{i:04}.txt");
    let mut texts = Vec::new();
    for i in 0..1000 {
        // every document a little different: one cell of table 三 changed
        let at = base.find("(二)部分公开").unwrap();
        let zero = at + base[at..].find("| 0 |").unwrap() + 2;
        let text = format!("{}{}{}", &base[..zero], i % 10, &base[zero + 1..]);
        c.open(&uri(i), &text).await;
        texts.push(text);
    }
    for (i, text) in texts.iter_mut().enumerate() {
        let at = text.find("(七)总计").unwrap();
        let zero = at + text[at..].find("| 0 |").unwrap() + 2;
        let range =
            json!({"start": lsp_pos(text, zero, false), "end": lsp_pos(text, zero + 1, false)});
        text.replace_range(zero..zero + 1, &(i % 7).to_string());
        c.change(
            &uri(i),
            2,
            json!([{"range": range, "text": (i % 7).to_string()}]),
        )
        .await;
    }
    let mut shown = Vec::new();
    // 70 distinct texts: analyse each once
    let mut cache = std::collections::HashMap::new();
    for (i, text) in texts.iter().enumerate() {
        let diags = c.diagnostics(&uri(i), json!(2)).await;
        let want = cache.entry(text.clone()).or_insert_with(|| expected(text));
        assert_eq!(&published(&diags), want, "{}", uri(i));
        shown.push(!diags.is_empty());
    }
    assert!(
        shown.iter().filter(|&&s| s).count() > 800,
        "most documents have findings"
    );
    for i in 0..1000 {
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": td(&uri(i))}),
        )
        .await;
    }
    // a close clears what was shown (a document shown clean needs no clearing)
    for i in (0..1000).filter(|&i| shown[i]) {
        assert!(c.diagnostics(&uri(i), Value::Null).await.is_empty());
    }
    c.backlog.clear();
    c.all.clear();
    let hover = c.hover(&uri(3), json!({"line": 40, "character": 3})).await;
    assert!(hover.is_null(), "closed documents are forgotten");
    c.open(URI, &texts[0]).await;
    assert_eq!(
        published(&c.diagnostics(URI, json!(1)).await),
        expected(&texts[0])
    );
    assert!(c.shutdown_and_exit().await);
}

static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A slow stand-in engine that records how many analyses run at once.
fn counting_analyse(text: &str) -> nianbao::Analysis {
    use std::sync::atomic::Ordering::SeqCst;
    let now = RUNNING.fetch_add(1, SeqCst) + 1;
    MOST.fetch_max(now, SeqCst);
    std::thread::sleep(std::time::Duration::from_millis(5));
    RUNNING.fetch_sub(1, SeqCst);
    fake_analyse(text)
}

/// 200 documents opened at once are analysed at most one per core at a time (unbounded, they
/// ran on ~140 blocking threads, and every thread left its own regex caches behind).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyses_run_at_most_one_per_core_at_a_time() {
    let engine = Engine {
        analyse: |_, text| counting_analyse(text),
        is_report: nianbao::is_annual_report,
    };
    let mut c = Client::utf16(engine).await;
    let uri = |i: usize| format!("file:///tmp/nianbao-abuse/slow-{i}.txt");
    for i in 0..200 {
        c.open(&uri(i), REPORT).await;
    }
    for i in 0..200 {
        c.diagnostics(&uri(i), json!(1)).await;
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        most >= 1 && most <= cores,
        "{most} analyses at once on {cores} cores"
    );
    assert!(c.shutdown_and_exit().await);
}
