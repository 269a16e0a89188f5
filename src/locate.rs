//! Which cell is wrong (docs/relations.md §9): the smallest set of cells whose change makes every
//! relation of a table hold again. Relations are linear with coefficients ±1, so a cell is a
//! single-cell repair exactly when the relations it takes part in are the failing ones and they
//! all ask for the same change.

use crate::template::{CellRef, TableTemplate, Term};

/// A cell and the value that would repair the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repair {
    pub cell: CellRef,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// One or more cells, each of which alone repairs every failing relation.
    Single(Vec<Repair>),
    /// No single cell works; these pairs do.
    Pairs(Vec<[Repair; 2]>),
    /// Nothing small explains the failures.
    Unknown,
}

/// A failing relation: its index in `template.relations` and its residual Σparts − Σtotals.
pub type Failure = (usize, i64);

/// Evaluate every relation: `None` for relations with an unknown cell.
pub fn residuals(
    template: &TableTemplate,
    get: &dyn Fn(CellRef) -> Option<i64>,
) -> Vec<Option<i64>> {
    template
        .relations
        .iter()
        .map(|r| {
            let parts: Option<i64> = r.parts.iter().map(|&c| get(c)).sum();
            let totals: Option<i64> = r.totals.iter().map(|&c| get(c)).sum();
            Some(parts? - totals?)
        })
        .collect()
}

/// For every cell, the evaluable relations it takes part in and its coefficient there: the
/// template's [`Incidence`](crate::template::Incidence), without the relations that have an
/// unknown cell when there are any.
enum Incidence {
    All(&'static crate::template::Incidence),
    Evaluable(crate::template::Incidence),
}

impl Incidence {
    fn new(template: &TableTemplate, res: &[Option<i64>]) -> Self {
        let all = template.incidence();
        if res.iter().all(Option::is_some) {
            Incidence::All(all)
        } else {
            Incidence::Evaluable(all.only(|r| res[r].is_some()))
        }
    }

    fn get(&self, c: CellRef) -> &[Term] {
        match self {
            Incidence::All(all) => all.of(c),
            Incidence::Evaluable(some) => some.of(c),
        }
    }
}

/// Find the repairs for the failing relations, given the residual of every relation
/// (`None` where a cell is unknown).
pub fn locate(
    template: &TableTemplate,
    get: &dyn Fn(CellRef) -> Option<i64>,
    res: &[Option<i64>],
) -> Verdict {
    let failing: Vec<usize> = (0..res.len())
        .filter(|&i| res[i].is_some_and(|d| d != 0))
        .collect();
    if failing.is_empty() {
        return Verdict::Unknown;
    }
    let inc = Incidence::new(template, res);
    let mut cells: Vec<CellRef> = failing
        .iter()
        .flat_map(|&i| template.relations[i].cells())
        .collect();
    cells.sort();
    cells.dedup();
    cells.retain(|&c| get(c).is_some());

    let mut singles = Vec::new();
    for &cell in &cells {
        let t = inc.get(cell);
        if t.len() != failing.len() || t.iter().zip(&failing).any(|(t, &f)| t.relation != f) {
            continue;
        }
        // the change each failing relation asks of this cell
        let d = -res[t[0].relation].unwrap() * t[0].coefficient;
        if d != 0
            && t.iter()
                .all(|t| -res[t.relation].unwrap() * t.coefficient == d)
        {
            let value = get(cell).unwrap() + d;
            if value >= 0 {
                singles.push(Repair { cell, value });
            }
        }
    }
    if !singles.is_empty() {
        return Verdict::Single(singles);
    }

    if cells.len() > 120 {
        return Verdict::Unknown;
    }
    let cover = Coverage::new(&inc, &failing, &cells);
    let mut pairs = Vec::new();
    for (a, &x) in cells.iter().enumerate() {
        for (b, &y) in cells.iter().enumerate().skip(a + 1) {
            if !cover.together(a, b) {
                continue;
            }
            if let Some(p) = pair_repair(&inc, res, x, y, get) {
                pairs.push(p);
            }
        }
    }
    if pairs.is_empty() {
        Verdict::Unknown
    } else {
        Verdict::Pairs(pairs)
    }
}

/// Which failing relations each candidate cell takes part in, one bit per failing relation
/// (in the order of `failing`). A pair can repair the table only if its two cells together
/// take part in every failing relation; testing that on bits first spares [`pair_repair`]
/// the pairs that cannot (most of them: up to 7,140 pairs for 120 cells).
struct Coverage {
    words: usize,
    bits: Vec<u64>,
}

impl Coverage {
    fn new(inc: &Incidence, failing: &[usize], cells: &[CellRef]) -> Self {
        let words = failing.len().div_ceil(64).max(1);
        // the bits past the last failing relation count as covered
        let tail = failing.len() % 64;
        let pad = if tail == 0 { 0 } else { !0u64 << tail };
        let mut bits = vec![0u64; words * cells.len()];
        for (k, &cell) in cells.iter().enumerate() {
            let own = &mut bits[k * words..][..words];
            own[words - 1] = pad;
            for t in inc.get(cell) {
                if let Ok(f) = failing.binary_search(&t.relation) {
                    own[f / 64] |= 1 << (f % 64);
                }
            }
        }
        Coverage { words, bits }
    }

