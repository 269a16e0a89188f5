//! NB006, NB007: the six sections of the form (一、总体情况 … 六、其他需要报告的事项), each under
//! its heading and in the form's order.
//!
//! The reader's sections ([`Outline::sections`](crate::reader::sections::Outline::sections))
//! keep the first heading of each section and drop one that comes after a later section's,
//! which is right for binding tables but hides the very slip this checks. So the same scan
//! also gives every heading, under any ordinal
//! ([`Outline::headings`](crate::reader::sections::Outline::headings), handed over in
//! [`Facts`](crate::model::Facts)), and the longest run whose numbers rise is taken as the
//! report's order: a section with no heading in that run is out of order (NB007), one with no heading at
//! all is missing (NB006). A stray heading-like line elsewhere (a list item in the prose, last
//! year's report further down the file) can only lengthen the run: it never moves a section
//! that has a heading in place out of it.
//!
//! What NB001 already says is not said again: a missing 二 or 四 heading, or a missing 三
//! together with its table, is NB001's. A section the form does not have is NB002's.

use crate::checks::Code;
use crate::finding::{Finding, Related};
use crate::model::Report;
use crate::reader::sections::{head_end, Heading};
use crate::span::Span;
use crate::template::TableKind;

/// The six sections' titles in the form (the same in the 2019 and 2021 forms).
const TITLES: [&str; 6] = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
];
const ORDINALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// NB006 and NB007 for a report read from `text`. Reports on 2018 or earlier followed another
/// form (`一、概述` … `六、政府信息公开情况统计表`), which NB003 already says; they get neither.
pub fn check(text: &str, report: &Report, all: &[Heading]) -> Vec<Finding> {
    if report.year.is_some_and(|y| y < 2019) {
        return Vec::new();
    }
    let own: Vec<&Heading> = all.iter().filter(|h| !h.renumbered).collect();
    let numbers: Vec<u8> = own.iter().map(|h| h.section.number).collect();
    let run: Vec<&Heading> = rising_run(&numbers).into_iter().map(|i| own[i]).collect();
    let order = Order {
        own: &own,
        run: &run,
    };
    let mut out = order.misplaced();
    if starts_as_report(text, report, &own) {
        out.extend(order.missing(text, report, all));
    }
    out
}

/// Does the text begin as a report does (a title, or section 一)? A fragment (a page of a
/// report, one table pasted alone) starts somewhere inside, and the sections it lacks are not
/// missing from the report: it gets no NB006.
fn starts_as_report(text: &str, report: &Report, own: &[&Heading]) -> bool {
    let head = &text[..head_end(text, &report.sections).min(text.len())];
    own.iter().any(|h| h.section.number == 1)
        || report.organ.is_some()
        || crate::reader::title::year(head).is_some()
}

/// The indices of the longest run of `numbers` that strictly rises; of runs equally long, the
/// one whose positions come first (so of two swapped headings the later one is out of order,
/// as the reader reads it).
fn rising_run(numbers: &[u8]) -> Vec<usize> {
    // longest[i]: the longest rising run starting at i
    let mut longest = vec![1usize; numbers.len()];
    for i in (0..numbers.len()).rev() {
        let after = (i + 1..numbers.len()).filter(|&j| numbers[j] > numbers[i]);
        longest[i] = 1 + after.map(|j| longest[j]).max().unwrap_or(0);
    }
    let mut run = Vec::new();
    let mut want = longest.iter().copied().max().unwrap_or(0);
    let mut from = 0;
    while want > 0 {
        let last = run.last().map(|&i: &usize| numbers[i]);
        let Some(i) = (from..numbers.len())
            .find(|&i| longest[i] == want && last.is_none_or(|l| numbers[i] > l))
        else {
            break;
        };
        run.push(i);
        from = i + 1;
        want -= 1;
    }
    run
}

/// The headings under their own ordinals and the longest rising run of them.
struct Order<'a> {
    own: &'a [&'a Heading],
    run: &'a [&'a Heading],
}

/// The headings of the run a section belongs between.
struct Between<'a> {
    after: Option<&'a Heading>,
    before: Option<&'a Heading>,
}

impl<'a> Order<'a> {
    fn in_run(&self, number: u8) -> bool {
        self.run.iter().any(|h| h.section.number == number)
    }

