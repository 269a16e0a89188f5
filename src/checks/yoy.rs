//! NB511: year-over-year changes stated in the prose (`申请数量较去年回落12.3%`,
//! `行政复议案件较上年增加2件`) against this year's and last year's tables.
//!
//! Two halves, because last year's report is known only to the front ends' pairing
//! (`corpus::years`): [`statements`] reads what the prose claims when a report is analysed (kept
//! on the `Analysis`, small, so a batch need not hold the texts), and [`check`] compares the
//! claims with both reports once a pair is made (`crossyear::compare`).
//!
//! Precision first, as in `narrative.rs`, whose sentence pieces are reused: a claim is kept
//! only when its subject is one figure of the tables without doubt (收到/新收申请, 予以公开,
//! 行政复议, 行政诉讼), the clause is not scoped to others or approximate, and the comparison is
//! with last year. A sentence that also states this year's figure must state the table's, or
//! the subject is not what it seems and the claim is dropped (a wrong figure is NB501's).

use std::sync::OnceLock;

use serde::Serialize;

use super::markers;
use super::narrative::{self, Normalised, APPROX_BEFORE, PART_OF, SCOPED};
use crate::analysis::Analysis;
use crate::checks::Code;
use crate::crossyear::CrossFinding;
use crate::finding::{Finding, Related};
use crate::model::{Report, Table};
use crate::pattern::{Groups, Pattern};
use crate::span::Span;
use crate::template::{CellRef, TableKind};

/// The figure a sentence speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Subject {
    /// 一、本年新收 总计.
    New,
    /// （一）予以公开 总计.
    Granted,
    /// 行政复议 总计.
    Review,
    /// 行政诉讼: 未经复议直接起诉 + 复议后起诉, 总计.
    Suit,
}

impl Subject {
    /// The table and the rows whose 总计 cells the figure sums.
    fn rows(self) -> (TableKind, &'static [&'static str]) {
        match self {
            Subject::New => (TableKind::S3, &["s3.new"]),
            Subject::Granted => (TableKind::S3, &["s3.granted"]),
            Subject::Review => (TableKind::S4, &["s4.review"]),
            Subject::Suit => (TableKind::S4, &["s4.suit_direct", "s4.suit_after"]),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Subject::New => "新收政府信息公开申请",
            Subject::Granted => "予以公开",
            Subject::Review => "行政复议案件",
            Subject::Suit => "行政诉讼案件",
        }
    }
}

/// Which way the sentence says the figure moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    Up,
    Down,
}

/// How much, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Amount {
    /// `N件`, `N起`.
    Count(i64),
    /// `12.3%` is `digits` 123 with `decimals` 1: it stands for 12.25 to 12.35.
    Percent { digits: i64, decimals: u32 },
}

/// One stated change of one figure against last year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    pub subject: Subject,
    /// `较2022年`: the year named; `None` for 去年, 上年, 同比.
    pub against: Option<u32>,
    /// This year's figure when the sentence states it too.
    pub now: Option<i64>,
    /// Last year's figure when the sentence states it (`较上年的98件增加22件`).
    pub before: Option<i64>,
    pub direction: Direction,
    pub amount: Amount,
    /// The comparison, from `较` through the amount.
    pub span: Span,
    /// The words, for the message.
    pub quote: String,
}

const NUM: &str = r"([0-9]+|[零〇一二两三四五六七八九十百千万]+)";

/// Comparison (year in group 1), last year's figure (2), direction (3), approximation (4),
/// amount (5), unit (6).
fn change_pattern() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        let against = r"(?:(?:较|比)(?:去年|上一?年度?|([0-9]{4})年度?)(?:同期)?|与(?:去年|上一?年度?|([0-9]{4})年度?)(?:同期)?相比,?|同比)";
        Pattern::new(&format!(
            r"{against}(?:的?{NUM}(?:件|起))?{DIRECTION}了?(约|近|超过|逾)?([0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+)(件|起|%|个百分点|倍|成)?"
        ))
    })
}

const DIRECTION: &str = "(增加|增长|上升|提高|增多|减少|下降|回落|降低|下滑)";

/// A second amount right after the first: `较上年增加20件，增长25%`.
fn second_pattern() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(&format!(
            r"^,{DIRECTION}了?()([0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+)(件|起|%|个百分点|倍|成)?"
        ))
    })
}

