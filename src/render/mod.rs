//! Text renderings for the command line: diagnostics and the run sheet.

pub mod diagnostics;
pub mod sheet;
pub mod text;
