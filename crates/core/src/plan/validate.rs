//! From [`RawPlan`] to [`Plan`]: required keys, value ranges, time syntax,
//! identities and references. Every problem becomes a diagnostic; checking
//! goes on after each so one run lists them all. Checks that need absolute
//! times (windows, overlaps, DST) live in `schedule`.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;

use super::load::Removed;
use super::model::*;
use super::raw::*;
use super::suggest::did_you_mean;
use super::time::{TimeSpec, parse_clock, parse_date, parse_duration, parse_time};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::Source;

/// The plan format versions this program reads.
pub const KNOWN_FORMATS: &[i64] = &[1];

/// What the machine contributes to a plan: the zone and day used when the
/// plan leaves them out. Passed in so loading stays deterministic in tests.
#[derive(Debug, Clone, Copy)]
pub struct Env {
    pub now: DateTime<Utc>,
    pub local_tz: Tz,
}

impl Env {
    /// The real clock and the machine's zone (UTC if it cannot be told).
    pub fn system() -> Self {
        let local_tz = iana_time_zone::get_timezone()
            .ok()
            .and_then(|name| name.parse().ok())
            .unwrap_or(Tz::UTC);
        Env {
            now: Utc::now(),
            local_tz,
        }
    }
}

struct Ctx<'a> {
    src: &'a Source,
    d: &'a mut Diagnostics,
    /// Keys already reported and dropped by the loader.
    removed: &'a [Removed],
    /// Welfare ids whose definitions were reported broken; references to
    /// them are not reported a second time.
    broken_welfare: HashSet<String>,
    /// SKUs defined in product groups the loader reported and dropped
    /// (`[[group.items]]` misspelt, say); likewise not reported again.
    broken_skus: HashSet<String>,
}

impl Ctx<'_> {
    /// Whether `key` was reported and dropped inside `record`.
    fn already_reported(&self, key: &str, record: &Span) -> bool {
        let record = self.extent(record);
        let bare = key.rsplit('.').next().unwrap_or(key);
        self.removed.iter().any(|r| {
            (r.key == key || r.key == bare)
                && record.start <= r.span.start
                && r.span.end <= record.end
        })
    }

    fn err(&mut self, d: Diagnostic) {
        self.d.push(d);
    }

    /// The whole of a record. toml spans a `[table]` by its header line
    /// only, so extend a header to the next header.
    fn extent(&self, span: &Span) -> Span {
        let text = &self.src.text;
        if !text.get(span.clone()).is_some_and(|h| h.starts_with('[')) {
            return span.clone();
        }
        let mut pos = span.end;
        for line in text[span.end..].split_inclusive('\n') {
            if line.trim_start().starts_with('[') && pos > span.end {
                break;
            }
            pos += line.len();
        }
        span.start..pos
    }

    fn line(&self, span: &Span) -> usize {
        self.src.line_col(span.start).0
    }
}

/// Validates a raw plan. Returns `None` when a required part is missing or
/// unusable; the diagnostics say why.
pub fn validate(
    raw: RawPlan,
    src: &Source,
    env: &Env,
    removed: &[Removed],
    d: &mut Diagnostics,
) -> Option<Plan> {
    let mut cx = Ctx {
        src,
        d,
        removed,
        broken_welfare: HashSet::new(),
        broken_skus: removed.iter().flat_map(|r| r.skus.clone()).collect(),
    };
    let format = check_format(&raw, &mut cx);
    let session = check_session(raw.session, &mut cx, env);
    let crew = raw.crew.map(|c| {
        c.into_inner()
            .into_iter()
            .map(|(k, v)| (k, v.into_inner()))
            .collect::<BTreeMap<_, _>>()
    });

    let (groups, items) = check_groups(raw.group, &mut cx);
    let welfare = check_welfare(raw.welfare, &items, &mut cx);
    let warmups = check_warmups(raw.warmup, crew.as_ref(), &mut cx);
    let traffic = raw.traffic.map(|t| check_traffic(t, &mut cx));
    let cues = check_cues(raw.cue, &items, &welfare, crew.as_ref(), &mut cx);

    warn_unused(&items, &welfare, &cues, &mut cx);

    let plan = Plan {
        format: format?,
        session: session?,
        crew,
        groups,
        items,
        welfare,
        warmups,
        traffic,
        cues,
    };
    Some(plan)
}

