//! Realistic name inventories (`--pools realistic`, the default): each name part comes from a hand-written
//! head of the commonest names (the `pools` tables) with the share of the population that published name
//! statistics give it, and otherwise from a long tail of names generated per culture from syllables and
//! morphemes, whose ranks follow a 1/x law over hundreds of thousands of ranks. Given names follow the
//! person's sex, nationality follows the population of each culture, and the given name and the surname are
//! drawn independently within the culture.
//!
//! The old generator (`--pools small`, `generate::person`) drew every part from the small hand-written pools,
//! which gave a million entries only ~37,000 distinct spellings and one full name ~3,500 times. Real
//! populations have far more: the 2010 US census counted 6.3 million surnames for 295 million people (the
//! 25 commonest cover 8.7%, the 239 commonest 25%), China's top 100 surnames cover 85.9% of 1.4 billion
//! people and the commonest full name, 张伟, is carried by 294,282 of them (2.1 in 10,000), Korea's ten
//! commonest surnames cover 63.9%. The calibration points, their sources and what is only estimated are
//! listed in `docs/bench-screening.md`.
//!
//! The generated tails are invented (syllables and morphemes of each culture combined at random); they are
//! not real people. Nothing here looks at the matcher: the rules are the cultures' own.

use std::sync::LazyLock;

use pinyin::ToPinyin;
use screening::Sex;

use crate::generate::{
    CULTURES, Culture, GreekScheme, Part, Person, Rng, Role, cyrillic_parts, germanic_variants, greek,
    japanese_variants, part, patronymic_of, title_case, wade_giles,
};
use crate::pools::*;

/// How one name part is drawn: with probability `head` from the hand-written head (power law with exponent
/// `skew` over its ranks, so early entries are commoner), otherwise a generated name whose rank follows a
/// 1/x law over `head_len + 1 ..= ranks` (so the tail continues the head's decline instead of restarting).
#[derive(Debug, Clone, Copy)]
struct Law {
    head: f64,
    skew: f64,
    ranks: u64,
}

enum Pick {
    Head(usize),
    Tail(u64),
}

fn unit(rng: &mut Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// An index in `0..n` under a power law of exponent `s` over ranks `1..=n` (continuous inverse CDF).
fn power_index(rng: &mut Rng, n: usize, s: f64) -> usize {
    if n <= 1 {
        return 0;
    }
    let u = unit(rng);
    let top = n as f64 + 1.0;
    let x = if (s - 1.0).abs() < 1e-9 {
        (top.ln() * u).exp()
    } else {
        let e = 1.0 - s;
        (1.0 + u * (top.powf(e) - 1.0)).powf(1.0 / e)
    };
    ((x as usize).max(1) - 1).min(n - 1)
}

fn pick(rng: &mut Rng, head_len: usize, law: Law) -> Pick {
    if head_len > 0 && unit(rng) < law.head {
        return Pick::Head(power_index(rng, head_len, law.skew));
    }
    let lo = head_len as f64 + 1.0;
    let hi = (law.ranks as f64).max(lo + 1.0) + 1.0;
    let x = lo * (hi / lo).powf(unit(rng));
    Pick::Tail((x as u64).saturating_sub(head_len as u64).max(1))
}

/// A weighted choice among the first `weights.len()` entries (weights are shares of the population); the
/// rest of `total` goes to `None`.
fn weighted(rng: &mut Rng, weights: &[f64]) -> Option<usize> {
    let mut x = unit(rng) * 100.0;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return Some(i);
        }
        x -= w;
    }
    None
}

/// The generator of tail name `rank` of one kind: the same rank always gives the same name.
fn tail_rng(kind: u64, rank: u64) -> Rng {
    let mut r = Rng::new(kind.wrapping_mul(0xA076_1D64_78BD_642F) ^ rank.wrapping_mul(0xE703_7ED1_A0B4_28DB));
    r.next_u64();
    r
}

fn any<'a>(rng: &mut Rng, v: &[&'a str]) -> &'a str {
    v.get(rng.below(v.len())).copied().unwrap_or("")
}

fn female(sex: Sex) -> bool {
    sex == Sex::Female
}

/// Given names of the heads that are female (the `pools` tables do not mark sex).
const FEMALE: &[&str] = &[
    // Anglophone.
    "MARY",
    "PATRICIA",
    "JENNIFER",
    "LINDA",
    "ELIZABETH",
    "SARAH",
    "KATHERINE",
    "EMILY",
    "JESSICA",
    "ASHLEY",
    "SUSAN",
    "MARGARET",
    "EMMA",
    "OLIVIA",
    "CHARLOTTE",
    "AMELIA",
    "GRACE",
    "REBECCA",
    "CAROL",
    // Iberian.
    "María",
    "Carmen",
    "Ana",
    "Laura",
    "Lucía",
    "Marta",
    "Sofía",
    "Isabel",
    "Paula",
    "Elena",
    "Beatriz",
    "Cristina",
    "Raquel",
    "Pilar",
    "Rosa",
    "Mercedes",
    "Inês",
    "Conceição",
    // Germanic.
    "Ulrike",
    "Käthe",
    "Anna",
    "Lena",
    "Hannah",
    "Sophie",
    "Katharina",
    "Ingrid",
    "Åsa",
    "Sigrid",
    "Astrid",
    "Mette",
    "Birgit",
    "Dörte",
    // Indian.
    "PRIYA",
    "SUNITA",
    "POOJA",
    "LAKSHMI",
    "ANJALI",
    "KAVITA",
    "NEHA",
    "SHREYA",
    "GEETA",
    "DIVYA",
    // Vietnamese.
    "Hương",
    "Lan",
    "Mai",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
    "Nhung",
    "Giang",
    // Turkish.
    "Fatma",
    "Ayşe",
    "Emine",
    "Hatice",
    "Zeynep",
    "Elif",
    "Özlem",
    "Gülşen",
    "Büşra",
    "Tuğba",
    "Ezgi",
    // Greek.
    "Μαρία",
    "Ελένη",
    "Αικατερίνη",
    "Βασιλική",
    "Σοφία",
    "Αγγελική",
    "Δέσποινα",
    "Χριστίνα",
    "Ευαγγελία",
    // French.
    "Marie",
    "Françoise",
    "Monique",
    "Hélène",
    "Chloé",
    "Léa",
    "Inès",
    "Anne-Sophie",
    "Gaëlle",
    // West African.
    "Ngozi",
    "Chiamaka",
    "Folake",
    "Yetunde",
    "Ama",
    "Abena",
    "Aisha",
    "Adaeze",
    // Ukrainian.
    "Олена",
    "Ірина",
    "Наталія",
    "Оксана",
    "Тетяна",
    "Юлія",
    "Ганна",
    "Галина",
    "Марія",
    "Людмила",
    "Катерина",
    "Євгенія",
    "Ярослава",
    // Japanese.
    "YUKI",
    "YOUKO",
    "KEIKO",
    "TOMOKO",
    "AKIKO",
    "YUMIKO",
    "NAOMI",
    "SACHIKO",
    "MEGUMI",
    "HARUKA",
    "AYAKA",
    "MISAKI",
    "YUI",
    "CHIHIRO",
    "MAYUMI",
    "JUNKO",
    "KYOUKO",
    "FUMIKO",
    "CHIKA",
    "ASUKA",
    // Arabic (by their commonest Latin spelling).
    "FATIMA",
    "AISHA",
    "MARYAM",
    "ZAINAB",
    "KHADIJA",
    "NOUR",
    "LAYLA",
    "SARA",
    "HUDA",
    "RANIA",
    "SALMA",
    "YASMIN",
];

fn is_female(name: &str) -> bool {
    FEMALE.contains(&name)
}

/// A head split by sex, in the head's order.
struct BySex<T: 'static> {
    male: Vec<T>,
    female: Vec<T>,
}

impl<T: Copy> BySex<T> {
    fn new(all: &[T], name: impl Fn(&T) -> &str) -> Self {
        let (f, m): (Vec<T>, Vec<T>) = all.iter().partition(|x| is_female(name(x)));
        BySex { male: m, female: f }
    }
    fn of(&self, sex: Sex) -> &[T] {
        if female(sex) { &self.female } else { &self.male }
    }
}

