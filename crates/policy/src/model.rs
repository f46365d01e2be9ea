//! The closed vocabularies of the rule engine: decision kinds, purposes, document types, confidence marks,
//! stay lengths and clock rules.
//!
//! They are closed on purpose: a rule file or a request that names a purpose the engine does not know is
//! rejected when it is read, so an evaluation can never meet an unexpected value.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a decision rests on. The JSON spelling (`transit-visa-free`, …) is part of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// A bilateral mutual visa exemption agreement (EEA-Law Art. 22(1)).
    VisaExemptionAgreement,
    /// China's unilateral visa-free policy for listed countries (EEA-Law Art. 22(4)).
    UnilateralVisaFree,
    /// 240-hour (formerly 72/144-hour) visa-free transit (EEA-Law Art. 22(3)).
    TransitVisaFree,
    /// 24-hour direct transit without leaving the port (EEA-Law Art. 22(3)).
    DirectTransit,
    /// A regional scheme: Hainan, tour groups from Hong Kong/Macau, cruise groups, ASEAN groups.
    RegionalVisaFree,
    /// A visa issued at the port (EEA-Law Art. 20).
    PortVisa,
    /// A visa the traveller already holds.
    Visa,
    /// A foreigner's residence permit the traveller already holds (EEA-Law Art. 22(2)).
    ResidencePermit,
    /// Nothing applies: the traveller needs a visa.
    VisaRequired,
}

impl Kind {
    /// Every kind, in the order of the list above.
    pub const ALL: [Kind; 9] = [
        Kind::VisaExemptionAgreement,
        Kind::UnilateralVisaFree,
        Kind::TransitVisaFree,
        Kind::DirectTransit,
        Kind::RegionalVisaFree,
        Kind::PortVisa,
        Kind::Visa,
        Kind::ResidencePermit,
        Kind::VisaRequired,
    ];

    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::VisaExemptionAgreement => "visa-exemption-agreement",
            Kind::UnilateralVisaFree => "unilateral-visa-free",
            Kind::TransitVisaFree => "transit-visa-free",
            Kind::DirectTransit => "direct-transit",
            Kind::RegionalVisaFree => "regional-visa-free",
            Kind::PortVisa => "port-visa",
            Kind::Visa => "visa",
            Kind::ResidencePermit => "residence-permit",
            Kind::VisaRequired => "visa-required",
        }
    }

    /// True for the kinds that exempt from a visa (as opposed to holdings and port visas).
    pub fn is_visa_free(self) -> bool {
        matches!(
            self,
            Kind::VisaExemptionAgreement
                | Kind::UnilateralVisaFree
                | Kind::TransitVisaFree
                | Kind::DirectTransit
                | Kind::RegionalVisaFree
        )
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares a closed vocabulary with its JSON spelling, English and Chinese labels and a bit set over it.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])* $name:ident, $set:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, $en:literal, $zh:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The spelling used in rule files and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// A short English label.
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en,)* }
            }

            /// A short Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)* }
            }

            /// Parses the spelling used in rule files and JSON.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }

            fn bit(self) -> u32 {
                1u32 << (self as u32)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[doc = concat!("A set of [`", stringify!($name), "`] values, as a bit set.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $set(u32);

        impl $set {
            /// The empty set.
            pub const EMPTY: $set = $set(0);

            /// True if `value` is in the set.
            pub fn contains(self, value: $name) -> bool {
                self.0 & value.bit() != 0
            }

            /// Adds `value`.
            pub fn insert(&mut self, value: $name) {
                self.0 |= value.bit();
            }

            /// True if the set is empty.
            pub fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// The members in declaration order.
            pub fn iter(self) -> impl Iterator<Item = $name> {
                $name::ALL.iter().copied().filter(move |v| self.contains(*v))
            }

            /// The union of two sets.
            pub fn union(self, other: $set) -> $set {
                $set(self.0 | other.0)
            }
        }

        impl FromIterator<$name> for $set {
            fn from_iter<I: IntoIterator<Item = $name>>(iter: I) -> Self {
                let mut set = $set::EMPTY;
                for v in iter {
                    set.insert(v);
                }
                set
            }
        }

        impl Serialize for $set {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.iter())
            }
        }
    };
}

vocabulary! {
    /// Why the traveller comes. Visa-free schemes list the purposes they allow and those they exclude.
    Purpose, PurposeSet {
        /// Tourism and sightseeing.
        Tourism = "tourism", "tourism", "旅游";
        /// Business and trade.
        Business = "business", "business", "商务";
        /// Visiting relatives or friends.
        FamilyVisit = "family-visit", "visiting relatives or friends", "探亲访友";
        /// Exchanges, visits and study tours (交流访问).
        Exchange = "exchange", "exchange visits", "交流访问";
        /// Passing through to a third country or region.
        Transit = "transit", "transit", "过境";
        /// Medical treatment.
        Medical = "medical", "medical treatment", "医疗";
        /// Exhibitions and conventions.
        Exhibition = "exhibition", "exhibitions", "会展";
        /// Sports events.
        Sports = "sports", "sports events", "体育赛事";
        /// Urgent humanitarian reasons (port visa ground).
        Humanitarian = "humanitarian", "urgent humanitarian reasons", "紧急人道主义事由";
        /// Emergency repair work (port visa ground).
        EmergencyRepair = "emergency-repair", "emergency repair", "紧急抢修";
        /// Investment and entrepreneurship.
        Investment = "investment", "investment", "投资创业";
        /// Private affairs.
        PrivateAffairs = "private-affairs", "private affairs", "处理私人事务";
        /// Employment.
        Work = "work", "work", "工作";
        /// Study.
        Study = "study", "study", "学习";
        /// News reporting.
        Journalism = "journalism", "journalism", "新闻采访";
        /// Settling permanently.
        Settlement = "settlement", "settlement", "定居";
        /// Crew duty on an international conveyance.
        Crew = "crew", "crew duty", "乘务";
    }
}

