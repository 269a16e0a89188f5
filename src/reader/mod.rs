//! Text → report model: sections, then each table's region is tokenized and bound to its
//! template. Structure findings (NB0xx) say what the reader had to repair or could not read;
//! the templates it found are judged by `checks::templates` (NB003, NB004).
//!
//! Input forms: plain text (every layout of `tokens`) is read as it is; an HTML page is first
//! read as a document ([`html`]) and written as a plain view of prose lines and table rows, whose
//! spans [`sourcemap`] moves back onto the page. The binders below never see markup.

pub mod cache;
pub mod docx;
pub mod html;
pub mod labels;
pub mod normalize;
pub mod pdf;
pub mod place;
pub mod rows;
pub mod s2;
pub mod s3;
pub mod s4;
pub mod sections;
pub mod sourcemap;
pub mod split;
pub mod title;
pub mod tokens;

use cache::{RegionCache, RegionKey, Shift};

use crate::finding::{Code, Finding};
use crate::model::{Facts, Report};
use crate::span::Span;
use crate::template::TemplateYear;

const TITLES: [(u8, &str, &str); 3] = [
    (2, "二", "主动公开政府信息情况"),
    (3, "三", "收到和处理政府信息公开申请情况"),
    (4, "四", "政府信息公开行政复议、行政诉讼情况"),
];

fn nb001(number: u8, at: Span) -> Finding {
    let (_, x, title) = TITLES.iter().find(|t| t.0 == number).unwrap();
    Finding::new(Code::NB001, at, format!("未找到第{x}部分“{title}”的表格。"))
}

/// Read a report: sections, year, and the tables of 二, 三, 四; what else the reader saw of the
/// templates (for `checks::templates`); the structure findings.
pub fn read(text: &str) -> (Report, Facts, Vec<Finding>) {
    read_with(text, &mut RegionCache::none())
}

/// [`read`], reusing the regions `cache` holds from the previous analysis of a similar text.
pub fn read_with(text: &str, cache: &mut RegionCache) -> (Report, Facts, Vec<Finding>) {
    let out = read_regions(text, cache);
    cache.finish();
    out
}

fn read_regions(text: &str, cache: &mut RegionCache) -> (Report, Facts, Vec<Finding>) {
    let outline = sections::scan(text, sections::HEADINGS_LIMIT);
    let sections = outline.sections;
    let year = sections::report_year(text, &sections);
    // what the checks read of the headings, whatever becomes of the tables
    let outlined = Facts {
        headings: outline.headings,
        report_end: (outline.end < text.len()).then_some(outline.end),
        ..Facts::default()
    };
    let mut report = Report {
        year,
        organ: title::organ(&text[..sections::head_end(text, &sections)]),
        sections,
        tables: Vec::new(),
    };
    if year.is_some_and(|y| y < 2019) {
        // An old-format report: no table is read (docs/layouts.md §15; NB003 says so).
        let findings = [2, 3, 4]
            .map(|n| nb001(n, heading_or_top(&report, n)))
            .into();
        return (report, outlined, findings);
    }
    let (facts, findings) = read_tables(text, cache, &mut report, outlined);
    (report, facts, findings)
}

/// The heading of section `n`, or the top of the text when it has none.
fn heading_or_top(report: &Report, n: u8) -> Span {
    let heading = report.sections.iter().find(|s| s.number == n);
    heading.map_or(Span::new(0, 0), |s| s.span)
}

