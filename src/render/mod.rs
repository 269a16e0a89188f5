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
pub mod sarif;
pub mod style;
pub mod tables;

use serde::Serialize;

use crate::span::Span;
use crate::text::LineIndex;

pub use style::Style;

/// One checked text as the renderers need it: the path to show, the decoded text and its lines.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// As given on the command line (`examples/clean.txt`), or `<stdin>`.
    pub path: &'a str,
    pub text: &'a str,
    pub lines: LineIndex,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        Source {
            path,
            text,
            lines: LineIndex::new(text),
        }
    }

    /// The span as 1-based lines and columns counted in characters; `end_column` is exclusive
    /// (the column just after the last character), so an empty span has `column == end_column`.
    pub fn range(&self, span: Span) -> Range {
        let start = self.lines.char_pos(self.text, span.start);
        let end = self.lines.char_pos(self.text, span.end.max(span.start));
        Range {
            line: start.line + 1,
            column: start.col + 1,
            end_line: end.line + 1,
            end_column: end.col + 1,
        }
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
}
