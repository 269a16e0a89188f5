//! Re-layers: a report's tables, taken from the engine's reading of a clean report, printed
//! again the ways publishers print them (text layouts, HTML as editors and Word write it), so
//! a test can assert that the verdict does not depend on the layout. Deterministic: every
//! choice of markup comes from the seed.
#![allow(dead_code)]

use nianbao::model::{Report, Value};
use nianbao::template::{RowKind, TableKind, TemplateYear};

/// Every way of printing a report the tests try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `label | 0 | … | 0 | |`, spanned cells printed once (seeds 000, 004).
    Pipe,
    /// Pipe rows with cells padded to a width, CRLF line ends.
    PaddedCrlf,
    /// Markdown: every grid column, `| --- |` under the first row.
    Markdown,
    /// Tab-separated grid rows (pdfplumber).
    Tabs,
    /// A whole served page on one line: head, scripts, navigation, the article.
    HtmlOneLine,
    /// One tag a line, cell text in `<p><span>` (web editors).
    HtmlCellPerLine,
    /// Upper-case tags and attributes, one row a line, an empty cell after the last column.
    HtmlUpper,
    /// Word's HTML export: `mso-` styles over several lines, `<o:p>`, vertical headers one
    /// character a `<p>`, labels ending in a `&nbsp;` span (corpus/web 2021, 2022).
    HtmlWord,
    /// A plain web editor: values in `<p style="text-indent: 0em;">`, headers with `<br/>`
    /// (corpus/web 2025).
    HtmlEditor,
    /// `<td style><p style><span style>` cells, bare-text cells, `&nbsp;` padding spans, body
    /// on one line (corpus/web 2018, 2019).
    HtmlSpans,
}

pub const LAYOUTS: [Layout; 10] = [
    Layout::Pipe,
    Layout::PaddedCrlf,
    Layout::Markdown,
    Layout::Tabs,
    Layout::HtmlOneLine,
    Layout::HtmlCellPerLine,
    Layout::HtmlUpper,
    Layout::HtmlWord,
    Layout::HtmlEditor,
    Layout::HtmlSpans,
];

impl Layout {
    pub fn is_html(self) -> bool {
        !matches!(
            self,
            Layout::Pipe | Layout::PaddedCrlf | Layout::Markdown | Layout::Tabs
        )
    }
}

/// Where a value cell is in the report model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellAt {
    pub table: TableKind,
    pub row: usize,
    pub col: usize,
}

/// A report's tables as values, ready to print.
#[derive(Debug, Clone)]
pub struct Doc {
    pub year: u32,
    pub organ: String,
    pub tables: Vec<DocTable>,
}

#[derive(Debug, Clone)]
pub struct DocTable {
    pub kind: TableKind,
    pub caption: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<DocRow>,
}

#[derive(Debug, Clone)]
pub struct DocRow {
    /// Index of the row in the template.
    pub row: usize,
    pub label: &'static str,
    pub group: Option<&'static str>,
    /// In 三's 本年度办理结果 block.
    pub outcome: bool,
    pub values: Vec<String>,
}

