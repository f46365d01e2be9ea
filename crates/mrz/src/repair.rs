//! Lenient reading: OCR-confusion repair, applied only where the fix is unique, every change reported.
//!
//! Two passes, both over the zone before it is checked:
//!
//! 1. **Character class.** A position that may hold only digits (dates, check digits) and holds a letter
//!    that OCR confuses with one digit (`O`/`Q`/`D` → 0, `I`/`L` → 1, `Z` → 2, `S` → 5, `G` → 6, `B` → 8)
//!    has one possible reading; likewise a digit in a letters-only position (codes, names: 0 → O, 1 → I,
//!    2 → Z, 5 → S, 6 → G, 8 → B). Where a check digit protects the position (dates and check digits),
//!    the fix is kept only if that check then passes (the field's own check; the composite for the
//!    composite digit); letters-only fields (codes, names) have no check and are fixed by class alone.
//! 2. **Check digits.** Positions that may hold letters and digits (document number, optional data) are
//!    ambiguous by class. When a check digit fails, every single swap of one character for its OCR twin in
//!    the positions that check covers is tried; a swap is a candidate when *every* check covering that
//!    position passes afterwards (so the composite must agree with the field's own check). The fix is
//!    applied only when exactly one candidate exists.
//!
//! In a TD3 the composite weighs the document number and the personal number exactly as their own checks
//! do (both start at a multiple of three within the composite), so there the composite cannot tell two
//! candidates apart: fixes in those fields are made less often, never more wrongly.
//!
//! `G` and `6` (values 16 and 6) are congruent modulo 10 and so invisible to every check digit: such a swap
//! can never be confirmed and is never made in a letters-and-digits position.

use crate::Field;
use crate::check::digit_over;
use crate::finding::{Correction, Reason};
use crate::layout::{Class, Layout, Span};
use crate::read::MAX_ZONE;

/// The digit a letter is read as in a digits-only position.
fn digit_for(b: u8) -> Option<u8> {
    Some(match b {
        b'O' | b'Q' | b'D' => b'0',
        b'I' | b'L' => b'1',
        b'Z' => b'2',
        b'S' => b'5',
        b'G' => b'6',
        b'B' => b'8',
        _ => return None,
    })
}

/// The letter a digit is read as in a letters-only position.
fn letter_for(b: u8) -> Option<u8> {
    Some(match b {
        b'0' => b'O',
        b'1' => b'I',
        b'2' => b'Z',
        b'5' => b'S',
        b'6' => b'G',
        b'8' => b'B',
        _ => return None,
    })
}

/// The OCR twins of a character in a letters-and-digits position.
fn twins(b: u8) -> &'static [u8] {
    match b {
        b'O' | b'Q' | b'D' => b"0",
        b'I' => b"1",
        b'Z' => b"2",
        b'S' => b"5",
        b'B' => b"8",
        b'0' => b"OQD",
        b'1' => b"I",
        b'2' => b"Z",
        b'5' => b"S",
        b'8' => b"B",
        _ => b"",
    }
}

/// A check digit for the repair pass.
#[derive(Clone, Copy)]
struct Check {
    /// The composite (covers other checks' data; used to confirm only what no field check covers).
    composite: bool,
    covers: [Option<Span>; 4],
    at: u8,
    /// TD3 personal number: `<` is accepted in the check position when the field is empty.
    filler_if_empty: bool,
}

impl Check {
    fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.covers.iter().flatten().copied()
    }

    fn covers_pos(&self, at: usize) -> bool {
        self.spans().any(|s| s.range().contains(&at))
    }

    fn passes(&self, buf: &[u8]) -> bool {
        let computed = digit_over(self.spans().map(|s| buf.get(s.range()).unwrap_or(&[])));
        let found = buf.get(usize::from(self.at)).copied().unwrap_or(0);
        if found == b'0' + computed {
            return true;
        }
        self.filler_if_empty
            && found == b'<'
            && self.spans().all(|s| buf.get(s.range()).is_some_and(|d| d.iter().all(|b| *b == b'<')))
    }
}

