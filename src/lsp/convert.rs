//! The one place where engine byte offsets meet LSP positions.
//!
//! LSP counts lines by `\n`, `\r\n` and `\r` only (not VT, FF, U+0085, U+2028, U+2029: ropey is
//! built without `unicode_lines` for exactly this), and columns in the negotiated encoding:
//! UTF-8 code units (bytes) or UTF-16 code units. Every conversion works on the document's
//! [`Rope`], whose byte offsets are the offsets of the `String` the engine analysed.
//!
//! Positions from the client are clamped, never rejected: a column past the line's end means
//! the line's end (LSP 3.17), a line past the last means the end of the text, and a column
//! inside a character (half a surrogate pair, the middle of a UTF-8 sequence) means that
//! character's start.

use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

use crate::span::Span;

/// The column unit agreed with the client in `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// LSP's default, and the only unit every client understands.
    #[default]
    Utf16,
}

impl Encoding {
    /// Pick from what the client offers (`general.positionEncodings`): UTF-8 when offered
    /// (no conversion needed for our byte spans), else UTF-16, which every client must accept.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Byte length of a line's terminator (`\n`, `\r\n`, `\r` or none for the last line).
fn terminator_len(line: RopeSlice) -> usize {
    let n = line.len_bytes();
    match (
        n.checked_sub(2).map(|i| line.byte(i)),
        n.checked_sub(1).map(|i| line.byte(i)),
    ) {
        (Some(b'\r'), Some(b'\n')) => 2,
        (_, Some(b'\n' | b'\r')) => 1,
        _ => 0,
    }
}

/// Byte range of line `line` without its terminator.
fn line_content(rope: &Rope, line: usize) -> (usize, usize) {
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    (start, start + slice.len_bytes() - terminator_len(slice))
}

/// The LSP position of byte `offset` (clamped to the text; an offset inside a line terminator
/// is reported at the end of that line's content).
pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = rope.char_to_byte(rope.byte_to_char(offset.min(rope.len_bytes())));
    let line = rope.byte_to_line(offset);
    let (start, end) = line_content(rope, line);
    let offset = offset.min(end);
    let character = match enc {
        Encoding::Utf8 => offset - start,
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(offset))
                - rope.char_to_utf16_cu(rope.byte_to_char(start))
        }
    };
    Position::new(line as u32, character as u32)
}

pub fn range(rope: &Rope, span: Span, enc: Encoding) -> Range {
    Range::new(
        position(rope, span.start, enc),
        position(rope, span.end, enc),
    )
}

/// Positions of many spans of one document, for a diagnostics list with a hundred related
/// locations: the rope is asked once per distinct line (its extent and content), later
/// positions on that line are a binary search among the lines already seen and a count within
/// the line. No pass over the whole text, so a 5 MB document costs what an 11 KB one does.
/// Gives exactly what [`position`] gives (a property test below checks this).
pub struct Positions<'a> {
    rope: &'a Rope,
    /// Lines looked up so far, by start.
    lines: std::cell::RefCell<Vec<LineInfo>>,
}

struct LineInfo {
    line: usize,
    start: usize,
    /// Where the next line starts (past the end for the last line).
    next: usize,
    /// The line without its terminator.
    content: String,
}

impl<'a> Positions<'a> {
    pub fn new(rope: &'a Rope) -> Self {
        Positions {
            rope,
            lines: Default::default(),
        }
    }

    /// [`position`] of byte `offset`.
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let rope = self.rope;
        let offset = offset.min(rope.len_bytes());
        let mut lines = self.lines.borrow_mut();
        let i = lines.partition_point(|l| l.start <= offset);
        let i = match i.checked_sub(1).filter(|&k| offset < lines[k].next) {
            Some(k) => k,
            None => {
                let line = rope.byte_to_line(offset);
                let (start, end) = line_content(rope, line);
                let next = if line + 1 < rope.len_lines() {
                    rope.line_to_byte(line + 1)
                } else {
                    rope.len_bytes() + 1
                };
                let content = rope.byte_slice(start..end).to_string();
                let at = lines.partition_point(|l| l.start < start);
                lines.insert(
                    at,
                    LineInfo {
                        line,
                        start,
                        next,
                        content,
                    },
                );
                at
            }
        };
        let l = &lines[i];
        // inside the terminator means the end of the content; inside a character, its start
        let mut within = (offset - l.start).min(l.content.len());
        while !l.content.is_char_boundary(within) {
            within -= 1;
        }
        let character = match enc {
            Encoding::Utf8 => within,
            Encoding::Utf16 => l.content[..within].chars().map(char::len_utf16).sum(),
        };
        Position::new(l.line as u32, character as u32)
    }

    /// [`range`] of `span`.
    pub fn range(&self, span: Span, enc: Encoding) -> Range {
        Range::new(self.position(span.start, enc), self.position(span.end, enc))
    }
}

