//! Name normalisation and matching keys for watchlist screening across scripts and romanisation schemes.
//!
//! A person's name reaches a border system in many shapes: `Müller`, `MUELLER`, `MULLER`; `Юрий`, `IURII`,
//! `YURIY`; `张伟`, `ZHANG WEI`, `CHEUNG WAI`; `محمد`, `MOHAMMED`, `MUHAMMAD`; in any order, with or without
//! middle names, truncated in an MRZ. This crate turns each shape into a [`NameForm`]: a list of Latin
//! [`Token`]s (upper-case `A`–`Z`) with alternative spellings, from which the screening index derives its keys:
//!
//! * [`fold`] — a spelling key that erases differences no romanisation scheme agrees on (doubled letters,
//!   `PH`/`F`, `KH`/`H`, `W`/`V`, `Y`/`I`, German `UE`/`U` …). Two spellings with the same fold are treated as
//!   the same word.
//! * [`skeleton`] — a coarse consonant key (vowels dropped, sound classes merged) that lets
//!   `MOHAMMED`/`MUHAMMAD`/`MOHAMAD` and `GADDAFI`/`QADHAFI` meet.
//! * [`classes`] — hand-made variant families where no rule works: Chinese surnames across Hanyu Pinyin,
//!   Wade-Giles and Cantonese (`ZHANG`/`CHANG`/`CHEUNG`), Korean surnames' passport spellings
//!   (`LEE`/`YI`/`RHEE`), Arabic names (`HUSSEIN`/`HUSAIN`/`HOSSEIN`).
//! * [`token_similarity`] — the one definition of "these two tokens match, and how", used by the index and
//!   the scorer alike, so that the explanation of a hit is the rule that produced it.
//!
//! Script conversion: Latin and Cyrillic go through the shared `translit` crate (ICAO Doc 9303 Part 3 §6, the
//! same table the MRZ writer uses); Greek uses ELOT 743; Arabic a matching-oriented romanisation with a table
//! of common names; Han characters Hanyu Pinyin with a surname-reading table (单 SHAN, 曾 ZENG, 仇 QIU, and the
//! two-character surnames 欧阳, 司马, 诸葛 …); Hangul the Revised Romanisation computed from jamo, with
//! passport spellings of surnames.
//!
//! ```
//! let a = names::normalize("Müller, Jürgen");
//! let b = names::normalize("JUERGEN MULLER");
//! assert_eq!(a.folds(), b.folds());
//!
//! let han = names::normalize("张伟");
//! assert_eq!(han.display(), "ZHANG WEI");
//! assert!(names::classes("CHEUNG").contains(&"zh:ZHANG"));
//! ```
//!
//! The crate is pure: no IO, no clock, no randomness; every function is deterministic.

#![deny(clippy::indexing_slicing)]

mod arabic;
mod cyrillic;
mod distance;
mod fold;
mod greek;
mod han;
mod hangul;
mod latin;
mod variants;

use serde::Serialize;

pub use distance::{jaro_winkler, jaro_winkler_chars, osa_distance};
pub use fold::{deletions, fold, skeleton};
pub use variants::classes;

/// The writing system a token was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Script {
    /// Latin letters (with or without diacritics), or an MRZ.
    Latin,
    /// Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian).
    Cyrillic,
    /// Greek.
    Greek,
    /// Arabic script.
    Arabic,
    /// Chinese characters.
    Han,
    /// Korean Hangul.
    Hangul,
    /// Letters of a script this crate does not romanise; kept only when nothing else is left.
    Other,
}

/// Whether a token carries identity or is a connecting particle (`AL`, `BIN`, `VAN`, `DE` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TokenKind {
    /// A name part.
    Name,
    /// A particle or article; it may be present on one side and absent on the other without contradiction.
    Particle,
}

/// One name part in upper-case Latin, with the other spellings its source admits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The preferred Latin spelling (`A`–`Z`), e.g. `MUELLER` for `Müller`, `ZHANG` for `张`.
    pub text: String,
    /// Other spellings the source supports (e.g. the Ukrainian and the Russian reading of a Cyrillic word,
    /// the passport and the Revised Romanisation of a Korean syllable block), without duplicates.
    pub alts: Vec<String>,
    /// Name part or particle.
    pub kind: TokenKind,
    /// The script the token was read from.
    pub script: Script,
}

