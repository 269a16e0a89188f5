//! The value that balances a cell, for an editor's completion while a table is being filled in.
//!
//! In a cell that is the stated total of a relation (a row's 总计, （七）总计, a 复议/诉讼 总计) the
//! value is the sum of its parts as the checks read them — a blank part counts 0, as NB024 says —
//! so accepting it can never make that relation fail. In any other cell of a relation the value
//! is what balances the relation once every other cell of it is filled in: a blank counts as not
//! filled there, or a half-filled table would get "the rest" proposed in its first cell. The
//! relations are the template's ([`crate::template::Relation`]), the ones the checks evaluate and
//! the hover prints.
//!
//! Which cell the cursor is in is the reader's decision, not a guess about the layout: a cursor
//! on a number (or right after it) is in that cell; a cursor in a gap of a table's lines — an
//! empty cell, after the last `|` of a row being typed, on an empty line of a one-cell-a-line
//! table — is in the cell a number typed there would be bound to, found by reading the text with
//! a `0` at the cursor.

use std::cmp::Reverse;

use crate::analysis::Analysis;
use crate::hover::relation_name;
use crate::model::{Report, Table};
use crate::span::Span;
use crate::template::{CellRef, Relation, TableKind};

/// One value to offer, with the relations that give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub value: i64,
    /// One per relation giving this value: `9 + 2 + 0 + 0 + 0 + 1 = 12`.
    pub formulas: Vec<String>,
    /// The same relations by name and code: `“1.本机关不掌握相关政府信息”行总计（NB101）`.
    pub relations: Vec<String>,
    /// The cell is the stated total of one of these relations (the value is a plain sum, and
    /// the first formula is that sum).
    pub as_total: bool,
}

/// What completion offers in one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProposals {
    pub table: TableKind,
    pub cell: CellRef,
    /// `（四）无法提供 › 1.本机关不掌握相关政府信息 × 总计`
    pub name: String,
    /// The bytes a value replaces: the cell's number (or mark), or the cursor in a gap.
    pub span: Span,
    /// Sums first, then by how many relations agree; empty when no relation is decided.
    pub proposals: Vec<Proposal>,
}

impl CellProposals {
    /// Markdown for one proposal, as a completion item's documentation: the cell, then each
    /// relation that gives the value with its formula.
    pub fn describe(&self, p: &Proposal) -> String {
        let mut out = format!("**第{}部分** · {}", self.table.section_numeral(), self.name);
        for (name, formula) in p.relations.iter().zip(&p.formulas) {
            out.push_str(&format!("\n\n{name}：{formula}"));
        }
        out
    }
}

/// The proposals for the cell at byte `offset` of `text`, analysed as `analysis`; `None` when
/// the cursor is in no cell of a table with relations.
pub fn propose(analysis: &Analysis, text: &str, offset: usize) -> Option<CellProposals> {
    if let Some((table, at, span)) = cell_on(&analysis.report, offset) {
        return Some(proposals_in(table, at, span));
    }
    if !in_table_lines(&analysis.report, text, offset) || !is_gap(text, offset) {
        return None;
    }
    let mut probe = String::with_capacity(text.len() + 1);
    probe.push_str(&text[..offset]);
    probe.push('0');
    probe.push_str(&text[offset..]);
    let probed = crate::analysis::analyse(&probe);
    let placed = Span::new(offset, offset + 1);
    probed.report.tables.iter().find_map(|t| {
        let (at, _) = t.cells().find(|(_, c)| c.span == placed)?;
        has_relations(t).then(|| proposals_in(t, at, Span::new(offset, offset)))
    })
}

fn has_relations(table: &Table) -> bool {
    !table.template.relations.is_empty()
}

/// The cell whose printed number (or placeholder) the cursor is on or right after.
fn cell_on(report: &Report, offset: usize) -> Option<(&Table, CellRef, Span)> {
    report
        .tables
        .iter()
        .filter(|t| has_relations(t))
        .find_map(|t| t.cell_at(offset).map(|(at, c)| (t, at, c.span)))
}

