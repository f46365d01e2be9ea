//! The matcher: candidates from the index (never a full scan), then an aligned, weighted name score that
//! birth date, sex and nationality raise or lower, and an explanation built by the same code that scored.

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;
use names::{MatchKind, TokenKind, TokenMatch};
use serde::{Deserialize, Serialize};

use crate::index::{FxMap, Index, MAX_TOKENS, Stored, hash_str, pair_key};
use crate::model::{Action, AlertType, BirthDate, Sex, normalize_document_number, normalize_nationality};

/// Scoring and threshold settings. Every knob has a default; deserialise from TOML/JSON with any subset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatchConfig {
    /// Minimum score for a hit on lists without their own threshold.
    pub threshold: f64,
    /// Per-list thresholds, by list name.
    pub list_thresholds: BTreeMap<String, f64>,
    /// At most this many hits per query (best first).
    pub max_hits: usize,
    /// Weight of query name parts the entry lacks (the traveller has a middle name the list does not).
    pub unmatched_query_weight: f64,
    /// Weight of entry name parts the query lacks (the list has a middle name or patronymic the document
    /// does not).
    pub unmatched_entry_weight: f64,
    /// Weight of unmatched parts when both sides have some: different given names contradict.
    pub contradiction_weight: f64,
    /// Bonus when both birth dates are full and equal.
    pub birth_date_exact_bonus: f64,
    /// Bonus when partial birth dates overlap.
    pub birth_date_compatible_bonus: f64,
    /// Penalty when full birth dates differ only by a day/month swap or in one digit (a keying error).
    pub birth_date_near_penalty: f64,
    /// Penalty when the birth dates cannot be the same; by default it takes an exact name-only match
    /// below the default threshold.
    pub birth_date_contradiction_penalty: f64,
    /// Penalty when sexes differ (M vs F).
    pub sex_mismatch_penalty: f64,
    /// Penalty for a match that no birth date can confirm or refute when many other entries carry the same
    /// name: a common name alone is weak evidence (full at `common_name_count` other entries, scaled by the
    /// logarithm below that).
    pub common_name_penalty: f64,
    /// Number of other same-name entries at which `common_name_penalty` applies in full.
    pub common_name_count: usize,
    /// Penalty for any match that no birth date can confirm or refute: a name-only hit needs a
    /// near-exact name.
    pub uncorroborated_penalty: f64,
    /// Discount of a name score in proportion to the share of its weight that came from inexact part
    /// matches (typos, sound-alikes): a name with no part spelled the same loses this much.
    pub soft_match_discount: f64,
    /// Bonus when a nationality is shared.
    pub nationality_match_bonus: f64,
    /// Penalty when both sides have nationalities and none is shared.
    pub nationality_mismatch_penalty: f64,
    /// A spelling whose entries number at most this many is rare enough to fetch its entries directly;
    /// commoner spellings contribute only through the pair index, together with another name part.
    pub rare_postings: usize,
    /// Upper bound on the candidates scored per query.
    pub candidate_limit: usize,
}

impl Default for MatchConfig {
    fn default() -> Self {
        MatchConfig {
            threshold: 0.80,
            list_thresholds: BTreeMap::new(),
            max_hits: 20,
            unmatched_query_weight: 0.35,
            unmatched_entry_weight: 0.30,
            contradiction_weight: 0.80,
            birth_date_exact_bonus: 0.05,
            birth_date_compatible_bonus: 0.0,
            birth_date_near_penalty: 0.21,
            birth_date_contradiction_penalty: 0.30,
            sex_mismatch_penalty: 0.25,
            common_name_penalty: 0.25,
            common_name_count: 8,
            uncorroborated_penalty: 0.05,
            soft_match_discount: 0.15,
            nationality_match_bonus: 0.03,
            nationality_mismatch_penalty: 0.05,
            rare_postings: 200,
            candidate_limit: 20_000,
        }
    }
}

impl MatchConfig {
    /// The threshold that applies to `list`.
    pub fn threshold_for(&self, list: &str) -> f64 {
        self.list_thresholds.get(list).copied().unwrap_or(self.threshold)
    }
}

/// Who or what to screen. Give a free-text `name`, or `primary` (surname) and `secondary` (given names) as
/// an MRZ or a manifest has them, or only a document number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// Full name in any script and order; an MRZ name field (`SURNAME<<GIVEN`) is recognised.
    pub name: Option<String>,
    /// Primary identifier (surname).
    pub primary: Option<String>,
    /// Secondary identifier (given names).
    pub secondary: Option<String>,
    /// Birth date, possibly partial.
    pub birth_date: Option<BirthDate>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Nationality (ICAO code, or ISO alpha-2).
    pub nationality: Option<String>,
    /// Travel document number.
    pub document_number: Option<String>,
    /// A stable key for the traveller (e.g. document number + nationality + birth date), against which
    /// officers' "not the same person" dispositions are remembered.
    pub traveller_key: Option<String>,
}

impl Query {
    /// A query for a free-text name.
    pub fn name(name: &str) -> Self {
        Query { name: Some(name.to_owned()), ..Query::default() }
    }

    /// Adds a birth date.
    pub fn with_birth_date(mut self, date: BirthDate) -> Self {
        self.birth_date = Some(date);
        self
    }

    fn name_form(&self) -> names::NameForm {
        match (&self.name, &self.primary, &self.secondary) {
            (Some(n), _, _) if !n.trim().is_empty() => names::normalize(n),
            (_, p, s) => names::normalize_parts(p.as_deref().unwrap_or(""), s.as_deref().unwrap_or("")),
        }
    }
}

/// An officer's decision that a traveller is not the person of an entry, as of that entry's version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Disposition {
    /// The query's [`Query::traveller_key`].
    pub traveller_key: String,
    /// The entry id.
    pub entry_id: String,
    /// The entry version the decision was made on; a later change of the entry revives the hit.
    pub entry_version: u64,
}

/// The set of dispositions in force (the caller loads them from storage).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dispositions(HashSet<Disposition>);

impl Dispositions {
    /// An empty set.
    pub fn new() -> Self {
        Dispositions::default()
    }

    /// Adds one.
    pub fn insert(&mut self, d: Disposition) {
        self.0.insert(d);
    }

