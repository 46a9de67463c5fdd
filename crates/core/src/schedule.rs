//! Places a validated [`Plan`] on the clock: absolute instants for the
//! session, every cue, slot, warm-up item and task, in the session's zone.
//!
//! Rules (see docs/plan-format.md):
//! - clock times earlier than the start fall on the next day, so a
//!   22:00–02:00 show is written naturally;
//! - offsets and durations are elapsed time, so a DST change moves the wall
//!   clock, not the show; an ambiguous clock time means its first
//!   occurrence and a non-existent one is an error;
//! - cues without `at` flow from the cue before; cues without `duration`
//!   share the time up to the next cue with an `at` (or the session end)
//!   evenly, so "lasts until the next cue starts" holds for the usual single
//!   open-ended cue.
//!
//! This is also where every check that needs absolute times lives (those
//! on traffic slots in `schedule/slots.rs`).

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::diag::{Diagnostic, Diagnostics, Rule};
use crate::plan::time::{TimeError, TimeSpec, format_duration};
use crate::plan::{Plan, SessionEnd, TaskAt};

mod slots;
#[cfg(test)]
mod tests;

/// An instant on the show's clock, in the session's time zone (named so it never
/// shadows `std::time::Instant`, which the runner uses for real time).
pub type ShowTime = DateTime<Tz>;

/// Absolute times for everything in a plan. Index-aligned with the plan's
/// `cues`, `traffic.slots` and `warmups`.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub start: ShowTime,
    pub end: ShowTime,
    pub cues: Vec<Interval>,
    pub slots: Vec<Interval>,
    pub warmups: Vec<ShowTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: ShowTime,
    pub end: ShowTime,
}

impl Interval {
    pub fn len(&self) -> Duration {
        self.end - self.start
    }

    pub fn contains(&self, t: ShowTime) -> bool {
        self.start <= t && t < self.end
    }
}

impl Schedule {
    pub fn length(&self) -> Duration {
        self.end - self.start
    }

    /// Index of the cue on air at `t` (the last cue started at or before it).
    pub fn cue_at(&self, t: ShowTime) -> Option<usize> {
        if t < self.start || t >= self.end {
            return None;
        }
        let n = self.cues.partition_point(|c| c.start <= t);
        n.checked_sub(1)
    }
}

/// Places a clock time on the session: on the session day, or the next day
/// when earlier than the start time.
struct Placer {
    tz: Tz,
    start: ShowTime,
    start_time: NaiveTime,
    date: chrono::NaiveDate,
}

impl Placer {
    fn local(&self, dt: NaiveDateTime) -> Result<ShowTime, TimeError> {
        match self.tz.from_local_datetime(&dt) {
            LocalResult::Single(t) => Ok(t),
            // Clocks going back: the first occurrence.
            LocalResult::Ambiguous(a, b) => Ok(a.min(b)),
            LocalResult::None => Err(TimeError::InGap {
                at: dt,
                zone: self.tz.name().to_string(),
            }),
        }
    }

    fn clock(&self, t: NaiveTime) -> Result<ShowTime, TimeError> {
        let date = if t < self.start_time {
            self.date.succ_opt().unwrap_or(self.date)
        } else {
            self.date
        };
        self.local(date.and_time(t))
    }

    fn place(&self, spec: TimeSpec) -> Result<ShowTime, TimeError> {
        match spec {
            TimeSpec::Clock(t) => self.clock(t),
            TimeSpec::Offset(d) => self.start.checked_add_signed(d).ok_or(TimeError::TooLate),
            TimeSpec::Before(d) => self.start.checked_sub_signed(d).ok_or(TimeError::TooEarly),
            TimeSpec::Local(dt) => self.local(dt),
        }
    }
}

/// Places a written time on a scheduled plan: clock times on the session's
/// day (the next day when earlier than the start), offsets from the start.
pub fn place(plan: &Plan, sched: &Schedule, spec: TimeSpec) -> Result<ShowTime, TimeError> {
    let s = &plan.session;
    Placer {
        tz: s.timezone,
        start: sched.start,
        start_time: s.start,
        date: s.date,
    }
    .place(spec)
}

/// Places an instant asked for on the command line (`--at`): like
/// [`place`], except that a clock time is the occurrence nearest the show,
/// so `--at 18:58` before a 19:00 start is two minutes before it, not the
/// next evening, while `--at 01:00` in a 22:00–02:00 show is still the
/// small hours of the next day.
pub fn place_near(plan: &Plan, sched: &Schedule, spec: TimeSpec) -> Result<ShowTime, TimeError> {
    let t = place(plan, sched, spec)?;
    let TimeSpec::Clock(_) = spec else {
        return Ok(t);
    };
    let distance = |x: ShowTime| {
        if x < sched.start {
            sched.start - x
        } else if x > sched.end {
            x - sched.end
        } else {
            Duration::zero()
        }
    };
    // `place` puts times before the start on the next day; the same
    // wall-clock time a day earlier may be nearer.
    let date = t.date_naive().pred_opt();
    let earlier = date
        .map(|d| d.and_time(t.time()))
        .and_then(|dt| plan.session.timezone.from_local_datetime(&dt).earliest());
    Ok(match earlier {
        Some(e) if distance(e) < distance(t) => e,
        _ => t,
    })
}

