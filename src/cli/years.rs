//! NB401 across files: which report of a batch is compared with which. Shared by `check` and
//! `report`.
//!
//! Reports are grouped by organ and year, and each is compared with the one report of its
//! organ for the year before — not every pair of the batch (10,000 reports would make 10^8
//! pairs). When several files claim to be that organ's report for last year, which one is the
//! real one is unknown: none is compared, and a note says so.

use std::collections::{BTreeMap, HashMap};

use nianbao::crossyear::CrossFinding;
use nianbao::model::Report;
use nianbao::template::TableKind;
use nianbao::Analysis;

/// What NB401 needs of a report: organ, year and the carry-over rows of its 三 table (the rest
/// of the table dropped: a batch of 10,000 reports keeps 10,000 of these).
pub fn slim(analysis: &Analysis) -> Analysis {
    let mut tables = Vec::new();
    if analysis.report.organ.is_some() && analysis.report.year.is_some() {
        if let Some(t) = analysis.report.table(TableKind::S3) {
            let mut t = t.clone();
            let keep = [
                t.template.row_index("s3.carry_in"),
                t.template.row_index("s3.carry_out"),
            ];
            for (i, row) in t.rows.iter_mut().enumerate() {
                if !keep.contains(&Some(i)) {
                    *row = None;
                }
            }
            tables.push(t);
        }
    }
    Analysis {
        report: Report {
            year: analysis.report.year,
            organ: analysis.report.organ.clone(),
            sections: Vec::new(),
            tables,
        },
        findings: Vec::new(),
    }
}

/// The pairs to compare, and why some reports are not compared.
#[derive(Debug, Default)]
pub struct Pairing {
    /// (this year's report, last year's), as indices into the reports given, in order.
    pub pairs: Vec<(usize, usize)>,
    /// One line per organ and year with several candidates for last year's report.
    pub notes: Vec<String>,
}

/// Pair each report (an organ and year known, a table read) with last year's report of the
/// same organ.
pub fn pair(reports: &[&Analysis]) -> Pairing {
    let mut by_organ: HashMap<String, BTreeMap<u32, Vec<usize>>> = HashMap::new();
    for (i, a) in reports.iter().enumerate() {
        let (Some(organ), Some(year)) = (&a.report.organ, a.report.year) else {
            continue;
        };
        if a.report.tables.is_empty() {
            continue;
        }
        let key: String = organ.chars().filter(|c| !c.is_whitespace()).collect();
        by_organ
            .entry(key)
            .or_default()
            .entry(year)
            .or_default()
            .push(i);
    }
    let mut out = Pairing::default();
    let mut organs: Vec<_> = by_organ.into_iter().collect();
    organs.sort();
    for (organ, years) in &organs {
        for (year, reports) in years {
            let Some(last) = year.checked_sub(1).and_then(|y| years.get(&y)) else {
                continue;
            };
            if let [prev] = last[..] {
                out.pairs.extend(reports.iter().map(|&i| (i, prev)));
            } else {
                out.notes.push(format!(
                    "{} files are {organ}'s report for {}; {year}'s carry-over (NB401) is not compared with any",
                    last.len(),
                    year - 1
                ));
            }
        }
    }
    out.pairs.sort_unstable();
    out
}

/// The NB401 findings of a batch: each report against last year's report of its organ, as
/// (this year's index, last year's index, finding), in pair order. The pairing's notes are
/// printed to standard error.
pub fn compare(reports: &[&Analysis]) -> Vec<(usize, usize, CrossFinding)> {
    let pairing = pair(reports);
    for note in &pairing.notes {
        eprintln!("note: {note}");
    }
    let mut found = Vec::new();
    for &(i, j) in &pairing.pairs {
        for c in nianbao::crossyear::check(&[reports[j], reports[i]]) {
            if c.report == 1 && c.other == 0 {
                found.push((i, j, c));
            }
        }
    }
    found
}
