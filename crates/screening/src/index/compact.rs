//! Compact containers for the index: a flat multimap from 32-bit key hashes to 32-bit values, and a list
//! that holds one item inline.
//!
//! A million entries produce hundreds of thousands of spellings and millions of typo keys and name pairs,
//! most of them carried by a single spelling or entry. A `HashMap<_, Vec<_>>` spends a heap allocation
//! and ~60 bytes on each of those; the flat multimap spends 16 bytes per (key, value) and the inline list
//! none until a second item arrives.

/// A multimap from non-zero 32-bit keys (hashes) to 32-bit values, in one open-addressing table with linear
/// probing. Values of one key are found by probing from the key's slot to the next empty slot. There is no
/// removal: the index only ever adds spellings to its vocabulary.
#[derive(Debug, Default, Clone)]
pub(crate) struct MultiMap {
    /// `key << 32 | value`; 0 marks an empty slot (keys are never 0).
    slots: Vec<u64>,
    len: usize,
}

/// Keys are hashes; 0 is reserved for empty slots.
fn nonzero(key: u32) -> u32 {
    if key == 0 { 0x9E37_79B9 } else { key }
}

fn home(key: u32, mask: usize) -> usize {
    // Keys are already hashes, but spread them again so that nearby keys do not share runs.
    ((u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize) & mask
}

impl MultiMap {
    /// Adds a pair (the caller avoids duplicates).
    pub(crate) fn insert(&mut self, key: u32, value: u32) {
        let key = nonzero(key);
        // At most 60% full: runs stay short for linear probing.
        if (self.len + 1) * 5 > self.slots.len() * 3 {
            self.grow();
        }
        self.place((u64::from(key) << 32) | u64::from(value));
        self.len += 1;
    }

    fn place(&mut self, item: u64) {
        let mask = self.slots.len() - 1;
        let mut i = home((item >> 32) as u32, mask);
        loop {
            match self.slots.get_mut(i) {
                Some(slot) if *slot == 0 => {
                    *slot = item;
                    return;
                }
                Some(_) => i = (i + 1) & mask,
                // Unreachable: `i` is always masked into range.
                None => return,
            }
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![0; cap]);
        for item in old.into_iter().filter(|&s| s != 0) {
            self.place(item);
        }
    }

    /// Number of (key, value) pairs and bytes held (for statistics).
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.len, self.slots.capacity() * 8)
    }

    /// Calls `f` with every value stored under each of `keys`, in order. The table is large and each key
    /// lands at a random place in it, so the first slot of every key is read before any run is walked:
    /// those reads do not depend on each other and the processor overlaps them, where walking key by key
    /// would wait for memory once per key.
    pub(crate) fn for_each_of(&self, keys: &[u32], mut f: impl FnMut(u32)) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        let touched = keys
            .iter()
            .fold(0u64, |acc, &k| acc ^ self.slots.get(home(nonzero(k), mask)).copied().unwrap_or(0));
        std::hint::black_box(touched);
        for &k in keys {
            self.for_each(k, &mut f);
        }
    }

    /// Calls `f` with every value stored under `key`.
    pub(crate) fn for_each(&self, key: u32, mut f: impl FnMut(u32)) {
        if self.slots.is_empty() {
            return;
        }
        let key = nonzero(key);
        let mask = self.slots.len() - 1;
        let mut i = home(key, mask);
        while let Some(&slot) = self.slots.get(i) {
            if slot == 0 {
                return;
            }
            if (slot >> 32) as u32 == key {
                f(slot as u32);
            }
            i = (i + 1) & mask;
        }
    }
}

/// A list that keeps its first item inline: most spellings and name pairs belong to one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SmallList<T> {
    /// Exactly one item.
    One(T),
    /// Any number of items (possibly none, after removals).
    Many(Vec<T>),
}

impl<T: Copy + Ord> SmallList<T> {
    /// The items.
    pub(crate) fn as_slice(&self) -> &[T] {
        match self {
            SmallList::One(x) => std::slice::from_ref(x),
            SmallList::Many(v) => v,
        }
    }

    /// Number of items.
    pub(crate) fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// True when no item is left.
    pub(crate) fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// Appends without keeping order (bulk building sorts once at the end).
    pub(crate) fn push(&mut self, x: T) {
        match self {
            SmallList::One(a) => *self = SmallList::Many(vec![*a, x]),
            SmallList::Many(v) => v.push(x),
        }
    }

    /// Inserts keeping the items sorted and distinct.
    pub(crate) fn insert_sorted(&mut self, x: T) {
        match self {
            SmallList::One(a) => {
                if *a != x {
                    let (lo, hi) = if *a < x { (*a, x) } else { (x, *a) };
                    *self = SmallList::Many(vec![lo, hi]);
                }
            }
            SmallList::Many(v) => {
                if let Err(i) = v.binary_search(&x) {
                    v.insert(i, x);
                }
            }
        }
    }

    /// Sorts and removes duplicates.
    pub(crate) fn sort(&mut self) {
        if let SmallList::Many(v) = self {
            v.sort_unstable();
            v.dedup();
            v.shrink_to_fit();
        }
    }

    /// Keeps the items for which `keep` is true.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        match self {
            SmallList::One(a) => {
                if !keep(a) {
                    *self = SmallList::Many(Vec::new());
                }
            }
            SmallList::Many(v) => v.retain(|x| keep(x)),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn multimap_keeps_every_value_of_a_key() {
        let mut m = MultiMap::default();
        for k in 0..5_000u32 {
            for v in 0..(k % 4) {
                m.insert(k.wrapping_mul(2_654_435_761), k * 10 + v);
            }
        }
        for k in 0..5_000u32 {
            let mut got = Vec::new();
            m.for_each(k.wrapping_mul(2_654_435_761), |v| got.push(v));
            got.sort_unstable();
            let want: Vec<u32> = (0..(k % 4)).map(|v| k * 10 + v).collect();
            assert_eq!(got, want, "key {k}");
        }
        // Key 0 is stored under its stand-in and found again.
        m.insert(0, 7);
        let mut got = Vec::new();
        m.for_each(0, |v| got.push(v));
        assert_eq!(got, vec![7]);
        let mut none = Vec::new();
        MultiMap::default().for_each(5, |v| none.push(v));
        MultiMap::default().for_each_of(&[5, 6], |v| none.push(v));
        assert!(none.is_empty());
        // Several keys at once: the values of each, key by key.
        let keys: Vec<u32> = (1..4u32).map(|k| k.wrapping_mul(2_654_435_761)).collect();
        let mut many = Vec::new();
        m.for_each_of(&keys, |v| many.push(v));
        many.sort_unstable();
        assert_eq!(many, vec![10, 20, 21, 30, 31, 32]);
    }

    #[test]
    fn small_list_orders_and_removes() {
        let mut l = SmallList::One(5u32);
        l.insert_sorted(3);
        l.insert_sorted(5);
        l.insert_sorted(9);
        assert_eq!(l.as_slice(), &[3, 5, 9]);
        l.retain(|&x| x != 5);
        assert_eq!(l.as_slice(), &[3, 9]);
        let mut one = SmallList::One(1u32);
        one.retain(|_| false);
        assert!(one.is_empty());
        let mut bulk = SmallList::One(4u32);
        bulk.push(2);
        bulk.push(4);
        bulk.sort();
        assert_eq!(bulk.as_slice(), &[2, 4]);
        assert_eq!(std::mem::size_of::<SmallList<(u16, u32)>>(), 24);
    }
}
