//! Table 三: binding the region's tokens to the rows of T2019 or T2021 (docs/layouts.md §9).
//!
//! Rows are bound by label first (a row label takes the numbers that follow it), then numbers
//! left without a label are given to labels left without numbers when both stand side by side
//! (pdfplumber prints numbers before their label), then by position between two bound rows
//! when the count of number groups equals the count of template rows there (lost labels).

use std::sync::OnceLock;

use super::labels::{
    candidates, match_row, pieces_into, variant_edit, Candidate, Match, Piece, PieceBuffers,
};
use super::rows::{bound_row, read_row, resolve, row_findings, PositionalNote, Reading};
use super::tokens::{TokKind, Token};
use crate::finding::{Applicability, Code, Edit, Finding, Fix};
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
/// The 总计 column: a blank one is not read as 0 (NB025).
const TOTAL: usize = 6;

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

/// A row label with the numbers after it, or a group of numbers bound to a row by position.
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

/// A row label with no numbers after it: they stand elsewhere, or the row is printed blank.
#[derive(Debug)]
struct OrphanLabel {
    key: usize,
    piece: Piece,
    matched: Match,
    /// event index of the label
    pos: usize,
}

/// What the numbers that come are read for.
enum Open {
    /// The row whose label came last.
    Row(Bound),
    /// A label that names no row (NB011): its numbers are consumed, and dropped with it.
    Unknown { ended: bool },
}

impl Open {
    fn takes_numbers(&self) -> bool {
        match self {
            Open::Row(b) => !b.ended,
            Open::Unknown { ended } => !ended,
        }
    }

    fn push(&mut self, t: usize) {
        if let Open::Row(b) = self {
            b.nums.push(t);
        }
    }

    /// A row end after some numbers ends the row; false when it did not (the row end is then
    /// the stretch's).
    fn end(&mut self) -> bool {
        match self {
            Open::Row(b) if !b.ended && !b.nums.is_empty() => b.ended = true,
            // an unknown row opens with its first number
            Open::Unknown { ended } if !*ended => *ended = true,
            _ => return false,
        }
        true
    }
}

#[derive(Debug, Default)]
struct Stretch {
    /// number tokens, and after which of them a row end was seen
    nums: Vec<usize>,
    ends: Vec<usize>,
    pos: usize,
}

/// The numbers of one printed row that no label took (cut from a [`Stretch`]).
#[derive(Debug)]
struct Group {
    nums: Vec<usize>,
    /// event index of its first number
    pos: usize,
    /// taken by a row: by the label beside it, or by its position
    used: bool,
}

/// A group bound to a template row by its position.
struct Placement {
    group: usize,
    row: usize,
}

/// What the text shows of its template, and where.
struct Telling {
    year: TemplateYear,
    span: Option<Span>,
}

