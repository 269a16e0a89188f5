//! Tidy tables: the pipe and markdown tables of a plain-text report re-aligned by display width
//! (`nianbao fmt`, the language server's `textDocument/formatting` and `rangeFormatting`).
//!
//! Pure: text in, edits out. What it promises, and `tests/format.rs` checks:
//! - only ASCII spaces change (removing every ASCII space from the input and from the output
//!   gives the same string): every number, label, pipe, tab and line ending keeps its bytes;
//! - the analysis is the same before and after (findings, every cell of every table);
//! - formatting twice changes nothing the second time;
//! - prose, tab-separated rows, lines with markup (`<`) and HTML documents are left alone.
//!
//! A table block is a run of consecutive lines that hold a `|` (and no tab, `<` or lone `\r`).
//! A block with a markdown delimiter row is aligned as a grid ([`markdown`]); any other as pipe
//! rows whose value columns are lined up from each row's first value ([`pipe`]). Edits are one
//! per changed line, cut down to the bytes that differ, so an editor's cursor and marks outside
//! them stay where they were.

mod cells;
mod markdown;
mod pipe;

use std::ops::Range;

use crate::finding::Edit;
use crate::span::Span;

use cells::Row;

/// The edits that tidy every table of `text` (none for an HTML document).
pub fn edits(text: &str) -> Vec<Edit> {
    edits_in(text, Span::new(0, text.len()))
}

/// The edits that tidy the tables `range` touches (`textDocument/rangeFormatting`): a block is
/// formatted whole when any of its bytes is in `range`, or, for an empty range (a cursor), when
/// the cursor is inside it or at its edge.
pub fn edits_in(text: &str, range: Span) -> Vec<Edit> {
    if crate::reader::html::is_html(text) {
        return Vec::new();
    }
    let lines = lines(text);
    let mut out = Vec::new();
    for block in blocks(text, &lines) {
        let span = Span::new(lines[block.start].start, lines[block.end - 1].end);
        if span.overlaps(range) {
            out.extend(format_block(text, &lines[block]));
        }
    }
    out
}

/// `text` with its tables tidied.
pub fn format(text: &str) -> String {
    crate::fix::apply_edits(text, &edits(text)).0
}

/// One line: its content's bytes (without the line ending, `\n` or `\r\n`).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let content = piece.strip_suffix('\n').unwrap_or(piece);
        let content = content.strip_suffix('\r').unwrap_or(content);
        out.push(Line {
            start,
            end: start + content.len(),
        });
        start += piece.len();
    }
    out
}

/// Can this line be part of a table block? A tab-separated row is left to its tabs, a line
/// with markup to the HTML reader, a lone `\r` is a line break to editors but not to the reader.
fn is_table_line(content: &str) -> bool {
    content.contains('|') && !content.contains(['\t', '<', '\r'])
}

/// The blocks of consecutive table lines, as ranges of line indices.
fn blocks(text: &str, lines: &[Line]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !is_table_line(&text[l.start..l.end]) {
            continue;
        }
        match out.last_mut() {
            Some(b) if b.end == i => b.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// The edits of one block: its rows laid out, each changed line turned into one edit.
fn format_block(text: &str, lines: &[Line]) -> Vec<Edit> {
    let rows: Vec<Row> = lines
        .iter()
        .map(|l| Row::parse(&text[l.start..l.end]))
        .collect();
    let markdown = lines
        .iter()
        .any(|l| cells::is_separator(&text[l.start..l.end]));
    let laid = if markdown {
        markdown::layout(&rows)
    } else {
        pipe::layout(&rows)
    };
    lines
        .iter()
        .zip(laid)
        .filter_map(|(l, new)| line_edit(text, *l, &new?))
        .collect()
}

/// The edit turning line `l` into `new`: the bytes between their common prefix and suffix.
fn line_edit(text: &str, l: Line, new: &str) -> Option<Edit> {
    let old = &text[l.start..l.end];
    if old == new {
        return None;
    }
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = a.len().min(b.len()) - prefix;
    let mut suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(a.len() - suffix) || !new.is_char_boundary(b.len() - suffix) {
        suffix -= 1;
    }
    Some(Edit {
        span: Span::new(l.start + prefix, l.end - suffix),
        replacement: new[prefix..b.len() - suffix].to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "三、收到和处理政府信息公开申请情况\r\n\
        三、本年度办理结果 | （一）予以公开 | 34 | 3 | 38 | |\r\n\
        （二）部分公开 | 7 | 0 | 8 | ||\r\n\
        四、政府信息公开行政复议、行政诉讼情况\n";

    #[test]
    fn edits_are_narrow_and_keep_line_endings() {
        let edits = edits(TABLE);
        // one edit, on the second row, from its label's end to its last value
        assert_eq!(edits.len(), 1, "{edits:?}");
        let old = &TABLE[edits[0].span.start..edits[0].span.end];
        assert_eq!(old, "| 7 | 0 |");
        let out = format(TABLE);
        assert_eq!(out.matches("\r\n").count(), 3);
        let row = format!("（二）部分公开{}|  7 | 0 |  8 | ||\r\n", " ".repeat(22));
        assert!(out.contains(&row), "{out}");
        assert_eq!(format(&out), out, "idempotent");
    }

    #[test]
    fn a_range_formats_only_the_blocks_it_touches() {
        let text = "a | 1 |\nbb | 22 |\n\n规章|3|\n行政许可|4|\n";
        let second = text.find("规章").unwrap();
        let out = crate::fix::apply_edits(text, &edits_in(text, Span::new(second, second))).0;
        assert_eq!(
            out,
            "a | 1 |\nbb | 22 |\n\n规章     | 3 |\n行政许可 | 4 |\n"
        );
        assert!(edits_in(text, Span::new(text.len(), text.len())).is_empty());
    }

    #[test]
    fn html_tabs_and_prose_are_left_alone() {
        assert!(edits("<html><body><table><tr><td>1 | 2</td></tr>\n3|4\n").is_empty());
        assert!(edits("a\t|1\nb\t|22\n").is_empty());
        assert!(edits("本年度共收到申请84件。\n").is_empty());
    }
}
