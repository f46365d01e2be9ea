//! The writer: the owned model back to text ([`write`]), and a streaming [`Builder`] that writes an
//! interchange segment by segment and fills in every control count and reference itself.

use std::fmt;

use crate::model::{Content, Element, Interchange, Message, Segment};
use crate::syntax::{Separators, SyntaxIdentifier};

/// Why something could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteError {
    /// A value contains a service character and the separators have no release character.
    Unescapable {
        /// The segment tag.
        tag: String,
        /// The offending character.
        character: char,
    },
    /// An element has several repetitions but the separators have no repetition separator.
    RepetitionUnavailable {
        /// The segment tag.
        tag: String,
    },
    /// The tag is not three upper-case letters or digits.
    InvalidTag(String),
    /// A service segment (UNA, UNB, UNG, UNH, UNT, UNE, UNZ) among a message's segments.
    ServiceSegmentInBody(String),
    /// The separators are unusable.
    Separators(crate::SeparatorError),
    /// The builder was used out of order (e.g. a segment outside a message).
    OutOfOrder(&'static str),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Unescapable { tag, character } => {
                write!(f, "{tag}: {character:?} is a service character and there is no release character")
            }
            WriteError::RepetitionUnavailable { tag } => {
                write!(f, "{tag}: repeated element but no repetition separator (syntax version 4 only)")
            }
            WriteError::InvalidTag(t) => write!(f, "{t:?} is not a segment tag"),
            WriteError::ServiceSegmentInBody(t) => write!(f, "service segment {t} inside a message"),
            WriteError::Separators(e) => write!(f, "unusable separators: {e}"),
            WriteError::OutOfOrder(what) => write!(f, "builder used out of order: {what}"),
        }
    }
}

impl std::error::Error for WriteError {}

const SERVICE_TAGS: [&str; 7] = ["UNA", "UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"];

