//! Writing JSON by hand, the bytes serde_json would write: the JSON Lines and SARIF renderers
//! write each finding straight into one string instead of building a `serde_json::Value` per
//! finding (which was most of their time on a batch). Each renderer's tests hold its output
//! equal to serde_json's.

/// `n` in decimal.
pub(crate) fn push_number(out: &mut String, n: usize) {
    crate::text::push_uint(out, n as u64);
}

/// `s` as a JSON string, quoted.
pub(crate) fn push_str(out: &mut String, s: &str) {
    out.push('"');
    push_escaped(out, s);
    out.push('"');
}

/// `s` escaped as serde_json escapes it: `"`, `\` and the control characters below U+0020
/// (`\b \t \n \f \r`, the others `\u00xx`); nothing else.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.push_str(&s[from..i]);
        from = i + 1;
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            0x0c => out.push_str("\\f"),
            b'\r' => out.push_str("\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }
    out.push_str(&s[from..]);
}

/// Findings for the renderers' tests, written once.
#[cfg(test)]
pub(crate) mod testing {
    use crate::finding::{Applicability, Edit, Finding, Fix};
    use crate::span::Span;

    /// `f` with `count` fixes, safe and suggested in turn, fix `i` titled `改为{i}{odd}` and
    /// holding `i` edits from `at + j` to `end`, each replaced by `replacement(j)`.
    pub(crate) fn with_fixes(
        mut f: Finding,
        count: usize,
        odd: &str,
        (at, end): (usize, usize),
        replacement: impl Fn(usize) -> String,
    ) -> Finding {
        for i in 0..count {
            f = f.with_fix(Fix {
                title: format!("改为{i}{odd}"),
                applicability: if i % 2 == 0 {
                    Applicability::Safe
                } else {
                    Applicability::Suggested
                },
                edits: (0..i)
                    .map(|j| Edit {
                        span: Span::new(at + j, end),
                        replacement: replacement(j),
                    })
                    .collect(),
            });
        }
        f
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn strings_and_numbers_as_serde_json_writes_them() {
        let mut s: String = (0u8..0x80).map(char::from).collect();
        s.push_str("“引号”\\\u{2028}𠀀😀");
        let mut out = String::new();
        super::push_str(&mut out, &s);
        assert_eq!(out, serde_json::to_string(&s).unwrap());
        for n in [0usize, 7, 10, 12345, usize::MAX] {
            let mut out = String::new();
            super::push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }
}
