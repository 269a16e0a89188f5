//! NB505: an outcome count in the prose (`予以公开12件`, `不予公开3件` …) against table 三.
//!
//! A Hint, and a lenient one: prose that names an outcome often means a narrower row than the
//! group of that name (`因本机关不掌握等原因无法提供265件` is the 不掌握 row, not all of （四）). So
//! a figure agrees when it equals the group's 总计 or the 总计 of any one row of the group, and
//! sentences that may be about something else are not read at all: the 公开属性 given to the
//! organ's own documents (`主动公开20件、依申请公开23件、不予公开1件`), last year's figures, a
//! column (`自然人申请予以公开…`), two outcomes counted together (`予以公开及部分公开258件`).

use std::sync::OnceLock;

use crate::checks::Code;
use crate::finding::{Finding, Related};
use crate::model::{Report, Table};
use crate::pattern::{Hit, Pattern};
use crate::template::{CellRef, TableKind};

use super::{parse_number, scoped, sentence_at, Normalised, NUM, S3_TOTAL};

/// One outcome of table 三 as the prose names it.
struct Outcome {
    /// The words before the figure.
    words: &'static [&'static str],
    /// The row id, or the group's prefix (`s3.withheld` takes every `s3.withheld.*` row).
    rows: &'static str,
    /// The row or group as the message names it.
    label: &'static str,
}

const OUTCOMES: &[Outcome] = &[
    Outcome {
        words: &["予以公开", "全部公开"],
        rows: "s3.granted",
        label: "（一）予以公开",
    },
    Outcome {
        words: &["部分公开"],
        rows: "s3.partial",
        label: "（二）部分公开",
    },
    Outcome {
        words: &["不予公开"],
        rows: "s3.withheld",
        label: "（三）不予公开",
    },
    Outcome {
        words: &["无法提供"],
        rows: "s3.unable",
        label: "（四）无法提供",
    },
    Outcome {
        words: &["不予处理"],
        rows: "s3.declined",
        label: "（五）不予处理",
    },
    Outcome {
        words: &["其他处理"],
        rows: "s3.other",
        label: "（六）其他处理",
    },
];

/// A sentence is about applications only if it names them or their answers (`办理` alone is
/// not enough: `办理文件300件，不予公开5件` is about the organ's own documents).
const ABOUT_APPLICATIONS: &[&str] = &["申请", "办结", "答复"];
/// Sentences about something else that also uses the outcome words: the 公开属性 of the
/// organ's own documents, 主动公开, the cases of table 四.
const OTHER_SUBJECT: &[&str] = &["属性", "主动公开", "复议", "诉讼", "公文", "发文"];
/// Words before the figure in its clause that make it not this year's count for all
/// applicants: last year's figure, or one column of the table.
const NOT_THIS_COUNT: &[&str] = &[
    "上年",
    "去年",
    "上一年",
    "同期",
    "自然人",
    "企业",
    "法人",
    "组织",
    "机构",
];
/// Joins two outcomes counted as one figure (`予以公开及部分公开258件`).
const JOINERS: &[char] = &['及', '和', '与', '或', ',', '/'];

fn pattern() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        let words: Vec<&str> = OUTCOMES
            .iter()
            .flat_map(|o| o.words.iter().copied())
            .collect();
        Pattern::new(&format!(
            "({})(?:的申请|申请|的|共|为)?{NUM}件",
            words.join("|")
        ))
    })
}

/// NB505 over the figure sentences of the prose.
pub(super) fn check(prose: &Normalised, report: &Report) -> Vec<Finding> {
    let Some(table) = report.table(TableKind::S3) else {
        return Vec::new();
    };
    let s = &prose.s;
    let mut out = Vec::new();
    for cap in pattern().captures_iter(s) {
        let (Some(whole), Some(word), Some(num)) = (cap.get(0), cap.get(1), cap.get(2)) else {
            continue;
        };
        let Some(outcome) = OUTCOMES.iter().find(|o| o.words.contains(&word.as_str())) else {
            continue;
        };
        if !outcome_count(s, &word, &num) {
            continue;
        }
        let Some(stated) = parse_number(num.as_str()) else {
            continue;
        };
        let Some(totals) = RowTotals::of(table, outcome.rows) else {
            continue;
        };
        if totals.agrees(stated) {
            continue;
        }
        let quote: String = whole.as_str().chars().take(40).collect();
        let span = prose.span(num.start(), num.end());
        out.push(finding(outcome, &totals, table, quote, stated, span));
    }
    out
}

/// Is the figure `num` after the outcome `word` this year's count of that outcome for this
/// organ's applications (and only that outcome)?
fn outcome_count(s: &str, word: &Hit, num: &Hit) -> bool {
    let sentence = sentence_at(s, word.start());
    let about = ABOUT_APPLICATIONS
        .iter()
        .any(|w| s[sentence.clone()].contains(w))
        && !OTHER_SUBJECT
            .iter()
            .any(|w| s[sentence.clone()].contains(w));
    // the clause: from the last comma before the outcome word
    let clause_start = s[..word.start()].rfind(',').map_or(0, |i| i + 1);
    let clause = &s[clause_start.max(sentence.start)..word.start()];
    about
        && !NOT_THIS_COUNT.iter().any(|w| clause.contains(w))
        && !scoped(s, word.start(), num, &[])
        && !joined(&s[..word.start()])
}

