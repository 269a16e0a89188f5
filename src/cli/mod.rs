//! The commands behind `nianbao` (binary only). Which files are read, which are reports and
//! which are compared across years is `nianbao::corpus`'s; these modules print. Each command
//! returns its exit code: 0 clean, 1 findings, 2 usage or I/O error.

pub mod check;
pub mod explain;
pub mod fix;
pub mod fmt;
pub mod input;
pub mod new;
pub mod report;
pub mod suppress;
pub mod tables;

use std::io::{self, Write};

/// Exit codes, as README.md documents them.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Write to standard output. A closed pipe (`nianbao check … | head`) ends the program quietly
/// instead of panicking.
pub fn print(text: &str) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(i32::from(EXIT_ERROR));
        }
        eprintln!("error: cannot write output: {e}");
        std::process::exit(i32::from(EXIT_ERROR));
    }
}

/// `s` after a count other than one, for English messages (`3 edits`).
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A problem with one input, on standard error: `error: PATH: reason`.
pub fn report_error(message: &str) {
    eprintln!("error: {message}");
}

/// Something the user should know of one input, on standard error: `warning: PATH: what`.
pub fn report_warning(message: &str) {
    eprintln!("warning: {message}");
}
