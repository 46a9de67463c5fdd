//! `stagecall report`: the post-show review from the plan and its log.

use crate::cli::{ReportArgs, ReportFormat};
use crate::render::{diagnostics, report};
use stagecall_core::state::{FileLog, LiveState, log::default_path};

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};

pub fn run(args: &ReportArgs, color: bool) -> u8 {
    let checked = match super::load(&args.plan, &super::env()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Some((plan, sched)) = checked.ok() else {
        eprint!(
            "{}",
            diagnostics::human(&checked.source, &checked.diagnostics, color)
        );
        eprintln!("stagecall: fix the plan's errors, then report again");
        return EXIT_PROBLEMS;
    };
    let path = args
        .state
        .clone()
        .unwrap_or_else(|| default_path(&args.plan, args.rehearsal));
    let mut state = LiveState::default();
    let mut warnings = Vec::new();
    match FileLog::open_read_only(&path) {
        Ok(mut log) => match log.read_all() {
            Ok(batch) => {
                for e in &batch.events {
                    state.apply(e);
                }
                warnings.extend(
                    batch
                        .warnings
                        .into_iter()
                        .map(|w| format!("{}:{}: {}", path.display(), w.line, w.message)),
                );
            }
            Err(e) => {
                eprintln!("stagecall: cannot read {}: {e}", path.display());
                return EXIT_USAGE;
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            warnings.push(format!(
                "no state log at {}: nothing was recorded",
                path.display()
            ));
        }
        Err(e) => {
            eprintln!("stagecall: cannot read {}: {e}", path.display());
            return EXIT_USAGE;
        }
    }
    let r = stagecall_core::report::build(plan, sched, &state, warnings);
    let out = match args.format {
        ReportFormat::Md => report::markdown(&r),
        ReportFormat::Csv => report::csv(&r),
        ReportFormat::Json => match serde_json::to_string_pretty(&r) {
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
