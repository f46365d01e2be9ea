//! The Doc 9303 Part 3 §4.9 check digit: modulus 10 with repeating weights 7, 3, 1.

/// The value of one MRZ character for check-digit purposes: `0`–`9` → 0–9, `A`–`Z` → 10–35, `<` → 0.
/// Any other byte has no value.
#[inline]
pub fn char_value(byte: u8) -> Option<u32> {
    match byte {
        b'0'..=b'9' => Some(u32::from(byte - b'0')),
        b'A'..=b'Z' => Some(u32::from(byte - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The weighted sum of `data` (weights 7, 3, 1 from the left), or `None` if a byte is outside the MRZ set.
///
/// ```
/// assert_eq!(mrz::check_sum(b"520727"), Some(103)); // Doc 9303 Part 3 App. A, Example 1
/// ```
pub fn check_sum(data: &[u8]) -> Option<u32> {
    let mut sum = 0;
    for (i, &b) in data.iter().enumerate() {
        sum += char_value(b)? * weight(i);
    }
    Some(sum)
}

/// The weight of the `i`-th character: 7, 3, 1, repeating.
#[inline]
fn weight(i: usize) -> u32 {
    match i % 3 {
        0 => 7,
        1 => 3,
        _ => 1,
    }
}

/// The check digit (`0`–`9`) of a field, or `None` if the text has a character outside `A`–`Z`, `0`–`9`, `<`.
///
/// ```
/// assert_eq!(mrz::check_digit("520727"), Some(3));
/// assert_eq!(mrz::check_digit("AB2134<<<"), Some(5));
/// assert_eq!(mrz::check_digit("ab"), None);
/// ```
pub fn check_digit(text: &str) -> Option<u8> {
    check_digit_bytes(text.as_bytes())
}

/// [`check_digit`] over bytes.
pub fn check_digit_bytes(data: &[u8]) -> Option<u8> {
    // The sum is taken modulo 10, so it fits a u8.
    check_sum(data).map(|s| (s % 10) as u8)
}

/// Check-digit values by byte, with 0 for bytes outside the MRZ set (reported separately as character
/// errors).
static VALUES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        // Const evaluation: an out-of-range index would be a compile error, never a run-time panic.
        #[allow(clippy::indexing_slicing)]
        {
            t[b] = match c {
                b'0'..=b'9' => c - b'0',
                b'A'..=b'Z' => c - b'A' + 10,
                _ => 0,
            };
        }
        b += 1;
    }
    t
};

/// The check digit over several disjoint pieces, weighted as if they were one string (the composite check
/// digit). Unknown bytes count as zero here: the caller reports them as character errors separately.
#[inline]
pub(crate) fn digit_over<'a>(pieces: impl IntoIterator<Item = &'a [u8]>) -> u8 {
    // One accumulator per weight; the phase carries across pieces. Whole groups of three go through
    // `chunks_exact`, which keeps the hot loop free of per-byte branches.
    let value = |b: u8| u32::from(VALUES.get(usize::from(b)).copied().unwrap_or(0));
    let mut acc = [0u32; 3];
    let mut phase = 0usize;
    for piece in pieces {
        let lead = (3 - phase) % 3;
        let (head, rest) = piece.split_at(lead.min(piece.len()));
        for &b in head {
            if let Some(a) = acc.get_mut(phase) {
                *a += value(b);
            }
            phase = (phase + 1) % 3;
        }
        let chunks = rest.chunks_exact(3);
        let tail = chunks.remainder();
        for c in chunks {
            if let [x, y, z] = c {
                acc[0] += value(*x);
                acc[1] += value(*y);
                acc[2] += value(*z);
            }
        }
        for &b in tail {
            if let Some(a) = acc.get_mut(phase) {
                *a += value(b);
            }
            phase = (phase + 1) % 3;
        }
    }
    let [a7, a3, a1] = acc;
    ((7 * a7 + 3 * a3 + a1) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part3_appendix_a() {
        // (input, weighted sum, check digit) from Doc 9303 Part 3 Appendix A.
        let cases: &[(&str, u32, u8)] = &[
            ("520727", 103, 3),
            ("AB2134<<<", 125, 5),
            ("HA672242<658022549601086<<<<<<<<<<<<<<0", 448, 8),
            ("D231458907<<<<<<<<<<<<<<<34071279507122<<<<<<<<<<<", 392, 2),
            ("HA672242<658022549601086<<<<<<<", 448, 8),
        ];
        for (input, sum, digit) in cases {
            assert_eq!(check_sum(input.as_bytes()), Some(*sum), "{input}");
            assert_eq!(check_digit(input), Some(*digit), "{input}");
        }
    }

    #[test]
    fn pieces_weigh_like_one_string() {
        let text = b"HA672242<658022549601086<<<<<<<<<<<<<<0D231458907<<<ZZ9";
        for a in 0..text.len() {
            for b in a..text.len() {
                let (x, rest) = text.split_at(a);
                let (y, z) = rest.split_at(b - a);
                assert_eq!(digit_over([x, y, z]), check_digit_bytes(text).unwrap(), "{a} {b}");
            }
        }
    }

    #[test]
    fn values() {
        assert_eq!(char_value(b'<'), Some(0));
        assert_eq!(char_value(b'A'), Some(10));
        assert_eq!(char_value(b'Z'), Some(35));
        assert_eq!(char_value(b'9'), Some(9));
        assert_eq!(char_value(b'a'), None);
        assert_eq!(digit_over([&b"HA672242<6"[..], b"5802254", b"9601086<<<<<<<<<<<<<<0"]), 8);
    }
}
