//! The pages written as the plain text the engine reads — prose lines, one line per table row
//! with its cells separated by ` | ` (an empty value cell as [`BLANK`], as for an HTML table) —
//! and the [`Places`] of that text: every line's page, its number on the page, its text and
//! its glyph box, and every cell's column and box inside it.

use super::layout::{bbox, cell_text, Block, Line, PageLayout, Table};
use crate::reader::html::grid::{CellText, Placed, ValueColumns};
use crate::reader::html::BLANK;
use crate::reader::place::{Place, Places};
use crate::reader::tokens::BLANK_ROW_CELLS;
use crate::span::Span;

/// A cell written on a row line: where its text is in the line and its box.
struct Written {
    span: Span,
    column: u32,
    bbox: Option<[f32; 4]>,
}

#[derive(Default)]
struct Writer {
    text: String,
    places: Places,
    page: u32,
    /// Lines written on the current page.
    row: u32,
}

impl Writer {
    fn place(&self, row_text: &str, column: Option<u32>, bbox: Option<[f32; 4]>) -> Place {
        Place {
            page: Some(self.page),
            row: Some(self.row),
            column,
            row_text: row_text.to_string(),
            bbox,
            ..Place::default()
        }
    }

    fn line(&mut self, line: &Line) {
        let text = line.text();
        self.row += 1;
        let start = self.text.len();
        self.text.push_str(&text);
        let place = self.place(&text, None, bbox(&line.glyphs));
        self.places.push(Span::new(start, self.text.len()), place);
        self.text.push('\n');
    }

    /// One row line of cells, with its places (the row's, then each cell's).
    fn row_line(&mut self, cells: &[(String, u32, Option<[f32; 4]>)]) {
        if cells.is_empty() {
            return;
        }
        self.row += 1;
        let start = self.text.len();
        let mut written = Vec::with_capacity(cells.len());
        for (i, (text, column, bbox)) in cells.iter().enumerate() {
            if i > 0 {
                self.text.push_str(" | ");
            }
            let at = self.text.len();
            self.text.push_str(text);
            let span = Span::new(at, self.text.len());
            written.push(Written {
                span,
                column: *column,
                bbox: *bbox,
            });
        }
        let row_text = self.text[start..].to_string();
        let row_box = written.iter().filter_map(|w| w.bbox).reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        });
        let row_place = self.place(&row_text, None, row_box);
        self.places
            .push(Span::new(start, self.text.len()), row_place);
        for w in written {
            let place = self.place(&row_text, Some(w.column), w.bbox);
            self.places.push(w.span, place);
        }
        self.text.push('\n');
    }

    fn table(&mut self, table: &Table) {
        let grid = &table.grid;
        let texts: Vec<String> = table.cells.iter().map(|lines| cell_text(lines)).collect();
        // the cells starting on each row of the lattice, as the HTML grid places them
        let mut rows: Vec<Vec<CellText>> = vec![Vec::new(); grid.rows()];
        let mut owners: Vec<Vec<usize>> = vec![Vec::new(); grid.rows()];
        for (k, c) in grid.cells.iter().enumerate() {
            let at = Placed {
                index: k,
                col: c.col,
                colspan: c.colspan,
            };
            rows[c.row].push(CellText::new(at, texts[k].clone()));
            owners[c.row].push(k);
        }
        let values = value_columns(&rows);
        for (r, cells) in rows.iter().enumerate() {
            let header = values.is_none_or(|v| {
                cells
                    .iter()
                    .any(|c| v.contains(c.at) && !c.text.is_empty() && !c.number)
            }) || (cells.len() < BLANK_ROW_CELLS
                && cells.iter().all(|c| c.text.is_empty()));
            let mut line = Vec::new();
            for (c, &k) in cells.iter().zip(&owners[r]) {
                let blank =
                    c.text.is_empty() && !header && values.is_some_and(|v| v.contains(c.at));
                let column = c.at.col as u32 + 1;
                let glyphs = table.cells[k].iter().flat_map(|l| &l.glyphs);
                if blank {
                    line.push((BLANK.to_string(), column, Some(square(grid, k))));
                } else if !c.text.is_empty() {
                    line.push((c.text.clone(), column, bbox(glyphs)));
                }
            }
            self.row_line(&line);
        }
    }
}

