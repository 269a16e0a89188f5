//! PDF reports, read from their text layer: each glyph with its page, position and size
//! ([`extract`], through pdf-extract on lopdf, which decodes CID fonts through their ToUnicode
//! maps), the ruling lines of the page's tables rebuilt into grids of cells ([`grid`]), glyphs
//! grouped into lines by baseline and into cells by the grid ([`layout`]), and the whole written
//! as a plain *view* — prose lines and one ` | ` row per table row — that the text binders read,
//! with the [`Places`] of its spans on the pages ([`view`]). Nothing here reads a file: the
//! caller hands over the bytes.
//!
//! A PDF is hostile input: [`guard`] refuses what would cost too much (pages, inflated stream
//! bytes, form XObjects drawing each other) before the crate reads it, and turns a panic of the
//! crate into an error.

pub mod extract;
pub mod grid;
pub mod guard;
pub mod layout;
pub mod view;

use crate::reader::place::Places;

/// More pages than a report has (the longest in the corpus has five); a longer PDF is refused
/// before any page is read.
pub const MAX_PAGES: usize = 300;

/// The bytes all streams may inflate to, together: a report's PDF needs a few MiB (fonts and
/// page contents); a stream that inflates past this is a bomb or not a report.
pub const MAX_INFLATED: usize = 64 << 20;

/// Glyphs read over the whole document: a 300-page report of dense text has about 400,000.
pub const MAX_GLYPHS: usize = 2_000_000;

/// A PDF read as text: the view the engine analyses and where its spans are on the pages.
#[derive(Debug, Clone, Default)]
pub struct PdfText {
    pub text: String,
    pub places: Places,
    /// Pages read.
    pub pages: u32,
}

/// Why a PDF was not read; `Display` gives the one line a user sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// Not a PDF, or too damaged to parse.
    Broken(String),
    /// Password-protected.
    Encrypted(String),
    /// Pages are there but none holds text: a scan.
    NoText,
    /// Over one of the limits above.
    TooLarge(String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Broken(why) => write!(f, "broken PDF: {why}"),
            PdfError::Encrypted(why) => write!(f, "encrypted: {why}"),
            PdfError::NoText => write!(f, "no text layer: OCR it first"),
            PdfError::TooLarge(why) => write!(f, "too large: {why}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Does this look like a PDF (`%PDF-` near the start, as readers accept it)?
pub fn is_pdf(bytes: &[u8]) -> bool {
    guard::header_at(bytes).is_some()
}

/// Read a PDF's text layer and tables into the view the engine analyses.
pub fn read(bytes: &[u8]) -> Result<PdfText, PdfError> {
    let pages = extract::pages(bytes)?;
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(PdfError::NoText);
    }
    let laid: Vec<layout::PageLayout> = pages.iter().map(layout::lay_out).collect();
    let (text, places) = view::write(&laid);
    Ok(PdfText {
        text,
        places,
        pages: pages.len() as u32,
    })
}
