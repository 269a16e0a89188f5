//! NB501–NB510: figures stated in the prose against the tables and against themselves
//! (docs/relations.md §7).
//!
//! Precision first: a sentence is compared only when its subject is this organ's figure for
//! this year. Clauses scoped to others (`全区`, `各部门`, `指导…`), approximate figures (`余`,
//! `近`, `约`) and percentages are skipped. Prose is normalised first (NFKC, no whitespace), so
//! sentences broken across lines and full-width digits read like any other.
//!
//! This file holds the sentence and figure machinery and the claims of one figure against one
//! total (NB501–NB504, NB506–NB508); the rules with logic of their own are one file each:
//! [`outcomes`] (NB505), [`breakdown`] (NB509), [`fees`] (NB510).

mod breakdown;
mod fees;
mod outcomes;

use std::ops::Range;
use std::sync::OnceLock;

use crate::pattern::{Hit, Pattern};

use crate::checks::Code;
use crate::finding::{Finding, Related};
use crate::model::{Report, Table};
use crate::reader::normalize::{normalize, NChar};
use crate::span::Span;
use crate::template::{CellRef, TableKind};

/// A figure the prose may state, and where the tables hold it.
struct Claim {
    code: Code,
    pattern: &'static str,
    /// table, rows (summed), column
    table: TableKind,
    rows: &'static [&'static str],
    col: &'static str,
    unit: &'static str,
}

const NUM: &str = r"([0-9]+|[零〇一二两三四五六七八九十百千万]+)";

const CLAIMS: &[Claim] = &[
    Claim {
        code: Code::NB501,
        pattern: r"(?:新收|收到|受理)[^。;,，]{0,16}?申请[^。;,，0-9]{0,4}?NUM件",
        table: TableKind::S3,
        rows: &["s3.new"],
        col: "total",
        unit: "件",
    },
    Claim {
        code: Code::NB501,
        pattern: r"(?:新收|收到|受理)NUM件[^。;,，]{0,6}申请",
        table: TableKind::S3,
        rows: &["s3.new"],
        col: "total",
        unit: "件",
    },
    Claim {
        code: Code::NB502,
        pattern: r"上一?年度?结转(?:的|政府信息公开)?申请NUM件",
        table: TableKind::S3,
        rows: &["s3.carry_in"],
        col: "total",
        unit: "件",
    },
    Claim {
        code: Code::NB503,
        pattern: r"(?:办结|答复)[^。;,，0-9]{0,6}?NUM件",
        table: TableKind::S3,
        rows: &["s3.total"],
        col: "total",
        unit: "件",
    },
    Claim {
        code: Code::NB504,
        pattern: r"NUM件(?:申请)?(?:结转|顺延)(?:到|至)?下一?年度",
        table: TableKind::S3,
        rows: &["s3.carry_out"],
        col: "total",
        unit: "件",
    },
    Claim {
        code: Code::NB504,
        pattern: r"结转(?:到|至)?(?:下一?年度|[0-9]{4}年)(?:继续办理)?NUM件",
        table: TableKind::S3,
        rows: &["s3.carry_out"],
        col: "total",
        unit: "件",
    },
    Claim {
        code: Code::NB506,
        pattern: r"行政复议(?:案件)?NUM(?:件|起)",
        table: TableKind::S4,
        rows: &["s4.review"],
        col: "total",
        unit: "件",
    },
    Claim {
        code: Code::NB507,
        pattern: r"行政诉讼(?:案件)?NUM(?:件|起)",
        table: TableKind::S4,
        rows: &["s4.suit_direct", "s4.suit_after"],
        col: "total",
        unit: "件",
    },
];

/// Words before a figure in its sentence that scope it to others than the organ this year.
pub(crate) const SCOPED: &[&str] = &[
    "全区",
    "全市",
    "全县",
    "全省",
    "全镇",
    "各部门",
    "各乡镇",
    "各单位",
    "各级",
    "指导",
    "督办",
    "累计",
];
/// Before a stated total, `其中` makes the figure a part of another (NB501–NB507); before an
/// outcome it is how outcomes are listed, so NB505 does not use it (NB511 does).
pub(crate) const PART_OF: &[&str] = &["其中"];
const APPROX_AFTER: &[char] = &['余', '多', '%'];
pub(crate) const APPROX_BEFORE: &[&str] = &["近", "约", "超", "逾", "超过"];