fn valid_tag(tag: &str) -> bool {
    tag.len() == 3 && tag.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Appends `value` to `out`, releasing service characters.
fn escape(out: &mut String, value: &str, seps: &Separators, tag: &str) -> Result<(), WriteError> {
    if !value.bytes().any(|b| seps.is_service(b)) {
        out.push_str(value);
        return Ok(());
    }
    for c in value.chars() {
        if c.is_ascii() && seps.is_service(c as u8) {
            let Some(release) = seps.release else {
                return Err(WriteError::Unescapable { tag: tag.to_owned(), character: c });
            };
            out.push(char::from(release));
        }
        out.push(c);
    }
    Ok(())
}

fn write_segment(out: &mut String, seg: &Segment, seps: &Separators) -> Result<(), WriteError> {
    if !valid_tag(&seg.tag) {
        return Err(WriteError::InvalidTag(seg.tag.clone()));
    }
    out.push_str(&seg.tag);
    for element in &seg.elements {
        out.push(char::from(seps.element));
        for (r, repeat) in element.repeats().iter().enumerate() {
            if r > 0 {
                let Some(rep) = seps.repetition else {
                    return Err(WriteError::RepetitionUnavailable { tag: seg.tag.clone() });
                };
                out.push(char::from(rep));
            }
            for (c, component) in repeat.iter().enumerate() {
                if c > 0 {
                    out.push(char::from(seps.component));
                }
                escape(out, component, seps, &seg.tag)?;
            }
        }
    }
    out.push(char::from(seps.terminator));
    Ok(())
}

fn write_message(out: &mut String, m: &Message, seps: &Separators) -> Result<(), WriteError> {
    write_segment(out, &m.header, seps)?;
    for s in &m.segments {
        if SERVICE_TAGS.contains(&s.tag.as_str()) {
            return Err(WriteError::ServiceSegmentInBody(s.tag.clone()));
        }
        write_segment(out, s, seps)?;
    }
    write_segment(out, &m.trailer, seps)
}

/// Writes an interchange exactly as modelled (control counts as stored; see
/// [`Interchange::recount`]). UNA is written when the separators are not the defaults for the
/// syntax identifier, so `parse(write(x)) == x`.
pub fn write(interchange: &Interchange) -> Result<String, WriteError> {
    let syntax = interchange.syntax();
    let mut seps = interchange.separators;
    if syntax.version < 4 {
        // The reader ignores the reserved repetition position before version 4, so must the writer.
        seps.repetition = None;
    }
    seps.validate().map_err(WriteError::Separators)?;
    let mut out = String::new();
    if needs_una(&seps, &syntax) {
        out.extend(seps.una().iter().map(|&b| char::from(b)));
    }
    write_segment(&mut out, &interchange.header, &seps)?;
    match &interchange.content {
        Content::Messages(messages) => {
            for m in messages {
                write_message(&mut out, m, &seps)?;
            }
        }
        Content::Groups(groups) => {
            for g in groups {
                write_segment(&mut out, &g.header, &seps)?;
                for m in &g.messages {
                    write_message(&mut out, m, &seps)?;
                }
                write_segment(&mut out, &g.trailer, &seps)?;
            }
        }
    }
    write_segment(&mut out, &interchange.trailer, &seps)?;
    Ok(out)
}

/// Whether these separators must be announced with UNA for this syntax identifier.
fn needs_una(seps: &Separators, syntax: &SyntaxIdentifier) -> bool {
    let defaults = Separators::defaults_for(syntax);
    // Before version 4 the repetition position is reserved and ignored by the reader.
    let comparable = if syntax.version < 4 { Separators { repetition: None, ..*seps } } else { *seps };
    comparable != defaults
}

/// Writes an interchange segment by segment, counting as it goes: UNT, UNE and UNZ get the right
/// counts and references without the caller keeping track.
///
/// Trailing empty components and elements are left out, as EDIFACT senders conventionally do.
///
/// ```
/// use edifact::{Builder, Separators};
/// let mut b = Builder::new(Separators::LEVEL_A_V4, &[&["UNOA", "4"], &["SENDER"], &["RECEIVER"], &["130620", "0900"], &["1"]]);
/// b.begin_message(&[&["1"], &["PAXLST", "D", "15B", "UN", "IATA"]]);
/// b.segment("NAD", &[&["FL"], &[], &[], &["O'BRIEN", "ANNE+MARIE"]]);
/// let text = b.finish().unwrap();
/// assert_eq!(text, "UNB+UNOA:4+SENDER+RECEIVER+130620:0900+1'UNH+1+PAXLST:D:15B:UN:IATA'NAD+FL+++O?'BRIEN:ANNE?+MARIE'UNT+3+1'UNZ+1+1'");
/// ```
#[derive(Debug)]
pub struct Builder {
    out: String,
    seps: Separators,
    control_reference: String,
    message: Option<(String, usize)>,
    group: Option<(String, usize)>,
    groups: usize,
    messages: usize,
    error: Option<WriteError>,
}

impl Builder {
    /// Starts an interchange: UNA when needed, then UNB with these elements (component lists).
    pub fn new(separators: Separators, unb: &[&[&str]]) -> Builder {
        let syntax = SyntaxIdentifier {
            identifier: component(unb, 0, 0).to_owned(),
            version: component(unb, 0, 1).parse().unwrap_or(4),
        };
        let mut b = Builder {
            out: String::new(),
            seps: separators,
            control_reference: component(unb, 4, 0).to_owned(),
            message: None,
            group: None,
            groups: 0,
            messages: 0,
            error: separators.validate().err().map(WriteError::Separators),
        };
        if needs_una(&separators, &syntax) {
            b.out.extend(separators.una().iter().map(|&c| char::from(c)));
        }
        b.raw("UNB", unb);
        b
    }

    fn fail(&mut self, e: WriteError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    fn raw(&mut self, tag: &str, elements: &[&[&str]]) {
        if !valid_tag(tag) {
            self.fail(WriteError::InvalidTag(tag.to_owned()));
            return;
        }
        self.out.push_str(tag);
        // Trailing empty elements and components carry nothing, so they are not written.
        let used = elements.iter().rposition(|e| e.iter().any(|c| !c.is_empty())).map_or(0, |i| i + 1);
        for element in elements.iter().take(used) {
            self.out.push(char::from(self.seps.element));
            let comps = element.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
            for (i, value) in element.iter().take(comps).enumerate() {
                if i > 0 {
                    self.out.push(char::from(self.seps.component));
                }
                if let Err(e) = escape(&mut self.out, value, &self.seps, tag) {
                    self.fail(e);
                }
            }
        }
        self.out.push(char::from(self.seps.terminator));
        if let Some((_, count)) = &mut self.message {
            *count += 1;
        }
    }

    /// Opens a functional group: UNG with these elements (element 5 is the group reference).
    pub fn begin_group(&mut self, ung: &[&[&str]]) {
        if self.message.is_some() || self.group.is_some() {
            self.fail(WriteError::OutOfOrder("UNG inside a message or group"));
        }
        self.raw("UNG", ung);
        self.group = Some((component(ung, 4, 0).to_owned(), 0));
        self.groups += 1;
    }

    /// Closes the functional group with UNE.
    pub fn end_group(&mut self) {
        self.end_message_if_open();
        match self.group.take() {
            Some((reference, count)) => self.raw("UNE", &[&[&count.to_string()], &[&reference]]),
            None => self.fail(WriteError::OutOfOrder("UNE without UNG")),
        }
    }

    /// Opens a message: UNH with these elements (element 1 is the message reference).
    pub fn begin_message(&mut self, unh: &[&[&str]]) {
        self.end_message_if_open();
        self.message = Some((component(unh, 0, 0).to_owned(), 0));
        self.raw("UNH", unh);
        match &mut self.group {
            Some((_, count)) => *count += 1,
            None => self.messages += 1,
        }
    }

    /// Writes one segment of the open message.
    pub fn segment(&mut self, tag: &str, elements: &[&[&str]]) {
        if self.message.is_none() {
            self.fail(WriteError::OutOfOrder("segment outside a message"));
        }
        if SERVICE_TAGS.contains(&tag) {
            self.fail(WriteError::ServiceSegmentInBody(tag.to_owned()));
        }
        self.raw(tag, elements);
    }

    /// Writes one owned segment of the open message.
    pub fn owned_segment(&mut self, segment: &Segment) {
        let elements: Vec<Vec<&str>> =
            segment.elements.iter().map(|e| e.components().iter().map(String::as_str).collect()).collect();
        let refs: Vec<&[&str]> = elements.iter().map(Vec::as_slice).collect();
        if segment.elements.iter().any(|e: &Element| e.repeats().len() > 1) {
            self.fail(WriteError::RepetitionUnavailable { tag: segment.tag.clone() });
        }
        self.segment(&segment.tag, &refs);
    }

    /// Closes the open message with UNT.
    pub fn end_message(&mut self) {
        match self.message.take() {
            Some((reference, count)) => {
                self.raw("UNT", &[&[&(count + 1).to_string()], &[&reference]]);
            }
            None => self.fail(WriteError::OutOfOrder("UNT without UNH")),
        }
    }

    fn end_message_if_open(&mut self) {
        if self.message.is_some() {
            self.end_message();
        }
    }

    /// Closes whatever is open and writes UNZ; returns the text or the first error met.
    pub fn finish(mut self) -> Result<String, WriteError> {
        self.end_message_if_open();
        if self.group.is_some() {
            self.end_group();
        }
        let count = if self.groups > 0 { self.groups } else { self.messages };
        let reference = std::mem::take(&mut self.control_reference);
        self.raw("UNZ", &[&[&count.to_string()], &[&reference]]);
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.out),
        }
    }
}

fn component<'s>(elements: &[&[&'s str]], e: usize, c: usize) -> &'s str {
    elements.get(e).and_then(|el| el.get(c)).copied().unwrap_or_default()
}
