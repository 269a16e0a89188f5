//! The official empty tables of a form, written in the layout of the document they go into.
//!
//! An author starting a report needs the tables exactly as the template prints them — row labels
//! word for word, the columns in their order — or the reader will not bind them. So the text is
//! built from the template itself ([`crate::template`]: rows, groups, columns, 第二十条 captions);
//! only the header words that the template does not model as data (申请人情况, 法人或其他组织,
//! 行政诉讼) are written here. Every table written here reads back as its template with every
//! cell blank (tests below), so the editor's completion, hover and lens work on it at once.

use crate::model::{Report, Section};
use crate::span::Span;
use crate::template::{
    s2_tables, S2Table, TableKind, TableTemplate, TemplateYear, S3_COLUMNS, S4_COLUMNS, S4_ROWS,
};

/// How the document's tables are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `label |  |  |` — one printed row a line, cells between pipes (the examples' layout).
    Pipe,
    /// A markdown table: `| label |  |`, a `| --- |` line under its first row.
    Markdown,
}

impl Layout {
    /// Markdown when the document already has a markdown table (a `| --- |` line), else pipe rows.
    pub fn of(text: &str) -> Layout {
        if text.lines().any(is_markdown_rule) {
            Layout::Markdown
        } else {
            Layout::Pipe
        }
    }

    /// One printed row: `cells` joined in this layout (an empty string is an empty cell).
    fn row(self, cells: &[&str]) -> String {
        let mut out = String::new();
        match self {
            Layout::Pipe => {
                // `label |  |  |`: an empty cell keeps two spaces, so a number typed into it
                // has room on both sides
                for (i, c) in cells.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(c);
                    out.push_str(if i == 0 && c.is_empty() { "  |" } else { " |" });
                }
            }
            Layout::Markdown => {
                out.push('|');
                for c in cells {
                    out.push(' ');
                    out.push_str(c);
                    out.push_str(" |");
                }
            }
        }
        out.push('\n');
        out
    }

    /// The markdown rule under a table's first row (nothing in pipe rows).
    fn rule(self, width: usize) -> String {
        match self {
            Layout::Pipe => String::new(),
            Layout::Markdown => format!("|{}\n", " --- |".repeat(width)),
        }
    }
}

