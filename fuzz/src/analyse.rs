//! One AFL target, three ways to read the input (chosen by its first byte, so one corpus and
//! one queue serve all three):
//!
//! * `b % 3 == 0`: arbitrary bytes, through `nianbao::text::decode` then `analyse`;
//! * `b % 3 == 1`: arbitrary UTF-8 (the bytes, lossily decoded) straight into `analyse`;
//! * `b % 3 == 2`: structure-aware: the rest is a list of line operations (delete, duplicate,
//!   swap, replace a cell's digits, insert a dictionary token, run two lines together)
//!   applied to one of the bundled real reports.
//!
//! Besides "no panic", every run checks what the engine promises: spans inside the text on
//! character boundaries, fixes that apply and touch only their own bytes, and a re-analysis of
//! the fixed text that does not panic either.

use nianbao::fix::{apply_edits, fixable_edits};

const REPORTS: &[&str] = &[
    include_str!("../../tests/corpus/seeds/000_129bba510f05545a.txt"),
    include_str!("../../tests/corpus/seeds/001_7d7228ee9adc21b3.txt"),
    include_str!("../../tests/corpus/seeds/004_f1ad9a8ab402356f.txt"),
    include_str!("../../tests/corpus/real/003_pingtan_2021.txt"),
    include_str!("../../tests/corpus/real/006_hongze_2024.txt"),
    include_str!("../../tests/corpus/real/009_hongze_2024.md"),
    include_str!("../../tests/corpus/real/010_huaian_2024.txt"),
    include_str!("../../tests/corpus/real/014_pingtan_2025.html"),
    // HTML as Word exports it (zeros left blank) and as one line of styled spans: written by
    // tests/relayout from clean corpus reports (`DUMP=… cargo test --test layout_invariance dump`)
    include_str!("../data/word-blank.html"),
    include_str!("../data/spans-one-line.html"),
];

const TOKENS: &[&str] = &[
    "|",
    "\t",
    " | ",
    "（七）总计",
    "总计",
    "0",
    "1",
    "9",
    "12",
    "１２",
    "０",
    "三、",
    "四、",
    "五、",
    "二、",
    "1.",
    "（一）",
    "(二)",
    "本年新收",
    "上年结转",
    "予以公开",
    "\r\n",
    "\n",
    "\u{feff}",
    "<td>",
    "</td>",
    "<tr>",
    "-",
    "—",
    "/",
    "万",
    "％",
    "%",
    "<table>",
    "</table>",
    "<td rowspan=\"0\">",
    "<td colspan=\"9999\">",
    "<th>",
    "<TD>",
    "<p><span>",
    "&nbsp;",
    "&#x3000;",
    "&#160;",
    "&",
    "<!--",
    "-->",
    "<script>",
    "<br>",
    "<",
    ">",
];

fn check(text: &str) {
    let a = nianbao::analyse(text);
    for f in &a.findings {
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "{f:?}"
        );
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        for r in &f.related {
            assert!(r.span.end <= text.len() && text.is_char_boundary(r.span.start));
        }
        for fix in &f.fixes {
            for e in &fix.edits {
                assert!(
                    e.span.start <= e.span.end && e.span.end <= text.len(),
                    "{f:?}"
                );
                assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            }
        }
    }
    for include_suggested in [false, true] {
        let edits = fixable_edits(&a.findings, include_suggested);
        if edits.is_empty() {
            continue;
        }
        let (fixed, _) = apply_edits(text, &edits);
        if nianbao::reader::html::is_html(text) {
            // inside a page a fix rewrites text only: the markup is the same, tag for tag
            assert_eq!(markup(&fixed), markup(text), "{edits:?}");
        }
        // every byte outside the edits is kept: the text between edits is unchanged
        let mut sorted: Vec<_> = edits.iter().collect();
        sorted.sort_by_key(|e| e.span.start);
        assert!(fixed.starts_with(&text[..sorted[0].span.start]));
        assert!(fixed.ends_with(&text[sorted.last().unwrap().span.end..]));
        nianbao::analyse(&fixed);
    }
}

