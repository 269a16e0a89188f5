//! Text → report model: sections, then each table's region is tokenized and bound to its
//! template. Structure findings (NB0xx) say what the reader had to repair or could not read.
//!
//! Input forms: plain text (every layout of `tokens`) is read as it is; an HTML page is first
//! read as a document ([`html`]) and written as a plain view of prose lines and table rows, whose
//! spans [`sourcemap`] moves back onto the page. The binders below never see markup.

pub mod cache;
pub mod html;
pub mod labels;
pub mod normalize;
pub mod rows;
pub mod s2;
pub mod s3;
pub mod s4;
pub mod sections;
pub mod sourcemap;
pub mod split;
pub mod title;
pub mod tokens;

use std::sync::OnceLock;

use crate::pattern::Pattern;

use cache::{RegionCache, RegionKey, Shift};

use crate::finding::{Finding, Severity};
use crate::model::Report;
use crate::span::Span;
use crate::template::{TableKind, TemplateYear};

const TITLES: [(u8, &str, &str); 3] = [
    (2, "二", "主动公开政府信息情况"),
    (3, "三", "收到和处理政府信息公开申请情况"),
    (4, "四", "政府信息公开行政复议、行政诉讼情况"),
];

fn nb001(number: u8, at: Span) -> Finding {
    let (_, x, title) = TITLES.iter().find(|t| t.0 == number).unwrap();
    Finding::new(
        "NB001",
        Severity::Warning,
        at,
        format!("未找到第{x}部分“{title}”的表格。"),
    )
}

/// Read a report: sections, year, and the tables of 二, 三, 四.
pub fn read(text: &str) -> (Report, Vec<Finding>) {
    read_with(text, &mut RegionCache::none())
}

/// [`read`], reusing the regions `cache` holds from the previous analysis of a similar text.
pub fn read_with(text: &str, cache: &mut RegionCache) -> (Report, Vec<Finding>) {
    let out = read_regions(text, cache);
    cache.finish();
    out
}

