//! Text renderings for the command line: diagnostics and the run sheet.

pub mod diagnostics;
pub mod figures;
pub mod html;
pub mod report;
pub mod report_html;
pub mod sheet;
pub mod text;
