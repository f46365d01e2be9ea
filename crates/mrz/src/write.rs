//! Writing a zone from field values: ICAO transliteration of names, the §4.6 punctuation rules, name
//! truncation, long document numbers and every check digit.
//!
//! # Name truncation (Parts 4–7 §4.2.3)
//!
//! Doc 9303 fixes the outcome, not one algorithm: a name that fits is never truncated; when it does not,
//! the primary identifier is shortened until `<<` and at least the first letter of the secondary identifier
//! fit, and the field must end with a letter (which tells readers it may be truncated). This writer takes
//! one conformant choice: the primary identifier keeps at most `width − 3` characters, the secondary
//! identifier fills the rest, and a cut that would leave `<` last gives up the letter before that `<` so
//! that the next component's first letter ends the field (`…DEJTHAMRONG<K`).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use translit::Language;

use crate::Field;
use crate::check::digit_over;
use crate::date::{self, BirthDate};
use crate::layout::{Format, Layout};
use crate::read::Sex;

/// Why a zone could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteError {
    /// The format name is not one of `TD1`, `TD2`, `TD3`, `MRV-A`, `MRV-B`.
    UnknownFormat { text: String },
    /// The format cannot be written (the permit card's national lines are not specified publicly).
    Unsupported { format: Format },
    /// The document code breaks a rule of its format.
    DocumentCode { code: String, rule: &'static str },
    /// A state code that is malformed or not in the ICAO table.
    Country { field: Field, text: String },
    /// A name part has characters with no ICAO transliteration, or digits.
    Name { field: Field, text: String, reason: String },
    /// Both name parts are empty.
    EmptyName,
    /// The document number does not fit the format.
    DocumentNumber { text: String, reason: &'static str },
    /// Optional data longer than its field (after a long document number's continuation).
    OptionalData { field: Field, text: String, max: usize },
    /// A date that could not be read.
    InvalidDate { field: Field, text: String },
    /// A sex other than F, M, X or unspecified.
    InvalidSex { text: String },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::UnknownFormat { text } => {
                write!(f, "unknown MRZ format {text:?} (expected TD1, TD2, TD3, MRV-A or MRV-B)")
            }
            WriteError::Unsupported { format } => write!(f, "writing {format} zones is not supported"),
            WriteError::DocumentCode { code, rule } => write!(f, "document code {code:?}: {rule}"),
            WriteError::Country { field, text } => {
                write!(f, "{} {text:?} is not a code of the ICAO table", field.label())
            }
            WriteError::Name { field, text, reason } => {
                let which = if *field == Field::Name { "name" } else { "name part" };
                write!(f, "{which} {text:?}: {reason}")
            }
            WriteError::EmptyName => f.write_str("the name is empty"),
            WriteError::DocumentNumber { text, reason } => write!(f, "document number {text:?}: {reason}"),
            WriteError::OptionalData { field, text, max } => {
                write!(f, "{} {text:?} is longer than the {max} positions available", field.label())
            }
            WriteError::InvalidDate { field, text } => {
                write!(f, "{} {text:?} is not a valid date", field.label())
            }
            WriteError::InvalidSex { text } => write!(f, "sex {text:?} is not F, M, X or unspecified"),
        }
    }
}

impl std::error::Error for WriteError {}

/// The data of one document, as an issuing office holds it. Names are in any script supported by
/// [`translit`]; codes may be written without fillers (`D` for Germany).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentFields {
    pub format: Format,
    /// One or two characters (`P`, `PP`, `I`, `ID`, `V`).
    pub document_code: String,
    pub issuing_state: String,
    /// Surname(s): the primary identifier.
    pub primary_identifier: String,
    /// Given name(s): the secondary identifier (may be empty).
    #[serde(default)]
    pub secondary_identifier: String,
    pub document_number: String,
    pub nationality: String,
    pub birth_date: BirthDate,
    pub sex: Sex,
    pub expiry_date: Date,
    /// TD3 personal number; TD1 line 1, TD2 and MRV optional data.
    #[serde(default)]
    pub optional_data: String,
    /// TD1 line 2 optional data.
    #[serde(default)]
    pub optional_data_2: String,
}

