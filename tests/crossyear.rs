//! One organ's consecutive reports compared beyond NB401: the section 二 stocks (NB402, NB403)
//! and the prose's comparisons with last year (NB511), on made-up pairs and on the corpus's one
//! real pair (平潭综合实验区 2021 → 2022), through the pairing both front ends use.

mod support;

use nianbao::corpus::years;
use nianbao::crossyear::CrossFinding;
use nianbao::{Analysis, Severity};
use support::{corpus, read, report_with, s2_2019, s2_2021, Extra};

/// The findings of `this` against `last` with one of `codes`, through the batch pairing.
fn cross(this: &str, last: &str, codes: &[&str]) -> Vec<CrossFinding> {
    let (a, b) = (nianbao::analyse(this), nianbao::analyse(last));
    let (a, b) = (years::slim(&a), years::slim(&b));
    let reports: Vec<&Analysis> = vec![&b, &a];
    let found = years::check(&reports).found;
    assert!(found.iter().all(|f| f.this == 1 && f.last == 0));
    found
        .into_iter()
        .map(|f| f.cross)
        .filter(|c| codes.iter().any(|code| c.finding.code == *code))
        .collect()
}

fn with_s2(year: u32, s2: &str) -> String {
    report_with(
        year,
        0,
        0,
        &Extra {
            s2,
            ..Extra::default()
        },
    )
}

#[test]
fn documents_in_force_carry_over_in_the_2021_form() {
    let last = with_s2(2022, &s2_2021([0, 0, 3], [4, 1, 20]));
    // 20 + 3 − 1 = 22; 规章 3 + 0 − 0 = 3
    let good = with_s2(2023, &s2_2021([0, 0, 3], [3, 1, 22]));
    assert!(cross(&good, &last, &["NB402"]).is_empty());
    let bad = with_s2(2023, &s2_2021([0, 0, 3], [3, 1, 25]));
    let found = cross(&bad, &last, &["NB402"]);
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f.finding.severity, Severity::Hint);
    assert_eq!(
        f.finding.message,
        "第二部分“行政规范性文件”：上年现行有效20件，加本年制发3件、减本年废止1件应为22件，本年报告为25件，请核实。"
    );
    assert_eq!(&bad[f.finding.span.start..f.finding.span.end], "25");
    assert_eq!(&last[f.other_span.start..f.other_span.end], "20");
    assert_eq!(f.note, "2022年度报告“行政规范性文件”现行有效件数为20");
}

#[test]
fn item_counts_carry_over_in_the_2019_form() {
    // 2019: 行政许可 120 − 5 → 115 at the end of 2019; 行政处罚 40 + 2 → 42
    let last = with_s2(2019, &s2_2019([120, -5, 30], [40, 2, 300]));
    let good = with_s2(2020, &s2_2019([115, 0, 28], [42, 1, 280]));
    assert!(cross(&good, &last, &["NB402", "NB403"]).is_empty());
    let bad = with_s2(2020, &s2_2019([120, 0, 28], [42, 1, 280]));
    let found = cross(&bad, &last, &["NB402", "NB403"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].finding.code, "NB403");
    assert_eq!(
        found[0].finding.message,
        "第二部分“行政许可”：本年“上一年项目数量”120与上年报告的项目数量120加增减-5不一致，请核实。"
    );
}

/// 2020 is in the 2019 form, 2021 in the 2021 form: no stock is compared across the switch
/// (NB401 still is).
#[test]
fn no_stock_is_compared_across_the_template_switch() {
    let last = with_s2(2020, &s2_2019([120, -5, 30], [40, 2, 300]));
    let this = with_s2(2021, &s2_2021([0, 0, 3], [3, 1, 25]));
    assert!(cross(&this, &last, &["NB402", "NB403"]).is_empty());
}

/// 2022 received 10 applications (and 4 行政复议, 3 + 1 诉讼), 2023 received 8 (2 复议, 2 + 0
/// 诉讼): report(2022, 0, 10) and report(2023, 10, 8).
fn pair(prose: &str) -> Vec<CrossFinding> {
    let s4_last = [2, 1, 0, 1, 4, 1, 1, 0, 1, 3, 1, 0, 0, 0, 1];
    let s4_this = [1, 1, 0, 0, 2, 1, 0, 1, 0, 2, 0, 0, 0, 0, 0];
    let last = report_with(
        2022,
        0,
        10,
        &Extra {
            prose: "本年度工作有序推进。",
            s4: Some(s4_last),
            ..Extra::default()
        },
    );
    let this = report_with(
        2023,
        10,
        8,
        &Extra {
            prose,
            s4: Some(s4_this),
            ..Extra::default()
        },
    );
    cross(&this, &last, &["NB511"])
}

