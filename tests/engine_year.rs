//! NB005 (a year the text states against the title's): a made-up report whose statistical
//! period, section 一's opening, a year tied to 上年 or where the open applications go still
//! give last year's; every report of the corpus and the examples, and their drafts, silent;
//! years about other things left alone.

mod support;

use nianbao::fix::{apply_edits, fixable_edits};
use nianbao::{Applicability, Code, Finding, Severity};

/// The made-up organ's report on 2023: its statistical period on `period`, section 一 opening
/// with `opening` and going on with `prose`, and a section 五 saying `plans`.
fn report(period: u32, opening: u32, prose: &str, plans: &str) -> String {
    let one = format!("{opening}年，落霞镇坚持以公开为常态、不公开为例外。{prose}");
    let extra = support::Extra {
        prose: &one,
        ..support::Extra::default()
    };
    let text = support::report_with(2023, 3, 2, &extra)
        .replace("某某县人民政府", "云杉县落霞镇人民政府")
        .replace(
            "第五十条编制。",
            &format!(
                "第五十条编制。本报告中所列数据的统计期限自{period}年1月1日起至{period}年12月31日止。"
            ),
        );
    format!("{text}五、存在的主要问题及改进情况\n{plans}\n")
}

/// The clean report: every year where it is stated is 2023's.
fn clean() -> String {
    report(2023, 2023, "", "")
}

/// The NB005 findings of `text`.
fn found(text: &str) -> Vec<Finding> {
    let a = nianbao::analyse(text);
    a.findings
        .into_iter()
        .filter(|f| f.code == "NB005")
        .collect()
}

/// `text` with its safe fixes applied.
fn fixed(text: &str) -> String {
    let findings = nianbao::analyse(text).findings;
    apply_edits(text, &fixable_edits(&findings, false)).0
}

/// `text` with its safe and suggested fixes applied.
fn fixed_unsafe(text: &str) -> String {
    let findings = nianbao::analyse(text).findings;
    apply_edits(text, &fixable_edits(&findings, true)).0
}

/// The `n`th (from 0) occurrence of `needle` in `text`.
fn nth(text: &str, needle: &str, n: usize) -> usize {
    text.match_indices(needle).nth(n).unwrap().0
}

#[test]
fn the_clean_report_is_silent() {
    assert_eq!(found(&clean()), []);
}

#[test]
fn last_years_period_is_one_warning_with_a_safe_fix() {
    let text = report(2022, 2023, "", "");
    let got = found(&text);
    assert_eq!(got.len(), 1, "{got:?}");
    let f = &got[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.message, "统计期限写的是2022年，报告标题为2023年度。");
    // at the first wrong year's digits; the second and the title's as related locations
    let first = nth(&text, "2022", 0);
    assert_eq!((f.span.start, f.span.end), (first, first + 4));
    let related: Vec<usize> = f.related.iter().map(|r| r.span.start).collect();
    assert_eq!(related, [nth(&text, "2022", 1), nth(&text, "2023", 0)]);
    assert_eq!(f.fixes.len(), 1);
    assert_eq!(f.fixes[0].applicability, Applicability::Safe);
    assert_eq!(f.fixes[0].edits.len(), 2);
    assert!(f.fixes[0].edits.iter().all(|e| e.replacement == "2023"));
    assert_eq!(fixed(&text), clean());
}

#[test]
fn one_wrong_date_of_the_period() {
    let text = clean().replacen("2023年12月31日", "2022年12月31日", 1);
    let got = found(&text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].span.start, nth(&text, "2022", 0));
    assert_eq!(fixed(&text), clean());
}

/// The opening's year is the report's by custom, not by the form (a report may open with an
/// earlier year's event): warned, the fix only suggested.
#[test]
fn last_years_opening_of_section_one() {
    let text = report(2023, 2022, "", "");
    let got = found(&text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0].message,
        "第一部分“总体情况”开头写的是2022年，报告标题为2023年度。"
    );
    assert_eq!(got[0].span.start, nth(&text, "2022", 0));
    assert_eq!(got[0].fixes[0].applicability, Applicability::Suggested);
    assert_eq!(fixed(&text), text);
    assert_eq!(fixed_unsafe(&text), clean());
}

#[test]
fn a_year_said_to_be_last_year() {
    let wrong = report(
        2023,
        2023,
        "本年度收到申请3件，较上年（2021年）减少2件。",
        "",
    );
    let got = found(&wrong);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0].message,
        "“上年（2021年）”写的是2021年，报告标题为2023年度，上年应为2022年。"
    );
    assert_eq!(got[0].span.start, nth(&wrong, "2021", 0));
    let right = report(
        2023,
        2023,
        "本年度收到申请3件，较上年（2022年）减少2件。",
        "",
    );
    assert_eq!(fixed(&wrong), right);
    assert_eq!(found(&right), []);
}

