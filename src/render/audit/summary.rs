//! The table at the top of a page over many organs and years: one row per organ, one column per
//! year, in each cell every report of that organ and year with its counts of errors, warnings
//! and notes, linking to the report's section (or, for a report without findings, to its row
//! in the table of reports). A reviewer sees at a glance which organ and which year to open.

use std::fmt::Write as _;

use super::escape;
use super::organs::{Organ, Year};
use super::Entry;

/// Where a report's link in the summary goes: its section when it has findings (only those
/// have one), else its row in the table of reports.
pub fn href(e: &Entry) -> String {
    if e.findings() > 0 {
        format!("#r{}", e.anchor)
    } else {
        format!("#f{}", e.anchor)
    }
}

/// The summary table; `organs` and `years` from [`super::organs`].
pub fn table(organs: &[Organ<'_>], years: &[Year]) -> String {
    let mut out = String::from(
        "<h2 id=\"overview\">各机关各年度</h2>\n<p class=\"legend\">每格一份报告：<span class=\"e\">错误</span> <span class=\"w\">警告</span> <span class=\"h\">提示</span>，<span class=\"clean\">✓</span> 无问题；点击转到该报告。</p>\n<table id=\"organs\"><thead><tr><th>机关</th>",
    );
    for y in years {
        let label = match y {
            Year::Known(y) => y.to_string(),
            Year::Unknown => "年度未识别".to_owned(),
        };
        let _ = write!(out, "<th data-year=\"{}\">{label}</th>", y.attr());
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for organ in organs {
        row(&mut out, organ, years);
    }
    out.push_str("</tbody></table>\n");
    out
}

/// One organ's row.
fn row(out: &mut String, organ: &Organ<'_>, years: &[Year]) {
    let name = organ.name.as_deref().unwrap_or("机关未识别");
    let _ = write!(
        out,
        "<tr data-organ=\"{}\"><th>{}</th>",
        escape(organ.key.as_deref().unwrap_or_default()),
        escape(name)
    );
    for y in years {
        let _ = write!(out, "<td data-year=\"{}\">", y.attr());
        for e in organ.years.get(y).into_iter().flatten() {
            out.push_str(&report(e));
        }
        out.push_str("</td>");
    }
    out.push_str("</tr>\n");
}

/// One report's link: its three counts, or a tick when it has no findings.
fn report(e: &Entry) -> String {
    let title = format!(
        "{}：错误 {}，警告 {}，提示 {}",
        e.path, e.errors, e.warnings, e.notes
    );
    let shown = if e.findings() == 0 {
        "<span class=\"clean\">✓</span>".to_owned()
    } else {
        let zero = |n: usize| if n == 0 { " z" } else { "" };
        format!(
            "<span class=\"e{}\">{}</span><span class=\"w{}\">{}</span><span class=\"h{}\">{}</span>",
            zero(e.errors),
            e.errors,
            zero(e.warnings),
            e.warnings,
            zero(e.notes),
            e.notes
        )
    };
    format!(
        "<a class=\"rep\" href=\"{}\" title=\"{}\" data-errors=\"{}\" data-warnings=\"{}\" data-notes=\"{}\">{shown}</a>",
        href(e),
        escape(&title),
        e.errors,
        e.warnings,
        e.notes
    )
}

#[cfg(test)]
mod tests {
    use super::super::organs::{group, years};
    use super::*;

    fn entry(organ: Option<&str>, year: Option<u32>, anchor: usize, errors: usize) -> Entry {
        Entry {
            path: format!("<{anchor}>.txt"),
            organ: organ.map(str::to_owned),
            year,
            anchor,
            errors,
            ..Entry::default()
        }
    }

    #[test]
    fn one_row_per_organ_one_column_per_year_and_the_unknown_kept() {
        let entries = vec![
            entry(Some("甲县"), Some(2022), 0, 2),
            entry(Some("甲县"), Some(2023), 1, 0),
            entry(None, None, 2, 1),
        ];
        let organs = group(&entries);
        let html = table(&organs, &years(&organs));
        let head = html.split("</thead>").next().unwrap_or_default();
        assert!(head.contains("<th data-year=\"2022\">2022</th><th data-year=\"2023\">2023</th><th data-year=\"\">年度未识别</th>"), "{head}");
        assert!(html.contains("<tr data-organ=\"甲县\"><th>甲县</th><td data-year=\"2022\"><a class=\"rep\" href=\"#r0\""));
        // a report without findings links to its row in the table of reports
        assert!(html.contains("href=\"#f1\""));
        assert!(html.contains("<tr data-organ=\"\"><th>机关未识别</th><td data-year=\"2022\"></td><td data-year=\"2023\"></td><td data-year=\"\"><a class=\"rep\" href=\"#r2\""));
        // paths are escaped
        assert!(html.contains("title=\"&lt;2&gt;.txt：错误 1，警告 0，提示 0\""));
        assert!(!html.contains("<2>"));
    }

    #[test]
    fn counts_are_shown_with_zeros_dimmed() {
        let mut e = entry(Some("甲县"), Some(2022), 3, 0);
        e.warnings = 4;
        let a = report(&e);
        assert!(a.contains("data-errors=\"0\" data-warnings=\"4\" data-notes=\"0\""));
        assert!(a.contains("<span class=\"e z\">0</span><span class=\"w\">4</span>"));
        e.warnings = 0;
        assert!(report(&e).contains("class=\"clean\""));
    }
}