#[test]
fn changes_stated_in_the_prose_that_hold() {
    for prose in [
        "本年度共收到政府信息公开申请8件，较上年减少2件，下降20%。",
        "申请数量较去年回落20.0%。",
        "收到申请8件，较上年下降30%左右。",
        "收到申请8件，较2022年减少2件。",
        "行政复议案件2件，较上年减少2件；行政诉讼案件2件，较上年减少50%。",
        // the subject is unclear, scoped or another year's: not compared
        "全区收到申请80件，较上年增加30件。",
        "收到申请和行政复议分别较上年增加2件、1件。",
        "收到申请8件，较2021年增加5件。",
        "办结申请10件，较上年增加10件。",
        // this year's figure stated differently: the subject is not table 三's (NB501's)
        "收到申请9件，较上年减少1件。",
    ] {
        let found = pair(prose);
        assert!(found.is_empty(), "{prose}: {found:?}");
    }
}

#[test]
fn changes_stated_in_the_prose_that_do_not() {
    let found = pair("申请数量较去年回落12.3%。");
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f.finding.severity, Severity::Hint);
    assert_eq!(
        f.finding.message,
        "正文“申请数量较去年回落12.3%”与两年报告的表格不符：本年度新收政府信息公开申请8件，2022年度10件，实际减少2件（下降20.0%）。"
    );
    assert_eq!(f.other_value, 10);
    assert_eq!(f.note, "2022年度报告表格中新收政府信息公开申请为10");

    for (prose, message_has) in [
        (
            "本年度共收到政府信息公开申请8件，较上年增加2件。",
            "实际减少2件",
        ),
        ("收到申请8件，较上年减少3件。", "实际减少2件"),
        ("收到申请较2022年减少21%。", "下降20.0%"),
        (
            "行政复议案件2件，较上年增加2件。",
            "行政复议案件2件，2022年度4件",
        ),
        (
            "行政诉讼案件2件，同比下降40%。",
            "行政诉讼案件2件，2022年度4件，实际减少2件（下降50.0%）",
        ),
        ("收到申请8件，较上年的12件减少4件。", "2022年度10件"),
    ] {
        let found = pair(prose);
        assert_eq!(found.len(), 1, "{prose}: {found:?}");
        assert!(
            found[0].finding.message.contains(message_has),
            "{}",
            found[0].finding.message
        );
    }
}

/// The corpus's one pair, 平潭 2021 (003) → 2022 (004), as published: no NB402 (规章 0 0 0 both
/// years; the 行政规范性文件 runs are ambiguous and stay unknown), no NB511 (no comparison in the
/// prose). With a sentence added to 2022's section 一 — 2021 received 70, 2022 received 74 — the
/// right change is silent and a wrong one is found.
#[test]
fn the_real_pair() {
    let last = read(&corpus("real/003_pingtan_2021.txt"));
    let this = read(&corpus("real/004_pingtan_2022.txt"));
    assert!(cross(&this, &last, &["NB402", "NB403", "NB511"]).is_empty());
    let at = this.find("二、主动公开政府信息情况").expect("section 二");
    let add = |s: &str| format!("{}{s}{}", &this[..at], &this[at..]);
    let right = add("本年度收到政府信息公开申请74件，较上年增加4件，增长5.7%。");
    assert!(cross(&right, &last, &["NB511"]).is_empty());
    let wrong = add("本年度收到政府信息公开申请74件，较上年增加14件。");
    let found = cross(&wrong, &last, &["NB511"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .finding
            .message
            .ends_with("本年度新收政府信息公开申请74件，2021年度70件，实际增加4件（增长5.7%）。"),
        "{}",
        found[0].finding.message
    );
}

/// The served pages of the same organ, 2021 → 2022, read the 行政规范性文件 row that the text
/// copies run together: 665 in force at the end of 2021, 88 issued and 55 repealed in 2022,
/// 698 in force — NB402 holds (665 + 88 − 55 = 698). A 2022 page printing 700 is found.
#[test]
fn the_real_pair_of_web_pages() {
    let last = read(&corpus("web/pingtan_2021.page.html"));
    let this = read(&corpus("web/pingtan_2022.page.html"));
    assert!(cross(&this, &last, &["NB402", "NB403", "NB511"]).is_empty());
    let cell = ">698</span>";
    assert_eq!(this.matches(cell).count(), 1);
    let changed = this.replace(cell, ">700</span>");
    let found = cross(&changed, &last, &["NB402"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].finding.message,
        "第二部分“行政规范性文件”：上年现行有效665件，加本年制发88件、减本年废止55件应为698件，本年报告为700件，请核实。"
    );
    let f = &found[0].finding;
    assert_eq!(&changed[f.span.start..f.span.end], "700");
}

/// Next year's draft (`nianbao new`) leaves section 二 and the figures blank: blanks are cells
/// to fill, not zeros, so the draft is not reported against last year's stocks.
#[test]
fn a_draft_is_not_compared_before_it_is_filled() {
    let last = report_with(
        2022,
        0,
        10,
        &Extra {
            prose: "本年度收到申请10件，较上年增加2件。",
            s2: &s2_2021([0, 0, 3], [4, 1, 20]),
            ..Extra::default()
        },
    );
    let draft = nianbao::draft::next_year(&last).expect("a draft").text;
    let with_claim = draft.replacen(
        "一、总体情况\n",
        "一、总体情况\n收到申请较上年减少5件。\n",
        1,
    );
    for this in [&draft, &with_claim] {
        assert!(cross(this, &last, &["NB402", "NB403", "NB511"]).is_empty());
    }
}
