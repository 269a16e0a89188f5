//! `nianbao new --from 2024.txt [-o 2025.txt] [--force]`: next year's draft of a report
//! (`nianbao::draft`), written to a new file. The engine makes the text; this reads, names and
//! writes the files.

use std::io::Write;
use std::path::{Path, PathBuf};

use nianbao::text::Encoding;

use super::input::{io_reason, load, not_a_report, Form, Input, Verdict};
use super::{print, report_error, EXIT_CLEAN, EXIT_ERROR};

#[derive(Debug, Clone)]
pub struct Options {
    /// Last year's report (`-`: standard input).
    pub from: String,
    /// Where the draft goes (`-`: standard output); by default beside the source, named after
    /// it with the year moved (`nianbao::draft::file_name`).
    pub output: Option<PathBuf>,
    /// Replace the output file when it exists.
    pub force: bool,
}

pub fn run(opts: &Options) -> u8 {
    match make(opts) {
        Ok(()) => EXIT_CLEAN,
        Err(message) => {
            report_error(&message);
            EXIT_ERROR
        }
    }
}

fn make(opts: &Options) -> Result<(), String> {
    let input = match opts.from.as_str() {
        "-" => Input::Stdin,
        path => Input::File {
            path: PathBuf::from(path),
            found: false,
        },
    };
    let loaded = load(&input)?;
    // a Word file's draft is made from its text (its view), written as a text file
    let text = loaded.plain();
    if let Verdict::NotAReport(evidence) = input.verdict(text) {
        let line = not_a_report(&input, &evidence);
        return Err(line.replace("nothing checked", "no draft made"));
    }
    let draft = nianbao::draft::next_year(text).map_err(|e| format!("{}: {e}", input.display()))?;
    let output = match (&opts.output, &input) {
        (Some(o), _) => o.clone(),
        (None, Input::Stdin) => PathBuf::from("-"),
        (None, Input::File { path, .. }) => match loaded.form {
            Form::Text => beside(path, draft.from, draft.year),
            _ => beside(path, draft.from, draft.year).with_extension("txt"),
        },
    };
    if output == Path::new("-") {
        print(&draft.text);
    } else {
        write_new(
            &output,
            &encoded(&draft.text, loaded.decoded.encoding),
            opts.force,
        )?;
    }
    summary(&input, &output, &draft);
    Ok(())
}

/// The default output: the source's folder, its name with the year moved.
fn beside(source: &Path, from: u32, year: u32) -> PathBuf {
    let name = source
        .file_name()
        .map_or_else(|| "report.txt".into(), |n| n.to_string_lossy());
    source.with_file_name(nianbao::draft::file_name(&name, from, year))
}

/// The draft in the source's encoding: a BOM kept, a GB18030 file written in GB18030 (a page
/// whose `<meta>` declares a GB charset is read in it, whatever its bytes).
fn encoded(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => format!("\u{feff}{text}").into_bytes(),
        Encoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

/// Write `text` to `path`, which must not exist unless `force`: through a temporary file in
/// the same folder, renamed into place, so no half-written draft is ever seen.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    if !force && path.symlink_metadata().is_ok() {
        return Err(format!(
            "{}: already exists; not overwritten (--force replaces it)",
            path.display()
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| format!("{}: cannot write: {}", path.display(), io_reason(&e));
    let mut tmp = tempfile::Builder::new()
        .prefix(".nianbao-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    if force {
        tmp.persist(path).map_err(|e| fail(e.error))?;
    } else {
        // refuses, rather than replaces, a file that appeared meanwhile
        tmp.persist_noclobber(path).map_err(|e| fail(e.error))?;
    }
    Ok(())
}

/// What was made, on standard error (standard output may hold the draft).
fn summary(input: &Input, output: &Path, draft: &nianbao::draft::Draft) {
    let (to, listed) = if output == Path::new("-") {
        ("<stdout>".to_owned(), String::new())
    } else {
        let to = output.display().to_string();
        let listed = format!(" (`nianbao check {to}` lists them)");
        (to, listed)
    };
    eprintln!(
        "wrote {to}: the {} report's draft from {} ({}): tables emptied, 二、上年结转 carried from {}'s 四、结转下年度继续办理; {} markers 【待更新：…】 to rewrite{listed}",
        draft.year,
        input.display(),
        draft.from,
        draft.from,
        draft.markers
    );
    for note in &draft.notes {
        eprintln!("note: {note}");
    }
}