/// The tables of a reading whose 三 and 四 are complete, with every cell known; `None` when
/// the reading is not.
pub fn doc_of(report: &Report) -> Option<Doc> {
    let s3 = report.table(TableKind::S3)?;
    let t3 = s3.template.year?;
    let year = match t3 {
        TemplateYear::T2019 => 2020,
        TemplateYear::T2021 => report.year.filter(|&y| y >= 2021).unwrap_or(2023),
    };
    let mut tables = Vec::new();
    for t in &report.tables {
        if matches!(t.kind(), TableKind::S2(_)) && t.template.year != Some(t3) {
            return None;
        }
        let mut rows = Vec::new();
        for (i, r) in t.rows.iter().enumerate() {
            let values: Option<Vec<String>> = r.as_ref().and_then(|r| {
                r.cells
                    .iter()
                    .map(|c| c.as_ref()?.value.map(show))
                    .collect()
            });
            let def = &t.template.rows[i];
            match values {
                Some(values) => rows.push(DocRow {
                    row: i,
                    label: def.label,
                    group: def.group,
                    outcome: matches!(def.kind, RowKind::Leaf | RowKind::Total),
                    values,
                }),
                None if t.kind() == TableKind::S3 || t.kind() == TableKind::S4 => return None,
                None => {}
            }
        }
        tables.push(DocTable {
            kind: t.kind(),
            caption: t.template.title.to_owned(),
            columns: t.template.columns.iter().map(|c| c.label).collect(),
            rows,
        });
    }
    report.table(TableKind::S4)?;
    Some(Doc {
        year,
        organ: report
            .organ
            .clone()
            .unwrap_or_else(|| "某县人民政府".into()),
        tables,
    })
}

fn show(v: Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Decimal(d) => d.to_string(),
    }
}

impl Doc {
    pub fn value_cells(&self) -> Vec<CellAt> {
        let mut out = Vec::new();
        for t in &self.tables {
            if !matches!(t.kind, TableKind::S3 | TableKind::S4) {
                continue;
            }
            for r in &t.rows {
                for col in 0..r.values.len() {
                    out.push(CellAt {
                        table: t.kind,
                        row: r.row,
                        col,
                    });
                }
            }
        }
        out
    }

    pub fn value(&self, at: CellAt) -> &str {
        let t = self.tables.iter().find(|t| t.kind == at.table).unwrap();
        &t.rows.iter().find(|r| r.row == at.row).unwrap().values[at.col]
    }

    pub fn set(&mut self, at: CellAt, v: String) {
        let t = self.tables.iter_mut().find(|t| t.kind == at.table).unwrap();
        t.rows.iter_mut().find(|r| r.row == at.row).unwrap().values[at.col] = v;
    }
}

/// A grid cell of a printed table.
#[derive(Debug, Clone)]
struct GCell {
    text: String,
    colspan: usize,
    rowspan: usize,
    value: bool,
    /// Header words printed one character a line in Word (`三、本年度办理结果`).
    vertical: bool,
    /// The cell holds the changed value (the re-layer reports where it printed it).
    marked: bool,
}

fn label(text: &str, colspan: usize, rowspan: usize) -> GCell {
    GCell {
        text: text.to_owned(),
        colspan,
        rowspan,
        value: false,
        vertical: false,
        marked: false,
    }
}

