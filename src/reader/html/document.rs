//! An HTML page as a document: prose in document order and every data table as rows of cells,
//! each character with the source bytes that print it. Tags are read by html5gum (a WHATWG
//! tokenizer with byte spans); what a table means is decided later ([`super::grid`]).
//!
//! Not a full tree builder: the parts of HTML's tree construction that matter for tables are done
//! here (cells close the open cell, rows close the open row, text in a table outside any cell is
//! moved before the table). A table that holds another table is a layout table: its own cells
//! become prose, and the inner tables are the data.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Tokenizer};

use super::text::{decode_into, SrcChar};
use crate::span::Span;

/// Attribute values beyond these are what browsers clamp to.
const MAX_COLSPAN: usize = 1000;
const MAX_ROWSPAN: usize = 65534;

/// One `<td>`/`<th>`.
#[derive(Debug, Clone, Default)]
pub struct HtmlCell {
    /// The cell's text; a `'\n'` with an empty span stands for a block break inside the cell.
    pub chars: Vec<SrcChar>,
    pub colspan: usize,
    /// 0 = to the end of the table (as HTML's `rowspan="0"`).
    pub rowspan: usize,
    /// Where a value written into the empty cell goes: before its first visible character, or
    /// after the innermost tag opened before any text.
    pub insert_at: usize,
    text_seen: bool,
}

impl HtmlCell {
    /// A cell read by another form's reader (a Word table), its text and spans already known.
    pub fn new(chars: Vec<SrcChar>, colspan: usize, rowspan: usize, insert_at: usize) -> Self {
        HtmlCell {
            chars,
            colspan,
            rowspan,
            insert_at,
            text_seen: true,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct HtmlRow {
    pub cells: Vec<HtmlCell>,
}

#[derive(Debug, Clone, Default)]
pub struct HtmlTable {
    pub rows: Vec<HtmlRow>,
}

/// A piece of the document, in order.
#[derive(Debug, Clone)]
pub enum Block {
    /// Running text (whitespace as in the source).
    Text(Vec<SrcChar>),
    /// A line break: a block element starts or ends, or `<br>`.
    Break,
    Table(HtmlTable),
}

/// Elements whose content is not shown as text.
fn is_hidden(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"noscript"
            | b"template"
            | b"textarea"
            | b"title"
            | b"head"
            | b"iframe"
            | b"object"
            | b"select"
            | b"svg"
    )
}

/// Elements that start a new line of text.
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"div"
            | b"br"
            | b"li"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"dt"
            | b"dd"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"section"
            | b"article"
            | b"header"
            | b"footer"
            | b"nav"
            | b"aside"
            | b"main"
            | b"blockquote"
            | b"hr"
            | b"caption"
            | b"center"
            | b"form"
            | b"pre"
            | b"address"
            | b"figure"
            | b"body"
    )
}

/// A table being read.
#[derive(Default)]
struct Open {
    table: HtmlTable,
    /// It holds another table: its cells are prose.
    layout: bool,
    cell: Option<HtmlCell>,
    row_open: bool,
}

impl Open {
    fn close_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            if !self.row_open {
                self.table.rows.push(HtmlRow::default());
                self.row_open = true;
            }
            if let Some(row) = self.table.rows.last_mut() {
                row.cells.push(cell);
            }
        }
    }

    fn close_row(&mut self) {
        self.close_cell();
        self.row_open = false;
    }
}

struct Walker<'a> {
    src: &'a str,
    blocks: Vec<Block>,
    /// Open hidden elements (their names).
    hidden: Vec<Vec<u8>>,
    tables: Vec<Open>,
}

/// The two attributes a cell's place on the grid depends on.
#[derive(Clone, Copy)]
enum SpanAttr {
    Col,
    Row,
}

/// A start tag being read from the tokenizer's events.
#[derive(Default)]
struct StartTag {
    name: Vec<u8>,
    start: usize,
    /// Which span attribute the next value belongs to, if any.
    attr: Option<SpanAttr>,
    colspan: Option<String>,
    rowspan: Option<String>,
}

