//! Findings for people, in the style of rustc and ruff:
//!
//! ```text
//! error[NB101]: 第三部分表格“1.本机关不掌握相关政府信息”行：各类申请人之和为12，与“总计”13不一致（相差1）。“1.本机关不掌握相关政府信息”总计栏应为12。
//!   --> examples/unbalanced.txt:41:52
//!    |
//! 41 | （四）无法提供 | 1.本机关不掌握相关政府信息 | 9 | 2 | 0 | 0 | 0 | 1 | 13 | |
//!    |                                               -   -   -   -   -   -   ^^
//!    |                                               自然人：9
//!    |                                               商业企业：2
//!    |                                               科研机构：0
//!    |                                               社会公益组织：0
//!    |                                               法律服务机构：0
//!    |                                               其他：1
//!    |                                               总计：13
//!    = help: 将“1.本机关不掌握相关政府信息”总计栏改为12 (safe fix: `nianbao fix`)
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

/// One finding: headline, location, the source line with its underline, related locations
/// (grouped by line: a line is printed once with all its marks), fixes. Ends with a blank line.
pub fn render_finding(src: &Source, finding: &Finding, opts: &Options) -> String {
    render_finding_with_notes(src, finding, opts, &[])
}

/// As [`render_finding`], with `= note:` lines before the fixes (a location in another file,
/// which cannot be shown as an excerpt of this one).
pub fn render_finding_with_notes(
    src: &Source,
    finding: &Finding,
    opts: &Options,
    notes: &[String],
) -> String {
    if src.places.is_some() {
        return render_placed(src, finding, opts, notes);
    }
    let style = opts.style;
    let Shown { groups, hidden } = shown_lines(src, finding, opts.max_related);
    let widest_line = groups.iter().map(|g| g.line + 1).max().unwrap_or(1);
    let pad = " ".repeat(widest_line.to_string().len());
    let bar = style.paint(Role::Gutter, "|");

    let mut out = String::new();
    let sev = Role::Severity(finding.severity);
    write_headline(&mut out, src, finding, &pad, style);
    for group in &groups {
        let _ = writeln!(out, "{pad} {bar}");
        write_group(&mut out, src, group, &pad, sev, style);
    }
    write_footer(&mut out, finding, &pad, hidden, notes, style);
    out.push('\n');
    out
}

/// A finding in a document shown by places (a Word file): `path: 表3 第12行 第2列:
/// error[NB101]: message`, the row's text, then each related place with its row's text and
/// message, at most `max_related` (the last kept: the stated total).
fn render_placed(src: &Source, finding: &Finding, opts: &Options, notes: &[String]) -> String {
    let style = opts.style;
    let bar = style.paint(Role::Gutter, "|");
    let mut out = String::new();
    let at = |span: Span| {
        src.place(span)
            .map(|p| (super::place_label(p), p.row_text.as_str()))
    };
    let (label, row) = at(finding.span).unwrap_or_else(|| ("正文".to_owned(), ""));
    let _ = writeln!(
        out,
        "{}: {label}: {}{}",
        src.path,
        style.paint(
            Role::Severity(finding.severity),
            &format!("{}[{}]", finding.severity.as_str(), finding.code)
        ),
        style.paint(Role::Message, &format!(": {}", finding.message)),
    );
    let _ = writeln!(out, "  {bar} {row}");
    let mut related: Vec<&crate::finding::Related> = finding.related.iter().collect();
    let mut hidden = 0;
    if related.len() > opts.max_related {
        hidden = related.len() - opts.max_related;
        let last = related.pop();
        related.truncate(opts.max_related.saturating_sub(1));
        related.extend(last.filter(|_| opts.max_related > 0));
    }
    // a related place's row is shown once, when it is not the row just shown
    let mut shown_row = row;
    for r in related {
        let (label, row) = at(r.span).unwrap_or_else(|| ("正文".to_owned(), ""));
        let dash = style.paint(Role::Gutter, "-");
        let _ = writeln!(out, "  {dash} {label}: {}", r.message);
        if row != shown_row {
            let _ = writeln!(out, "  {bar}   {row}");
            shown_row = row;
        }
    }
    write_footer(&mut out, finding, " ", hidden, notes, style);
    out.push('\n');
    out
}

