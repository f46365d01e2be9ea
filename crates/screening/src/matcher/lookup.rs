//! Looking a query name part up in the vocabulary: every spelling it matches, and how (the rules are
//! `names::key_similarity` on fold keys and `names::typo_similarity` on spellings as written).
//!
//! Candidate spellings come from exact lookups, variant families, phonetic skeletons and typo keys (the
//! deletion neighbourhoods of `index`). Each candidate passes two cheap filters — length and the set of
//! letters — before an edit distance is computed, so that a common skeleton or a short typo key with
//! hundreds of spellings costs microseconds, not milliseconds.

use names::{MatchKind, TokenMatch};

use crate::index::{FOLD_DEPTH2, FxMap, Index, RAW_DEPTH2, deletion_hashes, hash_skeleton, letter_mask};

/// An alternative reading of the query token (another romanisation its source admits) is slightly weaker
/// evidence than the spelling as written.
const ALT_FACTOR: f32 = 0.96;
/// Most prefix completions considered for a truncated MRZ name part.
const PREFIX_CAP: usize = 64;

/// How thoroughly to look a spelling up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Depth {
    /// Exact spellings and variant families only (joined parts, halves of a split part).
    Exact,
    /// Everything, with one typing error (parts spelled as some listed spelling, joined parts).
    OneEdit,
    /// Everything, with two typing errors in long parts (the part as written).
    Full,
}

impl Index {
    /// Every spelling in the vocabulary that `fold` matches, with how, sorted by vocabulary id. `raw` is the
    /// part as written (upper-case letters), compared with the raw spellings for typing errors.
    pub(crate) fn lookup(
        &self,
        fold: &str,
        raw: Option<&str>,
        allow_prefix: bool,
        depth: Depth,
    ) -> Vec<(u32, TokenMatch)> {
        let vocab = &self.vocab;
        let mut found: FxMap<u32, Option<TokenMatch>> = FxMap::default();
        let key = names::Key::new(fold);
        let (qlen, qmask) = (fold.len(), letter_mask(fold));
        // A spelling reached through several keys is compared once; misses are remembered too.
        let consider = |v: u32, filter: bool, found: &mut FxMap<u32, Option<TokenMatch>>| {
            if found.contains_key(&v) {
                return;
            }
            let Some(k) = vocab.key(v) else { return };
            // The loosest rule (a sound-alike) allows one edit more than a typo: spellings further apart
            // in length or letters cannot match and skip the edit distance.
            let budget = names::max_edits(k.fold.len().max(qlen)) + 1;
            if filter
                && (k.fold.len().abs_diff(qlen) > budget
                    || (vocab.mask(v) ^ qmask).count_ones() as usize > 2 * budget)
            {
                found.insert(v, None);
                return;
            }
            found.insert(v, names::key_similarity(&key, k, allow_prefix));
        };
        if let Some(&v) = vocab.ids.get(fold) {
            consider(v, false, &mut found);
        }
        for c in key.classes {
            for &v in vocab.classes.get(c).map_or(&[][..], Vec::as_slice) {
                consider(v, false, &mut found);
            }
        }
        if depth != Depth::Exact {
            if key.skeleton.len() >= 3 {
                let h = hash_skeleton(&key.skeleton);
                vocab.skeletons.for_each(h, |v| consider(v, true, &mut found));
            }
            if fold.len() >= 3 {
                let mut keys = Vec::new();
                let depth2 = if depth == Depth::Full { FOLD_DEPTH2 } else { usize::MAX };
                deletion_hashes(fold, depth2, &mut keys);
                for k in keys {
                    vocab.deletions.for_each(k, |v| consider(v, true, &mut found));
                }
            }
            if allow_prefix && fold.len() >= 3 {
                let range = vocab
                    .sorted
                    .range::<str, _>((std::ops::Bound::Included(fold), std::ops::Bound::Unbounded));
                for (w, &v) in range.take(PREFIX_CAP) {
                    if !w.starts_with(fold) {
                        break;
                    }
                    consider(v, false, &mut found);
                }
            }
        }
        // Typing errors on the letters as written: a raw spelling within the typo budget lends its fold key
        // a typo match, unless the fold key already matched better.
        if let Some(raw) = raw.filter(|r| r.len() >= 4 && depth != Depth::Exact) {
            let mut keys = Vec::new();
            let depth2 = if depth == Depth::Full { RAW_DEPTH2 } else { usize::MAX };
            deletion_hashes(raw, depth2, &mut keys);
            let rmask = letter_mask(raw);
            let mut seen: FxMap<u32, ()> = FxMap::default();
            for k in keys {
                vocab.raw_deletions.for_each(k, |r| {
                    if seen.insert(r, ()).is_some() {
                        return;
                    }
                    let Some(w) = vocab.raw.get(r as usize) else { return };
                    if w.text.len().abs_diff(raw.len()) > 2 || (w.mask ^ rmask).count_ones() > 4 {
                        return;
                    }
                    if let Some(m) = names::typo_similarity(raw, &w.text) {
                        let slot = found.entry(w.fold).or_insert(None);
                        if slot.is_none_or(|x| x.score < m.score) {
                            *slot = Some(m);
                        }
                    }
                });
            }
        }
        let mut out: Vec<(u32, TokenMatch)> = found.into_iter().filter_map(|(v, m)| Some((v, m?))).collect();
        // A typing error in a spelling of a variant family reaches the whole family (`MOUHMAD` is a typo
        // of `MOUHAMAD`, which is `MOHAMMED`), as a typo.
        if depth != Depth::Exact {
            let mut extra: Vec<(u32, TokenMatch)> = Vec::new();
            for &(v, m) in &out {
                if m.kind != MatchKind::Typo {
                    continue;
                }
                for c in vocab.key(v).map_or(&[][..], |k| k.classes) {
                    for &w in vocab.classes.get(c).map_or(&[][..], Vec::as_slice) {
                        extra.push((w, TokenMatch { score: m.score * 0.97, ..m }));
                    }
                }
            }
            for (w, m) in extra {
                match out.iter_mut().find(|x| x.0 == w) {
                    Some(x) if x.1.score < m.score => x.1 = m,
                    Some(_) => {}
                    None => out.push((w, m)),
                }
            }
        }
        out.sort_unstable_by_key(|m| m.0);
        out
    }

