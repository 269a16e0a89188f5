//! One `w:tbl` read into the HTML reader's table model. Word lists every cell of every row,
//! a vertically merged cell once per row (`w:vMerge` `restart` on top, `continue` below);
//! HTML lists a merged cell once with a `rowspan`. The top cell gets the rowspan and the cells
//! it covers are left out, so [`crate::reader::html::grid::place`] puts every cell where Word
//! shows it. `w:gridSpan` is the colspan.

use crate::reader::html::document::{HtmlCell, HtmlRow, HtmlTable};
use crate::reader::html::text::SrcChar;
use crate::reader::place::Place;
use crate::span::Span;

/// What browsers clamp a colspan to; Word's grids are far narrower.
const MAX_SPAN: usize = 1000;

/// A cell's vertical merge (`w:vMerge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

/// Where a value can be written into an empty cell: `replace` bytes at `at` become
/// `prefix + value + suffix` (a new run at the end of the cell's first paragraph, formatted as
/// its paragraph mark; or an empty `<w:p/>` rewritten with a run in it). A fix is written
/// into a Word file only there or over the characters of `w:t` text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    pub at: usize,
    pub replace: usize,
    pub prefix: String,
    pub suffix: String,
}

#[derive(Debug, Default)]
struct WordCell {
    chars: Vec<SrcChar>,
    grid_span: usize,
    grid_col: usize,
    vmerge: VMerge,
    span: Span,
    paragraphs: usize,
    insertion: Option<Insertion>,
}

#[derive(Debug, Default)]
struct WordRow {
    cells: Vec<WordCell>,
    start: usize,
    grid_before: usize,
}

/// A table being read.
#[derive(Debug, Default)]
pub struct TableBuilder {
    /// 1-based, among the document's tables.
    pub number: u32,
    /// It holds another table: its cells were given back as prose.
    pub layout: bool,
    rows: Vec<WordRow>,
    row: Option<WordRow>,
    cell: Option<WordCell>,
    /// Places of rows closed, not yet taken.
    places: Vec<(Span, Place)>,
}

impl TableBuilder {
    pub fn new(number: u32) -> Self {
        TableBuilder {
            number,
            ..TableBuilder::default()
        }
    }

    pub fn open_row(&mut self, start: usize) {
        if self.row.is_some() {
            self.close_row_at(start);
        }
        self.row = Some(WordRow {
            start,
            ..WordRow::default()
        });
    }

    pub fn open_cell(&mut self, start: usize) {
        self.close_cell(start);
        if self.row.is_none() {
            self.open_row(start);
        }
        self.cell = Some(WordCell {
            grid_span: 1,
            span: Span::new(start, start),
            ..WordCell::default()
        });
    }

    pub fn set_grid_span(&mut self, n: usize) {
        if let Some(c) = &mut self.cell {
            c.grid_span = n.clamp(1, MAX_SPAN);
        }
    }

    pub fn set_grid_before(&mut self, n: usize) {
        if let (Some(r), None) = (&mut self.row, &self.cell) {
            r.grid_before = n.min(MAX_SPAN);
        }
    }

    pub fn set_vmerge(&mut self, merge: VMerge) {
        if let Some(c) = &mut self.cell {
            c.vmerge = merge;
        }
    }

    pub fn push_chars(&mut self, chars: &[SrcChar]) {
        // text in a row outside any cell does not exist in Word's model: not shown
        if let Some(c) = &mut self.cell {
            c.chars.extend_from_slice(chars);
        }
    }

    /// A paragraph of the open cell starts: after the first, a line break inside the cell.
    /// `tag` is the paragraph's start tag; an empty first paragraph (`<w:p/>`) is where a value
    /// goes, rewritten with a run.
    pub fn open_paragraph(&mut self, tag: Span, src: &str, empty: bool) {
        let Some(c) = &mut self.cell else { return };
        if c.paragraphs > 0 {
            c.chars.push(SrcChar {
                c: '\n',
                src: Span::new(tag.start, tag.start),
                literal: false,
            });
        }
        c.paragraphs += 1;
        let open = src
            .get(tag.start..tag.end)
            .and_then(|t| t.strip_suffix("/>"));
        if let (true, 1, None, Some(open)) = (empty, c.paragraphs, &c.insertion, open) {
            c.insertion = Some(Insertion {
                at: tag.start,
                replace: tag.len(),
                prefix: format!("{}><w:r><w:t>", open.trim_end()),
                suffix: "</w:t></w:r></w:p>".into(),
            });
        }
    }

