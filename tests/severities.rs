//! Every finding is emitted at its code's severity in the registry or at one the registry lists
//! for it (`Rule::also`), over the corpus (seeds, real, web), the examples and reports made from
//! them: the year changed, next year's draft, 三 and 四 of one report after 二 of another, single
//! lines of the tables damaged, the clean reports re-laid in every layout. Each listed other
//! severity must be met, so the list stays true; and the pages of the codes are the registry's.

mod relayout;
mod support;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use nianbao::checks::{Code, RULES};
use nianbao::model::Report;
use nianbao::{Analysis, Finding, Severity};
use relayout::{doc_of, print, Rng, LAYOUTS, ZEROS};

/// A report text and what it was made from.
struct Case {
    name: String,
    text: String,
}

/// The corpus's reports and the examples.
fn originals() -> Vec<Case> {
    let mut files = support::corpus_files();
    let web = support::corpus("web");
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for dir in [web, examples] {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") || name.ends_with(".html") {
                files.push(e.path());
            }
        }
    }
    files.sort();
    assert!(files.len() >= 27, "{files:?}");
    files
        .into_iter()
        .map(|p| Case {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: support::read(&p),
        })
        .collect()
}

/// What the findings of every case were, and which broke the registry.
#[derive(Default)]
struct Seen {
    pairs: BTreeSet<(Code, Severity)>,
    wrong: Vec<String>,
    cases: usize,
}

impl Seen {
    fn analyse(&mut self, case: &Case) -> Analysis {
        let a = nianbao::analyse(&case.text);
        self.cases += 1;
        self.record(&case.name, &a.findings);
        a
    }

    fn record<'a>(&mut self, name: &str, findings: impl IntoIterator<Item = &'a Finding>) {
        for f in findings {
            self.pairs.insert((f.code, f.severity));
            if !f.code.rule().allows(f.severity) {
                self.wrong.push(format!(
                    "{name}: {} at {:?}: {}",
                    f.code, f.severity, f.message
                ));
            }
        }
    }
}

/// The same report about other years: the 2019 template's, the 2021 one's, and before both.
fn other_years(case: &Case, report: &Report) -> Vec<Case> {
    let Some(year) = report.year else {
        return Vec::new();
    };
    [2018, 2020, 2022]
        .into_iter()
        .filter(|&y| y != year)
        .map(|y| Case {
            name: format!("{} as {y}", case.name),
            text: case.text.replace(&format!("{year}年"), &format!("{y}年")),
        })
        .collect()
}

/// The report and itself a year later (NB401: the later one's 二、上年结转 against the
/// earlier one's 四、结转下年度).
fn next_year(seen: &mut Seen, case: &Case, a: &Analysis) {
    let Some(year) = a.report.year else { return };
    let later = seen.analyse(&Case {
        name: format!("{} a year later", case.name),
        text: case
            .text
            .replace(&format!("{year}年"), &format!("{}年", year + 1)),
    });
    let cross = nianbao::crossyear::compare(&later, a);
    seen.record(&case.name, cross.iter().map(|c| &c.finding));
}

/// Two years of a made-up organ in the 2019 form whose item counts do not carry over (NB403:
/// no corpus report has a 2019-form successor in the same form), the later one's prose giving a
/// wrong change in requests (NB511: 10 → 12 is +2, not +5).
fn made_up_pair(seen: &mut Seen) {
    let case = |year: u32, new: i64, extra: &support::Extra| Case {
        name: format!("made-up {year} in the 2019 form"),
        text: support::report_with(year, 0, new, extra),
    };
    let s2 = support::s2_2019([120, -5, 30], [40, 2, 300]);
    let extra = support::Extra {
        s2: &s2,
        ..support::Extra::default()
    };
    let last = seen.analyse(&case(2019, 10, &extra));
    let s2 = support::s2_2019([120, 0, 28], [42, 1, 280]);
    let this = case(
        2020,
        12,
        &support::Extra {
            prose: "本年度共收到政府信息公开申请12件，较上年增加5件。\n",
            s2: &s2,
            ..support::Extra::default()
        },
    );
    let later = seen.analyse(&this);
    let cross = nianbao::crossyear::compare(&later, &last);
    seen.record(&this.name, cross.iter().map(|c| &c.finding));
}

/// Next year's draft of the report (`nianbao new`: NB040 on its markers, blanks unfilled).
fn drafted(case: &Case) -> Option<Case> {
    let draft = nianbao::draft::next_year(&case.text).ok()?;
    Some(Case {
        name: format!("{} drafted", case.name),
        text: draft.text,
    })
}

