//! The draft's prose: the year moved where the report states it (the title, the statistical
//! period), and every other year and figure of the prose marked for the author to rewrite.
//!
//! Only those two places are rewritten: they say which year the report is about, in words the
//! format fixes. Anything else in the prose is last year's account, and only its author knows
//! what this year's says — so it is marked, not guessed.

use std::sync::OnceLock;

use super::Change;
use crate::checks::markers::{self, CLOSE, OPEN};
use crate::model::Report;
use crate::pattern::Pattern;
use crate::span::Span;

/// The phrase every title carries after its year (as `reader::title` reads it).
const TITLE: &str = "政府信息公开工作";
const REPORT: &str = "年度报告";

/// `20XX 年 [度]` at the start of `text`: the year and how many bytes it takes (blanks after
/// `年` and `度` included).
pub(crate) fn year_at(text: &str) -> Option<(u32, usize)> {
    let digits = text.get(..4)?;
    if !(digits.starts_with("20") && digits.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let rest = text[4..].trim_start().strip_prefix('年')?;
    let after = rest.trim_start();
    let after = after.strip_prefix('度').unwrap_or(after);
    Some((digits.parse().ok()?, text.len() - after.len()))
}

/// The digits of the title's year in `head`: the first `20XX年[度]` followed, within 20
/// characters of its line and before a `。`, by `政府信息公开工作 年度报告` — the year
/// `reader::title::year` reads.
pub fn title_year(head: &str) -> Option<(Span, u32)> {
    let titles: Vec<usize> = head
        .match_indices(TITLE)
        .filter(|&(i, _)| head[i + TITLE.len()..].trim_start().starts_with(REPORT))
        .map(|(i, _)| i)
        .collect();
    if titles.is_empty() {
        // no year can come before a title (a report without a title line)
        return None;
    }
    for (at, _) in head.match_indices("20") {
        let Some((year, len)) = year_at(&head[at..]) else {
            continue;
        };
        let from = at + len;
        let title = *titles.iter().find(|&&t| t >= from)?;
        let gap = &head[from..title];
        if !gap.contains(['\n', '。']) && gap.chars().count() <= 20 {
            return Some((Span::new(at, at + 4), year));
        }
    }
    None
}

/// A year the text states: its four digits and their value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct YearAt {
    pub span: Span,
    pub year: u32,
}

/// The statistical period's phrase and every `20XX年` in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Period {
    pub phrase: Span,
    pub years: Vec<YearAt>,
}

/// The statistical period (`统计期限自2024年1月1日起至2024年12月31日止`) in `head`: the phrase,
/// up to its `。` or the end of its line, and every `20XX年` in it. A phrase whose line ends
/// before its end date (`12月31日`, `止`) goes on over one line break: PDF text wraps the
/// sentence (`统计期限自 2024 年 1 月 1 日\n起至 2024 年 12 月 31 日止。`).
pub(crate) fn period_of(head: &str) -> Option<Period> {
    // the first `统计` that one of the words continues: one pass over the head, not one per word
    let start = memchr::memmem::find_iter(head.as_bytes(), "统计").find(|&at| {
        let rest = &head[at + "统计".len()..];
        ["期限", "时限", "期间", "区间", "时间"]
            .iter()
            .any(|w| rest.starts_with(w))
    })?;
    let end = start + phrase_len(&head[start..]);
    let phrase = &head[start..end];
    let years = phrase
        .match_indices("20")
        .filter(|&(i, _)| !phrase[..i].ends_with(|c: char| c.is_ascii_digit()))
        .filter_map(|(i, _)| {
            let (year, _) = year_at(&phrase[i..])?;
            let span = Span::new(start + i, start + i + 4);
            Some(YearAt { span, year })
        })
        .collect();
    Some(Period {
        phrase: Span::new(start, end),
        years,
    })
}