/// A row bound by its label: where the label stands and which template row it is (for NB014).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct LabelledAt {
    pos: usize,
    row: usize,
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
    // about one event per token: sized once, as events are large (a label's piece)
    let mut evs = Vec::with_capacity(tokens.len() + tokens.len() / 4);
    let mut cluster: Vec<(char, usize)> = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    let (mut buffers, mut ps) = (PieceBuffers::default(), Vec::new());
    let mut flush = |cluster: &mut Vec<(char, usize)>, evs: &mut Vec<Ev>| {
        if cluster.is_empty() {
            return;
        }
        pieces_into(cluster, &mut buffers, &mut ps);
        let n = ps.len();
        for (i, piece) in ps.drain(..).enumerate() {
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

/// Read table 三 from its region's tokens: bind rows by label, by the labels beside them and by
/// position, choose the template, read each row's numbers, and say what was wrong with them.
/// None when the region holds no row.
pub fn read_s3(text: &str, tokens: &[Token], year: Option<u32>) -> Option<S3> {
    let Scan {
        mut bound,
        mut orphan_labels,
        mut stretches,
        multis,
        mut findings,
    } = scan(text, events(tokens));
    if bound.is_empty() && stretches.is_empty() {
        return None;
    }
    split_multi_line_rows(tokens, &mut bound, &mut stretches);
    detach_empty_rows(&mut bound, &mut orphan_labels);
    drop_duplicates(&mut bound, &mut findings);
    let mut groups = cut_into_groups(tokens, &stretches);
    let telling = telling_template(&bound, &orphan_labels);
    bind_side_by_side(&orphan_labels, &mut groups, &mut bound);
    // Choose the template now that labels are bound.
    let template_year = match &telling {
        Some(t) => t.year,
        None => template_by_groups(&bound, &groups, year),
    };
    let template = TableTemplate::s3(template_year);
    place_positional_rows(template.rows, &mut bound, &mut groups);
    unreadable_groups(text, tokens, &groups, &mut findings);
    multi_number_cells(text, tokens, &multis, &bound, template.rows, &mut findings);
    let (mut readings, label_bound) =
        read_bound_rows(text, tokens, &bound, &template, &mut findings);
    resolve(&mut readings, &template);
    out_of_order(label_bound, &readings, template.rows, &mut findings);
    let mut table = table_of(text, tokens, &readings, template, &mut findings);
    blank_totals(&mut table, &mut findings);
    absent_rows(tokens, &readings, &table, &mut findings);
    collapse_unreadable(&mut findings);
    Some(S3 {
        table,
        evidence: telling.and_then(|t| t.span),
        findings,
    })
}

/// The events of table 三 sorted out: rows with the numbers after their label, labels without
/// numbers, numbers without labels (in stretches), multi-number cells, and NB011 at labels
/// that name no row.
#[derive(Default)]
struct Scan {
    bound: Vec<Bound>,
    orphan_labels: Vec<OrphanLabel>,
    stretches: Vec<Stretch>,
    multis: Vec<usize>,
    findings: Vec<Finding>,
}

/// The scan between two events: what is read, and what waits.
struct Scanner<'a> {
    text: &'a str,
    out: Scan,
    open: Option<Open>,
    stretch: Stretch,
    /// the last label, when it names no row: NB011 if numbers follow it
    unknown_label: Option<Piece>,
}

/// Bind the events in one pass: a row label takes the numbers that follow it until a row end
/// after them; numbers that follow no label go to a stretch.
fn scan(text: &str, evs: Vec<Ev>) -> Scan {
    let mut s = Scanner {
        text,
        out: Scan::default(),
        open: None,
        stretch: Stretch::default(),
        unknown_label: None,
    };
    for (pos, ev) in evs.into_iter().enumerate() {
        match ev {
            Ev::Piece { piece, row, last } => s.label(pos, piece, row, last),
            Ev::Num(t) => s.number(pos, t),
            Ev::Edge(t) => {
                if let Some(open) = s.open.as_mut().filter(|o| o.takes_numbers()) {
                    open.push(t);
                }
            }
            Ev::Multi(t) => {
                s.out.multis.push(t);
                s.close_row();
            }
            Ev::RowEnd => s.row_end(),
        }
    }
    s.close_row();
    s.close_stretch();
    s.out
}

impl Scanner<'_> {
    fn label(&mut self, pos: usize, piece: Piece, row: Option<(usize, Match)>, last: bool) {
        self.close_row();
        self.close_stretch();
        self.unknown_label = None;
        match row {
            Some((key, matched)) if last => {
                self.open = Some(Open::Row(Bound {
                    key,
                    piece: Some(piece),
                    matched,
                    // a row's numbers and the empty cells at its edges (`| 0 | … | 0 | |`)
                    nums: Vec::with_capacity(2 * COLS),
                    pos,
                    ended: false,
                    positional: false,
                }))
            }
            Some((key, matched)) => self.out.orphan_labels.push(OrphanLabel {
                key,
                piece,
                matched,
                pos,
            }),
            None if last && piece.has_enumerator() && !is_group_label(&piece) => {
                self.unknown_label = Some(piece)
            }
            None => {}
        }
    }

    fn number(&mut self, pos: usize, t: usize) {
        if let Some(open) = self.open.as_mut().filter(|o| o.takes_numbers()) {
            open.push(t);
        } else if let Some(p) = self.unknown_label.take() {
            self.out.findings.push(Finding::new(
                Code::NB011,
                p.span,
                format!(
                    "无法识别的行“{}”，本行未参与核对。",
                    &self.text[p.span.start..p.span.end]
                ),
            ));
            // its numbers are consumed: skip until the next label
            self.open = Some(Open::Unknown { ended: false });
        } else {
            if self.stretch.nums.is_empty() {
                self.stretch.pos = pos;
            }
            self.stretch.nums.push(t);
        }
    }

    fn row_end(&mut self) {
        if self.open.as_mut().is_some_and(Open::end) || self.stretch.nums.is_empty() {
            return;
        }
        let last = self.stretch.nums.len();
        if self.stretch.ends.last() != Some(&last) {
            self.stretch.ends.push(last);
        }
    }

    /// The open row is read: kept if it is a row, dropped if its label named none.
    fn close_row(&mut self) {
        if let Some(Open::Row(b)) = self.open.take() {
            self.out.bound.push(b);
        }
    }

    fn close_stretch(&mut self) {
        if !self.stretch.nums.is_empty() {
            self.out.stretches.push(std::mem::take(&mut self.stretch));
        }
        self.stretch.nums.clear();
        self.stretch.ends.clear();
    }
}

