//! Table 四: one printed row of 15 numbers under header words that are never read
//! (docs/format.md §6). Read by position; run-together digits are cut with NB201's help.

use super::rows::{read_row, row_findings, ReadKind, Reading};
use super::tokens::{TokKind, Token};
use crate::finding::{Code, Finding};
use crate::model::{BoundRow, Cell, Table};
use crate::span::Span;
use crate::template::{ColumnDef, TableTemplate, ValueKind};

const N: usize = 15;
/// The cells of each of the table's three rows: the printed row is the three side by side.
const ROW: usize = 5;

/// The 15 physical columns of the printed row.
fn flat_columns() -> Vec<ColumnDef> {
    vec![
        ColumnDef {
            id: "n",
            label: "",
            kind: ValueKind::Count
        };
        N
    ]
}

#[derive(Clone)]
pub struct S4 {
    pub table: Option<Table>,
    pub findings: Vec<Finding>,
}

/// Runs of consecutive numbers, broken by label text. The empty cells of a header line (words
/// and no number: `结果维持 | … | 总计 | |||`) are not values: 四's row is unlabelled, and they
/// would run into a row left blank below them (15 empty cells, a draft's) and hide it.
fn runs(tokens: &[Token]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut cur = Vec::new();
    let header = header_lines(tokens);
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            TokKind::Edge if header.binary_search(&t.line).is_ok() => {}
            TokKind::Num(_) | TokKind::Blank | TokKind::Edge => cur.push(i),
            TokKind::Label(_) | TokKind::Multi(_) if !cur.is_empty() => {
                out.push(std::mem::take(&mut cur))
            }
            _ => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The lines holding label text and no number or blank value (sorted: tokens come in line
/// order).
fn header_lines(tokens: &[Token]) -> Vec<usize> {
    let valued = |t: &Token| matches!(t.kind, TokKind::Num(_) | TokKind::Blank | TokKind::Multi(_));
    tokens
        .chunk_by(|a, b| a.line == b.line)
        .filter(|line| {
            line.iter().any(|t| matches!(t.kind, TokKind::Label(_))) && !line.iter().any(valued)
        })
        .map(|line| line[0].line)
        .collect()
}

pub fn read_s4(text: &str, tokens: &[Token]) -> S4 {
    let runs = runs(tokens);
    let template = TableTemplate::s4();
    let Some(nums) = printed_row(tokens, &runs) else {
        return row_in_pieces(tokens, &runs, template);
    };
    let cols = flat_columns();
    let mut reading = read_row(tokens, nums, 0, None, &cols);
    // The flat row's relations are the three NB201 groups, on physical columns.
    resolve_flat(&mut reading, &template);
    super::rows::settle_aligned(&mut reading);
    let mut findings = Vec::new();
    row_findings(text, tokens, &reading, "四", &cols, None, &mut findings);
    S4 {
        table: Some(table_of(tokens, &reading, template)),
        findings,
    }
}

/// The run that is the printed row: 15 numbers (or no more than 15 among empty cells at its
/// edges), else at most three numbers of 15 digits or more (run together), else a run of one
/// or two numbers too many.
fn printed_row<'r>(tokens: &[Token], runs: &'r [Vec<usize>]) -> Option<&'r Vec<usize>> {
    // a run's own numbers and blanks, without the empty cells at its edges
    let core = |r: &Vec<usize>| {
        r.iter()
            .filter(|&&t| tokens[t].kind != TokKind::Edge)
            .count()
    };
    runs.iter()
        .find(|r| r.len() == N || (core(r) <= N && r.len() > N && core(r) > 0))
        .or_else(|| {
            runs.iter()
                .find(|r| r.len() < N && r.len() <= 3 && digits_in(tokens, r) >= N)
        })
        .or_else(|| runs.iter().find(|r| r.len() > N && r.len() <= N + 2))
}

/// No run is the row. When the 15 numbers come in pieces between header words (011): NB021,
/// and a table of unknown cells; else no table.
fn row_in_pieces(tokens: &[Token], runs: &[Vec<usize>], template: TableTemplate) -> S4 {
    let total: usize = runs.iter().map(Vec::len).sum();
    if total != N || runs.len() <= 1 {
        return S4 {
            table: None,
            findings: Vec::new(),
        };
    }
    let first = tokens[runs[0][0]].span;
    let finding = Finding::new(
        Code::NB021,
        first,
        format!(
            "此行只有{}个数字，表格有{N}栏，无法确定各栏数值，本行未参与核对。",
            runs[0].len()
        ),
    );
    let mut table = Table::new(template, first);
    for slot in table.rows.iter_mut() {
        *slot = Some(BoundRow {
            label_span: None,
            cells: (0..ROW)
                .map(|_| {
                    Some(Cell {
                        span: Span::new(first.start, first.start),
                        value: None,
                        blank: false,
                    })
                })
                .collect(),
        });
    }
    S4 {
        table: Some(table),
        findings: vec![finding],
    }
}

/// The table of the flat row read: its three groups of five as the template's three rows,
/// unknown cells where no candidate was chosen.
fn table_of(tokens: &[Token], reading: &Reading, template: TableTemplate) -> Table {
    let span = super::rows::numbers_span(tokens, reading).unwrap_or_default();
    let mut table = Table::new(template, span);
    for g in 0..N / ROW {
        let cells = (0..ROW)
            .map(|c| {
                let cell = reading
                    .chosen
                    .map(|ch| reading.all[ch][g * ROW + c].clone());
                Some(match cell {
                    Some(c) => Cell {
                        span: c.span,
                        value: c.value,
                        blank: c.blank,
                    },
                    None => Cell {
                        span: Span::new(span.start, span.start),
                        value: None,
                        blank: false,
                    },
                })
            })
            .collect();
        table.rows[g] = Some(BoundRow {
            label_span: None,
            cells,
        });
    }
    table
}

fn digits_in(tokens: &[Token], run: &[usize]) -> usize {
    run.iter()
        .filter_map(|&t| tokens[t].num())
        .map(|n| n.digits.len())
        .sum()
}

/// How many of the three NB201 groups candidate `i` of the flat row breaks.
fn failing(r: &Reading, template: &TableTemplate, i: usize) -> usize {
    let v: Vec<Option<i64>> = r.all[i]
        .iter()
        .map(|c| c.value.and_then(|v| v.as_int()))
        .collect();
    template
        .relations
        .iter()
        .filter(|rel| super::rows::holds(rel, &|row, col| v[row * ROW + col]) == Some(false))
        .count()
}

/// Choose among candidates of the flat 15-number row with the three NB201 relations.
fn resolve_flat(r: &mut Reading, template: &TableTemplate) {
    if r.all.len() <= 1 {
        r.chosen = (!r.all.is_empty()).then_some(0);
        return;
    }
    r.fit = (0..r.all.len())
        .filter(|&i| failing(r, template, i) == 0)
        .collect();
    match (&r.kind, r.fit.len()) {
        (_, 1) => r.chosen = Some(r.fit[0]),
        (ReadKind::Extra { .. }, 0) => r.chosen = Some(0),
        // numbers placed among empty cells, none making every group hold: the placement that
        // breaks the fewest groups, so the wrong cell is the one found
        (ReadKind::Aligned, 0) => {
            r.chosen = (0..r.all.len()).min_by_key(|&i| failing(r, template, i));
        }
        _ => r.chosen = None,
    }
}
