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
