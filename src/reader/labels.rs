//! Label text → template rows. A cluster of adjacent label text is cut at enumerators
//! (`（三）` `3.` `三、`) into pieces, and each piece is matched: exactly, as the first part of
//! a wrapped label, or as a close variant (NB030). Pieces without an enumerator are header
//! words, wrapped-label tails or the characters of a vertical group label: never rows.

use super::normalize::{edit_distance, enumerator_len, enumerator_starts_into, normalize, NChar};
use crate::span::Span;
use crate::template::RowDef;

/// How a piece matched a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Exact,
    /// The first line of a wrapped label.
    Prefix,
    /// A close variant: NB030.
    Variant,
}

#[derive(Debug, Clone)]
pub struct Piece {
    pub chars: Vec<NChar>,
    pub span: Span,
}

impl Piece {
    pub fn text(&self) -> String {
        self.chars.iter().map(|c| c.c).collect()
    }

    pub fn has_enumerator(&self) -> bool {
        let cs: Vec<char> = self.chars.iter().map(|c| c.c).collect();
        enumerator_len(&cs).is_some()
    }
}

/// Cut a cluster (original chars with offsets) into pieces at enumerators.
pub fn pieces(cluster: &[(char, usize)]) -> Vec<Piece> {
    let mut out = Vec::new();
    pieces_into(cluster, &mut PieceBuffers::default(), &mut out);
    out
}

/// What [`pieces_into`] needs besides the pieces it makes, kept from cluster to cluster by a
/// caller that cuts many: a region's clusters would otherwise cost three allocations each.
#[derive(Default)]
pub struct PieceBuffers {
    /// The cluster's normalised characters.
    chars: Vec<char>,
    /// Where enumerators start in them.
    cuts: Vec<usize>,
}

/// [`pieces`], appended to `out` (cleared first), with `buf` reused.
pub fn pieces_into(cluster: &[(char, usize)], buf: &mut PieceBuffers, out: &mut Vec<Piece>) {
    out.clear();
    let n = normalize(cluster);
    buf.chars.clear();
    buf.chars.extend(n.iter().map(|c| c.c));
    enumerator_starts_into(&buf.chars, &mut buf.cuts);
    buf.cuts.retain(|&c| c > 0);
    if buf.cuts.is_empty() {
        // one piece, the usual case: it keeps the normalised characters as they are
        if !n.is_empty() {
            let span = Span::new(n[0].src.start, n[n.len() - 1].src.end);
            out.push(Piece { chars: n, span });
        }
        return;
    }
    let mut from = 0;
    for &cut in buf.cuts.iter().chain([&n.len()]) {
        if cut > from {
            let chars = n[from..cut].to_vec();
            let span = Span::new(chars[0].src.start, chars.last().unwrap().src.end);
            out.push(Piece { chars, span });
        }
        from = cut;
    }
}

/// A template label prepared for matching.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub key: usize,
    pub norm: Vec<char>,
    pub enumerator: usize,
}

