//! AFL target for the HTML reader alone (issue 14): any bytes, read as a page. Besides "no
//! panic", the view's map must hold: every character of the view maps to a stretch of the
//! page on character boundaries, in order, and a stretch the map calls exact is the page's own
//! bytes (the only stretches a fix may rewrite).

use nianbao::reader::html;
use nianbao::Span;

fn run(data: &[u8]) {
    let page = String::from_utf8_lossy(data);
    let view = html::read(&page);
    let mut last = 0;
    for (i, c) in view.text.char_indices() {
        let at = Span::new(i, i + c.len_utf8());
        let s = view.map.span(at);
        assert!(s.start <= s.end && s.end <= page.len(), "{at:?} → {s:?}");
        assert!(page.is_char_boundary(s.start) && page.is_char_boundary(s.end));
        assert!(s.start >= last || c == '\n' || c == ' ', "view order: {at:?} → {s:?}");
        last = last.max(s.start);
        if view.map.is_exact(at) {
            assert_eq!(&page[s.start..s.end], &view.text[at.start..at.end]);
        }
    }
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
