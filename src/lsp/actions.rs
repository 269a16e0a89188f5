//! Code actions from the server's own current findings (never from the diagnostics a client
//! echoes back: nvim 0.7 sends those with byte columns, VS Code often sends none).
//!
//! - one `quickfix` per fix of each finding under the requested range (editors ask with an
//!   empty range at the cursor; a cursor touching a finding's span counts), `isPreferred` on
//!   a finding's first safe fix;
//! - `quickfix.nianbao.table` "recompute the table": the safe fixes of every finding inside
//!   the table under the cursor, offered when it does more than a single quick-fix already does;
//! - `source.fixAll.nianbao`: every safe fix of the document (what `nianbao fix` applies).

use std::collections::HashMap;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::Encoding;
use super::diagnostics::{diagnostic, text_edits, RuleDocs};
use crate::finding::{Applicability, Finding};
use crate::fix::fixable_edits;
use crate::model::Report;
use crate::span::Span;

pub const RECOMPUTE_TABLE: CodeActionKind = CodeActionKind::new("quickfix.nianbao.table");
pub const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.nianbao");

/// The kinds the server announces in its capabilities.
pub fn kinds() -> Vec<CodeActionKind> {
    vec![
        CodeActionKind::QUICKFIX,
        RECOMPUTE_TABLE,
        CodeActionKind::SOURCE_FIX_ALL,
        FIX_ALL,
    ]
}

