//! The deterministic generator: synthetic listed persons of many cultures, their watchlist entries, and
//! labelled queries (listed people under many variations; unlisted travellers, many with common names).
//!
//! The variations are produced by code written for this generator (its own Cyrillic, Greek and
//! Wade-Giles romanisers, hand tables of real-world spellings in `pools`, random typing errors), not by the
//! matcher's normaliser; the one shared piece is the ICAO transliteration used to write MRZ names, because
//! that is what an MRZ writer does.

use pinyin::ToPinyin;
use screening::{Action, AlertType, BirthDate, Entry, Query, Sex};
use unicode_normalization::UnicodeNormalization;

use crate::pools::*;

/// SplitMix64: tiny, fast, good enough for a test generator, and the same on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    /// An index in `0..n`, skewed so that early indices are much commoner (Zipf-like, exponent ~1).
    pub fn skewed(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        // Inverse CDF of a continuous 1/x law on [1, n+1].
        let x = ((n as f64 + 1.0).ln() * u).exp() - 1.0;
        (x as usize).min(n - 1)
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        let i = self.below(v.len());
        &v[i]
    }
    pub fn pick_skewed<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        let i = self.skewed(v.len());
        &v[i]
    }
}

/// The cultures of the pools, with their share of the synthetic watchlist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Culture {
    Chinese,
    Korean,
    Japanese,
    Russian,
    Ukrainian,
    Arabic,
    Iberian,
    Germanic,
    Indian,
    Vietnamese,
    Turkish,
    Greek,
    Anglo,
    French,
    WestAfrican,
}

pub(crate) const CULTURES: &[(Culture, u32, &[&str])] = &[
    (Culture::Chinese, 16, &["CHN", "HKG", "SGP", "MYS"]),
    (Culture::Korean, 5, &["KOR"]),
    (Culture::Japanese, 4, &["JPN"]),
    (Culture::Russian, 9, &["RUS", "KAZ"]),
    (Culture::Ukrainian, 3, &["UKR"]),
    (Culture::Arabic, 12, &["SAU", "EGY", "IRQ", "SYR", "MAR", "DZA", "JOR"]),
    (Culture::Iberian, 8, &["ESP", "MEX", "COL", "BRA", "PRT"]),
    (Culture::Germanic, 6, &["DEU", "SWE", "NOR", "DNK", "NLD", "AUT"]),
    (Culture::Indian, 8, &["IND"]),
    (Culture::Vietnamese, 4, &["VNM"]),
    (Culture::Turkish, 4, &["TUR"]),
    (Culture::Greek, 3, &["GRC", "CYP"]),
    (Culture::Anglo, 11, &["USA", "GBR", "AUS", "CAN", "IRL"]),
    (Culture::French, 4, &["FRA", "BEL"]),
    (Culture::WestAfrican, 3, &["NGA", "GHA"]),
];

/// Role of a name part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Surname,
    Given,
    /// A middle name, patronymic or second surname: often missing on one side.
    Optional,
}

/// One name part in every form the generator knows.
#[derive(Debug, Clone)]
pub struct Part {
    pub role: Role,
    /// The part as the list writes it in Latin (diacritics kept).
    pub latin: String,
    /// Other real-world Latin spellings.
    pub variants: Vec<String>,
}

/// A synthetic person.
#[derive(Debug, Clone)]
pub struct Person {
    #[allow(dead_code)]
    pub culture: Culture,
    /// Parts in the culture's written order.
    pub parts: Vec<Part>,
    /// The whole name in its own script, when it has one.
    pub native: Option<String>,
    pub birth: (i16, i8, i8),
    pub sex: Sex,
    pub nationality: &'static str,
}

impl Person {
    pub fn latin(&self) -> String {
        self.parts.iter().map(|p| p.latin.as_str()).collect::<Vec<_>>().join(" ")
    }
}

fn pick_culture(rng: &mut Rng) -> (Culture, &'static [&'static str]) {
    let total: u32 = CULTURES.iter().map(|c| c.1).sum();
    let mut x = rng.below(total as usize) as u32;
    for (c, w, n) in CULTURES {
        if x < *w {
            return (*c, n);
        }
        x -= w;
    }
    (Culture::Anglo, &["USA"])
}

pub(crate) fn part(role: Role, latin: impl AsRef<str>, variants: &[&str]) -> Part {
    Part {
        role,
        latin: latin.as_ref().to_owned(),
        variants: variants.iter().map(|s| (*s).to_owned()).collect(),
    }
}

pub(crate) fn title_case(s: &str) -> String {
    let mut out = String::new();
    for (i, w) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut cs = w.chars();
        if let Some(f) = cs.next() {
            out.extend(f.to_uppercase());
            out.extend(cs.flat_map(char::to_lowercase));
        }
    }
    out
}

