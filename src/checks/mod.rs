//! Checks: the templates against the report year, the arithmetic relations of the template (one
//! evaluator, since relations are data), the prose against the tables, and the registry of every
//! code with its documentation.

pub mod arithmetic;
pub mod markers;
pub mod narrative;
pub mod registry;
pub mod sections;
pub mod templates;
pub mod year;
pub mod yoy;

pub use registry::{explain, rule, Code, Rule, UnknownCode, RULES};

use crate::finding::Finding;
use crate::model::{Facts, Report};

/// Run every check on a bound report and what the reader saw of its templates: the templates,
/// the sections, the year where the text states it, the tables' relations, then the prose
/// against them. The text is read up to where the next report of the file begins
/// ([`report_end`](crate::reader::sections::report_end)).
///
/// A draft of next year's report (a text holding `nianbao new`'s markers, [`markers`]) is
/// checked as one: its blank cells are unfilled, its marked prose is last year's.
pub fn run(text: &str, report: &Report, facts: &Facts) -> Vec<Finding> {
    let mut out = templates::check(text, report, facts);
    // this report's text: a file may hold the next report after it, whose sections, years and
    // figures are not this one's (and, in a long file, most of the text)
    let text = &text[..facts.report_end.unwrap_or(text.len()).min(text.len())];
    out.extend(sections::check(text, report, &facts.headings));
    let draft = markers::is_draft(text).then(|| (markers::mask(text), markers::unfilled(report)));
    let (prose, values) = match &draft {
        Some((masked, unfilled)) => (&**masked, unfilled),
        None => (text, report),
    };
    out.extend(year::check(prose, report));
    out.extend(values.tables.iter().flat_map(arithmetic::check_table));
    if report.year.is_none_or(|y| y >= 2019) {
        out.extend(narrative::check(prose, values));
    }
    if draft.is_some() {
        out.extend(markers::check(text));
    }
    out
}
