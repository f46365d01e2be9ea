//! Sign-in throttling: at most a few attempts per minute per account and per client address, in memory
//! (each node limits its own traffic; the persistent lockout after repeated failures is in the database).

use std::collections::HashMap;
use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

/// Sliding-window counters keyed by account or address.
pub struct LoginLimiter {
    window: SignedDuration,
    per_key: usize,
    seen: Mutex<HashMap<String, Vec<Timestamp>>>,
}

impl LoginLimiter {
    pub fn new(per_key: usize, window: SignedDuration) -> Self {
        LoginLimiter { window, per_key, seen: Mutex::new(HashMap::new()) }
    }

    /// Records an attempt for each key and says whether all of them are within their limit.
    pub fn allow(&self, keys: &[String], now: Timestamp) -> bool {
        let Ok(mut seen) = self.seen.lock() else { return false };
        if seen.len() > 100_000 {
            // Bound memory under a flood of distinct keys: forget everything older than the window.
            let window = self.window;
            seen.retain(|_, v| v.iter().any(|t| now.duration_since(*t) < window));
        }
        let mut ok = true;
        for k in keys {
            let v = seen.entry(k.clone()).or_default();
            v.retain(|t| now.duration_since(*t) < self.window);
            if v.len() >= self.per_key {
                ok = false;
            } else {
                v.push(now);
            }
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_key_within_the_window() {
        let l = LoginLimiter::new(3, SignedDuration::from_secs(60));
        let t0 = Timestamp::from_second(1_000_000).unwrap();
        let k = vec!["user:a".to_owned()];
        assert!((0..3).all(|i| l.allow(&k, t0 + SignedDuration::from_secs(i))));
        assert!(!l.allow(&k, t0 + SignedDuration::from_secs(10)));
        assert!(l.allow(&["user:b".to_owned()], t0));
        assert!(l.allow(&k, t0 + SignedDuration::from_secs(61)));
    }
}
