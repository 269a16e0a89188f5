//! `word/document.xml` as the document Word shows: the body's paragraphs and tables in order,
//! in the HTML reader's model ([`Block`], [`HtmlTable`]) so that the same grid placing and view
//! writer read both, every character keeping the bytes of `document.xml` that print it.
//!
//! What Word shows, and so what is read: the text of `w:t` (a number split over several runs
//! is one number again in the view), `w:tab` and `w:br`; inserted text (`w:ins`, `w:moveTo`)
//! but not deleted text (`w:del`, `w:moveFrom`, `w:delText`); a field's result but not its
//! instruction (`w:instrText`, or anything between a `begin` and a `separate` field character);
//! a content control's content but not its properties; one branch of `mc:AlternateContent`;
//! not a run formatted hidden (`w:vanish`). Elements are matched by their `w:` qualified names,
//! the prefix every Word, WPS and LibreOffice file uses.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::table::{Insertion, TableBuilder, VMerge};
use crate::reader::html::document::{Block, HtmlTable};
use crate::reader::html::text::SrcChar;
use crate::reader::place::{Place, Places};
use crate::span::Span;

/// What [`parse`] gives: the blocks in order, where each cell, row and paragraph is, and where
/// a value may be written into each empty cell.
#[derive(Debug, Default)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub places: Places,
    /// Sorted by position.
    pub insertions: Vec<Insertion>,
}

/// A complex field (`w:fldChar`): its instruction is hidden, its result shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Instruction,
    Result,
}

#[derive(Default)]
struct Walker<'a> {
    src: &'a str,
    blocks: Vec<Block>,
    places: Vec<(Span, Place)>,
    insertions: Vec<Insertion>,
    /// Nesting depth inside an element whose content Word does not show (0: shown).
    hidden: usize,
    fields: Vec<Field>,
    /// Per open `mc:AlternateContent`: whether a branch was read already.
    alternates: Vec<bool>,
    in_run: bool,
    run_hidden: bool,
    in_text: bool,
    /// The paragraph properties being read: where their run properties start and end.
    ppr: Option<(usize, Option<Span>)>,
    /// The run properties of the open paragraph's mark, once its properties are read.
    pending_rpr: Option<(usize, Span)>,
    /// Open paragraphs outside table cells: where each starts and its text.
    paragraphs: Vec<(usize, String)>,
    tables: Vec<TableBuilder>,
    /// Tables seen so far (each gets the next number, nested ones included).
    table_count: u32,
}

/// Read the body of `word/document.xml`. Malformed XML ends the reading where it is: what was
/// read before is kept.
pub fn parse(src: &str) -> Body {
    let mut w = Walker {
        src,
        ..Walker::default()
    };
    // quick-xml skips a byte order mark and counts its positions after it: the mark is cut
    // off here and its bytes added back, so that spans stay bytes of `src`
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut reader = Reader::from_str(&src[bom..]);
    loop {
        let start = bom + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let end = (bom + reader.buffer_position() as usize).min(src.len());
        if !src.is_char_boundary(start) || !src.is_char_boundary(end) {
            break; // not where quick-xml's positions can be trusted: read no further
        }
        let span = Span::new(start, end);
        match event {
            Event::Start(e) => w.start(&e, span, false),
            Event::Empty(e) => {
                w.start(&e, span, true);
                w.end(e.name().as_ref(), span, true);
            }
            Event::End(e) => w.end(e.name().as_ref(), span, false),
            Event::Text(_) => w.text(span, true),
            Event::GeneralRef(_) | Event::CData(_) => w.text(span, false),
            _ => {}
        }
    }
    w.finish()
}

/// The value of attribute `name`, raw.
fn attr<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<std::borrow::Cow<'e, str>> {
    e.try_get_attribute(name).ok().flatten().map(|a| a.value)
}

/// An on/off property is on unless its `w:val` says otherwise.
fn is_on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "w:val").as_deref(), Some("0" | "false" | "off"))
}

