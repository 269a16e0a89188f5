//! Does each table balance, and which safe fixes would make it: what an editor shows above a
//! table ("平衡 ✓", "2 处不平 — 全部修正").
//!
//! A failing relation is a relation finding inside the table — the findings the user sees, so
//! a check switched off in the settings is not counted — and a relation the checks could not
//! evaluate (a cell they need is unknown) is counted apart: the table is not called balanced
//! while one is left. The fixes are the safe fixes of those findings, chosen as `nianbao fix`
//! chooses them ([`fixable_edits`]); the editor's "recompute this table" code action applies
//! the same ones.

use crate::finding::{Edit, Finding};
use crate::fix::fixable_edits;
use crate::locate::residuals;
use crate::model::{Report, Table};
use crate::span::Span;
use crate::template::TableKind;

/// One table with relations, as its lens shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableBalance {
    pub kind: TableKind,
    pub span: Span,
    /// Where a lens above the table goes: the line after its section's heading (the header
    /// rows are not part of the bound table), else the table's first row.
    pub anchor: usize,
    /// The template's relations for this table.
    pub relations: usize,
    /// Relation findings inside the table (each is one failing relation).
    pub failing: usize,
    /// Relations not evaluated: a cell they need is unknown.
    pub unknown: usize,
    /// Every cell of the table is blank (a table not filled in yet).
    pub empty: bool,
    /// The table's safe fixes.
    pub fixes: Vec<Edit>,
}

impl TableBalance {
    /// `平衡 ✓（39 项勾稽关系）`, `2 处不平 — 全部修正`, `1 处不平 — 无可确定的修正`, …
    pub fn title(&self) -> String {
        let mut out = match (self.failing, self.fixes.is_empty()) {
            (0, _) if self.unknown > 0 => format!("{} 项勾稽关系无法核对", self.unknown),
            (0, _) if self.empty => "平衡 ✓（尚未填写）".to_owned(),
            (0, _) => format!("平衡 ✓（{} 项勾稽关系）", self.relations),
            (n, false) => format!("{n} 处不平 — 全部修正"),
            (n, true) => format!("{n} 处不平 — 无可确定的修正"),
        };
        if self.failing > 0 && self.unknown > 0 {
            out.push_str(&format!("（另 {} 项无法核对）", self.unknown));
        }
        out
    }
}

/// Is the finding inside the table (its primary location)?
pub fn inside(table: &Table, f: &Finding) -> bool {
    table.span.start <= f.span.start && f.span.end <= table.span.end
}

/// The safe fixes of the relation findings inside `table`, as `nianbao fix` would apply them.
pub fn table_fixes(table: &Table, findings: &[Finding]) -> Vec<Edit> {
    let mine: Vec<Finding> = findings
        .iter()
        .filter(|f| f.is_relation() && inside(table, f))
        .cloned()
        .collect();
    fixable_edits(&mine, false)
}

/// The start of the line after the heading of the table's section, when that heading comes
/// before the table; else the table's start.
fn anchor(report: &Report, table: &Table, text: &str) -> usize {
    let number = match table.kind() {
        TableKind::S3 => 3,
        TableKind::S4 => 4,
        TableKind::S2(_) => 2,
    };
    report
        .sections
        .iter()
        .filter(|s| s.number == number && s.span.end <= table.span.start)
        .filter_map(|s| Some(s.span.end + text.get(s.span.end..)?.find('\n')? + 1))
        .find(|&line| line <= table.span.start)
        .unwrap_or(table.span.start)
}

/// Every table of the report that has relations (三 and 四; the 第二十条 tables have none), with
/// `findings` (the ones shown) counted against it; `text` is the analysed text.
pub fn balances(report: &Report, findings: &[Finding], text: &str) -> Vec<TableBalance> {
    report
        .tables
        .iter()
        .filter(|t| !t.template.relations.is_empty())
        .map(|t| {
            let res = residuals(&t.template, &|c| t.int(c));
            TableBalance {
                kind: t.kind(),
                span: t.span,
                anchor: anchor(report, t, text),
                relations: res.len(),
                failing: findings
                    .iter()
                    .filter(|f| f.is_relation() && inside(t, f))
                    .count(),
                unknown: res.iter().filter(|r| r.is_none()).count(),
                empty: t.cells().all(|(_, c)| c.blank),
                fixes: table_fixes(t, findings),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::blank::{empty_section, Layout};
    use crate::template::TemplateYear;

    fn example(name: &str) -> String {
        let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    fn titles(text: &str) -> Vec<(TableKind, String)> {
        let a = crate::analyse(text);
        balances(&a.report, &a.findings, text)
            .iter()
            .map(|b| (b.kind, b.title()))
            .collect()
    }

    #[test]
    fn unbalanced_example_three_fixable_four_not() {
        let text = example("unbalanced.txt");
        assert_eq!(
            titles(&text),
            [
                (TableKind::S3, "2 处不平 — 全部修正".to_owned()),
                (TableKind::S4, "1 处不平 — 无可确定的修正".to_owned()),
            ]
        );
        let a = crate::analyse(&text);
        let three = &balances(&a.report, &a.findings, &text)[0];
        let heading = "三、收到和处理政府信息公开申请情况\n";
        assert_eq!(three.anchor, text.find(heading).unwrap() + heading.len());
        let (fixed, n) = crate::fix::apply_edits(&text, &three.fixes);
        assert_eq!(n, 1);
        assert_eq!(fixed, text.replacen("| 1 | 13 |", "| 1 | 12 |", 1));
    }

    #[test]
    fn clean_and_empty_tables_balance() {
        assert_eq!(
            titles(&example("clean.txt")),
            [
                (TableKind::S3, "平衡 ✓（39 项勾稽关系）".to_owned()),
                (TableKind::S4, "平衡 ✓（3 项勾稽关系）".to_owned()),
            ]
        );
        let mut text = String::from(
            "某县人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n",
        );
        text += &empty_section(3, TemplateYear::T2021, Layout::Pipe).unwrap();
        let t = titles(&text);
        assert_eq!(t, [(TableKind::S3, "平衡 ✓（尚未填写）".to_owned())]);
    }

    #[test]
    fn settings_that_hide_a_check_hide_its_failures() {
        let a = crate::analyse(&example("unbalanced.txt"));
        let shown: Vec<Finding> = a
            .findings
            .iter()
            .filter(|f| f.code.as_str() != "NB102")
            .cloned()
            .collect();
        let b = balances(&a.report, &shown, "");
        assert_eq!(b[0].title(), "1 处不平 — 全部修正");
    }
}
