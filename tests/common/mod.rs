//! Helpers shared by the integration tests.

pub mod cdp;
pub mod nats;
pub mod pty;
pub mod web;