/// Is `offset` on one of a table's lines, or on the line after its last one (the row being
/// typed under it)?
fn in_table_lines(report: &Report, text: &str, offset: usize) -> bool {
    // `get`: a span of a web page's analysis may end inside a character of its markup
    let line_start = |at: usize| {
        text.get(..at)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1)
    };
    let line_end = |at: usize| {
        text.get(at..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| at + i)
    };
    report.tables.iter().filter(|t| has_relations(t)).any(|t| {
        let end = line_end(t.span.end.min(text.len()));
        let next = line_end((end + 1).min(text.len()));
        line_start(t.span.start) <= offset && offset <= next
    })
}

/// A cursor between cells: no letter or digit touches it on either side (a digit there would
/// make the probe's `0` part of another number).
fn is_gap(text: &str, offset: usize) -> bool {
    if !text.is_char_boundary(offset) {
        return false;
    }
    let word = |c: char| c.is_alphanumeric() || c == '.' || c == ',';
    !text[..offset].chars().next_back().is_some_and(word)
        && !text[offset..].chars().next().is_some_and(word)
}

fn proposals_in(table: &Table, at: CellRef, span: Span) -> CellProposals {
    let t = &table.template;
    // each decided relation: (is `at` its stated total, value, formula, name); sums first, then
    // the template's order of relations (stable sort)
    let mut decided: Vec<(bool, i64, String, String)> = t
        .relations_of(at)
        .filter_map(|rel| {
            let (value, formula) = balance(table, rel, at)?;
            let name = format!("{}（{}）", relation_name(table, rel), rel.kind.code());
            Some((rel.stated() == at, value, formula, name))
        })
        .collect();
    decided.sort_by_key(|d| !d.0);
    let mut proposals: Vec<Proposal> = Vec::new();
    for (as_total, value, formula, name) in decided {
        match proposals.iter_mut().find(|p| p.value == value) {
            Some(p) => {
                p.formulas.push(formula);
                p.relations.push(name);
            }
            None => proposals.push(Proposal {
                value,
                formulas: vec![formula],
                relations: vec![name],
                as_total,
            }),
        }
    }
    proposals.sort_by_key(|p| (!p.as_total, Reverse(p.relations.len())));
    CellProposals {
        table: table.kind(),
        cell: at,
        name: format!("{} × {}", t.rows[at.row].path(), t.columns[at.col].label),
        span,
        proposals,
    }
}

