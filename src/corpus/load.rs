//! A file's bytes read in the form they are in — plain text or a web page, a Word file, a PDF —
//! told by the bytes themselves, not the file's name (standard input and a renamed file are
//! read right). The command line and the language server's workspace index both load files
//! here, so a report is read the same way by both; neither knows the forms apart beyond
//! asking [`Loaded`] what it needs (the text to analyse, the text people read, the places).
//!
//! Each form is one arm of [`Form`]; a new form is one more arm here and one reader in
//! `crate::reader`.

use crate::analysis::{self, Analysis};
use crate::reader::docx;
use crate::reader::pdf;
use crate::reader::place::Places;
use crate::text::{Decoded, Encoding};

use super::files::{decode_bytes, ReadError};

/// The form a file is in: what is analysed, and how a finding's location is shown.
#[derive(Debug)]
pub enum Form {
    /// Plain text or an HTML page: `decoded.text` is analysed as it is.
    Text,
    /// A Word file: `decoded.text` is its `word/document.xml`, analysed as a document, and
    /// findings are shown at their places (table, row, column).
    Docx(Box<WordFile>),
    /// A PDF: `decoded.text` is the plain view its text layer and rebuilt grids were written as
    /// (`crate::reader::pdf`), analysed as text; findings are shown at their page and row.
    /// Never written back.
    Pdf(Box<PdfFile>),
}

/// What a PDF gives besides its view.
#[derive(Debug)]
pub struct PdfFile {
    pub places: Places,
}

/// What a Word file gives besides its `document.xml`.
#[derive(Debug)]
pub struct WordFile {
    /// The plain view of the document: what tells whether it is a report.
    pub view: String,
    pub places: Places,
}

/// A loaded file: the bytes as they were (to detect changes before writing, and for a Word
/// file the zip written back), the text analysed, and its form.
#[derive(Debug)]
pub struct Loaded {
    pub bytes: Vec<u8>,
    pub decoded: Decoded,
    pub form: Form,
}

/// Why bytes could not be loaded; `Display` is the one line a user sees after the path.
#[derive(Debug)]
pub enum LoadError {
    Text(ReadError),
    Docx(docx::DocxError),
    Pdf(pdf::PdfError),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Text(e) => write!(f, "{e}"),
            LoadError::Docx(e) => write!(f, "{e}"),
            LoadError::Pdf(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for LoadError {}

impl Loaded {
    /// The analysis of the text, read as its form says; spans are in `decoded.text`.
    pub fn analyse(&self) -> Analysis {
        analyse_form(&self.form, &self.decoded.text)
    }

    /// The text as people read it: what tells whether it is a report, and what the narrative
    /// markers see.
    pub fn plain(&self) -> &str {
        match &self.form {
            Form::Text | Form::Pdf(_) => &self.decoded.text,
            Form::Docx(w) => &w.view,
        }
    }

    /// Where each stretch of the text is, for a form not shown by lines.
    pub fn places(&self) -> Option<&Places> {
        match &self.form {
            Form::Text => None,
            Form::Docx(w) => Some(&w.places),
            Form::Pdf(p) => Some(&p.places),
        }
    }

    /// Whether the text is shown as lines of the file (a text or HTML file), so that a span's
    /// line and column mean something to an editor.
    pub fn is_text(&self) -> bool {
        matches!(self.form, Form::Text)
    }
}

/// Analyse `text` (a [`Loaded`]'s, or a fixed version of it) as `form` reads it.
pub fn analyse_form(form: &Form, text: &str) -> Analysis {
    match form {
        Form::Text => analysis::analyse(text),
        Form::Pdf(_) => {
            // a PDF is never written back: no finding offers a fix to apply to it
            let mut read = analysis::analyse(text);
            read.findings.iter_mut().for_each(|f| f.fixes.clear());
            read
        }
        Form::Docx(_) => analysis::analyse_docx(text),
    }
}

/// Tell the form of `bytes` and read them in it (a legacy `.doc` is told too, to be refused
/// with a word on what to do).
pub fn load(bytes: Vec<u8>) -> Result<Loaded, LoadError> {
    if pdf::is_pdf(&bytes) {
        return load_pdf(bytes).map_err(LoadError::Pdf);
    }
    if docx::is_zip(&bytes) || docx::is_legacy(&bytes) {
        return load_docx(bytes).map_err(LoadError::Docx);
    }
    let read = decode_bytes(bytes).map_err(LoadError::Text)?;
    Ok(Loaded {
        bytes: read.bytes,
        decoded: read.decoded,
        form: Form::Text,
    })
}

fn load_pdf(bytes: Vec<u8>) -> Result<Loaded, pdf::PdfError> {
    let read = pdf::read(&bytes)?;
    Ok(Loaded {
        bytes,
        decoded: Decoded {
            text: read.text,
            encoding: Encoding::Utf8,
        },
        form: Form::Pdf(Box::new(PdfFile {
            places: read.places,
        })),
    })
}

fn load_docx(bytes: Vec<u8>) -> Result<Loaded, docx::DocxError> {
    let xml = docx::document_xml(&bytes)?;
    let doc = docx::read(&xml);
    Ok(Loaded {
        bytes,
        decoded: Decoded {
            text: xml,
            encoding: Encoding::Utf8,
        },
        form: Form::Docx(Box::new(WordFile {
            view: doc.view.text,
            places: doc.places,
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_told_by_the_bytes() {
        let text = load("某县2023年政府信息公开工作年度报告\n".as_bytes().to_vec()).unwrap();
        assert!(text.is_text() && text.places().is_none());
        assert_eq!(text.plain(), "某县2023年政府信息公开工作年度报告\n");
        // a legacy Word file is told as Word, and refused with what to do
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.resize(512, 0);
        let e = load(doc).unwrap_err();
        assert!(matches!(e, LoadError::Docx(_)), "{e:?}");
        assert!(e.to_string().contains(".docx"), "{e}");
        let e = load(b"%PDF-1.7\ngarbage".to_vec()).unwrap_err();
        assert!(matches!(e, LoadError::Pdf(_)), "{e}");
        let e = load(b"\xFF\xFEa\0".to_vec()).unwrap_err();
        assert!(matches!(e, LoadError::Text(ReadError::Utf16)), "{e}");
    }
}
