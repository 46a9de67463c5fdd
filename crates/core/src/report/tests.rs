//! The post-show review from a plan and what the log recorded: planned
//! against actual for a cue, and each task's fate.

use crate::plan::Plan;
use crate::report::build;
use crate::schedule::Schedule;
use crate::state::EventKind;
use crate::testing::{checked, fold, t};

const PLAN: &str = r#"format = 1
[session]
title = "复盘"
date = 2026-11-11
start = "20:00"
duration = "1h"
timezone = "Asia/Shanghai"
advance = "go"
[[cue]]
id = "open"
title = "开场"
at = "20:00"
duration = "10m"
checklist = ["灯光检查", "声音检查"]
[[cue]]
id = "pitch"
title = "讲解"
checklist = ["上链接"]
"#;

fn placed() -> (Plan, Schedule) {
    checked(PLAN)
}

/// Planned against actual: `pitch` is planned for 20:10, when `open`
/// is due to end, and starts at the host's GO three minutes later.
#[test]
fn a_cue_started_late_is_late_by_the_time_it_waited() {
    let (p, s) = placed();
    // `open` goes on air at its time; `pitch` waits for GO (advance =
    // "go"), which the host calls at 20:13.
    let state = fold(&[(
        "20:13",
        EventKind::Go {
            cue: "pitch".into(),
        },
    )]);
    let r = build(&p, &s, &state, t("21:30"), false, Vec::new());
    assert_eq!(r.summary.cues, 2);
    assert_eq!(r.summary.cues_started, 2);
    let (open, pitch) = (&r.cues[0], &r.cues[1]);
    assert_eq!(open.planned_start, "2026-11-11T20:00:00+08:00");
    assert_eq!(open.planned_end, "2026-11-11T20:10:00+08:00");
    assert_eq!(open.over_under_seconds, Some(0), "on time");
    assert_eq!(
        open.actual_end.as_deref(),
        Some("2026-11-11T20:13:00+08:00")
    );
    assert_eq!(pitch.planned_start, "2026-11-11T20:10:00+08:00");
    assert_eq!(
        pitch.actual_start.as_deref(),
        Some("2026-11-11T20:13:00+08:00")
    );
    assert_eq!(pitch.over_under_seconds, Some(180), "three minutes late");
    assert_eq!(r.summary.cues_on_time, 1);
}

#[test]
fn each_task_is_done_skipped_or_missed_after_the_show() {
    let (p, s) = placed();
    let state = fold(&[
        (
            "20:02",
            EventKind::Tick {
                cue: "open".into(),
                task: "灯光检查".into(),
            },
        ),
        (
            "20:10",
            EventKind::Go {
                cue: "pitch".into(),
            },
        ),
        (
            "20:20",
            EventKind::Skip {
                cue: "pitch".into(),
                task: "上链接".into(),
            },
        ),
    ]);
    let r = build(&p, &s, &state, t("21:30"), false, Vec::new());
    let fates: Vec<(&str, &str)> = r
        .cues
        .iter()
        .flat_map(|c| c.tasks.iter().map(|t| (t.task.as_str(), t.state)))
        .collect();
    assert_eq!(
        fates,
        [
            ("灯光检查", "done"),
            ("声音检查", "missed"),
            ("上链接", "skipped")
        ]
    );
    assert_eq!(
        (
            r.summary.tasks_done,
            r.summary.tasks_skipped,
            r.summary.tasks_missed
        ),
        (1, 1, 1)
    );
    assert_eq!(
        r.cues[0].tasks[0].at.as_deref(),
        Some("2026-11-11T20:02:00+08:00")
    );
}
