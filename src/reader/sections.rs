//! Finding the report's sections by their title keywords (docs/format.md §2), and the report year.
//!
//! Headings are found anywhere, not only at line starts: flattened web text holds the whole
//! report on one line, and a markdown converter may put a heading in a table cell.

use std::sync::OnceLock;

use crate::pattern::{Groups, Pattern};

use crate::model::Section;
use crate::span::Span;

fn ordinal_re() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    // an ordinal and `、` (or a look-alike); the title is read after it
    RE.get_or_init(|| Pattern::new(r"(一|二|三|四|五|六|七)\s*[、，,.．]\s*"))
}

/// How much of a heading's title is read.
const TITLE_CHARS: usize = 40;

/// Up to [`TITLE_CHARS`] characters of title after an ordinal, on the same line.
fn title_at(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let stop = rest
        .char_indices()
        .take(TITLE_CHARS)
        .find(|(_, c)| matches!(c, '\n' | '。' | '；' | ';' | '|' | '\t' | '<' | '>'))
        .map_or_else(
            || {
                rest.char_indices()
                    .nth(TITLE_CHARS)
                    .map_or(rest.len(), |(i, _)| i)
            },
            |(i, _)| i,
        );
    &rest[..stop]
}

/// A heading's title without blanks, on the stack: titles are read for every ordinal and `、`
/// of the text (list items of the prose too), and they are short ([`title_at`]).
struct Compact {
    buf: [u8; 4 * TITLE_CHARS],
    len: usize,
}

