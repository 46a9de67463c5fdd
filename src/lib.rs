//! # stagecall
//!
//! The command-line and terminal front of stagecall. The plan model, its
//! checks, the schedule, the live-state log and the live projection live in
//! the terminal-free [`stagecall_core`] crate; this crate adds:
//!
//! - [`cli`]: the raw command-line arguments (clap derive);
//! - [`commands`]: one module per subcommand, turning arguments into work;
//! - [`render`]: text outputs: diagnostics, the run sheet in its formats,
//!   the report;
//! - [`tui`]: the live runner (`stagecall run`), a ratatui screen over the
//!   core's projection;
//! - [`web`]: the crew's browser views and the control API;
//! - [`team`]: the glue between the runner and `stagecall-team` (team mode).
//!
//! ARCHITECTURE.md at the repository root shows how the parts fit.

pub mod cli;
pub mod commands;
pub mod import;
pub mod notify;
pub mod render;
pub mod team;
pub mod trace;
pub mod tui;
pub mod web;
pub mod xlsx;

pub use stagecall_core as core;