    fn suppresses(&self, traveller_key: &str, entry_id: &str, version: u64) -> bool {
        // A lookup without allocating a key would need a borrowed form; dispositions are few per traveller.
        self.0.contains(&Disposition {
            traveller_key: traveller_key.to_owned(),
            entry_id: entry_id.to_owned(),
            entry_version: version,
        })
    }
}

impl FromIterator<Disposition> for Dispositions {
    fn from_iter<I: IntoIterator<Item = Disposition>>(iter: I) -> Self {
        Dispositions(iter.into_iter().collect())
    }
}

/// Everything a screening depends on besides the index and the query.
#[derive(Debug, Clone, Copy)]
pub struct ScreenContext<'a> {
    /// Scoring settings.
    pub config: &'a MatchConfig,
    /// The day of screening: entries outside their validity window are ignored. `None` ignores windows.
    pub as_of: Option<Date>,
    /// Dispositions in force.
    pub dispositions: Option<&'a Dispositions>,
}

impl<'a> ScreenContext<'a> {
    /// A context with no date and no dispositions.
    pub fn new(config: &'a MatchConfig) -> Self {
        ScreenContext { config, as_of: None, dispositions: None }
    }
}

/// The result of screening one query.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Screening {
    /// Hits at or above their list's threshold, best first (ties by id).
    pub hits: Vec<Hit>,
    /// Hits that an officer's disposition suppresses; reported so they stay visible.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Hit>,
    /// Entries the index proposed as candidates (for statistics; not part of the JSON).
    #[serde(skip)]
    pub candidates: usize,
    /// Candidates whose names were scored (the rest were ruled out by birth date, sex or nationality).
    #[serde(skip)]
    pub scored: usize,
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Entry id.
    pub id: String,
    /// Score in `0..=1`, rounded to three decimals.
    pub score: f64,
    /// The entry name (alias) that matched, as the list writes it.
    pub matched_name: String,
    /// Alert type of the entry.
    pub alert_type: AlertType,
    /// Action of the entry.
    pub action: Action,
    /// List of the entry.
    pub list: String,
    /// Version of the entry (for dispositions).
    pub entry_version: u64,
    /// Why it is a hit.
    pub explanation: Explanation,
}

/// How one query name part met one entry name part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum How {
    /// Same spelling after folding (`MUELLER` = `MULLER`).
    Exact,
    /// Spellings of one name in a variant family (`CHEUNG` = `ZHANG`).
    Variant,
    /// Same sound skeleton (`MOHAMED` ≈ `MUHAMMAD`).
    Phonetic,
    /// Within a small edit distance (a typing error).
    Typo,
    /// A truncated MRZ name part that begins the entry's.
    Truncated,
    /// Two parts on one side written as one on the other (`MIN JUN` = `MINJUN`).
    Joined,
}

impl From<MatchKind> for How {
    fn from(k: MatchKind) -> Self {
        match k {
            MatchKind::Exact => How::Exact,
            MatchKind::Variant => How::Variant,
            MatchKind::Phonetic => How::Phonetic,
            MatchKind::Truncated => How::Truncated,
            _ => How::Typo,
        }
    }
}

/// One aligned pair of name parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartMatch {
    /// Query part(s), normalised.
    pub query: String,
    /// Entry part(s), normalised.
    pub entry: String,
    /// The rule that matched.
    pub how: How,
    /// Similarity in `0..=1`.
    pub similarity: f64,
    /// Share of the name's evidence this pair carries (rare names weigh more).
    pub weight: f64,
}

/// A fact besides the name that moved the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// `birth-date`, `sex`, `nationality` or `document-number`.
    pub fact: &'static str,
    /// Score change (positive corroborates, negative contradicts; 0 for a document hit, which is 1.0).
    pub effect: f64,
    /// Human-readable detail.
    pub detail: String,
}

/// Why a hit scored what it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// One line for the officer.
    pub summary: String,
    /// The query name as normalised.
    pub query_name: String,
    /// The matched entry name as normalised.
    pub entry_name: String,
    /// The name score before other facts.
    pub name_score: f64,
    /// Aligned name parts.
    pub parts: Vec<PartMatch>,
    /// Query name parts with no counterpart.
    pub unmatched_query: Vec<String>,
    /// Entry name parts with no counterpart.
    pub unmatched_entry: Vec<String>,
    /// Other facts and their effect.
    pub facts: Vec<Fact>,
    /// The threshold that applied.
    pub threshold: f64,
}

/// Rounds to three decimals for stable output.
fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// One unit of the query name: a token, or two adjacent tokens joined.
struct Unit {
    text: String,
    folds: Vec<String>,
    covers: u32,
    /// Matching spellings, sorted by vocabulary id.
    matches: Vec<(u32, TokenMatch)>,
    /// Only used to find candidates (halves of a split token), not in scoring.
    candidate_only: bool,
}

impl Unit {
    fn best(&self, forms: &[u32]) -> Option<TokenMatch> {
        let mut best: Option<TokenMatch> = None;
        for v in forms {
            if let Ok(i) = self.matches.binary_search_by_key(v, |m| m.0)
                && let Some((_, m)) = self.matches.get(i)
                && best.is_none_or(|b| m.score > b.score)
            {
                best = Some(*m);
            }
        }
        best
    }
}

/// The prepared query name.
struct PreparedName {
    units: Vec<Unit>,
    /// Per base token: display text, weight, particle.
    base: Vec<(String, f64, bool)>,
}

const MAX_WEIGHT: f64 = 9.0;
const UNKNOWN_WEIGHT: f64 = 6.0;
const PARTICLE_FACTOR: f64 = 0.1;
/// Bucket size cap for skeleton and deletion lookups, so that a very common key cannot blow up a query.
const BUCKET_CAP: usize = 400;
const PREFIX_CAP: usize = 64;
const ALT_FACTOR: f32 = 0.96;
/// Name score at which another entry counts as carrying "the same name" for the common-name rule.
const SAME_NAME: f64 = 0.95;

impl Index {
    fn idf(&self, v: u32) -> f64 {
        let n = self.len().max(1) as f64;
        let df = self.vocab.df(v).max(1) as f64;
        (1.0 + n / df).ln().clamp(1.0, MAX_WEIGHT)
    }

