//! # stagecall
//!
//! The command-line and terminal front of stagecall. The plan model, the
//! schedule and the live-state log live in the terminal-free
//! [`stagecall_core`] crate; this crate adds:
//!
//! - [`cli`]: the raw command-line arguments (clap derive);
//! - [`commands`]: one module per subcommand, turning arguments into work;
//! - [`render`]: text outputs: diagnostics, the run sheet in its formats;
//! - [`tui`]: the terminal runner;
//! - [`web`]: the crew's browser views and the control API.

pub mod cli;
pub mod commands;
pub mod import;
pub mod notify;
pub mod render;
pub mod team;
pub mod tui;
pub mod web;
pub mod xlsx;

pub use stagecall_core as core;
