//! `stagecall report`: the post-show review, in every format, from a plan
//! and a hand-written state log (including a torn last line and state that
//! a plan edit orphaned), and the figures read from the live numbers.

use crate::report_support::*;
use serde_json::Value;

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

#[test]
fn json_adds_the_figures_per_cue_sku_slot_and_release() {
    let r: Value = serde_json::from_str(&numbers_report("json")).expect("json");
    let open = &r["cues"][0];
    // 20:00–20:13: GMV 2000 − 0; online 1000 ×4 min, 1600 ×2.5, 1400
    // ×3.5, 1500 ×3 → 1,044,000 person-seconds over 780 s.
    assert_eq!(open["gmv"], 2000.0);
    assert_eq!(open["orders"], 40);
    assert_eq!(open["online_peak"], 1600);
    assert_eq!(open["online_avg"], 1338);
    assert_eq!(open["gmv_per_min"], 153.85);
    // 20:13–21:03 (the last cue keeps its planned length, so it ends late
    // too): 13000 − 2000 over 50 minutes; online 1500 ×7 min, 2500 ×10,
    // 2000 ×10, 1200 ×23.
    let pitch = &r["cues"][1];
    assert_eq!(pitch["gmv"], 11000.0);
    assert_eq!(pitch["orders"], 120);
    assert_eq!(pitch["online_peak"], 2500);
    assert_eq!(pitch["online_avg"], 1662);
    assert_eq!(pitch["gmv_per_min"], 220.0);
    let sku = &r["products"][0];
    assert_eq!(sku["sku"], "A-1");
    assert_eq!(sku["sold"], 100);
    assert_eq!(sku["sell_through"], 1.0);
    assert_eq!(sku["sold_out_at"], "2026-11-11T20:20:00+08:00");
    // The slot, 20:00–20:30: 12000 of GMV on 4000 of spend, under 4.0.
    let slot = &r["slots"][0];
    assert_eq!(slot["spend"], 4000.0);
    assert_eq!(slot["gmv"], 12000.0);
    assert_eq!(slot["roi"], 3.0);
    assert_eq!(slot["roi_met"], false);
    let release = &r["welfare"][0]["releases"][0];
    assert_eq!(release["at"], "2026-11-11T20:02:00+08:00");
    assert_eq!(release["cue"], "open");
    assert_eq!(release["online_before"], 1000);
    assert_eq!(
        release["online_after"], 1400,
        "the last reading within 5 minutes"
    );
    let s = &r["summary"];
    assert_eq!(s["gmv"], 13000.0);
    assert_eq!(s["gmv_target_share"], 0.26);
    assert_eq!(s["orders"], 160);
    assert_eq!(s["online_peak"], 2500);
    assert_eq!(s["spend"], 4000.0);
    assert_eq!(s["readings"], 8);
    assert_eq!(r["readings"].as_array().map(Vec::len), Some(8));
}

#[test]
fn without_readings_the_figures_are_null_and_the_gmv_total_is_zero() {
    let (_d, p) = setup(&plan_with_numbers(), &log_text());
    let r: Value =
        serde_json::from_str(&report_at(&p, &["--at", AT, "--format", "json"])).expect("json");
    for key in ["gmv", "orders", "online_peak", "online_avg", "gmv_per_min"] {
        let v = r["cues"][0]
            .get(key)
            .unwrap_or_else(|| panic!("no key {key}"));
        assert!(v.is_null(), "cue {key}: {v}");
    }
    for key in ["sold", "sell_through", "sold_out_at"] {
        assert!(r["products"][0][key].is_null(), "sku {key}");
    }
    for key in ["spend", "gmv", "roi"] {
        assert!(r["slots"][0][key].is_null(), "slot {key}");
    }
    let release = &r["welfare"][0]["releases"][0];
    assert!(release["online_before"].is_null() && release["online_after"].is_null());
    assert_eq!(r["summary"]["gmv"], 0.0, "0 before the first reading");
    assert!(r["summary"]["orders"].is_null());
    let md = report_at(&p, &["--at", AT, "--format", "md"]);
    assert!(md.contains("no readings of the live numbers"), "{md}");
    assert!(!md.contains("## Numbers"), "{md}");
    assert!(
        md.contains("| — | — |"),
        "the traffic table shows absent figures: {md}"
    );
}

