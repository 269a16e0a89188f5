//! Lines → cells → tokens, with byte spans.
//!
//! One tokenizer serves every layout: pipe rows and one-cell-per-line (`|`), tab rows, markdown
//! tables, HTML rows (`<td>` boundaries; other tags are invisible), PDF text (no separators:
//! whitespace separates numbers), and flattened web text where labels and digit runs touch.
//! Binding (which row a number belongs to) is not decided here.

use compact_str::CompactString;

use crate::span::Span;

use crate::reader::html::BLANK;

/// A number as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumTok {
    /// ASCII digits, with a `.` for decimals; no commas, no sign.
    pub digits: CompactString,
    /// The number's bytes (sign and digits, commas included; the unit excluded).
    pub span: Span,
    pub negative: bool,
    /// `元` / `万元` printed after it.
    pub unit: Option<&'static str>,
    /// Thousands separators were printed (`1,190`).
    pub commas: bool,
    /// The original text of number and unit, for messages.
    pub raw: CompactString,
}

impl NumTok {
    pub fn is_decimal(&self) -> bool {
        self.digits.contains('.')
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TokKind {
    /// Label text: original characters (whitespace included) with their byte offsets.
    Label(Vec<(char, usize)>),
    Num(NumTok),
    /// One cell holding several space-separated numbers (pipe/tab/HTML layouts only).
    Multi(Vec<NumTok>),
    /// An empty cell between two numbers on one row line (a blank value).
    Blank,
    /// An empty cell at the edge of a row line's values: between its label and its first number,
    /// after its last number, or every empty cell of a labelled row without numbers. It is a
    /// blank value or the remains of a spanned cell; the binder, which knows how many columns the
    /// row has, decides ([`crate::reader::rows::read_row`]).
    Edge,
    /// The visible end of a table row: trailing empty cells (`0 | |`) or a pipes-only line.
    RowEnd,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokKind,
    pub span: Span,
    /// 0-based line (`\n` breaks only).
    pub line: usize,
}

impl Token {
    pub fn num(&self) -> Option<&NumTok> {
        match &self.kind {
            TokKind::Num(n) => Some(n),
            _ => None,
        }
    }
}

/// Is this line page furniture (`-3-`, `- 4 -`, `— 5 —`, `第 5 页 共 8 页`)? Dropped before
/// anything else reads the text (docs/layouts.md §13).
pub fn is_page_furniture(line: &str) -> bool {
    let dashes = |c: char| matches!(c, '-' | '—' | '–' | '－');
    // most lines start with something else: settle them on their first character
    let t = line.trim_matches(is_blank);
    if !t.starts_with(|c| dashes(c) || c == '第') {
        return false;
    }
    if let Some(inner) = t.strip_prefix(dashes).and_then(|s| s.strip_suffix(dashes)) {
        let inner = inner.trim();
        return !inner.is_empty() && inner.len() <= 4 && inner.chars().all(|c| c.is_ascii_digit());
    }
    if t.starts_with('第') && t.contains('页') {
        return t
            .chars()
            .all(|c| c.is_ascii_digit() || " 第页共".contains(c));
    }
    false
}

/// Tokenize the part of `text` inside `range`, line by line.
pub fn tokenize(text: &str, range: Span) -> Vec<Token> {
    // a token per 6 to 30 bytes in the corpus's tables (one cell per line is the densest),
    // 4 at the least in a row of blank pipe cells: sized for the densest once, as growing
    // copies every token read so far (a token is over a hundred bytes)
    let mut out = Vec::with_capacity(range.len() / 4 + 16);
    let mut line_no = text[..range.start].matches('\n').count();
    let mut pos = range.start;
    let mut scratch = Scratch::default();
    while pos < range.end {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let stop = line_end.min(range.end);
        let line = &text[pos..stop];
        // blank lines and page furniture are dropped; both are settled by the first visible
        // character for almost every line
        let visible = line.trim_start();
        let furniture = visible.starts_with(['-', '—', '–', '－', '第']) && is_page_furniture(line);
        // a line of nothing but tabs is a row of empty cells when it is long enough
        let blank_row = visible.is_empty()
            && line.bytes().filter(|&b| b == b'\t').count() >= BLANK_ROW_CELLS - 1;
        if (!visible.is_empty() || blank_row) && !furniture {
            tokenize_line(line, pos, line_no, &mut scratch, &mut out);
        }
        pos = line_end + 1;
        line_no += 1;
    }
    out
}

/// A cell: visible characters with their offsets.
type Cell = Vec<(char, usize)>;

/// Buffers reused from line to line, so a line costs no allocation beyond its tokens: the
/// line's visible characters, the cells as ranges of them, and the tokens of one cell.
#[derive(Default)]
struct Scratch {
    chars: Cell,
    cells: Vec<(usize, usize)>,
    tokens: Vec<Token>,
    /// Offsets of empty cells met since the last number.
    pending: Vec<usize>,
    /// Offsets of empty cells met after a label and before the line's first number.
    lead: Vec<usize>,
    numbers: NumberBuffers,
}

/// The text of the number being read ([`MixedScan`]), kept from cell to cell: two buffers
/// made for every cell with a digit were a tenth of the allocations of a PDF text's tables.
#[derive(Default)]
struct NumberBuffers {
    /// ASCII digits (and a decimal point), copied once per number (pushing onto a
    /// CompactString was a tenth of the tokenizer's time).
    digits: String,
    /// Sign, digits, commas and unit as printed.
    raw: String,
}

impl Scratch {
    fn start_cell(&mut self) {
        let at = self.chars.len();
        self.cells.push((at, at));
    }

    fn push(&mut self, c: char, at: usize) {
        self.chars.push((c, at));
        if let Some(cell) = self.cells.last_mut() {
            cell.1 = self.chars.len();
        }
    }
}

fn tokenize_line(line: &str, base: usize, line_no: usize, s: &mut Scratch, out: &mut Vec<Token>) {
    let is_html = line.contains('<') && {
        let b = line.as_bytes();
        b.windows(3).any(|w| {
            w[0] == b'<'
                && w[1].eq_ignore_ascii_case(&b't')
                && matches!(w[2].to_ascii_lowercase(), b'd' | b'h' | b'r')
        })
    };
    s.chars.clear();
    s.cells.clear();
    if is_html {
        html_cells(line, base, s);
        emit_cells(s, line_no, 0, true, out);
    } else if line.contains('|') || line.contains('\t') {
        if is_markdown_separator(line) {
            return;
        }
        let trailing = split_cells(line, s);
        emit_text_cells(line, base, s, line_no, trailing, out);
    } else {
        s.chars
            .extend(line.char_indices().map(|(i, c)| (c, base + i)));
        scan_mixed(&s.chars, line_no, &mut s.numbers, out);
    }
}

fn is_markdown_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Split on `|` and tab: the cells as byte ranges of `line` into `s.cells`. Returns how many
/// separators follow the last non-empty cell (two or more mark a row end: `0 | |`; a
/// pipes-only line is a row end too). Both separators are ASCII, so the split works on bytes.
fn split_cells(line: &str, s: &mut Scratch) -> usize {
    let b = line.as_bytes();
    let mut from = 0;
    let mut pipes = 0;
    while let Some(j) = memchr::memchr2(b'|', b'\t', &b[from..]) {
        s.cells.push((from, from + j));
        pipes += usize::from(b[from + j] == b'|');
        from += j + 1;
    }
    s.cells.push((from, b.len()));
    let is_empty = |&(a, b): &(usize, usize)| line[a..b].chars().all(char::is_whitespace);
    let last = s.cells.iter().rposition(|c| !is_empty(c));
    match last {
        Some(i) if pipes > 0 => s.cells.len() - 1 - i,
        Some(_) => 0,
        None if pipes > 0 => 2,
        None => 0,
    }
}

/// [`emit_cells`] for cells that are byte ranges of one line (pipe and tab rows): a cell of
/// plain digits becomes a number without its characters being copied; other cells are read
/// character by character as in every layout.
fn emit_text_cells(
    line: &str,
    base: usize,
    s: &mut Scratch,
    line_no: usize,
    trailing: usize,
    out: &mut Vec<Token>,
) {
    let start = out.len();
    let mut row = RowCells::new(&mut s.pending, &mut s.lead, line_no);
    // nothing after a line's closing pipe is not a cell (`| 0 |`); after a tab it is one
    let n_cells = match s.cells.last() {
        Some(&(a, b))
            if s.cells.len() > 1
                && line.as_bytes()[a - 1] == b'|'
                && line[a..b].trim_matches(is_blank).is_empty() =>
        {
            s.cells.len() - 1
        }
        _ => s.cells.len(),
    };
    for i in 0..n_cells {
        let (a, b) = s.cells[i];
        let cell = &line[a..b];
        let trimmed = cell.trim_matches(is_blank);
        if trimmed.strip_prefix(BLANK) == Some("") {
            // a value cell the source left empty (the HTML reader writes it so)
            let at = base + a + cell.find(BLANK).unwrap_or(0);
            row.blank(Span::new(at, at), out);
            continue;
        }
        if is_placeholder(trimmed) {
            // `-`, `—`, `/`, `无` written for zero: a blank value, spanning the mark so that a
            // fix writes the number in its place
            let at = base + a + (cell.len() - cell.trim_start_matches(is_blank).len());
            row.blank(Span::new(at, at + trimmed.len()), out);
            continue;
        }
        if trimmed.is_empty() {
            row.empty(|| {
                if a < b {
                    // inside the padding (`|  |` → `| 4 |` when a value is written there)
                    base + a + usize::from(b - a >= 2 && cell.starts_with(' '))
                } else {
                    out.last().map_or(0, |t| t.span.end)
                }
            });
            continue;
        }
        let at = base + a + (cell.len() - cell.trim_start_matches(is_blank).len());
        let before = out.len();
        let kind = if trimmed.bytes().all(|c| c.is_ascii_digit()) {
            Some(plain_number(
                CompactString::new(trimmed),
                Span::new(at, at + trimmed.len()),
            ))
        } else {
            s.chars.clear();
            s.chars
                .extend(trimmed.char_indices().map(|(j, c)| (c, at + j)));
            all_numbers(&s.chars, &mut s.tokens, &mut s.numbers)
        };
        if let Some(kind) = kind {
            row.number(kind, Span::new(at, at + trimmed.len()), out);
        } else {
            scan_mixed(&s.chars, line_no, &mut s.numbers, out);
            row.other(&out[before..]);
        }
    }
    row.finish(out);
    if trailing >= 2 {
        let at = out[start..].last().map_or(0, |t| t.span.end);
        // after the last character that is not a separator
        let kept = line.trim_end_matches(['|', '\t']);
        let at = if kept.is_empty() {
            at
        } else {
            base + kept.len()
        };
        out.push(Token {
            kind: TokKind::RowEnd,
            span: Span::new(at, at),
            line: line_no,
        });
    }
}

/// What [`trim`] drops and what ends a number: any whitespace (the ideographic space U+3000
/// and the form feed of PDF page breaks included).
fn is_blank(c: char) -> bool {
    c.is_whitespace()
}

/// A cell's whole text is a mark publishers write for "none" in a value cell: one to three
/// dashes or slashes (`-`, `—`, `——`, `/`, `／`), or `无`. Read as a blank value (0, NB024).
fn is_placeholder(cell: &str) -> bool {
    let marks = cell.chars().count();
    cell == "无"
        || ((1..=3).contains(&marks)
            && cell
                .chars()
                .all(|c| matches!(c, '-' | '—' | '–' | '－' | '/' | '／')))
}

/// A number printed as plain ASCII digits (no sign, comma or unit) at `span`.
fn plain_number(digits: CompactString, span: Span) -> TokKind {
    TokKind::Num(NumTok {
        raw: digits.clone(),
        digits,
        span,
        negative: false,
        unit: None,
        commas: false,
    })
}

/// Cells of an HTML table row into `s`: `<td>`/`<th>` boundaries split, other tags vanish,
/// entities decode (`&nbsp;` is a space).
fn html_cells(line: &str, base: usize, s: &mut Scratch) {
    s.start_cell();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        match bytes[i] {
            b'<' => {
                // tags are short: a plain scan beats memchr's setup here
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(line.len(), |j| i + j + 1);
                // only an opening cell tag starts a cell; closing tags and markup vanish
                let name = &bytes[i..end];
                let k = name.iter().position(|&b| b != b'<').unwrap_or(name.len());
                let name = &name[k..];
                if name.len() >= 2
                    && name[0].eq_ignore_ascii_case(&b't')
                    && matches!(name[1].to_ascii_lowercase(), b'd' | b'h' | b'r')
                {
                    s.start_cell();
                }
                i = end;
            }
            b'&' => {
                let window = &bytes[i..line.len().min(i + 9)];
                let end = window.iter().position(|&b| b == b';').map(|j| i + j + 1);
                let decoded = end.and_then(|e| decode_entity(&line[i..e]));
                match (end, decoded) {
                    (Some(e), Some(c)) => {
                        s.push(c, base + i);
                        i = e;
                    }
                    _ => {
                        s.push('&', base + i);
                        i += 1;
                    }
                }
            }
            _ => {
                let c = line[i..].chars().next().unwrap();
                s.push(c, base + i);
                i += c.len_utf8();
            }
        }
    }
}

fn decode_entity(e: &str) -> Option<char> {
    Some(match e {
        "&nbsp;" | "&#160;" | "&ensp;" | "&emsp;" => ' ',
        "&amp;" => '&',
        "&lt;" => '<',
        "&gt;" => '>',
        "&quot;" => '"',
        "&ldquo;" => '“',
        "&rdquo;" => '”',
        _ => {
            let n = e.strip_prefix("&#")?.strip_suffix(';')?;
            let v = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(v)?
        }
    })
}

/// The cells of one row as [`emit_cells`] and [`emit_text_cells`] turn them into tokens: an
/// empty cell between two numbers is a blank; one at the edge of the row's values is an edge
/// (a blank or a spanned cell's remains: the binder decides).
struct RowCells<'a> {
    /// Where the empty cells met since the last number are (reused buffer from `Scratch`).
    pending: &'a mut Vec<usize>,
    /// Where the empty cells before the line's first number are (reused buffer).
    lead: &'a mut Vec<usize>,
    seen_num: bool,
    /// A label cell was met on this line (its empty cells may be values: [`TokKind::Edge`]).
    label_seen: bool,
    numbers: usize,
    /// Where the line's first number went in the output, when no label came before it: the
    /// empty cells before it become edges there once a second number shows it is a row.
    first_at: Option<usize>,
    line: usize,
}