type Spelled = (&'static str, &'static [&'static str]);

static ANGLO: LazyLock<BySex<Spelled>> = LazyLock::new(|| BySex::new(ANGLO_GIVEN, |x| x.0));
static ARABIC: LazyLock<BySex<Spelled>> =
    LazyLock::new(|| BySex::new(ARABIC_GIVEN, |x| x.1.first().copied().unwrap_or("")));
static INDIAN: LazyLock<BySex<Spelled>> = LazyLock::new(|| BySex::new(INDIAN_GIVEN, |x| x.0));
static IBERIAN: LazyLock<BySex<&'static str>> = LazyLock::new(|| BySex::new(IBERIAN_GIVEN, |x| x));
static GERMANIC: LazyLock<BySex<&'static str>> = LazyLock::new(|| BySex::new(GERMANIC_GIVEN, |x| x));
static VIETNAMESE: LazyLock<BySex<&'static str>> = LazyLock::new(|| BySex::new(VIETNAMESE_GIVEN, |x| x));
static TURKISH: LazyLock<BySex<&'static str>> = LazyLock::new(|| BySex::new(TURKISH_GIVEN, |x| x));
static GREEK: LazyLock<BySex<&'static str>> = LazyLock::new(|| BySex::new(GREEK_GIVEN, |x| x));
static FRENCH: LazyLock<BySex<&'static str>> = LazyLock::new(|| BySex::new(FRENCH_GIVEN, |x| x));
static WEST_AFRICAN: LazyLock<BySex<&'static str>> = LazyLock::new(|| BySex::new(WEST_AFRICAN_GIVEN, |x| x));
static UKRAINIAN: LazyLock<BySex<&'static str>> = LazyLock::new(|| BySex::new(UKRAINIAN_GIVEN, |x| x));
static JAPANESE: LazyLock<BySex<&'static str>> = LazyLock::new(|| BySex::new(JAPANESE_GIVEN, |x| x));

/// Generates one person with the realistic inventories.
pub fn person(rng: &mut Rng) -> Person {
    let (culture, nats) = pick_culture(rng);
    // Nationality follows the population: the first listed country of a culture is the largest.
    let nationality = if nats.len() > 1 && !rng.chance(0.65) {
        nats.get(1 + rng.below(nats.len() - 1)).copied().unwrap_or("UTO")
    } else {
        nats.first().copied().unwrap_or("UTO")
    };
    let sex = if rng.chance(0.5) { Sex::Male } else { Sex::Female };
    let year = 1940 + rng.below(66) as i16;
    let month = 1 + rng.below(12) as i8;
    let day = 1 + rng.below(28) as i8;
    let (parts, native) = match culture {
        Culture::Chinese => chinese(rng),
        Culture::Korean => korean(rng),
        Culture::Japanese => japanese(rng, sex),
        Culture::Russian => russian(rng, sex),
        Culture::Ukrainian => ukrainian(rng, sex),
        Culture::Arabic => arabic(rng, sex),
        Culture::Iberian => iberian(rng, sex),
        Culture::Germanic => germanic(rng, sex),
        Culture::Indian => indian(rng, sex),
        Culture::Vietnamese => vietnamese(rng, sex),
        Culture::Turkish => turkish(rng, sex),
        Culture::Greek => greek_person(rng, sex),
        Culture::Anglo => anglo(rng, sex),
        Culture::French => french(rng, sex),
        Culture::WestAfrican => west_african(rng, sex),
    };
    Person { culture, parts, native, birth: (year, month, day), sex, nationality }
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

// ---------------------------------------------------------------------------------------------------------
// Chinese.

/// Shares (% of the population) of the 42 surnames of `CHINESE_SURNAMES`, in its order. The first three
/// are the Ministry of Public Security's 2007 figures (王 7.25%, 李 7.19%, 张 6.83%); the others are
/// approximate values consistent with its statement that seven more exceed 20 million people and twelve
/// more have 10–20 million; the rare ones at the end (单, 仇, 欧阳, 司马, 诸葛, 上官, 解) are estimates.
const CHINESE_SURNAME_SHARES: &[f64] = &[
    7.25, 7.19, 6.83, 5.38, 4.53, 3.08, 2.23, 2.29, 2.05, 2.05, 1.67, 1.54, 1.29, 1.28, 1.23, 1.18, 1.16,
    1.07, 1.04, 1.04, 0.91, 0.90, 0.81, 0.80, 0.79, 0.74, 0.72, 0.71, 0.66, 0.61, 0.58, 0.56, 0.56, 0.54,
    0.53, 0.05, 0.03, 0.07, 0.005, 0.002, 0.003, 0.04,
];

/// Further common surnames (ranks ~40–110 nationally), with Wade-Giles, Cantonese and Hokkien spellings
/// seen on passports.
const CHINESE_MORE: &[(&str, &str, &[&str])] = &[
    ("韩", "HAN", &["HON"]),
    ("曹", "CAO", &["TSAO", "CHO"]),
    ("彭", "PENG", &["PANG", "PHANG"]),
    ("董", "DONG", &["TUNG"]),
    ("魏", "WEI", &["NGAI"]),
    ("程", "CHENG", &["CHING"]),
    ("苏", "SU", &["SOO", "SO"]),
    ("吕", "LYU", &["LU", "LUI", "LOI"]),
    ("丁", "DING", &["TING"]),
    ("任", "REN", &["JEN", "YAM"]),
    ("沈", "SHEN", &["SHUM", "SIM"]),
    ("姚", "YAO", &["YIU"]),
    ("卢", "LU", &["LO", "LOO"]),
    ("姜", "JIANG", &["KEUNG", "CHIANG"]),
    ("崔", "CUI", &["TSUI", "CHUI"]),
    ("钟", "ZHONG", &["CHUNG", "CHONG"]),
    ("谭", "TAN", &["TAM", "HAM"]),
    ("陆", "LU", &["LUK"]),
    ("汪", "WANG", &["WONG"]),
    ("范", "FAN", &["FARN"]),
    ("金", "JIN", &["KAM", "CHIN"]),
    ("石", "SHI", &["SHEK", "SHIH"]),
    ("廖", "LIAO", &["LIU", "LEOW"]),
    ("贾", "JIA", &["CHIA", "KA"]),
    ("夏", "XIA", &["HSIA", "HA"]),
    ("韦", "WEI", &["WAI"]),
    ("付", "FU", &["FOO"]),
    ("方", "FANG", &["FONG", "HONG"]),
    ("白", "BAI", &["PAK", "PAI"]),
    ("邹", "ZOU", &["CHOW", "TSOU"]),
    ("孟", "MENG", &["MANG"]),
    ("熊", "XIONG", &["HSIUNG", "HUNG"]),
    ("秦", "QIN", &["CHIN", "CHUN"]),
    ("邱", "QIU", &["YAU", "KHOO", "CHIU"]),
    ("江", "JIANG", &["KONG", "KANG"]),
    ("尹", "YIN", &["WAN"]),
    ("薛", "XUE", &["HSUEH", "SIT"]),
    ("闫", "YAN", &["YEN"]),
    ("段", "DUAN", &["TUAN", "TUEN"]),
    ("雷", "LEI", &["LUI"]),
    ("侯", "HOU", &["HAU"]),
    ("龙", "LONG", &["LUNG"]),
    ("史", "SHI", &["SZE"]),
    ("陶", "TAO", &["TO"]),
    ("黎", "LI", &["LAI"]),
    ("贺", "HE", &["HO"]),
    ("顾", "GU", &["KU", "KOO"]),
    ("毛", "MAO", &["MO"]),
    ("郝", "HAO", &["HOK"]),
    ("龚", "GONG", &["KUNG"]),
    ("邵", "SHAO", &["SIU"]),
    ("钱", "QIAN", &["CHIEN", "CHIN"]),
    ("严", "YAN", &["YIM", "YEN"]),
    ("武", "WU", &["MO"]),
    ("戴", "DAI", &["TAI"]),
    ("莫", "MO", &["MOK"]),
    ("孔", "KONG", &["HUNG"]),
    ("向", "XIANG", &["HEUNG", "HSIANG"]),
    ("汤", "TANG", &["TONG"]),
    ("常", "CHANG", &["SHEUNG"]),
    ("温", "WEN", &["WAN", "WUN"]),
    ("康", "KANG", &["HONG"]),
    ("施", "SHI", &["SZE", "SEE"]),
    ("文", "WEN", &["MAN", "BOON"]),
];

/// A random CJK character that has a reading (the long tail of rare surnames and given-name characters).
fn random_han(rng: &mut Rng) -> Option<(char, String)> {
    for _ in 0..16 {
        let c = char::from_u32(0x4E00 + rng.below(0x51A5) as u32)?;
        if let Some(p) = c.to_pinyin() {
            return Some((c, p.plain().replace('ü', "v").to_uppercase()));
        }
    }
    None
}

fn chinese(rng: &mut Rng) -> (Vec<Part>, Option<String>) {
    // Surname: the 42 head surnames hold ~71% of the population (their shares above), 64 more ~16% (the top
    // 100 cover 85.9%), and rare characters the rest.
    let (han, py, vars): (String, String, Vec<String>) = match weighted(rng, CHINESE_SURNAME_SHARES) {
        Some(i) => {
            let (h, p, v) = CHINESE_SURNAMES.get(i).copied().unwrap_or(("王", "WANG", &[]));
            (h.to_owned(), p.to_owned(), v.iter().map(|s| (*s).to_owned()).collect())
        }
        None if rng.chance(0.55) => {
            let (h, p, v) = CHINESE_MORE.get(power_index(rng, CHINESE_MORE.len(), 0.6)).copied().unwrap_or((
                "韩",
                "HAN",
                &[],
            ));
            (h.to_owned(), p.to_owned(), v.iter().map(|s| (*s).to_owned()).collect())
        }
        None => match random_han(rng) {
            Some((c, p)) => (c.to_string(), p.clone(), vec![wade_giles(&p)]),
            None => ("王".to_owned(), "WANG".to_owned(), vec![]),
        },
    };
    // Given name: one character for 14% of people, two for the rest (2019 report: 14% two-character and
    // 84.3% three-character full names). Characters: the common name characters (skewed, flatter than Zipf:
    // 伟 is ~2.4% of one-character given names of the Zhangs), else any character with a reading.
    let chars: Vec<char> = CHINESE_GIVEN.chars().collect();
    let n = if rng.chance(0.14) { 1 } else { 2 };
    let mut given: Vec<(char, String)> = Vec::with_capacity(n);
    for _ in 0..n {
        let c = if rng.chance(0.55) {
            chars.get(power_index(rng, chars.len(), 0.6)).copied()
        } else {
            random_han(rng).map(|x| x.0)
        };
        if let Some(c) = c
            && let Some(p) = c.to_pinyin()
        {
            given.push((c, p.plain().replace('ü', "v").to_uppercase()));
        }
    }
    if given.is_empty() {
        given.push(('伟', "WEI".to_owned()));
    }
    let syllables: Vec<String> = given.iter().map(|g| g.1.clone()).collect();
    let native = format!("{han}{}", given.iter().map(|g| g.0).collect::<String>());
    let wg: Vec<String> = syllables.iter().map(|s| wade_giles(s)).collect();
    let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
    let parts = vec![
        part(Role::Surname, &py, &vars),
        Part {
            role: Role::Given,
            latin: syllables.concat(),
            variants: vec![wg.join("-"), syllables.join(" ")],
        },
    ];
    (parts, Some(native))
}

// ---------------------------------------------------------------------------------------------------------
// Korean.

/// Shares (% of the population, Statistics Korea 2015) of `KOREAN_SURNAMES` in its order: 김 21.5, 이 14.7,
/// 박 8.4, 최 4.7, 정 4.3, 강 2.4, 조 2.1, 윤 2.1, 장 2.0, 임 1.7 (the ten cover 63.9%); the next ten are
/// approximate, 남궁 an estimate.
const KOREAN_SURNAME_SHARES: &[f64] = &[
    21.5, 14.7, 8.4, 4.7, 4.3, 2.4, 2.1, 2.1, 2.0, 1.7, 1.5, 0.9, 0.9, 1.0, 0.9, 0.9, 0.9, 0.8, 0.8, 0.7,
    0.04,
];

/// Less common Korean surnames with their passport spellings (Revised Romanisation first where passports
/// vary).
const KOREAN_MORE: &[(&str, &[&str])] = &[
    ("전", &["JEON", "JUN", "CHUN"]),
    ("고", &["KO", "GO"]),
    ("문", &["MOON", "MUN"]),
    ("양", &["YANG"]),
    ("손", &["SON", "SOHN"]),
    ("배", &["BAE", "PAE"]),
    ("백", &["BAEK", "PAIK", "BAIK"]),
    ("허", &["HEO", "HUH", "HUR"]),
    ("남", &["NAM"]),
    ("심", &["SHIM", "SIM"]),
    ("노", &["NOH", "NO", "ROH"]),
    ("하", &["HA"]),
    ("곽", &["KWAK", "GWAK"]),
    ("성", &["SUNG", "SEONG"]),
    ("차", &["CHA"]),
    ("주", &["JOO", "JU", "CHU"]),
    ("우", &["WOO", "U"]),
    ("구", &["KOO", "GU", "KU"]),
    ("민", &["MIN"]),
    ("진", &["JIN", "CHIN"]),
    ("나", &["NA", "RA"]),
    ("지", &["JI", "CHI"]),
    ("엄", &["UM", "EOM"]),
    ("채", &["CHAE"]),
    ("원", &["WON"]),
    ("천", &["CHUN", "CHEON"]),
    ("방", &["BANG", "PANG"]),
    ("공", &["KONG", "GONG"]),
    ("현", &["HYUN", "HYEON"]),
    ("함", &["HAM"]),
    ("변", &["BYUN", "BYEON"]),
    ("염", &["YEOM", "YUM"]),
    ("여", &["YEO", "YEH"]),
    ("추", &["CHOO", "CHU"]),
    ("도", &["DO", "DOH"]),
    ("소", &["SO"]),
    ("석", &["SEOK", "SUK"]),
    ("선", &["SUN", "SEON"]),
    ("설", &["SEOL", "SUL"]),
    ("마", &["MA"]),
    ("길", &["GIL", "KIL"]),
    ("연", &["YEON", "YUN"]),
    ("표", &["PYO"]),
    ("명", &["MYUNG", "MYEONG"]),
    ("기", &["KI", "GI"]),
    ("반", &["BAN"]),
    ("왕", &["WANG"]),
    ("금", &["KEUM", "GEUM"]),
    ("옥", &["OK"]),
    ("육", &["YUK", "YOOK"]),
    ("인", &["IN"]),
    ("맹", &["MAENG"]),
    ("탁", &["TAK"]),
    ("국", &["KOOK", "GUK"]),
];

/// Further syllables of Korean given names (Sino-Korean readings), with Revised Romanisation and an older
/// passport spelling.
const KOREAN_MORE_SYLLABLES: &[(&str, &str, &str)] = &[
    ("아", "A", "A"),
    ("윤", "YUN", "YOON"),
    ("채", "CHAE", "CHAE"),
    ("예", "YE", "YE"),
    ("다", "DA", "DA"),
    ("소", "SO", "SO"),
    ("시", "SI", "SHI"),
    ("주", "JU", "JOO"),
    ("도", "DO", "DO"),
    ("건", "GEON", "GUN"),
    ("승", "SEUNG", "SEUNG"),
    ("원", "WON", "WON"),
    ("정", "JEONG", "JUNG"),
    ("혁", "HYEOK", "HYUK"),
    ("석", "SEOK", "SUK"),
    ("용", "YONG", "YONG"),
    ("환", "HWAN", "HWAN"),
    ("범", "BEOM", "BUM"),
    ("규", "GYU", "KYU"),
    ("찬", "CHAN", "CHAN"),
    ("빈", "BIN", "BIN"),
    ("나", "NA", "NA"),
    ("미", "MI", "MI"),
    ("선", "SEON", "SUN"),
    ("숙", "SUK", "SOOK"),
    ("순", "SUN", "SOON"),
    ("자", "JA", "JA"),
    ("옥", "OK", "OK"),
    ("명", "MYEONG", "MYUNG"),
    ("광", "GWANG", "KWANG"),
    ("기", "GI", "KI"),
    ("남", "NAM", "NAM"),
    ("일", "IL", "IL"),
    ("근", "GEUN", "KEUN"),
    ("국", "GUK", "KOOK"),
    ("종", "JONG", "JONG"),
    ("창", "CHANG", "CHANG"),
    ("학", "HAK", "HAK"),
    ("만", "MAN", "MAN"),
    ("식", "SIK", "SIK"),
    ("길", "GIL", "KIL"),
    ("형", "HYEONG", "HYUNG"),
    ("택", "TAEK", "TAEK"),
    ("한", "HAN", "HAN"),
    ("화", "HWA", "HWA"),
    ("란", "RAN", "RAN"),
    ("애", "AE", "AE"),
    ("보", "BO", "BO"),
    ("람", "RAM", "RAM"),
    ("별", "BYEOL", "BYUL"),
    ("솔", "SOL", "SOL"),
    ("율", "YUL", "YOOL"),
    ("린", "RIN", "RIN"),
    ("온", "ON", "ON"),
    ("결", "GYEOL", "KYUL"),
    ("겸", "GYEOM", "KYUM"),
    ("인", "IN", "IN"),
    ("효", "HYO", "HYO"),
    ("해", "HAE", "HAE"),
    ("슬", "SEUL", "SEUL"),
    ("봉", "BONG", "BONG"),
    ("덕", "DEOK", "DUK"),
    ("문", "MUN", "MOON"),
    ("무", "MU", "MOO"),
    ("두", "DU", "DOO"),
    ("병", "BYEONG", "BYUNG"),
    ("완", "WAN", "WAN"),
    ("안", "AN", "AHN"),
    ("세", "SE", "SE"),
];

fn korean(rng: &mut Rng) -> (Vec<Part>, Option<String>) {
    let (han, spellings): (&str, &[&str]) = match weighted(rng, KOREAN_SURNAME_SHARES) {
        Some(i) => KOREAN_SURNAMES.get(i).copied().unwrap_or(("김", &["KIM"])),
        None => {
            KOREAN_MORE.get(power_index(rng, KOREAN_MORE.len(), 0.7)).copied().unwrap_or(("전", &["JEON"]))
        }
    };
    // Given names: two syllables from the ~100 commonest name syllables.
    let syl = |rng: &mut Rng| -> (String, String, String) {
        let (h, r, p) = if rng.chance(0.55) {
            KOREAN_SYLLABLES.get(power_index(rng, KOREAN_SYLLABLES.len(), 0.5)).copied()
        } else {
            KOREAN_MORE_SYLLABLES.get(power_index(rng, KOREAN_MORE_SYLLABLES.len(), 0.4)).copied()
        }
        .unwrap_or(("민", "MIN", "MIN"));
        (h.to_owned(), r.to_owned(), p.to_owned())
    };
    let a = syl(rng);
    let b = syl(rng);
    let native = format!("{han}{}{}", a.0, b.0);
    let first = spellings.first().copied().unwrap_or("KIM");
    let parts = vec![
        part(Role::Surname, first, spellings.get(1..).unwrap_or(&[])),
        Part {
            role: Role::Given,
            latin: format!("{}{}", a.1, b.1),
            variants: vec![format!("{}-{}", a.2, b.2), format!("{} {}", a.1, b.1), format!("{}{}", a.2, b.2)],
        },
    ];
    (parts, Some(native))
}

// ---------------------------------------------------------------------------------------------------------
// Japanese: surnames and given names are compounds of a few hundred morphemes.

const JP_FIRST: &[&str] = &[
    "YAMA", "TA", "NAKA", "MATSU", "KAWA", "ISHI", "INO", "HASHI", "KI", "MORI", "IKE", "FUJI", "OKA",
    "HARA", "NISHI", "HIGASHI", "KITA", "MINAMI", "KANE", "SHIMA", "TAKE", "MIYA", "SAKA", "KURO", "SHIRA",
    "AO", "AKA", "KO", "OO", "NAGA", "HIRA", "UE", "MAE", "UME", "SAKURA", "KIKU", "TSURU", "KAME", "IWA",
    "HOSHI", "TSUKI", "MIZU", "SAWA", "TANI", "MURA", "HAYA", "KOBA", "WATA", "SUGI", "YOSHI", "MASU",
    "TOKU", "SHIBA", "KUMA", "NOGU", "ARA", "HOSO", "FUKU", "MITSU", "OGA", "KAMI", "SHIMO", "UCHI", "SEKI",
    "NOMU", "AKI",
];
const JP_SECOND: &[&str] = &[
    "MOTO", "DA", "TA", "NAKA", "KAWA", "GAWA", "YAMA", "MURA", "SHITA", "HARA", "BAYASHI", "SAKI", "ZAKI",
    "NO", "UCHI", "GUCHI", "SHIMA", "JIMA", "OKA", "MORI", "IKE", "SAWA", "ZAWA", "TANI", "HATA", "KI", "GI",
    "I", "BE", "NUMA", "HASHI", "BASHI", "MIYA", "SAKA", "ZAKA", "KUBO", "NISHI", "TSUKA", "ZUKA", "NAGA",
    "HORI", "BORI", "KAMI", "SUE", "YA", "O", "NE", "TSU", "DE", "WA",
];
const JP_MALE_A: &[&str] = &[
    "HIRO", "KAZU", "TAKA", "YOSHI", "TOSHI", "MASA", "NOBU", "HIDE", "SHIN", "KEN", "DAI", "RYOU", "KOU",
    "SHOU", "YUU", "TOMO", "TETSU", "AKI", "HARU", "NAO", "MITSU", "KATSU", "SHIGE", "TAD", "YASU", "SATO",
    "KEI", "JUN", "SOU", "TAI", "RIKU", "HAYA", "ISA", "MAMO", "OSA",
];
const JP_MALE_B: &[&str] = &[
    "SHI", "KI", "YA", "TO", "O", "HIKO", "TA", "SUKE", "JI", "ROU", "NORI", "YUKI", "AKI", "HARU", "KAZU",
    "TAKA", "HITO", "NARI", "MASA", "TOSHI", "HEI", "GO", "MU", "KU", "SEI",
];
const JP_FEMALE_A: &[&str] = &[
    "YU", "MI", "SA", "HA", "NA", "A", "E", "KI", "MA", "CHI", "HARU", "MAI", "RI", "AI", "MO", "KA", "TOMO",
    "YOSHI", "SACHI", "KYO", "FUMI", "NORI", "HIRO", "MAYU", "MIDO", "SHIZU", "KAZU", "NATSU", "AYA", "REI",
];
const JP_FEMALE_B: &[&str] =
    &["KO", "KA", "MI", "NA", "E", "RI", "YO", "NO", "HO", "NE", "SA", "YA", "KI", "RU", "HA", "SE", "NI"];

fn japanese(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    // Surnames: the 47 commonest hold ~20% (佐藤 SATOU ~1.5% of Japan); the rest are compounds.
    let law = Law { head: 0.20, skew: 0.5, ranks: 300_000 };
    let surname = match pick(rng, JAPANESE_SURNAMES.len(), law) {
        Pick::Head(i) => JAPANESE_SURNAMES.get(i).copied().unwrap_or("SATOU").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(1, r);
            let mut s = format!("{}{}", any(&mut t, JP_FIRST), any(&mut t, JP_SECOND));
            if t.chance(0.15) {
                s = format!("{}{s}", any(&mut t, JP_FIRST));
            }
            s
        }
    };
    let heads = JAPANESE.of(sex);
    let law = Law { head: 0.35, skew: 0.7, ranks: 60_000 };
    let given = match pick(rng, heads.len(), law) {
        Pick::Head(i) => heads.get(i).copied().unwrap_or("HIROSHI").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(2 + u64::from(female(sex)), r);
            if female(sex) {
                format!("{}{}", any(&mut t, JP_FEMALE_A), any(&mut t, JP_FEMALE_B))
            } else {
                format!("{}{}", any(&mut t, JP_MALE_A), any(&mut t, JP_MALE_B))
            }
        }
    };
    let parts = vec![
        Part { role: Role::Given, latin: given.clone(), variants: japanese_variants(&given) },
        Part { role: Role::Surname, latin: surname.clone(), variants: japanese_variants(&surname) },
    ];
    (parts, None)
}

// ---------------------------------------------------------------------------------------------------------
// Russian and Ukrainian, in Cyrillic (romanised by ICAO and three national styles).

/// Rarer Russian given names (the commonest are in `pools`).
const RUSSIAN_MALE_MORE: &[&str] = &[
    "Вадим",
    "Леонид",
    "Станислав",
    "Руслан",
    "Тимур",
    "Глеб",
    "Матвей",
    "Арсений",
    "Семён",
    "Лев",
    "Марк",
    "Захар",
    "Святослав",
    "Филипп",
    "Валентин",
    "Ростислав",
    "Всеволод",
    "Марат",
    "Ринат",
    "Ильдар",
    "Богдан",
    "Даниил",
    "Егор",
    "Антон",
    "Виталий",
    "Василий",
    "Георгий",
    "Леонтий",
    "Прохор",
    "Савелий",
];
const RUSSIAN_FEMALE_MORE: &[&str] = &[
    "Алиса",
    "Ева",
    "Василиса",
    "Варвара",
    "Злата",
    "Милана",
    "Ульяна",
    "Таисия",
    "Вероника",
    "Кира",
    "Майя",
    "Эвелина",
    "Лилия",
    "Алина",
    "Камила",
    "Регина",
    "Зарина",
    "Маргарита",
    "Инна",
    "Нина",
    "Раиса",
    "Тамара",
    "Валерия",
    "Диана",
    "Элина",
    "Арина",
    "Марина",
    "Снежана",
    "Жанна",
    "Римма",
];
const CYR_ONSET: &[&str] = &[
    "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ч", "ш", "бр", "гр",
    "кр", "пр", "тр", "ст", "св", "сл", "зв", "дв", "шм", "щ", "бл", "гл", "кл", "пл", "сп", "ск", "ц",
];
const CYR_VOWEL: &[&str] = &["а", "о", "е", "и", "у", "а", "о", "е", "я", "ы"];
const CYR_CODA: &[&str] = &["л", "н", "р", "к", "т", "в", "ш", "ч", "м", "д", "б", "з", "с", "ль", "рь"];
const RUSSIAN_ENDINGS: &[&str] = &[
    "ов",
    "ев",
    "ин",
    "ский",
    "цкий",
    "енко",
    "ихин",
    "онов",
    "енков",
    "анов",
    "ышев",
    "уев",
    "алов",
    "ёв",
    "ин",
    "ов",
    "ов",
    "ев",
    "кин",
    "ник",
    "ович",
];
const UKRAINIAN_ENDINGS: &[&str] =
    &["енко", "енко", "енко", "чук", "ук", "юк", "ишин", "ський", "ич", "ко", "ак", "ець", "ник", "ій", "ан"];

/// A root of one or two syllables that ends in a consonant (the endings begin with a vowel); `ы` never
/// follows a velar or a hushing consonant, as in Russian spelling.
fn cyrillic_root(t: &mut Rng) -> String {
    let n = if t.chance(0.45) { 2 } else { 1 };
    let mut s = String::new();
    for k in 0..n {
        let onset = any(t, CYR_ONSET);
        let mut vowel = any(t, CYR_VOWEL);
        if vowel == "ы" && (k == 0 || "гкхжчшщ".contains(onset.chars().last().unwrap_or('а'))) {
            vowel = "и";
        }
        s.push_str(onset);
        s.push_str(vowel);
        if k + 1 == n || t.chance(0.4) {
            s.push_str(any(t, CYR_CODA));
        }
    }
    s
}

/// The female form of a Russian surname (Иванов → Иванова, Чайковский → Чайковская); Ukrainian -енко, -чук
/// and similar endings do not change.
fn feminine_ru(s: &str) -> String {
    if let Some(stem) = s.strip_suffix("ский") {
        return format!("{stem}ская");
    }
    if let Some(stem) = s.strip_suffix("цкий") {
        return format!("{stem}цкая");
    }
    if let Some(stem) = s.strip_suffix("ський") {
        return format!("{stem}ська");
    }
    if s.ends_with("ов") || s.ends_with("ев") || s.ends_with("ёв") || s.ends_with("ин") || s.ends_with("ын")
    {
        return format!("{s}а");
    }
    s.to_owned()
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

fn russian_given(rng: &mut Rng, male: bool) -> String {
    // Russian given names come from a largely closed inventory: the commonest hold ~80%.
    let (head, more) =
        if male { (RUSSIAN_MALE, RUSSIAN_MALE_MORE) } else { (RUSSIAN_FEMALE, RUSSIAN_FEMALE_MORE) };
    if rng.chance(0.82) {
        head.get(power_index(rng, head.len(), 0.8)).copied().unwrap_or("Иван").to_owned()
    } else {
        more.get(power_index(rng, more.len(), 0.5)).copied().unwrap_or("Глеб").to_owned()
    }
}

fn russian(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let male = !female(sex);
    let given = russian_given(rng, male);
    let father = russian_given(rng, true);
    let law = Law { head: 0.30, skew: 0.7, ranks: 600_000 };
    let surname = match pick(rng, RUSSIAN_SURNAMES.len(), law) {
        Pick::Head(i) => RUSSIAN_SURNAMES.get(i).copied().unwrap_or("Иванов").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(10, r);
            capitalise(&format!("{}{}", cyrillic_root(&mut t), any(&mut t, RUSSIAN_ENDINGS)))
        }
    };
    let surname = if male { surname } else { feminine_ru(&surname) };
    let mut cyr = vec![(Role::Surname, surname), (Role::Given, given)];
    if rng.chance(0.7) {
        cyr.push((Role::Optional, patronymic_of(&father, male)));
    }
    let native = cyr.iter().map(|c| c.1.as_str()).collect::<Vec<_>>().join(" ");
    (cyrillic_parts(&cyr, translit::Language::Russian), Some(native))
}

fn ukrainian(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let heads = UKRAINIAN.of(sex);
    let given = heads.get(power_index(rng, heads.len(), 0.6)).copied().unwrap_or("Олег").to_owned();
    let law = Law { head: 0.25, skew: 0.7, ranks: 300_000 };
    let surname = match pick(rng, UKRAINIAN_SURNAMES.len(), law) {
        Pick::Head(i) => UKRAINIAN_SURNAMES.get(i).copied().unwrap_or("Шевченко").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(11, r);
            capitalise(&format!("{}{}", cyrillic_root(&mut t), any(&mut t, UKRAINIAN_ENDINGS)))
        }
    };
    let surname = if female(sex) { feminine_ru(&surname) } else { surname };
    let cyr = vec![(Role::Surname, surname), (Role::Given, given)];
    let native = cyr.iter().map(|c| c.1.as_str()).collect::<Vec<_>>().join(" ");
    (cyrillic_parts(&cyr, translit::Language::Ukrainian), Some(native))
}