/// The value of `at` that makes `rel` hold, with its formula (`59 + 2 − 4 = 57`): the other side
/// summed, less the rest of `at`'s side. `None` when a cell it needs is unknown (or, unless `at`
/// is the stated total, blank), when nothing but blanks was summed, or when it would be negative.
fn balance(table: &Table, rel: &Relation, at: CellRef) -> Option<(i64, String)> {
    let as_total = rel.stated() == at;
    let (same, other) = if rel.totals.contains(&at) {
        (&rel.totals, &rel.parts)
    } else {
        (&rel.parts, &rel.totals)
    };
    let mut filled = false;
    let mut known = |c: CellRef| -> Option<i64> {
        let cell = table.cell(c)?;
        if cell.blank && !as_total {
            return None;
        }
        filled |= !cell.blank;
        cell.int()
    };
    let plus: Vec<i64> = other.iter().map(|&c| known(c)).collect::<Option<_>>()?;
    let minus: Vec<i64> = same
        .iter()
        .filter(|&&c| c != at)
        .map(|&c| known(c))
        .collect::<Option<_>>()?;
    let value = plus.iter().sum::<i64>() - minus.iter().sum::<i64>();
    if !filled || value < 0 {
        return None;
    }
    let mut formula = plus
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(" + ");
    for m in minus {
        formula.push_str(&format!(" − {m}"));
    }
    Some((value, format!("{formula} = {value}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(name: &str) -> String {
        let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    /// Offset of the `nth` (0-based) match of `needle` in `text`, plus `plus` bytes.
    fn at(text: &str, needle: &str, plus: usize) -> usize {
        text.find(needle).unwrap_or_else(|| panic!("{needle}")) + plus
    }

    fn values(p: &CellProposals) -> Vec<i64> {
        p.proposals.iter().map(|p| p.value).collect()
    }

    #[test]
    fn a_wrong_row_total_gets_the_sum_first_with_its_formula() {
        let text = example("unbalanced.txt");
        let a = crate::analyse(&text);
        let thirteen = at(&text, "| 1 | 13 |", 6);
        let p = propose(&a, &text, thirteen + 2).expect("on the 13");
        assert_eq!(p.span, Span::new(thirteen, thirteen + 2));
        assert_eq!(p.name, "（四）无法提供 › 1.本机关不掌握相关政府信息 × 总计");
        let first = &p.proposals[0];
        assert_eq!(first.value, 12);
        assert!(first.as_total);
        assert_eq!(first.formulas[0], "9 + 2 + 0 + 0 + 0 + 1 = 12");
        assert_eq!(
            first.relations[0],
            "“1.本机关不掌握相关政府信息”行总计（NB101）"
        );
        // its column (总计 of the outcome rows) gives the same 12: one proposal, two formulas
        assert_eq!(values(&p), [12]);
        assert_eq!(first.relations.len(), 2, "{first:?}");
        let doc = p.describe(first);
        assert!(doc.starts_with("**第三部分** · （四）无法提供"), "{doc}");
        assert!(
            doc.contains("行总计（NB101）：9 + 2 + 0 + 0 + 0 + 1 = 12"),
            "{doc}"
        );
    }

    #[test]
    fn review_total_and_outcome_total_are_sums() {
        let text = example("unbalanced.txt");
        let a = crate::analyse(&text);
        // 四: 2 | 1 | 0 | 1 | 5 — 行政复议's 总计 5 is one too many
        let five = at(&text, "2 | 1 | 0 | 1 | 5 |", 16);
        let p = propose(&a, &text, five).unwrap();
        assert_eq!(values(&p), [4]);
        assert_eq!(p.proposals[0].formulas, ["2 + 1 + 0 + 1 = 4"]);
        assert_eq!(p.table, TableKind::S4);
        // （七）总计 × 自然人 (73): NB102 and NB103 both give 73, its row total (NB101) another way
        let seventy_three = at(&text, "（七）总计 | 73", "（七）总计 | ".len());
        let p = propose(&a, &text, seventy_three + 1).unwrap();
        assert_eq!(p.proposals[0].value, 73);
        assert!(p.proposals[0].as_total);
        // every relation of the cell agrees: both sums first, then its row (NB101) solved for it
        assert_eq!(p.proposals[0].relations.len(), 3);
        assert_eq!(p.proposals[0].formulas[1], "74 + 4 − 5 = 73");
        assert_eq!(p.proposals[0].formulas[2], "84 − 7 − 1 − 1 − 1 − 1 = 73");
    }

    #[test]
    fn a_total_being_typed_is_offered_the_sum() {
        let text = example("clean.txt").replace(
            "（七）总计 | 49 | 4 | 0 | 1 | 2 | 1 | 57 | ||",
            "（七）总计 | 49 | 4 | 0 | 1 | 2 | 1 | 5",
        );
        let a = crate::analyse(&text);
        let five = at(&text, "| 1 | 5\n", 6);
        let p = propose(&a, &text, five + 1).unwrap();
        assert_eq!(p.span, Span::new(five, five + 1));
        assert_eq!(values(&p), [57]);
        assert_eq!(p.proposals[0].relations.len(), 3);
    }

    #[test]
    fn an_empty_total_or_the_end_of_a_row_gets_an_insertion_at_the_cursor() {
        for (row, cursor) in [
            ("（七）总计 | 49 | 4 | 0 | 1 | 2 | 1 |  |", 1),
            ("（七）总计 | 49 | 4 | 0 | 1 | 2 | 1 | ", 0),
            ("（七）总计 | 49 | 4 | 0 | 1 | 2 | 1 |", 0),
        ] {
            let text =
                example("clean.txt").replace("（七）总计 | 49 | 4 | 0 | 1 | 2 | 1 | 57 | ||", row);
            let a = crate::analyse(&text);
            let offset = at(&text, row, row.len() - cursor);
            let p = propose(&a, &text, offset).unwrap_or_else(|| panic!("{row:?}"));
            assert_eq!(p.span, Span::new(offset, offset), "{row:?}");
            assert_eq!(p.cell.col, 6, "{row:?}");
            assert_eq!(values(&p), [57], "{row:?}");
        }
    }

    #[test]
    fn a_leaf_gets_the_value_that_balances_once_the_rest_is_filled() {
        let text = example("clean.txt").replace(
            "2.重复申请 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | ||",
            "2.重复申请 |  | 0 | 0 | 0 | 0 | 0 | 2 | ||",
        );
        let a = crate::analyse(&text);
        let p = propose(&a, &text, at(&text, "2.重复申请 | ", "2.重复申请 | ".len())).unwrap();
        assert_eq!(values(&p), [2]);
        assert!(!p.proposals[0].as_total);
        assert_eq!(p.proposals[0].formulas[0], "2 − 0 − 0 − 0 − 0 − 0 = 2");
        assert_eq!(p.proposals[0].relations.len(), 2, "NB101 and NB102 agree");
    }

    /// A served web page (no finding in its tables): at every stated total of 三 and 四, on the
    /// page's own bytes, the first value offered is the total printed there.
    #[test]
    fn on_a_web_page_every_total_is_offered_its_own_value() {
        let path = format!(
            "{}/tests/corpus/web/pingtan_2022.page.html",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        let a = crate::analyse(&text);
        let mut seen = 0;
        for t in a.report.tables.iter().filter(|t| has_relations(t)) {
            for rel in t.template.relations {
                let Some(cell) = t.cell(rel.stated()).filter(|c| !c.span.is_empty()) else {
                    continue;
                };
                let p = propose(&a, &text, cell.span.end).expect("in the cell");
                assert_eq!(p.span, cell.span);
                assert_eq!(p.proposals[0].value, cell.int().unwrap(), "{}", p.name);
                seen += 1;
            }
        }
        assert!(seen >= 39 + 3, "{seen}");
    }

    #[test]
    fn blanks_and_prose_offer_nothing() {
        use crate::authoring::blank::{empty_section, Layout};
        use crate::template::TemplateYear;
        let mut text = String::from(
            "某县人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n",
        );
        text += &empty_section(3, TemplateYear::T2021, Layout::Pipe).unwrap();
        text += "四、政府信息公开行政复议、行政诉讼情况\n";
        let a = crate::analyse(&text);
        // （七）总计 of an empty table: nothing typed, nothing to sum
        let total = at(&text, "（七）总计 | ", "（七）总计 | ".len());
        assert!(propose(&a, &text, total).unwrap().proposals.is_empty());
        // one part typed: its row total is offered; the parts beside it are not
        let typed = text.replacen(
            "一、本年新收政府信息公开申请数量 |  |",
            "一、本年新收政府信息公开申请数量 | 7 |",
            1,
        );
        let a = crate::analyse(&typed);
        let row = at(&typed, "一、本年新收", 0);
        let line = &typed[row..row + typed[row..].find('\n').unwrap()];
        let last = row + line.rfind("  |").unwrap() + 1;
        assert_eq!(values(&propose(&a, &typed, last).unwrap()), [7]);
        let second = row + line.find("| 7 |  |").unwrap() + 5;
        assert!(propose(&a, &typed, second).unwrap().proposals.is_empty());
        // the title line is in no table
        assert_eq!(propose(&a, &typed, 3), None);
    }
}
