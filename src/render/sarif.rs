//! Findings as a SARIF 2.1.0 log (`nianbao check --format sarif`), the format code-scanning
//! services and review tools ingest.
//!
//! One run; `tool.driver.rules` lists every code of [`crate::checks::RULES`] (its page as help
//! markdown, its default severity as `defaultConfiguration.level`). Regions are 1-based lines
//! and columns counted in Unicode code points (`run.columnKind = "unicodeCodePoints"`), end
//! columns exclusive, plus `byteOffset`/`byteLength` into the file. Fixes carry
//! `artifactChanges` whose replacements delete a byte region and insert the new text.
//! Severity: error → `error`, warning → `warning`, information and hint → `note`.

use serde_json::{json, Value};

use super::{jsonw, Source};
use crate::checks::RULES;
use crate::finding::{Applicability, Finding, Severity};
use crate::span::Span;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The relative paths are relative to this base, which `originalUriBaseIds` defines as the
/// folder `nianbao` ran in.
pub const SRCROOT: &str = "%SRCROOT%";

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// One checked file: how its text maps to the file's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Artifact<'a> {
    pub src: &'a Source<'a>,
    /// Bytes before the decoded text in the file (3 for a UTF-8 BOM); `None` when byte offsets
    /// of the text are not those of the file (a GB18030 file): regions then have no byte
    /// offsets and fixes are left out.
    pub byte_base: Option<usize>,
}

/// A location in another file (NB401: last year's report).
#[derive(Debug, Clone)]
pub struct Elsewhere<'a> {
    pub artifact: Artifact<'a>,
    pub span: Span,
    pub message: String,
}

/// `artifactLocation` of a path as given on the command line: relative paths are kept relative
/// (to `%SRCROOT%`), absolute ones become `file://` URIs; anything outside the URI's unreserved
/// characters is percent-encoded (UTF-8), so Chinese file names are valid URI references.
fn push_artifact_location(out: &mut String, path: &str) {
    let path = path.strip_prefix("./").unwrap_or(path);
    if path == "<stdin>" {
        out.push_str("{\"uri\":\"stdin\"}");
    } else if path.starts_with('/') {
        // the encoded path needs no JSON escape: unreserved characters and `%XX` only
        out.push_str("{\"uri\":\"file://");
        push_encoded(out, path);
        out.push_str("\"}");
    } else {
        out.push_str("{\"uri\":\"");
        push_encoded(out, path);
        out.push_str("\",\"uriBaseId\":\"");
        out.push_str(SRCROOT);
        out.push_str("\"}");
    }
}

fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_encoded(&mut out, path);
    out
}

