//! Integration tests of the EDIFACT syntax layer: tables of inputs and expected segments, errors and
//! findings, and property tests (round trip; arbitrary bytes never panic).

// Helpers and strategies outside `#[test]` functions unwrap too; table types are spelled out on purpose.
#![allow(clippy::unwrap_used, clippy::panic, clippy::type_complexity)]

use edifact::{
    Content, Element, ErrorKind, FieldIndex, Group, Interchange, Message, Parser, Segment, Separators,
    Tokenizer,
};
use proptest::prelude::*;

/// Tokenizes and renders each segment as `TAG|e1c1:e1c2|e2…` with repetitions joined by `*`.
fn render(input: &str) -> Vec<String> {
    Tokenizer::new(input.as_bytes())
        .unwrap()
        .map(|seg| {
            let seg = seg.unwrap();
            let mut out = seg.tag().to_owned();
            for element in seg.elements() {
                out.push('|');
                let repeats: Vec<String> = element
                    .repeats()
                    .map(|r| {
                        r.components().map(|c| c.text().unwrap().into_owned()).collect::<Vec<_>>().join(":")
                    })
                    .collect();
                out.push_str(&repeats.join("*"));
            }
            out
        })
        .collect()
}

#[test]
fn tokenizer_table() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("defaults, no UNA", "UNB+UNOA:3+S'NAD+FL+++SMITH:JOHN'", &["UNB|UNOA:3|S", "NAD|FL|||SMITH:JOHN"]),
        ("UNA with defaults", "UNA:+.? 'UNB+UNOA:4'", &["UNB|UNOA:4"]),
        ("custom UNA:*.? $", "UNA:*.? $UNB*UNOA:2*S$NAD*FL***A:B$", &["UNB|UNOA:2|S", "NAD|FL|||A:B"]),
        (
            "GTAS UNA:+.?*' (repetition only once the version is known)",
            "UNA:+.?*'UNB+UNOA:4'FTX+A*B'",
            &["UNB|UNOA:4", "FTX|A*B"],
        ),
        ("release apostrophe", "NAD+FL+++O?'BRIEN'", &["NAD|FL|||O'BRIEN"]),
        ("release plus", "NAD+FL+++SMITH:ANNE?+MARIE'", &["NAD|FL|||SMITH:ANNE+MARIE"]),
        ("release release", "FTX+AAA+++A??B'", &["FTX|AAA|||A?B"]),
        ("release colon", "FTX+AAA+++A?:B:C'", &["FTX|AAA|||A:B:C"]),
        ("released release before terminator", "FTX+A??'BGM+1'", &["FTX|A?", "BGM|1"]),
        (
            "CRLF and indentation between segments",
            "UNB+UNOA:4'\r\n    UNH+1'\n\tBGM+745'\r\n",
            &["UNB|UNOA:4", "UNH|1", "BGM|745"],
        ),
        ("BOM and leading whitespace", "\u{feff}  \nUNB+UNOA:4'", &["UNB|UNOA:4"]),
        ("stray space in the tag", "UNA:*.? $UNG *PAXLST$", &["UNG|PAXLST"]),
        ("segment without elements", "UNS'UNS+'", &["UNS", "UNS|"]),
        ("stray space inside data is kept", "DTM+232: 1306212200:201'", &["DTM|232: 1306212200:201"]),
        ("trailing empty elements are kept", "NAD+FL+++'", &["NAD|FL|||"]),
    ];
    for (name, input, expected) in cases {
        assert_eq!(render(input), *expected, "{name}");
    }
}

#[test]
fn numbers_and_offsets() {
    let text = "UNA:+.? 'UNB+UNOA:4'\r\nUNH+1'BGM+745'";
    let segs: Vec<_> = Tokenizer::new(text.as_bytes()).unwrap().map(Result::unwrap).collect();
    let got: Vec<(u32, usize, &str)> = segs.iter().map(|s| (s.number(), s.offset(), s.tag())).collect();
    assert_eq!(got, [(1, 9, "UNB"), (2, 22, "UNH"), (3, 28, "BGM")]);
}

