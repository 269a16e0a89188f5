//! Every check code the engine can report, with its default severity and the page
//! `nianbao explain CODE` prints. Codes are stable: a code is never reused for another meaning.

use crate::finding::Severity;

/// The documentation of one code.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// A few words, e.g. `（七）总计与各项办理结果之和不一致`.
    pub name: &'static str,
    /// Markdown page: what it checks, why it matters, an example, how to fix, fix safety.
    pub doc: &'static str,
}

macro_rules! rules {
    ($($code:literal $sev:ident $name:literal $file:literal;)*) => {
        /// All rules, by code.
        pub const RULES: &[Rule] = &[
            $(Rule { code: $code, severity: Severity::$sev, name: $name, doc: include_str!(concat!("docs/", $file)) },)*
        ];
    };
}

rules! {
    "NB001" Warning "未找到第二、三或四部分的表格" "NB001.md";
    "NB002" Hint "报告的部分不在规定的六个部分之中" "NB002.md";
    "NB003" Warning "表格与2019年、2021年格式均不一致，或各部分格式不一" "NB003.md";
    "NB004" Warning "表格格式与报告年度不符" "NB004.md";
    "NB010" Warning "行缺少行标题，已按位置认定" "NB010.md";
    "NB011" Warning "无法识别的行" "NB011.md";
    "NB012" Error "表格缺少规定的行" "NB012.md";
    "NB013" Error "表格中同一行重复出现" "NB013.md";
    "NB014" Information "行的位置与格式不一致" "NB014.md";
    "NB020" Warning "行中数字多于栏数" "NB020.md";
    "NB021" Warning "行中数字少于栏数" "NB021.md";
    "NB022" Warning "一个单元格内有多个数字" "NB022.md";
    "NB023" Warning "相邻单元格的数字连在一起" "NB023.md";
    "NB024" Information "空白单元格按0计" "NB024.md";
    "NB025" Warning "“总计”未填写" "NB025.md";
    "NB026" Information "数字带有单位或分隔符" "NB026.md";
    "NB027" Error "不是有效的件数" "NB027.md";
    "NB030" Information "行标题与格式规定的文字不一致" "NB030.md";
    "NB031" Hint "表头不完整" "NB031.md";
    "NB101" Error "第三部分：行的总计与各类申请人之和不一致" "NB101.md";
    "NB102" Error "第三部分：（七）总计与各项办理结果之和不一致" "NB102.md";
    "NB103" Error "第三部分：一+二 ≠ 三（七）+四" "NB103.md";
    "NB201" Error "第四部分：复议、诉讼总计与各项之和不一致" "NB201.md";
}

/// The rule for `code` (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The page `nianbao explain CODE` prints.
pub fn explain(code: &str) -> Option<String> {
    let r = rule(code)?;
    Some(format!(
        "# {} {}\n\n默认级别：{}\n\n{}",
        r.code,
        r.name,
        r.severity.as_str(),
        r.doc.trim_end()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let mut codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
        for r in RULES {
            assert!(r.doc.contains("## "), "{} doc needs sections", r.code);
        }
    }

    #[test]
    fn explain_is_case_insensitive() {
        assert!(explain("nb102").unwrap().starts_with("# NB102"));
        assert!(explain("NB999").is_none());
    }
}
