//! Reading a zone: layout detection, the character-set, check-digit, date, code and name rules, and the
//! typed result [`Mrz`].

use std::borrow::Cow;

use jiff::civil::Date;

use crate::check::digit_over;
use crate::date::{self, BirthDate, DateProblem};
use crate::finding::{Correction, Finding, Problem, Severity};
use crate::layout::{Class, Format, Layout, Span};
use crate::{Field, country, repair};

/// The zone buffer: the longest zone (TD1 and the permit card: 3 × 30) rounded up to whole 16-byte blocks,
/// so that the character-class check runs in vector registers. The padding holds `<` and is never read as
/// part of a field.
pub(crate) const MAX_ZONE: usize = 96;

/// Stored for a character that is not ASCII (already reported when the zone was filled). It cannot come
/// from ASCII input, so the fast copy of clean lines never produces it.
pub(crate) const UNREADABLE: u8 = 0xFF;

/// Whether the reader may change characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Never change the input; every deviation is reported.
    #[default]
    Strict,
    /// Repair OCR confusions where the character class and the check digits make the fix unique, and raise
    /// lower case; every change is reported as a [`Correction`].
    Lenient,
}

/// How to read a zone.
///
/// ```
/// use mrz::{Mode, ParseOptions};
/// let opts = ParseOptions::new(jiff::civil::date(2026, 12, 2)).mode(Mode::Lenient);
/// assert_eq!(opts.today(), jiff::civil::date(2026, 12, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    today: Date,
    mode: Mode,
    national: bool,
}

impl ParseOptions {
    /// Strict reading relative to the reference day `today` (used by the century rule and the expiry
    /// warning; see [`crate::date`]).
    pub fn new(today: Date) -> Self {
        ParseOptions { today, mode: Mode::Strict, national: true }
    }

    /// Sets the mode.
    #[must_use]
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Whether 3 × 30 zones with document code `CS`/`CD` in the permit-card pattern are read as China's
    /// permit cards ([`Format::CnPermit`]) rather than TD1 (default: yes).
    #[must_use]
    pub fn national_formats(mut self, on: bool) -> Self {
        self.national = on;
        self
    }

    /// The reference day.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The mode.
    pub fn current_mode(&self) -> Mode {
        self.mode
    }
}

/// The holder's sex as the MRZ states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Female,
    Male,
    /// `<` (or `X`, which is accepted with a warning).
    Unspecified,
}

impl Sex {
    /// The MRZ character (`F`, `M`, `<`).
    pub fn as_mrz(self) -> u8 {
        match self {
            Sex::Female => b'F',
            Sex::Male => b'M',
            Sex::Unspecified => b'<',
        }
    }
}

impl<'de> serde::Deserialize<'de> for Sex {
    /// From the text forms of [`FromStr`](std::str::FromStr) (`F`, `female`, `<`, …).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Sex {
    type Err = crate::WriteError;
    /// `F`/`female`, `M`/`male`, `X`/`<`/`unspecified`/empty, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "f" | "female" => Sex::Female,
            "m" | "male" => Sex::Male,
            "x" | "<" | "" | "unspecified" => Sex::Unspecified,
            _ => return Err(crate::WriteError::InvalidSex { text: s.to_owned() }),
        })
    }
}

/// One check digit's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckResult {
    /// The field it protects ([`Field::Composite`] for the composite).
    pub field: Field,
    pub ok: bool,
    /// 1-based line and position of the check digit.
    pub line: u8,
    pub position: u8,
    /// The character found in the check-digit position.
    pub found: u8,
    /// The digit computed from the data.
    pub computed: u8,
}

/// The name split per Doc 9303 Part 3 §4.6, as offsets into the zone.
#[derive(Debug, Clone, Copy, Default)]
struct NameParts {
    primary: (u8, u8),
    secondary: (u8, u8),
}