#[test]
fn repetition_separator_in_version_4() {
    let text = b"UNB+UNOA:4+S+R+1:1+1'UNH+1+X'FTX+A*B:C+D'UNT+3+1'UNZ+1+1'";
    let parsed = edifact::parse(text).unwrap();
    let ftx = &parsed.interchange.messages()[0].segments[0];
    let repeats: Vec<Vec<String>> = ftx.elements[0].repeats().to_vec();
    assert_eq!(repeats, [vec!["A".to_owned()], vec!["B".to_owned(), "C".to_owned()]]);
    // Version 3: the asterisk is data.
    let text = b"UNB+UNOA:3+S+R+1:1+1'UNH+1+X'FTX+A*B'UNT+3+1'UNZ+1+1'";
    let parsed = edifact::parse(text).unwrap();
    assert_eq!(parsed.interchange.messages()[0].segments[0].text(1, 1), "A*B");
}

/// Runs the envelope reader to the end and returns its errors as (kind, segment, tag).
fn errors(input: &[u8]) -> Vec<(ErrorKind, u32, Option<String>)> {
    match Parser::new(input) {
        Err(e) => vec![(e.kind, e.position.segment, e.tag)],
        Ok(parser) => parser.filter_map(Result::err).map(|e| (e.kind, e.position.segment, e.tag)).collect(),
    }
}

#[test]
fn positioned_errors() {
    let unb = "UNB+UNOA:4+S+R+130620:0900+1'";
    let cases: Vec<(&str, String, Vec<(ErrorKind, u32, Option<&str>)>)> = vec![
        ("empty", String::new(), vec![(ErrorKind::Empty, 0, None)]),
        ("whitespace only", " \r\n".into(), vec![(ErrorKind::Empty, 0, None)]),
        ("no UNB", "UNH+1+PAXLST'".into(), vec![(ErrorKind::MissingInterchangeHeader, 1, Some("UNH"))]),
        ("truncated", format!("{unb}UNH+1+PAXLST'BGM+745"), vec![(ErrorKind::Unterminated, 3, None)]),
        (
            "bad tag",
            format!("{unb}UNH+1+X'N4d+FL'UNT+3+1'UNZ+1+1'"),
            vec![(ErrorKind::InvalidTag("N4d".into()), 3, None)],
        ),
        (
            // The tag ends at the first separator, even when the fourth byte is one too.
            "short tag before a separator in the fourth place",
            format!("{unb}UNH+1+X'D+M+X'UNT+3+1'UNZ+1+1'"),
            vec![(ErrorKind::InvalidTag("D".into()), 3, None)],
        ),
        (
            "segment outside a message",
            format!("{unb}BGM+745'UNZ+0+1'"),
            vec![(ErrorKind::UnexpectedSegment, 2, Some("BGM"))],
        ),
        (
            "missing UNT",
            format!("{unb}UNH+1+X'BGM+745'UNH+2+X'UNT+2+2'UNZ+2+1'"),
            vec![(ErrorKind::MissingTrailer("UNT"), 4, Some("UNH"))],
        ),
        ("missing UNZ", format!("{unb}UNH+1+X'UNT+2+1'"), vec![(ErrorKind::MissingTrailer("UNZ"), 4, None)]),
        (
            "missing UNE at UNZ",
            format!("{unb}UNG+PAXLST+S+R+1:1+7+UN+D:15B'UNH+1+X'UNT+2+1'UNZ+1+1'"),
            vec![(ErrorKind::MissingTrailer("UNE"), 5, Some("UNZ"))],
        ),
        (
            "data after UNZ",
            format!("{unb}UNH+1+X'UNT+2+1'UNZ+1+1'BGM+1'"),
            vec![(ErrorKind::DataAfterTrailer, 5, Some("BGM"))],
        ),
        (
            "groups and messages mixed",
            format!("{unb}UNG+PAXLST+S+R+1:1+7'UNH+1+X'UNT+2+1'UNE+1+7'UNH+2+X'UNT+2+2'UNZ+2+1'"),
            vec![(ErrorKind::MixedGroupsAndMessages, 6, Some("UNH"))],
        ),
        (
            "garbled UNT count",
            format!("{unb}UNH+1+X'UNT+X2+1'UNZ+1+1'"),
            vec![(
                ErrorKind::InvalidServiceElement {
                    expected: "the number of segments in the message (UNT 0074)",
                },
                3,
                Some("UNT"),
            )],
        ),
        (
            "bad UNA",
            "UNA:+.".into(),
            vec![(ErrorKind::ServiceStringAdvice(edifact::SeparatorError::Length(3)), 0, Some("UNA"))],
        ),
        (
            "UNA with a letter",
            "UNA:+.?*AUNB".into(),
            vec![(ErrorKind::ServiceStringAdvice(edifact::SeparatorError::Unusable(b'A')), 0, Some("UNA"))],
        ),
        (
            "UNB without syntax identifier",
            "UNB'".into(),
            vec![(
                ErrorKind::InvalidServiceElement {
                    expected: "a syntax identifier such as UNOA:4 (UNB S001)",
                },
                1,
                Some("UNB"),
            )],
        ),
    ];
    for (name, input, expected) in cases {
        let expected: Vec<_> = expected.into_iter().map(|(k, s, t)| (k, s, t.map(str::to_owned))).collect();
        assert_eq!(errors(input.as_bytes()), expected, "{name}");
    }
}

