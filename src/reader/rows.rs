//! From a row's number tokens to candidate value vectors, and choosing among candidates with
//! the table's relations. Shared by tables 三 and 四 (and 二, which has no relations).

use super::split::{part_value, splits, Part};
use super::tokens::{NumTok, TokKind, Token};
use crate::finding::{Applicability, Code, Edit, Finding, Fix};
use crate::model::{BoundRow, Cell, Value};
use crate::span::Span;
use crate::template::{ColumnDef, Relation, TableTemplate, ValueKind};

/// One possible cell value.
#[derive(Debug, Clone, PartialEq)]
pub struct CellCand {
    /// `None` when the number is no valid value for its column (NB027).
    pub value: Option<Value>,
    /// The number's digits, or where an empty cell stands.
    pub span: Span,
    /// An empty or placeholder cell read as 0 (NB024), or a blank 总计 (NB025).
    pub blank: bool,
}

/// How a row's numbers were read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadKind {
    /// As many numbers as columns.
    Plain,
    /// More numbers than columns: `dropped[i]` is the token index each candidate leaves out.
    Extra { n: usize, dropped: Vec<Vec<usize>> },
    /// Digits ran together: `total` is how many ways there were to cut them into the columns.
    Split { total: usize },
    /// Fewer numbers than columns, completed with empty cells at the row's edges: each
    /// candidate places the numbers differently among them (blanks read as 0).
    Aligned,
    /// Fewer numbers than columns and no way to cut them.
    Short { n: usize },
}

/// A row of numbers read for one template row.
#[derive(Debug, Clone)]
pub struct Reading {
    pub row: usize,
    pub label_span: Option<Span>,
    /// The number tokens (indices into the token list).
    pub tokens: Vec<usize>,
    pub kind: ReadKind,
    /// Every candidate vector (one entry per column).
    pub all: Vec<Vec<CellCand>>,
    /// Candidates still standing after the row's own relations.
    pub fit: Vec<usize>,
    /// The chosen candidate, once decided.
    pub chosen: Option<usize>,
    /// Set when the row was bound by its position, its label lost (NB010).
    pub positional: Option<PositionalNote>,
}

/// The row was bound by its position (NB010).
#[derive(Debug, Clone)]
pub struct PositionalNote {
    /// A number that stood where the lost label was, left out of the row: its span and text.
    pub dropped: Option<(Span, String)>,
}

const SPLIT_LIMIT: usize = 20_000;

/// Digits a count may have, as a part cut from digits run together may (`split`): no report
/// counts a quadrillion of anything, and sums of such counts stay far inside an `i64` (found
/// by fuzzing: a row of 19-digit cells overflowed the sum of its parts).
const MAX_COUNT_DIGITS: usize = 15;

/// The value of a number token for a column, or why it is not a valid value.
pub fn value_of(n: &NumTok, kind: ValueKind) -> Option<Value> {
    if kind != ValueKind::Amount && n.digits.len() > MAX_COUNT_DIGITS {
        return None;
    }
    match kind {
        ValueKind::Count => {
            if n.negative || n.is_decimal() {
                return None;
            }
            n.digits.parse().ok().map(Value::Int)
        }
        ValueKind::Delta => {
            let v: i64 = n.digits.parse().ok()?;
            Some(Value::Int(if n.negative { -v } else { v }))
        }
        ValueKind::Amount => {
            let v: f64 = n.digits.parse().ok()?;
            Some(Value::Decimal(if n.negative { -v } else { v }))
        }
    }
}

fn cand_of(tok: &Token, col: &ColumnDef) -> CellCand {
    match &tok.kind {
        TokKind::Num(n) => CellCand {
            value: value_of(n, col.kind),
            span: n.span,
            blank: false,
        },
        _ => CellCand {
            value: Some(Value::Int(0)),
            span: tok.span,
            blank: true,
        },
    }
}

