//! Authoring over the protocol, with the real engine: completion of totals and of the empty
//! tables, the code lens above each table and its `nianbao.fixTable` command
//! (`src/lsp/authoring.rs`, `src/authoring/`).

mod common;

use common::*;
use nianbao::lsp::Engine;
use serde_json::{json, Value};

fn example(name: &str) -> String {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn client(utf8: bool) -> (Client, Value) {
    let caps = if utf8 {
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
    } else {
        json!({})
    };
    Client::start(Engine::default(), caps).await
}

async fn complete(c: &mut Client, position: Value) -> Value {
    let params = json!({"textDocument": td(URI), "position": position});
    c.result("textDocument/completion", params).await
}

async fn lenses(c: &mut Client) -> Vec<(i64, String, String)> {
    let params = json!({"textDocument": td(URI)});
    let res = c.result("textDocument/codeLens", params).await;
    res.as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["range"]["start"]["line"].as_i64().unwrap(),
                l["command"]["title"].as_str().unwrap().to_owned(),
                l["command"]["command"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capabilities_announce_completion_lenses_and_the_command() {
    let (c, init) = client(false).await;
    let caps = &init["capabilities"];
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!([" ", "\t"])
    );
    assert_eq!(caps["codeLensProvider"]["resolveProvider"], false);
    let commands = caps["executeCommandProvider"]["commands"]
        .as_array()
        .unwrap();
    assert!(
        commands.contains(&json!("nianbao.fixTable")),
        "{commands:?}"
    );
    assert!(c.shutdown_and_exit().await);
}

/// examples/unbalanced.txt, line 41: the 总计 13 of （四）1 — the sum 12 first, replacing it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_at_a_wrong_total_offers_the_sum_first() {
    let text = example("unbalanced.txt");
    for utf8 in [false, true] {
        let (mut c, _) = client(utf8).await;
        c.open(URI, &text).await;
        let thirteen = text.find("| 1 | 13 |").unwrap() + 6;
        let list = complete(&mut c, lsp_pos(&text, thirteen + 2, utf8)).await;
        assert_eq!(list["isIncomplete"], true, "{list}");
        let first = &list["items"][0];
        assert_eq!(first["label"], "12", "{list}");
        assert_eq!(first["detail"], "9 + 2 + 0 + 0 + 0 + 1 = 12");
        assert_eq!(first["kind"], 12, "Value");
        assert_eq!(first["preselect"], true);
        let doc = first["documentation"]["value"].as_str().unwrap();
        assert!(
            doc.contains("（NB101）") && doc.contains("（NB102）"),
            "{doc}"
        );
        let edit = &first["textEdit"];
        let range = json!({"start": lsp_pos(&text, thirteen, utf8), "end": lsp_pos(&text, thirteen + 2, utf8)});
        assert_eq!(edit["range"], range);
        let fixed = apply(&text, std::slice::from_ref(edit), utf8);
        assert_eq!(fixed, text.replacen("| 1 | 13 |", "| 1 | 12 |", 1));
        // the prose gets nothing; an empty list, not an error
        let prose = complete(&mut c, lsp_pos(&text, text.find("扎实").unwrap(), utf8)).await;
        assert_eq!(prose["items"], json!([]));
        assert!(c.shutdown_and_exit().await);
    }
}

/// A row typed up to its last `|`: the 总计 is inserted at the cursor.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_after_the_last_pipe_inserts_the_total() {
    let row = "（七）总计 | 49 | 4 | 0 | 1 | 2 | 1 | ";
    let text = example("clean.txt").replace(&format!("{row}57 | ||"), row);
    let (mut c, _) = client(false).await;
    c.open(URI, &text).await;
    let end = text.find(row).unwrap() + row.len();
    let list = complete(&mut c, lsp_pos(&text, end, false)).await;
    let first = &list["items"][0];
    assert_eq!(first["label"], "57", "{list}");
    assert_eq!(
        first["textEdit"]["range"],
        empty_range_at(&lsp_pos(&text, end, false))
    );
    assert!(c.shutdown_and_exit().await);
}

/// 三 of the example has a safe fix, 四 only suggested ones: the lens of 三 runs
/// `nianbao.fixTable`, which sends the fix with `workspace/applyEdit`; once applied, 三 balances.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_lens_fixes_the_table_through_apply_edit() {
    let text = example("unbalanced.txt");
    let (mut c, _) = client(false).await;
    c.open(URI, &text).await;
    let shown = lenses(&mut c).await;
    assert_eq!(
        shown,
        [
            (
                25,
                "2 处不平 — 全部修正".to_owned(),
                "nianbao.fixTable".to_owned()
            ),
            (54, "1 处不平 — 无可确定的修正".to_owned(), String::new()),
        ]
    );
    let params = json!({"command": "nianbao.fixTable", "arguments": [URI, "s3"]});
    let answer = c.result("workspace/executeCommand", params).await;
    assert_eq!(answer, json!({"applied": true}));
    let request = c.wait_for(|m| m["method"] == "workspace/applyEdit").await;
    let edits = request["params"]["edit"]["changes"][URI]
        .as_array()
        .unwrap();
    let fixed = apply(&text, edits, false);
    assert_eq!(fixed, text.replacen("| 1 | 13 |", "| 1 | 12 |", 1));
    c.change(URI, 2, json!([{"text": fixed}])).await;
    let after = lenses(&mut c).await;
    assert_eq!(after[0].1, "平衡 ✓（39 项勾稽关系）");
    // nothing left to fix: no edit is sent
    let params = json!({"command": "nianbao.fixTable", "arguments": [URI, "s3"]});
    let answer = c.result("workspace/executeCommand", params).await;
    assert_eq!(answer, json!({"applied": false}));
    let bad = json!({"command": "nianbao.other", "arguments": []});
    let res = c.request("workspace/executeCommand", bad).await;
    assert_eq!(res["error"]["code"], -32602, "{res}");
    assert!(c.shutdown_and_exit().await);
}

/// A blank line under 三's heading of a draft without the table: the 2021 form's empty table as
/// a snippet, which reads back as the template.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_on_a_blank_line_offers_the_empty_table() {
    let draft = "某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n……\n\
                 三、收到和处理政府信息公开申请情况\n\n四、政府信息公开行政复议、行政诉讼情况\n";
    let (mut c, _) = client(true).await;
    c.open(URI, draft).await;
    let blank = draft.find("情况\n\n").unwrap() + "情况\n".len();
    let list = complete(&mut c, lsp_pos(draft, blank, true)).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(
        items[0]["label"],
        "三、收到和处理政府信息公开申请情况（2021年格式空表）"
    );
    assert_eq!(items[0]["kind"], 15, "Snippet");
    let filled = apply(draft, &[items[0]["textEdit"].clone()], true);
    let a = nianbao::analyse(&filled);
    let three = a
        .report
        .table(nianbao::template::TableKind::S3)
        .expect("table 三");
    assert!(three.rows.iter().all(|r| r.is_some()), "{filled}");
    assert!(c.shutdown_and_exit().await);
}