// ---------------------------------------------------------------------------------------------------------
// Arabic: names are triliteral roots in a handful of patterns (فعيل karīm, فاعل kāmil, مفعول maḥmūd …).

/// Root consonants: the letter and its Latin spellings (commonest first).
const AR_CONSONANTS: &[(char, &[&str])] = &[
    ('ب', &["B"]),
    ('ت', &["T"]),
    ('ث', &["TH", "S"]),
    ('ج', &["J", "G", "DJ"]),
    ('ح', &["H"]),
    ('خ', &["KH"]),
    ('د', &["D"]),
    ('ذ', &["DH", "Z"]),
    ('ر', &["R"]),
    ('ز', &["Z"]),
    ('س', &["S"]),
    ('ش', &["SH", "CH"]),
    ('ص', &["S"]),
    ('ض', &["D"]),
    ('ط', &["T"]),
    ('ظ', &["Z", "DH"]),
    ('غ', &["GH"]),
    ('ف', &["F"]),
    ('ق', &["Q", "K"]),
    ('ك', &["K"]),
    ('ل', &["L"]),
    ('م', &["M"]),
    ('ن', &["N"]),
    ('ه', &["H"]),
];

/// A generated Arabic name: the Arabic-script word and its Latin spellings (commonest first).
fn arabic_word(t: &mut Rng, fem: bool, nisba: bool) -> (String, Vec<String>) {
    let mut root = [('ب', &[][..]); 3];
    for r in &mut root {
        *r = AR_CONSONANTS.get(t.below(AR_CONSONANTS.len())).copied().unwrap_or(('ب', &["B"]));
    }
    let [(a1, l1), (a2, l2), (a3, l3)] = root;
    let sp = |l: &[&str], k: usize| -> String {
        l.get(k.min(l.len().saturating_sub(1))).copied().unwrap_or("").to_owned()
    };
    // Each pattern: Arabic letters, then Latin templates where 1/2/3 stand for the root consonants.
    let (ar, latin): (String, &[&str]) = if nisba {
        (format!("ال{a1}{a2}{a3}ي"), &["AL-1A23I", "EL-1A23I", "AL 1A23I", "1A23I"])
    } else {
        match t.below(6) {
            0 => (format!("{a1}{a2}ي{a3}"), &["1A2I3", "1A2EE3"]),
            1 => (format!("{a1}ا{a2}{a3}"), &["1A2I3", "1A2E3"]),
            2 => (format!("م{a1}{a2}و{a3}"), &["MA12OU3", "MA12U3", "MA12OO3"]),
            3 => (format!("{a1}{a2}ا{a3}"), &["1A2A3"]),
            4 => (format!("{a1}{a2}{a3}ان"), &["1A23AN", "1E23AN"]),
            _ => (format!("أ{a1}{a2}{a3}"), &["A12A3", "E12E3"]),
        }
    };
    let (ar, suffix) = if fem && !nisba { (format!("{ar}ة"), ["A", "AH"]) } else { (ar, ["", ""]) };
    let mut out: Vec<String> = Vec::new();
    for (k, tpl) in latin.iter().enumerate() {
        for (s, suf) in suffix.iter().enumerate() {
            if s > 0 && suf.is_empty() {
                continue;
            }
            // The first template with the commonest consonant spellings, then the alternatives.
            for alt in 0..2 {
                let w: String = tpl
                    .chars()
                    .map(|c| match c {
                        '1' => sp(l1, alt),
                        '2' => sp(l2, alt),
                        '3' => sp(l3, alt),
                        c => c.to_string(),
                    })
                    .collect();
                let w = format!("{w}{suf}");
                if !out.contains(&w) && (k == 0 || alt == 0) {
                    out.push(w);
                }
            }
        }
    }
    (ar, out)
}

