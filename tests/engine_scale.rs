//! Analysis time grows linearly with the input. The figures come from the ignored test
//! (`scripts/scale.sh` runs it in release mode and prints a table: the analysis's time in this
//! process, and the wall time and peak memory of the real binary's `check` of the same text in a
//! process of its own); what runs in `cargo test` only checks that a 5 MB pathological input
//! finishes, with a generous cap.

mod support;

use std::time::{Duration, Instant};

/// Table 三's rows of seed 004 (the lines between its heading and 四's), one after another.
fn s3_rows() -> Vec<String> {
    let text = support::read(&support::corpus("seeds/004_f1ad9a8ab402356f.txt"));
    let start = text.find("三、收到和处理政府信息公开申请情况").unwrap();
    let end = text.find("四、政府信息公开行政复议").unwrap();
    text[start..end]
        .lines()
        .skip(1)
        .map(|l| l.replace("| 0 ", "| 3 "))
        .collect()
}

/// A 三 heading followed by `rows` table rows (table 三's rows, over and over) and no 四 heading.
pub fn pathological(rows: usize) -> String {
    let body = s3_rows();
    let mut out =
        String::from("某县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n");
    for i in 0..rows {
        out.push_str(&body[i % body.len()]);
        out.push('\n');
    }
    out
}

/// Pathological text of at least `bytes` bytes.
fn pathological_bytes(bytes: usize) -> String {
    let mut rows = 1000;
    loop {
        let t = pathological(rows);
        if t.len() >= bytes {
            return t;
        }
        rows = rows * bytes / t.len() + 1;
    }
}

fn time(text: &str, runs: usize) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(nianbao::analyse(text));
        best = best.min(t.elapsed());
    }
    best
}

#[test]
fn a_5mb_pathological_input_finishes() {
    let text = pathological_bytes(5 * 1024 * 1024);
    let t = Instant::now();
    let a = nianbao::analyse(&text);
    let took = t.elapsed();
    assert!(took < Duration::from_secs(60), "{took:?}");
    assert!(a.findings.iter().all(|f| f.span.end <= text.len()));
}

/// `nianbao check --format json FILE` (the binary built with these tests: release under
/// `scripts/scale.sh`) in a process of its own, output thrown away: its wall time and peak
/// resident memory in bytes (from `wait4`'s rusage; `None` where that is not available).
fn check_process(text: &str) -> (Duration, Option<u64>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    std::fs::write(&path, text).unwrap();
    let t = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let peak = wait_peak_rss(child);
    (t.elapsed(), peak)
}

/// Wait for the child; its peak RSS (`ru_maxrss`, in KiB on Linux).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn wait_peak_rss(child: std::process::Child) -> Option<u64> {
    let mut status = 0;
    // SAFETY: a plain zeroed C struct that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child by its pid (not waited for elsewhere: `child` is dropped
    // without `wait`), with pointers to locals that live through the call.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    (pid > 0).then(|| usage.ru_maxrss as u64 * 1024)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn wait_peak_rss(mut child: std::process::Child) -> Option<u64> {
    child.wait().unwrap();
    None
}

#[test]
#[ignore = "timing figures; run scripts/scale.sh"]
fn scaling_figures() {
    println!(
        "{:<36} {:>10} {:>11} {:>8} {:>11} {:>10}",
        "input", "bytes", "analysis", "ns/byte", "check wall", "check RSS"
    );
    let row = |name: String, text: &str, runs: usize| {
        let d = time(text, runs);
        let (wall, peak) = check_process(text);
        let peak = peak.map_or("-".to_string(), |b| {
            format!("{:.1} MB", b as f64 / (1024.0 * 1024.0))
        });
        println!(
            "{name:<36} {:>10} {:>11.3?} {:>8.1} {:>11.3?} {peak:>10}",
            text.len(),
            d,
            d.as_nanos() as f64 / text.len() as f64,
            wall,
        );
    };
    for rel in ["seeds/004_f1ad9a8ab402356f.txt", "real/010_huaian_2024.txt"] {
        let one = support::read(&support::corpus(rel));
        for k in [1usize, 10, 100] {
            let runs = if k == 100 { 3 } else { 10 };
            row(format!("{rel} ×{k}"), &one.repeat(k), runs);
        }
    }
    for rows in [1_000usize, 10_000, 100_000] {
        row(
            format!("三 heading + {rows} rows, no 四"),
            &pathological(rows),
            3,
        );
    }
}
