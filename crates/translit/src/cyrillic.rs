//! Doc 9303 Part 3 §6 Table B: transliteration of Cyrillic characters, with the per-language exceptions.

use crate::Language;

/// The transliteration of an upper-case Cyrillic letter, or `None` if Table B (and the documented additions)
/// do not list it. `first` tells whether the letter begins a name component; it is evaluated only for the
/// Ukrainian position-dependent rows. An empty string means "not transliterated" (the soft sign).
pub(crate) fn lookup(c: char, language: Language, first: impl Fn() -> bool) -> Option<&'static str> {
    use Language::{Belarusian, Bulgarian, Macedonian, Serbian, Ukrainian};
    let ukrainian_first = |base: &'static str, initial: &'static str| {
        if language == Ukrainian && first() { initial } else { base }
    };
    Some(match c {
        'Ё' => {
            if language == Belarusian {
                "IO"
            } else {
                "E"
            }
        }
        // U+0402 (Ђ); the transcription's glyph column shows Ћ, but the code point is authoritative.
        'Ђ' => "D",
        // Addition: Macedonian Ѓ, by analogy with row 0492's Macedonian exception.
        'Ѓ' => {
            if language == Macedonian {
                "GJ"
            } else {
                "G"
            }
        }
        'Є' => ukrainian_first("IE", "YE"),
        'Ѕ' => "DZ",
        'І' => "I",
        'Ї' => ukrainian_first("I", "YI"),
        'Ј' => "J",
        'Љ' => "LJ",
        'Њ' => "NJ",
        // Addition: Serbian Ћ, like its Latin counterpart Ć (Table A: C).
        'Ћ' => "C",
        'Ќ' => {
            if language == Macedonian {
                "KJ"
            } else {
                "K"
            }
        }
        'Ў' => "U",
        'Џ' => {
            if language == Macedonian {
                "DJ"
            } else {
                "DZ"
            }
        }
        'А' => "A",
        'Б' => "B",
        'В' => "V",
        'Г' => match language {
            Belarusian | Serbian | Ukrainian => "H",
            _ => "G",
        },
        'Д' => "D",
        'Е' => "E",
        'Ж' => {
            if language == Serbian {
                "Z"
            } else {
                "ZH"
            }
        }
        'З' => "Z",
        'И' => {
            if language == Ukrainian {
                "Y"
            } else {
                "I"
            }
        }
        'Й' => ukrainian_first("I", "Y"),
        'К' => "K",
        'Л' => "L",
        'М' => "M",
        'Н' => "N",
        'О' => "O",
        'П' => "P",
        'Р' => "R",
        'С' => "S",
        'Т' => "T",
        'У' => "U",
        'Ф' => "F",
        'Х' => match language {
            Serbian | Macedonian => "H",
            _ => "KH",
        },
        'Ц' => match language {
            Serbian | Macedonian => "C",
            _ => "TS",
        },
        'Ч' => {
            if language == Serbian {
                "C"
            } else {
                "CH"
            }
        }
        'Ш' => {
            if language == Serbian {
                "S"
            } else {
                "SH"
            }
        }
        'Щ' => {
            if language == Bulgarian {
                "SHT"
            } else {
                "SHCH"
            }
        }
        'Ъ' => "IE",
        'Ы' => "Y",
        // Addition: the soft sign is not transliterated.
        'Ь' => "",
        'Э' => "E",
        'Ю' => ukrainian_first("IU", "YU"),
        'Я' => ukrainian_first("IA", "YA"),
        'Ѫ' => "U",
        'Ѵ' => "Y",
        'Ґ' => "G",
        'Ғ' => {
            if language == Macedonian {
                "GJ"
            } else {
                "G"
            }
        }
        'Һ' => "C",
        _ => return None,
    })
}
