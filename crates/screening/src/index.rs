//! The in-memory watchlist index: a vocabulary of name spellings ([`names::fold`] keys) with posting lists
//! of entries; side tables from phonetic skeletons, variant families and typo keys to spellings; the raw
//! spellings as the lists write them (typing errors happen on those, and folding can turn one error into
//! two); a pair index (two spellings of one alias → entries, ordered by birth year); and an exact map of
//! document numbers. Entries are added, changed and removed one at a time; every change bumps a version.
//!
//! Memory is spent per distinct spelling and per distinct name pair, not per entry: a million entries of
//! a realistic inventory share a few hundred thousand spellings. Typo keys live in flat multimaps (16
//! bytes per key and spelling) and name pairs of a single entry are stored inline (see `compact`).

mod compact;

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

pub(crate) use compact::{MultiMap, SmallList};

use crate::rarity::{CLUSTER, Histogram, PRIOR_ENTRIES, spelling_share};

use crate::error::ScreeningError;
use crate::model::{Entry, normalize_document_number};

/// A small, fast, deterministic hasher for the index's keys (no DoS concern: keys come from watchlists).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            for (d, s) in buf.iter_mut().zip(chunk) {
                *d = *s;
            }
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        // Multiplication only carries entropy upwards; hash tables index by the low bits, so fold the high
        // bits back down (keys such as `E0000001`…`E0999999` differ only in their last bytes).
        let h = self.0;
        let h = (h ^ (h >> 31)).wrapping_mul(0x94D0_49BB_1331_11EB);
        h ^ (h >> 29)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Widest birth-date range (in years) that is still indexed by year; vaguer dates count as unknown.
pub(crate) const MAX_YEAR_SPAN: i32 = 10;

/// Fold keys of this many letters or more get two-deletion typo keys. [`names::max_edits`] allows two
/// edits from six letters, but keys of four letters (six minus two) are shared by too many spellings to
/// be worth looking up: two-edit matches of six-letter folds are found through skeletons and raw
/// spellings only.
pub(crate) const FOLD_DEPTH2: usize = 7;

/// Raw spellings of this many letters or more get two-deletion typo keys (two typing errors are allowed
/// from eight letters as written).
pub(crate) const RAW_DEPTH2: usize = 8;

/// The birth years under which an entry is filed in the pair index (0 = unknown or too vague).
pub(crate) fn birth_years(dates: &[crate::model::BirthDate]) -> Vec<u16> {
    let mut years = Vec::new();
    for d in dates {
        let (lo, hi) = d.bounds();
        let (a, b) = (i32::from(lo.year()), i32::from(hi.year()));
        if b - a >= MAX_YEAR_SPAN || a <= 0 {
            years.push(0);
        } else {
            years.extend((a..=b).filter_map(|y| u16::try_from(y).ok()));
        }
    }
    if years.is_empty() {
        years.push(0);
    }
    years.sort_unstable();
    years.dedup();
    years
}

/// The key of an unordered pair of spellings.
pub(crate) fn pair_key(a: u32, b: u32) -> u64 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    (u64::from(lo) << 32) | u64::from(hi)
}

