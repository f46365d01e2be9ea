//! The MRZ formats and where each field sits in them (Doc 9303 Parts 4–7, and the national permit card).
//!
//! A zone is held as its lines concatenated into one buffer; every position below is an offset into that
//! buffer, so `line = offset / width + 1` and `position = offset % width + 1` (both 1-based, as in Doc 9303).

use serde::{Deserialize, Serialize};

/// The MRZ layouts this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Format {
    /// Size-1 card, 3 × 30 (Doc 9303 Part 5).
    #[serde(rename = "TD1")]
    Td1,
    /// Size-2 card or document, 2 × 36 (Part 6; also the single-sheet ETD of Part 8 with code `PU`).
    #[serde(rename = "TD2")]
    Td2,
    /// Passport (MRP) or other size-3 document, 2 × 44 (Part 4).
    #[serde(rename = "TD3")]
    Td3,
    /// Full-size visa, 2 × 44 (Part 7 §4).
    #[serde(rename = "MRV-A")]
    MrvA,
    /// Small visa, 2 × 36 (Part 7 §7).
    #[serde(rename = "MRV-B")]
    MrvB,
    /// China's exit-entry permit cards (`CS` Hong Kong/Macao, `CD` Taiwan): 3 × 30, only line 1 is ICAO-like.
    /// See [`crate::national`].
    #[serde(rename = "CN-PERMIT")]
    CnPermit,
}

impl Format {
    /// Every format, for generators and tests.
    pub const ALL: [Format; 6] =
        [Format::Td1, Format::Td2, Format::Td3, Format::MrvA, Format::MrvB, Format::CnPermit];

    /// The name used in reports and on the command line (`TD3`, `MRV-A`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Td1 => "TD1",
            Format::Td2 => "TD2",
            Format::Td3 => "TD3",
            Format::MrvA => "MRV-A",
            Format::MrvB => "MRV-B",
            Format::CnPermit => "CN-PERMIT",
        }
    }

    /// Number of lines.
    pub fn lines(self) -> usize {
        usize::from(self.layout().lines)
    }

    /// Characters per line.
    pub fn width(self) -> usize {
        usize::from(self.layout().width)
    }

    pub(crate) fn layout(self) -> &'static Layout {
        match self {
            Format::Td1 => &TD1,
            Format::Td2 => &TD2,
            Format::Td3 => &TD3,
            Format::MrvA => &MRV_A,
            Format::MrvB => &MRV_B,
            Format::CnPermit => &CN_PERMIT,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Format {
    type Err = crate::WriteError;
    /// Accepts `TD1`, `TD2`, `TD3`, `MRV-A`, `MRV-B` (also `MRVA`, `MRV_A`, any case) and `CN-PERMIT`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm: String =
            s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
        Ok(match norm.as_str() {
            "TD1" => Format::Td1,
            "TD2" => Format::Td2,
            "TD3" | "MRP" => Format::Td3,
            "MRVA" => Format::MrvA,
            "MRVB" => Format::MrvB,
            "CNPERMIT" => Format::CnPermit,
            _ => return Err(crate::WriteError::UnknownFormat { text: s.to_owned() }),
        })
    }
}

/// A data element of the zone, as named in reports (`field` of checks, errors and corrections).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Field {
    /// The zone as a whole: line count, line lengths.
    Lines,
    DocumentCode,
    IssuingState,
    Name,
    DocumentNumber,
    Nationality,
    BirthDate,
    Sex,
    ExpiryDate,
    /// TD3 personal number (positions 29–42), TD2/MRV optional data, TD1 line 1 optional data.
    OptionalData,
    /// TD1 line 2 optional data (positions 19–29).
    OptionalData2,
    /// The composite check digit.
    Composite,
    /// A filler position with no data element (the permit card's separators).
    Filler,
    /// National data outside the ICAO layout (permit card lines 2–3).
    NationalData,
}

impl Field {
    /// The field's name in plain words, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Field::Lines => "zone",
            Field::DocumentCode => "document code",
            Field::IssuingState => "issuing state",
            Field::Name => "name",
            Field::DocumentNumber => "document number",
            Field::Nationality => "nationality",
            Field::BirthDate => "birth date",
            Field::Sex => "sex",
            Field::ExpiryDate => "expiry date",
            Field::OptionalData => "optional data",
            Field::OptionalData2 => "second optional data",
            Field::Composite => "composite",
            Field::Filler => "filler",
            Field::NationalData => "national data",
        }
    }
}