/// Writes the zone's lines.
///
/// ```
/// use mrz::{to_mrz, DocumentFields, Format, Sex};
/// let fields = DocumentFields {
///     format: Format::Td3,
///     document_code: "P".into(),
///     issuing_state: "UTO".into(),
///     primary_identifier: "Eriksson".into(),
///     secondary_identifier: "Anna María".into(),
///     document_number: "L898902C3".into(),
///     nationality: "UTO".into(),
///     birth_date: "1974-08-12".parse().unwrap(),
///     sex: Sex::Female,
///     expiry_date: jiff::civil::date(2012, 4, 15),
///     optional_data: "ZE184226B".into(),
///     optional_data_2: String::new(),
/// };
/// let lines = to_mrz(&fields, translit::Language::Default).unwrap();
/// assert_eq!(lines, ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]);
/// ```
pub fn to_mrz(fields: &DocumentFields, language: Language) -> Result<Vec<String>, WriteError> {
    let format = fields.format;
    if format == Format::CnPermit {
        return Err(WriteError::Unsupported { format });
    }
    let layout = format.layout();
    let mut buf = vec![b'<'; layout.len()];
    let mut put = |at: u8, bytes: &[u8]| {
        for (i, b) in bytes.iter().enumerate() {
            if let Some(slot) = buf.get_mut(usize::from(at) + i) {
                *slot = *b;
            }
        }
    };
    put(layout.code.start, &document_code(&fields.document_code, format)?);
    if let Some(issuer) = layout.issuer {
        put(issuer.start, &country(Field::IssuingState, &fields.issuing_state)?);
    }
    if let Some(nat) = layout.nationality {
        put(nat.start, &country(Field::Nationality, &fields.nationality)?);
    }
    if let Some(name) = layout.name {
        put(
            name.start,
            &name_field(&fields.primary_identifier, &fields.secondary_identifier, name.len(), language)?,
        );
    }
    put(layout.birth.start, &fields.birth_date.to_mrz());
    put(layout.expiry.start, &date::to_mrz(fields.expiry_date));
    if let Some(at) = layout.sex {
        put(at, &[fields.sex.as_mrz()]);
    }

    // Document number, possibly continued in the optional field.
    let number = filler_text(&fields.document_number);
    if number.iter().all(|b| *b == b'<') {
        return Err(WriteError::DocumentNumber { text: fields.document_number.clone(), reason: "is empty" });
    }
    let optional = filler_text(&fields.optional_data);
    let mut optional_field = Vec::new();
    if number.len() <= layout.number.len() {
        put(layout.number.start, &number);
    } else {
        if !layout.long_number {
            return Err(WriteError::DocumentNumber {
                text: fields.document_number.clone(),
                reason: "a visa number has at most 9 characters (Part 7 note j)",
            });
        }
        let (head, rest) = number.split_at(layout.number.len());
        if head.last() == Some(&b'<') || rest.contains(&b'<') {
            return Err(WriteError::DocumentNumber {
                text: fields.document_number.clone(),
                reason: "a long number cannot have a filler in position 9 or in its continuation",
            });
        }
        put(layout.number.start, head);
        let cd = digit_over([head, rest]);
        optional_field.extend_from_slice(rest);
        optional_field.push(b'0' + cd);
        optional_field.push(b'<');
    }
    let number_is_long = !optional_field.is_empty();
    optional_field.extend_from_slice(&optional);
    if let Some(opt) = layout.optional {
        let used = trim_end_filler(&optional_field);
        if used.len() > opt.len() {
            return Err(WriteError::OptionalData {
                field: Field::OptionalData,
                text: fields.optional_data.clone(),
                max: opt.len().saturating_sub(optional_field.len() - optional.len()),
            });
        }
        put(opt.start, used);
    } else if !optional.is_empty() {
        return Err(WriteError::OptionalData {
            field: Field::OptionalData,
            text: fields.optional_data.clone(),
            max: 0,
        });
    }
    let optional2 = filler_text(&fields.optional_data_2);
    match layout.optional2 {
        Some(span) if optional2.len() <= span.len() => put(span.start, &optional2),
        Some(span) => {
            return Err(WriteError::OptionalData {
                field: Field::OptionalData2,
                text: fields.optional_data_2.clone(),
                max: span.len(),
            });
        }
        None if !optional2.is_empty() => {
            return Err(WriteError::OptionalData {
                field: Field::OptionalData2,
                text: fields.optional_data_2.clone(),
                max: 0,
            });
        }
        None => {}
    }

    // Check digits, the composite last because it covers the others.
    let digit = |buf: &[u8], span: crate::layout::Span| digit_over([buf.get(span.range()).unwrap_or(&[])]);
    let set = |buf: &mut Vec<u8>, at: u8, d: u8| {
        if let Some(slot) = buf.get_mut(usize::from(at)) {
            *slot = d;
        }
    };
    if !number_is_long {
        let d = digit(&buf, layout.number);
        set(&mut buf, layout.number_check, b'0' + d);
    }
    let d = digit(&buf, layout.birth);
    set(&mut buf, layout.birth_check, b'0' + d);
    let d = digit(&buf, layout.expiry);
    set(&mut buf, layout.expiry_check, b'0' + d);
    if let (Some(opt), Some(at)) = (layout.optional, layout.optional_check) {
        // Part 4: an empty personal number may have 0 or < as its check digit; this writer uses <.
        let empty = buf.get(opt.range()).is_some_and(|d| d.iter().all(|b| *b == b'<'));
        let d = digit(&buf, opt);
        set(&mut buf, at, if empty { b'<' } else { b'0' + d });
    }
    if let Some(spec) = layout.composite {
        let d = digit_over(spec.covers.iter().map(|s| buf.get(s.range()).unwrap_or(&[])));
        set(&mut buf, spec.at, b'0' + d);
    }
    Ok(lines_of(&buf, layout))
}

