//! What every test binary shares, in the manner of ripgrep's `tests/util.rs`.
//! Each binary's `main.rs` includes this folder with
//! `#[path = "../util/mod.rs"] mod util;`.
//!
//! - [`command`]: [`TestCommand`], the real binary with the clock, the zone
//!   and colour pinned; the one way a test runs `stagecall` without a
//!   terminal.
//! - [`plan`]: [`PlanBuilder`], small plans written inline.
//! - [`pty`]: the real runner in a pseudo-terminal, its screen read back
//!   through vt100.
//! - [`app`]: the runner in process: an `App` at a moment, its update and
//!   its screen on a `TestBackend`.
//! - [`web`]: a runner serving its browser views, and an HTTP client.
//! - [`cdp`]: headless Chromium over the DevTools protocol.
//! - [`nats`]: a real `nats-server` with JetStream for the team tests.

// Each binary uses only some of these helpers.
#![allow(dead_code, unused_imports)]

pub mod app;
pub mod cdp;
pub mod command;
pub mod nats;
pub mod plan;
pub mod pty;
pub mod web;

pub use command::{NOW, TZ, TestCommand, code, root, stagecall, stderr, stdout};
pub use plan::PlanBuilder;
