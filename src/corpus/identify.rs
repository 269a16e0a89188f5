//! Is this text a 政府信息公开工作年度报告? Decided from what every report prints and other
//! texts do not: its title, the headings of its six sections, the header lines of its tables.
//! A text is a report when it has any one of
//!
//! - a **title** in its first 20,000 bytes: a line (or two lines joined, for a title broken
//!   after the organ or mid-phrase) of at most 60 characters, after `#`, `*`, `|` and a
//!   `标题：` prefix, that contains 政府信息公开 and ends with 年度报告 (or with 年报 when it
//!   names a year `20XX年`: `政府信息公开年报` alone is a site's column name);
//! - at least [`MIN_HEADINGS`] of the six **section headings** (一、总体情况 … 六、其他需要报告的
//!   事项, as the reader reads a heading: `reader::sections`) where a report prints them: at
//!   the start of a line (after `#`, `*`, `|` or blanks), or, in a report flattened onto one
//!   line, after the `。` or `；` that ended the text before or a number of the table before
//!   (blanks between) — not inside a sentence or a list that names them (this crate's README
//!   and docs do);
//! - at least [`MIN_TABLE_HEADS`] of the tables' **header lines** at the start of a line:
//!   `第二十条第（X）项` and `信息内容` (二), `申请人情况`, `自然人`, `法人或其他组织` and the
//!   note `（本列数据的勾稽关系为……）` (三), `结果维持` (四) — a fragment of a report (a PDF's
//!   later pages) has these and neither title nor the other headings.
//!
//! An HTML page is judged on its text (the reader's view of it), not its markup.
//!
//! Measured on this repository (`tests/front_ends.rs`): every report of `tests/corpus`
//! (seeds, real, web: plain text, PDF text, flattened web text, markdown, HTML pages, the 2018
//! format) and `examples/` passes, most on two or three counts; the rule pages
//! (`src/checks/docs/NB*.md`), which quote report lines, and the README and `docs/*.md` fail
//! on all three: at most one section heading at a line start (`docs/layouts.md`), two table
//! header lines (`docs/layouts.md`), no title line.

use crate::pattern::Pattern;
use crate::reader::{html, sections};
use crate::text::floor_char_boundary;

/// Section headings a report shows at least (of six; an old-format 2018 report has five).
pub const MIN_HEADINGS: usize = 3;
/// Table header lines a report shows at least (of seven).
pub const MIN_TABLE_HEADS: usize = 3;
/// The title is looked for in the first this many bytes (a web page's navigation comes first).
const HEAD_BYTES: usize = 20_000;
/// A title is at most this many characters (blanks not counted).
const TITLE_MAX_CHARS: usize = 60;

/// What ends a line: `\n`, `\r\n` and a lone `\r` (as the language server counts lines).
#[cfg(test)]
const LINE_BREAKS: [char; 2] = ['\n', '\r'];

/// The text's lines, cut at every `\n` and `\r` (a `\r\n` leaves an empty line between, as
/// `str::split` on both does). Found with `memchr2`: the server asks on every edit, and a
/// split on a set of `char`s decodes every character.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr2(b'\n', b'\r', r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Where one of the seven ordinals a heading starts with (`一` … `七`) stands in `text`, in
/// order: one search of the whole text (the patterns' literal prefilter), where reading it
/// line by line decoded every character of every line on every edit.
fn ordinals(text: &str) -> impl Iterator<Item = usize> + '_ {
    static RE: std::sync::OnceLock<Pattern> = std::sync::OnceLock::new();
    RE.get_or_init(|| Pattern::new("[一二三四五六七]"))
        .find_iter(text)
        .map(|m| m.start())
}

/// The line of `text` around byte `at`: from after the previous `\n`/`\r` to the next.
fn line_around(text: &str, at: usize) -> std::ops::Range<usize> {
    let b = text.as_bytes();
    let start = memchr::memrchr2(b'\n', b'\r', &b[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr2(b'\n', b'\r', &b[at..]).map_or(b.len(), |i| at + i);
    start..end
}

/// The header lines of the template's tables, as a line starts once blanks are removed.
const TABLE_HEADS: &[&str] = &[
    "第二十条第",
    "信息内容",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "本列数据的勾稽关系",
    "结果维持",
];

/// What [`identify`] found of a report's marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Evidence {
    /// A title line in the head.
    pub title: bool,
    /// How many of the six section headings.
    pub headings: usize,
    /// How many of the [`TABLE_HEADS`] start a line.
    pub table_heads: usize,
}

impl Evidence {
    pub fn is_report(&self) -> bool {
        self.title || self.headings >= MIN_HEADINGS || self.table_heads >= MIN_TABLE_HEADS
    }
}

/// What was missing, for a message: `no title line “…政府信息公开…年度报告”, 1 of the six
/// section headings, 0 table header lines`.
impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {} of the six section headings, {} table header line{}",
            if self.title {
                "a title line"
            } else {
                "no title line “…政府信息公开…年度报告”"
            },
            self.headings,
            self.table_heads,
            if self.table_heads == 1 { "" } else { "s" }
        )
    }
}