/// The pair keys of an entry's aliases (tokens beyond the first eight of an alias are left out: they are
/// still scored, only not used to find the entry). A one-token alias pairs its spellings with themselves,
/// so that a one-part name is found by birth year like any other.
fn entry_pairs(aliases: &[Alias]) -> Vec<u64> {
    let mut keys = Vec::new();
    for a in aliases {
        let toks = a.tokens.get(..a.tokens.len().min(8)).unwrap_or(&[]);
        if let [only] = toks {
            keys.extend(only.forms.iter().map(|&v| pair_key(v, v)));
        }
        for (i, x) in toks.iter().enumerate() {
            for y in toks.iter().skip(i + 1) {
                for &v in x.forms.iter() {
                    for &w in y.forms.iter() {
                        keys.push(pair_key(v, w));
                    }
                }
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The 32-bit hash of `word` with the bytes at positions `skip.0` and `skip.1` left out (`usize::MAX` for
/// none), computed without building the shorter string.
fn hash_without(word: &[u8], skip: (usize, usize)) -> u32 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for (k, &b) in word.iter().enumerate() {
        if k != skip.0 && k != skip.1 {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
        }
    }
    let h = (h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (h ^ (h >> 32)) as u32
}

/// The key of a phonetic skeleton in the skeleton table.
pub(crate) fn hash_skeleton(skeleton: &str) -> u32 {
    hash_without(skeleton.as_bytes(), (usize::MAX, usize::MAX))
}

/// The hashes of a word's deletion neighbourhood: the word itself, its one-deletion variants (words of four
/// letters or more) and its two-deletion variants (words of `depth2_from` letters or more), sorted and
/// distinct. Two words within two edits of each other (optimal string alignment) share a hash when both
/// get their two-deletion variants; within one edit when both get one-deletion variants.
pub(crate) fn deletion_hashes(word: &str, depth2_from: usize, out: &mut Vec<u32>) {
    let w = word.as_bytes();
    let none = usize::MAX;
    out.clear();
    out.push(hash_without(w, (none, none)));
    if w.len() >= 4 {
        for i in 0..w.len() {
            out.push(hash_without(w, (i, none)));
        }
    }
    if w.len() >= depth2_from {
        for i in 0..w.len() {
            for j in i + 1..w.len() {
                out.push(hash_without(w, (i, j)));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// The set of letters of an upper-case word as bits (`A` = bit 0): two words within `k` edits differ in at
/// most `2k` letters, a check far cheaper than the edit distance.
pub(crate) fn letter_mask(word: &str) -> u32 {
    word.bytes().filter(u8::is_ascii_uppercase).fold(0, |m, b| m | (1 << (b - b'A')))
}

/// One name token of a stored alias: the vocabulary ids of its spellings (primary first).
#[derive(Debug, Clone)]
pub(crate) struct AliasToken {
    pub(crate) forms: Box<[u32]>,
    pub(crate) particle: bool,
}

/// One stored alias: its tokens and the index of the original name in `Entry::names`.
#[derive(Debug, Clone)]
pub(crate) struct Alias {
    pub(crate) tokens: Box<[AliasToken]>,
    pub(crate) name: u16,
}

#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub(crate) entry: Entry,
    pub(crate) dobs: Box<[crate::matcher::Dob]>,
    pub(crate) nationalities: Box<[u32]>,
    pub(crate) version: u64,
    pub(crate) aliases: Box<[Alias]>,
    /// Estimated share of travellers carrying this entry's name (its rarest alias), for the rarity rule.
    pub(crate) name_share: f64,
    /// Share of birth dates this entry's birth date cannot tell apart (0 with a full date, 1 without any).
    pub(crate) dob_share: f64,
}

/// The share of birth dates that `dates` cannot tell apart: 0 when one is a full date, 1 when there is
/// none, otherwise the span of the vaguest over sixty years.
pub(crate) fn dob_share(dates: &[crate::model::BirthDate]) -> f64 {
    if dates.is_empty() {
        return 1.0;
    }
    if dates.iter().any(crate::model::BirthDate::is_day) {
        return 0.0;
    }
    let widest = dates
        .iter()
        .map(|d| {
            let (lo, hi) = d.bounds();
            f64::from(lo.until(hi).map_or(0, |s| s.get_days()).max(0) + 1)
        })
        .fold(0.0, f64::max);
    (widest / (60.0 * 365.25)).min(1.0)
}

/// A spelling as the list writes it (`MUELLER`, `WILLIAMS`), with the fold key it belongs to; its letters
/// are in [`Vocab::raw_text`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawWord {
    off: u32,
    len: u16,
    pub(crate) fold: u32,
    pub(crate) mask: u32,
}

/// One spelling of the vocabulary: where its fold key and skeleton are in [`Vocab::text`] (side by side,
/// so that comparing a candidate reads one place), and its set of letters. Looking a query part up
/// compares it with dozens of spellings at random places in the vocabulary; a compact record and one
/// text buffer make that a cache miss or two per spelling rather than one per string.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spelling {
    off: u32,
    fold_len: u16,
    skeleton_len: u16,
    mask: u32,
}

/// Reads `probe` of each record `ids` names and discards it: see [`Vocab::touch`].
fn touch_each<T>(records: &[T], ids: impl Iterator<Item = u32>, probe: impl Fn(&T) -> u32) {
    let t = ids.fold(0u32, |acc, v| acc ^ records.get(v as usize).map_or(0, &probe));
    std::hint::black_box(t);
}

/// The byte at `off` in `buf` (0 out of range), for the touch passes.
fn first_byte(buf: &str, off: u32) -> u32 {
    buf.as_bytes().get(off as usize).map_or(0, |&b| u32::from(b))
}

/// The text `len` bytes long at `off` in `buf` (empty when out of range, which a consistent vocabulary
/// never is).
fn text_at(buf: &str, off: u32, len: usize) -> &str {
    let start = off as usize;
    buf.get(start..start + len).unwrap_or("")
}

/// The vocabulary of spellings ([`names::fold`] keys) and of the raw spellings behind them.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    pub(crate) ids: FxMap<Box<str>, u32>,
    /// Per spelling id: where its key is, and its letters.
    spellings: Vec<Spelling>,
    /// Per spelling id: its variant families.
    classes_of: Vec<&'static [&'static str]>,
    /// Every spelling's fold key followed by its skeleton.
    text: String,
    pub(crate) postings: Vec<Vec<u32>>,
    /// Per spelling: how many of its entries list each nationality (packed codes), for the rarity rule's
    /// nationality corroboration.
    pub(crate) nationalities: Vec<Vec<(u32, u32)>>,
    pub(crate) skeletons: MultiMap,
    pub(crate) classes: FxMap<&'static str, Vec<u32>>,
    /// Deletion-neighbourhood hashes of fold keys → fold ids.
    pub(crate) deletions: MultiMap,
    pub(crate) sorted: BTreeMap<Box<str>, u32>,
    pub(crate) raw_ids: FxMap<Box<str>, u32>,
    pub(crate) raw: Vec<RawWord>,
    /// The letters of every raw spelling.
    raw_text: String,
    /// Deletion-neighbourhood hashes of raw spellings → raw ids.
    pub(crate) raw_deletions: MultiMap,
    scratch: Vec<u32>,
    /// What looking a name part up found (see `matcher::lookup`), by part: name parts recur across
    /// travellers (ZHANG, WEI, MOHAMMED…), and the lookup of a part depends only on the vocabulary, so a
    /// new spelling clears it.
    pub(crate) lookups: LookupCache,
}

/// A name part as looked up: its readings, the part as written, whether a prefix may match, and how deep.
pub(crate) type LookupKey = (Vec<String>, Option<String>, bool, crate::matcher::Depth);

/// What one part matched: spellings with how.
pub(crate) type Found = std::sync::Arc<[(u32, names::TokenMatch)]>;

/// Parts looked up and what they matched, bounded: when full it starts again.
#[derive(Debug, Default)]
pub(crate) struct LookupCache {
    map: std::sync::Mutex<FxMap<LookupKey, Found>>,
}

/// Most name parts whose lookups are kept (a few tens of megabytes at most).
const LOOKUP_CACHE_PARTS: usize = 200_000;

impl LookupCache {
    pub(crate) fn get(&self, key: &LookupKey) -> Option<Found> {
        self.map.lock().ok()?.get(key).cloned()
    }

    pub(crate) fn put(&self, key: LookupKey, found: Found) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= LOOKUP_CACHE_PARTS {
                map.clear();
            }
            map.insert(key, found);
        }
    }

    /// Empties the cache. Called for every new spelling, so an empty cache costs nothing here (clearing a
    /// used table would otherwise sweep all its buckets each time).
    pub(crate) fn clear(&mut self) {
        if let Ok(map) = self.map.get_mut()
            && !map.is_empty()
        {
            *map = FxMap::default();
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.map.lock().map_or(0, |m| m.len())
    }
}

impl Vocab {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        self.lookups.clear();
        let id = u32::try_from(self.spellings.len()).unwrap_or(u32::MAX);
        self.ids.insert(word.into(), id);
        let key = names::Key::new(word);
        if key.skeleton.len() >= 3 {
            self.skeletons.insert(hash_skeleton(&key.skeleton), id);
        }
        self.spellings.push(Spelling {
            off: u32::try_from(self.text.len()).unwrap_or(u32::MAX),
            fold_len: u16::try_from(key.fold.len()).unwrap_or(u16::MAX),
            skeleton_len: u16::try_from(key.skeleton.len()).unwrap_or(u16::MAX),
            mask: letter_mask(word),
        });
        self.text.push_str(&key.fold);
        self.text.push_str(&key.skeleton);
        self.classes_of.push(key.classes);
        self.postings.push(Vec::new());
        self.nationalities.push(Vec::new());
        self.sorted.insert(word.into(), id);
        for c in names::classes(word) {
            self.classes.entry(c).or_default().push(id);
        }
        if word.len() >= 3 {
            let mut keys = std::mem::take(&mut self.scratch);
            deletion_hashes(word, FOLD_DEPTH2, &mut keys);
            for &k in &keys {
                self.deletions.insert(k, id);
            }
            self.scratch = keys;
        }
        id
    }

    /// Records a raw spelling of fold id `fold` (spellings shorter than four letters take no typo).
    fn intern_raw(&mut self, raw: &str, fold: u32) {
        if raw.len() < 4 || self.raw_ids.contains_key(raw) {
            return;
        }
        self.lookups.clear();
        let id = u32::try_from(self.raw.len()).unwrap_or(u32::MAX);
        self.raw_ids.insert(raw.into(), id);
        self.raw.push(RawWord {
            off: u32::try_from(self.raw_text.len()).unwrap_or(u32::MAX),
            len: u16::try_from(raw.len()).unwrap_or(u16::MAX),
            fold,
            mask: letter_mask(raw),
        });
        self.raw_text.push_str(raw);
        let mut keys = std::mem::take(&mut self.scratch);
        deletion_hashes(raw, RAW_DEPTH2, &mut keys);
        for &k in &keys {
            self.raw_deletions.insert(k, id);
        }
        self.scratch = keys;
    }

    pub(crate) fn df(&self, id: u32) -> usize {
        self.postings.get(id as usize).map_or(0, Vec::len)
    }

    pub(crate) fn word(&self, id: u32) -> &str {
        self.spellings.get(id as usize).map_or("", |w| text_at(&self.text, w.off, usize::from(w.fold_len)))
    }

    /// Spelling `id`'s key.
    pub(crate) fn key(&self, id: u32) -> Option<names::KeyRef<'_>> {
        let w = self.spellings.get(id as usize)?;
        let fold_len = usize::from(w.fold_len);
        let both = text_at(&self.text, w.off, fold_len + usize::from(w.skeleton_len));
        let (fold, skeleton) = both.split_at_checked(fold_len).unwrap_or(("", ""));
        Some(names::KeyRef { fold, skeleton, classes: self.classes_of(id) })
    }

    /// Spelling `id`'s length and set of letters.
    pub(crate) fn shape(&self, id: u32) -> Option<(usize, u32)> {
        self.spellings.get(id as usize).map(|w| (usize::from(w.fold_len), w.mask))
    }

    /// Spelling `id`'s variant families.
    pub(crate) fn classes_of(&self, id: u32) -> &'static [&'static str] {
        self.classes_of.get(id as usize).copied().unwrap_or(&[])
    }

    /// Reads the records of spellings `ids` before they are used. Their reads do not depend on each other,
    /// so the processor overlaps them; comparing one spelling after another would wait for memory each
    /// time (a cold lookup reaches dozens of spellings across a table of hundreds of thousands).
    pub(crate) fn touch(&self, ids: impl Iterator<Item = u32>) {
        touch_each(&self.spellings, ids, |w| w.mask);
    }

    /// [`Vocab::touch`] for the text of spellings `ids`.
    pub(crate) fn touch_text(&self, ids: &[u32]) {
        touch_each(&self.spellings, ids.iter().copied(), |w| first_byte(&self.text, w.off));
    }

    /// [`Vocab::touch`] for raw spellings.
    pub(crate) fn touch_raw(&self, ids: &[u32]) {
        touch_each(&self.raw, ids.iter().copied(), |w| w.mask);
    }

    /// [`Vocab::touch_text`] for raw spellings.
    pub(crate) fn touch_raw_text(&self, ids: &[u32]) {
        touch_each(&self.raw, ids.iter().copied(), |w| first_byte(&self.raw_text, w.off));
    }

    /// Raw spelling `id`'s length and set of letters.
    pub(crate) fn raw_shape(&self, id: u32) -> Option<(usize, u32)> {
        self.raw.get(id as usize).map(|w| (usize::from(w.len), w.mask))
    }

    /// Raw spelling `id` and its set of letters.
    pub(crate) fn raw_word(&self, id: u32) -> Option<(&str, &RawWord)> {
        let w = self.raw.get(id as usize)?;
        Some((text_at(&self.raw_text, w.off, usize::from(w.len)), w))
    }

    /// How many entries of spelling `id` list nationality `code`.
    pub(crate) fn nationality_count(&self, id: u32, code: u32) -> usize {
        self.nationalities
            .get(id as usize)
            .and_then(|l| l.iter().find(|x| x.0 == code))
            .map_or(0, |x| x.1 as usize)
    }

    fn count_nationalities(&mut self, id: u32, codes: &[u32], add: bool) {
        let Some(list) = self.nationalities.get_mut(id as usize) else { return };
        for &c in codes {
            match list.iter_mut().find(|x| x.0 == c) {
                Some(x) if add => x.1 += 1,
                Some(x) => x.1 = x.1.saturating_sub(1),
                None if add => list.push((c, 1)),
                None => {}
            }
        }
        list.retain(|x| x.1 > 0);
    }
}

