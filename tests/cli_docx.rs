//! `nianbao` on Word files, end to end (issue 15): `check` shows a finding at its table, row
//! and column in every format; `fix` writes the sum into the cell's run and nothing else (every
//! other zip entry byte for byte, `document.xml` changed only inside the cell's runs), and
//! LibreOffice reads the new value; bad files give one line and are left as they were.

mod relayout;
mod support;
mod wordfile;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nianbao::template::TableKind;
use relayout::{doc_of, word_document, CellAt, Zeros};

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn docx_corpus(name: &str) -> PathBuf {
    support::corpus("docx").join(name)
}

/// A Word report (seed 004, 2021 template) whose 三 一、本年新收 总计 is 9 too many, the
/// total's digits split over two runs when `split`; the cell's range in `document.xml` and the
/// right value.
fn wrong_report(split_seed: u64) -> (String, (usize, usize), String) {
    let a = support::analyse_file(&support::corpus("seeds/004_f1ad9a8ab402356f.txt"));
    let mut doc = doc_of(&a.report).unwrap();
    let s3 = doc.tables.iter().find(|t| t.kind == TableKind::S3).unwrap();
    let row = &s3.rows[0];
    let at = CellAt {
        table: TableKind::S3,
        row: row.row,
        col: row.values.len() - 1,
    };
    let right = doc.value(at).to_owned();
    let v: i64 = right.parse().unwrap();
    doc.set(at, (v + 19).to_string());
    let p = word_document(&doc, Zeros::Printed, split_seed, Some(at));
    (p.text, p.marked.unwrap(), right)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn check_shows_the_cell_in_every_format() {
    let out = run(&[
        "check",
        docx_corpus("example_clean_wrong_total.docx")
            .to_str()
            .unwrap(),
    ]);
    let human = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        human.contains("example_clean_wrong_total.docx: 表2 第6行 第10列: error[NB101]"),
        "{human}"
    );
    assert!(human.contains("| 三、本年度办理结果 | （一）予以公开 | 21 | 2 | 0 | 0 | 1 | 0 | 25"));
    let path = docx_corpus("example_clean_wrong_total.docx");
    let json = run(&["check", "--format", "json", path.to_str().unwrap()]);
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&json.stdout)
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["place"]["table"], 2);
    assert_eq!(first["place"]["row"], 6);
    assert_eq!(first["place"]["column"], 10);
    let github = run(&["check", "--format", "github", path.to_str().unwrap()]);
    let github = String::from_utf8(github.stdout).unwrap();
    assert!(
        github.contains("title=NB101::表2 第6行 第10列: "),
        "{github}"
    );
    assert!(!github.contains("line="), "{github}");
    let sarif = run(&["check", "--format", "sarif", path.to_str().unwrap()]);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let loc = &sarif["runs"][0]["results"][0]["locations"][0];
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        "表2 第6行 第10列"
    );
    assert!(loc["physicalLocation"].get("region").is_none());
}

#[test]
fn the_corpus_word_files_give_their_documented_findings() {
    for (name, codes) in [
        ("example_clean.docx", vec![]),
        ("real010_huaian_2024.docx", vec![]),
        ("web_pingtan_2021.docx", vec![]),
        ("web_pingtan_2025.docx", vec![]),
        ("web_pingtan_2019.docx", vec!["NB026"]),
        ("real006_hongze_2024.docx", vec!["NB003", "NB004", "NB501"]),
    ] {
        let path = docx_corpus(name);
        let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
        let mut got: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].to_string())
            .map(|c| c.trim_matches('"').to_owned())
            .filter(|c| !c.starts_with("NB51"))
            .collect();
        got.sort();
        assert_eq!(got, codes, "{name}");
    }
}

/// `nianbao fix` on `zip`, in a folder of its own; the fixed zip.
fn fix(zip: &[u8]) -> (Vec<u8>, Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "报告.docx", zip);
    let out = run(&["fix", path.to_str().unwrap()]);
    (std::fs::read(&path).unwrap(), out, dir)
}

/// Every entry but `document.xml` identical (name, method, CRC, compressed bytes), in order;
/// the archive comment kept.
fn assert_only_the_document_changed(before: &[u8], after: &[u8]) {
    let (b, a) = (wordfile::raw_entries(before), wordfile::raw_entries(after));
    let names = |v: &[wordfile::RawEntry]| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&b), names(&a));
    for (x, y) in b.iter().zip(&a) {
        assert_eq!(x.method, y.method, "{}", x.name);
        if x.name != wordfile::DOCUMENT_XML {
            assert_eq!(x, y, "{}", x.name);
        }
    }
    assert_eq!(wordfile::comment(before), wordfile::comment(after));
}

