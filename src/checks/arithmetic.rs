//! NB101, NB102, NB103 (table 三) and NB201 (table 四): every relation of the template,
//! evaluated on the known cells, reported where [`crate::locate`] puts the blame.

use crate::finding::{Applicability, Edit, Finding, Fix, Related};
use crate::locate::{locate, residuals, Repair, Verdict};
use crate::model::Table;
use crate::template::{CellRef, Relation, RelationKind};
use crate::text::push_int;

/// The official wording of a relation's failure (docs/relations.md §3–§4).
fn message(table: &Table, rel: &Relation, delta: i64) -> String {
    let t = &table.template;
    let sum = |cells: &[CellRef]| -> i64 { cells.iter().filter_map(|&c| table.int(c)).sum() };
    let (parts, totals) = (sum(&rel.parts), sum(&rel.totals));
    let diff = delta.abs();
    match rel.kind {
        RelationKind::RowTotal => format!(
            "第三部分表格“{}”行：各类申请人之和为{parts}，与“总计”{totals}不一致（相差{diff}）。",
            t.rows[rel.index].short_label()
        ),
        RelationKind::OutcomeTotal => format!(
            "第三部分表格“{}”栏：（一）至（六）各项办理结果之和为{parts}，与“（七）总计”{totals}不一致（相差{diff}）。",
            t.columns[rel.index].label
        ),
        RelationKind::Balance => format!(
            "第三部分表格“{}”栏：第一项加第二项之和为{parts}，第三项（七）总计加第四项之和为{totals}，不符合“第一项加第二项之和，等于第三项加第四项之和”（相差{diff}）。",
            t.columns[rel.index].label
        ),
        RelationKind::ReviewTotal => format!(
            "第四部分表格“{}”：结果维持、结果纠正、其他结果、尚未审结之和为{parts}，与“总计”{totals}不一致（相差{diff}）。",
            t.rows[rel.index].label
        ),
    }
}

/// `“（一）予以公开”自然人栏`, appended to `out`: a table with failing relations names many
/// cells (each candidate of a repair, in its message and its fix).
fn push_cell_name(out: &mut String, table: &Table, c: CellRef) {
    let t = &table.template;
    let row = match table.kind() {
        crate::template::TableKind::S4 => t.rows[c.row].label,
        _ => t.rows[c.row].short_label(),
    };
    out.push('“');
    out.push_str(row);
    out.push('”');
    out.push_str(t.columns[c.col].label);
    out.push('栏');
}

/// Room for one candidate's change in a message (`候选：“（二）部分公开”法人或其他组织栏改为12`
/// is 70 bytes), so the message grows once.
const CANDIDATE_BYTES: usize = 96;

/// `将“（一）予以公开”自然人栏改为12` (`prefix` first), appended to `out`.
fn push_change(out: &mut String, prefix: &str, table: &Table, r: &Repair) {
    out.push_str(prefix);
    push_cell_name(out, table, r.cell);
    out.push_str("改为");
    push_int(out, r.value);
}

fn repair_fix(table: &Table, repairs: &[Repair], applicability: Applicability) -> Option<Fix> {
    let edits: Option<Vec<Edit>> = repairs
        .iter()
        .map(|r| {
            let cell = table.cell(r.cell)?;
            (!cell.span.is_empty()).then(|| Edit {
                span: cell.span,
                replacement: r.value.to_string(),
            })
        })
        .collect();
    let mut title = String::with_capacity(repairs.len() * CANDIDATE_BYTES);
    for (i, r) in repairs.iter().enumerate() {
        push_change(&mut title, if i == 0 { "将" } else { "，将" }, table, r);
    }
    Some(Fix {
        title,
        applicability,
        edits: edits?,
    })
}

/// The cells a relation sums, each named by what differs between them: the column inside
/// one row (NB101, NB201), the row inside one column (NB102, NB103).
fn related_cells(table: &Table, rel: &Relation) -> Vec<Related> {
    let t = &table.template;
    rel.cells()
        .filter_map(|c| {
            let cell = table.cell(c)?;
            let name = match rel.kind {
                RelationKind::RowTotal | RelationKind::ReviewTotal => t.columns[c.col].label,
                RelationKind::OutcomeTotal | RelationKind::Balance => t.rows[c.row].short_label(),
            };
            let mut message = String::with_capacity(name.len() + 8);
            message.push_str(name);
            message.push('：');
            match cell.int() {
                Some(v) => push_int(&mut message, v),
                None => message.push('?'),
            }
            Some(Related {
                span: cell.span,
                message,
            })
        })
        .collect()
}

/// Run the table's relations and report each failing one.
pub fn check_table(table: &Table) -> Vec<Finding> {
    let t = &table.template;
    if t.relations.is_empty() {
        return Vec::new();
    }
    let get = |c: CellRef| table.int(c);
    let res = residuals(t, &get);
    let failing: Vec<usize> = (0..res.len())
        .filter(|&i| res[i].is_some_and(|d| d != 0))
        .collect();
    if failing.is_empty() {
        return Vec::new();
    }
    let verdict = locate(t, &get, &res);
    let mut out = Vec::new();
    for &i in &failing {
        let rel = &t.relations[i];
        let delta = res[i].unwrap();
        let stated = table
            .cell(rel.stated())
            .map(|c| c.span)
            .unwrap_or(table.span);
        let mut msg = message(table, rel, delta);
        let mut related = related_cells(table, rel);
        let mut fixes = Vec::new();
        let mut span = stated;
        match &verdict {
            Verdict::Single(rs) if rs.len() == 1 => {
                let r = rs[0];
                push_cell_name(&mut msg, table, r.cell);
                msg.push_str("应为");
                push_int(&mut msg, r.value);
                msg.push('。');
                if let Some(c) = table.cell(r.cell) {
                    span = c.span;
                }
                fixes.extend(repair_fix(table, &[r], Applicability::Safe));
            }
            Verdict::Single(rs) => {
                // several cells could each be the one: the total first, then the others
                let mut rs = rs.clone();
                rs.sort_by_key(|r| (r.cell != rel.stated(), r.cell));
                msg.push_str(&format!("可能出错的单元格有{}个。", rs.len()));
                for r in &rs {
                    if let Some(c) = table.cell(r.cell) {
                        let mut message = String::with_capacity(CANDIDATE_BYTES);
                        push_change(&mut message, "候选：", table, r);
                        related.push(Related {
                            span: c.span,
                            message,
                        });
                    }
                    fixes.extend(repair_fix(table, &[*r], Applicability::Suggested));
                }
            }
            Verdict::Pairs(ps) => {
                msg.push_str(&format!(
                    "没有单个单元格能解释此差异，有{}种两个单元格同时改动的可能。",
                    ps.len()
                ));
                for p in ps {
                    if let Some(c) = table.cell(p[0].cell) {
                        let mut message = String::with_capacity(2 * CANDIDATE_BYTES);
                        push_change(&mut message, "候选：", table, &p[0]);
                        push_change(&mut message, "，", table, &p[1]);
                        related.push(Related {
                            span: c.span,
                            message,
                        });
                    }
                    if ps.len() <= 3 {
                        fixes.extend(repair_fix(table, p, Applicability::Suggested));
                    }
                }
            }
            Verdict::Unknown => {}
        }
        let mut f = Finding::new(rel.kind.code(), span, msg).with_related(related);
        f.fixes = fixes;
        out.push(f);
    }
    out
}
