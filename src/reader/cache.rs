//! Table regions read once: a region whose text has not changed since the last analysis is not
//! tokenized or bound again; its tables and findings are reused, moved to where the region now
//! starts. This is what makes an editor's re-analysis after a keystroke in the narrative cheap
//! (no table is re-read) and, in a long document, limited to the table that was edited.
//!
//! Each region reader is a pure function of (region text, parameters), so reuse gives exactly
//! what a fresh read would (a property test in `tests/engine_incremental.rs` checks this).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::finding::Finding;
use crate::model::Table;
use crate::span::Span;

/// Something holding byte spans that can be moved by a distance.
pub trait Shift {
    fn shift(&mut self, by: usize);
}

impl Shift for Span {
    fn shift(&mut self, by: usize) {
        self.start += by;
        self.end += by;
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: usize) {
        if let Some(x) = self {
            x.shift(by);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: usize) {
        for x in self {
            x.shift(by);
        }
    }
}

impl Shift for Finding {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
        for r in &mut self.related {
            r.span.shift(by);
        }
        for f in &mut self.fixes {
            for e in &mut f.edits {
                e.span.shift(by);
            }
        }
    }
}

impl Shift for Table {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
        for row in self.rows.iter_mut().flatten() {
            row.label_span.shift(by);
            for cell in row.cells.iter_mut().flatten() {
                cell.span.shift(by);
            }
        }
    }
}

/// Which region reader, with the parameters besides the text that its result depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionKey {
    /// Table 三, with the report year (the template when the text does not tell).
    S3(Option<u32>),
    /// Section 二, with the template the year expects.
    S2(Option<u8>),
    S4,
}

/// Reused region results, by key and text hash. Only what the last analysis used is kept, so
/// memory stays that of one report's tables.
///
/// A one-shot analysis (the CLI) uses [`RegionCache::none`]: nothing is hashed, cloned or kept.
#[derive(Default)]
pub struct RegionCache {
    /// Nothing is kept: every region is read (and not hashed or copied).
    off: bool,
    entries: HashMap<(RegionKey, u64, usize), Box<dyn std::any::Any + Send>>,
    used: HashMap<(RegionKey, u64, usize), Box<dyn std::any::Any + Send>>,
    /// Regions read (misses) and reused (hits) since the cache was made.
    pub reads: usize,
    pub reuses: usize,
}

impl RegionCache {
    /// A cache that keeps nothing, for text analysed once.
    pub fn none() -> Self {
        RegionCache {
            off: true,
            ..RegionCache::default()
        }
    }

    /// The result of `read` on `text[span]`, computed on the region's own text (spans relative
    /// to its start) and moved to `span.start`; reused when the same region text was read last
    /// time.
    pub fn region<T, F>(&mut self, key: RegionKey, text: &str, span: Span, read: F) -> T
    where
        T: Clone + Shift + Send + 'static,
        F: FnOnce(&str) -> T,
    {
        let region = &text[span.start..span.end];
        if self.off {
            self.reads += 1;
            let mut out = read(region);
            out.shift(span.start);
            return out;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        region.hash(&mut h);
        let id = (key, h.finish(), region.len());
        let relative: T = match self
            .entries
            .remove(&id)
            .and_then(|b| b.downcast::<T>().ok())
        {
            Some(hit) => {
                self.reuses += 1;
                *hit
            }
            None => {
                self.reads += 1;
                read(region)
            }
        };
        let mut out = relative.clone();
        self.used.insert(id, Box::new(relative));
        out.shift(span.start);
        out
    }

    /// End of one analysis: forget the regions it did not use.
    pub fn finish(&mut self) {
        self.entries = std::mem::take(&mut self.used);
    }
}