/// The byte offset of an LSP position, clamped as the module comment says.
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let (start, end) = line_content(rope, line);
    let col = pos.character as usize;
    match enc {
        Encoding::Utf8 => rope.char_to_byte(rope.byte_to_char((start + col).min(end))),
        Encoding::Utf16 => {
            let first = rope.char_to_utf16_cu(rope.byte_to_char(start));
            let last = rope.char_to_utf16_cu(rope.byte_to_char(end));
            // utf16_cu_to_char rounds a unit inside a surrogate pair down to the pair's char.
            rope.char_to_byte(rope.utf16_cu_to_char((first + col).min(last)))
        }
    }
}

/// Byte span of an LSP range (start and end clamped separately; a reversed range is emptied at
/// its start).
pub fn span(rope: &Rope, range: Range, enc: Encoding) -> Span {
    let start = offset(rope, range.start, enc);
    let end = offset(rope, range.end, enc).max(start);
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Encoding::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    /// Check `needle`'s span ↔ range both ways in `enc`.
    fn round_trip(text: &str, needle: &str, enc: Encoding, expect: Range) {
        let rope = Rope::from_str(text);
        let at = text.find(needle).unwrap();
        let s = Span::new(at, at + needle.len());
        assert_eq!(range(&rope, s, enc), expect, "{needle:?} in {enc:?}");
        assert_eq!(span(&rope, expect, enc), s, "{needle:?} back in {enc:?}");
    }

    #[test]
    fn cjk_columns_in_both_encodings() {
        let text = "总计：123 件\n";
        round_trip(text, "123", Utf16, Range::new(pos(0, 3), pos(0, 6)));
        round_trip(text, "123", Utf8, Range::new(pos(0, 9), pos(0, 12)));
    }

    #[test]
    fn characters_outside_the_bmp_count_two_utf16_units() {
        let text = "𠀀总计 165\n";
        // 𠀀 = 2 units, 总 计 and the space 1 each; in bytes 4 + 3 + 3 + 1
        round_trip(text, "165", Utf16, Range::new(pos(0, 5), pos(0, 8)));
        round_trip(text, "165", Utf8, Range::new(pos(0, 11), pos(0, 14)));
    }

    #[test]
    fn crlf_lines() {
        let text = "政府信息公开\r\n总计 165\r\n";
        round_trip(text, "165", Utf16, Range::new(pos(1, 3), pos(1, 6)));
        round_trip(text, "165", Utf8, Range::new(pos(1, 7), pos(1, 10)));
        // end of line 0 is before the CR, not after it
        let rope = Rope::from_str(text);
        assert_eq!(offset(&rope, pos(0, 99), Utf16), "政府信息公开".len());
        assert_eq!(position(&rope, "政府信息公开\r".len(), Utf16), pos(0, 6));
    }

    #[test]
    fn lone_cr_breaks_lines_but_unicode_separators_do_not() {
        let text = "a\u{b}b\u{c}c\u{85}d\u{2028}e\u{2029}f\rg 7\nh";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 3);
        round_trip(text, "7", Utf16, Range::new(pos(1, 2), pos(1, 3)));
        round_trip(text, "7", Utf8, Range::new(pos(1, 2), pos(1, 3)));
        round_trip(text, "f", Utf16, Range::new(pos(0, 10), pos(0, 11)));
        // U+0085 is 2 bytes, U+2028/9 are 3 bytes: 1+1+1+1+1+2+1+3+1+3 = 15
        round_trip(text, "f", Utf8, Range::new(pos(0, 15), pos(0, 16)));
    }

    #[test]
    fn positions_are_clamped() {
        let text = "总计\n𠀀1";
        let rope = Rope::from_str(text);
        assert_eq!(offset(&rope, pos(9, 0), Utf16), text.len());
        assert_eq!(offset(&rope, pos(1, 99), Utf8), text.len());
        // inside the surrogate pair / inside the UTF-8 sequence: the character's start
        assert_eq!(offset(&rope, pos(1, 1), Utf16), "总计\n".len());
        assert_eq!(offset(&rope, pos(0, 1), Utf8), 0);
        assert_eq!(position(&rope, 999, Utf16), pos(1, 3));
        // a reversed range is emptied
        assert_eq!(
            span(&rope, Range::new(pos(1, 2), pos(0, 0)), Utf16),
            Span::new(11, 11)
        );
    }

    #[test]
    fn negotiation_prefers_utf8_and_defaults_to_utf16() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Utf16
        );
        assert_eq!(Encoding::negotiate(None), Utf16);
    }

    proptest::proptest! {
        /// The line index gives the rope's position for every offset, in both encodings.
        #[test]
        fn positions_index_agrees_with_the_rope(
            parts in proptest::collection::vec(
                proptest::sample::select(
                    vec!["a", "总", "𠀀", "\n", "\r", "\r\n", " ", "\u{2028}", "\u{85}", "7"],
                ),
                0..40,
            ),
        ) {
            let text: String = parts.concat();
            let rope = Rope::from_str(&text);
            let index = Positions::new(&rope);
            for offset in 0..=text.len() + 1 {
                for enc in [Utf8, Utf16] {
                    proptest::prop_assert_eq!(
                        index.position(offset, enc),
                        position(&rope, offset, enc),
                        "offset {} of {:?}", offset, text
                    );
                }
            }
        }
    }
}
