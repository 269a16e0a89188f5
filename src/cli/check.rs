//! `nianbao check PATH...`: analyse each report and print its findings.
//!
//! Files are analysed in parallel (rayon) in batches of a few per core and printed in input
//! order, so memory holds a batch of texts at a time, not the folder. What the checks across years
//! (NB401–NB403, NB511) need of each report — organ, year, a few rows of 三, 二 and 四, the prose's
//! comparisons with last year (`corpus::slim`) — is kept; the
//! texts are not: the few files a cross finding names are read again to show it. Which
//! report is compared with which is `nianbao::corpus::years`'s; this module prints.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use nianbao::corpus::years::{self, Found};
use nianbao::render::human::{self, Tally};
use nianbao::render::json::JsonRelated;
use nianbao::render::sarif::{self, Artifact, Elsewhere};
use nianbao::render::{github, json, Source, Style};
use nianbao::text::Encoding;
use nianbao::{Analysis, Finding};

use super::input::{collect, load, not_a_report, Form, Input, Loaded, Verdict};
use super::suppress::{disabled, fingerprint, markers, Baseline, Fingerprint};
use super::{print, report_error, report_warning, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Excerpts with underlines, as rustc prints them, and a summary.
    Human,
    /// One JSON object per finding per line (JSON Lines).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::message`).
    Github,
    /// One SARIF 2.1.0 log for all files.
    Sarif,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    pub style: Style,
    pub max_related: usize,
    /// Suppress the findings this file lists (a missing file lists none).
    pub baseline: Option<PathBuf>,
    /// Write the current findings to this file, and report none.
    pub write_baseline: Option<PathBuf>,
}

/// Files from which on a progress bar is drawn (when standard error is a terminal).
const PROGRESS_FROM: usize = 20;

/// What one file gave.
enum Outcome {
    Failed(String),
    /// Not an annual report (a file found in a folder).
    Skipped,
    /// Named on the command line and not an annual report: the line that says so.
    NotAReport(String),
    Checked(Box<Checked>),
}

struct Checked {
    /// Rendered findings (human, JSON Lines, GitHub); empty for SARIF.
    output: String,
    /// SARIF results, serialized.
    sarif: Vec<String>,
    tally: Tally,
    /// Fingerprints of the findings not disabled inline (only for `--write-baseline`).
    fingerprints: Vec<Fingerprint>,
    /// Organ, year and the 三 table's carry-over rows, for NB401 across files.
    slim: Analysis,
    /// The text, kept only for standard input (which cannot be read twice).
    stdin_text: Option<String>,
    /// Its places, when standard input was a Word file.
    stdin_places: Option<nianbao::reader::place::Places>,
}

struct Context<'a> {
    opts: &'a Options,
    baseline: Baseline,
}

/// Where [`Context::filter`] records what it did not report.
struct Sorted<'a, 'f> {
    tally: &'a mut Tally,
    fingerprints: &'a mut Vec<Fingerprint>,
    suppressed: Option<&'a mut Vec<(&'f Finding, &'static str)>>,
}

impl Context<'_> {
    /// Sort the findings of one file into reported ones and suppressed ones; record the
    /// fingerprints of all but those disabled inline. Findings suppressed by an inline marker
    /// (`inSource`) or by the baseline (`external`) go to `suppressed`, with SARIF's kind, when
    /// it is given (SARIF reports them as suppressed results).
    fn filter<'f>(
        &self,
        path: &str,
        text: &str,
        analysis: &Analysis,
        findings: impl Iterator<Item = &'f Finding>,
        out: Sorted<'_, 'f>,
    ) -> Vec<(&'f Finding, Option<Fingerprint>)> {
        let Sorted {
            tally,
            fingerprints,
            mut suppressed,
        } = out;
        let marks = markers(text);
        let mut kept = Vec::new();
        for f in findings {
            if disabled(&marks, analysis, f) {
                tally.suppressed += 1;
                if let Some(s) = suppressed.as_deref_mut() {
                    s.push((f, "inSource"));
                }
                continue;
            }
            if !self.needs_fingerprints() {
                kept.push((f, None));
                continue;
            }
            let fp = fingerprint(path, text, analysis, f);
            if self.opts.write_baseline.is_some() {
                fingerprints.push(fp.clone());
                tally.suppressed += 1;
                continue;
            }
            if self.baseline.contains(&fp) {
                tally.suppressed += 1;
                if let Some(s) = suppressed.as_deref_mut() {
                    s.push((f, "external"));
                }
                continue;
            }
            kept.push((f, Some(fp)));
        }
        kept
    }

    /// Whether a finding's fingerprint is used: to write or consult a baseline, or in SARIF's
    /// `partialFingerprints`. Otherwise it is not computed.
    fn needs_fingerprints(&self) -> bool {
        self.opts.write_baseline.is_some()
            || self.opts.format == Format::Sarif
            || !self.baseline.findings.is_empty()
    }
}

