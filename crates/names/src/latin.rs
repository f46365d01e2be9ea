//! Latin-script words (through the shared ICAO transliteration) and the rules that apply to every token once
//! all scripts are romanised: titles, particles, Arabic articles and `ABD AL-…` names.

use translit::{Language, LatinOption};

use crate::{Script, Token, TokenKind};

/// Reads one run of Latin letters: the ICAO preferred form (Ü → UE) as text and the short form (Ü → U) as an
/// alternative.
pub(crate) fn read(run: &str, mrz: bool, out: &mut Vec<Token>) {
    let preferred = letters(&translit::icao(run, Language::Default).text);
    let short = letters(&translit::icao_with(run, Language::Default, LatinOption::Short).text);
    let mut text = if preferred.is_empty() { short.clone() } else { preferred };
    if mrz {
        // ICAO's reversible options mark Ü as UXX and Ñ as NXX; read them back as the plain letter.
        text = text.replace("UXX", "U").replace("NXX", "N");
    }
    if text.is_empty() {
        return;
    }
    let mut token = Token::new(text, Script::Latin);
    token.add_alt(short);
    for alt in wade_giles_to_pinyin(&token.text) {
        token.add_alt(alt);
    }
    out.push(token);
}

/// Hanyu Pinyin readings of a token that is one Wade-Giles syllable as passports write it (apostrophes
/// dropped, so `CH` may be pinyin ZH, CH, J or Q): `HSIU` → XIU, `CHUN` → ZHUN/CHUN/JUN/QUN, `TSAO` → ZAO/CAO.
/// Empty when the token does not parse as a syllable or reads the same.
pub(crate) fn wade_giles_to_pinyin(token: &str) -> Vec<String> {
    const INITIALS: &[(&str, &[&str])] = &[
        ("HS", &["X"]),
        ("TS", &["Z", "C"]),
        ("TZ", &["Z", "C"]),
        ("SZ", &["S"]),
        ("SS", &["S"]),
        ("CH", &["ZH", "CH", "J", "Q"]),
        ("SH", &["SH"]),
        ("P", &["B", "P"]),
        ("T", &["D", "T"]),
        ("K", &["G", "K"]),
        ("J", &["R"]),
        ("M", &["M"]),
        ("F", &["F"]),
        ("N", &["N"]),
        ("L", &["L"]),
        ("H", &["H"]),
        ("S", &["S"]),
        ("W", &["W"]),
        ("Y", &["Y"]),
    ];
    const FINALS: &[&str] = &[
        "A", "AI", "AN", "ANG", "AO", "E", "EH", "EI", "EN", "ENG", "ERH", "I", "IA", "IANG", "IAO", "IEH",
        "IEN", "IH", "IN", "ING", "IU", "IUNG", "O", "OU", "U", "UA", "UAI", "UAN", "UANG", "UEI", "UI",
        "UN", "UNG", "UO", "YU", "ÜAN", "UEH", "ÜN",
    ];
    if token.len() < 2 || token.len() > 6 {
        return Vec::new();
    }
    let Some((init, pinyin_inits)) = INITIALS.iter().find(|(i, _)| token.starts_with(i)) else {
        return Vec::new();
    };
    let fin = token.get(init.len()..).unwrap_or("");
    if !FINALS.contains(&fin) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for p in pinyin_inits.iter() {
        let f = match (fin, *p) {
            ("IEN", _) => "IAN",
            ("UNG", _) => "ONG",
            ("IUNG", _) => "IONG",
            ("IH", _) | ("U", "Z" | "C" | "S")
                if matches!(*init, "TS" | "TZ" | "SZ" | "SS" | "CH" | "SH" | "J") =>
            {
                "I"
            }
            ("EH" | "IEH", _) if *init == "HS" || fin == "IEH" => "IE",
            ("EH", _) => "E",
            ("O", "G" | "K" | "H") => "E",
            ("UEI", _) => "UI",
            ("ERH", _) => "ER",
            (f, _) => f,
        };
        let alt = format!("{p}{f}");
        if alt != token && !out.contains(&alt) {
            out.push(alt);
        }
    }
    out
}

/// Keeps upper-case ASCII letters only (apostrophes inside names such as O'BRIEN disappear).
pub(crate) fn letters(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_uppercase()).collect()
}

/// Honorifics dropped when other tokens remain.
const TITLES: &[&str] = &["MR", "MRS", "MS", "MISS", "DR", "PROF", "SIR", "MME", "MLLE", "HERR", "FRAU"];

/// Particles that may stand anywhere except last.
const PARTICLES: &[&str] = &[
    "AL", "EL", "UL", "BIN", "IBN", "BINT", "BINTI", "BINTE", "VAN", "VON", "DER", "DEN", "DE", "DEL",
    "DELLA", "DELA", "DA", "DAS", "DOS", "LA", "TER", "TEN", "ZU", "Y", "E",
];

/// Particles that are also common surnames (Vietnamese Đỗ, Lê; Chinese 杜, 狄), so never when first.
const PARTICLES_NOT_FIRST: &[&str] = &["DO", "DU", "LE", "DI", "BEN"];

/// Letters before which the Arabic article assimilates (AR-RASHID, ASH-SHAMI, AD-DIN).
const SUN_LETTERS: &[u8] = b"TDRZSNL";