fn arabic(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    // Given names: the common ones (محمد first) hold ~80% of men and ~60% of women; the rest are other
    // root-pattern names.
    let given = |rng: &mut Rng, s: Sex| -> (String, Vec<String>) {
        let heads = ARABIC.of(s);
        let law = if female(s) {
            Law { head: 0.5, skew: 0.4, ranks: 30_000 }
        } else {
            Law { head: 0.75, skew: 0.9, ranks: 30_000 }
        };
        match pick(rng, heads.len(), law) {
            Pick::Head(i) => {
                let (a, l) = heads.get(i).copied().unwrap_or(("محمد", &["MOHAMMED"]));
                (a.to_owned(), l.iter().map(|x| (*x).to_owned()).collect())
            }
            Pick::Tail(r) => arabic_word(&mut tail_rng(20 + u64::from(female(s)), r), female(s), false),
        }
    };
    let g = given(rng, sex);
    let father = given(rng, Sex::Male);
    // Family names: a family name proper (the listed ones, or a nisba al-…i), or the father's or
    // grandfather's name used as a surname, as in much of the Arab world.
    let family: (String, Vec<String>) = if rng.chance(0.4) {
        given(rng, Sex::Male)
    } else {
        let law = Law { head: 0.25, skew: 0.8, ranks: 200_000 };
        match pick(rng, ARABIC_FAMILY.len(), law) {
            Pick::Head(i) => {
                let (a, l) = ARABIC_FAMILY.get(i).copied().unwrap_or(("حداد", &["HADDAD"]));
                (a.to_owned(), l.iter().map(|x| (*x).to_owned()).collect())
            }
            Pick::Tail(r) => arabic_word(&mut tail_rng(22, r), false, true),
        }
    };
    let with_father = rng.chance(0.6);
    let with_bin = with_father && rng.chance(0.3);
    let spelled = |role: Role, w: &(String, Vec<String>)| -> Part {
        let first = w.1.first().cloned().unwrap_or_default();
        Part { role, latin: first, variants: w.1.iter().skip(1).cloned().collect() }
    };
    let mut ar = vec![g.0.clone()];
    let mut parts = vec![spelled(Role::Given, &g)];
    if with_father {
        if with_bin {
            ar.push(if female(sex) { "بنت".into() } else { "بن".into() });
            parts.push(if female(sex) {
                part(Role::Optional, "BINT", &["BINTI"])
            } else {
                part(Role::Optional, "BIN", &["IBN", "BEN"])
            });
        }
        ar.push(father.0.clone());
        parts.push(spelled(Role::Optional, &father));
    }
    ar.push(family.0.clone());
    parts.push(spelled(Role::Surname, &family));
    (parts, Some(ar.join(" ")))
}

