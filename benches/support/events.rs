//! A generator of live-state event logs for a plan: what a long show's crew
//! records, in show order. Mostly ticks of real tasks (with some unticks and
//! skips), GO for the cues in turn, and the occasional delay, welfare
//! release, sold-out, restock and note. Events are stamped the way the
//! runner stamps them (`Event::local`: an id, an origin machine and a
//! hybrid logical clock), from two machines: the control desk and, for one
//! event in five, the ads buyer's laptop. Deterministic for a seed.

#![allow(dead_code)]

use chrono::{Duration, Utc};
use stagecall_core::plan::Plan;
use stagecall_core::schedule::Schedule;
use stagecall_core::state::event::HlcClock;
use stagecall_core::state::{Event, EventKind};
use stagecall_core::timeline;

use super::genplan::Rng;

/// `n` events spread evenly over the show.
pub fn events(plan: &Plan, sched: &Schedule, n: usize, seed: u64) -> Vec<Event> {
    let rows = timeline::rows(plan, sched);
    let tasks: Vec<(&str, &str)> = rows
        .iter()
        .flat_map(|r| r.tasks.iter().map(|t| (r.key.as_str(), t.text.as_str())))
        .collect();
    let mut r = Rng::new(seed);
    let len = sched.length().num_milliseconds().max(1);
    let mut out = Vec::with_capacity(n);
    let mut desk = HlcClock::new("control-desk");
    let mut laptop = HlcClock::new("ads-laptop");
    for i in 0..n {
        let show = sched.start + Duration::milliseconds(len * i as i64 / n.max(1) as i64);
        let wall = show.with_timezone(&Utc) + Duration::milliseconds(r.range(0, 500) as i64);
        let show = show.with_timezone(&Utc);
        // The task due around now, give or take a few rows.
        let near = if tasks.is_empty() {
            0
        } else {
            (i * tasks.len() / n.max(1) + r.range(0, 8) as usize).min(tasks.len() - 1)
        };
        let task = |near: usize| {
            let (cue, task) = tasks.get(near).copied().unwrap_or(("open", "手卡就位"));
            (cue.to_string(), task.to_string())
        };
        let roll = r.range(0, 100);
        let kind = match roll {
            0..70 => {
                let (cue, task) = task(near);
                EventKind::Tick { cue, task }
            }
            70..75 => {
                let (cue, task) = task(near);
                EventKind::Untick { cue, task }
            }
            75..80 => {
                let (cue, task) = task(near);
                EventKind::Skip { cue, task }
            }
            80..88 => match plan.cues.get(i * plan.cues.len() / n.max(1)) {
                Some(c) => EventKind::Go { cue: c.id.clone() },
                None => EventKind::Delay { seconds: 30 },
            },
            88..90 => EventKind::Delay {
                seconds: r.range(0, 121) as i64 - 60,
            },
            90..94 if !plan.welfare.is_empty() => EventKind::Release {
                welfare: plan.welfare[r.range(0, plan.welfare.len() as u64) as usize]
                    .id
                    .clone(),
                cue: None,
            },
            94..96 if !plan.items.is_empty() => EventKind::SoldOut {
                sku: plan.items[r.range(0, plan.items.len() as u64) as usize]
                    .sku
                    .clone(),
            },
            96..97 if !plan.items.is_empty() => EventKind::Restock {
                sku: plan.items[r.range(0, plan.items.len() as u64) as usize]
                    .sku
                    .clone(),
            },
            _ => EventKind::Note {
                text: format!(
                    "第{i}条备注：在线人数 {}，主播嗓子需要润喉",
                    r.range(1000, 90000)
                ),
            },
        };
        let e = if r.chance(20) {
            Event::local(&mut laptop, Some("ads".into()), wall, show, kind)
        } else {
            Event::local(&mut desk, Some("control".into()), wall, show, kind)
        };
        out.push(e);
    }
    out
}

/// The events as a JSON Lines log, as `FileLog` writes it.
pub fn log_text(events: &[Event]) -> String {
    let mut s = String::with_capacity(events.len() * 160);
    for e in events {
        s.push_str(&e.to_line());
        s.push('\n');
    }
    s
}
