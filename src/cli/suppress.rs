//! Findings the reviewer has accepted: inline markers in the report, and a baseline file.
//!
//! **Inline marker.** A line of the report holding `nianbao-disable CODE [CELL-ID…]` suppresses
//! that code's findings in the whole file, or only those on the given cells. The marker is found
//! anywhere in a line, so it can hide in an HTML or markdown comment or stand on a line of its
//! own in a .txt report:
//!
//! ```text
//! <!-- nianbao-disable NB102 s3.total:natural -->
//! # nianbao-disable NB024
//! ```
//!
//! Several codes may be given (`NB024,NB026` or `NB024 NB026`); cell ids are those
//! `nianbao tables` and the baseline use (`s3.total:natural`, `s4.review:total`).
//!
//! **Baseline.** A JSON file listing fingerprints of accepted findings. A fingerprint names the
//! organ and year of the report, the table, the cell (row and column) and the code, and the
//! number printed in the cell — never a line number, so the finding stays accepted when lines
//! are added or removed elsewhere, and comes back when the cell's number changes. A finding that
//! is not on a cell is keyed by its message (which carries its numbers).

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use nianbao::{Analysis, Finding};

/// What identifies a finding across edits of the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The organ from the title, or the file name when the report names none.
    pub organ: String,
    pub year: Option<u32>,
    pub code: String,
    /// `s3`, `s4`, `s2.a1`; `None` when the finding is not on a cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// `s3.total:natural`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// The cell's text (`165`), or the message for a finding not on a cell.
    pub value: String,
}

/// The table and cell id of the cell whose span is the finding's span.
pub fn cell_of(analysis: &Analysis, finding: &Finding) -> Option<(String, String)> {
    analysis.report.tables.iter().find_map(|t| {
        t.cells()
            .find(|(_, c)| c.span == finding.span)
            .map(|(at, _)| (t.kind().id(), t.template.cell_id(at)))
    })
}

pub fn fingerprint(path: &str, text: &str, analysis: &Analysis, finding: &Finding) -> Fingerprint {
    let organ = analysis.report.organ.clone().unwrap_or_else(|| {
        Path::new(path)
            .file_name()
            .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
    });
    let organ = nianbao::corpus::organ_key(&organ);
    let (table, cell, value) = match cell_of(analysis, finding) {
        Some((table, cell)) => (
            Some(table),
            Some(cell),
            text.get(finding.span.start..finding.span.end)
                .unwrap_or_default()
                .to_owned(),
        ),
        None => (None, None, finding.message.clone()),
    };
    Fingerprint {
        organ,
        year: analysis.report.year,
        code: finding.code.to_string(),
        table,
        cell,
        value,
    }
}

/// The baseline file's content.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version: 1.
    pub version: u32,
    pub findings: BTreeSet<Fingerprint>,
}

impl Baseline {
    /// Read `path`; a missing file is an empty baseline (the first run before `--write-baseline`).
    pub fn read(path: &Path) -> Result<Baseline, String> {
        match std::fs::read_to_string(path) {
            Ok(s) => serde_json::from_str(&s)
                .map_err(|e| format!("{}: not a nianbao baseline file: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Baseline::default()),
            Err(e) => Err(format!(
                "{}: cannot read: {}",
                path.display(),
                super::input::io_reason(&e)
            )),
        }
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut s = serde_json::to_string_pretty(&Baseline {
            version: 1,
            findings: self.findings.clone(),
        })
        .expect("baseline serializes");
        s.push('\n');
        std::fs::write(path, s).map_err(|e| {
            format!(
                "{}: cannot write: {}",
                path.display(),
                super::input::io_reason(&e)
            )
        })
    }

    pub fn contains(&self, f: &Fingerprint) -> bool {
        self.findings.contains(f)
    }
}

/// One `nianbao-disable` marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub codes: Vec<String>,
    /// Empty: every cell.
    pub cells: Vec<String>,
}

const KEYWORD: &str = "nianbao-disable";

/// The markers of a report text.
pub fn markers(text: &str) -> Vec<Marker> {
    if !text.contains(KEYWORD) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(at) = line.find(KEYWORD) else {
            continue;
        };
        let rest = &line[at + KEYWORD.len()..];
        let rest = rest.split("-->").next().unwrap_or(rest);
        let mut marker = Marker {
            codes: Vec::new(),
            cells: Vec::new(),
        };
        for token in rest
            .split(|c: char| c.is_whitespace() || c == ',' || c == '，')
            .filter(|t| !t.is_empty())
        {
            let upper = token.to_ascii_uppercase();
            if upper.len() == 5
                && upper.starts_with("NB")
                && upper[2..].bytes().all(|b| b.is_ascii_digit())
            {
                marker.codes.push(upper);
            } else if token.contains(':') {
                marker.cells.push(token.to_owned());
            }
        }
        if !marker.codes.is_empty() {
            out.push(marker);
        }
    }
    out
}

/// Does a marker suppress this finding?
pub fn disabled(markers: &[Marker], analysis: &Analysis, finding: &Finding) -> bool {
    if markers.is_empty() {
        return false;
    }
    let mut cell: Option<Option<String>> = None;
    markers.iter().any(|m| {
        if !m.codes.iter().any(|c| c == finding.code.as_str()) {
            return false;
        }
        if m.cells.is_empty() {
            return true;
        }
        let id = cell.get_or_insert_with(|| cell_of(analysis, finding).map(|(_, c)| c));
        id.as_ref().is_some_and(|id| m.cells.contains(id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read_from_comments_and_plain_lines() {
        let text = "标题\n<!-- nianbao-disable NB102 s3.total:natural -->\n# nianbao-disable nb024,NB026\n正文 nianbao-disable\n";
        let m = markers(text);
        assert_eq!(
            m,
            vec![
                Marker {
                    codes: vec!["NB102".into()],
                    cells: vec!["s3.total:natural".into()]
                },
                Marker {
                    codes: vec!["NB024".into(), "NB026".into()],
                    cells: vec![]
                },
            ]
        );
    }

    #[test]
    fn a_marker_on_a_cell_suppresses_only_that_cell() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/unbalanced.txt"
        ))
        .unwrap();
        let a = nianbao::analyse(&text);
        let f = a.findings.iter().find(|f| f.code == "NB101").unwrap();
        let (_, id) = cell_of(&a, f).expect("NB101 is on a cell");
        let on = markers(&format!("# nianbao-disable NB101 {id}\n"));
        let off = markers("# nianbao-disable NB101 s3.total:natural\n");
        assert!(disabled(&on, &a, f));
        assert!(!disabled(&off, &a, f));
        assert!(disabled(&markers("# nianbao-disable NB101\n"), &a, f));
    }
}