/// `| --- | :-: |`: only pipes, dashes, colons and spaces, with at least one `---`.
fn is_markdown_rule(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|')
        && t.contains("---")
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The empty table `kind` of the `year` form in `layout`, ending with a line break.
pub fn empty_table(kind: TableKind, year: TemplateYear, layout: Layout) -> String {
    match kind {
        TableKind::S2(item) => s2_tables(year)
            .iter()
            .find(|t| t.item == item)
            .map_or_else(String::new, |t| s2_table(t, layout)),
        TableKind::S3 => s3_table(&TableTemplate::s3(year), layout),
        TableKind::S4 => s4_table(layout),
    }
}

/// Every empty table of section `section` (2: the form's 第二十条 tables, one after the other; 3;
/// 4), or `None` for a section without tables.
pub fn empty_section(section: u8, year: TemplateYear, layout: Layout) -> Option<String> {
    match section {
        2 => Some(
            s2_tables(year)
                .iter()
                .map(|t| s2_table(t, layout))
                .collect(),
        ),
        3 => Some(empty_table(TableKind::S3, year, layout)),
        4 => Some(empty_table(TableKind::S4, year, layout)),
        _ => None,
    }
}

/// Caption, `信息内容` and the column labels, then one row per item with its cells empty.
fn s2_table(t: &S2Table, layout: Layout) -> String {
    let width = t.columns.len() + 1;
    let mut caption = vec![""; width];
    caption[0] = t.caption;
    let mut head = vec!["信息内容"];
    head.extend(t.columns.iter().map(|c| c.label));
    let mut out = match layout {
        Layout::Pipe => layout.row(&[t.caption]),
        Layout::Markdown => layout.row(&caption) + &layout.rule(width),
    };
    out.push_str(&layout.row(&head));
    for r in t.rows {
        let mut cells = vec![r.label];
        cells.extend(std::iter::repeat_n("", t.columns.len()));
        out.push_str(&layout.row(&cells));
    }
    out
}

/// The corner note that states NB103, as the template prints it.
const S3_CORNER: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// The three header rows of table 三 (pipe rows as the examples print them; in markdown one
/// label column and the seven value columns, spanned cells left empty).
fn s3_head(layout: Layout) -> String {
    let orgs: Vec<&str> = S3_COLUMNS[1..6].iter().map(|c| c.label).collect();
    let (natural, total) = (S3_COLUMNS[0].label, S3_COLUMNS[6].label);
    match layout {
        Layout::Pipe => {
            layout.row(&[S3_CORNER, "申请人情况"])
                + &layout.row(&[natural, "法人或其他组织", total])
                + &layout.row(&orgs)
        }
        Layout::Markdown => {
            let mut second = vec!["", natural, "法人或其他组织", "", "", "", ""];
            second.push(total);
            let mut third = vec!["", ""];
            third.extend(&orgs);
            third.push("");
            layout.row(&[S3_CORNER, "申请人情况", "", "", "", "", "", ""])
                + &layout.rule(8)
                + &layout.row(&second)
                + &layout.row(&third)
        }
    }
}

/// Table 三: the header, then each template row with its seven cells empty. A group heading
/// (三、本年度办理结果, （三）不予公开 …) is written before the first row under it: its own cell in
/// pipe rows, in the label's cell in markdown (`（三）不予公开 1.属于国家秘密`).
fn s3_table(t: &TableTemplate, layout: Layout) -> String {
    let mut out = s3_head(layout);
    let mut last_group: Option<&str> = None;
    let mut outcomes_begun = false;
    for row in t.rows {
        let mut labels: Vec<&str> = Vec::new();
        if let Some(g) = row.group {
            let heading = g.starts_with("三、");
            if heading && !outcomes_begun {
                labels.push(g);
            }
            if !heading && last_group != Some(g) {
                labels.push(g);
            }
            outcomes_begun = true;
        }
        last_group = row.group;
        labels.push(row.label);
        let label = labels.join(" ");
        let mut cells: Vec<&str> = match layout {
            Layout::Pipe => labels,
            Layout::Markdown => vec![&label],
        };
        cells.extend(std::iter::repeat_n("", t.columns.len()));
        out.push_str(&layout.row(&cells));
    }
    out
}

/// Table 四: three header rows (行政复议 and the two kinds of 行政诉讼, each with its five columns),
/// then its one row of fifteen empty cells.
fn s4_table(layout: Layout) -> String {
    let five: Vec<&str> = S4_COLUMNS.iter().map(|c| c.label).collect();
    let (review, direct, after) = (S4_ROWS[0].label, S4_ROWS[1].label, S4_ROWS[2].label);
    let suits = S4_ROWS[1].group.unwrap_or("行政诉讼");
    let values = vec![""; 15];
    let mut second = five.clone();
    let mut third = match layout {
        Layout::Pipe => Vec::new(),
        Layout::Markdown => vec![""; 5],
    };
    third.extend(five.iter().chain(&five));
    match layout {
        Layout::Pipe => {
            second.extend([direct, after]);
            layout.row(&[review, suits])
                + &layout.row(&second)
                + &layout.row(&third)
                + &layout.row(&values)
        }
        Layout::Markdown => {
            second.extend([direct, "", "", "", "", after, "", "", "", ""]);
            let mut first = vec![""; 15];
            (first[0], first[5]) = (review, suits);
            layout.row(&first)
                + &layout.rule(15)
                + &layout.row(&second)
                + &layout.row(&third)
                + &layout.row(&values)
        }
    }
}

/// An empty table to offer where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOffer {
    /// 2, 3 or 4: the section the tables belong to.
    pub section: u8,
    pub year: TemplateYear,
    /// `三、收到和处理政府信息公开申请情况（2021年格式空表）`
    pub label: String,
    /// The tables, in the document's layout, ending with a line break.
    pub text: String,
    /// What the text replaces: the cursor's line up to the cursor (blanks only).
    pub span: Span,
}