/// A row of nothing but this many empty cells is a row left blank (table 四 has 15 values),
/// not the remains of spanned cells (`|||`) or a spacer; the HTML reader uses it too.
pub(crate) const BLANK_ROW_CELLS: usize = 10;

// Every cell of a table row passes here: with `#[inline]` the tokenizer's instruction count
// stays within 0.3% of the two hand-written copies this replaced (callgrind, five reports).
impl<'a> RowCells<'a> {
    fn new(pending: &'a mut Vec<usize>, lead: &'a mut Vec<usize>, line: usize) -> Self {
        pending.clear();
        lead.clear();
        RowCells {
            pending,
            lead,
            seen_num: false,
            label_seen: false,
            numbers: 0,
            first_at: None,
            line,
        }
    }

    /// An empty cell, at the offset `at` gives.
    #[inline]
    fn empty(&mut self, at: impl FnOnce() -> usize) {
        if self.seen_num {
            self.pending.push(at());
        } else {
            self.lead.push(at());
        }
    }

    /// A cell that is a number (or several): the empty cells before it are blanks (or, before
    /// the line's first number, edges).
    #[inline]
    fn number(&mut self, kind: TokKind, span: Span, out: &mut Vec<Token>) {
        self.numbers += 1;
        if self.label_seen {
            edges(self.lead, self.line, out);
        } else if self.numbers == 1 {
            self.first_at = Some(out.len());
        }
        self.blanks(out);
        out.push(Token {
            kind,
            span,
            line: self.line,
        });
        self.seen_num = true;
    }

