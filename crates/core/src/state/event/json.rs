//! Reading an event back from its JSON line, by hand (see the
//! `Deserialize` impl for why), with a fast path for the log's own
//! date-time form. Writing is serde's derive ([`Event::to_line`]).

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{Event, EventKind, Hlc, MAX_DELAY_SECONDS, MAX_SPEED, MIN_SPEED, Speed};

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
    use crate::state::event::HlcClock;

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
                reading: crate::state::reading::parse_feed_line(
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
