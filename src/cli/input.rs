//! Which files a command works on and whether each is a report (both decided by
//! `nianbao::corpus`, put in messages here), and writing files back atomically.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use nianbao::corpus::io_reason;
use nianbao::corpus::{self, Evidence};
use nianbao::reader::docx;
use nianbao::reader::pdf;
use nianbao::reader::place::Places;
use nianbao::text::{Decoded, Encoding};
use nianbao::Analysis;

/// One thing to read: a file (named, or found in a folder) or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    /// `found` is true for a file found by walking a folder: such files are passed over
    /// silently when they are not reports (a README beside the reports); see [`Verdict`].
    File {
        path: PathBuf,
        found: bool,
    },
}

/// What a command does with a text it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// An annual report (`nianbao::corpus::identify`): analyse it.
    Report,
    /// Found in a folder and not a report (a README beside the reports), or an audit page
    /// written by `nianbao report`: passed over without a word.
    PassOver,
    /// Named on the command line (or standard input) and not a report: nothing is analysed,
    /// and one line says so ([`not_a_report`]).
    NotAReport(Evidence),
}

impl Input {
    /// Is `text`, read from this input, a report to analyse?
    pub fn verdict(&self, text: &str) -> Verdict {
        let found = matches!(self, Input::File { found: true, .. });
        if found && text.contains(nianbao::render::audit::GENERATOR) {
            return Verdict::PassOver;
        }
        let evidence = corpus::identify(text);
        match (evidence.is_report(), found) {
            (true, _) => Verdict::Report,
            (false, true) => Verdict::PassOver,
            (false, false) => Verdict::NotAReport(evidence),
        }
    }

    /// The path as shown in messages and output.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }
}

/// The line for a file named on the command line that is not a report:
/// `PATH: not an annual report (no title line …, 0 of the six section headings, 0 table header
/// lines); nothing checked`.
pub fn not_a_report(input: &Input, evidence: &Evidence) -> String {
    format!(
        "{}: not an annual report ({evidence}); nothing checked",
        input.display()
    )
}

/// Expand the command line's paths: `-` is standard input, a folder is searched recursively
/// (`nianbao::corpus::find`: hidden entries, links to folders and tool-made folders skipped,
/// files sorted by path). Problems are returned as messages.
pub fn collect(paths: &[String]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in paths {
        if arg == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(arg);
        match fs::metadata(&path) {
            Err(e) => errors.push(format!("{arg}: cannot read: {}", io_reason(&e))),
            Ok(meta) if meta.is_dir() => {
                let found = corpus::find(&path, usize::MAX);
                for (dir, e) in &found.unreadable {
                    errors.push(format!(
                        "{}: cannot read folder: {}",
                        dir.display(),
                        io_reason(e)
                    ));
                }
                if found.files.is_empty() && found.unreadable.is_empty() {
                    errors.push(format!(
                        "{arg}: no report files in this folder (looked for .{} files)",
                        corpus::EXTENSIONS.join(", .")
                    ));
                }
                inputs.extend(
                    found
                        .files
                        .into_iter()
                        .map(|path| Input::File { path, found: true }),
                );
            }
            Ok(_) => inputs.push(Input::File { path, found: false }),
        }
    }
    (inputs, errors)
}

/// The form a file is in, told by its first bytes (not its name, so standard input and a
/// renamed file are read right): what is analysed, and how a finding's location is shown.
/// Each form is one arm here; a new form (PDF) is one more.
#[derive(Debug)]
pub enum Form {
    /// Plain text or an HTML page: `decoded.text` is analysed as it is.
    Text,
    /// A Word file: `decoded.text` is its `word/document.xml`, analysed as a document, and
    /// findings are shown at their places (table, row, column).
    Docx(Box<WordFile>),
    /// A PDF: `decoded.text` is the plain view its text layer and rebuilt grids were written as
    /// (`nianbao::reader::pdf`), analysed as text; findings are shown at their page and row.
    /// `bytes` is the PDF. Never written back.
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

/// A read input: the bytes as they were (to detect changes before writing, and for a Word
/// file the zip written back), the text analysed, and its form.
#[derive(Debug)]
pub struct Loaded {
    pub bytes: Vec<u8>,
    pub decoded: Decoded,
    pub form: Form,
}

impl Loaded {
    /// The analysis of the text, read as its form says; spans are in `decoded.text`.
    pub fn analyse(&self) -> Analysis {
        analyse_form(&self.form, &self.decoded.text)
    }

