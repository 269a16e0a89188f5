//! NB401 across reports: which report is last year's, for `nianbao check` and `report` (the
//! files of one run) and for the language server (an open report against its workspace).
//!
//! **The policy.** A report takes part when its organ and year are read from its text (title,
//! preamble; never the file name) and it has a table 三. Organs compare by [`organ_key`]. For
//! a report of year Y, the candidates are the reports of the same organ for Y − 1:
//!
//! - none: nothing is compared;
//! - one, or several that agree — the same 四、结转下年度继续办理 row, column by column (copies
//!   of one report, the same report as text and as a web page): this year's report is compared
//!   with the first of them in the order given (path order), once;
//! - several that differ in that row (a draft and the final version, two organs read as one):
//!   which one was published is unknown, so none is compared and an [`Ambiguity`] says so,
//!   naming the candidates.
//!
//! Why: comparing with each candidate would report a mismatch against whichever draft is wrong,
//! once per copy (a folder with a report and its copy gave the same NB401 twice in the server);
//! refusing whenever there are two files made a harmless copy silence NB401 for the next year.
//! Agreement is judged on the row NB401 reads, so copies that differ only elsewhere still count
//! once, and the findings do not depend on which copy is taken (their cells and values are the
//! same; only the related location names the first copy).
//!
//! Reports of the same year are never compared with each other. Grouping by organ and year
//! keeps a batch of 10,000 reports from being compared in 10^8 pairs.

use std::collections::HashMap;

use crate::analysis::Analysis;
use crate::crossyear::{self, CrossFinding};
use crate::model::Report;
use crate::template::TableKind;

/// Organ names compare without blanks (nothing else: `某县人民政府` and `某县` are two organs).
pub fn organ_key(organ: &str) -> String {
    organ.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What the comparison across years needs of a report: organ, year, the rows of its 三 table
/// that NB401 and NB511 read (carry-over, 新收, 予以公开), the small tables of 二 (NB402,
/// NB403) and 四 (NB511), and the prose's comparisons with last year (the rest dropped: a
/// batch of 10,000 reports, or a workspace index, keeps 10,000 of these).
pub fn slim(analysis: &Analysis) -> Analysis {
    let mut tables = Vec::new();
    if analysis.report.organ.is_some() && analysis.report.year.is_some() {
        if let Some(t) = analysis.report.table(TableKind::S3) {
            let mut t = t.clone();
            let keep = ["s3.carry_in", "s3.carry_out", "s3.new", "s3.granted"]
                .map(|id| t.template.row_index(id));
            for (i, row) in t.rows.iter_mut().enumerate() {
                if !keep.contains(&Some(i)) {
                    *row = None;
                }
            }
            tables.push(t);
        }
        tables.extend(
            analysis
                .report
                .tables
                .iter()
                .filter(|t| t.kind() != TableKind::S3)
                .cloned(),
        );
    }
    Analysis {
        report: Report {
            year: analysis.report.year,
            organ: analysis.report.organ.clone(),
            sections: Vec::new(),
            tables,
        },
        findings: Vec::new(),
        yoy: analysis.yoy.clone(),
    }
}

/// The note that goes with an NB401 finding, naming last year's cell:
/// `2022年度报告“四、结转下年度继续办理”此栏为2`. The command line adds where it stands
/// (`: 2022.txt:28:15`); the server gives it as the related location's message.
pub fn note(last_year: u32, value: i64) -> String {
    crossyear::carry_note(last_year, value)
}

/// Several reports claim to be one organ's report for one year and differ in the row NB401
/// reads: the next year's reports of that organ are not compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    /// As the first candidate's title prints it.
    pub organ: String,
    /// The year the candidates are for (last year).
    pub year: u32,
    /// Indices of the candidates, in order.
    pub candidates: Vec<usize>,
}

impl Ambiguity {
    /// One line naming the candidates by `name` (a path, a URI):
    /// `2 files are X's report for 2024 and differ in 四、结转下年度继续办理 (a.txt, b.txt); 2025's
    /// carry-over (NB401) is not compared with either`.
    pub fn note(&self, name: impl Fn(usize) -> String) -> String {
        let names: Vec<String> = self.candidates.iter().map(|&i| name(i)).collect();
        format!(
            "{} files are {}'s report for {} and differ in 四、结转下年度继续办理 ({}); {}'s carry-over (NB401) is not compared with {}",
            names.len(),
            self.organ,
            self.year,
            names.join(", "),
            self.year + 1,
            if names.len() == 2 { "either" } else { "any" }
        )
    }
}