/// A table as the official template draws it: header rows, then data rows, with spans.
fn grid(t: &DocTable, mark: Option<CellAt>) -> Vec<Vec<GCell>> {
    let value = |r: &DocRow, c: usize| GCell {
        text: r.values[c].clone(),
        colspan: 1,
        rowspan: 1,
        value: true,
        vertical: false,
        marked: mark.is_some_and(|m| m.table == t.kind && m.row == r.row && m.col == c),
    };
    let mut g = Vec::new();
    match t.kind {
        TableKind::S2(_) => {
            let w = t.columns.len() + 1;
            g.push(vec![label(&t.caption, w, 1)]);
            let mut head = vec![label("信息内容", 1, 1)];
            head.extend(t.columns.iter().map(|c| label(c, 1, 1)));
            g.push(head);
            for r in &t.rows {
                let mut row = vec![label(r.label, 1, 1)];
                row.extend((0..r.values.len()).map(|c| value(r, c)));
                g.push(row);
            }
        }
        TableKind::S3 => {
            g.push(vec![
                label(
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    3,
                    3,
                ),
                label("申请人情况", 7, 1),
            ]);
            g.push(vec![
                label("自然人", 1, 2),
                label("法人或其他组织", 5, 1),
                label("总计", 1, 2),
            ]);
            g.push(
                [
                    "商业企业",
                    "科研机构",
                    "社会公益组织",
                    "法律服务机构",
                    "其他",
                ]
                .iter()
                .map(|c| label(c, 1, 1))
                .collect(),
            );
            let outcome_rows = t.rows.iter().filter(|r| r.outcome).count();
            let mut first_outcome = true;
            for (i, r) in t.rows.iter().enumerate() {
                let mut row = Vec::new();
                if !r.outcome {
                    row.push(label(r.label, 3, 1));
                } else {
                    if first_outcome {
                        let mut c = label("三、本年度办理结果", 1, outcome_rows);
                        c.vertical = true;
                        row.push(c);
                        first_outcome = false;
                    }
                    // 三、本年度办理结果 is the block's own cell, drawn once above
                    match r.group.filter(|g| !g.starts_with("三、")) {
                        None => row.push(label(r.label, 2, 1)),
                        Some(grp) => {
                            let starts = i == 0 || t.rows[i - 1].group != r.group;
                            if starts {
                                let n = t.rows[i..]
                                    .iter()
                                    .take_while(|x| x.group == r.group)
                                    .count();
                                row.push(label(grp, 1, n));
                            }
                            row.push(label(r.label, 1, 1));
                        }
                    }
                }
                row.extend((0..r.values.len()).map(|c| value(r, c)));
                g.push(row);
            }
        }
        TableKind::S4 => {
            let mut h1 = vec![label("行政复议", 5, 1), label("行政诉讼", 10, 1)];
            h1.truncate(2);
            g.push(h1);
            let mut h2: Vec<GCell> = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
                .iter()
                .map(|c| label(c, 1, 2))
                .collect();
            h2.push(label("未经复议直接起诉", 5, 1));
            h2.push(label("复议后起诉", 5, 1));
            g.push(h2);
            g.push(
                (0..2)
                    .flat_map(|_| ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
                    .map(|c| label(c, 1, 1))
                    .collect(),
            );
            let mut row = Vec::new();
            for r in &t.rows {
                row.extend((0..r.values.len()).map(|c| value(r, c)));
            }
            g.push(row);
        }
    }
    g
}

/// Each grid row as `width` slots: `Some(cell)` where a cell starts, `None` under a span.
fn slots(g: &[Vec<GCell>]) -> Vec<Vec<Option<&GCell>>> {
    let width = g
        .iter()
        .map(|r| r.iter().map(|c| c.colspan).sum::<usize>())
        .max()
        .unwrap_or(0)
        + 3;
    let mut cover = vec![0usize; width];
    let mut out = Vec::new();
    for row in g {
        let mut line = vec![None; width];
        let mut col = 0;
        for cell in row {
            while cover[col] > 0 {
                col += 1;
            }
            line[col] = Some(cell);
            for c in &mut cover[col..col + cell.colspan] {
                *c = cell.rowspan;
            }
            col += cell.colspan;
        }
        for c in &mut cover {
            *c = c.saturating_sub(1);
        }
        let used = line.iter().rposition(|c| c.is_some()).map_or(0, |i| i + 1);
        let covered = cover.iter().rposition(|&c| c > 0).map_or(0, |i| i + 1);
        line.truncate(used.max(covered).max(col));
        out.push(line);
    }
    let w = out.iter().map(Vec::len).max().unwrap_or(0);
    for l in &mut out {
        l.resize(w, None);
    }
    out
}

/// A tiny deterministic generator for markup choices.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
}

/// A printed report, and where the marked cell's value is in it (byte range).
pub struct Printed {
    pub text: String,
    pub marked: Option<(usize, usize)>,
}

/// How a zero value is printed: as `0`, as an empty cell, or as a mark publishers use for
/// "none" (`-`, `—`, `/`, `无`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zeros {
    Printed,
    Blank,
    Mark(&'static str),
}

