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

use super::Source;
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
pub fn artifact_location(path: &str) -> Value {
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

fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
        // a Word file's offsets are in its document.xml, not the file: no region
        return json!({ "artifactLocation": artifact_location(artifact.src.path) });
    }
    json!({
        "artifactLocation": artifact_location(artifact.src.path),
        "region": region(artifact, span),
    })
}

/// A location: the file (with its region), and in a document shown by places (a Word file)
/// the place as a logical location (`表3 第12行 第2列`) with the row's text as its message.
fn location(artifact: Artifact, span: Span) -> Value {
    let mut loc = json!({ "physicalLocation": physical(artifact, span) });
    if artifact.src.places.is_some() {
        let place = artifact.src.place(span);
        let label = place.map_or_else(|| "正文".to_owned(), super::place_label);
        loc["logicalLocations"] = json!([{ "fullyQualifiedName": label, "kind": "element" }]);
        if let Some(p) = place {
            loc["message"] = json!({ "text": p.row_text });
            loc["properties"] = json!({ "place": p });
        }
    }
    loc
}

/// One `result`. `fingerprint` goes to `partialFingerprints` (the key `--baseline` uses).
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
/// result through [`Log::result`], then [`Log::tail`].
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

    /// One result, with the comma that separates it from the previous one.
    pub fn result(&mut self, result: &Value) -> String {
        self.serialized(&serialize(result))
    }

    /// One result already serialized by [`serialize`] (a worker thread can do that part).
    pub fn serialized(&mut self, result: &str) -> String {
        let sep = if self.results == 0 { "" } else { ",\n" };
        self.results += 1;
        format!("{sep}{result}")
    }

    pub fn tail() -> &'static str {
        "\n]}]}\n"
    }
}

/// One result as compact JSON.
pub fn serialize(result: &Value) -> String {
    serde_json::to_string(result).expect("SARIF serializes")
}

/// The whole log at once (for a few results).
pub fn log(results: Vec<Value>, cwd: Option<&str>) -> String {
    let mut log = Log::default();
    let mut out = Log::head(cwd);
    for r in &results {
        out.push_str(&log.result(r));
    }
    out.push_str(Log::tail());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Edit, Fix, Related};
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
        let r = result(
            Artifact {
                src: &src,
                byte_base: Some(3),
            },
            &finding,
            Some("fp"),
            &[],
        );
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

        let whole: Value = serde_json::from_str(&log(vec![r.clone(), r], Some("/w"))).unwrap();
        assert_eq!(whole["version"], "2.1.0");
        assert_eq!(whole["runs"][0]["results"].as_array().unwrap().len(), 2);
        assert_eq!(whole["runs"][0]["columnKind"], "unicodeCodePoints");
        let empty: Value = serde_json::from_str(&log(vec![], None)).unwrap();
        assert_eq!(empty["runs"][0]["results"], json!([]));
    }
}
