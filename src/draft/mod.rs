//! Next year's draft (`nianbao new`, and the language server's `nianbao.newDraft`): last year's
//! report turned into the starting point of this year's, text in and text out.
//!
//! - the year moves where the report states it: the title and the statistical period
//!   ([`prose::move_year`]);
//! - every other year and figure of the prose is **marked**, not rewritten
//!   (`【待更新：2024年】`, `【待更新：59件】`): only the author knows this year's account. The
//!   markers are NB040 findings, and a text holding them is checked as a draft
//!   ([`crate::checks::markers`]); a note at the head of the draft (a marker too) says where it
//!   came from;
//! - the tables are emptied, except what the form carries over: 三's 二、上年结转 takes last
//!   year's 四、结转下年度继续办理, column by column ([`tables`]), so NB401 holds between the two;
//! - the draft year's form: a report in the 2019 form whose next year is 2021 or later gets the
//!   2021 form's tables (section 二's reshaped tables, 三's three （六） rows);
//! - the layout stays the source's: cells are emptied in place where the table was read
//!   cleanly, else its rows are written anew in the source's row style; a web page changes only
//!   in its text, never its markup.
//!
//! The draft is analysed before it is returned: its year must be the next one.

mod layout;
pub(crate) mod prose;
mod tables;

use std::fmt;

use crate::checks::markers::{CLOSE, OPEN};
use crate::finding::Finding;
use crate::model::Report;
use crate::reader::sourcemap::SourceMap;
use crate::span::Span;
use crate::template::TemplateYear;

pub use tables::whole_cell;

/// Next year's draft of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    /// The source's year.
    pub from: u32,
    /// The draft's: `from + 1`.
    pub year: u32,
    /// How many markers the draft holds (the note included).
    pub markers: usize,
    /// What the author should know (a table written anew, carried cells left blank), in English.
    pub notes: Vec<String>,
}

/// Why no draft was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// No year in the title, the statistical period or section 一.
    NoYear,
    /// A report on 2018 or earlier: its tables are no template's.
    TooOld(u32),
    /// A web page whose tables must change form (2019 → 2021): a page changes only in its text.
    PageForm,
    /// The draft's year could not be written where the reader reads it.
    YearNotMoved(u32),
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::NoYear => write!(
                f,
                "no report year found (title `…2024年…政府信息公开工作年度报告`, the statistical period, or a year in section 一)"
            ),
            DraftError::TooOld(y) => write!(
                f,
                "a report on {y} uses the statistics tables before the 2019 form; no draft is made from it"
            ),
            DraftError::PageForm => write!(
                f,
                "the page's tables are in the 2019 form and next year's report needs the 2021 form's rows; a web page is changed in its text only, so draft from a text copy of it"
            ),
            DraftError::YearNotMoved(y) => write!(
                f,
                "the year {y} could not be moved where the report states it; no draft is made"
            ),
        }
    }
}

impl std::error::Error for DraftError {}

/// Replace `span` by `text` (an empty span inserts). An insertion that closes something
/// (`after`) sticks to the text before it when moved onto a web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub span: Span,
    pub text: String,
    after: bool,
}

impl Change {
    fn replace(span: Span, text: &str) -> Self {
        Change {
            span,
            text: text.to_owned(),
            after: false,
        }
    }

    fn insert(at: usize, text: &str, after: bool) -> Self {
        Change {
            span: Span::new(at, at),
            text: text.to_owned(),
            after,
        }
    }
}

/// `text` with `changes` made (they do not overlap; insertions at one offset keep their order).
fn apply(text: &str, changes: &[Change]) -> String {
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|c| (c.span.start, c.span.end));
    let mut out = String::with_capacity(text.len() + changes.len() * 8);
    let mut at = 0;
    for c in sorted {
        debug_assert!(c.span.start >= at, "overlapping changes at {:?}", c.span);
        let start = c.span.start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(&c.text);
        at = c.span.end.max(start);
    }
    out.push_str(&text[at..]);
    out
}

/// What the reader made of the source, in the text it read (a page's view).
struct Read {
    text: String,
    map: Option<SourceMap>,
    report: Report,
    structure: Vec<Finding>,
}

fn read(source: &str) -> Read {
    let (text, map) = if crate::reader::html::is_html(source) {
        let view = crate::reader::html::read(source);
        (view.text, Some(view.map))
    } else {
        (source.to_owned(), None)
    };
    let (report, _, structure) = crate::reader::read(&text);
    Read {
        text,
        map,
        report,
        structure,
    }
}