    /// Where section `number` belongs: after the run's last lower section, before its first
    /// higher one.
    fn between(&self, number: u8) -> Between<'a> {
        Between {
            after: self
                .run
                .iter()
                .rev()
                .find(|h| h.section.number < number)
                .copied(),
            before: self.run.iter().find(|h| h.section.number > number).copied(),
        }
    }

    /// NB007 at the first heading of each section that has headings, none in the run.
    fn misplaced(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        for number in 1..=6 {
            if self.in_run(number) {
                continue;
            }
            if let Some(h) = self.own.iter().find(|h| h.section.number == number) {
                out.push(nb007(h, &self.between(number)));
            }
        }
        out
    }

    /// NB006 for each section without a heading, where it belongs. A title printed under
    /// another ordinal in that place (`五、其他需要报告的事项` after a report dropped its 五)
    /// is the section, renumbered: not missing.
    fn missing(&self, text: &str, report: &Report, all: &[Heading]) -> Vec<Finding> {
        let mut out = Vec::new();
        for number in [1, 3, 5, 6] {
            if self.own.iter().any(|h| h.section.number == number) {
                continue;
            }
            let gap = self.gap(number, text);
            let in_gap = |h: &&Heading| (gap.start..=gap.end).contains(&h.section.span.start);
            if all
                .iter()
                .filter(in_gap)
                .any(|h| h.section.number == number)
            {
                continue;
            }
            if number == 3 {
                // without its table too, NB001 says so
                if let Some(t) = report.table(TableKind::S3) {
                    let at = Span::new(t.span.start, t.span.start);
                    out.push(nb006_heading_of_table(at));
                }
                continue;
            }
            // before the first later section's heading, renumbered or not
            let next = all
                .iter()
                .filter(in_gap)
                .find(|h| h.section.number > number);
            let at = next.map_or(gap.end, |h| h.section.span.start);
            out.push(nb006(number, Span::new(at, at)));
        }
        out
    }

    /// The stretch of text section `number` belongs in: from the end of the run's heading it
    /// follows to the start of the one it precedes (or the end of the text's last line).
    fn gap(&self, number: u8, text: &str) -> Span {
        let between = self.between(number);
        let start = between.after.map_or(0, |h| h.section.span.end);
        let end = between
            .before
            .map_or_else(|| text.trim_end().len(), |h| h.section.span.start);
        Span::new(start, end.max(start))
    }
}

fn title(number: u8) -> (&'static str, &'static str) {
    let i = usize::from(number.clamp(1, 6) - 1);
    (ORDINALS[i], TITLES[i])
}

fn nb006(number: u8, at: Span) -> Finding {
    let (x, t) = title(number);
    Finding::new(
        Code::NB006,
        at,
        format!("未找到第{x}部分“{t}”：年度报告格式规定的这一部分缺失，或其标题与格式不符。"),
    )
}

fn nb006_heading_of_table(at: Span) -> Finding {
    let (x, t) = title(3);
    Finding::new(
        Code::NB006,
        at,
        format!("第{x}部分的表格之前缺少标题“{x}、{t}”。"),
    )
}