fn compiled() -> &'static Vec<Pattern> {
    static RE: OnceLock<Vec<Pattern>> = OnceLock::new();
    RE.get_or_init(|| {
        CLAIMS
            .iter()
            .map(|c| Pattern::new(&c.pattern.replace("NUM", NUM)))
            .collect()
    })
}

/// `一百二十三` → 123; Arabic digits pass through.
pub fn parse_number(s: &str) -> Option<i64> {
    if let Ok(v) = s.parse() {
        return Some(v);
    }
    let digit = |c: char| {
        "零〇一二三四五六七八九"
            .find(c)
            .map(|i| if i >= 3 { (i / 3) as i64 - 1 } else { 0 })
    };
    let (mut total, mut section, mut current) = (0i64, 0i64, 0i64);
    for c in s.chars() {
        if c == '两' {
            current = 2;
        } else if let Some(d) = digit(c) {
            current = d;
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                '万' => 10000,
                _ => return None,
            };
            if unit == 10000 {
                total += (section + current) * unit;
                section = 0;
            } else {
                section += current.max(if unit == 10 && current == 0 { 1 } else { 0 }) * unit;
            }
            current = 0;
        }
    }
    Some(total + section + current)
}

/// Prose: the text before section 二's heading (preamble and section 一).
pub(crate) fn prose_span(text: &str, report: &Report) -> Span {
    let end = report
        .sections
        .iter()
        .find(|s| s.number == 2)
        .map_or(text.len(), |s| s.span.start);
    Span::new(0, end)
}

/// The characters (with offsets) of the sentences in `prose` that can state a figure: those
/// holding a count (a number, then 件 or 起, as every claim's pattern ends) or the words of
/// NB508. A sentence ends after 。；！？ or at the end of the prose, where a 。 is supplied so
/// that sentences never run together.
///
/// The words are found in one pass over the prose and each hit is widened to its sentence, so
/// the many sentences without a figure cost no more than that pass.
fn figure_sentences(text: &str, prose: Span) -> Vec<(char, usize)> {
    static WORDS: OnceLock<Pattern> = OnceLock::new();
    let words = WORDS.get_or_init(|| Pattern::new("件|起|收到|复议|诉讼"));
    let body = &text[prose.start..prose.end];
    let hits = words.find_iter(body).map(|hit| hit.range()).filter(|hit| {
        // 件 and 起 count only after a number (文件, 起草 and 一起 are not counts)
        hit.len() != '件'.len_utf8() || after_number(&body[..hit.start])
    });
    sentences_around(text, prose, hits)
}

/// The characters (with offsets) of the sentences of `prose` that hold one of `hits` (byte
/// ranges in `prose`, in order), each closed by a supplied `。` when the prose ends without
/// one, so that sentences never run together.
fn sentences_around(
    text: &str,
    prose: Span,
    hits: impl Iterator<Item = Range<usize>>,
) -> Vec<(char, usize)> {
    let body = &text[prose.start..prose.end];
    // prose is mostly three-byte characters: room for all of it, once
    let mut chars = Vec::with_capacity(body.len().min(1 << 16) / 3 + 16);
    // end of the last sentence taken (hits inside it are already in)
    let mut taken = 0;
    for hit in hits {
        if hit.start < taken {
            continue;
        }
        let start = last_terminator_end(&body[..hit.start]);
        let end = next_terminator_end(body, hit.end);
        chars.extend(
            body[start..end]
                .char_indices()
                .map(|(j, c)| (c, prose.start + start + j)),
        );
        let closed = body[..end].chars().next_back().is_some_and(is_terminator);
        if !closed {
            chars.push(('。', prose.start + end));
        }
        taken = end;
    }
    chars
}