/// Generates one person.
pub fn person(rng: &mut Rng) -> Person {
    let (culture, nats) = pick_culture(rng);
    let nationality = *rng.pick(nats);
    let sex = if rng.chance(0.5) { Sex::Male } else { Sex::Female };
    let year = 1940 + rng.below(66) as i16;
    let month = 1 + rng.below(12) as i8;
    let day = 1 + rng.below(28) as i8;
    let mut native = None;
    let parts = match culture {
        Culture::Chinese => {
            let (han, py, vars) = rng.pick_skewed(CHINESE_SURNAMES);
            let chars: Vec<char> = CHINESE_GIVEN.chars().collect();
            let n = if rng.chance(0.35) { 1 } else { 2 };
            // Most given-name characters come from the common pool; the rest from the whole CJK block
            // (the long tail of a real population), when the reading data knows them.
            let given: Vec<char> = (0..n)
                .map(|_| {
                    if rng.chance(0.3) {
                        for _ in 0..8 {
                            let c = char::from_u32(0x4E00 + rng.below(0x51A5) as u32).unwrap_or('伟');
                            if c.to_pinyin().is_some() {
                                return c;
                            }
                        }
                    }
                    *rng.pick_skewed(&chars)
                })
                .collect();
            let syllables: Vec<String> =
                given.iter().map(|c| c.to_pinyin().map_or("", |p| p.plain()).to_uppercase()).collect();
            native = Some(format!("{han}{}", given.iter().collect::<String>()));
            let wg: Vec<String> = syllables.iter().map(|s| wade_giles(s)).collect();
            vec![
                part(Role::Surname, py, vars),
                Part {
                    role: Role::Given,
                    latin: syllables.concat(),
                    variants: vec![wg.join("-"), syllables.join(" ")],
                },
            ]
        }
        Culture::Korean => {
            let (han, spellings) = rng.pick_skewed(KOREAN_SURNAMES);
            let a = *rng.pick_skewed(KOREAN_SYLLABLES);
            let b = if rng.chance(0.3) { random_hangul(rng) } else { *rng.pick(KOREAN_SYLLABLES) };
            native = Some(format!("{han}{}{}", a.0, b.0));
            vec![
                part(Role::Surname, spellings[0], &spellings[1..]),
                Part {
                    role: Role::Given,
                    latin: format!("{}{}", a.1, b.1),
                    variants: vec![
                        format!("{}-{}", a.2, b.2),
                        format!("{} {}", a.1, b.1),
                        format!("{}{}", a.2, b.2),
                    ],
                },
            ]
        }
        Culture::Japanese => {
            let s = if rng.chance(0.5) {
                (*rng.pick_skewed(JAPANESE_SURNAMES)).to_owned()
            } else {
                synth(rng, JAPANESE_PREFIX, JAPANESE_SUFFIX)
            };
            let g = rng.pick_skewed(JAPANESE_GIVEN);
            vec![
                Part { role: Role::Given, latin: (*g).to_owned(), variants: japanese_variants(g) },
                Part { role: Role::Surname, latin: s.clone(), variants: japanese_variants(&s) },
            ]
        }
        Culture::Russian | Culture::Ukrainian => {
            let (given, surname, patronymic) = if culture == Culture::Russian {
                let male = sex == Sex::Male;
                let g = if male { rng.pick_skewed(RUSSIAN_MALE) } else { rng.pick_skewed(RUSSIAN_FEMALE) };
                let f = rng.pick_skewed(RUSSIAN_MALE);
                let s = if rng.chance(0.5) {
                    (*rng.pick_skewed(RUSSIAN_SURNAMES)).to_owned()
                } else {
                    format!("{}{}", rng.pick(RUSSIAN_ROOT), rng.pick(RUSSIAN_SUFFIX))
                };
                let s = if male { s } else { format!("{s}а") };
                (g.to_string(), s, Some(patronymic_of(f, male)))
            } else {
                (
                    rng.pick_skewed(UKRAINIAN_GIVEN).to_string(),
                    rng.pick_skewed(UKRAINIAN_SURNAMES).to_string(),
                    None,
                )
            };
            let mut cyr = vec![(Role::Surname, surname), (Role::Given, given)];
            if let Some(p) = patronymic
                && rng.chance(0.7)
            {
                cyr.push((Role::Optional, p));
            }
            native = Some(cyr.iter().map(|c| c.1.as_str()).collect::<Vec<_>>().join(" "));
            let lang = if culture == Culture::Ukrainian {
                translit::Language::Ukrainian
            } else {
                translit::Language::Russian
            };
            cyrillic_parts(&cyr, lang)
        }
        Culture::Arabic => {
            let g = rng.pick_skewed(ARABIC_GIVEN);
            let f = rng.pick_skewed(ARABIC_GIVEN);
            let fam = if rng.chance(0.6) { rng.pick_skewed(ARABIC_FAMILY) } else { rng.pick(ARABIC_GIVEN) };
            let with_father = rng.chance(0.6);
            let with_bin = with_father && rng.chance(0.3);
            let mut ar = vec![g.0.to_owned()];
            let mut parts = vec![part(Role::Given, g.1[0], &g.1[1..])];
            if with_father {
                if with_bin {
                    ar.push("بن".into());
                    parts.push(part(Role::Optional, "BIN", &["IBN", "BEN"]));
                }
                ar.push(f.0.to_owned());
                parts.push(part(Role::Optional, f.1[0], &f.1[1..]));
            }
            ar.push(fam.0.to_owned());
            parts.push(part(Role::Surname, fam.1[0], &fam.1[1..]));
            native = Some(ar.join(" "));
            parts
        }
        Culture::Iberian => {
            let g = rng.pick_skewed(IBERIAN_GIVEN);
            let surname = |rng: &mut Rng| -> String {
                if rng.chance(0.6) {
                    (*rng.pick_skewed(IBERIAN_SURNAMES)).to_owned()
                } else {
                    synth(rng, IBERIAN_ROOT, IBERIAN_SUFFIX)
                }
            };
            let s1 = surname(rng);
            let mut v = vec![part(Role::Given, g, &[]), part(Role::Surname, &s1, &[])];
            if rng.chance(0.6) {
                let s2 = surname(rng);
                v.push(part(Role::Optional, &s2, &[]));
            }
            v
        }
        Culture::Germanic => {
            let g = rng.pick_skewed(GERMANIC_GIVEN);
            let mut v = vec![part(Role::Given, g, &[])];
            if rng.chance(0.3) {
                v.push(part(Role::Optional, rng.pick(GERMANIC_GIVEN), &[]));
            }
            let s = if rng.chance(0.5) {
                (*rng.pick_skewed(GERMANIC_SURNAMES)).to_owned()
            } else {
                synth(rng, GERMANIC_ROOT, GERMANIC_SUFFIX)
            };
            v.push(Part { role: Role::Surname, latin: s.clone(), variants: germanic_variants(&s) });
            v
        }
        Culture::Indian => {
            let g = rng.pick_skewed(INDIAN_GIVEN);
            let s = rng.pick_skewed(INDIAN_SURNAMES);
            let mut v = vec![part(Role::Given, g.0, g.1)];
            if rng.chance(0.25) {
                let m = rng.pick(INDIAN_GIVEN);
                v.push(part(Role::Optional, m.0, m.1));
            }
            v.push(part(Role::Surname, s.0, s.1));
            v
        }
        Culture::Vietnamese => vec![
            part(Role::Surname, rng.pick_skewed(VIETNAMESE_SURNAMES), &[]),
            part(Role::Optional, rng.pick_skewed(VIETNAMESE_MIDDLE), &[]),
            part(Role::Given, rng.pick_skewed(VIETNAMESE_GIVEN), &[]),
        ],
        Culture::Turkish => {
            let mut v = vec![part(Role::Given, rng.pick_skewed(TURKISH_GIVEN), &[])];
            if rng.chance(0.2) {
                v.push(part(Role::Optional, rng.pick(TURKISH_GIVEN), &[]));
            }
            let s = if rng.chance(0.5) {
                (*rng.pick_skewed(TURKISH_SURNAMES)).to_owned()
            } else {
                synth(rng, TURKISH_PREFIX, TURKISH_SUFFIX)
            };
            v.push(part(Role::Surname, &s, &[]));
            v
        }
        Culture::Greek => {
            let g = rng.pick_skewed(GREEK_GIVEN);
            let s: String = if rng.chance(0.5) {
                (*rng.pick_skewed(GREEK_SURNAMES)).to_owned()
            } else {
                format!("{}{}", rng.pick(GREEK_STEM), rng.pick(GREEK_ENDING))
            };
            native = Some(format!("{g} {s}"));
            [(Role::Given, *g), (Role::Surname, s.as_str())]
                .iter()
                .map(|(r, w)| Part {
                    role: *r,
                    latin: greek(w, GreekScheme::Elot),
                    variants: vec![greek(w, GreekScheme::Phonetic), greek(w, GreekScheme::Classical)],
                })
                .collect()
        }
        Culture::Anglo => {
            let g = rng.pick_skewed(ANGLO_GIVEN);
            let mut v = if rng.chance(0.25) {
                // Immigrant given names: a multicultural population.
                let pool: &[&str] = match rng.below(4) {
                    0 => IBERIAN_GIVEN,
                    1 => FRENCH_GIVEN,
                    2 => GERMANIC_GIVEN,
                    _ => WEST_AFRICAN_GIVEN,
                };
                vec![part(Role::Given, rng.pick(pool), &[])]
            } else {
                vec![part(Role::Given, g.0, g.1)]
            };
            if rng.chance(0.4) {
                let m = rng.pick(ANGLO_GIVEN);
                v.push(part(Role::Optional, m.0, m.1));
            }
            let s = if rng.chance(0.5) {
                (*rng.pick_skewed(ANGLO_SURNAMES)).to_owned()
            } else {
                synth(rng, ANGLO_PREFIX, ANGLO_SUFFIX)
            };
            v.push(part(Role::Surname, &s, &[]));
            v
        }
        Culture::French => {
            vec![
                part(Role::Given, rng.pick_skewed(FRENCH_GIVEN), &[]),
                part(Role::Surname, rng.pick_skewed(FRENCH_SURNAMES), &[]),
            ]
        }
        Culture::WestAfrican => {
            let mut v = vec![part(Role::Given, rng.pick_skewed(WEST_AFRICAN_GIVEN), &[])];
            if rng.chance(0.3) {
                v.push(part(Role::Optional, rng.pick(WEST_AFRICAN_GIVEN), &[]));
            }
            let s = if rng.chance(0.5) {
                (*rng.pick_skewed(WEST_AFRICAN_SURNAMES)).to_owned()
            } else {
                synth(rng, WEST_AFRICAN_PREFIX, WEST_AFRICAN_SUFFIX)
            };
            v.push(part(Role::Surname, &s, &[]));
            v
        }
    };
    Person { culture, parts, native, birth: (year, month, day), sex, nationality }
}

