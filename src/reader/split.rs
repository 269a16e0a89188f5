//! Digits of adjacent cells that ran together (docs/layouts.md §8): every way to cut a row's digit
//! runs into its cells, with no part that has a leading zero (except `0` itself).

use std::collections::HashSet;

/// A cell cut out of a run: which token, and the byte range inside that token's digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub token: usize,
    pub start: usize,
    pub end: usize,
}

/// Every way to cut `runs` (ASCII digits, maybe one `.`) into exactly `k` parts, each run into
/// at least one part. `None` when there are more than `limit` ways (the caller treats the row
/// as unreadable rather than spending unbounded time).
pub fn splits(runs: &[&str], k: usize, limit: usize) -> Option<Vec<Vec<Part>>> {
    let mut search = Search {
        runs,
        limit,
        cur: Vec::new(),
        out: Vec::new(),
        dead: HashSet::new(),
    };
    search.rec(0, 0, k).then_some(search.out)
}

/// The depth-first search for [`splits`].
struct Search<'a> {
    runs: &'a [&'a str],
    limit: usize,
    /// The parts chosen so far.
    cur: Vec<Part>,
    out: Vec<Vec<Part>>,
    /// States (token, position in it, parts left) from which no way was found: met again, they
    /// are not searched again. `limit` bounds the ways found, this the dead ends: without it a
    /// long run before a run that cannot be cut (`6666…666 00.000…`, found by fuzzing) was
    /// searched in exponential time for no way at all.
    dead: HashSet<(usize, usize, usize)>,
}

impl Search<'_> {
    /// Search from byte `pos` of run `token` with `left` parts to place; false once more than
    /// `limit` ways are found.
    fn rec(&mut self, token: usize, pos: usize, left: usize) -> bool {
        if token == self.runs.len() {
            if left == 0 {
                self.out.push(self.cur.clone());
                return self.out.len() <= self.limit;
            }
            return true;
        }
        if self.dead.contains(&(token, pos, left)) {
            return true;
        }
        let found = self.out.len();
        let ok = self.cut(token, pos, left);
        if ok && self.out.len() == found {
            self.dead.insert((token, pos, left));
        }
        ok
    }

    /// Every first part of the rest of run `token` from `pos`, each followed by the search for
    /// the rest.
    fn cut(&mut self, token: usize, pos: usize, left: usize) -> bool {
        let runs = self.runs;
        let run = runs[token];
        // cells still needed by the runs after this one: at least one each
        let later = runs.len() - token - 1;
        if left == 0 || left < later + 1 {
            return true;
        }
        if left == later + 1 {
            // this part takes the rest of the run
            return !valid_part(&run[pos..]) || self.part(token, pos, run.len(), left);
        }
        // a cut never falls inside the fraction of a decimal: its digits belong to the amount
        let dot = run.find('.').unwrap_or(run.len());
        // characters of the runs after this one: the parts still needed must fit in them
        let later_chars: usize = runs[token + 1..].iter().map(|r| r.len()).sum();
        for end in pos + 1..=run.len() {
            if end > dot && end < run.len() {
                continue;
            }
            let parts_after = left - 1;
            if parts_after > run.len() - end + later_chars {
                continue;
            }
            if end < run.len() && parts_after < later + 1 {
                // the rest of this run needs a part of its own
                break;
            }
            let part = &run[pos..end];
            if !valid_part(part) {
                if part.len() > 15 {
                    break;
                }
                continue;
            }
            if !self.part(token, pos, end, left) {
                return false;
            }
        }
        true
    }

    /// Take bytes `start..end` of run `token` as a part, and search on.
    fn part(&mut self, token: usize, start: usize, end: usize, left: usize) -> bool {
        self.cur.push(Part { token, start, end });
        let ok = if end == self.runs[token].len() {
            self.rec(token + 1, 0, left - 1)
        } else {
            self.rec(token, end, left - 1)
        };
        self.cur.pop();
        ok
    }
}

fn valid_part(s: &str) -> bool {
    if s.is_empty() || s.starts_with('.') || s.ends_with('.') || s.len() > 15 {
        return false;
    }
    !(s.len() > 1 && s.starts_with('0') && !s.starts_with("0."))
}

/// The value of a part (integers only; a decimal part gives `None`).
pub fn part_value(runs: &[&str], p: Part) -> Option<i64> {
    runs[p.token][p.start..p.end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(runs: &[&str], k: usize) -> usize {
        splits(runs, k, 100_000).unwrap().len()
    }

    #[test]
    fn counts_from_the_spec() {
        // docs/layouts.md §8
        assert_eq!(count(&["16960060181"], 7), 72);
        assert_eq!(count(&["640020470"], 7), 12);
        assert_eq!(count(&["270020130"], 7), 12);
        assert_eq!(count(&["220000325"], 7), 7);
        assert_eq!(count(&["15130000154"], 7), 31);
        assert_eq!(count(&["330000033"], 7), 4);
        assert_eq!(count(&["10203120001200000"], 15), 25);
        assert_eq!(count(&["25380363300630003"], 15), 48);
        assert_eq!(count(&["0000000"], 7), 1);
        assert_eq!(count(&["5845546"], 3), 15);
        assert_eq!(count(&["898989"], 3), 10);
        assert_eq!(count(&["350"], 2), 2);
        assert_eq!(count(&["13575394432.52"], 2), 10);
        assert_eq!(count(&["500000", "5"], 7), 1);
    }

    /// Found by fuzzing (a Word table 四): no way exists — `00.0…` cannot be cut — and the
    /// long run before it used to be searched in exponential time to learn that.
    #[test]
    fn a_dead_end_after_a_long_run_is_found_at_once() {
        let runs = [
            "166",
            "6666666666666666666666666",
            "00.000000000000400000",
            "2020",
        ];
        assert_eq!(splits(&runs, 15, 1000), Some(Vec::new()));
        // the same search still finds the ways that exist
        assert_eq!(count(&["666666666666666666", "0"], 15), 2380); // C(17, 13)
    }

    #[test]
    fn limit_stops_enumeration() {
        assert!(splits(&["1111111111111111111111111111111"], 15, 1000).is_none());
    }
}
