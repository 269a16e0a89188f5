//! The `nianbao` binary end to end: exit codes, bad input, fixing files, and snapshots of the
//! output for the bundled examples.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod binary;
use binary::{code, run, run_with_stdin, stderr, stdout, BIN, ROOT};

/// Standard output without the time the summary reports (`Checked 3 files in 0.04s: …`).
fn untimed(out: &Output) -> String {
    regex::Regex::new(r"(Checked \d+ files?) in [0-9.ms]+:")
        .unwrap()
        .replace_all(&stdout(out), "$1:")
        .into_owned()
}

fn example(name: &str) -> PathBuf {
    Path::new(ROOT).join("examples").join(name)
}

/// A copy of an example in a fresh temporary folder.
fn copy_of(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::copy(example(name), &path).unwrap();
    (dir, path)
}

// ---- check: exit codes and inputs ----

#[test]
fn clean_example_exits_zero() {
    let out = run(&["check", "examples/clean.txt"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        untimed(&out).ends_with("Checked 1 file: no findings.\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn examples_folder_is_checked_file_by_file() {
    let out = run(&["check", "examples/"]);
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    assert!(stdout(&out).contains("Checked 3 files"), "{}", stdout(&out));
}

#[test]
fn stdin_is_read_for_a_dash() {
    let out = run_with_stdin(&["check", "-"], &fs::read(example("clean.txt")).unwrap());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Checked 1 file"));
}

#[test]
fn empty_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.txt");
    fs::write(&path, "").unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("empty file"), "{}", stderr(&out));
}

#[test]
fn binary_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    fs::write(&path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("binary file"), "{}", stderr(&out));
}

#[test]
fn undecodable_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    fs::write(&path, b"\xff\xfe\xfd not text in any encoding we read").unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("UTF-8"), "{}", stderr(&out));
}

#[test]
fn utf16_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "三、收到和处理政府信息公开申请情况"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    fs::write(&path, bytes).unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("UTF-16"), "{}", stderr(&out));
}