pub(crate) fn postprocess(mut tokens: Vec<Token>, mrz: bool) -> Vec<Token> {
    let _ = mrz;
    if tokens.len() > 1 {
        let kept: Vec<Token> =
            tokens.iter().filter(|t| !TITLES.contains(&t.text.as_str())).cloned().collect();
        if !kept.is_empty() {
            tokens = kept;
        }
    }
    let n = tokens.len();
    for i in 0..n {
        let next_first = tokens.get(i + 1).and_then(|t| t.text.bytes().next());
        let Some(t) = tokens.get_mut(i) else { continue };
        if t.script == Script::Han || t.script == Script::Hangul || i + 1 == n {
            continue;
        }
        let s = t.text.as_str();
        let assimilated = s.len() >= 2
            && s.len() <= 3
            && s.starts_with('A')
            && s.as_bytes().get(1).is_some_and(|b| SUN_LETTERS.contains(b))
            && s.as_bytes().get(1).copied() == next_first;
        if PARTICLES.contains(&s) || (i > 0 && PARTICLES_NOT_FIRST.contains(&s)) || assimilated {
            t.kind = TokenKind::Particle;
        }
    }
    // A particle reading must leave at least two name parts (DAS AMIT is an Indian surname and a given
    // name, DE LI a Chinese name), except for the Arabic article, which is never a name by itself.
    let names_left = tokens.iter().filter(|t| t.kind == TokenKind::Name).count();
    if names_left < 2 {
        for t in &mut tokens {
            if t.kind == TokenKind::Particle
                && !matches!(t.text.as_str(), "AL" | "EL" | "UL")
                && t.script == Script::Latin
            {
                t.kind = TokenKind::Name;
            }
        }
    }
    let tokens = merge_abd(tokens);
    let mut tokens: Vec<Token> = tokens
        .into_iter()
        .map(|mut t| {
            for alt in glued_alternatives(&t.text) {
                t.add_alt(alt);
            }
            t
        })
        .collect();
    if tokens.iter().all(|t| t.kind == TokenKind::Particle) {
        for t in &mut tokens {
            t.kind = TokenKind::Name;
        }
    }
    tokens
}

/// `ABDUL RAHMAN`, `ABD AL-RAHMAN`, `ABDEL RAHMAN` → one token `ABDRAHMAN` (the servant-of names are one name).
fn merge_abd(tokens: Vec<Token>) -> Vec<Token> {
    const HEADS: &[&str] = &["ABD", "ABDUL", "ABDEL", "ABDAL", "ABDOUL", "ABDU", "ABDUR", "ABDER", "ABDOL"];
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(t) = iter.next() {
        if HEADS.contains(&t.text.as_str()) && t.kind == TokenKind::Name {
            // Skip a standalone article between the head and the name.
            let mut article = None;
            if iter
                .peek()
                .is_some_and(|n| n.kind == TokenKind::Particle && matches!(n.text.as_str(), "AL" | "EL"))
            {
                article = iter.next();
            }
            if let Some(name) = iter.next_if(|n| n.kind == TokenKind::Name) {
                let rest = strip_article(&name.text);
                let mut merged = Token::new(format!("ABD{rest}"), t.script);
                merged.add_alt(format!("{}{}", t.text, name.text));
                out.push(merged);
                continue;
            }
            out.push(t);
            if let Some(a) = article {
                out.push(a);
            }
            continue;
        }
        out.push(t);
    }
    out
}

/// Removes a glued Arabic article (`ALRASHID` → `RASHID`, `ARRASHID` → `RASHID`) when enough is left.
fn strip_article(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 6 && (s.starts_with("AL") || s.starts_with("EL")) {
        return s.get(2..).unwrap_or(s);
    }
    if b.len() >= 6
        && b.first() == Some(&b'A')
        && b.get(1).is_some_and(|c| SUN_LETTERS.contains(c))
        && b.get(1) == b.get(2)
    {
        return s.get(2..).unwrap_or(s);
    }
    s
}

/// Alternative spellings of glued forms: `ALRASHID` → `RASHID`, `ABDULRAHMAN` → `ABDRAHMAN`,
/// `MCDONALD` → `MACDONALD`, `VANDERBERG` → `BERG`.
fn glued_alternatives(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let stripped = strip_article(s);
    if stripped.len() != s.len() {
        out.push(stripped.to_owned());
    }
    if let Some(rest) = s.strip_prefix("ABD")
        && rest.len() >= 4
    {
        let mut r = rest;
        for p in ["OUL", "UL", "EL", "AL", "OL", "IL", "U", "E", "A", "O"] {
            if let Some(x) = r.strip_prefix(p) {
                r = x;
                break;
            }
        }
        let rb = r.as_bytes();
        if rb.len() >= 3 && rb.first() == rb.get(1) {
            r = r.get(1..).unwrap_or(r);
        }
        if r.len() >= 2 {
            out.push(format!("ABD{r}"));
        }
    }
    if let Some(rest) = s.strip_prefix("MC")
        && rest.len() >= 3
    {
        out.push(format!("MAC{rest}"));
    }
    for p in ["VANDER", "VANDEN", "VON", "VAN"] {
        if let Some(rest) = s.strip_prefix(p)
            && rest.len() >= 4
        {
            out.push(rest.to_owned());
            break;
        }
    }
    out
}
