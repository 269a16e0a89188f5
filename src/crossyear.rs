//! NB401 across years: this year's 二、上年结转 must equal last year's 四、结转下年度继续办理,
//! column by column, for the same organ (docs/relations.md §6). Organ and year come from the text.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::span::Span;
use crate::template::{CellRef, TableKind};

/// A finding in one report that points into another.
#[derive(Debug, Clone, Serialize)]
pub struct CrossFinding {
    /// Index of the report the finding is in (this year's).
    pub report: usize,
    pub finding: Finding,
    /// Index of the other report (last year's) and the cell there.
    pub other: usize,
    pub other_span: Span,
}

/// Organ names compare without whitespace (nothing else: `某县人民政府` and `某县` are two organs).
fn organ_key(a: &Analysis) -> Option<String> {
    let o = a.report.organ.as_deref()?;
    Some(o.chars().filter(|c| !c.is_whitespace()).collect())
}

/// Compare every pair of reports of one organ whose years follow each other. Copies of one
/// report (same organ, same year) are never compared.
pub fn check(reports: &[&Analysis]) -> Vec<CrossFinding> {
    let mut out = Vec::new();
    for (i, this) in reports.iter().enumerate() {
        let (Some(org), Some(year)) = (organ_key(this), this.report.year) else {
            continue;
        };
        let Some(t_this) = this.report.table(TableKind::S3) else {
            continue;
        };
        for (j, prev) in reports.iter().enumerate() {
            if organ_key(prev).as_deref() != Some(org.as_str())
                || prev.report.year != Some(year - 1)
            {
                continue;
            }
            let Some(t_prev) = prev.report.table(TableKind::S3) else {
                continue;
            };
            let (Some(cin), Some(cout)) = (
                t_this.template.row_index("s3.carry_in"),
                t_prev.template.row_index("s3.carry_out"),
            ) else {
                continue;
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
                let f = Finding::new(
                    "NB401",
                    Severity::Warning,
                    span,
                    format!(
                        "本年度“二、上年结转政府信息公开申请数量”{label}栏为{now}，与{}年度报告“四、结转下年度继续办理”的{before}不一致。",
                        year - 1
                    ),
                );
                out.push(CrossFinding {
                    report: i,
                    finding: f,
                    other: j,
                    other_span,
                });
            }
        }
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
        let found = super::check(&[&a, &b, &c]);
        // 2023 takes 2 = 2022's 2; 2024 takes 4 ≠ 2023's 5 (自然人 and 总计)
        assert_eq!(found.len(), 2);
        assert!(found
            .iter()
            .all(|f| f.report == 2 && f.other == 1 && f.finding.code == "NB401"));
        assert!(found[0].finding.message.contains("2023年度报告"));
    }
}
