//! `nianbao fix PATH...`: apply the fixes the engine is sure of, re-analyse, repeat.

use nianbao::fix::{apply_edits, fixable_edits};
use nianbao::render::human::Tally;
use nianbao::render::{diff, Style};
use nianbao::text::Encoding;
use nianbao::Finding;

use nianbao::reader::docx;
use nianbao::render::place_label;

use super::input::{
    analyse_form, collect, load, not_a_report, with_bom, write_atomically, Form, Input, Loaded,
    Verdict,
};
use super::{plural, print, report_error, report_warning, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Fixing can uncover another fix (a corrected cell lets a second relation locate its culprit);
/// a few rounds reach a fixed point, and the bound guards against fixes that undo each other.
pub const MAX_ROUNDS: usize = 4;

/// Why a GB18030 file is not written back.
const GB18030_REFUSAL: &str = "not written: the file is GB18030-encoded and nianbao writes UTF-8 \
    only; convert it first (iconv -f GB18030 -t UTF-8), or see the fixes with --diff";

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Also apply suggested fixes (`--unsafe`).
    pub include_suggested: bool,
    /// Print a unified diff and write nothing (`--diff`).
    pub diff: bool,
    pub style: Style,
}

/// The text after applying fixes until none applies (`analyse` reads it in its form), and how
/// many edits were applied.
fn fix_text_with(
    text: &str,
    include_suggested: bool,
    analyse: impl Fn(&str) -> Vec<Finding>,
) -> (String, usize) {
    let mut text = text.to_owned();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let findings = analyse(&text);
        let edits = fixable_edits(&findings, include_suggested);
        if edits.is_empty() {
            break;
        }
        let (next, n) = apply_edits(&text, &edits);
        if n == 0 || next == text {
            break;
        }
        text = next;
        applied += n;
    }
    (text, applied)
}

pub fn run(paths: &[String], opts: Options) -> u8 {
    let (inputs, errors) = collect(paths);
    for e in &errors {
        report_error(e);
    }
    let mut failed = !errors.is_empty();
    let mut changed_files = 0;
    let mut edits_total = 0;
    let mut remaining = Tally::default();
    for input in &inputs {
        let loaded = match load(input) {
            Ok(l) => l,
            Err(e) => {
                report_error(&e);
                failed = true;
                continue;
            }
        };
        if matches!(loaded.form, Form::Pdf(_)) {
            report_error(&format!(
                "{}: a PDF cannot be fixed in place: fix the Word or text source",
                input.display()
            ));
            failed = true;
            continue;
        }
        let old = &loaded.decoded.text;
        match input.verdict(loaded.plain()) {
            Verdict::Report => {}
            Verdict::PassOver => continue,
            Verdict::NotAReport(evidence) => {
                report_warning(&not_a_report(input, &evidence));
                remaining.not_reports += 1;
                // standard input goes through unchanged, as a filter's should
                if *input == Input::Stdin && !opts.diff {
                    pass_through(&loaded, old);
                }
                continue;
            }
        }
        let (new, applied) = fix_text_with(old, opts.include_suggested, |t| {
            analyse_form(&loaded.form, t).findings
        });
        remaining.files += 1;
        let written = applied > 0 && write_back(input, &loaded, &new, applied, &opts);
        if *input == Input::Stdin && !opts.diff {
            pass_through(&loaded, &new);
        }
        // What is left is counted on the text the file now has (or would have, with --diff).
        if written {
            changed_files += 1;
            edits_total += applied;
            remaining.add(&analyse_form(&loaded.form, &new).findings);
        } else {
            failed |= applied > 0;
            remaining.add(&loaded.analyse().findings);
        }
    }
    finish(
        &remaining,
        Edits {
            files: changed_files,
            total: edits_total,
        },
        failed,
        &opts,
    )
}

/// Edits applied (or, with `--diff`, that would be).
struct Edits {
    files: usize,
    total: usize,
}

