//! The shape of a rule file as written: plain serde structures with source spans, before validation.
//!
//! Everything here is deliberately loose (strings rather than enums, options rather than required
//! fields) so that the loader in `load.rs` can check each value itself and report the file, line and
//! column of the value that is wrong, with a reason a policy officer can act on. Unknown keys are
//! rejected by serde, so a misspelt key never passes silently.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// One rule file. Any file may hold any of these tables; the loader merges them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileDef {
    pub ruleset: Option<Spanned<RulesetDef>>,
    pub refusal: Option<Spanned<RefusalDef>>,
    #[serde(default)]
    pub law: Vec<LawDef>,
    #[serde(default)]
    pub organiser: Vec<TermDef>,
    #[serde(default)]
    pub supporting_document: Vec<TermDef>,
    #[serde(default)]
    pub condition: Vec<TermDef>,
    #[serde(default)]
    pub area: Vec<AreaDef>,
    /// Values every `[[scheme]]` of this file inherits unless it sets them itself.
    pub defaults: Option<SchemeDef>,
    #[serde(default)]
    pub scheme: Vec<SchemeDef>,
    #[serde(default)]
    pub visa_category: Vec<CategoryDef>,
    #[serde(default)]
    pub residence_category: Vec<CategoryDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RulesetDef {
    pub id: Spanned<String>,
    pub version: Spanned<String>,
    pub jurisdiction: Spanned<String>,
    pub title_en: String,
    pub title_zh: String,
    pub compiled: Spanned<DateDef>,
    pub coverage_from: Option<Spanned<DateDef>>,
    pub draft: Option<bool>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RefusalDef {
    pub no_scheme: Vec<Spanned<String>>,
    pub purpose_mismatch: Vec<Spanned<String>>,
    pub invalid_document: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LawDef {
    pub id: Spanned<String>,
    pub title_en: String,
    pub title_zh: String,
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermDef {
    pub id: Spanned<String>,
    pub en: String,
    pub zh: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AreaDef {
    pub id: Spanned<String>,
    pub name_en: String,
    pub name_zh: String,
    pub confidence: Spanned<String>,
    #[serde(default)]
    pub region: Vec<RegionDef>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegionDef {
    pub province: Spanned<String>,
    pub province_zh: String,
    #[serde(default)]
    pub cities: Vec<String>,
    #[serde(default)]
    pub cities_zh: Vec<String>,
    pub confidence: Option<Spanned<String>>,
    pub note: Option<String>,
}

/// A scheme, or the `[defaults]` of a file (the same keys, all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SchemeDef {
    pub id: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub name_en: Option<String>,
    pub name_zh: Option<String>,
    pub precedence: Option<Spanned<i64>>,
    pub valid_from: Option<Spanned<DateDef>>,
    pub valid_to: Option<Spanned<DateDef>>,
    pub nationalities: Option<Spanned<CodeList>>,
    pub excluded_nationalities: Option<Vec<Spanned<String>>>,
    pub batch: Option<Vec<BatchDef>>,
    pub document_types: Option<Vec<Spanned<String>>>,
    pub ports: Option<Spanned<CodeList>>,
    pub port_provinces: Option<Vec<Spanned<String>>>,
    pub port_cities: Option<Vec<Spanned<String>>>,
    pub port_batch: Option<Vec<PortBatchDef>>,
    pub ports_confidence: Option<Spanned<String>>,
    pub exit: Option<Spanned<String>>,
    pub origins: Option<Vec<Spanned<String>>>,
    pub area: Option<Spanned<String>>,
    pub max_stay: Option<Spanned<String>>,
    pub clock: Option<Spanned<String>>,
    pub purposes_allowed: Option<Vec<Spanned<String>>>,
    pub purposes_excluded: Option<Vec<Spanned<String>>>,
    pub amendment: Option<Vec<AmendmentDef>>,
    pub onward: Option<Spanned<OnwardDef>>,
    pub group: Option<Spanned<GroupDef>>,
    pub requires_documents: Option<Vec<Spanned<String>>>,
    pub holding: Option<Spanned<String>>,
    pub min_document_validity_months: Option<Spanned<i64>>,
    pub rolling_limit: Option<Spanned<RollingDef>>,
    pub conditions: Option<Vec<Spanned<String>>>,
    pub legal_basis: Option<Vec<Spanned<String>>>,
    pub sources: Option<Vec<String>>,
    pub confidence: Option<Spanned<String>>,
    pub note: Option<String>,
}

impl SchemeDef {
    /// Fills every key this scheme leaves unset from the file's `[defaults]`.
    pub fn inherit(&mut self, d: &SchemeDef) {
        fn fill<T: Clone>(slot: &mut Option<T>, default: &Option<T>) {
            if slot.is_none() {
                slot.clone_from(default);
            }
        }
        // `id` is never inherited: every scheme names itself.
        fill(&mut self.kind, &d.kind);
        fill(&mut self.name_en, &d.name_en);
        fill(&mut self.name_zh, &d.name_zh);
        fill(&mut self.precedence, &d.precedence);
        fill(&mut self.valid_from, &d.valid_from);
        fill(&mut self.valid_to, &d.valid_to);
        fill(&mut self.nationalities, &d.nationalities);
        fill(&mut self.excluded_nationalities, &d.excluded_nationalities);
        fill(&mut self.batch, &d.batch);
        fill(&mut self.document_types, &d.document_types);
        fill(&mut self.ports, &d.ports);
        fill(&mut self.port_provinces, &d.port_provinces);
        fill(&mut self.port_cities, &d.port_cities);
        fill(&mut self.port_batch, &d.port_batch);
        fill(&mut self.ports_confidence, &d.ports_confidence);
        fill(&mut self.exit, &d.exit);
        fill(&mut self.origins, &d.origins);
        fill(&mut self.area, &d.area);
        fill(&mut self.max_stay, &d.max_stay);
        fill(&mut self.clock, &d.clock);
        fill(&mut self.purposes_allowed, &d.purposes_allowed);
        fill(&mut self.purposes_excluded, &d.purposes_excluded);
        fill(&mut self.amendment, &d.amendment);
        fill(&mut self.onward, &d.onward);
        fill(&mut self.group, &d.group);
        fill(&mut self.requires_documents, &d.requires_documents);
        fill(&mut self.holding, &d.holding);
        fill(&mut self.min_document_validity_months, &d.min_document_validity_months);
        fill(&mut self.rolling_limit, &d.rolling_limit);
        fill(&mut self.conditions, &d.conditions);
        fill(&mut self.legal_basis, &d.legal_basis);
        fill(&mut self.sources, &d.sources);
        fill(&mut self.confidence, &d.confidence);
        fill(&mut self.note, &d.note);
    }
}

/// A group of nationalities that joined a scheme together, with their own dates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BatchDef {
    pub from: Option<Spanned<DateDef>>,
    pub to: Option<Spanned<DateDef>>,
    pub nationalities: Vec<Spanned<String>>,
    pub confidence: Option<Spanned<String>>,
    #[serde(default)]
    // Documentation for people reading the file; parsed so that a misspelt key is still an error.
    #[allow(dead_code)]
    pub sources: Vec<String>,
    // Documentation for people reading the file; parsed so that a misspelt key is still an error.
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// A group of ports designated together, with their own dates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PortBatchDef {
    pub from: Option<Spanned<DateDef>>,
    pub to: Option<Spanned<DateDef>>,
    pub ports: Vec<Spanned<String>>,
    pub confidence: Option<Spanned<String>>,
    #[serde(default)]
    // Documentation for people reading the file; parsed so that a misspelt key is still an error.
    #[allow(dead_code)]
    pub sources: Vec<String>,
    // Documentation for people reading the file; parsed so that a misspelt key is still an error.
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// A change of terms from a date on (a longer stay, more purposes).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AmendmentDef {
    pub from: Spanned<DateDef>,
    pub max_stay: Option<Spanned<String>>,
    pub purposes_allowed: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    // Documentation for people reading the file; parsed so that a misspelt key is still an error.
    #[allow(dead_code)]
    pub sources: Vec<String>,
    // Documentation for people reading the file; parsed so that a misspelt key is still an error.
    #[allow(dead_code)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OnwardDef {
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default = "yes")]
    pub third_country: bool,
    #[serde(default = "yes")]
    pub within_stay: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GroupDef {
    pub min_size: Spanned<i64>,
    #[serde(default)]
    pub organisers: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    pub together: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RollingDef {
    pub days: Spanned<i64>,
    pub window_days: Spanned<i64>,
}

/// A visa category (`L`, `M`, `Z`, …) or a residence-permit category.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CategoryDef {
    pub code: Spanned<String>,
    pub name_en: String,
    pub name_zh: String,
    pub purposes: Vec<Spanned<String>>,
    pub default_stay_days: Option<Spanned<i64>>,
    #[serde(default)]
    pub residence_permit_required: bool,
    pub confidence: Spanned<String>,
}

fn yes() -> bool {
    true
}

/// `"*"` (everything) or a list of codes.
#[derive(Debug, Clone)]
pub(crate) enum CodeList {
    All,
    List(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for CodeList {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CodeList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"*\" or a list of codes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CodeList, E> {
                if v == "*" { Ok(CodeList::All) } else { Err(E::custom("expected \"*\" or a list of codes")) }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CodeList, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    out.push(item);
                }
                Ok(CodeList::List(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A calendar date, written as a TOML local date (`2024-12-17`) or a string (`"2024-12-17"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateDef(pub jiff::civil::Date);

impl<'de> Deserialize<'de> for DateDef {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateDef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date such as 2024-12-17")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateDef, E> {
                v.parse::<jiff::civil::Date>()
                    .map(DateDef)
                    .map_err(|_| E::custom(format!("{v:?} is not a date such as 2024-12-17")))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateDef, A::Error> {
                // TOML hands its native date-times to serde as a one-entry map; let the toml crate's own
                // type read it, then insist on a bare date.
                let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (dt.date, dt.time, dt.offset) {
                    (Some(date), None, None) => {
                        let (y, m, d) = (i16::try_from(date.year), i8::try_from(date.month), date.day);
                        match (y, m, i8::try_from(d)) {
                            (Ok(y), Ok(m), Ok(d)) => jiff::civil::Date::new(y, m, d)
                                .map(DateDef)
                                .map_err(|_| de::Error::custom("not a valid calendar date")),
                            _ => Err(de::Error::custom("not a valid calendar date")),
                        }
                    }
                    _ => Err(de::Error::custom("expected a date without time or offset, such as 2024-12-17")),
                }
            }
        }
        d.deserialize_any(V)
    }
}
