//! Applying fixes: edits replace only the bytes they name; overlapping edits are not applied
//! together (the first one wins, the rest wait for the next round, as ruff does).

use crate::finding::{Applicability, Edit, Finding};

/// Apply `edits` to `text`. Edits are sorted by position; an edit that overlaps one already
/// taken is skipped. Returns the new text and how many edits were applied.
pub fn apply_edits<'a>(text: &str, edits: impl IntoIterator<Item = &'a Edit>) -> (String, usize) {
    let mut edits: Vec<&Edit> = edits.into_iter().collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    for edit in edits {
        if edit.span.start < cursor || edit.span.end > text.len() {
            continue;
        }
        if !text.is_char_boundary(edit.span.start) || !text.is_char_boundary(edit.span.end) {
            continue;
        }
        out.push_str(&text[cursor..edit.span.start]);
        out.push_str(&edit.replacement);
        cursor = edit.span.end;
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// The edits of every fix `nianbao fix` would apply: the first fix of each finding whose
/// applicability is allowed. Fixes whose edits overlap an earlier fix are left out whole, so a
/// fix is never half applied.
pub fn fixable_edits(findings: &[Finding], include_suggested: bool) -> Vec<Edit> {
    let mut taken: Vec<Edit> = Vec::new();
    for finding in findings {
        let Some(fix) = finding
            .fixes
            .iter()
            .find(|f| f.applicability == Applicability::Safe || include_suggested)
        else {
            continue;
        };
        let clashes = fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| t.span.overlaps(e.span) && t != e));
        if clashes {
            continue;
        }
        for e in &fix.edits {
            if !taken.contains(e) {
                taken.push(e.clone());
            }
        }
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn edits_touch_only_their_bytes() {
        let text = "总计 165 件\r\n";
        let at = text.find("165").unwrap();
        let edit = Edit {
            span: Span::new(at, at + 3),
            replacement: "164".into(),
        };
        let (out, n) = apply_edits(text, [&edit]);
        assert_eq!((out.as_str(), n), ("总计 164 件\r\n", 1));
    }

    #[test]
    fn overlapping_edits_are_not_both_applied() {
        let a = Edit {
            span: Span::new(0, 2),
            replacement: "x".into(),
        };
        let b = Edit {
            span: Span::new(1, 3),
            replacement: "y".into(),
        };
        assert_eq!(apply_edits("abcd", [&a, &b]), ("xcd".into(), 1));
    }
}