#[test]
fn fix_writes_the_sum_into_the_cells_runs_and_nothing_else() {
    for seed in 0..6 {
        let (xml, (start, end), right) = wrong_report(seed);
        let zip = wordfile::package(&xml);
        let (fixed, out, _dir) = fix(&zip);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_only_the_document_changed(&zip, &fixed);
        let new_xml = wordfile::document_xml(&fixed);
        let ((a0, a1), (b0, b1)) = wordfile::changed_range(&xml, &new_xml);
        assert!(
            a0 >= start && a1 <= end,
            "seed {seed}: {a0}..{a1} not in {start}..{end}"
        );
        // the value in the first run (a second run emptied): the row now ends with it
        assert!(b0 >= start && b1 <= end, "seed {seed}");
        let view = nianbao::reader::docx::read(&new_xml).view.text;
        let row = view
            .lines()
            .find(|l| l.starts_with("一、本年新收"))
            .unwrap();
        assert!(row.ends_with(&format!(" | {right}")), "seed {seed}: {row}");
        let check = run(&[
            "check",
            &_dir.path().join("报告.docx").display().to_string(),
        ]);
        assert_eq!(check.status.code(), Some(0), "seed {seed}");
    }
}

#[test]
fn fix_of_the_corpus_file_changes_one_byte() {
    let path = docx_corpus("example_clean_wrong_total.docx");
    let zip = std::fs::read(&path).unwrap();
    let (fixed, out, _dir) = fix(&zip);
    assert_eq!(out.status.code(), Some(0));
    assert_only_the_document_changed(&zip, &fixed);
    let (old, new) = (wordfile::document_xml(&zip), wordfile::document_xml(&fixed));
    let ((a0, a1), _) = wordfile::changed_range(&old, &new);
    assert_eq!((a1 - a0, &old[a0..a1], &new[a0..a1]), (1, "5", "4"));
    let clean = wordfile::document_xml(&std::fs::read(docx_corpus("example_clean.docx")).unwrap());
    assert_eq!(new, clean);
}

#[test]
fn fix_diff_shows_the_row_and_writes_nothing() {
    let path = docx_corpus("example_clean_wrong_total.docx");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("r.docx");
    std::fs::copy(&path, &copy).unwrap();
    let out = run(&["fix", "--diff", copy.to_str().unwrap()]);
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains("-三、本年度办理结果 | （一）予以公开 | 21 | 2 | 0 | 0 | 1 | 0 | 25"),
        "{diff}"
    );
    assert!(
        diff.contains("+三、本年度办理结果 | （一）予以公开 | 21 | 2 | 0 | 0 | 1 | 0 | 24"),
        "{diff}"
    );
    assert!(diff.contains("表2 第6行 第10列"), "{diff}");
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&path).unwrap());
}

#[test]
fn bad_word_files_get_one_line_and_stay_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = Vec::new();
    {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut bomb));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file(wordfile::DOCUMENT_XML, o).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..65 {
            w.write_all(&block).unwrap();
        }
        w.finish().unwrap();
    }
    let cases: Vec<(PathBuf, &str)> = vec![
        (docx_corpus("bad-legacy.doc"), "save it as .docx"),
        (
            write(
                dir.path(),
                "legacy.wps",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            ),
            "save it as .docx",
        ),
        (
            write(dir.path(), "broken.docx", b"PK\x03\x04 not a zip at all"),
            "broken zip",
        ),
        (docx_corpus("bad-truncated.docx"), "broken zip"),
        (
            write(dir.path(), "bomb.docx", &bomb),
            "inflates past 64 MiB",
        ),
        (docx_corpus("bad-zip-bomb.docx"), "inflates past 64 MiB"),
        (docx_corpus("bad-zip-bomb-lying.docx"), "zip bomb"),
        (docx_corpus("bad-no-document.docx"), "no word/document.xml"),
    ];
    for (path, says) in cases {
        let before = std::fs::read(&path).unwrap();
        for cmd in ["check", "fix"] {
            let out = run(&[cmd, path.to_str().unwrap()]);
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(
                out.status.code(),
                Some(2),
                "{cmd} {}: {err}",
                path.display()
            );
            let first = err.lines().next().unwrap_or("");
            assert!(
                first.starts_with("error: ") && first.contains(says),
                "{err}"
            );
            assert!(!err.contains("panicked"), "{err}");
        }
        assert_eq!(std::fs::read(&path).unwrap(), before, "{}", path.display());
    }
}