impl Token {
    fn new(text: String, script: Script) -> Self {
        Token { text, alts: Vec::new(), kind: TokenKind::Name, script }
    }

    /// The text and every alternative spelling, text first.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.alts.iter().map(String::as_str))
    }

    /// The distinct [`fold`] keys of all spellings, in order of first appearance.
    pub fn folds(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(1 + self.alts.len());
        for s in self.spellings() {
            let f = fold(s);
            if !f.is_empty() && !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }

    fn add_alt(&mut self, alt: String) {
        if !alt.is_empty() && alt != self.text && !self.alts.contains(&alt) {
            self.alts.push(alt);
        }
    }
}

/// A normalised personal name: its tokens in the order written, plus what the input looked like.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct NameForm {
    /// Name parts in input order (order carries no meaning for matching).
    pub tokens: Vec<Token>,
    /// True when the input was an MRZ name field (`SURNAME<<GIVEN<NAMES`), whose last part may be truncated.
    pub mrz: bool,
}

impl NameForm {
    /// The preferred spellings joined by spaces, e.g. `ZHANG WEI`.
    pub fn display(&self) -> String {
        let parts: Vec<&str> = self.tokens.iter().map(|t| t.text.as_str()).collect();
        parts.join(" ")
    }

    /// The sorted primary fold keys of the name tokens (particles left out): an order-free fingerprint.
    pub fn folds(&self) -> Vec<String> {
        let mut v: Vec<String> =
            self.tokens.iter().filter(|t| t.kind == TokenKind::Name).map(|t| fold(&t.text)).collect();
        v.sort();
        v
    }

    /// True when no token is left (the input had no letters this crate can read).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// How two tokens were found to match, from strongest to weakest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MatchKind {
    /// Same spelling after [`fold`].
    Exact,
    /// Different spellings of one name in a variant family (see [`classes`]).
    Variant,
    /// Same [`skeleton`] and close spelling: a transliteration or vowel variant.
    Phonetic,
    /// Within a small edit distance (a typing error).
    Typo,
    /// The query token is a prefix of the other (an MRZ field cut at its length limit).
    Truncated,
}

/// The outcome of comparing two tokens: a similarity in `0..=1` and the rule that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TokenMatch {
    /// Similarity in `0..=1`; 1 only for [`MatchKind::Exact`].
    pub score: f32,
    /// The rule that matched.
    pub kind: MatchKind,
    /// Edit distance between the fold keys (0 for exact and variant matches).
    pub edits: u8,
}

/// How many edits a token of `len` letters may carry and still match: none up to 3 letters (`UN` must not
/// match `IL`), one up to 5, two beyond.
pub fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// How many typing errors a name part of `len` letters *as written* may carry: none up to 3 letters, one
/// up to 7, two from 8. Stricter than [`max_edits`] on fold keys below eight letters, because raw letters
/// carry no scheme variation: every difference is an error.
pub fn raw_max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Compares two spellings as written (upper-case `A`–`Z`, before folding) for typing errors. Folding can
/// turn one typing error into two (`WILLIAMS` → `VILIAMS`, but `WXLLIAMS` → `VKSLIAMS`), so a typo is
/// best measured on the letters that were typed. Returns a [`MatchKind::Typo`] match within
/// [`raw_max_edits`] of the longer spelling, `None` otherwise (and for identical spellings, which are
/// exact matches of their folds).
///
/// ```
/// use names::{typo_similarity, MatchKind};
/// let m = typo_similarity("WXLGIAMS", "WILLIAMS").unwrap();
/// assert_eq!((m.kind, m.edits), (MatchKind::Typo, 2));
/// assert!(typo_similarity("JONG", "JUNG").is_some());
/// // Parts of three letters or fewer take no typo: `KIM JONG UN` is not `KIM JONG IL`.
/// assert!(typo_similarity("UN", "IL").is_none());
/// assert!(typo_similarity("SMITH", "SMYTHE").is_none());
/// ```
pub fn typo_similarity(a: &str, b: &str) -> Option<TokenMatch> {
    if a == b || a.is_empty() || b.is_empty() {
        return None;
    }
    let longest = a.len().max(b.len());
    let budget = raw_max_edits(longest);
    if budget == 0 {
        return None;
    }
    let d = osa_distance(a, b, budget)?;
    // The same cost per error as typos between fold keys.
    let per_edit = if longest <= 5 { 0.10 } else { 0.06 };
    let score = (1.0 - per_edit * d as f32).min(0.92);
    Some(TokenMatch { score, kind: MatchKind::Typo, edits: u8::try_from(d).unwrap_or(u8::MAX) })
}