/// The comparisons stated in the prose of `report`'s text (the text before section 二, as
/// for NB501–NB508). In a draft the marked prose is last year's and is not read.
pub fn statements(text: &str, report: &Report) -> Vec<Statement> {
    let masked = markers::is_draft(text).then(|| markers::mask(text));
    let text = masked.as_deref().unwrap_or(text);
    let headings: Vec<Span> = report.sections.iter().map(|s| s.span).collect();
    let prose = Normalised::of(&comparison_sentences(
        text,
        narrative::prose_span(text, report),
        &headings,
    ));
    let mut out = Vec::new();
    for caps in change_pattern().captures_iter(&prose.s) {
        out.extend(statements_at(&prose, &caps));
    }
    out
}

/// The characters (with offsets) of the sentences that hold a comparison with another year,
/// each closed by a terminator so that none runs into the next. A section heading ends a
/// sentence too: `一、总体情况` has no full stop, and its words are no subject.
fn comparison_sentences(text: &str, prose: Span, headings: &[Span]) -> Vec<(char, usize)> {
    static WORDS: OnceLock<Pattern> = OnceLock::new();
    let words = WORDS.get_or_init(|| Pattern::new(r"同比|[较比与]\s*(?:去|上|[0-9０-９]{4})"));
    let body = &text[prose.start..prose.end];
    let mut chars = Vec::new();
    let mut taken = 0;
    for hit in words.find_iter(body) {
        if hit.start() < taken {
            continue;
        }
        let after_heading = headings
            .iter()
            .map(|h| h.end.saturating_sub(prose.start))
            .filter(|&e| e <= hit.start())
            .max()
            .unwrap_or(0);
        let start = narrative::last_terminator_end(&body[..hit.start()]).max(after_heading);
        let end = narrative::next_terminator_end(body, hit.end());
        chars.extend(
            body[start..end]
                .char_indices()
                .map(|(j, c)| (c, prose.start + start + j)),
        );
        if !body[..end]
            .chars()
            .next_back()
            .is_some_and(narrative::is_terminator)
        {
            chars.push(('。', prose.start + end));
        }
        taken = end;
    }
    chars
}

/// The statements of one comparison (one, or two with a second amount), if its subject is
/// clear and its figures are this organ's and exact.
fn statements_at(prose: &Normalised, caps: &Groups) -> Vec<Statement> {
    let s = &prose.s;
    let whole = caps.get(0).expect("group 0");
    let sentence = sentence_start(s, whole.start());
    let clause = &s[sentence..whole.start()];
    if SCOPED.iter().chain(PART_OF).any(|w| clause.contains(w)) || s[sentence..].contains("分别")
    {
        return Vec::new();
    }
    if s[whole.end()..].starts_with("左右") {
        return Vec::new();
    }
    let Some(Subjected { subject, now, from }) = subject_of(&s[sentence..whole.start()]) else {
        return Vec::new();
    };
    let from = sentence + from;
    let against = caps
        .get(1)
        .or(caps.get(2))
        .and_then(|y| y.as_str().parse().ok());
    let before = caps
        .get(3)
        .and_then(|n| narrative::parse_number(n.as_str()));
    let base = Statement {
        subject,
        against,
        now,
        before,
        direction: Direction::Up,
        amount: Amount::Count(0),
        span: prose.span(whole.start(), whole.end()),
        quote: quote(s, from, whole.end()),
    };
    let mut out = Vec::new();
    let Some(first) = change(caps, 4) else {
        return out;
    };
    out.push(base.clone().with(first));
    if let Some(next) = second_pattern().captures(&s[whole.end()..]) {
        if let Some(second) = change(&next, 1) {
            let end = whole.end() + next.get(0).expect("group 0").end();
            out.push(
                Statement {
                    span: prose.span(whole.start(), end),
                    quote: quote(s, from, end),
                    ..base
                }
                .with(second),
            );
        }
    }
    out
}

impl Statement {
    fn with(mut self, (direction, amount): (Direction, Amount)) -> Statement {
        self.direction = direction;
        self.amount = amount;
        self
    }
}

