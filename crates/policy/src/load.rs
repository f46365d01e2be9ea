//! Reading rule files: TOML parsing, validation of every value and reference, compilation into a
//! [`RuleSet`] with its indices, and the content hash.
//!
//! The loader never stops at the first problem: it reports every one it finds, each with the file, line
//! and column of the offending value, so `guomen policy lint` can show a policy officer the whole list at
//! once. A rule set with any problem is rejected as a whole — there is no partially loaded rule set.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;

use codes::CountryCode;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use toml::Spanned;

use crate::hash::{Sha256, hex};
use crate::model::{Clock, Confidence, DocumentType, DocumentTypeSet, Kind, Purpose, PurposeSet, StayLength};
use crate::ruleset::{
    Area, Candidate, CandidateList, Category, Citation, ExitRule, GroupRule, Holding, Law, OnwardRule,
    Period, PortInfo, Refusal, Region, RollingLimit, RuleSet, RuleSetMeta, SLOTS, Scheme, Term, Terms, slot,
};
use crate::schema::{CategoryDef, CodeList, DateDef, FileDef, RulesetDef, SchemeDef};

/// One problem found in a rule file, with its position (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The file, as named by the caller.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong, in a sentence.
    pub reason: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.reason)
    }
}

/// Why a rule set was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadError {
    /// One or more files are malformed or inconsistent; every problem found is listed.
    Invalid {
        /// The problems, in file order.
        diagnostics: Vec<Diagnostic>,
    },
}

impl LoadError {
    /// The problems found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            LoadError::Invalid { diagnostics } => diagnostics,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let diags = self.diagnostics();
        write!(
            f,
            "the rule set is invalid ({} problem{})",
            diags.len(),
            if diags.len() == 1 { "" } else { "s" }
        )?;
        for d in diags {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The name used for hashing and for the file list: the part after the last `/` or `\`.
fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

struct Loader<'a> {
    files: &'a [(&'a str, &'a str)],
    diags: Vec<Diagnostic>,
}

impl<'a> Loader<'a> {
    fn at(&mut self, file: usize, span: Range<usize>, reason: impl Into<String>) {
        let (name, text) = self.files.get(file).copied().unwrap_or(("<unknown>", ""));
        let (line, column) = line_col(text, span.start);
        self.diags.push(Diagnostic { file: name.to_owned(), line, column, reason: reason.into() });
    }

    fn whole_file(&mut self, file: usize, reason: impl Into<String>) {
        self.at(file, 0..0, reason);
    }
}

/// Files after parsing, with the index of the file each item came from.
#[derive(Default)]
struct Parsed {
    rulesets: Vec<(usize, Spanned<RulesetDef>)>,
    refusals: Vec<(usize, Spanned<crate::schema::RefusalDef>)>,
    laws: Vec<(usize, crate::schema::LawDef)>,
    organisers: Vec<(usize, crate::schema::TermDef)>,
    documents: Vec<(usize, crate::schema::TermDef)>,
    conditions: Vec<(usize, crate::schema::TermDef)>,
    areas: Vec<(usize, crate::schema::AreaDef)>,
    schemes: Vec<(usize, SchemeDef)>,
    visa_categories: Vec<(usize, CategoryDef)>,
    residence_categories: Vec<(usize, CategoryDef)>,
}

impl RuleSet {
    /// Validates and compiles a rule set from `(name, contents)` pairs; the name is used in messages and
    /// its last path component in the content hash. The crate never reads files itself.
    ///
    /// ```
    /// let files = policy::builtin_files();
    /// let rules = policy::RuleSet::load(files).unwrap();
    /// assert_eq!(rules.meta().id, "cn");
    ///
    /// let broken = [("bad.toml", "[[scheme]]\nid = \"x\"\nports = [\"NOWHERE\"]\n")];
    /// let err = policy::RuleSet::load(&broken).unwrap_err();
    /// assert!(err.to_string().contains("bad.toml:3:"));
    /// ```
    pub fn load(files: &[(&str, &str)]) -> Result<RuleSet, LoadError> {
        let mut l = Loader { files, diags: Vec::new() };
        let parsed = parse_files(&mut l);
        let rules = compile(&mut l, parsed);
        match rules {
            Some(rules) if l.diags.is_empty() => Ok(rules),
            _ => {
                if l.diags.is_empty() {
                    l.diags.push(Diagnostic {
                        file: "<rule set>".into(),
                        line: 1,
                        column: 1,
                        reason: "the rule set could not be built".into(),
                    });
                }
                Err(LoadError::Invalid { diagnostics: l.diags })
            }
        }
    }
}

fn parse_files(l: &mut Loader<'_>) -> Parsed {
    let mut p = Parsed::default();
    if l.files.is_empty() {
        l.diags.push(Diagnostic {
            file: "<rule set>".into(),
            line: 1,
            column: 1,
            reason: "no rule files were given".into(),
        });
    }
    for (i, (_, text)) in l.files.iter().enumerate() {
        let def: FileDef = match toml::from_str(text) {
            Ok(def) => def,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                l.at(i, span, e.message().trim().to_owned());
                continue;
            }
        };
        if let Some(r) = def.ruleset {
            p.rulesets.push((i, r));
        }
        if let Some(r) = def.refusal {
            p.refusals.push((i, r));
        }
        p.laws.extend(def.law.into_iter().map(|x| (i, x)));
        p.organisers.extend(def.organiser.into_iter().map(|x| (i, x)));
        p.documents.extend(def.supporting_document.into_iter().map(|x| (i, x)));
        p.conditions.extend(def.condition.into_iter().map(|x| (i, x)));
        p.areas.extend(def.area.into_iter().map(|x| (i, x)));
        p.visa_categories.extend(def.visa_category.into_iter().map(|x| (i, x)));
        p.residence_categories.extend(def.residence_category.into_iter().map(|x| (i, x)));
        for mut s in def.scheme {
            if let Some(d) = &def.defaults {
                s.inherit(d);
            }
            p.schemes.push((i, s));
        }
    }
    p
}

