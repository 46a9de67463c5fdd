//! The time grammar of plan files: clock times, offsets from session start,
//! durations, and the relative warm-up times before the start.
//!
//! Parsing here is purely syntactic; turning a [`TimeSpec`] into an instant
//! needs the session's day and zone and happens in `schedule`.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// Why a written time, duration or date cannot be read, or a time cannot
/// be placed on the clock. The messages are the plain words `check` and
/// `--at` show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("empty duration")]
    EmptyDuration,
    #[error("unexpected `{0}`; units are d, h, m and s")]
    UnknownUnit(char),
    #[error("`{0}` needs a number before it")]
    NoNumber(char),
    #[error("units must go largest first, each once (like 1h30m)")]
    UnitOrder,
    #[error("`{0}` is too large")]
    NumberTooLarge(String),
    #[error("duration is too large")]
    DurationTooLarge,
    #[error("`{0}` needs a unit (d, h, m or s), like \"{0}m\"")]
    NoUnit(String),
    /// A unit written as a word ("3min", "90秒").
    #[error("`{word}` is not a unit; write {unit} as `{letter}`, like \"{number}{letter}\"")]
    UnitWord {
        word: String,
        unit: &'static str,
        letter: char,
        number: String,
    },
    #[error("expected a clock time like \"20:15\" or \"20:15:30\"")]
    NotClock,
    #[error("expected a clock time like \"20:15\"")]
    ClockNumber,
    #[error("{h:02}:{m:02}:{s:02} is not a time of day (hours 0-23, minutes and seconds 0-59)")]
    NotTimeOfDay { h: u32, m: u32, s: u32 },
    #[error("expected an offset like \"+1:30\" or \"+90m\"")]
    NotOffset,
    #[error("offset is too large")]
    OffsetTooLarge,
    #[error("`{0}` must be two digits from 00 to 59")]
    OffsetPart(String),
    #[error("expected a date like 2026-11-11")]
    NotDate,
    /// A local time in a DST gap.
    #[error("{} does not exist in {zone} (the clocks go forward then)", at.format("%Y-%m-%d %H:%M"))]
    InGap { at: NaiveDateTime, zone: String },
    #[error("too far in the future")]
    TooLate,
    #[error("too far in the past")]
    TooEarly,
}

/// A point in time as written in a plan, before it is placed on the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSpec {
    /// "20:15", "20:15:30", or a TOML local time: on the session's day, or
    /// the next day when earlier than the start.
    Clock(NaiveTime),
    /// "+1:30", "+90m": elapsed time from session start.
    Offset(Duration),
    /// "-30m", "-1d2h": elapsed time before session start (warm-up, `--at`).
    Before(Duration),
    /// A TOML local datetime, in the session's zone.
    Local(NaiveDateTime),
}

/// Parses a duration: units `d`, `h`, `m`, `s`, combinable, largest first
/// ("90s", "5m", "1h30m", "1d2h"). Spaces between parts are allowed.
pub fn parse_duration(s: &str) -> Result<Duration, TimeError> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(TimeError::EmptyDuration);
    }
    unit_word(&compact)?;
    let mut total = Duration::zero();
    let mut last_rank = usize::MAX;
    let mut digits = String::new();
    for c in compact.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let (rank, secs) = match c.to_ascii_lowercase() {
            'd' => (3, 86_400),
            'h' => (2, 3_600),
            'm' => (1, 60),
            's' => (0, 1),
            _ => return Err(TimeError::UnknownUnit(c)),
        };
        if digits.is_empty() {
            return Err(TimeError::NoNumber(c));
        }
        if rank >= last_rank {
            return Err(TimeError::UnitOrder);
        }
        last_rank = rank;
        let n: i64 = digits
            .parse()
            .map_err(|_| TimeError::NumberTooLarge(digits.clone()))?;
        digits.clear();
        let part = n
            .checked_mul(secs)
            .and_then(Duration::try_seconds)
            .ok_or(TimeError::DurationTooLarge)?;
        total = total
            .checked_add(&part)
            .ok_or(TimeError::DurationTooLarge)?;
    }
    if !digits.is_empty() {
        return Err(TimeError::NoUnit(digits));
    }
    // A century is far beyond any show; keeps later arithmetic overflow-free.
    if total > Duration::days(36_500) {
        return Err(TimeError::DurationTooLarge);
    }
    Ok(total)
}

