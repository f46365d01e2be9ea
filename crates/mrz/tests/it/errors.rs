//! What the reader says about bad zones: one table of inputs and the findings expected.

use mrz::Field;

use crate::{error_codes, read};

const TD3_1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const TD3_2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

/// (case, lines, expected error codes in order, expected warning codes that must be present)
type Case = (&'static str, &'static [&'static str], &'static [&'static str], &'static [&'static str]);

const CASES: &[Case] = &[
    ("specimen", &[TD3_1, TD3_2], &[], &["expired"]),
    (
        "birth date digit changed",
        &[TD3_1, "L898902C36UTO7408132F1204159ZE184226B<<<<<10"],
        &["check_digit", "check_digit"],
        &[],
    ),
    ("lower case", &["p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<", TD3_2], &["lower_case"; 21], &[]),
    ("illegal character", &["P<UTOERIK#SON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2], &["character"], &[]),
    ("non-ASCII character", &["P<UTOERIKßSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2], &["character"], &[]),
    ("digit in name", &["P<UTOERIK5SON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2], &["character"], &[]),
    ("short line", &[TD3_1, "L898902C36UTO7408122F1204159ZE184226B<<<<<1"], &["line_length"], &[]),
    ("one line", &["P<UTOERIKSSON"], &["line_count"], &[]),
    ("four lines", &[TD3_1, TD3_2, TD3_1, TD3_2], &["line_count"], &[]),
    (
        "no format",
        &["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<", "L898902C36UTO7408122F1204159Z"],
        &["no_format"],
        &[],
    ),
    ("no lines", &[], &["no_lines"], &[]),
    ("sex X", &[TD3_1, "L898902C36UTO7408122X1204159ZE184226B<<<<<10"], &[], &["sex_x"]),
    ("sex Q", &[TD3_1, "L898902C36UTO7408122Q1204159ZE184226B<<<<<10"], &["character"], &[]),
    ("unknown issuer", &["P<YTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2], &[], &["unknown_country"]),
    ("digit in issuer", &["P<U1OERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2], &["character"], &[]),
    ("TD3 code not P", &["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2], &["document_code"], &[]),
    (
        "TD3 code not in table",
        &["PXUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2],
        &[],
        &["document_code"],
    ),
    ("PP is in the table", &["PPUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2], &[], &[]),
    (
        "TD1 IV",
        &[
            "IVUTOD231458907<<<<<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ],
        &["document_code"],
        &[],
    ),
    (
        "TD1 AI",
        &[
            "AIUTOD231458907<<<<<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ],
        &["document_code"],
        &[],
    ),
    (
        "TD1 AC crew member certificate",
        &[
            "ACUTOD231458907<<<<<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ],
        &[],
        &["document_code"],
    ),
    (
        "TD2 AC",
        &["ACUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"],
        &["document_code"],
        &[],
    ),
    (
        "TD1 long number without continuation",
        &[
            "IDUTO123456789<<<<<<<<<<<<<<<<",
            "8601012M3001019UTO<<<<<<<<<<<0",
            "SPECIMEN<<JANE<<<<<<<<<<<<<<<<",
        ],
        &["long_number_continuation", "check_digit"],
        &[],
    ),
    (
        "short number with filler check digit",
        &[TD3_1, "L898902C<<UTO7408122F1204159ZE184226B<<<<<10"],
        &["check_digit", "check_digit"],
        &[],
    ),
    (
        "expiry not a date",
        &[TD3_1, "L898902C36UTO7408122F1213459ZE184226B<<<<<10"],
        &["check_digit", "not_a_calendar_date", "check_digit"],
        &[],
    ),
    (
        "expiry with filler",
        &[TD3_1, "L898902C36UTO7408122F1204<<9ZE184226B<<<<<10"],
        &["character", "character", "check_digit", "incomplete_date", "check_digit"],
        &[],
    ),
    (
        "empty personal number, check digit <",
        &["P<D<<DOE<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "D123456785UTO6508092M3505207<<<<<<<<<<<<<<<0"],
        &[],
        &[],
    ),
    (
        "empty personal number, check digit 0",
        &["P<D<<DOE<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "D123456785UTO6508092M3505207<<<<<<<<<<<<<<00"],
        &[],
        &[],
    ),
    (
        "whole zone on one line",
        &["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10"],
        &[],
        &[],
    ),
    (
        "surrounding white space",
        &[
            "  P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< \r",
            "\tL898902C36UTO7408122F1204159ZE184226B<<<<<10\r",
        ],
        &[],
        &[],
    ),
];

#[test]
fn findings_table() {
    for (case, lines, errors, warnings) in CASES {
        let r = read(lines);
        assert_eq!(error_codes(&r), *errors, "{case}: {:#?}", r.errors);
        for w in *warnings {
            assert!(r.warnings.iter().any(|f| f.code == *w), "{case}: no {w} in {:#?}", r.warnings);
        }
        assert_eq!(r.valid, errors.is_empty(), "{case}");
    }
}

#[test]
fn messages_and_positions() {
    // (lines, index of the error, field, line, position, message)
    type Case<'a> = (&'a [&'a str], usize, Field, u8, u8, &'a str);
    let cases: &[Case<'_>] = &[
        (
            &[TD3_1, "L898902C36UTO7408132F1204159ZE184226B<<<<<10"],
            0,
            Field::BirthDate,
            2,
            20,
            "birth date check digit is 2, computed 3",
        ),
        (
            &[TD3_1, "L898902C36UTO7408132F1204159ZE184226B<<<<<10"],
            1,
            Field::Composite,
            2,
            44,
            "composite check digit is 0, computed 7",
        ),
        (
            &[TD3_1, "L898902C37UTO7408122F1204159ZE184226B<<<<<10"],
            0,
            Field::DocumentNumber,
            2,
            10,
            "document number check digit is 7, computed 6",
        ),
        (
            &[TD3_1, "L898902C36UTO7408122F1204159ZE184226B<<<<<10<"],
            0,
            Field::Lines,
            2,
            0,
            "line has 45 characters; a TD3 line has 44",
        ),
        (
            &["P<UTOERIK#SON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2],
            0,
            Field::Name,
            1,
            10,
            "character '#' is not allowed in the name (only A-Z or <)",
        ),
        (
            &["p<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_2],
            0,
            Field::DocumentCode,
            1,
            1,
            "lower-case 'p' in the document code; an MRZ uses upper case only",
        ),
    ];
    for (lines, i, field, line, position, message) in cases {
        let r = read(lines);
        let e = &r.errors[*i];
        assert_eq!((e.field, e.line, e.position, e.message.as_str()), (*field, *line, *position, *message));
    }
}

#[test]
fn unknown_and_partial_birth_dates() {
    let r = read(&[TD3_1, "L898902C36UTO<<<<<<0F1204159ZE184226B<<<<<10"]);
    assert!(r.valid);
    assert_eq!(r.birth_date, None);
    assert_eq!(r.document().unwrap().birth_date, Some(mrz::BirthDate::Unknown));
    // 7408<< has check digit 7·7+4·3+0·1+8·7 = 117 → 7; the composite changes accordingly.
    let line2 = "L898902C36UTO7408<<7F1204159ZE184226B<<<<<1";
    let composite =
        mrz::check_digit(&format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..43])).unwrap();
    let line2 = format!("{line2}{composite}");
    let r = read(&[TD3_1, &line2]);
    assert!(r.valid, "{:?}", r.errors);
    assert_eq!(r.birth_date, None);
    let p = r.birth_date_partial.unwrap();
    assert_eq!((p.year, p.month, p.day), (Some(1974), Some(8), None));
}

#[test]
fn json_object_has_the_documented_keys() {
    let r = read(&[TD3_1, TD3_2]);
    let json = serde_json::to_value(&r).unwrap();
    for key in [
        "format",
        "document_code",
        "issuing_state",
        "document_number",
        "nationality",
        "birth_date",
        "sex",
        "expiry_date",
        "primary_identifier",
        "secondary_identifier",
        "optional_data",
        "valid",
        "checks",
        "errors",
        "warnings",
        "possibly_truncated",
        "corrections",
        "lines",
        "reference_date",
        "century_rule",
        "mode",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["format"], "TD3");
    assert_eq!(json["birth_date"], "1974-08-12");
    assert_eq!(
        json["checks"][1],
        serde_json::json!({"field": "birth_date", "ok": true, "line": 2, "position": 20, "found": "2", "computed": 2})
    );
    assert_eq!(json["warnings"][0]["field"], "expiry_date");
    assert_eq!(json["mode"], "strict");
    let bad = serde_json::to_value(read(&["P<UTO"])).unwrap();
    assert_eq!(bad["format"], serde_json::Value::Null);
    assert_eq!(bad["valid"], false);
    assert_eq!(bad["errors"][0]["field"], "lines");
}

#[test]
fn parse_text_splits_documents() {
    let text = format!(
        "{TD3_1}\r\n{TD3_2}\r\n\r\n  I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6\n\nnonsense\n"
    );
    let reports = mrz::parse_text(&text, &crate::strict());
    assert_eq!(reports.len(), 3);
    assert_eq!(reports[0].format, Some(mrz::Format::Td3));
    assert_eq!(reports[1].format, Some(mrz::Format::Td2));
    assert!(!reports[2].valid);
}