/// Checks an id: lower-case ASCII letters, digits and `-`, 1–64 characters.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Builds a vocabulary (`id` → index), reporting malformed and duplicate ids.
fn vocabulary<'d>(
    l: &mut Loader<'_>,
    what: &str,
    items: impl Iterator<Item = (usize, &'d Spanned<String>)>,
) -> HashMap<String, u16> {
    let mut map = HashMap::new();
    for (file, id) in items {
        if !valid_id(id.get_ref()) && what != "law" {
            l.at(
                file,
                id.span(),
                format!("{what} id {:?} must be lower-case letters, digits and '-'", id.get_ref()),
            );
        }
        let next = u16::try_from(map.len()).unwrap_or(u16::MAX);
        if map.insert(id.get_ref().clone(), next).is_some() {
            l.at(file, id.span(), format!("duplicate {what} id {:?}", id.get_ref()));
        }
    }
    map
}

fn confidence(l: &mut Loader<'_>, file: usize, text: &Spanned<String>) -> Confidence {
    Confidence::parse(text.get_ref()).unwrap_or_else(|| {
        l.at(
            file,
            text.span(),
            format!("confidence {:?} must be OK, SEC, DERIVED or UNVERIFIED", text.get_ref()),
        );
        Confidence::Unverified
    })
}

fn country(l: &mut Loader<'_>, file: usize, text: &Spanned<String>) -> Option<CountryCode> {
    match CountryCode::parse(text.get_ref()) {
        Ok(c) if c.is_china() => {
            l.at(file, text.span(), "CHN cannot be a nationality or origin of a foreigner's entry scheme");
            None
        }
        Ok(c) => Some(c),
        Err(e) => {
            l.at(file, text.span(), e.to_string());
            None
        }
    }
}

fn purposes(l: &mut Loader<'_>, file: usize, list: &[Spanned<String>]) -> PurposeSet {
    let mut set = PurposeSet::EMPTY;
    for p in list {
        match Purpose::parse(p.get_ref()) {
            Some(v) => set.insert(v),
            None => {
                let known: Vec<&str> = Purpose::ALL.iter().map(|p| p.as_str()).collect();
                l.at(
                    file,
                    p.span(),
                    format!("unknown purpose {:?}; known: {}", p.get_ref(), known.join(", ")),
                );
            }
        }
    }
    set
}

fn stay(l: &mut Loader<'_>, file: usize, text: &Spanned<String>) -> Option<StayLength> {
    let parsed = StayLength::parse(text.get_ref());
    if parsed.is_none() {
        l.at(
            file,
            text.span(),
            format!("stay {:?} must be a number of days or hours, such as 30d or 240h", text.get_ref()),
        );
    }
    parsed
}

fn small(l: &mut Loader<'_>, file: usize, n: &Spanned<i64>, what: &str, range: Range<i64>) -> Option<u32> {
    let v = *n.get_ref();
    if !range.contains(&v) {
        l.at(file, n.span(), format!("{what} must be between {} and {}", range.start, range.end - 1));
        return None;
    }
    u32::try_from(v).ok()
}

/// Parses `EEA-Law Art. 22(3)`, `EEA-Law Art. 22` or a bare law id.
fn citation(
    l: &mut Loader<'_>,
    file: usize,
    laws: &HashMap<String, u16>,
    text: &Spanned<String>,
) -> Option<Citation> {
    let raw = text.get_ref().trim();
    let (law_id, rest) = raw.split_once(' ').unwrap_or((raw, ""));
    let Some(&law) = laws.get(law_id) else {
        let mut known: Vec<&str> = laws.keys().map(String::as_str).collect();
        known.sort_unstable();
        l.at(file, text.span(), format!("citation {raw:?} names no known law; known: {}", known.join(", ")));
        return None;
    };
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(Citation { text: raw.to_owned(), law, article: None, item: None });
    }
    let parsed = (|| {
        let body = rest.strip_prefix("Art.")?.trim();
        let (article, item) = match body.split_once('(') {
            Some((a, i)) => (a.trim(), Some(i.strip_suffix(')')?)),
            None => (body, None),
        };
        let article: u16 = article.parse().ok().filter(|n| *n > 0)?;
        let item = match item {
            Some(i) => Some(i.parse::<u16>().ok().filter(|n| *n > 0)?),
            None => None,
        };
        Some((article, item))
    })();
    match parsed {
        Some((article, item)) => Some(Citation { text: raw.to_owned(), law, article: Some(article), item }),
        None => {
            l.at(file, text.span(), format!("citation {raw:?} must read like \"{law_id} Art. 22(3)\""));
            None
        }
    }
}

