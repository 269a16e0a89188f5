//! The layering docs/architecture.md describes ("Who may use whom"), checked on the source:
//! which module of `src/` may name which. The engine knows nothing of its front ends nor of the
//! policies they share (`corpus`) and does no I/O; `corpus` reads files in `files.rs` only; the
//! two front ends do not know each other; the reader returns facts and runs no check. Code
//! under `#[cfg(test)]` is not looked at.
//!
//! One crate with this test rather than an engine crate and a front-end crate: the compiler
//! would check the first rule too, but not the others (no I/O, the front ends apart, the
//! reader's facts), and the split would move every path the tests and benches name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules the engine is made of.
const ENGINE: &[&str] = &[
    "analysis",
    "authoring",
    "checks",
    "crossyear",
    "draft",
    "finding",
    "fix",
    "format",
    "hover",
    "locate",
    "model",
    "pattern",
    "reader",
    "span",
    "template",
    "text",
];

/// Crates and std modules that mean I/O or a protocol, kept out of the engine.
const IO: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "tokio",
    "tower_lsp_server",
    "std::io::stdin",
    "std::io::stdout",
    "println!",
    "eprintln!",
];

struct SourceFile {
    path: PathBuf,
    /// The first path component under `src/` (`reader` for `src/reader/s3.rs`).
    module: String,
    /// The file's text before its `#[cfg(test)]` module.
    code: String,
}

fn sources() -> Vec<SourceFile> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap();
                let first = rel.components().next().unwrap().as_os_str();
                let module = first.to_string_lossy().trim_end_matches(".rs").to_owned();
                let text = std::fs::read_to_string(&path).unwrap();
                let code = match text.find("#[cfg(test)]") {
                    Some(at) => text[..at].to_owned(),
                    None => text,
                };
                files.push(SourceFile { path, module, code });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The top-level modules a file names through `crate::` (also inside `use crate::{a, b::c}`).
fn crate_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(inner) = rest.strip_prefix('{') {
            // the names at depth one of the braces
            let mut depth = 1;
            let mut item_start = true;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            rest = &inner[i..];
                            break;
                        }
                    }
                    ',' if depth == 1 => item_start = true,
                    c if depth == 1 && item_start && (c.is_alphabetic() || c == '_') => {
                        out.insert(ident_at(&inner[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident_at(rest));
        }
    }
    out
}

fn ident_at(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn the_module_scanner_reads_grouped_imports() {
    let m = crate_modules(
        "use crate::{finding::{Finding, Fix}, model};\nlet x = crate::span::Span::new(0, 0);",
    );
    assert_eq!(
        m.into_iter().collect::<Vec<_>>(),
        ["finding", "model", "span"]
    );
}

#[test]
fn the_engine_knows_no_front_end_and_does_no_io() {
    let mut wrong = Vec::new();
    for f in sources()
        .iter()
        .filter(|f| ENGINE.contains(&f.module.as_str()))
    {
        for m in crate_modules(&f.code) {
            if !ENGINE.contains(&m.as_str()) {
                wrong.push(format!("{}: names crate::{m}", f.path.display()));
            }
        }
        for io in IO {
            if f.code.contains(io) {
                wrong.push(format!("{}: uses {io}", f.path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reader_runs_no_check() {
    let wrong: Vec<String> = sources()
        .into_iter()
        .filter(|f| f.module == "reader" && crate_modules(&f.code).contains("checks"))
        .map(|f| f.path.display().to_string())
        .collect();
    assert!(
        wrong.is_empty(),
        "the reader names crate::checks: {wrong:?}"
    );
}

#[test]
fn the_shared_policies_know_no_front_end_and_read_files_in_one_place() {
    let mut wrong = Vec::new();
    for f in sources().iter().filter(|f| f.module == "corpus") {
        for m in crate_modules(&f.code) {
            if !ENGINE.contains(&m.as_str()) && m != "corpus" {
                wrong.push(format!("{}: names crate::{m}", f.path.display()));
            }
        }
        let reads = f.code.contains("std::fs") || f.code.contains("fs::");
        if reads && !f.path.ends_with("corpus/files.rs") {
            wrong.push(format!("{}: reads files", f.path.display()));
        }
        for io in ["println!", "eprintln!", "tower_lsp_server", "tokio"] {
            if f.code.contains(io) {
                wrong.push(format!("{}: uses {io}", f.path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_front_ends_do_not_know_each_other() {
    let mut wrong = Vec::new();
    for f in sources() {
        let names = crate_modules(&f.code);
        let forbidden = match f.module.as_str() {
            "lsp" => "render",
            "render" => "lsp",
            _ => continue,
        };
        if names.contains(forbidden) {
            wrong.push(format!("{}: names crate::{forbidden}", f.path.display()));
        }
        if f.module == "render" && f.code.contains("tower_lsp_server") {
            wrong.push(format!("{}: uses the protocol", f.path.display()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Only the language server speaks the protocol.
#[test]
fn only_the_server_speaks_lsp() {
    let wrong: Vec<String> = sources()
        .into_iter()
        .filter(|f| f.module != "lsp" && f.code.contains("tower_lsp_server"))
        .map(|f| f.path.display().to_string())
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}
