//! NB003, NB004: the templates a report's tables follow, against each other and against the
//! report year (the 2019 template up to the 2020 report, the 2021 one after; docs/format.md).
//! The reader says which template each section shows and where ([`Facts`]); this judges it.

use std::sync::OnceLock;

use crate::checks::Code;
use crate::finding::{Finding, Severity};
use crate::model::{Facts, Report};
use crate::pattern::Pattern;
use crate::span::Span;
use crate::template::{TableKind, TemplateYear};

/// The template findings of a report read from `text`.
pub fn check(text: &str, report: &Report, facts: &Facts) -> Vec<Finding> {
    if report.year.is_some_and(|y| y < 2019) {
        return vec![old_format(text, report)];
    }
    let mut out: Vec<Finding> = mixed(report, facts).into_iter().collect();
    out.extend(against_year(report, facts));
    out
}

/// NB003 (Warning): a report on 2018 or earlier, whose tables the reader does not read. At its
/// first `X、…统计表` heading, else section 二's heading, else the top.
fn old_format(text: &str, report: &Report) -> Finding {
    static OLD: OnceLock<Pattern> = OnceLock::new();
    let re = OLD.get_or_init(|| Pattern::new(r"(一|二|三|四|五|六|七)、[^\n。]{0,20}统计表"));
    let s2_heading = || {
        report
            .sections
            .iter()
            .find(|s| s.number == 2)
            .map_or(Span::new(0, 0), |s| s.span)
    };
    let (x, at) = re
        .captures(text)
        .and_then(|c| {
            let (whole, ordinal) = (c.get(0)?, c.get(1)?);
            Some((
                ordinal.as_str().to_owned(),
                Span::new(whole.start(), whole.end()),
            ))
        })
        .unwrap_or_else(|| ("二".into(), s2_heading()));
    Finding::new(
        Code::NB003,
        at,
        format!("第{x}部分表格与2019年、2021年年度报告格式均不一致，未作核对。"),
    )
}

/// NB003 (Information): sections 二 and 三 in different templates, each read by its own. At
/// what shows 三's template, else 二's.
fn mixed(report: &Report, facts: &Facts) -> Option<Finding> {
    let (t2, at2) = facts.s2_template?;
    let t3 = report.s3_template()?;
    if t2 == t3 {
        return None;
    }
    let f = Finding::new(
        Code::NB003,
        facts.s3_evidence.unwrap_or(at2),
        format!(
            "本报告第二部分按{}年格式、第三部分按{}年格式填写。",
            t2.year(),
            t3.year()
        ),
    );
    Some(f.with_severity(Severity::Information))
}

/// NB004: a section whose template is not the one of the report year, at what shows it (三
/// before 二).
fn against_year(report: &Report, facts: &Facts) -> Vec<Finding> {
    let Some(year) = report.year else {
        return Vec::new();
    };
    let Some(expected) = TemplateYear::for_report_year(year) else {
        return Vec::new();
    };
    let s3 = report.s3_template().zip(facts.s3_evidence);
    [(TableKind::S3, s3), (TableKind::S2(0), facts.s2_template)]
        .into_iter()
        .filter_map(|(kind, shown)| {
            let (t, at) = shown.filter(|(t, _)| *t != expected)?;
            Some(Finding::new(
                Code::NB004,
                at,
                format!(
                    "{year}年度报告应使用{}年印发的年度报告格式，第{}部分表格为{}年格式。",
                    expected.year(),
                    kind.section_numeral(),
                    t.year()
                ),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Table;
    use crate::template::TableTemplate;

    fn found(year: u32, facts: &Facts) -> Vec<(Code, Severity, Span)> {
        let report = Report {
            year: Some(year),
            tables: vec![Table::new(
                TableTemplate::s3(TemplateYear::T2019),
                Span::new(50, 90),
            )],
            ..Report::default()
        };
        let out = check("", &report, facts);
        out.iter().map(|f| (f.code, f.severity, f.span)).collect()
    }

    /// 二 in T2021 (shown at 10..14), 三 in T2019: mixed; 三 also wrong for 2022 once it shows it.
    #[test]
    fn findings_come_from_the_facts_alone() {
        let (s2, s3) = (Span::new(10, 14), Span::new(60, 66));
        let mut facts = Facts {
            s2_template: Some((TemplateYear::T2021, s2)),
            ..Facts::default()
        };
        let info = Severity::Information;
        assert_eq!(found(2022, &facts), [(Code::NB003, info, s2)]);
        facts.s3_evidence = Some(s3);
        let warning = Severity::Warning;
        assert_eq!(
            found(2022, &facts),
            [(Code::NB003, info, s3), (Code::NB004, warning, s3)]
        );
        let top = Span::new(0, 0);
        assert_eq!(found(2018, &facts), [(Code::NB003, warning, top)]);
    }
}