/// Read an HTML page into blocks.
pub fn parse(src: &str) -> Vec<Block> {
    let mut w = Walker {
        src,
        blocks: Vec::new(),
        hidden: Vec::new(),
        tables: Vec::new(),
    };
    let mut tag = StartTag::default();
    // html5gum's callback emitter hands over names, attribute values and text as slices of
    // buffers it reuses: no token or attribute map is allocated (against the default emitter:
    // Word's export 919 → 863 µs, a one-line page 242 → 213 µs, forms bench)
    let callback = |event: CallbackEvent<'_>, span: html5gum::Span<usize>| -> Option<()> {
        let span = Span::new(span.start, span.end);
        match event {
            CallbackEvent::OpenStartTag { name } => {
                tag.name.clear();
                tag.name.extend_from_slice(name);
                tag.start = span.start;
                tag.colspan = None;
                tag.rowspan = None;
                tag.attr = None;
            }
            CallbackEvent::AttributeName { name } => {
                tag.attr = if name.eq_ignore_ascii_case(b"colspan") {
                    Some(SpanAttr::Col)
                } else if name.eq_ignore_ascii_case(b"rowspan") {
                    Some(SpanAttr::Row)
                } else {
                    None
                };
            }
            CallbackEvent::AttributeValue { value } => {
                let v = || Some(String::from_utf8_lossy(value).into_owned());
                match tag.attr {
                    Some(SpanAttr::Col) if tag.colspan.is_none() => tag.colspan = v(),
                    Some(SpanAttr::Row) if tag.rowspan.is_none() => tag.rowspan = v(),
                    _ => {}
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                let spans = (tag.colspan.take(), tag.rowspan.take());
                let name = std::mem::take(&mut tag.name);
                w.start(&name, self_closing, Span::new(tag.start, span.end), spans);
                tag.name = name;
            }
            CallbackEvent::EndTag { name } => w.end(name, span),
            CallbackEvent::String { .. } => w.text(span),
            _ => {}
        }
        None
    };
    let mut emitter = CallbackEmitter::new(callback);
    // script and style content is raw text, as a browser reads it
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(src, Quiet::new(emitter)) {}
    while !w.tables.is_empty() {
        w.close_table();
    }
    w.blocks
}

/// An emitter that asks for no parse errors and passes on only the attributes the reader
/// reads (`colspan`, `rowspan`). The page is read whatever its errors, and the callback drops
/// them; asked for, html5gum checks every byte for them (its character validator: about a
/// quarter of the instructions of reading a served page). Every other attribute (Word's
/// `style`, `class`, `lang` on every element) the callback emitter would gather into a buffer
/// and hand over only to be dropped: about a quarter of reading Word's HTML.
struct Quiet<E> {
    inner: E,
    /// The name of the attribute being read, until its value shows whether it is wanted.
    name: Vec<u8>,
    attribute: Attribute,
}

/// Where the attribute being read stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attribute {
    /// Its name is being read (not passed on yet).
    Naming,
    /// Its value is passed on.
    Wanted,
    /// Neither it nor its value is passed on (or there is none).
    Dropped,
}

impl<E> Quiet<E> {
    fn new(inner: E) -> Self {
        Quiet {
            inner,
            name: Vec::new(),
            attribute: Attribute::Dropped,
        }
    }
}

impl<E: Emitter> Quiet<E> {
    /// The attribute's value starts: pass the attribute on if the reader reads it.
    fn value_starts(&mut self) {
        if self.attribute != Attribute::Naming {
            return;
        }
        let wanted = [b"colspan".as_slice(), b"rowspan"]
            .iter()
            .any(|w| self.name.eq_ignore_ascii_case(w));
        self.attribute = if wanted {
            self.inner.init_attribute();
            self.inner.push_attribute_name(&self.name);
            Attribute::Wanted
        } else {
            Attribute::Dropped
        };
    }
}

impl<E: Emitter> ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.inner
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn init_attribute(&mut self) {
        self.name.clear();
        self.attribute = Attribute::Naming;
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        if self.attribute == Attribute::Naming {
            self.name.extend_from_slice(s);
        }
    }

    fn init_attribute_value(&mut self) {
        self.value_starts();
        if self.attribute == Attribute::Wanted {
            self.inner.init_attribute_value();
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        self.value_starts();
        if self.attribute == Attribute::Wanted {
            self.inner.push_attribute_value(s);
        }
    }
}

/// A span attribute's value as browsers read it: leading digits, clamped.
fn span_attr(v: Option<String>, default: usize, max: usize) -> usize {
    let Some(v) = v else { return default };
    let digits: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<usize>() {
        Ok(n) => n.min(max),
        Err(_) if digits.is_empty() => default,
        // too many digits for usize: as large as allowed
        Err(_) => max,
    }
}

