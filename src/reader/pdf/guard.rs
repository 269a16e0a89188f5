//! What a PDF may cost before it is read, and a net under the crate that reads it.
//!
//! lopdf inflates a stream whole when asked (object streams while loading, page contents and
//! fonts while pdf-extract draws), with no limit; pdf-extract draws a form XObject each time a
//! content stream says `Do`, recursively, and panics on fonts or operators it does not expect.
//! So: every stream of the file is inflated here first with a running budget
//! ([`check_inflation`]), the form XObjects a page draws are costed without drawing them
//! ([`check_forms`]), and the crate runs inside [`quietly`].

use std::cell::Cell;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use pdf_extract::{Dictionary, Document, Object, ObjectId};

use super::{PdfError, MAX_INFLATED};

/// Content bytes pdf-extract may interpret for one page, counting a form XObject as often as
/// it is drawn. A report's page is a few KiB; a form drawn a thousand times a thousand times is
/// refused instead of walked.
const MAX_DRAWN: usize = 256 << 20;

/// Form XObjects inside form XObjects: real documents nest two or three.
const MAX_FORM_DEPTH: usize = 16;

/// Where `%PDF-` starts: readers accept it within the first KiB (junk before it happens).
pub fn header_at(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).position(|w| w == b"%PDF-")
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let rest = hay.get(from..)?;
    memchr::memmem::find(rest, needle).map(|i| i + from)
}

/// Inflate every stream of the raw file as its dictionary's `/Filter` says (Flate, LZW, and
/// the ASCII filters in front of them), adding up what comes out; refuse past
/// [`MAX_INFLATED`]. Runs on the bytes, before lopdf parses anything, so an object stream that
/// is a bomb is caught too.
pub fn check_inflation(bytes: &[u8]) -> Result<(), PdfError> {
    let mut left = MAX_INFLATED;
    let mut at = 0;
    while let Some(i) = find(bytes, at, b"stream") {
        at = i + 6;
        if bytes[..i].ends_with(b"end") {
            continue;
        }
        let start = match (bytes.get(at), bytes.get(at + 1)) {
            (Some(b'\r'), Some(b'\n')) => at + 2,
            (Some(b'\r' | b'\n'), _) => at + 1,
            _ => continue,
        };
        let end = find(bytes, start, b"endstream").unwrap_or(bytes.len());
        let filters = filters(dictionary_before(bytes, i));
        let used = decode_chain(&bytes[start..end], &filters, left)?;
        left -= used;
        at = end;
    }
    Ok(())
}

/// The text of the object a `stream` keyword at `at` belongs to: back to its `obj` (at most
/// 4 KiB back; a stream dictionary is short).
fn dictionary_before(bytes: &[u8], at: usize) -> &[u8] {
    let from = at.saturating_sub(4096);
    let window = &bytes[from..at];
    match memchr::memmem::rfind(window, b"obj") {
        Some(i) => &window[i..],
        None => window,
    }
}

/// The filters a stream dictionary names, in decoding order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Flate,
    Lzw,
    AsciiHex,
    Ascii85,
    /// Images (DCT, JPX, CCITT, JBIG2) and the rest: not inflated by the text reader.
    Other,
}

fn filters(dict: &[u8]) -> Vec<Filter> {
    let Some(i) = memchr::memmem::find(dict, b"/Filter") else {
        return Vec::new();
    };
    let rest = &dict[i + 7..];
    let rest = rest.trim_ascii_start();
    let value = match rest.first() {
        Some(b'[') => &rest[..rest.iter().position(|&b| b == b']').unwrap_or(rest.len())],
        Some(b'/') => {
            let n = rest[1..]
                .iter()
                .position(|&b| b"/<>[]() \t\r\n".contains(&b));
            &rest[..n.map_or(rest.len(), |n| n + 1)]
        }
        _ => return Vec::new(),
    };
    value
        .split(|&b| b == b'/')
        .skip(1)
        .map(|name| match name.trim_ascii() {
            b"FlateDecode" | b"Fl" => Filter::Flate,
            b"LZWDecode" | b"LZW" => Filter::Lzw,
            b"ASCIIHexDecode" | b"AHx" => Filter::AsciiHex,
            b"ASCII85Decode" | b"A85" => Filter::Ascii85,
            _ => Filter::Other,
        })
        .collect()
}