#[test]
fn error_display_names_the_place() {
    let err = edifact::parse(b"UNB+UNOA:4+S+R+1:1+1'UNH+1+X'UNT+X+1'UNZ+1+1'").unwrap_err();
    assert_eq!(
        err.to_string(),
        "segment 3 (UNT), element 1.1 at byte 29: expected the number of segments in the message (UNT 0074)"
    );
}

fn findings(input: &[u8]) -> Vec<(String, u32, String)> {
    let mut parser = Parser::new(input).unwrap();
    for event in parser.by_ref() {
        event.unwrap();
    }
    parser.findings().iter().map(|f| (f.kind.to_string(), f.position.segment, f.tag.clone())).collect()
}

#[test]
fn control_findings() {
    let cases: &[(&str, &str, &[(&str, u32, &str)])] = &[
        ("all correct", "UNB+UNOA:4+S+R+1:1+9'UNH+1+X'BGM+1'UNT+3+1'UNZ+1+9'", &[]),
        (
            "UNT count",
            "UNB+UNOA:4+S+R+1:1+9'UNH+1+X'BGM+1'UNT+20+1'UNZ+1+9'",
            &[("UNT says the message has 20 segments but 3 were sent (UNH to UNT inclusive)", 4, "UNT")],
        ),
        (
            "UNT reference",
            "UNB+UNOA:4+S+R+1:1+9'UNH+1+X'UNT+2+2'UNZ+1+9'",
            &[("trailer reference \"2\" differs from the header's \"1\"", 3, "UNT")],
        ),
        (
            "UNE and UNZ counts with groups",
            "UNB+UNOA:4+S+R+1:1+9'UNG+PAXLST+S+R+1:1+5+UN+D:15B'UNH+1+X'UNT+2+1'UNE+2+5'UNZ+3+9'",
            &[
                ("UNE says the group has 2 messages but 1 were sent", 5, "UNE"),
                ("UNZ says the interchange has 3 groups but 1 were sent", 6, "UNZ"),
            ],
        ),
        (
            "UNZ reference",
            "UNB+UNOA:4+S+R+1:1+9'UNH+1+X'UNT+2+1'UNZ+1+8'",
            &[("trailer reference \"8\" differs from the header's \"9\"", 4, "UNZ")],
        ),
        (
            "lower case in UNOA",
            "UNB+UNOA:4+S+R+1:1+9'UNH+1+X'NAD+FL+++Smith'UNT+3+1'UNZ+1+9'",
            &[("character 'm' is outside the UNOA repertoire", 3, "NAD")],
        ),
        ("lower case in UNOB is fine", "UNB+UNOB:4+S+R+1:1+9'UNH+1+X'NAD+FL+++Smith'UNT+3+1'UNZ+1+9'", &[]),
        (
            "CJK in UNOC",
            "UNB+UNOC:4+S+R+1:1+9'UNH+1+X'NAD+FL+++MÜLLER:李'UNT+3+1'UNZ+1+9'",
            &[("character '李' is outside the UNOC repertoire", 3, "NAD")],
        ),
        ("CJK in UNOY", "UNB+UNOY:4+S+R+1:1+9'UNH+1+X'NAD+FL+++李'UNT+3+1'UNZ+1+9'", &[]),
        ("custom separators are not repertoire errors", "UNA:*.? $UNB*UNOA:2*S*R*1:1*9$UNZ*0*9$", &[]),
    ];
    for (name, input, expected) in cases {
        let expected: Vec<_> =
            expected.iter().map(|(m, s, t)| ((*m).to_owned(), *s, (*t).to_owned())).collect();
        assert_eq!(findings(input.as_bytes()), expected, "{name}");
    }
}