/// Compares two [`fold`] keys. `allow_prefix` lets `a` match a longer `b` it begins (for truncated MRZ
/// names). Returns `None` when the tokens do not match at all.
///
/// ```
/// use names::{fold, token_similarity, MatchKind};
/// let m = token_similarity(&fold("CHEUNG"), &fold("ZHANG"), false).unwrap();
/// assert_eq!(m.kind, MatchKind::Variant);
/// let t = token_similarity(&fold("JON"), &fold("JOHN"), false).unwrap();
/// assert_eq!(t.kind, MatchKind::Typo);
/// assert!(token_similarity(&fold("UN"), &fold("IL"), false).is_none());
/// ```
pub fn token_similarity(a: &str, b: &str, allow_prefix: bool) -> Option<TokenMatch> {
    key_similarity(Key::new(a).view(), Key::new(b).view(), allow_prefix)
}

/// A [`fold`] key with its [`skeleton`] and [`classes`] computed once, for comparing one key against many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The fold key.
    pub fold: String,
    /// Its skeleton.
    pub skeleton: String,
    /// Its variant families.
    pub classes: &'static [&'static str],
}

impl Key {
    /// Computes the parts of a key from a fold.
    pub fn new(fold: &str) -> Self {
        Key { fold: fold.to_owned(), skeleton: skeleton(fold), classes: classes(fold) }
    }

    /// The key as a borrowed view.
    pub fn view(&self) -> KeyRef<'_> {
        KeyRef { fold: &self.fold, skeleton: &self.skeleton, classes: self.classes }
    }
}

/// A [`Key`] whose strings live elsewhere (an index keeps the keys of its whole vocabulary in one buffer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRef<'a> {
    /// The fold key.
    pub fold: &'a str,
    /// Its skeleton.
    pub skeleton: &'a str,
    /// Its variant families.
    pub classes: &'static [&'static str],
}

/// [`token_similarity`] on prepared keys (the same rules, without recomputing skeletons and families).
pub fn key_similarity(a: KeyRef<'_>, b: KeyRef<'_>, allow_prefix: bool) -> Option<TokenMatch> {
    let (fa, fb) = (a.fold, b.fold);
    if fa.is_empty() || fb.is_empty() {
        return None;
    }
    if fa == fb {
        return Some(TokenMatch { score: 1.0, kind: MatchKind::Exact, edits: 0 });
    }
    if a.classes.iter().any(|c| b.classes.contains(c)) {
        return Some(TokenMatch { score: 0.95, kind: MatchKind::Variant, edits: 0 });
    }
    let longest = fa.len().max(fb.len());
    let shortest = fa.len().min(fb.len());
    let same_skeleton = shortest >= 3 && a.skeleton.len() >= 2 && a.skeleton == b.skeleton;
    // A phonetic match may differ in one more letter than a typo (vowels change freely between schemes):
    // `MOHAMED`/`MUHAMAD` differ by 2 after folding.
    let budget = if same_skeleton { max_edits(longest) + 1 } else { max_edits(longest) };
    if budget > 0
        && let Some(d) = osa_distance(fa, fb, budget)
    {
        let d8 = u8::try_from(d).unwrap_or(u8::MAX);
        // Short tokens carry less spelling redundancy, so each edit costs more of their identity.
        let per_edit = if longest <= 5 { 0.10 } else { 0.06 };
        let base = 1.0 - per_edit * d as f32;
        if same_skeleton {
            return Some(TokenMatch { score: (base + 0.02).min(0.92), kind: MatchKind::Phonetic, edits: d8 });
        }
        return Some(TokenMatch { score: base.min(0.92), kind: MatchKind::Typo, edits: d8 });
    }
    if allow_prefix && fa.len() >= 3 && fb.len() > fa.len() && fb.starts_with(fa) {
        return Some(TokenMatch { score: 0.9, kind: MatchKind::Truncated, edits: 0 });
    }
    None
}