/// How far the period's phrase at the start of `rest` goes: to its `。`, or the end of its
/// line — of the next line when its own has not reached the end date.
fn phrase_len(rest: &str) -> usize {
    let stop = rest.find('。').unwrap_or(rest.len());
    let Some(line_end) = rest[..stop].find('\n') else {
        return stop;
    };
    let line: String = rest[..line_end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if line.contains("12月31日") || line.contains('止') {
        return line_end;
    }
    let next = &rest[line_end + 1..stop];
    line_end + 1 + next.find('\n').unwrap_or(next.len())
}

/// The statistical period in `head` ([`period_of`]): the phrase, and the digits of each `from`
/// year in it.
pub fn period(head: &str, from: u32) -> Option<(Span, Vec<Span>)> {
    let p = period_of(head)?;
    let years = p.years.iter().filter(|y| y.year == from).map(|y| y.span);
    Some((p.phrase, years.collect()))
}

/// Where the prose is: the head (title, preamble, section 一: up to section 二's heading, or
/// the first table) and the end (from section 五's heading, else 六's, to the end of `text`:
/// callers pass the text up to [`report_end`](crate::reader::sections::report_end)). The
/// tables between are not prose.
pub fn regions(text: &str, report: &Report) -> Vec<Span> {
    let heading = |n: u8| {
        report
            .sections
            .iter()
            .find(|s| s.number == n)
            .map(|s| s.span)
    };
    let first_table = report.tables.iter().map(|t| t.span.start).min();
    let head_end = heading(2)
        .map(|s| s.start)
        .or(first_table)
        .unwrap_or(text.len());
    let mut out = vec![Span::new(0, head_end)];
    if let Some(tail) = heading(5).or(heading(6)) {
        let last_table = report.tables.iter().map(|t| t.span.end).max().unwrap_or(0);
        let start = tail.start.max(last_table).max(head_end);
        out.push(Span::new(start.min(text.len()), text.len()));
    }
    out
}

/// A year (`2024年`, `2024年度`, `２０２４年`, `二〇二四年`) or a figure with its measure word
/// (`59件`, `286条`, `2次`, `12.6万元`, `100%`, `十七件`).
fn phrases() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(concat!(
            r"(?:19|20)[0-9]{2}\s*年度?|[１２][０９][０-９]{2}年度?|[一二][〇零九][〇零一二三四五六七八九]{2}年度?",
            r"|[0-9０-９]+(?:[.,．][0-9０-９]+)*\s*(?:余|多)?\s*",
            r"(?:人次|万元|件|条|次|个|项|篇|期|场|份|家|名|起|元|户|批|%|％)",
            r"|[零〇一二两三四五六七八九十百千万]+[件起]",
        ))
    })
}

/// What follows a count that is no figure of the year: a statutory time limit (`20个工作日`),
/// the format's parts (`共分6个部分`).
const FIXED_AFTER: [&str; 2] = ["工作日", "部分"];

/// One marker around each year and figure of `regions`, except inside `keep` (what was moved to
/// the new year) and inside markers already there (a draft of a draft), and not the counts
/// that are no figure of the year ([`FIXED_AFTER`]).
pub fn mark(text: &str, regions: &[Span], keep: &[Span]) -> Vec<Change> {
    let mut keep = keep.to_vec();
    keep.extend(markers::spans(text));
    let mut out = Vec::new();
    for region in regions {
        let body = &text[region.start..region.end];
        for hit in phrases().find_iter(body) {
            let span = Span::new(region.start + hit.start(), region.start + hit.end());
            let trimmed = text[span.start..span.end].trim_end();
            let span = Span::new(span.start, span.start + trimmed.len());
            let after = &text[span.end..];
            if keep.iter().any(|k| k.overlaps(span))
                || FIXED_AFTER.iter().any(|w| after.starts_with(w))
            {
                continue;
            }
            // a digit run is marked whole: `2024` of `A2024件` or `12` of `3.12件` is no figure
            let before = text[..span.start].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.') {
                continue;
            }
            out.push(Change::insert(span.start, OPEN, false));
            out.push(Change::insert(span.end, &CLOSE.to_string(), true));
        }
    }
    out
}

/// Move the report's year `from` to `from + 1` where the text states it: the title's year and
/// the statistical period's, or — when neither states it and the reader took the year from
/// section 一's first `20XX年` — that one, marked with the year it was (`2025年【待更新：原为
/// 2024年】`), the only prose rewritten. Returns the changes and the stretches the markers must
/// leave alone.
pub fn move_year(text: &str, report: &Report, from: u32) -> (Vec<Change>, Vec<Span>) {
    let to = (from + 1).to_string();
    let head_end = crate::reader::sections::head_end(text, &report.sections);
    let head = &text[..head_end];
    let mut changes = Vec::new();
    let mut keep = Vec::new();
    if let Some((span, year)) = title_year(head).filter(|&(_, y)| y == from) {
        debug_assert_eq!(year, from);
        changes.push(Change::replace(span, &to));
        keep.push(span);
    }
    if let Some((phrase, years)) = period(head, from) {
        changes.extend(years.into_iter().map(|s| Change::replace(s, &to)));
        keep.push(phrase);
    }
    if changes.is_empty() {
        if let Some(span) = first_year_of_section_one(text, report, from) {
            let was = format!("{to}年{OPEN}原为{from}年{CLOSE}");
            changes.push(Change::replace(span, &was));
            keep.push(span);
        }
    }
    (changes, keep)
}

