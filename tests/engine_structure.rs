//! Structure findings on small hand-made reports (pipe rows, T2021): one damage each.

use nianbao::template::{TableTemplate, TemplateYear};
use nianbao::{Analysis, Severity};

/// A consistent T2021 report; `edit` may change the row lines before they are joined.
fn report(edit: impl FnOnce(&mut Vec<String>)) -> String {
    let t = TableTemplate::s3(TemplateYear::T2021);
    let mut rows: Vec<String> = t
        .rows
        .iter()
        .map(|r| {
            let v: [i64; 7] = match r.id {
                "s3.new" => [5, 1, 0, 0, 0, 0, 6],
                "s3.granted" => [3, 1, 0, 0, 0, 0, 4],
                "s3.withheld.state_secret" => [1, 0, 0, 0, 0, 0, 1],
                "s3.total" => [4, 1, 0, 0, 0, 0, 5],
                "s3.carry_out" => [1, 0, 0, 0, 0, 0, 1],
                _ => [0; 7],
            };
            let cells: Vec<String> = v.iter().map(|x| x.to_string()).collect();
            format!("{} | {} |", r.label, cells.join(" | "))
        })
        .collect();
    edit(&mut rows);
    format!(
        "某县2023年政府信息公开工作年度报告\n一、总体情况\n无。\n三、收到和处理政府信息公开申请情况\n{}\n四、政府信息公开行政复议、行政诉讼情况\n1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n",
        rows.join("\n")
    )
}

fn codes(a: &Analysis) -> Vec<&'static str> {
    let mut c: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Hint && f.code != "NB001")
        .map(|f| f.code.as_str())
        .collect();
    c.sort();
    c
}

#[test]
fn clean_report_has_no_table_findings() {
    let a = nianbao::analyse(&report(|_| {}));
    assert_eq!(codes(&a), Vec::<&str>::new());
}

#[test]
fn duplicated_row() {
    let a = nianbao::analyse(&report(|r| {
        let dup = r[3].clone();
        r.insert(4, dup);
    }));
    assert_eq!(codes(&a), ["NB013"]);
}

#[test]
fn missing_row() {
    let a = nianbao::analyse(&report(|r| {
        r.remove(5);
    }));
    assert_eq!(codes(&a), ["NB012"]);
    assert!(
        a.findings[0].message.contains("2.其他法律行政法规禁止公开")
            || a.findings
                .iter()
                .any(|f| f.message.contains("2.其他法律行政法规禁止公开"))
    );
}

#[test]
fn negative_count_is_an_error_and_the_row_is_not_summed() {
    let a = nianbao::analyse(&report(|r| {
        r[3] = r[3].replace(
            "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "| -2 | 0 | 0 | 0 | 0 | 0 | 0 |",
        )
    }));
    assert_eq!(codes(&a), ["NB027"]);
}

#[test]
fn blank_part_cell_reads_as_zero() {
    let a = nianbao::analyse(&report(|r| {
        r[3] = r[3].replacen("| 0 | 0 |", "| 0 |  |", 1)
    }));
    assert_eq!(codes(&a), ["NB024"]);
}

#[test]
fn blank_total_at_a_pipe_row_end_is_its_own_finding() {
    // An empty cell at a row's end is bound to its column by position (issue 14; layouts.md
    // §0 read it as a spanned cell's remains, which made a blank 总计 an unreadable row).
    let text = report(|r| r[2] = r[2].replace("| 0 | 4 |", "| 0 |  |"));
    let a = nianbao::analyse(&text);
    assert_eq!(codes(&a), ["NB025"]);
    let nb025 = a.findings.iter().find(|f| f.code == "NB025").unwrap();
    let (fixed, _) = nianbao::fix::apply_edits(&text, &nb025.fixes[0].edits);
    assert!(fixed.contains("| 0 | 4 |"), "{fixed}");
    assert_eq!(codes(&nianbao::analyse(&fixed)), Vec::<&str>::new());
}

#[test]
fn placeholders_for_zero_are_blank_values() {
    // `-`, `—`, `/`, `无` written for 0 (a dash once gave a false NB025: the row's numbers
    // were shifted towards its end)
    for mark in ["-", "—", "——", "/", "／", "无"] {
        let text = report(|r| r[3] = r[3].replacen("| 0 |", &format!("| {mark} |"), 1));
        let a = nianbao::analyse(&text);
        assert_eq!(codes(&a), ["NB024"], "{mark}");
        let f = a.findings.iter().find(|f| f.code == "NB024").unwrap();
        assert_eq!(&text[f.span.start..f.span.end], mark);
        assert_eq!(f.message, "占位符按0计。");
    }
    // a total written as a dash while its parts are not 0: the fix replaces the mark
    let text = report(|r| r[2] = r[2].replace("| 0 | 4 |", "| 0 | — |"));
    let a = nianbao::analyse(&text);
    assert_eq!(codes(&a), ["NB025"]);
    let nb025 = a.findings.iter().find(|f| f.code == "NB025").unwrap();
    let (fixed, _) = nianbao::fix::apply_edits(&text, &nb025.fixes[0].edits);
    assert!(fixed.contains("| 0 | 4 |"), "{fixed}");
    assert_eq!(codes(&nianbao::analyse(&fixed)), Vec::<&str>::new());
    // four dashes are no placeholder: text in a value cell, the row is not read as clean
    let text = report(|r| r[3] = r[3].replacen("| 0 |", "| ---- |", 1));
    assert!(!codes(&nianbao::analyse(&text)).is_empty());
}

