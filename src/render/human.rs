//! Findings for people, in the style of rustc and ruff:
//!
//! ```text
//! error[NB101]: 第三部分表格“一、本年新收政府信息公开申请数量”行：…
//!   --> examples/unbalanced.txt:31:52
//!    |
//! 31 | 一、本年新收政府信息公开申请数量 | 41 | 3 | 0 | 1 | 2 | 1 | 47 | |
//!    |                                                      ^^
//!    = help: 将“总计”改为48 (safe fix: `nianbao fix`)
//! ```
//!
//! Carets are placed in terminal columns: CJK characters take two, a tab four. A long line (real
//! reports often hold their whole body on one line) is cut to a window around the span.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use super::style::Role;
use super::{Source, Style};
use crate::finding::{Applicability, Finding, Severity};
use crate::span::Span;

/// A tab is shown as this many spaces (as rustc does), so carets below it line up.
const TAB_WIDTH: usize = 4;
/// Widest source excerpt shown, in terminal columns.
const MAX_LINE_WIDTH: usize = 100;
/// Columns of context kept before the span when a long line is cut.
const CONTEXT_BEFORE: usize = 30;
/// Marks where a long line was cut (ASCII: `…` is ambiguous-width in CJK terminals).
const CUT: &str = "...";

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub style: Style,
    /// Related locations shown as excerpts; the rest are counted in a note.
    pub max_related: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            style: Style::PLAIN,
            max_related: 6,
        }
    }
}

/// One finding: headline, location, the source line with its underline, related locations,
/// fixes. Ends with a blank line.
pub fn render_finding(src: &Source, finding: &Finding, opts: &Options) -> String {
    let style = opts.style;
    let primary = excerpt(src, finding.span);
    let shown_related: Vec<_> = finding.related.iter().take(opts.max_related).collect();
    let related: Vec<_> = shown_related.iter().map(|r| excerpt(src, r.span)).collect();
    let widest_line = related
        .iter()
        .chain([&primary])
        .map(|e| e.line + 1)
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(widest_line.to_string().len());
    let bar = style.paint(Role::Gutter, "|");

    let mut out = String::new();
    let sev = Role::Severity(finding.severity);
    let _ = writeln!(
        out,
        "{}{}",
        style.paint(
            sev,
            &format!("{}[{}]", finding.severity.as_str(), finding.code)
        ),
        style.paint(Role::Message, &format!(": {}", finding.message)),
    );
    let range = src.range(finding.span);
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        style.paint(Role::Gutter, "-->"),
        src.path,
        range.line,
        range.column
    );
    let _ = writeln!(out, "{pad} {bar}");
    write_excerpt(&mut out, &primary, &pad, '^', sev, "", style);
    for (rel, ex) in shown_related.iter().zip(&related) {
        let _ = writeln!(out, "{pad} {bar}");
        write_excerpt(&mut out, ex, &pad, '-', Role::Note, &rel.message, style);
    }
    let eq = style.paint(Role::Gutter, "=");
    let hidden = finding.related.len() - shown_related.len();
    if hidden > 0 {
        let _ = writeln!(
            out,
            "{pad} {eq} {}: {hidden} more related location{} (`--format json` lists all)",
            style.paint(Role::Note, "note"),
            plural(hidden)
        );
    }
    for fix in &finding.fixes {
        let how = match fix.applicability {
            Applicability::Safe => "safe fix: `nianbao fix`",
            Applicability::Suggested => "suggested fix: `nianbao fix --unsafe`",
        };
        let _ = writeln!(
            out,
            "{pad} {eq} {}: {} ({how})",
            style.paint(Role::Help, "help"),
            fix.title
        );
    }
    out.push('\n');
    out
}

fn write_excerpt(
    out: &mut String,
    ex: &Excerpt,
    pad: &str,
    mark: char,
    role: Role,
    label: &str,
    style: Style,
) {
    let bar = style.paint(Role::Gutter, "|");
    let number = format!("{:>width$}", ex.line + 1, width = pad.len());
    let _ = writeln!(
        out,
        "{} {bar} {}",
        style.paint(Role::Gutter, &number),
        ex.text
    );
    let marks: String = std::iter::repeat_n(mark, ex.underline_width).collect();
    let label = if label.is_empty() {
        String::new()
    } else {
        format!(" {label}")
    };
    let _ = writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(ex.underline_start),
        style.paint(role, &format!("{marks}{label}"))
    );
}

