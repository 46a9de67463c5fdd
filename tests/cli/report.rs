//! `stagecall report`: the post-show review, in every format, from a plan
//! and a hand-written state log (including a torn last line and state that
//! a plan edit orphaned).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::stagecall;

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

/// A show on the clock: the first cue starts by itself at 20:00 (fixed);
/// a tick, a skip, a release; three minutes of holds on the opening, so the
/// pitch starts by itself at 20:13; a tick; a minute more on the pitch (the
/// last cue, so the show ends 21:04); then a power cut mid-write.
fn log_text() -> String {
    [
        line(
            "12:01:00",
            r#""event":"tick","cue":"open","task":"灯光检查""#,
        ),
        line("12:01:10", r#""event":"skip","cue":"open","task":"开金牛""#),
        line("12:02:00", r#""event":"release","welfare":"bag""#),
        line("12:05:00", r#""event":"delay","seconds":60"#),
        line("12:05:01", r#""event":"delay","seconds":60"#),
        line("12:05:02", r#""event":"delay","seconds":60"#),
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
    stagecall(&["report", &plan.display().to_string(), "--format", format]).stdout_text()
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
    assert_eq!(open["actual_start"], "2026-11-11T20:00:00+08:00");
    assert_eq!(open["over_under_seconds"], 0);
    assert_eq!(open["started_by"], "hard");
    assert_eq!(open["state"], "done");
    assert_eq!(open["held_seconds"], 180);
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
        release["done"], true,
        "the release and its task are one record"
    );
    // The draw is its own row, left open in a cue that is over: missed.
    assert_eq!(task(open, "开奖 福袋 开场福袋")["state"], "missed");
    assert_eq!(cues[1]["over_under_seconds"], 180);
    assert_eq!(cues[1]["started_by"], "auto");
    assert_eq!(r["rehearsal"], false);
    assert_eq!(r["holds"].as_array().map(Vec::len), Some(4));
}

#[test]
fn summary_counts_cues_on_time_open_tasks_and_delay() {
    let (_d, plan) = setup(PLAN, &log_text());
    let s = json(&plan)["summary"].clone();
    assert_eq!(s["cues_on_time"], 1, "on the dot is on time, 3 min is not");
    assert_eq!(s["cues_started"], 2);
    assert_eq!(s["tasks_done"], 3);
    assert_eq!(s["tasks_skipped"], 1);
    // The draw row and the 开启/关闭 金牛 switches were left open.
    assert_eq!(s["tasks_missed"], 3);
    assert_eq!(s["tasks_open"], 0);
    assert_eq!(
        s["total_delay_seconds"], 240,
        "the last cue, 3 min late and held a minute, ends the show 4 min late"
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
        w[0].as_str().unwrap_or_default().contains(":9:"),
        "names the line: {w:?}"
    );
    assert_eq!(r["summary"]["tasks_done"], 3);
}

#[test]
fn a_corrupt_middle_line_is_skipped_and_the_rest_kept() {
    let mut lines: Vec<String> = log_text().lines().map(str::to_owned).collect();
    lines.insert(2, "{\"wall\": garbage".into());
    let (_d, plan) = setup(PLAN, &(lines.join("\n") + "\n"));
    let r = json(&plan);
    assert_eq!(r["summary"]["tasks_done"], 3);
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
    assert!(
        md.contains("| 20:00 | 20:00 | ±0 | fixed 定点 | +3m | 开场 |"),
        "{md}"
    );
    assert!(
        md.contains("| 20:10 | 20:13 | +3m | auto 自动接续 | +1m | 讲解 |"),
        "{md}"
    );
    assert!(md.contains("[x] 灯光检查"), "{md}");
    assert!(md.contains("[~] 开金牛 (ads)"), "{md}");
    assert!(md.contains("[!] 开奖 福袋 开场福袋"), "{md}");
    assert!(md.contains("Show end vs plan 下播对比计划: +4m"), "{md}");
    assert!(!md.contains("REHEARSAL"), "{md}");
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
    // On the clock the cues aired; with nothing recorded, nothing was done.
    assert_eq!(r["summary"]["tasks_done"], 0);
    assert!(
        r["warnings"][0]
            .as_str()
            .unwrap_or_default()
            .contains("no state log")
    );
}

fn report_at(plan: &Path, args: &[&str]) -> String {
    let mut all = vec!["report".to_string(), plan.display().to_string()];
    all.extend(args.iter().map(|s| s.to_string()));
    stagecall(&all).stdout_text()
}

#[test]
fn a_plan_whose_only_log_is_a_rehearsal_says_so_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("show.toml");
    std::fs::write(&p, PLAN).expect("plan");
    std::fs::create_dir_all(dir.path().join(".stagecall")).expect("dir");
    std::fs::write(dir.path().join(".stagecall/show.rehearsal.log"), log_text()).expect("log");
    let md = report_at(&p, &["--format", "md"]);
    assert!(
        md.lines().next().unwrap_or_default().contains("REHEARSAL"),
        "{md}"
    );
    let csv = report_at(&p, &["--format", "csv"]);
    assert!(
        csv.lines().next().unwrap_or_default().contains("REHEARSAL"),
        "{csv}"
    );
    let v: Value = serde_json::from_str(&report_at(&p, &["--format", "json"])).expect("json");
    assert_eq!(v["rehearsal"], true);
}

#[test]
fn a_cue_that_never_aired_is_one_line_and_counts_no_tasks() {
    // GO at 20:02 starts the pitch; the opening's tasks were done before.
    let plan = PLAN.replace(
        "[[cue]]\nid = \"pitch\"",
        "[[cue]]\nid = \"skipped\"\ntitle = \"没播的环节\"\nduration = \"5m\"\nchecklist = [\"不会做的事\"]\n[[cue]]\nid = \"pitch\"",
    );
    let log = [line("12:02:00", r#""event":"go","cue":"pitch""#)].join("\n") + "\n";
    let (_d, p) = setup(&plan, &log);
    let r = json(&p);
    let skipped = &r["cues"][1];
    assert_eq!(skipped["id"], "skipped");
    assert_eq!(skipped["state"], "not_aired");
    assert_eq!(skipped["tasks"].as_array().map(Vec::len), Some(0));
    assert_eq!(r["summary"]["cues_not_aired"], 1);
    assert_eq!(r["cues"][2]["started_by"], "go");
}

#[test]
fn csv_numbers_stay_numbers() {
    // The pitch starts by GO 8 minutes early: -480 in the CSV, no quote.
    let log = [line("12:02:00", r#""event":"go","cue":"pitch""#)].join("\n") + "\n";
    let (_d, p) = setup(PLAN, &log);
    let csv = report(&p, "csv");
    assert!(csv.contains(",-480,"), "{csv}");
    assert!(!csv.contains("'-480"), "{csv}");
}