/// The empty tables to offer at `offset`: on a line holding nothing but blanks, in section 二,
/// 三 or 四 of a report that does not have that section's tables yet. The form is the report
/// year's (2019 and 2020: the 2019 form), else the one table 三 shows, else both, 2021 first.
/// Nothing for a web page: its tables are markup, not lines.
pub fn offers(report: &Report, text: &str, offset: usize) -> Vec<TableOffer> {
    let Some(section) = section_at(report, text, offset) else {
        return Vec::new();
    };
    let has = |k: fn(TableKind) -> bool| report.tables.iter().any(|t| k(t.kind()));
    let missing = match section.number {
        2 => !has(|k| matches!(k, TableKind::S2(_))),
        3 => !has(|k| k == TableKind::S3),
        4 => !has(|k| k == TableKind::S4),
        _ => false,
    };
    if !missing || crate::reader::html::is_html(text) {
        return Vec::new();
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let layout = Layout::of(text);
    let years = match report.year.and_then(TemplateYear::for_report_year) {
        Some(y) => vec![y],
        None => report
            .s3_template()
            .map_or(vec![TemplateYear::T2021, TemplateYear::T2019], |y| vec![y]),
    };
    years
        .into_iter()
        .filter_map(|year| {
            Some(TableOffer {
                section: section.number,
                year,
                label: format!("{}（{}年格式空表）", section.heading.trim(), year.year()),
                text: empty_section(section.number, year, layout)?,
                span: Span::new(line_start, offset),
            })
        })
        .collect()
}

/// The section whose heading is the last one before `offset`, when the cursor's line holds
/// nothing but blanks (and is not the heading's own line).
fn section_at<'a>(report: &'a Report, text: &str, offset: usize) -> Option<&'a Section> {
    if !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    if !text[line_start..line_end].trim().is_empty() {
        return None;
    }
    report
        .sections
        .iter()
        .filter(|s| s.span.end <= line_start)
        .max_by_key(|s| s.span.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report made of the section headings and the empty tables given.
    fn draft(layout: Layout, year: TemplateYear, tables: [bool; 3]) -> String {
        // a report year the form is right for
        let report_year = if year == TemplateYear::T2019 {
            2020
        } else {
            2023
        };
        let mut t = format!("某县人民政府{report_year}年政府信息公开工作年度报告\n");
        t += "一、总体情况\n本机关……\n二、主动公开政府信息情况\n";
        let headings = [
            "三、收到和处理政府信息公开申请情况\n",
            "四、政府信息公开行政复议、行政诉讼情况\n",
            "五、存在的主要问题及改进情况\n……\n六、其他需要报告的事项\n本年度未收取信息处理费。\n",
        ];
        for (i, section) in [2u8, 3, 4].into_iter().enumerate() {
            if tables[i] {
                t += &empty_section(section, year, layout).unwrap();
            } else {
                t += "\n";
            }
            t += headings[i];
        }
        t
    }

    #[test]
    fn every_empty_table_reads_back_as_its_template_all_blank() {
        for layout in [Layout::Pipe, Layout::Markdown] {
            for year in [TemplateYear::T2019, TemplateYear::T2021] {
                let text = draft(layout, year, [true; 3]);
                let a = crate::analyse(&text);
                let ctx = format!("{layout:?} {year:?}\n{text}");
                let kinds: Vec<TableKind> = a.report.tables.iter().map(|t| t.kind()).collect();
                let mut want: Vec<TableKind> = s2_tables(year)
                    .iter()
                    .map(|t| TableKind::S2(t.item))
                    .collect();
                want.extend([TableKind::S3, TableKind::S4]);
                assert_eq!(kinds, want, "{ctx}");
                for t in &a.report.tables {
                    assert_eq!(t.template.year.unwrap_or(year), year, "{ctx}");
                    for (r, row) in t.rows.iter().enumerate() {
                        let row = row
                            .as_ref()
                            .unwrap_or_else(|| panic!("{:?} row {r}: {ctx}", t.kind()));
                        assert!(
                            row.cells
                                .iter()
                                .all(|c| c.as_ref().is_some_and(|c| c.blank)),
                            "{ctx}"
                        );
                    }
                }
                let others: Vec<_> = a
                    .findings
                    .iter()
                    .filter(|f| f.code.as_str() != "NB024")
                    .collect();
                assert!(others.is_empty(), "{others:#?}\n{ctx}");
            }
        }
    }

    #[test]
    fn layout_follows_the_document() {
        assert_eq!(Layout::of("a | b |\n"), Layout::Pipe);
        assert_eq!(Layout::of("| a | b |\n| --- | :-: |\n"), Layout::Markdown);
        assert_eq!(Layout::of("---\n"), Layout::Pipe);
        let md = empty_table(TableKind::S2(5), TemplateYear::T2021, Layout::Markdown);
        assert_eq!(
            md,
            "| 第二十条第（五）项 |  |\n| --- | --- |\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 |  |\n"
        );
        let pipe = empty_table(TableKind::S2(5), TemplateYear::T2021, Layout::Pipe);
        assert_eq!(
            pipe,
            "第二十条第（五）项 |\n信息内容 | 本年处理决定数量 |\n行政许可 |  |\n"
        );
    }

    #[test]
    fn offers_on_an_empty_line_of_a_section_without_its_table() {
        let text = draft(Layout::Pipe, TemplateYear::T2021, [true, false, false]);
        let a = crate::analyse(&text);
        let under = |heading: &str| text.find(heading).unwrap() + heading.len() + 1;
        let three = offers(
            &a.report,
            &text,
            under("三、收到和处理政府信息公开申请情况"),
        );
        assert_eq!(three.len(), 1, "the title says 2023: the 2021 form only");
        assert_eq!(
            three[0].label,
            "三、收到和处理政府信息公开申请情况（2021年格式空表）"
        );
        assert_eq!(
            three[0].text,
            empty_table(TableKind::S3, TemplateYear::T2021, Layout::Pipe)
        );
        let four = offers(
            &a.report,
            &text,
            under("四、政府信息公开行政复议、行政诉讼情况"),
        );
        assert_eq!(four[0].section, 4);
        // section 二 has its tables; a line with text, and the prose of 一, get nothing
        assert!(offers(&a.report, &text, text.find("第二十条第（五）项").unwrap()).is_empty());
        assert!(offers(&a.report, &text, text.find("本机关").unwrap()).is_empty());
    }
}