    /// A cell known to be an empty value cell (left empty, or holding a placeholder at `span`):
    /// a blank wherever it stands in the row.
    fn blank(&mut self, span: Span, out: &mut Vec<Token>) {
        self.blanks(out);
        out.push(Token {
            kind: TokKind::Blank,
            span,
            line: self.line,
        });
        self.seen_num = true;
    }

    /// A cell of other text, which made `tokens`: the empty cells before it are not values.
    fn other(&mut self, tokens: &[Token]) {
        self.pending.clear();
        self.lead.clear();
        self.first_at = None;
        self.seen_num = tokens.last().is_some_and(|t| t.num().is_some());
        self.label_seen |= !self.seen_num;
    }

    /// The end of the line: the empty cells of a labelled row, of a row of several numbers, or
    /// of a long row of cells, that no number followed (or, in a row without a label, that came
    /// before its first number) are edges. One number and an empty cell (`0 | |`, one cell per
    /// line) is a row end, not a row.
    fn finish(&mut self, out: &mut Vec<Token>) {
        let cells = self.numbers + self.lead.len() + self.pending.len();
        if self.label_seen || self.numbers >= 2 || cells >= BLANK_ROW_CELLS {
            if let Some(at) = self.first_at.filter(|_| !self.label_seen) {
                let line = self.line;
                let lead = self.lead.drain(..).map(|o| edge(o, line));
                out.splice(at..at, lead);
            }
            edges(
                if self.numbers == 0 {
                    self.lead
                } else {
                    self.pending
                },
                self.line,
                out,
            );
        }
        self.pending.clear();
        self.lead.clear();
    }

