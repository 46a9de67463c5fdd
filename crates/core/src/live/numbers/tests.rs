//! The live numbers' rules: windows, stock, ROI, triggers and alerts, on a
//! small plan with readings at known instants.

use proptest::prelude::*;

use super::{AlertKind, Numbers, gmv_between, newly_sold_out, numbers, stock};
use crate::live;
use crate::plan::{Money, Plan};
use crate::schedule::Schedule;
use crate::state::event::HlcClock;
use crate::state::reading::Reading;
use crate::state::{Event, EventKind, LiveState};
use crate::testing::{checked, fold, t, utc};

const PLAN: &str = r#"format = 1
[session]
title = "t"
date = 2026-11-11
start = "20:00"
end = "22:00"
timezone = "Asia/Shanghai"
gmv_target = 100000

[[group]]
id = "g"
name = "g"
  [[group.item]]
  sku = "T-01"
  name = "枕套"
  stock = 1000
  [[group.item]]
  sku = "T-02"
  name = "被子"
  stock = 200
  low_stock = 50

[[welfare]]
id = "bag"
kind = "lucky_bag"
name = "粉丝福袋"
when = "online >= 3000 and likes > 1万"

[traffic]
  [[traffic.slot]]
  id = "push"
  from = "20:00"
  to = "21:00"
  budget = 5000
  roi_target = 3

[[cue]]
id = "a"
title = "A"
duration = "30m"
items = ["T-01"]
welfare = ["bag"]

[[cue]]
id = "b"
title = "B"
duration = "30m"
items = ["T-02"]

[[cue]]
id = "fixed"
title = "整点"
at = "21:30"
duration = "30m"
"#;

fn plan() -> (Plan, Schedule) {
    checked(PLAN)
}

fn reading(json: &str) -> Reading {
    crate::state::reading::parse_feed_line(json)
        .expect("reading")
        .1
}

fn metrics(at: &'static str, json: &str) -> (&'static str, EventKind) {
    (
        at,
        EventKind::Metrics {
            reading: reading(json),
        },
    )
}

fn at(records: &[(&str, EventKind)], now: &str) -> Numbers {
    let (p, s) = plan();
    let state = fold(records).as_of(utc(now));
    let l = live::project(&p, &s, &state, t(now));
    numbers(&p, &s, &state, &l)
}

fn kinds(n: &Numbers) -> Vec<(AlertKind, Option<String>)> {
    n.alerts.iter().map(|a| (a.kind, a.id.clone())).collect()
}

