//! Change any one number of table 三 or 四 of a clean report: the checker reports it with the
//! changed cell as the primary location or among the candidates, and for 三 (where every cell
//! is located uniquely, relations.md §1) the safe fix restores the original text exactly.

mod support;

use nianbao::fix::{apply_edits, fixable_edits};
use nianbao::template::TableKind;
use nianbao::Severity;

const CLEAN: &[&str] = &[
    "seeds/000_129bba510f05545a.txt",
    "seeds/004_f1ad9a8ab402356f.txt",
    "real/006_hongze_2024.txt",
    "real/009_hongze_2024.md",
    "real/010_huaian_2024.txt",
    "real/012_huaian_2024.txt",
    "real/014_pingtan_2025.html",
];

#[test]
fn every_single_change_is_found_at_its_cell_and_fixed_back() {
    let mut mutants = 0;
    for rel in CLEAN {
        let text = support::read(&support::corpus(rel));
        let base = nianbao::analyse(&text);
        // label variants have safe fixes of their own: compare with the fixed original
        let text_fixed = apply_edits(&text, &fixable_edits(&base.findings, false)).0;
        assert!(
            !base
                .findings
                .iter()
                .any(|f| f.code.as_str().starts_with("NB1") || f.code.as_str().starts_with("NB2")),
            "{rel}"
        );
        for kind in [TableKind::S3, TableKind::S4] {
            let table = base.report.table(kind).unwrap();
            for (at, cell) in table.cells() {
                let Some(v) = cell.int() else { continue };
                if cell.span.is_empty() {
                    continue;
                }
                let new = (v + 7).to_string();
                let mutated = format!(
                    "{}{}{}",
                    &text[..cell.span.start],
                    new,
                    &text[cell.span.end..]
                );
                let a = nianbao::analyse(&mutated);
                let here = |s: nianbao::Span| s.start == cell.span.start;
                let arith: Vec<_> = a
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .collect();
                assert!(
                    !arith.is_empty(),
                    "{rel} {}: no finding",
                    table.template.cell_id(at)
                );
                let found = arith.iter().any(|f| {
                    here(f.span)
                        || f.related
                            .iter()
                            .any(|r| here(r.span) && r.message.starts_with("候选"))
                });
                assert!(
                    found,
                    "{rel} {}: not located: {:#?}",
                    table.template.cell_id(at),
                    arith
                );
                if kind == TableKind::S3 {
                    assert!(
                        arith.iter().all(|f| here(f.span)),
                        "{rel} {}",
                        table.template.cell_id(at)
                    );
                    let edits = fixable_edits(&a.findings, false);
                    let (fixed, _) = apply_edits(&mutated, &edits);
                    assert_eq!(
                        fixed,
                        text_fixed,
                        "{rel} {}: the safe fix must restore the text",
                        table.template.cell_id(at)
                    );
                }
                mutants += 1;
            }
        }
    }
    assert!(mutants > 7 * (25 * 7), "{mutants}");
}

#[test]
fn fixing_twice_is_fixing_once_and_leaves_nothing_fixable() {
    let text = support::read(&support::corpus("seeds/004_f1ad9a8ab402356f.txt"));
    // break two independent totals: a row total in 三 and a group total in 四
    let at = text.find("(二)部分公开").unwrap();
    let line_end = at + text[at..].find('\n').unwrap();
    let row = &text[at..line_end];
    let last_zero = at + row.rfind("| 0 |").unwrap() + 2;
    let broken = format!("{}5{}", &text[..last_zero], &text[last_zero + 1..]);
    let once = apply_edits(
        &broken,
        &fixable_edits(&nianbao::analyse(&broken).findings, false),
    )
    .0;
    let twice = apply_edits(
        &once,
        &fixable_edits(&nianbao::analyse(&once).findings, false),
    )
    .0;
    assert_eq!(once, text);
    assert_eq!(twice, once);
    assert!(fixable_edits(&nianbao::analyse(&once).findings, false).is_empty());
}
