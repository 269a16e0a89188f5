//! The typed report model: what the reader understood, bound to template cells.
//!
//! Checks, hovers, fixes and `nianbao tables` all read this; none of them looks at raw text
//! again except through the spans kept here.

use serde::Serialize;

use crate::span::Span;
use crate::template::{CellRef, TableKind, TableTemplate, TemplateYear};

/// A number as read from a cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Value {
    /// Counts (and signed deltas): every 三 and 四 cell.
    Int(i64),
    /// Money amounts of section 二 (`11.493`, `780877.39 元`).
    Decimal(f64),
}

impl Value {
    pub fn as_int(self) -> Option<i64> {
        match self {
            Value::Int(v) => Some(v),
            Value::Decimal(_) => None,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Decimal(v) => write!(f, "{v}"),
        }
    }
}

/// One bound value cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The digits as printed (for a run-together row: the slice of the run this cell took; for
    /// a blank cell: an empty span where the value belongs).
    pub span: Span,
    /// `None` when the cell is unknown (could not be bound or read without guessing): relations
    /// that need it are skipped.
    pub value: Option<Value>,
    /// The cell was blank and is read as 0 (NB024) or left unknown (NB025 on a total).
    pub blank: bool,
}

impl Cell {
    pub fn int(&self) -> Option<i64> {
        self.value.and_then(Value::as_int)
    }
}

/// A template row as found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoundRow {
    /// Where the row's label was printed, if it was.
    pub label_span: Option<Span>,
    /// One entry per template column; `None` when the row has no such cell in the text.
    pub cells: Vec<Option<Cell>>,
}

/// A table bound to its template.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub template: TableTemplate,
    /// From the table's first to its last bound token.
    pub span: Span,
    /// One entry per template row; `None` = the row is absent from the text.
    pub rows: Vec<Option<BoundRow>>,
}

impl Table {
    pub fn new(template: TableTemplate, span: Span) -> Self {
        let rows = vec![None; template.rows.len()];
        Table {
            template,
            span,
            rows,
        }
    }

    pub fn kind(&self) -> TableKind {
        self.template.kind
    }

    pub fn cell(&self, at: CellRef) -> Option<&Cell> {
        self.rows.get(at.row)?.as_ref()?.cells.get(at.col)?.as_ref()
    }

    /// The integer value of a known cell.
    pub fn int(&self, at: CellRef) -> Option<i64> {
        self.cell(at)?.int()
    }

    /// Every present cell with its position.
    pub fn cells(&self) -> impl Iterator<Item = (CellRef, &Cell)> {
        self.rows.iter().enumerate().flat_map(|(row, r)| {
            r.iter().flat_map(move |r| {
                r.cells
                    .iter()
                    .enumerate()
                    .filter_map(move |(col, c)| c.as_ref().map(|c| (CellRef { row, col }, c)))
            })
        })
    }

    /// The cell whose span touches `offset`.
    pub fn cell_at(&self, offset: usize) -> Option<(CellRef, &Cell)> {
        self.cells()
            .find(|(_, c)| !c.span.is_empty() && c.span.touches(offset))
    }

    /// The row whose label span touches `offset`.
    pub fn row_label_at(&self, offset: usize) -> Option<usize> {
        self.rows.iter().position(|r| {
            r.as_ref()
                .and_then(|r| r.label_span)
                .is_some_and(|s| s.touches(offset))
        })
    }
}

/// A top-level section heading found in the text (一 … 六).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// 1 … 6 by meaning (二 = 主动公开, …), whatever ordinal was printed.
    pub number: u8,
    pub span: Span,
    pub heading: String,
}

/// What the reader saw of the tables' templates beyond the tables themselves, for the checks
/// that judge the templates (NB003, NB004). Only the checks read it: it stays beside the
/// [`Report`] that hovers, outlines and `nianbao tables` read, not in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// The template section 二's row labels belong to, and the first label that tells; `None`
    /// when no table of 二 was read or no label tells.
    pub s2_template: Option<(TemplateYear, Span)>,
    /// The label or cell of table 三 that shows its template ([`Report::s3_template`]); `None`
    /// when the reader chose the template by the table's shape or the report year.
    pub s3_evidence: Option<Span>,
    /// Every heading of the six sections in this report, under any ordinal
    /// ([`Outline::headings`](crate::reader::sections::Outline::headings)): NB006 and NB007
    /// judge their order.
    pub headings: Vec<crate::reader::sections::Heading>,
    /// Where this report ends in a file of many, when another follows
    /// ([`Outline::end`](crate::reader::sections::Outline::end)); `None`: at the end of the
    /// text. The prose checks read no further.
    pub report_end: Option<usize>,
}

/// Everything the engine understood about one report.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Report {
    /// The year the report is about (`2022年…工作年度报告`), from title, preamble or text.
    pub year: Option<u32>,
    /// The organ from the title, when there is one.
    pub organ: Option<String>,
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
}

impl Report {
    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|t| t.kind() == kind)
    }

    pub fn s3_template(&self) -> Option<TemplateYear> {
        self.table(TableKind::S3).and_then(|t| t.template.year)
    }
}