/// How an [`Index::upsert`] changed the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Change {
    /// A new entry.
    Added,
    /// An existing entry with different content (its version moved on).
    Changed,
    /// The same content as before; nothing changed.
    Unchanged,
}

/// Counts of a list synchronisation ([`Index::sync_list`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ChangeSummary {
    /// Entries that were new.
    pub added: usize,
    /// Entries whose content changed.
    pub changed: usize,
    /// Entries of the list that the new version no longer has.
    pub removed: usize,
    /// Entries that stayed the same.
    pub unchanged: usize,
    /// The list's version after the synchronisation.
    pub list_version: u64,
}

/// The watchlist index. Build it once with [`Index::build`], keep it current with [`Index::upsert`],
/// [`Index::remove`] and [`Index::sync_list`], and screen travellers with [`Index::screen`](crate::Index::screen).
#[derive(Debug, Default)]
pub struct Index {
    pub(crate) vocab: Vocab,
    pub(crate) slots: Vec<Option<Stored>>,
    pub(crate) by_id: FxMap<String, u32>,
    free: Vec<u32>,
    pub(crate) documents: FxMap<String, Vec<u32>>,
    /// Pair index: for every two spellings that occur together in one alias, the entries that carry both,
    /// as `(birth year, entry)` sorted by year (year 0: unknown or vague), so that a query with a birth
    /// date reads only the entries its date does not rule out.
    pub(crate) pairs: FxMap<u64, SmallList<(u16, u32)>>,
    version: u64,
    list_versions: BTreeMap<String, u64>,
    live: usize,
    /// Name shares times birth-date shares of the entries without a full birth date: what name-only
    /// matches cost a traveller with a full birth date (see `rarity`).
    pub(crate) rarity_undated: Histogram,
    /// Name shares of all entries: what name-only matches cost a traveller without one.
    pub(crate) rarity_all: Histogram,
    /// While [`Index::build`] runs, pair lists are appended to and sorted once at the end.
    bulk: bool,
}