#[test]
fn folders_pick_up_word_files_and_tables_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let (xml, _, _) = wrong_report(0);
    write(dir.path(), "a.docx", &wordfile::package(&xml));
    write(dir.path(), "old.doc", &[0xD0, 0xCF, 0x11, 0xE0]);
    let out = run(&["check", dir.path().to_str().unwrap()]);
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(human.contains("a.docx: 表"), "{human}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("old.doc"));
    let tables = run(&["tables", dir.path().join("a.docx").to_str().unwrap()]);
    assert_eq!(tables.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&tables.stdout).contains("本年新收"));
}

#[test]
fn last_years_word_report_is_compared_with_this_years_text() {
    let dir = tempfile::tempdir().unwrap();
    let last = std::fs::read(docx_corpus("example_clean.docx")).unwrap();
    write(dir.path(), "2023.docx", &last);
    // this year's text: 二、上年结转 that is not last year's 四、结转下年度继续办理
    let text = std::fs::read_to_string(support::corpus("../../examples/clean.txt")).unwrap();
    let this = text.replace("2023年", "2024年");
    write(dir.path(), "2024.txt", this.as_bytes());
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let cross: Vec<&str> = stdout.lines().filter(|l| l.contains("\"NB401\"")).collect();
    assert!(
        !cross.is_empty(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last: serde_json::Value = serde_json::from_str(cross[0]).unwrap();
    let there = last["related"].as_array().unwrap().last().unwrap().clone();
    assert!(
        there["path"].as_str().unwrap().ends_with("2023.docx"),
        "{there}"
    );
    assert!(there["place"]["table"].is_number(), "{there}");
}

/// LibreOffice reads the value `nianbao fix` wrote. Without `soffice` the test fails on CI
/// (`CI=true`: .ci/run installs it) and is skipped elsewhere.
#[test]
fn libreoffice_reads_the_fixed_value() {
    let has = Command::new("soffice").arg("--version").output().is_ok();
    if !has {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "soffice (LibreOffice) is not installed; .ci/run installs it"
        );
        eprintln!("skipped: soffice not on PATH");
        return;
    }
    for seed in 0..3 {
        let (xml, _, right) = wrong_report(seed);
        // LibreOffice's text export prints tracked deletions too (Word does not show them)
        let xml = xml.replace(
            "<w:del w:id=\"9\" w:author=\"审核\"><w:r><w:delText>8</w:delText></w:r></w:del>",
            "",
        );
        let (fixed, out, dir) = fix(&wordfile::package(&xml));
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(read_back(dir.path(), &fixed), right, "seed {seed}");
    }
    let corpus = std::fs::read(docx_corpus("example_clean_wrong_total.docx")).unwrap();
    let (fixed, _, dir) = fix(&corpus);
    let text = soffice_text(dir.path(), &fixed);
    let at = text.find("（一）予以公开").expect("the row");
    let cells: Vec<&str> = text[at..].lines().skip(1).take(7).map(str::trim).collect();
    assert_eq!(cells, ["21", "2", "0", "0", "1", "0", "24"]);
}

/// The total of 一、本年新收 as LibreOffice reads it from `docx`.
fn read_back(dir: &Path, docx: &[u8]) -> String {
    let text = soffice_text(dir, docx);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("一、本年新收"))
        .expect("the row");
    // the row's cells follow its label, one a line: the total is the seventh value
    let values: Vec<&str> = lines[at + 1..]
        .iter()
        .copied()
        .filter(|l| !l.is_empty())
        .take(7)
        .collect();
    values.last().copied().unwrap_or("").to_owned()
}

/// `soffice --headless --convert-to txt:Text` of `docx` (its own profile, in `dir`).
fn soffice_text(dir: &Path, docx: &[u8]) -> String {
    let path = write(dir, "fixed.docx", docx);
    let outdir = dir.join("txt");
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.display());
    let conv = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(&outdir)
        .arg(&path)
        .output()
        .unwrap();
    std::fs::read_to_string(outdir.join("fixed.txt"))
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&conv.stderr)))
}
