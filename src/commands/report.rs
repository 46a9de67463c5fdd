//! `stagecall report`: the post-show review from the plan and its log.

use crate::cli::{ReportArgs, ReportFormat};
use crate::render::report;

use super::EXIT_USAGE;

pub fn run(args: &ReportArgs, color: bool) -> u8 {
    let show = match super::read_show(
        &args.plan,
        args.state.as_deref(),
        args.rehearsal,
        args.at.as_deref(),
        color,
        "report again",
    ) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (plan, sched, log) = (&show.good.plan, &show.good.sched, show.log);
    // The group-chat bots' failures, recorded beside the log.
    let failures = crate::notify::failures::read(&args.plan, log.rehearsal);
    let mut warnings = log.warnings;
    warnings.extend(failures.iter().map(|f| format!("group chat: {f}")));
    let r =
        stagecall_core::report::build(plan, sched, &log.state, show.now, log.rehearsal, warnings);
    let out = match args.format {
        ReportFormat::Md => report::markdown(&r),
        ReportFormat::Csv => report::csv(&r),
        ReportFormat::Html => crate::render::report_html::page(&r),
        ReportFormat::Xlsx => {
            let lang = super::xlsx_lang(args.lang);
            return match crate::xlsx::report::workbook(&r, lang, &failures) {
                Ok(bytes) => crate::xlsx::write_out(&bytes, args.output.as_deref(), "the review"),
                Err(e) => {
                    eprintln!("stagecall: cannot build the workbook: {e}");
                    EXIT_USAGE
                }
            };
        }
        ReportFormat::Json => match crate::render::text::json_pretty(&r) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("stagecall: {e}");
                return EXIT_USAGE;
            }
        },
    };
    super::print_to(out.as_bytes(), args.output.as_deref())
}
