//! The `status` object: the live projection as JSON, in the shape
//! `LIVE_CLOCK.md` fixes. `stagecall status`, and later the browser views
//! and the HTTP API, serve this one object. Instants are RFC 3339 with the
//! session's offset; durations are whole seconds.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{CueState, Live, Phase, StartedBy, tasks};
use crate::plan::{Advance, Money, Plan};
use crate::report::rfc3339;
use crate::schedule::{Schedule, ShowTime};
use crate::state::LiveState;
use crate::timeline::Row;

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub now: String,
    pub phase: Phase,
    pub advance: Advance,
    pub rehearsal: bool,
    pub on_air: Option<OnAir>,
    pub next: Option<Next>,
    pub next_hard: NextHard,
    pub over: i64,
    pub projected_end: String,
    pub cues: Vec<CueStatus>,
    pub welfare: Vec<WelfareStatus>,
    pub tasks_due: Vec<TaskDue>,
    /// The control room's message standing on the host's screen (an
    /// addition to the contract's object; `null` when there is none).
    pub message: Option<HostMessage>,
    /// The live numbers (additions for live numbers; see `numbers`).
    pub metrics: MetricsStatus,
    pub stock: Vec<StockStatus>,
    pub slots: Vec<SlotStatus>,
    pub alerts: Vec<super::numbers::Alert>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricsStatus {
    /// When the latest reading was taken (`null` before the first).
    pub at: Option<String>,
    pub online: Option<u64>,
    pub gmv: f64,
    pub orders: u64,
    pub likes: u64,
    pub gmv_target: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StockStatus {
    pub sku: String,
    pub stock: Option<u64>,
    pub sold: u64,
    pub remaining: Option<u64>,
    pub low: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlotStatus {
    pub id: String,
    pub budget: Option<f64>,
    pub spend: f64,
    pub gmv: f64,
    pub roi: Option<f64>,
    pub roi_target: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HostMessage {
    pub text: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OnAir {
    pub id: String,
    pub title: String,
    pub start: String,
    pub end: Option<String>,
    pub started_by: Option<StartedBy>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Next {
    pub id: String,
    pub title: String,
    pub start: Option<String>,
    pub hard: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextHard {
    pub id: Option<String>,
    pub title: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CueStatus {
    pub id: String,
    pub title: String,
    pub hard: bool,
    pub planned_start: String,
    pub planned_end: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub state: CueState,
    pub started_by: Option<StartedBy>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WelfareStatus {
    pub id: String,
    pub releases: Vec<String>,
    pub countdown_ends: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskDue {
    pub row: String,
    pub task: String,
    pub who: Option<String>,
    pub due: Option<String>,
}

/// Builds the status object.
pub fn status(
    plan: &Plan,
    sched: &Schedule,
    rows: &[Row],
    state: &LiveState,
    live: &Live,
    rehearsal: bool,
) -> Status {
    let n = super::numbers::numbers(plan, sched, state, live);
    status_with(plan, rows, state, live, rehearsal, &n)
}

/// [`status`], with the live numbers already worked out.
pub fn status_with(
    plan: &Plan,
    rows: &[Row],
    state: &LiveState,
    live: &Live,
    rehearsal: bool,
    n: &super::numbers::Numbers,
) -> Status {
    let tz = plan.session.timezone;
    let local = |t: DateTime<Utc>| rfc3339(t.with_timezone(&tz));
    let opt = |t: Option<ShowTime>| t.map(rfc3339);
    let on_air = live.on_air.map(|i| {
        let (c, cl) = (&plan.cues[i], &live.cues[i]);
        OnAir {
            id: c.id.clone(),
            title: c.title.clone(),
            start: opt(cl.start).unwrap_or_default(),
            end: opt(cl.due_end),
            started_by: cl.started_by,
        }
    });
    let next = live.next.map(|i| Next {
        id: plan.cues[i].id.clone(),
        title: plan.cues[i].title.clone(),
        start: opt(live.cues[i].start),
        hard: live.cues[i].hard,
    });
    let next_hard = NextHard {
        id: live.next_hard.map(|i| plan.cues[i].id.clone()),
        title: live.next_hard.map(|i| plan.cues[i].title.clone()),
        at: rfc3339(live.next_hard_at),
    };
    let cues = plan
        .cues
        .iter()
        .zip(&live.cues)
        .map(|(c, cl)| CueStatus {
            id: c.id.clone(),
            title: c.title.clone(),
            hard: cl.hard,
            planned_start: rfc3339(cl.planned.start),
            planned_end: rfc3339(cl.planned.end),
            start: opt(cl.start),
            end: opt(cl.end),
            state: cl.state,
            started_by: cl.started_by,
        })
        .collect();
    let welfare = plan
        .welfare
        .iter()
        .map(|w| {
            let at: Vec<DateTime<Utc>> = state
                .releases
                .iter()
                .filter(|r| r.welfare == w.id)
                .map(|r| r.at)
                .collect();
            WelfareStatus {
                id: w.id.clone(),
                releases: at.iter().map(|t| local(*t)).collect(),
                countdown_ends: w
                    .countdown
                    .map(|d| at.iter().map(|t| local(*t + d)).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let tasks_due = tasks::due_now(plan, rows, state, live)
        .into_iter()
        .map(|t| TaskDue {
            row: match t.source {
                tasks::Source::Sheet(
                    crate::timeline::TaskOrigin::SlotStart(_)
                    | crate::timeline::TaskOrigin::SlotEnd(_),
                ) => rows
                    .iter()
                    .find(|r| r.key == t.key.cue)
                    .map_or(t.key.cue.clone(), |r| r.id.clone()),
                _ => t.key.cue.clone(),
            },
            task: t.text,
            who: t.who,
            due: opt(t.due),
        })
        .collect();
    Status {
        now: rfc3339(live.now),
        phase: live.phase,
        advance: live.advance,
        rehearsal,
        on_air,
        next,
        next_hard,
        over: live.over.num_seconds(),
        projected_end: rfc3339(live.projected_end),
        cues,
        welfare,
        tasks_due,
        message: state.message().map(|(at, text)| HostMessage {
            text: text.to_string(),
            at: local(at),
        }),
        metrics: MetricsStatus {
            at: n.at.map(rfc3339),
            online: n.online,
            gmv: n.gmv.units(),
            orders: n.orders,
            likes: n.likes,
            gmv_target: n.gmv_target.map(Money::units),
        },
        stock: n
            .stock
            .iter()
            .map(|s| StockStatus {
                sku: s.sku.clone(),
                stock: s.stock,
                sold: s.sold,
                remaining: s.remaining,
                low: s.low,
            })
            .collect(),
        slots: n
            .slots
            .iter()
            .map(|s| SlotStatus {
                id: s.id.clone(),
                budget: s.budget.map(Money::units),
                spend: s.spend.units(),
                gmv: s.gmv.units(),
                roi: s.roi.map(|r| (r * 100.0).round() / 100.0),
                roi_target: s.roi_target,
            })
            .collect(),
        alerts: n.alerts.clone(),
    }
}
