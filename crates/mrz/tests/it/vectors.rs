//! Every vector of `tests/data/mrz_vectors.json` (copied from `shared/vectors`) and every specimen of
//! `reference/standards.md` §1.5, with field-level expectations.

use mrz::Format;

use crate::read;

const VECTORS: &str = include_str!("../data/mrz_vectors.json");

/// Expected fields: (id, format, number, nationality, birth, sex, expiry, primary, secondary, optional,
/// possibly truncated, valid).
type Row = (
    &'static str,
    Format,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    bool,
);

const EXPECTED: &[Row] = &[
    (
        "icao-td3-specimen",
        Format::Td3,
        "L898902C3",
        "UTO",
        Some("1974-08-12"),
        "F",
        "2012-04-15",
        "ERIKSSON",
        "ANNA MARIA",
        "ZE184226B",
        false,
        true,
    ),
    (
        "icao-td2-specimen",
        Format::Td2,
        "D23145890",
        "UTO",
        Some("1974-08-12"),
        "F",
        "2012-04-15",
        "ERIKSSON",
        "ANNA MARIA",
        "",
        false,
        true,
    ),
    (
        "icao-td1-specimen",
        Format::Td1,
        "D23145890",
        "UTO",
        Some("1974-08-12"),
        "F",
        "2012-04-15",
        "ERIKSSON",
        "ANNA MARIA",
        "",
        false,
        true,
    ),
    (
        "icao-mrva-specimen-8th",
        Format::MrvA,
        "L898902C",
        "UTO",
        Some("1969-08-06"),
        "F",
        "1994-06-23",
        "ERIKSSON",
        "ANNA MARIA",
        "ZE184226B",
        false,
        true,
    ),
    (
        "icao-mrvb-specimen-8th",
        Format::MrvB,
        "L898902C",
        "UTO",
        Some("1969-08-06"),
        "F",
        "1994-06-23",
        "ERIKSSON",
        "ANNA MARIA",
        "ZE184226",
        false,
        true,
    ),
    (
        "mrva-7th-ed-variant",
        Format::MrvA,
        "L8988901C",
        "XXX",
        Some("1940-09-07"),
        "F",
        "1996-12-10",
        "ERIKSSON",
        "ANNA MARIA",
        "6ZE184226B",
        false,
        true,
    ),
    (
        "mrvb-7th-ed-variant",
        Format::MrvB,
        "L8988901C",
        "XXX",
        Some("1940-09-07"),
        "F",
        "1996-12-10",
        "ERIKSSON",
        "ANNA MARIA",
        "",
        false,
        true,
    ),
    (
        "icao-p8-etd-td2",
        Format::Td2,
        "D23145890",
        "UTO",
        Some("1974-08-12"),
        "F",
        "2026-06-27",
        "ERIKSSON",
        "ANNA MARIA",
        "",
        false,
        true,
    ),
    (
        "jmrtd-nld-pn-check-zero",
        Format::Td3,
        "XX0000000",
        "NLD",
        Some("1971-10-19"),
        "F",
        "2011-08-28",
        "MEULENDIJK",
        "LOES ALBERTINE",
        "123456782",
        false,
        true,
    ),
    (
        "jmrtd-nld-pn-check-filler-deviation",
        Format::Td3,
        "XX0000000",
        "NLD",
        Some("1971-10-19"),
        "F",
        "2011-08-28",
        "MEULENDIJK",
        "LOES ALBERTINE",
        "123456782",
        false,
        false,
    ),
    (
        "jmrtd-deu-D<<",
        Format::Td3,
        "C11T002JM",
        "D<<",
        Some("1996-08-12"),
        "F",
        "2013-10-31",
        "MUSTERMANN",
        "ERIKA",
        "",
        false,
        true,
    ),
    (
        "jmrtd-cze-specimen",
        Format::Td3,
        "99009054",
        "CZE",
        Some("1969-06-22"),
        "F",
        "2016-07-29",
        "SPECIMEN",
        "VZOR",
        "6956220612",
        false,
        true,
    ),
    (
        "jmrtd-chn-hk",
        Format::Td3,
        "K12345599",
        "CHN",
        Some("1980-08-08"),
        "F",
        "2017-02-05",
        "CHUNG",
        "KWOK SUM",
        "HK8888888",
        false,
        true,
    ),
    (
        "jmrtd-mys-no-secondary",
        Format::Td3,
        "A00112233",
        "MYS",
        Some("2009-11-26"),
        "M",
        "2020-10-15",
        "MEGAN ELLA RUTH BIN ISMAELAR EZZAHUDDIN",
        "",
        "",
        true,
        true,
    ),
    (
        "jmrtd-bel-td1",
        Format::Td1,
        "590330101",
        "BEL",
        Some("1985-02-01"),
        "F",
        "2009-01-01",
        "VAN DER VELDEN",
        "GREET HILDE",
        "85020100200",
        false,
        true,
    ),
    (
        "ind-empty-primary",
        Format::Td3,
        "K2578285",
        "IND",
        Some("1956-01-24"),
        "F",
        "2022-02-28",
        "",
        "AHMADI",
        "",
        false,
        true,
    ),
    (
        "gmrtd-de-test",
        Format::Td3,
        "D12345678",
        "UTO",
        Some("1965-08-09"),
        "M",
        "2035-05-20",
        "DOE",
        "JOHN",
        "",
        false,
        true,
    ),
    (
        "derived-unknown-dob",
        Format::Td3,
        "L898902C3",
        "UTO",
        None,
        "F",
        "2012-04-15",
        "ERIKSSON",
        "ANNA MARIA",
        "ZE184226B",
        false,
        true,
    ),
    (
        "derived-td1-long-docnum-10",
        Format::Td1,
        "1234567890",
        "UTO",
        Some("1986-01-01"),
        "M",
        "2030-01-01",
        "SPECIMEN",
        "JANE",
        "",
        false,
        true,
    ),
    (
        "derived-td2-long-docnum",
        Format::Td2,
        "D23145890XYZ",
        "UTO",
        Some("1974-08-12"),
        "F",
        "2012-04-15",
        "ERIKSSON",
        "ANNA MARIA",
        "",
        false,
        true,
    ),
];