    /// Every spelling in the vocabulary that `fold` matches, with how.
    /// `raw` is the token's letters before folding: folding is lossy (doubled letters collapse, AE → A), so
    /// a typing error next to such a letter is looked up and compared on the raw letters too.
    fn lookup(&self, fold: &str, raw: Option<&str>, allow_prefix: bool) -> Vec<(u32, TokenMatch)> {
        let mut found: FxMap<u32, Option<TokenMatch>> = FxMap::default();
        let vocab = &self.vocab;
        let key = names::Key::new(fold);
        // Only when folding changed the length (collapsed letters) can the raw letters reach more.
        let raw = raw.filter(|r| r.len() != fold.len() && r.len() >= 3).map(names::Key::new);
        let consider = |v: u32, found: &mut FxMap<u32, Option<TokenMatch>>| {
            if found.contains_key(&v) {
                return;
            }
            // Misses are remembered too, so that a spelling reached through several keys is compared once.
            let m = vocab.key(v).and_then(|k| {
                names::key_similarity(&key, k, allow_prefix)
                    .or_else(|| raw.as_ref().and_then(|r| names::key_similarity(r, k, allow_prefix)))
                    .map(|mut m| {
                        // A raw-letter match is never more than a typo.
                        if m.kind == MatchKind::Exact && k.fold != fold {
                            m.kind = MatchKind::Typo;
                            m.score = m.score.min(0.92);
                        }
                        m
                    })
            });
            found.insert(v, m);
        };
        if let Some(&v) = vocab.ids.get(fold) {
            consider(v, &mut found);
        }
        for c in key.classes {
            for &v in vocab.classes.get(c).map_or(&[][..], Vec::as_slice).iter().take(BUCKET_CAP) {
                consider(v, &mut found);
            }
        }
        if key.skeleton.len() >= 3 {
            for &v in vocab
                .skeletons
                .get(&hash_str(&key.skeleton))
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .take(BUCKET_CAP)
            {
                consider(v, &mut found);
            }
        }
        if fold.len() >= 3 {
            // Query-side deletions against the vocabulary's one-deletion keys: two deletions on the query
            // side for long tokens, so that every pair within two edits meets.
            let firsts = names::deletions(fold);
            let mut keys: Vec<u64> = firsts.iter().map(|k| hash_str(k)).collect();
            if let Some(r) = &raw {
                keys.extend(names::deletions(&r.fold).iter().map(|k| hash_str(k)));
            }
            // Fold keys collapse doubled letters, so a six-letter query key may stand for an eight-letter
            // spelling that allows two edits: from six letters on, take two deletions.
            if fold.len() >= 6 {
                for k in firsts.iter().skip(1) {
                    keys.extend(names::deletions(k).iter().skip(1).map(|d| hash_str(d)));
                }
                keys.sort_unstable();
                keys.dedup();
            }
            for d in keys {
                for &v in vocab.deletions.get(&d).map_or(&[][..], Vec::as_slice).iter().take(BUCKET_CAP) {
                    consider(v, &mut found);
                }
            }
        }
        if allow_prefix && fold.len() >= 3 {
            let range =
                vocab.sorted.range::<str, _>((std::ops::Bound::Included(fold), std::ops::Bound::Unbounded));
            for (w, &v) in range.take(PREFIX_CAP) {
                if !w.starts_with(fold) {
                    break;
                }
                consider(v, &mut found);
            }
        }
        let mut out: Vec<(u32, TokenMatch)> = found.into_iter().filter_map(|(v, m)| Some((v, m?))).collect();
        out.sort_unstable_by_key(|m| m.0);
        out
    }

    fn lookup_all(&self, folds: &[String], raw: Option<&str>, allow_prefix: bool) -> Vec<(u32, TokenMatch)> {
        if folds.len() == 1
            && let Some(f) = folds.first()
        {
            return self.lookup(f, raw, allow_prefix);
        }
        let mut out: Vec<(u32, TokenMatch)> = Vec::new();
        for (k, f) in folds.iter().enumerate() {
            for (v, mut m) in self.lookup(f, if k == 0 { raw } else { None }, allow_prefix) {
                if k > 0 {
                    // An alternative reading of the query token (another romanisation the source admits)
                    // is slightly weaker evidence than the spelling as written.
                    m.score *= ALT_FACTOR;
                    if m.kind == MatchKind::Exact {
                        m.kind = MatchKind::Variant;
                    }
                }
                match out.iter_mut().find(|x| x.0 == v) {
                    Some(x) if x.1.score < m.score => x.1 = m,
                    Some(_) => {}
                    None => out.push((v, m)),
                }
            }
        }
        out.sort_unstable_by_key(|m| m.0);
        out
    }

