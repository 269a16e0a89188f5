//! Which files are looked at, and reading one: the report-file extensions, the size limit, the
//! folder walk with its skip rules. The command line walks the folders it is given, the
//! language server its workspace folders; both with [`find`] and [`read`].
//!
//! This is the only file of the library that touches the file system. The walk is not a pure
//! function over a list of paths because its rules are about what the file system says of each
//! entry — whether it is a folder, a link to one, a cache tagged as such — which a list of
//! paths does not carry; a pure walk would need all of that handed in, and each front end
//! would again write the code that asks. Kept here, in one file, what nianbao reads is stated
//! once and can be audited in one place (README, Security).

use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use crate::text::{decode, DecodeError, Decoded};

/// File name endings a folder is searched for (compared without regard to ASCII case).
/// `docx`: Word 2007+ files (and WPS's, LibreOffice's), read through `reader::docx`; `pdf`:
/// published reports, read through `reader::pdf`. Legacy `.doc`/`.wps` are not looked for: they
/// cannot be read, and a folder of drafts would give an error for each; named on the command
/// line they get a one-line error saying to save as .docx.
pub const EXTENSIONS: &[&str] = &["txt", "md", "html", "htm", "docx", "pdf"];

/// Reports are a few hundred kilobytes; anything larger than this is not one (and would make
/// excerpts and the culprit search slow for nothing). Neither front end reads more.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The first line of a cache folder's `CACHEDIR.TAG` (<https://bford.info/cachedir/>).
const CACHEDIR_SIGNATURE: &[u8] = b"Signature: 8a477f597d28d172789f06886806bc55";

/// Whether the file name ends in one of the [`EXTENSIONS`].
pub fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The same extensions as a glob, for file watchers: `**/*.{txt,md,html,htm,docx,pdf}`.
pub fn watch_glob() -> String {
    format!("**/*.{{{}}}", EXTENSIONS.join(","))
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// Files with a report extension, in path order (each folder's entries sorted by name).
    pub files: Vec<PathBuf>,
    /// Folders that could not be read, with the reason; the walk went on without them.
    pub unreadable: Vec<(PathBuf, io::Error)>,
    /// The walk stopped at its limit of files.
    pub truncated: bool,
}

/// The files under `root` that may be reports, at most `max_files`. Skipped:
///
/// - hidden entries (a name starting with `.`: `.git`, and the `.nianbao-*.tmp` file a killed
///   `nianbao fix` may leave);
/// - links to folders, which are not followed (no cycles, no walking out of the folder);
///   links to files are read;
/// - tool-made folders that never hold a published report and can hold thousands of pages
///   and texts that would use up a walk's time and the server's file budget: a folder holding
///   a `CACHEDIR.TAG` (the Cache Directory Tagging convention, which Cargo's `target/` and
///   other build caches follow: rustdoc alone writes thousands of `.html` files there), and
///   `node_modules` (npm's installed packages, a README in each).
///
/// The root itself is walked whatever its name.
pub fn find(root: &Path, max_files: usize) -> Found {
    let mut found = Found::default();
    walk(root, max_files, &mut found);
    found
}

fn walk(dir: &Path, max_files: usize, found: &mut Found) {
    let entries = match fs::read_dir(dir).and_then(|d| d.collect::<io::Result<Vec<_>>>()) {
        Ok(e) => e,
        Err(e) => {
            found.unreadable.push((dir.to_owned(), e));
            return;
        }
    };
    let mut entries: Vec<_> = entries
        .into_iter()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if found.truncated {
            return;
        }
        let path = entry.path();
        // the entry itself: a link is a link, not what it points to
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !is_tool_folder(&path) {
                walk(&path, max_files, found);
            }
        } else if (kind.is_file() || kind.is_symlink() && path.is_file())
            && has_report_extension(&path)
        {
            if found.files.len() >= max_files {
                found.truncated = true;
                return;
            }
            found.files.push(path);
        }
    }
}

/// Whether [`find`] on one of `roots` would find `path`: for a file a watcher reports, so that
/// the server's index keeps to the walk's rules (a link to a folder on the way is not looked
/// for: the file is taken).
pub fn would_find(roots: &[PathBuf], path: &Path) -> bool {
    has_report_extension(path)
        && roots.iter().any(|root| {
            let Ok(rel) = path.strip_prefix(root) else {
                return false;
            };
            let names: Vec<_> = rel.components().collect();
            let mut dir = root.clone();
            names.iter().enumerate().all(|(i, name)| {
                let hidden = name.as_os_str().to_string_lossy().starts_with('.');
                let last = i + 1 == names.len();
                dir.push(name);
                !hidden && (last || !is_tool_folder(&dir))
            })
        })
}

/// `node_modules`, or a folder tagged as a cache (`CACHEDIR.TAG` starting with the signature).
fn is_tool_folder(dir: &Path) -> bool {
    if dir.file_name().is_some_and(|n| n == "node_modules") {
        return true;
    }
    let mut head = [0u8; CACHEDIR_SIGNATURE.len()];
    fs::File::open(dir.join("CACHEDIR.TAG"))
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == CACHEDIR_SIGNATURE)
}

/// A file's bytes as read, and its text.
#[derive(Debug)]
pub struct Read {
    /// Kept to tell, before writing, whether the file changed since it was read.
    pub bytes: Vec<u8>,
    pub decoded: Decoded,
}

