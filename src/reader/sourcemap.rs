//! Where the text the engine reads came from. A source that is not plain text (an HTML page) is
//! read into a plain *view* — prose lines and table rows — and every span the engine produces
//! on the view is moved back onto the source's bytes here, so findings, hovers and fixes land
//! on the number in the file the user has.

use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::model::{Report, Table};
use crate::span::Span;

/// A stretch of the view and the source bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    view: usize,
    len: usize,
    src: usize,
    src_len: usize,
    /// The view bytes are the source bytes (plain text, not an entity, a collapsed space or a
    /// separator the view added).
    exact: bool,
}

/// View offsets → source offsets.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    segs: Vec<Seg>,
}

impl SourceMap {
    /// Record that the next `len` view bytes (starting at `view`) print `src` of the source.
    pub fn push(&mut self, view: usize, len: usize, src: Span, exact: bool) {
        if let Some(last) = self.segs.last_mut() {
            if exact
                && last.exact
                && last.view + last.len == view
                && last.src + last.src_len == src.start
            {
                last.len += len;
                last.src_len += src.len();
                return;
            }
        }
        self.segs.push(Seg {
            view,
            len,
            src: src.start,
            src_len: src.len(),
            exact,
        });
    }

    fn seg_of(&self, p: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.view <= p);
        self.segs.get(i.checked_sub(1)?)
    }

    /// The source offset where view offset `p` starts.
    pub fn start(&self, p: usize) -> usize {
        let Some(s) = self.seg_of(p) else { return 0 };
        if p >= s.view + s.len {
            s.src + s.src_len
        } else if s.exact {
            s.src + (p - s.view)
        } else if p == s.view {
            s.src
        } else {
            s.src + s.src_len
        }
    }

    /// The source offset where the view's byte before `p` ends.
    pub fn end(&self, p: usize) -> usize {
        if p == 0 {
            return self.start(0);
        }
        let Some(s) = self.seg_of(p - 1) else {
            return 0;
        };
        if s.exact && p <= s.view + s.len {
            s.src + (p - s.view)
        } else {
            s.src + s.src_len
        }
    }

    pub fn span(&self, s: Span) -> Span {
        if s.is_empty() {
            let at = self.start(s.start);
            Span::new(at, at)
        } else {
            let start = self.start(s.start);
            // the view keeps the page's order; should a stretch ever run backwards, the span
            // shrinks to its start rather than turn inside out
            Span::new(start, self.end(s.end).max(start))
        }
    }

    /// Can text at `s` be replaced in the source without touching anything else? True for an
    /// insertion point, and for a stretch of view bytes that are the source's own bytes.
    pub fn is_exact(&self, s: Span) -> bool {
        if s.is_empty() {
            return true;
        }
        self.seg_of(s.start)
            .is_some_and(|g| g.exact && s.start < g.view + g.len && s.end <= g.view + g.len)
    }
}

impl SourceMap {
    /// The source stretches that print the view bytes `s`, in order, when every one of those
    /// bytes is the source's own (a number a Word file splits over two runs is two stretches);
    /// `None` when some byte is not (an entity, a separator the view added) or `s` is empty.
    pub fn pieces(&self, s: Span) -> Option<Vec<Span>> {
        if s.is_empty() {
            return None;
        }
        let first = self.segs.partition_point(|g| g.view + g.len <= s.start);
        let mut out = Vec::new();
        let mut at = s.start;
        for g in &self.segs[first..] {
            if at >= s.end {
                break;
            }
            if !g.exact || g.view > at {
                return None;
            }
            let end = s.end.min(g.view + g.len);
            out.push(Span::new(g.src + (at - g.view), g.src + (end - g.view)));
            at = end;
        }
        (at >= s.end).then_some(out)
    }
}

/// Something holding spans of the view, to be moved onto the source.
pub trait MapSpans {
    fn map_spans(&mut self, m: &SourceMap);
}

impl MapSpans for Finding {
    fn map_spans(&mut self, m: &SourceMap) {
        self.span = m.span(self.span);
        for r in &mut self.related {
            r.span = m.span(r.span);
        }
        // a fix whose edits would touch markup is no fix for this file
        self.fixes
            .retain(|f| f.edits.iter().all(|e| m.is_exact(e.span)));
        for f in &mut self.fixes {
            for e in &mut f.edits {
                e.span = m.span(e.span);
            }
        }
    }
}

impl MapSpans for Table {
    fn map_spans(&mut self, m: &SourceMap) {
        self.span = m.span(self.span);
        for row in self.rows.iter_mut().flatten() {
            if let Some(s) = &mut row.label_span {
                *s = m.span(*s);
            }
            for cell in row.cells.iter_mut().flatten() {
                cell.span = m.span(cell.span);
            }
        }
    }
}

impl MapSpans for Report {
    fn map_spans(&mut self, m: &SourceMap) {
        for s in &mut self.sections {
            s.span = m.span(s.span);
        }
        for t in &mut self.tables {
            t.map_spans(m);
        }
    }
}

impl MapSpans for Analysis {
    fn map_spans(&mut self, m: &SourceMap) {
        self.report.map_spans(m);
        for f in &mut self.findings {
            f.map_spans(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// view `a12 |` from source `<td>a&amp;12</td>`-like pieces
    fn map() -> SourceMap {
        let mut m = SourceMap::default();
        m.push(0, 1, Span::new(4, 5), true); // a
        m.push(1, 1, Span::new(5, 10), false); // & from &amp;
        m.push(2, 1, Span::new(10, 11), true); // 1
        m.push(3, 1, Span::new(11, 12), true); // 2 (merged with 1)
        m.push(4, 2, Span::new(17, 17), false); // separator
        m
    }

    #[test]
    fn offsets_move_to_the_source() {
        let m = map();
        assert_eq!(m.segs.len(), 4);
        assert_eq!(m.span(Span::new(2, 4)), Span::new(10, 12));
        assert_eq!(m.span(Span::new(1, 2)), Span::new(5, 10));
        assert_eq!(m.span(Span::new(4, 4)), Span::new(17, 17));
        assert_eq!(m.span(Span::new(0, 6)), Span::new(4, 17));
    }

    #[test]
    fn pieces_are_the_source_stretches_of_exact_bytes() {
        let mut m = SourceMap::default();
        m.push(0, 1, Span::new(10, 11), true); // 1 in one run
        m.push(1, 1, Span::new(30, 31), true); // 2 in the next
        m.push(2, 1, Span::new(31, 36), false); // an entity
        assert_eq!(
            m.pieces(Span::new(0, 2)),
            Some(vec![Span::new(10, 11), Span::new(30, 31)])
        );
        assert_eq!(m.pieces(Span::new(1, 2)), Some(vec![Span::new(30, 31)]));
        assert_eq!(m.pieces(Span::new(1, 3)), None);
        assert_eq!(m.pieces(Span::new(1, 1)), None);
    }

    #[test]
    fn only_plain_text_is_exact() {
        let m = map();
        assert!(m.is_exact(Span::new(2, 4)));
        assert!(!m.is_exact(Span::new(1, 2)));
        assert!(!m.is_exact(Span::new(0, 3)));
        assert!(!m.is_exact(Span::new(3, 5)));
        assert!(m.is_exact(Span::new(5, 5)));
    }
}
