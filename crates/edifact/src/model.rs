//! The owned interchange model (segments, messages, groups) and the streaming reader that builds it
//! one message at a time.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Finding, Position};
use crate::parser::{Event, Parser};
use crate::syntax::{Separators, SyntaxIdentifier};
use crate::tokenizer::RawSegment;

/// One data element: one or more repetitions, each of one or more components (decoded text).
///
/// An element always has at least one repetition with at least one component, as every parsed element
/// does; the constructors keep it so.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Element {
    repeats: Vec<Vec<String>>,
}

impl Element {
    /// A simple element of one value.
    pub fn simple(value: impl Into<String>) -> Element {
        Element { repeats: vec![vec![value.into()]] }
    }

    /// A composite element of several components.
    pub fn composite<S: Into<String>>(components: impl IntoIterator<Item = S>) -> Element {
        Element::repeated([components])
    }

    /// A repeated element (syntax version 4): one list of components per repetition.
    pub fn repeated<S: Into<String>, C: IntoIterator<Item = S>>(
        repeats: impl IntoIterator<Item = C>,
    ) -> Element {
        let mut repeats: Vec<Vec<String>> = repeats
            .into_iter()
            .map(|c| {
                let mut comps: Vec<String> = c.into_iter().map(Into::into).collect();
                if comps.is_empty() {
                    comps.push(String::new());
                }
                comps
            })
            .collect();
        if repeats.is_empty() {
            repeats.push(vec![String::new()]);
        }
        Element { repeats }
    }

    /// The repetitions.
    pub fn repeats(&self) -> &[Vec<String>] {
        &self.repeats
    }

    /// The components of the first repetition.
    pub fn components(&self) -> &[String] {
        self.repeats.first().map(Vec::as_slice).unwrap_or_default()
    }

    /// Component `c` (1-based) of the first repetition.
    pub fn component(&self, c: usize) -> Option<&str> {
        self.components().get(c.checked_sub(1)?).map(String::as_str)
    }

    /// The first component of the first repetition ("" if empty).
    pub fn value(&self) -> &str {
        self.component(1).unwrap_or_default()
    }
}

/// One segment: a tag and its data elements, plus where it was read.
///
/// Equality compares content only (tag and elements): the position is provenance, so the same segment
/// read from two places is equal, as `parse(write(x)) == x` requires.
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// The tag, e.g. `NAD`.
    pub tag: String,
    /// The data elements, element 1 first.
    pub elements: Vec<Element>,
    /// Where the segment was read (default for built segments).
    #[serde(default)]
    pub position: Position,
}

impl PartialEq for Segment {
    fn eq(&self, other: &Segment) -> bool {
        self.tag == other.tag && self.elements == other.elements
    }
}

impl Segment {
    /// Builds a segment from a tag and elements.
    pub fn new(tag: impl Into<String>, elements: Vec<Element>) -> Segment {
        Segment { tag: tag.into(), elements, position: Position::default() }
    }

    /// Decodes a raw segment.
    pub fn from_raw(raw: &RawSegment<'_>) -> Result<Segment, Error> {
        let mut elements = Vec::new();
        for (e, element) in raw.elements().enumerate() {
            let mut repeats = Vec::new();
            for repeat in element.repeats() {
                let mut comps = Vec::new();
                let components = crate::tokenizer::RawElement::components(&repeat);
                for (c, value) in components.enumerate() {
                    let text = value.text().map_err(|kind| {
                        Error::new(kind, raw.position(), Some(raw.tag())).at_element(e + 1, c + 1)
                    })?;
                    comps.push(text.into_owned());
                }
                repeats.push(comps);
            }
            elements.push(Element::repeated(repeats));
        }
        Ok(Segment { tag: raw.tag().to_owned(), elements, position: raw.position() })
    }

    /// Data element `n` (1-based).
    pub fn element(&self, n: usize) -> Option<&Element> {
        self.elements.get(n.checked_sub(1)?)
    }

    /// Component `c` of element `e` (both 1-based) of the first repetition.
    pub fn get(&self, e: usize, c: usize) -> Option<&str> {
        self.element(e)?.component(c)
    }

    /// Component `c` of element `e`, or "" when absent.
    pub fn text(&self, e: usize, c: usize) -> &str {
        self.get(e, c).unwrap_or_default()
    }
}

/// One message: UNH, its segments, UNT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The message header UNH.
    pub header: Segment,
    /// The segments between UNH and UNT.
    pub segments: Vec<Segment>,
    /// The message trailer UNT.
    pub trailer: Segment,
}

impl Message {
    /// The message reference number (UNH 0062).
    pub fn reference(&self) -> &str {
        self.header.text(1, 1)
    }

