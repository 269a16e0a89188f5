//! A table's cells placed on its grid (`rowspan`/`colspan` expanded as HTML's table model does),
//! and which grid columns hold values.

use super::document::{HtmlCell, HtmlTable};
use crate::reader::tokens::BLANK_ROW_CELLS;

/// No real table is wider; a page asking for more is clamped, not allocated.
const MAX_WIDTH: usize = 4096;

/// Grid positions visited (rows × width) before a table is placed flat: a report's tables
/// have a few hundred cells, and a page of a million rows under a 4,096-wide span must not cost
/// four billion steps.
const PLACING_BUDGET: usize = 4_000_000;

/// A cell where it starts on the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Index of the cell in its row.
    pub index: usize,
    pub col: usize,
    pub colspan: usize,
}

/// The grid position of every cell, row by row. A cell that would start beyond the widest grid
/// allowed goes in its last column.
pub fn place(table: &HtmlTable) -> Vec<Vec<Placed>> {
    let n_rows = table.rows.len();
    // rows still covered in each column by a cell from a row above
    let mut cover: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(n_rows);
    let mut spent = 0usize;
    for (r, row) in table.rows.iter().enumerate() {
        spent += cover.len() + row.cells.len();
        if spent > PLACING_BUDGET {
            // past the budget: each cell where it stands in its row, spans ignored
            out.push(flat(row));
            continue;
        }
        let mut col = 0;
        let mut placed = Vec::with_capacity(row.cells.len());
        for (index, cell) in row.cells.iter().enumerate() {
            while cover.get(col).is_some_and(|&c| c > 0) {
                col += 1;
            }
            if col >= MAX_WIDTH {
                // no room left on the grid: the cell goes in its last column, over what is
                // there, rather than be lost
                placed.push(Placed {
                    index,
                    col: MAX_WIDTH - 1,
                    colspan: 1,
                });
                continue;
            }
            let colspan = cell.colspan.clamp(1, MAX_WIDTH - col);
            let rowspan = match cell.rowspan {
                0 => n_rows - r,
                n => n.min(n_rows - r),
            };
            if cover.len() < col + colspan {
                cover.resize(col + colspan, 0);
            }
            for c in &mut cover[col..col + colspan] {
                *c = rowspan;
            }
            placed.push(Placed {
                index,
                col,
                colspan,
            });
            col += colspan;
        }
        for c in &mut cover {
            *c = c.saturating_sub(1);
        }
        out.push(placed);
    }
    out
}

fn flat(row: &super::document::HtmlRow) -> Vec<Placed> {
    (0..row.cells.len())
        .map(|index| Placed {
            index,
            col: index.min(MAX_WIDTH - 1),
            colspan: 1,
        })
        .collect()
}

/// The cell's text as the page shows it in one line: whitespace runs collapsed.
pub fn visible(cell: &HtmlCell) -> String {
    let mut s = String::new();
    for c in &cell.chars {
        if c.c.is_whitespace() {
            if !s.is_empty() && !s.ends_with(' ') {
                s.push(' ');
            }
        } else {
            s.push(c.c);
        }
    }
    s.truncate(s.trim_end().len());
    s
}

/// Is this cell's text a number or several (digits with commas, a decimal point, a sign, a
/// 元/万元 unit)? Such cells are the table's values.
pub fn is_number(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('元')
        && !text.starts_with("万元")
        && text.split(' ').all(|word| {
            // a unit printed apart from its number (`780877.39 元`)
            if matches!(word, "元" | "万元") {
                return true;
            }
            let w = word
                .strip_suffix("万元")
                .or_else(|| word.strip_suffix('元'))
                .unwrap_or(word);
            let w = w.trim_start_matches(['-', '+', '−', '－']);
            w.chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
                && w.chars().all(|c| {
                    c.is_ascii_digit()
                        || ('０'..='９').contains(&c)
                        || matches!(c, ',' | '，' | '.' | '．')
                })
        })
}

/// A placed cell with its visible text, and whether that text is a number (asked once).
#[derive(Debug, Clone)]
pub struct CellText {
    pub at: Placed,
    pub text: String,
    pub number: bool,
}

impl CellText {
    pub fn new(at: Placed, text: String) -> Self {
        let number = is_number(&text);
        CellText { at, text, number }
    }
}

/// The grid columns that hold values: from the first column with a number to the last column
/// that has a number or a header word. An empty cell there is a blank value; an empty cell
/// elsewhere (the corner, a column after the table's last) is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueColumns {
    pub first: usize,
    pub last: usize,
}

