//! The zero-copy tokenizer: bytes in, segments out, each a borrowed slice with its number and offset.
//!
//! Trimming policy (the only places where the tokenizer drops bytes that are not service characters):
//! 1. Before the first segment a UTF-8 byte-order mark and ASCII whitespace are skipped.
//! 2. Between segments — after a terminator, before the next tag — ASCII whitespace (space, tab, CR,
//!    LF) is skipped, unless that byte is itself a service character.
//! 3. ASCII whitespace around the tag is trimmed (`UNG *…` with a stray space reads as `UNG`).
//! 4. Nothing inside data elements is ever trimmed or changed; the release character is removed only
//!    when a value is decoded ([`RawValue::text`]).

use std::borrow::Cow;

use crate::error::{Error, ErrorKind, Position};
use crate::syntax::{Dialect, Separators, TextMode};

/// One segment as it lies in the input: its tag and the bytes of its data elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawSegment<'a> {
    tag: &'a str,
    /// The bytes after the tag's element separator; `None` when the tag is directly followed by the
    /// terminator (a segment with no data elements).
    body: Option<&'a [u8]>,
    number: u32,
    offset: usize,
    end: usize,
    has_release: bool,
    dialect: Dialect,
    /// The body as text, when the whole input is UTF-8: values then become `&str` by slicing, with
    /// no further validation.
    body_str: Option<&'a str>,
    /// The input from the first byte of the body to the end: the field index reads whole words
    /// from it, past the end of a short body, instead of going byte by byte.
    rest: &'a [u8],
}

impl<'a> RawSegment<'a> {
    /// The segment tag, e.g. `NAD`.
    #[inline]
    pub fn tag(&self) -> &'a str {
        self.tag
    }

    /// 1-based segment number in the interchange (UNB is 1).
    #[inline]
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Byte offset of the tag in the input.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Byte offset just past the segment terminator.
    #[inline]
    pub fn end(&self) -> usize {
        self.end
    }

    /// The segment's position, for errors.
    pub fn position(&self) -> Position {
        Position { segment: self.number, offset: self.offset }
    }

    /// The separators and text mode the segment was read with.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The raw bytes of the data elements (after the tag), as sent.
    #[inline]
    pub fn body(&self) -> &'a [u8] {
        self.body.unwrap_or_default()
    }

    /// The data elements, in order (element 1 first).
    pub fn elements(&self) -> Elements<'a> {
        Elements {
            split: Split::new(self.body, self.dialect.separators.element, self.release()),
            dialect: self.dialect,
            has_release: self.has_release,
        }
    }

    /// Data element `n`, 1-based (element 0 would be the tag).
    pub fn element(&self, n: usize) -> Option<RawElement<'a>> {
        self.elements().nth(n.checked_sub(1)?)
    }

    /// Component `c` of data element `e`, both 1-based; `None` when absent.
    pub fn get(&self, e: usize, c: usize) -> Option<RawValue<'a>> {
        self.element(e)?.component(c)
    }

    /// Whether the segment contains a release character (so values may need decoding).
    #[inline]
    pub fn has_release(&self) -> bool {
        self.has_release
    }

    fn release(&self) -> Option<u8> {
        if self.has_release { self.dialect.separators.release } else { None }
    }
}

/// The component boundaries of one segment, found in a single pass, for constant-time access by
/// position. Reuse one index for many segments to avoid allocating: [`FieldIndex::index`] clears it.
///
/// Like [`RawElement::components`], it covers the first repetition of each element.
///
/// ```
/// let mut t = edifact::Tokenizer::new(b"NAD+FL+++O?'BRIEN:ANNE*X+CITY'").unwrap();
/// let seg = t.next().unwrap().unwrap();
/// let mut index = edifact::FieldIndex::default();
/// index.index(&seg);
/// assert_eq!(index.elements(), 5);
/// assert_eq!(index.get(&seg, 4, 1).unwrap().text().unwrap(), "O'BRIEN");
/// assert_eq!(index.get(&seg, 5, 1).unwrap().text().unwrap(), "CITY");
/// assert!(index.get(&seg, 2, 2).is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct FieldIndex {
    /// `(start, end)` of each component, relative to the segment body.
    comps: Vec<(usize, usize)>,
    /// For element `i` (0-based), the index in `comps` of its first component; one more at the end.
    elems: Vec<usize>,
}

