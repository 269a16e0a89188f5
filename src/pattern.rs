//! The engine's regular expressions, with search caches the engine owns and can drop.
//!
//! A regex's lazy DFA learns states as it searches and keeps them in a per-thread cache.
//! With the `regex` crate those caches live inside each `Regex` for the life of the process
//! and keep learning from every new text. In the language server that has a cost beyond
//! their size: each learned state is a small allocation made while documents are open, so
//! after every document has closed the states still pin pages that documents once shared
//! (`scripts/lsp-rss.py`: after 1,000 documents, the 48-byte size class held 52 extra slabs
//! for 10 KB of live objects). [`Pattern`] keeps its caches in a pool of its own, and
//! [`drop_caches`] empties every pool: the server calls it when its last document closes, and
//! the next analysis starts with fresh caches.

use std::ops::Range;
use std::sync::{Arc, Mutex, Weak};

use regex_automata::meta::{Cache, Config, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::Input;

/// Lazy-DFA cache per pattern and thread. The patterns run on short stretches of one report:
/// 64 KiB serves them as well as the regex crate's default 2 MiB.
const CACHE_BYTES: usize = 64 * 1024;

/// Boxed: a cache is over a kilobyte, and moving it in and out of the pool by value on every
/// search cost ~300 instructions each way.
type Pool = Mutex<Vec<Box<Cache>>>;

/// Every live pattern's pool, for [`drop_caches`].
static POOLS: Mutex<Vec<Weak<Pool>>> = Mutex::new(Vec::new());

/// A compiled pattern (Unicode, leftmost-first: the `regex` crate's semantics).
#[derive(Debug)]
pub struct Pattern {
    re: Regex,
    caches: Arc<Pool>,
}

/// Where a pattern (or one of its groups) matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Hit<'h> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// One match with its groups.
#[derive(Debug)]
pub struct Groups<'h> {
    haystack: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    /// Group `i` (0 is the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Hit<'h>> {
        let span = self.caps.get_group(i)?;
        Some(Hit {
            haystack: self.haystack,
            start: span.start,
            end: span.end,
        })
    }
}

impl Pattern {
    /// Compile one of the engine's own patterns. They are fixed strings, checked by the tests:
    /// an invalid one is a programming error.
    pub fn new(pattern: &str) -> Pattern {
        let re = Regex::builder()
            .configure(Config::new().hybrid_cache_capacity(CACHE_BYTES))
            .build(pattern)
            .expect("the engine's own patterns are valid");
        let caches = Arc::new(Pool::default());
        let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
        pools.retain(|p| p.strong_count() > 0);
        pools.push(Arc::downgrade(&caches));
        Pattern { re, caches }
    }

    fn take_cache(&self) -> Box<Cache> {
        let pooled = self.caches.lock().unwrap_or_else(|e| e.into_inner()).pop();
        pooled.unwrap_or_else(|| Box::new(self.re.create_cache()))
    }

    fn give_back(&self, cache: Box<Cache>) {
        self.caches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(cache);
    }

    /// The first match in `haystack`.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Hit<'h>> {
        self.find_iter(haystack).next()
    }

    /// The first match in `haystack`, with its groups.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        self.captures_iter(haystack).next()
    }

    /// Successive non-overlapping matches, left to right.
    pub fn find_iter<'p, 'h>(&'p self, haystack: &'h str) -> impl Iterator<Item = Hit<'h>> + 'p
    where
        'h: 'p,
    {
        let mut search = Search::new(self, haystack);
        std::iter::from_fn(move || {
            let m = search.next(|re, cache, input| re.search_with(cache, input))?;
            Some(Hit {
                haystack,
                start: m.start(),
                end: m.end(),
            })
        })
    }

    /// Successive non-overlapping matches with their groups, left to right.
    pub fn captures_iter<'p, 'h>(
        &'p self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Groups<'h>> + 'p
    where
        'h: 'p,
    {
        let mut search = Search::new(self, haystack);
        std::iter::from_fn(move || {
            let mut caps = search.pattern.re.create_captures();
            search.next(|re, cache, input| {
                re.search_captures_with(cache, input, &mut caps);
                caps.get_match()
            })?;
            Some(Groups { haystack, caps })
        })
    }
}