    /// Do cells `a` and `b` (indices into the candidates) together touch every failing
    /// relation?
    fn together(&self, a: usize, b: usize) -> bool {
        let (x, y) = (
            &self.bits[a * self.words..][..self.words],
            &self.bits[b * self.words..][..self.words],
        );
        x.iter().zip(y).all(|(p, q)| p | q == !0)
    }
}

/// The repair of cells `x` and `y` together, if one exists. The caller has checked that the
/// two take part in every failing relation ([`Coverage::together`]).
fn pair_repair(
    inc: &Incidence,
    res: &[Option<i64>],
    x: CellRef,
    y: CellRef,
    get: &dyn Fn(CellRef) -> Option<i64>,
) -> Option<[Repair; 2]> {
    let (rx, ry) = (inc.get(x), inc.get(y));
    let coef = |list: &[Term], r: usize| {
        list.iter()
            .find(|e| e.relation == r)
            .map_or(0, |e| e.coefficient)
    };
    let set = |slot: &mut Option<i64>, v: i64| -> bool {
        match *slot {
            Some(old) => old == v,
            None => {
                *slot = Some(v);
                true
            }
        }
    };
    let (mut dx, mut dy): (Option<i64>, Option<i64>) = (None, None);
    // relations that hold one of the two cells alone fix that cell's change
    for t in rx {
        let r = t.relation;
        if coef(ry, r) == 0 && !set(&mut dx, -res[r].unwrap() * t.coefficient) {
            return None;
        }
    }
    for t in ry {
        let r = t.relation;
        if coef(rx, r) == 0 && !set(&mut dy, -res[r].unwrap() * t.coefficient) {
            return None;
        }
    }
    // relations that hold both must balance
    for t in rx {
        let (r, cx) = (t.relation, t.coefficient);
        let cy = coef(ry, r);
        if cy == 0 {
            continue;
        }
        let d = res[r].unwrap();
        match (dx, dy) {
            (Some(a), Some(b)) if cx * a + cy * b != -d => return None,
            (Some(a), None) => dy = Some((-d - cx * a) * cy),
            (None, Some(b)) => dx = Some((-d - cy * b) * cx),
            (None, None) => return None,
            _ => {}
        }
    }
    let (dx, dy) = (dx?, dy?);
    if dx == 0 || dy == 0 {
        return None;
    }
    let (vx, vy) = (get(x)? + dx, get(y)? + dy);
    (vx >= 0 && vy >= 0).then_some([Repair { cell: x, value: vx }, Repair { cell: y, value: vy }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::TemplateYear;

    /// A consistent T2021 table of zeros with a few values, as a grid.
    fn grid() -> Vec<Vec<i64>> {
        let t = TableTemplate::s3(TemplateYear::T2021);
        let mut g = vec![vec![0i64; 7]; t.rows.len()];
        let set = |g: &mut Vec<Vec<i64>>, id: &str, nat: i64| {
            let r = t.row_index(id).unwrap();
            g[r][0] += nat;
            g[r][6] += nat;
        };
        set(&mut g, "s3.new", 10);
        set(&mut g, "s3.granted", 6);
        set(&mut g, "s3.partial", 3);
        set(&mut g, "s3.total", 9);
        set(&mut g, "s3.carry_out", 1);
        g
    }

    fn verdict(g: &[Vec<i64>]) -> Verdict {
        let t = TableTemplate::s3(TemplateYear::T2021);
        let get = |c: CellRef| Some(g[c.row][c.col]);
        let res = residuals(&t, &get);
        locate(&t, &get, &res)
    }

    #[test]
    fn every_single_change_is_located_at_its_cell() {
        let t = TableTemplate::s3(TemplateYear::T2021);
        let base = grid();
        assert_eq!(verdict(&base), Verdict::Unknown);
        for row in 0..t.rows.len() {
            for col in 0..7 {
                let mut g = base.clone();
                g[row][col] += 3;
                assert_eq!(
                    verdict(&g),
                    Verdict::Single(vec![Repair {
                        cell: CellRef { row, col },
                        value: base[row][col]
                    }]),
                    "{}",
                    t.cell_id(CellRef { row, col })
                );
            }
        }
    }

    #[test]
    fn a_leaf_row_short_in_two_cells_gives_pairs_not_the_total() {
        // seed 001's pattern: one leaf row lost 1 in 自然人 and in 总计
        let t = TableTemplate::s3(TemplateYear::T2021);
        let mut g = grid();
        let r = t.row_index("s3.granted").unwrap();
        g[r][0] -= 1;
        g[r][6] -= 1;
        let Verdict::Pairs(p) = verdict(&g) else {
            panic!()
        };
        assert_eq!(p.len(), 21);
        let total = t.row_index("s3.total").unwrap();
        assert!(p
            .iter()
            .all(|[a, b]| a.cell.row != total && b.cell.row != total));
    }
}
