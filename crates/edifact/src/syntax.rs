//! Service characters (UNA), syntax identifiers and versions (UNB S001), and character repertoires.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The service characters of an interchange: what separates components, elements, repetitions and
/// segments, and which character releases (escapes) the next one.
///
/// `release` and `repetition` are `None` when the interchange does not use them: a space in the UNA
/// service string advice means "not used", syntax versions 1–3 have no repetition separator, and
/// level-B interchanges without UNA have no release character.
///
/// ```
/// use edifact::Separators;
/// let custom = Separators::from_una(b"UNA:*.? $").unwrap();
/// assert_eq!(custom.element, b'*');
/// assert_eq!(custom.terminator, b'$');
/// assert_eq!(custom.repetition, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Separators {
    /// Component data element separator, `:` by default.
    pub component: u8,
    /// Data element separator, `+` by default.
    pub element: u8,
    /// Decimal mark, `.` by default (only advisory; the syntax layer never interprets numbers).
    pub decimal: u8,
    /// Release character, `?` by default.
    pub release: Option<u8>,
    /// Repetition separator, `*` by default in syntax version 4 and absent before.
    pub repetition: Option<u8>,
    /// Segment terminator, `'` by default.
    pub terminator: u8,
}

impl Separators {
    /// The level-A defaults of syntax versions 1–3: `UNA:+.? '`.
    pub const LEVEL_A: Separators = Separators {
        component: b':',
        element: b'+',
        decimal: b'.',
        release: Some(b'?'),
        repetition: None,
        terminator: b'\'',
    };

    /// The level-A defaults of syntax version 4: `UNA:+.?*'`.
    pub const LEVEL_A_V4: Separators = Separators { repetition: Some(b'*'), ..Separators::LEVEL_A };

    /// The level-B defaults (ISO 9735 control characters IS1–IS4, no release character), used when a
    /// UNOB interchange has no UNA. The repetition separator IS2 exists only in syntax version 4.
    pub const LEVEL_B: Separators = Separators {
        component: 0x1F,
        element: 0x1D,
        decimal: b'.',
        release: None,
        repetition: None,
        terminator: 0x1C,
    };

    /// The separators an interchange uses when it has no UNA, given its syntax identifier.
    pub fn defaults_for(syntax: &SyntaxIdentifier) -> Separators {
        let v4 = syntax.version >= 4;
        match syntax.repertoire() {
            Repertoire::LevelB => {
                Separators { repetition: if v4 { Some(0x1E) } else { None }, ..Separators::LEVEL_B }
            }
            _ if v4 => Separators::LEVEL_A_V4,
            _ => Separators::LEVEL_A,
        }
    }

    /// Reads a service string advice: `UNA` followed by exactly six characters (component, element,
    /// decimal, release, repetition, terminator). A space in the release or repetition position
    /// means the character is not used.
    pub fn from_una(una: &[u8]) -> Result<Separators, SeparatorError> {
        let Some(rest) = una.strip_prefix(b"UNA") else { return Err(SeparatorError::NotUna) };
        let &[component, element, decimal, release, repetition, terminator] = rest else {
            return Err(SeparatorError::Length(rest.len()));
        };
        let optional = |b: u8| if b == b' ' { None } else { Some(b) };
        let seps = Separators {
            component,
            element,
            decimal,
            release: optional(release),
            repetition: optional(repetition),
            terminator,
        };
        seps.validate()?;
        Ok(seps)
    }

    /// Checks that the service characters are usable: ASCII, not letters or digits, and distinct
    /// (the decimal mark may coincide with nothing but is otherwise free).
    pub fn validate(&self) -> Result<(), SeparatorError> {
        let mut seen: Vec<u8> = Vec::with_capacity(5);
        for b in self.service_characters() {
            if !b.is_ascii() || b.is_ascii_alphanumeric() {
                return Err(SeparatorError::Unusable(b));
            }
            if seen.contains(&b) {
                return Err(SeparatorError::Duplicate(b));
            }
            seen.push(b);
        }
        if self.component == b' ' || self.element == b' ' || self.terminator == b' ' {
            return Err(SeparatorError::Unusable(b' '));
        }
        Ok(())
    }

    /// The characters that must be released when they occur in data.
    pub fn service_characters(&self) -> impl Iterator<Item = u8> + '_ {
        [Some(self.component), Some(self.element), self.release, self.repetition, Some(self.terminator)]
            .into_iter()
            .flatten()
    }

    /// Whether `b` is one of the characters that must be released in data.
    pub fn is_service(&self, b: u8) -> bool {
        b == self.component
            || b == self.element
            || b == self.terminator
            || Some(b) == self.release
            || Some(b) == self.repetition
    }

    /// The UNA service string advice for these separators (`UNA:+.? '`).
    pub fn una(&self) -> [u8; 9] {
        [
            b'U',
            b'N',
            b'A',
            self.component,
            self.element,
            self.decimal,
            self.release.unwrap_or(b' '),
            self.repetition.unwrap_or(b' '),
            self.terminator,
        ]
    }
}