fn check_format(raw: &RawPlan, cx: &mut Ctx) -> Option<u32> {
    let Some(f) = &raw.format else {
        // A `format` the loader reported (a wrong type, a number too large)
        // is not missing too. Top-level keys come before the first table.
        let text = &cx.src.text;
        let top = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .find(|&i| text[i..].trim_start().starts_with('['))
            .unwrap_or(text.len());
        if cx.already_reported("format", &(0..top)) {
            return None;
        }
        cx.err(
            Diagnostic::error("missing required key `format`")
                .at(0..0)
                .help("add `format = 1` as the first line"),
        );
        return None;
    };
    if !KNOWN_FORMATS.contains(f.get_ref()) {
        cx.err(
            Diagnostic::error(format!("unknown plan format {}", f.get_ref()))
                .at(f.span())
                .label("this program reads format 1")
                .help("write `format = 1`, or update stagecall if the plan was written for a newer version"),
        );
        return None;
    }
    Some(*f.get_ref() as u32)
}

/// Reports a missing required key, unless the loader already reported the
/// key's value as unusable.
fn missing(cx: &mut Ctx, key: &str, at: Span, record: &Span, example: &str) {
    if key
        .split('`')
        .any(|k| !k.is_empty() && cx.already_reported(k, record))
    {
        return;
    }
    // `at` is a guess at the table header; an inline table starts elsewhere,
    // so keep the span inside the text and on character boundaries.
    let text = &cx.src.text;
    let snap = |mut i: usize, up: bool| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            if up { i += 1 } else { i -= 1 }
        }
        i
    };
    let start = snap(at.start, false);
    let at = start..snap(at.end, true).max(start);
    cx.err(
        Diagnostic::error(format!("missing required key `{key}`"))
            .at(at)
            .label(format!("`{key}` is required here"))
            .help(format!("add {example}")),
    );
}

fn check_session(raw: Option<S<RawSession>>, cx: &mut Ctx, env: &Env) -> Option<Session> {
    let Some(raw) = raw else {
        cx.err(
            Diagnostic::error("missing required table [session]")
                .at(0..0)
                .help("add a [session] table with title, start, and end or duration"),
        );
        return None;
    };
    let record = raw.span();
    let head = record.start..record.start.max(record.end.min(record.start + 9));
    let s = raw.into_inner();
    let title = match s.title {
        Some(t) => Some(t.into_inner()),
        None => {
            missing(
                cx,
                "session.title",
                head.clone(),
                &record,
                "title = \"双11 专场\" under [session]",
            );
            None
        }
    };
    let timezone = match &s.timezone {
        None => Some(env.local_tz),
        Some(tz) => {
            match tz.get_ref().parse::<Tz>() {
                Ok(z) => Some(z),
                Err(_) => {
                    let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
                    let mut d = Diagnostic::error(format!("unknown time zone `{}`", tz.get_ref()))
                        .at(tz.span())
                        .label("not an IANA zone name");
                    d = match did_you_mean(tz.get_ref(), names) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help("use an IANA zone name such as \"Asia/Shanghai\" or \"America/New_York\""),
                };
                    cx.err(d);
                    None
                }
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
                cx.err(
                    Diagnostic::error(e)
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
                cx,
                "session.start",
                head.clone(),
                &record,
                "start = \"20:00\" under [session]",
            );
            (None, head.clone())
        }
        Some(v) => (clock_value(v, "start", cx), v.span()),
    };
    let (end, end_span) = match (&s.end, &s.duration) {
        (Some(e), Some(d)) => {
            cx.err(
                Diagnostic::error("session has both `end` and `duration`")
                    .at(d.span())
                    .label("one of the two must go")
                    .help("keep either end = \"00:30\" or duration = \"4h30m\", not both"),
            );
            let _ = e;
            (None, d.span())
        }
        (None, None) => {
            missing(
                cx,
                "session.end` or `session.duration",
                head.clone(),
                &record,
                "end = \"23:00\" or duration = \"3h\" under [session]",
            );
            (None, head.clone())
        }
        (Some(e), None) => (clock_value(e, "end", cx).map(SessionEnd::Clock), e.span()),
        (None, Some(d)) => match parse_duration(d.get_ref()) {
            Ok(v) if v > Duration::zero() => (Some(SessionEnd::Duration(v)), d.span()),
            Ok(_) => {
                cx.err(
                    Diagnostic::error("session duration is zero")
                        .at(d.span())
                        .help("give the show's length, like duration = \"4h\""),
                );
                (None, d.span())
            }
            Err(e) => {
                cx.err(bad_duration(&e, d.span()));
                (None, d.span())
            }
        },
    };
    let gmv_target = s.gmv_target.and_then(|v| money(&v, "gmv_target", cx));
    Some(Session {
        title: title?,
        platform: s.platform.map(|p| *p.get_ref()),
        date: date?,
        start: start?,
        end: end?,
        timezone: timezone?,
        hosts: s.hosts.into_iter().map(S::into_inner).collect(),
        gmv_target,
        currency: s.currency.map_or_else(|| "CNY".into(), S::into_inner),
        advance: s.advance.map_or(Advance::Clock, |a| *a.get_ref()),
        start_span,
        end_span,
        date_span: s.date.as_ref().map(S::span),
    })
}

