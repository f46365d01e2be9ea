//! The matcher: candidates from the index (never a full scan), then an aligned, weighted name score that
//! birth date, sex and nationality raise or lower, and an explanation built by the same code that scored.
//!
//! A match that no full birth date confirms is weighed by how common the name is: the index's own
//! frequency statistics estimate the share of travellers who would carry a name matching the entry's the
//! same way, and the rarer the name, the more a name-only match is worth (see `name_evidence_effect`).

mod lookup;

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;
use names::{MatchKind, TokenKind, TokenMatch};
use serde::{Deserialize, Serialize};

use crate::index::{Index, MAX_TOKENS, SmallList, Stored, birth_years, pair_key};
use crate::model::{Action, AlertType, BirthDate, Sex, normalize_document_number, normalize_nationality};
pub(crate) use lookup::Depth;

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
    /// Penalty for a match that no full birth date confirms when the name is common: a common name alone
    /// is weak evidence. It applies in full from `common_name_frequency` (or `common_name_count` same-name
    /// entries) and fades with the logarithm of the name's frequency down to `rare_name_frequency`.
    pub common_name_penalty: f64,
    /// Number of other listed entries sharing the name at which `common_name_penalty` applies in full,
    /// whatever the frequency estimate says.
    pub common_name_count: usize,
    /// The rarity rule's budget, in false hits per traveller: the summed name frequency of the entries
    /// that no full birth date confirms which may still hit on their name alone. The index estimates, for
    /// every entry, the share of travellers carrying its name (times the share of birth dates its own
    /// birth date cannot tell apart); the rarest entries up to this sum hit on an exact name, commoner ones
    /// take up to `common_name_penalty` (three times commoner: the full penalty).
    pub name_only_false_hits: f64,
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
            name_only_false_hits: 0.002,
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

/// Entries found through one part of the name: (entry name, that part's score, exact match).
type StrongList = Vec<(u32, f32, bool)>;

/// A matching spelling at least this similar can find candidates (a two-edit typo of a long part scores
/// 0.88, a three-edit sound-alike 0.84).
const STRONG: f32 = 0.83;
/// At most this many matching spellings of one query part are used to find candidates, most similar and
/// then commonest first; and at most `PAIR_CAP` pairs of spellings per pair of query parts, the most
/// similar pairs first, so that an exact part is tried with many matches of the other (a typo among a
/// dense neighbourhood of real spellings).
const STRONG_CAP: usize = 96;
const PAIR_CAP: usize = 512;

