//! Findings → LSP diagnostics and text edits.
//!
//! Each diagnostic carries its code, a `codeDescription` link to the rule's page when the client
//! said where the pages are ([`RuleDocs`], the `ruleDocs` setting), source `nianbao`, a few of
//! the finding's related spans as `relatedInformation` ([`shown_related`]), and its fixes in
//! `data` (already converted to ranges, as [`FixData`]) so a client can show or apply them
//! without asking the server to re-derive positions.
//!
//! Related spans are capped because the client parses every publication on every keystroke:
//! seed 001's two NB102 carried 86 related locations, a 20 KB message against the 150 bytes of
//! an empty list. The whole list is shown on demand, in the hover of the finding's cell
//! ([`related_hover`]).

use std::collections::HashMap;

use ropey::Rope;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, TextEdit, Uri,
};

use super::convert::{Encoding, Positions};
use crate::checks;
use crate::finding::{Applicability, Edit, Finding, Fix, Related, Severity};
use crate::span::Span;

/// `source` of every diagnostic.
pub const SOURCE: &str = "nianbao";

/// Where the rules' pages are, from the client's `ruleDocs` setting (a URI prefix): NB102's
/// page is `<prefix>NB102.md`, the text `nianbao explain NB102` prints (the files of
/// `src/checks/docs/`, which the VS Code extension ships). Without the setting there are no
/// links: diagnostics carry no `codeDescription` rather than one to a page that does not exist.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleDocs {
    /// Every rule's link, parsed once (a URI parse per diagnostic was a visible part of each
    /// publication). Empty: no links.
    hrefs: HashMap<&'static str, Uri>,
}

