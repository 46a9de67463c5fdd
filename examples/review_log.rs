//! Writes a whole show's log with live numbers for a plan, to review it:
//!
//! ```text
//! mkdir -p /tmp/review/.stagecall
//! cargo run --example review_log -- plans/kuaishou-brand-4h.toml > /tmp/review/show.log
//! stagecall report plans/kuaishou-brand-4h.toml --rehearsal --state /tmp/review/show.log \
//!     --format html > docs/report-example.html
//! ```
//!
//! The same plan always gives the same log (see `examples/support/review_log.rs`).

#[path = "support/review_log.rs"]
mod review_log;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: review_log PLAN   (the log on standard output)");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("review_log: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let checked = stagecall_core::check(&path, &bytes, &stagecall_core::plan::Env::system());
    let Some((plan, sched)) = checked.ok() else {
        eprintln!("review_log: {path} does not check (run `stagecall check {path}`)");
        return ExitCode::from(1);
    };
    let mut out = std::io::stdout().lock();
    for line in review_log::lines(plan, sched) {
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
