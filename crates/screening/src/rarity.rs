//! How common names are: the index's estimate of the share of travellers who carry a name, and the
//! distribution of that share over the entries that no full birth date can confirm, from which the rarity
//! rule takes the rarest names that fit a false-hit budget.
//!
//! An entry without a birth date (or with only a year) can only be matched on its name. Each such entry
//! raises, on average, as many false hits per traveller as the share of travellers who carry its name
//! (within its birth year, for a year). Summed over the list, that is the alert volume officers face from
//! name-only matches. Hitting only the entries whose names are rarest, until the sum reaches a budget,
//! finds the most listed people for a given volume of false hits — and the threshold follows from the
//! list itself: a small list or one of rare names passes every name-only match, a large list of common
//! names few.

/// A spelling is credited with one more entry than it has, out of this many more entries than the list
/// holds: a prior frequency of one in a thousand, so that a small list is not taken for proof of rarity.
pub(crate) const PRIOR_ENTRIES: f64 = 1000.0;

/// Given names and surnames are not independent (both follow the bearer's culture): the product of their
/// frequencies is multiplied by this, roughly the inverse share of one culture in a mixed population.
pub(crate) const CLUSTER: f64 = 10.0;

/// Buckets per decade of share, and the smallest share kept apart (1e-16).
const PER_DECADE: f64 = 8.0;
const FLOOR_DECADE: f64 = 16.0;
const BUCKETS: usize = 128;

/// The frequency of one spelling carried by `df` of `entries` entries.
pub(crate) fn spelling_share(df: usize, entries: usize) -> f64 {
    ((df as f64 + 1.0) / (entries as f64 + PRIOR_ENTRIES)).min(1.0)
}

/// A histogram of shares on a logarithmic scale: how much of the summed share comes from entries of each
/// order of rarity.
#[derive(Debug, Clone)]
pub(crate) struct Histogram {
    sums: Vec<f64>,
    total: f64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram { sums: vec![0.0; BUCKETS], total: 0.0 }
    }
}

fn bucket(share: f64) -> usize {
    let k = ((share.max(1e-300).log10() + FLOOR_DECADE) * PER_DECADE).floor();
    if k <= 0.0 { 0 } else { (k as usize).min(BUCKETS - 1) }
}

/// The smallest share of bucket `k`.
fn lower_edge(k: usize) -> f64 {
    10f64.powf(k as f64 / PER_DECADE - FLOOR_DECADE)
}

impl Histogram {
    /// Adds an entry's share (0 adds nothing).
    pub(crate) fn add(&mut self, share: f64) {
        if share > 0.0
            && let Some(s) = self.sums.get_mut(bucket(share))
        {
            *s += share;
            self.total += share;
        }
    }

    /// Removes a share added before.
    pub(crate) fn remove(&mut self, share: f64) {
        if share > 0.0
            && let Some(s) = self.sums.get_mut(bucket(share))
        {
            *s = (*s - share).max(0.0);
            self.total = (self.total - share).max(0.0);
        }
    }

    /// The summed share.
    pub(crate) fn total(&self) -> f64 {
        self.total
    }

    /// The share up to which entries fit `budget`: the entries with a share at or below it sum to at most
    /// the budget. Infinite when every entry fits.
    pub(crate) fn threshold(&self, budget: f64) -> f64 {
        if self.total <= budget {
            return f64::INFINITY;
        }
        let mut sum = 0.0;
        for (k, s) in self.sums.iter().enumerate() {
            if sum + s > budget {
                // Part of this bucket fits: interpolate on the logarithmic scale.
                let part = if *s > 0.0 { (budget - sum) / s } else { 0.0 };
                return lower_edge(k) * 10f64.powf(part / PER_DECADE);
            }
            sum += s;
        }
        f64::INFINITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_takes_the_rarest_up_to_the_budget() {
        let mut h = Histogram::default();
        // A thousand entries at 1e-6 and a thousand at 1e-4: the rare ones sum to 1e-3.
        for _ in 0..1000 {
            h.add(1e-6);
            h.add(1e-4);
        }
        let t = h.threshold(2e-3);
        // Bucket resolution: the limit lands at the lower edge of the first bucket that overflows.
        assert!(t > 1e-6 && t < 1.1e-4, "{t}");
        assert_eq!(h.threshold(1.0), f64::INFINITY);
        assert!(h.threshold(1e-4) < 1.5e-6);
        for _ in 0..1000 {
            h.remove(1e-4);
        }
        assert_eq!(h.threshold(2e-3), f64::INFINITY);
    }

    #[test]
    fn small_lists_credit_unseen_spellings() {
        assert!(spelling_share(1, 10) < 3e-3);
        assert!((spelling_share(999_999, 1_000_000) - 0.999).abs() < 1e-3);
    }
}
