//! `stagecall report`: the post-show review from the plan and its log.

use crate::cli::{ReportArgs, ReportFormat};
use crate::render::report;

use super::EXIT_USAGE;

pub fn run(args: &ReportArgs, color: bool) -> u8 {
    let good = match super::load_good(&args.plan, &super::env(), color, "report again") {
        Ok(g) => g,
        Err(code) => return code,
    };
    let (plan, sched) = (&good.plan, &good.sched);
    let log = match super::read_log(&args.plan, args.state.as_deref(), args.rehearsal) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let now = match super::read_instant(plan, sched, &log, args.at.as_deref()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let state = log.state.as_of(now.with_timezone(&chrono::Utc));
    let r = stagecall_core::report::build(plan, sched, &state, now, log.rehearsal, log.warnings);
    let out = match args.format {
        ReportFormat::Md => report::markdown(&r),
        ReportFormat::Csv => report::csv(&r),
        ReportFormat::Json => match crate::render::text::json_pretty(&r) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("stagecall: {e}");
                return EXIT_USAGE;
            }
        },
    };
    super::print(out.as_bytes())
}
