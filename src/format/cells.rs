//! One table line cut at `|` into segments, and the pieces both layouts render it from.
//!
//! A segment is the text between two pipes (or before the first, or after the last). Only ASCII
//! spaces around a segment's text are layout: everything else (a full-width space, a
//! non-breaking space, the text itself) is kept byte for byte, so the formatter can promise that
//! removing every ASCII space from its input and its output gives the same string.

use unicode_width::UnicodeWidthStr;

/// A table line cut at every `|` (the reader cuts there too, `\|` included: docs/layouts.md §7).
#[derive(Debug, Clone)]
pub(super) struct Row<'a> {
    pub segs: Vec<&'a str>,
}

impl<'a> Row<'a> {
    pub fn parse(line: &'a str) -> Self {
        Row {
            segs: line.split('|').collect(),
        }
    }

    /// Index of the last segment (the one after the last pipe).
    pub fn last(&self) -> usize {
        self.segs.len() - 1
    }

    /// Segment `k` without the ASCII spaces around it.
    pub fn text(&self, k: usize) -> &'a str {
        self.segs[k].trim_matches(' ')
    }

    pub fn is_content(&self, k: usize) -> bool {
        !self.text(k).is_empty()
    }

    /// The indices of the segments that hold text.
    pub fn content(&self) -> Vec<usize> {
        (0..self.segs.len())
            .filter(|&k| self.is_content(k))
            .collect()
    }

    /// The ASCII spaces a line starts with when its first segment holds text. Kept as they
    /// are: a heading or header line the reader finds "at a line start" must stay one.
    pub fn lead(&self) -> &'a str {
        let s0 = self.segs[0];
        &s0[..s0.len() - s0.trim_start_matches(' ').len()]
    }

    /// The first segment rendered when it holds no text: as it was (the line's indentation,
    /// never widened, for the same reason as [`Row::lead`]).
    pub fn blank_start(&self) -> &'a str {
        self.segs[0]
    }

    /// A segment after the row's last text, rendered: empty at the line's end (no trailing
    /// spaces), otherwise `""` stays `""` and spaces become one (`0 | ||` and `0 | |` keep
    /// their look: both are row ends to the reader).
    pub fn tail(&self, k: usize) -> &'static str {
        if k == self.last() || self.segs[k].is_empty() {
            ""
        } else {
            " "
        }
    }
}

/// Display width in terminal and editor columns: a CJK character is two.
pub(super) fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Is this cell text a value (a number, several numbers, or a mark written for none)? Values
/// are right-aligned; the rest is left-aligned. Only the look depends on it.
pub(super) fn is_value(text: &str) -> bool {
    is_placeholder(text) || is_number(text)
}

/// `0`, `1,190`, `-3`, `11.493`, `8.35万元`, `12%`, `0 0 0` (numbers run into one cell).
fn is_number(text: &str) -> bool {
    let core = text
        .strip_suffix("万元")
        .or_else(|| text.strip_suffix('元'))
        .or_else(|| text.strip_suffix('%'))
        .unwrap_or(text);
    core.bytes().any(|b| b.is_ascii_digit())
        && core
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b' ' | b'-' | b'+'))
}

/// What the reader takes for an empty value cell (`-`, `—`, `/`, `无`): aligned as a value.
fn is_placeholder(text: &str) -> bool {
    text == "无"
        || (1..=3).contains(&text.chars().count())
            && text
                .chars()
                .all(|c| matches!(c, '-' | '—' | '–' | '－' | '/' | '／'))
}

/// A markdown delimiter row (`| --- | :---: |`), as the reader knows one (it skips these
/// lines): it starts with a pipe, holds `---`, and nothing but pipes, dashes, colons and
/// spaces. A row of `-` written for zeros (`- | - |`) is not one.
pub(super) fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|')
        && t.contains("---")
        && t.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' '))
}

/// `text` padded with spaces to `w` columns: on the left when `right` is set.
pub(super) fn pad(text: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(width(text)));
    if right {
        fill + text
    } else {
        format!("{text}{fill}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_everything_but_the_pipes() {
        let r = Row::parse("  三、本年度办理结果 | 5 | ||");
        assert_eq!(r.segs, ["  三、本年度办理结果 ", " 5 ", " ", "", ""]);
        assert_eq!(r.content(), [0, 1]);
        assert_eq!(r.lead(), "  ");
        assert_eq!((r.tail(2), r.tail(3), r.tail(4)), (" ", "", ""));
    }

    #[test]
    fn values_are_numbers_and_marks_labels_are_not() {
        for v in [
            "0",
            "1,190",
            "11.493",
            "8.35万元",
            "-",
            "——",
            "无",
            "0 0 0",
            "12%",
        ] {
            assert!(is_value(v), "{v}");
        }
        for l in ["1.属于国家秘密", "商业 企业", "2020年", "总计", ""] {
            assert!(!is_value(l), "{l}");
        }
    }

    #[test]
    fn widths_count_cjk_as_two() {
        assert_eq!(width("（一）予以公开"), 14);
        assert_eq!(pad("12", 4, true), "  12");
        assert_eq!(pad("规章", 6, false), "规章  ");
    }

    #[test]
    fn separators_are_dashes_between_pipes() {
        assert!(is_separator("| --- | :---: |"));
        assert!(is_separator("|---|"));
        assert!(!is_separator("|||"));
        assert!(!is_separator("| 0 | - |"));
        assert!(!is_separator("- | - | - |"));
    }
}