fn bad_duration(e: &str, span: Span) -> Diagnostic {
    Diagnostic::error(format!("malformed duration: {e}"))
        .at(span)
        .label("not a duration")
        .help(format!(
            "write durations like \"90s\", \"5m\", \"1h30m\" ({DURATION_UNITS})"
        ))
}

/// The units a duration takes, as the help names them; the parser's own
/// messages name the same ones ("units are d, h, m and s").
const DURATION_UNITS: &str = "units d, h, m, s; largest first";

fn bad_time(e: &str, span: Span) -> Diagnostic {
    Diagnostic::error(format!("malformed time: {e}"))
        .at(span)
        .label("not a time")
        .help("write a clock time \"20:15\", an offset from the start \"+1:30\" or \"+90m\"")
}

fn date_value(v: &S<TimeValue>) -> Result<NaiveDate, String> {
    match v.get_ref() {
        TimeValue::Text(s) => parse_date(s),
        TimeValue::Toml(dt) => match (&dt.date, &dt.time, &dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                    .ok_or_else(|| "not a calendar date".to_string())
            }
            _ => Err("expected a date like 2026-11-11, without a time".into()),
        },
    }
}

fn clock_value(v: &S<TimeValue>, key: &str, cx: &mut Ctx) -> Option<NaiveTime> {
    let r = match v.get_ref() {
        TimeValue::Text(s) => parse_clock(s.trim()),
        TimeValue::Toml(dt) => match (&dt.date, &dt.time, &dt.offset) {
            (None, Some(t), None) => toml_time(t),
            _ => Err("expected a clock time like 20:00, without a date or offset".into()),
        },
    };
    r.map_err(|e| {
        cx.err(
            Diagnostic::error(format!("malformed `{key}` time: {e}"))
                .at(v.span())
                .label("not a clock time")
                .help(format!("write {key} = \"20:00\" (24-hour HH:MM)")),
        )
    })
    .ok()
}

fn toml_time(t: &toml::value::Time) -> Result<NaiveTime, String> {
    NaiveTime::from_hms_opt(t.hour.into(), t.minute.into(), t.second.unwrap_or(0).into())
        .ok_or_else(|| "not a time of day".to_string())
}

fn time_value(v: &S<TimeValue>, cx: &mut Ctx) -> Option<TimeSpec> {
    let r = match v.get_ref() {
        TimeValue::Text(s) => parse_time(s),
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
    r.map_err(|e| cx.err(bad_time(&e, v.span()))).ok()
}

fn money(v: &S<f64>, key: &str, cx: &mut Ctx) -> Option<Money> {
    let x = *v.get_ref();
    if !x.is_finite() || x.abs() > 1e15 {
        cx.err(
            Diagnostic::error(format!("`{key}` is not a usable amount"))
                .at(v.span())
                .label("not a finite amount")
                .help("write a plain number like 99 or 99.9 (nan and inf are not amounts)"),
        );
        return None;
    }
    if x < 0.0 {
        cx.err(negative(key, v.span()));
        return None;
    }
    Some(Money::from_units(x))
}

/// A ratio like an ROI target: a finite number, 0 or more (`nan` and
/// `inf` are TOML floats, but no target).
fn ratio(v: &S<f64>, key: &str, cx: &mut Ctx) -> Option<f64> {
    let x = *v.get_ref();
    if !x.is_finite() || x.abs() > 1e15 {
        cx.err(
            Diagnostic::error(format!("`{key}` is not a usable number"))
                .at(v.span())
                .label("not a finite number")
                .help("write a plain number like 2 or 2.5 (nan and inf are not targets)"),
        );
        return None;
    }
    if x < 0.0 {
        cx.err(negative(key, v.span()));
        return None;
    }
    Some(x)
}

fn count(v: &S<i64>, key: &str, cx: &mut Ctx) -> Option<u64> {
    let x = *v.get_ref();
    if x < 0 {
        cx.err(negative(key, v.span()));
        return None;
    }
    Some(x as u64)
}

fn negative(key: &str, span: Span) -> Diagnostic {
    Diagnostic::error(format!("`{key}` is negative"))
        .at(span)
        .label("must be 0 or more")
        .help("quantities, prices and budgets cannot be negative; write a number of 0 or more")
}

/// Turns a title into an id: lowercase letters, digits and CJK kept, every
/// other run of characters made a single `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() { "cue".into() } else { out }
}

