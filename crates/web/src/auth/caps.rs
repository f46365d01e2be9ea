//! Every capability a route can require, and the roles that hold it. This file is the whole
//! authorisation policy; the route-by-role test matrix (`tests/web/authz.rs`) is its independent check.

use domain::Role;

/// Something a caller may be allowed to do.
pub trait Capability: Send + Sync + 'static {
    /// What the capability allows, in the words of a refusal ("role carrier may not …").
    const DESCRIPTION: &'static str;
    /// The roles that hold it. Anyone else is refused.
    const ROLES: &'static [Role];
}

macro_rules! capabilities {
    ($( $(#[$doc:meta])* $name:ident = $desc:literal : [$($role:ident),* $(,)?]; )*) => {
        $(
            $(#[$doc])*
            pub struct $name;
            impl Capability for $name {
                const DESCRIPTION: &'static str = $desc;
                const ROLES: &'static [Role] = &[$(Role::$role),*];
            }
        )*
    };
}

capabilities! {
    /// Any signed-in principal: reference data (ports, countries), one's own account.
    Authenticated = "use guomen": [Admin, Supervisor, Officer, Egate, Carrier, Clerk, Applicant, Analyst, Investigator, Partner];
    /// Accounts.
    ManageUsers = "manage user accounts": [Admin];
    /// API tokens for machines.
    ManageTokens = "manage API tokens": [Admin];
    /// Search the audit trail.
    SearchAudit = "search the audit trail": [Supervisor];
    /// Verify the audit chain (reads only hashes).
    VerifyAudit = "verify the audit chain": [Supervisor, Admin];
    /// Scrape operational metrics (no personal data).
    ReadMetrics = "read metrics": [Admin, Supervisor, Analyst];
    /// Read and check a travel document's MRZ.
    ParseDocuments = "read travel documents": [Officer, Egate, Clerk, Supervisor, Investigator];
    /// Ask the entry rules for a decision (no personal data is stored).
    CheckPolicy = "check entry rules": [Officer, Egate, Carrier, Clerk, Supervisor, Analyst, Investigator, Admin];
    /// Screen a person against the watchlists.
    Screen = "screen against watchlists": [Officer, Egate, Supervisor, Investigator];
    /// Read watchlist entries.
    ReadWatchlist = "read watchlists": [Supervisor, Investigator, Admin];
    /// Add, change or remove watchlist entries.
    ManageWatchlist = "manage watchlists": [Admin];
    /// Inspect travellers at a port (desks and e-gates), scoped to the caller's ports.
    Inspect = "inspect travellers": [Officer, Egate];
    /// Resolve referrals in secondary inspection.
    Resolve = "resolve referrals": [Officer];
    /// Read a traveller's record (movements, grants).
    ReadTravellers = "read traveller records": [Officer, Supervisor, Investigator];
    /// Record conveyance crossings.
    RecordConveyances = "record conveyances": [Officer];
    /// Aggregate statistics (no personal data).
    ReadStatistics = "read statistics": [Analyst, Supervisor, Admin];
    /// A port's dashboard: today's crossings, e-gate share, open referrals (counts only, no personal data);
    /// officers see their own ports.
    ViewPortDashboard = "view the port dashboard": [Officer, Supervisor, Analyst];
    /// Send passenger and crew manifests (carriers, for their own flights).
    SubmitManifests = "submit manifests": [Carrier];
    /// Read manifests and pre-arrival risk lists.
    ReadManifests = "read manifests": [Officer, Supervisor, Investigator];
    /// Exchange alerts within an agreed scope.
    ExchangeAlerts = "exchange alerts": [Partner];
    /// Export personal data (audited).
    ExportData = "export personal data": [Supervisor];
    /// Run the retention purge.
    Purge = "purge expired records": [Admin];
}