fn read_regions(text: &str, cache: &mut RegionCache) -> (Report, Vec<Finding>) {
    let sections = sections::find_sections(text);
    let year = sections::report_year(text, &sections);
    let mut report = Report {
        year,
        organ: title::organ(&text[..sections::head_end(text, &sections)]),
        sections,
        tables: Vec::new(),
    };
    let mut findings = Vec::new();
    let sec = |n: u8| report.sections.iter().find(|s| s.number == n).cloned();
    let heading_or_top = |n: u8| sec(n).map_or(Span::new(0, 0), |s| s.span);

    if year.is_some_and(|y| y < 2019) {
        // An old-format report: no table is read (docs/layouts.md §15).
        static OLD: OnceLock<Pattern> = OnceLock::new();
        let re = OLD.get_or_init(|| Pattern::new(r"(一|二|三|四|五|六|七)、[^\n。]{0,20}统计表"));
        let (x, at) = re
            .captures(text)
            .and_then(|c| {
                let (whole, ordinal) = (c.get(0)?, c.get(1)?);
                Some((
                    ordinal.as_str().to_owned(),
                    Span::new(whole.start(), whole.end()),
                ))
            })
            .unwrap_or(("二".into(), heading_or_top(2)));
        findings.push(Finding::new(
            "NB003",
            Severity::Warning,
            at,
            format!("第{x}部分表格与2019年、2021年年度报告格式均不一致，未作核对。"),
        ));
        for n in [2, 3, 4] {
            findings.push(nb001(n, heading_or_top(n)));
        }
        return (report, findings);
    }

    let starts = |from: u8| -> usize {
        report
            .sections
            .iter()
            .filter(|s| s.number > from)
            .map(|s| s.span.start)
            .min()
            .unwrap_or(text.len())
    };
    let expected = year.and_then(TemplateYear::for_report_year);

    // 三 first: its region also bounds 二's.
    let s3_start = sec(3)
        .map(|s| s.span.end)
        .or_else(|| text.find("本年新收").map(|i| line_start(text, i)));
    let mut s3_template = None;
    let mut s3_evidence = None;
    match s3_start {
        Some(start) => {
            let end = starts(3).max(start);
            let read = cache.region(RegionKey::S3(year), text, Span::new(start, end), |region| {
                let toks = tokens::tokenize(region, Span::new(0, region.len()));
                s3::read_s3(region, &toks, year)
            });
            match read {
                Some(s3) => {
                    s3_template = s3.table.template.year;
                    s3_evidence = s3.evidence;
                    findings.extend(s3.findings);
                    report.tables.push(s3.table);
                }
                None => findings.push(nb001(3, heading_or_top(3))),
            }
        }
        None => findings.push(nb001(3, Span::new(0, 0))),
    }

    // 二
    let mut s2_template = None;
    let mut s2_evidence = None;
    match sec(2) {
        Some(s) => {
            let end = sec(3)
                .map_or_else(|| s3_start.unwrap_or(text.len()), |x| x.span.start)
                .max(s.span.end);
            let key = RegionKey::S2(expected.map(|t| t as u8));
            let (detected, evidence, tables, f) = cache
                .region(key, text, Span::new(s.span.end, end), |region| {
                    let toks = tokens::tokenize(region, Span::new(0, region.len()));
                    let (detected, _mixed, evidence) = s2::detect(&toks);
                    let t = detected.or(expected).unwrap_or(TemplateYear::T2021);
                    let (tables, f) = s2::read_s2(region, &toks, t);
                    S2Read(detected, evidence, tables, f)
                })
                .into();
            if tables.is_empty() {
                findings.push(nb001(2, s.span));
            } else {
                s2_template = detected;
                s2_evidence = evidence;
            }
            findings.extend(f);
            // 二's tables come first, in text order
            report.tables.splice(0..0, tables);
        }
        None => findings.push(nb001(2, Span::new(0, 0))),
    }

    // 四
    match sec(4) {
        Some(s) => {
            let end = starts(4).max(s.span.end);
            let s4 = cache.region(RegionKey::S4, text, Span::new(s.span.end, end), |region| {
                let toks = tokens::tokenize(region, Span::new(0, region.len()));
                s4::read_s4(region, &toks)
            });
            match s4.table {
                Some(t) => report.tables.push(t),
                None if s4.findings.is_empty() => findings.push(nb001(4, s.span)),
                None => {}
            }
            findings.extend(s4.findings);
        }
        None => findings.push(nb001(4, Span::new(0, 0))),
    }

    // Templates against each other and against the report year.
    if let (Some(t2), Some(t3), Some(at)) = (s2_template, s3_template, s3_evidence.or(s2_evidence))
    {
        if t2 != t3 {
            findings.push(Finding::new(
                "NB003",
                Severity::Information,
                at,
                format!(
                    "本报告第二部分按{}年格式、第三部分按{}年格式填写。",
                    t2.year(),
                    t3.year()
                ),
            ));
        }
    }
    if let (Some(y), Some(exp)) = (year, expected) {
        for (kind, t, ev) in [
            (TableKind::S3, s3_template, s3_evidence),
            (TableKind::S2(0), s2_template, s2_evidence),
        ] {
            if let (Some(t), Some(at)) = (t, ev) {
                if t != exp {
                    findings.push(Finding::new(
                        "NB004",
                        Severity::Warning,
                        at,
                        format!(
                            "{y}年度报告应使用{}年印发的年度报告格式，第{}部分表格为{}年格式。",
                            exp.year(),
                            kind.section_numeral(),
                            t.year()
                        ),
                    ));
                }
            }
        }
    }
    (report, findings)
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// What section 二's reader gives: detected template, where the text shows it, tables, findings.
#[derive(Clone)]
struct S2Read(
    Option<TemplateYear>,
    Option<Span>,
    Vec<crate::model::Table>,
    Vec<Finding>,
);

impl Shift for S2Read {
    fn shift(&mut self, by: usize) {
        self.1.shift(by);
        self.2.shift(by);
        self.3.shift(by);
    }
}

impl From<S2Read>
    for (
        Option<TemplateYear>,
        Option<Span>,
        Vec<crate::model::Table>,
        Vec<Finding>,
    )
{
    fn from(r: S2Read) -> Self {
        (r.0, r.1, r.2, r.3)
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
