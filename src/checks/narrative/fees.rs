//! NB510: a report in the 2021 form whose section 六 says nothing about 信息处理费.
//!
//! The 2021 form asks section 六 to report the 信息处理费 charged under the 2021 measures on
//! those fees (`本年度未收取信息处理费`). Section 二's 行政事业性收费 is no answer: it counts all
//! of the organ's administrative fees, so its amount says nothing either way. A sentence that
//! states the organ charged or did not charge fees (`未收取任何费用`) answers too; 行政事业性 fees
//! do not.

use std::sync::OnceLock;

use crate::checks::Code;
use crate::finding::Finding;
use crate::model::{Report, Section};
use crate::pattern::Pattern;
use crate::template::TemplateYear;

/// Words that answer the question: the fee by name, a charge of fees (`收取…费用`), or none
/// charged (`未收费`, `免费提供`).
fn answers() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(r"处理费|收取[^。；;，,]{0,10}费|(?:未|不|无|没有|免于?)收费|免费提供")
    })
}

/// NB510 on `text` (the analysed text, markers of a draft blanked) and its report.
pub(super) fn check(text: &str, report: &Report) -> Option<Finding> {
    if !in_2021_form(report) {
        return None;
    }
    // no section 六: NB006 says so in a whole report; an excerpt (a table copied out of a
    // report, real 013) is not judged here
    let six = report.sections.iter().find(|s| s.number == 6)?;
    let body = &text[six.span.start..];
    let said = answers()
        .find_iter(body)
        .any(|m| !m.as_str().contains("行政事业性"));
    (!said).then(|| silent(six))
}

/// Reports on 2021 and later; without a year, one whose table 三 is in the 2021 form.
fn in_2021_form(report: &Report) -> bool {
    match report.year {
        Some(year) => year >= 2021,
        None => report.s3_template() == Some(TemplateYear::T2021),
    }
}

fn silent(six: &Section) -> Finding {
    Finding::new(
        Code::NB510,
        six.span,
        "第六部分未说明本年度信息处理费的收取情况。",
    )
}

#[cfg(test)]
mod tests {
    use crate::finding::Finding;

    /// A report on `year` with an all-zero table 三 (or none) and `six` at its end.
    fn nb510(year: u32, table: bool, six: &str) -> Vec<Finding> {
        let rows: String = crate::template::S3_T2021_ROWS
            .iter()
            .filter(|_| table)
            .map(|r| format!("{} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n", r.label))
            .collect();
        let text = format!(
            "{year}年政府信息公开工作年度报告\n一、总体情况\n本年度工作稳步推进。\n\
             二、主动公开政府信息情况\n第二十条第（八）项 行政事业性收费 0\n\
             三、收到和处理政府信息公开申请情况\n{rows}\
             五、存在的主要问题及改进情况\n无。\n{six}"
        );
        crate::analyse(&text)
            .findings
            .into_iter()
            .filter(|f| f.code == "NB510")
            .collect()
    }

    fn findings(year: u32, six: &str) -> Vec<Finding> {
        nb510(year, true, six)
    }

    #[test]
    fn section_six_that_answers() {
        assert!(findings(2023, "六、其他需要报告的事项\n本年度未收取信息处理费。").is_empty());
        assert!(findings(2023, "六、其他需要报告的事项\n本机关未收取任何费用。").is_empty());
        assert!(findings(2023, "六、其他需要报告的事项\n依申请提供信息均未收费。").is_empty());
        assert!(findings(
            2022,
            "六、其他需要报告的事项\n2022年,无收取信息处理费情况。"
        )
        .is_empty());
    }

    #[test]
    fn section_six_that_is_silent() {
        let f = findings(2023, "六、其他需要报告的事项\n无。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "第六部分未说明本年度信息处理费的收取情况。");
        // 行政事业性 fees are not the 信息处理费
        let f = findings(
            2023,
            "六、其他需要报告的事项\n本年度收取行政事业性费用0元。",
        );
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn no_section_six_and_the_2019_form() {
        // without 六 (NB006's finding in a whole report; an excerpt is not judged)
        assert!(findings(2023, "").is_empty());
        assert!(nb510(2023, false, "").is_empty());
        // the 2019 form did not ask
        assert!(findings(2020, "六、其他需要报告的事项\n无。").is_empty());
    }
}
