//! A validated, compiled rule set: schemes with their terms, the areas, laws and vocabularies they refer
//! to, and the indices that make evaluation fast (nationality → candidate schemes in precedence order,
//! port code → port).
//!
//! A `RuleSet` is immutable once built and can only be built by [`RuleSet::load`], so every reference
//! inside it (scheme → area, citation → law, port → registry) is known to resolve.

use std::collections::HashMap;

use codes::{CountryCode, PortKind};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::model::{Clock, Confidence, DocumentTypeSet, Kind, PurposeSet, StayLength};

/// A compiled, validated rule set. Build one with [`RuleSet::load`] or [`RuleSet::china`].
#[derive(Debug)]
pub struct RuleSet {
    pub(crate) meta: RuleSetMeta,
    pub(crate) laws: Vec<Law>,
    pub(crate) conditions: Vec<Term>,
    pub(crate) organisers: Vec<Term>,
    pub(crate) documents: Vec<Term>,
    pub(crate) areas: Vec<Area>,
    pub(crate) schemes: Vec<Scheme>,
    pub(crate) visa_categories: Vec<Category>,
    pub(crate) residence_categories: Vec<Category>,
    pub(crate) refusal: Refusal,
    pub(crate) ports: Vec<PortInfo>,
    pub(crate) port_index: HashMap<Box<str>, u16>,
    /// Candidate list id for every possible three-character code (27³ slots; see [`slot`]).
    pub(crate) nat_slots: Vec<u16>,
    pub(crate) lists: Vec<CandidateList>,
    pub(crate) files: Vec<String>,
}

/// What identifies a rule set: its declared id and version and the SHA-256 of its files.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct RuleSetMeta {
    /// The rule set's id (`cn`).
    pub id: String,
    /// The version declared in `ruleset.toml`.
    pub version: String,
    /// SHA-256 over the files (name and contents, sorted by file name), lower-case hex.
    pub hash: String,
    /// `id@version+sha256:<first 12 hex digits>`, the label every decision reports.
    pub label: String,
    /// True for a draft rule set (a what-if scenario, not in force).
    pub draft: bool,
    /// The state whose rules these are.
    pub jurisdiction: CountryCode,
    /// English title.
    pub title_en: String,
    /// Chinese title.
    pub title_zh: String,
    /// The date the facts were compiled.
    pub compiled: Date,
    /// The earliest arrival date the rule set aims to describe completely.
    pub coverage_from: Option<Date>,
    /// Free-text note.
    pub note: Option<String>,
}

/// A law or official instrument that citations refer to (`EEA-Law`).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Law {
    /// The short id used in citations.
    pub id: String,
    /// English title.
    pub title_en: String,
    /// Chinese title.
    pub title_zh: String,
    /// Where the text can be read.
    pub source: Option<String>,
}

/// A reference to a law: `EEA-Law Art. 22(3)`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Citation {
    /// The citation as written in the rule file.
    pub text: String,
    pub(crate) law: u16,
    /// The article number, if the citation names one.
    pub article: Option<u16>,
    /// The item (项) within the article, if named.
    pub item: Option<u16>,
}

/// An entry of a small vocabulary defined by the rule set: a condition, an organiser, a document.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Term {
    /// The id used in rule files and requests.
    pub id: String,
    /// English text.
    pub en: String,
    /// Chinese text.
    pub zh: String,
}

