//! `nianbao check PATH...`: analyse each report and print its findings.

use nianbao::render::human::{self, Tally};
use nianbao::render::{github, json, Source, Style};

use super::input::{collect, load, Input};
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
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    pub style: Style,
    pub max_related: usize,
}

pub fn run(paths: &[String], opts: Options) -> u8 {
    let (inputs, mut errors) = collect(paths);
    for e in &errors {
        report_error(e);
    }
    let mut tally = Tally::default();
    let mut skipped = 0;
    for input in &inputs {
        let loaded = match load(input) {
            Ok(l) => l,
            Err(e) => {
                report_error(&e);
                errors.push(e);
                continue;
            }
        };
        let text = &loaded.decoded.text;
        if matches!(input, Input::File { found: true, .. }) && !nianbao::looks_like_report(text) {
            skipped += 1;
            continue;
        }
        let path = input.display();
        let src = Source::new(&path, text);
        let analysis = nianbao::analyse(text);
        tally.files += 1;
        tally.add(&analysis.findings);
        let out = match opts.format {
            Format::Json => json::render_findings(&src, &analysis.findings),
            Format::Github => github::render_findings(&src, &analysis.findings),
            Format::Human => {
                let options = human::Options {
                    style: opts.style,
                    max_related: opts.max_related,
                };
                analysis
                    .findings
                    .iter()
                    .map(|f| human::render_finding(&src, f, &options))
                    .collect()
            }
        };
        print(&out);
    }
    if tally.files == 0 && errors.is_empty() {
        let e = format!(
            "no reports found ({skipped} file{} skipped: they do not look like annual reports)",
            if skipped == 1 { "" } else { "s" }
        );
        report_error(&e);
        errors.push(e);
    }
    if opts.format == Format::Human && tally.files > 0 {
        print(&human::render_summary(&tally, opts.style));
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if tally.failing() > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
