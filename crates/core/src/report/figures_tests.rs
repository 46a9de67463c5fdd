//! The review's arithmetic: window GMV and orders, online peak and its
//! time-weighted average, sell-through and sold-out time, ROI per slot,
//! online before and after a release, absent figures without readings, and
//! a hostile log that must not overflow.
// The figures are whole cents and rounded ratios: exact to compare.
#![allow(clippy::float_cmp)]

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::live::numbers;
use crate::plan::Env;
use crate::report::{self, Report};
use crate::schedule::Schedule;
use crate::state::reading::Reading;
use crate::state::{Event, EventKind, LiveState};

const PLAN: &str = r#"format = 1
[session]
title = "t"
date = 2026-11-11
start = "20:00"
duration = "1h"
timezone = "Asia/Shanghai"
gmv_target = 100000
[[group]]
id = "g"
name = "g"
  [[group.item]]
  sku = "A"
  name = "枕套"
  list_price = 59
  live_price = 9.9
  stock = 100
  [[group.item]]
  sku = "B"
  name = "毛毯"
  list_price = 99
  live_price = 19.9
  stock = 50
[[welfare]]
id = "bag"
kind = "lucky_bag"
name = "福袋"
countdown = "3m"
[traffic]
budget = 1000
[[traffic.slot]]
id = "s"
from = "20:00"
to = "20:30"
budget = 1000
roi_target = 2.0
[[cue]]
id = "open"
duration = "10m"
title = "开场"
welfare = ["bag"]
[[cue]]
id = "pitch"
title = "讲解"
items = ["A", "B"]
"#;

fn plan() -> (Plan, Schedule) {
    let env = Env {
        local_tz: chrono_tz::Asia::Shanghai,
        now: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
    };
    let c = crate::check("t.toml", PLAN.as_bytes(), &env);
    let (p, s) = c.ok().expect("the plan checks");
    (p.clone(), s.clone())
}

/// 20:MM:SS on the show day (Shanghai), as UTC.
fn t(m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 11, 12, m, s).unwrap()
}

fn reading(json: &str) -> EventKind {
    let (_, reading) = crate::state::reading::parse_feed_line(json).expect("a good line");
    EventKind::Metrics { reading }
}

fn fold(events: &[(DateTime<Utc>, EventKind)]) -> LiveState {
    let events: Vec<Event> = events
        .iter()
        .map(|(at, k)| Event::new(*at, *at, k.clone()))
        .collect();
    LiveState::from_events(&events)
}

fn online(v: u64) -> EventKind {
    EventKind::Metrics {
        reading: Reading {
            online: Some(v),
            ..Reading::default()
        },
    }
}

#[test]
fn online_peak_and_time_weighted_average_over_a_window() {
    let s = fold(&[
        (t(0, 0), online(1000)),
        (t(10, 0), online(3000)),
        (t(20, 0), online(2000)),
    ]);
    // 20:05–20:15: 1000 carried in for five minutes, 3000 for five.
    assert_eq!(
        numbers::online_over(&s, t(5, 0), t(15, 0)),
        Some((3000, 2000.0))
    );
    // 20:05–20:25: 1000 ×5 min, 3000 ×10, 2000 ×5 → 45000 / 20 = 2250.
    assert_eq!(
        numbers::online_over(&s, t(5, 0), t(25, 0)),
        Some((3000, 2250.0))
    );
    // Before the first reading nothing counts: 19:50–20:06 is 1000 only.
    let early = Utc.with_ymd_and_hms(2026, 11, 11, 11, 50, 0).unwrap();
    assert_eq!(
        numbers::online_over(&s, early, t(6, 0)),
        Some((1000, 1000.0))
    );
    // A reading at the window's end is its peak, with no weight.
    assert_eq!(
        numbers::online_over(&s, t(0, 0), t(10, 0)),
        Some((3000, 1000.0))
    );
    // Time-weighted, not the mean of readings: a burst of readings in
    // one minute does not outweigh the level that stood for nine.
    let bursty = fold(&[
        (t(0, 0), online(1000)),
        (t(9, 0), online(5000)),
        (t(9, 20), online(5000)),
        (t(9, 40), online(5000)),
    ]);
    assert_eq!(
        numbers::online_over(&bursty, t(0, 0), t(10, 0)),
        Some((5000, 1400.0))
    );
    // Nothing read by the window's end: no figure at all.
    assert_eq!(
        numbers::online_over(&s, early, t(0, 0) - chrono::Duration::seconds(1)),
        None
    );
    assert_eq!(
        numbers::online_over(&LiveState::default(), t(0, 0), t(9, 0)),
        None
    );
}

