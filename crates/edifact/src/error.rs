//! Positioned errors (the interchange cannot be read as written) and findings (it can, but a control
//! value or a character is wrong; the caller decides whether that is a warning or an error).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where something is in the interchange.
///
/// `segment` is the 1-based number of the segment within the interchange, counting UNB as 1 (the UNA
/// service string advice is not a segment). `offset` is the byte offset of the segment's first byte
/// (its tag) in the input. Segment 0 means "before the first segment".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Position {
    /// 1-based segment number within the interchange.
    pub segment: u32,
    /// Byte offset of the segment's tag in the input.
    pub offset: usize,
}

/// A data element (and component) within a segment, both 1-based; element 1 is the first after the tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ElementPosition {
    /// 1-based data element number (the tag is element 0).
    pub element: usize,
    /// 1-based component number within the element.
    pub component: usize,
}

/// An interchange that cannot be read as written, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The segment it went wrong in.
    pub position: Position,
    /// The segment's tag, when it could be read.
    pub tag: Option<String>,
    /// The data element, when the error is about one.
    pub element: Option<ElementPosition>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, position: Position, tag: Option<&str>) -> Error {
        Error { kind, position, tag: tag.map(str::to_owned), element: None }
    }

    pub(crate) fn at_element(mut self, element: usize, component: usize) -> Error {
        self.element = Some(ElementPosition { element, component });
        self
    }
}

/// What made an interchange unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no segment at all.
    Empty,
    /// The UNA service string advice is malformed.
    ServiceStringAdvice(crate::SeparatorError),
    /// A segment's tag is not three upper-case letters or digits.
    InvalidTag(String),
    /// The input ends inside a segment (no terminator).
    Unterminated,
    /// The first segment is not UNB.
    MissingInterchangeHeader,
    /// A mandatory data element of a service segment is missing or malformed.
    InvalidServiceElement {
        /// What the element should hold.
        expected: &'static str,
    },
    /// A segment occurs where the envelope structure does not allow it (e.g. outside UNH…UNT).
    UnexpectedSegment,
    /// A header has no matching trailer: the named trailer (UNT, UNE or UNZ) is missing.
    MissingTrailer(&'static str),
    /// The interchange mixes functional groups and messages outside groups (ISO 9735 forbids this).
    MixedGroupsAndMessages,
    /// Segments follow the interchange trailer UNZ.
    DataAfterTrailer,
    /// A value could not be decoded as text.
    Undecodable,
}

impl ErrorKind {
    /// A short stable code for the error, for machine consumers.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty",
            ErrorKind::ServiceStringAdvice(_) => "una",
            ErrorKind::InvalidTag(_) => "invalid-tag",
            ErrorKind::Unterminated => "unterminated",
            ErrorKind::MissingInterchangeHeader => "missing-unb",
            ErrorKind::InvalidServiceElement { .. } => "invalid-service-element",
            ErrorKind::UnexpectedSegment => "unexpected-segment",
            ErrorKind::MissingTrailer(_) => "missing-trailer",
            ErrorKind::MixedGroupsAndMessages => "mixed-groups-and-messages",
            ErrorKind::DataAfterTrailer => "data-after-unz",
            ErrorKind::Undecodable => "undecodable",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Empty => f.write_str("the input holds no EDIFACT segment"),
            ErrorKind::ServiceStringAdvice(e) => write!(f, "bad UNA service string advice: {e}"),
            ErrorKind::InvalidTag(t) => {
                write!(f, "{t:?} is not a segment tag (three upper-case letters or digits)")
            }
            ErrorKind::Unterminated => f.write_str("the input ends inside a segment (no segment terminator)"),
            ErrorKind::MissingInterchangeHeader => f.write_str("an interchange must start with UNB"),
            ErrorKind::InvalidServiceElement { expected } => write!(f, "expected {expected}"),
            ErrorKind::UnexpectedSegment => f.write_str("segment not allowed here by the envelope structure"),
            ErrorKind::MissingTrailer(t) => write!(f, "missing {t} before this point"),
            ErrorKind::MixedGroupsAndMessages => {
                f.write_str("an interchange holds either functional groups or messages, not both")
            }
            ErrorKind::DataAfterTrailer => f.write_str("segments after the interchange trailer UNZ"),
            ErrorKind::Undecodable => f.write_str("value is not valid text"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "segment {}", self.position.segment)?;
        if let Some(tag) = &self.tag {
            write!(f, " ({tag})")?;
        }
        if let Some(e) = self.element {
            write!(f, ", element {}.{}", e.element, e.component)?;
        }
        write!(f, " at byte {}: {}", self.position.offset, self.kind)
    }
}

impl std::error::Error for Error {}