/// Is `text` an annual report? See the module's documentation. Asked by the server on every
/// edit, so it stops at the first mark found: the title, in the head, usually decides, and the
/// whole text is scanned for headings and table header lines only when there is none.
pub fn is_annual_report(text: &str) -> bool {
    let view = readable(text);
    let text = view.as_ref();
    has_title(&text[..floor_char_boundary(text, HEAD_BYTES)])
        || headings(text, MIN_HEADINGS) >= MIN_HEADINGS
        || table_heads(text, MIN_TABLE_HEADS) >= MIN_TABLE_HEADS
}

/// The text the marks are looked for in: an HTML page's view, or the text itself.
fn readable(text: &str) -> std::borrow::Cow<'_, str> {
    if html::is_html(text) {
        std::borrow::Cow::Owned(html::read(text).text)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The marks of a report `text` has (all three counted, for messages).
pub fn identify(text: &str) -> Evidence {
    let view = readable(text);
    let text = view.as_ref();
    Evidence {
        title: has_title(&text[..floor_char_boundary(text, HEAD_BYTES)]),
        headings: headings(text, usize::MAX),
        table_heads: table_heads(text, usize::MAX),
    }
}

/// A line with what may stand before a heading or title removed: blanks, markdown's `#` and
/// `*`, a table's `|`.
fn bare(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '#' | '*' | '|'))
}

fn compact(line: &str) -> String {
    line.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Is a line of `head`, or two lines read as one (a title broken over two), a title? Both end
/// as the line does, and a title ends with 年度报告 or 年报: other lines are not compacted (the
/// server asks on every edit, and a report without a title is read to the end of its head).
fn has_title(head: &str) -> bool {
    let lines = lines(head).map(bare).filter(|l| !l.is_empty()).map(|l| {
        l.strip_prefix("标题").map_or(l, |rest| {
            rest.trim_start()
                .strip_prefix([':', '：'])
                .map_or(l, str::trim_start)
        })
    });
    let mut previous: Option<&str> = None;
    for line in lines {
        if line.ends_with(['告', '报']) {
            let line = compact(line);
            if is_title(&line) {
                return true;
            }
            if let Some(first) = previous {
                if is_title(&(compact(first) + &line)) {
                    return true;
                }
            }
        }
        previous = Some(line);
    }
    false
}

fn is_title(line: &str) -> bool {
    line.chars().count() <= TITLE_MAX_CHARS
        && line.contains("政府信息公开")
        && (line.ends_with("年度报告") || line.ends_with("年报") && names_a_year(line))
}

/// `20XX年` somewhere in `line`.
fn names_a_year(line: &str) -> bool {
    line.match_indices("20").any(|(at, _)| {
        let rest = &line[at..];
        rest.len() >= 5 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit) && {
            rest[4..].starts_with('年')
        }
    })
}

/// The line an ordinal stands on, as [`headings`] reads it.
#[derive(Clone, Copy)]
struct OrdinalLine<'a> {
    /// Where the whole line ends in the text (its break, or the end of the text).
    end: usize,
    /// Where it starts once what may stand before a heading is removed ([`bare`]).
    from: usize,
    bare: &'a str,
}

/// How many of the six sections have their heading at the start of a line, or after `。`, `；`
/// or a digit (and blanks). The count stops at `enough`: the server asks on every edit whether
/// a text is a report, and the first three headings answer it.
fn headings(text: &str, enough: usize) -> usize {
    let mut seen = [false; 8];
    let count = |seen: &[bool; 8]| seen.iter().filter(|s| **s).count();
    let mut current: Option<OrdinalLine> = None;
    for at in ordinals(text) {
        let line = match current {
            // ordinals come in order: one before the line's end is on it
            Some(line) if at < line.end => line,
            _ => {
                // a line is done: the count is judged between lines
                if count(&seen) >= enough {
                    break;
                }
                let whole = line_around(text, at);
                let bare = bare(&text[whole.clone()]);
                let from = bare.as_ptr() as usize - text.as_ptr() as usize;
                let line = OrdinalLine {
                    end: whole.end,
                    from,
                    bare,
                };
                current = Some(line);
                line
            }
        };
        let (line, at) = (line.bare, at - line.from);
        // at the line's start, or after a stop or a number (blanks between)
        let anchored = line[..at]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|p| matches!(p, '。' | '；') || p.is_ascii_digit());
        if !anchored {
            continue;
        }
        // a heading's title is read from the next 40 characters at most
        let end = floor_char_boundary(line, at + 200);
        if let Some(s) = sections::find_sections(&line[at..end]).first() {
            if s.span.start == 0 {
                seen[usize::from(s.number).min(7)] = true;
            }
        }
    }
    count(&seen)
}