    /// The pending empty cells, as blanks.
    #[inline]
    fn blanks(&mut self, out: &mut Vec<Token>) {
        let line = self.line;
        out.extend(self.pending.drain(..).map(|at| Token {
            kind: TokKind::Blank,
            span: Span::new(at, at),
            line,
        }));
    }
}

fn edge(at: usize, line: usize) -> Token {
    Token {
        kind: TokKind::Edge,
        span: Span::new(at, at),
        line,
    }
}

/// Empty cells as edges.
fn edges(cells: &mut Vec<usize>, line: usize, out: &mut Vec<Token>) {
    out.extend(cells.drain(..).map(|at| edge(at, line)));
}

fn emit_cells(s: &mut Scratch, line_no: usize, trailing: usize, html: bool, out: &mut Vec<Token>) {
    let start = out.len();
    let mut row = RowCells::new(&mut s.pending, &mut s.lead, line_no);
    for &(a, b) in &s.cells {
        let cell = &s.chars[a..b];
        let trimmed = trim(cell);
        if trimmed.is_empty() {
            row.empty(|| {
                cell.first()
                    .map_or_else(|| out.last().map_or(0, |t| t.span.end), |c| c.1)
            });
            continue;
        }
        let before = out.len();
        if let Some(kind) = all_numbers(trimmed, &mut s.tokens, &mut s.numbers) {
            row.number(kind, Span::new(trimmed[0].1, end_of(trimmed)), out);
        } else {
            scan_mixed(trimmed, line_no, &mut s.numbers, out);
            row.other(&out[before..]);
        }
    }
    if html {
        // every value cell of an HTML row is printed: empty ones at its end are blanks too
        row.blanks(out);
    }
    row.finish(out);
    if trailing >= 2 {
        let at = out[start..].last().map_or(0, |t| t.span.end);
        let at = s.chars.last().map_or(at, |c| c.1 + c.0.len_utf8());
        out.push(Token {
            kind: TokKind::RowEnd,
            span: Span::new(at, at),
            line: line_no,
        });
    }
}

