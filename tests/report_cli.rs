//! `stagecall report`: the post-show review, in every format, from a plan
//! and a hand-written state log (including a torn last line and state that
//! a plan edit orphaned).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const PLAN: &str = r#"format = 1
[session]
title = "复盘测试"
date = 2026-11-11
start = "20:00"
duration = "1h"
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
  list_price = 59
  live_price = 9.9
[[welfare]]
id = "bag"
kind = "lucky_bag"
name = "开场福袋"
quantity = 50
unit_cost = 10
countdown = "3m"
[traffic]
budget = 1000
[[traffic.slot]]
id = "burst"
from = "20:00"
to = "20:30"
budget = 1000
channel = "金牛"
[[cue]]
id = "open"
duration = "10m"
title = "开场"
welfare = ["bag"]
checklist = ["灯光检查", { task = "开金牛", who = "ads" }]
[[cue]]
id = "pitch"
title = "讲解"
items = ["A-1"]
"#;

fn line(show: &str, rest: &str) -> String {
    format!(r#"{{"wall":"2026-11-11T{show}Z","show":"2026-11-11T{show}Z",{rest}}}"#)
}

/// A show: GO 30 s late, a tick, a skip, a release, a GO 3 min late, a
/// minute of delay, then a power cut mid-write.
fn log_text() -> String {
    [
        line("12:00:30", r#""event":"go","cue":"open""#),
        line(
            "12:01:00",
            r#""event":"tick","cue":"open","task":"灯光检查""#,
        ),
        line("12:01:10", r#""event":"skip","cue":"open","task":"开金牛""#),
        line("12:02:00", r#""event":"release","welfare":"bag""#),
        line("12:13:00", r#""event":"go","cue":"pitch""#),
        line(
            "12:14:00",
            r#""event":"tick","cue":"pitch","task":"上架 A-1 枕套""#,
        ),
        line("12:20:00", r#""event":"delay","seconds":60"#),
    ]
    .join("\n")
        + "\n{\"wall\":\"2026-11-11T12:2"
}

fn setup(plan: &str, log: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("show.toml");
    std::fs::write(&p, plan).expect("plan");
    std::fs::create_dir_all(dir.path().join(".stagecall")).expect("dir");
    std::fs::write(dir.path().join(".stagecall/show.log"), log).expect("log");
    (dir, p)
}

fn report(plan: &Path, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_stagecall"))
        .args(["report", &plan.display().to_string(), "--format", format])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json(plan: &Path) -> Value {
    serde_json::from_str(&report(plan, "json")).expect("json")
}

#[test]
fn json_follows_the_contract() {
    let (_d, plan) = setup(PLAN, &log_text());
    let r = json(&plan);
    for key in ["session", "cues", "orphaned", "warnings"] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    let cues = r["cues"].as_array().expect("cues");
    assert_eq!(cues.len(), 2);
    let open = &cues[0];
    assert_eq!(open["id"], "open");
    assert_eq!(open["title"], "开场");
    assert_eq!(open["planned_start"], "2026-11-11T20:00:00+08:00");
    assert_eq!(open["actual_start"], "2026-11-11T20:00:30+08:00");
    assert_eq!(open["over_under_seconds"], 30);
    let task = |c: &Value, t: &str| {
        c["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .find(|x| x["task"] == t)
            .cloned()
            .unwrap_or_else(|| panic!("no task {t}"))
    };
    let lights = task(open, "灯光检查");
    assert_eq!(
        (lights["done"].as_bool(), lights["skipped"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(lights["at"], "2026-11-11T20:01:00+08:00");
    let ads = task(open, "开金牛");
    assert_eq!(
        (
            ads["done"].as_bool(),
            ads["skipped"].as_bool(),
            ads["who"].as_str()
        ),
        (Some(false), Some(true), Some("ads"))
    );
    let release = task(open, "发福袋 开场福袋");
    assert_eq!(release["who"], "control");
    assert_eq!(
        release["done"], false,
        "releasing welfare is recorded separately from its task"
    );
    assert_eq!(cues[1]["over_under_seconds"], 180);
}

#[test]
fn summary_counts_cues_on_time_open_tasks_and_delay() {
    let (_d, plan) = setup(PLAN, &log_text());
    let s = json(&plan)["summary"].clone();
    assert_eq!(s["cues_on_time"], 1, "30 s late is on time, 3 min is not");
    assert_eq!(s["cues_started"], 2);
    assert_eq!(s["tasks_done"], 2);
    assert_eq!(s["tasks_skipped"], 1);
    // 发福袋 (open), 开启/关闭 金牛 slot switches (open).
    assert_eq!(s["tasks_open"], 3);
    assert_eq!(
        s["total_delay_seconds"], 240,
        "3 min late at the last GO plus 1 min of delay"
    );
    assert_eq!(s["welfare_releases"], 1);
}

#[test]
fn welfare_and_traffic_are_reported_against_plan() {
    let (_d, plan) = setup(PLAN, &log_text());
    let r = json(&plan);
    let bag = &r["welfare"][0];
    assert_eq!(
        (bag["planned_releases"].as_u64(), bag["released"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(bag["planned_cost"], 500.0);
    assert_eq!(bag["released_at"][0], "2026-11-11T20:02:00+08:00");
    let slot = &r["slots"][0];
    assert_eq!(slot["id"], "burst");
    assert_eq!(slot["budget"], 1000.0);
    assert_eq!(slot["tasks"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_torn_last_line_is_a_warning_and_everything_before_it_counts() {
    let (_d, plan) = setup(PLAN, &log_text());
    let r = json(&plan);
    let w = r["warnings"].as_array().expect("warnings");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].as_str().unwrap_or_default().contains(":8:"),
        "names the line: {w:?}"
    );
    assert_eq!(r["summary"]["tasks_done"], 2);
}

#[test]
fn a_corrupt_middle_line_is_skipped_and_the_rest_kept() {
    let mut lines: Vec<String> = log_text().lines().map(str::to_owned).collect();
    lines.insert(2, "{\"wall\": garbage".into());
    let (_d, plan) = setup(PLAN, &(lines.join("\n") + "\n"));
    let r = json(&plan);
    assert_eq!(r["summary"]["tasks_done"], 2);
    assert_eq!(r["summary"]["cues_started"], 2);
    assert!(
        r["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w.as_str().unwrap_or_default().contains(":3:"))
    );
}

#[test]
fn renaming_a_ticked_task_orphans_its_state_without_dropping_it() {
    let renamed = PLAN.replace("\"灯光检查\"", "\"灯光、声音检查\"");
    let (_d, plan) = setup(&renamed, &log_text());
    let r = json(&plan);
    let orphaned = r["orphaned"].as_array().expect("orphaned");
    assert_eq!(orphaned.len(), 1, "{orphaned:?}");
    assert_eq!(orphaned[0]["cue"], "open");
    assert_eq!(orphaned[0]["task"], "灯光检查");
    assert_eq!(orphaned[0]["state"], "done");
    let md = report(&plan, "md");
    assert!(md.contains("Orphaned") && md.contains("灯光检查"), "{md}");
}

#[test]
fn markdown_shows_planned_actual_and_over_under() {
    let (_d, plan) = setup(PLAN, &log_text());
    let md = report(&plan, "md");
    assert!(md.contains("| 20:00 | 20:00 | +30s | 开场 |"), "{md}");
    assert!(md.contains("| 20:10 | 20:13 | +3m | 讲解 |"), "{md}");
    assert!(md.contains("[x] 灯光检查"), "{md}");
    assert!(md.contains("[~] 开金牛 (ads)"), "{md}");
    assert!(md.contains("Total delay 总延误: +4m"), "{md}");
}

#[test]
fn csv_has_one_row_per_task() {
    let (_d, plan) = setup(PLAN, &log_text());
    let csv = report(&plan, "csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("section,id,title,planned_start,actual_start"));
    assert!(
        rows.iter().any(|r| r.starts_with("cue,open,开场,")
            && r.contains(",灯光检查,,done,2026-11-11T20:01:00+08:00")),
        "{csv}"
    );
    assert!(rows.iter().any(|r| r.starts_with("slot,burst,")), "{csv}");
}

#[test]
fn without_a_log_the_report_says_nothing_was_recorded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("show.toml");
    std::fs::write(&p, PLAN).expect("plan");
    let r = json(&p);
    assert_eq!(r["summary"]["cues_started"], 0);
    assert!(
        r["warnings"][0]
            .as_str()
            .unwrap_or_default()
            .contains("no state log")
    );
}