/// Next year's draft of `source` (a report's text: plain text in any layout, or a web page).
pub fn next_year(source: &str) -> Result<Draft, DraftError> {
    let r = read(source);
    let from = r.report.year.ok_or(DraftError::NoYear)?;
    let form = TemplateYear::for_report_year(from + 1).ok_or(DraftError::TooOld(from))?;
    if from < 2019 {
        return Err(DraftError::TooOld(from));
    }
    let newline = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    // the note first: an insertion at the offset of a marker's opening goes before it
    let mut changes = vec![note(&r, from, newline)];
    let (moved, keep) = prose::move_year(&r.text, &r.report, from);
    changes.extend(moved);
    changes.extend(prose::mark(
        &r.text,
        &prose::regions(
            &r.text[..crate::reader::sections::report_end(&r.text)],
            &r.report,
        ),
        &keep,
    ));
    let t = tables::Tables {
        text: &r.text,
        report: &r.report,
        structure: &r.structure,
        form,
        page: r.map.is_some(),
        newline,
    };
    let (table_changes, mut notes) = t.changes(&tables::carried(&r.report))?;
    changes.extend(table_changes);
    let text = match &r.map {
        None => apply(source, &changes),
        Some(map) => on_page(source, map, &changes, from, &mut notes),
    };
    let year = crate::analysis::analyse(&text).report.year;
    if year != Some(from + 1) {
        return Err(DraftError::YearNotMoved(from));
    }
    let markers = crate::checks::markers::spans(&text).len();
    Ok(Draft {
        text,
        from,
        year: from + 1,
        markers,
        notes,
    })
}

/// The marker at the draft's head that says what it is: before section 一's heading (else
/// 二's, else the first table), on a line of its own in plain text.
fn note(r: &Read, from: u32, newline: &str) -> Change {
    let to = from + 1;
    let text = format!(
        "{OPEN}本稿是据{from}年度报告生成的{to}年度报告草稿（nianbao new）：表格空白处待填写，“二、上年结转”已按{from}年度的“四、结转下年度继续办理”填入；标记处是{from}年度的原文，请改写；改完后删去全部标记，包括本条{CLOSE}"
    );
    let heading = [1, 2]
        .iter()
        .find_map(|&n| r.report.sections.iter().find(|s| s.number == n))
        .map(|s| s.span.start)
        .or_else(|| r.report.tables.iter().map(|t| t.span.start).min())
        .unwrap_or(0);
    if r.map.is_some() {
        return Change::insert(heading, &text, false);
    }
    let line_start = r.text[..heading].rfind('\n').map_or(0, |i| i + 1);
    Change::insert(line_start, &format!("{text}{newline}"), false)
}

/// `changes` on the view moved onto the page: a replacement only where the view's bytes are
/// the page's own (not an entity, not markup), an insertion where its neighbour is. The
/// page's `<title>` (outside the view) gets the new year too.
fn on_page(
    source: &str,
    map: &SourceMap,
    changes: &[Change],
    from: u32,
    notes: &mut Vec<String>,
) -> String {
    let mut moved = Vec::with_capacity(changes.len() + 1);
    let mut dropped = 0;
    for c in changes {
        let span = if c.span.is_empty() {
            let at = if c.after {
                map.end(c.span.start)
            } else {
                map.start(c.span.start)
            };
            Span::new(at, at)
        } else if map.is_exact(c.span) {
            map.span(c.span)
        } else {
            dropped += 1;
            continue;
        };
        moved.push(Change { span, ..c.clone() });
    }
    if dropped > 0 {
        notes.push(format!(
            "{dropped} changes fell on markup or entities of the page and were not made"
        ));
    }
    moved.extend(page_title(source, from));
    apply(source, &moved)
}

/// The year in the page's `<title>` element.
fn page_title(source: &str, from: u32) -> Option<Change> {
    let lower = source
        .get(..source.len().min(1 << 16))?
        .to_ascii_lowercase();
    let start = lower.find("<title")?;
    let body = start + lower[start..].find('>')? + 1;
    let end = body + lower[body..].find("</title")?;
    let at = body + source[body..end].find(&format!("{from}年"))?;
    Some(Change::replace(
        Span::new(at, at + 4),
        &(from + 1).to_string(),
    ))
}

