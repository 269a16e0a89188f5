//! Which files a command works on, reading them safely, and writing them back atomically.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use nianbao::text::{decode, Decoded};

/// Reports are a few hundred kilobytes; anything this large is not one (and would make the
/// excerpts and the culprit search slow for nothing).
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// File name endings searched for in folders (case-insensitive).
pub const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// One thing to read: a file (named, or found in a folder) or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    /// `found` is true for a file found by walking a folder: such files are skipped when they
    /// do not look like a report (a README beside the reports).
    File {
        path: PathBuf,
        found: bool,
    },
}

impl Input {
    /// Is this a file found by walking a folder whose text does not look like a report, or an
    /// audit page written by `nianbao report`? Such files are passed over; a path named on the
    /// command line (or stdin) is always read.
    pub fn passes_over(&self, text: &str) -> bool {
        matches!(self, Input::File { found: true, .. })
            && (!nianbao::looks_like_report(text)
                || text.contains(nianbao::render::audit::GENERATOR))
    }

    /// The path as shown in messages and output.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }
}

/// Expand the command line's paths: `-` is standard input, a folder is searched recursively
/// (hidden entries skipped, files sorted by path). Problems are returned as messages.
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
                let before = inputs.len();
                if let Err(e) = walk(&path, &mut inputs) {
                    errors.push(format!("{arg}: cannot read folder: {}", io_reason(&e)));
                } else if inputs.len() == before {
                    errors.push(format!(
                        "{arg}: no report files in this folder (looked for .{} files)",
                        REPORT_EXTENSIONS.join(", .")
                    ));
                }
            }
            Ok(_) => inputs.push(Input::File { path, found: false }),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, out: &mut Vec<Input>) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Symbolic links to folders are not followed (no cycles); links to files are read.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if (kind.is_file() || kind.is_symlink() && path.is_file())
            && has_report_extension(&path)
        {
            out.push(Input::File { path, found: true });
        }
    }
    Ok(())
}

fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// A read and decoded input, with the bytes as they were (to detect changes before writing).
#[derive(Debug)]
pub struct Loaded {
    pub bytes: Vec<u8>,
    pub decoded: Decoded,
}

/// Read and decode; every failure is one line for the user, starting with the path.
pub fn load(input: &Input) -> Result<Loaded, String> {
    let name = input.display();
    let bytes = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .take(MAX_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{name}: cannot read: {}", io_reason(&e)))?;
            if bytes.len() as u64 > MAX_BYTES {
                return Err(too_large(&name, None));
            }
            bytes
        }
        Input::File { path, .. } => {
            let meta = fs::metadata(path)
                .map_err(|e| format!("{name}: cannot read: {}", io_reason(&e)))?;
            if meta.is_dir() {
                return Err(format!("{name}: is a folder"));
            }
            if meta.len() > MAX_BYTES {
                return Err(too_large(&name, Some(meta.len())));
            }
            fs::read(path).map_err(|e| format!("{name}: cannot read: {}", io_reason(&e)))?
        }
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(format!(
            "{name}: UTF-16 text (Windows \"Unicode\") is not read; save it as UTF-8"
        ));
    }
    let decoded = decode(&bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok(Loaded { bytes, decoded })
}

fn too_large(name: &str, len: Option<u64>) -> String {
    let size = len.map_or_else(
        || "more than 16 MB".to_owned(),
        |l| format!("{:.1} MB", l as f64 / 1024.0 / 1024.0),
    );
    format!("{name}: file too large ({size}; the limit is 16 MB — annual reports are far smaller)")
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

/// The OS's reason without Rust's `(os error 2)` suffix.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_owned(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_for_report_files_only() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        for name in ["b.txt", "a.HTML", "sub/c.md", "notes.pdf", ".git/x.txt"] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        let (inputs, errors) = collect(&[dir.path().display().to_string()]);
        assert!(errors.is_empty());
        let names: Vec<_> = inputs
            .iter()
            .map(|i| {
                i.display()
                    .trim_start_matches(&dir.path().display().to_string())
                    .to_owned()
            })
            .collect();
        assert_eq!(names, ["/a.HTML", "/b.txt", "/sub/c.md"]);
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