/// Does `before` end with a number, whitespace aside? A number is any character that
/// normalises to a digit (`char::is_numeric`: full-width, circled and superscript digits too)
/// or a Chinese numeral.
fn after_number(before: &str) -> bool {
    before
        .chars()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| c.is_numeric() || "零〇一二两三四五六七八九十百千万".contains(c))
}

pub(crate) fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？')
}

/// Byte offset after the last sentence terminator in `s` (0 if none). The terminators are all
/// three bytes in UTF-8, with lead byte 0xE3 (。) or 0xEF (；！？).
pub(crate) fn last_terminator_end(s: &str) -> usize {
    let b = s.as_bytes();
    let mut end = b.len();
    while let Some(i) = memchr::memrchr2(0xE3, 0xEF, &b[..end]) {
        if s.is_char_boundary(i) && s[i..].chars().next().is_some_and(is_terminator) {
            return i + 3;
        }
        end = i;
    }
    0
}

/// Byte offset after the first terminator at or after `from`, or the end of `s`.
pub(crate) fn next_terminator_end(s: &str, from: usize) -> usize {
    let b = s.as_bytes();
    let mut at = from;
    while let Some(i) = memchr::memchr2(0xE3, 0xEF, &b[at..]) {
        let i = at + i;
        if s.is_char_boundary(i) && s[i..].chars().next().is_some_and(is_terminator) {
            return i + 3;
        }
        at = i + 1;
    }
    s.len()
}

pub fn check(text: &str, report: &Report) -> Vec<Finding> {
    let mut out = Vec::new();
    // Only sentences that can state a figure are read: a count (件/起) or the words of NB508.
    // Each keeps its own characters; a '。' between them keeps them apart.
    let head = prose_span(text, report);
    let prose = Normalised::of(&figure_sentences(text, head));
    let mut seen: Vec<Span> = Vec::new();
    for (claim, re) in CLAIMS.iter().zip(compiled()) {
        if let Some(table) = report.table(claim.table) {
            out.extend(claim_findings(claim, re, &prose, table, &mut seen));
        }
    }
    out.extend(nothing_received(&prose, report));
    out.extend(outcomes::check(&prose, report));
    out.extend(breakdown::check(text, &prose));
    let closing = closing_span(text, report);
    if !closing.is_empty() && closing.start >= head.end {
        let closing = Normalised::of(&breakdown::sentences(text, closing));
        out.extend(breakdown::check(text, &closing));
    }
    out.extend(fees::check(text, report));
    out
}

/// The findings of one claim: each figure its pattern finds that is this organ's, differs
/// from the table and was not reported yet (`seen`, the figures' spans).
fn claim_findings(
    claim: &Claim,
    re: &Pattern,
    prose: &Normalised,
    table: &Table,
    seen: &mut Vec<Span>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(cells) = claim_cells(claim, claim.col, table) else {
        return out;
    };
    let Some(value) = cells.iter().map(|&c| table.int(c)).sum::<Option<i64>>() else {
        return out;
    };
    for cap in re.captures_iter(&prose.s) {
        let (Some(whole), Some(num)) = (cap.get(0), cap.get(1)) else {
            continue;
        };
        if not_this_figure(&prose.s, &whole, &num) {
            continue;
        }
        let Some(stated) = parse_number(num.as_str()) else {
            continue;
        };
        let span = prose.span(num.start(), num.end());
        if value == stated || seen.contains(&span) {
            continue;
        }
        if concluded(claim, table, &prose.s[sentence_at(&prose.s, num.start())]) == Some(stated) {
            continue;
        }
        seen.push(span);
        let quote: String = whole.as_str().chars().take(40).collect();
        let stated = Stated {
            span,
            quote,
            value: stated,
        };
        out.push(mismatch(claim, table, &cells, &stated, value));
    }
    out
}

/// Words that make a sentence about the cases decided in the year: `一审行政诉讼案件687件` counts
/// the cases heard to judgment, not those still pending (`尚未审结` is not one of them).
const CONCLUDED: &[&str] = &["审结", "一审", "办结", "结案"];

