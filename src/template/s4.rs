//! Section 四: 行政复议、行政诉讼 — one printed row of 15 numbers, modelled as three groups of
//! five (docs/format.md §6).

use super::{CellRef, ColumnDef, Relation, RelationKind, RowDef, RowKind, ValueKind};

const fn col(id: &'static str, label: &'static str) -> ColumnDef {
    ColumnDef {
        id,
        label,
        kind: ValueKind::Count,
    }
}

pub const S4_COLUMNS: &[ColumnDef] = &[
    col("upheld", "结果维持"),
    col("corrected", "结果纠正"),
    col("other", "其他结果"),
    col("pending", "尚未审结"),
    col("total", "总计"),
];

pub const S4_ROWS: &[RowDef] = &[
    RowDef {
        id: "s4.review",
        label: "行政复议",
        group: None,
        kind: RowKind::Plain,
        meaning: "因政府信息公开工作被申请行政复议的案件。",
        short: super::short_of("行政复议"),
    },
    RowDef {
        id: "s4.suit_direct",
        label: "未经复议直接起诉",
        group: Some("行政诉讼"),
        kind: RowKind::Plain,
        meaning: "未经行政复议直接提起行政诉讼的案件。",
        short: super::short_of("未经复议直接起诉"),
    },
    RowDef {
        id: "s4.suit_after",
        label: "复议后起诉",
        group: Some("行政诉讼"),
        kind: RowKind::Plain,
        meaning: "经行政复议后提起行政诉讼的案件。",
        short: super::short_of("复议后起诉"),
    },
];

/// NB201 per group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
pub fn relations() -> Vec<Relation> {
    (0..S4_ROWS.len())
        .map(|row| Relation {
            kind: RelationKind::ReviewTotal,
            index: row,
            parts: (0..4).map(|col| CellRef { row, col }).collect(),
            totals: vec![CellRef { row, col: 4 }],
        })
        .collect()
}
