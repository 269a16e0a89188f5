//! Byte spans into the decoded report text.
//!
//! Every stage of the engine speaks in byte offsets of the UTF-8 text it was given; only the
//! renderers (CLI, LSP) turn them into lines and columns, each in the unit its consumer wants.

use serde::Serialize;

/// A half-open byte range `start..end` in the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Does `offset` fall inside the span (end inclusive, so a cursor right after a number
    /// still counts as on it)?
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
            || (self.is_empty() || other.is_empty()) && self.touches(other.start)
    }

    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}