/// A source line as shown on a terminal, with where the underline goes (in columns).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Excerpt {
    /// 0-based line number.
    line: usize,
    text: String,
    underline_start: usize,
    underline_width: usize,
}

/// One character as displayed.
struct Glyph {
    shown: String,
    width: usize,
    start: usize,
}

fn glyph(c: char, start: usize) -> Glyph {
    let (shown, width) = match c {
        '\t' => (" ".repeat(TAB_WIDTH), TAB_WIDTH),
        // a form feed (page break of PDF text), a lone CR, other controls: one blank column
        c if c.is_control() => (" ".to_owned(), 1),
        c => (c.to_string(), c.width().unwrap_or(0)),
    };
    Glyph {
        shown,
        width,
        start,
    }
}

/// The line holding `span.start`, cut to [`MAX_LINE_WIDTH`] around the span. A span running
/// past its line is underlined to the line's end; an empty span gets one caret.
fn excerpt(src: &Source, span: Span) -> Excerpt {
    let line = src.lines.line_of(span.start);
    let (line_start, line_end) = src.lines.line_span(src.text, line);
    let start = span.start.clamp(line_start, line_end);
    let end = span.end.clamp(start, line_end);
    let glyphs: Vec<Glyph> = src.text[line_start..line_end]
        .char_indices()
        .map(|(i, c)| glyph(c, line_start + i))
        .collect();
    let column_of = |byte: usize| -> usize {
        glyphs
            .iter()
            .take_while(|g| g.start < byte)
            .map(|g| g.width)
            .sum()
    };
    let (under_start, under_end) = (column_of(start), column_of(end));
    let total: usize = glyphs.iter().map(|g| g.width).sum();

    if total <= MAX_LINE_WIDTH {
        return Excerpt {
            line,
            text: glyphs.iter().map(|g| g.shown.as_str()).collect(),
            underline_start: under_start,
            underline_width: (under_end - under_start).max(1),
        };
    }

    // Cut: keep a window of `budget` columns that starts a little before the span.
    let budget = MAX_LINE_WIDTH - 2 * CUT.len();
    let mut from = under_start.saturating_sub(CONTEXT_BEFORE);
    if from + budget > total {
        from = total.saturating_sub(budget);
    }
    let mut text = String::new();
    let (mut column, mut first, mut last) = (0, None, 0);
    for g in &glyphs {
        let next = column + g.width;
        if column >= from && next <= from + budget {
            first.get_or_insert(column);
            text.push_str(&g.shown);
            last = next;
        }
        column = next;
    }
    let first = first.unwrap_or(from);
    let prefix = if first > 0 { CUT } else { "" };
    let suffix = if last < total { CUT } else { "" };
    let underline_start = prefix.len() + under_start.clamp(first, last) - first;
    let visible_end = under_end.clamp(first, last);
    Excerpt {
        line,
        text: format!("{prefix}{text}{suffix}"),
        underline_start,
        underline_width: visible_end.saturating_sub(under_start.max(first)).max(1),
    }
}

/// Findings counted by severity and by fix, for the closing summary and the exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub information: usize,
    pub hints: usize,
    /// Findings with a safe fix (`nianbao fix` applies it).
    pub safe_fixes: usize,
    /// Findings whose only fixes are suggested (`nianbao fix --unsafe`).
    pub suggested_fixes: usize,
}

impl Tally {
    pub fn add(&mut self, findings: &[Finding]) {
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Information => self.information += 1,
                Severity::Hint => self.hints += 1,
            }
            if f.fixes
                .iter()
                .any(|x| x.applicability == Applicability::Safe)
            {
                self.safe_fixes += 1;
            } else if !f.fixes.is_empty() {
                self.suggested_fixes += 1;
            }
        }
    }

    /// Findings that make `nianbao check` exit 1: anything but hints.
    pub fn failing(&self) -> usize {
        self.errors + self.warnings + self.information
    }

    pub fn total(&self) -> usize {
        self.failing() + self.hints
    }
}