#[test]
fn latin1_input_is_decoded_for_unoc() {
    let mut text = b"UNB+UNOC:4+S+R+1:1+9'UNH+1+X'NAD+FL+++M".to_vec();
    text.push(0xDC); // Ü in ISO 8859-1
    text.extend_from_slice(b"LLER'UNT+3+1'UNZ+1+9'");
    let parsed = edifact::parse(&text).unwrap();
    assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
    assert_eq!(parsed.interchange.messages()[0].segments[0].text(4, 1), "MÜLLER");
    // Declared UNOA but not UTF-8: read anyway, with a finding.
    let text: Vec<u8> = [&b"UNB+UNOA:4+S+R+1:1+9'UNH+1+X'NAD+FL+++\xFF'UNT+3+1'UNZ+1+9'"[..]].concat();
    let parsed = edifact::parse(&text).unwrap();
    let codes: Vec<_> = parsed.findings.iter().map(|f| f.kind.code()).collect();
    assert_eq!(codes, ["not-utf8", "character-repertoire"]);
}

#[test]
fn level_b_defaults_without_una() {
    let text =
        b"UNB\x1DUNOB\x1F4\x1DS\x1DR\x1C\nUNH\x1D1\x1DX\x1CFTX\x1Da'b\x1Eb\x1CUNT\x1D3\x1D1\x1CUNZ\x1D1\x1C";
    let parsed = edifact::parse(text).unwrap();
    assert_eq!(parsed.interchange.separators.terminator, 0x1C);
    let ftx = &parsed.interchange.messages()[0].segments[0];
    assert_eq!(ftx.elements[0].repeats().len(), 2);
    assert_eq!(ftx.text(1, 1), "a'b");
    let again = edifact::write(&parsed.interchange).unwrap();
    assert!(!again.starts_with("UNA"));
    assert_eq!(edifact::parse(again.as_bytes()).unwrap().interchange, parsed.interchange);
}

