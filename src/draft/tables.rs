//! The draft's tables: emptied, except 三's 二、上年结转, which takes last year's
//! 四、结转下年度继续办理 column by column (the form says so: the requests carried forward are the
//! ones carried in). Nothing of section 二 carries over: T2021 has no column of last year's
//! figures (现行有效件数 is this year's stock, which this year's documents change), and T2019's
//! 上一年项目数量 has no exact tie to last year's report (NB403 is only a plausibility rule).
//!
//! A table is emptied **in place** when it was read cleanly — every row of the draft year's
//! form bound by its label, every cell a whole cell between separators, no structure warning —
//! so the draft keeps the source's layout byte for byte around the numbers. Otherwise its rows
//! are **written anew** in the source's row style ([`layout`]): a table in the form of another
//! year (2019 → 2021), rows the reader found by position or not at all, one cell per line,
//! PDF text, digits run together. A web page is only ever changed in place (its markup stays).

use super::layout::{self, Style};
use super::{Change, DraftError};
use crate::finding::{Finding, Severity};
use crate::model::{Report, Table};
use crate::span::Span;
use crate::template::{CellRef, TableKind, TemplateYear};

/// What the tables' changes are worked out from.
pub struct Tables<'a> {
    /// The text the reader read (a page's view).
    pub text: &'a str,
    pub report: &'a Report,
    /// The reader's structure findings.
    pub structure: &'a [Finding],
    /// The form the draft year requires.
    pub form: TemplateYear,
    /// A web page: change cells in place only.
    pub page: bool,
    pub newline: &'a str,
}

/// Last year's 四、结转下年度继续办理, per column (`None`: unknown or absent).
pub fn carried(report: &Report) -> Vec<Option<i64>> {
    let Some(t) = report.table(TableKind::S3) else {
        return vec![None; 7];
    };
    let row = t.template.row_index("s3.carry_out");
    (0..t.template.columns.len())
        .map(|col| t.int(CellRef { row: row?, col }))
        .collect()
}

