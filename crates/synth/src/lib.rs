//! Synthetic travellers for demos, load tests and benchmarks: invented names from many cultures, as an MRZ
//! writes them. No real person's data: names are combined at random from common name pools, numbers and dates
//! are generated, and the generator is seeded so every run is the same.

/// A tiny deterministic PRNG (SplitMix64): the demo is the same on every run.
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

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        // `below` returns a value smaller than the length, and callers never pass an empty slice.
        &items[i.min(items.len().saturating_sub(1))]
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

/// Name pools by nationality: (ICAO code, surnames, given names).
pub const POOLS: &[(&str, &[&str], &[&str])] = &[
    (
        "CHN",
        &[
            "WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU", "XU", "SUN", "MA",
            "ZHU", "HU", "GUO", "HE", "LIN", "LUO", "GAO",
        ],
        &[
            "WEI", "FANG", "NA", "XIUYING", "MIN", "JING", "LEI", "QIANG", "JUN", "YANG", "YONG", "YAN",
            "JIE", "TAO", "MING", "CHAO", "XIA", "HUI", "PENG", "LING",
        ],
    ),
    (
        "HKG",
        &["CHAN", "WONG", "LEUNG", "CHEUNG", "LAU", "LEE", "CHEUNG", "HO", "NG", "YEUNG"],
        &["KA MING", "WING YAN", "CHI KEUNG", "MEI LING", "TSZ HIN", "HOI YAN", "KWOK WAI", "SIU MAN"],
    ),
    ("MAC", &["LEONG", "CHAN", "WONG", "LAM", "IAO", "U"], &["KUOK HOU", "IOK CHENG", "WENG SAN", "CHI IAN"]),
    (
        "USA",
        &["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS", "GARCIA", "WILSON", "TAYLOR"],
        &["JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA", "DAVID", "SARAH"],
    ),
    (
        "GBR",
        &["SMITH", "JONES", "TAYLOR", "BROWN", "WILLIAMS", "WILSON", "EVANS", "THOMAS"],
        &["OLIVER", "AMELIA", "GEORGE", "ISLA", "HARRY", "AVA", "JACK", "EMILY"],
    ),
    (
        "D",
        &["MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER", "BECKER"],
        &["LUKAS", "ANNA", "FELIX", "LENA", "JONAS", "LEA", "PAUL", "MARIE"],
    ),
    (
        "FRA",
        &["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "PETIT", "DURAND", "LEROY"],
        &["GABRIEL", "LOUISE", "RAPHAEL", "EMMA", "LEO", "JADE", "LOUIS", "ALICE"],
    ),
    (
        "JPN",
        &["SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE", "ITO", "YAMAMOTO", "NAKAMURA"],
        &["HARUTO", "YUI", "SOTA", "HINA", "YUTO", "AOI", "RIKU", "SAKURA"],
    ),
    (
        "KOR",
        &["KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON"],
        &["MINJUN", "SEOYEON", "JIHO", "HAEUN", "DOYUN", "SEOAH", "JUWON", "JIWOO"],
    ),
    (
        "RUS",
        &["IVANOV", "SMIRNOV", "KUZNETSOV", "POPOV", "VASILEV", "PETROV", "SOKOLOV", "MIKHAILOV"],
        &["ALEKSANDR", "ANASTASIIA", "DMITRII", "MARIIA", "MAKSIM", "DARIA", "IVAN", "SOFIIA"],
    ),
    (
        "SGP",
        &["TAN", "LIM", "LEE", "NG", "ONG", "WONG", "GOH", "CHUA"],
        &["WEI LING", "JUN JIE", "HUI MIN", "ZHI HAO", "SHU FEN", "KAI WEN"],
    ),
    (
        "MYS",
        &["ABDULLAH", "RAHMAN", "ISMAIL", "TAN", "LIM", "RAJ"],
        &["AHMAD", "SITI", "MUHAMMAD", "NUR", "ARJUN", "MEI LING"],
    ),
    (
        "THA",
        &["SAETANG", "CHAIYAPORN", "SRISUK", "WONGSAWAT", "BOONMA"],
        &["SOMCHAI", "MALEE", "ANAN", "PRANEE", "KITTI"],
    ),
    (
        "AUS",
        &["SMITH", "JONES", "WILLIAMS", "BROWN", "WILSON", "TAYLOR"],
        &["JACK", "CHARLOTTE", "WILLIAM", "OLIVIA", "NOAH", "MIA"],
    ),
    (
        "CAN",
        &["TREMBLAY", "GAGNON", "ROY", "SMITH", "BROWN", "MARTIN"],
        &["LIAM", "OLIVIA", "NOAH", "EMMA", "WILLIAM", "CHARLOTTE"],
    ),
    (
        "IDN",
        &["SANTOSO", "WIJAYA", "SAPUTRA", "HIDAYAT", "KUSUMA"],
        &["BUDI", "SITI", "AGUS", "DEWI", "RIZKY"],
    ),
    (
        "IND",
        &["SHARMA", "PATEL", "SINGH", "KUMAR", "GUPTA", "REDDY"],
        &["AARAV", "ANANYA", "VIVAAN", "DIYA", "ARJUN", "SAANVI"],
    ),
    (
        "BRA",
        &["SILVA", "SANTOS", "OLIVEIRA", "SOUZA", "RODRIGUES", "FERREIRA"],
        &["MIGUEL", "HELENA", "ARTHUR", "ALICE", "GAEL", "LAURA"],
    ),
    (
        "ITA",
        &["ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "BIANCHI", "ROMANO"],
        &["LEONARDO", "SOFIA", "FRANCESCO", "GIULIA", "ALESSANDRO", "AURORA"],
    ),
    (
        "NLD",
        &["DE JONG", "JANSEN", "DE VRIES", "VAN DEN BERG", "BAKKER", "VISSER"],
        &["NOAH", "EMMA", "SEM", "JULIA", "LUCAS", "MILA"],
    ),
    (
        "ESP",
        &["GARCIA LOPEZ", "MARTINEZ SANCHEZ", "FERNANDEZ RUIZ", "GONZALEZ DIAZ"],
        &["HUGO", "LUCIA", "MATEO", "SOFIA", "MARTIN", "MARTINA"],
    ),
    (
        "VNM",
        &["NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VU"],
        &["VAN AN", "THI MAI", "MINH DUC", "THU HA", "QUOC BAO"],
    ),
    (
        "PHL",
        &["SANTOS", "REYES", "CRUZ", "BAUTISTA", "GARCIA"],
        &["JOSE", "MARIA", "JUAN", "ANGELICA", "MARK"],
    ),
    (
        "ARE",
        &["AL MANSOORI", "AL HASHEMI", "AL MAZROUEI", "AL KETBI"],
        &["MOHAMMED", "FATIMA", "AHMED", "MARYAM", "KHALID"],
    ),
    (
        "NGA",
        &["OKAFOR", "ADEYEMI", "BELLO", "OKONKWO", "IBRAHIM"],
        &["CHINEDU", "AMINA", "EMEKA", "NGOZI", "TUNDE"],
    ),
];

/// Pools used for foreigners (everyone but CHN, HKG, MAC).
pub fn foreign_pools() -> Vec<&'static (&'static str, &'static [&'static str], &'static [&'static str])> {
    POOLS.iter().filter(|(c, _, _)| !matches!(*c, "CHN" | "HKG" | "MAC")).collect()
}

/// The pool of a nationality.
pub fn pool(code: &str) -> &'static (&'static str, &'static [&'static str], &'static [&'static str]) {
    POOLS.iter().find(|(c, _, _)| *c == code).unwrap_or(&POOLS[0])
}

/// A synthetic document number for a nationality.
pub fn document_number(rng: &mut Rng, nationality: &str) -> String {
    let digits = |rng: &mut Rng, n: usize| {
        (0..n).map(|_| char::from(b'0' + (rng.below(10) as u8))).collect::<String>()
    };
    match nationality {
        "CHN" => format!("E{}", digits(rng, 8)),
        "HKG" => format!("K{}", digits(rng, 8)),
        "MAC" => format!("MA{}", digits(rng, 6)),
        _ => {
            let l = char::from(b'A' + (rng.below(26) as u8));
            format!("{l}{}", digits(rng, 8))
        }
    }
}