/// A label followed by several rows' worth of numbers, one per line (pdftotext default
/// mode): it takes the first seven, the rest are rows whose labels stand elsewhere.
fn split_multi_line_rows(tokens: &[Token], bound: &mut [Bound], stretches: &mut Vec<Stretch>) {
    for b in bound.iter_mut() {
        let multi_line =
            b.nums.first().map(|&t| tokens[t].line) != b.nums.last().map(|&t| tokens[t].line);
        if b.nums.len() > COLS && b.nums.len().is_multiple_of(COLS) && multi_line {
            let rest = b.nums.split_off(COLS);
            stretches.push(Stretch {
                nums: rest,
                ends: Vec::new(),
                pos: b.pos + 1,
            });
        }
    }
    stretches.sort_by_key(|s| s.pos);
}

/// Rows without numbers are labels without numbers (detached, or a row printed blank).
fn detach_empty_rows(bound: &mut Vec<Bound>, orphan_labels: &mut Vec<OrphanLabel>) {
    bound.retain(|b| {
        if !b.nums.is_empty() {
            return true;
        }
        if let Some(p) = &b.piece {
            orphan_labels.push(OrphanLabel {
                key: b.key,
                piece: p.clone(),
                matched: b.matched,
                pos: b.pos,
            });
        }
        false
    });
    orphan_labels.sort_by_key(|o| o.pos);
}

/// Duplicates (NB013): the first occurrence with numbers wins.
fn drop_duplicates(bound: &mut Vec<Bound>, findings: &mut Vec<Finding>) {
    let (union, _) = union_rows();
    let mut seen = Vec::new();
    bound.retain(|b| {
        if !seen.contains(&b.key) {
            seen.push(b.key);
            return true;
        }
        if let Some(p) = &b.piece {
            findings.push(Finding::new(
                Code::NB013,
                p.span,
                format!("第三部分表格“{}”行重复出现。", union[b.key].short_label()),
            ));
        }
        false
    });
}

/// Cut orphan stretches into groups, one per printed row.
fn cut_into_groups(tokens: &[Token], stretches: &[Stretch]) -> Vec<Group> {
    let mut groups = Vec::new();
    for s in stretches {
        let mut cuts = row_cuts(tokens, s);
        cuts.retain(|&c| c > 0 && c < s.nums.len());
        let mut start = 0;
        for c in cuts.into_iter().chain(std::iter::once(s.nums.len())) {
            if c > start {
                groups.push(Group {
                    nums: s.nums[start..c].to_vec(),
                    pos: s.pos + start,
                    used: false,
                });
                start = c;
            }
        }
    }
    groups
}

/// Where a stretch's rows part: at row ends, else by line, else every seven numbers.
fn row_cuts(tokens: &[Token], s: &Stretch) -> Vec<usize> {
    if !s.ends.is_empty() {
        return s.ends.clone();
    }
    let lines: Vec<usize> = s.nums.iter().map(|&t| tokens[t].line).collect();
    let per_line = lines.windows(2).all(|w| w[0] != w[1]);
    if !per_line {
        (1..s.nums.len())
            .filter(|&i| lines[i] != lines[i - 1])
            .collect()
    } else if s.nums.len().is_multiple_of(COLS) {
        (1..s.nums.len() / COLS).map(|i| i * COLS).collect()
    } else {
        Vec::new()
    }
}

