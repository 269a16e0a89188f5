//! The workspace index: reports found in the workspace folders, kept so that an open report
//! can be compared with the same organ's report of the year before (NB401, across files).
//!
//! Only the translation lives here. Which files are read, which are reports, which report is
//! last year's (and what happens with copies) and what must match are decided in
//! `crate::corpus`, the same as for `nianbao check`. The index keeps, per file, the little the
//! comparison needs — organ, year, a few rows of the tables and the prose's comparisons with last
//! year (`corpus::slim`) — and the
//! ranges of those cells in the file, so that related information can point into a file that
//! is not open.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use ropey::Rope;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticRelatedInformation, Location, Range, Uri};

use super::convert::{self, Encoding};
use super::diagnostics;
use crate::analysis::Analysis;
use crate::corpus::{self, years};
use crate::finding::Finding;
use crate::span::Span;

/// At most this many files are indexed (each at most `corpus::MAX_BYTES`): a workspace that is
/// a whole archive is not read into memory.
pub const MAX_FILES: usize = 5_000;

/// One indexed report: organ, year, table 三, and the range of each of its cells.
#[derive(Debug, Clone)]
pub struct Indexed {
    pub analysis: Analysis,
    pub ranges: HashMap<Span, Range>,
}

/// Reports of the workspace by URI.
#[derive(Debug, Default)]
pub struct WorkspaceIndex {
    files: RwLock<Files>,
    /// Notes already logged since the index last changed (a note comes with every analysis of
    /// the open report; it is logged once).
    noted: Mutex<HashSet<String>>,
}

/// The indexed reports, and which of them are filed under each organ and year
/// (`years::filed_under`): the candidates for an open report's last year are a lookup, not a
/// question asked of every file on every publication (3,000 files took ~0.2 ms).
#[derive(Debug, Default)]
struct Files {
    by_uri: HashMap<Uri, Indexed>,
    by_organ_year: HashMap<(String, u32), Vec<Uri>>,
}

impl Files {
    fn insert(&mut self, uri: Uri, indexed: Option<Indexed>) {
        if let Some(old) = self.by_uri.remove(&uri) {
            self.unfile(&uri, &old);
        }
        if let Some(indexed) = indexed {
            if let Some(key) = years::filed_under(&indexed.analysis) {
                self.by_organ_year.entry(key).or_default().push(uri.clone());
            }
            self.by_uri.insert(uri, indexed);
        }
    }

    fn unfile(&mut self, uri: &Uri, old: &Indexed) {
        let Some(key) = years::filed_under(&old.analysis) else {
            return;
        };
        if let Some(uris) = self.by_organ_year.get_mut(&key) {
            uris.retain(|u| u != uri);
            if uris.is_empty() {
                self.by_organ_year.remove(&key);
            }
        }
    }

    /// The reports filed under `organ` and `year`.
    fn filed_under(&self, organ: String, year: u32) -> impl Iterator<Item = (&Uri, &Indexed)> {
        let uris = self.by_organ_year.get(&(organ, year));
        uris.into_iter()
            .flatten()
            .filter_map(|u| Some((u, self.by_uri.get(u)?)))
    }
}

/// NB401 of an open report against the index.
#[derive(Debug, Default)]
pub struct CrossYear {
    pub diagnostics: Vec<Diagnostic>,
    /// Why last year's report was not compared (candidates that differ), one line each, not
    /// logged before.
    pub notes: Vec<String>,
}

/// Files under `folders` that may be reports (`corpus::find`: the command line's walk and skip
/// rules), at most [`MAX_FILES`] in all. Folders that cannot be read are passed over.
pub fn report_files(folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for folder in folders {
        out.extend(corpus::find(folder, MAX_FILES - out.len()).files);
        if out.len() >= MAX_FILES {
            break;
        }
    }
    out
}

/// Read and analyse one file for the index, in whatever form it is (`corpus::load`: last
/// year's report is often the published PDF or the Word file); `None` if it is not a report
/// (or unreadable).
pub fn index_file(path: &Path, enc: Encoding) -> Option<Indexed> {
    let loaded = corpus::load(corpus::read_bytes(path).ok()?).ok()?;
    if !corpus::is_annual_report(loaded.plain()) {
        return None;
    }
    let analysis = loaded.analyse();
    if loaded.is_text() {
        return Some(slim(&analysis, &loaded.decoded.text, enc));
    }
    // an editor shows a Word file or a PDF as neither lines nor columns: a related location
    // names the file, at its start
    Some(slim_with(&analysis, |_| Range::default()))
}

/// Keep only what the comparison across years needs (`corpus::slim`), with the ranges of the
/// cells kept.
pub fn slim(full: &Analysis, text: &str, enc: Encoding) -> Indexed {
    let rope = Rope::from_str(text);
    slim_with(full, |span| convert::range(&rope, span, enc))
}

fn slim_with(full: &Analysis, range: impl Fn(Span) -> Range) -> Indexed {
    let analysis = corpus::slim(full);
    let ranges = analysis
        .report
        .tables
        .iter()
        .flat_map(|t| t.cells().map(|(_, c)| c.span).collect::<Vec<_>>())
        .map(|span| (span, range(span)))
        .collect();
    Indexed { analysis, ranges }
}