fn synth(rng: &mut Rng, a: &[&str], b: &[&str]) -> String {
    let x = rng.pick(a);
    let y = rng.pick(b);
    let mut s = format!("{x}{y}");
    // Keep the case style of the pool: title case when the prefix is, upper case otherwise.
    if x.chars().next().is_some_and(char::is_uppercase) && x.chars().skip(1).any(char::is_lowercase) {
        s = title_case(&s.to_lowercase());
    }
    s
}

/// A random Hangul syllable block with this generator's own romanisation (RR-like and passport-like).
fn random_hangul(rng: &mut Rng) -> (&'static str, &'static str, &'static str) {
    const L: [&str; 14] = ["G", "N", "D", "R", "M", "B", "S", "", "J", "CH", "K", "T", "P", "H"];
    const LI: [usize; 14] = [0, 2, 3, 5, 6, 7, 9, 11, 12, 14, 15, 16, 17, 18];
    const V: [(&str, &str); 8] = [
        ("A", "A"),
        ("EO", "U"),
        ("O", "O"),
        ("U", "OO"),
        ("EU", "EU"),
        ("I", "I"),
        ("AE", "AE"),
        ("YEO", "YU"),
    ];
    const VI: [usize; 8] = [0, 4, 8, 13, 18, 20, 1, 6];
    const T: [(&str, usize); 4] = [("", 0), ("N", 4), ("NG", 21), ("L", 8)];
    let (l, v, t) = (rng.below(14), rng.below(8), rng.below(4));
    let code = 0xAC00 + ((LI[l] * 21 + VI[v]) * 28 + T[t].1) as u32;
    let block: String = char::from_u32(code).map(String::from).unwrap_or_default();
    let rr = format!("{}{}{}", L[l], V[v].0, T[t].0);
    let pp = format!("{}{}{}", if L[l] == "G" { "K" } else { L[l] }, V[v].1, T[t].0);
    (Box::leak(block.into_boxed_str()), Box::leak(rr.into_boxed_str()), Box::leak(pp.into_boxed_str()))
}

