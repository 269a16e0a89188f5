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
    report_with(year, carry_in, carry_out, &Extra::default())
}

/// What [`report_with`] adds to [`report`]'s text, each part only when given: prose before the
/// tables (a section 一), the lines of section 二 after its heading, and table 四's fifteen
/// numbers (行政复议, 未经复议直接起诉, 复议后起诉: 维持, 纠正, 其他, 尚未审结, 总计 each).
#[derive(Debug, Default, Clone)]
pub struct Extra<'a> {
    pub prose: &'a str,
    pub s2: &'a str,
    pub s4: Option<[i64; 15]>,
}

/// Section 二 in the 2021 form: 规章 and 行政规范性文件 as (制发, 废止, 现行有效).
pub fn s2_2021(rules: [i64; 3], normative: [i64; 3]) -> String {
    let row = |label: &str, v: [i64; 3]| format!("{label} | {} | {} | {} |", v[0], v[1], v[2]);
    format!(
        "第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n{}\n{}\n",
        row("规章", rules),
        row("行政规范性文件", normative)
    )
}

/// Section 二 in the 2019 form: 行政许可 and 行政处罚 as (上一年项目数量, 本年增/减, 处理决定数量).
pub fn s2_2019(license: [i64; 3], penalty: [i64; 3]) -> String {
    let row = |label: &str, v: [i64; 3]| format!("{label} | {} | {} | {} |", v[0], v[1], v[2]);
    let head = "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |";
    format!(
        "第二十条第（一）项\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | 0 | 0 | 0 |\n规范性文件 | 0 | 0 | 0 |\n第二十条第（五）项\n{head}\n{}\n第二十条第（六）项\n{head}\n{}\n行政强制 | 0 | 0 | 0 |\n",
        row("行政许可", license),
        row("行政处罚", penalty)
    )
}

/// [`report`] with the parts of `extra`.
pub fn report_with(year: u32, carry_in: i64, carry_out: i64, extra: &Extra) -> String {
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
    let mut out = format!(
        "某某县人民政府{year}年政府信息公开工作年度报告\n本报告依据《中华人民共和国政府信息公开条例》第五十条编制。\n"
    );
    if !extra.prose.is_empty() {
        out.push_str(&format!("一、总体情况\n{}\n", extra.prose));
    }
    if !extra.s2.is_empty() {
        out.push_str(&format!("二、主动公开政府信息情况\n{}", extra.s2));
    }
    out.push_str(&format!(
        "三、收到和处理政府信息公开申请情况\n{}\n",
        rows.join("\n")
    ));
    if let Some(s4) = extra.s4 {
        let cells: Vec<String> = s4.iter().map(|v| v.to_string()).collect();
        out.push_str(&format!(
            "四、政府信息公开行政复议、行政诉讼情况\n{} |\n",
            cells.join(" | ")
        ));
    }
    out
}
