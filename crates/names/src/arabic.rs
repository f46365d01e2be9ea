//! Arabic-script words: a matching-oriented romanisation. Common names come from a table (Arabic script is
//! written without short vowels, so `محمد` is only MOHAMMED by convention); other words get a letter-by-letter
//! reading with a vowel guessed in the first consonant cluster. The glued article `ال` becomes the particle
//! `AL`, and `عبد` heads are left for the `ABD …` merge of the Latin post-processing.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::{Script, Token, TokenKind};

/// Arabic spelling (normalised: no short vowels, alef forms unified) → Latin spelling.
const NAMES: &str = "\
محمد MOHAMMED
احمد AHMED
علي ALI
حسن HASSAN
حسين HUSSEIN
عبدالله ABDULLAH
عمر OMAR
خالد KHALED
يوسف YOUSSEF
ابراهيم IBRAHIM
مصطفي MUSTAFA
مصطفى MUSTAFA
محمود MAHMOUD
سعيد SAID
كريم KARIM
فاطمه FATIMA
فاطمة FATIMA
عائشه AISHA
عائشة AISHA
عايشة AISHA
مريم MARYAM
زينب ZAINAB
خديجه KHADIJA
خديجة KHADIJA
ناصر NASSER
جمال JAMAL
رشيد RASHID
طارق TARIQ
سليمان SULEIMAN
يحيي YAHYA
يحيى YAHYA
عثمان OTHMAN
صالح SALEH
منصور MANSOUR
قاسم QASIM
عباس ABBAS
نور NOUR
ليلي LAYLA
ليلى LAYLA
هدي HUDA
هدى HUDA
امينه AMINA
امينة AMINA
فيصل FAISAL
عادل ADEL
وليد WALID
زياد ZIAD
ياسر YASSER
بكر BAKR
حمزه HAMZA
حمزة HAMZA
سلمان SALMAN
عبدالرحمن ABDRAHMAN
عبدالعزيز ABDAZIZ
بن BIN
ابن IBN
بنت BINT
ابو ABU
";

static TABLE: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    NAMES
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(ar, la)| (unify(ar), la))
        .collect::<HashMap<String, &'static str>>()
});

/// Drops short vowels, shadda, sukun and tatweel and unifies alef and yeh forms, so that table lookups see
/// one spelling.
fn unify(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ک' => 'ك',
            'ی' => 'ي',
            c => c,
        })
        .collect()
}

/// Letter-by-letter reading of a word the table does not know.
fn spell(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(chars.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == chars.len();
        let s = match c {
            'ا' | 'آ' | 'ى' => "A",
            'أ' if first => "A",
            'أ' => "",
            'إ' => "I",
            'ب' => "B",
            'ت' => "T",
            'ث' => "TH",
            'ج' => "J",
            'ح' | 'ه' => "H",
            'خ' => "KH",
            'د' => "D",
            'ذ' => "DH",
            'ر' => "R",
            'ز' => "Z",
            'س' => "S",
            'ش' => "SH",
            'ص' => "S",
            'ض' => "D",
            'ط' => "T",
            'ظ' => "Z",
            'ع' if first => "A",
            'ع' => "",
            'غ' => "GH",
            'ف' => "F",
            'ق' => "Q",
            'ك' | 'ک' => "K",
            'ل' => "L",
            'م' => "M",
            'ن' => "N",
            'و' if first => "W",
            'و' => "U",
            'ي' | 'ی' if first => "Y",
            'ي' | 'ی' => "I",
            'ة' if last => "A",
            'ة' => "T",
            'پ' => "P",
            'چ' => "CH",
            'ژ' => "ZH",
            'گ' => "G",
            'ڤ' => "V",
            '\u{064E}' => "A",
            '\u{064F}' => "U",
            '\u{0650}' => "I",
            _ => "",
        };
        out.push_str(s);
    }
    guess_vowel(&out)
}

/// Inserts `A` into a word-initial consonant cluster (`KRIM` → `KARIM`, `HSN` → `HASN`): unvocalised Arabic
/// almost always has a short vowel after the first consonant.
fn guess_vowel(s: &str) -> String {
    let b = s.as_bytes();
    let is_v = |x: Option<&u8>| x.is_some_and(|&c| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U'));
    let digraph = b.get(1) == Some(&b'H') && b.first().is_some_and(|c| b"KSTDGC".contains(c));
    let first_len = if digraph { 2 } else { 1 };
    if b.len() > first_len && !is_v(b.first()) && !is_v(b.get(first_len)) {
        let (head, tail) = s.split_at(first_len);
        return format!("{head}A{tail}");
    }
    s.to_owned()
}

pub(crate) fn read(run: &str, out: &mut Vec<Token>) {
    let word = unify(run);
    if word.is_empty() {
        return;
    }
    if let Some(latin) = TABLE.get(&word) {
        out.push(Token::new((*latin).to_owned(), Script::Arabic));
        return;
    }
    // عبد + name, glued: the Latin post-processing merges ABD with what follows.
    if let Some(rest) = word.strip_prefix("عبد")
        && rest.chars().count() >= 2
    {
        out.push(Token::new("ABD".to_owned(), Script::Arabic));
        read(rest, out);
        return;
    }
    if let Some(rest) = word.strip_prefix("ال")
        && rest.chars().count() >= 2
    {
        let mut article = Token::new("AL".to_owned(), Script::Arabic);
        article.kind = TokenKind::Particle;
        out.push(article);
        read(rest, out);
        return;
    }
    let text = spell(&word);
    if !text.is_empty() {
        out.push(Token::new(text, Script::Arabic));
    }
}
