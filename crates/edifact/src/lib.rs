//! UN/EDIFACT syntax (ISO 9735): read and write interchanges, with nothing about any particular
//! message type.
//!
//! Layers, from bytes up:
//! - [`Tokenizer`] — zero-copy: yields [`RawSegment`]s (tag, elements, components as borrowed slices,
//!   each segment with its 1-based number and byte offset). Handles UNA service string advice and
//!   the defaults, custom separators, the release character, the syntax-version-4 repetition
//!   separator, and stray whitespace between segments (see the trimming policy in the
//!   [`tokenizer`](Tokenizer) docs).
//! - [`Parser`] — streaming envelope reader: UNB/UNZ, optional UNG/UNE, UNH/UNT; checks the control
//!   counts and references and the character repertoire of the syntax identifier (UNOA, UNOB, UNOC,
//!   UNOY, …) and reports them as [`Finding`]s, leaving the lenient/strict choice to the caller.
//!   Structural problems are positioned [`Error`]s (segment number, tag, element, byte offset).
//! - [`Reader`] / [`parse`] — the owned model ([`Interchange`], [`Message`], [`Segment`]), one message at
//!   a time or all at once.
//! - [`write`] / [`Builder`] — text back out, releasing service characters and writing UNA when the
//!   separators are not the defaults; `parse(write(x)) == x`.
//!
//! Nothing here does IO, reads a clock or panics on input.
//!
//! ```
//! let text = "UNA:*.? $UNB*UNOA:4*AIRLINE*CUSTOMS*130620:0900*1$\r\n  UNH*1*PAXLST:D:05B:UN:IATA$NAD*FL***O?$BRIEN$UNT*3*1$UNZ*1*1$";
//! let parsed = edifact::parse(text.as_bytes()).unwrap();
//! let nad = &parsed.interchange.messages()[0].segments[0];
//! assert_eq!(nad.text(4, 1), "O$BRIEN");
//! ```
#![deny(clippy::indexing_slicing)]

mod error;
mod model;
mod parser;
mod syntax;
mod tokenizer;
mod writer;

pub use error::{ElementPosition, Error, ErrorKind, Finding, FindingKind, Position};
pub use model::{
    Content, Element, Group, Interchange, Message, Parsed, Reader, Segment, StreamedMessage, parse,
};
pub use parser::{Event, Parser};
pub use syntax::{Dialect, Repertoire, SeparatorError, Separators, SyntaxIdentifier, TextMode};
pub use tokenizer::{Components, Elements, FieldIndex, RawElement, RawSegment, RawValue, Repeats, Tokenizer};
pub use writer::{Builder, WriteError, write};
