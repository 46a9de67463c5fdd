//! Welfare countdowns at an instant: each release of a welfare with a
//! `countdown` counts down to its draw (开奖 / 开抢 / 结束), then calls for
//! it for [`CALLOUT`] seconds. The terminal's welfare board and alert line,
//! and the browser's host and assistant views, all show these.

use chrono::{DateTime, Duration, Utc};

use crate::plan::Plan;
use crate::state::LiveState;

/// How long the draw callout stays after a countdown ends, in seconds.
pub const CALLOUT: i64 = 60;

/// A release's countdown at this moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draw {
    /// Counting down: this much left.
    Running(Duration),
    /// Ended this long ago (less than [`CALLOUT`] seconds): draw now.
    Now(Duration),
}

/// Countdowns that matter at `now`, by welfare index: callouts first
/// (the most recent first), then the running ones, soonest first.
pub fn draws(plan: &Plan, state: &LiveState, now: DateTime<Utc>) -> Vec<(usize, Draw)> {
    let mut out: Vec<(usize, Draw)> = state
        .releases
        .iter()
        .filter_map(|r| {
            let i = plan.welfare.iter().position(|w| w.id == r.welfare)?;
            Some((i, r.at + plan.welfare[i].countdown?))
        })
        .filter_map(|(i, at)| {
            let left = at - now;
            if left > Duration::zero() {
                Some((i, Draw::Running(left)))
            } else if -left < Duration::seconds(CALLOUT) {
                Some((i, Draw::Now(-left)))
            } else {
                None
            }
        })
        .collect();
    out.sort_by_key(|(_, d)| match d {
        Draw::Now(s) => (0, -s.num_seconds()),
        Draw::Running(l) => (1, l.num_seconds()),
    });
    out
}
