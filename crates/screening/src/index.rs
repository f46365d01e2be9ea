//! The in-memory watchlist index: a vocabulary of name spellings with posting lists of entries, side maps
//! from phonetic skeletons, variant families and one-deletion keys to spellings, a pair index (two
//! spellings of one alias → entries, ordered by birth year) and an exact map of document numbers. Entries
//! are added, changed and removed one at a time; every change bumps a version.
//!
//! Memory is spent per distinct spelling, not per entry: a million entries share a few tens or hundreds of
//! thousands of spellings, and each entry costs one `u32` per posting and one `(u16, u32)` per name pair.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

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
/// still scored, only not used to find the entry).
fn entry_pairs(aliases: &[Alias]) -> Vec<u64> {
    let mut keys = Vec::new();
    for a in aliases {
        let toks = a.tokens.get(..a.tokens.len().min(8)).unwrap_or(&[]);
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

pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.write_u8(0xff);
    h.finish()
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
}

/// The vocabulary of spellings ([`names::fold`] keys).
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    pub(crate) ids: FxMap<String, u32>,
    pub(crate) words: Vec<names::Key>,
    pub(crate) postings: Vec<Vec<u32>>,
    pub(crate) skeletons: FxMap<u64, Vec<u32>>,
    pub(crate) classes: FxMap<&'static str, Vec<u32>>,
    pub(crate) deletions: FxMap<u64, Vec<u32>>,
    pub(crate) sorted: BTreeMap<Box<str>, u32>,
}

impl Vocab {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        self.ids.insert(word.to_owned(), id);
        self.words.push(names::Key::new(word));
        self.postings.push(Vec::new());
        self.sorted.insert(word.into(), id);
        let skel = self.words.last().map(|k| k.skeleton.clone()).unwrap_or_default();
        if skel.len() >= 3 {
            self.skeletons.entry(hash_str(&skel)).or_default().push(id);
        }
        for c in names::classes(word) {
            self.classes.entry(c).or_default().push(id);
        }
        if word.len() >= 4 {
            for d in names::deletions(word) {
                self.deletions.entry(hash_str(&d)).or_default().push(id);
            }
        }
        id
    }

    pub(crate) fn df(&self, id: u32) -> usize {
        self.postings.get(id as usize).map_or(0, Vec::len)
    }

    pub(crate) fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", |w| w.fold.as_str())
    }

    pub(crate) fn key(&self, id: u32) -> Option<&names::Key> {
        self.words.get(id as usize)
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
    pub(crate) pairs: FxMap<u64, Vec<(u16, u32)>>,
    version: u64,
    list_versions: BTreeMap<String, u64>,
    live: usize,
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
        for e in entries {
            if index.by_id.contains_key(&e.id) {
                return Err(ScreeningError::DuplicateId(e.id));
            }
            index.upsert(e);
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

    /// Number of distinct spellings in the vocabulary.
    pub fn vocabulary_len(&self) -> usize {
        self.vocab.words.len()
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
        let mut aliases = Vec::with_capacity(entry.names.len());
        for (k, name) in entry.names.iter().enumerate() {
            let form = names::normalize(name);
            let mut tokens = Vec::with_capacity(form.tokens.len());
            for t in form.tokens.iter().take(MAX_TOKENS) {
                let forms: Vec<u32> = t.folds().iter().map(|f| self.vocab.intern(f)).collect();
                if forms.is_empty() {
                    continue;
                }
                for &v in &forms {
                    if let Some(p) = self.vocab.postings.get_mut(v as usize) {
                        insert_sorted(p, slot);
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
            let list = self.pairs.entry(k).or_default();
            for &y in &years {
                if let Err(i) = list.binary_search(&(y, slot)) {
                    list.insert(i, (y, slot));
                }
            }
        }
        self.by_id.insert(entry.id.clone(), slot);
        if let Some(s) = self.slots.get_mut(slot as usize) {
            let dobs = entry.birth_dates.iter().map(crate::matcher::Dob::of).collect();
            let nationalities = entry.nationalities.iter().map(|n| crate::matcher::pack_code(n)).collect();
            *s = Some(Stored { entry, dobs, nationalities, version, aliases: aliases.into_boxed_slice() });
        }
        self.live += 1;
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

fn insert_sorted(v: &mut Vec<u32>, x: u32) {
    match v.last() {
        Some(&l) if l < x => v.push(x),
        None => v.push(x),
        _ => {
            if let Err(i) = v.binary_search(&x) {
                v.insert(i, x);
            }
        }
    }
}
