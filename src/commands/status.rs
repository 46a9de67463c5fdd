//! `stagecall status`: the live projection at an instant, without a
//! terminal. JSON is the `LIVE_CLOCK.md` status object; text is a short
//! summary to paste into the crew's chat.

use std::fmt::Write as _;

use crate::cli::{StatusArgs, StatusFormat};
use crate::render::text::sanitize;
use stagecall_core::live::status::Status;
use stagecall_core::live::{self, Phase};
use stagecall_core::plan::time::format_duration;
use stagecall_core::timeline;

use super::EXIT_USAGE;

pub fn run(args: &StatusArgs, color: bool) -> u8 {
    let show = match super::read_show(
        &args.plan,
        args.state.as_deref(),
        args.rehearsal,
        args.at.as_deref(),
        color,
        "ask again",
    ) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (plan, sched, log, now) = (&show.good.plan, &show.good.sched, &show.log, show.now);
    for w in log.warnings.iter().filter(|_| log.found) {
        eprintln!("stagecall: warning: {}", sanitize(w));
    }
    let state = &log.state;
    let rows = timeline::rows(plan, sched);
    let projection = live::project(plan, sched, state, now);
    let status = live::status::status(plan, sched, &rows, state, &projection, log.rehearsal);
    let out = match args.format {
        StatusFormat::Json => match crate::render::text::json_pretty(&status) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("stagecall: {e}");
                return EXIT_USAGE;
            }
        },
        StatusFormat::Text => text(&plan.session.title, &status),
    };
    super::print(out.as_bytes())
}

/// `HH:MM` of an RFC 3339 instant (as the status object writes them).
fn hm(rfc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default()
}

fn mins(secs: i64) -> String {
    format_duration(chrono::Duration::seconds(secs.abs()))
}

/// A few lines for a chat: what is on air, what comes next, over or
/// buffer before the next fixed cue, and what is due.
pub fn text(title: &str, s: &Status) -> String {
    let mut out = String::new();
    let badge = if s.rehearsal { " [rehearsal]" } else { "" };
    let _ = writeln!(out, "{} · {}{badge}", sanitize(title), hm(&s.now));
    match s.phase {
        Phase::Pre => {
            if let Some(n) = &s.next {
                let at = n.start.as_deref().map(hm).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "before the show · first: {} at {at}",
                    sanitize(&n.title)
                );
            }
        }
        Phase::Post => {
            let _ = writeln!(out, "show over · ended {}", hm(&s.projected_end));
        }
        Phase::OnAir => {
            if let Some(a) = &s.on_air {
                let by = match a.started_by {
                    Some(live::StartedBy::Go) => "GO",
                    Some(live::StartedBy::Hard) => "fixed time",
                    Some(live::StartedBy::Auto) => "on the clock",
                    None => "",
                };
                let end = a.end.as_deref().map(hm).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "on air: {} (since {}, {by}; due to end {end})",
                    sanitize(&a.title),
                    hm(&a.start)
                );
            }
            match &s.next {
                Some(n) => {
                    let when = match &n.start {
                        Some(t) => format!("at {}", hm(t)),
                        None => "cut (GO still starts it)".to_string(),
                    };
                    let fixed = if n.hard { ", fixed" } else { "" };
                    let _ = writeln!(out, "next: {} {when}{fixed}", sanitize(&n.title));
                }
                None => {
                    let _ = writeln!(out, "last cue · show ends {}", hm(&s.projected_end));
                }
            }
            let hit = match &s.next_hard.title {
                Some(t) => format!("{} {}", hm(&s.next_hard.at), sanitize(t)),
                None => format!("{} end", hm(&s.next_hard.at)),
            };
            let over = match s.over {
                o if o.abs() < 15 => format!("on time for {hit}"),
                o if o > 0 => format!("over {} before {hit}", mins(o)),
                o => format!("buffer {} before {hit}", mins(o)),
            };
            let _ = writeln!(out, "{over} · ends {}", hm(&s.projected_end));
        }
    }
    if let Some(at) = &s.metrics.at {
        let m = &s.metrics;
        let mut line = String::from("numbers:");
        if let Some(o) = m.online {
            let _ = write!(line, " online {o} ·");
        }
        let _ = write!(line, " GMV {}", m.gmv);
        if let Some(t) = m.gmv_target.filter(|t| *t > 0.0) {
            let _ = write!(line, " of {t} ({:.0}%)", m.gmv * 100.0 / t);
        }
        let _ = writeln!(line, " · orders {} · read {}", m.orders, hm(at));
        out.push_str(&line);
    }
    for a in &s.alerts {
        let _ = writeln!(out, "! {}", sanitize(&a.text));
    }
    if !s.tasks_due.is_empty() {
        let head = if s.phase == Phase::Post {
            "left open"
        } else {
            "due now"
        };
        let _ = writeln!(out, "{head} ({}):", s.tasks_due.len());
        for t in s.tasks_due.iter().take(8) {
            let who = t
                .who
                .as_deref()
                .map(|w| format!(" [{}]", sanitize(w)))
                .unwrap_or_default();
            let due = t.due.as_deref().map(hm).unwrap_or_default();
            let _ = writeln!(out, "- {due} {}{who}", sanitize(&t.task));
        }
        if s.tasks_due.len() > 8 {
            let _ = writeln!(out, "- … {} more", s.tasks_due.len() - 8);
        }
    }
    out
}