// ---------------------------------------------------------------------------------------------------------
// Latin-script cultures with syllabic and morphological tails.

const IB_ONSET: &[&str] = &[
    "B", "C", "D", "F", "G", "L", "M", "N", "P", "R", "S", "T", "V", "Z", "BR", "CR", "GR", "PR", "TR", "CH",
    "LL", "QU", "J", "AL", "AR", "ES", "OL", "UR",
];
const IB_VOWEL: &[&str] = &["a", "e", "i", "o", "u", "ar", "er", "or", "an", "en", "in", "al", "ol"];
const IB_ENDING: &[&str] = &[
    "ez", "es", "ado", "ero", "ón", "ales", "illa", "eira", "oza", "ueta", "ano", "ino", "edo", "iel",
    "alla", "ena", "ida", "osa", "uelo", "ares", "ante", "az", "uz", "ella", "ito", "aga", "urri", "ola",
    "iz", "ães",
];

fn iberian_tail(t: &mut Rng) -> String {
    let mut s = String::from(any(t, IB_ONSET));
    s.push_str(any(t, IB_VOWEL));
    if t.chance(0.5) {
        s.push_str(any(t, &["r", "l", "n", "s", "d", "b", "t", "c", "rr", "ll", "ñ", "g", "m"]));
        s.push_str(any(t, IB_VOWEL));
    }
    s.push_str(any(t, &["r", "l", "n", "s", "d", "b", "t", "c", "", "", "rr", "ñ", "g", "m", "v"]));
    s.push_str(any(t, IB_ENDING));
    title_case(&s.to_lowercase())
}

fn iberian(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let heads = IBERIAN.of(sex);
    let law = Law { head: 0.6, skew: 0.6, ranks: 40_000 };
    let given = match pick(rng, heads.len(), law) {
        Pick::Head(i) => heads.get(i).copied().unwrap_or("José").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(30 + u64::from(female(sex)), r);
            let mut s = format!("{}{}", any(&mut t, IB_ONSET), any(&mut t, IB_VOWEL));
            s.push_str(any(&mut t, &["r", "l", "n", "s", "d", "b", "t", "c", "m", "v"]));
            s.push_str(if female(sex) {
                any(&mut t, &["a", "ina", "ela", "ia", "ita", "ena"])
            } else {
                any(&mut t, &["o", "io", "el", "ón", "ín", "ito", "ar", "es"])
            });
            title_case(&s.to_lowercase())
        }
    };
    let surname = |rng: &mut Rng| -> String {
        let law = Law { head: 0.45, skew: 0.8, ranks: 400_000 };
        match pick(rng, IBERIAN_SURNAMES.len(), law) {
            Pick::Head(i) => IBERIAN_SURNAMES.get(i).copied().unwrap_or("García").to_owned(),
            Pick::Tail(r) => iberian_tail(&mut tail_rng(32, r)),
        }
    };
    let s1 = surname(rng);
    let mut v = vec![part(Role::Given, &given, &[]), part(Role::Surname, &s1, &[])];
    if rng.chance(0.6) {
        let s2 = surname(rng);
        v.push(part(Role::Optional, &s2, &[]));
    }
    (v, None)
}

const DE_ROOT: &[&str] = &[
    "Acker", "Bach", "Baum", "Berg", "Blum", "Brand", "Braun", "Brunn", "Busch", "Eck", "Eich", "Engel",
    "Fels", "Feld", "Fisch", "Frei", "Fuchs", "Gold", "Groß", "Grün", "Haas", "Hahn", "Hart", "Heil", "Herz",
    "Hof", "Holz", "Horn", "Jung", "Kalt", "Kirch", "Klein", "Kling", "Kolb", "Kraus", "Kühn", "Lang",
    "Linden", "Mai", "Moos", "Neu", "Ober", "Pfeif", "Rein", "Ritter", "Rosen", "Roth", "Sand", "Schön",
    "Schwarz", "Sommer", "Stein", "Stock", "Thal", "Vogel", "Wald", "Weiß", "Wolf", "Zimmer", "Dorn", "Eber",
    "Falken", "Gärt", "Hagen", "Hell", "Kessel", "Löw", "Mühl", "Nuss", "Pohl", "Rade", "Sieg", "Tann", "Ul",
    "Winter",
];
const DE_SUFFIX: &[&str] = &[
    "mann", "er", "berg", "berger", "feld", "hofer", "meier", "meyer", "bauer", "stein", "haus", "hausen",
    "ing", "inger", "ke", "lein", "le", "acher", "thaler", "horst", "dorf", "brunner", "wald", "bach",
    "huber", "kamp", "beck", "rich", "ner", "ler", "hardt", "mayr", "reiter", "schmid", "müller", "wieser",
];
const NORDIC_ROOT: &[&str] = &[
    "Lind", "Berg", "Ny", "Sjö", "Ek", "Holm", "Dahl", "Lund", "Ström", "Fors", "Hag", "Sand", "Björk", "Ås",
    "Vik", "Nord", "Sol", "Öst", "Väst", "Gran", "Al", "Ros", "Sten", "Bäck", "Hed", "Löv",
];
const NORDIC_SUFFIX: &[&str] = &[
    "ström", "berg", "gren", "lund", "qvist", "dahl", "holm", "blad", "ling", "man", "ell", "bäck", "stedt",
];
const DE_MALE_A: &[&str] = &[
    "Wolf", "Hein", "Diet", "Gott", "Sieg", "Bern", "Ger", "Her", "Hart", "Lud", "Rein", "Wil", "Ul", "Ro",
    "Al", "Ed", "Fried", "Kon", "Os", "Wal", "Bert", "Ru", "Ot", "Lo", "Ar",
];
const DE_MALE_B: &[&str] = &[
    "gang", "ram", "hart", "bert", "mar", "win", "helm", "fried", "rich", "old", "mund", "rad", "wig",
    "hard", "ulf", "man", "ger", "olf", "ald",
];
const DE_FEMALE_A: &[&str] =
    &["Hilde", "Ger", "Ir", "Ros", "Lie", "Wil", "Fried", "Adel", "Mar", "Brun", "Sieg", "Ing", "Gud", "Ul"];
const DE_FEMALE_B: &[&str] =
    &["gard", "trud", "burg", "run", "lind", "gund", "hild", "rike", "mina", "wig", "ine", "da", "a"];

fn germanic(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let heads = GERMANIC.of(sex);
    let given_of = |rng: &mut Rng| -> String {
        let law = Law { head: 0.6, skew: 0.5, ranks: 30_000 };
        match pick(rng, heads.len(), law) {
            Pick::Head(i) => heads.get(i).copied().unwrap_or("Thomas").to_owned(),
            Pick::Tail(r) => {
                let mut t = tail_rng(40 + u64::from(female(sex)), r);
                let s = if female(sex) {
                    format!("{}{}", any(&mut t, DE_FEMALE_A), any(&mut t, DE_FEMALE_B))
                } else {
                    format!("{}{}", any(&mut t, DE_MALE_A), any(&mut t, DE_MALE_B))
                };
                title_case(&s.to_lowercase())
            }
        }
    };
    let given = given_of(rng);
    let mut v = vec![part(Role::Given, &given, &[])];
    if rng.chance(0.3) {
        let second = given_of(rng);
        v.push(part(Role::Optional, &second, &[]));
    }
    // Surnames: the listed ones hold ~15% (Müller ~1% of Germany); the rest are compounds, German,
    // Scandinavian (patronymic -sson/-sen and nature names) or Dutch.
    let law = Law { head: 0.15, skew: 0.6, ranks: 800_000 };
    let s = match pick(rng, GERMANIC_SURNAMES.len(), law) {
        Pick::Head(i) => GERMANIC_SURNAMES.get(i).copied().unwrap_or("Müller").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(42, r);
            let s = match t.below(10) {
                0..=5 => format!("{}{}", any(&mut t, DE_ROOT), any(&mut t, DE_SUFFIX)),
                6 | 7 => format!("{}{}", any(&mut t, NORDIC_ROOT), any(&mut t, NORDIC_SUFFIX)),
                8 => {
                    let father = any(
                        &mut t,
                        &[
                            "Lars", "Nils", "Per", "Sven", "Jon", "Ole", "Erik", "Anders", "Mats", "Knut",
                            "Stig", "Gustav", "Axel",
                        ],
                    );
                    let suffix = any(&mut t, &["sson", "sen", "son"]);
                    // Anders + sson is Andersson, not Anderssson.
                    if father.ends_with('s') {
                        format!("{father}{}", &suffix[1..])
                    } else {
                        format!("{father}{suffix}")
                    }
                }
                _ => format!(
                    "{}{}{}",
                    any(&mut t, &["van der ", "van den ", "van ", "de ", "ter "]),
                    any(&mut t, DE_ROOT),
                    any(&mut t, &["", "s", "en", "ink", "ma", "stra", "hof", "veld", "huis", "berg"])
                ),
            };
            title_case(&s.to_lowercase())
                .replace("Van ", "van ")
                .replace("Der ", "der ")
                .replace("Den ", "den ")
                .replace("De ", "de ")
                .replace("Ter ", "ter ")
        }
    };
    v.push(Part { role: Role::Surname, latin: s.clone(), variants: germanic_variants(&s) });
    (v, None)
}