/// Normalises a free-text personal name in any supported script and any token order.
///
/// An input containing `<` is read as an MRZ name field (`SURNAME<<GIVEN<NAMES`, fillers as separators).
///
/// ```
/// let n = names::normalize("ERIKSSON<<ANNA<MARIA");
/// assert!(n.mrz);
/// assert_eq!(n.display(), "ERIKSSON ANNA MARIA");
/// assert_eq!(names::normalize("Щербаков Юрий").display(), "SHCHERBAKOV IURII");
/// ```
pub fn normalize(raw: &str) -> NameForm {
    let mrz = raw.contains('<');
    let text: String = if mrz { raw.replace('<', " ") } else { raw.to_owned() };
    let mut tokens = Vec::new();
    read_part(&text, mrz, &mut tokens);
    finish(tokens, mrz)
}

/// Normalises a name given as primary identifier (surname) and secondary identifier (given names), as an
/// MRZ or a manifest carries it. Chinese and Korean surname rules apply to the primary part.
pub fn normalize_parts(primary: &str, secondary: &str) -> NameForm {
    let mrz = primary.contains('<') || secondary.contains('<');
    let mut tokens = Vec::new();
    read_part(&primary.replace('<', " "), mrz, &mut tokens);
    read_part(&secondary.replace('<', " "), mrz, &mut tokens);
    finish(tokens, mrz)
}

fn finish(tokens: Vec<Token>, mrz: bool) -> NameForm {
    let tokens = latin::postprocess(tokens, mrz);
    NameForm { tokens, mrz }
}

/// Splits text into words and script runs and romanises each run.
fn read_part(text: &str, mrz: bool, out: &mut Vec<Token>) {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfkc().collect();
    // Whether the next Han or Hangul run starts a name (and so begins with a surname).
    let mut first_run = out.is_empty();
    for word in text.split(is_separator).filter(|w| !w.is_empty()) {
        let mut run = String::new();
        let mut run_script: Option<Script> = None;
        for c in word.chars() {
            let Some(s) = script_of(c).map(Some) else {
                // Apostrophes, digits and combining marks stay inside the current run.
                run.push(c);
                continue;
            };
            if s != run_script && !run.is_empty() {
                emit_run(&run, run_script, mrz, first_run, out);
                first_run = false;
                run.clear();
            }
            run_script = s;
            run.push(c);
        }
        if !run.is_empty() {
            emit_run(&run, run_script, mrz, first_run, out);
            first_run = false;
        }
    }
}

fn emit_run(run: &str, script: Option<Script>, mrz: bool, first: bool, out: &mut Vec<Token>) {
    match script {
        Some(Script::Han) => han::read(run, first, out),
        Some(Script::Hangul) => hangul::read(run, first, out),
        Some(Script::Cyrillic) => cyrillic::read(run, out),
        Some(Script::Greek) => greek::read(run, out),
        Some(Script::Arabic) => arabic::read(run, out),
        Some(Script::Latin) => latin::read(run, mrz, out),
        Some(Script::Other) | None => {}
    }
}

/// Characters that separate name parts in any script.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';'
                | '/'
                | '-'
                | '‐'
                | '‑'
                | '‒'
                | '–'
                | '—'
                | '_'
                | '·'
                | '・'
                | '･'
                | '•'
                | '('
                | ')'
                | '.'
                | '"'
                | '،'
                | '+'
                | '&'
                | ':'
        )
}

/// The script of a character, or `None` for characters that are ignored inside a word (apostrophes, digits,
/// marks that NFKC left alone).
fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    let s = match u {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Script::Han,
        0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F => Script::Hangul,
        _ if c.is_alphabetic() => Script::Other,
        _ => return None,
    };
    Some(s)
}
