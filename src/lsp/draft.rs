//! "起草下一年度报告": next year's draft ([`crate::draft`]) from the editor.
//!
//! - a code action of kind [`KIND`] on the line the report's year is read from (the title, else
//!   the statistical period; in a web page anywhere before the first section heading), titled
//!   `起草下一年度报告（2025）`. It carries the command [`COMMAND`], not the edit: the draft is
//!   made only when chosen, from the text the editor holds then;
//! - `workspace/executeCommand` [`COMMAND`] `[sourceUri]`: the engine makes the draft; the
//!   server sends `workspace/applyEdit` with a `CreateFile` of the draft's file (beside the
//!   source, named by `nianbao::draft::file_name`; an existing file is never replaced) and one
//!   edit that fills the new document (range 0:0–1:0) with the whole text, then
//!   `window/showDocument` to open it. The server writes no file: a client that does not
//!   apply the edit is told the `nianbao new` command line that would; one that cannot show
//!   documents gets a message naming the file. The draft is made from the open document's
//!   text (a report that is not open is refused: the server reads no file for it). The answer
//!   is `{"uri", "applied", "shown"}`, or `{"error"}` with a `window/showMessage`.

use std::path::PathBuf;

use ropey::Rope;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, CreateFile, CreateFileOptions,
    DocumentChangeOperation, DocumentChanges, MessageType, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, ShowDocumentParams,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use tower_lsp_server::Client;

use crate::model::Report;
use crate::span::Span;

/// The command the code action runs: arguments `[sourceUri]`.
pub const COMMAND: &str = "nianbao.newDraft";
/// A refactoring (VS Code lists it under the lightbulb and in the refactor menu).
pub const KIND: CodeActionKind = CodeActionKind::new("refactor.nianbao.newDraft");

/// Does [`KIND`] pass the client's `context.only` (hierarchical: `refactor` admits it)?
fn wanted(only: Option<&[CodeActionKind]>) -> bool {
    let kind = KIND;
    let kind = kind.as_str();
    only.is_none_or(|only| {
        only.iter().any(|o| {
            let o = o.as_str();
            kind == o
                || kind
                    .strip_prefix(o)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// The action, when `range` touches where it is offered.
pub fn code_action(
    uri: &Uri,
    rope: &Rope,
    report: &Report,
    range: Span,
    only: Option<&[CodeActionKind]>,
) -> Option<CodeActionOrCommand> {
    let year = report.year.filter(|&y| y >= 2019)?;
    if !wanted(only) {
        return None;
    }
    let sections = report.sections.iter().map(|s| s.span.start);
    let first_heading = sections.clone().min().unwrap_or(rope.len_bytes());
    let head_end = report
        .sections
        .iter()
        .find(|s| s.number == 2)
        .map_or(rope.len_bytes(), |s| s.span.start)
        .min(rope.len_bytes());
    let head = rope.byte_slice(..head_end).to_string();
    let offered = if crate::reader::html::is_html(&head) {
        range.start <= first_heading
    } else {
        let line = crate::draft::year_line(&head, year)?;
        line.start <= range.end && range.start <= line.end
    };
    if !offered {
        return None;
    }
    let title = format!("起草下一年度报告（{}）", year + 1);
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: title.clone(),
        kind: Some(KIND),
        command: Some(Command {
            title,
            command: COMMAND.to_owned(),
            arguments: Some(vec![json!(uri.as_str())]),
        }),
        ..Default::default()
    }))
}

/// The source's URI, the command's one argument.
pub fn argument(arguments: &[Value]) -> Result<Uri> {
    let uri = arguments.first().and_then(Value::as_str);
    uri.and_then(|u| u.parse().ok())
        .ok_or_else(|| Error::invalid_params(format!("{COMMAND} takes the report's URI")))
}

/// What the command will do: the draft's file and the edit that creates it.
pub struct Plan {
    pub uri: Uri,
    pub path: PathBuf,
    pub edit: WorkspaceEdit,
}

/// The draft of `text` (the report at `source`), beside it. Refused, with the reason in
/// words for the user, when the source is no file, has no year, or the draft's file exists.
pub fn plan(source: &Uri, text: &str) -> std::result::Result<Plan, String> {
    let path = source
        .to_file_path()
        .ok_or_else(|| format!("{} is not a file", source.as_str()))?
        .into_owned();
    let draft = crate::draft::next_year(text).map_err(|e| e.to_string())?;
    let name = path
        .file_name()
        .map_or_else(|| "report.txt".into(), |n| n.to_string_lossy());
    let target = path.with_file_name(crate::draft::file_name(&name, draft.from, draft.year));
    if target.exists() {
        return Err(format!(
            "{} already exists; not overwritten",
            target.display()
        ));
    }
    let uri =
        Uri::from_file_path(&target).ok_or_else(|| format!("{} has no URI", target.display()))?;
    let create = CreateFile {
        uri: uri.clone(),
        options: Some(CreateFileOptions {
            overwrite: Some(false),
            ignore_if_exists: Some(false),
        }),
        annotation_id: None,
    };
    // the whole of the new, empty document: an insertion at 0:0 would leave the empty line an
    // empty buffer holds after the text (Neovim), a blank line more when saved
    let whole = Range::new(Position::new(0, 0), Position::new(1, 0));
    let insert = TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: uri.clone(),
            version: None,
        },
        edits: vec![OneOf::Left(TextEdit::new(whole, draft.text))],
    };
    let edit = WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(vec![
            DocumentChangeOperation::Op(ResourceOp::Create(create)),
            DocumentChangeOperation::Edit(insert),
        ])),
        ..Default::default()
    };
    Ok(Plan {
        uri,
        path: target,
        edit,
    })
}