/// Where a traveller admitted under a scheme may stay.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Area {
    /// The id used in rule files.
    pub id: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// The province-level parts, each whole or limited to some cities.
    pub regions: Vec<Region>,
    /// How sure the description is, overall.
    pub confidence: Confidence,
    /// Free-text note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A province-level division, whole or limited to some of its cities.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Region {
    /// English name (`Guangxi`).
    pub province: String,
    /// Chinese name (`广西壮族自治区`).
    pub province_zh: String,
    /// The cities the area is limited to; empty means the whole province.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cities: Vec<String>,
    /// The cities in Chinese, parallel to `cities`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cities_zh: Vec<String>,
    /// How sure this region's extent is.
    pub confidence: Confidence,
    /// Free-text note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A visa or residence-permit category and the purposes it covers.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Category {
    /// The code (`M`, `Z`, `work`).
    pub code: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// What the holder may come for.
    pub purposes: PurposeSet,
    /// The stay assumed when the visa's printed duration of stay is not given.
    pub default_stay_days: Option<u32>,
    /// True if the holder must apply for a residence permit within 30 days of entry (EEA-Law Art. 30).
    pub residence_permit_required: bool,
    /// How sure the category's terms are.
    pub confidence: Confidence,
}

/// The citations an officer would give when no scheme applies.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    pub no_scheme: Vec<Citation>,
    pub purpose_mismatch: Vec<Citation>,
    pub invalid_document: Vec<Citation>,
}

/// A registry port, with its time zone resolved.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PortInfo {
    /// The registry code.
    pub code: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Province-level division (English).
    pub province: String,
    /// City (English).
    pub city: String,
    /// Air, land, sea or rail.
    pub kind: PortKind,
    /// The IANA name of the port's time zone.
    pub time_zone_name: String,
    /// The port's time zone.
    pub time_zone: TimeZone,
    pub(crate) zone: crate::time::Zone,
}

/// An effective period with the confidence of the fact that establishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub confidence: Confidence,
}

impl Period {
    pub fn covers(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// Where the traveller must leave from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitRule {
    Any,
    /// Through one of the scheme's designated ports.
    Designated,
    /// Through the port of arrival (direct transit: the traveller never leaves the port).
    SamePort,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct OnwardRule {
    pub required: bool,
    pub third_country: bool,
    pub within_stay: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct GroupRule {
    pub min_size: u32,
    pub organisers: Vec<u16>,
    pub together: bool,
}

/// At most `days` days present in any `window` consecutive days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RollingLimit {
    /// The number of days allowed.
    pub days: u32,
    /// The length of the moving window, in days.
    pub window_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holding {
    Visa,
    ResidencePermit,
}

/// The terms in force from a date on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Terms {
    pub from: Option<Date>,
    pub max_stay: Option<StayLength>,
    pub purposes: PurposeSet,
}

/// One scheme: a legal basis for entry with its conditions and terms.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Scheme {
    /// The id (`cn-transit-240h`).
    pub id: String,
    /// What kind of basis it is.
    pub kind: Kind,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Higher applies first.
    pub precedence: i32,
    /// First day of entries the scheme covers.
    pub valid_from: Option<Date>,
    /// Last day of entries the scheme covers.
    pub valid_to: Option<Date>,
    /// The clock rule.
    pub clock: Clock,
    /// Where to read the official text.
    pub sources: Vec<String>,
    /// How sure the scheme's terms are.
    pub confidence: Confidence,
    /// Free-text note.
    pub note: Option<String>,
    /// The 90-in-180-style limit, if any.
    pub rolling_limit: Option<RollingLimit>,
    pub(crate) all_nationalities: bool,
    /// Each listed nationality with its own periods (from batches), sorted by code.
    pub(crate) nationalities: Vec<(CountryCode, Vec<Period>)>,
    pub(crate) excluded: Vec<CountryCode>,
    pub(crate) documents: DocumentTypeSet,
    pub(crate) any_port: bool,
    /// Designation periods per registry port index; empty = not designated.
    pub(crate) ports: Vec<Vec<Period>>,
    pub(crate) exit: ExitRule,
    pub(crate) origins: Option<Vec<CountryCode>>,
    pub(crate) area: Option<u16>,
    /// Base terms first, then amendments in date order.
    pub(crate) terms: Vec<Terms>,
    pub(crate) purposes_excluded: PurposeSet,
    pub(crate) onward: Option<OnwardRule>,
    pub(crate) group: Option<GroupRule>,
    pub(crate) requires_documents: Vec<u16>,
    pub(crate) holding: Option<Holding>,
    pub(crate) min_document_validity_months: Option<u32>,
    pub(crate) conditions: Vec<u16>,
    pub(crate) legal_basis: Vec<Citation>,
}

impl Scheme {
    /// The terms in force for an entry on `date`: the last amendment that started on or before it.
    pub(crate) fn terms_at(&self, date: Date) -> Option<&Terms> {
        self.terms.iter().rev().find(|t| t.from.is_none_or(|f| f <= date)).or(self.terms.first())
    }