#[test]
fn writer_escapes_and_announces_separators() {
    let mut interchange = Interchange {
        separators: Separators::from_una(b"UNA:*.? $").unwrap(),
        header: Segment::new(
            "UNB",
            vec![
                Element::composite(["UNOA", "3"]),
                Element::simple("S"),
                Element::simple("R"),
                Element::composite(["130620", "0900"]),
                Element::simple("7"),
            ],
        ),
        content: Content::Messages(vec![Message {
            header: Segment::new(
                "UNH",
                vec![Element::simple("1"), Element::composite(["PAXLST", "D", "05B", "UN", "IATA"])],
            ),
            segments: vec![Segment::new(
                "NAD",
                vec![
                    Element::simple("FL"),
                    Element::simple(""),
                    Element::simple(""),
                    Element::composite(["O'BRIEN$*", "A:B?"]),
                ],
            )],
            trailer: Segment::new("UNT", vec![]),
        }]),
        trailer: Segment::new("UNZ", vec![]),
    };
    interchange.recount();
    let text = edifact::write(&interchange).unwrap();
    assert_eq!(
        text,
        "UNA:*.? $UNB*UNOA:3*S*R*130620:0900*7$UNH*1*PAXLST:D:05B:UN:IATA$NAD*FL***O'BRIEN?$?*:A?:B??$UNT*3*1$UNZ*1*7$"
    );
    let parsed = edifact::parse(text.as_bytes()).unwrap();
    assert!(parsed.findings.is_empty());
    assert_eq!(parsed.interchange, interchange);

    // Without a release character a service character cannot be written.
    interchange.separators.release = None;
    assert!(matches!(edifact::write(&interchange), Err(edifact::WriteError::Unescapable { .. })));
}

#[test]
fn reader_streams_messages_with_their_groups() {
    let text = b"UNB+UNOA:4+S+R+1:1+9'UNG+PAXLST+S+R+1:1+5'UNH+1+X'UNT+2+1'UNH+2+X'UNT+2+2'UNE+2+5'UNG+PAXLST+S+R+1:1+6'UNH+3+X'UNT+2+3'UNE+1+6'UNZ+2+9'";
    let reader = edifact::Reader::new(text).unwrap();
    let got: Vec<_> =
        reader.map(|m| m.unwrap()).map(|m| (m.group, m.message.reference().to_owned())).collect();
    assert_eq!(got, [(Some(0), "1".into()), (Some(0), "2".into()), (Some(1), "3".into())]);
    let parsed = edifact::parse(text).unwrap();
    let Content::Groups(groups) = &parsed.interchange.content else { panic!("groups expected") };
    assert_eq!(groups.iter().map(|g| g.messages.len()).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(edifact::write(&parsed.interchange).unwrap().as_bytes(), text);
}

// ---- property tests ----

fn value() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            8 => proptest::char::range('A', 'Z'),
            2 => proptest::char::range('0', '9'),
            2 => Just(' '),
            1 => prop::sample::select(vec!['\'', '+', ':', '?', '*', '$', '.', 'é', '中', '\n']),
        ],
        0..8,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn element(repeatable: bool) -> impl Strategy<Value = Element> {
    let repeats = if repeatable { 1..3usize } else { 1..2usize };
    proptest::collection::vec(proptest::collection::vec(value(), 1..4), repeats).prop_map(Element::repeated)
}

fn tag() -> impl Strategy<Value = String> {
    "[A-Z][A-Z0-9]{2}".prop_filter("not a service tag", |t| !t.starts_with("UN"))
}

fn segment(repeatable: bool) -> impl Strategy<Value = Segment> {
    (tag(), proptest::collection::vec(element(repeatable), 0..5)).prop_map(|(t, e)| Segment::new(t, e))
}

fn message(repeatable: bool) -> impl Strategy<Value = Message> {
    ("[0-9]{1,4}", proptest::collection::vec(segment(repeatable), 0..5)).prop_map(|(reference, segments)| {
        let mut m = Message {
            header: Segment::new(
                "UNH",
                vec![Element::simple(reference), Element::composite(["PAXLST", "D", "15B"])],
            ),
            segments,
            trailer: Segment::new("UNT", vec![]),
        };
        m.recount();
        m
    })
}

fn separators() -> impl Strategy<Value = Separators> {
    prop::sample::select(vec![
        Separators::LEVEL_A,
        Separators::LEVEL_A_V4,
        Separators::from_una(b"UNA:*.? $").unwrap(),
        Separators::from_una(b"UNA:+.?*'").unwrap(),
        Separators::from_una(b"UNA|^,#~!").unwrap(),
    ])
}

