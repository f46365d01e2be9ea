//! Plain words for the public self-check page and for officers: deadlines ("leave by 24:00 on 11
//! December" / "请于12月11日24时前离境"), permitted areas and legal citations, in English and Chinese.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::decision::Decision;
use crate::model::Kind;
use crate::ruleset::{Area, Citation, RuleSet};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The end of a permitted stay as people say it: an exclusive instant at 00:00 is "24:00" of the day before.
///
/// ```
/// let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
/// let until = policy::parse_instant("2026-12-12T00:00", "Asia/Shanghai").unwrap();
/// let d = policy::Deadline::new(until, &tz);
/// assert_eq!(d.en(), "leave by 24:00 on 11 December");
/// assert_eq!(d.zh(), "请于12月11日24时前离境");
/// assert_eq!(d.en_full(), "leave by 24:00 on 11 December 2026");
/// assert_eq!(d.zh_full(), "请于2026年12月11日24时前离境");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The calendar day the traveller must leave on.
    pub date: Date,
    /// Hour (1–24; 24 means the end of `date`).
    pub hour: i8,
    /// Minute.
    pub minute: i8,
}

impl Deadline {
    /// The deadline for an exclusive end instant, read in `tz`.
    pub fn new(until: Timestamp, tz: &TimeZone) -> Self {
        let dt = tz.to_datetime(until);
        let at_midnight =
            dt.hour() == 0 && dt.minute() == 0 && dt.second() == 0 && dt.subsec_nanosecond() == 0;
        match (at_midnight, dt.date().yesterday()) {
            (true, Ok(day_before)) => Deadline { date: day_before, hour: 24, minute: 0 },
            _ => Deadline { date: dt.date(), hour: dt.hour(), minute: dt.minute() },
        }
    }

    fn month_en(&self) -> &'static str {
        usize::try_from(self.date.month() - 1).ok().and_then(|i| MONTHS.get(i)).copied().unwrap_or("")
    }

    /// `leave by 24:00 on 11 December`.
    pub fn en(&self) -> String {
        format!("leave by {:02}:{:02} on {} {}", self.hour, self.minute, self.date.day(), self.month_en())
    }

    /// `leave by 24:00 on 11 December 2026`.
    pub fn en_full(&self) -> String {
        format!("{} {}", self.en(), self.date.year())
    }

    fn time_zh(&self) -> String {
        if self.minute == 0 {
            format!("{}时", self.hour)
        } else {
            format!("{}时{}分", self.hour, self.minute)
        }
    }

    /// `请于12月11日24时前离境`.
    pub fn zh(&self) -> String {
        format!("请于{}月{}日{}前离境", self.date.month(), self.date.day(), self.time_zh())
    }

    /// `请于2026年12月11日24时前离境`.
    pub fn zh_full(&self) -> String {
        format!(
            "请于{}年{}月{}日{}前离境",
            self.date.year(),
            self.date.month(),
            self.date.day(),
            self.time_zh()
        )
    }
}

/// Upper-cases the first letter.
pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `from 2024-12-17 to 2026-12-31`, `from 2024-12-17`, `until 2026-12-31`, `at any time`.
pub(crate) fn period_en(from: Option<Date>, to: Option<Date>) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!("from {f} to {t}"),
        (Some(f), None) => format!("from {f}"),
        (None, Some(t)) => format!("until {t}"),
        (None, None) => "at any time".into(),
    }
}

/// A local date-time in Chinese: `2026年12月8日10时30分`.
pub(crate) fn datetime_zh(ts: Timestamp, tz: &TimeZone) -> String {
    let dt: DateTime = tz.to_datetime(ts);
    let mut out = format!("{}年{}月{}日{}时", dt.year(), dt.month(), dt.day(), dt.hour());
    if dt.minute() != 0 {
        out.push_str(&format!("{}分", dt.minute()));
    }
    out
}

/// The permitted area in English: `the 24 provinces … : Beijing; …; Shanxi (Taiyuan, Datong); …`.
pub fn area_en(area: &Area) -> String {
    if area.regions.is_empty() {
        return area.name_en.clone();
    }
    let parts: Vec<String> = area
        .regions
        .iter()
        .map(|r| {
            let mut s = if r.cities.is_empty() {
                r.province.clone()
            } else {
                format!("{} ({})", r.province, r.cities.join(", "))
            };
            if r.confidence < crate::model::Confidence::Ok {
                s.push_str(&format!(" [{}]", r.confidence));
            }
            s
        })
        .collect();
    format!("{}: {}", area.name_en, parts.join("; "))
}

/// The permitted area in Chinese: `…：北京市；…；山西省（太原市、大同市）；…`.
pub fn area_zh(area: &Area) -> String {
    if area.regions.is_empty() {
        return area.name_zh.clone();
    }
    let parts: Vec<String> = area
        .regions
        .iter()
        .map(|r| {
            let mut s = if r.cities_zh.is_empty() {
                r.province_zh.clone()
            } else {
                format!("{}（{}）", r.province_zh, r.cities_zh.join("、"))
            };
            if r.confidence < crate::model::Confidence::Ok {
                s.push_str(&format!("〔{}〕", r.confidence));
            }
            s
        })
        .collect();
    format!("{}：{}", area.name_zh, parts.join("；"))
}