const IN_GIVEN_A: &[&str] = &[
    "RAJ", "DEV", "HAR", "SHIV", "RAM", "SUR", "JAY", "VIJ", "ANAND", "PRA", "SAT", "KAM", "MAN", "NAV",
    "GUR", "HARI", "KRISH", "LAL", "MAD", "NAR", "SHA", "SHYAM", "SID", "SUB", "VAS", "VIN", "YOG", "AJ",
    "AM", "AN", "BAL", "CHAN", "DHAR", "GAN", "GOP", "HEM", "ISH", "JAG", "KUL", "MAH", "NIT", "PAR", "PUN",
    "RAK", "SAN", "TEJ", "UDAY", "VIK", "YASH", "ABHI",
];
const IN_MALE_B: &[&str] = &[
    "ESH", "ENDRA", "ANT", "ISH", "DEEP", "PREET", "AN", "IN", "AV", "EET", "ENDER", "ANDA", "ARAJ", "AKAR",
    "ESHWAR", "IT", "UL", "AT", "INDER", "JEET", "KUMAR", "NATH", "PAL", "VIR",
];
const IN_FEMALE_B: &[&str] = &[
    "IKA", "ITA", "ANI", "EETA", "PREET", "AMMA", "INI", "ALI", "ESHWARI", "AVI", "YA", "ITHA", "UMA",
    "ISHA", "LATA", "JYOTI", "MALA", "RANI", "VATI", "DEVI", "KAUR",
];
const IN_SURNAME_END: &[&str] = &[
    "KAR", "WAL", "WALA", "ANI", "APPA", "AN", "IAH", "RAO", "NATH", "SWAMY", "REDDY", "PILLAI", "IYA",
    "GOWDA", "DAR", "WADE", "KE", "URKAR", "ESAN", "AM", "ARAJ", "ARI", "ASHI", "OTRA", "EJA", "VEDI",
];
const IN_ONSET: &[&str] = &[
    "B", "BH", "CH", "D", "DH", "G", "GH", "J", "K", "KH", "L", "M", "N", "P", "R", "S", "SH", "T", "TH",
    "V", "Y", "PR", "TR", "SR",
];

fn indian(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let heads = INDIAN.of(sex);
    let given_of = |rng: &mut Rng| -> (String, Vec<String>) {
        let law = if female(sex) {
            Law { head: 0.2, skew: 0.5, ranks: 80_000 }
        } else {
            Law { head: 0.3, skew: 0.6, ranks: 80_000 }
        };
        match pick(rng, heads.len(), law) {
            Pick::Head(i) => {
                let (g, v) = heads.get(i).copied().unwrap_or(("RAHUL", &[]));
                (g.to_owned(), v.iter().map(|x| (*x).to_owned()).collect())
            }
            Pick::Tail(r) => {
                let mut t = tail_rng(50 + u64::from(female(sex)), r);
                let b = if female(sex) { any(&mut t, IN_FEMALE_B) } else { any(&mut t, IN_MALE_B) };
                let w = format!("{}{b}", any(&mut t, IN_GIVEN_A));
                // Long vowels are written doubled or not (SUNEETA / SUNITA).
                let alt = w.replace("EE", "I").replace("OO", "U");
                (w.clone(), if alt != w { vec![alt] } else { vec![] })
            }
        }
    };
    let g = given_of(rng);
    let gv: Vec<&str> = g.1.iter().map(String::as_str).collect();
    let mut v = vec![part(Role::Given, &g.0, &gv)];
    if rng.chance(0.25) {
        let m = given_of(rng);
        let mv: Vec<&str> = m.1.iter().map(String::as_str).collect();
        v.push(part(Role::Optional, &m.0, &mv));
    }
    let law = Law { head: 0.5, skew: 0.7, ranks: 300_000 };
    let (s, sv): (String, Vec<String>) = match pick(rng, INDIAN_SURNAMES.len(), law) {
        Pick::Head(i) => {
            let (s, v) = INDIAN_SURNAMES.get(i).copied().unwrap_or(("KUMAR", &[]));
            (s.to_owned(), v.iter().map(|x| (*x).to_owned()).collect())
        }
        Pick::Tail(r) => {
            let mut t = tail_rng(52, r);
            let mut w = String::from(any(&mut t, IN_ONSET));
            w.push_str(any(&mut t, &["A", "AA", "I", "U", "E", "O"]));
            if t.chance(0.5) {
                w.push_str(any(&mut t, &["N", "R", "L", "M", "ND", "NT", "RM", "SH", "K", "T"]));
                w.push_str(any(&mut t, &["A", "I", "U", "E", "O"]));
            }
            w.push_str(any(&mut t, IN_SURNAME_END));
            (w, vec![])
        }
    };
    let svr: Vec<&str> = sv.iter().map(String::as_str).collect();
    v.push(part(Role::Surname, &s, &svr));
    (v, None)
}

/// Shares (% of the population) of `VIETNAMESE_SURNAMES` in its order (Nguyễn ~38%, Trần ~11%, Lê ~9.5%,
/// Phạm ~7.1% are the commonly cited figures; the rest approximate).
const VIETNAMESE_SURNAME_SHARES: &[f64] =
    &[38.0, 11.0, 9.5, 7.1, 3.1, 2.0, 4.5, 2.0, 1.9, 2.1, 2.0, 1.4, 1.3, 1.3];
const VIETNAMESE_MORE_SURNAMES: &[&str] = &[
    "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Trịnh", "Đoàn", "Lương", "Tô", "Vương", "Hà", "Tạ",
    "Cao", "Châu", "Lưu", "Kiều", "Thái", "Quách", "Phùng", "Triệu", "Tăng", "La", "Từ", "Thân", "Mạc",
    "Khổng", "Âu",
];
const VIETNAMESE_MORE_GIVEN: &[&str] = &[
    "An", "Bình", "Châu", "Chi", "Cúc", "Đào", "Điệp", "Đông", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa",
    "Hồng", "Huệ", "Huy", "Khoa", "Kiên", "Lâm", "Liên", "Loan", "Lộc", "Lợi", "Luân", "Lực", "Ly", "Minh",
    "My", "Nga", "Ngân", "Nghĩa", "Ngọc", "Nhân", "Nhật", "Nhi", "Như", "Oanh", "Phát", "Phong", "Phú",
    "Quang", "Quốc", "Quý", "Quyên", "Quỳnh", "Sang", "Tài", "Tâm", "Tân", "Thái", "Thành", "Thịnh", "Thu",
    "Thủy", "Thư", "Tiến", "Tín", "Toàn", "Trâm", "Trí", "Trinh", "Trọng", "Tùng", "Tường", "Uyên", "Vân",
    "Vi", "Vũ", "Xuân", "Ý", "Đạt", "Định", "Hậu", "Khải", "Khang", "Lành", "Mạnh", "Nguyên", "Phụng",
];

fn vietnamese(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let surname = match weighted(rng, VIETNAMESE_SURNAME_SHARES) {
        Some(i) => VIETNAMESE_SURNAMES.get(i).copied().unwrap_or("Nguyễn"),
        None => VIETNAMESE_MORE_SURNAMES
            .get(power_index(rng, VIETNAMESE_MORE_SURNAMES.len(), 0.6))
            .copied()
            .unwrap_or("Dương"),
    };
    // Middle names: Văn for many men and Thị for many women, otherwise a meaningful syllable.
    let middle = if female(sex) {
        if rng.chance(0.5) {
            "Thị"
        } else {
            any(rng, &["Ngọc", "Thanh", "Minh", "Thu", "Kim", "Hồng", "Phương", "Mỹ", "Bảo", "Diệu", "Xuân"])
        }
    } else if rng.chance(0.4) {
        "Văn"
    } else {
        any(
            rng,
            &[
                "Đức", "Minh", "Hữu", "Quang", "Thanh", "Công", "Xuân", "Quốc", "Tuấn", "Hoàng", "Ngọc",
                "Anh", "Bá", "Đình",
            ],
        )
    };
    let heads = VIETNAMESE.of(sex);
    // Given names: a few hundred syllables, none much above 2–4% of a sex.
    let given = if rng.chance(0.25) {
        heads.get(power_index(rng, heads.len(), 0.3)).copied().unwrap_or("Anh")
    } else {
        VIETNAMESE_MORE_GIVEN.get(power_index(rng, VIETNAMESE_MORE_GIVEN.len(), 0.3)).copied().unwrap_or("An")
    };
    let mut v = vec![part(Role::Surname, surname, &[])];
    if rng.chance(0.95) {
        v.push(part(Role::Optional, middle, &[]));
    }
    v.push(part(Role::Given, given, &[]));
    (v, None)
}

const TR_A: &[&str] = &[
    "Ay", "Gül", "Er", "Can", "Nur", "Han", "Su", "Yıl", "Öz", "Dem", "Kar", "Alp", "Tan", "Uğur", "Bay",
    "Şen", "Em", "İl", "Ser", "Sev", "Gök", "Deniz", "Ece", "Bur", "Mert", "Ar", "Tol", "Oğuz", "Sel", "Bar",
];
const TR_B: &[&str] = &[
    "dın", "han", "sen", "tekin", "kan", "dem", "nur", "gül", "su", "can", "er", "ay", "tan", "al", "an",
    "iz", "el", "bey", "çin", "ış", "kut", "gün", "ca", "ra", "sel",
];
const TR_SURNAME_A: &[&str] = &[
    "Öz", "Kara", "Ak", "Yıl", "Demir", "Kaya", "Şahin", "Ay", "Gün", "Türk", "Er", "El", "Yal", "Ars",
    "Alt", "Baş", "Taş", "Koç", "Çelik", "Arslan", "Kurt", "Tek", "Uz", "Yüce", "Doğ", "Gök", "Kılıç",
    "Bozk", "Sarı",
];
const TR_SURNAME_B: &[&str] = &[
    "türk", "kan", "maz", "oğlu", "dağ", "taş", "çın", "er", "el", "soy", "yıldız", "gül", "can", "demir",
    "kaya", "aslan", "tekin", "gün", "ay", "doğan", "su", "alp", "bey", "ok", "han", "men", "koç", "ırmak",
    "sever",
];