/// Which characters a position may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// `A`–`Z` and `<` (codes, names).
    Alpha,
    /// `0`–`9` (expiry dates).
    Digit,
    /// `0`–`9` and `<` (birth dates, check digits that may be filler).
    DigitOrFiller,
    /// `A`–`Z`, `0`–`9` and `<` (numbers, optional data).
    Alnum,
    /// `F`, `M`, `<` (and `X`, accepted with a warning).
    Sex,
    /// Only `<`.
    Filler,
}

impl Class {
    pub(crate) fn allows(self, b: u8) -> bool {
        match self {
            Class::Alpha => b.is_ascii_uppercase() || b == b'<',
            Class::Digit => b.is_ascii_digit(),
            Class::DigitOrFiller => b.is_ascii_digit() || b == b'<',
            Class::Alnum => b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<',
            Class::Sex => matches!(b, b'F' | b'M' | b'<' | b'X'),
            Class::Filler => b == b'<',
        }
    }

    /// The character bits this class admits: `A`–`Z` are ALPHA (F, M and X also SEX), `0`–`9` DIGIT, `<` FILLER.
    pub(crate) const fn bits(self) -> u8 {
        match self {
            Class::Alpha => ALPHA | FILLER,
            Class::Digit => DIGIT,
            Class::DigitOrFiller => DIGIT | FILLER,
            Class::Alnum => ALPHA | DIGIT | FILLER,
            Class::Sex => SEX | FILLER,
            Class::Filler => FILLER,
        }
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            Class::Alpha => "A-Z or <",
            Class::Digit => "0-9",
            Class::DigitOrFiller => "0-9 or <",
            Class::Alnum => "A-Z, 0-9 or <",
            Class::Sex => "F, M or <",
            Class::Filler => "<",
        }
    }
}

const ALPHA: u8 = 1;
const DIGIT: u8 = 2;
const FILLER: u8 = 4;
/// `F`, `M` and `X`: the letters the sex position admits.
const SEX: u8 = 8;

/// The allowed-character bits of every zone position (0 = not checked: the permit card's lines 2–3).
const fn mask_of(classes: &[(Field, Span, Class)]) -> [u8; crate::read::MAX_ZONE] {
    let mut mask = [0u8; crate::read::MAX_ZONE];
    let mut i = 0;
    while i < classes.len() {
        // Const evaluation: an out-of-range index would be a compile error, never a run-time panic.
        #[allow(clippy::indexing_slicing)]
        {
            let (_, span, class) = classes[i];
            let mut at = span.start as usize;
            while at < span.end as usize {
                mask[at] = class.bits();
                at += 1;
            }
        }
        i += 1;
    }
    mask
}

/// True when every checked position holds a character of its class.
///
/// Written with arithmetic rather than a table lookup so that the compiler can vectorise it.
#[inline]
pub(crate) fn classes_ok(buf: &[u8; crate::read::MAX_ZONE], mask: &[u8; crate::read::MAX_ZONE]) -> bool {
    let mut bad = [0u8; 16];
    for (bc, mc) in buf.chunks_exact(16).zip(mask.chunks_exact(16)) {
        for ((&b, &m), acc) in bc.iter().zip(mc).zip(bad.iter_mut()) {
            let upper = u8::from(b.wrapping_sub(b'A') < 26);
            let digit = u8::from(b.wrapping_sub(b'0') < 10);
            let filler = u8::from(b == b'<');
            let sex = u8::from(b == b'F') | u8::from(b == b'M') | u8::from(b == b'X');
            let bits = (upper * ALPHA) | (digit * DIGIT) | (filler * FILLER) | (sex * SEX);
            *acc |= u8::from(m != 0) & u8::from(bits & m == 0);
        }
    }
    bad.iter().all(|b| *b == 0)
}

/// A half-open range of buffer offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: u8,
    pub end: u8,
}

const fn sp(start: u8, end: u8) -> Span {
    Span { start, end }
}

