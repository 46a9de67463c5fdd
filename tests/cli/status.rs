//! `stagecall status`: the live projection without a terminal, and the
//! same answer as the runner's own screen at the same instant.

use std::path::Path;

use serde_json::Value;

use crate::util;

const PLAN: &str = "plans/kuaishou-brand-4h.toml";

fn stagecall(cwd: &Path, args: &[&str]) -> std::process::Output {
    util::stagecall(args).dir(cwd).output()
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("plans")).expect("dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(PLAN);
    std::fs::copy(src, dir.path().join(PLAN)).expect("copy");
    dir
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["status", PLAN, "--format", "json"];
    all.extend_from_slice(args);
    let out = stagecall(dir, &all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn json_is_the_contract_object() {
    let dir = workspace();
    let v = json(dir.path(), &["--at", "19:47"]);
    for key in [
        "now",
        "phase",
        "advance",
        "rehearsal",
        "on_air",
        "next",
        "next_hard",
        "over",
        "projected_end",
        "cues",
        "welfare",
        "tasks_due",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["now"], "2026-11-11T19:47:00+08:00");
    assert_eq!(v["phase"], "on_air");
    assert_eq!(v["on_air"]["title"], "承接：加厚法兰绒床单");
    assert_eq!(v["on_air"]["started_by"], "auto");
    assert_eq!(v["next_hard"]["id"], "rp-20");
    assert_eq!(v["next_hard"]["at"], "2026-11-11T20:00:00+08:00");
    assert_eq!(v["over"], 0);
    assert_eq!(v["cues"].as_array().map(Vec::len), Some(27));
    // Slot rows are named by the slot id.
    assert!(
        v["tasks_due"]
            .as_array()
            .expect("tasks")
            .iter()
            .any(|t| t["row"] == "open-burst"),
        "{}",
        v["tasks_due"]
    );
    // A clock time just before the start is that evening, not the next.
    let early = json(dir.path(), &["--at", "18:58"]);
    assert_eq!(early["now"], "2026-11-11T18:58:00+08:00");
    assert_eq!(early["phase"], "pre");
    // Before and after the show.
    let pre = json(dir.path(), &["--at", "-30m"]);
    assert_eq!(pre["phase"], "pre");
    assert_eq!(pre["on_air"], Value::Null);
    assert_eq!(pre["next"]["id"], "open");
    assert_eq!(pre["over"], 0);
    let post = json(dir.path(), &["--at", "23:30"]);
    assert_eq!(post["phase"], "post");
    assert_eq!(post["next_hard"]["id"], Value::Null);
    assert_eq!(post["next_hard"]["at"], "2026-11-11T23:00:00+08:00");
}

#[test]
fn text_is_a_short_summary_for_the_chat() {
    let dir = workspace();
    let out = stagecall(dir.path(), &["status", PLAN, "--at", "19:47"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("棉语家纺") && lines[0].contains("19:47"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("on air: 承接：加厚法兰绒床单"),
        "{text}"
    );
    assert!(lines[2].starts_with("next: 憋单"), "{text}");
    assert!(lines[3].contains("20:00 20点整点红包"), "{text}");
    assert!(text.lines().count() <= 14, "short: {text}");
}

#[test]
fn status_and_the_runner_screen_agree_and_nothing_is_written() {
    let dir = workspace();
    // A rehearsal log: GO early at 19:40 for the bedsheet, three holds.
    let log = dir
        .path()
        .join("plans/.stagecall/kuaishou-brand-4h.rehearsal.log");
    std::fs::create_dir_all(log.parent().expect("dir")).expect("dir");
    let line = |t: &str, rest: &str| {
        format!(
            r#"{{"id":"d:{t}","origin":"d","wall":"2026-11-11T{t}Z","show":"2026-11-11T{t}Z",{rest}}}"#
        )
    };
    let text = [
        line("11:40:00", r#""event":"go","cue":"承接-加厚法兰绒床单""#),
        line("11:42:00", r#""event":"delay","seconds":60"#),
        line("11:42:01", r#""event":"delay","seconds":60"#),
        line("11:42:02", r#""event":"delay","seconds":60"#),
    ]
    .join("\n")
        + "\n";
    std::fs::write(&log, &text).expect("log");
    let v = json(dir.path(), &["--rehearsal", "--at", "19:45"]);
    assert_eq!(v["rehearsal"], true);
    assert_eq!(v["on_air"]["started_by"], "go");
    assert_eq!(v["on_air"]["end"], "2026-11-11T19:53:00+08:00");
    // 19:53 + 憋单 5m = 19:58: a 2-minute buffer before the 20:00 红包.
    assert_eq!(v["over"], -120);
    let snap = stagecall(
        dir.path(),
        &[
            "run",
            PLAN,
            "--rehearsal",
            "--at",
            "19:45",
            "--snapshot",
            "--size",
            "140x12",
        ],
    );
    let screen = String::from_utf8(snap.stdout).expect("utf-8");
    assert!(screen.contains("ON AIR  承接：加厚法兰绒床单"), "{screen}");
    assert!(
        screen.contains("buffer 2m before 20:00 20点整点红包"),
        "{screen}"
    );
    assert!(screen.contains("19:45:00"), "{screen}");
    let report = stagecall(
        dir.path(),
        &[
            "report",
            PLAN,
            "--rehearsal",
            "--at",
            "19:45",
            "--format",
            "json",
        ],
    );
    let r: Value = serde_json::from_slice(&report.stdout).expect("json");
    let bed = r["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .find(|c| c["id"] == "承接-加厚法兰绒床单")
        .cloned()
        .expect("cue");
    assert_eq!(bed["actual_start"], "2026-11-11T19:40:00+08:00");
    assert_eq!(bed["state"], "on_air");
    assert_eq!(bed["held_seconds"], 180);
    // Reads never write.
    assert_eq!(std::fs::read_to_string(&log).expect("log"), text);
    assert!(
        !dir.path()
            .join("plans/.stagecall/kuaishou-brand-4h.log")
            .exists()
    );
}
