//! One self-contained HTML page auditing many reports (`nianbao report … -o audit.html`): a
//! summary, a sortable table of the reports, and for each report with findings its tables drawn
//! as grids, the wrong cells highlighted with the value they should have.
//!
//! No network: the CSS and the few lines of JavaScript (sorting) are inline. The script also
//! reads `#sort=KEY` or `#sort=KEY-desc` from the address, so a link (or a test) can open the
//! page sorted.
//!
//! Over several reports the page opens with a reviewer's view of the folder: a table organ ×
//! year of the reports' counts (`summary`), and per organ with two years or more its main
//! figures over the years as inline SVG charts (`chart`, `figures`). Nothing of it needs the
//! script.

mod chart;
mod figures;
mod organs;
mod summary;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Source;
use crate::analysis::Analysis;
use crate::checks::RULES;
use crate::finding::{Finding, Severity};
use crate::model::Table;

/// What the page shows of one report; built per file, so the texts need not be kept.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub path: String,
    pub organ: Option<String>,
    pub year: Option<u32>,
    pub errors: usize,
    pub warnings: usize,
    /// Information and hints.
    pub notes: usize,
    /// Findings by code.
    pub codes: BTreeMap<&'static str, usize>,
    /// The report's section of the page (findings and grids); empty without findings.
    pub detail: String,
    /// The main figures the charts draw (kept: the tables are not).
    pub figures: figures::Figures,
    /// The section's anchor, `#r{anchor}`.
    pub anchor: usize,
}

impl Entry {
    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.notes
    }
}

/// `&`, `<`, `>`, `"` and `'` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "information",
        Severity::Hint => "hint",
    }
}

/// The entry of one analysed report; `index` numbers the report's section (`#r3`).
pub fn entry(src: &Source, analysis: &Analysis, findings: &[Finding], index: usize) -> Entry {
    let mut e = Entry {
        path: src.path.to_owned(),
        organ: analysis.report.organ.clone(),
        year: analysis.report.year,
        anchor: index,
        figures: figures::Figures::read(&analysis.report),
        ..Entry::default()
    };
    for f in findings {
        match f.severity {
            Severity::Error => e.errors += 1,
            Severity::Warning => e.warnings += 1,
            Severity::Information | Severity::Hint => e.notes += 1,
        }
        *e.codes.entry(f.code.as_str()).or_default() += 1;
    }
    if !findings.is_empty() {
        e.detail = detail(src, analysis, findings, index);
    }
    e
}

