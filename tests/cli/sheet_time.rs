//! `stagecall sheet` and the time semantics of the plan format: a show
//! across midnight, DST in New York, dates out of range, flowing cues and
//! even splits, and a minimal plan taking today and the machine's zone.

use crate::sheet::{cue, cue_times, instant, rows, run, sheet, sheet_json, sheet_json_with, spans};
use crate::util::plan::Raw;
use crate::util::{NOW, PlanBuilder, TZ};

// ─────────────────────────── time semantics ───────────────────────────

#[test]
fn crossing_midnight() {
    let j = sheet_json("plans/douyin-night-midnight.toml");
    assert_eq!(j["session"]["date"], "2026-11-20");
    assert_eq!(j["session"]["start"], "2026-11-20T22:00:00+08:00");
    assert_eq!(j["session"]["end"], "2026-11-21T02:00:00+08:00");
    // A clock time earlier than `start` is on the next day.
    let c = cue(&j, "坚果礼盒 第二轮");
    assert_eq!(c["start"], "2026-11-21T00:30:00+08:00");
    assert_eq!(c["end"], "2026-11-21T00:45:00+08:00");
    let c = cue(&j, "零点红包");
    assert_eq!(c["start"], "2026-11-21T00:00:00+08:00");
    // The cue before midnight ends exactly at midnight.
    assert_eq!(
        cue(&j, "憋单：零点红包倒计时")["end"],
        "2026-11-21T00:00:00+08:00"
    );
    // "+3:00" counts from the start, across midnight.
    assert_eq!(
        cue(&j, "1点福袋：自热小火锅")["start"],
        "2026-11-21T01:00:00+08:00"
    );
    // The last cue runs to the session end.
    let last = rows(&j, "cue").last().copied().unwrap();
    assert_eq!(last["start"], "2026-11-21T01:50:00+08:00");
    assert_eq!(last["end"], "2026-11-21T02:00:00+08:00");
    // The table marks the day change.
    let table = sheet("plans/douyin-night-midnight.toml", "table");
    assert!(table.contains("── 2026-11-21 (+1d) ──"), "{table}");
    assert!(table.contains("22:00–02:00 +1d"), "{table}");
}

#[test]
fn dst_fall_back_in_new_york() {
    let j = sheet_json("tests/fixtures/valid/dst-new-york.toml");
    let s = &j["session"];
    assert_eq!(s["start"], "2026-10-31T23:00:00-04:00");
    assert_eq!(s["end"], "2026-11-01T03:00:00-05:00");
    // 23:00 EDT to 03:00 EST is five real hours.
    assert_eq!(s["duration_seconds"], 18_000);
    assert_eq!(
        (instant(&s["end"]) - instant(&s["start"])).num_seconds(),
        18_000
    );

    // "01:30" occurs twice; it means the first (EDT).
    let flash = cue(&j, "Flash deal: blanket $39.99");
    assert_eq!(flash["start"], "2026-11-01T01:30:00-04:00");
    // 30 minutes of elapsed time later the clocks have gone back.
    assert_eq!(flash["end"], "2026-11-01T01:00:00-05:00");
    assert_eq!(flash["tasks"][0]["at"], "2026-11-01T01:40:00-04:00");
    // A flowing cue after the change.
    let qa = cue(&j, "Q&A: sizing, shipping, returns");
    assert_eq!(qa["start"], "2026-11-01T01:00:00-05:00");
    assert_eq!(qa["end"], "2026-11-01T01:30:00-05:00");
    // "+3:30" is elapsed time: the second 01:30 (EST).
    let second = cue(&j, "Blanket second round");
    assert_eq!(second["start"], "2026-11-01T01:30:00-05:00");
    assert_eq!(
        (instant(&second["start"]) - instant(&s["start"])).num_seconds(),
        3 * 3600 + 1800
    );
    // A clock time after the change, which occurs once.
    assert_eq!(
        cue(&j, "Last call + goodnight")["start"],
        "2026-11-01T02:30:00-05:00"
    );
    // Before the change: -04:00.
    assert_eq!(
        cue(&j, "Socks bundle + night owl coupon")["start"],
        "2026-11-01T00:30:00-04:00"
    );

    // The slot from the first 01:30 to the second lasts one real hour.
    let start = rows(&j, "slot_start")
        .into_iter()
        .find(|r| r["id"] == "fall-back-hour")
        .unwrap();
    let end = rows(&j, "slot_end")
        .into_iter()
        .find(|r| r["id"] == "fall-back-hour")
        .unwrap();
    assert_eq!(start["start"], "2026-11-01T01:30:00-04:00");
    assert_eq!(end["start"], "2026-11-01T01:30:00-05:00");
    assert_eq!(
        (instant(&end["start"]) - instant(&start["start"])).num_seconds(),
        3600
    );
}

#[test]
fn dst_gap_clock_time_is_rejected() {
    let out = run(
        &["sheet", "tests/fixtures/invalid/dst-gap-clock.toml"],
        NOW,
        TZ,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no sheet for a broken plan");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2026-03-08 02:30 does not exist in America/New_York"),
        "{err}"
    );
    assert!(err.contains("dst-gap-clock.toml:18:"), "{err}");
}

