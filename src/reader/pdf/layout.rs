//! A page's glyphs as the reader sees them: lines by baseline, tables of cells by the grid their
//! glyphs fall in, page numbers in the margins dropped, all in reading order (top down).

use super::extract::{Glyph, Page};
use super::grid::{grids, Grid};

/// Glyphs whose baselines differ by less than this share a line (in font sizes). A vertical
/// heading, one glyph a line, advances by a whole size.
const SAME_LINE: f32 = 0.35;

/// A gap wider than this between two glyphs of a line is a space (in font sizes).
const SPACE_GAP: f32 = 0.25;

/// The top and bottom margins where a page number is furniture, as a share of the height.
const MARGIN: f32 = 0.12;

/// Glyphs on one baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub glyphs: Vec<Glyph>,
}

impl Line {
    /// The line as text: a space where one was printed or the gap is wide.
    pub fn text(&self) -> String {
        let mut s = String::new();
        let mut prev: Option<&Glyph> = None;
        for g in &self.glyphs {
            if let Some(p) = prev {
                if g.space_before || g.x0 - p.x1 > SPACE_GAP * g.size.max(p.size) {
                    s.push(' ');
                }
            }
            s.push(g.c);
            prev = Some(g);
        }
        s
    }

    pub fn top(&self) -> f32 {
        self.glyphs
            .iter()
            .map(|g| g.y + g.size)
            .fold(f32::MIN, f32::max)
    }
}

/// The box around glyphs, `[x0, y0, x1, y1]`.
pub fn bbox<'a>(glyphs: impl IntoIterator<Item = &'a Glyph>) -> Option<[f32; 4]> {
    glyphs.into_iter().map(Glyph::bbox).reduce(|a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    })
}

/// A table: its grid and the lines of each cell (in the grid's cell order).
#[derive(Debug, Clone)]
pub struct Table {
    pub grid: Grid,
    pub cells: Vec<Vec<Line>>,
}

/// Characters whose line breaks vanish when a cell's lines are joined (a wrapped Chinese label
/// reads as one, a vertical heading as a word).
fn is_wide(c: char) -> bool {
    ('\u{2e80}'..='\u{9fff}').contains(&c)
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{f900}'..='\u{faff}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
        || matches!(c, '“' | '”' | '‘' | '’')
}

/// A cell's lines as one text, top to bottom.
pub fn cell_text(lines: &[Line]) -> String {
    let mut s = String::new();
    for line in lines {
        let t = line.text();
        let joined = s.chars().last().is_none_or(is_wide) && t.chars().next().is_some_and(is_wide);
        if !s.is_empty() && !joined {
            s.push(' ');
        }
        s.push_str(&t);
    }
    s.replace(['|', '\t'], " ")
}

/// What a page shows, top down.
#[derive(Debug, Clone)]
pub enum Block {
    Line(Line),
    Table(Table),
}

#[derive(Debug, Clone)]
pub struct PageLayout {
    pub number: u32,
    pub blocks: Vec<Block>,
}

/// Lay out one page.
pub fn lay_out(page: &Page) -> PageLayout {
    let grids = grids(&page.rules);
    let mut in_cells: Vec<Vec<Vec<Glyph>>> = grids
        .iter()
        .map(|g| vec![Vec::new(); g.cells.len()])
        .collect();
    let mut prose = Vec::new();
    for g in &page.glyphs {
        let (x, y) = g.centre();
        let hit = grids
            .iter()
            .enumerate()
            .find_map(|(t, grid)| Some((t, grid.cell_at(x, y)?)));
        match hit {
            Some((t, c)) => in_cells[t][c].push(*g),
            None => prose.push(*g),
        }
    }
    let mut blocks: Vec<(f32, Block)> = lines(prose)
        .into_iter()
        .filter(|l| !is_furniture(l, page.height))
        .map(|l| (l.top(), Block::Line(l)))
        .collect();
    for (grid, glyphs) in grids.into_iter().zip(in_cells) {
        if glyphs.iter().all(Vec::is_empty) {
            continue; // a drawn frame with nothing in it
        }
        let cells = glyphs.into_iter().map(lines).collect();
        blocks.push((grid.top(), Block::Table(Table { grid, cells })));
    }
    blocks.sort_by(|a, b| b.0.total_cmp(&a.0));
    PageLayout {
        number: page.number,
        blocks: blocks.into_iter().map(|(_, b)| b).collect(),
    }
}

/// Glyphs grouped by baseline, lines top down, each left to right; a glyph printed twice at
/// one place (fake bold) kept once.
pub fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::new();
    let mut base = f32::NAN;
    for g in glyphs {
        let near = (base - g.y).abs() <= SAME_LINE * g.size.max(1.0);
        match out.last_mut() {
            Some(line) if near => line.glyphs.push(g),
            _ => {
                base = g.y;
                out.push(Line { glyphs: vec![g] });
            }
        }
    }
    for line in &mut out {
        line.glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        line.glyphs
            .dedup_by(|b, a| b.c == a.c && (b.x0 - a.x0).abs() < 0.2 * a.size);
    }
    out
}

/// A page number in the top or bottom margin (`-3-`, `— 4 —`, `5`, `第 2 页 共 5 页`).
fn is_furniture(line: &Line, height: f32) -> bool {
    let y = line.glyphs.first().map_or(0.0, |g| g.y);
    let in_margin = y < MARGIN * height || y > (1.0 - MARGIN) * height;
    in_margin && is_page_number(&line.text())
}

fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bare = t.trim_matches(['-', '—', '－', '–', '·']);
    let digits = |s: &str| (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if digits(bare) {
        return true;
    }
    let Some(rest) = t.strip_prefix('第') else {
        return false;
    };
    let Some((n, tail)) = rest.split_once('页') else {
        return false;
    };
    digits(n)
        && (tail.is_empty()
            || tail
                .strip_prefix('共')
                .and_then(|m| m.strip_suffix('页'))
                .is_some_and(digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(c: char, x: f32, y: f32) -> Glyph {
        Glyph {
            c,
            x0: x,
            x1: x + 10.0,
            y,
            size: 10.0,
            space_before: false,
        }
    }

    #[test]
    fn lines_by_baseline_and_vertical_text_joined() {
        let ls = lines(vec![
            g('b', 10.0, 100.5),
            g('a', 0.0, 100.0),
            g('c', 40.0, 100.0),
        ]);
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].text(), "ab c");
        let column = lines(
            "三、本年度"
                .chars()
                .enumerate()
                .map(|(i, c)| g(c, 0.0, 100.0 - 10.0 * i as f32))
                .collect(),
        );
        assert_eq!(column.len(), 5);
        assert_eq!(cell_text(&column), "三、本年度");
        let wrapped = lines(vec![g('1', 0.0, 50.0), g('x', 0.0, 38.0)]);
        assert_eq!(cell_text(&wrapped), "1 x");
    }

    #[test]
    fn page_numbers() {
        for yes in ["-3-", "— 4 —", "12", "第 2 页", "第2页 共5页"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["三", "12345", "第二页", "-3-a"] {
            assert!(!is_page_number(no), "{no}");
        }
    }
}
