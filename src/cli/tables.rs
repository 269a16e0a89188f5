//! `nianbao tables PATH...`: the grids the reader bound, to see how the text was understood.

use nianbao::render::{tables, Source, Style};

use super::input::{collect, load, not_a_report, Verdict};
use super::{print, report_error, report_warning, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Exit 0 when every file gave at least one table, 1 when some file gave none (a file named
/// that is not a report gives none), 2 on errors.
pub fn run(paths: &[String], style: Style) -> u8 {
    let (inputs, errors) = collect(paths);
    for e in &errors {
        report_error(e);
    }
    let mut failed = !errors.is_empty();
    let mut tableless = false;
    let mut reports = 0;
    for (i, input) in inputs.iter().enumerate() {
        let loaded = match load(input) {
            Ok(l) => l,
            Err(e) => {
                report_error(&e);
                failed = true;
                continue;
            }
        };
        let text = &loaded.decoded.text;
        match input.verdict(loaded.plain()) {
            Verdict::Report => {}
            Verdict::PassOver => continue,
            Verdict::NotAReport(evidence) => {
                report_warning(&not_a_report(input, &evidence));
                tableless = true;
                continue;
            }
        }
        reports += 1;
        let path = input.display();
        let analysis = loaded.analyse();
        tableless |= analysis.report.tables.is_empty();
        let src = Source::new(&path, text).with_places(loaded.places());
        let sep = if i > 0 { "\n" } else { "" };
        print(&format!(
            "{sep}{}",
            tables::render_tables(&src, &analysis.report, style)
        ));
    }
    if reports == 0 && !tableless && !failed {
        report_error("no reports found (the files found are not annual reports)");
        failed = true;
    }
    if failed {
        EXIT_ERROR
    } else if tableless {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
