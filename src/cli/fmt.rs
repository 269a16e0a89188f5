//! `nianbao fmt [--check] PATH...`: tidy the tables of reports (`nianbao::format`), written back
//! atomically as `nianbao fix` writes; `--check` writes nothing and says what would change.

use nianbao::render::{diff, Style};
use nianbao::text::Encoding;

use super::input::{
    collect, load, not_a_report, with_bom, write_atomically, Form, Input, Loaded, Verdict,
};
use super::{plural, print, report_error, report_warning, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// A diff longer than this is cut in `--check`'s output: the lines of a wide table all change,
/// and the first hunks show what the change is.
const MAX_DIFF_LINES: usize = 40;

/// Why a GB18030 file is not written back (as `nianbao fix` says it).
const GB18030_REFUSAL: &str = "not written: the file is GB18030-encoded and nianbao writes UTF-8 \
    only; convert it first (iconv -f GB18030 -t UTF-8), or see the changes with --check";

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Write nothing; list the files that would change, with a short diff (`--check`).
    pub check: bool,
    pub style: Style,
}

/// What happened to the files, for the closing line and the exit code.
#[derive(Debug, Default)]
struct Tally {
    reports: usize,
    changed: usize,
    not_reports: usize,
    failed: bool,
}

pub fn run(paths: &[String], opts: Options) -> u8 {
    let (inputs, errors) = collect(paths);
    for e in &errors {
        report_error(e);
    }
    let mut tally = Tally {
        failed: !errors.is_empty(),
        ..Tally::default()
    };
    for input in &inputs {
        match load(input) {
            Ok(loaded) => one(input, &loaded, opts, &mut tally),
            Err(e) => {
                report_error(&e);
                tally.failed = true;
            }
        }
    }
    finish(&tally, opts)
}

/// Format one input: write it back, print it (standard input), or, with `--check`, show it.
fn one(input: &Input, loaded: &Loaded, opts: Options, tally: &mut Tally) {
    if !matches!(loaded.form, Form::Text) {
        // tables in a Word file are laid out by Word: nothing to align
        return;
    }
    let old = &loaded.decoded.text;
    let stdin = *input == Input::Stdin;
    match input.verdict(old) {
        Verdict::Report => {}
        Verdict::PassOver => return,
        Verdict::NotAReport(evidence) => {
            report_warning(&not_a_report(input, &evidence));
            tally.not_reports += 1;
            // standard input goes through unchanged, as a filter's should
            if stdin && !opts.check {
                print(&with_bom(old, loaded.decoded.encoding));
            }
            return;
        }
    }
    tally.reports += 1;
    let new = nianbao::format::format(old);
    if opts.check {
        if new != *old {
            tally.changed += 1;
            let path = input.display();
            print(&format!("would reformat: {path}\n"));
            print(&short(&diff::unified(&path, old, &new, opts.style)));
        }
    } else if stdin {
        print(&with_bom(&new, loaded.decoded.encoding));
        tally.changed += usize::from(new != *old);
    } else if new != *old {
        match write_back(input, loaded, &new) {
            Ok(()) => tally.changed += 1,
            Err(e) => {
                report_error(&format!("{}: {e}", input.display()));
                tally.failed = true;
            }
        }
    }
}

/// Write the tidied text over the file (refusing GB18030 files, which nianbao cannot write).
fn write_back(input: &Input, loaded: &Loaded, new: &str) -> Result<(), String> {
    let Input::File { path, .. } = input else {
        return Ok(());
    };
    if loaded.decoded.encoding == Encoding::Gb18030 {
        return Err(GB18030_REFUSAL.to_owned());
    }
    let bytes = with_bom(new, loaded.decoded.encoding).into_bytes();
    write_atomically(path, &loaded.bytes, &bytes).map_err(|e| e.to_string())?;
    eprintln!("{}: reformatted", input.display());
    Ok(())
}

/// The first [`MAX_DIFF_LINES`] lines of a diff, and how many more there are.
fn short(diff: &str) -> String {
    let total = diff.lines().count();
    if total <= MAX_DIFF_LINES {
        return diff.to_owned();
    }
    let mut out: String = diff.split_inclusive('\n').take(MAX_DIFF_LINES).collect();
    out.push_str(&format!("… ({} more diff lines)\n", total - MAX_DIFF_LINES));
    out
}

/// The closing line on standard error, and the exit code: 2 on errors; 1 when `--check`
/// finds a file to reformat or a file named is not a report; 0 otherwise.
fn finish(t: &Tally, opts: Options) -> u8 {
    let mut failed = t.failed;
    if t.reports == 0 && t.not_reports == 0 && !failed {
        report_error("no reports found (the files found are not annual reports)");
        failed = true;
    }
    let tidy = t.reports - t.changed;
    if t.reports > 0 {
        let verb = if opts.check {
            "would be reformatted"
        } else {
            "reformatted"
        };
        eprintln!(
            "{} file{} {verb}, {tidy} already tidy.",
            t.changed,
            plural(t.changed)
        );
    }
    if failed {
        EXIT_ERROR
    } else if opts.check && t.changed > 0 || t.not_reports > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_diffs_are_cut() {
        let long: String = (0..50).map(|i| format!("+{i}\n")).collect();
        let cut = short(&long);
        assert_eq!(cut.lines().count(), MAX_DIFF_LINES + 1);
        assert!(cut.ends_with("… (10 more diff lines)\n"));
        assert_eq!(short("+a\n"), "+a\n");
    }

    #[test]
    fn exit_codes() {
        let opts = |check| Options {
            check,
            style: Style::PLAIN,
        };
        let t = |changed, not_reports, failed| Tally {
            reports: 2,
            changed,
            not_reports,
            failed,
        };
        assert_eq!(finish(&t(1, 0, false), opts(true)), EXIT_FINDINGS);
        assert_eq!(finish(&t(0, 0, false), opts(true)), EXIT_CLEAN);
        assert_eq!(finish(&t(1, 0, false), opts(false)), EXIT_CLEAN);
        assert_eq!(finish(&t(1, 0, true), opts(true)), EXIT_ERROR);
        assert_eq!(finish(&t(0, 1, false), opts(false)), EXIT_FINDINGS);
    }
}