fn lines_of(buf: &[u8], layout: &Layout) -> Vec<String> {
    buf.chunks(usize::from(layout.width)).map(|l| l.iter().map(|b| *b as char).collect()).collect()
}

fn trim_end_filler(b: &[u8]) -> &[u8] {
    let n = b.iter().rposition(|c| *c != b'<').map_or(0, |i| i + 1);
    b.get(..n).unwrap_or(&[])
}

/// Upper case, with spaces and special characters as `<` (Part 4 §4.2.2.2), trailing fillers dropped.
fn filler_text(text: &str) -> Vec<u8> {
    let out: Vec<u8> = text
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() as u8 } else { b'<' })
        .collect();
    trim_end_filler(&out).to_vec()
}

fn document_code(code: &str, format: Format) -> Result<[u8; 2], WriteError> {
    let up = code.trim().to_ascii_uppercase();
    let bad = |rule: &'static str| WriteError::DocumentCode { code: code.to_owned(), rule };
    let b = up.as_bytes();
    if b.is_empty() || b.len() > 2 || !b.iter().all(|c| c.is_ascii_uppercase() || *c == b'<') {
        return Err(bad("one or two letters"));
    }
    let c0 = b.first().copied().unwrap_or(b'<');
    let c1 = b.get(1).copied().unwrap_or(b'<');
    match format {
        Format::Td3 if c0 != b'P' => return Err(bad("a TD3 document code begins with P")),
        Format::MrvA | Format::MrvB if c0 != b'V' => return Err(bad("a visa document code begins with V")),
        Format::Td1 | Format::Td2 => {
            let etd = format == Format::Td2 && c0 == b'P' && c1 == b'U';
            if !etd && !matches!(c0, b'A' | b'C' | b'I') {
                return Err(bad("a TD1/TD2 document code begins with A, C or I (PU for a TD2-size ETD)"));
            }
            if c1 == b'V' {
                return Err(bad("V is not allowed as the second character"));
            }
            if c0 == b'A' && (c1 == b'I' || (format == Format::Td2 && c1 == b'C')) {
                return Err(bad("AI (TD1) and AC (TD2) are not allowed"));
            }
        }
        _ => {}
    }
    Ok([c0, c1])
}

fn country(field: Field, text: &str) -> Result<[u8; 3], WriteError> {
    let code = codes::CountryCode::parse(text.trim())
        .ok()
        .filter(|c| c.info().is_some())
        .ok_or_else(|| WriteError::Country { field, text: text.to_owned() })?;
    let mut out = [b'<'; 3];
    for (slot, b) in out.iter_mut().zip(code.as_str().bytes()) {
        *slot = b;
    }
    Ok(out)
}

/// Transliterates one identifier and applies Part 3 §4.6: apostrophes are dropped, hyphens, commas and
/// spaces become single fillers, other punctuation is dropped; letters without a transliteration and digits
/// are errors.
pub fn name_component(text: &str, field: Field, language: Language) -> Result<Vec<u8>, WriteError> {
    let t = translit::icao(text, language);
    let letters: Vec<char> = t.unmapped.iter().copied().filter(|c| c.is_alphabetic()).collect();
    if !letters.is_empty() {
        let list: String = letters.iter().collect();
        return Err(WriteError::Name {
            field,
            text: text.to_owned(),
            reason: format!("no ICAO transliteration for {list:?}"),
        });
    }
    let mut out: Vec<u8> = Vec::with_capacity(t.text.len());
    for b in t.text.bytes() {
        match b {
            b'A'..=b'Z' => out.push(b),
            b'0'..=b'9' => {
                return Err(WriteError::Name {
                    field,
                    text: text.to_owned(),
                    reason: "numerals are not allowed in a name (Part 3 §4.6)".to_owned(),
                });
            }
            b'\'' => {}
            _ => {
                if out.last().is_some_and(|l| *l != b'<') {
                    out.push(b'<');
                }
            }
        }
    }
    Ok(trim_end_filler(&out).to_vec())
}