    /// The citations that establish the scheme.
    pub fn legal_basis(&self) -> &[Citation] {
        &self.legal_basis
    }
}

/// The schemes that may apply to one nationality, in precedence order.
#[derive(Debug, Clone, Default)]
pub(crate) struct CandidateList {
    pub entries: Vec<Candidate>,
    /// Kinds for which no scheme covers the nationality, with how many schemes of that kind exist.
    pub uncovered: Vec<(Kind, u16)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub scheme: u16,
    /// The nationality's own periods in the scheme; empty when the scheme covers every nationality.
    pub periods: Vec<Period>,
    /// The nationality is on the scheme's exclusion list.
    pub excluded: bool,
}

/// The slot of a country code in the 27³ table: `A`–`Z` are 0–25 and the filler `<` is 26.
pub(crate) fn slot(code: CountryCode) -> usize {
    code.as_str().bytes().fold(0usize, |acc, b| {
        let digit = if b.is_ascii_uppercase() { usize::from(b - b'A') } else { 26 };
        acc * 27 + digit
    })
}

pub(crate) const SLOTS: usize = 27 * 27 * 27;

impl RuleSet {
    /// The id, version and content hash.
    pub fn meta(&self) -> &RuleSetMeta {
        &self.meta
    }

    /// The label every decision reports (`cn@2026.11.29+sha256:…`).
    pub fn label(&self) -> &str {
        &self.meta.label
    }

    /// Every scheme, in file order.
    pub fn schemes(&self) -> &[Scheme] {
        &self.schemes
    }

    /// A scheme by id.
    pub fn scheme(&self, id: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.id == id)
    }

    /// Every area.
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The laws citations refer to.
    pub fn laws(&self) -> &[Law] {
        &self.laws
    }

    /// The file names the rule set was built from, in hashing order.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// The port with this registry or IATA code (case-insensitive).
    pub fn port(&self, code: &str) -> Option<&PortInfo> {
        self.port_idx(code).and_then(|i| self.ports.get(usize::from(i)))
    }

    pub(crate) fn port_idx(&self, code: &str) -> Option<u16> {
        let code = code.trim();
        if let Some(i) = self.port_index.get(code) {
            return Some(*i);
        }
        // Codes are short ASCII, so upper-casing into a stack buffer avoids an allocation per request.
        let mut buf = [0u8; 32];
        let bytes = code.as_bytes();
        let dest = buf.get_mut(..bytes.len())?;
        for (d, s) in dest.iter_mut().zip(bytes) {
            *d = s.to_ascii_uppercase();
        }
        let upper = std::str::from_utf8(dest).ok()?;
        self.port_index.get(upper).copied()
    }

    pub(crate) fn candidates(&self, nationality: CountryCode) -> &CandidateList {
        let list = self.nat_slots.get(slot(nationality)).copied().unwrap_or(0);
        // List 0 (every-nationality schemes only) always exists; see `load::index`.
        self.lists.get(usize::from(list)).or(self.lists.first()).unwrap_or(&EMPTY_LIST)
    }

    /// The schemes of each kind that cover `nationality` on `date`, for summaries ("which schemes could
    /// this traveller use?"): ids in precedence order.
    pub fn schemes_for(&self, nationality: CountryCode, date: Date) -> Vec<&str> {
        self.candidates(nationality)
            .entries
            .iter()
            .filter(|c| !c.excluded && (c.periods.is_empty() || c.periods.iter().any(|p| p.covers(date))))
            .filter_map(|c| self.schemes.get(usize::from(c.scheme)))
            .filter(|s| Period { from: s.valid_from, to: s.valid_to, confidence: s.confidence }.covers(date))
            .map(|s| s.id.as_str())
            .collect()
    }

