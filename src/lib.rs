//! nianbao — checks 政府信息公开工作年度报告 (government information-disclosure annual reports).
//!
//! The data's journey, one module per stage:
//! [`text`] (bytes → text, offsets → positions) → [`reader`] (text → sections, cells with byte
//! spans, tables bound to the [`template`]) → [`model`] (the typed report) → [`checks`]
//! (relations evaluated, [`locate`] finds the wrong cell) → [`finding`]s with [`fix`]es →
//! rendered by the CLI (`render`) or the language server (`lsp`). Which files and texts are
//! reports, and which report is compared with which across years, is decided once for both
//! front ends in [`corpus`].

pub mod analysis;
pub mod authoring;
pub mod checks;
pub mod corpus;
pub mod crossyear;
pub mod draft;
pub mod finding;
pub mod fix;
pub mod format;
pub mod hover;
pub mod locate;
pub mod lsp;
pub mod model;
pub mod pattern;
pub mod reader;
pub mod render;
pub mod span;
pub mod template;
pub mod text;

pub use analysis::{analyse, analyse_docx, Analysis, Session};
pub use checks::Code;
pub use corpus::is_annual_report;
pub use finding::{Applicability, Edit, Finding, Fix, Related, Severity};
pub use span::Span;

/// The build's name: the crate version, with the git commit and its date when built from a
/// checkout (`0.1.0 (a7a78d9 2026-12-04)`; see build.rs). Shown by `--version`, the server's
/// `serverInfo` and the audit page.
pub const VERSION: &str = env!("NIANBAO_VERSION");