/// Tracks the ids of one kind, reporting duplicates.
struct Ids<'k> {
    kind: &'k str,
    seen: HashMap<String, Span>,
}

impl<'k> Ids<'k> {
    fn new(kind: &'k str) -> Self {
        Ids {
            kind,
            seen: HashMap::new(),
        }
    }

    fn claim(&mut self, id: &S<String>, cx: &mut Ctx) -> bool {
        if let Some(first) = self.seen.get(id.get_ref()) {
            let line = cx.line(first);
            cx.err(
                Diagnostic::error(format!("duplicate {} `{}`", self.kind, id.get_ref()))
                    .at(id.span())
                    .label("used again here")
                    .help(format!(
                        "first defined on line {line}; {}s must be unique, rename one",
                        self.kind
                    )),
            );
            return false;
        }
        self.seen.insert(id.get_ref().clone(), id.span());
        true
    }
}

fn check_groups(raw: Vec<S<RawGroup>>, cx: &mut Ctx) -> (Vec<Group>, Vec<Item>) {
    let mut groups = Vec::new();
    let mut items = Vec::new();
    let mut group_ids = Ids::new("group id");
    let mut skus = Ids::new("SKU");
    for g in raw {
        let span = g.span();
        let g = g.into_inner();
        let name = g.name.as_ref().map(|n| n.get_ref().clone());
        let id = match &g.id {
            Some(id) => {
                group_ids.claim(id, cx);
                id.get_ref().clone()
            }
            None => slug(name.as_deref().unwrap_or("group")),
        };
        let gi = groups.len();
        let mut members = Vec::new();
        for it in g.item {
            let it_span = it.span();
            let it = it.into_inner();
            let Some(sku) = &it.sku else {
                missing(
                    cx,
                    "sku",
                    it_span.start..it_span.start + 14,
                    &it_span,
                    "sku = \"QB-001\" to this item",
                );
                continue;
            };
            if !skus.claim(sku, cx) {
                continue;
            }
            let list_price = it
                .list_price
                .as_ref()
                .and_then(|v| money(v, "list_price", cx));
            let live_price = it
                .live_price
                .as_ref()
                .and_then(|v| money(v, "live_price", cx));
            if let (Some(list), Some(live), Some(live_span)) =
                (list_price, live_price, it.live_price.as_ref())
                && live > list
            {
                cx.err(
                    Diagnostic::warning(format!("live_price {live} is above list_price {list} for `{}`", sku.get_ref()))
                        .at(live_span.span())
                        .label("higher than the list price")
                        .help("a live price is normally the discounted one; check the two prices are not swapped"),
                );
            }
            let stock = it.stock.as_ref().and_then(|v| count(v, "stock", cx));
            if let (Some(0), Some(s)) = (stock, &it.stock) {
                cx.err(
                    Diagnostic::warning(format!(
                        "stock 0 for `{}`: it is sold out before the show starts",
                        sku.get_ref()
                    ))
                    .at(s.span())
                    .label("no stock")
                    .help("restock it before the show, or take it out of the cues"),
                );
            }
            members.push(items.len());
            items.push(Item {
                sku: sku.get_ref().clone(),
                name: it.name.map_or_else(|| sku.get_ref().clone(), S::into_inner),
                group: gi,
                list_price,
                live_price,
                stock,
                limit: it.limit.as_ref().and_then(|v| count(v, "limit", cx)),
                pitch: it.pitch,
                link: it.link.as_ref().and_then(|v| link_number(v, cx)),
                low_stock: it
                    .low_stock
                    .as_ref()
                    .and_then(|v| count(v, "low_stock", cx)),
                span: sku.span(),
            });
        }
        let _ = span;
        groups.push(Group {
            name: name.unwrap_or_else(|| id.clone()),
            id,
            role: g.role.map(|r| *r.get_ref()),
            audience: g.audience.map_or(Audience::All, |a| *a.get_ref()),
            items: members,
        });
    }
    (groups, items)
}