#[test]
fn a_window_is_the_last_reading_at_its_end_minus_at_its_start() {
    let state = fold(&[
        metrics("20:00", r#"{"gmv":100}"#),
        metrics("20:10", r#"{"gmv":300,"online":5}"#),
        metrics("20:20", r#"{"gmv":600}"#),
    ]);
    assert_eq!(
        gmv_between(&state, utc("20:05"), utc("20:15")),
        Money(20_000)
    );
    assert_eq!(
        gmv_between(&state, utc("20:10"), utc("20:20")),
        Money(30_000)
    );
    assert_eq!(gmv_between(&state, utc("19:00"), utc("19:59")), Money(0));
    // A reading without gmv does not reset it.
    assert_eq!(super::gmv_at(&state, utc("20:15")), Money(30_000));
}

#[test]
fn online_trend_target_pace_and_staleness() {
    let records = [
        metrics("20:30", r#"{"online":2000,"gmv":"1万"}"#),
        metrics("20:36", r#"{"online":2600}"#),
    ];
    let n = at(&records, "20:36");
    assert_eq!((n.online, n.online_before), (Some(2600), Some(2000)));
    assert_eq!(n.gmv, Money(1_000_000));
    // 36 of 120 minutes: 30% of the 100,000 target.
    assert_eq!(n.pace, Some(Money(3_000_000)));
    assert!(!n.stale);
    let later = at(&records, "20:47");
    assert!(later.stale, "11 minutes without a reading");
    assert!(kinds(&later).contains(&(AlertKind::StaleNumbers, None)));
    // Before any reading: nothing is made up.
    let none = at(&[], "20:10");
    assert_eq!((none.at, none.online), (None, None));
    assert!(!kinds(&none).contains(&(AlertKind::StaleNumbers, None)));
}

#[test]
fn stock_left_low_and_sold_out() {
    let records = [
        metrics("20:05", r#"{"sold":{"T-01":850,"T-02":160}}"#),
        // A later, lower reading gives nothing back.
        metrics("20:06", r#"{"sold":{"T-01":800}}"#),
    ];
    let n = at(&records, "20:07");
    let t01 = &n.stock[0];
    assert_eq!(
        (t01.sold, t01.remaining, t01.low_at),
        (850, Some(150), Some(100))
    );
    assert!(!t01.low);
    let t02 = &n.stock[1];
    assert_eq!(
        (t02.remaining, t02.low_at, t02.low),
        (Some(40), Some(50), true)
    );
    assert!(kinds(&n).contains(&(AlertKind::LowStock, Some("T-02".into()))));
    let mut more = records.to_vec();
    more.push(metrics("20:08", r#"{"sold":{"T-01":1200}}"#));
    let n = at(&more, "20:09");
    assert_eq!(n.stock[0].remaining, Some(0));
    assert_eq!(n.stock[0].sold_out_at, Some(t("20:08")));
    // T-01 is on air in cue A: its sell-out is an alert.
    assert!(kinds(&n).contains(&(AlertKind::SoldOut, Some("T-01".into()))));
}

#[test]
fn a_sell_out_is_recorded_once_and_never_over_a_later_restock() {
    let (p, _) = plan();
    let sold = [metrics("20:08", r#"{"sold":{"T-01":1000}}"#)];
    assert_eq!(newly_sold_out(&p, &fold(&sold), utc("20:09")), vec!["T-01"]);
    let mut marked = sold.to_vec();
    marked.push(("20:08:30", EventKind::SoldOut { sku: "T-01".into() }));
    assert!(newly_sold_out(&p, &fold(&marked), utc("20:09")).is_empty());
    marked.push(("20:09", EventKind::Restock { sku: "T-01".into() }));
    assert!(
        newly_sold_out(&p, &fold(&marked), utc("20:10")).is_empty(),
        "restocked after the reading: the operator knows better"
    );
}

#[test]
fn roi_per_slot_and_its_alert_after_ten_minutes_under_target() {
    let records = [
        metrics("20:00", r#"{"gmv":0,"spend":{"push":0}}"#),
        metrics("20:05", r#"{"gmv":2000,"spend":{"push":1000}}"#),
        metrics("20:10", r#"{"gmv":4000,"spend":{"push":2000}}"#),
        metrics("20:16", r#"{"gmv":5000,"spend":{"push":2500}}"#),
    ];
    let n = at(&records, "20:14");
    let s = &n.slots[0];
    assert_eq!((s.spend, s.gmv), (Money(200_000), Money(400_000)));
    assert_eq!(s.roi, Some(2.0));
    assert_eq!(s.under_since, Some(t("20:05")));
    assert!(
        !kinds(&n).contains(&(AlertKind::Roi, Some("push".into()))),
        "9 minutes"
    );
    let n = at(&records, "20:16");
    assert!(kinds(&n).contains(&(AlertKind::Roi, Some("push".into()))));
    // Back over target: the run and the alert end.
    let mut better = records.to_vec();
    better.push(metrics("20:17", r#"{"gmv":20000,"spend":{"push":3000}}"#));
    let n = at(&better, "20:18");
    assert_eq!(n.slots[0].under_since, None);
    assert!(!kinds(&n).contains(&(AlertKind::Roi, Some("push".into()))));
}

#[test]
fn a_trigger_fires_in_its_cue_until_released() {
    let hot = [metrics("20:10", r#"{"online":3200,"likes":"1.2万"}"#)];
    let n = at(&hot, "20:11");
    assert!(kinds(&n).contains(&(AlertKind::Trigger, Some("bag".into()))));
    // One term short: no alert.
    let lukewarm = [metrics("20:10", r#"{"online":3200,"likes":9000}"#)];
    assert!(!kinds(&at(&lukewarm, "20:11")).contains(&(AlertKind::Trigger, Some("bag".into()))));
    // Released: it clears.
    let mut released = hot.to_vec();
    released.push((
        "20:12",
        EventKind::Release {
            welfare: "bag".into(),
            cue: Some("a".into()),
        },
    ));
    assert!(!kinds(&at(&released, "20:13")).contains(&(AlertKind::Trigger, Some("bag".into()))));
    // Out of its cue (B is on air): no alert.
    assert!(!kinds(&at(&hot, "20:40")).contains(&(AlertKind::Trigger, Some("bag".into()))));
}

#[test]
fn a_fixed_cue_two_minutes_away_is_an_alert() {
    let n = at(&[], "21:28:30");
    assert!(kinds(&n).contains(&(AlertKind::HardSoon, Some("fixed".into()))));
    assert!(!kinds(&at(&[], "21:27")).contains(&(AlertKind::HardSoon, Some("fixed".into()))));
}

proptest! {
    /// Whatever readings arrive, in whatever order, the stock left is the
    /// stock minus the most any reading said was sold, never below 0.
    #[test]
    fn remaining_is_stock_minus_the_most_sold(sold in proptest::collection::vec(0u64..2000, 0..20)) {
        let (p, _) = plan();
        let mut clock = HlcClock::new("desk");
        let events: Vec<Event> = sold
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let at = utc("20:01") + chrono::Duration::seconds(i as i64);
                let mut r = Reading::default();
                r.sold.insert("T-01".into(), *n);
                Event::local(&mut clock, None, at, at, EventKind::Metrics { reading: r })
            })
            .collect();
        let state = LiveState::from_events(&events);
        let s = &stock(&p, &state, utc("21:00"))[0];
        let most = sold.iter().copied().max().unwrap_or(0);
        prop_assert_eq!(s.sold, most);
        prop_assert_eq!(s.remaining, Some(1000u64.saturating_sub(most)));
    }
}

#[test]
fn a_restock_or_an_undone_sell_out_is_the_crews_word_over_the_numbers() {
    let (p, _) = plan();
    let mut records = vec![
        metrics("20:08", r#"{"sold":{"T-01":1000}}"#),
        ("20:08:30", EventKind::SoldOut { sku: "T-01".into() }),
        ("20:09", EventKind::Restock { sku: "T-01".into() }),
    ];
    // Restocked after the reading: no sold-out alert while it is on air.
    let n = at(&records, "20:10");
    assert!(!kinds(&n).contains(&(AlertKind::SoldOut, Some("T-01".into()))));
    // An automatic sell-out taken back with undo is not made again.
    records.truncate(2);
    let mut clock = HlcClock::new("desk");
    let mut events: Vec<Event> = records
        .iter()
        .map(|(t, k)| Event::local(&mut clock, None, utc(t), utc(t), k.clone()))
        .collect();
    let target = events[1].id.clone();
    events.push(Event::local(
        &mut clock,
        None,
        utc("20:09"),
        utc("20:09"),
        EventKind::Undo { target },
    ));
    let state = LiveState::from_events(&events);
    assert!(!state.is_sold_out("T-01"));
    assert!(newly_sold_out(&p, &state, utc("20:10")).is_empty());
}

#[test]
fn undo_never_picks_a_reading_that_came_in_by_itself() {
    let mut clock = HlcClock::new("desk");
    let go = Event::local(
        &mut clock,
        None,
        utc("20:01"),
        utc("20:01"),
        EventKind::Go { cue: "b".into() },
    );
    let mut feed = Event::local(
        &mut clock,
        None,
        utc("20:02"),
        utc("20:02"),
        EventKind::Metrics {
            reading: reading(r#"{"online":5}"#),
        },
    );
    feed.id = format!("{}0123", crate::state::event::AUTOMATIC);
    let typed = Event::local(
        &mut clock,
        None,
        utc("20:03"),
        utc("20:03"),
        EventKind::Metrics {
            reading: reading(r#"{"online":6}"#),
        },
    );
    let origin = go.origin.clone();
    let state = LiveState::from_events(&[go.clone(), feed.clone()]);
    assert_eq!(state.last_undoable(&origin).map(|e| &e.id), Some(&go.id));
    // A reading typed with `$` is the operator's own, and can be undone.
    let state = LiveState::from_events(&[go, feed, typed.clone()]);
    assert_eq!(state.last_undoable(&origin).map(|e| &e.id), Some(&typed.id));
}
