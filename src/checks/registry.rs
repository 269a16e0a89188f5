//! Every check code the engine can report, with its severity and the page
//! `nianbao explain CODE` prints. Codes are stable: a code is never reused for another meaning.
//!
//! The `rules!` table below is the one list: it makes both [`RULES`] and the [`Code`] enum, so
//! a finding can only carry a registered code, and takes its severity from here.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::finding::Severity;

/// The documentation of one code.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: Code,
    /// The severity a finding of this code has unless it says otherwise.
    pub severity: Severity,
    /// The other severities a finding of this code may be emitted with (through
    /// [`crate::finding::Finding::with_severity`]), when the same problem matters less or more
    /// in some cases; each entry below says why. Usually empty.
    pub also: &'static [Severity],
    /// A few words, e.g. `（七）总计与各项办理结果之和不一致`.
    pub name: &'static str,
    /// Markdown page: what it checks, why it matters, an example, how to fix, fix safety.
    pub doc: &'static str,
}

impl Rule {
    /// May a finding of this rule's code be emitted with `severity`?
    pub fn allows(&self, severity: Severity) -> bool {
        self.severity == severity || self.also.contains(&severity)
    }
}

macro_rules! rules {
    ($($code:ident $sev:ident $([$($also:ident),+])? $name:literal;)*) => {
        /// A check code. `Debug` and `Display` print it as its string (`"NB024"`, `NB024`), and it
        /// serialises as that string; the order is the registry's, which is the strings' order.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($code,)*
        }

        /// All rules, by code (in the order of [`Code`]).
        pub const RULES: &[Rule] = &[
            $(Rule {
                code: Code::$code,
                severity: Severity::$sev,
                also: &[$($(Severity::$also),+)?],
                name: $name,
                doc: include_str!(concat!("docs/", stringify!($code), ".md")),
            },)*
        ];

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// `"NB024"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }
        }
    };
}

rules! {
    NB001 Warning "未找到第二、三或四部分的表格";
    NB002 Hint "报告的部分不在规定的六个部分之中";
    // Warning: a report on 2018 or earlier, whose tables are not checked at all. Information:
    // the tables of sections 二 and 三 follow different templates, each checked by its own.
    NB003 Warning [Information] "表格与2019年、2021年格式均不一致，或各部分格式不一";
    NB004 Warning "表格格式与报告年度不符";
    // Warning: a certain slip (last year's year left in this year's report), said where the text
    // states the year in words whose meaning is fixed; never a plausibility guess.
    NB005 Warning "报告中所写年份与报告年度不一致";
    // Warning both: a certain fact about the report's structure (not a weak plausibility
    // signal), and one a reviewer sends a report back for; a misplaced section also bounds the
    // tables of its neighbours wrongly.
    NB006 Warning "缺少年度报告格式规定的部分";
    NB007 Warning "部分的顺序与年度报告格式不一致";
    NB010 Warning "行缺少行标题，已按位置认定";
    NB011 Warning "无法识别的行";
    NB012 Error "表格缺少规定的行";
    NB013 Error "表格中同一行重复出现";
    NB014 Information "行的位置与格式不一致";
    NB020 Warning "行中数字多于栏数";
    NB021 Warning "行中数字少于栏数";
    NB022 Warning "一个单元格内有多个数字";
    NB023 Warning "相邻单元格的数字连在一起";
    NB024 Information "空白单元格按0计";
    NB025 Warning "“总计”未填写";
    NB026 Information "数字带有单位或分隔符";
    NB027 Error "不是有效的件数";
    NB030 Information "行标题与格式规定的文字不一致";
    NB031 Hint "表头不完整";
    NB040 Information "草稿中待更新的标记";
    NB101 Error "第三部分：行的总计与各类申请人之和不一致";
    NB102 Error "第三部分：（七）总计与各项办理结果之和不一致";
    NB103 Error "第三部分：一+二 ≠ 三（七）+四";
    NB201 Error "第四部分：复议、诉讼总计与各项之和不一致";
    NB401 Warning "本年上年结转与上年报告的结转下年度不一致";
    NB402 Hint "第二部分现行有效件数与上年报告及本年制发、废止不衔接";
    NB403 Hint "第二部分上一年项目数量与上年报告的项目数量及增减不衔接";
    NB501 Warning "正文所述收到申请数与表格不一致";
    NB502 Warning "正文所述上年结转数与表格不一致";
    NB503 Warning "正文所述办结数与表格不一致";
    NB504 Warning "正文所述结转下年度数与表格不一致";
    NB505 Hint "正文所述办理结果分项数与表格不一致";
    NB506 Warning "正文所述行政复议数与表格不一致";
    NB507 Warning "正文所述行政诉讼数与表格不一致";
    NB508 Warning "正文称未收到申请或无复议诉讼，表格却有数";
    NB509 Hint "正文所述合计与括号内分项之和不一致";
    NB510 Hint "第六部分未说明信息处理费的收取情况";
    NB511 Hint "正文所述与上年相比的变化与两年报告的表格不符";
}