impl Walker<'_> {
    fn start(&mut self, e: &BytesStart<'_>, span: Span, empty: bool) {
        let name = e.name();
        let name = name.as_ref();
        if self.hidden > 0 {
            self.hidden += usize::from(!empty);
            return;
        }
        if !empty && self.hides(name) {
            self.hidden = 1;
            return;
        }
        match name {
            "w:p" => self.open_paragraph(span, empty),
            "w:pPr" => self.ppr = Some((span.start, None)),
            "w:rPr" => self.open_run_properties(span),
            "w:r" => (self.in_run, self.run_hidden) = (true, false),
            "w:t" => self.in_text = !empty,
            "w:vanish" if self.in_run && self.ppr.is_none() => self.run_hidden = is_on(e),
            "w:tab" | "w:ptab" if self.in_run => self.push_char('\t', span),
            "w:br" | "w:cr" if self.in_run => self.line_break(span),
            "w:noBreakHyphen" if self.in_run => self.push_char('-', span),
            "w:fldChar" => self.field_char(attr(e, "w:fldCharType").as_deref()),
            "mc:AlternateContent" if !empty => self.alternates.push(false),
            "w:tbl" if !empty => self.open_table(),
            "w:tr" => self.grid(|t| t.open_row(span.start)),
            "w:tc" => self.grid(|t| t.open_cell(span.start)),
            "w:gridSpan" => self.grid(|t| t.set_grid_span(number(attr(e, "w:val")))),
            "w:gridBefore" => self.grid(|t| t.set_grid_before(number(attr(e, "w:val")))),
            "w:vMerge" => {
                let merge = match attr(e, "w:val").as_deref() {
                    Some("restart") => VMerge::Restart,
                    _ => VMerge::Continue,
                };
                self.grid(|t| t.set_vmerge(merge));
            }
            _ => {}
        }
    }

    /// Does this element start content Word does not show? (Its own start tag is read.)
    fn hides(&mut self, name: &str) -> bool {
        match name {
            "w:del" | "w:moveFrom" | "w:delText" | "w:instrText" | "w:sdtPr" => true,
            "mc:Choice" | "mc:Fallback" => match self.alternates.last_mut() {
                Some(taken) => std::mem::replace(taken, true),
                None => false,
            },
            _ => false,
        }
    }

    fn end(&mut self, name: &str, span: Span, empty: bool) {
        if self.hidden > 0 {
            if !empty {
                self.hidden -= 1;
            }
            return;
        }
        match name {
            "w:p" => self.close_paragraph(span, empty),
            "w:pPr" => self.close_paragraph_properties(),
            "w:rPr" => self.close_run_properties(span),
            "w:r" => self.in_run = false,
            "w:t" => self.in_text = false,
            "mc:AlternateContent" if !empty => {
                self.alternates.pop();
            }
            "w:tbl" if !empty => self.close_table(span),
            "w:tr" => self.close_row(span.end),
            "w:tc" => self.close_cell(span.end),
            _ => {}
        }
    }

    /// Is text here shown? Not in a hidden run, nor in a field's instruction.
    fn shown(&self) -> bool {
        !self.run_hidden && !self.fields.contains(&Field::Instruction)
    }

    fn field_char(&mut self, kind: Option<&str>) {
        match kind {
            Some("begin") => self.fields.push(Field::Instruction),
            Some("separate") => {
                if let Some(f) = self.fields.last_mut() {
                    *f = Field::Result;
                }
            }
            Some("end") => {
                self.fields.pop();
            }
            _ => {}
        }
    }

    /// The characters of a text event (`literal`: its bytes are the text), or one reference.
    fn text(&mut self, span: Span, literal: bool) {
        if self.hidden > 0 || !self.in_text || !self.shown() {
            return;
        }
        let raw = &self.src[span.start..span.end];
        let mut chars = Vec::with_capacity(raw.len() / 2);
        if literal {
            for (i, c) in raw.char_indices() {
                let src = Span::new(span.start + i, span.start + i + c.len_utf8());
                let literal = c != '\r';
                let c = if c == '\r' { '\n' } else { c };
                chars.push(SrcChar { c, src, literal });
            }
        } else if let Some(c) = reference(raw) {
            chars.push(SrcChar {
                c,
                src: span,
                literal: false,
            });
        }
        self.push_chars(chars);
    }

    fn push_char(&mut self, c: char, span: Span) {
        if self.shown() {
            let src = span;
            self.push_chars(vec![SrcChar {
                c,
                src,
                literal: false,
            }]);
        }
    }

    fn push_chars(&mut self, chars: Vec<SrcChar>) {
        if let Some(t) = self.grid_table() {
            t.push_chars(&chars);
            return;
        }
        if let Some((_, text)) = self.paragraphs.last_mut() {
            text.extend(chars.iter().map(|c| c.c));
        }
        self.blocks.push(Block::Text(chars));
    }

    fn line_break(&mut self, span: Span) {
        if !self.shown() {
            return;
        }
        match self.grid_table() {
            Some(t) => t.push_chars(&[SrcChar {
                c: '\n',
                src: Span::new(span.start, span.start),
                literal: false,
            }]),
            None => self.brk(),
        }
    }

    fn brk(&mut self) {
        if !matches!(self.blocks.last(), Some(Block::Break) | None) {
            self.blocks.push(Block::Break);
        }
    }

    fn open_paragraph(&mut self, span: Span, empty: bool) {
        let src = self.src;
        match self.grid_table() {
            Some(t) => t.open_paragraph(span, src, empty),
            None if !empty => self.paragraphs.push((span.start, String::new())),
            None => self.brk(),
        }
    }

    fn close_paragraph(&mut self, span: Span, empty: bool) {
        if empty {
            return;
        }
        let run_properties = self.take_paragraph_run_properties();
        if let Some(t) = self.grid_table() {
            t.close_paragraph(span, run_properties);
            return;
        }
        self.brk();
        if let Some((start, text)) = self.paragraphs.pop() {
            let row_text = collapse(&text);
            if !row_text.is_empty() {
                let place = Place {
                    row_text,
                    ..Place::default()
                };
                self.places.push((Span::new(start, span.end), place));
            }
        }
    }

    fn open_run_properties(&mut self, span: Span) {
        if let Some((_, rpr)) = &mut self.ppr {
            *rpr = Some(Span::new(span.start, span.start));
        }
    }

    fn close_run_properties(&mut self, span: Span) {
        if let Some((_, Some(rpr))) = &mut self.ppr {
            rpr.end = span.end;
        }
    }

    fn close_paragraph_properties(&mut self) {
        // kept until the paragraph ends: its mark's run properties format a value written in
        if let Some((start, rpr)) = self.ppr.take() {
            self.pending_rpr = rpr.map(|r| (start, r));
        }
    }

    /// The run properties of the paragraph mark (`w:pPr/w:rPr`) as text to copy into a new
    /// run, when they hold nothing tied to revisions or hiding.
    fn take_paragraph_run_properties(&mut self) -> String {
        let Some((_, rpr)) = self.pending_rpr.take() else {
            return String::new();
        };
        let text = self.src.get(rpr.start..rpr.end).unwrap_or("");
        let unsafe_parts = [
            "w:del",
            "w:ins",
            "w:moveFrom",
            "w:moveTo",
            "Change",
            "vanish",
        ];
        if text.ends_with("</w:rPr>") && !unsafe_parts.iter().any(|p| text.contains(p)) {
            text.to_owned()
        } else {
            String::new()
        }
    }
}