/// The first `20XX年` of section 一 (where the reader reads the year when title and period do
/// not give it), when it is `from`.
fn first_year_of_section_one(text: &str, report: &Report, from: u32) -> Option<Span> {
    let s1 = report.sections.iter().find(|s| s.number == 1)?;
    let end = report
        .sections
        .iter()
        .find(|s| s.number == 2)
        .map_or(text.len(), |s| s.span.start);
    let body = &text[s1.span.end.min(end)..end];
    let at = body
        .match_indices("20")
        .find_map(|(i, _)| year_at(&body[i..]).map(|(y, _)| (i, y)))?;
    let start = s1.span.end.min(end) + at.0;
    let len = body[at.0 + 4..].find('年')? + 4 + '年'.len_utf8();
    (at.1 == from).then(|| Span::new(start, start + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The period starts at the first of its five words, as searching for each word and
        /// taking the first did.
        #[test]
        fn the_period_starts_at_the_first_of_its_words(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "统计", "期限", "时限", "期间", "区间", "时间", "统", "计", "2024年", "。", "\n",
            ]), 0..16)
        ) {
            let head: String = pieces.concat();
            let first = ["统计期限", "统计时限", "统计期间", "统计区间", "统计时间"]
                .iter()
                .filter_map(|w| head.find(w))
                .min();
            proptest::prop_assert_eq!(period_of(&head).map(|p| p.phrase.start), first);
        }
    }

    #[test]
    fn the_title_year() {
        let head = "某县人民政府2023年政府信息公开工作年度报告\n本报告……";
        let (span, y) = title_year(head).unwrap();
        assert_eq!((&head[span.start..span.end], y), ("2023", 2023));
        let head = "根据规定,现公布2022年二道区人民政府信息公开工作年度报告";
        assert_eq!(title_year(head).unwrap().1, 2022);
        assert!(title_year("2021年某县\n政府信息公开工作年度报告").is_none());
        assert_eq!(
            title_year("    2024 年政府信息公开工作年度报告").unwrap().1,
            2024
        );
    }

    #[test]
    fn the_period() {
        let head = "统计期限自2024年1月1日起至2024年12月31日止。2024年全年";
        let (phrase, years) = period(head, 2024).unwrap();
        assert!(head[phrase.start..phrase.end].ends_with("止"));
        assert_eq!(years.len(), 2);
        let head = "统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日";
        assert_eq!(period(head, 2024).unwrap().1.len(), 2);
        // wrapped before its end date: read on the next line, not past it
        let head = "统计期限自 2024 年 1 月 1 日\n起至 2024 年 12 月 31 日止\n2024年，某县";
        assert_eq!(period(head, 2024).unwrap().1.len(), 2);
        let head = "统计期限为2024年1月1日至2024年12月31日\n2024年，某县";
        assert_eq!(period(head, 2024).unwrap().1.len(), 2);
        // every year, whatever it is
        let years = period_of("统计时限为2023年1月1日至2024年12月31日。")
            .unwrap()
            .years;
        let years: Vec<u32> = years.iter().map(|y| y.year).collect();
        assert_eq!(years, [2023, 2024]);
    }

    fn marked(text: &str) -> String {
        let changes = mark(text, &[Span::new(0, text.len())], &[]);
        super::super::apply(text, &changes)
    }

    #[test]
    fn years_and_figures_are_marked() {
        assert_eq!(
            marked("2023年,收到申请59件,办结率100%,20个工作日内答复。"),
            "【待更新：2023年】,收到申请【待更新：59件】,办结率【待更新：100%】,20个工作日内答复。"
        );
        assert_eq!(
            marked("公开信息1,286条、十七件"),
            "公开信息【待更新：1,286条】、【待更新：十七件】"
        );
        assert_eq!(
            marked("国办公开办函〔2021〕30号"),
            "国办公开办函〔2021〕30号"
        );
        // already marked: not again
        assert_eq!(marked("【待更新：2023年】"), "【待更新：2023年】");
    }
}
