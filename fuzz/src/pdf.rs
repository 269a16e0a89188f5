//! AFL target for the PDF reader alone (issue 15): any bytes, read as a PDF. Besides "no
//! panic" (the reader runs the PDF crates under `catch_unwind`, so a panic reaching here is
//! the reader's own), an error is one line, and a PDF that reads gives a view whose places
//! are ordered spans of it on character boundaries, on pages that exist, and whose view the
//! engine analyses.

use nianbao::reader::pdf;

fn run(data: &[u8]) {
    let t = match pdf::read(data) {
        Ok(t) => t,
        Err(e) => {
            let line = e.to_string();
            assert!(!line.is_empty() && !line.contains('\n'), "{line:?}");
            return;
        }
    };
    let mut last = 0;
    for p in t.places.iter() {
        let s = p.span;
        assert!(
            s.start >= last && s.start <= s.end && s.end <= t.text.len(),
            "{s:?}"
        );
        assert!(t.text.is_char_boundary(s.start) && t.text.is_char_boundary(s.end));
        assert!(p.place.page.is_some_and(|n| n >= 1 && n <= t.pages));
        last = s.start;
    }
    nianbao::analyse(&t.text);
}

fn main() {
    if std::env::var_os("NIANBAO_FUZZ_REPLAY").is_some() {
        for path in std::env::args().skip(1) {
            run(&std::fs::read(&path).unwrap());
        }
        return;
    }
    afl::fuzz!(|data: &[u8]| run(data));
}
