//! Word documents (issue 15) through the engine: a report's tables written as Word writes them
//! (merged cells, numbers split over runs, tracked changes, fields, content controls) read to
//! the same verdict and cell values as its text form; a wrong total is flagged at its cell
//! (table, row, grid column), and its fix rewrites only the characters of its runs.

mod relayout;
mod support;
mod wordfile;

use nianbao::model::Report;
use nianbao::reader::docx;
use nianbao::template::TableKind;
use nianbao::{Analysis, Severity};
use relayout::{doc_of, word_document, CellAt, Doc, Zeros};

/// Errors and warnings by code, sorted.
fn verdict(a: &Analysis) -> Vec<&'static str> {
    let mut v: Vec<_> = a
        .findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
        .map(|f| f.code.as_str())
        .collect();
    v.sort();
    v
}

/// Every cell's value, table by table.
fn values(r: &Report) -> Vec<Vec<Option<String>>> {
    r.tables
        .iter()
        .map(|t| {
            t.rows
                .iter()
                .flatten()
                .flat_map(|row| &row.cells)
                .map(|c| c.as_ref().and_then(|c| c.value).map(|v| format!("{v:?}")))
                .collect()
        })
        .collect()
}

/// The values of tables 三 and 四 (every cell known in a re-laid report).
fn s3_values(r: &Report) -> Vec<Vec<Option<String>>> {
    let mut only = r.clone();
    only.tables
        .retain(|t| matches!(t.kind(), TableKind::S3 | TableKind::S4));
    values(&only)
}

/// The corpus reports whose tables can be re-laid, by file name, with their text's analysis.
fn corpus_docs() -> Vec<(String, Analysis, Doc)> {
    let mut out = Vec::new();
    for p in support::corpus_files() {
        let a = support::analyse_file(&p);
        if let Some(doc) = doc_of(&a.report) {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, a, doc));
        }
    }
    out
}

#[test]
fn a_word_report_reads_as_its_text_form() {
    let docs = corpus_docs();
    assert!(docs.len() >= 6, "{}", docs.len());
    for (name, text, doc) in &docs {
        for seed in 0..4 {
            let printed = word_document(doc, Zeros::Printed, seed, None);
            let word = nianbao::analyse_docx(&printed.text);
            // the same tables printed as pipe rows: the same cells and the same verdict
            let pipe = relayout::print(doc, relayout::Layout::Pipe, Zeros::Printed, seed, None);
            let pipe = nianbao::analyse(&pipe.text);
            assert_eq!(
                values(&word.report),
                values(&pipe.report),
                "{name} seed {seed}: cell values"
            );
            assert_eq!(verdict(&word), verdict(&pipe), "{name} seed {seed}");
            // and the relations of the published text
            assert_eq!(
                s3_values(&word.report),
                s3_values(&text.report),
                "{name} seed {seed}"
            );
            let relations = |a: &Analysis| -> Vec<&'static str> {
                let mut v: Vec<_> = verdict(a)
                    .into_iter()
                    .filter(|c| c.starts_with("NB1") || c.starts_with("NB2"))
                    .collect();
                v.dedup();
                v
            };
            assert_eq!(relations(&word), relations(text), "{name} seed {seed}");
        }
    }
}

#[test]
fn blank_zeros_read_as_blanks_in_word_too() {
    for (name, _, doc) in corpus_docs() {
        let printed = word_document(&doc, Zeros::Blank, 3, None);
        let word = nianbao::analyse_docx(&printed.text);
        let pipe = relayout::print(&doc, relayout::Layout::Pipe, Zeros::Blank, 3, None);
        assert_eq!(
            verdict(&word),
            verdict(&nianbao::analyse(&pipe.text)),
            "{name}"
        );
    }
}

/// A clean report of the 2021 template, and its 三 table's 总计 of 一、本年新收.
fn clean_2021() -> (Doc, CellAt) {
    let docs = corpus_docs();
    let (_, _, doc) = docs
        .into_iter()
        .find(|(n, a, d)| n.starts_with("004_") && verdict(a).is_empty() && d.year >= 2021)
        .expect("seed 004 is clean");
    let s3 = doc.tables.iter().find(|t| t.kind == TableKind::S3).unwrap();
    let row = &s3.rows[0];
    let at = CellAt {
        table: TableKind::S3,
        row: row.row,
        col: row.values.len() - 1,
    };
    (doc, at)
}

/// `doc` with the value at `at` raised by `by` (and the digits it printed with).
fn wrong(doc: &Doc, at: CellAt, by: i64) -> (Doc, String) {
    let mut d = doc.clone();
    let v: i64 = d.value(at).parse().unwrap();
    d.set(at, (v + by).to_string());
    (d, (v + by).to_string())
}

