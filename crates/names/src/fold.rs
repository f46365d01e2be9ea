//! Spelling keys: the fold (erases differences between romanisation schemes) and the consonant skeleton.

/// Folds an upper-case Latin token to its spelling key. Non-letters are dropped.
///
/// The rules erase differences that romanisation schemes and typists disagree on, and are applied to both
/// sides of every comparison, so a rule can only make two spellings meet, never keep them apart:
///
/// | rule | examples |
/// |---|---|
/// | `TSCH`, `TCH` → `CH`; `SCH` → `SH` | SCHEWTSCHENKO / SHEVCHENKO |
/// | `PH` → `F`, `KH` → `H`, `GH` → `G`, `DH` → `D`, `TH` → `T`, `CK` → `K`, `TS` → `C` | KHALID / HALID, TSAO / CAO |
/// | `Q` → `K`, `W` → `V`, `Y` → `I`, `X` → `KS` | QASIM / KASIM, IVANOW / IVANOV, YURIY / IURII |
/// | `OU` → `U` (final `OU` → `O`); `AE`, `OE`, `UE` after a consonant → `A`, `O`, `U` | YOUSSEF / YUSSEF, SATOU / SATO, MUELLER / MULLER |
/// | doubled letters collapse | MOHAMMED / MOHAMED |
/// | final `H` after a vowel, final `IJ`, final `OF` → `OV` | FATIMAH / FATIMA, JURIJ / JURI, SMIRNOFF / SMIRNOV |
///
/// ```
/// assert_eq!(names::fold("MUELLER"), names::fold("MULLER"));
/// assert_eq!(names::fold("YURIY"), names::fold("IURII"));
/// assert_ne!(names::fold("YANG"), names::fold("JIANG"));
/// ```
pub fn fold(token: &str) -> String {
    let src: Vec<u8> =
        token.bytes().filter(u8::is_ascii_alphabetic).map(|b| b.to_ascii_uppercase()).collect();
    let mut out: Vec<u8> = Vec::with_capacity(src.len() + 2);
    let mut i = 0;
    while i < src.len() {
        let rest = src.get(i..).unwrap_or(&[]);
        let (emit, used): (&[u8], usize) = if rest.starts_with(b"TSCH") {
            (b"CH", 4)
        } else if rest.starts_with(b"SCH") {
            (b"SH", 3)
        } else if rest.starts_with(b"TCH") {
            (b"CH", 3)
        } else if rest.starts_with(b"PH") {
            (b"F", 2)
        } else if rest.starts_with(b"KH") {
            (b"H", 2)
        } else if rest.starts_with(b"GH") {
            (b"G", 2)
        } else if rest.starts_with(b"DH") {
            (b"D", 2)
        } else if rest.starts_with(b"TH") {
            (b"T", 2)
        } else if rest.starts_with(b"CK") {
            (b"K", 2)
        } else if rest.starts_with(b"TS") {
            (b"C", 2)
        } else if rest == b"OU" {
            // A final OU is the Japanese long O (SATOU, ITOU), written O or OH elsewhere.
            (b"O", 2)
        } else if rest.starts_with(b"OU") {
            (b"U", 2)
        } else {
            match rest.first().copied() {
                Some(b'Q') => (b"K", 1),
                Some(b'W') => (b"V", 1),
                Some(b'Y') => (b"I", 1),
                Some(b'X') => (b"KS", 1),
                Some(b'E')
                    if out.last().is_some_and(|&p| matches!(p, b'A' | b'O' | b'U'))
                        && out.len() >= 2
                        && out.get(out.len() - 2).is_some_and(|&p| !is_vowel(p)) =>
                {
                    // AE/OE/UE after a consonant: the German and Scandinavian long forms of Ä, Ö, Ü.
                    (b"", 1)
                }
                Some(_) => (rest.get(..1).unwrap_or(&[]), 1),
                None => break,
            }
        };
        for &b in emit {
            if out.last() != Some(&b) {
                out.push(b);
            }
        }
        i += used;
    }
    // Word-final rules.
    if out.len() > 2 && out.last() == Some(&b'H') && out.get(out.len() - 2).is_some_and(|&p| is_vowel(p)) {
        out.pop();
    }
    if out.len() > 3 && out.ends_with(b"IJ") {
        out.pop();
    }
    if out.len() > 3 && out.ends_with(b"OF") {
        out.pop();
        out.push(b'V');
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The consonant skeleton of a [`fold`] key: vowels dropped (an initial vowel becomes `A`), sound classes
/// merged (`F`=`V`, `K`=`G`=`Q`=hard `C`, `S`=`Z`=`SH`=`CH`=`ZH`=soft `C`, `T`=`D`), an `H` between vowels or at
/// the end dropped, repeated classes collapsed.
///
/// ```
/// use names::{fold, skeleton};
/// assert_eq!(skeleton(&fold("MOHAMMED")), skeleton(&fold("MUHAMMAD")));
/// assert_eq!(skeleton(&fold("GADDAFI")), skeleton(&fold("QADHAFI")));
/// assert_ne!(skeleton(&fold("MAHMOUD")), skeleton(&fold("MOHAMMED")));
/// ```
pub fn skeleton(folded: &str) -> String {
    let b = folded.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut last: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(0);
        let next = b.get(i + 1).copied();
        let mut used = 1;
        let code = match c {
            // `J` is a vowel-like glide in most schemes that use it for Й/Ю/Я (JURIJ, JOSEF).
            b'A' | b'E' | b'I' | b'O' | b'U' | b'J' => {
                if i == 0 {
                    Some(b'A')
                } else {
                    // A vowel separates repeated consonants: M-A-M stays two M's.
                    last = None;
                    None
                }
            }
            b'H' => {
                if i == 0 || next.is_some_and(|n| !is_vowel(n)) {
                    Some(b'H')
                } else {
                    None
                }
            }
            b'C' => match next {
                Some(b'H') => {
                    used = 2;
                    Some(b'S')
                }
                Some(b'E' | b'I') => Some(b'S'),
                _ => Some(b'K'),
            },
            b'S' | b'Z' => {
                if next == Some(b'H') {
                    used = 2;
                }
                Some(b'S')
            }
            b'K' | b'G' | b'Q' => Some(b'K'),
            b'V' | b'F' | b'W' => Some(b'F'),
            b'D' | b'T' => Some(b'T'),
            b'Y' => None,
            other if other.is_ascii_uppercase() => Some(other),
            _ => None,
        };
        if let Some(code) = code
            && last != Some(code)
        {
            out.push(char::from(code));
            last = Some(code);
        }
        i += used;
    }
    out
}

/// The one-deletion neighbourhood of a key (the key itself included), for typo-tolerant lookups: two keys
/// within one edit share a member of their neighbourhoods, and most pairs within two edits do too.
///
/// ```
/// let a = names::deletions("SMITH");
/// let b = names::deletions("SMIHT");
/// assert!(a.iter().any(|k| b.contains(k)));
/// ```
pub fn deletions(key: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(key.len() + 1);
    out.push(key.to_owned());
    if key.len() < 4 {
        return out;
    }
    for (i, _) in key.char_indices() {
        let mut s = String::with_capacity(key.len());
        s.push_str(key.get(..i).unwrap_or(""));
        s.push_str(key.get(i + 1..).unwrap_or(""));
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

pub(crate) fn is_vowel(b: u8) -> bool {
    matches!(b, b'A' | b'E' | b'I' | b'O' | b'U')
}