/// Every way of printing zeros the tests re-lay reports in.
pub const ZEROS: [Zeros; 6] = [
    Zeros::Printed,
    Zeros::Blank,
    Zeros::Mark("-"),
    Zeros::Mark("—"),
    Zeros::Mark("/"),
    Zeros::Mark("无"),
];

impl Zeros {
    /// `printed`, `blank` or the mark itself (the `DUMP=` spelling).
    pub fn parse(s: &str) -> Zeros {
        match s {
            "printed" | "false" | "" => Zeros::Printed,
            "blank" | "true" => Zeros::Blank,
            mark => ZEROS
                .into_iter()
                .find(|z| matches!(z, Zeros::Mark(m) if *m == mark))
                .unwrap_or_else(|| panic!("zeros: printed, blank or one of - — / 无, not {mark}")),
        }
    }
}

/// Print `doc` in `layout`, zeros as `zeros` says. The cell `mark` (if any) is reported back
/// with its byte range.
pub fn print(doc: &Doc, layout: Layout, zeros: Zeros, seed: u64, mark: Option<CellAt>) -> Printed {
    let mut out = Out {
        text: String::new(),
        marked: None,
        rng: Rng::new(seed),
        zeros,
        layout,
    };
    out.report(doc, mark);
    Printed {
        text: out.text,
        marked: out.marked,
    }
}

struct Out {
    text: String,
    marked: Option<(usize, usize)>,
    rng: Rng,
    zeros: Zeros,
    layout: Layout,
}

const PROSE: [(&str, &str); 6] = [
    (
        "一、总体情况",
        "本机关认真贯彻落实条例，持续做好政府信息公开工作。",
    ),
    ("二、主动公开政府信息情况", ""),
    ("三、收到和处理政府信息公开申请情况", ""),
    ("四、政府信息公开行政复议、行政诉讼情况", ""),
    (
        "五、存在的主要问题及改进情况",
        "公开质量仍需提高，下一步将加强培训。",
    ),
    ("六、其他需要报告的事项", "无。"),
];

impl Out {
    fn nl(&mut self) {
        match self.layout {
            Layout::PaddedCrlf => self.text.push_str("\r\n"),
            Layout::HtmlOneLine | Layout::HtmlSpans => {}
            _ => self.text.push('\n'),
        }
    }

    fn para(&mut self, s: &str) {
        if self.layout.is_html() {
            let p = match self.layout {
                Layout::HtmlUpper => "P",
                _ => "p",
            };
            match self.layout {
                Layout::HtmlWord => self.text.push_str(&format!(
                    "<p class=MsoNormal style='text-indent:32.0pt;\nmso-char-indent-count:2.0'><span\nstyle='font-family:仿宋_GB2312'>{s}<o:p></o:p></span></p>"
                )),
                _ => self.text.push_str(&format!("<{p}>{s}</{p}>")),
            }
        } else {
            self.text.push_str(s);
        }
        self.nl();
    }

    fn report(&mut self, doc: &Doc, mark: Option<CellAt>) {
        if self.layout.is_html() {
            self.text.push_str("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年报</title><style>td{border:1px solid}</style><script>var a = 1 < 2 && \"<td>9</td>\";</script></head><body>");
            self.nl();
            self.text.push_str("<div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/zwgk\">政务公开</a></div><!-- 正文 -->");
            self.nl();
        }
        self.para(&format!(
            "{}{}年政府信息公开工作年度报告",
            doc.organ, doc.year
        ));
        for (i, (heading, body)) in PROSE.iter().enumerate() {
            self.para(heading);
            if !body.is_empty() {
                self.para(body);
            }
            let kinds: Vec<&DocTable> = doc
                .tables
                .iter()
                .filter(|t| match i {
                    1 => matches!(t.kind, TableKind::S2(_)),
                    2 => t.kind == TableKind::S3,
                    3 => t.kind == TableKind::S4,
                    _ => false,
                })
                .collect();
            for t in kinds {
                let g = grid(t, mark);
                self.table(&g);
            }
        }
        if self.layout.is_html() {
            self.text
                .push_str("<div class=\"footer\">主办单位：某县人民政府办公室</div></body></html>");
            self.nl();
        }
    }