/// A zone that was laid out in one of the formats and checked. It may still be invalid: see
/// [`Mrz::is_valid`] and [`Mrz::findings`].
///
/// Reading allocates nothing for a clean zone; the accessors borrow from the zone held inline.
///
/// ```
/// use mrz::{Mrz, ParseOptions, Format};
/// let lines = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
/// let mrz = Mrz::parse(&lines, &ParseOptions::new(jiff::civil::date(2010, 1, 1))).unwrap();
/// assert_eq!(mrz.format(), Format::Td3);
/// assert!(mrz.is_valid());
/// assert_eq!(mrz.document_number(), "L898902C3");
/// assert_eq!(mrz.secondary_identifier(), "ANNA MARIA");
/// ```
#[derive(Debug, Clone)]
pub struct Mrz {
    buf: [u8; MAX_ZONE],
    layout: &'static Layout,
    today: Date,
    mode: Mode,
    /// A long document number's continuation in the optional field.
    number_rest: Option<Span>,
    /// Where the optional data proper begins (after a long number's continuation).
    optional_from: u8,
    /// The checks as (field, ok, offset, computed); line and position are derived when asked for.
    checks: [(Field, bool, u8, u8); 5],
    n_checks: u8,
    findings: Vec<Finding>,
    corrections: Vec<Correction>,
    birth: Option<BirthDate>,
    expiry: Option<Date>,
    sex: Option<Sex>,
    name: NameParts,
}

/// Why a text could not be laid out as an MRZ at all (line count or lengths). The findings say what is
/// wrong, line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MrzError {
    /// The lines fit no format.
    Layout {
        /// One or more errors with their lines.
        findings: Vec<Finding>,
        /// The format the line count suggests, if any.
        likely: Option<Format>,
    },
}

impl MrzError {
    /// The findings, for reports.
    pub fn findings(&self) -> &[Finding] {
        match self {
            MrzError::Layout { findings, .. } => findings,
        }
    }
}

impl std::fmt::Display for MrzError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for finding in self.findings() {
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            if finding.line > 0 {
                write!(f, "line {}: ", finding.line)?;
            }
            f.write_str(&finding.message())?;
        }
        Ok(())
    }
}

impl std::error::Error for MrzError {}

fn error(field: Field, line: u8, position: u8, problem: Problem) -> Finding {
    Finding { severity: Severity::Error, field, line, position, problem }
}

/// Splits surrounding white space and drops empty lines; a single line of 90, 88 or 72 characters (a DG1
/// or API field holding the whole zone) is split into its lines.
fn normalise<'a>(lines: &[&'a str]) -> ([&'a str; 3], usize) {
    let mut out = [""; 3];
    let mut n = 0;
    for line in lines {
        let b = line.as_bytes();
        let padded =
            b.first().is_none_or(u8::is_ascii_whitespace) || b.last().is_none_or(u8::is_ascii_whitespace);
        let t = if padded { line.trim_matches(|c: char| c.is_ascii_whitespace()) } else { line };
        if t.is_empty() {
            continue;
        }
        if n < 3
            && let Some(slot) = out.get_mut(n)
        {
            *slot = t;
        }
        n += 1;
    }
    if n == 1 && out[0].is_ascii() {
        let whole = out[0];
        let width = match whole.len() {
            90 => 30,
            88 => 44,
            72 => 36,
            _ => 0,
        };
        if width > 0 {
            let mut k = 0;
            let mut rest = whole;
            while !rest.is_empty() && k < 3 {
                let (line, tail) = rest.split_at(width.min(rest.len()));
                if let Some(slot) = out.get_mut(k) {
                    *slot = line;
                }
                rest = tail;
                k += 1;
            }
            n = k;
        }
    }
    (out, n)
}

fn detect(lines: &[&str], national: bool) -> Result<&'static Layout, MrzError> {
    // Character counts, without allocating: at most three lines reach here.
    let mut counts = [0usize; 3];
    for (slot, l) in counts.iter_mut().zip(lines) {
        *slot = if l.is_ascii() { l.len() } else { l.chars().count() };
    }
    let lengths = counts.get(..lines.len().min(3)).unwrap_or(&[]);
    let first = lines.first().and_then(|l| l.as_bytes().first()).copied().unwrap_or(b'?');
    let visa = first.eq_ignore_ascii_case(&b'V');
    match lengths {
        [30, 30, 30] => {
            let l1 = lines.first().map(|l| l.as_bytes()).unwrap_or(&[]);
            if national && crate::national::looks_like_permit(l1) {
                Ok(&crate::layout::CN_PERMIT)
            } else {
                Ok(&crate::layout::TD1)
            }
        }
        [44, 44] => Ok(if visa { &crate::layout::MRV_A } else { &crate::layout::TD3 }),
        [36, 36] => Ok(if visa { &crate::layout::MRV_B } else { &crate::layout::TD2 }),
        [] => Err(MrzError::Layout {
            findings: vec![error(Field::Lines, 0, 0, Problem::NoLines)],
            likely: None,
        }),
        [_, _, _] => {
            let findings = line_length_findings(lengths, Format::Td1);
            Err(MrzError::Layout { findings, likely: Some(Format::Td1) })
        }
        [a, b] => {
            // The format whose width is nearest to the lines' lengths.
            let mean = (a + b) / 2;
            let format = match (mean.abs_diff(44) < mean.abs_diff(36), visa) {
                (true, true) => Format::MrvA,
                (true, false) => Format::Td3,
                (false, true) => Format::MrvB,
                (false, false) => Format::Td2,
            };
            if mean.abs_diff(format.width()) > 4 {
                let f = vec![error(Field::Lines, 0, 0, Problem::NoFormat { lengths: lengths.to_vec() })];
                return Err(MrzError::Layout { findings: f, likely: None });
            }
            Err(MrzError::Layout { findings: line_length_findings(lengths, format), likely: Some(format) })
        }
        _ => Err(MrzError::Layout {
            findings: vec![error(Field::Lines, 0, 0, Problem::LineCount { found: lengths.len() })],
            likely: None,
        }),
    }
}

