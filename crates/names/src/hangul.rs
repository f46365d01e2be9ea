//! Hangul names: the surname in its usual passport spelling (김 KIM, 이 LEE, 박 PARK; the Revised
//! Romanisation as an alternative), the given name in Revised Romanisation computed from the jamo of each
//! syllable block, with a passport-style alternative (성 SEONG → SUNG, 수 SU → SOO, 경 GYEONG → KYUNG).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::{Script, Token};

const INITIALS: [&str; 19] =
    ["G", "KK", "N", "D", "TT", "R", "M", "B", "PP", "S", "SS", "", "J", "JJ", "CH", "K", "T", "P", "H"];
const VOWELS: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WO", "WE", "WI",
    "YU", "EU", "UI", "I",
];
const FINALS: [&str; 28] = [
    "", "K", "K", "K", "N", "N", "N", "T", "L", "K", "M", "L", "L", "L", "P", "L", "M", "P", "P", "T", "T",
    "NG", "T", "T", "K", "T", "P", "T",
];

/// Surname syllable(s) → usual passport spelling.
const SURNAMES: &str = "\
김 KIM 이 LEE 리 LEE 박 PARK 최 CHOI 정 JUNG 강 KANG 조 CHO 윤 YOON 장 JANG 임 LIM 림 LIM 한 HAN 오 OH 서 SEO
신 SHIN 권 KWON 황 HWANG 안 AHN 송 SONG 류 RYU 유 YOO 전 JEON 홍 HONG 고 KO 문 MOON 양 YANG 손 SON 배 BAE
백 BAEK 허 HEO 노 NOH 남 NAM 하 HA 곽 KWAK 성 SUNG 차 CHA 주 JOO 우 WOO 구 KOO 민 MIN 나 NA 진 JIN 지 JI
엄 UM 채 CHAE 원 WON 천 CHUN 방 BANG 공 KONG 현 HYUN 함 HAM 변 BYUN 염 YEOM 여 YEO 추 CHOO 도 DO 소 SO
석 SEOK 선 SUN 설 SUL 마 MA 길 GIL 연 YEON 위 WI 표 PYO 명 MYUNG 기 KI 반 BAN 왕 WANG 금 KEUM 옥 OK 육 YOOK
인 IN 맹 MAENG 제 JE 모 MO 탁 TAK 국 KOOK 남궁 NAMGOONG 황보 HWANGBO 제갈 JEGAL 선우 SUNWOO 독고 DOKGO
사공 SAKONG 서문 SEOMOON";

static SURNAME_TABLE: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let words: Vec<&str> = SURNAMES.split_whitespace().collect();
    words.chunks(2).filter_map(|p| if let [h, l] = p { Some((*h, *l)) } else { None }).collect()
});

/// The jamo indices of a precomposed syllable block.
fn jamo(c: char) -> Option<(usize, usize, usize)> {
    let u = (c as u32).checked_sub(0xAC00)?;
    if u >= 11172 {
        return None;
    }
    let u = u as usize;
    Some((u / (21 * 28), (u / 28) % 21, u % 28))
}

/// Revised Romanisation of one syllable block, read on its own (passports romanise names syllable by
/// syllable, without the sound changes across syllables that RR applies to running text).
fn revised(c: char) -> Option<String> {
    let (l, v, t) = jamo(c)?;
    let mut s = String::new();
    s.push_str(INITIALS.get(l)?);
    s.push_str(VOWELS.get(v)?);
    s.push_str(FINALS.get(t)?);
    Some(s)
}

/// The spelling most passports use for a given-name syllable.
fn passport(c: char) -> Option<String> {
    let (l, v, t) = jamo(c)?;
    let initial = match *INITIALS.get(l)? {
        "G" => "K",
        other => other,
    };
    let vowel = match (*VOWELS.get(v)?, t) {
        ("EO", t) if t != 0 => "U",
        ("YEO", t) if t != 0 => "YU",
        ("U", 0) => "OO",
        ("UI", 0) if initial == "H" => "EE",
        (other, _) => other,
    };
    let mut s = String::new();
    s.push_str(initial);
    if initial.is_empty() && vowel == "OO" {
        s.push('W');
    }
    s.push_str(vowel);
    s.push_str(FINALS.get(t)?);
    Some(s)
}

/// The looser McCune-Reischauer-like habit of older passports: every ㅓ as U, every ㅜ as OO, initial ㄱ as K
/// (서훈 SUHOON, 준 JOON, 경 KYUNG).
fn loose(c: char) -> Option<String> {
    let (l, v, t) = jamo(c)?;
    let initial = match *INITIALS.get(l)? {
        "G" => "K",
        other => other,
    };
    let vowel = match *VOWELS.get(v)? {
        "EO" => "U",
        "YEO" => "YU",
        "U" => "OO",
        other => other,
    };
    let mut s = String::new();
    s.push_str(initial);
    if initial.is_empty() && vowel == "OO" {
        s.push('W');
    }
    s.push_str(vowel);
    s.push_str(FINALS.get(t)?);
    Some(s)
}

pub(crate) fn read(run: &str, first: bool, out: &mut Vec<Token>) {
    let chars: Vec<char> = run.chars().filter(|&c| jamo(c).is_some()).collect();
    if chars.is_empty() {
        return;
    }
    let mut rest: &[char] = &chars;
    if first && chars.len() >= 2 {
        let two: String = chars.iter().take(2).collect();
        let used = if chars.len() >= 3 && SURNAME_TABLE.contains_key(two.as_str()) { 2 } else { 1 };
        let head = chars.get(..used).unwrap_or(&[]);
        let key: String = head.iter().collect();
        let rr: String = head.iter().filter_map(|&c| revised(c)).collect();
        let mut token = match SURNAME_TABLE.get(key.as_str()) {
            Some(p) => Token::new((*p).to_owned(), Script::Hangul),
            None => Token::new(rr.clone(), Script::Hangul),
        };
        token.add_alt(rr);
        out.push(token);
        rest = chars.get(used..).unwrap_or(&[]);
    }
    if rest.is_empty() {
        return;
    }
    let rr: String = rest.iter().filter_map(|&c| revised(c)).collect();
    let pp: String = rest.iter().filter_map(|&c| passport(c)).collect();
    let loose: String = rest.iter().filter_map(|&c| loose(c)).collect();
    let mut token = Token::new(rr, Script::Hangul);
    token.add_alt(pp);
    token.add_alt(loose);
    out.push(token);
}