/// Does `before` end with another outcome and a joiner (`予以公开及`, `予以公开、`)? Then the
/// figure counts both.
fn joined(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(JOINERS) else {
        return false;
    };
    OUTCOMES
        .iter()
        .flat_map(|o| o.words)
        .any(|w| rest.ends_with(w))
}

/// The 总计 cells of an outcome's rows and their sum.
struct RowTotals {
    cells: Vec<CellRef>,
    values: Vec<i64>,
    sum: i64,
}

impl RowTotals {
    /// The rows `rows` names in `table` (the row, or every row of the group), if all are read.
    fn of(table: &Table, rows: &str) -> Option<Self> {
        let group = format!("{rows}.");
        let cells: Vec<CellRef> = (table.template.rows.iter().enumerate())
            .filter(|(_, r)| r.id == rows || r.id.starts_with(&group))
            .map(|(row, _)| CellRef { row, col: S3_TOTAL })
            .collect();
        let values = cells
            .iter()
            .map(|&c| table.int(c))
            .collect::<Option<Vec<i64>>>()?;
        let sum = values.iter().sum();
        (!cells.is_empty()).then_some(RowTotals { cells, values, sum })
    }

    /// The group's total, or one of its rows when the prose means a narrower one.
    fn agrees(&self, stated: i64) -> bool {
        self.sum == stated || self.values.contains(&stated)
    }
}

fn finding(
    outcome: &Outcome,
    totals: &RowTotals,
    table: &Table,
    quote: String,
    stated: i64,
    span: crate::span::Span,
) -> Finding {
    let related = totals
        .cells
        .iter()
        .zip(&totals.values)
        .filter_map(|(&c, v)| {
            Some(Related {
                span: table.cell(c)?.span,
                message: format!("表格中的数值：{v}"),
            })
        })
        .collect();
    let what = if totals.cells.len() > 1 {
        "各项总计之和"
    } else {
        "总计栏的"
    };
    Finding::new(
        Code::NB505,
        span,
        format!(
            "正文“{quote}”所述{stated}件，与第三部分表格“{}”{what}{}不一致。",
            outcome.label, totals.sum
        ),
    )
    .with_related(related)
}

#[cfg(test)]
mod tests {
    use crate::finding::Finding;

    /// A T2021 report whose table 三 has 予以公开 5, 不予公开 2 (国家秘密) + 1 (内部事务) = 3,
    /// everything else balanced through 一 and （七）.
    fn findings(prose: &str) -> Vec<Finding> {
        let value = |id: &str| match id {
            "s3.new" | "s3.total" => 8,
            "s3.granted" => 5,
            "s3.withheld.state_secret" => 2,
            "s3.withheld.internal" => 1,
            _ => 0,
        };
        let table = crate::template::S3_T2021_ROWS
            .iter()
            .map(|r| {
                let v = value(r.id);
                format!("{} | {v} | 0 | 0 | 0 | 0 | 0 | {v} |", r.label)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let text = format!("2023年政府信息公开工作年度报告\n一、总体情况\n{prose}\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n{table}\n");
        crate::analyse(&text)
            .findings
            .into_iter()
            .filter(|f| f.code == "NB505")
            .collect()
    }

    #[test]
    fn an_outcome_count_against_its_row_or_group() {
        assert!(findings("本年度办结申请8件，其中予以公开5件、不予公开3件。").is_empty());
        let f = findings("本年度办结申请8件，其中予以公开6件、不予公开3件。");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "正文“予以公开6件”所述6件，与第三部分表格“（一）予以公开”总计栏的5不一致。"
        );
        let f = findings("本年度办结申请8件，不予公开4件。");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("各项总计之和3"), "{}", f[0].message);
        assert_eq!(f[0].related.len(), 8);
    }

    #[test]
    fn a_narrower_row_of_the_group_agrees() {
        // 2 is the 国家秘密 row alone
        assert!(findings("办理申请时，因涉及国家秘密不予公开2件。").is_empty());
    }

    #[test]
    fn sentences_about_something_else_are_not_read() {
        // the 公开属性 of the organ's documents, not applications
        assert!(
            findings("确认公文公开属性64件（主动公开20件、依申请公开23件、不予公开7件）。")
                .is_empty()
        );
        // last year's figure, a column, two outcomes together, scoped, approximate
        assert!(findings("上年予以公开9件，本年办结申请8件。").is_empty());
        assert!(findings("办结申请8件，自然人申请予以公开4件。").is_empty());
        assert!(findings("办结申请8件，予以公开及部分公开7件。").is_empty());
        assert!(findings("办结申请8件，予以公开、部分公开共7件。").is_empty());
        assert!(findings("全区办结申请80件，其中予以公开50件。").is_empty());
        assert!(findings("办结申请8件，予以公开近10件。").is_empty());
        // no word of applications in the sentence
        assert!(findings("对12件信息予以公开。予以公开12件。").is_empty());
        assert!(findings("全年办理文件300件，不予公开5件。").is_empty());
    }
}
