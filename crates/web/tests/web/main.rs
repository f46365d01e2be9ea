//! The web crate's integration tests: the router driven in-process over a fresh SQLite store.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod authz;
mod clearance;
mod console_pages;
mod documents;
mod harness;
mod manifests;
mod policy;
mod security;
mod watchlists;