/// The name field of `width` positions.
fn name_field(
    primary: &str,
    secondary: &str,
    width: usize,
    language: Language,
) -> Result<Vec<u8>, WriteError> {
    let p = name_component(primary, Field::Name, language)?;
    let s = name_component(secondary, Field::Name, language)?;
    if p.is_empty() && s.is_empty() {
        return Err(WriteError::EmptyName);
    }
    let mut full = p.clone();
    if !s.is_empty() {
        full.extend_from_slice(b"<<");
        full.extend_from_slice(&s);
    }
    let mut out = if full.len() <= width {
        full
    } else if s.is_empty() {
        cut(&p, width)
    } else {
        let mut head = if p.len() + 3 > width { trim_end_filler(&cut(&p, width - 3)).to_vec() } else { p };
        head.extend_from_slice(b"<<");
        let room = width - head.len();
        head.extend_from_slice(&cut(&s, room));
        head
    };
    out.resize(width, b'<');
    Ok(out)
}

/// The first `len` characters of `text`, ending with a letter: when the cut falls just after a filler, the
/// letter before that filler gives way to the first letter of the next component.
fn cut(text: &[u8], len: usize) -> Vec<u8> {
    let Some(head) = text.get(..len) else { return text.to_vec() };
    if head.last() != Some(&b'<') {
        return head.to_vec();
    }
    match (len.checked_sub(2).and_then(|k| text.get(..k)), text.get(len)) {
        (Some(before), Some(next)) if !before.is_empty() && before.last() != Some(&b'<') => {
            let mut out = before.to_vec();
            out.push(b'<');
            out.push(*next);
            out
        }
        _ => trim_end_filler(head).to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_or_truncate() {
        let cases: &[(&str, &str, usize, &str)] = &[
            ("Eriksson", "Anna María", 39, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"),
            ("D'Artagnan", "Marie-Élise", 30, "DARTAGNAN<<MARIE<ELISE<<<<<<<<"),
            ("O'Connor", "Enya Siobhan", 39, "OCONNOR<<ENYA<SIOBHAN<<<<<<<<<<<<<<<<<<"),
            (
                "Nilavadhanananda",
                "Chayapa Dejthamrong Krasuang",
                39,
                "NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K",
            ),
            ("Nilavadhanananda", "Chayapa Dejthamrong Krasuang", 30, "NILAVADHANANANDA<<CHAYAPA<DEJT"),
            ("Papandropoulous", "Jonathon Warren Trevor", 39, "PAPANDROPOULOUS<<JONATHON<WARREN<TREVOR"),
            ("Шевченко", "Євген", 39, "SHEVCHENKO<<IEVGEN<<<<<<<<<<<<<<<<<<<<<"),
            (
                "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnop",
                "Q",
                39,
                "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ<<Q",
            ),
            ("Abcdefghijklmnopqrstuvwxyzabcdefghijklmnop", "", 30, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCD"),
            // A cut that would end with a filler gives up the letter before it.
            ("Aaaa", "Bbbbbbbbbbbbbbbbbbbbbbbbb Cccc", 33, "AAAA<<BBBBBBBBBBBBBBBBBBBBBBBBB<C"),
        ];
        for (p, s, w, want) in cases {
            let got = name_field(p, s, *w, Language::Default).unwrap();
            assert_eq!(String::from_utf8(got).unwrap(), *want, "{p} / {s}");
        }
        let ukr = name_field("Шевченко", "Євген", 39, Language::Ukrainian).unwrap();
        assert_eq!(String::from_utf8(ukr).unwrap(), "SHEVCHENKO<<YEVHEN<<<<<<<<<<<<<<<<<<<<<");
        assert!(name_field("Smith2", "", 39, Language::Default).is_err());
        assert!(name_field("李", "", 39, Language::Default).is_err());
        assert!(name_field("", "", 39, Language::Default).is_err());
    }
}