/// The template the labels name: T2019 if （六）其他处理 carries numbers, else T2021 if one of
/// its three （六） leaves is named.
fn telling_template(bound: &[Bound], orphan_labels: &[OrphanLabel]) -> Option<Telling> {
    let (union, _) = union_rows();
    if let Some(b) = bound.iter().find(|b| union[b.key].id == OTHER_T2019) {
        return Some(Telling {
            year: TemplateYear::T2019,
            span: b.piece.as_ref().map(|p| p.span),
        });
    }
    let is_2021_leaf = |k: usize| union[k].id.starts_with("s3.other.");
    bound
        .iter()
        .filter(|b| is_2021_leaf(b.key))
        .map(|b| b.piece.as_ref().map(|p| p.span))
        .chain(
            orphan_labels
                .iter()
                .filter(|o| is_2021_leaf(o.key))
                .map(|o| Some(o.piece.span)),
        )
        .next()
        .map(|span| Telling {
            year: TemplateYear::T2021,
            span,
        })
}

/// The template when no label names it: the one whose missing rows the unbound groups fill
/// by position, else by the report year.
fn template_by_groups(bound: &[Bound], groups: &[Group], year: Option<u32>) -> TemplateYear {
    let unused = groups.iter().filter(|g| !g.used).count();
    let fits = |t| {
        positional_rows(template_rows(t), bound, groups)
            .is_some_and(|v| v.len() == unused && unused > 0)
    };
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
}

fn template_rows(t: TemplateYear) -> &'static [RowDef] {
    match t {
        TemplateYear::T2019 => S3_T2019_ROWS,
        TemplateYear::T2021 => S3_T2021_ROWS,
    }
}

/// Orphan labels and orphan groups side by side, in the same order: bind in order
/// (pdfplumber prints numbers before their label).
fn bind_side_by_side(orphan_labels: &[OrphanLabel], groups: &mut [Group], bound: &mut Vec<Bound>) {
    let unbound: Vec<&OrphanLabel> = orphan_labels
        .iter()
        .filter(|o| !bound.iter().any(|b| b.key == o.key))
        .collect();
    if unbound.is_empty() || unbound.len() != groups.len() {
        return;
    }
    let in_order = unbound.windows(2).all(|w| w[0].key < w[1].key);
    let adjacent = unbound.iter().zip(groups.iter()).all(|(l, g)| {
        let (a, b) = (l.pos.min(g.pos), l.pos.max(g.pos));
        !bound.iter().any(|x| x.pos > a && x.pos < b)
    });
    if !(in_order && adjacent) {
        return;
    }
    for (l, g) in unbound.iter().zip(groups.iter_mut()) {
        g.used = true;
        bound.push(Bound {
            key: l.key,
            piece: Some(l.piece.clone()),
            matched: l.matched,
            nums: g.nums.clone(),
            pos: l.pos,
            ended: true,
            positional: false,
        });
    }
}

/// Rows by position (lost labels): between two bound rows, the unused groups take the
/// template rows missing there, when both counts agree. None when they differ anywhere.
fn positional_rows(rows: &[RowDef], bound: &[Bound], groups: &[Group]) -> Option<Vec<Placement>> {
    let (union, _) = union_rows();
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
        let between: Vec<usize> = (0..groups.len())
            .filter(|&g| !groups[g].used && groups[g].pos > p0 && groups[g].pos < p1)
            .collect();
        if between.is_empty() {
            continue;
        }
        if r1 <= r0 {
            return None;
        }
        let missing: Vec<usize> = (r0 + 1..r1).filter(|&r| !is_bound[r]).collect();
        if missing.len() != between.len() {
            return None;
        }
        out.extend(
            between
                .into_iter()
                .zip(missing)
                .map(|(group, row)| Placement { group, row }),
        );
    }
    Some(out)
}

/// Bind the groups [`positional_rows`] places, as rows of the chosen template.
fn place_positional_rows(rows: &[RowDef], bound: &mut Vec<Bound>, groups: &mut [Group]) {
    let (union, _) = union_rows();
    let Some(placements) = positional_rows(rows, bound, groups) else {
        return;
    };
    for Placement { group, row } in placements {
        let g = &mut groups[group];
        g.used = true;
        let key = union.iter().position(|u| u.id == rows[row].id).unwrap();
        bound.push(Bound {
            key,
            piece: None,
            matched: Match::Exact,
            nums: g.nums.clone(),
            pos: g.pos,
            ended: true,
            positional: true,
        });
    }
}