impl Tables<'_> {
    /// Every table's changes, and notes for the author.
    pub fn changes(&self, carry: &[Option<i64>]) -> Result<(Vec<Change>, Vec<String>), DraftError> {
        let mut changes = Vec::new();
        let mut notes = Vec::new();
        let s2: Vec<&Table> = self.tables(|k| matches!(k, TableKind::S2(_)));
        if s2.iter().any(|t| t.template.year != Some(self.form)) {
            if self.page {
                return Err(DraftError::PageForm);
            }
            changes.push(self.s2_anew(&s2));
            notes.push(format!(
                "section 二's tables are written in the {} form",
                self.form.year()
            ));
        } else {
            for t in s2 {
                changes.extend(self.table(t, None, &mut notes));
            }
        }
        for t in self.tables(|k| k == TableKind::S3) {
            if t.template.year != Some(self.form) && self.page {
                return Err(DraftError::PageForm);
            }
            changes.extend(self.table(t, Some(carry), &mut notes));
        }
        for t in self.tables(|k| k == TableKind::S4) {
            changes.extend(self.table(t, None, &mut notes));
        }
        Ok((changes, notes))
    }

    fn tables(&self, kind: impl Fn(TableKind) -> bool) -> Vec<&Table> {
        self.report
            .tables
            .iter()
            .filter(|t| kind(t.kind()))
            .collect()
    }

    /// One table's changes: in place when it was read cleanly (or is in a page), else anew.
    fn table(
        &self,
        t: &Table,
        carry: Option<&[Option<i64>]>,
        notes: &mut Vec<String>,
    ) -> Vec<Change> {
        let clean = self.clean(t);
        if clean || self.page {
            if !clean {
                notes.push(format!(
                    "{}: not every cell could be read; those left as they are",
                    t.template.title
                ));
            }
            return self.in_place(t, carry);
        }
        notes.push(format!(
            "{}: rows written anew as {} rows",
            caption(t),
            self.style(t.span).name()
        ));
        vec![self.anew(t, carry)]
    }

    /// Read cleanly: in the draft year's form, every row bound by its label (四's has none),
    /// every cell whole between separators, no structure finding above Information.
    fn clean(&self, t: &Table) -> bool {
        let form = t.kind() == TableKind::S4 || t.template.year == Some(self.form);
        let labelled = t.kind() != TableKind::S4;
        let rows = t.rows.iter().all(|r| {
            r.as_ref().is_some_and(|r| {
                (!labelled || r.label_span.is_some())
                    && r.cells.iter().all(|c| {
                        c.as_ref().is_some_and(|c| {
                            c.value.is_some()
                                && (c.span.is_empty() || whole_cell(self.text, c.span))
                        })
                    })
            })
        });
        let quiet = !self
            .structure
            .iter()
            .any(|f| f.severity <= Severity::Warning && f.span.overlaps(t.span));
        form && rows && quiet
    }

    /// Every value cell emptied, the carried row (when `carry`) written with last year's values.
    fn in_place(&self, t: &Table, carry: Option<&[Option<i64>]>) -> Vec<Change> {
        let carry_row = t.template.row_index("s3.carry_in");
        t.cells()
            .filter_map(|(at, cell)| {
                let value = match carry {
                    Some(v) if Some(at.row) == carry_row => v.get(at.col).copied().flatten(),
                    _ => None,
                };
                if cell.span.is_empty() && value.is_none() {
                    return None;
                }
                if !cell.span.is_empty() && !whole_cell(self.text, cell.span) && !self.page {
                    return None;
                }
                Some(Change::replace(
                    cell.span,
                    &value.map_or(String::new(), |v| v.to_string()),
                ))
            })
            .collect()
    }

    /// The table's rows replaced by rows written anew in the draft year's form.
    fn anew(&self, t: &Table, carry: Option<&[Option<i64>]>) -> Change {
        let extent = match t.kind() {
            TableKind::S4 => self.s4_extent(t.span),
            _ => t.span,
        };
        let (span, lead, trail) = lines_of(self.text, extent);
        let style = self.style(span);
        let rows = match t.kind() {
            TableKind::S3 => {
                let tmpl = crate::template::TableTemplate::s3(self.form);
                let filled = carry
                    .zip(tmpl.row_index("s3.carry_in"))
                    .map(|(v, r)| (r, v));
                layout::s3_rows(style, tmpl.rows, filled)
            }
            TableKind::S4 => vec![layout::s4_row(style)],
            TableKind::S2(_) => layout::s2_rows(style, t.template.rows, t.template.columns.len()),
        };
        self.block(span, lead, trail, &rows)
    }

    /// Where the heading of the first section after `n` starts (the text's end without one).
    fn next_heading(&self, n: u8) -> usize {
        let next = self.report.sections.iter().filter(|s| s.number > n);
        next.map(|s| s.span.start).min().unwrap_or(self.text.len())
    }

    /// Table 四 unread (its numbers in pieces between header words): from its first number to
    /// the last line of section 四 holding a digit, so no piece is left behind.
    fn s4_extent(&self, span: Span) -> Span {
        let end = self.next_heading(4).max(span.end);
        let last_digit = self.text[span.end..end].rfind(|c: char| c.is_ascii_digit());
        let end = last_digit.map_or(span.end, |i| span.end + i + 1);
        Span::new(span.start, end)
    }

    /// Section 二 in another year's form: from its first caption to the end of the section
    /// (the notes under the tables explain the old form's columns), written anew as the draft
    /// year's tables (captions, headers, rows).
    fn s2_anew(&self, s2: &[&Table]) -> Change {
        let first = s2.iter().map(|t| t.span.start).min().unwrap_or(0);
        let last = s2.iter().map(|t| t.span.end).max().unwrap_or(first);
        let heading_end = self
            .report
            .sections
            .iter()
            .find(|s| s.number == 2)
            .map_or(0, |s| s.span.end);
        let caption = self.text[heading_end.min(first)..first]
            .find("第二十条")
            .map_or(first, |i| heading_end.min(first) + i);
        // the section ends before 三's heading (its line's `#` marks and blank lines kept)
        let s3 = self.next_heading(2).max(last);
        let s3_line = self.text[..s3].rfind('\n').map_or(s3, |i| i + 1).max(last);
        let end = last + self.text[last..s3_line].trim_end().len();
        let (span, lead, trail) = lines_of(self.text, Span::new(caption, end));
        let style = self.style(span);
        self.block(span, lead, trail, &layout::s2_tables_text(style, self.form))
    }

    fn style(&self, span: Span) -> Style {
        Style::of(&self.text[span.start..span.end])
    }

    /// Replace `span` with `rows`, one a line, on lines of their own.
    fn block(&self, span: Span, lead: bool, trail: bool, rows: &[String]) -> Change {
        let nl = self.newline;
        let mut text = rows.join(nl);
        if lead {
            text.insert_str(0, nl);
        }
        if trail {
            text.push_str(nl);
        }
        Change::replace(span, &text)
    }
}

