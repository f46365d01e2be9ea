//! The JSON API under `/api/v1`, one module per area. Every route is listed in [`crate::openapi`] too; a test
//! checks that the two agree.

pub mod accounts;
pub mod audit;
pub mod reference;
pub mod session;
pub mod system;

use axum::Router;

use crate::App;

pub fn routes() -> Router<App> {
    Router::new()
        .merge(system::routes())
        .merge(session::routes())
        .merge(accounts::routes())
        .merge(audit::routes())
        .merge(reference::routes())
}