impl Default for Separators {
    fn default() -> Self {
        Separators::LEVEL_A_V4
    }
}

/// Why a service string advice was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SeparatorError {
    /// The text does not start with `UNA`.
    NotUna,
    /// UNA must be followed by exactly six characters; this many were found.
    Length(usize),
    /// The character cannot serve as a separator (a letter, a digit, a space or a non-ASCII byte).
    Unusable(u8),
    /// The same character is given for two roles.
    Duplicate(u8),
}

impl fmt::Display for SeparatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeparatorError::NotUna => f.write_str("a service string advice starts with UNA"),
            SeparatorError::Length(n) => {
                write!(f, "UNA must be followed by six service characters, found {n}")
            }
            SeparatorError::Unusable(b) => {
                write!(f, "{} cannot be a service character", crate::error::show_byte(*b))
            }
            SeparatorError::Duplicate(b) => {
                write!(f, "{} is given for two service roles", crate::error::show_byte(*b))
            }
        }
    }
}

impl std::error::Error for SeparatorError {}

/// The syntax identifier and version of an interchange (UNB S001, e.g. `UNOA:4`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SyntaxIdentifier {
    /// The controlling agency and level, e.g. `UNOA`, `UNOC`, `UNOY`, `IATA`.
    pub identifier: String,
    /// The syntax version number, 1–4.
    pub version: u8,
}

impl SyntaxIdentifier {
    /// The repertoire the identifier names.
    pub fn repertoire(&self) -> Repertoire {
        Repertoire::from_identifier(&self.identifier)
    }
}

impl fmt::Display for SyntaxIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.identifier, self.version)
    }
}

/// The character repertoire a syntax identifier allows, as far as the checker knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Repertoire {
    /// Level A (`UNOA`, `IATA`): upper-case letters, digits, space and `.,-()/='+:?!"%&*;<>`.
    LevelA,
    /// Level B (`UNOB`, `IATB`): printable ASCII and the IS1–IS4 separators.
    LevelB,
    /// `UNOC`: ISO 8859-1 (printable Latin-1).
    Latin1,
    /// `UNOD`–`UNOK`: other parts of ISO 8859. Their characters are not checked.
    OtherIso8859,
    /// `UNOW`, `UNOY`: ISO 10646 (any character but C0/C1 controls).
    Unicode,
    /// An identifier this crate does not know; nothing is checked.
    Unknown,
}

impl Repertoire {
    /// Maps a syntax identifier such as `UNOA` to its repertoire.
    pub fn from_identifier(id: &str) -> Repertoire {
        match id {
            "UNOA" | "IATA" => Repertoire::LevelA,
            "UNOB" | "IATB" => Repertoire::LevelB,
            "UNOC" => Repertoire::Latin1,
            "UNOD" | "UNOE" | "UNOF" | "UNOG" | "UNOH" | "UNOI" | "UNOJ" | "UNOK" => Repertoire::OtherIso8859,
            "UNOW" | "UNOY" => Repertoire::Unicode,
            _ => Repertoire::Unknown,
        }
    }

    /// Whether `c` belongs to the repertoire (always true where the repertoire is not checked).
    pub fn allows(self, c: char) -> bool {
        match self {
            Repertoire::LevelA => {
                c.is_ascii_uppercase() || c.is_ascii_digit() || " .,-()/='+:?!\"%&*;<>".contains(c)
            }
            Repertoire::LevelB => (' '..='~').contains(&c) || ('\u{1C}'..='\u{1F}').contains(&c),
            Repertoire::Latin1 => (' '..='~').contains(&c) || ('\u{A0}'..='\u{FF}').contains(&c),
            Repertoire::Unicode => !c.is_control(),
            Repertoire::OtherIso8859 | Repertoire::Unknown => true,
        }
    }

    /// Whether the checker knows this repertoire well enough to report characters outside it.
    pub fn is_checked(self) -> bool {
        !matches!(self, Repertoire::OtherIso8859 | Repertoire::Unknown)
    }
}

/// How the bytes of data values become text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TextMode {
    /// The input is valid UTF-8 (this covers all-ASCII input): values are UTF-8 slices.
    #[default]
    Utf8,
    /// The input is not UTF-8: every byte is one ISO 8859-1 character (right for UNOC).
    Latin1,
}

/// Everything needed to split and decode a segment: separators and text mode. Small and `Copy`, so
/// every zero-copy token carries its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
// Aligned so that the separators, which every token carries and the field index reads first, are
// loaded from an aligned place: unaligned, the load stalled on the stores that had just copied the
// token (about a fifth of the field index's time).
#[repr(align(8))]
pub struct Dialect {
    /// The service characters.
    pub separators: Separators,
    /// How bytes become text.
    pub text: TextMode,
}