/// The source lines a finding shows, each with its marks, and how many related locations
/// are left out.
struct Shown<'a> {
    /// The finding's own line first, then related lines in line order.
    groups: Vec<Group<'a>>,
    hidden: usize,
}

/// Which related lines to show: the first ones and the last (relations list the stated total
/// last, and it is the line a reader wants to compare with), at most `max_related`.
fn shown_lines<'a>(src: &Source, finding: &'a Finding, max_related: usize) -> Shown<'a> {
    let primary_line = src.lines.line_of(finding.span.start);
    let mut groups: Vec<Group> = vec![Group {
        line: primary_line,
        marks: vec![Mark {
            span: finding.span,
            primary: true,
            label: "",
        }],
    }];
    let mut lines: Vec<usize> = Vec::new();
    for rel in &finding.related {
        let line = src.lines.line_of(rel.span.start);
        if line != primary_line && !lines.contains(&line) {
            lines.push(line);
        }
    }
    if lines.len() > max_related {
        let last = lines[lines.len() - 1];
        lines.truncate(max_related.saturating_sub(1));
        if max_related > 0 {
            lines.push(last);
        }
    }
    let mut hidden = 0;
    for rel in &finding.related {
        let line = src.lines.line_of(rel.span.start);
        let mark = Mark {
            span: rel.span,
            primary: false,
            label: &rel.message,
        };
        match groups.iter_mut().find(|g| g.line == line) {
            Some(g) => g.marks.push(mark),
            None if lines.contains(&line) => groups.push(Group {
                line,
                marks: vec![mark],
            }),
            None => hidden += 1,
        }
    }
    groups[1..].sort_by_key(|g| g.line);
    Shown { groups, hidden }
}

/// `error[NB101]: message` and ` --> path:line:column`.
fn write_headline(out: &mut String, src: &Source, finding: &Finding, pad: &str, style: Style) {
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
}

/// The `= note:` lines (related locations left out, locations in other files) and a
/// `= help:` line per fix.
fn write_footer(
    out: &mut String,
    finding: &Finding,
    pad: &str,
    hidden: usize,
    notes: &[String],
    style: Style,
) {
    let eq = style.paint(Role::Gutter, "=");
    if hidden > 0 {
        let _ = writeln!(
            out,
            "{pad} {eq} {}: {hidden} more related location{} (`--format json` lists all)",
            style.paint(Role::Note, "note"),
            plural(hidden)
        );
    }
    for note in notes {
        let _ = writeln!(
            out,
            "{pad} {eq} {}: {note}",
            style.paint(Role::Note, "note")
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
}

/// A span to underline: `^` for the finding's own, `-` with a label for a related one.
struct Mark<'a> {
    span: Span,
    primary: bool,
    label: &'a str,
}

/// The marks on one source line.
struct Group<'a> {
    /// 0-based.
    line: usize,
    marks: Vec<Mark<'a>>,
}

/// One character as displayed: itself, or blanks (a tab, a control character). No allocation
/// per character: a real report may hold its whole body on one line, shown once per finding.
struct Glyph {
    shown: char,
    /// Blanks shown instead of the character (tab, control); 0 = the character itself.
    blanks: usize,
    width: usize,
    start: usize,
}

impl Glyph {
    fn push_to(&self, out: &mut String) {
        if self.blanks == 0 {
            out.push(self.shown);
        } else {
            out.extend(std::iter::repeat_n(' ', self.blanks));
        }
    }
}

fn glyph(c: char, start: usize) -> Glyph {
    let (blanks, width) = match c {
        '\t' => (TAB_WIDTH, TAB_WIDTH),
        // a form feed (page break of PDF text), a lone CR, other controls: one blank column
        c if c.is_control() => (1, 1),
        c => (0, c.width().unwrap_or(0)),
    };
    Glyph {
        shown: c,
        blanks,
        width,
        start,
    }
}