fn nb007(h: &Heading, between: &Between) -> Finding {
    let (x, t) = title(h.section.number);
    let name = |h: &Heading| format!("第{}部分", title(h.section.number).0);
    let place = match (between.after, between.before) {
        (Some(a), Some(b)) => format!("应在{}之后、{}之前", name(a), name(b)),
        (Some(a), None) => format!("应在{}之后", name(a)),
        (None, Some(b)) => format!("应在{}之前", name(b)),
        (None, None) => "应按年度报告格式排列".to_owned(),
    };
    let mut related = Vec::new();
    if let Some(a) = between.after {
        related.push(Related {
            span: a.section.span,
            message: format!("第{x}部分应在此部分之后"),
        });
    }
    if let Some(b) = between.before {
        related.push(Related {
            span: b.section.span,
            message: format!("第{x}部分应在此部分之前"),
        });
    }
    Finding::new(
        Code::NB007,
        h.section.span,
        format!("第{x}部分“{t}”的位置与年度报告格式规定的顺序不一致，{place}。"),
    )
    .with_related(related)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = include_str!("../../examples/clean.txt");

    /// The NB006 and NB007 findings of `text`, as (code, offset, message).
    fn found(text: &str) -> Vec<(Code, usize, String)> {
        let a = crate::analyse(text);
        let mine = a
            .findings
            .into_iter()
            .filter(|f| f.code == "NB006" || f.code == "NB007");
        mine.map(|f| (f.code, f.span.start, f.message)).collect()
    }

    /// The text of `heading`'s section, from its heading to the next line starting with an
    /// ordinal heading of the six (or the end).
    fn section_text<'a>(text: &'a str, heading: &str) -> &'a str {
        let start = text.find(heading).unwrap();
        let next = ["四、政府", "五、存在", "六、其他"]
            .iter()
            .filter_map(|h| text[start + heading.len()..].find(h))
            .map(|i| i + start + heading.len())
            .min()
            .unwrap_or(text.len());
        &text[start..next]
    }

    #[test]
    fn the_clean_report_and_every_example_have_all_six_in_order() {
        for text in [
            CLEAN,
            include_str!("../../examples/broken-table.txt"),
            include_str!("../../examples/unbalanced.txt"),
        ] {
            assert_eq!(found(text), []);
        }
    }

    #[test]
    fn a_missing_five_is_reported_where_it_belongs() {
        let five = section_text(CLEAN, "五、存在的主要问题及改进情况");
        let text = CLEAN.replace(five, "");
        let six = text.find("六、其他需要报告的事项").unwrap();
        let got = found(&text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (Code::NB006, six));
        assert!(got[0].2.contains("第五部分“存在的主要问题及改进情况”"));
    }

    #[test]
    fn a_missing_last_section_is_reported_at_the_end() {
        let six = CLEAN.find("六、其他需要报告的事项").unwrap();
        let text = &CLEAN[..six];
        let got = found(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (Code::NB006, text.trim_end().len()));
    }

    #[test]
    fn four_before_three_is_reported_at_three() {
        let three = section_text(CLEAN, "三、收到和处理政府信息公开申请情况");
        let four = section_text(CLEAN, "四、政府信息公开行政复议、行政诉讼情况");
        let text = CLEAN.replace(&format!("{three}{four}"), &format!("{four}{three}"));
        let at = text.find("三、收到和处理").unwrap();
        let got: Vec<_> = found(&text)
            .into_iter()
            .filter(|f| f.0 == Code::NB007)
            .collect();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, at);
        assert!(
            got[0].2.contains("应在第二部分之后、第四部分之前"),
            "{}",
            got[0].2
        );
        // 三 is present, only misplaced: no NB006
        assert!(found(&text).iter().all(|f| f.0 != Code::NB006));
    }

    #[test]
    fn one_misplaced_section_is_one_finding() {
        // 五 moved up between 一 and 二: 二, 三, 四 are in order, only 五 is out of place
        let five = section_text(CLEAN, "五、存在的主要问题及改进情况");
        let text = CLEAN.replace(five, "");
        let two = text.find("二、主动公开").unwrap();
        let text = format!("{}{five}{}", &text[..two], &text[two..]);
        let got = found(&text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (Code::NB007, two));
        assert!(
            got[0].2.contains("应在第四部分之后、第六部分之前"),
            "{}",
            got[0].2
        );
    }

    #[test]
    fn a_missing_heading_of_table_three_is_reported_at_the_table() {
        let text = CLEAN.replace("三、收到和处理政府信息公开申请情况\n", "");
        let got = found(&text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, Code::NB006);
        assert!(
            got[0].2.contains("第三部分的表格之前缺少标题"),
            "{}",
            got[0].2
        );
        let table = crate::analyse(&text)
            .report
            .table(TableKind::S3)
            .unwrap()
            .span;
        assert_eq!(got[0].1, table.start);
    }

    #[test]
    fn a_renumbered_six_is_not_missing() {
        let five = section_text(CLEAN, "五、存在的主要问题及改进情况");
        let text = CLEAN
            .replace(five, "")
            .replace("六、其他需要报告的事项", "五、其他需要报告的事项");
        let got = found(&text);
        let at = text.find("五、其他需要报告的事项").unwrap();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (Code::NB006, at));
        assert!(got[0].2.contains("第五部分"));
    }

    #[test]
    fn a_fragment_lacks_nothing() {
        // table 三 alone, as a page of a report would be
        let three = section_text(CLEAN, "三、收到和处理政府信息公开申请情况");
        assert_eq!(found(three), []);
    }

    #[test]
    fn one_missing_with_a_title_is_reported_at_two() {
        let one = &CLEAN[CLEAN.find("一、总体情况").unwrap()..CLEAN.find("二、主动").unwrap()];
        let text = CLEAN.replace(one, "");
        let got = found(&text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (got[0].0, got[0].1),
            (Code::NB006, text.find("二、主动").unwrap())
        );
    }

    #[test]
    fn reports_on_2018_follow_another_form() {
        let five = section_text(CLEAN, "五、存在的主要问题及改进情况");
        let text = CLEAN.replace(five, "").replace("2023年", "2018年");
        assert_eq!(found(&text), []);
    }

    #[test]
    fn a_second_report_in_the_file_lends_no_heading() {
        // the first report lacks 三's heading; the second's 三 comes after the first's 六
        let text = CLEAN.replace("三、收到和处理政府信息公开申请情况\n", "");
        let got = found(&format!("{text}\n{CLEAN}"));
        assert!(got.iter().all(|f| f.0 != Code::NB007), "{got:?}");
    }

    #[test]
    fn the_longest_rising_run_keeps_the_earlier_of_equals() {
        assert_eq!(rising_run(&[1, 2, 4, 3, 5, 6]), [0, 1, 2, 4, 5]);
        assert_eq!(rising_run(&[1, 5, 2, 3, 4, 6]), [0, 2, 3, 4, 5]);
        assert_eq!(rising_run(&[2, 1, 2, 3, 4, 5, 6]), [1, 2, 3, 4, 5, 6]);
        assert_eq!(rising_run(&[6, 6, 1]), [0]);
        assert!(rising_run(&[]).is_empty());
    }

    #[test]
    fn any_text_is_safe() {
        for text in [
            "",
            "一、",
            "六、其他需要报告的事项",
            "五、问题\n一、总体情况",
            "\u{3000}\n",
        ] {
            let _ = found(text);
        }
    }
}
