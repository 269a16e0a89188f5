//! `nianbao::format` (issue 20, "tidy tables") keeps its promises on every text we have: the
//! corpus (seeds, real files, served pages), the examples, the clean reports re-laid in the
//! text layouts of `relayout` (pipe rows, padded CRLF rows, markdown, tabs; zeros printed,
//! blank or marked), and random edits of all of them:
//! - only ASCII spaces change (remove them from input and output: the same string);
//! - formatting the output again changes nothing;
//! - the analysis is the same: every finding (code and severity), every cell of every table;
//! - HTML gets no edits; the edits apply whole (none overlaps another).

mod relayout;
mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use nianbao::fix::apply_edits;
use nianbao::format;
use proptest::prelude::*;
use relayout::{doc_of, print, Layout, ZEROS};

/// What must not change: each finding's code and severity, each table's cells. (Not the
/// messages: one that quotes a line it could not read cuts the quote at a length, which
/// padding moves.)
fn meaning(text: &str) -> Vec<String> {
    let a = nianbao::analyse(text);
    let mut out: Vec<String> = a
        .findings
        .iter()
        .map(|f| format!("{} {:?}", f.code.as_str(), f.severity))
        .collect();
    out.sort();
    for t in &a.report.tables {
        out.extend(
            t.cells()
                .map(|(at, c)| format!("{:?} {at:?} {:?} blank={}", t.kind(), c.value, c.blank)),
        );
    }
    out
}

fn no_spaces(s: &str) -> String {
    s.replace(' ', "")
}

/// Every promise on one text; `Err` says which one failed.
fn check(name: &str, text: &str) -> Result<(), String> {
    let edits = format::edits(text);
    if nianbao::reader::html::is_html(text) && !edits.is_empty() {
        return Err(format!("{name}: {} edits in an HTML document", edits.len()));
    }
    let (out, applied) = apply_edits(text, &edits);
    if applied != edits.len() {
        return Err(format!(
            "{name}: {applied} of {} edits applied",
            edits.len()
        ));
    }
    if no_spaces(&out) != no_spaces(text) {
        return Err(format!("{name}: a byte other than a space changed"));
    }
    let again = format::edits(&out);
    if !again.is_empty() {
        return Err(format!("{name}: not idempotent: {:?}", &again[..1]));
    }
    if !edits.is_empty() && meaning(&out) != meaning(text) {
        return Err(format!(
            "{name}: the analysis changed\n{}",
            first_difference(text, &out)
        ));
    }
    Ok(())
}

fn first_difference(before: &str, after: &str) -> String {
    let (a, b) = (meaning(before), meaning(after));
    let only_a: Vec<_> = a.iter().filter(|x| !b.contains(x)).take(3).collect();
    let only_b: Vec<_> = b.iter().filter(|x| !a.contains(x)).take(3).collect();
    format!("before only: {only_a:#?}\nafter only: {only_b:#?}")
}

fn read(path: &Path) -> String {
    support::read(path)
}

/// The corpus (seeds, real, web) and `examples/*.txt`, by name.
fn files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = support::corpus_files();
    for dir in ["tests/corpus/web", "examples"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    paths
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                read(&p),
            )
        })
        .collect()
}

/// The clean reports of the corpus re-laid in the four text layouts, zeros printed in every way.
fn relaid() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for p in support::corpus_files() {
        let Some(doc) = doc_of(&support::analyse_file(&p).report) else {
            continue;
        };
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        for layout in [
            Layout::Pipe,
            Layout::PaddedCrlf,
            Layout::Markdown,
            Layout::Tabs,
        ] {
            for zeros in ZEROS {
                let text = print(&doc, layout, zeros, 7, None).text;
                out.push((format!("{name} {layout:?} {zeros:?}"), text));
            }
        }
    }
    out
}

/// Every text the tests start from.
fn texts() -> &'static [(String, String)] {
    static TEXTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    TEXTS.get_or_init(|| files().into_iter().chain(relaid()).collect())
}