impl Span {
    pub(crate) fn range(self) -> std::ops::Range<usize> {
        usize::from(self.start)..usize::from(self.end)
    }
    pub(crate) fn len(self) -> usize {
        usize::from(self.end - self.start)
    }
}

/// Where one check digit sits and what it covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CheckSpec {
    pub field: Field,
    pub covers: &'static [Span],
    pub at: u8,
}

/// One format's geometry.
#[derive(Debug)]
pub(crate) struct Layout {
    pub format: Format,
    pub lines: u8,
    pub width: u8,
    pub code: Span,
    /// Issuing state (absent on the permit card, whose issuer is implied).
    pub issuer: Option<Span>,
    pub name: Option<Span>,
    pub number: Span,
    pub number_check: u8,
    pub nationality: Option<Span>,
    pub birth: Span,
    pub birth_check: u8,
    pub sex: Option<u8>,
    pub expiry: Span,
    pub expiry_check: u8,
    pub optional: Option<Span>,
    pub optional_check: Option<u8>,
    pub optional2: Option<Span>,
    pub composite: Option<CheckSpec>,
    /// Whether a long document number may continue in the optional-data field (Parts 5 and 6 note j;
    /// TD3 by analogy).
    pub long_number: bool,
    /// Every position with its field and character class, for the character-set check and OCR repair.
    pub classes: &'static [(Field, Span, Class)],
    /// The same as a per-position mask of [`Class::bits`], for the fast path.
    pub mask: [u8; crate::read::MAX_ZONE],
}

impl Layout {
    pub(crate) fn len(&self) -> usize {
        usize::from(self.lines) * usize::from(self.width)
    }
}

const TD1_CLASSES: &[(Field, Span, Class)] = &[
    (Field::DocumentCode, sp(0, 2), Class::Alpha),
    (Field::IssuingState, sp(2, 5), Class::Alpha),
    (Field::DocumentNumber, sp(5, 14), Class::Alnum),
    (Field::DocumentNumber, sp(14, 15), Class::DigitOrFiller),
    (Field::OptionalData, sp(15, 30), Class::Alnum),
    (Field::BirthDate, sp(30, 36), Class::DigitOrFiller),
    (Field::BirthDate, sp(36, 37), Class::Digit),
    (Field::Sex, sp(37, 38), Class::Sex),
    (Field::ExpiryDate, sp(38, 44), Class::Digit),
    (Field::ExpiryDate, sp(44, 45), Class::Digit),
    (Field::Nationality, sp(45, 48), Class::Alpha),
    (Field::OptionalData2, sp(48, 59), Class::Alnum),
    (Field::Composite, sp(59, 60), Class::Digit),
    (Field::Name, sp(60, 90), Class::Alpha),
];

pub(crate) static TD1: Layout = Layout {
    format: Format::Td1,
    lines: 3,
    width: 30,
    code: sp(0, 2),
    issuer: Some(sp(2, 5)),
    name: Some(sp(60, 90)),
    number: sp(5, 14),
    number_check: 14,
    nationality: Some(sp(45, 48)),
    birth: sp(30, 36),
    birth_check: 36,
    sex: Some(37),
    expiry: sp(38, 44),
    expiry_check: 44,
    optional: Some(sp(15, 30)),
    optional_check: None,
    optional2: Some(sp(48, 59)),
    composite: Some(CheckSpec {
        field: Field::Composite,
        covers: &[sp(5, 30), sp(30, 37), sp(38, 45), sp(48, 59)],
        at: 59,
    }),
    long_number: true,
    classes: TD1_CLASSES,
    mask: mask_of(TD1_CLASSES),
};

const TD2_CLASSES: &[(Field, Span, Class)] = &[
    (Field::DocumentCode, sp(0, 2), Class::Alpha),
    (Field::IssuingState, sp(2, 5), Class::Alpha),
    (Field::Name, sp(5, 36), Class::Alpha),
    (Field::DocumentNumber, sp(36, 45), Class::Alnum),
    (Field::DocumentNumber, sp(45, 46), Class::DigitOrFiller),
    (Field::Nationality, sp(46, 49), Class::Alpha),
    (Field::BirthDate, sp(49, 55), Class::DigitOrFiller),
    (Field::BirthDate, sp(55, 56), Class::Digit),
    (Field::Sex, sp(56, 57), Class::Sex),
    (Field::ExpiryDate, sp(57, 63), Class::Digit),
    (Field::ExpiryDate, sp(63, 64), Class::Digit),
    (Field::OptionalData, sp(64, 71), Class::Alnum),
    (Field::Composite, sp(71, 72), Class::Digit),
];