/// Build the candidates of a row from its number tokens.
pub fn read_row(
    tokens: &[Token],
    nums: &[usize],
    row: usize,
    label_span: Option<Span>,
    columns: &[ColumnDef],
) -> Reading {
    let k = columns.len();
    let edges = Edges::of(tokens, nums);
    let nums: &[usize] = match &edges {
        Some(e) if e.core.len() < k && e.core.len() + e.lead.len() + e.trail.len() >= k => {
            return aligned(tokens, e, row, label_span, columns);
        }
        Some(e) => &e.core,
        None => nums,
    };
    let Candidates { kind, all } = if nums.len() == k {
        Candidates {
            kind: ReadKind::Plain,
            all: vec![cands_of(tokens, nums, columns)],
        }
    } else if nums.len() > k && nums.len() - k <= 2 {
        read_extra(tokens, nums, columns)
    } else if nums.len() < k && !nums.is_empty() {
        read_run_together(tokens, nums, columns)
    } else {
        Candidates::short(nums.len())
    };
    Reading {
        row,
        label_span,
        tokens: nums.to_vec(),
        kind,
        fit: (0..all.len()).collect(),
        all,
        chosen: None,
        positional: None,
    }
}

/// How a row's numbers were read, and the candidate vectors read.
struct Candidates {
    kind: ReadKind,
    all: Vec<Vec<CellCand>>,
}

impl Candidates {
    /// Too few numbers, and no way to cut them into the columns.
    fn short(n: usize) -> Self {
        Candidates {
            kind: ReadKind::Short { n },
            all: Vec::new(),
        }
    }
}

/// The candidate of as many number tokens as columns, one for each.
fn cands_of(tokens: &[Token], nums: &[usize], columns: &[ColumnDef]) -> Vec<CellCand> {
    nums.iter()
        .zip(columns)
        .map(|(&t, c)| cand_of(&tokens[t], c))
        .collect()
}

/// One or two numbers more than columns: a candidate for every way to leave them out (those
/// with the same values as an earlier one left out), the relations choose.
fn read_extra(tokens: &[Token], nums: &[usize], columns: &[ColumnDef]) -> Candidates {
    let (n, k) = (nums.len(), columns.len());
    let drops: Vec<Vec<usize>> = if n - k == 1 {
        (0..n).map(|i| vec![i]).collect()
    } else {
        (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| vec![i, j]))
            .collect()
    };
    let mut all: Vec<Vec<CellCand>> = Vec::new();
    let mut dropped = Vec::new();
    for d in drops {
        let kept: Vec<usize> = (0..n).filter(|i| !d.contains(i)).map(|i| nums[i]).collect();
        let cand = cands_of(tokens, &kept, columns);
        let values: Vec<_> = cand.iter().map(|c| c.value).collect();
        if all
            .iter()
            .any(|a| a.iter().map(|c| c.value).eq(values.iter().copied()))
        {
            continue;
        }
        all.push(cand);
        dropped.push(d.iter().map(|&i| nums[i]).collect());
    }
    Candidates {
        kind: ReadKind::Extra { n, dropped },
        all,
    }
}

/// Fewer numbers than columns: digits that ran together, cut into the columns every way
/// there is (up to [`SPLIT_LIMIT`]). Numbers with commas, signs or anything before their
/// digits are not cut.
fn read_run_together(tokens: &[Token], nums: &[usize], columns: &[ColumnDef]) -> Candidates {
    let runs: Option<Vec<&str>> = nums
        .iter()
        .map(|&t| match &tokens[t].kind {
            TokKind::Num(n) if !n.commas && !n.negative && n.raw.starts_with(n.digits.as_str()) => {
                Some(n.digits.as_str())
            }
            _ => None,
        })
        .collect();
    let Some(runs) = runs else {
        return Candidates::short(nums.len());
    };
    let ways = match splits(&runs, columns.len(), SPLIT_LIMIT) {
        Some(ways) if !ways.is_empty() => ways,
        _ => return Candidates::short(nums.len()),
    };
    Candidates {
        kind: ReadKind::Split { total: ways.len() },
        all: ways
            .iter()
            .map(|way| split_cands(tokens, nums, &runs, way, columns))
            .collect(),
    }
}

