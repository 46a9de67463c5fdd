//! What the model means at one moment: the cue on air, the next one and how
//! long until it, how late or early the show runs, and the checklist that
//! matters now. All derived from the plan, the live state and the clock, so
//! nothing here can drift out of date.

use chrono::{DateTime, Duration, Utc};
use stagecall_core::plan::Plan;
use stagecall_core::schedule::{Instant, Schedule};
use stagecall_core::state::LiveState;
use stagecall_core::timeline::{Row, RowKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    PreShow,
    OnAir,
    PostShow,
}

/// The show at one instant.
#[derive(Debug, Clone)]
pub struct Moment {
    pub phase: Phase,
    /// Index into `plan.cues`.
    pub on_air: Option<usize>,
    pub next: Option<usize>,
    /// Projected start of the next cue (never before now).
    pub next_at: Option<Instant>,
    /// The cue GO would start now.
    pub go_target: Option<usize>,
    /// Positive: the show runs late by this much.
    pub offset: Duration,
    /// How long the next cue is past its projected start without a GO
    /// (already part of `offset`).
    pub overdue: Duration,
    pub elapsed: Duration,
    pub remaining: Duration,
    pub projected_end: Instant,
}

pub use stagecall_core::report::offset;

/// Index of the last cue sent on air with GO that still exists in the plan.
fn last_go(plan: &Plan, state: &LiveState) -> Option<usize> {
    state
        .go_order
        .iter()
        .rev()
        .find_map(|id| plan.cues.iter().position(|c| &c.id == id))
}

/// Two modes. Until the operator first presses GO, the run sheet follows
/// the clock (shifted by any delay). Once GO is in use, the cue on air is
/// the last one sent with GO, and when the next is due but not sent, the
/// show runs late by that much, live: the clock never moves a cue on air
/// that the host has not started.
pub fn moment(plan: &Plan, sched: &Schedule, state: &LiveState, now: Instant) -> Moment {
    let base = offset(plan, sched, state);
    let n = plan.cues.len();
    let (phase, on_air, next, overdue, go_target) = match last_go(plan, state) {
        None => {
            let by_clock = sched.cue_at(now - base);
            if let Some(c) = by_clock {
                (
                    Phase::OnAir,
                    Some(c),
                    Some(c + 1).filter(|&i| i < n),
                    Duration::zero(),
                    Some(c),
                )
            } else if now - base < sched.start {
                (
                    Phase::PreShow,
                    None,
                    (n > 0).then_some(0),
                    Duration::zero(),
                    (n > 0).then_some(0),
                )
            } else {
                (Phase::PostShow, None, None, Duration::zero(), None)
            }
        }
        Some(l) => {
            let next = Some(l + 1).filter(|&i| i < n);
            let overdue = next.map_or(Duration::zero(), |i| {
                (now - (sched.cues[i].start + base)).max(Duration::zero())
            });
            let ended = next.is_none() && now >= sched.end + base;
            if ended {
                (Phase::PostShow, None, None, Duration::zero(), None)
            } else {
                (Phase::OnAir, Some(l), next, overdue, next)
            }
        }
    };
    let off = base + overdue;
    let next_at = next.map(|i| sched.cues[i].start + off);
    let projected_end = sched.end + off;
    Moment {
        phase,
        on_air,
        next,
        next_at,
        go_target,
        offset: off,
        overdue,
        elapsed: (now - sched.start).max(Duration::zero()),
        remaining: (projected_end - now).max(Duration::zero()),
        projected_end,
    }
}

/// The rows whose tasks are due in the cue on air: the cue itself and any
/// slot switches that fall inside it. Indices into `rows`. Slots run on the
/// wall clock, so the cue's window is taken as it really runs.
pub fn current_rows(rows: &[Row], m: &Moment) -> Vec<usize> {
    let Some(cue) = m.on_air else {
        return Vec::new();
    };
    let Some(ci) = rows
        .iter()
        .position(|r| r.kind == RowKind::Cue && r.index == cue)
    else {
        return Vec::new();
    };
    let shift = m.offset - m.overdue;
    let start = rows[ci].start + shift;
    let end = m.next_at.unwrap_or(rows[ci].end + shift);
    let mut out = vec![ci];
    out.extend(
        rows.iter()
            .enumerate()
            .filter(|(_, r)| r.kind != RowKind::Cue && r.start >= start && r.start < end)
            .map(|(i, _)| i),
    );
    out
}

/// When a welfare release's countdown ends: (welfare index, draw time).
pub fn countdowns(plan: &Plan, state: &LiveState) -> Vec<(usize, DateTime<Utc>)> {
    // By id, not a scan of the welfare list per release: that was
    // releases x welfare items per frame, 7 M instructions a frame half-way
    // through a 24-hour show (2,000 releases, 192 welfare items).
    let index: std::collections::HashMap<&str, usize> = plan
        .welfare
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();
    state
        .releases
        .iter()
        .filter_map(|(id, at)| {
            let i = *index.get(id.as_str())?;
            Some((i, *at + plan.welfare[i].countdown?))
        })
        .collect()
}
