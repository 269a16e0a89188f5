//! The two front ends give the same answers because the policies are the library's
//! (`nianbao::corpus`): which files are reports, which report is last year's when there are
//! copies, what NB401 finds. `nianbao check` (the binary) and `nianbao lsp` (in process, with a
//! folder as its workspace) are run on the same folders and compared; and what counts as an
//! annual report is pinned on every report and every non-report this repository holds.

mod common;
mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::Client;
use nianbao::lsp::Engine;
use serde_json::Value;
use support::report;
use tower_lsp_server::ls_types::Uri;

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn check(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(ROOT);
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// An NB401 finding as both front ends can state it: the file it is in, its start (0-based
/// line and character; the text is in the BMP, so UTF-16 units are characters), the file of
/// the related location and its start.
type Cross = (String, u64, u64, String, u64, u64);

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// `nianbao check --format json DIR`: the NB401 findings, and standard error.
fn cli_nb401(dir: &Path) -> (Vec<Cross>, String) {
    cli_cross(dir, &["NB401"])
}

/// `nianbao check --format json DIR`: the findings with one of `codes`, and standard error.
fn cli_cross(dir: &Path, codes: &[&str]) -> (Vec<Cross>, String) {
    let out = check(&["check", "--format", "json", dir.to_str().unwrap()], None);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut found: Vec<Cross> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| codes.iter().any(|c| v["code"] == *c))
        .map(|v| {
            // last year's cell comes last, after the finding's own related cells
            let r = v["related"].as_array().unwrap().last().unwrap();
            (
                file_name(v["path"].as_str().unwrap()),
                v["line"].as_u64().unwrap() - 1,
                v["column"].as_u64().unwrap() - 1,
                file_name(r["path"].as_str().unwrap()),
                r["line"].as_u64().unwrap() - 1,
                r["column"].as_u64().unwrap() - 1,
            )
        })
        .collect();
    found.sort();
    (found, String::from_utf8(out.stderr).unwrap())
}

/// The server with `dir` as its workspace, `open` opened: its NB401 diagnostics, and what it
/// logged.
async fn server_nb401(dir: &Path, open: &Path) -> (Vec<Cross>, Vec<String>) {
    server_cross(dir, open, &["NB401"]).await
}

