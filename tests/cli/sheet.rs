//! `stagecall sheet`, driven through the real binary: snapshots of every
//! format for the example plans, the JSON machine contract, exit statuses
//! and the extensions beyond the contract. The time semantics of the plan
//! format (midnight, DST, flowing cues, "today") are in `sheet_time.rs`.

use std::process::Output;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::util::{NOW, TZ, root, stagecall};

/// `stagecall ARGS` with the clock at `now` in the machine zone `tz`.
pub fn run(args: &[&str], now: &str, tz: &str) -> Output {
    stagecall(args).now(now).tz(tz).output()
}

pub fn sheet(plan: &str, format: &str) -> String {
    let out = run(&["sheet", plan, "--format", format], NOW, TZ);
    assert_eq!(
        out.status.code(),
        Some(0),
        "sheet {plan} --format {format}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("sheet prints UTF-8")
}

pub fn sheet_json_with(plan: &str, now: &str, tz: &str) -> Value {
    let out = run(&["sheet", plan, "--format", "json"], now, tz);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("sheet --format json prints JSON")
}

pub fn sheet_json(plan: &str) -> Value {
    sheet_json_with(plan, NOW, TZ)
}

pub fn instant(v: &Value) -> DateTime<FixedOffset> {
    let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s:?} is not RFC 3339: {e}"))
}

pub fn rows<'a>(sheet: &'a Value, kind: &str) -> Vec<&'a Value> {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == kind)
        .collect()
}

/// The cue row with this title.
pub fn cue<'a>(sheet: &'a Value, title: &str) -> &'a Value {
    rows(sheet, "cue")
        .into_iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("no cue titled {title:?}"))
}

