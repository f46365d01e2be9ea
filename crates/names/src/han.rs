//! Chinese characters to Hanyu Pinyin as a passport writes it (`ZHANG XIAOMING`): the surname (one or two
//! leading characters) read from a surname table, since many surnames have their own reading (单 SHAN, not
//! DAN; 曾 ZENG, not CENG), and the given name from the `pinyin` crate's default readings, joined into one
//! token.

use std::collections::HashMap;
use std::sync::LazyLock;

use pinyin::ToPinyin;

use crate::{Script, Token};

/// Two-character surnames (simplified and traditional) and their readings.
const COMPOUND: &str = "\
欧阳 OUYANG 歐陽 OUYANG 司马 SIMA 司馬 SIMA 诸葛 ZHUGE 諸葛 ZHUGE 上官 SHANGGUAN 司徒 SITU 东方 DONGFANG
東方 DONGFANG 皇甫 HUANGFU 夏侯 XIAHOU 尉迟 YUCHI 尉遲 YUCHI 公孙 GONGSUN 公孫 GONGSUN 长孙 ZHANGSUN
長孫 ZHANGSUN 慕容 MURONG 令狐 LINGHU 宇文 YUWEN 轩辕 XUANYUAN 軒轅 XUANYUAN 端木 DUANMU 西门 XIMEN
西門 XIMEN 南宫 NANGONG 南宮 NANGONG 万俟 MOQI 萬俟 MOQI 闻人 WENREN 聞人 WENREN 澹台 TANTAI 澹臺 TANTAI
钟离 ZHONGLI 鍾離 ZHONGLI 独孤 DUGU 獨孤 DUGU 申屠 SHENTU 呼延 HUYAN 百里 BAILI 太史 TAISHI 公冶 GONGYE";

/// Single-character surnames whose surname reading differs from the character's most common reading, or
/// that the reading data may not resolve the way a passport does.
const SINGLE: &str = "\
单 SHAN 單 SHAN 曾 ZENG 仇 QIU 区 OU 區 OU 解 XIE 查 ZHA 朴 PIAO 盖 GE 蓋 GE 乐 YUE 樂 YUE 员 YUN 員 YUN
沈 SHEN 覃 QIN 缪 MIAO 繆 MIAO 翟 ZHAI 秘 BI 召 SHAO 黑 HE 繁 PO 朝 CHAO 宿 SU 能 NAI 任 REN 纪 JI 紀 JI
折 SHE 尉 WEI 都 DU 句 GOU 车 CHE 車 CHE 应 YING 應 YING 薄 BO 柏 BAI 隗 WEI 祭 ZHAI 长 CHANG 長 CHANG
重 CHONG 种 CHONG 種 CHONG 华 HUA 華 HUA 贲 BEN 殷 YIN 万 WAN 萬 WAN 吕 LV 呂 LV 那 NA 过 GUO 過 GUO 藏 ZANG
曲 QU 石 SHI 卜 BU 蔺 LIN 阚 KAN 张 ZHANG 張 ZHANG 陈 CHEN 陳 CHEN 黄 HUANG 黃 HUANG 郑 ZHENG 鄭 ZHENG
谢 XIE 謝 XIE 叶 YE 葉 YE 传 CHUAN 行 XING 率 SHUAI 恽 YUN 惲 YUN 燕 YAN 么 YAO 逄 PANG";

static SURNAMES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for table in [COMPOUND, SINGLE] {
        let words: Vec<&str> = table.split_whitespace().collect();
        for pair in words.chunks(2) {
            if let [han, reading] = pair {
                map.insert(*han, *reading);
            }
        }
    }
    map
});

/// The default reading of one character, upper-case, `ü` written `V` as Chinese passports used to.
fn reading(c: char) -> Option<String> {
    let p = c.to_pinyin()?;
    Some(p.plain().chars().map(|c| if c == 'ü' { 'V' } else { c.to_ascii_uppercase() }).collect())
}

fn read_chars(chars: &[char]) -> String {
    chars.iter().filter_map(|&c| reading(c)).collect()
}

/// Reads a run of Han characters. When `first`, the run starts a name and its leading character(s) are the
/// surname; the rest is the given name as one token.
pub(crate) fn read(run: &str, first: bool, out: &mut Vec<Token>) {
    let chars: Vec<char> = run.chars().collect();
    let mut rest: &[char] = &chars;
    if first && chars.len() >= 2 {
        let two: String = chars.iter().take(2).collect();
        let one: String = chars.iter().take(1).collect();
        let (surname, used) = if chars.len() >= 3
            && let Some(r) = SURNAMES.get(two.as_str())
        {
            ((*r).to_owned(), 2)
        } else if let Some(r) = SURNAMES.get(one.as_str()) {
            ((*r).to_owned(), 1)
        } else {
            (read_chars(chars.get(..1).unwrap_or(&[])), 1)
        };
        if !surname.is_empty() {
            out.push(Token::new(surname, Script::Han));
        }
        rest = chars.get(used..).unwrap_or(&[]);
    } else if first && chars.len() == 1 {
        let one: String = chars.iter().collect();
        if let Some(r) = SURNAMES.get(one.as_str()) {
            out.push(Token::new((*r).to_owned(), Script::Han));
            return;
        }
    }
    let given = read_chars(rest);
    if !given.is_empty() {
        out.push(Token::new(given, Script::Han));
    }
}
