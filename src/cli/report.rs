//! `nianbao report PATH... -o audit.html`: one self-contained HTML page for reviewers (see
//! `nianbao::render::audit`). Files are analysed in parallel, in batches, like `check`; only
//! each report's section of the page (written to a temporary file as it comes) and its counts
//! and main figures (for the table organ × year and the charts at the top) are kept, not its
//! text. Inline `nianbao-disable` markers
//! are honoured.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use nianbao::corpus::years::{self, Found};
use nianbao::render::audit::{self, Entry, Failure};
use nianbao::render::Source;
use nianbao::{Analysis, Finding};

use super::input::{collect, load, not_a_report, Input, Verdict};
use super::suppress::{disabled, markers};
use super::{report_error, EXIT_CLEAN, EXIT_ERROR};

enum Outcome {
    /// Not read, or named and not a report: the page lists it with the reason.
    Failed(String),
    Skipped,
    /// The report's entry, and what NB401 needs of it.
    Read(Box<(Entry, Analysis)>),
}

fn one(input: &Input, index: usize) -> Outcome {
    let loaded = match load(input) {
        Ok(l) => l,
        Err(e) => return Outcome::Failed(e),
    };
    let text = &loaded.decoded.text;
    match input.verdict(loaded.plain()) {
        Verdict::Report => {}
        Verdict::PassOver => return Outcome::Skipped,
        Verdict::NotAReport(evidence) => return Outcome::Failed(not_a_report(input, &evidence)),
    }
    let path = input.display();
    let analysis = loaded.analyse();
    let marks = markers(text);
    let findings: Vec<Finding> = analysis
        .findings
        .iter()
        .filter(|f| !disabled(&marks, &analysis, f))
        .cloned()
        .collect();
    let src = Source::new(&path, text).with_places(loaded.places());
    let entry = audit::entry(&src, &analysis, &findings, index);
    Outcome::Read(Box::new((entry, years::slim(&analysis))))
}

/// NB401 between the reports read: each against last year's report of its organ (paired by
/// `nianbao::corpus::years`, as in `check`; a note on standard error for the organs and years
/// not compared), both files read again for the cells' places (only two texts held at a
/// time). Findings disabled inline in this year's file are left out, as in `check`.
fn across_years(read: &[(&Input, Analysis)]) -> Vec<audit::CrossYear> {
    let analyses: Vec<&Analysis> = read.iter().map(|(_, a)| a).collect();
    let cross = years::check(&analyses);
    for a in &cross.ambiguities {
        eprintln!("note: {}", a.note(|i| read[i].0.display()));
    }
    let mut by_pair: Vec<((usize, usize), Vec<Found>)> = Vec::new();
    for found in cross.found {
        match by_pair.last_mut() {
            Some((p, fs)) if *p == (found.this, found.last) => fs.push(found),
            _ => by_pair.push(((found.this, found.last), vec![found])),
        }
    }
    let mut out = Vec::new();
    for ((i, j), found) in by_pair {
        let (Ok(this), Ok(other)) = (load(read[i].0), load(read[j].0)) else {
            continue;
        };
        let (this_text, other_text) = (&this.decoded.text, &other.decoded.text);
        let (this_path, other_path) = (read[i].0.display(), read[j].0.display());
        let marks = markers(this_text);
        let full = (!marks.is_empty()).then(|| this.analyse());
        let src = Source::new(&this_path, this_text).with_places(this.places());
        let other_src = Source::new(&other_path, other_text).with_places(other.places());
        for Found { cross: c, .. } in found {
            if full
                .as_ref()
                .is_some_and(|a| disabled(&marks, a, &c.finding))
            {
                continue;
            }
            let at = src.range(c.finding.span);
            let there = other_src.range(c.other_span);
            out.push(audit::CrossYear {
                code: c.finding.code,
                path: this_path.clone(),
                line: at.line,
                column: at.column,
                message: c.finding.message.clone(),
                other_path: other_path.clone(),
                other_line: there.line,
                other_column: there.column,
                other_value: other_text
                    .get(c.other_span.start..c.other_span.end)
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
    }
    out
}

/// Head, the sections from the temporary file, tail.
fn write_page(
    output: &Path,
    entries: &[Entry],
    failures: &[Failure],
    started: Instant,
    sections: std::io::BufWriter<std::fs::File>,
) -> std::io::Result<()> {
    let mut sections = sections.into_inner().map_err(|e| e.into_error())?;
    sections.seek(SeekFrom::Start(0))?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(output)?);
    out.write_all(audit::page_head(entries, failures, Some(started.elapsed())).as_bytes())?;
    std::io::copy(&mut sections, &mut out)?;
    out.write_all(audit::page_tail().as_bytes())?;
    out.flush()
}

pub fn run(paths: &[String], output: &Path) -> u8 {
    let started = Instant::now();
    let (inputs, errors) = collect(paths);
    let mut failures: Vec<Failure> = Vec::new();
    for e in &errors {
        report_error(e);
        failures.push(Failure {
            path: e.split(": ").next().unwrap_or_default().to_owned(),
            reason: e.clone(),
        });
    }
    let mut entries: Vec<Entry> = Vec::new();
    // (input, what NB401 needs) of every report read
    let mut read: Vec<(&Input, Analysis)> = Vec::new();
    // Each report's section goes to a temporary file as it comes (a page for 10,000 reports is
    // over 100 MB); only the counts stay in memory until the head of the page can be written.
    let mut sections = match tempfile::tempfile() {
        Ok(f) => std::io::BufWriter::new(f),
        Err(e) => {
            report_error(&format!("cannot create a temporary file: {e}"));
            return EXIT_ERROR;
        }
    };
    let batch = rayon::current_num_threads().max(1) * 16;
    let bar = super::check::progress_bar(inputs.len());
    for (n, chunk) in inputs.chunks(batch).enumerate() {
        let outcomes: Vec<Outcome> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, input)| {
                let o = one(input, n * batch + i);
                bar.inc(1);
                o
            })
            .collect();
        for (input, o) in chunk.iter().zip(outcomes) {
            match o {
                Outcome::Failed(e) => {
                    bar.suspend(|| report_error(&e));
                    failures.push(Failure {
                        path: input.display(),
                        reason: e,
                    });
                }
                Outcome::Skipped => {}
                Outcome::Read(e) => {
                    let (mut e, slim) = *e;
                    if let Err(err) = sections.write_all(e.detail.as_bytes()) {
                        bar.finish_and_clear();
                        report_error(&format!("cannot write a temporary file: {err}"));
                        return EXIT_ERROR;
                    }
                    e.detail = String::new();
                    entries.push(e);
                    read.push((input, slim));
                }
            }
        }
    }
    bar.finish_and_clear();
    let cross = across_years(&read);
    if !cross.is_empty() {
        if let Err(err) = sections.write_all(audit::cross_years(&cross).as_bytes()) {
            report_error(&format!("cannot write a temporary file: {err}"));
            return EXIT_ERROR;
        }
    }
    if entries.is_empty() && failures.is_empty() {
        report_error("no reports found (the files given are not annual reports)");
        return EXIT_ERROR;
    }
    if let Err(e) = write_page(output, &entries, &failures, started, sections) {
        report_error(&format!(
            "{}: cannot write: {}",
            output.display(),
            super::input::io_reason(&e)
        ));
        return EXIT_ERROR;
    }
    let with_errors = entries.iter().filter(|e| e.errors > 0).count();
    eprintln!(
        "Wrote {}: {} report{} read, {with_errors} with errors, in {}.",
        output.display(),
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        nianbao::render::human::duration(started.elapsed())
    );
    if failures.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_ERROR
    }
}