/// (start, end) of every cue, as written in the JSON.
pub fn cue_times(sheet: &Value) -> Vec<(String, String)> {
    rows(sheet, "cue")
        .iter()
        .map(|r| {
            (
                r["start"].as_str().unwrap().to_string(),
                r["end"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// "20:05".."20:25" on `date` at `offset` as RFC 3339 pairs.
pub fn spans(date: &str, offset: &str, times: &[(&str, &str)]) -> Vec<(String, String)> {
    times
        .iter()
        .map(|(a, b)| {
            let full = |t: &str| {
                let t = if t.len() == 5 {
                    format!("{t}:00")
                } else {
                    t.to_string()
                };
                format!("{date}T{t}{offset}")
            };
            (full(a), full(b))
        })
        .collect()
}

// ───────────────────────────── snapshots ─────────────────────────────

const PLANS: [(&str, &str); 2] = [
    ("kuaishou", "plans/kuaishou-brand-4h.toml"),
    ("douyin", "plans/douyin-night-midnight.toml"),
];

#[test]
fn snapshot_table() {
    for (name, plan) in PLANS {
        insta::assert_snapshot!(format!("{name}_table"), sheet(plan, "table"));
    }
}

#[test]
fn snapshot_markdown() {
    for (name, plan) in PLANS {
        insta::assert_snapshot!(format!("{name}_md"), sheet(plan, "md"));
    }
}

#[test]
fn snapshot_csv() {
    for (name, plan) in PLANS {
        insta::assert_snapshot!(format!("{name}_csv"), sheet(plan, "csv"));
    }
}

#[test]
fn snapshot_json() {
    for (name, plan) in PLANS {
        insta::assert_snapshot!(format!("{name}_json"), sheet(plan, "json"));
    }
}

#[test]
fn table_is_the_default_format() {
    let out = run(&["sheet", "plans/douyin-night-midnight.toml"], NOW, TZ);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        sheet("plans/douyin-night-midnight.toml", "table")
    );
}

// ─────────────────────────── JSON contract ───────────────────────────

fn assert_rfc3339_shanghai(what: &str, v: &Value) {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{what}: not a string: {v}"));
    let t = DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{what}: {s:?}: {e}"));
    assert!(s.ends_with("+08:00"), "{what}: {s:?} is not in +08:00");
    assert_eq!(t.offset().local_minus_utc(), 8 * 3600, "{what}: {s}");
    assert_eq!(s.len(), "2026-11-11T20:05:00+08:00".len(), "{what}: {s:?}");
}

#[test]
fn json_contract_shape() {
    for (_, plan) in PLANS {
        let j = sheet_json(plan);
        let top: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(top, ["rows", "session"], "{plan}");

        let s = &j["session"];
        assert!(s["title"].is_string(), "{plan}: {s}");
        assert_eq!(s["timezone"], "Asia/Shanghai");
        assert_rfc3339_shanghai("session.start", &s["start"]);
        assert_rfc3339_shanghai("session.end", &s["end"]);
        assert_eq!(s["duration_seconds"], 4 * 3600, "{plan}");

        let rows = j["rows"].as_array().unwrap();
        assert!(rows.len() > 20, "{plan}");
        let mut last = None;
        for (i, r) in rows.iter().enumerate() {
            let what = format!("{plan} row {i}");
            let kind = r["kind"].as_str().unwrap();
            assert!(
                ["cue", "slot_start", "slot_end"].contains(&kind),
                "{what}: {kind}"
            );
            for key in ["id", "title"] {
                assert!(
                    r[key].as_str().is_some_and(|v| !v.is_empty()),
                    "{what}: {key}: {r}"
                );
            }
            assert_rfc3339_shanghai(&what, &r["start"]);
            assert_rfc3339_shanghai(&what, &r["end"]);
            let (start, end) = (instant(&r["start"]), instant(&r["end"]));
            assert!(start <= end, "{what}: ends before it starts");
            if kind != "cue" {
                assert_eq!(start, end, "{what}: slot rows are instants");
            }
            assert!(
                last.is_none_or(|l| l <= start),
                "{what}: rows out of time order"
            );
            last = Some(start);
            for it in r["items"].as_array().unwrap() {
                assert!(
                    it["sku"].is_string() && it["name"].is_string(),
                    "{what}: {it}"
                );
                assert!(
                    it["live_price"].is_number(),
                    "{what}: every example item has a live price: {it}"
                );
            }
            for w in r["welfare"].as_array().unwrap() {
                assert!(w["id"].is_string() && w["name"].is_string(), "{what}: {w}");
                let kind = w["kind"].as_str().unwrap();
                assert!(
                    [
                        "lucky_bag",
                        "red_packet",
                        "coupon",
                        "flash_sale",
                        "lottery",
                        "gift"
                    ]
                    .contains(&kind),
                    "{what}: {w}"
                );
            }
            let tasks = r["tasks"].as_array().unwrap();
            for t in tasks {
                let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
                assert_eq!(keys, ["at", "task", "who"], "{what}: {t}");
                assert!(
                    t["task"].as_str().is_some_and(|v| !v.is_empty()),
                    "{what}: {t}"
                );
                assert!(t["who"].is_string() || t["who"].is_null(), "{what}: {t}");
                if !t["at"].is_null() {
                    assert_rfc3339_shanghai(&what, &t["at"]);
                }
            }
        }
    }
}

/// Referenced products and welfare add their own tasks to the cue; slot
/// starts and ends are rows with the ads buyer's switch.
#[test]
fn json_auto_tasks() {
    let j = sheet_json("plans/douyin-night-midnight.toml");
    let tasks = |r: &Value| -> Vec<(String, Value, Value)> {
        r["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["task"].as_str().unwrap().to_string(),
                    t["who"].clone(),
                    t["at"].clone(),
                )
            })
            .collect()
    };
    for r in rows(&j, "cue") {
        let ts = tasks(r);
        for it in r["items"].as_array().unwrap() {
            let text = format!(
                "上架 {} {}",
                it["sku"].as_str().unwrap(),
                it["name"].as_str().unwrap()
            );
            assert!(
                ts.iter().any(|(t, who, _)| *t == text && who == "control"),
                "cue {} lacks {text:?}: {ts:?}",
                r["id"]
            );
        }
        for w in r["welfare"].as_array().unwrap() {
            let name = w["name"].as_str().unwrap();
            assert!(
                ts.iter()
                    .any(|(t, who, _)| (t.starts_with('发') || t.starts_with("开启"))
                        && t.ends_with(name)
                        && who == "control"),
                "cue {} lacks a release task for {name:?}: {ts:?}",
                r["id"]
            );
        }
    }
    let midnight = cue(&j, "零点红包");
    assert!(
        tasks(midnight)
            .iter()
            .any(|(t, who, _)| t == "发红包 零点红包" && who == "control")
    );
    let flash = cue(&j, "1元辣条 秒杀");
    assert!(
        tasks(flash)
            .iter()
            .any(|(t, _, _)| t == "开启秒杀 1元辣条大礼包 秒杀"),
        "{:?}",
        tasks(flash)
    );

    let starts = rows(&j, "slot_start");
    let ends = rows(&j, "slot_end");
    let ids: Vec<&str> = starts.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["open", "bridge", "midnight", "late"]);
    assert_eq!(ends.len(), 4);
    for r in starts.iter().chain(&ends) {
        let ts = tasks(r);
        assert_eq!(ts.len(), 1, "{r}");
        let (text, who, at) = &ts[0];
        let verb = if r["kind"] == "slot_start" {
            "开启"
        } else {
            "关闭"
        };
        assert!(
            text.starts_with(verb) && text.ends_with(r["id"].as_str().unwrap()),
            "{text}"
        );
        assert_eq!(who, "ads");
        assert_eq!(at, &r["start"]);
    }
    let late = starts.iter().find(|r| r["id"] == "late").unwrap();
    assert_eq!(late["start"], "2026-11-21T01:00:00+08:00");
    assert_eq!(
        late["tasks"][0]["task"],
        "开启 巨量千川·标准推广（直播间成交） late"
    );
}

#[test]
fn every_cue_appears_once() {
    let j = sheet_json("plans/kuaishou-brand-4h.toml");
    let ids: Vec<&str> = rows(&j, "cue")
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), 27);
    assert_eq!(unique.len(), ids.len(), "cue ids are unique: {ids:?}");
}