#[test]
fn every_vector_of_the_shared_file() {
    let vectors: serde_json::Value = serde_json::from_str(VECTORS).unwrap();
    let mut zones = 0;
    for v in vectors.as_array().unwrap() {
        let id = v["id"].as_str().unwrap();
        let Some(lines) = v["lines"].as_array() else { continue };
        zones += 1;
        let lines: Vec<&str> = lines.iter().map(|l| l.as_str().unwrap()).collect();
        let r = read(&lines);
        assert_eq!(r.valid, v["valid"].as_bool().unwrap(), "{id}: {:?}", r.errors);
        if let Some(n) = v["document_number"].as_str() {
            assert_eq!(r.document_number.as_deref(), Some(n), "{id}");
        }
        if let Some(f) = v.get("fields") {
            assert_eq!(r.document_code.as_deref(), f["document_code"].as_str(), "{id}");
            assert_eq!(r.issuing_state.as_deref(), f["issuer"].as_str(), "{id}");
            assert_eq!(r.primary_identifier.as_deref(), f["surname"].as_str(), "{id}");
            assert_eq!(r.secondary_identifier.as_deref(), f["given_names"].as_str(), "{id}");
            assert_eq!(r.birth_date_raw.as_deref(), f["dob"].as_str(), "{id}");
            assert_eq!(r.expiry_date_raw.as_deref(), f["expiry"].as_str(), "{id}");
        }
        let row = EXPECTED.iter().find(|r| r.0 == id).unwrap_or_else(|| panic!("no expectation for {id}"));
        let (_, format, number, nat, birth, sex, expiry, primary, secondary, optional, truncated, valid) =
            *row;
        assert_eq!(r.format, Some(format), "{id}");
        assert_eq!(r.document_number.as_deref(), Some(number), "{id}");
        assert_eq!(r.nationality.as_deref(), Some(nat), "{id}");
        assert_eq!(r.birth_date.as_deref(), birth, "{id}");
        assert_eq!(r.sex.as_deref(), Some(sex), "{id}");
        assert_eq!(r.expiry_date.as_deref(), Some(expiry), "{id}");
        assert_eq!(r.primary_identifier.as_deref(), Some(primary), "{id}");
        assert_eq!(r.secondary_identifier.as_deref(), Some(secondary), "{id}");
        assert_eq!(r.optional_data.as_deref(), Some(optional), "{id}");
        assert_eq!(r.possibly_truncated, truncated, "{id}");
        assert_eq!(r.valid, valid, "{id}");
        // Every check of the format is reported, and passes on a valid zone.
        let expected_checks = match format {
            Format::Td3 => 5,
            Format::Td1 | Format::Td2 => 4,
            _ => 3,
        };
        assert_eq!(r.checks.len(), expected_checks, "{id}");
        if valid {
            assert!(r.checks.iter().all(|c| c.ok), "{id}");
        }
    }
    assert_eq!(zones, 20);
}

