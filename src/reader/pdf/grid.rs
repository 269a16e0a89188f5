//! Tables rebuilt from a page's ruling lines. Lines that touch form one table; the distinct
//! positions of its vertical lines are the column edges and those of its horizontal lines the
//! row edges. Two neighbouring squares of that lattice belong to one cell when no line is drawn
//! between them, which is how a cell spanning rows (三、本年度办理结果 down the side) or columns
//! shows on paper.

use super::extract::Segment;

/// Lines closer than this (points) are one line; a line ending this near another touches it.
const TOL: f32 = 2.0;

/// Squares of a lattice: more is a drawing, not a report's table.
const MAX_SQUARES: usize = 100_000;

/// A cell of a rebuilt table: where it starts on the lattice and how many squares it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridCell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

/// One table rebuilt from its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column edges, left to right.
    pub xs: Vec<f32>,
    /// Row edges, top to bottom (y falls).
    pub ys: Vec<f32>,
    /// The cells, ordered by row then column of their top-left square.
    pub cells: Vec<GridCell>,
    /// The cell each square belongs to, row by row.
    owner: Vec<usize>,
}

impl Grid {
    pub fn rows(&self) -> usize {
        self.ys.len() - 1
    }

    fn cols(&self) -> usize {
        self.xs.len() - 1
    }

    /// The cell holding point `(x, y)`, if it is inside the table.
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        let col = self.xs.partition_point(|&e| e <= x).checked_sub(1)?;
        let row = self.ys.partition_point(|&e| e >= y).checked_sub(1)?;
        (col < self.cols() && row < self.rows()).then(|| self.owner[row * self.cols() + col])
    }

    /// The table's top edge.
    pub fn top(&self) -> f32 {
        self.ys[0]
    }
}

/// The tables drawn by `rules`, in no particular order.
pub fn grids(rules: &[Segment]) -> Vec<Grid> {
    components(rules)
        .into_iter()
        .filter_map(|group| {
            let lines: Vec<Segment> = group.iter().map(|&i| rules[i]).collect();
            lattice(&lines)
        })
        .collect()
}

/// Union-find over indices.
struct Sets(Vec<usize>);

impl Sets {
    fn new(n: usize) -> Self {
        Sets((0..n).collect())
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        self.0[ra] = rb;
    }

    /// The members of each set, sets ordered by their smallest member.
    fn groups(&mut self) -> Vec<Vec<usize>> {
        let n = self.0.len();
        let mut by_root: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            let r = self.root(i);
            by_root[r].push(i);
        }
        let mut groups: Vec<Vec<usize>> = by_root.into_iter().filter(|g| !g.is_empty()).collect();
        groups.sort_by_key(|g| g[0]);
        groups
    }
}

/// Do two lines touch (cross, meet at an end, or continue each other)?
fn touch(a: &Segment, b: &Segment) -> bool {
    let within = |v: f32, from: f32, to: f32| v >= from - TOL && v <= to + TOL;
    if a.horizontal != b.horizontal {
        within(b.at, a.from, a.to) && within(a.at, b.from, b.to)
    } else {
        (a.at - b.at).abs() <= TOL && a.from <= b.to + TOL && b.from <= a.to + TOL
    }
}

/// The sets of lines that touch each other.
fn components(rules: &[Segment]) -> Vec<Vec<usize>> {
    let mut sets = Sets::new(rules.len());
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if touch(&rules[i], &rules[j]) {
                sets.join(i, j);
            }
        }
    }
    sets.groups()
}

/// Positions closer than [`TOL`] merged (their mean), ascending.
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, f32)> = Vec::new(); // (sum, count)
    let mut last = f32::NEG_INFINITY;
    for x in v {
        match out.last_mut() {
            Some((sum, n)) if x - last <= TOL => {
                *sum += x;
                *n += 1.0;
            }
            _ => out.push((x, 1.0)),
        }
        last = x;
    }
    out.into_iter().map(|(s, n)| s / n).collect()
}