fn push_encoded(out: &mut String, path: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

// The writers below put each object's keys in byte order: that is the order serde_json's `Value`
// (a BTreeMap without `preserve_order`) printed them in, and the test compares with it.

fn push_region(out: &mut String, artifact: Artifact, span: Span) {
    let r = artifact.src.range(span);
    out.push('{');
    if let Some(base) = artifact.byte_base {
        out.push_str("\"byteLength\":");
        jsonw::push_number(out, span.len());
        out.push_str(",\"byteOffset\":");
        jsonw::push_number(out, base + span.start);
        out.push(',');
    }
    out.push_str("\"endColumn\":");
    jsonw::push_number(out, r.end_column);
    out.push_str(",\"endLine\":");
    jsonw::push_number(out, r.end_line);
    if let Some(snippet) = artifact.src.text.get(span.start..span.end) {
        if !snippet.is_empty() {
            out.push_str(",\"snippet\":{\"text\":");
            jsonw::push_str(out, snippet);
            out.push('}');
        }
    }
    out.push_str(",\"startColumn\":");
    jsonw::push_number(out, r.column);
    out.push_str(",\"startLine\":");
    jsonw::push_number(out, r.line);
    out.push('}');
}

fn push_physical(out: &mut String, artifact: Artifact, span: Span) {
    out.push_str("{\"artifactLocation\":");
    push_artifact_location(out, artifact.src.path);
    // a Word file's offsets are in its document.xml, not the file: no region
    if artifact.src.places.is_none() {
        out.push_str(",\"region\":");
        push_region(out, artifact, span);
    }
    out.push('}');
}

/// A location: the file (with its region), and in a document shown by places (a Word file)
/// the place as a logical location (`表3 第12行 第2列`) with the row's text as its message.
/// A related location has its `id` and its own `message` (instead of the row's text).
fn push_location(
    out: &mut String,
    artifact: Artifact,
    span: Span,
    id: Option<usize>,
    message: Option<&str>,
) {
    out.push('{');
    if let Some(id) = id {
        out.push_str("\"id\":");
        jsonw::push_number(out, id);
        out.push(',');
    }
    let place = artifact.src.places.map(|_| artifact.src.place(span));
    if let Some(place) = place {
        out.push_str("\"logicalLocations\":[{\"fullyQualifiedName\":");
        match place {
            Some(p) => jsonw::push_str(out, &super::place_label(p)),
            None => jsonw::push_str(out, "正文"),
        }
        out.push_str(",\"kind\":\"element\"}],");
    }
    let place = place.flatten();
    if let Some(text) = message.or(place.map(|p| p.row_text.as_str())) {
        out.push_str("\"message\":{\"text\":");
        jsonw::push_str(out, text);
        out.push_str("},");
    }
    out.push_str("\"physicalLocation\":");
    push_physical(out, artifact, span);
    if let Some(p) = place {
        out.push_str(",\"properties\":{\"place\":");
        push_place(out, p);
        out.push('}');
    }
    out.push('}');
}

/// A [`Place`] as its `Value` printed: keys sorted, the `f32` box widened to `f64`.
fn push_place(out: &mut String, p: &crate::reader::place::Place) {
    out.push('{');
    if let Some(bbox) = p.bbox {
        out.push_str("\"bbox\":[");
        for (i, x) in bbox.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // serde_json prints a non-finite float as `null`, as `Value` holds it
            out.push_str(&serde_json::to_string(&f64::from(*x)).expect("a float serializes"));
        }
        out.push_str("],");
    }
    for (name, n) in [
        ("\"column\":", p.column),
        ("\"page\":", p.page),
        ("\"row\":", p.row),
    ] {
        if let Some(n) = n {
            out.push_str(name);
            jsonw::push_number(out, n as usize);
            out.push(',');
        }
    }
    out.push_str("\"row_text\":");
    jsonw::push_str(out, &p.row_text);
    if let Some(t) = p.table {
        out.push_str(",\"table\":");
        jsonw::push_number(out, t as usize);
    }
    out.push('}');
}

/// One `result` as compact JSON. `fingerprint` goes to `partialFingerprints` (the key
/// `--baseline` uses).
pub fn result(
    artifact: Artifact,
    finding: &Finding,
    fingerprint: Option<&str>,
    elsewhere: &[Elsewhere],
) -> String {
    let mut out = String::with_capacity(1024);
    push_result(&mut out, artifact, finding, fingerprint, elsewhere, None);
    out
}

/// A suppressed finding's `result`, marked with the suppression's `kind` (SARIF §3.27.23).
pub fn suppressed(artifact: Artifact, finding: &Finding, kind: &str) -> String {
    let mut out = String::with_capacity(1024);
    push_result(&mut out, artifact, finding, None, &[], Some(kind));
    out
}