/// Does `kind` pass the client's `context.only` filter (hierarchical: `quickfix` admits
/// `quickfix.nianbao.table`)?
fn wanted(kind: &CodeActionKind, only: Option<&[CodeActionKind]>) -> bool {
    let Some(only) = only else { return true };
    only.iter().any(|o| {
        let (k, o) = (kind.as_str(), o.as_str());
        k == o || k.strip_prefix(o).is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Does the requested range touch the span, ends included (a cursor right after a number is
/// on it)?
pub(super) fn touches(span: Span, request: Span) -> bool {
    span.start <= request.end && request.start <= span.end
}

/// Everything a code-action request needs, already in engine terms.
pub struct Request<'a> {
    pub uri: &'a Uri,
    pub rope: &'a Rope,
    pub enc: Encoding,
    /// Where the rules' pages are, for the diagnostics the quick-fixes carry.
    pub docs: &'a RuleDocs,
    /// The findings shown to the user (settings applied).
    pub findings: &'a [Finding],
    pub report: &'a Report,
    pub range: Span,
    pub only: Option<&'a [CodeActionKind]>,
}

pub fn code_actions(req: &Request) -> Vec<CodeActionOrCommand> {
    let mut actions: Vec<CodeAction> = Vec::new();
    let workspace_edit = |edits: Vec<TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(req.uri.clone(), edits)])),
        ..Default::default()
    };

    if wanted(&CodeActionKind::QUICKFIX, req.only) {
        for f in req.findings.iter().filter(|f| touches(f.span, req.range)) {
            let preferred = f
                .fixes
                .iter()
                .position(|x| x.applicability == Applicability::Safe);
            for (i, fix) in f.fixes.iter().enumerate() {
                let edit = workspace_edit(text_edits(req.rope, &fix.edits, req.enc));
                // two findings on one cell (NB101 and NB102) often carry the same fix: offer it
                // once, for both diagnostics
                if let Some(same) = actions.iter_mut().find(|a| a.edit.as_ref() == Some(&edit)) {
                    same.diagnostics
                        .get_or_insert_with(Vec::new)
                        .push(diagnostic(req.uri, req.rope, f, req.enc, req.docs));
                    if preferred == Some(i) {
                        same.is_preferred = Some(true);
                    }
                    continue;
                }
                actions.push(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic(req.uri, req.rope, f, req.enc, req.docs)]),
                    edit: Some(edit),
                    is_preferred: (preferred == Some(i)).then_some(true),
                    ..Default::default()
                });
            }
        }
    }

    if wanted(&RECOMPUTE_TABLE, req.only) {
        for table in req
            .report
            .tables
            .iter()
            .filter(|t| touches(t.span, req.range))
        {
            // the table's safe fixes, as its code lens applies them (the engine chooses)
            let fixes = crate::authoring::balance::table_fixes(table, req.findings);
            let edits = text_edits(req.rope, &fixes, req.enc);
            let already_offered = actions.iter().any(|a| {
                a.edit
                    .as_ref()
                    .and_then(|e| e.changes.as_ref()?.get(req.uri))
                    == Some(&edits)
            });
            if edits.is_empty() || already_offered {
                continue;
            }
            actions.push(CodeAction {
                title: format!(
                    "重新计算本表（{}）中可确定的总计（{}处）",
                    table.template.title,
                    edits.len()
                ),
                kind: Some(RECOMPUTE_TABLE),
                edit: Some(workspace_edit(edits)),
                ..Default::default()
            });
        }
    }

    if wanted(&FIX_ALL, req.only) {
        let edits = text_edits(req.rope, &fixable_edits(req.findings, false), req.enc);
        if !edits.is_empty() {
            actions.push(CodeAction {
                title: format!("修正全部可确定的错误（{}处）", edits.len()),
                kind: Some(FIX_ALL),
                edit: Some(workspace_edit(edits)),
                ..Default::default()
            });
        }
    }

    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Edit, Fix};
    use crate::lsp::diagnostics::tests::nb102;
    use crate::model::Table;
    use crate::template::{TableTemplate, TemplateYear};
    use crate::Code;

    const TEXT: &str = "表一\n总计 165 件\n合计 9 件\n";

    fn findings() -> Vec<Finding> {
        let at = TEXT.find('9').unwrap();
        let span = Span::new(at, at + 1);
        let nine = Finding::new(Code::NB101, span, "合计 9 ≠ 8").with_fix(Fix {
            title: "改为8".into(),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                span,
                replacement: "8".into(),
            }],
        });
        let mut first = nb102(TEXT);
        first.fixes.push(Fix {
            title: "或改某一项".into(),
            applicability: Applicability::Suggested,
            edits: vec![Edit {
                span: Span::new(0, 3),
                replacement: "X".into(),
            }],
        });
        vec![first, nine]
    }

    fn report() -> Report {
        let template = TableTemplate::s3(TemplateYear::T2021);
        Report {
            tables: vec![Table::new(template, Span::new(7, TEXT.len()))],
            ..Default::default()
        }
    }

    fn run(range: Span, only: Option<&[CodeActionKind]>) -> Vec<CodeAction> {
        let uri: Uri = "file:///r.txt".parse().unwrap();
        let rope = Rope::from_str(TEXT);
        let (findings, report) = (findings(), report());
        let req = Request {
            uri: &uri,
            rope: &rope,
            enc: Encoding::Utf16,
            docs: &RuleDocs::default(),
            findings: &findings,
            report: &report,
            range,
            only,
        };
        code_actions(&req)
            .into_iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a,
                CodeActionOrCommand::Command(_) => panic!("no commands"),
            })
            .collect()
    }

    fn titles(actions: &[CodeAction]) -> Vec<(&str, Option<bool>)> {
        actions
            .iter()
            .map(|a| (a.title.as_str(), a.is_preferred))
            .collect()
    }

    #[test]
    fn cursor_right_after_a_number_gets_its_fixes_safe_one_preferred() {
        let end = TEXT.find("165").unwrap() + 3;
        let actions = run(Span::new(end, end), Some(&[CodeActionKind::QUICKFIX]));
        assert_eq!(
            titles(&actions),
            [
                ("改为164", Some(true)),
                ("或改某一项", None),
                (
                    "重新计算本表（三、收到和处理政府信息公开申请情况）中可确定的总计（2处）",
                    None
                )
            ]
        );
        let edit = &actions[0].edit.as_ref().unwrap().changes.as_ref().unwrap()
            [&"file:///r.txt".parse().unwrap()];
        assert_eq!(edit[0].new_text, "164");
        assert_eq!(
            (edit[0].range.start.line, edit[0].range.start.character),
            (1, 3)
        );
    }

    #[test]
    fn fix_all_only_when_asked_for_source_actions() {
        let actions = run(Span::new(0, 0), Some(&[CodeActionKind::SOURCE_FIX_ALL]));
        assert_eq!(titles(&actions), [("修正全部可确定的错误（2处）", None)]);
        assert_eq!(actions[0].kind, Some(FIX_ALL));
        let all = run(Span::new(0, 0), None);
        assert_eq!(
            all.len(),
            1,
            "cursor on no finding and outside the table: only fixAll"
        );
    }

    #[test]
    fn table_action_is_not_offered_when_it_equals_the_quick_fix() {
        let findings = vec![nb102(TEXT)];
        let (uri, rope, report) = (
            "file:///r.txt".parse().unwrap(),
            Rope::from_str(TEXT),
            report(),
        );
        let at = TEXT.find("165").unwrap();
        let req = Request {
            uri: &uri,
            rope: &rope,
            enc: Encoding::Utf8,
            docs: &RuleDocs::default(),
            findings: &findings,
            report: &report,
            range: Span::new(at, at),
            only: Some(&[CodeActionKind::QUICKFIX]),
        };
        assert_eq!(code_actions(&req).len(), 1);
    }

    #[test]
    fn only_filter_is_hierarchical() {
        assert!(wanted(&FIX_ALL, Some(&[CodeActionKind::SOURCE])));
        assert!(wanted(&RECOMPUTE_TABLE, Some(&[CodeActionKind::QUICKFIX])));
        assert!(!wanted(&CodeActionKind::QUICKFIX, Some(&[RECOMPUTE_TABLE])));
        assert!(!wanted(
            &CodeActionKind::new("quickfixes"),
            Some(&[CodeActionKind::QUICKFIX])
        ));
    }
}