/// NB011 at every group no row took, quoting its start.
fn unreadable_groups(text: &str, tokens: &[Token], groups: &[Group], findings: &mut Vec<Finding>) {
    for g in groups.iter().filter(|g| !g.used) {
        let first = tokens[g.nums[0]].span;
        let last = tokens[*g.nums.last().unwrap()].span;
        let raw = &text[first.start..last.end];
        let raw: String = raw.chars().take(30).collect();
        findings.push(Finding::new(
            Code::NB011,
            first,
            format!(
                "无法识别的行“{}”，本行未参与核对。",
                raw.split_whitespace().collect::<Vec<_>>().join(" ")
            ),
        ));
    }
}

/// Multi-number cells: never values (NB022).
fn multi_number_cells(
    text: &str,
    tokens: &[Token],
    multis: &[usize],
    bound: &[Bound],
    rows: &[RowDef],
    findings: &mut Vec<Finding>,
) {
    for &m in multis {
        let TokKind::Multi(nums) = &tokens[m].kind else {
            continue;
        };
        let raw = &text[tokens[m].span.start..tokens[m].span.end];
        let note = group_heading_note(tokens, tokens[m].span, nums.len(), bound, rows);
        findings.push(Finding::new(
            Code::NB022,
            tokens[m].span,
            format!(
                "一个单元格内有{}个数字“{}”{}。",
                nums.len(),
                raw,
                note.unwrap_or_default()
            ),
        ));
    }
}

/// When a multi-number cell stands where the heading of the group after it is printed, and
/// holds as many numbers as the group has rows, NB022 says so.
fn group_heading_note(
    tokens: &[Token],
    cell: Span,
    count: usize,
    bound: &[Bound],
    rows: &[RowDef],
) -> Option<String> {
    let (union, _) = union_rows();
    // the group whose first row follows this cell
    let next_row = bound
        .iter()
        .filter(|b| {
            b.nums
                .first()
                .is_some_and(|&t| tokens[t].span.start > cell.end)
        })
        .min_by_key(|b| tokens[b.nums[0]].span.start)
        .map(|b| union[b.key]);
    next_row.and_then(|r| {
        let g = r.group?;
        let size = rows.iter().filter(|x| x.group == Some(g)).count();
        (size == count && g != "三、本年度办理结果")
            .then(|| format!("，位于“{g}”标题位置，个数与该组行数一致"))
    })
}

/// Readings for every bound row of the chosen template (NB030 at labels printed as a variant),
/// and where each row bound by its label stands.
fn read_bound_rows(
    text: &str,
    tokens: &[Token],
    bound: &[Bound],
    template: &TableTemplate,
    findings: &mut Vec<Finding>,
) -> (Vec<Reading>, Vec<LabelledAt>) {
    let (union, _) = union_rows();
    let mut readings: Vec<Reading> = Vec::with_capacity(bound.len());
    let mut label_bound = Vec::with_capacity(bound.len());
    for b in bound {
        let Some(row) = template.rows.iter().position(|r| r.id == union[b.key].id) else {
            // the T2019 （六） row in a T2021 table, or the reverse
            continue;
        };
        let mut positional = None;
        // a row bound by position may lose its first number: only then are they copied
        let dropped;
        let nums = if b.positional {
            let mut nums = b.nums.clone();
            positional = Some(drop_label_number(tokens, &mut nums));
            dropped = nums;
            &dropped
        } else {
            label_bound.push(LabelledAt { pos: b.pos, row });
            &b.nums
        };
        let label_span = b.piece.as_ref().map(|p| p.span);
        let mut r = read_row(tokens, nums, row, label_span, template.columns);
        r.positional = positional;
        readings.push(r);
        if let (Some(p), Match::Variant) = (&b.piece, b.matched) {
            findings.push(variant_finding(text, p, union[b.key]));
        }
    }
    (readings, label_bound)
}