/// The candidate of one way to cut the digit runs: each part a cell, its span within its run.
fn split_cands(
    tokens: &[Token],
    nums: &[usize],
    runs: &[&str],
    way: &[Part],
    columns: &[ColumnDef],
) -> Vec<CellCand> {
    way.iter()
        .zip(columns)
        .map(|(p, c)| {
            let base = tokens[nums[p.token]].span.start;
            let text = &runs[p.token][p.start..p.end];
            let value = match c.kind {
                ValueKind::Amount => text.parse().ok().map(Value::Decimal),
                _ => part_value(runs, *p).map(Value::Int),
            };
            CellCand {
                value,
                span: Span::new(base + p.start, base + p.end),
                blank: false,
            }
        })
        .collect()
}

/// A row's tokens split at its edge cells ([`TokKind::Edge`]): the numbers and blanks in the
/// middle, and the empty cells before and after them. Edges count only on the line of the
/// row's numbers: a row whose numbers run over lines has no edges.
struct Edges {
    lead: Vec<usize>,
    core: Vec<usize>,
    trail: Vec<usize>,
}

impl Edges {
    fn of(tokens: &[Token], nums: &[usize]) -> Option<Edges> {
        let is_edge = |t: usize| tokens[t].kind == TokKind::Edge;
        if !nums.iter().any(|&t| is_edge(t)) {
            return None;
        }
        let first = nums.iter().position(|&t| !is_edge(t));
        let last = nums.iter().rposition(|&t| !is_edge(t));
        let (lead, core, trail) = match (first, last) {
            (Some(f), Some(l)) => (&nums[..f], &nums[f..=l], &nums[l + 1..]),
            // no number at all: every empty cell of the labelled row, from its first
            _ => (&[][..], &[][..], nums),
        };
        let mut kept = Vec::with_capacity(core.len());
        kept.extend(core.iter().copied().filter(|&t| !is_edge(t)));
        let core = kept;
        let line = core.first().or(trail.first()).map(|&t| tokens[t].line);
        let same_line = |c: &&usize| Some(tokens[**c].line) == line;
        let one_line = core.iter().all(|t| same_line(&t));
        let keep = |e: &[usize]| -> Vec<usize> {
            if one_line {
                e.iter().filter(same_line).copied().collect()
            } else {
                Vec::new()
            }
        };
        Some(Edges {
            lead: keep(lead),
            core,
            trail: keep(trail),
        })
    }
}

/// A row with fewer numbers than columns but enough empty cells around them: every placement
/// of the numbers that fills the row exactly from those cells is a candidate, the ones taking
/// more empty cells before the numbers first (after a row's last number usually comes the
/// table's edge). The relations choose among them; candidates with equal values are one.
fn aligned(
    tokens: &[Token],
    e: &Edges,
    row: usize,
    label_span: Option<Span>,
    columns: &[ColumnDef],
) -> Reading {
    let need = columns.len() - e.core.len();
    let mut all: Vec<Vec<CellCand>> = Vec::new();
    let mut first_tokens = None;
    // `before`: empty cells taken before the numbers, the closest ones
    for before in (need.saturating_sub(e.trail.len())..=need.min(e.lead.len())).rev() {
        let window: Vec<usize> = e.lead[e.lead.len() - before..]
            .iter()
            .chain(&e.core)
            .chain(&e.trail[..need - before])
            .copied()
            .collect();
        let cand: Vec<CellCand> = window
            .iter()
            .zip(columns)
            .map(|(&t, c)| cand_of(&tokens[t], c))
            .collect();
        let same = |a: &Vec<CellCand>| a.iter().map(|c| c.value).eq(cand.iter().map(|c| c.value));
        if !all.iter().any(same) {
            all.push(cand);
            first_tokens.get_or_insert(window);
        }
    }
    let fit = (0..all.len()).collect();
    Reading {
        row,
        label_span,
        tokens: first_tokens.unwrap_or_default(),
        kind: if all.len() == 1 {
            ReadKind::Plain
        } else {
            ReadKind::Aligned
        },
        chosen: (all.len() == 1).then_some(0),
        all,
        fit,
        positional: None,
    }
}

