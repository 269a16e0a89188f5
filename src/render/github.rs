//! Findings as GitHub Actions workflow commands (`::error file=…,line=…::message`), so a CI job
//! that runs `nianbao check --format github` annotates the report's lines in a pull request.

use super::Source;
use crate::finding::{Finding, Severity};

pub fn render_findings<'a>(
    src: &Source,
    findings: impl IntoIterator<Item = &'a Finding>,
) -> String {
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information | Severity::Hint => "notice",
        };
        if src.places.is_some() {
            // a Word file has no lines to annotate: the place goes before the message
            let place = src.place(f.span);
            let label = place.map_or_else(|| "正文".to_owned(), super::place_label);
            let row = place.map_or("", |p| p.row_text.as_str());
            out.push_str(&format!(
                "::{level} file={},title={}::{}\n",
                escape_property(src.path),
                escape_property(f.code.as_str()),
                escape_data(&format!("{label}: {}\n{row}", f.message)),
            ));
            continue;
        }
        let r = src.range(f.span);
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(src.path),
            r.line,
            r.column,
            r.end_line,
            r.end_column,
            escape_property(f.code.as_str()),
            escape_data(&f.message),
        ));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::Code;

    #[test]
    fn one_workflow_command_per_finding() {
        let text = "（七）总计 | 165 |";
        let at = text.find("165").unwrap();
        // a severity NB102 never has, as a user's settings may give it
        let f = Finding {
            severity: Severity::Information,
            ..Finding::new(Code::NB102, Span::new(at, at + 3), "相差1%\n")
        };
        assert_eq!(
            render_findings(&Source::new("a,b:c.txt", text), &[f]),
            "::notice file=a%2Cb%3Ac.txt,line=1,col=9,endLine=1,endColumn=12,title=NB102::相差1%25%0A\n"
        );
    }
}
