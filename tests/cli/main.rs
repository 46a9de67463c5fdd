//! The `cli` test binary: every command but `run` and `serve`, driven
//! through the real binary without a terminal (`util::TestCommand`), plus
//! the property tests of what `check` and `sheet` do with any input.
//! One module per command or concern; `fixtures` holds the test generated
//! for each file of `tests/fixtures/` and `plans/` (see `build.rs`).

#[path = "../util/mod.rs"]
mod util;

mod check;
mod check_bytes;
mod check_output;
mod check_props;
mod check_rules;
mod closed_output;
mod color;
mod editor;
mod escapes;
mod fixtures;
mod gen_props;
mod layout;
mod report;
mod report_html;
mod report_support;
mod schema;
mod sheet;
mod sheet_time;
mod shell;
mod status;
mod xlsx;
mod xlsx_import;
