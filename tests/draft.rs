//! Next year's draft (`nianbao::draft`, `nianbao new`) on every report of the corpus and the
//! examples: the year moves on, 二、上年结转 is last year's 四、结转下年度继续办理, the draft passes
//! `nianbao check` with no error or warning, and NB401 finds nothing between the two.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::template::{CellRef, TableKind};
use nianbao::{Analysis, Severity};

/// The corpus's reports (seeds, real), its served pages and the examples.
fn sources() -> Vec<PathBuf> {
    let mut files = support::corpus_files();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [root.join("examples"), support::corpus("web")] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// A row of table 三 by id, per column (`None`: unknown or absent).
fn row(a: &Analysis, id: &str) -> Vec<Option<i64>> {
    let t = a.report.table(TableKind::S3).unwrap();
    let r = t.template.row_index(id);
    (0..7).map(|col| t.int(CellRef { row: r?, col })).collect()
}

/// Is every cell of 三's row `id` in `a` blank?
fn blank(a: &Analysis, id: &str, col: usize) -> bool {
    let t = a.report.table(TableKind::S3).unwrap();
    let r = t.template.row_index(id).unwrap();
    t.cell(CellRef { row: r, col }).is_some_and(|c| c.blank)
}

/// What is wrong with the draft `d` (`text`) of `source` (`name`, on `year`).
fn problems_of(name: &str, text: &str, source: &Analysis, year: u32) -> Vec<String> {
    let d = nianbao::analyse(text);
    let mut problems = Vec::new();
    if d.report.year != Some(year + 1) {
        problems.push(format!("{name}: the draft's year is {:?}", d.report.year));
    }
    for f in d
        .findings
        .iter()
        .filter(|f| f.severity <= Severity::Warning)
    {
        let at = &text[f.span.start..f.span.end.min(f.span.start + 60)];
        problems.push(format!("{name}: {} {} at {at:?}", f.code, f.message));
    }
    if d.report.table(TableKind::S3).is_none() {
        problems.push(format!("{name}: the draft has no table 三"));
        return problems;
    }
    let (was, now) = (row(source, "s3.carry_out"), row(&d, "s3.carry_in"));
    for col in 0..7 {
        match was[col] {
            Some(v) if now[col] != Some(v) => problems.push(format!(
                "{name}: 二、上年结转 column {col} is {:?}, last year's 四 is {v}",
                now[col]
            )),
            None if !blank(&d, "s3.carry_in", col) => {
                problems.push(format!("{name}: column {col} unknown last year, not blank"))
            }
            _ => {}
        }
    }
    let cross = nianbao::crossyear::compare(&d, source);
    if !cross.is_empty() {
        let f = &cross[0].finding;
        problems.push(format!("{name}: {} {:?}", f.code, f.message));
    }
    // every other cell of the draft's tables is blank
    for t in &d.report.tables {
        let carry = t.template.row_index("s3.carry_in");
        for (at, cell) in t.cells() {
            if Some(at.row) != carry && !cell.blank {
                problems.push(format!("{name}: {} not emptied", t.template.cell_id(at)));
            }
        }
    }
    problems
}

#[test]
fn drafts_of_the_corpus_carry_over_and_pass_the_checks() {
    let mut drafted = 0;
    let mut problems = Vec::new();
    for path in sources() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = support::read(&path);
        let source = nianbao::analyse(&text);
        let (Some(year), Some(_)) = (source.report.year, source.report.table(TableKind::S3)) else {
            continue;
        };
        match nianbao::draft::next_year(&text) {
            Ok(draft) => {
                drafted += 1;
                assert_eq!((draft.from, draft.year), (year, year + 1), "{name}");
                problems.extend(problems_of(&name, &draft.text, &source, year));
            }
            Err(e) => problems.push(format!("{name}: no draft: {e}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    eprintln!("{drafted} drafts");
    assert!(drafted >= 24, "{drafted} drafts");
}

/// The draft of a draft moves on another year and marks nothing twice.
#[test]
fn a_draft_of_a_draft() {
    let text = support::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean.txt"));
    let first = nianbao::draft::next_year(&text).unwrap();
    let second = nianbao::draft::next_year(&first.text).unwrap();
    assert_eq!(second.year, 2025);
    assert!(!second.text.contains("【待更新：【待更新："));
    let d = nianbao::analyse(&second.text);
    assert!(d.findings.iter().all(|f| f.severity > Severity::Warning));
    assert_eq!(
        row(&d, "s3.carry_in"),
        vec![Some(0); 7],
        "2024's 四 was blank: 0 carried"
    );
}

// ------------------------------------------------------------------ the command line

fn nianbao(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn new_writes_the_draft_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let clean = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean.txt");
    std::fs::copy(&clean, dir.path().join("2023.txt")).unwrap();
    let (code, _, err) = nianbao(&["new", "--from", "2023.txt"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 2024.txt"), "{err}");
    let draft = std::fs::read_to_string(dir.path().join("2024.txt")).unwrap();
    assert!(draft.starts_with("青禾县云岭镇人民政府2024年政府信息公开工作年度报告"));
    // the draft checks with information only: exit 1, no error, no warning
    let (code, out, _) = nianbao(&["check", "2024.txt"], dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
    assert!(out.contains("information[NB040]"), "{out}");
    // an existing output is refused (exit 2) and left as it was, unless --force
    std::fs::write(dir.path().join("2024.txt"), "mine").unwrap();
    let (code, _, err) = nianbao(&["new", "--from", "2023.txt", "-o", "2024.txt"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("2024.txt")).unwrap(),
        "mine"
    );
    let (code, _, _) = nianbao(
        &["new", "--from", "2023.txt", "-o", "2024.txt", "--force"],
        dir.path(),
    );
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("2024.txt")).unwrap(),
        draft
    );
    // to standard output
    let (code, out, _) = nianbao(&["new", "--from", "2023.txt", "-o", "-"], dir.path());
    assert_eq!((code, out), (0, draft));
}

#[test]
fn new_refuses_a_source_without_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let text = "某县政府信息公开工作年度报告\n一、总体情况\n本年度工作。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n";
    std::fs::write(dir.path().join("r.txt"), text).unwrap();
    let (code, _, err) = nianbao(&["new", "--from", "r.txt", "-o", "out.txt"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("no report year"), "{err}");
    assert!(!dir.path().join("out.txt").exists());
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let (code, _, err) = nianbao(&["new", "--from", "notes.txt"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("not an annual report"), "{err}");
}

#[test]
fn new_keeps_the_sources_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let clean = support::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean.txt"));
    let (gb, _, _) = encoding_rs::GB18030.encode(&clean);
    std::fs::write(dir.path().join("gb.txt"), &gb).unwrap();
    std::fs::write(dir.path().join("bom.txt"), format!("\u{feff}{clean}")).unwrap();
    for (from, to) in [("gb.txt", "gb-2024.txt"), ("bom.txt", "bom-2024.txt")] {
        let (code, _, err) = nianbao(&["new", "--from", from], dir.path());
        assert_eq!(code, 0, "{err}");
        let bytes = std::fs::read(dir.path().join(to)).unwrap();
        let decoded = nianbao::text::decode(&bytes).unwrap();
        let source = nianbao::text::decode(&std::fs::read(dir.path().join(from)).unwrap()).unwrap();
        assert_eq!(decoded.encoding, source.encoding, "{to}");
        assert_eq!(
            decoded.text,
            nianbao::draft::next_year(&clean).unwrap().text
        );
    }
}
