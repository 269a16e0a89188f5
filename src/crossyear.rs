//! One organ's consecutive reports compared (docs/relations.md §6): NB401, this year's
//! 二、上年结转 against last year's 四、结转下年度继续办理, column by column; NB402 and NB403, the
//! section 二 stocks carried over ([`CARRIES`]); NB511, the prose's comparisons with last year
//! (`checks::yoy`). Organ and year come from the text; which report is last year's is the
//! caller's (`corpus::years`).

use serde::Serialize;

use crate::analysis::Analysis;
use crate::checks::Code;
use crate::finding::Finding;
use crate::model::{Cell, Table};
use crate::span::Span;
use crate::template::{CellRef, TableKind, TemplateYear};

/// A finding of this year's report that names a cell of last year's.
#[derive(Debug, Clone, Serialize)]
pub struct CrossFinding {
    /// In this year's report.
    pub finding: Finding,
    /// Last year's cell, and the number it holds.
    pub other_span: Span,
    pub other_value: i64,
    /// What last year's cell says, for its related location
    /// (`2022年度报告“四、结转下年度继续办理”此栏为2`).
    pub note: String,
}

/// Compare this year's report with last year's: NB401, NB402, NB403, NB511. Which report is
/// last year's is decided by the caller: `nianbao::corpus::years` pairs the reports of a batch
/// or a workspace (same organ, consecutive years, one policy for copies) and calls this for
/// each pair. Nothing is found when `last` has no year.
pub fn compare(this: &Analysis, last: &Analysis) -> Vec<CrossFinding> {
    let mut out = carry_over(this, last);
    out.extend(CARRIES.iter().flat_map(|c| c.check(this, last)));
    out.extend(crate::checks::yoy::check(this, last));
    out
}

/// A cell's number when the report printed one. A blank cell reads as 0 in a published report
/// (NB024), but in next year's draft (`nianbao new`) it is a cell still to fill: the stocks and
/// figures compared across years (NB402, NB403, NB511) leave blanks out rather than report a
/// draft against last year's numbers.
pub fn filled(cell: &Cell) -> Option<i64> {
    (!cell.blank).then(|| cell.int()).flatten()
}

/// The note of an NB401 finding, naming last year's cell.
pub fn carry_note(last_year: u32, value: i64) -> String {
    format!("{last_year}年度报告“四、结转下年度继续办理”此栏为{value}")
}

/// NB401, column by column. Works across the 2019/2021 switch: table 三's columns are the same.
fn carry_over(this: &Analysis, last: &Analysis) -> Vec<CrossFinding> {
    let mut out = Vec::new();
    let (Some(t_this), Some(t_prev), Some(last_year)) = (
        this.report.table(TableKind::S3),
        last.report.table(TableKind::S3),
        last.report.year,
    ) else {
        return out;
    };
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
                        "本年度“二、上年结转政府信息公开申请数量”{label}栏为{now}，与{last_year}年度报告“四、结转下年度继续办理”的{before}不一致。"
                    ),
                );
        out.push(CrossFinding {
            finding: f,
            other_span,
            other_value: before,
            note: carry_note(last_year, before),
        });
    }
    out
}

/// A stock of section 二 that one report carries into the next: this year's `stock` equals
/// the sum of last year's `last` columns plus this year's `flows` (with their signs), row by
/// row, when both reports' tables follow `template`. Documents lapse and lists get revised
/// without a flow to show it, so a mismatch is a Hint.
pub struct Carry {
    pub code: Code,
    pub template: TemplateYear,
    /// The 第二十条 items whose tables hold the columns.
    pub items: &'static [u8],
    /// This year's stock column.
    pub stock: &'static str,
    /// Last year's columns that sum to this year's stock before this year's flows.
    pub last: &'static [&'static str],
    /// This year's flows: column, and +1 or −1.
    pub flows: &'static [(&'static str, i64)],
    message: fn(&Carried) -> String,
}

