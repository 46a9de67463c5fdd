//! A made-up but plausible log of a whole show, for the review (复盘): the
//! crew ticks most tasks and skips a few, GOs some cues early and holds
//! others, releases every planned welfare, and a feed writes the live
//! numbers every minute (online with a lift after each release, units
//! sold while a product is pitched, GMV and orders from them, spend per
//! traffic slot). The same plan always gives the same log.
//!
//! Shared by `examples/review_log.rs` (which writes `docs/report-example.html`'s
//! log) and `tests/report_cli.rs`.

use chrono::{DateTime, Duration, Utc};
use stagecall_core::plan::Plan;
use stagecall_core::schedule::Schedule;
use stagecall_core::state::reading::Reading;
use stagecall_core::state::{Event, EventKind};
use stagecall_core::timeline::{self, RowKind};

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 10_000) as f64 / 10_000.0
    }
}

fn utc(t: stagecall_core::schedule::ShowTime) -> DateTime<Utc> {
    t.with_timezone(&Utc)
}

/// The log's lines (JSON), in show-time order.
pub fn lines(plan: &Plan, sched: &Schedule) -> Vec<String> {
    let mut rng = Rng(0x5eed_cafe);
    let mut events: Vec<(DateTime<Utc>, EventKind)> = Vec::new();
    let at = |t: DateTime<Utc>, k: EventKind| (t, k);
    // The crew: GO a few cues early, hold a few, release what the plan says.
    for (i, c) in plan.cues.iter().enumerate() {
        let iv = sched.cues[i];
        let start = utc(iv.start);
        if c.at.is_none() && i % 5 == 2 {
            events.push(at(
                start - Duration::seconds(40),
                EventKind::Go { cue: c.id.clone() },
            ));
        }
        if i % 7 == 3 {
            for k in 0..2 {
                events.push(at(
                    start + Duration::seconds(90 + k),
                    EventKind::Delay { seconds: 60 },
                ));
            }
        }
        for &w in &c.welfare {
            events.push(at(
                start + Duration::seconds(30),
                EventKind::Release {
                    welfare: plan.welfare[w].id.clone(),
                    cue: Some(c.id.clone()),
                },
            ));
        }
    }
    for row in timeline::rows(plan, sched) {
        for (k, t) in row.tasks.iter().enumerate() {
            let key = row.task_key(t);
            let when = utc(row.start) + Duration::seconds(20 + 15 * k as i64);
            let kind = match (row.kind, rng.next()) {
                (RowKind::Cue, r) if r < 0.06 => continue,
                (RowKind::Cue, r) if r < 0.1 => EventKind::Skip {
                    cue: key.cue,
                    task: key.task,
                },
                _ => EventKind::Tick {
                    cue: key.cue,
                    task: key.task,
                },
            };
            events.push(at(when, kind));
        }
    }
    events.push(at(
        utc(sched.start) + Duration::minutes(47),
        EventKind::Note {
            text: "评论区有人问冬被尺寸，助播补充 200×230".into(),
        },
    ));
    // The feed: a reading a minute from five minutes before the show.
    let releases: Vec<DateTime<Utc>> = events
        .iter()
        .filter(|(_, k)| matches!(k, EventKind::Release { .. }))
        .map(|(t, _)| *t)
        .collect();
    let length = sched.length().num_minutes().max(1);
    let mut sold = vec![0_f64; plan.items.len()];
    let mut spend = vec![0_f64; sched.slots.len()];
    let mut t = utc(sched.start) - Duration::minutes(5);
    let end = utc(sched.end) + Duration::minutes(2);
    while t <= end {
        let minute = (t - utc(sched.start)).num_minutes();
        let k = (minute as f64 / length as f64).clamp(0.0, 1.0);
        // Rises over the first hour, holds, and thins out at the end.
        let base = 1200.0 + 4200.0 * (k * 4.0).min(1.0) - 1800.0 * ((k - 0.8).max(0.0) * 5.0);
        let lift: f64 = releases
            .iter()
            .map(|r| (t - *r).num_seconds() as f64 / 60.0)
            .filter(|m| *m >= 0.0)
            .map(|m| 900.0 * (-m / 6.0).exp())
            .sum();
        let online = (base + lift) * (0.94 + 0.12 * rng.next());
        for (i, c) in plan.cues.iter().enumerate() {
            let iv = sched.cues[i];
            if !(utc(iv.start) <= t && t < utc(iv.end)) || c.items.is_empty() {
                continue;
            }
            let minutes = iv.len().num_minutes().max(1) as f64;
            for &it in &c.items {
                let stock = plan.items[it].stock.unwrap_or(500) as f64;
                let share = 0.35 + 0.5 * rng.next() + if stock < 100.0 { 0.6 } else { 0.0 };
                sold[it] = (sold[it] + stock * share / minutes / c.items.len() as f64).min(stock);
            }
        }
        let mut r = Reading {
            online: Some(online.round() as u64),
            ..Reading::default()
        };
        if minute >= 0 {
            let gmv: f64 = plan
                .items
                .iter()
                .zip(&sold)
                .map(|(it, n)| n.floor() * it.live_price.map_or(0.0, |p| p.units()))
                .sum();
            let units: f64 = sold.iter().map(|n| n.floor()).sum();
            r.gmv = Some(stagecall_core::plan::Money::from_units(gmv));
            r.orders = Some((units / 1.3).round() as u64);
            r.likes = Some((minute as u64) * 2100);
            for (it, n) in plan.items.iter().zip(&sold) {
                if *n >= 1.0 {
                    r.sold.insert(it.sku.clone(), n.floor() as u64);
                }
            }
            if let Some(traffic) = &plan.traffic {
                for (i, s) in traffic.slots.iter().enumerate() {
                    let iv = sched.slots[i];
                    if t < utc(iv.start) {
                        continue;
                    }
                    if t < utc(iv.end) {
                        let budget = s.budget.map_or(5000.0, |b| b.units());
                        let per_min = budget / iv.len().num_minutes().max(1) as f64;
                        spend[i] += per_min * (0.8 + 0.3 * rng.next());
                    }
                    r.spend.insert(
                        s.id.clone(),
                        stagecall_core::plan::Money::from_units(spend[i].round()),
                    );
                }
            }
        }
        events.push(at(t, EventKind::Metrics { reading: r }));
        t += Duration::minutes(1);
    }
    events.sort_by_key(|(t, _)| *t);
    // A rehearsal's clock, stopped just after the show.
    let last = end + Duration::minutes(3);
    events.push(at(
        last,
        EventKind::Clock {
            speed: stagecall_core::state::event::Speed(1.0),
            running: false,
        },
    ));
    events
        .into_iter()
        .filter_map(|(t, kind)| serde_json::to_string(&Event::new(t, t, kind)).ok())
        .collect()
}