fn detail(src: &Source, analysis: &Analysis, findings: &[Finding], index: usize) -> String {
    let mut out = String::new();
    let title = match (&analysis.report.organ, analysis.report.year) {
        (Some(o), Some(y)) => format!("{o} · {y}年度"),
        (Some(o), None) => o.clone(),
        (None, Some(y)) => format!("{y}年度"),
        (None, None) => String::new(),
    };
    let _ = write!(
        out,
        "<section class=\"report\" id=\"r{index}\" data-path=\"{}\">\n<h2><code>{}</code> <span class=\"organ\">{}</span></h2>\n<ol class=\"findings\">\n",
        escape(src.path),
        escape(src.path),
        escape(&title)
    );
    for f in findings {
        // a Word file: its place (表2 第6行 第10列), not a line of its document.xml
        let pos = match src.place(f.span) {
            Some(p) => super::place_label(p),
            None => {
                let r = src.range(f.span);
                format!("{}:{}", r.line, r.column)
            }
        };
        let fix = f
            .fixes
            .first()
            .map(|x| format!("<div class=\"fix\">建议：{}</div>", escape(&x.title)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<li class=\"{}\"><span class=\"code\">{}</span> <span class=\"pos\">{}</span> <span class=\"msg\">{}</span>{fix}</li>",
            severity_class(f.severity),
            f.code,
            escape(&pos),
            escape(&f.message)
        );
    }
    out.push_str("</ol>\n");
    // Tables with a wrong cell first: they are what the reviewer came for.
    let mut tables: Vec<&Table> = analysis.report.tables.iter().collect();
    tables.sort_by_key(|t| {
        !t.cells()
            .any(|(_, c)| !c.span.is_empty() && findings.iter().any(|f| f.span == c.span))
    });
    for table in tables {
        grid(&mut out, src, table, findings);
    }
    out.push_str("</section>\n");
    out
}

/// One table as a grid: template rows × columns, the value as printed; a cell a finding is on
/// is highlighted (`class="bad"`, the message as its title) with the computed value beside it
/// when the finding's first fix replaces it; cells the finding names (its parts) are tinted.
fn grid(out: &mut String, src: &Source, table: &Table, findings: &[Finding]) {
    let t = &table.template;
    let _ = write!(
        out,
        "<table class=\"grid\" data-table=\"{}\">\n<caption>{}</caption>\n<thead><tr><th></th>",
        table.kind().id(),
        escape(t.title)
    );
    for c in t.columns {
        let _ = write!(out, "<th>{}</th>", escape(c.label));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (ri, (def, row)) in t.rows.iter().zip(&table.rows).enumerate() {
        let _ = write!(
            out,
            "<tr><th title=\"{}\">{}</th>",
            escape(&def.path()),
            escape(def.short_label())
        );
        let Some(row) = row else {
            let _ = writeln!(
                out,
                "<td class=\"absent\" colspan=\"{}\">（未找到此行）</td></tr>",
                t.columns.len()
            );
            continue;
        };
        for (ci, cell) in row.cells.iter().enumerate() {
            let Some(cell) = cell else {
                out.push_str("<td class=\"missing\">—</td>");
                continue;
            };
            let id = t.cell_id(crate::template::CellRef { row: ri, col: ci });
            let shown = match cell.value {
                None => "?".to_owned(),
                Some(v) if cell.blank => format!("{v}*"),
                // a Word file's cell may span runs (markup between its digits): its value
                Some(v) if src.places.is_some() => v.to_string(),
                Some(_) => src
                    .text
                    .get(cell.span.start..cell.span.end)
                    .unwrap_or_default()
                    .to_owned(),
            };
            let on: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.span == cell.span && !cell.span.is_empty())
                .collect();
            if on.is_empty() {
                let related = !cell.span.is_empty()
                    && findings
                        .iter()
                        .any(|f| f.related.iter().any(|r| r.span == cell.span));
                let class = if related { " class=\"rel\"" } else { "" };
                let _ = write!(out, "<td{class}>{}</td>", escape(&shown));
                continue;
            }
            let title: Vec<String> = on
                .iter()
                .map(|f| format!("{} {}", f.code, f.message))
                .collect();
            let computed = on.iter().find_map(|f| {
                let edit = f
                    .fixes
                    .first()?
                    .edits
                    .iter()
                    .find(|e| e.span == cell.span)?;
                Some(edit.replacement.clone())
            });
            let codes: Vec<&str> = on.iter().map(|f| f.code.as_str()).collect();
            let _ = write!(
                out,
                "<td class=\"bad\" data-cell=\"{}\" data-codes=\"{}\" title=\"{}\"><span class=\"stated\">{}</span>",
                escape(&id),
                codes.join(" "),
                escape(&title.join("\n")),
                escape(&shown)
            );
            if let Some(c) = computed {
                let _ = write!(
                    out,
                    " → <span class=\"computed\">{}</span>",
                    escape(if c.is_empty() { "（删除）" } else { &c })
                );
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// A finding across years (NB401, NB402, NB403, NB511): this year's cell or sentence, and last
/// year's cell it is compared with.
#[derive(Debug, Clone)]
pub struct CrossYear {
    pub code: crate::checks::Code,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub other_path: String,
    pub other_line: usize,
    pub other_column: usize,
    pub other_value: String,
}

/// The section of the page that compares reports across years: one item per finding,
/// with the place of the cell in last year's report and its value there.
pub fn cross_years(items: &[CrossYear]) -> String {
    let mut out = String::from(
        "<section class=\"report\" id=\"across-years\">\n<h2>跨年度核对（与同一机关上一年度的报告比较：NB401 结转、NB402/NB403 第二部分存量、NB511 正文所述增减）</h2>\n<ol class=\"findings\">\n",
    );
    for c in items {
        let _ = writeln!(
            out,
            "<li class=\"{}\"><span class=\"code\">{}</span> <span class=\"pos\"><code>{}</code>:{}:{}</span> <span class=\"msg\">{}</span><div class=\"fix\">上年度报告 <code>{}</code>:{}:{} 此栏为 {}</div></li>",
            severity_class(c.code.severity()),
            c.code,
            escape(&c.path),
            c.line,
            c.column,
            escape(&c.message),
            escape(&c.other_path),
            c.other_line,
            c.other_column,
            escape(&c.other_value)
        );
    }
    out.push_str("</ol>\n</section>\n");
    out
}

/// The mark every audit page carries in its head: a folder holding a page written earlier is
/// checked without taking the page for a report (it quotes reports' findings and tables).
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"nianbao report\">";

/// A file that could not be read.
#[derive(Debug, Clone)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

const CSS: &str = r#"
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222;line-height:1.45}
h1{font-size:1.5em;margin:0 0 .5em}
h2{font-size:1.15em;margin:1.5em 0 .4em;border-top:2px solid #ccc;padding-top:.6em}
h2 code{font-size:.9em;color:#555}
.summary{display:flex;gap:2em;flex-wrap:wrap;margin-bottom:1em}
.stat{background:#f4f4f4;border-radius:6px;padding:.5em 1em}
.stat b{display:block;font-size:1.6em}
table{border-collapse:collapse;margin:.5em 0 1em}
td,th{border:1px solid #bbb;padding:2px 6px;font-size:13px}
#reports th{cursor:pointer;background:#eef;user-select:none}
#reports th[aria-sort=ascending]::after{content:" ▲"}
#reports th[aria-sort=descending]::after{content:" ▼"}
#reports td.n{text-align:right}
.grid td{text-align:right;min-width:2.5em}
.grid thead th{background:#f0f0f0;max-width:7em}
.grid tbody th{text-align:left;font-weight:normal;background:#fafafa;max-width:28em}
.grid caption{text-align:left;font-weight:bold;padding:.3em 0}
td.bad{background:#ffd0d0;outline:2px solid #d00;font-weight:bold;white-space:nowrap}
td.bad .computed{color:#070}
td.rel{background:#fff4c8}
td.absent{color:#a00;text-align:left}
td.missing{color:#999}
ol.findings li{margin:.2em 0}
li.error .code{color:#b00;font-weight:bold}
li.warning .code{color:#a60;font-weight:bold}
li.information .code,li.hint .code{color:#07a;font-weight:bold}
.pos{color:#777;font-family:monospace}
.fix{color:#070;margin-left:4.5em}
.ok{color:#070}
#organs th{background:#eef;text-align:left}
#organs thead th{text-align:center}
#organs td{text-align:center;vertical-align:top;min-width:4.5em}
a.rep{display:inline-block;margin:1px 2px;padding:0 3px;border:1px solid #ccc;border-radius:4px;text-decoration:none;font-family:monospace;font-size:13px;background:#fff}
a.rep:hover{border-color:#447}
#organs .e,#organs .w,#organs .h,.legend .e,.legend .w,.legend .h{padding:0 2px;font-weight:bold}
#organs .e,.legend .e{color:#b00}
#organs .w,.legend .w{color:#a60}
#organs .h,.legend .h{color:#07a}
#organs .z{color:#ccc;font-weight:normal}
.clean{color:#070;font-weight:bold}
.legend{color:#555;font-size:13px;margin:.2em 0 .6em}
.legend .e,.legend .w,.legend .h{border:1px solid #ccc;border-radius:4px}
.trend h3{font-size:1em;margin:.8em 0 .2em}
.charts{display:flex;flex-wrap:wrap;gap:10px}
svg.chart{border:1px solid #ddd;border-radius:4px;background:#fff}
svg.chart text{font-size:11px;text-anchor:middle;fill:#333}
svg.chart text.name{font-size:13px;font-weight:bold;text-anchor:start}
svg.chart text.yr{fill:#666}
svg.chart text.unread{fill:#a00}
svg.chart .base{stroke:#999;stroke-width:1}
svg.chart .line{fill:none;stroke-width:2}
svg.chart circle{stroke:#fff;stroke-width:1}
.fig-new .line{stroke:#1f6fb4}.fig-new circle{fill:#1f6fb4}
.fig-granted .line{stroke:#2a9a3a}.fig-granted circle{fill:#2a9a3a}
.fig-review .line{stroke:#c4641a}.fig-review circle{fill:#c4641a}
.fig-suit .line{stroke:#8a4fb0}.fig-suit circle{fill:#8a4fb0}
table.figures td{text-align:right;min-width:3em}
table.figures th{background:#fafafa;font-weight:normal}
table.figures td.differ{background:#fff4c8}
table.figures td.unread{color:#999}
.legend .unread{color:#a00;font-weight:bold}
"#;

const JS: &str = r#"
(function(){
  var table=document.getElementById('reports');
  var body=table.tBodies[0];
  function sortBy(th,desc){
    var col=th.cellIndex, num=th.dataset.type==='n';
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var x=a.cells[col].dataset.v||a.cells[col].textContent, y=b.cells[col].dataset.v||b.cells[col].textContent;
      var c=num?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y,'zh');
      return desc?-c:c;
    });
    rows.forEach(function(r){body.appendChild(r);});
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort',desc?'descending':'ascending');
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th){
    th.addEventListener('click',function(){sortBy(th,th.getAttribute('aria-sort')==='ascending');});
  });
  var m=/^#sort=([a-z]+)(-desc)?$/.exec(location.hash);
  if(m){var th=table.querySelector('th[data-key="'+m[1]+'"]'); if(th) sortBy(th,!!m[2]);}
})();
"#;

/// The whole page.
pub fn page(
    entries: &[Entry],
    failures: &[Failure],
    elapsed: Option<std::time::Duration>,
) -> String {
    let mut out = page_head(entries, failures, elapsed);
    for e in entries {
        out.push_str(&e.detail);
    }
    out.push_str(&page_tail());
    out
}

/// The page up to the reports' sections: summary, counts by check, the table of reports. The
/// sections (`Entry::detail`, in order) and [`page_tail`] follow; a batch can write the sections
/// to a file as they come and keep only the counts.
pub fn page_head(
    entries: &[Entry],
    failures: &[Failure],
    elapsed: Option<std::time::Duration>,
) -> String {
    let mut out = String::new();
    let with_errors = entries.iter().filter(|e| e.errors > 0).count();
    let with_findings = entries.iter().filter(|e| e.findings() > 0).count();
    let total: usize = entries.iter().map(Entry::findings).sum();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for e in entries {
        for (c, n) in &e.codes {
            *by_code.entry(c).or_default() += n;
        }
    }
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<meta name=\"generator\" content=\"nianbao report\">\n<title>政府信息公开工作年度报告 审核结果</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>政府信息公开工作年度报告 审核结果</h1>\n<div class=\"summary\">\n<div class=\"stat\" id=\"n-read\"><b>{}</b>份报告已读取</div>\n<div class=\"stat\" id=\"n-errors\"><b>{with_errors}</b>份有错误</div>\n<div class=\"stat\"><b>{with_findings}</b>份有问题</div>\n<div class=\"stat\"><b>{total}</b>条问题</div>\n<div class=\"stat\"><b>{}</b>个文件无法读取</div>\n</div>\n",
        entries.len(),
        failures.len()
    );
    if let Some(t) = elapsed {
        let _ = writeln!(
            out,
            "<p class=\"pos\">nianbao {} · {}</p>",
            crate::VERSION,
            super::human::duration(t)
        );
    }
    out.push_str(&overview(entries));
    if !by_code.is_empty() {
        out.push_str("<h2>各项检查发现的问题</h2>\n<table id=\"codes\"><thead><tr><th>代码</th><th>检查</th><th>条数</th></tr></thead><tbody>\n");
        for (code, n) in &by_code {
            let name = RULES
                .iter()
                .find(|r| r.code == *code)
                .map_or("", |r| r.name);
            let _ = writeln!(
                out,
                "<tr><td>{code}</td><td>{}</td><td class=\"n\">{n}</td></tr>",
                escape(name)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if !failures.is_empty() {
        out.push_str("<h2>无法读取的文件</h2>\n<ul>\n");
        for f in failures {
            let _ = writeln!(
                out,
                "<li><code>{}</code>：{}</li>",
                escape(&f.path),
                escape(&f.reason)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>报告（点击表头排序）</h2>\n<table id=\"reports\"><thead><tr><th data-key=\"path\">文件</th><th data-key=\"organ\">机关</th><th data-key=\"year\" data-type=\"n\">年度</th><th data-key=\"errors\" data-type=\"n\">错误</th><th data-key=\"warnings\" data-type=\"n\">警告</th><th data-key=\"notes\" data-type=\"n\">提示</th><th data-key=\"codes\">检查</th></tr></thead>\n<tbody>\n");
    for e in entries {
        let name = if e.findings() == 0 {
            format!("<code>{}</code>", escape(&e.path))
        } else {
            format!(
                "<a href=\"#r{}\"><code>{}</code></a>",
                e.anchor,
                escape(&e.path)
            )
        };
        let codes: Vec<String> = e.codes.iter().map(|(c, n)| format!("{c}×{n}")).collect();
        let _ = writeln!(
            out,
            "<tr data-path=\"{}\"><td id=\"f{}\">{name}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&e.path),
            e.anchor,
            escape(e.organ.as_deref().unwrap_or("")),
            e.year.map(|y| y.to_string()).unwrap_or_default(),
            e.errors,
            e.warnings,
            e.notes,
            if codes.is_empty() { "<span class=\"ok\">无问题</span>".to_owned() } else { codes.join(" ") }
        );
    }
    out.push_str("</tbody></table>\n");
    out
}

/// The reviewer's view of a folder: the table organ × year and the charts; empty for a single
/// report (the table of reports says it all).
fn overview(entries: &[Entry]) -> String {
    if entries.len() < 2 {
        return String::new();
    }
    let organs = organs::group(entries);
    let mut out = summary::table(&organs, &organs::years(&organs));
    out.push_str(&chart::charts(&organs));
    out
}

/// The end of the page: the sorting script.
pub fn page_tail() -> String {
    format!("<script>{JS}</script>\n</body>\n</html>\n")
}
