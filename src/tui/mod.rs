//! The live runner (`stagecall run`), split the way gitui and helix split
//! theirs:
//!
//! - [`app`]: the model and the pure `update(app, action) -> effects`;
//! - the core's `live` module: what the model means at a moment (on air,
//!   next, over/under, what is due), derived on demand rather than stored;
//! - [`view`]: ratatui widgets drawing the model, nothing else;
//! - [`shell`]: the thin terminal shell that owns the clock, keys, the file
//!   watcher and the log writes, generic over the ratatui `Backend`.

pub mod app;
pub mod control;
pub mod feed;
pub mod i18n;
pub mod shell;
pub mod view;
