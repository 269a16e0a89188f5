//! `nianbao fmt [--check] PATH...` end to end with the built binary: what it writes, how
//! (atomically, keeping permissions, BOM and line endings), what `--check` prints, exit codes.

use std::fs;
use std::path::{Path, PathBuf};

mod binary;
use binary::{code, run, run_with_stdin, stderr, stdout, ROOT};

fn example(name: &str) -> String {
    fs::read_to_string(Path::new(ROOT).join("examples").join(name)).unwrap()
}

/// `text` written as `name` in a fresh temporary folder.
fn file_with(name: &str, text: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn fmt_writes_the_tidy_text_by_rename_and_then_has_nothing_to_do() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let original = example("unbalanced.txt");
    let (dir, path) = file_with("r.txt", original.as_bytes());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let inode = fs::metadata(&path).unwrap().ino();
    let out = run(&["fmt", path.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("1 file reformatted, 0 already tidy.\n"),
        "{}",
        stderr(&out)
    );
    let now = fs::read_to_string(&path).unwrap();
    assert_eq!(now, nianbao::format::format(&original));
    assert_ne!(now, original);
    assert_eq!(
        now.replace(' ', ""),
        original.replace(' ', ""),
        "only spaces changed"
    );
    let meta = fs::metadata(&path).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert_ne!(meta.ino(), inode, "replaced by rename");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    let again = run(&["fmt", "--check", path.to_str().unwrap()]);
    assert_eq!(code(&again), 0);
    assert_eq!(stdout(&again), "");
    assert!(stderr(&again).contains("0 files would be reformatted, 1 already tidy."));
}

#[test]
fn check_lists_the_file_with_a_short_diff_and_writes_nothing() {
    let original = example("unbalanced.txt");
    let (_dir, path) = file_with("r.txt", original.as_bytes());
    let p = path.to_str().unwrap();
    let out = run(&["fmt", "--check", p]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("would reformat: {p}\n--- a/{p}\n+++ b/{p}\n")),
        "{text}"
    );
    assert!(text.contains("\n-规章 | 0 | 0 | 0 |\n"), "{text}");
    assert!(
        text.contains("\n+规章           |    0 | 0 |  0 |\n"),
        "{text}"
    );
    assert!(text.ends_with("more diff lines)\n"), "cut short: {text}");
    assert!(stderr(&out).contains("1 file would be reformatted, 0 already tidy."));
    assert_eq!(fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn standard_input_is_printed_tidied_with_its_bom_and_crlf() {
    let crlf = example("unbalanced.txt").replace('\n', "\r\n");
    let input = format!("\u{feff}{crlf}");
    let out = run_with_stdin(&["fmt", "-"], input.as_bytes());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let want = format!("\u{feff}{}", nianbao::format::format(&crlf));
    assert_eq!(stdout(&out), want);
    assert_eq!(
        stdout(&out).matches("\r\n").count(),
        crlf.matches("\r\n").count()
    );
}

#[test]
fn html_is_left_alone_and_a_folder_skips_what_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let page = fs::read(Path::new(ROOT).join("tests/corpus/web/pingtan_2025.page.html")).unwrap();
    fs::write(dir.path().join("page.html"), &page).unwrap();
    fs::write(
        dir.path().join("README.md"),
        "| a | 1 |\n|---|---|\n| bb | 22 |\n",
    )
    .unwrap();
    fs::write(dir.path().join("r.txt"), example("clean.txt")).unwrap();
    let out = run(&["fmt", dir.path().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 file reformatted, 1 already tidy."),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(dir.path().join("page.html")).unwrap(), page);
    let readme = fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert_eq!(
        readme, "| a | 1 |\n|---|---|\n| bb | 22 |\n",
        "not a report: untouched"
    );
}

#[test]
fn errors_and_files_that_are_not_reports() {
    let out = run(&["fmt", "--check", "no/such/file.txt", "examples/clean.txt"]);
    assert_eq!(code(&out), 2, "a path that cannot be read");
    assert!(stderr(&out).contains("no/such/file.txt: cannot read"));
    let (_dir, notes) = file_with("notes.txt", "a | 1 |\nbb | 22 |\n".as_bytes());
    let out = run(&["fmt", notes.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("not an annual report"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&notes).unwrap(), "a | 1 |\nbb | 22 |\n");
}

#[test]
fn gb18030_files_are_shown_but_not_written() {
    let text = example("unbalanced.txt");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let (_dir, path) = file_with("gbk.txt", &bytes);
    let out = run(&["fmt", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("GB18030"), "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), bytes.as_ref());
    assert_eq!(code(&run(&["fmt", "--check", path.to_str().unwrap()])), 1);
}