fn line_length_findings(lengths: &[usize], format: Format) -> Vec<Finding> {
    let expected = format.width();
    lengths
        .iter()
        .enumerate()
        .filter(|(_, n)| **n != expected)
        .map(|(i, n)| {
            error(Field::Lines, (i + 1) as u8, 0, Problem::LineLength { found: *n, expected, format })
        })
        .collect()
}

impl Mrz {
    /// Reads the lines of one zone. Surrounding white space and empty lines are ignored, and a single line
    /// holding a whole zone is split. Returns an error only when the lines fit no layout; every other
    /// problem is a [`Finding`] on the returned `Mrz`.
    pub fn parse(lines: &[&str], options: &ParseOptions) -> Result<Mrz, MrzError> {
        let (lines, n) = normalise(lines);
        let lines = lines.get(..n.min(3)).unwrap_or(&[]);
        if n > 3 {
            return Err(MrzError::Layout {
                findings: vec![error(Field::Lines, 0, 0, Problem::LineCount { found: n })],
                likely: None,
            });
        }
        let layout = detect(lines, options.national)?;
        let mut mrz = Mrz {
            buf: [b'<'; MAX_ZONE],
            layout,
            today: options.today,
            mode: options.mode,
            number_rest: None,
            optional_from: layout.optional.map_or(0, |s| s.start),
            checks: [(Field::Composite, true, 0, 0); 5],
            n_checks: 0,
            findings: Vec::new(),
            corrections: Vec::new(),
            birth: None,
            expiry: None,
            sex: None,
            name: NameParts::default(),
        };
        mrz.fill(lines);
        if mrz.mode == Mode::Lenient {
            repair::repair(&mut mrz.buf, layout, &mut mrz.corrections);
        }
        mrz.validate();
        Ok(mrz)
    }

