//! Variant families: spellings of one name that no folding rule can bring together (Chinese surnames across
//! Hanyu Pinyin, Wade-Giles, Cantonese and Hokkien; Korean surnames' passport spellings; Arabic names).
//!
//! Each line is `family-id spelling spelling …`; the family id is `<prefix>:<canonical>` and the canonical
//! spelling is itself a member. A spelling may belong to several families (`WONG` is 王 and 黄).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::fold;

/// Chinese surnames: Hanyu Pinyin first, then Wade-Giles, Cantonese (Hong Kong / Macao), Hokkien/Teochew
/// (Singapore, Malaysia, Taiwan) and other common passport spellings.
const CHINESE: &str = "\
zh:ZHANG CHANG CHEUNG CHEONG TEO TEOH CHONG TEOW
zh:WANG WONG ONG VONG HWANG
zh:LI LEE LIE LY LEI
zh:LIU LAU LIEW LEW LOW LIOW
zh:CHEN CHAN TAN CHIN CHERN TSAN
zh:YANG YEUNG YEOH YONG IONG YEONG
zh:HUANG WONG HWANG NG OOI WEE VONG
zh:ZHAO CHAO CHIU CHEW CHOO CHIEW
zh:WU NG GOH WOO OOI ENG
zh:ZHOU CHOU CHOW CHAU CHEW CHIEW
zh:XU HSU HUI CHUI KOH KHOR TSUI CHEE HOI
zh:SUN SUEN SOON SNG SUNN
zh:MA MAH MAR MAA
zh:ZHU CHU CHOO CHUE CHYU GEE
zh:HU WOO OU HOO
zh:GUO KUO KWOK KOK QUEK KUEK
zh:HE HO HOR HOE HOH
zh:GAO KAO KO KOU GO KOH
zh:LIN LAM LIM LING LINN
zh:LUO LO LAW LOH LOR
zh:ZHENG CHENG TAY TEH CHEANG CHING
zh:LIANG LEUNG NEO LIONG LEONG
zh:XIE HSIEH TSE CHIA SEAH TSEH
zh:SONG SUNG SOONG SOONG
zh:TANG TONG TNG THONG
zh:HAN HON HAHN
zh:FENG FUNG FONG PHANG
zh:DENG TENG TANG DANG TAN
zh:CAO TSAO CHO TSO CHOU
zh:PENG PANG PHANG PEH
zh:ZENG TSENG TSANG ZANG
zh:XIAO HSIAO SIU SIEW SEOW
zh:TIAN TIEN TIN THEAN
zh:DONG TUNG TONG
zh:PAN POON PHUAN PUN
zh:YUAN YUEN WAN YUN
zh:CAI TSAI CHOI CHUA TSOI CHAI
zh:JIANG CHIANG KEUNG KONG TSEUNG CHEUNG KANG
zh:YU YUE YEE IU
zh:DU TU TO TOH DOO
zh:YE YEH YIP IP YAP
zh:WEI NGAI WAI
zh:SU SOO SO SOH
zh:LU LOO LUK LOH LO LOU LOKE
zh:DING TING TENG
zh:REN JEN YAM
zh:SHEN SHUM SIM SHIN SUM
zh:YAO YIU YEO YAW
zh:CUI TSUI CHUI
zh:ZHONG CHUNG CHONG CHEONG
zh:TAN TAM TAAN
zh:FAN FAAN HUAN
zh:JIN KAM CHIN KIM KING
zh:SHI SHIH SZE SEE SIH SEK
zh:LIAO LIU LEOW LIAW
zh:ZOU TSOU CHAU CHOW
zh:XIONG HSIUNG HUNG HIONG
zh:QIU CHIU YAU KHOO HIEW
zh:QIN CHIN CHUN
zh:HOU HAU HOW
zh:SHAO SIU
zh:MENG MUNG MANG BENG
zh:XIA HSIA HA
zh:WAN MAN BAN
zh:DAI TAI TAAI
zh:QIAN CHIEN CHIN
zh:GU KU KOO
zh:TAO TO
zh:HAO HOK
zh:KONG KUNG HUNG KHONG
zh:MAO MOU
zh:QU CHU CHUK KHU
zh:LYU LV LU LUI LUE LUI
zh:OUYANG AUYEUNG AUYANG
zh:SIMA SSUMA SZEMA SEEMA
zh:ZHUGE CHUKO
zh:SITU SZETO SEETO SZETU
zh:SHANGGUAN SHANGKUAN SHEUNGKOON
zh:DONGFANG TUNGFANG
zh:HUANGFU HWANGFU WONGFU
zh:SHAN SIN SHIN
";

