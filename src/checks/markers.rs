//! NB040: the marks `nianbao new` leaves in next year's draft (`【待更新：2024年】`), and what
//! a draft changes in the other checks.
//!
//! A draft is last year's report with its tables emptied: its prose still speaks of last year,
//! so every year and figure of it is wrapped in a marker for the author to rewrite, and its
//! blank cells are yet to be filled. The checks must not mistake either for this year's report:
//!
//! - a text holding a marker is a **draft**: its blank cells are *unfilled* rather than 0, so
//!   every relation that needs one is skipped (as for an unknown cell) — otherwise the
//!   carried-over 二、上年结转 would break NB103 against the empty rows until the whole table is
//!   filled;
//! - marked text is last year's: the prose checks (NB5xx) do not read it;
//! - each marker is one NB040 (Information), so `nianbao check` fails until the author has
//!   rewritten the text and removed the markers.
//!
//! Once the last marker is gone the text is a report like any other, blanks read as 0 (NB024).

use std::borrow::Cow;

use crate::finding::{Code, Finding};
use crate::model::Report;
use crate::span::Span;

/// Opens a marker; the marked text follows, then [`CLOSE`].
pub const OPEN: &str = "【待更新：";
/// Closes a marker.
pub const CLOSE: char = '】';

/// Does `text` hold a marker, i.e. is it a draft? One SIMD search: the check runs on every
/// analysis, drafts or not.
pub fn is_draft(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), OPEN.as_bytes()).is_some()
}

/// Every marker in `text`, from [`OPEN`] through its [`CLOSE`]; a marker left unclosed runs to
/// the end of its line.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&text.as_bytes()[from..], OPEN.as_bytes()) {
        let start = from + i;
        let body = start + OPEN.len();
        let line_end = text[body..].find('\n').map_or(text.len(), |j| body + j);
        let end = text[body..line_end]
            .find(CLOSE)
            .map_or(line_end, |j| body + j + CLOSE.len_utf8());
        out.push(Span::new(start, end));
        from = end.max(body);
    }
    out
}

/// The marked text inside a marker's span (without [`OPEN`] and [`CLOSE`]).
pub fn content(text: &str, marker: Span) -> &str {
    let inner = &text[marker.start + OPEN.len()..marker.end];
    inner.strip_suffix(CLOSE).unwrap_or(inner)
}

/// `text` with every marker blanked out (spaces of the same byte length, so offsets hold),
/// for the prose checks: what a marker holds is last year's text.
pub fn mask(text: &str) -> Cow<'_, str> {
    let found = spans(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in found {
        out.push_str(&text[at..s.start]);
        out.extend(std::iter::repeat_n(' ', s.len()));
        at = s.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// `report` with every blank cell unknown: in a draft a blank is a cell still to be filled, not
/// a 0, and the relations that need it wait for it.
pub fn unfilled(report: &Report) -> Report {
    let mut out = report.clone();
    for table in &mut out.tables {
        for cell in table.rows.iter_mut().flatten().flat_map(|r| &mut r.cells) {
            if let Some(c) = cell.as_mut().filter(|c| c.blank) {
                c.value = None;
            }
        }
    }
    out
}

/// One NB040 per marker.
pub fn check(text: &str) -> Vec<Finding> {
    spans(text)
        .into_iter()
        .map(|s| {
            let body = content(text, s);
            let mut quote: String = body.chars().take(24).collect();
            if quote.len() < body.len() {
                quote.push('…');
            }
            Finding::new(
                Code::NB040,
                s,
                format!("草稿中有待更新的标记“{OPEN}{quote}{CLOSE}”：这里是上一年度报告的原文，请按本年度情况改写，然后删去标记。"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_closed_or_to_the_line_end() {
        let text = "甲【待更新：2024年】乙【待更新：59件\n丙";
        let s = spans(text);
        assert_eq!(s.len(), 2);
        assert_eq!(&text[s[0].start..s[0].end], "【待更新：2024年】");
        assert_eq!(content(text, s[0]), "2024年");
        assert_eq!(&text[s[1].start..s[1].end], "【待更新：59件");
        assert_eq!(content(text, s[1]), "59件");
        assert!(is_draft(text) && !is_draft("【待更新2024年】"));
    }

    #[test]
    fn masking_keeps_offsets() {
        let text = "收到申请【待更新：59件】。";
        let m = mask(text);
        assert_eq!(m.len(), text.len());
        assert!(!m.contains("59"));
        assert!(m.starts_with("收到申请") && m.ends_with('。'));
        assert!(matches!(mask("无标记"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_finding_per_marker() {
        let f = check("【待更新：2024年】【待更新：3次】");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.code == Code::NB040));
        assert!(
            f[0].message.contains("“【待更新：2024年】”"),
            "{}",
            f[0].message
        );
    }
}
