//! The streaming envelope reader: segments in, envelope events out (UNG/UNH/…/UNT/UNE/UNZ), with
//! control counts and references checked and character repertoires enforced as findings.

use std::collections::VecDeque;

use crate::error::{Error, ErrorKind, Finding, FindingKind, Position};
use crate::syntax::{Repertoire, SyntaxIdentifier, TextMode};
use crate::tokenizer::{RawSegment, Tokenizer};

/// How many segments with characters outside the repertoire are reported one by one before the rest
/// are summed up in one finding.
const REPERTOIRE_FINDINGS: u64 = 20;

/// One step through the envelope structure. Segments inside a message arrive as [`Event::Segment`];
/// the interchange header UNB is read up front ([`Parser::header`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// UNG: a functional group starts.
    GroupHeader(RawSegment<'a>),
    /// UNH: a message starts.
    MessageHeader(RawSegment<'a>),
    /// A segment between UNH and UNT.
    Segment(RawSegment<'a>),
    /// UNT: the message ends.
    MessageTrailer(RawSegment<'a>),
    /// UNE: the group ends.
    GroupTrailer(RawSegment<'a>),
    /// UNZ: the interchange ends.
    InterchangeTrailer(RawSegment<'a>),
}

#[derive(Debug, Clone)]
struct Open {
    reference: String,
    count: u64,
}

/// Reads an interchange as a stream of envelope events, never holding more than one segment.
///
/// Structural errors (a missing trailer, a segment outside a message) are yielded as `Err` items and
/// reading goes on where it can, so one pass reports every problem. Control counts and references
/// that do not match, and characters outside the declared repertoire, are collected as
/// [`Finding`]s ([`Parser::findings`]).
///
/// ```
/// use edifact::{Event, Parser};
/// let text = b"UNB+UNOA:4+S+R+130620:0900+1'UNH+1+PAXLST:D:15B:UN:IATA'BGM+745'UNT+3+1'UNZ+1+1'";
/// let mut parser = Parser::new(text).unwrap();
/// assert_eq!(parser.syntax().identifier, "UNOA");
/// let tags: Vec<_> = parser.by_ref().map(|e| match e.unwrap() {
///     Event::MessageHeader(s) | Event::Segment(s) | Event::MessageTrailer(s)
///     | Event::GroupHeader(s) | Event::GroupTrailer(s) | Event::InterchangeTrailer(s) => s.tag(),
/// }).collect();
/// assert_eq!(tags, ["UNH", "BGM", "UNT", "UNZ"]);
/// assert!(parser.findings().is_empty());
/// ```
#[derive(Debug)]
pub struct Parser<'a> {
    tokens: Tokenizer<'a>,
    header: RawSegment<'a>,
    syntax: SyntaxIdentifier,
    control_reference: String,
    repertoire: Repertoire,
    allowed: [bool; 256],
    repertoire_reported: u64,
    findings: Vec<Finding>,
    pending: VecDeque<Result<Event<'a>, Error>>,
    message: Option<Open>,
    group: Option<Open>,
    groups: u64,
    ungrouped: u64,
    finished: bool,
    truncated: bool,
    done: bool,
}

impl<'a> Parser<'a> {
    /// Reads UNA (if any) and UNB, and sets up the separators the rest of the interchange uses.
    pub fn new(input: &'a [u8]) -> Result<Parser<'a>, Error> {
        let mut tokens = Tokenizer::new(input)?;
        let header = match tokens.next() {
            Some(Ok(seg)) if seg.tag() == "UNB" => seg,
            Some(Ok(seg)) => {
                return Err(Error::new(ErrorKind::MissingInterchangeHeader, seg.position(), Some(seg.tag())));
            }
            Some(Err(e)) => return Err(e),
            None => {
                return Err(Error::new(
                    ErrorKind::Empty,
                    Position { segment: 0, offset: tokens.offset() },
                    None,
                ));
            }
        };
        let missing_syntax = || {
            Error::new(
                ErrorKind::InvalidServiceElement {
                    expected: "a syntax identifier such as UNOA:4 (UNB S001)",
                },
                header.position(),
                Some("UNB"),
            )
            .at_element(1, 1)
        };
        let identifier = text(&header, 1, 1);
        if identifier.is_empty() {
            return Err(missing_syntax());
        }
        let version_text = text(&header, 1, 2);
        let mut findings = Vec::new();
        let version = match version_text.parse::<u8>() {
            Ok(v @ 1..=4) => v,
            _ => {
                findings.push(Finding {
                    kind: FindingKind::UnknownSyntaxVersion(version_text.clone()),
                    position: header.position(),
                    tag: "UNB".into(),
                });
                4
            }
        };
        let syntax = SyntaxIdentifier { identifier, version };
        // Version 4 adds the repetition separator; before it the UNA position is only reserved.
        if version < 4 {
            tokens.set_repetition(None);
        } else if !tokens.has_una() {
            tokens.set_repetition(crate::Separators::defaults_for(&syntax).repetition);
        }
        let repertoire = syntax.repertoire();
        if tokens.dialect().text == TextMode::Latin1 && repertoire != Repertoire::Latin1 {
            findings.push(Finding {
                kind: FindingKind::NotUtf8 { identifier: syntax.identifier.clone() },
                position: header.position(),
                tag: "UNB".into(),
            });
        }
        // Bytes at or above 0x80 are never "allowed" here, so that one table lookup per byte finds
        // both ASCII characters outside the repertoire and the start of any non-ASCII character.
        let mut allowed = [false; 256];
        for (b, slot) in (0u8..0x80).zip(allowed.iter_mut()) {
            *slot = repertoire.allows(char::from(b)) || tokens.dialect().separators.is_service(b);
        }
        let control_reference = text(&header, 5, 1);
        let mut parser = Parser {
            tokens,
            header,
            syntax,
            control_reference,
            repertoire,
            allowed,
            repertoire_reported: 0,
            findings,
            pending: VecDeque::new(),
            message: None,
            group: None,
            groups: 0,
            ungrouped: 0,
            finished: false,
            truncated: false,
            done: false,
        };
        parser.check_repertoire(&header);
        Ok(parser)
    }

    /// The interchange header UNB.
    pub fn header(&self) -> RawSegment<'a> {
        self.header
    }

    /// The syntax identifier and version from UNB.
    pub fn syntax(&self) -> &SyntaxIdentifier {
        &self.syntax
    }

    /// The separators and text mode in force after UNB.
    pub fn dialect(&self) -> crate::Dialect {
        self.tokens.dialect()
    }

    /// Whether the input began with UNA.
    pub fn has_una(&self) -> bool {
        self.tokens.has_una()
    }

    /// The findings so far (all of them once the iterator is exhausted).
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Takes the findings collected so far, leaving none.
    pub fn take_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }

    /// Whether the interchange trailer UNZ has been read.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    fn finding(&mut self, kind: FindingKind, seg: &RawSegment<'_>) {
        self.findings.push(Finding { kind, position: seg.position(), tag: seg.tag().to_owned() });
    }

    fn check_repertoire(&mut self, seg: &RawSegment<'_>) {
        if !self.repertoire.is_checked() {
            return;
        }
        let input = self.tokens.input();
        let bytes = input.get(seg.offset()..seg.end().saturating_sub(1)).unwrap_or_default();
        // Nearly every segment is clean: test it eight bytes per step without a branch per byte, and
        // look for the culprit only when there is one.
        let allowed = |b: &u8| self.allowed.get(usize::from(*b)).copied().unwrap_or(false);
        let mut chunks = bytes.chunks_exact(8);
        let clean = chunks.by_ref().all(|chunk| chunk.iter().fold(true, |ok, b| ok & allowed(b)))
            && chunks.remainder().iter().all(allowed);
        if clean {
            return;
        }
        let Some(bad) = self.first_outside(bytes) else { return };
        self.repertoire_reported += 1;
        if self.repertoire_reported <= REPERTOIRE_FINDINGS {
            let identifier = self.syntax.identifier.clone();
            self.finding(FindingKind::Repertoire { character: bad, identifier }, seg);
        }
    }

    fn first_outside(&self, bytes: &[u8]) -> Option<char> {
        let i = bytes.iter().position(|&b| !self.allowed.get(usize::from(b)).copied().unwrap_or(false))?;
        let rest = bytes.get(i..).unwrap_or_default();
        let seps = self.tokens.dialect().separators;
        let allowed = |c: char| self.repertoire.allows(c) || (c.is_ascii() && seps.is_service(c as u8));
        match self.tokens.dialect().text {
            TextMode::Utf8 => String::from_utf8_lossy(rest).chars().find(|&c| !allowed(c)),
            TextMode::Latin1 => rest.iter().map(|&b| char::from(b)).find(|&c| !allowed(c)),
        }
    }

    fn error(&mut self, kind: ErrorKind, seg: &RawSegment<'_>) {
        self.pending.push_back(Err(Error::new(kind, seg.position(), Some(seg.tag()))));
    }

    /// Closes an open message whose UNT never came.
    fn close_message(&mut self, seg: &RawSegment<'_>) {
        if self.message.take().is_some() {
            self.error(ErrorKind::MissingTrailer("UNT"), seg);
        }
    }

    fn close_group(&mut self, seg: &RawSegment<'_>) {
        self.close_message(seg);
        if self.group.take().is_some() {
            self.error(ErrorKind::MissingTrailer("UNE"), seg);
        }
    }

    /// Reads a control count from a trailer: element 1, component 1.
    fn count(&mut self, seg: &RawSegment<'a>, expected: &'static str) -> Option<u64> {
        let value = text(seg, 1, 1);
        match value.trim().parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let e = Error::new(
                    ErrorKind::InvalidServiceElement { expected },
                    seg.position(),
                    Some(seg.tag()),
                )
                .at_element(1, 1);
                self.pending.push_back(Err(e));
                None
            }
        }
    }

    fn check_reference(&mut self, seg: &RawSegment<'a>, header: &str) {
        let trailer = text(seg, 2, 1);
        if trailer.trim() != header.trim() {
            self.finding(FindingKind::ReferenceMismatch { trailer, header: header.to_owned() }, seg);
        }
    }

    fn handle(&mut self, seg: RawSegment<'a>) {
        match seg.tag() {
            "UNH" => {
                self.close_message(&seg);
                if self.group.is_some() {
                    if let Some(g) = &mut self.group {
                        g.count += 1;
                    }
                } else {
                    self.ungrouped += 1;
                    if self.groups > 0 {
                        self.error(ErrorKind::MixedGroupsAndMessages, &seg);
                    }
                }
                self.message = Some(Open { reference: text(&seg, 1, 1), count: 1 });
                self.pending.push_back(Ok(Event::MessageHeader(seg)));
            }
            "UNT" => match self.message.take() {
                None => self.error(ErrorKind::UnexpectedSegment, &seg),
                Some(m) => {
                    let actual = m.count + 1;
                    if let Some(declared) =
                        self.count(&seg, "the number of segments in the message (UNT 0074)")
                        && declared != actual
                    {
                        self.finding(FindingKind::SegmentCount { declared, actual }, &seg);
                    }
                    self.check_reference(&seg, &m.reference);
                    self.pending.push_back(Ok(Event::MessageTrailer(seg)));
                }
            },
            "UNG" => {
                self.close_group(&seg);
                if self.ungrouped > 0 {
                    self.error(ErrorKind::MixedGroupsAndMessages, &seg);
                }
                self.groups += 1;
                self.group = Some(Open { reference: text(&seg, 5, 1), count: 0 });
                self.pending.push_back(Ok(Event::GroupHeader(seg)));
            }
            "UNE" => {
                self.close_message(&seg);
                match self.group.take() {
                    None => self.error(ErrorKind::UnexpectedSegment, &seg),
                    Some(g) => {
                        if let Some(declared) =
                            self.count(&seg, "the number of messages in the group (UNE 0060)")
                            && declared != g.count
                        {
                            self.finding(FindingKind::GroupMessageCount { declared, actual: g.count }, &seg);
                        }
                        self.check_reference(&seg, &g.reference);
                        self.pending.push_back(Ok(Event::GroupTrailer(seg)));
                    }
                }
            }
            "UNZ" => {
                self.close_group(&seg);
                let groups = self.groups > 0;
                let actual = if groups { self.groups } else { self.ungrouped };
                if let Some(declared) = self.count(&seg, "the number of messages or groups (UNZ 0036)")
                    && declared != actual
                {
                    self.finding(FindingKind::InterchangeCount { declared, actual, groups }, &seg);
                }
                let reference = self.control_reference.clone();
                self.check_reference(&seg, &reference);
                self.finished = true;
                self.pending.push_back(Ok(Event::InterchangeTrailer(seg)));
            }
            "UNB" => self.error(ErrorKind::UnexpectedSegment, &seg),
            _ => match &mut self.message {
                Some(m) => {
                    m.count += 1;
                    self.pending.push_back(Ok(Event::Segment(seg)));
                }
                None => self.error(ErrorKind::UnexpectedSegment, &seg),
            },
        }
    }

    fn at_end(&mut self) {
        let position =
            Position { segment: self.tokens.segments_read() + 1, offset: self.tokens.input().len() };
        if self.truncated || self.finished {
            return;
        }
        let mut missing = Vec::new();
        if self.message.take().is_some() {
            missing.push("UNT");
        }
        if self.group.take().is_some() {
            missing.push("UNE");
        }
        missing.push("UNZ");
        for m in missing {
            self.pending.push_back(Err(Error::new(ErrorKind::MissingTrailer(m), position, None)));
        }
    }

    fn summarise_repertoire(&mut self) {
        if self.repertoire_reported > REPERTOIRE_FINDINGS {
            let segments = self.repertoire_reported - REPERTOIRE_FINDINGS;
            self.findings.push(Finding {
                kind: FindingKind::RepertoireSuppressed { segments },
                position: Position { segment: self.tokens.segments_read(), offset: self.tokens.offset() },
                tag: "UNZ".into(),
            });
            self.repertoire_reported = REPERTOIRE_FINDINGS;
        }
    }
}