    /// The printed text of a value cell (empty for a zero left blank, the mark for a zero
    /// printed as one).
    fn value_text<'a>(&self, c: &'a GCell) -> &'a str {
        if !c.value || c.text != "0" {
            return &c.text;
        }
        match self.zeros {
            Zeros::Printed => &c.text,
            Zeros::Blank => "",
            Zeros::Mark(m) => m,
        }
    }

    /// Append a cell's text, remembering where a marked value went.
    fn put_value(&mut self, c: &GCell) {
        let v = self.value_text(c).to_owned();
        if c.marked {
            self.marked = Some((self.text.len(), self.text.len() + v.len()));
        }
        self.text.push_str(&v);
    }

    fn table(&mut self, g: &[Vec<GCell>]) {
        match self.layout {
            Layout::Pipe | Layout::PaddedCrlf => self.pipe_table(g),
            Layout::Markdown | Layout::Tabs => self.grid_table(g),
            _ => self.html_table(g),
        }
    }

    fn pipe_table(&mut self, g: &[Vec<GCell>]) {
        let pad = self.layout == Layout::PaddedCrlf;
        for row in g {
            for (i, c) in row.iter().enumerate() {
                if i > 0 {
                    self.text.push_str(if pad { " |  " } else { " | " });
                }
                if pad && c.value {
                    let w = self.rng.below(4);
                    self.text.push_str(&" ".repeat(w));
                }
                if c.value {
                    self.put_value(c);
                } else {
                    self.text.push_str(&c.text);
                }
            }
            self.text.push_str(" | |");
            self.nl();
        }
    }

    fn grid_table(&mut self, g: &[Vec<GCell>]) {
        let md = self.layout == Layout::Markdown;
        let s = slots(g);
        for (r, line) in s.iter().enumerate() {
            // the grid's columns up to the last one that has a cell anywhere
            if md {
                self.text.push('|');
            }
            for (i, slot) in line.iter().enumerate() {
                if i > 0 {
                    self.text.push(if md { '|' } else { '\t' });
                }
                if md {
                    self.text.push(' ');
                }
                if let Some(c) = slot {
                    if c.value {
                        self.put_value(c);
                    } else {
                        self.text.push_str(&c.text);
                    }
                }
                if md {
                    self.text.push(' ');
                }
            }
            if md {
                self.text.push('|');
            }
            self.nl();
            if md && r == 0 {
                self.text.push('|');
                self.text.push_str(&" --- |".repeat(line.len()));
                self.nl();
            }
        }
    }

    fn html_table(&mut self, g: &[Vec<GCell>]) {
        let l = self.layout;
        let up = |s: &str| {
            if l == Layout::HtmlUpper {
                s.to_uppercase()
            } else {
                s.to_owned()
            }
        };
        let attrs = |c: &GCell| {
            let mut a = String::new();
            if c.colspan > 1 {
                a.push_str(&format!(" {}=\"{}\"", up("colspan"), c.colspan));
            }
            if c.rowspan > 1 {
                a.push_str(&format!(" {}={}", up("rowspan"), c.rowspan));
            }
            a
        };
        let table_open = match l {
            Layout::HtmlWord => "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0\n style='border-collapse:collapse;mso-table-layout-alt:fixed;\n mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>".to_owned(),
            _ => up("<table border=\"1\"><tbody>"),
        };
        self.text.push_str(&table_open);
        self.nl();
        let n_rows = g.len();
        for (ri, row) in g.iter().enumerate() {
            self.text.push_str(&up("<tr>"));
            if l == Layout::HtmlCellPerLine || l == Layout::HtmlWord {
                self.nl();
            }
            for c in row {
                self.html_cell(c, &attrs(c));
                if l == Layout::HtmlCellPerLine || l == Layout::HtmlWord {
                    self.nl();
                }
            }
            if l == Layout::HtmlUpper && ri == n_rows - 1 {
                // an empty cell after the table's last column
                self.text.push_str("<TD></TD>");
            }
            self.text.push_str(&up("</tr>"));
            if l != Layout::HtmlOneLine && l != Layout::HtmlSpans {
                self.nl();
            }
        }
        self.text.push_str(&up("</tbody></table>").replace(
            "</tbody>",
            if l == Layout::HtmlWord {
                ""
            } else {
                "</tbody>"
            },
        ));
        self.nl();
    }

    fn html_cell(&mut self, c: &GCell, attrs: &str) {
        let l = self.layout;
        let blank = c.value && self.value_text(c).is_empty();
        match l {
            Layout::HtmlOneLine => {
                self.text.push_str(&format!("<td{attrs}>"));
                self.cell_text(c);
                self.text.push_str("</td>");
            }
            Layout::HtmlUpper => {
                self.text.push_str(&format!("<TD{attrs}>"));
                self.cell_text(c);
                self.text.push_str("</TD>");
            }
            Layout::HtmlCellPerLine => {
                self.text.push_str(&format!("<td{attrs}>\n<p><span>"));
                if blank && self.rng.coin() {
                    self.text.push_str("&nbsp;");
                } else {
                    self.cell_text(c);
                }
                self.text.push_str("</span></p>\n</td>");
            }
            Layout::HtmlWord => {
                self.text.push_str(&format!(
                    "<td width=47{attrs} style='width:35.45pt;border:solid windowtext 1.0pt;\n  mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>\n"
                ));
                if c.vertical {
                    for ch in c.text.chars() {
                        self.text.push_str(&format!(
                            "<p class=MsoNormal align=center><span>{ch}</span></p>\n"
                        ));
                    }
                } else if blank {
                    self.text
                        .push_str("<p class=MsoNormal align=center><font>&nbsp;</font></p>");
                } else if c.value {
                    self.text.push_str("<p class=MsoNormal align=center style='text-align:center'><span\n  lang=EN-US style='font-size:10.0pt'>");
                    self.put_value(c);
                    self.text.push_str("<o:p></o:p></span></p>");
                } else {
                    self.text.push_str(&format!(
                        "<p class=MsoNormal><span style='font-size:10.0pt'>{}</span><span lang=EN-US>&nbsp;<o:p></o:p></span></p>",
                        c.text
                    ));
                }
                self.text.push_str("</td>");
            }
            Layout::HtmlEditor => {
                self.text.push_str(&format!("<td{attrs}>"));
                if c.value {
                    self.text.push_str("<p style=\"text-indent: 0em;\">");
                    self.put_value(c);
                    self.text.push_str("</p>");
                } else {
                    // header words broken with <br/>
                    let chars: Vec<char> = c.text.chars().collect();
                    let mid = chars.len() / 2;
                    if chars.len() > 3 && c.text.len() < 40 {
                        let a: String = chars[..mid].iter().collect();
                        let b: String = chars[mid..].iter().collect();
                        self.text.push_str(&format!("<p>{a}<br/>{b}</p>"));
                    } else {
                        self.text.push_str(&format!("<p>{}</p>", c.text));
                    }
                }
                self.text.push_str("</td>");
            }
            Layout::HtmlSpans => {
                self.text
                    .push_str(&format!("<td style=\"border:1px solid\"{attrs}>"));
                if blank {
                    self.text.push_str("<p style=\"text-align:center\"><span style=\"font-size:14px\">&nbsp;</span></p>");
                } else if c.value && self.rng.coin() {
                    // a bare-text cell
                    self.put_value(c);
                } else {
                    self.text
                        .push_str("<p style=\"text-align:center\"><span style=\"font-size:14px\">");
                    if c.value {
                        self.put_value(c);
                    } else {
                        self.text.push_str(&c.text);
                    }
                    self.text.push_str("</span><span>&nbsp;</span></p>");
                }
                self.text.push_str("</td>");
            }
            _ => unreachable!(),
        }
    }

    fn cell_text(&mut self, c: &GCell) {
        if c.value {
            self.put_value(c);
        } else {
            self.text.push_str(&c.text);
        }
    }
}

