//! Turning bytes into text, and byte offsets into lines and columns.
//!
//! Reports arrive as UTF-8 (with or without BOM) or, from older Windows offices, GB18030/GBK.
//! The engine works on `&str` and byte offsets; [`LineIndex`] converts those offsets to the
//! units each consumer counts in (characters for the CLI and JSON, UTF-8 or UTF-16 for LSP).

use std::fmt;

/// Why a file could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// NUL bytes or many control characters: not a text file.
    Binary,
    /// Neither valid UTF-8 nor plausible GB18030.
    UnknownEncoding,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "文件为空 (empty file)"),
            DecodeError::Binary => write!(f, "不是文本文件 (binary file: contains NUL bytes)"),
            DecodeError::UnknownEncoding => write!(
                f,
                "无法识别文件编码，请另存为 UTF-8 (not UTF-8, and not readable as GB18030)"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Which encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

/// Decoded text. For UTF-8 input `text` is the file minus its BOM, so a byte offset in `text`
/// plus `bom_len` is the offset in the file; fixes of GB18030 files are written back as UTF-8
/// only when the caller accepts that (the CLI refuses).
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// Decode a file's bytes. A BOM is stripped; invalid UTF-8 is tried as GB18030 and accepted when
/// it decodes without replacement characters and contains CJK text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let (body, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, Encoding::Utf8Bom),
        None => (bytes, Encoding::Utf8),
    };
    // a page that declares a Chinese legacy charset (`<meta charset="gb2312">`) is read in it,
    // whatever else its bytes could be
    let declared_gb = declared_charset(body).is_some_and(|c| {
        let c = c.to_ascii_lowercase();
        c.starts_with("gb") || c == "x-gbk" || c == "cp936"
    });
    if let Ok(text) = std::str::from_utf8(body).map_err(|_| ()).and_then(|t| {
        if declared_gb && !t.is_ascii() {
            Err(())
        } else {
            Ok(t)
        }
    }) {
        if looks_binary(text) {
            return Err(DecodeError::Binary);
        }
        return Ok(Decoded {
            text: text.to_owned(),
            encoding,
        });
    }
    // Without BOM sniffing: `decode` would take a leading FF FE as UTF-16 and turn any bytes
    // into CJK-looking text.
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors || !(declared_gb || text.chars().any(is_cjk)) || looks_binary(&text) {
        return Err(DecodeError::UnknownEncoding);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: Encoding::Gb18030,
    })
}

