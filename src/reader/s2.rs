//! Section 二: the 第二十条 tables. Each row label names its item (规章 → （一）, 行政处罚 →
//! （六）…), so rows are found by label and take as many numbers as the item's table has
//! columns in the detected template. There are no relations: a run of digits with more than
//! one split leaves the row unknown (NB023).

use std::sync::OnceLock;

use memchr::memmem::Finder;

use super::normalize::NChar;
use super::rows::{bound_row, read_row, row_findings, settle_aligned, Reading};
use super::tokens::{TokKind, Token};
use crate::finding::Finding;
use crate::model::Table;
use crate::span::Span;
use crate::template::{s2_tables, S2Table, TableKind, TableTemplate, TemplateYear};

/// Words that only one template's section 二 uses (docs/format.md §1.3).
const T2021_WORDS: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
    "行政规范性文件",
];
const T2019_WORDS: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "第二十条第(九)项",
    "政府集中采购",
    "本年新",
];

/// Which template the section's words belong to, with the span of the first telling word.
pub fn detect(tokens: &[Token]) -> (Option<TemplateYear>, bool, Option<Span>) {
    // all label text of the section, normalised once, tokens kept apart by a '|'
    let mut n: Vec<NChar> = Vec::new();
    for t in tokens {
        if let TokKind::Label(chars) = &t.kind {
            super::normalize::normalize_into(chars, &mut n);
            n.push(NChar {
                c: '|',
                src: Span::new(t.span.end, t.span.end),
            });
        }
    }
    let s: String = n.iter().map(|c| c.c).collect();
    let [t2019, t2021] = telling_words();
    // the earliest telling word of a list, as a span of the original text
    let first = |words: &[Finder<'static>]| -> Option<Span> {
        let (at, w) = words
            .iter()
            .filter_map(|f| {
                let w = f.needle();
                // `本年新` alone (a header cut to its first line) is not the start of `本年新收`
                f.find_iter(s.as_bytes())
                    .find(|&i| !s[i + w.len()..].starts_with('收'))
                    .map(|i| (i, w))
            })
            .min()?;
        let start = s[..at].chars().count();
        let len = std::str::from_utf8(w).map_or(0, |w| w.chars().count());
        Some(Span::new(n[start].src.start, n[start + len - 1].src.end))
    };
    match (first(t2019), first(t2021)) {
        (Some(a), Some(_)) => (Some(TemplateYear::T2019), true, Some(a)),
        (Some(a), None) => (Some(TemplateYear::T2019), false, Some(a)),
        (None, Some(b)) => (Some(TemplateYear::T2021), false, Some(b)),
        (None, None) => (None, false, None),
    }
}

/// The telling words of T2019 and of T2021, each a searcher built once: every analysis asks
/// for all fifteen, and setting up a search for each was a third of detecting the template.
fn telling_words() -> &'static [Vec<Finder<'static>>; 2] {
    static WORDS: OnceLock<[Vec<Finder<'static>>; 2]> = OnceLock::new();
    WORDS.get_or_init(|| [T2019_WORDS, T2021_WORDS].map(|ws| ws.iter().map(Finder::new).collect()))
}

/// A row label of either template, normalised and kept as characters, the form it is
/// compared in.
struct RowLabel {
    chars: Vec<char>,
    id: &'static str,
}

/// Row labels of both templates, longest first.
fn labels() -> &'static [RowLabel] {
    static LABELS: std::sync::OnceLock<Vec<RowLabel>> = std::sync::OnceLock::new();
    LABELS.get_or_init(build_labels)
}

fn build_labels() -> Vec<RowLabel> {
    let mut out: Vec<RowLabel> = Vec::new();
    for y in [TemplateYear::T2021, TemplateYear::T2019] {
        for t in s2_tables(y) {
            for r in t.rows {
                let chars: Vec<char> = super::normalize::normalize_str(r.label).chars().collect();
                if !out.iter().any(|x| x.chars == chars) {
                    out.push(RowLabel { chars, id: r.id });
                }
            }
        }
    }
    out.sort_by_key(|l| std::cmp::Reverse(l.chars.len()));
    out
}

