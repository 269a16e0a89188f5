//! NB401 across years: this year's 二、上年结转 must equal last year's 四、结转下年度继续办理,
//! column by column, for the same organ (docs/relations.md §6). Organ and year come from the text.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::checks::Code;
use crate::finding::Finding;
use crate::span::Span;
use crate::template::{CellRef, TableKind};

/// A cell of this year's 二、上年结转 that differs from last year's 四、结转下年度继续办理.
#[derive(Debug, Clone, Serialize)]
pub struct CrossFinding {
    /// In this year's report.
    pub finding: Finding,
    /// Last year's cell, and the number it holds.
    pub other_span: Span,
    pub other_value: i64,
}

/// Compare this year's report with last year's, column by column. Which report is last year's
/// is decided by the caller: `nianbao::corpus::years` pairs the reports of a batch or a
/// workspace (same organ, consecutive years, one policy for copies) and calls this for each
/// pair. Nothing is found when either report has no table 三 or `last` has no year.
pub fn compare(this: &Analysis, last: &Analysis) -> Vec<CrossFinding> {
    let mut out = Vec::new();
    let (Some(t_this), Some(t_prev), Some(last_year)) = (
        this.report.table(TableKind::S3),
        last.report.table(TableKind::S3),
        last.report.year,
    ) else {
        return out;
    };
    let year = last_year + 1;
    let (Some(cin), Some(cout)) = (
        t_this.template.row_index("s3.carry_in"),
        t_prev.template.row_index("s3.carry_out"),
    ) else {
        return out;
    };
    for col in 0..t_this.template.columns.len() {
        let a = CellRef { row: cin, col };
        let b = CellRef { row: cout, col };
        let (Some(now), Some(before)) = (t_this.int(a), t_prev.int(b)) else {
            continue;
        };
        if now == before {
            continue;
        }
        let span = t_this.cell(a).map(|c| c.span).unwrap_or_default();
        let other_span = t_prev.cell(b).map(|c| c.span).unwrap_or_default();
        let label = t_this.template.columns[col].label;
        let f = Finding::new(Code::NB401, span,
                    format!(
                        "本年度“二、上年结转政府信息公开申请数量”{label}栏为{now}，与{}年度报告“四、结转下年度继续办理”的{before}不一致。",
                        year - 1
                    ),
                );
        out.push(CrossFinding {
            finding: f,
            other_span,
            other_value: before,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    fn report(year: u32, carry_in: i64, carry_out: i64) -> String {
        let rows: Vec<String> = crate::template::S3_T2021_ROWS
            .iter()
            .map(|r| {
                let v = match r.id {
                    "s3.carry_in" => carry_in,
                    "s3.carry_out" => carry_out,
                    "s3.new" => carry_out,
                    "s3.total" => carry_in,
                    "s3.granted" => carry_in,
                    _ => 0,
                };
                format!("{} | {v} | 0 | 0 | 0 | 0 | 0 | {v} |", r.label)
            })
            .collect();
        format!("某某县人民政府{year}年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n{}\n", rows.join("\n"))
    }

    #[test]
    fn carry_over_must_match_last_year() {
        let a = crate::analyse(&report(2022, 3, 2));
        let b = crate::analyse(&report(2023, 2, 5));
        let c = crate::analyse(&report(2024, 4, 1));
        // 2023 takes 2 = 2022's 2; 2024 takes 4 ≠ 2023's 5 (自然人 and 总计)
        assert!(super::compare(&b, &a).is_empty());
        let found = super::compare(&c, &b);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.other_value == 5));
        assert!(found[0].finding.message.contains("2023年度报告"));
    }
}