fn check_welfare(raw: Vec<S<RawWelfare>>, items: &[Item], cx: &mut Ctx) -> Vec<Welfare> {
    let mut out = Vec::new();
    let mut ids = Ids::new("welfare id");
    for w in raw {
        let span = w.span();
        let w = w.into_inner();
        let head = span.start..span.start + 13;
        let Some(id) = &w.id else {
            missing(
                cx,
                "id",
                head,
                &span,
                "id = \"bag-open\" to this welfare item (cues refer to it by id)",
            );
            continue;
        };
        if !ids.claim(id, cx) {
            continue;
        }
        let Some(kind) = &w.kind else {
            if cx.already_reported("kind", &span) {
                cx.broken_welfare.insert(id.get_ref().clone());
                continue;
            }
            let allowed: Vec<_> = WelfareKind::ALL
                .iter()
                .map(|k| format!("{} ({})", k.key(), k.zh()))
                .collect();
            cx.err(
                Diagnostic::error("missing required key `kind`")
                    .at(id.span())
                    .label("this welfare item has no kind")
                    .help(format!(
                        "add kind = \"lucky_bag\"; allowed values: {}",
                        allowed.join(", ")
                    )),
            );
            continue;
        };
        let countdown = w
            .countdown
            .as_ref()
            .and_then(|c| match parse_duration(c.get_ref()) {
                Ok(d) => Some(d),
                Err(e) => {
                    cx.err(bad_duration(&e, c.span()).help(format!(
                        "write the countdown like \"3m\", \"90s\" or \"1m30s\" ({DURATION_UNITS})"
                    )));
                    None
                }
            });
        out.push(Welfare {
            id: id.get_ref().clone(),
            kind: *kind.get_ref(),
            name: w.name.map_or_else(|| id.get_ref().clone(), S::into_inner),
            quantity: w.quantity.as_ref().and_then(|v| count(v, "quantity", cx)),
            unit_cost: w.unit_cost.as_ref().and_then(|v| money(v, "unit_cost", cx)),
            rule: w.rule,
            trigger: w.trigger,
            when: w.when.as_ref().and_then(|c| when_condition(c, cx)),
            countdown,
            limit: w.limit.as_ref().and_then(|v| count(v, "limit", cx)),
            sku: w.sku.as_ref().and_then(|r| {
                let found = items.iter().position(|it| &it.sku == r.get_ref());
                if found.is_none() && !cx.broken_skus.contains(r.get_ref()) {
                    cx.err(unknown_ref(
                        "SKU",
                        r,
                        items.iter().map(|i| i.sku.as_str()),
                        "[[group.item]]",
                    ));
                }
                found
            }),
            price: w.price.as_ref().and_then(|v| money(v, "price", cx)),
            span: id.span(),
        });
    }
    out
}

/// A welfare's `when`, parsed; an error points into the string.
fn when_condition(w: &S<String>, cx: &mut Ctx) -> Option<super::when::Condition> {
    match super::when::parse(w.get_ref()) {
        Ok(c) => Some(c),
        Err(e) => {
            // Inside the quotes of a basic string (escapes would shift it;
            // then the whole value is marked).
            let span = w.span();
            let raw_len = w.get_ref().len() + 2;
            let at = if span.len() == raw_len {
                let start = span.start + 1 + e.at;
                start..start + e.len.max(1)
            } else {
                span.clone()
            };
            cx.err(
                Diagnostic::error(format!("bad `when`: {}", e.message))
                    .at(at)
                    .label("here")
                    .help("write it like \"online >= 3000\" or \"online >= 3000 and gmv > 5万\" (online, gmv, orders, likes; >=, >, <=, <; joined with and)"),
            );
            None
        }
    }
}