/// Direction and amount from the groups starting at `at` (direction, approximation, amount,
/// unit); `None` for an approximate amount or a unit that is no count or percentage
/// (个百分点, 倍, 成, none).
fn change(caps: &Groups, at: usize) -> Option<(Direction, Amount)> {
    let direction = match caps.get(at)?.as_str() {
        "增加" | "增长" | "上升" | "提高" | "增多" => Direction::Up,
        _ => Direction::Down,
    };
    if caps.get(at + 1).is_some_and(|a| !a.is_empty()) {
        return None;
    }
    let number = caps.get(at + 2)?.as_str();
    let amount = match caps.get(at + 3)?.as_str() {
        "件" | "起" => Amount::Count(narrative::parse_number(number)?),
        "%" => percent(number)?,
        _ => return None,
    };
    Some((direction, amount))
}

/// `12.3` → 123 with 1 decimal (at most 4 decimals).
fn percent(number: &str) -> Option<Amount> {
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if frac.len() > 4 || int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Amount::Percent {
        digits: format!("{int}{frac}").parse().ok()?,
        decimals: frac.len() as u32,
    })
}

/// Byte offset where the sentence holding `at` starts in the normalised prose.
fn sentence_start(s: &str, at: usize) -> usize {
    s[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | ';' | '!' | '?'))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// At most 40 characters from the subject's clause, ending at `end`.
fn quote(s: &str, from: usize, end: usize) -> String {
    let text = &s[from..end];
    let n = text.chars().count();
    text.chars().skip(n.saturating_sub(40)).collect()
}

/// A comparison's subject, this year's figure if the clause states it, and where the clause
/// starts (a byte offset in the words before the comparison).
struct Subjected {
    subject: Subject,
    now: Option<i64>,
    from: usize,
}

/// The subject of a comparison from the words before it in its sentence: the clause it sits
/// in, or, when the comparison opens its clause (`…申请120件,较上年增加20件`), the clause
/// before. The clause must name exactly one figure, and hold at most one count (this year's,
/// returned with it); an approximate count leaves the subject unclear.
fn subject_of(before: &str) -> Option<Subjected> {
    let clause_start = |s: &str| s.rfind(',').map_or(0, |i| i + 1);
    let mut from = clause_start(before);
    if from == before.len() && from > 0 {
        from = clause_start(&before[..from - 1]);
    }
    let clause = before[from..].trim_end_matches(',');
    Some(Subjected {
        subject: one_subject(clause)?,
        now: stated_count(clause)?,
        from,
    })
}

/// The one figure a clause names, if it names one.
fn one_subject(clause: &str) -> Option<Subject> {
    const OTHERS: &[&str] = &[
        "办结",
        "答复",
        "办理",
        "结转",
        "部分公开",
        "不予公开",
        "主动公开",
        "率",
    ];
    if OTHERS.iter().any(|w| clause.contains(w)) {
        return None;
    }
    let new = ["新收", "收到", "受理", "接收"]
        .iter()
        .any(|w| clause.contains(w))
        && clause.contains("申请")
        || ["申请数量", "申请量", "申请总量", "申请件数", "申请总数"]
            .iter()
            .any(|w| clause.contains(w));
    let found = [
        (new, Subject::New),
        (clause.contains("予以公开"), Subject::Granted),
        (clause.contains("复议"), Subject::Review),
        (clause.contains("诉讼"), Subject::Suit),
    ];
    let mut named = found.iter().filter(|(yes, _)| *yes).map(|(_, s)| *s);
    match (named.next(), named.next()) {
        (Some(s), None) => Some(s),
        _ => None,
    }
}

/// This year's count in a subject clause: `Some(None)` when there is none, `Some(Some(n))`
/// for one exact count, `None` (unclear) for several or an approximate one.
fn stated_count(clause: &str) -> Option<Option<i64>> {
    static RE: OnceLock<Pattern> = OnceLock::new();
    let re = RE.get_or_init(|| Pattern::new(&format!("{NUM}(?:件|起)")));
    let mut counts = re.captures_iter(clause);
    let Some(first) = counts.next() else {
        return Some(None);
    };
    if counts.next().is_some() {
        return None;
    }
    let num = first.get(1)?;
    let approx = APPROX_BEFORE
        .iter()
        .any(|w| clause[..num.start()].ends_with(w))
        || clause[num.end()..].starts_with(['余', '多']);
    if approx {
        return None;
    }
    narrative::parse_number(num.as_str()).map(Some)
}