#[test]
fn every_text_keeps_its_bytes_its_meaning_and_a_fixed_point() {
    let failures: Vec<String> = texts()
        .iter()
        .filter_map(|(name, text)| check(name, text).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_pipe_and_markdown_texts_do_get_tidied() {
    let changed = |prefix: &str| {
        texts()
            .iter()
            .filter(|(n, t)| n.starts_with(prefix) && !format::edits(t).is_empty())
            .count()
    };
    // the seeds' pipe rows, the examples, real 009's markdown
    for name in ["000_", "004_", "unbalanced.txt", "009_hongze"] {
        assert!(changed(name) > 0, "{name} was not touched");
    }
    let tabs = texts().iter().filter(|(n, _)| n.contains(" Tabs "));
    for (name, text) in tabs {
        assert!(
            format::edits(text).is_empty(),
            "{name}: tab rows are left alone"
        );
    }
}

#[test]
fn the_formatter_is_pure() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/format");
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let code = std::fs::read_to_string(entry.path()).unwrap();
        for io in [
            "std::fs",
            "std::io",
            "std::process",
            "println!",
            "eprintln!",
            "crate::lsp",
        ] {
            assert!(!code.contains(io), "{}: {io}", entry.path().display());
        }
    }
}

/// One random change to a text, what people and converters do to tables: a piece inserted or
/// a few characters deleted, next to a pipe (most of the time) or anywhere.
#[derive(Debug, Clone)]
struct Change {
    at: prop::sample::Index,
    anywhere: bool,
    op: Op,
}

#[derive(Debug, Clone)]
enum Op {
    Insert(&'static str),
    Delete(usize),
}

const PIECES: &[&str] = &[
    " ",
    "  ",
    "|",
    " | ",
    "||",
    "\n",
    "\r\n",
    "\t",
    "0",
    "12",
    "-",
    "无",
    "　",
    "（一）",
    "总计",
    "| --- |",
    "\u{a0}",
    "<",
];

fn change() -> impl Strategy<Value = Change> {
    let op = prop_oneof![
        prop::sample::select(PIECES).prop_map(Op::Insert),
        (1usize..8).prop_map(Op::Delete),
    ];
    (any::<prop::sample::Index>(), prop::bool::weighted(0.2), op)
        .prop_map(|(at, anywhere, op)| Change { at, anywhere, op })
}

/// Where `change` happens in `text`: a character boundary near a pipe, or anywhere.
fn place(text: &str, change: &Change) -> usize {
    let pipes: Vec<usize> = text.match_indices('|').map(|(k, _)| k).collect();
    let k = if change.anywhere || pipes.is_empty() {
        change.at.index(text.len() + 1)
    } else {
        *change.at.get(&pipes) + change.at.index(7)
    };
    let mut k = k.min(text.len());
    while !text.is_char_boundary(k) {
        k -= 1;
    }
    k
}

fn apply(text: &str, change: &Change) -> String {
    let k = place(text, change);
    match change.op {
        Op::Insert(s) => format!("{}{s}{}", &text[..k], &text[k..]),
        Op::Delete(n) => {
            let end = text[k..]
                .char_indices()
                .nth(n)
                .map_or(text.len(), |(j, _)| k + j);
            format!("{}{}", &text[..k], &text[end..])
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_keep_the_promises(
        pick in any::<prop::sample::Index>(),
        changes in prop::collection::vec(change(), 1..6),
    ) {
        let (name, text) = pick.get(texts());
        let edited = changes.iter().fold(text.clone(), |t, c| apply(&t, c));
        // the text of the last case, to read or to format by hand (`nianbao fmt --check`)
        let saved = std::env::temp_dir().join("nianbao-format-case.txt");
        let _ = std::fs::write(&saved, &edited);
        if let Err(e) = check(name, &edited) {
            prop_assert!(false, "{} after {:?} (text: {})", e, changes, saved.display());
        }
    }
}