impl FieldIndex {
    /// Indexes `seg`, replacing what the index held.
    pub fn index(&mut self, seg: &RawSegment<'_>) {
        self.comps.clear();
        self.elems.clear();
        let Some(body) = seg.body else {
            self.elems.push(0);
            return;
        };
        self.elems.push(0);
        let seps = seg.dialect.separators;
        let mut cursor = Cursor { start: 0, in_repeat: false };
        match seps.release {
            Some(release) if seg.has_release => self.scan_released(body, seps, release, &mut cursor),
            _ => self.scan(body, seg.rest, seps, &mut cursor),
        }
        if !cursor.in_repeat {
            self.comps.push((cursor.start, body.len()));
        }
        self.elems.push(self.comps.len());
    }

    /// Records the element separator found at `i`.
    #[inline(always)]
    fn element_at(&mut self, i: usize, cursor: &mut Cursor) {
        if !cursor.in_repeat {
            self.comps.push((cursor.start, i));
        }
        self.elems.push(self.comps.len());
        cursor.start = i + 1;
        cursor.in_repeat = false;
    }

    /// Records the component separator found at `i`.
    #[inline(always)]
    fn component_at(&mut self, i: usize, cursor: &mut Cursor) {
        if !cursor.in_repeat {
            self.comps.push((cursor.start, i));
        }
        cursor.start = i + 1;
    }

    /// Records the repetition separator found at `i`: the rest of the element is not indexed.
    #[inline(always)]
    fn repetition_at(&mut self, i: usize, cursor: &mut Cursor) {
        if !cursor.in_repeat {
            self.comps.push((cursor.start, i));
            cursor.in_repeat = true;
        }
    }

    /// The body of a segment without release characters: separators are found eight bytes at a
    /// time, so the loop runs once per separator rather than once per byte. `rest` is the input from
    /// the start of the body on; the bytes it has past the body are read but their marks dropped.
    fn scan(&mut self, body: &[u8], rest: &[u8], seps: Separators, cursor: &mut Cursor) {
        let me = LO.wrapping_mul(u64::from(seps.element));
        let mc = LO.wrapping_mul(u64::from(seps.component));
        let mr = seps.repetition.map(|r| LO.wrapping_mul(u64::from(r)));
        let mut base = 0;
        while base < body.len() {
            let arr = word(rest, base).unwrap_or_else(|| padded(body.get(base..).unwrap_or_default()));
            let w = u64::from_le_bytes(arr);
            let left = body.len() - base;
            // Sound because every mark is exact: the marks below the end are all true ones.
            let keep = if left < 8 { (1u64 << (8 * left)) - 1 } else { u64::MAX };
            let elements = exact_matches(w, me) & keep;
            let components = exact_matches(w, mc) & keep & !elements;
            let repetitions = mr.map_or(0, |m| exact_matches(w, m)) & keep & !elements & !components;
            let mut marks = elements | components | repetitions;
            while marks != 0 {
                let bit = marks & marks.wrapping_neg();
                marks ^= bit;
                let i = base + (bit.trailing_zeros() / 8) as usize;
                if elements & bit != 0 {
                    self.element_at(i, cursor);
                } else if components & bit != 0 {
                    self.component_at(i, cursor);
                } else {
                    self.repetition_at(i, cursor);
                }
            }
            base += 8;
        }
    }

    /// The body of a segment that holds a release character: byte by byte, skipping each released
    /// character.
    #[cold]
    #[inline(never)]
    fn scan_released(&mut self, body: &[u8], seps: Separators, release: u8, cursor: &mut Cursor) {
        let mut i = 0;
        while let Some(&b) = body.get(i) {
            if b == release {
                i += 2;
                continue;
            }
            if b == seps.element {
                self.element_at(i, cursor);
            } else if b == seps.component {
                self.component_at(i, cursor);
            } else if Some(b) == seps.repetition {
                self.repetition_at(i, cursor);
            }
            i += 1;
        }
    }

    /// The number of data elements of the indexed segment.
    #[inline]
    pub fn elements(&self) -> usize {
        self.elems.len().saturating_sub(1)
    }

