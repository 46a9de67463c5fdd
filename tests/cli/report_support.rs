//! Shared by the review's tests (`report_cli.rs`, `report_html.rs`): a small
//! plan, hand-written logs (one with readings of the live numbers), and
//! running `stagecall report` on them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub const PLAN: &str = r#"format = 1
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

pub fn line(show: &str, rest: &str) -> String {
    format!(r#"{{"wall":"2026-11-11T{show}Z","show":"2026-11-11T{show}Z",{rest}}}"#)
}

/// A show on the clock: the first cue starts by itself at 20:00 (fixed);
/// a tick, a skip, a release; three minutes of holds on the opening, so the
/// pitch starts by itself at 20:13; a tick; a minute more on the pitch (the
/// last cue, so the show ends 21:04); then a power cut mid-write.
pub fn log_text() -> String {
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

pub fn setup(plan: &str, log: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("show.toml");
    std::fs::write(&p, plan).expect("plan");
    std::fs::create_dir_all(dir.path().join(".stagecall")).expect("dir");
    std::fs::write(dir.path().join(".stagecall/show.log"), log).expect("log");
    (dir, p)
}

pub fn report(plan: &Path, format: &str) -> String {
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

pub fn json(plan: &Path) -> Value {
    serde_json::from_str(&report(plan, "json")).expect("json")
}

pub fn report_at(plan: &Path, args: &[&str]) -> String {
    let mut all = vec!["report".to_string(), plan.display().to_string()];
    all.extend(args.iter().map(|s| s.to_string()));
    let out = Command::new(env!("CARGO_BIN_EXE_stagecall"))
        .args(&all)
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

// ── The figures: a show with readings of the live numbers ──

/// The plan with stock, a GMV target and an ROI target.
pub fn plan_with_numbers() -> String {
    PLAN.replace(
        "timezone = \"Asia/Shanghai\"\n",
        "timezone = \"Asia/Shanghai\"\ngmv_target = 50000\n",
    )
    .replace("live_price = 9.9\n", "live_price = 9.9\n  stock = 100\n")
    .replace(
        "channel = \"金牛\"\n",
        "channel = \"金牛\"\nroi_target = 4.0\n",
    )
}

pub fn metrics(show: &str, figures: &str) -> String {
    line(show, &format!(r#""event":"metrics",{figures}"#))
}

/// The opening held three minutes (so it runs 20:00–20:13 and the pitch
/// 20:13–21:03), a 福袋 at 20:02, and a reading every few minutes.
pub fn numbers_log() -> String {
    [
        metrics("11:58:00", r#""online":800"#),
        metrics(
            "12:00:00",
            r#""online":1000,"gmv":0,"orders":0,"spend":{"burst":0}"#,
        ),
        line(
            "12:01:00",
            r#""event":"tick","cue":"open","task":"灯光检查""#,
        ),
        line(
            "12:02:00",
            r#""event":"release","welfare":"bag","cue":"open""#,
        ),
        metrics(
            "12:04:00",
            r#""online":1600,"gmv":500,"orders":10,"spend":{"burst":400}"#,
        ),
        line("12:05:00", r#""event":"delay","seconds":60"#),
        line("12:05:01", r#""event":"delay","seconds":60"#),
        line("12:05:02", r#""event":"delay","seconds":60"#),
        metrics("12:06:30", r#""online":1400"#),
        metrics(
            "12:10:00",
            r#""online":1500,"gmv":2000,"orders":40,"sold":{"A-1":30},"spend":{"burst":1200}"#,
        ),
        metrics(
            "12:20:00",
            r#""online":2500,"gmv":9000,"orders":120,"sold":{"A-1":100},"spend":{"burst":2500}"#,
        ),
        metrics(
            "12:30:00",
            r#""online":2000,"gmv":12000,"orders":150,"spend":{"burst":4000}"#,
        ),
        metrics(
            "12:40:00",
            r#""online":1200,"gmv":13000,"orders":160,"spend":{"burst":4000}"#,
        ),
    ]
    .join("\n")
        + "\n"
}

pub const AT: &str = "2026-11-11T21:10";

pub fn numbers_report(format: &str) -> String {
    let (_d, p) = setup(&plan_with_numbers(), &numbers_log());
    report_at(&p, &["--at", AT, "--format", format])
}