pub(crate) fn patronymic_of(father: &str, male: bool) -> String {
    let stem = father.trim_end_matches(['й', 'ь']);
    let soft = father.ends_with('й') || father.ends_with('ь');
    match (soft, male) {
        (true, true) => format!("{stem}евич"),
        (true, false) => format!("{stem}евна"),
        (false, true) => format!("{father}ович"),
        (false, false) => format!("{father}овна"),
    }
}

/// Pinyin syllable → Wade-Giles as passports of Taiwan and older documents write it (apostrophes dropped).
pub fn wade_giles(s: &str) -> String {
    let s = s.to_uppercase();
    let (init, fin) = [
        "ZH", "CH", "SH", "B", "P", "M", "F", "D", "T", "N", "L", "G", "K", "H", "J", "Q", "X", "Z", "C",
        "S", "R", "Y", "W",
    ]
    .iter()
    .find(|i| s.starts_with(**i))
    .map_or(("", s.as_str()), |i| (*i, &s[i.len()..]));
    let wi = match init {
        "ZH" | "J" => "CH",
        "CH" | "Q" => "CH",
        "X" => "HS",
        "Z" | "C" => "TS",
        "R" => "J",
        "B" => "P",
        "D" => "T",
        "G" => "K",
        other => other,
    };
    let wf = match fin {
        "IAN" => "IEN",
        "ONG" => "UNG",
        "IONG" => "IUNG",
        "E" if matches!(init, "G" | "K" | "H") => "O",
        "I" if matches!(init, "ZH" | "CH" | "SH" | "R") => "IH",
        "I" if matches!(init, "Z" | "C" | "S") => "U",
        "UI" => "UEI",
        other => other,
    };
    format!("{wi}{wf}")
}

