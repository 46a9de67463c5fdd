//! The post-show review (复盘): the plan, the schedule and the folded log
//! side by side. Planned against actual GO times, every task's fate with
//! its time and owner, welfare released against plan, traffic slots, state
//! the plan no longer has (orphaned), and a summary. Serialises to the JSON
//! contract `{"session", "cues", "orphaned", "warnings", ...}`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::plan::Plan;
use crate::schedule::{Instant, Schedule};
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
            gmv_target: s.gmv_target.map(|m| m.units()),
            crew: plan.crew.clone(),
        }
    }
}

/// RFC 3339 with the session's UTC offset, to the second.
pub fn rfc3339(t: Instant) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub session: SessionInfo,
    pub summary: Summary,
    pub cues: Vec<CueReport>,
    pub slots: Vec<SlotReport>,
    pub welfare: Vec<WelfareReport>,
    pub warmups: Vec<WarmupReport>,
    pub orphaned: Vec<OrphanReport>,
    pub notes: Vec<NoteReport>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub cues: usize,
    pub cues_started: usize,
    pub cues_on_time: usize,
    pub tasks_done: usize,
    pub tasks_skipped: usize,
    pub tasks_open: usize,
    /// Over/under at the last GO, plus delay added after it (seconds).
    pub total_delay_seconds: i64,
    pub welfare_releases: usize,
    pub sold_out: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CueReport {
    pub id: String,
    pub title: String,
    pub segment: Option<String>,
    pub planned_start: String,
    pub planned_end: String,
    pub actual_start: Option<String>,
    /// Positive: started late.
    pub over_under_seconds: Option<i64>,
    pub tasks: Vec<TaskReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskReport {
    pub task: String,
    pub who: Option<String>,
    pub done: bool,
    pub skipped: bool,
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
    pub quantity: Option<u64>,
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

/// Builds the report. `warnings` are the log's unreadable lines, already
/// worded for people.
pub fn build(plan: &Plan, sched: &Schedule, state: &LiveState, warnings: Vec<String>) -> Report {
    let tz = plan.session.timezone;
    let local = |t: DateTime<Utc>| rfc3339(t.with_timezone(&tz));
    let task = |key: TaskKey, who: Option<String>| {
        let st = state.tasks.get(&key);
        let mark = st.map_or(TaskMark::Open, |s| s.mark);
        TaskReport {
            task: key.task,
            who,
            done: mark == TaskMark::Done,
            skipped: mark == TaskMark::Skipped,
            at: st.map(|s| local(s.at)),
        }
    };
    let rows = timeline::rows(plan, sched);
    let mut known = std::collections::HashSet::new();
    let mut cues = Vec::new();
    let mut slots: Vec<SlotReport> = Vec::new();
    for row in &rows {
        let tasks: Vec<TaskReport> = row
            .tasks
            .iter()
            .map(|t| {
                let key = row.task_key(t);
                known.insert(key.clone());
                task(key, t.who.clone())
            })
            .collect();
        match row.kind {
            RowKind::Cue => {
                let c = &plan.cues[row.index];
                let actual = state.go.get(&c.id).copied();
                cues.push(CueReport {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    segment: c.segment.clone(),
                    planned_start: rfc3339(row.start),
                    planned_end: rfc3339(row.end),
                    actual_start: actual.map(local),
                    over_under_seconds: actual
                        .map(|a| (a - row.start.with_timezone(&Utc)).num_seconds()),
                    tasks,
                });
            }
            RowKind::SlotStart | RowKind::SlotEnd => {
                let Some(s) = plan.traffic.as_ref().and_then(|t| t.slots.get(row.index)) else {
                    continue;
                };
                match slots.iter_mut().find(|r| r.id == s.id) {
                    Some(r) => r.tasks.extend(tasks),
                    None => slots.push(SlotReport {
                        id: s.id.clone(),
                        channel: s.channel.clone(),
                        from: rfc3339(sched.slots[row.index].start),
                        to: rfc3339(sched.slots[row.index].end),
                        budget: s.budget.map(|b| b.units()),
                        roi_target: s.roi_target,
                        tasks,
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
                    known.insert(key.clone());
                    task(key, t.who.clone())
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    let mut orphaned: Vec<OrphanReport> = state
        .tasks
        .iter()
        .filter(|(k, _)| !known.contains(*k))
        .map(|(k, s)| OrphanReport {
            cue: k.cue.clone(),
            task: k.task.clone(),
            state: mark_name(s.mark),
            at: local(s.at),
        })
        .collect();
    orphaned.sort_by(|a, b| (&a.cue, &a.task).cmp(&(&b.cue, &b.task)));
    let welfare = plan
        .welfare
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let at: Vec<String> = state
                .releases
                .iter()
                .filter(|r| r.welfare == w.id)
                .map(|r| local(r.at))
                .collect();
            WelfareReport {
                id: w.id.clone(),
                kind: w.kind.key().to_string(),
                name: w.name.clone(),
                planned_releases: plan.cues.iter().filter(|c| c.welfare.contains(&i)).count(),
                released: at.len(),
                released_at: at,
                quantity: w.quantity,
                planned_cost: w.planned_cost().map(|m| m.units()),
            }
        })
        .collect::<Vec<_>>();
    let all_tasks = cues
        .iter()
        .flat_map(|c| &c.tasks)
        .chain(slots.iter().flat_map(|s| &s.tasks))
        .chain(warmups.iter().flat_map(|w| &w.tasks));
    let (mut done, mut skipped, mut open) = (0, 0, 0);
    for t in all_tasks {
        match (t.done, t.skipped) {
            (true, _) => done += 1,
            (_, true) => skipped += 1,
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
        tasks_done: done,
        tasks_skipped: skipped,
        tasks_open: open,
        total_delay_seconds: offset(plan, sched, state).num_seconds(),
        welfare_releases: state.releases.len(),
        sold_out: state.sold_out.keys().cloned().collect(),
    };
    Report {
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
        warnings,
    }
}

/// How late the show runs: the drift measured at the last GO, plus the
/// manual delay added after it (all delay when nothing has gone on air).
/// Positive is late.
pub fn offset(plan: &Plan, sched: &Schedule, state: &LiveState) -> chrono::Duration {
    let last = state.go_order.iter().rev().find_map(|id| {
        let i = plan.cues.iter().position(|c| &c.id == id)?;
        let at = *state.go.get(id)?;
        Some((at, at - sched.cues[i].start.with_timezone(&Utc)))
    });
    match last {
        Some((at, drift)) => drift + state.delay_since(Some(at)),
        None => state.delay_since(None),
    }
}
