//! The 场次 sheet and the session's settings: each from the command line,
//! else the sheet, else the machine's defaults.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveTime};

use super::cells::{halfwidth, money, parse_duration_value, serial_date, text, time_range};
use super::parts::pieces;
use super::{Builder, Options, Problem};
use crate::import::aliases as a;
use crate::import::draft::Draft;
use crate::import::grid::{Sheet, Value};

/// The session's cells by field key, with each value's cell reference.
pub(super) type SessionCells = HashMap<&'static str, (Value, String)>;

/// The times the 场次 sheet gives, for placing the cues.
pub(super) struct Times {
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub duration: Option<Duration>,
}

impl Builder {
    pub(super) fn session(&mut self, sheet: &Sheet) -> SessionCells {
        let mut out = HashMap::new();
        let prefixes = [a::CREW_PREFIX.0, a::CREW_PREFIX.1];
        for (r, _) in sheet.rows.iter().enumerate() {
            let k = sheet.get(r, 0).text();
            let v = sheet.get(r, 1).clone();
            let k = k.trim();
            if k.is_empty() {
                continue;
            }
            if [a::SESSION_FIELD.0, a::SESSION_FIELD.1].contains(&k) {
                continue;
            }
            if let Some(role) = prefixes
                .iter()
                .find_map(|p| k.strip_prefix(p).map(str::trim).filter(|r| !r.is_empty()))
            {
                if let Some(who) = text(&v) {
                    self.draft.crew.push((role.to_string(), who));
                }
                continue;
            }
            match a::lookup(a::SESSION, k) {
                Some(f) => {
                    out.insert(f.key, (v, sheet.cell_ref(r, 1)));
                }
                None => self.problem(
                    sheet.cell_ref(r, 0),
                    format!("「{k}」 is not a session field import knows; not imported"),
                ),
            }
        }
        out
    }
}

/// The session's settings into the draft: the flags, then the 场次 sheet,
/// then the defaults. Returns the sheet's times and what could not be read.
pub(super) fn settings(
    d: &mut Draft,
    session: &SessionCells,
    opts: &Options,
) -> (Times, Vec<Problem>) {
    let sess = |k: &str| session.get(k);
    d.title = opts
        .title
        .clone()
        .or_else(|| sess("title").and_then(|(v, _)| text(v)))
        .unwrap_or_else(|| opts.stem.clone());
    let mut problems = Vec::new();
    d.platform = opts.platform.clone().or_else(|| {
        let (v, at) = sess("platform")?;
        let t = text(v)?;
        use stagecall_core::plan::Platform;
        let p = Platform::ALL
            .iter()
            .find(|p| p.key() == t.trim().to_lowercase() || p.zh() == t.trim());
        if p.is_none() {
            problems.push(Problem {
                at: at.clone(),
                message: format!("「{t}」 is not a platform (kuaishou, douyin, taobao, tiktok, wechat, other); left out"),
            });
        }
        p.map(|p| p.key().to_string())
    });
    d.date = opts
        .date
        .or_else(|| {
            let (v, at) = sess("date")?;
            let parsed = match v {
                Value::Serial(f) | Value::Num(f) => serial_date(*f),
                _ => {
                    let t = halfwidth(&v.text())
                        .replace(['/', '.', '年', '月'], "-")
                        .replace('日', "");
                    NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok()
                }
            };
            if parsed.is_none() && !v.is_empty() {
                problems.push(Problem {
                    at: at.clone(),
                    message: format!(
                        "「{}」 is not a date like 2026-11-11; using today",
                        v.text()
                    ),
                });
            }
            parsed
        })
        .or(opts.today);
    d.timezone = opts
        .timezone
        .clone()
        .or_else(|| {
            let (v, at) = sess("timezone")?;
            let t = text(v)?;
            if t.trim().parse::<chrono_tz::Tz>().is_ok() {
                Some(t.trim().to_string())
            } else {
                problems.push(Problem {
                    at: at.clone(),
                    message: format!(
                        "「{t}」 is not an IANA time zone like Asia/Shanghai; using the machine's"
                    ),
                });
                None
            }
        })
        .or_else(|| opts.local_tz.clone());
    d.hosts = sess("hosts")
        .and_then(|(v, _)| text(v))
        .map(|h| pieces(&h, |_| false))
        .unwrap_or_default();
    let mut money_of = |k: &str| {
        let (v, at) = sess(k)?;
        money(v)
            .map_err(|e| {
                problems.push(Problem {
                    at: at.clone(),
                    message: e,
                })
            })
            .ok()
            .flatten()
    };
    d.gmv_target = money_of("gmv_target");
    d.traffic_budget = money_of("traffic_budget");
    d.currency = sess("currency")
        .and_then(|(v, _)| text(v))
        .map(|c| c.trim().to_string());
    d.advance = sess("advance").and_then(|(v, _)| text(v)).and_then(|t| {
        use stagecall_core::plan::Advance;
        Advance::ALL
            .iter()
            .find(|x| x.key() == t.trim() || x.zh() == t.trim())
            .map(|x| x.key().to_string())
    });
    let sess_time = |k: &str, problems: &mut Vec<Problem>| {
        let (v, at) = sess(k)?;
        match time_range(v) {
            Ok(t) => t.map(|(s, _)| s),
            Err(e) => {
                problems.push(Problem {
                    at: at.clone(),
                    message: e,
                });
                None
            }
        }
    };
    let sheet_start = sess_time("start", &mut problems);
    let sheet_end = sess_time("end", &mut problems);
    let sheet_duration = sess("duration").and_then(|(v, at)| match parse_duration_value(v) {
        Ok(d) => d,
        Err(e) => {
            problems.push(Problem {
                at: at.clone(),
                message: e,
            });
            None
        }
    });
    (
        Times {
            start: sheet_start,
            end: sheet_end,
            duration: sheet_duration,
        },
        problems,
    )
}
