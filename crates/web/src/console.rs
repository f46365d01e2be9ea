//! The officer console and the public pages: server-rendered HTML (askama templates in `templates/`),
//! htmx for partial updates, no inline script, Chinese and English.

mod dashboard;
mod desk;
mod documents;
mod flights;
pub mod i18n;
mod inspection_view;
mod overstays;
mod pages;
mod secondary;
mod selfcheck;
mod travellers;

use std::marker::PhantomData;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::Principal;

use crate::App;
use crate::auth::{Authn, Can, Capability};
use crate::error::Code;
pub use i18n::Lang;

pub fn routes() -> Router<App> {
    pages::routes()
        .merge(documents::routes())
        .merge(selfcheck::routes())
        .merge(flights::routes())
        .merge(desk::routes())
        .merge(secondary::routes())
        .merge(travellers::routes())
        .merge(overstays::routes())
        .merge(dashboard::routes())
}

/// A navigation entry.
pub struct NavItem {
    pub href: &'static str,
    pub key: &'static str,
    pub active: bool,
}

/// What every page's frame needs: language, the signed-in user, the CSRF token for forms and htmx, and
/// the navigation for the user's role.
pub struct Chrome {
    pub lang: Lang,
    pub user: Option<Principal>,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub path: String,
}

impl Chrome {
    pub fn new(headers: &HeaderMap, authn: Option<&Authn>, path: &str) -> Self {
        let user = authn.map(|a| a.principal.clone());
        let nav = user.as_ref().map(|u| nav_for(u, path)).unwrap_or_default();
        Chrome {
            lang: Lang::from_headers(headers),
            csrf: authn.and_then(|a| a.csrf()).unwrap_or("").to_owned(),
            user,
            nav,
            path: path.to_owned(),
        }
    }

    /// Translates a key into the page's language.
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// The signed-in role's name in the page's language.
    pub fn role_name(&self) -> &'static str {
        match &self.user {
            Some(u) => self.lang.t(&format!("role.{}", u.role.as_str())),
            None => "",
        }
    }

    /// The htmx header attribute value carrying the CSRF token, as JSON.
    pub fn hx_headers(&self) -> String {
        serde_json::json!({ "X-CSRF-Token": self.csrf }).to_string()
    }
}

fn nav_for(user: &Principal, path: &str) -> Vec<NavItem> {
    use crate::auth::caps;
    let has = |roles: &[domain::Role]| roles.contains(&user.role);
    // Roles with a port dashboard land on it; `/` sends them there too.
    let home = if has(caps::ViewPortDashboard::ROLES) { "/dashboard" } else { "/" };
    let mut items = vec![(home, "nav.dashboard", true)];
    items.push(("/desk", "nav.desk", has(caps::Inspect::ROLES)));
    items.push(("/secondary", "nav.secondary", has(caps::Resolve::ROLES)));
    items.push(("/overstays", "nav.overstays", has(caps::ReadTravellers::ROLES)));
    items.push(("/documents", "nav.documents", has(caps::ParseDocuments::ROLES)));
    items.push(("/flights", "nav.flights", has(caps::ReadManifests::ROLES)));
    items.push(("/audit", "nav.audit", has(caps::SearchAudit::ROLES)));
    // The public self-check, for officers and hotline staff answering travellers' questions.
    items.push(("/selfcheck", "nav.selfcheck", true));
    items
        .into_iter()
        .filter(|(_, _, show)| *show)
        .map(|(href, key, _)| NavItem {
            href,
            key,
            active: if href == "/" { path == "/" } else { path.starts_with(href) },
        })
        .collect()
}

/// Renders a template, or a plain error page if rendering fails.
pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub title_key: &'static str,
    pub message_key: &'static str,
}

/// The HTML 404 page.
pub fn not_found_page(req: &Request) -> Response {
    let authn = req.extensions().get::<Authn>();
    let page = ErrorPage {
        chrome: Chrome::new(req.headers(), authn, req.uri().path()),
        title_key: "error.not_found_title",
        message_key: "error.not_found",
    };
    (StatusCode::NOT_FOUND, render(&page)).into_response()
}

/// Like [`Can`], for pages: an anonymous visitor is sent to the sign-in page, a visitor whose role lacks
/// the capability sees an HTML "not allowed" page.
pub struct PageCan<C: Capability> {
    pub can: Can<C>,
    pub chrome: Chrome,
    _c: PhantomData<C>,
}

impl<C: Capability, S: Send + Sync> FromRequestParts<S> for PageCan<C> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let path = parts.uri.path().to_owned();
        match Can::<C>::from_request_parts(parts, state).await {
            Ok(can) => {
                let chrome = Chrome::new(&parts.headers, Some(can.authn()), &path);
                Ok(PageCan { can, chrome, _c: PhantomData })
            }
            Err(e) if e.code == Code::Unauthenticated => {
                let next = serde_urlencoded::to_string([("next", path.as_str())]).unwrap_or_default();
                Err(Redirect::to(&format!("/login?{next}")).into_response())
            }
            Err(_) => {
                let authn = parts.extensions.get::<Authn>();
                let page = ErrorPage {
                    chrome: Chrome::new(&parts.headers, authn, &path),
                    title_key: "error.forbidden_title",
                    message_key: "error.forbidden",
                };
                Err((StatusCode::FORBIDDEN, render(&page)).into_response())
            }
        }
    }
}
