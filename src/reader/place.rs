//! Where a stretch of the analysed text sits in a document that is not read as lines of text: a
//! Word file's table cell, a PDF page's glyphs. The engine still speaks in byte spans of the text
//! it analysed (a Word file's `word/document.xml`, the plain view a PDF reader wrote); a form
//! that has no useful lines gives these places so a finding can be shown as "table 3, row 12,
//! column 2" or "page 4" with the row's text, in every output.

use serde::Serialize;

use crate::span::Span;

/// A place in a Word or PDF document. Counts are 1-based, as a reader says them.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Place {
    /// PDF page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Word: the table's number among the document's tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<u32>,
    /// Row in the table (Word), or line on the page (PDF); `None` for prose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// Column on the table's grid; `None` for a whole row or prose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// The row's (or paragraph's) text as a reader sees it, cells separated by ` | `.
    pub row_text: String,
    /// PDF: the glyph box `[x0, y0, x1, y1]` in points, origin at the page's bottom left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
}

/// A span of the analysed text and its place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedSpan {
    pub span: Span,
    pub place: Place,
}

/// The places of one document, ordered by span start.
#[derive(Debug, Clone, Default)]
pub struct Places {
    entries: Vec<PlacedSpan>,
}

impl Places {
    /// Add a place; spans must come in increasing order of start.
    pub fn push(&mut self, span: Span, place: Place) {
        debug_assert!(self
            .entries
            .last()
            .is_none_or(|l| l.span.start <= span.start));
        self.entries.push(PlacedSpan { span, place });
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &PlacedSpan> {
        self.entries.iter()
    }

    /// The place of `span`: the innermost entry that holds its start (a cell inside its row),
    /// else the last entry starting before it.
    pub fn find(&self, span: Span) -> Option<&Place> {
        let end = self.entries.partition_point(|e| e.span.start <= span.start);
        let before = &self.entries[..end];
        let holding = before
            .iter()
            .rev()
            .filter(|e| e.span.touches(span.start))
            .min_by_key(|e| e.span.len());
        holding.or(before.last()).map(|e| &e.place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(row: u32, column: Option<u32>) -> Place {
        Place {
            row: Some(row),
            column,
            row_text: format!("row {row}"),
            ..Place::default()
        }
    }

    #[test]
    fn the_innermost_place_holding_a_span_wins() {
        let mut places = Places::default();
        places.push(Span::new(0, 20), place(1, None));
        places.push(Span::new(5, 8), place(1, Some(2)));
        places.push(Span::new(30, 40), place(2, None));
        assert_eq!(places.find(Span::new(6, 7)).unwrap().column, Some(2));
        assert_eq!(places.find(Span::new(10, 11)).unwrap().column, None);
        assert_eq!(places.find(Span::new(25, 26)).unwrap().row, Some(1));
        assert_eq!(places.find(Span::new(35, 36)).unwrap().row, Some(2));
        assert!(Places::default().find(Span::new(0, 1)).is_none());
    }
}