/// The report with a sentence before 二 stating every figure the prose checks compare, all
/// wrong (NB501 to NB507).
fn stated(case: &Case, report: &Report) -> Option<Case> {
    let at = section_start(report, 2)?;
    const WRONG: &str = "本年度共收到政府信息公开申请999件，上年结转申请998件，办结997件，\
        996件结转下年度继续办理。依申请予以公开993件。行政复议995件，行政诉讼994件。\n";
    Some(Case {
        name: format!("{} with wrong figures", case.name),
        text: format!("{}{WRONG}{}", &case.text[..at], &case.text[at..]),
    })
}

/// Where section `n`'s heading starts.
fn section_start(report: &Report, n: u8) -> Option<usize> {
    report
        .sections
        .iter()
        .find(|s| s.number == n)
        .map(|s| s.span.start)
}

/// The report with 四 moved before 三 (NB007), and without its 五 (NB006).
fn rearranged(case: &Case, report: &Report) -> Vec<Case> {
    let at = |n| section_start(report, n);
    let (Some(s3), Some(s4), Some(s5), Some(s6)) = (at(3), at(4), at(5), at(6)) else {
        return Vec::new();
    };
    if !(s3 < s4 && s4 < s5 && s5 < s6) {
        return Vec::new();
    }
    let t = &case.text;
    vec![
        Case {
            name: format!("{} with 四 before 三", case.name),
            text: [&t[..s3], &t[s4..s5], &t[s3..s4], &t[s5..]].concat(),
        },
        Case {
            name: format!("{} without 五", case.name),
            text: [&t[..s5], &t[s6..]].concat(),
        },
    ]
}

/// Everything before 三 from `a`, 三 on from `b` (plain texts whose 三 are in different
/// templates): 二 and 三 of one report in two templates.
fn spliced(cases: &[(Case, Report)]) -> Vec<Case> {
    let plain: Vec<_> = cases
        .iter()
        .filter(|(c, _)| !nianbao::reader::html::is_html(&c.text))
        .filter_map(|(c, r)| Some((c, section_start(r, 3)?, r.s3_template()?)))
        .collect();
    let mut out = Vec::new();
    for (a, at_a, ta) in &plain {
        for (b, at_b, tb) in &plain {
            if ta != tb {
                out.push(Case {
                    name: format!("{} then {}", a.name, b.name),
                    text: format!("{}{}", &a.text[..*at_a], &b.text[*at_b..]),
                });
            }
        }
    }
    out
}

/// A line with its first number changed by `f` (which gets the line and the number's range).
fn at_first_number(line: &str, f: impl Fn(&str, usize, usize) -> String) -> Option<String> {
    let start = line.find(|c: char| c.is_ascii_digit())?;
    let len = line[start..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(line.len() - start);
    Some(f(line, start, start + len))
}

/// The ways a line of a table and the next are damaged: each gives the lines that replace the
/// two. The line is lost, printed twice or put after the next; or its first number is blanked,
/// given a unit, a thousands separator, a sign or decimals, followed by an extra number, stripped
/// of what precedes it (the label), or run into the next number.
fn damages(line: &str, next: Option<&str>) -> Vec<Vec<String>> {
    let edit = |f: &dyn Fn(&str, usize, usize) -> String| at_first_number(line, f);
    let next: Vec<String> = next.map(str::to_owned).into_iter().collect();
    let then = |first: Vec<String>| first.into_iter().chain(next.clone()).collect::<Vec<_>>();
    let mut out = vec![
        then(Vec::new()),
        then(vec![line.to_owned(); 2]),
        next.iter().cloned().chain([line.to_owned()]).collect(),
    ];
    let changed = [
        edit(&|l, a, b| format!("{}{}", &l[..a], &l[b..])),
        edit(&|l, _, b| format!("{}件{}", &l[..b], &l[b..])),
        edit(&|l, a, _| format!("{}1,{}", &l[..a], &l[a..])),
        edit(&|l, a, _| format!("{}-{}", &l[..a], &l[a..])),
        edit(&|l, _, b| format!("{}.5{}", &l[..b], &l[b..])),
        edit(&|l, _, b| format!("{} 7{}", &l[..b], &l[b..])),
        edit(&|l, a, _| l[a..].to_owned()),
        // the first two numbers run together
        edit(&|l, _, b| {
            let gap = l[b..].find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            format!("{}{}", &l[..b], &l[b + gap..])
        }),
    ];
    out.extend(changed.into_iter().flatten().map(|l| then(vec![l])));
    out
}

/// Reports with one line of their tables (二 to 四) damaged, a few lines each (seeded).
fn damaged(case: &Case, report: &Report, lines_each: usize) -> Vec<Case> {
    let (Some(from), to) = (section_start(report, 2), section_start(report, 5)) else {
        return Vec::new();
    };
    let lines: Vec<&str> = case.text.split('\n').collect();
    let mut offset = 0;
    let mut candidates = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let inside = offset >= from && to.is_none_or(|to| offset < to);
        if inside && l.contains(|c: char| c.is_ascii_digit()) {
            candidates.push(i);
        }
        offset += l.len() + 1;
    }
    let mut rng = Rng::new(case.text.len() as u64);
    let mut out = Vec::new();
    for _ in 0..lines_each.min(candidates.len()) {
        let i = candidates[rng.below(candidates.len())];
        let after = (i + 2).min(lines.len());
        for (d, new) in damages(lines[i], lines.get(i + 1).copied())
            .into_iter()
            .enumerate()
        {
            let mut text: Vec<String> = lines[..i].iter().map(|s| s.to_string()).collect();
            text.extend(new);
            text.extend(lines[after..].iter().map(|s| s.to_string()));
            out.push(Case {
                name: format!("{} line {} damage {d}", case.name, i + 1),
                text: text.join("\n"),
            });
        }
    }
    out
}

