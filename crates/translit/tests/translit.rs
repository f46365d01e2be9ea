//! Data-driven check of every row of Doc 9303 Part 3 §6 Tables A, B and C (`tests/data/part3_section6.tsv`),
//! in upper and lower case, for every language and position the row distinguishes.

use translit::{Language, LatinOption, icao, icao_with};

const TABLE: &str = include_str!("data/part3_section6.tsv");

fn latin_option(name: &str) -> Option<LatinOption> {
    Some(match name {
        "preferred" => LatinOption::Preferred,
        "short" => LatinOption::Short,
        "long" => LatinOption::Long,
        "marked" => LatinOption::Marked,
        _ => return None,
    })
}

#[test]
fn every_table_row() {
    let mut checked = 0;
    for (n, line) in TABLE.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [table, cp, variant, position, expected] = cols[..] else { panic!("line {}: {line:?}", n + 1) };
        let c = char::from_u32(u32::from_str_radix(cp, 16).unwrap()).unwrap();
        let lower: String = c.to_lowercase().collect();
        let cases: Vec<(String, String)> = match (table, position) {
            ("latin", _) | ("arabic", "any" | "last") | ("cyrillic", "first") => {
                vec![(c.to_string(), expected.to_owned()), (lower.clone(), expected.to_owned())]
            }
            ("cyrillic", "inner") => {
                vec![(format!("А{c}"), format!("A{expected}")), (format!("а{lower}"), format!("A{expected}"))]
            }
            ("arabic", "inner") => vec![(format!("{c}ب"), format!("{expected}B"))],
            _ => panic!("line {}: unknown table/position {table}/{position}", n + 1),
        };
        for (input, want) in cases {
            let got = match table {
                "latin" => icao_with(&input, Language::Default, latin_option(variant).unwrap()),
                _ => icao(&input, variant.parse::<Language>().unwrap()),
            };
            assert_eq!(got.text, want, "line {}: {input:?} ({variant}, {position})", n + 1);
            assert!(got.unmapped.is_empty(), "line {}: {input:?} left {:?}", n + 1, got.unmapped);
            checked += 1;
        }
    }
    // 95 Latin rows × 4 options, 53 Cyrillic rows × 7 languages × 2 positions, 104 Arabic rows, each in two
    // cases where the script has case.
    assert!(checked > 2000, "only {checked} expectations checked");
}

#[test]
fn worked_examples() {
    let cases: &[(&str, Language, LatinOption, &str)] = &[
        // Part 3 App. B.4.1.
        ("CAÑON Térèsa", Language::Default, LatinOption::Long, "CANXXON TERESA"),
        ("CAÑON Térèsa", Language::Default, LatinOption::Marked, "CANXXON TERESA"),
        // standards.md §1.4 test pairs.
        ("Шевченко Євген", Language::Ukrainian, LatinOption::Preferred, "SHEVCHENKO YEVHEN"),
        ("Щербаков Юрий", Language::Russian, LatinOption::Preferred, "SHCHERBAKOV IURII"),
        ("Гончаренко", Language::Ukrainian, LatinOption::Preferred, "HONCHARENKO"),
        // Part 3 App. B.5.7.
        (
            "ابو بكر محمد بن زكريا الرازي",
            Language::Default,
            LatinOption::Preferred,
            "ABW BKR MXHMD BN ZKRYA ALRAZY",
        ),
        // Table A choices.
        ("Müller", Language::Default, LatinOption::Preferred, "MUELLER"),
        ("Müller", Language::Default, LatinOption::Short, "MULLER"),
        ("Müller", Language::Default, LatinOption::Marked, "MUXXLLER"),
        ("Peña", Language::Default, LatinOption::Preferred, "PENA"),
        ("D'Artagnan Marie-Élise", Language::Default, LatinOption::Preferred, "D'ARTAGNAN MARIE-ELISE"),
    ];
    for (text, lang, opt, want) in cases {
        assert_eq!(icao_with(text, *lang, *opt).text, *want, "{text}");
    }
}