fn check_warmups(
    raw: Vec<S<RawWarmup>>,
    crew: Option<&BTreeMap<String, String>>,
    cx: &mut Ctx,
) -> Vec<Warmup> {
    let mut out = Vec::new();
    let mut ids = Ids::new("warm-up id");
    let mut derived = HashSet::new();
    for w in raw {
        let span = w.span();
        let w = w.into_inner();
        let title = w.title.as_ref().map(|t| t.get_ref().clone());
        let id = match &w.id {
            Some(id) => {
                ids.claim(id, cx);
                id.get_ref().clone()
            }
            None => unique(slug(title.as_deref().unwrap_or("warmup")), &mut derived),
        };
        let Some(at) = &w.at else {
            missing(
                cx,
                "at",
                span.start..span.start + 12,
                &span,
                "at = \"-2h\" (or a date-time) to this warm-up item",
            );
            continue;
        };
        let Some(spec) = time_value(at, cx) else {
            continue;
        };
        out.push(Warmup {
            title: title.unwrap_or_else(|| id.clone()),
            id,
            at: spec,
            at_span: at.span(),
            channel: w.channel.map(|c| *c.get_ref()),
            target_reservations: w
                .target_reservations
                .as_ref()
                .and_then(|v| count(v, "target_reservations", cx)),
            checklist: check_tasks(w.checklist, crew, cx),
        });
    }
    out
}

/// A written time as a plan would write it: "20:30", "+0:30", "-2h".
fn spec_text(t: TimeSpec) -> String {
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

fn unique(base: String, used: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn check_traffic(raw: S<RawTraffic>, cx: &mut Ctx) -> Traffic {
    let span = raw.span();
    let t = raw.into_inner();
    let mut ids = Ids::new("slot id");
    let mut slots = Vec::new();
    // A slot budget already reported as unusable (or lost with its slot)
    // makes the budget sums unknowable; skip them rather than cascade into
    // "unallocated" or "over budget".
    let mut budget_unknown = false;
    for (n, s) in t.slot.into_iter().enumerate() {
        let sspan = s.span();
        let s = s.into_inner();
        let wrote_budget = s.budget.is_some() || cx.already_reported("budget", &sspan);
        let id = match &s.id {
            Some(id) => {
                ids.claim(id, cx);
                id.get_ref().clone()
            }
            None => format!("slot-{}", n + 1),
        };
        let head = sspan.start..sspan.start + 16;
        let (Some(from), Some(to)) = (&s.from, &s.to) else {
            let key = if s.from.is_none() { "from" } else { "to" };
            missing(
                cx,
                key,
                head,
                &sspan,
                &format!("{key} = \"20:00\" to this traffic slot"),
            );
            budget_unknown |= wrote_budget;
            continue;
        };
        let (Some(fs), Some(ts)) = (time_value(from, cx), time_value(to, cx)) else {
            budget_unknown |= wrote_budget;
            continue;
        };
        // The same time written twice is an empty slot, not one that ends
        // before it starts. (Different forms that land on the same instant
        // are only known to the schedule.)
        if fs == ts {
            cx.err(
                Diagnostic::error(format!(
                    "traffic slot `{id}` is empty: it starts and ends at {}",
                    spec_text(fs)
                ))
                .at(to.span())
                .label("the same as `from`")
                .help("`to` is when the paid traffic stops; make it later than `from`, like to = \"21:00\""),
            );
            budget_unknown |= wrote_budget;
            continue;
        }
        let budget = s.budget.as_ref().and_then(|v| money(v, "budget", cx));
        budget_unknown |= wrote_budget && budget.is_none();
        slots.push(Slot {
            id,
            from: fs,
            to: ts,
            budget,
            channel: s.channel,
            audience: s.audience,
            roi_target: s
                .roi_target
                .as_ref()
                .and_then(|v| ratio(v, "roi_target", cx)),
            from_span: from.span(),
            to_span: to.span(),
            span: sspan,
        });
    }
    let total = t
        .budget
        .as_ref()
        .and_then(|v| money(v, "traffic.budget", cx));
    Traffic {
        budget: total.filter(|_| !budget_unknown),
        budget_span: t
            .budget
            .as_ref()
            .map_or(span.start..span.start + 9, |b| b.span()),
        slots,
    }
}

fn check_cues(
    raw: Vec<S<RawCue>>,
    items: &[Item],
    welfare: &[Welfare],
    crew: Option<&BTreeMap<String, String>>,
    cx: &mut Ctx,
) -> Vec<Cue> {
    let mut ids = Ids::new("cue id");
    // Explicit ids win; derived ones step around them.
    let mut used: HashSet<String> = raw
        .iter()
        .filter_map(|c| c.get_ref().id.as_ref().map(|i| i.get_ref().clone()))
        .collect();
    let sku_index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.sku.as_str(), i))
        .collect();
    let welfare_index: HashMap<&str, usize> = welfare
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for c in raw {
        let cspan = c.span();
        let c = c.into_inner();
        let Some(title) = &c.title else {
            missing(
                cx,
                "title",
                cspan.start..cspan.start + 7,
                &cspan,
                "title = \"…\" to this cue",
            );
            continue;
        };
        let id = match &c.id {
            Some(id) => {
                ids.claim(id, cx);
                id.get_ref().clone()
            }
            None => unique(slug(title.get_ref()), &mut used),
        };
        let at = c.at.as_ref().and_then(|a| time_value(a, cx));
        let duration = c.duration.as_ref().and_then(|d| {
            match parse_duration(d.get_ref().trim_start_matches('+')) {
                Ok(v) => Some(v),
                Err(e) => {
                    cx.err(bad_duration(&e, d.span()));
                    None
                }
            }
        });
        let mut cue_items = Vec::new();
        for sku in &c.items {
            match sku_index.get(sku.get_ref().as_str()) {
                Some(&i) => cue_items.push(i),
                None if cx.broken_skus.contains(sku.get_ref()) => {}
                None => cx.err(unknown_ref(
                    "SKU",
                    sku,
                    items.iter().map(|i| i.sku.as_str()),
                    "[[group.item]]",
                )),
            }
        }
        let mut cue_welfare = Vec::new();
        for w in &c.welfare {
            match welfare_index.get(w.get_ref().as_str()) {
                Some(&i) => cue_welfare.push(i),
                None if cx.broken_welfare.contains(w.get_ref()) => {}
                None => cx.err(unknown_ref(
                    "welfare",
                    w,
                    welfare.iter().map(|w| w.id.as_str()),
                    "[[welfare]]",
                )),
            }
        }
        let checklist = check_tasks(c.checklist, crew, cx);
        out.push(Cue {
            id,
            at,
            duration,
            title: title.get_ref().clone(),
            segment: c.segment,
            items: cue_items,
            welfare: cue_welfare,
            script: c.script,
            checklist,
            span: c.at.as_ref().map_or(title.span(), |a| a.span()),
            duration_span: c.duration.as_ref().map(|d| d.span()),
        });
    }
    out
}

