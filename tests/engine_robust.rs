//! No input makes the engine panic: arbitrary text, real reports cut at every character,
//! and real reports with lines deleted, duplicated, swapped or stuffed with separators.
//! Every finding's span lies on character boundaries inside the text.

mod support;

use proptest::prelude::*;

fn check(text: &str) {
    let a = nianbao::analyse(text);
    for f in &a.findings {
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "{f:?}"
        );
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        for fix in &f.fixes {
            for e in &fix.edits {
                assert!(
                    e.span.end <= text.len()
                        && text.is_char_boundary(e.span.start)
                        && text.is_char_boundary(e.span.end)
                );
            }
        }
    }
}

fn corpus_texts() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["seeds", "real"] {
        let mut files: Vec<_> = std::fs::read_dir(support::corpus(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for p in files {
            if p.is_file()
                && p.extension().is_some_and(|e| {
                    e != "tsv" && e != "md" || p.to_string_lossy().ends_with("009_hongze_2024.md")
                })
            {
                out.push(support::read(&p));
            }
        }
    }
    out
}

/// Found by the formatting proptest: an empty cell and a zero-width one before a number
/// (`| 49 |    || 4 |`) made two blank tokens out of order, and the fix deleting the extra
/// number sliced the text backwards.
#[test]
fn empty_cells_out_of_order_do_not_break_the_extra_number_fix() {
    let clean = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/clean.txt"))
        .unwrap();
    let text = clean.replace("（七）总计 | 49 | 4 |", "（七）总计 | 49 |    || 4 |");
    assert_ne!(text, clean);
    check(&text);
    let a = nianbao::analyse(&text);
    assert!(
        a.findings.iter().any(|f| f.code == "NB020"),
        "{:?}",
        a.findings
    );
}

#[test]
fn every_prefix_of_a_report_is_read_without_panic() {
    for text in corpus_texts().iter().take(5) {
        let mut ends: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7).collect();
        ends.push(text.len());
        for end in ends {
            check(&text[..end]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(s in "\\PC{0,400}") {
        check(&s);
    }

    #[test]
    fn table_like_noise(s in "([一二三四（）()0-9 |\\t\\n、.总计予以公开其他处理申请复议诉讼]{0,12}){0,60}") {
        check(&s);
    }

    #[test]
    fn mutated_reports(file in 0usize..19, ops in prop::collection::vec((0u8..6, any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..12)) {
        let texts = corpus_texts();
        let text = &texts[file % texts.len()];
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        for (op, a, b) in ops {
            if lines.is_empty() { break; }
            let i = a.index(lines.len());
            let j = b.index(lines.len());
            match op {
                0 => { lines.remove(i); }
                1 => { let l = lines[i].clone(); lines.insert(j, l); }
                2 => lines.swap(i, j),
                3 => lines[i].push_str(" | 9 | 0 |\t12"),
                4 => { let k = lines[i].char_indices().map(|(p, _)| p).nth(j % 7).unwrap_or(0); lines[i].insert_str(k, "１２３４５６７８９０"); }
                _ => lines[i] = lines[i].repeat(3),
            }
        }
        check(&lines.join("\n"));
    }
}

/// Bad pages (issue 14) and what fuzzing the HTML reader found: text misplaced in a table made
/// the view run backwards against the page (a finding's span came out inverted); `&#0` was
/// taken for its own bytes; a fix next to a literal `<` could turn text into a tag.
#[test]
fn bad_pages_are_read_without_panic_or_inverted_spans() {
    let row = "<tr><td>一、本年新收政府信息公开申请数量</td><td>1</td><td>0</td></tr>";
    let s3 = "三、收到和处理政府信息公开申请情况";
    let pages = [
        format!("<p>{s3}</p><table>{row}stray 12 text{row}</table><p>四、</p>"),
        format!(
            "<p>{s3}</p><table><tr><td rowspan=\"0\" colspan=\"9999\">x</td></tr>{row}</table>"
        ),
        format!("<p>{s3}</p><table><tr><td><table>{row}</table></td></tr></table>"),
        format!("<p>{s3}</p><table>{row}<tr><td>&#0</td><td>1 < 2</td></tr>"),
        format!("<P>{s3}<TABLE>{row}<TR><TD>a<td><!-- x --><script>1<2</script>"),
        "<p>".repeat(20_000),
        "<table>".repeat(2_000) + &"<tr><td>1".repeat(2_000),
        "<td colspan=99999999999999999999>".to_owned(),
        "<html><body></body></html>".to_owned(),
    ];
    for page in &pages {
        check(page);
        let view = nianbao::reader::html::read(page);
        for (i, c) in view.text.char_indices() {
            let at = nianbao::Span::new(i, i + c.len_utf8());
            let s = view.map.span(at);
            assert!(s.start <= s.end && s.end <= page.len());
            if view.map.is_exact(at) {
                assert_eq!(page[s.start..s.end], view.text[at.start..at.end]);
            }
        }
    }
}

/// A 10 MB page with no report in it is read (linearly) and gives no table. (A 50 MB one never
/// reaches the engine: the command line refuses files over 16 MB with a one-line error.)
#[test]
fn a_10_mb_page_without_a_report_is_no_report() {
    let page = format!(
        "<html><body>{}</body></html>",
        "<div><p>站点导航 新闻 政务</p></div>".repeat(200_000)
    );
    let a = nianbao::analyse(&page);
    assert!(a.report.tables.is_empty());
}

/// Found by fuzzing the Word reader: counts of 19 digits, each a valid `i64`, overflowed the sum
/// of a row's parts (a panic under overflow checks, a wrapped sum without). A count has at most
/// 15 digits; a longer number is no count.
#[test]
fn counts_too_long_to_add_are_not_read_as_counts() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/clean.txt"))
        .unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("（一）予以公开"))
        .expect("a row of 三 in the example");
    let huge = "| （一）予以公开 | 9000000000000000000 | 9000000000000000000 | 0 | 0 | 0 | 0 |  |";
    check(&text.replacen(line, huge, 1));
}
