//! What the core's unit tests share: a plan checked as `check` would (in
//! Shanghai, "today" pinned), instants on the show day 2026-11-11, and a
//! log folded from records stamped at those instants.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::plan::{Env, Plan};
use crate::schedule::{Schedule, ShowTime};
use crate::state::event::HlcClock;
use crate::state::{Event, EventKind, LiveState};

pub const TZ: Tz = chrono_tz::Asia::Shanghai;

/// The environment the plans are checked in: Shanghai, "today" a week
/// before the show.
pub fn env() -> Env {
    Env {
        local_tz: TZ,
        now: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
    }
}

/// A plan that must check without errors, and its schedule.
pub fn checked(text: &str) -> (Plan, Schedule) {
    let c = crate::check("t.toml", text.as_bytes(), &env());
    let errors: Vec<_> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    let (p, s) = c.ok().expect("plan checks");
    (p.clone(), s.clone())
}

/// "20:05" or "20:05:30" on the show day, in Shanghai.
pub fn t(hm: &str) -> ShowTime {
    let fmt = if hm.len() > 5 { "%H:%M:%S" } else { "%H:%M" };
    let time = NaiveTime::parse_from_str(hm, fmt).expect("time");
    TZ.from_local_datetime(
        &NaiveDate::from_ymd_opt(2026, 11, 11)
            .unwrap()
            .and_time(time),
    )
    .unwrap()
}

/// [`t`] in UTC, as records carry it.
pub fn utc(hm: &str) -> DateTime<Utc> {
    t(hm).with_timezone(&Utc)
}

/// The state of records made at those instants on one machine.
pub fn fold(records: &[(&str, EventKind)]) -> LiveState {
    let mut clock = HlcClock::new("desk");
    let events: Vec<Event> = records
        .iter()
        .map(|(at, k)| Event::local(&mut clock, None, utc(at), utc(at), k.clone()))
        .collect();
    LiveState::from_events(&events)
}
