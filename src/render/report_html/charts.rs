//! The review's four charts as inline SVG, drawn from the report alone:
//! planned against actual cues (a Gantt), the online curve with welfare
//! releases and GOs marked, GMV against the target's pace, and spend and
//! ROI per traffic slot. The time charts share one axis: the planned show,
//! widened to whatever aired outside it. Readings are drawn as steps (each
//! stands until the next), the way every figure of the review counts them.

use chrono::FixedOffset;
use stagecall_core::live::{CueState, StartedBy};
use stagecall_core::report::{Report, WelfareReport};

use super::svg::{self, Scale, n};
use crate::render::figures as fig;
use crate::render::text::truncate;

/// The width of every chart's `viewBox`.
const W: f64 = 760.0;
const RIGHT: f64 = 14.0;

/// The span of time the charts share (Unix seconds).
pub struct Span {
    pub t0: i64,
    pub t1: i64,
    pub tz: FixedOffset,
    /// The review's instant.
    pub at: i64,
    /// The planned session.
    pub start: i64,
    pub end: i64,
}

impl Span {
    pub fn of(r: &Report) -> Option<Span> {
        let start = svg::parse(&r.session.start)?;
        let end = svg::parse(&r.session.end)?.timestamp();
        let at = svg::parse(&r.at).map_or(end, |t| t.timestamp());
        let (mut t0, mut t1) = (start.timestamp(), end);
        for c in &r.cues {
            for t in [&c.actual_start, &c.actual_end].into_iter().flatten() {
                if let Some(t) = svg::parse(t) {
                    t0 = t0.min(t.timestamp());
                    t1 = t1.max(t.timestamp());
                }
            }
            if c.state == CueState::OnAir {
                t1 = t1.max(at);
            }
        }
        Some(Span {
            t0,
            t1: t1.max(t0.saturating_add(60)),
            tz: *start.offset(),
            at,
            start: start.timestamp(),
            end,
        })
    }

    fn x(&self, left: f64) -> Scale {
        Scale::new((self.t0 as f64, self.t1 as f64), (left, W - RIGHT))
    }

    /// Drawn up to the review's instant, or the span's end.
    fn until(&self) -> i64 {
        self.at.clamp(self.t0, self.t1)
    }
}

fn ts(rfc: &str) -> Option<i64> {
    svg::parse(rfc).map(|t| t.timestamp())
}

/// Clock ticks with their grid lines, and the axis along `bottom`.
fn time_axis(sp: &Span, x: &Scale, top: f64, bottom: f64) -> String {
    let mut out = String::new();
    for (t, label) in svg::time_ticks(sp.t0, sp.t1, sp.tz) {
        let at = x.at(t as f64);
        out.push_str(&svg::line(at, top, at, bottom, "grid"));
        out.push_str(&svg::text(at, bottom + 14.0, "tick", "middle", &label));
    }
    out.push_str(&svg::line(
        x.at(sp.t0 as f64),
        bottom,
        x.at(sp.t1 as f64),
        bottom,
        "axis",
    ));
    out
}

/// Value ticks from 0 to `top` every `step`, with grid lines.
fn value_axis(y: &Scale, top: f64, step: f64, left: f64) -> String {
    let mut out = String::new();
    let mut v = 0.0;
    for _ in 0..=20 {
        if v > top + step / 2.0 {
            break;
        }
        let at = y.at(v);
        out.push_str(&svg::line(left, at, W - RIGHT, at, "grid"));
        out.push_str(&svg::text(
            left - 6.0,
            at + 4.0,
            "tick",
            "end",
            &svg::compact(v),
        ));
        v += step;
    }
    out
}

/// A chart with nothing to draw says so, in the chart's place.
fn placeholder(msg: &str) -> String {
    format!(
        "{}{}{}</svg>\n",
        svg::open(W, 56.0, msg),
        svg::rect(0.5, 0.5, W - 1.0, 55.0, "empty"),
        svg::text(W / 2.0, 33.0, "muted", "middle", msg)
    )
}

