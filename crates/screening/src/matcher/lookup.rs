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
        let key = names::Key::new(fold);
        let (qlen, qmask) = (fold.len(), letter_mask(fold));
        // Every spelling to compare, in order, and whether the cheap filters apply to it (not to exact
        // spellings and families). They are gathered first and their records read together (see
        // `Vocab::touch`): the records are at random places in a large table.
        let mut todo: Vec<(u32, bool)> = Vec::with_capacity(128);
        if let Some(&v) = vocab.ids.get(fold) {
            todo.push((v, false));
        }
        for c in key.classes {
            todo.extend(vocab.classes.get(c).map_or(&[][..], Vec::as_slice).iter().map(|&v| (v, false)));
        }
        if depth != Depth::Exact {
            if key.skeleton.len() >= 3 {
                vocab.skeletons.for_each(hash_skeleton(&key.skeleton), |v| todo.push((v, true)));
            }
            if fold.len() >= 3 {
                let mut keys = Vec::new();
                let depth2 = if depth == Depth::Full { FOLD_DEPTH2 } else { usize::MAX };
                deletion_hashes(fold, depth2, &mut keys);
                vocab.deletions.for_each_of(&keys, |v| todo.push((v, true)));
            }
            if allow_prefix && fold.len() >= 3 {
                let range = vocab
                    .sorted
                    .range::<str, _>((std::ops::Bound::Included(fold), std::ops::Bound::Unbounded));
                for (w, &v) in range.take(PREFIX_CAP) {
                    if !w.starts_with(fold) {
                        break;
                    }
                    todo.push((v, false));
                }
            }
        }
        // A spelling reached through several keys is compared once (the first way it was reached); misses
        // are remembered too. The loosest rule (a sound-alike) allows one edit more than a typo: spellings
        // further apart in length or letters cannot match and skip the edit distance and reading their text.
        let mut found: FxMap<u32, Option<TokenMatch>> = FxMap::default();
        found.reserve(todo.len());
        vocab.touch(todo.iter().map(|t| t.0));
        let mut compare: Vec<u32> = Vec::with_capacity(todo.len());
        for (v, filter) in todo {
            if found.insert(v, None).is_some() {
                continue;
            }
            if filter {
                let Some((len, mask)) = vocab.shape(v) else { continue };
                let budget = names::max_edits(len.max(qlen)) + 1;
                if len.abs_diff(qlen) > budget || (mask ^ qmask).count_ones() as usize > 2 * budget {
                    continue;
                }
            }
            compare.push(v);
        }
        vocab.touch_text(&compare);
        for v in compare {
            let Some(k) = vocab.key(v) else { continue };
            if let Some(m) = names::key_similarity(key.view(), k, allow_prefix) {
                found.insert(v, Some(m));
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
            let mut raws: Vec<u32> = Vec::with_capacity(64);
            vocab.raw_deletions.for_each_of(&keys, |r| {
                if seen.insert(r, ()).is_none() {
                    raws.push(r);
                }
            });
            vocab.touch_raw(&raws);
            raws.retain(|&r| {
                vocab.raw_shape(r).is_some_and(|(len, mask)| {
                    len.abs_diff(raw.len()) <= 2 && (mask ^ rmask).count_ones() <= 4
                })
            });
            vocab.touch_raw_text(&raws);
            for r in raws {
                let Some((text, w)) = vocab.raw_word(r) else { continue };
                if let Some(m) = names::typo_similarity(raw, text) {
                    let slot = found.entry(w.fold).or_insert(None);
                    if slot.is_none_or(|x| x.score < m.score) {
                        *slot = Some(m);
                    }
                }
            }
        }
        // A typing error in a spelling of a variant family reaches the whole family (`MOUHMAD` is a typo
        // of `MOUHAMAD`, which is `MOHAMMED`), as a typo.
        if depth != Depth::Exact {
            let mut extra: Vec<(u32, TokenMatch)> = Vec::new();
            for (&v, m) in &found {
                let Some(m) = m.filter(|m| m.kind == MatchKind::Typo) else { continue };
                for c in vocab.classes_of(v) {
                    for &w in vocab.classes.get(c).map_or(&[][..], Vec::as_slice) {
                        extra.push((w, TokenMatch { score: m.score * 0.97, ..m }));
                    }
                }
            }
            for (w, m) in extra {
                let slot = found.entry(w).or_insert(None);
                if slot.is_none_or(|x| x.score < m.score) {
                    *slot = Some(m);
                }
            }
        }
        let mut out: Vec<(u32, TokenMatch)> = found.into_iter().filter_map(|(v, m)| Some((v, m?))).collect();
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
