//! The fold's merge rules, and that any order and any duplicates of the
//! same events give the same state.

use super::*;
use crate::state::event::HlcClock;
use chrono::Duration;
use proptest::prelude::*;

fn ev(min: i64, kind: EventKind) -> Event {
    let t = DateTime::<Utc>::from_timestamp(1_800_000_000 + min * 60, 0).unwrap();
    Event::new(t, t, kind)
}

#[test]
fn tick_untick_skip_last_wins() {
    let k = |e| ev(0, e);
    let s = LiveState::from_events(&[
        k(EventKind::Tick {
            cue: "a".into(),
            task: "t".into(),
        }),
        k(EventKind::Untick {
            cue: "a".into(),
            task: "t".into(),
        }),
        k(EventKind::Skip {
            cue: "a".into(),
            task: "u".into(),
        }),
    ]);
    let key = |t: &str| TaskKey {
        cue: "a".into(),
        task: t.into(),
    };
    assert_eq!(s.mark(&key("t")), TaskMark::Open);
    assert_eq!(s.mark(&key("u")), TaskMark::Skipped);
    assert_eq!(s.mark(&key("v")), TaskMark::Open);
}

#[test]
fn first_go_wins_and_delays_add_up() {
    let s = LiveState::from_events(&[
        ev(0, EventKind::Go { cue: "a".into() }),
        ev(5, EventKind::Go { cue: "a".into() }),
        ev(6, EventKind::Delay { seconds: 60 }),
        ev(7, EventKind::Delay { seconds: 60 }),
        ev(8, EventKind::Delay { seconds: -60 }),
    ]);
    assert_eq!(s.go_order, vec!["a".to_string()]);
    assert_eq!(
        s.go["a"],
        ev(
            0,
            EventKind::Note {
                text: String::new()
            }
        )
        .show
    );
    assert_eq!(s.delay_since(None), Duration::seconds(60));
    assert_eq!(
        s.delay_since(Some(ev(7, EventKind::Delay { seconds: 0 }).show)),
        Duration::zero()
    );
}

#[test]
fn a_read_at_an_earlier_instant_keeps_a_hold_undone_later() {
    let mut clock = HlcClock::new("desk");
    let at = |m: i64| DateTime::<Utc>::from_timestamp(1_800_000_000 + m * 60, 0).unwrap();
    let hold = Event::local(
        &mut clock,
        None,
        at(1),
        at(1),
        EventKind::Delay { seconds: 60 },
    );
    let undo = Event::local(
        &mut clock,
        None,
        at(3),
        at(3),
        EventKind::Undo {
            target: hold.id.clone(),
        },
    );
    let s = LiveState::from_events(&[hold.clone(), undo]);
    assert!(s.delays.is_empty(), "undone now");
    assert_eq!(s.last_show, Some(at(3)), "the undo counts as a record");
    // At minute 2 the hold had not been undone yet.
    assert_eq!(s.clone().as_of(at(2)).delays.len(), 1);
}

#[test]
fn sold_out_and_restock() {
    let s = LiveState::from_events(&[
        ev(0, EventKind::SoldOut { sku: "A".into() }),
        ev(1, EventKind::SoldOut { sku: "B".into() }),
        ev(2, EventKind::Restock { sku: "A".into() }),
    ]);
    assert!(!s.is_sold_out("A"));
    assert!(s.is_sold_out("B"));
}

fn arb_kind() -> impl Strategy<Value = EventKind> {
    let cue = prop::sample::select(vec!["a", "b", "c"]).prop_map(String::from);
    let task = prop::sample::select(vec!["t1", "t2"]).prop_map(String::from);
    let sku = prop::sample::select(vec!["A", "B"]).prop_map(String::from);
    prop_oneof![
        (cue.clone(), task.clone()).prop_map(|(cue, task)| EventKind::Tick { cue, task }),
        (cue.clone(), task.clone()).prop_map(|(cue, task)| EventKind::Untick { cue, task }),
        (cue.clone(), task).prop_map(|(cue, task)| EventKind::Skip { cue, task }),
        cue.prop_map(|cue| EventKind::Go { cue }),
        (-120i64..120).prop_map(|seconds| EventKind::Delay { seconds }),
        sku.clone().prop_map(|sku| EventKind::SoldOut { sku }),
        sku.prop_map(|sku| EventKind::Restock { sku }),
        Just(EventKind::Release {
            welfare: "bag".into(),
            cue: None,
        }),
        Just(EventKind::Note { text: "n".into() }),
        Just(EventKind::Message { text: "m".into() }),
        Just(EventKind::Message {
            text: String::new()
        }),
    ]
}

/// Events from three machines whose clocks disagree by up to a few seconds.
fn arb_events() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec((0usize..3, 0i64..5_000, arb_kind()), 0..40).prop_map(|raw| {
        let mut clocks: Vec<HlcClock> = (0..3).map(|i| HlcClock::new(format!("m{i}"))).collect();
        raw.into_iter()
            .map(|(m, ms, kind)| {
                let wall = DateTime::<Utc>::from_timestamp_millis(1_800_000_000_000 + ms)
                    .unwrap_or_default();
                Event::local(&mut clocks[m], None, wall, wall, kind)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn any_order_and_any_duplicates_give_the_same_state(events in arb_events(), seed in any::<u64>()) {
        let forward = LiveState::from_events(&events);
        let mut shuffled = events.clone();
        // A deterministic shuffle from the seed, plus every event twice.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        shuffled.extend(events.iter().cloned());
        let other = LiveState::from_events(&shuffled);
        prop_assert_eq!(forward, other);
    }

    #[test]
    fn undos_in_any_order_give_the_same_state(events in arb_events(), seed in any::<u64>()) {
        // Take back every third record, from a fourth machine.
        let mut undoer = HlcClock::new("m9");
        let mut all = events.clone();
        for e in events.iter().step_by(3) {
            all.push(Event::local(&mut undoer, None, e.wall, e.show, EventKind::Undo { target: e.id.clone() }));
        }
        let forward = LiveState::from_events(&all);
        let mut shuffled = all.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let other = LiveState::from_events(&shuffled);
        prop_assert_eq!(forward, other);
    }

    #[test]
    fn go_order_is_the_go_stamps_sorted(events in arb_events()) {
        let s = LiveState::from_events(&events);
        let mut by_stamp: Vec<(Stamp, String)> =
            s.stamps.go.iter().map(|(c, st)| (st.clone(), c.clone())).collect();
        by_stamp.sort();
        let want: Vec<String> = by_stamp.into_iter().map(|(_, c)| c).collect();
        prop_assert_eq!(&s.go_order, &want);
    }
}
