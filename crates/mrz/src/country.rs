//! Constant-time "is this an ICAO code?" over the `codes` table, for the hot parse path.

use std::sync::LazyLock;

/// One bit per possible three-character code over `<` and `A`–`Z` (27³ codes).
struct KnownCodes([u64; BITMAP_WORDS]);

const CODE_SPACE: usize = 27 * 27 * 27;
const BITMAP_WORDS: usize = CODE_SPACE.div_ceil(64);

/// `<` → 0, `A`–`Z` → 1–26; `None` for anything else.
#[inline]
fn digit(b: u8) -> Option<usize> {
    if b == b'<' {
        Some(0)
    } else if b.wrapping_sub(b'A') < 26 {
        Some(usize::from(b - b'A') + 1)
    } else {
        None
    }
}

#[inline]
fn index(code: &[u8]) -> Option<usize> {
    let [a, b, c] = code else { return None };
    Some((digit(*a)? * 27 + digit(*b)?) * 27 + digit(*c)?)
}

static KNOWN: LazyLock<KnownCodes> = LazyLock::new(|| {
    let mut bits = [0u64; BITMAP_WORDS];
    for country in codes::countries() {
        if let Some(i) = index(country.code.as_str().as_bytes())
            && let Some(word) = bits.get_mut(i / 64)
        {
            *word |= 1 << (i % 64);
        }
    }
    KnownCodes(bits)
});

/// True when the three MRZ characters are a code of the ICAO table (`codes::countries()`).
#[inline]
pub(crate) fn is_known(code: &[u8]) -> bool {
    index(code).and_then(|i| KNOWN.0.get(i / 64).map(|w| w & (1 << (i % 64)) != 0)).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_agrees_with_the_table() {
        assert!(is_known(b"UTO"));
        assert!(is_known(b"D<<"));
        assert!(is_known(b"CHN"));
        assert!(!is_known(b"YTO"));
        assert!(!is_known(b"D"));
        assert!(!is_known(b"1TO"));
        for c in codes::countries() {
            assert!(is_known(c.code.as_str().as_bytes()), "{}", c.code);
        }
    }
}
