//! Each page's glyphs and ruling lines, through pdf-extract: it interprets the content streams
//! (text state, CTM, form XObjects) and decodes every glyph through its font's ToUnicode map
//! (CID fonts, Identity-H/V), handing each character over with its text rendering matrix and
//! each path with the CTM; this module keeps what the layout needs, in points, origin at the
//! page's bottom left.

use pdf_extract::{
    ColorSpace, Document, MediaBox, OutputDev, OutputError, Path, PathOp, Transform,
};

use super::{guard, PdfError, MAX_GLYPHS, MAX_PAGES};

/// One character as printed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub c: char,
    /// Left and right edges of its advance.
    pub x0: f32,
    pub x1: f32,
    /// Its baseline.
    pub y: f32,
    /// The font size as printed (the matrix's vertical scale applied).
    pub size: f32,
    /// A space was printed before it (a glyph of its own, dropped).
    pub space_before: bool,
}

impl Glyph {
    /// The box of the glyph: its advance, from a descender's depth to an ascender's height.
    pub fn bbox(&self) -> [f32; 4] {
        [
            self.x0,
            self.y - 0.12 * self.size,
            self.x1,
            self.y + 0.88 * self.size,
        ]
    }

    /// The middle of the glyph's box, which says the cell it is in.
    pub fn centre(&self) -> (f32, f32) {
        ((self.x0 + self.x1) / 2.0, self.y + 0.38 * self.size)
    }
}

/// A straight horizontal or vertical line drawn on the page: a table's ruling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub horizontal: bool,
    /// y of a horizontal line, x of a vertical one.
    pub at: f32,
    /// Where it starts and ends along its length (`from` < `to`).
    pub from: f32,
    pub to: f32,
}

/// What a page holds for the reader.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Segment>,
}

/// Rulings kept per page: a table page has a few hundred; a drawing of thousands of strokes
/// is not a table and must not cost the grid builder quadratic time.
const MAX_RULES: usize = 4000;

/// Read the pages of a PDF, refusing it (see [`guard`]) before any page is drawn when it is
/// too large, encrypted or broken.
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, PdfError> {
    if guard::header_at(bytes).is_none() {
        return Err(PdfError::Broken("not a PDF (no %PDF- header)".into()));
    }
    guard::check_inflation(bytes)?;
    let doc = load(bytes)?;
    let ids: Vec<_> = guard::quietly(|| doc.page_iter().take(MAX_PAGES + 1).collect::<Vec<_>>())
        .map_err(PdfError::Broken)?;
    if ids.len() > MAX_PAGES {
        return Err(PdfError::TooLarge(format!("more than {MAX_PAGES} pages")));
    }
    if ids.is_empty() {
        return Err(PdfError::Broken("no pages".into()));
    }
    for &id in &ids {
        guard::check_page(&doc, id)?;
    }
    let mut dev = Collector::default();
    for n in 1..=ids.len() as u32 {
        let drawn = guard::quietly(|| pdf_extract::output_doc_page(&doc, &mut dev, n));
        match drawn {
            Ok(Ok(())) => {}
            Ok(Err(_)) if dev.full => {
                return Err(PdfError::TooLarge(format!(
                    "more than {MAX_GLYPHS} characters"
                )));
            }
            Ok(Err(e)) => return Err(PdfError::Broken(format!("page {n}: {e}"))),
            Err(panic) => return Err(PdfError::Broken(format!("page {n}: {panic}"))),
        }
    }
    Ok(dev.pages)
}

/// lopdf's document, or why there is none.
fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    let encrypted = || {
        PdfError::Encrypted("password-protected; save or print an unprotected copy first".into())
    };
    let doc = match guard::quietly(|| Document::load_mem(bytes)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(_)) | Err(_) if memchr::memmem::find(bytes, b"/Encrypt").is_some() => {
            return Err(encrypted())
        }
        Ok(Err(e)) => return Err(PdfError::Broken(one_line(&e.to_string()))),
        Err(panic) => return Err(PdfError::Broken(panic)),
    };
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(encrypted());
    }
    Ok(doc)
}

fn one_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect()
}

/// pdf-extract's output device: glyphs and rulings per page.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    glyphs: usize,
    /// [`MAX_GLYPHS`] reached: drawing was stopped.
    full: bool,
    /// A space glyph came last: the next glyph has one before it.
    space: bool,
    /// The media box's origin, subtracted so boxes start at the page's corner.
    origin: (f32, f32),
}

impl Collector {
    fn page(&mut self) -> Option<&mut Page> {
        self.pages.last_mut()
    }

    fn glyph(&mut self, trm: &Transform, width: f64, font_size: f64, text: &str) -> bool {
        let scale_x = trm.m11.hypot(trm.m12) as f32;
        let scale_y = trm.m21.hypot(trm.m22) as f32;
        let (x, y) = (
            trm.m31 as f32 - self.origin.0,
            trm.m32 as f32 - self.origin.1,
        );
        let size = font_size as f32 * scale_y;
        let advance = width as f32 * font_size as f32 * scale_x;
        if ![x, y, size, advance].iter().all(|v| v.is_finite()) {
            return true;
        }
        let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        if chars.iter().all(|c| c.is_whitespace()) {
            self.space |= !chars.is_empty();
            return true;
        }
        self.glyphs += chars.len();
        if self.glyphs > MAX_GLYPHS {
            self.full = true;
            return false;
        }
        let step = advance / chars.len() as f32;
        let space = std::mem::take(&mut self.space);
        if let Some(page) = self.page() {
            for (i, &c) in chars.iter().enumerate() {
                let x0 = x + step * i as f32;
                page.glyphs.push(Glyph {
                    c,
                    x0,
                    x1: x0 + step.max(0.0),
                    y,
                    size: size.abs(),
                    space_before: space && i == 0,
                });
            }
        }
        true
    }

