//! # stagecall-core
//!
//! Everything stagecall knows about a live-commerce broadcast, with no
//! terminal in sight. The layers build on each other:
//!
//! 1. [`source`] turns file bytes into text (UTF-8, BOM, conflict markers).
//! 2. [`plan`] parses the TOML into raw spanned structs and validates them
//!    into a [`plan::Plan`].
//! 3. [`schedule`] places the plan on the clock: absolute instants in the
//!    session's zone, midnight- and DST-correct, plus the timing checks.
//! 4. [`timeline`] lays the schedule out as run-sheet rows with checklists.
//! 5. [`state`] folds the append-only event log into live state.
//! 6. [`live`] projects plan, schedule and state onto an instant: what is
//!    on air, what comes next, over/under, what is due (docs/live-clock.md).
//!
//! Beside them: [`diag`] (diagnostics and the one table of rules they come
//! from), [`diff`] (two plans compared by id) and [`report`] (the 复盘).
//!
//! [`check`] runs steps 1–3 and returns every diagnostic at once, the way a
//! compiler does.

pub mod diag;
pub mod diff;
pub mod live;
pub mod plan;
pub mod report;
pub mod schedule;
pub mod source;
pub mod state;
pub mod timeline;

#[cfg(test)]
mod testing;

use diag::{Diagnostic, Diagnostics};
use plan::{Env, Plan};
use schedule::Schedule;
use source::Source;

/// The outcome of loading a plan file: the plan and its schedule when they
/// could be built, and every diagnostic found on the way.
#[derive(Debug)]
pub struct Checked {
    pub source: Source,
    pub plan: Option<Plan>,
    pub schedule: Option<Schedule>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The plan and schedule, when the file has no errors.
    pub fn ok(&self) -> Option<(&Plan, &Schedule)> {
        if self.has_errors() {
            return None;
        }
        Some((self.plan.as_ref()?, self.schedule.as_ref()?))
    }
}

/// Loads and checks a plan from its bytes.
pub fn check(name: &str, bytes: &[u8], env: &Env) -> Checked {
    check_file(name, bytes, Some(bytes.len() as u64), env)
}

/// [`check`] for bytes read from a file of `file_size` bytes, which a
/// reader that stops past the size limit did not read whole (`None`: not
/// known), so a file too large is refused with its real size.
pub fn check_file(name: &str, bytes: &[u8], file_size: Option<u64>, env: &Env) -> Checked {
    let source = match Source::decode_file(name, bytes, file_size) {
        Ok(s) => s,
        Err((source, diagnostics)) => {
            return Checked {
                source,
                plan: None,
                schedule: None,
                diagnostics,
            };
        }
    };
    let mut d = Diagnostics::default();
    let (raw, parse_diags, removed) = plan::load::parse_raw_recovering(&source.text);
    d.extend(parse_diags);
    let plan = raw.and_then(|raw| plan::validate::validate(raw, &source, env, &removed, &mut d));
    let schedule = plan.as_ref().and_then(|p| schedule::schedule(p, &mut d));
    Checked {
        source,
        plan,
        schedule,
        diagnostics: d.into_vec(),
    }
}