/// The tables of 二, 三 and 四 into `report` (its sections found, its year not before 2019).
/// `facts` holds what the sections' scan found; the tables' facts are added to it.
fn read_tables(
    text: &str,
    cache: &mut RegionCache,
    report: &mut Report,
    mut facts: Facts,
) -> (Facts, Vec<Finding>) {
    let (year, mut findings) = (report.year, Vec::new());
    let sec = |n: u8| report.sections.iter().find(|s| s.number == n).cloned();
    // where the part after section `from` begins
    let starts = |from: u8| -> usize {
        let next = report.sections.iter().filter(|s| s.number > from);
        next.map(|s| s.span.start).min().unwrap_or(text.len())
    };

    // 三 first: its region also bounds 二's.
    let s3_start = sec(3)
        .map(|s| s.span.end)
        .or_else(|| text.find("本年新收").map(|i| line_start(text, i)));
    let s3 = s3_start.and_then(|start| s3_region(text, cache, start, starts(3).max(start), year));
    match s3 {
        Some(s3) => {
            facts.s3_evidence = s3.evidence;
            findings.extend(s3.findings);
            report.tables.push(s3.table);
        }
        None => findings.push(nb001(3, heading_or_top(report, 3))),
    }

    // 二: from its heading to 三's
    match sec(2) {
        Some(s) => {
            let end = sec(3)
                .map_or_else(|| s3_start.unwrap_or(text.len()), |x| x.span.start)
                .max(s.span.end);
            let expected = year.and_then(TemplateYear::for_report_year);
            let read = s2_region(text, cache, s.span.end, end, expected);
            if read.tables.is_empty() {
                findings.push(nb001(2, s.span));
            } else {
                facts.s2_template = read.detected.zip(read.evidence);
            }
            findings.extend(read.findings);
            // 二's tables come first, in text order
            report.tables.splice(0..0, read.tables);
        }
        None => findings.push(nb001(2, Span::new(0, 0))),
    }

    // 四
    match sec(4) {
        Some(s) => {
            let s4 = s4_region(text, cache, s.span.end, starts(4).max(s.span.end));
            match s4.table {
                Some(t) => report.tables.push(t),
                None if s4.findings.is_empty() => findings.push(nb001(4, s.span)),
                None => {}
            }
            findings.extend(s4.findings);
        }
        None => findings.push(nb001(4, Span::new(0, 0))),
    }
    (facts, findings)
}

/// Table 三 in `text[start..end]` (from `cache` when that text was read before).
fn s3_region(
    text: &str,
    cache: &mut RegionCache,
    start: usize,
    end: usize,
    year: Option<u32>,
) -> Option<s3::S3> {
    cache.region(RegionKey::S3(year), text, Span::new(start, end), |region| {
        let toks = tokens::tokenize(region, Span::new(0, region.len()));
        s3::read_s3(region, &toks, year)
    })
}

/// Section 二's tables in `text[start..end]`, in the template its labels show, else the one
/// the report year expects (`expected`), else T2021.
fn s2_region(
    text: &str,
    cache: &mut RegionCache,
    start: usize,
    end: usize,
    expected: Option<TemplateYear>,
) -> S2Read {
    let key = RegionKey::S2(expected.map(|t| t as u8));
    cache.region(key, text, Span::new(start, end), |region| {
        let toks = tokens::tokenize(region, Span::new(0, region.len()));
        let (detected, _mixed, evidence) = s2::detect(&toks);
        let t = detected.or(expected).unwrap_or(TemplateYear::T2021);
        let (tables, findings) = s2::read_s2(region, &toks, t);
        S2Read {
            detected,
            evidence,
            tables,
            findings,
        }
    })
}

/// Table 四 in `text[start..end]`.
fn s4_region(text: &str, cache: &mut RegionCache, start: usize, end: usize) -> s4::S4 {
    cache.region(RegionKey::S4, text, Span::new(start, end), |region| {
        let toks = tokens::tokenize(region, Span::new(0, region.len()));
        s4::read_s4(region, &toks)
    })
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// What section 二's reader gives.
#[derive(Clone)]
struct S2Read {
    /// The template the section's words tell, if they tell one.
    detected: Option<TemplateYear>,
    /// Where the first telling word stands.
    evidence: Option<Span>,
    tables: Vec<crate::model::Table>,
    findings: Vec<Finding>,
}

impl Shift for S2Read {
    fn shift(&mut self, by: usize) {
        self.evidence.shift(by);
        self.tables.shift(by);
        self.findings.shift(by);
    }
}

impl Shift for s3::S3 {
    fn shift(&mut self, by: usize) {
        self.table.shift(by);
        self.evidence.shift(by);
        self.findings.shift(by);
    }
}

impl Shift for s4::S4 {
    fn shift(&mut self, by: usize) {
        self.table.shift(by);
        self.findings.shift(by);
    }
}