/// Korean surnames: Revised Romanisation first, then the passport and McCune-Reischauer spellings.
const KOREAN: &str = "\
ko:GIM KIM KHIM
ko:I LEE YI RHEE RI YEE RHIE LIE
ko:BAK PARK PAK BARK PAIK
ko:CHOE CHOI CHOY CHEY
ko:JEONG JUNG CHUNG CHONG CHEONG JEUNG
ko:GANG KANG KAHNG
ko:JO CHO CHOH JOE
ko:YUN YOON YOUN
ko:JANG CHANG JHANG
ko:IM LIM YIM RIM
ko:HAN HAHN
ko:O OH OHE
ko:SEO SUH SUR SU
ko:SIN SHIN SHEEN
ko:GWON KWON KWEON
ko:HWANG HOANG
ko:AN AHN ANN
ko:RYU YOO YU RYOO LYU YOU
ko:JEON JUN CHUN CHEON
ko:GO KO KOH
ko:MUN MOON
ko:YANG RYANG
ko:SON SOHN
ko:BAE BAI PAE
ko:BAEK PAIK BAIK PAEK
ko:HEO HUH HUR HEUR
ko:NO NOH ROH RO
ko:HA HAH
ko:GWAK KWAK
ko:SEONG SUNG SONG
ko:JU JOO CHOO CHU
ko:U WOO WU
ko:GU KOO KU
ko:NA RA
ko:JIN CHIN
ko:JI CHI
ko:EOM UM EUM UHM
ko:CHAE CHAI
ko:WON WEON
ko:CHEON CHUN
ko:BANG PANG
ko:GONG KONG
ko:HYEON HYUN
ko:BYEON BYUN PYUN
ko:YEOM YUM
ko:YEO YEOH
ko:DO DOH TO
ko:SEOK SUK
ko:SEON SUN
ko:SEOL SUL
ko:GIL KIL
ko:YEON YOUN
ko:WI WEE
ko:MYEONG MYUNG
ko:GI KI KEE
ko:BAN PAN
ko:GEUM KEUM KUM
ko:YUK YOOK
ko:MAENG MENG
ko:JE JEH CHE
ko:GUK KOOK KUK
ko:NAMGUNG NAMGOONG NAMKUNG
ko:HWANGBO HWANGBOH
ko:JEGAL CHEGAL
ko:SEONU SUNWOO SUNOO
ko:DOKGO TOKKO
ko:SAGONG SAKONG
";

/// Arabic given and family names: a common Latin spelling first, then others seen in passports of Arabic-
/// speaking, Francophone, Turkic and South Asian states.
const ARABIC: &str = "\
ar:MOHAMMED MUHAMMAD MOHAMED MOHAMMAD MUHAMMED MOHAMAD MUHAMAD MOHD MOHAMMEDE MAHOMED MOUHAMED MEHMET MOHAMET
ar:AHMED AHMAD AHMET AHMADU
ar:ALI ALY ALEE
ar:HASSAN HASAN HASSEN HACEN HASSANE
ar:HUSSEIN HUSSAIN HUSAIN HUSEIN HOSSEIN HOSEIN HUSAYN HUSEYIN HOUSSEIN
ar:ABDULLAH ABDALLAH ABDULLA ABDELLAH ABDALLA ABDULLAHI
ar:OMAR UMAR OMER
ar:KHALED KHALID CHALED HALID KALED
ar:YOUSSEF YUSUF YOUSEF YOUSSOUF YUSSUF JOUSSEF YOSEF YUSEF
ar:IBRAHIM EBRAHIM IBRAHEEM BRAHIM IBRAGIM
ar:MUSTAFA MOSTAFA MOUSTAFA MUSTAPHA MOSTAPHA
ar:MAHMOUD MAHMUD MAHMOOD
ar:SAID SAEED SAYED SAYID SAEID
ar:KARIM KAREEM KERIM
ar:FATIMA FATMA FATEMEH FATIMAH FATOUMATA
ar:AISHA AICHA AYESHA AISHAH AYSHA
ar:MARYAM MARIAM MERYEM MIRIAM
ar:ZAINAB ZEINAB ZAYNAB
ar:KHADIJA KHADIJAH KHADIDJA HATICE
ar:NASSER NASIR NASER NACER
ar:JAMAL GAMAL DJAMAL CEMAL
ar:RASHID RACHID RASHEED RASHEID
ar:TARIQ TAREK TARIK TAREQ
ar:SULEIMAN SULAYMAN SOLIMAN SLIMANE SULEYMAN
ar:YAHYA YAHIA YEHIA
ar:OTHMAN OSMAN USMAN UTHMAN
ar:SALEH SALIH
ar:MANSOUR MANSUR MANSOOR
ar:QASIM KASSEM QASSEM KASIM GASIM
ar:ABBAS ABAS
ar:NOUR NUR NOOR
ar:LAYLA LEILA LAILA LEYLA
ar:HUDA HODA
ar:AMINA AMINAH AMEENA
ar:FAISAL FAYSAL FEISAL
ar:ADEL ADIL
ar:WALID WALEED OUALID
ar:ZIAD ZIYAD
ar:YASSER YASIR YASER
ar:BAKR BAKER BEKIR
ar:HAMZA HAMZAH
ar:SALMAN SELMAN
ar:ABDRAHMAN ABDULRAHMAN ABDELRAHMAN ABDURRAHMAN ABDERRAHMANE
ar:ABDAZIZ ABDULAZIZ ABDELAZIZ
ar:BIN IBN BEN
";

static FAMILIES: LazyLock<HashMap<String, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<String, Vec<&'static str>> = HashMap::new();
    for table in [CHINESE, KOREAN, ARABIC] {
        for line in table.lines() {
            let mut words = line.split_whitespace();
            let Some(id) = words.next() else { continue };
            let canonical = id.split_once(':').map_or(id, |(_, c)| c);
            for spelling in std::iter::once(canonical).chain(words) {
                let list = map.entry(fold(spelling)).or_default();
                if !list.contains(&id) {
                    list.push(id);
                }
            }
        }
    }
    map
});

/// The variant families a [`fold`] key belongs to, e.g. `zh:ZHANG` for `CHEUNG`; empty for most tokens.
///
/// ```
/// assert!(names::classes("CHEUNG").contains(&"zh:ZHANG"));
/// assert!(names::classes(&names::fold("RHEE")).contains(&"ko:I"));
/// assert!(names::classes(&names::fold("HOSSEIN")).contains(&"ar:HUSSEIN"));
/// assert!(names::classes("SMITH").is_empty());
/// ```
pub fn classes(folded: &str) -> &'static [&'static str] {
    FAMILIES.get(folded).map_or(&[], Vec::as_slice)
}
