//! `nianbao` on PDF files, end to end (issue 15): `check` shows each finding at its page and
//! row (JSON: the glyph box too), folders pick PDFs up, a PDF is never written to, bad PDFs are
//! one line each, and a published PDF is last year's report for this year's Word draft.

mod relayout;
mod support;
mod wordfile;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use relayout::{doc_of, word_document, Zeros};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn pdf_corpus(name: &str) -> PathBuf {
    support::corpus("pdf").join(name)
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_finding_is_shown_at_its_page_and_row_in_every_format() {
    let path = pdf_corpus("hongze_2024.pdf");
    let path = path.to_str().unwrap();
    let human = run(&["check", path]);
    assert_eq!(human.status.code(), Some(1), "{}", stderr(&human));
    // NB501: the prose's 17 against the table's 95 (as in the four text forms)
    assert!(
        stdout(&human).contains("hongze_2024.pdf: 第1页 第24行: warning[NB501]"),
        "{}",
        stdout(&human)
    );
    assert!(stdout(&human).contains("- 第3页 第12行 第10列: 表格中的数值：95"));

    let json = json_lines(&run(&["check", "--format", "json", path]));
    let nb501 = json.iter().find(|v| v["code"] == "NB501").unwrap();
    assert_eq!(nb501["place"]["page"], 1);
    let bbox = nb501["place"]["bbox"].as_array().unwrap();
    assert_eq!(bbox.len(), 4);
    let b: Vec<f64> = bbox.iter().map(|x| x.as_f64().unwrap()).collect();
    assert!(b[0] < b[2] && b[1] < b[3], "a box on the page: {b:?}");
    let cell = &nb501["related"][0]["place"];
    assert_eq!(
        (cell["page"].as_i64(), cell["column"].as_i64()),
        (Some(3), Some(10))
    );
    assert!(cell["row_text"]
        .as_str()
        .unwrap()
        .starts_with("一、本年新收"));
    // nothing offers a fix: a PDF is not written
    assert!(json
        .iter()
        .all(|v| v["fixes"].as_array().unwrap().is_empty()));

    let github = stdout(&run(&["check", "--format", "github", path]));
    assert!(github.contains("title=NB501::第1页 第24行: "), "{github}");
    assert!(
        !github.contains(",line="),
        "no line of the PDF file: {github}"
    );

    let sarif: Value =
        serde_json::from_slice(&run(&["check", "--format", "sarif", path]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "NB501").unwrap();
    assert!(
        r["locations"][0].to_string().contains("第1页"),
        "{}",
        r["locations"][0]
    );
}

#[test]
fn fix_leaves_a_pdf_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("r.pdf");
    std::fs::copy(pdf_corpus("hongze_2024.pdf"), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    for args in [&["fix"][..], &["fix", "--unsafe"]] {
        let out = run(&[args, &[copy.to_str().unwrap()]].concat());
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("r.pdf: a PDF cannot be fixed in place"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn folders_pick_up_pdfs_and_bad_ones_are_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "example_clean.pdf",
        "bad-image-only.pdf",
        "bad-truncated.pdf",
    ] {
        std::fs::copy(pdf_corpus(name), dir.path().join(name)).unwrap();
    }
    let out = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].ends_with("bad-image-only.pdf: no text layer: OCR it first"),
        "{err}"
    );
    assert!(
        lines[1].contains("bad-truncated.pdf: broken PDF: "),
        "{err}"
    );
    assert!(stdout(&out).contains("Checked 1 file"), "{}", stdout(&out));
    let tables = run(&[
        "tables",
        dir.path().join("example_clean.pdf").to_str().unwrap(),
    ]);
    assert_eq!(tables.status.code(), Some(0), "{}", stderr(&tables));
    assert!(stdout(&tables).contains("本年新收"));
}

/// Last year's published PDF and this year's Word draft of the same organ: NB401 on the draft's
/// 二、上年结转, naming the PDF's page and row.
#[test]
fn last_years_pdf_is_compared_with_this_years_word_draft() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(pdf_corpus("example_clean.pdf"), dir.path().join("2023.pdf")).unwrap();
    let clean =
        support::analyse_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean.txt"));
    let mut doc = doc_of(&clean.report).unwrap();
    assert_eq!(doc.year, 2023);
    doc.year = 2024;
    let draft = word_document(&doc, Zeros::Printed, 7, None);
    std::fs::write(dir.path().join("2024.docx"), wordfile::package(&draft.text)).unwrap();
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let json = json_lines(&out);
    let cross: Vec<&Value> = json.iter().filter(|v| v["code"] == "NB401").collect();
    assert!(!cross.is_empty(), "{}\n{}", stdout(&out), stderr(&out));
    for v in &cross {
        assert!(v["path"].as_str().unwrap().ends_with("2024.docx"), "{v}");
        assert!(v["place"]["table"].is_number(), "{v}");
        let there = v["related"].as_array().unwrap().last().unwrap();
        assert!(
            there["path"].as_str().unwrap().ends_with("2023.pdf"),
            "{there}"
        );
        assert!(there["place"]["page"].is_number(), "{there}");
    }
}