pub(crate) static TD2: Layout = Layout {
    format: Format::Td2,
    lines: 2,
    width: 36,
    code: sp(0, 2),
    issuer: Some(sp(2, 5)),
    name: Some(sp(5, 36)),
    number: sp(36, 45),
    number_check: 45,
    nationality: Some(sp(46, 49)),
    birth: sp(49, 55),
    birth_check: 55,
    sex: Some(56),
    expiry: sp(57, 63),
    expiry_check: 63,
    optional: Some(sp(64, 71)),
    optional_check: None,
    optional2: None,
    composite: Some(CheckSpec {
        field: Field::Composite,
        covers: &[sp(36, 46), sp(49, 56), sp(57, 71)],
        at: 71,
    }),
    long_number: true,
    classes: TD2_CLASSES,
    mask: mask_of(TD2_CLASSES),
};

const TD3_CLASSES: &[(Field, Span, Class)] = &[
    (Field::DocumentCode, sp(0, 2), Class::Alpha),
    (Field::IssuingState, sp(2, 5), Class::Alpha),
    (Field::Name, sp(5, 44), Class::Alpha),
    (Field::DocumentNumber, sp(44, 53), Class::Alnum),
    (Field::DocumentNumber, sp(53, 54), Class::DigitOrFiller),
    (Field::Nationality, sp(54, 57), Class::Alpha),
    (Field::BirthDate, sp(57, 63), Class::DigitOrFiller),
    (Field::BirthDate, sp(63, 64), Class::Digit),
    (Field::Sex, sp(64, 65), Class::Sex),
    (Field::ExpiryDate, sp(65, 71), Class::Digit),
    (Field::ExpiryDate, sp(71, 72), Class::Digit),
    (Field::OptionalData, sp(72, 86), Class::Alnum),
    (Field::OptionalData, sp(86, 87), Class::DigitOrFiller),
    (Field::Composite, sp(87, 88), Class::Digit),
];

pub(crate) static TD3: Layout = Layout {
    format: Format::Td3,
    lines: 2,
    width: 44,
    code: sp(0, 2),
    issuer: Some(sp(2, 5)),
    name: Some(sp(5, 44)),
    number: sp(44, 53),
    number_check: 53,
    nationality: Some(sp(54, 57)),
    birth: sp(57, 63),
    birth_check: 63,
    sex: Some(64),
    expiry: sp(65, 71),
    expiry_check: 71,
    optional: Some(sp(72, 86)),
    optional_check: Some(86),
    optional2: None,
    composite: Some(CheckSpec {
        field: Field::Composite,
        covers: &[sp(44, 54), sp(57, 64), sp(65, 87)],
        at: 87,
    }),
    long_number: true,
    classes: TD3_CLASSES,
    mask: mask_of(TD3_CLASSES),
};

const MRV_A_CLASSES: &[(Field, Span, Class)] = &[
    (Field::DocumentCode, sp(0, 2), Class::Alpha),
    (Field::IssuingState, sp(2, 5), Class::Alpha),
    (Field::Name, sp(5, 44), Class::Alpha),
    (Field::DocumentNumber, sp(44, 53), Class::Alnum),
    (Field::DocumentNumber, sp(53, 54), Class::Digit),
    (Field::Nationality, sp(54, 57), Class::Alpha),
    (Field::BirthDate, sp(57, 63), Class::DigitOrFiller),
    (Field::BirthDate, sp(63, 64), Class::Digit),
    (Field::Sex, sp(64, 65), Class::Sex),
    (Field::ExpiryDate, sp(65, 71), Class::Digit),
    (Field::ExpiryDate, sp(71, 72), Class::Digit),
    (Field::OptionalData, sp(72, 88), Class::Alnum),
];