/// A whole number attribute, as Word writes spans (clamped by the table builder).
fn number(v: Option<std::borrow::Cow<'_, str>>) -> usize {
    let v = v.as_deref().unwrap_or("1").trim();
    let digits: String = v.chars().take_while(char::is_ascii_digit).take(6).collect();
    digits.parse().unwrap_or(1)
}

/// The character a reference (`&amp;`, `&#21069;`, `&#x4e00;`) stands for.
fn reference(raw: &str) -> Option<char> {
    let name = raw.strip_prefix('&')?.strip_suffix(';')?;
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => name.strip_prefix('#')?.parse().ok()?,
        },
    };
    char::from_u32(code)
}

/// Text as one line: whitespace runs as one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Walker<'_> {
    /// The innermost table, when it is read as a grid.
    fn grid_table(&mut self) -> Option<&mut TableBuilder> {
        self.tables.last_mut().filter(|t| !t.layout)
    }

    fn grid(&mut self, f: impl FnOnce(&mut TableBuilder)) {
        if let Some(t) = self.grid_table() {
            f(t);
        }
    }

    fn open_table(&mut self) {
        // every table around this one is a layout table (as a page's): what it read is prose
        for i in 0..self.tables.len() {
            if !self.tables[i].layout {
                let cells = self.tables[i].become_layout();
                self.places.extend(self.tables[i].take_places());
                for chars in cells {
                    self.brk();
                    self.blocks.push(Block::Text(chars));
                }
            }
        }
        self.brk();
        self.table_count += 1;
        self.tables.push(TableBuilder::new(self.table_count));
    }

    fn close_row(&mut self, end: usize) {
        if let Some(t) = self.tables.last_mut() {
            t.close_row_at(end);
            self.places.extend(t.take_places());
        }
    }

    fn close_cell(&mut self, end: usize) {
        if let Some(t) = self.tables.last_mut() {
            t.close_cell(end);
        }
    }

    fn close_table(&mut self, span: Span) {
        let Some(mut t) = self.tables.pop() else {
            return;
        };
        t.close_row_at(span.start);
        self.places.extend(t.take_places());
        self.brk();
        let layout = t.layout;
        let (table, insertions): (HtmlTable, Vec<Insertion>) = t.finish();
        if !layout {
            self.insertions.extend(insertions);
            self.blocks.push(Block::Table(table));
        }
        self.brk();
    }

    fn finish(mut self) -> Body {
        let end = Span::new(self.src.len(), self.src.len());
        while !self.tables.is_empty() {
            self.close_table(end);
        }
        self.places.sort_by_key(|(s, _)| s.start);
        let mut places = Places::default();
        for (span, place) in self.places {
            places.push(span, place);
        }
        self.insertions.sort_by_key(|i| i.at);
        Body {
            blocks: self.blocks,
            places,
            insertions: self.insertions,
        }
    }
}