pub(crate) fn japanese_variants(s: &str) -> Vec<String> {
    let mut v = Vec::new();
    let short = s.replace("OU", "O").replace("OO", "O").replace("UU", "U");
    if short != s {
        v.push(short);
        v.push(s.replace("OU", "OH").replace("OO", "OH"));
    }
    let kunrei = s
        .replace("SHI", "SI")
        .replace("CHI", "TI")
        .replace("TSU", "TU")
        .replace("FU", "HU")
        .replace("JI", "ZI");
    if kunrei != s {
        v.push(kunrei);
    }
    v
}

pub(crate) fn germanic_variants(s: &str) -> Vec<String> {
    let up = s.to_uppercase();
    let long = up
        .replace('Ü', "UE")
        .replace('Ö', "OE")
        .replace('Ä', "AE")
        .replace('ß', "SS")
        .replace('Å', "AA")
        .replace('Ø', "OE");
    let short = up
        .replace('Ü', "U")
        .replace('Ö', "O")
        .replace('Ä', "A")
        .replace('ß', "SS")
        .replace('Å', "A")
        .replace('Ø', "O");
    let mut v = Vec::new();
    if long != up {
        v.push(long);
        v.push(short);
    }
    v
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Popular,
    German,
    French,
}

/// A Cyrillic romaniser of the generator's own, in three real-world styles (not ICAO).
/// The parts of a Cyrillic name: ICAO transliteration for `lang` as the Latin spelling, and three
/// national schemes as variants.
pub(crate) fn cyrillic_parts(cyr: &[(Role, String)], lang: translit::Language) -> Vec<Part> {
    cyr.iter()
        .map(|(role, w)| Part {
            role: *role,
            latin: title_case(&translit::icao(w, lang).text),
            variants: vec![
                cyrillic_scheme(w, Scheme::Popular),
                cyrillic_scheme(w, Scheme::German),
                cyrillic_scheme(w, Scheme::French),
            ],
        })
        .collect()
}

