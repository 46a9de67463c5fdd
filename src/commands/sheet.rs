//! `stagecall sheet`: print the computed run sheet.

use crate::cli::{SheetArgs, SheetFormat};
use crate::render::{diagnostics, html, sheet};

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};

pub fn run(args: &SheetArgs, color: bool) -> u8 {
    let checked = match super::load(&args.plan, &super::env()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Some((plan, sched)) = checked.ok() else {
        eprint!(
            "{}",
            diagnostics::human(&checked.source, &checked.diagnostics, color)
        );
        eprintln!("{}", diagnostics::summary(&checked));
        eprintln!("stagecall: fix the errors above, then print the sheet again");
        return EXIT_PROBLEMS;
    };
    let out = match args.format {
        SheetFormat::Table => sheet::table(plan, sched),
        SheetFormat::Md => sheet::markdown(plan, sched),
        SheetFormat::Csv => sheet::csv(plan, sched),
        SheetFormat::Html => html::page(plan, sched),
        SheetFormat::Json => match serde_json::to_string_pretty(&sheet::to_json(plan, sched)) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("stagecall: {e}");
                return EXIT_USAGE;
            }
        },
    };
    print!("{out}");
    EXIT_OK
}