fn too_much() -> PdfError {
    PdfError::TooLarge(format!(
        "its streams inflate past {} MiB",
        MAX_INFLATED >> 20
    ))
}

/// Decode `data` through `filters`, counting every stage's output against `left`; the bytes
/// counted. Decoding stops, without error, at a filter it does not run or at damaged data
/// (what came out so far is counted: lopdf keeps that much too).
fn decode_chain(data: &[u8], filters: &[Filter], left: usize) -> Result<usize, PdfError> {
    let mut used = 0usize;
    let mut cur = data.to_vec();
    for f in filters {
        let budget = left - used;
        let out = match f {
            Filter::Flate => inflate(&cur, budget)?,
            Filter::Lzw => unlzw(&cur, budget)?,
            Filter::AsciiHex => unhex(&cur),
            Filter::Ascii85 => un85(&cur),
            Filter::Other => break,
        };
        used = used
            .checked_add(out.len())
            .filter(|&u| u <= left)
            .ok_or_else(too_much)?;
        cur = out;
    }
    Ok(used)
}

/// zlib, else raw deflate after the two header bytes (lopdf retries that way), at most
/// `limit` bytes.
fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, PdfError> {
    use miniz_oxide::inflate::{
        decompress_to_vec_with_limit, decompress_to_vec_zlib_with_limit, TINFLStatus,
    };
    match decompress_to_vec_zlib_with_limit(data, limit) {
        Ok(out) => Ok(out),
        Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(too_much()),
        Err(e) => match decompress_to_vec_with_limit(data.get(2..).unwrap_or_default(), limit) {
            Ok(raw) if raw.len() > e.output.len() => Ok(raw),
            Err(r) if r.status == TINFLStatus::HasMoreOutput => Err(too_much()),
            Err(r) if r.output.len() > e.output.len() => Ok(r.output),
            _ => Ok(e.output),
        },
    }
}

/// LZW as lopdf decodes it (early change), at most `limit` bytes.
fn unlzw(data: &[u8], limit: usize) -> Result<Vec<u8>, PdfError> {
    use weezl::{decode::Decoder, BitOrder, LzwStatus};
    let mut dec = Decoder::with_tiff_size_switch(BitOrder::Msb, 8);
    let (mut out, mut buf, mut input) = (Vec::new(), vec![0u8; 1 << 16], data);
    loop {
        let r = dec.decode_bytes(input, &mut buf);
        input = &input[r.consumed_in..];
        out.extend_from_slice(&buf[..r.consumed_out]);
        if out.len() > limit {
            return Err(too_much());
        }
        match r.status {
            Ok(LzwStatus::Ok) if r.consumed_in + r.consumed_out > 0 => {}
            _ => return Ok(out),
        }
    }
}

fn unhex(data: &[u8]) -> Vec<u8> {
    let digits = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16));
    let (mut out, mut high) = (Vec::with_capacity(data.len() / 2), None);
    for d in digits {
        match high.take() {
            None => high = Some(d as u8),
            Some(h) => out.push(h << 4 | d as u8),
        }
    }
    out.extend(high.map(|h| h << 4));
    out
}

fn un85(data: &[u8]) -> Vec<u8> {
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    let (mut out, mut group, mut n) = (Vec::with_capacity(data.len()), 0u32, 0);
    for &b in body {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group = group.wrapping_mul(85).wrapping_add(u32::from(b - b'!'));
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&group.to_be_bytes());
                    (group, n) = (0, 0);
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for _ in n..5 {
            group = group.wrapping_mul(85).wrapping_add(84);
        }
        out.extend_from_slice(&group.to_be_bytes()[..n - 1]);
    }
    out
}

/// Refuse a page whose drawing would not end or would cost too much: form XObjects that draw
/// themselves (pdf-extract would recurse until the stack overflows, which no `catch_unwind`
/// catches), nest past [`MAX_FORM_DEPTH`], or multiply past [`MAX_DRAWN`]; a page tree whose
/// `/Parent` chain does not end (pdf-extract climbs it recursively for inherited keys).
pub fn check_page(doc: &Document, page: ObjectId) -> Result<(), PdfError> {
    let dict = doc
        .get_dictionary(page)
        .map_err(|e| PdfError::Broken(e.to_string()))?;
    parent_chain_ends(doc, dict)?;
    let resources = inherited_resources(doc, dict);
    let content = doc.get_page_content(page).unwrap_or_default();
    let mut forms = Forms {
        doc,
        path: Vec::new(),
        memo: HashMap::new(),
    };
    let drawn = forms.cost(&content, resources)?;
    if drawn > MAX_DRAWN {
        return Err(PdfError::TooLarge(
            "a page draws its form XObjects too many times".into(),
        ));
    }
    Ok(())
}

