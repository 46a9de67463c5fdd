//! The show on air: a pure function of the plan, its schedule, the folded
//! log and an instant ([`project`]). It decides which cue is on air, when
//! each later cue starts, how far the show is over or under its next hard
//! hit, and what the crew must do now. The runner, a read-only second
//! screen, `status`, `report` and the browser views all call it, so they
//! cannot disagree. The rules are `LIVE_CLOCK.md`'s, in short:
//!
//! - a **hard** cue (one with `at`, and the first cue) goes on air at its
//!   instant unless GO starts it earlier; it never starts late;
//! - a **floating** cue starts when the cue before it is due to end: by
//!   itself in `clock` mode (an *auto* start), on GO in `go` mode;
//! - a cue's due end is its start + planned length + the holds and pulls
//!   attributed to it; floating cues that would start at or after the next
//!   hard instant are **cut**, and once that instant passes, **not aired**;
//! - `over` is the chain of due ends up to the next hard hit, minus it.
//!
//! The projection replays the recorded GOs and holds in show-time order
//! over a small state machine (`sim`); past the instant asked about, the
//! same machine runs on without operator input to project the rest.

pub mod board;
pub mod changes;
pub mod draws;
pub mod numbers;
mod sim;
pub mod status;
pub mod tasks;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Duration, Utc};

use crate::plan::{Advance, Plan, WelfareKind};
use crate::schedule::{Interval, Schedule, ShowTime};
use crate::state::LiveState;
use crate::state::fold::Timing;
use sim::{OpKind, Sim};

/// A GO that would start a hard cue more than this long before its
/// instant asks first.
pub const EARLY_GO_GUARD: Duration = Duration::seconds(60);
/// A hold this soon after an auto start puts the cue before back on air.
pub const NOT_YET_WINDOW: Duration = Duration::seconds(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Pre,
    OnAir,
    Post,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StartedBy {
    Go,
    Hard,
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CueState {
    Done,
    OnAir,
    Upcoming,
    Cut,
    NotAired,
}

/// One cue on the live clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueLive {
    pub hard: bool,
    /// Where the static schedule (`sheet`) puts it.
    pub planned: Interval,
    /// Actual start when it happened, projected otherwise; `None` for cut
    /// and not-aired cues.
    pub start: Option<ShowTime>,
    /// When it left (or will leave) the air.
    pub end: Option<ShowTime>,
    /// Start + planned length + holds: when it is due to end.
    pub due_end: Option<ShowTime>,
    /// Holds and pulls attributed to it.
    pub held: Duration,
    pub state: CueState,
    /// `None` until it started.
    pub started_by: Option<StartedBy>,
}

/// A hold or pull as the projection attributed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub at: ShowTime,
    /// Index into `plan.cues`; `None` when it changed nothing (before or
    /// after the show).
    pub cue: Option<usize>,
    /// What was asked (+60 / -60).
    pub asked: Duration,
    /// What it moved the due end by (a pull never moves it before `at`).
    pub moved: Duration,
}

/// The show at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    pub now: ShowTime,
    pub advance: Advance,
    pub phase: Phase,
    /// Index-aligned with `plan.cues`.
    pub cues: Vec<CueLive>,
    pub on_air: Option<usize>,
    /// The cue GO starts: the first after the one on air that has not
    /// started (cut or not); before the show, the first cue.
    pub next: Option<usize>,
    /// The next hard cue after the one on air; `None`: the session end.
    pub next_hard: Option<usize>,
    pub next_hard_at: ShowTime,
    /// Positive: over by that much at the next hard hit; negative: buffer.
    pub over: Duration,
    /// Cut cues before the next hard hit (what to shorten).
    pub cut_before_hard: Vec<usize>,
    /// The session end, or later while the last cue runs past it.
    pub projected_end: ShowTime,
    /// When the show ended (post phase).
    pub ended_at: Option<ShowTime>,
    pub holds: Vec<Hold>,
    /// The cue each of `state.releases` belongs to (index-aligned): the
    /// cue recorded with it, or the cue on air at its instant.
    pub release_cues: Vec<Option<usize>>,
    /// The cue each of `state.sold_marks` belongs to (index-aligned).
    pub sold_cues: Vec<Option<usize>>,
    /// The tasks the record brought (countdown ends, sold-out follow-ups),
    /// derived once here for every checklist, due list and review.
    pub generated: Vec<tasks::CheckItem>,
    /// Indices of the cues that have a start, in start order (which is
    /// plan order): `cue_at` is a binary search, not a scan.
    by_start: Vec<usize>,
}