    /// The message type (UNH S009 0065), e.g. `PAXLST`.
    pub fn message_type(&self) -> &str {
        self.header.text(2, 1)
    }

    /// Sets the UNT segment count and reference from the content.
    pub fn recount(&mut self) {
        let count = self.segments.len() + 2;
        let reference = self.reference().to_owned();
        self.trailer =
            Segment::new("UNT", vec![Element::simple(count.to_string()), Element::simple(reference)]);
    }
}

/// One functional group: UNG, its messages, UNE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The group header UNG.
    pub header: Segment,
    /// The messages of the group.
    pub messages: Vec<Message>,
    /// The group trailer UNE.
    pub trailer: Segment,
}

/// What an interchange carries: messages, or functional groups of messages (never both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// Messages directly in the interchange.
    Messages(Vec<Message>),
    /// Functional groups.
    Groups(Vec<Group>),
}

/// A whole interchange, owned.
///
/// ```
/// let text = "UNA:+.? 'UNB+UNOA:4+S+R+130620:0900+1'UNH+1+PAXLST:D:15B:UN:IATA'NAD+FL+++O?'BRIEN'UNT+3+1'UNZ+1+1'";
/// let parsed = edifact::parse(text.as_bytes()).unwrap();
/// assert!(parsed.findings.is_empty());
/// let message = &parsed.interchange.messages()[0];
/// assert_eq!(message.segments[0].text(4, 1), "O'BRIEN");
/// let written = edifact::write(&parsed.interchange).unwrap();
/// assert_eq!(edifact::parse(written.as_bytes()).unwrap().interchange, parsed.interchange);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interchange {
    /// The service characters (written as UNA when they are not the defaults).
    pub separators: Separators,
    /// The interchange header UNB.
    pub header: Segment,
    /// The messages or groups.
    pub content: Content,
    /// The interchange trailer UNZ.
    pub trailer: Segment,
}

impl Interchange {
    /// The syntax identifier and version (UNB S001).
    pub fn syntax(&self) -> SyntaxIdentifier {
        SyntaxIdentifier {
            identifier: self.header.text(1, 1).to_owned(),
            version: self.header.text(1, 2).parse().unwrap_or(4),
        }
    }

    /// All messages, in or out of groups, in order.
    pub fn messages(&self) -> Vec<&Message> {
        match &self.content {
            Content::Messages(m) => m.iter().collect(),
            Content::Groups(g) => g.iter().flat_map(|g| g.messages.iter()).collect(),
        }
    }

    /// Sets every control count and reference (UNT, UNE, UNZ) from the content.
    pub fn recount(&mut self) {
        let reference = self.header.text(5, 1).to_owned();
        let count = match &mut self.content {
            Content::Messages(messages) => {
                messages.iter_mut().for_each(Message::recount);
                messages.len()
            }
            Content::Groups(groups) => {
                for g in groups.iter_mut() {
                    g.messages.iter_mut().for_each(Message::recount);
                    let group_ref = g.header.text(5, 1).to_owned();
                    g.trailer = Segment::new(
                        "UNE",
                        vec![Element::simple(g.messages.len().to_string()), Element::simple(group_ref)],
                    );
                }
                groups.len()
            }
        };
        self.trailer =
            Segment::new("UNZ", vec![Element::simple(count.to_string()), Element::simple(reference)]);
    }
}

/// An interchange with the findings met while reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Parsed {
    /// The interchange.
    pub interchange: Interchange,
    /// Control-count, reference and repertoire findings, for the caller to weigh.
    pub findings: Vec<Finding>,
}

/// Reads a whole interchange into the owned model. Stops at the first error; findings are returned
/// alongside the interchange for the caller to treat as warnings or errors.
pub fn parse(input: &[u8]) -> Result<Parsed, Error> {
    let mut reader = Reader::new(input)?;
    let mut groups: Vec<Group> = Vec::new();
    let mut messages = Vec::new();
    while let Some(item) = reader.next() {
        let streamed = item?;
        match streamed.group {
            None => messages.push(streamed.message),
            Some(i) => {
                while groups.len() <= i {
                    let header = reader.group_headers.get(groups.len()).cloned();
                    groups.push(Group {
                        header: header.unwrap_or_else(|| Segment::new("UNG", Vec::new())),
                        messages: Vec::new(),
                        trailer: Segment::new("UNE", Vec::new()),
                    });
                }
                if let Some(g) = groups.get_mut(i) {
                    g.messages.push(streamed.message);
                }
            }
        }
    }
    // Groups with no message at all still belong in the model.
    while groups.len() < reader.group_headers.len() {
        let header =
            reader.group_headers.get(groups.len()).cloned().unwrap_or_else(|| Segment::new("UNG", vec![]));
        groups.push(Group { header, messages: Vec::new(), trailer: Segment::new("UNE", Vec::new()) });
    }
    for (g, trailer) in groups.iter_mut().zip(reader.group_trailers.iter()) {
        g.trailer = trailer.clone();
    }
    let content = if groups.is_empty() { Content::Messages(messages) } else { Content::Groups(groups) };
    let separators = reader.parser.dialect().separators;
    let trailer = reader.trailer.take().unwrap_or_else(|| Segment::new("UNZ", Vec::new()));
    let header = reader.header.clone();
    let findings = reader.parser.take_findings();
    Ok(Parsed { interchange: Interchange { separators, header, content, trailer }, findings })
}