/// For a 四 claim in a sentence about concluded cases: the groups' 总计 less their 尚未审结, the
/// figure such a sentence states (a published report: 行政诉讼 总计 731, 尚未审结 44, prose
/// `一审行政诉讼案件687件`). `None` for other claims and sentences.
fn concluded(claim: &Claim, table: &Table, sentence: &str) -> Option<i64> {
    if claim.table != TableKind::S4 {
        return None;
    }
    let about_concluded = CONCLUDED.iter().any(|w| {
        sentence
            .match_indices(w)
            .any(|(i, _)| !sentence[..i].ends_with('未'))
    });
    if !about_concluded {
        return None;
    }
    let sum = |col: &str| -> Option<i64> {
        claim_cells(claim, col, table)?
            .iter()
            .map(|&c| table.int(c))
            .sum()
    };
    Some(sum(claim.col)? - sum("pending")?)
}

/// The prose after the tables: from section 五's heading (or 六's) to the end, where NB509's
/// breakdowns also stand (`整改问题5件（…）`). Empty when neither heading was found.
fn closing_span(text: &str, report: &Report) -> Span {
    report
        .sections
        .iter()
        .find(|s| s.number >= 5)
        .map_or(Span::new(text.len(), text.len()), |s| {
            Span::new(s.span.start, text.len())
        })
}

/// The figure sentences normalised for matching: their text, its characters with where each
/// stands in the report, and the byte offset in the text of each character.
pub(crate) struct Normalised {
    pub(crate) s: String,
    norm: Vec<NChar>,
    idx: Vec<usize>,
}

impl Normalised {
    pub(crate) fn of(chars: &[(char, usize)]) -> Self {
        let norm: Vec<NChar> = normalize(chars)
            .into_iter()
            .map(|mut n| {
                // the normaliser reads 、 as a comma: here it must stay a separator too
                if n.c == '、' {
                    n.c = ',';
                }
                n
            })
            .collect();
        let mut s = String::with_capacity(norm.len() * 3);
        let mut idx: Vec<usize> = Vec::with_capacity(norm.len());
        for c in &norm {
            idx.push(s.len());
            s.push(c.c);
        }
        Normalised { s, norm, idx }
    }

    /// Where the bytes `start..end` of the normalised text stand in the report.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let at = |byte: usize| self.idx.partition_point(|&i| i < byte);
        let (a, b) = (at(start), at(end) - 1);
        Span::new(self.norm[a].src.start, self.norm[b].src.end)
    }
}

/// A figure the prose states is not this organ's for this year when its clause is scoped to
/// others (`全区`, `各部门`…) or it is approximate (`近`, `约`, `余`…).
fn not_this_figure(s: &str, whole: &Hit, num: &Hit) -> bool {
    scoped(s, whole.start(), num, PART_OF)
}

/// Is the figure `num`, in a sentence matched from `from`, scoped by one of [`SCOPED`] or of
/// `extra` between its sentence's start and itself, or approximate?
fn scoped(s: &str, from: usize, num: &Hit, extra: &[&str]) -> bool {
    let clause = &s[sentence_at(s, from).start..num.start()];
    SCOPED.iter().chain(extra).any(|w| clause.contains(w)) || approximate(s, num.range())
}

/// Is the figure at `num` (bytes of `s`) approximate (`近20件`, `20余件`) or a percentage?
fn approximate(s: &str, num: Range<usize>) -> bool {
    APPROX_BEFORE.iter().any(|w| s[..num.start].ends_with(w))
        || s[num.end..].starts_with(APPROX_AFTER)
}

fn is_stop(c: char) -> bool {
    matches!(c, '。' | ';' | '!' | '?' | '；')
}