/// The clean reports printed in every layout, zeros every way.
fn relaid(cases: &[(Case, Report)]) -> Vec<Case> {
    let mut out = Vec::new();
    for (case, report) in cases {
        let Some(doc) = doc_of(report) else { continue };
        for layout in LAYOUTS {
            for zeros in ZEROS {
                out.push(Case {
                    name: format!("{} {layout:?} {zeros:?}", case.name),
                    text: print(&doc, layout, zeros, 11, None).text,
                });
            }
        }
    }
    out
}

#[test]
fn every_finding_has_a_severity_its_code_allows() {
    let mut seen = Seen::default();
    let mut read: Vec<(Case, Report)> = Vec::new();
    for case in originals() {
        let a = seen.analyse(&case);
        next_year(&mut seen, &case, &a);
        read.push((case, a.report));
    }
    made_up_pair(&mut seen);
    let mut made = spliced(&read);
    made.extend(relaid(&read));
    for (case, report) in &read {
        made.extend(other_years(case, report));
        made.extend(drafted(case));
        made.extend(stated(case, report));
        made.extend(rearranged(case, report));
        made.extend(damaged(case, report, 8));
    }
    for case in &made {
        seen.analyse(case);
    }
    assert!(seen.cases > 2000, "{} cases", seen.cases);
    assert!(seen.wrong.is_empty(), "{}", seen.wrong.join("\n"));
    for r in RULES {
        for &s in r.also {
            assert!(
                seen.pairs.contains(&(r.code, s)),
                "{} is registered at {s:?} too, but no case reports it so",
                r.code
            );
        }
    }
    // every call site is met: each code the page calls built is emitted, and no other
    let emitted: BTreeSet<Code> = seen.pairs.iter().map(|p| p.0).collect();
    for &code in Code::ALL {
        let built = relations_row(code)[1] == "built";
        assert_eq!(emitted.contains(&code), built, "{code}: built is {built}");
    }
}

/// The cells after the code in `code`'s row of the table in `docs/relations.md` §2 (severity,
/// status, what it is).
fn relations_row(code: Code) -> Vec<&'static str> {
    static PAGE: OnceLock<String> = OnceLock::new();
    let page = PAGE.get_or_init(|| {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/relations.md")).unwrap()
    });
    let row = format!("| [{code}](../src/checks/docs/{code}.md) | ");
    let line = page
        .lines()
        .find(|l| l.starts_with(&row))
        .unwrap_or_else(|| panic!("{code} has no row in docs/relations.md §2"));
    line[row.len()..].split(" | ").map(str::trim).collect()
}

/// `docs/relations.md` §2 gives each registered code the severities of the registry.
#[test]
fn the_relations_page_lists_the_registry() {
    for r in RULES {
        let severities: Vec<&str> = std::iter::once(r.severity)
            .chain(r.also.iter().copied())
            .map(|s| match s {
                Severity::Error => "Error",
                Severity::Warning => "Warning",
                Severity::Information => "Information",
                Severity::Hint => "Hint",
            })
            .collect();
        assert_eq!(
            relations_row(r.code)[0],
            severities.join(" / "),
            "{}",
            r.code
        );
    }
}
