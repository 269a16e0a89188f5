//! A probe for developers: what the engine makes of one file, and what it costs.
//!
//! ```text
//! cargo run --release --example probe -- dump   FILE   # sections, tables as read, findings
//! cargo run --release --example probe -- time   FILE   # first and median analysis time
//! cargo run --release --example probe -- stages FILE   # median of each engine stage
//! cargo run --release --example probe -- spin   FILE   # analyse in a loop, for perf/callgrind
//! cargo run --release --example probe -- lsp    FILE   # the server's own costs per edit
//! cargo run --release --example probe -- allocs FILE   # heap allocations of each engine stage
//! cargo run --release --example probe -- sites  FILE   # where an analysis allocates, by line
//! cargo run --release --example probe -- golden DIR    # every file's whole analysis, for diffing
//! ```

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
use std::alloc::System as Inner;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
use tikv_jemallocator::Jemalloc as Inner;

/// Counts allocations so `allocs` can say which stage makes them; otherwise the binary's
/// allocator (jemalloc, src/main.rs) unchanged, so timings are those of `nianbao`.
struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);
static FREED: AtomicUsize = AtomicUsize::new(0);
/// Only `allocs` counts: the atomic adds would otherwise be part of every timing.
static COUNTING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// Only `sites` records where each allocation is made.
static SITES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Allocations (and reallocations: `true`) by their call site, three frames of this crate.
type Sites = std::collections::HashMap<(bool, String), usize>;
static SITE_COUNTS: std::sync::Mutex<Option<Sites>> = std::sync::Mutex::new(None);

thread_local! {
    /// Set while a site is recorded: the backtrace and the map allocate too.
    static RECORDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Record the caller of an allocation: the first three frames in `src/` (file:line:column,
/// when the build has line tables; function names otherwise).
fn record_site(realloc: bool) {
    if !SITES.load(Relaxed) || RECORDING.with(|r| r.replace(true)) {
        return;
    }
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    let ours = |l: &&str| l.contains("src/") && l.contains(".rs:") && !l.contains("/rustc/");
    let mut frames: Vec<&str> = trace.lines().filter(ours).map(str::trim).take(3).collect();
    if frames.is_empty() {
        // no line tables: the functions of the engine (inlined ones are not named)
        let engine = |l: &&str| l.contains(" nianbao::");
        fn name(l: &str) -> &str {
            l.trim().split_once(": ").map_or(l, |(_, f)| f)
        }
        frames = trace.lines().filter(engine).map(name).take(3).collect();
    }
    let key = (realloc, frames.join(" <- "));
    let mut counts = SITE_COUNTS.lock().unwrap();
    *counts
        .get_or_insert_with(Sites::new)
        .entry(key)
        .or_default() += 1;
    drop(counts);
    RECORDING.with(|r| r.set(false));
}

// SAFETY: forwards every call to the inner allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        record_site(false);
        if COUNTING.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(l.size(), Relaxed);
        }
        Inner.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        if COUNTING.load(Relaxed) {
            FREED.fetch_add(l.size(), Relaxed);
        }
        Inner.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        record_site(true);
        if COUNTING.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(n, Relaxed);
            FREED.fetch_add(l.size(), Relaxed);
        }
        Inner.realloc(p, l, n)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// the whole
/// analysis (model and findings, every span) of each file under `dir`, sorted by path: two
/// builds of the engine that should agree are compared by diffing this output.
fn golden(dir: String) {
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    for p in files {
        let Ok(t) = nianbao::text::decode(&std::fs::read(&p).unwrap()) else {
            continue;
        };
        println!("== {}\n{:?}", p.display(), nianbao::analyse(&t.text));
    }
}

/// allocations
/// (count, bytes) made by each engine stage on one analysis.
fn allocs(path: String) {
    let text = nianbao::text::decode(&std::fs::read(&path).unwrap())
        .unwrap()
        .text;
    let count = |name: &str, f: &dyn Fn()| {
        let (a, b) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
        f();
        println!(
            "{name:<10} {:>6} allocations {:>9} bytes",
            ALLOCS.load(Relaxed) - a,
            BYTES.load(Relaxed) - b
        );
    };
    // once first: lazily built regexes and templates are not the stages' own cost
    drop(nianbao::analyse(&text));
    COUNTING.store(true, Relaxed);
    let (report, facts, _) = nianbao::reader::read(&text);
    count("analyse", &|| drop(nianbao::analyse(&text)));
    count("read", &|| drop(nianbao::reader::read(&text)));
    count("sections", &|| {
        drop(nianbao::reader::sections::find_sections(&text))
    });
    let whole = nianbao::span::Span::new(0, text.len());
    count("tokenize*", &|| {
        drop(nianbao::reader::tokens::tokenize(&text, whole))
    });
    let toks = nianbao::reader::tokens::tokenize(&text, whole);
    count("read_s3*", &|| {
        drop(nianbao::reader::s3::read_s3(&text, &toks, report.year))
    });
    println!("(* over the whole text, not the table's region)");
    // what an editor keeps per open document: its session (the regions' results) and the
    // last analysis
    let live = || BYTES.load(Relaxed) as i64 - FREED.load(Relaxed) as i64;
    let before = live();
    let mut session = nianbao::Session::new();
    let kept = session.analyse(&text);
    println!(
        "kept       {:>9} bytes live: a session and its analysis ({:.1}x the text)",
        live() - before,
        (live() - before) as f64 / text.len() as f64
    );
    drop((session, kept));
    count("checks", &|| {
        drop(nianbao::checks::run(&text, &report, &facts))
    });
    count("narrative", &|| {
        drop(nianbao::checks::narrative::check(&text, &report))
    });
}

