//! Markdown tables (docs/layouts.md §7): a block with a `| --- |` delimiter row is a grid, every
//! row holding every column (spanned cells are written as empty cells), so it is aligned column
//! by column from the left. The delimiter row is laid out like the others: its dashes are kept
//! and padded with spaces (`| ---      |`), as valid markdown as longer dashes and the only way
//! to change nothing but spaces.

use super::cells::{is_separator, is_value, pad, width, Row};

/// The new text of each row of a markdown block (every row is re-laid).
pub(super) fn layout(rows: &[Row]) -> Vec<Option<String>> {
    let widths = widths(rows);
    rows.iter().map(|row| Some(render(row, &widths))).collect()
}

/// The width of each column: its widest text, between pipes or at an edge of a line.
fn widths(rows: &[Row]) -> Vec<usize> {
    let mut w: Vec<usize> = Vec::new();
    for row in rows {
        for k in 0..row.segs.len() {
            let inner = k > 0 && k < row.last();
            if !inner && !row.is_content(k) {
                continue;
            }
            if w.len() <= k {
                w.resize(k + 1, 0);
            }
            w[k] = w[k].max(width(row.text(k)));
        }
    }
    w
}

fn render(row: &Row, widths: &[usize]) -> String {
    let delimiter = row.segs.join("|");
    let delimiter = is_separator(&delimiter);
    let right = |text: &str| {
        if delimiter {
            text.ends_with(':') && !text.starts_with(':')
        } else {
            is_value(text)
        }
    };
    let segs: Vec<String> = (0..row.segs.len())
        .map(|k| {
            let text = row.text(k);
            match (k, row.is_content(k)) {
                (0, false) => row.blank_start().to_owned(),
                // left-aligned: padding on the left would indent the line, and the indentation
                // is kept as it is (a line start means something to the reader)
                (0, true) => format!("{}{} ", row.lead(), pad(text, widths[0], false)),
                (k, false) if k == row.last() => String::new(),
                (k, true) if k == row.last() && !right(text) => format!(" {text}"),
                (k, _) => {
                    let cell = pad(text, widths[k], right(text));
                    if k == row.last() {
                        format!(" {cell}")
                    } else {
                        format!(" {cell} ")
                    }
                }
            }
        })
        .collect();
    segs.join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lines: &[&str]) -> Vec<String> {
        let rows: Vec<Row> = lines.iter().map(|l| Row::parse(l)).collect();
        layout(&rows).into_iter().map(Option::unwrap).collect()
    }

    #[test]
    fn a_grid_with_its_delimiter_padded() {
        let out = run(&[
            "|  | （三）不予公开 | 1.属于国家秘密 | 0 | 12 |",
            "| --- | --- | --- | --- | --- |",
            "|  |  | 2.其他法律行政法规禁止公开 | 10 | 0 |",
        ]);
        assert_eq!(
            out,
            [
                "|     | （三）不予公开 | 1.属于国家秘密             |   0 |  12 |",
                "| --- | ---            | ---                        | --- | --- |",
                "|     |                | 2.其他法律行政法规禁止公开 |  10 |   0 |",
            ]
        );
    }

    #[test]
    fn a_right_aligned_delimiter_is_padded_on_the_left() {
        let out = run(&["| a | 100 |", "|---|---:|"]);
        assert_eq!(out, ["| a   |  100 |", "| --- | ---: |"]);
    }
}
