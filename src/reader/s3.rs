//! Table 三: binding the region's tokens to the rows of T2019 or T2021 (docs/layouts.md §9).
//!
//! Rows are bound by label first (a row label takes the numbers that follow it), then numbers
//! left without a label are given to labels left without numbers when both stand side by side
//! (pdfplumber prints numbers before their label), then by position between two bound rows
//! when the count of number groups equals the count of template rows there (lost labels).

use std::sync::OnceLock;

use super::labels::{candidates, match_row, pieces, variant_edit, Candidate, Match, Piece};
use super::rows::{bound_row, read_row, resolve, row_findings, PositionalNote, Reading};
use super::tokens::{TokKind, Token};
use crate::finding::{Applicability, Edit, Finding, Fix, Severity};
use crate::model::Table;
use crate::span::Span;
use crate::template::{RowDef, TableTemplate, TemplateYear, S3_T2019_ROWS, S3_T2021_ROWS};

/// Every row label either template has: T2021's rows plus T2019's single （六）其他处理.
fn union_rows() -> &'static (Vec<&'static RowDef>, Vec<Candidate>) {
    static U: OnceLock<(Vec<&'static RowDef>, Vec<Candidate>)> = OnceLock::new();
    U.get_or_init(|| {
        let mut rows: Vec<&'static RowDef> = S3_T2021_ROWS.iter().collect();
        rows.extend(S3_T2019_ROWS.iter().filter(|r| r.id == "s3.other"));
        let c = candidates(&rows);
        (rows, c)
    })
}

const OTHER_T2019: &str = "s3.other";
const COLS: usize = 7;

#[derive(Debug)]
enum Ev {
    Piece {
        piece: Piece,
        row: Option<(usize, Match)>,
        last: bool,
    },
    Num(usize),
    /// An empty cell at the edge of a row line ([`TokKind::Edge`]): offered to the row being read.
    Edge(usize),
    Multi(usize),
    RowEnd,
}

#[derive(Debug)]
struct Bound {
    key: usize,
    piece: Option<Piece>,
    matched: Match,
    nums: Vec<usize>,
    /// event index of the label (or of the first number for positional rows)
    pos: usize,
    ended: bool,
    positional: bool,
}

#[derive(Debug, Default)]
struct Stretch {
    /// number tokens, and after which of them a row end was seen
    nums: Vec<usize>,
    ends: Vec<usize>,
    pos: usize,
}

/// The result of reading table 三.
#[derive(Clone)]
pub struct S3 {
    pub table: Table,
    /// Where the text shows which template it follows.
    pub evidence: Option<Span>,
    pub findings: Vec<Finding>,
}

/// Label text of one token cluster → events. Lone characters of a vertical group label (and
/// other short label tokens without an enumerator) are dropped first.
fn events(tokens: &[Token]) -> Vec<Ev> {
    let (_, cands) = union_rows();
    let mut evs = Vec::new();
    let mut cluster: Vec<(char, usize)> = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    let mut flush = |cluster: &mut Vec<(char, usize)>, evs: &mut Vec<Ev>| {
        if cluster.is_empty() {
            return;
        }
        let ps = pieces(cluster);
        let n = ps.len();
        for (i, piece) in ps.into_iter().enumerate() {
            chars.clear();
            chars.extend(piece.chars.iter().map(|c| c.c));
            let row = match_row(&chars, cands);
            evs.push(Ev::Piece {
                piece,
                row,
                last: i + 1 == n,
            });
        }
        cluster.clear();
    };
    // buffers for short labels, reused
    let (mut short, mut short_chars) = (Vec::new(), Vec::new());
    for (i, t) in tokens.iter().enumerate() {
        match &t.kind {
            TokKind::Label(chars) => {
                let visible = chars.iter().filter(|c| !c.0.is_whitespace()).count();
                let enumerated = visible <= 3 && {
                    short.clear();
                    super::normalize::normalize_into(chars, &mut short);
                    short_chars.clear();
                    short_chars.extend(short.iter().map(|c| c.c));
                    super::normalize::enumerator_len(&short_chars).is_some()
                };
                if visible <= 2 && !enumerated {
                    continue;
                }
                cluster.extend_from_slice(chars);
                // keep a visible gap so pieces never fuse across tokens by accident
                cluster.push((' ', t.span.end));
            }
            TokKind::Num(_) | TokKind::Blank => {
                flush(&mut cluster, &mut evs);
                evs.push(Ev::Num(i));
            }
            TokKind::Edge => {
                flush(&mut cluster, &mut evs);
                evs.push(Ev::Edge(i));
            }
            TokKind::Multi(_) => {
                flush(&mut cluster, &mut evs);
                evs.push(Ev::Multi(i));
            }
            TokKind::RowEnd => {
                flush(&mut cluster, &mut evs);
                evs.push(Ev::RowEnd);
            }
        }
    }
    flush(&mut cluster, &mut evs);
    evs
}

pub fn read_s3(text: &str, tokens: &[Token], year: Option<u32>) -> Option<S3> {
    let (union, _) = union_rows();
    let evs = events(tokens);
    let mut findings = Vec::new();
    let mut bound: Vec<Bound> = Vec::new();
    let mut orphan_labels: Vec<(usize, Piece, Match, usize)> = Vec::new();
    let mut stretches: Vec<Stretch> = Vec::new();
    let mut multis: Vec<usize> = Vec::new();
    let mut cur: Option<Bound> = None;
    let mut stretch = Stretch::default();
    let mut unknown_label: Option<Piece> = None;

    let close_stretch = |stretch: &mut Stretch, stretches: &mut Vec<Stretch>| {
        if !stretch.nums.is_empty() {
            stretches.push(std::mem::take(stretch));
        }
        stretch.nums.clear();
        stretch.ends.clear();
    };

    for (pos, ev) in evs.iter().enumerate() {
        match ev {
            Ev::Piece { piece, row, last } => {
                if let Some(b) = cur.take() {
                    bound.push(b);
                }
                close_stretch(&mut stretch, &mut stretches);
                unknown_label = None;
                match row {
                    Some((key, m)) if *last => {
                        cur = Some(Bound {
                            key: *key,
                            piece: Some(piece.clone()),
                            matched: *m,
                            nums: Vec::new(),
                            pos,
                            ended: false,
                            positional: false,
                        })
                    }
                    Some((key, m)) => orphan_labels.push((*key, piece.clone(), *m, pos)),
                    None if *last && piece.has_enumerator() && !is_group_label(piece) => {
                        unknown_label = Some(piece.clone())
                    }
                    None => {}
                }
            }
            Ev::Num(t) => {
                if let Some(b) = cur.as_mut().filter(|b| !b.ended) {
                    b.nums.push(*t);
                } else if let Some(p) = unknown_label.take() {
                    findings.push(Finding::new(
                        "NB011",
                        Severity::Warning,
                        p.span,
                        format!(
                            "无法识别的行“{}”，本行未参与核对。",
                            &text[p.span.start..p.span.end]
                        ),
                    ));
                    // its numbers are consumed: skip until the next label
                    cur = Some(Bound {
                        key: usize::MAX,
                        piece: None,
                        matched: Match::Exact,
                        nums: vec![*t],
                        pos,
                        ended: false,
                        positional: false,
                    });
                } else {
                    if stretch.nums.is_empty() {
                        stretch.pos = pos;
                    }
                    stretch.nums.push(*t);
                }
            }
            Ev::Edge(t) => {
                if let Some(b) = cur.as_mut().filter(|b| !b.ended) {
                    b.nums.push(*t);
                }
            }
            Ev::Multi(t) => {
                multis.push(*t);
                if let Some(b) = cur.take() {
                    bound.push(b);
                }
            }
            Ev::RowEnd => {
                if let Some(b) = cur.as_mut().filter(|b| !b.ended && !b.nums.is_empty()) {
                    b.ended = true;
                } else if !stretch.nums.is_empty() {
                    let last = stretch.nums.len();
                    if stretch.ends.last() != Some(&last) {
                        stretch.ends.push(last);
                    }
                }
            }
        }
    }
    if let Some(b) = cur.take() {
        bound.push(b);
    }
    close_stretch(&mut stretch, &mut stretches);
    bound.retain(|b| b.key != usize::MAX);

    if bound.is_empty() && stretches.is_empty() {
        return None;
    }

    // A label followed by several rows' worth of numbers, one per line (pdftotext default
    // mode): it takes the first seven, the rest are rows whose labels stand elsewhere.
    let mut extra_stretches = Vec::new();
    for b in bound.iter_mut() {
        let multi_line =
            b.nums.first().map(|&t| tokens[t].line) != b.nums.last().map(|&t| tokens[t].line);
        if b.nums.len() > COLS && b.nums.len() % COLS == 0 && multi_line {
            let rest = b.nums.split_off(COLS);
            extra_stretches.push(Stretch {
                nums: rest,
                ends: Vec::new(),
                pos: b.pos + 1,
            });
        }
    }
    stretches.extend(extra_stretches);
    stretches.sort_by_key(|s| s.pos);

    // Rows without numbers are labels without numbers (detached, or a row printed blank).
    let mut empty_labels: Vec<(usize, Piece, Match, usize)> = Vec::new();
    bound.retain(|b| {
        if b.nums.is_empty() {
            if let Some(p) = &b.piece {
                empty_labels.push((b.key, p.clone(), b.matched, b.pos));
            }
            false
        } else {
            true
        }
    });
    orphan_labels.extend(empty_labels);
    orphan_labels.sort_by_key(|o| o.3);

    // Duplicates: the first occurrence with numbers wins.
    let mut seen = Vec::new();
    bound.retain(|b| {
        if seen.contains(&b.key) {
            if let Some(p) = &b.piece {
                findings.push(Finding::new(
                    "NB013",
                    Severity::Error,
                    p.span,
                    format!("第三部分表格“{}”行重复出现。", union[b.key].short_label()),
                ));
            }
            false
        } else {
            seen.push(b.key);
            true
        }
    });

    // Cut orphan stretches into groups: at row ends, else by line, else every seven.
    let mut groups: Vec<(Vec<usize>, usize)> = Vec::new();
    for s in &stretches {
        let mut cuts = s.ends.clone();
        if cuts.is_empty() {
            let lines: Vec<usize> = s.nums.iter().map(|&t| tokens[t].line).collect();
            let per_line = lines.windows(2).all(|w| w[0] != w[1]);
            if !per_line {
                cuts = (1..s.nums.len())
                    .filter(|&i| lines[i] != lines[i - 1])
                    .collect();
            } else if s.nums.len() % COLS == 0 {
                cuts = (1..s.nums.len() / COLS).map(|i| i * COLS).collect();
            }
        }
        cuts.retain(|&c| c > 0 && c < s.nums.len());
        let mut start = 0;
        for c in cuts.into_iter().chain(std::iter::once(s.nums.len())) {
            if c > start {
                groups.push((s.nums[start..c].to_vec(), s.pos + start));
                start = c;
            }
        }
    }

    // Template: T2021 if one of its three （六） leaves is named, T2019 if （六）其他处理 carries
    // numbers; else by the number of groups, else by the report year.
    let mut evidence = None;
    let is_2021_leaf = |k: usize| union[k].id.starts_with("s3.other.");
    let mut year_t = None;
    if let Some(b) = bound.iter().find(|b| union[b.key].id == OTHER_T2019) {
        year_t = Some(TemplateYear::T2019);
        evidence = b.piece.as_ref().map(|p| p.span);
    }
    if let Some(span) = bound
        .iter()
        .filter(|b| is_2021_leaf(b.key))
        .map(|b| b.piece.as_ref().map(|p| p.span))
        .chain(
            orphan_labels
                .iter()
                .filter(|o| is_2021_leaf(o.0))
                .map(|o| Some(o.1.span)),
        )
        .next()
    {
        if year_t.is_none() {
            year_t = Some(TemplateYear::T2021);
            evidence = span;
        }
    }

    // A bound row with numbers for the T2019 （六） under T2021 is impossible; drop the other.
    let template_for = |t: TemplateYear| -> &'static [RowDef] {
        match t {
            TemplateYear::T2019 => S3_T2019_ROWS,
            TemplateYear::T2021 => S3_T2021_ROWS,
        }
    };

    // Orphan labels and orphan groups side by side, in the same order: bind in order.
    let mut used_groups = vec![false; groups.len()];
    let orphan_unbound: Vec<&(usize, Piece, Match, usize)> = orphan_labels
        .iter()
        .filter(|o| !bound.iter().any(|b| b.key == o.0))
        .collect();
    if !orphan_unbound.is_empty() && orphan_unbound.len() == groups.len() {
        let in_order = orphan_unbound.windows(2).all(|w| w[0].0 < w[1].0);
        let adjacent = orphan_unbound.iter().zip(&groups).all(|(l, g)| {
            let (a, b) = (l.3.min(g.1), l.3.max(g.1));
            !bound.iter().any(|x| x.pos > a && x.pos < b)
        });
        if in_order && adjacent {
            for (i, (l, g)) in orphan_unbound.iter().zip(&groups).enumerate() {
                used_groups[i] = true;
                bound.push(Bound {
                    key: l.0,
                    piece: Some(l.1.clone()),
                    matched: l.2,
                    nums: g.0.clone(),
                    pos: l.3,
                    ended: true,
                    positional: false,
                });
            }
        }
    }

    // Choose the template now that labels are bound.
    let positional_try = |t: TemplateYear, bound: &[Bound]| -> Option<Vec<(usize, usize)>> {
        // (group index, template row index) for every unused group, or None if counts differ
        let rows = template_for(t);
        let idx_of = |key: usize| rows.iter().position(|r| r.id == union[key].id);
        // the template rows already bound, looked up once (not once per missing row)
        let mut is_bound = vec![false; rows.len()];
        for b in bound {
            if let Some(r) = idx_of(b.key) {
                is_bound[r] = true;
            }
        }
        let mut anchors: Vec<(usize, usize)> = bound
            .iter()
            .filter_map(|b| Some((b.pos, idx_of(b.key)?)))
            .collect();
        anchors.sort();
        let mut out = Vec::new();
        for w in anchors.windows(2) {
            let ((p0, r0), (p1, r1)) = (w[0], w[1]);
            let gs: Vec<usize> = (0..groups.len())
                .filter(|&g| !used_groups[g] && groups[g].1 > p0 && groups[g].1 < p1)
                .collect();
            if gs.is_empty() {
                continue;
            }
            if r1 <= r0 {
                return None;
            }
            let missing: Vec<usize> = (r0 + 1..r1).filter(|&r| !is_bound[r]).collect();
            if missing.len() != gs.len() {
                return None;
            }
            out.extend(gs.into_iter().zip(missing));
        }
        Some(out)
    };
    let template_year = year_t.unwrap_or_else(|| {
        let unused = used_groups.iter().filter(|u| !**u).count();
        let fits = |t| positional_try(t, &bound).is_some_and(|v| v.len() == unused && unused > 0);
        if fits(TemplateYear::T2021) {
            TemplateYear::T2021
        } else if fits(TemplateYear::T2019) {
            TemplateYear::T2019
        } else {
            match year {
                Some(y) if y <= 2020 => TemplateYear::T2019,
                _ => TemplateYear::T2021,
            }
        }
    });
    let rows = template_for(template_year);
    if let Some(pairs) = positional_try(template_year, &bound) {
        for (g, r) in pairs {
            used_groups[g] = true;
            let key = union.iter().position(|u| u.id == rows[r].id).unwrap();
            bound.push(Bound {
                key,
                piece: None,
                matched: Match::Exact,
                nums: groups[g].0.clone(),
                pos: groups[g].1,
                ended: true,
                positional: true,
            });
        }
    }
    for (g, used) in used_groups.iter().enumerate() {
        if !used {
            let first = tokens[groups[g].0[0]].span;
            let last = tokens[*groups[g].0.last().unwrap()].span;
            let raw = &text[first.start..last.end];
            let raw: String = raw.chars().take(30).collect();
            findings.push(Finding::new(
                "NB011",
                Severity::Warning,
                first,
                format!(
                    "无法识别的行“{}”，本行未参与核对。",
                    raw.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
            ));
        }
    }

    // Multi-number cells: never values.
    for &m in &multis {
        let TokKind::Multi(nums) = &tokens[m].kind else {
            continue;
        };
        let raw = &text[tokens[m].span.start..tokens[m].span.end];
        // the group whose first row follows this cell
        let next_row = bound
            .iter()
            .filter(|b| {
                b.nums
                    .first()
                    .is_some_and(|&t| tokens[t].span.start > tokens[m].span.end)
            })
            .min_by_key(|b| tokens[b.nums[0]].span.start)
            .map(|b| union[b.key]);
        let note = next_row.and_then(|r| {
            let g = r.group?;
            let size = rows.iter().filter(|x| x.group == Some(g)).count();
            (size == nums.len() && g != "三、本年度办理结果")
                .then(|| format!("，位于“{g}”标题位置，个数与该组行数一致"))
        });
        findings.push(Finding::new(
            "NB022",
            Severity::Warning,
            tokens[m].span,
            format!(
                "一个单元格内有{}个数字“{}”{}。",
                nums.len(),
                raw,
                note.unwrap_or_default()
            ),
        ));
    }

    // Readings for every bound row of the chosen template.
    let template = TableTemplate::s3(template_year);
    let mut readings: Vec<Reading> = Vec::new();
    let mut label_bound: Vec<(usize, usize)> = Vec::new();
    for b in &bound {
        let Some(row) = rows.iter().position(|r| r.id == union[b.key].id) else {
            // the T2019 （六） row in a T2021 table, or the reverse
            continue;
        };
        let mut nums = b.nums.clone();
        let mut positional = None;
        if b.positional {
            let dropped = (nums.len() == COLS + 1).then(|| {
                let t = nums.remove(0);
                let n = tokens[t].num().map_or(String::new(), |n| n.raw.to_string());
                (tokens[t].span, n)
            });
            positional = Some(PositionalNote { dropped });
        } else if !b.positional {
            label_bound.push((b.pos, row));
        }
        let mut r = read_row(
            tokens,
            &nums,
            row,
            b.piece.as_ref().map(|p| p.span),
            template.columns,
        );
        r.positional = positional;
        readings.push(r);
        if let (Some(p), Match::Variant) = (&b.piece, b.matched) {
            findings.push(variant_finding(text, p, union[b.key]));
        }
    }
    resolve(&mut readings, &template);

    // Out of order (NB014): a label-bound row after one that comes later in the template.
    label_bound.sort();
    let mut max_row = None;
    for &(_, row) in &label_bound {
        if max_row.is_some_and(|m| row < m) {
            if let Some(r) = readings.iter().find(|r| r.row == row) {
                if let Some(span) = r.label_span {
                    findings.push(Finding::new(
                        "NB014",
                        Severity::Information,
                        span,
                        format!(
                            "“{}”行的位置与年度报告格式不一致。",
                            rows[row].short_label()
                        ),
                    ));
                }
            }
        }
        max_row = max_row.max(Some(row));
    }

    // The model.
    let all_spans: Vec<Span> = readings
        .iter()
        .flat_map(|r| r.tokens.iter().map(|&t| tokens[t].span).chain(r.label_span))
        .collect();
    let start = all_spans.iter().map(|s| s.start).min().unwrap_or(0);
    let end = all_spans.iter().map(|s| s.end).max().unwrap_or(0);
    let mut table = Table::new(template, Span::new(start, end));
    for r in &readings {
        let row_span = super::rows::numbers_span(tokens, r).unwrap_or_default();
        table.rows[r.row] = Some(bound_row(r, COLS, row_span));
        row_findings(
            text,
            tokens,
            r,
            rows[r.row].short_label(),
            table.template.columns,
            Some(6),
            &mut findings,
        );
    }
    blank_totals(&mut table, &mut findings);

    // Absent rows (NB012), at the table's last bound cell.
    let last_span = readings
        .iter()
        .filter_map(|r| super::rows::numbers_span(tokens, r))
        .max_by_key(|s| s.end)
        .unwrap_or_default();
    for (i, row) in rows.iter().enumerate() {
        if table.rows[i].is_none() {
            findings.push(Finding::new(
                "NB012",
                Severity::Error,
                Span::new(last_span.end, last_span.end),
                format!("第三部分表格缺少“{}”行。", row.short_label()),
            ));
        }
    }
    collapse_unreadable(&mut findings);
    Some(S3 {
        table,
        evidence,
        findings,
    })
}

/// More unreadable rows than this in one table are one finding, not one each: a page read
/// wrongly should say so once, not bury the real findings.
const UNREADABLE_ONE_BY_ONE: usize = 3;

/// The NB011 findings of table 三 as one finding when there are many: at the first unreadable
/// row, naming each in its related locations.
fn collapse_unreadable(findings: &mut Vec<Finding>) {
    let n = findings.iter().filter(|f| f.code == "NB011").count();
    if n <= UNREADABLE_ONE_BY_ONE {
        return;
    }
    let mut rows = Vec::with_capacity(n);
    findings.retain(|f| {
        if f.code == "NB011" {
            rows.push(f.clone());
            false
        } else {
            true
        }
    });
    let first = &rows[0];
    let quoted = first
        .message
        .split('“')
        .nth(1)
        .and_then(|s| s.split('”').next())
        .unwrap_or_default();
    let related = rows
        .iter()
        .map(|f| crate::finding::Related {
            span: f.span,
            message: f.message.clone(),
        })
        .collect();
    findings.push(
        Finding::new(
            "NB011",
            Severity::Warning,
            first.span,
            format!("第三部分表格有{n}行无法识别（第一行为“{quoted}”），这些行未参与核对。"),
        )
        .with_related(related),
    );
}

/// Group labels of table 三 (they span rows and hold no numbers), or their first part.
fn is_group_label(piece: &Piece) -> bool {
    const GROUPS: &[&str] = &[
        "三,本年度办理结果",
        "(三)不予公开",
        "(四)无法提供",
        "(五)不予处理",
        "(六)其他处理",
    ];
    let t = piece.text();
    GROUPS.iter().any(|g| g.starts_with(&t) || t.starts_with(g))
}

/// NB030 with its safe fix: replace only the characters that differ.
pub fn variant_finding(text: &str, piece: &Piece, row: &RowDef) -> Finding {
    let printed = &text[piece.span.start..piece.span.end];
    let printed: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
    let norm: Vec<char> = super::normalize::normalize_str(row.label).chars().collect();
    let mut f = Finding::new(
        "NB030",
        Severity::Information,
        piece.span,
        format!("行标题“{printed}”与年度报告格式“{}”不一致。", row.label),
    );
    if let Some((span, replacement)) = variant_edit(piece, &norm, row.label) {
        f.fixes.push(Fix {
            title: format!("改为“{}”", row.label),
            applicability: Applicability::Safe,
            edits: vec![Edit { span, replacement }],
        });
    }
    f
}

/// A blank 总计 cell is not 0 (docs/layouts.md §6): NB025 when its parts are not all 0, and the
/// computed value stands in for it in the column relations.
fn blank_totals(table: &mut Table, findings: &mut Vec<Finding>) {
    for row in table.rows.iter_mut().flatten() {
        let parts: Option<i64> = row.cells[..6]
            .iter()
            .map(|c| c.as_ref().and_then(|c| c.int()))
            .sum();
        let Some(total) = row.cells[6].as_mut() else {
            continue;
        };
        if !total.blank {
            continue;
        }
        match parts {
            Some(0) => findings.push(Finding::new(
                "NB024",
                Severity::Information,
                total.span,
                super::rows::blank_message(total.span),
            )),
            Some(sum) => {
                total.value = Some(crate::model::Value::Int(sum));
                let mut f = Finding::new(
                    "NB025",
                    Severity::Warning,
                    total.span,
                    format!("“总计”未填写，按各项之和应为{sum}。"),
                );
                f.fixes.push(Fix {
                    title: format!("填入{sum}"),
                    applicability: Applicability::Suggested,
                    edits: vec![Edit {
                        span: total.span,
                        replacement: sum.to_string(),
                    }],
                });
                findings.push(f);
            }
            None => total.value = None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_unreadable_rows_are_one_finding() {
        let mut f: Vec<Finding> = (0..5)
            .map(|i| {
                Finding::new(
                    "NB011",
                    Severity::Warning,
                    Span::new(i * 10, i * 10 + 3),
                    format!("无法识别的行“行{i}”，本行未参与核对。"),
                )
            })
            .collect();
        collapse_unreadable(&mut f);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span, Span::new(0, 3));
        assert_eq!(f[0].related.len(), 5);
        assert!(
            f[0].message.contains("5行") && f[0].message.contains("“行0”"),
            "{}",
            f[0].message
        );
    }
}