vocabulary! {
    /// The kind of travel document presented.
    DocumentType, DocumentTypeSet {
        /// An ordinary passport.
        Ordinary = "ordinary", "ordinary passport", "普通护照";
        /// An official passport.
        Official = "official", "official passport", "公务护照";
        /// A service passport.
        Service = "service", "service passport", "公务护照（服务）";
        /// A diplomatic passport.
        Diplomatic = "diplomatic", "diplomatic passport", "外交护照";
        /// A passport for public affairs (因公普通护照).
        PublicAffairs = "public-affairs", "passport for public affairs", "公务普通护照";
        /// A refugee or stateless person's travel document, or another travel document.
        TravelDocument = "travel-document", "travel document", "旅行证件";
    }
}

// The enum is declared by `vocabulary!`, which cannot take a `#[default]` attribute per variant.
#[allow(clippy::derivable_impls)]
impl Default for DocumentType {
    fn default() -> Self {
        DocumentType::Ordinary
    }
}

/// How sure the source of a fact is, using the tags of the reference document.
///
/// Ordered from weakest to strongest, so `min` of two marks is the weaker one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Confidence {
    /// Unsourced or fragmentary; must be checked before it is relied on.
    #[serde(rename = "UNVERIFIED")]
    Unverified,
    /// A single secondary source.
    #[serde(rename = "SEC")]
    Secondary,
    /// Computed from sourced facts.
    #[serde(rename = "DERIVED")]
    Derived,
    /// An official text or two independent reports of it.
    #[serde(rename = "OK")]
    Ok,
}

impl Confidence {
    /// The tag as written in the rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Unverified => "UNVERIFIED",
            Confidence::Secondary => "SEC",
            Confidence::Derived => "DERIVED",
            Confidence::Ok => "OK",
        }
    }

    /// The tag as written in the rule files.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "UNVERIFIED" => Confidence::Unverified,
            "SEC" => Confidence::Secondary,
            "DERIVED" => Confidence::Derived,
            "OK" => Confidence::Ok,
            _ => return None,
        })
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The length of a permitted stay: whole days or hours (`30d`, `240h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StayLength {
    /// A number of days.
    Days(u32),
    /// A number of hours.
    Hours(u32),
}

impl StayLength {
    /// Parses `30d` or `240h`. The number must be between 1 and 3660 days (87,840 hours).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        // `u32::from_str` accepts a leading '+', which a rule file has no reason to write.
        let digits = |s: &str| -> Option<u32> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        if let Some(n) = text.strip_suffix('d').and_then(digits) {
            return (1..=3660).contains(&n).then_some(StayLength::Days(n));
        }
        let n = text.strip_suffix('h').and_then(digits)?;
        (1..=87_840).contains(&n).then_some(StayLength::Hours(n))
    }
}

impl fmt::Display for StayLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StayLength::Days(n) => write!(f, "{n}d"),
            StayLength::Hours(n) => write!(f, "{n}h"),
        }
    }
}

/// When the stay clock starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Clock {
    /// China's rule for every visa-free scheme: "停留时间自入境次日零时起算", counted from 00:00 of the day
    /// after entry, in the port's time zone.
    NextDayMidnight,
    /// Counted from the arrival instant (24-hour direct transit, where the traveller does not enter).
    FromArrival,
}

impl Clock {
    /// The spelling used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::NextDayMidnight => "next-day-midnight",
            Clock::FromArrival => "from-arrival",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stay_lengths() {
        let cases: &[(&str, Option<StayLength>)] = &[
            ("30d", Some(StayLength::Days(30))),
            ("240h", Some(StayLength::Hours(240))),
            (" 24h ", Some(StayLength::Hours(24))),
            ("0d", None),
            ("d", None),
            ("", None),
            ("30", None),
            ("-1d", None),
            ("30w", None),
            ("九d", None),
            ("d九", None),
            ("+3d", None),
        ];
        for (text, want) in cases {
            assert_eq!(StayLength::parse(text), *want, "{text:?}");
        }
    }

    #[test]
    fn sets_and_confidence_order() {
        let set: PurposeSet = [Purpose::Work, Purpose::Tourism].into_iter().collect();
        assert!(set.contains(Purpose::Work) && !set.contains(Purpose::Study));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![Purpose::Tourism, Purpose::Work]);
        assert!(Confidence::Unverified < Confidence::Secondary && Confidence::Derived < Confidence::Ok);
        for kind in Kind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
