//! Checks: the arithmetic relations of the template (one evaluator, since relations are data),
//! and the registry of every code with its documentation.

pub mod arithmetic;
pub mod narrative;
pub mod registry;

pub use registry::{explain, rule, Rule, RULES};

use crate::finding::Finding;
use crate::model::Report;

/// Run every check on a bound report: the tables' relations, then the prose against them.
pub fn run(text: &str, report: &Report) -> Vec<Finding> {
    let mut out: Vec<Finding> = report
        .tables
        .iter()
        .flat_map(arithmetic::check_table)
        .collect();
    if report.year.is_none_or(|y| y >= 2019) {
        out.extend(narrative::check(text, report));
    }
    out
}