/// The layout's checks (at most five), without allocating.
fn checks(layout: &Layout, buf: &[u8]) -> ([Check; 5], usize) {
    let one = |s: Span| [Some(s), None, None, None];
    let none = Check { composite: false, covers: [None; 4], at: 0, filler_if_empty: false };
    let mut out = [none; 5];
    let mut n = 0;
    let mut push = |c: Check| {
        if let Some(slot) = out.get_mut(n) {
            *slot = c;
            n += 1;
        }
    };
    // A long document number (filler in the check position) is checked by the reader, not repaired here.
    if buf.get(usize::from(layout.number_check)) != Some(&b'<') {
        push(Check {
            composite: false,
            covers: one(layout.number),
            at: layout.number_check,
            filler_if_empty: false,
        });
    }
    push(Check {
        composite: false,
        covers: one(layout.birth),
        at: layout.birth_check,
        filler_if_empty: false,
    });
    push(Check {
        composite: false,
        covers: one(layout.expiry),
        at: layout.expiry_check,
        filler_if_empty: false,
    });
    if let (Some(opt), Some(at)) = (layout.optional, layout.optional_check) {
        push(Check { composite: false, covers: one(opt), at, filler_if_empty: true });
    }
    if let Some(spec) = layout.composite {
        let mut covers = [None; 4];
        for (slot, span) in covers.iter_mut().zip(spec.covers) {
            *slot = Some(*span);
        }
        push(Check { composite: true, covers, at: spec.at, filler_if_empty: false });
    }
    (out, n)
}

fn record(
    corrections: &mut Vec<Correction>,
    layout: &Layout,
    field: Field,
    at: usize,
    from: u8,
    to: u8,
    reason: Reason,
) {
    let w = usize::from(layout.width);
    corrections.push(Correction {
        field,
        line: (at / w + 1) as u8,
        position: (at % w + 1) as u8,
        from: from as char,
        to: to as char,
        reason,
    });
}

pub(crate) fn repair(buf: &mut [u8; MAX_ZONE], layout: &Layout, corrections: &mut Vec<Correction>) {
    // Pass 1: positions whose class admits one reading. A fix in a position that a check digit protects
    // (dates, check digits) is kept only if that check then passes.
    let (all, n) = checks(layout, buf);
    let checks = all.get(..n).unwrap_or(&[]);
    let mut fixes: Vec<(Field, usize, u8, u8)> = Vec::new();
    if !crate::layout::classes_ok(buf, &layout.mask) {
        for &(field, span, class) in layout.classes {
            for at in span.range() {
                let Some(slot) = buf.get_mut(at) else { continue };
                let b = *slot;
                if b == crate::read::UNREADABLE || class.allows(b) {
                    continue;
                }
                let fix = match class {
                    Class::Digit | Class::DigitOrFiller => digit_for(b),
                    Class::Alpha => letter_for(b),
                    Class::Alnum | Class::Sex | Class::Filler => None,
                };
                if let Some(to) = fix {
                    *slot = to;
                    fixes.push((field, at, b, to));
                }
            }
        }
    }
    for &(field, at, from, to) in &fixes {
        let guards = |c: &&Check| c.covers_pos(at) || usize::from(c.at) == at;
        let guard =
            checks.iter().filter(|c| !c.composite).find(guards).or_else(|| checks.iter().find(guards));
        if guard.is_some_and(|c| !c.passes(buf.as_slice())) {
            // Unconfirmed: the position keeps what was read, and the check reports the problem.
            for &(_, other, orig, _) in
                fixes.iter().filter(|f| guard.is_some_and(|c| c.covers_pos(f.1) || usize::from(c.at) == f.1))
            {
                if let Some(slot) = buf.get_mut(other) {
                    *slot = orig;
                }
            }
            continue;
        }
        if buf.get(at) == Some(&to) {
            record(corrections, layout, field, at, from, to, Reason::CharacterClass);
        }
    }
    // Pass 2: letters-and-digits positions, confirmed by the check digits.
    for failing in checks {
        // A check may already pass, or have been fixed by an earlier repair in this pass.
        if failing.passes(buf.as_slice()) {
            continue;
        }
        let mut candidate: Option<(usize, u8, Field)> = None;
        let mut count = 0;
        for &(field, span, class) in layout.classes {
            if class != Class::Alnum {
                continue;
            }
            for at in span.range().filter(|a| failing.covers_pos(*a)) {
                let Some(&orig) = buf.get(at) else { continue };
                for &alt in twins(orig) {
                    if let Some(slot) = buf.get_mut(at) {
                        *slot = alt;
                    }
                    let all_pass =
                        checks.iter().filter(|c| c.covers_pos(at)).all(|c| c.passes(buf.as_slice()));
                    if let Some(slot) = buf.get_mut(at) {
                        *slot = orig;
                    }
                    if all_pass {
                        count += 1;
                        candidate = Some((at, alt, field));
                    }
                }
            }
        }
        if count == 1
            && let Some((at, alt, field)) = candidate
            && let Some(slot) = buf.get_mut(at)
        {
            let from = *slot;
            *slot = alt;
            record(corrections, layout, field, at, from, alt, Reason::CheckDigits);
        }
    }
}
