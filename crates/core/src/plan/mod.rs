//! The plan: one TOML file per broadcast, read in two steps as ripgrep reads
//! its flags: [`raw`] mirrors the file with spans, [`validate`] turns it into
//! the clean [`Plan`] in [`model`]. Nothing downstream sees raw input.

mod env;
pub mod load;
pub mod model;
pub mod raw;
pub mod suggest;
pub mod time;
pub mod validate;
pub mod when;

pub use env::Env;
pub use model::*;

/// The JSON Schema (draft-07) of plan files, generated from the loader's own
/// raw types, for editor completion (Taplo / Even Better TOML).
pub fn schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<raw::RawPlan>();
    schema.insert("title".into(), "stagecall plan (format 1)".into());
    schema.to_value()
}