    pub(crate) fn law(&self, i: u16) -> Option<&Law> {
        self.laws.get(usize::from(i))
    }
}

static EMPTY_LIST: CandidateList = CandidateList { entries: Vec::new(), uncovered: Vec::new() };

/// What `guomen policy lint` reports for a valid rule set: its identity, what it contains, and every fact
/// that rests on a source weaker than OK.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct LintSummary {
    /// `id@version+sha256:…`.
    pub label: String,
    /// Full SHA-256.
    pub hash: String,
    /// True for a draft.
    pub draft: bool,
    /// Files, in hashing order.
    pub files: Vec<String>,
    /// Number of schemes per kind.
    pub schemes_by_kind: std::collections::BTreeMap<Kind, usize>,
    /// Distinct nationalities named by some scheme.
    pub nationalities_named: usize,
    /// Registry ports designated by at least one port-specific scheme.
    pub ports_designated: usize,
    /// Registry ports.
    pub ports_in_registry: usize,
    /// `scheme-id: what` for every scheme, batch, port designation, area or category marked below OK.
    pub weak_facts: Vec<String>,
}

impl RuleSet {
    /// A summary for `guomen policy lint`.
    pub fn lint_summary(&self) -> LintSummary {
        let mut schemes_by_kind = std::collections::BTreeMap::new();
        let mut weak = Vec::new();
        let mut named = std::collections::BTreeSet::new();
        let mut designated = std::collections::BTreeSet::new();
        for s in &self.schemes {
            *schemes_by_kind.entry(s.kind).or_insert(0) += 1;
            if s.confidence < Confidence::Ok {
                weak.push(format!("{}: scheme terms {}", s.id, s.confidence));
            }
            let mut weak_nats: std::collections::BTreeMap<Confidence, Vec<&str>> =
                std::collections::BTreeMap::new();
            for (code, periods) in &s.nationalities {
                named.insert(*code);
                for p in
                    periods.iter().filter(|p| p.confidence < Confidence::Ok && p.confidence != s.confidence)
                {
                    weak_nats.entry(p.confidence).or_default().push(code.trimmed());
                }
            }
            for (c, codes) in weak_nats {
                weak.push(format!("{}: nationalities {} ({c})", s.id, codes.join(", ")));
            }
            let mut weak_ports: std::collections::BTreeMap<Confidence, Vec<&str>> =
                std::collections::BTreeMap::new();
            for (i, periods) in s.ports.iter().enumerate() {
                if !periods.is_empty() {
                    designated.insert(i);
                }
                for p in
                    periods.iter().filter(|p| p.confidence < Confidence::Ok && p.confidence != s.confidence)
                {
                    if let Some(port) = self.ports.get(i) {
                        weak_ports.entry(p.confidence).or_default().push(port.code.as_str());
                    }
                }
            }
            for (c, ports) in weak_ports {
                weak.push(format!("{}: ports {} ({c})", s.id, ports.join(", ")));
            }
        }
        for a in &self.areas {
            for r in a.regions.iter().filter(|r| r.confidence < Confidence::Ok) {
                weak.push(format!("area {}: {} ({})", a.id, r.province, r.confidence));
            }
        }
        for c in self.visa_categories.iter().filter(|c| c.confidence < Confidence::Ok) {
            weak.push(format!("visa category {}: terms ({})", c.code, c.confidence));
        }
        LintSummary {
            label: self.meta.label.clone(),
            hash: self.meta.hash.clone(),
            draft: self.meta.draft,
            files: self.files.clone(),
            schemes_by_kind,
            nationalities_named: named.len(),
            ports_designated: designated.len(),
            ports_in_registry: self.ports.len(),
            weak_facts: weak,
        }
    }
}
