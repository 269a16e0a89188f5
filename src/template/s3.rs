//! Section 三: 收到和处理政府信息公开申请情况 (docs/format.md §5).

use super::{CellRef, ColumnDef, Relation, RelationKind, RowDef, RowKind, ValueKind};

const fn col(id: &'static str, label: &'static str) -> ColumnDef {
    ColumnDef {
        id,
        label,
        kind: ValueKind::Count,
    }
}

/// 自然人, the five 法人或其他组织 columns, 总计 (the total column, NB101).
pub const S3_COLUMNS: &[ColumnDef] = &[
    col("natural", "自然人"),
    col("commercial", "商业企业"),
    col("research", "科研机构"),
    col("public_interest", "社会公益组织"),
    col("legal_service", "法律服务机构"),
    col("other_org", "其他"),
    col("total", "总计"),
];

/// Index of the 总计 column.
pub const S3_TOTAL_COL: usize = 6;

const fn row(
    id: &'static str,
    label: &'static str,
    group: Option<&'static str>,
    kind: RowKind,
    meaning: &'static str,
) -> RowDef {
    RowDef {
        id,
        label,
        group,
        kind,
        meaning,
        short: super::short_of(label),
    }
}

const RESULT: &str = "三、本年度办理结果";
const WITHHELD: &str = "（三）不予公开";
const UNABLE: &str = "（四）无法提供";
const DECLINED: &str = "（五）不予处理";
const OTHER: &str = "（六）其他处理";

macro_rules! s3_rows {
    ($($other:expr),* $(,)?) => {
        &[
            row("s3.new", "一、本年新收政府信息公开申请数量", None, RowKind::Flow,
                "本年度新收到的政府信息公开申请件数（条例第五十条第二项）。"),
            row("s3.carry_in", "二、上年结转政府信息公开申请数量", None, RowKind::Flow,
                "上一年度未办结、结转到本年度继续办理的申请件数；应等于上年报告的“四、结转下年度继续办理”。"),
            row("s3.granted", "（一）予以公开", Some(RESULT), RowKind::Leaf,
                "本年度办结、决定全部公开的申请（条例第三十六条第一项）。"),
            row("s3.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Some(RESULT), RowKind::Leaf,
                "作区分处理、部分公开的申请；一件申请只计这一项，不再计入其他情形。"),
            row("s3.withheld.state_secret", "1.属于国家秘密", Some(WITHHELD), RowKind::Leaf,
                "因属于国家秘密不予公开（条例第十四条）。"),
            row("s3.withheld.law_forbidden", "2.其他法律行政法规禁止公开", Some(WITHHELD), RowKind::Leaf,
                "法律、行政法规禁止公开（条例第十四条）。"),
            row("s3.withheld.three_safety", "3.危及“三安全一稳定”", Some(WITHHELD), RowKind::Leaf,
                "公开后可能危及国家安全、公共安全、经济安全、社会稳定（条例第十四条）。"),
            row("s3.withheld.third_party", "4.保护第三方合法权益", Some(WITHHELD), RowKind::Leaf,
                "涉及商业秘密、个人隐私等，公开会损害第三方合法权益（条例第十五条）。"),
            row("s3.withheld.internal", "5.属于三类内部事务信息", Some(WITHHELD), RowKind::Leaf,
                "人事管理、后勤管理、内部工作流程等内部事务信息（条例第十六条第一款）。"),
            row("s3.withheld.process", "6.属于四类过程性信息", Some(WITHHELD), RowKind::Leaf,
                "讨论记录、过程稿、磋商信函、请示报告等过程性信息（条例第十六条第二款）。"),
            row("s3.withheld.enforcement", "7.属于行政执法案卷", Some(WITHHELD), RowKind::Leaf,
                "行政执法案卷信息（条例第十六条第二款）。"),
            row("s3.withheld.query", "8.属于行政查询事项", Some(WITHHELD), RowKind::Leaf,
                "法律、行政法规规定应通过查询途径获取的信息。"),
            row("s3.unable.not_held", "1.本机关不掌握相关政府信息", Some(UNABLE), RowKind::Leaf,
                "本机关不掌握所申请的信息（条例第三十六条第四项）。"),
            row("s3.unable.needs_creation", "2.没有现成信息需要另行制作", Some(UNABLE), RowKind::Leaf,
                "需要对现有信息加工、分析或另行制作（条例第三十八条）。"),
            row("s3.unable.unclear", "3.补正后申请内容仍不明确", Some(UNABLE), RowKind::Leaf,
                "经补正后申请内容仍不明确（条例第三十条）。"),
            row("s3.declined.petition", "1.信访举报投诉类申请", Some(DECLINED), RowKind::Leaf,
                "以申请形式提出的信访、投诉、举报等（条例第三十九条）。"),
            row("s3.declined.repeat", "2.重复申请", Some(DECLINED), RowKind::Leaf,
                "已就同一内容作出答复后的重复申请（条例第三十六条第六项）。"),
            row("s3.declined.publication", "3.要求提供公开出版物", Some(DECLINED), RowKind::Leaf,
                "要求提供公开出版物（条例第三十六条第五项）。"),
            row("s3.declined.mass_repeat", "4.无正当理由大量反复申请", Some(DECLINED), RowKind::Leaf,
                "无正当理由大量、反复申请（条例第三十五条）。"),
            row("s3.declined.confirm", "5.要求行政机关确认或重新出具已获取信息", Some(DECLINED), RowKind::Leaf,
                "要求确认或重新出具已获取的信息（条例第三十九条第二款）。"),
            $($other,)*
            row("s3.total", "（七）总计", Some(RESULT), RowKind::Total,
                "本年度办结的申请总数：（一）至（六）各项之和。"),
            row("s3.carry_out", "四、结转下年度继续办理", None, RowKind::Flow,
                "本年度未办结、结转下年度继续办理的申请件数。"),
        ]
    };
}