/// The server with `dir` as its workspace, `open` opened: its diagnostics with one of `codes`,
/// and what it logged.
async fn server_cross(dir: &Path, open: &Path, codes: &[&str]) -> (Vec<Cross>, Vec<String>) {
    let mut c = Client::in_workspace(Engine::default(), dir).await;
    let uri = Uri::from_file_path(open).unwrap();
    c.open(uri.as_str(), &fs::read_to_string(open).unwrap())
        .await;
    let published = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        })
        .await;
    // anything logged with the publication (a note is sent beside it)
    c.settle(std::time::Duration::from_millis(200)).await;
    let logs: Vec<String> = c
        .all
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .map(|m| m["params"]["message"].as_str().unwrap().to_owned())
        .collect();
    let mut found: Vec<Cross> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| codes.iter().any(|c| d["code"] == *c))
        .map(|d| {
            let r = &d["relatedInformation"].as_array().unwrap().last().unwrap()["location"];
            let related: Uri = r["uri"].as_str().unwrap().parse().unwrap();
            (
                file_name(&open.display().to_string()),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                file_name(&related.to_file_path().unwrap().display().to_string()),
                r["range"]["start"]["line"].as_u64().unwrap(),
                r["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert!(c.shutdown_and_exit().await);
    (found, logs)
}

/// A folder holding this year's report, last year's and a copy of last year's: both front ends
/// compare this year's with last year's once (the copy counts once), on the same cells, with
/// the related location in the same file (the first copy in path order).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nb401_is_the_same_from_the_command_line_and_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let this_year: PathBuf = dir.path().join("2025.txt");
    // 2025 carries 4 in; 2024 carried 5 out: 自然人 and 总计 differ
    fs::write(&this_year, report(2025, 4, 1)).unwrap();
    fs::write(dir.path().join("2024.txt"), report(2024, 3, 5)).unwrap();
    fs::write(dir.path().join("2024-copy.txt"), report(2024, 3, 5)).unwrap();
    fs::write(dir.path().join("README.md"), "# 说明\n这里是年度报告。\n").unwrap();

    let (cli, stderr) = cli_nb401(dir.path());
    let (server, logs) = server_nb401(dir.path(), &this_year).await;
    assert_eq!(cli.len(), 2, "自然人 and 总计, once: {cli:?}\n{stderr}");
    assert!(cli
        .iter()
        .all(|c| c.0 == "2025.txt" && c.3 == "2024-copy.txt"));
    assert_eq!(server, cli, "the server and `nianbao check` agree");
    assert!(!stderr.contains("note:"), "{stderr}");
    assert!(logs.iter().all(|l| !l.contains("NB401")), "{logs:?}");

    // a draft that differs from last year's report: neither compares, both say why
    fs::write(dir.path().join("2024-draft.txt"), report(2024, 3, 6)).unwrap();
    let (cli, stderr) = cli_nb401(dir.path());
    let (server, logs) = server_nb401(dir.path(), &this_year).await;
    assert!(cli.is_empty() && server.is_empty(), "{cli:?} {server:?}");
    let why = "3 files are 某某县人民政府's report for 2024 and differ in 四、结转下年度继续办理";
    assert!(stderr.contains(&format!("note: {why}")), "{stderr}");
    assert!(
        logs.iter().any(|l| l.starts_with(&format!("NB401: {why}"))),
        "{logs:?}"
    );
}

/// NB402 and NB511 (section 二's stock, the prose's change against last year) come from the
/// same pairing as NB401: both front ends report them on the same cells, with last year's cell
/// as the related location.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nb402_and_nb511_are_the_same_from_the_command_line_and_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let this_year: PathBuf = dir.path().join("2023.txt");
    let last = support::Extra {
        prose: "本年度工作有序推进。",
        s2: &support::s2_2021([0, 0, 3], [4, 1, 20]),
        s4: None,
    };
    // 20 + 3 − 1 = 22, not 25; 10 applications in 2022, 8 in 2023: not an increase
    let this = support::Extra {
        prose: "本年度收到申请8件，较上年增加2件。",
        s2: &support::s2_2021([0, 0, 3], [3, 1, 25]),
        s4: None,
    };
    fs::write(
        dir.path().join("2022.txt"),
        support::report_with(2022, 0, 10, &last),
    )
    .unwrap();
    fs::write(&this_year, support::report_with(2023, 10, 8, &this)).unwrap();

    let codes = ["NB402", "NB511"];
    let (cli, stderr) = cli_cross(dir.path(), &codes);
    let (server, _) = server_cross(dir.path(), &this_year, &codes).await;
    assert_eq!(cli.len(), 2, "NB402 and NB511: {cli:?}\n{stderr}");
    assert!(
        cli.iter().all(|c| c.0 == "2023.txt" && c.3 == "2022.txt"),
        "{cli:?}"
    );
    assert_eq!(server, cli, "the server and `nianbao check` agree");
}

/// The rule pages quote report lines, and the README and docs quote titles, headings and rows:
/// none of them is a report, so `nianbao check src/` finds nothing to check.
#[test]
fn the_sources_and_their_docs_hold_no_report() {
    let out = check(&["check", "src/", "docs/", "README.md"], None);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    // README.md, named, is said not to be a report, in one line; the folders' files are
    // passed over
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .collect::<Vec<_>>(),
        ["warning: README.md: not an annual report (no title line “…政府信息公开…年度报告”, 0 of the six section headings, 1 table header line); nothing checked"]
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");

    let out = check(&["check", "src/"], None);
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: no reports found (") && stderr.lines().count() == 1,
        "{stderr}"
    );
}

/// Standard input that is not a report: one line, exit 1 (README: a file asked to be checked
/// that is not a report fails the check), nothing on standard output.
#[test]
fn hello_on_standard_input_is_one_line() {
    let out = check(&["check", "-"], Some(b"hello\n"));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: <stdin>: not an annual report (no title line “…政府信息公开…年度报告”, 0 of the six section headings, 0 table header lines); nothing checked\n"
    );
    assert_eq!(out.status.code(), Some(1));

    // beside a report, it is counted in the summary
    let clean = fs::read(Path::new(ROOT).join("examples/clean.txt")).unwrap();
    let out = check(&["check", "examples/clean.txt", "-"], Some(b"hello\n"));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("Checked 1 file in "), "{stdout}");
    assert!(
        stdout.ends_with(
            ": no findings.\n1 file named is not an annual report: nothing was checked in it.\n"
        ),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
    let out = check(&["check", "-"], Some(&clean));
    assert_eq!(out.status.code(), Some(0));
}

fn files_under(dir: &str, ext: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(Path::new(ROOT).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ext.contains(&e.to_str().unwrap()))
        })
        .collect();
    out.sort();
    out
}