/// The value columns as an HTML table's ([`ValueColumns::find`]), but starting no earlier than
/// the first column that holds a number. A PDF shows an empty cell between a label and its
/// numbers where the Word table had one (WPS: `（六）其他处理` beside the sub-labels' column);
/// it is no value, and as a blank it would give the row an eighth number. A value column left
/// blank in every row is then not read as blank (the row is short of numbers instead).
fn value_columns(rows: &[Vec<CellText>]) -> Option<ValueColumns> {
    let v = ValueColumns::find(rows)?;
    let numbers = rows.iter().flatten().filter(|c| c.number);
    let first = numbers
        .map(|c| c.at.col)
        .min()
        .map_or(v.first, |n| n.max(v.first));
    (first <= v.last).then_some(ValueColumns {
        first,
        last: v.last,
    })
}

/// The box of cell `k` on the page (for a blank cell, which has no glyphs).
fn square(grid: &super::grid::Grid, k: usize) -> [f32; 4] {
    let c = grid.cells[k];
    let (x0, x1) = (grid.xs[c.col], grid.xs[c.col + c.colspan]);
    let (y1, y0) = (grid.ys[c.row], grid.ys[c.row + c.rowspan]);
    [x0, y0, x1, y1]
}

/// Write the laid-out pages as the view and its places.
pub fn write(pages: &[PageLayout]) -> (String, Places) {
    let mut w = Writer::default();
    for page in pages {
        w.page = page.number;
        w.row = 0;
        for block in &page.blocks {
            match block {
                Block::Line(line) => w.line(line),
                Block::Table(table) => w.table(table),
            }
        }
    }
    (w.text, w.places)
}

#[cfg(test)]
mod tests {
    use super::super::extract::{Glyph, Segment};
    use super::super::grid::grids;
    use super::super::layout::lines;
    use super::*;

    fn glyphs(s: &str, x: f32, y: f32) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                c,
                x0: x + 10.0 * i as f32,
                x1: x + 10.0 * (i + 1) as f32,
                y,
                size: 10.0,
                space_before: false,
            })
            .collect()
    }

    #[test]
    fn a_row_with_a_blank_value_and_its_places() {
        // 规章 | 1 | (empty) | 3 under a header row 甲 乙 丙
        let mut rules = Vec::new();
        for y in [0.0, 20.0, 40.0] {
            rules.push(Segment {
                horizontal: true,
                at: y,
                from: 0.0,
                to: 200.0,
            });
        }
        for x in [0.0, 50.0, 100.0, 150.0, 200.0] {
            rules.push(Segment {
                horizontal: false,
                at: x,
                from: 0.0,
                to: 40.0,
            });
        }
        let grid = grids(&rules).remove(0);
        let mut cells = vec![Vec::new(); grid.cells.len()];
        for (k, (s, x, y)) in [
            ("", 0.0, 25.0),
            ("甲", 60.0, 25.0),
            ("乙", 110.0, 25.0),
            ("丙", 160.0, 25.0),
            ("规章", 5.0, 5.0),
            ("1", 60.0, 5.0),
            ("", 0.0, 0.0),
            ("3", 160.0, 5.0),
        ]
        .into_iter()
        .enumerate()
        {
            cells[k] = lines(glyphs(s, x, y));
        }
        let page = PageLayout {
            number: 2,
            blocks: vec![Block::Table(Table { grid, cells })],
        };
        let (text, places) = write(&[page]);
        assert_eq!(text, "甲 | 乙 | 丙\n规章 | 1 | \u{e000} | 3\n");
        let at = text.find('1').unwrap();
        let p = places.find(Span::new(at, at + 1)).unwrap();
        assert_eq!((p.page, p.row, p.column), (Some(2), Some(2), Some(2)));
        assert_eq!(p.row_text, "规章 | 1 | \u{e000} | 3");
        let b = p.bbox.unwrap();
        let want = [60.0, 3.8, 70.0, 13.8];
        assert!(
            b.iter().zip(want).all(|(a, w)| (a - w).abs() < 1e-3),
            "{b:?}"
        );
    }
}