#[test]
fn zeros_left_blank_in_pipe_rows_keep_a_clean_verdict() {
    // every 0 of 三 printed as an empty cell: rows of blanks are present, blanks at a row's
    // start or end are bound by position
    let a = nianbao::analyse(&report(|r| {
        for row in r.iter_mut() {
            *row = row.replace("| 0 ", "|   ");
        }
    }));
    let c = codes(&a);
    assert!(c.iter().all(|&c| c == "NB024"), "{c:?}");
    assert!(c.len() > 100, "{}", c.len());
}
#[test]
fn blank_total_in_an_html_row_is_computed() {
    let html = report(|_| {})
        .lines()
        .map(|l| {
            if l.contains(" | ") && !l.starts_with('1') {
                let cells: Vec<&str> = l.trim_end_matches(" |").split(" | ").collect();
                let mut row = String::from("<tr>");
                for (i, c) in cells.iter().enumerate() {
                    let c = if cells[0].starts_with("（一）") && i == 7 {
                        ""
                    } else {
                        c
                    };
                    row.push_str(&format!("<td><p>{c}</p></td>"));
                }
                row + "</tr>"
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let a = nianbao::analyse(&html);
    assert_eq!(codes(&a), ["NB025"]);
    let f = a.findings.iter().find(|f| f.code == "NB025").unwrap();
    assert!(f.message.contains("应为4"), "{}", f.message);
}

#[test]
fn unknown_row_label() {
    let a = nianbao::analyse(&report(|r| {
        r.insert(3, "（八）其他情况 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |".into())
    }));
    assert_eq!(codes(&a), ["NB011"]);
}

#[test]
fn too_few_numbers() {
    let a = nianbao::analyse(&report(|r| {
        r[3] = r[3]
            .replacen("| 0 | 0 |", "| 0 |", 1)
            .replace(" |  |", " |")
    }));
    assert_eq!(codes(&a), ["NB021"]);
}

#[test]
fn rows_out_of_order() {
    let a = nianbao::analyse(&report(|r| r.swap(2, 3)));
    assert_eq!(codes(&a), ["NB014"]);
}

#[test]
fn wrong_leaf_cell_is_blamed_and_fixed_safely() {
    let text = report(|r| r[2] = r[2].replacen("| 3 |", "| 13 |", 1));
    let a = nianbao::analyse(&text);
    assert_eq!(codes(&a), ["NB101", "NB102"]);
    for f in a
        .findings
        .iter()
        .filter(|f| f.code.as_str().starts_with("NB1"))
    {
        assert_eq!(&text[f.span.start..f.span.end], "13");
        assert_eq!(f.fixes[0].applicability, nianbao::Applicability::Safe);
        assert_eq!(f.fixes[0].edits[0].replacement, "3");
    }
}

#[test]
fn review_total_is_ambiguous_and_offers_the_total_first() {
    let text = report(|_| {}).replace("1 | 0 | 0 | 0 | 1 |", "1 | 0 | 0 | 0 | 2 |");
    let a = nianbao::analyse(&text);
    assert_eq!(codes(&a), ["NB201"]);
    let f = a.findings.iter().find(|f| f.code == "NB201").unwrap();
    assert_eq!(&text[f.span.start..f.span.end], "2");
    assert_eq!(f.fixes.len(), 5);
    assert_eq!(f.fixes[0].edits[0].replacement, "1");
    assert!(f
        .fixes
        .iter()
        .all(|x| x.applicability == nianbao::Applicability::Suggested));
}

#[test]
fn template_year_mismatch() {
    // a 2023 report whose （六） is the 2019 single row
    let text = report(|r| {
        r.retain(|l| {
            !l.starts_with("1.申请人") && !l.starts_with("2.申请人") && !l.starts_with("3.其他")
        });
        let i = r.iter().position(|l| l.starts_with("（七）")).unwrap();
        r.insert(i, "（六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |".into());
    });
    let a = nianbao::analyse(&text);
    assert_eq!(codes(&a), ["NB004"]);
}
