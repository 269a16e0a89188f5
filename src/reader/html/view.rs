//! The document written as the plain text the engine reads: prose as lines, each table row as
//! one line of cells separated by ` | `, every blank value cell as [`BLANK`]. Each byte of the
//! view is mapped to the source bytes it came from ([`SourceMap`]).

use super::document::{Block, HtmlTable};
use super::grid::{place, visible, CellText, ValueColumns};
use super::text::SrcChar;
use crate::reader::sourcemap::SourceMap;
use crate::reader::tokens::BLANK_ROW_CELLS;
use crate::span::Span;

/// Stands for an empty value cell in a view row. The tokenizer reads it as a blank cell
/// (`TokKind::Blank`) wherever it is, so a row whose values are all blank is still a row.
/// A private-use character: no report prints it.
pub const BLANK: char = '\u{e000}';

/// An HTML page as the engine reads it.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub text: String,
    pub map: SourceMap,
}

/// Characters whose line breaks between each other vanish (CSS Text: segment breaks between
/// East Asian wide characters are removed, so `本年\n新收` reads `本年新收`).
fn is_wide(c: char) -> bool {
    ('\u{2e80}'..='\u{9fff}').contains(&c)
        || ('\u{f900}'..='\u{faff}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// Whitespace that collapses, as in HTML (the no-break space too: here it only pads).
fn collapses(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}')
}

#[derive(Default)]
struct Writer {
    view: View,
    /// A whitespace run waiting for the next visible character: its first character, and
    /// whether it held a line break.
    pending: Option<(SrcChar, bool)>,
    last: Option<char>,
    /// Where the last written character ends in the source (synthetic text maps there).
    src_end: usize,
}

impl Writer {
    fn raw(&mut self, s: &str, src: Span, exact: bool) {
        let at = self.view.text.len();
        self.view.text.push_str(s);
        self.view.map.push(at, s.len(), src, exact);
        // synthetic text (an empty span) never moves the point back
        if !src.is_empty() || src.end > self.src_end {
            self.src_end = src.end;
        }
    }

    fn synthetic(&mut self, s: &str) {
        let at = self.src_end;
        self.raw(s, Span::new(at, at), false);
    }

    fn char(&mut self, c: SrcChar) {
        if collapses(c.c) {
            if self.last.is_some() {
                let brk = c.c == '\n' || c.c == '\r';
                self.pending = match self.pending {
                    Some((first, b)) => Some((first, b || brk)),
                    None => Some((c, brk)),
                };
            }
            return;
        }
        if let Some((first, brk)) = self.pending.take() {
            let cjk_join = brk && self.last.is_some_and(is_wide) && is_wide(c.c);
            if !cjk_join {
                self.raw(" ", first.src, first.c == ' ' && first.src.len() == 1);
            }
        }
        // a cell separator inside text would split the cell when the view is read
        let shown = if matches!(c.c, '|' | '\t') { ' ' } else { c.c };
        let mut buf = [0u8; 4];
        self.raw(
            shown.encode_utf8(&mut buf),
            c.src,
            c.literal && shown == c.c,
        );
        self.last = Some(shown);
    }

    fn newline(&mut self) {
        self.pending = None;
        if self.last.is_some() {
            self.synthetic("\n");
        }
        self.last = None;
    }
}

/// Write the blocks of a document as the view.
pub fn write(blocks: &[Block], src_len: usize) -> View {
    let mut w = Writer::default();
    // the view is the page's text: a fraction of its bytes
    w.view.text.reserve(src_len / 4);
    for b in blocks {
        match b {
            Block::Text(chars) => chars.iter().for_each(|&c| w.char(c)),
            Block::Break => w.newline(),
            Block::Table(t) => {
                w.newline();
                table(&mut w, t);
                w.newline();
            }
        }
    }
    w.newline();
    w.view
}

fn table(w: &mut Writer, t: &HtmlTable) {
    let placed = place(t);
    let texts: Vec<Vec<CellText>> = t
        .rows
        .iter()
        .zip(&placed)
        .map(|(row, ps)| {
            ps.iter()
                .map(|&p| CellText::new(p, visible(&row.cells[p.index])))
                .collect()
        })
        .collect();
    let values = ValueColumns::find(&texts);
    for (r, row) in t.rows.iter().enumerate() {
        let cells = &texts[r];
        // a header row has words over the value columns: its empty cells are not values; nor
        // are those of a short row of nothing (a spacer row)
        let header = values.is_none_or(|v| {
            cells
                .iter()
                .any(|c| v.contains(c.at) && !c.text.is_empty() && !c.number)
        }) || (cells.len() < BLANK_ROW_CELLS
            && cells.iter().all(|c| c.text.is_empty()));
        let mut first = true;
        for CellText { at: p, text, .. } in cells {
            let cell = &row.cells[p.index];
            let blank_value = text.is_empty() && !header && values.is_some_and(|v| v.contains(*p));
            if text.is_empty() && !blank_value {
                continue;
            }
            if !first {
                w.synthetic(" | ");
            }
            first = false;
            if blank_value {
                let mut buf = [0u8; 4];
                w.raw(
                    BLANK.encode_utf8(&mut buf),
                    Span::new(cell.insert_at, cell.insert_at),
                    false,
                );
                w.last = Some(BLANK);
            } else {
                // whitespace at the start of a cell is not text
                w.pending = None;
                w.last = None;
                cell.chars.iter().for_each(|&c| w.char(c));
            }
            w.pending = None;
        }
        w.newline();
    }
}

#[cfg(test)]
mod tests {
    use super::super::document::parse;
    use super::*;

    fn view(src: &str) -> View {
        write(&parse(src), src.len())
    }

    #[test]
    fn prose_lines_and_rows() {
        let v = view("<p>一、总体\n情况</p><div>正文 <b>加粗</b></div><table><tr><td>规章</td><td><p>1</p></td><td>&nbsp;</td><td>3</td></tr></table>");
        assert_eq!(v.text, "一、总体情况\n正文 加粗\n规章 | 1 | \u{e000} | 3\n");
    }

    #[test]
    fn every_view_number_maps_to_its_digits() {
        let src = "<table><tr><td>a</td><td><span>1</span>2</td><td>&nbsp;34</td></tr></table>";
        let v = view(src);
        let at = v.text.find("34").unwrap();
        let s = v.map.span(Span::new(at, at + 2));
        assert_eq!(&src[s.start..s.end], "34");
        assert!(v.map.is_exact(Span::new(at, at + 2)));
        // `1` and `2` are one number in the view but not one stretch of the source
        let at = v.text.find("12").unwrap();
        assert!(!v.map.is_exact(Span::new(at, at + 2)));
    }

    #[test]
    fn blank_cells_only_in_value_columns() {
        let v = view(concat!(
            "<table><tr><td></td><td>甲</td><td>乙</td><td>丙</td><td></td></tr>",
            "<tr><td>行</td><td>1</td><td></td><td>5</td><td></td></tr>",
            "<tr><td>空</td><td></td><td></td><td></td><td></td></tr></table>"
        ));
        // the corner and the column after the last header word hold no values
        assert_eq!(
            v.text,
            "甲 | 乙 | 丙\n行 | 1 | \u{e000} | 5\n空 | \u{e000} | \u{e000} | \u{e000}\n"
        );
    }
}
