//! Completion, code lenses and the `nianbao.fixTable` command: [`crate::authoring`] in LSP
//! terms. Which value balances a cell, which tables balance and what the empty tables look like
//! is the engine's; this module converts spans and builds the protocol's values.
//!
//! - `textDocument/completion` in a cell of 三 or 四: the values that balance it
//!   ([`complete::propose`]), the sum first, each replacing the cell's number (or inserted at
//!   the cursor in an empty cell); `isIncomplete`, so the list is asked for again as digits are
//!   typed. On a blank line of section 二, 三 or 四 without its tables: the official empty tables
//!   ([`blank::offers`]) as snippet items. Trigger characters: a space and a tab, what is typed
//!   before a value in pipe, markdown and tab rows (a `|` is followed by a space first).
//! - `textDocument/codeLens`: one lens above each table with relations ([`balance::balances`]);
//!   a table with safe fixes gets the command [`FIX_TABLE`], the others a lens without one (its
//!   command id empty: shown, not clickable). Tables of 二 have no relations and get no lens.
//! - `workspace/executeCommand` [`FIX_TABLE`] `[uri, tableId]`: the table's safe fixes in the
//!   current version, sent to the client with `workspace/applyEdit`.

use std::collections::HashMap;

use ropey::Rope;
use serde_json::{json, Value};
use tower_lsp_server::ls_types::{
    CodeLens, Command, CompletionItem, CompletionItemKind, CompletionItemLabelDetails,
    CompletionList, CompletionTextEdit, Documentation, InsertTextFormat, MarkupContent, MarkupKind,
    Range, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::{self, Encoding};
use super::diagnostics::text_edits;
use crate::analysis::Analysis;
use crate::authoring::balance::{self, TableBalance};
use crate::authoring::blank::{self, TableOffer};
use crate::authoring::complete::{self, CellProposals};
use crate::finding::Finding;

/// The command of a lens over a table with safe fixes: arguments `[uri, tableId]` (`"s3"`).
pub const FIX_TABLE: &str = "nianbao.fixTable";

/// What is typed just before a value in a table row.
pub fn trigger_characters() -> Vec<String> {
    vec![" ".to_owned(), "\t".to_owned()]
}

/// The completion list at `offset`: values for a cell, else empty tables for a blank line,
/// else nothing.
pub fn completion(
    rope: &Rope,
    analysis: &Analysis,
    offset: usize,
    enc: Encoding,
) -> CompletionList {
    let text = rope.to_string();
    if let Some(cell) = complete::propose(analysis, &text, offset) {
        return CompletionList {
            is_incomplete: true,
            items: value_items(rope, &text, &cell, enc),
        };
    }
    let offers = blank::offers(&analysis.report, &text, offset);
    CompletionList {
        is_incomplete: false,
        items: offers
            .iter()
            .enumerate()
            .map(|(i, o)| table_item(rope, o, i, enc))
            .collect(),
    }
}

/// One item per value, in the engine's order (the first preselected), its formula as detail and
/// label description, the relations in its documentation. The filter text is what the cell
/// holds now, so a number being replaced (`13` → `12`) is never filtered out.
fn value_items(
    rope: &Rope,
    text: &str,
    cell: &CellProposals,
    enc: Encoding,
) -> Vec<CompletionItem> {
    let range = convert::range(rope, cell.span, enc);
    let current = text.get(cell.span.start..cell.span.end).unwrap_or("");
    cell.proposals
        .iter()
        .enumerate()
        .map(|(i, p)| CompletionItem {
            label: p.value.to_string(),
            // the formula on every row (VS Code shows `detail` only for the focused one)
            label_details: Some(CompletionItemLabelDetails {
                detail: None,
                description: p.formulas.first().cloned(),
            }),
            kind: Some(CompletionItemKind::VALUE),
            detail: p.formulas.first().cloned(),
            documentation: Some(markdown(cell.describe(p))),
            preselect: (i == 0).then_some(true),
            sort_text: Some(format!("{i:04}")),
            filter_text: Some(current.to_owned()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: p.value.to_string(),
            })),
            ..Default::default()
        })
        .collect()
}

/// An empty table as a snippet item (a snippet so that clients insert its lines as lines;
/// it has no placeholders).
fn table_item(rope: &Rope, offer: &TableOffer, i: usize, enc: Encoding) -> CompletionItem {
    let rows = offer.text.lines().count();
    CompletionItem {
        label: offer.label.clone(),
        kind: Some(CompletionItemKind::SNIPPET),
        detail: Some(format!("插入官方空表（{rows} 行）")),
        documentation: Some(Documentation::String(offer.text.clone())),
        sort_text: Some(format!("{i:04}")),
        insert_text_format: Some(InsertTextFormat::SNIPPET),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: convert::range(rope, offer.span, enc),
            new_text: escape_snippet(&offer.text),
        })),
        ..Default::default()
    }
}