    /// Copies the lines into the zone. Non-ASCII characters are reported here (the zone only holds bytes)
    /// and stored as NUL so that the class check does not report them twice.
    fn fill(&mut self, lines: &[&str]) {
        let width = usize::from(self.layout.width);
        for (li, line) in lines.iter().enumerate() {
            // The common case: a clean line of MRZ characters is copied as it is.
            let bytes = line.as_bytes();
            if bytes.len() == width
                && bytes.is_ascii()
                && (self.mode == Mode::Strict || !bytes.iter().any(u8::is_ascii_lowercase))
                && let Some(dest) = self.buf.get_mut(li * width..(li + 1) * width)
            {
                dest.copy_from_slice(bytes);
                continue;
            }
            for (ci, c) in line.chars().enumerate() {
                let at = li * width + ci;
                let Some(slot) = self.buf.get_mut(at) else { continue };
                if c.is_ascii_graphic() {
                    let mut b = c as u8;
                    if b.is_ascii_lowercase() && self.mode == Mode::Lenient {
                        b = b.to_ascii_uppercase();
                        self.corrections.push(Correction {
                            field: field_at(self.layout, at),
                            line: (li + 1) as u8,
                            position: (ci + 1) as u8,
                            from: c,
                            to: b as char,
                            reason: crate::finding::Reason::UpperCase,
                        });
                    }
                    *slot = b;
                } else {
                    *slot = UNREADABLE;
                    let (field, class) = class_at(self.layout, at);
                    let allowed = class.map_or("A-Z, 0-9 or <", Class::describe);
                    self.findings.push(error(
                        field,
                        (li + 1) as u8,
                        (ci + 1) as u8,
                        Problem::Character { found: c, allowed },
                    ));
                }
            }
        }
    }

    fn bytes(&self, span: Span) -> &[u8] {
        self.buf.get(span.range()).unwrap_or(&[])
    }

    fn byte(&self, at: u8) -> u8 {
        self.buf.get(usize::from(at)).copied().unwrap_or(0)
    }

    fn text(&self, span: Span) -> &str {
        std::str::from_utf8(self.bytes(span)).unwrap_or("")
    }

    fn line_pos(&self, at: u8) -> (u8, u8) {
        let w = self.layout.width;
        (at / w + 1, at % w + 1)
    }

    fn push(&mut self, severity: Severity, field: Field, at: Option<u8>, problem: Problem) {
        let (line, position) = at.map_or((0, 0), |a| self.line_pos(a));
        self.findings.push(Finding { severity, field, line, position, problem });
    }

    fn validate(&mut self) {
        self.check_classes();
        self.check_document_code();
        if let Some(issuer) = self.layout.issuer {
            self.check_country(Field::IssuingState, issuer);
        }
        if let Some(nat) = self.layout.nationality {
            self.check_country(Field::Nationality, nat);
        }
        self.check_number();
        self.check_dates();
        self.check_sex();
        self.check_optional();
        self.check_composite();
        self.check_name();
        self.check_left_justified();
        if self.layout.format == Format::CnPermit {
            crate::national::check(self);
        }
    }

    fn check_classes(&mut self) {
        let layout = self.layout;
        // Fast path: one table lookup per position; only a zone with a mismatch is walked field by field.
        if crate::layout::classes_ok(&self.buf, &layout.mask) {
            return;
        }
        let checks = check_positions(layout);
        for &(field, span, class) in layout.classes {
            for at in span.range() {
                let b = self.buf.get(at).copied().unwrap_or(0);
                // A wrong character in a check-digit position is reported by its check.
                if b == UNREADABLE || class.allows(b) || checks.contains(&Some(at as u8)) {
                    continue;
                }
                let problem = if b.is_ascii_lowercase() {
                    Problem::LowerCase { found: b as char }
                } else {
                    Problem::Character { found: b as char, allowed: class.describe() }
                };
                self.push(Severity::Error, field, Some(at as u8), problem);
            }
        }
    }