fn date(d: &Option<Spanned<DateDef>>) -> Option<Date> {
    d.as_ref().map(|d| d.get_ref().0)
}

fn check_order(
    l: &mut Loader<'_>,
    file: usize,
    from: &Option<Spanned<DateDef>>,
    to: &Option<Spanned<DateDef>>,
) {
    if let (Some(f), Some(t)) = (from, to)
        && t.get_ref().0 < f.get_ref().0
    {
        l.at(file, t.span(), format!("ends ({}) before it starts ({})", t.get_ref().0, f.get_ref().0));
    }
}

struct Registry {
    ports: Vec<PortInfo>,
    index: HashMap<Box<str>, u16>,
}

fn registry(l: &mut Loader<'_>) -> Registry {
    let table = match codes::load_ports(codes::PORTS_SOURCE) {
        Ok(t) => t,
        Err(e) => {
            l.diags.push(Diagnostic {
                file: "crates/codes/data/ports.csv".into(),
                line: e.line,
                column: 1,
                reason: format!("the port registry is invalid: {}", e.message),
            });
            Vec::new()
        }
    };
    let mut ports = Vec::with_capacity(table.len());
    let mut index = HashMap::new();
    for p in table {
        let Ok(tz) = TimeZone::get(&p.time_zone) else {
            l.diags.push(Diagnostic {
                file: "crates/codes/data/ports.csv".into(),
                line: 1,
                column: 1,
                reason: format!("port {}: unknown time zone {:?}", p.code, p.time_zone),
            });
            continue;
        };
        let Ok(i) = u16::try_from(ports.len()) else { break };
        index.insert(p.code.clone().into_boxed_str(), i);
        if let Some(iata) = &p.iata {
            index.entry(iata.clone().into_boxed_str()).or_insert(i);
        }
        ports.push(PortInfo {
            code: p.code,
            name_en: p.name_en,
            name_zh: p.name_zh,
            province: p.province,
            city: p.city,
            kind: p.kind,
            time_zone_name: p.time_zone,
            zone: crate::time::Zone::new(tz.clone()),
            time_zone: tz,
        });
    }
    Registry { ports, index }
}

struct Vocab {
    laws: HashMap<String, u16>,
    conditions: HashMap<String, u16>,
    organisers: HashMap<String, u16>,
    documents: HashMap<String, u16>,
    areas: HashMap<String, u16>,
}

