//! Doc 9303 Part 3 §6 Table A: transliteration of multinational Latin-based characters.

use crate::LatinOption;

/// Table A, keyed by code point (ascending, so it can be binary-searched). Each row lists the options in the
/// order the table gives them; most rows have one.
const TABLE_A: &[(char, &[&str])] = &[
    ('\u{00C0}', &["A"]),
    ('\u{00C1}', &["A"]),
    ('\u{00C2}', &["A"]),
    ('\u{00C3}', &["A"]),
    ('\u{00C4}', &["AE", "A"]),
    ('\u{00C5}', &["AA", "A"]),
    ('\u{00C6}', &["AE"]),
    ('\u{00C7}', &["C"]),
    ('\u{00C8}', &["E"]),
    ('\u{00C9}', &["E"]),
    ('\u{00CA}', &["E"]),
    ('\u{00CB}', &["E"]),
    ('\u{00CC}', &["I"]),
    ('\u{00CD}', &["I"]),
    ('\u{00CE}', &["I"]),
    ('\u{00CF}', &["I"]),
    ('\u{00D0}', &["D"]),
    ('\u{00D1}', &["N", "NXX"]),
    ('\u{00D2}', &["O"]),
    ('\u{00D3}', &["O"]),
    ('\u{00D4}', &["O"]),
    ('\u{00D5}', &["O"]),
    ('\u{00D6}', &["OE", "O"]),
    ('\u{00D8}', &["OE"]),
    ('\u{00D9}', &["U"]),
    ('\u{00DA}', &["U"]),
    ('\u{00DB}', &["U"]),
    ('\u{00DC}', &["UE", "UXX", "U"]),
    ('\u{00DD}', &["Y"]),
    ('\u{00DE}', &["TH"]),
    // Lower-case sharp s has no single upper-case character; it is the same letter as U+1E9E.
    ('\u{00DF}', &["SS"]),
    ('\u{0100}', &["A"]),
    ('\u{0102}', &["A"]),
    ('\u{0104}', &["A"]),
    ('\u{0106}', &["C"]),
    ('\u{0108}', &["C"]),
    ('\u{010A}', &["C"]),
    ('\u{010C}', &["C"]),
    ('\u{010E}', &["D"]),
    ('\u{0110}', &["D"]),
    ('\u{0112}', &["E"]),
    ('\u{0114}', &["E"]),
    ('\u{0116}', &["E"]),
    ('\u{0118}', &["E"]),
    ('\u{011A}', &["E"]),
    ('\u{011C}', &["G"]),
    ('\u{011E}', &["G"]),
    ('\u{0120}', &["G"]),
    ('\u{0122}', &["G"]),
    ('\u{0124}', &["H"]),
    ('\u{0126}', &["H"]),
    ('\u{0128}', &["I"]),
    ('\u{012A}', &["I"]),
    ('\u{012C}', &["I"]),
    ('\u{012E}', &["I"]),
    ('\u{0130}', &["I"]),
    ('\u{0131}', &["I"]),
    ('\u{0132}', &["IJ"]),
    ('\u{0134}', &["J"]),
    ('\u{0136}', &["K"]),
    ('\u{0139}', &["L"]),
    ('\u{013B}', &["L"]),
    ('\u{013D}', &["L"]),
    ('\u{013F}', &["L"]),
    ('\u{0141}', &["L"]),
    ('\u{0143}', &["N"]),
    ('\u{0145}', &["N"]),
    ('\u{0147}', &["N"]),
    ('\u{014A}', &["N"]),
    ('\u{014C}', &["O"]),
    ('\u{014E}', &["O"]),
    ('\u{0150}', &["O"]),
    ('\u{0152}', &["OE"]),
    ('\u{0154}', &["R"]),
    ('\u{0156}', &["R"]),
    ('\u{0158}', &["R"]),
    ('\u{015A}', &["S"]),
    ('\u{015C}', &["S"]),
    ('\u{015E}', &["S"]),
    ('\u{0160}', &["S"]),
    ('\u{0162}', &["T"]),
    ('\u{0164}', &["T"]),
    ('\u{0166}', &["T"]),
    ('\u{0168}', &["U"]),
    ('\u{016A}', &["U"]),
    ('\u{016C}', &["U"]),
    ('\u{016E}', &["U"]),
    ('\u{0170}', &["U"]),
    ('\u{0172}', &["U"]),
    ('\u{0174}', &["W"]),
    ('\u{0176}', &["Y"]),
    ('\u{0178}', &["Y"]),
    ('\u{0179}', &["Z"]),
    ('\u{017B}', &["Z"]),
    ('\u{017D}', &["Z"]),
    ('\u{1E9E}', &["SS"]),
];

/// The transliteration of an upper-case Table A character under `option`, or `None` if it is not listed.
pub(crate) fn lookup(c: char, option: LatinOption) -> Option<&'static str> {
    let idx = TABLE_A.binary_search_by_key(&c, |&(k, _)| k).ok()?;
    let (_, options) = TABLE_A.get(idx)?;
    pick(options, option)
}

fn pick(options: &'static [&'static str], option: LatinOption) -> Option<&'static str> {
    let marked = || options.iter().copied().find(|o| o.contains("XX"));
    let long = || options.iter().copied().find(|o| o.len() > 1 && !o.contains("XX")).or_else(marked);
    match option {
        LatinOption::Preferred => options.first().copied(),
        LatinOption::Short => options.iter().copied().min_by_key(|o| o.len()),
        LatinOption::Long => long().or_else(|| options.first().copied()),
        LatinOption::Marked => marked().or_else(long).or_else(|| options.first().copied()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_upper_case_ascii() {
        for pair in TABLE_A.windows(2) {
            if let [(a, _), (b, _)] = pair {
                assert!(a < b, "{a:?} before {b:?}");
            }
        }
        for (c, options) in TABLE_A {
            assert!(!options.is_empty(), "{c:?}");
            for o in *options {
                assert!(o.bytes().all(|b| b.is_ascii_uppercase()), "{c:?} → {o}");
            }
        }
        // The 95 rows of the table plus the lower-case ß.
        assert_eq!(TABLE_A.len(), 96);
    }
}