#[test]
fn nld_deviation_names_the_personal_number_check() {
    let r = read(&[
        "P<NLDMEULENDIJK<<LOES<ALBERTINE<<<<<<<<<<<<<",
        "XX00000000NLD7110195F1108280123456782<<<<<<2",
    ]);
    assert_eq!(r.errors.len(), 1);
    let e = &r.errors[0];
    assert_eq!((e.line, e.position, e.code), (2, 43, "check_digit"));
    assert_eq!(e.message, "optional data check digit is <, computed 0");
    assert!(r.checks.iter().find(|c| c.field == mrz::Field::Composite).unwrap().ok);
}

/// Part 3 Appendix A Examples 3–5 give only parts of a zone; the composite of a zone built around them
/// must reproduce the published digits.
#[test]
fn appendix_a_composites_inside_whole_zones() {
    let td3 = read(&[
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "HA672242<6YTO5802254M9601086<<<<<<<<<<<<<<08",
    ]);
    let td1 = read(&[
        "I<YTOD231458907<<<<<<<<<<<<<<<",
        "3407127M9507122YTO<<<<<<<<<<<2",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]);
    let td2 = read(&["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "HA672242<6YTO5802254M9601086<<<<<<<8"]);
    for (r, composite) in [(&td3, 8), (&td1, 2), (&td2, 8)] {
        assert!(r.valid, "{:?}", r.errors);
        let c = r.checks.iter().find(|c| c.field == mrz::Field::Composite).unwrap();
        assert_eq!(c.computed, composite);
        // The transcription's "YTO" is not an ICAO code: a warning, not an error.
        assert!(r.warnings.iter().any(|w| w.code == "unknown_country"));
    }
}

/// `reference/standards.md` §1.5 rows not in the vector file.
#[test]
fn standards_specimens() {
    // Legacy TD3 specimen in JMRTD: 8-character number, DOB 1969-08-06, expiry 1994-06-23.
    let r = read(&[
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C<3UTO6908061F9406236ZE184226B<<<<<14",
    ]);
    assert!(r.valid, "{:?}", r.errors);
    assert_eq!(r.document_number.as_deref(), Some("L898902C"));
    assert_eq!(r.expiry_date.as_deref(), Some("1994-06-23"));
    assert_eq!(r.optional_data.as_deref(), Some("ZE184226B"));
    // MRVs carry no composite.
    let v = read(&[
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C<3UTO6908061F9406236ZE184226B<<<<<<<",
    ]);
    assert!(v.checks.iter().all(|c| c.field != mrz::Field::Composite));
    // The ETD's document code PU in a TD2-size zone raises no document-code finding.
    let etd = read(&["PUUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F2606277<<<<<<<8"]);
    assert!(etd.warnings.iter().all(|w| w.code != "document_code"));
}

/// The ICAO truncation examples (standards.md §1.2): all end with a letter and are flagged.
#[test]
fn icao_truncation_examples_are_flagged() {
    let td3_line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    for line1 in [
        "PPUTONILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K",
        "PPUTONILAVADHANANANDA<<ARNPOL<PETCH<CHARONGU",
        "PPUTOBENNELONG<WOOLOOMOOLOO<WARRANDYTE<W<<DI",
        "PPUTOBENNELONG<WOOLOOM<WARRAND<WARNAM<<DINGO",
        "PPUTOBENNEL<WOOLOO<WARRAN<WARNAM<<DINGO<POTO",
    ] {
        let r = read(&[line1, td3_line2]);
        assert!(r.valid, "{line1}: {:?}", r.errors);
        assert!(r.possibly_truncated, "{line1}");
    }
    let td1_12 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6"];
    for line3 in [
        "NILAVADHANANANDA<<CHAYAPA<DE<K",
        "BENNELONG<WOOLOOMOOLOO<W<W<<DI",
        "BENNE<WOOLO<WARRA<WARNA<<DIN<P",
        "VILARCHAO<FERNANDEZ<<JOSE<RAMO",
    ] {
        let r = read(&[td1_12[0], td1_12[1], line3]);
        assert!(r.valid && r.possibly_truncated, "{line3}");
    }
    let td2 = read(&["I<UTOBENNEL<WOOLO<WARRA<WARNA<<DIN<P", "D231458907UTO7408122F1204159<<<<<<<6"]);
    assert!(td2.valid && td2.possibly_truncated);
    assert_eq!(td2.primary_identifier.as_deref(), Some("BENNEL WOOLO WARRA WARNA"));
    assert_eq!(td2.secondary_identifier.as_deref(), Some("DIN P"));
}

#[test]
fn china_permit_card() {
    // Synthetic card: number C12345678, expiry 2030-01-01, DOB 1990-01-01.
    let num = "C12345678";
    let cd = |s: &str| char::from(b'0' + mrz::check_digit(s).unwrap());
    let body = format!("{num}{}<300101{}<900101{}<", cd(num), cd("300101"), cd("900101"));
    let line1 = format!("CS{body}{}", cd(&body));
    let lines = [line1.as_str(), "ABCDEFGHIJKL<ZHANG<SAN<<<<<<<<", "M<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"];
    let r = read(&lines);
    assert_eq!(r.format, Some(Format::CnPermit));
    assert!(r.valid, "{:?}", r.errors);
    assert_eq!(r.document_number.as_deref(), Some("C12345678"));
    assert_eq!(r.expiry_date.as_deref(), Some("2030-01-01"));
    assert_eq!(r.birth_date.as_deref(), Some("1990-01-01"));
    assert_eq!(r.checks.len(), 4);
    let nd = r.national_data.as_ref().unwrap();
    assert_eq!(nd.line2, lines[1]);
    assert_eq!(nd.document_zh, "往来港澳通行证");
    // A changed digit is caught by the card's own check.
    let bad = line1.replacen("300101", "300102", 1);
    let r = read(&[bad.as_str(), lines[1], lines[2]]);
    assert!(!r.valid);
    assert_eq!(
        r.errors[0].message.split(',').next().unwrap().trim_end_matches(char::is_numeric),
        "expiry date check digit is "
    );
    // With national formats off, the same zone is read (and rejected) as TD1.
    let opts = crate::strict().national_formats(false);
    assert_eq!(mrz::parse(&lines, &opts).format, Some(Format::Td1));
}