impl Walker<'_> {
    fn start(
        &mut self,
        name: &[u8],
        self_closing: bool,
        span: Span,
        spans: (Option<String>, Option<String>),
    ) {
        if !self.hidden.is_empty() {
            // a page without `</head>` still has a body
            if name == b"body" {
                self.hidden.clear();
            }
            return;
        }
        if is_hidden(name) {
            if !self_closing {
                self.hidden.push(name.to_vec());
            }
            return;
        }
        match name {
            b"table" => self.open_table(),
            b"tr" => match self.grid() {
                Some(t) => {
                    t.close_row();
                    t.table.rows.push(HtmlRow::default());
                    t.row_open = true;
                }
                None => self.brk(),
            },
            b"td" | b"th" => match self.grid() {
                Some(t) => {
                    t.close_cell();
                    let colspan = span_attr(spans.0, 1, MAX_COLSPAN).max(1);
                    let rowspan = span_attr(spans.1, 1, MAX_ROWSPAN);
                    t.cell = Some(HtmlCell {
                        colspan,
                        rowspan,
                        insert_at: span.end,
                        ..HtmlCell::default()
                    });
                }
                None => self.brk(),
            },
            _ => {
                if let Some(cell) = self.cell() {
                    if is_block(name) {
                        cell.chars.push(SrcChar {
                            c: '\n',
                            src: Span::new(span.start, span.start),
                            literal: false,
                        });
                    }
                    if !cell.text_seen {
                        cell.insert_at = span.end;
                    }
                } else if is_block(name) {
                    self.brk();
                }
            }
        }
    }

    fn end(&mut self, name: &[u8], span: Span) {
        if let Some(top) = self.hidden.last() {
            if top.as_slice() == name {
                self.hidden.pop();
            }
            return;
        }
        match name {
            // close_table ignores a `</table>` with no table open
            b"table" => self.close_table(),
            b"tr" => match self.grid() {
                Some(t) => t.close_row(),
                None => self.brk(),
            },
            b"td" | b"th" => match self.grid() {
                Some(t) => t.close_cell(),
                None => self.brk(),
            },
            _ if is_block(name) => match self.cell() {
                Some(cell) => cell.chars.push(SrcChar {
                    c: '\n',
                    src: Span::new(span.start, span.start),
                    literal: false,
                }),
                None => self.brk(),
            },
            _ => {}
        }
    }

    fn text(&mut self, span: Span) {
        if !self.hidden.is_empty() {
            return;
        }
        let raw = &self.src[span.start..span.end];
        if let Some(cell) = self.cell() {
            let from = cell.chars.len();
            decode_into(raw, span.start, &mut cell.chars);
            if !cell.text_seen {
                if let Some(first) = cell.chars[from..]
                    .iter()
                    .find(|c| !c.c.is_ascii_whitespace())
                {
                    cell.insert_at = first.src.start;
                    cell.text_seen = true;
                }
            }
            return;
        }
        let mut chars = Vec::with_capacity(raw.len());
        decode_into(raw, span.start, &mut chars);
        if let Some(t) = self.grid() {
            if chars.iter().all(|c| c.c.is_ascii_whitespace()) {
                // whitespace between rows and cells
                return;
            }
            // text misplaced in a table, outside any cell (a browser shows it before the
            // table): a row of its own where it stands, so the view keeps the page's order
            t.close_row();
            t.table.rows.push(HtmlRow {
                cells: vec![HtmlCell {
                    chars,
                    colspan: 1,
                    rowspan: 1,
                    insert_at: span.start,
                    text_seen: true,
                }],
            });
            return;
        }
        // text of a layout table, or outside tables: prose
        self.blocks.push(Block::Text(chars));
    }

    fn brk(&mut self) {
        if !matches!(self.blocks.last(), Some(Block::Break) | None) {
            self.blocks.push(Block::Break);
        }
    }

    /// The innermost table, when it is read as a grid.
    fn grid(&mut self) -> Option<&mut Open> {
        self.tables.last_mut().filter(|t| !t.layout)
    }

    fn cell(&mut self) -> Option<&mut HtmlCell> {
        self.grid()?.cell.as_mut()
    }

    fn open_table(&mut self) {
        // every table around this one is a layout table: what it read so far is prose
        for i in 0..self.tables.len() {
            if !self.tables[i].layout {
                self.tables[i].close_row();
                let rows = std::mem::take(&mut self.tables[i].table.rows);
                self.tables[i].layout = true;
                for cell in rows.into_iter().flat_map(|r| r.cells) {
                    self.brk();
                    self.blocks.push(Block::Text(cell.chars));
                }
            }
        }
        self.brk();
        self.tables.push(Open::default());
    }

    fn close_table(&mut self) {
        let Some(mut t) = self.tables.pop() else {
            return;
        };
        t.close_row();
        self.brk();
        if !t.layout {
            self.blocks.push(Block::Table(t.table));
        }
        self.brk();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Text(c) => c.iter().map(|c| c.c).collect(),
                Block::Break => "/".into(),
                Block::Table(t) => t
                    .rows
                    .iter()
                    .map(|r| {
                        r.cells
                            .iter()
                            .map(|c| c.chars.iter().map(|c| c.c).collect::<String>())
                            .collect::<Vec<_>>()
                            .join("|")
                    })
                    .collect::<Vec<_>>()
                    .join(";"),
            })
            .collect()
    }

    #[test]
    fn cells_rows_and_prose() {
        let b = parse("<P>标题</P><TABLE><TR><TD>a<TD>1</TR><tr><th>b</th><td>2</td></table>尾");
        assert_eq!(texts(&b), ["标题", "/", "a|1;b|2", "/", "尾"]);
    }

    #[test]
    fn hidden_content_and_comments_are_not_text() {
        let b = parse("<head><title>x</title><script>if(a<b){}</script></head><!-- c --><p>y</p>");
        assert_eq!(texts(&b), ["y", "/"]);
        let b = parse("<head><body><p>y</p>");
        assert_eq!(texts(&b), ["y", "/"]);
    }

    #[test]
    fn layout_tables_become_prose() {
        let b = parse(
            "<table><tr><td>导航<table><tr><td>x</td><td>1</td></tr></table></td></tr></table>",
        );
        let t = texts(&b);
        assert!(t.contains(&"导航".to_string()), "{t:?}");
        assert!(t.contains(&"x|1".to_string()), "{t:?}");
    }

    #[test]
    fn only_the_span_attributes_are_read_among_the_others() {
        let src = "<table><tr><td style='mso-x:colspan=9' nowrap COLSPAN=2 class=a \
                   colspan=5 rowspan=\"3\" rowspan>a</td><td colspan>b</td></tr></table>";
        let b = parse(src);
        let Some(Block::Table(t)) = b.iter().find(|b| matches!(b, Block::Table(_))) else {
            panic!("{b:?}");
        };
        let spans: Vec<(usize, usize)> = t.rows[0]
            .cells
            .iter()
            .map(|c| (c.colspan, c.rowspan))
            .collect();
        // the first of each attribute counts, whatever its case; one without a value is none
        assert_eq!(spans, [(2, 3), (1, 1)]);
        assert_eq!(texts(&b), ["a|b", "/"]);
    }

    #[test]
    fn span_attributes_clamp() {
        assert_eq!(span_attr(Some("9999".into()), 1, MAX_COLSPAN), 1000);
        assert_eq!(span_attr(Some(" 3px".into()), 1, MAX_COLSPAN), 3);
        assert_eq!(span_attr(Some("x".into()), 1, MAX_COLSPAN), 1);
        assert_eq!(span_attr(Some("0".into()), 1, MAX_ROWSPAN), 0);
        assert_eq!(
            span_attr(Some("99999999999999999999999".into()), 1, MAX_ROWSPAN),
            MAX_ROWSPAN
        );
    }

    #[test]
    fn empty_cell_insert_point_is_inside_its_markup() {
        let src = "<table><tr><td><p><span>&nbsp;</span></p></td><td><b></b></td></tr></table>";
        let b = parse(src);
        let Block::Table(t) = b.iter().find(|b| matches!(b, Block::Table(_))).unwrap() else {
            unreachable!()
        };
        let cells = &t.rows[0].cells;
        assert!(src[cells[0].insert_at..].starts_with("&nbsp;"));
        assert!(src[..cells[1].insert_at].ends_with("<b>"));
    }
}