/// How many of the tables' header lines `text` has, up to `enough` (as for [`headings`]).
fn table_heads(text: &str, enough: usize) -> usize {
    let mut seen = [false; TABLE_HEADS.len()];
    for line in lines(text) {
        if seen.iter().filter(|s| **s).count() >= enough {
            break;
        }
        let line = bare(line);
        let line = line.trim_start_matches(['（', '(']);
        // most lines start with none of the heads: compare before removing blanks
        let Some(first) = line.chars().next() else {
            continue;
        };
        if !TABLE_HEADS.iter().any(|h| h.starts_with(first)) {
            continue;
        }
        let line = compact(line);
        for (i, head) in TABLE_HEADS.iter().enumerate() {
            seen[i] |= line.starts_with(head);
        }
    }
    seen.iter().filter(|s| **s).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// [`lines`] cuts as `str::split` on `\n` and `\r` does; [`ordinals`] finds where
        /// `char_indices` finds one of the seven ordinals, and [`line_around`] each one's line.
        #[test]
        fn lines_and_ordinals_as_the_characters_read(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "一", "二", "七", "八", "丁", "丈", "五", "亖", "六", "兮", "、", "a", " ",
                "\n", "\r", "\r\n", "\u{2028}",
            ]), 0..24)
        ) {
            let text: String = pieces.concat();
            let got: Vec<&str> = lines(&text).collect();
            let want: Vec<&str> = text.split(LINE_BREAKS).collect();
            proptest::prop_assert_eq!(&got, &want);
            let found: Vec<usize> = ordinals(&text).collect();
            let expected: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| "一二三四五六七".contains(*c))
                .map(|(at, _)| at)
                .collect();
            proptest::prop_assert_eq!(&found, &expected);
            // each ordinal's line is the line `split` gives it
            for at in found {
                let l = line_around(&text, at);
                let (mut start, mut k) = (0, 0);
                while start + want[k].len() < at {
                    start += want[k].len() + 1;
                    k += 1;
                }
                proptest::prop_assert_eq!(l, start..start + want[k].len());
            }
        }

        /// [`has_title`] compacts only the lines that can end a title, and answers as
        /// comparing every line and every pair of neighbouring lines does.
        #[test]
        fn a_title_on_one_line_or_two(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "某县", "人民政府", "2023年", "政府信息公开", "工作", "年度报告", "年报", "报告",
                "年度", " ", "\n", "\r\n", "\n\n", "# ", "|", "标题：",
            ]), 0..16)
        ) {
            let head: String = pieces.concat();
            let lines: Vec<String> = head
                .split(LINE_BREAKS)
                .map(bare)
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let l = l.strip_prefix("标题").map_or(l, |rest| {
                        rest.trim_start().strip_prefix([':', '：']).map_or(l, str::trim_start)
                    });
                    compact(l)
                })
                .collect();
            let every = (0..lines.len()).any(|i| {
                is_title(&lines[i])
                    || lines.get(i + 1).is_some_and(|n| is_title(&(lines[i].clone() + n)))
            });
            proptest::prop_assert_eq!(has_title(&head), every, "{:?}", head);
        }
    }

    #[test]
    fn titles() {
        for t in [
            "某县人民政府2023年政府信息公开工作年度报告",
            "# 八卦洲街道政府信息公开工作年度报告",
            "标题: 平潭综合实验区2018年度政府信息公开工作年度报告",
            "淮安市洪泽区人民政府\n2024 年政府信息公开工作年度报告",
            "某某县人民政府2024年度政府信息公开\n工作年度报告",
            "**某县2022年政府信息公开年报**",
        ] {
            assert!(identify(t).title, "{t}");
        }
        for t in [
            "hello",
            "栏目: 政府信息公开年报",
            "README: e.g. `某某县人民政府2022年政府信息公开工作年度报告` and `…2023年…`",
            "本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》编制，这一行很长，远远超过六十个字符，不是标题，而是正文中的一句话，提到了年度报告",
        ] {
            assert!(!identify(t).title, "{t}");
        }
    }

    #[test]
    fn headings_and_table_heads() {
        let text =
            "一、总体情况\n## 二、主动公开政府信息情况\n| 三、收到和处理政府信息公开申请情况 |\n";
        assert_eq!(identify(text).headings, 3);
        assert!(is_annual_report(text));
        // named in a sentence, not printed as headings
        let prose =
            "六部分：一、总体情况，二、主动公开政府信息情况，三、收到和处理政府信息公开申请情况";
        assert_eq!(identify(prose).headings, 0);
        // flattened: after the text or the numbers before
        let flat =
            "平潭。 一、总体情况。二、主动公开政府信息情况 10 20三、收到和处理政府信息公开申请情况";
        assert_eq!(identify(flat).headings, 3);
        // lone CRs end lines too
        assert!(identify("某县2023年政府信息公开工作年度报告\r一、总体情况").title);
        let fragment = "- 4 -\n第二十条 第（八）项\n信息内容 本年收费金额\n申请人情况\n自然人\n";
        assert_eq!(identify(fragment).table_heads, 4);
        assert!(is_annual_report(fragment));
        // quoted, not printed as a report prints them
        let quoted = "`第二十条第（一）项`, `信息内容`, `申请人情况`";
        assert_eq!(identify(quoted).table_heads, 0);
    }

    #[test]
    fn not_reports() {
        let e = identify("hello\n");
        assert!(!e.is_report());
        assert_eq!(
            e.to_string(),
            "no title line “…政府信息公开…年度报告”, 0 of the six section headings, 0 table header lines"
        );
    }
}