/// Where the analysed text starts in the file; `None` when its offsets are not the file's (a
/// GB18030 file, a Word file's `document.xml`).
fn byte_base(loaded: &Loaded) -> Option<usize> {
    if !matches!(loaded.form, Form::Text) {
        return None;
    }
    match loaded.decoded.encoding {
        Encoding::Utf8 => Some(0),
        Encoding::Utf8Bom => Some(3),
        Encoding::Gb18030 => None,
    }
}

fn fingerprint_string(fp: &Fingerprint) -> String {
    serde_json::to_string(fp).expect("fingerprint serializes")
}

fn check_one(input: &Input, ctx: &Context) -> Outcome {
    let loaded = match load(input) {
        Ok(l) => l,
        Err(e) => return Outcome::Failed(e),
    };
    let text = &loaded.decoded.text;
    match input.verdict(loaded.plain()) {
        Verdict::Report => {}
        Verdict::PassOver => return Outcome::Skipped,
        Verdict::NotAReport(evidence) => {
            return Outcome::NotAReport(not_a_report(input, &evidence))
        }
    }
    let path = input.display();
    let analysis = loaded.analyse();
    let mut tally = Tally {
        files: 1,
        ..Tally::default()
    };
    let mut fingerprints = Vec::new();
    let mut suppressed = Vec::new();
    let kept = ctx.filter(
        &path,
        text,
        &analysis,
        analysis.findings.iter(),
        Sorted {
            tally: &mut tally,
            fingerprints: &mut fingerprints,
            suppressed: Some(&mut suppressed),
        },
    );
    tally.add(kept.iter().map(|(f, _)| *f));
    let src = Source::new(&path, text).with_places(loaded.places());
    let (output, sarif) = render_one(ctx.opts, &src, &loaded, &kept, &suppressed);
    Outcome::Checked(Box::new(Checked {
        output,
        sarif,
        tally,
        fingerprints,
        slim: years::slim(&analysis),
        stdin_text: matches!(input, Input::Stdin).then(|| text.clone()),
        stdin_places: loaded
            .places()
            .filter(|_| matches!(input, Input::Stdin))
            .cloned(),
    }))
}

/// One file's kept findings in the chosen format: the text to print (human, JSON Lines,
/// GitHub), or the SARIF results (with the suppressed findings, marked as such).
fn render_one(
    opts: &Options,
    src: &Source,
    loaded: &Loaded,
    kept: &[(&Finding, Option<Fingerprint>)],
    suppressed: &[(&Finding, &'static str)],
) -> (String, Vec<String>) {
    // the kept findings, by reference: rendered without a copy of each
    let findings = kept.iter().map(|(f, _)| *f);
    match opts.format {
        Format::Json => (json::render_findings(src, findings), Vec::new()),
        Format::Github => (github::render_findings(src, findings), Vec::new()),
        Format::Human => {
            let options = human::Options {
                style: opts.style,
                max_related: opts.max_related,
            };
            let out = findings
                .map(|f| human::render_finding(src, f, &options))
                .collect();
            (out, Vec::new())
        }
        Format::Sarif => {
            let artifact = Artifact {
                src,
                byte_base: byte_base(loaded),
            };
            let mut results: Vec<String> = kept
                .iter()
                .map(|(f, fp)| {
                    let fp = fp.as_ref().map(fingerprint_string);
                    sarif::result(artifact, f, fp.as_deref(), &[])
                })
                .collect();
            // suppressed findings stay in the log, marked as such (SARIF §3.27.23)
            results.extend(
                suppressed
                    .iter()
                    .map(|(f, kind)| sarif::suppressed(artifact, f, kind)),
            );
            (String::new(), results)
        }
    }
}

pub fn progress_bar(files: usize) -> ProgressBar {
    if files < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} files, {elapsed} (eta {eta})")
    {
        bar.set_style(style);
    }
    bar
}

fn merge(total: &mut Tally, t: &Tally) {
    total.files += t.files;
    total.errors += t.errors;
    total.warnings += t.warnings;
    total.information += t.information;
    total.hints += t.hints;
    total.safe_fixes += t.safe_fixes;
    total.suggested_fixes += t.suggested_fixes;
    total.suppressed += t.suppressed;
    total.not_reports += t.not_reports;
}

/// A report checked, kept for NB401 across files.
struct Kept<'a> {
    input: &'a Input,
    /// Organ, year and the 三 table's carry-over rows.
    slim: Analysis,
    /// The text of standard input (which cannot be read twice).
    stdin_text: Option<String>,
    stdin_places: Option<nianbao::reader::place::Places>,
}

