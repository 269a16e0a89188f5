//! NB509: a figure and its own breakdown in one sentence, `64件（主动公开20件、依申请公开23件、
//! 不予公开1件）`, whose parts do not add up to it. Prose against prose: no table is read.
//!
//! Only a bracket right after the figure is a breakdown, and only when every part is a label
//! and a count of the figure's unit. Brackets that say something else are left alone: what the
//! figure includes or leaves out (`含上年度结转申请34件，另有103件…`), comparisons (`同比`,
//! `较上年`, `%`), nested counts (`…其中…` inside), approximate figures. Parts in two
//! dimensions at once (`自然人15件、法人5件、网上12件`) overlap: when some of the parts already
//! make the figure, the rest are another view of it, not an error. And a list after `其中` or
//! ending with `等` may name only some parts: it is wrong only when the parts exceed the figure.

use std::ops::Range;
use std::sync::OnceLock;

use crate::checks::Code;
use crate::finding::Finding;
use crate::pattern::Pattern;

use super::{approximate, parse_number, Normalised, NUM};

/// Words in a bracket that make it something other than a breakdown.
const NOT_A_BREAKDOWN: &[&str] = &[
    "含", "包括", "另", "同比", "环比", "较", "增长", "增加", "减少", "下降", "占", "比例", "%",
    "上年", "去年", "以上", "以下", "平均",
];
/// Words that open a list of some of the parts.
const SOME_OF: &[&str] = &["其中", "主要", "如"];
/// More parts than this are not read (the overlap test tries every subset).
const MAX_PARTS: usize = 12;

fn pattern() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| Pattern::new(&format!(r"{NUM}(件|起)\(([^()]{{1,200}})\)")))
}

fn part_pattern() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| Pattern::new(&format!(r"^([^0-9]+?){NUM}(件|起)$")))
}