fn compile(l: &mut Loader<'_>, p: Parsed) -> Option<RuleSet> {
    let reg = registry(l);

    // The [ruleset] table: exactly one.
    if p.rulesets.len() > 1 {
        for (file, r) in p.rulesets.iter().skip(1) {
            l.at(*file, r.span(), "a second [ruleset] table; exactly one file must declare the rule set");
        }
    }
    let meta_def = p.rulesets.first();
    if meta_def.is_none() && !l.files.is_empty() {
        l.whole_file(0, "no file declares [ruleset] (id, version, jurisdiction, titles, compiled)");
    }

    let vocab = Vocab {
        laws: vocabulary(l, "law", p.laws.iter().map(|(f, x)| (*f, &x.id))),
        conditions: vocabulary(l, "condition", p.conditions.iter().map(|(f, x)| (*f, &x.id))),
        organisers: vocabulary(l, "organiser", p.organisers.iter().map(|(f, x)| (*f, &x.id))),
        documents: vocabulary(l, "supporting document", p.documents.iter().map(|(f, x)| (*f, &x.id))),
        areas: vocabulary(l, "area", p.areas.iter().map(|(f, x)| (*f, &x.id))),
    };
    let laws = p
        .laws
        .iter()
        .map(|(_, x)| Law {
            id: x.id.get_ref().clone(),
            title_en: x.title_en.clone(),
            title_zh: x.title_zh.clone(),
            source: x.source.clone(),
        })
        .collect();
    let term =
        |x: &crate::schema::TermDef| Term { id: x.id.get_ref().clone(), en: x.en.clone(), zh: x.zh.clone() };
    let conditions = p.conditions.iter().map(|(_, x)| term(x)).collect();
    let organisers = p.organisers.iter().map(|(_, x)| term(x)).collect();
    let documents = p.documents.iter().map(|(_, x)| term(x)).collect();

    let areas = p.areas.iter().map(|(file, a)| compile_area(l, *file, a)).collect();

    let refusal = match p.refusals.as_slice() {
        [] => {
            if !l.files.is_empty() {
                l.whole_file(0, "no file declares [refusal] (the citations for a visa-required decision)");
            }
            None
        }
        [(file, r), rest @ ..] => {
            for (f, extra) in rest {
                l.at(*f, extra.span(), "a second [refusal] table");
            }
            let r = r.get_ref();
            let cites = |list: &[Spanned<String>], what: &str, l: &mut Loader<'_>| -> Vec<Citation> {
                if list.is_empty() {
                    l.whole_file(*file, format!("[refusal] {what} must cite at least one article"));
                }
                list.iter().filter_map(|c| citation(l, *file, &vocab.laws, c)).collect()
            };
            Some(Refusal {
                no_scheme: cites(&r.no_scheme, "no_scheme", l),
                purpose_mismatch: cites(&r.purpose_mismatch, "purpose_mismatch", l),
                invalid_document: cites(&r.invalid_document, "invalid_document", l),
            })
        }
    };

    let visa_categories = compile_categories(l, &p.visa_categories, "visa category");
    let residence_categories = compile_categories(l, &p.residence_categories, "residence-permit category");

    let mut seen_ids: HashMap<String, ()> = HashMap::new();
    let mut schemes = Vec::with_capacity(p.schemes.len());
    for (file, def) in &p.schemes {
        if let Some(s) = compile_scheme(l, *file, def, &vocab, &reg, &visa_categories, &residence_categories)
        {
            if seen_ids.insert(s.id.clone(), ()).is_some()
                && let Some(id) = &def.id
            {
                l.at(*file, id.span(), format!("duplicate scheme id {:?}", s.id));
            }
            schemes.push(s);
        }
    }
    if schemes.len() > usize::from(u16::MAX) {
        l.whole_file(0, "too many schemes (at most 65535)");
    }

    let meta = meta_def.and_then(|(file, r)| compile_meta(l, *file, r.get_ref()))?;
    let (nat_slots, lists) = index(&schemes);
    let refusal = refusal?;

    let mut named: Vec<(&str, &str)> = l.files.iter().map(|(n, t)| (base_name(n), *t)).collect();
    named.sort_unstable();
    for pair in named.windows(2) {
        if let [a, b] = pair
            && a.0 == b.0
        {
            l.whole_file(
                0,
                format!("two files are named {:?}; file names must be unique in a rule set", a.0),
            );
        }
    }
    let mut h = Sha256::new();
    for (name, text) in &named {
        h.update(name.as_bytes());
        h.update(&[0]);
        h.update(&(text.len() as u64).to_be_bytes());
        h.update(text.as_bytes());
    }
    let hash = hex(&h.finish());
    let label = format!("{}@{}+sha256:{}", meta.id, meta.version, hash.get(..12).unwrap_or(""));
    let files = named.iter().map(|(n, _)| (*n).to_owned()).collect();

    Some(RuleSet {
        meta: RuleSetMeta { hash, label, ..meta },
        laws,
        conditions,
        organisers,
        documents,
        areas,
        schemes,
        visa_categories,
        residence_categories,
        refusal,
        ports: reg.ports,
        port_index: reg.index,
        nat_slots,
        lists,
        files,
    })
}

fn compile_meta(l: &mut Loader<'_>, file: usize, r: &RulesetDef) -> Option<RuleSetMeta> {
    if !valid_id(r.id.get_ref()) {
        l.at(file, r.id.span(), "rule set id must be lower-case letters, digits and '-'");
    }
    let v = r.version.get_ref();
    if v.is_empty() || v.len() > 40 || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) {
        l.at(file, r.version.span(), "version must be 1-40 characters of letters, digits, '.', '_' and '-'");
    }
    let jurisdiction = country_any(l, file, &r.jurisdiction)?;
    Some(RuleSetMeta {
        id: r.id.get_ref().clone(),
        version: v.clone(),
        hash: String::new(),
        label: String::new(),
        draft: r.draft.unwrap_or(false),
        jurisdiction,
        title_en: r.title_en.clone(),
        title_zh: r.title_zh.clone(),
        compiled: r.compiled.get_ref().0,
        coverage_from: date(&r.coverage_from),
        note: r.note.clone(),
    })
}

fn country_any(l: &mut Loader<'_>, file: usize, text: &Spanned<String>) -> Option<CountryCode> {
    CountryCode::parse(text.get_ref()).map_err(|e| l.at(file, text.span(), e.to_string())).ok()
}

fn compile_area(l: &mut Loader<'_>, file: usize, a: &crate::schema::AreaDef) -> Area {
    let regions = a
        .region
        .iter()
        .map(|r| {
            if r.cities.len() != r.cities_zh.len() {
                l.at(file, r.province.span(), "cities and cities_zh must list the same number of cities");
            }
            Region {
                province: r.province.get_ref().clone(),
                province_zh: r.province_zh.clone(),
                cities: r.cities.clone(),
                cities_zh: r.cities_zh.clone(),
                confidence: r.confidence.as_ref().map_or(Confidence::Ok, |c| confidence(l, file, c)),
                note: r.note.clone(),
            }
        })
        .collect();
    Area {
        id: a.id.get_ref().clone(),
        name_en: a.name_en.clone(),
        name_zh: a.name_zh.clone(),
        regions,
        confidence: confidence(l, file, &a.confidence),
        note: a.note.clone(),
    }
}