/// A figure of one report: its value and its cells.
struct Figure {
    value: i64,
    cells: Vec<CellRef>,
    table: TableKind,
}

/// `subject`'s figure in `report`, when every cell of it is known.
fn figure(report: &Report, subject: Subject) -> Option<Figure> {
    let (kind, rows) = subject.rows();
    let table = report.table(kind)?;
    let cells = total_cells(table, rows)?;
    let value = cells
        .iter()
        .map(|&c| table.cell(c).and_then(crate::crossyear::filled))
        .sum::<Option<i64>>()?;
    Some(Figure {
        value,
        cells,
        table: kind,
    })
}

fn total_cells(table: &Table, rows: &[&str]) -> Option<Vec<CellRef>> {
    let col = table
        .template
        .columns
        .iter()
        .position(|c| c.id == "total")?;
    rows.iter()
        .map(|r| {
            Some(CellRef {
                row: table.template.row_index(r)?,
                col,
            })
        })
        .collect()
}

/// NB511: every statement of `this` report's prose against `this` year's tables and `last`
/// year's (the caller pairs them). A statement naming another year than `last`'s is not
/// compared, nor one whose figure is unknown in either table.
pub fn check(this: &Analysis, last: &Analysis) -> Vec<CrossFinding> {
    let Some(last_year) = last.report.year else {
        return Vec::new();
    };
    this.yoy
        .iter()
        .filter(|s| s.against.is_none_or(|y| y == last_year))
        .filter_map(|s| compare(s, &this.report, &last.report, last_year))
        .collect()
}

/// One statement against both years' figures: a finding when it does not hold.
fn compare(s: &Statement, this: &Report, last: &Report, last_year: u32) -> Option<CrossFinding> {
    let now = figure(this, s.subject)?;
    let before = figure(last, s.subject)?;
    if s.now.is_some_and(|n| n != now.value) {
        return None;
    }
    // last year's figure as stated is judged only when this year's confirms the subject
    let before_ok = s
        .before
        .is_none_or(|b| b == before.value || s.now.is_none());
    if before_ok && holds(s, now.value, before.value)? {
        return None;
    }
    Some(finding(s, &now, &before, this, last, last_year))
}

/// Whether the stated direction and amount fit `now` against `before`; `None` when it cannot
/// be told (a percentage of nothing).
fn holds(s: &Statement, now: i64, before: i64) -> Option<bool> {
    let delta = now - before;
    let direction = match s.direction {
        Direction::Up => delta > 0,
        Direction::Down => delta < 0,
    };
    let amount = match s.amount {
        Amount::Count(n) => delta.abs() == n,
        Amount::Percent { digits, decimals } => {
            if before <= 0 {
                return None;
            }
            let scale = 10i128.pow(decimals);
            let off =
                i128::from(delta.abs()) * 100 * scale - i128::from(digits) * i128::from(before);
            2 * off.abs() <= i128::from(before)
        }
    };
    Some(direction && amount || delta == 0 && s.amount.is_zero())
}

impl Amount {
    fn is_zero(self) -> bool {
        matches!(self, Amount::Count(0) | Amount::Percent { digits: 0, .. })
    }
}

/// The change in words: `增加20件（增长25.0%）`, `持平`; the percentage to as many decimals as
/// the statement wrote (at least one).
fn computed(s: &Statement, now: i64, before: i64) -> String {
    let delta = now - before;
    if delta == 0 {
        return "持平".to_owned();
    }
    let (more, rise) = if delta > 0 {
        ("增加", "增长")
    } else {
        ("减少", "下降")
    };
    let mut out = format!("{more}{}件", delta.abs());
    if before > 0 {
        let decimals = match s.amount {
            Amount::Percent { decimals, .. } => decimals.max(1) as usize,
            Amount::Count(_) => 1,
        };
        let pct = delta.abs() as f64 * 100.0 / before as f64;
        out.push_str(&format!("（{rise}{pct:.decimals$}%）"));
    }
    out
}