    /// Component `c` of element `e` (both 1-based) of the indexed segment, which must be `seg`.
    #[inline]
    pub fn get<'a>(&self, seg: &RawSegment<'a>, e: usize, c: usize) -> Option<RawValue<'a>> {
        let first = *self.elems.get(e.checked_sub(1)?)?;
        let next = *self.elems.get(e)?;
        let i = first + c.checked_sub(1)?;
        if i >= next {
            return None;
        }
        let &(start, end) = self.comps.get(i)?;
        let bytes = seg.body?.get(start..end)?;
        let text = seg.body_str.and_then(|s| s.get(start..end));
        Some(RawValue { bytes, dialect: seg.dialect, has_release: seg.has_release, text })
    }
}

/// Where [`FieldIndex::index`] is inside the segment body: the start of the current component, and
/// whether the rest of the element is a further repetition (which the index does not cover).
#[derive(Debug, Clone, Copy)]
struct Cursor {
    start: usize,
    in_repeat: bool,
}

/// One data element: one or more repetitions, each one or more components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawElement<'a> {
    bytes: &'a [u8],
    dialect: Dialect,
    has_release: bool,
}

impl<'a> RawElement<'a> {
    /// The raw bytes of the element, as sent.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Whether the element is empty (nothing between its separators).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The repetitions of the element (one unless the syntax version 4 repetition separator is used).
    pub fn repeats(&self) -> Repeats<'a> {
        let release = if self.has_release { self.dialect.separators.release } else { None };
        Repeats {
            split: match self.dialect.separators.repetition {
                Some(rep) => Split::new(Some(self.bytes), rep, release),
                None => Split::whole(self.bytes),
            },
            dialect: self.dialect,
            has_release: self.has_release,
        }
    }

    /// The components of the element's first repetition.
    pub fn components(&self) -> Components<'a> {
        let first = self.repeats().next().unwrap_or(*self);
        let release = if first.has_release { first.dialect.separators.release } else { None };
        Components {
            split: Split::new(Some(first.bytes), first.dialect.separators.component, release),
            dialect: first.dialect,
            has_release: first.has_release,
        }
    }

    /// Component `c` (1-based) of the first repetition.
    pub fn component(&self, c: usize) -> Option<RawValue<'a>> {
        self.components().nth(c.checked_sub(1)?)
    }
}

/// One component value, still escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawValue<'a> {
    bytes: &'a [u8],
    dialect: Dialect,
    has_release: bool,
    /// The same bytes as text, when already known to be UTF-8.
    text: Option<&'a str>,
}

impl<'a> RawValue<'a> {
    /// The raw bytes, with any release characters still in place.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The value as text: release characters removed, bytes decoded per the dialect's text mode.
    /// Borrows when nothing had to change. Fails only for invalid UTF-8 in UTF-8 mode.
    #[inline]
    pub fn text(&self) -> Result<Cow<'a, str>, ErrorKind> {
        // The common case, inlined: no release character in the segment, and the input is UTF-8.
        if let (false, Some(text)) = (self.has_release, self.text) {
            return Ok(Cow::Borrowed(text));
        }
        self.decode()
    }

    /// [`RawValue::text`] for the values that may need unescaping or decoding.
    fn decode(&self) -> Result<Cow<'a, str>, ErrorKind> {
        // The segment-level flag says a release character occurs somewhere in the segment; only a
        // value that holds one needs unescaping.
        let release = match self.dialect.separators.release {
            Some(r) if self.has_release && self.bytes.contains(&r) => Some(r),
            _ => None,
        };
        if let (None, Some(text)) = (release, self.text) {
            return Ok(Cow::Borrowed(text));
        }
        match (self.dialect.text, release) {
            (TextMode::Utf8, None) => {
                std::str::from_utf8(self.bytes).map(Cow::Borrowed).map_err(|_| ErrorKind::Undecodable)
            }
            (TextMode::Utf8, Some(r)) => {
                let unescaped = unescape(self.bytes, r);
                String::from_utf8(unescaped).map(Cow::Owned).map_err(|_| ErrorKind::Undecodable)
            }
            (TextMode::Latin1, release) => {
                let bytes: Cow<'_, [u8]> = match release {
                    Some(r) => Cow::Owned(unescape(self.bytes, r)),
                    None => Cow::Borrowed(self.bytes),
                };
                if bytes.is_ascii() {
                    return Ok(match bytes {
                        Cow::Borrowed(_) => match std::str::from_utf8(self.bytes) {
                            Ok(s) => Cow::Borrowed(s),
                            Err(_) => return Err(ErrorKind::Undecodable),
                        },
                        Cow::Owned(v) => {
                            Cow::Owned(String::from_utf8(v).map_err(|_| ErrorKind::Undecodable)?)
                        }
                    });
                }
                Ok(Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()))
            }
        }
    }
}

