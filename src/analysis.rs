//! The engine's public face: text in, report model and findings out.

use crate::finding::Finding;
use crate::model::Report;

/// The result of analysing one report text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub report: Report,
    /// Sorted by position, then code.
    pub findings: Vec<Finding>,
}

/// Read `text`, bind its tables to the templates and run every check.
pub fn analyse(text: &str) -> Analysis {
    let (report, mut findings) = crate::reader::read(text);
    findings.extend(crate::checks::run(&report));
    findings.sort_by(|a, b| {
        (a.span.start, a.code, a.span.end).cmp(&(b.span.start, b.code, b.span.end))
    });
    Analysis { report, findings }
}

/// Cheap test: does this text look like an annual report at all? Used by the server to skip
/// other documents without analysing them.
pub fn looks_like_report(text: &str) -> bool {
    const MARKERS: &[&str] = &["政府信息公开", "本年新收", "行政复议", "第二十条"];
    MARKERS.iter().filter(|m| text.contains(*m)).count() >= 2
}