fn finding(
    s: &Statement,
    now: &Figure,
    before: &Figure,
    this: &Report,
    last: &Report,
    last_year: u32,
) -> CrossFinding {
    let label = s.subject.label();
    let message = format!(
        "正文“{}”与两年报告的表格不符：本年度{label}{}件，{last_year}年度{}件，实际{}。",
        s.quote,
        now.value,
        before.value,
        computed(s, now.value, before.value)
    );
    let cell = |r: &Report, f: &Figure, i: usize| {
        r.table(f.table)
            .and_then(|t| t.cell(f.cells[i]))
            .map(|c| c.span)
    };
    let related = (0..now.cells.len())
        .filter_map(|i| cell(this, now, i))
        .map(|span| Related {
            span,
            message: format!("本年度表格中的数值（{label}）"),
        })
        .collect();
    CrossFinding {
        finding: Finding::new(Code::NB511, s.span, message).with_related(related),
        other_span: cell(last, before, 0).unwrap_or_default(),
        other_value: before.value,
        note: format!("{last_year}年度报告表格中{label}为{}", before.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(prose: &str) -> Vec<Statement> {
        let text = format!("某某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n{prose}\n二、主动公开政府信息情况\n");
        let a = crate::analyse(&text);
        a.yoy
    }

    #[test]
    fn comparisons_are_read_with_their_subject() {
        let s = read("本年度共收到政府信息公开申请120件，较上年增加20件，增长20%。");
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].subject, Subject::New);
        assert_eq!(s[0].now, Some(120));
        assert_eq!(s[0].amount, Amount::Count(20));
        assert_eq!(
            s[1].amount,
            Amount::Percent {
                digits: 20,
                decimals: 0
            }
        );
        let s = read("申请数量较去年回落12.3%。");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].direction, Direction::Down);
        assert_eq!(
            s[0].amount,
            Amount::Percent {
                digits: 123,
                decimals: 1
            }
        );
        let s = read("行政复议案件3起，较2022年减少2起。");
        assert_eq!((s[0].subject, s[0].against), (Subject::Review, Some(2022)));
        let s = read("被提起行政诉讼5件，同比下降１０％。");
        assert_eq!(s[0].subject, Subject::Suit);
    }

    #[test]
    fn unclear_scoped_or_approximate_comparisons_are_not_read() {
        for prose in [
            "全区共收到申请500件，较上年增加50件。",
            "行政复议和行政诉讼案件共5件，较上年减少2件。",
            "共计120件，较上年增加20件。",
            "主动公开政府信息3000条，较上年增加200条。",
            "申请办结率较上年提高5个百分点。",
            "收到申请约120件，较上年增加20件。",
            "收到申请120件，较上年增加约20件。",
            "其中自然人申请110件，较上年增加20件。",
            "收到申请和行政复议分别较上年增加2件、1件。",
            "依申请公开答复120件，较上年增加20件。",
        ] {
            assert!(read(prose).is_empty(), "{prose}: {:?}", read(prose));
        }
    }

    fn statement(direction: Direction, amount: Amount) -> Statement {
        Statement {
            subject: Subject::New,
            against: None,
            now: None,
            before: None,
            direction,
            amount,
            span: Span::default(),
            quote: String::new(),
        }
    }

    #[test]
    fn rounding_is_as_written() {
        let pct = |digits, decimals| Amount::Percent { digits, decimals };
        let down = |a| statement(Direction::Down, a);
        // 877 against 1000: down 12.3%
        assert_eq!(holds(&down(pct(123, 1)), 877, 1000), Some(true));
        assert_eq!(holds(&down(pct(12, 0)), 877, 1000), Some(true));
        assert_eq!(holds(&down(pct(124, 1)), 877, 1000), Some(false));
        // 12.35% is at the edge of 12.3 (±0.05) and of 12.4
        assert_eq!(holds(&down(pct(123, 1)), 8765, 10000), Some(true));
        assert_eq!(holds(&down(pct(124, 1)), 8765, 10000), Some(true));
        assert_eq!(holds(&down(pct(122, 1)), 8765, 10000), Some(false));
        // the direction counts; a percentage of nothing cannot be told
        assert_eq!(
            holds(&statement(Direction::Up, pct(123, 1)), 877, 1000),
            Some(false)
        );
        assert_eq!(holds(&down(pct(10, 0)), 0, 0), None);
        assert_eq!(holds(&down(Amount::Count(3)), 7, 10), Some(true));
        assert_eq!(holds(&down(Amount::Count(3)), 10, 7), Some(false));
    }
}