fn push_result(
    out: &mut String,
    artifact: Artifact,
    finding: &Finding,
    fingerprint: Option<&str>,
    elsewhere: &[Elsewhere],
    suppression: Option<&str>,
) {
    let applicability = |a: Applicability| match a {
        Applicability::Safe => "safe",
        Applicability::Suggested => "suggested",
    };
    // fixes only where byte offsets are the file's
    let fix_base = artifact.byte_base.filter(|_| !finding.fixes.is_empty());
    out.push('{');
    if let Some(base) = fix_base {
        out.push_str("\"fixes\":[");
        for (i, fix) in finding.fixes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"artifactChanges\":[{\"artifactLocation\":");
            push_artifact_location(out, artifact.src.path);
            out.push_str(",\"replacements\":[");
            for (j, e) in fix.edits.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                out.push_str("{\"deletedRegion\":{\"byteLength\":");
                jsonw::push_number(out, e.span.len());
                out.push_str(",\"byteOffset\":");
                jsonw::push_number(out, base + e.span.start);
                out.push_str("},\"insertedContent\":{\"text\":");
                jsonw::push_str(out, &e.replacement);
                out.push_str("}}");
            }
            out.push_str("]}],\"description\":{\"text\":\"");
            // `title（safe）`: the suffix needs no escape
            jsonw::push_escaped(out, &fix.title);
            out.push('（');
            out.push_str(applicability(fix.applicability));
            out.push_str("）\"}}");
        }
        out.push_str("],");
    }
    out.push_str("\"level\":\"");
    out.push_str(level(finding.severity));
    out.push_str("\",\"locations\":[");
    push_location(out, artifact, finding.span, None, None);
    out.push_str("],\"message\":{\"text\":");
    jsonw::push_str(out, &finding.message);
    out.push('}');
    if let Some(fp) = fingerprint {
        out.push_str(",\"partialFingerprints\":{\"nianbao/v1\":");
        jsonw::push_str(out, fp);
        out.push('}');
    }
    if fix_base.is_some() {
        out.push_str(",\"properties\":{\"applicability\":[");
        for (i, fix) in finding.fixes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(applicability(fix.applicability));
            out.push('"');
        }
        out.push_str("]}");
    }
    if !finding.related.is_empty() || !elsewhere.is_empty() {
        out.push_str(",\"relatedLocations\":[");
        for (id, r) in finding.related.iter().enumerate() {
            if id > 0 {
                out.push(',');
            }
            push_location(out, artifact, r.span, Some(id), Some(&r.message));
        }
        for (i, e) in elsewhere.iter().enumerate() {
            let id = finding.related.len() + i;
            if id > 0 {
                out.push(',');
            }
            out.push_str("{\"id\":");
            jsonw::push_number(out, id);
            out.push_str(",\"message\":{\"text\":");
            jsonw::push_str(out, &e.message);
            out.push_str("},\"physicalLocation\":");
            push_physical(out, e.artifact, e.span);
            out.push('}');
        }
        out.push(']');
    }
    out.push_str(",\"ruleId\":");
    jsonw::push_str(out, finding.code.as_str());
    if let Some(i) = RULES.iter().position(|r| r.code == finding.code) {
        out.push_str(",\"ruleIndex\":");
        jsonw::push_number(out, i);
    }
    if let Some(kind) = suppression {
        out.push_str(",\"suppressions\":[{\"kind\":");
        jsonw::push_str(out, kind);
        out.push_str("}]");
    }
    out.push('}');
}

/// `tool.driver` with every rule.
pub fn driver() -> Value {
    json!({
        "name": "nianbao",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": RULES.iter().map(|r| json!({
            "id": r.code,
            "name": r.code,
            "shortDescription": { "text": r.name },
            "fullDescription": { "text": r.name },
            "help": { "text": r.doc, "markdown": r.doc },
            "defaultConfiguration": { "level": level(r.severity) },
            "properties": { "severity": r.severity.as_str() },
        })).collect::<Vec<_>>(),
    })
}

/// The run without its results, as a JSON object.
fn run_object(cwd: Option<&str>) -> Value {
    let mut run = json!({
        "tool": { "driver": driver() },
        "columnKind": "unicodeCodePoints",
    });
    if let Some(cwd) = cwd {
        let dir = cwd.trim_end_matches('/');
        run["originalUriBaseIds"] = json!({
            SRCROOT: { "uri": format!("file://{}/", encode(dir)) }
        });
    }
    run
}

