//! Word packages for the tests (issue 15): a `word/document.xml` written by `relayout` put in a
//! minimal `.docx` as Word lays one out (content types, relationships, styles, properties; some
//! entries stored, some deflated, an archive comment), and the comparison of two packages
//! entry by entry, raw.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub const DOCUMENT_XML: &str = "word/document.xml";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="table" w:styleId="a3"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>年度报告</dc:title></cp:coreProperties>"#;

/// A `.docx` holding `xml` as its body.
pub fn package(xml: &str) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let entries: [(&str, &[u8], SimpleFileOptions); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes(), deflated),
        ("_rels/.rels", RELS.as_bytes(), stored),
        (DOCUMENT_XML, xml.as_bytes(), deflated),
        (
            "word/_rels/document.xml.rels",
            DOC_RELS.as_bytes(),
            deflated,
        ),
        ("word/styles.xml", STYLES.as_bytes(), deflated),
        ("docProps/core.xml", CORE.as_bytes(), stored),
    ];
    for (name, data, options) in entries {
        w.start_file(name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.set_comment("made by tests/wordfile").unwrap();
    w.finish().unwrap().into_inner()
}

/// One entry as stored: name, method, CRC, and its compressed bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct RawEntry {
    pub name: String,
    pub method: CompressionMethod,
    pub crc: u32,
    pub raw: Vec<u8>,
}

pub fn raw_entries(zip: &[u8]) -> Vec<RawEntry> {
    let mut a = ZipArchive::new(Cursor::new(zip)).unwrap();
    (0..a.len())
        .map(|i| {
            let mut e = a.by_index_raw(i).unwrap();
            let mut raw = Vec::new();
            let (name, method, crc) = (e.name().unwrap().to_string(), e.compression(), e.crc32());
            e.read_to_end(&mut raw).unwrap();
            RawEntry {
                name,
                method,
                crc,
                raw,
            }
        })
        .collect()
}

/// The inflated `word/document.xml` of a package.
pub fn document_xml(zip: &[u8]) -> String {
    let mut a = ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut s = String::new();
    a.by_name(DOCUMENT_XML)
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

pub fn comment(zip: &[u8]) -> Vec<u8> {
    ZipArchive::new(Cursor::new(zip))
        .unwrap()
        .comment()
        .to_vec()
}

/// Where two texts differ: the byte range in `a` and in `b` between their common prefix and
/// suffix.
pub fn changed_range(a: &str, b: &str) -> ((usize, usize), (usize, usize)) {
    let prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let suffix = a.as_bytes()[prefix..]
        .iter()
        .rev()
        .zip(b.as_bytes()[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    ((prefix, a.len() - suffix), (prefix, b.len() - suffix))
}