    fn check_document_code(&mut self) {
        let code = self.layout.code;
        let (c0, c1) = (self.byte(code.start), self.byte(code.start + 1));
        if !self.bytes(code).iter().all(|b| Class::Alpha.allows(*b)) {
            return; // Reported by the class check.
        }
        let rule = |severity: Severity, rule: &'static str| (severity, rule);
        let verdict: Option<(Severity, &'static str)> = match self.layout.format {
            Format::Td3 => {
                if c0 != b'P' {
                    Some(rule(Severity::Error, "a TD3 document code begins with P (Part 4 §4.2.2)"))
                } else if !matches!(
                    c1,
                    b'<' | b'P' | b'E' | b'D' | b'O' | b'R' | b'T' | b'S' | b'L' | b'M' | b'U'
                ) {
                    Some(rule(
                        Severity::Warning,
                        "the second character is not in the Part 4 §4.4 table (PP, PE, PD, PO, PR, PT, PS, PL, PM; \
                         PU for single-sheet ETDs)",
                    ))
                } else {
                    None
                }
            }
            Format::Td1 | Format::Td2 => {
                let td1 = self.layout.format == Format::Td1;
                if !td1 && c0 == b'P' {
                    (c1 != b'U').then_some(rule(
                        Severity::Warning,
                        "a TD2-size document coded P is read as a single-sheet emergency travel document, \
                         for which Part 8 designates PU",
                    ))
                } else if !matches!(c0, b'A' | b'C' | b'I') {
                    Some(rule(
                        Severity::Error,
                        "the first character must be A, C or I (Parts 5 and 6, note k)",
                    ))
                } else if c1 == b'V' {
                    Some(rule(Severity::Error, "V is not allowed as the second character (note k)"))
                } else if td1 && c0 == b'A' && c1 == b'I' {
                    Some(rule(Severity::Error, "AI is not allowed (Part 5 note k)"))
                } else if c0 == b'A' && c1 == b'C' {
                    if td1 {
                        Some(rule(
                            Severity::Warning,
                            "AC is reserved for crew member certificates (Part 5 note k)",
                        ))
                    } else {
                        Some(rule(Severity::Error, "C is not allowed after A (Part 6 note k)"))
                    }
                } else {
                    None
                }
            }
            Format::MrvA | Format::MrvB => {
                (c0 != b'V').then_some(rule(Severity::Error, "a visa document code begins with V (Part 7)"))
            }
            Format::CnPermit => None,
        };
        if let Some((severity, rule)) = verdict {
            self.push(
                severity,
                Field::DocumentCode,
                Some(code.start),
                Problem::DocumentCode { code: self.text(code).to_owned(), rule },
            );
        }
    }

    fn check_country(&mut self, field: Field, span: Span) {
        let bytes = self.bytes(span);
        // The common case first: one bitmap probe.
        if country::is_known(bytes) {
            return;
        }
        if !bytes.iter().all(|b| Class::Alpha.allows(*b)) {
            return; // Reported by the class check.
        }
        if bytes.iter().all(|b| *b == b'<') {
            self.push(Severity::Warning, field, Some(span.start), Problem::EmptyCountry);
        } else {
            let code = self.text(span).to_owned();
            self.push(Severity::Warning, field, Some(span.start), Problem::UnknownCountry { code });
        }
    }

    fn record_check(&mut self, field: Field, at: u8, computed: u8, ok: bool) {
        if let Some(slot) = self.checks.get_mut(usize::from(self.n_checks)) {
            *slot = (field, ok, at, computed);
            self.n_checks += 1;
        }
        if !ok {
            let found = self.byte(at);
            let shown = if found == UNREADABLE { '?' } else { found as char };
            self.push(Severity::Error, field, Some(at), Problem::CheckDigit { found: shown, computed });
        }
    }

    fn check_number(&mut self) {
        let layout = self.layout;
        let number = layout.number;
        let at = layout.number_check;
        let cd = self.byte(at);
        let full = self.byte(number.end - 1) != b'<';
        if cd == b'<' && layout.long_number && full {
            // Note j: the number continues at the start of the optional field, followed by its check digit
            // (computed over the whole number) and a filler.
            let Some(opt) = layout.optional else { return };
            let k = self.bytes(opt).iter().position(|b| *b == b'<').unwrap_or(opt.len());
            if k < 2 {
                self.push(Severity::Error, Field::DocumentNumber, Some(at), Problem::LongNumberContinuation);
                return;
            }
            let rest = Span { start: opt.start, end: opt.start + k as u8 - 1 };
            let check_at = rest.end;
            let computed = digit_over([self.bytes(number), self.bytes(rest)]);
            let ok = self.byte(check_at) == b'0' + computed;
            self.number_rest = Some(rest);
            self.optional_from = (check_at + 2).min(opt.end);
            self.record_check(Field::DocumentNumber, check_at, computed, ok);
        } else {
            let computed = digit_over([self.bytes(number)]);
            self.record_check(Field::DocumentNumber, at, computed, cd == b'0' + computed);
        }
    }

