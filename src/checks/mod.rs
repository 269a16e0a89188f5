//! Checks: the arithmetic relations of the template (one evaluator, since relations are data),
//! and the registry of every code with its documentation.

pub mod arithmetic;
pub mod registry;

pub use registry::{explain, rule, Rule, RULES};

use crate::finding::Finding;
use crate::model::Report;

/// Run every table check on a bound report.
pub fn run(report: &Report) -> Vec<Finding> {
    report
        .tables
        .iter()
        .flat_map(arithmetic::check_table)
        .collect()
}
