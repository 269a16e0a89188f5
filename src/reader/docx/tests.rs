use super::*;
use crate::reader::html::document::Block;
use crate::reader::html::BLANK;

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>"#;
const TAIL: &str = "<w:sectPr/></w:body></w:document>";

fn doc(body: &str) -> String {
    format!("{HEAD}{body}{TAIL}")
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn tc(inner: &str) -> String {
    format!("<w:tc><w:tcPr/>{inner}</w:tc>")
}

fn view(body: &str) -> String {
    read(&doc(body)).view.text
}

/// A document of one table row: 总计, then `cell`.
fn total_row(cell: &str) -> String {
    doc(&format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        tc(&p("总计")),
        tc(cell)
    ))
}

/// `xml` read as `总计 | 12`: the bytes of `xml` its `12` maps to.
fn shown_12(xml: &str) -> Vec<&str> {
    let d = read(xml);
    assert_eq!(d.view.text, "总计 | 12\n");
    let at = d.view.text.find("12").unwrap();
    let pieces = d.view.map.pieces(Span::new(at, at + 2)).unwrap();
    pieces.iter().map(|s| &xml[s.start..s.end]).collect()
}

#[test]
fn paragraphs_and_a_table_in_order() {
    let body = format!(
        "{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>{}",
        p("标题"),
        tc(&p("规章")),
        tc(&p("3")),
        p("尾")
    );
    assert_eq!(view(&body), "标题\n规章 | 3\n尾\n");
}

#[test]
fn a_number_over_several_runs_is_one_number_and_maps_to_its_digits() {
    let cell = "<w:p><w:r><w:t>1</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>2</w:t></w:r></w:p>";
    let xml = total_row(cell);
    assert_eq!(shown_12(&xml), ["1", "2"]);
}

#[test]
fn deleted_text_field_instructions_and_properties_are_not_shown() {
    let body = concat!(
        "<w:p><w:del><w:r><w:delText>9</w:delText></w:r></w:del><w:ins><w:r><w:t>8</w:t></w:r></w:ins></w:p>",
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>",
        "<w:r><w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
        "<w:r><w:t>5</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
        "<w:sdt><w:sdtPr><w:alias w:val=\"a\"/><w:placeholder><w:docPart w:val=\"b\"/></w:placeholder></w:sdtPr>",
        "<w:sdtContent><w:p><w:r><w:t>控件</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐</w:t></w:r><w:r><w:t>显</w:t></w:r></w:p>",
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>甲</w:t></mc:Choice>",
        "<mc:Fallback><w:t>乙</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>",
        "<w:p><w:fldSimple w:instr=\"NUMPAGES\"><w:r><w:t>7</w:t></w:r></w:fldSimple></w:p>",
    );
    assert_eq!(view(body), "8\n5\n控件\n显\n甲\n7\n");
}

#[test]
fn entities_tabs_and_breaks() {
    let body =
        "<w:p><w:r><w:t>a&amp;b&#x4e00;</w:t><w:tab/><w:t>c</w:t><w:br/><w:t>d</w:t></w:r></w:p>";
    assert_eq!(view(body), "a&b一 c\nd\n");
}

#[test]
fn merged_cells_become_spans() {
    // 甲 spans two rows (vMerge), 乙 two columns (gridSpan)
    let row1 = format!(
        "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>{}</w:tc></w:tr>",
        p("甲"),
        p("乙")
    );
    let row2 = format!(
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>{}{}</w:tr>",
        tc(&p("1")),
        tc(&p("2"))
    );
    let xml = doc(&format!("<w:tbl>{row1}{row2}</w:tbl>"));
    let body = body::parse(&xml);
    let Some(Block::Table(t)) = body.blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
        panic!("a table");
    };
    let shape: Vec<Vec<(usize, usize)>> = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| (c.colspan, c.rowspan)).collect())
        .collect();
    assert_eq!(shape, [vec![(1, 2), (2, 1)], vec![(1, 1), (1, 1)]]);
    let placed = crate::reader::html::grid::place(t);
    assert_eq!(placed[1][0].col, 1);
    // the cell holding 2 is table 1, row 2, grid column 3
    let at = xml.find(">2<").unwrap() + 1;
    let place = body.places.find(Span::new(at, at + 1)).unwrap();
    assert_eq!(
        (place.table, place.row, place.column),
        (Some(1), Some(2), Some(3))
    );
    assert_eq!(place.row_text, " | 1 | 2");
}