/// Snippet syntax: `$`, `}` and `\` stand for themselves only escaped (also used for the VS
/// Code extension's snippets file, `tests/vscode_snippets.rs`).
pub fn escape_snippet(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// One lens per table with relations, at the start of the line its [`TableBalance::anchor`]
/// names. `findings`: the ones the settings show.
pub fn code_lenses(
    uri: &Uri,
    rope: &Rope,
    analysis: &Analysis,
    findings: &[Finding],
    enc: Encoding,
) -> Vec<CodeLens> {
    let text = rope.to_string();
    balance::balances(&analysis.report, findings, &text)
        .iter()
        .map(|b| {
            let at = convert::position(rope, b.anchor, enc);
            CodeLens {
                range: Range::new(at, at),
                command: Some(lens_command(uri, b)),
                data: None,
            }
        })
        .collect()
}

fn lens_command(uri: &Uri, b: &TableBalance) -> Command {
    let fixable = b.failing > 0 && !b.fixes.is_empty();
    Command {
        title: b.title(),
        command: if fixable {
            FIX_TABLE.to_owned()
        } else {
            String::new()
        },
        arguments: fixable.then(|| vec![json!(uri.as_str()), json!(b.kind.id())]),
    }
}

/// The document and the table id of a [`FIX_TABLE`] command.
pub fn fix_table_arguments(arguments: &[Value]) -> Option<(Uri, String)> {
    let uri = arguments.first()?.as_str()?.parse().ok()?;
    let table = arguments.get(1)?.as_str()?.to_owned();
    Some((uri, table))
}

/// The edit that applies the safe fixes of the table `table_id` (`"s3"`), or `None` when it has
/// none (any more).
pub fn fix_table(
    uri: &Uri,
    rope: &Rope,
    analysis: &Analysis,
    findings: &[Finding],
    table_id: &str,
    enc: Encoding,
) -> Option<WorkspaceEdit> {
    let table = analysis
        .report
        .tables
        .iter()
        .find(|t| t.kind().id() == table_id)?;
    let edits = balance::table_fixes(table, findings);
    if edits.is_empty() {
        return None;
    }
    Some(WorkspaceEdit {
        changes: Some(HashMap::from([(
            uri.clone(),
            text_edits(rope, &edits, enc),
        )])),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(name: &str) -> String {
        let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn values_replace_the_cell_and_keep_their_filter() {
        let text = example("unbalanced.txt");
        let (rope, a) = (Rope::from_str(&text), crate::analyse(&text));
        let at = text.find("| 1 | 13 |").unwrap() + 8;
        let list = completion(&rope, &a, at, Encoding::Utf16);
        assert!(list.is_incomplete);
        let first = &list.items[0];
        assert_eq!(first.label, "12");
        assert_eq!(first.detail.as_deref(), Some("9 + 2 + 0 + 0 + 0 + 1 = 12"));
        assert_eq!(first.filter_text.as_deref(), Some("13"));
        assert_eq!(first.preselect, Some(true));
        let Some(CompletionTextEdit::Edit(edit)) = &first.text_edit else {
            panic!("{first:?}")
        };
        // line 41, characters 51..53 (0-based)
        assert_eq!(
            edit.range.start,
            tower_lsp_server::ls_types::Position::new(40, 51)
        );
        assert_eq!(edit.range.end.character, 53);
        assert_eq!(edit.new_text, "12");
    }

    #[test]
    fn lenses_name_the_state_and_only_fixable_tables_get_the_command() {
        let text = example("unbalanced.txt");
        let (rope, a) = (Rope::from_str(&text), crate::analyse(&text));
        let uri: Uri = "file:///r.txt".parse().unwrap();
        let lenses = code_lenses(&uri, &rope, &a, &a.findings, Encoding::Utf16);
        let shown: Vec<(u32, &str, &str)> = lenses
            .iter()
            .map(|l| {
                let c = l.command.as_ref().unwrap();
                (l.range.start.line, c.title.as_str(), c.command.as_str())
            })
            .collect();
        assert_eq!(
            shown,
            [
                (25, "2 处不平 — 全部修正", FIX_TABLE),
                (54, "1 处不平 — 无可确定的修正", "")
            ]
        );
        let args = lenses[0]
            .command
            .as_ref()
            .unwrap()
            .arguments
            .clone()
            .unwrap();
        let (u, id) = fix_table_arguments(&args).unwrap();
        assert_eq!((u.as_str(), id.as_str()), ("file:///r.txt", "s3"));
        let edit = fix_table(&u, &rope, &a, &a.findings, &id, Encoding::Utf16).unwrap();
        assert_eq!(edit.changes.unwrap()[&uri][0].new_text, "12");
        assert!(fix_table(&u, &rope, &a, &a.findings, "s4", Encoding::Utf16).is_none());
    }

    #[test]
    fn empty_tables_are_snippets_with_their_dollars_escaped() {
        assert_eq!(escape_snippet("a $1 } \\"), "a \\$1 \\} \\\\");
        let text = "某县人民政府2023年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n\n五、存在的主要问题及改进情况\n";
        let (rope, a) = (Rope::from_str(text), crate::analyse(text));
        let at = text.find("\n\n").unwrap() + 1;
        let list = completion(&rope, &a, at, Encoding::Utf8);
        assert!(!list.is_incomplete);
        assert_eq!(list.items.len(), 1, "{list:?}");
        let item = &list.items[0];
        assert_eq!(item.kind, Some(CompletionItemKind::SNIPPET));
        assert_eq!(item.insert_text_format, Some(InsertTextFormat::SNIPPET));
        assert!(item
            .label
            .starts_with("四、政府信息公开行政复议、行政诉讼情况"));
    }
}
