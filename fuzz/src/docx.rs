//! AFL target for the Word reader (issue 15): any bytes, read either as a `word/document.xml`
//! (first byte even: the XML reader and the analysis, where nearly all of the code is) or as a
//! `.docx` package (first byte odd: the zip reader and its limits). Besides "no panic": every
//! span of the analysis lies in the XML on character boundaries, and every edit of a fix
//! replaces only characters of `w:t` text or writes a new run where a paragraph ends (the only
//! places a fix may touch in a Word file). Before fuzzing, a zip whose `document.xml`
//! inflates past the limit must be refused.

use std::io::{Cursor, Write};

use nianbao::reader::docx;

fn check_xml(xml: &str) {
    let analysis = nianbao::analyse_docx(xml);
    let ok = |s: nianbao::Span| {
        s.start <= s.end
            && s.end <= xml.len()
            && xml.is_char_boundary(s.start)
            && xml.is_char_boundary(s.end)
    };
    for f in &analysis.findings {
        assert!(ok(f.span), "{:?}", f.span);
        assert!(f.related.iter().all(|r| ok(r.span)));
        for e in f.fixes.iter().flat_map(|x| &x.edits) {
            assert!(ok(e.span), "{:?}", e.span);
            let old = &xml[e.span.start..e.span.end];
            let new_run = e.replacement.contains("<w:t>");
            // `>` may be text in XML (`<w:t>总></w:t>`); markup or an entity starts with
            // `<` or `&`, which an edit of text characters never covers
            assert!(
                new_run || !old.contains(['<', '&']),
                "an edit over markup: {old:?}"
            );
        }
    }
    let edits = nianbao::fix::fixable_edits(&analysis.findings, true);
    let (fixed, _) = nianbao::fix::apply_edits(xml, &edits);
    nianbao::analyse_docx(&fixed);
}

fn run(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        check_xml(&String::from_utf8_lossy(rest));
    } else if let Ok(xml) = docx::document_xml(rest) {
        check_xml(&xml);
        let _ = docx::replace_document_xml(rest, &xml);
    }
}

/// A package whose `document.xml` inflates to 65 MiB is refused, not read.
fn bomb_is_refused() {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file(docx::package::DOCUMENT_XML, o).unwrap();
    let block = vec![b'<'; 1 << 20];
    for _ in 0..65 {
        w.write_all(&block).unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    assert_eq!(docx::document_xml(&zip), Err(docx::DocxError::Bomb));
}

fn main() {
    bomb_is_refused();
    if std::env::var_os("NIANBAO_FUZZ_REPLAY").is_some() {
        for path in std::env::args().skip(1) {
            run(&std::fs::read(&path).unwrap());
        }
        return;
    }
    afl::fuzz!(|data: &[u8]| run(data));
}
