//! Label normalisation and matching (docs/format.md §3.4): NFKC, no whitespace, one kind of quote,
//! `、` = `，`, a leading `N、` read as `N.`. Every normalised character remembers the byte
//! range it came from, so a matched label can still be quoted and fixed in the original text.

use unicode_normalization::UnicodeNormalization;

use crate::span::Span;

/// A normalised character and the original bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NChar {
    pub c: char,
    pub src: Span,
}

/// Normalise the original characters `chars` (each with its byte offset in the text).
pub fn normalize(chars: &[(char, usize)]) -> Vec<NChar> {
    let mut out: Vec<NChar> = Vec::with_capacity(chars.len());
    normalize_into(chars, &mut out);
    out
}

/// [`normalize`], appending to `out` (a buffer reused by the caller). What was already in
/// `out` is left as it was.
pub fn normalize_into(chars: &[(char, usize)], out: &mut Vec<NChar>) {
    let from = out.len();
    out.reserve(chars.len());
    for &(c, at) in chars {
        // ASCII and CJK ideographs are their own NFKC form and never whitespace: skip the
        // tables for them
        let cjk = ('\u{4e00}'..='\u{9fff}').contains(&c);
        if !cjk && (c.is_whitespace() || c == '\u{3000}') {
            continue;
        }
        let src = Span::new(at, at + c.len_utf8());
        if c.is_ascii() || cjk {
            out.push(NChar { c: unify(c), src });
            continue;
        }
        // full-width ASCII (（）：，０-９…) is NFKC's ASCII, 0xFEE0 below it: skip the tables
        if ('\u{ff01}'..='\u{ff5e}').contains(&c) {
            let ascii = char::from_u32(c as u32 - 0xfee0).unwrap_or(c);
            out.push(NChar {
                c: unify(ascii),
                src,
            });
            continue;
        }
        let mut buf = [0u8; 4];
        for n in c.encode_utf8(&mut buf).nfkc() {
            out.push(NChar { c: unify(n), src });
        }
    }
    // An Arabic enumerator `1,` (from `1、`) is `1.`.
    let out = &mut out[from..];
    for i in 0..out.len().saturating_sub(1) {
        let lone_digit = out[i].c.is_ascii_digit() && (i == 0 || !out[i - 1].c.is_ascii_digit());
        if lone_digit && out[i + 1].c == ',' && out.get(i + 2).is_none_or(|n| !n.c.is_ascii_digit())
        {
            out[i + 1].c = '.';
        }
    }
}

/// One spelling for quotes, the two commas and the full stop of enumerators.
fn unify(n: char) -> char {
    match n {
        '“' | '”' | '"' | '「' | '」' | '＂' => '"',
        '‘' | '’' | '\'' => '"',
        '、' | '，' => ',',
        '．' => '.',
        _ => n,
    }
}

pub fn normalize_str(s: &str) -> String {
    let chars: Vec<(char, usize)> = s.char_indices().map(|(i, c)| (c, i)).collect();
    normalize(&chars).into_iter().map(|n| n.c).collect()
}

pub fn to_string(n: &[NChar]) -> String {
    n.iter().map(|c| c.c).collect()
}

pub fn span_of(n: &[NChar]) -> Option<Span> {
    Some(Span::new(n.first()?.src.start, n.last()?.src.end))
}

const CN_ORDINALS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Length in characters of the enumerator that starts `s` (`三,` `(三)` `3.`), if any.
pub fn enumerator_len(s: &[char]) -> Option<usize> {
    match s {
        ['(', o, ')', ..] if CN_ORDINALS.contains(o) => Some(3),
        [o, ',', ..] if CN_ORDINALS.contains(o) => Some(2),
        [d, '.', next, ..] if d.is_ascii_digit() && !next.is_ascii_digit() => Some(2),
        _ => None,
    }
}

/// Positions in `s` where an enumerator starts a new label: the places a cluster of label text
/// is cut (`(三)不予公开1.属于国家秘密` → `(三)不予公开` | `1.属于国家秘密`).
pub fn enumerator_starts(s: &[char]) -> Vec<usize> {
    let mut out = Vec::new();
    enumerator_starts_into(s, &mut out);
    out
}

/// [`enumerator_starts`] into `out` (cleared first), a buffer the caller reuses.
pub fn enumerator_starts_into(s: &[char], out: &mut Vec<usize>) {
    out.clear();
    for i in 0..s.len() {
        if enumerator_len(&s[i..]).is_some() {
            // `三,` inside a label like `危及"三安全一稳定"` has no comma; `一` inside words is not
            // followed by `,` — but a Chinese ordinal right after another CJK ordinal is not a start.
            if i > 0 && s[i].is_ascii_digit() && s[i - 1].is_ascii_digit() {
                continue;
            }
            out.push(i);
        }
    }
}

/// Levenshtein distance between two char slices (labels are short; O(n·m) is fine).
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_spaces_and_enumerators_are_unified() {
        assert_eq!(
            normalize_str("(一) 予以公开"),
            normalize_str("（一）予以公开")
        );
        assert_eq!(normalize_str("1、申请人"), normalize_str("1.申请人"));
        assert_eq!(
            normalize_str("3.危及\"三安全一稳定\""),
            normalize_str("3.危及“三安全一稳定”")
        );
        assert_eq!(normalize_str("商业 企业"), "商业企业");
    }

    #[test]
    fn enumerators_cut_clusters() {
        let s: Vec<char> = normalize_str("(三)不予公开1.属于国家秘密")
            .chars()
            .collect();
        assert_eq!(enumerator_starts(&s), vec![0, 7]);
        let s: Vec<char> = normalize_str("本2.其他法律").chars().collect();
        assert_eq!(enumerator_starts(&s), vec![1]);
        let s: Vec<char> = normalize_str("3.危及“三安全一稳定”").chars().collect();
        assert_eq!(enumerator_starts(&s), vec![0]);
    }

    #[test]
    fn distance() {
        let a: Vec<char> = "只计这一情况".chars().collect();
        let b: Vec<char> = "只计这一情形".chars().collect();
        assert_eq!(edit_distance(&a, &b), 1);
    }

    #[test]
    fn sources_are_kept() {
        let text = "（二） 部分";
        let chars: Vec<(char, usize)> = text.char_indices().map(|(i, c)| (c, i)).collect();
        let n = normalize(&chars);
        assert_eq!(n[0].c, '(');
        assert_eq!(&text[n[3].src.start..n[3].src.end], "部");
    }

    #[test]
    fn full_width_ascii_is_what_nfkc_makes_of_it() {
        for c in '\u{ff01}'..='\u{ff5e}' {
            let chars = [(c, 0)];
            let expect: String = c.to_string().nfkc().map(unify).collect();
            assert_eq!(to_string(&normalize(&chars)), expect, "{c:?}");
        }
    }
}
