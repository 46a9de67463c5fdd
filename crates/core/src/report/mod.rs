//! The post-show review (复盘): the plan, the schedule and the folded log
//! side by side, through the live projection (so it agrees with every
//! screen). Planned against actual starts, how each cue started, cues not
//! aired, holds, every task's fate (only for cues that aired) with its time
//! and owner, welfare released against plan, traffic slots, state
//! the plan no longer has (orphaned), and a summary. With readings of the
//! live numbers in the log, the figures too (see [`figures`] for how each
//! is counted): per cue GMV, orders, online peak and average and GMV per
//! minute; per SKU sold, sell-through and sold-out time; per slot spend,
//! GMV and ROI; per welfare release the online before and after. Serialises
//! to the JSON contract `{"session", "cues", "orphaned", "warnings", ...}`.

pub mod figures;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use self::figures::{
    CueNumbers, Known, ProductReport, ReadingPoint, ReleaseReport, SlotNumbers, Totals,
};
use crate::live::{self, CueState, StartedBy};
use crate::plan::Plan;
use crate::schedule::{Schedule, ShowTime};
use crate::state::{LiveState, TaskMark};
use crate::timeline::{self, RowKind, TaskKey};

/// A GO within this many seconds of plan counts as on time.
pub const ON_TIME_SECONDS: i64 = 60;

#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub title: String,
    pub platform: Option<String>,
    pub date: String,
    pub start: String,
    pub end: String,
    pub timezone: String,
    pub duration_seconds: i64,
    pub hosts: Vec<String>,
    pub currency: String,
    pub gmv_target: Option<f64>,
    pub crew: Option<std::collections::BTreeMap<String, String>>,
}

impl SessionInfo {
    pub fn new(plan: &Plan, sched: &Schedule) -> Self {
        let s = &plan.session;
        SessionInfo {
            title: s.title.clone(),
            platform: s.platform.map(|p| p.key().to_string()),
            date: s.date.to_string(),
            start: rfc3339(sched.start),
            end: rfc3339(sched.end),
            timezone: s.timezone.name().to_string(),
            duration_seconds: sched.length().num_seconds(),
            hosts: s.hosts.clone(),
            currency: s.currency.clone(),
            gmv_target: s.gmv_target.map(super::plan::model::Money::units),
            crew: plan.crew.clone(),
        }
    }
}

/// RFC 3339 with the session's UTC offset, to the second.
pub fn rfc3339(t: ShowTime) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Read from a rehearsal log (a simulated clock), not the live show.
    pub rehearsal: bool,
    /// The instant the review was taken at.
    pub at: String,
    pub session: SessionInfo,
    pub summary: Summary,
    pub cues: Vec<CueReport>,
    pub slots: Vec<SlotReport>,
    /// Every SKU: sold, sell-through, when it sold out.
    pub products: Vec<ProductReport>,
    pub welfare: Vec<WelfareReport>,
    pub warmups: Vec<WarmupReport>,
    pub orphaned: Vec<OrphanReport>,
    pub notes: Vec<NoteReport>,
    /// Every hold and pull, with the cue it went to.
    pub holds: Vec<HoldReport>,
    pub warnings: Vec<String>,
    /// The readings of online, GMV and orders up to the review's instant,
    /// in show-time order (the charts' data).
    pub readings: Vec<ReadingPoint>,
}

