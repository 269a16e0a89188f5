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

/// `nianbao report DIRS… -o OUT/audit.html`, run from the repository; the page's path.
fn render(dirs: &[&str], out: &Path) -> PathBuf {
    let page = out.join("audit.html");
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
    page
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
    let page = render(&dirs, out_dir.path());

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

/// What the reviewer's view should show of one report, from the engine.
#[derive(Debug)]
struct Reviewed {
    /// `organ_key` of the organ read, `None` when none was.
    organ: Option<String>,
    year: Option<u32>,
    /// Errors, warnings, information and hints.
    counts: [usize; 3],
    /// 新收申请, 予以公开, 行政复议, 行政诉讼 as the model holds them.
    figures: [Option<i64>; 4],
}

/// The figures' cells, named as the template names them (`row:column`), summed.
const FIGURE_CELLS: [(&str, &[&str]); 4] = [
    ("new", &["s3.new:total"]),
    ("granted", &["s3.granted:total"]),
    ("review", &["s4.review:total"]),
    ("suit", &["s4.suit_direct:total", "s4.suit_after:total"]),
];

fn figure(report: &nianbao::model::Report, cells: &[&str]) -> Option<i64> {
    let mut sum = 0;
    for id in cells {
        let (row, col) = id.split_once(':').unwrap();
        let table = report
            .tables
            .iter()
            .find(|t| t.template.row_index(row).is_some())?;
        let at = nianbao::template::CellRef {
            row: table.template.row_index(row)?,
            col: table.template.columns.iter().position(|c| c.id == col)?,
        };
        sum += table.int(at)?;
    }
    Some(sum)
}

fn reviewed(paths: &[String]) -> Vec<Reviewed> {
    let mut out = Vec::new();
    for p in paths {
        let bytes = fs::read(Path::new(ROOT).join(p)).unwrap();
        let text = nianbao::text::decode(&bytes).unwrap().text;
        if !nianbao::is_annual_report(&text) {
            continue;
        }
        let a = nianbao::analyse(&text);
        let mut counts = [0; 3];
        for f in &a.findings {
            counts[match f.severity {
                nianbao::Severity::Error => 0,
                nianbao::Severity::Warning => 1,
                _ => 2,
            }] += 1;
        }
        out.push(Reviewed {
            organ: a
                .report
                .organ
                .as_deref()
                .map(nianbao::corpus::years::organ_key)
                .filter(|k| !k.is_empty()),
            year: a.report.year,
            counts,
            figures: FIGURE_CELLS.map(|(_, cells)| figure(&a.report, cells)),
        });
    }
    out
}

/// The summary table as the browser holds it: organ key → year attribute → each report's
/// (errors, warnings, notes, href); and the header's years.
type Summary = (
    Vec<String>,
    BTreeMap<String, BTreeMap<String, Vec<[String; 4]>>>,
);

fn summary(dom: &str) -> Summary {
    let table = dom
        .split("<table id=\"organs\">")
        .nth(1)
        .expect("a summary table")
        .split("</table>")
        .next()
        .unwrap();
    let (head, body) = table.split_once("</thead>").unwrap();
    let years: Vec<String> = head
        .split("<th data-year=\"")
        .skip(1)
        .map(|th| th[..th.find('"').unwrap()].to_owned())
        .collect();
    let mut rows = BTreeMap::new();
    for tr in body.split("<tr data-organ=\"").skip(1) {
        let key = tr[..tr.find('"').unwrap()].replace("&amp;", "&");
        let mut cells = BTreeMap::new();
        for td in tr.split("<td data-year=\"").skip(1) {
            let year = td[..td.find('"').unwrap()].to_owned();
            let reports: Vec<[String; 4]> = td
                .split("<a class=\"rep\"")
                .skip(1)
                .map(|a| {
                    ["data-errors", "data-warnings", "data-notes", "href"]
                        .map(|n| attr(a, n).unwrap().to_owned())
                })
                .collect();
            cells.insert(year, reports);
        }
        rows.insert(key, cells);
    }
    (years, rows)
}

/// (year, value, cy) of the points of one organ's chart of one figure.
fn chart_points(dom: &str, organ: &str, figure: &str) -> Vec<(u32, i64, f64)> {
    let trend = dom
        .split(&format!("<div class=\"trend\" data-organ=\"{organ}\">"))
        .nth(1)
        .unwrap_or_else(|| panic!("no charts for {organ}"));
    let trend = trend.split("<div class=\"trend\"").next().unwrap();
    let svg = trend
        .split(&format!("data-figure=\"{figure}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no chart of {figure} for {organ}"))
        .split("</svg>")
        .next()
        .unwrap();
    assert!(svg.contains("<title") && svg.contains("<desc"), "{svg}");
    svg.split("<circle ")
        .skip(1)
        .map(|c| {
            (
                attr(c, "data-year").unwrap().parse().unwrap(),
                attr(c, "data-value").unwrap().parse().unwrap(),
                attr(c, "cy").unwrap().parse().unwrap(),
            )
        })
        .collect()
}

/// The page over the examples and the corpus (several organs, several years, reports with no
/// organ or year) opens with the table organ × year, counts and links matching the engine's
/// findings, and with charts of the main figures for each organ of two years or more whose
/// points are the model's numbers; a screenshot of it is what docs/reviewer-view.png shows.
#[test]
fn reviewer_view_summarises_organs_and_years_in_a_browser() {
    let Some(browser) = chromium() else {
        println!("note: Chromium not found; the reviewer-view test is skipped.");
        return;
    };
    let dirs = [
        "examples",
        "tests/corpus/seeds",
        "tests/corpus/real",
        "tests/corpus/web",
    ];
    let out_dir = tempfile::tempdir().unwrap();
    let page = render(&dirs, out_dir.path());
    let url = format!("file://{}", page.display());
    let dom =
        String::from_utf8_lossy(&headless(&browser, &["--dump-dom"], &url).stdout).into_owned();
    let want = reviewed(&inputs(&dirs));

    // One column per year present, the unknown year last; one row per organ, the unknown last.
    let (years, rows) = summary(&dom);
    let mut want_years: Vec<Option<u32>> = want.iter().map(|r| r.year).collect();
    want_years.sort_by_key(|y| (y.is_none(), *y));
    want_years.dedup();
    let as_attr = |y: Option<u32>| y.map(|y| y.to_string()).unwrap_or_default();
    assert_eq!(
        years,
        want_years.iter().map(|&y| as_attr(y)).collect::<Vec<_>>()
    );
    assert!(
        years.len() >= 5 && years.last().unwrap().is_empty(),
        "{years:?}"
    );
    let organs: BTreeSet<String> = want
        .iter()
        .map(|r| r.organ.clone().unwrap_or_default())
        .collect();
    assert_eq!(rows.keys().cloned().collect::<BTreeSet<_>>(), organs);
    assert!(organs.len() >= 4 && organs.contains(""), "{organs:?}");

    // Every report in its organ's row and year's column, in order, with its counts, linking
    // to a place in the page.
    let mut cells: BTreeMap<(String, String), Vec<[String; 3]>> = BTreeMap::new();
    for r in &want {
        cells
            .entry((r.organ.clone().unwrap_or_default(), as_attr(r.year)))
            .or_default()
            .push(r.counts.map(|n| n.to_string()));
    }
    for (organ, by_year) in &rows {
        for (year, reports) in by_year {
            let got: Vec<[String; 3]> = reports
                .iter()
                .map(|[e, w, n, _]| [e.clone(), w.clone(), n.clone()])
                .collect();
            let expected = cells
                .remove(&(organ.clone(), year.clone()))
                .unwrap_or_default();
            assert_eq!(got, expected, "{organ} {year}");
            for [.., href] in reports {
                let id = format!("id=\"{}\"", href.trim_start_matches('#'));
                assert!(dom.contains(&id), "{href} leads nowhere");
            }
        }
    }
    assert!(
        cells.is_empty(),
        "reports missing from the summary: {cells:?}"
    );

    // Charts for the organs of two years or more, their points the model's numbers (the first
    // report of a year in the order given), drawn higher for higher values.
    let mut charted = 0;
    for organ in organs.iter().filter(|o| !o.is_empty()) {
        let mine: Vec<&Reviewed> = want
            .iter()
            .filter(|r| r.organ.as_ref() == Some(organ))
            .collect();
        let known: BTreeSet<u32> = mine.iter().filter_map(|r| r.year).collect();
        let marker = format!("<div class=\"trend\" data-organ=\"{organ}\">");
        if known.len() < 2 {
            assert!(!dom.contains(&marker), "{organ} has one year");
            continue;
        }
        charted += 1;
        for (i, (id, _)) in FIGURE_CELLS.iter().enumerate() {
            let expected: Vec<(u32, i64)> = known
                .iter()
                .filter_map(|&y| {
                    let v = mine
                        .iter()
                        .filter(|r| r.year == Some(y))
                        .find_map(|r| r.figures[i])?;
                    Some((y, v))
                })
                .collect();
            let mut points = chart_points(&dom, organ, id);
            assert_eq!(
                points.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
                expected,
                "{organ} {id}"
            );
            points.sort_by_key(|p| p.1);
            for w in points.windows(2) {
                assert!(
                    w[0].2 >= w[1].2 && (w[0].1 != w[1].1 || w[0].2 == w[1].2),
                    "{w:?}"
                );
            }
        }
    }
    assert!(charted >= 1, "the corpus has an organ of several years");
    assert!(want.iter().any(|r| r.figures.iter().all(Option::is_some)));

    // The top of the page as a reviewer first sees it.
    let shot = out_dir.path().join("reviewer-view.png");
    let taken = headless(
        &browser,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1400,1000",
        ],
        &url,
    );
    let png = fs::read(&shot)
        .unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&taken.stderr)));
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    if let Ok(dest) = std::env::var("NIANBAO_REVIEW_SCREENSHOT") {
        fs::copy(&shot, dest).unwrap();
    }
}
