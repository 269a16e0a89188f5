//! Helpers shared by the corpus tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use nianbao::{Analysis, Severity};

/// `tests/corpus/<rel>`: the published reports copied into the repository.
pub fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(rel)
}

pub fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    nianbao::text::decode(&bytes).unwrap().text
}

pub fn analyse_file(path: &Path) -> Analysis {
    nianbao::analyse(&read(path))
}

/// Analyse a corpus file; return the analysis and the sorted (code, 1-based line) of every
/// Error, Warning and Information finding.
pub fn pinned(rel: &str) -> (Analysis, Vec<(String, usize)>) {
    let text = read(&corpus(rel));
    let a = nianbao::analyse(&text);
    let idx = nianbao::text::LineIndex::new(&text);
    let mut got: Vec<(String, usize)> = a
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Hint)
        .map(|f| (f.code.to_string(), idx.line_of(f.span.start) + 1))
        .collect();
    got.sort();
    (a, got)
}

pub fn expect(want: &[(&str, usize)]) -> Vec<(String, usize)> {
    let mut w: Vec<(String, usize)> = want.iter().map(|(c, l)| (c.to_string(), *l)).collect();
    w.sort();
    w
}

/// The report files of `tests/corpus/{seeds,real}`, sorted (not README.md or SOURCES.tsv).
pub fn corpus_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["seeds", "real"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                p.is_file() && name != "README.md" && !name.ends_with(".tsv")
            })
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

/// A report of 某某县人民政府 whose table 三 carries `carry_in` in and `carry_out` out (自然人
/// and 总计; every other cell 0, every relation holding).
pub fn report(year: u32, carry_in: i64, carry_out: i64) -> String {
    let rows: Vec<String> = nianbao::template::S3_T2021_ROWS
        .iter()
        .map(|r| {
            let v = match r.id {
                "s3.carry_in" => carry_in,
                "s3.carry_out" | "s3.new" => carry_out,
                "s3.total" | "s3.granted" => carry_in,
                _ => 0,
            };
            format!("{} | {v} | 0 | 0 | 0 | 0 | 0 | {v} |", r.label)
        })
        .collect();
    format!(
        "某某县人民政府{year}年政府信息公开工作年度报告\n本报告依据《中华人民共和国政府信息公开条例》第五十条编制。\n三、收到和处理政府信息公开申请情况\n{}\n",
        rows.join("\n")
    )
}