/// Planned against actual, a row per cue.
pub fn gantt(r: &Report, sp: &Span) -> String {
    const LABEL: f64 = 200.0;
    const ROW: f64 = 20.0;
    const TOP: f64 = 4.0;
    let bottom = TOP + ROW * r.cues.len() as f64;
    let x = sp.x(LABEL);
    let mut out = svg::open(W, bottom + 22.0, "计划与实际 Planned against actual");
    for i in (1..r.cues.len()).step_by(2) {
        out.push_str(&svg::rect(0.0, TOP + ROW * i as f64, W, ROW, "band"));
    }
    out.push_str(&time_axis(sp, &x, TOP, bottom));
    for (i, c) in r.cues.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let aired = matches!(c.state, CueState::Done | CueState::OnAir);
        let class = if aired { "lbl" } else { "lbl muted" };
        out.push_str(&svg::text(
            LABEL - 6.0,
            y + 14.0,
            class,
            "end",
            &truncate(&c.title, 28),
        ));
        let (ps, pe) = (ts(&c.planned_start), ts(&c.planned_end));
        if let (Some(ps), Some(pe)) = (ps, pe) {
            let (a, b) = (x.at(ps as f64), x.at(pe as f64));
            out.push_str(&svg::rect(a, y + 3.0, (b - a).max(1.0), 6.0, "plan"));
        }
        let start = c.actual_start.as_deref().and_then(ts);
        let end = match (&c.actual_end, c.state) {
            (Some(e), _) => ts(e),
            (None, CueState::OnAir) => Some(sp.until()),
            _ => None,
        };
        if let (Some(s), Some(e)) = (start, end) {
            let class = match c.over_under_seconds.unwrap_or(0) {
                ou if ou.abs() <= stagecall_core::report::ON_TIME_SECONDS => "act ontime",
                ou if ou > 0 => "act late",
                _ => "act early",
            };
            let (a, b) = (x.at(s as f64), x.at(e as f64));
            out.push_str(&svg::rect(a, y + 10.0, (b - a).max(1.5), 7.0, class));
            if c.started_by == Some(StartedBy::Go) {
                out.push_str(&svg::path(
                    &format!("M{} {}l-3.5 -5h7z", n(a), n(y + 10.0)),
                    "go",
                ));
            }
        } else if !aired {
            let after = pe.map_or(LABEL, |t| x.at(t as f64));
            let note = match c.state {
                CueState::Cut => "将跳过 cut",
                CueState::Upcoming => "未开始 upcoming",
                _ => "未播 not aired",
            };
            out.push_str(&svg::text(after + 4.0, y + 15.0, "note", "start", note));
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Every welfare release, with its welfare.
fn releases(r: &Report) -> Vec<(&WelfareReport, i64)> {
    let mut out: Vec<_> = r
        .welfare
        .iter()
        .flat_map(|w| w.releases.iter().filter_map(move |x| Some((w, ts(&x.at)?))))
        .collect();
    out.sort_by_key(|(_, t)| *t);
    out
}

/// `(time, value)` points inside the span, the value carried in at its
/// start first (`carry`: what stood before the first reading, if known).
fn points(sp: &Span, all: &[(i64, f64)], carry: Option<f64>) -> Vec<(i64, f64)> {
    let before = all.iter().rev().find(|(t, _)| *t <= sp.t0).map(|p| p.1);
    let mut out: Vec<(i64, f64)> = before.or(carry).map(|v| (sp.t0, v)).into_iter().collect();
    out.extend(all.iter().filter(|(t, _)| *t > sp.t0 && *t <= sp.t1));
    out
}

/// The online curve, with welfare releases (★) and GOs (▼) marked.
pub fn online(r: &Report, sp: &Span) -> String {
    const LEFT: f64 = 56.0;
    const TOP: f64 = 34.0;
    const BOTTOM: f64 = 226.0;
    let all: Vec<(i64, f64)> = r
        .readings
        .iter()
        .filter_map(|p| Some((ts(&p.at)?, p.online? as f64)))
        .collect();
    let pts = points(sp, &all, None);
    if pts.is_empty() {
        return placeholder("没有在线人数读数 No readings of online");
    }
    let max = pts.iter().map(|p| p.1).fold(0.0, f64::max);
    let (top, step) = svg::nice(max, 4);
    let (x, y) = (sp.x(LEFT), Scale::new((0.0, top), (BOTTOM, TOP)));
    let mut out = svg::open(W, BOTTOM + 22.0, "在线人数 Online");
    out.push_str(&value_axis(&y, top, step, LEFT));
    out.push_str(&time_axis(sp, &x, TOP, BOTTOM));
    let xy: Vec<(f64, f64)> = pts
        .iter()
        .map(|(t, v)| (x.at(*t as f64), y.at(*v)))
        .collect();
    let until = x.at(sp.until().max(pts[pts.len() - 1].0) as f64);
    let line = svg::steps(&xy, until);
    out.push_str(&svg::path(
        &format!("{line}V{}H{}Z", n(BOTTOM), n(xy[0].0)),
        "area",
    ));
    out.push_str(&svg::path(&line, "online"));
    for (k, (w, t)) in releases(r).into_iter().enumerate() {
        if t < sp.t0 || t > sp.t1 {
            continue;
        }
        let at = x.at(t as f64);
        out.push_str(&svg::line(at, TOP - 6.0, at, BOTTOM, "rel"));
        let ly = if k % 2 == 0 { 12.0 } else { 24.0 };
        let label = format!("★{}", truncate(&w.name, 14));
        out.push_str(&svg::text(at + 2.0, ly, "rel-lbl", "start", &label));
    }
    for c in &r.cues {
        let go = c.started_by == Some(StartedBy::Go)
            && matches!(c.state, CueState::Done | CueState::OnAir);
        if let Some(t) = c.actual_start.as_deref().and_then(ts).filter(|_| go) {
            let at = x.at(t as f64);
            out.push_str(&svg::path(
                &format!("M{} {}l-4 -7h8z", n(at), n(BOTTOM)),
                "go",
            ));
        }
    }
    if let Some((t, v)) = pts.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)) {
        let label = format!("峰值 peak {}", fig::group(v as u64));
        let px = x.at(t as f64);
        let anchor = if px > W - 140.0 { "end" } else { "start" };
        out.push_str(&svg::text(px + 3.0, y.at(v) - 5.0, "val", anchor, &label));
    }
    out.push_str("</svg>\n");
    out
}

