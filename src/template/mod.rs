//! The report templates as data: tables, rows, columns, which cells are totals, and the
//! relations between cells.
//!
//! Everything that knows "（七）总计 is the sum of the outcome rows" reads it from here: the
//! checks evaluate [`Relation`]s, hovers print them as formulas, fixes recompute from them.
//! A new template year is a new row list, not new code.

mod s2;
mod s3;
mod s4;

use std::sync::OnceLock;

use serde::Serialize;

use crate::finding::Code;

pub use s2::{s2_tables, S2Table};
pub use s3::{S3_COLUMNS, S3_T2019_ROWS, S3_T2021_ROWS};
pub use s4::{S4_COLUMNS, S4_ROWS};

/// The two official formats (国办公开办函〔2019〕60号 and 〔2021〕30号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TemplateYear {
    T2019,
    T2021,
}

impl TemplateYear {
    pub fn year(self) -> u32 {
        match self {
            TemplateYear::T2019 => 2019,
            TemplateYear::T2021 => 2021,
        }
    }

    /// The template a report on `report_year` must use (`None` before 2019: out of scope).
    pub fn for_report_year(report_year: u32) -> Option<Self> {
        match report_year {
            2019 | 2020 => Some(TemplateYear::T2019),
            y if y >= 2021 => Some(TemplateYear::T2021),
            _ => None,
        }
    }
}

/// What part a row plays in the relations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RowKind {
    /// 一、本年新收 / 二、上年结转 / 四、结转下年度 — inputs and outputs of NB103.
    Flow,
    /// An outcome row counted in （七）总计.
    Leaf,
    /// （七）总计.
    Total,
    /// A plain data row with no relation to other rows (section 二, section 四 groups).
    Plain,
}

/// One data row of a template table.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RowDef {
    /// Stable id, `s3.withheld.state_secret`.
    pub id: &'static str,
    /// The official label as printed in the template.
    pub label: &'static str,
    /// The group label printed before it, if any (`（三）不予公开`).
    pub group: Option<&'static str>,
    pub kind: RowKind,
    /// What the row counts, in the regulation's words (shown on hover over the label).
    pub meaning: &'static str,
    /// The label without its long parenthetical ([`short_of`]), for messages. Not serialized:
    /// it is the label's own text.
    #[serde(skip)]
    pub short: &'static str,
}

impl RowDef {
    /// `（三）不予公开 › 1.属于国家秘密`, the path a hover shows.
    pub fn path(&self) -> String {
        match self.group {
            Some(g) => format!("{g} › {}", self.label),
            None => self.label.to_owned(),
        }
    }

    /// The label without its long parenthetical, for messages: `（二）部分公开`.
    pub fn short_label(&self) -> &'static str {
        self.short
    }
}

/// `label` up to its first `（` after the enumerator, if it has one: `（二）部分公开（区分处理的，…）`
/// → `（二）部分公开`. Worked out when the templates are compiled: messages name rows in
/// every analysis with a failing total (a hundred times a keystroke in seed 001), and finding
/// the bracket at run time was 2% of it.
pub(crate) const fn short_of(label: &'static str) -> &'static str {
    // `（` is EF BC 88 and `）` EF BC 89 in UTF-8; EF only starts a character, so a match is
    // always at a character boundary
    const fn bracket_at(b: &[u8], i: usize, last: u8) -> bool {
        i + 3 <= b.len() && b[i] == 0xEF && b[i + 1] == 0xBC && b[i + 2] == last
    }
    let b = label.as_bytes();
    let mut from = 0;
    if bracket_at(b, 0, 0x88) {
        // the enumerator `（二）`: its bracket does not count
        let mut i = 0;
        while i < b.len() {
            if bracket_at(b, i, 0x89) {
                from = i + 3;
                break;
            }
            i += 1;
        }
    }
    let mut i = from;
    while i < b.len() {
        if bracket_at(b, i, 0x88) {
            let (head, _) = b.split_at(i);
            return match std::str::from_utf8(head) {
                Ok(head) => head,
                Err(_) => label,
            };
        }
        i += 1;
    }
    label
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct ColumnDef {
    pub id: &'static str,
    pub label: &'static str,
    pub kind: ValueKind,
}

/// The value grammar of a cell (docs/format.md §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ValueKind {
    Count,
    Delta,
    Amount,
}

/// Which table of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TableKind {
    /// A 第二十条 table, by item number (1, 5, 6, 8, 9).
    S2(u8),
    S3,
    S4,
}