pub(crate) fn cyrillic_scheme(word: &str, scheme: Scheme) -> String {
    let chars: Vec<char> = word.to_lowercase().chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev_vowel = i == 0 || chars.get(i - 1).is_some_and(|p| "аеёиоуыэюяіїєь".contains(*p));
        let next = chars.get(i + 1).copied();
        let s: &str = match (c, scheme) {
            ('а', _) => "a",
            ('б', _) => "b",
            ('в', Scheme::German) => "w",
            ('в', _) => "v",
            ('г', _) => "g",
            ('ґ', _) => "g",
            ('д', _) => "d",
            ('е', Scheme::German) if prev_vowel => "je",
            ('е', Scheme::Popular) if prev_vowel => "ye",
            ('е', _) => "e",
            ('є', _) => "ye",
            ('ё', Scheme::German) => "jo",
            ('ё', _) => "yo",
            ('ж', Scheme::German) => "sch",
            ('ж', Scheme::French) => "j",
            ('ж', _) => "zh",
            ('з', Scheme::German) => "s",
            ('з', _) => "z",
            ('и', _) if next == Some('й') && i + 2 == chars.len() => match scheme {
                Scheme::German => "i",
                _ => "i",
            },
            ('и', _) => "i",
            ('і', _) => "i",
            ('ї', _) => "yi",
            ('й', Scheme::German) => "j",
            ('й', Scheme::French) => "i",
            ('й', _) => "y",
            ('к', _) => "k",
            ('л', _) => "l",
            ('м', _) => "m",
            ('н', _) => "n",
            ('о', _) => "o",
            ('п', _) => "p",
            ('р', _) => "r",
            ('с', Scheme::German) if prev_vowel && i > 0 && next.is_some_and(|n| "аеиоуыэюя".contains(n)) => {
                "ss"
            }
            ('с', _) => "s",
            ('т', _) => "t",
            ('у', Scheme::French) => "ou",
            ('у', _) => "u",
            ('ф', _) => "f",
            ('х', Scheme::German) => "ch",
            ('х', _) => "kh",
            ('ц', Scheme::German) => "z",
            ('ц', _) => "ts",
            ('ч', Scheme::German) => "tsch",
            ('ч', Scheme::French) => "tch",
            ('ч', _) => "ch",
            ('ш', Scheme::German) => "sch",
            ('ш', Scheme::French) => "ch",
            ('ш', _) => "sh",
            ('щ', Scheme::German) => "schtsch",
            ('щ', _) => "shch",
            ('ъ', _) | ('ь', _) => "",
            ('ы', _) => "y",
            ('э', _) => "e",
            ('ю', Scheme::German) => "ju",
            ('ю', Scheme::French) => "iou",
            ('ю', _) => "yu",
            ('я', Scheme::German) => "ja",
            ('я', Scheme::French) => "ia",
            ('я', _) => "ya",
            _ => "",
        };
        out.push_str(s);
    }
    if scheme == Scheme::French && out.ends_with("ov") {
        // French practice writes the -ов ending -off.
        out.truncate(out.len() - 1);
        out.push_str("ff");
    }
    title_case(&out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum GreekScheme {
    Elot,
    Phonetic,
    Classical,
}

/// A Greek romaniser of the generator's own: ELOT-like, phonetic (Χ → H, Β → V, ΟΥ → OU, Η → I), and the
/// classical/English habit (Χ → CH, Β → B, Η → E, Υ → Y).
pub(crate) fn greek(word: &str, scheme: GreekScheme) -> String {
    let w: Vec<char> = word.to_uppercase().nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let n = w.get(i + 1).copied();
        if c == 'Ο' && n == Some('Υ') {
            out.push_str("OU");
            i += 2;
            continue;
        }
        if (c == 'Α' || c == 'Ε') && n == Some('Υ') {
            out.push(if c == 'Α' { 'A' } else { 'E' });
            out.push_str(if scheme == GreekScheme::Classical { "U" } else { "V" });
            i += 2;
            continue;
        }
        if c == 'Γ' && i == 0 && matches!(n, Some('Ι' | 'Ε')) && scheme == GreekScheme::Phonetic {
            out.push('Y');
            i += 1;
            continue;
        }
        let s = match (c, scheme) {
            ('Α', _) => "A",
            ('Β', GreekScheme::Classical) => "B",
            ('Β', _) => "V",
            ('Γ', _) => "G",
            ('Δ', _) => "D",
            ('Ε', _) => "E",
            ('Ζ', _) => "Z",
            ('Η', GreekScheme::Classical) => "E",
            ('Η', _) => "I",
            ('Θ', _) => "TH",
            ('Ι', _) => "I",
            ('Κ', _) => "K",
            ('Λ', _) => "L",
            ('Μ', _) => "M",
            ('Ν', _) => "N",
            ('Ξ', _) => "X",
            ('Ο', _) => "O",
            ('Π', _) => "P",
            ('Ρ', _) => "R",
            ('Σ', _) => "S",
            ('Τ', _) => "T",
            ('Υ', GreekScheme::Phonetic) => "I",
            ('Υ', _) => "Y",
            ('Φ', GreekScheme::Classical) => "PH",
            ('Φ', _) => "F",
            ('Χ', GreekScheme::Phonetic) => "H",
            ('Χ', _) => "CH",
            ('Ψ', _) => "PS",
            ('Ω', _) => "O",
            _ => "",
        };
        out.push_str(s);
        i += 1;
    }
    out
}

/// Removes diacritics the way a careless keyboard or an old system does.
pub fn strip_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'ß' => 's',
            'ø' => 'o',
            'Ø' => 'O',
            'ł' => 'l',
            'Ł' => 'L',
            'đ' => 'd',
            'Đ' => 'D',
            'ı' => 'i',
            c => c,
        })
        .collect()
}

/// Which name inventories the generator draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pools {
    /// The hand-written pools alone, as in the first evaluation (~37,000 distinct spellings in a million
    /// entries); kept so that its figures stay reproducible.
    Small,
    /// Hand-written heads with published shares plus generated long tails (`realistic`).
    Realistic,
}

/// Generates one person from the chosen inventories.
pub fn person_from(pools: Pools, rng: &mut Rng) -> Person {
    match pools {
        Pools::Small => person(rng),
        Pools::Realistic => crate::realistic::person(rng),
    }
}

