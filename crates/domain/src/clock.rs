//! Time as a parameter: the core asks a [`Clock`] and the shell decides what "now" is.

use jiff::Timestamp;

/// A source of the current instant. The shell implements it over the system clock; tests and replays pass
/// a fixed or stepping clock, so every decision can be reproduced.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// A clock that always says the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}
