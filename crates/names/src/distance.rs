//! String distances on short ASCII keys: bounded optimal-string-alignment distance and Jaro-Winkler.

/// Optimal string alignment distance (Levenshtein plus adjacent transposition) between two byte strings,
/// or `None` when it exceeds `max`. Bounded, so comparing two unrelated keys stops early.
///
/// ```
/// assert_eq!(names::osa_distance("SMITH", "SMIHT", 2), Some(1));
/// assert_eq!(names::osa_distance("SMITH", "JONES", 2), None);
/// ```
pub fn osa_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Name parts are short: rows on the stack, so that comparing one key against thousands allocates
    // nothing.
    if b.len() < SHORT {
        return osa_short(a, b, max);
    }
    let w = b.len() + 1;
    // Three rolling rows: two back (for transpositions), previous, current.
    let mut prev2: Vec<usize> = vec![0; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur: Vec<usize> = vec![0; w];
    for (i, &ca) in a.iter().enumerate() {
        cur.fill(usize::MAX / 2);
        if let Some(c0) = cur.first_mut() {
            *c0 = i + 1;
        }
        let mut row_min = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX / 2) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX / 2) + 1;
            let sub = prev.get(j).copied().unwrap_or(usize::MAX / 2) + cost;
            let mut v = del.min(ins).min(sub);
            if i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca) {
                v = v.min(prev2.get(j - 1).copied().unwrap_or(usize::MAX / 2) + 1);
            }
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = v;
            }
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev.get(b.len()).copied().unwrap_or(usize::MAX);
    (d <= max).then_some(d)
}

/// Strings shorter than this are compared with rows on the stack.
const SHORT: usize = 48;

/// [`osa_distance`] for `b` shorter than [`SHORT`] bytes: byte-sized cells in three fixed rows used in
/// turn (the two rows before the current one, for transpositions).
fn osa_short(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    const BIG: u8 = u8::MAX / 2;
    let w = b.len() + 1;
    let mut rows = [[0u8; SHORT]; 3];
    if let Some(first) = rows.get_mut(1) {
        for (j, slot) in first.iter_mut().enumerate().take(w) {
            *slot = u8::try_from(j).unwrap_or(BIG);
        }
    }
    // Row `i + 1` of the table lives in `rows[(i + 2) % 3]`; the previous one in `rows[(i + 1) % 3]`.
    for (i, &ca) in a.iter().enumerate() {
        let (cur_k, prev_k, prev2_k) = ((i + 2) % 3, (i + 1) % 3, i % 3);
        let [r0, r1, r2] = &mut rows;
        let (cur, prev, prev2): (&mut [u8; SHORT], &[u8; SHORT], &[u8; SHORT]) =
            match (cur_k, prev_k, prev2_k) {
                (0, 2, 1) => (r0, r2, r1),
                (1, 0, 2) => (r1, r0, r2),
                _ => (r2, r1, r0),
            };
        let start = u8::try_from(i + 1).unwrap_or(BIG);
        if let Some(c0) = cur.first_mut() {
            *c0 = start;
        }
        let mut row_min = start;
        for (j, &cb) in b.iter().enumerate() {
            let cost = u8::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(BIG).saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(BIG).saturating_add(1);
            let sub = prev.get(j).copied().unwrap_or(BIG).saturating_add(cost);
            let mut v = del.min(ins).min(sub);
            if i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca) {
                v = v.min(prev2.get(j - 1).copied().unwrap_or(BIG).saturating_add(1));
            }
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = v;
            }
            row_min = row_min.min(v);
        }
        if usize::from(row_min) > max {
            return None;
        }
    }
    let last = rows.get((a.len() + 1) % 3).and_then(|r| r.get(b.len())).copied().unwrap_or(BIG);
    let d = usize::from(last);
    (d <= max).then_some(d)
}

/// Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters) of two strings, compared by `char`.
///
/// ```
/// let s = names::jaro_winkler("MARTHA", "MARHTA");
/// assert!((s - 0.961).abs() < 0.001);
/// assert_eq!(names::jaro_winkler("", ""), 1.0);
/// ```
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    jaro_winkler_chars(&a, &b)
}

/// [`jaro_winkler`] on pre-split characters (avoids re-collecting in hot loops).
pub fn jaro_winkler_chars(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_hit = vec![false; a.len()];
    let mut b_hit = vec![false; b.len()];
    let mut matches = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if b_hit.get(j) == Some(&false) && b.get(j) == Some(ca) {
                if let Some(h) = b_hit.get_mut(j) {
                    *h = true;
                }
                if let Some(h) = a_hit.get_mut(i) {
                    *h = true;
                }
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let a_m = a.iter().zip(&a_hit).filter(|(_, h)| **h).map(|(c, _)| c);
    let b_m = b.iter().zip(&b_hit).filter(|(_, h)| **h).map(|(c, _)| c);
    let transpositions = a_m.zip(b_m).filter(|(x, y)| x != y).count() / 2;
    let m = matches as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}