/// A message as the streaming reader yields it, with the index of its functional group.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamedMessage {
    /// 0-based index of the group the message is in (see [`Reader::group_headers`]), if any.
    pub group: Option<usize>,
    /// The message.
    pub message: Message,
}

/// Reads an interchange one owned message at a time, so a large interchange is never held whole.
///
/// ```
/// let text = b"UNB+UNOA:4+S+R+1:1+1'UNG+PAXLST+S+R+1:1+9+UN+D:15B'UNH+1+PAXLST'UNT+2+1'UNE+1+9'UNZ+1+1'";
/// let mut reader = edifact::Reader::new(text).unwrap();
/// let first = reader.next().unwrap().unwrap();
/// assert_eq!((first.group, first.message.reference()), (Some(0), "1"));
/// assert!(reader.next().is_none());
/// assert!(reader.findings().is_empty());
/// ```
#[derive(Debug)]
pub struct Reader<'a> {
    parser: Parser<'a>,
    header: Segment,
    group_headers: Vec<Segment>,
    group_trailers: Vec<Segment>,
    trailer: Option<Segment>,
    current: Option<(Segment, Vec<Segment>)>,
}

impl<'a> Reader<'a> {
    /// Reads UNA and UNB.
    pub fn new(input: &'a [u8]) -> Result<Reader<'a>, Error> {
        let parser = Parser::new(input)?;
        let header = Segment::from_raw(&parser.header())?;
        Ok(Reader {
            parser,
            header,
            group_headers: Vec::new(),
            group_trailers: Vec::new(),
            trailer: None,
            current: None,
        })
    }

    /// The interchange header UNB.
    pub fn header(&self) -> &Segment {
        &self.header
    }

    /// The group headers (UNG) read so far.
    pub fn group_headers(&self) -> &[Segment] {
        &self.group_headers
    }

    /// The group trailers (UNE) read so far.
    pub fn group_trailers(&self) -> &[Segment] {
        &self.group_trailers
    }

    /// The interchange trailer, once read.
    pub fn trailer(&self) -> Option<&Segment> {
        self.trailer.as_ref()
    }

    /// The findings so far.
    pub fn findings(&self) -> &[Finding] {
        self.parser.findings()
    }

    /// The separators in force.
    pub fn separators(&self) -> Separators {
        self.parser.dialect().separators
    }

    fn group_index(&self) -> Option<usize> {
        // A message belongs to the last group opened, unless that group is already closed.
        if self.group_headers.len() > self.group_trailers.len() {
            self.group_headers.len().checked_sub(1)
        } else {
            None
        }
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<StreamedMessage, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let event = match self.parser.next()? {
                Ok(event) => event,
                Err(e) => {
                    if matches!(e.kind, ErrorKind::MissingTrailer(_)) {
                        self.current = None;
                    }
                    return Some(Err(e));
                }
            };
            let step = match event {
                Event::GroupHeader(raw) => Segment::from_raw(&raw).map(|s| self.group_headers.push(s)),
                Event::GroupTrailer(raw) => Segment::from_raw(&raw).map(|s| self.group_trailers.push(s)),
                Event::InterchangeTrailer(raw) => Segment::from_raw(&raw).map(|s| self.trailer = Some(s)),
                Event::MessageHeader(raw) => {
                    Segment::from_raw(&raw).map(|s| self.current = Some((s, Vec::new())))
                }
                Event::Segment(raw) => Segment::from_raw(&raw).map(|s| {
                    if let Some((_, segments)) = &mut self.current {
                        segments.push(s);
                    }
                }),
                Event::MessageTrailer(raw) => match Segment::from_raw(&raw) {
                    Ok(trailer) => {
                        if let Some((header, segments)) = self.current.take() {
                            let group = self.group_index();
                            return Some(Ok(StreamedMessage {
                                group,
                                message: Message { header, segments, trailer },
                            }));
                        }
                        Ok(())
                    }
                    Err(e) => Err(e),
                },
            };
            if let Err(e) = step {
                return Some(Err(e));
            }
        }
    }
}