/// Run the command on `source`, whose text is `open` when the editor has it open. The server
/// writes nothing and reads no file for it (README, Security): a report that is not open is
/// refused, and a client that does not apply the edit is told the command line that would.
pub async fn execute(client: &Client, source: &Uri, open: Option<String>) -> Result<Option<Value>> {
    let text = open.ok_or_else(|| format!("{} is not open in the editor", source.as_str()));
    let plan = match text.and_then(|t| plan(source, &t)) {
        Ok(p) => p,
        Err(message) => {
            let shown = format!("nianbao: 未能起草下一年度报告：{message}");
            client.show_message(MessageType::ERROR, shown).await;
            return Ok(Some(json!({ "error": message })));
        }
    };
    let applied = client
        .apply_edit(plan.edit.clone())
        .await
        .is_ok_and(|r| r.applied);
    if !applied {
        let message = format!(
            "nianbao: 编辑器未能创建 {}；可在命令行运行 nianbao new --from {} -o {}",
            plan.path.display(),
            source
                .to_file_path()
                .map_or_else(String::new, |p| p.display().to_string()),
            plan.path.display()
        );
        client.show_message(MessageType::ERROR, message).await;
        return Ok(Some(
            json!({ "uri": plan.uri.as_str(), "applied": false, "shown": false }),
        ));
    }
    let show = ShowDocumentParams {
        uri: plan.uri.clone(),
        external: Some(false),
        take_focus: Some(true),
        selection: None,
    };
    let shown = client.show_document(show).await.unwrap_or(false);
    if !shown {
        let message = format!("nianbao: 下一年度报告草稿：{}", plan.path.display());
        client.show_message(MessageType::INFO, message).await;
    }
    Ok(Some(
        json!({ "uri": plan.uri.as_str(), "applied": applied, "shown": shown }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offered_on_the_title_line_only() {
        let text = include_str!("../../examples/clean.txt");
        let a = crate::analyse(text);
        let rope = Rope::from_str(text);
        let uri: Uri = "file:///tmp/nianbao-draft/2023.txt".parse().unwrap();
        let at = |o: usize| Span::new(o, o);
        let action = code_action(&uri, &rope, &a.report, at(3), None).unwrap();
        let CodeActionOrCommand::CodeAction(action) = action else {
            panic!()
        };
        assert_eq!(action.title, "起草下一年度报告（2024）");
        assert_eq!(action.command.unwrap().command, COMMAND);
        let body = text.find("一、总体情况").unwrap();
        assert!(code_action(&uri, &rope, &a.report, at(body), None).is_none());
        let quickfix = [CodeActionKind::QUICKFIX];
        assert!(code_action(&uri, &rope, &a.report, at(3), Some(&quickfix)).is_none());
        let refactor = [CodeActionKind::REFACTOR];
        assert!(code_action(&uri, &rope, &a.report, at(3), Some(&refactor)).is_some());
    }

    #[test]
    fn the_plan_creates_the_file_beside_the_source() {
        let dir = tempfile::tempdir().unwrap();
        let source = Uri::from_file_path(dir.path().join("青禾县2023.txt")).unwrap();
        let p = plan(&source, include_str!("../../examples/clean.txt")).unwrap();
        assert_eq!(p.path, dir.path().join("青禾县2024.txt"));
        let edit = serde_json::to_value(&p.edit).unwrap();
        assert_eq!(edit["documentChanges"][0]["kind"], "create");
        let text = crate::draft::next_year(include_str!("../../examples/clean.txt"))
            .unwrap()
            .text;
        assert_eq!(
            edit["documentChanges"][1]["edits"][0]["newText"],
            text.as_str()
        );
        std::fs::write(&p.path, "x").unwrap();
        let refused = plan(&source, include_str!("../../examples/clean.txt"))
            .err()
            .unwrap();
        assert!(refused.contains("already exists"), "{refused}");
    }
}
