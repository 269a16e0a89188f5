//! NB005: the report's year, everywhere the text states it in words whose meaning is fixed.
//!
//! The title names the year (`…2023年政府信息公开工作年度报告`). A report written over last
//! year's text (the usual way one is written) keeps last year's year wherever the author did
//! not look again. Each place below states a year whose intended value follows from the
//! title's (this year, the one before or the one after), and is compared with it:
//!
//! - the statistical period (`统计期限自2023年1月1日起至2023年12月31日止`): the years of its
//!   dates, found as the draft finds them to move them ([`crate::draft::prose::period_of`]);
//! - the opening of section 一 (`一、总体情况\n2023年，本机关…`): the overview starts with the
//!   report's year — by custom, not by the form, so its fix is only suggested;
//! - a year tied in brackets to the report's year or the one before (`本年度（2023年）`,
//!   `上年（2022年）`, `2022年（上年）`). Not `今年`/`去年`: the report is written in the next
//!   year, and they may count from then (section 五's `今年（2024年）` plans);
//! - where the year's open applications go (`结转至2024年继续办理`, `结转至2024年6件`): the
//!   next year, when nothing before it in the clause names another year (`上年度结转至2023年`).
//!
//! Precision first: a warning a reviewer must dismiss costs trust. Any other year of the prose
//! (`2019年修订的《条例》`, the date of an event, section 五's plans for next year, a sentence
//! opening in the middle of 一) may be any year and is not read. Without a title there is no
//! check: the title is what says which year the report is about.

use std::sync::OnceLock;

use crate::checks::Code;
use crate::draft::prose::{period_of, regions, title_year, year_at, YearAt};
use crate::finding::{Applicability, Edit, Finding, Fix, Related};
use crate::model::Report;
use crate::pattern::{Groups, Pattern};
use crate::reader::sections::head_end;
use crate::span::Span;

/// Which year a statement must give, given the title's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    This,
    Last,
    Next,
}

impl Meaning {
    fn year(self, title: u32) -> u32 {
        match self {
            Meaning::This => title,
            Meaning::Last => title - 1,
            Meaning::Next => title + 1,
        }
    }
}

/// Where a statement of the year stands, which says what it means and how it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Period,
    Opening,
    /// A year in brackets beside 本年/上年 (or the word in brackets beside the year): the
    /// words as printed.
    Tied {
        words: String,
        meaning: Meaning,
    },
    /// `结转至2024年…`: the words as printed.
    CarriedTo {
        words: String,
    },
}

impl Kind {
    fn meaning(&self) -> Meaning {
        match self {
            Kind::Period | Kind::Opening => Meaning::This,
            Kind::Tied { meaning, .. } => *meaning,
            Kind::CarriedTo { .. } => Meaning::Next,
        }
    }

    /// Is the year this place must give certain from its words (the period, 本年/上年, 结转),
    /// rather than customary (the opening)? Only then may a fix be safe.
    fn certain(&self) -> bool {
        !matches!(self, Kind::Opening)
    }

    /// The finding's message: what the text says against the title, and the year it must be
    /// when that is not the title's.
    fn message(&self, stated: u32, title: u32) -> String {
        let against = format!("报告标题为{title}年度");
        let want = self.meaning().year(title);
        match self {
            Kind::Period => format!("统计期限写的是{stated}年，{against}。"),
            Kind::Opening => format!("第一部分“总体情况”开头写的是{stated}年，{against}。"),
            Kind::Tied { words, meaning } => match meaning {
                Meaning::This => format!("“{words}”写的是{stated}年，{against}。"),
                _ => format!("“{words}”写的是{stated}年，{against}，上年应为{want}年。"),
            },
            Kind::CarriedTo { words } => {
                format!("“{words}”写的是{stated}年，{against}，结转的下一年度应为{want}年。")
            }
        }
    }
}

/// A place the text states the year: what kind of place, and the years it states there (a
/// period states two).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Statement {
    kind: Kind,
    years: Vec<YearAt>,
}

/// NB005 for a report read from `text` (in a draft, its markers masked: what they hold is
/// last year's on purpose).
pub fn check(text: &str, report: &Report) -> Vec<Finding> {
    let head = &text[..head_end(text, &report.sections).min(text.len())];
    let Some((span, year)) = title_year(head) else {
        return Vec::new();
    };
    let title = YearAt { span, year };
    let mut found = Vec::new();
    found.extend(period(head));
    found.extend(opening(text, report));
    for region in regions(text, report) {
        found.extend(tied(text, region));
        found.extend(carried(text, region));
    }
    found.iter().filter_map(|s| finding(s, title)).collect()
}