    /// A paragraph of the open cell ends at `end_tag` (`</w:p>`); `run_properties` are its
    /// mark's (`<w:rPr>…</w:rPr>` or empty), copied into a run written there.
    pub fn close_paragraph(&mut self, end_tag: Span, run_properties: String) {
        let Some(c) = &mut self.cell else { return };
        if c.paragraphs == 1 && c.insertion.is_none() {
            c.insertion = Some(Insertion {
                at: end_tag.start,
                replace: 0,
                prefix: format!("<w:r>{run_properties}<w:t>"),
                suffix: "</w:t></w:r>".into(),
            });
        }
    }

    /// The open cell ends (`</w:tc>`, or the cell was `<w:tc/>`) at `end`.
    pub fn close_cell(&mut self, end: usize) {
        if let Some(mut c) = self.cell.take() {
            c.span.end = end.max(c.span.start);
            if let Some(r) = &mut self.row {
                r.cells.push(c);
            }
        }
    }

    /// The row ends at `end`: its cells take their grid columns, and it gives the places of
    /// itself and its cells ([`Self::take_places`]).
    pub fn close_row_at(&mut self, end: usize) {
        self.close_cell(end);
        let Some(mut row) = self.row.take() else {
            return;
        };
        let mut col = row.grid_before;
        for c in &mut row.cells {
            c.grid_col = col;
            col = col.saturating_add(c.grid_span);
        }
        let number = self.rows.len() as u32 + 1;
        let texts: Vec<String> = row.cells.iter().map(|c| cell_text(&c.chars)).collect();
        let place = |column: Option<u32>| Place {
            table: Some(self.number),
            row: Some(number),
            column,
            row_text: texts.join(" | "),
            ..Place::default()
        };
        self.places
            .push((Span::new(row.start, end.max(row.start)), place(None)));
        for c in &row.cells {
            let column = u32::try_from(c.grid_col + 1).ok();
            self.places.push((c.span, place(column)));
        }
        self.rows.push(row);
    }

    /// The places of the rows closed since last asked.
    pub fn take_places(&mut self) -> Vec<(Span, Place)> {
        std::mem::take(&mut self.places)
    }

    /// The table holds another table: its cells so far are given back as prose, and it reads
    /// no more cells.
    pub fn become_layout(&mut self) -> Vec<Vec<SrcChar>> {
        let at = self.cell.as_ref().map_or(0, |c| c.span.start);
        self.close_row_at(at);
        self.layout = true;
        let rows = std::mem::take(&mut self.rows);
        rows.into_iter()
            .flat_map(|r| r.cells)
            .map(|c| c.chars)
            .collect()
    }

    /// The table in the HTML model, and where values can be written into its cells.
    pub fn finish(mut self) -> (HtmlTable, Vec<Insertion>) {
        self.close_row_at(0);
        let absorbed = absorbed(&self.rows);
        let mut insertions = Vec::new();
        let mut table = HtmlTable::default();
        for (r, row) in self.rows.iter().enumerate() {
            let mut out = HtmlRow::default();
            if row.grid_before > 0 {
                out.cells
                    .push(HtmlCell::new(Vec::new(), row.grid_before, 1, row.start));
            }
            for (i, c) in row.cells.iter().enumerate() {
                if absorbed[r][i] {
                    continue;
                }
                let rowspan = match c.vmerge {
                    VMerge::None => 1,
                    _ => 1 + merged_below(&self.rows, r, c.grid_col),
                };
                let insert_at = c.insertion.as_ref().map_or(c.span.start, |i| i.at);
                insertions.extend(c.insertion.clone());
                let cell = HtmlCell::new(c.chars.clone(), c.grid_span, rowspan, insert_at);
                out.cells.push(cell);
            }
            table.rows.push(out);
        }
        (table, insertions)
    }
}

/// The cell of `row` that starts at grid column `col`.
fn cell_at(row: &WordRow, col: usize) -> Option<&WordCell> {
    let i = row.cells.partition_point(|c| c.grid_col < col);
    row.cells.get(i).filter(|c| c.grid_col == col)
}

/// For every cell, whether the merged cell above covers it (a `continue` under a merge).
fn absorbed(rows: &[WordRow]) -> Vec<Vec<bool>> {
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            row.cells
                .iter()
                .map(|c| {
                    c.vmerge == VMerge::Continue
                        && r > 0
                        && cell_at(&rows[r - 1], c.grid_col)
                            .is_some_and(|above| above.vmerge != VMerge::None)
                })
                .collect()
        })
        .collect()
}

/// How many rows under row `r` continue the merge in grid column `col`.
fn merged_below(rows: &[WordRow], r: usize, col: usize) -> usize {
    rows[r + 1..]
        .iter()
        .take_while(|row| cell_at(row, col).is_some_and(|c| c.vmerge == VMerge::Continue))
        .count()
}

/// A cell's text on one line.
fn cell_text(chars: &[SrcChar]) -> String {
    let text: String = chars.iter().map(|c| c.c).collect();
    super::body::collapse(&text)
}
