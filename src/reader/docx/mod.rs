//! Word files (`.docx`, also what WPS and LibreOffice save), read as documents. The source text
//! is the package's `word/document.xml` ([`package`] takes it out of the zip, from memory,
//! within limits); [`body`] reads its paragraphs and tables, in order, into the HTML reader's
//! blocks and tables ([`table`] turns Word's merged cells into rowspans), so the same grid
//! placing and view writer make the plain view the binders read. Every span of the analysis is
//! then moved back onto `document.xml`'s bytes, and a fix is kept only when it rewrites the
//! characters of `w:t` text (a number split over runs: the value in the first run's
//! characters, the others emptied) or writes a new run into an empty cell.
//!
//! `document.xml` is one long line: a finding's location for people is its [`Place`] (table,
//! row, grid column, the row's text), which [`read`] gives for every cell, row and paragraph.
//!
//! [`Place`]: crate::reader::place::Place

pub mod body;
pub mod package;
pub mod table;

pub use package::{document_xml, is_legacy, is_zip, replace_document_xml, DocxError};

use crate::analysis::Analysis;
use crate::finding::{Edit, Fix};
use crate::reader::html::{view, View};
use crate::reader::place::Places;
use crate::reader::sourcemap::MapSpans;
use crate::span::Span;
use table::Insertion;

/// A Word document as the engine reads it: the plain view, where each cell, row and paragraph
/// of `document.xml` is, and where values can be written into empty cells.
#[derive(Debug, Default)]
pub struct Docx {
    pub view: View,
    pub places: Places,
    insertions: Vec<Insertion>,
}

/// Read `word/document.xml`.
pub fn read(xml: &str) -> Docx {
    let body = body::parse(xml);
    Docx {
        view: view::write(&body.blocks, xml.len()),
        places: body.places,
        insertions: body.insertions,
    }
}

impl Docx {
    /// Move an analysis of [`Docx::view`] onto `document.xml` (`xml`): every span, and the fixes
    /// that can be written into the Word file (the others are dropped).
    pub fn map_analysis(&self, xml: &str, analysis: &mut Analysis) {
        let fixes: Vec<Vec<Fix>> = analysis
            .findings
            .iter_mut()
            .map(|f| std::mem::take(&mut f.fixes))
            .collect();
        analysis.map_spans(&self.view.map);
        for (finding, fixes) in analysis.findings.iter_mut().zip(fixes) {
            finding.fixes = fixes
                .into_iter()
                .filter_map(|fix| self.map_fix(xml, fix))
                .collect();
        }
    }

    fn map_fix(&self, xml: &str, mut fix: Fix) -> Option<Fix> {
        let mut edits = Vec::with_capacity(fix.edits.len());
        for e in &fix.edits {
            edits.extend(self.map_edit(xml, e)?);
        }
        fix.edits = edits;
        Some(fix)
    }

    /// An edit of the view as edits of `document.xml`, when it can be written there.
    fn map_edit(&self, xml: &str, e: &Edit) -> Option<Vec<Edit>> {
        let value = escape(&e.replacement);
        if e.span.is_empty() {
            let at = self.view.map.start(e.span.start);
            let i = self.insertions.binary_search_by_key(&at, |i| i.at).ok()?;
            let ins = &self.insertions[i];
            xml.get(at..at + ins.replace)?;
            return Some(vec![Edit {
                span: Span::new(at, at + ins.replace),
                replacement: format!("{}{value}{}", ins.prefix, ins.suffix),
            }]);
        }
        let pieces = self.view.map.pieces(e.span)?;
        let edits = pieces
            .into_iter()
            .enumerate()
            .map(|(i, span)| Edit {
                span,
                replacement: if i == 0 { value.clone() } else { String::new() },
            })
            .collect();
        Some(edits)
    }
}

/// Text as XML character data.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests;