/// Checks checklist entries: text required, `at` an offset, `who` a crew role.
fn check_tasks(
    raw: Vec<S<RawTask>>,
    crew: Option<&BTreeMap<String, String>>,
    cx: &mut Ctx,
) -> Vec<Task> {
    let mut out = Vec::new();
    for t in raw {
        let tspan = t.span();
        let t = t.into_inner();
        let Some(text) = t.task else {
            cx.err(
                Diagnostic::error("checklist entry has no `task`")
                    .at(tspan)
                    .help("write { task = \"开启金牛计划A\", who = \"ads\" }"),
            );
            continue;
        };
        let span = if text.span().is_empty() {
            tspan.clone()
        } else {
            text.span()
        };
        let at = t.at.as_ref().and_then(|a| task_at(a, cx));
        if let (Some(who), Some(crew)) = (&t.who, crew)
            && !crew.contains_key(who.get_ref())
        {
            cx.err(who_not_crew(who, crew));
        }
        out.push(Task {
            text: text.into_inner(),
            who: t.who.map(S::into_inner),
            at,
            span,
        });
    }
    out
}

/// A task's `at`: an offset from the start of its cue ("+2m", "+1:30",
/// or a bare duration "90s"), or a clock time / date-time ("19:43") that
/// is that instant wherever the cue runs.
fn task_at(a: &S<TimeValue>, cx: &mut Ctx) -> Option<TaskAt> {
    let text = match a.get_ref() {
        TimeValue::Toml(_) => return time_value(a, cx).map(TaskAt::Clock),
        TimeValue::Text(s) => s.trim(),
    };
    let r = if let Some(body) = text.strip_prefix('+') {
        if body.contains(':') {
            match parse_time(text) {
                Ok(TimeSpec::Offset(d)) => Ok(TaskAt::Offset(d)),
                Ok(_) => Err("expected an offset inside the cue".to_string()),
                Err(e) => Err(e),
            }
        } else {
            parse_duration(body).map(TaskAt::Offset)
        }
    } else if text.contains(':') {
        match parse_time(text) {
            Ok(spec @ (TimeSpec::Clock(_) | TimeSpec::Local(_))) => Ok(TaskAt::Clock(spec)),
            Ok(_) => {
                Err("expected a clock time like \"19:43\" or an offset like \"+2m\"".to_string())
            }
            Err(e) => Err(e),
        }
    } else {
        parse_duration(text).map(TaskAt::Offset)
    };
    r.map_err(|e| {
        cx.err(
            Diagnostic::error(format!("malformed task time: {e}"))
                .at(a.span())
                .label("not a task time")
                .help("a task's `at` is an offset from the start of its cue, like \"+2m\" or \"+1:30\", or a clock time like \"19:43\""),
        )
    })
    .ok()
}

