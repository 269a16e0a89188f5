//! Fixes never damage a file. For every fix the engine produces on the corpus and on mutants of
//! it (a changed cell, a deleted or duplicated row, a typo in a label, two numbers run together),
//! in CRLF and with tabs:
//!
//! * each edit's span is one cell's digits (numeric fixes) or part of one label (label fixes),
//!   never a line break, tab or BOM;
//! * a byte diff of before and after changes only bytes inside the edits' spans, and the result
//!   equals the text with each span replaced (computed here, independently of `apply_edits`),
//!   so line endings, tabs and full-width characters stay exactly where they were;
//! * re-analysing the fixed text finds none of the fixed problems (no finding with that code at
//!   that place), for safe fixes;
//! * fixing twice equals fixing once.
//!
//! `cargo test` runs a sample (a few seconds); `scripts/fix-safety.sh` runs every mutant of every
//! corpus file in release mode.

mod relayout;
mod support;

use nianbao::fix::{apply_edits, fixable_edits};
use nianbao::template::TableKind;
use nianbao::{Applicability, Edit, Finding};

fn corpus_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["seeds", "real"] {
        let mut files: Vec<_> = std::fs::read_dir(support::corpus(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                p.is_file() && name != "README.md" && !name.ends_with(".tsv")
            })
            .collect();
        files.sort();
        for p in files {
            out.push((
                p.file_name().unwrap().to_string_lossy().into_owned(),
                support::read(&p),
            ));
        }
    }
    out
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// What `nianbao fix` does: fix, re-analyse, repeat (at most 4 rounds).
fn fix_all(text: &str, include_suggested: bool) -> String {
    let mut text = text.to_owned();
    for _ in 0..4 {
        let edits = fixable_edits(&nianbao::analyse(&text).findings, include_suggested);
        let (next, n) = apply_edits(&text, &edits);
        if n == 0 || next == text {
            break;
        }
        text = next;
    }
    text
}

/// Where `offset` (outside every edit) lands after the edits.
fn shifted(offset: usize, edits: &[&Edit]) -> usize {
    let mut out = offset as isize;
    for e in edits {
        if e.span.end <= offset {
            out += e.replacement.len() as isize - e.span.len() as isize;
        }
    }
    out as usize
}

/// Counts of what the checks saw, for the report at the end of a run.
#[derive(Default, Debug)]
pub struct Tally {
    pub texts: usize,
    pub fixes: usize,
    pub safe_fixes: usize,
}