/// A unit written as a word ("3min", "90秒"): named, with the letter to
/// write instead.
fn unit_word(compact: &str) -> Result<(), TimeError> {
    let mut number = "";
    let mut rest = compact;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            (number, rest) = rest.split_at(digits);
            continue;
        }
        let word_len = rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
        let word;
        (word, rest) = rest.split_at(word_len);
        let unit = match word.to_lowercase().as_str() {
            "min" | "mins" | "minute" | "minutes" | "分" | "分钟" => ("minutes", 'm'),
            "sec" | "secs" | "second" | "seconds" | "秒" | "秒钟" => ("seconds", 's'),
            "hr" | "hrs" | "hour" | "hours" | "小时" | "钟头" => ("hours", 'h'),
            "day" | "days" | "天" => ("days", 'd'),
            _ => continue,
        };
        let n = if number.is_empty() { "3" } else { number };
        return Err(TimeError::UnitWord {
            word: word.to_string(),
            unit: unit.0,
            letter: unit.1,
            number: n.to_string(),
        });
    }
    Ok(())
}

/// Parses "HH:MM" or "HH:MM:SS".
pub fn parse_clock(s: &str) -> Result<NaiveTime, TimeError> {
    let parts: Vec<&str> = s.split(':').collect();
    let ok = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return Err(TimeError::NotClock);
    }
    let n = |i: usize| parts.get(i).map_or(Ok(0), |p| p.parse::<u32>());
    let (Ok(h), Ok(m), Ok(sec)) = (n(0), n(1), n(2)) else {
        return Err(TimeError::ClockNumber);
    };
    NaiveTime::from_hms_opt(h, m, sec).ok_or(TimeError::NotTimeOfDay { h, m, s: sec })
}

/// Parses "H:MM" or "H:MM:SS" as a span of time (hours may exceed 23).
fn parse_hmm(s: &str) -> Result<Duration, TimeError> {
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(TimeError::NotOffset);
    }
    let mut secs: i64 = 0;
    for (i, p) in parts.iter().enumerate() {
        let v: i64 = p.parse().map_err(|_| TimeError::OffsetTooLarge)?;
        if i > 0 && (p.len() != 2 || v > 59) {
            return Err(TimeError::OffsetPart((*p).to_string()));
        }
        secs = secs
            .checked_mul(60)
            .and_then(|s| s.checked_add(v))
            .ok_or(TimeError::OffsetTooLarge)?;
    }
    if parts.len() == 2 {
        secs = secs.checked_mul(60).ok_or(TimeError::OffsetTooLarge)?;
    }
    if secs > 36_500 * 86_400 {
        return Err(TimeError::OffsetTooLarge);
    }
    Ok(Duration::seconds(secs))
}

/// Parses a written time: a clock time, "+offset" or "-before".
pub fn parse_time(s: &str) -> Result<TimeSpec, TimeError> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('+') {
        return offset_body(rest).map(TimeSpec::Offset);
    }
    if let Some(rest) = s.strip_prefix('-') {
        return offset_body(rest).map(TimeSpec::Before);
    }
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
    {
        return Ok(TimeSpec::Local(dt));
    }
    parse_clock(s).map(TimeSpec::Clock)
}

fn offset_body(rest: &str) -> Result<Duration, TimeError> {
    if rest.contains(':') {
        parse_hmm(rest)
    } else {
        parse_duration(rest)
    }
}

/// Parses a TOML-style local date "2026-11-11".
pub fn parse_date(s: &str) -> Result<NaiveDate, TimeError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| TimeError::NotDate)
}

/// Formats a duration the way plans write them: "1h30m", "45s", "0m".
pub fn format_duration(d: Duration) -> String {
    let mut secs = d.num_seconds();
    let neg = secs < 0;
    secs = secs.abs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::from(if neg { "-" } else { "" });
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 {
        out.push_str(&format!("{s}s"));
    }
    if h == 0 && m == 0 && s == 0 {
        out.push_str("0m");
    }
    out
}

/// A wall-clock time and how many calendar days it lies after a base day
/// (the session's, or the day of a run sheet's last day line): shown
/// "20:05", or "00:30 +1d" past midnight. The one way the diff, the run
/// sheet and the HTML sheet write such a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayClock {
    pub time: NaiveTime,
    /// Calendar days after the base day (negative before it).
    pub days: i64,
}