impl Compact {
    fn of(title: &str) -> Compact {
        let mut out = Compact {
            buf: [0; 4 * TITLE_CHARS],
            len: 0,
        };
        for c in title.chars().filter(|c| !c.is_whitespace()) {
            if out.len + c.len_utf8() > out.buf.len() {
                break;
            }
            out.len += c.encode_utf8(&mut out.buf[out.len..]).len();
        }
        out
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

/// The section an ordinal names (`七`: seed 000 numbers 其他需要报告的事项 as 七).
fn ordinal_number(ordinal: &str) -> Option<u8> {
    match ordinal {
        "一" => Some(1),
        "二" => Some(2),
        "三" => Some(3),
        "四" => Some(4),
        "五" => Some(5),
        "六" | "七" => Some(6),
        _ => None,
    }
}

/// Does the compacted title `t` read as section `number`'s, by its keywords?
fn names(number: u8, t: &str) -> bool {
    let starts = |w: &str| t.starts_with(w);
    // row labels of table 三 look like headings; they are not
    if starts("本年新收") || starts("上年结转") || starts("本年度办理结果") || starts("结转下年度")
    {
        return false;
    }
    let head = &t.as_bytes()[..t.char_indices().nth(24).map_or(t.len(), |(i, _)| i)];
    let has = |w: &str| memchr::memmem::find(head, w.as_bytes()).is_some();
    match number {
        1 => starts("总体情况") || starts("概述"),
        2 => has("主动公开"),
        3 => {
            has("申请")
                && !has("复议")
                && !has("诉讼")
                && (starts("收到") || starts("政府信息") || starts("依申请"))
        }
        4 => {
            (has("复议") || has("诉讼"))
                && (starts("政府信息公开") || starts("因政府信息") || starts("行政复议"))
        }
        5 => has("问题"),
        6 => starts("其他需要报告"),
        _ => false,
    }
}

/// The sections found in `text`, in text order; the first match of each number wins.
pub fn find_sections(text: &str) -> Vec<Section> {
    scan(text, 0).sections
}

/// More heading-like places than any report has: the text is something else (a file of
/// many reports, a generated list), and [`Outline::headings`] stops there.
pub const HEADINGS_LIMIT: usize = 200;

/// What one pass over the text's ordinals (`一、` … `七、`) finds: the sections the binders
/// read, every heading the checks of the sections' order read, and where the report ends.
/// One pass, because each ordinal's title is read and compacted once: the reader and NB006/
/// NB007 each scanned the whole text before.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// The first heading of each section under its own ordinal, in text order, none before a
    /// higher section already found, up to section 六 ([`find_sections`]).
    pub sections: Vec<Section>,
    /// Every heading of the six sections up to [`Outline::end`], each time it comes, under
    /// any ordinal, at most [`HEADINGS_LIMIT`] ([`Heading`]).
    pub headings: Vec<Heading>,
    /// Where this report ends ([`report_end`]).
    pub end: usize,
}

/// The outline of `text`, with at most `limit` [`Outline::headings`]. With `limit` 0 the scan
/// stops at section 六 and `end` is not looked for (it is then the end of the text).
pub fn scan(text: &str, limit: usize) -> Outline {
    let mut out = Outline {
        end: text.len(),
        ..Outline::default()
    };
    // where section 六 ends, once found: the next report's 一 is looked for after it
    let mut six_end: Option<usize> = None;
    // `find_iter`, not captures: the ordinal is the match's first character, and a search
    // without capture groups stays in the fast DFA
    for whole in ordinal_re().find_iter(text) {
        let done = six_end.is_some();
        if done && limit == 0 {
            break;
        }
        let ordinal = &text[whole.start()..whole.start() + '一'.len_utf8()];
        let title = title_at(text, whole.end());
        if title.chars().count() < 2 {
            continue;
        }
        let compact = Compact::of(title);
        let t = compact.text();
        let own = ordinal_number(ordinal).filter(|&n| names(n, t));
        if own == Some(1) && six_end.is_some_and(|e| whole.start() >= e) {
            out.end = whole.start();
            break;
        }
        let wanted = out.headings.len() < limit;
        // a title under another ordinal than its own is only a heading for the checks
        let number = match own {
            Some(n) => n,
            None if wanted => match (1..=6).find(|&n| names(n, t)) {
                Some(n) => n,
                None => continue,
            },
            None => continue,
        };
        let end = whole.end() + title_extent(title);
        let section = Section {
            number,
            span: Span::new(whole.start(), end),
            heading: text[whole.start()..end].trim_end().to_owned(),
        };
        if own.is_some() && !done && keeps(&out.sections, number) {
            if number == 6 {
                six_end = Some(end);
            }
            out.sections.push(section.clone());
        }
        if wanted {
            out.headings.push(Heading {
                section,
                renumbered: own.is_none(),
            });
        }
    }
    out
}

/// Is a heading of section `number` one of the sections, after those already found? The
/// first of each number is; none comes before a higher section found already (but 一).
fn keeps(found: &[Section], number: u8) -> bool {
    !found
        .iter()
        .any(|s| s.number == number || (s.number > number && number != 1))
}

/// A heading's title ends where the section's content starts: at the first `情况`/`事项` when
/// the text runs on (flattened pages), else at the end of the captured text.
fn title_extent(title: &str) -> usize {
    for end_word in ["情况", "事项", "措施", "概述"] {
        if let Some(i) = title.find(end_word) {
            return i + end_word.len();
        }
    }
    title.trim_end().len()
}

/// A section heading wherever it stands ([`Outline::headings`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub section: Section,
    /// The title is printed under another ordinal than its own (`五、其他需要报告的事项` in a
    /// report without a 五): it names the section, but only [`Outline::headings`] sees it.
    pub renumbered: bool,
}

fn year_res() -> &'static [Pattern; 2] {
    static RE: OnceLock<[Pattern; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        [
            Pattern::new(r"统计期限[^\n。]{0,6}?(20\d\d)\s*年\s*1\s*月\s*1\s*日"),
            Pattern::new(r"(20\d\d)\s*年"),
        ]
    })
}

/// The year the report is about: title, then the statistics period of the preamble, then the
/// first `20XX年` of section 一 (docs/format.md §2).
pub fn report_year(text: &str, sections: &[Section]) -> Option<u32> {
    let [period, any] = year_res();
    let parse = |c: Groups| c.get(1)?.as_str().parse::<u32>().ok();
    // title and preamble stand before the tables: a long file of many reports is not searched
    // to its end, and a later report's title does not lend this one its year
    let head = &text[..head_end(text, sections)];
    if let Some(y) = super::title::year(head) {
        return Some(y);
    }
    if let Some(y) = period.captures(head).and_then(parse) {
        return Some(y);
    }
    let s1 = sections.iter().find(|s| s.number == 1)?;
    let end = sections
        .iter()
        .find(|s| s.number == 2)
        .map_or(text.len(), |s| s.span.start);
    let start = s1.span.end.min(end);
    any.captures(&text[start..end]).and_then(parse)
}