/// The closing lines: `Checked 3 files: 2 errors, 1 warning, 0 information, 1 hint.`
pub fn render_summary(tally: &Tally, style: Style) -> String {
    let files = format!("{} file{}", tally.files, plural(tally.files));
    let mut out = if tally.total() == 0 {
        format!("Checked {files}: no findings.\n")
    } else {
        format!(
            "Checked {files}: {}, {}, {}, {}.\n",
            style.paint(
                Role::Severity(Severity::Error),
                &count(tally.errors, "error")
            ),
            style.paint(
                Role::Severity(Severity::Warning),
                &count(tally.warnings, "warning")
            ),
            style.paint(
                Role::Severity(Severity::Information),
                &format!("{} information", tally.information)
            ),
            style.paint(Role::Severity(Severity::Hint), &count(tally.hints, "hint")),
        )
    };
    if tally.safe_fixes > 0 {
        let _ = writeln!(
            out,
            "{} fixable with `nianbao fix` (`nianbao fix --diff` shows the changes first).",
            count(tally.safe_fixes, "finding")
        );
    }
    if tally.suggested_fixes > 0 {
        let _ = writeln!(
            out,
            "{} a suggested fix: review it, then `nianbao fix --unsafe`.",
            match tally.suggested_fixes {
                1 => "1 finding has".to_owned(),
                n => format!("{n} findings have"),
            }
        );
    }
    out
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Edit, Fix, Related};

    const REPORT: &str = "三、收到和处理政府信息公开申请情况\n\
(七)总计 | 165 | 6 | 0 | 0 | 6 | 0 | 177 | |\n\
(一)予以公开\t60\t0\t0\t0\t0\t0\t60\n";

    fn span_of(text: &str, needle: &str) -> Span {
        let at = text.find(needle).unwrap();
        Span::new(at, at + needle.len())
    }

    /// The `index`th underline row (gutter included).
    fn underline_row(rendered: &str, index: usize) -> &str {
        rendered
            .lines()
            .filter(|l| l.trim_start().starts_with('|') && (l.contains('^') || l.contains('-')))
            .nth(index)
            .unwrap()
    }

    #[test]
    fn carets_count_cjk_characters_as_two_columns() {
        let span = span_of(REPORT, "165");
        let finding = Finding::new("NB102", Severity::Error, span, "消息");
        let out = render_finding(&Source::new("r.txt", REPORT), &finding, &Options::default());
        // `(七)总计 | ` is 1+2+1+2+2+1+1+1 = 11 columns wide
        assert!(out.contains("2 | (七)总计 | 165 |"), "{out}");
        let under = underline_row(&out, 0);
        assert_eq!(under, format!("  | {}^^^", " ".repeat(11)));
        assert!(out.contains(" --> r.txt:2:9\n"), "{out}");
    }

    #[test]
    fn carets_under_a_cjk_span_cover_its_width() {
        let span = span_of(REPORT, "总计");
        let finding = Finding::new("NB030", Severity::Information, span, "m");
        let out = render_finding(&Source::new("r.txt", REPORT), &finding, &Options::default());
        assert_eq!(underline_row(&out, 0), format!("  | {}^^^^", " ".repeat(4)));
    }

    #[test]
    fn tabs_are_expanded_before_placing_carets() {
        let line_start = REPORT.find("(一)").unwrap();
        let at = line_start + REPORT[line_start..].find("\t60").unwrap() + 1;
        let finding = Finding::new("NB101", Severity::Error, Span::new(at, at + 2), "m");
        let out = render_finding(&Source::new("r.txt", REPORT), &finding, &Options::default());
        assert!(out.contains("3 | (一)予以公开    60    0"), "{out}");
        // `(一)予以公开` is 1+2+1+8 = 12 columns, then a tab of 4
        assert_eq!(underline_row(&out, 0), format!("  | {}^^", " ".repeat(16)));
    }

    #[test]
    fn empty_span_gets_one_caret() {
        let at = REPORT.find("| |").unwrap() + 1;
        let finding = Finding::new("NB025", Severity::Warning, Span::new(at, at), "m");
        let out = render_finding(&Source::new("r.txt", REPORT), &finding, &Options::default());
        assert!(underline_row(&out, 0).ends_with(" ^"), "{out}");
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!("{}总计 999 件{}", "字".repeat(300), "尾".repeat(300));
        let finding = Finding::new("NB501", Severity::Warning, span_of(&text, "999"), "m");
        let out = render_finding(&Source::new("r.txt", &text), &finding, &Options::default());
        let source_row = out.lines().find(|l| l.starts_with("1 | ")).unwrap();
        let shown = &source_row["1 | ".len()..];
        assert!(shown.starts_with("...") && shown.ends_with("..."), "{out}");
        assert!(unicode_width::UnicodeWidthStr::width(shown) <= MAX_LINE_WIDTH);
        let under = underline_row(&out, 0);
        let caret_col = under.find('^').unwrap() - "  | ".len();
        let before = &shown[..shown.find("999").unwrap()];
        assert_eq!(caret_col, unicode_width::UnicodeWidthStr::width(before));
    }

    #[test]
    fn related_locations_and_fixes_are_listed() {
        let finding = Finding::new(
            "NB102",
            Severity::Error,
            span_of(REPORT, "165"),
            "自然人栏不一致",
        )
        .with_related(vec![Related {
            span: span_of(REPORT, "60"),
            message: "计入之和".into(),
        }])
        .with_fix(Fix {
            title: "将“（七）总计”自然人栏改为60".into(),
            applicability: Applicability::Suggested,
            edits: vec![Edit {
                span: span_of(REPORT, "165"),
                replacement: "60".into(),
            }],
        });
        let out = render_finding(&Source::new("r.txt", REPORT), &finding, &Options::default());
        insta::assert_snapshot!(out);
    }

    #[test]
    fn many_related_locations_are_counted() {
        let rel = Related {
            span: span_of(REPORT, "60"),
            message: "计入之和".into(),
        };
        let finding = Finding::new("NB102", Severity::Error, span_of(REPORT, "165"), "m")
            .with_related(vec![rel; 9]);
        let opts = Options {
            max_related: 2,
            ..Options::default()
        };
        let out = render_finding(&Source::new("r.txt", REPORT), &finding, &opts);
        assert!(out.contains("= note: 7 more related locations"), "{out}");
    }

    #[test]
    fn colour_only_when_asked() {
        let finding = Finding::new("NB102", Severity::Error, span_of(REPORT, "165"), "m");
        let plain = render_finding(&Source::new("r.txt", REPORT), &finding, &Options::default());
        assert!(!plain.contains('\x1b'));
        let opts = Options {
            style: Style::COLOR,
            ..Options::default()
        };
        let coloured = render_finding(&Source::new("r.txt", REPORT), &finding, &opts);
        assert!(coloured.contains("\x1b[1;31merror[NB102]\x1b[0m"));
    }

    #[test]
    fn summary_counts_by_severity() {
        let mut tally = Tally {
            files: 2,
            ..Tally::default()
        };
        let f = |sev| Finding::new("NB000", sev, Span::new(0, 0), "m");
        tally.add(&[f(Severity::Error), f(Severity::Error), f(Severity::Hint)]);
        assert_eq!(tally.failing(), 2);
        assert_eq!(
            render_summary(&tally, Style::PLAIN),
            "Checked 2 files: 2 errors, 0 warnings, 0 information, 1 hint.\n"
        );
        let clean = Tally {
            files: 1,
            ..Tally::default()
        };
        assert_eq!(
            render_summary(&clean, Style::PLAIN),
            "Checked 1 file: no findings.\n"
        );
    }

    proptest::proptest! {
        /// Any span over any text renders without panicking, in both renderers, with one caret
        /// row per excerpt.
        #[test]
        fn any_span_renders(
            text in "[a-z0-9|\\t\\r\\n\u{c} 总计（）一二三𠀀\u{301}]{0,300}",
            a in 0usize..400,
            b in 0usize..400,
        ) {
            let (start, end) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
            let start = crate::text::floor_char_boundary(&text, start);
            let end = crate::text::floor_char_boundary(&text, end);
            let span = Span::new(start, end);
            let finding = Finding::new("NB101", Severity::Error, span, "m")
                .with_related(vec![Related { span, message: "r".into() }]);
            let src = Source::new("p.txt", &text);
            let out = render_finding(&src, &finding, &Options::default());
            proptest::prop_assert_eq!(out.lines().filter(|l| l.contains('^')).count(), 1);
            let json = super::super::json::render_findings(&src, &[finding]);
            proptest::prop_assert!(serde_json::from_str::<serde_json::Value>(json.trim_end()).is_ok());
        }
    }
}
