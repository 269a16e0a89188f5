//! The five seeds of tests/corpus/seeds produce exactly the findings pinned below: the multiset of
//! (code, line) over Error, Warning and Information findings. Hints are not asserted.

mod support;

use support::{analyse_file, pinned};

#[test]
fn seed_000_is_clean() {
    let (_, got) = pinned("seeds/000_129bba510f05545a.txt");
    assert_eq!(got, Vec::<(String, usize)>::new());
}

#[test]
fn seed_001_two_outcome_totals_without_a_single_culprit() {
    let (a, got) = pinned("seeds/001_7d7228ee9adc21b3.txt");
    assert_eq!(
        got,
        support::expect(&[
            ("NB030", 98),
            ("NB030", 144),
            ("NB102", 283),
            ("NB102", 289)
        ])
    );
    for f in a.findings.iter().filter(|f| f.code == "NB102") {
        assert!(f.fixes.is_empty(), "no fix may change （七）: {f:?}");
        assert!(f.message.contains("21种"), "{}", f.message);
    }
    let natural = a.findings.iter().find(|f| f.code == "NB102").unwrap();
    assert!(natural.message.starts_with("第三部分表格“自然人”栏：（一）至（六）各项办理结果之和为164，与“（七）总计”165不一致（相差1）。"));
}

#[test]
fn seed_002_lost_labels_bound_by_position() {
    let (a, got) = pinned("seeds/002_f490327802bf34e8.txt");
    let mut want: Vec<(&str, usize)> = [
        72, 80, 89, 97, 105, 113, 121, 129, 137, 145, 154, 162, 170, 179, 187, 195, 203, 211, 220,
        228, 236, 244,
    ]
    .iter()
    .map(|&l| ("NB010", l))
    .collect();
    want.extend([88, 153, 178, 219].iter().map(|&l| ("NB022", l)));
    assert_eq!(got, support::expect(&want));
    assert_eq!(
        a.report.s3_template(),
        Some(nianbao::template::TemplateYear::T2021)
    );
}

#[test]
fn seed_003_extra_numbers_resolved_by_the_relations() {
    let (a, got) = pinned("seeds/003_00cf7cc126b6d59e.txt");
    assert_eq!(
        got,
        support::expect(&[("NB026", 41), ("NB020", 73), ("NB020", 74)])
    );
    let s3 = a.report.table(nianbao::template::TableKind::S3).unwrap();
    let total = s3.template.row_index("s3.total").unwrap();
    let values: Vec<i64> = (0..7)
        .map(|col| {
            s3.int(nianbao::template::CellRef { row: total, col })
                .unwrap()
        })
        .collect();
    assert_eq!(values, [1, 0, 0, 0, 0, 0, 1]);
}

#[test]
fn seed_004_is_clean() {
    let (_, got) = pinned("seeds/004_f1ad9a8ab402356f.txt");
    assert_eq!(got, Vec::<(String, usize)>::new());
}

#[test]
fn every_seed_reads_all_three_tables() {
    for f in std::fs::read_dir(support::corpus("seeds")).unwrap() {
        let a = analyse_file(&f.unwrap().path());
        assert!(a.report.table(nianbao::template::TableKind::S3).is_some());
        assert!(a.report.table(nianbao::template::TableKind::S4).is_some());
    }
}