/// A row label found in the section, and the numbers after it.
struct LabelledRow {
    id: &'static str,
    span: Span,
    nums: Vec<usize>,
}

/// The row label a label token ends with (longest first), with no numbers yet.
fn row_at_end(n: &[NChar], labels: &[RowLabel]) -> Option<LabelledRow> {
    let s: Vec<char> = n.iter().map(|c| c.c).collect();
    for l in labels {
        if s.ends_with(&l.chars) {
            let start = s.len() - l.chars.len();
            return Some(LabelledRow {
                id: l.id,
                span: Span::new(n[start].src.start, n[s.len() - 1].src.end),
                nums: Vec::new(),
            });
        }
    }
    None
}

pub fn read_s2(text: &str, tokens: &[Token], year: TemplateYear) -> (Vec<Table>, Vec<Finding>) {
    let rows = labelled_rows(tokens);
    let mut findings = Vec::new();
    let tables = s2_tables(year)
        .iter()
        .filter_map(|def| read_table(text, tokens, &rows, def, year, &mut findings))
        .collect();
    (tables, findings)
}

/// Every row label of the section with the numbers that follow it, up to the next label (or
/// anything that is neither a number nor a blank cell).
fn labelled_rows(tokens: &[Token]) -> Vec<LabelledRow> {
    let labels = labels();
    let mut rows: Vec<LabelledRow> = Vec::new();
    let mut pending: Option<LabelledRow> = None;
    let mut n = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match &t.kind {
            TokKind::Label(chars) => {
                rows.extend(pending.take());
                n.clear();
                super::normalize::normalize_into(chars, &mut n);
                pending = row_at_end(&n, labels);
            }
            TokKind::Num(_) | TokKind::Blank | TokKind::Edge => {
                if let Some(p) = pending.as_mut() {
                    p.nums.push(i);
                }
            }
            _ => rows.extend(pending.take()),
        }
    }
    rows.extend(pending.take());
    rows
}

/// One 第二十条 table of the template: its rows found by label (the first with numbers), or
/// None if none is.
fn read_table(
    text: &str,
    tokens: &[Token],
    rows: &[LabelledRow],
    def: &S2Table,
    year: TemplateYear,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
    let template = TableTemplate {
        kind: TableKind::S2(def.item),
        year: Some(year),
        title: def.caption,
        rows: def.rows,
        columns: def.columns,
        relations: &[],
    };
    let mut readings: Vec<Reading> = Vec::new();
    for (ri, r) in def.rows.iter().enumerate() {
        let Some(found) = rows.iter().find(|x| x.id == r.id && !x.nums.is_empty()) else {
            continue;
        };
        let mut reading = read_row(tokens, &found.nums, ri, Some(found.span), def.columns);
        if reading.all.len() == 1 {
            reading.chosen = Some(0);
        }
        // 二 has no relations: of several placements among empty cells, the preferred one
        settle_aligned(&mut reading);
        readings.push(reading);
    }
    if readings.is_empty() {
        return None;
    }
    let spans: Vec<Span> = readings
        .iter()
        .flat_map(|r| r.tokens.iter().map(|&t| tokens[t].span).chain(r.label_span))
        .collect();
    let span = Span::new(
        spans.iter().map(|s| s.start).min().unwrap_or(0),
        spans.iter().map(|s| s.end).max().unwrap_or(0),
    );
    let mut table = Table::new(template, span);
    for r in &readings {
        let row_span = super::rows::numbers_span(tokens, r).unwrap_or_default();
        table.rows[r.row] = Some(bound_row(r, def.columns.len(), row_span));
        let label = def.rows[r.row].label;
        row_findings(text, tokens, r, label, def.columns, None, findings);
    }
    Some(table)
}
