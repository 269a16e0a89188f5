//! Rendering what the engine found, for people (`human`), for programs (`json`), for CI
//! annotations (`github`), as a unified diff (`diff`) and as the grids the reader bound
//! (`tables`).
//!
//! The engine speaks in byte spans of the decoded text; this module is the one place the CLI
//! turns them into 1-based lines and columns counted in characters.

pub mod audit;
pub mod diff;
pub mod github;
pub mod human;
pub mod json;
mod jsonw;
pub mod sarif;
pub mod style;
pub mod tables;

use serde::Serialize;

use crate::reader::place::{Place, Places};
use crate::span::Span;
use crate::text::{LineCol, LineIndex};

pub use style::Style;

/// One checked text as the renderers need it: the path to show, the decoded text and its lines.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// As given on the command line (`examples/clean.txt`), or `<stdin>`.
    pub path: &'a str,
    pub text: &'a str,
    pub lines: LineIndex,
    /// The places of a document not read as lines (a Word file's cells): when given, findings
    /// are shown at their place (table, row, column and the row's text) instead of a line and
    /// column of the analysed text (a Word file's `document.xml` is one long line).
    pub places: Option<&'a Places>,
    /// The last position computed: (byte offset, line, column). Findings come in text order
    /// and their cells are close together, so the next column is usually counted from here
    /// instead of from its line's start (a flattened report is one line of 10 KB).
    last: std::cell::Cell<(usize, LineCol)>,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        Source {
            path,
            text,
            lines: LineIndex::new(text),
            places: None,
            last: std::cell::Cell::new((0, LineCol { line: 0, col: 0 })),
        }
    }

    /// The same source, shown by `places` (a Word document's).
    pub fn with_places(mut self, places: Option<&'a Places>) -> Self {
        self.places = places;
        self
    }

    /// Where `span` is, when this source is shown by places.
    pub fn place(&self, span: Span) -> Option<&'a Place> {
        self.places?.find(span)
    }

    /// [`LineIndex::char_pos`], counting on from the last position when it stands earlier on
    /// the same line.
    fn char_pos(&self, offset: usize) -> LineCol {
        let offset = crate::text::floor_char_boundary(self.text, offset.min(self.text.len()));
        let (at, pos) = self.last.get();
        let line = self.lines.line_of(offset);
        let found = if line == pos.line && at <= offset {
            LineCol {
                line,
                col: pos.col + self.text[at..offset].chars().count(),
            }
        } else {
            self.lines.char_pos(self.text, offset)
        };
        self.last.set((offset, found));
        found
    }

    /// The span as 1-based lines and columns counted in characters; `end_column` is exclusive
    /// (the column just after the last character), so an empty span has `column == end_column`.
    pub fn range(&self, span: Span) -> Range {
        let start = self.char_pos(span.start);
        let end = self.char_pos(span.end.max(span.start));
        Range {
            line: start.line + 1,
            column: start.col + 1,
            end_line: end.line + 1,
            end_column: end.col + 1,
        }
    }
}

/// A place as people read it: `表3 第12行 第2列`, `第4页 第7行`; prose: `正文`.
pub fn place_label(place: &Place) -> String {
    let parts: Vec<String> = [
        place.page.map(|p| format!("第{p}页")),
        place.table.map(|t| format!("表{t}")),
        place.row.map(|r| format!("第{r}行")),
        place.column.map(|c| format!("第{c}列")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "正文".to_owned()
    } else {
        parts.join(" ")
    }
}

/// A 1-based position range, columns counted in Unicode characters (`end_column` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_count_characters_from_one() {
        let text = "标题\n（七）总计 | 165 |\n";
        let src = Source::new("a.txt", text);
        let at = text.find("165").unwrap();
        let r = src.range(Span::new(at, at + 3));
        assert_eq!(
            r,
            Range {
                line: 2,
                column: 9,
                end_line: 2,
                end_column: 12
            }
        );
    }

    #[test]
    fn ranges_counted_on_from_the_last_agree_with_fresh_ones() {
        let text = "总计 12 | 𠀀 3 | x\r\n第二行 45\n\n末 6";
        let src = Source::new("r.txt", text);
        let mut spans: Vec<Span> = Vec::new();
        for a in 0..=text.len() {
            for b in [a, a + 1, a + 5, text.len()] {
                spans.push(Span::new(a, b.min(text.len())));
            }
        }
        // in order, backwards and shuffled: each must equal a fresh Source's answer
        let mut order = spans.clone();
        order.extend(spans.iter().rev().copied());
        order.extend(spans.iter().step_by(7).copied());
        for s in order {
            assert_eq!(src.range(s), Source::new("r.txt", text).range(s), "{s:?}");
        }
    }
}