/// A row bound by position with one number too many: the first stood where the lost label
/// was, and is left out (NB010 names it).
fn drop_label_number(tokens: &[Token], nums: &mut Vec<usize>) -> PositionalNote {
    let dropped = (nums.len() == COLS + 1).then(|| {
        let t = nums.remove(0);
        let n = tokens[t].num().map_or(String::new(), |n| n.raw.to_string());
        (tokens[t].span, n)
    });
    PositionalNote { dropped }
}

/// Out of order (NB014): a label-bound row after one that comes later in the template.
fn out_of_order(
    mut label_bound: Vec<LabelledAt>,
    readings: &[Reading],
    rows: &[RowDef],
    findings: &mut Vec<Finding>,
) {
    label_bound.sort();
    let mut max_row = None;
    for &LabelledAt { row, .. } in &label_bound {
        if max_row.is_some_and(|m| row < m) {
            let label = readings
                .iter()
                .find(|r| r.row == row)
                .and_then(|r| r.label_span);
            if let Some(span) = label {
                findings.push(Finding::new(
                    Code::NB014,
                    span,
                    format!(
                        "“{}”行的位置与年度报告格式不一致。",
                        rows[row].short_label()
                    ),
                ));
            }
        }
        max_row = max_row.max(Some(row));
    }
}

/// The table model of the readings, with each row's structure findings.
fn table_of(
    text: &str,
    tokens: &[Token],
    readings: &[Reading],
    template: TableTemplate,
    findings: &mut Vec<Finding>,
) -> Table {
    let all_spans = || {
        readings
            .iter()
            .flat_map(|r| r.tokens.iter().map(|&t| tokens[t].span).chain(r.label_span))
    };
    let start = all_spans().map(|s| s.start).min().unwrap_or(0);
    let end = all_spans().map(|s| s.end).max().unwrap_or(0);
    let mut table = Table::new(template, Span::new(start, end));
    for r in readings {
        let row_span = super::rows::numbers_span(tokens, r).unwrap_or_default();
        table.rows[r.row] = Some(bound_row(r, COLS, row_span));
        row_findings(
            text,
            tokens,
            r,
            table.template.rows[r.row].short_label(),
            table.template.columns,
            Some(TOTAL),
            findings,
        );
    }
    table
}

/// Absent rows (NB012), at the table's last bound cell.
fn absent_rows(tokens: &[Token], readings: &[Reading], table: &Table, findings: &mut Vec<Finding>) {
    let last_span = readings
        .iter()
        .filter_map(|r| super::rows::numbers_span(tokens, r))
        .max_by_key(|s| s.end)
        .unwrap_or_default();
    for (i, row) in table.template.rows.iter().enumerate() {
        if table.rows[i].is_none() {
            findings.push(Finding::new(
                Code::NB012,
                Span::new(last_span.end, last_span.end),
                format!("第三部分表格缺少“{}”行。", row.short_label()),
            ));
        }
    }
}

/// More unreadable rows than this in one table are one finding, not one each: a page read
/// wrongly should say so once, not bury the real findings.
const UNREADABLE_ONE_BY_ONE: usize = 3;

/// The NB011 findings of table 三 as one finding when there are many: at the first unreadable
/// row, naming each in its related locations.
fn collapse_unreadable(findings: &mut Vec<Finding>) {
    let n = findings.iter().filter(|f| f.code == Code::NB011).count();
    if n <= UNREADABLE_ONE_BY_ONE {
        return;
    }
    let mut rows = Vec::with_capacity(n);
    findings.retain(|f| {
        if f.code == Code::NB011 {
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
            Code::NB011,
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
        Code::NB030,
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
        let parts: Option<i64> = row.cells[..TOTAL]
            .iter()
            .map(|c| c.as_ref().and_then(|c| c.int()))
            .sum();
        let Some(total) = row.cells[TOTAL].as_mut() else {
            continue;
        };
        if !total.blank {
            continue;
        }
        match parts {
            Some(0) => findings.push(Finding::new(
                Code::NB024,
                total.span,
                super::rows::blank_message(total.span),
            )),
            Some(sum) => {
                total.value = Some(crate::model::Value::Int(sum));
                let mut f = Finding::new(
                    Code::NB025,
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
                    Code::NB011,
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