/// The statistical period's years that are one of its dates (`2023年1月1日`, `2023年12月31
/// 日`): another year in its sentence (when the report was published, a year compared with) is
/// not the period's.
fn period(head: &str) -> Option<Statement> {
    let p = period_of(head)?;
    let years: Vec<YearAt> = p
        .years
        .into_iter()
        .filter(|y| is_period_date(&head[y.span.end..]))
        .collect();
    (!years.is_empty()).then_some(Statement {
        kind: Kind::Period,
        years,
    })
}

/// Does `rest` (the text after a year's digits) go on as the period's first or last day?
/// Blanks between the words are allowed (PDF text: `2024 年 1 月 1 日`).
fn is_period_date(rest: &str) -> bool {
    const DATES: [&[&str]; 2] = [
        &["年", "1", "月", "1", "日"],
        &["年", "12", "月", "31", "日"],
    ];
    DATES.iter().any(|words| follows(rest, words))
}

/// Does `rest` start with `words`, one after the other, blanks allowed before each?
fn follows(rest: &str, words: &[&str]) -> bool {
    let mut rest = rest;
    for w in words {
        match rest.trim_start().strip_prefix(w) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    true
}

/// The year section 一 opens with (`2023年，…`, `2023 年度，…`), after a first item's heading
/// when it starts with one (`（一）主动公开。2023年，…`). Only the opening: a sentence further
/// on may tell of another year.
fn opening(text: &str, report: &Report) -> Option<Statement> {
    let one = report.sections.iter().find(|s| s.number == 1)?;
    let body = &text[one.span.end..];
    let trimmed = body.trim_start();
    let start = one.span.end + (body.len() - trimmed.len());
    let at = start + item_heading_len(trimmed);
    let rest = text[at..].trim_start();
    let at = text.len() - rest.len();
    let (year, len) = year_at(rest)?;
    if !rest[len..].trim_start().starts_with(['，', ',']) {
        return None;
    }
    Some(Statement {
        kind: Kind::Opening,
        years: vec![YearAt {
            span: Span::new(at, at + 4),
            year,
        }],
    })
}

/// How many bytes the heading of a first item takes at the start of `text` (`（一）主动公开。`,
/// `(一)主动公开方面` and its line end): up to its `。` or line end, when within 30 characters.
fn item_heading_len(text: &str) -> usize {
    let Some(rest) = ["（一）", "(一)"].iter().find_map(|o| text.strip_prefix(o)) else {
        return 0;
    };
    let opener = text.len() - rest.len();
    rest.char_indices()
        .take(30)
        .find(|&(_, c)| c == '。' || c == '\n')
        .map_or(0, |(i, c)| opener + i + c.len_utf8())
}

/// The words that tie a year to the report's year or the one before, longest first.
const TIES: &str = "本年度|本年|上一年度|上一年|上年度|上年";

/// A year in brackets beside a word that says which year it is (`上年（2022年）`,
/// `较上年同期(2022年)`, `2022年（上年）`), in the prose `region`.
fn tied(text: &str, region: Span) -> Vec<Statement> {
    static RE: OnceLock<Pattern> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Pattern::new(&format!(
            r"({TIES})(?:同期)?\s*[（(]\s*(20\d\d)\s*年度?\s*[）)]|(20\d\d)\s*年度?\s*[（(]\s*({TIES})(?:同期)?\s*[）)]"
        ))
    });
    let body = &text[region.start..region.end];
    re.captures_iter(body)
        .filter_map(|c| tied_statement(&c, region.start))
        .collect()
}

/// The statement of one match of [`tied`]'s pattern (groups 1–2: word then year; 3–4: year
/// then word), `offset` the region's start.
fn tied_statement(c: &Groups, offset: usize) -> Option<Statement> {
    let (word, digits) = match (c.get(1), c.get(2)) {
        (Some(w), Some(d)) => (w, d),
        _ => (c.get(4)?, c.get(3)?),
    };
    let meaning = match word.as_str() {
        "本年度" | "本年" => Meaning::This,
        _ => Meaning::Last,
    };
    let words = printed(c.get(0)?.as_str());
    Some(Statement {
        kind: Kind::Tied { words, meaning },
        years: vec![year_of_digits(digits.as_str(), offset + digits.start())?],
    })
}