/// A log is written as it goes, so a batch never holds its results: [`Log::head`], then each
/// result through [`Log::serialized`], then [`Log::tail`].
#[derive(Debug, Default)]
pub struct Log {
    results: usize,
}

impl Log {
    /// Everything up to the opening of `results`. `cwd` is the folder relative paths start from.
    pub fn head(cwd: Option<&str>) -> String {
        let run = serde_json::to_string(&run_object(cwd)).expect("SARIF serializes");
        // `{…}` of the run without its closing brace, results to follow
        let run = &run[..run.len() - 1];
        format!(
            "{{\"$schema\":{},\"version\":\"2.1.0\",\"runs\":[{run},\"results\":[\n",
            serde_json::to_string(SCHEMA).expect("string serializes")
        )
    }

    /// One result from [`result`], with the comma that separates it from the previous one (a
    /// worker thread can write the result).
    pub fn serialized(&mut self, result: &str) -> String {
        let sep = if self.results == 0 { "" } else { ",\n" };
        self.results += 1;
        format!("{sep}{result}")
    }

    pub fn tail() -> &'static str {
        "\n]}]}\n"
    }
}

/// The whole log at once (for a few results from [`result`]).
pub fn log(results: &[String], cwd: Option<&str>) -> String {
    let mut log = Log::default();
    let mut out = Log::head(cwd);
    for r in results {
        out.push_str(&log.serialized(r));
    }
    out.push_str(Log::tail());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Edit, Fix, Related};
    use crate::reader::place::{Place, Places};
    use crate::Code;

    #[test]
    fn regions_count_code_points_and_fixes_count_bytes() {
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
        let src = Source::new("报告/r 1.txt", text);
        let written = result(
            Artifact {
                src: &src,
                byte_base: Some(3),
            },
            &finding,
            Some("fp"),
            &[],
        );
        let r: Value = serde_json::from_str(&written).unwrap();
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 2);
        assert_eq!(region["startColumn"], 9);
        assert_eq!(region["endColumn"], 12);
        assert_eq!(region["byteOffset"], 3 + at);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "%E6%8A%A5%E5%91%8A/r%201.txt"
        );
        let repl = &r["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert_eq!(repl["deletedRegion"]["byteLength"], 3);
        assert_eq!(repl["insertedContent"]["text"], "164");
        assert_eq!(r["relatedLocations"][0]["id"], 0);
        assert_eq!(r["ruleId"], "NB102");

        let whole: Value =
            serde_json::from_str(&log(&[written.clone(), written], Some("/w"))).unwrap();
        assert_eq!(whole["version"], "2.1.0");
        assert_eq!(whole["runs"][0]["results"].as_array().unwrap().len(), 2);
        assert_eq!(whole["runs"][0]["columnKind"], "unicodeCodePoints");
        let empty: Value = serde_json::from_str(&log(&[], None)).unwrap();
        assert_eq!(empty["runs"][0]["results"], json!([]));
    }

    /// The results as they were built before the writer: a `Value` per result, printed by
    /// serde_json. The writer must give the same bytes.
    mod by_value {
        use super::super::*;

        fn artifact_location(path: &str) -> Value {
            let path = path.strip_prefix("./").unwrap_or(path);
            if path == "<stdin>" {
                return json!({ "uri": "stdin" });
            }
            let encoded = encode(path);
            if path.starts_with('/') {
                json!({ "uri": format!("file://{encoded}") })
            } else {
                json!({ "uri": encoded, "uriBaseId": SRCROOT })
            }
        }

        fn region(artifact: Artifact, span: Span) -> Value {
            let r = artifact.src.range(span);
            let mut region = json!({
                "startLine": r.line,
                "startColumn": r.column,
                "endLine": r.end_line,
                "endColumn": r.end_column,
            });
            if let Some(base) = artifact.byte_base {
                region["byteOffset"] = json!(base + span.start);
                region["byteLength"] = json!(span.len());
            }
            if let Some(snippet) = artifact.src.text.get(span.start..span.end) {
                if !snippet.is_empty() {
                    region["snippet"] = json!({ "text": snippet });
                }
            }
            region
        }

        fn physical(artifact: Artifact, span: Span) -> Value {
            if artifact.src.places.is_some() {
                return json!({ "artifactLocation": artifact_location(artifact.src.path) });
            }
            json!({
                "artifactLocation": artifact_location(artifact.src.path),
                "region": region(artifact, span),
            })
        }

        fn location(artifact: Artifact, span: Span) -> Value {
            let mut loc = json!({ "physicalLocation": physical(artifact, span) });
            if artifact.src.places.is_some() {
                let place = artifact.src.place(span);
                let label =
                    place.map_or_else(|| "正文".to_owned(), super::super::super::place_label);
                loc["logicalLocations"] =
                    json!([{ "fullyQualifiedName": label, "kind": "element" }]);
                if let Some(p) = place {
                    loc["message"] = json!({ "text": p.row_text });
                    loc["properties"] = json!({ "place": p });
                }
            }
            loc
        }

        pub fn result(
            artifact: Artifact,
            finding: &Finding,
            fingerprint: Option<&str>,
            elsewhere: &[Elsewhere],
        ) -> Value {
            let rule_index = RULES.iter().position(|r| r.code == finding.code);
            let mut related: Vec<Value> = finding
                .related
                .iter()
                .map(|r| {
                    let mut loc = location(artifact, r.span);
                    loc["message"] = json!({ "text": r.message });
                    loc
                })
                .collect();
            related.extend(elsewhere.iter().map(|e| {
                json!({
                    "physicalLocation": physical(e.artifact, e.span),
                    "message": { "text": e.message },
                })
            }));
            for (id, r) in related.iter_mut().enumerate() {
                r["id"] = json!(id);
            }
            let mut out = json!({
                "ruleId": finding.code,
                "level": level(finding.severity),
                "message": { "text": finding.message },
                "locations": [location(artifact, finding.span)],
            });
            if let Some(i) = rule_index {
                out["ruleIndex"] = json!(i);
            }
            if !related.is_empty() {
                out["relatedLocations"] = Value::Array(related);
            }
            if artifact.byte_base.is_some() && !finding.fixes.is_empty() {
                let base = artifact.byte_base.unwrap_or(0);
                out["fixes"] = finding
                    .fixes
                    .iter()
                    .map(|fix| {
                        json!({
                            "description": { "text": format!("{}（{}）", fix.title, match fix.applicability {
                                Applicability::Safe => "safe",
                                Applicability::Suggested => "suggested",
                            }) },
                            "artifactChanges": [{
                                "artifactLocation": artifact_location(artifact.src.path),
                                "replacements": fix.edits.iter().map(|e| json!({
                                    "deletedRegion": { "byteOffset": base + e.span.start, "byteLength": e.span.len() },
                                    "insertedContent": { "text": e.replacement },
                                })).collect::<Vec<_>>(),
                            }],
                        })
                    })
                    .collect();
                out["properties"] = json!({
                    "applicability": finding.fixes.iter().map(|f| f.applicability).collect::<Vec<_>>(),
                });
            }
            if let Some(fp) = fingerprint {
                out["partialFingerprints"] = json!({ "nianbao/v1": fp });
            }
            out
        }

        /// A suppressed finding as check.rs marked it.
        pub fn suppressed(artifact: Artifact, finding: &Finding, kind: &str) -> Value {
            let mut out = result(artifact, finding, None, &[]);
            out["suppressions"] = json!([{ "kind": kind }]);
            out
        }
    }

    #[test]
    fn written_by_hand_as_the_value_printed() {
        let text = "标题\n（七）总计 | 165 | 6 |\n（一）予以公开 | 164 |\n末行 \"x\" \\ 😀\n";
        let at = text.find("165").unwrap();
        let rel = text.find("164").unwrap();
        let last = text.find("末行").unwrap();
        // every byte that may need escaping, CJK, emoji, a line separator
        let odd: String = (0u8..0x80)
            .map(char::from)
            .chain("“”\u{2028}𠀀é年报😀".chars())
            .collect();
        let finding = |code: Code, message: &str, fixes: usize, related: usize| {
            let f = Finding::new(code, Span::new(at, at + 3), message).with_related(
                (0..related)
                    .map(|i| Related {
                        // the last one empty (no snippet), one running to the text's end
                        span: match i {
                            0 => Span::new(rel, rel + 3),
                            1 => Span::new(last, text.len()),
                            _ => Span::new(rel + 1, rel + 1),
                        },
                        message: format!("{odd}{i}"),
                    })
                    .collect(),
            );
            super::super::jsonw::testing::with_fixes(f, fixes, &odd, (at, text.len()), |j| {
                format!("\"{j}\\\n😀")
            })
        };
        let findings = [
            finding(Code::NB102, "不一致", 0, 0),
            finding(Code::NB102, &odd, 1, 1),
            finding(RULES[0].code, "a\u{7f}\u{1f}b", 3, 3),
            finding(RULES[RULES.len() - 1].code, "", 2, 2),
        ];
        let mut places = Places::default();
        // prose first (no place label parts), then a Word cell, then a PDF glyph box
        places.push(
            Span::new(0, at),
            Place {
                row_text: "标题".into(),
                ..Place::default()
            },
        );
        places.push(
            Span::new(at, rel),
            Place {
                table: Some(3),
                row: Some(7),
                column: Some(2),
                row_text: "（七）总计 | \"165\"\t\\".into(),
                ..Place::default()
            },
        );
        places.push(
            Span::new(rel, text.len()),
            Place {
                page: Some(4),
                row: Some(12),
                row_text: odd.clone(),
                bbox: Some([1.1, 2.0, f32::NAN, 1e-7]),
                ..Place::default()
            },
        );
        let other_text = "去年 | 160 |\n";
        let other_plain = Source::new("/abs/去年 报告.txt", other_text);
        let other_placed = Source::new("./last.docx", other_text).with_places(Some(&places));
        let paths = [
            "r.txt",
            "./报告/r 1.txt",
            "/abs/r.txt",
            "<stdin>",
            odd.as_str(),
        ];
        let mut checked = 0;
        for path in paths {
            for placed in [None, Some(&places)] {
                let src = Source::new(path, text).with_places(placed);
                for byte_base in [None, Some(0), Some(3)] {
                    let artifact = Artifact {
                        src: &src,
                        byte_base,
                    };
                    let elsewhere = [
                        Elsewhere {
                            artifact: Artifact {
                                src: &other_plain,
                                byte_base,
                            },
                            span: Span::new(9, 12),
                            message: format!("去年 {odd}"),
                        },
                        Elsewhere {
                            artifact: Artifact {
                                src: &other_placed,
                                byte_base: None,
                            },
                            span: Span::new(0, 0),
                            message: "上年".into(),
                        },
                    ];
                    for f in &findings {
                        for fp in [None, Some("ab\"c"), Some("0123abcd")] {
                            for there in [&elsewhere[..0], &elsewhere[..1], &elsewhere[..]] {
                                let old = by_value::result(artifact, f, fp, there);
                                assert_eq!(
                                    result(artifact, f, fp, there),
                                    serde_json::to_string(&old).unwrap()
                                );
                                checked += 1;
                            }
                        }
                        for kind in ["inSource", "external", "k\"\n"] {
                            let old = by_value::suppressed(artifact, f, kind);
                            assert_eq!(
                                suppressed(artifact, f, kind),
                                serde_json::to_string(&old).unwrap()
                            );
                        }
                    }
                }
            }
        }
        assert_eq!(checked, paths.len() * 2 * 3 * findings.len() * 3 * 3);
    }
}
