//! Events: the only thing ever written about a live show. One JSON object
//! per line; the state is their fold.
//!
//! Every event carries a unique id, its origin machine and a hybrid logical
//! clock ([`Hlc`]) stamp, so events from several machines can be merged and
//! folded in any order to the same state. Logs written before these fields
//! existed still read: the stamp then falls back to the wall clock.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One thing the crew did, stamped with both clocks: `wall` is the machine's
/// real time, `show` the show clock (the same live; simulated in a rehearsal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Unique across machines and processes:
    /// `<origin>~<process nonce>:<hlc.ms>:<hlc.c>`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The machine that recorded it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub origin: String,
    /// The crew role of the runner that recorded it (`--role`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hlc: Option<Hlc>,
    pub wall: DateTime<Utc>,
    pub show: DateTime<Utc>,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// A task done. Tasks are keyed by row (cue id or slot row) and text.
    Tick {
        cue: String,
        task: String,
    },
    Untick {
        cue: String,
        task: String,
    },
    /// A task deliberately not done.
    Skip {
        cue: String,
        task: String,
    },
    /// The cue started now (the operator pressed GO).
    Go {
        cue: String,
    },
    /// GO while the last cue was on air: the show ended now.
    End,
    /// A hold (+60) or pull (-60): the cue it is attributed to at this
    /// instant runs that much longer or shorter (see `LIVE_CLOCK.md`).
    Delay {
        seconds: i64,
    },
    /// A welfare action was released to viewers, during `cue` (absent in
    /// old logs: then the cue on air at the release's instant).
    Release {
        welfare: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cue: Option<String>,
    },
    SoldOut {
        sku: String,
    },
    Restock {
        sku: String,
    },
    Note {
        text: String,
    },
    /// A message from the control room to the host's screen; it stands
    /// until the next one (an empty text clears it).
    Message {
        text: String,
    },
    /// A reading of the live numbers (a feed line, a `$` entry, an API
    /// call), at this event's show time.
    Metrics {
        #[serde(flatten)]
        reading: super::reading::Reading,
    },
    /// Takes back an earlier record (by its id); the log stays append-only.
    Undo {
        target: String,
    },
    /// A rehearsal's simulated clock: at this event's `wall` time the show
    /// clock read `show` and ran `speed` times as fast (`running: false`:
    /// stopped there, when the runner quit).
    Clock {
        speed: Speed,
        running: bool,
    },
}

/// A rehearsal clock's speed: a float that compares by its bits, so
/// events stay `Eq`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Speed(pub f64);

impl PartialEq for Speed {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Speed {}

impl EventKind {
    /// Whether the operator can take this record back with undo (the
    /// rehearsal clock is the runner's own bookkeeping, and undo is
    /// never undone).
    pub fn undoable(&self) -> bool {
        !matches!(self, EventKind::Undo { .. } | EventKind::Clock { .. })
    }
}

/// A hybrid logical clock stamp: physical milliseconds, and a counter that
/// breaks ties and keeps causality when clocks disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    pub ms: i64,
    pub c: u32,
}

/// The largest hold or pull one record may carry, either way.
pub const MAX_DELAY_SECONDS: i64 = 86_400;
/// A rehearsal clock's speed range (as `--speed`).
pub const MIN_SPEED: f64 = 0.01;
pub const MAX_SPEED: f64 = 10_000.0;

/// How far ahead of this machine's wall clock a stamp seen elsewhere may
/// be and still be followed. Beyond it (a wrong clock, a poisoned log) the
/// stamp is not followed, so it cannot freeze this machine's stamps.
pub const MAX_SKEW_MS: i64 = 24 * 3600 * 1000;

/// Issues HLC stamps for one machine.
#[derive(Debug, Clone)]
pub struct HlcClock {
    node: String,
    /// Random per process: two runners that share an origin (the same
    /// `STAGECALL_ORIGIN`, a cloned VM) still never issue the same id.
    nonce: String,
    last: Hlc,
}

