//! The report's shape for the editor: document symbols (sections → tables), folding ranges
//! (tables), and inlay hints (the computed value beside a wrong total).

use ropey::Rope;
use tower_lsp_server::ls_types::{
    DocumentSymbol, FoldingRange, FoldingRangeKind, InlayHint, InlayHintLabel, SymbolKind,
};

use super::actions::touches;
use super::convert::{self, Encoding};
use crate::finding::Finding;
use crate::model::Report;
use crate::span::Span;

/// Sections with the tables that start inside them as children; a table outside every
/// section is a top-level symbol. A section runs from its heading to the next heading.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be spelled out
pub fn document_symbols(report: &Report, rope: &Rope, enc: Encoding) -> Vec<DocumentSymbol> {
    let table_symbol = |t: &crate::model::Table| DocumentSymbol {
        name: t.template.title.to_owned(),
        detail: t.template.year.map(|y| format!("{}年格式", y.year())),
        kind: SymbolKind::STRUCT,
        tags: None,
        deprecated: None,
        range: convert::range(rope, t.span, enc),
        selection_range: convert::range(rope, t.span, enc),
        children: None,
    };
    let mut sections: Vec<&crate::model::Section> = report.sections.iter().collect();
    sections.sort_by_key(|s| s.span.start);
    let extent = |i: usize| {
        let end = sections
            .get(i + 1)
            .map_or(rope.len_bytes(), |next| next.span.start);
        Span::new(sections[i].span.start, end.max(sections[i].span.end))
    };
    let mut out: Vec<DocumentSymbol> = Vec::new();
    let mut nested = vec![false; report.tables.len()];
    for (i, s) in sections.iter().enumerate() {
        let extent = extent(i);
        let children: Vec<DocumentSymbol> = report
            .tables
            .iter()
            .enumerate()
            .filter(|(_, t)| extent.start <= t.span.start && t.span.start < extent.end)
            .map(|(k, t)| {
                nested[k] = true;
                DocumentSymbol {
                    // a table may run past the next heading; a child must stay inside its parent
                    range: convert::range(
                        rope,
                        Span::new(t.span.start, t.span.end.min(extent.end)),
                        enc,
                    ),
                    ..table_symbol(t)
                }
            })
            .collect();
        out.push(DocumentSymbol {
            name: s.heading.clone(),
            detail: None,
            kind: SymbolKind::NAMESPACE,
            tags: None,
            deprecated: None,
            range: convert::range(rope, extent, enc),
            selection_range: convert::range(rope, s.span, enc),
            children: (!children.is_empty()).then_some(children),
        });
    }
    out.extend(
        report
            .tables
            .iter()
            .zip(nested)
            .filter(|(_, n)| !n)
            .map(|(t, _)| table_symbol(t)),
    );
    out.sort_by_key(|s| (s.range.start.line, s.range.start.character));
    out
}

/// One folding range per table that spans more than one line.
pub fn folding_ranges(report: &Report, rope: &Rope, enc: Encoding) -> Vec<FoldingRange> {
    report
        .tables
        .iter()
        .filter_map(|t| {
            let r = convert::range(rope, t.span, enc);
            (r.end.line > r.start.line).then(|| FoldingRange {
                start_line: r.start.line,
                end_line: r.end.line,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: Some(t.template.title.to_owned()),
                ..Default::default()
            })
        })
        .collect()
}

/// `= 164` right after each cell a finding would rewrite: the replacement of the finding's
/// first fix whose edit covers exactly the finding's own span. Only findings in `within`.
pub fn inlay_hints(
    findings: &[Finding],
    within: Span,
    rope: &Rope,
    enc: Encoding,
) -> Vec<InlayHint> {
    let mut seen: Vec<Span> = Vec::new();
    findings
        .iter()
        .filter(|f| touches(f.span, within))
        // one hint per cell, however many findings sit on it
        .filter(|f| {
            let first = !seen.contains(&f.span);
            seen.push(f.span);
            first
        })
        .filter_map(|f| {
            let edit = f
                .fixes
                .iter()
                .flat_map(|x| &x.edits)
                .find(|e| e.span == f.span && !f.span.is_empty())?;
            Some(InlayHint {
                position: convert::position(rope, f.span.end, enc),
                label: InlayHintLabel::String(format!("= {}", edit.replacement)),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::diagnostics::tests::nb102;
    use crate::model::{Section, Table};
    use crate::template::{TableTemplate, TemplateYear};
    use tower_lsp_server::ls_types::Position;

    const TEXT: &str = "三、收到和处理政府信息公开申请情况\n表\n总计 165\n四、复议\n表\n1\n";

    fn report() -> Report {
        let s3 = TEXT.find("表").unwrap();
        let s4 = TEXT.find("四、").unwrap();
        let t4 = TEXT.rfind("表").unwrap();
        let section = |number, at: usize, heading: &str| Section {
            number,
            span: Span::new(at, at + heading.len()),
            heading: heading.to_owned(),
        };
        Report {
            sections: vec![
                section(3, 0, "三、收到和处理政府信息公开申请情况"),
                section(4, s4, "四、复议"),
            ],
            tables: vec![
                Table::new(
                    TableTemplate::s3(TemplateYear::T2021),
                    Span::new(s3, s4 - 1),
                ),
                Table::new(TableTemplate::s4(), Span::new(t4, TEXT.len() - 1)),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn sections_contain_their_tables() {
        let rope = Rope::from_str(TEXT);
        let symbols = document_symbols(&report(), &rope, Encoding::Utf16);
        let shape: Vec<(u32, u32, usize)> = symbols
            .iter()
            .map(|s| {
                (
                    s.range.start.line,
                    s.range.end.line,
                    s.children.as_ref().map_or(0, Vec::len),
                )
            })
            .collect();
        assert_eq!(shape, [(0, 3, 1), (3, 6, 1)]);
        assert_eq!(
            symbols[0].children.as_ref().unwrap()[0].name,
            "三、收到和处理政府信息公开申请情况"
        );
        assert_eq!(
            symbols[0].children.as_ref().unwrap()[0].detail.as_deref(),
            Some("2021年格式")
        );
    }

    #[test]
    fn tables_fold() {
        let rope = Rope::from_str(TEXT);
        let folds: Vec<_> = folding_ranges(&report(), &rope, Encoding::Utf8)
            .iter()
            .map(|f| (f.start_line, f.end_line))
            .collect();
        assert_eq!(folds, [(1, 2), (4, 5)]);
    }

    #[test]
    fn hint_shows_the_computed_value_after_the_cell() {
        let rope = Rope::from_str(TEXT);
        let hints = inlay_hints(
            &[nb102(TEXT)],
            Span::new(0, TEXT.len()),
            &rope,
            Encoding::Utf16,
        );
        assert_eq!(hints.len(), 1);
        assert_eq!(hints[0].position, Position::new(2, 6));
        assert!(matches!(&hints[0].label, InlayHintLabel::String(s) if s == "= 164"));
        assert!(inlay_hints(&[nb102(TEXT)], Span::new(0, 5), &rope, Encoding::Utf16).is_empty());
    }
}