    fn rules(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        let origin = self.origin;
        let pt = |x: f64, y: f64| {
            let px = ctm.m11 * x + ctm.m21 * y + ctm.m31;
            let py = ctm.m12 * x + ctm.m22 * y + ctm.m32;
            (px as f32 - origin.0, py as f32 - origin.1)
        };
        let mut found = Vec::new();
        for sub in subpaths(&path.ops) {
            let pts: Vec<(f32, f32)> = sub.iter().map(|&(x, y)| pt(x, y)).collect();
            if filled {
                found.extend(thin_box(&pts));
            } else {
                found.extend(pts.windows(2).filter_map(|w| segment(w[0], w[1])));
            }
        }
        if let Some(page) = self.page() {
            let room = MAX_RULES.saturating_sub(page.rules.len());
            page.rules.extend(found.into_iter().take(room));
        }
    }
}

/// The points of each subpath (a rectangle as its closed outline).
fn subpaths(ops: &[PathOp]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    for op in ops {
        match *op {
            PathOp::MoveTo(x, y) => out.push(vec![(x, y)]),
            PathOp::LineTo(x, y) | PathOp::CurveTo(_, _, _, _, x, y) => match out.last_mut() {
                Some(sub) => sub.push((x, y)),
                None => out.push(vec![(x, y)]),
            },
            PathOp::Rect(x, y, w, h) => {
                out.push(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]);
            }
            PathOp::Close => {
                if let Some(&first) = out.last().and_then(|s| s.first()) {
                    if let Some(sub) = out.last_mut() {
                        sub.push(first);
                    }
                }
            }
        }
    }
    out
}

/// A stroked line from `a` to `b`, if it is horizontal or vertical and not a dot.
fn segment(a: (f32, f32), b: (f32, f32)) -> Option<Segment> {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if dy <= 0.5 && dx >= 2.0 {
        let (from, to) = (a.0.min(b.0), a.0.max(b.0));
        Some(Segment {
            horizontal: true,
            at: (a.1 + b.1) / 2.0,
            from,
            to,
        })
    } else if dx <= 0.5 && dy >= 2.0 {
        let (from, to) = (a.1.min(b.1), a.1.max(b.1));
        Some(Segment {
            horizontal: false,
            at: (a.0 + b.0) / 2.0,
            from,
            to,
        })
    } else {
        None
    }
}

/// A filled shape thin enough to be a ruling (how some writers draw table borders): the line
/// along its middle. A filled area (a shaded cell, a page background) is not a line.
fn thin_box(pts: &[(f32, f32)]) -> Option<Segment> {
    let xs = pts.iter().map(|p| p.0);
    let ys = pts.iter().map(|p| p.1);
    let (x0, x1) = (
        xs.clone().fold(f32::MAX, f32::min),
        xs.fold(f32::MIN, f32::max),
    );
    let (y0, y1) = (
        ys.clone().fold(f32::MAX, f32::min),
        ys.fold(f32::MIN, f32::max),
    );
    let (w, h) = (x1 - x0, y1 - y0);
    if h <= 3.0 && w >= 2.0 && w > h {
        Some(Segment {
            horizontal: true,
            at: (y0 + y1) / 2.0,
            from: x0,
            to: x1,
        })
    } else if w <= 3.0 && h >= 2.0 {
        Some(Segment {
            horizontal: false,
            at: (x0 + x1) / 2.0,
            from: y0,
            to: y1,
        })
    } else {
        None
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        n: u32,
        media: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.origin = (media.llx as f32, media.lly as f32);
        self.space = false;
        self.pages.push(Page {
            number: n,
            width: (media.urx - media.llx) as f32,
            height: (media.ury - media.lly) as f32,
            ..Page::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        c: &str,
    ) -> Result<(), OutputError> {
        match self.glyph(trm, width, font_size, c) {
            true => Ok(()),
            false => Err(OutputError::FormatError(std::fmt::Error)),
        }
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.rules(ctm, path, false);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.rules(ctm, path, true);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strokes_and_thin_fills_are_rulings() {
        let h = segment((10.0, 50.0), (200.0, 50.2)).unwrap();
        assert!(h.horizontal && h.from == 10.0 && h.to == 200.0);
        assert!(segment((10.0, 10.0), (50.0, 60.0)).is_none());
        let v = thin_box(&[(5.0, 10.0), (5.5, 10.0), (5.5, 90.0), (5.0, 90.0)]).unwrap();
        assert!(!v.horizontal && v.at == 5.25);
        assert!(thin_box(&[(0.0, 0.0), (600.0, 0.0), (600.0, 800.0), (0.0, 800.0)]).is_none());
    }

    #[test]
    fn a_rectangle_is_a_closed_outline() {
        let subs = subpaths(&[PathOp::Rect(1.0, 2.0, 3.0, 4.0)]);
        assert_eq!(subs[0].len(), 5);
        assert_eq!(subs[0][2], (4.0, 6.0));
    }
}
