//! `nianbao check PATH...`: analyse each report and print its findings.
//!
//! Files are analysed in parallel (rayon) in batches of a few per core and printed in input
//! order, so memory holds a batch of texts at a time, not the folder. What the cross-year check
//! (NB401) needs of each report — organ, year, the 三 table — is kept; the texts are not: the
//! few files a cross finding names are read again to show it.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use nianbao::render::human::{self, Tally};
use nianbao::render::json::JsonRelated;
use nianbao::render::sarif::{self, Artifact, Elsewhere};
use nianbao::render::{github, json, Source, Style};
use nianbao::text::Encoding;
use nianbao::{Analysis, Finding};

use super::input::{collect, load, Input};
use super::suppress::{disabled, fingerprint, markers, Baseline, Fingerprint};
use super::{print, report_error, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

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
    /// Organ, year and the 三 table, for NB401 across files.
    slim: Analysis,
    /// The text, kept only for standard input (which cannot be read twice).
    stdin_text: Option<String>,
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
    ) -> Vec<(&'f Finding, Fingerprint)> {
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
            kept.push((f, fp));
        }
        kept
    }
}

fn byte_base(encoding: Encoding) -> Option<usize> {
    match encoding {
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
    if input.passes_over(text) {
        return Outcome::Skipped;
    }
    let path = input.display();
    let src = Source::new(&path, text);
    let analysis = nianbao::analyse(text);
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
    // the kept findings, by reference: rendered without a copy of each
    let findings: Vec<&Finding> = kept.iter().map(|(f, _)| *f).collect();
    tally.add(findings.iter().copied());
    let opts = ctx.opts;
    let mut sarif_results = Vec::new();
    let output = match opts.format {
        Format::Json => json::render_findings(&src, findings.iter().copied()),
        Format::Github => github::render_findings(&src, findings.iter().copied()),
        Format::Human => {
            let options = human::Options {
                style: opts.style,
                max_related: opts.max_related,
            };
            findings
                .iter()
                .map(|f| human::render_finding(&src, f, &options))
                .collect()
        }
        Format::Sarif => {
            let artifact = Artifact {
                src: &src,
                byte_base: byte_base(loaded.decoded.encoding),
            };
            sarif_results = kept
                .iter()
                .map(|(f, fp)| {
                    sarif::serialize(&sarif::result(
                        artifact,
                        f,
                        Some(&fingerprint_string(fp)),
                        &[],
                    ))
                })
                .collect();
            // suppressed findings stay in the log, marked as such (SARIF §3.27.23)
            sarif_results.extend(suppressed.iter().map(|(f, kind)| {
                let mut result = sarif::result(artifact, f, None, &[]);
                result["suppressions"] = serde_json::json!([{ "kind": kind }]);
                sarif::serialize(&result)
            }));
            String::new()
        }
    };
    let slim = super::years::slim(&analysis);
    let stdin_text = matches!(input, Input::Stdin).then(|| text.clone());
    Outcome::Checked(Box::new(Checked {
        output,
        sarif: sarif_results,
        tally,
        fingerprints,
        slim,
        stdin_text,
    }))
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
}

pub fn run(paths: &[String], opts: Options) -> u8 {
    let started = Instant::now();
    let (inputs, mut errors) = collect(paths);
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
    let bar = progress_bar(inputs.len());
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let mut tally = Tally::default();
    let mut skipped = 0;
    let mut sarif_log = (opts.format == Format::Sarif).then(|| {
        let cwd = std::env::current_dir()
            .ok()
            .map(|d| d.display().to_string());
        print(&sarif::Log::head(cwd.as_deref()));
        sarif::Log::default()
    });
    let mut fingerprints: Vec<Fingerprint> = Vec::new();
    // (input, slim analysis, text of standard input) of every checked file
    let mut checked: Vec<(&Input, Analysis, Option<String>)> = Vec::new();
    // Batches of 16 files per core: enough that a slow file rarely leaves a core idle at the
    // batch's end, few enough that memory holds a handful of texts.
    let batch = rayon::current_num_threads().max(1) * 16;
    for chunk in inputs.chunks(batch) {
        let outcomes: Vec<Outcome> = chunk
            .par_iter()
            .map(|input| {
                let o = check_one(input, &ctx);
                bar.inc(1);
                o
            })
            .collect();
        for (input, outcome) in chunk.iter().zip(outcomes) {
            match outcome {
                Outcome::Failed(e) => {
                    bar.suspend(|| report_error(&e));
                    errors.push(e);
                }
                Outcome::Skipped => skipped += 1,
                Outcome::Checked(c) => {
                    let c = *c;
                    if !c.output.is_empty() {
                        // hide the bar only when the output goes to the same terminal
                        if stdout_is_terminal {
                            bar.suspend(|| print(&c.output));
                        } else {
                            print(&c.output);
                        }
                    }
                    merge(&mut tally, &c.tally);
                    if let Some(log) = &mut sarif_log {
                        let out: String = c.sarif.iter().map(|r| log.serialized(r)).collect();
                        if !out.is_empty() {
                            print(&out);
                        }
                    }
                    fingerprints.extend(c.fingerprints);
                    checked.push((input, c.slim, c.stdin_text));
                }
            }
        }
    }
    bar.finish_and_clear();

    across_years(
        &ctx,
        &checked,
        &mut tally,
        &mut fingerprints,
        &mut sarif_log,
    );

    if tally.files == 0 && errors.is_empty() {
        let e = format!(
            "no reports found ({skipped} file{} skipped: they do not look like annual reports)",
            if skipped == 1 { "" } else { "s" }
        );
        report_error(&e);
        errors.push(e);
    }
    if let Some(path) = &opts.write_baseline {
        let n = fingerprints.len();
        let baseline = Baseline {
            version: 1,
            findings: fingerprints.into_iter().collect(),
        };
        match baseline.write(path) {
            Ok(()) => eprintln!(
                "Wrote {n} finding{} to the baseline {}.",
                if n == 1 { "" } else { "s" },
                path.display()
            ),
            Err(e) => {
                report_error(&e);
                errors.push(e);
            }
        }
    }
    if sarif_log.is_some() {
        print(sarif::Log::tail());
    }
    tally.elapsed = Some(started.elapsed());
    if tally.files > 0 {
        if opts.format == Format::Human {
            print(&human::render_summary(&tally, opts.style));
        } else {
            // standard output is for programs: the summary goes to standard error
            eprint!("{}", human::render_summary(&tally, Style::PLAIN));
        }
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if tally.failing() > 0 {
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
}

fn reread(input: &Input, stdin_text: &Option<String>) -> Option<Reread> {
    let (text, base) = match stdin_text {
        Some(t) => (t.clone(), Some(0)),
        None => {
            let loaded = load(input).ok()?;
            let base = byte_base(loaded.decoded.encoding);
            (loaded.decoded.text, base)
        }
    };
    Some(Reread {
        path: input.display(),
        text,
        base,
    })
}

/// NB401: compare each report with last year's report of the same organ among the paths given,
/// and print what differs, with the other file's cell as a related location.
///
/// Reports are grouped by organ and year first, and each is compared with the one report of
/// its organ for the year before — not every pair of the batch (10,000 reports would make 10^8
/// pairs). When several files claim to be that organ's report for last year, which one is the
/// real one is unknown: none is compared, and a note says so.
fn across_years(
    ctx: &Context,
    checked: &[(&Input, Analysis, Option<String>)],
    tally: &mut Tally,
    fingerprints: &mut Vec<Fingerprint>,
    sarif_log: &mut Option<sarif::Log>,
) {
    let analyses: Vec<&Analysis> = checked.iter().map(|(_, a, _)| a).collect();
    let found = super::years::compare(&analyses);
    let opts = ctx.opts;
    // at most two texts held: this year's file and last year's
    let mut this_cache: Option<(usize, Option<Reread>)> = None;
    let mut other_cache: Option<(usize, Option<Reread>)> = None;
    for (i, j, cross) in &found {
        let (i, j) = (*i, *j);
        if this_cache.as_ref().is_none_or(|(k, _)| *k != i) {
            this_cache = Some((i, reread(checked[i].0, &checked[i].2)));
        }
        if other_cache.as_ref().is_none_or(|(k, _)| *k != j) {
            other_cache = Some((j, reread(checked[j].0, &checked[j].2)));
        }
        let (Some((_, Some(this))), Some((_, Some(other)))) = (&this_cache, &other_cache) else {
            continue;
        };
        let analysis = &checked[i].1;
        let mut t = Tally::default();
        let kept = ctx.filter(
            &this.path,
            &this.text,
            analysis,
            std::iter::once(&cross.finding),
            Sorted {
                tally: &mut t,
                fingerprints,
                suppressed: None,
            },
        );
        tally.suppressed += t.suppressed;
        let Some((finding, fp)) = kept.into_iter().next() else {
            continue;
        };
        tally.add(std::slice::from_ref(finding));
        let src = Source::new(&this.path, &this.text);
        let other_src = Source::new(&other.path, &other.text);
        let value = other
            .text
            .get(cross.other_span.start..cross.other_span.end)
            .unwrap_or_default();
        let year = checked[j]
            .1
            .report
            .year
            .map_or_else(|| "上一".to_owned(), |y| y.to_string());
        let note = format!("{year}年度报告“四、结转下年度继续办理”此栏为{value}");
        match opts.format {
            Format::Human => {
                let r = other_src.range(cross.other_span);
                let options = human::Options {
                    style: opts.style,
                    max_related: opts.max_related,
                };
                print(&human::render_finding_with_notes(
                    &src,
                    finding,
                    &options,
                    &[format!("{note}: {}:{}:{}", other.path, r.line, r.column)],
                ));
            }
            Format::Json => {
                let mut j = json::to_json(&src, finding);
                let r = other_src.range(cross.other_span);
                j.related.push(JsonRelated {
                    path: &other.path,
                    line: r.line,
                    column: r.column,
                    end_line: r.end_line,
                    end_column: r.end_column,
                    byte_start: cross.other_span.start,
                    byte_end: cross.other_span.end,
                    message: &note,
                });
                let mut line = serde_json::to_string(&j).expect("finding serializes");
                line.push('\n');
                print(&line);
            }
            Format::Github => {
                // an annotation names one file: last year's value and where it stands go into
                // the message
                let r = other_src.range(cross.other_span);
                let mut f = finding.clone();
                f.message.push_str(&format!(
                    "（{note}：{}:{}:{}）",
                    other.path, r.line, r.column
                ));
                print(&github::render_findings(&src, std::iter::once(&f)))
            }
            Format::Sarif => {
                let result = sarif::result(
                    Artifact {
                        src: &src,
                        byte_base: this.base,
                    },
                    finding,
                    Some(&fingerprint_string(&fp)),
                    &[Elsewhere {
                        artifact: Artifact {
                            src: &other_src,
                            byte_base: other.base,
                        },
                        span: cross.other_span,
                        message: note.clone(),
                    }],
                );
                if let Some(log) = sarif_log {
                    print(&log.result(&result));
                }
            }
        }
    }
}