/// Every property above, on one text.
fn check_fixes(name: &str, text: &str, tally: &mut Tally) {
    tally.texts += 1;
    let analysis = nianbao::analyse(text);
    for include_suggested in [false, true] {
        let edits = fixable_edits(&analysis.findings, include_suggested);
        if edits.is_empty() {
            continue;
        }
        // which findings' fixes were taken (fixable_edits takes the first allowed fix whole)
        let applied: Vec<&Finding> = analysis
            .findings
            .iter()
            .filter(|f| {
                f.fixes
                    .iter()
                    .find(|x| x.applicability == Applicability::Safe || include_suggested)
                    .is_some_and(|x| x.edits.iter().all(|e| edits.contains(e)))
            })
            .collect();
        for f in &applied {
            tally.fixes += 1;
            let fix = f
                .fixes
                .iter()
                .find(|x| x.applicability == Applicability::Safe || include_suggested)
                .unwrap();
            tally.safe_fixes += (fix.applicability == Applicability::Safe) as usize;
            for e in &fix.edits {
                let old = &text[e.span.start..e.span.end];
                // a deletion of an extra number takes its separator (a tab, perhaps) with it
                let deletion = e.replacement.is_empty() && f.code != "NB030";
                assert!(
                    !old.contains(['\n', '\r', '\u{feff}'])
                        && (deletion || !old.contains('\t'))
                        && !e.replacement.contains(['\n', '\r', '\t', '\u{feff}']),
                    "{name}: {} edit spans a line break, tab or BOM: {old:?} -> {:?}",
                    f.code,
                    e.replacement
                );
                if f.code != "NB030" {
                    // a cell's digits (a blank cell: an empty span or a dash), replaced by digits
                    assert!(
                        e.replacement
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == ' '),
                        "{name}: {} replaces a cell by {:?}",
                        f.code,
                        e.replacement
                    );
                    assert!(
                        old.chars()
                            .all(|c| is_digit(c) || c.is_whitespace() || "|｜-—－/／".contains(c)),
                        "{name}: {} numeric edit over {old:?} -> {:?}",
                        f.code,
                        e.replacement
                    );
                } else {
                    assert!(
                        !old.contains('|') && !e.replacement.contains('|'),
                        "{name}: label edit crosses a cell: {old:?}"
                    );
                }
            }
        }
        let (fixed, n) = apply_edits(text, &edits);
        assert_eq!(n, edits.len(), "{name}: fixable edits do not overlap");
        // independent composition: splice each edit, from the last to the first
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        sorted.sort_by_key(|e| (e.span.start, e.span.end));
        let mut expected = text.to_owned();
        for e in sorted.iter().rev() {
            expected.replace_range(e.span.start..e.span.end, &e.replacement);
        }
        assert_eq!(fixed, expected, "{name}");
        // byte diff: every changed byte inside an edit's span (insertions at or inside one)
        let ops = similar::capture_diff_slices(
            similar::Algorithm::Myers,
            text.as_bytes(),
            fixed.as_bytes(),
        );
        for op in ops {
            let (tag, old, _) = op.as_tag_tuple();
            if tag == similar::DiffTag::Equal {
                continue;
            }
            let inside = sorted.iter().any(|e| {
                let (s, end) = (e.span.start, e.span.end);
                // a diff may align an inserted or deleted byte with an equal byte just beside
                // the span (deleting the "1" of "11" → "1"): allow the run of same bytes
                let grow_l = text.as_bytes()[..s]
                    .iter()
                    .rev()
                    .take_while(|b| {
                        text.as_bytes()[s..end].contains(b) || e.replacement.as_bytes().contains(b)
                    })
                    .count();
                let grow_r = text.as_bytes()[end..]
                    .iter()
                    .take_while(|b| {
                        text.as_bytes()[s..end].contains(b) || e.replacement.as_bytes().contains(b)
                    })
                    .count();
                old.start + grow_l >= s && old.end <= end + grow_r
            });
            assert!(
                inside,
                "{name}: bytes {old:?} changed outside every edit {sorted:?}"
            );
        }
        // line endings, tabs, full-width characters: the same ones, at the shifted places
        for (i, c) in text.char_indices() {
            if matches!(c, '\r' | '\n' | '\t' | '\u{feff}') || c.len_utf8() == 3 && is_fullwidth(c)
            {
                if sorted.iter().any(|e| e.span.start <= i && i < e.span.end) {
                    continue;
                }
                let j = shifted(i, &sorted);
                assert_eq!(
                    fixed[j..].chars().next(),
                    Some(c),
                    "{name}: {c:?} at {i} moved"
                );
            }
        }
        // the fixed problems are gone (safe fixes: the engine is sure of them)
        let after = nianbao::analyse(&fixed);
        for f in applied.iter().filter(|f| {
            f.fixes
                .iter()
                .find(|x| x.applicability == Applicability::Safe || include_suggested)
                .is_some_and(|x| x.applicability == Applicability::Safe)
        }) {
            let start = shifted(
                f.span.start,
                &sorted
                    .iter()
                    .copied()
                    .filter(|e| e.span.end <= f.span.start)
                    .collect::<Vec<_>>(),
            );
            assert!(
                !after
                    .findings
                    .iter()
                    .any(|g| g.code == f.code && g.span.start == start),
                "{name}: {} at {} still reported after its fix:\n{}",
                f.code,
                f.span.start,
                &fixed[fixed.floor_char_boundary(start.saturating_sub(60))
                    ..fixed.ceil_char_boundary((start + 60).min(fixed.len()))]
            );
        }
    }
    // fixing twice is fixing once, in both modes
    for include_suggested in [false, true] {
        let once = fix_all(text, include_suggested);
        let twice = fix_all(&once, include_suggested);
        assert!(
            once == twice,
            "{name}: fixing again changes the text (suggested: {include_suggested})"
        );
    }
}

fn is_fullwidth(c: char) -> bool {
    ('\u{ff01}'..='\u{ff60}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
}

/// Lines of `text` (start, end without `\n`) overlapping tables 三 and 四.
fn table_lines(text: &str) -> Vec<(usize, usize)> {
    let a = nianbao::analyse(text);
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end_matches('\n').len();
        let in_table = [TableKind::S3, TableKind::S4].iter().any(|&k| {
            a.report
                .table(k)
                .is_some_and(|t| t.span.start < end && start < t.span.end)
        });
        if in_table {
            out.push((start, end));
        }
        start += line.len();
    }
    out
}

/// Every mutant of `text`, one kind of damage each, on one table line each.
pub fn mutants(text: &str, stride: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (k, &(s, e)) in table_lines(text).iter().enumerate().step_by(stride) {
        let line = &text[s..e];
        let with = |new_line: &str| format!("{}{}{}", &text[..s], new_line, &text[e..]);
        // a deleted row (with its line break) and a duplicated one
        let next = (e + 1).min(text.len());
        out.push((
            format!("line {k} deleted"),
            format!("{}{}", &text[..s], &text[next..]),
        ));
        out.push((
            format!("line {k} duplicated"),
            format!("{}{}", &text[..next], &text[s..]),
        ));
        // a changed cell: the first number + 7
        let runs = digit_runs(line);
        if let Some(&(a, b)) = runs.first() {
            if let Ok(v) = line[a..b].parse::<u64>() {
                out.push((
                    format!("line {k} first number +7"),
                    with(&format!("{}{}{}", &line[..a], v + 7, &line[b..])),
                ));
            }
        }
        // two numbers run together: the separators between the first two removed
        if runs.len() >= 2 {
            let (a, b) = (runs[0].1, runs[1].0);
            out.push((
                format!("line {k} numbers run together"),
                with(&format!("{}{}", &line[..a], &line[b..])),
            ));
        }
        // a typo in the label: its second character dropped, or doubled
        let label_end = line
            .find(|c: char| is_digit(c) || c == '|' || c == '\t')
            .unwrap_or(line.len());
        let label: Vec<(usize, char)> = line[..label_end].char_indices().collect();
        if label.len() >= 3 {
            let (p, c) = label[1];
            out.push((
                format!("line {k} label typo (dropped {c})"),
                with(&format!("{}{}", &line[..p], &line[p + c.len_utf8()..])),
            ));
            let (p, c) = label[label.len() / 2];
            out.push((
                format!("line {k} label typo (doubled {c})"),
                with(&format!("{}{c}{}", &line[..p], &line[p..])),
            ));
        }
    }
    out
}

