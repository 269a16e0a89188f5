//! The zip a `.docx` is, read from memory: its `word/document.xml` out, and written back with
//! that one entry replaced and every other entry copied raw (same compressed bytes, same
//! method, same order). Limits are checked while inflating, never taken from the headers alone:
//! a zip bomb declares small sizes.

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

/// The entry the body of a Word document is in.
pub const DOCUMENT_XML: &str = "word/document.xml";

/// The most `word/document.xml` may inflate to. A 100-page report's is a few megabytes.
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// The most entries a package may have. Word writes a few dozen; each image is one more.
pub const MAX_ENTRIES: usize = 10_000;

/// Why a file was not read as a Word document. Each says it in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// An OLE2 compound file: Word 97–2003 `.doc`, WPS's `.wps`.
    Legacy,
    /// Not a zip, or a zip whose directory or entry does not read.
    Broken(String),
    TooManyEntries(usize),
    NoDocument,
    /// The entry is encrypted, or compressed with a method other than stored or deflated.
    Unsupported(String),
    /// `word/document.xml` inflates (or declares it does) past [`MAX_XML_BYTES`].
    Bomb,
    /// `word/document.xml` inflates past the size its headers declare.
    Lying,
    NotUtf8,
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::Legacy => write!(f, "a legacy Word/WPS file (.doc, .wps): save it as .docx"),
            DocxError::Broken(why) => write!(f, "not a readable .docx (broken zip: {why})"),
            DocxError::TooManyEntries(n) => write!(
                f,
                "not read: the .docx holds {n} entries (the limit is {MAX_ENTRIES})"
            ),
            DocxError::NoDocument => write!(f, "not a Word document: no {DOCUMENT_XML} in the zip"),
            DocxError::Unsupported(why) => write!(f, "{DOCUMENT_XML} not read: {why}"),
            DocxError::Bomb => write!(
                f,
                "not read: {DOCUMENT_XML} inflates past {} MiB (a zip bomb?)",
                MAX_XML_BYTES >> 20
            ),
            DocxError::Lying => write!(
                f,
                "not read: {DOCUMENT_XML} inflates past the size its zip headers declare (a zip bomb?)"
            ),
            DocxError::NotUtf8 => write!(f, "{DOCUMENT_XML} is not UTF-8 text"),
        }
    }
}

impl std::error::Error for DocxError {}

/// The first bytes of an OLE2 compound file (`.doc`, `.wps`, `.xls`).
const OLE2_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

/// Is this a zip (what a `.docx` is)? Its first local header's signature.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Is this a Word 97–2003 or WPS file?
pub fn is_legacy(bytes: &[u8]) -> bool {
    bytes.starts_with(&OLE2_MAGIC)
}

fn broken(e: ZipError) -> DocxError {
    match e {
        ZipError::UnsupportedArchive(why) => DocxError::Unsupported(why.to_string()),
        e => DocxError::Broken(one_line(&e.to_string())),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn archive(bytes: &[u8]) -> Result<ZipArchive<Cursor<&[u8]>>, DocxError> {
    if is_legacy(bytes) {
        return Err(DocxError::Legacy);
    }
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    if archive.len() > MAX_ENTRIES {
        return Err(DocxError::TooManyEntries(archive.len()));
    }
    Ok(archive)
}

/// The text of `word/document.xml` in the `.docx` `bytes`.
pub fn document_xml(bytes: &[u8]) -> Result<String, DocxError> {
    let mut archive = archive(bytes)?;
    let index = archive
        .index_for_name(DOCUMENT_XML)
        .ok_or(DocxError::NoDocument)?;
    let entry = archive.by_index(index).map_err(broken)?;
    if entry.size() > MAX_XML_BYTES {
        return Err(DocxError::Bomb);
    }
    // the declared size is the bomb's to choose: count what actually comes out
    let mut out = Vec::with_capacity(entry.size().min(1 << 24) as usize);
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            // the zip crate stops an entry at its declared size, and says so
            let why = one_line(&e.to_string());
            if why.contains("declared") {
                DocxError::Lying
            } else {
                DocxError::Broken(why)
            }
        })?;
    if out.len() as u64 > MAX_XML_BYTES {
        return Err(DocxError::Bomb);
    }
    String::from_utf8(out).map_err(|_| DocxError::NotUtf8)
}

