//! The workspace index: reports found in the workspace folders, kept so that an open report
//! can be compared with the same organ's report of the year before (NB401, across files).
//!
//! Only the translation lives here: which reports pair up and what must match is the engine's
//! (`crate::crossyear`). The index keeps, per file, the little the comparison needs — organ,
//! year and table 三 — and the ranges of that table's cells in the file, so that related
//! information can point into a file that is not open.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use ropey::Rope;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticRelatedInformation, Location, Range, Uri};

use super::convert::{self, Encoding};
use super::diagnostics;
use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::model::Report;
use crate::span::Span;
use crate::template::TableKind;

/// At most this many files are indexed, each at most this large: a workspace that is a whole
/// archive is not read into memory.
pub const MAX_FILES: usize = 5_000;
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// One indexed report: organ, year, table 三, and the range of each of its cells.
#[derive(Debug, Clone)]
pub struct Indexed {
    pub analysis: Analysis,
    pub ranges: HashMap<Span, Range>,
}

/// Reports of the workspace by URI.
#[derive(Debug, Default)]
pub struct WorkspaceIndex {
    files: RwLock<HashMap<Uri, Indexed>>,
}

/// Files under `folders` that may be reports (`.txt`, `.md`, `.html`, `.htm`), skipping hidden
/// folders and build output, at most [`MAX_FILES`].
pub fn report_files(folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = folders.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().to_string();
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() {
                if !name.starts_with('.') && name != "target" && name != "node_modules" {
                    stack.push(e.path());
                }
            } else if kind.is_file() && is_report_name(&name) {
                if out.len() >= MAX_FILES {
                    return out;
                }
                out.push(e.path());
            }
        }
    }
    out
}

fn is_report_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".txt", ".md", ".html", ".htm"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Read and analyse one file for the index; `None` if it is not a report (or unreadable).
pub fn index_file(path: &Path, enc: Encoding) -> Option<Indexed> {
    if std::fs::metadata(path).ok()?.len() > MAX_BYTES {
        return None;
    }
    let text = crate::text::decode(&std::fs::read(path).ok()?).ok()?.text;
    if !crate::looks_like_report(&text) {
        return None;
    }
    Some(slim(crate::analyse(&text), &text, enc))
}

/// Keep only what the comparison across years needs, with the ranges of table 三's cells.
pub fn slim(full: Analysis, text: &str, enc: Encoding) -> Indexed {
    let rope = Rope::from_str(text);
    let tables: Vec<_> = full
        .report
        .tables
        .into_iter()
        .filter(|t| t.kind() == TableKind::S3)
        .collect();
    let ranges = tables
        .iter()
        .flat_map(|t| t.cells().map(|(_, c)| c.span).collect::<Vec<_>>())
        .map(|span| (span, convert::range(&rope, span, enc)))
        .collect();
    let report = Report {
        year: full.report.year,
        organ: full.report.organ,
        sections: Vec::new(),
        tables,
    };
    Indexed {
        analysis: Analysis {
            report,
            findings: Vec::new(),
        },
        ranges,
    }
}

impl WorkspaceIndex {
    pub fn insert(&self, uri: Uri, indexed: Option<Indexed>) {
        let mut files = self.files.write().unwrap();
        match indexed {
            Some(i) => files.insert(uri, i),
            None => files.remove(&uri),
        };
    }

    pub fn len(&self) -> usize {
        self.files.read().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// NB401 diagnostics for the open document `uri` (its current `analysis` on `rope`), against
    /// every other indexed report.
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
    ) -> Vec<Diagnostic> {
        let files = self.files.read().unwrap();
        let others: Vec<(&Uri, &Indexed)> = files.iter().filter(|(u, _)| *u != uri).collect();
        if others.is_empty() {
            return Vec::new();
        }
        let mut reports: Vec<&Analysis> = vec![analysis];
        reports.extend(others.iter().map(|(_, i)| &i.analysis));
        crate::crossyear::check(&reports)
            .into_iter()
            .filter(|c| c.report == 0 && c.other > 0)
            .filter_map(|c| {
                let (other_uri, other) = others[c.other - 1];
                let shown = visible(std::slice::from_ref(&c.finding));
                let mut d = diagnostics::diagnostics(uri, rope, &shown, enc, docs).pop()?;
                let range = *other.ranges.get(&c.other_span)?;
                d.related_information = Some(vec![DiagnosticRelatedInformation {
                    location: Location {
                        uri: other_uri.clone(),
                        range,
                    },
                    message: "上一年度报告的“四、结转下年度继续办理”".to_owned(),
                }]);
                Some(d)
            })
            .collect()
    }
}