/// A Chinese numeral for 1–9999 (`22` → `二十二`, `105` → `一百零五`); other numbers in digits.
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 4] = ["", "十", "百", "千"];
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let digits: Vec<usize> = n.to_string().bytes().map(|b| usize::from(b - b'0')).collect();
    let len = digits.len();
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = UNITS.get(len - 1 - i).copied().unwrap_or("");
        if d == 0 {
            pending_zero = true;
            continue;
        }
        if pending_zero && !out.is_empty() {
            out.push('零');
        }
        pending_zero = false;
        // "十五", not "一十五", when the number starts in the tens.
        if !(d == 1 && unit == "十" && i == 0) {
            out.push_str(DIGITS.get(d).copied().unwrap_or(""));
        }
        out.push_str(unit);
    }
    out
}

/// A citation in English: `Exit and Entry Administration Law of the People's Republic of China, Art. 22(3)`.
pub fn citation_en(rules: &RuleSet, c: &Citation) -> String {
    let title = rules.law(c.law).map_or(c.text.as_str(), |l| l.title_en.as_str());
    match (c.article, c.item) {
        (Some(a), Some(i)) => format!("{title}, Art. {a}({i})"),
        (Some(a), None) => format!("{title}, Art. {a}"),
        _ => title.to_owned(),
    }
}

/// A citation in Chinese: `《中华人民共和国出境入境管理法》第二十二条第（三）项`.
pub fn citation_zh(rules: &RuleSet, c: &Citation) -> String {
    let title = rules.law(c.law).map_or(c.text.as_str(), |l| l.title_zh.as_str());
    let mut out = format!("《{title}》");
    if let Some(a) = c.article {
        out.push_str(&format!("第{}条", chinese_number(u32::from(a))));
        if let Some(i) = c.item {
            out.push_str(&format!("第（{}）项", chinese_number(u32::from(i))));
        }
    }
    out
}

/// The answer of the public page "Can I enter China without a visa?", in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PlainAnswer {
    /// True if some scheme or holding admits the traveller.
    pub admissible: bool,
    /// The decision kind.
    pub kind: Kind,
    /// One sentence.
    pub answer_en: String,
    /// One sentence.
    pub answer_zh: String,
    /// `leave by 24:00 on 11 December 2026`.
    pub deadline_en: Option<String>,
    /// `请于2026年12月11日24时前离境`.
    pub deadline_zh: Option<String>,
    /// Where the traveller may stay.
    pub area_en: Option<String>,
    /// Where the traveller may stay.
    pub area_zh: Option<String>,
    /// The legal basis.
    pub legal_basis_en: Vec<String>,
    /// The legal basis.
    pub legal_basis_zh: Vec<String>,
    /// The conditions.
    pub conditions_en: Vec<String>,
    /// The conditions.
    pub conditions_zh: Vec<String>,
    /// The rule set version the answer comes from.
    pub ruleset: String,
}

impl PlainAnswer {
    pub(crate) fn of(d: &Decision<'_>) -> Self {
        let rules = d.rules();
        let (answer_en, answer_zh) = match (d.kind(), d.scheme()) {
            (kind, Some(s)) if kind.is_visa_free() => (
                format!("Yes. You may enter without a visa under the {}.", s.name_en),
                format!("可以。您可依据“{}”政策免签入境。", s.name_zh),
            ),
            (Kind::PortVisa, Some(s)) => (
                format!("You may apply for a port visa on arrival ({}).", s.name_en),
                format!("您可在抵达口岸申请口岸签证（{}）。", s.name_zh),
            ),
            (Kind::Visa, _) => ("Yes, on the visa you hold.".into(), "可以，凭所持签证入境。".into()),
            (Kind::ResidencePermit, _) => {
                ("Yes, on the residence permit you hold.".into(), "可以，凭所持外国人居留证件入境。".into())
            }
            _ => (
                "No. No visa-free scheme applies to this journey: you need a visa.".into(),
                "不可以。本次行程不符合任何免签政策，需要办理签证。".into(),
            ),
        };
        let conditions = d.conditions();
        PlainAnswer {
            admissible: d.admissible(),
            kind: d.kind(),
            answer_en,
            answer_zh,
            deadline_en: d.deadline().map(|x| x.en_full()),
            deadline_zh: d.deadline().map(|x| x.zh_full()),
            area_en: d.permitted_area().map(area_en),
            area_zh: d.permitted_area().map(area_zh),
            legal_basis_en: d.legal_basis().iter().map(|c| citation_en(rules, c)).collect(),
            legal_basis_zh: d.legal_basis().iter().map(|c| citation_zh(rules, c)).collect(),
            conditions_en: conditions.iter().map(|c| c.en.clone()).collect(),
            conditions_zh: conditions.iter().map(|c| c.zh.clone()).collect(),
            ruleset: rules.label().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (15, "十五"),
            (20, "二十"),
            (22, "二十二"),
            (78, "七十八"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (0, "0"),
        ];
        for (n, want) in cases {
            assert_eq!(chinese_number(n), want, "{n}");
        }
    }

    #[test]
    fn deadlines() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let cases = [
            ("2026-12-12T00:00", "leave by 24:00 on 11 December", "请于12月11日24时前离境"),
            ("2027-01-01T00:00", "leave by 24:00 on 31 December", "请于12月31日24时前离境"),
            ("2026-12-02T10:30", "leave by 10:30 on 2 December", "请于12月2日10时30分前离境"),
        ];
        for (text, en, zh) in cases {
            let ts = crate::parse_instant(text, "Asia/Shanghai").unwrap();
            let d = Deadline::new(ts, &tz);
            assert_eq!((d.en().as_str(), d.zh().as_str()), (en, zh), "{text}");
        }
    }
}