/// A source line as shown: possibly cut to a window, with a way to place columns on it.
struct View {
    text: String,
    /// Full-line columns `first..last` are visible, shifted right by `prefix` (a `...`).
    first: usize,
    last: usize,
    prefix: usize,
}

impl View {
    /// Where full-line columns `start..end` appear, as (visible start, width ≥ 1); `None` when
    /// the mark lies outside the window.
    fn place(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start < self.first || start > self.last || start == self.last && end > start {
            return None;
        }
        let width = end.min(self.last).saturating_sub(start).max(1);
        Some((self.prefix + start - self.first, width))
    }
}

/// Print one line with its marks. Columns are terminal columns; a long line is cut to
/// [`MAX_LINE_WIDTH`] around the group's first mark; a span running past its line is
/// underlined to the line's end; an empty span gets one mark.
fn write_group(out: &mut String, src: &Source, group: &Group, pad: &str, sev: Role, style: Style) {
    let (line_start, line_end) = src.lines.line_span(src.text, group.line);
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
    let columns = |span: Span| {
        let start = span.start.clamp(line_start, line_end);
        let end = span.end.clamp(start, line_end);
        (column_of(start), column_of(end))
    };
    let view = View::of(&glyphs, columns(group.marks[0].span).0);
    let Underline { row, labels } = underline(group, &view, columns, sev, style);
    // One label shared by every related mark goes after them; different labels are listed
    // below, left to right as their marks, starting under the leftmost mark.
    let shared = labels.windows(2).all(|w| w[0].1 == w[1].1);
    let mut row = row;
    if shared {
        if let Some(&(_, label)) = labels.first() {
            row.push(' ');
            row.push_str(&style.paint(Role::Note, label));
        }
    }
    let indent = labels.first().map_or(0, |&(at, _)| at);

    let bar = style.paint(Role::Gutter, "|");
    let number = format!("{:>width$}", group.line + 1, width = pad.len());
    let _ = writeln!(
        out,
        "{} {bar} {}",
        style.paint(Role::Gutter, &number),
        view.text
    );
    let _ = writeln!(out, "{pad} {bar} {row}");
    if !shared {
        for (_, label) in labels {
            let _ = writeln!(
                out,
                "{pad} {bar} {}{}",
                " ".repeat(indent),
                style.paint(Role::Note, label)
            );
        }
    }
}

impl View {
    /// The line as shown: whole when it fits in [`MAX_LINE_WIDTH`], else a window that
    /// starts a little before column `focus` (the group's first mark).
    fn of(glyphs: &[Glyph], focus: usize) -> View {
        let total: usize = glyphs.iter().map(|g| g.width).sum();
        if total <= MAX_LINE_WIDTH {
            return View {
                text: {
                    let mut t = String::new();
                    glyphs.iter().for_each(|g| g.push_to(&mut t));
                    t
                },
                first: 0,
                last: total,
                prefix: 0,
            };
        }
        let budget = MAX_LINE_WIDTH - 2 * CUT.len();
        let mut from = focus.saturating_sub(CONTEXT_BEFORE);
        if from + budget > total {
            from = total.saturating_sub(budget);
        }
        let (mut text, mut column, mut first, mut last) = (String::new(), 0, None, 0);
        for g in glyphs {
            let next = column + g.width;
            if column >= from && next <= from + budget {
                first.get_or_insert(column);
                g.push_to(&mut text);
                last = next;
            }
            column = next;
        }
        let first = first.unwrap_or(from);
        let prefix = if first > 0 { CUT } else { "" };
        let suffix = if last < total { CUT } else { "" };
        View {
            text: format!("{prefix}{text}{suffix}"),
            first,
            last,
            prefix: prefix.len(),
        }
    }
}

