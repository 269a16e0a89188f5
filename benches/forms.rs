//! One report in each input form: the same tables printed as pipe rows and as HTML the ways
//! publishers write it (tests/relayout), plus a served page against its text form. The target
//! (issue 14): an HTML report analyses within 2× the time of the same report as pipe rows.
//!
//! `cargo bench --bench forms`, then `python3 scripts/bench-report.py forms` prints the medians
//! and each form's ratio to the pipe rows of the same run.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "../tests/relayout/mod.rs"]
mod relayout;

use relayout::{doc_of, print, Layout, Zeros};

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn corpus(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(rel);
    nianbao::text::decode(&std::fs::read(&p).unwrap())
        .unwrap()
        .text
}

/// Clean reports of both templates (T2021 seed, T2019 real, T2021 real with large numbers).
const REPORTS: &[&str] = &[
    "seeds/004_f1ad9a8ab402356f.txt",
    "real/002_pingtan_2019.txt",
    "real/012_huaian_2024.txt",
];

const FORMS: &[(&str, Layout)] = &[
    ("pipe", Layout::Pipe),
    ("markdown", Layout::Markdown),
    ("html-one-line", Layout::HtmlOneLine),
    ("html-cell-per-line", Layout::HtmlCellPerLine),
    ("html-word", Layout::HtmlWord),
];

fn forms(c: &mut Criterion) {
    for rel in REPORTS {
        let doc = doc_of(&nianbao::analyse(&corpus(rel)).report).expect("a clean report");
        let name = Path::new(rel)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let mut g = c.benchmark_group(format!("forms/{name}"));
        for (form, layout) in FORMS {
            let text = print(&doc, *layout, Zeros::Printed, 1, None).text;
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(*form, |b| b.iter(|| nianbao::analyse(black_box(&text))));
        }
        g.finish();
    }
}

/// A whole served page (site navigation, scripts, Word's markup) against its text form.
fn served(c: &mut Criterion) {
    let mut g = c.benchmark_group("forms/served-2021");
    for (form, rel) in [
        ("pipe", "real/003_pingtan_2021.txt"),
        ("page", "../corpus/web/pingtan_2021.page.html"),
    ] {
        let text = corpus(rel);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(form, |b| b.iter(|| nianbao::analyse(black_box(&text))));
    }
    g.finish();
}

/// A PDF report (issue 15): the real WPS-made PDF of 洪泽区 2024, read (text layer, grids
/// rebuilt) and analysed, against its `pdftotext -layout` text analysed alone.
fn pdf_report(c: &mut Criterion) {
    let mut g = c.benchmark_group("forms/pdf-hongze-2024");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let bytes = std::fs::read(root.join("pdf/hongze_2024.pdf")).unwrap();
    g.bench_function("pdf", |b| {
        b.iter(|| {
            let t = nianbao::reader::pdf::read(black_box(&bytes)).unwrap();
            nianbao::analyse(&t.text)
        })
    });
    let text = corpus("real/006_hongze_2024.txt");
    g.bench_function("text", |b| b.iter(|| nianbao::analyse(black_box(&text))));
    g.finish();
}

/// A Word report (issue 15): `real006_hongze_2024.docx` (the same report, made from its text
/// by scripts/make-test-docs.py) opened from its bytes (zip, `document.xml`), read and
/// analysed, against its `pdftotext -layout` text analysed alone.
fn word_report(c: &mut Criterion) {
    let mut g = c.benchmark_group("forms/docx-hongze-2024");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let bytes = std::fs::read(root.join("docx/real006_hongze_2024.docx")).unwrap();
    g.bench_function("docx", |b| {
        b.iter(|| {
            let xml = nianbao::reader::docx::document_xml(black_box(&bytes)).unwrap();
            nianbao::analyse_docx(&xml)
        })
    });
    let text = corpus("real/006_hongze_2024.txt");
    g.bench_function("text", |b| b.iter(|| nianbao::analyse(black_box(&text))));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = forms, served, pdf_report, word_report
}
criterion_main!(benches);
