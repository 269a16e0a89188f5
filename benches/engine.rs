//! Engine benchmarks: each stage on typical reports, the whole corpus, and the floor they are
//! compared with — one pass over the same bytes that splits lines and finds digit runs.
//!
//! `cargo bench --bench engine`, then `python3 scripts/bench-report.py` prints the medians and
//! the ratios to the floor from that one run.
//!
//! The engine runs under the allocator the `nianbao` binary uses (jemalloc on Linux with glibc,
//! src/main.rs), so the figures are those of `nianbao check` and `nianbao lsp`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const TYPICAL: &[&str] = &[
    "seeds/001_7d7228ee9adc21b3.txt",
    "seeds/004_f1ad9a8ab402356f.txt",
    "real/005_pingtan_2025.txt",
    "real/010_huaian_2024.txt",
    "real/014_pingtan_2025.html",
];

fn corpus(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(rel);
    nianbao::text::decode(&std::fs::read(&p).unwrap())
        .unwrap()
        .text
}

fn all_corpus() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["seeds", "real"] {
        let d = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(dir);
        let mut files: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if f.is_file() && name.starts_with('0') {
                out.push(
                    nianbao::text::decode(&std::fs::read(&f).unwrap())
                        .unwrap()
                        .text,
                );
            }
        }
    }
    out
}

/// The floor: split lines and find the digit runs, touching every byte once.
fn floor(text: &str) -> usize {
    let mut runs = 0;
    for line in text.split('\n') {
        let mut in_run = false;
        for b in line.bytes() {
            let d = b.is_ascii_digit();
            if d && !in_run {
                runs += 1;
            }
            in_run = d;
        }
    }
    runs
}

fn stages(c: &mut Criterion) {
    for rel in TYPICAL {
        let text = corpus(rel);
        let name = Path::new(rel)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let mut g = c.benchmark_group(format!("report/{name}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        let (report, facts, _) = nianbao::reader::read(&text);
        let analysis = nianbao::analyse(&text);
        g.bench_function("floor", |b| b.iter(|| floor(black_box(&text))));
        // reading alone: the lines of the tables' part (section 二 to section 五) cut into
        // cells and tokens; binding is the rest of read+bind
        let sections = nianbao::reader::sections::find_sections(&text);
        let at = |n: u8| sections.iter().find(|s| s.number == n).map(|s| s.span);
        let tables = nianbao::span::Span::new(
            at(2).map_or(0, |s| s.end),
            at(5).map_or(text.len(), |s| s.start),
        );
        g.bench_function("tokenize", |b| {
            b.iter(|| nianbao::reader::tokens::tokenize(black_box(&text), tables))
        });
        g.bench_function("read+bind", |b| {
            b.iter(|| nianbao::reader::read(black_box(&text)))
        });
        g.bench_function("checks", |b| {
            b.iter(|| nianbao::checks::run(black_box(&text), black_box(&report), black_box(&facts)))
        });
        g.bench_function("analyse", |b| b.iter(|| nianbao::analyse(black_box(&text))));
        g.bench_function("fix", |b| {
            b.iter(|| {
                let edits = nianbao::fix::fixable_edits(black_box(&analysis.findings), true);
                nianbao::fix::apply_edits(&text, &edits)
            })
        });
        g.finish();
    }
}

fn whole_corpus(c: &mut Criterion) {
    let texts = all_corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_with_input(BenchmarkId::new("floor", texts.len()), &texts, |b, t| {
        b.iter(|| t.iter().map(|x| floor(x)).sum::<usize>())
    });
    g.bench_with_input(BenchmarkId::new("analyse", texts.len()), &texts, |b, t| {
        b.iter(|| {
            t.iter()
                .map(|x| nianbao::analyse(x).findings.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = stages, whole_corpus
}
criterion_main!(benches);
