//! "起草下一年度报告" over the protocol, with the real engine: the code action on the title line,
//! then `workspace/executeCommand nianbao.newDraft`, which answers with `workspace/applyEdit`
//! (CreateFile + the draft's text) and `window/showDocument`.

mod common;

use std::path::Path;

use common::*;
use nianbao::lsp::Engine;
use serde_json::{json, Value};
use tower_lsp_server::ls_types::Uri;

fn uri_of(path: &Path) -> String {
    Uri::from_file_path(path).unwrap().as_str().to_owned()
}

fn clean() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean.txt"))
        .unwrap()
}

/// The draft action among `actions`, if any.
fn draft_action(actions: &Value) -> Option<Value> {
    actions
        .as_array()?
        .iter()
        .find(|a| a["kind"] == "refactor.nianbao.newDraft")
        .cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_title_offers_next_years_draft_and_the_command_creates_and_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let (source, target) = (dir.path().join("2023.txt"), dir.path().join("2024.txt"));
    let (uri, draft_uri) = (uri_of(&source), uri_of(&target));
    let (mut c, init) = Client::start(Engine::default(), json!({})).await;
    let caps = &init["capabilities"];
    assert!(caps["executeCommandProvider"]["commands"]
        .as_array()
        .unwrap()
        .contains(&json!("nianbao.newDraft")));
    assert!(caps["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .unwrap()
        .contains(&json!("refactor.nianbao.newDraft")));
    let text = clean();
    c.open(&uri, &text).await;

    // on the title line: offered, as a command; in the body, or under `quickfix`: not
    let actions = c
        .code_actions(&uri, &json!({"line": 0, "character": 4}), &[])
        .await;
    let action = draft_action(&actions).expect("offered on the title");
    assert_eq!(action["title"], "起草下一年度报告（2024）");
    assert_eq!(action["command"]["command"], "nianbao.newDraft");
    assert_eq!(action["command"]["arguments"], json!([uri]));
    assert!(
        action.get("edit").is_none(),
        "made when chosen, not offered"
    );
    let body = json!({"line": 4, "character": 2});
    assert!(draft_action(&c.code_actions(&uri, &body, &[]).await).is_none());
    let title = json!({"line": 0, "character": 4});
    assert!(draft_action(&c.code_actions(&uri, &title, &["quickfix"]).await).is_none());
    assert!(draft_action(&c.code_actions(&uri, &title, &["refactor"]).await).is_some());

    run_it(&mut c, &action, &text, &draft_uri).await;
    // the client applied the edit: the server wrote nothing itself
    assert!(!target.exists());
    assert!(c.shutdown_and_exit().await);
}

/// The command: create the file, fill it with the draft, open it.
async fn run_it(c: &mut Client, action: &Value, text: &str, draft_uri: &str) {
    let answer = c
        .result("workspace/executeCommand", action["command"].clone())
        .await;
    assert_eq!(
        answer,
        json!({"uri": draft_uri, "applied": true, "shown": true})
    );
    let request = c.wait_for(|m| m["method"] == "workspace/applyEdit").await;
    let changes = &request["params"]["edit"]["documentChanges"];
    assert_eq!(changes[0]["kind"], "create");
    assert_eq!(changes[0]["uri"], draft_uri);
    assert_eq!(changes[0]["options"]["overwrite"], false);
    assert_eq!(changes[1]["textDocument"]["uri"], draft_uri);
    let edits = changes[1]["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0]["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}),
        "the whole of the new, empty document"
    );
    let draft = edits[0]["newText"].as_str().unwrap();
    assert_eq!(draft, nianbao::draft::next_year(text).unwrap().text);
    assert!(draft.starts_with("青禾县云岭镇人民政府2024年"));
    let show = c.wait_for(|m| m["method"] == "window/showDocument").await;
    assert_eq!(show["params"]["uri"], draft_uri);
    assert_eq!(show["params"]["takeFocus"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_draft_is_never_replaced_and_a_closed_report_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let (source, target) = (dir.path().join("2023.txt"), dir.path().join("2024.txt"));
    std::fs::write(&source, clean()).unwrap();
    std::fs::write(&target, "mine").unwrap();
    let mut c = Client::utf16(Engine::default()).await;
    let run = json!({"command": "nianbao.newDraft", "arguments": [uri_of(&source)]});

    // not open: the server reads no file for it
    let answer = c.result("workspace/executeCommand", run.clone()).await;
    assert!(
        answer["error"].as_str().unwrap().contains("not open"),
        "{answer}"
    );
    c.wait_for(|m| m["method"] == "window/showMessage").await;

    // open, but 2024.txt exists: refused, with a message, the file left as it was
    c.open(&uri_of(&source), &clean()).await;
    let answer = c.result("workspace/executeCommand", run).await;
    assert!(
        answer["error"].as_str().unwrap().contains("already exists"),
        "{answer}"
    );
    let shown = c.wait_for(|m| m["method"] == "window/showMessage").await;
    assert_eq!(shown["params"]["type"], 1);
    assert!(shown["params"]["message"]
        .as_str()
        .unwrap()
        .contains("未能起草"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
    assert!(!c.all.iter().any(|m| m["method"] == "workspace/applyEdit"));

    // no argument: invalid params
    let bad = json!({"command": "nianbao.newDraft", "arguments": []});
    let res = c.request("workspace/executeCommand", bad).await;
    assert_eq!(res["error"]["code"], -32602, "{res}");
    assert!(c.shutdown_and_exit().await);
}
