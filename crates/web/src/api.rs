//! The JSON API under `/api/v1`, one module per area. Every route is listed in [`crate::openapi`] too; a test
//! checks that the two agree.

pub mod accounts;
pub mod audit;
pub mod inspections;
pub mod manifests;
pub mod mrz;
pub mod policy;
pub mod reference;
pub mod session;
pub mod statistics;
pub mod system;
pub mod watchlists;

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
        .merge(system::routes())
        .merge(session::routes())
        .merge(accounts::routes())
        .merge(audit::routes())
        .merge(reference::routes())
        .merge(inspections::routes())
        .merge(manifests::routes())
        .merge(statistics::routes())
        .merge(mrz::routes())
        .merge(policy::routes())
        .merge(watchlists::routes())
}
