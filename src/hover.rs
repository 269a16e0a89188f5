//! What a cell is: the text a hover shows, built from the template so it says exactly what the
//! checks evaluate.

use crate::analysis::Analysis;
use crate::model::Table;
use crate::span::Span;
use crate::template::{CellRef, Relation, RelationKind, RowKind, TableKind};

/// Hover content for the byte `offset`: markdown and the span it describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverInfo {
    pub span: Span,
    pub markdown: String,
}

/// Describe the cell or row label under `offset`, if any.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    for table in &analysis.report.tables {
        if let Some((at, cell)) = table.cell_at(offset) {
            return Some(HoverInfo {
                span: cell.span,
                markdown: describe_cell(table, at),
            });
        }
        if let Some(row) = table.row_label_at(offset) {
            let def = &table.template.rows[row];
            let span = table.rows[row].as_ref()?.label_span?;
            return Some(HoverInfo {
                span,
                markdown: format!(
                    "**{}** · {}\n\n{}\n\n`{}`",
                    section_title(table),
                    def.path(),
                    def.meaning,
                    def.id
                ),
            });
        }
    }
    None
}

fn section_title(table: &Table) -> String {
    match table.kind() {
        TableKind::S2(item) => format!("第二部分 · 第二十条第（{}）项", item_numeral(item)),
        k => format!("第{}部分", k.section_numeral()),
    }
}

fn item_numeral(item: u8) -> &'static str {
    ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        .get(item as usize)
        .copied()
        .unwrap_or("?")
}

/// `第三部分 · （三）不予公开 › 1.属于国家秘密 × 自然人 = 3`, then one line per relation the cell
/// is the stated total of, with the numbers.
pub fn describe_cell(table: &Table, at: CellRef) -> String {
    let t = &table.template;
    let row = &t.rows[at.row];
    let col = &t.columns[at.col];
    let value = table
        .cell(at)
        .and_then(|c| c.value)
        .map_or("未知".to_owned(), |v| v.to_string());
    let mut out = format!(
        "**{}** · {} × {}\n\n值：{}\n\n`{}`",
        section_title(table),
        row.path(),
        col.label,
        value,
        t.cell_id(at)
    );
    for rel in t.relations.iter().filter(|r| r.totals.contains(&at)) {
        out.push_str("\n\n");
        out.push_str(&formula(table, rel));
    }
    if row.kind == RowKind::Leaf || t.relations.iter().any(|r| r.parts.contains(&at)) {
        let sums: Vec<String> = t
            .relations
            .iter()
            .filter(|r| r.parts.contains(&at))
            .map(|r| format!("{}（{}）", relation_name(table, r), r.kind.code()))
            .collect();
        if !sums.is_empty() {
            out.push_str(&format!("\n\n计入：{}", sums.join("、")));
        }
    }
    out
}

/// Short name of a relation instance, as messages use it.
pub fn relation_name(table: &Table, rel: &Relation) -> String {
    let t = &table.template;
    match rel.kind {
        RelationKind::RowTotal => format!("“{}”行总计", t.rows[rel.index].short_label()),
        RelationKind::OutcomeTotal => format!("“（七）总计”{}栏", t.columns[rel.index].label),
        RelationKind::Balance => format!("{}栏“一+二=三（七）+四”", t.columns[rel.index].label),
        RelationKind::ReviewTotal => format!("“{}”总计", t.rows[rel.index].label),
    }
}

/// `总计 165 ≠ 60 + 7 + … = 164` with the table's current numbers (`?` for unknown cells).
pub fn formula(table: &Table, rel: &Relation) -> String {
    let show = |cells: &[CellRef]| -> (String, Option<i64>) {
        let mut sum = Some(0i64);
        let mut terms = Vec::new();
        for &c in cells {
            match table.int(c) {
                Some(v) => {
                    sum = sum.map(|s| s + v);
                    terms.push(v.to_string());
                }
                None => {
                    sum = None;
                    terms.push("?".into());
                }
            }
        }
        (terms.join(" + "), sum)
    };
    let (parts, psum) = show(&rel.parts);
    let (totals, tsum) = show(&rel.totals);
    let rel_sign = match (psum, tsum) {
        (Some(a), Some(b)) if a == b => "=",
        (Some(_), Some(_)) => "≠",
        _ => "≟",
    };
    let psum = psum.map_or("?".into(), |v| v.to_string());
    format!(
        "{}：{} {} {} = {}",
        relation_name(table, rel),
        totals,
        rel_sign,
        parts,
        psum
    )
}