/// T2019: （六）其他处理 is one data row.
pub const S3_T2019_ROWS: &[RowDef] = s3_rows![row(
    "s3.other",
    "（六）其他处理",
    Some(RESULT),
    RowKind::Leaf,
    "不属于（一）至（五）的其他处理情形。"
)];

/// T2021: （六）其他处理 is a group of three leaves.
pub const S3_T2021_ROWS: &[RowDef] = s3_rows![
    row(
        "s3.other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        Some(OTHER),
        RowKind::Leaf,
        "申请人无正当理由逾期不补正，行政机关不再处理（条例第三十条）。"
    ),
    row(
        "s3.other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        Some(OTHER),
        RowKind::Leaf,
        "申请人逾期未缴纳信息处理费，行政机关不再处理（条例第四十二条）。"
    ),
    row(
        "s3.other.misc",
        "3.其他",
        Some(OTHER),
        RowKind::Leaf,
        "其他处理情形。"
    ),
];

/// NB101 per row, NB102 and NB103 per column.
pub fn relations(rows: &[RowDef]) -> Vec<Relation> {
    let find = |id: &str| rows.iter().position(|r| r.id == id).expect("template row");
    let (new, carry_in, total, carry_out) = (
        find("s3.new"),
        find("s3.carry_in"),
        find("s3.total"),
        find("s3.carry_out"),
    );
    let leaves: Vec<usize> = (0..rows.len())
        .filter(|&r| rows[r].kind == RowKind::Leaf)
        .collect();
    let mut out = Vec::new();
    for r in 0..rows.len() {
        out.push(Relation {
            kind: RelationKind::RowTotal,
            index: r,
            parts: (0..S3_TOTAL_COL)
                .map(|col| CellRef { row: r, col })
                .collect(),
            totals: vec![CellRef {
                row: r,
                col: S3_TOTAL_COL,
            }],
        });
    }
    for col in 0..S3_COLUMNS.len() {
        out.push(Relation {
            kind: RelationKind::OutcomeTotal,
            index: col,
            parts: leaves.iter().map(|&row| CellRef { row, col }).collect(),
            totals: vec![CellRef { row: total, col }],
        });
    }
    for col in 0..S3_COLUMNS.len() {
        out.push(Relation {
            kind: RelationKind::Balance,
            index: col,
            parts: vec![CellRef { row: new, col }, CellRef { row: carry_in, col }],
            totals: vec![
                CellRef { row: total, col },
                CellRef {
                    row: carry_out,
                    col,
                },
            ],
        });
    }
    out
}
