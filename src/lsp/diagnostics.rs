//! Findings → LSP diagnostics and text edits.
//!
//! Each diagnostic carries its code, a `codeDescription` link ([`rule_href`]), source
//! `nianbao`, the finding's related spans as `relatedInformation`, and its fixes in `data`
//! (already converted to ranges, as [`FixData`]) so a client can show or apply them without
//! asking the server to re-derive positions.

use ropey::Rope;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, TextEdit, Uri,
};

use super::convert::{Encoding, Positions};
use crate::checks;
use crate::finding::{Applicability, Edit, Finding, Fix, Severity};

/// `source` of every diagnostic.
pub const SOURCE: &str = "nianbao";

/// Where a rule's documentation lives: `https://nianbao.invalid/rules/NB102`. The host is a
/// placeholder (`.invalid` never resolves); the page is the text `nianbao explain NB102` prints.
pub const RULES_BASE: &str = "https://nianbao.invalid/rules/";

pub fn rule_href(code: &str) -> Option<Uri> {
    checks::rule(code)?;
    format!("{RULES_BASE}{code}").parse().ok()
}

/// [`rule_href`] of every rule, parsed once (a URI parse per diagnostic was a visible part of
/// each publication).
fn rule_hrefs() -> &'static std::collections::HashMap<&'static str, Uri> {
    static HREFS: std::sync::OnceLock<std::collections::HashMap<&'static str, Uri>> =
        std::sync::OnceLock::new();
    HREFS.get_or_init(|| {
        checks::RULES
            .iter()
            .filter_map(|r| Some((r.code, rule_href(r.code)?)))
            .collect()
    })
}

/// One fix as it travels in `Diagnostic.data.fixes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixData {
    pub title: String,
    /// `safe` or `suggested`.
    pub applicability: String,
    pub edits: Vec<TextEdit>,
}

/// What `Diagnostic.data` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticData {
    pub fixes: Vec<FixData>,
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

fn text_edit_at(pos: &Positions, edit: &Edit, enc: Encoding) -> TextEdit {
    TextEdit::new(pos.range(edit.span, enc), edit.replacement.clone())
}

/// The edits as LSP text edits, sharing one [`Positions`].
pub fn text_edits<'a>(
    rope: &Rope,
    edits: impl IntoIterator<Item = &'a Edit>,
    enc: Encoding,
) -> Vec<TextEdit> {
    let pos = Positions::new(rope);
    edits
        .into_iter()
        .map(|e| text_edit_at(&pos, e, enc))
        .collect()
}

fn fix_data(pos: &Positions, fix: &Fix, enc: Encoding) -> FixData {
    FixData {
        title: fix.title.clone(),
        applicability: match fix.applicability {
            Applicability::Safe => "safe",
            Applicability::Suggested => "suggested",
        }
        .to_owned(),
        edits: fix
            .edits
            .iter()
            .map(|e| text_edit_at(pos, e, enc))
            .collect(),
    }
}

pub fn diagnostic(uri: &Uri, rope: &Rope, finding: &Finding, enc: Encoding) -> Diagnostic {
    diagnostic_at(uri, &Positions::new(rope), finding, enc)
}

fn diagnostic_at(uri: &Uri, pos: &Positions, finding: &Finding, enc: Encoding) -> Diagnostic {
    let related: Vec<_> = finding
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), pos.range(r.span, enc)),
            message: r.message.clone(),
        })
        .collect();
    let data = DiagnosticData {
        fixes: finding
            .fixes
            .iter()
            .map(|f| fix_data(pos, f, enc))
            .collect(),
    };
    Diagnostic {
        range: pos.range(finding.span, enc),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_owned())),
        code_description: rule_hrefs()
            .get(finding.code)
            .map(|href| CodeDescription { href: href.clone() }),
        source: Some(SOURCE.to_owned()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

/// Every finding as a diagnostic, sharing one [`Positions`] for all their positions.
pub fn diagnostics(uri: &Uri, rope: &Rope, findings: &[Finding], enc: Encoding) -> Vec<Diagnostic> {
    let pos = Positions::new(rope);
    findings
        .iter()
        .map(|f| diagnostic_at(uri, &pos, f, enc))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::finding::Related;
    use crate::span::Span;
    use tower_lsp_server::ls_types::{Position, Range};

    /// An NB102 on the first `165` of `text` with a safe fix to 164 and a related span.
    pub(crate) fn nb102(text: &str) -> Finding {
        let at = text.find("165").unwrap();
        let span = Span::new(at, at + 3);
        Finding::new("NB102", Severity::Error, span, "（七）总计 165 ≠ 164")
            .with_related(vec![Related {
                span: Span::new(0, 3),
                message: "各项之和".into(),
            }])
            .with_fix(Fix {
                title: "改为164".into(),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span,
                    replacement: "164".into(),
                }],
            })
    }

    #[test]
    fn a_finding_becomes_a_full_diagnostic() {
        let text = "总计\r\n𠀀 165\n";
        let rope = Rope::from_str(text);
        let uri: Uri = "file:///r.txt".parse().unwrap();
        let d = diagnostic(&uri, &rope, &nb102(text), Encoding::Utf16);
        let range = Range::new(Position::new(1, 3), Position::new(1, 6));
        assert_eq!(d.range, range);
        assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(d.code, Some(NumberOrString::String("NB102".into())));
        assert_eq!(
            d.code_description.unwrap().href.as_str(),
            "https://nianbao.invalid/rules/NB102"
        );
        assert_eq!(d.source.as_deref(), Some("nianbao"));
        let rel = d.related_information.unwrap();
        assert_eq!(
            rel[0].location.range,
            Range::new(Position::new(0, 0), Position::new(0, 1))
        );
        let data: DiagnosticData = serde_json::from_value(d.data.unwrap()).unwrap();
        assert_eq!(
            data.fixes,
            [FixData {
                title: "改为164".into(),
                applicability: "safe".into(),
                edits: vec![TextEdit::new(range, "164".into())],
            }]
        );
    }

    #[test]
    fn unknown_codes_get_no_link() {
        assert!(rule_href("NB999").is_none());
        assert!(rule_href("NB030").is_some());
    }
}
