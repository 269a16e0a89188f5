//! The VS Code extension's snippets (`editors/vscode/snippets/`) are the engine's empty tables
//! (`nianbao::authoring::blank`), the ones the language server offers as completion items: this
//! test builds them and compares. `NIANBAO_BLESS=1 cargo test --test vscode_snippets` writes
//! them after the templates change.

use nianbao::authoring::blank::{empty_section, Layout};
use nianbao::lsp::authoring::escape_snippet as escape;
use nianbao::template::TemplateYear;
use serde_json::{json, Map, Value};

const SECTIONS: [(u8, &str, &str); 3] = [
    (2, "二", "二、主动公开政府信息情况：第二十条各项的表格"),
    (3, "三", "三、收到和处理政府信息公开申请情况"),
    (4, "四", "四、政府信息公开行政复议、行政诉讼情况"),
];

/// The snippets file for one layout: one snippet per section and form, prefix
/// `nianbao-s3-2021`.
fn snippets(layout: Layout) -> String {
    let mut all = Map::new();
    for year in [TemplateYear::T2021, TemplateYear::T2019] {
        for (section, numeral, title) in SECTIONS {
            let text = empty_section(section, year, layout).expect("a section with tables");
            let body: Vec<String> = text.lines().map(escape).collect();
            let y = year.year();
            all.insert(
                format!("{numeral}、空表（{y}年格式）"),
                json!({
                    "prefix": [format!("nianbao-s{section}-{y}"), format!("空表{numeral}{y}")],
                    "description": format!("{title}（{y}年格式，官方空表）"),
                    "body": body,
                }),
            );
        }
    }
    serde_json::to_string_pretty(&Value::Object(all)).unwrap() + "\n"
}

#[test]
fn vscode_snippets_are_the_engines_empty_tables() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/editors/vscode/snippets");
    let files = [
        ("tables.code-snippets", Layout::Pipe),
        ("tables-markdown.code-snippets", Layout::Markdown),
    ];
    for (name, layout) in files {
        let path = format!("{dir}/{name}");
        let want = snippets(layout);
        if std::env::var_os("NIANBAO_BLESS").is_some() {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{path} differs from the engine's empty tables: run NIANBAO_BLESS=1 cargo test --test vscode_snippets"
        );
    }
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/editors/vscode/package.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let contributed: Vec<(&str, &str)> = manifest["contributes"]["snippets"]
        .as_array()
        .expect("package.json contributes snippets")
        .iter()
        .map(|s| (s["language"].as_str().unwrap(), s["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        contributed,
        [
            ("plaintext", "./snippets/tables.code-snippets"),
            ("nianbao.report", "./snippets/tables.code-snippets"),
            ("markdown", "./snippets/tables-markdown.code-snippets"),
        ]
    );
}
