//! Running the built `nianbao` binary from a test: in the crate root, with no standard input
//! (as CI has none) or with the bytes given, and reading what it printed.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_nianbao");
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `nianbao ARGS` in the crate root. `NO_COLOR` is removed so that `--color` decides alone.
pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// `nianbao ARGS` with `input` on its standard input.
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally, not by a signal")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}