    fn prepare(&self, form: &names::NameForm) -> PreparedName {
        let tokens: Vec<&names::Token> = form.tokens.iter().take(MAX_TOKENS).collect();
        let last = tokens.len().saturating_sub(1);
        let mut units = Vec::new();
        let mut base = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let folds = t.folds();
            // Only the last part of an MRZ name field is ever cut at the field's length limit.
            let allow_prefix = form.mrz && i == last;
            let raw: String = t.text.chars().filter(char::is_ascii_uppercase).collect();
            let matches = self.lookup_all(&folds, Some(&raw), allow_prefix);
            let particle = t.kind == TokenKind::Particle;
            let exact = matches.iter().find(|m| m.1.kind == MatchKind::Exact).map(|m| m.0);
            let best = matches.iter().max_by(|a, b| a.1.score.total_cmp(&b.1.score)).map(|m| m.0);
            let mut w = match exact.or(best) {
                Some(v) => self.idf(v),
                None => UNKNOWN_WEIGHT,
            };
            if particle {
                w *= PARTICLE_FACTOR;
            }
            base.push((t.text.clone(), w, particle));
            // A token written as one word that the list writes as two (`MINJUN` for `MIN JUN`): its halves
            // help find candidates; the scorer then joins the entry's parts.
            let known = matches.iter().any(|m| matches!(m.1.kind, MatchKind::Exact | MatchKind::Variant));
            if let Some(f) = folds.first().filter(|_| !known) {
                for (l, r) in self.split(f) {
                    for half in [l, r] {
                        let m = self.lookup_all(std::slice::from_ref(&half), None, false);
                        units.push(Unit {
                            text: half,
                            folds: Vec::new(),
                            covers: 1 << i,
                            matches: m,
                            candidate_only: true,
                        });
                    }
                }
            }
            units.push(Unit { text: t.text.clone(), folds, covers: 1 << i, matches, candidate_only: false });
        }
        // Adjacent tokens joined (`MIN JUN` for a list's `MINJUN`).
        for i in 0..tokens.len().saturating_sub(1) {
            let (Some(a), Some(b)) = (tokens.get(i), tokens.get(i + 1)) else { continue };
            if a.kind == TokenKind::Particle || b.kind == TokenKind::Particle {
                continue;
            }
            let mut joined: Vec<String> = Vec::new();
            for x in a.spellings().take(4) {
                for y in b.spellings().take(4) {
                    let j = names::fold(&format!("{x}{y}"));
                    if !joined.contains(&j) {
                        joined.push(j);
                    }
                }
            }
            let matches: Vec<(u32, TokenMatch)> = self
                .lookup_all(&joined, None, false)
                .into_iter()
                .filter(|m| matches!(m.1.kind, MatchKind::Exact | MatchKind::Variant))
                .collect();
            if !matches.is_empty() {
                units.push(Unit {
                    text: format!("{} {}", a.text, b.text),
                    folds: joined,
                    covers: (1 << i) | (1 << (i + 1)),
                    matches,
                    candidate_only: false,
                });
            }
        }
        PreparedName { units, base }
    }

    /// Ways to cut a fold key into two spellings that both exist in the vocabulary.
    fn split(&self, fold: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if fold.len() < 4 || !fold.is_ascii() {
            return out;
        }
        for k in 2..=fold.len() - 2 {
            let (l, r) = fold.split_at(k);
            if self.vocab.ids.contains_key(l) && self.vocab.ids.contains_key(r) {
                out.push((l.to_owned(), r.to_owned()));
            }
        }
        out.truncate(2);
        out
    }

    fn postings(&self, v: u32) -> &[u32] {
        self.vocab.postings.get(v as usize).map_or(&[], Vec::as_slice)
    }

    /// Candidate entries: those whose name has two parts matching two parts of the query (looked up in
    /// the pair index, so a common first name and a common surname cost only the entries that carry both),
    /// or one part matching a rare query part. Never a full scan.
    fn candidates(&self, name: &PreparedName, query: &Query, config: &MatchConfig) -> Vec<u32> {
        // Reading only the pair postings of the query's birth years is safe when a contradicting birth
        // date alone takes even a perfect name below every threshold (true for the default settings).
        let lowest = config.list_thresholds.values().copied().fold(config.threshold, f64::min);
        let best_bonus = config.birth_date_exact_bonus.max(config.birth_date_compatible_bonus).max(0.0)
            + config.nationality_match_bonus.max(0.0);
        let prune = 1.0 + best_bonus - config.birth_date_contradiction_penalty < lowest;
        let years: Option<(u16, u16)> = query.birth_date.as_ref().filter(|_| prune).and_then(|d| {
            let (lo, hi) = d.bounds();
            let (a, b) = (i32::from(lo.year()), i32::from(hi.year()));
            if b - a >= crate::index::MAX_YEAR_SPAN {
                return None;
            }
            Some((u16::try_from(a).ok()?, u16::try_from(b).ok()?))
        });
        let strong = |u: &Unit| -> Vec<u32> {
            let mut m: Vec<(u32, TokenMatch)> =
                u.matches.iter().filter(|m| m.1.score >= 0.85).copied().collect();
            m.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
            m.truncate(8);
            m.into_iter().map(|m| m.0).collect()
        };
        // Particles (AL, BIN, VAN …) are in a large share of entries and say little; they take no part in
        // finding candidates unless the name has nothing else. A part repeated in the name (AHMED AHMED)
        // pairs with itself: the pair index has the entries that carry it twice.
        let only_particles = name.base.iter().all(|b| b.2);
        let mut lists: Vec<(u32, Vec<u32>)> = Vec::new();
        for u in &name.units {
            let particle = name.base.iter().enumerate().all(|(i, b)| u.covers & (1 << i) == 0 || b.2);
            if particle && !only_particles {
                continue;
            }
            let l = strong(u);
            if !l.is_empty() {
                lists.push((u.covers, l));
            }
        }
        // A one-part name can only be found through that part; a longer name needs two parts (or one
        // rare one) to be found, since one common part alone cannot reach any threshold.
        let single = name.base.iter().filter(|b| !b.2).count() <= 1 || only_particles;
        let mut out: Vec<u32> = Vec::new();
        for (_, list) in &lists {
            let size: usize = list.iter().map(|&v| self.postings(v).len()).sum();
            if single || size <= config.rare_postings {
                for &v in list {
                    out.extend_from_slice(self.postings(v));
                }
            }
        }
        for (a, (ca, la)) in lists.iter().enumerate() {
            for (cb, lb) in lists.iter().skip(a + 1) {
                if ca & cb != 0 && ca != cb {
                    // A joined unit and one of its own parts.
                    continue;
                }
                for &v in la {
                    for &w in lb {
                        let Some(p) = self.pairs.get(&pair_key(v, w)) else { continue };
                        match years {
                            None => out.extend(p.iter().map(|x| x.1)),
                            Some((lo, hi)) => {
                                // Entries of unknown birth year, then those born in the query's years.
                                let unknown = p.partition_point(|x| x.0 == 0);
                                out.extend(p.iter().take(unknown).map(|x| x.1));
                                let from = p.partition_point(|x| x.0 < lo);
                                let to = p.partition_point(|x| x.0 <= hi);
                                out.extend(p.get(from.max(unknown)..to).unwrap_or(&[]).iter().map(|x| x.1));
                            }
                        }
                    }
                }
            }
            if out.len() > config.candidate_limit * 4 {
                break;
            }
        }
        out.sort_unstable();
        out.dedup();
        out.truncate(config.candidate_limit);
        out
    }

    /// How many entries carry every name part of the query exactly: how common the name is in the list, a
    /// proxy for how common it is among travellers (used by the common-name rule).
    fn same_name_count(&self, name: &PreparedName) -> usize {
        let mut lists: Vec<&[u32]> = Vec::new();
        for u in name.units.iter().filter(|u| !u.candidate_only && u.covers.count_ones() == 1) {
            let particle = name.base.iter().enumerate().any(|(i, b)| u.covers & (1 << i) != 0 && b.2);
            if particle {
                continue;
            }
            match u.matches.iter().find(|m| m.1.kind == MatchKind::Exact) {
                Some(m) => lists.push(self.postings(m.0)),
                None => return 0,
            }
        }
        lists.sort_by_key(|l| l.len());
        let Some((first, rest)) = lists.split_first() else { return 0 };
        let mut acc: Vec<u32> = first.to_vec();
        for l in rest {
            let mut next = Vec::with_capacity(acc.len());
            intersect_into(&acc, l, &mut next);
            acc = next;
            if acc.is_empty() {
                break;
            }
        }
        acc.len()
    }

    /// Screens one query against the index.
    ///
    /// ```
    /// use screening::{Entry, Index, MatchConfig, Query, ScreenContext, AlertType, Action};
    /// let entry = Entry {
    ///     id: "W1".into(), names: vec!["张伟".into()], birth_dates: vec!["1980-03-02".parse().unwrap()],
    ///     sex: None, nationalities: vec![], document_numbers: vec![], alert_type: AlertType::Wanted,
    ///     action: Action::Refer, valid_from: None, valid_to: None, list: "demo".into(),
    ///     authority: None, legal_basis: None,
    /// };
    /// let index = Index::build(vec![entry]).unwrap();
    /// let config = MatchConfig::default();
    /// let hits = index.screen(&Query::name("CHEUNG Wei"), &ScreenContext::new(&config)).hits;
    /// assert_eq!(hits[0].id, "W1");
    /// let other = Query::name("Zhang Wei").with_birth_date("1991-07-08".parse().unwrap());
    /// assert!(index.screen(&other, &ScreenContext::new(&config)).hits.is_empty());
    /// ```
    pub fn screen(&self, query: &Query, ctx: &ScreenContext<'_>) -> Screening {
        let config = ctx.config;
        let form = query.name_form();
        let name = self.prepare(&form);
        let nationality = query.nationality.as_deref().map(normalize_nationality).filter(|n| !n.is_empty());
        let mut scored: Vec<(f64, u32, Option<AliasScore>)> = Vec::new();
        let mut stats = (0, 0);
        if !form.is_empty() {
            let dob = query.birth_date.as_ref().map(Dob::of);
            let mut named: Vec<(u32, AliasScore)> = Vec::new();
            let candidates = self.candidates(&name, query, config);
            stats = (candidates.len(), 0);
            for slot in candidates {
                let Some(stored) = self.stored(slot) else { continue };
                if ctx.as_of.is_some_and(|d| !stored.entry.is_valid_on(d)) {
                    continue;
                }
                // The other facts cost a few comparisons; when even a perfect name could not lift the
                // score over the threshold (a contradicting birth date), the name is not scored at all.
                let upper = 1.0 + facts_effect(dob, query, nationality.as_deref(), None, stored, config);
                if upper < config.threshold_for(&stored.entry.list) {
                    continue;
                }
                stats.1 += 1;
                if let Some(best) = self.score_entry(&name, stored, config) {
                    named.push((slot, best));
                }
            }
            // How common the name is in the list: the entries carrying every part of it exactly.
            let same_name = self.same_name_count(&name);
            for (slot, best) in named {
                let Some(stored) = self.stored(slot) else { continue };
                let others = same_name.saturating_sub(usize::from(best.name_score >= SAME_NAME));
                let total = best.name_score
                    + facts_effect(dob, query, nationality.as_deref(), Some(others), stored, config);
                if total >= config.threshold_for(&stored.entry.list) {
                    scored.push((total, slot, Some(AliasScore { others, ..best })));
                }
            }
        }
        let document =
            query.document_number.as_deref().map(normalize_document_number).filter(|d| !d.is_empty());
        if let Some(doc) = &document
            && let Some(slots) = self.documents.get(doc)
        {
            for &slot in slots {
                let Some(stored) = self.stored(slot) else { continue };
                if ctx.as_of.is_some_and(|d| !stored.entry.is_valid_on(d)) {
                    continue;
                }
                match scored.iter_mut().find(|s| s.1 == slot) {
                    Some(s) => s.0 = s.0.max(1.0),
                    None => scored.push((1.0, slot, self.score_entry(&name, stored, config))),
                }
            }
        }
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then_with(|| {
                let ida = self.stored(a.1).map(|s| s.entry.id.as_str());
                let idb = self.stored(b.1).map(|s| s.entry.id.as_str());
                ida.cmp(&idb)
            })
        });
        let mut out = Screening { candidates: stats.0, scored: stats.1, ..Screening::default() };
        for (score, slot, alias) in scored {
            if out.hits.len() >= config.max_hits {
                break;
            }
            let Some(stored) = self.stored(slot) else { continue };
            let hit = self.hit(
                query,
                &form,
                &name,
                stored,
                score.clamp(0.0, 1.0),
                alias,
                document.as_deref(),
                config,
            );
            let suppressed = match (&query.traveller_key, ctx.dispositions) {
                (Some(k), Some(d)) => d.suppresses(k, &stored.entry.id, stored.version),
                _ => false,
            };
            if suppressed {
                out.suppressed.push(hit);
            } else {
                out.hits.push(hit);
            }
        }
        out
    }

    /// The best-scoring alias of an entry.
    fn score_entry(&self, name: &PreparedName, stored: &Stored, config: &MatchConfig) -> Option<AliasScore> {
        let mut best: Option<AliasScore> = None;
        for (k, alias) in stored.aliases.iter().enumerate() {
            if let Some(s) = self.score_alias(name, &alias.tokens, config)
                && best.as_ref().is_none_or(|b| s.name_score > b.name_score)
            {
                best = Some(AliasScore { alias: k, ..s });
            }
        }
        best
    }

    fn score_alias(
        &self,
        name: &PreparedName,
        tokens: &[crate::index::AliasToken],
        config: &MatchConfig,
    ) -> Option<AliasScore> {
        // Fixed-size arrays: this runs for every candidate alias, and names have at most MAX_TOKENS parts.
        let mut wa = [0.0f64; MAX_TOKENS];
        for (slot, t) in wa.iter_mut().zip(tokens) {
            let w = t.forms.first().map_or(UNKNOWN_WEIGHT, |&v| self.idf(v));
            *slot = if t.particle { w * PARTICLE_FACTOR } else { w };
        }
        let wa = wa.get(..tokens.len().min(MAX_TOKENS)).unwrap_or(&[]);
        let wq = |covers: u32| -> f64 {
            name.base.iter().enumerate().filter(|(i, _)| covers & (1 << i) != 0).map(|(_, b)| b.1).sum()
        };
        let wa_of = |covers: u32| -> f64 {
            wa.iter().enumerate().filter(|(j, _)| covers & (1 << j) != 0).map(|(_, w)| *w).sum()
        };
        let mut pairs: Vec<Pair> = Vec::with_capacity(8);
        for (u, unit) in name.units.iter().enumerate() {
            if unit.candidate_only {
                continue;
            }
            for (j, t) in tokens.iter().enumerate() {
                if let Some(m) = unit.best(&t.forms) {
                    pairs.push(Pair {
                        score: f64::from(m.score),
                        w: (wq(unit.covers) + wa_of(1 << j)) / 2.0,
                        qcov: unit.covers,
                        acov: 1 << j,
                        unit: u,
                        how: if unit.covers.count_ones() > 1 { How::Joined } else { m.kind.into() },
                    });
                }
            }
            // The entry writes as two parts what the query writes as one.
            if unit.covers.count_ones() == 1 {
                for j in 0..tokens.len().saturating_sub(1) {
                    let (Some(a), Some(b)) = (tokens.get(j), tokens.get(j + 1)) else { continue };
                    let (Some(&fa), Some(&fb)) = (a.forms.first(), b.forms.first()) else { continue };
                    let (wa_, wb_) = (self.vocab.word(fa), self.vocab.word(fb));
                    if unit
                        .folds
                        .iter()
                        .any(|f| f.len() == wa_.len() + wb_.len() && f.starts_with(wa_) && f.ends_with(wb_))
                    {
                        pairs.push(Pair {
                            score: 0.97,
                            w: (wq(unit.covers) + wa_of((1 << j) | (1 << (j + 1)))) / 2.0,
                            qcov: unit.covers,
                            acov: (1 << j) | (1 << (j + 1)),
                            unit: u,
                            how: How::Joined,
                        });
                    }
                }
            }
        }
        if pairs.is_empty() {
            return None;
        }
        pairs.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.w.total_cmp(&a.w))
                .then(a.qcov.cmp(&b.qcov))
                .then(a.acov.cmp(&b.acov))
        });
        let (mut used_q, mut used_a) = (0u32, 0u32);
        let mut chosen: Vec<Pair> = Vec::new();
        let (mut matched, mut weight) = (0.0, 0.0);
        let mut any_name = false;
        for p in pairs {
            if p.qcov & used_q != 0 || p.acov & used_a != 0 {
                continue;
            }
            used_q |= p.qcov;
            used_a |= p.acov;
            let w = p.w;
            matched += p.score * w;
            weight += w;
            let q_particle_only =
                name.base.iter().enumerate().filter(|(i, _)| p.qcov & (1 << i) != 0).all(|(_, b)| b.2);
            if !q_particle_only {
                any_name = true;
            }
            chosen.push(p);
        }
        if !any_name {
            return None;
        }
        let unmatched_q: f64 = name
            .base
            .iter()
            .enumerate()
            .filter(|(i, _)| used_q & (1 << i) == 0)
            .map(|(_, b)| b.1.min(UNKNOWN_WEIGHT))
            .sum();
        let unmatched_a: f64 = wa
            .iter()
            .enumerate()
            .filter(|(j, _)| used_a & (1 << j) == 0)
            .map(|(_, w)| w.min(UNKNOWN_WEIGHT))
            .sum();
        let q_names_left = name.base.iter().enumerate().any(|(i, b)| used_q & (1 << i) == 0 && !b.2);
        let a_names_left = tokens.iter().enumerate().any(|(j, t)| used_a & (1 << j) == 0 && !t.particle);
        let (fq, fa) = if q_names_left && a_names_left {
            (config.contradiction_weight, config.contradiction_weight)
        } else {
            (config.unmatched_query_weight, config.unmatched_entry_weight)
        };
        let denominator = weight + fq * unmatched_q + fa * unmatched_a;
        // A name none of whose parts is spelled the same (every part a typo or a sound-alike) is weaker
        // evidence than its per-part similarities suggest: scale by the share of exactly matched weight.
        let firm: f64 = chosen
            .iter()
            .filter(|p| matches!(p.how, How::Exact | How::Variant | How::Joined))
            .map(|p| p.w)
            .sum();
        let firm_share = if weight > 0.0 { firm / weight } else { 0.0 };
        let factor = 1.0 - config.soft_match_discount * (1.0 - firm_share);
        let name_score = if denominator > 0.0 { factor * matched / denominator } else { 0.0 };
        Some(AliasScore {
            alias: 0,
            name_score,
            pairs: chosen,
            used_q,
            used_a,
            weight: denominator,
            others: 0,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn hit(
        &self,
        query: &Query,
        form: &names::NameForm,
        name: &PreparedName,
        stored: &Stored,
        score: f64,
        alias: Option<AliasScore>,
        document: Option<&str>,
        config: &MatchConfig,
    ) -> Hit {
        let entry = &stored.entry;
        let alias_idx = alias.as_ref().map_or(0, |a| a.alias);
        let stored_alias = stored.aliases.get(alias_idx);
        let name_idx = stored_alias.map_or(0, |a| a.name as usize);
        let matched_name = entry.names.get(name_idx).cloned().unwrap_or_default();
        // Re-normalise the matched alias for display: the index keeps only spelling ids.
        let entry_form = names::normalize(&matched_name);
        let entry_tokens: Vec<String> = entry_form
            .tokens
            .iter()
            .take(MAX_TOKENS)
            .filter(|t| !t.folds().is_empty())
            .map(|t| t.text.clone())
            .collect();
        let pick = |covers: u32, texts: &[String]| -> String {
            let v: Vec<&str> = texts
                .iter()
                .enumerate()
                .filter(|(i, _)| covers & (1 << i) != 0)
                .map(|(_, s)| s.as_str())
                .collect();
            v.join(" ")
        };
        let query_tokens: Vec<String> = name.base.iter().map(|b| b.0.clone()).collect();
        let mut parts = Vec::new();
        let mut unmatched_query = Vec::new();
        let mut unmatched_entry = Vec::new();
        let mut name_score = 0.0;
        if let Some(a) = &alias {
            name_score = a.name_score;
            let total = a.weight.max(f64::MIN_POSITIVE);
            let wa: Vec<f64> = stored_alias
                .map(|al| {
                    al.tokens
                        .iter()
                        .map(|t| {
                            let w = t.forms.first().map_or(UNKNOWN_WEIGHT, |&v| self.idf(v));
                            if t.particle { w * PARTICLE_FACTOR } else { w }
                        })
                        .collect()
                })
                .unwrap_or_default();
            for p in &a.pairs {
                let wq: f64 = name
                    .base
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| p.qcov & (1 << i) != 0)
                    .map(|(_, b)| b.1)
                    .sum();
                let w: f64 =
                    wa.iter().enumerate().filter(|(j, _)| p.acov & (1 << j) != 0).map(|(_, w)| *w).sum();
                parts.push(PartMatch {
                    query: name
                        .units
                        .get(p.unit)
                        .map_or_else(|| pick(p.qcov, &query_tokens), |u| u.text.clone()),
                    entry: pick(p.acov, &entry_tokens),
                    how: p.how,
                    similarity: r3(p.score),
                    weight: r3((wq + w) / 2.0 / total),
                });
            }
            for (i, t) in query_tokens.iter().enumerate() {
                if a.used_q & (1 << i) == 0 {
                    unmatched_query.push(t.clone());
                }
            }
            for (j, t) in entry_tokens.iter().enumerate() {
                if a.used_a & (1 << j) == 0 {
                    unmatched_entry.push(t.clone());
                }
            }
        }
        let others = alias.as_ref().map_or(0, |a| a.others);
        let mut facts = fact_list(query, others, stored, config);
        if let Some(doc) = document
            && entry.document_numbers.iter().any(|d| d == doc)
        {
            facts.insert(
                0,
                Fact {
                    fact: "document-number",
                    effect: 0.0,
                    detail: format!("document number {doc} is listed"),
                },
            );
        }
        let threshold = config.threshold_for(&entry.list);
        let mut summary = String::new();
        if facts.first().is_some_and(|f| f.fact == "document-number") {
            summary.push_str("document number matches; ");
        }
        summary.push_str(&format!("name {:.2}", r3(name_score)));
        if !parts.is_empty() {
            let p: Vec<String> = parts
                .iter()
                .map(|p| {
                    let how = serde_json::to_value(p.how).ok().and_then(|v| v.as_str().map(str::to_owned));
                    format!("{} ~ {} ({})", p.query, p.entry, how.unwrap_or_default())
                })
                .collect();
            summary.push_str(&format!(": {}", p.join(", ")));
        }
        if !unmatched_query.is_empty() {
            summary.push_str(&format!("; not on entry: {}", unmatched_query.join(" ")));
        }
        if !unmatched_entry.is_empty() {
            summary.push_str(&format!("; not in query: {}", unmatched_entry.join(" ")));
        }
        for f in facts.iter().filter(|f| f.fact != "document-number") {
            summary.push_str(&format!("; {} ({:+.2})", f.detail, f.effect));
        }
        summary.push_str(&format!("; score {:.2} ≥ threshold {:.2}", r3(score), threshold));
        Hit {
            id: entry.id.clone(),
            score: r3(score),
            matched_name,
            alert_type: entry.alert_type,
            action: entry.action,
            list: entry.list.clone(),
            entry_version: stored.version,
            explanation: Explanation {
                summary,
                query_name: form.display(),
                entry_name: entry_form.display(),
                name_score: r3(name_score),
                parts,
                unmatched_query,
                unmatched_entry,
                facts,
                threshold,
            },
        }
    }
}