impl Live {
    /// The cue on air.
    pub fn on_air_cue(&self) -> Option<&CueLive> {
        self.cues.get(self.on_air?)
    }

    /// The cue on air at show instant `t` (past or projected), if any.
    pub fn cue_at(&self, t: ShowTime) -> Option<usize> {
        self.cues
            .iter()
            .rposition(|c| c.start.is_some_and(|s| s <= t) && c.end.is_none_or(|e| t < e))
    }

    /// The cue a record at show time `t` belongs to: the cue on air then,
    /// or the first cue when it came before the show.
    pub fn cue_of(&self, t: ShowTime) -> Option<usize> {
        self.cue_at(t)
            .or_else(|| self.by_start.first().copied())
            .or((!self.cues.is_empty()).then_some(0))
    }

    /// Where a hold (`+`, `plus`) or pull pressed now goes: the cue it
    /// lengthens or shortens, and whether it is a "not yet" (the cue on air
    /// started by itself under a minute ago: the cue before comes back).
    /// `None` before and after the show. The same rule the replay applies.
    pub fn hold_goes_to(&self, plus: bool) -> Option<(usize, bool)> {
        let c = self.on_air?;
        let cl = &self.cues[c];
        let started = cl.start.zip(cl.started_by);
        Some(if not_yet(c, started, plus, self.now) {
            (c - 1, true)
        } else {
            (c, false)
        })
    }

    /// What a GO pressed now would do.
    pub fn go(&self) -> Go {
        match (self.phase, self.next) {
            (Phase::OnAir, None) => Go::End,
            (Phase::Post, _) | (_, None) => Go::Refused,
            (_, Some(i)) => {
                let c = &self.cues[i];
                if c.hard && c.planned.start - self.now > EARLY_GO_GUARD {
                    Go::AskFirst {
                        cue: i,
                        early: c.planned.start - self.now,
                    }
                } else {
                    Go::Start(i)
                }
            }
        }
    }

    /// How long the next cue is past its projected start without a GO
    /// (go mode overtime): the cue on air is past its due end.
    pub fn overtime(&self) -> Duration {
        self.on_air_cue()
            .and_then(|c| c.due_end)
            .map_or(Duration::zero(), |d| (self.now - d).max(Duration::zero()))
    }
}

/// The "not yet" rule, one place for the replay and the screen: a hold
/// (not a pull) within [`NOT_YET_WINDOW`] of cue `c` starting by itself
/// goes to the cue before, which comes back on air.
fn not_yet(c: usize, started: Option<(ShowTime, StartedBy)>, plus: bool, t: ShowTime) -> bool {
    plus && c > 0 && matches!(started, Some((s, StartedBy::Auto)) if t - s < NOT_YET_WINDOW)
}

/// What GO does at this instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Go {
    /// Starts this cue now.
    Start(usize),
    /// Would start a hard cue this much before its instant: ask first.
    AskFirst { cue: usize, early: Duration },
    /// The last cue is on air: GO ends the show.
    End,
    /// After the show (or a plan with no cues): nothing to start.
    Refused,
}

/// Whether cue `i` is hard: it has an `at`, or it is the first cue.
pub fn is_hard(plan: &Plan, i: usize) -> bool {
    i == 0 || plan.cues.get(i).is_some_and(|c| c.at.is_some())
}

