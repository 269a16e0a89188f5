//! PDF reports (issue 15): the real WPS-made PDF of 洪泽区 2024 reads as its four text forms
//! (tests/corpus/real/006–009, which agree among themselves: same cells, same findings), the
//! LibreOffice-made PDFs of tests/corpus/pdf read as their sources, and bad PDFs are one-line
//! errors, never panics.

mod support;

use nianbao::reader::pdf::{self, PdfError, MAX_PAGES};
use nianbao::Analysis;

fn corpus_pdf(name: &str) -> Vec<u8> {
    std::fs::read(support::corpus(&format!("pdf/{name}"))).unwrap()
}

fn analyse_pdf(name: &str) -> (pdf::PdfText, Analysis) {
    let t = pdf::read(&corpus_pdf(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let a = nianbao::analyse(&t.text);
    (t, a)
}

/// Every bound cell of every table, by table kind and cell id.
fn cells(a: &Analysis) -> Vec<(String, String, Option<i64>)> {
    let mut out = Vec::new();
    for t in &a.report.tables {
        for (at, c) in t.cells() {
            out.push((format!("{:?}", t.kind()), t.template.cell_id(at), c.int()));
        }
    }
    out
}

fn codes(a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a.findings.iter().map(|f| f.code.to_string()).collect();
    v.sort();
    v
}

#[test]
fn the_real_pdf_reads_as_its_four_text_forms() {
    let (_, from_pdf) = analyse_pdf("hongze_2024.pdf");
    assert_eq!(codes(&from_pdf), ["NB003", "NB004", "NB030", "NB501"]);
    let texts = [
        "006_hongze_2024.txt",
        "007_hongze_2024.txt",
        "008_hongze_2024.txt",
        "009_hongze_2024.md",
    ];
    for f in texts {
        let a = support::analyse_file(&support::corpus(&format!("real/{f}")));
        assert_eq!(cells(&from_pdf), cells(&a), "{f}");
        assert_eq!(codes(&from_pdf), codes(&a), "{f}");
        assert_eq!(
            (from_pdf.report.year, &from_pdf.report.organ),
            (a.report.year, &a.report.organ),
            "{f}"
        );
    }
    // 二's four tables, 三 and 四
    assert_eq!(from_pdf.report.tables.len(), 6);
}

#[test]
fn the_view_rebuilds_the_grid() {
    let (t, _) = analyse_pdf("hongze_2024.pdf");
    let lines: Vec<&str> = t.text.lines().collect();
    // the vertical heading of the merged cell, read top to bottom, heads its first row
    assert!(lines.contains(&"三、本年度办理结果 | （一）予以公开 | 50 | 0 | 0 | 0 | 0 | 0 | 50"));
    // a label wrapped in its cell is one cell; the page's number is gone; 四 in 15 cells
    assert!(lines.contains(&"5.要求行政机关确认或重 新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0"));
    assert!(!lines.iter().any(|l| l.trim() == "-3-"));
    assert!(lines.contains(&"1 | 1 | 0 | 0 | 2 | 1 | 0 | 0 | 0 | 1 | 2 | 0 | 1 | 0 | 3"));
    // the table continued on page 4 follows page 3's rows
    let at = |s: &str| lines.iter().position(|l| l.starts_with(s)).unwrap();
    assert_eq!(at("2.没有现成信息"), at("（四）无法提供") + 1);
}

#[test]
fn a_finding_is_placed_on_its_page_row_and_glyphs() {
    let (t, a) = analyse_pdf("hongze_2024.pdf");
    let f = a.findings.iter().find(|f| f.code == "NB030").unwrap();
    let p = t.places.find(f.span).unwrap();
    assert_eq!(p.page, Some(3));
    assert!(
        p.row_text.starts_with("2.其他法律行政止公开 | 0"),
        "{}",
        p.row_text
    );
    // the cell 95 of 一 (总计): its glyph box on page 3, in points from the bottom left
    let s3 = a.report.table(nianbao::template::TableKind::S3).unwrap();
    let (_, cell) = s3.cells().find(|(_, c)| c.int() == Some(95)).unwrap();
    let p = t.places.find(cell.span).unwrap();
    assert_eq!((p.page, p.column), (Some(3), Some(4)));
    let b = p.bbox.unwrap();
    assert!(
        b[0] > 300.0 && b[2] < 345.0 && b[1] > 300.0 && b[3] < 360.0,
        "{b:?}"
    );
}

#[test]
fn libreoffice_pdfs_read_as_their_sources() {
    for (name, want) in [
        ("example_clean.pdf", vec![]),
        ("real010_huaian_2024.pdf", vec![]),
        ("real006_hongze_2024.pdf", vec!["NB003", "NB004", "NB501"]),
        // only a permissions password: read through the empty user password
        ("encrypted-owner-only.pdf", vec![]),
    ] {
        let (_, a) = analyse_pdf(name);
        assert_eq!(codes(&a), want, "{name}");
    }
    let (_, a) = analyse_pdf("real010_huaian_2024.pdf");
    let t = support::analyse_file(&support::corpus("real/010_huaian_2024.txt"));
    assert_eq!(cells(&a), cells(&t));
}

/// A PDF from its objects (numbered from 1; object 1 the catalog), with a correct xref table.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let trailer = format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(trailer.as_bytes());
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// One page with `content` and `resources`, then `extra` objects (numbered from 5).
fn one_page(content: &[u8], resources: &str, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources {resources} >>").into_bytes(),
        stream("", content),
    ];
    objects.extend_from_slice(extra);
    pdf_of(&objects)
}

const HELVETICA: &str = "<< /Font << /F1 5 0 R >> >>";

fn helvetica() -> Vec<u8> {
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec()
}

fn error(bytes: &[u8]) -> PdfError {
    match pdf::read(bytes) {
        Ok(t) => panic!("read: {:?}", t.text),
        Err(e) => {
            let line = e.to_string();
            assert!(!line.contains('\n') && !line.is_empty(), "{line}");
            e
        }
    }
}

#[test]
fn a_hand_written_pdf_reads() {
    let bytes = one_page(
        b"BT /F1 12 Tf 72 720 Td (Hello 2024) Tj ET",
        HELVETICA,
        &[helvetica()],
    );
    let t = pdf::read(&bytes).unwrap();
    assert_eq!(t.text, "Hello 2024\n");
    let p = t.places.find(nianbao::Span::new(6, 10)).unwrap();
    assert_eq!((p.page, p.row), (Some(1), Some(1)));
}

#[test]
fn bad_pdfs_are_one_line_errors() {
    assert!(matches!(
        error(&corpus_pdf("bad-encrypted.pdf")),
        PdfError::Encrypted(_)
    ));
    assert_eq!(error(&corpus_pdf("bad-image-only.pdf")), PdfError::NoText);
    assert!(matches!(
        error(&corpus_pdf("bad-truncated.pdf")),
        PdfError::Broken(_)
    ));
    assert!(matches!(error(b"not a pdf"), PdfError::Broken(_)));
    assert!(matches!(
        error(b"%PDF-1.7\n1 0 obj <<"),
        PdfError::Broken(_)
    ));
    assert!(matches!(error(&[]), PdfError::Broken(_)));
    // drawn lines and no text
    assert_eq!(
        error(&one_page(b"0 0 m 100 100 l S", "<< >>", &[])),
        PdfError::NoText
    );
    assert_eq!(
        error(&corpus_pdf("bad-image-only.pdf")).to_string(),
        "no text layer: OCR it first"
    );
}

#[test]
fn an_encrypted_pdf_says_so() {
    let mut bytes = one_page(
        b"BT /F1 12 Tf 72 720 Td (x) Tj ET",
        HELVETICA,
        &[helvetica()],
    );
    let at = bytes.windows(7).rposition(|w| w == b"/Root 1").unwrap();
    let enc = b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >> ";
    bytes.splice(at..at, enc.iter().copied());
    let e = error(&bytes);
    assert!(e.to_string().starts_with("encrypted: "), "{e}");
}

#[test]
fn too_many_pages_are_refused_fast() {
    let t0 = std::time::Instant::now();
    let e = error(&corpus_pdf("bad-2000-pages.pdf"));
    assert_eq!(
        e,
        PdfError::TooLarge(format!("more than {MAX_PAGES} pages"))
    );
    assert!(t0.elapsed().as_secs_f64() < 2.0, "{:?}", t0.elapsed());
    // and a hand-made one: 2,000 page objects in one flat tree
    let n = 2000;
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
    ];
    objects.extend(
        (0..n).map(|_| b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec()),
    );
    assert!(matches!(error(&pdf_of(&objects)), PdfError::TooLarge(_)));
}

