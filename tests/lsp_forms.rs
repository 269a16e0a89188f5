//! The server's workspace index reads last year's report in whatever form it is in — the
//! published PDF, the Word file — as `nianbao check` does (`nianbao::corpus::load`), and an
//! open report's carry-over is compared with it.

mod common;

use common::*;
use nianbao::lsp::Engine;
use serde_json::{json, Value};
use tower_lsp_server::ls_types::Uri;

const HONGZE_2024_TXT: &str = include_str!("corpus/real/006_hongze_2024.txt");

/// 洪泽's 2025 report made from its 2024 text: title moved on a year, and 二、上年结转 saying 1
/// request from a 自然人 where the 2024 PDF's 四、结转下年度继续办理 says 0.
fn hongze_2025() -> String {
    let text = HONGZE_2024_TXT.replacen("2024 年政府", "2025 年政府", 1);
    let line = text
        .lines()
        .find(|l| l.starts_with("二、上年结转"))
        .expect("二 in real 006");
    let moved = line.replacen(
        "  0    0         0     0   0   0     0",
        "  1    0         0     0   0   0     1",
        1,
    );
    assert_ne!(line, moved, "the row's numbers as real 006 prints them");
    text.replacen(line, &moved, 1)
}

async fn open_in_workspace(dir: &std::path::Path, name: &str, text: &str) -> Client {
    let mut c = Client::in_workspace(Engine::default(), dir).await;
    let uri = Uri::from_file_path(dir.join(name)).unwrap();
    c.open(uri.as_str(), text).await;
    c
}

async fn nb401(c: &mut Client) -> Vec<Value> {
    let diags = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["code"] == "NB401"))
        })
        .await;
    diags["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "NB401")
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_years_pdf_in_the_workspace_is_read_for_the_carry_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/corpus/pdf/hongze_2024.pdf"
        ),
        dir.path().join("2024.pdf"),
    )
    .unwrap();
    let mut c = open_in_workspace(dir.path(), "2025.txt", &hongze_2025()).await;
    let found = nb401(&mut c).await;
    assert_eq!(found.len(), 2, "自然人 and 总计: {found:#?}");
    let related = found[0]["relatedInformation"].as_array().unwrap();
    let there = related.last().unwrap();
    assert!(
        there["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("2024.pdf"),
        "{there}"
    );
    // a PDF has no lines an editor shows: the location is the file's start
    assert_eq!(
        there["location"]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert!(
        there["message"].as_str().unwrap().contains("2024年度报告"),
        "{there}"
    );
    assert!(c.shutdown_and_exit().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_pdf_or_word_file_in_the_workspace_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.pdf"), b"%PDF-1.7\nnot really").unwrap();
    std::fs::write(dir.path().join("old.docx"), b"PK\x03\x04 broken").unwrap();
    std::fs::write(dir.path().join("2024.txt"), HONGZE_2024_TXT).unwrap();
    let mut c = open_in_workspace(dir.path(), "2025.txt", &hongze_2025()).await;
    let found = nb401(&mut c).await;
    let there = found[0]["relatedInformation"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert!(
        there["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("2024.txt"),
        "{there}"
    );
    assert!(c.shutdown_and_exit().await);
}