#[derive(Debug, Clone)]
struct Pair {
    score: f64,
    /// Evidence weight: the mean weight of the parts covered on both sides.
    w: f64,
    qcov: u32,
    acov: u32,
    unit: usize,
    how: How,
}

#[derive(Debug, Clone)]
struct AliasScore {
    alias: usize,
    name_score: f64,
    pairs: Vec<Pair>,
    used_q: u32,
    used_a: u32,
    weight: f64,
    /// Other candidate entries with the same name (for the common-name rule).
    others: usize,
}

/// Sorted-list intersection, galloping through the longer list.
fn intersect_into(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return;
    }
    if large.len() > small.len() * 16 {
        let mut rest = large;
        for &x in small {
            match rest.binary_search(&x) {
                Ok(i) => {
                    out.push(x);
                    rest = rest.get(i + 1..).unwrap_or(&[]);
                }
                Err(i) => rest = rest.get(i..).unwrap_or(&[]),
            }
            if rest.is_empty() {
                break;
            }
        }
        return;
    }
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (small.get(i), large.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(x);
                i += 1;
                j += 1;
            }
        }
    }
}

/// How a query's birth date relates to an entry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DobOutcome {
    Contradicts,
    Near,
    Compatible,
    Exact,
}

/// A birth date as an interval of order-preserving day codes (`year·512 + month·32 + day`), precomputed for
/// every entry so that comparing costs two integer comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dob {
    lo: i32,
    hi: i32,
    day: bool,
}

