//! `nianbao tables`: each table as the grid the reader bound it to — template rows × columns,
//! with the line each row was read from — so a user sees how the text was understood.
//!
//! ```text
//! 三、收到和处理政府信息公开申请情况 (T2021, lines 28–56)
//! line  row                              自然人  商业企业  …  总计
//!   31  一、本年新收政府信息公开申请数量      41         3  …    48
//!    -  （六）3.其他                       absent
//! ```

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::style::Role;
use super::{Source, Style};
use crate::model::{BoundRow, Report, Table};
use crate::template::{RowDef, TableKind};

/// What a user needs to read the grid.
pub const LEGEND: &str =
    "? = cell not read (unknown, skipped by the checks) · * = blank cell read as 0 · absent = row not found in the text";

/// Every table of `report`, then the legend; a one-line note when no table was read.
pub fn render_tables(src: &Source, report: &Report, style: Style) -> String {
    let mut out = String::new();
    let organ = report.organ.as_deref().unwrap_or("(organ not found)");
    let year = report.year.map_or_else(
        || "(year not found)".to_owned(),
        |y| format!("report on {y}"),
    );
    let _ = writeln!(out, "{}: {organ}, {year}", src.path);
    if report.tables.is_empty() {
        let _ = writeln!(out, "No table was read.");
        return out;
    }
    for table in &report.tables {
        out.push('\n');
        render_table(&mut out, src, table, style);
    }
    let _ = writeln!(out, "\n{LEGEND}");
    out
}

fn render_table(out: &mut String, src: &Source, table: &Table, style: Style) {
    let t = &table.template;
    let first = src.range(table.span).line;
    let last = src.range(table.span).end_line;
    let template = t.year.map_or_else(String::new, |y| format!("{y:?}, "));
    let lines = if first == last {
        format!("line {first}")
    } else {
        format!("lines {first}–{last}")
    };
    let _ = writeln!(out, "{} ({template}{lines})", title(table));

    // Build the grid as strings first, then pad each column to its widest entry.
    let mut grid: Vec<Vec<(String, bool)>> = Vec::new();
    let mut header = vec![("line".to_owned(), false), ("row".to_owned(), false)];
    header.extend(t.columns.iter().map(|c| (c.label.to_owned(), false)));
    grid.push(header);
    for (def, row) in t.rows.iter().zip(&table.rows) {
        grid.push(row_cells(src, def, row.as_ref(), t.columns.len()));
    }
    let columns = grid.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            grid.iter()
                .filter_map(|r| r.get(c))
                .map(|(s, _)| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &grid {
        let mut line = String::new();
        for (c, (text, unknown)) in row.iter().enumerate() {
            // labels (column 1) left-aligned, numbers and line numbers right-aligned
            let gap = " ".repeat(widths[c] - text.width());
            let shown = if *unknown {
                style.paint(Role::Unknown, text)
            } else {
                text.clone()
            };
            if c > 0 {
                line.push_str("  ");
            }
            if c == 1 || text == "absent" {
                line.push_str(&shown);
                line.push_str(&gap);
            } else {
                line.push_str(&gap);
                line.push_str(&shown);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// `line`, label, then one entry per column (`?` unknown, `7*` blank read as 0); an absent row
/// is `-`, label, `absent`. The flag marks entries to highlight.
fn row_cells(
    src: &Source,
    def: &RowDef,
    row: Option<&BoundRow>,
    columns: usize,
) -> Vec<(String, bool)> {
    let label = clip(&display_label(def), MAX_LABEL_WIDTH);
    let Some(row) = row else {
        return vec![
            ("-".to_owned(), false),
            (label, false),
            ("absent".to_owned(), true),
        ];
    };
    let line = row
        .label_span
        .or_else(|| row.cells.iter().flatten().next().map(|c| c.span))
        .map_or_else(|| "?".to_owned(), |s| src.range(s).line.to_string());
    let mut cells = vec![(line, false), (label, false)];
    for col in 0..columns {
        let cell = row.cells.get(col).and_then(Option::as_ref);
        cells.push(match cell.and_then(|c| c.value.map(|v| (v, c.blank))) {
            Some((v, true)) => (format!("{v}*"), true),
            Some((v, false)) => (v.to_string(), false),
            None => ("?".to_owned(), true),
        });
    }
    cells
}

/// Row labels are cut to this many columns (the （六） leaves of T2021 are 70 wide).
const MAX_LABEL_WIDTH: usize = 40;

fn clip(label: &str, max: usize) -> String {
    if label.width() <= max {
        return label.to_owned();
    }
    let mut out = String::new();
    for c in label.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > max - 3 {
            break;
        }
        out.push(c);
    }
    out + "..."
}

/// `（三）1.属于国家秘密` for a numbered leaf, the short label otherwise; 四's rows with their
/// group (`行政诉讼 › 复议后起诉`).
fn display_label(def: &RowDef) -> String {
    let label = def.short_label();
    match def.group {
        Some(group) if label.starts_with(|c: char| c.is_ascii_digit()) => {
            let enumerator = group
                .find('）')
                .map_or("", |i| &group[..i + '）'.len_utf8()]);
            format!("{enumerator}{label}")
        }
        Some(group) if !group.starts_with('三') && !group.starts_with('（') => def.path(),
        _ => label.to_owned(),
    }
}

fn title(table: &Table) -> String {
    match table.kind() {
        TableKind::S2(_) => format!("二、主动公开政府信息情况 · {}", table.template.title),
        TableKind::S3 | TableKind::S4 => table.template.title.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Value};
    use crate::span::Span;
    use crate::template::{TableTemplate, TemplateYear};

    #[test]
    fn grid_shows_values_unknowns_and_absent_rows() {
        let text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 12 | 0 | 0 | 0 | 0 | 0 | 12 |\n";
        let src = Source::new("r.txt", text);
        let mut table = Table::new(
            TableTemplate::s3(TemplateYear::T2021),
            Span::new(0, text.len()),
        );
        let label_at = text.find("一、").unwrap();
        let cell = |v: Option<i64>, blank| {
            Some(Cell {
                span: Span::new(label_at, label_at),
                value: v.map(Value::Int),
                blank,
            })
        };
        table.rows[0] = Some(BoundRow {
            label_span: Some(Span::new(label_at, label_at + 3)),
            cells: vec![
                cell(Some(12), false),
                cell(Some(0), true),
                cell(None, false),
                None,
                cell(Some(0), false),
                cell(Some(0), false),
                cell(Some(12), false),
            ],
        });
        let report = Report {
            year: Some(2023),
            organ: Some("青禾县".into()),
            tables: vec![table],
            ..Report::default()
        };
        let out = render_tables(&src, &report, Style::PLAIN);
        insta::assert_snapshot!(out);
        assert!(out.contains("0*"));
        assert!(out.contains("absent"));
    }

    #[test]
    fn leaf_labels_carry_their_group_enumerator() {
        let t = TableTemplate::s3(TemplateYear::T2021);
        assert_eq!(display_label(&t.rows[4]), "（三）1.属于国家秘密");
        assert_eq!(display_label(&t.rows[3]), "（二）部分公开");
        assert_eq!(
            display_label(&TableTemplate::s4().rows[2]),
            "行政诉讼 › 复议后起诉"
        );
    }
}