pub(crate) static MRV_A: Layout = Layout {
    format: Format::MrvA,
    lines: 2,
    width: 44,
    code: sp(0, 2),
    issuer: Some(sp(2, 5)),
    name: Some(sp(5, 44)),
    number: sp(44, 53),
    number_check: 53,
    nationality: Some(sp(54, 57)),
    birth: sp(57, 63),
    birth_check: 63,
    sex: Some(64),
    expiry: sp(65, 71),
    expiry_check: 71,
    optional: Some(sp(72, 88)),
    optional_check: None,
    optional2: None,
    composite: None,
    long_number: false,
    classes: MRV_A_CLASSES,
    mask: mask_of(MRV_A_CLASSES),
};

const MRV_B_CLASSES: &[(Field, Span, Class)] = &[
    (Field::DocumentCode, sp(0, 2), Class::Alpha),
    (Field::IssuingState, sp(2, 5), Class::Alpha),
    (Field::Name, sp(5, 36), Class::Alpha),
    (Field::DocumentNumber, sp(36, 45), Class::Alnum),
    (Field::DocumentNumber, sp(45, 46), Class::Digit),
    (Field::Nationality, sp(46, 49), Class::Alpha),
    (Field::BirthDate, sp(49, 55), Class::DigitOrFiller),
    (Field::BirthDate, sp(55, 56), Class::Digit),
    (Field::Sex, sp(56, 57), Class::Sex),
    (Field::ExpiryDate, sp(57, 63), Class::Digit),
    (Field::ExpiryDate, sp(63, 64), Class::Digit),
    (Field::OptionalData, sp(64, 72), Class::Alnum),
];

pub(crate) static MRV_B: Layout = Layout {
    format: Format::MrvB,
    lines: 2,
    width: 36,
    code: sp(0, 2),
    issuer: Some(sp(2, 5)),
    name: Some(sp(5, 36)),
    number: sp(36, 45),
    number_check: 45,
    nationality: Some(sp(46, 49)),
    birth: sp(49, 55),
    birth_check: 55,
    sex: Some(56),
    expiry: sp(57, 63),
    expiry_check: 63,
    optional: Some(sp(64, 72)),
    optional_check: None,
    optional2: None,
    composite: None,
    long_number: false,
    classes: MRV_B_CLASSES,
    mask: mask_of(MRV_B_CLASSES),
};

const CN_PERMIT_CLASSES: &[(Field, Span, Class)] = &[
    (Field::DocumentCode, sp(0, 2), Class::Alpha),
    (Field::DocumentNumber, sp(2, 11), Class::Alnum),
    (Field::DocumentNumber, sp(11, 12), Class::Digit),
    (Field::Filler, sp(12, 13), Class::Filler),
    (Field::ExpiryDate, sp(13, 19), Class::Digit),
    (Field::ExpiryDate, sp(19, 20), Class::Digit),
    (Field::Filler, sp(20, 21), Class::Filler),
    (Field::BirthDate, sp(21, 27), Class::DigitOrFiller),
    (Field::BirthDate, sp(27, 28), Class::Digit),
    (Field::Filler, sp(28, 29), Class::Filler),
    (Field::Composite, sp(29, 30), Class::Digit),
];

/// The permit card's line 1 (see [`crate::national`]); lines 2–3 are national data and are not classed.
pub(crate) static CN_PERMIT: Layout = Layout {
    format: Format::CnPermit,
    lines: 3,
    width: 30,
    code: sp(0, 2),
    issuer: None,
    name: None,
    number: sp(2, 11),
    number_check: 11,
    nationality: None,
    birth: sp(21, 27),
    birth_check: 27,
    sex: None,
    expiry: sp(13, 19),
    expiry_check: 19,
    optional: None,
    optional_check: None,
    optional2: None,
    composite: Some(CheckSpec { field: Field::Composite, covers: &[sp(2, 29)], at: 29 }),
    long_number: false,
    classes: CN_PERMIT_CLASSES,
    mask: mask_of(CN_PERMIT_CLASSES),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_tile_each_line_exactly() {
        for format in Format::ALL {
            let layout = format.layout();
            let mut next = 0u8;
            for (field, span, _) in layout.classes {
                assert_eq!(span.start, next, "{format}: {field:?} starts at {}", span.start);
                assert!(span.end > span.start);
                next = span.end;
            }
            let covered = if format == Format::CnPermit { 30 } else { layout.len() };
            assert_eq!(usize::from(next), covered, "{format}");
        }
    }
}
