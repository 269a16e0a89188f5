//! Per organ with reports of two years or more, the main figures over the years: one small
//! chart per figure (its own scale: 新收申请 in hundreds would flatten 行政诉讼 in ones), drawn
//! as inline SVG so the page needs no network and no script to show them, each point labelled
//! with its value, and the same numbers as a table below (what a screen reader or a copy and
//! paste gets; the SVG also carries a `<title>` and a `<desc>`).
//!
//! A year with several reports (copies, a draft and the final version) is drawn from the first
//! in the order given, as NB401 takes the first of agreeing copies; the table lists every value
//! when they differ, so the choice is never hidden.

use std::fmt::Write as _;

use super::escape;
use super::figures::{FigureDef, FIGURES};
use super::organs::{Organ, Year};

/// One year of one figure.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Point {
    year: u32,
    /// What the chart draws: the first report's value that was read.
    value: Option<i64>,
    /// Every distinct value the organ's reports of that year give, in order.
    values: Vec<i64>,
}

/// One figure of one organ over its known years.
#[derive(Debug, Clone)]
struct Series {
    def: &'static FigureDef,
    points: Vec<Point>,
}

fn series(organ: &Organ<'_>, years: &[u32]) -> Vec<Series> {
    FIGURES
        .iter()
        .enumerate()
        .map(|(i, def)| Series {
            def,
            points: years
                .iter()
                .map(|&year| {
                    let mut values: Vec<i64> = Vec::new();
                    let reports = organ.years.get(&Year::Known(year)).into_iter().flatten();
                    for v in reports.filter_map(|e| e.figures.values[i]) {
                        if !values.contains(&v) {
                            values.push(v);
                        }
                    }
                    Point {
                        year,
                        value: values.first().copied(),
                        values,
                    }
                })
                .collect(),
        })
        .collect()
}

/// The size of one chart and where its plot sits, in SVG user units (pixels at 100%).
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    /// Room for the figure's name and the value labels above the highest point.
    top: f64,
    /// Room for the years.
    bottom: f64,
}

const FRAME: Frame = Frame {
    width: 280.0,
    height: 160.0,
    left: 24.0,
    right: 24.0,
    top: 42.0,
    bottom: 26.0,
};

/// Where years and values go in one chart: years spaced by their distance (a gap of years
/// shows as a gap), values from 0 to the highest.
struct Scale {
    first: u32,
    last: u32,
    max: i64,
}

impl Scale {
    fn of(s: &Series) -> Scale {
        let years = s.points.iter().map(|p| p.year);
        Scale {
            first: years.clone().min().unwrap_or_default(),
            last: years.max().unwrap_or_default(),
            max: s
                .points
                .iter()
                .filter_map(|p| p.value)
                .max()
                .unwrap_or(0)
                .max(1),
        }
    }

    fn x(&self, year: u32) -> f64 {
        let width = FRAME.width - FRAME.left - FRAME.right;
        if self.last == self.first {
            return FRAME.left + width / 2.0;
        }
        FRAME.left + width * f64::from(year - self.first) / f64::from(self.last - self.first)
    }

    fn y(&self, value: i64) -> f64 {
        let height = FRAME.height - FRAME.top - FRAME.bottom;
        // Values are counts of cases: far below 2^52, exact as f64.
        FRAME.top + height * (1.0 - value.max(0) as f64 / self.max as f64)
    }
}

/// `2019年 123；2020年 未读出`: the chart's `<desc>`.
fn describe(s: &Series) -> String {
    let parts: Vec<String> = s
        .points
        .iter()
        .map(|p| match p.value {
            Some(v) => format!("{}年 {v}", p.year),
            None => format!("{}年 未读出", p.year),
        })
        .collect();
    parts.join("；")
}

/// The lines between points read in a row (an unread year breaks the line).
fn lines(out: &mut String, s: &Series, scale: &Scale) {
    for run in s.points.split(|p| p.value.is_none()) {
        if run.len() < 2 {
            continue;
        }
        let points: Vec<String> = run
            .iter()
            .filter_map(|p| Some(format!("{:.1},{:.1}", scale.x(p.year), scale.y(p.value?))))
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"line\" points=\"{}\"/>",
            points.join(" ")
        );
    }
}

