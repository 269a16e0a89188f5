//! `nianbao fix --diff`: what fixing would change, as a unified diff (`similar`).

use similar::TextDiff;

use super::style::Role;
use super::Style;

/// A unified diff of `old` → `new` with `a/PATH` / `b/PATH` headers and 3 lines of context;
/// empty when the texts are equal.
pub fn unified(path: &str, old: &str, new: &str, style: Style) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    if !style.color {
        return text;
    }
    text.split_inclusive('\n')
        .map(|line| {
            let (body, newline) = match line.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (line, ""),
            };
            let role = match line.as_bytes().first() {
                Some(b'-') if !line.starts_with("---") => Some(Role::Removed),
                Some(b'+') if !line.starts_with("+++") => Some(Role::Added),
                Some(b'@') => Some(Role::Gutter),
                _ => None,
            };
            match role {
                Some(role) => format!("{}{newline}", style.paint(role, body)),
                None => line.to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_only_the_changed_line_with_context() {
        let old = "a\n（七）总计 | 165 |\nb\n";
        let new = "a\n（七）总计 | 164 |\nb\n";
        let d = unified("r.txt", old, new, Style::PLAIN);
        assert_eq!(
            d,
            "--- a/r.txt\n+++ b/r.txt\n@@ -1,3 +1,3 @@\n a\n-（七）总计 | 165 |\n+（七）总计 | 164 |\n b\n"
        );
        assert_eq!(unified("r.txt", old, old, Style::PLAIN), "");
    }
}
