//! `[session]`: title, zone, date, start and end.

use chrono::Duration;
use chrono_tz::Tz;

use super::values::{bad_duration, clock_value, date_value, money};
use super::{Checker, missing};
use crate::diag::{Diagnostic, Rule};
use crate::plan::Env;
use crate::plan::model::{Advance, Session, SessionEnd};
use crate::plan::raw::{Located, RawSession};
use crate::plan::suggest::did_you_mean;
use crate::plan::time::parse_duration;

pub(super) fn check(
    raw: Option<Located<RawSession>>,
    ck: &mut Checker,
    env: &Env,
) -> Option<Session> {
    let Some(raw) = raw else {
        ck.err(
            Diagnostic::new(Rule::MissingKey, "missing required table [session]")
                .at(0..0)
                .help("add a [session] table with title, start, and end or duration"),
        );
        return None;
    };
    let record = raw.span();
    let head = ck.header(&record);
    let s = raw.into_inner();
    let title = if let Some(t) = s.title {
        Some(t.into_inner())
    } else {
        missing(
            ck,
            "session.title",
            &record,
            "title = \"双11 专场\" under [session]",
        );
        None
    };
    let timezone = match &s.timezone {
        None => Some(env.local_tz),
        Some(tz) => {
            if let Ok(z) = tz.get_ref().parse::<Tz>() {
                Some(z)
            } else {
                let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
                let mut d = Diagnostic::new(
                    Rule::UnknownTimezone,
                    format!("unknown time zone `{}`", tz.get_ref()),
                )
                .at(tz.span())
                .label("not an IANA zone name");
                d = match did_you_mean(tz.get_ref(), names) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(
                        "use an IANA zone name such as \"Asia/Shanghai\" or \"America/New_York\"",
                    ),
                };
                ck.err(d);
                None
            }
        }
    };
    let date = match &s.date {
        None => Some(
            env.now
                .with_timezone(&timezone.unwrap_or(env.local_tz))
                .date_naive(),
        ),
        Some(v) => match date_value(v) {
            Ok(d) => Some(d),
            Err(e) => {
                ck.err(
                    Diagnostic::new(Rule::MalformedDate, e)
                        .at(v.span())
                        .help("write the date as a TOML date: date = 2026-11-11"),
                );
                None
            }
        },
    };
    let (start, start_span) = match &s.start {
        None => {
            missing(
                ck,
                "session.start",
                &record,
                "start = \"20:00\" under [session]",
            );
            (None, head.clone())
        }
        Some(v) => (clock_value(v, "start", ck), v.span()),
    };
    let (end, end_span) = match (&s.end, &s.duration) {
        (Some(e), Some(d)) => {
            ck.err(
                Diagnostic::new(
                    Rule::EndAndDuration,
                    "session has both `end` and `duration`",
                )
                .at(d.span())
                .label("one of the two must go")
                .help("keep either end = \"00:30\" or duration = \"4h30m\", not both"),
            );
            let _ = e;
            (None, d.span())
        }
        (None, None) => {
            missing(
                ck,
                "session.end` or `session.duration",
                &record,
                "end = \"23:00\" or duration = \"3h\" under [session]",
            );
            (None, head.clone())
        }
        (Some(e), None) => (clock_value(e, "end", ck).map(SessionEnd::Clock), e.span()),
        (None, Some(d)) => match parse_duration(d.get_ref()) {
            Ok(v) if v > Duration::zero() => (Some(SessionEnd::Duration(v)), d.span()),
            Ok(_) => {
                ck.err(
                    Diagnostic::new(Rule::ZeroDuration, "session duration is zero")
                        .at(d.span())
                        .help("give the show's length, like duration = \"4h\""),
                );
                (None, d.span())
            }
            Err(e) => {
                ck.err(bad_duration(&e, d.span()));
                (None, d.span())
            }
        },
    };
    let gmv_target = s.gmv_target.and_then(|v| money(&v, "gmv_target", ck));
    Some(Session {
        title: title?,
        platform: s.platform.map(|p| *p.get_ref()),
        date: date?,
        start: start?,
        end: end?,
        timezone: timezone?,
        hosts: s.hosts.into_iter().map(Located::into_inner).collect(),
        gmv_target,
        currency: s.currency.map_or_else(|| "CNY".into(), Located::into_inner),
        advance: s.advance.map_or(Advance::Clock, |a| *a.get_ref()),
        start_span,
        end_span,
        date_span: s.date.as_ref().map(Located::span),
    })
}
