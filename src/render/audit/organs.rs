//! The reports of a page grouped by organ and year, for the summary table and the charts.
//! Organs compare by [`organ_key`], the key NB401 pairs reports by, so the view and the
//! cross-year check agree on what one organ is. Reports whose organ or year was not read are
//! kept in a group of their own, never dropped.

use std::collections::BTreeMap;

use super::Entry;
use crate::corpus::years::organ_key;

/// A report's year; the unknown year sorts after every known one (its column is last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Year {
    Known(u32),
    Unknown,
}

impl Year {
    fn of(e: &Entry) -> Year {
        e.year.map_or(Year::Unknown, Year::Known)
    }

    /// The value of the page's `data-year` attributes: the year, or empty.
    pub fn attr(self) -> String {
        match self {
            Year::Known(y) => y.to_string(),
            Year::Unknown => String::new(),
        }
    }
}

/// One organ's reports by year, each year's in the order given.
#[derive(Debug, Clone)]
pub struct Organ<'a> {
    /// [`organ_key`] of the name; `None` for the reports whose organ was not read.
    pub key: Option<String>,
    /// As the first report's title prints it.
    pub name: Option<String>,
    pub years: BTreeMap<Year, Vec<&'a Entry>>,
}

impl Organ<'_> {
    /// The known years, ascending.
    pub fn known_years(&self) -> Vec<u32> {
        self.years
            .keys()
            .filter_map(|y| match y {
                Year::Known(y) => Some(*y),
                Year::Unknown => None,
            })
            .collect()
    }
}

/// The entries by organ: known organs by key, then the reports with no organ.
pub fn group(entries: &[Entry]) -> Vec<Organ<'_>> {
    let mut by_key: BTreeMap<Option<String>, Organ<'_>> = BTreeMap::new();
    for e in entries {
        let key = e.organ.as_deref().map(organ_key).filter(|k| !k.is_empty());
        let organ = by_key.entry(key.clone()).or_insert_with(|| Organ {
            name: key.as_ref().and(e.organ.clone()),
            key,
            years: BTreeMap::new(),
        });
        organ.years.entry(Year::of(e)).or_default().push(e);
    }
    // `None` sorts first in a BTreeMap: move the unknown organ to the end.
    let mut organs: Vec<Organ<'_>> = by_key.into_values().collect();
    if organs.first().is_some_and(|o| o.key.is_none()) {
        organs.rotate_left(1);
    }
    organs
}

/// Every year any organ has, ascending, the unknown year last.
pub fn years(organs: &[Organ<'_>]) -> Vec<Year> {
    let mut all: Vec<Year> = organs
        .iter()
        .flat_map(|o| o.years.keys().copied())
        .collect();
    all.sort();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(organ: Option<&str>, year: Option<u32>, anchor: usize) -> Entry {
        Entry {
            path: format!("{anchor}.txt"),
            organ: organ.map(str::to_owned),
            year,
            anchor,
            ..Entry::default()
        }
    }

    #[test]
    fn reports_group_by_organ_key_and_year_with_the_unknown_last() {
        let entries = vec![
            entry(None, Some(2022), 0),
            entry(Some("乙县 人民政府"), Some(2023), 1),
            entry(Some("甲县人民政府"), None, 2),
            entry(Some("乙县人民政府"), Some(2022), 3),
            entry(Some("乙县人民政府"), Some(2023), 4),
        ];
        let organs = group(&entries);
        let keys: Vec<Option<&str>> = organs.iter().map(|o| o.key.as_deref()).collect();
        assert_eq!(keys, [Some("乙县人民政府"), Some("甲县人民政府"), None]);
        // the name as the first report prints it
        assert_eq!(organs[0].name.as_deref(), Some("乙县 人民政府"));
        assert_eq!(organs[0].known_years(), [2022, 2023]);
        let copies: Vec<usize> = organs[0].years[&Year::Known(2023)]
            .iter()
            .map(|e| e.anchor)
            .collect();
        assert_eq!(copies, [1, 4]);
        assert_eq!(organs[1].known_years(), Vec::<u32>::new());
        assert_eq!(organs[2].name, None);
        assert_eq!(
            years(&organs),
            [Year::Known(2022), Year::Known(2023), Year::Unknown]
        );
    }

    #[test]
    fn a_blank_organ_is_no_organ() {
        let entries = vec![entry(Some("  "), Some(2022), 0)];
        let organs = group(&entries);
        assert_eq!(organs.len(), 1);
        assert_eq!(organs[0].key, None);
        assert_eq!(organs[0].name, None);
        assert_eq!(Year::Unknown.attr(), "");
        assert_eq!(Year::Known(2022).attr(), "2022");
    }
}
