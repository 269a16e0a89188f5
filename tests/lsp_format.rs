//! `textDocument/formatting` and `rangeFormatting` over the in-process harness (tests/common),
//! with the real engine: the edits the server sends, applied as a client applies them (in
//! either position encoding), give `nianbao::format`'s text, i.e. what `nianbao fmt` writes.

mod common;

use common::*;
use nianbao::lsp::Engine;
use serde_json::{json, Value};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn unbalanced_crlf() -> String {
    std::fs::read_to_string(format!("{ROOT}/examples/unbalanced.txt"))
        .unwrap()
        .replace('\n', "\r\n")
}

/// Byte offset of an LSP position in `text` (lines end at `\n`; these texts have no lone `\r`).
fn offset(text: &str, p: &Value, utf8: bool) -> usize {
    let line = p["line"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let col = p["character"].as_u64().unwrap() as usize;
    if utf8 {
        return start + col;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The client's side: apply the server's `TextEdit`s to `text`.
fn apply_edits(text: &str, edits: &Value, utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let r = &e["range"];
            let (s, t) = (
                offset(text, &r["start"], utf8),
                offset(text, &r["end"], utf8),
            );
            (s, t, e["newText"].as_str().unwrap())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (s, e, new) in spans {
        out.replace_range(s..e, new);
    }
    out
}

async fn format(c: &mut Client, uri: &str, range: Option<Value>) -> Value {
    let options = json!({"tabSize": 4, "insertSpaces": true});
    match range {
        None => {
            let params = json!({"textDocument": td(uri), "options": options});
            c.result("textDocument/formatting", params).await
        }
        Some(range) => {
            let params = json!({"textDocument": td(uri), "range": range, "options": options});
            c.result("textDocument/rangeFormatting", params).await
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_formatting_capabilities_are_announced() {
    let (c, res) = Client::start(Engine::default(), json!({})).await;
    assert_eq!(res["capabilities"]["documentFormattingProvider"], true);
    assert_eq!(res["capabilities"]["documentRangeFormattingProvider"], true);
    assert!(c.shutdown_and_exit().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_formatted_is_what_nianbao_fmt_writes_in_both_encodings() {
    let text = unbalanced_crlf();
    for utf8 in [false, true] {
        let mut c = if utf8 {
            Client::utf8(Engine::default()).await
        } else {
            Client::utf16(Engine::default()).await
        };
        c.open(URI, &text).await;
        let edits = format(&mut c, URI, None).await;
        assert!(edits.as_array().unwrap().len() >= 20, "{edits}");
        let tidy = apply_edits(&text, &edits, utf8);
        assert_eq!(tidy, nianbao::format::format(&text), "utf8={utf8}");
        assert_eq!(tidy.matches("\r\n").count(), text.matches("\r\n").count());
        // formatted again: nothing to do
        c.change(URI, 2, json!([{"text": tidy}])).await;
        assert_eq!(format(&mut c, URI, None).await, json!([]));
        assert!(c.shutdown_and_exit().await);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_range_formats_the_table_it_touches_only() {
    let text = unbalanced_crlf();
    let mut c = Client::utf16(Engine::default()).await;
    c.open(URI, &text).await;
    // a cursor in table 二 (line 13: 规章 | 0 | 0 | 0 |)
    let cursor = json!({"line": 12, "character": 1});
    let edits = format(&mut c, URI, Some(json!({"start": cursor, "end": cursor}))).await;
    let lines: Vec<u64> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| (10..24).contains(l)), "{lines:?}");
    let tidy = apply_edits(&text, &edits, false);
    assert!(
        tidy.contains("规章           |    0 | 0 |  0 |\r\n"),
        "{tidy}"
    );
    assert!(tidy.contains("\r\n（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 7 |"));
    assert!(c.shutdown_and_exit().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_that_are_not_reports_get_no_edits() {
    let mut c = Client::utf16(Engine::default()).await;
    let uri = "file:///tmp/nianbao-test/README.md";
    c.open(uri, "| a | 1 |\n|---|---|\n| bb | 22 |\n").await;
    assert_eq!(format(&mut c, uri, None).await, json!([]));
    assert_eq!(
        format(&mut c, "file:///tmp/nianbao-test/never-opened.txt", None).await,
        Value::Null
    );
    assert!(c.shutdown_and_exit().await);
}