/// Removes release characters: each release character is dropped and the byte after it kept.
fn unescape(bytes: &[u8], release: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut released = false;
    for &b in bytes {
        if b == release && !released {
            released = true;
        } else {
            out.push(b);
            released = false;
        }
    }
    out
}

/// Splits a byte slice at a separator, honouring the release character. With no separator it yields
/// the whole slice once.
#[derive(Debug, Clone)]
struct Split<'a> {
    rest: Option<&'a [u8]>,
    sep: Option<u8>,
    release: Option<u8>,
}

impl<'a> Split<'a> {
    fn new(bytes: Option<&'a [u8]>, sep: u8, release: Option<u8>) -> Split<'a> {
        Split { rest: bytes, sep: Some(sep), release }
    }

    fn whole(bytes: &'a [u8]) -> Split<'a> {
        Split { rest: Some(bytes), sep: None, release: None }
    }
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest?;
        let at = match (self.sep, self.release) {
            (None, _) => None,
            (Some(sep), None) => find1(rest, sep),
            (Some(sep), Some(r)) => find_unreleased(rest, sep, r),
        };
        match at {
            Some(i) => {
                let (head, tail) = rest.split_at_checked(i)?;
                self.rest = tail.get(1..);
                Some(head)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Finds the first `sep` not preceded by an unreleased release character.
fn find_unreleased(hay: &[u8], sep: u8, release: u8) -> Option<usize> {
    let mut i = 0;
    loop {
        let rest = hay.get(i..)?;
        let k = find2(rest, sep, release)?;
        let at = i + k;
        if hay.get(at) == Some(&sep) {
            return Some(at);
        }
        i = at + 2;
    }
}

macro_rules! iterator {
    ($name:ident, $item:ident, $doc:literal $(, $extra:ident)?) => {
        #[doc = $doc]
        #[derive(Debug, Clone)]
        pub struct $name<'a> {
            split: Split<'a>,
            dialect: Dialect,
            has_release: bool,
        }

        impl<'a> Iterator for $name<'a> {
            type Item = $item<'a>;

            fn next(&mut self) -> Option<$item<'a>> {
                let bytes = self.split.next()?;
                Some($item { bytes, dialect: self.dialect, has_release: self.has_release $(, $extra: None)? })
            }
        }
    };
}

iterator!(Elements, RawElement, "The data elements of a segment.");
iterator!(Repeats, RawElement, "The repetitions of a data element.");
iterator!(Components, RawValue, "The components of a data element.", text);

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Marks (high bit set) the bytes of `w` equal to the byte splatted in `m`. The lowest marked byte
/// is always a true match; borrows can only add false marks above a true one.
#[inline(always)]
fn matches(w: u64, m: u64) -> u64 {
    let x = w ^ m;
    x.wrapping_sub(LO) & !x & HI
}

/// Marks (high bit set) exactly the bytes of `w` equal to the byte splatted in `m`, with no false
/// marks, so that every mark can be visited.
#[inline(always)]
fn exact_matches(w: u64, m: u64) -> u64 {
    let x = w ^ m;
    // The high bit of `t` is set when the low seven bits of the byte are not all zero.
    let t = (x & !HI).wrapping_add(!HI);
    !(t | x | !HI)
}

/// The eight bytes of `bytes` from `at`, if there are that many.
#[inline(always)]
fn word(bytes: &[u8], at: usize) -> Option<[u8; 8]> {
    bytes.get(at..at + 8).and_then(|b| <[u8; 8]>::try_from(b).ok())
}

/// Up to eight bytes, padded with zeros.
fn padded(bytes: &[u8]) -> [u8; 8] {
    let mut arr = [0u8; 8];
    for (slot, &b) in arr.iter_mut().zip(bytes) {
        *slot = b;
    }
    arr
}

/// Index of the first byte equal to `a`, eight bytes at a time.
#[inline]
pub(crate) fn find1(hay: &[u8], a: u8) -> Option<usize> {
    let ma = LO.wrapping_mul(u64::from(a));
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let Ok(arr) = <[u8; 8]>::try_from(chunk) else { break };
        let z = matches(u64::from_le_bytes(arr), ma);
        if z != 0 {
            return Some(base + (z.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks.remainder().iter().position(|&c| c == a).map(|i| base + i)
}

/// Index of the first byte equal to `a` or `b`, eight bytes at a time.
#[inline]
pub(crate) fn find2(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    let ma = LO.wrapping_mul(u64::from(a));
    let mb = LO.wrapping_mul(u64::from(b));
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let Ok(arr) = <[u8; 8]>::try_from(chunk) else { break };
        let w = u64::from_le_bytes(arr);
        let z = matches(w, ma) | matches(w, mb);
        if z != 0 {
            return Some(base + (z.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks.remainder().iter().position(|&c| c == a || c == b).map(|i| base + i)
}

/// The tokenizer: an iterator of segments over the input.
///
/// It reads the UNA service string advice if there is one, and otherwise uses the level-A defaults
/// (or the level-B ones when the byte after `UNB` is the IS3 control character). The envelope reader
/// ([`crate::Parser`]) later adds the version-4 repetition separator when UNB asks for it.
///
/// After an invalid tag the tokenizer yields the error and goes on with the next segment; after an
/// unterminated segment it stops.
///
/// ```
/// let mut t = edifact::Tokenizer::new(b"UNA:+.? 'UNB+UNOA:4'\r\nNAD+FL+++O?'BRIEN:ANNE'").unwrap();
/// let unb = t.next().unwrap().unwrap();
/// assert_eq!((unb.tag(), unb.number()), ("UNB", 1));
/// let nad = t.next().unwrap().unwrap();
/// assert_eq!(nad.get(4, 1).unwrap().text().unwrap(), "O'BRIEN");
/// assert!(t.next().is_none());
/// ```
#[derive(Debug, Clone)]
pub struct Tokenizer<'a> {
    input: &'a [u8],
    input_str: Option<&'a str>,
    pos: usize,
    number: u32,
    dialect: Dialect,
    una: bool,
    done: bool,
}

impl<'a> Tokenizer<'a> {
    /// Starts tokenizing: skips a BOM and leading whitespace and reads UNA if present.
    pub fn new(input: &'a [u8]) -> Result<Tokenizer<'a>, Error> {
        let mut pos = 0;
        if input.starts_with(b"\xEF\xBB\xBF") {
            pos = 3;
        }
        pos += leading_whitespace(input.get(pos..).unwrap_or_default());
        let rest = input.get(pos..).unwrap_or_default();
        if rest.is_empty() {
            return Err(Error::new(ErrorKind::Empty, Position { segment: 0, offset: pos }, None));
        }
        let mut una = false;
        let separators = if rest.starts_with(b"UNA") {
            let advice = rest.get(..9).unwrap_or(rest);
            let seps = Separators::from_una(advice).map_err(|e| {
                Error::new(
                    ErrorKind::ServiceStringAdvice(e),
                    Position { segment: 0, offset: pos },
                    Some("UNA"),
                )
            })?;
            pos += 9;
            una = true;
            seps
        } else if rest.get(3) == Some(&Separators::LEVEL_B.element) {
            Separators::LEVEL_B
        } else {
            Separators::LEVEL_A
        };
        let input_str = std::str::from_utf8(input).ok();
        let text = if input_str.is_some() { TextMode::Utf8 } else { TextMode::Latin1 };
        Ok(Tokenizer {
            input,
            input_str,
            pos,
            number: 0,
            dialect: Dialect { separators, text },
            una,
            done: false,
        })
    }

    /// Whether the input began with a UNA service string advice.
    pub fn has_una(&self) -> bool {
        self.una
    }

    /// The dialect segments are currently read with.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Changes the repetition separator for the segments still to come (the envelope reader calls
    /// this once it has read the syntax version from UNB).
    pub fn set_repetition(&mut self, repetition: Option<u8>) {
        self.dialect.separators.repetition = repetition;
    }

    /// The byte offset the tokenizer has reached.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// The number of segments read so far.
    pub fn segments_read(&self) -> u32 {
        self.number
    }

    /// The input being tokenized.
    pub fn input(&self) -> &'a [u8] {
        self.input
    }

    fn skip_between(&mut self) {
        let seps = self.dialect.separators;
        while let Some(&b) = self.input.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\r' | b'\n') && !seps.is_service(b) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Finds the terminator of the segment starting at `start`: its index and whether a release
    /// character occurs on the way.
    fn scan_terminator(&self, start: usize) -> Option<(usize, bool)> {
        let seps = self.dialect.separators;
        let Some(release) = seps.release else {
            let rest = self.input.get(start..)?;
            return find1(rest, seps.terminator).map(|k| (start + k, false));
        };
        let mut i = start;
        let mut has_release = false;
        loop {
            let rest = self.input.get(i..)?;
            let k = find2(rest, seps.terminator, release)?;
            let at = i + k;
            if self.input.get(at) == Some(&seps.terminator) {
                return Some((at, has_release));
            }
            has_release = true;
            i = at + 2;
        }
    }
}

/// The error for a tag that is not three upper-case letters or digits (at most 16 bytes of it shown).
#[cold]
#[inline(never)]
fn invalid_tag(tag: &[u8], position: Position) -> Error {
    let shown = String::from_utf8_lossy(tag.get(..tag.len().min(16)).unwrap_or_default());
    Error::new(ErrorKind::InvalidTag(shown.into_owned()), position, None)
}

fn leading_whitespace(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')).count()
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Result<RawSegment<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.skip_between();
        let start = self.pos;
        if start >= self.input.len() {
            self.done = true;
            return None;
        }
        self.number += 1;
        let position = Position { segment: self.number, offset: start };
        let Some((end, has_release)) = self.scan_terminator(start) else {
            self.done = true;
            return Some(Err(Error::new(ErrorKind::Unterminated, position, None)));
        };
        self.pos = end + 1;
        let bytes = self.input.get(start..end).unwrap_or_default();
        let seps = self.dialect.separators;
        // The tag is nearly always three characters long: then the first element separator is the
        // fourth byte.
        let sep = seps.element;
        let tag_end = match bytes.get(..4) {
            Some(&[a, b, c, d]) if d == sep && a != sep && b != sep && c != sep => Some(3),
            _ => find1(bytes, sep),
        };
        let (tag_bytes, body, body_str, rest) = match tag_end {
            Some(i) => (
                bytes.get(..i).unwrap_or_default(),
                bytes.get(i + 1..),
                self.input_str.and_then(|s| s.get(start + i + 1..end)),
                self.input.get(start + i + 1..).unwrap_or_default(),
            ),
            None => (bytes, None, None, &[][..]),
        };
        // Where the tag starts, after any whitespace (trimming rule 3).
        let lead = tag_bytes.len() - tag_bytes.trim_ascii_start().len();
        let tag_bytes = tag_bytes.trim_ascii();
        let valid =
            tag_bytes.len() == 3 && tag_bytes.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        // A valid tag is ASCII: when the input is known to be UTF-8, slicing it needs no validation.
        let tag = match self.input_str.and_then(|s| s.get(start + lead..start + lead + tag_bytes.len())) {
            Some(t) if valid => Ok(t),
            _ => std::str::from_utf8(tag_bytes),
        };
        let tag = match tag {
            Ok(t) if valid => t,
            _ => return Some(Err(invalid_tag(tag_bytes, position))),
        };
        Some(Ok(RawSegment {
            tag,
            body,
            number: self.number,
            offset: start,
            end: end + 1,
            has_release,
            dialect: self.dialect,
            body_str,
            rest,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_matches_naive() {
        let hay = b"abcdefghij'klmnop?qrstuvwxyz0123456789'";
        for a in [b'\'', b'?', b'z', b'#', b'a', b'9'] {
            assert_eq!(find1(hay, a), hay.iter().position(|&c| c == a), "{a}");
            assert_eq!(find2(hay, a, b'?'), hay.iter().position(|&c| c == a || c == b'?'));
        }
        // High bytes must not produce false first matches.
        let hay = [0x80u8, 0xFF, 0x27, 0x00, 0x26, 0x28, 0x27, 0x27, 0x01];
        assert_eq!(find1(&hay, 0x27), Some(2));
        assert_eq!(find1(&hay, 0x26), Some(4));
        assert_eq!(find1(&hay, 0x00), Some(3));
    }

    #[test]
    fn released_terminator_stays_in_the_segment() {
        let segs: Vec<_> = Tokenizer::new(b"UNB+X??'NAD+A?'B:C?:D'").unwrap().map(Result::unwrap).collect();
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].get(1, 1).unwrap().text().unwrap(), "X?");
        let nad = segs[1];
        assert_eq!(nad.get(1, 1).unwrap().text().unwrap(), "A'B");
        assert_eq!(nad.get(1, 2).unwrap().text().unwrap(), "C:D");
    }
}
