//! The plan: one TOML file per broadcast, read in two steps as ripgrep reads
//! its flags: [`raw`] mirrors the file with spans, [`validate`] turns it into
//! the clean [`Plan`] in [`model`]. Nothing downstream sees raw input.

pub mod load;
pub mod model;
pub mod raw;
pub mod suggest;
pub mod time;
pub mod validate;

pub use model::*;
pub use validate::Env;