/// The row of `^` and `-` under a line, and the labels of the related marks with the visible
/// column each starts at (sorted, repeated labels once).
struct Underline<'a> {
    row: String,
    labels: Vec<(usize, &'a str)>,
}

/// Marks on a canvas: related marks first, the finding's own drawn over them.
fn underline<'a>(
    group: &Group<'a>,
    view: &View,
    columns: impl Fn(Span) -> (usize, usize),
    sev: Role,
    style: Style,
) -> Underline<'a> {
    let mut canvas: Vec<Option<bool>> = Vec::new();
    let mut labels: Vec<(usize, &str)> = Vec::new();
    for primary in [false, true] {
        for mark in group.marks.iter().filter(|m| m.primary == primary) {
            let (start, end) = columns(mark.span);
            let Some((at, width)) = view.place(start, end) else {
                continue;
            };
            if canvas.len() < at + width {
                canvas.resize(at + width, None);
            }
            canvas[at..at + width].fill(Some(primary));
            if !mark.label.is_empty() {
                labels.push((at, mark.label));
            }
        }
    }
    let mut row = String::new();
    let mut i = 0;
    while i < canvas.len() {
        let kind = canvas[i];
        let run = canvas[i..].iter().take_while(|&&k| k == kind).count();
        row.push_str(&match kind {
            None => " ".repeat(run),
            Some(true) => style.paint(sev, &"^".repeat(run)),
            Some(false) => style.paint(Role::Note, &"-".repeat(run)),
        });
        i += run;
    }
    labels.sort_by_key(|&(at, _)| at);
    labels.dedup_by_key(|&mut (_, label)| label);
    Underline { row, labels }
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
    /// Findings not reported: accepted by an inline marker or the baseline.
    pub suppressed: usize,
    /// Files named on the command line that are not annual reports: nothing was checked in
    /// them (not counted in `files`).
    pub not_reports: usize,
    /// How long the run took, shown when set.
    pub elapsed: Option<std::time::Duration>,
}

