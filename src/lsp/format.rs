//! `textDocument/formatting` and `textDocument/rangeFormatting`: the byte edits of
//! [`crate::format`] (tables re-aligned, only spaces changed) as `TextEdit`s in the negotiated
//! position encoding. The engine decides what changes; this module only converts.

use ropey::Rope;
use tower_lsp_server::ls_types::{Range, TextEdit};

use super::convert::{self, Encoding, Positions};
use super::documents::Snapshot;
use crate::span::Span;

/// The edits that tidy the analysed version `snap` (the tables `range` touches, or all of
/// them). A document that is not a report gets none, as `nianbao fmt` leaves such files
/// alone (a README's markdown tables are not ours to re-align).
pub fn formatting(snap: &Snapshot, range: Option<Range>, enc: Encoding) -> Vec<TextEdit> {
    if snap.analysis().is_none() {
        return Vec::new();
    }
    text_edits(&snap.rope, range, enc)
}

/// [`crate::format::edits_in`] on the rope's text, converted to `TextEdit`s.
pub fn text_edits(rope: &Rope, range: Option<Range>, enc: Encoding) -> Vec<TextEdit> {
    let text = rope.to_string();
    let within = match range {
        Some(r) => convert::span(rope, r, enc),
        None => Span::new(0, text.len()),
    };
    let positions = Positions::new(rope);
    crate::format::edits_in(&text, within)
        .into_iter()
        .map(|e| TextEdit {
            range: positions.range(e.span, enc),
            new_text: e.replacement,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Position;

    const TEXT: &str = "𠀀说明\r\n规章|3|\r\n行政许可|44|\r\n";

    /// The client's side: apply `edits` (positions in `enc`) to `text`.
    fn apply(text: &str, edits: &[TextEdit], enc: Encoding) -> String {
        let rope = Rope::from_str(text);
        let mut spans: Vec<(Span, &str)> = edits
            .iter()
            .map(|e| (convert::span(&rope, e.range, enc), e.new_text.as_str()))
            .collect();
        spans.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        let mut out = text.to_owned();
        for (s, new) in spans {
            out.replace_range(s.start..s.end, new);
        }
        out
    }

    #[test]
    fn edits_land_where_the_engine_meant_in_both_encodings() {
        // the first edit starts after 规章: 6 bytes, 2 UTF-16 units
        for (enc, column) in [(Encoding::Utf8, 6), (Encoding::Utf16, 2)] {
            let edits = text_edits(&Rope::from_str(TEXT), None, enc);
            assert_eq!(apply(TEXT, &edits, enc), crate::format::format(TEXT));
            assert_eq!(edits[0].range.start, Position::new(1, column), "{enc:?}");
        }
    }

    #[test]
    fn a_range_outside_the_table_formats_nothing() {
        let first_line = Range::new(Position::new(0, 0), Position::new(0, 1));
        let rope = Rope::from_str(TEXT);
        assert!(text_edits(&rope, Some(first_line), Encoding::Utf16).is_empty());
        let cursor = Range::new(Position::new(2, 3), Position::new(2, 3));
        assert!(!text_edits(&rope, Some(cursor), Encoding::Utf16).is_empty());
    }
}
