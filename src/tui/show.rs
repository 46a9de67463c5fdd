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
    /// Projected start of the next cue.
    pub next_at: Option<Instant>,
    /// Positive: the show runs late by this much.
    pub offset: Duration,
    pub elapsed: Duration,
    pub remaining: Duration,
    pub projected_end: Instant,
}

/// How late the show runs: the drift measured at the last GO, plus the
/// manual delay added since.
pub fn offset(plan: &Plan, sched: &Schedule, state: &LiveState) -> Duration {
    let last = state.go_order.last().and_then(|id| {
        let i = plan.cues.iter().position(|c| &c.id == id)?;
        let at = state.go[id];
        Some((at, at - sched.cues[i].start.with_timezone(&Utc)))
    });
    match last {
        Some((at, drift)) => drift + state.delay_since(Some(at)),
        None => state.delay_since(None),
    }
}

/// Index of the last cue sent on air with GO that still exists in the plan.
fn last_go(plan: &Plan, state: &LiveState) -> Option<usize> {
    state.go_order.iter().rev().find_map(|id| plan.cues.iter().position(|c| &c.id == id))
}

pub fn moment(plan: &Plan, sched: &Schedule, state: &LiveState, now: Instant) -> Moment {
    let off = offset(plan, sched, state);
    let shifted = now - off;
    let by_clock = sched.cue_at(shifted);
    let go = last_go(plan, state);
    let projected_end = sched.end + off;
    let on_air = match (go, by_clock) {
        (Some(g), Some(c)) => Some(g.max(c)),
        (Some(g), None) if now < projected_end => Some(g),
        (g, c) => c.or(g.filter(|_| now < projected_end)),
    };
    let phase = if on_air.is_some() {
        Phase::OnAir
    } else if now < sched.start && go.is_none() {
        Phase::PreShow
    } else {
        Phase::PostShow
    };
    let next = match phase {
        Phase::PreShow => (!plan.cues.is_empty()).then_some(0),
        Phase::OnAir => on_air.map(|i| i + 1).filter(|&i| i < plan.cues.len()),
        Phase::PostShow => None,
    };
    let next_at = next.map(|i| if phase == Phase::PreShow { sched.cues[i].start } else { sched.cues[i].start + off });
    let start = sched.start;
    Moment {
        phase,
        on_air,
        next,
        next_at,
        offset: off,
        elapsed: (now - start).max(Duration::zero()),
        remaining: (projected_end - now).max(Duration::zero()),
        projected_end,
    }
}

/// The rows whose tasks are due in the cue on air: the cue itself and any
/// slot switches that fall inside it. Indices into `rows`.
pub fn current_rows(rows: &[Row], m: &Moment, plan: &Plan) -> Vec<usize> {
    let Some(cue) = m.on_air else { return Vec::new() };
    let Some(ci) = rows.iter().position(|r| r.kind == RowKind::Cue && r.index == cue) else { return Vec::new() };
    let start = rows[ci].start;
    let end = m.next.map_or(rows[ci].end, |n| rows.iter().find(|r| r.kind == RowKind::Cue && r.index == n).map_or(rows[ci].end, |r| r.start));
    let _ = plan;
    let mut out = vec![ci];
    out.extend(rows.iter().enumerate().filter(|(_, r)| r.kind != RowKind::Cue && r.start >= start && r.start < end).map(|(i, _)| i));
    out
}

/// When a welfare release's countdown ends: (welfare index, draw time).
pub fn countdowns(plan: &Plan, state: &LiveState) -> Vec<(usize, DateTime<Utc>)> {
    state
        .releases
        .iter()
        .filter_map(|(id, at)| {
            let i = plan.welfare.iter().position(|w| &w.id == id)?;
            Some((i, *at + plan.welfare[i].countdown?))
        })
        .collect()
}
