//! One cell's value: a time of day or a range, a duration, an amount, a
//! count, text; full-width digits and Excel serials included.

use chrono::{Duration, NaiveDate, NaiveTime, Timelike};

use crate::import::grid::Value;

/// Full-width digits and punctuation as ASCII: `２０：００` is `20:00`.
pub(super) fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '：' => ':',
            '～' | '〜' => '~',
            '－' | '—' | '–' | '−' => '-',
            '，' => ',',
            '．' => '.',
            '＋' => '+',
            c => c,
        })
        .collect()
}

/// "20:00", "8:05", "20:00:30", "20点", "20点30分", "20点半", "20.30"? no.
pub fn parse_clock(s: &str) -> Option<NaiveTime> {
    let s = halfwidth(s.trim());
    if s.is_empty() {
        return None;
    }
    if let Some((h, rest)) = s.split_once('点') {
        let h: u32 = h.trim().parse().ok()?;
        let rest = rest.trim().trim_end_matches('分').trim();
        let m = match rest {
            "" | "整" => 0,
            "半" => 30,
            m => m.parse().ok()?,
        };
        return NaiveTime::from_hms_opt(h, m, 0);
    }
    let parts: Vec<&str> = s.split(':').collect();
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [h, m] => NaiveTime::from_hms_opt(num(h)?, num(m)?, 0),
        [h, m, sec] => NaiveTime::from_hms_opt(num(h)?, num(m)?, num(sec)?),
        _ => None,
    }
}

/// The time of day of an Excel serial.
pub(super) fn serial_time(f: f64) -> Option<NaiveTime> {
    if !(0.0..1e7).contains(&f) {
        return None;
    }
    let secs = (f.fract() * 86_400.0).round() as u32 % 86_400;
    NaiveTime::from_num_seconds_from_midnight_opt(secs, 0)
}

pub(super) fn serial_date(f: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&f) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(f.floor() as i64))
}

/// A time cell: a start, and an end when it is a range ("20:00-20:10",
/// "20:00~20:10", "20:00 至 20:10").
pub(super) fn time_range(v: &Value) -> Result<Option<(NaiveTime, Option<NaiveTime>)>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Serial(f) => serial_time(*f)
            .map(|t| Some((t, None)))
            .ok_or_else(|| format!("{} is not a time of day", v.text())),
        Value::Num(f) if (0.0..1.0).contains(f) => Ok(serial_time(*f).map(|t| (t, None))),
        Value::Num(f) if f.fract() == 0.0 && (0.0..24.0).contains(f) => {
            Ok(NaiveTime::from_hms_opt(*f as u32, 0, 0).map(|t| (t, None)))
        }
        _ => {
            let raw = v.text();
            let s = halfwidth(raw.trim())
                .replace(['至', '到'], "-")
                .replace('~', "-");
            if s.is_empty() {
                return Ok(None);
            }
            // A date-time ("2026-11-11 20:00:00"): its time.
            if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M:%S")
                .or_else(|_| chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M"))
            {
                return Ok(Some((dt.time(), None)));
            }
            let bad = || {
                format!(
                    "「{}」 is not a time like 20:00 or a range like 20:00-20:10",
                    raw.trim()
                )
            };
            match s.split_once('-') {
                Some((from, to)) => {
                    let from = parse_clock(from).ok_or_else(bad)?;
                    let to = parse_clock(to).ok_or_else(bad)?;
                    Ok(Some((from, Some(to))))
                }
                None => parse_clock(&s).map(|t| Some((t, None))).ok_or_else(bad),
            }
        }
    }
}