    /// The text as people read it: what [`Input::verdict`] and the narrative markers see.
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
}

/// Analyse `text` (a [`Loaded`]'s, or a fixed version of it) as `form` reads it.
pub fn analyse_form(form: &Form, text: &str) -> Analysis {
    match form {
        Form::Text => nianbao::analyse(text),
        Form::Pdf(_) => {
            // a PDF is never written back: no finding offers a fix to apply to it
            let mut analysis = nianbao::analyse(text);
            analysis.findings.iter_mut().for_each(|f| f.fixes.clear());
            analysis
        }
        Form::Docx(_) => nianbao::analyse_docx(text),
    }
}

/// Read, tell the form and decode (`nianbao::corpus`, `nianbao::reader::docx`); every
/// failure is one line for the user, starting with the path.
pub fn load(input: &Input) -> Result<Loaded, String> {
    let bytes = match input {
        Input::Stdin => corpus::read_bytes_from(io::stdin().lock()),
        Input::File { path, .. } => corpus::read_bytes(path),
    };
    let bytes = bytes.map_err(|e| format!("{}: {e}", input.display()))?;
    if pdf::is_pdf(&bytes) {
        return load_pdf(bytes).map_err(|e| format!("{}: {e}", input.display()));
    }
    if docx::is_zip(&bytes) || docx::is_legacy(&bytes) {
        return load_docx(bytes).map_err(|e| format!("{}: {e}", input.display()));
    }
    corpus::decode_bytes(bytes)
        .map(|r| Loaded {
            bytes: r.bytes,
            decoded: r.decoded,
            form: Form::Text,
        })
        .map_err(|e| format!("{}: {e}", input.display()))
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

/// Why writing back failed.
#[derive(Debug)]
pub enum WriteError {
    /// The file's bytes are no longer those that were read.
    Changed,
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(
                f,
                "the file changed on disk since it was read; not written (run again)"
            ),
            WriteError::Io(e) => write!(f, "cannot write: {}", io_reason(e)),
        }
    }
}

/// The text to write back: the BOM is put back when the file had one (`fix`, `fmt`).
pub fn with_bom(text: &str, encoding: nianbao::text::Encoding) -> String {
    use nianbao::text::Encoding;
    match encoding {
        Encoding::Utf8Bom => format!("\u{feff}{text}"),
        Encoding::Utf8 | Encoding::Gb18030 => text.to_owned(),
    }
}

/// Replace `path`'s contents by `new`, only if they still are `original`: write a temporary
/// file in the same folder, give it the file's permissions, then rename it over the file (a
/// reader never sees half a file). A symbolic link is followed and its target replaced.
pub fn write_atomically(path: &Path, original: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let target = fs::canonicalize(path).map_err(WriteError::Io)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = fs::metadata(&target).map_err(WriteError::Io)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".nianbao-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(WriteError::Io)?;
    tmp.write_all(new).map_err(WriteError::Io)?;
    tmp.as_file().sync_all().map_err(WriteError::Io)?;
    tmp.as_file()
        .set_permissions(permissions)
        .map_err(WriteError::Io)?;
    // Tests stand in for a slow analysis here (the engine is too fast for a save to land in
    // between on its own): `NIANBAO_TEST_PAUSE_BEFORE_WRITE_MS` waits before the last check.
    if let Some(ms) = std::env::var("NIANBAO_TEST_PAUSE_BEFORE_WRITE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    // Check as late as possible: an editor may have saved the file while we were analysing.
    if fs::read(&target).map_err(WriteError::Io)? != original {
        return Err(WriteError::Changed);
    }
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_for_report_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.txt", "sub/c.md", "notes.pdf"] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        let (inputs, errors) = collect(&[dir.path().display().to_string(), "-".to_owned()]);
        assert!(errors.is_empty());
        assert_eq!(
            inputs,
            [
                Input::File {
                    path: dir.path().join("b.txt"),
                    found: true
                },
                Input::File {
                    path: dir.path().join("sub/c.md"),
                    found: true
                },
                Input::Stdin
            ]
        );
    }

    #[test]
    fn files_named_that_are_not_reports_are_said_so_found_ones_passed_over() {
        let named = Input::File {
            path: "README.md".into(),
            found: false,
        };
        let found = Input::File {
            path: "README.md".into(),
            found: true,
        };
        assert_eq!(found.verdict("hello"), Verdict::PassOver);
        let Verdict::NotAReport(e) = named.verdict("hello") else {
            panic!("a named file is judged");
        };
        assert_eq!(
            not_a_report(&Input::Stdin, &e),
            "<stdin>: not an annual report (no title line “…政府信息公开…年度报告”, 0 of the six section headings, 0 table header lines); nothing checked"
        );
        let report = "某县2023年政府信息公开工作年度报告\n";
        assert_eq!(named.verdict(report), Verdict::Report);
        assert_eq!(found.verdict(report), Verdict::Report);
    }

    #[test]
    fn a_folder_without_reports_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (inputs, errors) = collect(&[dir.path().display().to_string()]);
        assert!(inputs.is_empty());
        assert!(errors[0].contains("no report files"), "{errors:?}");
    }

    #[test]
    fn writing_keeps_permissions_and_refuses_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&path, b"old", b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert!(matches!(
            write_atomically(&path, b"old", b"newer"),
            Err(WriteError::Changed)
        ));
        assert_eq!(fs::read(&path).unwrap(), b"new");
        // no temporary file is left behind
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