/// A cart link number: a whole number, 1 or more.
fn link_number(v: &S<i64>, cx: &mut Ctx) -> Option<u32> {
    match u32::try_from(*v.get_ref()) {
        Ok(n) if n >= 1 => Some(n),
        _ => {
            cx.err(
                Diagnostic::error("`link` must be a whole number, 1 or more")
                    .at(v.span())
                    .label("not a link number")
                    .help("the cart link number (链接号) the host calls out, like link = 3"),
            );
            None
        }
    }
}

fn who_not_crew(who: &S<String>, crew: &BTreeMap<String, String>) -> Diagnostic {
    let roles: Vec<&str> = crew.keys().map(String::as_str).collect();
    let d = Diagnostic::warning(format!(
        "`who = \"{}\"` names no role of [crew]",
        who.get_ref()
    ))
    .at(who.span())
    .label("not a crew role");
    if let Some((role, _)) = crew.iter().find(|(_, person)| *person == who.get_ref()) {
        return d.help(format!(
            "`{}` is the person for role `{role}`; write who = \"{role}\"",
            who.get_ref()
        ));
    }
    match did_you_mean(who.get_ref(), roles.iter().copied()) {
        Some(s) => d.help(format!(
            "did you mean `{s}`? roles in [crew]: {}",
            roles.join(", ")
        )),
        None => d.help(format!(
            "roles in [crew]: {}; add this role to [crew] or use one of those",
            roles.join(", ")
        )),
    }
}

fn unknown_ref<'a>(
    kind: &str,
    r: &S<String>,
    known: impl Iterator<Item = &'a str> + Clone,
    table: &str,
) -> Diagnostic {
    let d = Diagnostic::error(format!("no {kind} `{}` in this plan", r.get_ref()))
        .at(r.span())
        .label(format!("unknown {kind}"));
    match did_you_mean(r.get_ref(), known.clone()) {
        Some(s) => d.help(format!("did you mean `{s}`?")),
        None => {
            let all: Vec<&str> = known.take(12).collect();
            if all.is_empty() {
                d.help(format!("define it under {table} first"))
            } else {
                d.help(format!(
                    "define it under {table}, or use one of: {}",
                    all.join(", ")
                ))
            }
        }
    }
}

fn warn_unused(items: &[Item], welfare: &[Welfare], cues: &[Cue], cx: &mut Ctx) {
    let used_items: HashSet<usize> = cues.iter().flat_map(|c| c.items.iter().copied()).collect();
    let used_welfare: HashSet<usize> = cues
        .iter()
        .flat_map(|c| c.welfare.iter().copied())
        .collect();
    for (i, it) in items.iter().enumerate() {
        if !used_items.contains(&i) {
            cx.err(
                Diagnostic::warning(format!("product `{}` is never used by any cue", it.sku))
                    .at(it.span.clone())
                    .label("not in any cue's items")
                    .help(format!(
                        "add \"{}\" to a cue's items, or remove it from the plan",
                        it.sku
                    )),
            );
        }
    }
    for (i, w) in welfare.iter().enumerate() {
        if !used_welfare.contains(&i) {
            cx.err(
                Diagnostic::warning(format!("welfare `{}` is never used by any cue", w.id))
                    .at(w.span.clone())
                    .label("not in any cue's welfare")
                    .help(format!(
                        "add \"{}\" to a cue's welfare, or remove it from the plan",
                        w.id
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_keep_cjk() {
        assert_eq!(slug("开场 + 欢迎 + 福袋"), "开场-欢迎-福袋");
        assert_eq!(slug("Hook: QB-001 讲解"), "hook-qb-001-讲解");
        assert_eq!(slug("!!!"), "cue");
    }
}