impl Tally {
    pub fn add<'a>(&mut self, findings: impl IntoIterator<Item = &'a Finding>) {
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

/// `0.42s`, `12.3s`, `2m05s`.
pub fn duration(t: std::time::Duration) -> String {
    let s = t.as_secs_f64();
    if s < 10.0 {
        format!("{s:.2}s")
    } else if s < 60.0 {
        format!("{s:.1}s")
    } else {
        format!("{}m{:02}s", t.as_secs() / 60, t.as_secs() % 60)
    }
}

/// The closing lines: `Checked 3 files: 2 errors, 1 warning, 0 information, 1 hint.`
pub fn render_summary(tally: &Tally, style: Style) -> String {
    let mut files = format!("{} file{}", tally.files, plural(tally.files));
    if let Some(t) = tally.elapsed {
        files.push_str(&format!(" in {}", duration(t)));
    }
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
    if tally.not_reports > 0 {
        let _ = writeln!(
            out,
            "{}: nothing was checked in {}.",
            match tally.not_reports {
                1 => "1 file named is not an annual report".to_owned(),
                n => format!("{n} files named are not annual reports"),
            },
            if tally.not_reports == 1 { "it" } else { "them" }
        );
    }
    if tally.suppressed > 0 {
        let _ = writeln!(
            out,
            "{} suppressed (`nianbao-disable` markers or the baseline).",
            count(tally.suppressed, "finding")
        );
    }
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
    use crate::Code;

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
        let finding = Finding::new(Code::NB102, span, "消息");
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
        let finding = Finding::new(Code::NB030, span, "m");
        let out = render_finding(&Source::new("r.txt", REPORT), &finding, &Options::default());
        assert_eq!(underline_row(&out, 0), format!("  | {}^^^^", " ".repeat(4)));
    }

    #[test]
    fn tabs_are_expanded_before_placing_carets() {
        let line_start = REPORT.find("(一)").unwrap();
        let at = line_start + REPORT[line_start..].find("\t60").unwrap() + 1;
        let finding = Finding::new(Code::NB101, Span::new(at, at + 2), "m");
        let out = render_finding(&Source::new("r.txt", REPORT), &finding, &Options::default());
        assert!(out.contains("3 | (一)予以公开    60    0"), "{out}");
        // `(一)予以公开` is 1+2+1+8 = 12 columns, then a tab of 4
        assert_eq!(underline_row(&out, 0), format!("  | {}^^", " ".repeat(16)));
    }

    #[test]
    fn empty_span_gets_one_caret() {
        let at = REPORT.find("| |").unwrap() + 1;
        let finding = Finding::new(Code::NB025, Span::new(at, at), "m");
        let out = render_finding(&Source::new("r.txt", REPORT), &finding, &Options::default());
        assert!(underline_row(&out, 0).ends_with(" ^"), "{out}");
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!("{}总计 999 件{}", "字".repeat(300), "尾".repeat(300));
        let finding = Finding::new(Code::NB501, span_of(&text, "999"), "m");
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
        let finding = Finding::new(Code::NB102, span_of(REPORT, "165"), "自然人栏不一致")
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
    fn related_lines_beyond_the_limit_are_counted() {
        let text: String = (1..=9).map(|i| format!("{i}.行 | {i} |\n")).collect();
        let related = (1..=9)
            .map(|i| Related {
                span: span_of(&text, &format!("| {i} |")),
                message: "计入之和".into(),
            })
            .collect();
        let finding = Finding::new(Code::NB102, Span::new(0, 1), "m").with_related(related);
        let opts = Options {
            max_related: 2,
            ..Options::default()
        };
        let out = render_finding(&Source::new("r.txt", &text), &finding, &opts);
        // line 1 holds the finding and its own related mark; two more lines are shown
        assert_eq!(
            out.lines().filter(|l| l.contains("计入之和")).count(),
            3,
            "{out}"
        );
        assert!(out.contains("= note: 6 more related locations"), "{out}");
    }

    #[test]
    fn marks_on_one_line_share_it() {
        let line = "一、本年新收政府信息公开申请数量 | 41 | 3 | 48 |";
        let related = ["41", "3"]
            .iter()
            .map(|n| Related {
                span: span_of(line, &format!(" {n} ")),
                message: "计入之和".into(),
            })
            .collect();
        let finding = Finding::new(Code::NB101, span_of(line, "48"), "m").with_related(related);
        let out = render_finding(&Source::new("r.txt", line), &finding, &Options::default());
        assert_eq!(out.matches("一、本年新收").count(), 1, "{out}");
        // `一、…数量 | ` is 32 + 3 columns; the marks cover ` 41 `, ` 3 ` and `48`
        let want = format!("  | {}---- ---  ^^ 计入之和", " ".repeat(34));
        assert_eq!(underline_row(&out, 0), want, "{out}");

        let mut finding = finding;
        finding.related[1].message = "另一项".into();
        let out = render_finding(&Source::new("r.txt", line), &finding, &Options::default());
        assert!(
            out.contains(&format!("  | {}计入之和\n", " ".repeat(34))),
            "{out}"
        );
        assert!(
            out.contains(&format!("  | {}另一项\n", " ".repeat(34))),
            "{out}"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let finding = Finding::new(Code::NB102, span_of(REPORT, "165"), "m");
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
        let f = |severity| Finding {
            severity,
            ..Finding::new(Code::NB101, Span::new(0, 0), "m")
        };
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
            let finding = Finding::new(Code::NB101, span, "m")
                .with_related(vec![Related { span, message: "r".into() }]);
            let src = Source::new("p.txt", &text);
            let out = render_finding(&src, &finding, &Options::default());
            proptest::prop_assert_eq!(out.lines().filter(|l| l.contains('^')).count(), 1);
            let json = super::super::json::render_findings(&src, &[finding]);
            proptest::prop_assert!(serde_json::from_str::<serde_json::Value>(json.trim_end()).is_ok());
        }
    }
}