/// How complete the entries' birth dates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthDates {
    /// The first evaluation's mix, kept as the default: 85% full, 4% year only, 3% a ±1-year range, 8% none.
    Old,
    /// A sanctions list: about 52% full, 41% year only, 7% none, as counted in two samples of 80 rows of the
    /// UN Security Council persons in yente's `positives_un_untreated.csv` (standards.md §4.3).
    Sanctions,
    /// A list built from identity and travel documents (an assumption, not a measurement): 97% full, 2% year
    /// only, 1% none.
    Documents,
}

/// The watchlist entry for a person.
pub fn entry(person: &Person, index: usize, rng: &mut Rng, dates: BirthDates) -> Entry {
    let latin = person.latin();
    let names = match &person.native {
        Some(native) => match rng.below(10) {
            0..=3 => vec![native.clone(), latin],
            4..=7 => vec![native.clone()],
            _ => vec![latin],
        },
        None => {
            let mut v = vec![latin];
            if rng.chance(0.15) {
                // An alias with one part spelled differently.
                let alt: Vec<String> =
                    person
                        .parts
                        .iter()
                        .map(|p| {
                            if p.variants.is_empty() {
                                p.latin.clone()
                            } else {
                                rng.pick(&p.variants).clone()
                            }
                        })
                        .collect();
                v.push(alt.join(" "));
            }
            v
        }
    };
    let (y, m, d) = person.birth;
    let day = jiff::civil::Date::new(y, m, d).unwrap_or(jiff::civil::Date::MIN);
    // One draw whatever the profile, so that the rest of the entry is the same under every profile.
    let x = rng.below(100);
    let range = || BirthDate::Range {
        from: jiff::civil::Date::new(y - 1, 1, 1).unwrap_or(day),
        to: jiff::civil::Date::new(y + 1, 12, 31).unwrap_or(day),
    };
    let birth_dates = match (dates, x) {
        (BirthDates::Old, 0..=84) | (BirthDates::Sanctions, 0..=51) | (BirthDates::Documents, 0..=96) => {
            vec![BirthDate::Day(day)]
        }
        (BirthDates::Old, 85..=88) | (BirthDates::Sanctions, 52..=92) | (BirthDates::Documents, 97..=98) => {
            vec![BirthDate::Year(y)]
        }
        (BirthDates::Old, 89..=91) => vec![range()],
        _ => vec![],
    };
    let (alert_type, action, list) = match rng.below(20) {
        0..=3 => (AlertType::Wanted, Action::Refer, "wanted-persons"),
        4..=11 => (AlertType::EntryBan, Action::Deny, "entry-bans"),
        12..=15 => (AlertType::ExitBan, Action::Deny, "exit-bans"),
        16..=18 => (AlertType::Notify, Action::Notify, "notify"),
        _ => (AlertType::LostStolenDocument, Action::Refer, "sltd"),
    };
    let document_numbers = if rng.chance(0.4) { vec![format!("X{:08}", index)] } else { vec![] };
    Entry {
        id: format!("E{index:07}"),
        names,
        birth_dates,
        sex: if rng.chance(0.9) { Some(person.sex) } else { None },
        nationalities: vec![person.nationality.to_owned()],
        document_numbers,
        alert_type,
        action,
        valid_from: None,
        valid_to: None,
        list: list.to_owned(),
        authority: None,
        legal_basis: None,
    }
}

/// The variations of a listed person's name that queries use.
pub const VARIATIONS: &[&str] = &[
    "exact",
    "script-change",
    "transliteration-scheme",
    "diacritics-dropped",
    "token-order",
    "missing-middle-name",
    "typo-1",
    "typo-2",
    "mrz-truncated",
    "partial-birth-date",
    "combined",
];

pub(crate) fn typo(word: &str, edits: usize, rng: &mut Rng) -> String {
    let mut w: Vec<char> = word.chars().collect();
    for _ in 0..edits {
        if w.len() < 2 {
            break;
        }
        let i = rng.below(w.len());
        let letter = (b'A' + rng.below(26) as u8) as char;
        let letter = if w[i].is_lowercase() { letter.to_ascii_lowercase() } else { letter };
        match rng.below(4) {
            0 => w[i] = letter,
            1 => {
                w.remove(i);
            }
            2 => w.insert(i, letter),
            _ => {
                if i + 1 < w.len() {
                    w.swap(i, i + 1);
                } else {
                    w.swap(i - 1, i);
                }
            }
        }
    }
    w.into_iter().collect()
}

