//! Table rows written anew, in the layout the source's rows use: pipe rows, tab rows or
//! markdown rows. Layouts that cannot hold an empty cell — one cell per line (an empty line is
//! no cell), PDF text (no separators), digits run together — get pipe rows.

use crate::template::{s2_tables, RowDef, TemplateYear};

/// How a row's cells are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `label | 1 | 2 |`
    Pipe,
    /// `label\t1\t2`
    Tab,
    /// `| label | 1 | 2 |`
    Markdown,
}

impl Style {
    /// The style of the rows in `lines` (the stretch of the source being replaced): tabs when
    /// a line has one, markdown when a line holding text opens with `|` (a line of pipes only
    /// is a row end of one cell per line), pipe rows otherwise.
    pub fn of(lines: &str) -> Style {
        let markdown = |l: &str| {
            let l = l.trim();
            l.starts_with('|') && l.chars().any(|c| !matches!(c, '|' | ' ' | '-' | ':'))
        };
        if lines.contains('\t') {
            Style::Tab
        } else if lines.lines().any(markdown) {
            Style::Markdown
        } else {
            Style::Pipe
        }
    }

    /// As notes name it.
    pub fn name(self) -> &'static str {
        match self {
            Style::Pipe => "pipe",
            Style::Tab => "tab",
            Style::Markdown => "markdown",
        }
    }

    /// One row of `cells` (labels first, then values; an empty string is an empty cell).
    pub fn row(self, cells: &[&str]) -> String {
        match self {
            Style::Pipe => format!("{} |", cells.join(" | ")),
            Style::Tab => cells.join("\t"),
            Style::Markdown => format!("| {} |", cells.join(" | ")),
        }
    }
}

/// Table 三's rows: official labels, every value cell empty except `filled`'s (the row index
/// and its seven values, `None` left empty). A group heading is printed once, as the first cell
/// of its first row (as the official form spans it), and in markdown and tab rows a row without
/// one opens with an empty cell, so the columns line up.
pub fn s3_rows(
    style: Style,
    rows: &[RowDef],
    filled: Option<(usize, &[Option<i64>])>,
) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let values: Vec<String> = match filled {
            Some((row, v)) if row == i => v
                .iter()
                .map(|x| x.map_or(String::new(), |x| x.to_string()))
                .collect(),
            _ => vec![String::new(); 7],
        };
        let group = r.group.filter(|g| !seen.contains(g));
        seen.extend(r.group);
        let mut cells: Vec<&str> = Vec::with_capacity(9);
        match (group, style) {
            (Some(g), _) => cells.push(g),
            (None, Style::Tab | Style::Markdown) => cells.push(""),
            (None, Style::Pipe) => {}
        }
        cells.push(r.label);
        cells.extend(values.iter().map(String::as_str));
        out.push(style.row(&cells));
    }
    out
}

/// Table 四's row: fifteen empty cells.
pub fn s4_row(style: Style) -> String {
    let cells = [""; 15];
    match style {
        // the cell before a markdown row's first pipe would be a sixteenth
        Style::Pipe | Style::Markdown => Style::Pipe.row(&cells),
        Style::Tab => Style::Tab.row(&cells),
    }
}

/// The rows of one section 二 table: its labels, empty cells.
pub fn s2_rows(style: Style, rows: &[RowDef], columns: usize) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let mut cells = vec![r.label];
            cells.extend(std::iter::repeat_n("", columns));
            style.row(&cells)
        })
        .collect()
}

/// Every section 二 table of `year`'s form: caption, header (`信息内容` and the columns), rows.
pub fn s2_tables_text(style: Style, year: TemplateYear) -> Vec<String> {
    let mut out = Vec::new();
    for t in s2_tables(year) {
        out.push(t.caption.to_owned());
        let mut header = vec!["信息内容"];
        header.extend(t.columns.iter().map(|c| c.label));
        out.push(style.row(&header));
        if style == Style::Markdown {
            out.push(style.row(&vec!["---"; header.len()]));
        }
        out.extend(s2_rows(style, t.rows, t.columns.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::S3_T2021_ROWS;

    #[test]
    fn styles() {
        assert_eq!(Style::of("a | 1 |\nb | 2 |"), Style::Pipe);
        assert_eq!(Style::of("| a | 1 |"), Style::Markdown);
        assert_eq!(Style::of("a |\n||\n1 |"), Style::Pipe);
        assert_eq!(Style::of("a\t1"), Style::Tab);
        assert_eq!(Style::Pipe.row(&["a", "", "3"]), "a |  | 3 |");
        assert_eq!(Style::Markdown.row(&["a", ""]), "| a |  |");
    }

    #[test]
    fn s3_rows_print_group_headings_once_and_the_filled_row() {
        let carry = [Some(3), Some(0), None, Some(0), Some(0), Some(0), Some(3)];
        let rows = s3_rows(Style::Pipe, S3_T2021_ROWS, Some((1, &carry)));
        assert_eq!(rows.len(), 25);
        assert_eq!(
            rows[1],
            "二、上年结转政府信息公开申请数量 | 3 | 0 |  | 0 | 0 | 0 | 3 |"
        );
        assert!(rows[2].starts_with("三、本年度办理结果 | （一）予以公开 |"));
        assert!(rows[3].starts_with("（二）部分公开"));
        assert!(rows[4].starts_with("（三）不予公开 | 1.属于国家秘密 |"));
        assert!(rows[23].starts_with("（七）总计 |"), "{}", rows[23]);
        let tabs = s3_rows(Style::Tab, S3_T2021_ROWS, None);
        assert!(tabs[0].starts_with("\t一、"));
    }

    #[test]
    fn s4_row_has_fifteen_cells() {
        assert_eq!(s4_row(Style::Pipe).matches('|').count(), 15);
        assert_eq!(s4_row(Style::Tab).matches('\t').count(), 14);
    }
}