/// Values of a candidate as integers (None where unknown or decimal).
fn ints(c: &[CellCand]) -> Vec<Option<i64>> {
    c.iter().map(|c| c.value.and_then(Value::as_int)).collect()
}

/// Does `rel` hold, fail, or not apply, given a lookup of cell values?
pub fn holds(rel: &Relation, get: &dyn Fn(usize, usize) -> Option<i64>) -> Option<bool> {
    let mut sum = 0i64;
    for c in &rel.parts {
        sum = sum.checked_add(get(c.row, c.col)?)?;
    }
    let mut tot = 0i64;
    for c in &rel.totals {
        tot = tot.checked_add(get(c.row, c.col)?)?;
    }
    Some(sum == tot)
}

/// More combinations of open rows than this are not tried: the rows stay undecided.
const COMBINATION_LIMIT: usize = 4096;

/// Choose a candidate for every reading: first with the relations that involve only its own
/// row, then by trying combinations of the remaining candidates against every relation.
pub fn resolve(readings: &mut [Reading], template: &TableTemplate) {
    for r in readings.iter_mut() {
        filter_by_own_relations(r, template);
    }
    let open: Vec<usize> = (0..readings.len())
        .filter(|&i| readings[i].chosen.is_none() && readings[i].fit.len() > 1)
        .collect();
    let extra_none: Vec<usize> = (0..readings.len())
        .filter(|&i| {
            readings[i].chosen.is_none()
                && readings[i].fit.is_empty()
                && matches!(readings[i].kind, ReadKind::Extra { .. })
        })
        .collect();
    // None when the count overflows
    let combinations: Option<usize> = open
        .iter()
        .map(|&i| readings[i].fit.len())
        .try_fold(1usize, |a, b| a.checked_mul(b));
    if !open.is_empty() && combinations.is_some_and(|n| n <= COMBINATION_LIMIT) {
        let tried = try_combinations(readings, &open, template);
        for (slot, &ri) in open.iter().enumerate() {
            settle_open(&mut readings[ri], slot, &tried);
        }
    }
    for &i in &extra_none {
        // no candidate survived the row's own relation: prefer dropping the first number
        readings[i].chosen = Some(0);
    }
    readings.iter_mut().for_each(settle_aligned);
}

/// The candidates of a row that its own relations allow; chosen if only one is left.
fn filter_by_own_relations(r: &mut Reading, template: &TableTemplate) {
    // only a row read in several ways has candidates to filter (most are read in one)
    let own: Vec<&Relation> = if r.all.len() > 1 {
        let row = r.row;
        let own = template.relations.iter();
        own.filter(|rel| rel.cells().all(|c| c.row == row))
            .collect()
    } else {
        Vec::new()
    };
    if !own.is_empty() {
        let fit: Vec<usize> = (0..r.all.len())
            .filter(|&i| {
                let v = ints(&r.all[i]);
                own.iter()
                    .all(|rel| holds(rel, &|_, col| v.get(col).copied().flatten()) != Some(false))
            })
            .collect();
        r.fit = fit;
    }
    if r.fit.len() == 1 {
        r.chosen = Some(r.fit[0]);
    }
    if r.all.len() == 1 {
        r.chosen = Some(0);
    }
    if r.fit.is_empty() && r.kind == ReadKind::Aligned {
        // the row is wrong under every placement: the column relations choose the
        // placement that breaks the fewest relations overall
        r.fit = (0..r.all.len()).collect();
    }
}