/// Where ten analyses of the file allocate, by call site, most first: the sites to look at when
/// `allocs` says a stage allocates much. Lines need a build with line tables:
/// `CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo run --release --example probe -- sites F`.
fn sites(path: String) {
    let text = nianbao::text::decode(&std::fs::read(&path).unwrap())
        .unwrap()
        .text;
    const RUNS: usize = 10;
    // once first: lazily built regexes and templates are not an analysis's own
    drop(nianbao::analyse(&text));
    SITES.store(true, Relaxed);
    for _ in 0..RUNS {
        std::hint::black_box(nianbao::analyse(&text));
    }
    SITES.store(false, Relaxed);
    let counts = SITE_COUNTS.lock().unwrap().take().unwrap_or_default();
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let total = |realloc: bool| -> usize {
        counts
            .iter()
            .filter(|((r, _), _)| *r == realloc)
            .map(|(_, n)| n)
            .sum::<usize>()
            / RUNS
    };
    println!(
        "per analysis: {} allocations, {} reallocations (R); by site:",
        total(false),
        total(true)
    );
    for ((realloc, site), n) in counts.iter().take(40) {
        let kind = if *realloc { "R" } else { " " };
        println!("{:>6} {kind} {site}", n / RUNS);
    }
}

fn dump(path: String) {
    let bytes = std::fs::read(&path).unwrap();
    let text = nianbao::text::decode(&bytes).unwrap().text;
    let a = nianbao::analyse(&text);
    let idx = nianbao::text::LineIndex::new(&text);
    println!("year {:?} organ {:?}", a.report.year, a.report.organ);
    for s in &a.report.sections {
        println!(
            "section {} line {} {}",
            s.number,
            idx.line_of(s.span.start) + 1,
            s.heading
        );
    }
    for t in &a.report.tables {
        println!("table {} {:?}", t.kind().id(), t.template.year);
        for (i, r) in t.rows.iter().enumerate() {
            let vals: Vec<String> = match r {
                Some(r) => r
                    .cells
                    .iter()
                    .map(|c| {
                        c.as_ref()
                            .and_then(|c| c.value)
                            .map_or("?".into(), |v| v.to_string())
                    })
                    .collect(),
                None => vec!["-".into()],
            };
            println!("  {:<28} {}", t.template.rows[i].id, vals.join(" "));
        }
    }
    for f in &a.findings {
        println!(
            "{} {:?} line {}: {}",
            f.code,
            f.severity,
            idx.line_of(f.span.start) + 1,
            f.message
        );
    }
}

/// how long one
/// analysis of a (large) file takes.
fn time(path: String) {
    let text = nianbao::text::decode(&std::fs::read(&path).unwrap())
        .unwrap()
        .text;
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..15 {
        let t = std::time::Instant::now();
        n = nianbao::analyse(&text).findings.len();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{} bytes, {n} findings, first {:?}, median {:?}",
        text.len(),
        times[times.len() - 1],
        times[times.len() / 2]
    );
}

/// median time
/// of each engine stage.
fn stages(path: String) {
    let text = nianbao::text::decode(&std::fs::read(&path).unwrap())
        .unwrap()
        .text;
    let median = |f: &dyn Fn()| {
        let mut t: Vec<_> = (0..31)
            .map(|_| {
                let s = std::time::Instant::now();
                f();
                s.elapsed()
            })
            .collect();
        t.sort();
        t[15]
    };
    let (report, facts, _) = nianbao::reader::read(&text);
    println!(
        "read   {:?}",
        median(&|| drop(nianbao::reader::read(&text)))
    );
    println!(
        "checks {:?}",
        median(&|| drop(nianbao::checks::run(&text, &report, &facts)))
    );
    for t in &report.tables {
        println!(
            "  arithmetic {} {:?}",
            t.kind().id(),
            median(&|| drop(nianbao::checks::arithmetic::check_table(t)))
        );
    }
    println!(
        "narrative {:?}",
        median(&|| drop(nianbao::checks::narrative::check(&text, &report)))
    );
    println!(
        "sections {:?}",
        median(&|| drop(nianbao::reader::sections::find_sections(&text)))
    );
}

