//! `stagecall check`: report every problem in each plan file.

use crate::cli::{CheckArgs, CheckFormat};
use crate::render::diagnostics;
use stagecall_core::diag::Severity;

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Out};

pub fn run(args: &CheckArgs, color: bool) -> u8 {
    let env = super::env();
    let mut worst = EXIT_OK;
    let mut json = Vec::new();
    // Once the reader has gone (`| head`), the plans are still checked, for
    // the exit status, without printing.
    let mut out = Out::default();
    for path in &args.plans {
        let checked = match super::load(path, &env) {
            Ok(c) => c,
            Err(code) => {
                worst = worst.max(code);
                continue;
            }
        };
        let errors = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = checked.diagnostics.len() - errors;
        if errors > 0 || (args.deny_warnings && warnings > 0) {
            worst = worst.max(EXIT_PROBLEMS);
        }
        if out.gone() {
            continue;
        }
        match args.format {
            CheckFormat::Human => {
                out.print(&diagnostics::human(
                    &checked.source,
                    &checked.diagnostics,
                    color,
                ));
                out.print(&(diagnostics::summary(&checked) + "\n"));
            }
            CheckFormat::Json => {
                json.extend(diagnostics::json(&checked.source, &checked.diagnostics))
            }
            CheckFormat::Github => {
                out.print(&diagnostics::github(&checked.source, &checked.diagnostics))
            }
        }
    }
    if args.format == CheckFormat::Json {
        match crate::render::text::json_pretty(&json) {
            Ok(s) => out.print(&(s + "\n")),
            Err(e) => {
                eprintln!("stagecall: {e}");
                return EXIT_USAGE;
            }
        }
    }
    out.status(worst)
}