impl ValueColumns {
    /// The value columns of a table, from its numbers; for a table without a single number
    /// (every value left blank), from its header words and labels ([`Self::without_numbers`]).
    pub fn find(texts: &[Vec<CellText>]) -> Option<ValueColumns> {
        let numbers = texts.iter().flatten().filter(|c| c.number);
        if numbers.clone().next().is_none() {
            return Self::without_numbers(texts);
        }
        // in each row with numbers, the values start after its last label before the first
        // number, or at its first cell when it has no label (table 四's one row)
        let first = texts
            .iter()
            .filter_map(|row| {
                let k = row.iter().position(|c| c.number)?;
                let label = row[..k].iter().rposition(|c| !c.text.is_empty());
                Some(match label {
                    Some(i) => row[i].at.col + row[i].at.colspan,
                    None => row[0].at.col,
                })
            })
            .min()?;
        let mut last = numbers.map(|c| c.at.col + c.at.colspan - 1).max()?;
        for row in texts {
            if row.iter().any(|c| c.number) {
                continue;
            }
            for c in row {
                if !c.text.is_empty() && c.at.col >= first {
                    last = last.max(c.at.col + c.at.colspan - 1);
                }
            }
        }
        Some(ValueColumns { first, last })
    }

    /// A table whose values are all blank: the value columns start after the rightmost label
    /// of a row that has empty cells after its label, and end at the last column a header word
    /// covers. A row of nothing but empty cells under header words (table 四 left blank) makes
    /// them all value columns.
    fn without_numbers(texts: &[Vec<CellText>]) -> Option<ValueColumns> {
        let mut first: Option<usize> = None;
        let mut headed = 0;
        for row in texts {
            let last_word = row.iter().rposition(|c| !c.text.is_empty());
            match last_word {
                Some(i) if i + 1 < row.len() => {
                    let p = row[i].at;
                    let start = p.col + p.colspan;
                    first = Some(first.map_or(start, |f| f.min(start)));
                }
                None if row.iter().filter(|c| c.at.col < headed).count() >= BLANK_ROW_CELLS => {
                    first = Some(first.map_or(row[0].at.col, |f| f.min(row[0].at.col)));
                }
                _ => {}
            }
            for c in row {
                if !c.text.is_empty() {
                    headed = headed.max(c.at.col + c.at.colspan);
                }
            }
        }
        let first = first?;
        (headed > first).then_some(ValueColumns {
            first,
            last: headed - 1,
        })
    }

    pub fn contains(&self, p: Placed) -> bool {
        p.col >= self.first && p.col <= self.last
    }
}

#[cfg(test)]
mod tests {
    use super::super::document::parse;
    use super::super::document::Block;
    use super::*;

    fn table(src: &str) -> HtmlTable {
        parse(src)
            .into_iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .unwrap()
    }

    fn cols(src: &str) -> Vec<Vec<usize>> {
        place(&table(src))
            .iter()
            .map(|r| r.iter().map(|p| p.col).collect())
            .collect()
    }

    #[test]
    fn spans_expand() {
        let t = "<table><tr><td rowspan=2>a</td><td colspan=2>b</td></tr><tr><td>c</td><td>d</td></tr></table>";
        assert_eq!(cols(t), [vec![0, 1], vec![1, 2]]);
    }

    #[test]
    fn rowspan_zero_covers_the_rest_and_huge_spans_clamp() {
        let t = "<table><tr><td rowspan=0>a</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></table>";
        assert_eq!(cols(t), [vec![0, 1], vec![1], vec![1]]);
        let t = "<table><tr><td colspan=9999>a</td><td colspan=9999>b</td><td>c</td><td>d</td><td>e</td></tr></table>";
        assert_eq!(cols(t), [vec![0, 1000, 2000, 2001, 2002]]);
        let t = "<table><tr><td rowspan=99999>a</td></tr></table>";
        assert_eq!(cols(t), [vec![0]]);
    }

    #[test]
    fn a_huge_spanned_table_is_placed_in_bounded_time() {
        let mut t = String::from("<table><tr><td colspan=4096 rowspan=0>x</td></tr>");
        t.push_str(&"<tr><td>1</td></tr>".repeat(20_000));
        let placed = place(&table(&t));
        assert_eq!(placed.len(), 20_001);
        // under the span, then flat once the budget is spent: no cell is lost
        assert!(placed.iter().all(|r| r.len() == 1));
    }

    #[test]
    fn numbers() {
        for yes in ["0", "1,190", "780877.39 元", "12万元", "0 0 0", "３", "-3"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["", "2021年", "（一）", "总计", "1.属于国家秘密", "."] {
            assert!(!is_number(no), "{no}");
        }
    }
}
