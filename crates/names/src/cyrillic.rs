//! Cyrillic words: ICAO Doc 9303 transliteration through the shared `translit` crate, with the language
//! guessed from letters only some alphabets have, and the base-table reading kept as an alternative.

use translit::Language;

use crate::latin::letters;
use crate::{Script, Token};

/// Guesses the language whose ICAO exceptions apply from letters unique to its alphabet.
fn language_of(word: &str) -> Language {
    let mut lang = Language::Default;
    for c in word.chars() {
        match c {
            'Є' | 'є' | 'Ї' | 'ї' | 'Ґ' | 'ґ' | 'І' | 'і' => return Language::Ukrainian,
            'Ў' | 'ў' => return Language::Belarusian,
            'Ђ' | 'ђ' | 'Ћ' | 'ћ' | 'Џ' | 'џ' | 'Љ' | 'љ' | 'Њ' | 'њ' | 'Ј' | 'ј' => {
                lang = Language::Serbian
            }
            'Ѓ' | 'ѓ' | 'Ќ' | 'ќ' | 'Ѕ' | 'ѕ' => return Language::Macedonian,
            _ => {}
        }
    }
    lang
}

/// Reads one Cyrillic run into a token: the reading for the guessed language, plus the base-table (Russian)
/// reading when it differs, because documents of one state often carry another state's transliteration.
pub(crate) fn read(run: &str, out: &mut Vec<Token>) {
    let lang = language_of(run);
    let text = letters(&translit::icao(run, lang).text);
    if text.is_empty() {
        return;
    }
    let mut token = Token::new(text, Script::Cyrillic);
    if lang != Language::Default {
        token.add_alt(letters(&translit::icao(run, Language::Default).text));
    }
    // Ukrainian И is Y in ICAO but I in the base table and in most older documents; Г is H or G.
    if lang == Language::Default && run.chars().any(|c| matches!(c, 'Г' | 'г')) {
        token.add_alt(letters(&translit::icao(run, Language::Ukrainian).text));
    }
    out.push(token);
}
