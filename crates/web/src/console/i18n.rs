//! The console's two languages. Chinese is the default; a cookie remembers the choice.
//!
//! Every user-visible string of the console is a key in [`TABLE`]; a test checks that every key a template
//! uses exists and has both translations.

use axum::http::HeaderMap;

/// A console language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(&self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(&self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "zh" | "zh-CN" | "zh-cn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (for the switch).
    pub fn other(&self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// From the `guomen_lang` cookie, else the browser's first preference, else Chinese.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        if let Some(l) = crate::auth::cookie(headers, "guomen_lang").and_then(Lang::parse) {
            return l;
        }
        let accept = headers.get("accept-language").and_then(|v| v.to_str().ok()).unwrap_or("");
        match accept.split(',').next().map(|s| s.trim().to_ascii_lowercase()) {
            Some(s) if s.starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// Translates a key; an unknown key is shown as itself (and caught by the test).
    pub fn t(&self, key: &str) -> &'static str {
        match TABLE.binary_search_by(|(k, _, _)| (*k).cmp(key)) {
            Ok(i) => TABLE.get(i).map(|(_, zh, en)| if *self == Lang::Zh { *zh } else { *en }).unwrap_or(""),
            Err(_) => "??",
        }
    }
}

/// (key, Chinese, English), sorted by key.
pub static TABLE: &[(&str, &str, &str)] = &[
    ("app.name", "国门", "guomen"),
    ("app.subtitle", "出入境边防检查与管理平台", "Exit-entry border control platform"),
    ("audit.action", "操作", "Action"),
    ("audit.actor", "人员", "Actor"),
    ("audit.at", "时间", "Time"),
    ("audit.chain", "审计链完整性", "Audit chain integrity"),
    ("audit.chain_broken", "审计链已损坏", "Audit chain broken"),
    ("audit.chain_ok", "审计链完整", "Audit chain intact"),
    ("audit.empty", "没有符合条件的记录", "No matching records"),
    ("audit.from", "起始时间", "From"),
    ("audit.post", "岗位", "Post"),
    ("audit.purpose", "目的", "Purpose"),
    ("audit.records", "条记录", "records"),
    ("audit.role", "角色", "Role"),
    ("audit.search", "查询", "Search"),
    ("audit.seq", "序号", "No."),
    ("audit.subject", "对象", "Subject"),
    ("audit.title", "审计查询", "Audit search"),
    ("audit.to", "截止时间", "To"),
    ("common.signed_in_as", "当前用户", "Signed in as"),
    ("dash.backend", "数据库", "Database"),
    ("dash.ports", "口岸", "Ports"),
    ("dash.title", "工作台", "Dashboard"),
    ("dash.welcome", "欢迎使用国门平台", "Welcome to guomen"),
    ("doc.at_line", "第{line}行", "line {line}"),
    ("doc.at_position", "第{line}行第{position}位", "line {line}, position {position}"),
    ("doc.at_zone", "整个机读区", "whole zone"),
    (
        "doc.audit_note",
        "每次核验均记入审计日志（不含证件号码）。",
        "Every check is recorded in the audit trail (without the document number).",
    ),
    ("doc.check_at", "位置", "Position"),
    ("doc.check_field", "校验项", "Field"),
    ("doc.check_result", "结果", "Result"),
    ("doc.checks", "校验位", "Check digits"),
    ("doc.computed", "计算值", "Computed"),
    ("doc.corrections", "自动纠正", "Corrections"),
    ("doc.document", "证件", "Document"),
    ("doc.echo", "机读区原文", "Zone as read"),
    ("doc.empty", "请输入证件机读区（MRZ）。", "Enter a machine-readable zone."),
    ("doc.error_count", "处错误", "error(s)"),
    ("doc.errors", "错误", "Errors"),
    ("doc.field.birth_date", "出生日期", "Date of birth"),
    ("doc.field.composite", "综合校验位", "Composite"),
    ("doc.field.document_code", "证件类型代码", "Document code"),
    ("doc.field.document_number", "证件号码", "Document number"),
    ("doc.field.expiry_date", "有效期至", "Date of expiry"),
    ("doc.field.filler", "填充位", "Filler"),
    ("doc.field.issuing_state", "签发国", "Issuing state"),
    ("doc.field.lines", "机读区", "Zone"),
    ("doc.field.name", "姓名", "Name"),
    ("doc.field.national_data", "国内数据", "National data"),
    ("doc.field.nationality", "国籍", "Nationality"),
    ("doc.field.optional_data", "可选数据", "Optional data"),
    ("doc.field.optional_data_2", "第二可选数据", "Second optional data"),
    ("doc.field.other", "其他", "Other"),
    ("doc.field.primary_identifier", "姓", "Surname (primary identifier)"),
    ("doc.field.secondary_identifier", "名", "Given names (secondary identifier)"),
    ("doc.field.sex", "性别", "Sex"),
    ("doc.fields", "识读内容", "Decoded fields"),
    ("doc.found", "实际值", "Found"),
    (
        "doc.help",
        "每行输入一行机读区；多本证件之间空一行。按 Ctrl+Enter 核验。",
        "One MRZ line per line; leave a blank line between documents. Press Ctrl+Enter to check.",
    ),
    ("doc.invalid", "无效", "Invalid"),
    (
        "doc.lead",
        "读取并核验护照、身份证件和签证的机读区（ICAO 9303）：字段、校验位，并将每处错误定位到字符。",
        "Read and check the machine-readable zone of a passport, identity card or visa (ICAO 9303): \
         fields, check digits, and every error located to its character.",
    ),
    (
        "doc.lenient",
        "宽松模式：在唯一可确定时纠正 OCR 误读",
        "Lenient: repair OCR misreadings where the fix is unique",
    ),
    (
        "doc.line_too_long",
        "有一行过长，不可能是机读区。",
        "A line is far too long to be part of a machine-readable zone.",
    ),
    ("doc.long_number", "长号码", "long number"),
    ("doc.mismatch", "不符", "Mismatch"),
    ("doc.mode_lenient", "宽松模式", "lenient mode"),
    ("doc.mode_strict", "严格模式", "strict mode"),
    ("doc.mrz_label", "机读区（MRZ）", "Machine-readable zone (MRZ)"),
    (
        "doc.no_checks",
        "格式无法识别，未计算校验位。",
        "The format was not recognised; no check digit was computed.",
    ),
    ("doc.no_fields", "格式无法识别，未解码字段。", "The format was not recognised; no field was decoded."),
    ("doc.ok", "正确", "OK"),
    ("doc.problem.birth_after_expiry", "出生日期晚于有效期", "Birth after expiry"),
    ("doc.problem.character", "非法字符", "Character not allowed"),
    ("doc.problem.check_digit", "校验位不符", "Check digit mismatch"),
    ("doc.problem.document_code", "证件类型代码不符合规则", "Document code breaks a rule"),
    ("doc.problem.double_filler_in_secondary", "名中含双填充符", "Double filler in the given names"),
    ("doc.problem.empty_country", "国家代码为空", "Empty country code"),
    ("doc.problem.empty_name", "姓名为空", "Empty name"),
    ("doc.problem.empty_primary", "姓为空", "Empty surname"),
    ("doc.problem.expired", "证件已过期", "Document expired"),
    ("doc.problem.incomplete_date", "日期不完整", "Incomplete date"),
    ("doc.problem.line_count", "行数不符", "Wrong number of lines"),
    ("doc.problem.line_length", "行长度不符", "Wrong line length"),
    ("doc.problem.long_number_continuation", "长号码续写缺失", "Long number not continued"),
    ("doc.problem.lower_case", "小写字母", "Lower-case letter"),
    ("doc.problem.name_not_left_justified", "姓名未左对齐", "Name not left-justified"),
    ("doc.problem.no_format", "无法识别格式", "No MRZ format fits"),
    ("doc.problem.no_lines", "未输入机读区", "No lines"),
    ("doc.problem.no_secondary", "缺少姓名分隔符", "No name separator"),
    ("doc.problem.not_a_calendar_date", "不是有效日期", "Not a calendar date"),
    ("doc.problem.not_left_justified", "数据未左对齐", "Data not left-justified"),
    ("doc.problem.sex_x", "性别为 X", "Sex X"),
    ("doc.problem.unknown_country", "国家代码不在 ICAO 代码表中", "Country code not in the ICAO table"),
    ("doc.reason.character_class", "该位置只允许一种读法", "the only reading the position allows"),
    ("doc.reason.check_digits", "唯一满足校验位的 OCR 纠正", "the only OCR fix the check digits accept"),
    ("doc.reason.other", "其他原因", "other reason"),
    ("doc.reason.upper_case", "转为大写", "raised to upper case"),
    ("doc.reference_date", "参考日期", "Reference day"),
    ("doc.sex.female", "女", "female"),
    ("doc.sex.male", "男", "male"),
    ("doc.sex.unspecified", "未指明", "unspecified"),
    ("doc.submit", "核验", "Check"),
    ("doc.title", "证件核验", "Document check"),
    (
        "doc.too_long",
        "输入内容过长（最多 4000 个字符）。",
        "The text is too long (at most 4,000 characters).",
    ),
    ("doc.too_many", "一次最多核验 10 本证件。", "At most 10 documents can be checked at once."),
    ("doc.truncated", "姓名可能因长度限制被截断。", "The name may have been truncated to fit."),
    (
        "doc.unavailable",
        "审计记录无法写入，因此不显示核验结果。请稍后再试。",
        "The audit record could not be written, so the result is not shown. Try again shortly.",
    ),
    ("doc.valid", "有效", "Valid"),
    ("doc.warning_count", "条警告", "warning(s)"),
    ("doc.warnings", "警告", "Warnings"),
    ("error.forbidden", "您的角色无权访问此页面。", "Your role may not open this page."),
    ("error.forbidden_title", "无权访问", "Not allowed"),
    ("error.not_found", "页面不存在。", "This page does not exist."),
    ("error.not_found_title", "未找到", "Not found"),
    ("login.failed", "用户名或密码错误", "Wrong username or password"),
    (
        "login.locked",
        "账户因多次登录失败已锁定，请稍后再试",
        "The account is locked after repeated failed sign-ins; try later",
    ),
    ("login.password", "密码", "Password"),
    ("login.rate_limited", "尝试次数过多，请一分钟后再试", "Too many attempts; wait a minute"),
    ("login.selfcheck", "出行旅客：查询能否免签入境中国", "Travellers: can I enter China without a visa?"),
    ("login.submit", "登录", "Sign in"),
    ("login.title", "登录", "Sign in"),
    ("login.username", "用户名", "Username"),
    (
        "login.warning",
        "本系统仅限授权人员使用，所有操作均被记录。",
        "Authorised personnel only. Every action is recorded.",
    ),
    ("nav.audit", "审计", "Audit"),
    ("nav.dashboard", "工作台", "Dashboard"),
    ("nav.documents", "证件核验", "Documents"),
    ("nav.logout", "退出", "Sign out"),
    ("nav.selfcheck", "免签自助查询", "Visa-free self-check"),
    ("nav.switch_lang", "English", "中文"),
    ("role.admin", "系统管理员", "Administrator"),
    ("role.analyst", "统计分析员", "Analyst"),
    ("role.applicant", "申请人", "Applicant"),
    ("role.carrier", "承运人", "Carrier"),
    ("role.clerk", "窗口受理员", "Service clerk"),
    ("role.egate", "自助通道", "E-gate"),
    ("role.investigator", "调查员", "Investigator"),
    ("role.officer", "边检民警", "Border officer"),
    ("role.partner", "合作机构", "Partner agency"),
    ("role.supervisor", "督察", "Supervisor"),
    ("selfcheck.area", "可停留区域", "Where you may stay"),
    ("selfcheck.arrival", "入境信息", "Your arrival"),
    ("selfcheck.arrival_date", "入境日期", "Arrival date"),
    ("selfcheck.arrival_time", "抵达时间（口岸当地时间）", "Arrival time (local time at the port)"),
    ("selfcheck.basis", "法律依据", "Legal basis"),
    ("selfcheck.beijing_time", "北京时间。", "Beijing time."),
    ("selfcheck.choose", "请选择", "Choose…"),
    ("selfcheck.clock_from_arrival", "停留时间自抵达时起计算。", "The time counts from your arrival."),
    (
        "selfcheck.clock_next_day",
        "停留时间自入境次日零时起计算。",
        "The stay counts from 00:00 on the day after you enter.",
    ),
    ("selfcheck.conditions", "须遵守的事项", "What you must do"),
    ("selfcheck.deadline", "最晚离境时间", "Deadline to leave"),
    (
        "selfcheck.disclaimer",
        "本查询结果仅供参考。是否准予入境，由出入境边防检查机关依法决定。",
        "This answer is guidance only. Whether you are admitted is decided by the border inspection authority \
         at the port, under the law.",
    ),
    ("selfcheck.document_type", "证件类型", "Travel document"),
    (
        "selfcheck.err_chinese",
        "中国公民凭中国护照等有效证件出入境，无需签证；本查询适用于外国人。",
        "Chinese citizens travel on Chinese passports and need no visa; this self-check is for foreign nationals.",
    ),
    ("selfcheck.err_date", "请填写有效的入境日期和时间。", "Enter a valid arrival date and time."),
    ("selfcheck.err_document", "请选择证件类型。", "Choose your type of travel document."),
    ("selfcheck.err_nationality", "请选择国籍。", "Choose your nationality."),
    (
        "selfcheck.err_onward_date",
        "联程客票的离境日期或时间无效。",
        "The onward ticket's departure date or time is not valid.",
    ),
    (
        "selfcheck.err_onward_to",
        "请从列表中选择联程客票的目的地。",
        "Choose the onward ticket's destination from the list.",
    ),
    (
        "selfcheck.err_origin",
        "请从列表中选择出发国家或地区。",
        "Choose the country or region you are arriving from, from the list.",
    ),
    (
        "selfcheck.err_other",
        "暂时无法回答此查询，请核对所填内容。",
        "This question cannot be answered; check what you entered.",
    ),
    ("selfcheck.err_port", "请从列表中选择入境口岸。", "Choose your port of entry from the list."),
    ("selfcheck.err_purpose", "请选择入境事由。", "Choose the purpose of your visit."),
    ("selfcheck.errors_title", "请检查以下内容", "Please check the following"),
    (
        "selfcheck.footer",
        "出入境政策公众自助查询 · 免费服务，无需登录 · 不收集个人身份信息",
        "Public exit-entry self-check · free, no sign-in · no personal details collected",
    ),
    ("selfcheck.form_again", "修改行程，重新查询", "Change your journey and check again"),
    ("selfcheck.form_title", "填写您的行程", "Your journey"),
    (
        "selfcheck.hk_mo_tw",
        "港澳居民、台湾居民来往内地（大陆）持相应的通行证件，不适用本查询。",
        "Residents of Hong Kong, Macao and Taiwan travel to the mainland on their own travel permits; this \
         self-check does not apply to them.",
    ),
    (
        "selfcheck.intro",
        "根据现行免签政策，查询您能否免签入境、最晚何时离境、可以在哪些地区停留，以及相关法律依据。",
        "Under the visa-free policies in force: find out whether you can enter without a visa, by when you must \
         leave, where you may stay, and on what legal basis.",
    ),
    ("selfcheck.local_time", "口岸当地时间。", "Local time at the port."),
    ("selfcheck.nationality", "国籍（护照签发国）", "Nationality (country of your passport)"),
    (
        "selfcheck.nationality_help",
        "按您入境时所持护照或旅行证件上的国籍选择。",
        "The nationality shown in the passport or travel document you will travel on.",
    ),
    ("selfcheck.no_onward", "无联程客票", "No onward ticket"),
    ("selfcheck.not_given", "不填", "Not given"),
    ("selfcheck.notes", "说明", "Notes"),
    ("selfcheck.onward", "联程客票", "Onward ticket"),
    ("selfcheck.onward_date", "离境日期", "Departure date"),
    (
        "selfcheck.onward_help",
        "过境免签须持有已确定日期和座位、前往第三国（地区）的联程客票。如有，请填写。",
        "Visa-free transit needs a ticket with a confirmed date and seat on to a third country or region. Enter \
         it if you have one.",
    ),
    ("selfcheck.onward_time", "离境时间", "Departure time"),
    ("selfcheck.onward_to", "前往国家或地区", "Going on to"),
    ("selfcheck.origin", "出发国家或地区", "Arriving from"),
    (
        "selfcheck.origin_help",
        "本次入境航班或车船的始发国家或地区。过境免签要求出发地与目的地不同。",
        "Where your flight, train or ship to China departs from. For visa-free transit it must differ from where \
         you go on to.",
    ),
    ("selfcheck.other_language", "English version", "中文版"),
    ("selfcheck.port", "入境口岸", "Port of entry"),
    ("selfcheck.ports_air", "航空口岸（机场）", "Airports"),
    ("selfcheck.ports_land", "陆路口岸", "Land border crossings"),
    ("selfcheck.ports_rail", "铁路口岸", "Railway ports"),
    ("selfcheck.ports_sea", "水运口岸（港口）", "Seaports"),
    (
        "selfcheck.privacy",
        "无需登录，不收集姓名和证件号码，所填内容不予保存。",
        "No sign-in; no name or passport number is asked, and nothing you enter is stored.",
    ),
    ("selfcheck.purpose", "入境事由", "Purpose of your visit"),
    ("selfcheck.question", "我能免签入境中国吗？", "Can I enter China without a visa?"),
    ("selfcheck.required_note", "带 * 的为必填项。", "Fields marked * are required."),
    ("selfcheck.reset", "清空重填", "Start again"),
    ("selfcheck.result", "查询结果", "Your answer"),
    ("selfcheck.ruleset", "政策数据版本：", "Rules version: "),
    ("selfcheck.service", "出入境政务服务 · 公众自助查询", "Exit-entry public service · self-check"),
    ("selfcheck.skip_to_form", "跳到查询表单", "Skip to the form"),
    ("selfcheck.staff_sign_in", "工作人员登录", "Staff sign-in"),
    ("selfcheck.submit", "查询", "Check"),
    ("selfcheck.title", "免签入境自助查询", "Visa-free entry self-check"),
    (
        "selfcheck.unconfirmed",
        "本结果所依据的部分政策信息尚待官方文本核实，出行前请以官方公布为准。",
        "Part of this answer rests on information not yet confirmed by an official text; check the official \
         announcement before you travel.",
    ),
    ("selfcheck.you", "旅行者", "You"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_complete() {
        for w in TABLE.windows(2) {
            assert!(w[0].0 < w[1].0, "{} must come before {}", w[1].0, w[0].0);
        }
        for (k, zh, en) in TABLE {
            assert!(!zh.is_empty() && !en.is_empty(), "{k} lacks a translation");
        }
        assert_eq!(Lang::Zh.t("nav.audit"), "审计");
        assert_eq!(Lang::En.t("nav.audit"), "Audit");
        assert_eq!(Lang::En.t("no.such.key"), "??");
    }

    #[test]
    fn every_key_used_in_templates_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                if TABLE.binary_search_by(|(k, _, _)| (*k).cmp(key)).is_err() {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
        assert!(missing.is_empty(), "keys without translations: {missing:?}");
    }
}
