//! An HTML page in the editor (issue 14): the server reads it as a document, and its
//! diagnostics, hovers and quick fixes are on the number in the page, not in a plain view.

mod common;
mod relayout;
mod support;

use common::*;
use nianbao::lsp::Engine;
use nianbao::template::TableKind;
use relayout::{doc_of, print, CellAt, Layout, Zeros};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/nianbao-test/report.html";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_total_in_a_page_is_reported_hovered_and_fixed_on_its_digits() {
    let seed = support::read(&support::corpus("seeds/004_f1ad9a8ab402356f.txt"));
    let mut doc = doc_of(&nianbao::analyse(&seed).report).unwrap();
    // （七）总计's 总计 one too high
    let t = doc.tables.iter().find(|t| t.kind == TableKind::S3).unwrap();
    let row = t
        .rows
        .iter()
        .find(|r| r.label.contains("总计"))
        .unwrap()
        .row;
    let at = CellAt {
        table: TableKind::S3,
        row,
        col: 6,
    };
    let wrong = (doc.value(at).parse::<i64>().unwrap() + 1).to_string();
    doc.set(at, wrong.clone());
    let page = print(&doc, Layout::HtmlOneLine, Zeros::Printed, 3, Some(at));
    let (s, e) = page.marked.unwrap();
    let text = page.text;

    let mut c = Client::utf8(Engine::default()).await;
    c.open(URI, &text).await;
    let diags = c.diagnostics(URI, json!(1)).await;
    let range = json!({"start": lsp_pos(&text, s, true), "end": lsp_pos(&text, e, true)});
    let d = diags
        .iter()
        .find(|d| d["range"] == range && d["severity"] == 1)
        .unwrap_or_else(|| panic!("no error on {wrong:?} at {range}: {diags:#?}"));
    assert!(d["code"].as_str().unwrap().starts_with("NB1"), "{d}");

    let hover = c.hover(URI, lsp_pos(&text, s, true)).await;
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("总计"), "{hover}");

    let actions = c
        .code_actions(URI, &lsp_pos(&text, s, true), &["quickfix"])
        .await;
    let edits: Vec<Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| {
            a["edit"]["changes"][URI]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    assert!(!edits.is_empty(), "{actions:#?}");
    let fixed = apply(&text, &edits[..1], true);
    // only the digits of the cell changed: the markup around them is the page's own
    assert_eq!(fixed[..s], text[..s]);
    assert_eq!(fixed[fixed.len() - (text.len() - e)..], text[e..]);
    assert!(nianbao::analyse(&fixed)
        .findings
        .iter()
        .all(|f| !f.is_relation()));
    assert!(c.shutdown_and_exit().await);
}