#[test]
fn gb18030_file_is_read() {
    let text = fs::read_to_string(example("clean.txt")).unwrap();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.txt");
    fs::write(&path, &bytes).unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn missing_path_is_an_error_but_other_files_are_checked() {
    let out = run(&["check", "examples/no-such-report.txt", "examples/clean.txt"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("examples/no-such-report.txt: cannot read: no such file"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("Checked 1 file"));
}

#[test]
fn folder_without_reports_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.xlsx"), "x").unwrap();
    let out = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no report files"), "{}", stderr(&out));

    // a text file that is no report is skipped inside a folder, and then nothing is left
    fs::write(dir.path().join("README.md"), "# notes\nnothing to see\n").unwrap();
    let out = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no reports found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn non_reports_in_a_folder_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("README.md"), "# notes\n").unwrap();
    fs::copy(example("clean.txt"), dir.path().join("clean.txt")).unwrap();
    let out = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        untimed(&out).contains("Checked 1 file:"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn huge_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    fs::File::create(&path)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("too large (50.0 MB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(code(&run(&["check"])), 2);
    assert_eq!(code(&run(&["check", "--format", "xml", "examples"])), 2);
    assert_eq!(code(&run(&["no-such-command"])), 2);
}

#[test]
fn json_lines_are_objects_with_positions() {
    let out = run(&["check", "--format", "json", "examples/"]);
    assert!(matches!(code(&out), 0 | 1));
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        for key in [
            "code",
            "severity",
            "message",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {line}");
        }
    }
}

#[test]
fn json_positions_agree_with_byte_offsets() {
    // Each finding's line/column (characters, 1-based) must point at the same place as its
    // byte offsets, on the examples and on the corpus's text and HTML reports.
    let corpus = Path::new(ROOT).join("tests/corpus");
    let paths = ["examples/".to_owned(), corpus.display().to_string()];
    let args: Vec<&str> = ["check", "--format", "json"]
        .into_iter()
        .chain(paths.iter().map(String::as_str))
        .collect();
    let out = run(&args);
    let mut checked = 0;
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v.get("place").is_some() {
            // a Word or PDF file: its positions are in the text analysed (document.xml, the
            // PDF's view), checked by tests/cli_docx.rs and tests/pdf.rs; the file is not text
            continue;
        }
        let path = v["path"].as_str().unwrap();
        let file = if Path::new(path).is_absolute() {
            PathBuf::from(path)
        } else {
            Path::new(ROOT).join(path)
        };
        let text = String::from_utf8(fs::read(&file).unwrap()).unwrap();
        let at = |line: &serde_json::Value, column: &serde_json::Value| -> usize {
            let (line, column) = (
                line.as_u64().unwrap() as usize,
                column.as_u64().unwrap() as usize,
            );
            let start: usize = text
                .split_inclusive('\n')
                .take(line - 1)
                .map(str::len)
                .sum();
            start
                + text[start..]
                    .chars()
                    .take(column - 1)
                    .map(char::len_utf8)
                    .sum::<usize>()
        };
        assert_eq!(
            at(&v["line"], &v["column"]),
            v["byte_start"].as_u64().unwrap() as usize,
            "{line}"
        );
        assert_eq!(
            at(&v["end_line"], &v["end_column"]),
            v["byte_end"].as_u64().unwrap() as usize,
            "{line}"
        );
        checked += 1;
    }
    assert!(
        checked >= 6,
        "the examples alone give 6 findings: {checked}"
    );
}

#[test]
fn stdin_findings_are_named_stdin() {
    let out = run_with_stdin(
        &["check", "--format", "json", "-"],
        &fs::read(example("unbalanced.txt")).unwrap(),
    );
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out)
            .lines()
            .all(|l| l.contains(r#""path":"<stdin>""#)),
        "{}",
        stdout(&out)
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = run(&["check", "examples/unbalanced.txt"]);
    assert!(
        !stdout(&plain).contains('\x1b'),
        "not a terminal: no colour"
    );
    let coloured = run(&["check", "--color", "always", "examples/unbalanced.txt"]);
    assert!(
        stdout(&coloured).contains("\x1b[1;31merror[NB101]\x1b[0m"),
        "{}",
        stdout(&coloured)
    );
}

#[test]
fn crlf_line_endings_are_kept_by_fix() {
    let text = fs::read_to_string(example("unbalanced.txt"))
        .unwrap()
        .replace('\n', "\r\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crlf.txt");
    fs::write(&path, &text).unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("crlf.txt:41:52"),
        "same position as with LF: {}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains('\r'), "no CR in excerpts");
    run(&["fix", path.to_str().unwrap()]);
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(fixed.matches("\r\n").count(), text.matches("\r\n").count());
    assert!(fixed.contains("| 1 | 12 | |\r\n"), "{fixed}");
}

// ---- explain ----

#[test]
fn explain_lists_and_shows_codes() {
    let out = run(&["explain"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("NB102  error"));
    let out = run(&["explain", "nb201"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("# NB201"));
    assert_eq!(code(&run(&["explain", "NB999"])), 2);
}

// ---- fix ----

#[test]
fn fix_diff_writes_nothing() {
    let (_dir, path) = copy_of("unbalanced.txt");
    let before = fs::read(&path).unwrap();
    let out = run(&["fix", "--diff", "--unsafe", path.to_str().unwrap()]);
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn fix_is_idempotent() {
    for name in ["clean.txt", "unbalanced.txt", "broken-table.txt"] {
        let (_dir, path) = copy_of(name);
        let p = path.to_str().unwrap();
        run(&["fix", p]);
        let once = fs::read(&path).unwrap();
        run(&["fix", p]);
        assert_eq!(fs::read(&path).unwrap(), once, "{name}");
        let diff = run(&["fix", "--diff", p]);
        assert_eq!(stdout(&diff), "", "{name}: a second fix would change more");
    }
}

#[test]
fn fix_of_stdin_prints_the_text() {
    let input = fs::read(example("clean.txt")).unwrap();
    let out = run_with_stdin(&["fix", "-"], &input);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(out.stdout, input);
}

#[test]
fn fix_of_a_clean_file_leaves_it_untouched() {
    let (dir, path) = copy_of("clean.txt");
    let before = fs::read(&path).unwrap();
    let out = run(&["fix", path.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

// ---- what the engine finds in the examples ----

#[test]
fn unbalanced_example_reports_the_wrong_totals() {
    let out = run(&["check", "examples/unbalanced.txt"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("error[NB101]"), "{text}");
    assert!(text.contains("error[NB102]"), "{text}");
    assert!(text.contains("error[NB201]"), "{text}");
    assert!(
        text.contains("examples/unbalanced.txt:41:"),
        "the （四）1 row: {text}"
    );
}

#[test]
fn broken_table_example_reports_structure() {
    let out = run(&["check", "--format", "json", "examples/broken-table.txt"]);
    assert_eq!(code(&out), 1);
    let codes: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["code"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for expected in ["NB012", "NB020", "NB030"] {
        assert!(
            codes.iter().any(|c| c == expected),
            "{expected} missing: {codes:?}"
        );
    }
    assert!(
        !codes.iter().any(|c| c.starts_with("NB1")),
        "no arithmetic error: {codes:?}"
    );
}

#[test]
fn fix_repairs_the_located_total_and_keeps_a_bom() {
    let (_dir, path) = copy_of("unbalanced.txt");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fs::read(&path).unwrap());
    fs::write(&path, &bytes).unwrap();
    let out = run(&["fix", path.to_str().unwrap()]);
    assert!(stderr(&out).contains("applied"), "{}", stderr(&out));
    let fixed = fs::read(&path).unwrap();
    assert!(fixed.starts_with(b"\xEF\xBB\xBF"), "BOM kept");
    let text = String::from_utf8(fixed).unwrap();
    assert!(
        text.contains("1.本机关不掌握相关政府信息 | 9 | 2 | 0 | 0 | 0 | 1 | 12 |"),
        "{text}"
    );
    // the 行政复议 total has five candidate cells: only a suggested fix, not applied
    assert!(text.contains("2 | 1 | 0 | 1 | 5 |"));
}

/// A BOM, CRLF line ends and tab separators: `fix` changes digits and nothing else, so every
/// line, with its digits taken out, is byte for byte what it was.
#[test]
fn fix_keeps_bom_crlf_and_tabs_exactly_where_they_were() {
    let text = fs::read_to_string(example("unbalanced.txt"))
        .unwrap()
        .replace('\n', "\r\n")
        .replace(" | ", "\t");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom-crlf-tabs.txt");
    fs::write(&path, &bytes).unwrap();
    let out = run(&["fix", path.to_str().unwrap()]);
    assert!(stderr(&out).contains("applied"), "{}", stderr(&out));
    let fixed = fs::read(&path).unwrap();
    assert_ne!(fixed, bytes, "something was fixed");
    assert!(fixed.starts_with(b"\xEF\xBB\xBF"));
    let fixed = String::from_utf8(fixed[3..].to_vec()).unwrap();
    let undigit = |s: &str| s.replace(|c: char| c.is_ascii_digit(), "");
    let (old, new): (Vec<_>, Vec<_>) = (
        text.split_inclusive('\n').collect(),
        fixed.split_inclusive('\n').collect(),
    );
    assert_eq!(old.len(), new.len());
    for (a, b) in old.iter().zip(&new) {
        assert_eq!(undigit(a), undigit(b), "only digits change");
    }
}

/// `fix` replaces the file by rename: the permissions stay (0640), no temporary file is left,
/// and the inode is new (a reader holding the old file sees the old bytes whole).
#[cfg(unix)]
#[test]
fn fix_writes_by_rename_keeping_permissions_and_leaves_no_temp_file() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (dir, path) = copy_of("unbalanced.txt");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let before = fs::metadata(&path).unwrap();
    let out = run(&["fix", path.to_str().unwrap()]);
    assert!(stderr(&out).contains("applied"), "{}", stderr(&out));
    let after = fs::metadata(&path).unwrap();
    assert_eq!(after.permissions().mode() & 0o777, 0o640);
    assert_ne!(
        before.ino(),
        after.ino(),
        "replaced by rename, not rewritten in place"
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["unbalanced.txt"]);
}

/// A fixable report made large with narrative.
fn large_fixable_report() -> Vec<u8> {
    let mut text = fs::read_to_string(example("unbalanced.txt")).unwrap();
    text.push('\n');
    let line = "本机关持续推进政务公开工作，".repeat(40) + "\n";
    text.push_str(&line.repeat(3000));
    text.into_bytes()
}

/// A file changed on disk after `fix` read it is not overwritten: an "editor" saves (by
/// rename, as editors do) while `fix` is still analysing a large report. `fix` re-reads the
/// file just before its own rename, sees other bytes, refuses and exits 2. (What remains: the
/// microseconds between that re-read and the rename; see README, Security.)
#[test]
fn fix_does_not_overwrite_a_file_changed_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.txt");
    let original = large_fixable_report();
    let mut edited = original.clone();
    edited.extend_from_slice("编辑器刚保存的一行\n".as_bytes());
    let mut refused = 0;
    for _ in 0..5 {
        fs::write(&path, &original).unwrap();
        let child = Command::new(BIN)
            .args(["fix", path.to_str().unwrap()])
            // a slow analysis, without depending on the engine's speed: the save lands while
            // `fix` holds the file's old bytes
            .env("NIANBAO_TEST_PAUSE_BEFORE_WRITE_MS", "400")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
        let tmp = dir.path().join("editor.tmp");
        fs::write(&tmp, &edited).unwrap();
        fs::rename(&tmp, &path).unwrap();
        let out = child.wait_with_output().unwrap();
        let now = String::from_utf8(fs::read(&path).unwrap()).unwrap();
        // whatever the timing (fix may even have read the edited file), the save is never lost
        assert!(
            now.contains("编辑器刚保存的一行"),
            "the editor's save was overwritten"
        );
        if String::from_utf8_lossy(&out.stderr).contains("changed on disk") {
            assert_eq!(
                now.as_bytes(),
                edited,
                "refused: the editor's bytes, untouched"
            );
            assert_eq!(code(&out), 2);
            refused += 1;
            break;
        }
    }
    assert_eq!(refused, 1, "fix finished before the save every time");
}

#[test]
fn fix_refuses_to_write_gb18030() {
    let text = fs::read_to_string(example("unbalanced.txt")).unwrap();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.txt");
    fs::write(&path, &bytes).unwrap();
    let out = run(&["fix", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("GB18030"), "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), bytes.as_ref());
}

#[test]
fn tables_shows_the_grid_as_read() {
    let out = run(&["tables", "examples/clean.txt"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("青禾县云岭镇人民政府"), "{text}");
    assert!(text.contains("一、本年新收政府信息公开申请数量"), "{text}");
    assert!(
        !text.contains(" ? "),
        "every cell of the clean example is read: {text}"
    );
}

// ---- snapshots (after a change of output: INSTA_UPDATE=always cargo test, review, commit) ----

#[test]
fn snapshot_human_output_of_the_examples() {
    for name in ["clean.txt", "unbalanced.txt", "broken-table.txt"] {
        let out = run(&["check", "--color", "never", &format!("examples/{name}")]);
        insta::assert_snapshot!(format!("human_{name}"), untimed(&out));
    }
}

#[test]
fn snapshot_json_output_of_the_examples() {
    for name in ["clean.txt", "unbalanced.txt", "broken-table.txt"] {
        let out = run(&["check", "--format", "json", &format!("examples/{name}")]);
        insta::assert_snapshot!(format!("json_{name}"), stdout(&out));
    }
}

#[test]
fn snapshot_tables_of_the_clean_example() {
    let out = run(&["tables", "examples/clean.txt"]);
    insta::assert_snapshot!("tables_clean.txt", stdout(&out));
}

// ------------------------------------------------------------------ version and completions

#[test]
fn version_names_the_crate_version_and_the_commit_when_built_from_git() {
    let out = run(&["--version"]);
    assert_eq!(code(&out), 0);
    let line = stdout(&out);
    let re = regex::Regex::new(r"^nianbao \d+\.\d+\.\d+( \([0-9a-f]{7,} \d{4}-\d\d-\d\d\))?\n$")
        .unwrap();
    assert!(re.is_match(&line), "{line:?}");
    // This test runs from a git checkout (CI clones the repository): the commit must be there,
    // and be HEAD's.
    let head = Command::new("git")
        .args(["log", "-1", "--format=%h"])
        .current_dir(ROOT)
        .output();
    if let Some(head) = head.ok().filter(|h| h.status.success()) {
        let head = String::from_utf8(head.stdout).unwrap();
        assert!(
            line.contains(&format!("({} ", head.trim())),
            "{line:?} vs HEAD {head}"
        );
    }
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for sub in [
            "check",
            "fix",
            "tables",
            "report",
            "explain",
            "lsp",
            "completions",
        ] {
            assert!(script.contains(sub), "{shell}: no {sub}");
        }
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(code(&out), 2, "an unknown shell is a usage error");
}

/// The bash script really completes: sourced into bash, `nianbao ch<TAB>` offers `check`, and
/// `nianbao check --for<TAB>` offers `--format`.
#[test]
fn bash_completion_completes_commands_and_options() {
    let Ok(probe) = Command::new("bash").arg("--version").output() else {
        return; // no bash on this machine: nothing to source the script into
    };
    assert!(probe.status.success());
    let script = stdout(&run(&["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nianbao.bash");
    fs::write(&path, script).unwrap();
    let complete = |words: &str| -> String {
        let n = words.split(' ').count() - 1;
        let program = format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD={n}; COMP_LINE='{words}'; COMP_POINT=${{#COMP_LINE}}; \
             _nianbao nianbao \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display()
        );
        let out = Command::new("bash")
            .args(["-c", &program])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let commands = complete("nianbao ch");
    assert_eq!(commands.trim(), "check", "{commands}");
    let options = complete("nianbao check --for");
    assert_eq!(options.trim(), "--format", "{options}");
}