/// A search through one haystack, holding a cache from the pool until it is dropped. Empty
/// matches are handled by regex-automata's `Searcher`, as the regex crate's iterators do.
struct Search<'p, 'h> {
    pattern: &'p Pattern,
    cache: Option<Box<Cache>>,
    searcher: Searcher<'h>,
}

impl<'p, 'h> Search<'p, 'h> {
    fn new(pattern: &'p Pattern, haystack: &'h str) -> Self {
        Search {
            pattern,
            cache: Some(pattern.take_cache()),
            searcher: Searcher::new(Input::new(haystack)),
        }
    }

    fn next(
        &mut self,
        mut run: impl FnMut(&Regex, &mut Cache, &Input) -> Option<regex_automata::Match>,
    ) -> Option<regex_automata::Match> {
        let cache = self.cache.as_mut()?;
        let re = &self.pattern.re;
        self.searcher.advance(|input| Ok(run(re, cache, input)))
    }
}

impl Drop for Search<'_, '_> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            self.pattern.give_back(cache);
        }
    }
}

/// Drop the search caches of every pattern (those in use are kept by their searches and
/// come back afterwards). The next search builds a fresh one.
pub fn drop_caches() {
    let pools: Vec<Arc<Pool>> = {
        let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
        pools.retain(|p| p.strong_count() > 0);
        pools.iter().filter_map(Weak::upgrade).collect()
    };
    for pool in pools {
        // dropped outside the lock: a cache can be large
        let caches = std::mem::take(&mut *pool.lock().unwrap_or_else(|e| e.into_inner()));
        drop(caches);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hits(p: &Pattern, s: &str) -> Vec<Range<usize>> {
        p.find_iter(s).map(|h| h.range()).collect()
    }

    #[test]
    fn iterates_like_the_regex_crate() {
        for (pattern, hay) in [
            (r"(20\d\d)\s*年", "2021年和2022 年，2023"),
            (r"件|起|收到", "收到申请3件，起草1起"),
            (r"a*", "baaab"),
            (r"", "年度"),
            (r"\b", "ab cd"),
        ] {
            let ours = Pattern::new(pattern);
            let theirs = regex::Regex::new(pattern).unwrap();
            let expected: Vec<_> = theirs.find_iter(hay).map(|m| m.range()).collect();
            assert_eq!(hits(&ours, hay), expected, "{pattern:?} in {hay:?}");
        }
    }

    #[test]
    fn groups() {
        let p = Pattern::new(r"(?:收到|受理)([0-9]+)件(申请)?");
        let all: Vec<_> = p
            .captures_iter("收到3件申请，受理12件")
            .map(|g| (g.get(1).unwrap().as_str(), g.get(2).map(|h| h.as_str())))
            .collect();
        assert_eq!(all, [("3", Some("申请")), ("12", None)]);
        assert!(p.captures("无").is_none());
    }

    #[test]
    fn caches_are_pooled_and_dropped() {
        let p = Pattern::new("年");
        let pooled = |p: &Pattern| p.caches.lock().unwrap().len();
        assert_eq!(pooled(&p), 0);
        assert!(p.find("2022年").is_some());
        assert_eq!(pooled(&p), 1);
        // a search holds its cache until it ends; dropping the pools leaves it alone
        let mut it = p.find_iter("年年");
        it.next();
        drop_caches();
        assert_eq!(pooled(&p), 0);
        drop(it);
        assert_eq!(pooled(&p), 1);
        drop_caches();
        assert_eq!(pooled(&p), 0);
        assert!(p.find("年").is_some());
    }

    proptest! {
        /// Same matches as the regex crate on text made of the engine's usual characters.
        #[test]
        fn same_matches_as_the_regex_crate(hay in "[0-9年件起收到申请 。\n]{0,40}") {
            for pattern in [r"(20\d\d)\s*年", r"(?:收到)[^。]{0,4}?([0-9]+)件", r"[0-9]*"] {
                let ours: Vec<_> = Pattern::new(pattern)
                    .captures_iter(&hay)
                    .map(|g| (g.get(0).map(|h| h.range()), g.get(1).map(|h| h.range())))
                    .collect();
                let theirs: Vec<_> = regex::Regex::new(pattern)
                    .unwrap()
                    .captures_iter(&hay)
                    .map(|c| (c.get(0).map(|m| m.range()), c.get(1).map(|m| m.range())))
                    .collect();
                prop_assert_eq!(ours, theirs);
            }
        }
    }
}
