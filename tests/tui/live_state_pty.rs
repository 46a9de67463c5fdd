//! End-to-end for live state: hot reload (valid, invalid, save by rename),
//! a read-only second runner following the writer, and a torn log line.

use std::path::{Path, PathBuf};

use crate::util::PlanBuilder;
use crate::util::pty::{Pty, wait_for_log};

const PLAN: &str = "show.toml";

/// Two cues, 20:00 to 21:00: 开场欢迎 for twenty minutes, then 爆款讲解.
fn text() -> String {
    PlanBuilder::new("热更新测试")
        .cue("开场欢迎")
        .id("open")
        .set("duration", "20m")
        .checklist(&["灯光检查", "声音检查"])
        .cue("爆款讲解")
        .id("pitch")
        .checklist(&["上链接"])
        .build()
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join(PLAN);
    std::fs::write(&p, text()).expect("plan");
    (dir, p)
}

/// Saves the way editors and `git pull` do: write a temp file, rename it over.
fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.tmp~");
    std::fs::write(&tmp, text).expect("write tmp");
    std::fs::rename(&tmp, path).expect("rename");
}

#[test]
fn a_valid_edit_is_swapped_in_and_state_is_kept() {
    let (dir, plan) = workspace();
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "+0:05"], 120, 40);
    pty.wait_text("开场欢迎");
    pty.send(" ");
    wait_for_log(
        &dir.path().join(".stagecall/show.rehearsal.log"),
        "灯光检查",
    );
    pty.wait_text("✓");
    save_by_rename(&plan, &text().replace("开场欢迎", "开场欢迎新朋友"));
    let screen = pty.wait_text("开场欢迎新朋友");
    assert!(
        screen.contains('✓'),
        "the tick survives the reload:\n{screen}"
    );
}

#[test]
fn an_invalid_edit_keeps_the_last_good_plan_and_names_the_line() {
    let (dir, plan) = workspace();
    let pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "+0:05"], 120, 40);
    pty.wait_text("开场欢迎");
    // A half-resolved merge conflict, after the first cue's duration.
    let broken = text().replace("duration = \"20m\"\n", "duration = \"20m\"\n<<<<<<< HEAD\n");
    let line = broken
        .lines()
        .position(|l| l == "<<<<<<< HEAD")
        .expect("the marker")
        + 1;
    let at = format!("show.toml:{line}");
    std::fs::write(&plan, broken).expect("write");
    let screen = pty.wait_text(&at);
    assert!(
        screen.contains("开场欢迎"),
        "still running the last good plan:\n{screen}"
    );
    save_by_rename(&plan, &text().replace("开场欢迎", "开场"));
    pty.wait_for("the banner to clear", |s| {
        !s.contains(&at) && s.contains("开场")
    });
}

#[test]
fn a_second_runner_is_read_only_and_follows_the_writer() {
    let (dir, _) = workspace();
    let mut writer = Pty::spawn(dir.path(), &["run", PLAN, "--at", "+0:05"], 120, 40);
    writer.wait_text("开场欢迎");
    let mut viewer = Pty::spawn(dir.path(), &["run", PLAN, "--at", "+0:05"], 120, 40);
    viewer.wait_text("read-only");
    // A viewer cannot tick.
    viewer.send(" ");
    writer.send(" ");
    wait_for_log(
        &dir.path().join(".stagecall/show.rehearsal.log"),
        "灯光检查",
    );
    viewer.wait_text("✓");
    let log =
        std::fs::read_to_string(dir.path().join(".stagecall/show.rehearsal.log")).expect("log");
    let ticks = log.lines().filter(|l| l.contains("\"tick\"")).count();
    assert_eq!(ticks, 1, "only the writer ticked:\n{log}");
    // The viewer keeps the writer's clock, not its own --at.
    assert!(log.lines().any(|l| l.contains("\"clock\"")), "{log}");
    // When the writer quits (on air: it asks first), the viewer may take
    // over with `w`.
    writer.send("q");
    writer.wait_text("Quit?");
    writer.send("y");
    assert_eq!(writer.wait_exit(), 0);
    viewer.send("w");
    viewer.wait_for("the read-only badge to go", |s| !s.contains("read-only"));
    viewer.send("j ");
    wait_for_log(
        &dir.path().join(".stagecall/show.rehearsal.log"),
        "声音检查",
    );
}

#[test]
fn a_torn_last_line_is_skipped_with_a_warning_and_the_next_tick_starts_a_new_line() {
    let (dir, _) = workspace();
    let log = dir.path().join(".stagecall/show.rehearsal.log");
    std::fs::create_dir_all(log.parent().expect("dir")).expect("mkdir");
    let good = r#"{"wall":"2026-11-11T12:01:00Z","show":"2026-11-11T12:01:00Z","event":"tick","cue":"open","task":"灯光检查"}"#;
    std::fs::write(&log, format!("{good}\n{{\"wall\":\"2026-11-11T12:0")).expect("log");
    let mut pty = Pty::spawn(dir.path(), &["run", PLAN, "--at", "+0:05"], 120, 40);
    let screen = pty.wait_text("✓");
    assert!(
        screen.contains("1 log warning") || screen.contains("log warning"),
        "{screen}"
    );
    pty.send(" ");
    let text = wait_for_log(&log, "声音检查");
    let lines: Vec<&str> = text.lines().collect();
    // The good line, the torn one, the rehearsal clock, the tick: each new
    // record starts on a line of its own.
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[2].starts_with('{') && lines[2].contains("\"clock\""),
        "{text}"
    );
    assert!(
        lines[3].starts_with('{') && lines[3].contains("声音检查"),
        "{text}"
    );
}