/// analyse a file in a
/// loop for a profiler.
fn spin(path: String) {
    let text = nianbao::text::decode(&std::fs::read(&path).unwrap())
        .unwrap()
        .text;
    let n = std::env::var("SPIN_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    for _ in 0..n {
        std::hint::black_box(nianbao::analyse(&text));
    }
}

/// `SPIN_N` analyses in one session, each after a one-digit edit of table 三 (seed 001's
/// `60 |` line, as the latency bench edits): a keystroke's analysis, for callgrind.
fn spin_edit(path: String) {
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("\n60 |\n").expect("a `60 |` line") + 1;
    let texts = [text.clone(), format!("{}7{}", &text[..at], &text[at + 1..])];
    let n: usize = std::env::var("SPIN_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let mut session = nianbao::Session::new();
    for k in 0..n {
        std::hint::black_box(session.analyse(&texts[k % 2]));
    }
}

/// median cost of
/// the server's own steps after an edit (rope to text, analysis, diagnostics, JSON).
fn lsp(path: String) {
    use nianbao::lsp::convert::Encoding;
    let text = std::fs::read_to_string(&path).unwrap();
    let rope = ropey::Rope::from_str(&text);
    let uri: tower_lsp_server::ls_types::Uri = "file:///x.txt".parse().unwrap();
    let median = |f: &mut dyn FnMut()| {
        let mut t: Vec<_> = (0..51)
            .map(|_| {
                let s = std::time::Instant::now();
                f();
                s.elapsed()
            })
            .collect();
        t.sort();
        t[25]
    };
    let mut session = nianbao::Session::new();
    let a = session.analyse(&text);
    println!(
        "to_string   {:?}",
        median(&mut || drop(String::from(&rope)))
    );
    println!(
        "is_report   {:?}",
        median(&mut || {
            std::hint::black_box(nianbao::corpus::is_annual_report(&text));
        })
    );
    println!(
        "session     {:?}",
        median(&mut || drop(session.analyse(&text)))
    );
    // as the latency bench edits: one digit of table 三 changed back and forth, so the
    // session reads that region again each time (seed 001's `60 |` line)
    if let Some(at) = text.find("\n60 |\n") {
        let other = format!("{}7{}", &text[..at + 1], &text[at + 2..]);
        let texts = [text.clone(), other];
        let mut k = 0;
        println!(
            "session, an edit in 三   {:?}",
            median(&mut || {
                k += 1;
                drop(session.analyse(&texts[k % 2]));
            })
        );
        // the same after a pause, as between keystrokes: caches and the core gone cold
        let mut t: Vec<_> = (0..51)
            .map(|_| {
                std::thread::sleep(std::time::Duration::from_millis(2));
                let s = std::time::Instant::now();
                k += 1;
                drop(session.analyse(&texts[k % 2]));
                s.elapsed()
            })
            .collect();
        t.sort();
        println!("  after a 2 ms pause        {:?}", t[25]);
    }
    // as the VS Code extension sets it: every diagnostic links its rule page
    let docs = nianbao::lsp::diagnostics::RuleDocs::new("file:///ext/rules/").unwrap();
    println!(
        "diagnostics {:?}",
        median(&mut || drop(nianbao::lsp::diagnostics::diagnostics(
            &uri,
            &rope,
            &a.findings,
            Encoding::Utf16,
            &docs,
        )))
    );
    let d =
        nianbao::lsp::diagnostics::diagnostics(&uri, &rope, &a.findings, Encoding::Utf16, &docs);
    println!(
        "json        {:?} ({} bytes)",
        median(&mut || drop(serde_json::to_vec(&d).unwrap())),
        serde_json::to_vec(&d).unwrap().len()
    );
    let bytes = serde_json::to_vec(&d).unwrap();
    println!(
        "client read {:?} (the editor's side: the JSON parsed into a value)",
        median(&mut || drop(serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()))
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(cmd), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: probe dump|time|stages|spin|spin-edit|lsp|allocs|sites|golden FILE");
        std::process::exit(2);
    };
    match cmd.as_str() {
        "dump" => dump(path),
        "time" => time(path),
        "stages" => stages(path),
        "spin" => spin(path),
        "spin-edit" => spin_edit(path),
        "lsp" => lsp(path),
        "allocs" => allocs(path),
        "sites" => sites(path),
        "golden" => golden(path),
        _ => {
            eprintln!("usage: probe dump|time|stages|spin|spin-edit|lsp|allocs|sites|golden FILE");
            std::process::exit(2);
        }
    }
}