fn digit_runs(l: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (p, c) in l.char_indices().chain(std::iter::once((l.len(), ' '))) {
        match (start, c.is_ascii_digit()) {
            (None, true) => start = Some(p),
            (Some(s), false) => {
                out.push((s, p));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Every corpus text as it is and in CRLF; mutants of each (every `stride`-th table line).
pub fn run_all(stride: usize, files: usize) -> Tally {
    let mut tally = Tally::default();
    for (name, text) in corpus_texts().into_iter().take(files) {
        check_fixes(&name, &text, &mut tally);
        check_fixes(&format!("{name} (CRLF)"), &crlf(&text), &mut tally);
        for (what, m) in mutants(&text, stride) {
            check_fixes(&format!("{name}: {what}"), &m, &mut tally);
        }
    }
    tally
}

#[test]
fn fixes_on_a_sample_of_mutants_touch_only_their_cells() {
    let t = run_all(31, usize::MAX);
    assert!(t.fixes > 50, "{t:?}");
}

/// HTML pages (issue 14): the clean corpus reports as Word and a web editor print them, one
/// tag a line, each mutated line by line (a cell's line deleted or doubled, a number changed,
/// two cells' numbers run together). Every fix inside a page rewrites a cell's digits only.
#[test]
fn fixes_inside_html_pages_touch_only_their_cells() {
    use relayout::{doc_of, print, Layout, Zeros};
    let mut tally = Tally::default();
    let docs = corpus_texts()
        .into_iter()
        .filter_map(|(name, text)| Some((name, doc_of(&nianbao::analyse(&text).report)?)));
    // three reports of both templates (a sample: debug builds are slow on 70 KB pages)
    for (name, doc) in docs.step_by(4) {
        for (layout, stride) in [(Layout::HtmlCellPerLine, 61), (Layout::HtmlWord, 331)] {
            for zeros in [Zeros::Printed, Zeros::Blank, Zeros::Mark("—")] {
                let page = print(&doc, layout, zeros, 5, None).text;
                for (what, m) in mutants(&page, stride) {
                    check_fixes(
                        &format!("{name} {layout:?} {zeros:?}: {what}"),
                        &m,
                        &mut tally,
                    );
                }
            }
        }
    }
    println!("{tally:?}");
    assert!(tally.fixes > 20, "{tally:?}");
}

#[test]
fn crlf_tabs_and_full_width_digits_are_kept_by_fixes() {
    // seed 003 has tabs; make it CRLF, and give another report full-width digits in a cell
    let mut tally = Tally::default();
    let text = crlf(&support::read(&support::corpus(
        "seeds/003_00cf7cc126b6d59e.txt",
    )));
    for (what, m) in mutants(&text, 5) {
        check_fixes(&format!("003 CRLF: {what}"), &m, &mut tally);
    }
    assert!(tally.fixes > 5, "{tally:?}");
}

#[test]
#[ignore = "every mutant of every corpus file; run scripts/fix-safety.sh"]
fn fixes_on_every_mutant_touch_only_their_cells() {
    let t = run_all(1, usize::MAX);
    println!("{t:?}");
}

/// The suggested NB020 fix deletes an extra number with the separator before it; in a row
/// wrapped over two lines that separator was the line break (`" |\n181"`, `"\r\n\t\t1"`), and the
/// fix joined the lines (dropping a CRLF). Found by the mutants above.
#[test]
fn an_extra_number_deletion_never_joins_wrapped_lines() {
    let text = support::read(&support::corpus("seeds/001_7d7228ee9adc21b3.txt"));
    let (name, mutant) = mutants(&text, 1)
        .into_iter()
        .find(|(what, _)| what == "line 7 duplicated")
        .unwrap();
    let a = nianbao::analyse(&mutant);
    let deletions: Vec<&Edit> = a
        .findings
        .iter()
        .filter(|f| f.code == "NB020")
        .flat_map(|f| f.fixes.iter().flat_map(|x| x.edits.iter()))
        .collect();
    assert!(!deletions.is_empty(), "{name}: the mutant has an NB020 fix");
    for e in deletions {
        let old = &mutant[e.span.start..e.span.end];
        assert!(!old.contains(['\n', '\r']), "{old:?}");
    }
}