#[test]
fn markdown_shows_the_figures() {
    let md = numbers_report("md");
    for text in [
        "- GMV 成交额: ¥13,000 of ¥50,000 target 目标 (26%)",
        "Orders 订单: 160 · Online peak 在线峰值: 2,500 · Spend 投放消耗: ¥4,000",
        "| 开场 | 20:00–20:13 | ¥2,000 | 40 | 1,600 | 1,338 | ¥153.85 |",
        "| 讲解 | 20:13–21:03 | ¥11,000 | 120 | 2,500 | 1,662 | ¥220 |",
        "| A-1 | 枕套 | 100 | 100 | 100% | 20:20 |",
        "| 20:02 | 开场福袋 | 1,000 | 1,400 | +400 |",
        "| ¥4,000 | ¥12,000 | 3.00 ✗ | 4 |",
    ] {
        assert!(md.contains(text), "missing {text:?} in\n{md}");
    }
}

#[test]
fn csv_adds_the_figures_as_numbers() {
    let csv = numbers_report("csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert!(
        rows[0].ends_with(",at,gmv,orders,online_peak,online_avg,gmv_per_min,stock,sold,sell_through,sold_out_at,spend,roi,roi_target,online_before,online_after"),
        "{}",
        rows[0]
    );
    let cols = rows[0].split(',').count();
    assert!(rows.iter().all(|r| r.split(',').count() == cols), "{csv}");
    // The opening's figures on its first row only, so a column sums right.
    let open: Vec<&&str> = rows.iter().filter(|r| r.starts_with("cue,open,")).collect();
    assert!(
        open[0].ends_with(",2000,40,1600,1338,153.85,,,,,,,,,"),
        "{}",
        open[0]
    );
    assert!(
        open[1..].iter().all(|r| r.ends_with(",,,,,,,,,,,,,,")),
        "{csv}"
    );
    assert!(
        rows.iter().any(|r| r.starts_with("product,A-1,枕套,")
            && r.contains(",100,100,1,2026-11-11T20:20:00+08:00,")),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("slot,burst,") && r.contains(",12000,,,,,,,,,4000,3,4,,")),
        "{csv}"
    );
    assert!(
        rows.iter().any(
            |r| r.starts_with("release,bag,开场福袋,,2026-11-11T20:02:00+08:00,")
                && r.ends_with(",1000,1400")
        ),
        "{csv}"
    );
    assert!(!csv.contains("'"), "no number is quoted as text: {csv}");
}

#[test]
fn xlsx_has_the_figures_as_numbers() {
    use calamine::{Data, Reader};
    let (d, p) = setup(&plan_with_numbers(), &numbers_log());
    let out = d.path().join("r.xlsx");
    report_at(
        &p,
        &[
            "--at",
            AT,
            "--format",
            "xlsx",
            "--lang",
            "en",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let mut book = calamine::open_workbook_auto(&out).expect("calamine opens it");
    let names = book.sheet_names();
    for name in ["Summary", "Cues", "Products", "Releases", "Traffic"] {
        assert!(
            names.iter().any(|n| n == name),
            "no sheet {name}: {names:?}"
        );
    }
    let sheet = |book: &mut calamine::Sheets<_>, name: &str| -> Vec<Vec<Data>> {
        let r = book.worksheet_range(name).expect("sheet");
        r.rows().map(<[Data]>::to_vec).collect()
    };
    let col = |rows: &[Vec<Data>], header: &str| {
        rows[0]
            .iter()
            .position(|c| *c == Data::String(header.into()))
            .unwrap_or_else(|| panic!("no column {header}"))
    };
    let cues = sheet(&mut book, "Cues");
    assert_eq!(cues[1][col(&cues, "GMV")], Data::Float(2000.0));
    assert_eq!(cues[2][col(&cues, "Online average")], Data::Float(1662.0));
    let products = sheet(&mut book, "Products");
    assert_eq!(
        products[1][col(&products, "Sell-through")],
        Data::Float(1.0)
    );
    let releases = sheet(&mut book, "Releases");
    assert_eq!(
        releases[1][col(&releases, "Online 5 min after")],
        Data::Float(1400.0)
    );
    let traffic = sheet(&mut book, "Traffic");
    assert_eq!(traffic[1][col(&traffic, "ROI")], Data::Float(3.0));
}