fn day_code(d: Date) -> i32 {
    i32::from(d.year()) * 512 + i32::from(d.month()) * 32 + i32::from(d.day())
}

impl Dob {
    pub(crate) fn of(b: &BirthDate) -> Dob {
        let (lo, hi) = b.bounds();
        Dob { lo: day_code(lo), hi: day_code(hi), day: b.is_day() }
    }
}

fn compare(q: Dob, e: Dob) -> DobOutcome {
    if q.lo <= e.hi && e.lo <= q.hi {
        return if q.day && e.day { DobOutcome::Exact } else { DobOutcome::Compatible };
    }
    if q.day && e.day && q.lo / 512 == e.lo / 512 {
        // Keying errors within the right year: day and month swapped, or one digit of MMDD wrong. A wrong
        // year is a contradiction: different people share names and days far more often than documents
        // carry a mistyped year.
        let (qm, qd) = ((q.lo % 512) / 32, q.lo % 32);
        let (em, ed) = ((e.lo % 512) / 32, e.lo % 32);
        let swapped = qm == ed && qd == em;
        let digits = [qm / 10 != em / 10, qm % 10 != em % 10, qd / 10 != ed / 10, qd % 10 != ed % 10]
            .iter()
            .filter(|x| **x)
            .count();
        if swapped || digits == 1 {
            return DobOutcome::Near;
        }
    }
    DobOutcome::Contradicts
}

