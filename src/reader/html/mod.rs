//! HTML pages, read as documents: html5gum tokenizes the markup (a WHATWG tokenizer that gives
//! every tag and text its byte span), [`document`] turns tokens into prose and tables of cells,
//! [`grid`] places cells on their table's grid, and [`view`] writes the plain text the binder
//! reads, with a map back to the page's bytes. Markup never reaches the binder, so a page on
//! one line, one tag a line, Word's export or a web editor's all read the same.

pub mod document;
pub mod grid;
pub mod text;
pub mod view;

pub use view::{View, BLANK};

/// Is this text an HTML page (or an HTML fragment) rather than plain text? It starts with a
/// tag and has a tag that holds text or tables.
pub fn is_html(text: &str) -> bool {
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !t.starts_with('<') {
        return false;
    }
    let head = &t.as_bytes()[..t.len().min(1 << 16)];
    const TAGS: [&[u8]; 9] = [
        b"<!doctype",
        b"<html",
        b"<body",
        b"<table",
        b"<p",
        b"<div",
        b"<tr",
        b"<td",
        b"<meta",
    ];
    head.windows(9).any(|w| {
        TAGS.iter()
            .any(|tag| w[..tag.len()].eq_ignore_ascii_case(tag) && tag_ends(w, tag.len()))
    }) || TAGS.iter().any(|tag| {
        head.len() >= tag.len() && head[head.len() - tag.len()..].eq_ignore_ascii_case(tag)
    })
}

/// The byte after a tag name must end the name (`<p>` and `<p class`, not `<pre`-like words).
fn tag_ends(w: &[u8], n: usize) -> bool {
    w.get(n)
        .is_none_or(|b| matches!(b, b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/'))
        || w[..n].starts_with(b"<!")
}

/// Read an HTML page into its view.
pub fn read(src: &str) -> View {
    view::write(&document::parse(src), src.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_html() {
        assert!(is_html("<!DOCTYPE html><html>"));
        assert!(is_html("\u{feff}<P>正文</P>"));
        assert!(is_html("<table>\n<tr><td>1</td></tr>"));
        assert!(!is_html("一、总体情况\n<p>x</p>"));
        assert!(!is_html("<pre>"));
        assert!(!is_html("| <td> |"));
    }
}