#[test]
fn carried_over_to_this_year_instead_of_the_next() {
    let wrong = report(2023, 2023, "办结3件，结转至2023年继续办理2件。", "");
    let got = found(&wrong);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].message.contains("应为2024年"), "{}", got[0].message);
    let right = report(2023, 2023, "办结3件，结转至2024年继续办理2件。", "");
    assert_eq!(fixed(&wrong), right);
    assert_eq!(found(&right), []);
}

/// A year ahead of the title's may mean the title was left behind: the fix is only suggested.
#[test]
fn a_year_ahead_of_the_title_gets_a_suggested_fix() {
    let got = found(&report(2024, 2023, "", ""));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].fixes[0].applicability, Applicability::Suggested);
}

#[test]
fn years_about_other_things_are_not_read() {
    let prose = "本镇认真贯彻2019年修订的《中华人民共和国政府信息公开条例》。\
        2022年12月，镇政府印发《政务公开工作规范》，较2021年新增栏目3个。\
        上年度结转至2023年继续办理的申请已全部办结；2022年结转至2023年3件。\
        2021年，本镇被评为政务公开示范点。较去年（2022年）增加。";
    let plans = "2024年，本镇将进一步规范依申请公开工作。今年（2024年）将开展培训。";
    assert_eq!(found(&report(2023, 2023, prose, plans)), []);
    // an opening that is no year of the report's (a time since, a date)
    for opening in ["2019年以来，本镇", "2023年1月至12月，本镇", "本镇"] {
        let text = clean().replace("2023年，落霞镇", opening);
        assert_eq!(found(&text), [], "{opening}");
    }
}

/// Without a year in the title nothing says which year the report is about.
#[test]
fn no_title_no_check() {
    let text = report(2022, 2021, "", "").replace("2023年政府信息公开", "政府信息公开");
    assert_eq!(found(&text), []);
}

/// Every report and example, and next year's draft of each: no NB005 (their years agree).
#[test]
fn the_corpus_is_silent() {
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
    assert!(files.len() >= 27, "{files:?}");
    for path in files {
        let text = support::read(&path);
        assert_eq!(found(&text), [], "{}", path.display());
        if let Ok(draft) = nianbao::draft::next_year(&text) {
            assert_eq!(found(&draft.text), [], "{} drafted", path.display());
        }
    }
}

/// A PDF's text (real 006, 洪泽区 2024) whose period, wrapped over two lines, kept 2023: one
/// finding, both years fixed.
#[test]
fn a_wrapped_period_of_pdf_text() {
    let text = support::read(&support::corpus("real/006_hongze_2024.txt"));
    let period = text.find("统计期限").unwrap();
    let end = period + text[period..].find('。').unwrap();
    let stale = text[period..end].replace("2024", "2023");
    assert!(stale.contains('\n'), "{stale}");
    let wrong = format!("{}{stale}{}", &text[..period], &text[end..]);
    let got = found(&wrong);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].code, Code::NB005);
    assert_eq!(got[0].fixes[0].edits.len(), 2);
    let edits = fixable_edits(&got, false);
    assert!(
        apply_edits(&wrong, &edits).0 == text,
        "the fix did not restore the text"
    );
}

/// A served page (平潭 2022) whose section 一 opens with 2021: the finding and its fix land on
/// the page's digits (the page's bytes, not its plain view's).
#[test]
fn on_a_web_page() {
    let page = support::read(&support::corpus("web/pingtan_2022.page.html"));
    let one = page.find("一、总体情况").unwrap();
    let at = one + page[one..].find("2022年，").unwrap();
    let wrong = format!("{}2021{}", &page[..at], &page[at + 4..]);
    let got = found(&wrong);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].span.start, got[0].span.end), (at, at + 4));
    // the opening's fix is suggested (`nianbao fix --unsafe`)
    let edits = fixable_edits(&got, true);
    assert!(
        apply_edits(&wrong, &edits).0 == page,
        "the fix did not restore the page"
    );
}

/// A file of consecutive years' reports: each report's years are judged against its own title
/// only. The next report begins at its section 一 after this one's 六; before that boundary
/// was kept, every `结转至2025年` of the 2024 report below was an NB005 on the 2023 one.
#[test]
fn the_next_report_in_the_same_file_is_not_this_ones() {
    let six = "六、其他需要报告的事项\n无。\n";
    let first = format!(
        "{}{six}",
        report(2023, 2023, "", "结转至2024年继续办理2件。")
    );
    let second = first
        .replace("2023", "2024")
        .replace("结转至2024年", "结转至2025年");
    assert_eq!(found(&second), []);
    assert_eq!(found(&format!("{first}{second}")), []);
    // this report's own slip is still found, with another report after it
    let slipped = first.replace("结转至2024年", "结转至2023年");
    let got = found(&format!("{slipped}{second}"));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].span.start, slipped.find("2023年继续").unwrap());
}
