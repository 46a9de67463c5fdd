//! Single values: times, dates, durations, amounts, counts and link
//! numbers, each read or reported as one diagnostic.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::Checker;
use crate::diag::{Diagnostic, Rule};
use crate::plan::model::Money;
use crate::plan::model::Span;
use crate::plan::raw::{Located, TimeValue};
use crate::plan::time::{TimeSpec, parse_clock, parse_date, parse_time};

pub(super) fn bad_duration(e: &impl std::fmt::Display, span: Span) -> Diagnostic {
    Diagnostic::new(Rule::MalformedDuration, format!("malformed duration: {e}"))
        .at(span)
        .label("not a duration")
        .help(format!(
            "write durations like \"90s\", \"5m\", \"1h30m\" ({DURATION_UNITS})"
        ))
}

/// The units a duration takes, as the help names them; the parser's own
/// messages name the same ones ("units are d, h, m and s").
pub(super) const DURATION_UNITS: &str = "units d, h, m, s; largest first";

pub(super) fn bad_time(e: &str, span: Span) -> Diagnostic {
    Diagnostic::new(Rule::MalformedTime, format!("malformed time: {e}"))
        .at(span)
        .label("not a time")
        .help("write a clock time \"20:15\", an offset from the start \"+1:30\" or \"+90m\"")
}

pub(super) fn date_value(v: &Located<TimeValue>) -> Result<NaiveDate, String> {
    match v.get_ref() {
        TimeValue::Text(s) => parse_date(s).map_err(|e| e.to_string()),
        TimeValue::Toml(dt) => match (&dt.date, &dt.time, &dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                    .ok_or_else(|| "not a calendar date".to_string())
            }
            _ => Err("expected a date like 2026-11-11, without a time".into()),
        },
    }
}

pub(super) fn clock_value(
    v: &Located<TimeValue>,
    key: &str,
    ck: &mut Checker,
) -> Option<NaiveTime> {
    let r = match v.get_ref() {
        TimeValue::Text(s) => parse_clock(s.trim()).map_err(|e| e.to_string()),
        TimeValue::Toml(dt) => match (&dt.date, &dt.time, &dt.offset) {
            (None, Some(t), None) => toml_time(t),
            _ => Err("expected a clock time like 20:00, without a date or offset".into()),
        },
    };
    r.map_err(|e| {
        ck.err(
            Diagnostic::new(Rule::MalformedTime, format!("malformed `{key}` time: {e}"))
                .at(v.span())
                .label("not a clock time")
                .help(format!("write {key} = \"20:00\" (24-hour HH:MM)")),
        );
    })
    .ok()
}

pub(super) fn toml_time(t: &toml::value::Time) -> Result<NaiveTime, String> {
    NaiveTime::from_hms_opt(t.hour.into(), t.minute.into(), t.second.unwrap_or(0).into())
        .ok_or_else(|| "not a time of day".to_string())
}

pub(super) fn time_value(v: &Located<TimeValue>, ck: &mut Checker) -> Option<TimeSpec> {
    let r = match v.get_ref() {
        TimeValue::Text(s) => parse_time(s).map_err(|e| e.to_string()),
        TimeValue::Toml(dt) => match (&dt.date, &dt.time, &dt.offset) {
            (_, _, Some(_)) => Err(
                "use a local time without a UTC offset; the zone comes from session.timezone"
                    .into(),
            ),
            (None, Some(t), None) => toml_time(t).map(TimeSpec::Clock),
            (Some(d), Some(t), None) => {
                NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                    .zip(toml_time(t).ok())
                    .map(|(d, t)| TimeSpec::Local(NaiveDateTime::new(d, t)))
                    .ok_or_else(|| "not a calendar date and time".to_string())
            }
            (Some(_), None, None) => Err("a date alone is not a time; add the time of day".into()),
            (None, None, None) => Err("empty time".into()),
        },
    };
    r.map_err(|e| ck.err(bad_time(&e, v.span()))).ok()
}

pub(super) fn money(v: &Located<f64>, key: &str, ck: &mut Checker) -> Option<Money> {
    let x = *v.get_ref();
    if !x.is_finite() || x.abs() > 1e15 {
        ck.err(
            Diagnostic::new(Rule::NotFinite, format!("`{key}` is not a usable amount"))
                .at(v.span())
                .label("not a finite amount")
                .help("write a plain number like 99 or 99.9 (nan and inf are not amounts)"),
        );
        return None;
    }
    if x < 0.0 {
        ck.err(negative(key, v.span()));
        return None;
    }
    Some(Money::from_units(x))
}

/// A ratio like an ROI target: a finite number, 0 or more (`nan` and
/// `inf` are TOML floats, but no target).
pub(super) fn ratio(v: &Located<f64>, key: &str, ck: &mut Checker) -> Option<f64> {
    let x = *v.get_ref();
    if !x.is_finite() || x.abs() > 1e15 {
        ck.err(
            Diagnostic::new(Rule::NotFinite, format!("`{key}` is not a usable number"))
                .at(v.span())
                .label("not a finite number")
                .help("write a plain number like 2 or 2.5 (nan and inf are not targets)"),
        );
        return None;
    }
    if x < 0.0 {
        ck.err(negative(key, v.span()));
        return None;
    }
    Some(x)
}

pub(super) fn count(v: &Located<i64>, key: &str, ck: &mut Checker) -> Option<u64> {
    let x = *v.get_ref();
    if x < 0 {
        ck.err(negative(key, v.span()));
        return None;
    }
    Some(x as u64)
}

fn negative(key: &str, span: Span) -> Diagnostic {
    Diagnostic::new(Rule::NegativeValue, format!("`{key}` is negative"))
        .at(span)
        .label("must be 0 or more")
        .help("quantities, prices and budgets cannot be negative; write a number of 0 or more")
}

/// A written time as a plan would write it: "20:30", "+0:30", "-2h".
pub(super) fn spec_text(t: TimeSpec) -> String {
    let hm = |d: Duration| {
        let s = d.num_seconds();
        match s % 60 {
            0 => format!("{}:{:02}", s / 3600, s / 60 % 60),
            sec => format!("{}:{:02}:{sec:02}", s / 3600, s / 60 % 60),
        }
    };
    match t {
        TimeSpec::Clock(c) if c.second() == 0 => c.format("%H:%M").to_string(),
        TimeSpec::Clock(c) => c.format("%H:%M:%S").to_string(),
        TimeSpec::Offset(d) => format!("+{}", hm(d)),
        TimeSpec::Before(d) => format!("-{}", hm(d)),
        TimeSpec::Local(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A cart link number: a whole number, 1 or more.
pub(super) fn link_number(v: &Located<i64>, ck: &mut Checker) -> Option<u32> {
    match u32::try_from(*v.get_ref()) {
        Ok(n) if n >= 1 => Some(n),
        _ => {
            ck.err(
                Diagnostic::new(Rule::BadLink, "`link` must be a whole number, 1 or more")
                    .at(v.span())
                    .label("not a link number")
                    .help("the cart link number (链接号) the host calls out, like link = 3"),
            );
            None
        }
    }
}