/// How far up the page tree a page's `/Parent` chain may go: real trees are a few levels deep.
const MAX_TREE_DEPTH: usize = 64;

/// Does the page's `/Parent` chain end? pdf-extract climbs it, with no limit, for every key a
/// page may inherit (`/MediaBox`, `/Resources`…) that the page lacks: a page that is its own
/// parent, or two pages each other's, would make it climb for ever.
fn parent_chain_ends<'a>(doc: &'a Document, mut dict: &'a Dictionary) -> Result<(), PdfError> {
    for _ in 0..MAX_TREE_DEPTH {
        let parent = dict.get(b"Parent").and_then(Object::as_reference);
        match parent.and_then(|id| doc.get_dictionary(id)) {
            Ok(p) => dict = p,
            Err(_) => return Ok(()),
        }
    }
    Err(PdfError::Broken(
        "the page tree's /Parent chain does not end".into(),
    ))
}

/// The page's `/Resources`, looked up its `/Parent` chain (which [`parent_chain_ends`] has
/// checked ends).
fn inherited_resources<'a>(doc: &'a Document, mut dict: &'a Dictionary) -> Option<&'a Dictionary> {
    for _ in 0..MAX_TREE_DEPTH {
        if let Ok(r) = dict.get(b"Resources") {
            return deref(doc, r).and_then(|o| o.as_dict().ok());
        }
        let parent = dict.get(b"Parent").and_then(Object::as_reference);
        dict = parent.and_then(|id| doc.get_dictionary(id)).ok()?;
    }
    None
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

/// The cost of drawing content streams, form XObjects included.
struct Forms<'a> {
    doc: &'a Document,
    /// Forms being costed, outermost first: one met again draws itself.
    path: Vec<ObjectId>,
    /// A form's cost with the resources it was drawn under (the address of that dictionary:
    /// a form without its own resources uses its caller's).
    memo: HashMap<(ObjectId, usize), usize>,
}

impl<'a> Forms<'a> {
    /// Bytes interpreted to draw `content` under `resources`.
    fn cost(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
    ) -> Result<usize, PdfError> {
        let mut total = content.len();
        for (name, times) in calls(content) {
            let Some((id, form)) = self.form(resources, &name) else {
                continue;
            };
            let own = form
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|r| deref(self.doc, r));
            let res = own.and_then(|o| o.as_dict().ok()).or(resources);
            let key = (id, res.map_or(0, |r| r as *const Dictionary as usize));
            let one = match self.memo.get(&key) {
                Some(&c) => c,
                None => self.form_cost(id, form, res, key)?,
            };
            total = total.saturating_add(one.saturating_mul(times));
        }
        Ok(total)
    }

    fn form_cost(
        &mut self,
        id: ObjectId,
        form: &'a pdf_extract::Stream,
        res: Option<&'a Dictionary>,
        key: (ObjectId, usize),
    ) -> Result<usize, PdfError> {
        if self.path.contains(&id) {
            return Err(PdfError::Broken("a form XObject draws itself".into()));
        }
        if self.path.len() >= MAX_FORM_DEPTH {
            return Err(PdfError::TooLarge("form XObjects nest too deep".into()));
        }
        let content = form
            .decompressed_content()
            .unwrap_or_else(|_| form.content.clone());
        self.path.push(id);
        let c = self.cost(&content, res);
        self.path.pop();
        let c = c?.min(MAX_DRAWN + 1);
        self.memo.insert(key, c);
        Ok(c)
    }

    /// The XObject `name` in `resources` when drawing it means interpreting its content:
    /// pdf-extract runs every stream a `Do` names as content, whatever its `/Subtype` says
    /// (a page's own content stream listed as an XObject drew itself until the stack
    /// overflowed, found by fuzzing), so only images are passed over.
    fn form(
        &self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Option<(ObjectId, &'a pdf_extract::Stream)> {
        let xobjects = deref(self.doc, resources?.get(b"XObject").ok()?)?
            .as_dict()
            .ok()?;
        let id = xobjects.get(name).ok()?.as_reference().ok()?;
        let stream = self.doc.get_object(id).ok()?.as_stream().ok()?;
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name);
        let image = subtype.is_ok_and(|s| s == b"Image");
        (!image).then_some((id, stream))
    }
}

