//! Who is acting: roles, their scopes and the authenticated principal.
//!
//! Deny by default: a [`Principal`] carries one role and the scope that role is limited to (ports for
//! officers and e-gates, an office for clerks, a carrier for airlines, a partner agreement for partner
//! agencies). What a role may do is decided in one table, in the web crate's capability module.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The roles guomen knows. Every account and every API token has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Users, ports, rule sets, watchlists.
    Admin,
    /// Enforcement quality review and audit search.
    Supervisor,
    /// Border officer at a desk or in secondary inspection, scoped to ports.
    Officer,
    /// An automated gate (a machine), scoped to its port.
    Egate,
    /// An airline, shipping line or railway sending manifests, scoped to its carrier code.
    Carrier,
    /// A service-counter clerk, scoped to an office.
    Clerk,
    /// A member of the public applying for documents.
    Applicant,
    /// Statistics and trends, no personal data.
    Analyst,
    /// Cases of illegal crossing, smuggling, document fraud.
    Investigator,
    /// A partner agency exchanging alerts within an agreed scope.
    Partner,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Admin,
        Role::Supervisor,
        Role::Officer,
        Role::Egate,
        Role::Carrier,
        Role::Clerk,
        Role::Applicant,
        Role::Analyst,
        Role::Investigator,
        Role::Partner,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Officer => "officer",
            Role::Egate => "egate",
            Role::Carrier => "carrier",
            Role::Clerk => "clerk",
            Role::Applicant => "applicant",
            Role::Analyst => "analyst",
            Role::Investigator => "investigator",
            Role::Partner => "partner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// What kind of scope the role must be given, if any.
    pub fn scope_kind(&self) -> ScopeKind {
        match self {
            Role::Officer | Role::Egate => ScopeKind::Port,
            Role::Clerk => ScopeKind::Office,
            Role::Carrier => ScopeKind::Carrier,
            Role::Partner => ScopeKind::Partner,
            Role::Admin | Role::Supervisor | Role::Applicant | Role::Analyst | Role::Investigator => {
                ScopeKind::None
            }
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which kind of scope a role is limited by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    None,
    Port,
    Office,
    Carrier,
    Partner,
}

/// The part of the data a principal may see. An officer with `ports: ["PVG"]` sees Pudong only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// Port registry codes (officers, e-gates). Empty for roles without a port scope.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<String>,
    /// Office code (clerks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// Carrier code, e.g. the IATA airline designator (carriers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// Name of the data-sharing agreement (partners).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
}

impl Scope {
    /// True when a principal with this scope may act at `port`. Roles without a port scope are not
    /// limited by port (their role decides what they can reach).
    pub fn covers_port(&self, role: Role, port: &str) -> bool {
        match role.scope_kind() {
            ScopeKind::Port => self.ports.iter().any(|p| p.eq_ignore_ascii_case(port)),
            _ => true,
        }
    }

    /// Checks that the scope fits the role: a port role has at least one port, a clerk an office, and so on.
    pub fn validate_for(&self, role: Role) -> Result<(), String> {
        let ok = match role.scope_kind() {
            ScopeKind::None => true,
            ScopeKind::Port => !self.ports.is_empty(),
            ScopeKind::Office => self.office.is_some(),
            ScopeKind::Carrier => self.carrier.is_some(),
            ScopeKind::Partner => self.partner.is_some(),
        };
        if ok {
            Ok(())
        } else {
            let what = match role.scope_kind() {
                ScopeKind::Port => "a port (--port)",
                ScopeKind::Office => "an office (--office)",
                ScopeKind::Carrier => "a carrier (--carrier)",
                ScopeKind::Partner => "a partner agreement (--partner)",
                ScopeKind::None => "nothing",
            };
            Err(format!("role {role} must be given {what}"))
        }
    }

    /// The post recorded in the audit trail: the first port, the office, the carrier or the partner.
    pub fn post(&self) -> Option<&str> {
        self.ports
            .first()
            .map(String::as_str)
            .or(self.office.as_deref())
            .or(self.carrier.as_deref())
            .or(self.partner.as_deref())
    }
}

/// Whether a principal signed in as a person or presented a machine token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrincipalKind {
    User,
    Token,
}

/// An authenticated actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// The account or token id (stable; used in the audit trail).
    pub id: String,
    /// The username or token name, for display.
    pub name: String,
    pub kind: PrincipalKind,
    pub role: Role,
    pub scope: Scope,
}

impl Principal {
    /// The actor used for work the system does on its own (migrations, the demo seeder, scheduled purges).
    pub fn system(name: &str) -> Self {
        Principal {
            id: format!("system:{name}"),
            name: name.to_owned(),
            kind: PrincipalKind::Token,
            role: Role::Admin,
            scope: Scope::default(),
        }
    }
}