/// The charset an HTML page declares in its first 2 KB (`<meta charset="gbk">`, or
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`).
fn declared_charset(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(2048)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    if head[start] != b'<' {
        return None;
    }
    let at = head
        .windows(8)
        .position(|w| w.eq_ignore_ascii_case(b"charset="))?;
    let rest = &head[at + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let n = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .count();
    std::str::from_utf8(&rest[..n])
        .ok()
        .filter(|c| !c.is_empty())
}

fn looks_binary(text: &str) -> bool {
    // the usual case first, on bytes: no C0 control but the four allowed, no DEL, and no C1
    // control (0xC2 0x80..0x9F) means no control character at all
    let b = text.as_bytes();
    // without branches, a block at a time, so that the compiler checks many bytes at once
    let c0 = |b: u8| {
        ((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0c)) | (b == 0x7f)
    };
    let any_c0 = || {
        b.chunks(64)
            .any(|block| block.iter().fold(false, |seen, &b| seen | c0(b)))
    };
    let c1 = || memchr::memchr_iter(0xc2, b).any(|i| matches!(b.get(i + 1), Some(0x80..=0x9f)));
    if !any_c0() && !c1() {
        return false;
    }
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    control * 20 > text.chars().count().max(1)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Line starts of a text, breaking at `\n` only (a lone `\r` or a form feed is not a line
/// break for the spec's line numbers; `\r\n` ends a line at its `\n`).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

/// A position as 0-based line and 0-based column in some unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of line `line` without its terminator (`\n` or `\r\n`).
    pub fn line_span(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let mut end = self.starts.get(line + 1).map_or(self.len, |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// 0-based line and column counted in characters.
    pub fn char_pos(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        LineCol {
            line,
            col: text[self.starts[line]..offset].chars().count(),
        }
    }

    /// 0-based line and column counted in UTF-16 code units (LSP's default).
    pub fn utf16_pos(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        LineCol {
            line,
            col: text[self.starts[line]..offset].encode_utf16().count(),
        }
    }

    /// 0-based line and column counted in bytes (LSP's `utf-8` position encoding).
    pub fn utf8_pos(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        LineCol {
            line,
            col: offset - self.starts[line],
        }
    }

    /// Byte offset of a UTF-16 position; columns past the line's end clamp to it.
    pub fn offset_utf16(&self, text: &str, pos: LineCol) -> usize {
        let Some(&start) = self.starts.get(pos.line) else {
            return self.len;
        };
        let (_, end) = self.line_span(text, pos.line);
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            if units >= pos.col {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// Byte offset of a UTF-8 position; clamps, and never splits a character.
    pub fn offset_utf8(&self, text: &str, pos: LineCol) -> usize {
        let Some(&start) = self.starts.get(pos.line) else {
            return self.len;
        };
        let (_, end) = self.line_span(text, pos.line);
        floor_char_boundary(text, (start + pos.col).min(end))
    }
}

/// `n` in decimal, appended to `out`: messages and JSON write many small numbers, and
/// `format!` or `to_string` for each cost a formatter's machinery and a string of its own.
pub fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_uint(out, n.unsigned_abs());
}

/// [`push_int`] of an unsigned number.
pub fn push_uint(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Largest char boundary `<= offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_as_to_string_writes_them() {
        for n in [0, 7, -7, 10, 1234567890, i64::MIN, i64::MAX] {
            let mut out = String::from("x");
            push_int(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
        let mut out = String::new();
        push_uint(&mut out, u64::MAX);
        assert_eq!(out, u64::MAX.to_string());
    }

    #[test]
    fn bom_is_stripped_and_remembered() {
        let d = decode("\u{feff}总计 1".as_bytes()).unwrap();
        assert_eq!(d.text, "总计 1");
        assert_eq!(d.encoding, Encoding::Utf8Bom);
    }

    #[test]
    fn a_page_declaring_gbk_is_read_in_it() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\"></head><body><p>三、收到和处理</p></body></html>";
        let (bytes, _, _) = encoding_rs::GB18030.encode(page);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (page, Encoding::Gb18030));
        assert_eq!(declared_charset(b"<meta charset='gbk'>"), Some("gbk"));
        assert_eq!(declared_charset(b"charset=gbk"), None);
        // an ASCII page declaring GB2312 is the same text either way
        assert_eq!(
            decode(b"<meta charset=gb2312><p>1</p>").unwrap().encoding,
            Encoding::Utf8
        );
    }

    #[test]
    fn gb18030_is_detected() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("三、收到和处理政府信息公开申请情况");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Gb18030);
        assert!(d.text.starts_with("三、收到"));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b"ab\0cd").unwrap_err(), DecodeError::Binary);
        assert_eq!(
            decode(b"\xff\xff\xff abc").unwrap_err(),
            DecodeError::UnknownEncoding
        );
        // FF FE is a UTF-16 BOM: not read as UTF-16 (ASCII pairs would become CJK characters)
        assert_eq!(
            decode(b"\xff\xfe\xfd not text").unwrap_err(),
            DecodeError::UnknownEncoding
        );
    }

    #[test]
    fn positions_in_three_units() {
        let text = "总计\r\n𠀀12\n";
        let idx = LineIndex::new(text);
        let off = text.find('1').unwrap();
        assert_eq!(idx.char_pos(text, off), LineCol { line: 1, col: 1 });
        assert_eq!(idx.utf16_pos(text, off), LineCol { line: 1, col: 2 });
        assert_eq!(idx.utf8_pos(text, off), LineCol { line: 1, col: 4 });
        assert_eq!(idx.offset_utf16(text, LineCol { line: 1, col: 2 }), off);
        assert_eq!(idx.offset_utf8(text, LineCol { line: 1, col: 4 }), off);
        assert_eq!(idx.line_span(text, 0), (0, "总计".len()));
        // past the end of a line clamps to the line's end, never into the CRLF
        assert_eq!(
            idx.offset_utf16(text, LineCol { line: 0, col: 99 }),
            "总计".len()
        );
    }

    #[test]
    fn form_feed_is_not_a_line_break() {
        let idx = LineIndex::new("a\u{c}b\nc");
        assert_eq!(idx.line_count(), 2);
    }

    #[test]
    fn control_characters_make_binary_whatever_their_width() {
        // C1 controls (two bytes, 0xC2 0x80..0x9F) count like C0 ones; a middle dot (0xC2 0xB7)
        // and the four allowed C0 characters do not
        assert!(looks_binary(&"\u{85}\u{9f}ab".repeat(10)));
        assert!(looks_binary(&"\u{1}\u{7f}ab".repeat(10)));
        assert!(!looks_binary(&"总计·\t\r\n\u{c}".repeat(10)));
        // fewer than one character in twenty
        assert!(!looks_binary(&format!("\u{85}{}", "很长的文本".repeat(5))));
    }
}
