//! `nianbao explain [CODE]`: the documentation page of a code, or the list of all codes.

use nianbao::checks::{explain, RULES};

use super::{print, report_error, EXIT_CLEAN, EXIT_ERROR};

pub fn run(code: Option<&str>) -> u8 {
    let Some(code) = code else {
        let mut out = String::new();
        for rule in RULES {
            out.push_str(&format!(
                "{}  {:<11}  {}\n",
                rule.code,
                rule.severity.as_str(),
                rule.name
            ));
        }
        out.push_str("\n`nianbao explain CODE` prints the page of one code.\n");
        print(&out);
        return EXIT_CLEAN;
    };
    match explain(code) {
        Some(page) => {
            print(&format!("{page}\n"));
            EXIT_CLEAN
        }
        None => {
            report_error(&format!(
                "unknown code `{code}` (`nianbao explain` lists all codes)"
            ));
            EXIT_ERROR
        }
    }
}