/// Something readable but wrong: a control count, a control reference, a character outside the
/// declared repertoire. The syntax layer never decides how serious it is; a lenient caller shows
/// findings as warnings, a strict one refuses the interchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// What is wrong.
    pub kind: FindingKind,
    /// The segment that carries the wrong value.
    pub position: Position,
    /// Its tag.
    pub tag: String,
}

/// The kinds of finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum FindingKind {
    /// UNT 0074 does not match the number of segments from UNH to UNT inclusive.
    SegmentCount {
        /// What the trailer says.
        declared: u64,
        /// What was sent.
        actual: u64,
    },
    /// UNE 0060 does not match the number of messages in the group.
    GroupMessageCount {
        /// What the trailer says.
        declared: u64,
        /// What was sent.
        actual: u64,
    },
    /// UNZ 0036 does not match the number of messages (or of groups, when UNG is used).
    InterchangeCount {
        /// What the trailer says.
        declared: u64,
        /// What was sent.
        actual: u64,
        /// Whether groups (rather than messages) were counted.
        groups: bool,
    },
    /// A trailer's reference differs from its header's (UNT/UNH 0062, UNE/UNG 0048, UNZ/UNB 0020).
    ReferenceMismatch {
        /// The trailer's reference.
        trailer: String,
        /// The header's reference.
        header: String,
    },
    /// A character outside the repertoire declared in UNB (the first such character in the segment).
    Repertoire {
        /// The offending character.
        character: char,
        /// The declared syntax identifier.
        identifier: String,
    },
    /// More segments had characters outside the repertoire than are listed one by one.
    RepertoireSuppressed {
        /// How many further segments were not listed.
        segments: u64,
    },
    /// The input is not UTF-8 and the repertoire is not ISO 8859-1: it was read as ISO 8859-1 anyway.
    NotUtf8 {
        /// The declared syntax identifier.
        identifier: String,
    },
    /// The UNB syntax version is not 1–4; the interchange was read as version 4.
    UnknownSyntaxVersion(String),
}

impl FindingKind {
    /// Whether this finding is about a control count or a control reference (the kind a strict
    /// receiver refuses).
    pub fn is_control(&self) -> bool {
        matches!(
            self,
            FindingKind::SegmentCount { .. }
                | FindingKind::GroupMessageCount { .. }
                | FindingKind::InterchangeCount { .. }
                | FindingKind::ReferenceMismatch { .. }
        )
    }

    /// A short stable code for the finding, for machine consumers.
    pub fn code(&self) -> &'static str {
        match self {
            FindingKind::SegmentCount { .. } => "unt-segment-count",
            FindingKind::GroupMessageCount { .. } => "une-message-count",
            FindingKind::InterchangeCount { .. } => "unz-count",
            FindingKind::ReferenceMismatch { .. } => "control-reference",
            FindingKind::Repertoire { .. } => "character-repertoire",
            FindingKind::RepertoireSuppressed { .. } => "character-repertoire",
            FindingKind::NotUtf8 { .. } => "not-utf8",
            FindingKind::UnknownSyntaxVersion(_) => "syntax-version",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindingKind::SegmentCount { declared, actual } => write!(
                f,
                "UNT says the message has {declared} segments but {actual} were sent (UNH to UNT inclusive)"
            ),
            FindingKind::GroupMessageCount { declared, actual } => {
                write!(f, "UNE says the group has {declared} messages but {actual} were sent")
            }
            FindingKind::InterchangeCount { declared, actual, groups } => {
                let what = if *groups { "groups" } else { "messages" };
                write!(f, "UNZ says the interchange has {declared} {what} but {actual} were sent")
            }
            FindingKind::ReferenceMismatch { trailer, header } => {
                write!(f, "trailer reference {trailer:?} differs from the header's {header:?}")
            }
            FindingKind::Repertoire { character, identifier } => {
                write!(f, "character {character:?} is outside the {identifier} repertoire")
            }
            FindingKind::RepertoireSuppressed { segments } => {
                write!(f, "{segments} further segments have characters outside the declared repertoire")
            }
            FindingKind::NotUtf8 { identifier } => {
                write!(f, "the input is not UTF-8; read as ISO 8859-1 although UNB declares {identifier}")
            }
            FindingKind::UnknownSyntaxVersion(v) => {
                write!(f, "syntax version {v:?} is not 1-4; read as version 4")
            }
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "segment {} ({}): {}", self.position.segment, self.tag, self.kind)
    }
}

/// Shows a byte for a message: printable ASCII as itself, anything else as hex.
pub(crate) fn show_byte(b: u8) -> String {
    if b.is_ascii_graphic() { format!("'{}'", b as char) } else { format!("0x{b:02X}") }
}