impl DayClock {
    /// `t` read on its own zone's calendar, counted from `base`.
    pub fn new<Tz: chrono::TimeZone>(t: &chrono::DateTime<Tz>, base: NaiveDate) -> Self {
        DayClock {
            time: t.time(),
            days: (t.date_naive() - base).num_days(),
        }
    }

    /// "HH:MM", without the day.
    pub fn hm(&self) -> String {
        self.time.format("%H:%M").to_string()
    }
}

impl std::fmt::Display for DayClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.days {
            0 => f.write_str(&self.hm()),
            days => write!(f, "{} {days:+}d", self.hm()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Ok(Duration::seconds(90)));
        assert_eq!(parse_duration("5m"), Ok(Duration::minutes(5)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::minutes(90)));
        assert_eq!(parse_duration("1d2h"), Ok(Duration::hours(26)));
        assert_eq!(parse_duration("30m1h"), Err(TimeError::UnitOrder));
        assert!(
            parse_duration("5")
                .unwrap_err()
                .to_string()
                .contains("needs a unit")
        );
        assert!(parse_duration("5x").is_err());
        assert_eq!(
            parse_duration("3min").map_err(|e| e.to_string()),
            Err("`min` is not a unit; write minutes as `m`, like \"3m\"".into())
        );
        let message = |s: &str| parse_duration(s).unwrap_err().to_string();
        assert!(message("1h 30分钟").contains("\"30m\""));
        assert!(message("90secs").contains("\"90s\""));
        assert!(parse_duration("").is_err());
        assert!(parse_duration("99999999999999999999h").is_err());
    }

    #[test]
    fn times() {
        assert_eq!(
            parse_time("20:15"),
            Ok(TimeSpec::Clock(NaiveTime::from_hms_opt(20, 15, 0).unwrap()))
        );
        assert_eq!(
            parse_time("20:15:30"),
            Ok(TimeSpec::Clock(
                NaiveTime::from_hms_opt(20, 15, 30).unwrap()
            ))
        );
        assert_eq!(
            parse_time("+1:30"),
            Ok(TimeSpec::Offset(Duration::minutes(90)))
        );
        assert_eq!(
            parse_time("+1:30:15"),
            Ok(TimeSpec::Offset(Duration::seconds(5415)))
        );
        assert_eq!(
            parse_time("+90m"),
            Ok(TimeSpec::Offset(Duration::minutes(90)))
        );
        assert_eq!(
            parse_time("-30m"),
            Ok(TimeSpec::Before(Duration::minutes(30)))
        );
        assert_eq!(
            parse_time("-1d2h"),
            Ok(TimeSpec::Before(Duration::hours(26)))
        );
        assert!(parse_time("25:00").is_err());
        assert!(
            parse_time("20:5")
                .is_ok_and(|t| t == TimeSpec::Clock(NaiveTime::from_hms_opt(20, 5, 0).unwrap()))
        );
        assert!(parse_time("+1:75").is_err());
        assert!(parse_time("soon").is_err());
    }

    #[test]
    fn day_clock_names_the_day_only_when_it_differs() {
        use chrono::TimeZone;
        let tz = chrono_tz::Asia::Shanghai;
        let base = NaiveDate::from_ymd_opt(2026, 11, 11).unwrap();
        let at = |d, h, m| tz.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap();
        assert_eq!(DayClock::new(&at(11, 20, 5), base).to_string(), "20:05");
        assert_eq!(DayClock::new(&at(12, 0, 30), base).to_string(), "00:30 +1d");
        assert_eq!(DayClock::new(&at(13, 1, 0), base).to_string(), "01:00 +2d");
        assert_eq!(DayClock::new(&at(10, 23, 0), base).to_string(), "23:00 -1d");
        assert_eq!(DayClock::new(&at(12, 0, 30), base).hm(), "00:30");
    }

    #[test]
    fn format_round_trips() {
        for s in ["1h30m", "45s", "2h", "1h0m5s"] {
            let d = parse_duration(s).unwrap();
            assert_eq!(parse_duration(&format_duration(d)), Ok(d));
        }
    }
}