fn compare_dob(q: &BirthDate, e: &BirthDate) -> DobOutcome {
    compare(Dob::of(q), Dob::of(e))
}

/// The common-name rule: a name that other entries share — entries the query's birth date cannot tell
/// apart from this one — is weak evidence unless a full birth date confirms it. A partial birth date (year,
/// range) that merely fits does not confirm; no birth date at all costs `uncorroborated_penalty` on top.
fn common_name_effect(q: Option<Dob>, others: usize, stored: &Stored, config: &MatchConfig) -> f64 {
    let best = q.and_then(|q| stored.dobs.iter().map(|e| (compare(q, *e), *e)).max_by_key(|x| x.0));
    // Same-name entries that the birth dates cannot tell apart: all of them when a side has no birth date;
    // otherwise the share of a 60-year span that the vaguer of the two birth dates covers.
    let (uncorroborated, indistinct) = match (q, best) {
        (Some(_), Some((DobOutcome::Exact | DobOutcome::Near | DobOutcome::Contradicts, _))) => return 0.0,
        (Some(q), Some((DobOutcome::Compatible, e))) => {
            let width = f64::from((q.hi - q.lo).max(e.hi - e.lo) + 1);
            (false, others as f64 * (width / (60.0 * 512.0)).min(1.0))
        }
        _ => (true, others as f64),
    };
    let scale = (1.0 + indistinct).ln() / ((1 + config.common_name_count.max(1)) as f64).ln();
    let common = config.common_name_penalty * scale.min(1.0);
    if uncorroborated { -config.uncorroborated_penalty - common } else { -common }
}