fn compile_categories(l: &mut Loader<'_>, defs: &[(usize, CategoryDef)], what: &str) -> Vec<Category> {
    let mut seen = HashSet::new();
    defs.iter()
        .map(|(file, c)| {
            let code = c.code.get_ref();
            if code.is_empty()
                || code.len() > 16
                || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                l.at(*file, c.code.span(), format!("{what} code {code:?} must be letters, digits and '-'"));
            }
            if !seen.insert(code.clone()) {
                l.at(*file, c.code.span(), format!("duplicate {what} {code:?}"));
            }
            let purposes = purposes(l, *file, &c.purposes);
            if purposes.is_empty() {
                l.at(*file, c.code.span(), format!("{what} {code:?} must list at least one purpose"));
            }
            Category {
                code: code.clone(),
                name_en: c.name_en.clone(),
                name_zh: c.name_zh.clone(),
                purposes,
                default_stay_days: c
                    .default_stay_days
                    .as_ref()
                    .and_then(|d| small(l, *file, d, "default_stay_days", 1..3661)),
                residence_permit_required: c.residence_permit_required,
                confidence: confidence(l, *file, &c.confidence),
            }
        })
        .collect()
}

#[allow(clippy::too_many_lines)]
fn compile_scheme(
    l: &mut Loader<'_>,
    file: usize,
    def: &SchemeDef,
    vocab: &Vocab,
    reg: &Registry,
    visa_categories: &[Category],
    residence_categories: &[Category],
) -> Option<Scheme> {
    let Some(id) = &def.id else {
        let span = def.kind.as_ref().map_or(0..0, Spanned::span);
        l.at(file, span, "a [[scheme]] without an id");
        return None;
    };
    let sid = id.get_ref().clone();
    let here = id.span();
    if !valid_id(&sid) {
        l.at(file, here.clone(), format!("scheme id {sid:?} must be lower-case letters, digits and '-'"));
    }
    let missing = |l: &mut Loader<'_>, what: &str| {
        l.at(file, here.clone(), format!("scheme {sid:?} has no {what}"));
    };

    let kind = match &def.kind {
        Some(k) => match serde_json::from_value::<Kind>(serde_json::Value::String(k.get_ref().clone())) {
            Ok(Kind::VisaRequired) => {
                l.at(
                    file,
                    k.span(),
                    "visa-required is the outcome when no scheme applies, not a scheme kind",
                );
                None
            }
            Ok(kind) => Some(kind),
            Err(_) => {
                let known: Vec<&str> =
                    Kind::ALL.iter().map(|k| k.as_str()).filter(|k| *k != "visa-required").collect();
                l.at(file, k.span(), format!("unknown kind {:?}; known: {}", k.get_ref(), known.join(", ")));
                None
            }
        },
        None => {
            missing(l, "kind");
            None
        }
    };
    let name_en = def.name_en.clone().unwrap_or_else(|| {
        missing(l, "name_en");
        String::new()
    });
    let name_zh = def.name_zh.clone().unwrap_or_else(|| {
        missing(l, "name_zh");
        String::new()
    });
    let precedence = match &def.precedence {
        Some(p) => i32::try_from(*p.get_ref()).unwrap_or_else(|_| {
            l.at(file, p.span(), "precedence is out of range");
            0
        }),
        None => {
            missing(l, "precedence");
            0
        }
    };
    let confidence_mark = match &def.confidence {
        Some(c) => confidence(l, file, c),
        None => {
            missing(l, "confidence (OK, SEC, DERIVED or UNVERIFIED)");
            Confidence::Unverified
        }
    };
    check_order(l, file, &def.valid_from, &def.valid_to);
    let (valid_from, valid_to) = (date(&def.valid_from), date(&def.valid_to));

    let clock = match &def.clock {
        Some(c) => match c.get_ref().as_str() {
            "next-day-midnight" => Clock::NextDayMidnight,
            "from-arrival" => Clock::FromArrival,
            other => {
                l.at(
                    file,
                    c.span(),
                    format!("unknown clock {other:?}; known: next-day-midnight, from-arrival"),
                );
                Clock::NextDayMidnight
            }
        },
        None => {
            missing(l, "clock");
            Clock::NextDayMidnight
        }
    };

    // Holdings.
    let holding = def.holding.as_ref().and_then(|h| match h.get_ref().as_str() {
        "visa" => Some(Holding::Visa),
        "residence-permit" => Some(Holding::ResidencePermit),
        other => {
            l.at(file, h.span(), format!("unknown holding {other:?}; known: visa, residence-permit"));
            None
        }
    });
    match (kind, holding) {
        (Some(Kind::Visa), Some(Holding::Visa))
        | (Some(Kind::ResidencePermit), Some(Holding::ResidencePermit)) => {}
        (Some(Kind::Visa), _) => missing(l, "holding = \"visa\" (required for kind visa)"),
        (Some(Kind::ResidencePermit), _) => {
            missing(l, "holding = \"residence-permit\" (required for kind residence-permit)");
        }
        (_, Some(_)) => {
            if let Some(h) = &def.holding {
                l.at(file, h.span(), "only schemes of kind visa or residence-permit have a holding");
            }
        }
        _ => {}
    }
    if holding == Some(Holding::Visa) && visa_categories.is_empty() {
        l.at(file, here.clone(), "a visa scheme needs [[visa_category]] tables");
    }
    if holding == Some(Holding::ResidencePermit) && residence_categories.is_empty() {
        l.at(file, here.clone(), "a residence-permit scheme needs [[residence_category]] tables");
    }

    // Nationalities: "*" with optional exclusions, or lists and dated batches.
    let mut all_nationalities = false;
    let mut nat_periods: BTreeMap<CountryCode, Vec<(Period, Range<usize>)>> = BTreeMap::new();
    match def.nationalities.as_ref().map(Spanned::get_ref) {
        Some(CodeList::All) => all_nationalities = true,
        Some(CodeList::List(codes)) => {
            for c in codes {
                if let Some(code) = country(l, file, c) {
                    let p = Period { from: None, to: None, confidence: confidence_mark };
                    nat_periods.entry(code).or_default().push((p, c.span()));
                }
            }
        }
        None => {}
    }
    for b in def.batch.iter().flatten() {
        check_order(l, file, &b.from, &b.to);
        let conf = b.confidence.as_ref().map_or(confidence_mark, |c| confidence(l, file, c));
        if b.nationalities.is_empty() {
            let span = b.from.as_ref().map_or(here.clone(), Spanned::span);
            l.at(file, span, "a batch must list at least one nationality");
        }
        for c in &b.nationalities {
            if let Some(code) = country(l, file, c) {
                let p = Period { from: date(&b.from), to: date(&b.to), confidence: conf };
                nat_periods.entry(code).or_default().push((p, c.span()));
            }
        }
    }
    if all_nationalities && !nat_periods.is_empty() {
        l.at(
            file,
            here.clone(),
            "nationalities = \"*\" cannot be combined with listed nationalities or batches",
        );
    }
    if !all_nationalities && nat_periods.is_empty() {
        missing(l, "nationalities (a list, \"*\" or [[scheme.batch]] tables)");
    }
    for (code, periods) in &nat_periods {
        for (i, (a, _)) in periods.iter().enumerate() {
            for (b, span) in periods.iter().skip(i + 1) {
                let overlap = a.from.max(b.from).is_none_or(|start| {
                    let end = match (a.to, b.to) {
                        (Some(x), Some(y)) => Some(x.min(y)),
                        (x, y) => x.or(y),
                    };
                    end.is_none_or(|end| start <= end)
                });
                if overlap {
                    l.at(file, span.clone(), format!("{code} is listed twice for overlapping periods"));
                }
            }
        }
    }
    let mut excluded = Vec::new();
    for c in def.excluded_nationalities.iter().flatten() {
        if let Some(code) = country(l, file, c) {
            excluded.push(code);
        }
    }
    if !excluded.is_empty() && !all_nationalities {
        l.at(file, here.clone(), "excluded_nationalities only makes sense with nationalities = \"*\"");
    }

    // Document types.
    let documents: DocumentTypeSet = match &def.document_types {
        Some(list) => list
            .iter()
            .filter_map(|d| {
                let parsed = DocumentType::parse(d.get_ref());
                if parsed.is_none() {
                    let known: Vec<&str> = DocumentType::ALL.iter().map(|d| d.as_str()).collect();
                    l.at(
                        file,
                        d.span(),
                        format!("unknown document type {:?}; known: {}", d.get_ref(), known.join(", ")),
                    );
                }
                parsed
            })
            .collect(),
        None => {
            missing(l, "document_types");
            DocumentTypeSet::EMPTY
        }
    };

    // Ports: "*", explicit codes, provinces, cities and dated batches, all checked against the registry.
    let n_ports = reg.ports.len();
    let mut ports: Vec<Vec<Period>> = vec![Vec::new(); n_ports];
    let mut any_port = false;
    let ports_conf = def.ports_confidence.as_ref().map_or(confidence_mark, |c| confidence(l, file, c));
    let mut add_port = |l: &mut Loader<'_>, code: &Spanned<String>, period: Period| match reg
        .index
        .get(code.get_ref().as_str())
    {
        Some(&i) if reg.ports.get(usize::from(i)).is_some_and(|p| p.code == *code.get_ref()) => {
            if let Some(slot) = ports.get_mut(usize::from(i)) {
                slot.push(period);
            }
        }
        Some(&i) => {
            let registry_code = reg.ports.get(usize::from(i)).map_or("", |p| p.code.as_str());
            l.at(
                file,
                code.span(),
                format!("write port {:?} by its registry code {registry_code:?}", code.get_ref()),
            );
        }
        None => l.at(
            file,
            code.span(),
            format!("port {:?} is not in the port registry (crates/codes/data/ports.csv)", code.get_ref()),
        ),
    };
    let base_period = Period { from: None, to: None, confidence: ports_conf };
    match def.ports.as_ref().map(Spanned::get_ref) {
        Some(CodeList::All) => any_port = true,
        Some(CodeList::List(codes)) => {
            for c in codes {
                add_port(l, c, base_period);
            }
        }
        None => {}
    }
    for b in def.port_batch.iter().flatten() {
        check_order(l, file, &b.from, &b.to);
        let conf = b.confidence.as_ref().map_or(ports_conf, |c| confidence(l, file, c));
        for c in &b.ports {
            add_port(l, c, Period { from: date(&b.from), to: date(&b.to), confidence: conf });
        }
    }
    let mut by_place =
        |l: &mut Loader<'_>, list: &Option<Vec<Spanned<String>>>, field: fn(&PortInfo) -> &str| {
            for place in list.iter().flatten() {
                let mut found = false;
                for (i, p) in reg.ports.iter().enumerate() {
                    if field(p) == place.get_ref() {
                        found = true;
                        if let Some(slot) = ports.get_mut(i)
                            && slot.is_empty()
                        {
                            slot.push(base_period);
                        }
                    }
                }
                if !found {
                    l.at(file, place.span(), format!("no registry port lies in {:?}", place.get_ref()));
                }
            }
        };
    by_place(l, &def.port_provinces, |p| &p.province);
    by_place(l, &def.port_cities, |p| &p.city);
    if any_port && ports.iter().any(|p| !p.is_empty()) {
        l.at(file, here.clone(), "ports = \"*\" cannot be combined with listed ports");
    }
    let ports_written = def.ports.is_some()
        || def.port_batch.is_some()
        || def.port_provinces.is_some()
        || def.port_cities.is_some();
    // When ports were written but all of them were rejected, those errors already say why.
    if !ports_written {
        missing(l, "ports (a list, \"*\", port_provinces, port_cities or [[scheme.port_batch]] tables)");
    }

    let exit = match def.exit.as_ref().map(|e| (e, e.get_ref().as_str())) {
        None | Some((_, "any")) => ExitRule::Any,
        Some((_, "designated")) => ExitRule::Designated,
        Some((_, "same-port")) => ExitRule::SamePort,
        Some((e, other)) => {
            l.at(file, e.span(), format!("unknown exit rule {other:?}; known: any, designated, same-port"));
            ExitRule::Any
        }
    };
    let origins = def.origins.as_ref().map(|list| list.iter().filter_map(|c| country(l, file, c)).collect());

    let area = match &def.area {
        Some(a) => match vocab.areas.get(a.get_ref()) {
            Some(i) => Some(*i),
            None => {
                l.at(file, a.span(), format!("area {:?} is not defined by any [[area]]", a.get_ref()));
                None
            }
        },
        None => {
            missing(l, "area");
            None
        }
    };

    // Terms: the base terms and dated amendments.
    let max_stay = def.max_stay.as_ref().and_then(|m| stay(l, file, m));
    if holding.is_none() && def.max_stay.is_none() {
        missing(l, "max_stay");
    }
    let base_purposes = def.purposes_allowed.as_ref().map_or(PurposeSet::EMPTY, |p| purposes(l, file, p));
    if def.purposes_allowed.is_none() {
        missing(l, "purposes_allowed");
    }
    let purposes_excluded =
        def.purposes_excluded.as_ref().map_or(PurposeSet::EMPTY, |p| purposes(l, file, p));
    if base_purposes.iter().any(|p| purposes_excluded.contains(p)) {
        l.at(file, here.clone(), "a purpose is both allowed and excluded");
    }
    let mut terms = vec![Terms { from: None, max_stay, purposes: base_purposes }];
    let mut last_from = valid_from;
    for a in def.amendment.iter().flatten() {
        let from = a.from.get_ref().0;
        if last_from.is_some_and(|f| from <= f) {
            l.at(
                file,
                a.from.span(),
                "amendments must start after the scheme and after each other, in date order",
            );
        }
        last_from = Some(from);
        let prev = terms.last().copied().unwrap_or(Terms {
            from: None,
            max_stay: None,
            purposes: PurposeSet::EMPTY,
        });
        let new_stay = a.max_stay.as_ref().and_then(|m| stay(l, file, m)).or(prev.max_stay);
        let new_purposes = a.purposes_allowed.as_ref().map_or(prev.purposes, |p| purposes(l, file, p));
        if a.max_stay.is_none() && a.purposes_allowed.is_none() {
            l.at(file, a.from.span(), "an amendment must change max_stay or purposes_allowed");
        }
        terms.push(Terms { from: Some(from), max_stay: new_stay, purposes: new_purposes });
    }

    let onward = def.onward.as_ref().map(|o| {
        let o = o.get_ref();
        OnwardRule { required: o.required, third_country: o.third_country, within_stay: o.within_stay }
    });
    if matches!(kind, Some(Kind::TransitVisaFree | Kind::DirectTransit)) && onward.is_none_or(|o| !o.required)
    {
        missing(l, "onward rule with required = true (transit schemes need an onward ticket)");
    }

    let group = def.group.as_ref().map(|g| {
        let gd = g.get_ref();
        let min_size = small(l, file, &gd.min_size, "group min_size", 1..1000).unwrap_or(1);
        let organisers = gd
            .organisers
            .iter()
            .filter_map(|o| {
                let found = vocab.organisers.get(o.get_ref()).copied();
                if found.is_none() {
                    l.at(
                        file,
                        o.span(),
                        format!("organiser {:?} is not defined by any [[organiser]]", o.get_ref()),
                    );
                }
                found
            })
            .collect();
        GroupRule { min_size, organisers, together: gd.together }
    });

    let requires_documents = def
        .requires_documents
        .iter()
        .flatten()
        .filter_map(|d| {
            let found = vocab.documents.get(d.get_ref()).copied();
            if found.is_none() {
                l.at(
                    file,
                    d.span(),
                    format!("document {:?} is not defined by any [[supporting_document]]", d.get_ref()),
                );
            }
            found
        })
        .collect();

    let min_document_validity_months = def
        .min_document_validity_months
        .as_ref()
        .and_then(|m| small(l, file, m, "min_document_validity_months", 0..121));

    let rolling_limit = def.rolling_limit.as_ref().and_then(|r| {
        let rd = r.get_ref();
        let days = small(l, file, &rd.days, "rolling_limit days", 1..3661)?;
        let window_days = small(l, file, &rd.window_days, "rolling_limit window_days", 1..3661)?;
        if window_days < days {
            l.at(file, r.span(), "rolling_limit window_days must be at least days");
            return None;
        }
        Some(RollingLimit { days, window_days })
    });

    let conditions = def
        .conditions
        .iter()
        .flatten()
        .filter_map(|c| {
            let found = vocab.conditions.get(c.get_ref()).copied();
            if found.is_none() {
                l.at(
                    file,
                    c.span(),
                    format!("condition {:?} is not defined by any [[condition]]", c.get_ref()),
                );
            }
            found
        })
        .collect();

    let legal_basis: Vec<Citation> =
        def.legal_basis.iter().flatten().filter_map(|c| citation(l, file, &vocab.laws, c)).collect();
    if def.legal_basis.as_ref().is_none_or(Vec::is_empty) {
        missing(l, "legal_basis (at least one citation)");
    }
    let sources = def.sources.clone().unwrap_or_default();
    if sources.is_empty() {
        missing(l, "sources (at least one public source)");
    }

    let nationalities: Vec<(CountryCode, Vec<Period>)> =
        nat_periods.into_iter().map(|(c, v)| (c, v.into_iter().map(|(p, _)| p).collect())).collect();
    Some(Scheme {
        id: sid,
        kind: kind?,
        name_en,
        name_zh,
        precedence,
        valid_from,
        valid_to,
        clock,
        sources,
        confidence: confidence_mark,
        note: def.note.clone(),
        rolling_limit,
        all_nationalities,
        nationalities,
        excluded,
        documents,
        any_port,
        ports,
        exit,
        origins,
        area,
        terms,
        purposes_excluded,
        onward,
        group,
        requires_documents,
        holding,
        min_document_validity_months,
        conditions,
        legal_basis,
    })
}