impl TableKind {
    pub fn id(self) -> String {
        match self {
            TableKind::S2(item) => format!("s2.a{item}"),
            TableKind::S3 => "s3".into(),
            TableKind::S4 => "s4".into(),
        }
    }

    /// 二 / 三 / 四, as messages say `第三部分`.
    pub fn section_numeral(self) -> &'static str {
        match self {
            TableKind::S2(_) => "二",
            TableKind::S3 => "三",
            TableKind::S4 => "四",
        }
    }
}

/// A cell of a table by position: row index into the table's rows, column index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CellRef {
    pub row: usize,
    pub col: usize,
}

/// Which family of relation: decides the code and the wording of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RelationKind {
    /// NB101: a row's 总计 is the sum of its applicant columns.
    RowTotal,
    /// NB102: a column of （七）总计 is the sum of the outcome rows.
    OutcomeTotal,
    /// NB103: 一 + 二 = 三（七） + 四 in a column.
    Balance,
    /// NB201: a 复议/诉讼 group's 总计 is the sum of its four outcomes.
    ReviewTotal,
}

impl RelationKind {
    /// The code a failing relation of this kind is reported under.
    pub fn code(self) -> Code {
        match self {
            RelationKind::RowTotal => Code::NB101,
            RelationKind::OutcomeTotal => Code::NB102,
            RelationKind::Balance => Code::NB103,
            RelationKind::ReviewTotal => Code::NB201,
        }
    }
}

/// An exact linear relation `Σ parts = Σ totals` between cells of one table. `totals[0]` is the
/// stated total the message names and a failing relation is reported at by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    pub kind: RelationKind,
    /// The row (NB101, NB201) or column (NB102, NB103) the relation is about.
    pub index: usize,
    pub parts: Vec<CellRef>,
    pub totals: Vec<CellRef>,
}

impl Relation {
    /// Coefficient of `cell` in `Σ parts − Σ totals` (0 when absent).
    pub fn coefficient(&self, cell: CellRef) -> i64 {
        let p = self.parts.iter().filter(|&&c| c == cell).count() as i64;
        let t = self.totals.iter().filter(|&&c| c == cell).count() as i64;
        p - t
    }

    pub fn cells(&self) -> impl Iterator<Item = CellRef> + '_ {
        self.parts.iter().chain(self.totals.iter()).copied()
    }

    pub fn stated(&self) -> CellRef {
        self.totals[0]
    }
}

/// A cell's part in one relation: the relation's index in the template and the cell's
/// coefficient in `Σ parts − Σ totals` (never 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub relation: usize,
    pub coefficient: i64,
}

/// The relations read from the cells' side: for every cell (row-major), its [`Term`]s in
/// relation order. Built once per template with its relations, so the checks that ask "which
/// relations hold this cell" (locating the wrong cell, the hover) do not search every
/// relation's cells for every cell.
#[derive(Debug)]
pub struct Incidence {
    cols: usize,
    /// where each cell's terms start in `terms`; one more entry than cells
    starts: Vec<usize>,
    terms: Vec<Term>,
}

impl Incidence {
    fn build(relations: &[Relation], rows: usize, cols: usize) -> Self {
        let mut starts = Vec::with_capacity(rows * cols + 1);
        let mut terms = Vec::new();
        for k in 0..rows * cols {
            starts.push(terms.len());
            let cell = CellRef {
                row: k / cols,
                col: k % cols,
            };
            for (relation, rel) in relations.iter().enumerate() {
                let coefficient = rel.coefficient(cell);
                if coefficient != 0 {
                    terms.push(Term {
                        relation,
                        coefficient,
                    });
                }
            }
        }
        starts.push(terms.len());
        Incidence {
            cols,
            starts,
            terms,
        }
    }

    /// The same without the relations `keep` refuses (those with an unknown cell, when the
    /// wrong cell is located).
    pub fn only(&self, keep: impl Fn(usize) -> bool) -> Incidence {
        let mut out = Incidence {
            cols: self.cols,
            starts: Vec::with_capacity(self.starts.len()),
            terms: Vec::with_capacity(self.terms.len()),
        };
        for cell in self.starts.windows(2) {
            out.starts.push(out.terms.len());
            let terms = &self.terms[cell[0]..cell[1]];
            out.terms.extend(terms.iter().filter(|t| keep(t.relation)));
        }
        out.starts.push(out.terms.len());
        out
    }