/// Why a file was not read. Each says it in one line, after the path.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    Folder,
    /// Over [`MAX_BYTES`]: the size when known (a stream is not read past the limit).
    TooLarge(Option<u64>),
    Utf16,
    Decode(DecodeError),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {}", io_reason(e)),
            ReadError::Folder => write!(f, "is a folder"),
            ReadError::TooLarge(len) => {
                let size = len.map_or_else(
                    || "more than 16 MB".to_owned(),
                    |l| format!("{:.1} MB", l as f64 / 1024.0 / 1024.0),
                );
                write!(
                    f,
                    "file too large ({size}; the limit is 16 MB — annual reports are far smaller)"
                )
            }
            ReadError::Utf16 => write!(
                f,
                "UTF-16 text (Windows \"Unicode\") is not read; save it as UTF-8"
            ),
            ReadError::Decode(e) => write!(f, "{e}"),
        }
    }
}

/// Read and decode a file (UTF-8 with or without BOM, or GB18030), refusing folders, files
/// over [`MAX_BYTES`], UTF-16, and what does not decode.
pub fn read(path: &Path) -> Result<Read, ReadError> {
    decode_bytes(read_bytes(path)?)
}

/// A file's bytes, not decoded (a Word file is a zip), refusing folders and files over
/// [`MAX_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if meta.len() > MAX_BYTES {
        return Err(ReadError::TooLarge(Some(meta.len())));
    }
    // the file may have grown since: read no more than the limit allows
    read_bytes_from(fs::File::open(path).map_err(ReadError::Io)?)
}

/// [`read`] of a stream (standard input): no more than [`MAX_BYTES`] is read.
pub fn read_from(stream: impl io::Read) -> Result<Read, ReadError> {
    decode_bytes(read_bytes_from(stream)?)
}

/// [`read_bytes`] of a stream.
pub fn read_bytes_from(stream: impl io::Read) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    stream
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooLarge(None));
    }
    Ok(bytes)
}

/// Bytes read as text: UTF-16 refused, else [`decode`]d.
pub fn decode_bytes(bytes: Vec<u8>) -> Result<Read, ReadError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ReadError::Utf16);
    }
    let decoded = decode(&bytes).map_err(ReadError::Decode)?;
    Ok(Read { bytes, decoded })
}

/// The OS's reason, without Rust's `(os error 2)` suffix.
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

    fn names(found: &Found, root: &Path) -> Vec<String> {
        found
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn folders_are_searched_for_report_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["sub", ".git", "node_modules", "target", "build"] {
            fs::create_dir(root.join(sub)).unwrap();
        }
        fs::write(
            root.join("target/CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n# made by cargo\n",
        )
        .unwrap();
        // a tag without the signature marks nothing
        fs::write(root.join("build/CACHEDIR.TAG"), "hello").unwrap();
        for name in [
            "b.txt",
            "a.HTML",
            "sub/c.md",
            "notes.xlsx",
            "r.PDF",
            "w.docx",
            ".git/x.txt",
            ".nianbao-1.tmp",
            "node_modules/README.md",
            "target/doc.html",
            "build/d.htm",
        ] {
            fs::write(root.join(name), "x").unwrap();
        }
        let found = find(root, usize::MAX);
        assert!(found.unreadable.is_empty() && !found.truncated);
        assert_eq!(
            names(&found, root),
            [
                "a.HTML",
                "b.txt",
                "build/d.htm",
                "r.PDF",
                "sub/c.md",
                "w.docx"
            ]
        );
        let found = find(root, 2);
        assert!(found.truncated);
        assert_eq!(names(&found, root), ["a.HTML", "b.txt"]);
        // a root is walked whatever its name
        assert_eq!(
            names(
                &find(&root.join("node_modules"), 10),
                &root.join("node_modules")
            ),
            ["README.md"]
        );
    }

    #[test]
    fn a_watched_file_is_taken_when_the_walk_would_find_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_owned();
        fs::create_dir_all(root.join("target")).unwrap();
        fs::write(
            root.join("target/CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n",
        )
        .unwrap();
        let roots = [root.clone()];
        for name in ["sub/2024.txt", "sub/2024.pdf", "sub/2024.docx"] {
            assert!(would_find(&roots, &root.join(name)), "{name}");
        }
        for path in [
            "target/doc/x.html",
            ".git/x.txt",
            "a/node_modules/r.md",
            "sub/.r.txt",
            "sub/r.xlsx",
        ] {
            assert!(!would_find(&roots, &root.join(path)), "{path}");
        }
        assert!(!would_find(&roots, Path::new("/elsewhere/r.txt")));
    }

    #[cfg(unix)]
    #[test]
    fn links_to_files_are_read_links_to_folders_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("sub/r.txt"), "x").unwrap();
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "x").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("sub"), root.join("loop")).unwrap();
        std::os::unix::fs::symlink(&root, root.join("sub/up")).unwrap();
        assert_eq!(names(&find(&root, 100), &root), ["link.txt", "sub/r.txt"]);
    }

    #[test]
    fn a_missing_folder_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let found = find(&dir.path().join("nope"), 10);
        assert!(found.files.is_empty());
        assert_eq!(found.unreadable.len(), 1);
        assert_eq!(io_reason(&found.unreadable[0].1), "no such file or folder");
    }

    #[test]
    fn reading_refuses_large_and_utf16_input() {
        let big = vec![b'a'; MAX_BYTES as usize + 1];
        assert!(matches!(
            read_from(&big[..]),
            Err(ReadError::TooLarge(None))
        ));
        assert!(matches!(
            read_from(&b"\xFF\xFEa\0"[..]),
            Err(ReadError::Utf16)
        ));
        let ok = read_from("某县2023年政府信息公开工作年度报告".as_bytes()).unwrap();
        assert!(ok.decoded.text.starts_with("某县"));
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap_err().to_string(), "is a folder");
        assert_eq!(watch_glob(), "**/*.{txt,md,html,htm,docx,pdf}");
    }
}
