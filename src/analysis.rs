//! The engine's public face: text in, report model and findings out.

use crate::finding::Finding;
use crate::model::Report;

/// The result of analysing one report text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub report: Report,
    /// Sorted by position, then code.
    pub findings: Vec<Finding>,
    /// The prose's comparisons with last year (`较上年增加20件`), kept for the check across
    /// years (NB511), which needs last year's report too (`crossyear`).
    pub yoy: Vec<crate::checks::yoy::Statement>,
}

/// Read `text`, bind its tables to the templates and run every check.
pub fn analyse(text: &str) -> Analysis {
    Session {
        regions: crate::reader::cache::RegionCache::none(),
    }
    .analyse(text)
}

/// Analyse a Word document's `word/document.xml`: findings and spans in its bytes.
pub fn analyse_docx(xml: &str) -> Analysis {
    Session {
        regions: crate::reader::cache::RegionCache::none(),
    }
    .analyse_docx(xml)
}

/// Successive analyses of one document as it is edited (an editor's open file). The table
/// regions whose text did not change are not read again, so a keystroke in the narrative
/// re-reads no table and one in a table re-reads that table's region only. The result is
/// always what [`analyse`] gives for the same text.
#[derive(Default)]
pub struct Session {
    regions: crate::reader::cache::RegionCache,
}

impl Session {
    pub fn new() -> Self {
        Session::default()
    }

    pub fn analyse(&mut self, text: &str) -> Analysis {
        if crate::reader::html::is_html(text) {
            use crate::reader::sourcemap::MapSpans;
            let view = crate::reader::html::read(text);
            let mut analysis = self.analyse_text(&view.text);
            analysis.map_spans(&view.map);
            for s in &mut analysis.yoy {
                s.span = view.map.span(s.span);
            }
            sort(&mut analysis.findings);
            return analysis;
        }
        self.analyse_text(text)
    }

    /// A Word document's `word/document.xml` (`reader::docx`): read as a document, its view
    /// analysed, every span given back in `document.xml`'s bytes. The places of its cells are
    /// [`crate::reader::docx::read`]'s.
    pub fn analyse_docx(&mut self, xml: &str) -> Analysis {
        let docx = crate::reader::docx::read(xml);
        let mut analysis = self.analyse_text(&docx.view.text);
        docx.map_analysis(xml, &mut analysis);
        sort(&mut analysis.findings);
        analysis
    }

    /// [`Session::analyse`] of plain text (every text layout).
    fn analyse_text(&mut self, text: &str) -> Analysis {
        let (report, facts, mut findings) = crate::reader::read_with(text, &mut self.regions);
        findings.extend(crate::checks::run(text, &report, &facts));
        sort(&mut findings);
        let yoy = crate::checks::yoy::statements(text, &report);
        Analysis {
            report,
            findings,
            yoy,
        }
    }

    /// How many table regions were read, and how many reused, since the session began.
    pub fn region_counts(&self) -> (usize, usize) {
        (self.regions.reads, self.regions.reuses)
    }
}

/// Findings in the order every output shows them: by position, then code.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, a.code, a.span.end).cmp(&(b.span.start, b.code, b.span.end))
    });
}
