//! NB006 (a section of the six missing) and NB007 (a section out of order) on every report of
//! the corpus and the examples, where no report lacks or misplaces one, and on real reports
//! with a section taken out or moved.

mod support;

use nianbao::{Code, Severity};

/// Every corpus report (seeds, real, web) and example.
fn all_reports() -> Vec<std::path::PathBuf> {
    let mut files = support::corpus_files();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [support::corpus("web"), root.join("examples")] {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") || name.ends_with(".html") {
                files.push(e.path());
            }
        }
    }
    files.sort();
    files
}

/// The NB006 and NB007 findings of `text`: (code, byte offset, message).
fn found(text: &str) -> Vec<(Code, usize, String)> {
    let a = nianbao::analyse(text);
    let mine = a
        .findings
        .into_iter()
        .filter(|f| f.code == "NB006" || f.code == "NB007");
    mine.map(|f| {
        assert_eq!(f.severity, Severity::Warning);
        (f.code, f.span.start, f.message)
    })
    .collect()
}

/// No report of the corpus or example lacks or misplaces a section: 2018's 一、概述 … 六、统计表
/// (another form), 013's single page of 三 (a fragment), seed 000's inserted 六 (NB002's) and
/// the served pages' navigation are all left alone.
#[test]
fn the_corpus_has_every_section_in_order() {
    let files = all_reports();
    assert!(files.len() >= 27, "{files:?}");
    for path in files {
        let text = support::read(&path);
        assert_eq!(found(&text), [], "{}", path.display());
    }
}

/// Next year's draft of every corpus report keeps its sections.
#[test]
fn drafts_keep_every_section() {
    for path in all_reports() {
        let Ok(draft) = nianbao::draft::next_year(&support::read(&path)) else {
            continue;
        };
        assert_eq!(found(&draft.text), [], "{} drafted", path.display());
    }
}

/// Real 010 (淮安市 2024, pdftotext -layout) without its 五: one NB006, where 五 belonged
/// (zero-width at 六's heading).
#[test]
fn real_report_without_five() {
    let text = support::read(&support::corpus("real/010_huaian_2024.txt"));
    let (five, six) = (
        text.find("五、存在的主要问题及改进情况").unwrap(),
        text.find("六、其他需要报告的事项").unwrap(),
    );
    let cut = format!("{}{}", &text[..five], &text[six..]);
    let got = found(&cut);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (Code::NB006, five));
    assert_eq!(
        got[0].2,
        "未找到第五部分“存在的主要问题及改进情况”：年度报告格式规定的这一部分缺失，或其标题与格式不符。"
    );
}

/// Real 004 (平潭 2022, the whole report on one line) with 四 moved before 三: one NB007 at
/// 三's heading, naming 二 and 四 as the headings it belongs between.
#[test]
fn real_flattened_report_with_four_before_three() {
    let text = support::read(&support::corpus("real/004_pingtan_2022.txt"));
    let three = text.find("三、收到和处理政府信息公开申请情况").unwrap();
    let four = text.find("四、政府信息公开行政法复议").unwrap();
    let five = text.find("五、存在的主要问题及改进情况").unwrap();
    let moved = format!(
        "{}{}{}{}",
        &text[..three],
        &text[four..five],
        &text[three..four],
        &text[five..]
    );
    let got = found(&moved);
    assert_eq!(got.len(), 1, "{got:?}");
    let at = three + (five - four);
    assert_eq!((got[0].0, got[0].1), (Code::NB007, at));
    assert!(
        got[0].2.ends_with("应在第二部分之后、第四部分之前。"),
        "{}",
        got[0].2
    );
    let a = nianbao::analyse(&moved);
    let f = a.findings.iter().find(|f| f.code == "NB007").unwrap();
    let related: Vec<&str> = f
        .related
        .iter()
        .map(|r| &moved[r.span.start..r.span.end])
        .collect();
    assert_eq!(
        related,
        [
            "二、主动公开政府信息情况",
            "四、政府信息公开行政法复议、行政诉讼情况"
        ]
    );
}

/// The served page of 平潭 2025 without its 六: NB006 at the end of the page's text (mapped
/// back onto the page).
#[test]
fn served_page_without_six() {
    let text = support::read(&support::corpus("web/pingtan_2025.page.html"));
    let six = text.find("六、其他需要报告的事项").unwrap();
    let cut = text.replacen("六、其他需要报告的事项", "", 1);
    let got = found(&cut);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, Code::NB006);
    assert!(
        got[0].1 >= six,
        "at {} before where 六 was ({six})",
        got[0].1
    );
}