/// Which report is last year's for one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastYear {
    None,
    One(usize),
    Ambiguous(Ambiguity),
}

/// A report that takes part: its organ key and year.
fn key(a: &Analysis) -> Option<(String, u32)> {
    let organ = a.report.organ.as_deref()?;
    let year = a.report.year?;
    a.report.table(TableKind::S3)?;
    Some((organ_key(organ), year))
}

/// 四、结转下年度继续办理 as read, column by column (`None`: a cell not read).
fn carry_out(a: &Analysis) -> Option<Vec<Option<i64>>> {
    let t = a.report.table(TableKind::S3)?;
    let row = t.template.row_index("s3.carry_out")?;
    Some(
        (0..t.template.columns.len())
            .map(|col| t.int(crate::template::CellRef { row, col }))
            .collect(),
    )
}

/// The policy over the candidates for last year's report (indices in order, at least one).
fn choose(reports: &[&Analysis], candidates: &[usize], year: u32) -> LastYear {
    let first = candidates[0];
    let rows = carry_out(reports[first]);
    if candidates[1..]
        .iter()
        .all(|&c| carry_out(reports[c]) == rows)
    {
        return LastYear::One(first);
    }
    LastYear::Ambiguous(Ambiguity {
        organ: reports[first].report.organ.clone().unwrap_or_default(),
        year,
        candidates: candidates.to_vec(),
    })
}

/// The organ (its key) and year a report is filed under for the comparison across years;
/// `None` for a report that takes part in none. [`may_be_last_year`] holds exactly for the
/// reports filed under the same organ and the year before, so an index can find them by
/// lookup (the server's workspace index does).
pub fn filed_under(a: &Analysis) -> Option<(String, u32)> {
    key(a)
}

/// Whether `other` is a candidate for last year's report of `this` (same organ, the year
/// before, both taking part). A front end holding many reports may keep only these before
/// ordering them and calling [`last_year`].
pub fn may_be_last_year(this: &Analysis, other: &Analysis) -> bool {
    // the years first: the server asks this of every report of its workspace on every
    // publication, and most differ in year; the organ keys are built only for the rest
    let years = (this.report.year, other.report.year);
    matches!(years, (Some(y), Some(z)) if z + 1 == y)
        && matches!((key(this), key(other)), (Some((o, _)), Some((p, _))) if o == p)
}

/// Last year's report for `reports[this]` among `reports` (for one report: the server's open
/// document against its workspace).
pub fn last_year(reports: &[&Analysis], this: usize) -> LastYear {
    let Some((_, year)) = key(reports[this]) else {
        return LastYear::None;
    };
    let candidates: Vec<usize> = (0..reports.len())
        .filter(|&j| may_be_last_year(reports[this], reports[j]))
        .collect();
    if candidates.is_empty() {
        return LastYear::None;
    }
    choose(reports, &candidates, year - 1)
}

/// One report and last year's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub this: usize,
    pub last: usize,
}

/// Every report of a batch paired with last year's.
#[derive(Debug, Default)]
pub struct Pairing {
    /// In order of `this`.
    pub pairs: Vec<Pair>,
    /// One per organ and year whose candidates differ, in order of the organ's key and year.
    pub ambiguities: Vec<Ambiguity>,
}

/// Pair every report of a batch with last year's (the same choice as [`last_year`] makes for
/// each, computed once per organ and year).
pub fn pair(reports: &[&Analysis]) -> Pairing {
    let mut groups: HashMap<(String, u32), Vec<usize>> = HashMap::new();
    for (i, a) in reports.iter().enumerate() {
        if let Some(k) = key(a) {
            groups.entry(k).or_default().push(i);
        }
    }
    let mut keys: Vec<&(String, u32)> = groups.keys().collect();
    keys.sort();
    let mut out = Pairing::default();
    for (organ, year) in keys {
        let Some(candidates) = year
            .checked_sub(1)
            .and_then(|y| groups.get(&(organ.clone(), y)))
        else {
            continue;
        };
        match choose(reports, candidates, year - 1) {
            LastYear::One(last) => out.pairs.extend(
                groups[&(organ.clone(), *year)]
                    .iter()
                    .map(|&this| Pair { this, last }),
            ),
            LastYear::Ambiguous(a) => out.ambiguities.push(a),
            LastYear::None => {}
        }
    }
    out.pairs.sort_unstable_by_key(|p| p.this);
    out
}

