//! `nianbao report` in a real browser: the audit page of the examples and the corpus is loaded
//! in headless Chromium, its script run (sorting by errors, from the address's `#sort=`), and
//! the DOM Chromium ends with is compared with what the engine found: every cell a finding is on
//! is highlighted, in the right report's section, with its computed value when a fix gives one.
//!
//! Skipped, with a note, when no Chromium is installed; `.ci/run` installs it, so CI runs it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Run headless Chromium on `url` with the flags that keep it off the network.
fn headless(browser: &Path, extra: &[&str], url: &str) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .expect("chromium runs")
}

/// The inputs as `nianbao` names them: files of each folder, sorted, `dir/name`.
fn inputs(dirs: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for dir in dirs {
        let mut names: Vec<String> = fs::read_dir(Path::new(ROOT).join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| {
                !n.starts_with('.')
                    && [".txt", ".md", ".html", ".htm"]
                        .iter()
                        .any(|x| n.to_lowercase().ends_with(x))
            })
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    out
}

/// Highlighted cell ids by report path, and (stated, computed) value pairs.
type Expected = (BTreeMap<String, BTreeSet<String>>, Vec<(String, String)>);

/// Cell ids a finding is on, by path, as the engine sees them; and the computed values.
fn expected(paths: &[String]) -> Expected {
    let mut cells = BTreeMap::new();
    let mut computed = Vec::new();
    for p in paths {
        let Ok(bytes) = fs::read(Path::new(ROOT).join(p)) else {
            continue;
        };
        let Ok(decoded) = nianbao::text::decode(&bytes) else {
            continue;
        };
        let text = decoded.text;
        if !nianbao::is_annual_report(&text) {
            continue;
        }
        let a = nianbao::analyse(&text);
        let mut set = BTreeSet::new();
        for f in &a.findings {
            for t in &a.report.tables {
                if let Some((at, c)) = t
                    .cells()
                    .find(|(_, c)| !c.span.is_empty() && c.span == f.span)
                {
                    set.insert(t.template.cell_id(at));
                    if let Some(e) = f
                        .fixes
                        .first()
                        .and_then(|x| x.edits.iter().find(|e| e.span == c.span))
                    {
                        if !e.replacement.is_empty() {
                            computed.push((
                                text[c.span.start..c.span.end].to_owned(),
                                e.replacement.clone(),
                            ));
                        }
                    }
                }
            }
        }
        if !set.is_empty() {
            cells.insert(p.clone(), set);
        }
    }
    (cells, computed)
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')?;
    Some(&tag[at..at + end])
}

#[test]
fn audit_page_highlights_the_wrong_cells_in_a_browser() {
    let Some(browser) = chromium() else {
        println!(
            "note: Chromium not found (apt-get install -y chromium); the browser test is skipped. .ci/run installs it."
        );
        return;
    };
    let dirs = ["examples", "tests/corpus/seeds", "tests/corpus/real"];
    let out_dir = tempfile::tempdir().unwrap();
    let page = out_dir.path().join("audit.html");
    let mut args = vec!["report".to_owned()];
    args.extend(dirs.iter().map(|d| d.to_string()));
    args.extend(["-o".to_owned(), page.display().to_string()]);
    let out = Command::new(BIN)
        .args(&args)
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let url = format!("file://{}#sort=errors-desc", page.display());
    let dumped = headless(&browser, &["--dump-dom"], &url);
    let dom = String::from_utf8_lossy(&dumped.stdout).into_owned();
    assert!(
        dom.contains("<table id=\"reports\""),
        "no page in the DOM: {}",
        String::from_utf8_lossy(&dumped.stderr)
    );

    let paths = inputs(&dirs);
    let (want, computed) = expected(&paths);
    assert!(
        want.values().map(BTreeSet::len).sum::<usize>() >= 2,
        "the examples have findings on cells: {want:?}"
    );

    // Every report section: the highlighted cells are exactly those findings are on.
    let mut got: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for section in dom.split("<section class=\"report\"").skip(1) {
        let section = section.split("</section>").next().unwrap();
        let path = attr(section, "data-path").unwrap().replace("&amp;", "&");
        let cells: BTreeSet<String> = section
            .split("<td class=\"bad\"")
            .skip(1)
            .map(|td| attr(td, "data-cell").unwrap().to_owned())
            .collect();
        if !cells.is_empty() {
            got.insert(path, cells);
        }
    }
    assert_eq!(got, want);
    for (stated, fixed) in &computed {
        let shown = format!(
            "<span class=\"stated\">{stated}</span> → <span class=\"computed\">{fixed}</span>"
        );
        assert!(dom.contains(&shown), "{shown} not in the page");
    }
    // Messages in Chinese, with the highlighted cell's message as its title.
    assert!(dom.contains("各类申请人之和为12"));

    // The script ran: the reports are sorted by errors, most first.
    let reports = dom.split("<table id=\"reports\"").nth(1).unwrap();
    let head = reports.split("</thead>").next().unwrap();
    assert!(
        head.contains("data-key=\"errors\" data-type=\"n\" aria-sort=\"descending\""),
        "{head}"
    );
    let body = reports
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    let errors: Vec<usize> = body
        .split("<tr")
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row.split("<td").collect();
            let n = cells[4];
            n[n.find('>').unwrap() + 1..n.find("</td>").unwrap()]
                .parse()
                .unwrap()
        })
        .collect();
    assert!(!errors.is_empty());
    assert!(errors.windows(2).all(|w| w[0] >= w[1]), "{errors:?}");
    let read = dom.split("id=\"n-read\"><b>").nth(1).unwrap();
    assert_eq!(read[..read.find('<').unwrap()], errors.len().to_string());

    // A screenshot renders (what docs/audit.png shows).
    let shot = out_dir.path().join("audit.png");
    let taken = headless(
        &browser,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1400,2000",
        ],
        &url,
    );
    let png = fs::read(&shot)
        .unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&taken.stderr)));
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    if let Ok(dest) = std::env::var("NIANBAO_SCREENSHOT") {
        fs::copy(&shot, dest).unwrap();
    }
}