impl HlcClock {
    pub fn new(node: impl Into<String>) -> Self {
        use std::hash::{BuildHasher, Hasher};
        // The std hasher is seeded from the OS's randomness per process.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        HlcClock {
            node: node.into(),
            nonce: format!("{:08x}", h.finish() as u32),
            last: Hlc { ms: 0, c: 0 },
        }
    }

    pub fn node(&self) -> &str {
        &self.node
    }

    /// Takes in a stamp seen elsewhere (the log, another machine), so every
    /// later local stamp orders after it. A stamp more than [`MAX_SKEW_MS`]
    /// ahead of `wall_now` is not followed; returns whether it was.
    pub fn observe_at(&mut self, h: Hlc, wall_now: DateTime<Utc>) -> bool {
        if h.ms > wall_now.timestamp_millis().saturating_add(MAX_SKEW_MS) {
            return false;
        }
        self.last = self.last.max(h);
        true
    }

    /// [`observe_at`](Self::observe_at) against the real clock.
    pub fn observe(&mut self, h: Hlc) -> bool {
        self.observe_at(h, Utc::now())
    }

    /// The next stamp at wall time `wall`.
    pub fn next(&mut self, wall: DateTime<Utc>) -> Hlc {
        let ms = wall.timestamp_millis();
        self.last = if ms > self.last.ms {
            Hlc { ms, c: 0 }
        } else if self.last.c == u32::MAX {
            // The counter is spent (a hostile stamp can spend it): move the
            // physical part on rather than issue one stamp twice.
            Hlc {
                ms: self.last.ms.saturating_add(1),
                c: 0,
            }
        } else {
            Hlc {
                ms: self.last.ms,
                c: self.last.c + 1,
            }
        };
        self.last
    }
}

/// The total order events are folded by: HLC, then origin, then id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub hlc: Hlc,
    pub origin: String,
    pub id: String,
}

impl Event {
    /// An event without identity (tests, benchmarks, old logs).
    pub fn new(wall: DateTime<Utc>, show: DateTime<Utc>, kind: EventKind) -> Self {
        Event {
            id: String::new(),
            origin: String::new(),
            role: None,
            hlc: None,
            wall,
            show,
            kind,
        }
    }

    /// A new local event, stamped and identified by `clock`.
    pub fn local(
        clock: &mut HlcClock,
        role: Option<String>,
        wall: DateTime<Utc>,
        show: DateTime<Utc>,
        kind: EventKind,
    ) -> Self {
        let hlc = clock.next(wall);
        let origin = clock.node().to_string();
        Event {
            id: format!("{origin}~{}:{}:{}", clock.nonce, hlc.ms, hlc.c),
            origin,
            role,
            hlc: Some(hlc),
            wall,
            show,
            kind,
        }
    }

    pub fn stamp(&self) -> Stamp {
        Stamp {
            hlc: self.hlc.unwrap_or(Hlc {
                ms: self.wall.timestamp_millis(),
                c: 0,
            }),
            origin: self.origin.clone(),
            id: self.id.clone(),
        }
    }