/// The name for the draft of file `name` (a file name, no folder): the source's year replaced
/// by the draft's when the name holds it (`2024.txt` → `2025.txt`), else the draft's year
/// added before the extension (`report.html` → `report-2025.html`).
pub fn file_name(name: &str, from: u32, year: u32) -> String {
    let (from_s, year_s) = (from.to_string(), year.to_string());
    if let Some(i) = name.rfind(&from_s) {
        return format!("{}{year_s}{}", &name[..i], &name[i + from_s.len()..]);
    }
    match name.rfind('.').filter(|&i| i > 0) {
        Some(i) => format!("{}-{year_s}{}", &name[..i], &name[i..]),
        None => format!("{name}-{year_s}"),
    }
}

/// Where an editor offers "起草下一年度报告": in `head` (plain text, the report up to its section
/// 二), the line the report's `year` is read from — the title's, else the statistical
/// period's. `None` when neither is there (a web page: the caller offers it before the first
/// section heading).
pub fn year_line(head: &str, year: u32) -> Option<Span> {
    let at = prose::title_year(head)
        .filter(|&(_, y)| y == year)
        .map(|(s, _)| s)
        .or_else(|| prose::period(head, year).map(|(s, _)| s))?;
    let start = head[..at.start].rfind('\n').map_or(0, |i| i + 1);
    let end = head[at.end..].find('\n').map_or(head.len(), |i| at.end + i);
    Some(Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(file_name("2024.txt", 2024, 2025), "2025.txt");
        assert_eq!(
            file_name("某县2024年报告.html", 2024, 2025),
            "某县2025年报告.html"
        );
        assert_eq!(file_name("report.md", 2024, 2025), "report-2025.md");
        assert_eq!(file_name("report", 2024, 2025), "report-2025");
    }

    #[test]
    fn changes_apply_in_order() {
        let c = [
            Change::insert(0, "<", false),
            Change::replace(Span::new(1, 2), "X"),
            Change::insert(3, ">", true),
        ];
        assert_eq!(apply("abc", &c), "<aXc>");
    }

    #[test]
    fn the_year_line() {
        let head = "青禾县2023年政府信息公开工作年度报告\n统计期限自2023年1月1日起。\n";
        assert_eq!(
            year_line(head, 2023),
            Some(Span::new(0, head.find('\n').unwrap()))
        );
        let head = "前言\n本报告统计期限自2023年1月1日起。\n";
        assert_eq!(&head[year_line(head, 2023).unwrap().start..][..3], "本");
        assert_eq!(year_line("无", 2023), None);
    }

    /// Outside its tables the draft is the source: markers wrapped around its own words, the
    /// note, and the year moved in the title and the period — nothing else rewritten.
    #[test]
    fn prose_is_marked_not_rewritten() {
        let source = include_str!("../../examples/clean.txt");
        let draft = next_year(source).unwrap();
        let unmarked = draft
            .text
            .lines()
            .filter(|l| !l.starts_with("【待更新：本稿"));
        let mut back = unmarked.collect::<Vec<_>>().join("\n");
        for s in crate::checks::markers::spans(&back.clone())
            .into_iter()
            .rev()
        {
            let inner = crate::checks::markers::content(&back, s).to_owned();
            back.replace_range(s.start..s.end, &inner);
        }
        let back = back
            .replacen("2024年政府", "2023年政府", 1)
            .replace("自2024年1月1日起,至2024年", "自2023年1月1日起,至2023年");
        let prose = |t: &str| -> Vec<String> {
            let lines: Vec<&str> = t.lines().collect();
            let two = lines.iter().position(|l| l.starts_with("二、")).unwrap();
            let five = lines.iter().position(|l| l.starts_with("五、")).unwrap();
            lines[..two]
                .iter()
                .chain(&lines[five..])
                .map(|l| l.to_string())
                .collect()
        };
        assert_eq!(prose(&back), prose(source));
        assert_eq!(draft.markers, 10);
    }

    #[test]
    fn the_note_goes_before_a_marker_at_its_line_start() {
        let source = "某县2023年政府信息公开工作年度报告\n2023年，某县。一、总体情况\n二、主动公开政府信息情况\n";
        let d = next_year(source).unwrap();
        assert!(
            d.text
                .contains("本条】\n【待更新：2023年】，某县。一、总体情况"),
            "{}",
            d.text
        );
        assert_eq!(d.markers, 2);
    }

    #[test]
    fn no_year_no_draft() {
        assert_eq!(next_year("一、总体情况\n无年份。"), Err(DraftError::NoYear));
    }
}