fn interchange() -> impl Strategy<Value = Interchange> {
    (1u8..=4, separators(), any::<bool>()).prop_flat_map(|(version, mut seps, grouped)| {
        if version < 4 {
            seps.repetition = None;
        }
        let messages = proptest::collection::vec(message(seps.repetition.is_some()), 0..4);
        let content = if grouped {
            proptest::collection::vec(("[0-9]{1,3}", messages), 1..3)
                .prop_map(|groups| {
                    Content::Groups(
                        groups
                            .into_iter()
                            .map(|(reference, messages)| Group {
                                header: Segment::new(
                                    "UNG",
                                    vec![
                                        Element::simple("PAXLST"),
                                        Element::simple("S"),
                                        Element::simple("R"),
                                        Element::simple("1"),
                                        Element::simple(reference),
                                    ],
                                ),
                                messages,
                                trailer: Segment::new("UNE", vec![]),
                            })
                            .collect(),
                    )
                })
                .boxed()
        } else {
            messages.prop_map(Content::Messages).boxed()
        };
        (content, value()).prop_map(move |(content, sender)| {
            let mut x = Interchange {
                separators: seps,
                header: Segment::new(
                    "UNB",
                    vec![
                        Element::composite(["UNOY".to_owned(), version.to_string()]),
                        Element::simple(sender),
                        Element::simple("R"),
                        Element::simple("9"),
                    ],
                ),
                content,
                trailer: Segment::new("UNZ", vec![]),
            };
            x.recount();
            x
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn round_trip(x in interchange()) {
        let text = edifact::write(&x).unwrap();
        let parsed = edifact::parse(text.as_bytes()).unwrap();
        prop_assert!(parsed.findings.iter().all(|f| !f.kind.is_control()), "{:?}", parsed.findings);
        prop_assert_eq!(&parsed.interchange, &x);
        // And the written form is stable.
        prop_assert_eq!(edifact::write(&parsed.interchange).unwrap(), text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(tokens) = Tokenizer::new(&bytes) {
            for seg in tokens.flatten() {
                for e in seg.elements() {
                    for c in e.components() {
                        let _ = c.text();
                    }
                }
            }
        }
        if let Ok(parser) = Parser::new(&bytes) {
            for _ in parser {}
        }
        let _ = edifact::parse(&bytes);
    }

    #[test]
    fn field_index_agrees_with_the_iterators(
        una in prop::sample::select(vec!["", "UNA:+.?*'", "UNA:+. *'", "UNA:*.? $", "UNA:+.??'"]),
        segments in proptest::collection::vec("[A-Z]{3}[A-Z0-9+:?*'$ ]{0,40}", 1..4),
    ) {
        let text = format!("{una}{}", segments.join("'"));
        let Ok(tokens) = Tokenizer::new(text.as_bytes()) else { return Ok(()) };
        let mut index = FieldIndex::default();
        for seg in tokens.flatten() {
            index.index(&seg);
            prop_assert_eq!(index.elements(), seg.elements().count(), "{:?}", seg);
            for e in 0..=index.elements() + 1 {
                for c in 0..=6 {
                    let (fast, slow) = (index.get(&seg, e, c), seg.get(e, c));
                    prop_assert_eq!(fast.map(|v| v.bytes()), slow.map(|v| v.bytes()), "{:?} {} {}", seg, e, c);
                    prop_assert_eq!(fast.map(|v| v.text()), slow.map(|v| v.text()));
                }
            }
        }
    }

    #[test]
    fn edifact_shaped_noise_never_panics(parts in proptest::collection::vec(
        prop::sample::select(vec!["UNA:+.? '", "UNB+UNOA:4+S+R+1:1+1'", "UNG+P+S+R+1:1+2'", "UNH+1+X'", "UNT+2+1'",
            "UNE+1+2'", "UNZ+1+1'", "BGM+745'", "?", "'", "+", ":", "*", "\n", "NAD+FL+++A?'B'", "\u{e9}", "\x1D"]), 0..30)) {
        let text: String = parts.concat();
        if let Ok(parser) = Parser::new(text.as_bytes()) {
            for _ in parser {}
        }
        let _ = edifact::parse(text.as_bytes());
    }
}