/// NB509 over figure sentences `prose` of `text`.
pub(super) fn check(text: &str, prose: &Normalised) -> Vec<Finding> {
    let s = &prose.s;
    let mut out = Vec::new();
    for at in windows(s) {
        let Some(cap) = pattern().captures(&s[at.clone()]) else {
            continue;
        };
        let (Some(whole), Some(num), Some(unit), Some(inside)) =
            (cap.get(0), cap.get(1), cap.get(2), cap.get(3))
        else {
            continue;
        };
        let shift = |r: Range<usize>| at.start + r.start..at.start + r.end;
        let (whole, num) = (shift(whole.range()), shift(num.range()));
        let Some(total) = parse_number(&s[num.clone()]).filter(|_| !approximate(s, num.clone()))
        else {
            continue;
        };
        let Some(parts) = Parts::read(s, shift(inside.range()), unit.as_str()) else {
            continue;
        };
        if !parts.contradict(total) {
            continue;
        }
        let quoted = prose.span(whole.start, whole.end);
        let quote: String = text[quoted.start..quoted.end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(60)
            .collect();
        out.push(Finding::new(
            Code::NB509,
            prose.span(num.start, num.end),
            format!(
                "正文“{quote}”中分项之和为{}，与所述合计{total}不一致。",
                parts.sum()
            ),
        ));
    }
    out
}

/// The sentences of `prose` (a span of `text`) that can hold a breakdown: a count, then `(`
/// once normalised (whitespace between). For the prose after the tables, which in a long
/// document is most of it: gathering every figure sentence there normalised nearly the whole
/// text on each keystroke, for a check that reads only the brackets after a count.
pub(super) fn sentences(text: &str, prose: crate::span::Span) -> Vec<(char, usize)> {
    static UNITS: OnceLock<Pattern> = OnceLock::new();
    let units = UNITS.get_or_init(|| Pattern::new("件|起"));
    let body = &text[prose.start..prose.end];
    let hits = units
        .find_iter(body)
        .map(|hit| hit.range())
        .filter(|hit| super::after_number(&body[..hit.start]) && opens_bracket(&body[hit.end..]));
    super::sentences_around(text, prose, hits)
}

/// Does `after` begin, whitespace aside, with a character that normalises to `(` (`（`, `﹙`,
/// `⑴`…)?
fn opens_bracket(after: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let Some(c) = after
        .chars()
        .find(|&c| !(c.is_whitespace() || c == '\u{3000}'))
    else {
        return false;
    };
    c == '(' || c == '（' || (!c.is_ascii() && std::iter::once(c).nfkc().next() == Some('('))
}

/// Where [`pattern`] can match in `s`: from the number before each `件(`/`起(` to the first
/// `)` after it. The pattern alone, run over the whole prose, was half the analysis of a long
/// document: its bracket of up to 200 characters outgrows the regex's cache on long texts.
/// Windows hold no other `(`, so they cannot overlap, and a match in one is the match the
/// pattern finds over the whole text.
fn windows(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let opens = s.match_indices('(').map(|(i, _)| i);
    opens.filter_map(move |open| {
        let before = &s[..open];
        let unit = before
            .strip_suffix('件')
            .or_else(|| before.strip_suffix('起'))?;
        let from = number_start(unit)?;
        let close = open + 1 + s[open + 1..].find([')', '('])?;
        (s[close..].starts_with(')')).then_some(from..close + 1)
    })
}

/// The start of the run of digits (or of Chinese numerals) `before` ends with.
fn number_start(before: &str) -> Option<usize> {
    const NUMERALS: &str = "零〇一二两三四五六七八九十百千万";
    let last = before.chars().next_back()?;
    let same = |c: char| {
        if last.is_ascii_digit() {
            c.is_ascii_digit()
        } else {
            NUMERALS.contains(c)
        }
    };
    if !same(last) {
        return None;
    }
    let run: usize = before
        .chars()
        .rev()
        .take_while(|&c| same(c))
        .map(char::len_utf8)
        .sum();
    Some(before.len() - run)
}

/// The counts of a breakdown, and whether its list may name only some parts.
struct Parts {
    counts: Vec<i64>,
    some_of: bool,
}

impl Parts {
    /// The parts of the bracket's inside (bytes `inside` of `s`), if it is a breakdown in
    /// `unit`.
    fn read(s: &str, inside: Range<usize>, unit: &str) -> Option<Parts> {
        let body = &s[inside.clone()];
        if NOT_A_BREAKDOWN.iter().any(|w| body.contains(w)) {
            return None;
        }
        let opener = SOME_OF.iter().find(|w| body.starts_with(*w));
        let list = opener
            .map_or(body, |w| &body[w.len()..])
            .trim_start_matches([',', ':']);
        // a later 其中 nests one part's own breakdown inside the list
        if list.contains("其中") {
            return None;
        }
        let items: Vec<&str> = list.split([',', ';']).collect();
        if items.len() < 2 || items.len() > MAX_PARTS {
            return None;
        }
        let mut counts = Vec::with_capacity(items.len());
        let mut offset = inside.start + (body.len() - list.len());
        for item in &items {
            counts.push(part_count(s, item, offset, unit)?);
            offset += item.len() + 1;
        }
        let some_of = opener.is_some() || list.contains('等');
        Some(Parts { counts, some_of })
    }

    fn sum(&self) -> i64 {
        self.counts.iter().sum()
    }

    /// Do the parts contradict `total`? They do when they add up to more, or (a list of every
    /// part) to less — unless some of them already make it (two views of the same figure).
    fn contradict(&self, total: i64) -> bool {
        let sum = self.sum();
        if sum == total || (sum < total && self.some_of) {
            return false;
        }
        !self.some_make(total)
    }

    /// Does a proper, non-empty subset of the parts add up to `total`?
    fn some_make(&self, total: i64) -> bool {
        let n = self.counts.len();
        (1..(1u32 << n) - 1).any(|mask| {
            let sum: i64 = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| self.counts[i])
                .sum();
            sum == total
        })
    }
}

/// The count of one part `label NUM unit` (at byte `offset` of `s`), if it is one: a label
/// without digits, one count in `unit`, not approximate.
fn part_count(s: &str, item: &str, offset: usize, unit: &str) -> Option<i64> {
    let cap = part_pattern().captures(item)?;
    let num = cap.get(2)?;
    if cap.get(3)?.as_str() != unit || approximate(s, offset + num.start()..offset + num.end()) {
        return None;
    }
    parse_number(num.as_str())
}

#[cfg(test)]
mod tests {
    use crate::finding::Finding;
    use crate::span::Span;

    fn findings(prose: &str) -> Vec<Finding> {
        let chars = super::super::figure_sentences(prose, Span::new(0, prose.len()));
        super::check(prose, &super::super::Normalised::of(&chars))
    }