fn turkish(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let heads = TURKISH.of(sex);
    let given_of = |rng: &mut Rng| -> String {
        let law = Law { head: 0.5, skew: 0.6, ranks: 40_000 };
        match pick(rng, heads.len(), law) {
            Pick::Head(i) => heads.get(i).copied().unwrap_or("Mehmet").to_owned(),
            Pick::Tail(r) => {
                let mut t = tail_rng(60 + u64::from(female(sex)), r);
                format!("{}{}", any(&mut t, TR_A), any(&mut t, TR_B))
            }
        }
    };
    let mut v = vec![part(Role::Given, given_of(rng), &[])];
    if rng.chance(0.2) {
        v.push(part(Role::Optional, given_of(rng), &[]));
    }
    // Surnames (chosen by families after the 1934 law) are compounds of a few hundred words: Yılmaz alone
    // is ~3–4% of Turkey.
    let law = Law { head: 0.25, skew: 0.9, ranks: 200_000 };
    let s = match pick(rng, TURKISH_SURNAMES.len(), law) {
        Pick::Head(i) => TURKISH_SURNAMES.get(i).copied().unwrap_or("Yılmaz").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(62, r);
            let mut s = format!("{}{}", any(&mut t, TR_SURNAME_A), any(&mut t, TR_SURNAME_B));
            if t.chance(0.15) {
                s.push_str(any(&mut t, &["oğlu", "er", "soy", "han"]));
            }
            s
        }
    };
    v.push(part(Role::Surname, &s, &[]));
    (v, None)
}

const GREEK_MORE_MALE: &[&str] = &[
    "Σπυρίδων",
    "Ευστάθιος",
    "Μιχαήλ",
    "Αντώνιος",
    "Στυλιανός",
    "Ηλίας",
    "Σωτήριος",
    "Αναστάσιος",
    "Πέτρος",
    "Εμμανουήλ",
    "Σταύρος",
    "Απόστολος",
    "Λάμπρος",
    "Θεοφάνης",
    "Αριστείδης",
    "Περικλής",
];
const GREEK_MORE_FEMALE: &[&str] = &[
    "Παναγιώτα",
    "Θεοδώρα",
    "Ευτυχία",
    "Κωνσταντίνα",
    "Ιωάννα",
    "Δήμητρα",
    "Γεωργία",
    "Αναστασία",
    "Ειρήνη",
    "Στυλιανή",
    "Αργυρώ",
    "Φωτεινή",
    "Χρυσούλα",
    "Ζωή",
    "Αλεξάνδρα",
    "Μαργαρίτα",
];
const GR_ONSET: &[&str] = &[
    "Κ", "Π", "Τ", "Μ", "Ν", "Λ", "Ρ", "Σ", "Γ", "Δ", "Β", "Φ", "Χ", "Θ", "Ζ", "Στ", "Τρ", "Πρ", "Κρ", "Γκ",
    "Μπ", "Ντ", "Ξ", "Ψ", "Σπ", "Χρ",
];
const GR_VOWEL: &[&str] = &["α", "ε", "ι", "ο", "ου", "η", "υ", "ω", "αι", "ει"];
const GR_ENDING: &[(&str, &str)] = &[
    ("όπουλος", "οπούλου"),
    ("ίδης", "ίδου"),
    ("άκης", "άκη"),
    ("ίου", "ίου"),
    ("άτος", "άτου"),
    ("έας", "έα"),
    ("ίτης", "ίτη"),
    ("ούλης", "ούλη"),
    ("άρης", "άρη"),
    ("ιάδης", "ιάδου"),
    ("άκος", "άκου"),
    ("ίκος", "ίκου"),
    ("άς", "ά"),
    ("ής", "ή"),
];

/// The female (genitive) form of a Greek surname: Παπαδόπουλος → Παπαδοπούλου, Παπαδάκης → Παπαδάκη.
fn feminine_gr(s: &str) -> String {
    for (m, f) in GR_ENDING {
        if let Some(stem) = s.strip_suffix(m) {
            return format!("{stem}{f}");
        }
    }
    if let Some(stem) = s.strip_suffix("ος") {
        return format!("{stem}ου");
    }
    if let Some(stem) = s.strip_suffix("ης") {
        return format!("{stem}η");
    }
    if let Some(stem) = s.strip_suffix("ής") {
        return format!("{stem}ή");
    }
    s.to_owned()
}

fn greek_person(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let heads = GREEK.of(sex);
    let more = if female(sex) { GREEK_MORE_FEMALE } else { GREEK_MORE_MALE };
    let g = if rng.chance(0.8) {
        heads.get(power_index(rng, heads.len(), 0.6)).copied().unwrap_or("Γιώργος")
    } else {
        more.get(power_index(rng, more.len(), 0.5)).copied().unwrap_or("Σπυρίδων")
    };
    let law = Law { head: 0.12, skew: 0.7, ranks: 300_000 };
    let s = match pick(rng, GREEK_SURNAMES.len(), law) {
        Pick::Head(i) => GREEK_SURNAMES.get(i).copied().unwrap_or("Παπαδόπουλος").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(70, r);
            let mut stem = String::new();
            for _ in 0..2 + t.below(2) {
                stem.push_str(any(&mut t, GR_ONSET));
                stem.push_str(any(&mut t, GR_VOWEL));
            }
            // The stem's last vowel gives way to the ending's.
            let stem: String = {
                let mut cs: Vec<char> = stem.chars().collect();
                while cs.last().is_some_and(|c| "αειουηωυ".contains(*c)) {
                    cs.pop();
                }
                cs.into_iter().collect()
            };
            let (end, _) = GR_ENDING.get(t.below(GR_ENDING.len())).copied().unwrap_or(("ίδης", "ίδου"));
            capitalise(&format!("{}{end}", stem.to_lowercase()))
        }
    };
    let s = if female(sex) { feminine_gr(&s) } else { s };
    let parts = [(Role::Given, g.to_owned()), (Role::Surname, s.clone())]
        .iter()
        .map(|(r, w)| Part {
            role: *r,
            latin: greek(w, GreekScheme::Elot),
            variants: vec![greek(w, GreekScheme::Phonetic), greek(w, GreekScheme::Classical)],
        })
        .collect();
    (parts, Some(format!("{g} {s}")))
}

const EN_ROOT: &[&str] = &[
    "ASH", "BAR", "BECK", "BEL", "BIRCH", "BLACK", "BRAD", "BRAM", "BRIN", "BROCK", "BUCK", "BURN", "CALD",
    "CAR", "CHAD", "CHES", "CLAY", "COLD", "COR", "CRAN", "DAL", "DAR", "DEN", "DRAY", "DUN", "EL", "FAIR",
    "FAR", "FEN", "FIN", "FOX", "GAR", "GLAD", "GOLD", "GRAN", "GREEN", "HAL", "HAM", "HAR", "HART", "HAW",
    "HAY", "HEN", "HOL", "HORN", "HUNT", "KEN", "KING", "KIRK", "LAN", "LANG", "LAW", "LIN", "LOCK", "MAR",
    "MID", "MOR", "NEW", "NOR", "OAK", "PAR", "PEN", "RAD", "RAM", "RED", "RICH", "ROCK", "ROD", "ROS",
    "RUS", "SAL", "SHER", "SHEL", "STAN", "STAR", "STOCK", "SUN", "SWAN", "TAL", "THORN", "TOR", "WAL",
    "WAR", "WEST", "WHIT", "WIN", "WREN", "YAR", "ALD", "BRENT", "COL", "DER", "ELS", "GAD", "HUD", "KEL",
    "MAD", "PRES", "QUIN", "RAV", "SEL", "TEM", "TRE", "WAD",
];
const EN_INFIX: &[&str] = &["", "", "", "", "ER", "IN", "EL", "AN", "ING", "LING", "MER", "TER", "EN", "IS"];
const EN_SUFFIX: &[&str] = &[
    "TON", "FORD", "LEY", "WOOD", "FIELD", "WORTH", "BY", "HAM", "DALE", "BROOK", "MORE", "SON", "MAN", "ER",
    "ING", "INGTON", "LAND", "WELL", "BURY", "STONE", "WICK", "COTT", "HURST", "SHAW", "WAY", "RIDGE",
    "GATE", "HILL", "LOW", "CROFT", "MONT", "WAITE", "BRIDGE", "STEAD", "CLIFF", "MERE", "ELL", "ETT", "OCK",
    "EY", "S", "KINS", "LOCK", "GROVE", "SBY", "STER", "WARD",
];
const EN_ONSET: &[&str] = &[
    "BR", "K", "J", "M", "T", "D", "L", "R", "SH", "CH", "GR", "AD", "AV", "BL", "C", "EL", "H", "N", "P",
    "S", "Z", "KR", "TR", "ST", "JA", "MA", "KA", "RY", "LY", "AR", "BE", "DA", "JO", "MI",
];
const EN_VOWEL: &[&str] = &["A", "E", "I", "O", "AI", "AY", "EE", "Y", "AU", "OR", "AR", "ER"];
const EN_MALE_END: &[&str] = &[
    "DEN", "SON", "TON", "DON", "VIN", "RICK", "ISON", "ER", "IN", "AN", "EL", "ON", "LEY", "STON", "CE", "X",
];
const EN_FEMALE_END: &[&str] = &[
    "LYN", "LEY", "LA", "NA", "RA", "LIE", "RIE", "NNA", "ELLE", "ETTE", "IAH", "ANNA", "ENCE", "Y", "IE",
    "ISSA",
];

fn anglo_surname_tail(t: &mut Rng) -> String {
    let mut s = format!("{}{}{}", any(t, EN_ROOT), any(t, EN_INFIX), any(t, EN_SUFFIX));
    // Spelling habits that split one surname into several (SMITH/SMYTH/SMYTHE, CLARK/CLARKE).
    match t.below(8) {
        0 => s = s.replacen('I', "Y", 1),
        1 if !s.ends_with('E') => s.push('E'),
        2 => s = s.replace("LEY", "LEIGH"),
        _ => {}
    }
    s
}

