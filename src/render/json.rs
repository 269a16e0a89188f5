//! Findings for programs: JSON Lines, one object per finding, in a stable shape (README.md,
//! "JSON output"). Positions are 1-based lines and columns counted in Unicode characters, with
//! exclusive end columns; byte offsets are into the decoded UTF-8 text (a BOM removed).

use serde::Serialize;

use super::{jsonw, Source};
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
///
/// Written straight from the findings into one string, the same bytes as
/// `serde_json::to_string(&to_json(src, f))` gives each (a test holds them equal), without the
/// [`JsonFinding`] of each or its lists; the path, in every object, is escaped once.
pub fn render_findings<'a>(
    src: &Source,
    findings: impl IntoIterator<Item = &'a Finding>,
) -> String {
    let findings = findings.into_iter();
    // about a kilobyte a finding: the string seldom grows
    let mut out = String::with_capacity(findings.size_hint().0 * 1024);
    let mut path = String::with_capacity(src.path.len() + 2);
    jsonw::push_str(&mut path, src.path);
    for f in findings {
        write_finding(&mut out, src, &path, f);
        out.push('\n');
    }
    out
}

/// One finding's object, fields in [`JsonFinding`]'s order; `path` is the JSON string of
/// `src.path`.
fn write_finding(out: &mut String, src: &Source, path: &str, finding: &Finding) {
    out.push_str("{\"code\":");
    jsonw::push_str(out, finding.code.as_str());
    out.push_str(",\"severity\":\"");
    out.push_str(finding.severity.as_str());
    out.push_str("\",\"message\":");
    jsonw::push_str(out, &finding.message);
    out.push_str(",\"path\":");
    out.push_str(path);
    push_place(out, src, finding.span);
    out.push_str(",\"related\":[");
    for (i, r) in finding.related.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"path\":");
        out.push_str(path);
        push_place(out, src, r.span);
        out.push_str(",\"message\":");
        jsonw::push_str(out, &r.message);
        out.push('}');
    }
    out.push_str("],\"fixes\":[");
    for (i, fix) in finding.fixes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"title\":");
        jsonw::push_str(out, &fix.title);
        out.push_str(",\"applicability\":\"");
        out.push_str(match fix.applicability {
            Applicability::Safe => "safe",
            Applicability::Suggested => "suggested",
        });
        out.push_str("\",\"edits\":[");
        for (j, e) in fix.edits.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            out.push('{');
            push_position(out, src, e.span);
            out.push_str(",\"replacement\":");
            jsonw::push_str(out, &e.replacement);
            out.push('}');
        }
        out.push_str("]}");
    }
    out.push_str("]}");
}

/// `,"line":…,"byte_end":…` and the `place` when there is one.
fn push_place(out: &mut String, src: &Source, span: Span) {
    out.push(',');
    push_position(out, src, span);
    if let Some(place) = src.place(span) {
        out.push_str(",\"place\":");
        out.push_str(&serde_json::to_string(place).expect("a place serializes"));
    }
}

/// `"line":…,"column":…,"end_line":…,"end_column":…,"byte_start":…,"byte_end":…`.
fn push_position(out: &mut String, src: &Source, span: Span) {
    let p = place(src, span);
    for (name, n) in [
        ("\"line\":", p.line),
        (",\"column\":", p.column),
        (",\"end_line\":", p.end_line),
        (",\"end_column\":", p.end_column),
        (",\"byte_start\":", p.byte_start),
        (",\"byte_end\":", p.byte_end),
    ] {
        out.push_str(name);
        jsonw::push_number(out, n);
    }
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

    #[test]
    fn written_by_hand_as_serde_json_writes_it() {
        use crate::reader::place::{Place, Places};
        let text = "标题\n（七）总计 | 165 | 6 |\n（一）予以公开 | 164 |\n";
        let at = text.find("165").unwrap();
        let rel = text.find("164").unwrap();
        // every byte that may need escaping, in messages, titles, replacements and the path
        let odd: String = (0u8..0x80)
            .map(char::from)
            .chain("“”\u{2028}𠀀é".chars())
            .collect();
        let finding = |message: &str, fixes: usize, related: usize| {
            let f = Finding::new(Code::NB102, Span::new(at, at + 3), message).with_related(
                (0..related)
                    .map(|i| Related {
                        span: Span::new(rel + i, rel + 3),
                        message: format!("{odd}{i}"),
                    })
                    .collect(),
            );
            super::super::jsonw::testing::with_fixes(f, fixes, &odd, (at, text.len()), |j| {
                format!("\"{j}\\")
            })
        };
        let findings = [
            finding("不一致", 0, 0),
            finding(&odd, 1, 1),
            finding("a\u{7f}\u{1f}b", 3, 2),
        ];
        let mut places = Places::default();
        places.push(
            Span::new(0, text.len()),
            Place {
                table: Some(3),
                row: Some(7),
                row_text: "（七）总计 | \"165\"".into(),
                bbox: Some([1.5, 2.0, 3.25, 4.0]),
                ..Place::default()
            },
        );
        for path in ["r.txt", odd.as_str()] {
            for src in [
                Source::new(path, text),
                Source::new(path, text).with_places(Some(&places)),
            ] {
                let by_serde: String = findings
                    .iter()
                    .map(|f| serde_json::to_string(&to_json(&src, f)).unwrap() + "\n")
                    .collect();
                assert_eq!(render_findings(&src, &findings), by_serde);
            }
        }
    }
}