/// What trying every combination of the open rows' candidates found. A combination is one
/// index into `fit` per open row (per slot).
struct Tried {
    /// the combinations under which every relation holds
    passing: Vec<Vec<usize>>,
    /// the first combination with the fewest failing relations
    fewest_failing: Vec<usize>,
}

/// Try every combination of the open rows' candidates, with the decided rows, against every
/// relation of the table.
fn try_combinations(readings: &[Reading], open: &[usize], template: &TableTemplate) -> Tried {
    let rows = template.rows.len();
    let cols = template.columns.len();
    let mut grid: Vec<Vec<Option<i64>>> = vec![vec![None; cols]; rows];
    for r in readings {
        if let Some(c) = r.chosen {
            grid[r.row] = ints(&r.all[c]);
        }
    }
    let mut passing: Vec<Vec<usize>> = Vec::new();
    let mut best: Option<(usize, Vec<usize>)> = None;
    let mut choice = vec![0usize; open.len()];
    loop {
        for (slot, &ri) in open.iter().enumerate() {
            let r = &readings[ri];
            grid[r.row] = ints(&r.all[r.fit[choice[slot]]]);
        }
        let failing = template
            .relations
            .iter()
            .filter(|rel| holds(rel, &|row, col| grid[row][col]) == Some(false))
            .count();
        if failing == 0 {
            passing.push(choice.clone());
        }
        if best.as_ref().is_none_or(|b| failing < b.0) {
            best = Some((failing, choice.clone()));
        }
        if !next_combination(&mut choice, readings, open) {
            break;
        }
    }
    Tried {
        passing,
        fewest_failing: best.map(|(_, choice)| choice).unwrap_or_default(),
    }
}

/// Step `choice` to the next combination, the first slot turning fastest; false after the
/// last one.
fn next_combination(choice: &mut [usize], readings: &[Reading], open: &[usize]) -> bool {
    for (slot, &ri) in open.iter().enumerate() {
        choice[slot] += 1;
        if choice[slot] < readings[ri].fit.len() {
            return true;
        }
        choice[slot] = 0;
    }
    false
}

/// An open row after the combinations: chosen when every passing combination agrees on it,
/// narrowed to what they pick when they differ; with none passing, an extra or aligned row
/// takes the candidate of the combination with the fewest failures, any other is unknown.
fn settle_open(r: &mut Reading, slot: usize, tried: &Tried) {
    let picks: Vec<usize> = tried.passing.iter().map(|p| r.fit[p[slot]]).collect();
    if !picks.is_empty() && picks.iter().all(|&p| p == picks[0]) {
        r.chosen = Some(picks[0]);
        r.fit = vec![picks[0]];
    } else if picks.is_empty() && matches!(r.kind, ReadKind::Extra { .. } | ReadKind::Aligned) {
        // no reading makes every relation hold: keep the one with the fewest failures
        r.chosen = Some(r.fit[tried.fewest_failing[slot]]);
    } else if !picks.is_empty() {
        let mut distinct = picks.clone();
        distinct.sort();
        distinct.dedup();
        r.fit = distinct;
    } else {
        r.fit.clear();
    }
}

/// A placement of numbers among empty cells that the relations could not decide (or that all
/// break one): the first one still standing, the preferred one, so a wrong cell is still found.
pub fn settle_aligned(r: &mut Reading) {
    if r.kind == ReadKind::Aligned && r.chosen.is_none() {
        r.chosen = Some(r.fit.first().copied().unwrap_or(0));
    }
}

/// Turn the chosen candidates into bound rows (unknown cells where nothing was chosen).
pub fn bound_row(r: &Reading, ncols: usize, row_span: Span) -> BoundRow {
    let cells = match r.chosen {
        Some(c) => r.all[c]
            .iter()
            .map(|c| {
                Some(Cell {
                    span: c.span,
                    value: c.value,
                    blank: c.blank,
                })
            })
            .collect(),
        None => {
            let at = row_span;
            (0..ncols)
                .map(|_| {
                    Some(Cell {
                        span: Span::new(at.start, at.start),
                        value: None,
                        blank: false,
                    })
                })
                .collect()
        }
    };
    BoundRow {
        label_span: r.label_span,
        cells,
    }
}