/// What a run gathers as the files come.
struct Run<'a> {
    tally: Tally,
    /// One line each: files not read, a baseline not written.
    errors: Vec<String>,
    /// Files found in folders that are not reports.
    skipped: usize,
    sarif_log: Option<sarif::Log>,
    fingerprints: Vec<Fingerprint>,
    checked: Vec<Kept<'a>>,
    out: Out,
}

/// Standard output gathered into blocks of [`Out::BLOCK`] bytes, each written at once, instead
/// of a write per file. Flushed before anything goes to standard error (the two keep their
/// order), at the end, and after each file when standard output is a terminal.
#[derive(Default)]
struct Out {
    buf: String,
}

impl Out {
    const BLOCK: usize = 1 << 16;

    fn print(&mut self, text: &str) {
        self.buf.push_str(text);
        if self.buf.len() >= Self::BLOCK {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            print(&self.buf);
            self.buf.clear();
        }
    }
}

pub fn run(paths: &[String], opts: Options) -> u8 {
    let started = Instant::now();
    let (inputs, errors) = collect(paths);
    for e in &errors {
        report_error(e);
    }
    let baseline = match &opts.baseline {
        Some(path) => match Baseline::read(path) {
            Ok(b) => b,
            Err(e) => {
                report_error(&e);
                return EXIT_ERROR;
            }
        },
        None => Baseline::default(),
    };
    let ctx = Context {
        opts: &opts,
        baseline,
    };
    let mut run = Run {
        tally: Tally::default(),
        errors,
        skipped: 0,
        sarif_log: (opts.format == Format::Sarif).then(sarif_head),
        fingerprints: Vec::new(),
        checked: Vec::new(),
        out: Out::default(),
    };
    check_all(&ctx, &inputs, &mut run);
    across_years(&ctx, &mut run);
    finish(&opts, run, started)
}

/// Print the head of the SARIF log; the log that numbers the results.
fn sarif_head() -> sarif::Log {
    let cwd = std::env::current_dir()
        .ok()
        .map(|d| d.display().to_string());
    print(&sarif::Log::head(cwd.as_deref()));
    sarif::Log::default()
}

/// Check every input, in parallel batches, and print each file's findings in input order.
/// A batch's findings are printed while the next batch is checked.
fn check_all<'a>(ctx: &Context, inputs: &'a [Input], run: &mut Run<'a>) {
    let bar = progress_bar(inputs.len());
    let stdout_is_terminal = std::io::stdout().is_terminal();
    // Batches of 16 files per core: enough that a slow file rarely leaves a core idle at the
    // batch's end, few enough that memory holds a handful of texts.
    let batch = rayon::current_num_threads().max(1) * 16;
    let mut done: Option<(&'a [Input], Vec<Outcome>)> = None;
    for chunk in inputs.chunks(batch) {
        let (outcomes, ()) = rayon::join(
            || {
                chunk
                    .par_iter()
                    .map(|input| {
                        let o = check_one(input, ctx);
                        bar.inc(1);
                        o
                    })
                    .collect::<Vec<Outcome>>()
            },
            || {
                if let Some((inputs, outcomes)) = done.take() {
                    run.print_batch(inputs, outcomes, &bar, stdout_is_terminal);
                }
            },
        );
        done = Some((chunk, outcomes));
    }
    if let Some((inputs, outcomes)) = done {
        run.print_batch(inputs, outcomes, &bar, stdout_is_terminal);
    }
    bar.finish_and_clear();
}