/// Token cap per alias: names longer than this are cut (no real name has more parts; the bound keeps
/// alignment bitmasks in a `u32`).
pub(crate) const MAX_TOKENS: usize = 16;

impl Index {
    /// An empty index.
    pub fn new() -> Self {
        Index::default()
    }

    /// Builds an index from entries; ids must be unique.
    pub fn build(entries: Vec<Entry>) -> Result<Self, ScreeningError> {
        let mut index = Index::new();
        index.slots.reserve(entries.len());
        index.by_id.reserve(entries.len());
        index.pairs.reserve(entries.len() * 3);
        index.bulk = true;
        for e in entries {
            if index.by_id.contains_key(&e.id) {
                return Err(ScreeningError::DuplicateId(e.id));
            }
            index.upsert(e);
        }
        // Pair lists were appended to in entry order; order them by birth year once.
        for list in index.pairs.values_mut() {
            list.sort();
        }
        index.bulk = false;
        // Name shares need the final spelling frequencies.
        for slot in 0..index.slots.len() {
            index.file_rarity(u32::try_from(slot).unwrap_or(u32::MAX));
        }
        Ok(index)
    }

    /// The index version: it moves on with every change.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The version of one list (the index version of its last change), if the list is known.
    pub fn list_version(&self, list: &str) -> Option<u64> {
        self.list_versions.get(list).copied()
    }

