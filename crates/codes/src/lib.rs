//! Reference data every other crate stands on: ICAO 9303 country codes (ISO 3166-1 alpha-3 plus ICAO's
//! special codes such as `D<<`, `GBD`, `UNO`, `XXA`) and China's port registry.
//!
//! The data lives in `data/*.csv` inside this crate, is compiled into the binary and parsed once on first
//! use; the storage crates load the same files into their reference tables on migration, so the database
//! and the pure code can never disagree. Nothing here does IO.
//!
//! ```
//! let chn = codes::CountryCode::parse("CHN").unwrap();
//! assert_eq!(chn.info().unwrap().name_zh, "中国");
//! let pvg = codes::port("PVG").unwrap();
//! assert_eq!(pvg.time_zone, "Asia/Shanghai");
//! ```

mod csv;

use std::fmt;
use std::sync::LazyLock;

pub use csv::{CsvError, parse_csv};

const COUNTRIES_CSV: &str = include_str!("../data/countries.csv");
const PORTS_CSV: &str = include_str!("../data/ports.csv");

/// The raw country table, for the storage crates' migrations.
pub const COUNTRIES_SOURCE: &str = COUNTRIES_CSV;
/// The raw port table, for the storage crates' migrations.
pub const PORTS_SOURCE: &str = PORTS_CSV;

/// Why a code was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeError {
    /// The text is not three characters of `A`–`Z` or `<` (country) or not a registry port code.
    Malformed { what: &'static str, text: String },
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Malformed { what, text } => write!(f, "{text:?} is not a well-formed {what}"),
        }
    }
}

impl std::error::Error for CodeError {}

/// A three-character ICAO 9303 state/organisation code, as it appears in an MRZ (`CHN`, `D<<`, `XXA`).
///
/// A `CountryCode` that exists is well-formed; whether it is *known* (in the ICAO table) is a separate
/// question answered by [`CountryCode::info`], because an unknown code is a warning, not an error.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    /// Parses a code written with MRZ fillers (`D<<`) or, for convenience, trailing spaces or a short
    /// form (`D`), which are padded with `<`. Lower case is accepted and folded.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        let malformed = || CodeError::Malformed { what: "country code", text: text.to_owned() };
        let trimmed = text.trim_end_matches([' ', '<']);
        if trimmed.is_empty() || trimmed.len() > 3 {
            return Err(malformed());
        }
        let mut out = [b'<'; 3];
        for (slot, byte) in out.iter_mut().zip(trimmed.bytes()) {
            let up = byte.to_ascii_uppercase();
            if !up.is_ascii_uppercase() {
                return Err(malformed());
            }
            *slot = up;
        }
        Ok(CountryCode(out))
    }

    /// The code as written in an MRZ, three characters with `<` fillers.
    pub fn as_str(&self) -> &str {
        // The bytes are always ASCII upper case or '<' (checked in `parse`).
        std::str::from_utf8(&self.0).unwrap_or("<<<")
    }

    /// The code without fillers (`D` for Germany), as used in APIs and URLs.
    pub fn trimmed(&self) -> &str {
        self.as_str().trim_end_matches('<')
    }

    /// The table entry, or `None` for a well-formed code that ICAO does not list.
    pub fn info(&self) -> Option<&'static Country> {
        countries().iter().find(|c| c.code == *self)
    }

    /// True for China's mainland code `CHN`.
    pub fn is_china(&self) -> bool {
        self.0 == *b"CHN"
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CountryCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CountryCode::parse(s)
    }
}

impl serde::Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CountryCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What kind of entity a code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CountryKind {
    /// An ISO 3166-1 state or territory (including ICAO's `D` for Germany).
    State,
    /// A British nationality class (`GBD`, `GBN`, `GBO`, `GBP`, `GBS`).
    BritishNationality,
    /// An international organisation (`UNO`, `UNA`, `UNK`, `EUE`, `XOM`, `XPO`, …).
    Organisation,
    /// Stateless, refugee or unspecified nationality (`XXA`, `XXB`, `XXC`, `XXX`).
    Nationality,
    /// A code reserved for specimens (`UTO`, Utopia).
    Specimen,
    /// Other codes ICAO lists (e.g. `RKS` Kosovo).
    Other,
}

impl CountryKind {
    /// The kebab-case name used in the data file and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            CountryKind::State => "state",
            CountryKind::BritishNationality => "british-nationality",
            CountryKind::Organisation => "organisation",
            CountryKind::Nationality => "nationality",
            CountryKind::Specimen => "specimen",
            CountryKind::Other => "other",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "state" => CountryKind::State,
            "british-nationality" => CountryKind::BritishNationality,
            "organisation" => CountryKind::Organisation,
            "nationality" => CountryKind::Nationality,
            "specimen" => CountryKind::Specimen,
            "other" => CountryKind::Other,
            _ => return None,
        })
    }
}

/// One row of the ICAO code table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Country {
    pub code: CountryCode,
    /// ISO 3166-1 alpha-2, where one exists.
    pub alpha2: Option<String>,
    /// ISO 3166-1 numeric, where one exists.
    pub numeric: Option<u16>,
    pub kind: CountryKind,
    pub name_en: String,
    pub name_zh: String,
}

/// Every code in the table, in file order.
pub fn countries() -> &'static [Country] {
    static TABLE: LazyLock<Vec<Country>> =
        LazyLock::new(|| load_countries(COUNTRIES_CSV).unwrap_or_default());
    &TABLE
}

