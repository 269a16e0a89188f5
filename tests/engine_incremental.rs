//! Incremental analysis (`Session`) gives exactly what a fresh analysis gives, after any
//! sequence of edits, and re-reads only the table regions an edit touched.

mod support;

use nianbao::Session;
use proptest::prelude::*;

fn same(a: &nianbao::Analysis, b: &nianbao::Analysis) -> bool {
    serde_json::to_value(&a.findings).unwrap() == serde_json::to_value(&b.findings).unwrap()
        && serde_json::to_value(&a.report).unwrap() == serde_json::to_value(&b.report).unwrap()
}

const FILES: &[&str] = &[
    "seeds/001_7d7228ee9adc21b3.txt",
    "seeds/003_00cf7cc126b6d59e.txt",
    "real/005_pingtan_2025.txt",
    "real/010_huaian_2024.txt",
    "real/014_pingtan_2025.html",
];

#[test]
fn a_keystroke_in_the_narrative_rereads_no_table() {
    let text = support::read(&support::corpus(FILES[0]));
    let mut s = Session::new();
    s.analyse(&text);
    let (reads, _) = s.region_counts();
    assert_eq!(reads, 3, "二, 三, 四 read once");
    let at = text.find("一、总体情况").unwrap() + "一、总体情况".len();
    let edited = format!("{}本年度，{}", &text[..at], &text[at..]);
    let a = s.analyse(&edited);
    assert_eq!(s.region_counts(), (3, 3), "every region reused");
    assert!(same(&a, &nianbao::analyse(&edited)));
    // an edit inside table 三 re-reads that region only
    let cell = edited.find("165 |").unwrap();
    let edited2 = format!("{}164{}", &edited[..cell], &edited[cell + 3..]);
    let b = s.analyse(&edited2);
    assert_eq!(s.region_counts(), (4, 5));
    assert!(same(&b, &nianbao::analyse(&edited2)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_edit_sequence_matches_a_fresh_analysis(
        file in 0usize..FILES.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..6, prop::sample::select(vec!["", "1", "0", "|", "\n", "（七）总计", "三、", " ", "件", "四、政府信息公开行政复议、行政诉讼情况\n"])), 1..12),
    ) {
        let mut text = support::read(&support::corpus(FILES[file]));
        let mut s = Session::new();
        s.analyse(&text);
        for (at, del, ins) in edits {
            let mut start = at.index(text.len() + 1);
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + del).min(text.len());
            while !text.is_char_boundary(end) { end += 1; }
            text.replace_range(start..end, ins);
            let inc = s.analyse(&text);
            prop_assert!(same(&inc, &nianbao::analyse(&text)));
        }
    }
}