/// The `word/document.xml` of `doc` as Word writes it (issue 15): paragraphs of runs, tables
/// with `w:gridSpan` and `w:vMerge` (a continue cell in every row a merged cell covers), and,
/// chosen by the seed, what Word files hold: values split over two runs, tracked deletions and
/// insertions beside values, empty value cells as `<w:p/>` or a paragraph with properties only,
/// vertical headers one character a paragraph, a field whose result is prose, a content
/// control, bookmarks. `marked` is the changed value's range in the XML (over both runs when
/// split).
pub fn word_document(doc: &Doc, zeros: Zeros, seed: u64, mark: Option<CellAt>) -> Printed {
    let mut w = Word {
        out: Out {
            text: String::new(),
            marked: None,
            rng: Rng::new(seed),
            zeros,
            layout: Layout::Pipe,
        },
    };
    w.out.text.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\r\n",
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>"#
    ));
    w.para(&format!(
        "{}{}年政府信息公开工作年度报告",
        doc.organ, doc.year
    ));
    for (i, (heading, body)) in PROSE.iter().enumerate() {
        w.para(heading);
        match (i, body.is_empty()) {
            (0, _) => w.field_para(body),
            (5, _) => w.sdt_para(body),
            (_, false) => w.para(body),
            _ => {}
        }
        for t in doc.tables.iter().filter(|t| match i {
            1 => matches!(t.kind, TableKind::S2(_)),
            2 => t.kind == TableKind::S3,
            3 => t.kind == TableKind::S4,
            _ => false,
        }) {
            w.table(&grid(t, mark));
        }
    }
    w.out.text.push_str(
        r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#,
    );
    Printed {
        text: w.out.text,
        marked: w.out.marked,
    }
}

