//! NB006 and NB007 in the editor: a missing section is a zero-width diagnostic where it belongs,
//! a misplaced one is on its heading with the two headings it belongs between as related
//! information; neither offers a quick fix (moving or writing a section is the author's).

mod common;

use common::*;
use nianbao::lsp::Engine;
use serde_json::{json, Value};

const CLEAN: &str = include_str!("../examples/clean.txt");

/// `CLEAN` with 四 (heading, table) moved before 三, and without 五.
fn rearranged() -> String {
    let at = |h: &str| CLEAN.find(h).unwrap();
    let (three, four) = (at("三、收到和处理"), at("四、政府信息公开行政复议"));
    let (five, six) = (at("五、存在的主要问题"), at("六、其他需要报告"));
    [
        &CLEAN[..three],
        &CLEAN[four..five],
        &CLEAN[three..four],
        &CLEAN[six..],
    ]
    .concat()
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_and_a_misplaced_section_are_diagnostics_without_fixes() {
    let text = rearranged();
    let mut c = Client::utf16(Engine::default()).await;
    c.open(URI, &text).await;
    let d = c.diagnostics(URI, json!(1)).await;

    let nb007 = with_code(&d, "NB007");
    assert_eq!(nb007.len(), 1, "{d:#?}");
    assert_eq!(
        nb007[0]["range"],
        lsp_range(&text, "三、收到和处理政府信息公开申请情况", false)
    );
    assert_eq!(nb007[0]["severity"], 2);
    let related: Vec<&Value> = nb007[0]["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["location"]["range"])
        .collect();
    assert_eq!(
        related,
        [
            &lsp_range(&text, "二、主动公开政府信息情况", false),
            &lsp_range(&text, "四、政府信息公开行政复议、行政诉讼情况", false)
        ]
    );

    let nb006 = with_code(&d, "NB006");
    assert_eq!(nb006.len(), 1, "{d:#?}");
    let six = lsp_pos(&text, text.find("六、其他需要报告").unwrap(), false);
    assert_eq!(nb006[0]["range"], json!({"start": six, "end": six}));

    for at in [&nb007[0]["range"]["start"], &six] {
        let actions = c.code_actions(URI, at, &["quickfix"]).await;
        let mine = actions.as_array().into_iter().flatten().filter(|a| {
            let codes = a["diagnostics"].as_array().into_iter().flatten();
            codes
                .map(|d| &d["code"])
                .any(|c| c == "NB006" || c == "NB007")
        });
        assert_eq!(mine.count(), 0, "{actions:#?}");
    }
    assert!(c.shutdown_and_exit().await);
}