#[test]
fn a_cues_gmv_orders_and_gmv_per_minute_follow_the_window_rule() {
    let s = fold(&[
        (t(1, 0), reading(r#"{"gmv":1000,"orders":10,"online":500}"#)),
        (t(9, 0), reading(r#"{"gmv":4000,"orders":40}"#)),
        (t(12, 0), reading(r#"{"gmv":9000,"orders":70}"#)),
    ]);
    let known = Known::new(&s, t(30, 0));
    // 20:00–20:10: the last reading at or before the end (4000) minus the
    // one at or before the start (none: 0).
    let open = cue_numbers(&s, known, t(0, 0), t(10, 0));
    assert_eq!(open.gmv, Some(4000.0));
    assert_eq!(open.orders, Some(40));
    assert_eq!(open.gmv_per_min, Some(400.0));
    assert_eq!(open.online_peak, Some(500));
    // 20:10–20:30: 9000 − 4000 over 20 minutes.
    let pitch = cue_numbers(&s, known, t(10, 0), t(30, 0));
    assert_eq!(pitch.gmv, Some(5000.0));
    assert_eq!(pitch.orders, Some(30));
    assert_eq!(pitch.gmv_per_min, Some(250.0));
    // A window of no length has no rate.
    assert_eq!(cue_numbers(&s, known, t(10, 0), t(10, 0)).gmv_per_min, None);
    // A correction down is a negative window, never a wrap.
    let corrected = fold(&[
        (t(1, 0), reading(r#"{"orders":50}"#)),
        (t(2, 0), reading(r#"{"orders":45}"#)),
    ]);
    assert_eq!(numbers::orders_between(&corrected, t(1, 30), t(3, 0)), -5);
}

#[test]
fn without_readings_a_cue_has_no_figures_not_zeros() {
    let s = LiveState::default();
    let n = cue_numbers(&s, Known::new(&s, t(59, 0)), t(0, 0), t(10, 0));
    assert_eq!(n, CueNumbers::default());
    // Online alone: GMV and orders stay absent, online is there.
    let s = fold(&[(t(1, 0), online(800))]);
    let n = cue_numbers(&s, Known::new(&s, t(59, 0)), t(0, 0), t(10, 0));
    assert_eq!((n.gmv, n.orders, n.gmv_per_min), (None, None, None));
    assert_eq!((n.online_peak, n.online_avg), (Some(800), Some(800)));
}

fn build(events: &[(DateTime<Utc>, EventKind)], now: DateTime<Utc>) -> Report {
    let (p, sched) = plan();
    let now = now.with_timezone(&p.session.timezone);
    report::build(&p, &sched, &fold(events), now, false, Vec::new())
}

#[test]
fn sell_through_and_when_it_sold_out() {
    let r = build(
        &[
            (t(12, 0), reading(r#"{"sold":{"A":40}}"#)),
            (t(20, 0), reading(r#"{"sold":{"A":100}}"#)),
            // A lower reading later never gives stock back.
            (t(25, 0), reading(r#"{"sold":{"A":90}}"#)),
            (t(30, 0), EventKind::SoldOut { sku: "B".into() }),
        ],
        t(40, 0),
    );
    let a = &r.products[0];
    assert_eq!(
        (a.sku.as_str(), a.stock, a.sold),
        ("A", Some(100), Some(100))
    );
    assert_eq!(a.sell_through, Some(1.0));
    assert_eq!(a.sold_out_at.as_deref(), Some("2026-11-11T20:20:00+08:00"));
    // B: no reading named it, so no sold figure; the crew marked it out.
    let b = &r.products[1];
    assert_eq!((b.sold, b.sell_through), (None, None));
    assert_eq!(b.sold_out_at.as_deref(), Some("2026-11-11T20:30:00+08:00"));
    // Taken at 20:15: 40 of 100 so far, not sold out yet.
    let early = build(&[(t(12, 0), reading(r#"{"sold":{"A":40}}"#))], t(15, 0));
    assert_eq!(early.products[0].sell_through, Some(0.4));
    assert_eq!(early.products[0].sold_out_at, None);
}

#[test]
fn roi_per_slot_against_its_target() {
    let r = build(
        &[
            (t(0, 0), reading(r#"{"gmv":0,"spend":{"s":0}}"#)),
            (t(15, 0), reading(r#"{"gmv":1500,"spend":{"s":600}}"#)),
            (t(30, 0), reading(r#"{"gmv":2400,"spend":{"s":1000}}"#)),
            // After the slot: neither counts for it.
            (t(45, 0), reading(r#"{"gmv":9000,"spend":{"s":1200}}"#)),
        ],
        t(59, 0),
    );
    let s = &r.slots[0].numbers;
    assert_eq!((s.spend, s.gmv), (Some(1000.0), Some(2400.0)));
    assert_eq!(s.roi, Some(2.4));
    assert_eq!(s.roi_met, Some(true));
    // At 20:15 it ran at 1500 / 600 = 2.5; under a 2.0 target it would not be.
    let mid = build(
        &[
            (t(0, 0), reading(r#"{"gmv":0,"spend":{"s":0}}"#)),
            (t(15, 0), reading(r#"{"gmv":900,"spend":{"s":600}}"#)),
        ],
        t(20, 0),
    );
    assert_eq!(mid.slots[0].numbers.roi, Some(1.5));
    assert_eq!(mid.slots[0].numbers.roi_met, Some(false));
    // No spend reading: no spend, no ROI (not 0).
    let none = build(&[(t(15, 0), reading(r#"{"gmv":900}"#))], t(20, 0));
    let n = &none.slots[0].numbers;
    assert_eq!(
        (n.spend, n.gmv, n.roi, n.roi_met),
        (None, Some(900.0), None, None)
    );
}

#[test]
fn online_before_and_after_each_release() {
    let release = EventKind::Release {
        welfare: "bag".into(),
        cue: None,
    };
    let r = build(
        &[
            (t(1, 0), online(1000)),
            (t(2, 0), release.clone()),
            (t(4, 0), online(1600)),
            (t(6, 30), online(1400)),
            // 5 min 30 s after: too late to be "after".
            (t(7, 30), online(300)),
            (t(20, 0), release.clone()),
            // Nothing read within 5 minutes of the second release.
            (t(26, 0), online(900)),
        ],
        t(40, 0),
    );
    let w = &r.welfare[0];
    assert_eq!(w.releases.len(), 2);
    let first = &w.releases[0];
    assert_eq!(first.at, "2026-11-11T20:02:00+08:00");
    assert_eq!(first.cue.as_deref(), Some("open"));
    assert_eq!(
        (first.online_before, first.online_after),
        (Some(1000), Some(1400))
    );
    let second = &w.releases[1];
    assert_eq!(
        (second.online_before, second.online_after),
        (Some(300), None)
    );
    // A release before any reading has no "before".
    let r = build(&[(t(2, 0), release), (t(3, 0), online(700))], t(40, 0));
    let only = &r.welfare[0].releases[0];
    assert_eq!((only.online_before, only.online_after), (None, Some(700)));
}

#[test]
fn the_reports_cues_take_their_windows_from_the_projection() {
    let r = build(
        &[
            (t(0, 0), reading(r#"{"gmv":0,"orders":0,"online":1000}"#)),
            (
                t(5, 0),
                reading(r#"{"gmv":3000,"orders":30,"online":2000}"#),
            ),
            (
                t(10, 0),
                reading(r#"{"gmv":5000,"orders":50,"online":1500}"#),
            ),
            (
                t(20, 0),
                reading(r#"{"gmv":8000,"orders":80,"online":2500}"#),
            ),
        ],
        t(30, 0),
    );
    let open = &r.cues[0].numbers;
    assert_eq!((open.gmv, open.orders), (Some(5000.0), Some(50)));
    assert_eq!(
        (open.online_peak, open.online_avg),
        (Some(2000), Some(1500))
    );
    assert_eq!(open.gmv_per_min, Some(500.0));
    // The pitch is on air at 20:30: counted up to then.
    let pitch = &r.cues[1].numbers;
    assert_eq!((pitch.gmv, pitch.orders), (Some(3000.0), Some(30)));
    // 1500 for ten minutes, 2500 for ten.
    assert_eq!(
        (pitch.online_peak, pitch.online_avg),
        (Some(2500), Some(2000))
    );
    assert_eq!(pitch.gmv_per_min, Some(150.0));
    let tot = &r.summary.totals;
    assert_eq!(
        (tot.gmv, tot.orders, tot.online_peak),
        (8000.0, Some(80), Some(2500))
    );
    assert_eq!(tot.gmv_target_share, Some(0.08));
    assert_eq!(tot.readings, 4);
    assert_eq!(r.readings.len(), 4);
}

#[test]
fn a_review_without_readings_invents_nothing_but_the_gmv_total() {
    let r = build(&[], t(59, 0));
    assert!(r.cues.iter().all(|c| c.numbers == CueNumbers::default()));
    assert!(
        r.products
            .iter()
            .all(|p| p.sold.is_none() && p.sell_through.is_none())
    );
    assert_eq!(r.slots[0].numbers, SlotNumbers::default());
    let tot = &r.summary.totals;
    assert_eq!(tot.gmv, 0.0, "GMV is 0 before the first reading");
    assert_eq!((tot.orders, tot.online_peak, tot.spend), (None, None, None));
    assert!(r.readings.is_empty());
}

#[test]
fn readings_after_the_reviews_instant_do_not_count() {
    let events = [
        (
            t(5, 0),
            reading(r#"{"gmv":100,"online":10,"sold":{"A":100}}"#),
        ),
        (t(50, 0), reading(r#"{"gmv":900,"online":99}"#)),
    ];
    let r = build(&events, t(6, 0));
    assert_eq!(r.summary.totals.gmv, 100.0);
    assert_eq!(r.summary.totals.online_peak, Some(10));
    assert_eq!(r.readings.len(), 1);
    let before = build(&events, t(4, 0));
    assert_eq!(before.summary.totals.readings, 0);
    assert_eq!(before.products[0].sold, None);
}

#[test]
fn a_hostile_log_with_huge_figures_does_not_overflow() {
    let huge = EventKind::Metrics {
        reading: Reading {
            online: Some(u64::MAX),
            orders: Some(u64::MAX),
            sold: [("A".to_string(), u64::MAX)].into(),
            ..Reading::default()
        },
    };
    let zero = EventKind::Metrics {
        reading: Reading {
            online: Some(0),
            orders: Some(0),
            ..Reading::default()
        },
    };
    let r = build(
        &[(t(1, 0), huge.clone()), (t(3, 0), zero), (t(5, 0), huge)],
        t(59, 0),
    );
    let open = &r.cues[0].numbers;
    assert_eq!(open.online_peak, Some(u64::MAX));
    assert!(open.online_avg.is_some());
    assert_eq!(open.orders, Some(i64::MAX));
    assert!(r.products[0].sell_through.is_some_and(f64::is_finite));
    // The whole report serialises.
    assert!(serde_json::to_string(&r).is_ok());
}