/// How a file of the index is named in a note: its path when it has one.
fn name(uri: &Uri) -> String {
    uri.to_file_path()
        .map_or_else(|| uri.as_str().to_owned(), |p| p.display().to_string())
}

impl WorkspaceIndex {
    pub fn insert(&self, uri: Uri, indexed: Option<Indexed>) {
        self.files.write().unwrap().insert(uri, indexed);
        self.noted.lock().unwrap().clear();
    }

    pub fn len(&self) -> usize {
        self.files.read().unwrap().by_uri.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// NB401 for the open document `uri` (its current `analysis` on `rope`) against last
    /// year's report of its organ in the index (`corpus::years::check_one`; the other reports
    /// in path order, so the copy taken is the one `nianbao check` takes).
    /// `visible` applies the user's settings (disabled checks, severities) to each finding;
    /// `docs` links the diagnostics to the rules' pages.
    pub fn cross_year(
        &self,
        uri: &Uri,
        analysis: &Analysis,
        rope: &Rope,
        enc: Encoding,
        visible: impl Fn(&[Finding]) -> Vec<Finding>,
        docs: &diagnostics::RuleDocs,
    ) -> CrossYear {
        let Some((organ, year)) = years::filed_under(analysis) else {
            return CrossYear::default();
        };
        let files = self.files.read().unwrap();
        // the candidates only (few), in path order
        let mut others: Vec<(PathBuf, &Uri, &Indexed)> = files
            .filed_under(organ, year.saturating_sub(1))
            .filter(|(u, i)| *u != uri && years::may_be_last_year(analysis, &i.analysis))
            .map(|(u, i)| {
                let path = u.to_file_path().map(|p| p.into_owned());
                (path.unwrap_or_default(), u, i)
            })
            .collect();
        if others.is_empty() {
            return CrossYear::default();
        }
        others.sort_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
        let mut reports: Vec<&Analysis> = vec![analysis];
        reports.extend(others.iter().map(|(_, _, i)| &i.analysis));
        let cross = years::check_one(&reports, 0);
        let diagnostics = cross
            .found
            .iter()
            .filter_map(|found| {
                let (_, other_uri, other) = others[found.last - 1];
                let shown = visible(std::slice::from_ref(&found.cross.finding));
                let mut d = diagnostics::diagnostics(uri, rope, &shown, enc, docs).pop()?;
                let range = *other.ranges.get(&found.cross.other_span)?;
                // after the finding's own related cells (NB511's this year's figure), as the
                // command line lists them
                d.related_information.get_or_insert_with(Vec::new).push(
                    DiagnosticRelatedInformation {
                        location: Location {
                            uri: other_uri.clone(),
                            range,
                        },
                        message: found.note(),
                    },
                );
                Some(d)
            })
            .collect();
        let mut noted = self.noted.lock().unwrap();
        let notes = cross
            .ambiguities
            .iter()
            .map(|a| a.note(|j| name(others[j - 1].1)))
            .filter(|n| noted.insert(n.clone()))
            .collect();
        CrossYear { diagnostics, notes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real 005 (平潭 2025), with its title's year moved.
    fn report(year: u32) -> Indexed {
        let text = include_str!("../../tests/corpus/real/005_pingtan_2025.txt").replacen(
            "2025",
            &year.to_string(),
            1,
        );
        let analysis = crate::analyse(&text);
        assert_eq!(
            analysis.report.year,
            Some(year),
            "the title's year is the first"
        );
        slim(&analysis, &text, Encoding::Utf16)
    }

    fn uri(name: &str) -> Uri {
        format!("file:///w/{name}.txt").parse().unwrap()
    }

    /// The URIs filed under the organ of real 005 and `year`.
    fn filed(files: &Files, year: u32) -> Vec<String> {
        let (organ, _) = years::filed_under(&report(year).analysis).unwrap();
        let mut out: Vec<String> = files
            .filed_under(organ, year)
            .map(|(u, _)| u.as_str().to_owned())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn files_are_filed_under_their_organ_and_year_as_they_change() {
        let mut files = Files::default();
        files.insert(uri("a"), Some(report(2024)));
        files.insert(uri("b"), Some(report(2024)));
        files.insert(uri("c"), Some(report(2023)));
        assert_eq!(filed(&files, 2024), ["file:///w/a.txt", "file:///w/b.txt"]);
        assert_eq!(filed(&files, 2023), ["file:///w/c.txt"]);
        // a file rewritten as another year's report moves; one no longer a report leaves
        files.insert(uri("b"), Some(report(2023)));
        files.insert(uri("c"), None);
        assert_eq!(filed(&files, 2024), ["file:///w/a.txt"]);
        assert_eq!(filed(&files, 2023), ["file:///w/b.txt"]);
        files.insert(uri("a"), None);
        files.insert(uri("b"), None);
        assert!(files.by_uri.is_empty() && files.by_organ_year.is_empty());
    }
}
