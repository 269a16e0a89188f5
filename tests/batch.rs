//! The binary on many files: SARIF validated against the official schema, baselines and inline
//! markers, NB401 across the paths given, output order under parallelism, the summary line.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::report;

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run_in(dir: &Path, args: &[&str], threads: Option<usize>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir).stdin(Stdio::null());
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n.to_string());
    }
    cmd.output().expect("the binary runs")
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(ROOT), args, None)
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn corpus() -> Vec<String> {
    vec![
        "tests/corpus/seeds".to_owned(),
        "tests/corpus/real".to_owned(),
    ]
}

// ---- SARIF ----

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(Path::new(ROOT).join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(log: &Value) {
    let v = validator();
    let errors: Vec<String> = v
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_of_examples_and_corpus_validates_against_the_schema() {
    let mut args = vec!["check", "--format", "sarif", "examples"];
    let corpus = corpus();
    args.extend(corpus.iter().map(String::as_str));
    let out = run(&args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let log: Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    assert_valid_sarif(&log);
    let run0 = &log["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), nianbao::checks::RULES.len());
    let nb102 = rules.iter().find(|r| r["id"] == "NB102").unwrap();
    assert_eq!(nb102["defaultConfiguration"]["level"], "error");
    assert!(nb102["help"]["markdown"].as_str().unwrap().len() > 50);

    // Same findings, same positions as the JSON Lines output.
    let mut jargs = vec!["check", "--format", "json", "examples"];
    jargs.extend(corpus.iter().map(String::as_str));
    let lines: Vec<Value> = stdout(&run(&jargs))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), lines.len());
    for (r, j) in results.iter().zip(&lines) {
        assert_eq!(r["ruleId"], j["code"]);
        let loc = &r["locations"][0]["physicalLocation"];
        let region = &loc["region"];
        assert_eq!(region["startLine"], j["line"]);
        assert_eq!(region["startColumn"], j["column"]);
        assert_eq!(region["endLine"], j["end_line"]);
        assert_eq!(region["endColumn"], j["end_column"]);
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(r["partialFingerprints"]["nianbao/v1"].is_string());
    }
    // A safe fix is an artifact change deleting the cell's bytes and inserting the new number.
    let fixed = results
        .iter()
        .find(|r| r["ruleId"] == "NB101" && r["fixes"].is_array())
        .expect("examples/unbalanced.txt has a fixable NB101");
    let repl = &fixed["fixes"][0]["artifactChanges"][0]["replacements"][0];
    let text = fs::read_to_string(Path::new(ROOT).join("examples/unbalanced.txt")).unwrap();
    let at = repl["deletedRegion"]["byteOffset"].as_u64().unwrap() as usize;
    let len = repl["deletedRegion"]["byteLength"].as_u64().unwrap() as usize;
    assert_eq!(&text[at..at + len], "13");
    assert_eq!(repl["insertedContent"]["text"], "12");
}

#[test]
fn sarif_schema_rejects_a_broken_log() {
    // The validator is not vacuous: a result without a message fails.
    let out = run(&["check", "--format", "sarif", "examples/unbalanced.txt"]);
    let mut log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    log["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator().is_valid(&log));
    log["version"] = "2.2".into();
    assert!(!validator().is_valid(&log));
}

// ---- NB401 across years ----

fn two_years() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("2022.txt");
    let b = dir.path().join("2023.txt");
    // 2022 carries 2 over to 2023; 2023 says it took 3.
    fs::write(&a, report(2022, 1, 2)).unwrap();
    fs::write(&b, report(2023, 3, 4)).unwrap();
    (dir, a, b)
}

#[test]
fn carry_over_is_compared_across_the_files_given() {
    let (dir, _, _) = two_years();
    let out = run_in(dir.path(), &["check", "2022.txt", "2023.txt"], None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(text.contains("warning[NB401]"), "{text}");
    assert!(text.contains(" --> 2023.txt:"), "{text}");
    assert!(
        text.contains("= note: 2022年度报告“四、结转下年度继续办理”此栏为2: 2022.txt:"),
        "{text}"
    );

    let out = run_in(dir.path(), &["check", "--format", "json", "."], None);
    let cross: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["code"] == "NB401")
        .collect();
    assert_eq!(cross.len(), 2, "自然人 and 总计: {cross:?}");
    for c in &cross {
        assert_eq!(c["path"], "./2023.txt");
        let last = c["related"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["path"], "./2022.txt");
        let other = fs::read_to_string(dir.path().join("2022.txt")).unwrap();
        let (s, e) = (
            last["byte_start"].as_u64().unwrap() as usize,
            last["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&other[s..e], "2");
    }

    // a GitHub annotation names last year's file and the value there in its message
    let out = run_in(dir.path(), &["check", "--format", "github", "."], None);
    let annotation = stdout(&out)
        .lines()
        .find(|l| l.contains("title=NB401"))
        .unwrap()
        .to_owned();
    assert!(
        annotation.starts_with("::warning file=./2023.txt,"),
        "{annotation}"
    );
    assert!(
        annotation.contains("（2022年度报告“四、结转下年度继续办理”此栏为2：./2022.txt:"),
        "{annotation}"
    );

    let out = run_in(dir.path(), &["check", "--format", "sarif", "."], None);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_valid_sarif(&log);
    let r = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "NB401")
        .unwrap()
        .clone();
    let rel = r["relatedLocations"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        rel["physicalLocation"]["artifactLocation"]["uri"],
        "2022.txt"
    );

    // one year alone: nothing to compare
    let out = run_in(dir.path(), &["check", "2023.txt"], None);
    assert!(!stdout(&out).contains("NB401"));
}

#[test]
fn the_audit_page_compares_the_years_too() {
    let (dir, _, _) = two_years();
    let out = run_in(dir.path(), &["report", "-o", "audit.html", "."], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = fs::read_to_string(dir.path().join("audit.html")).unwrap();
    let section = &page[page
        .find("id=\"across-years\"")
        .expect("a cross-year section")..];
    let items: Vec<&str> = section.lines().filter(|l| l.contains(">NB401<")).collect();
    assert_eq!(items.len(), 2, "自然人 and 总计: {items:?}");
    for item in items {
        assert!(item.contains("<code>./2023.txt</code>:"), "{item}");
        assert!(
            item.contains("上年度报告 <code>./2022.txt</code>:"),
            "{item}"
        );
        assert!(item.ends_with("此栏为 2</div></li>"), "{item}");
    }
    // the page, now in the folder, is not taken for a report when the folder is read again
    let out = run_in(dir.path(), &["check", "."], None);
    assert!(stdout(&out).contains("Checked 2 files"), "{}", stdout(&out));

    // one year alone: no such section
    let out = run_in(dir.path(), &["report", "-o", "one.html", "2023.txt"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = fs::read_to_string(dir.path().join("one.html")).unwrap();
    assert!(!page.contains("across-years"));
}

// ---- baseline and inline markers ----

/// `examples/unbalanced.txt` in a temporary folder.
fn unbalanced() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    fs::copy(Path::new(ROOT).join("examples/unbalanced.txt"), &path).unwrap();
    (dir, path)
}

#[test]
fn a_baseline_survives_edits_elsewhere_and_not_a_changed_cell() {
    let (dir, path) = unbalanced();
    let d = dir.path();
    let before = run_in(d, &["check", "r.txt"], None);
    assert_eq!(before.status.code(), Some(1));
    assert!(stdout(&before).contains("error[NB101]"));

    // accept the current findings
    let out = run_in(d, &["check", "--write-baseline", "b.json", "r.txt"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("to the baseline b.json"));
    let b: Value = serde_json::from_str(&fs::read_to_string(d.join("b.json")).unwrap()).unwrap();
    let entry = b["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "NB101")
        .unwrap()
        .clone();
    assert_eq!(entry["organ"], "石泉县东坪乡人民政府");
    assert_eq!(entry["year"], 2023);
    assert_eq!(entry["table"], "s3");
    assert_eq!(entry["value"], "13");
    assert!(entry.get("line").is_none());

    let out = run_in(d, &["check", "--baseline", "b.json", "r.txt"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("findings suppressed"),
        "{}",
        stdout(&out)
    );

    // SARIF keeps the accepted findings as suppressed results (kind external), and validates
    let out = run_in(
        d,
        &[
            "check",
            "--format",
            "sarif",
            "--baseline",
            "b.json",
            "r.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results
            .iter()
            .all(|r| r["suppressions"][0]["kind"] == "external"),
        "{results:#?}"
    );

    // lines added above the table: still accepted
    let text = fs::read_to_string(&path).unwrap();
    let at = text.find("三、收到和处理").unwrap();
    let edited = format!(
        "{}此外，本机关还做了许多工作。\n\n另有说明。\n{}",
        &text[..at],
        &text[at..]
    );
    fs::write(&path, &edited).unwrap();
    let out = run_in(d, &["check", "--baseline", "b.json", "r.txt"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // the wrong 总计 changed from 13 to 15: reported again
    let line_start = edited.find("1.本机关不掌握相关政府信息 | 9 |").unwrap();
    let cell = line_start + edited[line_start..].find("| 13 |").unwrap() + 2;
    let changed = format!("{}15{}", &edited[..cell], &edited[cell + 2..]);
    fs::write(&path, changed).unwrap();
    let out = run_in(d, &["check", "--baseline", "b.json", "r.txt"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[NB101]"), "{}", stdout(&out));

    // a missing baseline file suppresses nothing; a broken one is an error
    let out = run_in(d, &["check", "--baseline", "none.json", "r.txt"], None);
    assert_eq!(out.status.code(), Some(1));
    fs::write(d.join("bad.json"), "{").unwrap();
    let out = run_in(d, &["check", "--baseline", "bad.json", "r.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a nianbao baseline"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn inline_markers_suppress_a_code_or_one_cell() {
    let (dir, path) = unbalanced();
    let d = dir.path();
    let text = fs::read_to_string(&path).unwrap();
    let codes = |out: &Output| -> Vec<String> {
        stdout(out)
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["code"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let all = codes(&run_in(d, &["check", "--format", "json", "r.txt"], None));
    assert!(all.contains(&"NB101".to_owned()));

    fs::write(&path, format!("{text}\n# nianbao-disable NB101\n")).unwrap();
    let some = codes(&run_in(d, &["check", "--format", "json", "r.txt"], None));
    assert!(!some.contains(&"NB101".to_owned()), "{some:?}");
    assert_eq!(some.len(), all.len() - 1);

    // an HTML comment naming another cell: not suppressed
    fs::write(
        &path,
        format!("{text}\n<!-- nianbao-disable NB101 s3.total:natural -->\n"),
    )
    .unwrap();
    let some = codes(&run_in(d, &["check", "--format", "json", "r.txt"], None));
    assert_eq!(some, all);

    // naming the cell: suppressed
    let id = {
        let a = nianbao::analyse(&text);
        let f = a.findings.iter().find(|f| f.code == "NB101").unwrap();
        let t = a
            .report
            .tables
            .iter()
            .find(|t| t.kind().id() == "s3")
            .unwrap();
        let (at, _) = t.cells().find(|(_, c)| c.span == f.span).unwrap();
        t.template.cell_id(at)
    };
    fs::write(
        &path,
        format!("{text}\n<!-- nianbao-disable NB101 {id} -->\n"),
    )
    .unwrap();
    let some = codes(&run_in(d, &["check", "--format", "json", "r.txt"], None));
    assert!(!some.contains(&"NB101".to_owned()), "{id}: {some:?}");
}

// ---- batches ----

#[test]
fn parallel_output_is_in_input_order_and_equals_a_single_thread_run() {
    let mut args = vec!["check", "--format", "json", "examples"];
    let corpus = corpus();
    args.extend(corpus.iter().map(String::as_str));
    let one = run_in(Path::new(ROOT), &args, Some(1));
    let many = run_in(Path::new(ROOT), &args, Some(4));
    assert_eq!(stdout(&one), stdout(&many));
    let mut human = args.clone();
    human[2] = "human";
    let strip = |o: &Output| {
        regex::Regex::new(r" in [0-9.ms]+:")
            .unwrap()
            .replace_all(&stdout(o), ":")
            .into_owned()
    };
    assert_eq!(
        strip(&run_in(Path::new(ROOT), &human, Some(1))),
        strip(&run_in(Path::new(ROOT), &human, Some(3)))
    );
    // paths appear in the order of the command line, then sorted within a folder
    let paths: Vec<String> = stdout(&many)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut seen: Vec<&String> = Vec::new();
    for p in &paths {
        if seen.last() != Some(&p) {
            assert!(!seen.contains(&p), "{p} printed in two places");
            seen.push(p);
        }
    }
    let examples: Vec<_> = seen.iter().filter(|p| p.starts_with("examples")).collect();
    assert!(examples.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn every_batch_run_ends_with_a_summary() {
    let out = run(&["check", "examples"]);
    let last = stdout(&out)
        .lines()
        .find(|l| l.starts_with("Checked"))
        .unwrap()
        .to_owned();
    assert!(
        regex::Regex::new(
            r"^Checked 3 files in [0-9.]+s: 4 errors, 1 warning, 1 information, 0 hints\.$"
        )
        .unwrap()
        .is_match(&last),
        "{last}"
    );
    // machine formats keep standard output clean: the summary goes to standard error
    for format in ["json", "github", "sarif"] {
        let out = run(&["check", "--format", format, "examples"]);
        assert!(
            stderr(&out).contains("Checked 3 files in "),
            "{format}: {}",
            stderr(&out)
        );
        assert!(!stdout(&out).contains("Checked 3 files"), "{format}");
    }
    // no progress bar when standard error is not a terminal
    let out = run(&["check", "--format", "json", "tests/corpus"]);
    assert!(!stderr(&out).contains("files,"), "{}", stderr(&out));
}

// ---- report (without a browser: tests/audit_browser.rs loads it in Chromium) ----

#[test]
fn report_writes_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("audit.html");
    let out = run(&["report", "examples", "-o", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("3 reports read, 2 with errors"),
        "{}",
        stderr(&out)
    );
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // nothing loaded from elsewhere
    for needle in ["src=", "<link", "http://", "https://", "@import"] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
    assert!(html.contains("<script>") && html.contains("<style>"));
    // the wrong 总计 of （四）1 in unbalanced.txt, with the value it should have
    assert!(
        html.contains("data-cell=\"s3.unable.not_held:total\" data-codes=\"NB101 NB102\""),
        "{html}"
    );
    assert!(html.contains("<span class=\"stated\">13</span> → <span class=\"computed\">12</span>"));
    assert!(html.contains("各类申请人之和为12"));
    // the clean report is listed, without a section
    assert!(html.contains("<tr data-path=\"examples/clean.txt\">"));
    assert!(!html.contains("data-path=\"examples/clean.txt\">\n<h2>"));
    // a marker hides the finding in the page too
    let copy = dir.path().join("r.txt");
    let text = fs::read_to_string(Path::new(ROOT).join("examples/unbalanced.txt")).unwrap();
    fs::write(&copy, format!("{text}\n# nianbao-disable NB101,NB102\n")).unwrap();
    let out = run(&[
        "report",
        copy.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let html = fs::read_to_string(&page).unwrap();
    assert!(!html.contains("s3.unable.not_held:total"));
    assert!(html.contains("data-cell=\"s4.review:total\""));
}

#[test]
fn carry_over_is_not_compared_with_an_ambiguous_last_year() {
    let (dir, _, _) = two_years();
    // a second file claiming to be the organ's 2022 report
    fs::write(dir.path().join("2022-copy.txt"), report(2022, 1, 3)).unwrap();
    let out = run_in(dir.path(), &["check", "--format", "json", "."], None);
    assert!(!stdout(&out).contains("NB401"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("note: 2 files are 某某县人民政府's report for 2022"),
        "{}",
        stderr(&out)
    );
    // copies of this year are each compared with the one report of last year
    fs::remove_file(dir.path().join("2022-copy.txt")).unwrap();
    for k in 0..30 {
        fs::write(
            dir.path().join(format!("2023-{k:02}.txt")),
            report(2023, 3, 4),
        )
        .unwrap();
    }
    let out = run_in(dir.path(), &["check", "--format", "json", "."], None);
    let n = stdout(&out)
        .lines()
        .filter(|l| l.contains("\"NB401\""))
        .count();
    assert_eq!(n, 2 * 31);
}

#[test]
fn sarif_uris_are_valid_for_chinese_names_absolute_paths_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("年报")).unwrap();
    let name = dir.path().join("年报").join("东坪乡 2023.txt");
    fs::copy(Path::new(ROOT).join("examples/unbalanced.txt"), &name).unwrap();
    let uri = |out: &Output| -> String {
        let log: Value = serde_json::from_str(&stdout(out)).unwrap();
        assert_valid_sarif(&log);
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let rel = run_in(dir.path(), &["check", "--format", "sarif", "年报"], None);
    assert_eq!(
        uri(&rel),
        "%E5%B9%B4%E6%8A%A5/%E4%B8%9C%E5%9D%AA%E4%B9%A1%202023.txt"
    );
    let abs = run(&["check", "--format", "sarif", name.to_str().unwrap()]);
    assert!(uri(&abs).starts_with("file:///"), "{}", uri(&abs));

    let mut child = Command::new(BIN)
        .args(["check", "--format", "sarif", "-"])
        .current_dir(ROOT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&fs::read(&name).unwrap())
        .unwrap();
    let piped = child.wait_with_output().unwrap();
    assert_eq!(uri(&piped), "stdin");
}

#[test]
fn a_progress_bar_is_drawn_on_a_terminal_for_many_files() {
    // `script` (util-linux) runs the command on a pseudo-terminal.
    if Command::new("script").arg("--version").output().is_err() {
        println!("note: `script` not found; the terminal progress bar is not tested");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(Path::new(ROOT).join("examples/clean.txt")).unwrap();
    for k in 0..25 {
        fs::write(dir.path().join(format!("r{k:02}.txt")), &text).unwrap();
    }
    let cmd = format!(
        "{BIN} check --format json {} > /dev/null",
        dir.path().display()
    );
    let out = Command::new("script")
        .args(["-qfec", &cmd, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("/25 files"), "{screen}");
    assert!(screen.contains("Checked 25 files in"), "{screen}");
    // fewer files: no bar
    let few = format!(
        "{BIN} check --format json {}/r0*.txt > /dev/null",
        dir.path().display()
    );
    let out = Command::new("script")
        .args(["-qfec", &few, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(!screen.contains(" files,"), "{screen}");
    assert!(screen.contains("Checked 10 files in"), "{screen}");
}
