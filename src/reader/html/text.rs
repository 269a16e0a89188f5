//! Character data of an HTML page with the source bytes of every character: entities decoded
//! (the character keeps the whole entity's span), nothing else changed.

use crate::span::Span;

/// One character of text as the page shows it, and the source bytes that print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SrcChar {
    pub c: char,
    pub src: Span,
    /// The character is its own bytes in the source (not an entity, not a `\r` read as `\n`).
    pub literal: bool,
}

/// Decode `raw` (the source bytes of one text token, starting at `base`) into `out`.
///
/// A token that holds a literal `<` or an `&` that starts no reference is text a browser shows
/// as is, but an edit inside it could turn it into markup (`<` glued to a letter, `&` to a
/// name): none of its characters is literal, so no fix rewrites it.
pub fn decode_into(raw: &str, base: usize, out: &mut Vec<SrcChar>) {
    let from = out.len();
    let mut fragile = false;
    decode_chars(raw, base, out, &mut fragile);
    if fragile {
        for c in &mut out[from..] {
            c.literal = false;
        }
    }
}

fn decode_chars(raw: &str, base: usize, out: &mut Vec<SrcChar>, fragile: &mut bool) {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if bytes[i] == b'&' {
            if let Some((c, len)) = entity_at(&raw[i..]) {
                out.push(SrcChar {
                    c,
                    src: Span::new(base + i, base + i + len),
                    literal: false,
                });
                i += len;
                continue;
            }
        }
        // `i` is always on a character boundary: entities and `&` are ASCII
        let c = raw[i..].chars().next().unwrap_or('\u{fffd}');
        *fragile |= matches!(c, '<' | '&');
        let len = c.len_utf8();
        out.push(SrcChar {
            c: if c == '\r' { '\n' } else { c },
            src: Span::new(base + i, base + i + len),
            literal: c != '\r',
        });
        i += len;
    }
}

/// The character an entity reference at the start of `s` stands for, and the reference's length
/// in bytes. Named references must end with `;` except the legacy `&nbsp`/`&amp`/`&lt`/`&gt`;
/// an unknown or malformed reference is literal text, as browsers show it.
fn entity_at(s: &str) -> Option<(char, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let n = digits.bytes().take_while(|b| b.is_ascii_hexdigit()).count();
        let n = if radix == 10 {
            digits.bytes().take_while(u8::is_ascii_digit).count()
        } else {
            n
        };
        if n == 0 || n > 8 {
            return None;
        }
        let v = u32::from_str_radix(&digits[..n], radix).ok()?;
        let c = match v {
            0 => '\u{fffd}',
            _ => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        let semi = usize::from(digits[n..].starts_with(';'));
        return Some((c, 1 + skip + n + semi));
    }
    let n = body
        .bytes()
        .take(10)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let name = &body[..n];
    let c = named(name)?;
    if body[n..].starts_with(';') {
        Some((c, 1 + n + 1))
    } else if matches!(name, "nbsp" | "amp" | "lt" | "gt" | "quot") {
        Some((c, 1 + n))
    } else {
        None
    }
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "divide" => '÷',
        "yen" => '¥',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "le" => '≤',
        "ge" => '≥',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "shy" => '\u{ad}',
        "zwsp" => '\u{200b}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(raw: &str) -> Vec<(char, usize, usize)> {
        let mut out = Vec::new();
        decode_into(raw, 10, &mut out);
        out.iter().map(|c| (c.c, c.src.start, c.src.end)).collect()
    }

    #[test]
    fn entities_keep_their_bytes() {
        assert_eq!(
            decode("1&nbsp;2"),
            [('1', 10, 11), ('\u{a0}', 11, 17), ('2', 17, 18)]
        );
        assert_eq!(decode("&#160;&#x3000;")[1], ('\u{3000}', 16, 24));
        assert_eq!(decode("&nbsp")[0], ('\u{a0}', 10, 15));
    }

    #[test]
    fn text_with_a_literal_angle_or_ampersand_is_not_rewritable() {
        let mut out = Vec::new();
        decode_into("12 < 3", 0, &mut out);
        assert!(out.iter().all(|c| !c.literal));
        out.clear();
        decode_into("&nbsp;12", 0, &mut out);
        assert!(out[1].literal && out[2].literal);
    }

    #[test]
    fn unknown_and_broken_references_are_text() {
        assert_eq!(decode("&foo;").len(), 5);
        assert_eq!(decode("&#;").len(), 3);
        assert_eq!(decode("a&")[1], ('&', 11, 12));
        assert_eq!(decode("&#99999999999;").len(), 14);
        assert_eq!(decode("&#0;")[0].0, '\u{fffd}');
        // three bytes for a three-byte character, and still not the character's own bytes
        let mut out = Vec::new();
        decode_into("&#0", 0, &mut out);
        assert!(!out[0].literal);
        assert_eq!(decode("&#xD800;")[0].0, '\u{fffd}');
    }
}