/// An immigrant surname in an Anglophone population: a tail name of another culture, in Latin letters.
fn immigrant_surname(t: &mut Rng) -> String {
    let r = 1 + t.below(200_000) as u64;
    let s = match t.below(8) {
        0 => iberian_tail(&mut tail_rng(32, r)),
        1 => {
            let mut u = tail_rng(42, r);
            format!("{}{}", any(&mut u, DE_ROOT), any(&mut u, DE_SUFFIX))
        }
        2 => {
            let mut u = tail_rng(52, r);
            format!(
                "{}{}{}",
                any(&mut u, IN_ONSET),
                any(&mut u, &["A", "I", "U", "E", "O"]),
                any(&mut u, IN_SURNAME_END)
            )
        }
        3 => {
            CHINESE_SURNAMES.get(power_index(t, CHINESE_SURNAMES.len(), 0.8)).map_or("LI", |c| c.1).to_owned()
        }
        4 => VIETNAMESE_SURNAMES
            .get(power_index(t, VIETNAMESE_SURNAMES.len(), 1.0))
            .copied()
            .unwrap_or("Nguyễn")
            .to_owned(),
        5 => {
            let mut u = tail_rng(80, r);
            french_tail(&mut u)
        }
        6 => arabic_word(&mut tail_rng(22, r), false, true)
            .1
            .first()
            .map(|w| w.trim_start_matches("AL-").to_owned())
            .unwrap_or_default(),
        _ => {
            let mut u = tail_rng(90, r);
            format!("{}{}", any(&mut u, WA_A), any(&mut u, WA_B))
        }
    };
    crate::generate::strip_diacritics(&s).to_uppercase()
}

fn anglo(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let heads = ANGLO.of(sex);
    let given_of = |rng: &mut Rng| -> Part {
        if rng.chance(0.15) {
            // Immigrant given names: a multicultural population.
            let pool: &[&str] = match rng.below(4) {
                0 => IBERIAN.of(sex),
                1 => FRENCH.of(sex),
                2 => GERMANIC.of(sex),
                _ => WEST_AFRICAN.of(sex),
            };
            return part(
                Role::Given,
                pool.get(power_index(rng, pool.len(), 0.8)).copied().unwrap_or("Ana"),
                &[],
            );
        }
        let law = Law { head: 0.55 / 0.85, skew: 0.7, ranks: 50_000 };
        match pick(rng, heads.len(), law) {
            Pick::Head(i) => {
                let (g, v) = heads.get(i).copied().unwrap_or(("JOHN", &[]));
                part(Role::Given, g, v)
            }
            Pick::Tail(r) => {
                let mut t = tail_rng(100 + u64::from(female(sex)), r);
                let end = if female(sex) { any(&mut t, EN_FEMALE_END) } else { any(&mut t, EN_MALE_END) };
                part(Role::Given, format!("{}{}{end}", any(&mut t, EN_ONSET), any(&mut t, EN_VOWEL)), &[])
            }
        }
    };
    let mut v = vec![given_of(rng)];
    if rng.chance(0.4) {
        let mut m = given_of(rng);
        m.role = Role::Optional;
        v.push(m);
    }
    // Surnames: the 95 listed hold ~16% (the US's top 25 hold 8.7%, its top 239 25%); the long tail is
    // compounds of English place and trade words, and a quarter immigrant names of other cultures.
    let law = Law { head: 0.16, skew: 0.6, ranks: 1_100_000 };
    let s = match pick(rng, ANGLO_SURNAMES.len(), law) {
        Pick::Head(i) => ANGLO_SURNAMES.get(i).copied().unwrap_or("SMITH").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(102, r);
            if t.chance(0.25) { immigrant_surname(&mut t) } else { anglo_surname_tail(&mut t) }
        }
    };
    v.push(part(Role::Surname, &s, &[]));
    (v, None)
}

const FR_ONSET: &[&str] = &[
    "B", "BL", "BR", "C", "CH", "CL", "D", "F", "G", "GR", "J", "L", "M", "N", "P", "PR", "R", "S", "T",
    "TR", "V",
];
const FR_VOWEL: &[&str] = &["A", "E", "I", "O", "OU", "AU", "EU", "AI"];
const FR_ENDING: &[&str] = &[
    "RD", "RT", "UD", "NET", "LET", "RIER", "LIER", "NIER", "CHET", "VEAU", "REAU", "LIN", "RIN", "TIN",
    "MONT", "VAL", "BERT", "BOIS", "CHAMP", "COURT", "FORT", "GNON", "ILLE", "ELLE", "OT", "AND", "ARD",
    "AUD", "EAU", "ET", "IER", "IN", "ON", "OUX", "Y", "ELIN", "ERON", "ASSE",
];

fn french_tail(t: &mut Rng) -> String {
    let mut s = format!("{}{}", any(t, FR_ONSET), any(t, FR_VOWEL));
    if t.chance(0.5) {
        s.push_str(any(t, FR_ONSET));
        s.push_str(any(t, FR_VOWEL));
    }
    s.push_str(any(t, FR_ENDING));
    title_case(&s.to_lowercase())
}

fn french(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let heads = FRENCH.of(sex);
    let law = Law { head: 0.6, skew: 0.7, ranks: 20_000 };
    let given = match pick(rng, heads.len(), law) {
        Pick::Head(i) => heads.get(i).copied().unwrap_or("Jean").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(81 + u64::from(female(sex)), r);
            if t.chance(0.4) {
                // Compound given names: Jean-Marc, Marie-Claire.
                let second = heads.get(t.below(heads.len())).copied().unwrap_or("Luc");
                format!("{}-{second}", if female(sex) { "Marie" } else { "Jean" })
            } else {
                let end = if female(sex) {
                    any(&mut t, &["ine", "ette", "elle", "ie", "ise", "ence"])
                } else {
                    any(&mut t, &["ien", "in", "ert", "ard", "ent", "ic"])
                };
                title_case(&format!("{}{}{end}", any(&mut t, FR_ONSET), any(&mut t, FR_VOWEL)).to_lowercase())
            }
        }
    };
    let law = Law { head: 0.12, skew: 0.5, ranks: 500_000 };
    let s = match pick(rng, FRENCH_SURNAMES.len(), law) {
        Pick::Head(i) => FRENCH_SURNAMES.get(i).copied().unwrap_or("Martin").to_owned(),
        Pick::Tail(r) => french_tail(&mut tail_rng(80, r)),
    };
    (vec![part(Role::Given, given, &[]), part(Role::Surname, s, &[])], None)
}

const WA_A: &[&str] = &[
    "Olu", "Ade", "Ola", "Oye", "Ayo", "Fola", "Oba", "Ife", "Oluwa", "Omo", "Tolu", "Bola", "Dami", "Temi",
    "Chi", "Nna", "Eme", "Obi", "Ike", "Uche", "Ada", "Ifeo", "Kwa", "Ako", "Ose", "Ogun", "Aki", "Baba",
    "Sola",
];
const WA_B: &[&str] = &[
    "waseun", "bayo", "mide", "tunde", "wale", "segun", "kunle", "du", "ka", "nedu", "emeka", "damilare",
    "tobi", "luwa", "yemi", "nike", "bunmi", "naya", "oma", "maka", "eze", "ukwu", "lade", "femi", "dele",
    "kachi", "nonso", "bena", "mensah", "fo",
];

fn west_african(rng: &mut Rng, sex: Sex) -> (Vec<Part>, Option<String>) {
    let heads = WEST_AFRICAN.of(sex);
    let given_of = |rng: &mut Rng| -> String {
        let law = Law { head: 0.4, skew: 0.5, ranks: 60_000 };
        match pick(rng, heads.len(), law) {
            Pick::Head(i) => heads.get(i).copied().unwrap_or("Kwame").to_owned(),
            Pick::Tail(r) => {
                let mut t = tail_rng(91 + u64::from(female(sex)), r);
                format!("{}{}", any(&mut t, WA_A), any(&mut t, WA_B))
            }
        }
    };
    let mut v = vec![part(Role::Given, given_of(rng), &[])];
    if rng.chance(0.3) {
        v.push(part(Role::Optional, given_of(rng), &[]));
    }
    let law = Law { head: 0.2, skew: 0.8, ranks: 300_000 };
    let s = match pick(rng, WEST_AFRICAN_SURNAMES.len(), law) {
        Pick::Head(i) => WEST_AFRICAN_SURNAMES.get(i).copied().unwrap_or("Mensah").to_owned(),
        Pick::Tail(r) => {
            let mut t = tail_rng(90, r);
            let mut s = format!("{}{}", any(&mut t, WA_A), any(&mut t, WA_B));
            if t.chance(0.3) {
                s = format!("{}{}", s, any(&mut t, &["", "n", "ye", "wo", "la", "ji"]));
            }
            s
        }
    };
    v.push(part(Role::Surname, &s, &[]));
    (v, None)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use std::collections::HashMap;

    /// The same seed gives the same person, and names are never empty.
    #[test]
    fn deterministic_and_non_empty() {
        for seed in 0..2_000u64 {
            let a = person(&mut Rng::new(seed));
            let b = person(&mut Rng::new(seed));
            assert_eq!(a.latin(), b.latin());
            assert_eq!(a.native, b.native);
            assert!(a.parts.iter().all(|p| !p.latin.trim().is_empty()), "{seed}: {:?}", a.latin());
        }
    }

    /// The inventory is large (most full names unique in a sample) but common names still recur.
    #[test]
    fn inventory_is_large_with_a_common_head() {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let n = 20_000u64;
        for seed in 0..n {
            let p = person(&mut Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
            *counts.entry(p.latin().to_uppercase()).or_default() += 1;
        }
        let distinct = counts.len() as f64 / n as f64;
        let max = counts.values().copied().max().unwrap_or(0);
        assert!(distinct > 0.75, "distinct share {distinct}");
        assert!((3..200).contains(&max), "commonest full name {max} times");
    }

    #[test]
    fn power_law_draws_stay_in_range() {
        let mut rng = Rng::new(7);
        for n in [1usize, 2, 10, 1000] {
            for s in [0.5, 1.0, 1.3] {
                for _ in 0..200 {
                    assert!(power_index(&mut rng, n, s) < n);
                }
            }
        }
        let law = Law { head: 0.0, skew: 1.0, ranks: 100 };
        for _ in 0..200 {
            let Pick::Tail(r) = pick(&mut rng, 10, law) else { panic!("head drawn") };
            assert!((1..=91).contains(&r), "{r}");
        }
    }

    #[test]
    fn feminine_forms() {
        assert_eq!(feminine_ru("Иванов"), "Иванова");
        assert_eq!(feminine_ru("Чайковский"), "Чайковская");
        assert_eq!(feminine_ru("Шевченко"), "Шевченко");
        assert_eq!(feminine_gr("Παπαδόπουλος"), "Παπαδοπούλου");
        assert_eq!(feminine_gr("Παπαδάκης"), "Παπαδάκη");
    }
}
