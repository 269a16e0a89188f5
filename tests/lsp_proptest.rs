//! Property tests: whatever sequence of incremental edits a client sends (CJK, 𠀀, CRLF, lone
//! CR, and the characters that are NOT LSP line breaks: VT, FF, U+0085, U+2028, U+2029), the
//! server ends with exactly the client's text, and publishes the same diagnostics as a full
//! analysis of that text opened fresh.
//!
//! These tests pin that the incremental *sync* loses nothing; that the engine's incremental
//! analysis (`nianbao::Session`, which reuses unchanged table regions) equals a fresh analysis
//! is pinned in `tests/engine_incremental.rs`.

mod common;

use common::*;
use nianbao::finding::{Finding, Severity};
use nianbao::lsp::convert::{self, Encoding};
use nianbao::lsp::documents::Document;
use nianbao::lsp::Engine;
use nianbao::{Analysis, Code, Span};
use proptest::prelude::*;
use ropey::Rope;
use serde_json::{json, Value};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const TOKENS: &[&str] = &[
    "a",
    "7",
    "16",
    "总",
    "计",
    "𠀀",
    " ",
    "|",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u{b}",
    "\u{c}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "（七）总计 ",
];

fn text_strategy(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..max).prop_map(|t| t.concat())
}

/// An edit as drawn: where (as fractions of the boundary list) and what to insert.
#[derive(Debug, Clone)]
struct RawEdit {
    start: u16,
    len: u8,
    insert: String,
}

fn edit_strategy() -> impl Strategy<Value = RawEdit> {
    (any::<u16>(), 0u8..12, text_strategy(4)).prop_map(|(start, len, insert)| RawEdit {
        start,
        len,
        insert,
    })
}

/// Offsets an LSP position can name: char boundaries, except between the `\r` and `\n` of a CRLF.
fn boundaries(text: &str) -> Vec<usize> {
    (0..=text.len())
        .filter(|&o| text.is_char_boundary(o))
        .filter(|&o| {
            !(o > 0 && text.as_bytes()[o - 1] == b'\r' && text.as_bytes().get(o) == Some(&b'\n'))
        })
        .collect()
}

/// Resolve `raw` against `text`: the byte span to replace.
fn resolve(text: &str, raw: &RawEdit) -> (usize, usize) {
    let b = boundaries(text);
    let i = raw.start as usize % b.len();
    let j = (i + raw.len as usize).min(b.len() - 1);
    (b[i], b[j])
}

fn range_of(text: &str, start: usize, end: usize, utf8: bool) -> Range {
    serde_json::from_value(
        json!({"start": lsp_pos(text, start, utf8), "end": lsp_pos(text, end, utf8)}),
    )
    .unwrap()
}

fn encoding(utf8: bool) -> Encoding {
    if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Positions: the server's conversion agrees with an independent model of LSP's rules, and
    /// offset → position → offset is the identity on every nameable offset.
    #[test]
    fn positions_agree_with_the_lsp_model(text in text_strategy(40), utf8 in any::<bool>()) {
        let rope = Rope::from_str(&text);
        for o in boundaries(&text) {
            let p = convert::position(&rope, o, encoding(utf8));
            let expected: Position = serde_json::from_value(lsp_pos(&text, o, utf8)).unwrap();
            prop_assert_eq!(p, expected, "offset {} of {:?}", o, text);
            prop_assert_eq!(convert::offset(&rope, p, encoding(utf8)), o);
        }
    }

    /// Edits, one per version or several per notification, leave the document equal to the
    /// client's text.
    #[test]
    fn incremental_edits_give_the_clients_text(
        text in text_strategy(40),
        edits in prop::collection::vec(edit_strategy(), 1..12),
        batch in 1usize..4,
        utf8 in any::<bool>(),
    ) {
        let (mut doc, _ends) = Document::new(&text, 1, 1, Default::default());
        let mut expected = text.clone();
        let mut version = 1;
        for group in edits.chunks(batch) {
            let mut changes = Vec::new();
            for raw in group {
                let (s, e) = resolve(&expected, raw);
                changes.push(TextDocumentContentChangeEvent {
                    range: Some(range_of(&expected, s, e, utf8)),
                    range_length: None,
                    text: raw.insert.clone(),
                });
                expected.replace_range(s..e, &raw.insert);
            }
            version += 1;
            doc.apply(version, changes, encoding(utf8)).unwrap();
            prop_assert_eq!(doc.rope.to_string(), expected.clone());
        }
    }
}

/// A stand-in engine whose findings show the whole text: one per run of ASCII digits (message:
/// the digits), one at the very end (message: the length), and every text is a report. Two texts
/// that differ almost surely get different diagnostics.
fn every_number() -> Engine {
    fn analyse(text: &str) -> Analysis {
        let mut analysis = Analysis::default();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_ascii_digit(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let span = Span::new(s, i);
                    analysis.findings.push(Finding {
                        severity: Severity::Hint,
                        ..Finding::new(Code::NB026, span, &text[s..i])
                    });
                    start = None;
                }
                _ => {}
            }
        }
        let end = Span::new(text.len(), text.len());
        analysis.findings.push(Finding::new(
            Code::NB001,
            end,
            format!("{} chars", text.chars().count()),
        ));
        analysis
    }
    Engine {
        analyse: |_, text| analyse(text),
        is_report: |_| true,
    }
}

/// Diagnostics as compared: the related locations' URI left out.
fn comparable(diags: Vec<Value>) -> Vec<Value> {
    diags
        .into_iter()
        .map(|mut d| {
            if let Some(rel) = d
                .get_mut("relatedInformation")
                .and_then(Value::as_array_mut)
            {
                for r in rel {
                    r["location"]["uri"] = Value::Null;
                }
            }
            d
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Through the protocol: after a random burst of didChange notifications, the last published
    /// diagnostics equal those of the final text opened fresh (with an engine whose findings
    /// reveal the text).
    #[test]
    fn published_diagnostics_equal_a_full_analysis(
        edits in prop::collection::vec(edit_strategy(), 1..16),
        utf8 in any::<bool>(),
    ) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            let mut c = if utf8 { Client::utf8(every_number()).await } else { Client::utf16(every_number()).await };
            c.open(URI, REPORT).await;
            let mut text = REPORT.to_owned();
            let mut version = 1;
            for raw in &edits {
                let (s, e) = resolve(&text, raw);
                let range = serde_json::to_value(range_of(&text, s, e, utf8)).unwrap();
                text.replace_range(s..e, &raw.insert);
                version += 1;
                c.change(URI, version, json!([{"range": range, "text": raw.insert}])).await;
            }
            let incremental = comparable(c.diagnostics(URI, json!(version)).await);
            let fresh_uri = "file:///tmp/nianbao-test/fresh.txt";
            c.open(fresh_uri, &text).await;
            let fresh = comparable(c.diagnostics(fresh_uri, json!(1)).await);
            assert_eq!(incremental, fresh, "final text {text:?}");
            assert!(c.shutdown_and_exit().await);
        });
    }
}
