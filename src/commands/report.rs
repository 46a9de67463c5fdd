//! `stagecall report`: the post-show review from the plan and its log.

use crate::cli::{ReportArgs, ReportFormat};
use crate::render::report;
use stagecall_core::state::LiveState;
use stagecall_core::state::log::{default_path, replay};

use super::{EXIT_OK, EXIT_USAGE};

pub fn run(args: &ReportArgs, color: bool) -> u8 {
    let good = match super::load_good(&args.plan, &super::env(), color, "report again") {
        Ok(g) => g,
        Err(code) => return code,
    };
    let (plan, sched) = (&good.plan, &good.sched);
    let path = args
        .state
        .clone()
        .unwrap_or_else(|| default_path(&args.plan, args.rehearsal));
    let (state, warnings) = match replay(&path) {
        Ok((state, warnings)) => (
            state,
            warnings
                .into_iter()
                .map(|w| format!("{}:{}: {}", path.display(), w.line, w.message))
                .collect(),
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (
            LiveState::default(),
            vec![format!(
                "no state log at {}: nothing was recorded",
                path.display()
            )],
        ),
        Err(e) => {
            eprintln!("stagecall: cannot read {}: {e}", path.display());
            return EXIT_USAGE;
        }
    };
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