/// The bytes of the normalised sentence of `s` that holds byte `at`, its stop included.
fn sentence_at(s: &str, at: usize) -> Range<usize> {
    let start = s[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_stop(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = s[at..]
        .char_indices()
        .find(|&(_, c)| is_stop(c))
        .map_or(s.len(), |(i, c)| at + i + c.len_utf8());
    start..end
}

/// The cells of column `col` in a claim's rows, if the table has them.
fn claim_cells(claim: &Claim, col: &str, table: &Table) -> Option<Vec<CellRef>> {
    let col = table.template.columns.iter().position(|c| c.id == col)?;
    claim
        .rows
        .iter()
        .map(|r| {
            Some(CellRef {
                row: table.template.row_index(r)?,
                col,
            })
        })
        .collect()
}

/// A figure stated in the prose: where, the words it stands in, and its value.
struct Stated {
    span: Span,
    quote: String,
    value: i64,
}

/// The finding for a stated figure that differs from the table's `value`, with the cells it
/// sums as related locations.
fn mismatch(
    claim: &Claim,
    table: &Table,
    cells: &[CellRef],
    stated: &Stated,
    value: i64,
) -> Finding {
    let row_label = if cells.len() > 1 {
        "行政诉讼"
    } else {
        table.template.rows[cells[0].row].short_label()
    };
    let part = if claim.table == TableKind::S4 {
        "四"
    } else {
        "三"
    };
    let related = cells
        .iter()
        .filter_map(|&c| table.cell(c))
        .map(|c| Related {
            span: c.span,
            message: format!(
                "表格中的数值：{}",
                c.int().map_or("?".into(), |v| v.to_string())
            ),
        })
        .collect();
    let Stated {
        span,
        quote,
        value: said,
    } = stated;
    Finding::new(
        claim.code,
        *span,
        format!(
            "正文“{quote}”所述{said}{}，与第{part}部分表格“{row_label}”总计栏的{value}不一致。",
            claim.unit
        ),
    )
    .with_related(related)
}

/// Table 三's 总计 column.
const S3_TOTAL: usize = 6;

/// NB508: `未收到…申请` needs 一、本年新收 = 0; `无…行政复议…行政诉讼` needs every 四 cell 0.
fn nothing_received(prose: &Normalised, report: &Report) -> Vec<Finding> {
    static RE: OnceLock<(Pattern, Pattern)> = OnceLock::new();
    let (none_apps, none_cases) = RE.get_or_init(|| {
        (
            Pattern::new(r"(?:未收到|没有收到)[^。;，,]{0,10}申请"),
            Pattern::new(r"(?:无|未发生|没有)[^。;]{0,20}(?:行政复议|行政诉讼)"),
        )
    });
    let s = &prose.s;
    let span_of = |m: Hit| prose.span(m.start(), m.end());
    let mut out = Vec::new();
    if let (Some(m), Some(t)) = (none_apps.find(s), report.table(TableKind::S3)) {
        let row = t.template.row_index("s3.new").unwrap();
        if let Some(v) = t.int(CellRef { row, col: S3_TOTAL }).filter(|&v| v != 0) {
            out.push(Finding::new(Code::NB508, span_of(m),
                format!("正文“{}”称未收到申请，与第三部分表格“一、本年新收政府信息公开申请数量”总计栏的{v}不一致。", m.as_str()),
            ));
        }
    }
    if let (Some(m), Some(t)) = (none_cases.find(s), report.table(TableKind::S4)) {
        let sum: i64 = t.cells().filter_map(|(_, c)| c.int()).sum();
        if sum != 0 && !m.as_str().contains("其中") {
            out.push(Finding::new(
                Code::NB508,
                span_of(m),
                format!(
                    "正文“{}”称无行政复议、行政诉讼，与第四部分表格不一致（表格中有非零数值）。",
                    m.as_str()
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sentences_with_a_count_or_the_nb508_words_are_read() {
        let sentences = |prose: &str| -> String {
            figure_sentences(prose, Span::new(0, prose.len()))
                .iter()
                .map(|c| c.0)
                .collect()
        };
        // 件 after a word (文件) or 起 in 起草 is no count; after any number it is
        assert_eq!(sentences("印发文件。起草制度。"), "");
        assert_eq!(
            sentences("印发文件。受理申请 12 件。共３\n件。计①件。五起"),
            "受理申请 12 件。共３\n件。计①件。五起。"
        );
        assert_eq!(
            sentences("未收到申请；无行政复议！"),
            "未收到申请；无行政复议！"
        );
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_number("一百二十三"), Some(123));
        assert_eq!(parse_number("十七"), Some(17));
        assert_eq!(parse_number("两千零五"), Some(2005));
        assert_eq!(parse_number("3119"), Some(3119));
    }

    fn findings(prose: &str, new_total: i64) -> Vec<Finding> {
        let table = (0..25)
            .map(|r| {
                let v = if r == 0 { new_total } else { 0 };
                format!(
                    "{} | {v} | 0 | 0 | 0 | 0 | 0 | {v} |",
                    crate::template::S3_T2021_ROWS[r].label
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let text = format!("2023年政府信息公开工作年度报告\n一、总体情况\n{prose}\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n{table}\n六、其他需要报告的事项\n本年度未收取信息处理费。\n");
        let a = crate::analyse(&text);
        a.findings
            .into_iter()
            .filter(|f| f.code.as_str().starts_with("NB5"))
            .collect()
    }

    #[test]
    fn stated_figures_against_the_table() {
        assert_eq!(findings("本年度共收到政府信息公开申请12件。", 12).len(), 0);
        let f = findings("区政府办受理政府信息公开申请 1\n7 件，均已答复。", 12);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, "NB501");
        assert!(f[0].message.contains("所述17件"), "{}", f[0].message);
        assert_eq!(
            findings("本年度共收到政府信息公开申请十二件。", 12).len(),
            0
        );
    }

    #[test]
    fn scoped_and_approximate_sentences_are_skipped() {
        assert!(findings("全区收到政府信息公开申请75件。", 12).is_empty());
        assert!(findings("指导各部门受理申请169件。", 12).is_empty());
        assert!(findings("本年度收到政府信息公开申请近20件。", 12).is_empty());
        assert!(findings("本年度收到政府信息公开申请20余件。", 12).is_empty());
    }

    /// The NB506/NB507 findings of `prose` in a report whose table 四 has 行政复议 10 (2
    /// pending) and 行政诉讼 661 + 70 = 731, of which 40 + 4 = 44 pending and 21 + 2 = 23
    /// corrected (the figures of a published report).
    fn lawsuit_findings(prose: &str) -> Vec<Finding> {
        let text = format!(
            "2023年政府信息公开工作年度报告\n一、总体情况\n{prose}\n\
             二、主动公开政府信息情况\n\
             四、政府信息公开行政复议、行政诉讼情况\n\
             行政复议 | 行政诉讼 |\n\
             结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n\
             结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n\
             6 | 1 | 1 | 2 | 10 | 500 | 21 | 100 | 40 | 661 | 50 | 2 | 14 | 4 | 70 |\n\
             六、其他需要报告的事项\n本年度未收取信息处理费。\n"
        );
        crate::analyse(&text)
            .findings
            .into_iter()
            .filter(|f| f.code == "NB506" || f.code == "NB507")
            .collect()
    }

    #[test]
    fn concluded_cases_leave_out_the_pending_ones() {
        // the published sentence: 687 = 731 − 44, the cases heard to judgment
        assert!(lawsuit_findings("一审行政诉讼案件687件，结果纠正23件。").is_empty());
        assert!(lawsuit_findings("全年审结行政复议8件。").is_empty());
        assert!(lawsuit_findings("本年度行政诉讼731件，其中已审结687件。").is_empty());
        // the same figure in a sentence not about concluded cases is still wrong
        let f = lawsuit_findings("本年度发生行政诉讼案件687件。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, "NB507");
        assert!(f[0].message.contains("731"), "{}", f[0].message);
        // 尚未审结 is no sentence about concluded cases
        assert_eq!(
            lawsuit_findings("行政诉讼案件687件，尚未审结44件。").len(),
            1
        );
        // and a concluded count that is neither figure is wrong too
        assert_eq!(lawsuit_findings("一审行政诉讼案件690件。").len(), 1);
    }

    #[test]
    fn nothing_received_but_the_table_says_otherwise() {
        let f = findings("本年度未收到政府信息公开申请。", 3);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, "NB508");
    }
}