/// Every report the repository holds is one, in every form; every page about reports is not.
#[test]
fn what_counts_as_an_annual_report() {
    let reports: Vec<PathBuf> = [
        "tests/corpus/seeds",
        "tests/corpus/real",
        "tests/corpus/web",
    ]
    .iter()
    .flat_map(|d| files_under(d, &["txt", "md", "html"]))
    .chain(files_under("examples", &["txt"]))
    .collect();
    assert_eq!(reports.len(), 5 + 14 + 5 + 3);
    let mut table = String::new();
    for path in &reports {
        let text = nianbao::text::decode(&fs::read(path).unwrap())
            .unwrap()
            .text;
        let e = nianbao::corpus::identify(&text);
        table.push_str(&format!(
            "{} {} {} {}\n",
            u8::from(e.title),
            e.headings,
            e.table_heads,
            path.strip_prefix(ROOT).unwrap().display()
        ));
        assert!(e.is_report(), "{}: {e}", path.display());
        // the short-circuiting answer the server asks on each edit agrees
        assert!(nianbao::is_annual_report(&text), "{}", path.display());
    }
    // what each shows — title (1/0), section headings (of 6), table header lines (of 7):
    // all but 013 show two marks or three; 013, a PDF's later pages, only its tables' header
    // lines; the flattened web texts (real 001–005) their title and headings found after a
    // `。` or a number (002's 三 follows `元`: five); the 2018 format five headings
    assert_eq!(
        table,
        "\
1 6 5 tests/corpus/seeds/000_129bba510f05545a.txt
0 6 7 tests/corpus/seeds/001_7d7228ee9adc21b3.txt
0 6 7 tests/corpus/seeds/002_f490327802bf34e8.txt
1 6 4 tests/corpus/seeds/003_00cf7cc126b6d59e.txt
0 6 5 tests/corpus/seeds/004_f1ad9a8ab402356f.txt
1 5 0 tests/corpus/real/001_pingtan_2018.txt
1 5 0 tests/corpus/real/002_pingtan_2019.txt
1 6 0 tests/corpus/real/003_pingtan_2021.txt
1 6 0 tests/corpus/real/004_pingtan_2022.txt
1 6 0 tests/corpus/real/005_pingtan_2025.txt
1 6 6 tests/corpus/real/006_hongze_2024.txt
1 6 6 tests/corpus/real/007_hongze_2024.txt
1 6 6 tests/corpus/real/008_hongze_2024.txt
1 6 5 tests/corpus/real/009_hongze_2024.md
1 6 5 tests/corpus/real/010_huaian_2024.txt
1 6 6 tests/corpus/real/011_huaian_2024.txt
1 6 5 tests/corpus/real/012_huaian_2024.txt
0 1 6 tests/corpus/real/013_huaian_2024.txt
0 6 5 tests/corpus/real/014_pingtan_2025.html
1 5 0 tests/corpus/web/pingtan_2018.page.html
1 6 5 tests/corpus/web/pingtan_2019.page.html
1 6 5 tests/corpus/web/pingtan_2021.page.html
1 6 5 tests/corpus/web/pingtan_2022.page.html
1 6 5 tests/corpus/web/pingtan_2025.page.html
1 6 5 examples/broken-table.txt
1 6 5 examples/clean.txt
1 6 5 examples/unbalanced.txt
"
    );

    let mut not_reports: Vec<PathBuf> = files_under("src/checks/docs", &["md"]);
    not_reports.extend(files_under("docs", &["md"]));
    not_reports.push(Path::new(ROOT).join("README.md"));
    not_reports.push(Path::new(ROOT).join("tests/corpus/README.md"));
    assert!(not_reports.len() > 30);
    let mut most = nianbao::corpus::Evidence::default();
    for path in &not_reports {
        let text = fs::read_to_string(path).unwrap();
        let e = nianbao::corpus::identify(&text);
        assert!(!e.is_report(), "{}: {e}", path.display());
        assert!(!nianbao::is_annual_report(&text), "{}", path.display());
        most.title |= e.title;
        most.headings = most.headings.max(e.headings);
        most.table_heads = most.table_heads.max(e.table_heads);
    }
    // the closest: docs/layouts.md (section 三's heading, two table header lines in its
    // examples) and NB001.md (a heading it quotes)
    assert_eq!((most.title, most.headings, most.table_heads), (false, 1, 2));
    assert!(!nianbao::is_annual_report("hello"));
}
