//! Text renderings for the command line: diagnostics and the run sheet.

pub mod diagnostics;
pub mod html;
pub mod report;
pub mod sheet;
pub mod text;