/// A duration cell: "5m", "1h30m", "10分钟", "1小时", "90秒", "10min", a
/// bare number of minutes, or an Excel time serial.
pub fn parse_duration_value(v: &Value) -> Result<Option<Duration>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Num(n) if *n > 0.0 && *n < 100_000.0 => {
            Ok(Some(Duration::seconds((n * 60.0).round() as i64)))
        }
        Value::Serial(f) if *f > 0.0 && *f < 1.0 => {
            Ok(Some(Duration::seconds((f * 86_400.0).round() as i64)))
        }
        _ => {
            let raw = v.text();
            let mut s = halfwidth(raw.trim()).to_lowercase();
            if s.is_empty() {
                return Ok(None);
            }
            for (from, to) in [
                ("小时", "h"),
                ("hours", "h"),
                ("hour", "h"),
                ("hrs", "h"),
                ("hr", "h"),
                ("分钟", "m"),
                ("minutes", "m"),
                ("minute", "m"),
                ("mins", "m"),
                ("min", "m"),
                ("分", "m"),
                ("秒钟", "s"),
                ("秒", "s"),
                ("seconds", "s"),
                ("second", "s"),
                ("secs", "s"),
                ("sec", "s"),
            ] {
                s = s.replace(from, to);
            }
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            if let Ok(n) = s.parse::<f64>()
                && n > 0.0
                && n < 100_000.0
            {
                return Ok(Some(Duration::seconds((n * 60.0).round() as i64)));
            }
            if let Some(t) = parse_clock(&s) {
                let d = Duration::seconds(t.num_seconds_from_midnight() as i64);
                if d > Duration::zero() {
                    return Ok(Some(d));
                }
            }
            stagecall_core::plan::time::parse_duration(&s)
                .map(Some)
                .map_err(|_| format!("「{}」 is not a duration like 10m or 10分钟", raw.trim()))
        }
    }
}

pub(super) fn money(v: &Value) -> Result<Option<f64>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Num(n) | Value::Serial(n) if *n >= 0.0 => Ok(Some(*n)),
        _ => {
            let raw = v.text();
            let s: String = halfwidth(&raw)
                .chars()
                .filter(|c| !matches!(c, '¥' | '￥' | '元' | ',' | ' ' | '$'))
                .collect();
            if s.is_empty() {
                return Ok(None);
            }
            match s.parse::<f64>() {
                Ok(n) if n >= 0.0 && n.is_finite() => Ok(Some(n)),
                _ => Err(format!("「{}」 is not an amount", raw.trim())),
            }
        }
    }
}

pub(super) fn count(v: &Value) -> Result<Option<u64>, String> {
    match money(v) {
        Ok(Some(n)) if n.fract() == 0.0 && n < 1e15 => Ok(Some(n as u64)),
        Ok(None) => Ok(None),
        _ => Err(format!("「{}」 is not a whole number", v.text().trim())),
    }
}

pub(super) fn text(v: &Value) -> Option<String> {
    let t = v.text();
    let t = t.trim_end_matches(['\n', '\r', ' ']);
    (!t.trim().is_empty()).then(|| t.to_string())
}

pub(super) fn fmt_clock(t: NaiveTime) -> String {
    crate::xlsx::sheet::clock(t)
}

pub(super) fn fmt_duration(d: Duration) -> String {
    stagecall_core::plan::time::format_duration(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_ranges() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let v = |s: &str| Value::Text(s.into());
        assert_eq!(
            time_range(&v("20:00-20:10")),
            Ok(Some((t(20, 0), Some(t(20, 10)))))
        );
        assert_eq!(
            time_range(&v("20:00~20:10")),
            Ok(Some((t(20, 0), Some(t(20, 10)))))
        );
        assert_eq!(
            time_range(&v("２０：００ — ２０：１０")),
            Ok(Some((t(20, 0), Some(t(20, 10)))))
        );
        assert_eq!(time_range(&v("8:05")), Ok(Some((t(8, 5), None))));
        assert_eq!(time_range(&v("20点半")), Ok(Some((t(20, 30), None))));
        assert_eq!(
            time_range(&Value::Serial(20.0 / 24.0)),
            Ok(Some((t(20, 0), None)))
        );
        assert!(time_range(&v("晚上八点")).is_err());
    }

    #[test]
    fn durations() {
        let v = |s: &str| Value::Text(s.into());
        let m = Duration::minutes;
        assert_eq!(parse_duration_value(&v("10分钟")), Ok(Some(m(10))));
        assert_eq!(parse_duration_value(&v("1小时30分")), Ok(Some(m(90))));
        assert_eq!(parse_duration_value(&v("5m")), Ok(Some(m(5))));
        assert_eq!(parse_duration_value(&v("10 min")), Ok(Some(m(10))));
        assert_eq!(parse_duration_value(&Value::Num(15.0)), Ok(Some(m(15))));
        assert!(parse_duration_value(&v("一会儿")).is_err());
    }
}
