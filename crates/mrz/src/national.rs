//! National formats outside Doc 9303: China's exit-entry permit cards.
//!
//! The *Exit-Entry Permit for Travelling to and from Hong Kong and Macao* (往来港澳通行证, document code `CS`)
//! and the *Exit-Entry Permit for Travelling to and from Taiwan* (往来台湾通行证, code `CD`) carry a 3 × 30
//! zone whose first line uses ICAO 7-3-1 check digits while lines 2–3 hold national data (an encoded Chinese
//! name, the pinyin name and other items) that are not ICAO TD1 fields. The layout of line 1 (1-based):
//!
//! | positions | content |
//! |---|---|
//! | 1–2 | document code `CS` or `CD` |
//! | 3–11 | card number (9), 12 its check digit |
//! | 13 | `<` |
//! | 14–19 | expiry `YYMMDD`, 20 its check digit |
//! | 21 | `<` |
//! | 22–27 | birth date `YYMMDD`, 28 its check digit |
//! | 29 | `<` |
//! | 30 | composite check digit over positions 3–29 |
//!
//! Source: `reference/china-policy.md` §5.1 (graded "SEC": an open-source document reader's constants, not
//! an official specification). The composite's range is this crate's reading of that source (every data
//! position of line 1 after the code, the separators counting as fillers, i.e. zero); it is the one choice
//! here not confirmed by a second source. Lines 2–3 are returned verbatim as national data and are not
//! checked, because no public specification of them was found.

use serde::Serialize;

use crate::Field;
use crate::finding::Problem;
use crate::read::Mrz;

/// True when a 30-character first line has the permit card's pattern: code `CS`/`CD`, fillers at positions
/// 13, 21 and 29, and digits in the expiry field. An ICAO TD1 with code `CS`/`CD` would have the issuing
/// state in positions 3–5 and no such fixed fillers.
pub(crate) fn looks_like_permit(line1: &[u8]) -> bool {
    let code_ok = matches!(line1.get(..2), Some(b"CS" | b"CD"));
    let fillers = [12, 20, 28].iter().all(|&i| line1.get(i) == Some(&b'<'));
    let digits = line1.get(13..19).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    code_ok && fillers && digits
}

/// Which permit card a zone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PermitKind {
    /// `CS`: 往来港澳通行证.
    HongKongMacao,
    /// `CD`: 往来台湾通行证.
    Taiwan,
}

/// The national part of a permit card's zone, as carried in reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NationalData {
    pub kind: PermitKind,
    /// The document's name in English and Chinese.
    pub document_en: &'static str,
    pub document_zh: &'static str,
    /// Lines 2 and 3 exactly as read.
    pub line2: String,
    pub line3: String,
    /// What the reader does with lines 2–3.
    pub note: &'static str,
}

/// The national data of a permit-card zone, or `None` for ICAO formats.
pub fn national_data(mrz: &Mrz) -> Option<NationalData> {
    if mrz.format() != crate::Format::CnPermit {
        return None;
    }
    let (kind, en, zh) = match mrz.document_code() {
        "CD" => (PermitKind::Taiwan, "Exit-Entry Permit for Travelling to and from Taiwan", "往来台湾通行证"),
        _ => (
            PermitKind::HongKongMacao,
            "Exit-Entry Permit for Travelling to and from Hong Kong and Macao",
            "往来港澳通行证",
        ),
    };
    Some(NationalData {
        kind,
        document_en: en,
        document_zh: zh,
        line2: mrz.line_text(1).to_owned(),
        line3: mrz.line_text(2).to_owned(),
        note: "lines 2-3 are national data (encoded Chinese name, pinyin name and other items); they are \
               reported verbatim and not checked",
    })
}

/// Permit-specific rules. The class check already reports a separator that is not `<`; detection only
/// picks this format for `CS`/`CD`, so the code rule matters when the caller forces the format.
pub(crate) fn check(mrz: &mut Mrz) {
    let code = mrz.span_text(crate::layout::CN_PERMIT.code);
    if !matches!(code, "CS" | "CD") {
        let code = code.to_owned();
        mrz.push_error(
            Field::DocumentCode,
            0,
            Problem::DocumentCode { code, rule: "a permit card's document code is CS or CD" },
        );
    }
}