/// GMV so far against the target's pace (the target prorated over the
/// planned show).
pub fn gmv(r: &Report, sp: &Span) -> String {
    const LEFT: f64 = 56.0;
    const TOP: f64 = 26.0;
    const BOTTOM: f64 = 206.0;
    let cur = &r.session.currency;
    let all: Vec<(i64, f64)> = r
        .readings
        .iter()
        .filter_map(|p| Some((ts(&p.at)?, p.gmv?)))
        .collect();
    let target = r.session.gmv_target.filter(|t| *t > 0.0);
    if all.is_empty() && target.is_none() {
        return placeholder("没有 GMV 读数，计划也没有 gmv_target · No GMV readings, no target");
    }
    // GMV is 0 before the first reading (the window rule).
    let pts = points(sp, &all, Some(0.0));
    let max = pts
        .iter()
        .map(|p| p.1)
        .fold(target.unwrap_or(0.0), f64::max);
    let (top, step) = svg::nice(max, 4);
    let (x, y) = (sp.x(LEFT), Scale::new((0.0, top), (BOTTOM, TOP)));
    let mut out = svg::open(
        W,
        BOTTOM + 22.0,
        "GMV 与目标进度 GMV against the target's pace",
    );
    out.push_str(&value_axis(&y, top, step, LEFT));
    out.push_str(&time_axis(sp, &x, TOP, BOTTOM));
    if let Some(t) = target {
        let (a, b) = (x.at(sp.start as f64), x.at(sp.end as f64));
        out.push_str(&svg::line(a, y.at(0.0), b, y.at(t), "pace"));
        let label = format!("目标 target {}", fig::amount(cur, Some(t)));
        out.push_str(&svg::text(b - 2.0, y.at(t) - 6.0, "val", "end", &label));
    }
    if !all.is_empty() {
        let xy: Vec<(f64, f64)> = pts
            .iter()
            .map(|(t, v)| (x.at(*t as f64), y.at(*v)))
            .collect();
        let until = x.at(sp.until() as f64);
        out.push_str(&svg::path(&svg::steps(&xy, until), "gmv"));
        let (lx, last) = (until, pts[pts.len() - 1].1);
        let label = format!("GMV {}", fig::amount(cur, Some(last)));
        let anchor = if lx > W - 160.0 { "end" } else { "start" };
        out.push_str(&svg::text(
            lx + 3.0,
            y.at(last) - 6.0,
            "val gmv-lbl",
            anchor,
            &label,
        ));
    }
    out.push_str("</svg>\n");
    out
}