    /// The JSON line for the log, without its line end.
    pub fn to_line(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Reading an event back, by hand rather than derived: the derive goes
/// through serde's buffered `Content` for the flattened, internally tagged
/// kind, and chrono's general date-time parser for both stamps, which made
/// reading a state log cost several times the fold itself (a 100,000-line
/// log took ~190 ms to parse). This reads the same JSON: the same field
/// names, unknown fields ignored, `role` and `hlc` optional, the kind's
/// fields required by its `event` tag.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EventVisitor)
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Id,
    Origin,
    Role,
    Hlc,
    Wall,
    Show,
    Event,
    Cue,
    Task,
    Seconds,
    Welfare,
    Sku,
    Text,
    Speed,
    Running,
    Target,
    Online,
    Gmv,
    Orders,
    Likes,
    Sold,
    Spend,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Tag {
    Tick,
    Untick,
    Skip,
    Go,
    End,
    Delay,
    Release,
    SoldOut,
    Restock,
    Note,
    Message,
    Metrics,
    Undo,
    Clock,
}

struct EventVisitor;

impl<'de> serde::de::Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an event object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        use serde::de::Error;
        fn need<T, E: Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
            v.ok_or_else(|| E::missing_field(name))
        }
        let (mut id, mut origin, mut role, mut hlc) = (None, None, None, None);
        let (mut wall, mut show, mut tag) = (None, None, None);
        let (mut cue, mut task, mut seconds) = (None, None, None);
        let (mut welfare, mut sku, mut text) = (None, None, None);
        let (mut target, mut speed, mut running) = (None, None, None);
        let mut figures = serde_json::Map::new();
        while let Some(key) = map.next_key::<Field>()? {
            match key {
                Field::Id => id = Some(map.next_value::<String>()?),
                Field::Origin => origin = Some(map.next_value::<String>()?),
                Field::Role => role = map.next_value::<Option<String>>()?,
                Field::Hlc => hlc = map.next_value::<Option<Hlc>>()?,
                Field::Wall => wall = Some(map.next_value::<Utc3339>()?.0),
                Field::Show => show = Some(map.next_value::<Utc3339>()?.0),
                Field::Event => tag = Some(map.next_value::<Tag>()?),
                Field::Cue => cue = Some(map.next_value::<String>()?),
                Field::Task => task = Some(map.next_value::<String>()?),
                Field::Seconds => seconds = Some(map.next_value::<i64>()?),
                Field::Welfare => welfare = Some(map.next_value::<String>()?),
                Field::Sku => sku = Some(map.next_value::<String>()?),
                Field::Text => text = Some(map.next_value::<String>()?),
                Field::Target => target = Some(map.next_value::<String>()?),
                Field::Speed => speed = Some(map.next_value::<f64>()?),
                Field::Running => running = Some(map.next_value::<bool>()?),
                Field::Online
                | Field::Gmv
                | Field::Orders
                | Field::Likes
                | Field::Sold
                | Field::Spend => {
                    let name = match key {
                        Field::Online => "online",
                        Field::Gmv => "gmv",
                        Field::Orders => "orders",
                        Field::Likes => "likes",
                        Field::Sold => "sold",
                        _ => "spend",
                    };
                    figures.insert(name.to_string(), map.next_value::<serde_json::Value>()?);
                }
                Field::Other => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        let kind = match need(tag, "event")? {
            Tag::Tick => EventKind::Tick {
                cue: need(cue, "cue")?,
                task: need(task, "task")?,
            },
            Tag::Untick => EventKind::Untick {
                cue: need(cue, "cue")?,
                task: need(task, "task")?,
            },
            Tag::Skip => EventKind::Skip {
                cue: need(cue, "cue")?,
                task: need(task, "task")?,
            },
            Tag::Go => EventKind::Go {
                cue: need(cue, "cue")?,
            },
            Tag::End => EventKind::End,
            Tag::Delay => EventKind::Delay {
                // A hold is a minute; a day either way is already absurd,
                // and anything beyond would overflow the show's arithmetic.
                seconds: match need(seconds, "seconds")? {
                    s if s.abs() <= MAX_DELAY_SECONDS => s,
                    s => {
                        return Err(A::Error::custom(format!(
                            "a delay of {s} seconds is out of range (at most a day either way)"
                        )));
                    }
                },
            },
            Tag::Release => EventKind::Release {
                welfare: need(welfare, "welfare")?,
                cue,
            },
            Tag::SoldOut => EventKind::SoldOut {
                sku: need(sku, "sku")?,
            },
            Tag::Restock => EventKind::Restock {
                sku: need(sku, "sku")?,
            },
            Tag::Note => EventKind::Note {
                text: need(text, "text")?,
            },
            Tag::Message => EventKind::Message {
                text: need(text, "text")?,
            },
            Tag::Metrics => EventKind::Metrics {
                reading: serde_json::from_value(serde_json::Value::Object(figures))
                    .map_err(A::Error::custom)?,
            },
            Tag::Undo => EventKind::Undo {
                target: need(target, "target")?,
            },
            Tag::Clock => EventKind::Clock {
                // The same range `--speed` takes.
                speed: match need(speed, "speed")? {
                    s if s.is_finite() && (MIN_SPEED..=MAX_SPEED).contains(&s) => Speed(s),
                    s => {
                        return Err(A::Error::custom(format!(
                            "a rehearsal speed of {s} is out of range ({MIN_SPEED} to {MAX_SPEED})"
                        )));
                    }
                },
                running: need(running, "running")?,
            },
        };
        Ok(Event {
            id: id.unwrap_or_default(),
            origin: origin.unwrap_or_default(),
            role,
            hlc,
            wall: need(wall, "wall")?,
            show: need(show, "show")?,
            kind,
        })
    }
}

/// An RFC 3339 date-time read as chrono reads it, with a fast path for
/// the form the log is written in (`2026-11-11T20:00:00.123Z`).
struct Utc3339(DateTime<Utc>);

impl<'de> Deserialize<'de> for Utc3339 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Utc3339;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an RFC 3339 formatted date and time string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Utc3339, E> {
                match parse_utc_fast(s) {
                    Some(t) => Ok(Utc3339(t)),
                    None => s
                        .parse::<DateTime<chrono::FixedOffset>>()
                        .map(|t| Utc3339(t.with_timezone(&Utc)))
                        .map_err(E::custom),
                }
            }
        }
        d.deserialize_str(V)
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` exactly; anything else (offsets,
/// leap seconds, a space for the `T`) is left to chrono.
fn parse_utc_fast(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || *b.last()? != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut n = 0u32;
        for &c in &b[r] {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            n = n * 10 + u32::from(d);
        }
        Some(n)
    };
    let digit = |i: usize| {
        let d = b[i].wrapping_sub(b'0');
        (d <= 9).then_some(u32::from(d))
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let (year, month, day) = (two(0)? * 100 + two(2)?, two(5)?, two(8)?);
    let (hour, min, sec) = (two(11)?, two(14)?, two(17)?);
    let frac = &b[19..b.len() - 1];
    let nanos = match frac {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let n = num(20..20 + digits.len())?;
            n * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    if sec > 59 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let time = chrono::NaiveTime::from_hms_nano_opt(hour, min, sec, nanos)?;
    Some(date.and_time(time).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_date_times_agree_with_chrono() {
        for s in [
            "2026-11-11T20:00:00Z",
            "2026-11-11T20:00:00.5Z",
            "2026-11-11T20:00:00.123Z",
            "2026-11-11T20:00:00.123456789Z",
            "2024-02-29T23:59:59.000000001Z",
            "0001-01-01T00:00:00Z",
        ] {
            let want = s
                .parse::<DateTime<chrono::FixedOffset>>()
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(parse_utc_fast(s), Some(want), "{s}");
        }
        for s in [
            "2026-11-11T20:00:00+08:00",
            "2026-11-11 20:00:00Z",
            "2026-11-11T20:00:60Z",
            "2026-02-30T20:00:00Z",
            "2026-11-11T20:00:00.1234567890Z",
            "2026-11-11T20:00:00.Z",
            "2026-11-11T2a:00:00Z",
            "+2026-11-11T20:00:00Z",
        ] {
            assert_eq!(parse_utc_fast(s), None, "{s}");
        }
    }

    #[test]
    fn events_read_back_as_written() {
        let t = DateTime::<Utc>::from_timestamp(1_800_000_000, 123_000_000).unwrap();
        let mut clock = HlcClock::new("desk");
        let kinds = [
            EventKind::Tick {
                cue: "c\"1".into(),
                task: "上架 \\ A".into(),
            },
            EventKind::Untick {
                cue: "c".into(),
                task: "t".into(),
            },
            EventKind::Skip {
                cue: "c".into(),
                task: "t".into(),
            },
            EventKind::Go { cue: "c".into() },
            EventKind::Delay { seconds: -90 },
            EventKind::Release {
                welfare: "bag".into(),
                cue: None,
            },
            EventKind::Release {
                welfare: "bag".into(),
                cue: Some("open".into()),
            },
            EventKind::End,
            EventKind::Undo {
                target: "desk:1:0".into(),
            },
            EventKind::Clock {
                speed: Speed(30.0),
                running: true,
            },
            EventKind::SoldOut { sku: "A".into() },
            EventKind::Restock { sku: "A".into() },
            EventKind::Note {
                text: "备注\n第二行".into(),
            },
            EventKind::Message {
                text: "倒数10秒上福袋".into(),
            },
            EventKind::Message {
                text: String::new(),
            },
            EventKind::Metrics {
                reading: super::super::reading::parse_feed_line(
                    r#"{"online":3200,"gmv":"12.5万","sold":{"T-01":3},"spend":{"s":1.5}}"#,
                )
                .expect("reading")
                .1,
            },
        ];
        for kind in kinds {
            for e in [
                Event::new(t, t, kind.clone()),
                Event::local(&mut clock, Some("ads".into()), t, t, kind.clone()),
            ] {
                let line = e.to_line();
                assert_eq!(serde_json::from_str::<Event>(&line).unwrap(), e, "{line}");
            }
        }
    }

    #[test]
    fn a_stamp_from_the_far_future_does_not_poison_local_ids() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let mut clock = HlcClock::new("desk");
        assert!(!clock.observe_at(Hlc { ms: i64::MAX, c: 0 }, now));
        let ids: std::collections::HashSet<String> = (0..100)
            .map(|_| Event::local(&mut clock, None, now, now, EventKind::Delay { seconds: 60 }).id)
            .collect();
        assert_eq!(ids.len(), 100, "every local id unique");
        // A stamp within a day ahead is still followed (clocks disagree).
        assert!(clock.observe_at(
            Hlc {
                ms: now.timestamp_millis() + 3_600_000,
                c: 0
            },
            now
        ));
    }

    #[test]
    fn a_spent_counter_moves_the_clock_on_instead_of_repeating_a_stamp() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let mut clock = HlcClock::new("desk");
        // Within the allowed skew, but with the counter at its end.
        assert!(clock.observe_at(
            Hlc {
                ms: now.timestamp_millis() + 60_000,
                c: u32::MAX
            },
            now
        ));
        let ids: std::collections::HashSet<String> = (0..50)
            .map(|_| Event::local(&mut clock, None, now, now, EventKind::Delay { seconds: 60 }).id)
            .collect();
        assert_eq!(ids.len(), 50);
    }

    #[test]
    fn two_runners_with_the_same_origin_never_share_an_id() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let (mut a, mut b) = (HlcClock::new("samehost"), HlcClock::new("samehost"));
        let mut ids = std::collections::HashSet::new();
        for _ in 0..40 {
            for c in [&mut a, &mut b] {
                let e = Event::local(c, None, now, now, EventKind::Delay { seconds: 60 });
                assert_eq!(e.origin, "samehost");
                assert!(ids.insert(e.id), "an id collided");
            }
        }
        assert_eq!(ids.len(), 80);
    }

    #[test]
    fn old_and_odd_lines() {
        // Written before ids existed; an offset instead of Z; extra fields.
        let e: Event = serde_json::from_str(
            r#"{"wall":"2026-11-11T20:00:00+08:00","show":"2026-11-11T12:00:00Z","event":"go","cue":"open","future":[1,{"a":2}],"role":null}"#,
        )
        .unwrap();
        assert_eq!(e.wall, e.show);
        assert_eq!(e.kind, EventKind::Go { cue: "open".into() });
        assert!(e.id.is_empty() && e.role.is_none() && e.hlc.is_none());
        for bad in [
            r#"{"wall":"2026-11-11T12:00:00Z","show":"2026-11-11T12:00:00Z","event":"tick","cue":"a"}"#,
            r#"{"wall":"2026-11-11T12:00:00Z","show":"2026-11-11T12:00:00Z","event":"dance"}"#,
            r#"{"wall":"2026-11-11T12:00:00Z","event":"go","cue":"a"}"#,
            r#"{"wall":"yesterday","show":"2026-11-11T12:00:00Z","event":"go","cue":"a"}"#,
            r#"{"wall":"2026-11-11T12:00:00Z","show":"2026-11-11T12:00:00Z","event":"delay","seconds":"5"}"#,
            "[1,2]",
        ] {
            assert!(serde_json::from_str::<Event>(bad).is_err(), "{bad}");
        }
    }
}
