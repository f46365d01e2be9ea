//! The brute-force baseline: every query against every alias of every entry, scored by best-pair
//! token Jaro-Winkler (the OFAC/Watchman family) over ICAO-transliterated text, with the same birth-date
//! contradiction rule as guomen's matcher so that the comparison is about names.

use screening::{BirthDate, Entry, Query};

/// One entry in the baseline's flat form.
pub struct Flat {
    pub id: String,
    pub aliases: Vec<Vec<Vec<u8>>>,
    pub birth_dates: Vec<BirthDate>,
}

pub fn tokens(name: &str) -> Vec<Vec<u8>> {
    translit::icao(name, translit::Language::Default)
        .text
        .split(|c: char| !c.is_ascii_uppercase())
        .filter(|t| !t.is_empty())
        .map(|t| t.as_bytes().to_vec())
        .collect()
}

pub fn flatten(entries: &[&Entry]) -> Vec<Flat> {
    entries
        .iter()
        .map(|e| Flat {
            id: e.id.clone(),
            aliases: e.names.iter().map(|n| tokens(n)).filter(|t| !t.is_empty()).collect(),
            birth_dates: e.birth_dates.clone(),
        })
        .collect()
}

fn jw(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut bm = [false; 64];
    let mut am = [false; 64];
    if a.len() > 64 || b.len() > 64 {
        return 0.0;
    }
    let mut m = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !bm[j] && b[j] == ca {
                bm[j] = true;
                am[i] = true;
                m += 1;
                break;
            }
        }
    }
    if m == 0 {
        return 0.0;
    }
    let mut t = 0usize;
    let mut k = 0usize;
    for i in 0..a.len() {
        if am[i] {
            while !bm[k] {
                k += 1;
            }
            if a[i] != b[k] {
                t += 1;
            }
            k += 1;
        }
    }
    let m = m as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - (t / 2) as f64) / m) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

fn directed(q: &[Vec<u8>], e: &[Vec<u8>]) -> f64 {
    let mut num = 0.0;
    let mut den = 0.0;
    for t in q {
        let best = e.iter().map(|u| jw(t, u)).fold(0.0, f64::max);
        num += best * t.len() as f64;
        den += t.len() as f64;
    }
    if den == 0.0 { 0.0 } else { num / den }
}

/// Best-pair Jaro-Winkler in both directions, averaged.
pub fn score(q: &[Vec<u8>], e: &[Vec<u8>]) -> f64 {
    (directed(q, e) + directed(e, q)) / 2.0
}

/// Ids of entries scoring at least `threshold`.
pub fn screen(flat: &[Flat], query: &Query, threshold: f64) -> Vec<String> {
    let q = tokens(query.name.as_deref().unwrap_or(""));
    if q.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for f in flat {
        let mut best = 0.0f64;
        for a in &f.aliases {
            best = best.max(score(&q, a));
        }
        if best < threshold - 0.05 {
            continue;
        }
        if let Some(qd) = &query.birth_date
            && !f.birth_dates.is_empty()
        {
            let (ql, qh) = qd.bounds();
            let compatible = f.birth_dates.iter().any(|e| {
                let (el, eh) = e.bounds();
                ql <= eh && el <= qh
            });
            if !compatible {
                best -= 0.3;
            }
        }
        if best >= threshold {
            out.push(f.id.clone());
        }
    }
    out
}