impl<'a> Run<'a> {
    /// A batch's outcomes, in input order.
    fn print_batch(
        &mut self,
        inputs: &'a [Input],
        outcomes: Vec<Outcome>,
        bar: &ProgressBar,
        stdout_is_terminal: bool,
    ) {
        for (input, outcome) in inputs.iter().zip(outcomes) {
            match outcome {
                Outcome::Failed(e) => {
                    self.out.flush();
                    bar.suspend(|| report_error(&e));
                    self.errors.push(e);
                }
                Outcome::Skipped => self.skipped += 1,
                Outcome::NotAReport(line) => {
                    self.out.flush();
                    bar.suspend(|| report_warning(&line));
                    self.tally.not_reports += 1;
                }
                Outcome::Checked(c) => {
                    self.record(input, *c);
                    // hide the bar only when the output goes to the same terminal
                    if stdout_is_terminal {
                        bar.suspend(|| self.out.flush());
                    }
                }
            }
        }
    }

    /// A checked file: print its findings, count them, keep what NB401 needs.
    fn record(&mut self, input: &'a Input, c: Checked) {
        self.out.print(&c.output);
        merge(&mut self.tally, &c.tally);
        if let Some(log) = &mut self.sarif_log {
            for r in &c.sarif {
                self.out.print(&log.serialized(r));
            }
        }
        self.fingerprints.extend(c.fingerprints);
        self.checked.push(Kept {
            input,
            slim: c.slim,
            stdin_text: c.stdin_text,
            stdin_places: c.stdin_places,
        });
    }
}

/// The end of a run: an error when nothing was a report, the baseline written, the SARIF log
/// closed, the summary; the exit code.
fn finish(opts: &Options, mut run: Run, started: Instant) -> u8 {
    run.out.flush();
    if run.tally.files == 0 && run.tally.not_reports == 0 && run.errors.is_empty() {
        let e = format!(
            "no reports found ({} file{} skipped: they are not annual reports)",
            run.skipped,
            if run.skipped == 1 { "" } else { "s" }
        );
        report_error(&e);
        run.errors.push(e);
    }
    if let Some(path) = &opts.write_baseline {
        let n = run.fingerprints.len();
        let baseline = Baseline {
            version: 1,
            findings: std::mem::take(&mut run.fingerprints).into_iter().collect(),
        };
        match baseline.write(path) {
            Ok(()) => eprintln!(
                "Wrote {n} finding{} to the baseline {}.",
                if n == 1 { "" } else { "s" },
                path.display()
            ),
            Err(e) => {
                report_error(&e);
                run.errors.push(e);
            }
        }
    }
    if run.sarif_log.is_some() {
        print(sarif::Log::tail());
    }
    let tally = &mut run.tally;
    tally.elapsed = Some(started.elapsed());
    if tally.files > 0 {
        if opts.format == Format::Human {
            print(&human::render_summary(tally, opts.style));
        } else {
            // standard output is for programs: the summary goes to standard error
            eprint!("{}", human::render_summary(tally, Style::PLAIN));
        }
    }
    if !run.errors.is_empty() {
        EXIT_ERROR
    } else if tally.failing() > 0 || tally.not_reports > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// A file read again for a cross finding.
struct Reread {
    path: String,
    text: String,
    base: Option<usize>,
    /// A Word file's places.
    places: Option<nianbao::reader::place::Places>,
}

fn reread(kept: &Kept) -> Option<Reread> {
    let (text, base, places) = match &kept.stdin_text {
        Some(t) => (t.clone(), Some(0), kept.stdin_places.clone()),
        None => {
            let loaded = load(kept.input).ok()?;
            let base = byte_base(&loaded);
            let places = loaded.places().cloned();
            (loaded.decoded.text, base, places)
        }
    };
    Some(Reread {
        path: kept.input.display(),
        text,
        base,
        places,
    })
}

/// One file read again, kept while consecutive findings name it.
#[derive(Default)]
struct Slot {
    index: Option<usize>,
    file: Option<Reread>,
}

impl Slot {
    fn get(&mut self, i: usize, checked: &[Kept]) -> Option<&Reread> {
        if self.index != Some(i) {
            self.index = Some(i);
            self.file = reread(&checked[i]);
        }
        self.file.as_ref()
    }
}

/// NB401: each report against last year's report of its organ among the files checked (the
/// pairing is `nianbao::corpus::years`'s), printed with last year's cell as a related
/// location in the other file. Organs and years whose candidates for last year differ are not
/// compared; a note on standard error says so.
fn across_years(ctx: &Context, run: &mut Run) {
    let analyses: Vec<&Analysis> = run.checked.iter().map(|k| &k.slim).collect();
    let cross = years::check(&analyses);
    run.out.flush();
    for a in &cross.ambiguities {
        eprintln!("note: {}", a.note(|i| run.checked[i].input.display()));
    }
    // at most two texts held: this year's file and last year's
    let (mut this_file, mut last_file) = (Slot::default(), Slot::default());
    for found in &cross.found {
        let (Some(this), Some(other)) = (
            this_file.get(found.this, &run.checked),
            last_file.get(found.last, &run.checked),
        ) else {
            continue;
        };
        let mut t = Tally::default();
        let kept = ctx.filter(
            &this.path,
            &this.text,
            &run.checked[found.this].slim,
            std::iter::once(&found.cross.finding),
            Sorted {
                tally: &mut t,
                fingerprints: &mut run.fingerprints,
                suppressed: None,
            },
        );
        run.tally.suppressed += t.suppressed;
        let Some((finding, fp)) = kept.into_iter().next() else {
            continue;
        };
        run.tally.add(std::slice::from_ref(finding));
        let shown = Shown {
            this,
            other,
            finding,
            fp: fp.as_ref(),
            found,
        };
        print_cross(ctx.opts, &shown, &mut run.sarif_log, &mut run.out);
    }
}

/// An NB401 finding to print, with both files.
struct Shown<'a> {
    this: &'a Reread,
    other: &'a Reread,
    finding: &'a Finding,
    fp: Option<&'a Fingerprint>,
    found: &'a Found,
}