fn trim(cell: &[(char, usize)]) -> &[(char, usize)] {
    let s = cell
        .iter()
        .position(|c| !is_blank(c.0))
        .unwrap_or(cell.len());
    let e = cell
        .iter()
        .rposition(|c| !is_blank(c.0))
        .map_or(s, |i| i + 1);
    &cell[s..e]
}

fn end_of(cell: &[(char, usize)]) -> usize {
    cell.last().map_or(0, |c| c.1 + c.0.len_utf8())
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// If the trimmed cell holds only numbers (with optional unit, commas, sign) separated by
/// whitespace, the token kind it makes: one number, or several in one cell. `tmp` and `bufs`
/// are scratch.
fn all_numbers(
    cell: &[(char, usize)],
    tmp: &mut Vec<Token>,
    bufs: &mut NumberBuffers,
) -> Option<TokKind> {
    // fast paths: a cell of plain ASCII digits (most value cells), and a cell that starts with
    // a character no number starts with (most label cells)
    let first = cell.first()?.0;
    if cell.iter().all(|c| c.0.is_ascii_digit()) {
        let digits: CompactString = cell.iter().map(|c| c.0).collect();
        return Some(plain_number(digits, Span::new(cell[0].1, end_of(cell))));
    }
    if ascii_digit(first).is_none() && !matches!(first, '-' | '−' | '+' | '－') {
        return None;
    }
    tmp.clear();
    scan_mixed(cell, 0, bufs, tmp);
    if tmp.is_empty() || tmp.iter().any(|t| t.num().is_none()) {
        return None;
    }
    let mut nums = tmp.drain(..).filter_map(|t| match t.kind {
        TokKind::Num(n) => Some(n),
        _ => None,
    });
    let one = nums.next()?;
    match nums.next() {
        None => Some(TokKind::Num(one)),
        Some(two) => Some(TokKind::Multi([one, two].into_iter().chain(nums).collect())),
    }
}

/// Scan characters into labels and numbers. Whitespace ends a number; label text continues
/// across whitespace. A digit followed by `.`/`、` and a non-digit starts a label (`2.其他…`),
/// so `00000002.其他` is the number `0000000` and the label `2.其他`.
fn scan_mixed(
    cell: &[(char, usize)],
    line_no: usize,
    bufs: &mut NumberBuffers,
    out: &mut Vec<Token>,
) {
    // most label cells hold no digit at all: then the whole cell, trimmed, is one label
    if !cell.iter().any(|c| ascii_digit(c.0).is_some()) {
        let t = trim(cell);
        if !t.is_empty() {
            out.push(label_token(t, line_no));
        }
        return;
    }
    let mut s = MixedScan {
        cell,
        line_no,
        label: None,
        bufs,
        out,
    };
    let mut i = 0;
    while i < cell.len() {
        let c = cell[i].0;
        let sign = matches!(c, '-' | '−' | '+' | '－')
            && i + 1 < cell.len()
            && ascii_digit(cell[i + 1].0).is_some()
            && (i == 0 || cell[i - 1].0.is_whitespace());
        i = if ascii_digit(c).is_none() && !sign {
            s.label_text(i)
        } else {
            s.number(i, sign)
        };
    }
    s.flush_label();
}

/// A label token of the characters `t` (not empty).
fn label_token(t: &[(char, usize)], line_no: usize) -> Token {
    Token {
        kind: TokKind::Label(t.to_vec()),
        span: Span::new(t[0].1, end_of(t)),
        line: line_no,
    }
}

/// The label being read in a cell: `cell[start..end]`, `end` after its last visible character.
#[derive(Clone, Copy)]
struct LabelRange {
    start: usize,
    end: usize,
}

/// A cell of labels and numbers being scanned, with buffers reused for its numbers.
struct MixedScan<'a> {
    cell: &'a [(char, usize)],
    line_no: usize,
    label: Option<LabelRange>,
    bufs: &'a mut NumberBuffers,
    out: &'a mut Vec<Token>,
}

