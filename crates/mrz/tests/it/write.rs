//! The writer: specimens reproduced exactly, transliteration, truncation, long numbers, errors.

use jiff::civil::date;
use mrz::{BirthDate, DocumentFields, Format, Language, Sex, WriteError, to_mrz};

use crate::read;

fn anna(format: Format, code: &str, number: &str, optional: &str) -> DocumentFields {
    DocumentFields {
        format,
        document_code: code.into(),
        issuing_state: "UTO".into(),
        primary_identifier: "ERIKSSON".into(),
        secondary_identifier: "ANNA MARIA".into(),
        document_number: number.into(),
        nationality: "UTO".into(),
        birth_date: BirthDate::Known(date(1974, 8, 12)),
        sex: Sex::Female,
        expiry_date: date(2012, 4, 15),
        optional_data: optional.into(),
        optional_data_2: String::new(),
    }
}

#[test]
fn specimens_are_reproduced_exactly() {
    let mut mrv_a = anna(Format::MrvA, "V", "L898902C", "ZE184226B");
    mrv_a.birth_date = "1969-08-06".parse().unwrap();
    mrv_a.expiry_date = date(1994, 6, 23);
    let mut mrv_b = mrv_a.clone();
    mrv_b.format = Format::MrvB;
    mrv_b.optional_data = "ZE184226".into();
    let mut etd = anna(Format::Td2, "PU", "D23145890", "");
    etd.expiry_date = date(2026, 6, 27);
    let cases: Vec<(DocumentFields, Vec<&str>)> = vec![
        (
            anna(Format::Td3, "P", "L898902C3", "ZE184226B"),
            vec![
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
            ],
        ),
        (
            anna(Format::Td2, "I", "D23145890", ""),
            vec!["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"],
        ),
        (
            anna(Format::Td1, "I", "D23145890", ""),
            vec![
                "I<UTOD231458907<<<<<<<<<<<<<<<",
                "7408122F1204159UTO<<<<<<<<<<<6",
                "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
            ],
        ),
        (
            mrv_a,
            vec![
                "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C<3UTO6908061F9406236ZE184226B<<<<<<<",
            ],
        ),
        (mrv_b, vec!["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L898902C<3UTO6908061F9406236ZE184226"]),
        (etd, vec!["PUUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F2606277<<<<<<<8"]),
        (
            anna(Format::Td2, "I", "D23145890XYZ", ""),
            vec!["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D23145890<UTO7408122F1204159XYZ5<<<0"],
        ),
    ];
    for (fields, want) in cases {
        let lines = to_mrz(&fields, Language::Default).unwrap();
        assert_eq!(lines, want, "{:?}", fields.format);
        let r = read(&lines.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(r.valid, "{:?}: {:?}", fields.format, r.errors);
    }
}

#[test]
fn td1_long_numbers_of_10_to_13_characters() {
    for number in ["1234567890", "12345678901", "123456789012", "A234567890123"] {
        for format in [Format::Td1, Format::Td2, Format::Td3] {
            let code = if format == Format::Td3 { "P" } else { "ID" };
            let fields = anna(format, code, number, "");
            let lines = to_mrz(&fields, Language::Default).unwrap();
            let r = read(&lines.iter().map(String::as_str).collect::<Vec<_>>());
            assert!(r.valid, "{number} {format}: {:?}", r.errors);
            assert!(r.long_document_number);
            assert_eq!(r.document_number.as_deref(), Some(number), "{format}");
        }
    }
    // The derived vector of standards.md §1.2 is what the writer produces.
    let mut f = anna(Format::Td1, "ID", "1234567890", "");
    f.primary_identifier = "SPECIMEN".into();
    f.secondary_identifier = "JANE".into();
    f.birth_date = "1986-01-01".parse().unwrap();
    f.sex = Sex::Male;
    f.expiry_date = date(2030, 1, 1);
    let lines = to_mrz(&f, Language::Default).unwrap();
    assert_eq!(lines[0], "IDUTO123456789<07<<<<<<<<<<<<<");
    assert_eq!(lines[1], "8601012M3001019UTO<<<<<<<<<<<6");
}

#[test]
fn transliterated_names() {
    let cases: &[(&str, &str, Language, &str)] = &[
        ("Шевченко", "Євген", Language::Ukrainian, "SHEVCHENKO<<YEVHEN"),
        ("Щербаков", "Юрий", Language::Russian, "SHCHERBAKOV<<IURII"),
        ("Müller-Lüdenscheidt", "Jürgen", Language::Default, "MUELLER<LUEDENSCHEIDT<<JUERGEN"),
        ("O'Brien", "Seán", Language::Default, "OBRIEN<<SEAN"),
        ("الرازي", "محمد", Language::Default, "ALRAZY<<MXHMD"),
    ];
    for (p, s, lang, want) in cases {
        let mut f = anna(Format::Td3, "P", "L898902C3", "");
        f.primary_identifier = (*p).into();
        f.secondary_identifier = (*s).into();
        let lines = to_mrz(&f, *lang).unwrap();
        assert!(lines[0][5..].starts_with(want), "{p} {s}: {}", lines[0]);
        let r = read(&lines.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(r.valid);
    }
}

#[test]
fn long_names_are_truncated_and_flagged() {
    let mut f = anna(Format::Td3, "P", "L898902C3", "");
    f.primary_identifier = "Nilavadhanananda".into();
    f.secondary_identifier = "Chayapa Dejthamrong Krasuang".into();
    let lines = to_mrz(&f, Language::Default).unwrap();
    assert_eq!(lines[0], "P<UTONILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K");
    let r = read(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(r.possibly_truncated);
    f.format = Format::Td1;
    f.document_code = "I".into();
    let lines = to_mrz(&f, Language::Default).unwrap();
    assert_eq!(lines[2], "NILAVADHANANANDA<<CHAYAPA<DEJT");
    // A cut right after a filler gives up the letter before it: "…BBBB<" becomes "…BBB<C".
    f.primary_identifier = "Aaaa".into();
    f.secondary_identifier = format!("{} Cccc", "B".repeat(23));
    let lines = to_mrz(&f, Language::Default).unwrap();
    assert_eq!(lines[2], format!("AAAA<<{}<C", "B".repeat(22)));
}

#[test]
fn write_errors() {
    let base = || anna(Format::Td3, "P", "L898902C3", "");
    type Expect = fn(&WriteError) -> bool;
    let mut cases: Vec<(DocumentFields, Expect)> = Vec::new();
    let mut f = base();
    f.document_code = "I".into();
    cases.push((f, |e| matches!(e, WriteError::DocumentCode { .. })));
    let mut f = base();
    f.issuing_state = "YTO".into();
    cases.push((f, |e| matches!(e, WriteError::Country { .. })));
    let mut f = base();
    f.format = Format::MrvA;
    f.document_code = "V".into();
    f.document_number = "1234567890".into();
    cases.push((f, |e| matches!(e, WriteError::DocumentNumber { .. })));
    let mut f = base();
    f.optional_data = "123456789012345".into();
    cases.push((f, |e| matches!(e, WriteError::OptionalData { .. })));
    let mut f = base();
    f.primary_identifier = "Smith 3rd".into();
    cases.push((f, |e| matches!(e, WriteError::Name { .. })));
    let mut f = base();
    f.primary_identifier = "王".into();
    cases.push((f, |e| matches!(e, WriteError::Name { .. })));
    let mut f = base();
    f.format = Format::CnPermit;
    cases.push((f, |e| matches!(e, WriteError::Unsupported { .. })));
    for (fields, ok) in cases {
        let e = to_mrz(&fields, Language::Default).unwrap_err();
        assert!(ok(&e), "{e}");
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn fields_deserialise_from_json() {
    let json = r#"{"format":"TD3","document_code":"P","issuing_state":"UTO","primary_identifier":"ERIKSSON",
        "secondary_identifier":"ANNA MARIA","document_number":"L898902C3","nationality":"UTO",
        "birth_date":"1974-08-12","sex":"F","expiry_date":"2012-04-15","optional_data":"ZE184226B"}"#;
    let f: DocumentFields = serde_json::from_str(json).unwrap();
    assert_eq!(f.birth_date, BirthDate::Known(date(1974, 8, 12)));
    assert_eq!(to_mrz(&f, Language::Default).unwrap()[1], "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    assert_eq!("MRV-B".parse::<Format>().unwrap(), Format::MrvB);
}