fn print_cross(opts: &Options, shown: &Shown, sarif_log: &mut Option<sarif::Log>, out: &mut Out) {
    let src =
        Source::new(&shown.this.path, &shown.this.text).with_places(shown.this.places.as_ref());
    let other_src =
        Source::new(&shown.other.path, &shown.other.text).with_places(shown.other.places.as_ref());
    let there = Elsewhere {
        artifact: Artifact {
            src: &other_src,
            byte_base: shown.other.base,
        },
        span: shown.found.cross.other_span,
        message: shown.found.note(),
    };
    match opts.format {
        Format::Human => {
            let options = human::Options {
                style: opts.style,
                max_related: opts.max_related,
            };
            let at = format!("{}: {}", there.message, place(&there));
            out.print(&human::render_finding_with_notes(
                &src,
                shown.finding,
                &options,
                &[at],
            ));
        }
        Format::Json => out.print(&cross_json(&src, shown.finding, &there)),
        Format::Github => {
            // an annotation names one file: last year's value and where it stands go into
            // the message
            let mut f = shown.finding.clone();
            f.message
                .push_str(&format!("（{}：{}）", there.message, place(&there)));
            out.print(&github::render_findings(&src, std::iter::once(&f)))
        }
        Format::Sarif => {
            let this = Artifact {
                src: &src,
                byte_base: shown.this.base,
            };
            let fp = shown.fp.map(fingerprint_string);
            let result = sarif::result(this, shown.finding, fp.as_deref(), &[there]);
            if let Some(log) = sarif_log {
                out.print(&log.serialized(&result));
            }
        }
    }
}

/// `path:line:column` of last year's cell (`path: 表3 第7行 第2列` in a Word file).
fn place(there: &Elsewhere) -> String {
    if let Some(p) = there.artifact.src.place(there.span) {
        let label = nianbao::render::place_label(p);
        return format!("{}: {label}", there.artifact.src.path);
    }
    let r = there.artifact.src.range(there.span);
    format!("{}:{}:{}", there.artifact.src.path, r.line, r.column)
}

/// The JSON line of an NB401 finding, last year's cell as a related location in its file.
fn cross_json(src: &Source, finding: &Finding, there: &Elsewhere) -> String {
    let mut j = json::to_json(src, finding);
    let r = there.artifact.src.range(there.span);
    j.related.push(JsonRelated {
        path: there.artifact.src.path,
        line: r.line,
        column: r.column,
        end_line: r.end_line,
        end_column: r.end_column,
        byte_start: there.span.start,
        byte_end: there.span.end,
        place: there.artifact.src.place(there.span),
        message: &there.message,
    });
    let mut line = serde_json::to_string(&j).expect("finding serializes");
    line.push('\n');
    line
}