/// The digits of a number read: where they stop, and whether commas stood between them.
struct DigitRun {
    end: usize,
    commas: bool,
}

/// A unit printed after a number, and where it ends in the cell.
struct Unit {
    name: &'static str,
    end: usize,
}

impl MixedScan<'_> {
    fn extend_label(&mut self, from: usize, to: usize) {
        let start = self.label.map_or(from, |l| l.start);
        self.label = Some(LabelRange { start, end: to });
    }

    fn flush_label(&mut self) {
        if let Some(l) = self.label.take() {
            self.out
                .push(label_token(&self.cell[l.start..l.end], self.line_no));
        }
    }

    /// Label text from `i`, up to the next character that may start a number; the label grows
    /// to its last visible character. Returns where the text stops.
    fn label_text(&mut self, i: usize) -> usize {
        let cell = self.cell;
        let (mut first, mut last) = (None, 0);
        let mut k = i;
        while k < cell.len() {
            let ch = cell[k].0;
            if ascii_digit(ch).is_some() || (k > i && matches!(ch, '-' | '−' | '+' | '－')) {
                break;
            }
            // every blank character is at most U+3000: CJK text skips the table lookup
            if ch > '\u{3000}' || !is_blank(ch) {
                first.get_or_insert(k);
                last = k;
            }
            k += 1;
        }
        if let Some(first) = first {
            self.extend_label(first, last + 1);
        }
        k
    }

    /// The number starting at `start` (at its sign if `sign`), with the unit after it; or, if
    /// only an enumerator (`2.`) stands there, label text. Returns where it stops.
    fn number(&mut self, start: usize, sign: bool) -> usize {
        let cell = self.cell;
        let negative = sign && matches!(cell[start].0, '-' | '−' | '－');
        let first = if sign { start + 1 } else { start };
        let DigitRun { end, commas } = self.digits_from(first);
        let mut end = end;
        // `…0002.其他`: the last digit and its point start a label
        if enumerator_follows(cell, end) && !self.bufs.digits.contains('.') {
            self.bufs.digits.pop();
            end -= 1;
            // the enumerator digit goes to the label below
        }
        if self.bufs.digits.is_empty() {
            // only an enumerator (`2.`): label text
            self.extend_label(start, end + 1);
            return end + 1;
        }
        // a digit run glued to the previous label text ends that label
        self.flush_label();
        let at = if negative {
            cell[start].1
        } else {
            cell[first].1
        };
        let span = Span::new(at, cell[end - 1].1 + cell[end - 1].0.len_utf8());
        self.bufs.raw.clear();
        self.bufs.raw.extend(cell[start..end].iter().map(|c| c.0));
        let unit = unit_after(cell, end);
        if let Some(u) = &unit {
            self.bufs.raw.extend(cell[end..u.end].iter().map(|c| c.0));
        }
        self.out.push(Token {
            kind: TokKind::Num(NumTok {
                digits: CompactString::new(self.bufs.digits.as_str()),
                span,
                negative,
                unit: unit.as_ref().map(|u| u.name),
                commas,
                raw: CompactString::new(self.bufs.raw.as_str()),
            }),
            span,
            line: self.line_no,
        });
        unit.map_or(end, |u| u.end)
    }

    /// A digit run from `i` into `digits`: digits, commas before three digits, one decimal
    /// point before digits.
    fn digits_from(&mut self, mut i: usize) -> DigitRun {
        let (cell, n) = (self.cell, self.cell.len());
        let digits = &mut self.bufs.digits;
        digits.clear();
        let mut commas = false;
        while i < n {
            let ch = cell[i].0;
            if let Some(d) = ascii_digit(ch) {
                digits.push(d);
                i += 1;
            } else if matches!(ch, ',' | '，')
                && !digits.is_empty()
                && !digits.contains('.')
                && i + 3 < n + 1
                && (1..=3).all(|k| cell.get(i + k).and_then(|c| ascii_digit(c.0)).is_some())
                && cell.get(i + 4).is_none_or(|c| ascii_digit(c.0).is_none())
            {
                commas = true;
                i += 1;
            } else if matches!(ch, '.' | '．')
                && !digits.contains('.')
                && cell.get(i + 1).and_then(|c| ascii_digit(c.0)).is_some()
            {
                digits.push('.');
                i += 1;
            } else {
                break;
            }
        }
        DigitRun { end: i, commas }
    }
}