    fn check_dates(&mut self) {
        let layout = self.layout;
        let today = self.today;
        let birth = self.bytes(layout.birth);
        let birth_ok_chars = birth.iter().all(|b| Class::DigitOrFiller.allows(*b));
        let computed = digit_over([birth]);
        let birth_result = date::birth(birth, today);
        self.record_check(
            Field::BirthDate,
            layout.birth_check,
            computed,
            self.byte(layout.birth_check) == b'0' + computed,
        );
        if birth_ok_chars {
            match birth_result {
                Ok(b) => self.birth = Some(b),
                Err(_) => self.push(
                    Severity::Error,
                    Field::BirthDate,
                    Some(layout.birth.start),
                    Problem::NotACalendarDate { text: self.text(layout.birth).to_owned() },
                ),
            }
        }
        let expiry = self.bytes(layout.expiry);
        let computed = digit_over([expiry]);
        let expiry_chars = expiry.iter().all(|b| b.is_ascii_digit() || *b == b'<');
        let expiry_result = date::expiry(expiry, today);
        self.record_check(
            Field::ExpiryDate,
            layout.expiry_check,
            computed,
            self.byte(layout.expiry_check) == b'0' + computed,
        );
        if expiry_chars {
            match expiry_result {
                Ok(d) => self.expiry = Some(d),
                Err(DateProblem::Incomplete) => {
                    // The class check has already flagged each `<`; say what it means once.
                    self.push(
                        Severity::Error,
                        Field::ExpiryDate,
                        Some(layout.expiry.start),
                        Problem::IncompleteDate { text: self.text(layout.expiry).to_owned() },
                    );
                }
                Err(DateProblem::NotACalendarDate) => self.push(
                    Severity::Error,
                    Field::ExpiryDate,
                    Some(layout.expiry.start),
                    Problem::NotACalendarDate { text: self.text(layout.expiry).to_owned() },
                ),
            }
        }
        if let Some(expiry) = self.expiry {
            if expiry < today {
                self.push(
                    Severity::Warning,
                    Field::ExpiryDate,
                    Some(layout.expiry.start),
                    Problem::Expired { on: expiry, today },
                );
            }
            if let Some(BirthDate::Known(b)) = self.birth
                && b > expiry
            {
                self.push(
                    Severity::Warning,
                    Field::BirthDate,
                    Some(layout.birth.start),
                    Problem::BirthAfterExpiry,
                );
            }
        }
    }

    fn check_sex(&mut self) {
        let Some(at) = self.layout.sex else { return };
        self.sex = match self.byte(at) {
            b'F' => Some(Sex::Female),
            b'M' => Some(Sex::Male),
            b'<' => Some(Sex::Unspecified),
            b'X' => {
                self.push(Severity::Warning, Field::Sex, Some(at), Problem::SexX);
                Some(Sex::Unspecified)
            }
            _ => None,
        };
    }

    fn check_optional(&mut self) {
        let (Some(opt), Some(at)) = (self.layout.optional, self.layout.optional_check) else { return };
        let data = self.bytes(opt);
        let computed = digit_over([data]);
        let cd = self.byte(at);
        // Part 4 §4.2.2.2: with positions 29–42 all filler, position 43 may be 0 or <.
        let empty = data.iter().all(|b| *b == b'<');
        let ok = cd == b'0' + computed || (empty && cd == b'<');
        self.record_check(Field::OptionalData, at, computed, ok);
    }

    fn check_composite(&mut self) {
        let Some(spec) = self.layout.composite else { return };
        let computed = digit_over(spec.covers.iter().map(|s| self.bytes(*s)));
        let ok = self.byte(spec.at) == b'0' + computed;
        self.record_check(spec.field, spec.at, computed, ok);
    }