    /// The known lists and their versions.
    pub fn lists(&self) -> &BTreeMap<String, u64> {
        &self.list_versions
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.live
    }

    /// True when the index holds no entry.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Sizes of the index's parts, as (part, items, approximate bytes): for capacity planning and the
    /// evaluation's memory report.
    #[doc(hidden)]
    pub fn part_sizes(&self) -> Vec<(&'static str, usize, usize)> {
        let v = &self.vocab;
        let postings: usize = v.postings.iter().map(|p| p.capacity() * 4 + 24).sum();
        let pairs_heap: usize = self
            .pairs
            .values()
            .map(|l| match l {
                SmallList::One(_) => 0,
                SmallList::Many(x) => x.capacity() * 8,
            })
            .sum();
        let words = v.text.capacity() + v.spellings.capacity() * 12 + v.classes_of.capacity() * 16;
        let raw = v.raw_text.capacity() + v.raw.capacity() * 16;
        vec![
            ("spellings", v.spellings.len(), words + v.ids.capacity() * 40 + v.sorted.len() * 48),
            ("postings", v.postings.iter().map(Vec::len).sum(), postings),
            ("fold typo keys", v.deletions.size().0, v.deletions.size().1),
            ("skeletons", v.skeletons.size().0, v.skeletons.size().1),
            ("raw spellings", v.raw.len(), raw + v.raw_ids.capacity() * 40),
            ("raw typo keys", v.raw_deletions.size().0, v.raw_deletions.size().1),
            ("pairs", self.pairs.len(), self.pairs.capacity() * 33 + pairs_heap),
        ]
    }