/// The markup of a page, as html5gum reads it: every tag with its attributes, every comment.
/// A fix inside a page rewrites text only, so this must not change.
fn markup(page: &str) -> Vec<String> {
    use html5gum::{Token, Tokenizer};
    Tokenizer::new(page)
        .flatten()
        .filter_map(|t| match t {
            Token::StartTag(t) => Some(format!("<{:?} {:?}>", t.name, t.attributes)),
            Token::EndTag(t) => Some(format!("</{:?}>", t.name)),
            Token::Comment(c) => Some(format!("<!--{:?}-->", c.value)),
            _ => None,
        })
        .collect()
}

fn structured(data: &[u8]) -> String {
    let (&pick, ops) = data.split_first().unwrap_or((&0, &[]));
    let mut lines: Vec<String> = REPORTS[pick as usize % REPORTS.len()]
        .split('\n')
        .map(str::to_owned)
        .collect();
    for op in ops.chunks(3) {
        let [kind, a, b] = [op[0], *op.get(1).unwrap_or(&0), *op.get(2).unwrap_or(&0)];
        if lines.is_empty() {
            break;
        }
        // spread one byte over the lines of tables 三 and 四 more than over the narrative
        let i = (a as usize * lines.len() / 256).min(lines.len() - 1);
        let j = (b as usize * lines.len() / 256).min(lines.len() - 1);
        match kind % 8 {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(j, l);
            }
            2 => lines.swap(i, j),
            3 => {
                // replace the b-th run of digits of the line by a new number
                let l = &lines[i];
                let runs: Vec<(usize, usize)> = digit_runs(l);
                if let Some(&(s, e)) = runs.get(b as usize % runs.len().max(1)) {
                    let n = (b as u32 * 37 + kind as u32) % 1000;
                    lines[i] = format!("{}{}{}", &l[..s], n, &l[e..]);
                }
            }
            4 => {
                let l = &lines[i];
                let at = l
                    .char_indices()
                    .map(|(p, _)| p)
                    .nth(b as usize % (l.chars().count() + 1))
                    .unwrap_or(l.len());
                let tok = TOKENS[(kind / 8) as usize % TOKENS.len()];
                lines[i].insert_str(at, tok);
            }
            5 => {
                // run two lines (or two cells) together
                if i + 1 < lines.len() {
                    let next = lines.remove(i + 1);
                    lines[i].push_str(&next);
                }
            }
            6 => {
                // digits run together: drop the separators of a line
                lines[i] = lines[i].replace(['|', '\t', ' '], "");
            }
            _ => {
                // a typo in a label: drop one character
                let l = &lines[i];
                if let Some((p, c)) = l.char_indices().nth(b as usize % (l.chars().count() + 1)) {
                    lines[i] = format!("{}{}", &l[..p], &l[p + c.len_utf8()..]);
                }
            }
        }
    }
    lines.join("\n")
}

fn digit_runs(l: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (p, c) in l.char_indices().chain(std::iter::once((l.len(), ' '))) {
        match (start, c.is_ascii_digit()) {
            (None, true) => start = Some(p),
            (Some(s), false) => {
                out.push((s, p));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn run(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        0 => {
            if let Ok(d) = nianbao::text::decode(rest) {
                check(&d.text);
            }
        }
        1 => check(&String::from_utf8_lossy(rest)),
        _ => check(&structured(rest)),
    }
}

fn main() {
    if std::env::var_os("NIANBAO_FUZZ_REPLAY").is_some() {
        // replay files given as arguments without AFL (for triage: cargo run --release -- FILE)
        for path in std::env::args().skip(1) {
            run(&std::fs::read(&path).unwrap());
        }
        return;
    }
    afl::fuzz!(|data: &[u8]| run(data));
}