/// A query for a listed person under one variation; `None` when the variation does not apply.
pub fn variation(person: &Person, entry: &Entry, kind: &str, rng: &mut Rng) -> Option<Query> {
    let (y, m, d) = person.birth;
    let exact_day = jiff::civil::Date::new(y, m, d).ok()?;
    let mut q = Query {
        birth_date: Some(BirthDate::Day(exact_day)),
        sex: if rng.chance(0.8) { Some(person.sex) } else { None },
        nationality: if rng.chance(0.5) { Some(person.nationality.to_owned()) } else { None },
        ..Query::default()
    };
    let listed = entry.names.first()?.clone();
    let spelled = |p: &Part, rng: &mut Rng| -> String {
        if p.variants.is_empty() { p.latin.clone() } else { rng.pick(&p.variants).clone() }
    };
    let name = match kind {
        "exact" => listed,
        "script-change" => {
            let has_native = person.native.as_ref().is_some_and(|n| entry.names.contains(n));
            let has_latin = entry.names.contains(&person.latin());
            match (has_native, has_latin, &person.native) {
                (true, false, _) => person.latin(),
                (false, true, Some(n)) => n.clone(),
                _ => return None,
            }
        }
        "transliteration-scheme" => {
            if person.parts.iter().all(|p| p.variants.is_empty()) {
                return None;
            }
            person.parts.iter().map(|p| spelled(p, rng)).collect::<Vec<_>>().join(" ")
        }
        "diacritics-dropped" => {
            let s = strip_diacritics(&person.latin());
            if s == person.latin() {
                return None;
            }
            s
        }
        "token-order" => {
            let mut parts: Vec<String> = person.parts.iter().map(|p| p.latin.clone()).collect();
            if parts.len() < 2 {
                return None;
            }
            if rng.chance(0.5) {
                parts.reverse();
            } else {
                let i = rng.below(parts.len());
                let first = parts.remove(i);
                parts.push(first);
            }
            if rng.chance(0.3) {
                let last = parts.pop()?;
                format!("{last}, {}", parts.join(" "))
            } else {
                parts.join(" ")
            }
        }
        "missing-middle-name" => {
            let kept: Vec<&str> =
                person.parts.iter().filter(|p| p.role != Role::Optional).map(|p| p.latin.as_str()).collect();
            if kept.len() == person.parts.len() {
                return None;
            }
            kept.join(" ")
        }
        "typo-1" | "typo-2" => {
            let edits = if kind == "typo-1" { 1 } else { 2 };
            let min = if edits == 1 { 4 } else { 8 };
            let candidates: Vec<usize> =
                (0..person.parts.len()).filter(|&i| person.parts[i].latin.chars().count() >= min).collect();
            if candidates.is_empty() {
                return None;
            }
            let target = *rng.pick(&candidates);
            person
                .parts
                .iter()
                .enumerate()
                .map(|(i, p)| if i == target { typo(&p.latin, edits, rng) } else { p.latin.clone() })
                .collect::<Vec<_>>()
                .join(" ")
        }
        "mrz-truncated" => {
            let surnames: Vec<&str> =
                person.parts.iter().filter(|p| p.role == Role::Surname).map(|p| p.latin.as_str()).collect();
            let given: Vec<&str> =
                person.parts.iter().filter(|p| p.role != Role::Surname).map(|p| p.latin.as_str()).collect();
            let mrz = |s: &str| -> String {
                translit::icao(s, translit::Language::Default)
                    .text
                    .chars()
                    .map(|c| if c.is_ascii_uppercase() { c } else { '<' })
                    .collect()
            };
            let field = format!("{}<<{}", mrz(&surnames.join(" ")), mrz(&given.join(" ")));
            // TD1 cards have 30 characters for the name; cut there (fillers at the end dropped).
            let cut: String = field.chars().take(30).collect();
            if cut.len() == field.len() && rng.chance(0.5) {
                return None;
            }
            cut.trim_end_matches('<').to_owned()
        }
        "partial-birth-date" => {
            q.birth_date = Some(BirthDate::Year(y));
            listed
        }
        "combined" => {
            let mut parts: Vec<String> = person.parts.iter().map(|p| spelled(p, rng)).collect();
            parts.reverse();
            let i = rng.below(parts.len());
            if parts[i].chars().count() >= 5 {
                parts[i] = typo(&parts[i], 1, rng);
            }
            parts.join(" ")
        }
        _ => return None,
    };
    q.name = Some(name);
    Some(q)
}

/// An unlisted traveller: a fresh person (common names are common), or a listed person's name with a
/// different birth date.
pub fn traveller(person: &Person, rng: &mut Rng, other_year: Option<i16>) -> Query {
    let (y, m, d) = person.birth;
    let year = other_year.unwrap_or(y);
    let day = jiff::civil::Date::new(year, m, d).ok().map(BirthDate::Day);
    let name = match (&person.native, rng.below(4)) {
        (Some(n), 0) => n.clone(),
        _ => person.latin(),
    };
    Query {
        name: Some(name),
        birth_date: day,
        sex: Some(person.sex),
        nationality: if rng.chance(0.5) { Some(person.nationality.to_owned()) } else { None },
        ..Query::default()
    }
}