    /// [`Index::lookup`] for a part with several readings: the first is the part as written, the others
    /// alternatives (weaker evidence, looked up less thoroughly).
    pub(crate) fn lookup_all(
        &self,
        folds: &[String],
        raw: Option<&str>,
        allow_prefix: bool,
        depth: Depth,
    ) -> Vec<(u32, TokenMatch)> {
        let key = (folds.to_vec(), raw.map(str::to_owned), allow_prefix, depth);
        if let Some(found) = self.vocab.lookups.get(&key) {
            return found.to_vec();
        }
        let found = self.lookup_all_uncached(folds, raw, allow_prefix, depth);
        self.vocab.lookups.put(key, found.as_slice().into());
        found
    }

    /// Drops what earlier lookups found (a cold index, for measuring the first query of a part).
    pub fn clear_lookup_cache(&mut self) {
        self.vocab.lookups.clear();
    }

    /// Name parts whose lookups are kept.
    pub fn lookup_cache_len(&self) -> usize {
        self.vocab.lookups.len()
    }

    fn lookup_all_uncached(
        &self,
        folds: &[String],
        raw: Option<&str>,
        allow_prefix: bool,
        depth: Depth,
    ) -> Vec<(u32, TokenMatch)> {
        if let [only] = folds {
            return self.lookup(only, raw, allow_prefix, depth);
        }
        let mut best: FxMap<u32, TokenMatch> = FxMap::default();
        for (k, f) in folds.iter().enumerate() {
            // Alternative readings are looked up exactly: a typing error is looked for on the part as
            // written, and trying every reading for errors multiplies the work for little.
            let (raw, depth) = if k == 0 { (raw, depth) } else { (None, Depth::Exact) };
            for (v, mut m) in self.lookup(f, raw, allow_prefix, depth) {
                if k > 0 {
                    m.score *= ALT_FACTOR;
                    if m.kind == MatchKind::Exact {
                        m.kind = MatchKind::Variant;
                    }
                }
                let slot = best.entry(v).or_insert(m);
                if slot.score < m.score {
                    *slot = m;
                }
            }
        }
        let mut out: Vec<(u32, TokenMatch)> = best.into_iter().collect();
        out.sort_unstable_by_key(|m| m.0);
        out
    }
}