/// Does an enumerator's point (`.`, `、`) stand at `i`, before label text (`…0002.其他`)?
fn enumerator_follows(cell: &[(char, usize)], i: usize) -> bool {
    i < cell.len()
        && matches!(cell[i].0, '.' | '、' | '．')
        && cell[i + 1..]
            .iter()
            .find(|c| !c.0.is_whitespace())
            .is_some_and(|c| ascii_digit(c.0).is_none() && !matches!(c.0, '|' | '-'))
}

/// A unit right after the number ending at `end` (`780877.39 元`, `…432.52元`), and not
/// the start of a word.
fn unit_after(cell: &[(char, usize)], end: usize) -> Option<Unit> {
    let mut j = end;
    while j < cell.len() && cell[j].0.is_whitespace() {
        j += 1;
    }
    for (name, uc) in [("万元", &['万', '元'][..]), ("元", &['元'][..])] {
        if cell.len() >= j + uc.len()
            && cell[j..j + uc.len()]
                .iter()
                .map(|c| c.0)
                .eq(uc.iter().copied())
        {
            let after = cell.get(j + uc.len()).map(|c| c.0);
            let ends = after.is_none_or(|a| {
                a.is_whitespace() || ascii_digit(a).is_some() || "，。,;；）)".contains(a)
            });
            return ends.then_some(Unit {
                name,
                end: j + uc.len(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| match &t.kind {
                TokKind::Label(l) => format!("L:{}", l.iter().map(|c| c.0).collect::<String>()),
                TokKind::Num(n) => format!("N:{}", n.digits),
                TokKind::Multi(m) => format!("M:{}", m.len()),
                TokKind::Blank => "B".into(),
                TokKind::Edge => "_".into(),
                TokKind::RowEnd => "E".into(),
            })
            .collect()
    }

    #[test]
    fn pipe_row() {
        assert_eq!(
            kinds("(三)不予公开 | 1.属于国家秘密 | 0 | 5 | ||"),
            [
                "L:(三)不予公开",
                "L:1.属于国家秘密",
                "N:0",
                "N:5",
                "_",
                "_",
                "E"
            ]
        );
    }

    #[test]
    fn one_cell_per_line_row_end_and_multi() {
        assert_eq!(
            kinds("0 |\n0 | |\n0 0 0 |\n|||"),
            ["N:0", "N:0", "E", "M:3", "E"]
        );
    }

    #[test]
    fn flattened_runs_and_enumerators() {
        assert_eq!(
            kinds("属于国家秘密00000002.其他法律"),
            ["L:属于国家秘密", "N:0000000", "L:2.其他法律"]
        );
        assert_eq!(
            kinds("(七)总计23 0 00"),
            ["L:(七)总计", "N:23", "N:0", "N:00"]
        );
        assert_eq!(
            kinds("行政事业性收费24252.311082"),
            ["L:行政事业性收费", "N:24252.311082"]
        );
    }

    #[test]
    fn units_and_commas() {
        let t = tokenize("政府集中采购\t137\t780877.39 元", Span::new(0, 29 + 7));
        let n = t.iter().filter_map(Token::num).next_back().unwrap();
        assert_eq!((n.digits.as_str(), n.unit), ("780877.39", Some("元")));
        let t = kinds("行政事业性收费 | 1,190 |");
        assert_eq!(t, ["L:行政事业性收费", "N:1190"]);
    }

    #[test]
    fn html_cells_and_entities() {
        let line = "<tr><td colspan=\"3\"><p>一、本年</p><p>新收</p></td><td><p>151</p></td><td>&nbsp;</td><td><p>3</p></td></tr>";
        assert_eq!(kinds(line), ["L:一、本年新收", "N:151", "B", "N:3"]);
        assert_eq!(kinds("<tr><td>规章</td><td>0</td></tr>"), ["L:规章", "N:0"]);
    }

    #[test]
    fn pdf_text_rows() {
        assert_eq!(
            kinds("本            2.其他法律     30          1   31"),
            ["L:本            2.其他法律", "N:30", "N:1", "N:31"]
        );
    }

    #[test]
    fn furniture() {
        assert!(is_page_furniture("\u{c}- 4 -"));
        assert!(is_page_furniture("  -3-  "));
        assert!(!is_page_furniture("- 规章"));
        assert_eq!(kinds("a\n- 4 -\nb"), ["L:a", "L:b"]);
    }
}
