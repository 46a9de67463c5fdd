//! Where a plan falls on the clock: a show across midnight, offsets as
//! elapsed time over a DST change, and clock times that do not exist.

use chrono::{TimeZone, Utc};

use crate::plan::{Env, Plan};
use crate::schedule::Schedule;

fn env() -> Env {
    Env {
        now: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        local_tz: chrono_tz::Asia::Shanghai,
    }
}

/// The plan and its schedule, which must check without errors.
fn placed(text: &str) -> (Plan, Schedule) {
    let c = crate::check("t.toml", text.as_bytes(), &env());
    let errors: Vec<_> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    let (p, s) = c.ok().expect("the plan checks");
    (p.clone(), s.clone())
}

fn utc(s: &str) -> chrono::DateTime<Utc> {
    s.parse().expect("an RFC 3339 instant")
}

#[test]
fn clock_times_before_the_start_fall_on_the_next_day() {
    let (_, s) = placed(
        "format = 1\n[session]\ntitle = \"跨夜\"\ndate = 2026-11-11\nstart = \"22:00\"\nend = \"02:00\"\ntimezone = \"Asia/Shanghai\"\n\
         [[cue]]\ntitle = \"开场\"\n[[cue]]\ntitle = \"零点秒杀\"\nat = \"00:00\"\n[[cue]]\ntitle = \"收尾\"\nat = \"01:30\"\n",
    );
    assert_eq!(s.start, utc("2026-11-11T14:00:00Z"));
    assert_eq!(s.end, utc("2026-11-11T18:00:00Z"), "02:00 on the 12th");
    let starts: Vec<_> = s.cues.iter().map(|c| c.start.with_timezone(&Utc)).collect();
    assert_eq!(
        starts,
        [
            utc("2026-11-11T14:00:00Z"),
            utc("2026-11-11T16:00:00Z"),
            utc("2026-11-11T17:30:00Z"),
        ]
    );
    // Each cue lasts until the next one starts; the last until the end.
    assert_eq!(s.cues[0].end, s.cues[1].start);
    assert_eq!(s.cues[2].end, s.end);
}

#[test]
fn durations_are_elapsed_time_across_the_fall_back() {
    // New York leaves daylight time at 02:00 on 2026-11-01: 01:00 to 02:00
    // happens twice. Three hours from 00:30 end at 02:30 on the wall clock.
    let (_, s) = placed(
        "format = 1\n[session]\ntitle = \"DST\"\ndate = 2026-11-01\nstart = \"00:30\"\nduration = \"3h\"\ntimezone = \"America/New_York\"\n\
         [[cue]]\ntitle = \"a\"\nduration = \"1h\"\n[[cue]]\ntitle = \"b\"\nduration = \"1h\"\n[[cue]]\ntitle = \"c\"\n",
    );
    assert_eq!(s.start, utc("2026-11-01T04:30:00Z"));
    assert_eq!(s.end - s.start, chrono::Duration::hours(3));
    assert_eq!(s.end.format("%H:%M %Z").to_string(), "02:30 EST");
    // The hour-long cues are an hour each, though the second starts at
    // 01:30 EDT and ends at 01:30 EST.
    assert_eq!(s.cues[1].start.format("%H:%M %Z").to_string(), "01:30 EDT");
    assert_eq!(s.cues[1].end.format("%H:%M %Z").to_string(), "01:30 EST");
    assert_eq!(s.cues[2].end, s.end);
}

#[test]
fn a_clock_time_the_spring_forward_skips_is_an_error() {
    let text = "format = 1\n[session]\ntitle = \"DST\"\ndate = 2026-03-08\nstart = \"01:00\"\nduration = \"3h\"\ntimezone = \"America/New_York\"\n\
                [[cue]]\ntitle = \"a\"\n[[cue]]\ntitle = \"b\"\nat = \"02:30\"\n";
    let c = crate::check("t.toml", text.as_bytes(), &env());
    let errors: Vec<String> = c
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("2026-03-08 02:30 does not exist in America/New_York"),
        "{errors:?}"
    );
}