/// `结转至2024年` where the year is the next one: followed by `继续办理` or a count, and nothing
/// before it in its clause names a year (`上年度结转至2023年`, `2022年结转至2023年`: into this
/// year, not out of it), in the prose `region`.
fn carried(text: &str, region: Span) -> Vec<Statement> {
    static RE: OnceLock<Pattern> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Pattern::new(r"结转(?:至|到)\s*(20\d\d)\s*年度?\s*(?:继续办理|[0-9]+\s*件)")
    });
    let body = &text[region.start..region.end];
    let mut out = Vec::new();
    for c in re.captures_iter(body) {
        let (Some(whole), Some(digits)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if clause_before(&body[..whole.start()]).contains('年') {
            continue;
        }
        let Some(year) = year_of_digits(digits.as_str(), region.start + digits.start()) else {
            continue;
        };
        out.push(Statement {
            kind: Kind::CarriedTo {
                words: printed(whole.as_str()),
            },
            years: vec![year],
        });
    }
    out
}

/// The end of `before` from the start of its clause (after its last `，`, `。`, `；`, `：`).
fn clause_before(before: &str) -> &str {
    let stops = ['，', '。', '；', ',', ';', '：', ':'];
    before.rsplit(stops).next().unwrap_or(before)
}

/// Four ASCII digits at `at` as a year.
fn year_of_digits(digits: &str, at: usize) -> Option<YearAt> {
    Some(YearAt {
        span: Span::new(at, at + 4),
        year: digits.parse().ok()?,
    })
}

/// Words as the message quotes them: blanks and line breaks (PDF text) left out.
fn printed(words: &str) -> String {
    words.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The finding of a statement that gives another year than it must: at its first wrong year,
/// the others and the title as related locations, with a fix that writes the year it must be.
///
/// A year behind the one it must be is last year's text carried forward, the slip this check
/// is for: the fix is safe where the words fix the year ([`Kind::certain`]). A year ahead of
/// it may instead mean that the title is what was left behind: the fix is only suggested.
fn finding(s: &Statement, title: YearAt) -> Option<Finding> {
    let want = s.kind.meaning().year(title.year);
    let wrong: Vec<YearAt> = s.years.iter().copied().filter(|y| y.year != want).collect();
    let first = *wrong.first()?;
    let applicability = if s.kind.certain() && wrong.iter().all(|y| y.year < want) {
        Applicability::Safe
    } else {
        Applicability::Suggested
    };
    let mut related: Vec<Related> = wrong[1..]
        .iter()
        .map(|y| Related {
            span: y.span,
            message: format!("此处写的是{}年", y.year),
        })
        .collect();
    related.push(Related {
        span: title.span,
        message: format!("报告标题为{}年度", title.year),
    });
    let edits = wrong
        .iter()
        .map(|y| Edit {
            span: y.span,
            replacement: want.to_string(),
        })
        .collect();
    let fix = Fix {
        title: format!("将“{}”改为“{want}”", first.year),
        applicability,
        edits,
    };
    let message = s.kind.message(first.year, title.year);
    Some(
        Finding::new(Code::NB005, first.span, message)
            .with_related(related)
            .with_fix(fix),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_dates() {
        assert!(is_period_date("年1月1日起"));
        assert!(is_period_date(" 年 12 月 31 日"));
        assert!(!is_period_date("年度"));
        assert!(!is_period_date("年1月10日"));
        assert!(!is_period_date("年11月1日"));
        assert!(!is_period_date("年2月"));
    }

    #[test]
    fn item_headings() {
        let text = "（一）主动公开。2023年，";
        assert_eq!(&text[item_heading_len(text)..], "2023年，");
        let text = "(一)主动公开方面\n2023年，";
        assert_eq!(&text[item_heading_len(text)..], "2023年，");
        assert_eq!(item_heading_len("2023年，"), 0);
    }

    /// (kind's meaning, year) of each statement of `text` in one region.
    fn statements(text: &str) -> Vec<(Meaning, u32)> {
        let all = Span::new(0, text.len());
        let mut found = tied(text, all);
        found.extend(carried(text, all));
        found
            .iter()
            .map(|s| (s.kind.meaning(), s.years[0].year))
            .collect()
    }

    #[test]
    fn ties_and_carries() {
        assert_eq!(
            statements("较上年（2022年）增加；较上年同期(2021年)；2023年度（本年度）"),
            [
                (Meaning::Last, 2022),
                (Meaning::Last, 2021),
                (Meaning::This, 2023)
            ]
        );
        assert_eq!(
            statements("办结148件，结转至2026年6件。另有3件结转到2026年度继续办理。"),
            [(Meaning::Next, 2026), (Meaning::Next, 2026)]
        );
        // into this year, not out of it; a date; another kind of year
        assert_eq!(
            statements("上年度结转至2023年继续办理的6件；2022年结转至2023年3件；结转至2024年1月"),
            []
        );
        assert_eq!(statements("2019年修订的《条例》；上年（全年）"), []);
        // counted from when the report is written, not from its year
        assert_eq!(statements("今年（2024年）将…；去年（2023年）"), []);
    }
}