fn caption(t: &Table) -> String {
    match t.kind() {
        TableKind::S2(item) => format!(
            "第二十条第（{}）项",
            ["一", "", "", "", "五", "六", "", "八", "九"][item as usize - 1]
        ),
        _ => t.template.title.to_owned(),
    }
}

/// Blanks that pad a cell.
fn is_pad(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\r' | '\u{a0}')
}

/// `text[span]` is a whole cell of a row of cells: separators (or the line's ends) on both
/// sides, blanks aside, and another cell on its line — a cell alone on its line (one cell per
/// line) cannot be emptied, since an empty line is no cell.
pub fn whole_cell(text: &str, span: Span) -> bool {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let before = text[line_start..span.start].trim_end_matches(is_pad);
    let after = text[span.end..line_end].trim_start_matches(is_pad);
    let opens = before.is_empty() || before.ends_with(['|', '\t']);
    let closes = after.is_empty() || after.starts_with(['|', '\t']);
    let cells = text[line_start..line_end]
        .split(['|', '\t'])
        .filter(|c| !c.trim_matches(is_pad).is_empty())
        .count();
    opens && closes && cells >= 2
}

/// `span` widened to whole lines where only blanks and separators stand beside it on its first
/// and last line; else kept, with whether a line break must open (`lead`) or close (`trail`)
/// what replaces it (a table inside a line of flattened text).
fn lines_of(text: &str, span: Span) -> (Span, bool, bool) {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let empty = |s: &str| s.chars().all(|c| is_pad(c) || c == '|' || c == '\t');
    let (start, lead) = if empty(&text[line_start..span.start]) {
        (line_start, false)
    } else {
        (span.start, true)
    };
    let (end, trail) = if empty(&text[span.end..line_end]) {
        (
            text[span.end..line_end].trim_end_matches('\r').len() + span.end,
            false,
        )
    } else {
        (span.end, true)
    };
    (Span::new(start, end), lead, trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_cells() {
        let t = "a | 12 | 3 |\n45 |\nx\t6\t\n";
        let at = |s: &str| {
            let i = t.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        assert!(whole_cell(t, at("12")));
        assert!(
            whole_cell(t, at("3 "))
                || whole_cell(t, Span::new(t.find('3').unwrap(), t.find('3').unwrap() + 1))
        );
        assert!(!whole_cell(t, at("45")), "alone on its line");
        assert!(whole_cell(t, at("6")));
        assert!(!whole_cell("a 12 3", Span::new(2, 4)), "no separators");
        assert!(
            !whole_cell("a | 12万元 |", Span::new(4, 6)),
            "a unit left behind"
        );
    }

    #[test]
    fn lines_widen_unless_text_shares_them() {
        let t = "head\n  row 1 |\nrow 2 | |\ntail";
        let s = Span::new(t.find("row 1").unwrap(), t.find("row 2").unwrap() + 5);
        let (w, lead, trail) = lines_of(t, s);
        assert_eq!(&t[w.start..w.end], "  row 1 |\nrow 2 | |");
        assert!(!lead && !trail);
        let t = "text 一、本年 1 2 四、";
        let (w, lead, trail) = lines_of(t, Span::new(5, 18));
        assert_eq!(w, Span::new(5, 18));
        assert!(lead && trail);
    }
}