impl Code {
    /// This code's entry in [`RULES`].
    pub const fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// The severity a finding of this code has by default.
    pub const fn severity(self) -> Severity {
        self.rule().severity
    }

    /// A few words ([`Rule::name`]).
    pub const fn name(self) -> &'static str {
        self.rule().name
    }

    /// The code spelled `code`, in any case (`nb102`).
    pub fn parse(code: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(code))
    }
}

/// A string that is no registered code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown code `{}`", self.0)
    }
}

impl std::error::Error for UnknownCode {}

impl std::str::FromStr for Code {
    type Err = UnknownCode;

    /// [`Code::parse`].
    fn from_str(s: &str) -> Result<Code, UnknownCode> {
        Code::parse(s).ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

/// As the string was: `"NB024"`, quoted.
impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// `NB024`.
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Exact comparison with a code's string (`f.code == "NB101"`), as before codes were typed.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// The rule for `code` (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    Code::parse(code).map(Code::rule)
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
    fn codes_are_in_order_and_documented() {
        assert_eq!(Code::ALL.len(), RULES.len());
        for (i, (&code, r)) in Code::ALL.iter().zip(RULES).enumerate() {
            assert_eq!(r.code, code);
            assert_eq!(code as usize, i);
            assert!(r.doc.contains("## "), "{code} doc needs sections");
            assert!(
                !r.also.contains(&r.severity),
                "{code} lists its own severity"
            );
        }
        // the enum's order (findings are sorted by it) is the strings' order
        let strings: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = strings.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(strings, sorted);
    }

    /// A page in `docs/` for every code, and no page for a code that is not registered.
    #[test]
    fn every_page_is_a_code() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/checks/docs");
        let mut pages: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        pages.sort();
        let codes: Vec<String> = Code::ALL.iter().map(|c| format!("{c}.md")).collect();
        assert_eq!(pages, codes);
    }

    #[test]
    fn code_prints_parses_and_serialises_as_its_string() {
        let c = Code::NB024;
        assert_eq!(format!("{c:?}"), format!("{:?}", "NB024"));
        assert_eq!(format!("{c} {c:<7}|"), "NB024 NB024  |");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"NB024\"");
        assert_eq!(Code::parse("nb024"), Some(c));
        assert_eq!("Nb024".parse::<Code>(), Ok(c));
        assert!(Code::parse("NB999").is_none() && Code::parse(" NB024").is_none());
        assert!(c == "NB024" && c != "nb024");
        assert_eq!(
            (c.severity(), c.name()),
            (Severity::Information, "空白单元格按0计")
        );
        assert!(Code::NB003.rule().allows(Severity::Information));
        assert!(!Code::NB004.rule().allows(Severity::Information));
    }

    #[test]
    fn explain_is_case_insensitive() {
        assert!(explain("nb102").unwrap().starts_with("# NB102"));
        assert!(explain("NB999").is_none());
    }
}