#[test]
fn a_stream_bomb_is_refused_before_it_is_inflated() {
    let zeros = vec![b' '; (pdf::MAX_INFLATED) + 1024];
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9);
    assert!(packed.len() < 200_000);
    let mut bytes = one_page(b"", HELVETICA, &[helvetica()]);
    // the page's content is the bomb
    let at = bytes.windows(9).position(|w| w == b"4 0 obj\n<").unwrap();
    let end = at + bytes[at..].windows(6).position(|w| w == b"endobj").unwrap();
    let mut obj = b"4 0 obj\n".to_vec();
    obj.extend(stream("/Filter /FlateDecode", &packed));
    obj.push(b'\n');
    bytes.splice(at..end, obj);
    let e = error(&bytes);
    assert!(matches!(e, PdfError::TooLarge(_)), "{e}");
    assert_eq!(e.to_string(), "too large: its streams inflate past 64 MiB");
}

#[test]
fn a_form_drawing_itself_is_refused_not_a_stack_overflow() {
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>",
        b"/X Do",
    );
    let bytes = one_page(b"/X Do", "<< /XObject << /X 5 0 R >> >>", &[form]);
    assert!(matches!(error(&bytes), PdfError::Broken(_)));
    // a thousand forms each drawing the next twice: 2^1000 draws
    let mut extra = Vec::new();
    for i in 0..40 {
        let next = if i < 39 {
            format!("/XObject << /X {} 0 R >>", i + 6)
        } else {
            String::new()
        };
        extra.push(stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << {next} >>"),
            if i < 39 {
                b"/X Do /X Do"
            } else {
                b"0 0 m 1 1 l S"
            },
        ));
    }
    let bytes = one_page(b"/X Do", "<< /XObject << /X 5 0 R >> >>", &extra);
    assert!(matches!(error(&bytes), PdfError::TooLarge(_)));
}

