//! The fourteen real reports of tests/corpus/real give exactly the findings pinned below
//! (Error, Warning, Information), and copies of one report read the same cells.

mod support;

use nianbao::template::{CellRef, TableKind};
use support::pinned;

fn check(file: &str, want: &[(&str, usize)]) {
    let (_, got) = pinned(&format!("real/{file}"));
    assert_eq!(got, support::expect(want), "{file}");
}

fn times(code: &'static str, line: usize, n: usize) -> Vec<(&'static str, usize)> {
    vec![(code, line); n]
}

#[test]
fn r001_pre_2019_report_is_not_assessed() {
    check(
        "001_pingtan_2018.txt",
        &[("NB003", 10), ("NB001", 10), ("NB001", 10), ("NB001", 10)],
    );
}

#[test]
fn r002_to_005_run_together_digits_split_by_the_relations() {
    check("002_pingtan_2019.txt", &times("NB023", 10, 32));
    check("003_pingtan_2021.txt", &times("NB023", 10, 28));
    check("004_pingtan_2022.txt", &times("NB023", 10, 27));
    check("005_pingtan_2025.txt", &times("NB023", 10, 28));
}

#[test]
fn r006_to_009_mixed_templates_in_four_layouts() {
    check(
        "006_hongze_2024.txt",
        &[
            ("NB003", 128),
            ("NB004", 128),
            ("NB030", 107),
            ("NB501", 25),
        ],
    );
    check(
        "007_hongze_2024.txt",
        &[("NB003", 117), ("NB004", 117), ("NB030", 98), ("NB501", 30)],
    );
    check(
        "008_hongze_2024.txt",
        &[("NB003", 101), ("NB004", 101), ("NB030", 75), ("NB501", 24)],
    );
    check(
        "009_hongze_2024.md",
        &[("NB003", 92), ("NB004", 92), ("NB030", 73), ("NB501", 24)],
    );
}

#[test]
fn r010_to_014() {
    check("010_huaian_2024.txt", &[]);
    let mut w: Vec<(&str, usize)> = [182, 196, 473, 487, 501, 515]
        .iter()
        .map(|&l| ("NB010", l))
        .collect();
    w.push(("NB021", 602));
    check("011_huaian_2024.txt", &w);
    check("012_huaian_2024.txt", &[]);
    let mut w = times("NB001", 1, 2);
    w.extend(times("NB012", 46, 12));
    check("013_huaian_2024.txt", &w);
    check("014_pingtan_2025.html", &[]);
}

/// Every 三 and 四 value of a file, by cell id (unknown cells as None).
fn cells(file: &str, kind: TableKind) -> Vec<(String, Option<i64>)> {
    let a = support::analyse_file(&support::corpus(&format!("real/{file}")));
    let Some(t) = a.report.table(kind) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in 0..t.template.rows.len() {
        for col in 0..t.template.columns.len() {
            let at = CellRef { row, col };
            if t.cell(at).is_some() {
                out.push((t.template.cell_id(at), t.int(at)));
            }
        }
    }
    out
}

#[test]
fn copies_of_one_report_read_the_same_cells() {
    for kind in [TableKind::S3, TableKind::S4] {
        assert_eq!(
            cells("005_pingtan_2025.txt", kind),
            cells("014_pingtan_2025.html", kind)
        );
        for f in [
            "007_hongze_2024.txt",
            "008_hongze_2024.txt",
            "009_hongze_2024.md",
        ] {
            assert_eq!(cells("006_hongze_2024.txt", kind), cells(f, kind), "{f}");
        }
        assert_eq!(
            cells("010_huaian_2024.txt", kind),
            cells("012_huaian_2024.txt", kind)
        );
    }
    assert_eq!(
        cells("010_huaian_2024.txt", TableKind::S3),
        cells("011_huaian_2024.txt", TableKind::S3)
    );
    let c13 = cells("013_huaian_2024.txt", TableKind::S3);
    let c10 = cells("010_huaian_2024.txt", TableKind::S3);
    assert_eq!(c13.len(), 13 * 7);
    assert!(c13.iter().all(|c| c10.contains(c)));
}

#[test]
fn known_values() {
    let c = cells("010_huaian_2024.txt", TableKind::S3);
    assert!(c.contains(&("s3.new:total".into(), Some(3119))));
    assert!(c.contains(&("s3.total:natural".into(), Some(2932))));
    let c = cells("003_pingtan_2021.txt", TableKind::S3);
    assert!(c.contains(&("s3.granted:natural".into(), Some(27))));
    assert!(c.contains(&("s3.unable.not_held:total".into(), Some(25))));
    let c = cells("003_pingtan_2021.txt", TableKind::S4);
    assert!(c.contains(&("s4.suit_direct:total".into(), Some(12))));
}

#[test]
fn cross_year_pairs_in_the_corpus_agree() {
    // 003 → 004 (平潭 2021 → 2022) is the only consecutive pair; its carry-over holds, and copies
    // of one report (005/014, 006–009, 010–013) are not compared with each other.
    let mut files: Vec<_> = std::fs::read_dir(support::corpus("real"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('0'))
        .collect();
    files.sort();
    let analyses: Vec<_> = files.iter().map(|p| support::analyse_file(p)).collect();
    let refs: Vec<_> = analyses.iter().collect();
    assert_eq!(nianbao::corpus::years::check(&refs).found.len(), 0);
    let a3 = &analyses[2];
    let a4 = &analyses[3];
    assert_eq!(
        (a3.report.organ.as_deref(), a3.report.year),
        (Some("平潭综合实验区"), Some(2021))
    );
    assert_eq!(
        (a4.report.organ.as_deref(), a4.report.year),
        (Some("平潭综合实验区"), Some(2022))
    );
}