/// The live projection at `now` (see the module docs).
pub fn project(plan: &Plan, sched: &Schedule, state: &LiveState, now: ShowTime) -> Live {
    let n = plan.cues.len().min(sched.cues.len());
    let tz = plan.session.timezone;
    let hard: Vec<bool> = (0..n).map(|i| is_hard(plan, i)).collect();
    let mut hard_from = vec![n; n + 1];
    for i in (0..n).rev() {
        hard_from[i] = if hard[i] { i } else { hard_from[i + 1] };
    }
    let len: Vec<Duration> = sched.cues[..n]
        .iter()
        .map(|c| c.len().max(Duration::zero()))
        .collect();
    let local = |t: DateTime<Utc>| t.with_timezone(&tz);

    // Operator records in the order they were stamped (see
    // `LiveState::timing`), each at its show time, but never before the
    // record stamped ahead of it: a machine whose clock runs a little
    // behind cannot replay its GO before one it had already seen.
    let index: std::collections::HashMap<&str, usize> = plan.cues[..n]
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut ops: Vec<(ShowTime, OpKind)> = Vec::new();
    let mut floor: Option<DateTime<Utc>> = None;
    for (_, t, timing) in state.timing() {
        let t = floor.map_or(t, |f| t.max(f));
        floor = Some(t);
        let op = match timing {
            Timing::Go(id) => match index.get(id) {
                Some(&i) => OpKind::Go(i),
                None => continue,
            },
            Timing::End => OpKind::End,
            Timing::Hold(s) => OpKind::Hold(s),
        };
        ops.push((local(t), op));
    }

    let mut sim = Sim::new(sched, &hard, &hard_from, &len, plan.session.advance);
    sim.run(&ops, now, None);
    let real = sim.clone();

    let phase = if real.over_at.is_some() || n == 0 && now >= sched.end {
        Phase::Post
    } else if real.cur.is_some() {
        Phase::OnAir
    } else {
        Phase::Pre
    };

    // What happens next if nobody presses anything more.
    let mut fut = real.clone();
    fut.run(&[], sched.end + Duration::days(3650), Some(now));

    let cues: Vec<CueLive> = (0..n)
        .map(|i| {
            let planned = sched.cues[i];
            let started_by = real.started[i].map(|(_, by)| by);
            let (state, start, end, due_end, held) = if let Some((s, _)) = real.started[i] {
                let on_air = real.cur == Some(i);
                let end = real.ended[i].or(fut.ended[i]);
                (
                    if on_air {
                        CueState::OnAir
                    } else {
                        CueState::Done
                    },
                    Some(s),
                    end,
                    real.due_end(i),
                    real.held[i],
                )
            } else if i < real.settled || phase == Phase::Post {
                (CueState::NotAired, None, None, None, Duration::zero())
            } else if let Some((s, _)) = fut.started[i] {
                (
                    CueState::Upcoming,
                    Some(s),
                    fut.ended[i],
                    fut.due_end(i),
                    Duration::zero(),
                )
            } else {
                (CueState::Cut, None, None, None, Duration::zero())
            };
            CueLive {
                hard: hard[i],
                planned,
                start,
                end,
                due_end,
                held,
                state,
                started_by,
            }
        })
        .collect();

    let on_air = real.cur;
    let next = match phase {
        Phase::Post => None,
        Phase::Pre => (real.settled < n).then_some(real.settled),
        Phase::OnAir => on_air.map(|c| c + 1).filter(|&i| i < n),
    };
    let (next_hard, next_hard_at) = match phase {
        Phase::Post => (None, sched.end),
        _ => real.next_hard(),
    };

    let mut cut_before_hard = Vec::new();
    let over = match on_air {
        Some(c) => {
            let stop = next_hard.unwrap_or(n);
            let due = real.due_end(c).unwrap_or(now);
            let mut chain = due;
            if c + 1 < stop && sim.advance == Advance::Go {
                chain = chain.max(now);
            }
            for (f, cue) in cues.iter().enumerate().take(stop).skip(c + 1) {
                if cue.state == CueState::Cut {
                    cut_before_hard.push(f);
                }
                chain += len[f];
            }
            chain - next_hard_at
        }
        None => Duration::zero(),
    };
    let ended_at = real.over_at;
    let projected_end = ended_at.or(fut.over_at).unwrap_or(sched.end);
    let by_start = (0..n).filter(|&i| cues[i].start.is_some()).collect();

    let mut live = Live {
        now,
        advance: plan.session.advance,
        phase,
        cues,
        on_air,
        next,
        next_hard,
        next_hard_at,
        over,
        cut_before_hard,
        projected_end,
        ended_at,
        holds: real.holds,
        release_cues: Vec::new(),
        sold_cues: Vec::new(),
        generated: Vec::new(),
        by_start,
    };
    live.release_cues = state
        .releases
        .iter()
        .map(|r| match r.cue.as_deref().and_then(|id| index.get(id)) {
            Some(&i) => Some(i),
            None => live.cue_of(local(r.at)),
        })
        .collect();
    live.sold_cues = state
        .sold_marks
        .iter()
        .map(|(_, at)| live.cue_of(local(*at)))
        .collect();
    live.generated = tasks::generated(plan, state, &live);
    live
}

/// The word for a welfare countdown's end, by kind: 开奖 for a draw, 开抢
/// for a grab, 结束 otherwise.
pub fn countdown_word(kind: WelfareKind) -> &'static str {
    match kind {
        WelfareKind::LuckyBag | WelfareKind::Lottery => "开奖",
        WelfareKind::RedPacket | WelfareKind::FlashSale => "开抢",
        WelfareKind::Coupon | WelfareKind::Gift => "结束",
    }
}