impl<'a> Iterator for Parser<'a> {
    type Item = Result<Event<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            match self.tokens.next() {
                None => {
                    self.done = true;
                    self.at_end();
                    self.summarise_repertoire();
                }
                Some(Err(e)) => {
                    if e.kind == ErrorKind::Unterminated {
                        self.truncated = true;
                    } else if let Some(m) = &mut self.message {
                        m.count += 1;
                    }
                    return Some(Err(e));
                }
                Some(Ok(seg)) => {
                    self.check_repertoire(&seg);
                    if self.finished {
                        self.done = true;
                        self.summarise_repertoire();
                        return Some(Err(Error::new(
                            ErrorKind::DataAfterTrailer,
                            seg.position(),
                            Some(seg.tag()),
                        )));
                    }
                    // The common case, a segment inside a message, skips the queue.
                    if !seg.tag().starts_with("UN")
                        && let Some(m) = &mut self.message
                    {
                        m.count += 1;
                        return Some(Ok(Event::Segment(seg)));
                    }
                    self.handle(seg);
                }
            }
        }
    }
}

/// Component `c` of element `e` as text; empty when absent or undecodable.
pub(crate) fn text(seg: &RawSegment<'_>, e: usize, c: usize) -> String {
    seg.get(e, c).and_then(|v| v.text().ok()).map(|t| t.into_owned()).unwrap_or_default()
}