#[test]
fn a_wrong_total_is_flagged_at_its_cell_and_fixed_in_its_runs() {
    let (doc, at) = clean_2021();
    let right = doc.value(at).to_owned();
    let (bad, shown) = wrong(&doc, at, 11);
    for seed in 0..8 {
        let printed = word_document(&bad, Zeros::Printed, seed, Some(at));
        let xml = &printed.text;
        let (start, end) = printed.marked.expect("printed the cell");
        let a = nianbao::analyse_docx(xml);
        let f = a
            .findings
            .iter()
            .find(|f| f.severity == Severity::Error && f.span.start == start)
            .unwrap_or_else(|| panic!("seed {seed}: no error at the cell: {:?}", a.findings));
        assert_eq!(f.span.end, end, "seed {seed}");
        // the place: table 三 is the document's last table but one, row and column of the grid
        let d = docx::read(xml);
        let place = d.places.find(f.span).unwrap();
        let tables = xml.matches("<w:tbl>").count() as u32;
        assert_eq!(place.table, Some(tables - 1), "seed {seed}");
        assert_eq!(place.row, Some(4), "{place:?}");
        assert_eq!(place.column, Some(10), "{place:?}");
        assert!(place.row_text.starts_with("一、本年新收"), "{place:?}");
        assert!(place.row_text.ends_with(&shown), "{place:?}");
        // the safe fix writes the sum over the digits only (first run; a second run emptied)
        let edits = nianbao::fix::fixable_edits(&a.findings, false);
        assert!(!edits.is_empty(), "seed {seed}: no safe fix");
        let (fixed, _) = nianbao::fix::apply_edits(xml, &edits);
        let ((a0, a1), _) = wordfile::changed_range(xml, &fixed);
        assert!(
            a0 >= start && a1 <= end,
            "seed {seed}: changed {a0}..{a1} outside {start}..{end}"
        );
        let after = nianbao::analyse_docx(&fixed);
        assert!(
            verdict(&after).is_empty(),
            "seed {seed}: {:?}",
            after.findings
        );
        let cell = docx::read(&fixed).view.text;
        assert!(cell.contains(&format!(" | {right}\n")), "seed {seed}");
    }
}

#[test]
fn a_blank_total_is_written_as_a_new_run() {
    // a clean report with a 总计 that is not 0 in its 三 table
    let (doc, at) = corpus_docs()
        .into_iter()
        .filter(|(_, a, _)| verdict(a).is_empty())
        .find_map(|(_, _, doc)| {
            let s3 = doc.tables.iter().find(|t| t.kind == TableKind::S3)?;
            let row = s3
                .rows
                .iter()
                .find(|r| r.values.last().is_some_and(|v| v != "0"))?;
            let at = CellAt {
                table: TableKind::S3,
                row: row.row,
                col: row.values.len() - 1,
            };
            Some((doc.clone(), at))
        })
        .expect("a clean report with a total");
    let right = doc.value(at).to_owned();
    let mut blank = doc.clone();
    blank.set(at, String::new());
    for seed in 0..4 {
        let xml = word_document(&blank, Zeros::Printed, seed, Some(at)).text;
        let a = nianbao::analyse_docx(&xml);
        // NB025's fix is suggested (`nianbao fix --unsafe`)
        let edits = nianbao::fix::fixable_edits(&a.findings, true);
        assert_eq!(edits.len(), 1, "seed {seed}: {:?}", a.findings);
        let (fixed, _) = nianbao::fix::apply_edits(&xml, &edits);
        assert!(edits[0]
            .replacement
            .contains(&format!("<w:t>{right}</w:t>")));
        let after = nianbao::analyse_docx(&fixed);
        assert!(
            verdict(&after).is_empty(),
            "seed {seed}: {:?}",
            after.findings
        );
    }
}

#[test]
fn the_package_round_trip_changes_only_the_document() {
    let (doc, at) = clean_2021();
    let (bad, _) = wrong(&doc, at, 3);
    let xml = word_document(&bad, Zeros::Printed, 1, Some(at)).text;
    let zip = wordfile::package(&xml);
    assert_eq!(docx::document_xml(&zip).unwrap(), xml);
    let out = docx::replace_document_xml(&zip, "<w:document/>").unwrap();
    let (before, after) = (wordfile::raw_entries(&zip), wordfile::raw_entries(&out));
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.name, b.method), (&a.name, a.method));
        if b.name != wordfile::DOCUMENT_XML {
            assert_eq!(b, a);
        }
    }
    assert_eq!(wordfile::comment(&out), wordfile::comment(&zip));
}