/// One figure's chart; `id` makes its title's and description's ids unique in the page.
fn svg(s: &Series, organ_key: &str, organ_name: &str, id: &str) -> String {
    let scale = Scale::of(s);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart fig-{fig}\" data-organ=\"{key}\" data-figure=\"{fig}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{name} · {label}</title><desc id=\"{id}-d\">{desc}</desc>",
        fig = s.def.id,
        key = escape(organ_key),
        w = FRAME.width,
        h = FRAME.height,
        name = escape(organ_name),
        label = escape(s.def.label),
        desc = escape(&describe(s)),
    );
    let base = FRAME.height - FRAME.bottom;
    let _ = write!(
        out,
        "<text class=\"name\" x=\"{:.1}\" y=\"16\">{}（件）</text><line class=\"base\" x1=\"{:.1}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\"/>",
        FRAME.left - 12.0,
        escape(s.def.label),
        FRAME.left - 12.0,
        FRAME.width - FRAME.right + 12.0
    );
    lines(&mut out, s, &scale);
    for p in &s.points {
        point(&mut out, p, &scale);
    }
    out.push_str("</svg>");
    out
}

/// A year's label on the axis, and its point with the value above it (or `?` on the axis when
/// the value was not read).
fn point(out: &mut String, p: &Point, scale: &Scale) {
    let x = scale.x(p.year);
    let base = FRAME.height - FRAME.bottom;
    let _ = write!(
        out,
        "<text class=\"yr\" x=\"{x:.1}\" y=\"{:.1}\">{}</text>",
        base + 17.0,
        p.year
    );
    let Some(v) = p.value else {
        let _ = write!(
            out,
            "<text class=\"unread\" x=\"{x:.1}\" y=\"{:.1}\">?<title>{}年：未读出</title></text>",
            base - 4.0,
            p.year
        );
        return;
    };
    let y = scale.y(v);
    let _ = write!(
        out,
        "<circle data-year=\"{}\" data-value=\"{v}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\"><title>{}年：{v}</title></circle><text class=\"v\" x=\"{x:.1}\" y=\"{:.1}\">{v}</text>",
        p.year,
        p.year,
        y - 8.0
    );
}

