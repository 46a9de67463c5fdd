//! The run sheet as rows: every cue, plus a row for each traffic slot's start
//! and end, in time order, each with its full checklist. Referenced products
//! and welfare add their own tasks (上架 an item, release a welfare action)
//! and slot rows carry the ads buyer's switch-on/switch-off, so operators
//! never type the same action twice.
//!
//! A task's identity is its row key plus its text (see [`TaskKey`]); live
//! state is keyed by that, so it survives edits that only move things.

use crate::plan::{Plan, TaskAt, WelfareKind};
use crate::schedule::{Schedule, ShowTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowKind {
    Cue,
    SlotStart,
    SlotEnd,
}

impl RowKind {
    pub fn key(self) -> &'static str {
        match self {
            RowKind::Cue => "cue",
            RowKind::SlotStart => "slot_start",
            RowKind::SlotEnd => "slot_end",
        }
    }
}

/// The live-state key of a warm-up item's task.
pub fn warmup_key(id: &str, text: &str) -> TaskKey {
    TaskKey {
        cue: format!("warmup:{id}"),
        task: text.to_string(),
    }
}

/// Where a task comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskOrigin {
    Written,
    Item(usize),
    Welfare(usize),
    SlotStart(usize),
    SlotEnd(usize),
}

/// What live state is keyed by: the row (cue id, or `slot:<id>:start|end`)
/// and the task text.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct TaskKey {
    pub cue: String,
    pub task: String,
}

#[derive(Debug, Clone)]
pub struct RowTask {
    pub text: String,
    pub who: Option<String>,
    /// When it is due on paper (the planned schedule).
    pub at: Option<ShowTime>,
    /// Set when `at` counts from the cue's start, so the live clock can
    /// move it with the cue; `None` for instants fixed to the clock.
    pub offset: Option<chrono::Duration>,
    pub origin: TaskOrigin,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub kind: RowKind,
    /// The cue id, or the slot id for slot rows.
    pub id: String,
    /// Key for live state: the cue id, or `slot:<id>:start` / `slot:<id>:end`.
    pub key: String,
    pub title: String,
    pub start: ShowTime,
    pub end: ShowTime,
    /// Index into `plan.cues` or `plan.traffic.slots`.
    pub index: usize,
    pub tasks: Vec<RowTask>,
}

impl Row {
    pub fn task_key(&self, task: &RowTask) -> TaskKey {
        TaskKey {
            cue: self.key.clone(),
            task: task.text.clone(),
        }
    }
}

/// The crew role that owns an automatic task: the plan's own key for that
/// role when its `[crew]` uses a Chinese or alternative name.
fn role_for(plan: &Plan, canonical: &str) -> String {
    let aliases: &[&str] = match canonical {
        "control" => &["control", "中控", "场控", "controller"],
        "ads" => &["ads", "投手", "traffic"],
        _ => &[],
    };
    plan.crew
        .as_ref()
        .and_then(|c| aliases.iter().find(|a| c.contains_key(**a)))
        .map_or_else(|| canonical.to_string(), std::string::ToString::to_string)
}

pub fn item_task_text(plan: &Plan, i: usize) -> String {
    let it = &plan.items[i];
    match it.link {
        Some(n) => format!("上架 {n}号链接 {} {}", it.sku, it.name),
        None => format!("上架 {} {}", it.sku, it.name),
    }
}

pub fn welfare_task_text(plan: &Plan, w: usize) -> String {
    let w = &plan.welfare[w];
    let verb = match w.kind {
        WelfareKind::FlashSale => "开启",
        WelfareKind::Coupon | WelfareKind::Gift => "发放",
        WelfareKind::LuckyBag | WelfareKind::RedPacket | WelfareKind::Lottery => "发",
    };
    format!("{verb}{} {}", w.kind.zh(), w.name)
}

/// Builds the rows of the run sheet, in time order (at equal times: slot
/// ends, then slot starts, then cues, so the money switches line up first).
pub fn rows(plan: &Plan, sched: &Schedule) -> Vec<Row> {
    let control = role_for(plan, "control");
    let ads = role_for(plan, "ads");
    let mut rows = Vec::with_capacity(
        plan.cues.len() + 2 * plan.traffic.as_ref().map_or(0, |t| t.slots.len()),
    );
    for (i, (c, iv)) in plan.cues.iter().zip(&sched.cues).enumerate() {
        let mut tasks: Vec<RowTask> = c
            .checklist
            .iter()
            .map(|t| {
                let (at, offset) = match t.at {
                    Some(TaskAt::Offset(d)) => (Some(iv.start + d), Some(d)),
                    Some(TaskAt::Clock(spec)) => {
                        (crate::schedule::place(plan, sched, spec).ok(), None)
                    }
                    None => (None, None),
                };
                RowTask {
                    text: t.text.clone(),
                    who: t.who.clone(),
                    at,
                    offset,
                    origin: TaskOrigin::Written,
                }
            })
            .collect();
        tasks.extend(c.items.iter().map(|&it| RowTask {
            text: item_task_text(plan, it),
            who: Some(control.clone()),
            at: None,
            offset: None,
            origin: TaskOrigin::Item(it),
        }));
        tasks.extend(c.welfare.iter().map(|&w| RowTask {
            text: welfare_task_text(plan, w),
            who: Some(control.clone()),
            at: None,
            offset: None,
            origin: TaskOrigin::Welfare(w),
        }));
        rows.push(Row {
            kind: RowKind::Cue,
            id: c.id.clone(),
            key: c.id.clone(),
            title: c.title.clone(),
            start: iv.start,
            end: iv.end,
            index: i,
            tasks,
        });
    }
    if let Some(t) = &plan.traffic {
        for (i, (s, iv)) in t.slots.iter().zip(&sched.slots).enumerate() {
            let channel = s.channel.as_deref().unwrap_or("投放");
            let budget = s.budget.map(|b| format!(" 预算 {b}")).unwrap_or_default();
            rows.push(Row {
                kind: RowKind::SlotStart,
                id: s.id.clone(),
                key: format!("slot:{}:start", s.id),
                title: format!("{channel} {} 开始{budget}", s.id),
                start: iv.start,
                end: iv.start,
                index: i,
                tasks: vec![RowTask {
                    text: format!("开启 {channel} {}", s.id),
                    who: Some(ads.clone()),
                    at: Some(iv.start),
                    offset: None,
                    origin: TaskOrigin::SlotStart(i),
                }],
            });
            rows.push(Row {
                kind: RowKind::SlotEnd,
                id: s.id.clone(),
                key: format!("slot:{}:end", s.id),
                title: format!("{channel} {} 结束", s.id),
                start: iv.end,
                end: iv.end,
                index: i,
                tasks: vec![RowTask {
                    text: format!("关闭 {channel} {}", s.id),
                    who: Some(ads.clone()),
                    at: Some(iv.end),
                    offset: None,
                    origin: TaskOrigin::SlotEnd(i),
                }],
            });
        }
    }
    let rank = |k: RowKind| match k {
        RowKind::SlotEnd => 0,
        RowKind::SlotStart => 1,
        RowKind::Cue => 2,
    };
    // Stable: cues keep their written order among equal starts.
    rows.sort_by(|a, b| a.start.cmp(&b.start).then(rank(a.kind).cmp(&rank(b.kind))));
    rows
}

#[cfg(test)]
mod tests;
