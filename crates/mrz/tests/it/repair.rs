//! Lenient mode: unique OCR fixes, all reported; strict mode changes nothing.

use mrz::{Field, Reason};

use crate::{lenient, read};

const TD3_1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const TD3_2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

/// (case, lines, expected corrections as (field, line, position, from, to, reason))
type Case = (&'static str, [&'static str; 2], &'static [(Field, u8, u8, char, char, Reason)]);

const CASES: &[Case] = &[
    (
        "letter O in the birth date",
        [TD3_1, "L898902C36UTO74O8122F1204159ZE184226B<<<<<10"],
        &[(Field::BirthDate, 2, 16, 'O', '0', Reason::CharacterClass)],
    ),
    ("S in the expiry check digit", [TD3_1, "L898902C36UTO7408122F120415SZE184226B<<<<<10"], &[]),
    (
        "digit in the name",
        ["P<UTOER1KSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2],
        &[(Field::Name, 1, 8, '1', 'I', Reason::CharacterClass)],
    ),
    (
        "digit in the issuer",
        ["P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2],
        &[(Field::IssuingState, 1, 5, '0', 'O', Reason::CharacterClass)],
    ),
    (
        "O for 0 in the document number",
        [TD3_1, "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"],
        &[(Field::DocumentNumber, 2, 6, 'O', '0', Reason::CheckDigits)],
    ),
    (
        "upper case",
        ["P<UTOERIKSSON<<ANNA<MARIa<<<<<<<<<<<<<<<<<<<", TD3_2],
        &[(Field::Name, 1, 25, 'a', 'A', Reason::UpperCase)],
    ),
];

#[test]
fn lenient_fixes() {
    for (case, lines, expected) in CASES {
        let r = mrz::parse(lines, &lenient());
        let got: Vec<_> = r
            .corrections
            .iter()
            .map(|c| {
                (
                    c.field,
                    c.line,
                    c.position,
                    c.from.chars().next().unwrap(),
                    c.to.chars().next().unwrap(),
                    c.reason,
                )
            })
            .collect();
        if expected.is_empty() {
            // 'S' in a check-digit position would read as 5, which is not the check digit (9): the fix is
            // not confirmed, so it is not made, and the zone stays invalid.
            assert!(!r.valid && got.is_empty(), "{case}: {got:?}");
            assert_eq!(r.lines[1], lines[1], "{case}");
            continue;
        }
        assert_eq!(got, *expected, "{case}");
        assert!(r.valid, "{case}: {:?}", r.errors);
        assert_eq!(r.lines, [TD3_1, TD3_2], "{case}");
        // Strict mode reads the same text as invalid and changes nothing.
        let s = read(lines);
        assert!(!s.valid && s.corrections.is_empty(), "{case}");
        assert_eq!(s.lines, lines.map(str::to_owned), "{case}");
    }
}

#[test]
fn ambiguous_fix_is_not_made() {
    // B for 8 in the personal number: swapping Z→2 at position 29 satisfies the personal-number check and
    // the composite just as well (in TD3 both weigh positions 29–42 alike), so neither is made.
    let r = mrz::parse(&[TD3_1, "L898902C36UTO7408122F1204159ZE1B4226B<<<<<10"], &lenient());
    assert!(r.corrections.is_empty());
    assert!(!r.valid);
    // Two confusions in one number: no single swap satisfies the checks, so nothing is guessed.
    let r = mrz::parse(&[TD3_1, "L8989O2CS6UTO7408122F1204159ZE184226B<<<<<10"], &lenient());
    assert!(r.corrections.iter().all(|c| c.field != Field::DocumentNumber));
    assert!(!r.valid);
}