/// The numbers of the charts as a table: figures × years; a year whose reports differ shows
/// every value, the drawn one first.
fn numbers(all: &[Series], years: &[u32]) -> String {
    let mut out = String::from("<table class=\"figures\"><thead><tr><th>（件）</th>");
    for y in years {
        let _ = write!(out, "<th data-year=\"{y}\">{y}</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    for s in all {
        let _ = write!(
            out,
            "<tr data-figure=\"{}\"><th>{}</th>",
            s.def.id,
            escape(s.def.label)
        );
        for p in &s.points {
            let shown: Vec<String> = p.values.iter().map(i64::to_string).collect();
            let (class, text) = match shown.len() {
                0 => (" class=\"unread\"", "—".to_owned()),
                1 => ("", shown.join("")),
                _ => (
                    " class=\"differ\" title=\"同年度各份报告数字不一，图中取第一份\"",
                    shown.join(" / "),
                ),
            };
            let _ = write!(out, "<td data-year=\"{}\"{class}>{text}</td>", p.year);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}

/// The charts of every organ with reports of two years or more; empty when there is none.
pub fn charts(organs: &[Organ<'_>]) -> String {
    let mut out = String::new();
    for (n, organ) in organs.iter().enumerate() {
        let (Some(key), Some(name)) = (&organ.key, &organ.name) else {
            continue;
        };
        let years = organ.known_years();
        if years.len() < 2 {
            continue;
        }
        let all = series(organ, &years);
        let _ = write!(
            out,
            "<div class=\"trend\" data-organ=\"{}\">\n<h3>{}</h3>\n<div class=\"charts\">",
            escape(key),
            escape(name)
        );
        for s in &all {
            out.push_str(&svg(s, key, name, &format!("c{n}-{}", s.def.id)));
        }
        out.push_str("</div>\n");
        out.push_str(&numbers(&all, &years));
        out.push_str("</div>\n");
    }
    if out.is_empty() {
        return out;
    }
    format!("<h2 id=\"trends\">各机关历年主要数字</h2>\n<p class=\"legend\">本年新收申请、（一）予以公开、行政复议和行政诉讼（两项之和）的总计。同一年度有多份报告的，图中取所列的第一份；<span class=\"unread\">?</span> 为该年报告中未读出的数。</p>\n{out}")
}

#[cfg(test)]
mod tests {
    use super::super::figures::Figures;
    use super::super::organs::group;
    use super::super::Entry;
    use super::*;

    fn entry(year: u32, values: [Option<i64>; 4], anchor: usize) -> Entry {
        Entry {
            path: format!("{year}.txt"),
            organ: Some("甲县<人民政府>".to_owned()),
            year: Some(year),
            anchor,
            figures: Figures { values },
            ..Entry::default()
        }
    }

    /// (year, value) of every point of the chart of `figure`.
    fn points(html: &str, figure: &str) -> Vec<(u32, i64, f64)> {
        let chart = html
            .split(&format!("data-figure=\"{figure}\" viewBox"))
            .nth(1)
            .and_then(|c| c.split("</svg>").next())
            .unwrap_or_default();
        let attr = |tag: &str, name: &str| -> String {
            let key = format!("{name}=\"");
            let at = tag.find(&key).map_or(0, |i| i + key.len());
            tag[at..].split('"').next().unwrap_or_default().to_owned()
        };
        chart
            .split("<circle ")
            .skip(1)
            .map(|c| {
                (
                    attr(c, "data-year").parse().unwrap_or_default(),
                    attr(c, "data-value").parse().unwrap_or_default(),
                    attr(c, "cy").parse().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn one_chart_per_figure_with_a_point_per_year_read() {
        let entries = vec![
            entry(2021, [Some(100), Some(40), Some(2), Some(0)], 0),
            entry(2023, [Some(150), None, Some(1), Some(3)], 1),
            entry(2022, [Some(120), Some(50), Some(0), Some(1)], 2),
        ];
        let html = charts(&group(&entries));
        assert_eq!(html.matches("<svg ").count(), 4);
        let new = points(&html, "new");
        let years: Vec<(u32, i64)> = new.iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(years, [(2021, 100), (2022, 120), (2023, 150)]);
        // higher values are drawn higher
        assert!(new[0].2 > new[1].2 && new[1].2 > new[2].2);
        // the unread 予以公开 of 2023: no point, a question mark, a dash in the table
        assert_eq!(points(&html, "granted").len(), 2);
        assert!(html.contains("2023年：未读出"));
        assert!(html.contains("<td data-year=\"2023\" class=\"unread\">—</td>"));
        // text is escaped, in the heading, the title and the attribute
        assert!(html.contains("<h3>甲县&lt;人民政府&gt;</h3>"));
        assert!(html.contains("data-organ=\"甲县&lt;人民政府&gt;\""));
        assert!(!html.contains("<人民政府>"));
        // accessible: a title and a description per chart
        assert!(html.contains("<desc id=\"c0-new-d\">2021年 100；2022年 120；2023年 150</desc>"));
    }

    #[test]
    fn copies_that_differ_show_both_values_and_draw_the_first() {
        let entries = vec![
            entry(2021, [Some(100), Some(40), Some(2), Some(0)], 0),
            entry(2022, [Some(120), Some(50), Some(0), Some(1)], 1),
            entry(2022, [Some(118), Some(50), Some(0), Some(1)], 2),
        ];
        let html = charts(&group(&entries));
        let new: Vec<(u32, i64)> = points(&html, "new").iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(new, [(2021, 100), (2022, 120)]);
        assert!(html.contains("class=\"differ\""));
        assert!(html.contains(">120 / 118</td>"));
        // copies that agree show one value
        assert!(html.contains("<tr data-figure=\"granted\"><th>予以公开</th><td data-year=\"2021\">40</td><td data-year=\"2022\">50</td>"));
    }

    #[test]
    fn no_chart_for_an_organ_of_one_year_or_an_unknown_organ() {
        let mut entries = vec![entry(2021, [Some(1); 4], 0), entry(2021, [Some(2); 4], 1)];
        assert_eq!(charts(&group(&entries)), "");
        for e in &mut entries {
            e.organ = None;
        }
        entries[1].year = Some(2022);
        assert_eq!(charts(&group(&entries)), "");
    }

    #[test]
    fn all_zero_values_sit_on_the_axis() {
        let entries = vec![entry(2021, [Some(0); 4], 0), entry(2022, [Some(0); 4], 1)];
        let html = charts(&group(&entries));
        let base = FRAME.height - FRAME.bottom;
        for p in points(&html, "suit") {
            assert!((p.2 - base).abs() < 0.1, "{p:?}");
        }
    }
}
