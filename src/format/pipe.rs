//! Pipe tables without a markdown delimiter row (docs/layouts.md §1).
//!
//! Rows of one table do not have the same number of leading label cells: a spanned cell is
//! printed once, on its first row (`三、本年度办理结果 | （一）予以公开 | 0 | …` above
//! `（二）部分公开 | 0 | …`), and rows end in different runs of empty cells (`| 0 | ||`). Cells
//! counted from the left would put those rows' numbers in different columns, so a row is cut
//! where its first value is: the labels before it are padded to the block's widest label
//! part, and the values are right-aligned in columns counted from that first value. The empty
//! cells after a row's last text keep their look (`| |` or `||`: both are row ends to the
//! reader). Rows with fewer than two cells of text (one cell per line, `|||`) are left alone.

use super::cells::{is_value, pad, width, Row};

/// How one row is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Fewer than two cells with text: nothing to align.
    Untouched,
    /// Text but no value (a header line): one space around each cell, nothing padded.
    Header { last: usize },
    /// Values from segment `first` to the row's last text at `last`. `padded`: the label part
    /// before `first` is padded to the block's label width. A row whose first value stands at
    /// the line's start (or right after a leading pipe) is not: padding would indent the line.
    Valued {
        first: usize,
        last: usize,
        padded: bool,
    },
}

fn shape(row: &Row) -> Shape {
    let content = row.content();
    let (Some(&last), true) = (content.last(), content.len() >= 2) else {
        return Shape::Untouched;
    };
    match content.iter().copied().find(|&k| is_value(row.text(k))) {
        None => Shape::Header { last },
        Some(first) => Shape::Valued {
            first,
            last,
            padded: first >= 2 || first == 1 && row.is_content(0),
        },
    }
}

/// The block's widths: the label part of padded rows, and the value columns of padded rows
/// and of the others (each set counted from the row's first value).
#[derive(Debug, Default)]
struct Widths {
    label: usize,
    padded: Vec<usize>,
    unpadded: Vec<usize>,
}

impl Widths {
    fn of(rows: &[Row], shapes: &[Shape]) -> Self {
        let mut w = Widths::default();
        for (row, shape) in rows.iter().zip(shapes) {
            let Shape::Valued {
                first,
                last,
                padded,
            } = *shape
            else {
                continue;
            };
            if padded {
                w.label = w.label.max(width(&labels(row, first).join("|")));
            }
            let cols = if padded {
                &mut w.padded
            } else {
                &mut w.unpadded
            };
            for (j, k) in (first..=last).enumerate() {
                if cols.len() <= j {
                    cols.push(0);
                }
                cols[j] = cols[j].max(width(row.text(k)));
            }
        }
        w
    }
}

/// The new text of each row of a block (`None`: left as it is).
pub(super) fn layout(rows: &[Row]) -> Vec<Option<String>> {
    let shapes: Vec<Shape> = rows.iter().map(shape).collect();
    let widths = Widths::of(rows, &shapes);
    rows.iter()
        .zip(&shapes)
        .map(|(row, &shape)| render(row, shape, &widths))
        .collect()
}

fn render(row: &Row, shape: Shape, w: &Widths) -> Option<String> {
    let (mut segs, last) = match shape {
        Shape::Untouched => return None,
        Shape::Header { last } => (labels(row, last + 1), last),
        Shape::Valued {
            first,
            last,
            padded,
        } => {
            let mut segs = labels(row, first);
            if padded {
                let short = w.label.saturating_sub(width(&segs.join("|")));
                segs[first - 1].push_str(&" ".repeat(short));
            }
            let cols = if padded { &w.padded } else { &w.unpadded };
            segs.extend((first..=last).map(|k| value(row, k, cols[k - first])));
            (segs, last)
        }
    };
    segs.extend((last + 1..row.segs.len()).map(|k| row.tail(k).to_owned()));
    Some(segs.join("|"))
}

/// Segments `0..end` rendered as labels: one space on each side of the text (none before the
/// line's first text, none after the line's last), an empty cell as one space.
fn labels(row: &Row, end: usize) -> Vec<String> {
    (0..end)
        .map(|k| match (k, row.is_content(k)) {
            (0, true) => format!("{}{} ", row.lead(), row.text(0)),
            (0, false) => row.blank_start().to_owned(),
            (k, true) if k == row.last() => format!(" {}", row.text(k)),
            (_, true) => format!(" {} ", row.text(k)),
            (_, false) => " ".to_owned(),
        })
        .collect()
}

/// Segment `k` as a value cell `w` columns wide: numbers to the right, other text to the left;
/// the line's first segment to the left (a number there would otherwise indent the line).
fn value(row: &Row, k: usize, w: usize) -> String {
    let text = row.text(k);
    let right = is_value(text);
    if k == 0 {
        format!("{}{} ", row.lead(), pad(text, w, false))
    } else if k == row.last() {
        format!(
            " {}",
            if right {
                pad(text, w, true)
            } else {
                text.into()
            }
        )
    } else {
        format!(" {} ", pad(text, w, right))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lines: &[&str]) -> Vec<String> {
        let rows: Vec<Row> = lines.iter().map(|l| Row::parse(l)).collect();
        layout(&rows)
            .into_iter()
            .zip(lines)
            .map(|(new, old)| new.unwrap_or_else(|| old.to_string()))
            .collect()
    }

    #[test]
    fn spanned_labels_do_not_shift_the_numbers() {
        let out = run(&[
            "三、本年度办理结果 | （一）予以公开 | 34 | 3 | 38 | |",
            "（二）部分公开 | 7 | 0 | 8 | ||",
        ]);
        assert_eq!(
            out,
            [
                "三、本年度办理结果 | （一）予以公开 | 34 | 3 | 38 | |",
                &format!("（二）部分公开{}|  7 | 0 |  8 | ||", " ".repeat(22)),
            ]
        );
    }

    #[test]
    fn headers_get_one_space_around_cells_and_lone_cells_stay() {
        let out = run(&[
            "信息内容|本年制发件数 |  本年废止件数|",
            "第二十条第（一）项 | |||",
            "0 |",
        ]);
        assert_eq!(
            out,
            [
                "信息内容 | 本年制发件数 | 本年废止件数 |",
                "第二十条第（一）项 | |||",
                "0 |"
            ]
        );
    }

    #[test]
    fn rows_without_labels_are_not_indented() {
        let out = run(&["2 | 1 | 10 |", "12 | 0 | 1 |", "| 3 | 4 |"]);
        assert_eq!(out, ["2  | 1 | 10 |", "12 | 0 |  1 |", "|  3 | 4 |"]);
    }

    #[test]
    fn edges_stay_with_the_labels_and_indentation_is_kept() {
        // the empty cell before the first number may be a blank value or a spanned cell's
        // remains (the reader decides): it stays on the label side
        let out = run(&["  规章 |  | 12|", "行政许可|3|4", "规章 | 1 |  | 3"]);
        assert_eq!(
            out,
            [
                "  规章 | | 12 |",
                "行政许可 |  3 | 4",
                "规章     |  1 |   | 3"
            ]
        );
    }
}