/// Builds the nationality index: for every nationality any scheme names, the candidate schemes in
/// precedence order (ties keep file order), merged with the schemes open to every nationality; and for
/// every other nationality, list 0 with only the latter.
fn index(schemes: &[Scheme]) -> (Vec<u16>, Vec<CandidateList>) {
    let mut order: Vec<usize> = (0..schemes.len()).collect();
    // A stable sort keeps file order among equal precedence, which makes ties deterministic.
    order.sort_by_key(|&i| std::cmp::Reverse(schemes.get(i).map_or(0, |s| s.precedence)));

    let mut named: Vec<CountryCode> = Vec::new();
    for s in schemes {
        named.extend(s.nationalities.iter().map(|(c, _)| *c));
        named.extend(s.excluded.iter().copied());
    }
    named.sort_unstable();
    named.dedup();

    let mut kinds_total = [0u16; Kind::ALL.len()];
    for s in schemes {
        if let Some(n) = kinds_total.get_mut(s.kind.index()) {
            *n = n.saturating_add(1);
        }
    }

    let build = |nationality: Option<CountryCode>| -> CandidateList {
        let mut entries = Vec::new();
        for &i in &order {
            let Some(s) = schemes.get(i) else { continue };
            let Ok(scheme) = u16::try_from(i) else { continue };
            if s.all_nationalities {
                let excluded = nationality.is_some_and(|n| s.excluded.contains(&n));
                entries.push(Candidate { scheme, periods: Vec::new(), excluded });
            } else if let Some(n) = nationality
                && let Some((_, periods)) = s.nationalities.iter().find(|(c, _)| *c == n)
            {
                entries.push(Candidate { scheme, periods: periods.clone(), excluded: false });
            }
        }
        let uncovered = Kind::ALL
            .iter()
            .filter(|k| {
                kinds_total.get(k.index()).is_some_and(|n| *n > 0)
                    && !entries
                        .iter()
                        .any(|c| schemes.get(usize::from(c.scheme)).is_some_and(|s| s.kind == **k))
            })
            .map(|k| (*k, kinds_total.get(k.index()).copied().unwrap_or(0)))
            .collect();
        CandidateList { entries, uncovered }
    };

    let mut lists = vec![build(None)];
    let mut slots = vec![0u16; SLOTS];
    for n in named {
        let Ok(id) = u16::try_from(lists.len()) else { break };
        lists.push(build(Some(n)));
        if let Some(s) = slots.get_mut(slot(n)) {
            *s = id;
        }
    }
    (slots, lists)
}