    /// The rarity rule's view of this index: for each budget (false hits per traveller), the share limit
    /// for travellers with a full birth date, and the summed name shares of the entries without one.
    #[doc(hidden)]
    pub fn rarity_profile(&self, budgets: &[f64]) -> (f64, Vec<(f64, f64)>) {
        let limits = budgets.iter().map(|&b| (b, self.rarity_undated.threshold(b))).collect();
        (self.rarity_undated.total(), limits)
    }

    /// Number of distinct spellings in the vocabulary.
    pub fn vocabulary_len(&self) -> usize {
        self.vocab.spellings.len()
    }

    /// An entry and its version.
    pub fn get(&self, id: &str) -> Option<(&Entry, u64)> {
        let slot = *self.by_id.get(id)?;
        self.stored(slot).map(|s| (&s.entry, s.version))
    }

    /// Every entry with its version, in id order.
    pub fn entries(&self) -> Vec<(&Entry, u64)> {
        let mut v: Vec<(&Entry, u64)> = self.slots.iter().flatten().map(|s| (&s.entry, s.version)).collect();
        v.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        v
    }

    /// Reads the records of entries `slots` before they are scored, so that their reads overlap (see
    /// `Vocab::touch`).
    pub(crate) fn touch_slots(&self, slots: &[u32]) {
        let t = slots.iter().fold(0usize, |acc, &s| acc ^ self.stored(s).map_or(0, |x| x.dobs.len()));
        std::hint::black_box(t);
    }