#[test]
fn several_paragraphs_in_a_cell_are_one_cell() {
    let cell = format!("{}{}", p("本年"), p("新收"));
    assert_eq!(
        view(&format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            tc(&cell),
            tc(&p("4"))
        )),
        "本年新收 | 4\n"
    );
}

#[test]
fn an_empty_cell_takes_a_new_run() {
    let empty =
        "<w:p><w:pPr><w:jc w:val=\"center\"/><w:rPr><w:sz w:val=\"21\"/></w:rPr></w:pPr></w:p>";
    let rows = format!(
        "<w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr>",
        tc(&p("行")),
        tc(&p("1")),
        tc(&p("2")),
        tc(&p("空")),
        tc(empty),
        tc("<w:p/>")
    );
    let xml = doc(&format!("<w:tbl>{rows}</w:tbl>"));
    let d = read(&xml);
    assert_eq!(d.view.text, format!("行 | 1 | 2\n空 | {BLANK} | {BLANK}\n"));
    let blanks: Vec<usize> = d.view.text.match_indices(BLANK).map(|(i, _)| i).collect();
    let edit = |at: usize| Edit {
        span: Span::new(at, at),
        replacement: "5".into(),
    };
    let first = d.map_edit(&xml, &edit(blanks[0])).unwrap();
    assert_eq!(
        first[0].replacement,
        "<w:r><w:rPr><w:sz w:val=\"21\"/></w:rPr><w:t>5</w:t></w:r>"
    );
    assert!(xml[first[0].span.start..].starts_with("</w:p>"));
    let second = d.map_edit(&xml, &edit(blanks[1])).unwrap();
    assert_eq!(&xml[second[0].span.start..second[0].span.end], "<w:p/>");
    assert_eq!(second[0].replacement, "<w:p><w:r><w:t>5</w:t></w:r></w:p>");
}

#[test]
fn a_table_in_a_table_is_read_as_layout() {
    let inner = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc(&p("x")), tc(&p("1")));
    let outer = format!(
        "<w:tbl><w:tr>{}</w:tr></w:tbl>",
        tc(&format!("{}{inner}<w:p/>", p("导航")))
    );
    let v = view(&outer);
    assert!(v.contains("导航\n"), "{v:?}");
    assert!(v.contains("x | 1\n"), "{v:?}");
}

#[test]
fn malformed_xml_keeps_what_was_read() {
    let xml = format!("{HEAD}{}<w:p><w:r><w:t>b</w:x>", p("a"));
    assert_eq!(read(&xml).view.text, "a\nb\n");
    for junk in ["", "<", "&", "<w:tbl><w:tc>", "<w:t>x</w:t>", "\u{feff}<a>"] {
        read(junk);
    }
}

/// Found by fuzzing: quick-xml skips a byte order mark and counts positions after it, so every
/// span was 3 bytes early (a fix would have written 3 bytes before the cell's digits) and could
/// fall inside a character.
#[test]
fn a_byte_order_mark_keeps_the_spans_on_their_bytes() {
    let cell = "<w:p><w:r><w:t>12</w:t></w:r></w:p>";
    let xml = format!("\u{feff}{}", total_row(cell));
    assert_eq!(shown_12(&xml), ["12"]);
    // text before the root: its span used to end inside 本
    let odd = "\u{feff}ab<w:p><w:r><w:t>本年新收</w:t></w:r></w:p>";
    assert_eq!(read(odd).view.text, "本年新收\n");
}
