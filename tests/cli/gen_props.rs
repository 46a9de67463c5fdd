//! Property tests on generated plans (benches/support/genplan.rs): any
//! size and seed checks clean, gives a monotonic schedule that stays inside
//! the session, and `sheet --format json` round-trips that schedule.

#[path = "../../benches/support/genplan.rs"]
mod genplan;

use crate::util::stagecall;
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::Value;
use stagecall::core::plan::{Env, Plan};
use stagecall::core::schedule::{Schedule, ShowTime};

fn env() -> Env {
    Env {
        now: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    }
}

fn at(v: &Value) -> DateTime<FixedOffset> {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("a time string, got {v}"));
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn same(json: &Value, t: ShowTime) -> bool {
    at(json) == t.fixed_offset()
}

/// Checks the sheet's JSON against the schedule it was made from.
fn assert_round_trip(plan: &Plan, sched: &Schedule, json: &Value) -> Result<(), TestCaseError> {
    let rows = json["rows"].as_array().expect("rows");
    prop_assert_eq!(rows.len(), plan.cues.len() + 2 * sched.slots.len());
    for w in rows.windows(2) {
        prop_assert!(
            at(&w[0]["start"]) <= at(&w[1]["start"]),
            "rows in time order"
        );
    }
    let cues: Vec<&Value> = rows.iter().filter(|r| r["kind"] == "cue").collect();
    prop_assert_eq!(cues.len(), plan.cues.len());
    for ((row, cue), iv) in cues.iter().zip(&plan.cues).zip(&sched.cues) {
        prop_assert_eq!(row["id"].as_str(), Some(cue.id.as_str()));
        prop_assert_eq!(row["title"].as_str(), Some(cue.title.as_str()));
        prop_assert!(
            same(&row["start"], iv.start),
            "{} starts {}",
            cue.id,
            row["start"]
        );
        prop_assert!(same(&row["end"], iv.end), "{} ends {}", cue.id, row["end"]);
        let skus: Vec<&str> = row["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["sku"].as_str())
            .collect();
        let want: Vec<&str> = cue
            .items
            .iter()
            .map(|&i| plan.items[i].sku.as_str())
            .collect();
        prop_assert_eq!(skus, want);
        let tasks = row["tasks"].as_array().expect("tasks").len();
        prop_assert_eq!(
            tasks,
            cue.checklist.len() + cue.items.len() + cue.welfare.len()
        );
    }
    let slots = plan.traffic.as_ref().map_or(&[][..], |t| &t.slots[..]);
    for (slot, iv) in slots.iter().zip(&sched.slots) {
        let row = |kind: &str| {
            rows.iter()
                .find(|r| r["kind"] == kind && r["id"] == slot.id.as_str())
        };
        prop_assert!(row("slot_start").is_some_and(|r| same(&r["start"], iv.start)));
        prop_assert!(row("slot_end").is_some_and(|r| same(&r["start"], iv.end)));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn generated_plans_schedule_monotonically_and_round_trip(
        hours in 1u32..=3,
        cues_per_hour in 1usize..150,
        skus in 1usize..80,
        seed in any::<u64>(),
    ) {
        let spec = genplan::Spec { hours, cues: hours as usize * cues_per_hour, skus, seed };
        let text = genplan::generate(spec);
        let checked = stagecall::core::check("gen.toml", text.as_bytes(), &env());
        prop_assert!(
            checked.diagnostics.is_empty(),
            "{spec:?} does not check clean: {:#?}",
            &checked.diagnostics[..checked.diagnostics.len().min(3)]
        );
        let (plan, sched) = checked.ok().expect("a valid plan");
        prop_assert_eq!(sched.cues.len(), spec.cues);
        prop_assert_eq!(sched.length().num_seconds(), i64::from(hours) * 3600);
        for (k, iv) in sched.cues.iter().enumerate() {
            prop_assert!(sched.start <= iv.start && iv.start < sched.end, "cue {k} inside the session");
            prop_assert!(iv.start < iv.end && iv.end <= sched.end, "cue {k} ends inside the session");
            let planned = genplan::cue_start(&spec, k) as i64;
            prop_assert_eq!((iv.start - sched.start).num_seconds(), planned);
        }
        for w in sched.cues.windows(2) {
            prop_assert!(w[0].start <= w[1].start, "cue starts never go backwards");
            prop_assert_eq!(w[0].end, w[1].start, "cues follow each other without a gap");
        }
        let json = serde_json::to_string_pretty(&stagecall::render::sheet::to_json(plan, sched))
            .expect("the sheet serializes");
        let value: Value = serde_json::from_str(&json).expect("the sheet parses back");
        assert_round_trip(plan, sched, &value)?;
    }
}

/// The command itself, once: `stagecall sheet --format json` on a
/// generated plan file prints what the library's sheet holds.
#[test]
fn sheet_command_prints_the_schedule() {
    let spec = genplan::Spec {
        hours: 2,
        cues: 90,
        skus: 30,
        seed: 5,
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("gen.toml");
    std::fs::write(&path, genplan::generate(spec)).expect("the plan is written");
    let out = stagecall(&["sheet", "--format", "json"])
        .arg(&path)
        .now("2026-11-01T00:00:00Z")
        .output();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let checked = stagecall::core::check("gen.toml", &std::fs::read(&path).unwrap(), &env());
    let (plan, sched) = checked.ok().expect("a valid plan");
    assert_round_trip(plan, sched, &printed).expect("the printed sheet matches the schedule");
    let rows = printed["rows"].as_array().unwrap();
    assert_eq!(
        rows.iter().filter(|r| r["kind"] == "cue").count(),
        spec.cues
    );
}
