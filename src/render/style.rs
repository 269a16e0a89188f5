//! Terminal colours, in rustc's scheme. Plain text unless the caller asked for colour, so
//! output piped to a file or compared in tests never carries escape codes.

use crate::finding::Severity;

/// What a piece of text is, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Severity(Severity),
    /// The message after `error[NB102]:`.
    Message,
    /// Line numbers, `|`, `-->`.
    Gutter,
    /// Underlines and labels of related locations, `note:`.
    Note,
    /// `help:` lines (fixes).
    Help,
    /// Removed lines of a diff.
    Removed,
    /// Added lines of a diff.
    Added,
    /// Cells the reader could not read (`?`) and absent rows in `nianbao tables`.
    Unknown,
}

/// Whether to colour, decided once by the caller (`--color`, terminal, `NO_COLOR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub const PLAIN: Style = Style { color: false };
    pub const COLOR: Style = Style { color: true };

    pub fn paint(self, role: Role, text: &str) -> String {
        if !self.color || text.is_empty() {
            return text.to_owned();
        }
        let code = match role {
            Role::Severity(Severity::Error) => "1;31",
            Role::Severity(Severity::Warning) => "1;33",
            Role::Severity(Severity::Information) => "1;34",
            Role::Severity(Severity::Hint) => "1;36",
            Role::Message => "1",
            Role::Gutter => "1;34",
            Role::Note => "1;32",
            Role::Help => "1;36",
            Role::Removed => "31",
            Role::Added => "32",
            Role::Unknown => "33",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}
