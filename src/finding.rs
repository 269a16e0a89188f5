//! What a check reports: a finding with its severity, location, related cells and fixes.
//!
//! The shape follows what both renderers need: the CLI prints it, the LSP turns it into a
//! `Diagnostic` (fixes travel in `data`, so a code action never re-derives positions).

use serde::Serialize;

// The codes are the checks' registry; here too, as the reader makes findings but runs no check.
pub use crate::checks::Code;
use crate::span::Span;

/// Severity, with the meaning docs/relations.md §1 gives each level (LSP's four levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// How sure the engine is that a fix is what the author meant (ruff's applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The cell to change is certain: `nianbao fix` and `source.fixAll` apply it.
    Safe,
    /// Plausible, but the author should look: applied only with `--unsafe`.
    Suggested,
}

/// Replace the bytes of `span` by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Short Chinese title, e.g. `将“（七）总计”自然人栏改为164`.
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// A secondary location: a summed cell, a candidate culprit, the other copy of a duplicate row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, `NB102`.
    pub code: Code,
    /// The code's registry severity, or another the registry lists for it
    /// ([`Finding::with_severity`]). The language server's settings may change it on the way out.
    pub severity: Severity,
    /// One line of plain Chinese with the numbers (stated vs computed).
    pub message: String,
    /// Primary location: the cell (or label, or heading) the finding is about.
    pub span: Span,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    /// A finding of `code` at its registry severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// Is this a broken relation of a table (NB1xx in 三, NB2xx in 四), whose fixes recompute
    /// cells, as opposed to a finding about how the text was read or worded?
    pub fn is_relation(&self) -> bool {
        let code = self.code.as_str();
        code.starts_with("NB1") || code.starts_with("NB2")
    }

    /// Report at `severity` instead of the code's own: only one of the severities the registry
    /// lists for the code ([`crate::checks::Rule::also`]).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        debug_assert!(
            self.code.rule().allows(severity),
            "{} is not registered at {severity:?}",
            self.code
        );
        self.severity = severity;
        self
    }

    pub fn with_related(mut self, related: Vec<Related>) -> Self {
        self.related = related;
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
}