    pub(crate) fn stored(&self, slot: u32) -> Option<&Stored> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
    }

    fn bump(&mut self, list: &str) -> u64 {
        self.version += 1;
        self.list_versions.insert(list.to_owned(), self.version);
        self.version
    }

    /// Adds an entry or replaces the entry with the same id. Only the changed entry is re-indexed.
    pub fn upsert(&mut self, mut entry: Entry) -> Change {
        entry.document_numbers = entry
            .document_numbers
            .iter()
            .map(|d| normalize_document_number(d))
            .filter(|d| !d.is_empty())
            .collect();
        let mut change = Change::Added;
        if let Some(&slot) = self.by_id.get(&entry.id) {
            if self.stored(slot).is_some_and(|s| s.entry == entry) {
                return Change::Unchanged;
            }
            let old_list = self.stored(slot).map(|s| s.entry.list.clone());
            self.remove(&entry.id);
            if let Some(l) = old_list
                && l != entry.list
            {
                self.bump(&l);
            }
            change = Change::Changed;
        }
        let version = self.bump(&entry.list);
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.slots.push(None);
                u32::try_from(self.slots.len() - 1).unwrap_or(u32::MAX)
            }
        };
        let codes: Vec<u32> = entry.nationalities.iter().map(|n| crate::matcher::pack_code(n)).collect();
        let mut aliases = Vec::with_capacity(entry.names.len());
        for (k, name) in entry.names.iter().enumerate() {
            let form = names::normalize(name);
            let mut tokens = Vec::with_capacity(form.tokens.len());
            for t in form.tokens.iter().take(MAX_TOKENS) {
                let mut forms: Vec<u32> = Vec::with_capacity(1 + t.alts.len());
                for spelling in t.spellings() {
                    let f = names::fold(spelling);
                    if f.is_empty() {
                        continue;
                    }
                    let v = self.vocab.intern(&f);
                    if !forms.contains(&v) {
                        forms.push(v);
                    }
                    self.vocab.intern_raw(spelling, v);
                }
                if forms.is_empty() {
                    continue;
                }
                for &v in &forms {
                    if let Some(p) = self.vocab.postings.get_mut(v as usize)
                        && insert_sorted(p, slot)
                    {
                        self.vocab.count_nationalities(v, &codes, true);
                    }
                }
                tokens.push(AliasToken {
                    forms: forms.into_boxed_slice(),
                    particle: t.kind == names::TokenKind::Particle,
                });
            }
            if !tokens.is_empty() {
                aliases
                    .push(Alias { tokens: tokens.into_boxed_slice(), name: u16::try_from(k).unwrap_or(0) });
            }
        }
        for d in &entry.document_numbers {
            insert_sorted(self.documents.entry(d.clone()).or_default(), slot);
        }
        let years = birth_years(&entry.birth_dates);
        for k in entry_pairs(&aliases) {
            for &y in &years {
                match self.pairs.get_mut(&k) {
                    None => {
                        self.pairs.insert(k, SmallList::One((y, slot)));
                    }
                    Some(list) if self.bulk => list.push((y, slot)),
                    Some(list) => list.insert_sorted((y, slot)),
                }
            }
        }
        self.by_id.insert(entry.id.clone(), slot);
        if let Some(s) = self.slots.get_mut(slot as usize) {
            let dobs = entry.birth_dates.iter().map(crate::matcher::Dob::of).collect();
            let nationalities = codes.into_boxed_slice();
            let dob_share = dob_share(&entry.birth_dates);
            *s = Some(Stored {
                entry,
                dobs,
                nationalities,
                version,
                aliases: aliases.into_boxed_slice(),
                name_share: 0.0,
                dob_share,
            });
        }
        self.live += 1;
        if !self.bulk {
            self.file_rarity(slot);
        }
        change
    }

    /// Removes an entry; false when the id is unknown.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(slot) = self.by_id.remove(id) else { return false };
        let Some(stored) = self.slots.get_mut(slot as usize).and_then(Option::take) else { return false };
        for a in stored.aliases.iter() {
            for t in a.tokens.iter() {
                for &v in t.forms.iter() {
                    if let Some(p) = self.vocab.postings.get_mut(v as usize)
                        && let Ok(i) = p.binary_search(&slot)
                    {
                        p.remove(i);
                        self.vocab.count_nationalities(v, &stored.nationalities, false);
                    }
                }
            }
        }
        for k in entry_pairs(&stored.aliases) {
            if let Some(p) = self.pairs.get_mut(&k) {
                p.retain(|&(_, s)| s != slot);
                if p.is_empty() {
                    self.pairs.remove(&k);
                }
            }
        }
        for d in &stored.entry.document_numbers {
            if let Some(p) = self.documents.get_mut(d) {
                p.retain(|&s| s != slot);
                if p.is_empty() {
                    self.documents.remove(d);
                }
            }
        }
        self.free.push(slot);
        self.live -= 1;
        self.rarity_all.remove(stored.name_share);
        self.rarity_undated.remove(stored.name_share * stored.dob_share);
        self.bump(&stored.entry.list);
        true
    }

    /// Replaces the content of one list with `entries` (a new version of that list): adds new ids, updates
    /// changed ones and removes the list's entries that are gone. Entries are put on `list`.
    pub fn sync_list(&mut self, list: &str, entries: Vec<Entry>) -> ChangeSummary {
        let mut summary = ChangeSummary::default();
        let mut keep: FxMap<String, ()> = FxMap::default();
        for mut e in entries {
            list.clone_into(&mut e.list);
            keep.insert(e.id.clone(), ());
            match self.upsert(e) {
                Change::Added => summary.added += 1,
                Change::Changed => summary.changed += 1,
                Change::Unchanged => summary.unchanged += 1,
            }
        }
        let gone: Vec<String> = self
            .slots
            .iter()
            .flatten()
            .filter(|s| s.entry.list == list && !keep.contains_key(&s.entry.id))
            .map(|s| s.entry.id.clone())
            .collect();
        for id in gone {
            if self.remove(&id) {
                summary.removed += 1;
            }
        }
        summary.list_version = self.list_version(list).unwrap_or(0);
        summary
    }
}

