//! The main figures a reviewer follows over the years (新收申请, 予以公开, 行政复议, 行政诉讼),
//! read from the report model by the template's cell ids (`s3.new:total`), never by position:
//! the 2019 and 2021 forms order their rows differently, and an id names the same cell in both.

use crate::model::Report;
use crate::template::{CellRef, TableKind};

/// One figure: its label, the table it is read from, and the cells it is the sum of.
#[derive(Debug, Clone, Copy)]
pub struct FigureDef {
    /// Short id, used in the page's `data-figure` attributes.
    pub id: &'static str,
    pub label: &'static str,
    pub table: TableKind,
    /// Cell ids (`row:column`, as `TableTemplate::cell_id` writes them) summed; 行政诉讼 is
    /// its two groups (未经复议直接起诉, 复议后起诉), as the narrative check reads it.
    pub cells: &'static [&'static str],
}

/// The figures the charts draw, in the order they are drawn.
pub const FIGURES: [FigureDef; 4] = [
    FigureDef {
        id: "new",
        label: "新收申请",
        table: TableKind::S3,
        cells: &["s3.new:total"],
    },
    FigureDef {
        id: "granted",
        label: "予以公开",
        table: TableKind::S3,
        cells: &["s3.granted:total"],
    },
    FigureDef {
        id: "review",
        label: "行政复议",
        table: TableKind::S4,
        cells: &["s4.review:total"],
    },
    FigureDef {
        id: "suit",
        label: "行政诉讼",
        table: TableKind::S4,
        cells: &["s4.suit_direct:total", "s4.suit_after:total"],
    },
];

/// One report's main figures, in the order of [`FIGURES`]; `None` when a cell it needs was
/// not read (an unread cell is unknown, never guessed: the chart leaves a gap).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub values: [Option<i64>; FIGURES.len()],
}

impl Figures {
    /// The figures of a report as the reader bound it.
    pub fn read(report: &Report) -> Figures {
        let mut values = [None; FIGURES.len()];
        for (value, def) in values.iter_mut().zip(&FIGURES) {
            *value = figure(report, def);
        }
        Figures { values }
    }
}

/// The sum of a figure's cells, when every one of them was read.
fn figure(report: &Report, def: &FigureDef) -> Option<i64> {
    let table = report.table(def.table)?;
    let mut sum = 0i64;
    for id in def.cells {
        let (row, col) = id.split_once(':')?;
        let at = CellRef {
            row: table.template.row_index(row)?,
            col: table.template.columns.iter().position(|c| c.id == col)?,
        };
        sum = sum.checked_add(table.int(at)?)?;
    }
    Some(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_by_cell_id() {
        let a = crate::analyse(include_str!("../../../examples/clean.txt"));
        let f = Figures::read(&a.report);
        // 一、本年新收 59, （一）予以公开 24, 行政复议 3, 行政诉讼 1 + 1
        assert_eq!(f.values, [Some(59), Some(24), Some(3), Some(2)]);
    }

    #[test]
    fn every_cell_id_names_a_cell_of_both_forms() {
        use crate::template::{TableTemplate, TemplateYear};
        for def in &FIGURES {
            let templates = match def.table {
                TableKind::S3 => vec![
                    TableTemplate::s3(TemplateYear::T2019),
                    TableTemplate::s3(TemplateYear::T2021),
                ],
                _ => vec![TableTemplate::s4()],
            };
            for t in templates {
                for id in def.cells {
                    let (row, col) = id.split_once(':').unwrap_or_default();
                    assert!(t.row_index(row).is_some(), "{id}");
                    assert!(t.columns.iter().any(|c| c.id == col), "{id}");
                }
            }
        }
    }

    #[test]
    fn a_report_without_tables_has_no_figures() {
        let f = Figures::read(&Report::default());
        assert_eq!(f, Figures::default());
    }
}