/// Found by fuzzing: the crate draws any stream a `Do` names, not only forms — here the page's
/// own content stream, listed as an XObject.
#[test]
fn a_page_drawing_its_own_content_is_refused_not_a_stack_overflow() {
    let bytes = one_page(b"/X Do", "<< /XObject << /X 4 0 R >> >>", &[]);
    assert!(matches!(error(&bytes), PdfError::Broken(_)));
}

/// Found by fuzzing: a page that is its own /Parent and lacks /MediaBox made pdf-extract climb
/// for the inherited box for ever (it has its /Resources, so the resources' lookup ended).
#[test]
fn a_page_that_is_its_own_parent_is_refused_not_a_hang() {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 3 0 R /Contents 4 0 R /Resources {HELVETICA} >>")
            .into_bytes(),
        stream("", b"BT /F1 12 Tf 72 720 Td (x) Tj ET"),
        helvetica(),
    ];
    let e = error(&pdf_of(&objects));
    assert_eq!(
        e.to_string(),
        "broken PDF: the page tree's /Parent chain does not end"
    );
}

#[test]
fn a_panic_in_the_crate_is_an_error() {
    // a Type0 font without descendant fonts: pdf-extract `expect`s them (run with --nocapture:
    // no panic message is printed, guard::quietly silences it)
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H >>".to_vec();
    let bytes = one_page(b"BT /F1 12 Tf 72 720 Td <0001> Tj ET", HELVETICA, &[font]);
    let e = error(&bytes);
    assert!(e.to_string().starts_with("broken PDF: page 1: "), "{e}");
}
