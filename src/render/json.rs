//! Findings for programs: JSON Lines, one object per finding, in a stable shape (README.md,
//! "JSON output"). Positions are 1-based lines and columns counted in Unicode characters, with
//! exclusive end columns; byte offsets are into the decoded UTF-8 text (a BOM removed).

use serde::Serialize;

use super::Source;
use crate::finding::{Applicability, Finding, Severity};
use crate::span::Span;

/// One finding as printed by `nianbao check --format json`. Field order is the output order.
#[derive(Debug, Clone, Serialize)]
pub struct JsonFinding<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// Where the finding is in a Word (or PDF) document: table, row, column, the row's text.
    /// Lines, columns and byte offsets are then those of the text analysed (`document.xml`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<&'a crate::reader::place::Place>,
    pub related: Vec<JsonRelated<'a>>,
    pub fixes: Vec<JsonFix<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JsonRelated<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<&'a crate::reader::place::Place>,
    pub message: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct JsonFix<'a> {
    pub title: &'a str,
    pub applicability: Applicability,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JsonEdit<'a> {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub replacement: &'a str,
}

/// Positions of a span in the shape all objects share.
struct Place {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
}

fn place(src: &Source, span: Span) -> Place {
    let r = src.range(span);
    Place {
        line: r.line,
        column: r.column,
        end_line: r.end_line,
        end_column: r.end_column,
        byte_start: span.start,
        byte_end: span.end,
    }
}

pub fn to_json<'a>(src: &Source<'a>, finding: &'a Finding) -> JsonFinding<'a> {
    let p = place(src, finding.span);
    JsonFinding {
        code: finding.code.as_str(),
        severity: finding.severity,
        message: &finding.message,
        path: src.path,
        line: p.line,
        column: p.column,
        end_line: p.end_line,
        end_column: p.end_column,
        byte_start: p.byte_start,
        byte_end: p.byte_end,
        place: src.place(finding.span),
        related: finding
            .related
            .iter()
            .map(|r| {
                let p = place(src, r.span);
                JsonRelated {
                    path: src.path,
                    line: p.line,
                    column: p.column,
                    end_line: p.end_line,
                    end_column: p.end_column,
                    byte_start: p.byte_start,
                    byte_end: p.byte_end,
                    place: src.place(r.span),
                    message: &r.message,
                }
            })
            .collect(),
        fixes: finding
            .fixes
            .iter()
            .map(|f| JsonFix {
                title: &f.title,
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let p = place(src, e.span);
                        JsonEdit {
                            line: p.line,
                            column: p.column,
                            end_line: p.end_line,
                            end_column: p.end_column,
                            byte_start: p.byte_start,
                            byte_end: p.byte_end,
                            replacement: &e.replacement,
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The findings of one file as JSON Lines (each object on its own line, `\n`-terminated).
pub fn render_findings<'a>(
    src: &Source,
    findings: impl IntoIterator<Item = &'a Finding>,
) -> String {
    let mut out = String::new();
    for f in findings {
        // Serializing these plain structs cannot fail.
        out.push_str(&serde_json::to_string(&to_json(src, f)).expect("finding serializes"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Edit, Fix, Related};
    use crate::Code;

    #[test]
    fn one_object_per_line_with_character_columns() {
        let text = "标题\n（七）总计 | 165 | 6 |\n（一）予以公开 | 164 |\n";
        let at = text.find("165").unwrap();
        let rel = text.find("164").unwrap();
        let finding = Finding::new(Code::NB102, Span::new(at, at + 3), "不一致")
            .with_related(vec![Related {
                span: Span::new(rel, rel + 3),
                message: "之和".into(),
            }])
            .with_fix(Fix {
                title: "改为164".into(),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: Span::new(at, at + 3),
                    replacement: "164".into(),
                }],
            });
        let out = render_findings(&Source::new("r.txt", text), &[finding.clone(), finding]);
        assert_eq!(out.lines().count(), 2);
        insta::assert_snapshot!(out.lines().next().unwrap());
        let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(v["column"], 9);
        assert_eq!(v["byte_start"], at);
    }
}