/// Where the head of the report (title, preamble, section 一) ends: at section 二's heading, or
/// 20,000 bytes in when there is none.
pub fn head_end(text: &str, sections: &[Section]) -> usize {
    match sections.iter().find(|s| s.number == 2) {
        Some(s) => s.span.start,
        None => crate::text::floor_char_boundary(text, 20_000),
    }
}

/// Where this report ends: at the next report's section 一 heading after its own 六 (a file
/// may hold many reports, one after another), else at the end of the text. The prose checks
/// read no further: another report's years and figures are not this report's, and judging
/// them against this report's title and tables gives findings that are not so (a file of
/// consecutive years' reports drew an NB005 for every `结转至…` of the later ones).
pub fn report_end(text: &str) -> usize {
    scan(text, HEADINGS_LIMIT).end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_ends_where_the_next_begins() {
        let one = "一、总体情况\n二、主动公开政府信息情况\n六、其他需要报告的事项\n无。\n";
        let two = "一、总体情况\n结转至2026年6件。\n";
        let text = format!("{one}{two}");
        assert_eq!(report_end(&text), one.len());
        // a list item under 六 that is no section heading does not end it
        let text = format!("{one}一、加强培训。\n");
        assert_eq!(report_end(&text), text.len());
        // without a 六 the report runs to the end
        let text = "一、总体情况\n二、主动公开政府信息情况\n一、总体情况\n";
        assert_eq!(report_end(text), text.len());
    }

    #[test]
    fn one_scan_outlines_the_report() {
        // 五 dropped, 六's title printed under 五; a second report follows
        let one = "一、总体情况\n二、主动公开政府信息情况\n四、政府信息公开行政复议、行政诉讼情况\n\
                   三、收到和处理政府信息公开申请情况\n五、其他需要报告的事项\n六、其他需要报告的事项\n";
        let text = format!("{one}一、总体情况\n二、主动公开政府信息情况\n");
        let o = scan(&text, HEADINGS_LIMIT);
        let numbers = |s: &[Section]| s.iter().map(|s| s.number).collect::<Vec<_>>();
        // 三 after 四 is no section for the binders; the 六 printed under 五 neither
        assert_eq!(numbers(&o.sections), [1, 2, 4, 6]);
        let all: Vec<(u8, bool)> = o
            .headings
            .iter()
            .map(|h| (h.section.number, h.renumbered))
            .collect();
        let expected = [
            (1, false),
            (2, false),
            (4, false),
            (3, false),
            (6, true),
            (6, false),
        ];
        assert_eq!(all, expected);
        assert_eq!(o.end, one.len());
        // without headings wanted, the scan stops at 六 and looks for no end
        let bare = scan(&text, 0);
        assert_eq!(
            (bare.sections, bare.headings.len(), bare.end),
            (o.sections, 0, text.len())
        );
        // the limit bounds the headings, not the sections
        assert_eq!(scan(&text, 2).headings.len(), 2);
        assert_eq!(scan(&text, 2).sections.len(), 4);
    }

    #[test]
    fn row_labels_are_not_headings() {
        let text = "四、结转下年度继续办理 | 0 |\n四、政府信息公开行政复议、行政诉讼情况\n";
        let s = find_sections(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].number, 4);
        assert_eq!(s[0].span.start, text.find("四、政府").unwrap());
    }

    #[test]
    fn headings_inside_a_flattened_line() {
        let text = "做优做实。二、主动公开政府信息情况第二十条第（一）项信息内容";
        let s = find_sections(text);
        assert_eq!(s[0].number, 2);
        assert_eq!(s[0].heading, "二、主动公开政府信息情况");
    }

    #[test]
    fn years() {
        assert_eq!(
            report_year("长春市二道区2022年政府信息公开工作年度报告\n", &[]),
            Some(2022)
        );
        assert_eq!(
            report_year("统计期限为2025年1月1日至2025年12月31日", &[]),
            Some(2025)
        );
    }
}
