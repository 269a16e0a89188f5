//! Which files a command works on and whether each is a report (both decided by
//! `nianbao::corpus`, put in messages here), and writing files back atomically.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use nianbao::corpus::io_reason;
use nianbao::corpus::{self, Evidence};
pub use nianbao::corpus::{analyse_form, Form, Loaded};

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
        // the quick test stops at the first mark (the title, mostly); all three marks are
        // counted only for the message about a named file that is no report
        if corpus::is_annual_report(text) {
            Verdict::Report
        } else if found {
            Verdict::PassOver
        } else {
            Verdict::NotAReport(corpus::identify(text))
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

/// Read an input and load it in its form (`nianbao::corpus::load`); every failure is one line
/// for the user, starting with the path.
pub fn load(input: &Input) -> Result<Loaded, String> {
    let bytes = match input {
        Input::Stdin => corpus::read_bytes_from(io::stdin().lock()),
        Input::File { path, .. } => corpus::read_bytes(path),
    };
    let bytes = bytes.map_err(|e| format!("{}: {e}", input.display()))?;
    corpus::load(bytes).map_err(|e| format!("{}: {e}", input.display()))
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
        for name in ["b.txt", "sub/c.md", "notes.xlsx"] {
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