impl RuleDocs {
    /// The links under `prefix`, or why there can be none: `prefix` must be an absolute URI
    /// (with a scheme), such as `file:///opt/nianbao/rules/` or `https://example.org/rules/`.
    pub fn new(prefix: &str) -> Result<RuleDocs, String> {
        prefix
            .parse::<Uri>()
            .map_err(|e| format!("not a URI ({e}): {prefix:?}"))?;
        let hrefs = checks::RULES
            .iter()
            .map(|r| {
                let href = format!("{prefix}{}.md", r.code);
                match href.parse::<Uri>() {
                    Ok(uri) => Ok((r.code.as_str(), uri)),
                    Err(e) => Err(format!("{href:?} is not a URI ({e})")),
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(RuleDocs { hrefs })
    }

    /// The page of the rule `code`; `None` without `ruleDocs` or for a code that is no rule.
    pub fn href(&self, code: &str) -> Option<&Uri> {
        self.hrefs.get(code)
    }
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

/// Related locations a diagnostic carries at most (one more says how many were left out).
pub const RELATED_SHOWN: usize = 5;

/// The related spans a diagnostic shows: all of them when there are at most [`RELATED_SHOWN`]
/// (in the engine's order), else the [`RELATED_SHOWN`] nearest to the finding's span, nearest
/// first — for a broken relation, the cells next to the blamed one. Spans equal to the
/// finding's own (a relation lists its stated total too) are not among those picked: the
/// diagnostic already points there.
pub fn shown_related(finding: &Finding) -> Vec<&Related> {
    if finding.related.len() <= RELATED_SHOWN {
        return finding.related.iter().collect();
    }
    let at = finding.span;
    let distance = |s: Span| {
        s.start
            .saturating_sub(at.end)
            .max(at.start.saturating_sub(s.end))
    };
    let mut near: Vec<&Related> = finding.related.iter().filter(|r| r.span != at).collect();
    // stable: at equal distance the engine's order stands
    near.sort_by_key(|r| distance(r.span));
    near.truncate(RELATED_SHOWN);
    near
}

/// Every related location of the findings on `offset` whose diagnostics left some out, as a
/// hover section: one line each, `第90行 · （一）予以公开：60` (1-based lines). `None` when no
/// such finding is there.
pub fn related_hover(rope: &Rope, findings: &[Finding], offset: usize) -> Option<String> {
    let cut = findings
        .iter()
        .filter(|f| f.span.touches(offset) && f.related.len() > RELATED_SHOWN);
    let sections: Vec<String> = cut
        .map(|f| {
            let lines: Vec<String> = f
                .related
                .iter()
                .map(|r| {
                    let line = rope.byte_to_line(r.span.start.min(rope.len_bytes())) + 1;
                    format!("- 第{line}行 · {}", r.message)
                })
                .collect();
            let head = format!("**{}** 相关位置（{}处）", f.code, f.related.len());
            format!("{head}\n\n{}", lines.join("\n"))
        })
        .collect();
    (!sections.is_empty()).then(|| sections.join("\n\n"))
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

pub fn diagnostic(
    uri: &Uri,
    rope: &Rope,
    finding: &Finding,
    enc: Encoding,
    docs: &RuleDocs,
) -> Diagnostic {
    diagnostic_at(uri, &Positions::new(rope), finding, enc, docs)
}

fn diagnostic_at(
    uri: &Uri,
    pos: &Positions,
    finding: &Finding,
    enc: Encoding,
    docs: &RuleDocs,
) -> Diagnostic {
    let shown = shown_related(finding);
    let mut related: Vec<_> = shown
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), pos.range(r.span, enc)),
            message: r.message.clone(),
        })
        .collect();
    let hidden = finding.related.len() - shown.len();
    if hidden > 0 {
        // where the rest is: at the finding itself, whose hover lists them all
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), pos.range(finding.span, enc)),
            message: format!("另有{hidden}处相关位置，悬停于此查看全部"),
        });
    }
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
        code: Some(NumberOrString::String(finding.code.to_string())),
        code_description: docs
            .href(finding.code.as_str())
            .map(|href| CodeDescription { href: href.clone() }),
        source: Some(SOURCE.to_owned()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

/// Every finding as a diagnostic, sharing one [`Positions`] for all their positions.
pub fn diagnostics(
    uri: &Uri,
    rope: &Rope,
    findings: &[Finding],
    enc: Encoding,
    docs: &RuleDocs,
) -> Vec<Diagnostic> {
    let pos = Positions::new(rope);
    findings
        .iter()
        .map(|f| diagnostic_at(uri, &pos, f, enc, docs))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::Code;
    use tower_lsp_server::ls_types::{Position, Range};

    /// An NB102 on the first `165` of `text` with a safe fix to 164 and a related span.
    pub(crate) fn nb102(text: &str) -> Finding {
        let at = text.find("165").unwrap();
        let span = Span::new(at, at + 3);
        Finding::new(Code::NB102, span, "（七）总计 165 ≠ 164")
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
        let docs = RuleDocs::new("file:///opt/nianbao/rules/").unwrap();
        let d = diagnostic(&uri, &rope, &nb102(text), Encoding::Utf16, &docs);
        let range = Range::new(Position::new(1, 3), Position::new(1, 6));
        assert_eq!(d.range, range);
        assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(d.code, Some(NumberOrString::String("NB102".into())));
        assert_eq!(
            d.code_description.unwrap().href.as_str(),
            "file:///opt/nianbao/rules/NB102.md"
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
    fn links_only_where_the_client_said_the_pages_are() {
        let text = "总计\n165\n";
        let rope = Rope::from_str(text);
        let uri: Uri = "file:///r.txt".parse().unwrap();
        let d = diagnostic(
            &uri,
            &rope,
            &nb102(text),
            Encoding::Utf16,
            &RuleDocs::default(),
        );
        assert_eq!(d.code_description, None);
        let docs = RuleDocs::new("https://example.org/nianbao/rules/").unwrap();
        assert_eq!(
            docs.href("NB030").map(|u| u.as_str()),
            Some("https://example.org/nianbao/rules/NB030.md")
        );
        assert!(docs.href("NB999").is_none(), "not a rule");
        assert_eq!(docs.hrefs.len(), checks::RULES.len());
        for not_a_uri in [
            "",
            "rules/",
            "/opt/nianbao/rules/",
            "file:///a b/",
            "C:\\rules\\",
        ] {
            assert!(RuleDocs::new(not_a_uri).is_err(), "{not_a_uri:?}");
        }
    }

    /// A finding on line 10 of 20 one-digit lines, related to every line.
    fn many_related() -> (String, Finding) {
        let text: String = (0..20).map(|i| format!("{}\n", i % 10)).collect();
        let line = |i: usize| Span::new(2 * i, 2 * i + 1);
        let related = (0..20)
            .map(|i| Related {
                span: line(i),
                message: format!("第{i}项"),
            })
            .collect();
        let finding = Finding::new(Code::NB102, line(10), "总计不符").with_related(related);
        (text, finding)
    }

    #[test]
    fn a_long_related_list_is_cut_to_the_nearest_and_says_where_the_rest_is() {
        let (text, finding) = many_related();
        let shown: Vec<&str> = shown_related(&finding)
            .iter()
            .map(|r| r.message.as_str())
            .collect();
        // nearest first, the finding's own line left out, the earlier one first at a tie
        assert_eq!(shown, ["第9项", "第11项", "第8项", "第12项", "第7项"]);
        let rope = Rope::from_str(&text);
        let uri: Uri = "file:///r.txt".parse().unwrap();
        let d = diagnostic(&uri, &rope, &finding, Encoding::Utf16, &RuleDocs::default());
        let rel = d.related_information.unwrap();
        assert_eq!(rel.len(), RELATED_SHOWN + 1);
        assert_eq!(rel[RELATED_SHOWN].location.range, d.range);
        assert_eq!(
            rel[RELATED_SHOWN].message,
            "另有15处相关位置，悬停于此查看全部"
        );
        // the whole list on hover over the finding, 1-based lines
        let hover = related_hover(&rope, std::slice::from_ref(&finding), 21).unwrap();
        assert!(hover.starts_with("**NB102** 相关位置（20处）"), "{hover}");
        assert!(
            hover.contains("- 第1行 · 第0项\n- 第2行 · 第1项"),
            "{hover}"
        );
        assert!(hover.ends_with("- 第20行 · 第19项"), "{hover}");
        assert_eq!(
            related_hover(&rope, &[finding], 0),
            None,
            "not on the finding"
        );
    }

    #[test]
    fn a_short_related_list_stays_whole_and_in_order() {
        let text = "总计\n165\n";
        let mut finding = nb102(text);
        finding.related = (0..RELATED_SHOWN)
            .rev()
            .map(|i| Related {
                span: Span::new(i, i + 1),
                message: i.to_string(),
            })
            .collect();
        let order: Vec<&str> = shown_related(&finding)
            .iter()
            .map(|r| r.message.as_str())
            .collect();
        assert_eq!(order, ["4", "3", "2", "1", "0"]);
        let rope = Rope::from_str(text);
        assert_eq!(related_hover(&rope, &[finding], 8), None);
    }
}
