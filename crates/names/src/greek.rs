//! Greek words: ELOT 743 (the Greek passport standard, close to ISO 843 type 2), with the popular
//! alternative spellings of `Χ` (H, KH) and of initial `Γ` before a front vowel (Y) as alternatives.

use crate::{Script, Token};

/// ELOT 743 for one letter, ignoring digraph context.
fn letter(c: char) -> &'static str {
    match c {
        'Α' | 'Ά' => "A",
        'Β' => "V",
        'Γ' => "G",
        'Δ' => "D",
        'Ε' | 'Έ' => "E",
        'Ζ' => "Z",
        'Η' | 'Ή' => "I",
        'Θ' => "TH",
        'Ι' | 'Ί' | 'Ϊ' | 'ΐ' => "I",
        'Κ' => "K",
        'Λ' => "L",
        'Μ' => "M",
        'Ν' => "N",
        'Ξ' => "X",
        'Ο' | 'Ό' => "O",
        'Π' => "P",
        'Ρ' => "R",
        'Σ' | 'ς' => "S",
        'Τ' => "T",
        'Υ' | 'Ύ' | 'Ϋ' | 'ΰ' => "Y",
        'Φ' => "F",
        'Χ' => "CH",
        'Ψ' => "PS",
        'Ω' | 'Ώ' => "O",
        _ => "",
    }
}

fn is_greek_vowel(c: char) -> bool {
    matches!(c, 'Α' | 'Ά' | 'Ε' | 'Έ' | 'Η' | 'Ή' | 'Ι' | 'Ί' | 'Ο' | 'Ό' | 'Υ' | 'Ύ' | 'Ω' | 'Ώ')
}

/// Romanises one word; `chi` is what `Χ` becomes; `classical` writes letter by letter (ΓΓ GG, ΕΥ EU).
fn romanise(word: &[char], chi: &str) -> String {
    romanise_with(word, chi, false)
}

fn romanise_with(word: &[char], chi: &str, classical: bool) -> String {
    let mut out = String::with_capacity(word.len() * 2);
    let mut i = 0;
    while let Some(&c) = word.get(i) {
        let next = word.get(i + 1).copied();
        let after = word.get(i + 2).copied();
        match (c, next) {
            ('Ο', Some('Υ' | 'Ύ')) | ('Ό', Some('Υ')) => {
                out.push_str("OU");
                i += 2;
            }
            ('Α' | 'Ε' | 'Ά' | 'Έ', Some('Υ' | 'Ύ')) if classical => {
                out.push_str(if c == 'Α' || c == 'Ά' { "AU" } else { "EU" });
                i += 2;
            }
            ('Α' | 'Ε' | 'Ά' | 'Έ', Some('Υ' | 'Ύ')) => {
                out.push_str(if c == 'Α' || c == 'Ά' { "A" } else { "E" });
                // ELOT: AV/EV before a vowel or a voiced consonant, AF/EF otherwise.
                let voiced = after.is_some_and(|a| is_greek_vowel(a) || "ΒΓΔΖΛΜΝΡ".contains(a));
                out.push_str(if voiced { "V" } else { "F" });
                i += 2;
            }
            ('Μ', Some('Π')) if i == 0 => {
                out.push('B');
                i += 2;
            }
            ('Ν', Some('Τ')) if i == 0 => {
                out.push('D');
                i += 2;
            }
            ('Γ', Some('Γ' | 'Κ' | 'Ξ' | 'Χ')) if !classical => {
                out.push('N');
                i += 1;
            }
            ('Χ', _) => {
                out.push_str(chi);
                i += 1;
            }
            _ => {
                out.push_str(letter(c));
                i += 1;
            }
        }
    }
    out
}

pub(crate) fn read(run: &str, out: &mut Vec<Token>) {
    use unicode_normalization::UnicodeNormalization;
    // Upper-case, then recompose so that tonos stays on its letter (the table lists the accented capitals).
    let word: Vec<char> = run.to_uppercase().nfc().collect();
    let text = romanise(&word, "CH");
    if text.is_empty() {
        return;
    }
    let mut token = Token::new(text, Script::Greek);
    // Letter-by-letter spellings (ΓΓ GG, ΕΥ EU) are common in older and foreign documents.
    token.add_alt(romanise_with(&word, "CH", true));
    if word.contains(&'Χ') {
        token.add_alt(romanise(&word, "H"));
        token.add_alt(romanise(&word, "KH"));
    }
    // Γιώργος is GIORGOS in ELOT but YIORGOS in many older passports.
    if let (Some('Γ'), Some(&n)) = (word.first(), word.get(1))
        && matches!(n, 'Ι' | 'Ί' | 'Ε' | 'Έ' | 'Η' | 'Υ')
    {
        let t = token.text.clone();
        token.add_alt(format!("Y{}", t.get(1..).unwrap_or("")));
    }
    out.push(token);
}