    fn check_name(&mut self) {
        let Some(span) = self.layout.name else { return };
        let bytes = self.bytes(span);
        let used = bytes.iter().rposition(|b| *b != b'<').map_or(0, |i| i + 1);
        let start = span.start;
        if used == 0 {
            self.push(Severity::Error, Field::Name, Some(start), Problem::EmptyName);
            return;
        }
        let used_bytes = bytes.get(..used).unwrap_or(&[]);
        let sep = used_bytes.windows(2).position(|w| w == b"<<");
        let mut warnings: Vec<Problem> = Vec::new();
        let (primary, secondary) = match sep {
            Some(i) => {
                let sec_start = i + 2;
                let lead =
                    used_bytes.get(sec_start..).map_or(0, |s| s.iter().take_while(|b| **b == b'<').count());
                let sec = (start + (sec_start + lead) as u8, start + used as u8);
                if used_bytes
                    .get(sec.0 as usize - start as usize..)
                    .is_some_and(|s| s.windows(2).any(|w| w == b"<<"))
                {
                    warnings.push(Problem::DoubleFillerInSecondary);
                }
                if i == 0 {
                    warnings.push(Problem::EmptyPrimary);
                }
                ((start, start + i as u8), sec)
            }
            None => {
                warnings.push(Problem::NoSecondary);
                ((start, start + used as u8), (start + used as u8, start + used as u8))
            }
        };
        if used_bytes.first() == Some(&b'<') && sep != Some(0) {
            warnings.push(Problem::NameNotLeftJustified);
        }
        self.name = NameParts { primary, secondary };
        for w in warnings {
            self.push(Severity::Warning, Field::Name, Some(start), w);
        }
    }

    fn check_left_justified(&mut self) {
        let number = self.layout.number;
        let b = self.bytes(number);
        if b.first() == Some(&b'<') && b.iter().any(|c| *c != b'<') {
            self.push(
                Severity::Warning,
                Field::DocumentNumber,
                Some(number.start),
                Problem::NotLeftJustified,
            );
        }
    }

    // ---- Accessors ----

    /// The format.
    pub fn format(&self) -> Format {
        self.layout.format
    }

    /// True when no finding is an error.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Errors and warnings, in the order found.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Characters changed in lenient mode.
    pub fn corrections(&self) -> &[Correction] {
        &self.corrections
    }