/// An NB401 finding between two reports of a batch.
#[derive(Debug, Clone)]
pub struct Found {
    pub this: usize,
    pub last: usize,
    pub last_year: u32,
    pub cross: CrossFinding,
}

impl Found {
    /// What last year's cell says (for NB401, [`note`]).
    pub fn note(&self) -> String {
        self.cross.note.clone()
    }
}

/// NB401 over reports: the findings, and the organs and years not compared.
#[derive(Debug, Default)]
pub struct CrossYears {
    /// In order of this year's report, then of the columns.
    pub found: Vec<Found>,
    pub ambiguities: Vec<Ambiguity>,
}

fn compare(reports: &[&Analysis], Pair { this, last }: Pair) -> impl Iterator<Item = Found> {
    let last_year = reports[last].report.year.unwrap_or_default();
    crossyear::compare(reports[this], reports[last])
        .into_iter()
        .map(move |cross| Found {
            this,
            last,
            last_year,
            cross,
        })
}

/// NB401 for every report of a batch against last year's (the files of a `check` run).
pub fn check(reports: &[&Analysis]) -> CrossYears {
    let pairing = pair(reports);
    CrossYears {
        found: pairing
            .pairs
            .iter()
            .flat_map(|&p| compare(reports, p))
            .collect(),
        ambiguities: pairing.ambiguities,
    }
}

/// NB401 for `reports[this]` alone (an open document against the workspace).
pub fn check_one(reports: &[&Analysis], this: usize) -> CrossYears {
    match last_year(reports, this) {
        LastYear::None => CrossYears::default(),
        LastYear::One(last) => CrossYears {
            found: compare(reports, Pair { this, last }).collect(),
            ambiguities: Vec::new(),
        },
        LastYear::Ambiguous(a) => CrossYears {
            found: Vec::new(),
            ambiguities: vec![a],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(organ: &str, year: u32, carry_in: i64, carry_out: i64) -> Analysis {
        let rows: Vec<String> = crate::template::S3_T2021_ROWS
            .iter()
            .map(|r| {
                let v = match r.id {
                    "s3.carry_in" => carry_in,
                    "s3.carry_out" | "s3.new" => carry_out,
                    "s3.total" | "s3.granted" => carry_in,
                    _ => 0,
                };
                format!("{} | {v} | 0 | 0 | 0 | 0 | 0 | {v} |", r.label)
            })
            .collect();
        crate::analyse(&format!(
            "{organ}{year}年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n{}\n",
            rows.join("\n")
        ))
    }

    #[test]
    fn copies_count_once_and_differing_candidates_compare_with_none() {
        let this = report("某某县人民政府", 2025, 4, 0);
        let last = report("某某县人民政府", 2024, 0, 5);
        let copy = report("某某县人民政府", 2024, 0, 5);
        let draft = report("某某县人民政府", 2024, 0, 3);
        let other = report("另一县人民政府", 2024, 0, 5);

        // a copy: compared once, with the first
        let r = [&this, &last, &copy, &other];
        let c = check(&r);
        assert_eq!(c.found.len(), 2, "自然人 and 总计");
        assert!(c.found.iter().all(|f| f.this == 0 && f.last == 1));
        assert_eq!(
            c.found[0].note(),
            "2024年度报告“四、结转下年度继续办理”此栏为5"
        );
        assert!(c.ambiguities.is_empty());
        let one = check_one(&r, 0);
        assert_eq!(
            one.found
                .iter()
                .map(|f| f.cross.finding.span)
                .collect::<Vec<_>>(),
            c.found
                .iter()
                .map(|f| f.cross.finding.span)
                .collect::<Vec<_>>()
        );

        // a draft that differs: none
        let r = [&this, &last, &draft];
        for c in [check(&r), check_one(&r, 0)] {
            assert!(c.found.is_empty());
            assert_eq!(c.ambiguities.len(), 1);
            assert_eq!(c.ambiguities[0].candidates, [1, 2]);
            assert_eq!(
                c.ambiguities[0].note(|i| format!("r{i}")),
                "2 files are 某某县人民政府's report for 2024 and differ in 四、结转下年度继续办理 (r1, r2); 2025's carry-over (NB401) is not compared with either"
            );
        }

        // two years back is not last year; the same year is never compared
        let r = [
            &this,
            &report("某某县人民政府", 2023, 0, 5),
            &report("某某县人民政府", 2025, 1, 1),
        ];
        assert!(check(&r).found.is_empty());
    }
}