    #[test]
    fn parts_that_do_not_add_up() {
        // seed 001, line 8
        let s =
            "2022年共确认区政府发文公文公开属性64件(主动公开20件、依申请公开23件、不予公开1件)。";
        let f = findings(s);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "正文“64件(主动公开20件、依申请公开23件、不予公开1件)”中分项之和为44，与所述合计64不一致。"
        );
        assert_eq!(&s[f[0].span.start..f[0].span.end], "64");
        // full-width brackets, Chinese numerals, a line break inside
        let f = findings("收到申请十二件（自然人十件、\n法人三件）。");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("分项之和为13"), "{}", f[0].message);
    }

    proptest::proptest! {
        /// The windows find exactly the matches the pattern finds over the whole text.
        #[test]
        fn windows_find_what_the_pattern_finds(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "件", "起", "(", ")", "1", "23", "十", "二", "、", "自然人", "法人", "近", "余", "x", "。",
            ]), 0..40)
        ) {
            let s: String = pieces.concat();
            let everywhere: Vec<_> = super::pattern()
                .captures_iter(&s)
                .map(|c| c.get(0).unwrap().range())
                .collect();
            let windowed: Vec<_> = super::windows(&s)
                .filter_map(|w| {
                    let c = super::pattern().captures(&s[w.clone()])?;
                    let r = c.get(0)?.range();
                    Some(w.start + r.start..w.start + r.end)
                })
                .collect();
            proptest::prop_assert_eq!(everywhere, windowed, "{}", s);
        }

        /// Reading only the sentences with a count before a bracket ([`super::sentences`])
        /// finds what reading every figure sentence does, but for a bracket that a full stop
        /// cuts (`5件(a。b3件)`): such a bracket is no breakdown of its own sentence.
        #[test]
        fn bracket_sentences_find_what_figure_sentences_find(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "件", "起", "(", "（", ")", "）", "1", "23", "十", " ", "\n", "、", "。", "收到",
                "复议", "自然人", "法人", "文件", "⑴",
            ]), 0..40)
        ) {
            let s: String = pieces.concat();
            let cut = regex::Regex::new("[(（][^()（）]*。").unwrap();
            proptest::prop_assume!(!cut.is_match(&s));
            let whole = Span::new(0, s.len());
            let all = super::super::Normalised::of(&super::super::figure_sentences(&s, whole));
            let some = super::super::Normalised::of(&super::sentences(&s, whole));
            proptest::prop_assert_eq!(super::check(&s, &all), super::check(&s, &some), "{}", s);
        }
    }

    #[test]
    fn parts_that_add_up_are_silent() {
        assert!(findings("收到申请64件（自然人44件、法人20件）。").is_empty());
        assert!(findings("行政复议3起（维持2起、纠正1起）。").is_empty());
    }

    #[test]
    fn brackets_that_are_no_breakdown() {
        // what the figure includes or leaves out (淮安 2024)
        assert!(
            findings("答复3050件(含上年度结转申请34件,另有103件顺延到下年度答复)。").is_empty()
        );
        // comparisons, percentages, another unit, one part only, nested, approximate
        assert!(findings("收到申请64件（同比增加10件、减少3件）。").is_empty());
        assert!(findings("收到申请64件（占60%、占40%）。").is_empty());
        assert!(findings("收到申请64件（网上20条、信函23条）。").is_empty());
        assert!(findings("收到申请64件（自然人20件）。").is_empty());
        assert!(findings("收到申请64件（自然人20件、法人10件其中网上5件）。").is_empty());
        assert!(findings("收到申请64余件（自然人20件、法人10件）。").is_empty());
        assert!(findings("收到申请64件（自然人20余件、法人10件）。").is_empty());
        assert!(findings("收到申请64件（2022年20件、2023年10件）。").is_empty());
    }

    #[test]
    fn overlapping_or_partial_lists() {
        // two views of the figure: 自然人 + 法人 already make it
        assert!(findings("收到申请20件（自然人15件、法人5件、网上12件）。").is_empty());
        // some of the parts: silent when they stay below the figure, wrong above it
        assert!(findings("收到申请64件（其中网上20件、信函23件）。").is_empty());
        assert_eq!(
            findings("收到申请30件（其中：网上20件、信函23件）。").len(),
            1
        );
        assert!(findings("收到申请64件（网上20件、信函23件等）。").is_empty());
        let f = findings("收到申请30件（其中网上20件、信函23件）。");
        assert_eq!(f.len(), 1);
    }
}