    /// The check digits of this format, in zone order of the data they protect.
    pub fn checks(&self) -> impl Iterator<Item = CheckResult> + '_ {
        let n = usize::from(self.n_checks);
        self.checks.get(..n).unwrap_or(&[]).iter().map(|&(field, ok, at, computed)| {
            let (line, position) = self.line_pos(at);
            CheckResult { field, ok, line, position, found: self.byte(at), computed }
        })
    }

    /// The mode the zone was read in.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The reference day the century rule used.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The zone's lines as read (after corrections in lenient mode). Unreadable characters show as `?`.
    pub fn lines(&self) -> impl Iterator<Item = Cow<'_, str>> {
        let w = usize::from(self.layout.width);
        let len = self.layout.len();
        self.buf.get(..len).unwrap_or(&[]).chunks(w).map(|line| {
            if line.contains(&UNREADABLE) {
                Cow::Owned(line.iter().map(|b| if *b == UNREADABLE { '?' } else { *b as char }).collect())
            } else {
                Cow::Borrowed(std::str::from_utf8(line).unwrap_or(""))
            }
        })
    }

    /// The document code without fillers (`P`, `PP`, `ID`, `V`).
    pub fn document_code(&self) -> &str {
        self.text(self.layout.code).trim_end_matches('<')
    }

    /// The issuing state or organisation as written (`UTO`, `D<<`); `CHN` for the permit card.
    pub fn issuing_state(&self) -> &str {
        match self.layout.issuer {
            Some(span) => self.text(span),
            None => "CHN",
        }
    }

    /// The issuing state as a code, if well-formed.
    pub fn issuing_state_code(&self) -> Option<codes::CountryCode> {
        codes::CountryCode::parse(self.issuing_state()).ok()
    }

    /// The nationality as written, if the format has one.
    pub fn nationality(&self) -> Option<&str> {
        self.layout.nationality.map(|s| self.text(s))
    }

    /// The nationality as a code, if present and well-formed (`<<<` gives `None`).
    pub fn nationality_code(&self) -> Option<codes::CountryCode> {
        self.nationality().and_then(|n| codes::CountryCode::parse(n).ok())
    }

    /// The document number without trailing fillers, including a long number's continuation.
    pub fn document_number(&self) -> Cow<'_, str> {
        let head = self.text(self.layout.number).trim_end_matches('<');
        match self.number_rest {
            Some(rest) => Cow::Owned(format!("{head}{}", self.text(rest))),
            None => Cow::Borrowed(head),
        }
    }

    /// True when the number used the long-number form (note j).
    pub fn is_long_number(&self) -> bool {
        self.number_rest.is_some()
    }

    /// The birth date, if its characters and calendar values are valid.
    pub fn birth_date(&self) -> Option<BirthDate> {
        self.birth
    }

    /// The six birth-date characters as written.
    pub fn birth_date_raw(&self) -> &str {
        self.text(self.layout.birth)
    }

    /// The expiry date, if valid.
    pub fn expiry_date(&self) -> Option<Date> {
        self.expiry
    }

    /// The six expiry-date characters as written.
    pub fn expiry_date_raw(&self) -> &str {
        self.text(self.layout.expiry)
    }

    /// The sex, if the character is valid (the permit card's line 1 has none).
    pub fn sex(&self) -> Option<Sex> {
        self.sex
    }

    /// The sex character as written.
    pub fn sex_raw(&self) -> Option<char> {
        self.layout.sex.map(|at| match self.byte(at) {
            UNREADABLE => '?',
            b => b as char,
        })
    }

    /// The primary identifier with components joined by `<` as in the zone (`VAN<DER<VELDEN`).
    pub fn primary_raw(&self) -> &str {
        let (a, b) = self.name.primary;
        self.text(Span { start: a, end: b })
    }

    /// The secondary identifier with `<` between components (`ANNA<MARIA`).
    pub fn secondary_raw(&self) -> &str {
        let (a, b) = self.name.secondary;
        self.text(Span { start: a, end: b })
    }

    /// The primary identifier with components separated by spaces (`VAN DER VELDEN`).
    pub fn primary_identifier(&self) -> String {
        spaced(self.primary_raw())
    }

    /// The secondary identifier with components separated by spaces (`ANNA MARIA`).
    pub fn secondary_identifier(&self) -> String {
        spaced(self.secondary_raw())
    }

    /// Doc 9303 Parts 4–7: a name field whose last position holds a letter must be treated as possibly
    /// truncated.
    pub fn possibly_truncated(&self) -> bool {
        self.layout.name.is_some_and(|s| self.byte(s.end - 1).is_ascii_uppercase())
    }

    /// The optional data (TD3: personal number) without a long number's continuation and without
    /// surrounding fillers. `None` for formats without one.
    pub fn optional_data(&self) -> Option<&str> {
        let opt = self.layout.optional?;
        let from = self.optional_from.clamp(opt.start, opt.end);
        Some(self.text(Span { start: from, end: opt.end }).trim_matches('<'))
    }

    /// TD1 line 2 optional data, without fillers.
    pub fn optional_data_2(&self) -> Option<&str> {
        self.layout.optional2.map(|s| self.text(s).trim_matches('<'))
    }

    /// The zone's characters for a layout span (used by the national module).
    pub(crate) fn span_text(&self, span: Span) -> &str {
        self.text(span)
    }

    pub(crate) fn line_text(&self, line: usize) -> &str {
        let w = usize::from(self.layout.width);
        std::str::from_utf8(self.buf.get(line * w..(line + 1) * w).unwrap_or(&[])).unwrap_or("")
    }

    pub(crate) fn push_error(&mut self, field: Field, at: u8, problem: Problem) {
        self.push(Severity::Error, field, Some(at), problem);
    }
}

fn spaced(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for part in raw.split('<').filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// The check-digit positions of a layout (fixed ones; a long number's check digit moves into the optional
/// field, whose class admits every MRZ character anyway).
pub(crate) fn check_positions(layout: &Layout) -> [Option<u8>; 5] {
    [
        Some(layout.number_check),
        Some(layout.birth_check),
        Some(layout.expiry_check),
        layout.optional_check,
        layout.composite.map(|c| c.at),
    ]
}

/// The field and class of a buffer offset.
pub(crate) fn class_at(layout: &Layout, at: usize) -> (Field, Option<Class>) {
    for &(field, span, class) in layout.classes {
        if span.range().contains(&at) {
            return (field, Some(class));
        }
    }
    (Field::NationalData, None)
}

fn field_at(layout: &Layout, at: usize) -> Field {
    class_at(layout, at).0
}
