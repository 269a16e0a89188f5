//! Section 二: the 第二十条 tables (docs/format.md §4). No cell is a total of others; they are read
//! so that values are checked (NB027) and shown, and so the template year can be told.

use super::{ColumnDef, RowDef, RowKind, TemplateYear, ValueKind};

/// One 第二十条 item's table.
#[derive(Debug, Clone, Copy)]
pub struct S2Table {
    pub item: u8,
    pub caption: &'static str,
    pub rows: &'static [RowDef],
    pub columns: &'static [ColumnDef],
}

const fn r(id: &'static str, label: &'static str, meaning: &'static str) -> RowDef {
    RowDef {
        id,
        label,
        group: None,
        kind: RowKind::Plain,
        meaning,
        short: super::short_of(label),
    }
}

const fn c(id: &'static str, label: &'static str, kind: ValueKind) -> ColumnDef {
    ColumnDef { id, label, kind }
}

const T2021_A1_COLS: &[ColumnDef] = &[
    c("issued", "本年制发件数", ValueKind::Count),
    c("repealed", "本年废止件数", ValueKind::Count),
    c("in_force", "现行有效件数", ValueKind::Count),
];
const DECISIONS: &[ColumnDef] = &[c("decisions", "本年处理决定数量", ValueKind::Count)];
const T2019_ITEMS_COLS: &[ColumnDef] = &[
    c("prev_items", "上一年项目数量", ValueKind::Count),
    c("delta_items", "本年增/减", ValueKind::Delta),
    c("decisions", "处理决定数量", ValueKind::Count),
];

const RULES: RowDef = r("s2.a1.rules", "规章", "第二十条第（一）项：规章。");
const LICENSE: RowDef = r(
    "s2.a5.license",
    "行政许可",
    "第二十条第（五）项：行政许可。",
);
const PENALTY: RowDef = r(
    "s2.a6.penalty",
    "行政处罚",
    "第二十条第（六）项：行政处罚。",
);
const COERCION: RowDef = r(
    "s2.a6.coercion",
    "行政强制",
    "第二十条第（六）项：行政强制。",
);
const FEES: RowDef = r(
    "s2.a8.fees",
    "行政事业性收费",
    "第二十条第（八）项：行政事业性收费。",
);

const T2021: &[S2Table] = &[
    S2Table {
        item: 1,
        caption: "第二十条第（一）项",
        rows: &[
            RULES,
            r(
                "s2.a1.normative",
                "行政规范性文件",
                "第二十条第（一）项：行政规范性文件。",
            ),
        ],
        columns: T2021_A1_COLS,
    },
    S2Table {
        item: 5,
        caption: "第二十条第（五）项",
        rows: &[LICENSE],
        columns: DECISIONS,
    },
    S2Table {
        item: 6,
        caption: "第二十条第（六）项",
        rows: &[PENALTY, COERCION],
        columns: DECISIONS,
    },
    S2Table {
        item: 8,
        caption: "第二十条第（八）项",
        rows: &[FEES],
        columns: &[c("amount", "本年收费金额（单位：万元）", ValueKind::Amount)],
    },
];

const T2019: &[S2Table] = &[
    S2Table {
        item: 1,
        caption: "第二十条第（一）项",
        rows: &[
            RULES,
            r(
                "s2.a1.normative",
                "规范性文件",
                "第二十条第（一）项：规范性文件。",
            ),
        ],
        columns: &[
            c("made", "本年新制作数量", ValueKind::Count),
            c("published", "本年新公开数量", ValueKind::Count),
            c("public_total", "对外公开总数量", ValueKind::Count),
        ],
    },
    S2Table {
        item: 5,
        caption: "第二十条第（五）项",
        rows: &[
            LICENSE,
            r(
                "s2.a5.other_service",
                "其他对外管理服务事项",
                "第二十条第（五）项：其他对外管理服务事项。",
            ),
        ],
        columns: T2019_ITEMS_COLS,
    },
    S2Table {
        item: 6,
        caption: "第二十条第（六）项",
        rows: &[PENALTY, COERCION],
        columns: T2019_ITEMS_COLS,
    },
    S2Table {
        item: 8,
        caption: "第二十条第（八）项",
        rows: &[FEES],
        columns: &[
            c("prev_items", "上一年项目数量", ValueKind::Count),
            c("delta_items", "本年增/减", ValueKind::Delta),
        ],
    },
    S2Table {
        item: 9,
        caption: "第二十条第（九）项",
        rows: &[r(
            "s2.a9.procurement",
            "政府集中采购",
            "第二十条第（九）项：政府集中采购。",
        )],
        columns: &[
            c("projects", "采购项目数量", ValueKind::Count),
            c("amount", "采购总金额", ValueKind::Amount),
        ],
    },
];

pub fn s2_tables(year: TemplateYear) -> &'static [S2Table] {
    match year {
        TemplateYear::T2019 => T2019,
        TemplateYear::T2021 => T2021,
    }
}