/// The XObjects a content stream draws (`/Name Do`), with how often. Read with the content
/// parser pdf-extract itself uses, so whatever the spelling (escapes, comments, line breaks)
/// a call is seen exactly as the drawing will see it. Content that
/// does not parse draws nothing here; pdf-extract then fails on it (a caught panic).
fn calls(content: &[u8]) -> Vec<(Vec<u8>, usize)> {
    let Ok(parsed) = pdf_extract::content::Content::decode(content) else {
        return Vec::new();
    };
    let mut out: Vec<(Vec<u8>, usize)> = Vec::new();
    let drawn = parsed.operations.iter().filter(|op| op.operator == "Do");
    for name in drawn.filter_map(|op| op.operands.first()?.as_name().ok()) {
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, k)) => *k += 1,
            None => out.push((name.to_vec(), 1)),
        }
    }
    out
}

thread_local! {
    /// Set while [`quietly`] runs on this thread: its panics are errors, not messages.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Run `f` (a call into the PDF crates), turning a panic into an error message. pdf-extract
/// panics on many malformed inputs (`unwrap`, `panic!("unsupported …")`), and a report that
/// cannot be read must be a one-line error, never a crash of the checker or the server. The
/// panic message is not printed: a process-wide hook, installed once, stays silent for panics
/// on a thread inside `quietly` and hands every other panic to the hook that was there before.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info)
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    r.map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        msg.lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec_zlib(data, 9)
    }

    fn with_stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut pdf = format!("%PDF-1.4\n1 0 obj\n<<{dict}>>\nstream\n").into_bytes();
        pdf.extend_from_slice(data);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        pdf
    }

    #[test]
    fn a_bomb_is_refused_and_a_small_stream_passes() {
        let small = with_stream("/Filter /FlateDecode", &zlib(&[b'a'; 1000]));
        assert_eq!(check_inflation(&small), Ok(()));
        let bomb = with_stream("/Filter /FlateDecode", &zlib(&vec![0; MAX_INFLATED + 1]));
        assert!(matches!(check_inflation(&bomb), Err(PdfError::TooLarge(_))));
        // hidden behind an ASCII filter and a second Flate
        let inner = zlib(&vec![0; MAX_INFLATED + 1]);
        let twice = zlib(&inner);
        let hex: String = twice.iter().map(|b| format!("{b:02x}")).collect();
        let chained = with_stream(
            "/Filter [/ASCIIHexDecode /FlateDecode /FlateDecode]",
            format!("{hex}>").as_bytes(),
        );
        assert!(matches!(
            check_inflation(&chained),
            Err(PdfError::TooLarge(_))
        ));
    }

    #[test]
    fn ascii_filters_decode() {
        assert_eq!(unhex(b"48 65 6c6c6F7>"), b"Hellop");
        assert_eq!(un85(b"<~87cURD]i,\"Ebo7~>"), b"Hello World");
        assert_eq!(un85(b"z~>"), [0; 4]);
    }

    #[test]
    fn filter_names() {
        assert_eq!(
            filters(b"obj <</Length 5/Filter/FlateDecode>>"),
            [Filter::Flate]
        );
        assert_eq!(
            filters(b"obj << /Filter [ /A85 /LZW ] >>"),
            [Filter::Ascii85, Filter::Lzw]
        );
        assert_eq!(filters(b"obj << /Filter /DCTDecode >>"), [Filter::Other]);
        assert!(filters(b"obj << /Length 3 >>").is_empty());
    }

    #[test]
    fn drawn_forms_are_found() {
        let c: &[u8] = b"q /Fm0 Do Q /Fm0\nDo /Im1 Do (Do) Tj";
        let fm0 = (b"Fm0".to_vec(), 2);
        assert_eq!(calls(c), [fm0, (b"Im1".to_vec(), 1)]);
    }

    #[test]
    fn a_panic_becomes_a_quiet_error() {
        let r: Result<(), String> = quietly(|| panic!("unsupported encoding X\nmore"));
        assert_eq!(r, Err("unsupported encoding X".into()));
        assert_eq!(quietly(|| 3), Ok(3));
    }
}
