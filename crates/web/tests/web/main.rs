//! The web crate's integration tests: the router driven in-process over a fresh SQLite store.

mod authz;
mod harness;
mod security;