impl Index {
    fn idf(&self, v: u32) -> f64 {
        let n = self.len().max(1) as f64;
        let df = self.vocab.df(v).max(1) as f64;
        (1.0 + n / df).ln().clamp(1.0, MAX_WEIGHT)
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
            // A part spelled as some listed spelling is looked up for one typing error only: two-error
            // neighbours of a real name are mostly other real names.
            let known = folds.first().is_some_and(|f| self.vocab.ids.contains_key(f.as_str()));
            let depth = if known { Depth::OneEdit } else { Depth::Full };
            let matches = self.lookup_all(&folds, Some(&raw), allow_prefix, depth);
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
                        let m = self.lookup_all(std::slice::from_ref(&half), None, false, Depth::Exact);
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
            // Joined parts may carry a typing error too (`MIN JUM` for `MINJUN`), but no looser match: two
            // short parts glued together make many spellings.
            let raw = format!("{}{}", a.text, b.text);
            let matches: Vec<(u32, TokenMatch)> = self
                .lookup_all(&joined, Some(&raw), false, Depth::OneEdit)
                .into_iter()
                .filter(|m| matches!(m.1.kind, MatchKind::Exact | MatchKind::Variant | MatchKind::Typo))
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
    /// or one part matching a rare query part. Never a full scan. Entries found through two exactly
    /// spelled parts come first and are never cut by `candidate_limit`, so that a listed name written the
    /// way the list writes it is always scored.
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
        let read = |list: &[(u16, u32)], out: &mut Vec<u32>| match years {
            None => out.extend(list.iter().map(|x| x.1)),
            Some((lo, hi)) => {
                // Entries of unknown birth year, then those born in the query's years.
                let unknown = list.partition_point(|x| x.0 == 0);
                out.extend(list.iter().take(unknown).map(|x| x.1));
                let from = list.partition_point(|x| x.0 < lo);
                let to = list.partition_point(|x| x.0 <= hi);
                out.extend(list.get(from.max(unknown)..to).unwrap_or(&[]).iter().map(|x| x.1));
            }
        };
        let strong = |u: &Unit| -> Vec<(u32, f32, bool)> {
            let mut m: Vec<&(u32, TokenMatch)> = u.matches.iter().filter(|m| m.1.score >= STRONG).collect();
            m.sort_by(|a, b| {
                b.1.score
                    .total_cmp(&a.1.score)
                    .then(self.vocab.df(b.0).cmp(&self.vocab.df(a.0)))
                    .then(a.0.cmp(&b.0))
            });
            m.truncate(STRONG_CAP);
            m.into_iter().map(|m| (m.0, m.1.score, m.1.kind == MatchKind::Exact)).collect()
        };
        // Particles (AL, BIN, VAN …) are in a large share of entries and say little; they take no part in
        // finding candidates unless the name has nothing else. A part repeated in the name (AHMED AHMED)
        // pairs with itself: the pair index has the entries that carry it twice.
        let only_particles = name.base.iter().all(|b| b.2);
        let mut lists: Vec<(u32, StrongList)> = Vec::new();
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
        // A one-part name is found through its one-part aliases (paired with themselves in the pair
        // index) and, when rare, through every entry carrying it; a longer name needs two parts, or one
        // rare one, since one common part alone cannot reach any threshold.
        let single = name.base.iter().filter(|b| !b.2).count() <= 1 || only_particles;
        let mut firm: Vec<u32> = Vec::new();
        let mut out: Vec<u32> = Vec::new();
        for (_, list) in &lists {
            if single {
                for &(v, _, exact) in list {
                    if let Some(p) = self.pairs.get(&pair_key(v, v)) {
                        read(p.as_slice(), if exact { &mut firm } else { &mut out });
                    }
                }
            }
            let size: usize = list.iter().map(|&(v, _, _)| self.postings(v).len()).sum();
            if single || size <= config.rare_postings {
                for &(v, _, _) in list {
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
                // The most similar pairs of spellings first (an exact part with every match of the other
                // before two looser ones), at most `PAIR_CAP` of them.
                let mut combos: Vec<(f32, u32, u32, bool)> = Vec::with_capacity(la.len() * lb.len());
                for &(v, sv, ev) in la {
                    for &(w, sw, ew) in lb {
                        combos.push((sv + sw, v, w, ev && ew));
                    }
                }
                if combos.len() > PAIR_CAP {
                    combos.select_nth_unstable_by(PAIR_CAP, |x, y| y.0.total_cmp(&x.0));
                    combos.truncate(PAIR_CAP);
                }
                // Probe every pair once before reading any list: the probes do not depend on each other
                // and overlap, where probing and reading in turn waits for memory once per pair.
                let probed: Vec<Option<&SmallList<(u16, u32)>>> =
                    combos.iter().map(|&(_, v, w, _)| self.pairs.get(&pair_key(v, w))).collect();
                for ((_, _, _, firm_pair), p) in combos.into_iter().zip(probed) {
                    let Some(p) = p else { continue };
                    if firm_pair {
                        read(p.as_slice(), &mut firm);
                    } else if out.len() <= config.candidate_limit * 4 {
                        read(p.as_slice(), &mut out);
                    }
                }
            }
        }
        firm.sort_unstable();
        firm.dedup();
        out.sort_unstable();
        out.dedup();
        out.retain(|s| firm.binary_search(s).is_err());
        out.truncate(config.candidate_limit.saturating_sub(firm.len()));
        firm.extend(out);
        firm
    }

    /// The rarity rule's limit for this query: the share of travellers up to which an entry's name,
    /// matched without a full birth date on both sides, fits the budget `name_only_false_hits`. With a
    /// full birth date, only the entries without one add up; without one, every entry does, each over the
    /// share of birth dates the query's own cannot tell apart.
    fn name_only_limit(&self, query: &Query, config: &MatchConfig) -> f64 {
        let budget = config.name_only_false_hits.max(0.0);
        match &query.birth_date {
            Some(d) if d.is_day() => self.rarity_undated.threshold(budget),
            other => {
                let share = other
                    .as_ref()
                    .map_or(1.0, |d| crate::index::dob_share(std::slice::from_ref(d)))
                    .max(1e-9);
                self.rarity_all.threshold(budget / share) * share
            }
        }
    }

    /// The share of travellers expected to carry a name that matches the entry's alias the way the query
    /// did, and the number of other listed entries that carry the same (rarest two) spellings. A part
    /// matched through a variant, a sound-alike or a typo counts as commoner, since more names would match
    /// it that way (see `Index::alias_share`).
    fn name_frequency(&self, best: &AliasScore, stored: &Stored, nationality: Option<&str>) -> (f64, usize) {
        let Some(alias) = stored.aliases.get(best.alias) else { return (1.0, 0) };
        let widen = |j: usize| -> f64 {
            best.pairs
                .iter()
                .filter(|p| p.acov & (1 << j) != 0)
                .map(|p| match p.how {
                    How::Exact => 1.0,
                    How::Variant | How::Joined => 2.0,
                    How::Phonetic => 3.0,
                    How::Typo | How::Truncated => 5.0,
                })
                .fold(0.0, f64::max)
        };
        let own = birth_years(&stored.entry.birth_dates).len();
        let (share, others, rarest) = self.alias_share_with_rarest(alias, widen, own);
        // A shared nationality narrows the travellers who would match to those of that nationality.
        let narrow = match (nationality, rarest) {
            (Some(q), Some(v)) if stored.nationalities.contains(&pack_code(q)) => {
                self.nationality_share(v, pack_code(q))
            }
            _ => 1.0,
        };
        (share * narrow, others)
    }

    /// The share of the listed carriers of spelling `v` that have nationality `code` (credited one carrier
    /// either way, so that few carriers say little).
    fn nationality_share(&self, v: u32, code: u32) -> f64 {
        let with = self.vocab.nationality_count(v, code);
        (with as f64 + 1.0) / (self.vocab.df(v) as f64 + 2.0)
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
            self.touch_slots(&candidates);
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
            let limit = self.name_only_limit(query, config);
            for (slot, best) in named {
                let Some(stored) = self.stored(slot) else { continue };
                // How common the matched name is: it decides what a match without a birth date is worth.
                // (Only needed when no full birth date settles the match either way.)
                let (freq, others) = if settled_by_birth_date(dob, stored) {
                    (0.0, 0)
                } else {
                    self.name_frequency(&best, stored, nationality.as_deref())
                };
                let stats = NameStats { others, freq, limit };
                let total = best.name_score
                    + facts_effect(dob, query, nationality.as_deref(), Some(stats), stored, config);
                if total >= config.threshold_for(&stored.entry.list) {
                    scored.push((total, slot, Some(AliasScore { others, freq, ..best })));
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
            freq: 1.0,
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
        let stats = NameStats {
            others: alias.as_ref().map_or(0, |a| a.others),
            freq: alias.as_ref().map_or(1.0, |a| a.freq),
            limit: self.name_only_limit(query, config),
        };
        let mut facts = fact_list(query, stats, stored, config);
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
    /// Other listed entries carrying the same (rarest two) spellings.
    others: usize,
    /// Estimated share of travellers whose name would match this alias the same way.
    freq: f64,
}

/// True when full birth dates on both sides confirm or refute a match (the rarity rule does not apply).
fn settled_by_birth_date(q: Option<Dob>, stored: &Stored) -> bool {
    q.and_then(|q| stored.dobs.iter().map(|e| compare(q, *e)).max())
        .is_some_and(|o| matches!(o, DobOutcome::Exact | DobOutcome::Near | DobOutcome::Contradicts))
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

/// What the rarity rule needs to know about a matched name.
#[derive(Debug, Clone, Copy)]
struct NameStats {
    /// Other listed entries carrying the same (rarest two) spellings.
    others: usize,
    /// Estimated share of travellers whose name would match the entry's the same way.
    freq: f64,
    /// The share of travellers up to which a name-only match fits the budget (`Index::name_only_limit`).
    limit: f64,
}

/// What a name-only match is worth: the rarity rule. When no full birth date on both sides confirms the
/// match, the share of innocent travellers expected to match the same way — the name's estimated frequency
/// (see `Index::name_frequency`) times the share of birth dates the two sides cannot tell apart (all of
/// them when a side has none, one year in sixty for a year of birth) — is compared with the limit that
/// fits the false-hit budget (`Index::name_only_limit`): at the limit the penalty is half of
/// `common_name_penalty` (an exact name still hits), three times rarer none, three times commoner (or
/// when `common_name_count` other entries share the name) all of it. What officers face is the sum over the
/// list, so a name rare enough in a small list may not be rare enough in a large one. No birth date at all
/// costs `uncorroborated_penalty` on top. Returns the effect and the expected share.
fn name_evidence(q: Option<Dob>, name: NameStats, stored: &Stored, config: &MatchConfig) -> (f64, f64) {
    let NameStats { others, freq, limit } = name;
    let best = q.and_then(|q| stored.dobs.iter().map(|e| (compare(q, *e), *e)).max_by_key(|x| x.0));
    let (uncorroborated, share) = match (q, best) {
        (Some(_), Some((DobOutcome::Exact | DobOutcome::Near | DobOutcome::Contradicts, _))) => {
            return (0.0, 0.0);
        }
        (Some(q), Some((DobOutcome::Compatible, e))) => {
            let width = f64::from((q.hi - q.lo).max(e.hi - e.lo) + 1);
            (false, (width / (60.0 * 512.0)).min(1.0))
        }
        _ => (true, 1.0),
    };
    let expected = (freq * share).clamp(f64::MIN_POSITIVE, 1.0);
    let mut scale = if limit.is_finite() && limit > 0.0 {
        (0.5 + (expected / limit).ln() / 10f64.ln()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    if others as f64 * share >= config.common_name_count.max(1) as f64 {
        scale = 1.0;
    }
    let common = config.common_name_penalty * scale;
    let effect = if uncorroborated { -config.uncorroborated_penalty - common } else { -common };
    (effect, expected)
}

/// One in how many travellers, for an explanation (`3,000,000`).
fn one_in(share: f64) -> String {
    let n = (1.0 / share.max(1e-12)).min(1e12);
    let rounded = if n >= 100.0 {
        let digits = n.log10().floor() as i32 - 1;
        (n / 10f64.powi(digits)).round() * 10f64.powi(digits)
    } else {
        n.round()
    };
    let s = format!("{rounded:.0}");
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn fact_list(query: &Query, name: NameStats, stored: &Stored, config: &MatchConfig) -> Vec<Fact> {
    let entry = &stored.entry;
    let mut facts = Vec::new();
    let others = name.others;
    let (common, expected) = name_evidence(query.birth_date.as_ref().map(Dob::of), name, stored, config);
    if common != 0.0 {
        let shared =
            if others == 0 { String::new() } else { format!("; {others} other listed entries share it") };
        facts.push(Fact {
            fact: "name-frequency",
            effect: r3(common),
            detail: format!(
                "no full birth date to corroborate the name; about one traveller in {} would match it so{shared}",
                one_in(expected)
            ),
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
    name: Option<NameStats>,
    stored: &Stored,
    config: &MatchConfig,
) -> f64 {
    let entry = &stored.entry;
    // The name-frequency effect is never positive, so leaving it out (`name: None`) gives an upper bound.
    let mut effect = name.map_or(0.0, |n| name_evidence(dob, n, stored, config).0);
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