pub fn candidates(rows: &[&'static RowDef]) -> Vec<Candidate> {
    rows.iter()
        .enumerate()
        .map(|(key, r)| {
            let norm: Vec<char> = super::normalize::normalize_str(r.label).chars().collect();
            let enumerator = enumerator_len(&norm).unwrap_or(0);
            Candidate {
                key,
                norm,
                enumerator,
            }
        })
        .collect()
}

/// Characters of the group labels that span rows (printed vertically or cut by a wrap).
const GROUP_CHARS: &str = "三本年度办理结果不予公开无法提供处理其他";

/// The row a piece names, if any. Pieces must carry the same enumerator as the row.
pub fn match_row(piece: &[char], cands: &[Candidate]) -> Option<(usize, Match)> {
    let e = enumerator_len(piece)?;
    // the same text has the same enumerator: an exact match needs no filtering first
    if let Some(c) = cands.iter().find(|c| c.norm == piece) {
        return Some((c.key, Match::Exact));
    }
    let same_enum: Vec<&Candidate> = cands
        .iter()
        .filter(|c| c.enumerator == e && c.norm[..e] == piece[..e])
        .collect();
    // a whole label followed by stray characters of a vertical group label (`…稳定”度办`)
    if let Some(c) = same_enum
        .iter()
        .filter(|c| piece.starts_with(&c.norm) && piece.len() - c.norm.len() <= 3)
        .max_by_key(|c| c.norm.len())
    {
        return Some((c.key, Match::Exact));
    }
    let rest = &piece[e..];
    if rest.len() >= 4 {
        let prefixed: Vec<&&Candidate> = same_enum
            .iter()
            .filter(|c| c.norm.starts_with(piece))
            .collect();
        if prefixed.len() == 1 {
            return Some((prefixed[0].key, Match::Prefix));
        }
    }
    // a wrapped label with characters of a vertical group label between its lines
    // (`2.申请人…通知要` + `他处理` + `求缴纳…`): compare without those characters
    let strip = |s: &[char]| -> Vec<char> {
        s.iter()
            .filter(|c| !GROUP_CHARS.contains(**c))
            .copied()
            .collect()
    };
    let stripped = strip(rest);
    if stripped.len() >= 8 && stripped.len() < rest.len() {
        let hits: Vec<&&Candidate> = same_enum
            .iter()
            .filter(|c| strip(&c.norm[e..]).starts_with(&stripped))
            .collect();
        if hits.len() == 1 {
            return Some((hits[0].key, Match::Prefix));
        }
    }
    // closest variant, if clearly closest
    let mut scored: Vec<(usize, usize)> = same_enum
        .iter()
        .map(|c| (edit_distance(rest, &c.norm[e..]), c.key))
        .collect();
    scored.sort();
    let (best, key) = *scored.first()?;
    let label_len = cands.iter().find(|c| c.key == key)?.norm.len() - e;
    let allowed = (label_len / 4).max(1);
    let unique = scored.get(1).is_none_or(|s| s.0 > best);
    (best <= allowed && unique && best > 0).then_some((key, Match::Variant))
}

/// For a variant, the smallest edit that turns the printed label into the official one:
/// the byte span of the differing original characters and their replacement. Common prefix and
/// suffix are compared after normalisation, so the document's own punctuation width is kept.
pub fn variant_edit(
    piece: &Piece,
    official_norm: &[char],
    official: &str,
) -> Option<(Span, String)> {
    let printed: Vec<char> = piece.chars.iter().map(|c| c.c).collect();
    let pre = printed
        .iter()
        .zip(official_norm)
        .take_while(|(a, b)| a == b)
        .count();
    let max_suf = printed.len().min(official_norm.len()) - pre;
    let suf = printed
        .iter()
        .rev()
        .zip(official_norm.iter().rev())
        .take(max_suf)
        .take_while(|(a, b)| a == b)
        .count();
    let off_norm_mid: String = official_norm[pre..official_norm.len() - suf]
        .iter()
        .collect();
    // Map the official middle back to its original characters (the template's own text).
    let off_chars: Vec<(char, usize)> = official.char_indices().map(|(i, c)| (c, i)).collect();
    let off_n = normalize(&off_chars);
    let replacement = if off_n.len() == official_norm.len() {
        let mid = &off_n[pre..off_n.len() - suf];
        match (mid.first(), mid.last()) {
            (Some(a), Some(b)) => official[a.src.start..b.src.end].to_owned(),
            _ => String::new(),
        }
    } else {
        off_norm_mid
    };
    let span = if pre + suf < printed.len() {
        Span::new(
            piece.chars[pre].src.start,
            piece.chars[printed.len() - suf - 1].src.end,
        )
    } else {
        let at = piece.chars.get(pre).map_or(piece.span.end, |c| c.src.start);
        Span::new(at, at)
    };
    Some((span, replacement))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::S3_T2021_ROWS;

    fn cands() -> Vec<Candidate> {
        let rows: Vec<&'static RowDef> = S3_T2021_ROWS.iter().collect();
        candidates(&rows)
    }

    fn m(s: &str) -> Option<(&'static str, Match)> {
        let p: Vec<char> = super::super::normalize::normalize_str(s).chars().collect();
        match_row(&p, &cands()).map(|(k, m)| (S3_T2021_ROWS[k].id, m))
    }

    #[test]
    fn exact_prefix_and_variants() {
        assert_eq!(m("(一) 予以公开"), Some(("s3.granted", Match::Exact)));
        assert_eq!(
            m("1、申请人无正当理由逾期不补"),
            Some(("s3.other.no_correction", Match::Prefix))
        );
        assert_eq!(
            m("5.属于三类内容事务信息"),
            Some(("s3.withheld.internal", Match::Variant))
        );
        assert_eq!(
            m("2.其他法律行政止公开"),
            Some(("s3.withheld.law_forbidden", Match::Variant))
        );
        assert_eq!(
            m("(二)部分公开(区分处理的,只计这一情况,不计其他情形)"),
            Some(("s3.partial", Match::Variant))
        );
        assert_eq!(m("(八)其他情况"), None);
        assert_eq!(
            m("2、申请人逾期未按收费通知要他处理求缴纳费用、行政机关不再处理"),
            Some(("s3.other.fee_unpaid", Match::Prefix))
        );
        assert_eq!(
            m("3.危及\"三安全一稳定\"度办"),
            Some(("s3.withheld.three_safety", Match::Exact))
        );
    }

    #[test]
    fn variant_edit_replaces_only_the_differing_characters() {
        let text = "(二)部分公开(区分处理的,只计这一情况,不计其他情形)";
        let chars: Vec<(char, usize)> = text.char_indices().map(|(i, c)| (c, i)).collect();
        let piece = &pieces(&chars)[0];
        let official = S3_T2021_ROWS[3].label;
        let norm: Vec<char> = super::super::normalize::normalize_str(official)
            .chars()
            .collect();
        let (span, rep) = variant_edit(piece, &norm, official).unwrap();
        assert_eq!((&text[span.start..span.end], rep.as_str()), ("况", "形"));

        let text = "2.其他法律行政止公开";
        let chars: Vec<(char, usize)> = text.char_indices().map(|(i, c)| (c, i)).collect();
        let piece = &pieces(&chars)[0];
        let official = S3_T2021_ROWS[5].label;
        let norm: Vec<char> = super::super::normalize::normalize_str(official)
            .chars()
            .collect();
        let (span, rep) = variant_edit(piece, &norm, official).unwrap();
        assert_eq!((span.len(), rep.as_str()), (0, "法规禁"));
    }
}