impl Report {
    /// Every welfare release of the show, in time order, with its welfare
    /// (the review's "did the welfare hold the audience" table).
    #[must_use]
    pub fn releases_in_order(&self) -> Vec<(&WelfareReport, &ReleaseReport)> {
        let mut out: Vec<_> = self
            .welfare
            .iter()
            .flat_map(|w| w.releases.iter().map(move |x| (w, x)))
            .collect();
        out.sort_by_key(|(_, x)| chrono::DateTime::parse_from_rfc3339(&x.at).ok());
        out
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HoldReport {
    pub at: String,
    /// The cue it lengthened or shortened; `None` before or after the show.
    pub cue: Option<String>,
    /// What was asked (+60 / -60) and what it moved the due end by.
    pub asked_seconds: i64,
    pub moved_seconds: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub cues: usize,
    /// Cues that went on air.
    pub cues_started: usize,
    /// Cues that started within a minute of plan.
    pub cues_on_time: usize,
    pub cues_not_aired: usize,
    /// Tasks of cues that aired (and slot and warm-up tasks).
    pub tasks_done: usize,
    pub tasks_skipped: usize,
    /// Left open in a cue that is over.
    pub tasks_missed: usize,
    /// Open in the cue on air, or not yet due.
    pub tasks_open: usize,
    /// How far the show's end is (or is projected) past the session end.
    pub total_delay_seconds: i64,
    pub welfare_releases: usize,
    pub sold_out: Vec<String>,
    /// GMV, orders, online peak and spend over the show.
    #[serde(flatten)]
    pub totals: Totals,
}

#[derive(Debug, Clone, Serialize)]
pub struct CueReport {
    pub id: String,
    pub title: String,
    pub segment: Option<String>,
    pub planned_start: String,
    pub planned_end: String,
    pub actual_start: Option<String>,
    /// When it left the air.
    pub actual_end: Option<String>,
    /// Positive: started late.
    pub over_under_seconds: Option<i64>,
    pub started_by: Option<StartedBy>,
    pub state: CueState,
    /// Holds and pulls that went to it (seconds).
    pub held_seconds: i64,
    /// Empty for a cue that never aired: it is one line in the review.
    pub tasks: Vec<TaskReport>,
    /// Its numbers on air; all absent for a cue that never aired.
    #[serde(flatten)]
    pub numbers: CueNumbers,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskReport {
    pub task: String,
    pub who: Option<String>,
    pub done: bool,
    pub skipped: bool,
    /// done | skipped | missed (left open in a cue that is over) | open.
    pub state: &'static str,
    /// When it was last marked (show clock), if ever.
    pub at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlotReport {
    pub id: String,
    pub channel: Option<String>,
    pub from: String,
    pub to: String,
    pub budget: Option<f64>,
    pub roi_target: Option<f64>,
    pub tasks: Vec<TaskReport>,
    #[serde(flatten)]
    pub numbers: SlotNumbers,
}

#[derive(Debug, Clone, Serialize)]
pub struct WelfareReport {
    pub id: String,
    pub kind: String,
    pub name: String,
    /// Cues that release it.
    pub planned_releases: usize,
    pub released: usize,
    pub released_at: Vec<String>,
    /// Each release with the online before and after it.
    pub releases: Vec<ReleaseReport>,
    pub quantity: Option<u64>,
    /// The most one release can cost (quantity × unit cost); a coupon's
    /// cost lands only as it is used.
    pub planned_cost: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WarmupReport {
    pub id: String,
    pub title: String,
    pub at: String,
    pub tasks: Vec<TaskReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrphanReport {
    pub cue: String,
    pub task: String,
    pub state: &'static str,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteReport {
    pub at: String,
    pub text: String,
}

fn mark_name(m: TaskMark) -> &'static str {
    match m {
        TaskMark::Open => "open",
        TaskMark::Done => "done",
        TaskMark::Skipped => "skipped",
    }
}

/// Builds the report at instant `now` (the live projection's answer
/// then). `warnings` are the log's unreadable lines, worded for people.
pub fn build(
    plan: &Plan,
    sched: &Schedule,
    state: &LiveState,
    now: ShowTime,
    rehearsal: bool,
    warnings: Vec<String>,
) -> Report {
    let tz = plan.session.timezone;
    let local = |t: DateTime<Utc>| rfc3339(t.with_timezone(&tz));
    let live = live::project(plan, sched, state, now);
    let utc_now = now.with_timezone(&Utc);
    let carried = Known::new(state, utc_now);
    let nums = live::numbers::numbers(plan, sched, state, &live);
    let rows = timeline::rows(plan, sched);
    let fate = |mark: TaskMark, over: bool| match mark {
        TaskMark::Done => "done",
        TaskMark::Skipped => "skipped",
        TaskMark::Open if over => "missed",
        TaskMark::Open => "open",
    };
    let report_task = |key: &TaskKey, who: Option<String>, mark: TaskMark, over: bool| {
        let st = state.tasks.get(key);
        TaskReport {
            task: key.task.clone(),
            who,
            done: mark == TaskMark::Done,
            skipped: mark == TaskMark::Skipped,
            state: fate(mark, over),
            at: st.map(|s| local(s.at)),
        }
    };
    let generated = &live.generated;
    let mut cues = Vec::new();
    let mut slots: Vec<SlotReport> = Vec::new();
    for row in &rows {
        match row.kind {
            RowKind::Cue => {
                let c = &plan.cues[row.index];
                let cl = &live.cues[row.index];
                let aired = matches!(cl.state, CueState::Done | CueState::OnAir);
                let over = cl.state == CueState::Done;
                let mut tasks: Vec<TaskReport> = if aired {
                    row.tasks
                        .iter()
                        .map(|t| {
                            let item = live::tasks::row_item(plan, state, &live, row, t);
                            report_task(&item.key, item.who, item.mark, over)
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                tasks.extend(
                    generated
                        .iter()
                        .filter(|g| g.cue == Some(row.index))
                        .map(|g| report_task(&g.key, g.who.clone(), g.mark, over)),
                );
                let actual = cl.start.filter(|_| aired);
                let numbers = match (actual, if over { cl.end } else { Some(now) }) {
                    (Some(from), Some(to)) => figures::cue_numbers(
                        state,
                        carried,
                        from.with_timezone(&Utc),
                        to.with_timezone(&Utc),
                    ),
                    _ => CueNumbers::default(),
                };
                cues.push(CueReport {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    segment: c.segment.clone(),
                    planned_start: rfc3339(cl.planned.start),
                    planned_end: rfc3339(cl.planned.end),
                    actual_start: actual.map(rfc3339),
                    actual_end: cl.end.filter(|_| over).map(rfc3339),
                    over_under_seconds: actual.map(|a| (a - cl.planned.start).num_seconds()),
                    started_by: cl.started_by,
                    state: cl.state,
                    held_seconds: cl.held.num_seconds(),
                    tasks,
                    numbers,
                });
            }
            RowKind::SlotStart | RowKind::SlotEnd => {
                let Some(s) = plan.traffic.as_ref().and_then(|t| t.slots.get(row.index)) else {
                    continue;
                };
                let over = row.start <= now;
                let tasks: Vec<TaskReport> = row
                    .tasks
                    .iter()
                    .map(|t| {
                        let key = row.task_key(t);
                        report_task(&key, t.who.clone(), state.mark(&key), over)
                    })
                    .collect();
                match slots.iter_mut().find(|r| r.id == s.id) {
                    Some(r) => r.tasks.extend(tasks),
                    None => slots.push(SlotReport {
                        id: s.id.clone(),
                        channel: s.channel.clone(),
                        from: rfc3339(sched.slots[row.index].start),
                        to: rfc3339(sched.slots[row.index].end),
                        budget: s.budget.map(super::plan::model::Money::units),
                        roi_target: s.roi_target,
                        tasks,
                        numbers: figures::slot_numbers(
                            state,
                            carried,
                            &nums,
                            row.index,
                            sched.slots[row.index].start < now,
                            utc_now,
                        ),
                    }),
                }
            }
        }
    }
    let warmups = plan
        .warmups
        .iter()
        .zip(&sched.warmups)
        .map(|(w, at)| WarmupReport {
            id: w.id.clone(),
            title: w.title.clone(),
            at: rfc3339(*at),
            tasks: w
                .checklist
                .iter()
                .map(|t| {
                    let key = timeline::warmup_key(&w.id, &t.text);
                    report_task(&key, t.who.clone(), state.mark(&key), *at <= now)
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    let orphaned: Vec<OrphanReport> = live::tasks::orphans(plan, &rows, state, &live)
        .into_iter()
        .filter_map(|k| {
            let s = state.tasks.get(&k)?;
            Some(OrphanReport {
                state: mark_name(s.mark),
                at: local(s.at),
                cue: k.cue,
                task: k.task,
            })
        })
        .collect();
    let welfare = plan
        .welfare
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let releases: Vec<ReleaseReport> = state
                .releases
                .iter()
                .zip(live.release_cues.iter().chain(std::iter::repeat(&None)))
                .filter(|(r, _)| r.welfare == w.id)
                .map(|(r, c)| {
                    let cue = c.and_then(|c| plan.cues.get(c)).map(|c| c.id.clone());
                    figures::release(state, r.at, cue, utc_now, local)
                })
                .collect();
            let at: Vec<String> = releases.iter().map(|r| r.at.clone()).collect();
            WelfareReport {
                id: w.id.clone(),
                kind: w.kind.key().to_string(),
                name: w.name.clone(),
                planned_releases: plan.cues.iter().filter(|c| c.welfare.contains(&i)).count(),
                released: at.len(),
                released_at: at,
                releases,
                quantity: w.quantity,
                planned_cost: w.planned_cost().map(super::plan::model::Money::units),
            }
        })
        .collect::<Vec<_>>();
    let all_tasks = cues
        .iter()
        .flat_map(|c| &c.tasks)
        .chain(slots.iter().flat_map(|s| &s.tasks))
        .chain(warmups.iter().flat_map(|w| &w.tasks));
    let (mut done, mut skipped, mut missed, mut open) = (0, 0, 0, 0);
    for t in all_tasks {
        match t.state {
            "done" => done += 1,
            "skipped" => skipped += 1,
            "missed" => missed += 1,
            _ => open += 1,
        }
    }
    let summary = Summary {
        cues: cues.len(),
        cues_started: cues.iter().filter(|c| c.actual_start.is_some()).count(),
        cues_on_time: cues
            .iter()
            .filter(|c| {
                c.over_under_seconds
                    .is_some_and(|s| s.abs() <= ON_TIME_SECONDS)
            })
            .count(),
        cues_not_aired: cues
            .iter()
            .filter(|c| c.state == CueState::NotAired)
            .count(),
        tasks_done: done,
        tasks_skipped: skipped,
        tasks_missed: missed,
        tasks_open: open,
        total_delay_seconds: (live.projected_end - sched.end).num_seconds(),
        welfare_releases: state.releases.len(),
        sold_out: state.sold_out.keys().cloned().collect(),
        totals: figures::totals(
            plan,
            state,
            carried,
            utc_now,
            &slots.iter().map(|s| s.numbers.clone()).collect::<Vec<_>>(),
        ),
    };
    let holds = live
        .holds
        .iter()
        .map(|h| HoldReport {
            at: rfc3339(h.at),
            cue: h.cue.map(|c| plan.cues[c].id.clone()),
            asked_seconds: h.asked.num_seconds(),
            moved_seconds: h.moved.num_seconds(),
        })
        .collect();
    Report {
        rehearsal,
        at: rfc3339(now),
        session: SessionInfo::new(plan, sched),
        summary,
        cues,
        slots,
        welfare,
        warmups,
        orphaned,
        notes: state
            .notes
            .iter()
            .map(|(t, text)| NoteReport {
                at: local(*t),
                text: text.clone(),
            })
            .collect(),
        holds,
        warnings,
        products: figures::products(plan, state, &nums, utc_now, local),
        readings: figures::readings(state, utc_now, local),
    }
}

#[cfg(test)]
mod tests;
