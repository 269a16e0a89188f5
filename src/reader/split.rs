//! Digits of adjacent cells that ran together (docs/layouts.md §8): every way to cut a row's digit
//! runs into its cells, with no part that has a leading zero (except `0` itself).

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
    let mut out = Vec::new();
    let mut cur = Vec::new();
    if !rec(runs, 0, 0, k, &mut cur, &mut out, limit) {
        return None;
    }
    Some(out)
}

fn valid_part(s: &str) -> bool {
    if s.is_empty() || s.starts_with('.') || s.ends_with('.') || s.len() > 15 {
        return false;
    }
    !(s.len() > 1 && s.starts_with('0') && !s.starts_with("0."))
}

fn rec(
    runs: &[&str],
    token: usize,
    pos: usize,
    left: usize,
    cur: &mut Vec<Part>,
    out: &mut Vec<Vec<Part>>,
    limit: usize,
) -> bool {
    if token == runs.len() {
        if left == 0 {
            out.push(cur.clone());
            return out.len() <= limit;
        }
        return true;
    }
    let run = runs[token];
    // cells still needed by the runs after this one: at least one each
    let later = runs.len() - token - 1;
    if left == 0 || left < later + 1 {
        return true;
    }
    let rest = &run[pos..];
    if left == later + 1 {
        // this part takes the rest of the run
        if valid_part(rest) {
            cur.push(Part {
                token,
                start: pos,
                end: run.len(),
            });
            let ok = rec(runs, token + 1, 0, left - 1, cur, out, limit);
            cur.pop();
            return ok;
        }
        return true;
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
        cur.push(Part {
            token,
            start: pos,
            end,
        });
        let ok = if end == run.len() {
            rec(runs, token + 1, 0, left - 1, cur, out, limit)
        } else {
            rec(runs, token, end, left - 1, cur, out, limit)
        };
        cur.pop();
        if !ok {
            return false;
        }
    }
    true
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

    #[test]
    fn limit_stops_enumeration() {
        assert!(splits(&["1111111111111111111111111111111"], 15, 1000).is_none());
    }
}