/// Word's markup around the same cells [`Out`] prints.
struct Word {
    out: Out,
}

const RUN: &str = r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="21"/></w:rPr><w:t>"#;

impl Word {
    fn para(&mut self, s: &str) {
        self.out.text.push_str(&format!(
            "<w:p><w:pPr><w:spacing w:line=\"560\"/></w:pPr>{RUN}{s}</w:t></w:r></w:p>"
        ));
    }

    /// Prose whose last two characters are a field's result (`MERGEFIELD`).
    fn field_para(&mut self, s: &str) {
        let cut = s.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
        self.out.text.push_str(&format!(
            concat!(
                "<w:p>{RUN}{}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
                "<w:r><w:instrText xml:space=\"preserve\"> MERGEFIELD 条例 99 </w:instrText></w:r>",
                "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{RUN}{}</w:t></w:r>",
                "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
            ),
            &s[..cut],
            &s[cut..],
            RUN = RUN
        ));
    }

    fn sdt_para(&mut self, s: &str) {
        self.out
            .text
            .push_str("<w:sdt><w:sdtPr><w:alias w:val=\"其他事项 12\"/></w:sdtPr><w:sdtContent>");
        self.para(s);
        self.out.text.push_str("</w:sdtContent></w:sdt>");
    }

    fn table(&mut self, g: &[Vec<GCell>]) {
        let width = g
            .first()
            .map_or(0, |r| r.iter().map(|c| c.colspan).sum::<usize>());
        self.out.text.push_str(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"a3\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>",
        );
        self.out
            .text
            .push_str(&"<w:gridCol w:w=\"600\"/>".repeat(width));
        self.out.text.push_str("</w:tblGrid>");
        // per grid column: rows still covered by a merged cell above, and its colspan
        let mut cover: Vec<(usize, usize)> = vec![(0, 0); width + 64];
        for row in g {
            self.out
                .text
                .push_str("<w:tr><w:trPr><w:jc w:val=\"center\"/></w:trPr>");
            let mut col = 0;
            for c in row {
                col = self.continued(&mut cover, col);
                if c.rowspan > 1 {
                    cover[col] = (c.rowspan - 1, c.colspan);
                }
                self.cell(c);
                col += c.colspan;
            }
            while cover[col..].iter().any(|c| c.0 > 0) {
                let next = self.continued(&mut cover, col);
                col = if next == col { col + 1 } else { next };
            }
            self.out.text.push_str("</w:tr>");
        }
        self.out.text.push_str("</w:tbl>");
    }