/// NB024's message: a cell left empty, or one holding a placeholder (`-`, `/`, `无`: the span
/// covers it).
pub fn blank_message(span: Span) -> &'static str {
    if span.is_empty() {
        "空白单元格按0计。"
    } else {
        "占位符按0计。"
    }
}

fn show_values(c: &[CellCand]) -> String {
    c.iter()
        .map(|c| c.value.map_or("?".to_owned(), |v| v.to_string()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The span of all of a row's number tokens.
pub fn numbers_span(tokens: &[Token], r: &Reading) -> Option<Span> {
    let first = tokens.get(*r.tokens.first()?)?.span;
    let last = tokens.get(*r.tokens.last()?)?.span;
    Some(first.cover(last))
}

/// Structure findings about how a row was read (NB010, NB020, NB021, NB023, NB024, NB026,
/// NB027), with their fixes.
pub fn row_findings(
    text: &str,
    tokens: &[Token],
    r: &Reading,
    row_label: &str,
    columns: &[ColumnDef],
    total_col: Option<usize>,
    out: &mut Vec<Finding>,
) {
    let Some(span) = numbers_span(tokens, r) else {
        return;
    };
    let k = columns.len();
    let row = RowText {
        text,
        tokens,
        r,
        span,
    };
    if let Some(p) = &r.positional {
        out.push(positional_finding(tokens, r, p, row_label));
    }
    match &r.kind {
        ReadKind::Plain | ReadKind::Aligned => {}
        // the extra number sat in the lost label's place: NB010 said so
        ReadKind::Extra { .. } if r.positional.is_some() => {}
        ReadKind::Extra { n, dropped } => match r.chosen {
            Some(c) => out.push(extra_numbers_finding(&row, *n, k, c, &dropped[c])),
            None => out.push(Finding::new(
                Code::NB020,
                span,
                format!("此行有{n}个数字，表格只有{k}栏，无法确定各栏数值，本行未参与核对。"),
            )),
        },
        ReadKind::Split { total } => match r.chosen {
            Some(c) => out.push(split_finding(&row, c)),
            None => {
                let k_fit = r.fit.len();
                out.push(Finding::new(Code::NB023, span,
                    format!("本行数字连在一起，有{k_fit}种拆分方式符合勾稽关系，无法确定（共{total}种拆分方式）。"),
                ));
            }
        },
        ReadKind::Short { n } => out.push(Finding::new(
            Code::NB021,
            span,
            format!("此行只有{n}个数字，表格有{k}栏，无法确定各栏数值，本行未参与核对。"),
        )),
    }
    cell_findings(tokens, r, total_col, out);
}

/// A row as read, with the text and tokens it was read from and the span of its numbers.
#[derive(Clone, Copy)]
struct RowText<'a> {
    text: &'a str,
    tokens: &'a [Token],
    r: &'a Reading,
    span: Span,
}

/// NB010: the row was bound by its position; at the number left out in its label's place, if
/// any, else at its first number.
fn positional_finding(
    tokens: &[Token],
    r: &Reading,
    p: &PositionalNote,
    row_label: &str,
) -> Finding {
    let mut msg = format!("此行缺少行标题，已按位置认定为“{row_label}”");
    if let Some((_, v)) = &p.dropped {
        msg.push_str(&format!("，行标题位置上的数字{v}已忽略"));
    }
    msg.push('。');
    let at = p.dropped.as_ref().map_or(tokens[r.tokens[0]].span, |d| d.0);
    Finding::new(Code::NB010, at, msg)
}

/// NB020 when the relations chose which numbers to leave out, with the fix that deletes them.
fn extra_numbers_finding(
    row: &RowText,
    n: usize,
    k: usize,
    c: usize,
    dropped: &[usize],
) -> Finding {
    let RowText {
        text,
        tokens,
        r,
        span,
    } = *row;
    let mut f = Finding::new(
        Code::NB020,
        span,
        format!(
            "此行有{n}个数字，表格只有{k}栏；按勾稽关系认定为{}，多出的数字已忽略。",
            show_values(&r.all[c])
        ),
    );
    let edits: Vec<Edit> = dropped
        .iter()
        .map(|&t| {
            let pos = r.tokens.iter().position(|&x| x == t).unwrap();
            // the separator before the number goes with it, unless it holds a
            // line break: a row wrapped over lines stays wrapped (and CRLF kept). An empty
            // cell's token may stand before the one read ahead of it (`|    || 53`): then
            // only the number itself goes.
            let start = match pos.checked_sub(1).map(|p| tokens[r.tokens[p]].span.end) {
                Some(prev)
                    if text
                        .get(prev..tokens[t].span.start)
                        .is_some_and(|sep| !sep.contains(['\n', '\r'])) =>
                {
                    prev
                }
                _ => tokens[t].span.start,
            };
            Edit {
                span: Span::new(start, tokens[t].span.end),
                replacement: String::new(),
            }
        })
        .collect();
    f.fixes.push(Fix {
        title: "删除多出的数字".into(),
        applicability: Applicability::Suggested,
        edits,
    });
    f
}

/// NB023 when the relations chose one way to cut the digits, with the fix that rewrites each
/// run as its cells separated by spaces.
fn split_finding(row: &RowText, c: usize) -> Finding {
    let RowText {
        text,
        tokens,
        r,
        span,
    } = *row;
    let mut f = Finding::new(
        Code::NB023,
        span,
        format!(
            "本行数字连在一起，按勾稽关系唯一拆分为{}。",
            show_values(&r.all[c])
        ),
    );
    let mut edits = Vec::new();
    for &t in &r.tokens {
        let ts = tokens[t].span;
        let parts: Vec<&str> = r.all[c]
            .iter()
            .filter(|cell| cell.span.start >= ts.start && cell.span.end <= ts.end)
            .map(|cell| &text[cell.span.start..cell.span.end])
            .collect();
        if parts.len() > 1 {
            edits.push(Edit {
                span: ts,
                replacement: parts.join(" "),
            });
        }
    }
    if !edits.is_empty() {
        f.fixes.push(Fix {
            title: "在各栏数字之间加入空格".into(),
            applicability: Applicability::Suggested,
            edits,
        });
    }
    f
}

/// Findings on single cells of the chosen reading: blanks read as 0 (NB024, except a blank
/// total: NB025 is the table's), numbers that are no valid count (NB027), numbers read past
/// a unit or commas (NB026).
fn cell_findings(tokens: &[Token], r: &Reading, total_col: Option<usize>, out: &mut Vec<Finding>) {
    let Some(c) = r.chosen else { return };
    for (col, cell) in r.all[c].iter().enumerate() {
        if cell.blank {
            if Some(col) != total_col {
                out.push(Finding::new(
                    Code::NB024,
                    cell.span,
                    blank_message(cell.span),
                ));
            }
            continue;
        }
        let Some(n) = r
            .tokens
            .iter()
            .filter_map(|&t| tokens[t].num())
            .find(|n| n.span == cell.span)
        else {
            continue;
        };
        if cell.value.is_none() {
            out.push(Finding::new(
                Code::NB027,
                n.span,
                format!("“{}”不是有效的件数。", n.raw),
            ));
        } else if n.unit.is_some() || n.commas {
            let unit = n.unit.map_or(String::new(), |u| format!("（单位{u}）"));
            out.push(Finding::new(
                Code::NB026,
                n.span,
                format!("单元格“{}”按数值{}{}读取。", n.raw, n.digits, unit),
            ));
        }
    }
}
