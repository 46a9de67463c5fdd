//! `live::changes`: what happened between two looks at the show, the
//! events the group-chat bots announce. A show is looked at every few
//! minutes (as a slow runner, or a fast rehearsal, would) and every change
//! must come out once, in order.

use crate::live::changes::{self, Memo, ShowChange};
use crate::live::{self, Phase};
use crate::plan::Plan;
use crate::schedule::Schedule;
use crate::state::{EventKind, LiveState};
use crate::testing::{checked, fold, t};
use chrono::{Duration, Utc};

const PLAN: &str = r#"format = 1
[session]
title = "t"
date = 2026-11-11
start = "20:00"
end = "21:00"
timezone = "Asia/Shanghai"

[[group]]
id = "g"
name = "g"
  [[group.item]]
  sku = "T-01"
  name = "枕套"

[[welfare]]
id = "bag"
kind = "lucky_bag"
name = "粉丝福袋"
countdown = "5m"

[[cue]]
id = "a"
title = "A"
duration = "10m"
welfare = ["bag"]

[[cue]]
id = "b"
title = "B"
duration = "10m"

[[cue]]
id = "c"
title = "C"
duration = "10m"

[[cue]]
id = "red"
title = "整点红包"
at = "20:30"
duration = "10m"

[[cue]]
id = "d"
title = "D"
"#;

fn plan() -> (Plan, Schedule) {
    checked(PLAN)
}

/// Looks at the show at each instant (the log as of then) and collects
/// the changes between consecutive looks, with the instant they came out.
fn watch(records: &[(&str, EventKind)], looks: &[&str]) -> Vec<(String, ShowChange)> {
    let (p, s) = plan();
    let all = fold(records);
    let mut prev: Option<Memo> = None;
    let mut out = Vec::new();
    for look in looks {
        let now = t(look);
        let state = all.clone().as_of(now.with_timezone(&Utc));
        let l = live::project(&p, &s, &state, now);
        let memo = Memo::of(&l, &state);
        if let Some(prev) = &prev {
            for c in changes::changes(&p, &l, prev, &memo, changes::OVER_THRESHOLD) {
                out.push((look.to_string(), c));
            }
        }
        prev = Some(memo);
    }
    out
}

fn names(v: &[(String, ShowChange)]) -> Vec<String> {
    v.iter()
        .map(|(at, c)| {
            let what = match c {
                ShowChange::CueOnAir { cue, .. } => format!("cue {cue}"),
                ShowChange::HardSoon { cue, .. } => format!("hard_soon {cue}"),
                ShowChange::Release { welfare, .. } => format!("release {welfare}"),
                ShowChange::CountdownEnd { welfare, .. } => format!("countdown_end {welfare}"),
                ShowChange::SoldOut { sku, .. } => format!("sold_out {sku}"),
                ShowChange::Note { text, .. } => format!("note {text}"),
                ShowChange::Over { over, .. } => format!("over {}m", over.num_minutes()),
                ShowChange::ShowStart { .. } => "show_start".into(),
                ShowChange::ShowEnd { .. } => "show_end".into(),
                ShowChange::Message { text, .. } => format!("message {text}"),
                ShowChange::LowStock { .. } => "?".into(),
            };
            format!("{at} {what}")
        })
        .collect()
}

#[test]
fn a_whole_show_in_order() {
    let records = [
        (
            "20:02",
            EventKind::Release {
                welfare: "bag".into(),
                cue: Some("a".into()),
            },
        ),
        ("20:05", EventKind::SoldOut { sku: "T-01".into() }),
        (
            "20:06",
            EventKind::Note {
                text: "弹幕卡".into(),
            },
        ),
        (
            "20:06:30",
            EventKind::Message {
                text: "逼单".into(),
            },
        ),
        (
            "20:06:40",
            EventKind::Message {
                text: String::new(),
            },
        ),
        // Six minutes of holds in C: the chain to 整点红包 runs over.
        ("20:21", EventKind::Delay { seconds: 60 }),
        ("20:21:10", EventKind::Delay { seconds: 60 }),
        ("20:21:20", EventKind::Delay { seconds: 60 }),
        ("20:21:30", EventKind::Delay { seconds: 60 }),
        ("20:21:40", EventKind::Delay { seconds: 60 }),
        ("20:21:50", EventKind::Delay { seconds: 60 }),
    ];
    let looks = [
        "19:55", "20:00:30", "20:03", "20:08", "20:22", "20:29", "20:31", "21:05",
    ];
    let got = names(&watch(&records, &looks));
    assert_eq!(
        got,
        [
            "20:00:30 show_start",
            "20:00:30 cue 0",
            "20:03 release 0",
            "20:08 countdown_end 0",
            "20:08 sold_out T-01",
            "20:08 note 弹幕卡",
            "20:08 message 逼单",
            "20:22 cue 1",
            "20:22 cue 2",
            "20:22 over 6m",
            "20:29 hard_soon 3",
            "20:31 cue 3",
            "21:05 cue 4",
            "21:05 show_end",
        ]
    );
}

#[test]
fn looking_twice_at_the_same_instant_says_nothing() {
    let got = watch(&[], &["20:00:30", "20:00:30", "20:00:30"]);
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn the_first_look_only_remembers() {
    // The runner restarted mid-show: what happened before is not repeated.
    let got = watch(
        &[("20:02", EventKind::Note { text: "x".into() })],
        &["20:15", "20:16"],
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn memo_is_small_and_phase_aware() {
    let (p, s) = plan();
    let state = LiveState::default();
    let l = live::project(&p, &s, &state, t("19:00"));
    let m = Memo::of(&l, &state);
    assert_eq!(m.phase, Phase::Pre);
    assert_eq!(m.over, Duration::zero());
    assert_eq!(m.started, vec![false; 5]);
}