    /// The relations `cell` takes part in (none for a cell outside the table).
    pub fn of(&self, cell: CellRef) -> &[Term] {
        let k = cell.row * self.cols + cell.col;
        if cell.col >= self.cols || k + 1 >= self.starts.len() {
            return &[];
        }
        &self.terms[self.starts[k]..self.starts[k + 1]]
    }
}

/// A template's relations and their [`Incidence`], built together once.
struct Built {
    relations: Vec<Relation>,
    incidence: Incidence,
}

impl Built {
    fn new(relations: Vec<Relation>, rows: &[RowDef], cols: &[ColumnDef]) -> Self {
        let incidence = Incidence::build(&relations, rows.len(), cols.len());
        Built {
            relations,
            incidence,
        }
    }
}

/// The built relations of one template, by kind and form.
fn built(kind: TableKind, year: Option<TemplateYear>) -> Option<&'static Built> {
    static S3_2019: OnceLock<Built> = OnceLock::new();
    static S3_2021: OnceLock<Built> = OnceLock::new();
    static S4: OnceLock<Built> = OnceLock::new();
    Some(match (kind, year) {
        (TableKind::S3, Some(TemplateYear::T2019)) => S3_2019
            .get_or_init(|| Built::new(s3::relations(S3_T2019_ROWS), S3_T2019_ROWS, S3_COLUMNS)),
        (TableKind::S3, Some(TemplateYear::T2021)) => S3_2021
            .get_or_init(|| Built::new(s3::relations(S3_T2021_ROWS), S3_T2021_ROWS, S3_COLUMNS)),
        (TableKind::S4, _) => S4.get_or_init(|| Built::new(s4::relations(), S4_ROWS, S4_COLUMNS)),
        _ => return None,
    })
}

/// The relations of a template that has them; none for the others (the tables of 二).
fn relations_of(kind: TableKind, year: Option<TemplateYear>) -> &'static [Relation] {
    built(kind, year).map_or(&[], |b| &b.relations)
}

/// A table template: its rows, columns and relations, built once.
#[derive(Debug, Clone, Serialize)]
pub struct TableTemplate {
    pub kind: TableKind,
    pub year: Option<TemplateYear>,
    pub title: &'static str,
    pub rows: &'static [RowDef],
    pub columns: &'static [ColumnDef],
    /// Built once per template and shared by every table read with it.
    pub relations: &'static [Relation],
}

impl TableTemplate {
    pub fn s3(year: TemplateYear) -> Self {
        let rows = match year {
            TemplateYear::T2019 => S3_T2019_ROWS,
            TemplateYear::T2021 => S3_T2021_ROWS,
        };
        TableTemplate {
            kind: TableKind::S3,
            year: Some(year),
            title: "三、收到和处理政府信息公开申请情况",
            rows,
            columns: S3_COLUMNS,
            relations: relations_of(TableKind::S3, Some(year)),
        }
    }

    pub fn s4() -> Self {
        TableTemplate {
            kind: TableKind::S4,
            year: None,
            title: "四、政府信息公开行政复议、行政诉讼情况",
            rows: S4_ROWS,
            columns: S4_COLUMNS,
            relations: relations_of(TableKind::S4, None),
        }
    }