impl Index {
    /// The estimated share of travellers who carry a name matching `alias` where `widen(j)` says how
    /// loosely part `j` matched (1 for the same spelling, more for looser rules, 0 for a part left
    /// unmatched), and the number of other entries carrying the alias's two rarest matched spellings. A
    /// spelling's frequency is its share of entries (see `rarity::spelling_share`); matched parts multiply,
    /// corrected for the dependence of given name and surname; the count of entries sharing the spellings
    /// is a floor, since a name held by many entries is common whatever its parts.
    pub(crate) fn alias_share(
        &self,
        alias: &Alias,
        widen: impl Fn(usize) -> f64,
        own: usize,
    ) -> (f64, usize) {
        let (share, others, _) = self.alias_share_with_rarest(alias, widen, own);
        (share, others)
    }

    /// [`Index::alias_share`], and the rarest matched spelling.
    pub(crate) fn alias_share_with_rarest(
        &self,
        alias: &Alias,
        widen: impl Fn(usize) -> f64,
        own: usize,
    ) -> (f64, usize, Option<u32>) {
        let n = self.len();
        let mut estimate = CLUSTER;
        let mut rarest: [Option<(usize, u32)>; 2] = [None, None];
        let mut matched = 0usize;
        for (j, t) in alias.tokens.iter().enumerate() {
            let w = widen(j);
            if w <= 0.0 || t.particle {
                continue;
            }
            let Some(&v) = t.forms.first() else { continue };
            let df = self.vocab.df(v);
            estimate *= (spelling_share(df, n) * w).min(1.0);
            matched += 1;
            let item = Some((df, v));
            if rarest[0].is_none_or(|r| df < r.0) {
                rarest = [item, rarest[0]];
            } else if rarest[1].is_none_or(|r| df < r.0) {
                rarest[1] = item;
            }
        }
        if matched == 0 {
            // Only particles matched: no evidence at all.
            return (1.0, 0, None);
        }
        let others = match rarest {
            [Some((_, a)), Some((_, b))] => {
                self.pairs.get(&pair_key(a, b)).map_or(0, |l| l.len().saturating_sub(own))
            }
            [Some((df, _)), None] => df.saturating_sub(1),
            _ => 0,
        };
        let floor = others as f64 / (n as f64 + PRIOR_ENTRIES);
        (estimate.max(floor).min(1.0), others, rarest[0].map(|r| r.1))
    }

    /// Computes an entry's name share and files it in the rarity histograms.
    fn file_rarity(&mut self, slot: u32) {
        let Some(stored) = self.stored(slot) else { return };
        let own = birth_years(&stored.entry.birth_dates).len();
        let share = stored.aliases.iter().map(|a| self.alias_share(a, |_| 1.0, own).0).fold(1.0f64, f64::min);
        let dob = stored.dob_share;
        self.rarity_all.add(share);
        self.rarity_undated.add(share * dob);
        if let Some(Some(s)) = self.slots.get_mut(slot as usize) {
            s.name_share = share;
        }
    }
}

impl Index {
    /// [`Index::sync_list`] for every list present in `entries` (grouped by `Entry::list`), as a watchlist
    /// import of a multi-list file does. Lists absent from `entries` are left alone.
    pub fn sync_lists(&mut self, entries: Vec<Entry>) -> BTreeMap<String, ChangeSummary> {
        let mut groups: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        for e in entries {
            groups.entry(e.list.clone()).or_default().push(e);
        }
        groups
            .into_iter()
            .map(|(list, es)| {
                let summary = self.sync_list(&list, es);
                (list, summary)
            })
            .collect()
    }
}

/// Inserts `x` keeping `v` sorted and distinct; false when it was there already.
fn insert_sorted(v: &mut Vec<u32>, x: u32) -> bool {
    match v.last() {
        Some(&l) if l < x => v.push(x),
        None => v.push(x),
        _ => match v.binary_search(&x) {
            Err(i) => v.insert(i, x),
            Ok(_) => return false,
        },
    }
    true
}