/// The closing line on standard error, and the exit code.
fn finish(remaining: &Tally, edits: Edits, mut failed: bool, opts: &Options) -> u8 {
    if remaining.files == 0 && remaining.not_reports == 0 && !failed {
        report_error("no reports found (the files found are not annual reports)");
        failed = true;
    }
    let verb = if opts.diff { "would apply" } else { "applied" };
    if remaining.files > 0 {
        eprintln!(
            "{} {} edit{} in {} file{}; {} finding{} remain{} (`nianbao check` shows them).",
            capitalise(verb),
            edits.total,
            plural(edits.total),
            edits.files,
            plural(edits.files),
            remaining.failing(),
            plural(remaining.failing()),
            if remaining.failing() == 1 { "s" } else { "" },
        );
    }
    if failed {
        EXIT_ERROR
    } else if remaining.failing() > 0 || remaining.not_reports > 0 || opts.diff && edits.files > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Write the fixed text `new` (`applied` edits) back, or print its diff: whether it was
/// (standard input is printed by the caller).
fn write_back(input: &Input, loaded: &Loaded, new: &str, applied: usize, opts: &Options) -> bool {
    let path = input.display();
    if opts.diff {
        print(&diff_of(&path, loaded, new, opts.style));
        return true;
    }
    match input {
        Input::Stdin => true,
        Input::File { path: file, .. } if matches!(loaded.form, Form::Docx(_)) => {
            let written = docx::replace_document_xml(&loaded.bytes, new)
                .map_err(|e| e.to_string())
                .and_then(|zip| {
                    write_atomically(file, &loaded.bytes, &zip).map_err(|e| e.to_string())
                });
            match written {
                Ok(()) => {
                    eprintln!("{path}: applied {applied} edit{}", plural(applied));
                    true
                }
                Err(e) => {
                    report_error(&format!("{path}: {e}"));
                    false
                }
            }
        }
        Input::File { .. } if loaded.decoded.encoding == Encoding::Gb18030 => {
            report_error(&format!("{path}: {GB18030_REFUSAL}"));
            false
        }
        Input::File { path: file, .. } => {
            let bytes = with_bom(new, loaded.decoded.encoding).into_bytes();
            match write_atomically(file, &loaded.bytes, &bytes) {
                Ok(()) => {
                    eprintln!("{path}: applied {applied} edit{}", plural(applied));
                    true
                }
                Err(e) => {
                    report_error(&format!("{path}: {e}"));
                    false
                }
            }
        }
    }
}

/// The diff `--diff` prints: of the text, or for a Word file of its view (a row a line, cells
/// ` | `), each changed row with its place.
fn diff_of(path: &str, loaded: &Loaded, new: &str, style: Style) -> String {
    let Some(places) = loaded.places() else {
        return diff::unified(path, &loaded.decoded.text, new, style);
    };
    let (before, after) = (docx::read(&loaded.decoded.text), docx::read(new));
    let mut out = diff::unified(path, &before.view.text, &after.view.text, style);
    let edits = fixable_edits(&loaded.analyse().findings, true);
    for e in &edits {
        if let Some(p) = places.find(e.span) {
            out.push_str(&format!("# {path}: {}: {}\n", place_label(p), p.row_text));
        }
    }
    out
}

/// Standard input given back: a text as text, a Word file as its zip.
fn pass_through(loaded: &Loaded, text: &str) {
    match &loaded.form {
        Form::Text => print(&with_bom(text, loaded.decoded.encoding)),
        Form::Pdf(_) => print_bytes(&loaded.bytes),
        Form::Docx(_) => {
            let zip = if *text == loaded.decoded.text {
                Ok(loaded.bytes.clone())
            } else {
                docx::replace_document_xml(&loaded.bytes, text)
            };
            match zip {
                Ok(bytes) => print_bytes(&bytes),
                Err(e) => report_error(&format!("<stdin>: {e}")),
            }
        }
    }
}

fn print_bytes(bytes: &[u8]) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    if out.write_all(bytes).and_then(|()| out.flush()).is_err() {
        std::process::exit(i32::from(EXIT_ERROR));
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao::Code;
    use nianbao::{Applicability, Edit, Fix, Span};

    /// A stand-in engine: each `9` is wrong and should be `8`; the first `8` after a fix
    /// reveals the next `9` (as a corrected cell can let another relation locate its culprit).
    fn nines(text: &str, applicability: Applicability) -> Vec<Finding> {
        text.match_indices('9')
            .take(1)
            .map(|(at, _)| {
                Finding::new(Code::NB101, Span::new(at, at + 1), "m").with_fix(Fix {
                    title: "改为8".into(),
                    applicability,
                    edits: vec![Edit {
                        span: Span::new(at, at + 1),
                        replacement: "8".into(),
                    }],
                })
            })
            .collect()
    }

    #[test]
    fn fixing_repeats_until_nothing_applies() {
        let (out, n) = fix_text_with("9 9 9", false, |t| nines(t, Applicability::Safe));
        assert_eq!((out.as_str(), n), ("8 8 8", 3));
    }

    #[test]
    fn rounds_are_bounded() {
        let (out, n) = fix_text_with("9 9 9 9 9 9", false, |t| nines(t, Applicability::Safe));
        assert_eq!(n, MAX_ROUNDS);
        assert_eq!(out, "8 8 8 8 9 9");
    }

    #[test]
    fn suggested_fixes_need_unsafe() {
        let (out, n) = fix_text_with("9", false, |t| nines(t, Applicability::Suggested));
        assert_eq!((out.as_str(), n), ("9", 0));
        let (out, n) = fix_text_with("9", true, |t| nines(t, Applicability::Suggested));
        assert_eq!((out.as_str(), n), ("8", 1));
    }

    #[test]
    fn a_bom_is_put_back() {
        assert_eq!(with_bom("总计", Encoding::Utf8Bom), "\u{feff}总计");
        assert_eq!(with_bom("总计", Encoding::Utf8), "总计");
    }
}