    /// The continue cells of merges covering the grid from `col` on: the column after them.
    fn continued(&mut self, cover: &mut [(usize, usize)], mut col: usize) -> usize {
        while cover[col].0 > 0 {
            let (left, span) = cover[col];
            cover[col].0 = left - 1;
            self.out.text.push_str(&format!(
                "<w:tc><w:tcPr>{}<w:vMerge/></w:tcPr><w:p/></w:tc>",
                grid_span(span)
            ));
            col += span;
        }
        col
    }

    fn cell(&mut self, c: &GCell) {
        let merge = if c.rowspan > 1 {
            "<w:vMerge w:val=\"restart\"/>"
        } else {
            ""
        };
        self.out.text.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"600\" w:type=\"dxa\"/>{}{merge}<w:vAlign w:val=\"center\"/></w:tcPr>",
            grid_span(c.colspan)
        ));
        if c.vertical {
            for ch in c.text.chars() {
                self.para(&ch.to_string());
            }
        } else if c.value {
            self.value(c);
        } else {
            self.out.text.push_str(&format!(
                "<w:p><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/>{RUN}{}</w:t></w:r><w:bookmarkEnd w:id=\"0\"/></w:p>",
                c.text
            ));
        }
        self.out.text.push_str("</w:tc>");
    }

    fn value(&mut self, c: &GCell) {
        let v = self.out.value_text(c).to_owned();
        if v.is_empty() {
            self.out.text.push_str(if self.out.rng.coin() {
                "<w:p/>"
            } else {
                "<w:p><w:pPr><w:jc w:val=\"center\"/><w:rPr><w:sz w:val=\"21\"/></w:rPr></w:pPr></w:p>"
            });
            return;
        }
        self.out
            .text
            .push_str("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>");
        if self.out.rng.below(4) == 0 {
            self.out.text.push_str(
                "<w:del w:id=\"9\" w:author=\"审核\"><w:r><w:delText>8</w:delText></w:r></w:del>",
            );
        }
        let split = v.len() > 1 && v.is_char_boundary(1) && self.out.rng.coin();
        let inserted = !split && self.out.rng.below(4) == 0;
        if inserted {
            self.out
                .text
                .push_str("<w:ins w:id=\"8\" w:author=\"审核\">");
        }
        let start = self.out.text.len() + RUN.len();
        if split {
            self.out.text.push_str(&format!(
                "{RUN}{}</w:t></w:r><w:proofErr w:type=\"gramStart\"/>{RUN}{}",
                &v[..1],
                &v[1..]
            ));
        } else {
            self.out.text.push_str(&format!("{RUN}{v}"));
        }
        if c.marked {
            self.out.marked = Some((start, self.out.text.len()));
        }
        self.out.text.push_str("</w:t></w:r>");
        if inserted {
            self.out.text.push_str("</w:ins>");
        }
        self.out.text.push_str("</w:p>");
    }
}

fn grid_span(n: usize) -> String {
    if n > 1 {
        format!("<w:gridSpan w:val=\"{n}\"/>")
    } else {
        String::new()
    }
}