/// The `.docx` `original` with its `word/document.xml` replaced by `xml`: every other entry
/// copied raw, in its place; the document compressed with its original method and dated as it
/// was; the archive comment kept.
pub fn replace_document_xml(original: &[u8], xml: &str) -> Result<Vec<u8>, DocxError> {
    let mut archive = archive(original)?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(original.len() + 4096)));
    let mut found = false;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(broken)?;
        if entry.name_raw() != DOCUMENT_XML.as_bytes() {
            writer.raw_copy_file(entry).map_err(broken)?;
            continue;
        }
        found = true;
        let mut options = SimpleFileOptions::default()
            .compression_method(entry.compression())
            .large_file(xml.len() as u64 >= u64::from(u32::MAX));
        if let Some(t) = entry.last_modified() {
            options = options.last_modified_time(t);
        }
        if let Some(mode) = entry.unix_mode() {
            options = options.unix_permissions(mode);
        }
        drop(entry);
        writer.start_file(DOCUMENT_XML, options).map_err(broken)?;
        std::io::Write::write_all(&mut writer, xml.as_bytes())
            .map_err(|e| DocxError::Broken(one_line(&e.to_string())))?;
    }
    if !found {
        return Err(DocxError::NoDocument);
    }
    writer
        .set_raw_comment(archive.comment().into())
        .map_err(broken)?;
    Ok(writer.finish().map_err(broken)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::CompressionMethod;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            let o = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
            w.start_file(*name, o).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn the_document_is_read_and_replaced_alone() {
        let z = zip_of(&[
            ("a.xml", b"<a/>"),
            (DOCUMENT_XML, b"<w:document/>"),
            ("z", b"zz"),
        ]);
        assert_eq!(document_xml(&z).unwrap(), "<w:document/>");
        let out = replace_document_xml(&z, "<w:document>新</w:document>").unwrap();
        assert_eq!(document_xml(&out).unwrap(), "<w:document>新</w:document>");
        let mut a = ZipArchive::new(Cursor::new(&out[..])).unwrap();
        let names: Vec<_> = a.file_names().map(|n| n.unwrap().to_string()).collect();
        assert_eq!(names, ["a.xml", DOCUMENT_XML, "z"]);
        let mut s = String::new();
        a.by_name("z").unwrap().read_to_string(&mut s).unwrap();
        assert_eq!(s, "zz");
    }

    #[test]
    fn bad_packages_say_why_in_one_line() {
        let legacy = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(document_xml(&legacy), Err(DocxError::Legacy));
        assert!(matches!(
            document_xml(b"PK\x03\x04junk"),
            Err(DocxError::Broken(_))
        ));
        let z = zip_of(&[("word/other.xml", b"x")]);
        assert_eq!(document_xml(&z), Err(DocxError::NoDocument));
        let z = zip_of(&[(DOCUMENT_XML, b"\xff\xfe")]);
        assert_eq!(document_xml(&z), Err(DocxError::NotUtf8));
        for e in [DocxError::Legacy, DocxError::Bomb, DocxError::NoDocument] {
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn a_bomb_that_declares_a_small_size_is_refused() {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let o = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        w.start_file(DOCUMENT_XML, o).unwrap();
        w.write_all(&vec![b' '; 1 << 20]).unwrap();
        let mut z = w.finish().unwrap().into_inner();
        // the uncompressed size in the local header (offset 22) and the central directory's
        // (offset 24 from its signature) both say 100 bytes
        z[22..26].copy_from_slice(&100u32.to_le_bytes());
        let cd = z.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        z[cd + 24..cd + 28].copy_from_slice(&100u32.to_le_bytes());
        let got = document_xml(&z);
        assert!(
            matches!(
                got,
                Err(DocxError::Lying | DocxError::Bomb | DocxError::Broken(_))
            ),
            "{got:?}"
        );
    }

    #[test]
    fn a_bomb_is_refused_while_inflating() {
        // 65 MiB of zeros deflate to about 65 KB
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let o = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        w.start_file(DOCUMENT_XML, o).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..65 {
            w.write_all(&zeros).unwrap();
        }
        let z = w.finish().unwrap().into_inner();
        assert!(z.len() < 1 << 20);
        assert_eq!(document_xml(&z), Err(DocxError::Bomb));
    }
}