// ─────────────────────────── exit status ───────────────────────────

#[test]
fn sheet_refuses_a_plan_with_errors() {
    let out = run(
        &["sheet", "tests/fixtures/invalid/unknown-key-typo.toml"],
        NOW,
        TZ,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown key `timezome`"), "{err}");
    assert!(err.contains("fix the errors above"), "{err}");
}

#[test]
fn sheet_prints_a_plan_with_warnings() {
    let out = run(&["sheet", "tests/fixtures/warn/stock-zero.toml"], NOW, TZ);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn sheet_missing_file_exits_2() {
    let out = run(&["sheet", "plans/no-such-plan.toml"], NOW, TZ);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["sheet", "plans/minimal.toml", "--format", "pdf"], NOW, TZ);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn products_show_their_live_price() {
    let table = sheet("plans/douyin-night-midnight.toml", "table");
    assert!(table.contains("YM-001 ¥9.9"), "{table}");
    let md = sheet("plans/douyin-night-midnight.toml", "md");
    assert!(md.contains("YM-101 ¥59.9, YM-102 ¥49.9"), "{md}");
}

#[test]
fn csv_is_one_record_per_row() {
    let csv = sheet("plans/douyin-night-midnight.toml", "csv");
    let j = sheet_json("plans/douyin-night-midnight.toml");
    assert!(csv.starts_with("kind,id,start,end,duration,title,segment,products,welfare,tasks\r\n"));
    // Records end in CRLF; multi-line task cells use bare LF inside quotes.
    let records = csv.matches("\r\n").count() - 1;
    assert_eq!(records, j["rows"].as_array().unwrap().len());
}

// ─────────────────── extensions beyond the contract ───────────────────

/// tests/fixtures/valid/extensions.toml: Chinese enum values, local
/// date-times, a string date, the `d` unit, and Chinese crew roles that the
/// automatic tasks pick up.
#[test]
fn extensions_beyond_the_contract() {
    let j = sheet_json("tests/fixtures/valid/extensions.toml");
    let s = &j["session"];
    assert_eq!(s["platform"], "kuaishou", "快手 is kuaishou");
    assert_eq!(s["date"], "2026-11-11");
    assert_eq!(s["duration_seconds"], 86_400);
    assert_eq!(s["end"], "2026-11-12T08:00:00+08:00");

    let open = cue(&j, "开场 + 福袋");
    assert_eq!(open["start"], "2026-11-11T08:00:00+08:00");
    assert_eq!(open["welfare"][0]["kind"], "lucky_bag", "福袋 is lucky_bag");
    assert_eq!(
        open["tasks"],
        serde_json::json!([
            {"task": "福袋开奖", "who": "主播", "at": "2026-11-11T08:05:00+08:00"},
            {"task": "发福袋 开场福袋", "who": "中控", "at": null},
        ])
    );
    let pitch = cue(&j, "脐橙产地讲解 + 过品");
    assert_eq!(pitch["end"], "2026-11-12T07:30:00+08:00");
    assert_eq!(pitch["tasks"][0]["task"], "上架 NC-001 赣南脐橙 5斤");
    assert_eq!(pitch["tasks"][0]["who"], "中控");

    let start = rows(&j, "slot_start")[0];
    let end = rows(&j, "slot_end")[0];
    assert_eq!(start["start"], "2026-11-11T08:00:00+08:00");
    assert_eq!(end["start"], "2026-11-11T10:00:00+08:00");
    assert_eq!(start["tasks"][0]["who"], "投手");
    assert_eq!(end["tasks"][0]["task"], "关闭 磁力金牛 open");
}

/// tests/fixtures/valid/additions.toml: the "Additions to version 1" of
/// the contract. A task's clock time is that instant, an offset still
/// counts from its cue, and the 上架 task names the cart link.
#[test]
fn additions_to_version_1() {
    let j = sheet_json("tests/fixtures/valid/additions.toml");
    let open = cue(&j, "开场 + 引流款");
    assert_eq!(
        open["tasks"],
        serde_json::json!([
            {"task": "整点秒杀倒数", "who": "host", "at": "2026-11-11T19:43:00+08:00"},
            {"task": "报秒杀库存", "who": "control", "at": "2026-11-11T19:45:00+08:00"},
            {"task": "上架 3号链接 QB-001 60支长绒棉四件套", "who": "control", "at": null},
            {"task": "开启秒杀 整点秒杀 四件套", "who": "control", "at": null},
        ])
    );
    let hero = cue(&j, "爆款冬被 讲解");
    assert_eq!(hero["start"], "2026-11-11T19:50:00+08:00");
    assert_eq!(
        hero["tasks"][0]["task"],
        "上架 1号链接 DB-101 A类大豆纤维冬被"
    );

    // The clock time stays put when the cue around it moves; the offset
    // moves with the cue.
    let text = std::fs::read_to_string(root().join("tests/fixtures/valid/additions.toml")).unwrap();
    let moved = text.replace(
        "at = \"19:30\"\nduration = \"20m\"",
        "at = \"19:35\"\nduration = \"15m\"",
    );
    assert_ne!(text, moved, "fixture changed; update this test");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("moved.toml");
    std::fs::write(&path, moved).unwrap();
    let j = sheet_json(path.to_str().unwrap());
    let tasks = &cue(&j, "开场 + 引流款")["tasks"];
    assert_eq!(tasks[0]["at"], "2026-11-11T19:43:00+08:00");
    assert_eq!(tasks[1]["at"], "2026-11-11T19:50:00+08:00");
}

/// The table, like md, csv and json, lists the tasks of slot rows: the ads
/// buyer's 开启 / 关闭 checkbox.
#[test]
fn table_lists_slot_row_tasks() {
    let table = sheet("plans/douyin-night-midnight.toml", "table");
    let j = sheet_json("plans/douyin-night-midnight.toml");
    let slot_rows: Vec<&Value> = rows(&j, "slot_start")
        .into_iter()
        .chain(rows(&j, "slot_end"))
        .collect();
    assert!(!slot_rows.is_empty());
    for r in slot_rows {
        for t in r["tasks"].as_array().unwrap() {
            let task = t["task"].as_str().unwrap();
            assert!(
                table.contains(&format!("☐ {task} (")),
                "no {task:?} in:\n{table}"
            );
        }
    }
}

/// Slot rows in the table keep their whole title: channel, id and budget.
#[test]
fn table_slot_rows_are_not_cut() {
    let table = sheet("plans/douyin-night-midnight.toml", "table");
    for want in [
        "▶ 巨量千川·标准推广（进入直播间） open 开始 预算 10,000",
        "■ 巨量千川·全域推广 midnight 结束",
        "▶ 巨量千川·标准推广（直播间成交） late 开始 预算 10,000",
    ] {
        assert!(table.contains(want), "missing {want:?} in:\n{table}");
    }
}

/// The output pasted into README.md is what the program prints (lines up to
/// a `…` must match in order).
#[test]
fn readme_excerpts_match_the_program() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for (command, args) in [
        (
            "$ stagecall check plans/kuaishou-brand-4h.toml\n",
            &["check", "plans/kuaishou-brand-4h.toml"][..],
        ),
        (
            "$ stagecall check tests/fixtures/multi/many-errors.toml\n",
            &["check", "tests/fixtures/multi/many-errors.toml"][..],
        ),
        (
            "$ stagecall sheet plans/kuaishou-brand-4h.toml\n",
            &["sheet", "plans/kuaishou-brand-4h.toml"][..],
        ),
    ] {
        let excerpt = readme
            .split(command)
            .nth(1)
            .unwrap_or_else(|| panic!("README no longer shows {command:?}"));
        let excerpt = excerpt
            .split("\n\n$ ")
            .next()
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        let real = String::from_utf8(run(args, NOW, TZ).stdout).unwrap();
        let mut rest = real.as_str();
        for line in excerpt.lines().filter(|l| !l.is_empty() && *l != "…") {
            let at = rest.find(&format!("{line}\n")).unwrap_or_else(|| {
                panic!("README line {line:?} is not in the output of {args:?}:\n{real}")
            });
            rest = &rest[at + line.len()..];
        }
    }
}