/// The spec's two carries (docs/relations.md §6). Neither crosses the 2019/2021 switch: the
/// 2021 form has no 项目数量, the 2019 form no 现行有效件数.
pub const CARRIES: &[Carry] = &[
    Carry {
        code: Code::NB402,
        template: TemplateYear::T2021,
        items: &[1],
        stock: "in_force",
        last: &["in_force"],
        flows: &[("issued", 1), ("repealed", -1)],
        message: |c| {
            format!(
                "第二部分“{}”：上年现行有效{}件，加本年制发{}件、减本年废止{}件应为{}件，本年报告为{}件，请核实。",
                c.row, c.last[0], c.flows[0], c.flows[1], c.expected, c.now
            )
        },
    },
    Carry {
        code: Code::NB403,
        template: TemplateYear::T2019,
        items: &[5, 6, 8],
        stock: "prev_items",
        last: &["prev_items", "delta_items"],
        flows: &[],
        message: |c| {
            format!(
                "第二部分“{}”：本年“上一年项目数量”{}与上年报告的项目数量{}加增减{}不一致，请核实。",
                c.row, c.now, c.last[0], c.last[1]
            )
        },
    },
];

/// One row's numbers for a [`Carry`]'s message.
pub struct Carried {
    pub row: &'static str,
    pub now: i64,
    /// Last year's values of [`Carry::last`], in order.
    pub last: Vec<i64>,
    /// This year's values of [`Carry::flows`], in order.
    pub flows: Vec<i64>,
    pub expected: i64,
}

impl Carry {
    fn check(&self, this: &Analysis, last: &Analysis) -> Vec<CrossFinding> {
        let Some(last_year) = last.report.year else {
            return Vec::new();
        };
        self.tables(this)
            .flat_map(|now| {
                let before = self.tables(last).find(|t| t.kind() == now.kind());
                (0..now.template.rows.len())
                    .filter_map(|row| self.row(now, before?, row, last_year))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The report's tables this carry reads, in its template.
    fn tables<'a>(&'a self, a: &'a Analysis) -> impl Iterator<Item = &'a Table> + 'a {
        self.items.iter().filter_map(move |&i| {
            a.report
                .table(TableKind::S2(i))
                .filter(|t| t.template.year == Some(self.template))
        })
    }

    /// The finding for one row, if all its cells are known and the stock does not carry over.
    fn row(&self, now: &Table, before: &Table, row: usize, last_year: u32) -> Option<CrossFinding> {
        let id = now.template.rows[row].id;
        let cell = |t: &Table, col: &str| {
            let row = t.template.row_index(id)?;
            let col = t.template.columns.iter().position(|c| c.id == col)?;
            let cell = t.cell(CellRef { row, col })?;
            Some((filled(cell)?, cell.span))
        };
        let (stock, span) = cell(now, self.stock)?;
        let last: Vec<(i64, Span)> = self
            .last
            .iter()
            .map(|c| cell(before, c))
            .collect::<Option<_>>()?;
        let flows: Vec<i64> = self
            .flows
            .iter()
            .map(|&(c, _)| cell(now, c).map(|(v, _)| v))
            .collect::<Option<_>>()?;
        let signed = flows.iter().zip(self.flows).map(|(v, (_, sign))| v * sign);
        let expected = last.iter().map(|l| l.0).sum::<i64>() + signed.sum::<i64>();
        if expected == stock {
            return None;
        }
        let carried = Carried {
            row: now.template.rows[row].label,
            now: stock,
            last: last.iter().map(|l| l.0).collect(),
            flows,
            expected,
        };
        let column = before
            .template
            .columns
            .iter()
            .find(|c| c.id == self.last[0])
            .map_or(self.last[0], |c| c.label);
        Some(CrossFinding {
            finding: Finding::new(self.code, span, (self.message)(&carried)),
            other_span: last[0].1,
            other_value: last[0].0,
            note: format!(
                "{last_year}年度报告“{}”{}为{}",
                carried.row, column, last[0].0
            ),
        })
    }
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