    pub fn row_index(&self, id: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.id == id)
    }

    /// Id of one cell, `s3.withheld.state_secret:natural`.
    pub fn cell_id(&self, cell: CellRef) -> String {
        format!("{}:{}", self.rows[cell.row].id, self.columns[cell.col].id)
    }

    /// Every cell's relations ([`Incidence`]); empty for a template without relations.
    pub fn incidence(&self) -> &'static Incidence {
        static NONE: Incidence = Incidence {
            cols: 0,
            starts: Vec::new(),
            terms: Vec::new(),
        };
        built(self.kind, self.year).map_or(&NONE, |b| &b.incidence)
    }

    /// Relations that contain `cell`.
    pub fn relations_of(&self, cell: CellRef) -> impl Iterator<Item = &Relation> {
        self.incidence()
            .of(cell)
            .iter()
            .map(|t| &self.relations[t.relation])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row's short label, worked out when compiled, is what cutting the label at run time
    /// gives (the rule as it was written before it moved into the templates).
    #[test]
    fn short_labels_cut_the_label_at_its_first_bracket_after_the_enumerator() {
        fn cut(label: &str) -> &str {
            let after_enumerator = if label.starts_with('（') {
                label.find('）').map_or(0, |i| i + '）'.len_utf8())
            } else {
                0
            };
            match label[after_enumerator..].find('（') {
                Some(i) => &label[..after_enumerator + i],
                None => label,
            }
        }
        let years = [TemplateYear::T2019, TemplateYear::T2021];
        let s2 = years
            .iter()
            .flat_map(|&y| s2::s2_tables(y))
            .flat_map(|t| t.rows);
        let rows = s3::S3_T2019_ROWS
            .iter()
            .chain(s3::S3_T2021_ROWS)
            .chain(s4::S4_ROWS);
        let mut cut_short = 0;
        for row in s2.chain(rows) {
            assert_eq!(row.short_label(), cut(row.label), "{}", row.id);
            cut_short += usize::from(row.short != row.label);
        }
        assert!(cut_short > 0, "some labels have a parenthetical");
        assert_eq!(short_of("（二）部分公开（区分处理的）"), "（二）部分公开");
        assert_eq!(short_of("（七）总计"), "（七）总计");
        assert_eq!(short_of("（未闭合"), cut("（未闭合"));
        assert_eq!(short_of("其他（说明）"), "其他");
    }

    #[test]
    fn relation_counts_match_the_spec() {
        assert_eq!(
            TableTemplate::s3(TemplateYear::T2019).relations.len(),
            23 + 7 + 7
        );
        assert_eq!(
            TableTemplate::s3(TemplateYear::T2021).relations.len(),
            25 + 7 + 7
        );
        assert_eq!(TableTemplate::s4().relations.len(), 3);
    }

    #[test]
    fn every_s3_cell_has_a_unique_relation_signature() {
        // docs/relations.md §3: no two cells share the same set of relations, so one wrong number is
        // always located.
        for year in [TemplateYear::T2019, TemplateYear::T2021] {
            let t = TableTemplate::s3(year);
            let mut seen = std::collections::HashSet::new();
            for row in 0..t.rows.len() {
                for col in 0..t.columns.len() {
                    let sig: Vec<usize> = t
                        .relations
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.coefficient(CellRef { row, col }) != 0)
                        .map(|(i, _)| i)
                        .collect();
                    assert!(sig.len() >= 2, "{}", t.cell_id(CellRef { row, col }));
                    assert!(seen.insert(sig), "{}", t.cell_id(CellRef { row, col }));
                }
            }
        }
    }

    #[test]
    fn every_cell_knows_its_relations() {
        for t in [
            TableTemplate::s3(TemplateYear::T2019),
            TableTemplate::s3(TemplateYear::T2021),
            TableTemplate::s4(),
        ] {
            let without_first = t.incidence().only(|r| r != 0);
            for row in 0..t.rows.len() {
                for col in 0..t.columns.len() {
                    let cell = CellRef { row, col };
                    // the index says what searching every relation says, in relation order
                    let searched: Vec<Term> = (t.relations.iter().enumerate())
                        .map(|(relation, r)| Term {
                            relation,
                            coefficient: r.coefficient(cell),
                        })
                        .filter(|t| t.coefficient != 0)
                        .collect();
                    assert_eq!(t.incidence().of(cell), searched);
                    let kept: Vec<Term> =
                        searched.into_iter().filter(|t| t.relation != 0).collect();
                    assert_eq!(without_first.of(cell), kept);
                }
            }
            let outside = CellRef {
                row: t.rows.len(),
                col: 0,
            };
            assert!(t.incidence().of(outside).is_empty());
        }
        // nor has a cell beyond the last column
        let beyond = CellRef { row: 0, col: 9 };
        assert!(TableTemplate::s4().incidence().of(beyond).is_empty());
    }

    #[test]
    fn short_label_drops_the_parenthetical() {
        assert_eq!(S3_T2021_ROWS[3].short_label(), "（二）部分公开");
        assert_eq!(
            S3_T2021_ROWS[0].short_label(),
            "一、本年新收政府信息公开申请数量"
        );
    }
}
