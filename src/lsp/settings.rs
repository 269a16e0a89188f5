//! Client settings (`workspace/didChangeConfiguration`, or `initializationOptions`):
//!
//! ```json
//! { "nianbao": { "disabledChecks": ["NB030"], "severityOverrides": { "NB024": "hint" },
//!                "ruleDocs": "file:///home/me/.vscode/extensions/nianbao/rules/" } }
//! ```
//!
//! The object may also be given without the `nianbao` wrapper. Each update replaces all the
//! settings: a key left out is back to its default. Settings never reach the engine:
//! they filter its findings on the way out, so every view (diagnostics, code actions, inlay
//! hints) shows the same set.
//!
//! `ruleDocs` is where the client keeps the rules' pages (a URI prefix, the VS Code extension
//! ships them): each diagnostic then links to `<ruleDocs><CODE>.md` in its `codeDescription`.
//! Without it, diagnostics carry no link ([`RuleDocs`]).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::diagnostics::RuleDocs;
use crate::finding::{Finding, Severity};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Upper-case codes whose findings are dropped.
    disabled: HashSet<String>,
    /// Upper-case code → severity to report instead of the engine's.
    overrides: HashMap<String, Severity>,
    /// Links to the rules' pages (`ruleDocs`); none by default.
    rule_docs: RuleDocs,
}

impl Settings {
    /// Read settings from a client's JSON. Unknown keys are ignored; malformed entries are
    /// skipped and described in the returned warnings (for the log).
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let value = value.get("nianbao").unwrap_or(value);
        let mut settings = Settings::default();
        let mut warnings = Vec::new();
        match value.get("disabledChecks") {
            None | Some(Value::Null) => {}
            Some(Value::Array(codes)) => {
                for code in codes {
                    match code.as_str() {
                        Some(c) => {
                            settings.disabled.insert(c.trim().to_ascii_uppercase());
                        }
                        None => warnings.push(format!("disabledChecks: not a code: {code}")),
                    }
                }
            }
            Some(other) => warnings.push(format!(
                "disabledChecks must be a list of codes, got {other}"
            )),
        }
        match value.get("severityOverrides") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (code, sev) in map {
                    match sev.as_str().and_then(parse_severity) {
                        Some(s) => {
                            settings.overrides.insert(code.trim().to_ascii_uppercase(), s);
                        }
                        None => warnings.push(format!(
                            "severityOverrides.{code}: expected error, warning, information or hint, got {sev}"
                        )),
                    }
                }
            }
            Some(other) => {
                warnings.push(format!("severityOverrides must be an object, got {other}"))
            }
        }
        match value.get("ruleDocs") {
            None | Some(Value::Null) => {}
            Some(Value::String(prefix)) if prefix.trim().is_empty() => {}
            Some(Value::String(prefix)) => match RuleDocs::new(prefix.trim()) {
                Ok(docs) => settings.rule_docs = docs,
                Err(e) => warnings.push(format!("ruleDocs: {e}; diagnostics get no links")),
            },
            Some(other) => warnings.push(format!(
                "ruleDocs must be a URI prefix (a string), got {other}"
            )),
        }
        (settings, warnings)
    }

    /// Where the rules' pages are (for `codeDescription`).
    pub fn rule_docs(&self) -> &RuleDocs {
        &self.rule_docs
    }

    /// The findings the user asked to see, with their severities overridden.
    pub fn apply(&self, findings: &[Finding]) -> Vec<Finding> {
        findings
            .iter()
            .filter(|f| !self.disabled.contains(f.code.as_str()))
            .map(|f| {
                let mut f = f.clone();
                if let Some(&s) = self.overrides.get(f.code.as_str()) {
                    f.severity = s;
                }
                f
            })
            .collect()
    }
}

fn parse_severity(s: &str) -> Option<Severity> {
    Some(match s.to_ascii_lowercase().as_str() {
        "error" => Severity::Error,
        "warning" | "warn" => Severity::Warning,
        "information" | "info" => Severity::Information,
        "hint" => Severity::Hint,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::Code;
    use serde_json::json;

    fn findings() -> Vec<Finding> {
        vec![
            Finding::new(Code::NB102, Span::new(0, 3), "a"),
            Finding::new(Code::NB030, Span::new(5, 6), "b"),
            Finding::new(Code::NB024, Span::new(7, 8), "c"),
        ]
    }

    #[test]
    fn disabled_codes_are_dropped_and_severities_overridden() {
        let (s, warnings) = Settings::from_json(&json!({
            "nianbao": {"disabledChecks": ["nb030"], "severityOverrides": {"NB024": "hint", "NB102": "loud"}}
        }));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let out = s.apply(&findings());
        let got: Vec<_> = out.iter().map(|f| (f.code.as_str(), f.severity)).collect();
        assert_eq!(got, [("NB102", Severity::Error), ("NB024", Severity::Hint)]);
    }

    #[test]
    fn unwrapped_and_empty_settings() {
        let (s, w) = Settings::from_json(&json!({"disabledChecks": ["NB102"]}));
        assert!(w.is_empty());
        assert_eq!(s.apply(&findings()).len(), 2);
        let (s, w) = Settings::from_json(&Value::Null);
        assert!(w.is_empty());
        assert_eq!(s, Settings::default());
        let (_, w) =
            Settings::from_json(&json!({"disabledChecks": "NB102", "severityOverrides": []}));
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn rule_docs_is_a_uri_prefix() {
        let (s, w) = Settings::from_json(&json!({"nianbao": {"ruleDocs": "file:///x/rules/"}}));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            s.rule_docs().href("NB101").map(|u| u.as_str()),
            Some("file:///x/rules/NB101.md")
        );
        // absent, null or empty: no links, no warning
        for v in [
            json!({}),
            json!({"ruleDocs": null}),
            json!({"ruleDocs": " "}),
        ] {
            let (s, w) = Settings::from_json(&v);
            assert!(w.is_empty(), "{v}: {w:?}");
            assert_eq!(s.rule_docs(), &RuleDocs::default());
        }
        // not a URI, not a string: no links, and a warning that says why
        for v in [json!({"ruleDocs": "/x/rules/"}), json!({"ruleDocs": 7})] {
            let (s, w) = Settings::from_json(&v);
            assert_eq!(w.len(), 1, "{v}: {w:?}");
            assert!(w[0].starts_with("ruleDocs"), "{w:?}");
            assert_eq!(s.rule_docs(), &RuleDocs::default());
        }
    }
}