/// Looks a country up by its ICAO code, with or without fillers.
pub fn country(code: &str) -> Option<&'static Country> {
    CountryCode::parse(code).ok()?.info()
}

/// Parses a country table in the format of `data/countries.csv`.
pub fn load_countries(text: &str) -> Result<Vec<Country>, CsvError> {
    let rows = parse_csv(text)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows.iter().skip(1) {
        let field = |i: usize| row.fields.get(i).map(String::as_str).unwrap_or("");
        let bad = |reason: &str| CsvError { line: row.line, message: reason.to_owned() };
        let code = CountryCode::parse(field(0)).map_err(|e| bad(&e.to_string()))?;
        let numeric = match field(2) {
            "" => None,
            n => Some(n.parse::<u16>().map_err(|_| bad("numeric code is not a number"))?),
        };
        let kind = CountryKind::parse(field(3)).ok_or_else(|| bad("unknown kind"))?;
        if field(4).is_empty() || field(5).is_empty() {
            return Err(bad("English and Chinese names are required"));
        }
        out.push(Country {
            code,
            alpha2: Some(field(1)).filter(|s| !s.is_empty()).map(str::to_owned),
            numeric,
            kind,
            name_en: field(4).to_owned(),
            name_zh: field(5).to_owned(),
        });
    }
    Ok(out)
}

/// How travellers cross at a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PortKind {
    Air,
    Land,
    Sea,
    Rail,
}

impl PortKind {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "air" => PortKind::Air,
            "land" => PortKind::Land,
            "sea" => PortKind::Sea,
            "rail" => PortKind::Rail,
            _ => return None,
        })
    }

    /// The lower-case name used in the data files and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            PortKind::Air => "air",
            PortKind::Land => "land",
            PortKind::Sea => "sea",
            PortKind::Rail => "rail",
        }
    }
}

/// One port of entry in the registry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Port {
    /// The registry code: the IATA code for airports (`PVG`), a mnemonic code for other ports.
    pub code: String,
    pub iata: Option<String>,
    pub kind: PortKind,
    pub name_en: String,
    pub name_zh: String,
    /// Province-level division, in English (`Guangdong`, `Shanghai`).
    pub province: String,
    pub city: String,
    /// IANA time zone name, e.g. `Asia/Shanghai`.
    pub time_zone: String,
}

/// Every port in the registry, in file order.
pub fn ports() -> &'static [Port] {
    static TABLE: LazyLock<Vec<Port>> = LazyLock::new(|| load_ports(PORTS_CSV).unwrap_or_default());
    &TABLE
}

/// Looks a port up by registry code or IATA code, case-insensitively.
pub fn port(code: &str) -> Option<&'static Port> {
    let code = code.trim();
    ports().iter().find(|p| {
        p.code.eq_ignore_ascii_case(code) || p.iata.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(code))
    })
}

/// Parses a port table in the format of `data/ports.csv`.
pub fn load_ports(text: &str) -> Result<Vec<Port>, CsvError> {
    let rows = parse_csv(text)?;
    let mut out: Vec<Port> = Vec::with_capacity(rows.len());
    for row in rows.iter().skip(1) {
        let field = |i: usize| row.fields.get(i).map(String::as_str).unwrap_or("").to_owned();
        let bad = |reason: &str| CsvError { line: row.line, message: reason.to_owned() };
        let code = field(0);
        if code.is_empty()
            || code.len() > 24
            || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(bad("port code must be 1-24 characters of A-Z, 0-9 and '-'"));
        }
        if out.iter().any(|p| p.code == code) {
            return Err(bad("duplicate port code"));
        }
        let kind = PortKind::parse(&field(2)).ok_or_else(|| bad("kind must be air, land, sea or rail"))?;
        let iata = Some(field(1)).filter(|s| !s.is_empty());
        if let Some(i) = &iata
            && (i.len() != 3 || !i.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(bad("IATA code must be three letters"));
        }
        let port = Port {
            code,
            iata,
            kind,
            name_en: field(3),
            name_zh: field(4),
            province: field(5),
            city: field(6),
            time_zone: field(7),
        };
        if port.name_en.is_empty() || port.name_zh.is_empty() || port.province.is_empty() {
            return Err(bad("names and province are required"));
        }
        if !port.time_zone.contains('/') {
            return Err(bad("time zone must be an IANA name such as Asia/Shanghai"));
        }
        out.push(port);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_tables_parse() {
        let c = load_countries(COUNTRIES_CSV).unwrap();
        assert_eq!(c.len(), countries().len());
        let p = load_ports(PORTS_CSV).unwrap();
        assert_eq!(p.len(), ports().len());
    }

    #[test]
    fn country_codes() {
        let cases: &[(&str, Option<&str>)] = &[
            ("CHN", Some("CHN")),
            ("chn", Some("CHN")),
            ("D", Some("D<<")),
            ("D<<", Some("D<<")),
            ("D  ", Some("D<<")),
            ("", None),
            ("ABCD", None),
            ("C1N", None),
            ("中国", None),
        ];
        for (input, want) in cases {
            let got = CountryCode::parse(input).ok().map(|c| c.as_str().to_owned());
            assert_eq!(got.as_deref(), *want, "input {input:?}");
        }
    }

    #[test]
    fn port_lookup_by_iata_is_case_insensitive() {
        assert_eq!(port("pvg").map(|p| p.code.as_str()), Some("PVG"));
        assert!(port("NOPE").is_none());
    }
}
