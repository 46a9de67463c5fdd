//! The run-sheet rows: their order, and the task keys live state is kept by.

use chrono::{TimeZone, Utc};

use crate::plan::{Env, Plan};
use crate::schedule::Schedule;
use crate::timeline::{RowKind, TaskKey, TaskOrigin, rows};

fn placed(text: &str) -> (Plan, Schedule) {
    let env = Env {
        now: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    };
    let c = crate::check("t.toml", text.as_bytes(), &env);
    let errors: Vec<_> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    let (p, s) = c.ok().expect("the plan checks");
    (p.clone(), s.clone())
}

const PLAN: &str = r#"format = 1
[session]
title = "t"
date = 2026-11-11
start = "20:00"
end = "21:00"
timezone = "Asia/Shanghai"
[crew]
control = "阿强"
ads = "小李"
[[group]]
id = "g"
name = "引流"
  [[group.item]]
  sku = "A-1"
  name = "枕套"
[[welfare]]
id = "bag"
kind = "lucky_bag"
name = "福袋"
[traffic]
[[traffic.slot]]
id = "burst"
from = "20:00"
to = "20:30"
channel = "金牛"
[[cue]]
id = "open"
title = "开场"
duration = "30m"
checklist = ["灯光检查", { task = "开投放", who = "ads", at = "+5m" }]
welfare = ["bag"]
[[cue]]
id = "pitch"
title = "讲解"
items = ["A-1"]
"#;

#[test]
fn rows_run_by_start_a_slot_ending_before_one_starting_before_a_cue() {
    let (p, s) = placed(PLAN);
    let rows = rows(&p, &s);
    let order: Vec<(RowKind, &str)> = rows.iter().map(|r| (r.kind, r.key.as_str())).collect();
    assert_eq!(
        order,
        [
            (RowKind::SlotStart, "slot:burst:start"),
            (RowKind::Cue, "open"),
            (RowKind::SlotEnd, "slot:burst:end"),
            (RowKind::Cue, "pitch"),
        ]
    );
}

#[test]
fn task_keys_are_the_row_key_and_the_task_text() {
    let (p, s) = placed(PLAN);
    let rows = rows(&p, &s);
    let open = rows.iter().find(|r| r.key == "open").expect("the open row");
    let keys: Vec<TaskKey> = open.tasks.iter().map(|t| open.task_key(t)).collect();
    assert_eq!(keys[0].cue, "open");
    assert_eq!(keys[0].task, "灯光检查");
    assert_eq!(keys[1].task, "开投放");
    // A written task at an offset falls on the clock from its cue's start.
    assert_eq!(
        open.tasks[1].at,
        Some(s.cues[0].start + chrono::Duration::minutes(5))
    );
    assert_eq!(open.tasks[1].who.as_deref(), Some("ads"));
    // The tasks the plan implies: release the welfare (control's job).
    assert_eq!(open.tasks[2].origin, TaskOrigin::Welfare(0));
    assert_eq!(open.tasks[2].who.as_deref(), Some("control"));
    let pitch = rows
        .iter()
        .find(|r| r.key == "pitch")
        .expect("the pitch row");
    assert_eq!(pitch.tasks[0].origin, TaskOrigin::Item(0));
    // The slot's switch is keyed by its row, so two slots never collide.
    let start = rows
        .iter()
        .find(|r| r.kind == RowKind::SlotStart)
        .expect("slot");
    assert_eq!(
        start.task_key(&start.tasks[0]),
        TaskKey {
            cue: "slot:burst:start".into(),
            task: "开启 金牛 burst".into(),
        }
    );
    assert_eq!(start.tasks[0].who.as_deref(), Some("ads"));
}