/// The lattice of one table's lines and its cells, if it has at least two of each direction.
fn lattice(lines: &[Segment]) -> Option<Grid> {
    let of = |h: bool| lines.iter().filter(move |s| s.horizontal == h);
    let xs = cluster(of(false).map(|s| s.at).collect());
    let mut ys = cluster(of(true).map(|s| s.at).collect());
    ys.reverse();
    if xs.len() < 2 || ys.len() < 2 || (xs.len() - 1) * (ys.len() - 1) > MAX_SQUARES {
        return None;
    }
    // the lines lying on each edge
    let on = |edges: &[f32], h: bool| -> Vec<Vec<Segment>> {
        let mut by: Vec<Vec<Segment>> = vec![Vec::new(); edges.len()];
        for s in of(h) {
            let i = nearest(edges, s.at);
            by[i].push(*s);
        }
        by
    };
    let (verticals, horizontals) = (on(&xs, false), on(&ys, true));
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let drawn =
        |lines: &[Segment], at: f32| lines.iter().any(|s| at >= s.from - TOL && at <= s.to + TOL);
    let mut sets = Sets::new(rows * cols);
    for r in 0..rows {
        let mid_y = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..cols {
            let mid_x = (xs[c] + xs[c + 1]) / 2.0;
            if c + 1 < cols && !drawn(&verticals[c + 1], mid_y) {
                sets.join(r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !drawn(&horizontals[r + 1], mid_x) {
                sets.join(r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    Some(cells(xs, ys, &mut sets))
}

fn nearest(edges: &[f32], v: f32) -> usize {
    let dist = |i: &usize| (edges[*i] - v).abs();
    (0..edges.len())
        .min_by(|a, b| dist(a).total_cmp(&dist(b)))
        .unwrap_or(0)
}

/// The cells of a lattice whose squares are joined in `sets`: each set's bounding rows and
/// columns.
fn cells(xs: Vec<f32>, ys: Vec<f32>, sets: &mut Sets) -> Grid {
    let cols = xs.len() - 1;
    let groups = sets.groups();
    let mut owner = vec![0; sets.0.len()];
    let mut cells: Vec<GridCell> = groups
        .iter()
        .map(|g| {
            let rs = g.iter().map(|&i| i / cols);
            let cs = g.iter().map(|&i| i % cols);
            let (r0, r1) = (rs.clone().min().unwrap_or(0), rs.max().unwrap_or(0));
            let (c0, c1) = (cs.clone().min().unwrap_or(0), cs.max().unwrap_or(0));
            GridCell {
                row: r0,
                col: c0,
                rowspan: r1 - r0 + 1,
                colspan: c1 - c0 + 1,
            }
        })
        .collect();
    // groups come ordered by their first square, which is the top-left one's row-major order
    for (k, g) in groups.iter().enumerate() {
        for &i in g {
            owner[i] = k;
        }
    }
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by_key(|&k| (cells[k].row, cells[k].col));
    let mut rank = vec![0; cells.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old] = new;
    }
    owner.iter_mut().for_each(|o| *o = rank[*o]);
    cells = order.iter().map(|&k| cells[k]).collect();
    Grid {
        xs,
        ys,
        cells,
        owner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, from: f32, to: f32) -> Segment {
        Segment {
            horizontal: true,
            at: y,
            from,
            to,
        }
    }

    fn v(x: f32, from: f32, to: f32) -> Segment {
        Segment {
            horizontal: false,
            at: x,
            from,
            to,
        }
    }

    #[test]
    fn a_cell_spanning_rows_where_no_line_divides_it() {
        // two columns, three rows; the left column's middle line is not drawn
        let rules = [
            h(300.0, 0.0, 200.0),
            h(200.0, 100.0, 200.0),
            h(100.0, 0.0, 200.0),
            h(0.0, 0.0, 200.0),
            v(0.0, 0.0, 300.0),
            v(100.0, 0.0, 300.0),
            v(200.0, 0.0, 300.0),
        ];
        let g = &grids(&rules)[0];
        assert_eq!((g.rows(), g.cols()), (3, 2));
        assert_eq!(
            g.cells[0],
            GridCell {
                row: 0,
                col: 0,
                rowspan: 2,
                colspan: 1
            }
        );
        assert_eq!(g.cell_at(50.0, 150.0), Some(0));
        assert_eq!(g.cell_at(150.0, 250.0), Some(1));
        assert_eq!(g.cell_at(150.0, 150.0), Some(2));
        assert_eq!(g.cell_at(250.0, 150.0), None);
    }

    #[test]
    fn separate_tables_and_lone_lines() {
        let mut rules = vec![h(500.0, 0.0, 100.0), h(450.0, 0.0, 100.0)];
        rules.extend([v(0.0, 450.0, 500.0), v(100.0, 450.0, 500.0)]);
        rules.extend([h(100.0, 0.0, 100.0), h(50.0, 0.0, 100.0)]);
        rules.extend([v(0.0, 50.0, 100.0), v(100.0, 50.0, 100.0)]);
        rules.push(h(700.0, 0.0, 300.0)); // an underline
        assert_eq!(grids(&rules).len(), 2);
    }
}