fn hm(t: ShowTime) -> String {
    t.format("%H:%M").to_string()
}

fn hms(t: ShowTime) -> String {
    if t.format("%S").to_string() == "00" {
        hm(t)
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

/// Computes the schedule and reports every timing problem. Returns `None`
/// only when the session itself cannot be placed.
pub fn schedule(plan: &Plan, d: &mut Diagnostics) -> Option<Schedule> {
    let s = &plan.session;
    let tz = s.timezone;
    let start = match tz.from_local_datetime(&s.date.and_time(s.start)) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(a, b) => a.min(b),
        LocalResult::None => {
            d.push(
                Diagnostic::new(
                    Rule::NoSuchTime,
                    format!(
                        "session start {} {} does not exist in {} (the clocks go forward then)",
                        s.date,
                        s.start.format("%H:%M"),
                        tz.name()
                    ),
                )
                .at(s.start_span.clone())
                .help("move the start out of the DST gap, e.g. an hour later"),
            );
            return None;
        }
    };
    let placer = Placer {
        tz,
        start,
        start_time: s.start,
        date: s.date,
    };
    let end = match s.end {
        SessionEnd::Duration(len) => start + len,
        SessionEnd::Clock(t) => {
            // `end` equal to `start` means a 24-hour show.
            let date = if t <= s.start {
                s.date.succ_opt().unwrap_or(s.date)
            } else {
                s.date
            };
            match placer.local(date.and_time(t)) {
                Ok(e) => e,
                Err(e) => {
                    d.push(
                        Diagnostic::new(Rule::NoSuchTime, format!("session end: {e}"))
                            .at(s.end_span.clone())
                            .help("move the end out of the DST gap"),
                    );
                    return None;
                }
            }
        }
    };
    // RFC 3339 (the sheet's and the report's instants) has four-digit
    // years, and the live log counts from 1970: a show between the two.
    if start.year() < 1970 || end.year() > 9999 {
        let (message, label) = if start.year() < 1970 {
            (
                format!("session starts before 1970 ({})", s.date),
                "before 1970",
            )
        } else {
            (
                format!(
                    "session runs past the year 9999 (it starts {} {} and ends in the year {})",
                    s.date,
                    s.start.format("%H:%M"),
                    end.year()
                ),
                "past 9999",
            )
        };
        d.push(
            Diagnostic::new(Rule::YearRange, message)
                .at(s.date_span.clone().unwrap_or_else(|| s.start_span.clone()))
                .label(label)
                .help("a show must start in 1970 or later and end by 9999-12-31; check the year, like date = 2026-11-11"),
        );
        return None;
    }
    let window = format!("{}–{}", hm(start), hm(end));

    let cues = place_cues(plan, &placer, start, end, &window, d);
    let slots = slots::place(plan, &placer, start, end, &window, &cues, d);
    let warmups = plan
        .warmups
        .iter()
        .map(|w| match placer.place(w.at) {
            Ok(t) => {
                if t > start {
                    d.push(
                        Diagnostic::new(Rule::WarmupAfterStart, format!("warm-up `{}` falls after session start ({} > {})", w.id, t.format("%m-%d %H:%M"), hm(start)))
                            .at(w.at_span.clone())
                            .label("after the show has started")
                            .help("warm-up happens before the show: write a time before the start, like at = \"-2h\" or \"-1d\""),
                    );
                }
                t
            }
            Err(e) => {
                d.push(Diagnostic::new(Rule::NoSuchTime, e.to_string()).at(w.at_span.clone()).help("pick a time that exists in the session's zone"));
                start
            }
        })
        .collect();
    Some(Schedule {
        start,
        end,
        cues,
        slots,
        warmups,
    })
}

fn place_cues(
    plan: &Plan,
    placer: &Placer,
    start: ShowTime,
    end: ShowTime,
    window: &str,
    d: &mut Diagnostics,
) -> Vec<Interval> {
    let n = plan.cues.len();
    // Anchors: the instants written as `at`.
    let anchors: Vec<Option<ShowTime>> = plan
        .cues
        .iter()
        .map(|c| {
            let spec = c.at?;
            match placer.place(spec) {
                Ok(t) => Some(t),
                Err(e) => {
                    d.push(Diagnostic::new(Rule::NoSuchTime, e.to_string()).at(c.span.clone()).label("no such time").help("move the cue out of the DST gap, or write it as an offset like \"+1:30\""));
                    None
                }
            }
        })
        .collect();
    let mut out: Vec<Interval> = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        // A segment runs from cue i to the next anchored cue (exclusive).
        let seg_start = match anchors[i] {
            Some(t) => t,
            None => out.last().map_or(start, |p: &Interval| p.end),
        };
        let mut j = i + 1;
        while j < n && anchors[j].is_none() {
            j += 1;
        }
        let seg_end = if j < n {
            anchors[j].unwrap_or(end)
        } else {
            end
        };
        let known: Duration = plan.cues[i..j]
            .iter()
            .filter_map(|c| c.duration)
            .fold(Duration::zero(), |a, b| a + b);
        let open = plan.cues[i..j]
            .iter()
            .filter(|c| c.duration.is_none())
            .count() as i64;
        let spare = (seg_end - seg_start - known).num_seconds().max(0);
        let (share, rest) = if open > 0 {
            (spare / open, spare % open)
        } else {
            (0, 0)
        };
        let mut t = seg_start;
        let mut seen_open = 0;
        for c in &plan.cues[i..j] {
            let len = if let Some(len) = c.duration {
                len
            } else {
                seen_open += 1;
                Duration::seconds(share + if seen_open == open { rest } else { 0 })
            };
            out.push(Interval {
                start: t,
                end: t + len,
            });
            t += len;
        }
        i = j;
    }

    for (k, (c, iv)) in plan.cues.iter().zip(&out).enumerate() {
        if iv.start < start || iv.start >= end {
            d.push(
                Diagnostic::new(Rule::CueOutsideSession, format!("cue `{}` starts at {}, outside the session window {window}", c.id, iv.start.format("%m-%d %H:%M")))
                    .at(c.span.clone())
                    .label("outside the session")
                    .help("every cue must start at or after the session start and before its end; check the time, or the session's end/duration"),
            );
            continue;
        }
        if k == 0 {
            continue;
        }
        let prev = &out[k - 1];
        if iv.start < prev.start {
            d.push(
                Diagnostic::new(Rule::CueBackwards, format!("cue `{}` starts at {}, before the cue above it ({}): the run sheet goes backwards", c.id, hms(iv.start), hms(prev.start)))
                    .at(c.span.clone())
                    .label("earlier than the cue before")
                    .help("cues run top to bottom: move this cue up, or fix its time"),
            );
        } else if iv.start < prev.end {
            let p = &plan.cues[k - 1];
            d.push(
                Diagnostic::new(
                    Rule::CueOverlap,
                    format!(
                        "cue `{}` overlaps the next one: it runs {} into `{}`",
                        p.id,
                        format_duration(prev.end - iv.start),
                        c.id
                    ),
                )
                .at(p.duration_span.clone().unwrap_or(p.span.clone()))
                .label(format!("ends {}", hms(prev.end)))
                .help(format!("shorten `{}` or start `{}` later", p.id, c.id)),
            );
        }
    }
    if let (Some(last), Some(iv)) = (plan.cues.last(), out.last())
        && iv.start >= start
        && iv.start < end
        && last.duration.is_some()
        && iv.end != end
    {
        let (what, by) = if iv.end < end {
            ("ends", end - iv.end)
        } else {
            ("runs", iv.end - end)
        };
        let (rule, msg) = if iv.end < end {
            (
                Rule::SheetEndsEarly,
                format!(
                    "the run sheet {what} {} before the session ends ({})",
                    format_duration(by),
                    hm(end)
                ),
            )
        } else {
            (
                Rule::SheetEndsLate,
                format!(
                    "the run sheet {what} {} past the session end ({})",
                    format_duration(by),
                    hm(end)
                ),
            )
        };
        d.push(
            Diagnostic::new(rule, msg)
                .at(last.duration_span.clone().unwrap_or(last.span.clone()))
                .label(format!("last cue ends {}", hms(iv.end)))
                .help("make the cues add up to the session, or drop the last cue's duration so it runs to the end"),
        );
    }
    for (c, iv) in plan.cues.iter().zip(&out) {
        for t in &c.checklist {
            match t.at {
                Some(TaskAt::Offset(at)) if at > iv.len() => d.push(
                    Diagnostic::new(
                        Rule::TaskAfterCue,
                        format!(
                            "task `{}` is due {} into cue `{}`, after the cue ends ({})",
                            t.text,
                            format_duration(at),
                            c.id,
                            format_duration(iv.len())
                        ),
                    )
                    .at(t.span.clone())
                    .help("move the task to the cue it belongs to, or shorten its `at`"),
                ),
                Some(TaskAt::Clock(spec)) => match placer.place(spec) {
                    Ok(at) if at < start || at > end => d.push(
                        Diagnostic::new(
                            Rule::TaskOutsideSession,
                            format!(
                                "task `{}` is due at {}, outside the session window {window}",
                                t.text,
                                at.format("%m-%d %H:%M")
                            ),
                        )
                        .at(t.span.clone())
                        .help("a task's clock time is that instant; keep it inside the show"),
                    ),
                    Ok(_) => {}
                    Err(e) => d.push(
                        Diagnostic::new(Rule::NoSuchTime, e.to_string())
                            .at(t.span.clone())
                            .help("pick a time that exists in the session's zone"),
                    ),
                },
                _ => {}
            }
        }
    }
    out
}