fn fact_list(query: &Query, others: usize, stored: &Stored, config: &MatchConfig) -> Vec<Fact> {
    let entry = &stored.entry;
    let mut facts = Vec::new();
    let common = common_name_effect(query.birth_date.as_ref().map(Dob::of), others, stored, config);
    if common != 0.0 {
        facts.push(Fact {
            fact: "name-frequency",
            effect: r3(common),
            detail: if others == 0 {
                "no full birth date to corroborate the name".to_owned()
            } else {
                format!(
                    "no full birth date to corroborate the name, which {others} other listed entries share"
                )
            },
        });
    }
    if let Some(q) = &query.birth_date
        && !entry.birth_dates.is_empty()
    {
        let best = entry.birth_dates.iter().map(|e| (compare_dob(q, e), e)).max_by_key(|x| x.0);
        if let Some((outcome, e)) = best {
            let (effect, word) = match outcome {
                DobOutcome::Exact => (config.birth_date_exact_bonus, "matches"),
                DobOutcome::Compatible => (config.birth_date_compatible_bonus, "is compatible with"),
                DobOutcome::Near => (-config.birth_date_near_penalty, "differs by one keying error from"),
                DobOutcome::Contradicts => (-config.birth_date_contradiction_penalty, "contradicts"),
            };
            facts.push(Fact {
                fact: "birth-date",
                effect: r3(effect),
                detail: format!("birth date {q} {word} {e}"),
            });
        }
    }
    if let (Some(q), Some(e)) = (query.sex, entry.sex)
        && q != Sex::Unspecified
        && e != Sex::Unspecified
        && q != e
    {
        facts.push(Fact {
            fact: "sex",
            effect: r3(-config.sex_mismatch_penalty),
            detail: format!("sex {} differs from {}", sex_str(q), sex_str(e)),
        });
    }
    if let Some(q) = query.nationality.as_deref().map(normalize_nationality).filter(|n| !n.is_empty())
        && !entry.nationalities.is_empty()
    {
        if entry.nationalities.contains(&q) {
            facts.push(Fact {
                fact: "nationality",
                effect: r3(config.nationality_match_bonus),
                detail: format!("nationality {q} is listed"),
            });
        } else {
            facts.push(Fact {
                fact: "nationality",
                effect: r3(-config.nationality_mismatch_penalty),
                detail: format!("nationality {q} is not among {}", entry.nationalities.join("/")),
            });
        }
    }
    facts
}

/// The summed effect of [`fact_list`] without building its text (this runs for every candidate).
fn facts_effect(
    dob: Option<Dob>,
    query: &Query,
    nationality: Option<&str>,
    others: Option<usize>,
    stored: &Stored,
    config: &MatchConfig,
) -> f64 {
    let entry = &stored.entry;
    // The common-name effect is never positive, so leaving it out (`others: None`) gives an upper bound.
    let mut effect = others.map_or(0.0, |o| common_name_effect(dob, o, stored, config));
    if let Some(q) = dob
        && let Some(outcome) = stored.dobs.iter().map(|e| compare(q, *e)).max()
    {
        effect += match outcome {
            DobOutcome::Exact => config.birth_date_exact_bonus,
            DobOutcome::Compatible => config.birth_date_compatible_bonus,
            DobOutcome::Near => -config.birth_date_near_penalty,
            DobOutcome::Contradicts => -config.birth_date_contradiction_penalty,
        };
    }
    if let (Some(q), Some(e)) = (query.sex, entry.sex)
        && q != Sex::Unspecified
        && e != Sex::Unspecified
        && q != e
    {
        effect -= config.sex_mismatch_penalty;
    }
    if let Some(q) = nationality
        && !stored.nationalities.is_empty()
    {
        let q = pack_code(q);
        if stored.nationalities.contains(&q) {
            effect += config.nationality_match_bonus;
        } else {
            effect -= config.nationality_mismatch_penalty;
        }
    }
    effect
}

/// A country code packed into an integer, so that comparing nationalities costs no string comparison.
pub(crate) fn pack_code(code: &str) -> u32 {
    code.bytes().take(4).fold(0u32, |acc, b| (acc << 8) | u32::from(b))
}

fn sex_str(s: Sex) -> &'static str {
    match s {
        Sex::Male => "M",
        Sex::Female => "F",
        _ => "X",
    }
}