/// RFC 3339 has four-digit years: a show that runs into the year 10000
/// (or starts before 1970) is refused, by `check` and by `sheet`, at the
/// `date`, instead of printing `+10000-01-01T…`.
#[test]
fn dates_outside_1970_to_9999_are_refused() {
    // 22:00 to 02:00: the show crosses midnight.
    // `date` is the plan's fourth line.
    let plan = |date: &str| {
        PlanBuilder::new("跨年")
            .session("date", Raw(date))
            .session("start", "22:00")
            .session("end", "02:00")
            .cue("开场")
            .build()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.toml");
    let p = path.to_str().unwrap();
    for (date, says) in [
        ("9999-12-31", "session runs past the year 9999"),
        ("1969-12-31", "session starts before 1970"),
        ("0001-01-01", "session starts before 1970"),
    ] {
        std::fs::write(&path, plan(date)).unwrap();
        let out = run(&["sheet", p, "--format", "json"], NOW, TZ);
        assert_eq!(out.status.code(), Some(1), "date = {date}");
        assert!(out.stdout.is_empty(), "date = {date}: no sheet");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "date = {date}:\n{err}");
        assert!(
            err.contains("far.toml:4:"),
            "date = {date}: at the date:\n{err}"
        );
        let out = run(&["check", p], NOW, TZ);
        assert_eq!(out.status.code(), Some(1), "check, date = {date}");
        assert!(String::from_utf8_lossy(&out.stdout).contains(says));
    }
    // The last and first days that fit still print RFC 3339 instants.
    for date in ["9999-12-30", "1970-01-01"] {
        std::fs::write(&path, plan(date)).unwrap();
        let j = sheet_json(p);
        for row in j["rows"].as_array().unwrap() {
            for key in ["start", "end"] {
                instant(&row[key]);
                assert!(!row[key].as_str().unwrap().starts_with('+'), "{row}");
            }
        }
    }
}

#[test]
fn flowing_cues_with_and_without_durations() {
    let j = sheet_json("tests/fixtures/valid/flowing.toml");
    assert_eq!(
        cue_times(&j),
        spans(
            "2026-11-11",
            "+08:00",
            &[
                ("20:00", "20:05"), // at + duration
                ("20:05", "20:15"), // flows, has a duration
                ("20:15", "20:45"), // flows, no duration: until the next `at`
                ("20:45", "21:00"), // at + duration
                ("21:00", "21:05"),
                ("21:05", "21:25"),
                ("21:25", "21:45"),
                ("21:45", "22:00"), // the last, no duration: to the session end
            ]
        )
    );
}

/// Consecutive cues with neither `at` nor `duration` share the time up to
/// the next anchored cue (or the session end) evenly.
#[test]
fn consecutive_open_cues_split_the_time_evenly() {
    let j = sheet_json("tests/fixtures/valid/even-split.toml");
    assert_eq!(
        cue_times(&j),
        spans(
            "2026-11-11",
            "+08:00",
            &[
                ("20:00", "20:05"),
                ("20:05", "20:25"), // two open cues share 20:05–20:45
                ("20:25", "20:45"),
                ("20:45", "21:00"),
                ("21:00", "21:20"), // three open cues share 21:00–22:00
                ("21:20", "21:40"),
                ("21:40", "22:00"),
            ]
        )
    );
}

#[test]
fn even_split_remainder_goes_to_the_last_open_cue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("remainder.toml");
    std::fs::write(
        &path,
        PlanBuilder::new("余数")
            .session("end", "21:00")
            .cue("a")
            .cue("b")
            .cue("c")
            .cue("d")
            .set("at", "20:10:01")
            .build(),
    )
    .unwrap();
    let j = sheet_json(path.to_str().unwrap());
    assert_eq!(
        cue_times(&j),
        spans(
            "2026-11-11",
            "+08:00",
            &[
                ("20:00:00", "20:03:20"),
                ("20:03:20", "20:06:40"),
                ("20:06:40", "20:10:01"),
                ("20:10:01", "21:00:00"),
            ]
        )
    );
}

#[test]
fn minimal_plan_takes_today_and_the_local_zone() {
    let j = sheet_json_with(
        "plans/minimal.toml",
        "2026-11-21T03:00:00Z",
        "Asia/Shanghai",
    );
    assert_eq!(j["session"]["date"], "2026-11-21");
    assert_eq!(j["session"]["timezone"], "Asia/Shanghai");
    assert_eq!(j["session"]["start"], "2026-11-21T20:00:00+08:00");
    assert_eq!(j["session"]["end"], "2026-11-21T22:00:00+08:00");
    assert_eq!(
        cue_times(&j),
        spans(
            "2026-11-21",
            "+08:00",
            &[("20:00", "20:10"), ("20:10", "21:40"), ("21:40", "22:00")]
        )
    );

    // "Today" is the local day: 18:00 UTC is already the 22nd in Shanghai…
    let j = sheet_json_with(
        "plans/minimal.toml",
        "2026-11-21T18:00:00Z",
        "Asia/Shanghai",
    );
    assert_eq!(j["session"]["start"], "2026-11-22T20:00:00+08:00");
    // …and 03:00 UTC is still the 20th in New York.
    let j = sheet_json_with(
        "plans/minimal.toml",
        "2026-11-21T03:00:00Z",
        "America/New_York",
    );
    assert_eq!(j["session"]["date"], "2026-11-20");
    assert_eq!(j["session"]["timezone"], "America/New_York");
    assert_eq!(j["session"]["start"], "2026-11-20T20:00:00-05:00");
}