/// Spend against budget and ROI against target, a row per slot.
pub fn slots(r: &Report) -> Option<String> {
    const LABEL: f64 = 170.0;
    const A1: f64 = 460.0;
    const B0: f64 = 500.0;
    const ROW: f64 = 44.0;
    const TOP: f64 = 26.0;
    if r.slots.is_empty() {
        return None;
    }
    let cur = &r.session.currency;
    let money = r
        .slots
        .iter()
        .flat_map(|s| [s.budget, s.numbers.spend])
        .flatten()
        .fold(0.0, f64::max);
    let rois = r
        .slots
        .iter()
        .flat_map(|s| [s.roi_target, s.numbers.roi])
        .flatten()
        .fold(0.0, f64::max);
    let (ma, ra) = (
        // Some room past the longest bar, so a target at the top shows.
        Scale::new((0.0, svg::nice(money * 1.1, 4).0), (LABEL, A1)),
        Scale::new((0.0, svg::nice(rois * 1.15, 4).0), (B0, W - RIGHT)),
    );
    let h = TOP + ROW * r.slots.len() as f64;
    let mut out = svg::open(W, h, "投放消耗与 ROI Spend and ROI per slot");
    out.push_str(&svg::text(
        LABEL,
        14.0,
        "head",
        "start",
        "消耗 / 预算 Spend / budget",
    ));
    out.push_str(&svg::text(B0, 14.0, "head", "start", "ROI / 目标 target"));
    for (i, s) in r.slots.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let nb = &s.numbers;
        out.push_str(&svg::text(
            LABEL - 8.0,
            y + 13.0,
            "lbl strong",
            "end",
            &truncate(&s.id, 22),
        ));
        let channel = truncate(s.channel.as_deref().unwrap_or(""), 26);
        out.push_str(&svg::text(LABEL - 8.0, y + 27.0, "note", "end", &channel));
        if let Some(b) = s.budget {
            out.push_str(&svg::rect(LABEL, y + 2.0, ma.at(b) - LABEL, 16.0, "budget"));
        }
        if let Some(sp) = nb.spend {
            let over = s.budget.is_some_and(|b| sp > b);
            let class = if over { "spend over" } else { "spend" };
            out.push_str(&svg::rect(LABEL, y + 6.0, ma.at(sp) - LABEL, 8.0, class));
        }
        let val = format!(
            "{} / {}",
            fig::amount(cur, nb.spend),
            fig::amount(cur, s.budget)
        );
        out.push_str(&svg::text(LABEL, y + 32.0, "val", "start", &val));
        if let Some(roi) = nb.roi {
            let class = if nb.roi_met == Some(false) {
                "roi under"
            } else {
                "roi met"
            };
            out.push_str(&svg::rect(B0, y + 5.0, ra.at(roi) - B0, 10.0, class));
        }
        if let Some(t) = s.roi_target {
            let at = ra.at(t);
            out.push_str(&svg::line(at, y, at, y + 20.0, "target"));
        }
        let target = s
            .roi_target
            .map_or(fig::ABSENT.to_string(), |t| format!("{t}"));
        let mark = match nb.roi_met {
            Some(true) => " ✓",
            Some(false) => " ✗",
            None => "",
        };
        let val = format!("{} / {target}{mark}", fig::ratio(nb.roi));
        out.push_str(&svg::text(B0, y + 32.0, "val", "start", &val));
    }
    out.push_str("</svg>\n");
    Some(out)
}
